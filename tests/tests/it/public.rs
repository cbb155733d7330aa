//! The public side over GraphQL, without credentials, on the first real 2022 item of 市中区: what
//! is published at each stage of its walk and nothing more; comments from receipt through
//! moderation, duplicate grouping and answers to the published adoption feedback, with the
//! R-05-5 window and the R-05-8 and R-05-9 guards refusing and allowing; and the disclosure feed.

use crate::decision::{People, at, from_comment_to_legality, items_2022, ok, open_for_comment, opinion, to_execution};
use juece_core::authz::{Principal, Role};
use juece_tests::{TestUser, World, code};
use serde_json::{Value, json};

const PUBLIC_ITEM: &str = r#"query($id: ID!) { publicItem(id: $id) {
    id seq title governmentCode governmentName year catalogueDocumentNumber sponsorName category plannedCompletion stage
    timeline { step titleZh occurredAt rules documents { kind version } details { labelZh value } }
    documents { kind version sha256 titleZh content }
    links { kind labelZh available step document { kind version } }
    consultation { noticeVersion title opensOn closesOn accepting methods channels contact shorteningReason
                   received published hidden pending duplicateGroups duplicateComments hiddenByReason { reason count }
                   feedback { noticeVersion received published hidden adopted partlyAdopted notAdopted duplicateGroups
                              opinions { no summary concentrated adoption adoptionZh reason commentCount } rowsSha256 } }
} }"#;

async fn anonymous(w: &World, q: &str, vars: Value) -> Value {
    w.gql_as(&Principal::Anonymous, None, q, vars).await
}

async fn public_item(w: &World, id: &str) -> Value {
    let r = anonymous(w, PUBLIC_ITEM, json!({ "id": id })).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["publicItem"].clone()
}

/// Texts that exist only in internal documents of the walk, the clerks' view of comments, or a
/// commenter's contact details: none may ever reach an anonymous reader.
const NEVER_PUBLIC: &[&str] = &[
    "13800000000",
    "zhu@example.cn",
    "财政承受能力需进一步论证",
    "PROPOSAL",
    "START_DECISION",
    "CONSULTATION_PLAN",
    "OPINION_REGISTER",
    "LEGALITY_PACKAGE",
    "LEGALITY_OPINION",
    "RETURN_NOTICE",
    "AGENDA_ENTRY",
    "MINUTES",
    "SIGNED_DECISION",
    "PARTY_REPORT",
    "EXECUTION_ASSIGNMENT",
    "原则同意",
];

