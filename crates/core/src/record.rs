//! What an item's record holds at a moment: its regions and the latest version of each document.
//! The steps after consultation read their guards from it, and [`blocked_by`] evaluates those
//! guards ahead of time, so that a clerk sees which rule stops a step before trying it.

use crate::artefact::Draft;
use crate::catalogue::ItemState;
use crate::error::CoreError;
use crate::legality::{LegalityOpinion, LegalityPackage, ReturnNotice, StatementEntry};
use crate::meeting::{AgendaEntry, Minutes, SignedDecision};
use crate::procedure::TransitionDef;
use crate::profile::ProfileParams;
use crate::publication::PartyReport;
use crate::region::{Region, RegionState};
use crate::rules::{R_11_7, Violation};

/// The facts the later steps' guards read, each the latest version with its version number.
#[derive(Debug, Clone)]
pub struct ItemRecord {
    pub state: ItemState,
    pub params: ProfileParams,
    pub regions: Vec<(Region, RegionState)>,
    /// Every document recorded, oldest first.
    pub documents: Vec<StatementEntry>,
    pub latest_draft: Option<(i32, Draft)>,
    /// The first package's submission date (the clock a resubmission may keep, R-10-3).
    pub first_submitted_on: Option<chrono::NaiveDate>,
    pub package: Option<(i32, LegalityPackage)>,
    pub return_notice: Option<(i32, ReturnNotice)>,
    pub opinion: Option<(i32, LegalityOpinion)>,
    pub risk: Option<crate::risk::RiskReport>,
    pub fair_competition: Option<crate::fair_competition::FairCompetitionReview>,
    pub coordination: Option<crate::coordination::CoordinationRecord>,
    pub agenda: Option<(i32, AgendaEntry)>,
    pub minutes: Option<(i32, Minutes)>,
    pub signed: Option<(i32, SignedDecision)>,
    pub party_report: Option<(i32, PartyReport)>,
    pub undisclosable_ground: Option<String>,
    /// The skip records of the latest consultation plan, as approved (§2.5).
    pub skips: Vec<(Region, crate::region::SkipRecord)>,
}

impl ItemRecord {
    /// An empty record of an item at `state`.
    pub fn new(state: ItemState, params: ProfileParams) -> Self {
        ItemRecord {
            state,
            params,
            regions: vec![],
            documents: vec![],
            latest_draft: None,
            first_submitted_on: None,
            package: None,
            return_notice: None,
            opinion: None,
            risk: None,
            fair_competition: None,
            coordination: None,
            agenda: None,
            minutes: None,
            signed: None,
            party_report: None,
            undisclosable_ground: None,
            skips: vec![],
        }
    }

    /// Whether the expert review was held: the decision counts as technical (R-13-3).
    pub fn technical(&self) -> bool {
        self.regions.iter().any(|(r, s)| *r == Region::ExpertReview && *s == RegionState::Done)
    }
}

/// The rule that stops `row` on this record before any input is given, if one does. Only guards
/// that the record alone decides are evaluated here; guards on the step's own content are
/// checked when it is taken.
pub fn blocked_by(row: &TransitionDef, record: &ItemRecord) -> Option<CoreError> {
    let minutes = record.minutes.as_ref().map(|(_, m)| m);
    match row.id {
        "T6" => {
            let facts = crate::legality::SubmissionFacts {
                statement: crate::legality::ProcedureStatement {
                    steps: vec![],
                    regions: record.regions.clone(),
                    documents: record.documents.clone(),
                    skips: vec![],
                    undisclosable_ground: record.undisclosable_ground.clone(),
                },
                latest_draft: record.latest_draft.as_ref().map(|(_, d)| d.clone()),
                params: record.params,
            };
            crate::legality::submission_preconditions(&facts).err()
        }
        "T8" if record.return_notice.is_none() => Some(
            Violation::new(crate::rules::R_10_3, "没有退回补充材料的通知", "there is no return notice to answer")
                .into(),
        ),
        "T10" => match record.opinion.as_ref() {
            Some((_, o)) if !o.clears_for_meeting() => None,
            _ => Some(
                Violation::new(
                    crate::rules::R_10_7,
                    "只有经审查认为不合法的草案才退回修改",
                    "only a draft found unlawful goes back to drafting this way",
                )
                .into(),
            ),
        },
        "T11" => crate::meeting::agenda_preconditions(record).err().map(Into::into),
        "T13" if !minutes.is_some_and(|m| m.outcome.approves()) => Some(
            Violation::new(
                R_11_7,
                "会议未同意的事项，行政首长不签署决定",
                "the head signs only what the meeting approved",
            )
            .into(),
        ),
        // The meeting's outcome takes these by itself when the minutes are recorded.
        "T12-DEFER" | "T12-RETURN" | "T12-REJECT" => Some(
            Violation::new(
                R_11_7,
                "会议结论为暂缓、退回或不同意时，记录会议纪要即转入相应阶段",
                "a deferral, return or rejection follows from the minutes when they are recorded",
            )
            .into(),
        ),
        "T15" | "T15-EXEMPT" => crate::publication::publication_preconditions(record).err().map(Into::into),
        _ => None,
    }
}
