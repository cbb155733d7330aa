//! Walks through the later steps of the procedure (§2.3 T9–T16) by the roles that take them: an
//! exploratory reform item that goes to the meeting with its legal risk stated (R-10-8), a draft
//! found unlawful that goes back through drafting and consultation (R-10-7), the meeting's
//! outcomes other than plain approval with the rules on how its minutes are kept (R-11-2..7), and
//! a decision not published on a ground of law (R-13-5).

use crate::catalogue::{ADD, CREATE, assert_state_is_fold, department};
use crate::decision::{People, at, draft, items_2022, ok, step, to_legality};
use juece_core::authz::{Principal, Role};
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};

/// Everything a clerk looks at before the next step.
const ITEM: &str = "query($id: ID!) { item(id: $id) { state version regions { region state }
    artefacts { kind version content } availableTransitions { id blockedBy { rule messageZh } }
    events { eventType payload } } }";

/// The rule a step is refused by, asserting the refusal is a procedure violation. Returns the
/// error so that its message can be looked at too.
async fn refused(w: &World, who: &TestUser, mutation: &str, id: &str, input: Value) -> Value {
    let r = step(w, who, mutation, id, input).await;
    let e = r["errors"][0].clone();
    assert_eq!(code(&e), "PROCEDURE_VIOLATION", "{mutation} should be refused by a rule: {r:#}");
    e
}

fn rule(e: &Value) -> &str {
    e["extensions"]["rule"].as_str().unwrap_or("<no rule>")
}

async fn look(w: &World, who: &TestUser, id: &str) -> Value {
    w.ok_as(who, ITEM, json!({ "id": id })).await["item"].clone()
}

