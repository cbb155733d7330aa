//! After the decision: the report to the same-level party committee (T14; R-12-1), publication with
//! its document number and channels, or exemption on a ground of law (T15; R-13-1, R-13-3, R-13-5,
//! R-09-5), the publication deadline (R-13-2), and handing the decision to its execution units
//! (T16; R-15-1).

use crate::calendar;
use crate::error::{CoreError, InputError};
use crate::profile::ProfileParams;
use crate::record::ItemRecord;
use crate::region::{Region, RegionState};
use crate::rules::{R_02_6, R_09_5, R_12_1, R_13_1, R_13_3, R_13_5, R_15_1, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The committee's answer to the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyResponse {
    pub received_on: NaiveDate,
    /// The instruction received (同意、原则同意并提出意见 …).
    pub content: String,
}

/// 向同级党委请示报告 (T14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyReport {
    pub reported_on: NaiveDate,
    /// e.g. 中共济南市市中区委.
    pub committee: String,
    /// The 请示 or 报告 as filed (title or document number).
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<PartyResponse>,
}

/// T14's guards: reported to the committee, and its answer recorded (R-12-1).
pub fn check_party_report(r: &PartyReport, today: NaiveDate) -> Result<(), CoreError> {
    if r.committee.trim().is_empty() || r.document.trim().is_empty() {
        return Err(Violation::new(
            R_12_1,
            "重大行政决策出台前应当向同级党委请示报告：须写明报告对象和请示报告文件",
            "before issuance the decision is reported to the same-level party committee: name it and the report",
        )
        .into());
    }
    let Some(resp) = r.response.as_ref().filter(|x| !x.content.trim().is_empty()) else {
        return Err(Violation::new(
            R_12_1,
            "须记录同级党委对请示报告的答复后方可出台",
            "the committee's answer to the report is recorded before issuance",
        )
        .into());
    };
    if r.reported_on > today || resp.received_on > today || resp.received_on < r.reported_on {
        return Err(InputError::new(
            "reportedOn",
            "请示报告和答复的日期须不晚于今天，答复不早于报告",
            "the report and the answer are not in the future, and the answer follows the report",
        )
        .into());
    }
    Ok(())
}

/// Publication (T15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub published_on: NaiveDate,
    /// 文号, e.g. 市中政字〔2022〕27号.
    pub document_number: String,
    pub title: String,
    /// 政府公报 issue, e.g. 2022年第2期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazette_issue: Option<String>,
    /// The government website's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A newspaper circulating locally, with date and page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newspaper: Option<String>,
    /// 政策解读 (R-13-3, R-13-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
    /// How public and expert opinions were adopted (R-13-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adoption_explanation: Option<String>,
    /// 社会广泛关注 (R-13-3).
    #[serde(default)]
    pub high_public_concern: bool,
}

/// The publication as stored: with the decision date and the deadline it was measured against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationRecord {
    pub publication: Publication,
    pub decided_on: NaiveDate,
    /// R-13-2: the last day to publish, `publication_max_working_days` after the decision.
    pub due_by: NaiveDate,
    /// Whether `due_by` reaches a year whose holiday notice is not loaded.
    pub due_by_provisional: bool,
    pub on_time: bool,
}

string_enum! {
    /// The ground on which a decision is not published (政府信息公开条例).
    ExemptionGround {
        /// 第十四条: 国家秘密、法律禁止公开、危及安全稳定.
        Art14 = "OGI_ART_14",
        /// 第十五条: 商业秘密、个人隐私.
        Art15 = "OGI_ART_15",
        /// 第十六条: 内部事务、过程性信息.
        Art16 = "OGI_ART_16",
    }
}

/// 依法不予公开 (T15-EXEMPT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationExemption {
    pub decided_on: NaiveDate,
    pub ground: ExemptionGround,
    /// Why the ground applies to this decision.
    pub reason: String,
    /// 第十七条 保密审查: who reviewed it, when, and the conclusion.
    pub reviewed_by: String,
    pub reviewed_on: NaiveDate,
    pub review_conclusion: String,
}

