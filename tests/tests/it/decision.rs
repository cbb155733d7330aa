//! The real 2022 items of 市中区 from the catalogue to publication and execution, through GraphQL as
//! the roles §2.3 names: consultation, legality review (one of them returned for supplement), the
//! executive meeting, the head's signature, the party committee, publication and execution — with
//! each guard refusing on the way and naming its rule.

use crate::catalogue::assert_state_is_fold;
use chrono::TimeZone;
use juece_core::authz::Role;
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};

/// The people of 市中区 who take the steps.
pub(crate) struct People {
    pub head: TestUser,
    pub office: TestUser,
    pub justice: TestUser,
    pub regulator: TestUser,
}

impl People {
    pub(crate) async fn of(w: &World) -> People {
        People {
            head: w.user("370103", None, &[Role::Head]).await,
            office: w.user("370103", Some("区政府办公室"), &[Role::GovOffice]).await,
            justice: w.user("370103", Some("区司法局"), &[Role::Justice]).await,
            regulator: w.user("370103", Some("区市场监管局"), &[Role::MarketRegulator]).await,
        }
    }
}

/// Runs `mutation` as `who` on the item at the version it stands at, so that a walk does not have
/// to count versions; `input` is the rest of the mutation's input.
pub(crate) async fn step(w: &World, who: &TestUser, mutation: &str, id: &str, input: Value) -> Value {
    let v = version(w, id).await;
    let mut i = input;
    i["itemId"] = json!(id);
    i["expectedVersion"] = json!(v);
    let ty = format!("{}{}Input", mutation[..1].to_uppercase(), &mutation[1..]);
    let q = format!("mutation($i: {ty}!) {{ {mutation}(input: $i) {{ state version regions {{ region state }} }} }}");
    w.gql_as(&who.principal, Some(&who.token), &q, json!({ "i": i })).await
}

/// The state a step that must succeed leaves the item in.
pub(crate) async fn ok(w: &World, who: &TestUser, mutation: &str, id: &str, input: Value) -> String {
    let r = step(w, who, mutation, id, input).await;
    assert!(r.get("errors").is_none(), "{mutation} refused: {r}");
    r["data"][mutation]["state"].as_str().expect("state").to_owned()
}

/// The refusal's rule id, asserting the refusal is a procedure violation.
pub(crate) async fn refused(w: &World, who: &TestUser, mutation: &str, id: &str, input: Value) -> String {
    let r = step(w, who, mutation, id, input).await;
    let e = &r["errors"][0];
    assert_eq!(code(e), "PROCEDURE_VIOLATION", "{mutation} should be refused by a rule: {r}");
    assert!(e["extensions"]["article"].as_str().is_some_and(|a| !a.is_empty()), "{e}");
    e["extensions"]["rule"].as_str().expect("rule").to_owned()
}

pub(crate) async fn version(w: &World, id: &str) -> i64 {
    let d = w.ok("query($id: ID!) { item(id: $id) { version } }", json!({ "id": id })).await;
    d["item"]["version"].as_i64().expect("version")
}

pub(crate) fn at(w: &World, y: i32, m: u32, d: u32) {
    w.clock.set(chrono::Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).single().expect("time"));
}

pub(crate) fn draft(title: &str, text: &str) -> Value {
    json!({ "fullText": format!("{title}（草案）\n{text}"), "explanation": "起草说明：依据上位法并结合本区实际拟定。",
            "background": "决策背景：列入《济南市市中区人民政府2022年度重大行政决策事项目录》（市中政字〔2022〕27号）。",
            "legalBasis": ["《重大行政决策程序暂行条例》（国务院令第713号）", "《山东省重大行政决策程序规定》（省政府令第336号）"] })
}

fn point(finding: &str) -> Value {
    json!({ "finding": finding, "remarks": "经审查，意见如下" })
}

pub(crate) fn opinion(on: &str, verdict: &str, content: &str, advisers: bool) -> Value {
    let advisers = if advisers {
        json!([{ "name": "王律师（区政府法律顾问）", "capacity": "LEGAL_ADVISER", "opinion": "未发现违反上位法的内容" },
               { "name": "李公职律师", "capacity": "PUBLIC_LAWYER", "opinion": "程序完备" }])
    } else {
        json!([])
    };
    json!({ "issuedOn": on, "reviewer": "济南市市中区司法局", "authority": point("COMPLIES"), "procedure": point("COMPLIES"),
            "content": point(content), "verdict": verdict, "adviserOpinions": advisers })
}

