//! Durable timers: scheduled from a step's own events, in the step's transaction, and fired once
//! when due by [`Engine::fire_due_timers`].
//!
//! Scheduling writes no event: the step's event that starts a clock is its audit record, and a
//! timer row is derived from it (its key names the deadline, so scheduling twice is one row).
//! Firing is one transaction per timer: the row leaves PENDING and, if what it waits for is still
//! not done, its event joins the audit trail, both or neither. Which process fires it is
//! recorded on the row.

use crate::error::EngineError;
use crate::persist::Batch;
use crate::{CommittedEvent, Engine};
use chrono::{DateTime, NaiveDate, Utc};
use juece_core::artefact::ArtefactKind;
use juece_core::deadlines::{self, TimerKind, TimerSpec, TimerState};
use juece_core::execution::{Deadline, DeadlineKind};
use juece_core::participation::CommentNotice;
use juece_core::region::Region;
use juece_core::{Actor, DomainEvent, ItemState};
use juece_store::entity::comment_notice;
use juece_store::repo::timers::{self as repo, Subject};
use juece_store::repo::{artefacts, catalogues, comments, db_time, departments, governments, items, tasks};
use juece_store::{DatabaseTransaction, StoreError};
use uuid::Uuid;

pub use juece_store::repo::timers::TimerRow;

/// What one run of [`Engine::fire_due_timers`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiredReport {
    /// Timers that fell due with what they wait for not done: each put its event in the trail.
    pub fired: usize,
    /// Timers whose subject was done already: closed without an event.
    pub met: usize,
    /// Timers whose subject is gone or no longer owes anything.
    pub cancelled: usize,
    /// Timers that failed (and stay pending for the next run), or a failed attempt to claim one.
    pub errors: usize,
}

impl FiredReport {
    fn handled(&self) -> usize {
        self.fired + self.met + self.cancelled + self.errors
    }
}

/// A timer's key: its kind, its subject and what distinguishes this deadline of the subject from
/// an earlier one (a notice's or a package's version, a month, a task deadline's place).
fn key(kind: TimerKind, subject: Uuid, part: impl std::fmt::Display) -> String {
    format!("{}:{subject}:{part}", kind.as_str())
}

/// The notice version a comment period's key names.
fn notice_version_of(key: &str) -> Option<i32> {
    key.rsplit(':').next()?.parse().ok()
}

fn internal(e: impl std::fmt::Display) -> EngineError {
    EngineError::Internal(e.to_string())
}

/// A timer to schedule, before it is a row.
struct NewTimer {
    kind: TimerKind,
    due_on: NaiveDate,
    key: String,
    government_id: Uuid,
    item_id: Option<Uuid>,
    catalogue_id: Option<Uuid>,
    task_id: Option<Uuid>,
    unit: Option<String>,
}

async fn schedule(tx: &DatabaseTransaction, now: DateTime<Utc>, t: NewTimer) -> Result<(), EngineError> {
    let spec = TimerSpec::new(t.kind, t.due_on);
    repo::schedule(
        tx,
        TimerRow {
            id: Uuid::now_v7(),
            timer_key: t.key,
            kind: t.kind.as_str().to_owned(),
            government_id: t.government_id,
            item_id: t.item_id,
            catalogue_id: t.catalogue_id,
            task_id: t.task_id,
            notice_id: None,
            unit: t.unit,
            due_on: spec.due_on,
            fires_at: spec.fires_at,
            state: TimerState::Pending.as_str().to_owned(),
            fired_at: None,
            fired_by: None,
            closed_at: None,
            created_at: now,
        },
    )
    .await?;
    Ok(())
}

/// The artefact of `kind` at `version` of an item, read as `T`.
async fn artefact_at<T: serde::de::DeserializeOwned>(
    tx: &DatabaseTransaction,
    item_id: Uuid,
    kind: ArtefactKind,
    version: i32,
) -> Result<Option<T>, EngineError> {
    // The latest is the one asked for, except for a timer of a notice since superseded.
    let row = match artefacts::latest(tx, item_id, kind.as_str()).await? {
        Some(a) if a.version != version => {
            artefacts::by_item(tx, item_id).await?.into_iter().find(|x| x.kind == kind.as_str() && x.version == version)
        }
        a => a,
    };
    row.map(|a| {
        serde_json::from_value(a.content).map_err(|e| internal(format!("stored {kind} {} unreadable: {e}", a.id)))
    })
    .transpose()
}

