//! After the decision (§2.3 T17–T23), through GraphQL on the real 2022 items of 市中区 walked to
//! EXECUTING: suspension by the head alone, the post-decision evaluation with its independence and
//! participation, an adjustment as a child item that supersedes its parent when decided, the
//! termination's stages and publication, and completion.

use crate::catalogue::assert_state_is_fold;
use crate::decision::{People, at, executing, ok, opinion, refused, step, version};
use juece_core::authz::Role;
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};

/// The risk assessor of item 1 before its decision (see `decision::from_comment_to_legality`).
const ITEM_1_ASSESSOR: &str = "区发展改革局（委托第三方评估机构）";
const EVALUATOR_UNIT: &str = "山东大学公共治理研究院";

fn suspension(situation: Option<&str>, urgency: Option<&str>) -> Value {
    json!({ "decidedOn": "2026-12-09", "situation": situation,
            "facts": "上位规划调整，开发区四至范围需重新论证", "urgency": urgency, "document": "市中政字〔2026〕40号" })
}

fn evaluation_start(evaluator: &str) -> Value {
    json!({ "decidedOn": "2026-12-09", "trigger": "BASIS_CHANGED", "triggerFacts": "省政府调整开发区设立标准",
            "evaluator": evaluator, "thirdParty": true })
}

fn evaluation_input() -> Value {
    json!({ "receivedOn": "2026-12-09", "source": "PUBLIC", "method": "问卷调查和座谈会", "participants": 120,
            "summary": "多数受访者支持继续实施，建议加强配套设施" })
}

fn report(evaluator: &str, recommendation: &str) -> Value {
    json!({ "submittedOn": "2026-12-09", "evaluator": evaluator, "findings": "决策目标基本实现，部分措施需调整",
            "recommendation": recommendation, "reasons": "依据问卷、座谈和执行数据" })
}

fn conclusion(outcome: &str) -> Value {
    json!({ "concludedOn": "2026-12-09", "outcome": outcome, "reason": "采纳评估报告的建议" })
}

/// An evaluator of 市中区.
async fn evaluator(w: &World) -> TestUser {
    w.user("370103", None, &[Role::Evaluator]).await
}

/// A whole evaluation by the office and the evaluator, concluded with `outcome` by `by`.
async fn evaluate(w: &World, p: &People, ev: &TestUser, id: &str, outcome: &str, by: &TestUser) -> String {
    assert_eq!(ok(w, &p.office, "startEvaluation", id, evaluation_start(EVALUATOR_UNIT)).await, "POST_EVALUATION");
    ok(w, ev, "recordEvaluationInput", id, evaluation_input()).await;
    ok(w, ev, "submitEvaluationReport", id, report(EVALUATOR_UNIT, outcome)).await;
    let mut c = conclusion(outcome);
    if outcome == "SUSPEND" {
        c["suspension"] = suspension(Some("CIRCUMSTANCES_CHANGED"), Some("继续执行将造成难以挽回的损失"));
    }
    ok(w, by, "concludeEvaluation", id, c).await
}

/// The rule and the Chinese message of a refusal.
async fn refusal(w: &World, who: &TestUser, mutation: &str, id: &str, input: Value) -> (String, String) {
    let r = step(w, who, mutation, id, input).await;
    let e = &r["errors"][0];
    assert_eq!(code(e), "PROCEDURE_VIOLATION", "{mutation} should be refused by a rule: {r}");
    (
        e["extensions"]["rule"].as_str().expect("rule").to_owned(),
        e["extensions"]["messageZh"].as_str().expect("message").to_owned(),
    )
}

async fn state_of(w: &World, id: &str) -> String {
    let d = w.ok("query($id: ID!) { item(id: $id) { state } }", json!({ "id": id })).await;
    d["item"]["state"].as_str().expect("state").to_owned()
}

/// The §2.3 steps of an item's trail, in order.
async fn steps_of(w: &World, who: &TestUser, id: &str) -> Vec<String> {
    let d =
        w.ok_as(who, "query($id: ID!) { item(id: $id) { events { eventType payload } } }", json!({ "id": id })).await;
    d["item"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["eventType"] == "ItemStateChanged")
        .map(|e| e["payload"]["step"].as_str().unwrap_or("").to_owned())
        .collect()
}