fn person(name: &str, capacity: &str) -> Value {
    json!({ "name": name, "capacity": capacity, "organisation": "济南市市中区人民政府" })
}

fn said(name: &str, stance: &str, remarks: &str) -> Value {
    json!({ "speaker": name, "stance": stance, "remarks": remarks })
}

/// The executive meeting: three members, the head, a public representative attending.
fn minutes(on: &str, speeches: Value, head_reason: Option<&str>) -> Value {
    json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第20次常务会议", "heldOn": on,
            "attendees": [person("常务副区长", "MEMBER"), person("副区长甲", "MEMBER"), person("副区长乙", "MEMBER"),
                          person("区长", "HEAD"), person("群众代表张某", "PUBLIC_REPRESENTATIVE")],
            "speeches": speeches, "outcome": "APPROVE", "headReason": head_reason,
            "attendeeOpinions": ["群众代表张某：建议延长场馆开放时间（已采纳）"], "recordedBy": "区政府办公室 会议记录人" })
}

pub(crate) async fn items_2022(w: &World) -> Vec<Value> {
    let d = w
        .ok(
            r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id title sponsor { id name } } } }"#,
            json!({}),
        )
        .await;
    d["catalogue"]["items"].as_array().expect("items").clone()
}

pub(crate) async fn blocker(w: &World, who: &TestUser, id: &str, transition: &str) -> Value {
    let d = w
        .ok_as(
            who,
            "query($id: ID!) { item(id: $id) { availableTransitions { id blockedBy { rule } } } }",
            json!({ "id": id }),
        )
        .await;
    d["item"]["availableTransitions"]
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["id"] == transition)
        .map(|t| t["blockedBy"]["rule"].clone())
        .unwrap_or_else(|| panic!("{transition} is not next: {d}"))
}

