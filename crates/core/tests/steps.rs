//! The first procedural steps: each guard refuses with its rule id and allows what the rule
//! allows, and steps come only in the order of §2.3.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::artefact::{ArtefactKind, ArtefactRef, Draft, ExcludedType, Proposal, ProposalSource, StartDecision};
use juece_core::catalogue::{CatalogueFacts, ItemFacts, SponsorFacts};
use juece_core::steps::{StepCommand, decide_step};
use juece_core::{
    Actor, CatalogueStatus, Category, CoreError, Ctx, DomainEvent, GovernmentCode, ItemState, ItemTitle, YearMonth,
};
use uuid::Uuid;

const JTJ: Uuid = Uuid::from_u128(2);

fn ctx() -> Ctx {
    Ctx { now: Utc.with_ymd_and_hms(2022, 7, 15, 2, 0, 0).single().expect("time"), actor: Actor::system("test") }
}

fn code(s: &str) -> GovernmentCode {
    GovernmentCode::parse(s).expect("code")
}

fn catalogue(status: CatalogueStatus) -> CatalogueFacts {
    CatalogueFacts { id: Uuid::from_u128(1), government: code("370103"), year: 2022, status, item_count: 2 }
}

fn item(state: ItemState) -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state,
        title: ItemTitle::parse("制定出台《济南市市中区全民健身设施管理实施细则》").expect("title"),
        sponsor_id: JTJ,
        category: Category::PublicServices,
        planned_completion: YearMonth::new(2022, 10).expect("month"),
    }
}

fn artefact(kind: ArtefactKind) -> ArtefactRef {
    ArtefactRef { id: Uuid::from_u128(9), kind, version: 1, sha256: "0".repeat(64) }
}

fn sponsor(id: Uuid, gov: &str) -> SponsorFacts {
    SponsorFacts { id, government: code(gov), name: "区教育体育局".into() }
}

fn proposal() -> Proposal {
    Proposal {
        source: ProposalSource::Department,
        problem: "全民健身设施管理缺少细则".into(),
        reasons_and_basis: "《全民健身条例》".into(),
        preliminary_plan: "制定实施细则".into(),
        necessity_and_feasibility: "必要且可行".into(),
        excluded_type: None,
    }
}

fn initiate(lead: SponsorFacts, co: Vec<SponsorFacts>) -> StepCommand {
    StepCommand::Initiate {
        decision: StartDecision {
            decided_on: NaiveDate::from_ymd_opt(2022, 7, 1).expect("date"),
            document: None,
            lead_sponsor_id: lead.id,
            co_sponsor_ids: co.iter().map(|c| c.id).collect(),
        },
        lead,
        co_sponsors: co,
    }
}

