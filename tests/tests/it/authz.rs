//! The authorization matrix: every mutation of the schema × every role of 市中区, the public, and a
//! user of another decision organ, each with its expected allow or deny. A mutation without a row
//! here fails the test, so no command reaches the API unauthorized by accident.

use crate::catalogue::{ADD, AMEND, CREATE, department};
use juece_core::authz::Role;
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A column of the matrix: who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Role(Role),
    Public,
    OtherGovernment,
}

impl Who {
    fn label(self) -> String {
        match self {
            Who::Role(r) => r.as_str().to_owned(),
            Who::Public => "PUBLIC".into(),
            Who::OtherGovernment => "OTHER_GOVERNMENT".into(),
        }
    }
}

/// The expected outcome of a cell.
fn expected(mutation: &str, who: Who) -> Option<bool> {
    use Role::*;
    let allowed = |roles: &[Role]| matches!(who, Who::Role(r) if roles.contains(&r));
    Some(match mutation {
        // R-02-1: the justice bureau and the government office compile the catalogue.
        "createCatalogue" => allowed(&[Justice, GovOffice]),
        // ... and departments propose and amend their own items (the item here is 区教育体育局's).
        "addCatalogueItem" | "amendCatalogueItem" => allowed(&[Justice, GovOffice, Sponsor]),
        "createUser" | "revokeUser" => allowed(&[Admin]),
        // Anyone may try to sign in; signing out needs a session.
        "studyProposal" => allowed(&[Justice, GovOffice]),
        "initiateItem" => allowed(&[Head, GovOffice]),
        // The 2022 item of 区教育体育局: only its own sponsor drafts it.
        "startDrafting"
        | "openConsultation"
        | "reviseDraft"
        | "submitRiskReport"
        | "submitExpertReview"
        | "recordHearing"
        | "recordCoordination"
        | "submitForLegalityReview" => allowed(&[Sponsor]),
        // The sponsor runs its consultation; the government office runs the portal's column.
        "openCommentNotice" | "closeCommentPeriod" => allowed(&[Sponsor, GovOffice]),
        // The market regulation department concludes the fair competition review (R-09-2).
        "concludeFairCompetitionReview" => allowed(&[MarketRegulator]),
        // The justice bureau reviews legality (R-10-1, R-10-3); the sponsor answers it.
        "returnForSupplement" | "issueLegalityOpinion" => allowed(&[Justice]),
        "resubmitForLegalityReview" | "reviseAfterLegalityOpinion" => allowed(&[Sponsor]),
        // The government office puts items on the agenda, records and publishes; the head decides.
        "scheduleMeeting" | "publishDecision" | "exemptFromPublication" => allowed(&[GovOffice]),
        "recordDiscussion" | "startExecution" => allowed(&[GovOffice, Head]),
        "signDecision" => allowed(&[Head]),
        // A catalogue adjustment is the decision organ's (R-02-6).
        "withdrawItem" => allowed(&[Head, GovOffice]),
        "reportToPartyCommittee" => allowed(&[GovOffice, Sponsor]),
        // A checkpoint covers the whole deployment and is authorized against the signer's own
        // organ, so another organ's government office may have one signed too: it adds a signed
        // statement of hashes and changes nothing recorded (R-18-4).
        "signAuditCheckpoint" => who == Who::OtherGovernment || allowed(&[GovOffice, Admin]),
        // Anyone may comment on an open notice, signed in or not (R-05-4).
        "submitComment" => true,
        // The government office runs the portal's column; the sponsor studies and answers
        // (R-05-8) and publishes the feedback with the office (R-05-9).
        "moderateComments" => allowed(&[GovOffice, Sponsor]),
        "answerOpinion" => allowed(&[Sponsor]),
        "publishFeedback" => allowed(&[Sponsor, GovOffice]),
        // After the decision: the head alone suspends (R-17-2); the decision organ resumes,
        // evaluates, adjusts and terminates; the evaluator writes the evaluation's records; the
        // matrix records the termination's legality review stage, the justice bureau's (R-10-1).
        "suspendExecution" => allowed(&[Head]),
        "resumeExecution" | "startEvaluation" | "concludeEvaluation" | "startAdjustment" | "terminateDecision" => {
            allowed(&[Head, GovOffice])
        }
        "recordEvaluationInput" | "submitEvaluationReport" => allowed(&[Evaluator]),
        "recordTerminationStep" => allowed(&[Justice]),
        "completeExecution" => allowed(&[GovOffice]),
        // The decision organ or the item's own sponsor assigns tasks (R-15-1); executors report
        // (R-15-2).
        "assignTasks" | "importTasks" => allowed(&[GovOffice, Head, Sponsor]),
        "reportTaskProgress" => allowed(&[Executor]),
        "login" => true,
        "logout" => who != Who::Public,
        _ => return None,
    })
}

