//! The portal's pages: the home page (decision organs, their published catalogues, and the items
//! in consultation), a government's page (its catalogues by year) and a catalogue's page (the
//! gazette's table, with where each item stands and the open-data downloads).

use super::layout::{self, Crumb, FeedLink, SITE_NAME};
use super::view::{self, CatalogueView, OpenConsultation};
use super::{PortalError, PortalResult, data};
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use juece_engine::{CatalogueRow, GovernmentRow};
use maud::{Markup, html};

/// Addresses of the portal's pages, in one place so that pages and feeds link alike.
pub(crate) fn government_path(code: &str) -> String {
    format!("/g/{code}")
}

pub(crate) fn catalogue_path(code: &str, year: i32) -> String {
    format!("/g/{code}/{year}")
}

pub(crate) fn government_feed_path(code: &str) -> String {
    format!("/g/{code}/feed.atom")
}

pub(crate) fn item_path(id: uuid::Uuid) -> String {
    format!("/item/{id}")
}

fn government_feed(g: &GovernmentRow) -> FeedLink {
    FeedLink { title: format!("{}重大行政决策公开动态", g.name), href: government_feed_path(&g.code) }
}

pub(crate) async fn home(State(st): State<AppState>) -> PortalResult {
    let governments = st.engine.governments().await?;
    let mut organs = Vec::with_capacity(governments.len());
    for g in &governments {
        organs.push((g, view::catalogues_of(&st.engine, g).await?));
    }
    let consultations = view::open_consultations(&st.engine).await?;
    let body = html! {
        p.lead {
            "在这里查阅各决策机关公布的年度重大行政决策事项目录，了解每一决策事项办到了哪一步。"
        }
        @if let Some(section) = consultations_section(&consultations) {
            (section)
        }
        section aria-labelledby="organs" {
            h2 #organs { "决策机关与年度目录" }
            @if organs.is_empty() {
                p { "暂无决策机关。" }
            }
            ul.cards {
                @for (g, catalogues) in &organs {
                    li.card {
                        h3 { a href=(government_path(&g.code)) { (g.name) } }
                        @if catalogues.is_empty() {
                            p.muted { "尚未公布年度重大行政决策事项目录。" }
                        } @else {
                            ul.catalogues {
                                @for c in catalogues {
                                    li { (catalogue_entry(g, c)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::html_response(StatusCode::OK, layout::page(SITE_NAME, &[], None, body)))
}

/// The home page's list of items whose comment notice accepts comments today, or nothing when
/// there are none: the section is about what the public can do now, and an empty one would say
/// nothing.
fn consultations_section(items: &[OpenConsultation]) -> Option<Markup> {
    if items.is_empty() {
        return None;
    }
    Some(html! {
        section aria-labelledby="consultations" {
            h2 #consultations { "正在征求意见" }
            p { "以下决策事项正在公开征求意见，欢迎在截止日期前提出意见建议。截止日期当天 24:00（北京时间）前提交的意见均予接收。" }
            ul.consultations {
                @for c in items {
                    li {
                        a href=(item_path(c.item_id)) { (c.title) }
                        span.meta { (c.notice_title) }
                        span.meta { (c.government) "　主要承办单位：" (c.sponsor) }
                        span.meta.deadline { "截止日期：" (layout::date(c.closes_on)) }
                    }
                }
            }
        }
    })
}

fn catalogue_entry(g: &GovernmentRow, c: &CatalogueRow) -> Markup {
    html! {
        a href=(catalogue_path(&g.code, c.year)) { (c.year) "年度：" (c.title) }
        span.meta {
            @if let Some(n) = &c.document_number { (n) "　" }
            "共" (c.item_count) "项"
        }
    }
}

pub(crate) async fn government(State(st): State<AppState>, path: Result<Path<String>, PathRejection>) -> PortalResult {
    let Ok(Path(code)) = path else { return Err(PortalError::NotFound) };
    let g = view::government(&st.engine, &code).await?;
    let catalogues = view::catalogues_of(&st.engine, &g).await?;
    let feed = government_feed(&g);
    let body = html! {
        p.lead { "以下是" (g.name) "已公布的年度重大行政决策事项目录。" }
        @if catalogues.is_empty() {
            p { "尚未公布年度重大行政决策事项目录。" }
        } @else {
            (layout::table("已公布的年度重大行政决策事项目录", &["年度", "目录名称", "文号", "公布日期", "事项数"], html! {
                @for c in &catalogues {
                    tr {
                        th scope="row" { (c.year) "年度" }
                        td { a href=(catalogue_path(&g.code, c.year)) { (c.title) } }
                        td { @if let Some(n) = &c.document_number { (n) } @else { "—" } }
                        td { @if let Some(d) = c.published_on { (layout::date(d)) } @else { "—" } }
                        td.num { (c.item_count) }
                    }
                }
            }))
        }
        section aria-labelledby="subscribe" {
            h2 #subscribe { "订阅" }
            p { a href=(feed.href) { "订阅" (g.name) "的公开动态（Atom）" } }
        }
    };
    Ok(layout::html_response(StatusCode::OK, layout::page(&g.name, &[Crumb::home()], Some(&feed), body)))
}

/// `/g/{code}/{year}` is the catalogue's page; with `.json` or `.csv` after the year, its data.
pub(crate) async fn catalogue_or_download(
    State(st): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> PortalResult {
    let Ok(Path((code, last))) = path else { return Err(PortalError::NotFound) };
    let (year, format) = match last.split_once('.') {
        None => (last.as_str(), None),
        Some((y, f @ ("json" | "csv"))) => (y, Some(f)),
        Some(_) => return Err(PortalError::NotFound),
    };
    let year = view::parse_year(year).ok_or(PortalError::NotFound)?;
    let v = view::catalogue(&st.engine, &code, year).await?;
    match format {
        None => Ok(catalogue_page(&v)),
        Some("json") => data::json(&v),
        Some(_) => data::csv(&v),
    }
}

fn catalogue_page(v: &CatalogueView) -> axum::response::Response {
    let (g, c) = (&v.government, &v.catalogue);
    let base = catalogue_path(&g.code, c.year);
    let body = html! {
        (layout::facts(&[
            ("决策机关", html! { a href=(government_path(&g.code)) { (g.name) } }),
            ("文号", html! { @if let Some(n) = &c.document_number { (n) } @else { "—" } }),
            ("公布日期", html! { @if let Some(d) = c.published_on { (layout::date(d)) } @else { "—" } }),
            ("刊载", html! { @if let Some(s) = &c.source { (s) } @else { "—" } }),
            ("事项数", html! { (v.items.len()) "项" }),
        ]))
        @if v.items.is_empty() {
            p { "本目录未列入决策事项。" }
        } @else {
            (layout::table(&format!("{}年度重大行政决策事项", c.year), &["序号", "重大行政决策事项名称", "主要承办单位", "计划完成时间", "当前阶段"], html! {
                @for i in &v.items {
                    tr {
                        td.num { (i.row.seq) }
                        th scope="row" { a href=(item_path(i.row.id)) { (i.row.title) } }
                        td { (i.sponsor) }
                        td { span.nw { (i.planned.year()) "年" } span.nw { (i.planned.month()) "月" } }
                        td { (view::state_label(i.state)) }
                    }
                }
            }))
            p.note {
                "目录内容以公报刊载为准；“当前阶段”根据决策程序的办理记录显示，随办理进展更新。"
            }
        }
        section aria-labelledby="downloads" {
            h2 #downloads { "开放数据下载" }
            ul {
                li { a href={ (base) ".csv" } type="text/csv" { "下载本目录（CSV 表格，UTF-8 编码，可用 Excel 打开）" } }
                li { a href={ (base) ".json" } type="application/json" { "下载本目录（JSON 数据）" } }
            }
        }
    };
    let crumbs = [Crumb::home(), Crumb::new(g.name.clone(), government_path(&g.code))];
    layout::html_response(StatusCode::OK, layout::page(&c.title, &crumbs, Some(&government_feed(g)), body))
}
