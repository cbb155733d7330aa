//! Every guard of the catalogue stage refuses with its rule id and article, and allows what the
//! rule allows. Synchronous and table-driven: no database, no clock.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::catalogue::{AddItem, AmendItem, CatalogueFacts, ItemFacts, RecordPublication, SponsorFacts};
use juece_core::event::fold_item_state;
use juece_core::{
    Actor, CatalogueStatus, Category, CoreError, Ctx, DomainEvent, GovernmentCode, ItemState, ItemTitle, YearMonth,
    add_item, amend_item, record_published_catalogue,
};
use uuid::Uuid;

fn ctx() -> Ctx {
    Ctx { now: Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).single().expect("time"), actor: Actor::system("test") }
}

fn code(s: &str) -> GovernmentCode {
    GovernmentCode::parse(s).expect("code")
}

fn catalogue(status: CatalogueStatus) -> CatalogueFacts {
    CatalogueFacts { id: Uuid::from_u128(1), government: code("370103"), year: 2022, status, item_count: 0 }
}

fn sponsor() -> SponsorFacts {
    SponsorFacts { id: Uuid::from_u128(2), government: code("370103"), name: "区教育体育局".into() }
}

fn add() -> AddItem {
    AddItem {
        item_id: Uuid::from_u128(3),
        title: "制定出台《济南市市中区全民健身设施管理实施细则》".into(),
        sponsor: Some(sponsor()),
        category: Some("SD3_1".into()),
        planned_completion: Some("2022年10月".into()),
    }
}

fn rule_of(r: Result<impl std::fmt::Debug, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => {
            assert!(!v.rule.article.is_empty() && !v.zh.is_empty() && !v.en.is_empty());
            v.rule.id.to_owned()
        }
        other => panic!("expected a violation, got {other:?}"),
    }
}

fn field_of(r: Result<impl std::fmt::Debug, CoreError>) -> &'static str {
    match r {
        Err(CoreError::Invalid(e)) => e.field,
        other => panic!("expected bad input, got {other:?}"),
    }
}

#[test]
fn r_01_2_an_item_needs_one_of_the_seven_categories() {
    let c = catalogue(CatalogueStatus::Collecting);
    assert_eq!(rule_of(add_item(&c, &AddItem { category: None, ..add() }, &ctx())), "R-01-2");
    assert_eq!(rule_of(add_item(&c, &AddItem { category: Some("SD3_8".into()), ..add() }, &ctx())), "R-01-2");
    assert_eq!(rule_of(add_item(&c, &AddItem { category: Some(" ".into()), ..add() }, &ctx())), "R-01-2");
    for cat in Category::ALL {
        assert!(add_item(&c, &AddItem { category: Some(cat.as_str().into()), ..add() }, &ctx()).is_ok(), "{cat}");
    }
}

