//! An item's page, `/item/{id}`: its catalogue entry, the six R-02-8 links, the timeline of its
//! published steps, each published document in full with its SHA-256, and its consultation (the
//! notice's period, the counts, the published comments or, after the feedback, the per-comment
//! table with the answers) and, while the notice accepts comments, the comment form.
//!
//! The form posts to `/item/{id}/comments` (`application/x-www-form-urlencoded`, at most
//! [`MAX_FORM_BYTES`]). A stored comment answers `303 See Other` to its receipt page, so that
//! reloading the receipt does not submit the comment again; input the engine refuses answers 422
//! with the form as the visitor filled it and the message next to the field; a period that is
//! closed or not yet open 409; too many comments from one address 429.
//!
//! Cross-origin posts are refused (403). The portal has no sessions and no cookies, so a forged
//! post cannot act for anyone's account, which is what CSRF defences usually protect; but without
//! a check any site could make its visitors' browsers post comments here, from their addresses,
//! padding a campaign past the per-address limit and putting words in strangers' mouths. Browsers
//! send `Origin` on every POST (and `Sec-Fetch-Site`), so a post whose `Origin` is not this
//! server's own authority (the `Host` the request came to) or whose `Sec-Fetch-Site` says another
//! site is refused. A client that sends neither (curl, a script) is not a browser being abused and
//! is let through: the per-address limit is what bounds it. Behind a reverse proxy, the proxy must
//! pass the original `Host` on.

use super::layout::{self, Crumb};
use super::pages::{catalogue_path, government_path, item_path};
use super::view;
use super::{PortalError, PortalResult};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, Form, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use juece_core::artefact::{ArtefactKind, Draft};
use juece_core::comments::{CommentSubmission, MAX_BODY_CHARS, SubmitterKind};
use juece_core::disclosure::{DisclosureLink, LinkKind, PublicDocument, PublicStep};
use juece_core::error::InputError;
use juece_core::feedback::FeedbackDocument;
use juece_core::participation::CommentNotice;
use juece_core::publication::PublicationRecord;
use juece_core::{ItemState, YearMonth};
use juece_engine::EngineError;
use juece_engine::comments::CommentInput;
use juece_engine::public::{PublicComment, PublicConsultation, PublicItem};
use maud::{Markup, html};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

/// Comments and table rows per page.
const PAGE: u64 = 20;

/// The largest form body accepted. A comment of [`MAX_BODY_CHARS`] Chinese characters is 45,000
/// bytes once percent-encoded (nine bytes a character), so the limit leaves room for that and the
/// short fields, and no more.
pub(crate) const MAX_FORM_BYTES: usize = 64 * 1024;

/// The address of the client, from the connection (a router driven without connection info, as
/// in tests, has none, and the engine then applies no per-address limit).
pub(crate) struct Client(Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// An item's id as an address spells it: the canonical lowercase hyphenated UUID, nothing else.
fn parse_id(path: Result<Path<String>, PathRejection>) -> Result<Uuid, PortalError> {
    let Ok(Path(s)) = path else { return Err(PortalError::NotFound) };
    match Uuid::parse_str(&s) {
        Ok(id) if id.to_string() == s => Ok(id),
        _ => Err(PortalError::NotFound),
    }
}

async fn load(st: &AppState, id: Uuid) -> Result<std::sync::Arc<PublicItem>, PortalError> {
    st.engine.public_item_shared(id).await?.ok_or(PortalError::NotFound)
}

/// `?after=<seq>`: where a page of comments starts. Anything else starts at the beginning.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    after: Option<String>,
}

impl PageQuery {
    fn after(&self) -> Option<i64> {
        self.after.as_deref().and_then(|s| s.parse::<i64>().ok()).filter(|n| *n > 0)
    }
}

pub(crate) async fn page(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> PortalResult {
    let id = parse_id(path)?;
    let after = query.map(|Query(q)| q.after()).unwrap_or_default();
    // The page is the same for every visitor until the database changes (or the day, which
    // decides whether the form is shown): it is built once and served as built.
    let name = format!("portal:item:{id}:{after:?}");
    let page = st
        .engine
        .public_rendered(name, async {
            let Some(item) = st.engine.public_item_shared(id).await? else { return Ok(None) };
            let listing = listing(&st, &item, after).await?;
            let form = item.consultation.as_ref().filter(|c| c.accepting).map(|_| FormState::default());
            Ok(Some(Bytes::from(item_page(&item, &listing, form.as_ref()).into_string())))
        })
        .await?;
    let html = page.as_ref().clone().ok_or(PortalError::NotFound)?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], html)
        .into_response())
}

