//! Applying core events to rows and appending them to the audit trail, inside one transaction.
//!
//! Each event changes exactly one row (inserted at version 1, or updated from the version the
//! command loaded to the next), and is appended at the stream position equal to that row's new
//! version. So the audit trail and the rows cannot drift apart: both are written by this one
//! function, in the same transaction.

use crate::error::EngineError;
use crate::{CommittedEvent, EventRow};
use chrono::{DateTime, Utc};
use juece_core::{Actor, DomainEvent};
use juece_store::DatabaseTransaction;
use juece_store::entity::feed_entry::Model as FeedRow;
use juece_store::entity::{catalogue, catalogue_item, execution_task};
use juece_store::repo::{audit, catalogues, events, feed, items, regions, tasks};
use std::collections::HashMap;
use uuid::Uuid;

/// The key under which a region row's version is kept in a batch (region rows have their own
/// ids, but commands know them by item and region).
pub(crate) fn region_key(item_id: Uuid, region: juece_core::region::Region) -> Uuid {
    let index = juece_core::region::Region::ALL.iter().position(|r| *r == region).unwrap_or(0) as u128;
    // Distinct from the item's own id and from each other region's key.
    Uuid::from_u128(item_id.as_u128() ^ (index + 1))
}

/// The events of one command on their way to the database.
pub(crate) struct Batch {
    pub now: DateTime<Utc>,
    pub actor: Actor,
    pub government_id: Uuid,
    pub government_code: String,
    /// The year of the catalogue the command works on, for new item rows.
    pub year: i32,
    /// The version each touched row is at, as loaded (or as the caller expects it to be).
    pub versions: HashMap<Uuid, i32>,
    /// The rule ids the command evaluated, recorded on each of its events (R-14-1).
    pub rules: Vec<String>,
    /// The exceptions the command relied on (R-14-1).
    pub overrides: Vec<juece_core::audit::Override>,
    rows: Vec<EventRow>,
    /// The queued rows that announce a published step: (row index, entry kind, subject).
    feed: Vec<(usize, juece_core::disclosure::FeedKind, Subject)>,
}

/// What a disclosure feed entry is about.
#[derive(Clone, Copy)]
enum Subject {
    Catalogue(Uuid),
    Item(Uuid),
}

fn subject(ev: &DomainEvent) -> Subject {
    match ev.stream() {
        (juece_core::event::StreamKind::Catalogue, id) => Subject::Catalogue(id),
        (_, id) => Subject::Item(match ev {
            DomainEvent::CommentsReceived { item_id, .. } => *item_id,
            _ => id,
        }),
    }
}

impl Batch {
    pub fn new(now: DateTime<Utc>, actor: Actor, government_id: Uuid, government_code: String, year: i32) -> Self {
        Batch {
            now,
            actor,
            government_id,
            government_code,
            year,
            versions: HashMap::new(),
            rules: Vec::new(),
            overrides: Vec::new(),
            rows: Vec::new(),
            feed: Vec::new(),
        }
    }

    fn version(&self, id: Uuid) -> Result<i32, EngineError> {
        self.versions
            .get(&id)
            .copied()
            .ok_or_else(|| EngineError::Internal(format!("event for {id}, whose version was not loaded")))
    }