#[test]
fn r_02_7_an_item_names_its_sponsor_and_planned_completion() {
    let c = catalogue(CatalogueStatus::Collecting);
    assert_eq!(rule_of(add_item(&c, &AddItem { sponsor: None, ..add() }, &ctx())), "R-02-7");
    assert_eq!(rule_of(add_item(&c, &AddItem { planned_completion: None, ..add() }, &ctx())), "R-02-7");
    assert_eq!(rule_of(add_item(&c, &AddItem { planned_completion: Some("".into()), ..add() }, &ctx())), "R-02-7");
    let evs = add_item(&c, &add(), &ctx()).expect("allowed");
    match &evs[1] {
        DomainEvent::ItemCreated { sponsor_name, planned_completion, seq, state, .. } => {
            assert_eq!(sponsor_name, "区教育体育局");
            assert_eq!(*planned_completion, YearMonth::new(2022, 10).expect("month"));
            assert_eq!(*seq, 1);
            assert_eq!(*state, ItemState::Proposed);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn r_02_6_a_catalogue_approved_or_published_changes_only_by_adjustment() {
    for status in CatalogueStatus::ALL {
        let c = catalogue(*status);
        let r = add_item(&c, &add(), &ctx());
        if matches!(status, CatalogueStatus::Collecting | CatalogueStatus::Screening | CatalogueStatus::DraftComment) {
            assert!(r.is_ok(), "{status} should accept items");
        } else {
            assert_eq!(rule_of(r), "R-02-6", "{status} should refuse items");
        }
    }
}

fn item(state: ItemState) -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state,
        title: ItemTitle::parse("设立市中区省级经济开发区").expect("title"),
        sponsor_id: sponsor().id,
        category: Category::Other,
        planned_completion: YearMonth::new(2022, 12).expect("month"),
    }
}

#[test]
fn r_02_6_amendments_only_while_compiling() {
    let amend = AmendItem { planned_completion: Some("2022-11".into()), ..Default::default() };
    assert_eq!(
        rule_of(amend_item(&catalogue(CatalogueStatus::Published), &item(ItemState::InCatalogue), &amend, &ctx())),
        "R-02-6"
    );
    assert_eq!(
        rule_of(amend_item(&catalogue(CatalogueStatus::Collecting), &item(ItemState::Initiated), &amend, &ctx())),
        "R-02-6"
    );
    let ev = amend_item(&catalogue(CatalogueStatus::Collecting), &item(ItemState::Proposed), &amend, &ctx())
        .expect("allowed");
    match ev {
        DomainEvent::ItemAmended { changes, .. } => {
            assert_eq!(changes.planned_completion, YearMonth::new(2022, 11));
            assert!(changes.title.is_none() && changes.category.is_none() && changes.sponsor_id.is_none());
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn an_amendment_must_change_something() {
    let c = catalogue(CatalogueStatus::Collecting);
    let same = AmendItem {
        title: Some(" 设立市中区省级经济开发区 ".into()),
        category: Some("SD3_7".into()),
        ..Default::default()
    };
    assert_eq!(field_of(amend_item(&c, &item(ItemState::Proposed), &same, &ctx())), "input");
    assert_eq!(field_of(amend_item(&c, &item(ItemState::Proposed), &AmendItem::default(), &ctx())), "input");
}

fn publication() -> RecordPublication {
    RecordPublication {
        document_number: "市中政字〔2022〕27号".into(),
        published_on: NaiveDate::from_ymd_opt(2022, 6, 1).expect("date"),
        source: "济南市市中区人民政府公报（2022年第2期）".into(),
        items: vec![(Uuid::from_u128(3), ItemState::Proposed), (Uuid::from_u128(4), ItemState::Proposed)],
    }
}

#[test]
fn r_02_3_a_recorded_publication_names_its_document() {
    let c = catalogue(CatalogueStatus::Collecting);
    assert_eq!(
        rule_of(record_published_catalogue(
            &c,
            &RecordPublication { document_number: " ".into(), ..publication() },
            &ctx()
        )),
        "R-02-3"
    );
    let evs = record_published_catalogue(&c, &publication(), &ctx()).expect("allowed");
    assert_eq!(evs.len(), 3, "the publication and one T2 step per item");
    for e in &evs[1..] {
        match e {
            DomainEvent::ItemStateChanged { to: ItemState::InCatalogue, profile_version, .. } => {
                // Published 2022-06-01 by 市中区: pinned to Shandong's rules as they stood then.
                assert_eq!(profile_version.as_deref(), Some("SHANDONG-2021-01-01"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn r_02_6_a_published_catalogue_is_not_published_again() {
    assert_eq!(
        rule_of(record_published_catalogue(&catalogue(CatalogueStatus::Published), &publication(), &ctx())),
        "R-02-6"
    );
}

#[test]
fn a_publication_date_lies_in_the_catalogue_year_or_the_one_before_and_not_ahead() {
    let c = catalogue(CatalogueStatus::Collecting);
    for (d, ok) in [((2021, 12, 20), true), ((2022, 12, 31), true), ((2020, 12, 31), false), ((2023, 1, 1), false)] {
        let p =
            RecordPublication { published_on: NaiveDate::from_ymd_opt(d.0, d.1, d.2).expect("date"), ..publication() };
        assert_eq!(record_published_catalogue(&c, &p, &ctx()).is_ok(), ok, "{d:?}");
    }
    let future = CatalogueFacts { year: 2027, ..c };
    let p = RecordPublication { published_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"), ..publication() };
    assert_eq!(field_of(record_published_catalogue(&future, &p, &ctx())), "publishedOn");
}

#[test]
fn a_sponsor_belongs_to_the_catalogues_decision_organ() {
    let c = catalogue(CatalogueStatus::Collecting);
    let other = SponsorFacts { government: code("370117"), ..sponsor() };
    assert_eq!(field_of(add_item(&c, &AddItem { sponsor: Some(other), ..add() }, &ctx())), "sponsorId");
}

#[test]
fn the_next_item_takes_the_next_number() {
    let c = CatalogueFacts { item_count: 7, ..catalogue(CatalogueStatus::Screening) };
    let evs = add_item(&c, &add(), &ctx()).expect("allowed");
    assert!(matches!(evs[0], DomainEvent::CatalogueItemAdded { seq: 8, .. }));
}

#[test]
fn planned_completion_reads_both_spellings() {
    assert_eq!(YearMonth::parse("2022年10月").map(|m| m.to_string()), Ok("2022-10".into()));
    assert_eq!(YearMonth::parse("2022-01").map(|m| m.to_zh()), Ok("2022年1月".into()));
    for bad in ["2022-13", "2022-1", "22-10", "2022年", "十月", "2022/10", ""] {
        assert!(YearMonth::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn titles_are_trimmed_and_bounded() {
    assert_eq!(ItemTitle::parse("  设立开发区 ").map(|t| t.as_str().to_owned()), Ok("设立开发区".into()));
    assert!(ItemTitle::parse("设").is_err());
    assert!(ItemTitle::parse(&"字".repeat(201)).is_err());
    assert!(ItemTitle::parse("含\u{0007}控制字符").is_err());
}

#[test]
fn an_items_state_is_the_fold_of_its_events() {
    let c = catalogue(CatalogueStatus::Collecting);
    let mut evs = add_item(&c, &add(), &ctx()).expect("allowed");
    assert_eq!(fold_item_state(&evs), Some(ItemState::Proposed));
    evs.extend(
        record_published_catalogue(
            &c,
            &RecordPublication { items: vec![(Uuid::from_u128(3), ItemState::Proposed)], ..publication() },
            &ctx(),
        )
        .expect("ok"),
    );
    assert_eq!(fold_item_state(&evs), Some(ItemState::InCatalogue));
    assert_eq!(fold_item_state(&[]), None);
}

#[test]
fn events_round_trip_through_json() {
    let c = catalogue(CatalogueStatus::Collecting);
    for e in add_item(&c, &add(), &ctx()).expect("allowed") {
        let json = serde_json::to_value(&e).expect("serialise");
        assert_eq!(json["type"], e.event_type());
        assert_eq!(serde_json::from_value::<DomainEvent>(json).expect("deserialise"), e);
    }
}
