//! The expert review region: no direct interests (R-07-3), the profile's panel size (R-07-7),
//! signed or sealed opinions (R-07-4).

use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::expert::{ExpertOpinion, ExpertReview, decide_expert_review};
use juece_core::profile::version;
use juece_core::region::RegionState;
use juece_core::{Category, CoreError, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn item() -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state: ItemState::Consultation,
        title: ItemTitle::parse("制定出台《济南市市中区全民健身设施管理实施细则》").expect("title"),
        sponsor_id: Uuid::from_u128(2),
        category: Category::PublicServices,
        planned_completion: YearMonth::new(2022, 10).expect("month"),
    }
}

fn expert(name: &str) -> ExpertOpinion {
    ExpertOpinion {
        name: name.into(),
        institution: false,
        field: "体育场馆管理".into(),
        affiliation: "山东体育学院".into(),
        direct_interest: false,
        signed: true,
        sealed: false,
        opinion: "草案可行，建议明确维护责任".into(),
    }
}

fn review(experts: Vec<ExpertOpinion>) -> ExpertReview {
    ExpertReview {
        reviewed_draft_version: 1,
        method: "论证会".into(),
        experts,
        adoption_statement: "采纳明确维护责任的建议".into(),
    }
}

fn decide(r: &ExpertReview) -> Result<Vec<DomainEvent>, CoreError> {
    let params = version("SHANDONG-2021-01-01").expect("version").params;
    let a =
        ArtefactRef { id: Uuid::from_u128(9), kind: ArtefactKind::ExpertReview, version: 1, sha256: "0".repeat(64) };
    decide_expert_review(&item(), Some(RegionState::Pending), &params, r, 1, a)
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

#[test]
fn r_07_3_no_expert_with_a_direct_interest() {
    let interested = ExpertOpinion { direct_interest: true, ..expert("丙") };
    assert_eq!(rule_of(decide(&review(vec![expert("甲"), expert("乙"), interested]))), "R-07-3");
    assert!(decide(&review(vec![expert("甲"), expert("乙"), expert("丙")])).is_ok());
}

#[test]
fn r_07_7_the_panel_has_the_profiles_size() {
    assert_eq!(rule_of(decide(&review(vec![expert("甲"), expert("乙")]))), "R-07-7");
}

#[test]
fn r_07_4_opinions_are_signed_by_experts_and_sealed_by_institutions() {
    let unsigned = ExpertOpinion { signed: false, ..expert("丙") };
    assert_eq!(rule_of(decide(&review(vec![expert("甲"), expert("乙"), unsigned]))), "R-07-4");
    let unsealed =
        ExpertOpinion { institution: true, signed: true, sealed: false, ..expert("山东省体育科学研究中心") };
    assert_eq!(rule_of(decide(&review(vec![expert("甲"), expert("乙"), unsealed]))), "R-07-4");
    let sealed =
        ExpertOpinion { institution: true, signed: false, sealed: true, ..expert("山东省体育科学研究中心") };
    let r = decide(&review(vec![expert("甲"), expert("乙"), sealed])).expect("allowed");
    assert!(matches!(&r[0], DomainEvent::RegionStateChanged { to: RegionState::Done, .. }));
}