/// Schedules and closes the timers an event starts and stops, in the transaction that applies it.
/// Called by `Batch::apply` after the event's own row is written, so the rows and artefacts of the
/// step are already there to read. Events that touch no clock cost nothing.
pub(crate) async fn on_event(tx: &DatabaseTransaction, batch: &Batch, ev: &DomainEvent) -> Result<(), EngineError> {
    let now = batch.now;
    match ev {
        // A register of decisions recorded from the gazette is not a catalogue R-02-4 asks for.
        DomainEvent::CatalogueCreated { catalogue_id, government_code, year, register, .. } if !*register => {
            let profile = juece_core::profile::profile_of(government_code);
            if let Some(due_on) = deadlines::catalogue_deadline(profile, *year) {
                let kind = TimerKind::CataloguePublicationDue;
                let t = NewTimer {
                    kind,
                    due_on,
                    key: key(kind, *catalogue_id, year),
                    government_id: batch.government_id,
                    item_id: None,
                    catalogue_id: Some(*catalogue_id),
                    task_id: None,
                    unit: None,
                };
                schedule(tx, now, t).await?;
            }
        }
        DomainEvent::CataloguePublicationRecorded { catalogue_id, .. } => {
            let kinds = [TimerKind::CataloguePublicationDue];
            repo::close_pending(tx, Subject::Catalogue(*catalogue_id), &kinds, None, TimerState::Met, now).await?;
        }
        DomainEvent::RegionStateChanged { item_id, region: Region::Participation, step, artefact: Some(a), .. }
            if step == "P-NOTICE" =>
        {
            schedule_comment_period(tx, now, *item_id, a.version).await?;
        }
        DomainEvent::ItemCreated { item_id, state, .. }
            if !ItemState::INTERNAL.contains(state) && !TimerKind::PlannedCompletion.met_by_item_state(*state) =>
        {
            // An item made inside the procedure (an adjustment) owes its planned completion from
            // the start; one recorded as already decided owes nothing.
            schedule_planned_completion(tx, now, *item_id, false).await?;
        }
        DomainEvent::ItemStateChanged { item_id, to, .. } => {
            let met: Vec<TimerKind> =
                TimerKind::ITEM_STATE.iter().copied().filter(|k| k.met_by_item_state(*to)).collect();
            if !met.is_empty() {
                repo::close_pending(tx, Subject::Item(*item_id), &met, None, TimerState::Met, now).await?;
            }
            match to {
                ItemState::InCatalogue => schedule_planned_completion(tx, now, *item_id, false).await?,
                ItemState::LegalitySubmitted => schedule_legality_opinion(tx, now, *item_id).await?,
                ItemState::Decided => schedule_publication(tx, now, *item_id).await?,
                _ => {}
            }
        }
        DomainEvent::ItemAmended { item_id, changes } if changes.planned_completion.is_some() => {
            schedule_planned_completion(tx, now, *item_id, true).await?;
        }
        DomainEvent::TaskAssigned { task_id, item_id, task, .. } => {
            let unit = task.accountable_units().first().cloned();
            for (i, d) in task.deadlines.iter().enumerate() {
                let kind = match d.kind {
                    DeadlineKind::Staged => TimerKind::TaskStageDue,
                    DeadlineKind::Final => TimerKind::TaskDue,
                };
                let t = NewTimer {
                    kind,
                    due_on: d.due_on,
                    key: key(kind, *task_id, format!("{i}:{}", d.due_on)),
                    government_id: batch.government_id,
                    item_id: Some(*item_id),
                    catalogue_id: None,
                    task_id: Some(*task_id),
                    unit: unit.clone(),
                };
                schedule(tx, now, t).await?;
            }
        }
        DomainEvent::TaskProgressReported { task_id, report, .. } if report.done => {
            repo::close_pending(tx, Subject::Task(*task_id), TimerKind::TASK, None, TimerState::Met, now).await?;
        }
        _ => {}
    }
    Ok(())
}

/// The item and the name of its sponsor, whom the item's deadlines are filed under.
async fn item_and_unit(
    tx: &DatabaseTransaction,
    item_id: Uuid,
) -> Result<(crate::ItemRow, Option<String>), EngineError> {
    let item = items::by_id(tx, item_id).await?.ok_or_else(|| internal(format!("item {item_id} vanished")))?;
    let unit = departments::by_id(tx, item.sponsor_id).await?.map(|d| d.name);
    Ok((item, unit))
}

