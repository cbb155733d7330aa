//! Rule profiles: which version is in force when, what the Shandong versions change, and that a
//! catalogue's items are pinned to the version in force on the day it was published.

use chrono::NaiveDate;
use juece_core::GovernmentCode;
use juece_core::profile::{VERSIONS, in_force, profile_of, version};
use juece_core::rule_catalogue::{Profile, rule};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

#[test]
fn the_version_in_force_on_a_day() {
    let label = |p, day| in_force(p, day).map(|v| v.version);
    assert_eq!(label(Profile::National, d(2019, 8, 31)), None, "713 took effect on 2019-09-01");
    assert_eq!(label(Profile::National, d(2019, 9, 1)), Some("NATIONAL-2019-09-01"));
    assert_eq!(label(Profile::Shandong, d(2020, 12, 31)), None);
    assert_eq!(label(Profile::Shandong, d(2022, 6, 1)), Some("SHANDONG-2021-01-01"));
    assert_eq!(label(Profile::Shandong, d(2025, 9, 30)), Some("SHANDONG-2021-01-01"));
    assert_eq!(label(Profile::Shandong, d(2025, 10, 1)), Some("SHANDONG-2025-10-01"));
}

#[test]
fn jinan_is_bound_by_shandong_and_elsewhere_by_the_national_baseline() {
    assert_eq!(profile_of(&GovernmentCode::parse("370103").expect("code")), Profile::Shandong);
    assert_eq!(profile_of(&GovernmentCode::parse("110101").expect("code")), Profile::National);
}

#[test]
fn shandongs_2025_participation_rules_change_only_what_they_say() {
    let before = version("SHANDONG-2021-01-01").expect("version").params;
    let after = version("SHANDONG-2025-10-01").expect("version").params;
    assert!(!before.public_comment_mandatory && after.public_comment_mandatory, "R-05-2");
    assert_eq!(after.hearing_stakeholder_min_share, Some((1, 2)), "R-06-4");
    assert_eq!(after.catalogue_publication_deadline, Some((6, 30)), "R-02-4");
    let unchanged = juece_core::profile::ProfileParams {
        public_comment_mandatory: before.public_comment_mandatory,
        hearing_stakeholder_min_share: before.hearing_stakeholder_min_share,
        catalogue_publication_deadline: before.catalogue_publication_deadline,
        ..after
    };
    assert_eq!(unchanged, before);
    assert_eq!(before, version("NATIONAL-2019-09-01").expect("version").params);
}

#[test]
fn the_statutory_figures() {
    for v in VERSIONS {
        assert_eq!(v.params.comment_min_days, 30, "R-05-5");
        assert_eq!(v.params.legality_review_min_working_days, 7, "R-10-4");
        assert_eq!(v.params.hearing_materials_min_days, 7, "R-06-5");
        assert_eq!(v.params.publication_max_working_days, 20, "R-13-2");
    }
    // The parameters for unconfirmed points stay parameters: the rules behind them are marked so.
    assert!(rule("R-07-7").expect("rule").unconfirmed);
}

#[test]
fn labels_are_unique() {
    let mut labels: Vec<_> = VERSIONS.iter().map(|v| v.version).collect();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(labels.len(), VERSIONS.len());
}
