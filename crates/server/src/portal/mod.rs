//! The public portal (公开门户): server-rendered pages in Chinese where anyone, without signing in,
//! reads the published catalogues of every decision organ and where each item stands, reads an
//! item's published documents and comments, comments on a draft while its notice is open and
//! follows the comment by its receipt, subscribes to the disclosure feed (Atom) and downloads a
//! catalogue as open data (JSON, CSV).
//!
//! The pages need no script and load nothing from another origin: the stylesheet is compiled into
//! the binary, so the portal renders on a government network with no internet, and a strict
//! Content-Security-Policy says so to the browser. Every engine query runs as
//! `Principal::Anonymous`, so the engine's own visibility rules decide what the public sees: an
//! unpublished catalogue is a 404, like one that does not exist.
//!
//! - `layout`: the page frame (skip link, header, breadcrumbs, the one `h1`, footer), the shared
//!   table and fact-list helpers, the stylesheet, and the 404 and 500 pages;
//! - `view`: what the portal reads from the engine, shaped for display, and the Chinese labels of
//!   the item states;
//! - `pages`: the home page (with the comment notices open today), a government's page and a
//!   catalogue's page;
//! - `item`: an item's page (entry, R-02-8 links, timeline, published documents with their
//!   SHA-256, consultation and comments) and the comment form's POST;
//! - `receipt`: the receipt a comment lands on and the lookup by tracking number;
//! - `data`: the catalogue as JSON and CSV downloads;
//! - `feed`: the disclosure feed as Atom 1.0.

mod data;
mod feed;
mod item;
mod layout;
mod pages;
mod receipt;
mod view;

use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use juece_engine::EngineError;

/// The crates the portal writes its Atom feed and CSV files with, so that a client of this crate
/// (the integration tests) reads them back with the very same versions.
pub use atom_syndication;
pub use csv;

/// Nothing but this origin's stylesheet and images, no script at all; forms post back to this
/// origin only; no framing, no `<base>` tricks.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The portal's routes, on the application's state. The fallback answers every path no route
/// claims with the portal's Chinese 404 page.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::home))
        .route("/feed.atom", get(feed::site))
        .route("/portal/style.css", get(layout::stylesheet))
        .route("/g/{code}", get(pages::government))
        .route("/g/{code}/feed.atom", get(feed::government))
        // `{year}`, `{year}.json` and `{year}.csv` share one route: the router matches whole path
        // segments, and the handler reads the suffix.
        .route("/g/{code}/{year}", get(pages::catalogue_or_download))
        .route("/item/{id}", get(item::page))
        .route("/item/{id}/comments", post(item::submit).layer(DefaultBodyLimit::max(item::MAX_FORM_BYTES)))
        .route("/receipt", get(receipt::lookup))
        .route("/receipt/{no}", get(receipt::show))
        .fallback(|| async { PortalError::NotFound.into_response() })
        .layer(axum::middleware::map_response(security_headers))
}

/// Adds the headers every portal response carries, the error pages and downloads included.
async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    r
}

/// Why a portal request got no page: nothing public at that address, or the engine failed.
#[derive(Debug)]
pub(crate) enum PortalError {
    /// An unknown or malformed address, or one the public may not see (the same answer, so that a
    /// 404 does not reveal that an unpublished catalogue exists).
    NotFound,
    /// The engine failed; the visitor gets an incident number and the log gets the error, or,
    /// when the database is out of service for now, a 503 asking them to come back.
    Unavailable(EngineError),
}

impl From<EngineError> for PortalError {
    fn from(e: EngineError) -> Self {
        PortalError::Unavailable(e)
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        match self {
            PortalError::NotFound => layout::not_found(),
            PortalError::Unavailable(EngineError::Unavailable { zh, en }) => layout::out_of_service(&zh, &en),
            PortalError::Unavailable(e) => {
                let incident = uuid::Uuid::new_v4();
                tracing::error!(%incident, error = %e, "public portal: engine query failed");
                layout::unavailable(incident)
            }
        }
    }
}

type PortalResult = Result<Response, PortalError>;
