//! The working-day calendar: the worked examples of `procedure-rules.md` §3.4–3.6, the structure of
//! the loaded notices, fail-closed behaviour outside them, and the counting functions' algebra.
//! Synchronous and hermetic: dates in, dates out.

use chrono::{Datelike, NaiveDate, TimeZone, Utc, Weekday};
use juece_core::calendar::{
    Certainty, OutsideCalendar, POSSIBLE_HOLIDAY_WINDOWS, YEARS, add_working_days, earliest_comment_close,
    end_of_day_shanghai, is_working_day, loaded_years, materials_delivered_in_time, notice, working_days_between,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn is_weekend(x: NaiveDate) -> bool {
    matches!(x.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every date from `first` to `last`, both included.
fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |x| *x <= last)
}

// ---- §3.6: the worked examples a naive Monday–Friday calendar gets wrong ----

#[test]
fn legality_review_over_national_day_2025() {
    let due = add_working_days(d(2025, 9, 26), 7);
    assert_eq!(due.date, d(2025, 10, 13));
    assert!(due.is_confirmed());
    assert_eq!(due.confirmed(), Some(d(2025, 10, 13)));
}

#[test]
fn legality_review_over_spring_festival_2026_ends_on_a_makeup_saturday() {
    let due = add_working_days(d(2026, 2, 12), 7);
    assert_eq!(due.date, d(2026, 2, 28));
    assert_eq!(due.date.weekday(), Weekday::Sat);
    assert_eq!(due.certainty, Certainty::Confirmed);
}

#[test]
fn the_start_day_is_not_counted() {
    // 2025-09-29 (Mon) is a working day; one working day after it is 9/30, not 9/29.
    assert_eq!(add_working_days(d(2025, 9, 29), 1).date, d(2025, 9, 30));
    // Nothing to count: the start day itself.
    let zero = add_working_days(d(2025, 10, 4), 0);
    assert_eq!(zero.date, d(2025, 10, 4));
    assert!(zero.is_confirmed());
}

// ---- §3.4: a calendar-day minimum that ends in a holiday moves to the next working day ----

#[test]
fn comment_period_closing_in_spring_festival_moves_to_the_next_working_day() {
    let close = earliest_comment_close(d(2026, 1, 20), 30);
    assert_eq!(close.date, d(2026, 2, 24));
    assert!(close.is_confirmed());
}

#[test]
fn comment_period_closing_on_a_working_day_stays() {
    // 2026-03-02 + 30 days = 2026-04-01, a Wednesday.
    assert_eq!(earliest_comment_close(d(2026, 3, 2), 30).date, d(2026, 4, 1));
    // Ending on a make-up Saturday: it is a working day, so it stays (2026-01-29 + 30 = 2026-02-28).
    assert_eq!(earliest_comment_close(d(2026, 1, 29), 30).date, d(2026, 2, 28));
    // Ending on an ordinary Sunday moves to Monday: 2026-02-27 + 30 = 2026-03-29, a Sunday.
    assert_eq!(earliest_comment_close(d(2026, 2, 27), 30).date, d(2026, 3, 30));
}

// ---- single days ----

#[test]
fn a_makeup_sunday_is_a_working_day() {
    assert_eq!(d(2025, 9, 28).weekday(), Weekday::Sun);
    assert_eq!(is_working_day(d(2025, 9, 28)), Ok(true));
}

#[test]
fn a_weekday_in_a_holiday_block_is_not() {
    assert_eq!(d(2025, 10, 8).weekday(), Weekday::Wed);
    assert_eq!(is_working_day(d(2025, 10, 8)), Ok(false));
}

#[test]
fn ordinary_days() {
    assert_eq!(is_working_day(d(2025, 10, 13)), Ok(true)); // Monday
    assert_eq!(is_working_day(d(2025, 10, 12)), Ok(false)); // Sunday
    assert_eq!(is_working_day(d(2024, 2, 29)), Ok(true)); // leap day, Thursday
}

// ---- the table's structure ----

#[test]
fn loaded_years_are_2022_to_2026_each_with_its_notice() {
    assert_eq!(loaded_years().collect::<Vec<_>>(), vec![2022, 2023, 2024, 2025, 2026]);
    for n in YEARS {
        assert_eq!(notice(n.year), Some(n));
        assert_eq!(n.title, format!("国务院办公厅关于{}年部分节假日安排的通知", n.year));
        assert_eq!(n.issued.year(), n.year - 1, "{}: a notice is issued the year before", n.year);
        if let Some(no) = n.document_number {
            assert!(no.starts_with(&format!("国办发明电〔{}〕", n.year - 1)), "{}: {no}", n.year);
        }
        if let Some(url) = n.url {
            assert!(url.contains("www.gov.cn/zhengce/content/"), "{}: {url}", n.year);
        }
    }
    assert_eq!(notice(2021), None);
    assert_eq!(notice(2027), None);
}

/// A notice's days off lie in its own year, except that its 元旦 block may begin in the last week of
/// the previous December (the 2023 notice: 2022-12-31 to 2023-01-02).
fn in_notice_year(year: i32, x: NaiveDate) -> bool {
    x.year() == year || (x.year() == year - 1 && x.month() == 12 && x.day() >= 25)
}

#[test]
fn every_day_off_is_in_its_own_year_and_not_also_a_makeup_day() {
    let all_makeup: Vec<NaiveDate> = YEARS.iter().flat_map(|n| n.makeup_days()).collect();
    let mut seen = Vec::new();
    for n in YEARS {
        for b in n.blocks {
            assert!(b.first <= b.last, "{} {}: empty block", n.year, b.name);
            assert!((b.last - b.first).num_days() < 10, "{} {}: no block is longer than 9 days", n.year, b.name);
        }
        for x in n.days_off() {
            assert!(in_notice_year(n.year, x), "{}: day off {x} outside its year", n.year);
            if x.year() != n.year {
                assert!(n.blocks[0].name == "元旦" && n.blocks[0].contains(x), "{}: {x} is not 元旦", n.year);
            }
            assert!(!all_makeup.contains(&x), "{x} is both a day off and a make-up day");
            assert!(!seen.contains(&x), "{x} is announced twice");
            seen.push(x);
            assert_eq!(is_working_day(x), Ok(false), "{x}");
        }
    }
    // The cross-year day is settled by the following year's notice.
    assert_eq!(is_working_day(d(2022, 12, 31)), Ok(false));
}

#[test]
fn every_makeup_day_is_a_saturday_or_sunday_and_a_working_day() {
    let mut count = 0;
    for n in YEARS {
        for x in n.makeup_days() {
            assert!(is_weekend(x), "{}: make-up day {x} is a {}", n.year, x.weekday());
            assert!(in_notice_year(n.year, x), "{}: make-up day {x} outside its year", n.year);
            assert_eq!(is_working_day(x), Ok(true), "{x}");
            count += 1;
        }
    }
    assert_eq!(count, 7 + 7 + 8 + 5 + 6);
}

#[test]
fn every_year_names_the_seven_festivals_once() {
    const FESTIVALS: [&str; 7] = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];
    for n in YEARS {
        for f in FESTIVALS {
            let blocks = n.blocks.iter().filter(|b| b.name.split('、').any(|part| part == f)).count();
            assert_eq!(blocks, 1, "{}: {f} appears in {blocks} blocks", n.year);
        }
    }
}

