//! The participation region: the comment notice (R-05-4), its period (R-05-5, shortened only with a
//! reason in the notice, never closed early), the opinion register (R-05-8), and stale regions
//! after a substantive revision.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::artefact::{ArtefactKind, ArtefactRef, Draft};
use juece_core::catalogue::ItemFacts;
use juece_core::participation::{
    Adoption, CommentNotice, OpinionEntry, OpinionRegister, ParticipationCommand, decide_participation, revise_draft,
};
use juece_core::profile::version;
use juece_core::region::{Region, RegionState};
use juece_core::{Actor, Category, CoreError, Ctx, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn ctx(y: i32, m: u32, d: u32) -> Ctx {
    // 09:00 in Shanghai.
    Ctx { now: Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).single().expect("time"), actor: Actor::system("test") }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn item(state: ItemState) -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state,
        title: ItemTitle::parse("制定出台《济南市市中区全民健身设施管理实施细则》").expect("title"),
        sponsor_id: Uuid::from_u128(2),
        category: Category::PublicServices,
        planned_completion: YearMonth::new(2026, 10).expect("month"),
    }
}

fn draft() -> Draft {
    Draft {
        full_text: "正文".into(),
        explanation: "起草说明".into(),
        background: "背景".into(),
        legal_basis: vec!["依据".into()],
    }
}

fn notice(opens: NaiveDate, closes: NaiveDate) -> CommentNotice {
    CommentNotice {
        title: "关于公开征求《济南市市中区全民健身设施管理实施细则（征求意见稿）》意见的公告".into(),
        draft_version: 1,
        opens_on: opens,
        closes_on: closes,
        methods: vec!["电子邮件".into(), "信函".into()],
        channels: vec!["市中区人民政府门户网站重大行政决策意见征集专栏".into()],
        contact: "区教育体育局 0531-00000000".into(),
        shortening_reason: None,
    }
}

fn reference(kind: ArtefactKind) -> ArtefactRef {
    ArtefactRef { id: Uuid::from_u128(9), kind, version: 1, sha256: "0".repeat(64) }
}

fn params() -> juece_core::profile::ProfileParams {
    version("SHANDONG-2025-10-01").expect("version").params
}

