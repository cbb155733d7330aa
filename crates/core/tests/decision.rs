//! The steps from legality review to execution (T7–T16): each hard guard of the legality, meeting,
//! publication and record modules refuses with its rule id and allows what the rule allows, and the
//! meeting's outcome moves the item on by itself.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::artefact::{ArtefactKind, ArtefactRef, Draft};
use juece_core::calendar;
use juece_core::catalogue::{CatalogueFacts, ItemFacts, SponsorFacts};
use juece_core::coordination::{CoordinationRecord, DisputeStatement, UnitView};
use juece_core::fair_competition::{FairCompetitionReview, FcrConclusion};
use juece_core::legality::{
    AdviserCapacity, AdviserOpinion, Finding, LegalityOpinion, LegalityPackage, LegalitySubmission, PointFinding,
    ProcedureStatement, Resubmission, ReturnNotice, StatementEntry, Supplement, Verdict, check_opinion,
    check_resubmission, check_return,
};
use juece_core::meeting::{
    AgendaRequest, Attendee, Capacity, MeetingType, Minutes, Outcome, SignedDecision, Speech, Stance,
    agenda_preconditions, check_minutes, check_signature, follow_up, schedule,
};
use juece_core::procedure::transition;
use juece_core::profile::{ProfileParams, version};
use juece_core::publication::{
    ExecutionAssignment, ExemptionGround, PartyReport, PartyResponse, Publication, PublicationExemption,
    check_assignment, check_exemption, check_party_report, publication_preconditions, publish,
};
use juece_core::record::{ItemRecord, blocked_by};
use juece_core::region::{Region, RegionState};
use juece_core::risk::{RiskConclusion, RiskReport};
use juece_core::steps::{StepCommand, decide_step};
use juece_core::{
    Actor, ActorKind, CatalogueStatus, Category, CoreError, Ctx, DomainEvent, GovernmentCode, ItemState, ItemTitle,
    YearMonth,
};
use std::fmt::Debug;
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// Every fixture below happens before this day, so that no guard refuses a date in the future.
fn today() -> NaiveDate {
    d(2025, 11, 20)
}

fn params() -> ProfileParams {
    version("SHANDONG-2021-01-01").expect("version").params
}