const ADJUST: &str = "mutation($i: StartAdjustmentInput!) { startAdjustment(input: $i) {
    parent { id state version adjustments { id } }
    child { id state version seq title parent { id } profile { version } sponsor { name } } } }";

async fn adjust(w: &World, who: &TestUser, id: &str, title: &str) -> Value {
    let i = json!({ "itemId": id, "expectedVersion": version(w, id).await, "decidedOn": "2026-12-09", "title": title,
                    "reason": "评估认为开发区四至范围需重大调整，依法重新履行决策程序" });
    w.gql_as(&who.principal, Some(&who.token), ADJUST, json!({ "i": i })).await
}

#[tokio::test]
async fn only_the_head_suspends_execution_and_only_in_an_urgent_art_35_situation() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let (id, _) = executing(&w, &p, 0).await;
    at(&w, 2026, 12, 9);
    let full = suspension(Some("CIRCUMSTANCES_CHANGED"), Some("继续执行将造成难以挽回的损失"));
    // The government office may not suspend: the permission table gives it to the head alone.
    let r = step(&w, &p.office, "suspendExecution", &id, full.clone()).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r}");
    // The head states the art. 35 situation and why it is urgent (R-17-2).
    let no_situation = suspension(None, Some("继续执行将造成难以挽回的损失"));
    assert_eq!(refused(&w, &p.head, "suspendExecution", &id, no_situation).await, "R-17-2");
    let no_urgency = suspension(Some("CIRCUMSTANCES_CHANGED"), None);
    assert_eq!(refused(&w, &p.head, "suspendExecution", &id, no_urgency).await, "R-17-2");
    assert_eq!(ok(&w, &p.head, "suspendExecution", &id, full.clone()).await, "SUSPENDED");
    // A suspended decision is not suspended twice.
    let r = step(&w, &p.head, "suspendExecution", &id, full).await;
    assert_eq!(r["errors"][0]["extensions"]["rule"], "§2.3", "{r}");
    let resume = json!({ "resumedOn": "2026-12-10", "reason": "上位规划已明确，原决策继续适用" });
    at(&w, 2026, 12, 10);
    assert_eq!(ok(&w, &p.office, "resumeExecution", &id, resume).await, "EXECUTING");
    assert_eq!(steps_of(&w, &p.head, &id).await[12..], ["T17", "T18"]);
    assert_state_is_fold(&w, &id).await;
}

