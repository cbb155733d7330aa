//! Hostile input over HTTP: oversized bodies and query strings, deep, wide and aliased queries,
//! fragment bombs and cycles, repeated directives, many definitions, batches, huge or deeply
//! nested variables, huge numbers, invalid UTF-8 and wrong content types. Each is refused with a
//! 4xx whose error has a code and Chinese and English text, and before it costs much: bodies are
//! not read past the limit (the tests count the chunks pulled), and documents are refused before
//! async-graphql expands them (the unguarded fragment bomb below runs for minutes).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::stream;
use http_body_util::BodyExt;
use juece_server::ServeArgs;
use juece_tests::World;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The server's default limits (the HTTP tests use a small body limit).
fn args() -> ServeArgs {
    let mut a = crate::http::serve_args();
    a.max_body_bytes = 256 * 1024;
    a
}

/// Far above what any refusal below takes, even in a debug build on a loaded machine, and far
/// below what the unguarded documents cost.
const CHEAP: Duration = Duration::from_secs(5);

struct Reply {
    status: StatusCode,
    json: Value,
    elapsed: Duration,
}

async fn send_with(w: &World, args: &ServeArgs, req: Request<Body>) -> Reply {
    let app = juece_server::app(w.engine.clone(), args);
    let started = Instant::now();
    let resp = app.oneshot(req).await.expect("router answers");
    let status = resp.status();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    let elapsed = started.elapsed();
    Reply { status, json: serde_json::from_slice(&body).unwrap_or(Value::Null), elapsed }
}

async fn send(w: &World, req: Request<Body>) -> Reply {
    send_with(w, &args(), req).await
}

fn post_raw(body: impl Into<Body>, content_type: &str) -> Request<Body> {
    Request::post("/graphql").header(header::CONTENT_TYPE, content_type).body(body.into()).expect("request")
}

fn post(body: &Value) -> Request<Body> {
    post_raw(body.to_string(), "application/json")
}

fn query(q: &str) -> Request<Body> {
    post(&json!({ "query": q }))
}

/// The reply is a refusal: the status, one error with the code, a Chinese and an English message,
/// no data, and quickly.
#[track_caller]
fn assert_refused(r: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status, status, "{:#}", r.json);
    assert!(r.json.get("data").is_none(), "{:#}", r.json);
    let e = r.json["errors"][0].clone();
    assert_eq!(e["extensions"]["code"], code, "{e:#}");
    let zh = e["extensions"]["messageZh"].as_str().unwrap_or_default();
    let en = e["extensions"]["messageEn"].as_str().unwrap_or_default();
    assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "no Chinese in {e:#}");
    assert!(en.chars().any(|c| c.is_ascii_alphabetic()), "no English in {e:#}");
    let m = e["message"].as_str().unwrap_or_default();
    assert!(m.contains(zh) && m.contains(en), "{e:#}");
    assert!(r.elapsed < CHEAP, "refused only after {:?}: {e:#}", r.elapsed);
    e
}

