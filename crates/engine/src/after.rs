//! The steps after the decision is executing (T17–T23): suspension by the head, resumption, the
//! post-decision evaluation with its input and report, adjustment through a child item, the
//! termination with its stages, and completion. One write transaction each, like `take_step`:
//! authorize, gather the record the core needs, let `decide_after` answer, store the artefact and
//! the events together.

use crate::commands::item_facts;
use crate::error::EngineError;
use crate::steps::{ArtefactRow, StepAudit};
use crate::{Engine, ItemRow};
use chrono::NaiveDate;
use juece_core::DomainEvent;
use juece_core::after_decision::{
    AdjustmentStart, AfterCommand, CompletionRecord, EvaluationConclusion, EvaluationInput, EvaluationReport,
    EvaluationStart, ResumeOrder, SuspensionOrder, TerminationRecord, TerminationStage, decide_after,
    pre_decision_units,
};
use juece_core::artefact::ArtefactKind;
use juece_core::authz::{Operation, Principal, Role};
use juece_core::catalogue::ItemTitle;
use juece_core::publication::Publication;
use juece_core::{ItemState, rules};
use juece_store::repo::{artefacts, db_time, departments, events, items, tasks};
use std::collections::HashMap;
use uuid::Uuid;

/// The decision to adjust, as the API receives it; the engine makes the child item.
#[derive(Debug, Clone)]
pub struct AdjustmentRequest {
    pub decided_on: NaiveDate,
    /// The adjustment's own title, e.g. 关于调整《…》的决定.
    pub title: String,
    pub reason: String,
}

/// A step after the decision, as the API receives it.
#[derive(Debug, Clone)]
pub enum AfterInput {
    /// T17: the head suspends execution (R-17-2).
    Suspend(SuspensionOrder),
    /// T18.
    Resume(ResumeOrder),
    /// T19: the organ starts an evaluation, naming the trigger and the evaluator (R-16-1, R-16-2).
    StartEvaluation(EvaluationStart),
    /// Input heard by the evaluation (R-16-3).
    RecordEvaluationInput(EvaluationInput),
    /// The evaluator's report (R-16-5).
    SubmitEvaluationReport(EvaluationReport),
    /// T20-*: the organ decides on the report.
    ConcludeEvaluation(EvaluationConclusion),
    /// T21: a major adjustment through the procedure again, as a child item (R-17-3).
    StartAdjustment(AdjustmentRequest),
    /// A stage of the termination (R-17-4).
    RecordTerminationStep(TerminationRecord),
    /// T22: the termination published.
    Terminate(Publication),
    /// T23.
    Complete(CompletionRecord),
}