#[tokio::test]
async fn an_evaluation_is_independent_hears_the_public_and_ends_in_the_organs_conclusion() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let ev = evaluator(&w).await;
    let (id, _) = executing(&w, &p, 1).await;
    at(&w, 2026, 12, 9);

    // R-16-1: a trigger with its facts; R-16-2: not the unit that assessed the risk before.
    let mut no_facts = evaluation_start(EVALUATOR_UNIT);
    no_facts["triggerFacts"] = json!(" ");
    assert_eq!(refused(&w, &p.office, "startEvaluation", &id, no_facts).await, "R-16-1");
    let (rule, message) = refusal(&w, &p.office, "startEvaluation", &id, evaluation_start(ITEM_1_ASSESSOR)).await;
    assert_eq!(rule, "R-16-2");
    assert!(message.contains(ITEM_1_ASSESSOR), "{message}");
    let r = step(&w, &ev, "startEvaluation", &id, evaluation_start(EVALUATOR_UNIT)).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "the evaluator does not appoint itself: {r}");
    assert_eq!(ok(&w, &p.office, "startEvaluation", &id, evaluation_start(EVALUATOR_UNIT)).await, "POST_EVALUATION");

    // The organ concludes on a report (R-16-5) that the unit it named wrote (R-16-2), after the
    // evaluation heard the public (R-16-3).
    assert_eq!(refused(&w, &p.office, "concludeEvaluation", &id, conclusion("CONTINUE")).await, "R-16-5");
    let r = step(&w, &p.office, "submitEvaluationReport", &id, report(EVALUATOR_UNIT, "CONTINUE")).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "only an evaluator submits the report: {r}");
    assert_eq!(refused(&w, &ev, "submitEvaluationReport", &id, report("另一家咨询公司", "CONTINUE")).await, "R-16-2");
    assert_eq!(ok(&w, &ev, "submitEvaluationReport", &id, report(EVALUATOR_UNIT, "CONTINUE")).await, "POST_EVALUATION");
    assert_eq!(refused(&w, &p.office, "concludeEvaluation", &id, conclusion("CONTINUE")).await, "R-16-3");
    assert_eq!(ok(&w, &ev, "recordEvaluationInput", &id, evaluation_input()).await, "POST_EVALUATION");
    assert_eq!(ok(&w, &p.office, "concludeEvaluation", &id, conclusion("CONTINUE")).await, "EXECUTING");

    // A second evaluation starts afresh: the first one's report and input do not count for it.
    assert_eq!(ok(&w, &p.office, "startEvaluation", &id, evaluation_start(EVALUATOR_UNIT)).await, "POST_EVALUATION");
    assert_eq!(refused(&w, &p.office, "concludeEvaluation", &id, conclusion("SUSPEND")).await, "R-16-5");
    ok(&w, &ev, "submitEvaluationReport", &id, report(EVALUATOR_UNIT, "SUSPEND")).await;
    assert_eq!(refused(&w, &p.office, "concludeEvaluation", &id, conclusion("SUSPEND")).await, "R-16-3");
    ok(&w, &ev, "recordEvaluationInput", &id, evaluation_input()).await;
    // Suspension on an evaluation is still the head's alone, with the head's order (R-17-2).
    let mut suspend = conclusion("SUSPEND");
    assert_eq!(refused(&w, &p.head, "concludeEvaluation", &id, suspend.clone()).await, "R-17-2");
    suspend["suspension"] = json!({ "decidedOn": "2026-12-09", "situation": "DECISION_PROBLEM",
                                    "facts": "评估发现补贴标准存在问题", "urgency": "继续执行将造成财政资金损失" });
    assert_eq!(refused(&w, &p.office, "concludeEvaluation", &id, suspend.clone()).await, "R-17-2");
    assert_eq!(ok(&w, &p.head, "concludeEvaluation", &id, suspend).await, "SUSPENDED");

    // A suspended decision is evaluated again and terminated.
    assert_eq!(evaluate(&w, &p, &ev, &id, "TERMINATE", &p.office).await, "TERMINATING");
    assert_eq!(steps_of(&w, &p.head, &id).await[12..], ["T19", "T20", "T19", "T20-SUSPEND", "T19", "T20-TERMINATE"]);
    assert_state_is_fold(&w, &id).await;
}

/// The compact procedure of an adjustment item from DRAFTING to DECIDED: a draft, consultation
/// with a public comment round only (the other regions skipped on their records), the legality
/// review, the executive meeting and the head's signature, all in December 2026.
async fn decide_adjustment(w: &World, p: &People, sponsor: &TestUser, child: &str) {
    let draft = json!({ "fullText": "关于调整设立全民健身设施管理实施细则的决定（草案）\n一、……", "explanation": "调整说明",
                        "background": "决策后评估认为需重大调整", "legalBasis": ["《重大行政决策程序暂行条例》第三十七条"],
                        "substantive": true });
    ok(w, sponsor, "reviseDraft", child, draft).await;
    let skip = json!({ "determination": "本次调整不涉及", "basis": "《重大行政决策程序暂行条例》第三十七条",
                       "determinedBy": "区教育体育局 法规科", "approvedBy": "区教育体育局 主要负责人", "date": "2026-12-09" });
    let mut plan = vec![json!({ "region": "PARTICIPATION", "applies": true })];
    for r in ["HEARING", "EXPERT_REVIEW", "RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"] {
        plan.push(json!({ "region": r, "applies": false, "skip": skip }));
    }
    assert_eq!(ok(w, sponsor, "openConsultation", child, json!({ "regions": plan })).await, "CONSULTATION");
    ok(
        w,
        sponsor,
        "openCommentNotice",
        child,
        json!({ "draftVersion": 1, "title": "关于公开征求调整决定意见的公告", "opensOn": "2026-12-09", "closesOn": "2026-12-11",
                "methods": ["电子邮件"], "channels": ["市中区人民政府门户网站重大行政决策意见征集专栏"],
                "contact": "区教育体育局 0531-00000000", "shorteningReason": "调整事项紧急，征求意见期限缩短" }),
    )
    .await;
    at(w, 2026, 12, 14);
    ok(w, sponsor, "closeCommentPeriod", child, json!({ "summary": "未收到意见", "entries": [] })).await;
    let submission = json!({ "submittedOn": "2026-12-14", "requestedOpinionBy": "2026-12-23" });
    assert_eq!(ok(w, sponsor, "submitForLegalityReview", child, submission).await, "LEGALITY_SUBMITTED");
    at(w, 2026, 12, 15);
    let legal = opinion("2026-12-15", "LEGAL", "COMPLIES", true);
    assert_eq!(ok(w, &p.justice, "issueLegalityOpinion", child, legal).await, "LEGALITY_REVIEWED");
    let agenda = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第22次常务会议", "meetingDate": "2026-12-16",
                         "sponsorReport": "承办单位关于履行调整程序情况的汇报" });
    assert_eq!(ok(w, &p.office, "scheduleMeeting", child, agenda).await, "READY_FOR_MEETING");
    at(w, 2026, 12, 16);
    let minutes = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第22次常务会议", "heldOn": "2026-12-16",
                          "attendees": [{ "name": "常务副区长", "capacity": "MEMBER" }, { "name": "区长", "capacity": "HEAD" }],
                          "speeches": [{ "speaker": "常务副区长", "stance": "AGREE", "remarks": "同意调整" },
                                       { "speaker": "区长", "stance": "AGREE", "remarks": "同意" }],
                          "outcome": "APPROVE", "recordedBy": "区政府办公室 会议记录人" });
    assert_eq!(ok(w, &p.office, "recordDiscussion", child, minutes).await, "DISCUSSED");
    let sign = json!({ "signedOn": "2026-12-16", "signedBy": "区长", "title": "关于调整的决定", "text": "同意调整" });
    assert_eq!(ok(w, &p.head, "signDecision", child, sign).await, "DECIDED");
}

