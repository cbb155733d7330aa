//! The real 2022 items of 市中区 taken through the first steps of the procedure: the start decision
//! (T3) and the first draft (T4), by the roles §2.3 names, with their artefacts and audit events.

use crate::catalogue::{assert_state_is_fold, department};
use chrono::TimeZone;
use juece_core::authz::Role;
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const ITEM: &str = "query($id: ID!) { item(id: $id) { state version sponsor { id name }
    availableTransitions { id to roles guards allowedForYou }
    artefacts { kind version sha256 content }
    events { eventType sequence payload actor { role } } } }";
const INITIATE: &str = "mutation($i: InitiateItemInput!) { initiateItem(input: $i) { state version } }";
/// Takes a 2022 item through the start decision (the head), the first draft and into
/// consultation with `regions` (its sponsor), at versions 2 → 5.
async fn into_consultation(w: &World, head: &TestUser, sponsor: &TestUser, item: &Value, title: &str, regions: Value) {
    let id = item["id"].as_str().expect("id");
    w.ok_as(head, INITIATE, json!({ "i": { "itemId": id, "expectedVersion": 2, "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] } }))
        .await;
    w.ok_as(sponsor, DRAFT, draft(id, 3, title)).await;
    w.ok_as(sponsor, OPEN, json!({ "i": { "itemId": id, "expectedVersion": 4, "regions": regions } })).await;
}

/// A consultation plan in which every region applies.
fn every_region_applies() -> Value {
    json!(
        ["PARTICIPATION", "HEARING", "EXPERT_REVIEW", "RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"]
            .iter()
            .map(|r| json!({ "region": r, "applies": true }))
            .collect::<Vec<_>>()
    )
}

const OPEN: &str =
    "mutation($i: OpenConsultationInput!) { openConsultation(input: $i) { state version regions { region state } } }";
const DRAFT: &str = "mutation($i: StartDraftingInput!) { startDrafting(input: $i) { state version } }";

async fn items_2022(w: &World) -> Vec<Value> {
    let d = w
        .ok(
            r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id title version sponsor { id name } } } }"#,
            json!({}),
        )
        .await;
    d["catalogue"]["items"].as_array().expect("items").clone()
}

fn draft(id: &str, version: i64, title: &str) -> Value {
    json!({ "i": { "itemId": id, "expectedVersion": version,
        "fullText": format!("{title}（草案）\n第一条 ……"), "explanation": "起草说明：依据上位法并结合本区实际拟定。",
        "background": "决策背景：列入《济南市市中区人民政府2022年度重大行政决策事项目录》（市中政字〔2022〕27号）。",
        "legalBasis": ["《重大行政决策程序暂行条例》（国务院令第713号）", "《山东省重大行政决策程序规定》（省政府令第336号）"] } })
}

#[tokio::test]
async fn both_2022_items_are_initiated_and_drafted_by_the_roles_section_2_3_names() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let sponsors: [(&str, &TestUser); 2] = [("区教育体育局", &jtj), ("区发展改革局", &fgj)];

    for (item, (dept, sponsor_user)) in items_2022(&w).await.iter().zip(sponsors) {
        let id = item["id"].as_str().expect("id");
        assert_eq!(item["sponsor"]["name"], dept);
        let before = w.ok_as(&head, ITEM, json!({ "id": id })).await;
        let t3 = before["item"]["availableTransitions"]
            .as_array()
            .expect("list")
            .iter()
            .find(|t| t["id"] == "T3")
            .cloned()
            .expect("T3 next");
        assert_eq!(t3["allowedForYou"], true);
        assert_eq!(t3["guards"], json!(["R-01-6", "R-03-2"]));

        // Drafting before the start decision is out of order.
        let e = w.err_as(sponsor_user, DRAFT, draft(id, 2, "x")).await;
        assert_eq!((code(&e), e["extensions"]["rule"].as_str()), ("PROCEDURE_VIOLATION", Some("§2.3")));
        // The sponsor does not start the procedure; the head does.
        let init = json!({ "i": { "itemId": id, "expectedVersion": 2, "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] } });
        assert_eq!(code(&w.err_as(sponsor_user, INITIATE, init.clone()).await), "FORBIDDEN");
        let r = w.ok_as(&head, INITIATE, init).await;
        assert_eq!(
            (r["initiateItem"]["state"].as_str(), r["initiateItem"]["version"].as_i64()),
            (Some("INITIATED"), Some(3))
        );
        // The other department cannot draft this item; its own sponsor can.
        let other = if dept == "区教育体育局" { &fgj } else { &jtj };
        assert_eq!(code(&w.err_as(other, DRAFT, draft(id, 3, "x")).await), "FORBIDDEN");
        let title = item["title"].as_str().expect("title");
        let r = w.ok_as(sponsor_user, DRAFT, draft(id, 3, title)).await;
        assert_eq!(r["startDrafting"]["state"], "DRAFTING");

        let after = w.ok_as(&head, ITEM, json!({ "id": id })).await;
        let arts = after["item"]["artefacts"].as_array().expect("artefacts");
        let kinds: Vec<_> =
            arts.iter().map(|a| (a["kind"].as_str().unwrap_or(""), a["version"].as_i64().unwrap_or(0))).collect();
        assert_eq!(kinds, [("DRAFT", 1), ("START_DECISION", 1)]);
        for a in arts {
            // The stored hash is the SHA-256 of the content's canonical JSON, recomputed here.
            let canonical = serde_json::to_string(&a["content"]).expect("json");
            assert_eq!(a["sha256"].as_str(), Some(hex::encode(Sha256::digest(canonical.as_bytes())).as_str()));
        }
        let events = after["item"]["events"].as_array().expect("events");
        let steps: Vec<_> = events
            .iter()
            .map(|e| (e["payload"]["step"].as_str().unwrap_or(""), e["actor"]["role"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(steps, [("", ""), ("T2", ""), ("T3", "HEAD"), ("T4", "SPONSOR")]);
        assert_eq!(events[3]["payload"]["artefact"]["kind"], "DRAFT");
        let next: Vec<_> =
            after["item"]["availableTransitions"].as_array().expect("list").iter().map(|t| t["id"].clone()).collect();
        assert_eq!(next, [json!("T5"), json!("WITHDRAW")]);

        // T5: every region determined. No law requires a hearing on either item, so the optional
        // hearing is skipped with its record; the fitness-facility rules do not touch market
        // entities, the development zone does.
        let skip = json!({ "determination": "不直接涉及公民切身利益，亦无较大分歧", "basis": "《重大行政决策程序暂行条例》第十六条第一款",
                           "determinedBy": format!("{dept} 承办人"), "approvedBy": format!("{dept} 负责人"), "date": "2022-07-10" });
        let fcr_skip = json!({ "determination": "不涉及经营者经济活动", "basis": "《公平竞争审查条例》第二条",
                               "determinedBy": format!("{dept} 承办人"), "approvedBy": format!("{dept} 负责人"), "date": "2022-07-10" });
        let market = dept == "区发展改革局";
        let regions = json!([
            { "region": "PARTICIPATION", "applies": true },
            { "region": "HEARING", "applies": false, "skip": skip },
            { "region": "EXPERT_REVIEW", "applies": true },
            { "region": "RISK_ASSESSMENT", "applies": true },
            { "region": "FAIR_COMPETITION_REVIEW", "applies": market, "skip": if market { Value::Null } else { fcr_skip } },
            { "region": "COORDINATION", "applies": true },
        ]);
        let r = w
            .ok_as(sponsor_user, OPEN, json!({ "i": { "itemId": id, "expectedVersion": 4, "regions": regions } }))
            .await;
        assert_eq!(r["openConsultation"]["state"], "CONSULTATION");
        let states: Vec<_> = r["openConsultation"]["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .map(|g| (g["region"].clone(), g["state"].clone()))
            .collect();
        assert!(states.contains(&(json!("HEARING"), json!("NOT_APPLICABLE"))));
        assert!(states.contains(&(json!("PARTICIPATION"), json!("PENDING"))));
        let fcr = if market { "PENDING" } else { "NOT_APPLICABLE" };
        assert!(states.contains(&(json!("FAIR_COMPETITION_REVIEW"), json!(fcr))), "{states:?}");
        let after = w.ok_as(&head, ITEM, json!({ "id": id })).await;
        let next: Vec<_> =
            after["item"]["availableTransitions"].as_array().expect("list").iter().map(|t| t["id"].clone()).collect();
        assert_eq!(next, [json!("T6"), json!("WITHDRAW")]);
        let plan = after["item"]["artefacts"]
            .as_array()
            .expect("artefacts")
            .iter()
            .find(|a| a["kind"] == "CONSULTATION_PLAN")
            .cloned()
            .expect("plan");
        assert_eq!(plan["content"]["regions"][1]["skip"]["basis"], "《重大行政决策程序暂行条例》第十六条第一款");
        assert_state_is_fold(&w, id).await;
    }
}

#[tokio::test]
async fn steps_refuse_a_stale_version_and_another_lead_sponsor() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let item = items_2022(&w).await[0].clone();
    let id = item["id"].as_str().expect("id");
    let fgj = department(&w, "370103", "区发展改革局").await;
    let e = w
        .err_as(
            &head,
            INITIATE,
            json!({ "i": { "itemId": id, "expectedVersion": 2, "decidedOn": "2022-07-01", "leadSponsorId": fgj } }),
        )
        .await;
    assert_eq!((code(&e), e["extensions"]["rule"].as_str()), ("PROCEDURE_VIOLATION", Some("R-02-6")));
    let e = w
        .err_as(&head, INITIATE, json!({ "i": { "itemId": id, "expectedVersion": 1, "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] } }))
        .await;
    assert_eq!(code(&e), "CONFLICT");
    let e = w
        .err_as(&head, INITIATE, json!({ "i": { "itemId": id, "expectedVersion": 2, "decidedOn": "2030-01-01", "leadSponsorId": item["sponsor"]["id"] } }))
        .await;
    assert_eq!(code(&e), "BAD_USER_INPUT");
    // Nothing of the refused attempts was written.
    assert_eq!(w.db.count("SELECT COUNT(*) FROM artefacts").await, 0);
}

#[tokio::test]
async fn the_procedures_documents_stay_inside_the_decision_organ() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let item = items_2022(&w).await[0].clone();
    let id = item["id"].as_str().expect("id");
    w.ok_as(&head, INITIATE, json!({ "i": { "itemId": id, "expectedVersion": 2, "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] } }))
        .await;
    let q = "query($id: ID!) { item(id: $id) { state artefacts { kind } } }";
    let public = w.gql_as(&juece_core::authz::Principal::Anonymous, None, q, json!({ "id": id })).await;
    assert_eq!(code(&public["errors"][0]), "UNAUTHENTICATED");
    let gangcheng = w.user("370117", Some("区司法局"), &[Role::Justice]).await;
    assert_eq!(code(&w.err_as(&gangcheng, q, json!({ "id": id })).await), "FORBIDDEN");
    let auditor = w.user("370103", Some("区审计局"), &[Role::Auditor]).await;
    let d = w.ok_as(&auditor, q, json!({ "id": id })).await;
    assert_eq!(d["item"]["artefacts"][0]["kind"], "START_DECISION");
}

const NOTICE: &str =
    "mutation($i: OpenCommentNoticeInput!) { openCommentNotice(input: $i) { version regions { region state } } }";
const CLOSE: &str =
    "mutation($i: CloseCommentPeriodInput!) { closeCommentPeriod(input: $i) { version regions { region state } } }";
const REVISE: &str = "mutation($i: ReviseDraftInput!) { reviseDraft(input: $i) { version regions { region state } } }";

fn participation(v: &Value, field: &str) -> Value {
    v[field]["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["region"] == "PARTICIPATION")
        .map(|r| r["state"].clone())
        .expect("P")
}

#[tokio::test]
async fn the_comment_period_runs_its_statutory_course() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let item = items_2022(&w).await[0].clone();
    let id = item["id"].as_str().expect("id");
    into_consultation(&w, &head, &jtj, &item, "全民健身设施管理实施细则", every_region_applies()).await;

    // The world's clock reads 2026-11-22: thirty days run to 2026-12-22, a working day.
    let notice = |closes: &str, reason: Option<&str>| {
        json!({ "i": { "itemId": id, "expectedVersion": 5, "draftVersion": 1,
            "title": "关于公开征求《济南市市中区全民健身设施管理实施细则（征求意见稿）》意见的公告",
            "opensOn": "2026-11-22", "closesOn": closes, "methods": ["电子邮件", "信函"],
            "channels": ["市中区人民政府门户网站重大行政决策意见征集专栏"], "contact": "区教育体育局 0531-00000000",
            "shorteningReason": reason } })
    };
    let e = w.err_as(&jtj, NOTICE, notice("2026-12-21", None)).await;
    assert_eq!((code(&e), e["extensions"]["rule"].as_str()), ("PROCEDURE_VIOLATION", Some("R-05-5")));
    assert!(e["message"].as_str().unwrap_or("").contains("2026-12-22"), "{e}");
    let r = w.ok_as(&jtj, NOTICE, notice("2026-12-22", None)).await;
    assert_eq!(participation(&r, "openCommentNotice"), "IN_PROGRESS");

    // The last day still belongs to the public.
    w.clock.set(chrono::Utc.with_ymd_and_hms(2026, 12, 22, 10, 0, 0).single().expect("time"));
    let register = |revised: Option<i64>, version: i64| {
        json!({ "i": { "itemId": id, "expectedVersion": version, "summary": "共收到意见2条",
            "entries": [
                { "source": "市民", "content": "建议节假日延长开放时间", "adoption": "ADOPTED" },
                { "source": "健身协会", "content": "建议免费开放全部场馆", "adoption": "NOT_ADOPTED", "reason": "部分场馆依法实行有偿服务" }
            ],
            "revisedDraftVersion": revised } })
    };
    let e = w.err_as(&jtj, CLOSE, register(Some(2), 6)).await;
    assert_eq!(e["extensions"]["rule"], "R-05-5");
    w.clock.set(chrono::Utc.with_ymd_and_hms(2026, 12, 23, 1, 0, 0).single().expect("time"));
    // An adopted opinion is worked into a revised draft first (R-05-8).
    let e = w.err_as(&jtj, CLOSE, register(None, 6)).await;
    assert_eq!(e["extensions"]["rule"], "R-05-8");
    let revise = |version: i64, substantive: bool| {
        json!({ "i": { "itemId": id, "expectedVersion": version, "fullText": "第一条 …… 节假日延长开放时间 ……",
            "explanation": "采纳公众意见后修改", "background": "决策背景", "legalBasis": ["《全民健身条例》"], "substantive": substantive } })
    };
    let r = w.ok_as(&jtj, REVISE, revise(6, false)).await;
    assert_eq!(r["reviseDraft"]["version"], 7);
    let r = w.ok_as(&jtj, CLOSE, register(Some(2), 7)).await;
    assert_eq!(participation(&r, "closeCommentPeriod"), "DONE");
    // A substantive revision afterwards makes the finished participation stale (§2.4).
    let r = w.ok_as(&jtj, REVISE, revise(8, true)).await;
    assert_eq!(participation(&r, "reviseDraft"), "STALE");

    let d = w
        .ok_as(
            &head,
            "query($id: ID!) { item(id: $id) { version artefacts { kind version } events { sequence eventType } } }",
            json!({ "id": id }),
        )
        .await;
    let kinds: Vec<_> = d["item"]["artefacts"]
        .as_array()
        .expect("list")
        .iter()
        .map(|a| format!("{}:{}", a["kind"].as_str().unwrap_or(""), a["version"]))
        .collect();
    for k in ["COMMENT_NOTICE:1", "OPINION_REGISTER:1", "DRAFT:1", "DRAFT:2", "DRAFT:3"] {
        assert!(kinds.contains(&k.to_owned()), "{k} in {kinds:?}");
    }
    // One event per version, in order.
    let events = d["item"]["events"].as_array().expect("events");
    assert_eq!(events.len() as i64, d["item"]["version"].as_i64().expect("version"));
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["sequence"], i + 1);
    }
    assert_state_is_fold(&w, id).await;
}

const RISK: &str =
    "mutation($i: SubmitRiskReportInput!) { submitRiskReport(input: $i) { version regions { region state } } }";

#[tokio::test]
async fn an_uncontrollable_risk_holds_until_the_revised_draft_is_controllable() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    // 设立市中区省级经济开发区, sponsored by 区发展改革局.
    let item = items_2022(&w).await[1].clone();
    let id = item["id"].as_str().expect("id");
    into_consultation(&w, &head, &fgj, &item, "设立市中区省级经济开发区", every_region_applies()).await;
    let risk = |version: i64, draft: i64, conclusion: &str| {
        json!({ "i": { "itemId": id, "expectedVersion": version, "assessor": "区发展改革局（委托第三方）", "assessedDraftVersion": draft,
            "methods": ["舆情跟踪", "重点走访", "会商分析"], "departmentsConsulted": ["区自然资源局", "区信访局"],
            "riskPoints": ["征地补偿引发信访"], "measures": ["依法补偿安置"], "contingencyPlan": "群体性事件处置预案", "conclusion": conclusion } })
    };
    let state = |v: &Value| {
        v["submitRiskReport"]["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .find(|r| r["region"] == "RISK_ASSESSMENT")
            .map(|r| r["state"].clone())
            .expect("R")
    };
    let r = w.ok_as(&fgj, RISK, risk(5, 1, "UNCONTROLLABLE")).await;
    assert_eq!(state(&r), "IN_PROGRESS");
    let e = w.err_as(&fgj, RISK, risk(6, 1, "CONTROLLABLE")).await;
    assert_eq!(e["extensions"]["rule"], "R-08-4");
    let revise = json!({ "i": { "itemId": id, "expectedVersion": 6, "fullText": "调整征地范围后的草案", "explanation": "根据风险评估调整",
        "background": "决策背景", "legalBasis": ["《土地管理法》"], "substantive": true } });
    w.ok_as(&fgj, "mutation($i: ReviseDraftInput!) { reviseDraft(input: $i) { version } }", revise).await;
    let r = w.ok_as(&fgj, RISK, risk(7, 2, "CONTROLLABLE")).await;
    assert_eq!(state(&r), "DONE");
    assert_state_is_fold(&w, id).await;
}

#[tokio::test]
async fn the_market_regulator_concludes_the_fair_competition_review() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let samr = w.user("370103", Some("区市场监管局"), &[Role::MarketRegulator]).await;
    let item = items_2022(&w).await[1].clone();
    let id = item["id"].as_str().expect("id");
    into_consultation(&w, &head, &fgj, &item, "设立市中区省级经济开发区", every_region_applies()).await;
    let q = "mutation($i: ConcludeFairCompetitionReviewInput!) { concludeFairCompetitionReview(input: $i) { version regions { region state } } }";
    let review = |version: i64, draft: i64, conclusion: &str| {
        json!({ "i": { "itemId": id, "expectedVersion": version, "reviewedDraftVersion": draft,
            "sponsorFirstReview": "初审：入区企业享受的优惠政策可能构成选择性补贴", "marketRegulator": "区市场监管局",
            "stakeholdersHeard": ["区工商联", "区内企业代表"], "conclusion": conclusion } })
    };
    let fcr = |v: &Value| {
        v["concludeFairCompetitionReview"]["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .find(|r| r["region"] == "FAIR_COMPETITION_REVIEW")
            .map(|r| r["state"].clone())
            .expect("F")
    };
    // The sponsor does the first review; only the market regulator concludes.
    assert_eq!(code(&w.err_as(&fgj, q, review(5, 1, "COMPLIANT")).await), "FORBIDDEN");
    let r = w.ok_as(&samr, q, review(5, 1, "VIOLATES")).await;
    assert_eq!(fcr(&r), "IN_PROGRESS", "R-09-5: not to be issued as drafted");
    let revise = json!({ "i": { "itemId": id, "expectedVersion": 6, "fullText": "删除选择性补贴条款后的草案", "explanation": "根据公平竞争审查修改",
        "background": "决策背景", "legalBasis": ["《公平竞争审查条例》"], "substantive": true } });
    w.ok_as(&fgj, "mutation($i: ReviseDraftInput!) { reviseDraft(input: $i) { version } }", revise).await;
    let r = w.ok_as(&samr, q, review(7, 2, "COMPLIANT")).await;
    assert_eq!(fcr(&r), "DONE");
    assert_state_is_fold(&w, id).await;
}

#[tokio::test]
async fn a_2022_item_goes_to_legality_review_with_its_procedure_statement() {
    let w = World::seeded().await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let item = items_2022(&w).await[0].clone();
    let id = item["id"].as_str().expect("id");
    let skip = |why: &str| {
        json!({ "determination": why, "basis": "《重大行政决策程序暂行条例》", "determinedBy": "区教育体育局 承办人",
                "approvedBy": "区教育体育局 局长", "date": "2022-07-10" })
    };
    let regions = json!([
        { "region": "PARTICIPATION", "applies": true },
        { "region": "HEARING", "applies": false, "skip": skip("不直接涉及切身利益，无较大分歧") },
        { "region": "EXPERT_REVIEW", "applies": false, "skip": skip("专业性、技术性不强") },
        { "region": "RISK_ASSESSMENT", "applies": false, "skip": skip("不涉及社会稳定、公共安全") },
        { "region": "FAIR_COMPETITION_REVIEW", "applies": false, "skip": skip("不涉及经营者经济活动") },
        { "region": "COORDINATION", "applies": false, "skip": skip("不涉及其他单位职责") },
    ]);
    into_consultation(&w, &head, &jtj, &item, "全民健身设施管理实施细则", regions).await;
    w.ok_as(
        &jtj,
        NOTICE,
        json!({ "i": { "itemId": id, "expectedVersion": 5, "draftVersion": 1, "title": "征求意见公告",
        "opensOn": "2026-11-22", "closesOn": "2026-11-24", "methods": ["电子邮件"], "channels": ["政府门户网站"],
        "contact": "0531-00000000", "shorteningReason": "配合年度体育设施检修计划，情况紧急" } }),
    )
    .await;
    const SUBMIT: &str =
        "mutation($i: SubmitForLegalityReviewInput!) { submitForLegalityReview(input: $i) { state version } }";
    let submit = |version: i64, by: &str| json!({ "i": { "itemId": id, "expectedVersion": version, "submittedOn": "2026-11-25", "requestedOpinionBy": by } });
    // Participation is still open: legality review waits (R-05-1).
    let e = w.err_as(&jtj, SUBMIT, json!({ "i": { "itemId": id, "expectedVersion": 6, "submittedOn": "2026-11-22", "requestedOpinionBy": "2026-12-31" } })).await;
    assert_eq!(e["extensions"]["rule"], "R-05-1");
    w.clock.set(chrono::Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).single().expect("time"));
    w.ok_as(&jtj, CLOSE, json!({ "i": { "itemId": id, "expectedVersion": 6, "summary": "未收到意见" } })).await;
    // Submitted Wed 2026-11-25, the 7th working day after is Fri 2026-12-04 (R-10-4).
    let e = w.err_as(&jtj, SUBMIT, submit(7, "2026-12-03")).await;
    assert_eq!(e["extensions"]["rule"], "R-10-4");
    let r = w.ok_as(&jtj, SUBMIT, submit(7, "2026-12-04")).await;
    assert_eq!(r["submitForLegalityReview"]["state"], "LEGALITY_SUBMITTED");

    let d = w
        .ok_as(
            &head,
            "query($id: ID!) { item(id: $id) { artefacts { kind content } availableTransitions { id } } }",
            json!({ "id": id }),
        )
        .await;
    let package = d["item"]["artefacts"]
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["kind"] == "LEGALITY_PACKAGE")
        .cloned()
        .expect("package");
    let statement = &package["content"]["statement"];
    // Every skip record, as approved, and every document, with its hash.
    assert_eq!(statement["skips"].as_array().map(Vec::len), Some(5));
    assert_eq!(statement["skips"][0][1]["determination"], "不直接涉及切身利益，无较大分歧");
    let kinds: Vec<_> =
        statement["documents"].as_array().expect("docs").iter().map(|d| d["kind"].as_str().unwrap_or("")).collect();
    assert_eq!(kinds, ["START_DECISION", "DRAFT", "CONSULTATION_PLAN", "COMMENT_NOTICE", "OPINION_REGISTER"]);
    assert!(
        statement["documents"]
            .as_array()
            .expect("docs")
            .iter()
            .all(|d| d["sha256"].as_str().is_some_and(|h| h.len() == 64))
    );
    assert_eq!(package["content"]["draft_version"], 1);
    let next: Vec<_> =
        d["item"]["availableTransitions"].as_array().expect("list").iter().map(|t| t["id"].clone()).collect();
    assert_eq!(next, [json!("T7"), json!("T9"), json!("WITHDRAW")]);
    assert_state_is_fold(&w, id).await;
}