/// The record-only guards of T15: the party committee's answer recorded (R-12-1) and no fair
/// competition violation standing (R-09-5).
pub fn publication_preconditions(record: &ItemRecord) -> Result<(), Violation> {
    if record.party_report.as_ref().is_none_or(|(_, r)| r.response.is_none()) {
        return Err(Violation::new(
            R_12_1,
            "重大行政决策出台前应当向同级党委请示报告，尚无请示报告及答复的记录",
            "the decision was not reported to the party committee with its answer recorded",
        ));
    }
    let fcr = record.regions.iter().find(|(r, _)| *r == Region::FairCompetitionReview).map(|(_, s)| *s);
    let violates = record
        .fair_competition
        .as_ref()
        .is_some_and(|f| f.conclusion == crate::fair_competition::FcrConclusion::Violates);
    if matches!(fcr, Some(RegionState::Pending | RegionState::InProgress | RegionState::Stale)) || violates {
        return Err(Violation::new(
            R_09_5,
            "政策措施未经公平竞争审查，或经审查违反规定且不符合例外情形的，不得出台",
            "a measure not cleared by fair competition review is not issued",
        ));
    }
    Ok(())
}

/// Whether a document number has the form 〔year〕number号 (市中政字〔2022〕27号).
fn document_number_ok(n: &str) -> bool {
    let n = n.trim();
    let (Some(open), Some(close)) = (n.find('〔'), n.find('〕')) else { return false };
    let year = &n[open + '〔'.len_utf8()..close];
    let rest = &n[close + '〕'.len_utf8()..];
    open > 0
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && rest.strip_suffix('号').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// T15: the publication, with its channel evidence and document number (R-13-1), and for a decision
/// of wide concern or high technicality the interpretation and the adoption explanation (R-13-3).
/// Returns the stored record with the R-13-2 deadline.
pub fn publish(
    p: Publication,
    record: &ItemRecord,
    params: &ProfileParams,
    today: NaiveDate,
) -> Result<PublicationRecord, CoreError> {
    publication_preconditions(record)?;
    let decided_on = record.signed.as_ref().map(|(_, s)| s.signed_on).ok_or_else(|| {
        Violation::new(R_13_1, "尚无行政首长签署的决定，无从公布", "there is no signed decision to publish")
    })?;
    if !document_number_ok(&p.document_number) || p.title.trim().is_empty() {
        return Err(Violation::new(
            R_13_1,
            format!("公布须载明决定名称和文号（形如“市中政字〔2022〕27号”），“{}”不符合", p.document_number),
            format!(
                "a publication gives the title and a document number like 市中政字〔2022〕27号, not {:?}",
                p.document_number
            ),
        )
        .into());
    }
    let has = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !(has(&p.gazette_issue) || has(&p.url) || has(&p.newspaper)) {
        return Err(Violation::new(
            R_13_1,
            "须通过本级人民政府公报、政府网站或本行政区域内发行的报纸公布，并载明公报期号、网址或报纸",
            "publication is through the gazette, the government website or a local newspaper, with the issue, URL or paper",
        )
        .into());
    }
    if (p.high_public_concern || record.technical()) && !(has(&p.interpretation) && has(&p.adoption_explanation)) {
        return Err(Violation::new(
            R_13_3,
            "社会公众普遍关注或者专业性、技术性较强的决策，须说明公众意见、专家论证意见的采纳情况并进行解读",
            "a decision of wide concern or high technicality is published with the adoption of opinions explained and an interpretation",
        )
        .into());
    }
    if p.published_on > today || p.published_on < decided_on {
        return Err(InputError::new(
            "publishedOn",
            "公布日期须在决定签署之后且不晚于今天",
            "the publication is dated between the signature and today",
        )
        .into());
    }
    let due = calendar::add_working_days(decided_on, params.publication_max_working_days);
    Ok(PublicationRecord {
        on_time: p.published_on <= due.date,
        publication: p,
        decided_on,
        due_by: due.date,
        due_by_provisional: !due.is_confirmed(),
    })
}

/// T15-EXEMPT: a ground of the disclosure regulations, why it applies, and the art.17 review
/// (R-13-5, an override that needs its reason).
pub fn check_exemption(e: &PublicationExemption, record: &ItemRecord, today: NaiveDate) -> Result<(), CoreError> {
    publication_preconditions(record)?;
    if [&e.reason, &e.reviewed_by, &e.review_conclusion].iter().any(|s| s.trim().is_empty()) {
        return Err(Violation::new(
            R_13_5,
            "依法不予公开的，须载明政府信息公开条例的依据、理由，以及保密审查的机构、日期和结论",
            "not publishing needs the ground of the disclosure regulations, the reason, and the art.17 review (who, when, conclusion)",
        )
        .into());
    }
    if e.decided_on > today || e.reviewed_on > e.decided_on {
        return Err(InputError::new(
            "decidedOn",
            "保密审查须在不予公开决定之前，且日期不晚于今天",
            "the review precedes the exemption, and neither is in the future",
        )
        .into());
    }
    Ok(())
}

/// The approved catalogue adjustment that takes an item out before its decision (WITHDRAW, R-02-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The day the decision organ approved the adjustment.
    pub approved_on: NaiveDate,
    /// The approving document or meeting record (e.g. 区政府常务会议纪要).
    pub approval_document: String,
    pub reason: String,
    /// The party committee's consent to the adjustment, where the profile asks for it (R-02-6 [U]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_consent_on: Option<NaiveDate>,
}

