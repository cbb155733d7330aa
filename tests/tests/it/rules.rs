//! The rule catalogue over GraphQL, open to everyone.

use juece_core::authz::Principal;
use juece_tests::World;
use serde_json::json;

#[tokio::test]
async fn the_public_reads_every_rule_and_the_profiles_that_carry_it() {
    let w = World::new().await;
    let all = w.gql_as(&Principal::Anonymous, None, "{ rules { id } }", json!({})).await;
    let n = all["data"]["rules"].as_array().map(Vec::len).expect("rules");
    assert_eq!(n, juece_core::rule_catalogue::RULES.len());
    assert_eq!(n, 99);
    let national = w.gql_as(&Principal::Anonymous, None, "{ rules(profile: NATIONAL) { id } }", json!({})).await;
    let ids: Vec<_> = national["data"]["rules"].as_array().expect("rules").iter().map(|r| r["id"].clone()).collect();
    assert!(!ids.contains(&json!("R-01-2")), "Shandong's seven categories are not national law");
    assert!(ids.contains(&json!("R-10-7")));
    let r = w
        .gql_as(
            &Principal::Anonymous,
            None,
            r#"{ rule(id: "R-05-5") { id kinds profiles sources keyPhraseZh unconfirmed } }"#,
            json!({}),
        )
        .await;
    let r = &r["data"]["rule"];
    assert_eq!(r["kinds"][0], "HARD_GUARD_WITH_OVERRIDE");
    assert_eq!(r["profiles"], json!(["NATIONAL", "SHANDONG"]));
    assert!(!r["keyPhraseZh"].as_str().unwrap_or("").is_empty());
    let hg = w.gql_as(&Principal::Anonymous, None, "{ rules(kind: HARD_GUARD) { id kinds } }", json!({})).await;
    for rule in hg["data"]["rules"].as_array().expect("rules") {
        assert!(rule["kinds"].as_array().expect("kinds").contains(&json!("HARD_GUARD")));
    }
    let none = w.gql_as(&Principal::Anonymous, None, r#"{ rule(id: "R-99-9") { id } }"#, json!({})).await;
    assert!(none["data"]["rule"].is_null());
}
