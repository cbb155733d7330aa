//! The consultation regions of §2.4 (participation, hearing, expert review, risk assessment, fair
//! competition review, inter-agency coordination) and the skip record of §2.5 that a region which
//! does not apply must carry.

use crate::error::InputError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    /// A consultation region (§2.4).
    Region {
        /// P: 公众参与.
        Participation = "PARTICIPATION",
        /// H: 听证.
        Hearing = "HEARING",
        /// E: 专家论证.
        ExpertReview = "EXPERT_REVIEW",
        /// R: 风险评估.
        RiskAssessment = "RISK_ASSESSMENT",
        /// F: 公平竞争审查.
        FairCompetitionReview = "FAIR_COMPETITION_REVIEW",
        /// C: 部门协调 (R-04-4).
        Coordination = "COORDINATION",
    }
}

impl Region {
    /// The rule that makes the region apply, and that a skip answers to.
    pub fn rule(self) -> crate::rules::Rule {
        use crate::rules::*;
        match self {
            Region::Participation => R_05_1,
            Region::Hearing => R_06_1,
            Region::ExpertReview => R_07_1,
            Region::RiskAssessment => R_08_1,
            Region::FairCompetitionReview => R_09_1,
            Region::Coordination => R_04_4,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Region::Participation => "公众参与",
            Region::Hearing => "听证",
            Region::ExpertReview => "专家论证",
            Region::RiskAssessment => "风险评估",
            Region::FairCompetitionReview => "公平竞争审查",
            Region::Coordination => "部门协调",
        }
    }
}

string_enum! {
    /// Where a region stands (§2.4).
    RegionState {
        /// Skipped, with its skip record.
        NotApplicable = "NOT_APPLICABLE",
        Pending = "PENDING",
        InProgress = "IN_PROGRESS",
        Done = "DONE",
        /// Done, but the draft changed substantively since.
        Stale = "STALE",
    }
}

/// Why a region does not apply (§2.5). It is copied into the procedure statement that goes to
/// legality review, which checks it under R-10-5(2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipRecord {
    /// Why the region does not apply.
    pub determination: String,
    /// The legal or factual basis.
    pub basis: String,
    /// Who determined it (role and person).
    pub determined_by: String,
    /// Who approved it (the sponsor's head; for participation also the justice bureau).
    pub approved_by: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl SkipRecord {
    fn complete(&self) -> bool {
        [&self.determination, &self.basis, &self.determined_by, &self.approved_by].iter().all(|s| !s.trim().is_empty())
    }
}

/// Whether one region applies, and if not, its skip record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionDetermination {
    pub region: Region,
    pub applies: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<SkipRecord>,
}

/// The sponsor's plan on entering consultation (T5): every region, applicable or skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationPlan {
    pub regions: Vec<RegionDetermination>,
    /// The law, regulation or rule that requires a hearing, if one does (R-06-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing_required_by: Option<String>,
    /// The ground on which the item may not be disclosed (OGI arts 14–16; R-13-5), if it may not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undisclosable_ground: Option<String>,
}

impl ConsultationPlan {
    /// Every region exactly once.
    pub fn check_complete(&self) -> Result<(), InputError> {
        for r in Region::ALL {
            let n = self.regions.iter().filter(|d| d.region == *r).count();
            if n != 1 {
                return Err(InputError::new(
                    "regions",
                    format!("须对每个环节各作一次判定，“{}”出现{n}次", r.label_zh()),
                    format!("each region is determined exactly once; {r} appears {n} times"),
                ));
            }
        }
        Ok(())
    }

    /// The skip records that are missing or incomplete, as (region, reason) pairs.
    pub(crate) fn incomplete_skip(&self) -> Option<Region> {
        self.regions.iter().find(|d| !d.applies && !d.skip.as_ref().is_some_and(SkipRecord::complete)).map(|d| d.region)
    }
}

/// Where a region step starts from: the item must be in consultation and the region open
/// (`PENDING`, `IN_PROGRESS`, or `STALE` after a substantive revision). `step` names the step and
/// `what_zh`/`what_en` the region's work, for the messages.
pub fn step_from(
    item: &crate::catalogue::ItemFacts,
    region_state: Option<RegionState>,
    step: &'static str,
    what_zh: &str,
    what_en: &str,
) -> Result<RegionState, crate::error::CoreError> {
    use crate::catalogue::ItemState;
    use crate::error::CoreError;
    if item.state != ItemState::Consultation {
        return Err(CoreError::OutOfOrder {
            transition: step,
            state: item.state,
            zh: format!("{what_zh}只在征求意见等环节（CONSULTATION）办理，该事项现处于{}阶段", item.state),
            en: format!("{what_en} is done in CONSULTATION; the item is at {}", item.state),
        });
    }
    match region_state {
        Some(s @ (RegionState::Pending | RegionState::InProgress | RegionState::Stale)) => Ok(s),
        Some(RegionState::NotApplicable) => Err(InputError::new(
            "itemId",
            format!("该事项已判定不适用{what_zh}"),
            format!("{what_en} was determined not to apply to this item"),
        )
        .into()),
        _ => Err(CoreError::OutOfOrder {
            transition: step,
            state: item.state,
            zh: format!("{what_zh}已完成；草案重大修改后方可重新办理"),
            en: format!("{what_en} is done; it is repeated after a substantive revision"),
        }),
    }
}