#[tokio::test]
async fn an_adjustment_goes_through_the_procedure_again_and_supersedes_its_parent_when_decided() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let ev = evaluator(&w).await;
    let (id, sponsor) = executing(&w, &p, 0).await;
    at(&w, 2026, 12, 9);
    assert_eq!(evaluate(&w, &p, &ev, &id, "ADJUST", &p.office).await, "ADJUSTING");

    let title = "关于调整《全民健身设施管理实施细则》的决定";
    let r = adjust(&w, &p.office, &id, title).await;
    assert!(r.get("errors").is_none(), "{r}");
    let parent = &r["data"]["startAdjustment"]["parent"];
    let child = &r["data"]["startAdjustment"]["child"];
    assert_eq!(parent["state"], "ADJUSTING", "the parent stays in force while the child is under way");
    assert_eq!(child["state"], "DRAFTING");
    assert_eq!(child["title"], title);
    assert_eq!(child["parent"]["id"], id.as_str());
    assert_eq!(child["sponsor"]["name"], "区教育体育局");
    assert!(child["profile"]["version"].is_string(), "the child is pinned from the start: {child}");
    assert_eq!(parent["adjustments"], json!([{ "id": child["id"] }]));
    let child = child["id"].as_str().expect("child id").to_owned();

    // One adjustment at a time (R-17-3).
    let again = adjust(&w, &p.office, &id, "关于再次调整的决定").await;
    assert_eq!(again["errors"][0]["extensions"]["rule"], "R-17-3", "{again}");
    // The sponsor may not start one.
    let by_sponsor = adjust(&w, &sponsor, &id, "关于再次调整的决定").await;
    assert_eq!(code(&by_sponsor["errors"][0]), "FORBIDDEN", "{by_sponsor}");

    decide_adjustment(&w, &p, &sponsor, &child).await;
    assert_eq!(state_of(&w, &id).await, "SUPERSEDED", "the child's decision supersedes the parent (R-17-3)");
    assert_eq!(steps_of(&w, &p.head, &id).await.last().map(String::as_str), Some("T21-SUPERSEDE"));
    // Its event is the head's signature's: the same actor and the rule it was taken under.
    let d = w
        .ok_as(
            &p.head,
            "query($id: ID!) { item(id: $id) { events { eventType rules actor { role } } } }",
            json!({ "id": id }),
        )
        .await;
    let last = d["item"]["events"].as_array().and_then(|e| e.last()).cloned().expect("event");
    assert_eq!(last["actor"]["role"], "HEAD");
    assert!(last["rules"].as_array().is_some_and(|r| r.contains(&json!("R-17-3"))), "{last}");
    assert_eq!(steps_of(&w, &p.head, &child).await, ["T5", "T6", "T9", "T11", "T12", "T13"]);
    assert_state_is_fold(&w, &id).await;
    assert_state_is_fold(&w, &child).await;
    // A superseded decision takes no further step.
    let r =
        step(&w, &p.office, "completeExecution", &id, json!({ "completedOn": "2026-12-16", "finalReport": "报告" }))
            .await;
    assert_eq!(r["errors"][0]["extensions"]["rule"], "§2.3", "{r}");
}

