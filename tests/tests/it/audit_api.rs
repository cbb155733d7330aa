//! The audit trail over GraphQL: verification by those who audit, an item's trail paged and
//! filtered with its hash links and the rules each step was checked under, checkpoints signed on
//! demand and checked by anyone against the published key from the public feed, a government's
//! trail kept to its own organ, and bad input refused in both languages.

use crate::catalogue::CREATE;
use crate::decision::{People, at, draft, items_2022, ok, to_legality};
use juece_core::audit::{GENESIS, SignedCheckpoint, canonical_json, parse_public_key, verify_signature};
use juece_core::authz::{Principal, Role};
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};

const VERIFY: &str =
    "query($id: ID) { verifyAuditTrail(itemId: $id) { ok streams events artefacts checkpoints latestCheckpoint
    firstBreak { streamId sequence kind kindZh expected found detail } } }";

const ITEM_TRAIL: &str = "query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $actor: String,
    $types: [String!], $from: DateTime, $to: DateTime) {
  item(id: $id) { auditTrail(first: $first, after: $after, last: $last, before: $before, actorId: $actor,
                             eventTypes: $types, from: $from, to: $to) {
    edges { cursor node { id streamId sequence eventType occurredAt hash prevHash rules overrides { rule reason }
                          actor { id role } payload } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }";

const ORG_TRAIL: &str = "query($item: ID, $first: Int, $after: String, $from: DateTime, $to: DateTime) {
  auditTrail(itemId: $item, first: $first, after: $after, from: $from, to: $to) {
    edges { node { id streamId streamType sequence } } pageInfo { hasNextPage endCursor } } }";

const SIGN: &str = "mutation { signAuditCheckpoint { seq takenAt treeSize root previous statementHash keyId publicKey signature statement verified } }";

const FEED: &str = "query($first: Int, $after: String, $code: String, $since: DateTime) {
  disclosureFeed(first: $first, after: $after, governmentCode: $code, modifiedSince: $since) {
    edges { cursor node { id kind governmentCode itemId occurredAt titleZh titleEn payload } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } }";

const CHECKPOINTS: &str = "query($first: Int, $after: String) { auditCheckpoints(first: $first, after: $after) {
    edges { node { seq takenAt treeSize root previous statementHash keyId publicKey signature statement verified } }
    pageInfo { hasNextPage endCursor } } }";

const KEY: &str = "{ auditPublicKey { publicKey keyId algorithm } }";

/// Runs an operation as the public, without credentials.
async fn public(w: &World, query: &str, vars: Value) -> Value {
    w.gql_as(&Principal::Anonymous, None, query, vars).await
}

/// The error of a response that must have failed.
fn refusal(resp: &Value) -> &Value {
    assert!(
        resp.get("data").is_none_or(|d| d.is_null() || d.as_object().is_some_and(|o| o.values().all(Value::is_null))),
        "expected a refusal: {resp}"
    );
    &resp["errors"][0]
}