/// A refusal for passing the limit named `limit`.
#[track_caller]
fn assert_limit(r: &Reply, limit: &str) {
    let e = assert_refused(r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    assert_eq!(e["extensions"]["limit"], limit, "{e:#}");
}

/// A body that yields `chunk`-byte chunks without end, counting those pulled from it.
fn endless_body(chunk: usize, pulled: Arc<AtomicUsize>) -> Body {
    let piece = axum::body::Bytes::from(vec![b' '; chunk]);
    Body::from_stream(stream::repeat_with(move || {
        pulled.fetch_add(1, Ordering::SeqCst);
        Ok::<_, std::io::Error>(piece.clone())
    }))
}

#[tokio::test]
async fn oversized_bodies_are_refused_without_reading_them() {
    let w = World::new().await;
    // A declared length over the limit: refused before a byte is read.
    let pulled = Arc::new(AtomicUsize::new(0));
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, 10 * 1024 * 1024)
        .body(endless_body(8192, pulled.clone()))
        .expect("request");
    let r = send(&w, req).await;
    assert_refused(&r, StatusCode::PAYLOAD_TOO_LARGE, "BAD_USER_INPUT");
    assert_eq!(pulled.load(Ordering::SeqCst), 0, "the body was read");

    // A body without a length (chunked) is read up to the limit and no further.
    let pulled = Arc::new(AtomicUsize::new(0));
    let r = send(&w, post_raw(endless_body(8192, pulled.clone()), "application/json")).await;
    assert_refused(&r, StatusCode::PAYLOAD_TOO_LARGE, "BAD_USER_INPUT");
    let limit_chunks = 256 * 1024 / 8192;
    assert!(pulled.load(Ordering::SeqCst) <= limit_chunks + 2, "{} chunks read", pulled.load(Ordering::SeqCst));

    // A 10 MB string variable.
    let huge = json!({ "query": "query($s: String) { __typename }", "variables": { "s": "x".repeat(10 << 20) } });
    let r = send(&w, post(&huge)).await;
    assert_refused(&r, StatusCode::PAYLOAD_TOO_LARGE, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_client_over_the_public_rate_is_refused_before_its_body_is_read() {
    let w = World::new().await;
    let mut a = args();
    a.public_requests_per_minute = 1;
    let app = juece_server::app(w.engine.clone(), &a);
    let peer: std::net::SocketAddr = "198.51.100.9:40000".parse().expect("address");
    let mut first = query("{ __typename }");
    first.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    assert_eq!(app.clone().oneshot(first).await.expect("answers").status(), StatusCode::OK);
    let pulled = Arc::new(AtomicUsize::new(0));
    let mut second = post_raw(endless_body(8192, pulled.clone()), "application/json");
    second.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    let resp = app.oneshot(second).await.expect("answers");
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(pulled.load(Ordering::SeqCst), 0, "the body was read");
}

/// Each document is refused by the limit it passes, as the public and as a signed-in user, and
/// with 400 whichever response type the client asked for.
#[tokio::test]
async fn documents_over_the_limits_are_refused_before_they_run() {
    let w = World::seeded().await;
    let clerk = w.user("370103", None, &[juece_core::authz::Role::GovOffice]).await;
    let many = |n: usize, f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(" ");
    let cases: Vec<(&str, String)> = vec![
        // Selections nested past the parser's own limit, and value literals it does not bound.
        ("nesting", format!("{}{}", "{ a ".repeat(20_000), "}".repeat(20_000))),
        ("nesting", format!("{{ governments(x: {}1{}) {{ code }} }}", "[".repeat(50_000), "]".repeat(50_000))),
        ("nesting", format!("{{ governments(x: {}1{}) {{ code }} }}", "{a: ".repeat(30_000), "}".repeat(30_000))),
        // Wide: ten thousand fields, or aliases of `__typename`, which cost no complexity.
        ("tokens", format!("{{ {} }}", "__typename ".repeat(10_000))),
        ("tokens", format!("{{ {} }}", many(10_000, &|i| format!("a{i}: __typename")))),
        // Under the token limit, over the field limit: aliases of a list of the database.
        ("fields", format!("{{ {} }}", many(1_001, &|i| format!("a{i}: __typename")))),
        ("fields", format!("{{ {} }}", many(501, &|i| format!("g{i}: governments {{ code }}")))),
        // A fragment bomb: 2³⁰ fields from 31 fragments.
        (
            "fields",
            format!(
                "{{ ...F0 }} {} fragment F30 on QueryRoot {{ __typename }}",
                many(30, &|i| format!("fragment F{i} on QueryRoot {{ ...F{n} ...F{n} }}", n = i + 1))
            ),
        ),
        // Fragment cycles, direct and through another.
        ("fragmentCycle", "{ ...A } fragment A on QueryRoot { __typename ...A }".to_owned()),
        ("fragmentCycle", "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }".to_owned()),
        // A directive repeated on one field.
        ("directives", format!("{{ __typename {} }}", "@include(if: true) ".repeat(101))),
        // Many operations, or many fragments.
        ("definitions", many(101, &|i| format!("query q{i} {{ __typename }}"))),
        (
            "definitions",
            format!("{{ __typename }} {}", many(100, &|i| format!("fragment f{i} on QueryRoot {{ __typename }}"))),
        ),
        // Deep fields, inline and through fragments.
        (
            "depth",
            format!(
                "{{ governments {{ {} code {} }} }}",
                "catalogues { items { sponsor { government { ".repeat(4),
                "} } } } ".repeat(4)
            ),
        ),
    ];
    for (limit, q) in &cases {
        let body = json!({ "query": q, "operationName": if limit == &"definitions" && q.starts_with("query") { json!("q1") } else { Value::Null } });
        for accept in ["application/json", "application/graphql-response+json"] {
            let mut req = post(&body);
            req.headers_mut().insert(header::ACCEPT, accept.parse().expect("header"));
            assert_limit(&send(&w, req).await, limit);
        }
        let mut req = post(&body);
        req.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {}", clerk.token).parse().expect("header"));
        assert_limit(&send(&w, req).await, limit);
    }
    // The schema itself refuses them, so subscriptions over the websocket are held to them too.
    let bomb = &cases[7].1;
    let resp = w.schema.execute(async_graphql::Request::new(bomb.as_str())).await;
    assert!(resp.errors.iter().any(juece_graphql::is_limit_error), "{:?}", resp.errors);
}

/// The standard introspection queries nest fourteen levels and more; introspection is not held to
/// the depth limit, so that GraphiQL, code generators and fuzzers can read the schema as the public.
#[tokio::test]
async fn introspection_passes_the_public_limits() {
    let w = World::new().await;
    let type_ref = (0..9).fold("kind name".to_owned(), |inner, _| format!("kind name ofType {{ {inner} }}"));
    let q = format!(
        "query IntrospectionQuery {{ __schema {{ description queryType {{ name }} mutationType {{ name }} \
         subscriptionType {{ name }} types {{ ...FullType }} directives {{ name description isRepeatable \
         locations args(includeDeprecated: true) {{ ...InputValue }} }} }} }} \
         fragment FullType on __Type {{ kind name description specifiedByURL \
         fields(includeDeprecated: true) {{ name description args(includeDeprecated: true) {{ ...InputValue }} \
         type {{ ...TypeRef }} isDeprecated deprecationReason }} inputFields(includeDeprecated: true) {{ ...InputValue }} \
         interfaces {{ ...TypeRef }} enumValues(includeDeprecated: true) {{ name description isDeprecated deprecationReason }} \
         possibleTypes {{ ...TypeRef }} }} \
         fragment InputValue on __InputValue {{ name description type {{ ...TypeRef }} defaultValue isDeprecated deprecationReason }} \
         fragment TypeRef on __Type {{ {type_ref} }}"
    );
    let r = send(&w, query(&q)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json.get("errors").is_none(), "{:#}", r.json);
    assert!(r.json["data"]["__schema"]["types"].as_array().is_some_and(|t| t.len() > 50));
    // Data is still held to it: depth 14 is over the public limit of 13.
    let deep = format!(
        "{{ governments {{ {} code {} }} }}",
        "catalogues { items { sponsor { government { ".repeat(3),
        "} } } } ".repeat(3)
    );
    assert_limit(&send(&w, query(&deep)).await, "depth");
}

#[tokio::test]
async fn the_limits_are_configurable() {
    let w = World::new().await;
    let mut a = args();
    a.max_query_fields = 3;
    a.max_query_tokens = 40;
    a.max_query_directives = 1;
    a.max_query_definitions = 2;
    let ok = send_with(&w, &a, query("{ a: __typename b: __typename c: __typename }")).await;
    assert_eq!(ok.status, StatusCode::OK, "{:#}", ok.json);
    assert_limit(
        &send_with(&w, &a, query("{ a: __typename b: __typename c: __typename d: __typename }")).await,
        "fields",
    );
    // Comments and commas are not tokens; the 41st token is refused.
    let r = send_with(&w, &a, query(&format!("{{ __typename {} }}", "# comment\n , ".repeat(50)))).await;
    assert_eq!(r.status, StatusCode::OK, "{:#}", r.json);
    assert_limit(&send_with(&w, &a, query(&format!("{{ {} }}", "__typename ".repeat(39)))).await, "tokens");
    let r = send_with(&w, &a, query("{ __typename @skip(if: false) @include(if: true) }")).await;
    assert_limit(&r, "directives");
    let r = send_with(&w, &a, query("{ ...A } fragment A on QueryRoot { __typename }")).await;
    assert_eq!(r.status, StatusCode::OK, "{:#}", r.json);
    let three = "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { __typename }";
    assert_limit(&send_with(&w, &a, query(three)).await, "definitions");
    // The limit is in the message, in both languages.
    let r = send_with(&w, &a, query("{ a: __typename b: __typename c: __typename d: __typename }")).await;
    assert_eq!(r.json["errors"][0]["extensions"]["max"], 3);
    assert!(r.json["errors"][0]["message"].as_str().is_some_and(|m| m.matches('3').count() >= 2));
}

#[tokio::test]
async fn batches_are_refused_with_a_message_that_says_so() {
    let w = World::new().await;
    let batch = json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }]);
    let r = send(&w, post(&batch)).await;
    let e = assert_refused(&r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    assert!(e["extensions"]["messageEn"].as_str().is_some_and(|m| m.contains("batch")), "{e:#}");
    assert!(e["extensions"]["messageZh"].as_str().is_some_and(|m| m.contains("批量")), "{e:#}");
}