impl AfterInput {
    /// The operation that authorizes the step: its table row's for a transition; for a record,
    /// the operation of whoever writes it (the evaluator; for a termination stage the body that
    /// takes that stage in the main line: the justice bureau, the meeting, the party report).
    fn operation(&self) -> Result<Operation, EngineError> {
        let row = |id: &str| {
            juece_core::procedure::transition(id)
                .map(|t| t.op)
                .ok_or_else(|| EngineError::Internal(format!("no table row for {id}")))
        };
        Ok(match self {
            AfterInput::Suspend(_) => row("T17")?,
            AfterInput::Resume(_) => row("T18")?,
            AfterInput::StartEvaluation(_) => row("T19")?,
            AfterInput::ConcludeEvaluation(_) => row("T20")?,
            AfterInput::StartAdjustment(_) => row("T21")?,
            AfterInput::Terminate(_) => row("T22")?,
            AfterInput::Complete(_) => row("T23")?,
            AfterInput::RecordEvaluationInput(_) | AfterInput::SubmitEvaluationReport(_) => {
                Operation::SubmitEvaluationReport
            }
            AfterInput::RecordTerminationStep(r) => match r.stage {
                TerminationStage::LegalityReview => Operation::IssueLegalityOpinion,
                TerminationStage::Meeting => Operation::RecordDiscussion,
                TerminationStage::PartyReport => Operation::ReportToPartyCommittee,
            },
        })
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, EngineError> {
    serde_json::to_value(v).map_err(|e| EngineError::Internal(e.to_string()))
}

fn read<T: serde::de::DeserializeOwned>(a: &ArtefactRow) -> Result<T, EngineError> {
    serde_json::from_value(a.content.clone())
        .map_err(|e| EngineError::Internal(format!("stored {} {} unreadable: {e}", a.kind, a.id)))
}

/// The records that came after the latest of kind `after` (all of them if there is none).
fn since(trail: &[ArtefactRow], after: ArtefactKind) -> &[ArtefactRow] {
    match trail.iter().rposition(|a| a.kind == after.as_str()) {
        Some(i) => &trail[i + 1..],
        None => trail,
    }
}

fn of_kind<T: serde::de::DeserializeOwned>(list: &[ArtefactRow], kind: ArtefactKind) -> Result<Vec<T>, EngineError> {
    list.iter().filter(|a| a.kind == kind.as_str()).map(read).collect()
}

/// The rules a record checks, for its audit event (records have no table row).
fn record_rules(cmd: &AfterCommand) -> Vec<String> {
    let ids: &[&str] = match cmd {
        AfterCommand::RecordEvaluationInput(_) => &[rules::R_16_3.id],
        AfterCommand::SubmitEvaluationReport { .. } => &[rules::R_16_2.id, rules::R_16_5.id],
        AfterCommand::RecordTerminationStep(_) => &[rules::R_17_4.id],
        _ => &[],
    };
    ids.iter().map(|s| (*s).to_owned()).collect()
}

/// Whether a child item is still an adjustment under way: before its decision, and neither
/// withdrawn nor rejected. The states before the decision are those a catalogue withdrawal
/// leaves (§2.3).
fn still_open(state: &str) -> bool {
    let Some(state) = ItemState::parse(state) else { return false };
    juece_core::procedure::transition("WITHDRAW").is_some_and(|t| t.from.contains(&state))
}

impl Engine {
    /// Takes a step after the decision at the version the clerk saw. For an adjustment it returns
    /// the parent; [`Self::start_adjustment`] returns the child as well.
    pub async fn after_step(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        input: AfterInput,
    ) -> Result<ItemRow, EngineError> {
        Ok(self.run_after(principal, item_id, expected_version, input).await?.0)
    }

    /// T21: starts a major adjustment (R-17-3): the child item, at DRAFTING in the parent's
    /// catalogue, goes through the procedure again. Returns the parent and the child.
    pub async fn start_adjustment(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        request: AdjustmentRequest,
    ) -> Result<(ItemRow, ItemRow), EngineError> {
        let (parent, child) =
            self.run_after(principal, item_id, expected_version, AfterInput::StartAdjustment(request)).await?;
        let child = match child {
            Some(id) => items::by_id(self.store.db(), id).await?,
            None => None,
        }
        .ok_or_else(|| EngineError::Internal("the adjustment's child item was not stored".into()))?;
        Ok((parent, child))
    }

    /// The adjustments of an item (its child items), in catalogue order.
    pub async fn adjustments_of(&self, viewer: &Principal, item: &ItemRow) -> Result<Vec<ItemRow>, EngineError> {
        let rows = items::by_catalogue(self.store.db(), item.catalogue_id).await?;
        let mut out = Vec::new();
        for r in rows.into_iter().filter(|r| r.parent_item_id == Some(item.id)) {
            // The same visibility as the item query.
            if let Some(visible) = self.item(viewer, r.id).await? {
                out.push(visible);
            }
        }
        Ok(out)
    }

    async fn run_after(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        input: AfterInput,
    ) -> Result<(ItemRow, Option<Uuid>), EngineError> {
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) =
            self.load_for_step(&tx, principal, input.operation()?, item_id, expected_version).await?;
        let by_head = actor.role.as_deref() == Some(Role::Head.as_str());
        let ctx = juece_core::Ctx { now: db_time(self.clock.now()), actor: actor.clone() };
        let params = self.pinned_version(&item, &gov)?.params;
        // The rows besides the item that the events move, at the versions loaded here.
        let mut others: Vec<(Uuid, i32)> = Vec::new();
        let mut child = None;
        let (cmd, content) = match input {
            AfterInput::Suspend(order) => {
                let c = to_json(&order)?;
                (AfterCommand::Suspend { order, by_head }, c)
            }
            AfterInput::Resume(r) => {
                let c = to_json(&r)?;
                (AfterCommand::Resume(r), c)
            }
            AfterInput::StartEvaluation(start) => {
                let c = to_json(&start)?;
                let mut units = Vec::new();
                for a in artefacts::by_item(&tx, item.id).await? {
                    if a.kind == ArtefactKind::RiskReport.as_str() {
                        units.extend(pre_decision_units(Some(&read(&a)?), None));
                    } else if a.kind == ArtefactKind::ExpertReview.as_str() {
                        units.extend(pre_decision_units(None, Some(&read(&a)?)));
                    }
                }
                (AfterCommand::StartEvaluation { start, pre_decision_units: units }, c)
            }
            AfterInput::RecordEvaluationInput(i) => {
                let c = to_json(&i)?;
                (AfterCommand::RecordEvaluationInput(i), c)
            }
            AfterInput::SubmitEvaluationReport(report) => {
                let c = to_json(&report)?;
                let start = self
                    .latest_artefact::<EvaluationStart>(&tx, item.id, ArtefactKind::EvaluationStart)
                    .await?
                    .map(|(_, s)| s);
                (AfterCommand::SubmitEvaluationReport { report, start }, c)
            }
            AfterInput::ConcludeEvaluation(conclusion) => {
                let c = to_json(&conclusion)?;
                let trail = self.after_records(&tx, item.id).await?;
                let current = since(&trail, ArtefactKind::EvaluationStart);
                let report = of_kind::<EvaluationReport>(current, ArtefactKind::EvaluationReport)?.pop();
                let inputs = of_kind(current, ArtefactKind::EvaluationInput)?;
                (AfterCommand::ConcludeEvaluation { conclusion, report, inputs, by_head }, c)
            }
            AfterInput::StartAdjustment(request) => {
                let child_item_id = Uuid::now_v7();
                let start = AdjustmentStart {
                    decided_on: request.decided_on,
                    title: ItemTitle::parse(&request.title)?,
                    reason: request.reason,
                    child_item_id,
                };
                let c = to_json(&start)?;
                let open_child = items::by_catalogue(&tx, item.catalogue_id)
                    .await?
                    .into_iter()
                    .find(|r| r.parent_item_id == Some(item.id) && still_open(&r.state))
                    .map(|r| r.id);
                let sponsor_name = departments::by_id(&tx, item.sponsor_id)
                    .await?
                    .map(|d| d.name)
                    .ok_or_else(|| EngineError::Internal(format!("item {} without its sponsor", item.id)))?;
                // The child is a new procedure: it follows the rules in force when it starts.
                let today = juece_core::participation::shanghai_today(&ctx);
                let code = crate::commands::gov_code(&gov)?;
                let profile_version = juece_core::profile::in_force(juece_core::profile::profile_of(&code), today)
                    .unwrap_or(&juece_core::profile::VERSIONS[0])
                    .version
                    .to_owned();
                others.push((cat.id, cat.version));
                child = Some(child_item_id);
                let cmd = AfterCommand::StartAdjustment {
                    start,
                    catalogue_id: cat.id,
                    seq: cat.item_count + 1,
                    sponsor_name,
                    open_child,
                    profile_version,
                };
                (cmd, c)
            }
            AfterInput::RecordTerminationStep(r) => {
                let c = to_json(&r)?;
                (AfterCommand::RecordTerminationStep(r), c)
            }
            AfterInput::Terminate(publication) => {
                let c = to_json(&publication)?;
                let trail = self.after_records(&tx, item.id).await?;
                let recorded =
                    of_kind(since(&trail, ArtefactKind::EvaluationConclusion), ArtefactKind::TerminationRecord)?;
                (AfterCommand::Terminate { publication, recorded, required: params.termination_requires.to_vec() }, c)
            }
            AfterInput::Complete(record) => {
                let c = to_json(&record)?;
                let open_tasks = tasks::by_item(&tx, item.id)
                    .await?
                    .into_iter()
                    .filter(|t| t.status != "DONE")
                    .map(|t| t.description)
                    .collect();
                (AfterCommand::Complete { record, open_tasks }, c)
            }
        };
        let kind = cmd
            .artefact_kind()
            .ok_or_else(|| EngineError::Internal("a step after the decision without its record".into()))?;
        let reference = self.next_ref(&tx, item.id, kind, &content).await?;
        let events = decide_after(&item_facts(&item)?, &cmd, Some(reference.clone()), &ctx)?;
        let rules = match cmd.row() {
            Some(row) => row.guards.iter().map(|g| (*g).to_owned()).collect(),
            None => record_rules(&cmd),
        };
        let audit = StepAudit { rules, overrides: Vec::new() };
        let moved = self
            .commit_step_with(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit, &others)
            .await?;
        Ok((moved, child))
    }

    /// The item's records in the order its audit trail names them. Artefact rows carry the
    /// clock's time, which several steps can share; the trail's positions cannot.
    async fn after_records(
        &self,
        tx: &juece_store::DatabaseTransaction,
        item_id: Uuid,
    ) -> Result<Vec<ArtefactRow>, EngineError> {
        let mut rows: HashMap<Uuid, ArtefactRow> =
            artefacts::by_item(tx, item_id).await?.into_iter().map(|a| (a.id, a)).collect();
        let mut out = Vec::new();
        for e in events::by_stream(tx, item_id).await? {
            let event: DomainEvent = serde_json::from_value(e.payload)
                .map_err(|err| EngineError::Internal(format!("stored event {} unreadable: {err}", e.id)))?;
            let reference = match event {
                DomainEvent::ItemStateChanged { artefact: Some(a), .. }
                | DomainEvent::AfterDecisionRecorded { artefact: a, .. }
                | DomainEvent::AdjustmentStarted { artefact: a, .. } => a,
                _ => continue,
            };
            if let Some(row) = rows.remove(&reference.id) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// T21-SUPERSEDE: the events that move the parent of a child item being decided to
    /// SUPERSEDED (R-17-3), and the parent's row version for the batch. Part of the child's T13:
    /// the head's signature is what supersedes, so it needs no authorization of its own.
    pub(crate) async fn supersede_parent(
        &self,
        tx: &juece_store::DatabaseTransaction,
        parent_id: Uuid,
        child_id: Uuid,
        ctx: &juece_core::Ctx,
    ) -> Result<(Vec<DomainEvent>, (Uuid, i32)), EngineError> {
        let parent = items::by_id(tx, parent_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {child_id} names a parent {parent_id} not stored")))?;
        let events =
            decide_after(&item_facts(&parent)?, &AfterCommand::Supersede { child_item_id: child_id }, None, ctx)?;
        Ok((events, (parent.id, parent.version)))
    }
}
