//! Execution tasks of a decision: assignment (by hand or read from the decision's text), progress
//! reports, and the supervision screen of a government — overdue and soon-due tasks and items,
//! and each unit's tally.

use crate::commands::{gov_code, item_facts};
use crate::error::EngineError;
use crate::persist::Batch;
use crate::{Engine, ItemRow};
use chrono::{Datelike, Duration, NaiveDate};
use juece_core::authz::{Operation, Principal, Target};
use juece_core::deadlines::TimerKind;
use juece_core::execution::{
    Deadline, DeadlineKind, ProgressReport, Standing, TaskSource, TaskSpec, UnitSummary, check_assignable,
    check_progress, standing, summarise, validate_task,
};
use juece_core::{DomainEvent, ItemState};
use juece_store::repo::{catalogues, db_time, governments, items, tasks, timers};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

pub use juece_store::entity::execution_task::Model as TaskRow;
pub use juece_store::entity::timer::Model as TimerRow;

/// The most tasks one request assigns or imports.
pub const MAX_TASKS_PER_REQUEST: usize = 500;

/// What a task import read, and what it could not.
#[derive(Debug, Clone)]
pub struct TaskImportOutcome {
    /// The tasks stored (empty for a preview).
    pub stored: Vec<TaskRow>,
    /// The tasks as read, stored or not.
    pub read: Vec<TaskSpec>,
    /// Text that looked like a task but could not be read, line by line.
    pub unread: Vec<juece_core::task_import::UnreadText>,
}

/// A decision made and published before juece, to be recorded as executing from its gazette text.
#[derive(Debug, Clone)]
pub struct RecordedDecision {
    pub government_code: String,
    pub title: String,
    /// 文号, as normalised (钢城政发〔2022〕6号).
    pub document_number: String,
    pub issued_on: NaiveDate,
    pub sponsor_id: Uuid,
    pub category: juece_core::Category,
    /// Where it was published (the gazette).
    pub source: String,
}

/// The supervision screen of one government on one day.
#[derive(Debug, Clone)]
pub struct Supervision {
    pub as_of: NaiveDate,
    /// Open tasks past their final deadline, or flagged by a staged deadline's timer.
    pub overdue_tasks: Vec<TaskRow>,
    /// Open tasks whose final deadline falls within the window.
    pub due_soon_tasks: Vec<TaskRow>,
    /// Deadlines of items and catalogues that passed with what they wait for not done.
    pub overdue_items: Vec<TimerRow>,
    /// Deadlines of items and catalogues that fall within the window.
    pub due_soon_items: Vec<TimerRow>,
    /// Each unit's tasks: on time, late, open, overdue.
    pub units: Vec<UnitSummary>,
}

fn internal(e: impl std::fmt::Display) -> EngineError {
    EngineError::Internal(e.to_string())
}

/// The task as assigned, from its row.
pub fn task_spec(row: &TaskRow) -> Result<TaskSpec, EngineError> {
    serde_json::from_value(row.spec.clone()).map_err(|e| internal(format!("stored task {} unreadable: {e}", row.id)))
}

/// A task's standing on `today`.
pub fn task_standing(row: &TaskRow, today: NaiveDate) -> Standing {
    let s = standing(row.final_due, row.completed_on, today);
    // A staged deadline's timer may have flagged the task before its final deadline.
    if s == Standing::Open && row.overdue { Standing::Overdue } else { s }
}

/// A task read from a decision's text, as it is assigned.
pub fn task_from_import(t: &juece_core::task_import::ImportedTask, document_number: Option<&str>) -> TaskSpec {
    use juece_core::task_import::DeadlineKind as K;
    TaskSpec {
        number: t.number.clone(),
        title: t.title.clone(),
        description: t.description.clone(),
        lead_units: t.lead_units.clone(),
        responsible_units: t.responsible_units.clone(),
        supporting_units: t.supporting_units.clone(),
        lead_officials: t.lead_officials.clone(),
        deadlines: t
            .deadlines
            .iter()
            .map(|d| Deadline {
                kind: match d.kind {
                    K::Staged => DeadlineKind::Staged,
                    K::Final => DeadlineKind::Final,
                },
                due_on: d.due_on,
                text: d.text.clone(),
            })
            .collect(),
        deadline_text: t.deadline_text.clone(),
        source: document_number.map(|n| TaskSource {
            document_number: n.to_owned(),
            first_line: u32::try_from(t.first_line).unwrap_or(u32::MAX),
            last_line: u32::try_from(t.last_line).unwrap_or(u32::MAX),
        }),
    }
}

