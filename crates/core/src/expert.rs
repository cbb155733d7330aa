//! The expert review region (专家论证, §2.4 E): a panel free of direct interests (R-07-3), of at
//! least the profile's size (R-07-7, a parameter because no text fixes it), whose written opinions
//! are signed or sealed (R-07-4), closed with a statement of what was adopted.

use crate::artefact::ArtefactRef;
use crate::catalogue::ItemFacts;
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::profile::ProfileParams;
use crate::region::{Region, RegionState};
use crate::rules::{R_07_3, R_07_4, R_07_7, Violation};
use serde::{Deserialize, Serialize};

/// One expert or professional institution and its opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertOpinion {
    pub name: String,
    /// An institution seals its opinion; a person signs it.
    pub institution: bool,
    pub field: String,
    pub affiliation: String,
    /// The conflict-of-interest declaration: a direct interest in the matter.
    pub direct_interest: bool,
    pub signed: bool,
    pub sealed: bool,
    pub opinion: String,
}

/// The expert review record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertReview {
    pub reviewed_draft_version: i32,
    /// 论证会、书面咨询、委托咨询论证.
    pub method: String,
    pub experts: Vec<ExpertOpinion>,
    /// What of the opinions the sponsor adopted, and why not the rest.
    pub adoption_statement: String,
}

/// Decides an expert review record.
pub fn decide_expert_review(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    params: &ProfileParams,
    review: &ExpertReview,
    latest_draft_version: i32,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = crate::region::step_from(item, region_state, "E-REVIEW", "专家论证", "expert review")?;
    if review.reviewed_draft_version < 1 || review.reviewed_draft_version > latest_draft_version {
        return Err(InputError::new(
            "reviewedDraftVersion",
            format!("所论证的草案版本不存在（最新为第{latest_draft_version}版）"),
            format!("the draft version reviewed does not exist (the newest is {latest_draft_version})"),
        )
        .into());
    }
    if let Some(e) = review.experts.iter().find(|e| e.direct_interest) {
        return Err(Violation::new(
            R_07_3,
            format!("不得选择与决策事项有直接利害关系的专家、专业机构（{}）", e.name),
            format!("an expert or institution with a direct interest in the matter may not be chosen ({})", e.name),
        )
        .into());
    }
    if review.experts.len() < params.expert_panel_min as usize {
        return Err(Violation::new(
            R_07_7,
            format!("论证专家不少于{}名（现为{}名）", params.expert_panel_min, review.experts.len()),
            format!("the panel has at least {} experts ({} given)", params.expert_panel_min, review.experts.len()),
        )
        .into());
    }
    if let Some(e) =
        review.experts.iter().find(|e| e.opinion.trim().is_empty() || if e.institution { !e.sealed } else { !e.signed })
    {
        return Err(Violation::new(
            R_07_4,
            format!("书面论证意见须由专家署名、专业机构盖章（{}）", e.name),
            format!("a written opinion is signed by the expert or sealed by the institution ({})", e.name),
        )
        .into());
    }
    crate::artefact::required(
        "adoptionStatement",
        &review.adoption_statement,
        "专家意见采纳情况",
        "the adoption statement",
    )?;
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::ExpertReview,
        from,
        to: RegionState::Done,
        step: "E-REVIEW".to_owned(),
        artefact: Some(artefact),
    }])
}
