//! Identities in use: sessions expire, revocation takes effect on the next request, repeated
//! failures lock an account, one district never touches another's records, a sponsor acts only on
//! its own items, and the public sees only what is published.

use crate::catalogue::{ADD, AMEND, CREATE, department};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use juece_core::authz::{Principal, Role};
use juece_tests::{World, code};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery staple";
const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username roles } } }";

fn unauthenticated(e: &Value) -> bool {
    code(e) == "UNAUTHENTICATED"
}

#[tokio::test]
async fn a_session_expires_and_logout_revokes_it() {
    let w = World::seeded().await;
    let u = w.user_with_password("370103", Some("区司法局"), &[Role::Justice], Some(PASSWORD)).await;
    let s = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": u.username, "p": PASSWORD })).await;
    let token = s["data"]["login"]["token"].as_str().expect("token").to_owned();
    assert_eq!(s["data"]["login"]["user"]["roles"], json!(["JUSTICE"]));
    assert_eq!(s["data"]["login"]["expiresAt"], "2026-11-22T22:00:00+00:00", "12 hours after login");
    assert!(w.engine.authenticate(&token).await.is_ok());
    w.clock.advance(chrono::Duration::hours(12));
    let e = w.engine.authenticate(&token).await.expect_err("expired");
    assert_eq!(e.code(), "UNAUTHENTICATED");

    w.clock.advance(chrono::Duration::minutes(1));
    let s = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": u.username, "p": PASSWORD })).await;
    let token = s["data"]["login"]["token"].as_str().expect("token").to_owned();
    let p = w.engine.authenticate(&token).await.expect("fresh session");
    let out = w.gql_as(&p, Some(&token), "mutation { logout }", json!({})).await;
    assert_eq!(out["data"]["logout"], true);
    assert_eq!(w.engine.authenticate(&token).await.expect_err("logged out").code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let w = World::seeded().await;
    let u = w.user_with_password("370103", None, &[Role::Head], Some(PASSWORD)).await;
    for _ in 0..5 {
        let r = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": u.username, "p": "wrong password!" })).await;
        assert!(unauthenticated(&r["errors"][0]), "{r}");
    }
    let r = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": u.username, "p": PASSWORD })).await;
    assert!(unauthenticated(&r["errors"][0]));
    assert!(r["errors"][0]["message"].as_str().unwrap_or("").contains("锁定"), "{r}");
    w.clock.advance(chrono::Duration::minutes(16));
    let r = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": u.username, "p": PASSWORD })).await;
    assert!(r.get("errors").is_none(), "unlocked after the lockout: {r}");
    // An unknown user is refused the same way as a wrong password.
    let r = w.gql_as(&Principal::Anonymous, None, LOGIN, json!({ "u": "nobody-here", "p": PASSWORD })).await;
    assert_eq!(r["errors"][0]["extensions"]["messageEn"], "wrong username or password");
}

#[tokio::test]
async fn revoking_a_user_refuses_their_tokens_on_the_next_request() {
    let w = World::seeded().await;
    let admin = w.user("370103", Some("区政府办公室"), &[Role::Admin]).await;
    let clerk = w.user("370103", Some("区司法局"), &[Role::Justice]).await;
    let app = juece_server::app(w.engine.clone(), &crate::http::serve_args());
    let me = |token: String| {
        let app = app.clone();
        async move {
            let req = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::from(json!({ "query": "{ me { username } }" }).to_string()))
                .expect("request");
            let resp = app.oneshot(req).await.expect("answer");
            let status = resp.status();
            let www = resp.headers().get(header::WWW_AUTHENTICATE).is_some();
            let body: Value =
                serde_json::from_slice(&resp.into_body().collect().await.expect("body").to_bytes()).expect("json");
            (status, www, body)
        }
    };
    let (status, _, body) = me(clerk.token.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["me"]["username"], clerk.username);
    let id = clerk.principal.user().map(|u| u.user_id.to_string()).expect("user");
    w.ok_as(&admin, "mutation($id: ID!) { revokeUser(id: $id) { revoked } }", json!({ "id": id })).await;
    let (status, www, body) = me(clerk.token.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(www);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let (status, _, _) = me("jc_forged".into()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The revocation is in the audit trail, with the admin as its actor.
    let events = w.engine.events_of(&admin.principal, uuid::Uuid::parse_str(&id).expect("uuid")).await.expect("events");
    let kinds: Vec<_> = events.iter().map(|e| (e.event_type.as_str(), e.actor_role.as_deref())).collect();
    assert_eq!(kinds, [("UserCreated", None), ("UserRevoked", Some("ADMIN"))]);
}

#[tokio::test]
async fn tokens_are_long_random_and_stored_only_as_hashes() {
    let w = World::seeded().await;
    let u = w.user("370103", None, &[Role::Head]).await;
    let raw = u.token.strip_prefix("jc_").expect("prefix");
    assert!(raw.len() >= 43, "256 bits in base64 are 43 characters");
    let other = w.user("370103", None, &[Role::Head]).await;
    assert_ne!(u.token, other.token);
    let hash = juece_engine::auth::token_hash(&u.token);
    assert_eq!(w.db.count(&format!("SELECT COUNT(*) FROM tokens WHERE token_hash = '{hash}'")).await, 1);
    assert_eq!(w.db.count(&format!("SELECT COUNT(*) FROM tokens WHERE token_hash = '{}'", u.token)).await, 0);
    assert_eq!(w.db.count(&format!("SELECT COUNT(*) FROM tokens WHERE token_hash LIKE '%{raw}%'")).await, 0);
}

#[tokio::test]
async fn one_district_never_touches_anothers_records() {
    let w = World::seeded().await;
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2026 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let jtj = department(&w, "370103", "区教育体育局").await;
    let draft = w
        .ok(ADD, json!({ "i": { "catalogueId": cid, "title": "市中区草拟事项", "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2026-12" } }))
        .await;
    let draft_id = draft["addCatalogueItem"]["id"].as_str().expect("id").to_owned();
    let gangcheng = w.user("370117", Some("区司法局"), &[Role::Justice, Role::GovOffice, Role::Auditor]).await;

    // Cannot read the draft, nor the draft catalogue.
    let d = w.ok_as(&gangcheng, "query($id: ID!) { item(id: $id) { id } }", json!({ "id": draft_id })).await;
    assert!(d["item"].is_null());
    let d = w.ok_as(&gangcheng, r#"{ catalogue(governmentCode: "370103", year: 2026) { id } }"#, json!({})).await;
    assert!(d["catalogue"].is_null());
    let d = w
        .ok_as(&gangcheng, r#"{ items(filter: { governmentCode: "370103" }) { edges { node { title } } } }"#, json!({}))
        .await;
    let titles: Vec<_> =
        d["items"]["edges"].as_array().expect("edges").iter().map(|e| e["node"]["title"].clone()).collect();
    assert_eq!(titles.len(), 2, "only the two published items of 市中区: {titles:?}");
    // Cannot change it, nor open a catalogue for 市中区.
    let e = w
        .err_as(&gangcheng, AMEND, json!({ "i": { "id": draft_id, "expectedVersion": 1, "title": "越权修改" } }))
        .await;
    assert_eq!(code(&e), "FORBIDDEN");
    let e = w.err_as(&gangcheng, CREATE, json!({ "i": { "governmentCode": "370103", "year": 2025 } })).await;
    assert_eq!(code(&e), "FORBIDDEN");
    // The published items are public, but their audit trail is internal to 市中区.
    let pubd = w
        .ok_as(&gangcheng, r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id title } } }"#, json!({}))
        .await;
    let published_id = pubd["catalogue"]["items"][0]["id"].clone();
    let e = w
        .err_as(&gangcheng, "query($id: ID!) { item(id: $id) { events { id } } }", json!({ "id": published_id }))
        .await;
    assert_eq!(code(&e), "FORBIDDEN");
    // 市中区's own users see the draft.
    let own = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;
    let d = w
        .ok_as(&own, "query($id: ID!) { item(id: $id) { title events { eventType } } }", json!({ "id": draft_id }))
        .await;
    assert_eq!(d["item"]["title"], "市中区草拟事项");
    // An auditor reads but changes nothing.
    let e = w.err_as(&own, AMEND, json!({ "i": { "id": draft_id, "expectedVersion": 1, "title": "审计修改" } })).await;
    assert_eq!(code(&e), "FORBIDDEN");
}

#[tokio::test]
async fn a_sponsor_acts_only_on_its_own_items() {
    let w = World::seeded().await;
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2026 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let jtj = department(&w, "370103", "区教育体育局").await;
    let fgj = department(&w, "370103", "区发展改革局").await;
    let fgj_item = w
        .ok(ADD, json!({ "i": { "catalogueId": cid, "title": "设立开发区配套政策", "sponsorId": fgj, "category": "SD3_7", "plannedCompletion": "2026-12" } }))
        .await;
    let fgj_item = fgj_item["addCatalogueItem"]["id"].as_str().expect("id").to_owned();
    let jtj_user = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;

    let e = w
        .err_as(&jtj_user, AMEND, json!({ "i": { "id": fgj_item, "expectedVersion": 1, "title": "教体局越权修改" } }))
        .await;
    assert_eq!(code(&e), "FORBIDDEN");
    assert!(e["message"].as_str().unwrap_or("").contains("本单位承办"), "{e}");
    let add = |sponsor: &str, title: &str| json!({ "i": { "catalogueId": cid, "title": title, "sponsorId": sponsor, "category": "SD3_1", "plannedCompletion": "2026-12" } });
    let e = w.err_as(&jtj_user, ADD, add(&fgj, "替发改局提出的事项")).await;
    assert_eq!(code(&e), "FORBIDDEN");
    let own = w.ok_as(&jtj_user, ADD, add(&jtj, "全民健身设施补短板")).await;
    let own_id = own["addCatalogueItem"]["id"].as_str().expect("id").to_owned();
    // Handing its own item to another department is refused too.
    let e = w.err_as(&jtj_user, AMEND, json!({ "i": { "id": own_id, "expectedVersion": 1, "sponsorId": fgj } })).await;
    assert_eq!(code(&e), "FORBIDDEN");
    w.ok_as(
        &jtj_user,
        AMEND,
        json!({ "i": { "id": own_id, "expectedVersion": 1, "title": "全民健身设施补短板行动" } }),
    )
    .await;
}

/// Field names that must never reach the public.
const PRIVATE: &[&str] =
    &["events", "payload", "actor", "passwordHash", "password_hash", "token", "tokenHash", "roles", "username"];

fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_public_sees_only_what_is_published() {
    let w = World::seeded().await;
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2026 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let jtj = department(&w, "370103", "区教育体育局").await;
    w.ok(ADD, json!({ "i": { "catalogueId": cid, "title": "尚未公布的事项", "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2026-12" } }))
        .await;
    let public = Principal::Anonymous;

    let everything = r#"{
      governments { code name departments { name } catalogues { year title status documentNumber items { title seq state sponsor { name } } } }
      items(first: 100) { edges { node { title state catalogue { year status } } } }
      me { id }
    }"#;
    let r = w.gql_as(&public, None, everything, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let text = r.to_string();
    assert!(!text.contains("尚未公布的事项"), "a draft reached the public: {text}");
    assert!(!text.contains("COLLECTING"), "a catalogue under compilation reached the public");
    assert!(text.contains("设立市中区省级经济开发区"));
    assert!(r["data"]["me"].is_null());
    let mut found = vec![];
    keys(&r, &mut found);
    for k in PRIVATE {
        assert!(!found.iter().any(|f| f == k), "the public response holds the field {k}");
    }
    let d = w.gql_as(&public, None, r#"{ catalogue(governmentCode: "370103", year: 2026) { id } }"#, json!({})).await;
    assert!(d["data"]["catalogue"].is_null());
    // The audit trail is not public; asking for it is refused.
    let r = w
        .gql_as(&public, None, r#"{ catalogue(governmentCode: "370103", year: 2022) { events { id } } }"#, json!({}))
        .await;
    assert_eq!(code(&r["errors"][0]), "UNAUTHENTICATED");
    // And the public changes nothing.
    let r = w.gql_as(&public, None, CREATE, json!({ "i": { "governmentCode": "370103", "year": 2025 } })).await;
    assert_eq!(code(&r["errors"][0]), "UNAUTHENTICATED");
}

#[tokio::test]
async fn get_requests_authenticate_too() {
    let w = World::seeded().await;
    let u = w.user("370103", None, &[Role::Head]).await;
    let app = juece_server::app(w.engine.clone(), &crate::http::serve_args());
    let get = |auth: Option<String>| {
        let app = app.clone();
        async move {
            let mut b = Request::get("/graphql?query=%7B+me+%7B+username+%7D+%7D");
            if let Some(a) = auth {
                b = b.header(header::AUTHORIZATION, a);
            }
            let resp = app.oneshot(b.body(Body::empty()).expect("request")).await.expect("answer");
            let status = resp.status();
            let body: Value =
                serde_json::from_slice(&resp.into_body().collect().await.expect("body").to_bytes()).expect("json");
            (status, body)
        }
    };
    let (status, body) = get(Some(format!("Bearer {}", u.token))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["me"]["username"], u.username);
    let (status, body) = get(None).await;
    assert_eq!((status, body["data"]["me"].clone()), (StatusCode::OK, Value::Null));
    let (status, _) = get(Some("Basic dXNlcjpwYXNz".into())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failed_logins_are_limited_per_client_across_usernames() {
    let w = World::seeded().await;
    let u = w.user_with_password("370103", None, &[Role::Head], Some(PASSWORD)).await;
    // Password spraying: one wrong guess each for many usernames, from one address.
    for i in 0..20 {
        let e = w.engine.login(&format!("someone-{i}"), "Winter2026!!", Some("10.9.8.7")).await.expect_err("wrong");
        assert_eq!(e.code(), "UNAUTHENTICATED");
    }
    let e = w.engine.login(&u.username, PASSWORD, Some("10.9.8.7")).await.expect_err("limited");
    assert!(e.to_string().contains("too many failed logins from this address"), "{e}");
    // Another address is not affected, and the limit lifts after its window.
    assert!(w.engine.login(&u.username, PASSWORD, Some("10.9.8.8")).await.is_ok());
    w.clock.advance(chrono::Duration::seconds(61));
    assert!(w.engine.login(&u.username, PASSWORD, Some("10.9.8.7")).await.is_ok());
}

#[tokio::test]
async fn only_the_embedded_demo_creates_users_by_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let embedded = juece_server::DbArgs {
        database_url: None,
        data_dir: dir.path().join("embedded"),
        db_max_connections: 4,
        db_busy_timeout_ms: 5000,
        signing_key_file: None,
    };
    let engine = juece_server::prepare(&embedded).await.expect("embedded start-up");
    let sponsor = engine.user_by_username("shizhong-sponsor").await.expect("query").expect("demo sponsor exists");
    assert_eq!(engine.user_roles(&sponsor).expect("roles"), [Role::Sponsor]);
    let count = juece_seeds::DEMO_USERS.len();
    for (name, ..) in juece_seeds::DEMO_USERS {
        assert!(engine.user_by_username(name).await.expect("query").is_some(), "{name}");
    }
    assert_eq!(count, 12, "one per role, and a second sponsor");
    // A token for a demo user works, as `juece user token` would print it.
    let token = engine.issue_token(&Principal::system("cli"), "shizhong-sponsor").await.expect("token");
    assert!(engine.authenticate(&token).await.is_ok());
    drop(engine);

    // A configured database is migrated but gets no seed data and no users.
    let configured = juece_server::DbArgs {
        database_url: Some(format!("sqlite://{}?mode=rwc", dir.path().join("configured.db").display())),
        data_dir: dir.path().join("unused"),
        db_max_connections: 4,
        db_busy_timeout_ms: 5000,
        signing_key_file: None,
    };
    let engine = juece_server::prepare(&configured).await.expect("configured start-up");
    assert!(engine.user_by_username("shizhong-sponsor").await.expect("query").is_none());
    assert!(engine.governments().await.expect("query").is_empty());
}
