//! Execution tasks of a decision (R-15-1, R-15-2): each names a lead unit, the responsible units,
//! staged and final deadlines; executors report progress, and a task's standing (on time, late,
//! open, overdue) is computed from its dates alone.

use crate::catalogue::ItemState;
use crate::error::{CoreError, InputError};
use crate::rules::{R_15_1, R_15_2, R_17_2, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    /// Which of a task's deadlines a date is.
    DeadlineKind {
        /// 阶段性成果.
        Staged = "STAGED",
        /// 完成.
        Final = "FINAL",
    }
}

/// One deadline of a task: the last day, and the words the source used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    #[serde(default)]
    pub text: String,
}

/// Where an imported task was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSource {
    /// 文号 of the decision text.
    pub document_number: String,
    pub first_line: u32,
    pub last_line: u32,
}

/// A task as assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSpec {
    /// The task's number as printed (“12”, “（三）”).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub description: String,
    /// 牵头单位.
    pub lead_units: Vec<String>,
    /// 责任单位 / 参与部门.
    #[serde(default)]
    pub responsible_units: Vec<String>,
    /// 配合单位, where the text names them beside the responsible units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporting_units: Vec<String>,
    /// 牵头领导, where the text names the leaders in charge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_officials: Vec<String>,
    /// Staged deadlines first, then the final one.
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    /// The deadline as written when it is not a date (“长期坚持”).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<TaskSource>,
}

impl TaskSpec {
    /// The final deadline, if the task has one.
    pub fn final_due(&self) -> Option<NaiveDate> {
        self.deadlines.iter().filter(|d| d.kind == DeadlineKind::Final).map(|d| d.due_on).max()
    }

    /// The day the task is judged by: its final deadline, or where the text sets only a staged
    /// result (“2022年11月底前取得阶段性成果”), the last staged one — nothing later is asked of it.
    pub fn due(&self) -> Option<NaiveDate> {
        self.final_due().or_else(|| self.deadlines.iter().map(|d| d.due_on).max())
    }

    /// The units a supervision screen files the task under: the lead units, or the responsible
    /// ones where the text names no lead.
    pub fn accountable_units(&self) -> &[String] {
        if self.lead_units.is_empty() { &self.responsible_units } else { &self.lead_units }
    }
}

/// The longest task description kept, in characters.
pub const MAX_DESCRIPTION: usize = 4000;

/// Checks a task's content: a description, at least one unit to carry it (R-15-1), deadlines in
/// order with no staged result due after the final one.
pub fn validate_task(t: &TaskSpec) -> Result<(), CoreError> {
    let n = t.description.trim().chars().count();
    if n == 0 {
        return Err(InputError::new("description", "任务内容不能为空", "a task needs a description").into());
    }
    if n > MAX_DESCRIPTION {
        return Err(InputError::new(
            "description",
            format!("任务内容不能超过{MAX_DESCRIPTION}个字（现为{n}个）"),
            format!("a task description has at most {MAX_DESCRIPTION} characters (this one has {n})"),
        )
        .into());
    }
    let units = t.lead_units.iter().chain(&t.responsible_units);
    if units.clone().all(|u| u.trim().is_empty()) {
        return Err(Violation::new(
            R_15_1,
            "执行任务须明确牵头单位或责任单位",
            "an execution task names its lead unit or responsible units",
        )
        .into());
    }
    if let Some(u) = t.lead_units.iter().chain(&t.responsible_units).find(|u| u.trim().chars().count() > 100) {
        return Err(InputError::new(
            "units",
            format!("单位名称过长：{}…", u.chars().take(20).collect::<String>()),
            "a unit name has at most 100 characters",
        )
        .into());
    }
    if let (Some(last_staged), Some(fin)) =
        (t.deadlines.iter().filter(|d| d.kind == DeadlineKind::Staged).map(|d| d.due_on).max(), t.final_due())
        && last_staged > fin
    {
        return Err(InputError::new(
            "deadlines",
            format!("阶段性成果时限（{last_staged}）不能晚于完成时限（{fin}）"),
            format!("a staged result ({last_staged}) cannot be due after the task ({fin})"),
        )
        .into());
    }
    Ok(())
}

/// Tasks are assigned to a decision being executed (R-15-1).
pub fn check_assignable(state: ItemState) -> Result<(), CoreError> {
    if ItemState::IN_FORCE.contains(&state) || state == ItemState::Suspended {
        Ok(())
    } else {
        Err(Violation::new(
            R_15_1,
            format!("决策交付执行后方可分解执行任务，该事项现处于{state}阶段"),
            format!("tasks are assigned once the decision is being executed; the item is at {state}"),
        )
        .into())
    }
}

