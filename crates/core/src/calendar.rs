//! The working-day calendar of a Chinese government body (工作日, with 调休): which days are working
//! days, and the deadlines the procedure counts in working days or calendar days
//! (`procedure-rules.md` §3).
//!
//! Hand-written: no maintained Rust crate models a Chinese government calendar with make-up working
//! days and is current. `chinese_holiday` stops at 2024; `holiday-cn` scrapes at build time into a
//! global cache behind a string API; `holiday-engine` carries estimated, partly wrong data; generic
//! business-day crates (`bdays`, `business`) cannot make a Saturday a working day. The table itself
//! is in [`data`] (file `calendar_data.rs`), one row per yearly State Council notice.
//!
//! # What a working day is
//!
//! Monday to Friday, except the days off a notice announces, plus the Saturdays and Sundays it
//! makes working days (调休上班): `procedure-rules.md` §3.1. Half-day holidays for part of the
//! population (妇女节 and the like) do not change a government body's calendar.
//!
//! # Fail closed: confirmed and provisional results
//!
//! A date is *known* when every notice that can affect it is loaded: its own year's, and for the
//! last week of December also the next year's, because a notice's 元旦 arrangement reaches back
//! into the previous December (2023's began on 2022-12-31; 2019's made 2018-12-29 a working
//! Saturday). [`is_working_day`] refuses an unknown date with [`OutsideCalendar`].
//!
//! The deadline functions never refuse: they return a [`WorkingDate`] (or [`WorkingDayCount`])
//! that is [`Certainty::Confirmed`] only if every day it depends on is known. Otherwise it is
//! [`Certainty::Provisional`] and computed with a deliberately pessimistic guess for the unknown
//! days, chosen for the periods this procedure counts, which are *minimum* periods (the legality
//! review gets at least 7 working days, the comment period runs at least 30 days):
//!
//! - An unknown day is a working day only if it is Monday–Friday (or a make-up day a loaded notice
//!   names) **and** lies outside every window in which a holiday block could plausibly fall
//!   ([`POSSIBLE_HOLIDAY_WINDOWS`]). Make-up days of unloaded notices are ignored.
//! - So a provisional [`add_working_days`] or [`earliest_comment_close`] is the *latest* plausible
//!   date, and a provisional [`working_days_between`] the *fewest* plausible working days. Treating
//!   Monday–Friday as working would do the opposite: a real holiday would make the true deadline
//!   later than the computed one, and a minimum period could be cut short.
//! - The price is that a provisional date can be weeks too late (the 春节 window alone spans about
//!   six weeks). That is acceptable because a provisional result is for planning only.
//!
//! **A provisional result never satisfies a hard guard.** Guard code checks
//! [`WorkingDate::is_confirmed`] (or [`WorkingDayCount::is_confirmed`]) and refuses otherwise,
//! telling the clerk that the calendar for that year is not loaded yet. Nor is a provisional date a
//! safe *maximum* period (a "no later than" limit such as the 20-working-day publication limit):
//! it errs late, so it must not be shown as the last permitted day.
//!
//! Results that depend on nothing unknown are exact against the loaded table; when a notice is
//! amended, the table changes and [`CALENDAR_VERSION`] is bumped.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

// The table is a separate file so that adding a year is a diff of data only; it is a child module
// so that the crate root declares the calendar once.
#[path = "calendar_data.rs"]
pub mod data;

pub use data::{CALENDAR_VERSION, HolidayBlock, YEARS, YearNotice};

/// From this day of December, a date also depends on the next year's notice. No notice has reached
/// further back than 29 December (the 2008 and 2019 arrangements, as recorded by `chinesecalendar`);
/// under the 2025 rule (元旦 3 days at most, or only 1 January when it falls on a Wednesday) a block
/// and its make-up day stay within the weekend preceding 1 January, which never begins before
/// 25 December.
pub const NEXT_NOTICE_FROM_DECEMBER: u32 = 25;

