//! Execution over GraphQL: assigning tasks by hand or from the decision's text, executors'
//! progress reports, an item's tasks, and the supervision screen of a government.

use crate::calendar::Date;
use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use juece_core::execution::{Deadline as CoreDeadline, ProgressReport, TaskSource, TaskSpec};
use juece_engine::execution::{Supervision as EngineSupervision, TaskRow, TimerRow, task_spec, task_standing};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::execution::DeadlineKind")]
/// Which of a task's deadlines a date is.
pub enum DeadlineKind {
    /// 阶段性成果.
    Staged,
    /// 完成.
    Final,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::execution::Standing")]
/// Where a task stands against its final deadline.
pub enum Standing {
    /// Done by its deadline.
    OnTime,
    /// Done after its deadline.
    Late,
    /// Not done, deadline not passed.
    Open,
    /// Not done, a deadline passed.
    Overdue,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::deadlines::TimerKind")]
/// What a statutory clock waits for.
pub enum TimerKind {
    /// 征求意见期届满 (R-05-5).
    CommentPeriodEnd,
    /// 合法性审查意见到期 (R-10-4).
    LegalityOpinionDue,
    /// 决策作出后20个工作日内公布 (R-13-2).
    PublicationDue,
    /// 年度目录6月底前公布 (R-02-4).
    CataloguePublicationDue,
    /// 计划完成时间 (久拖不决, R-18-2).
    PlannedCompletion,
    /// 阶段性成果时限.
    TaskStageDue,
    /// 任务完成时限 (R-15-2).
    TaskDue,
}

#[derive(InputObject)]
pub struct DeadlineInput {
    pub kind: DeadlineKind,
    pub due_on: Date,
    /// The words of the source (“2022年12月底前取得阶段性成果”).
    #[graphql(default)]
    pub text: String,
}

#[derive(InputObject)]
pub struct TaskInput {
    /// The task's number as printed.
    pub number: Option<String>,
    pub title: Option<String>,
    pub description: String,
    /// 牵头单位.
    pub lead_units: Vec<String>,
    /// 责任单位 / 参与部门.
    #[graphql(default)]
    pub responsible_units: Vec<String>,
    /// 配合单位.
    #[graphql(default)]
    pub supporting_units: Vec<String>,
    #[graphql(default)]
    pub deadlines: Vec<DeadlineInput>,
    /// The deadline as written when it is not a date (“长期坚持”).
    pub deadline_text: Option<String>,
}

impl From<TaskInput> for TaskSpec {
    fn from(t: TaskInput) -> Self {
        TaskSpec {
            number: t.number,
            title: t.title,
            description: t.description,
            lead_units: t.lead_units,
            responsible_units: t.responsible_units,
            supporting_units: t.supporting_units,
            lead_officials: Vec::new(),
            deadlines: t
                .deadlines
                .into_iter()
                .map(|d| CoreDeadline { kind: d.kind.into(), due_on: d.due_on.0, text: d.text })
                .collect(),
            deadline_text: t.deadline_text,
            source: None,
        }
    }
}

#[derive(InputObject)]
pub struct AssignTasksInput {
    pub item_id: ID,
    pub tasks: Vec<TaskInput>,
}

#[derive(InputObject)]
pub struct ImportTasksInput {
    pub item_id: ID,
    /// The decision's text as published (a gazette text may hold several documents).
    pub text: String,
    /// Read only the document with this number (钢城政发〔2022〕6号).
    pub document_number: Option<String>,
    /// Show what would be read without storing it.
    #[graphql(default)]
    pub preview: bool,
}

#[derive(InputObject)]
pub struct ReportTaskProgressInput {
    pub task_id: ID,
    pub expected_version: i32,
    pub reported_on: Date,
    /// 0–100.
    pub percent: i32,
    pub summary: String,
    /// The task is finished (then percent is 100).
    #[graphql(default)]
    pub done: bool,
}

/// One deadline of a task.
#[derive(SimpleObject)]
pub struct TaskDeadline {
    pub kind: DeadlineKind,
    pub due_on: Date,
    pub text: String,
}

/// Where an imported task was read from.
#[derive(SimpleObject)]
pub struct TaskSourceRef {
    pub document_number: String,
    pub first_line: u32,
    pub last_line: u32,
}

impl From<TaskSource> for TaskSourceRef {
    fn from(s: TaskSource) -> Self {
        TaskSourceRef { document_number: s.document_number, first_line: s.first_line, last_line: s.last_line }
    }
}

fn deadlines(spec: &TaskSpec) -> Vec<TaskDeadline> {
    spec.deadlines
        .iter()
        .map(|d| TaskDeadline { kind: d.kind.into(), due_on: Date(d.due_on), text: d.text.clone() })
        .collect()
}

/// An execution task of a decision.
pub struct Task {
    row: TaskRow,
    spec: TaskSpec,
}

impl Task {
    pub(crate) fn new(row: TaskRow) -> Result<Task, ApiError> {
        let spec = task_spec(&row).map_err(ApiError)?;
        Ok(Task { row, spec })
    }
}

#[Object]
impl Task {
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }
    async fn item_id(&self) -> ID {
        ID(self.row.item_id.to_string())
    }
    /// The task's place in its decision, from 1.
    async fn seq(&self) -> i32 {
        self.row.seq
    }
    async fn number(&self) -> Option<&str> {
        self.spec.number.as_deref()
    }
    async fn title(&self) -> Option<&str> {
        self.spec.title.as_deref()
    }
    async fn description(&self) -> &str {
        &self.spec.description
    }
    async fn lead_units(&self) -> &[String] {
        &self.spec.lead_units
    }
    async fn responsible_units(&self) -> &[String] {
        &self.spec.responsible_units
    }
    /// 配合单位.
    async fn supporting_units(&self) -> &[String] {
        &self.spec.supporting_units
    }
    /// 牵头领导.
    async fn lead_officials(&self) -> &[String] {
        &self.spec.lead_officials
    }
    /// Staged deadlines first, then the final one.
    async fn deadlines(&self) -> Vec<TaskDeadline> {
        deadlines(&self.spec)
    }
    async fn deadline_text(&self) -> Option<&str> {
        self.spec.deadline_text.as_deref()
    }
    async fn final_due(&self) -> Option<Date> {
        self.row.final_due.map(Date)
    }
    async fn source(&self) -> Option<TaskSourceRef> {
        self.spec.source.clone().map(Into::into)
    }
    async fn percent(&self) -> i32 {
        i32::from(self.row.percent)
    }
    /// OPEN or DONE.
    async fn status(&self) -> &str {
        &self.row.status
    }
    async fn completed_on(&self) -> Option<Date> {
        self.row.completed_on.map(Date)
    }
    async fn last_report_on(&self) -> Option<Date> {
        self.row.last_report_on.map(Date)
    }
    /// A deadline passed with the task not done (flagged by its timer).
    async fn overdue(&self) -> bool {
        self.row.overdue
    }
    /// On time, late, open or overdue, today.
    async fn standing(&self, ctx: &Context<'_>) -> Standing {
        task_standing(&self.row, engine(ctx).shanghai_today()).into()
    }
    async fn version(&self) -> i32 {
        self.row.version
    }
}

/// A task as read from a text, before or without storing it.
#[derive(SimpleObject)]
pub struct ReadTask {
    pub number: Option<String>,
    pub title: Option<String>,
    pub description: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub supporting_units: Vec<String>,
    pub lead_officials: Vec<String>,
    pub deadlines: Vec<TaskDeadline>,
    pub deadline_text: Option<String>,
    pub source: Option<TaskSourceRef>,
}

impl From<TaskSpec> for ReadTask {
    fn from(s: TaskSpec) -> Self {
        ReadTask {
            deadlines: deadlines(&s),
            number: s.number,
            title: s.title,
            description: s.description,
            lead_units: s.lead_units,
            responsible_units: s.responsible_units,
            supporting_units: s.supporting_units,
            lead_officials: s.lead_officials,
            deadline_text: s.deadline_text,
            source: s.source.map(Into::into),
        }
    }
}

/// Text that looked like a task but could not be read.
#[derive(SimpleObject)]
pub struct UnreadLine {
    /// The line in the text sent, from 1.
    pub line: usize,
    pub text: String,
    pub reason_zh: String,
    pub reason_en: String,
}

/// What an import read, stored, and could not read.
#[derive(SimpleObject)]
pub struct TaskImport {
    /// The tasks stored (none for a preview).
    pub stored: Vec<Task>,
    pub read: Vec<ReadTask>,
    pub unread: Vec<UnreadLine>,
}

/// An item or catalogue deadline on the supervision screen.
pub struct Deadline(TimerRow);

#[Object]
impl Deadline {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> Result<TimerKind> {
        Ok(juece_core::deadlines::TimerKind::parse(&self.0.kind)
            .ok_or_else(|| {
                ApiError(juece_engine::EngineError::Internal(format!("stored timer kind {:?}", self.0.kind)))
            })?
            .into())
    }
    /// What it means, in Chinese.
    async fn label_zh(&self) -> &str {
        juece_core::deadlines::TimerKind::parse(&self.0.kind).map_or("", |k| k.label_zh())
    }
    /// The rule whose period it keeps.
    async fn rule(&self) -> &str {
        juece_core::deadlines::TimerKind::parse(&self.0.kind).map_or("", |k| k.rule().id)
    }
    async fn item_id(&self) -> Option<ID> {
        self.0.item_id.map(|i| ID(i.to_string()))
    }
    async fn catalogue_id(&self) -> Option<ID> {
        self.0.catalogue_id.map(|i| ID(i.to_string()))
    }
    /// The unit accountable.
    async fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    /// The last day of the period.
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }
    /// PENDING, or FIRED when the period passed.
    async fn state(&self) -> &str {
        &self.0.state
    }
    async fn fired_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.fired_at
    }
}

