//! Legality review (合法性审查): the submission (T6) with every consultation region finished or
//! skipped with its record, the comment round where the profile makes it mandatory (R-05-2), the
//! package with the legal basis and the statement of the statutory procedures performed (R-10-2)
//! and the reviewer's working days (R-10-4); the return for supplement and the resubmission (T7,
//! T8; R-10-3); and the opinion (T9) with its three verdicts and the legal advisers' opinions
//! (R-10-1, R-10-5, R-10-6, R-10-8).

use crate::artefact::{ArtefactKind, Draft};
use crate::calendar;
use crate::error::{CoreError, InputError};
use crate::profile::ProfileParams;
use crate::region::{Region, RegionState, SkipRecord};
use crate::rules::{R_05_2, R_10_1, R_10_2, R_10_3, R_10_4, R_10_5, R_10_6, R_10_8, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What the sponsor submits with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalitySubmission {
    pub submitted_on: NaiveDate,
    /// The date the sponsor asks the opinion for.
    pub requested_opinion_by: NaiveDate,
    /// Why the reviewer gets fewer working days than the profile's minimum (R-10-4, HG-O).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortening_reason: Option<String>,
}

/// One recorded document in the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementEntry {
    pub kind: ArtefactKind,
    pub version: i32,
    pub recorded_at: DateTime<Utc>,
    pub sha256: String,
}

/// One step taken, as the audit trail records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEntry {
    /// The §2.3 step (`T3`) or the region step (`P-NOTICE`).
    pub step: String,
    /// What it did, in the clerk's words, or the region it moved.
    pub name: String,
    pub at: DateTime<Utc>,
    /// The role it was taken in, and the organisation acted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

/// 履行决策法定程序的说明 (R-10-2): generated from what was recorded, never typed in, with every
/// step taken, every document and every skip record copied as it was approved (§2.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureStatement {
    /// Every step of the item and its regions so far, in the order of its audit trail.
    #[serde(default)]
    pub steps: Vec<StepEntry>,
    pub regions: Vec<(Region, RegionState)>,
    pub documents: Vec<StatementEntry>,
    pub skips: Vec<(Region, SkipRecord)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undisclosable_ground: Option<String>,
}

/// The legality package as stored: the submission and its generated statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalityPackage {
    pub submission: LegalitySubmission,
    /// The draft version submitted.
    pub draft_version: i32,
    pub statement: ProcedureStatement,
    /// On a resubmission (T8): what was supplied for each item the return notice listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplements: Vec<Supplement>,
    /// The day the reviewer's working days are counted from: the submission, or on a resubmission
    /// the day the profile says (R-10-3 [U]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_from: Option<NaiveDate>,
}

/// The facts the guards of T6 read.
#[derive(Debug, Clone)]
pub struct SubmissionFacts {
    pub statement: ProcedureStatement,
    pub latest_draft: Option<Draft>,
    pub params: ProfileParams,
}

/// The guards of T6.
pub fn check_submission(s: &LegalitySubmission, f: &SubmissionFacts, today: NaiveDate) -> Result<(), CoreError> {
    submission_preconditions(f)?;
    if s.submitted_on > today {
        return Err(InputError::new(
            "submittedOn",
            "送审日期不能晚于今天",
            "the submission cannot be dated in the future",
        )
        .into());
    }
    check_review_time(s, s.submitted_on, &f.params)
}

