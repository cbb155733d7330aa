//! The item's procedural steps after the catalogue: each takes the item from a state its table row
//! allows to the row's target, after the row's guards. The engine loads the facts, asks here, and
//! persists the events and the step's artefact together.

use crate::Ctx;
use crate::artefact::{ArtefactKind, ArtefactRef, Draft, Proposal, ProposalSource, StartDecision};
use crate::catalogue::{CatalogueFacts, CatalogueStatus, ItemFacts, SponsorFacts};
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::procedure::{TransitionDef, transition};
use crate::rules::{R_01_3, R_01_6, R_03_1, R_03_2, Violation};

/// A step and its artefact's content.
#[derive(Debug, Clone)]
pub enum StepCommand {
    /// T1: intake of a proposal for study.
    StudyProposal(Proposal),
    /// T3: the decision to start the procedure.
    Initiate { decision: StartDecision, lead: SponsorFacts, co_sponsors: Vec<SponsorFacts> },
    /// T4: the first draft.
    StartDrafting(Draft),
}

impl StepCommand {
    pub fn transition_id(&self) -> &'static str {
        match self {
            StepCommand::StudyProposal(_) => "T1",
            StepCommand::Initiate { .. } => "T3",
            StepCommand::StartDrafting(_) => "T4",
        }
    }

    pub fn artefact_kind(&self) -> ArtefactKind {
        match self {
            StepCommand::StudyProposal(_) => ArtefactKind::Proposal,
            StepCommand::Initiate { .. } => ArtefactKind::StartDecision,
            StepCommand::StartDrafting(_) => ArtefactKind::Draft,
        }
    }

    pub fn row(&self) -> &'static TransitionDef {
        // Every command names a row of MAIN_LINE (a test checks); a missing row would be a bug
        // caught before release, never a state a user can reach.
        transition(self.transition_id()).unwrap_or(&crate::procedure::MAIN_LINE[0])
    }
}

/// A step taken from a state its row does not leave: the procedure's order forbids it.
fn out_of_order(row: &TransitionDef, item: &ItemFacts) -> CoreError {
    let from: Vec<_> = row.from.iter().map(|s| s.as_str()).collect();
    CoreError::OutOfOrder {
        transition: row.id,
        state: item.state,
        zh: format!("“{}”（{}）只能在{}阶段办理，该事项现处于{}阶段", row.name_zh, row.id, from.join("、"), item.state),
        en: format!("{} ({}) is taken from {}; the item is at {}", row.id, row.name_zh, from.join(", "), item.state),
    }
}

/// Decides a step. `artefact` is the reference the engine computed for the step's content.
pub fn decide_step(
    catalogue: &CatalogueFacts,
    item: &ItemFacts,
    cmd: &StepCommand,
    artefact: ArtefactRef,
    ctx: &Ctx,
) -> Result<Vec<DomainEvent>, CoreError> {
    let row = cmd.row();
    if !row.from.contains(&item.state) {
        return Err(out_of_order(row, item));
    }
    match cmd {
        StepCommand::StudyProposal(p) => {
            if let Some(t) = p.excluded_type {
                return Err(Violation::new(
                    R_01_3,
                    format!("{t}类决策不属于重大行政决策，不适用本程序"),
                    format!("a {t} decision is not a major administrative decision and does not follow this procedure"),
                )
                .into());
            }
            // Proposals of departments and lower governments state four things (R-03-1); the
            // others are studied as they came in.
            if matches!(p.source, ProposalSource::Department | ProposalSource::LowerGovernment) {
                for (field, value, zh) in [
                    ("problem", &p.problem, "拟解决的主要问题"),
                    ("reasonsAndBasis", &p.reasons_and_basis, "建议理由和依据"),
                    ("preliminaryPlan", &p.preliminary_plan, "解决问题的初步方案"),
                    ("necessityAndFeasibility", &p.necessity_and_feasibility, "必要性、可行性"),
                ] {
                    if value.trim().is_empty() {
                        return Err(Violation::new(
                            R_03_1,
                            format!("部门或下级政府提出的事项建议须写明{zh}"),
                            format!("a proposal from a department or lower government must state {field}"),
                        )
                        .into());
                    }
                }
            }
        }
        StepCommand::Initiate { decision, lead, co_sponsors } => {
            if catalogue.status != CatalogueStatus::Published {
                return Err(Violation::new(
                    R_01_6,
                    "事项须列入已公布的年度目录（或经批准的目录调整）后方可启动决策程序",
                    "an item is initiated only once it is in a published catalogue (or an approved adjustment)",
                )
                .into());
            }
            if lead.id != decision.lead_sponsor_id || lead.government != catalogue.government {
                return Err(Violation::new(
                    R_03_2,
                    "启动决定须明确本决策机关所属的牵头承办单位",
                    "the start decision must name a lead sponsoring unit of this decision organ",
                )
                .into());
            }
            let mut seen = vec![lead.id];
            for c in co_sponsors {
                if c.government != catalogue.government || seen.contains(&c.id) {
                    return Err(Violation::new(
                        R_03_2,
                        "其他承办单位须为本决策机关所属单位，且只能有一个牵头单位",
                        "co-sponsors belong to this decision organ, and there is exactly one lead",
                    )
                    .into());
                }
                seen.push(c.id);
            }
            if decision.decided_on > ctx.now.date_naive() {
                return Err(InputError::new(
                    "decidedOn",
                    "启动决定的日期不能晚于今天",
                    "the start decision cannot be dated in the future",
                )
                .into());
            }
        }
        StepCommand::StartDrafting(d) => d.validate()?,
    }
    Ok(vec![DomainEvent::ItemStateChanged {
        item_id: item.id,
        from: item.state,
        to: row.to,
        rule: row.guards.first().map(|g| (*g).to_owned()),
        profile_version: None,
        step: Some(row.id.to_owned()),
        artefact: Some(artefact),
    }])
}
