//! After the decision (T17–T23): each rule `decide_after` checks, refusing and passing, and the
//! events of each step.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::after_decision::*;
use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::publication::Publication;
use juece_core::{Actor, Category, CoreError, Ctx, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn ctx() -> Ctx {
    Ctx { now: Utc.with_ymd_and_hms(2026, 12, 9, 2, 0, 0).single().expect("time"), actor: Actor::system("test") }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
}

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

fn artefact(kind: ArtefactKind) -> Option<ArtefactRef> {
    Some(ArtefactRef { id: Uuid::from_u128(9), kind, version: 1, sha256: "0".repeat(64) })
}

fn decide(state: ItemState, cmd: &AfterCommand) -> Result<Vec<DomainEvent>, CoreError> {
    decide_after(&item(state), cmd, cmd.artefact_kind().and_then(artefact), &ctx())
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn reached(r: Result<Vec<DomainEvent>, CoreError>) -> (ItemState, String) {
    match r.expect("allowed").first() {
        Some(DomainEvent::ItemStateChanged { to, step, .. }) => (*to, step.clone().unwrap_or_default()),
        other => panic!("unexpected {other:?}"),
    }
}

fn order(situation: Option<Art35Situation>, urgency: &str) -> SuspensionOrder {
    SuspensionOrder {
        decided_on: day(9),
        situation,
        facts: "上位规划调整".into(),
        urgency: urgency.into(),
        document: None,
    }
}

fn start(evaluator: &str) -> EvaluationStart {
    EvaluationStart {
        decided_on: day(9),
        trigger: EvaluationTrigger::BasisChanged,
        trigger_facts: "设立标准调整".into(),
        evaluator: evaluator.into(),
        third_party: true,
    }
}

fn report(evaluator: &str) -> EvaluationReport {
    EvaluationReport {
        submitted_on: day(9),
        evaluator: evaluator.into(),
        findings: "基本实现".into(),
        recommendation: Recommendation::Continue,
        reasons: "数据".into(),
    }
}

fn input() -> EvaluationInput {
    EvaluationInput {
        received_on: day(9),
        source: InputSource::Public,
        method: "问卷".into(),
        participants: 10,
        summary: "支持".into(),
    }
}

fn conclude(outcome: Recommendation, report: Option<EvaluationReport>, inputs: usize, by_head: bool) -> AfterCommand {
    AfterCommand::ConcludeEvaluation {
        conclusion: EvaluationConclusion {
            concluded_on: day(9),
            outcome,
            reason: "采纳".into(),
            suspension: (outcome == Recommendation::Suspend)
                .then(|| order(Some(Art35Situation::DecisionProblem), "紧急")),
        },
        report,
        inputs: vec![input(); inputs],
        by_head,
    }
}

#[test]
fn r_17_2_only_the_head_suspends_and_only_in_an_urgent_art_35_situation() {
    let suspend =
        |situation, urgency: &str, by_head| AfterCommand::Suspend { order: order(situation, urgency), by_head };
    let s = Some(Art35Situation::CircumstancesChanged);
    assert_eq!(rule_of(decide(ItemState::Executing, &suspend(s, "紧急", false))), "R-17-2");
    assert_eq!(rule_of(decide(ItemState::Executing, &suspend(None, "紧急", true))), "R-17-2");
    assert_eq!(rule_of(decide(ItemState::Executing, &suspend(s, " ", true))), "R-17-2");
    assert_eq!(reached(decide(ItemState::Executing, &suspend(s, "紧急", true))), (ItemState::Suspended, "T17".into()));
    // From anywhere else the step is out of order.
    assert!(matches!(
        decide(ItemState::Decided, &suspend(s, "紧急", true)),
        Err(CoreError::OutOfOrder { transition: "T17", .. })
    ));
}

#[test]
fn r_16_1_and_r_16_2_an_evaluation_starts_on_its_facts_with_an_independent_evaluator() {
    let cmd = |s: EvaluationStart| AfterCommand::StartEvaluation {
        start: s,
        pre_decision_units: vec!["某某（集团）咨询公司".into()],
    };
    let mut no_facts = start("第三方");
    no_facts.trigger_facts = " ".into();
    assert_eq!(rule_of(decide(ItemState::Executing, &cmd(no_facts))), "R-16-1");
    // The same unit written with other brackets and spaces is the same unit.
    assert_eq!(rule_of(decide(ItemState::Executing, &cmd(start("某某(集团)咨询公司 ")))), "R-16-2");
    assert_eq!(reached(decide(ItemState::Suspended, &cmd(start("第三方")))), (ItemState::PostEvaluation, "T19".into()));
    // The report comes from the unit named.
    let submit = |r| AfterCommand::SubmitEvaluationReport { report: r, start: Some(start("第三方")) };
    assert_eq!(rule_of(decide(ItemState::PostEvaluation, &submit(report("别家")))), "R-16-2");
    let events = decide(ItemState::PostEvaluation, &submit(report("第三方"))).expect("allowed");
    assert!(matches!(events[..], [DomainEvent::AfterDecisionRecorded { record: AfterRecord::EvaluationReport, .. }]));
}

#[test]
fn r_16_5_and_r_16_3_the_organ_concludes_on_a_report_after_hearing_the_public() {
    let c = Recommendation::Continue;
    assert_eq!(rule_of(decide(ItemState::PostEvaluation, &conclude(c, None, 1, false))), "R-16-5");
    assert_eq!(rule_of(decide(ItemState::PostEvaluation, &conclude(c, Some(report("x")), 0, false))), "R-16-3");
    let outcomes = [
        (Recommendation::Continue, ItemState::Executing, "T20"),
        (Recommendation::Adjust, ItemState::Adjusting, "T20-ADJUST"),
        (Recommendation::Suspend, ItemState::Suspended, "T20-SUSPEND"),
        (Recommendation::Terminate, ItemState::Terminating, "T20-TERMINATE"),
    ];
    for (outcome, to, step) in outcomes {
        let r = decide(ItemState::PostEvaluation, &conclude(outcome, Some(report("x")), 1, true));
        assert_eq!(reached(r), (to, step.to_owned()));
    }
    // A suspension on an evaluation is still the head's (R-17-2).
    let r = decide(ItemState::PostEvaluation, &conclude(Recommendation::Suspend, Some(report("x")), 1, false));
    assert_eq!(rule_of(r), "R-17-2");
}

#[test]
fn r_17_3_an_adjustment_makes_one_child_at_a_time() {
    let child = Uuid::from_u128(77);
    let cmd = |open_child| AfterCommand::StartAdjustment {
        start: AdjustmentStart {
            decided_on: day(9),
            title: ItemTitle::parse("关于调整的决定").expect("title"),
            reason: "重大调整".into(),
            child_item_id: child,
        },
        catalogue_id: Uuid::from_u128(1),
        seq: 5,
        sponsor_name: "区发展改革局".into(),
        open_child,
        profile_version: "SHANDONG-2025-10-01".into(),
    };
    assert_eq!(rule_of(decide(ItemState::Adjusting, &cmd(Some(Uuid::from_u128(76))))), "R-17-3");
    let events = decide(ItemState::Adjusting, &cmd(None)).expect("allowed");
    assert!(matches!(
        &events[..],
        [
            DomainEvent::AdjustmentStarted { child_item_id, .. },
            DomainEvent::CatalogueItemAdded { seq: 5, .. },
            DomainEvent::ItemCreated { state: ItemState::Drafting, parent_item_id: Some(_), .. },
        ] if *child_item_id == child
    ));
    let supersede = AfterCommand::Supersede { child_item_id: child };
    assert_eq!(reached(decide(ItemState::Adjusting, &supersede)), (ItemState::Superseded, "T21-SUPERSEDE".into()));
    assert!(decide(ItemState::Executing, &supersede).is_err());
}

#[test]
fn r_17_4_and_r_13_1_a_termination_goes_through_its_stages_and_is_published() {
    let publication = |gazette: Option<&str>| Publication {
        published_on: day(9),
        document_number: "市中政发〔2026〕30号".into(),
        title: "关于停止执行的决定".into(),
        gazette_issue: gazette.map(str::to_owned),
        url: None,
        newspaper: None,
        interpretation: None,
        adoption_explanation: None,
        high_public_concern: false,
    };
    let record = |stage, agreed| TerminationRecord {
        stage,
        recorded_on: day(9),
        document: "文件".into(),
        agreed,
        remarks: String::new(),
    };
    let all = TerminationStage::ALL.to_vec();
    let terminate = |recorded: Vec<TerminationRecord>, gazette| AfterCommand::Terminate {
        publication: publication(gazette),
        recorded,
        required: all.clone(),
    };
    assert_eq!(rule_of(decide(ItemState::Terminating, &terminate(vec![], Some("第12期")))), "R-17-4");
    let mut recorded: Vec<_> = all.iter().map(|s| record(*s, true)).collect();
    // The latest record of a stage counts: one that disagrees after agreeing stops it.
    recorded.push(record(TerminationStage::Meeting, false));
    assert_eq!(rule_of(decide(ItemState::Terminating, &terminate(recorded.clone(), Some("第12期")))), "R-17-4");
    recorded.pop();
    assert_eq!(rule_of(decide(ItemState::Terminating, &terminate(recorded.clone(), None))), "R-13-1");
    assert_eq!(
        reached(decide(ItemState::Terminating, &terminate(recorded, Some("第12期")))),
        (ItemState::Terminated, "T22".into())
    );
}

#[test]
fn r_15_2_execution_completes_with_no_task_open_and_the_final_report() {
    let complete = |tasks: Vec<String>, report: &str| AfterCommand::Complete {
        record: CompletionRecord { completed_on: day(9), final_report: report.into() },
        open_tasks: tasks,
    };
    assert_eq!(rule_of(decide(ItemState::Executing, &complete(vec!["建设健身步道".into()], "报告"))), "R-15-2");
    assert!(matches!(decide(ItemState::Executing, &complete(vec![], " ")), Err(CoreError::Invalid(_))));
    assert_eq!(reached(decide(ItemState::Executing, &complete(vec![], "报告"))), (ItemState::Completed, "T23".into()));
}

#[test]
fn records_belong_to_their_state_and_dates_are_not_in_the_future() {
    let record = AfterCommand::RecordEvaluationInput(input());
    assert!(matches!(decide(ItemState::Executing, &record), Err(CoreError::OutOfOrder { .. })));
    let mut later = input();
    later.received_on = day(10);
    assert!(matches!(
        decide(ItemState::PostEvaluation, &AfterCommand::RecordEvaluationInput(later)),
        Err(CoreError::Invalid(_))
    ));
}