/// Statutory holidays falling on a weekend are made up on a working day (全国年节及纪念日放假办法
/// 第六条), and swapped weekdays are repaid by make-up days, so each year the notice removes exactly
/// as many working days as there are statutory holiday days: 11 until 2024, 13 from 2025 (the 2025
/// notice: 「自2025年1月1日起，全体公民放假的假日增加2天，其中春节、劳动节各增加1天」).
#[test]
fn each_year_removes_as_many_working_days_as_there_are_statutory_holidays() {
    for n in YEARS {
        let weekdays_off = n.days_off().filter(|x| !is_weekend(*x)).count();
        let makeup = n.makeup_days().count();
        let statutory = if n.year >= 2025 { 13 } else { 11 };
        assert_eq!(weekdays_off - makeup, statutory, "{}", n.year);
        // The same, counted through the public API over the calendar year (the cross-year day
        // 2022-12-31 is a Saturday, so it does not move the count).
        let first = d(n.year, 1, 1);
        let last = d(n.year, 12, 24);
        let mon_fri = days(first, last).filter(|x| !is_weekend(*x)).count() as i64;
        let working = working_days_between(first.pred_opt().expect("date"), last);
        assert!(working.is_confirmed());
        assert_eq!(mon_fri - working.days, statutory as i64, "{}", n.year);
    }
}

#[test]
fn the_unloaded_year_guess_covers_every_loaded_day_off() {
    // The pessimistic windows must contain at least every block we know of; otherwise the guess for
    // an unloaded year would not be pessimistic.
    for n in YEARS {
        for x in n.days_off() {
            assert!(POSSIBLE_HOLIDAY_WINDOWS.iter().any(|w| w.contains(x)), "{x} outside every window");
        }
    }
}

// ---- fail closed ----

#[test]
fn a_date_outside_the_loaded_years_is_refused() {
    assert_eq!(is_working_day(d(2027, 3, 1)), Err(OutsideCalendar { year: 2027 }));
    assert_eq!(is_working_day(d(2021, 12, 31)), Err(OutsideCalendar { year: 2021 }));
    let e = OutsideCalendar { year: 2027 };
    assert!(e.zh().contains("2027年部分节假日安排"));
    assert!(e.en().contains("2027"));
    assert!(e.to_string().contains("2027"));
}

#[test]
fn the_last_week_of_december_waits_for_the_next_notice() {
    assert_eq!(is_working_day(d(2026, 12, 24)), Ok(true));
    for x in days(d(2026, 12, 25), d(2026, 12, 31)) {
        assert_eq!(is_working_day(x), Err(OutsideCalendar { year: 2027 }), "{x}");
    }
    // The same window is settled where the next notice is loaded.
    assert_eq!(is_working_day(d(2025, 12, 29)), Ok(true));
}