/// The department each role's user of 市中区 belongs to.
fn department_of(role: Role) -> Option<&'static str> {
    match role {
        Role::GovOffice | Role::Admin => Some("区政府办公室"),
        Role::Justice => Some("区司法局"),
        Role::Sponsor => Some("区教育体育局"),
        Role::MarketRegulator => Some("区市场监管局"),
        Role::Executor => Some("区发展改革局"),
        Role::Auditor => Some("区审计局"),
        _ => None,
    }
}

async fn event_count(w: &World) -> i64 {
    w.db.count("SELECT COUNT(*) FROM audit_events").await
}

/// A published 2025 catalogue of 市中区 with items of 区教育体育局, so that every step cell finds an
/// item in the state it needs.
async fn step_scene(w: &World) -> String {
    let system = juece_core::authz::Principal::system("test");
    let jtj = department(w, "370103", "区教育体育局").await;
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2025 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    for i in 0..100 {
        w.ok(ADD, json!({ "i": { "catalogueId": cid, "title": format!("步骤测试事项{i}"), "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2025-12" } }))
            .await;
    }
    w.engine
        .record_publication(
            &system,
            juece_engine::PublicationInput {
                catalogue_id: uuid::Uuid::parse_str(&cid).expect("uuid"),
                document_number: "市中政字〔2025〕1号".into(),
                published_on: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).expect("date"),
                source: "测试".into(),
            },
        )
        .await
        .expect("published");
    jtj
}

/// An item of the 2025 scene in `state`, moving one forward as juece itself if none is there yet.
async fn step_item(w: &World, jtj: &str, state: &str) -> (String, i64) {
    use juece_core::artefact::{Draft, StartDecision};
    use juece_engine::StepInput;
    let system = juece_core::authz::Principal::system("test");
    let (id, v, _) = item_in(w, "370103", 2025, state).await;
    let current = w.ok("query($id: ID!) { item(id: $id) { state } }", json!({ "id": id })).await;
    if current["item"]["state"] == state {
        return (id, v);
    }
    let (id, mut v, _) = item_in(w, "370103", 2025, "IN_CATALOGUE").await;
    let uid = uuid::Uuid::parse_str(&id).expect("uuid");
    let steps: Vec<(&str, StepInput)> = vec![
        (
            "INITIATED",
            StepInput::Initiate(StartDecision {
                decided_on: chrono::NaiveDate::from_ymd_opt(2025, 4, 1).expect("date"),
                document: None,
                lead_sponsor_id: uuid::Uuid::parse_str(jtj).expect("uuid"),
                co_sponsor_ids: vec![],
            }),
        ),
        (
            "DRAFTING",
            StepInput::StartDrafting(Draft {
                full_text: "正文".into(),
                explanation: "说明".into(),
                background: "背景".into(),
                legal_basis: vec!["《重大行政决策程序暂行条例》".into()],
            }),
        ),
    ];
    for (reached, input) in steps {
        let row = w.engine.take_step(&system, uid, v as i32, input).await.expect("scene step");
        v = i64::from(row.version);
        if reached == state {
            break;
        }
    }
    (id, v)
}

/// Today in Asia/Shanghai on the world's clock.
fn today(w: &World) -> chrono::NaiveDate {
    use juece_engine::Clock as _;
    (w.clock.now() + chrono::Duration::hours(8)).date_naive()
}