/// One unit's line on the supervision screen.
#[derive(SimpleObject)]
pub struct UnitTally {
    pub unit: String,
    pub on_time: u32,
    pub late: u32,
    pub open: u32,
    pub overdue: u32,
    pub total: u32,
}

/// A government's supervision screen on one day.
#[derive(SimpleObject)]
pub struct Supervision {
    pub as_of: Date,
    pub overdue_tasks: Vec<Task>,
    pub due_soon_tasks: Vec<Task>,
    pub overdue_items: Vec<Deadline>,
    pub due_soon_items: Vec<Deadline>,
    pub units: Vec<UnitTally>,
}

fn tasks(rows: Vec<TaskRow>) -> Result<Vec<Task>, ApiError> {
    rows.into_iter().map(Task::new).collect()
}

impl Supervision {
    fn new(s: EngineSupervision) -> Result<Supervision, ApiError> {
        Ok(Supervision {
            as_of: Date(s.as_of),
            overdue_tasks: tasks(s.overdue_tasks)?,
            due_soon_tasks: tasks(s.due_soon_tasks)?,
            overdue_items: s.overdue_items.into_iter().map(Deadline).collect(),
            due_soon_items: s.due_soon_items.into_iter().map(Deadline).collect(),
            units: s
                .units
                .into_iter()
                .map(|u| UnitTally {
                    total: u.total(),
                    unit: u.unit,
                    on_time: u.on_time,
                    late: u.late,
                    open: u.open,
                    overdue: u.overdue,
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct ExecutionQueries;

#[Object]
impl ExecutionQueries {
    /// A government's supervision screen: overdue and soon-due tasks and deadlines (within
    /// `withinDays`, 14 by default), optionally for one unit, and each unit's tally.
    async fn supervision(
        &self,
        ctx: &Context<'_>,
        government_code: String,
        #[graphql(default = 14)] within_days: u32,
        unit: Option<String>,
    ) -> Result<Supervision> {
        let s = engine(ctx)
            .supervision(&viewer(ctx), &government_code, within_days, unit.as_deref())
            .await
            .map_err(ApiError)?;
        Ok(Supervision::new(s)?)
    }

    /// A task by id.
    async fn task(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Task>> {
        let id = parse_id("id", &id)?;
        match engine(ctx).task(&viewer(ctx), id).await.map_err(ApiError)? {
            Some(row) => Ok(Some(Task::new(row)?)),
            None => Ok(None),
        }
    }
}

#[derive(Default)]
pub struct ExecutionMutations;

#[Object]
impl ExecutionMutations {
    /// Assigns execution tasks to a decision being executed (R-15-1): all of them or none.
    async fn assign_tasks(&self, ctx: &Context<'_>, input: AssignTasksInput) -> Result<Vec<Task>> {
        let item = parse_id("itemId", &input.item_id)?;
        let specs = input.tasks.into_iter().map(TaskSpec::from).collect();
        let rows = engine(ctx).assign_tasks(&viewer(ctx), item, specs).await.map_err(ApiError)?;
        Ok(tasks(rows)?)
    }

    /// Reads the tasks of a decision's text (〔牵头单位：…；责任单位：…；完成时限：…〕 and the other
    /// gazette formats) and assigns them, or with `preview` only shows them. Text that could not be
    /// read comes back line by line.
    async fn import_tasks(&self, ctx: &Context<'_>, input: ImportTasksInput) -> Result<TaskImport> {
        let item = parse_id("itemId", &input.item_id)?;
        let out = engine(ctx)
            .import_tasks(&viewer(ctx), item, &input.text, input.document_number.as_deref(), input.preview)
            .await
            .map_err(ApiError)?;
        Ok(TaskImport {
            stored: tasks(out.stored)?,
            read: out.read.into_iter().map(ReadTask::from).collect(),
            unread: out
                .unread
                .into_iter()
                .map(|u| UnreadLine { line: u.line, text: u.text, reason_zh: u.zh, reason_en: u.en })
                .collect(),
        })
    }

    /// An executor's progress report on a task, at the version they saw (R-15-2).
    async fn report_task_progress(&self, ctx: &Context<'_>, input: ReportTaskProgressInput) -> Result<Task> {
        let id = parse_id("taskId", &input.task_id)?;
        let percent = u8::try_from(input.percent)
            .map_err(|_| ApiError::bad_input("percent", "完成比例应在0到100之间", "percent is between 0 and 100"))?;
        let report =
            ProgressReport { reported_on: input.reported_on.0, percent, summary: input.summary, done: input.done };
        let row =
            engine(ctx).report_progress(&viewer(ctx), id, input.expected_version, report).await.map_err(ApiError)?;
        Ok(Task::new(row)?)
    }
}

/// The tasks of an item, for its `tasks` field.
pub(crate) async fn item_tasks(ctx: &Context<'_>, item: &CatalogueItem) -> Result<Vec<Task>> {
    let rows = engine(ctx).tasks_of(&viewer(ctx), &item.0).await.map_err(ApiError)?;
    Ok(tasks(rows)?)
}