/// The guards of T6 that the record alone decides: every region finished or skipped, the comment
/// round where mandatory, the package's legal basis and documents.
pub fn submission_preconditions(f: &SubmissionFacts) -> Result<(), CoreError> {
    for (region, state) in &f.statement.regions {
        if !matches!(state, RegionState::Done | RegionState::NotApplicable) {
            let why_zh =
                if *state == RegionState::Stale { "草案重大修改后须重新办理" } else { "尚未完成" };
            let why_en = if *state == RegionState::Stale {
                "must be redone after the substantive revision"
            } else {
                "is not finished"
            };
            return Err(Violation::new(
                region.rule(),
                format!("“{}”环节{why_zh}，不能送请合法性审查", region.label_zh()),
                format!("{region} {why_en}; the item cannot go to legality review yet"),
            )
            .into());
        }
    }
    let noticed = f.statement.documents.iter().any(|d| d.kind == ArtefactKind::CommentNotice);
    if f.params.public_comment_mandatory && !noticed && f.statement.undisclosable_ground.is_none() {
        return Err(Violation::new(
            R_05_2,
            "本事项适用的规则要求向社会公开征求意见（依法不予公开的除外），尚未发布征求意见公告",
            "the rules this item is bound by require a public comment round (undisclosable items excepted); none was held",
        )
        .into());
    }
    let basis = f.latest_draft.as_ref().is_some_and(|d| !d.legal_basis.is_empty());
    if !basis || f.statement.documents.is_empty() {
        return Err(Violation::new(
            R_10_2,
            "送审材料须包括决策草案、法律法规规章等依据和履行决策法定程序的说明",
            "the package includes the draft, its legal basis and the statement of the procedures performed",
        )
        .into());
    }
    Ok(())
}

/// R-10-4: the opinion asked for no earlier than the profile's working days after `clock_from`,
/// on the official calendar (a provisional date never satisfies it), or a reason given.
fn check_review_time(s: &LegalitySubmission, clock_from: NaiveDate, params: &ProfileParams) -> Result<(), CoreError> {
    let f = params;
    let earliest = calendar::add_working_days(clock_from, f.legality_review_min_working_days);
    let enough = earliest.is_confirmed() && s.requested_opinion_by >= earliest.date;
    let reason = s.shortening_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if !enough && !reason {
        return Err(Violation::new(
            R_10_4,
            format!(
                "送请合法性审查应保证必要的审查时间，一般不少于{}个工作日（{}送审，最早{}）；缩短的须说明理由",
                f.legality_review_min_working_days, clock_from, earliest.date
            ),
            format!(
                "the reviewer is given at least {} working days ({} submitted, {} at the earliest); fewer needs a reason",
                f.legality_review_min_working_days, clock_from, earliest.date
            ),
        )
        .into());
    }
    Ok(())
}

/// The reviewer's return of a package that falls short (T7, 退回或者要求补充), naming every item
/// missing (R-10-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnNotice {
    pub returned_on: NaiveDate,
    /// What is missing or must be supplemented, one entry each.
    pub missing: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// What the sponsor supplied for one item of the return notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    /// The item of the return notice, as it was worded there.
    pub missing: String,
    /// What was supplied, or where in the package it now is.
    pub supplied: String,
}

/// The resubmission after a return (T8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resubmission {
    pub resubmitted_on: NaiveDate,
    pub requested_opinion_by: NaiveDate,
    pub supplements: Vec<Supplement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortening_reason: Option<String>,
}

/// T7's guards: every missing item named (R-10-3), dated after the submission it returns.
pub fn check_return(n: &ReturnNotice, package: Option<&LegalityPackage>, today: NaiveDate) -> Result<(), CoreError> {
    if n.missing.is_empty() || n.missing.iter().any(|m| m.trim().is_empty()) {
        return Err(Violation::new(
            R_10_3,
            "退回或者要求补充材料的，须逐项列明缺少或需补充的材料",
            "a return for supplement lists every item that is missing or must be supplemented",
        )
        .into());
    }
    let submitted = package.map(|p| p.submission.submitted_on);
    if n.returned_on > today || submitted.is_some_and(|s| n.returned_on < s) {
        return Err(InputError::new(
            "returnedOn",
            "退回日期须在送审日期之后且不晚于今天",
            "the return is dated between the submission and today",
        )
        .into());
    }
    Ok(())
}