/// A fresh item of the 2025 scene driven, as juece itself, to `target`: CONSULTATION,
/// NOTICE_OPEN (participation in progress) or CLOSABLE (its comment period over).
async fn fresh_item(w: &World, jtj: &str, target: &str) -> (String, i64) {
    use juece_core::participation::CommentNotice;
    use juece_core::region::{ConsultationPlan, Region, RegionDetermination};
    use juece_engine::steps::ParticipationInput;
    let system = juece_core::authz::Principal::system("test");
    let (id, _) = step_item(w, jtj, "DRAFTING").await;
    let uid = uuid::Uuid::parse_str(&id).expect("uuid");
    let item = w.engine.item(&system, uid).await.expect("load").expect("exists");
    let skipped = target == "ALL_SKIPPED";
    // Only the public comment round applies: its notice is opened, the period runs out, and it
    // is closed with its register.
    let round = target == "ROUND_CLOSED";
    let skip = juece_core::region::SkipRecord {
        determination: "不适用".into(),
        basis: "依据".into(),
        determined_by: "承办人".into(),
        approved_by: "负责人".into(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 4, 2).expect("date"),
        evidence: vec![],
    };
    let plan = ConsultationPlan {
        regions: Region::ALL
            .iter()
            .map(|r| {
                let skip_it = skipped || (round && *r != Region::Participation);
                RegionDetermination { region: *r, applies: !skip_it, skip: skip_it.then(|| skip.clone()) }
            })
            .collect(),
        hearing_required_by: None,
        undisclosable_ground: skipped.then(|| "《政府信息公开条例》第十四条".to_owned()),
    };
    let mut row = w
        .engine
        .take_step(&system, uid, item.version, juece_engine::StepInput::OpenConsultation(plan))
        .await
        .expect("T5");
    if target == "CONSULTATION" || skipped {
        return (id, i64::from(row.version));
    }
    let opens = today(w);
    let notice = CommentNotice {
        title: "征求意见公告".into(),
        draft_version: 1,
        opens_on: opens,
        closes_on: opens + chrono::Duration::days(2),
        methods: vec!["电子邮件".into()],
        channels: vec!["政府门户网站".into()],
        contact: "0531-00000000".into(),
        // A short period keeps the scene inside the loaded calendar; R-05-5 allows it with the
        // reason in the notice.
        shortening_reason: Some("测试场景：期限从短".into()),
    };
    row =
        w.engine.participate(&system, uid, row.version, ParticipationInput::OpenNotice(notice)).await.expect("notice");
    if target == "CLOSABLE" || round {
        w.clock.advance(chrono::Duration::days(3));
    }
    if round {
        let register = juece_core::participation::OpinionRegister {
            summary: "未收到意见".into(),
            entries: vec![],
            revised_draft_version: None,
        };
        row =
            w.engine.participate(&system, uid, row.version, ParticipationInput::Close(register)).await.expect("closed");
    }
    (id, i64::from(row.version))
}

/// A fresh item of the 2025 scene with its comment notice open and one comment on it, published:
/// (item id, comment id).
async fn comment_scene(w: &World, jtj: &str) -> (String, String) {
    use juece_core::comments::{CommentSubmission, SubmitterKind};
    let system = juece_core::authz::Principal::system("test");
    let (id, _) = fresh_item(w, jtj, "NOTICE_OPEN").await;
    let uid = uuid::Uuid::parse_str(&id).expect("uuid");
    let submission = CommentSubmission {
        kind: SubmitterKind::Anonymous,
        name: None,
        organisation: None,
        contact: None,
        body: "建议增加无障碍设施".into(),
    };
    w.engine
        .submit_comment(None, juece_engine::comments::CommentInput { item_id: uid, submission })
        .await
        .expect("comment received");
    let (rows, _) = w.engine.comments_page(&system, uid, Default::default(), None, 10).await.expect("comments");
    let comment = rows[0].id;
    w.engine
        .moderate_comments(&system, uid, &[comment], &[], juece_core::feedback::Moderation::Published, None)
        .await
        .expect("published");
    (id, comment.to_string())
}