fn regions(item: &Value) -> Vec<(String, String)> {
    item["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| (r["region"].as_str().unwrap_or("").to_owned(), r["state"].as_str().unwrap_or("").to_owned()))
        .collect()
}

fn region(item: &Value, name: &str) -> String {
    regions(item).into_iter().find(|(r, _)| r == name).map(|(_, s)| s).unwrap_or_else(|| panic!("no {name}"))
}

/// What stops `transition` on the record as it stands (null when nothing does).
fn blocker(item: &Value, transition: &str) -> Value {
    item["availableTransitions"]
        .as_array()
        .expect("transitions")
        .iter()
        .find(|t| t["id"] == transition)
        .map(|t| t["blockedBy"].clone())
        .unwrap_or_else(|| panic!("{transition} is not next: {:#}", item["availableTransitions"]))
}

fn next(item: &Value) -> Vec<String> {
    item["availableTransitions"]
        .as_array()
        .expect("transitions")
        .iter()
        .map(|t| t["id"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// The latest version of the item's document of `kind`.
fn latest(item: &Value, kind: &str) -> Value {
    item["artefacts"]
        .as_array()
        .expect("artefacts")
        .iter()
        .filter(|a| a["kind"] == kind)
        .max_by_key(|a| a["version"].as_i64())
        .map(|a| a["content"].clone())
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// The steps of the item's trail, in order.
fn steps(item: &Value) -> Vec<String> {
    item["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["eventType"] == "ItemStateChanged")
        .map(|e| e["payload"]["step"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// Sets the world's clock to 09:00 in Jinan on the given day.
fn point(finding: &str, remarks: &str) -> Value {
    json!({ "finding": finding, "remarks": remarks })
}

/// A legality opinion of the justice bureau with the legal advisers' opinions (R-10-6); authority
/// and procedure comply, `content` is the finding that decides the verdict.
fn opinion(on: &str, content: Value, verdict: &str) -> Value {
    json!({ "issuedOn": on, "reviewer": "济南市市中区司法局（负责人：王某）",
            "authority": point("COMPLIES", "属区人民政府法定职权范围"),
            "procedure": point("COMPLIES", "已履行公众参与等法定程序，不适用的环节均有经批准的不适用记录"),
            "content": content, "verdict": verdict,
            "adviserOpinions": [
                { "name": "山东某律师事务所 王律师（区政府法律顾问）", "capacity": "LEGAL_ADVISER", "opinion": "已对草案逐条审查，意见见附件" },
                { "name": "区司法局公职律师 李某", "capacity": "PUBLIC_LAWYER", "opinion": "同意审查意见" }] })
}

fn attendee(name: &str, capacity: &str) -> Value {
    json!({ "name": name, "capacity": capacity, "organisation": "济南市市中区人民政府" })
}

fn said(speaker: &str, stance: Option<&str>, remarks: &str) -> Value {
    json!({ "speaker": speaker, "stance": stance, "remarks": remarks })
}

const HEAD: &str = "区长 张某";
const M1: &str = "常务副区长 刘某";
const M2: &str = "副区长 陈某";
const M3: &str = "副区长 赵某";

/// The minutes of an executive meeting of the head and three members, `speeches` in the order
/// spoken; fields beyond these are set on the returned value.
fn minutes(on: &str, outcome: &str, speeches: Value) -> Value {
    json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第19次常务会议", "heldOn": on,
            "attendees": [attendee(HEAD, "HEAD"), attendee(M1, "MEMBER"), attendee(M2, "MEMBER"), attendee(M3, "MEMBER"),
                          json!({ "name": "承办单位负责人 孙某", "capacity": "SPONSOR", "organisation": "承办单位" })],
            "speeches": speeches, "outcome": outcome, "recordedBy": "区政府办公室 秘书科 周某" })
}

/// Every member and then the head, each with `stance`.
fn all_say(stance: &str, remarks: &str) -> Value {
    json!([
        said(M1, Some(stance), remarks),
        said(M2, Some(stance), remarks),
        said(M3, Some(stance), remarks),
        said(HEAD, Some(stance), remarks)
    ])
}

#[tokio::test]
async fn an_exploratory_reform_item_goes_to_the_meeting_with_its_legal_risk_stated() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let item = items_2022(&w).await[1].clone();
    assert_eq!(item["title"], "设立市中区省级经济开发区");
    // The zone's management body and the rights of market entities in it: risk and fair
    // competition are assessed; the rest is skipped with its record.
    let id = to_legality(&w, &p, &fgj, &item, &["RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW"]).await;

    at(&w, 2026, 11, 27);
    let content = point(
        "NO_CLEAR_RULE",
        "开发区管理机构的设置及其对托管街道行使经济管理权限，国家和省尚无明确规定，属探索性改革事项",
    );
    let statement = "本事项属国家尚无明确规定的探索性改革事项。法律风险：开发区管理机构对托管街道行使经济管理权限缺乏法律、法规的明确授权，\
                     据此作出的行政行为可能在行政复议、行政诉讼中被认定主体不适格。建议以区政府委托方式行使并在实施中适时评估。";
    // An exploratory verdict without its legal risk stated does not clear the draft (R-10-8); a
    // blank statement is no statement.
    let e = refused(
        &w,
        &p.justice,
        "issueLegalityOpinion",
        &id,
        opinion("2026-11-27", content.clone(), "EXPLORATORY_WITH_RISK"),
    )
    .await;
    assert_eq!(rule(&e), "R-10-8", "{e}");
    let mut blank = opinion("2026-11-27", content.clone(), "EXPLORATORY_WITH_RISK");
    blank["legalRiskStatement"] = json!("  ");
    assert_eq!(rule(&refused(&w, &p.justice, "issueLegalityOpinion", &id, blank).await), "R-10-8");
    // "No clear rule" on content is an exploratory verdict, not a legal one (R-10-5).
    let mut legal = opinion("2026-11-27", content.clone(), "LEGAL");
    legal["legalRiskStatement"] = json!(statement);
    assert_eq!(rule(&refused(&w, &p.justice, "issueLegalityOpinion", &id, legal).await), "R-10-5");
    let mut stated = opinion("2026-11-27", content, "EXPLORATORY_WITH_RISK");
    stated["legalRiskStatement"] = json!(statement);
    assert_eq!(ok(&w, &p.justice, "issueLegalityOpinion", &id, stated).await, "LEGALITY_REVIEWED");

    let it = look(&w, &p.office, &id).await;
    assert_eq!(latest(&it, "LEGALITY_OPINION")["verdict"], "EXPLORATORY_WITH_RISK");
    assert_eq!(latest(&it, "LEGALITY_OPINION")["legal_risk_statement"], statement);
    assert_eq!(blocker(&it, "T11"), Value::Null, "a stated risk clears the draft for the meeting");
    assert_eq!(blocker(&it, "T10")["rule"], "R-10-7", "an exploratory draft is not sent back as unlawful");

    let agenda = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第21次常务会议", "meetingDate": "2026-11-30",
                         "sponsorReport": "区发展改革局关于设立市中区省级经济开发区履行决策程序情况的汇报" });
    assert_eq!(ok(&w, &p.office, "scheduleMeeting", &id, agenda).await, "READY_FOR_MEETING");
    // The meeting sees the risk the reviewer stated, with the opinion among its materials.
    let it = look(&w, &p.head, &id).await;
    let entry = latest(&it, "AGENDA_ENTRY");
    assert_eq!(entry["legal_risk_statement"], statement);
    assert_eq!(entry["request"]["meeting_date"], "2026-11-30");
    let materials: Vec<_> =
        entry["materials"].as_array().expect("materials").iter().map(|m| m["kind"].as_str().unwrap_or("")).collect();
    for k in ["DRAFT", "OPINION_REGISTER", "RISK_REPORT", "FAIR_COMPETITION_REVIEW", "LEGALITY_OPINION"] {
        assert!(materials.contains(&k), "{k} in {materials:?}");
    }
    let opinion_material = entry["materials"]
        .as_array()
        .expect("materials")
        .iter()
        .find(|m| m["kind"] == "LEGALITY_OPINION")
        .cloned()
        .expect("opinion");
    assert_eq!(opinion_material["point"], "(5) 合法性审查意见");

    at(&w, 2026, 11, 30);
    let mut m = minutes("2026-11-30", "APPROVE", all_say("AGREE", "同意设立，注意防范审查意见明示的法律风险"));
    m["speeches"][3]["remarks"] = json!("同意。开发区管理机构以区政府委托方式行使权限，实施一年后评估");
    assert_eq!(ok(&w, &p.office, "recordDiscussion", &id, m).await, "DISCUSSED");
    let sign = json!({ "signedOn": "2026-11-30", "signedBy": "区长 张某", "title": "关于设立市中区省级经济开发区的决定",
                       "text": "一、同意设立市中区省级经济开发区。二、开发区管理机构依区人民政府委托行使经济管理权限。" });
    assert_eq!(ok(&w, &p.head, "signDecision", &id, sign).await, "DECIDED");

    let it = look(&w, &p.head, &id).await;
    assert_eq!(it["state"], "DECIDED");
    assert_eq!(steps(&it), ["T2", "T3", "T4", "T5", "T6", "T9", "T11", "T12", "T13"]);
    assert_state_is_fold(&w, &id).await;
}

#[tokio::test]
async fn a_draft_found_unlawful_goes_back_through_drafting_and_consultation() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let item = items_2022(&w).await[0].clone();
    let title = item["title"].as_str().expect("title").to_owned();
    let id = to_legality(&w, &p, &jtj, &item, &[]).await;

    at(&w, 2026, 11, 26);
    // A normative document of the district cannot create a fine (行政处罚法 art. 16).
    let unlawful = point(
        "DOES_NOT_COMPLY",
        "草案第十二条对擅自占用全民健身设施的个人处以罚款，属规范性文件设定行政处罚，违反《中华人民共和国行政处罚法》第十六条",
    );
    let mut not_legal = opinion("2026-11-26", unlawful, "NOT_LEGAL");
    not_legal["revisionsRequested"] = json!(["删除草案第十二条关于罚款的规定，改为依照《全民健身条例》第三十六条处理"]);
    assert_eq!(ok(&w, &p.justice, "issueLegalityOpinion", &id, not_legal).await, "LEGALITY_REVIEWED");

    // The clerk's checklist names the rule before anyone tries (R-10-7); going back is open.
    let it = look(&w, &p.office, &id).await;
    let b = blocker(&it, "T11");
    assert_eq!(b["rule"], "R-10-7", "{b}");
    assert!(b["messageZh"].as_str().is_some_and(|m| m.contains("不合法")), "{b}");
    assert_eq!(blocker(&it, "T10"), Value::Null);
    let agenda = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第20次常务会议", "meetingDate": "2026-11-26",
                         "sponsorReport": "区教育体育局关于履行决策程序情况的汇报" });
    let e = refused(&w, &p.office, "scheduleMeeting", &id, agenda.clone()).await;
    assert_eq!(rule(&e), "R-10-7", "{e}");

    // The revision drops the fine: a substantive change, so the finished comment round no longer
    // describes the draft (§2.4).
    let revised = draft(&title, "第十二条 擅自占用全民健身设施的，依照《全民健身条例》第三十六条处理。");
    let mut revise = revised.clone();
    revise["substantive"] = json!(true);
    let r = step(&w, &jtj, "reviseAfterLegalityOpinion", &id, revise).await;
    assert!(r.get("errors").is_none(), "{r:#}");
    assert_eq!(r["data"]["reviseAfterLegalityOpinion"]["state"], "DRAFTING");
    let it = look(&w, &p.office, &id).await;
    assert_eq!(region(&it, "PARTICIPATION"), "STALE");
    assert_eq!(region(&it, "HEARING"), "NOT_APPLICABLE");
    assert_eq!(next(&it), ["T5", "WITHDRAW"]);
    assert_eq!(latest(&it, "DRAFT")["full_text"], revised["fullText"]);

    // Back into consultation with the same determinations: the regions keep what they did.
    let before = regions(&it);
    let plan = latest(&it, "CONSULTATION_PLAN")["regions"].clone();
    let plan: Vec<Value> = plan
        .as_array()
        .expect("plan")
        .iter()
        .map(|d| {
            let mut r = json!({ "region": d["region"], "applies": d["applies"] });
            if let Some(s) = d.get("skip") {
                r["skip"] = json!({ "determination": s["determination"], "basis": s["basis"],
                                    "determinedBy": s["determined_by"], "approvedBy": s["approved_by"], "date": s["date"] });
            }
            r
        })
        .collect();
    assert_eq!(ok(&w, &jtj, "openConsultation", &id, json!({ "regions": plan })).await, "CONSULTATION");
    let it = look(&w, &p.office, &id).await;
    assert_eq!(regions(&it), before);
    // Legality review waits for the comment round on the revised draft.
    assert_eq!(blocker(&it, "T6")["rule"], "R-05-1");
    let submit = |on: &str, by: &str| json!({ "submittedOn": on, "requestedOpinionBy": by });
    assert_eq!(
        rule(&refused(&w, &jtj, "submitForLegalityReview", &id, submit("2026-11-26", "2026-12-07")).await),
        "R-05-1"
    );

    // A stale region opens a new round, on the revised draft.
    let notice = json!({ "draftVersion": 2, "title": format!("关于再次公开征求《{title}（修改稿）》意见的公告"),
        "opensOn": "2026-11-26", "closesOn": "2026-11-28", "methods": ["电子邮件"],
        "channels": ["市中区人民政府门户网站重大行政决策意见征集专栏"], "contact": "区教育体育局 0531-00000000",
        "shorteningReason": "仅对第十二条作删改，前次已完整征求意见，缩短征求意见期限" });
    let r = step(&w, &jtj, "openCommentNotice", &id, notice).await;
    assert!(r.get("errors").is_none(), "{r:#}");
    assert_eq!(region(&r["data"]["openCommentNotice"], "PARTICIPATION"), "IN_PROGRESS");
    at(&w, 2026, 11, 30);
    let r = step(&w, &jtj, "closeCommentPeriod", &id, json!({ "summary": "未收到意见" })).await;
    assert!(r.get("errors").is_none(), "{r:#}");
    assert_eq!(region(&r["data"]["closeCommentPeriod"], "PARTICIPATION"), "DONE");

    // Submitted Mon 2026-11-30: the 7th working day after is Wed 2026-12-09 (R-10-4).
    assert_eq!(
        rule(&refused(&w, &jtj, "submitForLegalityReview", &id, submit("2026-11-30", "2026-12-08")).await),
        "R-10-4"
    );
    assert_eq!(
        ok(&w, &jtj, "submitForLegalityReview", &id, submit("2026-11-30", "2026-12-09")).await,
        "LEGALITY_SUBMITTED"
    );
    let it = look(&w, &p.office, &id).await;
    let package = latest(&it, "LEGALITY_PACKAGE");
    assert_eq!(package["draft_version"], 2, "the revised draft is what is reviewed");
    let notices = package["statement"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["kind"] == "COMMENT_NOTICE")
        .count();
    assert_eq!(notices, 2, "both comment rounds are in the statement");

    at(&w, 2026, 12, 2);
    let lawful = point("COMPLIES", "修改稿已删除罚款规定，未发现与上位法相抵触的内容");
    assert_eq!(
        ok(&w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", lawful, "LEGAL")).await,
        "LEGALITY_REVIEWED"
    );
    let it = look(&w, &p.office, &id).await;
    assert_eq!(blocker(&it, "T11"), Value::Null);
    let mut agenda = agenda;
    agenda["meetingDate"] = json!("2026-12-03");
    assert_eq!(ok(&w, &p.office, "scheduleMeeting", &id, agenda).await, "READY_FOR_MEETING");

    let it = look(&w, &p.office, &id).await;
    assert_eq!(steps(&it), ["T2", "T3", "T4", "T5", "T6", "T9", "T10", "T5", "T6", "T9", "T11"]);
    let entry = latest(&it, "AGENDA_ENTRY");
    assert!(entry.get("legal_risk_statement").is_none(), "a legal draft carries no risk statement: {entry}");
    let drafts: Vec<_> = entry["materials"]
        .as_array()
        .expect("materials")
        .iter()
        .filter(|m| m["kind"] == "DRAFT")
        .map(|m| m["version"].clone())
        .collect();
    assert_eq!(drafts, [json!(2)]);
    assert_state_is_fold(&w, &id).await;
}

/// A published 2025 catalogue of 市中区 with items of 区教育体育局 on school security, each driven
/// as juece itself (the opinion by the justice bureau, the signature by the head) to `target`:
/// READY_FOR_MEETING or PARTY_REPORTED. Their content touches public safety, so they may not be
/// disclosed: participation is skipped on that ground (R-05-1) with every other region.
async fn security_items(w: &World, p: &People, titles: &[&str], target: &str) -> (String, Vec<String>) {
    use juece_core::legality::{AdviserCapacity, AdviserOpinion, Finding, LegalityOpinion, PointFinding, Verdict};
    use juece_core::meeting::{AgendaRequest, Attendee, Capacity, MeetingType, Minutes, Outcome, Speech, Stance};
    use juece_core::region::{ConsultationPlan, Region, RegionDetermination, SkipRecord};
    use juece_engine::StepInput;
    let system = Principal::system("test");
    let jtj = department(w, "370103", "区教育体育局").await;
    let cat = w.ok(CREATE, json!({ "i": { "governmentCode": "370103", "year": 2025 } })).await;
    let cid = cat["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let mut ids = vec![];
    for t in titles {
        let d = w
            .ok(ADD, json!({ "i": { "catalogueId": cid, "title": t, "sponsorId": jtj, "category": "SD3_1", "plannedCompletion": "2025-12" } }))
            .await;
        ids.push(d["addCatalogueItem"]["id"].as_str().expect("id").to_owned());
    }
    w.engine
        .record_publication(
            &system,
            juece_engine::PublicationInput {
                catalogue_id: uuid::Uuid::parse_str(&cid).expect("uuid"),
                document_number: "市中政字〔2025〕3号".into(),
                published_on: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).expect("date"),
                source: "济南市市中区人民政府门户网站".into(),
            },
        )
        .await
        .expect("published");
    use juece_engine::Clock as _;
    let on = (w.clock.now() + chrono::Duration::hours(8)).date_naive();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let skip = SkipRecord {
        determination: "方案载明校园安防设施布点和应急力量部署，依法不予公开".into(),
        basis: "《中华人民共和国政府信息公开条例》第十四条".into(),
        determined_by: "区教育体育局 安全科 经办人".into(),
        approved_by: "区教育体育局 局长；区司法局".into(),
        date: date(2025, 4, 2),
        evidence: vec![],
    };
    for id in &ids {
        let uid = uuid::Uuid::parse_str(id).expect("uuid");
        let finding = |remarks: &str| PointFinding { finding: Finding::Complies, remarks: remarks.into() };
        let person = |n: &str, c: Capacity| Attendee { name: n.into(), capacity: c, organisation: String::new() };
        let agree = |n: &str| Speech { speaker: n.into(), stance: Some(Stance::Agree), remarks: "同意".into() };
        let route: Vec<(&str, &Principal, StepInput)> = vec![
            (
                "INITIATED",
                &system,
                StepInput::Initiate(juece_core::artefact::StartDecision {
                    decided_on: date(2025, 4, 1),
                    document: None,
                    lead_sponsor_id: uuid::Uuid::parse_str(&jtj).expect("uuid"),
                    co_sponsor_ids: vec![],
                }),
            ),
            (
                "DRAFTING",
                &system,
                StepInput::StartDrafting(juece_core::artefact::Draft {
                    full_text: "第一条 为加强全区中小学校园安全技术防范……".into(),
                    explanation: "起草说明".into(),
                    background: "决策背景".into(),
                    legal_basis: vec!["《中小学幼儿园安全管理办法》".into()],
                }),
            ),
            (
                "CONSULTATION",
                &system,
                StepInput::OpenConsultation(ConsultationPlan {
                    regions: Region::ALL
                        .iter()
                        .map(|r| RegionDetermination { region: *r, applies: false, skip: Some(skip.clone()) })
                        .collect(),
                    hearing_required_by: None,
                    undisclosable_ground: Some(
                        "《中华人民共和国政府信息公开条例》第十四条：公开后可能危及公共安全".into(),
                    ),
                }),
            ),
            (
                "LEGALITY_SUBMITTED",
                &system,
                StepInput::SubmitForLegality(juece_core::legality::LegalitySubmission {
                    submitted_on: on,
                    requested_opinion_by: on + chrono::Duration::days(3),
                    shortening_reason: Some("开学前须完成部署，情况紧急".into()),
                }),
            ),
            (
                "LEGALITY_REVIEWED",
                &p.justice.principal,
                StepInput::IssueOpinion(LegalityOpinion {
                    issued_on: on,
                    reviewer: "济南市市中区司法局".into(),
                    authority: finding("属区人民政府职权"),
                    procedure: finding("程序完备"),
                    content: finding("未发现与上位法相抵触的内容"),
                    verdict: Verdict::Legal,
                    legal_risk_statement: None,
                    adviser_opinions: vec![AdviserOpinion {
                        name: "区司法局公职律师 李某".into(),
                        capacity: AdviserCapacity::PublicLawyer,
                        opinion: "合法".into(),
                    }],
                    revisions_requested: vec![],
                    package_version: 0,
                }),
            ),
            (
                "READY_FOR_MEETING",
                &system,
                StepInput::ScheduleMeeting(AgendaRequest {
                    meeting_type: MeetingType::Executive,
                    session: "区政府2026年第19次常务会议".into(),
                    meeting_date: on,
                    sponsor_report: "区教育体育局关于履行决策程序情况的汇报".into(),
                }),
            ),
            (
                "DISCUSSED",
                &system,
                StepInput::RecordDiscussion(Minutes {
                    meeting_type: MeetingType::Executive,
                    session: "区政府2026年第19次常务会议".into(),
                    held_on: on,
                    attendees: vec![person(M1, Capacity::Member), person(HEAD, Capacity::Head)],
                    speeches: vec![agree(M1), agree(HEAD)],
                    outcome: Outcome::Approve,
                    amendments: None,
                    amendments_change_legal_substance: false,
                    head_reason: None,
                    attendee_opinions: vec![],
                    recorded_by: "区政府办公室 秘书科 周某".into(),
                }),
            ),
            (
                "DECIDED",
                &p.head.principal,
                StepInput::SignDecision(juece_core::meeting::SignedDecision {
                    signed_on: on,
                    signed_by: HEAD.into(),
                    title: "决定".into(),
                    text: "同意实施".into(),
                }),
            ),
            (
                "PARTY_REPORTED",
                &system,
                StepInput::ReportToParty(juece_core::publication::PartyReport {
                    reported_on: on,
                    committee: "中共济南市市中区委员会".into(),
                    document: "关于校园安全技术防范工作的请示".into(),
                    response: Some(juece_core::publication::PartyResponse {
                        received_on: on, content: "同意".into()
                    }),
                }),
            ),
        ];
        let mut v = w.engine.item(&system, uid).await.expect("load").expect("exists").version;
        for (reached, who, input) in route {
            let row = w.engine.take_step(who, uid, v, input).await.unwrap_or_else(|e| panic!("{reached}: {e:?}"));
            assert_eq!(row.state, reached);
            v = row.version;
            if reached == target {
                break;
            }
        }
    }
    (jtj, ids)
}

#[tokio::test]
async fn the_meeting_defers_returns_or_rejects() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    at(&w, 2026, 11, 24);
    let titles = [
        "市中区校园安全技术防范系统建设方案",
        "市中区中小学安全应急处置预案（修订）",
        "市中区教育考试安全保密管理办法",
        "市中区重点学校安防设施提升方案",
    ];
    let (_, ids) = security_items(&w, &p, &titles, "READY_FOR_MEETING").await;
    let on = "2026-11-24";

    // How minutes are kept (R-11-2..5), on the first item.
    let a = &ids[0];
    let mut topical = minutes(on, "APPROVE", all_say("AGREE", "同意"));
    topical["meetingType"] = json!("TOPICAL");
    assert_eq!(rule(&refused(&w, &p.office, "recordDiscussion", a, topical).await), "R-11-2");
    let head_first = json!([
        said(HEAD, Some("AGREE"), "同意"),
        said(M1, Some("AGREE"), "同意"),
        said(M2, Some("AGREE"), "同意"),
        said(M3, Some("AGREE"), "同意")
    ]);
    assert_eq!(
        rule(&refused(&w, &p.office, "recordDiscussion", a, minutes(on, "APPROVE", head_first)).await),
        "R-11-3"
    );
    let no_stance = json!([
        said(M1, Some("AGREE"), "同意"),
        said(M2, None, "原则上没有意见"),
        said(M3, Some("AGREE"), "同意"),
        said(HEAD, Some("AGREE"), "同意")
    ]);
    let e = refused(&w, &p.office, "recordDiscussion", a, minutes(on, "APPROVE", no_stance)).await;
    assert_eq!(rule(&e), "R-11-5");
    assert!(e["message"].as_str().is_some_and(|m| m.contains(M2)), "the member is named: {e}");
    let silent_dissent = json!([
        said(M1, Some("AGREE"), "同意"),
        said(M2, Some("DISAGREE"), " "),
        said(M3, Some("AGREE"), "同意"),
        said(HEAD, Some("AGREE"), "同意")
    ]);
    assert_eq!(
        rule(&refused(&w, &p.office, "recordDiscussion", a, minutes(on, "APPROVE", silent_dissent)).await),
        "R-11-5"
    );
    // Two of three members disagree and the head approves: the reasons are stated (R-11-4).
    let split = json!([
        said(M1, Some("AGREE"), "同意"),
        said(M2, Some("DISAGREE"), "系统建设资金尚未落实，建议纳入明年预算后再实施"),
        said(M3, Some("DISAGREE"), "建议先行试点"),
        said(HEAD, Some("AGREE"), "同意实施")
    ]);
    let e = refused(&w, &p.office, "recordDiscussion", a, minutes(on, "APPROVE", split.clone())).await;
    assert_eq!(rule(&e), "R-11-4");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("1人同意、2人不同意，共3人")), "{e}");
    assert_eq!(look(&w, &p.office, a).await["state"], "READY_FOR_MEETING", "nothing of the refusals was recorded");

    // A deferral puts the item back on the agenda (T12, then T12-DEFER).
    let defer = json!([
        said(M1, Some("ABSTAIN"), "建议待区财政局核实资金后再议"),
        said(M2, Some("DISAGREE"), "资金尚未落实"),
        said(M3, Some("ABSTAIN"), "同意暂缓"),
        said(HEAD, None, "本议题暂缓，请区财政局会同区教育体育局落实资金后再提交会议")
    ]);
    assert_eq!(ok(&w, &p.office, "recordDiscussion", a, minutes(on, "DEFER", defer)).await, "READY_FOR_MEETING");
    let it = look(&w, &p.office, a).await;
    assert_eq!(steps(&it)[steps(&it).len() - 2..], ["T12", "T12-DEFER"]);
    // At the next meeting the head decides against the majority, with the reasons.
    let mut against = minutes(on, "APPROVE", split);
    against["headReason"] =
        json!("资金已由区财政局在预备费中安排，校园安防事关师生安全，不宜再缓，试点意见纳入实施方案");
    assert_eq!(ok(&w, &p.office, "recordDiscussion", a, against).await, "DISCUSSED");
    let it = look(&w, &p.office, a).await;
    assert!(latest(&it, "MINUTES")["head_reason"].as_str().is_some_and(|r| r.contains("预备费")));
    // The head signs, not the office that kept the minutes.
    let sign = json!({ "signedOn": on, "signedBy": HEAD, "title": "关于实施校园安全技术防范系统建设方案的决定", "text": "同意实施" });
    let r = step(&w, &p.office, "signDecision", a, sign).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r:#}");
    assert_eq!(look(&w, &p.office, a).await["state"], "DISCUSSED");
    assert_state_is_fold(&w, a).await;

    // A return goes back to drafting.
    let b = &ids[1];
    let back = all_say("DISAGREE", "预案与市级预案衔接不够，建议退回修改");
    assert_eq!(ok(&w, &p.office, "recordDiscussion", b, minutes(on, "RETURN", back)).await, "DRAFTING");
    let it = look(&w, &p.office, b).await;
    assert_eq!(steps(&it)[steps(&it).len() - 2..], ["T12", "T12-RETURN"]);
    assert_eq!(next(&it), ["T5", "WITHDRAW"]);
    assert_state_is_fold(&w, b).await;

    // A rejection closes the item: nothing comes next, and nothing can be signed.
    let c = &ids[2];
    let no = all_say("DISAGREE", "考试安全保密管理由上级教育行政部门统一规定，本区不宜另行制定");
    assert_eq!(ok(&w, &p.office, "recordDiscussion", c, minutes(on, "REJECT", no)).await, "CLOSED_REJECTED");
    let it = look(&w, &p.office, c).await;
    assert_eq!(steps(&it)[steps(&it).len() - 2..], ["T12", "T12-REJECT"]);
    assert_eq!(it["availableTransitions"], json!([]));
    let sign = json!({ "signedOn": on, "signedBy": HEAD, "title": "决定", "text": "同意" });
    assert_eq!(rule(&refused(&w, &p.head, "signDecision", c, sign).await), "§2.3");
    assert_state_is_fold(&w, c).await;

    // Amendments that change the legal substance send the draft back to be reviewed again (R-11-7).
    let d = &ids[3];
    let mut amended =
        minutes(on, "APPROVE_WITH_AMENDMENTS", all_say("AGREE", "同意，建议增加校外人员入校登记核验的规定"));
    amended["amendments"] = json!("增加第九条：校外人员入校须登记并核验身份证件");
    amended["amendmentsChangeLegalSubstance"] = json!(true);
    assert_eq!(ok(&w, &p.office, "recordDiscussion", d, amended).await, "DRAFTING");
    let it = look(&w, &p.office, d).await;
    let last = it["events"]
        .as_array()
        .expect("events")
        .iter()
        .rfind(|e| e["eventType"] == "ItemStateChanged")
        .cloned()
        .expect("a step");
    assert_eq!(
        (last["payload"]["step"].as_str(), last["payload"]["rule"].as_str(), last["payload"]["to"].as_str()),
        (Some("T12-RETURN"), Some("R-11-7"), Some("DRAFTING")),
        "{last}"
    );
    assert_state_is_fold(&w, d).await;
}