fn rule_of<T: Debug>(r: Result<T, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn code(s: &str) -> GovernmentCode {
    GovernmentCode::parse(s).expect("code")
}

fn doc(kind: ArtefactKind, version: i32) -> StatementEntry {
    StatementEntry {
        kind,
        version,
        recorded_at: Utc.with_ymd_and_hms(2025, 9, 1, 1, 0, 0).single().expect("time"),
        sha256: "0".repeat(64),
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

fn package(draft_version: i32) -> LegalityPackage {
    LegalityPackage {
        submission: LegalitySubmission {
            submitted_on: d(2025, 9, 1),
            requested_opinion_by: d(2025, 9, 12),
            shortening_reason: None,
        },
        draft_version,
        statement: ProcedureStatement {
            steps: vec![],
            regions: vec![],
            documents: vec![],
            skips: vec![],
            undisclosable_ground: None,
        },
        supplements: vec![],
        clock_from: Some(d(2025, 9, 1)),
    }
}

fn notice(missing: &[&str]) -> ReturnNotice {
    ReturnNotice {
        returned_on: d(2025, 9, 5),
        missing: missing.iter().map(|m| (*m).to_owned()).collect(),
        note: "".into(),
    }
}

#[test]
fn r_10_3_refuses_a_return_that_names_nothing_missing() {
    let p = package(1);
    assert_eq!(rule_of(check_return(&notice(&[]), Some(&p), today())), "R-10-3");
    assert_eq!(rule_of(check_return(&notice(&["风险评估报告", " "]), Some(&p), today())), "R-10-3");
}

#[test]
fn r_10_3_allows_a_return_listing_each_missing_item() {
    assert!(check_return(&notice(&["风险评估报告", "专家论证意见"]), Some(&package(1)), today()).is_ok());
}

fn resubmission(on: NaiveDate, by: NaiveDate, supplied: &[(&str, &str)]) -> Resubmission {
    Resubmission {
        resubmitted_on: on,
        requested_opinion_by: by,
        supplements: supplied
            .iter()
            .map(|(m, s)| Supplement { missing: (*m).to_owned(), supplied: (*s).to_owned() })
            .collect(),
        shortening_reason: None,
    }
}

#[test]
fn r_10_3_refuses_a_resubmission_without_a_notice_or_with_an_item_unsupplied() {
    let n = notice(&["风险评估报告", "专家论证意见"]);
    let all = [("风险评估报告", "见附件3"), ("专家论证意见", "见附件4")];
    let r = resubmission(d(2025, 9, 10), d(2025, 9, 19), &all);
    assert_eq!(rule_of(check_resubmission(&r, None, d(2025, 9, 1), &params(), today())), "R-10-3");
    let partial = resubmission(d(2025, 9, 10), d(2025, 9, 19), &all[..1]);
    assert_eq!(rule_of(check_resubmission(&partial, Some(&n), d(2025, 9, 1), &params(), today())), "R-10-3");
    let blank = resubmission(d(2025, 9, 10), d(2025, 9, 19), &[("风险评估报告", "见附件3"), ("专家论证意见", " ")]);
    assert_eq!(rule_of(check_resubmission(&blank, Some(&n), d(2025, 9, 1), &params(), today())), "R-10-3");
}

#[test]
fn r_10_3_allows_a_resubmission_answering_every_item_of_the_notice() {
    let n = notice(&["风险评估报告", "专家论证意见"]);
    let r = resubmission(d(2025, 9, 10), d(2025, 9, 19), &[("专家论证意见", "见附件4"), ("风险评估报告 ", "见附件3")]);
    assert!(check_resubmission(&r, Some(&n), d(2025, 9, 1), &params(), today()).is_ok());
}

// Submitted Mon 2025-09-01, resubmitted Wed 2025-09-10: seven working days from the first
// submission end on 2025-09-10, from the resubmission on 2025-09-19.

#[test]
fn r_10_4_refuses_too_short_a_review_when_resubmission_restarts_the_clock() {
    let p = ProfileParams { legality_clock_restarts_on_resubmission: true, ..params() };
    let n = notice(&["风险评估报告"]);
    let r = resubmission(d(2025, 9, 10), d(2025, 9, 12), &[("风险评估报告", "见附件3")]);
    assert_eq!(rule_of(check_resubmission(&r, Some(&n), d(2025, 9, 1), &p, today())), "R-10-4");
}

#[test]
fn r_10_4_allows_seven_working_days_from_the_resubmission_when_the_clock_restarts() {
    let p = ProfileParams { legality_clock_restarts_on_resubmission: true, ..params() };
    let n = notice(&["风险评估报告"]);
    let r = resubmission(d(2025, 9, 10), d(2025, 9, 19), &[("风险评估报告", "见附件3")]);
    assert_eq!(check_resubmission(&r, Some(&n), d(2025, 9, 1), &p, today()), Ok(d(2025, 9, 10)));
    let urgent = Resubmission {
        shortening_reason: Some("须赶在汛期前实施".into()),
        ..resubmission(d(2025, 9, 10), d(2025, 9, 12), &[("风险评估报告", "见附件3")])
    };
    assert!(check_resubmission(&urgent, Some(&n), d(2025, 9, 1), &p, today()).is_ok(), "fewer days with a reason");
}

#[test]
fn r_10_4_refuses_too_short_a_review_counted_from_the_first_submission_when_the_clock_runs_on() {
    let p = ProfileParams { legality_clock_restarts_on_resubmission: false, ..params() };
    let n = notice(&["风险评估报告"]);
    // Counted from 2025-09-01, the seventh working day is 09-10.
    let r = resubmission(d(2025, 9, 8), d(2025, 9, 9), &[("风险评估报告", "见附件3")]);
    assert_eq!(rule_of(check_resubmission(&r, Some(&n), d(2025, 9, 1), &p, today())), "R-10-4");
}

#[test]
fn an_opinion_is_never_asked_for_before_the_resubmission_itself() {
    let p = ProfileParams { legality_clock_restarts_on_resubmission: false, ..params() };
    let n = notice(&["风险评估报告"]);
    // Far enough from the first submission, but before the package is back with the reviewer.
    let r = resubmission(d(2025, 9, 22), d(2025, 9, 15), &[("风险评估报告", "见附件3")]);
    assert!(matches!(
        check_resubmission(&r, Some(&n), d(2025, 9, 1), &p, today()),
        Err(juece_core::CoreError::Invalid(e)) if e.field == "requestedOpinionBy"
    ));
}

#[test]
fn r_10_4_allows_the_first_submissions_clock_to_run_on_when_the_profile_says_so() {
    let p = ProfileParams { legality_clock_restarts_on_resubmission: false, ..params() };
    let n = notice(&["风险评估报告"]);
    // The same dates the restarting profile refuses.
    let r = resubmission(d(2025, 9, 10), d(2025, 9, 12), &[("风险评估报告", "见附件3")]);
    assert_eq!(check_resubmission(&r, Some(&n), d(2025, 9, 1), &p, today()), Ok(d(2025, 9, 1)));
}

fn point(finding: Finding) -> PointFinding {
    PointFinding { finding, remarks: "经审查，理由如下……".into() }
}

fn opinion(verdict: Verdict) -> LegalityOpinion {
    LegalityOpinion {
        issued_on: d(2025, 9, 12),
        reviewer: "区司法局 王五".into(),
        authority: point(Finding::Complies),
        procedure: point(Finding::Complies),
        content: point(Finding::Complies),
        verdict,
        legal_risk_statement: None,
        adviser_opinions: vec![AdviserOpinion {
            name: "赵律师".into(),
            capacity: AdviserCapacity::LegalAdviser,
            opinion: "草案内容合法".into(),
        }],
        revisions_requested: vec![],
        package_version: 1,
    }
}

fn exploratory() -> LegalityOpinion {
    LegalityOpinion { content: point(Finding::NoClearRule), ..opinion(Verdict::ExploratoryWithRisk) }
}

const JUSTICE: Option<&str> = Some("JUSTICE");

#[test]
fn r_10_1_refuses_an_opinion_not_issued_by_the_justice_administration() {
    let p = package(1);
    for role in [None, Some("SPONSOR"), Some("GOV_OFFICE"), Some("HEAD")] {
        assert_eq!(rule_of(check_opinion(&opinion(Verdict::Legal), role, Some(&p), today())), "R-10-1", "{role:?}");
    }
}

#[test]
fn r_10_1_allows_the_justice_administrations_opinion() {
    assert!(check_opinion(&opinion(Verdict::Legal), JUSTICE, Some(&package(1)), today()).is_ok());
}

#[test]
fn r_10_5_refuses_a_finding_without_reasons() {
    let o = LegalityOpinion {
        procedure: PointFinding { finding: Finding::Complies, remarks: " ".into() },
        ..opinion(Verdict::Legal)
    };
    assert_eq!(rule_of(check_opinion(&o, JUSTICE, Some(&package(1)), today())), "R-10-5");
}

#[test]
fn r_10_5_refuses_a_verdict_inconsistent_with_the_findings() {
    let p = package(1);
    let legal_but_failing = LegalityOpinion { content: point(Finding::DoesNotComply), ..opinion(Verdict::Legal) };
    let unlawful_but_complying = opinion(Verdict::NotLegal);
    let exploratory_without_gap = opinion(Verdict::ExploratoryWithRisk);
    let exploratory_but_failing = LegalityOpinion {
        procedure: point(Finding::DoesNotComply),
        legal_risk_statement: Some("存在被撤销的风险".into()),
        ..exploratory()
    };
    for o in [legal_but_failing, unlawful_but_complying, exploratory_without_gap, exploratory_but_failing] {
        assert_eq!(rule_of(check_opinion(&o, JUSTICE, Some(&p), today())), "R-10-5", "{:?}", o.verdict);
    }
}

#[test]
fn r_10_5_allows_three_reasoned_findings() {
    let p = package(1);
    assert!(check_opinion(&opinion(Verdict::Legal), JUSTICE, Some(&p), today()).is_ok());
    let unlawful = LegalityOpinion { authority: point(Finding::DoesNotComply), ..opinion(Verdict::NotLegal) };
    assert!(check_opinion(&unlawful, JUSTICE, Some(&p), today()).is_ok());
}

#[test]
fn r_10_6_refuses_an_opinion_without_the_legal_advisers() {
    let p = package(1);
    let none = LegalityOpinion { adviser_opinions: vec![], ..opinion(Verdict::Legal) };
    assert_eq!(rule_of(check_opinion(&none, JUSTICE, Some(&p), today())), "R-10-6");
    let unnamed = LegalityOpinion {
        adviser_opinions: vec![AdviserOpinion {
            name: " ".into(),
            capacity: AdviserCapacity::PublicLawyer,
            opinion: "合法".into(),
        }],
        ..opinion(Verdict::Legal)
    };
    assert_eq!(rule_of(check_opinion(&unnamed, JUSTICE, Some(&p), today())), "R-10-6");
}

#[test]
fn r_10_6_allows_a_named_public_lawyers_opinion() {
    let o = LegalityOpinion {
        adviser_opinions: vec![AdviserOpinion {
            name: "钱律师".into(),
            capacity: AdviserCapacity::PublicLawyer,
            opinion: "程序完备".into(),
        }],
        ..opinion(Verdict::Legal)
    };
    assert!(check_opinion(&o, JUSTICE, Some(&package(1)), today()).is_ok());
}

#[test]
fn r_10_8_refuses_an_exploratory_verdict_without_the_legal_risk() {
    let p = package(1);
    assert_eq!(rule_of(check_opinion(&exploratory(), JUSTICE, Some(&p), today())), "R-10-8");
    let blank = LegalityOpinion { legal_risk_statement: Some("  ".into()), ..exploratory() };
    assert_eq!(rule_of(check_opinion(&blank, JUSTICE, Some(&p), today())), "R-10-8");
}

#[test]
fn r_10_8_allows_an_exploratory_verdict_with_the_legal_risk_stated() {
    let o = LegalityOpinion {
        legal_risk_statement: Some("国家尚无明确规定，存在被上级机关纠正的风险".into()),
        ..exploratory()
    };
    assert!(check_opinion(&o, JUSTICE, Some(&package(1)), today()).is_ok());
}

fn risk(conclusion: RiskConclusion) -> RiskReport {
    RiskReport {
        assessor: "区教育体育局".into(),
        assessed_draft_version: 1,
        methods: vec!["重点走访".into()],
        departments_consulted: vec!["区公安分局".into()],
        risk_points: vec!["设施收费引发投诉".into()],
        measures: vec!["公开收费标准".into()],
        contingency_plan: "投诉处置预案".into(),
        conclusion,
    }
}

fn fcr(conclusion: FcrConclusion) -> FairCompetitionReview {
    FairCompetitionReview {
        reviewed_draft_version: 1,
        sponsor_first_review: "不涉及市场准入".into(),
        market_regulator: "区市场监督管理局".into(),
        stakeholders_heard: vec![],
        conclusion,
        exception_ground: None,
        no_less_restrictive_alternative: false,
        sunset_or_termination: None,
    }
}

/// An item whose legality opinion cleared the current draft, with participation, risk assessment
/// and fair competition review done and every material the meeting needs on record.
fn reviewed() -> ItemRecord {
    let mut r = ItemRecord::new(ItemState::LegalityReviewed, params());
    r.regions = vec![
        (Region::Participation, RegionState::Done),
        (Region::Hearing, RegionState::NotApplicable),
        (Region::ExpertReview, RegionState::NotApplicable),
        (Region::RiskAssessment, RegionState::Done),
        (Region::FairCompetitionReview, RegionState::Done),
        (Region::Coordination, RegionState::NotApplicable),
    ];
    r.documents = vec![
        doc(ArtefactKind::Draft, 1),
        doc(ArtefactKind::OpinionRegister, 1),
        doc(ArtefactKind::RiskReport, 1),
        doc(ArtefactKind::FairCompetitionReview, 1),
        doc(ArtefactKind::LegalityPackage, 1),
        doc(ArtefactKind::LegalityOpinion, 1),
    ];
    r.latest_draft = Some((1, draft()));
    r.first_submitted_on = Some(d(2025, 9, 1));
    r.package = Some((1, package(1)));
    r.opinion = Some((1, opinion(Verdict::Legal)));
    r.risk = Some(risk(RiskConclusion::Controllable));
    r.fair_competition = Some(fcr(FcrConclusion::Compliant));
    r
}

fn with_region(mut r: ItemRecord, region: Region, state: RegionState) -> ItemRecord {
    for (g, s) in &mut r.regions {
        if *g == region {
            *s = state;
        }
    }
    r
}

fn request(meeting_type: MeetingType) -> AgendaRequest {
    AgendaRequest {
        meeting_type,
        session: "区政府2025年第18次常务会议".into(),
        meeting_date: d(2025, 9, 25),
        sponsor_report: "区教育体育局关于履行决策程序情况的汇报".into(),
    }
}

fn schedule_rule(r: &ItemRecord) -> String {
    rule_of(schedule(request(MeetingType::Executive), r))
}

#[test]
fn r_10_7_refuses_the_agenda_without_an_opinion() {
    let r = ItemRecord { opinion: None, ..reviewed() };
    assert_eq!(schedule_rule(&r), "R-10-7");
}

#[test]
fn r_10_7_refuses_the_agenda_for_a_draft_found_unlawful() {
    let unlawful = LegalityOpinion { content: point(Finding::DoesNotComply), ..opinion(Verdict::NotLegal) };
    let r = ItemRecord { opinion: Some((1, unlawful)), ..reviewed() };
    assert_eq!(schedule_rule(&r), "R-10-7");
}

#[test]
fn r_10_7_refuses_the_agenda_when_the_opinion_reviewed_an_older_draft() {
    let mut r = reviewed();
    r.latest_draft = Some((2, draft()));
    r.documents.push(doc(ArtefactKind::Draft, 2));
    assert_eq!(schedule_rule(&r), "R-10-7");
}

#[test]
fn r_10_7_allows_the_agenda_for_the_draft_the_opinion_cleared() {
    let entry = schedule(request(MeetingType::Executive), &reviewed()).expect("allowed");
    let kinds: Vec<_> = entry.materials.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            ArtefactKind::Draft,
            ArtefactKind::FairCompetitionReview,
            ArtefactKind::OpinionRegister,
            ArtefactKind::RiskReport,
            ArtefactKind::LegalityOpinion,
        ]
    );
    assert_eq!(entry.request, request(MeetingType::Executive));
    assert_eq!(entry.legal_risk_statement, None);
}

#[test]
fn r_10_8_refuses_the_agenda_for_an_exploratory_item_without_its_legal_risk() {
    // The opinion guard already refuses this; the agenda must not rely on that alone.
    let r = ItemRecord { opinion: Some((1, exploratory())), ..reviewed() };
    assert_eq!(rule_of(agenda_preconditions(&r).map_err(CoreError::from)), "R-10-8");
    assert_eq!(schedule_rule(&r), "R-10-8");
}

#[test]
fn r_10_8_allows_the_agenda_for_an_exploratory_item_and_carries_its_legal_risk() {
    let risk = "国家尚无明确规定，存在被上级机关纠正的风险";
    let o = LegalityOpinion { legal_risk_statement: Some(risk.into()), ..exploratory() };
    let r = ItemRecord { opinion: Some((1, o)), ..reviewed() };
    let entry = schedule(request(MeetingType::Plenary), &r).expect("allowed");
    assert_eq!(entry.legal_risk_statement.as_deref(), Some(risk));
}

#[test]
fn r_08_4_refuses_the_agenda_while_the_risk_is_uncontrollable_or_unassessed() {
    let uncontrollable = ItemRecord { risk: Some(risk(RiskConclusion::Uncontrollable)), ..reviewed() };
    assert_eq!(schedule_rule(&uncontrollable), "R-08-4");
    let no_report = ItemRecord { risk: None, ..reviewed() };
    assert_eq!(schedule_rule(&no_report), "R-08-4");
    for state in [RegionState::Pending, RegionState::InProgress, RegionState::Stale] {
        assert_eq!(schedule_rule(&with_region(reviewed(), Region::RiskAssessment, state)), "R-08-4", "{state}");
    }
}

#[test]
fn r_08_4_allows_the_agenda_with_a_controllable_risk_or_a_skipped_assessment() {
    assert!(agenda_preconditions(&reviewed()).is_ok());
    let skipped =
        ItemRecord { risk: None, ..with_region(reviewed(), Region::RiskAssessment, RegionState::NotApplicable) };
    let entry = agenda_preconditions(&skipped).expect("allowed");
    assert!(entry.materials.iter().all(|m| m.kind != ArtefactKind::RiskReport));
}

#[test]
fn r_09_5_refuses_the_agenda_for_a_measure_not_cleared_by_fair_competition_review() {
    let violates = ItemRecord { fair_competition: Some(fcr(FcrConclusion::Violates)), ..reviewed() };
    assert_eq!(schedule_rule(&violates), "R-09-5");
    let no_record = ItemRecord { fair_competition: None, ..reviewed() };
    assert_eq!(schedule_rule(&no_record), "R-09-5");
    for state in [RegionState::Pending, RegionState::InProgress, RegionState::Stale] {
        assert_eq!(schedule_rule(&with_region(reviewed(), Region::FairCompetitionReview, state)), "R-09-5", "{state}");
    }
}

#[test]
fn r_09_5_allows_the_agenda_under_an_exception_or_a_skipped_review() {
    let exception = ItemRecord { fair_competition: Some(fcr(FcrConclusion::Exception)), ..reviewed() };
    assert!(agenda_preconditions(&exception).is_ok());
    let skipped = ItemRecord {
        fair_competition: None,
        ..with_region(reviewed(), Region::FairCompetitionReview, RegionState::NotApplicable)
    };
    assert!(agenda_preconditions(&skipped).is_ok());
}

#[test]
fn r_11_1_refuses_the_agenda_with_a_material_missing() {
    let mut no_register = reviewed();
    no_register.documents.retain(|d| d.kind != ArtefactKind::OpinionRegister);
    assert_eq!(schedule_rule(&no_register), "R-11-1");
    let mut no_opinion_document = reviewed();
    no_opinion_document.documents.retain(|d| d.kind != ArtefactKind::LegalityOpinion);
    assert_eq!(schedule_rule(&no_opinion_document), "R-11-1");
    let no_report = AgendaRequest { sponsor_report: " ".into(), ..request(MeetingType::Executive) };
    assert_eq!(rule_of(schedule(no_report, &reviewed())), "R-11-1");
}

#[test]
fn r_11_1_refuses_the_agenda_when_units_disagree_without_a_dispute_statement() {
    let mut r = with_region(reviewed(), Region::Coordination, RegionState::Done);
    r.documents.push(doc(ArtefactKind::CoordinationRecord, 1));
    r.coordination = Some(CoordinationRecord {
        units: vec![UnitView { unit: "区财政局".into(), view: "经费来源不明".into(), agrees: false }],
        dispute: None,
    });
    assert_eq!(schedule_rule(&r), "R-11-1");
}

#[test]
fn r_11_1_allows_the_agenda_with_every_material_and_the_dispute_statement() {
    let mut r = with_region(reviewed(), Region::Coordination, RegionState::Done);
    r.documents.push(doc(ArtefactKind::CoordinationRecord, 1));
    let dispute = DisputeStatement {
        main_issues: "经费来源".into(),
        sponsor_view_reasons_basis: "由区级财政统筹，依据《预算法》".into(),
    };
    r.coordination = Some(CoordinationRecord {
        units: vec![UnitView { unit: "区财政局".into(), view: "经费来源不明".into(), agrees: false }],
        dispute: Some(dispute.clone()),
    });
    let entry = schedule(request(MeetingType::Executive), &r).expect("allowed");
    assert_eq!(entry.dispute_statement, Some(dispute));
    assert!(entry.materials.iter().any(|m| m.kind == ArtefactKind::CoordinationRecord));
}

#[test]
fn r_11_2_refuses_the_agenda_of_a_topical_or_office_meeting() {
    for t in [MeetingType::Topical, MeetingType::Office] {
        assert_eq!(rule_of(schedule(request(t), &reviewed())), "R-11-2", "{t}");
    }
}

#[test]
fn r_11_2_allows_the_agenda_of_the_executive_or_plenary_meeting() {
    for t in [MeetingType::Executive, MeetingType::Plenary] {
        assert!(schedule(request(t), &reviewed()).is_ok(), "{t}");
    }
}

const HEAD: &str = "区长 孙六";

fn attendee(name: &str, capacity: Capacity) -> Attendee {
    Attendee { name: name.into(), capacity, organisation: "区人民政府".into() }
}

fn speech(speaker: &str, stance: Option<Stance>, remarks: &str) -> Speech {
    Speech { speaker: speaker.into(), stance, remarks: remarks.into() }
}

/// Three members who agree, then the head approving.
fn minutes(outcome: Outcome) -> Minutes {
    Minutes {
        meeting_type: MeetingType::Executive,
        session: "区政府2025年第18次常务会议".into(),
        held_on: d(2025, 9, 25),
        attendees: vec![
            attendee(HEAD, Capacity::Head),
            attendee("副区长 甲", Capacity::Member),
            attendee("副区长 乙", Capacity::Member),
            attendee("副区长 丙", Capacity::Member),
            attendee("区教育体育局局长", Capacity::Sponsor),
        ],
        speeches: vec![
            speech("区教育体育局局长", None, "汇报决策程序履行情况"),
            speech("副区长 甲", Some(Stance::Agree), "同意"),
            speech("副区长 乙", Some(Stance::Agree), "同意"),
            speech("副区长 丙", Some(Stance::Agree), "同意"),
            speech(HEAD, Some(Stance::Agree), "原则通过"),
        ],
        outcome,
        amendments: None,
        amendments_change_legal_substance: false,
        head_reason: None,
        attendee_opinions: vec![],
        recorded_by: "区政府办公室 周七".into(),
    }
}

/// Two of the three members disagree.
fn divided(outcome: Outcome) -> Minutes {
    let mut m = minutes(outcome);
    m.speeches[1] = speech("副区长 甲", Some(Stance::Disagree), "资金保障不足");
    m.speeches[2] = speech("副区长 乙", Some(Stance::Disagree), "时机尚不成熟");
    m
}

#[test]
fn r_11_2_refuses_minutes_of_the_wrong_meeting_or_without_head_and_members() {
    let topical = Minutes { meeting_type: MeetingType::Topical, ..minutes(Outcome::Approve) };
    assert_eq!(rule_of(check_minutes(&topical, None, today())), "R-11-2");
    let mut no_head = minutes(Outcome::Approve);
    no_head.attendees.retain(|a| a.capacity != Capacity::Head);
    no_head.speeches.retain(|s| s.speaker != HEAD);
    assert_eq!(rule_of(check_minutes(&no_head, None, today())), "R-11-2");
    let mut no_members = minutes(Outcome::Approve);
    no_members.attendees.retain(|a| a.capacity != Capacity::Member);
    no_members.speeches.retain(|s| !s.speaker.starts_with("副区长"));
    assert_eq!(rule_of(check_minutes(&no_members, None, today())), "R-11-2");
}

#[test]
fn r_11_2_allows_minutes_of_the_executive_meeting_with_head_and_members() {
    assert!(check_minutes(&minutes(Outcome::Approve), None, today()).is_ok());
    let plenary = Minutes { meeting_type: MeetingType::Plenary, ..minutes(Outcome::Approve) };
    assert!(check_minutes(&plenary, None, today()).is_ok());
}

#[test]
fn r_11_3_refuses_minutes_where_the_head_does_not_speak_last() {
    let mut m = minutes(Outcome::Approve);
    let head = m.speeches.pop().expect("head");
    m.speeches.insert(1, head);
    assert_eq!(rule_of(check_minutes(&m, None, today())), "R-11-3");
    let mut silent = minutes(Outcome::Approve);
    silent.speeches.pop();
    assert_eq!(rule_of(check_minutes(&silent, None, today())), "R-11-3");
}

#[test]
fn r_11_3_allows_minutes_where_the_head_speaks_last() {
    let mut m = minutes(Outcome::Approve);
    // The head may also speak earlier, as long as the last word is the head's.
    m.speeches.insert(0, speech(HEAD, None, "请承办单位汇报"));
    assert!(check_minutes(&m, None, today()).is_ok());
}

#[test]
fn r_11_4_refuses_the_head_deciding_against_the_majority_without_reasons() {
    assert_eq!(rule_of(check_minutes(&divided(Outcome::Approve), None, today())), "R-11-4");
    let blank = Minutes { head_reason: Some(" ".into()), ..divided(Outcome::ApproveWithAmendments) };
    let blank = Minutes { amendments: Some("调整资金来源".into()), ..blank };
    assert_eq!(rule_of(check_minutes(&blank, None, today())), "R-11-4");
    assert_eq!(rule_of(check_minutes(&minutes(Outcome::Reject), None, today())), "R-11-4");
    assert_eq!(rule_of(check_minutes(&minutes(Outcome::Defer), None, today())), "R-11-4");
}

#[test]
fn r_11_4_allows_the_head_deciding_against_the_majority_with_reasons() {
    let m = Minutes {
        head_reason: Some("民生急需，资金由区级财政统筹保障".into()), ..divided(Outcome::Approve)
    };
    assert!(check_minutes(&m, None, today()).is_ok());
    let m = Minutes { head_reason: Some("需进一步听取意见".into()), ..minutes(Outcome::Defer) };
    assert!(check_minutes(&m, None, today()).is_ok());
    // Following the majority needs no reasons.
    assert!(check_minutes(&divided(Outcome::Reject), None, today()).is_ok());
}

#[test]
fn r_11_5_refuses_minutes_missing_a_members_stance_or_the_content_of_a_dissent() {
    let mut unrecorded = minutes(Outcome::Approve);
    unrecorded.speeches[3] = speech("副区长 丙", None, "无意见");
    assert_eq!(rule_of(check_minutes(&unrecorded, None, today())), "R-11-5");
    let mut absent = minutes(Outcome::Approve);
    absent.speeches.remove(3);
    assert_eq!(rule_of(check_minutes(&absent, None, today())), "R-11-5");
    let mut bare_dissent = minutes(Outcome::Approve);
    bare_dissent.speeches[3] = speech("副区长 丙", Some(Stance::Disagree), " ");
    assert_eq!(rule_of(check_minutes(&bare_dissent, None, today())), "R-11-5");
}

#[test]
fn r_11_5_allows_every_stance_recorded_with_the_dissent_stated() {
    let mut m = minutes(Outcome::Approve);
    m.speeches[2] = speech("副区长 乙", Some(Stance::Abstain), "");
    m.speeches[3] = speech("副区长 丙", Some(Stance::Disagree), "建议先行试点");
    assert!(check_minutes(&m, None, today()).is_ok());
}

#[test]
fn r_11_7_sends_a_deferral_return_rejection_or_amendment_of_legal_substance_onward() {
    let p = params();
    assert_eq!(follow_up(&minutes(Outcome::Defer), &p), Some(("T12-DEFER", None)));
    assert_eq!(follow_up(&minutes(Outcome::Return), &p), Some(("T12-RETURN", None)));
    assert_eq!(follow_up(&minutes(Outcome::Reject), &p), Some(("T12-REJECT", None)));
    let substantive = Minutes {
        amendments: Some("增设收费减免条款".into()),
        amendments_change_legal_substance: true,
        ..minutes(Outcome::ApproveWithAmendments)
    };
    assert_eq!(follow_up(&substantive, &p), Some(("T12-RETURN", Some("R-11-7"))));
}

#[test]
fn r_11_7_leaves_an_approval_for_the_heads_signature() {
    let p = params();
    assert_eq!(follow_up(&minutes(Outcome::Approve), &p), None);
    let editorial = Minutes { amendments: Some("文字修改".into()), ..minutes(Outcome::ApproveWithAmendments) };
    assert_eq!(follow_up(&editorial, &p), None);
    let substantive = Minutes { amendments_change_legal_substance: true, ..editorial };
    let lenient = ProfileParams { amended_legal_substance_needs_review: false, ..p };
    assert_eq!(follow_up(&substantive, &lenient), None);
}

fn signed() -> SignedDecision {
    SignedDecision {
        signed_on: d(2025, 9, 26),
        signed_by: HEAD.into(),
        title: "济南市市中区全民健身设施管理实施细则".into(),
        text: "第一条 为加强全民健身设施管理……".into(),
    }
}

const HEAD_ROLE: Option<&str> = Some("HEAD");

#[test]
fn r_11_7_refuses_a_signature_on_what_the_meeting_did_not_approve() {
    assert_eq!(rule_of(check_signature(&signed(), None, HEAD_ROLE, today())), "R-11-7");
    for o in [Outcome::Defer, Outcome::Return, Outcome::Reject] {
        assert_eq!(rule_of(check_signature(&signed(), Some(&minutes(o)), HEAD_ROLE, today())), "R-11-7", "{o}");
    }
}

#[test]
fn r_11_7_allows_a_signature_on_an_approval() {
    assert!(check_signature(&signed(), Some(&minutes(Outcome::Approve)), HEAD_ROLE, today()).is_ok());
    let amended = Minutes { amendments: Some("文字修改".into()), ..minutes(Outcome::ApproveWithAmendments) };
    assert!(check_signature(&signed(), Some(&amended), HEAD_ROLE, today()).is_ok());
}

#[test]
fn r_11_2_refuses_a_signature_by_anyone_but_the_head() {
    let m = minutes(Outcome::Approve);
    for role in [None, Some("GOV_OFFICE"), Some("MEETING_MEMBER"), Some("JUSTICE")] {
        assert_eq!(rule_of(check_signature(&signed(), Some(&m), role, today())), "R-11-2", "{role:?}");
    }
}

#[test]
fn r_11_2_allows_the_heads_signature() {
    assert!(check_signature(&signed(), Some(&minutes(Outcome::Approve)), HEAD_ROLE, today()).is_ok());
}

fn party_report(response: bool) -> PartyReport {
    PartyReport {
        reported_on: d(2025, 9, 29),
        committee: "中共济南市市中区委".into(),
        document: "关于《济南市市中区全民健身设施管理实施细则》的请示".into(),
        response: response.then(|| PartyResponse { received_on: d(2025, 10, 9), content: "同意".into() }),
    }
}

#[test]
fn r_12_1_refuses_a_party_report_without_the_committees_answer() {
    assert_eq!(rule_of(check_party_report(&party_report(false), today())), "R-12-1");
    let mut empty = party_report(true);
    empty.response = Some(PartyResponse { received_on: d(2025, 10, 9), content: " ".into() });
    assert_eq!(rule_of(check_party_report(&empty, today())), "R-12-1");
    let unnamed = PartyReport { committee: "".into(), ..party_report(true) };
    assert_eq!(rule_of(check_party_report(&unnamed, today())), "R-12-1");
}

#[test]
fn r_12_1_allows_a_party_report_with_the_committees_answer() {
    assert!(check_party_report(&party_report(true), today()).is_ok());
}

/// An item signed on Fri 2025-09-26 and reported to the committee, which answered.
fn decided() -> ItemRecord {
    let mut r = reviewed();
    r.state = ItemState::PartyReported;
    r.minutes = Some((1, minutes(Outcome::Approve)));
    r.signed = Some((1, signed()));
    r.party_report = Some((1, party_report(true)));
    r
}

fn publication() -> Publication {
    Publication {
        published_on: d(2025, 10, 15),
        document_number: "市中政字〔2022〕27号".into(),
        title: "济南市市中区人民政府关于印发济南市市中区全民健身设施管理实施细则的通知".into(),
        gazette_issue: Some("2022年第2期".into()),
        url: None,
        newspaper: None,
        interpretation: None,
        adoption_explanation: None,
        high_public_concern: false,
    }
}

#[test]
fn r_12_1_refuses_publication_before_the_committee_answered() {
    let unreported = ItemRecord { party_report: None, ..decided() };
    assert_eq!(rule_of(publish(publication(), &unreported, &params(), today())), "R-12-1");
    let unanswered = ItemRecord { party_report: Some((1, party_report(false))), ..decided() };
    assert_eq!(rule_of(publish(publication(), &unanswered, &params(), today())), "R-12-1");
    assert_eq!(rule_of(publication_preconditions(&unanswered).map_err(CoreError::from)), "R-12-1");
}

#[test]
fn r_12_1_allows_publication_once_the_committee_answered() {
    assert!(publication_preconditions(&decided()).is_ok());
    assert!(publish(publication(), &decided(), &params(), today()).is_ok());
}

#[test]
fn r_09_5_refuses_publication_of_a_measure_not_cleared_by_fair_competition_review() {
    let violates = ItemRecord { fair_competition: Some(fcr(FcrConclusion::Violates)), ..decided() };
    assert_eq!(rule_of(publish(publication(), &violates, &params(), today())), "R-09-5");
    let stale = with_region(decided(), Region::FairCompetitionReview, RegionState::Stale);
    assert_eq!(rule_of(publish(publication(), &stale, &params(), today())), "R-09-5");
}

#[test]
fn r_09_5_allows_publication_under_an_exception_or_a_skipped_review() {
    let exception = ItemRecord { fair_competition: Some(fcr(FcrConclusion::Exception)), ..decided() };
    assert!(publish(publication(), &exception, &params(), today()).is_ok());
    let skipped = ItemRecord {
        fair_competition: None,
        ..with_region(decided(), Region::FairCompetitionReview, RegionState::NotApplicable)
    };
    assert!(publish(publication(), &skipped, &params(), today()).is_ok());
}

#[test]
fn r_13_1_refuses_publication_without_a_proper_document_number_a_channel_or_a_signed_decision() {
    for bad in
        ["27号", "市中政字2022年27号", "〔2022〕27号", "市中政字〔22〕27号", "市中政字〔2022〕号", "市中政字〔2022〕27"]
    {
        let p = Publication { document_number: bad.into(), ..publication() };
        assert_eq!(rule_of(publish(p, &decided(), &params(), today())), "R-13-1", "{bad}");
    }
    let untitled = Publication { title: " ".into(), ..publication() };
    assert_eq!(rule_of(publish(untitled, &decided(), &params(), today())), "R-13-1");
    let nowhere = Publication { gazette_issue: None, url: Some(" ".into()), ..publication() };
    assert_eq!(rule_of(publish(nowhere, &decided(), &params(), today())), "R-13-1");
    let unsigned = ItemRecord { signed: None, ..decided() };
    assert_eq!(rule_of(publish(publication(), &unsigned, &params(), today())), "R-13-1");
}

#[test]
fn r_13_1_allows_publication_with_its_number_and_channel_and_measures_the_deadline() {
    let signed_on = d(2025, 9, 26);
    let due = calendar::add_working_days(signed_on, params().publication_max_working_days);
    let rec = publish(publication(), &decided(), &params(), today()).expect("allowed");
    assert_eq!(rec.decided_on, signed_on);
    assert_eq!(rec.due_by, due.date);
    // Twenty working days across the National Day break.
    assert_eq!(rec.due_by, d(2025, 10, 30));
    assert!(!rec.due_by_provisional);
    assert!(rec.on_time);
    assert_eq!(rec.publication, publication());
    let by_website = Publication {
        gazette_issue: None,
        url: Some("http://www.shizhong.gov.cn/art/2025/10/15/1.html".into()),
        ..publication()
    };
    assert!(publish(by_website, &decided(), &params(), today()).is_ok());
    let late = Publication { published_on: d(2025, 10, 31), ..publication() };
    let rec = publish(late, &decided(), &params(), today()).expect("a late publication is recorded, not refused");
    assert!(!rec.on_time);
}

#[test]
fn r_13_3_refuses_a_decision_of_wide_concern_or_high_technicality_without_interpretation() {
    let concern = Publication { high_public_concern: true, ..publication() };
    assert_eq!(rule_of(publish(concern.clone(), &decided(), &params(), today())), "R-13-3");
    let half = Publication { interpretation: Some("政策解读".into()), ..concern };
    assert_eq!(rule_of(publish(half, &decided(), &params(), today())), "R-13-3");
    let technical = with_region(decided(), Region::ExpertReview, RegionState::Done);
    assert_eq!(rule_of(publish(publication(), &technical, &params(), today())), "R-13-3");
}

#[test]
fn r_13_3_allows_a_decision_of_wide_concern_with_interpretation_and_adoption_explained() {
    let p = Publication {
        high_public_concern: true,
        interpretation: Some("《实施细则》政策解读".into()),
        adoption_explanation: Some("公众意见12条，采纳8条".into()),
        ..publication()
    };
    assert!(publish(p.clone(), &decided(), &params(), today()).is_ok());
    let technical = with_region(decided(), Region::ExpertReview, RegionState::Done);
    assert!(publish(p, &technical, &params(), today()).is_ok());
}

fn exemption() -> PublicationExemption {
    PublicationExemption {
        decided_on: d(2025, 10, 15),
        ground: ExemptionGround::Art14,
        reason: "涉及安全稳定".into(),
        reviewed_by: "区保密局".into(),
        reviewed_on: d(2025, 10, 14),
        review_conclusion: "不予公开".into(),
    }
}

#[test]
fn r_13_5_refuses_an_exemption_without_its_reason_or_review() {
    let no_reason = PublicationExemption { reason: " ".into(), ..exemption() };
    assert_eq!(rule_of(check_exemption(&no_reason, &decided(), today())), "R-13-5");
    let no_reviewer = PublicationExemption { reviewed_by: "".into(), ..exemption() };
    assert_eq!(rule_of(check_exemption(&no_reviewer, &decided(), today())), "R-13-5");
    let no_conclusion = PublicationExemption { review_conclusion: "".into(), ..exemption() };
    assert_eq!(rule_of(check_exemption(&no_conclusion, &decided(), today())), "R-13-5");
}

#[test]
fn r_13_5_allows_an_exemption_on_a_ground_with_its_reason_and_review() {
    assert!(check_exemption(&exemption(), &decided(), today()).is_ok());
}

const JTJ: Uuid = Uuid::from_u128(2);
const CZJ: Uuid = Uuid::from_u128(5);

fn unit(id: Uuid, gov: &str) -> SponsorFacts {
    SponsorFacts { id, government: code(gov), name: "区教育体育局".into() }
}

fn assignment(responsible: Vec<Uuid>) -> ExecutionAssignment {
    ExecutionAssignment {
        assigned_on: d(2025, 10, 16),
        lead_unit_id: JTJ,
        responsible_unit_ids: responsible,
        note: "".into(),
    }
}

#[test]
fn r_15_1_refuses_execution_units_of_another_government() {
    let gov = code("370103");
    let foreign_lead = [unit(JTJ, "370117")];
    assert_eq!(rule_of(check_assignment(&assignment(vec![]), &foreign_lead, &gov, today())), "R-15-1");
    let foreign_responsible = [unit(JTJ, "370103"), unit(CZJ, "370117")];
    assert_eq!(rule_of(check_assignment(&assignment(vec![CZJ]), &foreign_responsible, &gov, today())), "R-15-1");
    // A lead that was not found is no designation at all.
    assert_eq!(rule_of(check_assignment(&assignment(vec![]), &[], &gov, today())), "R-15-1");
}

#[test]
fn r_15_1_allows_a_lead_and_responsible_units_of_this_government() {
    let units = [unit(JTJ, "370103"), unit(CZJ, "370103")];
    assert!(check_assignment(&assignment(vec![CZJ]), &units, &code("370103"), today()).is_ok());
}

fn blocked(id: &str, record: &ItemRecord) -> Option<String> {
    let row = transition(id).expect("row");
    blocked_by(row, record).map(|e| match e {
        CoreError::Violation(v) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    })
}

#[test]
fn r_10_7_blocks_the_agenda_on_an_empty_record() {
    let empty = ItemRecord::new(ItemState::LegalityReviewed, params());
    assert_eq!(blocked("T11", &empty).as_deref(), Some("R-10-7"));
}

#[test]
fn r_10_7_does_not_block_the_agenda_once_the_record_has_its_materials() {
    assert_eq!(blocked("T11", &reviewed()), None);
}

#[test]
fn r_11_7_blocks_the_signature_without_approving_minutes() {
    let empty = ItemRecord::new(ItemState::Discussed, params());
    assert_eq!(blocked("T13", &empty).as_deref(), Some("R-11-7"));
    let deferred = ItemRecord { minutes: Some((1, minutes(Outcome::Defer))), ..empty };
    assert_eq!(blocked("T13", &deferred).as_deref(), Some("R-11-7"));
}

#[test]
fn r_11_7_does_not_block_the_signature_after_an_approval() {
    let r =
        ItemRecord { minutes: Some((1, minutes(Outcome::Approve))), ..ItemRecord::new(ItemState::Discussed, params()) };
    assert_eq!(blocked("T13", &r), None);
}

#[test]
fn r_12_1_blocks_publication_without_the_party_report() {
    let empty = ItemRecord::new(ItemState::PartyReported, params());
    assert_eq!(blocked("T15", &empty).as_deref(), Some("R-12-1"));
    assert_eq!(blocked("T15-EXEMPT", &empty).as_deref(), Some("R-12-1"));
}

#[test]
fn r_12_1_does_not_block_publication_once_the_committee_answered() {
    let r = ItemRecord {
        party_report: Some((1, party_report(true))),
        ..ItemRecord::new(ItemState::PartyReported, params())
    };
    assert_eq!(blocked("T15", &r), None);
    assert_eq!(blocked("T15", &decided()), None);
}

fn ctx(role: &str) -> Ctx {
    Ctx {
        now: Utc.with_ymd_and_hms(2025, 11, 20, 2, 0, 0).single().expect("time"),
        actor: Actor {
            kind: ActorKind::User,
            id: "u1".into(),
            name: "测试用户".into(),
            org: Some("370103".into()),
            role: Some(role.into()),
        },
    }
}

fn catalogue() -> CatalogueFacts {
    CatalogueFacts {
        id: Uuid::from_u128(1),
        government: code("370103"),
        year: 2025,
        status: CatalogueStatus::Published,
        item_count: 2,
    }
}

fn item(state: ItemState) -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state,
        title: ItemTitle::parse("制定出台《济南市市中区全民健身设施管理实施细则》").expect("title"),
        sponsor_id: JTJ,
        category: Category::PublicServices,
        planned_completion: YearMonth::new(2025, 12).expect("month"),
    }
}

