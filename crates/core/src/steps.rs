//! The item's procedural steps after the catalogue (T1, T3–T16): each takes the item from a state
//! its table row allows to the row's target, after the row's guards. The engine loads the facts,
//! asks here, and persists the events and the step's artefact together.

use crate::Ctx;
use crate::artefact::{ArtefactKind, ArtefactRef, Draft, Proposal, ProposalSource, StartDecision};
use crate::catalogue::{CatalogueFacts, CatalogueStatus, ItemFacts, SponsorFacts};
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::legality::{LegalityOpinion, Resubmission, ReturnNotice};
use crate::meeting::{AgendaRequest, Minutes, SignedDecision};
use crate::procedure::{TransitionDef, transition};
use crate::publication::{ExecutionAssignment, PartyReport, Publication, PublicationExemption, Withdrawal};
use crate::record::ItemRecord;
use crate::region::{ConsultationPlan, Region, RegionState};
use crate::rules::{R_01_3, R_01_6, R_02_6, R_03_1, R_03_2, R_04_1, R_05_1, R_06_1, Violation};

/// A step and its artefact's content.
#[derive(Debug, Clone)]
pub enum StepCommand {
    /// T1: intake of a proposal for study.
    StudyProposal(Proposal),
    /// T3: the decision to start the procedure.
    Initiate { decision: StartDecision, lead: SponsorFacts, co_sponsors: Vec<SponsorFacts> },
    /// T4: the first draft.
    StartDrafting(Draft),
    /// T5: into consultation with the plan of regions; `draft` is the latest draft, `existing` the
    /// regions as they stand when the item comes back to drafting after a return.
    OpenConsultation { plan: ConsultationPlan, draft: Option<Draft>, existing: Vec<(Region, RegionState)> },
    /// T6: to legality review, with the facts the engine gathered.
    SubmitForLegality { submission: crate::legality::LegalitySubmission, facts: crate::legality::SubmissionFacts },
    /// T7: the reviewer returns the package for supplement.
    ReturnForSupplement { notice: ReturnNotice, record: Box<ItemRecord> },
    /// T8: the sponsor resubmits with every listed item supplied.
    Resubmit { resubmission: Resubmission, record: Box<ItemRecord> },
    /// T9: the legality opinion.
    IssueOpinion { opinion: LegalityOpinion, record: Box<ItemRecord> },
    /// T10: a draft found unlawful goes back to drafting with its revision.
    ReviseAfterOpinion { draft: Draft, substantive: bool, record: Box<ItemRecord> },
    /// T11: on the meeting's agenda.
    ScheduleMeeting { request: AgendaRequest, record: Box<ItemRecord> },
    /// T12: the minutes of the discussion.
    RecordDiscussion { minutes: Minutes, record: Box<ItemRecord> },
    /// T13: the head signs.
    SignDecision { decision: SignedDecision, record: Box<ItemRecord> },
    /// T14: reported to the party committee, with its answer.
    ReportToParty(PartyReport),
    /// T15: published.
    Publish { publication: Publication, record: Box<ItemRecord> },
    /// T15-EXEMPT: not published, on a ground of law.
    Exempt { exemption: PublicationExemption, record: Box<ItemRecord> },
    /// T16: handed to the execution units found for the assignment.
    StartExecution { assignment: ExecutionAssignment, units: Vec<SponsorFacts> },
    /// WITHDRAW: out of the catalogue by an approved adjustment, before the decision.
    Withdraw { withdrawal: Withdrawal, params: crate::profile::ProfileParams },
}

