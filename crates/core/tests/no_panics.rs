//! Property tests: no sequence of commands, however malformed its input, makes the core panic; the
//! item states it reaches are always states the table knows; and a terminal state accepts nothing.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::artefact::{ArtefactRef, Draft, Proposal, ProposalSource, StartDecision};
use juece_core::catalogue::{AddItem, AmendItem, CatalogueFacts, ItemFacts, RecordPublication, SponsorFacts};
use juece_core::procedure::{is_terminal, transitions_from};
use juece_core::steps::{StepCommand, decide_step};
use juece_core::{
    Actor, CatalogueStatus, Ctx, DomainEvent, GovernmentCode, ItemState, ItemTitle, add_item, amend_item,
    record_published_catalogue,
};
use proptest::prelude::*;
use uuid::Uuid;

fn ctx() -> Ctx {
    Ctx { now: Utc.with_ymd_and_hms(2022, 7, 15, 2, 0, 0).single().expect("time"), actor: Actor::system("prop") }
}

fn gov(c: &str) -> GovernmentCode {
    GovernmentCode::parse(c).expect("code")
}

/// Text a clerk (or an attacker) might send: empty, blank, long, control characters, CJK.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_owned()),
        Just("设立市中区省级经济开发区".to_owned()),
        "[\\x00-\\x7f]{0,12}",
        "\\PC{0,40}",
        Just("字".repeat(250)),
    ]
}

fn month() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("2022-10".to_owned())),
        Just(Some("2022年12月".to_owned())),
        text().prop_map(Some)
    ]
}

fn category() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some("SD3_1".to_owned())), Just(Some("SD3_7".to_owned())), text().prop_map(Some)]
}

#[derive(Debug, Clone)]
enum Cmd {
    Add { title: String, category: Option<String>, planned: Option<String>, foreign_sponsor: bool },
    Amend { item: usize, title: Option<String>, category: Option<String>, planned: Option<String> },
    Publish { doc: String, day: u32 },
    Study { item: usize, problem: String },
    Initiate { item: usize, days_ago: i64 },
    Draft { item: usize, full_text: String },
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        (text(), category(), month(), any::<bool>()).prop_map(|(title, category, planned, foreign_sponsor)| Cmd::Add {
            title,
            category,
            planned,
            foreign_sponsor
        }),
        (0usize..8, proptest::option::of(text()), category(), month())
            .prop_map(|(item, title, category, planned)| Cmd::Amend { item, title, category, planned }),
        (text(), 0u32..800).prop_map(|(doc, day)| Cmd::Publish { doc, day }),
        (0usize..8, text()).prop_map(|(item, problem)| Cmd::Study { item, problem }),
        (0usize..8, -30i64..30).prop_map(|(item, days_ago)| Cmd::Initiate { item, days_ago }),
        (0usize..8, text()).prop_map(|(item, full_text)| Cmd::Draft { item, full_text }),
    ]
}

/// A catalogue and its items as the events say they are.
struct Model {
    catalogue: CatalogueFacts,
    items: Vec<ItemFacts>,
}

impl Model {
    fn apply(&mut self, events: &[DomainEvent]) {
        for e in events {
            match e {
                DomainEvent::CatalogueItemAdded { seq, .. } => self.catalogue.item_count = *seq,
                DomainEvent::CataloguePublicationRecorded { .. } => self.catalogue.status = CatalogueStatus::Published,
                DomainEvent::ItemCreated {
                    item_id, title, sponsor_id, category, planned_completion, state, ..
                } => self.items.push(ItemFacts {
                    id: *item_id,
                    state: *state,
                    title: title.clone(),
                    sponsor_id: *sponsor_id,
                    category: *category,
                    planned_completion: *planned_completion,
                }),
                DomainEvent::ItemAmended { item_id, changes } => {
                    if let Some(i) = self.items.iter_mut().find(|i| i.id == *item_id) {
                        if let Some(t) = &changes.title {
                            i.title = t.clone();
                        }
                        if let Some(c) = changes.category {
                            i.category = c;
                        }
                        if let Some(p) = changes.planned_completion {
                            i.planned_completion = p;
                        }
                    }
                }
                DomainEvent::ItemStateChanged { item_id, from, to, .. } => {
                    let i = self.items.iter_mut().find(|i| i.id == *item_id).expect("event for a known item");
                    assert_eq!(i.state, *from, "a state change starts where the item stands");
                    let legal = transitions_from(*from).any(|t| t.to == *to);
                    assert!(legal, "{from} → {to} is not in the table");
                    i.state = *to;
                }
                _ => {}
            }
        }
    }
}

const JTJ: Uuid = Uuid::from_u128(2);