/// COMMENT_PERIOD_END at 24:00 Asia/Shanghai of the notice's last day (R-05-5). A newer notice of
/// the item supersedes the older one's timer.
async fn schedule_comment_period(
    tx: &DatabaseTransaction,
    now: DateTime<Utc>,
    item_id: Uuid,
    version: i32,
) -> Result<(), EngineError> {
    let Some(notice) = artefact_at::<CommentNotice>(tx, item_id, ArtefactKind::CommentNotice, version).await? else {
        return Err(internal(format!("comment notice {version} of item {item_id} not stored with its step")));
    };
    let (item, unit) = item_and_unit(tx, item_id).await?;
    let kind = TimerKind::CommentPeriodEnd;
    let k = key(kind, item_id, version);
    repo::close_pending(tx, Subject::Item(item_id), &[kind], Some(&k), TimerState::Cancelled, now).await?;
    let t = NewTimer {
        kind,
        due_on: notice.closes_on,
        key: k,
        government_id: item.government_id,
        item_id: Some(item_id),
        catalogue_id: None,
        task_id: None,
        unit,
    };
    schedule(tx, now, t).await
}

/// LEGALITY_OPINION_DUE on the day the package asked the opinion for (R-10-4); a resubmission's
/// package replaces the earlier request.
async fn schedule_legality_opinion(
    tx: &DatabaseTransaction,
    now: DateTime<Utc>,
    item_id: Uuid,
) -> Result<(), EngineError> {
    let Some(a) = artefacts::latest(tx, item_id, ArtefactKind::LegalityPackage.as_str()).await? else {
        return Err(internal(format!("item {item_id} submitted for legality review without a package")));
    };
    let package: juece_core::legality::LegalityPackage =
        serde_json::from_value(a.content).map_err(|e| internal(format!("stored package {} unreadable: {e}", a.id)))?;
    let (item, unit) = item_and_unit(tx, item_id).await?;
    let kind = TimerKind::LegalityOpinionDue;
    let k = key(kind, item_id, a.version);
    repo::close_pending(tx, Subject::Item(item_id), &[kind], Some(&k), TimerState::Cancelled, now).await?;
    let t = NewTimer {
        kind,
        due_on: package.submission.requested_opinion_by,
        key: k,
        government_id: item.government_id,
        item_id: Some(item_id),
        catalogue_id: None,
        task_id: None,
        unit,
    };
    schedule(tx, now, t).await
}

/// PUBLICATION_DUE: the pinned profile's working days after the head signed (R-13-2). Past the
/// loaded calendar the date is the calendar's conservative estimate.
async fn schedule_publication(tx: &DatabaseTransaction, now: DateTime<Utc>, item_id: Uuid) -> Result<(), EngineError> {
    let Some(a) = artefacts::latest(tx, item_id, ArtefactKind::SignedDecision.as_str()).await? else {
        return Err(internal(format!("item {item_id} decided without a signed decision")));
    };
    let signed: juece_core::meeting::SignedDecision =
        serde_json::from_value(a.content).map_err(|e| internal(format!("stored decision {} unreadable: {e}", a.id)))?;
    let (item, unit) = item_and_unit(tx, item_id).await?;
    let params = match item.profile_version.as_deref().and_then(juece_core::profile::version) {
        Some(v) => v.params,
        None => {
            // Not pinned (never in a published catalogue): the profile in force that day.
            let gov = governments::by_id(tx, item.government_id)
                .await?
                .ok_or_else(|| internal(format!("item {item_id} without government")))?;
            let code = juece_core::GovernmentCode::parse(&gov.code).map_err(|_| internal("government code"))?;
            juece_core::profile::in_force(juece_core::profile::profile_of(&code), signed.signed_on)
                .unwrap_or(&juece_core::profile::VERSIONS[0])
                .params
        }
    };
    let due = deadlines::publication_due(signed.signed_on, params.publication_max_working_days);
    let kind = TimerKind::PublicationDue;
    let k = key(kind, item_id, a.version);
    repo::close_pending(tx, Subject::Item(item_id), &[kind], Some(&k), TimerState::Cancelled, now).await?;
    let t = NewTimer {
        kind,
        due_on: due.date,
        key: k,
        government_id: item.government_id,
        item_id: Some(item_id),
        catalogue_id: None,
        task_id: None,
        unit,
    };
    schedule(tx, now, t).await
}