impl Engine {
    /// The item, its government and the actor `principal` is recorded as when it may take `op` on
    /// the item.
    async fn authorize_on_item(
        &self,
        c: &impl ConnectionTrait,
        principal: &Principal,
        op: Operation,
        item_id: Uuid,
    ) -> Result<(ItemRow, crate::GovernmentRow, juece_core::Actor), EngineError> {
        let item = items::by_id(c, item_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}")))?;
        let gov = governments::by_id(c, item.government_id)
            .await?
            .ok_or_else(|| internal(format!("item {item_id} without government")))?;
        let actor =
            self.authorize(principal, op, Target { government: &gov_code(&gov)?, sponsors: &[item.sponsor_id] })?;
        Ok((item, gov, actor))
    }

    /// Assigns tasks to a decision being executed (R-15-1), each on its own audit stream, all in
    /// one transaction: either every task is stored or none is.
    pub async fn assign_tasks(
        &self,
        principal: &Principal,
        item_id: Uuid,
        specs: Vec<TaskSpec>,
    ) -> Result<Vec<TaskRow>, EngineError> {
        if specs.is_empty() || specs.len() > MAX_TASKS_PER_REQUEST {
            return Err(EngineError::from(juece_core::error::InputError::new(
                "tasks",
                format!("每次分解1至{MAX_TASKS_PER_REQUEST}项任务"),
                format!("assign between 1 and {MAX_TASKS_PER_REQUEST} tasks at a time"),
            )));
        }
        let tx = self.store.begin_write().await?;
        let (item, gov, actor) =
            self.authorize_on_item(&tx, principal, Operation::AssignExecutionTasks, item_id).await?;
        check_assignable(item_facts(&item)?.state)?;
        for (i, t) in specs.iter().enumerate() {
            // Name the task refused, so that a long import can be mended where it failed.
            validate_task(t).map_err(|e| match e {
                juece_core::CoreError::Invalid(mut ie) => {
                    ie.zh = format!("第{}项任务：{}", i + 1, ie.zh);
                    ie.en = format!("task {}: {}", i + 1, ie.en);
                    EngineError::from(ie)
                }
                other => EngineError::from(other),
            })?;
        }
        let year = catalogues::by_id(&tx, item.catalogue_id).await?.map_or(item.year, |c| c.year);
        let first = tasks::last_seq(&tx, item.id).await? + 1;
        let mut batch = Batch::new(db_time(self.clock.now()), actor, gov.id, gov.code.clone(), year);
        batch.rules = vec![juece_core::rules::R_15_1.id.to_owned(), juece_core::rules::R_15_2.id.to_owned()];
        let mut ids = Vec::with_capacity(specs.len());
        for (i, task) in specs.into_iter().enumerate() {
            let task_id = Uuid::now_v7();
            ids.push(task_id);
            let seq = first + i32::try_from(i).unwrap_or(i32::MAX - first);
            batch.apply(&tx, &DomainEvent::TaskAssigned { task_id, item_id: item.id, seq, task }).await?;
        }
        let out = batch.append(&tx).await?;
        let mut stored = Vec::with_capacity(ids.len());
        for id in ids {
            stored.push(tasks::by_id(&tx, id).await?.ok_or_else(|| internal("task vanished in its transaction"))?);
        }
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(stored)
    }

