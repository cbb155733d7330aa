//! The fair competition review region: first review and conclusion (R-09-2), a justified
//! exception (R-09-4), and a violation that holds the measure back (R-09-5).

use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::fair_competition::{FairCompetitionReview, FcrConclusion, decide_fair_competition};
use juece_core::region::{Region, RegionState};
use juece_core::{Category, CoreError, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn item() -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state: ItemState::Consultation,
        title: ItemTitle::parse("设立市中区省级经济开发区").expect("title"),
        sponsor_id: Uuid::from_u128(2),
        category: Category::Other,
        planned_completion: YearMonth::new(2022, 12).expect("month"),
    }
}

fn review(conclusion: FcrConclusion) -> FairCompetitionReview {
    FairCompetitionReview {
        reviewed_draft_version: 1,
        sponsor_first_review: "初审认为不含排除、限制竞争内容".into(),
        market_regulator: "区市场监管局".into(),
        stakeholders_heard: vec!["区工商联".into()],
        conclusion,
        exception_ground: None,
        no_less_restrictive_alternative: false,
        sunset_or_termination: None,
    }
}

fn decide(r: &FairCompetitionReview) -> Result<Vec<DomainEvent>, CoreError> {
    let a = ArtefactRef {
        id: Uuid::from_u128(9),
        kind: ArtefactKind::FairCompetitionReview,
        version: 1,
        sha256: "0".repeat(64),
    };
    decide_fair_competition(&item(), Some(RegionState::Pending), r, 1, a)
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn to(r: Result<Vec<DomainEvent>, CoreError>) -> RegionState {
    match r.expect("allowed").first() {
        Some(DomainEvent::RegionStateChanged { region: Region::FairCompetitionReview, to, .. }) => *to,
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn r_09_2_first_review_and_the_regulators_conclusion() {
    assert_eq!(
        rule_of(decide(&FairCompetitionReview {
            sponsor_first_review: " ".into(),
            ..review(FcrConclusion::Compliant)
        })),
        "R-09-2"
    );
    assert_eq!(
        rule_of(decide(&FairCompetitionReview { market_regulator: "".into(), ..review(FcrConclusion::Compliant) })),
        "R-09-2"
    );
    assert_eq!(to(decide(&review(FcrConclusion::Compliant))), RegionState::Done);
}

#[test]
fn r_09_4_an_exception_is_justified_in_full() {
    let bare = review(FcrConclusion::Exception);
    assert_eq!(rule_of(decide(&bare)), "R-09-4");
    let partial = FairCompetitionReview {
        exception_ground: Some("节约能源资源、保护生态环境".into()), ..bare.clone()
    };
    assert_eq!(rule_of(decide(&partial)), "R-09-4");
    let full = FairCompetitionReview {
        no_less_restrictive_alternative: true,
        sunset_or_termination: Some("实施期限三年".into()),
        ..partial
    };
    assert_eq!(to(decide(&full)), RegionState::Done);
}

#[test]
fn r_09_5_a_violation_holds_the_measure_until_revised() {
    assert_eq!(to(decide(&review(FcrConclusion::Violates))), RegionState::InProgress);
}
