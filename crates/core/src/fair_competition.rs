//! The fair competition review region (公平竞争审查, §2.4 F): the sponsor's first review and the
//! market regulator's conclusion (R-09-2), an exception only with its full justification (R-09-4),
//! and a measure found to violate the rules with no exception, which cannot go forward until the
//! draft is revised (R-09-5).

use crate::artefact::ArtefactRef;
use crate::catalogue::ItemFacts;
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::region::{Region, RegionState};
use crate::rules::{R_09_2, R_09_4, Violation};
use serde::{Deserialize, Serialize};

string_enum! {
    /// The review's conclusion (《公平竞争审查条例》 arts 8–12).
    FcrConclusion {
        /// Complies with arts 8–11.
        Compliant = "COMPLIANT",
        /// Restricts competition but meets an art. 12 exception.
        Exception = "EXCEPTION",
        /// Violates arts 8–11 and no exception applies: the measure may not be issued (R-09-5).
        Violates = "VIOLATES",
    }
}

/// The fair competition review record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairCompetitionReview {
    /// The draft version reviewed.
    pub reviewed_draft_version: i32,
    /// The sponsor's first review (初审意见).
    pub sponsor_first_review: String,
    /// The market regulation department that concluded.
    pub market_regulator: String,
    /// Operators, trade associations (and the public) heard (R-09-3).
    #[serde(default)]
    pub stakeholders_heard: Vec<String>,
    pub conclusion: FcrConclusion,
    /// For an exception: the art. 12 ground, that no less restrictive alternative exists, and the
    /// implementation period or termination condition (R-09-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_ground: Option<String>,
    #[serde(default)]
    pub no_less_restrictive_alternative: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset_or_termination: Option<String>,
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|v| v.trim().is_empty())
}

/// Decides a fair competition review record.
pub fn decide_fair_competition(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    review: &FairCompetitionReview,
    latest_draft_version: i32,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = crate::region::step_from(item, region_state, "F-CONCLUDE", "公平竞争审查", "fair competition review")?;
    if review.reviewed_draft_version < 1 || review.reviewed_draft_version > latest_draft_version {
        return Err(InputError::new(
            "reviewedDraftVersion",
            format!("所审查的草案版本不存在（最新为第{latest_draft_version}版）"),
            format!("the draft version reviewed does not exist (the newest is {latest_draft_version})"),
        )
        .into());
    }
    if review.sponsor_first_review.trim().is_empty() || review.market_regulator.trim().is_empty() {
        return Err(Violation::new(
            R_09_2,
            "公平竞争审查须有起草单位的初审意见和市场监督管理部门的审查结论",
            "the review needs the sponsor's first review and the market regulation department's conclusion",
        )
        .into());
    }
    if review.conclusion == FcrConclusion::Exception
        && (blank(&review.exception_ground)
            || !review.no_less_restrictive_alternative
            || blank(&review.sunset_or_termination))
    {
        return Err(Violation::new(
            R_09_4,
            "适用例外规定的，须详细说明理由，确认没有对公平竞争影响更小的替代方案，并明确实施期限或终止条件",
            "an exception explains its ground, confirms that no less restrictive alternative exists, and sets an implementation period or termination condition",
        )
        .into());
    }
    let to = match review.conclusion {
        FcrConclusion::Compliant | FcrConclusion::Exception => RegionState::Done,
        // R-09-5: such a measure may not be issued; the region stays open for a revised draft.
        FcrConclusion::Violates => RegionState::InProgress,
    };
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::FairCompetitionReview,
        from,
        to,
        step: "F-CONCLUDE".to_owned(),
        artefact: Some(artefact),
    }])
}