/// Checks the public item against what its stage publishes: the timeline's steps, the documents
/// (each whole, with its hash) and the R-02-8 links available.
fn assert_published(item: &Value, steps: &[&str], documents: &[(&str, i64)], links: &[&str]) {
    let text = item.to_string();
    for secret in NEVER_PUBLIC {
        assert!(!text.contains(secret), "{secret} is public: {text}");
    }
    let got: Vec<&str> =
        item["timeline"].as_array().expect("timeline").iter().filter_map(|s| s["step"].as_str()).collect();
    assert_eq!(got, steps, "timeline at {}", item["stage"]);
    for s in item["timeline"].as_array().expect("timeline") {
        assert!(s["occurredAt"].is_string() && s["titleZh"].as_str().is_some_and(|t| !t.is_empty()), "{s}");
    }
    let docs: Vec<(String, i64)> = item["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| (d["kind"].as_str().unwrap_or("").to_owned(), d["version"].as_i64().unwrap_or(0)))
        .collect();
    let want: Vec<(String, i64)> = documents.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    assert_eq!(docs, want, "documents at {}", item["stage"]);
    for d in item["documents"].as_array().expect("documents") {
        // The published content hashes to the published SHA-256 (RFC 8785 canonical JSON).
        let hash = juece_core::audit::content_hash(&d["content"]);
        assert_eq!(d["sha256"].as_str(), Some(hash.as_str()), "{d}");
    }
    let available: Vec<&str> = item["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter(|l| l["available"] == true)
        .filter_map(|l| l["kind"].as_str())
        .collect();
    assert_eq!(available, links, "links at {}", item["stage"]);
    assert_eq!(item["links"].as_array().map(Vec::len), Some(6), "all six R-02-8 links are listed");
}

const SUBMIT: &str = r#"mutation($i: SubmitCommentInput!) { submitComment(input: $i) { trackingNo submittedAt noticeVersion seq duplicate } }"#;

async fn submit(
    w: &World,
    id: &str,
    kind: &str,
    name: Option<&str>,
    org: Option<&str>,
    contact: Option<&str>,
    body: &str,
) -> Value {
    let i = json!({ "itemId": id, "kind": kind, "name": name, "organisation": org, "contact": contact, "body": body });
    anonymous(w, SUBMIT, json!({ "i": i })).await
}

async fn receipt(w: &World, id: &str, kind: &str, name: Option<&str>, body: &str) -> Value {
    let r = submit(w, id, kind, name, None, Some("13800000000"), body).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["submitComment"].clone()
}

async fn clerk(w: &World, who: &TestUser, q: &str, vars: Value) -> Value {
    w.gql_as(&who.principal, Some(&who.token), q, vars).await
}

async fn comments(w: &World, who: &TestUser, id: &str) -> Vec<Value> {
    let q = r#"query($id: ID!) { itemComments(itemId: $id, first: 100) { edges { node {
        id seq trackingNo kind name organisation contact body groupId duplicate moderation hiddenReason opinionId } } } }"#;
    let r = clerk(w, who, q, json!({ "id": id })).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["itemComments"]["edges"].as_array().expect("edges").iter().map(|e| e["node"].clone()).collect()
}

const MODERATE: &str = r#"mutation($i: ModerateCommentsInput!) { moderateComments(input: $i) { count } }"#;
const ANSWER: &str = r#"mutation($i: AnswerOpinionInput!) { answerOpinion(input: $i) { id no adoption reason } }"#;
const FEEDBACK: &str = r#"mutation($i: PublishFeedbackInput!) { publishFeedback(input: $i) { state version } }"#;

