//! The coordination region: units consulted, and a dispute statement where they disagree (R-04-4).

use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::coordination::{CoordinationRecord, DisputeStatement, UnitView, decide_coordination};
use juece_core::region::RegionState;
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

fn unit(name: &str, agrees: bool) -> UnitView {
    UnitView {
        unit: name.into(), view: if agrees { "同意".into() } else { "建议缩小规划范围".into() }, agrees
    }
}

fn decide(r: &CoordinationRecord) -> Result<Vec<DomainEvent>, CoreError> {
    let a = ArtefactRef {
        id: Uuid::from_u128(9),
        kind: ArtefactKind::CoordinationRecord,
        version: 1,
        sha256: "0".repeat(64),
    };
    decide_coordination(&item(), Some(RegionState::Pending), r, a)
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

#[test]
fn r_04_4_units_are_consulted_and_disputes_stated() {
    assert_eq!(rule_of(decide(&CoordinationRecord { units: vec![], dispute: None })), "R-04-4");
    assert!(
        decide(&CoordinationRecord {
            units: vec![unit("区财政局", true), unit("区自然资源局", true)], dispute: None
        })
        .is_ok()
    );
    let split = vec![unit("区财政局", true), unit("区自然资源局", false)];
    assert_eq!(rule_of(decide(&CoordinationRecord { units: split.clone(), dispute: None })), "R-04-4");
    let stated = DisputeStatement {
        main_issues: "开发区四至范围".into(),
        sponsor_view_reasons_basis: "按省级开发区设立条件确定，依据……".into(),
    };
    assert!(decide(&CoordinationRecord { units: split, dispute: Some(stated) }).is_ok());
}
