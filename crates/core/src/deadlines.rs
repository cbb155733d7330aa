//! The statutory clocks: which deadlines the engine keeps as durable timers, when each falls due,
//! and whether a fired timer still matters when it fires.
//!
//! Each timer is a row in the database, scheduled in the same transaction as the step that starts
//! its clock; a scheduler fires it once when due, as an audit event. The dates are computed here so
//! that they are the same wherever a timer is made, and testable without a clock.

use crate::calendar::{WorkingDate, add_working_days, end_of_day_shanghai};
use crate::catalogue::{ItemState, YearMonth};
use crate::profile::{VERSIONS, in_force};
use crate::rule_catalogue::Profile;
use crate::rules::{R_02_4, R_05_5, R_10_4, R_13_2, R_15_2, R_18_2, Rule};
use chrono::{DateTime, NaiveDate, Utc};

string_enum! {
    /// What a timer waits for.
    TimerKind {
        /// 24:00 Asia/Shanghai of a comment notice's last day: the period closes (R-05-5).
        CommentPeriodEnd = "COMMENT_PERIOD_END",
        /// The day the legality opinion was asked for (R-10-4).
        LegalityOpinionDue = "LEGALITY_OPINION_DUE",
        /// 20 working days after the decision: the last day to publish it (R-13-2).
        PublicationDue = "PUBLICATION_DUE",
        /// 30 June of the catalogue's year: the last day to publish it (R-02-4).
        CataloguePublicationDue = "CATALOGUE_PUBLICATION_DUE",
        /// The end of the catalogue's planned completion month: after it the item is overdue
        /// (久拖不决, R-18-2).
        PlannedCompletion = "PLANNED_COMPLETION",
        /// A task's staged result (阶段性成果) is due.
        TaskStageDue = "TASK_STAGE_DUE",
        /// A task is due to be finished (R-15-2).
        TaskDue = "TASK_DUE",
    }
}

string_enum! {
    /// Where a timer stands. It leaves PENDING once, for one of the other three, and never returns.
    TimerState {
        /// Scheduled, not yet due or not yet seen by a scheduler.
        Pending = "PENDING",
        /// Fell due with what it waits for not done: its event is in the audit trail.
        Fired = "FIRED",
        /// What it waits for was done (before or when it fell due): nothing to report.
        Met = "MET",
        /// Superseded by a later deadline for the same thing (a new notice, a resubmission, an
        /// amended plan), or its subject is gone.
        Cancelled = "CANCELLED",
    }
}

impl TimerKind {
    /// The timers whose subject is an item and that [`TimerKind::met_by_item_state`] judges.
    pub const ITEM_STATE: &'static [TimerKind] =
        &[TimerKind::LegalityOpinionDue, TimerKind::PublicationDue, TimerKind::PlannedCompletion];

    /// The timers of an execution task.
    pub const TASK: &'static [TimerKind] = &[TimerKind::TaskStageDue, TimerKind::TaskDue];

    /// The rule whose period the timer keeps.
    pub fn rule(self) -> Rule {
        match self {
            TimerKind::CommentPeriodEnd => R_05_5,
            TimerKind::LegalityOpinionDue => R_10_4,
            TimerKind::PublicationDue => R_13_2,
            TimerKind::CataloguePublicationDue => R_02_4,
            TimerKind::PlannedCompletion => R_18_2,
            TimerKind::TaskStageDue | TimerKind::TaskDue => R_15_2,
        }
    }

