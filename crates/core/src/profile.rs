//! Rule profiles: the parameters of the procedure that differ between bodies of law or are not yet
//! confirmed ([U] in the rule catalogue), as versioned data.
//!
//! A deployment is bound by a profile (the Jinan districts by Shandong's); each profile has
//! versions with the date they came into force. An item is pinned to the version in force on the
//! day it entered the catalogue, and keeps it: a later change of the rules never rewrites a
//! procedure already running.

use crate::rule_catalogue::Profile;
use chrono::NaiveDate;

/// The parameters a guard reads. Each names the rule it comes from; [U] marks a point the rule
/// catalogue could not confirm, set to the conservative reading until it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileParams {
    /// R-05-5: the public comment period, in calendar days, below which a shortening reason must
    /// be published in the notice itself.
    pub comment_min_days: u32,
    /// R-05-2: a public comment round is required (undisclosable items excepted), not merely one
    /// method among others.
    pub public_comment_mandatory: bool,
    /// R-06-4: stakeholder representatives' least share of hearing participants, as a fraction;
    /// below it a reason is recorded.
    pub hearing_stakeholder_min_share: Option<(u32, u32)>,
    /// R-06-5: hearing materials reach participants this many days before the hearing.
    pub hearing_materials_min_days: u32,
    /// §3.5 [policy]: count "7日前" with a full 7 days in between (hearing − delivery ≥ 8).
    pub hearing_materials_conservative: bool,
    /// R-07-7 [U]: the fewest experts on a review panel.
    pub expert_panel_min: u32,
    /// R-10-4: working days the legality reviewer is given, at least.
    pub legality_review_min_working_days: u32,
    /// R-10-3 [U]: whether resubmission after a return restarts the review clock.
    pub legality_clock_restarts_on_resubmission: bool,
    /// R-11-7 [U]: whether a decision approved with amendments of legal substance goes back to
    /// drafting, and through legality review again, before the head signs.
    pub amended_legal_substance_needs_review: bool,
    /// R-13-2: working days within which a decision is published.
    pub publication_max_working_days: u32,
    /// R-02-4: the month and day by which the year's catalogue is published.
    pub catalogue_publication_deadline: Option<(u32, u32)>,
    /// R-02-6 [U]: whether a catalogue adjustment needs the party committee's consent again.
    pub adjustment_needs_party_consent: bool,
    /// R-03-1 [U]: whether the decision organ's approval of the catalogue counts as the start
    /// decision of its items.
    pub catalogue_approval_starts_procedure: bool,
    /// R-17-4 [U]: the steps a termination goes through before it is published.
    pub termination_requires: &'static [crate::after_decision::TerminationStage],
}

/// One version of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileVersion {
    pub profile: Profile,
    /// A stable label, stored on pinned items.
    pub version: &'static str,
    pub in_force_from: NaiveDate,
    /// The instruments this version rests on.
    pub basis: &'static str,
    pub params: ProfileParams,
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid date in a profile"),
    }
}

/// The national baseline of 国务院令第713号.
const NATIONAL_BASELINE: ProfileParams = ProfileParams {
    comment_min_days: 30,
    public_comment_mandatory: false,
    hearing_stakeholder_min_share: None,
    hearing_materials_min_days: 7,
    hearing_materials_conservative: true,
    expert_panel_min: 3,
    legality_review_min_working_days: 7,
    legality_clock_restarts_on_resubmission: true,
    amended_legal_substance_needs_review: true,
    publication_max_working_days: 20,
    catalogue_publication_deadline: None,
    adjustment_needs_party_consent: true,
    catalogue_approval_starts_procedure: false,
    termination_requires: &[
        crate::after_decision::TerminationStage::LegalityReview,
        crate::after_decision::TerminationStage::Meeting,
        crate::after_decision::TerminationStage::PartyReport,
    ],
};

/// Every profile version, oldest first within each profile.
pub const VERSIONS: &[ProfileVersion] = &[
    ProfileVersion {
        profile: Profile::National,
        version: "NATIONAL-2019-09-01",
        in_force_from: date(2019, 9, 1),
        basis: "国务院令第713号（2019年9月1日起施行）",
        params: NATIONAL_BASELINE,
    },
    ProfileVersion {
        profile: Profile::Shandong,
        version: "SHANDONG-2021-01-01",
        in_force_from: date(2021, 1, 1),
        basis: "国务院令第713号；山东省人民政府令第336号（2021年1月1日起施行）",
        params: NATIONAL_BASELINE,
    },
    ProfileVersion {
        profile: Profile::Shandong,
        version: "SHANDONG-2025-10-01",
        in_force_from: date(2025, 10, 1),
        basis: "国务院令第713号；山东省人民政府令第336号；《山东省重大行政决策公众参与工作办法》（2025年10月1日起施行）",
        params: ProfileParams {
            public_comment_mandatory: true,
            hearing_stakeholder_min_share: Some((1, 2)),
            catalogue_publication_deadline: Some((6, 30)),
            ..NATIONAL_BASELINE
        },
    },
];

/// The version of `profile` in force on `day`, if any was.
pub fn in_force(profile: Profile, day: NaiveDate) -> Option<&'static ProfileVersion> {
    VERSIONS.iter().filter(|v| v.profile == profile && v.in_force_from <= day).max_by_key(|v| v.in_force_from)
}

/// A pinned version by its label.
pub fn version(label: &str) -> Option<&'static ProfileVersion> {
    VERSIONS.iter().find(|v| v.version == label)
}

/// The profile a decision organ is bound by: Shandong's for governments in Shandong (division
/// codes 37xxxx), the national baseline elsewhere.
pub fn profile_of(government: &crate::GovernmentCode) -> Profile {
    if government.as_str().starts_with("37") { Profile::Shandong } else { Profile::National }
}
