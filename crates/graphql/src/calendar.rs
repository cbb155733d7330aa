//! Working days over GraphQL: a `Date` scalar (YYYY-MM-DD) and the calendar queries. A result
//! that would rest on a year whose holiday notice is not loaded is refused, not guessed.

use crate::error::ApiError;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;
use juece_core::calendar::{self, Certainty};

/// A calendar date, `YYYY-MM-DD` (Asia/Shanghai civil date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Date).map_err(|_| {
                InputValueError::custom(format!("日期应写作 YYYY-MM-DD（a Date is YYYY-MM-DD）, got \"{s}\""))
            }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// The most working days one question may span (about fifteen years).
pub const MAX_DAYS: i32 = 4000;

fn not_loaded(year: i32) -> ApiError {
    let years: Vec<String> = calendar::loaded_years().map(|y| y.to_string()).collect();
    ApiError::bad_input(
        "from",
        format!("{year}年的节假日安排尚未载入（已载入：{}），无法确定工作日", years.join("、")),
        format!(
            "the holiday arrangement for {year} is not loaded (loaded: {}), so working days cannot be fixed",
            years.join(", ")
        ),
    )
}

pub fn add_working_days(from: Date, days: i32) -> Result<Date, ApiError> {
    if !(0..=MAX_DAYS).contains(&days) {
        return Err(ApiError::bad_input(
            "days",
            format!("工作日数应在0至{MAX_DAYS}之间"),
            format!("days lies between 0 and {MAX_DAYS}"),
        ));
    }
    let r = calendar::add_working_days(from.0, days.unsigned_abs());
    match r.certainty {
        Certainty::Confirmed => Ok(Date(r.date)),
        Certainty::Provisional { missing_year } => Err(not_loaded(missing_year)),
    }
}

/// The longest span `workingDaysBetween` counts, in calendar days (about sixteen years, more than
/// [`MAX_DAYS`] working days). Counting walks the span day by day, and the dates a client may send
/// lie ten thousand years apart.
pub const MAX_SPAN_DAYS: i64 = 6000;

pub fn working_days_between(from: Date, to: Date) -> Result<i32, ApiError> {
    if (to.0 - from.0).num_days().abs() > MAX_SPAN_DAYS {
        return Err(ApiError::bad_input(
            "to",
            format!("两个日期相隔不得超过{MAX_SPAN_DAYS}日"),
            format!("the dates may lie at most {MAX_SPAN_DAYS} days apart"),
        ));
    }
    let r = calendar::working_days_between(from.0, to.0);
    match r.certainty {
        Certainty::Confirmed => Ok(i32::try_from(r.days).unwrap_or(i32::MAX)),
        Certainty::Provisional { missing_year } => Err(not_loaded(missing_year)),
    }
}