/// The first 2022 item of 市中区 (区教育体育局's) taken to LEGALITY_SUBMITTED by its sponsor: a
/// shortened comment round and every other region skipped, so that the trail holds steps T3–T6,
/// region events, a skip record for each region and an exception (R-05-5).
async fn scene(w: &World) -> (People, TestUser, String) {
    let p = People::of(w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(w).await;
    let id = to_legality(w, &p, &jtj, &items[0], &[]).await;
    (p, jtj, id)
}

fn edges(conn: &Value) -> Vec<Value> {
    conn["edges"].as_array().expect("edges").iter().map(|e| e["node"].clone()).collect()
}

/// Every event of an item's trail, page by page.
async fn whole_trail(w: &World, who: &TestUser, id: &str, page: i64) -> Vec<Value> {
    let mut all = Vec::new();
    let mut after = Value::Null;
    loop {
        let d = w.ok_as(who, ITEM_TRAIL, json!({ "id": id, "first": page, "after": after })).await;
        let conn = &d["item"]["auditTrail"];
        all.extend(edges(conn));
        if conn["pageInfo"]["hasNextPage"] != true {
            return all;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

fn ids(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["id"].as_str().expect("id").to_owned()).collect()
}

#[tokio::test]
async fn the_trail_verifies_for_those_who_audit_it_and_no_one_else() {
    let w = World::seeded().await;
    let (p, jtj, id) = scene(&w).await;
    let auditor = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;
    for who in [&p.office, &auditor] {
        let item = &w.ok_as(who, VERIFY, json!({ "id": id })).await["verifyAuditTrail"];
        assert_eq!(item["ok"], true, "{item}");
        assert_eq!(item["firstBreak"], Value::Null);
        assert_eq!(item["streams"], 1);
        let plain = w.ok_as(who, "query($id: ID!) { item(id: $id) { events { id } } }", json!({ "id": id })).await;
        let recorded = plain["item"]["events"].as_array().expect("events").len();
        assert_eq!(item["events"].as_u64(), Some(recorded as u64), "{item}");
        // The proposal of T3, the draft of T4, the plan of T5, the notice, the register and the
        // package of T6 at least.
        assert!(item["artefacts"].as_i64().expect("artefacts") >= 6, "{item}");

        let all = &w.ok_as(who, VERIFY, json!({})).await["verifyAuditTrail"];
        assert_eq!(all["ok"], true, "{all}");
        assert!(all["streams"].as_i64() > item["streams"].as_i64(), "{all}");
        assert!(all["events"].as_i64() > item["events"].as_i64(), "{all}");
        assert_eq!(all["checkpoints"], 0);
        assert_eq!(all["latestCheckpoint"], Value::Null);
    }

    let anonymous = public(&w, VERIFY, json!({ "id": id })).await;
    assert_eq!(code(refusal(&anonymous)), "UNAUTHENTICATED", "{anonymous}");
    let anonymous = public(&w, VERIFY, json!({})).await;
    assert_eq!(code(refusal(&anonymous)), "UNAUTHENTICATED", "{anonymous}");
    let sponsor = w.gql_as(&jtj.principal, Some(&jtj.token), VERIFY, json!({ "id": id })).await;
    assert_eq!(code(refusal(&sponsor)), "FORBIDDEN", "{sponsor}");
    let sponsor = w.gql_as(&jtj.principal, Some(&jtj.token), VERIFY, json!({})).await;
    assert_eq!(code(refusal(&sponsor)), "FORBIDDEN", "{sponsor}");
    // Another district's auditor audits its own organ, not this one's items.
    let other = w.user("370117", None, &[Role::Auditor]).await;
    let r = w.gql_as(&other.principal, Some(&other.token), VERIFY, json!({ "id": id })).await;
    assert_eq!(code(refusal(&r)), "FORBIDDEN", "{r}");
}

#[tokio::test]
async fn an_items_trail_pages_filters_and_links_each_event_to_the_one_before() {
    let w = World::seeded().await;
    let (p, jtj, id) = scene(&w).await;
    let auditor = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;

    // The whole trail, a page of 100, and again three at a time: the same events in the same order.
    let d = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 100 })).await;
    let all = edges(&d["item"]["auditTrail"]);
    assert_eq!(d["item"]["auditTrail"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(d["item"]["auditTrail"]["pageInfo"]["hasPreviousPage"], false);
    let plain = w.ok_as(&auditor, "query($id: ID!) { item(id: $id) { events { id } } }", json!({ "id": id })).await;
    assert_eq!(ids(&all), ids(plain["item"]["events"].as_array().expect("events")));
    assert!(all.len() > 6, "{all:?}");
    assert_eq!(ids(&whole_trail(&w, &auditor, &id, 3).await), ids(&all));
    let first = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 3 })).await;
    assert_eq!(first["item"]["auditTrail"]["pageInfo"]["hasNextPage"], true);
    let second = w
        .ok_as(
            &auditor,
            ITEM_TRAIL,
            json!({ "id": id, "first": 3, "after": first["item"]["auditTrail"]["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(second["item"]["auditTrail"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(ids(&edges(&second["item"]["auditTrail"])), ids(&all[3..6]));
    let last = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "last": 2 })).await;
    assert_eq!(ids(&edges(&last["item"]["auditTrail"])), ids(&all[all.len() - 2..]));
    assert_eq!(last["item"]["auditTrail"]["pageInfo"]["hasPreviousPage"], true);

    // Each event names the hash of the one before it; the first names 64 zeros.
    let mut prev = GENESIS.to_owned();
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["sequence"], i as i64 + 1, "{e}");
        assert_eq!(e["prevHash"], prev.as_str(), "event {i}: {e}");
        let hash = e["hash"].as_str().expect("hash");
        assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
        assert_ne!(hash, prev);
        prev = hash.to_owned();
    }

    // A step lists the guards it was checked under: T6 the package with its procedure statement
    // (R-10-2); the comment notice its shortened period, relied on with its reason (R-05-5).
    let step =
        |t: &str| all.iter().find(|e| e["payload"]["step"] == t).unwrap_or_else(|| panic!("no {t} in {all:?}")).clone();
    let rules = |e: &Value| -> Vec<String> {
        e["rules"].as_array().expect("rules").iter().map(|r| r.as_str().expect("rule").to_owned()).collect()
    };
    assert!(rules(&step("T6")).contains(&"R-10-2".to_owned()), "{}", step("T6"));
    assert!(rules(&step("T3")).contains(&"R-01-6".to_owned()), "{}", step("T3"));
    assert_eq!(step("T6")["actor"]["role"], "SPONSOR");
    let overridden: Vec<&Value> =
        all.iter().flat_map(|e| e["overrides"].as_array().expect("overrides").iter()).collect();
    assert!(
        overridden.iter().any(|o| o["rule"] == "R-05-5" && o["reason"].as_str().is_some_and(|r| r.contains("紧急"))),
        "{overridden:?}"
    );

    // By event type: only those, and all of them; an empty list matches nothing.
    let d = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 100, "types": ["RegionStateChanged"] })).await;
    let regions = edges(&d["item"]["auditTrail"]);
    assert!(!regions.is_empty());
    assert!(regions.iter().all(|e| e["eventType"] == "RegionStateChanged"));
    assert_eq!(regions.len(), all.iter().filter(|e| e["eventType"] == "RegionStateChanged").count());
    let d = w
        .ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 100, "types": ["ItemStateChanged", "DraftRevised"] }))
        .await;
    let kinds = edges(&d["item"]["auditTrail"]);
    assert_eq!(kinds.len(), all.iter().filter(|e| e["eventType"] == "ItemStateChanged").count());
    let d = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 100, "types": [] })).await;
    assert!(edges(&d["item"]["auditTrail"]).is_empty());

    // By actor: the sponsor's steps, not the head's start decision.
    let sponsor_id = jtj.principal.user().expect("user").user_id.to_string();
    let d = w.ok_as(&auditor, ITEM_TRAIL, json!({ "id": id, "first": 100, "actor": sponsor_id })).await;
    let by_sponsor = edges(&d["item"]["auditTrail"]);
    assert!(!by_sponsor.is_empty());
    assert!(by_sponsor.iter().all(|e| e["actor"]["id"] == sponsor_id.as_str()));
    assert_eq!(by_sponsor.len(), all.iter().filter(|e| e["actor"]["id"] == sponsor_id.as_str()).count());
    let head_id = p.head.principal.user().expect("user").user_id.to_string();
    assert!(by_sponsor.iter().all(|e| e["actor"]["id"] != head_id.as_str()));

    // By time: the walk opened its notice on 22 November and closed it on the 25th; `to` is
    // exclusive.
    let d = w
        .ok_as(
            &auditor,
            ITEM_TRAIL,
            json!({ "id": id, "first": 100, "from": "2026-11-22T00:00:00Z", "to": "2026-11-25T00:00:00Z" }),
        )
        .await;
    let window = edges(&d["item"]["auditTrail"]);
    assert!(!window.is_empty());
    let in_window = |e: &Value| {
        let t = chrono::DateTime::parse_from_rfc3339(e["occurredAt"].as_str().expect("time")).expect("rfc3339");
        t >= chrono::DateTime::parse_from_rfc3339("2026-11-22T00:00:00Z").expect("t")
            && t < chrono::DateTime::parse_from_rfc3339("2026-11-25T00:00:00Z").expect("t")
    };
    assert!(window.iter().all(in_window), "{window:?}");
    assert_eq!(ids(&window), ids(&all.iter().filter(|e| in_window(e)).cloned().collect::<Vec<_>>()));
    assert!(window.len() < all.len());

    // The trail is the auditors', the office's and the justice bureau's, not the sponsor's nor
    // the public's.
    let r = w.gql_as(&jtj.principal, Some(&jtj.token), ITEM_TRAIL, json!({ "id": id, "first": 5 })).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r}");
    let r = w.gql_as(&p.justice.principal, Some(&p.justice.token), ITEM_TRAIL, json!({ "id": id, "first": 5 })).await;
    assert!(r.get("errors").is_none(), "{r}");
    let r = public(&w, ORG_TRAIL, json!({ "item": id, "first": 5 })).await;
    assert_eq!(code(refusal(&r)), "UNAUTHENTICATED", "{r}");
}