pub(crate) async fn artefact(w: &World, who: &TestUser, id: &str, kind: &str) -> Value {
    let d = w
        .ok_as(who, "query($id: ID!) { item(id: $id) { artefacts { kind version content } } }", json!({ "id": id }))
        .await;
    d["item"]["artefacts"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["kind"] == kind)
        .max_by_key(|a| a["version"].as_i64())
        .map(|a| a["content"].clone())
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// The 2022 item taken by its sponsor from the start decision to LEGALITY_SUBMITTED: a public
/// comment round with a shortened period (its reason in the notice, R-05-5), every other region
/// skipped with its record except the risk assessment, the fair competition review and the
/// coordination when `applies` names them, which are then finished with a controllable risk, a
/// compliant review and the units' agreement.
pub(crate) async fn to_legality(w: &World, p: &People, sponsor: &TestUser, item: &Value, applies: &[&str]) -> String {
    let id = open_for_comment(w, p, sponsor, item, applies).await;
    from_comment_to_legality(w, p, sponsor, item, &id, applies).await;
    id
}

/// The first half of `to_legality`: from the start decision to the comment notice, open from
/// 2026-11-22 to 2026-11-24 (the clock stands at 2026-11-22).
pub(crate) async fn open_for_comment(
    w: &World,
    p: &People,
    sponsor: &TestUser,
    item: &Value,
    applies: &[&str],
) -> String {
    at(w, 2026, 11, 20);
    let id = item["id"].as_str().expect("id").to_owned();
    let title = item["title"].as_str().expect("title");
    let unit = item["sponsor"]["name"].as_str().expect("sponsor");
    let r = ok(
        w,
        &p.head,
        "initiateItem",
        &id,
        json!({ "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] }),
    )
    .await;
    assert_eq!(r, "INITIATED");
    ok(w, sponsor, "startDrafting", &id, draft(title, "第一条 ……")).await;
    let skip = |why: &str, basis: &str| {
        json!({ "determination": why, "basis": basis, "determinedBy": format!("{unit} 法规科 经办人"),
                "approvedBy": format!("{unit} 主要负责人"), "date": "2026-11-20" })
    };
    let determinations = [
        ("HEARING", skip("不直接涉及公民切身利益，各方无较大分歧", "《重大行政决策程序暂行条例》第十六条第一款")),
        ("EXPERT_REVIEW", skip("专业性、技术性问题已在前期调研中研究论证", "《重大行政决策程序暂行条例》第十九条")),
        (
            "RISK_ASSESSMENT",
            skip("经初步研判不涉及社会稳定、公共安全等重大风险", "《重大行政决策程序暂行条例》第二十二条"),
        ),
        ("FAIR_COMPETITION_REVIEW", skip("不涉及经营者经济活动", "《公平竞争审查条例》第二条")),
        ("COORDINATION", skip("不涉及其他单位职责", "《山东省重大行政决策程序规定》第十四条")),
    ];
    let mut plan = vec![json!({ "region": "PARTICIPATION", "applies": true })];
    for (r, s) in determinations {
        plan.push(if applies.contains(&r) {
            json!({ "region": r, "applies": true })
        } else {
            json!({ "region": r, "applies": false, "skip": s })
        });
    }
    assert_eq!(ok(w, sponsor, "openConsultation", &id, json!({ "regions": plan })).await, "CONSULTATION");
    at(w, 2026, 11, 22);
    ok(
        w,
        sponsor,
        "openCommentNotice",
        &id,
        json!({ "draftVersion": 1, "title": format!("关于公开征求《{title}（征求意见稿）》意见的公告"),
                "opensOn": "2026-11-22", "closesOn": "2026-11-24", "methods": ["电子邮件", "信函"],
                "channels": ["市中区人民政府门户网站重大行政决策意见征集专栏"], "contact": format!("{unit} 0531-00000000"),
                "shorteningReason": "为赶在年度规划调整前完成，情况紧急，征求意见期限缩短" }),
    )
    .await;
    id
}

/// The second half of `to_legality`: the period closed with its register, the regions `applies`
/// names finished, and the submission for legality review.
pub(crate) async fn from_comment_to_legality(
    w: &World,
    p: &People,
    sponsor: &TestUser,
    item: &Value,
    id: &str,
    applies: &[&str],
) {
    let id = id.to_owned();
    let unit = item["sponsor"]["name"].as_str().expect("sponsor");
    // The last day of the period belongs to the public: it closes the next morning.
    at(w, 2026, 11, 25);
    ok(
        w,
        sponsor,
        "closeCommentPeriod",
        &id,
        json!({ "summary": "共收到意见1条，经研究未予采纳",
                "entries": [{ "source": "市民", "content": "建议暂缓实施", "adoption": "NOT_ADOPTED", "reason": "暂缓实施的理由不充分" }] }),
    )
    .await;
    if applies.contains(&"RISK_ASSESSMENT") {
        ok(
            w,
            sponsor,
            "submitRiskReport",
            &id,
            json!({ "assessor": format!("{unit}（委托第三方评估机构）"), "assessedDraftVersion": 1,
                    "methods": ["舆情跟踪", "重点走访", "会商分析"], "departmentsConsulted": ["区自然资源局", "区信访局"],
                    "riskPoints": ["托管区域内群众对管理体制调整存在疑虑"], "measures": ["做好政策解读和群众工作"],
                    "contingencyPlan": "群体性事件应急处置预案", "conclusion": "CONTROLLABLE" }),
        )
        .await;
    }
    if applies.contains(&"FAIR_COMPETITION_REVIEW") {
        ok(
            w,
            &p.regulator,
            "concludeFairCompetitionReview",
            &id,
            json!({ "reviewedDraftVersion": 1, "sponsorFirstReview": "初审：不含限定经营、选择性补贴等排除、限制竞争的内容",
                    "marketRegulator": "区市场监管局", "stakeholdersHeard": ["区工商联", "区内企业代表"], "conclusion": "COMPLIANT" }),
        )
        .await;
    }
    if applies.contains(&"COORDINATION") {
        let units = json!([{ "unit": "区财政局", "view": "同意", "agrees": true },
                           { "unit": "区自然资源局", "view": "同意", "agrees": true }]);
        ok(w, sponsor, "recordCoordination", &id, json!({ "units": units })).await;
    }
    let state = ok(
        w,
        sponsor,
        "submitForLegalityReview",
        &id,
        json!({ "submittedOn": "2026-11-25", "requestedOpinionBy": "2026-12-04" }),
    )
    .await;
    assert_eq!(state, "LEGALITY_SUBMITTED");
}

/// From LEGALITY_REVIEWED (a legal opinion) to EXECUTING, with the refusals of each step.
pub(crate) async fn to_execution(w: &World, p: &People, sponsor: &TestUser, id: &str, number: &str, lead: &str) {
    // The meeting: only an executive or plenary meeting decides (R-11-2); the sponsor reports how
    // the procedure was performed (R-11-1).
    let agenda = |kind: &str, report: &str| json!({ "meetingType": kind, "session": "区政府2026年第20次常务会议", "meetingDate": "2026-12-04", "sponsorReport": report });
    assert_eq!(refused(w, &p.office, "scheduleMeeting", id, agenda("TOPICAL", "汇报")).await, "R-11-2");
    assert_eq!(refused(w, &p.office, "scheduleMeeting", id, agenda("EXECUTIVE", " ")).await, "R-11-1");
    assert_eq!(
        ok(w, &p.office, "scheduleMeeting", id, agenda("EXECUTIVE", "承办单位关于履行决策程序情况的汇报")).await,
        "READY_FOR_MEETING"
    );
    let materials: Vec<String> = artefact(w, &p.head, id, "AGENDA_ENTRY").await["materials"]
        .as_array()
        .expect("materials")
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or("").to_owned())
        .collect();
    for k in ["DRAFT", "OPINION_REGISTER", "LEGALITY_OPINION"] {
        assert!(materials.contains(&k.to_owned()), "{k} in {materials:?}");
    }

    at(w, 2026, 12, 4);
    let head_first = json!([
        said("区长", "AGREE", "同意"),
        said("常务副区长", "AGREE", "同意"),
        said("副区长甲", "AGREE", "同意"),
        said("副区长乙", "AGREE", "同意")
    ]);
    assert_eq!(refused(w, &p.office, "recordDiscussion", id, minutes("2026-12-04", head_first, None)).await, "R-11-3");
    let silent =
        json!([said("常务副区长", "AGREE", "同意"), said("副区长甲", "AGREE", "同意"), said("区长", "AGREE", "同意")]);
    assert_eq!(refused(w, &p.office, "recordDiscussion", id, minutes("2026-12-04", silent, None)).await, "R-11-5");
    // Two of three members disagree and the head approves: the reasons are stated (R-11-4).
    let split = json!([
        said("常务副区长", "AGREE", "同意"),
        said("副区长甲", "DISAGREE", "财政承受能力需进一步论证"),
        said("副区长乙", "DISAGREE", "建议分步实施"),
        said("区长", "AGREE", "同意，分步实施")
    ]);
    assert_eq!(
        refused(w, &p.office, "recordDiscussion", id, minutes("2026-12-04", split.clone(), None)).await,
        "R-11-4"
    );
    let reason = "上位规划已明确，财政承受能力经区财政局论证可行，分步实施的意见纳入实施方案";
    assert_eq!(ok(w, &p.office, "recordDiscussion", id, minutes("2026-12-04", split, Some(reason))).await, "DISCUSSED");

    // Only the head signs (the permission table), and only what the meeting approved.
    let sign = json!({ "signedOn": "2026-12-04", "signedBy": "区长", "title": "决定", "text": "同意实施，分步推进" });
    let r = step(w, &p.office, "signDecision", id, sign.clone()).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r}");
    assert_eq!(ok(w, &p.head, "signDecision", id, sign).await, "DECIDED");

    // The party committee's answer is recorded before issuance (R-12-1).
    let report =
        json!({ "reportedOn": "2026-12-07", "committee": "中共济南市市中区委员会", "document": "关于……的请示" });
    assert_eq!(blocker(w, &p.office, id, "T14").await, Value::Null);
    at(w, 2026, 12, 8);
    assert_eq!(refused(w, sponsor, "reportToPartyCommittee", id, report.clone()).await, "R-12-1");
    let mut answered = report;
    answered["response"] = json!({ "receivedOn": "2026-12-08", "content": "原则同意" });
    assert_eq!(ok(w, sponsor, "reportToPartyCommittee", id, answered).await, "PARTY_REPORTED");

    // Publication names its document number and channel (R-13-1); the 20-working-day deadline
    // of R-13-2 is recorded with it.
    let publish = |number: &str, gazette: Option<&str>| {
        json!({ "publishedOn": "2026-12-08", "documentNumber": number, "title": "决定", "gazetteIssue": gazette,
                "url": null, "interpretation": "政策解读：……", "adoptionExplanation": "公众意见采纳情况：……" })
    };
    assert_eq!(refused(w, &p.office, "publishDecision", id, publish("20号", Some("2026年第12期"))).await, "R-13-1");
    assert_eq!(refused(w, &p.office, "publishDecision", id, publish(number, None)).await, "R-13-1");
    assert_eq!(ok(w, &p.office, "publishDecision", id, publish(number, Some("2026年第12期"))).await, "PUBLISHED");
    let published = artefact(w, &p.head, id, "PUBLICATION").await;
    assert_eq!(published["decided_on"], "2026-12-04");
    assert_eq!(published["on_time"], true);
    assert_eq!(published["publication"]["document_number"], number);

    let assignment = json!({ "assignedOn": "2026-12-08", "leadUnitId": lead, "note": "按决定分工抓好落实" });
    assert_eq!(ok(w, &p.head, "startExecution", id, assignment).await, "EXECUTING");
}

#[tokio::test]
async fn a_2022_item_leaves_the_catalogue_only_by_an_approved_adjustment() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let id = items_2022(&w).await[1]["id"].as_str().expect("id").to_owned();
    let adjustment = |consent: Option<&str>| {
        json!({ "approvedOn": "2026-11-20", "approvalDocument": "区政府2026年第19次常务会议纪要",
                "reason": "省级经济开发区设立工作按上级部署统筹推进，本年度不再列入目录", "partyConsentOn": consent })
    };
    // The adjustment needs the party committee's consent under the profile the item is pinned to.
    assert_eq!(refused(&w, &p.office, "withdrawItem", &id, adjustment(None)).await, "R-02-6");
    let mut blank = adjustment(Some("2026-11-21"));
    blank["reason"] = json!(" ");
    assert_eq!(refused(&w, &p.office, "withdrawItem", &id, blank).await, "R-02-6");
    assert_eq!(ok(&w, &p.office, "withdrawItem", &id, adjustment(Some("2026-11-21"))).await, "WITHDRAWN");
    // A withdrawn item takes no further step.
    let r = step(&w, &p.head, "initiateItem", &id, json!({ "decidedOn": "2026-11-22", "leadSponsorId": id })).await;
    assert_eq!(r["errors"][0]["extensions"]["rule"], "§2.3", "{r}");
    assert_state_is_fold(&w, &id).await;
}