/// The comments shown on one page: the published ones (one per duplicate group) or, once the
/// feedback is published, the per-comment table with the answers.
struct Listing {
    after: Option<i64>,
    rows: Vec<PublicComment>,
    more: bool,
    feedback: bool,
}

async fn listing(st: &AppState, item: &PublicItem, after: Option<i64>) -> Result<Listing, EngineError> {
    let feedback = item.consultation.as_ref().is_some_and(|c| c.feedback.is_some());
    let (rows, more) = match &item.consultation {
        None => (Vec::new(), false),
        Some(_) if feedback => st.engine.feedback_rows(item.item.id, after, PAGE).await?,
        Some(_) => st.engine.public_comments(item.item.id, after, PAGE).await?,
    };
    Ok(Listing { after, rows, more, feedback })
}

fn crumbs(item: &PublicItem) -> Vec<Crumb> {
    vec![
        Crumb::home(),
        Crumb::new(item.government.name.clone(), government_path(&item.government.code)),
        Crumb::new(item.catalogue.title.clone(), catalogue_path(&item.government.code, item.catalogue.year)),
    ]
}

fn item_page(item: &PublicItem, listing: &Listing, form: Option<&FormState>) -> Markup {
    let i = &item.item;
    let state = ItemState::parse(&i.state).map_or("—", view::state_label);
    let planned = YearMonth::parse(&i.planned_completion).map_or_else(|_| i.planned_completion.clone(), |m| m.to_zh());
    let sponsor = item.sponsor.as_ref().map_or("—", |d| d.name.as_str());
    let body = html! {
        (layout::facts(&[
            ("序号", html! { (i.seq) }),
            ("名称", html! { (i.title) }),
            ("主要承办单位", html! { (sponsor) }),
            ("计划完成时间", html! { (planned) }),
            ("当前阶段", html! { (state) }),
            ("目录文号", html! {
                a href=(catalogue_path(&item.government.code, item.catalogue.year)) {
                    @if let Some(n) = &item.catalogue.document_number { (n) } @else { (item.catalogue.title) }
                }
            }),
        ]))
        (links_section(item))
        (timeline_section(item))
        (documents_section(item))
        @if let Some(c) = &item.consultation {
            (consultation_section(item, c, listing))
        }
        @if let Some(f) = form {
            (form_section(i.id, f))
        }
    };
    layout::page(&i.title, &crumbs(item), None, body)
}

/// Where on the page a document is shown.
fn doc_anchor(kind: ArtefactKind, version: i32) -> String {
    format!("doc-{}-{version}", kind.as_str().to_ascii_lowercase().replace('_', "-"))
}

/// Where on the page a step of the timeline is shown: its last occurrence (a step may be taken
/// again, a legality review after a return for supplement, say).
fn step_anchor(steps: &[PublicStep], step: &str) -> Option<String> {
    steps.iter().rposition(|s| s.step == step).map(|n| format!("step-{}", n + 1))
}

fn link_anchor(item: &PublicItem, l: &DisclosureLink) -> Option<String> {
    let step = l.step.as_deref()?;
    Some(match (l.kind, l.document) {
        (LinkKind::DraftFullText, Some((k, v))) => format!("{}-full-text", doc_anchor(k, v)),
        (LinkKind::Explanation, Some((k, v))) => format!("{}-explanation", doc_anchor(k, v)),
        (LinkKind::Background, Some((k, v))) => format!("{}-background", doc_anchor(k, v)),
        (_, Some((k, v))) if item.view.documents.iter().any(|d| d.kind == k && d.version == v) => doc_anchor(k, v),
        _ => step_anchor(&item.view.steps, step)?,
    })
}

fn links_section(item: &PublicItem) -> Markup {
    html! {
        section aria-labelledby="links" {
            h2 #links { "决策信息公开" }
            p.note { "按照规定，每一决策事项随办理进展公开以下信息；尚未到相应环节的，标注为“尚未公开”。" }
            ul.links {
                @for l in &item.view.links {
                    li {
                        @if let Some(anchor) = link_anchor(item, l) {
                            a href={ "#" (anchor) } { (l.label_zh) }
                        } @else {
                            (l.label_zh) "：" span.muted { "尚未公开" }
                        }
                    }
                }
            }
        }
    }
}