/// T8's guards: every item of the return notice supplied (R-10-3), and the reviewer's working days
/// counted again from the resubmission when the profile restarts the clock, otherwise from the
/// first submission (R-10-4).
pub fn check_resubmission(
    r: &Resubmission,
    notice: Option<&ReturnNotice>,
    first_submitted_on: NaiveDate,
    params: &ProfileParams,
    today: NaiveDate,
) -> Result<NaiveDate, CoreError> {
    let notice = notice.ok_or_else(|| {
        Violation::new(R_10_3, "没有退回补充材料的通知，无需重新报送", "there is no return notice to answer")
    })?;
    for m in &notice.missing {
        let answered = r.supplements.iter().any(|s| s.missing.trim() == m.trim() && !s.supplied.trim().is_empty());
        if !answered {
            return Err(Violation::new(
                R_10_3,
                format!("退回通知所列“{m}”尚未补充"),
                format!("the return notice's item \"{m}\" has not been supplied"),
            )
            .into());
        }
    }
    if r.requested_opinion_by < r.resubmitted_on {
        return Err(InputError::new(
            "requestedOpinionBy",
            "要求出具审查意见的日期不能早于重新报送的日期",
            "the opinion cannot be asked for before the package is resubmitted",
        )
        .into());
    }
    if r.resubmitted_on > today || r.resubmitted_on < notice.returned_on {
        return Err(InputError::new(
            "resubmittedOn",
            "重新报送日期须在退回日期之后且不晚于今天",
            "the resubmission is dated between the return and today",
        )
        .into());
    }
    let clock_from = if params.legality_clock_restarts_on_resubmission { r.resubmitted_on } else { first_submitted_on };
    let s = LegalitySubmission {
        submitted_on: r.resubmitted_on,
        requested_opinion_by: r.requested_opinion_by,
        shortening_reason: r.shortening_reason.clone(),
    };
    check_review_time(&s, clock_from, params)?;
    Ok(clock_from)
}

string_enum! {
    /// The finding on one of the three points of review (R-10-5).
    Finding {
        Complies = "COMPLIES",
        DoesNotComply = "DOES_NOT_COMPLY",
        /// 国家尚无明确规定: only for the content of an exploratory reform item (R-10-8).
        NoClearRule = "NO_CLEAR_RULE",
    }
}

string_enum! {
    /// The opinion's verdict (§2.3 T9).
    Verdict {
        Legal = "LEGAL",
        /// 探索性改革决策事项，明示法律风险 (R-10-8).
        ExploratoryWithRisk = "EXPLORATORY_WITH_RISK",
        NotLegal = "NOT_LEGAL",
    }
}

string_enum! {
    /// Who gave a legal opinion to the reviewer (R-10-6).
    AdviserCapacity {
        /// 法律顾问.
        LegalAdviser = "LEGAL_ADVISER",
        /// 公职律师.
        PublicLawyer = "PUBLIC_LAWYER",
    }
}

/// The finding on one point, with the reviewer's reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointFinding {
    pub finding: Finding,
    pub remarks: String,
}

/// A legal adviser's or public lawyer's opinion given to the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviserOpinion {
    pub name: String,
    pub capacity: AdviserCapacity,
    pub opinion: String,
}

/// 合法性审查意见 (T9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalityOpinion {
    pub issued_on: NaiveDate,
    /// The reviewing body and the person responsible.
    pub reviewer: String,
    /// (1) 是否符合法定权限.
    pub authority: PointFinding,
    /// (2) 是否履行法定程序.
    pub procedure: PointFinding,
    /// (3) 是否符合有关法律、法规、规章和国家政策.
    pub content: PointFinding,
    pub verdict: Verdict,
    /// 明示的法律风险 (R-10-8): required for an exploratory verdict, carried to the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_risk_statement: Option<String>,
    pub adviser_opinions: Vec<AdviserOpinion>,
    /// Changes the sponsor is asked to make.
    #[serde(default)]
    pub revisions_requested: Vec<String>,
    /// The version of the package reviewed (filled in by the engine).
    #[serde(default)]
    pub package_version: i32,
}