/// A real 2022 item of 市中区 walked to EXECUTING by the same steps as the walk below: item 0
/// (全民健身设施管理实施细则, participation only, sponsored by 区教育体育局) or item 1 (设立市中区省级
/// 经济开发区, with risk assessment, fair competition review and coordination, sponsored by
/// 区发展改革局). Returns the item's id and its sponsor; the clock stands at 2026-12-08.
pub(crate) async fn executing(w: &World, p: &People, which: usize) -> (String, TestUser) {
    let items = items_2022(w).await;
    let (unit, applies, number): (&str, &[&str], &str) = match which {
        0 => ("区教育体育局", &[], "市中政发〔2026〕20号"),
        _ => ("区发展改革局", &["RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"], "市中政发〔2026〕21号"),
    };
    let sponsor = w.user("370103", Some(unit), &[Role::Sponsor]).await;
    let item = &items[which.min(1)];
    let id = to_legality(w, p, &sponsor, item, applies).await;
    at(w, 2026, 12, 2);
    assert_eq!(
        ok(w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "COMPLIES", true)).await,
        "LEGALITY_REVIEWED"
    );
    let lead = item["sponsor"]["id"].as_str().expect("sponsor id").to_owned();
    to_execution(w, p, &sponsor, &id, number, &lead).await;
    (id, sponsor)
}