    /// Applies one event to its row and queues its audit record.
    pub async fn apply(&mut self, tx: &DatabaseTransaction, ev: &DomainEvent) -> Result<(), EngineError> {
        let now = self.now;
        let new_version = match ev {
            DomainEvent::CatalogueCreated { catalogue_id, year, title, register, .. } => {
                catalogues::insert(
                    tx,
                    catalogue::Model {
                        id: *catalogue_id,
                        government_id: self.government_id,
                        year: *year,
                        title: title.clone(),
                        // A register lists decisions each already published in the gazette: it is
                        // public from the start and never compiled or approved as a catalogue is.
                        status: if *register {
                            juece_core::CatalogueStatus::Published
                        } else {
                            juece_core::CatalogueStatus::Collecting
                        }
                        .as_str()
                        .to_owned(),
                        document_number: None,
                        published_on: None,
                        source: register.then(|| "据政府公报录入".to_owned()),
                        item_count: 0,
                        kind: if *register { "REGISTER" } else { "ANNUAL" }.to_owned(),
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .await?
                .version
            }
            DomainEvent::CatalogueItemAdded { catalogue_id, seq, .. } => {
                let update = catalogues::CatalogueUpdate { item_count: Some(*seq), ..Default::default() };
                catalogues::update_versioned(tx, *catalogue_id, self.version(*catalogue_id)?, update, now)
                    .await?
                    .version
            }
            DomainEvent::CataloguePublicationRecorded { catalogue_id, document_number, published_on, source } => {
                let update = catalogues::CatalogueUpdate {
                    status: Some(juece_core::CatalogueStatus::Published.as_str().to_owned()),
                    document_number: Some(document_number.clone()),
                    published_on: Some(*published_on),
                    source: Some(source.clone()),
                    ..Default::default()
                };
                catalogues::update_versioned(tx, *catalogue_id, self.version(*catalogue_id)?, update, now)
                    .await?
                    .version
            }
            DomainEvent::ItemCreated {
                item_id,
                catalogue_id,
                seq,
                title,
                sponsor_id,
                category,
                planned_completion,
                state,
                parent_item_id,
                profile_version,
                ..
            } => {
                items::insert(
                    tx,
                    catalogue_item::Model {
                        id: *item_id,
                        catalogue_id: *catalogue_id,
                        government_id: self.government_id,
                        year: self.year,
                        seq: *seq,
                        title: title.as_str().to_owned(),
                        sponsor_id: *sponsor_id,
                        category: category.as_str().to_owned(),
                        planned_completion: planned_completion.to_string(),
                        state: state.as_str().to_owned(),
                        profile_version: profile_version.clone(),
                        parent_item_id: *parent_item_id,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .await?
                .version
            }
            DomainEvent::ItemAmended { item_id, changes } => {
                let update = items::ItemUpdate {
                    title: changes.title.as_ref().map(|t| t.as_str().to_owned()),
                    sponsor_id: changes.sponsor_id,
                    category: changes.category.map(|c| c.as_str().to_owned()),
                    planned_completion: changes.planned_completion.map(|p| p.to_string()),
                    state: None,
                    profile_version: None,
                };
                items::update_versioned(tx, *item_id, self.version(*item_id)?, update, now).await?.version
            }
            DomainEvent::ItemStateChanged { item_id, to, profile_version, .. } => {
                let update = items::ItemUpdate {
                    state: Some(to.as_str().to_owned()),
                    profile_version: profile_version.clone(),
                    ..Default::default()
                };
                items::update_versioned(tx, *item_id, self.version(*item_id)?, update, now).await?.version
            }
            // A region event moves its region row and, like every event of the item's stream,
            // the item's version, so that the stream position stays equal to the item's version.
            DomainEvent::RegionStateChanged { item_id, region, to, .. } => {
                let key = crate::persist::region_key(*item_id, *region);
                let row =
                    regions::update_state(tx, *item_id, region.as_str(), self.version(key)?, to.as_str(), now).await?;
                self.versions.insert(key, row.version);
                items::update_versioned(tx, *item_id, self.version(*item_id)?, items::ItemUpdate::default(), now)
                    .await?
                    .version
            }
            DomainEvent::DraftRevised { item_id, .. } => {
                items::update_versioned(tx, *item_id, self.version(*item_id)?, items::ItemUpdate::default(), now)
                    .await?
                    .version
            }
            DomainEvent::FeedbackPublished { item_id, .. }
            | DomainEvent::AfterDecisionRecorded { item_id, .. }
            | DomainEvent::AdjustmentStarted { item_id, .. } => {
                items::update_versioned(tx, *item_id, self.version(*item_id)?, items::ItemUpdate::default(), now)
                    .await?
                    .version
            }
            DomainEvent::TaskAssigned { task_id, item_id, seq, task } => {
                let json = |v: &[String]| serde_json::to_value(v).map_err(|e| EngineError::Internal(e.to_string()));
                let staged = task
                    .deadlines
                    .iter()
                    .filter(|d| d.kind == juece_core::execution::DeadlineKind::Staged)
                    .map(|d| d.due_on)
                    .min();
                tasks::insert(
                    tx,
                    execution_task::Model {
                        id: *task_id,
                        item_id: *item_id,
                        government_id: self.government_id,
                        seq: *seq,
                        description: task.description.clone(),
                        lead_units: json(&task.lead_units)?,
                        responsible_units: json(&task.responsible_units)?,
                        staged_due: staged,
                        final_due: task.due(),
                        spec: serde_json::to_value(task).map_err(|e| EngineError::Internal(e.to_string()))?,
                        percent: 0,
                        status: "OPEN".to_owned(),
                        completed_on: None,
                        overdue: false,
                        last_report_on: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    },
                )
                .await?
                .version
            }
            DomainEvent::TaskProgressReported { task_id, report, .. } => {
                let update = tasks::TaskUpdate {
                    percent: Some(i16::from(report.percent)),
                    status: report.done.then(|| "DONE".to_owned()),
                    completed_on: report.done.then_some(report.reported_on),
                    last_report_on: Some(report.reported_on),
                    ..Default::default()
                };
                tasks::update_versioned(tx, *task_id, self.version(*task_id)?, update, now).await?.version
            }
            DomainEvent::TaskOverdue { task_id, .. } => {
                let update = tasks::TaskUpdate { overdue: Some(true), ..Default::default() };
                tasks::update_versioned(tx, *task_id, self.version(*task_id)?, update, now).await?.version
            }
            // The timer row was closed (and so locked) by the scheduler before it decided; a
            // timer's stream holds its one firing.
            DomainEvent::DeadlineReached { timer_id, .. } => self.version(*timer_id)?,
            // The notice row was advanced (and so locked) by the command before it decided, which
            // is what fixes the stream position.
            DomainEvent::CommentPeriodEnded { notice_id, .. }
            | DomainEvent::CommentsReceived { notice_id, .. }
            | DomainEvent::CommentsModerated { notice_id, .. }
            | DomainEvent::OpinionAnswered { notice_id, .. } => self.version(*notice_id)?,
            // User rows carry secrets (password hashes) that no event holds, so the identity code
            // writes them and reports the version it reached.
            DomainEvent::UserCreated { user_id, .. } | DomainEvent::UserRevoked { user_id } => {
                self.version(*user_id)?
            }
        };
        // The clocks the event starts or stops, in the same transaction (durable timers).
        crate::timers::on_event(tx, self, ev).await?;
        let (kind, stream_id) = ev.stream();
        self.versions.insert(stream_id, new_version);
        if let Some(feed) = juece_core::disclosure::feed_kind(ev) {
            self.feed.push((self.rows.len(), feed, subject(ev)));
        }
        let payload = serde_json::to_value(ev).map_err(|e| EngineError::Internal(e.to_string()))?;
        self.rows.push(EventRow {
            id: Uuid::now_v7(),
            stream_type: kind.as_str().to_owned(),
            stream_id,
            stream_seq: i64::from(new_version),
            government_id: Some(self.government_id),
            event_type: ev.event_type().to_owned(),
            actor_kind: self.actor.kind.as_str().to_owned(),
            actor_id: self.actor.id.clone(),
            actor_name: self.actor.name.clone(),
            actor_org: self.actor.org.clone(),
            actor_role: self.actor.role.clone(),
            occurred_at: now,
            payload,
            rules: serde_json::to_value(&self.rules).map_err(|e| EngineError::Internal(e.to_string()))?,
            overrides: serde_json::to_value(&self.overrides).map_err(|e| EngineError::Internal(e.to_string()))?,
            // Filled in by `append`, which chains the batch onto each stream's head.
            prev_hash: String::new(),
            hash: String::new(),
        });
        Ok(())
    }

    pub async fn apply_all(&mut self, tx: &DatabaseTransaction, evs: &[DomainEvent]) -> Result<(), EngineError> {
        for ev in evs {
            self.apply(tx, ev).await?;
        }
        Ok(())
    }

    /// Chains the queued audit records onto their streams' heads, appends them and moves the heads;
    /// the caller commits right after.
    pub async fn append(mut self, tx: &DatabaseTransaction) -> Result<Vec<CommittedEvent>, EngineError> {
        chain(tx, &mut self.rows).await?;
        events::append(tx, self.rows.clone()).await?;
        let mut entries: HashMap<usize, FeedRow> = HashMap::new();
        for (index, kind, subject) in std::mem::take(&mut self.feed) {
            let entry = self.feed_entry(tx, &self.rows[index], kind, subject).await?;
            feed::insert(tx, entry.clone()).await?;
            entries.insert(index, entry);
        }
        let code = self.government_code;
        Ok(self
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| CommittedEvent { row, government_code: Some(code.clone()), feed: entries.remove(&i) })
            .collect())
    }

    /// The disclosure feed entry of a published step, linked to its audit event by hash.
    async fn feed_entry(
        &self,
        tx: &DatabaseTransaction,
        row: &EventRow,
        kind: juece_core::disclosure::FeedKind,
        subject: Subject,
    ) -> Result<FeedRow, EngineError> {
        let (zh, en) = kind.labels();
        let (item_id, name) = match subject {
            Subject::Catalogue(id) => (None, catalogues::by_id(tx, id).await?.map(|c| c.title).unwrap_or_default()),
            Subject::Item(id) => (Some(id), items::by_id(tx, id).await?.map(|i| i.title).unwrap_or_default()),
        };
        Ok(FeedRow {
            id: Uuid::now_v7(),
            kind: kind.as_str().to_owned(),
            government_id: Some(self.government_id),
            government_code: Some(self.government_code.clone()),
            item_id,
            occurred_at: row.occurred_at,
            title_zh: format!("{zh}：{name}"),
            title_en: format!("{en}: {name}"),
            payload: serde_json::json!({
                "streamId": row.stream_id,
                "seq": row.stream_seq,
                "eventHash": row.hash,
            }),
        })
    }
}

/// The canonical form of a stored event, as its hash covers it.
pub fn chained(row: &EventRow) -> Result<juece_core::audit::ChainedEvent, EngineError> {
    Ok(juece_core::audit::ChainedEvent {
        id: row.id,
        stream_type: row.stream_type.clone(),
        stream_id: row.stream_id,
        seq: row.stream_seq,
        government_id: row.government_id,
        event_type: row.event_type.clone(),
        actor: juece_core::audit::EventActor {
            kind: row.actor_kind.clone(),
            id: row.actor_id.clone(),
            name: row.actor_name.clone(),
            org: row.actor_org.clone(),
            role: row.actor_role.clone(),
        },
        occurred_at: juece_core::audit::format_time(row.occurred_at),
        rules: serde_json::from_value(row.rules.clone()).unwrap_or_default(),
        overrides: serde_json::from_value(row.overrides.clone()).unwrap_or_default(),
        payload: row.payload.clone(),
        prev_hash: row.prev_hash.clone(),
    })
}

/// Sets each row's `prev_hash` and `hash`, continuing from the recorded head of its stream, and
/// moves the heads. The rows' positions were fixed by version-checked row updates earlier in the
/// same transaction, so the head read here is the one this command follows: a concurrent writer to
/// the same stream has already been turned away as a conflict.
async fn chain(tx: &DatabaseTransaction, rows: &mut [EventRow]) -> Result<(), EngineError> {
    use juece_store::entity::audit_head;
    let mut streams: Vec<Uuid> = rows.iter().map(|r| r.stream_id).collect();
    streams.sort_unstable();
    streams.dedup();
    let mut heads: HashMap<Uuid, audit_head::Model> =
        audit::heads_of(tx, &streams).await?.into_iter().map(|h| (h.stream_id, h)).collect();
    for row in rows.iter_mut() {
        let prev = match heads.get(&row.stream_id) {
            Some(h) if h.seq + 1 == row.stream_seq => h.hash.clone(),
            None if row.stream_seq == 1 => juece_core::audit::GENESIS.to_owned(),
            other => {
                return Err(EngineError::Internal(format!(
                    "audit stream {} is at position {}, but the next event claims position {}",
                    row.stream_id,
                    other.map_or(0, |h| h.seq),
                    row.stream_seq
                )));
            }
        };
        row.prev_hash = prev;
        row.hash = chained(row)?.hash();
        heads.insert(
            row.stream_id,
            audit_head::Model {
                stream_id: row.stream_id,
                stream_type: row.stream_type.clone(),
                government_id: row.government_id,
                seq: row.stream_seq,
                hash: row.hash.clone(),
                updated_at: row.occurred_at,
            },
        );
    }
    let moved = heads.into_values().filter(|h| streams.binary_search(&h.stream_id).is_ok()).collect();
    audit::set_heads(tx, moved).await?;
    Ok(())
}
