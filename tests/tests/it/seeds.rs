//! The real 2022 catalogue of 市中区 and its idempotent loading.

use juece_tests::World;
use serde_json::json;

const CATALOGUE: &str = r#"{ catalogue(governmentCode: "370103", year: 2022) {
    title status documentNumber publishedOn source itemCount
    government { code name }
    items { seq title sponsor { name government { code } } plannedCompletion category state version profile { version } }
} }"#;

#[tokio::test]
async fn the_2022_catalogue_of_shizhong_is_served_as_published() {
    let w = World::seeded().await;
    let data = w.ok(CATALOGUE, json!({})).await;
    let c = &data["catalogue"];
    let file = juece_seeds::catalogue_file("370103-2022.toml").expect("seed file parses");
    assert_eq!(c["documentNumber"], "市中政字〔2022〕27号");
    assert_eq!(c["publishedOn"], "2022-06-01");
    assert_eq!(c["status"], "PUBLISHED");
    assert_eq!(c["government"]["name"], "济南市市中区人民政府");
    assert_eq!(c["itemCount"], 2);
    let items = c["items"].as_array().expect("items");
    assert_eq!(items.len(), file.item.len());
    assert_eq!(items[0]["title"], "制定出台《济南市市中区全民健身设施管理实施细则》");
    assert_eq!(items[0]["sponsor"]["name"], "区教育体育局");
    assert_eq!(items[0]["plannedCompletion"], "2022-10");
    assert_eq!(items[1]["title"], "设立市中区省级经济开发区");
    assert_eq!(items[1]["sponsor"]["name"], "区发展改革局");
    assert_eq!(items[1]["plannedCompletion"], "2022-12");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["seq"], i + 1);
        assert_eq!(item["state"], "IN_CATALOGUE", "a published catalogue's items are in the catalogue (T2)");
        assert_eq!(item["sponsor"]["government"]["code"], "370103");
        assert_eq!(item["profile"]["version"], "SHANDONG-2021-01-01", "pinned on the day of publication");
    }
}

#[tokio::test]
async fn seeding_twice_is_seeding_once() {
    let w = World::seeded().await;
    // The procedure's tests start without the recorded decisions; the first full load adds them.
    let first = juece_seeds::load(&w.engine).await.expect("full load succeeds");
    assert_eq!((first.decisions_recorded, first.tasks_assigned), (7, 232), "{first:?}");
    let before = w.ok(CATALOGUE, json!({})).await;
    let govs = w.ok("{ governments { code departments { name } } }", json!({})).await;
    let again = juece_seeds::load(&w.engine).await.expect("second load succeeds");
    assert!(again.is_empty(), "the second load created {again:?}");
    assert_eq!(w.ok(CATALOGUE, json!({})).await, before);
    assert_eq!(w.ok("{ governments { code departments { name } } }", json!({})).await, govs);
    let codes: Vec<_> =
        govs["governments"].as_array().expect("list").iter().map(|g| g["code"].as_str().unwrap_or("")).collect();
    assert_eq!(codes, ["370100", "370103", "370114", "370117"]);
}

#[tokio::test]
async fn every_seeded_department_names_a_real_gazette() {
    let w = World::seeded().await;
    let data = w.ok("{ governments { code departments { name sources kind } } }", json!({})).await;
    let mut total = 0;
    for g in data["governments"].as_array().expect("list") {
        for d in g["departments"].as_array().expect("departments") {
            total += 1;
            let sources = d["sources"].as_array().expect("sources");
            assert!(!sources.is_empty(), "{} has no source", d["name"]);
            for s in sources {
                let s = s.as_str().expect("string");
                assert!(s.contains('〔') && s.ends_with('号'), "{s} is not a document number");
            }
            assert!(matches!(d["kind"].as_str(), Some("DEPARTMENT" | "SUBDISTRICT" | "OTHER")));
        }
    }
    assert!(total > 100, "the gazettes name well over a hundred units; got {total}");
}