/// Where a holiday block may fall in a year whose notice is not loaded. Every block announced from
/// 2008 to 2026 lies inside one of them (checked against `chinesecalendar` 1.11.0; the only
/// exceptions are the one-off anniversary days 2015-09-03/04, while the 2020 epidemic extension of
/// 春节 falls inside), widened by a day or two. The 春节 window runs from 腊月二十八 of the earliest
/// possible new year (21 January) to beyond 正月初七 of the latest (20 February). Used only for the
/// pessimistic guess described in the module doc.
pub const POSSIBLE_HOLIDAY_WINDOWS: &[HolidayWindow] = &[
    HolidayWindow { name: "元旦", first: (1, 1), last: (1, 3) },
    HolidayWindow { name: "春节", first: (1, 19), last: (2, 28) },
    HolidayWindow { name: "清明节", first: (4, 2), last: (4, 7) },
    HolidayWindow { name: "劳动节", first: (4, 29), last: (5, 6) },
    HolidayWindow { name: "端午节", first: (5, 27), last: (6, 27) },
    // 中秋节 and 国庆节 can merge into one block.
    HolidayWindow { name: "中秋节、国庆节", first: (9, 6), last: (10, 8) },
    // The next year's 元旦, reaching back into December.
    HolidayWindow { name: "元旦", first: (12, 29), last: (12, 31) },
];

/// A stretch of the year, the same every year, in which a holiday block may fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidayWindow {
    pub name: &'static str,
    /// `(month, day)` of the first day, inclusive.
    pub first: (u32, u32),
    /// `(month, day)` of the last day, inclusive.
    pub last: (u32, u32),
}

impl HolidayWindow {
    pub fn contains(&self, d: NaiveDate) -> bool {
        let md = (d.month(), d.day());
        self.first <= md && md <= self.last
    }
}

/// A date the loaded notices cannot settle: the notice for `year` is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("the working-day calendar has not loaded the State Council's holiday arrangement for {year}")]
pub struct OutsideCalendar {
    /// The title year of the missing notice (for a date in late December, possibly the next year).
    pub year: i32,
}

impl OutsideCalendar {
    /// The message for a clerk, in Chinese.
    pub fn zh(&self) -> String {
        format!("工作日历尚未载入《国务院办公厅关于{}年部分节假日安排的通知》，无法确定该日是否为工作日", self.year)
    }

    /// The message for a clerk, in English.
    pub fn en(&self) -> String {
        format!(
            "the working-day calendar has not loaded the State Council's holiday arrangement for {}, so it cannot tell whether the day is a working day",
            self.year
        )
    }
}

/// Whether a computed date or count rests only on loaded notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Certainty {
    /// Every day the result depends on is settled by a loaded notice.
    Confirmed,
    /// At least one day needed the notice for `missing_year`, which is not loaded; the result is
    /// the pessimistic bound described in the module doc and never satisfies a hard guard.
    Provisional {
        /// The first missing notice the computation ran into.
        missing_year: i32,
    },
}

impl Certainty {
    pub fn is_confirmed(self) -> bool {
        matches!(self, Certainty::Confirmed)
    }
}

/// A date computed by the calendar, with whether it can be relied on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkingDate {
    pub date: NaiveDate,
    pub certainty: Certainty,
}

impl WorkingDate {
    /// True only if the date rests on loaded notices alone; the only kind a hard guard accepts.
    pub fn is_confirmed(&self) -> bool {
        self.certainty.is_confirmed()
    }

    /// The date, if confirmed.
    pub fn confirmed(&self) -> Option<NaiveDate> {
        self.is_confirmed().then_some(self.date)
    }
}

/// A signed number of working days computed by [`working_days_between`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkingDayCount {
    pub days: i64,
    pub certainty: Certainty,
}

impl WorkingDayCount {
    /// True only if the count rests on loaded notices alone; the only kind a hard guard accepts.
    pub fn is_confirmed(&self) -> bool {
        self.certainty.is_confirmed()
    }

    /// The count, if confirmed.
    pub fn confirmed(&self) -> Option<i64> {
        self.is_confirmed().then_some(self.days)
    }
}

/// The years whose notice is loaded, ascending.
pub fn loaded_years() -> impl Iterator<Item = i32> {
    YEARS.iter().map(|n| n.year)
}

