//! Receipts (回执): `/receipt/{no}`, where a stored comment lands (POST → 303 → GET, so a reload
//! does not submit it again), and `/receipt?no=…`, where anyone holding a tracking number looks up
//! where the comment stands: 审核状态, whether it joined identical or similar comments, and, once
//! the feedback is published, whether it was adopted and why.
//!
//! A receipt shows neither the comment's text nor its submitter: tracking numbers are sequential,
//! and a comment not yet moderated is not public. A number that is malformed or whose check
//! character does not match is a 400 with the message next to the field; a well-formed number
//! nobody holds is a 404.

use super::item::no_store;
use super::layout::{self, Crumb};
use super::pages::item_path;
use super::{PortalError, PortalResult};
use crate::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use juece_core::comments::DuplicateKind;
use juece_engine::EngineError;
use juece_engine::public::ReceiptStatus;
use maud::{Markup, html};
use serde::Deserialize;

pub(crate) fn receipt_path(tracking_no: &str) -> String {
    format!("/receipt/{tracking_no}")
}

fn lookup_path(tracking_no: &str) -> String {
    format!("/receipt?no={tracking_no}")
}

const NOT_FOUND: &str = "未找到该回执编号";

/// What a lookup found: the status, or the message for the field.
enum Found {
    Status(Box<ReceiptStatus>),
    Malformed(String),
    Unknown,
}

async fn find(st: &AppState, no: &str) -> Result<Found, PortalError> {
    match st.engine.receipt_status(no).await {
        Ok(Some(s)) => Ok(Found::Status(Box::new(s))),
        Ok(None) => Ok(Found::Unknown),
        Err(EngineError::Invalid(e)) => Ok(Found::Malformed(e.zh)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LookupQuery {
    no: Option<String>,
}

/// `GET /receipt` and `GET /receipt?no=…`.
pub(crate) async fn lookup(
    State(st): State<AppState>,
    query: Result<Query<LookupQuery>, QueryRejection>,
) -> PortalResult {
    let no = query.ok().and_then(|Query(q)| q.no).map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let Some(no) = no else {
        return Ok(lookup_page(StatusCode::OK, "", None, None));
    };
    Ok(match find(&st, &no).await? {
        Found::Status(s) => lookup_page(StatusCode::OK, &no, None, Some(&s)),
        Found::Malformed(m) => lookup_page(StatusCode::BAD_REQUEST, &no, Some(&m), None),
        Found::Unknown => lookup_page(StatusCode::NOT_FOUND, &no, Some(NOT_FOUND), None),
    })
}

fn lookup_page(
    status: StatusCode,
    no: &str,
    error: Option<&str>,
    found: Option<&ReceiptStatus>,
) -> axum::response::Response {
    let body = html! {
        p { "提交意见后，您会得到一个回执编号。输入回执编号，可以查询意见的审核状态和采纳情况。" }
        form.lookup method="get" action="/receipt" {
            div.field {
                label for="f-no" { "回执编号" }
                p.hint #no-hint { "例如 370103-2022-01-1-000001-5，可在回执页面找到。" }
                @if let Some(m) = error {
                    p.field-error #no-error { span.visually-hidden { "错误：" } (m) }
                }
                input #f-no type="text" name="no" value=(no) autocomplete="off" spellcheck="false"
                    aria-describedby=(if error.is_some() { "no-hint no-error" } else { "no-hint" })
                    aria-invalid=[error.map(|_| "true")];
            }
            button type="submit" { "查询" }
        }
        @if let Some(s) = found {
            section aria-labelledby="status" {
                h2 #status { "处理情况" }
                (status_facts(s))
            }
        }
    };
    no_store(layout::html_response(status, layout::page("查询意见处理情况", &[Crumb::home()], None, body)))
}

fn status_facts(s: &ReceiptStatus) -> Markup {
    let moderation = html! {
        (s.moderation.label_zh())
        @if let Some(r) = s.hidden_reason.as_deref().filter(|r| !r.is_empty()) { "（理由：" (r) "）" }
    };
    let duplicate = match s.duplicate {
        Some(DuplicateKind::Exact) => "是，与此前收到的意见相同",
        Some(DuplicateKind::Near) => "是，与此前收到的意见相似",
        None => "否",
    };
    let mut facts = vec![
        ("回执编号", html! { code { (s.tracking_no) } }),
        ("事项", html! { a href=(item_path(s.item_id)) { (s.item_title) } }),
        ("提交时间", layout::datetime(s.submitted_at)),
        ("审核状态", moderation),
        ("是否为相同或相似意见", html! { (duplicate) }),
    ];
    if let Some((adoption, reason)) = &s.answer {
        facts.push(("是否采纳", html! { (adoption.label_zh()) }));
        facts.push(("采纳理由", html! { @if reason.is_empty() { "—" } @else { (reason) } }));
    }
    layout::facts(&facts)
}

/// `GET /receipt/{no}`: the receipt a submission lands on.
pub(crate) async fn show(State(st): State<AppState>, path: Result<Path<String>, PathRejection>) -> PortalResult {
    let Ok(Path(no)) = path else { return Err(PortalError::NotFound) };
    let s = match find(&st, &no).await? {
        Found::Status(s) => s,
        Found::Malformed(m) => return Ok(lookup_page(StatusCode::BAD_REQUEST, &no, Some(&m), None)),
        Found::Unknown => return Ok(lookup_page(StatusCode::NOT_FOUND, &no, Some(NOT_FOUND), None)),
    };
    let crumbs = [Crumb::home(), Crumb::new(s.item_title.clone(), item_path(s.item_id))];
    let body = html! {
        div.receipt {
            p.receipt-label { "回执编号" }
            p.receipt-no { code { (s.tracking_no) } }
            p { "意见已于" (layout::datetime(s.submitted_at)) "（北京时间）收到并登记。请保存回执编号，凭编号查询意见的处理情况。" }
        }
        section aria-labelledby="next" {
            h2 #next { "接下来" }
            ul {
                li { "意见经审核后在事项页面公开；不予公开的，公开其理由和数量。" }
                li { "个人的姓名公开时只显示姓氏，其余以“*”代替；联系方式只用于承办单位与您联系，一律不公开。" }
                li { "征求意见结束后，承办单位将逐条反馈意见是否采纳及理由。" }
                li {
                    "随时可在 " a href=(lookup_path(&s.tracking_no)) { "意见查询页面" } "（" code { (lookup_path(&s.tracking_no)) } "）"
                    "输入回执编号，查询审核状态和采纳情况。"
                }
            }
        }
        section aria-labelledby="status" {
            h2 #status { "处理情况" }
            (status_facts(&s))
        }
        p { a href=(item_path(s.item_id)) { "返回事项页面：" (s.item_title) } }
    };
    Ok(no_store(layout::html_response(StatusCode::OK, layout::page("意见回执", &crumbs, None, body))))
}