#[test]
fn a_deadline_in_2027_is_provisional_never_confirmed() {
    let provisional = Certainty::Provisional { missing_year: 2027 };
    let due = add_working_days(d(2027, 3, 1), 7);
    assert_eq!(due.certainty, provisional);
    assert!(!due.is_confirmed());
    assert_eq!(due.confirmed(), None);

    // Crossing into the unloaded year from a loaded one.
    let crossing = add_working_days(d(2026, 12, 20), 7);
    assert_eq!(crossing.certainty, provisional);
    // Staying before 25 December it is confirmed: Dec 15–18, 21–23.
    assert_eq!(add_working_days(d(2026, 12, 14), 7).confirmed(), Some(d(2026, 12, 23)));

    let close = earliest_comment_close(d(2026, 12, 10), 30);
    assert_eq!(close.certainty, provisional);

    let count = working_days_between(d(2026, 12, 1), d(2027, 1, 15));
    assert_eq!(count.certainty, provisional);
    assert_eq!(count.confirmed(), None);

    // Before the first loaded year.
    assert_eq!(add_working_days(d(2021, 12, 1), 3).certainty, Certainty::Provisional { missing_year: 2021 });
}

#[test]
fn provisional_dates_are_never_earlier_than_a_naive_monday_to_friday_count() {
    // For a minimum period the safe error is late: the guess treats possible holiday windows as off
    // and ignores make-up days it cannot know.
    for start in days(d(2026, 12, 1), d(2027, 12, 31)) {
        for n in [1, 7, 20, 30] {
            let got = add_working_days(start, n);
            let mut naive = start;
            let mut left = n;
            while left > 0 {
                naive = naive.succ_opt().expect("date");
                let known = is_working_day(naive).unwrap_or(!is_weekend(naive));
                if known {
                    left -= 1;
                }
            }
            assert!(got.date >= naive, "{start} + {n}: {} < naive {naive}", got.date);
        }
    }
    // Concretely: the 春节 window of an unloaded year is skipped whole.
    assert!(add_working_days(d(2027, 1, 15), 7).date > d(2027, 2, 28));
}

// ---- the counting functions' algebra ----

#[test]
fn working_days_between_inverts_add_working_days() {
    for start in days(d(2022, 1, 1), d(2026, 12, 31)) {
        for n in 1..=30u32 {
            let due = add_working_days(start, n);
            if !due.is_confirmed() {
                continue;
            }
            let count = working_days_between(start, due.date);
            assert!(count.is_confirmed(), "{start} + {n}");
            assert_eq!(count.days, i64::from(n), "{start} + {n} = {}", due.date);
        }
    }
}

#[test]
fn working_days_between_is_signed_and_additive() {
    let (a, b, c) = (d(2025, 9, 26), d(2025, 10, 13), d(2026, 3, 2));
    assert_eq!(working_days_between(a, a).days, 0);
    assert_eq!(working_days_between(a, b).days, 7);
    assert_eq!(working_days_between(b, a).days, -7);
    assert_eq!(working_days_between(a, c).days, working_days_between(a, b).days + working_days_between(b, c).days);
    // (Sat 10/4, Sun 10/5]: a holiday Sunday is not a working day.
    assert_eq!(working_days_between(d(2025, 10, 4), d(2025, 10, 5)).days, 0);
}

// ---- calendar days and time of day ----

#[test]
fn hearing_materials_seven_days_before() {
    let hearing = d(2026, 3, 9);
    // Conservative (default): 7 whole days in between.
    assert!(materials_delivered_in_time(d(2026, 3, 1), hearing, 7, true));
    assert!(!materials_delivered_in_time(d(2026, 3, 2), hearing, 7, true));
    // Lenient: the hearing day counts as day 7.
    assert!(materials_delivered_in_time(d(2026, 3, 2), hearing, 7, false));
    assert!(!materials_delivered_in_time(d(2026, 3, 3), hearing, 7, false));
    // After, or on, the hearing day: never.
    assert!(!materials_delivered_in_time(hearing, hearing, 0, false));
    assert!(!materials_delivered_in_time(d(2026, 3, 10), hearing, 7, true));
}

#[test]
fn end_of_day_is_midnight_in_shanghai() {
    let expected = Utc.with_ymd_and_hms(2026, 2, 24, 16, 0, 0).single().expect("time");
    assert_eq!(end_of_day_shanghai(d(2026, 2, 24)), expected);
    assert_eq!(end_of_day_shanghai(d(2026, 2, 24)).to_rfc3339(), "2026-02-24T16:00:00+00:00");
}

#[test]
fn certainty_serialises_with_a_status_code() {
    let json = serde_json::to_value(add_working_days(d(2027, 3, 1), 1)).expect("json");
    assert_eq!(json["certainty"]["status"], "PROVISIONAL");
    assert_eq!(json["certainty"]["missing_year"], 2027);
    let json = serde_json::to_value(Certainty::Confirmed).expect("json");
    assert_eq!(json["status"], "CONFIRMED");
}
