//! Every error a client can meet carries a stable code and a message in Chinese and English; a
//! forbidden step names its rule and article; nothing from the database leaks out.

use crate::catalogue::{ADD, AMEND, CREATE, catalogue_with, department};
use juece_tests::{World, code};
use serde_json::json;

fn assert_bilingual(err: &serde_json::Value) {
    let m = err["message"].as_str().expect("message");
    assert!(m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "no Chinese in {m}");
    assert!(m.chars().any(|c| c.is_ascii_alphabetic()), "no English in {m}");
    assert!(err["extensions"]["messageZh"].is_string() && err["extensions"]["messageEn"].is_string());
}

#[tokio::test]
async fn adding_to_a_published_catalogue_is_refused_under_r_02_6() {
    let w = World::seeded().await;
    let cat = w.ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { id } }"#, json!({})).await;
    let sponsor = department(&w, "370103", "区教育体育局").await;
    let e = w
        .err(
            ADD,
            json!({ "i": { "catalogueId": cat["catalogue"]["id"], "title": "新增事项", "sponsorId": sponsor, "category": "SD3_1", "plannedCompletion": "2022-11" } }),
        )
        .await;
    assert_eq!(code(&e), "PROCEDURE_VIOLATION");
    assert_eq!(e["extensions"]["rule"], "R-02-6");
    assert!(e["extensions"]["article"].as_str().expect("article").contains("国务院令第713号"));
    assert_bilingual(&e);
    // Nothing was written.
    let after = w
        .ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { itemCount version items { id } } }"#, json!({}))
        .await;
    assert_eq!(after["catalogue"]["itemCount"], 2);
    assert_eq!(after["catalogue"]["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn amending_a_published_item_is_refused_under_r_02_6() {
    let w = World::seeded().await;
    let d = w.ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id version } } }"#, json!({})).await;
    let item = &d["catalogue"]["items"][0];
    let e =
        w.err(AMEND, json!({ "i": { "id": item["id"], "expectedVersion": item["version"], "title": "改名" } })).await;
    assert_eq!(code(&e), "PROCEDURE_VIOLATION");
    assert_eq!(e["extensions"]["rule"], "R-02-6");
}

#[tokio::test]
async fn bad_input_is_named_by_field() {
    let w = World::seeded().await;
    let e = w.err(CREATE, json!({ "i": { "governmentCode": "37011", "year": 2026 } })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert_eq!(e["extensions"]["field"], "governmentCode");
    assert_bilingual(&e);

    let e = w.err(CREATE, json!({ "i": { "governmentCode": "370117", "year": 2031 } })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert_eq!(e["extensions"]["field"], "year");

    let (cid, _) = catalogue_with(&w, &[]).await;
    let sponsor = department(&w, "370117", "区发展改革局").await;
    let add = |title: &str, planned: &str| json!({ "i": { "catalogueId": cid, "title": title, "sponsorId": sponsor, "category": "SD3_1", "plannedCompletion": planned } });
    let e = w.err(ADD, add("合格名称", "十月")).await;
    assert_eq!((code(&e), e["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("plannedCompletion")));
    let e = w.err(ADD, add("合格名称", "2025-12")).await;
    assert_eq!((code(&e), e["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("plannedCompletion")));
    let e = w.err(ADD, add(" ", "2026-12")).await;
    assert_eq!((code(&e), e["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("title")));
    let e = w.err("query { item(id: \"not-a-uuid\") { id } }", json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");

    // A sponsor of another decision organ cannot sponsor this one's item.
    let other = department(&w, "370103", "区教育体育局").await;
    let e = w
        .err(ADD, json!({ "i": { "catalogueId": cid, "title": "跨区承办", "sponsorId": other, "category": "SD3_1", "plannedCompletion": "2026-12" } }))
        .await;
    assert_eq!((code(&e), e["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("sponsorId")));
}

#[tokio::test]
async fn unknown_things_are_not_found() {
    let w = World::seeded().await;
    let e = w.err(CREATE, json!({ "i": { "governmentCode": "110101", "year": 2026 } })).await;
    assert_eq!(code(&e), "NOT_FOUND");
    assert_bilingual(&e);
    let (cid, _) = catalogue_with(&w, &[]).await;
    let e = w
        .err(
            ADD,
            json!({ "i": { "catalogueId": cid, "title": "无此单位", "sponsorId": uuid::Uuid::now_v7().to_string(), "category": "SD3_1", "plannedCompletion": "2026-12" } }),
        )
        .await;
    assert_eq!(code(&e), "NOT_FOUND");
    let d = w.ok("query($id: ID!) { item(id: $id) { id } }", json!({ "id": uuid::Uuid::now_v7().to_string() })).await;
    assert!(d["item"].is_null());
    let d = w.ok(r#"{ catalogue(governmentCode: "370103", year: 2019) { id } }"#, json!({})).await;
    assert!(d["catalogue"].is_null());
}

#[tokio::test]
async fn a_second_catalogue_for_the_same_year_is_a_conflict() {
    let w = World::seeded().await;
    w.ok(CREATE, json!({ "i": { "governmentCode": "370114", "year": 2026 } })).await;
    let e = w.err(CREATE, json!({ "i": { "governmentCode": "370114", "year": 2026 } })).await;
    assert_eq!(code(&e), "CONFLICT");
    assert_bilingual(&e);
}

#[tokio::test]
async fn an_amendment_at_an_old_version_is_a_conflict_and_changes_nothing() {
    let w = World::seeded().await;
    let (_, ids) = catalogue_with(&w, &[("版本冲突", "区发展改革局")]).await;
    w.ok(AMEND, json!({ "i": { "id": ids[0], "expectedVersion": 1, "title": "第一次修改" } })).await;
    let e = w.err(AMEND, json!({ "i": { "id": ids[0], "expectedVersion": 1, "title": "基于旧版本的修改" } })).await;
    assert_eq!(code(&e), "CONFLICT");
    let d =
        w.ok("query($id: ID!) { item(id: $id) { title version events { eventType } } }", json!({ "id": ids[0] })).await;
    assert_eq!(d["item"]["title"], "第一次修改");
    assert_eq!(d["item"]["version"], 2);
    assert_eq!(d["item"]["events"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn an_amendment_that_changes_nothing_is_refused() {
    let w = World::seeded().await;
    let (_, ids) = catalogue_with(&w, &[("无变化", "区发展改革局")]).await;
    let e = w.err(AMEND, json!({ "i": { "id": ids[0], "expectedVersion": 1, "title": "无变化" } })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_corrupt_row_is_internal_and_shows_no_database_text() {
    let w = World::seeded().await;
    let (_, ids) = catalogue_with(&w, &[("损坏的行", "区发展改革局")]).await;
    w.db.exec("UPDATE catalogue_items SET state = 'BOGUS_STATE' WHERE title = '损坏的行'").await;
    let e = w.err("query($id: ID!) { item(id: $id) { state } }", json!({ "id": ids[0] })).await;
    assert_eq!(code(&e), "INTERNAL");
    let text = e.to_string();
    assert!(!text.contains("BOGUS_STATE") && !text.contains("catalogue_items"), "leaked: {text}");
    assert!(e["extensions"]["incident"].is_string());
}

#[tokio::test]
async fn request_errors_carry_a_code() {
    let w = World::seeded().await;
    let e = w.err("{ nosuchfield }", json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert_bilingual(&e);
    let deep = "{ governments { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } } } } }";
    let e = w.err(deep, json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert!(e["message"].as_str().unwrap_or("").contains("嵌套"), "{e}");
}