impl StepCommand {
    pub fn transition_id(&self) -> &'static str {
        match self {
            StepCommand::StudyProposal(_) => "T1",
            StepCommand::Initiate { .. } => "T3",
            StepCommand::StartDrafting(_) => "T4",
            StepCommand::OpenConsultation { .. } => "T5",
            StepCommand::SubmitForLegality { .. } => "T6",
            StepCommand::ReturnForSupplement { .. } => "T7",
            StepCommand::Resubmit { .. } => "T8",
            StepCommand::IssueOpinion { .. } => "T9",
            StepCommand::ReviseAfterOpinion { .. } => "T10",
            StepCommand::ScheduleMeeting { .. } => "T11",
            StepCommand::RecordDiscussion { .. } => "T12",
            StepCommand::SignDecision { .. } => "T13",
            StepCommand::ReportToParty(_) => "T14",
            StepCommand::Publish { .. } => "T15",
            StepCommand::Exempt { .. } => "T15-EXEMPT",
            StepCommand::StartExecution { .. } => "T16",
            StepCommand::Withdraw { .. } => "WITHDRAW",
        }
    }

    pub fn artefact_kind(&self) -> ArtefactKind {
        match self {
            StepCommand::StudyProposal(_) => ArtefactKind::Proposal,
            StepCommand::Initiate { .. } => ArtefactKind::StartDecision,
            StepCommand::StartDrafting(_) => ArtefactKind::Draft,
            StepCommand::OpenConsultation { .. } => ArtefactKind::ConsultationPlan,
            StepCommand::SubmitForLegality { .. } | StepCommand::Resubmit { .. } => ArtefactKind::LegalityPackage,
            StepCommand::ReturnForSupplement { .. } => ArtefactKind::ReturnNotice,
            StepCommand::IssueOpinion { .. } => ArtefactKind::LegalityOpinion,
            StepCommand::ReviseAfterOpinion { .. } => ArtefactKind::Draft,
            StepCommand::ScheduleMeeting { .. } => ArtefactKind::AgendaEntry,
            StepCommand::RecordDiscussion { .. } => ArtefactKind::Minutes,
            StepCommand::SignDecision { .. } => ArtefactKind::SignedDecision,
            StepCommand::ReportToParty(_) => ArtefactKind::PartyReport,
            StepCommand::Publish { .. } => ArtefactKind::Publication,
            StepCommand::Exempt { .. } => ArtefactKind::PublicationExemption,
            StepCommand::StartExecution { .. } => ArtefactKind::ExecutionAssignment,
            StepCommand::Withdraw { .. } => ArtefactKind::CatalogueAdjustment,
        }
    }

    /// The exceptions the step relies on, for its audit event (R-14-1): a shortened review period
    /// and its reason, the skip records of a consultation plan, an exemption from publication.
    pub fn overrides(&self) -> Vec<crate::audit::Override> {
        use crate::audit::Override;
        let shortened = |reason: &Option<String>| {
            reason
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| Override { rule: crate::rules::R_10_4.id.to_owned(), reason: r.to_owned() })
        };
        match self {
            StepCommand::OpenConsultation { plan, .. } => plan
                .regions
                .iter()
                .filter_map(|d| {
                    d.skip.as_ref().map(|s| Override {
                        rule: d.region.rule().id.to_owned(),
                        reason: format!("{}：{}（{}）", d.region.as_str(), s.determination, s.basis),
                    })
                })
                .collect(),
            StepCommand::SubmitForLegality { submission, .. } => {
                shortened(&submission.shortening_reason).into_iter().collect()
            }
            StepCommand::Resubmit { resubmission, .. } => {
                shortened(&resubmission.shortening_reason).into_iter().collect()
            }
            StepCommand::Exempt { exemption, .. } => vec![Override {
                rule: crate::rules::R_13_5.id.to_owned(),
                reason: format!("{}：{}", exemption.ground, exemption.reason),
            }],
            _ => Vec::new(),
        }
    }

    pub fn row(&self) -> &'static TransitionDef {
        // Every command names a row of MAIN_LINE (a test checks); a missing row would be a bug
        // caught before release, never a state a user can reach.
        transition(self.transition_id()).unwrap_or(&crate::procedure::MAIN_LINE[0])
    }
}