async fn item_version(w: &World, id: &str) -> i64 {
    let r = w.ok(r#"query($id: ID!) { item(id: $id) { version } }"#, json!({ "id": id })).await;
    r["item"]["version"].as_i64().expect("version")
}

fn rule(r: &Value) -> &str {
    assert_eq!(code(&r["errors"][0]), "PROCEDURE_VIOLATION", "{r}");
    r["errors"][0]["extensions"]["rule"].as_str().unwrap_or("")
}

#[tokio::test]
async fn the_public_sees_each_published_step_and_comments_run_from_receipt_to_published_feedback() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = items[0]["id"].as_str().expect("id").to_owned();

    // In the catalogue: the entry and its T2, no document yet, no link available.
    let item = public_item(&w, &id).await;
    assert_eq!(item["stage"], "IN_CATALOGUE");
    assert_eq!(item["governmentCode"], "370103");
    assert_eq!(item["catalogueDocumentNumber"], "市中政字〔2022〕27号");
    assert!(item["consultation"].is_null());
    assert_published(&item, &["T2"], &[], &[]);
    let early = submit(&w, &id, "ANONYMOUS", None, None, None, "建议尽快实施").await;
    assert_eq!(rule(&early), "R-05-5", "no notice is open: {early}");

    // The comment notice publishes the draft, its explanation and background (R-05-4).
    let opened = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    assert_eq!(opened, id);
    let item = public_item(&w, &id).await;
    assert_eq!(item["stage"], "CONSULTATION");
    assert_published(
        &item,
        &["T2", "T3", "T4", "T5", "P-NOTICE"],
        &[("COMMENT_NOTICE", 1), ("DRAFT", 1)],
        &["DRAFT_FULL_TEXT", "EXPLANATION", "BACKGROUND"],
    );
    let c = &item["consultation"];
    assert_eq!(c["accepting"], true);
    assert_eq!((c["opensOn"].as_str(), c["closesOn"].as_str()), (Some("2026-11-22"), Some("2026-11-24")));
    assert!(c["shorteningReason"].as_str().is_some_and(|r| r.contains("情况紧急")));
    let open = anonymous(&w, "{ openConsultations { itemId governmentCode closesOn } }", json!({})).await;
    assert_eq!(open["data"]["openConsultations"][0]["itemId"], id.as_str(), "{open}");

    // Not before the notice opens (R-05-5's window), whatever the clock of the submitter.
    at(&w, 2026, 11, 21);
    assert_eq!(rule(&submit(&w, &id, "ANONYMOUS", None, None, None, "建议尽快实施").await), "R-05-5");
    at(&w, 2026, 11, 22);

    // Receipts, each with its own tracking number; identical and near-identical texts are grouped.
    let campaign = "建议在每个街道设立残疾人康复服务站，配备专业康复师，并为重度残疾人提供上门服务，费用纳入财政保障。";
    let named = receipt(&w, &id, "INDIVIDUAL", Some("朱小明"), campaign).await;
    let same = receipt(&w, &id, "ANONYMOUS", None, &format!("  {}！！", campaign.replace('，', " , "))).await;
    let near = receipt(&w, &id, "ANONYMOUS", None, &campaign.replace("专业康复师", "专业的康复师")).await;
    let hostile =
        receipt(&w, &id, "ANONYMOUS", None, "<script>alert('x')</script><img src=x onerror=alert(1)> 请公开预算").await;
    let rude = receipt(&w, &id, "ANONYMOUS", None, "一派胡言，你们都是骗子").await;
    let org = submit(
        &w,
        &id,
        "ORGANISATION",
        Some("李四"),
        Some("市中区残疾人联合会"),
        Some("zhu@example.cn"),
        "建议明确服务站的运营经费来源。",
    )
    .await;
    assert!(org.get("errors").is_none(), "{org}");
    let org = org["data"]["submitComment"].clone();
    assert_eq!(named["duplicate"], Value::Null);
    assert_eq!(same["duplicate"], "EXACT");
    assert_eq!(near["duplicate"], "NEAR");
    assert_eq!(hostile["duplicate"], Value::Null);
    let numbers: std::collections::BTreeSet<&str> =
        [&named, &same, &near, &hostile, &rude, &org].iter().filter_map(|r| r["trackingNo"].as_str()).collect();
    assert_eq!(numbers.len(), 6);
    assert!(named["trackingNo"].as_str().is_some_and(|t| t.starts_with("370103-2022-01-1-000001-")), "{named}");

    // Bad input names its field, in both languages.
    let bad = submit(&w, &id, "ANONYMOUS", Some("王五"), None, None, "匿名却署名").await;
    assert_eq!(code(&bad["errors"][0]), "BAD_USER_INPUT", "{bad}");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "name");
    let empty = submit(&w, &id, "ANONYMOUS", None, None, None, "   ").await;
    assert_eq!(empty["errors"][0]["extensions"]["field"], "body", "{empty}");

    // Nothing is public until moderated; the receipt tells where the comment stands.
    let item = public_item(&w, &id).await;
    let c = &item["consultation"];
    assert_eq!((c["received"].as_i64(), c["published"].as_i64(), c["pending"].as_i64()), (Some(6), Some(0), Some(6)));
    assert_eq!(c["duplicateGroups"], 1);
    assert_eq!(c["duplicateComments"], 3);
    let shown = anonymous(
        &w,
        r#"query($id: ID!) { publicComments(itemId: $id) { edges { node { seq } } } }"#,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(shown["data"]["publicComments"]["edges"], json!([]), "{shown}");
    let q = r#"query($t: String!) { commentReceipt(trackingNo: $t) { trackingNo moderation moderationZh hiddenReason duplicate adoption } }"#;
    let status = anonymous(&w, q, json!({ "t": same["trackingNo"] })).await;
    assert_eq!(status["data"]["commentReceipt"]["moderation"], "PENDING", "{status}");
    assert_eq!(status["data"]["commentReceipt"]["duplicate"], "EXACT");
    let number = named["trackingNo"].as_str().expect("tracking");
    let (head, check) = number.rsplit_once('-').expect("check character");
    let wrong = if check == "0" { "1" } else { "0" };
    let typo = anonymous(&w, q, json!({ "t": format!("{head}-{wrong}") })).await;
    assert_eq!(code(&typo["errors"][0]), "BAD_USER_INPUT", "a mistyped receipt is not someone else's: {typo}");

    // Moderation: hiding needs a reason; the sponsor moderates its own item only.
    let all = comments(&w, &jtj, &id).await;
    assert_eq!(all.len(), 6);
    assert_eq!(all[0]["contact"], "13800000000", "the clerks see the contact details");
    let rude_id = all.iter().find(|c| c["trackingNo"] == rude["trackingNo"]).expect("rude")["id"].clone();
    let r =
        clerk(&w, &jtj, MODERATE, json!({ "i": { "itemId": id, "commentIds": [rude_id], "action": "HIDDEN" } })).await;
    assert_eq!(r["errors"][0]["extensions"]["field"], "reason", "{r}");
    let r = clerk(
        &w,
        &jtj,
        MODERATE,
        json!({ "i": { "itemId": id, "commentIds": [rude_id], "action": "HIDDEN", "reason": "含有侮辱性内容" } }),
    )
    .await;
    assert_eq!(r["data"]["moderateComments"]["count"], 1, "{r}");
    let others: Vec<Value> = all.iter().filter(|c| c["id"] != rude_id).map(|c| c["id"].clone()).collect();
    let r =
        clerk(&w, &p.office, MODERATE, json!({ "i": { "itemId": id, "commentIds": others, "action": "PUBLISHED" } }))
            .await;
    assert_eq!(r["data"]["moderateComments"]["count"], 5, "{r}");

    // Published: one comment per group with its size, names masked, markup as plain text.
    let q = r#"query($id: ID!) { publicComments(itemId: $id) { edges { node { seq submitter body groupSize adoption } } } }"#;
    let shown = anonymous(&w, q, json!({ "id": id })).await;
    let nodes: Vec<Value> =
        shown["data"]["publicComments"]["edges"].as_array().expect("edges").iter().map(|e| e["node"].clone()).collect();
    assert_eq!(nodes.len(), 3, "{shown}");
    assert_eq!((nodes[0]["submitter"].as_str(), nodes[0]["groupSize"].as_i64()), (Some("朱**"), Some(3)));
    assert!(nodes[1]["body"].as_str().is_some_and(|b| b.starts_with("<script>")), "stored and served as text");
    assert_eq!(nodes[2]["submitter"], "市中区残疾人联合会");
    assert_eq!(nodes[0]["adoption"], Value::Null, "answers are published with the feedback");
    let item = public_item(&w, &id).await;
    assert_eq!(item["consultation"]["hiddenByReason"], json!([{ "reason": "含有侮辱性内容", "count": 1 }]));

    // The period ends at 24:00 on its last day (Asia/Shanghai): the next morning is too late.
    at(&w, 2026, 11, 25);
    let late = submit(&w, &id, "ANONYMOUS", None, None, None, "补充意见").await;
    assert_eq!(rule(&late), "R-05-5", "{late}");
    assert!(late["errors"][0]["message"].as_str().is_some_and(|m| m.contains("2026-11-24")), "{late}");

    from_comment_to_legality(&w, &p, &jtj, &items[0], &id, &[]).await;
    let item = public_item(&w, &id).await;
    assert_eq!(item["consultation"]["accepting"], false);
    assert_published(
        &item,
        &["T2", "T3", "T4", "T5", "P-NOTICE", "P-CLOSE", "T6"],
        &[("COMMENT_NOTICE", 1), ("DRAFT", 1)],
        &["DRAFT_FULL_TEXT", "EXPLANATION", "BACKGROUND"],
    );
    // Feedback follows the decision's publication (R-05-9's stage).
    let v = item_version(&w, &id).await;
    let early = clerk(&w, &jtj, FEEDBACK, json!({ "i": { "itemId": id, "expectedVersion": v } })).await;
    assert_eq!(code(&early["errors"][0]), "PROCEDURE_VIOLATION", "{early}");

    at(&w, 2026, 12, 2);
    let legal = opinion("2026-12-02", "LEGAL", "COMPLIES", true);
    assert_eq!(ok(&w, &p.justice, "issueLegalityOpinion", &id, legal).await, "LEGALITY_REVIEWED");
    let lead = items[0]["sponsor"]["id"].as_str().expect("sponsor id").to_owned();
    to_execution(&w, &p, &jtj, &id, "市中政发〔2026〕20号", &lead).await;
    let item = public_item(&w, &id).await;
    assert_eq!(item["stage"], "EXECUTING");
    let decided = ["T2", "T3", "T4", "T5", "P-NOTICE", "P-CLOSE", "T6", "T9", "T11", "T12", "T13", "T14", "T15", "T16"];
    assert_published(
        &item,
        &decided,
        &[("COMMENT_NOTICE", 1), ("DRAFT", 1), ("PUBLICATION", 1)],
        &["DRAFT_FULL_TEXT", "EXPLANATION", "BACKGROUND", "MEETING_ATTENDANCE", "DECISION_RESULT"],
    );
    let meeting =
        item["timeline"].as_array().expect("timeline").iter().find(|s| s["step"] == "T12").expect("T12").clone();
    assert!(meeting["details"].to_string().contains("区政府2026年第20次常务会议"), "{meeting}");

    // The ledger: an unanswered published comment holds the feedback back (R-05-8) …
    let all = comments(&w, &jtj, &id).await;
    let campaign_group = all[0]["groupId"].clone();
    let hostile_id = all.iter().find(|c| c["trackingNo"] == hostile["trackingNo"]).expect("hostile")["id"].clone();
    let org_id = all.iter().find(|c| c["trackingNo"] == org["trackingNo"]).expect("org")["id"].clone();
    let concentrated = json!({ "i": { "itemId": id, "groupIds": [campaign_group], "summary": "在每个街道设立康复服务站",
                                      "concentrated": true, "adoption": "NOT_ADOPTED" } });
    let a = clerk(&w, &jtj, ANSWER, concentrated).await;
    assert!(a.get("errors").is_none(), "{a}");
    let a = clerk(
        &w,
        &jtj,
        ANSWER,
        json!({ "i": { "itemId": id, "commentIds": [org_id], "summary": "明确运营经费来源",
                                                     "concentrated": false, "adoption": "ADOPTED" } }),
    )
    .await;
    assert!(a.get("errors").is_none(), "{a}");
    let v = item_version(&w, &id).await;
    let r = clerk(&w, &jtj, FEEDBACK, json!({ "i": { "itemId": id, "expectedVersion": v } })).await;
    assert_eq!(rule(&r), "R-05-8", "{r}");
    let a = clerk(&w, &jtj, ANSWER, json!({ "i": { "itemId": id, "commentIds": [hostile_id], "summary": "公开预算",
                                                     "concentrated": false, "adoption": "PARTLY_ADOPTED", "reason": "预算按规定在部门预算中公开" } })).await;
    assert!(a.get("errors").is_none(), "{a}");
    // … and a concentrated opinion not adopted without its reason (R-05-9).
    let r = clerk(&w, &jtj, FEEDBACK, json!({ "i": { "itemId": id, "expectedVersion": v } })).await;
    assert_eq!(rule(&r), "R-05-9", "{r}");
    let reasoned = json!({ "i": { "itemId": id, "groupIds": [campaign_group], "summary": "在每个街道设立康复服务站",
                                    "concentrated": true, "adoption": "NOT_ADOPTED",
                                    "reason": "按照全市规划，康复服务站按片区设置，已覆盖各街道" } });
    assert!(clerk(&w, &jtj, ANSWER, reasoned).await.get("errors").is_none());
    let r = clerk(&w, &jtj, FEEDBACK, json!({ "i": { "itemId": id, "expectedVersion": v } })).await;
    assert_eq!(r["data"]["publishFeedback"]["state"], "EXECUTING", "{r}");

    // The feedback is on the page, the answers on the comments, and the ledger is final.
    let item = public_item(&w, &id).await;
    assert_published(
        &item,
        &[&decided[..], &["FEEDBACK"]].concat(),
        &[("ADOPTION_FEEDBACK", 1), ("COMMENT_NOTICE", 1), ("DRAFT", 1), ("PUBLICATION", 1)],
        &["DRAFT_FULL_TEXT", "EXPLANATION", "BACKGROUND", "OPINIONS_ADOPTION", "MEETING_ATTENDANCE", "DECISION_RESULT"],
    );
    let f = &item["consultation"]["feedback"];
    assert_eq!((f["received"].as_i64(), f["published"].as_i64(), f["hidden"].as_i64()), (Some(6), Some(5), Some(1)));
    assert_eq!(
        (f["adopted"].as_i64(), f["partlyAdopted"].as_i64(), f["notAdopted"].as_i64()),
        (Some(1), Some(1), Some(3))
    );
    let opinions = f["opinions"].as_array().expect("opinions");
    assert_eq!(opinions.len(), 3, "the first, unreasoned answer no longer answers anything: {f}");
    assert!(
        opinions.iter().any(|o| o["concentrated"] == true && o["reason"].as_str().is_some_and(|r| r.contains("片区")))
    );
    let q = r#"query($id: ID!) { feedbackTable(itemId: $id, first: 50) { edges { node { seq submitter body adoptionZh reason } } } }"#;
    let table = anonymous(&w, q, json!({ "id": id })).await;
    let rows = table["data"]["feedbackTable"]["edges"].as_array().expect("rows");
    assert_eq!(rows.len(), 5, "{table}");
    assert_eq!(rows[0]["node"]["submitter"], "朱**");
    assert_eq!(rows[0]["node"]["adoptionZh"], "不予采纳");
    let status = anonymous(
        &w,
        r#"query($t: String!) { commentReceipt(trackingNo: $t) { adoption reason } }"#,
        json!({ "t": named["trackingNo"] }),
    )
    .await;
    assert_eq!(status["data"]["commentReceipt"]["adoption"], "NOT_ADOPTED", "{status}");
    let again = clerk(&w, &jtj, ANSWER, json!({ "i": { "itemId": id, "commentIds": [org_id], "summary": "改答",
                                                         "concentrated": false, "adoption": "NOT_ADOPTED", "reason": "改" } })).await;
    assert_eq!(code(&again["errors"][0]), "CONFLICT", "{again}");

    // The disclosure feed has an entry for each published step, linked to its audit event.
    let feed = anonymous(
        &w,
        r#"{ disclosureFeed(governmentCode: "370103", first: 50) { edges { node { kind itemId titleZh payload } } } }"#,
        json!({}),
    )
    .await;
    let kinds: Vec<&str> = feed["data"]["disclosureFeed"]["edges"]
        .as_array()
        .expect("feed")
        .iter()
        .filter(|e| e["node"]["itemId"] == id.as_str())
        .filter_map(|e| e["node"]["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "FEEDBACK_PUBLISHED",
            "DECISION_PUBLISHED",
            "MEETING_HELD",
            "LEGALITY_REVIEW_DONE",
            "COMMENT_PERIOD_CLOSED",
            "COMMENT_NOTICE_OPENED"
        ],
        "{feed}"
    );
    assert!(feed.to_string().contains("CATALOGUE_PUBLISHED"), "the seeded catalogue's publication is on the feed");

    // The comment stream chains like every other.
    let v = w.ok(r#"query($id: ID!) { verifyAuditTrail(itemId: $id) { ok } }"#, json!({ "id": id })).await;
    assert_eq!(v["verifyAuditTrail"]["ok"], true, "{v}");
    let whole = w.ok("{ verifyAuditTrail { ok events } }", json!({})).await;
    assert_eq!(whole["verifyAuditTrail"]["ok"], true, "{whole}");
}

#[tokio::test]
async fn only_the_items_office_and_sponsor_moderate_and_only_its_sponsor_answers() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let other = w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await;
    let elsewhere = w.user("370117", None, &[Role::GovOffice]).await;
    let items = items_2022(&w).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    receipt(&w, &id, "ANONYMOUS", None, "建议增加无障碍设施").await;
    let all = comments(&w, &jtj, &id).await;
    let i = json!({ "i": { "itemId": id, "commentIds": [all[0]["id"]], "action": "PUBLISHED" } });
    assert_eq!(code(&clerk(&w, &other, MODERATE, i.clone()).await["errors"][0]), "FORBIDDEN");
    assert_eq!(code(&clerk(&w, &elsewhere, MODERATE, i.clone()).await["errors"][0]), "FORBIDDEN");
    assert_eq!(code(&anonymous(&w, MODERATE, i.clone()).await["errors"][0]), "UNAUTHENTICATED");
    let q = r#"query($id: ID!) { itemComments(itemId: $id) { edges { node { contact } } } }"#;
    assert_eq!(code(&anonymous(&w, q, json!({ "id": id })).await["errors"][0]), "UNAUTHENTICATED");
    assert!(clerk(&w, &p.office, MODERATE, i).await.get("errors").is_none());
    let answer = json!({ "i": { "itemId": id, "commentIds": [all[0]["id"]], "summary": "增加无障碍设施",
                                "concentrated": false, "adoption": "ADOPTED" } });
    assert_eq!(code(&clerk(&w, &p.office, ANSWER, answer.clone()).await["errors"][0]), "FORBIDDEN");
    assert!(clerk(&w, &jtj, ANSWER, answer).await.get("errors").is_none());
}

