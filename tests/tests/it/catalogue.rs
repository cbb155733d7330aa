//! Compiling a catalogue through the API: create, add, amend, and the audit trail each step leaves.

use juece_core::authz::{Principal, Role};
use juece_core::event::fold_item_state;
use juece_core::{DomainEvent, ItemState};
use juece_tests::World;
use serde_json::json;
use uuid::Uuid;

pub const CREATE: &str =
    "mutation($i: CreateCatalogueInputGql!) { createCatalogue(input: $i) { id year title status version itemCount } }";
pub const ADD: &str = "mutation($i: AddCatalogueItemInput!) { addCatalogueItem(input: $i) { id seq title state version category plannedCompletion sponsor { name } } }";
pub const AMEND: &str =
    "mutation($i: AmendCatalogueItemInput!) { amendCatalogueItem(input: $i) { id title version plannedCompletion } }";

/// The id of a seeded department.
pub async fn department(w: &World, code: &str, name: &str) -> String {
    let d = w.ok("query($c: String!) { government(code: $c) { departments { id name } } }", json!({ "c": code })).await;
    d["government"]["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("{name} is seeded for {code}"))["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// A new 2026 catalogue of 钢城区 with the given items (title, sponsor), returned as (catalogue id, item ids).
pub async fn catalogue_with(w: &World, items: &[(&str, &str)]) -> (String, Vec<String>) {
    let c = w.ok(CREATE, json!({ "i": { "governmentCode": "370117", "year": 2026 } })).await;
    let cid = c["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let mut ids = vec![];
    for (title, sponsor) in items {
        let s = department(w, "370117", sponsor).await;
        let d = w
            .ok(
                ADD,
                json!({ "i": { "catalogueId": cid, "title": title, "sponsorId": s, "category": "SD3_1", "plannedCompletion": "2026年12月" } }),
            )
            .await;
        ids.push(d["addCatalogueItem"]["id"].as_str().expect("id").to_owned());
    }
    (cid, ids)
}

async fn events(w: &World, stream: &str) -> Vec<DomainEvent> {
    let id = Uuid::parse_str(stream).expect("uuid");
    w.engine
        .events_of(&Principal::system("test"), id)
        .await
        .expect("events load")
        .into_iter()
        .map(|e| serde_json::from_value(e.payload).expect("payload is a DomainEvent"))
        .collect()
}

/// The stored state of every item equals the fold of its events.
pub async fn assert_state_is_fold(w: &World, item_id: &str) {
    let evs = events(w, item_id).await;
    let row = w
        .engine
        .item(&Principal::system("test"), Uuid::parse_str(item_id).expect("uuid"))
        .await
        .expect("load")
        .expect("exists");
    assert_eq!(fold_item_state(&evs).map(ItemState::as_str), Some(row.state.as_str()));
    assert_eq!(evs.len() as i32, row.version, "one event per version");
    // And the trail itself holds: every hash, link, artefact and the recorded head.
    let report =
        w.engine.verify_audit_trail(&Principal::system("test"), Some(row.id)).await.expect("verification runs");
    assert!(report.ok(), "the audit trail of {item_id} verifies: {:?}", report.first_break);
    assert_eq!(report.events, evs.len() as u64);
}

#[tokio::test]
async fn a_catalogue_is_compiled_item_by_item_with_an_event_for_each_step() {
    let w = World::seeded().await;
    // The justice bureau compiles the catalogue (R-02-1); the sponsoring department amends its own item.
    let clerk = w.user("370117", Some("区司法局"), &[Role::Justice]).await;
    let fgj = w.user("370117", Some("区发展改革局"), &[Role::Sponsor]).await;
    let c = w.ok_as(&clerk, CREATE, json!({ "i": { "governmentCode": "370117", "year": 2026 } })).await;
    assert_eq!(c["createCatalogue"]["title"], "济南市钢城区人民政府2026年度重大行政决策事项目录");
    assert_eq!(c["createCatalogue"]["status"], "COLLECTING");
    let cid = c["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let sponsor = department(&w, "370117", "区发展改革局").await;

    let a = w
        .ok_as(
            &clerk,
            ADD,
            json!({ "i": { "catalogueId": cid, "title": " 钢城区大众创业万众创新三年行动 ", "sponsorId": sponsor,
                           "category": "SD3_3", "plannedCompletion": "2026-09" } }),
        )
        .await;
    let item = &a["addCatalogueItem"];
    assert_eq!(item["seq"], 1);
    assert_eq!(item["title"], "钢城区大众创业万众创新三年行动", "titles are trimmed");
    assert_eq!(item["state"], "PROPOSED");
    assert_eq!(item["version"], 1);
    assert_eq!(item["sponsor"]["name"], "区发展改革局");
    let b = w
        .ok_as(
            &clerk,
            ADD,
            json!({ "i": { "catalogueId": cid, "title": "第二项", "sponsorId": sponsor, "category": "SD3_7", "plannedCompletion": "2026年11月" } }),
        )
        .await;
    assert_eq!(b["addCatalogueItem"]["seq"], 2);
    assert_eq!(b["addCatalogueItem"]["plannedCompletion"], "2026-11");

    let id = item["id"].as_str().expect("id").to_owned();
    let m = w
        .ok_as(&fgj, AMEND, json!({ "i": { "id": id, "expectedVersion": 1, "plannedCompletion": "2026年10月", "title": "钢城区双创三年行动" } }))
        .await;
    assert_eq!(m["amendCatalogueItem"]["version"], 2);
    assert_eq!(m["amendCatalogueItem"]["plannedCompletion"], "2026-10");

    let cat_events = w
        .ok("query($c: String!) { catalogue(governmentCode: $c, year: 2026) { version itemCount events { sequence eventType actor { kind role org } } } }", json!({ "c": "370117" }))
        .await;
    let ce = &cat_events["catalogue"];
    assert_eq!(ce["itemCount"], 2);
    assert_eq!(ce["version"], 3);
    let types: Vec<_> =
        ce["events"].as_array().expect("events").iter().map(|e| e["eventType"].as_str().unwrap_or("")).collect();
    assert_eq!(types, ["CatalogueCreated", "CatalogueItemAdded", "CatalogueItemAdded"]);
    let seqs: Vec<_> =
        ce["events"].as_array().expect("events").iter().map(|e| e["sequence"].as_i64().unwrap_or(0)).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let actor = &ce["events"][0]["actor"];
    assert_eq!((actor["kind"].as_str(), actor["role"].as_str()), (Some("USER"), Some("JUSTICE")));
    let justice_bureau = department(&w, "370117", "区司法局").await;
    assert_eq!(actor["org"], format!("370117/{justice_bureau}"));

    let it = w
        .ok_as(
            &fgj,
            "query($id: ID!) { item(id: $id) { events { eventType payload actor { role } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(it["item"]["events"][1]["actor"]["role"], "SPONSOR");
    let evs = it["item"]["events"].as_array().expect("events");
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[1]["eventType"], "ItemAmended");
    assert_eq!(evs[1]["payload"]["changes"]["planned_completion"], "2026-10");
    assert_state_is_fold(&w, &id).await;
    assert_state_is_fold(&w, b["addCatalogueItem"]["id"].as_str().expect("id")).await;
}

#[tokio::test]
async fn seeded_items_fold_to_their_stored_state() {
    let w = World::seeded().await;
    let d = w.ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id } } }"#, json!({})).await;
    for item in d["catalogue"]["items"].as_array().expect("items") {
        assert_state_is_fold(&w, item["id"].as_str().expect("id")).await;
    }
}

#[tokio::test]
async fn times_are_utc_and_round_trip_unchanged() {
    let w = World::seeded().await;
    let (_, ids) = catalogue_with(&w, &[("时间往返", "区发展改革局")]).await;
    let q = "query($id: ID!) { item(id: $id) { createdAt updatedAt } }";
    let a = w.ok(q, json!({ "id": ids[0] })).await;
    assert_eq!(a["item"]["createdAt"], "2026-11-22T10:00:00+00:00");
    assert_eq!(a, w.ok(q, json!({ "id": ids[0] })).await);
}

#[tokio::test]
async fn ids_are_uuid_v7() {
    let w = World::seeded().await;
    let (cid, ids) = catalogue_with(&w, &[("编号", "区发展改革局")]).await;
    for id in std::iter::once(&cid).chain(&ids) {
        assert_eq!(Uuid::parse_str(id).expect("uuid").get_version_num(), 7);
    }
}
