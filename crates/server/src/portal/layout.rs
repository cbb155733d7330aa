//! The frame every portal page shares, and the pieces pages are built from.
//!
//! `page` renders the document: language, viewport, the stylesheet, the Atom feeds, a skip link,
//! the site header with its navigation, the breadcrumbs, the page's one `h1` (from the title, so no
//! page can have two or none), the body and the footer. Pages start their own headings at `h2`.
//! `table` and `facts` give every data table a caption and scoped headers and every list of
//! facts the same markup. All text goes through maud's escaping; nothing here marks data as
//! pre-escaped.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};
use maud::{DOCTYPE, Markup, html};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The portal's name, in the header, the home page's heading and every `<title>`.
pub(crate) const SITE_NAME: &str = "重大行政决策公开";

const STYLE: &str = include_str!("style.css");

/// The stylesheet's address carries a digest of its content, so browsers may keep it for a year
/// and still fetch the new one the moment a release changes it.
static STYLE_HREF: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLE.as_bytes());
    format!("/portal/style.css?v={}", &hex::encode(digest)[..16])
});

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        STYLE,
    )
        .into_response()
}

/// One step of the breadcrumb trail above a page's heading.
#[derive(Debug)]
pub(crate) struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub(crate) fn new(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb { label: label.into(), href: href.into() }
    }

    pub(crate) fn home() -> Crumb {
        Crumb::new("首页", "/")
    }
}

/// An Atom feed a page offers besides the site's own.
#[derive(Debug)]
pub(crate) struct FeedLink {
    pub title: String,
    pub href: String,
}

/// A whole page: `title` is both the `h1` and the start of `<title>`; `crumbs` lead from the home
/// page to the page's parent (the page itself closes the trail); `feed` is a feed of this page's
/// subject, offered next to the site's feed.
pub(crate) fn page(title: &str, crumbs: &[Crumb], feed: Option<&FeedLink>, body: Markup) -> Markup {
    let head_title = if title == SITE_NAME { SITE_NAME.to_owned() } else { format!("{title} - {SITE_NAME}") };
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (head_title) }
                link rel="stylesheet" href=(STYLE_HREF.as_str());
                link rel="alternate" type="application/atom+xml" title="重大行政决策公开动态" href="/feed.atom";
                @if let Some(f) = feed {
                    link rel="alternate" type="application/atom+xml" title=(f.title) href=(f.href);
                }
            }
            body {
                a.skip href="#main" { "跳到主要内容" }
                header.site {
                    div.wrap {
                        a.site-name href="/" { (SITE_NAME) }
                        nav aria-label="网站导航" {
                            ul {
                                li { a href="/" { "首页" } }
                                li { a href="/feed.atom" { "订阅更新" } }
                                li { a href="/graphiql" { "数据接口" } }
                            }
                        }
                    }
                }
                main #main .wrap tabindex="-1" {
                    @if !crumbs.is_empty() {
                        nav.crumbs aria-label="当前位置" {
                            ol {
                                @for c in crumbs {
                                    li { a href=(c.href) { (c.label) } }
                                }
                                li aria-current="page" { (title) }
                            }
                        }
                    }
                    h1 { (title) }
                    (body)
                }
                (footer())
            }
        }
    }
}

fn footer() -> Markup {
    html! {
        footer.site {
            div.wrap {
                p {
                    "本站依据《重大行政决策程序暂行条例》和《山东省重大行政决策程序规定》，"
                    "公开各决策机关的年度重大行政决策事项目录和每一决策事项的办理进展。"
                    "页面内容来自决策程序的办理记录，每一步都留有可核验的审计记录。"
                }
                ul {
                    li { a href="/feed.atom" { "订阅公开动态（Atom）" } }
                    li { a href="/graphql" { "公开数据接口（GraphQL）" } }
                    li { a href="/graphiql" { "数据接口在线调试" } }
                }
            }
        }
    }
}

/// A data table with its caption and column headers, in a wrapper that scrolls sideways if the
/// table is wider than the screen. The wrapper is focusable and named after the caption, so that
/// keyboard users can scroll it too. `rows` are the body's `<tr>` elements; a row's header cell
/// is the caller's `th scope="row"`.
pub(crate) fn table(caption: &str, columns: &[&str], rows: Markup) -> Markup {
    html! {
        div.table-wrap role="region" aria-label=(caption) tabindex="0" {
            table {
                caption { (caption) }
                thead {
                    tr {
                        @for c in columns {
                            th scope="col" { (c) }
                        }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}

/// A list of labelled facts (文号, 公布日期, …).
pub(crate) fn facts(pairs: &[(&str, Markup)]) -> Markup {
    html! {
        dl.facts {
            @for (label, value) in pairs {
                div {
                    dt { (label) }
                    dd { (value) }
                }
            }
        }
    }
}

/// A calendar date as Chinese readers write it, machine-readable in `datetime`; in a narrow
/// column it wraps after the year, never inside a number.
pub(crate) fn date(d: NaiveDate) -> Markup {
    html! {
        time datetime=(d.format("%Y-%m-%d").to_string()) {
            span.nw { (d.year()) "年" } span.nw { (d.month()) "月" (d.day()) "日" }
        }
    }
}

/// Beijing time, UTC+8 all year (China has had no daylight saving time since 1991).
pub(crate) const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("UTC+8 is a valid offset"),
};

/// A moment in Beijing time, to the minute, machine-readable (with its offset) in `datetime`.
pub(crate) fn datetime(t: DateTime<Utc>) -> Markup {
    let b = t.with_timezone(&BEIJING);
    html! {
        time datetime=(b.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)) {
            span.nw { (b.year()) "年" } span.nw { (b.month()) "月" (b.day()) "日" }
            " " span.nw { (format!("{:02}:{:02}", b.hour(), b.minute())) }
        }
    }
}

/// A rendered page as an HTTP response.
pub(crate) fn html_response(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], markup.into_string())
        .into_response()
}

pub(crate) fn not_found() -> Response {
    let body = html! {
        p { "您要找的页面不存在，或者尚未公开。请检查网址，或从首页查找。" }
        p { a href="/" { "返回首页" } }
    };
    html_response(StatusCode::NOT_FOUND, page("页面不存在", &[Crumb::home()], None, body))
}

pub(crate) fn unavailable(incident: uuid::Uuid) -> Response {
    let body = html! {
        p { "服务暂时不可用，请稍后再试。" }
        p { "如需反映问题，请告知事件号：" code { (incident.to_string()) } }
        p { a href="/" { "返回首页" } }
    };
    html_response(StatusCode::INTERNAL_SERVER_ERROR, page("服务暂时不可用", &[Crumb::home()], None, body))
}

/// A 503: the service is out of order for now (its database is unreachable or full), not broken,
/// so the visitor is told to come back rather than given an incident number.
pub(crate) fn out_of_service(zh: &str, en: &str) -> Response {
    let body = html! {
        p { (zh) }
        p lang="en" { (en) }
        p { a href="/" { "返回首页" } }
    };
    let mut r = html_response(StatusCode::SERVICE_UNAVAILABLE, page("服务暂时不可用", &[Crumb::home()], None, body));
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