/// A fresh item of the 2025 scene driven past consultation to `target`: LEGALITY_SUBMITTED,
/// RETURNED_FOR_SUPPLEMENT, NOT_LEGAL or LEGAL (LEGALITY_REVIEWED with that verdict),
/// READY_FOR_MEETING, DISCUSSED, DECIDED, PARTY_REPORTED or PUBLISHED. The opinion is issued by a
/// justice bureau user and the decision signed by the head, as the core requires.
pub(crate) async fn later_item(w: &World, jtj: &str, target: &str) -> (String, i64) {
    use juece_core::legality::{AdviserCapacity, AdviserOpinion, Finding, LegalityOpinion, PointFinding, Verdict};
    use juece_core::meeting::{
        AgendaRequest, Attendee, Capacity, MeetingType, Minutes, Outcome, SignedDecision, Speech, Stance,
    };
    use juece_core::publication::{PartyReport, PartyResponse, Publication};
    use juece_engine::StepInput;
    let system = juece_core::authz::Principal::system("test");
    let justice = w.user("370103", Some("区司法局"), &[Role::Justice]).await;
    let head = w.user("370103", None, &[Role::Head]).await;
    let (id, v) = if target == "PUBLISHED_AFTER_COMMENTS" {
        fresh_item(w, jtj, "ROUND_CLOSED").await
    } else {
        fresh_item(w, jtj, "ALL_SKIPPED").await
    };
    let target = if target == "PUBLISHED_AFTER_COMMENTS" { "PUBLISHED" } else { target };
    let uid = uuid::Uuid::parse_str(&id).expect("uuid");
    let on = today(w);
    let mut v = v as i32;
    let mut go = async |who: &juece_core::authz::Principal, input: StepInput| {
        let row = w.engine.take_step(who, uid, v, input).await.expect("scene step");
        v = row.version;
        row.state
    };
    go(
        &system,
        StepInput::SubmitForLegality(juece_core::legality::LegalitySubmission {
            submitted_on: on,
            requested_opinion_by: on + chrono::Duration::days(3),
            shortening_reason: Some("测试场景".into()),
        }),
    )
    .await;
    if target == "RETURNED_FOR_SUPPLEMENT" {
        let n = juece_core::legality::ReturnNotice {
            returned_on: on,
            missing: vec!["起草说明".into()],
            note: String::new(),
        };
        go(&justice.principal, StepInput::ReturnForSupplement(n)).await;
    }
    if target == "LEGALITY_SUBMITTED" || target == "RETURNED_FOR_SUPPLEMENT" {
        return (id, i64::from(v));
    }
    let legal = target != "NOT_LEGAL";
    let finding = |f: Finding| PointFinding { finding: f, remarks: "经审查".into() };
    let opinion = LegalityOpinion {
        issued_on: on,
        reviewer: "区司法局".into(),
        authority: finding(Finding::Complies),
        procedure: finding(Finding::Complies),
        content: finding(if legal { Finding::Complies } else { Finding::DoesNotComply }),
        verdict: if legal { Verdict::Legal } else { Verdict::NotLegal },
        legal_risk_statement: None,
        adviser_opinions: vec![AdviserOpinion {
            name: "法律顾问甲".into(),
            capacity: AdviserCapacity::LegalAdviser,
            opinion: "同意".into(),
        }],
        revisions_requested: vec![],
        package_version: 0,
    };
    go(&justice.principal, StepInput::IssueOpinion(opinion)).await;
    if target == "NOT_LEGAL" || target == "LEGAL" {
        return (id, i64::from(v));
    }
    let agenda = AgendaRequest {
        meeting_type: MeetingType::Executive,
        session: "区政府2025年第1次常务会议".into(),
        meeting_date: on,
        sponsor_report: "承办单位汇报".into(),
    };
    go(&system, StepInput::ScheduleMeeting(agenda)).await;
    if target == "READY_FOR_MEETING" {
        return (id, i64::from(v));
    }
    let person = |n: &str, c: Capacity| Attendee { name: n.into(), capacity: c, organisation: String::new() };
    let speech = |n: &str| Speech { speaker: n.into(), stance: Some(Stance::Agree), remarks: "同意".into() };
    let minutes = Minutes {
        meeting_type: MeetingType::Executive,
        session: "区政府2025年第1次常务会议".into(),
        held_on: on,
        attendees: vec![person("组成人员甲", Capacity::Member), person("区长", Capacity::Head)],
        speeches: vec![speech("组成人员甲"), speech("区长")],
        outcome: Outcome::Approve,
        amendments: None,
        amendments_change_legal_substance: false,
        head_reason: None,
        attendee_opinions: vec![],
        recorded_by: "记录人".into(),
    };
    go(&system, StepInput::RecordDiscussion(minutes)).await;
    if target == "DISCUSSED" {
        return (id, i64::from(v));
    }
    let signed =
        SignedDecision {
            signed_on: on, signed_by: "区长".into(), title: "决定".into(), text: "决定内容".into()
        };
    go(&head.principal, StepInput::SignDecision(signed)).await;
    if target == "DECIDED" {
        return (id, i64::from(v));
    }
    let report = PartyReport {
        reported_on: on,
        committee: "中共济南市市中区委".into(),
        document: "关于……的请示".into(),
        response: Some(PartyResponse { received_on: on, content: "同意".into() }),
    };
    go(&system, StepInput::ReportToParty(report)).await;
    if target == "PARTY_REPORTED" {
        return (id, i64::from(v));
    }
    let p = Publication {
        published_on: on,
        document_number: "市中政字〔2025〕9号".into(),
        title: "决定".into(),
        gazette_issue: None,
        url: Some("http://www.shizhong.gov.cn/".into()),
        newspaper: None,
        interpretation: None,
        adoption_explanation: None,
        high_public_concern: false,
    };
    go(&system, StepInput::Publish(p)).await;
    (id, i64::from(v))
}

/// Every region applies: the plan of a consultation that skips nothing.
fn full_plan() -> Value {
    let regions: Vec<Value> =
        ["PARTICIPATION", "HEARING", "EXPERT_REVIEW", "RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"]
            .iter()
            .map(|r| json!({ "region": r, "applies": true }))
            .collect();
    json!(regions)
}