#[tokio::test]
async fn huge_and_deeply_nested_variables_and_numbers_are_refused_clearly() {
    let w = World::new().await;
    // JSON nested past serde_json's recursion limit of 128, in the variables.
    let deep = format!(
        r#"{{"query":"query($v: String) {{ __typename }}","variables":{{"v":{}{}}}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let r = send(&w, post_raw(deep, "application/json")).await;
    let e = assert_refused(&r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    assert!(e["extensions"]["messageEn"].as_str().is_some_and(|m| m.contains("128")), "{e:#}");
    // Nested, but within the JSON limit: the variable's type refuses it.
    let v = (0..100).fold(json!(1), |inner, _| json!([inner]));
    let r = send(&w, post(&json!({ "query": "query($v: String) { __typename }", "variables": { "v": v } }))).await;
    assert!(r.status.is_success() || r.status.is_client_error());
    assert_eq!(r.json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:#}", r.json);
    assert!(r.elapsed < CHEAP);
    // Numbers: out of f64's range in JSON, out of Int's range in a variable and in the document.
    let r = send(&w, post_raw(r#"{"query":"{ __typename }","variables":{"n":1e400}}"#, "application/json")).await;
    assert_refused(&r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    let q = r#"query($n: Int!) { catalogue(governmentCode: "370103", year: $n) { id } }"#;
    let r = send(&w, post(&json!({ "query": q, "variables": { "n": 1e30 } }))).await;
    assert_eq!(r.json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:#}", r.json);
    let r = send(&w, post(&json!({ "query": q, "variables": { "n": 2_147_483_648_i64 } }))).await;
    assert_eq!(r.json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:#}", r.json);
    let big = format!(r#"{{ catalogue(governmentCode: "370103", year: 1{}) {{ id }} }}"#, "0".repeat(1000));
    let r = send(&w, query(&big)).await;
    assert_eq!(r.json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:#}", r.json);
    // A parse error quotes its line, but not the whole of a long one.
    let r = send(&w, query(&format!("{{ __typename \"{}", "x".repeat(100_000)))).await;
    assert_eq!(r.json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{:#}", r.json);
    assert!(r.json.to_string().len() < 10_000, "{} bytes", r.json.to_string().len());
}

#[tokio::test]
async fn invalid_utf8_and_wrong_content_types_are_refused() {
    let w = World::new().await;
    let mut bad = br#"{"query":"{ __typename }","variables":{"s":""#.to_vec();
    bad.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    bad.extend_from_slice(br#""}}"#);
    let r = send(&w, post_raw(bad, "application/json")).await;
    assert_refused(&r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    let body = r#"{"query":"{ __typename }"}"#;
    for ct in [
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "application/jsonx",
        "",
    ] {
        let r = send(&w, post_raw(body, ct)).await;
        assert_refused(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn get_holds_its_query_string_to_the_limits() {
    let w = World::new().await;
    let get = |qs: String| Request::get(format!("/graphql?{qs}")).body(Body::empty()).expect("request");
    // Longer than the body limit. (Beyond 64 KiB a URI is refused by the HTTP server itself, with
    // 414 and no body: the `http` crate cannot represent a longer one.)
    let mut small = args();
    small.max_body_bytes = 16 * 1024;
    let r = send_with(&w, &small, get(format!("query=%7B__typename%7D&x={}", "a".repeat(20 * 1024)))).await;
    assert_refused(&r, StatusCode::URI_TOO_LONG, "BAD_USER_INPUT");
    // Not UTF-8 once decoded.
    let r = send(&w, get("query=%FF%FE".to_owned())).await;
    assert_refused(&r, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
    // Within the length, over the document limits: refused before it is parsed.
    let deep = format!("{}{}", "%7Ba%20".repeat(100), "%7D".repeat(100));
    assert_limit(&send(&w, get(format!("query={deep}"))).await, "nesting");
    let wide = "a%20".repeat(10_001);
    assert_limit(&send(&w, get(format!("query=%7B{wide}%7D"))).await, "tokens");
    // A mutation over the limits is refused, and not run.
    let r = send(&w, get(format!("query=mutation%20%7B{wide}%7D"))).await;
    assert!(r.status.is_client_error() && r.json.get("data").is_none(), "{:#}", r.json);
}

/// Counting working days walks the span day by day; a span of ten thousand years is refused at
/// once rather than walked.
#[tokio::test]
async fn a_working_day_count_over_millennia_is_refused_at_once() {
    let w = World::new().await;
    let q = r#"{ workingDaysBetween(from: "0001-01-01", to: "9999-12-31") }"#;
    let r = send(&w, query(q)).await;
    assert_eq!(r.status, StatusCode::OK);
    let e = &r.json["errors"][0];
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{e:#}");
    assert_eq!(e["extensions"]["field"], "to", "{e:#}");
    assert!(r.elapsed < Duration::from_secs(1), "{:?}", r.elapsed);
}

/// A websocket opened without credentials runs its operations under the public's limits, as HTTP
/// does; one opened with a token under the users'.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_without_credentials_is_held_to_the_public_limits() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let w = World::seeded().await;
    let clerk = w.user("370103", None, &[juece_core::authz::Role::GovOffice]).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(juece_server::run(w.engine.clone(), args(), listener, async {
        let _ = stop_rx.await;
    }));
    // Depth 14: over the public's limit of 13, under the users' 15.
    let deep = format!(
        "{{ governments {{ {} code {} }} }}",
        "catalogues { items { sponsor { government { ".repeat(3),
        "} } } } ".repeat(3)
    );
    let ask = |init: Value| {
        let deep = deep.clone();
        async move {
            let mut req = format!("ws://{addr}/graphql/ws").into_client_request().expect("request");
            req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().expect("header"));
            let mut ws = tokio_tungstenite::connect_async(req).await.expect("websocket connects").0;
            ws.send(Message::Text(init.to_string().into())).await.expect("send");
            let sub = json!({ "id": "1", "type": "subscribe", "payload": { "query": deep } });
            ws.send(Message::Text(sub.to_string().into())).await.expect("send");
            let mut replies = Vec::new();
            while let Ok(Some(Ok(msg))) = tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
                if let Message::Text(t) = msg {
                    let v: Value = serde_json::from_str(t.as_str()).expect("json");
                    let done = matches!(v["type"].as_str(), Some("complete" | "error"));
                    replies.push(v);
                    if done {
                        break;
                    }
                }
            }
            replies
        }
    };
    // A single-result operation answers with `next`, its errors inside, then `complete`.
    let public = ask(json!({ "type": "connection_init" })).await;
    let refused = public.iter().find(|m| m["type"] == "next").unwrap_or_else(|| panic!("{public:#?}"));
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["limit"], "depth", "{refused:#}");
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["max"], 13, "{refused:#}");
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {}", clerk.token) } });
    let signed = ask(init).await;
    let answer = signed.iter().find(|m| m["type"] == "next").unwrap_or_else(|| panic!("{signed:#?}"));
    assert!(answer["payload"].get("errors").is_none(), "{answer:#}");
    assert!(answer["payload"]["data"]["governments"].is_array(), "{answer:#}");
    stop.send(()).expect("server running");
    let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
}