#[tokio::test]
async fn a_checkpoint_signed_on_demand_is_on_the_public_feed_and_verifies_under_the_published_key() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id").to_owned();
    at(&w, 2026, 11, 20);
    ok(
        &w,
        &p.head,
        "initiateItem",
        &id,
        json!({ "decidedOn": "2022-07-01", "leadSponsorId": items[0]["sponsor"]["id"] }),
    )
    .await;
    ok(&w, &jtj, "startDrafting", &id, draft("全民健身设施管理实施细则", "第一条 ……")).await;

    let r = w.gql_as(&jtj.principal, Some(&jtj.token), SIGN, json!({})).await;
    assert_eq!(code(refusal(&r)), "FORBIDDEN", "{r}");
    let r = public(&w, SIGN, json!({})).await;
    assert_eq!(code(refusal(&r)), "UNAUTHENTICATED", "{r}");
    assert_eq!(w.db.count("SELECT COUNT(*) FROM audit_checkpoints").await, 0);

    let first = w.ok_as(&p.office, SIGN, json!({})).await["signAuditCheckpoint"].clone();
    assert_eq!(first["seq"], 1);
    assert_eq!(first["verified"], true);
    assert_eq!(first["previous"], Value::Null);
    assert!(first["treeSize"].as_i64().expect("size") > 1, "{first}");
    // On demand, a checkpoint is signed even when nothing moved since the last one.
    at(&w, 2026, 11, 21);
    let second = w.ok_as(&p.office, SIGN, json!({})).await["signAuditCheckpoint"].clone();
    assert_eq!(second["seq"], 2);
    assert_eq!(second["previous"], first["statementHash"]);
    assert_eq!(second["root"], first["root"]);

    // The published key is the deployment's.
    let key = public(&w, KEY, json!({})).await;
    assert!(key.get("errors").is_none(), "{key}");
    let key = &key["data"]["auditPublicKey"];
    assert_eq!(key["algorithm"], "Ed25519");
    let deployment = juece_tests::test_signing_key().verifying_key();
    let published = parse_public_key(key["publicKey"].as_str().expect("hex")).expect("a public key");
    assert_eq!(published, deployment);
    assert_eq!(key["keyId"], juece_core::audit::key_id(&deployment).as_str());
    assert_eq!(first["keyId"], key["keyId"]);

    // Anyone reads the feed and checks each checkpoint's signature themselves.
    let feed = public(&w, FEED, json!({ "first": 50 })).await;
    assert!(feed.get("errors").is_none(), "{feed}");
    let entries: Vec<Value> =
        edges(&feed["data"]["disclosureFeed"]).into_iter().filter(|e| e["kind"] == "CHECKPOINT_SIGNED").collect();
    assert_eq!(entries.len(), 2, "{feed}");
    for e in &entries {
        assert_eq!(e["governmentCode"], Value::Null);
        assert!(e["titleZh"].as_str().is_some_and(|t| t.contains("检查点")), "{e}");
        let signed: SignedCheckpoint = serde_json::from_value(e["payload"].clone()).expect("a signed checkpoint");
        assert!(verify_signature(&signed, &published), "{e}");
        let mut forged = signed.clone();
        forged.statement.tree_size += 1;
        assert!(!verify_signature(&forged, &published));
    }
    // Newest first: checkpoint 2, then 1; the statement the feed carries is the one signed.
    let newest: SignedCheckpoint = serde_json::from_value(entries[0]["payload"].clone()).expect("checkpoint");
    assert_eq!(newest.statement.seq, 2);
    assert_eq!(
        String::from_utf8(canonical_json(&newest.statement)).expect("utf-8"),
        second["statement"].as_str().expect("s")
    );
    assert_eq!(newest.signature, second["signature"].as_str().expect("signature"));

    // The feed pages, narrows to an organ (whose feed holds the checkpoints too) and to a time.
    let page = public(&w, FEED, json!({ "first": 1 })).await;
    let page = &page["data"]["disclosureFeed"];
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    let next = public(&w, FEED, json!({ "first": 1, "after": page["pageInfo"]["endCursor"] })).await;
    let next = &next["data"]["disclosureFeed"];
    assert_eq!(next["pageInfo"]["hasPreviousPage"], true);
    assert_ne!(edges(next)[0]["id"], edges(page)[0]["id"]);
    let district = public(&w, FEED, json!({ "first": 50, "code": "370103" })).await;
    assert!(
        edges(&district["data"]["disclosureFeed"]).iter().filter(|e| e["kind"] == "CHECKPOINT_SIGNED").count() == 2,
        "{district}"
    );
    let unknown = public(&w, FEED, json!({ "first": 50, "code": "999999" })).await;
    assert!(unknown.get("errors").is_none(), "{unknown}");
    assert!(edges(&unknown["data"]["disclosureFeed"]).is_empty());
    let since = public(&w, FEED, json!({ "first": 50, "since": "2026-11-21T00:00:00Z" })).await;
    let since: Vec<Value> =
        edges(&since["data"]["disclosureFeed"]).into_iter().filter(|e| e["kind"] == "CHECKPOINT_SIGNED").collect();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0]["id"], entries[0]["id"]);

    // The checkpoints, newest first, each verified under the deployment key.
    let list = public(&w, CHECKPOINTS, json!({})).await;
    assert!(list.get("errors").is_none(), "{list}");
    let cps = edges(&list["data"]["auditCheckpoints"]);
    assert_eq!(cps.iter().map(|c| c["seq"].as_i64().expect("seq")).collect::<Vec<_>>(), vec![2, 1]);
    assert!(cps.iter().all(|c| c["verified"] == true));
    assert_eq!(cps[0], second);
    assert_eq!(cps[1], first);
    let one = public(&w, CHECKPOINTS, json!({ "first": 1 })).await;
    assert_eq!(one["data"]["auditCheckpoints"]["pageInfo"]["hasNextPage"], true);
    let rest = public(
        &w,
        CHECKPOINTS,
        json!({ "first": 1, "after": one["data"]["auditCheckpoints"]["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(edges(&rest["data"]["auditCheckpoints"])[0]["seq"], 1);
    assert_eq!(rest["data"]["auditCheckpoints"]["pageInfo"]["hasNextPage"], false);
    let by_seq =
        public(&w, "query($s: Int!) { auditCheckpoint(seq: $s) { seq signature verified } }", json!({ "s": 1 })).await;
    assert_eq!(by_seq["data"]["auditCheckpoint"]["signature"], first["signature"]);
    let none = public(&w, "query($s: Int!) { auditCheckpoint(seq: $s) { seq } }", json!({ "s": 99 })).await;
    assert_eq!(none["data"]["auditCheckpoint"], Value::Null);

    // Verification covers the checkpoints too.
    let v = &w.ok_as(&p.office, VERIFY, json!({})).await["verifyAuditTrail"];
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["checkpoints"], 2);
    assert_eq!(v["latestCheckpoint"], 2);
}

#[tokio::test]
async fn without_a_signing_key_nothing_is_signed_and_no_key_is_published() {
    let w = World::seeded().await;
    let office = w.user("370103", Some("区政府办公室"), &[Role::GovOffice]).await;
    let (_, clock) = w.db.engine();
    let unkeyed = juece_engine::Engine::new(w.db.store.clone(), clock);
    let schema = juece_graphql::build_schema(unkeyed, juece_graphql::Limits::default());
    let run = async |principal: &Principal, query: &str| {
        let req = async_graphql::Request::new(query).data(principal.clone());
        serde_json::to_value(schema.execute(req).await).expect("json")
    };
    let r = run(&office.principal, SIGN).await;
    assert_eq!(code(&r["errors"][0]), "UNAVAILABLE", "{r}");
    assert!(r["errors"][0]["extensions"]["messageZh"].as_str().is_some_and(|m| m.contains("密钥")), "{r}");
    let r = run(&Principal::Anonymous, KEY).await;
    assert_eq!(r["data"]["auditPublicKey"], Value::Null, "{r}");
}

#[tokio::test]
async fn an_auditors_organisation_wide_trail_holds_their_own_government_only() {
    let w = World::seeded().await;
    let (_, _, id) = scene(&w).await;
    // 钢城区 opens a catalogue of its own.
    let other = w.ok(CREATE, json!({ "i": { "governmentCode": "370117", "year": 2026 } })).await;
    let other_catalogue = other["createCatalogue"]["id"].as_str().expect("id").to_owned();

    let auditor = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;
    let mut streams = std::collections::BTreeSet::new();
    let mut events = 0;
    let mut after = Value::Null;
    loop {
        let d = w.ok_as(&auditor, ORG_TRAIL, json!({ "first": 100, "after": after })).await;
        let conn = &d["auditTrail"];
        for e in edges(conn) {
            streams.insert(e["streamId"].as_str().expect("id").to_owned());
            events += 1;
        }
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    assert!(streams.contains(&id), "the item's stream is in its organ's trail");
    assert!(!streams.contains(&other_catalogue), "another government's catalogue leaked into 370103's trail");
    assert!(events > 10);

    // 钢城区's auditor sees its own catalogue and none of 市中区's item.
    let theirs = w.user("370117", None, &[Role::Auditor]).await;
    let d = w.ok_as(&theirs, ORG_TRAIL, json!({ "first": 100 })).await;
    let seen: Vec<String> =
        edges(&d["auditTrail"]).iter().map(|e| e["streamId"].as_str().expect("id").to_owned()).collect();
    assert!(seen.contains(&other_catalogue), "{seen:?}");
    assert!(!seen.contains(&id));
    let r = w.gql_as(&theirs.principal, Some(&theirs.token), ORG_TRAIL, json!({ "item": id, "first": 5 })).await;
    assert_eq!(code(refusal(&r)), "FORBIDDEN", "{r}");

    // With an item, the organisation-wide query is that item's trail.
    let d = w.ok_as(&auditor, ORG_TRAIL, json!({ "item": id, "first": 100 })).await;
    assert!(edges(&d["auditTrail"]).iter().all(|e| e["streamId"] == id.as_str()));
}

#[tokio::test]
async fn bad_input_is_refused_in_both_languages() {
    let w = World::seeded().await;
    let auditor = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id");
    let cases: Vec<(&str, Value, bool)> = vec![
        (ORG_TRAIL, json!({ "first": 1000 }), false),
        (ITEM_TRAIL, json!({ "id": id, "first": 1000 }), false),
        (ITEM_TRAIL, json!({ "id": id, "last": 101 }), false),
        (ITEM_TRAIL, json!({ "id": id, "first": 1, "last": 1 }), false),
        (ORG_TRAIL, json!({ "item": "not-an-id", "first": 5 }), false),
        (VERIFY, json!({ "id": "not-an-id" }), false),
        (ORG_TRAIL, json!({ "first": 5, "from": "2026-11-25T00:00:00Z", "to": "2026-11-20T00:00:00Z" }), false),
        (ITEM_TRAIL, json!({ "id": id, "from": "2026-11-25T00:00:00Z", "to": "2026-11-20T00:00:00Z" }), false),
        (ORG_TRAIL, json!({ "first": 5, "after": "not a cursor" }), false),
        (FEED, json!({ "first": 1000 }), true),
        (FEED, json!({ "first": 51 }), true),
        (FEED, json!({ "first": 5, "after": "not a cursor" }), true),
        (CHECKPOINTS, json!({ "first": 1000 }), true),
        (CHECKPOINTS, json!({ "first": 5, "after": "bm90IGEgY3Vyc29y" }), true),
    ];
    for (query, vars, anonymous) in cases {
        let r = if anonymous {
            public(&w, query, vars.clone()).await
        } else {
            w.gql_as(&auditor.principal, Some(&auditor.token), query, vars.clone()).await
        };
        let e = &r["errors"][0];
        assert_eq!(code(e), "BAD_USER_INPUT", "{vars}: {r}");
        let zh = e["extensions"]["messageZh"].as_str().unwrap_or("");
        let en = e["extensions"]["messageEn"].as_str().unwrap_or("");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{vars}: no Chinese message: {r}");
        assert!(!en.is_empty() && en.is_ascii(), "{vars}: no English message: {r}");
    }
}
