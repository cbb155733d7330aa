//! The risk assessment region: the report's content (R-08-3) and the uncontrollable risk that
//! holds until a revised draft is assessed as controllable (R-08-4).

use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::region::{Region, RegionState};
use juece_core::risk::{RiskConclusion, RiskReport, decide_risk_report};
use juece_core::{Category, CoreError, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn item(state: ItemState) -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state,
        title: ItemTitle::parse("设立市中区省级经济开发区").expect("title"),
        sponsor_id: Uuid::from_u128(2),
        category: Category::Other,
        planned_completion: YearMonth::new(2022, 12).expect("month"),
    }
}

fn report(version: i32, conclusion: RiskConclusion) -> RiskReport {
    RiskReport {
        assessor: "区发展改革局（委托第三方评估机构）".into(),
        assessed_draft_version: version,
        methods: vec!["舆情跟踪".into(), "重点走访".into()],
        departments_consulted: vec!["区自然资源局".into(), "区信访局".into()],
        risk_points: vec!["征地拆迁引发信访".into()],
        measures: vec!["依法依规补偿安置".into()],
        contingency_plan: "群体性事件处置预案".into(),
        conclusion,
    }
}

fn decide(
    state: Option<RegionState>,
    r: &RiskReport,
    prev: Option<&RiskReport>,
    latest: i32,
) -> Result<Vec<DomainEvent>, CoreError> {
    let a = ArtefactRef { id: Uuid::from_u128(9), kind: ArtefactKind::RiskReport, version: 1, sha256: "0".repeat(64) };
    decide_risk_report(&item(ItemState::Consultation), state, r, prev, latest, a)
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn to(r: Result<Vec<DomainEvent>, CoreError>) -> RegionState {
    match r.expect("allowed").first() {
        Some(DomainEvent::RegionStateChanged { region: Region::RiskAssessment, to, .. }) => *to,
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn r_08_3_the_report_has_its_three_sections_and_the_departments_heard() {
    let pending = Some(RegionState::Pending);
    for broken in [
        RiskReport { risk_points: vec![], ..report(1, RiskConclusion::Controllable) },
        RiskReport { measures: vec![" ".into()], ..report(1, RiskConclusion::Controllable) },
        RiskReport { contingency_plan: "".into(), ..report(1, RiskConclusion::Controllable) },
        RiskReport { departments_consulted: vec![], ..report(1, RiskConclusion::Controllable) },
    ] {
        assert_eq!(rule_of(decide(pending, &broken, None, 1)), "R-08-3");
    }
    assert_eq!(to(decide(pending, &report(1, RiskConclusion::Controllable), None, 1)), RegionState::Done);
}

#[test]
fn r_08_4_an_uncontrollable_risk_holds_until_a_revised_draft_is_controllable() {
    let first = report(1, RiskConclusion::Uncontrollable);
    assert_eq!(to(decide(Some(RegionState::Pending), &first, None, 1)), RegionState::InProgress);
    // The same draft cannot be declared controllable after all.
    assert_eq!(
        rule_of(decide(Some(RegionState::InProgress), &report(1, RiskConclusion::Controllable), Some(&first), 1)),
        "R-08-4"
    );
    assert_eq!(
        to(decide(Some(RegionState::InProgress), &report(2, RiskConclusion::Controllable), Some(&first), 2)),
        RegionState::Done
    );
}

#[test]
fn reports_come_in_consultation_for_an_existing_draft() {
    assert!(matches!(
        decide(Some(RegionState::Pending), &report(3, RiskConclusion::Controllable), None, 2),
        Err(CoreError::Invalid(_))
    ));
    assert!(matches!(
        decide(Some(RegionState::Done), &report(1, RiskConclusion::Controllable), None, 1),
        Err(CoreError::OutOfOrder { .. })
    ));
    assert!(matches!(
        decide(Some(RegionState::NotApplicable), &report(1, RiskConclusion::Controllable), None, 1),
        Err(CoreError::Invalid(_))
    ));
    let a = ArtefactRef { id: Uuid::from_u128(9), kind: ArtefactKind::RiskReport, version: 1, sha256: "0".repeat(64) };
    let r = decide_risk_report(
        &item(ItemState::Drafting),
        Some(RegionState::Pending),
        &report(1, RiskConclusion::Controllable),
        None,
        1,
        a,
    );
    assert!(matches!(r, Err(CoreError::OutOfOrder { .. })));
    // A stale assessment is done again.
    assert_eq!(
        to(decide(Some(RegionState::Stale), &report(1, RiskConclusion::Controllable), None, 1)),
        RegionState::Done
    );
}