fn timeline_section(item: &PublicItem) -> Markup {
    let steps = &item.view.steps;
    html! {
        section aria-labelledby="timeline" {
            h2 #timeline { "办理进程" }
            @if steps.is_empty() {
                p { "尚无公开的办理记录。" }
            } @else {
                ol.timeline {
                    @for (n, s) in steps.iter().enumerate() {
                        li id={ "step-" (n + 1) } {
                            h3 { (s.title_zh) }
                            p.meta {
                                (layout::datetime(s.occurred_at))
                                @if !s.rules.is_empty() {
                                    "　依据：" (s.rules.join("、"))
                                }
                            }
                            @if !s.details.is_empty() {
                                (layout::facts(&s.details.iter().map(|d| (d.label_zh, html! { (d.value) })).collect::<Vec<_>>()))
                            }
                            @if !s.documents.is_empty() {
                                ul.step-docs {
                                    @for (k, v) in &s.documents {
                                        @if let Some(d) = item.view.documents.iter().find(|d| d.kind == *k && d.version == *v) {
                                            li {
                                                a href={ "#" (doc_anchor(*k, *v)) } { (d.title_zh) }
                                                "（第" (v) "版）"
                                                span.meta { "SHA-256：" code { (d.sha256) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn documents_section(item: &PublicItem) -> Markup {
    let docs = &item.view.documents;
    html! {
        @if !docs.is_empty() {
            section aria-labelledby="documents" {
                h2 #documents { "公开的文件" }
                p.note {
                    "每份文件都附有 SHA-256 摘要，可用于核验：通过公开数据接口（GraphQL 的 publicItem 查询的 documents.content）取得文件内容，"
                    "按 RFC 8785（JSON 规范化方案）转换为规范化 JSON 后计算 SHA-256，结果应与所附摘要一致；一致即说明文件自登记后未被改动。"
                }
                @for d in docs {
                    (document(d))
                }
            }
        }
    }
}

fn document(d: &PublicDocument) -> Markup {
    let anchor = doc_anchor(d.kind, d.version);
    html! {
        article.document id=(anchor) aria-labelledby={ (anchor) "-title" } {
            h3 id={ (anchor) "-title" } { (d.title_zh) "（第" (d.version) "版）" }
            (document_body(d, &anchor))
            p.hash { "SHA-256：" code { (d.sha256) } }
        }
    }
}

fn text_block(s: &str) -> Markup {
    html! { div.text { (s) } }
}

fn document_body(d: &PublicDocument, anchor: &str) -> Markup {
    let raw = || html! { pre.text { (serde_json::to_string_pretty(&d.content).unwrap_or_default()) } };
    match d.kind {
        ArtefactKind::Draft => match serde_json::from_value::<Draft>(d.content.clone()) {
            Ok(x) => html! {
                h4 id={ (anchor) "-full-text" } { "决策草案全文" }
                (text_block(&x.full_text))
                h4 id={ (anchor) "-explanation" } { "草案说明" }
                (text_block(&x.explanation))
                h4 id={ (anchor) "-background" } { "决策背景" }
                (text_block(&x.background))
                @if !x.legal_basis.is_empty() {
                    h4 { "法律、法规、规章和政策依据" }
                    ul { @for b in &x.legal_basis { li { (b) } } }
                }
            },
            Err(_) => raw(),
        },
        ArtefactKind::CommentNotice => match serde_json::from_value::<CommentNotice>(d.content.clone()) {
            Ok(n) => notice_facts(&n),
            Err(_) => raw(),
        },
        ArtefactKind::Publication => match serde_json::from_value::<PublicationRecord>(d.content.clone()) {
            Ok(r) => {
                let p = &r.publication;
                html! {
                    (layout::facts(&[
                        ("标题", html! { (p.title) }),
                        ("文号", html! { (p.document_number) }),
                        ("决定日期", layout::date(r.decided_on)),
                        ("公布日期", layout::date(p.published_on)),
                        ("政府公报", html! { @if let Some(g) = &p.gazette_issue { (g) } @else { "—" } }),
                        ("网站地址", html! { @if let Some(u) = &p.url { code { (u) } } @else { "—" } }),
                        ("报纸刊登", html! { @if let Some(n) = &p.newspaper { (n) } @else { "—" } }),
                    ]))
                    @if let Some(t) = &p.interpretation {
                        h4 { "政策解读" }
                        (text_block(t))
                    }
                    @if let Some(t) = &p.adoption_explanation {
                        h4 { "意见采纳情况说明" }
                        (text_block(t))
                    }
                }
            }
            Err(_) => raw(),
        },
        ArtefactKind::AdoptionFeedback => match serde_json::from_value::<FeedbackDocument>(d.content.clone()) {
            Ok(f) => feedback_document(&f),
            Err(_) => raw(),
        },
        _ => raw(),
    }
}

fn notice_facts(n: &CommentNotice) -> Markup {
    html! {
        (layout::facts(&[
            ("公告标题", html! { (n.title) }),
            ("征求意见期限", html! { (layout::date(n.opens_on)) "至" (layout::date(n.closes_on)) "24:00（北京时间）" }),
            ("提出意见的方式", html! { (n.methods.join("；")) "；也可通过本页提交" }),
            ("发布途径", html! { (n.channels.join("；")) }),
            ("联系方式", html! { @if n.contact.is_empty() { "—" } @else { (n.contact) } }),
            ("期限缩短的理由", html! { @if let Some(r) = &n.shortening_reason { (r) } @else { "—" } }),
        ]))
    }
}

fn feedback_document(f: &FeedbackDocument) -> Markup {
    let t = &f.totals;
    html! {
        p {
            "征求意见于" (layout::date(f.closes_on)) "截止。共收到意见" (t.received) "条，公开" (t.published) "条，不予公开" (t.hidden) "条；"
            "采纳" (t.adopted) "条，部分采纳" (t.partly_adopted) "条，不予采纳" (t.not_adopted) "条；相同或相似意见" (t.duplicate_groups) "组。"
        }
        @if !f.hidden_by_reason.is_empty() {
            p { "不予公开的理由：" (reasons(&f.hidden_by_reason)) }
        }
        @if !f.opinions.is_empty() {
            (layout::table("意见归纳及采纳情况", &["序号", "意见摘要", "是否较为集中", "是否采纳", "理由", "条数"], html! {
                @for o in &f.opinions {
                    tr {
                        td.num { (o.no) }
                        th scope="row" { (o.answer.summary) }
                        td { @if o.answer.concentrated { "是" } @else { "否" } }
                        td { (o.answer.adoption.label_zh()) }
                        td { @if o.answer.reason.is_empty() { "—" } @else { (o.answer.reason) } }
                        td.num { (o.comment_count) }
                    }
                }
            }))
        }
        p.meta { "逐条意见表（见“公众意见征集”）的 SHA-256：" code { (f.rows_sha256) } }
    }
}

fn reasons(rs: &[(String, u64)]) -> String {
    rs.iter()
        .map(|(r, n)| format!("{}{n}条", if r.is_empty() { "未说明理由".to_owned() } else { format!("{r} ") }))
        .collect::<Vec<_>>()
        .join("；")
}

fn consultation_section(item: &PublicItem, c: &PublicConsultation, listing: &Listing) -> Markup {
    let n = &c.notice;
    let base = item_path(item.item.id);
    html! {
        section #consultation aria-labelledby="consultation-title" {
            h2 #consultation-title { "公众意见征集" }
            p {
                "征求意见期限：" (layout::date(n.opens_on)) "至" (layout::date(n.closes_on)) "24:00（北京时间）。"
                @if c.accepting { strong { "目前正在接收意见。" } } @else { "目前不接收意见。" }
            }
            p.counts {
                "收到" (c.received) "条，已公开" (c.published) "条，不予公开" (c.hidden) "条"
                @if !c.hidden_by_reason.is_empty() { "（" (reasons(&c.hidden_by_reason)) "）" }
                "，待审核" (c.pending) "条，相同或相似意见" (c.duplicate_groups) "组。"
            }
            p.note { "意见经审核后公开；个人的姓名只公开姓氏，其余以“*”代替；联系方式一律不公开。" }
            section #comments aria-labelledby="comments-title" {
                @if listing.feedback {
                    h3 #comments-title { "逐条意见及采纳情况" }
                    @if let Some(f) = &c.feedback {
                        p {
                            "共公开意见" (f.totals.published) "条：采纳" (f.totals.adopted) "条，部分采纳" (f.totals.partly_adopted)
                            "条，不予采纳" (f.totals.not_adopted) "条。"
                        }
                    }
                    @if listing.rows.is_empty() {
                        p { "本页没有意见。" }
                    } @else {
                        (layout::table("逐条意见及采纳情况", &["序号", "反馈人", "意见内容", "是否采纳", "采纳理由"], html! {
                            @for r in &listing.rows {
                                tr {
                                    td.num { (r.seq) }
                                    td { (r.submitter) }
                                    td.text { (r.body) }
                                    td { @if let Some((a, _)) = &r.answer { (a.label_zh()) } @else { "—" } }
                                    td.text { @if let Some((_, why)) = r.answer.as_ref().filter(|(_, w)| !w.is_empty()) { (why) } @else { "—" } }
                                }
                            }
                        }))
                    }
                } @else {
                    h3 #comments-title { "已公开的意见" }
                    @if listing.rows.is_empty() {
                        p { @if listing.after.is_some() { "本页没有意见。" } @else { "尚无公开的意见。" } }
                    } @else {
                        ol.comments {
                            @for r in &listing.rows {
                                li.comment {
                                    p.meta {
                                        span.nw { "序号 " (r.seq) } "　"
                                        span { "反馈人：" (r.submitter) } "　"
                                        (layout::datetime(r.submitted_at))
                                    }
                                    div.text { (r.body) }
                                    @if r.group_size > 1 {
                                        p.meta { "相同或相似意见共 " (r.group_size) " 条" }
                                    }
                                }
                            }
                        }
                    }
                }
                @if listing.after.is_some() || listing.more {
                    nav.pager aria-label="意见分页" {
                        ul {
                            @if listing.after.is_some() {
                                li { a href={ (base) "#comments" } { "回到第一页" } }
                            }
                            @if let (true, Some(last)) = (listing.more, listing.rows.last()) {
                                li { a href={ (base) "?after=" (last.seq) "#comments" } { "下一页" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the visitor typed, kept when the form comes back with an error.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    body: String,
}

/// The form as rendered: the values to show and the error to show next to its field.
#[derive(Debug, Default)]
struct FormState {
    values: CommentForm,
    error: Option<InputError>,
}

/// The form's fields as the engine names them in `InputError.field`.
const FIELDS: [&str; 5] = ["kind", "name", "organisation", "contact", "body"];

const KINDS: [(SubmitterKind, &str); 3] = [
    (SubmitterKind::Individual, "个人"),
    (SubmitterKind::Organisation, "单位或组织"),
    (SubmitterKind::Anonymous, "匿名"),
];

fn form_section(item_id: Uuid, f: &FormState) -> Markup {
    let err = |field: &str| f.error.as_ref().filter(|e| e.field == field).map(|e| e.zh.as_str());
    // An unknown field still gets its message shown, at the top of the form.
    let stray = f.error.as_ref().filter(|e| !FIELDS.contains(&e.field)).map(|e| e.zh.as_str());
    let kind = SubmitterKind::parse(&f.values.kind).unwrap_or(SubmitterKind::Individual);
    let described = |hint: Option<&str>, field: &str| -> Option<String> {
        let ids: Vec<String> =
            hint.map(str::to_owned).into_iter().chain(err(field).map(|_| format!("{field}-error"))).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let error_line = |field: &str| {
        html! {
            @if let Some(m) = err(field) {
                p.field-error id={ (field) "-error" } { span.visually-hidden { "错误：" } (m) }
            }
        }
    };
    html! {
        section #comment-form aria-labelledby="comment-form-title" {
            h2 #comment-form-title { "提出意见" }
            @if let Some(e) = &f.error {
                div.error-summary aria-labelledby="error-summary-title" {
                    h3 #error-summary-title { "意见未能提交，请修改后重新提交" }
                    p {
                        @if FIELDS.contains(&e.field) {
                            a href={ "#f-" (e.field) } { (e.zh) }
                        } @else {
                            (stray.unwrap_or_default())
                        }
                    }
                }
            }
            p { "带“必填”的为必须填写的项目。提交后会得到回执编号，请妥善保存，可凭编号查询意见的处理情况。" }
            form method="post" action={ (item_path(item_id)) "/comments" } accept-charset="UTF-8" {
                fieldset.kinds id="f-kind" aria-describedby=[described(None, "kind")] {
                    legend { "提交身份（必填）" }
                    (error_line("kind"))
                    @for (k, label) in KINDS {
                        div.radio {
                            input type="radio" name="kind" id={ "f-kind-" (k.as_str().to_ascii_lowercase()) }
                                value=(k.as_str()) checked[k == kind];
                            label for={ "f-kind-" (k.as_str().to_ascii_lowercase()) } { (label) }
                        }
                    }
                }
                div.field {
                    label for="f-name" { "姓名" }
                    p.hint #name-hint { "以个人身份提交时必填，公开时只显示姓氏；以单位身份提交时可填联系人姓名；匿名提交时不填。" }
                    (error_line("name"))
                    input #f-name type="text" name="name" maxlength="50" autocomplete="name"
                        value=(f.values.name) aria-describedby=[described(Some("name-hint"), "name")] aria-invalid=[err("name").map(|_| "true")];
                }
                div.field {
                    label for="f-organisation" { "单位名称" }
                    p.hint #organisation-hint { "以单位或组织身份提交时必填，公开时显示全称。" }
                    (error_line("organisation"))
                    input #f-organisation type="text" name="organisation" maxlength="100" autocomplete="organization"
                        value=(f.values.organisation) aria-describedby=[described(Some("organisation-hint"), "organisation")] aria-invalid=[err("organisation").map(|_| "true")];
                }
                div.field {
                    label for="f-contact" { "联系方式（选填，仅用于承办单位联系，不公开）" }
                    p.hint #contact-hint { "电话、电子邮箱或通信地址。" }
                    (error_line("contact"))
                    input #f-contact type="text" name="contact" maxlength="100"
                        value=(f.values.contact) aria-describedby=[described(Some("contact-hint"), "contact")] aria-invalid=[err("contact").map(|_| "true")];
                }
                div.field {
                    label for="f-body" { "意见内容（必填）" }
                    p.hint #body-hint { "不超过" (MAX_BODY_CHARS) "字。" }
                    (error_line("body"))
                    textarea #f-body name="body" rows="10" maxlength=(MAX_BODY_CHARS) required
                        aria-describedby=[described(Some("body-hint"), "body")] aria-invalid=[err("body").map(|_| "true")] { (f.values.body) }
                }
                p.note { "意见经审核后在本页公开。个人的姓名只公开姓氏，其余以“*”代替；联系方式不公开。" }
                button type="submit" { "提交意见" }
            }
        }
    }
}

/// Whether a post comes from a page of this server, or from no browser page at all (see the
/// module's documentation).
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    let value = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}"));
    if let Some(site) = headers.get("sec-fetch-site").map(|v| v.to_str().unwrap_or(""))
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = value(header::ORIGIN) else { return true };
    let host = value(header::HOST).map(str::to_owned).or_else(|| uri.authority().map(|a| a.as_str().to_owned()));
    let authority = origin.split_once("://").map(|(_, a)| a);
    matches!((authority, host), (Some(a), Some(h)) if !a.is_empty() && a.eq_ignore_ascii_case(&h))
}

pub(crate) async fn submit(
    State(st): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    uri: Uri,
    path: Result<Path<String>, PathRejection>,
    form: Result<Form<CommentForm>, FormRejection>,
) -> PortalResult {
    let id = parse_id(path)?;
    if !same_origin(&headers, &uri) {
        return Ok(message(
            StatusCode::FORBIDDEN,
            "无法提交意见",
            None,
            html! { p { "只能通过本站的页面提交意见。请打开事项页面，在“提出意见”栏目中填写后提交。" } },
        ));
    }
    let item = load(&st, id).await?;
    let values = match form {
        Ok(Form(values)) => values,
        Err(rejection) => return Ok(refused_form(&item, rejection.status())),
    };
    let Some(kind) = SubmitterKind::parse(values.kind.trim()) else {
        let error = InputError::new("kind", "请选择提交身份：个人、单位或组织、匿名", "choose who submits");
        return Ok(form_page(&item, FormState { values, error: Some(error) }));
    };
    let given = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
    let submission = CommentSubmission {
        kind,
        name: given(&values.name),
        organisation: given(&values.organisation),
        contact: given(&values.contact),
        body: values.body.clone(),
    };
    match st.engine.submit_comment(client, CommentInput { item_id: id, submission }).await {
        Ok(receipt) => Ok(Redirect::to(&super::receipt::receipt_path(&receipt.tracking_no)).into_response()),
        Err(EngineError::Invalid(error)) => Ok(form_page(&item, FormState { values, error: Some(error) })),
        Err(EngineError::Violation(v)) => {
            Ok(message(StatusCode::CONFLICT, "当前不接收意见", Some(&item), html! { p { (v.zh) } }))
        }
        Err(EngineError::RateLimited { zh, .. }) => {
            let mut r = message(StatusCode::TOO_MANY_REQUESTS, "提交过于频繁", Some(&item), html! { p { (zh) } });
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            Ok(r)
        }
        Err(EngineError::Unavailable { zh, .. }) => {
            let mut r = message(StatusCode::SERVICE_UNAVAILABLE, "暂时无法提交意见", Some(&item), html! { p { (zh) } });
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            Ok(r)
        }
        Err(EngineError::NotFound { .. }) => Err(PortalError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// A body that is not the form: too large, or not form data.
fn refused_form(item: &PublicItem, status: StatusCode) -> Response {
    let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "提交的内容过长，无法接收。意见内容不能超过5000字。"
    } else {
        "提交的内容无法识别，请通过本站的意见表单提交。"
    };
    message(status, "无法提交意见", Some(item), html! { p { (why) } })
}

/// The form again, as the visitor filled it, with the engine's message next to its field: 422.
fn form_page(item: &PublicItem, f: FormState) -> Response {
    let mut crumbs = crumbs(item);
    crumbs.push(Crumb::new(item.item.title.clone(), item_path(item.item.id)));
    let body = html! {
        p { "事项：" a href=(item_path(item.item.id)) { (item.item.title) } }
        @if let Some(c) = &item.consultation {
            p { "征求意见期限：" (layout::date(c.notice.opens_on)) "至" (layout::date(c.notice.closes_on)) "24:00（北京时间）。" }
        }
        (form_section(item.item.id, &f))
    };
    no_store(layout::html_response(StatusCode::UNPROCESSABLE_ENTITY, layout::page("提出意见", &crumbs, None, body)))
}

/// A page that says why a comment was not taken, with the way back to the item.
fn message(status: StatusCode, title: &str, item: Option<&PublicItem>, text: Markup) -> Response {
    let mut crumbs = vec![Crumb::home()];
    if let Some(i) = item {
        crumbs = self::crumbs(i);
        crumbs.push(Crumb::new(i.item.title.clone(), item_path(i.item.id)));
    }
    let body = html! {
        (text)
        @if let Some(i) = item {
            p { a href=(item_path(i.item.id)) { "返回事项页面：" (i.item.title) } }
        } @else {
            p { a href="/" { "返回首页" } }
        }
    };
    no_store(layout::html_response(status, layout::page(title, &crumbs, None, body)))
}

/// Pages about one visitor's submission are not kept by caches.
pub(crate) fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::same_origin;
    use axum::http::{HeaderMap, HeaderValue, Uri};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_servers_pages_may_post() {
        let uri = Uri::from_static("/item/x/comments");
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080")]), &uri), "no Origin: not a browser page");
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]), &uri));
        assert!(same_origin(&headers(&[("host", "JueCe.example.cn"), ("origin", "https://juece.example.cn")]), &uri));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:9090")]), &uri));
        assert!(!same_origin(&headers(&[("host", "juece.example.cn"), ("origin", "https://evil.example")]), &uri));
        assert!(!same_origin(&headers(&[("host", "juece.example.cn"), ("origin", "null")]), &uri));
        assert!(!same_origin(&headers(&[("origin", "https://juece.example.cn")]), &uri), "no Host to compare");
        assert!(!same_origin(&headers(&[("host", "juece.example.cn"), ("sec-fetch-site", "cross-site")]), &uri));
        assert!(same_origin(&headers(&[("host", "juece.example.cn"), ("sec-fetch-site", "same-origin")]), &uri));
    }
}
