//! The coordination region (部门协调, §2.4 C): the units whose duties the matter touches are
//! consulted; where they do not agree, the dispute statement the decision organ will be given
//! (R-04-4) records the main issues, each unit's view, and the sponsor's view with its reasons.

use crate::artefact::ArtefactRef;
use crate::catalogue::ItemFacts;
use crate::error::CoreError;
use crate::event::DomainEvent;
use crate::region::{Region, RegionState};
use crate::rules::{R_04_4, Violation};
use serde::{Deserialize, Serialize};

/// A unit consulted and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    pub unit: String,
    pub view: String,
    pub agrees: bool,
}

/// 争议说明: what the decision organ is told when units do not agree (R-04-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeStatement {
    /// 争议的主要问题.
    pub main_issues: String,
    /// 决策承办单位的意见、理由和依据.
    pub sponsor_view_reasons_basis: String,
}

/// The coordination record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinationRecord {
    pub units: Vec<UnitView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<DisputeStatement>,
}

impl CoordinationRecord {
    /// Whether every unit consulted agrees.
    pub fn agreed(&self) -> bool {
        self.units.iter().all(|u| u.agrees)
    }
}

/// Decides a coordination record.
pub fn decide_coordination(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    record: &CoordinationRecord,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = crate::region::step_from(item, region_state, "C-RECORD", "部门协调", "coordination")?;
    if record.units.is_empty() || record.units.iter().any(|u| u.unit.trim().is_empty() || u.view.trim().is_empty()) {
        return Err(Violation::new(
            R_04_4,
            "须征求职责相关单位的意见，并载明各单位意见",
            "the units whose duties are affected are consulted and each one's view recorded",
        )
        .into());
    }
    if !record.agreed() {
        let complete = record
            .dispute
            .as_ref()
            .is_some_and(|d| !d.main_issues.trim().is_empty() && !d.sponsor_view_reasons_basis.trim().is_empty());
        if !complete {
            return Err(Violation::new(
                R_04_4,
                "不能取得一致意见的，应当说明争议的主要问题、有关单位的意见以及承办单位的意见、理由和依据",
                "where units disagree, state the main issues, their views, and the sponsor's view with its reasons and basis",
            )
            .into());
        }
    }
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::Coordination,
        from,
        to: RegionState::Done,
        step: "C-RECORD".to_owned(),
        artefact: Some(artefact),
    }])
}
