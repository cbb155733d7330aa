//! The public reads are cached, and a cached read is never stale: a public read after a step, a
//! comment, a moderation, a checkpoint signed by another engine on the same database (as another
//! process would) or a row changed behind every engine's back shows the change at once, over
//! GraphQL and on the portal's pages; and a consultation stops accepting comments when its last
//! day has passed, with nothing written.

use crate::decision::{People, at, items_2022, open_for_comment};
use crate::http::serve_args;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use juece_core::authz::{Principal, Role};
use juece_engine::Engine;
use juece_tests::World;
use serde_json::{Value, json};
use tower::ServiceExt;

const ITEM: &str = r#"query($id: ID!) { publicItem(id: $id) { title stage timeline { step }
    consultation { accepting received published } }
    publicComments(itemId: $id, first: 20) { edges { node { body groupSize } } } }"#;

const FEED: &str = "{ disclosureFeed(first: 20) { edges { node { kind itemId } } } }";

async fn anonymous(w: &World, q: &str, vars: Value) -> Value {
    let r = w.gql_as(&Principal::Anonymous, None, q, vars).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"].clone()
}

async fn item(w: &World, id: &str) -> Value {
    anonymous(w, ITEM, json!({ "id": id })).await
}

/// The kinds on the feed, newest first.
async fn feed(w: &World) -> Vec<String> {
    let d = anonymous(w, FEED, json!({})).await;
    d["disclosureFeed"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["kind"].as_str().map(str::to_owned))
        .collect()
}

async fn page(app: &Router, path: &str) -> String {
    let resp = app.clone().oneshot(Request::get(path).body(Body::empty()).expect("request")).await.expect("answer");
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    String::from_utf8(resp.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("UTF-8")
}

/// Reads every public view of the item twice, so that the second read of each comes from the
/// cache if it is cached at all; returns the GraphQL item, the feed and the two pages.
async fn read_all(w: &World, app: &Router, id: &str) -> (Value, Vec<String>, String, String) {
    for _ in 0..2 {
        item(w, id).await;
        feed(w).await;
        page(app, &format!("/item/{id}")).await;
        page(app, "/feed.atom").await;
    }
    (item(w, id).await, feed(w).await, page(app, &format!("/item/{id}")).await, page(app, "/feed.atom").await)
}

#[tokio::test]
async fn a_public_read_after_a_step_a_comment_or_a_moderation_shows_it_at_once() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id").to_owned();
    let app = juece_server::app(w.engine.clone(), &serve_args());

    let (before, kinds, html, atom) = read_all(&w, &app, &id).await;
    assert_eq!(before["publicItem"]["stage"], "IN_CATALOGUE");
    assert!(before["publicItem"]["consultation"].is_null());
    assert!(!kinds.contains(&"COMMENT_NOTICE_OPENED".to_owned()), "{kinds:?}");
    assert!(html.contains("已列入目录") && !html.contains("<form"), "{html}");
    assert!(!atom.contains("COMMENT_NOTICE_OPENED"), "{atom}");

    // Steps through to the comment notice: each read shows where the item now stands.
    open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let (after, kinds, html, atom) = read_all(&w, &app, &id).await;
    let i = &after["publicItem"];
    assert_eq!(i["stage"], "CONSULTATION");
    let steps: Vec<&str> =
        i["timeline"].as_array().expect("timeline").iter().filter_map(|s| s["step"].as_str()).collect();
    assert_eq!(steps, ["T2", "T3", "T4", "T5", "P-NOTICE"]);
    assert_eq!(i["consultation"]["accepting"], true);
    assert_eq!(kinds.first().map(String::as_str), Some("COMMENT_NOTICE_OPENED"), "{kinds:?}");
    assert!(html.contains("征求意见等环节") && html.contains("<form"), "{html}");
    assert!(atom.contains("COMMENT_NOTICE_OPENED"), "{atom}");

    // A comment is counted as soon as its receipt is out …
    let submit = r#"mutation($i: SubmitCommentInput!) { submitComment(input: $i) { trackingNo } }"#;
    let body = "建议延长体育场馆的免费开放时间。";
    let i = json!({ "itemId": id, "kind": "ANONYMOUS", "body": body });
    anonymous(&w, submit, json!({ "i": i })).await;
    let (counted, ..) = read_all(&w, &app, &id).await;
    let c = &counted["publicItem"]["consultation"];
    assert_eq!((c["received"].as_i64(), c["published"].as_i64()), (Some(1), Some(0)));
    assert_eq!(counted["publicComments"]["edges"], json!([]));

    // … and shown as soon as it is published.
    let q = r#"query($id: ID!) { itemComments(itemId: $id, first: 10) { edges { node { id } } } }"#;
    let mine = w.gql_as(&p.office.principal, Some(&p.office.token), q, json!({ "id": id })).await;
    let ids: Vec<Value> = mine["data"]["itemComments"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect();
    let moderate = r#"mutation($i: ModerateCommentsInput!) { moderateComments(input: $i) { count } }"#;
    let r = w
        .gql_as(
            &p.office.principal,
            Some(&p.office.token),
            moderate,
            json!({ "i": { "itemId": id, "commentIds": ids, "action": "PUBLISHED" } }),
        )
        .await;
    assert_eq!(r["data"]["moderateComments"]["count"], 1, "{r}");
    let (shown, _, html, _) = read_all(&w, &app, &id).await;
    assert_eq!(shown["publicItem"]["consultation"]["published"], 1);
    assert_eq!(shown["publicComments"]["edges"][0]["node"]["body"], body);
    assert!(html.contains(body), "{html}");

    // The period ends with its last day: nothing is written, yet the next read knows.
    at(&w, 2026, 11, 25);
    let (closed, _, html, _) = read_all(&w, &app, &id).await;
    assert_eq!(closed["publicItem"]["consultation"]["accepting"], false);
    assert!(!html.contains("<form"), "{html}");
}

#[tokio::test]
async fn a_change_made_by_another_engine_or_behind_every_engines_back_shows_at_once() {
    let w = World::seeded().await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id").to_owned();
    let title = items[0]["title"].as_str().expect("title").to_owned();
    let app = juece_server::app(w.engine.clone(), &serve_args());
    let (before, kinds, _, atom) = read_all(&w, &app, &id).await;
    assert_eq!(before["publicItem"]["title"], title.as_str());
    let checkpoints = kinds.iter().filter(|k| *k == "CHECKPOINT_SIGNED").count();

    // Another engine on the same database, as another process would have: its commits are not
    // announced to this engine's subscribers, and still the next read shows them.
    let other = Engine::new(w.db.store.clone(), w.clock.clone()).with_signing_key(juece_tests::test_signing_key());
    other.sign_checkpoint(&Principal::system("another process"), false).await.expect("checkpoint");
    let (_, kinds, _, new_atom) = read_all(&w, &app, &id).await;
    assert_eq!(kinds.iter().filter(|k| *k == "CHECKPOINT_SIGNED").count(), checkpoints + 1, "{kinds:?}");
    assert_eq!(kinds.first().map(String::as_str), Some("CHECKPOINT_SIGNED"));
    assert!(new_atom.matches("<entry>").count() > atom.matches("<entry>").count(), "{new_atom}");

    // A row changed with SQL, behind every engine's back.
    let renamed = format!("{title}（修订）");
    w.db.exec(&format!("UPDATE catalogue_items SET title = '{renamed}' WHERE title = '{title}'")).await;
    let (after, _, html, _) = read_all(&w, &app, &id).await;
    assert_eq!(after["publicItem"]["title"], renamed.as_str());
    assert!(html.contains(&renamed), "{html}");
}
