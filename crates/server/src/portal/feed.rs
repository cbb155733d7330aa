//! The disclosure feed as Atom 1.0 (RFC 4287): `/feed.atom` for every decision organ,
//! `/g/{code}/feed.atom` for one (with the entries of no organ, such as signed audit checkpoints,
//! which belong to every organ's feed). The newest 50 entries, newest first.
//!
//! - An entry's id is `urn:uuid:` and the feed entry's own id, which never changes; its title is
//!   the Chinese title, its content the Chinese and English titles as plain text, its category
//!   the entry's kind, and `updated` (= `published`, entries never change) when it happened, in
//!   Beijing time. It links to the item's page, or, for an entry about a decision organ but no
//!   item (a catalogue published), the organ's page, or else the home page (a signed audit
//!   checkpoint).
//! - A feed's id is a name-based UUID (v5) of a government's row id (the organ's feed) or of the
//!   first government's (the whole site's), so each deployment's feeds have ids of their own that
//!   stay the same for as long as it lives.
//! - Links are relative references, resolved against the feed's own address as RFC 4287 §2
//!   allows, because the server does not know the name it is reached by: building absolute links
//!   from the request's `Host` header would let whoever sends the header choose them.
//!
//! `atom_syndication` writes the XML and escapes every text and attribute.

use super::layout::{BEIJING, SITE_NAME};
use super::pages::{government_feed_path, government_path, item_path};
use super::{PortalResult, view};
use crate::AppState;
use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Text};
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use juece_engine::audit::FeedRow;
use juece_engine::{EngineError, GovernmentRow};
use std::collections::HashMap;
use uuid::Uuid;

const ENTRIES: u64 = 50;

pub(crate) async fn site(State(st): State<AppState>) -> PortalResult {
    // The feed is the same for every reader until the database changes: it is written once and
    // served as written.
    let body = st
        .engine
        .public_rendered("portal:feed.atom".to_owned(), async {
            let governments = st.engine.governments().await?;
            let (rows, _) = st.engine.public_feed_page(None, None, None, ENTRIES).await?;
            // The first government created names the deployment; before there is one, the feed is
            // empty of organs' entries and the nil UUID stands in.
            let anchor = governments.iter().map(|g| g.id).min().unwrap_or(Uuid::nil());
            let meta = FeedMeta {
                id: Uuid::new_v5(&anchor, b"juece:disclosure-feed:all"),
                title: format!("{SITE_NAME}：公开动态"),
                author: SITE_NAME.to_owned(),
                self_href: "/feed.atom".to_owned(),
                alternate_href: "/".to_owned(),
            };
            write(&st, meta, &rows, &governments)
        })
        .await?;
    Ok(respond(&body))
}

pub(crate) async fn government(State(st): State<AppState>, path: Result<Path<String>, PathRejection>) -> PortalResult {
    let Ok(Path(code)) = path else { return Err(super::PortalError::NotFound) };
    let g = view::government(&st.engine, &code).await?;
    let body = st
        .engine
        .public_rendered(format!("portal:feed.atom:{}", g.id), async {
            let (rows, _) = st.engine.public_feed_page(Some(g.id), None, None, ENTRIES).await?;
            let meta = FeedMeta {
                id: Uuid::new_v5(&g.id, b"juece:disclosure-feed"),
                title: format!("{}：重大行政决策公开动态", g.name),
                author: g.name.clone(),
                self_href: government_feed_path(&g.code),
                alternate_href: government_path(&g.code),
            };
            write(&st, meta, &rows, std::slice::from_ref(&g))
        })
        .await?;
    Ok(respond(&body))
}

struct FeedMeta {
    id: Uuid,
    title: String,
    author: String,
    self_href: String,
    alternate_href: String,
}

fn write(st: &AppState, meta: FeedMeta, rows: &[FeedRow], governments: &[GovernmentRow]) -> Result<Bytes, EngineError> {
    // A feed needs an `updated` even with no entries: then it is now.
    let updated = rows.first().map_or_else(|| st.engine.clock().now(), |r| r.occurred_at);
    let feed = build(&meta, rows, governments, updated);
    let body = feed.write_to(Vec::new()).map_err(|e| EngineError::Internal(format!("Atom feed: {e}")))?;
    Ok(Bytes::from(body))
}

fn respond(body: &Bytes) -> axum::response::Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"))], body.clone())
        .into_response()
}

fn build(meta: &FeedMeta, rows: &[FeedRow], governments: &[GovernmentRow], updated: DateTime<Utc>) -> Feed {
    let names: HashMap<Uuid, &str> = governments.iter().map(|g| (g.id, g.name.as_str())).collect();
    let entries = rows
        .iter()
        .map(|r| {
            let at = r.occurred_at.with_timezone(&BEIJING);
            let href = match (r.item_id, &r.government_code) {
                (Some(id), _) => item_path(id),
                (None, Some(code)) => government_path(code),
                (None, None) => "/".to_owned(),
            };
            let authors = r
                .government_id
                .and_then(|id| names.get(&id))
                .map(|n| vec![Person { name: (*n).to_owned(), ..Person::default() }])
                .unwrap_or_default();
            Entry {
                id: format!("urn:uuid:{}", r.id),
                title: Text::plain(r.title_zh.clone()),
                updated: at,
                published: Some(at),
                authors,
                categories: vec![Category { term: r.kind.clone(), ..Category::default() }],
                links: vec![Link { href, mime_type: Some("text/html".to_owned()), ..Link::default() }],
                content: Some(Content {
                    value: Some(format!("{}\n{}", r.title_zh, r.title_en)),
                    content_type: Some("text".to_owned()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    Feed {
        id: format!("urn:uuid:{}", meta.id),
        title: Text::plain(meta.title.clone()),
        updated: updated.with_timezone(&BEIJING),
        lang: Some("zh-CN".to_owned()),
        authors: vec![Person { name: meta.author.clone(), ..Person::default() }],
        links: vec![
            Link {
                href: meta.self_href.clone(),
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link { href: meta.alternate_href.clone(), mime_type: Some("text/html".to_owned()), ..Link::default() },
        ],
        entries,
        ..Feed::default()
    }
}