/// A progress report on one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressReport {
    pub reported_on: NaiveDate,
    /// 0–100.
    pub percent: u8,
    pub summary: String,
    /// The task is finished.
    #[serde(default)]
    pub done: bool,
}

/// Checks a progress report: execution not suspended (R-17-2), the task still open, a summary,
/// progress that does not go backwards, and “done” only at 100.
pub fn check_progress(
    state: ItemState,
    done_already: bool,
    last_percent: u8,
    report: &ProgressReport,
    today: NaiveDate,
) -> Result<(), CoreError> {
    if state == ItemState::Suspended {
        return Err(Violation::new(
            R_17_2,
            "决策已由行政首长决定暂停执行，暂停期间不报告执行进展",
            "execution is suspended by the head; no progress is reported meanwhile",
        )
        .into());
    }
    if !ItemState::IN_FORCE.contains(&state) {
        return Err(Violation::new(
            R_15_2,
            format!("该决策不在执行中（{state}），不能报告执行进展"),
            format!("the decision is not being executed ({state}); progress cannot be reported"),
        )
        .into());
    }
    if done_already {
        return Err(InputError::new("taskId", "该任务已完成", "the task is already done").into());
    }
    if report.summary.trim().is_empty() {
        return Err(InputError::new("summary", "进展情况不能为空", "a progress report needs a summary").into());
    }
    if report.percent > 100 {
        return Err(InputError::new("percent", "完成比例应在0到100之间", "percent is between 0 and 100").into());
    }
    if report.percent < last_percent {
        return Err(InputError::new(
            "percent",
            format!("完成比例不能低于上次报告的{last_percent}%"),
            format!("progress cannot go below the last report's {last_percent}%"),
        )
        .into());
    }
    if report.done != (report.percent == 100) {
        return Err(InputError::new(
            "done",
            "任务完成时完成比例为100%，未完成时不能为100%",
            "a done task is at 100%, an open one below it",
        )
        .into());
    }
    if report.reported_on > today {
        return Err(
            InputError::new("reportedOn", "报告日期不能晚于今天", "the report date cannot be in the future").into()
        );
    }
    Ok(())
}

string_enum! {
    /// Where a task stands against its final deadline.
    Standing {
        /// Done by its deadline (or done, with no deadline).
        OnTime = "ON_TIME",
        /// Done after its deadline.
        Late = "LATE",
        /// Not done, deadline not passed (or none).
        Open = "OPEN",
        /// Not done, deadline passed.
        Overdue = "OVERDUE",
    }
}

/// A task's standing on `today`: a deadline is met all through its last day.
pub fn standing(final_due: Option<NaiveDate>, completed_on: Option<NaiveDate>, today: NaiveDate) -> Standing {
    match (completed_on, final_due) {
        (Some(done), Some(due)) if done > due => Standing::Late,
        (Some(_), _) => Standing::OnTime,
        (None, Some(due)) if today > due => Standing::Overdue,
        (None, _) => Standing::Open,
    }
}

/// One unit's line on the supervision screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitSummary {
    pub unit: String,
    pub on_time: u32,
    pub late: u32,
    pub open: u32,
    pub overdue: u32,
}

impl UnitSummary {
    pub fn total(&self) -> u32 {
        self.on_time + self.late + self.open + self.overdue
    }
}

/// The per-unit summary of tasks `(accountable units, standing)`: a task with two lead units
/// counts for each. Units in first-seen order.
pub fn summarise<'a>(tasks: impl IntoIterator<Item = (&'a [String], Standing)>) -> Vec<UnitSummary> {
    let mut out: Vec<UnitSummary> = Vec::new();
    for (units, s) in tasks {
        for unit in units {
            let pos = match out.iter().position(|u| &u.unit == unit) {
                Some(p) => p,
                None => {
                    out.push(UnitSummary { unit: unit.clone(), ..Default::default() });
                    out.len() - 1
                }
            };
            if let Some(line) = out.get_mut(pos) {
                match s {
                    Standing::OnTime => line.on_time += 1,
                    Standing::Late => line.late += 1,
                    Standing::Open => line.open += 1,
                    Standing::Overdue => line.overdue += 1,
                }
            }
        }
    }
    out
}