fn artefact(kind: ArtefactKind) -> ArtefactRef {
    ArtefactRef { id: Uuid::from_u128(9), kind, version: 1, sha256: "0".repeat(64) }
}

fn step(state: ItemState, cmd: &StepCommand, role: &str) -> Result<Vec<DomainEvent>, CoreError> {
    decide_step(&catalogue(), &item(state), cmd, artefact(cmd.artefact_kind()), &ctx(role))
}

fn discussion(m: Minutes) -> StepCommand {
    let mut record = reviewed();
    record.state = ItemState::ReadyForMeeting;
    StepCommand::RecordDiscussion { minutes: m, record: Box::new(record) }
}

/// (from, to, step, rule) of each state change.
fn moves(events: &[DomainEvent]) -> Vec<(ItemState, ItemState, Option<String>, Option<String>)> {
    events
        .iter()
        .map(|e| match e {
            DomainEvent::ItemStateChanged { from, to, step, rule, .. } => (*from, *to, step.clone(), rule.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[test]
fn a_deferral_puts_the_item_back_on_the_agenda() {
    let m = Minutes { head_reason: Some("需进一步听取意见".into()), ..minutes(Outcome::Defer) };
    let events = step(ItemState::ReadyForMeeting, &discussion(m), "GOV_OFFICE").expect("allowed");
    assert_eq!(
        moves(&events),
        [
            (ItemState::ReadyForMeeting, ItemState::Discussed, Some("T12".to_owned()), Some("R-11-2".to_owned())),
            (ItemState::Discussed, ItemState::ReadyForMeeting, Some("T12-DEFER".to_owned()), None),
        ]
    );
    for e in &events {
        assert!(
            matches!(e, DomainEvent::ItemStateChanged { artefact: Some(a), .. } if a.kind == ArtefactKind::Minutes)
        );
    }
}

#[test]
fn r_11_7_an_amendment_of_legal_substance_sends_the_item_back_to_drafting() {
    let m = Minutes {
        amendments: Some("增设收费减免条款".into()),
        amendments_change_legal_substance: true,
        ..minutes(Outcome::ApproveWithAmendments)
    };
    let events = step(ItemState::ReadyForMeeting, &discussion(m), "GOV_OFFICE").expect("allowed");
    assert_eq!(
        moves(&events)[1..],
        [(ItemState::Discussed, ItemState::Drafting, Some("T12-RETURN".to_owned()), Some("R-11-7".to_owned()))]
    );
}

#[test]
fn an_approval_rests_at_discussed_for_the_signature() {
    let events =
        step(ItemState::ReadyForMeeting, &discussion(minutes(Outcome::Approve)), "GOV_OFFICE").expect("allowed");
    assert_eq!(
        moves(&events),
        [(ItemState::ReadyForMeeting, ItemState::Discussed, Some("T12".to_owned()), Some("R-11-2".to_owned()))]
    );
}

#[test]
fn steps_after_the_opinion_come_in_the_order_of_section_2_3() {
    let mut approved = reviewed();
    approved.minutes = Some((1, minutes(Outcome::Approve)));
    let sign = StepCommand::SignDecision { decision: signed(), record: Box::new(approved) };
    let publish = StepCommand::Publish { publication: publication(), record: Box::new(decided()) };
    for (state, cmd) in [
        (ItemState::ReadyForMeeting, &sign),
        (ItemState::LegalityReviewed, &discussion(minutes(Outcome::Approve))),
        (ItemState::Decided, &publish),
        (ItemState::Published, &publish),
    ] {
        match step(state, cmd, "HEAD") {
            Err(CoreError::OutOfOrder { transition, state: at, .. }) => {
                assert_eq!(transition, cmd.transition_id());
                assert_eq!(at, state);
            }
            other => panic!("{state}: expected out of order, got {other:?}"),
        }
    }
    assert!(step(ItemState::Discussed, &sign, "HEAD").is_ok());
    assert!(step(ItemState::PartyReported, &publish, "GOV_OFFICE").is_ok());
}

#[test]
fn r_10_1_decide_step_reads_the_role_from_the_actor() {
    let cmd = StepCommand::IssueOpinion { opinion: opinion(Verdict::Legal), record: Box::new(reviewed()) };
    assert_eq!(rule_of(step(ItemState::LegalitySubmitted, &cmd, "SPONSOR")), "R-10-1");
    let events = step(ItemState::LegalitySubmitted, &cmd, "JUSTICE").expect("allowed");
    assert_eq!(
        moves(&events),
        [(ItemState::LegalitySubmitted, ItemState::LegalityReviewed, Some("T9".to_owned()), Some("R-10-1".to_owned()))]
    );
}

#[test]
fn r_11_4_counts_a_member_who_spoke_twice_once_by_the_last_stance() {
    // 丙 agrees twice while 甲 and 乙 disagree: the majority is against, and a rejection follows it.
    let mut m = divided(Outcome::Reject);
    let head = m.speeches.pop().expect("head last");
    m.speeches.push(speech("副区长 丙", Some(Stance::Agree), "补充意见：仍然同意"));
    m.speeches.push(head);
    assert_eq!(check_minutes(&m, None, today()), Ok(()));
    // 甲 changes to agree in a second speech: now the majority is for, and rejecting needs reasons.
    let head = m.speeches.pop().expect("head last");
    m.speeches.push(speech("副区长 甲", Some(Stance::Agree), "听取说明后同意"));
    m.speeches.push(head);
    assert_eq!(rule_of(check_minutes(&m, None, today())), "R-11-4");
}

fn withdrawal(consent: Option<NaiveDate>) -> juece_core::publication::Withdrawal {
    juece_core::publication::Withdrawal {
        approved_on: d(2025, 9, 1),
        approval_document: "区政府2025年第15次常务会议纪要".into(),
        reason: "上级政策调整，事项不再实施".into(),
        party_consent_on: consent,
    }
}

#[test]
fn r_02_6_refuses_a_withdrawal_without_approval_reason_or_party_consent() {
    use juece_core::publication::check_withdrawal;
    assert_eq!(rule_of(check_withdrawal(&withdrawal(None), &params(), today())), "R-02-6");
    let blank = juece_core::publication::Withdrawal { reason: " ".into(), ..withdrawal(Some(d(2025, 9, 3))) };
    assert_eq!(rule_of(check_withdrawal(&blank, &params(), today())), "R-02-6");
}

#[test]
fn r_02_6_allows_an_approved_adjustment_with_consent_or_a_profile_without_it() {
    use juece_core::publication::check_withdrawal;
    assert_eq!(check_withdrawal(&withdrawal(Some(d(2025, 9, 3))), &params(), today()), Ok(()));
    let lenient = ProfileParams { adjustment_needs_party_consent: false, ..params() };
    assert_eq!(check_withdrawal(&withdrawal(None), &lenient, today()), Ok(()));
}