fn draft() -> Draft {
    Draft {
        full_text: "第一条 为加强全民健身设施管理……".into(),
        explanation: "起草说明".into(),
        background: "决策背景".into(),
        legal_basis: vec!["《全民健身条例》".into()],
    }
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn step(c: &CatalogueFacts, i: &ItemFacts, cmd: &StepCommand) -> Result<Vec<DomainEvent>, CoreError> {
    decide_step(c, i, cmd, artefact(cmd.artefact_kind()), &ctx())
}

#[test]
fn r_01_3_excluded_matters_are_not_studied_as_major_decisions() {
    let c = catalogue(CatalogueStatus::Collecting);
    for t in ExcludedType::ALL {
        let p = Proposal { excluded_type: Some(*t), ..proposal() };
        assert_eq!(rule_of(step(&c, &item(ItemState::Proposed), &StepCommand::StudyProposal(p))), "R-01-3");
    }
    assert!(step(&c, &item(ItemState::Proposed), &StepCommand::StudyProposal(proposal())).is_ok());
}

#[test]
fn r_03_1_a_department_proposal_states_four_things() {
    let c = catalogue(CatalogueStatus::Collecting);
    let p = Proposal { necessity_and_feasibility: " ".into(), ..proposal() };
    assert_eq!(rule_of(step(&c, &item(ItemState::Proposed), &StepCommand::StudyProposal(p.clone()))), "R-03-1");
    // A leader's or a citizen's proposal is studied as it came in.
    let from_public = Proposal { source: ProposalSource::Public, ..p };
    assert!(step(&c, &item(ItemState::Proposed), &StepCommand::StudyProposal(from_public)).is_ok());
}

#[test]
fn r_01_6_only_items_of_a_published_catalogue_are_initiated() {
    let cmd = initiate(sponsor(JTJ, "370103"), vec![]);
    assert_eq!(rule_of(step(&catalogue(CatalogueStatus::GovApproved), &item(ItemState::InCatalogue), &cmd)), "R-01-6");
    let evs = step(&catalogue(CatalogueStatus::Published), &item(ItemState::InCatalogue), &cmd).expect("allowed");
    match &evs[0] {
        DomainEvent::ItemStateChanged { to, step, artefact, .. } => {
            assert_eq!(*to, ItemState::Initiated);
            assert_eq!(step.as_deref(), Some("T3"));
            assert_eq!(artefact.as_ref().map(|a| a.kind), Some(ArtefactKind::StartDecision));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn r_03_2_one_lead_sponsor_of_this_decision_organ() {
    let c = catalogue(CatalogueStatus::Published);
    let i = item(ItemState::InCatalogue);
    assert_eq!(rule_of(step(&c, &i, &initiate(sponsor(JTJ, "370117"), vec![]))), "R-03-2");
    assert_eq!(rule_of(step(&c, &i, &initiate(sponsor(JTJ, "370103"), vec![sponsor(JTJ, "370103")]))), "R-03-2");
    let other = sponsor(Uuid::from_u128(4), "370117");
    assert_eq!(rule_of(step(&c, &i, &initiate(sponsor(JTJ, "370103"), vec![other]))), "R-03-2");
    let fgj = sponsor(Uuid::from_u128(5), "370103");
    assert!(step(&c, &i, &initiate(sponsor(JTJ, "370103"), vec![fgj])).is_ok());
}

#[test]
fn a_draft_has_its_text_explanation_and_background() {
    let c = catalogue(CatalogueStatus::Published);
    let i = item(ItemState::Initiated);
    for (d, field) in [
        (Draft { full_text: "".into(), ..draft() }, "fullText"),
        (Draft { explanation: " ".into(), ..draft() }, "explanation"),
        (Draft { background: "".into(), ..draft() }, "background"),
        (Draft { legal_basis: vec!["".into()], ..draft() }, "legalBasis"),
    ] {
        match step(&c, &i, &StepCommand::StartDrafting(d)) {
            Err(CoreError::Invalid(e)) => assert_eq!(e.field, field),
            other => panic!("expected bad input for {field}, got {other:?}"),
        }
    }
    assert!(step(&c, &i, &StepCommand::StartDrafting(draft())).is_ok());
}

#[test]
fn steps_come_in_the_order_of_section_2_3() {
    let c = catalogue(CatalogueStatus::Published);
    // Drafting before the start decision, initiating twice, studying an item already in the catalogue.
    for (state, cmd) in [
        (ItemState::InCatalogue, StepCommand::StartDrafting(draft())),
        (ItemState::Initiated, initiate(sponsor(JTJ, "370103"), vec![])),
        (ItemState::InCatalogue, StepCommand::StudyProposal(proposal())),
        (ItemState::Withdrawn, StepCommand::StartDrafting(draft())),
    ] {
        match step(&c, &item(state), &cmd) {
            Err(CoreError::OutOfOrder { transition, .. }) => assert_eq!(transition, cmd.transition_id()),
            other => panic!("{state}: expected out of order, got {other:?}"),
        }
    }
}

mod consultation {
    use super::*;
    use juece_core::region::{ConsultationPlan, Region, RegionDetermination, SkipRecord};

    fn skip() -> SkipRecord {
        SkipRecord {
            determination: "不涉及市场主体经济活动".into(),
            basis: "《公平竞争审查条例》第二条".into(),
            determined_by: "区教育体育局 张三".into(),
            approved_by: "区教育体育局局长 李四".into(),
            date: NaiveDate::from_ymd_opt(2022, 7, 10).expect("date"),
            evidence: vec![],
        }
    }

    fn plan(skipped: &[Region]) -> ConsultationPlan {
        ConsultationPlan {
            regions: Region::ALL
                .iter()
                .map(|r| RegionDetermination {
                    region: *r,
                    applies: !skipped.contains(r),
                    skip: skipped.contains(r).then(skip),
                })
                .collect(),
            hearing_required_by: None,
            undisclosable_ground: None,
        }
    }

    fn open(p: ConsultationPlan, d: Option<Draft>) -> Result<Vec<DomainEvent>, CoreError> {
        step(
            &catalogue(CatalogueStatus::Published),
            &item(ItemState::Drafting),
            &StepCommand::OpenConsultation { plan: p, draft: d, existing: vec![] },
        )
    }

    #[test]
    fn r_04_1_consultation_needs_a_draft_whose_legal_basis_is_being_inventoried() {
        assert_eq!(rule_of(open(plan(&[]), None)), "R-04-1");
        assert_eq!(rule_of(open(plan(&[]), Some(Draft { legal_basis: vec![], ..draft() }))), "R-04-1");
        let evs = open(plan(&[]), Some(draft())).expect("allowed");
        assert!(
            matches!(&evs[0], DomainEvent::ItemStateChanged { to: ItemState::Consultation, step: Some(s), .. } if s == "T5")
        );
    }

    #[test]
    fn every_region_is_determined_once() {
        let mut p = plan(&[]);
        p.regions.pop();
        assert!(matches!(open(p, Some(draft())), Err(CoreError::Invalid(e)) if e.field == "regions"));
        let mut p = plan(&[]);
        p.regions.push(p.regions[0].clone());
        assert!(matches!(open(p, Some(draft())), Err(CoreError::Invalid(e)) if e.field == "regions"));
    }

    #[test]
    fn r_05_1_participation_is_skipped_only_for_undisclosable_items() {
        assert_eq!(rule_of(open(plan(&[Region::Participation]), Some(draft()))), "R-05-1");
        let p = ConsultationPlan {
            undisclosable_ground: Some("《政府信息公开条例》第十四条".into()),
            ..plan(&[Region::Participation])
        };
        assert!(open(p, Some(draft())).is_ok());
    }

    #[test]
    fn r_06_1_a_hearing_the_law_requires_is_not_skipped() {
        let p = ConsultationPlan {
            hearing_required_by: Some("《价格法》第二十三条".into()),
            ..plan(&[Region::Hearing])
        };
        assert_eq!(rule_of(open(p, Some(draft()))), "R-06-1");
        assert!(
            open(plan(&[Region::Hearing]), Some(draft())).is_ok(),
            "an optional hearing is skipped with its record"
        );
    }

    #[test]
    fn a_skipped_region_carries_a_complete_skip_record_under_its_own_rule() {
        for (region, rule) in [
            (Region::Hearing, "R-06-1"),
            (Region::ExpertReview, "R-07-1"),
            (Region::RiskAssessment, "R-08-1"),
            (Region::FairCompetitionReview, "R-09-1"),
            (Region::Coordination, "R-04-4"),
        ] {
            let mut p = plan(&[region]);
            for d in &mut p.regions {
                if d.region == region {
                    d.skip = Some(SkipRecord { approved_by: " ".into(), ..skip() });
                }
            }
            assert_eq!(rule_of(open(p.clone(), Some(draft()))), rule, "{region}");
            for d in &mut p.regions {
                d.skip = None;
            }
            assert_eq!(rule_of(open(p, Some(draft()))), rule, "{region} without any record");
            assert!(open(plan(&[region]), Some(draft())).is_ok(), "{region} with a complete record");
        }
    }
}

#[test]
fn r_02_6_the_start_decision_confirms_the_catalogues_sponsor() {
    let c = catalogue(CatalogueStatus::Published);
    let other = sponsor(Uuid::from_u128(5), "370103");
    assert_eq!(rule_of(step(&c, &item(ItemState::InCatalogue), &initiate(other, vec![]))), "R-02-6");
    assert!(step(&c, &item(ItemState::InCatalogue), &initiate(sponsor(JTJ, "370103"), vec![])).is_ok());
}