#[tokio::test]
async fn a_termination_goes_through_its_stages_and_is_published() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let ev = evaluator(&w).await;
    let (id, sponsor) = executing(&w, &p, 0).await;
    at(&w, 2026, 12, 9);
    assert_eq!(evaluate(&w, &p, &ev, &id, "TERMINATE", &p.head).await, "TERMINATING");

    let publication = |gazette: Option<&str>| {
        json!({ "publishedOn": "2026-12-11", "documentNumber": "市中政发〔2026〕30号",
                "title": "关于停止执行《全民健身设施管理实施细则》的决定", "gazetteIssue": gazette })
    };
    let stage = |stage: &str, document: &str| json!({ "stage": stage, "recordedOn": "2026-12-10", "document": document, "agreed": true });
    at(&w, 2026, 12, 10);
    // R-17-4: the stages the profile requires come first, each named when missing.
    let (rule, message) = refusal(&w, &p.office, "terminateDecision", &id, publication(Some("2026年第12期"))).await;
    assert_eq!(rule, "R-17-4");
    assert!(message.contains("合法性审查"), "{message}");
    // Each stage is recorded by the body that takes it in the main line.
    let r = step(&w, &p.office, "recordTerminationStep", &id, stage("LEGALITY_REVIEW", "市中司审〔2026〕9号")).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r}");
    let disagreeing = json!({ "stage": "LEGALITY_REVIEW", "recordedOn": "2026-12-10", "document": "市中司审〔2026〕8号",
                              "agreed": false, "remarks": "须先处理已签订的合同" });
    assert_eq!(ok(&w, &p.justice, "recordTerminationStep", &id, disagreeing).await, "TERMINATING");
    let (rule, message) = refusal(&w, &p.office, "terminateDecision", &id, publication(Some("2026年第12期"))).await;
    assert_eq!((rule.as_str(), message.contains("合法性审查")), ("R-17-4", true), "{message}");
    ok(&w, &p.justice, "recordTerminationStep", &id, stage("LEGALITY_REVIEW", "市中司审〔2026〕9号")).await;
    let (_, message) = refusal(&w, &p.office, "terminateDecision", &id, publication(Some("2026年第12期"))).await;
    assert!(message.contains("常务会议"), "{message}");
    ok(&w, &p.office, "recordTerminationStep", &id, stage("MEETING", "区政府2026年第23次常务会议纪要")).await;
    ok(&w, &sponsor, "recordTerminationStep", &id, stage("PARTY_REPORT", "关于停止执行的请示及区委答复")).await;

    // Published like a decision (R-13-1).
    at(&w, 2026, 12, 11);
    assert_eq!(refused(&w, &p.office, "terminateDecision", &id, publication(None)).await, "R-13-1");
    assert_eq!(ok(&w, &p.office, "terminateDecision", &id, publication(Some("2026年第12期"))).await, "TERMINATED");
    assert_eq!(steps_of(&w, &p.head, &id).await[12..], ["T19", "T20-TERMINATE", "T22"]);
    assert_state_is_fold(&w, &id).await;
}

#[tokio::test]
async fn execution_completes_on_the_final_report() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let (id, _) = executing(&w, &p, 0).await;
    at(&w, 2026, 12, 20);
    let done = |report: &str| json!({ "completedOn": "2026-12-20", "finalReport": report });
    let r = step(&w, &p.head, "completeExecution", &id, done("执行情况总结报告")).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "the government office records completion: {r}");
    let r = step(&w, &p.office, "completeExecution", &id, done(" ")).await;
    assert_eq!(code(&r["errors"][0]), "BAD_USER_INPUT", "{r}");
    assert_eq!(
        ok(&w, &p.office, "completeExecution", &id, done("执行情况总结报告：各项任务均已完成")).await,
        "COMPLETED"
    );
    assert_eq!(steps_of(&w, &p.head, &id).await.last().map(String::as_str), Some("T23"));
    assert_state_is_fold(&w, &id).await;
}

