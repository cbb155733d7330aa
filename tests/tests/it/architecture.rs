//! Structural checks: dependency direction between the crates, and the committed schema.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// Every package `name` depends on for building (normal dependencies, transitively).
fn normal_closure(meta: &Value, name: &str) -> BTreeSet<String> {
    let packages: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().expect("id"), p["name"].as_str().expect("name")))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve.nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("id"), n))
        .collect();
    let start = packages.iter().find(|(_, n)| **n == name).map(|(id, _)| *id).expect("package exists");
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let normal = dep["dep_kinds"].as_array().expect("dep_kinds").iter().any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().expect("pkg");
            if normal && seen.insert(packages[dep_id].to_owned()) {
                stack.push(dep_id);
            }
        }
    }
    seen
}

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON")
}

#[test]
fn dependencies_point_one_way() {
    let meta = metadata();
    let core = normal_closure(&meta, "juece-core");
    for forbidden in ["tokio", "sea-orm", "sea-query", "sqlx", "async-graphql", "axum", "hyper"] {
        assert!(!core.contains(forbidden), "juece-core must not depend on {forbidden}; it depends on {core:?}");
    }
    let juece_in_core: Vec<_> = core.iter().filter(|d| d.starts_with("juece-")).collect();
    assert!(juece_in_core.is_empty(), "juece-core must not depend on another juece crate: {juece_in_core:?}");

    let not_above = |pkg: &str, forbidden: &[&str]| {
        let deps = normal_closure(&meta, pkg);
        for f in forbidden {
            assert!(!deps.contains(*f), "{pkg} must not depend on {f}");
        }
    };
    not_above("juece-store", &["juece-engine", "juece-graphql", "juece-server", "async-graphql", "axum"]);
    not_above("juece-engine", &["juece-graphql", "juece-server", "async-graphql", "axum"]);
    not_above("juece-graphql", &["juece-server", "axum", "juece-migrations"]);
    not_above("juece-migrations", &["juece-store", "juece-core"]);
}

#[test]
fn committed_schema_matches_the_code() {
    let path = workspace_root().join("schema/schema.graphql");
    let sdl = juece_graphql::sdl();
    if std::env::var("UPDATE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &sdl).expect("write schema/schema.graphql");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == sdl,
        "schema/schema.graphql differs from the schema the code defines; run `UPDATE_SCHEMA=1 cargo test` and commit the result"
    );
}

#[tokio::test]
async fn tests_run_on_the_backend_asked_for() {
    let db = juece_tests::TestDb::new().await;
    let want = if std::env::var("TEST_DATABASE_URL").is_ok_and(|s| !s.is_empty()) {
        juece_tests::Backend::Postgres
    } else {
        juece_tests::Backend::Sqlite
    };
    assert_eq!(db.backend, want);
    println!("integration tests on {:?}", db.backend);
}

/// Replaces the text between two markers in ARCHITECTURE.md with `generated` when UPDATE_SCHEMA=1,
/// and otherwise checks that it is there unchanged.
pub fn generated_section(begin: &str, end: &str, generated: &str) {
    let path = workspace_root().join("ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).expect("ARCHITECTURE.md");
    let (Some(a), Some(b)) = (doc.find(begin), doc.find(end)) else {
        panic!("ARCHITECTURE.md lacks the markers {begin} … {end}");
    };
    let start = a + begin.len();
    if std::env::var("UPDATE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::write(&path, format!("{}{generated}{}", &doc[..start], &doc[b..])).expect("write ARCHITECTURE.md");
        return;
    }
    assert!(
        doc[start..b] == *generated,
        "the generated section {begin} of ARCHITECTURE.md differs from the code; run `UPDATE_SCHEMA=1 cargo test` and commit"
    );
}

#[test]
fn the_item_state_diagram_in_the_docs_is_drawn_from_the_table() {
    let diagram = format!("```mermaid\n{}```\n", juece_core::procedure::render_mermaid());
    generated_section("<!-- item-state-diagram:begin -->\n", "<!-- item-state-diagram:end -->", &diagram);
}