/// The first item of a catalogue in `state` (id, version, sponsor id), or any item if none is.
async fn item_in(w: &World, code: &str, year: i32, state: &str) -> (String, i64, String) {
    let d = w
        .ok(
            "query($c: String!, $y: Int!) { catalogue(governmentCode: $c, year: $y) { items { id version state sponsor { id } parent { id } } } }",
            json!({ "c": code, "y": year }),
        )
        .await;
    let items = d["catalogue"]["items"].as_array().expect("items");
    // An adjustment's child item (the startAdjustment cells make some) is not a scene item.
    let it = items.iter().find(|i| i["state"] == state && i["parent"].is_null()).unwrap_or(&items[0]);
    (
        it["id"].as_str().expect("id").to_owned(),
        it["version"].as_i64().expect("version"),
        it["sponsor"]["id"].as_str().expect("id").to_owned(),
    )
}

#[tokio::test]
async fn every_mutation_for_every_role() {
    let w = World::seeded().await;
    // The scene: a 2026 catalogue of 市中区 under compilation, with an item of 区教育体育局.
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2026 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let jtj = department(&w, "370103", "区教育体育局").await;
    let item = w
        .ok(ADD, json!({ "i": { "catalogueId": cid, "title": "矩阵测试事项", "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2026-12" } }))
        .await;
    let item_id = item["addCatalogueItem"]["id"].as_str().expect("id").to_owned();
    w.user_with_password("370103", None, &[Role::Head], Some("correct horse battery staple")).await;
    let login_name = "t0-370103-head";

    let scene_sponsor = step_scene(&w).await;
    // Comment cells share a scene per mutation, made when its row begins (the clock moves between
    // rows, and a notice must be open while its comments are submitted).
    let mut comments_for: Option<(String, (String, String))> = None;
    let mut columns: Vec<(Who, Option<TestUser>)> = vec![];
    for role in Role::ALL {
        columns.push((Who::Role(*role), Some(w.user("370103", department_of(*role), &[*role]).await)));
    }
    columns.push((Who::Public, None));
    let all_roles: Vec<Role> = Role::ALL.to_vec();
    columns.push((Who::OtherGovernment, Some(w.user("370117", Some("区教育和体育局"), &all_roles).await)));

    let schema = w.ok("{ __schema { mutationType { fields { name } } } }", json!({})).await;
    let mutations: BTreeSet<String> = schema["__schema"]["mutationType"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .collect();
    let missing: Vec<_> = mutations.iter().filter(|m| expected(m, Who::Public).is_none()).collect();
    assert!(missing.is_empty(), "mutations without a row in the authorization matrix: {missing:?}");

    let mut cells = 0;
    let mut report: BTreeMap<String, String> = BTreeMap::new();
    for m in &mutations {
        for (i, (who, user)) in columns.iter().enumerate() {
            let want = expected(m, *who).expect("row exists");
            // Each cell gets its own fresh arguments, so an allowed cell never blocks the next.
            let (query, vars): (&str, Value) = match m.as_str() {
                "createCatalogue" => {
                    (CREATE, json!({ "i": { "governmentCode": "370103", "year": 2019 + (i as i32 % 7) } }))
                }
                "addCatalogueItem" => (
                    ADD,
                    json!({ "i": { "catalogueId": cid, "title": format!("新增事项{i}"), "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2026-12" } }),
                ),
                "amendCatalogueItem" => {
                    let v = w.ok("query($id: ID!) { item(id: $id) { version } }", json!({ "id": item_id })).await;
                    (
                        AMEND,
                        json!({ "i": { "id": item_id, "expectedVersion": v["item"]["version"], "title": format!("矩阵测试事项（第{i}次修改）") } }),
                    )
                }
                "createUser" => (
                    "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } token } }",
                    json!({ "i": { "username": format!("matrix-new-{i}"), "name": "新用户", "governmentCode": "370103", "roles": ["EXPERT"] } }),
                ),
                "revokeUser" => {
                    let target = w.user("370103", None, &[Role::Expert]).await;
                    let id = target.principal.user().map(|u| u.user_id.to_string()).expect("user");
                    ("mutation($id: ID!) { revokeUser(id: $id) { revoked } }", json!({ "id": id }))
                }
                "login" => (
                    "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                    json!({ "u": login_name, "p": "correct horse battery staple" }),
                ),
                "logout" => ("mutation { logout }", json!({})),
                "openCommentNotice" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    let opens = today(&w);
                    (
                        "mutation($i: OpenCommentNoticeInput!) { openCommentNotice(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "title": "征求意见公告", "draftVersion": 1,
                                       "opensOn": opens.to_string(), "closesOn": (opens + chrono::Duration::days(2)).to_string(),
                                       "methods": ["电子邮件"], "channels": ["政府门户网站"], "contact": "0531-00000000",
                                       "shorteningReason": "测试场景：期限从短" } }),
                    )
                }
                "closeCommentPeriod" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CLOSABLE").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: CloseCommentPeriodInput!) { closeCommentPeriod(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "summary": "未收到意见" } }),
                    )
                }
                "reviseDraft" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: ReviseDraftInput!) { reviseDraft(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "fullText": "修改稿", "explanation": "说明",
                                       "background": "背景", "substantive": true } }),
                    )
                }
                "concludeFairCompetitionReview" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: ConcludeFairCompetitionReviewInput!) { concludeFairCompetitionReview(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "reviewedDraftVersion": 1, "sponsorFirstReview": "初审意见",
                                       "marketRegulator": "区市场监管局", "conclusion": "COMPLIANT" } }),
                    )
                }
                "submitExpertReview" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    let expert = |n: &str| json!({ "name": n, "field": "体育场馆管理", "affiliation": "山东体育学院", "directInterest": false, "signed": true, "opinion": "可行" });
                    (
                        "mutation($i: SubmitExpertReviewInput!) { submitExpertReview(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "reviewedDraftVersion": 1, "method": "论证会",
                                       "experts": [expert("甲"), expert("乙"), expert("丙")], "adoptionStatement": "全部采纳" } }),
                    )
                }
                "submitForLegalityReview" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "ALL_SKIPPED").await } else { (item_id.clone(), 1) };
                    let on = today(&w);
                    (
                        "mutation($i: SubmitForLegalityReviewInput!) { submitForLegalityReview(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "submittedOn": on.to_string(),
                                       "requestedOpinionBy": (on + chrono::Duration::days(3)).to_string(), "shorteningReason": "测试场景" } }),
                    )
                }
                "recordCoordination" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: RecordCoordinationInput!) { recordCoordination(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "units": [{ "unit": "区财政局", "view": "同意", "agrees": true }] } }),
                    )
                }
                "recordHearing" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    let p = |n: &str, side: &str| json!({ "name": n, "side": side, "stakeholder": true, "materialsDeliveredOn": "2025-05-01", "signedRecord": true });
                    (
                        "mutation($i: RecordHearingInput!) { recordHearing(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "draftVersion": 1, "noticePublishedOn": "2025-04-20",
                                       "selectionMethodPublishedOn": "2025-04-20", "participantListPublishedOn": "2025-04-28",
                                       "heldOn": "2025-05-10", "place": "区政府会议室", "participants": [p("甲", "居民"), p("乙", "经营者")],
                                       "recordSummary": "听证会记录" } }),
                    )
                }
                "submitRiskReport" => {
                    let (id, v) =
                        if want { fresh_item(&w, &scene_sponsor, "CONSULTATION").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: SubmitRiskReportInput!) { submitRiskReport(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "assessor": "区教育体育局", "assessedDraftVersion": 1,
                                       "departmentsConsulted": ["区信访局"], "riskPoints": ["舆情"], "measures": ["解释说明"],
                                       "contingencyPlan": "处置预案", "conclusion": "CONTROLLABLE" } }),
                    )
                }
                "openConsultation" => {
                    let (id, v) = step_item(&w, &scene_sponsor, "DRAFTING").await;
                    (
                        "mutation($i: OpenConsultationInput!) { openConsultation(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "regions": full_plan() } }),
                    )
                }
                "studyProposal" => {
                    let (id, v, _) = item_in(&w, "370103", 2026, "PROPOSED").await;
                    (
                        "mutation($i: StudyProposalInput!) { studyProposal(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "source": "DEPARTMENT", "problem": "全民健身设施管理缺少细则",
                                       "reasonsAndBasis": "《全民健身条例》", "preliminaryPlan": "制定实施细则", "necessityAndFeasibility": "必要且可行" } }),
                    )
                }
                "initiateItem" => {
                    let (id, v, sponsor) = item_in(&w, "370103", 2025, "IN_CATALOGUE").await;
                    (
                        "mutation($i: InitiateItemInput!) { initiateItem(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "decidedOn": "2022-07-01", "leadSponsorId": sponsor } }),
                    )
                }
                "startDrafting" => {
                    let (id, v) = step_item(&w, &scene_sponsor, "INITIATED").await;
                    (
                        "mutation($i: StartDraftingInput!) { startDrafting(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "fullText": "第一条 为加强全民健身设施管理……",
                                       "explanation": "起草说明", "background": "决策背景", "legalBasis": ["《全民健身条例》"] } }),
                    )
                }
                "returnForSupplement" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "LEGALITY_SUBMITTED").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    (
                        "mutation($i: ReturnForSupplementInput!) { returnForSupplement(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "returnedOn": today(&w).to_string(), "missing": ["起草说明"] } }),
                    )
                }
                "resubmitForLegalityReview" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "RETURNED_FOR_SUPPLEMENT").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    let on = today(&w);
                    (
                        "mutation($i: ResubmitForLegalityReviewInput!) { resubmitForLegalityReview(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "resubmittedOn": on.to_string(),
                                       "requestedOpinionBy": (on + chrono::Duration::days(3)).to_string(), "shorteningReason": "测试场景",
                                       "supplements": [{ "missing": "起草说明", "supplied": "已补充起草说明" }] } }),
                    )
                }
                "issueLegalityOpinion" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "LEGALITY_SUBMITTED").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    let point = json!({ "finding": "COMPLIES", "remarks": "经审查" });
                    (
                        "mutation($i: IssueLegalityOpinionInput!) { issueLegalityOpinion(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "issuedOn": today(&w).to_string(), "reviewer": "区司法局",
                                       "authority": point, "procedure": point, "content": point, "verdict": "LEGAL",
                                       "adviserOpinions": [{ "name": "公职律师乙", "capacity": "PUBLIC_LAWYER", "opinion": "合法" }] } }),
                    )
                }
                "reviseAfterLegalityOpinion" => {
                    let (id, v) =
                        if want { later_item(&w, &scene_sponsor, "NOT_LEGAL").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: ReviseAfterLegalityOpinionInput!) { reviseAfterLegalityOpinion(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "fullText": "修改稿", "explanation": "说明", "background": "背景",
                                       "legalBasis": ["《全民健身条例》"], "substantive": true } }),
                    )
                }
                "scheduleMeeting" => {
                    let (id, v) =
                        if want { later_item(&w, &scene_sponsor, "LEGAL").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "meetingType": "EXECUTIVE", "session": "区政府常务会议",
                                       "meetingDate": today(&w).to_string(), "sponsorReport": "承办单位汇报" } }),
                    )
                }
                "recordDiscussion" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "READY_FOR_MEETING").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    (
                        "mutation($i: RecordDiscussionInput!) { recordDiscussion(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "meetingType": "EXECUTIVE", "session": "区政府常务会议",
                                       "heldOn": today(&w).to_string(), "outcome": "APPROVE", "recordedBy": "记录人",
                                       "attendees": [{ "name": "甲", "capacity": "MEMBER" }, { "name": "区长", "capacity": "HEAD" }],
                                       "speeches": [{ "speaker": "甲", "stance": "AGREE", "remarks": "同意" },
                                                    { "speaker": "区长", "stance": "AGREE", "remarks": "同意" }] } }),
                    )
                }
                "signDecision" => {
                    let (id, v) =
                        if want { later_item(&w, &scene_sponsor, "DISCUSSED").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: SignDecisionInput!) { signDecision(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "signedOn": today(&w).to_string(), "signedBy": "区长",
                                       "title": "决定", "text": "决定内容" } }),
                    )
                }
                "reportToPartyCommittee" => {
                    let (id, v) =
                        if want { later_item(&w, &scene_sponsor, "DECIDED").await } else { (item_id.clone(), 1) };
                    let on = today(&w).to_string();
                    (
                        "mutation($i: ReportToPartyCommitteeInput!) { reportToPartyCommittee(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "reportedOn": on, "committee": "中共济南市市中区委",
                                       "document": "关于……的请示", "response": { "receivedOn": on, "content": "同意" } } }),
                    )
                }
                "publishDecision" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "PARTY_REPORTED").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    (
                        "mutation($i: PublishDecisionInput!) { publishDecision(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "publishedOn": today(&w).to_string(),
                                       "documentNumber": "市中政字〔2025〕9号", "title": "决定", "gazetteIssue": "2025年第1期" } }),
                    )
                }
                "exemptFromPublication" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "PARTY_REPORTED").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    let on = today(&w).to_string();
                    (
                        "mutation($i: ExemptFromPublicationInput!) { exemptFromPublication(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "decidedOn": on, "ground": "OGI_ART_14", "reason": "涉及国家秘密",
                                       "reviewedBy": "区保密办", "reviewedOn": on, "reviewConclusion": "不予公开" } }),
                    )
                }
                "startExecution" => {
                    let (id, v) =
                        if want { later_item(&w, &scene_sponsor, "PUBLISHED").await } else { (item_id.clone(), 1) };
                    (
                        "mutation($i: StartExecutionInput!) { startExecution(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "assignedOn": today(&w).to_string(), "leadUnitId": scene_sponsor } }),
                    )
                }
                "withdrawItem" => {
                    let (id, v, _) = if want {
                        item_in(&w, "370103", 2025, "IN_CATALOGUE").await
                    } else {
                        (item_id.clone(), 1, String::new())
                    };
                    let on = today(&w).to_string();
                    (
                        "mutation($i: WithdrawItemInput!) { withdrawItem(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v, "approvedOn": on, "approvalDocument": "区政府常务会议纪要",
                                       "reason": "上级政策调整，事项不再实施", "partyConsentOn": on } }),
                    )
                }
                "signAuditCheckpoint" => ("mutation { signAuditCheckpoint { seq verified } }", json!({})),
                "submitComment" | "moderateComments" | "answerOpinion" => {
                    if comments_for.as_ref().is_none_or(|(row, _)| row != m) {
                        comments_for = Some((m.clone(), comment_scene(&w, &scene_sponsor).await));
                    }
                    let (id, comment) = comments_for.as_ref().map(|(_, s)| s.clone()).expect("scene");
                    match m.as_str() {
                        "submitComment" => (
                            "mutation($i: SubmitCommentInput!) { submitComment(input: $i) { trackingNo } }",
                            json!({ "i": { "itemId": id, "kind": "ANONYMOUS", "body": format!("矩阵意见{i}") } }),
                        ),
                        "moderateComments" => (
                            "mutation($i: ModerateCommentsInput!) { moderateComments(input: $i) { count } }",
                            json!({ "i": { "itemId": id, "commentIds": [comment], "action": "PUBLISHED" } }),
                        ),
                        _ => (
                            "mutation($i: AnswerOpinionInput!) { answerOpinion(input: $i) { no } }",
                            json!({ "i": { "itemId": id, "commentIds": [comment], "summary": "增加无障碍设施",
                                           "concentrated": false, "adoption": "ADOPTED" } }),
                        ),
                    }
                }
                "publishFeedback" => {
                    let (id, v) = if want {
                        later_item(&w, &scene_sponsor, "PUBLISHED_AFTER_COMMENTS").await
                    } else {
                        (item_id.clone(), 1)
                    };
                    (
                        "mutation($i: PublishFeedbackInput!) { publishFeedback(input: $i) { state } }",
                        json!({ "i": { "itemId": id, "expectedVersion": v } }),
                    )
                }
                m if crate::execution::MUTATIONS.contains(&m) => {
                    crate::execution::matrix_request(&w, &scene_sponsor, m, want, &item_id).await
                }
                m if crate::after_decision::MUTATIONS.contains(&m) => {
                    crate::after_decision::matrix_request(&w, &scene_sponsor, m, want, &item_id).await
                }
                other => panic!("the matrix has a row for {other} but no request for it"),
            };
            let before = event_count(&w).await;
            let resp = match user {
                Some(u) => {
                    // Logging out revokes the token: use a fresh one so later cells still work.
                    let token = if m == "logout" {
                        w.engine
                            .issue_token(&juece_core::authz::Principal::system("test"), &u.username)
                            .await
                            .expect("token")
                    } else {
                        u.token.clone()
                    };
                    w.gql_as(&u.principal, Some(&token), query, vars).await
                }
                None => w.gql_as(&juece_core::authz::Principal::Anonymous, None, query, vars).await,
            };
            let got = resp.get("errors").is_none();
            if want {
                assert!(got, "{m} by {} should be allowed: {resp}", who.label());
            } else {
                let c = code(&resp["errors"][0]);
                let want_code = if *who == Who::Public { "UNAUTHENTICATED" } else { "FORBIDDEN" };
                assert_eq!(c, want_code, "{m} by {} should be refused with {want_code}: {resp}", who.label());
                assert_eq!(event_count(&w).await, before, "a refused {m} by {} changed the audit trail", who.label());
            }
            cells += 1;
            report.entry(m.clone()).or_default().push_str(if want { "✓" } else { "·" });
        }
    }
    // Written to stderr directly, past the test harness's capture, so every run shows the count.
    use std::io::Write as _;
    let header: Vec<_> = columns.iter().map(|(w, _)| w.label()).collect();
    let mut out = format!("authorization matrix: columns {}\n", header.join(" "));
    for (m, row) in &report {
        out.push_str(&format!("  {m:<20} {row}\n"));
    }
    out.push_str(&format!(
        "authorization matrix: {cells} cells checked ({} mutations × {} principals) on {:?}\n",
        mutations.len(),
        columns.len(),
        w.db.backend
    ));
    let _ = std::io::stderr().write_all(out.as_bytes());
    assert_eq!(cells, mutations.len() * columns.len());
}

#[tokio::test]
async fn the_permission_table_has_one_row_per_operation_and_is_rendered_in_the_docs() {
    use juece_core::authz::{Operation, PERMISSIONS, render_markdown};
    for op in Operation::ALL {
        assert_eq!(PERMISSIONS.iter().filter(|p| p.op == *op).count(), 1, "{op} needs exactly one row");
    }
    crate::architecture::generated_section(
        "<!-- permission-table:begin -->\n",
        "<!-- permission-table:end -->",
        &render_markdown(),
    );
}