/// The loaded notice for `year`.
pub fn notice(year: i32) -> Option<&'static YearNotice> {
    YEARS.iter().find(|n| n.year == year)
}

/// Whether `d` is a working day for a government body: Monday–Friday minus the notice's days off,
/// plus its make-up working days. `Err` if a notice that can affect `d` is not loaded: the date's
/// own year, or for 25–31 December also the next year.
pub fn is_working_day(d: NaiveDate) -> Result<bool, OutsideCalendar> {
    match classify(d) {
        Day::Known(working) => Ok(working),
        Day::Unknown { missing_year, .. } => Err(OutsideCalendar { year: missing_year }),
    }
}

/// The `n`-th working day strictly after `from`: the start day is not counted (民法典 第二百零一条,
/// 「开始的当日不计入，自下一日开始计算」), even if it is a working day.
///
/// `n == 0` gives `from` itself, confirmed, since nothing is counted. Provisional results are the
/// latest plausible date (module doc). Beyond the last date chrono can represent the result
/// saturates at [`NaiveDate::MAX`], provisional.
///
/// Examples (`procedure-rules.md` §3.6): 2025-09-26 + 7 → 2025-10-13; 2026-02-12 + 7 → 2026-02-28,
/// a make-up Saturday.
pub fn add_working_days(from: NaiveDate, n: u32) -> WorkingDate {
    let mut tally = Tally::default();
    let mut d = from;
    let mut left = n;
    while left > 0 {
        let Some(next) = d.succ_opt() else { return beyond_range() };
        d = next;
        if tally.working(d) {
            left -= 1;
        }
    }
    WorkingDate { date: d, certainty: tally.certainty() }
}

/// The number of working days in `(from, to]`: the start day excluded, the end day included, so
/// that `working_days_between(d, add_working_days(d, n).date) == n`.
///
/// Signed: when `to < from` the result is minus the working days in `(to, from]`, so that
/// `between(a, b) == -between(b, a)` and `between(a, c) == between(a, b) + between(b, c)`;
/// `to == from` gives 0. A guard "at least n working days have passed" is then simply `days >= n`.
///
/// Provisional counts are the fewest plausible working days in the interval (module doc).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> WorkingDayCount {
    let (lo, hi, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
    let mut tally = Tally::default();
    let mut count: i64 = 0;
    // `lo < hi <= NaiveDate::MAX`, so every successor below exists.
    let mut d = lo;
    while d < hi {
        let Some(next) = d.succ_opt() else { break };
        d = next;
        if tally.working(d) {
            count += 1;
        }
    }
    WorkingDayCount { days: sign * count, certainty: tally.certainty() }
}

/// The earliest day a comment period opened on `open` may close when it must run at least `days`
/// calendar days (`procedure-rules.md` §3.4): `open + days` (the opening day is not counted, so day
/// 1 is the day after), moved to the next working day if it is not one (民法典 第二百零三条: a period
/// whose last day is a holiday ends on the day after the holiday; for a minimum period we also move
/// off an ordinary weekend, which can never cut the period short).
///
/// Example: opened 2026-01-20 for 30 days → nominally 2026-02-19, inside the 春节 break → 2026-02-24.
pub fn earliest_comment_close(open: NaiveDate, days: u32) -> WorkingDate {
    let Some(mut d) = open.checked_add_days(Days::new(u64::from(days))) else { return beyond_range() };
    let mut tally = Tally::default();
    while !tally.working(d) {
        let Some(next) = d.succ_opt() else { return beyond_range() };
        d = next;
    }
    WorkingDate { date: d, certainty: tally.certainty() }
}