/// PLANNED_COMPLETION at the end of the planned month (R-18-2 久拖不决, R-02-7). On an amendment
/// (`amended`) only an item whose plan is already watched is rescheduled: before the catalogue is
/// published nothing is owed yet, and T2 reads the plan as it then stands.
async fn schedule_planned_completion(
    tx: &DatabaseTransaction,
    now: DateTime<Utc>,
    item_id: Uuid,
    amended: bool,
) -> Result<(), EngineError> {
    let kind = TimerKind::PlannedCompletion;
    if amended {
        let pending = TimerState::Pending.as_str();
        let watched = repo::of_item(tx, item_id).await?.iter().any(|t| t.kind == kind.as_str() && t.state == pending);
        if !watched {
            return Ok(());
        }
    }
    let (item, unit) = item_and_unit(tx, item_id).await?;
    let month = juece_core::catalogue::YearMonth::parse(&item.planned_completion)
        .map_err(|_| internal(format!("item {item_id} has an unreadable planned completion")))?;
    let k = key(kind, item_id, month);
    repo::close_pending(tx, Subject::Item(item_id), &[kind], Some(&k), TimerState::Cancelled, now).await?;
    let t = NewTimer {
        kind,
        due_on: deadlines::month_end(month),
        key: k,
        government_id: item.government_id,
        item_id: Some(item_id),
        catalogue_id: None,
        task_id: None,
        unit,
    };
    schedule(tx, now, t).await
}

/// What a due timer finds when it looks at its subject.
enum Verdict {
    /// Done already: close it as met.
    Met,
    /// Nothing is owed any more (the subject is gone, or stopped): close it as cancelled.
    Gone,
    /// Still owed: fire it.
    Due(Box<Firing>),
}

/// The event a timer fires with.
enum Firing {
    Deadline { item_id: Option<Uuid>, catalogue_id: Option<Uuid> },
    Task { task: crate::execution::TaskRow, deadline: Deadline },
    Comment { item_id: Uuid, notice: comment_notice::Model },
}

/// How one claimed timer ended.
enum Settled {
    Closed(TimerState, Vec<CommittedEvent>),
    /// Another process closed it between the claim and the update (PostgreSQL only, and only if
    /// the row lock was bypassed): nothing was done.
    Lost,
}

/// Why one attempt failed: before a timer was claimed, or on a claimed timer.
enum Failure {
    Claim(EngineError),
    Timer(Uuid, EngineError),
}

impl Engine {
    /// Fires the timers due at the engine's clock, oldest first, at most `limit` of them, one per
    /// transaction. Each timer due is claimed (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so that
    /// several processes share the work; on SQLite write transactions take turns), and in the same
    /// transaction either closed as met, because what it waits for is done, or fired: its row
    /// leaves PENDING, with `worker` as `fired_by`, and its event joins the audit trail. A crash
    /// before the commit leaves the timer pending for the next run; a timer that fails is logged,
    /// left pending and skipped for the rest of this run. Deadlines passed while no scheduler ran
    /// are all due at once and fire in the order they fell due.
    ///
    /// Returns an error only when not a single timer could be looked at (the database is away).
    pub async fn fire_due_timers(&self, worker: &str, limit: usize) -> Result<FiredReport, EngineError> {
        let mut report = FiredReport::default();
        let mut skip: Vec<Uuid> = Vec::new();
        while report.handled() < limit {
            match self.fire_one(worker, &skip).await {
                Ok(None) => break,
                Ok(Some((timer, Settled::Closed(state, events)))) => {
                    match state {
                        TimerState::Fired => report.fired += 1,
                        TimerState::Met => report.met += 1,
                        _ => report.cancelled += 1,
                    }
                    tracing::info!(
                        timer = %timer.id,
                        key = %timer.timer_key,
                        due_on = %timer.due_on,
                        outcome = state.as_str(),
                        worker,
                        "timer due"
                    );
                    self.publish(events);
                }
                Ok(Some((timer, Settled::Lost))) => skip.push(timer.id),
                Err(Failure::Claim(e)) => {
                    if report.handled() == 0 {
                        return Err(e);
                    }
                    tracing::error!(error = %e, worker, "cannot claim a due timer; the next run retries");
                    report.errors += 1;
                    break;
                }
                Err(Failure::Timer(id, e)) => {
                    tracing::error!(timer = %id, error = %e, worker, "a due timer failed; it stays pending");
                    report.errors += 1;
                    skip.push(id);
                }
            }
        }
        Ok(report)
    }