/// WITHDRAW's guards: a published catalogue changes only through an approved adjustment, with
/// its reason, and the party committee's consent where the profile asks for it (R-02-6).
pub fn check_withdrawal(w: &Withdrawal, params: &ProfileParams, today: NaiveDate) -> Result<(), CoreError> {
    if w.approval_document.trim().is_empty() || w.reason.trim().is_empty() {
        return Err(Violation::new(
            R_02_6,
            "撤回目录事项须经决策机关批准的目录调整，并载明批准文件和理由",
            "an item leaves the catalogue only by an adjustment the decision organ approved, with its document and reason",
        )
        .into());
    }
    if params.adjustment_needs_party_consent && w.party_consent_on.is_none() {
        return Err(Violation::new(
            R_02_6,
            "目录调整须经同级党委同意后方可撤回事项",
            "the adjustment needs the same-level party committee's consent before the item is withdrawn",
        )
        .into());
    }
    if w.approved_on > today || w.party_consent_on.is_some_and(|d| d > today || d < w.approved_on) {
        return Err(InputError::new(
            "approvedOn",
            "批准和党委同意的日期不能晚于今天，同意不早于批准",
            "the approval and consent are not in the future, and the consent follows the approval",
        )
        .into());
    }
    Ok(())
}

/// The units a decision is handed to (T16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionAssignment {
    pub assigned_on: NaiveDate,
    /// 牵头执行单位.
    pub lead_unit_id: Uuid,
    /// 责任单位.
    #[serde(default)]
    pub responsible_unit_ids: Vec<Uuid>,
    #[serde(default)]
    pub note: String,
}

/// T16's guard: execution units of this decision organ designated (R-15-1). `units` are the
/// lead and the responsible units as found, each with its government.
pub fn check_assignment(
    a: &ExecutionAssignment,
    units: &[crate::catalogue::SponsorFacts],
    government: &crate::GovernmentCode,
    today: NaiveDate,
) -> Result<(), CoreError> {
    let found = |id: &Uuid| units.iter().any(|u| &u.id == id);
    let all_found = found(&a.lead_unit_id) && a.responsible_unit_ids.iter().all(found);
    if !all_found || units.iter().any(|u| &u.government != government) {
        return Err(Violation::new(
            R_15_1,
            "决策机关须指定本机关所属的决策执行单位（牵头单位及责任单位）",
            "the decision organ designates execution units of its own (a lead and the responsible units)",
        )
        .into());
    }
    if a.assigned_on > today {
        return Err(
            InputError::new("assignedOn", "交办日期不能晚于今天", "the assignment cannot be in the future").into()
        );
    }
    Ok(())
}