    /// Reads the tasks out of a decision's text and, unless `preview`, assigns them. With
    /// `document_number`, only that document of a gazette text is read. Text that looked like a
    /// task and could not be read comes back line by line; a preview shows it before anything is
    /// stored.
    pub async fn import_tasks(
        &self,
        principal: &Principal,
        item_id: Uuid,
        text: &str,
        document_number: Option<&str>,
        preview: bool,
    ) -> Result<TaskImportOutcome, EngineError> {
        use juece_core::task_import::{import_document, import_tasks, split_documents};
        // Only those who may assign read a text against an item, preview or not; the text is not
        // parsed for anyone else.
        self.authorize_on_item(self.store.db(), principal, Operation::AssignExecutionTasks, item_id).await?;
        let (imported, number) = match document_number.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => {
                let wanted = juece_core::task_import::normalise_document_number(n);
                let doc = split_documents(text).into_iter().find(|d| wanted.as_ref() == Some(&d.number)).ok_or_else(
                    || {
                        EngineError::from(juece_core::error::InputError::new(
                            "documentNumber",
                            format!("文本中没有文号为“{n}”的文件"),
                            format!("the text holds no document numbered \"{n}\""),
                        ))
                    },
                )?;
                (import_document(&doc), Some(doc.number))
            }
            None => (import_tasks(text), None),
        };
        let read: Vec<TaskSpec> = imported.tasks.iter().map(|t| task_from_import(t, number.as_deref())).collect();
        let unread = imported.unread;
        if read.is_empty() {
            return Err(EngineError::from(juece_core::error::InputError::new(
                "text",
                "文本中没有读到执行任务（〔牵头单位：…；责任单位：…；完成时限：…〕等格式）",
                "no execution task was found in the text (〔牵头单位：…；责任单位：…；完成时限：…〕 and the like)",
            )));
        }
        let stored = if preview { Vec::new() } else { self.assign_tasks(principal, item_id, read.clone()).await? };
        Ok(TaskImportOutcome { stored, read, unread })
    }

    /// Records a decision published before juece as an executing item of its government's register
    /// for the year (made on first use): the item enters at IN_CATALOGUE and moves to EXECUTING by
    /// the RECORDED step, whose artefact is the publication as the gazette shows it. Only juece
    /// itself records (the seed loader); the procedure before the decision is not in the trail, and
    /// the step says so. Recording the same document twice returns the item recorded first.
    pub async fn record_published_decision(
        &self,
        principal: &Principal,
        d: RecordedDecision,
    ) -> Result<(ItemRow, bool), EngineError> {
        if !matches!(principal, Principal::System { .. }) {
            return Err(EngineError::from(juece_core::authz::Denial::Forbidden {
                zh: "只有系统可以录入启用前已公布的决策".into(),
                en: "only juece itself records decisions published before it was in use".into(),
            }));
        }
        use juece_core::ItemTitle;
        use juece_core::artefact::ArtefactKind;
        use juece_core::catalogue::YearMonth;
        let title = ItemTitle::parse(&d.title)?;
        let tx = self.store.begin_write().await?;
        let gov = governments::by_code(&tx, &d.government_code).await?.ok_or_else(|| {
            EngineError::not_found(
                format!("未找到决策机关 {}", d.government_code),
                format!("no government {}", d.government_code),
            )
        })?;
        let code = gov_code(&gov)?;
        let year = d.issued_on.year();
        let actor = juece_core::Actor::system("record");
        let now = db_time(self.clock.now());
        let mut batch = Batch::new(now, actor.clone(), gov.id, gov.code.clone(), year);
        let register = match catalogues::register_of(&tx, gov.id, year).await? {
            Some(c) => c,
            None => {
                let id = Uuid::now_v7();
                batch
                    .apply(
                        &tx,
                        &DomainEvent::CatalogueCreated {
                            catalogue_id: id,
                            government_code: code.clone(),
                            year,
                            title: format!("{}{year}年已公布的重大行政决策（据政府公报录入）", gov.name),
                            register: true,
                        },
                    )
                    .await?;
                catalogues::by_id(&tx, id).await?.ok_or_else(|| internal("register vanished in its transaction"))?
            }
        };
        if let Some(existing) =
            items::by_catalogue(&tx, register.id).await?.into_iter().find(|i| i.title == title.as_str())
        {
            return Ok((existing, false));
        }
        batch.versions.insert(register.id, register.version);
        let item_id = Uuid::now_v7();
        let seq = register.item_count + 1;
        let month = YearMonth::new(year, d.issued_on.month())
            .ok_or_else(|| internal(format!("issue date {} out of range", d.issued_on)))?;
        let profile = juece_core::profile::in_force(juece_core::profile::profile_of(&code), d.issued_on)
            .unwrap_or(&juece_core::profile::VERSIONS[0]);
        let due = juece_core::deadlines::publication_due(d.issued_on, profile.params.publication_max_working_days);
        let record = juece_core::publication::PublicationRecord {
            publication: juece_core::publication::Publication {
                published_on: d.issued_on,
                document_number: d.document_number.clone(),
                title: title.as_str().to_owned(),
                gazette_issue: Some(d.source.clone()),
                url: None,
                newspaper: None,
                interpretation: None,
                adoption_explanation: None,
                high_public_concern: false,
            },
            decided_on: d.issued_on,
            due_by: due.date,
            due_by_provisional: !due.is_confirmed(),
            on_time: true,
        };
        let content = serde_json::to_value(&record).map_err(internal)?;
        let reference = self.next_ref(&tx, item_id, ArtefactKind::Publication, &content).await?;
        let sponsor = juece_store::repo::departments::by_id(&tx, d.sponsor_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到承办单位 {}", d.sponsor_id), "no such department"))?;
        batch.rules = vec![juece_core::rules::R_13_1.id.to_owned(), juece_core::rules::R_15_1.id.to_owned()];
        batch
            .apply_all(
                &tx,
                &[
                    DomainEvent::CatalogueItemAdded { catalogue_id: register.id, item_id, seq },
                    DomainEvent::ItemCreated {
                        item_id,
                        catalogue_id: register.id,
                        seq,
                        title,
                        sponsor_id: sponsor.id,
                        sponsor_name: sponsor.name,
                        category: d.category,
                        planned_completion: month,
                        state: ItemState::InCatalogue,
                        parent_item_id: None,
                        profile_version: Some(profile.version.to_owned()),
                    },
                ],
            )
            .await?;
        // The publication belongs to the item, which exists from here on.
        juece_store::repo::artefacts::insert(
            &tx,
            juece_store::entity::artefact::Model {
                id: reference.id,
                item_id,
                kind: reference.kind.as_str().to_owned(),
                version: 1,
                content,
                sha256: reference.sha256.clone(),
                created_by: actor.id.clone(),
                created_at: now,
            },
        )
        .await?;
        batch
            .apply(
                &tx,
                &DomainEvent::ItemStateChanged {
                    item_id,
                    from: ItemState::InCatalogue,
                    to: ItemState::Executing,
                    rule: Some(juece_core::rules::R_13_1.id.to_owned()),
                    profile_version: None,
                    step: Some("RECORDED".to_owned()),
                    artefact: Some(reference),
                },
            )
            .await?;
        let out = batch.append(&tx).await?;
        let row = items::by_id(&tx, item_id).await?.ok_or_else(|| internal("item vanished in its transaction"))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok((row, true))
    }

    /// An executor's progress report on a task, at the version they saw.
    pub async fn report_progress(
        &self,
        principal: &Principal,
        task_id: Uuid,
        expected_version: i32,
        report: ProgressReport,
    ) -> Result<TaskRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let task = tasks::by_id(&tx, task_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到执行任务 {task_id}"), format!("no task {task_id}")))?;
        let (item, gov, actor) =
            self.authorize_on_item(&tx, principal, Operation::ReportExecutionProgress, task.item_id).await?;
        if task.version != expected_version {
            return Err(EngineError::Conflict {
                zh: format!(
                    "执行任务已被修改（当前版本 {}，提交所据版本 {expected_version}），请刷新后重试",
                    task.version
                ),
                en: format!(
                    "the task was changed meanwhile (now at version {}, the report was based on {expected_version})",
                    task.version
                ),
            });
        }
        let percent = u8::try_from(task.percent.clamp(0, 100)).unwrap_or(0);
        check_progress(item_facts(&item)?.state, task.status == "DONE", percent, &report, self.shanghai_today())?;
        let year = catalogues::by_id(&tx, item.catalogue_id).await?.map_or(item.year, |c| c.year);
        let mut batch = Batch::new(db_time(self.clock.now()), actor, gov.id, gov.code.clone(), year);
        batch.rules = vec![juece_core::rules::R_15_2.id.to_owned()];
        batch.versions.insert(task.id, task.version);
        batch.apply(&tx, &DomainEvent::TaskProgressReported { task_id: task.id, item_id: item.id, report }).await?;
        let out = batch.append(&tx).await?;
        let row = tasks::by_id(&tx, task.id).await?.ok_or_else(|| internal("task vanished in its transaction"))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    /// An item's tasks, for those who may read its government's records.
    pub async fn tasks_of(&self, viewer: &Principal, item: &ItemRow) -> Result<Vec<TaskRow>, EngineError> {
        if !crate::queries::reads_government(viewer, item.government_id) {
            return Ok(Vec::new());
        }
        Ok(tasks::by_item(self.store.db(), item.id).await?)
    }

    pub async fn task(&self, viewer: &Principal, id: Uuid) -> Result<Option<TaskRow>, EngineError> {
        let row = tasks::by_id(self.store.db(), id).await?;
        Ok(row.filter(|t| crate::queries::reads_government(viewer, t.government_id)))
    }

    /// The supervision screen of a government: overdue and soon-due tasks and item deadlines
    /// (within `within_days`), optionally for one unit, and each unit's tally.
    pub async fn supervision(
        &self,
        principal: &Principal,
        government_code: &str,
        within_days: u32,
        unit: Option<&str>,
    ) -> Result<Supervision, EngineError> {
        let db = self.store.db();
        let gov = governments::by_code(db, government_code).await?.ok_or_else(|| {
            EngineError::not_found(
                format!("未找到决策机关 {government_code}"),
                format!("no government {government_code}"),
            )
        })?;
        self.authorize(principal, Operation::ReadSupervision, Target { government: &gov_code(&gov)?, sponsors: &[] })?;
        let today = self.shanghai_today();
        let horizon = today + Duration::days(i64::from(Ord::min(within_days, 366)));
        let all = tasks::of_government(db, gov.id, false).await?;
        let mut specs = Vec::with_capacity(all.len());
        for t in &all {
            specs.push(task_spec(t)?);
        }
        let mine = |s: &TaskSpec| unit.is_none_or(|u| s.lead_units.iter().chain(&s.responsible_units).any(|x| x == u));
        let mut overdue_tasks = Vec::new();
        let mut due_soon_tasks = Vec::new();
        let mut tally: Vec<(&[String], Standing)> = Vec::new();
        for (t, s) in all.iter().zip(&specs) {
            if !mine(s) {
                continue;
            }
            let st = task_standing(t, today);
            tally.push((s.accountable_units(), st));
            match st {
                Standing::Overdue => overdue_tasks.push(t.clone()),
                Standing::Open if t.final_due.is_some_and(|d| d <= horizon) => due_soon_tasks.push(t.clone()),
                _ => {}
            }
        }
        let mut units = summarise(tally);
        if let Some(u) = unit {
            units.retain(|s| s.unit == u);
        }

        // Item and catalogue deadlines: those fired and still owed, and those pending within the
        // window (overdue when past: no scheduler has fired them yet). A step that meets a deadline
        // closes its timer, so a pending one is still owed. Task timers are shown as tasks; a
        // comment period's end is no one's obligation.
        let shown = |r: &TimerRow| {
            TimerKind::parse(&r.kind).is_some_and(|k| !TimerKind::TASK.contains(&k) && k != TimerKind::CommentPeriodEnd)
                && unit.is_none_or(|u| r.unit.as_deref() == Some(u))
        };
        let mut overdue_items: Vec<TimerRow> =
            timers::fired_open(db, gov.id).await?.into_iter().filter(shown).collect();
        let mut due_soon_items = Vec::new();
        for r in timers::pending_due_before(db, gov.id, horizon).await?.into_iter().filter(shown) {
            if r.due_on < today {
                overdue_items.push(r);
            } else {
                due_soon_items.push(r);
            }
        }
        overdue_items.sort_by_key(|r| r.due_on);
        Ok(Supervision { as_of: today, overdue_tasks, due_soon_tasks, overdue_items, due_soon_items, units })
    }
}