/// A second process (or the same server after a restart) takes over a notice that already has
/// comments: its writer finds the notice's row and continues the numbering and the groups.
#[tokio::test]
async fn intake_continues_after_a_restart() {
    use juece_engine::Clock as _;
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = open_for_comment(&w, &p, &jtj, &items[0], &[]).await;
    let text = "建议在每个街道设立残疾人康复服务站，配备专业康复师，并为重度残疾人提供上门服务。";
    let first = receipt(&w, &id, "ANONYMOUS", None, text).await;
    let (restarted, clock) = w.db.engine();
    clock.set(w.clock.now());
    let submission = juece_core::comments::CommentSubmission {
        kind: juece_core::comments::SubmitterKind::Anonymous,
        name: None,
        organisation: None,
        contact: None,
        body: format!("{text} "),
    };
    let item_id = uuid::Uuid::parse_str(&id).expect("uuid");
    let second = restarted
        .submit_comment(None, juece_engine::comments::CommentInput { item_id, submission })
        .await
        .expect("received after the restart");
    assert_eq!(second.seq, 2);
    assert_eq!(second.duplicate, Some(juece_core::comments::DuplicateKind::Exact), "the groups carry over");
    assert_ne!(first["trackingNo"].as_str(), Some(second.tracking_no.as_str()));
}
