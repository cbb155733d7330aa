//! The HTTP surface: GraphQL over HTTP (negotiation, status codes, GET without mutations, body
//! limits), GraphiQL without external assets, and the health checks.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use juece_server::ServeArgs;
use juece_tests::World;
use serde_json::{Value, json};
use tower::ServiceExt;

pub fn serve_args() -> ServeArgs {
    ServeArgs {
        listen: "127.0.0.1:0".parse().expect("address"),
        max_body_bytes: 4096,
        max_query_depth: 15,
        max_query_complexity: 5000,
        public_max_query_depth: 13,
        public_max_query_complexity: 1500,
        max_query_tokens: 10_000,
        max_query_fields: 1000,
        max_query_directives: 100,
        max_query_definitions: 100,
        public_requests_per_minute: 600,
        comments_per_minute: 30,
        shutdown_grace_secs: 1,
        checkpoint_interval_secs: 0,
        // Tests fire timers themselves, at the clock they set.
        timer_interval_ms: 0,
    }
}

struct Reply {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(w: &World, req: Request<Body>) -> Reply {
    let app = juece_server::app(w.engine.clone(), &serve_args());
    let resp = app.oneshot(req).await.expect("router answers");
    let status = resp.status();
    let headers = resp.headers().clone();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = resp.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, content_type, headers, body }
}

fn post(body: &str, accept: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(a) = accept {
        b = b.header(header::ACCEPT, a);
    }
    b.body(Body::from(body.to_owned())).expect("request")
}

