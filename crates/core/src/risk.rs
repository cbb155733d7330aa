//! The risk assessment region (风险评估, §2.4 R): the report with its risk points, measures and
//! contingency plan after hearing the departments concerned (R-08-3), and its conclusion. An
//! uncontrollable risk keeps the region open until a revised draft is assessed as controllable
//! (R-08-4).

use crate::artefact::ArtefactRef;
use crate::catalogue::ItemFacts;
use crate::error::CoreError;
use crate::event::DomainEvent;
use crate::region::{Region, RegionState};
use crate::rules::{R_08_3, R_08_4, Violation};
use serde::{Deserialize, Serialize};

string_enum! {
    /// 风险可控性 (R-08-4).
    RiskConclusion {
        Controllable = "CONTROLLABLE",
        Uncontrollable = "UNCONTROLLABLE",
    }
}

/// A risk assessment report (R-08-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskReport {
    /// Who assessed: the sponsor, a designated unit or a commissioned third party.
    pub assessor: String,
    /// The draft version assessed.
    pub assessed_draft_version: i32,
    /// 舆情跟踪、重点走访、会商分析 …
    pub methods: Vec<String>,
    /// The departments heard.
    pub departments_consulted: Vec<String>,
    /// 风险点.
    pub risk_points: Vec<String>,
    /// 风险防范措施.
    pub measures: Vec<String>,
    /// 处置预案.
    pub contingency_plan: String,
    pub conclusion: RiskConclusion,
}

fn filled(list: &[String]) -> bool {
    list.iter().any(|s| !s.trim().is_empty())
}

/// Decides a risk report. `previous` is the last report, if any; `latest_draft_version` the
/// newest draft.
pub fn decide_risk_report(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    report: &RiskReport,
    previous: Option<&RiskReport>,
    latest_draft_version: i32,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = crate::region::step_from(item, region_state, "R-REPORT", "风险评估", "risk assessment")?;
    if report.assessor.trim().is_empty()
        || !filled(&report.departments_consulted)
        || !filled(&report.risk_points)
        || !filled(&report.measures)
        || report.contingency_plan.trim().is_empty()
    {
        return Err(Violation::new(
            R_08_3,
            "风险评估报告须载明评估主体、听取意见的部门、风险点、风险防范措施和处置预案",
            "a risk report names its assessor and the departments heard, and sets out risk points, measures and a contingency plan",
        )
        .into());
    }
    if report.assessed_draft_version < 1 || report.assessed_draft_version > latest_draft_version {
        return Err(crate::error::InputError::new(
            "assessedDraftVersion",
            format!("所评估的草案版本不存在（最新为第{latest_draft_version}版）"),
            format!("the draft version assessed does not exist (the newest is {latest_draft_version})"),
        )
        .into());
    }
    if let Some(prev) = previous.filter(|p| p.conclusion == RiskConclusion::Uncontrollable)
        && report.assessed_draft_version <= prev.assessed_draft_version
    {
        return Err(Violation::new(
            R_08_4,
            format!("第{}版草案的风险经评估为不可控，须调整草案后对新版本重新评估", prev.assessed_draft_version),
            format!(
                "draft {} was assessed as uncontrollable; a revised draft must be reassessed",
                prev.assessed_draft_version
            ),
        )
        .into());
    }
    let to = match report.conclusion {
        RiskConclusion::Controllable => RegionState::Done,
        // The region stays open: the meeting is blocked until a revised draft is controllable.
        RiskConclusion::Uncontrollable => RegionState::InProgress,
    };
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::RiskAssessment,
        from,
        to,
        step: "R-REPORT".to_owned(),
        artefact: Some(artefact),
    }])
}