fn artefact(cmd: &StepCommand) -> ArtefactRef {
    ArtefactRef { id: Uuid::from_u128(99), kind: cmd.artefact_kind(), version: 1, sha256: "0".repeat(64) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_command_sequence_panics(cmds in proptest::collection::vec(cmd(), 0..40)) {
        let mut m = Model {
            catalogue: CatalogueFacts { id: Uuid::from_u128(1), government: gov("370103"), year: 2022, status: CatalogueStatus::Collecting, item_count: 0 },
            items: vec![],
        };
        let sponsor = SponsorFacts { id: JTJ, government: gov("370103"), name: "区教育体育局".into() };
        for (n, c) in cmds.into_iter().enumerate() {
            let ctx = ctx();
            let result = match c {
                Cmd::Add { title, category, planned, foreign_sponsor } => {
                    let s = SponsorFacts { government: gov(if foreign_sponsor { "370117" } else { "370103" }), ..sponsor.clone() };
                    add_item(&m.catalogue, &AddItem { item_id: Uuid::from_u128(1000 + n as u128), title, sponsor: Some(s), category, planned_completion: planned }, &ctx)
                }
                Cmd::Amend { item, title, category, planned } => match m.items.get(item).cloned() {
                    Some(i) => amend_item(&m.catalogue, &i, &AmendItem { title, sponsor: None, category, planned_completion: planned }, &ctx).map(|e| vec![e]),
                    None => continue,
                },
                Cmd::Publish { doc, day } => {
                    let published_on = NaiveDate::from_ymd_opt(2021, 6, 1).expect("date") + chrono::Duration::days(i64::from(day));
                    let items = m.items.iter().map(|i| (i.id, i.state)).collect();
                    record_published_catalogue(&m.catalogue, &RecordPublication { document_number: doc, published_on, source: String::new(), items }, &ctx)
                }
                Cmd::Study { item, problem } => match m.items.get(item).cloned() {
                    Some(i) => {
                        let p = Proposal { source: ProposalSource::Department, problem, reasons_and_basis: "依据".into(), preliminary_plan: "方案".into(), necessity_and_feasibility: "可行".into(), excluded_type: None };
                        let c = StepCommand::StudyProposal(p);
                        decide_step(&m.catalogue, &i, &c, artefact(&c), &ctx)
                    }
                    None => continue,
                },
                Cmd::Initiate { item, days_ago } => match m.items.get(item).cloned() {
                    Some(i) => {
                        let d = StartDecision { decided_on: ctx.now.date_naive() - chrono::Duration::days(days_ago), document: None, lead_sponsor_id: JTJ, co_sponsor_ids: vec![] };
                        let c = StepCommand::Initiate { decision: d, lead: sponsor.clone(), co_sponsors: vec![] };
                        decide_step(&m.catalogue, &i, &c, artefact(&c), &ctx)
                    }
                    None => continue,
                },
                Cmd::Draft { item, full_text } => match m.items.get(item).cloned() {
                    Some(i) => {
                        let c = StepCommand::StartDrafting(Draft { full_text, explanation: "说明".into(), background: "背景".into(), legal_basis: vec![] });
                        decide_step(&m.catalogue, &i, &c, artefact(&c), &ctx)
                    }
                    None => continue,
                },
            };
            if let Ok(events) = result {
                m.apply(&events);
            }
        }
        for i in &m.items {
            prop_assert!(ItemTitle::parse(i.title.as_str()).is_ok(), "a stored title is always valid");
        }
    }

    #[test]
    fn a_terminal_state_accepts_no_step(terminal in prop_oneof![Just(ItemState::ClosedRejected), Just(ItemState::Withdrawn)], which in 0usize..3) {
        prop_assert!(is_terminal(terminal));
        let cat = CatalogueFacts { id: Uuid::from_u128(1), government: gov("370103"), year: 2022, status: CatalogueStatus::Published, item_count: 1 };
        let item = ItemFacts {
            id: Uuid::from_u128(3),
            state: terminal,
            title: ItemTitle::parse("终止的事项").expect("title"),
            sponsor_id: JTJ,
            category: juece_core::Category::Other,
            planned_completion: juece_core::YearMonth::new(2022, 12).expect("month"),
        };
        let sponsor = SponsorFacts { id: JTJ, government: gov("370103"), name: "区教育体育局".into() };
        let c = match which {
            0 => StepCommand::StudyProposal(Proposal { source: ProposalSource::Public, problem: "x".into(), reasons_and_basis: String::new(), preliminary_plan: String::new(), necessity_and_feasibility: String::new(), excluded_type: None }),
            1 => StepCommand::Initiate { decision: StartDecision { decided_on: NaiveDate::from_ymd_opt(2022, 7, 1).expect("date"), document: None, lead_sponsor_id: JTJ, co_sponsor_ids: vec![] }, lead: sponsor, co_sponsors: vec![] },
            _ => StepCommand::StartDrafting(Draft { full_text: "正文".into(), explanation: "说明".into(), background: "背景".into(), legal_basis: vec![] }),
        };
        let r = decide_step(&cat, &item, &c, artefact(&c), &ctx());
        prop_assert!(matches!(r, Err(juece_core::CoreError::OutOfOrder { .. })), "{:?}", r);
        let amend = amend_item(&cat, &item, &AmendItem { title: Some("改名".into()), ..Default::default() }, &ctx());
        prop_assert!(amend.is_err());
    }
}
