//! The statutory clocks as dates: the instant a Shanghai day ends, the R-13-2 publication deadline
//! across holidays and past the loaded calendar, the R-02-4 catalogue deadline and which years owe
//! it, the end of a planned completion month (R-18-2), and which item states make a timer moot.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::ItemState;
use juece_core::calendar::Certainty;
use juece_core::calendar::end_of_day_shanghai;
use juece_core::catalogue::YearMonth;
use juece_core::deadlines::{
    TimerKind, TimerSpec, TimerState, catalogue_deadline, catalogue_publication_due, month_end, publication_due,
};
use juece_core::rule_catalogue::Profile;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn utc(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, s).single().expect("valid instant")
}

#[test]
fn a_shanghai_day_ends_at_1600_utc_of_the_same_day() {
    assert_eq!(end_of_day_shanghai(d(2026, 11, 24)), utc(2026, 11, 24, 16, 0, 0));
    // 23:59:59 in Shanghai is still the day; 24:00 is its end.
    let last_second = utc(2026, 11, 24, 15, 59, 59);
    assert!(last_second < end_of_day_shanghai(d(2026, 11, 24)));
    assert_eq!(end_of_day_shanghai(d(2026, 12, 31)), utc(2026, 12, 31, 16, 0, 0), "across a year end");
    assert_eq!(end_of_day_shanghai(d(2028, 2, 29)), utc(2028, 2, 29, 16, 0, 0), "a leap day");
}

#[test]
fn a_timer_fires_at_the_end_of_its_last_day() {
    let t = TimerSpec::new(TimerKind::CommentPeriodEnd, d(2026, 11, 24));
    assert_eq!(t.due_on, d(2026, 11, 24));
    assert_eq!(t.fires_at, utc(2026, 11, 24, 16, 0, 0));
}

#[test]
fn publication_is_due_20_working_days_after_signing_across_mid_autumn_and_national_day() {
    // Signed Fri 2026-09-18: 9/20 (Sun, make-up) is day 1; 中秋 9/25–27 and 国庆 10/1–7 are off;
    // 10/10 (Sat) is a make-up day; the 20th working day is Thu 10/22.
    let due = publication_due(d(2026, 9, 18), 20);
    assert_eq!(due.date, d(2026, 10, 22));
    assert_eq!(due.certainty, Certainty::Confirmed);
}

#[test]
fn publication_past_the_loaded_calendar_is_provisional_and_pessimistic() {
    // Signed Fri 2026-12-04: 19 working days to 12-31. 2027's notice is not loaded, so the
    // calendar counts every day of the window 元旦 might take as off: the 20th lands on Thu
    // 2027-01-07, later than any real 元旦 break would put it, never earlier.
    let due = publication_due(d(2026, 12, 4), 20);
    assert_eq!(due.date, d(2027, 1, 7));
    assert_eq!(due.certainty, Certainty::Provisional { missing_year: 2027 });
}

#[test]
fn the_catalogue_deadline_binds_only_years_whose_30_june_falls_under_the_rule() {
    assert_eq!(catalogue_publication_due(2026, (6, 30)), Some(d(2026, 6, 30)));
    assert_eq!(catalogue_publication_due(2026, (2, 30)), None);
    // Shandong's rule is in force from 2025-10-01: the 2026 catalogue owes it, the 2025 one
    // (whose 30 June had passed) and earlier ones do not; the national baseline has no such rule.
    assert_eq!(catalogue_deadline(Profile::Shandong, 2026), Some(d(2026, 6, 30)));
    assert_eq!(catalogue_deadline(Profile::Shandong, 2027), Some(d(2027, 6, 30)));
    assert_eq!(catalogue_deadline(Profile::Shandong, 2025), None);
    assert_eq!(catalogue_deadline(Profile::Shandong, 2022), None);
    assert_eq!(catalogue_deadline(Profile::National, 2026), None);
}

#[test]
fn a_planned_completion_month_ends_on_its_last_day() {
    let m = |y, mo| YearMonth::new(y, mo).expect("month");
    assert_eq!(month_end(m(2026, 2)), d(2026, 2, 28));
    assert_eq!(month_end(m(2028, 2)), d(2028, 2, 29));
    assert_eq!(month_end(m(2026, 11)), d(2026, 11, 30));
    assert_eq!(month_end(m(2026, 12)), d(2026, 12, 31));
    assert_eq!(month_end(m(2022, 12)), d(2022, 12, 31));
}

#[test]
fn item_timers_are_moot_once_the_item_has_done_what_they_wait_for() {
    use ItemState as S;
    let k = TimerKind::LegalityOpinionDue;
    assert!(!k.met_by_item_state(S::LegalitySubmitted));
    for s in [S::ReturnedForSupplement, S::LegalityReviewed, S::Drafting, S::Withdrawn] {
        assert!(k.met_by_item_state(s), "{s}");
    }
    let k = TimerKind::PublicationDue;
    assert!(!k.met_by_item_state(S::Decided));
    assert!(!k.met_by_item_state(S::PartyReported));
    assert!(k.met_by_item_state(S::Published));
    assert!(k.met_by_item_state(S::PublicationExempt));
    let k = TimerKind::PlannedCompletion;
    for s in [S::InCatalogue, S::Consultation, S::LegalitySubmitted, S::Discussed] {
        assert!(!k.met_by_item_state(s), "{s} is still undecided");
    }
    for s in [S::Decided, S::Published, S::Executing, S::ClosedRejected, S::Withdrawn] {
        assert!(k.met_by_item_state(s), "{s}");
    }
    // The other kinds are judged by their own rows, never by the item's state.
    for k in [TimerKind::CommentPeriodEnd, TimerKind::CataloguePublicationDue, TimerKind::TaskDue] {
        assert!(ItemState::ALL.iter().all(|s| !k.met_by_item_state(*s)), "{k}");
    }
    assert!(TimerKind::ITEM_STATE.iter().all(|k| !TimerKind::TASK.contains(k)));
}

#[test]
fn every_kind_cites_its_rule_and_every_state_round_trips() {
    let rules: Vec<&str> = TimerKind::ALL.iter().map(|k| k.rule().id).collect();
    assert_eq!(rules, ["R-05-5", "R-10-4", "R-13-2", "R-02-4", "R-18-2", "R-15-2", "R-15-2"]);
    for k in TimerKind::ALL {
        assert_eq!(TimerKind::parse(k.as_str()), Some(*k));
        assert!(!k.label_zh().is_empty() && !k.label_en().is_empty());
    }
    for s in TimerState::ALL {
        assert_eq!(TimerState::parse(s.as_str()), Some(*s));
    }
}