    /// Claims one due timer and settles it, in one transaction.
    async fn fire_one(&self, worker: &str, skip: &[Uuid]) -> Result<Option<(TimerRow, Settled)>, Failure> {
        let now = db_time(self.clock.now());
        let tx = self.store.begin_write().await.map_err(|e| Failure::Claim(e.into()))?;
        let timer = match repo::claim_due(&tx, now, skip).await {
            Ok(Some(t)) => t,
            Ok(None) => {
                let _ = tx.rollback().await;
                return Ok(None);
            }
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(Failure::Claim(e.into()));
            }
        };
        match self.settle(&tx, &timer, worker, now).await {
            Ok(Settled::Lost) => {
                let _ = tx.rollback().await;
                Ok(Some((timer, Settled::Lost)))
            }
            Ok(settled) => match tx.commit().await {
                Ok(()) => Ok(Some((timer, settled))),
                Err(e) => Err(Failure::Timer(timer.id, StoreError::from(e).into())),
            },
            Err(e) => {
                let _ = tx.rollback().await;
                Err(Failure::Timer(timer.id, e))
            }
        }
    }

    /// Looks at a claimed timer's subject, closes the timer, and fires its event if it is due.
    async fn settle(
        &self,
        tx: &DatabaseTransaction,
        t: &TimerRow,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<Settled, EngineError> {
        let kind = TimerKind::parse(&t.kind).ok_or_else(|| internal(format!("timer {} of unknown kind", t.id)))?;
        let (verdict, year) = verdict(tx, t, kind, now).await?;
        let state = match verdict {
            Verdict::Met => TimerState::Met,
            Verdict::Gone => TimerState::Cancelled,
            Verdict::Due(_) => TimerState::Fired,
        };
        if !repo::close(tx, t.id, state, now, Some(worker)).await? {
            return Ok(Settled::Lost);
        }
        let Verdict::Due(firing) = verdict else {
            return Ok(Settled::Closed(state, Vec::new()));
        };
        let gov = governments::by_id(tx, t.government_id)
            .await?
            .ok_or_else(|| internal(format!("timer {} without government", t.id)))?;
        let mut batch = Batch::new(now, Actor::system("timer"), gov.id, gov.code.clone(), year);
        batch.rules = vec![kind.rule().id.to_owned()];
        let event = match *firing {
            Firing::Deadline { item_id, catalogue_id } => {
                // A timer's stream holds its one firing.
                batch.versions.insert(t.id, 1);
                DomainEvent::DeadlineReached {
                    timer_id: t.id,
                    kind,
                    item_id,
                    catalogue_id,
                    due_on: t.due_on,
                    rule: kind.rule().id.to_owned(),
                }
            }
            Firing::Task { task, deadline } => {
                batch.versions.insert(task.id, task.version);
                DomainEvent::TaskOverdue { task_id: task.id, item_id: task.item_id, timer_id: t.id, deadline }
            }
            Firing::Comment { item_id, notice } => {
                // Advancing the notice locks it, so the intake's batches and this close take turns:
                // every comment accepted is before the period's end in the notice's stream.
                let row = comments::advance_notice(tx, notice.id).await?;
                repo::close_notice(tx, row.id, t.fires_at).await?;
                repo::set_notice(tx, t.id, row.id).await?;
                batch.versions.insert(row.id, row.version);
                DomainEvent::CommentPeriodEnded { item_id, notice_id: row.id, timer_id: t.id, ended_at: t.fires_at }
            }
        };
        batch.apply(tx, &event).await?;
        let out = batch.append(tx).await?;
        Ok(Settled::Closed(TimerState::Fired, out))
    }
}