    /// What happened when it fired, in the words a clerk reads on a supervision screen.
    pub fn label_zh(self) -> &'static str {
        match self {
            TimerKind::CommentPeriodEnd => "征求意见期届满，意见征集自动截止",
            TimerKind::LegalityOpinionDue => "合法性审查意见到期未出具",
            TimerKind::PublicationDue => "决策作出后20个工作日内未公布",
            TimerKind::CataloguePublicationDue => "年度决策事项目录6月底前未公布",
            TimerKind::PlannedCompletion => "超过计划完成时间仍未作出决策（久拖不决预警）",
            TimerKind::TaskStageDue => "执行任务阶段性成果到期未完成",
            TimerKind::TaskDue => "执行任务到期未完成",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TimerKind::CommentPeriodEnd => "the comment period ended and the notice closed",
            TimerKind::LegalityOpinionDue => "the legality opinion is overdue",
            TimerKind::PublicationDue => "the decision was not published within 20 working days",
            TimerKind::CataloguePublicationDue => "the year's catalogue was not published by 30 June",
            TimerKind::PlannedCompletion => "the item is past its planned completion month undecided (delay warning)",
            TimerKind::TaskStageDue => "a task's staged result is overdue",
            TimerKind::TaskDue => "a task is overdue",
        }
    }

    /// Whether the item's state shows that what the timer waits for has happened, so that the
    /// timer is moot: it is then closed as met, not fired. Task and notice timers are judged by
    /// their own rows.
    pub fn met_by_item_state(self, state: ItemState) -> bool {
        use ItemState as S;
        let past = |states: &[ItemState]| states.contains(&state);
        match self {
            TimerKind::LegalityOpinionDue => !past(&[S::LegalitySubmitted]),
            TimerKind::PublicationDue => !past(&[S::Decided, S::PartyReported]),
            // Decided, or out of the procedure without a decision that is still owed.
            TimerKind::PlannedCompletion => {
                past(ItemState::AFTER_PUBLICATION)
                    || past(&[S::Decided, S::PartyReported, S::ClosedRejected, S::Withdrawn])
            }
            TimerKind::CommentPeriodEnd
            | TimerKind::CataloguePublicationDue
            | TimerKind::TaskStageDue
            | TimerKind::TaskDue => false,
        }
    }
}

/// The last day to publish a decision signed on `decided_on` (R-13-2): `n` working days later.
pub fn publication_due(decided_on: NaiveDate, working_days: u32) -> WorkingDate {
    add_working_days(decided_on, working_days)
}

/// The last day to publish the catalogue of `year`, by the profile's month and day (R-02-4).
pub fn catalogue_publication_due(year: i32, (month, day): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last day to publish the catalogue of `year` under `profile` (R-02-4), if a deadline binds
/// that year at all: the deadline of the profile version in force on the deadline day itself. So a
/// rule that came into force after its day had passed in `year` (Shandong's, from 2025-10-01, for
/// the 2025 catalogue) owes nothing for that year, whenever the catalogue row was created; and a
/// catalogue created before the rule came into force still owes it when the rule is in force by
/// the day.
pub fn catalogue_deadline(profile: Profile, year: i32) -> Option<NaiveDate> {
    VERSIONS
        .iter()
        .filter(|v| v.profile == profile)
        .filter_map(|v| {
            let due = catalogue_publication_due(year, v.params.catalogue_publication_deadline?)?;
            (in_force(profile, due).map(|w| w.version) == Some(v.version)).then_some(due)
        })
        .min()
}

/// The last day of a planned completion month.
pub fn month_end(m: YearMonth) -> NaiveDate {
    let (y, mo) = if m.month() == 12 { (m.year() + 1, 1) } else { (m.year(), m.month() + 1) };
    NaiveDate::from_ymd_opt(y, mo, 1).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

/// A timer to schedule: its kind, what it is about and when it falls due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerSpec {
    pub kind: TimerKind,
    /// The last day of the period, as a clerk reads it.
    pub due_on: NaiveDate,
    /// The instant it fires: the end of that day in Shanghai.
    pub fires_at: DateTime<Utc>,
}

impl TimerSpec {
    pub fn new(kind: TimerKind, due_on: NaiveDate) -> Self {
        TimerSpec { kind, due_on, fires_at: end_of_day_shanghai(due_on) }
    }
}