/// Refuses a step its row does not take from the item's state (§2.3's order). The engine asks this
/// before it gathers a step's content, so that a step out of order is named as such first.
pub fn check_order(row: &TransitionDef, item: &ItemFacts) -> Result<(), CoreError> {
    if row.from.contains(&item.state) { Ok(()) } else { Err(out_of_order(row, item)) }
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
    check_order(row, item)?;
    let today = crate::participation::shanghai_today(ctx);
    let mut follow: Vec<DomainEvent> = Vec::new();
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
            // The start decision confirms the catalogue's sponsor; naming another changes the
            // published catalogue, which only an adjustment does (R-02-6).
            if lead.id != item.sponsor_id {
                return Err(Violation::new(
                    R_02_6,
                    "牵头承办单位须为目录所列的主要承办单位；变更承办单位须经目录调整程序",
                    "the lead sponsor is the one the catalogue names; changing it needs a catalogue adjustment",
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
        StepCommand::OpenConsultation { plan, draft, existing } => {
            open_consultation(plan, draft.as_ref(), ctx)?;
            follow = reopened_regions(item, plan, existing);
        }
        StepCommand::SubmitForLegality { submission, facts } => {
            crate::legality::check_submission(submission, facts, today)?
        }
        StepCommand::ReturnForSupplement { notice, record } => {
            crate::legality::check_return(notice, record.package.as_ref().map(|(_, p)| p), today)?
        }
        StepCommand::Resubmit { resubmission, record } => {
            let first = record.first_submitted_on.unwrap_or(resubmission.resubmitted_on);
            crate::legality::check_resubmission(
                resubmission,
                record.return_notice.as_ref().map(|(_, n)| n),
                first,
                &record.params,
                today,
            )?;
        }
        StepCommand::IssueOpinion { opinion, record } => crate::legality::check_opinion(
            opinion,
            ctx.actor.role.as_deref(),
            record.package.as_ref().map(|(_, p)| p),
            today,
        )?,
        StepCommand::ReviseAfterOpinion { draft, substantive, record } => {
            if let Some(e) = crate::record::blocked_by(row, record) {
                return Err(e);
            }
            draft.validate()?;
            if *substantive {
                follow = stale_regions(item, &record.regions);
            }
        }
        StepCommand::ScheduleMeeting { request, record } => {
            crate::meeting::schedule(request.clone(), record)?;
        }
        StepCommand::RecordDiscussion { minutes, record } => {
            crate::meeting::check_minutes(minutes, record.agenda.as_ref().map(|(_, a)| a), today)?;
            if let Some((id, rule)) = crate::meeting::follow_up(minutes, &record.params) {
                let next = transition(id).ok_or_else(|| {
                    InputError::new("outcome", "会议结论没有对应的后续步骤", "the outcome has no step to follow")
                })?;
                follow.push(DomainEvent::ItemStateChanged {
                    item_id: item.id,
                    from: row.to,
                    to: next.to,
                    rule: rule.map(str::to_owned),
                    profile_version: None,
                    step: Some(next.id.to_owned()),
                    artefact: Some(artefact.clone()),
                });
            }
        }
        StepCommand::SignDecision { decision, record } => crate::meeting::check_signature(
            decision,
            record.minutes.as_ref().map(|(_, m)| m),
            ctx.actor.role.as_deref(),
            today,
        )?,
        StepCommand::ReportToParty(report) => crate::publication::check_party_report(report, today)?,
        StepCommand::Publish { publication, record } => {
            crate::publication::publish(publication.clone(), record, &record.params, today)?;
        }
        StepCommand::Exempt { exemption, record } => crate::publication::check_exemption(exemption, record, today)?,
        StepCommand::StartExecution { assignment, units } => {
            crate::publication::check_assignment(assignment, units, &catalogue.government, today)?
        }
        StepCommand::Withdraw { withdrawal, params } => {
            crate::publication::check_withdrawal(withdrawal, params, today)?
        }
    }
    let mut events = vec![DomainEvent::ItemStateChanged {
        item_id: item.id,
        from: item.state,
        to: row.to,
        rule: row.guards.first().map(|g| (*g).to_owned()),
        profile_version: None,
        step: Some(row.id.to_owned()),
        artefact: Some(artefact),
    }];
    events.extend(follow);
    Ok(events)
}

/// Regions done before a substantive revision no longer describe the draft (§2.4).
fn stale_regions(item: &ItemFacts, regions: &[(Region, RegionState)]) -> Vec<DomainEvent> {
    regions
        .iter()
        .filter(|(_, s)| *s == RegionState::Done)
        .map(|(r, _)| DomainEvent::RegionStateChanged {
            item_id: item.id,
            region: *r,
            from: RegionState::Done,
            to: RegionState::Stale,
            step: "T10".to_owned(),
            artefact: None,
        })
        .collect()
}

/// On coming back into consultation after a return, the regions keep what they did; a region now
/// determined to apply opens, one now skipped takes its skip record.
fn reopened_regions(item: &ItemFacts, plan: &ConsultationPlan, existing: &[(Region, RegionState)]) -> Vec<DomainEvent> {
    let mut out = Vec::new();
    for d in &plan.regions {
        let Some((_, state)) = existing.iter().find(|(r, _)| *r == d.region) else { continue };
        let to = match (d.applies, *state) {
            (true, RegionState::NotApplicable) => RegionState::Pending,
            (false, s) if s != RegionState::NotApplicable => RegionState::NotApplicable,
            _ => continue,
        };
        out.push(DomainEvent::RegionStateChanged {
            item_id: item.id,
            region: d.region,
            from: *state,
            to,
            step: "T5".to_owned(),
            artefact: None,
        });
    }
    out
}

/// T5's guards: a draft whose legal basis is being inventoried (R-04-1), every region determined,
/// and a complete skip record for each that does not apply (§2.5) — never for participation unless
/// the item may not be disclosed (R-05-1), never for a hearing the law requires (R-06-1).
fn open_consultation(plan: &ConsultationPlan, draft: Option<&Draft>, ctx: &Ctx) -> Result<(), CoreError> {
    let draft = draft.ok_or_else(|| {
        Violation::new(R_04_1, "尚无决策草案，不能进入征求意见等环节", "there is no draft to consult on yet")
    })?;
    if draft.legal_basis.is_empty() {
        return Err(Violation::new(
            R_04_1,
            "决策草案尚未梳理法律、法规、规章和政策依据",
            "the draft's legal basis (laws, regulations, rules and policies) has not been inventoried yet",
        )
        .into());
    }
    plan.check_complete()?;
    let skipped = |r: Region| plan.regions.iter().any(|d| d.region == r && !d.applies);
    let undisclosable = plan.undisclosable_ground.as_deref().is_some_and(|g| !g.trim().is_empty());
    if skipped(Region::Participation) && !undisclosable {
        return Err(Violation::new(
            R_05_1,
            "除依法不予公开的决策事项外，应当听取社会公众意见，公众参与环节不能略过",
            "participation cannot be skipped unless the item may not be disclosed by law",
        )
        .into());
    }
    if skipped(Region::Hearing)
        && let Some(law) = plan.hearing_required_by.as_deref().filter(|l| !l.trim().is_empty())
    {
        return Err(Violation::new(
            R_06_1,
            format!("{law}规定应当听证，听证环节不能略过"),
            format!("{law} requires a hearing; it cannot be skipped"),
        )
        .into());
    }
    if let Some(region) = plan.incomplete_skip() {
        let rule = region.rule();
        return Err(Violation::new(
            rule,
            format!("略过“{}”须有完整的不适用记录：判定理由、依据、判定人、批准人", region.label_zh()),
            format!(
                "skipping {region} needs a complete skip record: determination, basis, who determined, who approved"
            ),
        )
        .into());
    }
    for d in &plan.regions {
        if d.skip.as_ref().is_some_and(|s| s.date > ctx.now.date_naive()) {
            return Err(InputError::new(
                "regions",
                "不适用记录的日期不能晚于今天",
                "a skip record cannot be dated in the future",
            )
            .into());
        }
    }
    Ok(())
}