#[tokio::test]
async fn the_headline_query_answers_over_http() {
    let w = World::seeded().await;
    let q = json!({ "query": r#"{ catalogue(governmentCode: "370103", year: 2022) { items { title sponsor { name } plannedCompletion } } }"# });
    let r = send(&w, post(&q.to_string(), None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/json; charset=utf-8");
    assert_eq!(
        r.json(),
        json!({ "data": { "catalogue": { "items": [
            { "title": "制定出台《济南市市中区全民健身设施管理实施细则》", "sponsor": { "name": "区教育体育局" }, "plannedCompletion": "2022-10" },
            { "title": "设立市中区省级经济开发区", "sponsor": { "name": "区发展改革局" }, "plannedCompletion": "2022-12" }
        ] } } })
    );
    // Result fields follow the selection order, even where a field waits on the database.
    let text = r.text();
    let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap_or_else(|| panic!("{k} in {text}"));
    assert!(
        pos("title") < pos("sponsor") && pos("sponsor") < pos("plannedCompletion"),
        "fields out of query order: {text}"
    );
    let q = json!({ "query": "{ governments { ...G } } fragment G on Government { name c: code shortName }" });
    let text = send(&w, post(&q.to_string(), None)).await.text();
    assert!(
        text.starts_with(r#"{"data":{"governments":[{"name":"#) && text.contains(r#""c":"370100","shortName""#),
        "{text}"
    );
}

#[tokio::test]
async fn the_response_type_follows_accept() {
    let w = World::new().await;
    let q = r#"{"query":"{ __typename }"}"#;
    let r = send(&w, post(q, Some("application/graphql-response+json"))).await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (StatusCode::OK, "application/graphql-response+json; charset=utf-8")
    );
    let r = send(&w, post(q, Some("*/*"))).await;
    assert_eq!(r.content_type, "application/json; charset=utf-8");
    let r = send(&w, post(q, Some("text/html"))).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn request_errors_are_400_without_data_for_the_new_media_type() {
    let w = World::new().await;
    let r = send(&w, post(r#"{"query":"{"}"#, Some("application/graphql-response+json"))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json().get("data").is_none() && r.json()["errors"].is_array());
    let r = send(&w, post(r#"{"query":"{"}"#, Some("application/json"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json().get("data").is_none());
    for bad in [
        r#"{ "not json"#,
        r#"{"qeury":"{ __typename }"}"#,
        r#"{"query":1}"#,
        r#"{"query":"{ __typename }","variables":"x"}"#,
        "",
    ] {
        let r = send(&w, post(bad, None)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(r.json()["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let w = World::seeded().await;
    let r = send(&w, Request::get("/graphql?query=%7B+governments+%7B+code+%7D+%7D").body(Body::empty()).expect("req"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["data"]["governments"].as_array().map(Vec::len), Some(4));
    let m = "mutation%20%7B%20createCatalogue(input%3A%7BgovernmentCode%3A%22370117%22%2Cyear%3A2026%7D)%20%7B%20id%20%7D%20%7D";
    let r = send(&w, Request::get(format!("/graphql?query={m}")).body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()), Some("POST"));
    let d = w.ok(r#"{ catalogue(governmentCode: "370117", year: 2026) { id } }"#, json!({})).await;
    assert!(d["catalogue"].is_null(), "the GET mutation did not run");
    let r = send(&w, Request::put("/graphql").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn posts_must_be_json_and_small() {
    let w = World::new().await;
    let r = send(
        &w,
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(r#"{"query":"{ __typename }"}"#))
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = send(&w, Request::post("/graphql").body(Body::from(r#"{"query":"{ __typename }"}"#)).expect("req")).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = json!({ "query": format!("{{ __typename }} #{}", "x".repeat(5000)) }).to_string();
    let r = send(&w, post(&big, None)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let r = send(
        &w,
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(Body::from(r#"{"query":"{ __typename }"}"#))
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn graphiql_is_served_from_the_binary_with_no_remote_assets() {
    let w = World::new().await;
    let r = send(&w, Request::get("/graphiql").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    let html = r.text();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"),
        "remote reference in {html}"
    );
    assert!(r.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    let mut served = 0;
    for name in juece_server::graphiql::asset_names() {
        assert!(
            html.contains(&format!("/graphiql/assets/{name}"))
                || name.ends_with(".css")
                || name == "init.js"
                || html.contains(name)
        );
        let r = send(&w, Request::get(format!("/graphiql/assets/{name}")).body(Body::empty()).expect("req")).await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        assert!(r.content_type.starts_with(if name.ends_with(".css") { "text/css" } else { "text/javascript" }));
        served += 1;
    }
    assert_eq!(served, 5);
    let init = send(&w, Request::get("/graphiql/assets/init.js").body(Body::empty()).expect("req")).await.text();
    assert!(init.contains("/graphql/ws") && !init.contains("https://"));
    let r = send(&w, Request::get("/graphiql/assets/../../etc/passwd").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn health_and_readiness() {
    let w = World::new().await;
    let r = send(&w, Request::get("/healthz").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(&w, Request::get("/readyz").body(Body::empty()).expect("req")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), json!({ "database": true, "migrations": true }));
}

/// Requests without a token run under the public limits and a per-address rate; a token lifts
/// both.
#[tokio::test]
async fn the_public_has_its_own_limits_and_rate() {
    let w = World::seeded().await;
    let clerk = w.user("370103", None, &[juece_core::authz::Role::GovOffice]).await;
    // Depth 14: under the signed-in limit (15), over the public one (13).
    let deep = "{ governments { catalogues { items { sponsor { government { catalogues { items { sponsor { government { catalogues { items { sponsor { government { name } } } } } } } } } } } } } }";
    let q = json!({ "query": deep }).to_string();
    let public = send(&w, post(&q, None)).await;
    assert_eq!(public.json()["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{}", public.text());
    let mut signed = post(&q, None);
    signed.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {}", clerk.token).parse().expect("header"));
    let r = send(&w, signed).await;
    assert!(r.json().get("errors").is_none(), "{}", r.text());

    let mut args = serve_args();
    args.public_requests_per_minute = 3;
    let app = juece_server::app(w.engine.clone(), &args);
    let peer: std::net::SocketAddr = "198.51.100.7:40000".parse().expect("address");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let mut req = post(&json!({ "query": "{ __typename }" }).to_string(), None);
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        let resp = app.clone().oneshot(req).await.expect("router answers");
        statuses.push((resp.status(), resp.headers().get(header::RETRY_AFTER).is_some()));
    }
    assert_eq!(
        statuses,
        [
            (StatusCode::OK, false),
            (StatusCode::OK, false),
            (StatusCode::OK, false),
            (StatusCode::TOO_MANY_REQUESTS, true)
        ]
    );
    // A signed-in request from the same address is not counted against the public.
    let mut req = post(&json!({ "query": "{ __typename }" }).to_string(), None);
    req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    req.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {}", clerk.token).parse().expect("header"));
    assert_eq!(app.oneshot(req).await.expect("answers").status(), StatusCode::OK);
}