fn open(n: CommentNotice, d: Option<Draft>, on: Ctx) -> Result<Vec<DomainEvent>, CoreError> {
    let cmd = ParticipationCommand::OpenNotice { notice: n, draft: d, shandong: true };
    decide_participation(
        &item(ItemState::Consultation),
        Some(RegionState::Pending),
        &params(),
        &cmd,
        reference(ArtefactKind::CommentNotice),
        &on,
    )
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

#[test]
fn r_05_4_the_notice_publishes_draft_explanation_how_and_where() {
    let on = ctx(2026, 1, 20);
    let n = || notice(date(2026, 1, 20), date(2026, 2, 24));
    assert_eq!(rule_of(open(n(), None, on.clone())), "R-05-4");
    assert_eq!(rule_of(open(n(), Some(Draft { explanation: " ".into(), ..draft() }), on.clone())), "R-05-4");
    assert_eq!(rule_of(open(CommentNotice { methods: vec![], ..n() }, Some(draft()), on.clone())), "R-05-4");
    assert_eq!(rule_of(open(CommentNotice { channels: vec![" ".into()], ..n() }, Some(draft()), on.clone())), "R-05-4");
    assert_eq!(rule_of(open(CommentNotice { contact: "".into(), ..n() }, Some(draft()), on.clone())), "R-05-4");
    let evs = open(n(), Some(draft()), on).expect("allowed");
    assert!(matches!(
        &evs[0],
        DomainEvent::RegionStateChanged { region: Region::Participation, to: RegionState::InProgress, .. }
    ));
}

#[test]
fn r_05_5_thirty_days_counted_on_the_calendar_or_a_reason_in_the_notice() {
    let on = ctx(2026, 1, 20);
    // Opened 2026-01-20: day 30 is 2026-02-19, inside the Spring Festival break, so the period
    // runs to the next working day, 2026-02-24 (rule catalogue §3.4).
    assert_eq!(rule_of(open(notice(date(2026, 1, 20), date(2026, 2, 19)), Some(draft()), on.clone())), "R-05-5");
    assert_eq!(rule_of(open(notice(date(2026, 1, 20), date(2026, 2, 23)), Some(draft()), on.clone())), "R-05-5");
    assert!(open(notice(date(2026, 1, 20), date(2026, 2, 24)), Some(draft()), on.clone()).is_ok());
    let shortened = CommentNotice {
        shortening_reason: Some("汛期前须完成设施安全整治，情况紧急".into()),
        ..notice(date(2026, 1, 20), date(2026, 1, 30))
    };
    assert!(open(shortened, Some(draft()), on).is_ok(), "HG-O: shorter with the reason in the notice");
    // A period reaching a year whose calendar is not loaded is provisional and cannot satisfy the guard.
    assert_eq!(rule_of(open(notice(date(2026, 12, 1), date(2027, 3, 1)), Some(draft()), ctx(2026, 12, 1))), "R-05-5");
}

#[test]
fn a_notice_opens_once_in_consultation_and_not_in_the_past() {
    let n = notice(date(2026, 1, 20), date(2026, 2, 24));
    let cmd = ParticipationCommand::OpenNotice { notice: n.clone(), draft: Some(draft()), shandong: true };
    let r = decide_participation(
        &item(ItemState::Drafting),
        Some(RegionState::Pending),
        &params(),
        &cmd,
        reference(ArtefactKind::CommentNotice),
        &ctx(2026, 1, 20),
    );
    assert!(matches!(r, Err(CoreError::OutOfOrder { .. })));
    let r = decide_participation(
        &item(ItemState::Consultation),
        Some(RegionState::InProgress),
        &params(),
        &cmd,
        reference(ArtefactKind::CommentNotice),
        &ctx(2026, 1, 20),
    );
    assert!(matches!(r, Err(CoreError::OutOfOrder { .. })), "opened already");
    let r = decide_participation(
        &item(ItemState::Consultation),
        Some(RegionState::NotApplicable),
        &params(),
        &cmd,
        reference(ArtefactKind::CommentNotice),
        &ctx(2026, 1, 20),
    );
    assert!(matches!(r, Err(CoreError::Invalid(_))));
    assert!(matches!(open(n, Some(draft()), ctx(2026, 1, 21)), Err(CoreError::Invalid(e)) if e.field == "opensOn"));
}

fn close(register: OpinionRegister, latest: i32, on: Ctx) -> Result<Vec<DomainEvent>, CoreError> {
    let cmd = ParticipationCommand::Close {
        register,
        notice: Some(notice(date(2026, 1, 20), date(2026, 2, 24))),
        latest_draft_version: latest,
    };
    decide_participation(
        &item(ItemState::Consultation),
        Some(RegionState::InProgress),
        &params(),
        &cmd,
        reference(ArtefactKind::OpinionRegister),
        &on,
    )
}

fn register(entries: Vec<OpinionEntry>, revised: Option<i32>) -> OpinionRegister {
    OpinionRegister { summary: "共收到意见12条，归纳为3类".into(), entries, revised_draft_version: revised }
}

fn entry(adoption: Adoption, reason: &str) -> OpinionEntry {
    OpinionEntry {
        source: "市民".into(), content: "建议延长夜间开放时间".into(), adoption, reason: reason.into()
    }
}

#[test]
fn r_05_5_the_period_is_not_closed_early() {
    assert_eq!(rule_of(close(register(vec![], None), 1, ctx(2026, 2, 24))), "R-05-5", "the last day is still open");
    assert!(close(register(vec![], None), 1, ctx(2026, 2, 25)).is_ok());
}

#[test]
fn r_05_8_opinions_are_answered_and_adopted_ones_worked_into_the_draft() {
    let after = || ctx(2026, 2, 25);
    assert_eq!(rule_of(close(OpinionRegister { summary: " ".into(), ..register(vec![], None) }, 1, after())), "R-05-8");
    assert_eq!(rule_of(close(register(vec![entry(Adoption::NotAdopted, "")], None), 1, after())), "R-05-8");
    assert_eq!(
        rule_of(close(register(vec![entry(Adoption::Adopted, "")], None), 1, after())),
        "R-05-8",
        "no revised draft"
    );
    assert_eq!(
        rule_of(close(register(vec![entry(Adoption::Adopted, "")], Some(2)), 1, after())),
        "R-05-8",
        "that draft does not exist"
    );
    assert!(close(register(vec![entry(Adoption::NotAdopted, "与上位法规定的开放时间冲突")], None), 1, after()).is_ok());
    let evs =
        close(register(vec![entry(Adoption::PartlyAdopted, "节假日延长")], Some(2)), 2, after()).expect("allowed");
    assert!(matches!(&evs[0], DomainEvent::RegionStateChanged { to: RegionState::Done, .. }));
}

#[test]
fn a_substantive_revision_makes_done_regions_stale() {
    let regions = [
        (Region::Participation, RegionState::Done),
        (Region::RiskAssessment, RegionState::InProgress),
        (Region::Hearing, RegionState::NotApplicable),
    ];
    let evs = revise_draft(&item(ItemState::Consultation), &regions, &draft(), true, reference(ArtefactKind::Draft))
        .expect("allowed");
    let stale: Vec<_> = evs
        .iter()
        .filter_map(|e| match e {
            DomainEvent::RegionStateChanged { region, to: RegionState::Stale, .. } => Some(*region),
            _ => None,
        })
        .collect();
    assert_eq!(stale, [Region::Participation]);
    let minor = revise_draft(&item(ItemState::Consultation), &regions, &draft(), false, reference(ArtefactKind::Draft))
        .expect("allowed");
    assert_eq!(minor.len(), 1, "an editorial revision leaves the regions as they are");
    assert!(matches!(
        revise_draft(&item(ItemState::Initiated), &regions, &draft(), true, reference(ArtefactKind::Draft)),
        Err(CoreError::OutOfOrder { .. })
    ));
}