/// The mutations of this module, for the authorization matrix (`authz.rs`).
pub(crate) const MUTATIONS: &[&str] = &[
    "suspendExecution",
    "resumeExecution",
    "startEvaluation",
    "recordEvaluationInput",
    "submitEvaluationReport",
    "concludeEvaluation",
    "startAdjustment",
    "recordTerminationStep",
    "terminateDecision",
    "completeExecution",
];

/// A fresh item of the matrix's 2025 scene (see `authz::later_item`) driven as juece itself to
/// `target`: EXECUTING, SUSPENDED, POST_EVALUATION, EVALUATED (a report and input in),
/// ADJUSTING, TERMINATING or TERMINABLE (every stage of the termination agreed).
pub(crate) async fn scene_item(w: &World, jtj: &str, target: &str) -> (String, i64) {
    use juece_core::after_decision::*;
    use juece_engine::{AfterInput, StepInput};
    let system = juece_core::authz::Principal::system("test");
    let (id, v) = crate::authz::later_item(w, jtj, "PUBLISHED").await;
    let uid = uuid::Uuid::parse_str(&id).expect("uuid");
    let on = scene_today(w);
    let assignment = juece_core::publication::ExecutionAssignment {
        assigned_on: on,
        lead_unit_id: uuid::Uuid::parse_str(jtj).expect("uuid"),
        responsible_unit_ids: vec![],
        note: String::new(),
    };
    let mut v =
        w.engine.take_step(&system, uid, v as i32, StepInput::StartExecution(assignment)).await.expect("T16").version;
    let mut go = async |who: &juece_core::authz::Principal, input: AfterInput| {
        v = w.engine.after_step(who, uid, v, input).await.expect("scene step").version;
    };
    if target == "SUSPENDED" {
        // Only the head suspends (R-17-2).
        let head = w.user("370103", None, &[Role::Head]).await;
        let order = SuspensionOrder {
            decided_on: on,
            situation: Some(Art35Situation::CircumstancesChanged),
            facts: "情况变化".into(),
            urgency: "情况紧急".into(),
            document: None,
        };
        go(&head.principal, AfterInput::Suspend(order)).await;
    }
    if target != "EXECUTING" && target != "SUSPENDED" {
        let start = EvaluationStart {
            decided_on: on,
            trigger: EvaluationTrigger::OrganDeems,
            trigger_facts: "决策机关认为有必要".into(),
            evaluator: EVALUATOR_UNIT.into(),
            third_party: true,
        };
        go(&system, AfterInput::StartEvaluation(start)).await;
    }
    if !["EXECUTING", "SUSPENDED", "POST_EVALUATION"].contains(&target) {
        let input = EvaluationInput {
            received_on: on,
            source: InputSource::Public,
            method: "问卷调查".into(),
            participants: 10,
            summary: "意见摘要".into(),
        };
        go(&system, AfterInput::RecordEvaluationInput(input)).await;
        let outcome = if target == "ADJUSTING" { Recommendation::Adjust } else { Recommendation::Terminate };
        let report = EvaluationReport {
            submitted_on: on,
            evaluator: EVALUATOR_UNIT.into(),
            findings: "评估结论".into(),
            recommendation: outcome,
            reasons: "理由".into(),
        };
        go(&system, AfterInput::SubmitEvaluationReport(report)).await;
        if target != "EVALUATED" {
            let c = EvaluationConclusion { concluded_on: on, outcome, reason: "采纳建议".into(), suspension: None };
            go(&system, AfterInput::ConcludeEvaluation(c)).await;
        }
    }
    if target == "TERMINABLE" {
        for stage in TerminationStage::ALL {
            let r = TerminationRecord {
                stage: *stage,
                recorded_on: on,
                document: "文件".into(),
                agreed: true,
                remarks: String::new(),
            };
            go(&system, AfterInput::RecordTerminationStep(r)).await;
        }
    }
    (id, i64::from(v))
}

/// Today in Asia/Shanghai on the world's clock.
pub(crate) fn scene_today(w: &World) -> chrono::NaiveDate {
    use juece_engine::Clock as _;
    (w.clock.now() + chrono::Duration::hours(8)).date_naive()
}