#[tokio::test]
async fn both_2022_items_walk_from_the_catalogue_to_publication() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let fgj = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;

    // 1. 全民健身设施管理实施细则: participation only; the package comes back for supplement.
    let id = to_legality(&w, &p, &jtj, &items[0], &[]).await;
    at(&w, 2026, 11, 26);
    assert_eq!(
        refused(&w, &p.justice, "returnForSupplement", &id, json!({ "returnedOn": "2026-11-26", "missing": [] })).await,
        "R-10-3"
    );
    let missing = ["上位法依据的适用说明", "公众意见采纳情况的说明"];
    assert_eq!(
        ok(&w, &p.justice, "returnForSupplement", &id, json!({ "returnedOn": "2026-11-26", "missing": missing })).await,
        "RETURNED_FOR_SUPPLEMENT"
    );
    at(&w, 2026, 11, 27);
    let supplied = |both: bool, by: &str| {
        let mut s = vec![json!({ "missing": missing[0], "supplied": "已补充第三条适用说明" })];
        if both {
            s.push(json!({ "missing": missing[1], "supplied": "已补充公众意见采纳情况" }));
        }
        json!({ "resubmittedOn": "2026-11-27", "requestedOpinionBy": by, "supplements": s })
    };
    assert_eq!(refused(&w, &jtj, "resubmitForLegalityReview", &id, supplied(false, "2026-12-08")).await, "R-10-3");
    // The reviewer's 7 working days restart on resubmission: Fri 11-27 → Tue 12-08 (R-10-4).
    assert_eq!(refused(&w, &jtj, "resubmitForLegalityReview", &id, supplied(true, "2026-12-07")).await, "R-10-4");
    assert_eq!(
        ok(&w, &jtj, "resubmitForLegalityReview", &id, supplied(true, "2026-12-08")).await,
        "LEGALITY_SUBMITTED"
    );
    let package = artefact(&w, &p.head, &id, "LEGALITY_PACKAGE").await;
    assert_eq!(package["clock_from"], "2026-11-27");
    assert_eq!(package["supplements"].as_array().map(Vec::len), Some(2));
    assert_eq!(package["statement"]["skips"].as_array().map(Vec::len), Some(5), "every skip record in the statement");
    // Every step taken so far, from the trail, with the role that took it.
    let steps: Vec<String> = package["statement"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| format!("{}/{}", s["step"].as_str().unwrap_or(""), s["role"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        steps,
        [
            "T2/",
            "T3/HEAD",
            "T4/SPONSOR",
            "T5/SPONSOR",
            "P-NOTICE/SPONSOR",
            "P-CLOSE/SPONSOR",
            "T6/SPONSOR",
            "T7/JUSTICE"
        ]
    );

    // Legality review before the opinion: the meeting is not even on the table.
    at(&w, 2026, 12, 2);
    let r = step(&w, &p.office, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "COMPLIES", true)).await;
    assert_eq!(code(&r["errors"][0]), "FORBIDDEN", "{r}");
    assert_eq!(
        refused(&w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "DOES_NOT_COMPLY", true))
            .await,
        "R-10-5"
    );
    assert_eq!(
        refused(&w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "COMPLIES", false)).await,
        "R-10-6"
    );
    assert_eq!(
        ok(&w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "COMPLIES", true)).await,
        "LEGALITY_REVIEWED"
    );
    assert_eq!(blocker(&w, &p.office, &id, "T10").await, "R-10-7", "a legal draft does not go back to drafting");
    assert_eq!(blocker(&w, &p.office, &id, "T11").await, Value::Null);
    let jtj_unit = items[0]["sponsor"]["id"].as_str().expect("id").to_owned();
    to_execution(&w, &p, &jtj, &id, "市中政发〔2026〕20号", &jtj_unit).await;
    assert_state_is_fold(&w, &id).await;

    // 2. 设立市中区省级经济开发区: participation, risk, fair competition and coordination.
    let id =
        to_legality(&w, &p, &fgj, &items[1], &["RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"]).await;
    at(&w, 2026, 12, 2);
    assert_eq!(
        ok(&w, &p.justice, "issueLegalityOpinion", &id, opinion("2026-12-02", "LEGAL", "COMPLIES", true)).await,
        "LEGALITY_REVIEWED"
    );
    let fgj_unit = items[1]["sponsor"]["id"].as_str().expect("id").to_owned();
    to_execution(&w, &p, &fgj, &id, "市中政发〔2026〕21号", &fgj_unit).await;
    let materials = artefact(&w, &p.head, &id, "AGENDA_ENTRY").await["materials"].clone();
    let kinds: Vec<_> = materials.as_array().expect("list").iter().map(|m| m["kind"].as_str().unwrap_or("")).collect();
    for k in ["RISK_REPORT", "FAIR_COMPETITION_REVIEW", "COORDINATION_RECORD"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    assert_state_is_fold(&w, &id).await;

    // The trail of each step, in order, with its artefact.
    let d = w
        .ok_as(&p.head, "query($id: ID!) { item(id: $id) { events { eventType payload } } }", json!({ "id": id }))
        .await;
    let steps: Vec<_> = d["item"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["eventType"] == "ItemStateChanged")
        .map(|e| e["payload"]["step"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(steps, ["T2", "T3", "T4", "T5", "T6", "T9", "T11", "T12", "T13", "T14", "T15", "T16"]);
}