impl LegalityOpinion {
    /// Whether the opinion lets the draft go to the meeting (R-10-7).
    pub fn clears_for_meeting(&self) -> bool {
        self.verdict != Verdict::NotLegal
    }
}

/// T9's guards: issued by the justice administration in its reviewing role (R-10-1), a finding on
/// each of the three points consistent with the verdict (R-10-5), the legal advisers' opinions
/// (R-10-6), and for an exploratory item the legal risk stated (R-10-8).
pub fn check_opinion(
    o: &LegalityOpinion,
    actor_role: Option<&str>,
    package: Option<&LegalityPackage>,
    today: NaiveDate,
) -> Result<(), CoreError> {
    if actor_role != Some(crate::authz::Role::Justice.as_str()) {
        return Err(Violation::new(
            R_10_1,
            "合法性审查意见只能由司法行政部门出具，不得以征求意见等方式代替合法性审查",
            "only the justice administration issues the legality opinion; soliciting opinions never replaces it",
        )
        .into());
    }
    let points = [
        ("authority", "法定权限", &o.authority),
        ("procedure", "法定程序", &o.procedure),
        ("content", "内容合法", &o.content),
    ];
    for (_, zh, p) in points {
        if p.remarks.trim().is_empty() {
            return Err(Violation::new(
                R_10_5,
                format!("审查意见须对“{zh}”作出结论并说明理由"),
                "the opinion gives a reasoned finding on authority, procedure and content",
            )
            .into());
        }
    }
    if [&o.authority, &o.procedure].iter().any(|p| p.finding == Finding::NoClearRule) {
        return Err(InputError::new(
            "authority",
            "“国家尚无明确规定”只适用于内容审查（探索性改革事项）",
            "\"no clear rule\" is a finding on content only (exploratory reform items)",
        )
        .into());
    }
    let fails = points.iter().any(|(_, _, p)| p.finding == Finding::DoesNotComply);
    let consistent = match o.verdict {
        Verdict::Legal => points.iter().all(|(_, _, p)| p.finding == Finding::Complies),
        Verdict::ExploratoryWithRisk => !fails && o.content.finding == Finding::NoClearRule,
        Verdict::NotLegal => fails,
    };
    if !consistent {
        return Err(Violation::new(
            R_10_5,
            "审查结论须与三项审查结论一致：均符合的为合法；内容属国家尚无明确规定的为探索性事项；任一项不符合的为不合法",
            "the verdict follows the three findings: all comply → legal; content without a clear rule → exploratory; any failing → not legal",
        )
        .into());
    }
    if o.adviser_opinions.is_empty()
        || o.adviser_opinions.iter().any(|a| a.name.trim().is_empty() || a.opinion.trim().is_empty())
    {
        return Err(Violation::new(
            R_10_6,
            "合法性审查须有法律顾问、公职律师提出法律意见，并附具其姓名和意见",
            "the review includes the legal opinions of legal advisers or public lawyers, each named",
        )
        .into());
    }
    if o.verdict == Verdict::ExploratoryWithRisk
        && o.legal_risk_statement.as_deref().is_none_or(|s| s.trim().is_empty())
    {
        return Err(Violation::new(
            R_10_8,
            "国家尚无明确规定的探索性改革决策事项，须明示法律风险后方可提交讨论",
            "an exploratory reform item goes to the meeting only with its legal risk stated",
        )
        .into());
    }
    if o.reviewer.trim().is_empty() {
        return Err(InputError::new("reviewer", "须写明审查机构和负责人", "the reviewer is named").into());
    }
    let submitted = package.map(|p| p.submission.submitted_on);
    if o.issued_on > today || submitted.is_some_and(|s| o.issued_on < s) {
        return Err(InputError::new(
            "issuedOn",
            "审查意见的日期须在送审日期之后且不晚于今天",
            "the opinion is dated between the submission and today",
        )
        .into());
    }
    Ok(())
}
