//! Submission for legality review (T6): every consultation region finished or skipped with its
//! record, the comment round where the profile makes it mandatory (R-05-2), the package with the
//! legal basis and the statement of the statutory procedures performed (R-10-2), and the reviewer
//! given at least the profile's working days, or a reason for fewer (R-10-4).

use crate::artefact::{ArtefactKind, Draft};
use crate::calendar;
use crate::error::{CoreError, InputError};
use crate::profile::ProfileParams;
use crate::region::{Region, RegionState, SkipRecord};
use crate::rules::{R_05_2, R_10_2, R_10_4, Violation};
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

/// 履行决策法定程序的说明 (R-10-2): generated from what was recorded, never typed in, with every
/// skip record copied as it was approved (§2.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureStatement {
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
    if s.submitted_on > today {
        return Err(InputError::new(
            "submittedOn",
            "送审日期不能晚于今天",
            "the submission cannot be dated in the future",
        )
        .into());
    }
    let earliest = calendar::add_working_days(s.submitted_on, f.params.legality_review_min_working_days);
    let enough = earliest.is_confirmed() && s.requested_opinion_by >= earliest.date;
    let reason = s.shortening_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if !enough && !reason {
        return Err(Violation::new(
            R_10_4,
            format!(
                "送请合法性审查应保证必要的审查时间，一般不少于{}个工作日（{}送审，最早{}）；缩短的须说明理由",
                f.params.legality_review_min_working_days, s.submitted_on, earliest.date
            ),
            format!(
                "the reviewer is given at least {} working days ({} submitted, {} at the earliest); fewer needs a reason",
                f.params.legality_review_min_working_days, s.submitted_on, earliest.date
            ),
        )
        .into());
    }
    Ok(())
}