/// Whether a due timer's subject still owes what the timer waits for, and the year of its
/// catalogue (for the audit batch).
async fn verdict(
    tx: &DatabaseTransaction,
    t: &TimerRow,
    kind: TimerKind,
    now: DateTime<Utc>,
) -> Result<(Verdict, i32), EngineError> {
    match kind {
        TimerKind::CataloguePublicationDue => {
            let found = match t.catalogue_id {
                Some(id) => catalogues::by_id(tx, id).await?,
                None => None,
            };
            let Some(cat) = found else {
                return Ok((Verdict::Gone, 0));
            };
            let published = cat.published_on.is_some() || cat.status == juece_core::CatalogueStatus::Published.as_str();
            let v = if published {
                Verdict::Met
            } else {
                Verdict::Due(Box::new(Firing::Deadline { item_id: None, catalogue_id: Some(cat.id) }))
            };
            Ok((v, cat.year))
        }
        TimerKind::TaskStageDue | TimerKind::TaskDue => {
            let found = match t.task_id {
                Some(id) => tasks::by_id(tx, id).await?,
                None => None,
            };
            let Some(task) = found else {
                return Ok((Verdict::Gone, 0));
            };
            let item = items::by_id(tx, task.item_id).await?;
            let year = item.as_ref().map_or(0, |i| i.year);
            let item_state = item.as_ref().and_then(|i| ItemState::parse(&i.state));
            if task.status == "DONE" || item_state == Some(ItemState::Completed) {
                return Ok((Verdict::Met, year));
            }
            // A decision replaced or terminated no longer asks for its tasks.
            if matches!(item_state, Some(ItemState::Terminated | ItemState::Superseded) | None) {
                return Ok((Verdict::Gone, year));
            }
            let wanted = if kind == TimerKind::TaskDue { DeadlineKind::Final } else { DeadlineKind::Staged };
            let spec = crate::execution::task_spec(&task)?;
            let deadline = spec
                .deadlines
                .into_iter()
                .find(|d| d.kind == wanted && d.due_on == t.due_on)
                .unwrap_or(Deadline { kind: wanted, due_on: t.due_on, text: String::new() });
            Ok((Verdict::Due(Box::new(Firing::Task { task, deadline })), year))
        }
        TimerKind::CommentPeriodEnd => {
            let (Some(item_id), Some(version)) = (t.item_id, notice_version_of(&t.timer_key)) else {
                return Ok((Verdict::Gone, 0));
            };
            let Some(item) = items::by_id(tx, item_id).await? else {
                return Ok((Verdict::Gone, 0));
            };
            let Some(notice) = artefact_at::<CommentNotice>(tx, item_id, ArtefactKind::CommentNotice, version).await?
            else {
                return Ok((Verdict::Gone, item.year));
            };
            // The round is over and answered: the published feedback froze the notice (and a
            // notice that never received a comment gets no row for it now).
            if artefacts::latest_version(tx, item_id, ArtefactKind::AdoptionFeedback.as_str()).await? >= version {
                return Ok((Verdict::Met, item.year));
            }
            let row = notice_row(tx, &item, version, &notice, now).await?;
            let v = if row.closed_at.is_some() || row.feedback_published_at.is_some() {
                Verdict::Met
            } else {
                Verdict::Due(Box::new(Firing::Comment { item_id, notice: row }))
            };
            Ok((v, item.year))
        }
        TimerKind::LegalityOpinionDue | TimerKind::PublicationDue | TimerKind::PlannedCompletion => {
            let found = match t.item_id {
                Some(id) => items::by_id(tx, id).await?,
                None => None,
            };
            let Some(item) = found else {
                return Ok((Verdict::Gone, 0));
            };
            let state = ItemState::parse(&item.state).ok_or_else(|| internal(format!("item {} state", item.id)))?;
            let v = if kind.met_by_item_state(state) {
                Verdict::Met
            } else {
                Verdict::Due(Box::new(Firing::Deadline { item_id: Some(item.id), catalogue_id: None }))
            };
            Ok((v, item.year))
        }
    }
}

/// The row of an item's comment notice, made now if no comment has made it yet: the period's end
/// is recorded on the notice's own stream, as its comments are.
async fn notice_row(
    tx: &DatabaseTransaction,
    item: &crate::ItemRow,
    version: i32,
    notice: &CommentNotice,
    now: DateTime<Utc>,
) -> Result<comment_notice::Model, EngineError> {
    if let Some(row) = comments::notice(tx, item.id, version).await? {
        return Ok(row);
    }
    let gov = governments::by_id(tx, item.government_id)
        .await?
        .ok_or_else(|| internal(format!("item {} without government", item.id)))?;
    let year = catalogues::by_id(tx, item.catalogue_id).await?.map_or(0, |c| c.year);
    comments::ensure_notice(tx, crate::comments::new_notice_row(&gov, year, item, version, notice, now)).await?;
    comments::notice(tx, item.id, version).await?.ok_or_else(|| internal("comment notice row vanished"))
}