#[tokio::test]
async fn rule_profiles_are_listed_and_a_proposal_is_not_yet_pinned() {
    let w = World::seeded().await;
    let d = w.ok("{ ruleProfiles { version profile inForceFrom publicCommentMandatory hearingStakeholderMinShare cataloguePublicationDeadline } }", json!({})).await;
    let versions: Vec<_> = d["ruleProfiles"].as_array().expect("list").iter().map(|v| v["version"].clone()).collect();
    assert_eq!(versions, [json!("NATIONAL-2019-09-01"), json!("SHANDONG-2021-01-01"), json!("SHANDONG-2025-10-01")]);
    assert_eq!(d["ruleProfiles"][2]["hearingStakeholderMinShare"], "1/2");
    assert_eq!(d["ruleProfiles"][2]["cataloguePublicationDeadline"], "06-30");
    let c = w.ok(crate::catalogue::CREATE, json!({ "i": { "governmentCode": "370117", "year": 2026 } })).await;
    let s = crate::catalogue::department(&w, "370117", "区发展改革局").await;
    let item = w
        .ok(
            crate::catalogue::ADD,
            json!({ "i": { "catalogueId": c["createCatalogue"]["id"], "title": "尚未入目录", "sponsorId": s, "category": "SD3_1", "plannedCompletion": "2026-12" } }),
        )
        .await;
    let p = w
        .ok(
            "query($id: ID!) { item(id: $id) { profile { version } } }",
            json!({ "id": item["addCatalogueItem"]["id"] }),
        )
        .await;
    assert!(p["item"]["profile"].is_null());
}

/// The decisions published in the seed gazettes are executing items of their governments'
/// registers, each with the tasks its text assigns, read by the same reader as `importTasks`.
#[tokio::test]
async fn the_gazette_decisions_are_executing_with_their_tasks() {
    let w = World::seeded().await;
    let report = juece_seeds::load(&w.engine).await.expect("full load succeeds");
    // Three brackets of 章政办发〔2023〕2号 never close; the reader says where, and reads the rest.
    assert_eq!(report.unread.len(), 3, "{:?}", report.unread);
    let q = r#"query($g: String!) { items(filter: { governmentCode: $g, states: [EXECUTING] }, first: 50) {
        edges { node { title plannedCompletion state tasks { seq leadUnits responsibleUnits deadlines { kind dueOn } } } } } }"#;
    let mut found = Vec::new();
    for g in ["370100", "370103", "370114", "370117"] {
        let data = w.ok(q, json!({ "g": g })).await;
        for e in data["items"]["edges"].as_array().expect("edges") {
            let n = &e["node"];
            found.push((
                g,
                n["title"].as_str().unwrap_or("").to_owned(),
                n["tasks"].as_array().map_or(0, Vec::len),
                n.clone(),
            ));
        }
    }
    let got: Vec<(&str, &str, usize)> = found.iter().map(|(g, t, n, _)| (*g, t.as_str(), *n)).collect();
    assert_eq!(
        got,
        [
            ("370100", "关于印发济南市“十四五”残疾人事业发展规划的通知", 34),
            ("370103", "关于印发济南市市中区“十四五”残疾人事业发展规划的通知", 35),
            ("370114", "关于印发济南市章丘区推进气象高质量发展实施方案的通知", 18),
            ("370114", "关于印发济南市章丘区残疾预防行动计划（2023-2025年）的通知", 22),
            ("370117", "关于全面加强和改进行政执法监督工作的实施意见", 24),
            ("370117", "关于印发济南市钢城区“十四五”残疾人事业发展规划的通知", 34),
            ("370117", "关于印发济南市钢城区加快推进大众创业万众创新工作方案（2022-2025年）的通知", 65),
        ]
    );
    // 钢城政发〔2022〕6号, task 1: three lead units, its staged and final dates.
    let gc = &found[4].3["tasks"][0];
    assert_eq!(gc["leadUnits"], json!(["区委依法治区办", "区委编办", "区司法局"]));
    assert_eq!(
        gc["deadlines"],
        json!([{ "kind": "STAGED", "dueOn": "2022-12-31" }, { "kind": "FINAL", "dueOn": "2023-12-31" }])
    );
    // Recorded in the month the gazette dated them.
    assert_eq!(found[4].3["plannedCompletion"].as_str().map(|m| m.starts_with("2022-")), Some(true));
}
