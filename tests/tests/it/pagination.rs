//! Relay pagination of items: cursors forward and backward, limits, and filters.

use crate::catalogue::catalogue_with;
use juece_tests::{World, code};
use serde_json::{Value, json};

const PAGE: &str = "query($f: ItemFilterInput, $first: Int, $after: String, $last: Int, $before: String) {
  items(filter: $f, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { title seq } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }";

fn titles(v: &Value) -> Vec<String> {
    v["items"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn items_page_forward_and_backward() {
    let w = World::seeded().await;
    let names = ["事项一", "事项二", "事项三", "事项四", "事项五"];
    let items: Vec<_> = names.iter().map(|n| (*n, "区发展改革局")).collect();
    catalogue_with(&w, &items).await;
    let f = json!({ "governmentCode": "370117" });

    let p1 = w.ok(PAGE, json!({ "f": f, "first": 2 })).await;
    assert_eq!(titles(&p1), ["事项一", "事项二"]);
    assert_eq!(p1["items"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(p1["items"]["pageInfo"]["hasPreviousPage"], false);
    let p2 = w.ok(PAGE, json!({ "f": f, "first": 2, "after": p1["items"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(titles(&p2), ["事项三", "事项四"]);
    let p3 = w.ok(PAGE, json!({ "f": f, "first": 2, "after": p2["items"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(titles(&p3), ["事项五"]);
    assert_eq!(p3["items"]["pageInfo"]["hasNextPage"], false);

    let back = w.ok(PAGE, json!({ "f": f, "last": 2, "before": p3["items"]["pageInfo"]["startCursor"] })).await;
    assert_eq!(titles(&back), ["事项三", "事项四"]);
    assert_eq!(back["items"]["pageInfo"]["hasPreviousPage"], true);
    let last = w.ok(PAGE, json!({ "f": f, "last": 1 })).await;
    assert_eq!(titles(&last), ["事项五"]);
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let w = World::seeded().await;
    catalogue_with(&w, &[("钢城甲", "区发展改革局"), ("钢城乙", "区发展改革局")]).await;
    let all = w.ok(PAGE, json!({})).await;
    assert_eq!(titles(&all).len(), 4, "two seeded items of 市中区 and two new ones");
    let shizhong = w.ok(PAGE, json!({ "f": { "governmentCode": "370103", "year": 2022 } })).await;
    assert_eq!(titles(&shizhong).len(), 2);
    let in_cat = w.ok(PAGE, json!({ "f": { "states": ["IN_CATALOGUE"] } })).await;
    assert_eq!(titles(&in_cat).len(), 2);
    let by_title = w.ok(PAGE, json!({ "f": { "titleContains": "经济开发区" } })).await;
    assert_eq!(titles(&by_title), ["设立市中区省级经济开发区"]);
    let cat7 = w.ok(PAGE, json!({ "f": { "category": "SD3_7" } })).await;
    assert_eq!(titles(&cat7), ["设立市中区省级经济开发区"]);
    let unknown = w.ok(PAGE, json!({ "f": { "governmentCode": "110101" } })).await;
    assert!(titles(&unknown).is_empty());
}

#[tokio::test]
async fn page_limits_and_bad_cursors_are_refused() {
    let w = World::seeded().await;
    let e = w.err(PAGE, json!({ "first": 101 })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    let e = w.err(PAGE, json!({ "first": 1, "last": 1 })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    let e = w.err(PAGE, json!({ "first": 1, "after": "not a cursor" })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    let e = w.err(PAGE, json!({ "first": -1 })).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
}
