//! Lost races are conflicts, never silent overwrites.

use crate::catalogue::{ADD, AMEND, catalogue_with, department};
use juece_tests::{World, code};
use serde_json::json;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_amendments_at_one_version_one_wins() {
    let w = Arc::new(World::seeded().await);
    let (_, ids) = catalogue_with(&w, &[("并发修改", "区发展改革局")]).await;
    let id = ids[0].clone();
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (w, id, barrier) = (w.clone(), id.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                w.gql(AMEND, json!({ "i": { "id": id, "expectedVersion": 1, "title": format!("修改{i}") } })).await
            })
        })
        .collect();
    let mut wins = 0;
    let mut conflicts = 0;
    for t in tasks {
        let v = t.await.expect("task");
        if v.get("errors").is_none() {
            wins += 1;
        } else {
            assert_eq!(code(&v["errors"][0]), "CONFLICT", "{v}");
            conflicts += 1;
        }
    }
    assert_eq!((wins, conflicts), (1, 15));
    let d = w.ok("query($id: ID!) { item(id: $id) { version events { eventType } } }", json!({ "id": id })).await;
    assert_eq!(d["item"]["version"], 2);
    let types: Vec<_> =
        d["item"]["events"].as_array().expect("events").iter().map(|e| e["eventType"].clone()).collect();
    assert_eq!(types, [json!("ItemCreated"), json!("ItemAmended")], "exactly one amendment in the trail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_additions_all_land_with_distinct_numbers() {
    let w = Arc::new(World::seeded().await);
    let (cid, _) = catalogue_with(&w, &[]).await;
    let sponsor = department(&w, "370117", "区发展改革局").await;
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let (w, cid, sponsor) = (w.clone(), cid.clone(), sponsor.clone());
            tokio::spawn(async move {
                w.gql(ADD, json!({ "i": { "catalogueId": cid, "title": format!("并发新增{i}"), "sponsorId": sponsor, "category": "SD3_1", "plannedCompletion": "2026-12" } }))
                    .await
            })
        })
        .collect();
    let mut seqs = vec![];
    for t in tasks {
        let v = t.await.expect("task");
        assert!(v.get("errors").is_none(), "{v}");
        seqs.push(v["data"]["addCatalogueItem"]["seq"].as_i64().expect("seq"));
    }
    seqs.sort_unstable();
    assert_eq!(seqs, [1, 2, 3, 4]);
    let d = w
        .ok(
            "{ catalogue(governmentCode: \"370117\", year: 2026) { itemCount version events { sequence } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["catalogue"]["itemCount"], 4);
    assert_eq!(d["catalogue"]["version"], 5);
    assert_eq!(d["catalogue"]["events"].as_array().map(Vec::len), Some(5));
}
