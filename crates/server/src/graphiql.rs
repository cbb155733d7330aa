//! GraphiQL served from the binary: the page and its scripts are compiled in, so it renders on a
//! network with no internet (no CDN).

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Everything GraphiQL needs and nothing else: no inline script, no remote origin. Its stylesheet
/// embeds fonts as data: URIs and its dialogs add <style> elements at run time.
const CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

const INDEX: &str = include_str!("../assets/graphiql/index.html");

/// (file name, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("init.js", "text/javascript; charset=utf-8", include_bytes!("../assets/graphiql/init.js")),
    ("graphiql.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/graphiql/graphiql.min.js")),
    ("graphiql.min.css", "text/css; charset=utf-8", include_bytes!("../assets/graphiql/graphiql.min.css")),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react-dom.production.min.js"),
    ),
];

fn with_csp(mut r: Response) -> Response {
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

pub async fn page() -> Response {
    with_csp(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response())
}

pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, ct, bytes)) => with_csp(
            ([(header::CONTENT_TYPE, *ct), (header::CACHE_CONTROL, "public, max-age=86400")], *bytes).into_response(),
        ),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The names of the files served under /graphiql/assets/ (tests check each one).
pub fn asset_names() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|(n, _, _)| *n)
}

/// The page's HTML (tests check it names no remote origin).
pub fn index_html() -> &'static str {
    INDEX
}
