//! Submission for legality review (T6): regions finished (each under its own rule), the
//! mandatory comment round (R-05-2), the package (R-10-2), the reviewer's working days (R-10-4).

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::CoreError;
use juece_core::artefact::{ArtefactKind, Draft};
use juece_core::legality::{LegalitySubmission, ProcedureStatement, StatementEntry, SubmissionFacts, check_submission};
use juece_core::profile::version;
use juece_core::region::{Region, RegionState};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn doc(kind: ArtefactKind) -> StatementEntry {
    StatementEntry {
        kind,
        version: 1,
        recorded_at: Utc.with_ymd_and_hms(2025, 9, 1, 1, 0, 0).single().expect("time"),
        sha256: "0".repeat(64),
    }
}

fn facts(profile: &str, states: &[(Region, RegionState)], notice: bool) -> SubmissionFacts {
    let mut documents =
        vec![doc(ArtefactKind::StartDecision), doc(ArtefactKind::Draft), doc(ArtefactKind::ConsultationPlan)];
    if notice {
        documents.push(doc(ArtefactKind::CommentNotice));
    }
    SubmissionFacts {
        statement: ProcedureStatement {
            steps: vec![],
            regions: states.to_vec(),
            documents,
            skips: vec![],
            undisclosable_ground: None,
        },
        latest_draft: Some(Draft {
            full_text: "正文".into(),
            explanation: "说明".into(),
            background: "背景".into(),
            legal_basis: vec!["依据".into()],
        }),
        params: version(profile).expect("version").params,
    }
}

fn all_done() -> Vec<(Region, RegionState)> {
    Region::ALL
        .iter()
        .map(|r| (*r, if *r == Region::Hearing { RegionState::NotApplicable } else { RegionState::Done }))
        .collect()
}

fn rule_of(r: Result<(), CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn submission(on: NaiveDate, by: NaiveDate) -> LegalitySubmission {
    LegalitySubmission { submitted_on: on, requested_opinion_by: by, shortening_reason: None }
}

const SD21: &str = "SHANDONG-2021-01-01";

#[test]
fn r_10_4_seven_working_days_on_the_official_calendar() {
    // §3.6: submitted Fri 2025-09-26, the 7th working day is Mon 2025-10-13 (National Day break and make-up days).
    let f = facts(SD21, &all_done(), true);
    assert_eq!(rule_of(check_submission(&submission(d(2025, 9, 26), d(2025, 10, 10)), &f, d(2025, 9, 26))), "R-10-4");
    assert!(check_submission(&submission(d(2025, 9, 26), d(2025, 10, 13)), &f, d(2025, 9, 26)).is_ok());
    let urgent = LegalitySubmission {
        shortening_reason: Some("汛期安全整治须于十月初实施".into()),
        ..submission(d(2025, 9, 26), d(2025, 9, 30))
    };
    assert!(check_submission(&urgent, &f, d(2025, 9, 26)).is_ok(), "HG-O: fewer days with a reason");
}

#[test]
fn every_region_is_finished_under_its_own_rule() {
    for (region, rule) in [
        (Region::Participation, "R-05-1"),
        (Region::RiskAssessment, "R-08-1"),
        (Region::FairCompetitionReview, "R-09-1"),
    ] {
        for state in [RegionState::Pending, RegionState::InProgress, RegionState::Stale] {
            let states: Vec<_> =
                all_done().into_iter().map(|(r, s)| if r == region { (r, state) } else { (r, s) }).collect();
            let f = facts(SD21, &states, true);
            assert_eq!(
                rule_of(check_submission(&submission(d(2025, 9, 26), d(2025, 10, 13)), &f, d(2025, 9, 26))),
                rule,
                "{region} {state}"
            );
        }
    }
}

#[test]
fn r_05_2_the_comment_round_is_mandatory_under_shandongs_2025_rules() {
    let sub = submission(d(2026, 3, 2), d(2026, 3, 20));
    assert_eq!(
        rule_of(check_submission(&sub, &facts("SHANDONG-2025-10-01", &all_done(), false), d(2026, 3, 2))),
        "R-05-2"
    );
    assert!(check_submission(&sub, &facts("SHANDONG-2025-10-01", &all_done(), true), d(2026, 3, 2)).is_ok());
    assert!(
        check_submission(&sub, &facts(SD21, &all_done(), false), d(2026, 3, 2)).is_ok(),
        "only one method among others before"
    );
}

#[test]
fn r_10_2_the_package_has_the_legal_basis_and_the_statement() {
    let mut f = facts(SD21, &all_done(), true);
    f.latest_draft = f.latest_draft.map(|d| Draft { legal_basis: vec![], ..d });
    assert_eq!(rule_of(check_submission(&submission(d(2025, 9, 26), d(2025, 10, 13)), &f, d(2025, 9, 26))), "R-10-2");
}