#[tokio::test]
async fn exempt_from_publication_needs_its_ground_and_review() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    at(&w, 2026, 11, 24);
    let (jtj, ids) = security_items(&w, &p, &["市中区校园安全技术防范系统建设方案"], "PARTY_REPORTED").await;
    let id = &ids[0];
    let it = look(&w, &p.office, id).await;
    assert_eq!(it["state"], "PARTY_REPORTED");
    assert_eq!(blocker(&it, "T15-EXEMPT"), Value::Null);

    let exemption = |reason: &str, reviewed_by: &str| {
        json!({ "decidedOn": "2026-11-24", "ground": "OGI_ART_14", "reason": reason, "reviewedBy": reviewed_by,
                "reviewedOn": "2026-11-24", "reviewConclusion": "经保密审查，公开后可能危及公共安全，不予公开" })
    };
    // The ground alone is not enough: why it applies, and who reviewed it (R-13-5).
    let e = refused(&w, &p.office, "exemptFromPublication", id, exemption("", "区委保密办")).await;
    assert_eq!(rule(&e), "R-13-5", "{e}");
    assert_eq!(
        rule(&refused(&w, &p.office, "exemptFromPublication", id, exemption("涉及校园安防布点", " ")).await),
        "R-13-5"
    );
    let reason = "决定载明全区中小学安防设施布点和应急力量部署，公开后可能危及师生安全";
    assert_eq!(
        ok(&w, &p.office, "exemptFromPublication", id, exemption(reason, "区委保密办、区政府办公室")).await,
        "PUBLICATION_EXEMPT"
    );
    let it = look(&w, &p.office, id).await;
    let stored = latest(&it, "PUBLICATION_EXEMPTION");
    assert_eq!((stored["ground"].as_str(), stored["reason"].as_str()), (Some("OGI_ART_14"), Some(reason)));
    assert_eq!(next(&it), ["T16"], "an exempt decision is not published afterwards");

    let assignment = json!({ "assignedOn": "2026-11-24", "leadUnitId": jtj, "note": "由区教育体育局牵头组织实施" });
    assert_eq!(ok(&w, &p.head, "startExecution", id, assignment).await, "EXECUTING");
    let it = look(&w, &p.office, id).await;
    assert_eq!(steps(&it)[steps(&it).len() - 2..], ["T15-EXEMPT", "T16"]);
    assert_state_is_fold(&w, id).await;
}