/// The matrix's request for one of this module's mutations: on a fresh item in the state it is
/// taken from when the cell is allowed, on `fallback` (any item) when it is refused before
/// anything is loaded.
///
/// The future is boxed here, so that the matrix test's own future, which the test runtime keeps
/// on the stack, does not grow by a whole walk to the state.
pub(crate) fn matrix_request<'a>(
    w: &'a World,
    jtj: &'a str,
    m: &'a str,
    want: bool,
    fallback: &'a str,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = (&'static str, Value)> + 'a>> {
    Box::pin(async move {
        let (target, query) = match m {
            "suspendExecution" => {
                ("EXECUTING", "mutation($i: SuspendExecutionInput!) { suspendExecution(input: $i) { state } }")
            }
            "resumeExecution" => {
                ("SUSPENDED", "mutation($i: ResumeExecutionInput!) { resumeExecution(input: $i) { state } }")
            }
            "startEvaluation" => {
                ("EXECUTING", "mutation($i: StartEvaluationInput!) { startEvaluation(input: $i) { state } }")
            }
            "recordEvaluationInput" => (
                "POST_EVALUATION",
                "mutation($i: RecordEvaluationInputInput!) { recordEvaluationInput(input: $i) { state } }",
            ),
            "submitEvaluationReport" => (
                "POST_EVALUATION",
                "mutation($i: SubmitEvaluationReportInput!) { submitEvaluationReport(input: $i) { state } }",
            ),
            "concludeEvaluation" => {
                ("EVALUATED", "mutation($i: ConcludeEvaluationInput!) { concludeEvaluation(input: $i) { state } }")
            }
            "startAdjustment" => {
                ("ADJUSTING", "mutation($i: StartAdjustmentInput!) { startAdjustment(input: $i) { child { state } } }")
            }
            "recordTerminationStep" => (
                "TERMINATING",
                "mutation($i: RecordTerminationStepInput!) { recordTerminationStep(input: $i) { state } }",
            ),
            "terminateDecision" => {
                ("TERMINABLE", "mutation($i: TerminateDecisionInput!) { terminateDecision(input: $i) { state } }")
            }
            "completeExecution" => {
                ("EXECUTING", "mutation($i: CompleteExecutionInput!) { completeExecution(input: $i) { state } }")
            }
            other => panic!("{other} is not a mutation after the decision"),
        };
        let (id, v) = if want { scene_item(w, jtj, target).await } else { (fallback.to_owned(), 1) };
        let on = scene_today(w).to_string();
        let mut i = match m {
            "suspendExecution" => {
                json!({ "decidedOn": on, "situation": "DECISION_PROBLEM", "facts": "发现问题", "urgency": "情况紧急" })
            }
            "resumeExecution" => json!({ "resumedOn": on, "reason": "问题已解决" }),
            "startEvaluation" => {
                json!({ "decidedOn": on, "trigger": "ORGAN_DEEMS", "triggerFacts": "认为有必要", "evaluator": EVALUATOR_UNIT })
            }
            "recordEvaluationInput" => {
                json!({ "receivedOn": on, "source": "PUBLIC", "method": "座谈会", "participants": 5, "summary": "摘要" })
            }
            "submitEvaluationReport" => json!({ "submittedOn": on, "evaluator": EVALUATOR_UNIT, "findings": "结论",
                                            "recommendation": "CONTINUE", "reasons": "理由" }),
            "concludeEvaluation" => json!({ "concludedOn": on, "outcome": "CONTINUE", "reason": "继续执行" }),
            "startAdjustment" => json!({ "decidedOn": on, "title": "关于调整的决定", "reason": "需重大调整" }),
            "recordTerminationStep" => {
                json!({ "stage": "LEGALITY_REVIEW", "recordedOn": on, "document": "审查意见", "agreed": true })
            }
            "terminateDecision" => {
                json!({ "publishedOn": on, "documentNumber": "市中政字〔2025〕10号", "title": "关于停止执行的决定",
                                       "gazetteIssue": "2025年第2期" })
            }
            _ => json!({ "completedOn": on, "finalReport": "执行情况总结报告" }),
        };
        i["itemId"] = json!(id);
        i["expectedVersion"] = json!(v);
        (query, json!({ "i": i }))
    })
}
