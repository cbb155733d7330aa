//! Working days over GraphQL: the worked examples of the rule catalogue §3.6, and refusal where
//! the calendar is not loaded.

use juece_tests::{World, code};
use serde_json::json;

#[tokio::test]
async fn the_worked_examples_hold_over_graphql() {
    let w = World::new().await;
    let q = "query($f: Date!, $n: Int!) { addWorkingDays(from: $f, days: $n) }";
    // Across the 2025 National Day break, with the make-up Sunday 09-28 and Saturday 10-11.
    assert_eq!(w.ok(q, json!({ "f": "2025-09-26", "n": 7 })).await["addWorkingDays"], "2025-10-13");
    // Across the 2026 Spring Festival, ending on the make-up Saturday 02-28.
    assert_eq!(w.ok(q, json!({ "f": "2026-02-12", "n": 7 })).await["addWorkingDays"], "2026-02-28");
    let b = "query($f: Date!, $t: Date!) { workingDaysBetween(from: $f, to: $t) }";
    assert_eq!(w.ok(b, json!({ "f": "2025-09-26", "t": "2025-10-13" })).await["workingDaysBetween"], 7);
    assert_eq!(w.ok(b, json!({ "f": "2025-10-13", "t": "2025-09-26" })).await["workingDaysBetween"], -7);
}

#[tokio::test]
async fn a_year_not_loaded_is_refused_not_guessed() {
    let w = World::new().await;
    let e = w.err("{ addWorkingDays(from: \"2027-03-01\", days: 7) }", json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert!(e["message"].as_str().unwrap_or("").contains("2027"), "{e}");
    let e = w.err("{ addWorkingDays(from: \"2026-02-30\", days: 7) }", json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    let e = w.err("{ addWorkingDays(from: \"2026-02-12\", days: -1) }", json!({})).await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
}