/// Whether hearing materials delivered on `delivery` were delivered "`min_days`日前" a hearing on
/// `hearing` (`procedure-rules.md` §3.5). Calendar days, so no notice is needed.
///
/// - `conservative == true` (the default the rules recommend): `hearing − delivery ≥ min_days + 1`,
///   i.e. `min_days` whole days lie between the delivery day and the hearing day, neither counted.
///   For 7 days: delivered on the 1st, the hearing may be on the 9th at the earliest.
/// - `conservative == false`: `hearing − delivery ≥ min_days`, the delivery day excluded and the
///   hearing day counted as the last day. For 7 days: delivered on the 1st, hearing on the 8th.
///
/// A delivery on or after the hearing day is never in time.
pub fn materials_delivered_in_time(delivery: NaiveDate, hearing: NaiveDate, min_days: u32, conservative: bool) -> bool {
    let gap = hearing.signed_duration_since(delivery).num_days();
    let required = i64::from(min_days) + i64::from(conservative);
    gap >= required.max(1)
}

/// The Asia/Shanghai calendar day an instant falls on (a fixed +08:00 offset, as below).
pub fn shanghai_date(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(8)).date_naive()
}

/// 24:00 Asia/Shanghai at the end of `d`, as UTC: `d + 1` 00:00 +08:00, which is `d` 16:00 UTC.
/// Deadlines are recorded this way (`procedure-rules.md` §3.3). China has observed no daylight
/// saving time since 1991, so a fixed +08:00 offset is exact for every date this engine handles and
/// no time-zone database is needed.
pub fn end_of_day_shanghai(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(SHANGHAI_MIDNIGHT_AS_UTC).and_utc()
}

/// 24:00 at +08:00 is 16:00 UTC the same day.
const SHANGHAI_MIDNIGHT_AS_UTC: NaiveTime = match NaiveTime::from_hms_opt(16, 0, 0) {
    Some(t) => t,
    None => panic!("16:00:00 is a valid time"),
};

/// What the loaded notices say about one day.
#[derive(Debug, Clone, Copy)]
enum Day {
    Known(bool),
    /// The notice for `missing_year` is needed and not loaded; `assumed_working` is the
    /// pessimistic guess.
    Unknown {
        missing_year: i32,
        assumed_working: bool,
    },
}

fn classify(d: NaiveDate) -> Day {
    let year = d.year();
    let needs_next = d.month() == 12 && d.day() >= NEXT_NOTICE_FROM_DECEMBER;
    let own = notice(year);
    let next = if needs_next { year.checked_add(1).and_then(notice) } else { None };

    // A day named by a loaded notice is settled by it, whichever of the two notices names it.
    let listed = [own, next].into_iter().flatten().find_map(|n| listed_in(n, d));
    let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);

    let missing_year = if own.is_none() {
        Some(year)
    } else if needs_next && next.is_none() {
        Some(year.saturating_add(1))
    } else {
        None
    };
    match missing_year {
        None => Day::Known(listed.unwrap_or(weekday)),
        Some(missing_year) => {
            Day::Unknown { missing_year, assumed_working: listed.unwrap_or(weekday && !in_possible_holiday_window(d)) }
        }
    }
}

/// `Some(true)` for a make-up working day of `n`, `Some(false)` for one of its days off.
fn listed_in(n: &YearNotice, d: NaiveDate) -> Option<bool> {
    if n.blocks.iter().any(|b| b.makeup.contains(&d)) {
        Some(true)
    } else if n.blocks.iter().any(|b| b.contains(d)) {
        Some(false)
    } else {
        None
    }
}

fn in_possible_holiday_window(d: NaiveDate) -> bool {
    POSSIBLE_HOLIDAY_WINDOWS.iter().any(|w| w.contains(d))
}

/// Classifies days and remembers the first missing notice met on the way.
#[derive(Default)]
struct Tally {
    missing_year: Option<i32>,
}

impl Tally {
    fn working(&mut self, d: NaiveDate) -> bool {
        match classify(d) {
            Day::Known(working) => working,
            Day::Unknown { missing_year, assumed_working } => {
                self.missing_year.get_or_insert(missing_year);
                assumed_working
            }
        }
    }

    fn certainty(&self) -> Certainty {
        match self.missing_year {
            None => Certainty::Confirmed,
            Some(missing_year) => Certainty::Provisional { missing_year },
        }
    }
}

fn beyond_range() -> WorkingDate {
    WorkingDate { date: NaiveDate::MAX, certainty: Certainty::Provisional { missing_year: NaiveDate::MAX.year() } }
}
