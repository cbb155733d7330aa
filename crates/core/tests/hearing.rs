//! The hearing region: notice (R-06-2), selection and list (R-06-3), stakeholders' share (R-06-4),
//! materials 7 days ahead (R-06-5), the signed record (R-06-6).

use chrono::NaiveDate;
use juece_core::artefact::{ArtefactKind, ArtefactRef};
use juece_core::catalogue::ItemFacts;
use juece_core::hearing::{HearingRecord, Participant, decide_hearing};
use juece_core::profile::version;
use juece_core::region::RegionState;
use juece_core::{Category, CoreError, DomainEvent, ItemState, ItemTitle, YearMonth};
use uuid::Uuid;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

fn item() -> ItemFacts {
    ItemFacts {
        id: Uuid::from_u128(3),
        state: ItemState::Consultation,
        title: ItemTitle::parse("设立市中区省级经济开发区").expect("title"),
        sponsor_id: Uuid::from_u128(2),
        category: Category::Other,
        planned_completion: YearMonth::new(2026, 12).expect("month"),
    }
}

fn person(name: &str, side: &str, stakeholder: bool) -> Participant {
    Participant {
        name: name.into(),
        side: side.into(),
        stakeholder,
        materials_delivered_on: d(3, 1),
        signed_record: true,
        refusal_note: None,
    }
}

fn record() -> HearingRecord {
    HearingRecord {
        draft_version: 1,
        notice_published_on: d(2, 20),
        selection_method_published_on: d(2, 20),
        participant_list_published_on: d(2, 28),
        held_on: d(3, 10),
        place: "区政府第一会议室".into(),
        participants: vec![
            person("张某", "被征地村民", true),
            person("李某", "入区企业", true),
            person("王某", "法律专家", false),
        ],
        stakeholder_share_reason: None,
        record_summary: "听证会记录（经参加人确认签字）".into(),
    }
}

fn decide(profile: &str, r: &HearingRecord) -> Result<Vec<DomainEvent>, CoreError> {
    let params = version(profile).expect("version").params;
    let a =
        ArtefactRef { id: Uuid::from_u128(9), kind: ArtefactKind::HearingRecord, version: 1, sha256: "0".repeat(64) };
    decide_hearing(&item(), Some(RegionState::Pending), &params, r, 1, a)
}

fn rule_of(r: Result<Vec<DomainEvent>, CoreError>) -> String {
    match r {
        Err(CoreError::Violation(v)) => v.rule.id.to_owned(),
        other => panic!("expected a violation, got {other:?}"),
    }
}

const SD: &str = "SHANDONG-2025-10-01";

#[test]
fn a_proper_hearing_is_recorded() {
    let r = decide(SD, &record()).expect("allowed");
    assert!(matches!(&r[0], DomainEvent::RegionStateChanged { to: RegionState::Done, .. }));
}

#[test]
fn r_06_2_the_notice_precedes_the_hearing() {
    assert_eq!(rule_of(decide(SD, &HearingRecord { notice_published_on: d(3, 10), ..record() })), "R-06-2");
}

#[test]
fn r_06_3_selection_published_first_list_before_the_hearing_every_side_heard() {
    assert_eq!(rule_of(decide(SD, &HearingRecord { participant_list_published_on: d(3, 10), ..record() })), "R-06-3");
    assert_eq!(rule_of(decide(SD, &HearingRecord { selection_method_published_on: d(3, 1), ..record() })), "R-06-3");
    let one_side = HearingRecord {
        participants: vec![person("张某", "被征地村民", true), person("赵某", "被征地村民", true)],
        ..record()
    };
    assert_eq!(rule_of(decide(SD, &one_side)), "R-06-3");
}

#[test]
fn r_06_4_stakeholders_are_half_in_shandong_from_2025_or_the_reason_is_given() {
    let few = HearingRecord {
        participants: vec![
            person("张某", "被征地村民", true),
            person("王某", "法律专家", false),
            person("钱某", "人大代表", false),
        ],
        ..record()
    };
    assert_eq!(rule_of(decide(SD, &few)), "R-06-4");
    assert!(
        decide(SD, &HearingRecord { stakeholder_share_reason: Some("利害关系人报名不足".into()), ..few.clone() })
            .is_ok()
    );
    assert!(decide("SHANDONG-2021-01-01", &few).is_ok(), "the earlier version has no share");
}

#[test]
fn r_06_5_materials_arrive_seven_full_days_ahead() {
    let late = |day| HearingRecord {
        participants: vec![
            person("张某", "村民", true),
            Participant { materials_delivered_on: d(3, day), ..person("李某", "企业", true) },
        ],
        ..record()
    };
    assert_eq!(rule_of(decide(SD, &late(3))), "R-06-5", "7 days before is not 7 full days");
    assert!(decide(SD, &late(2)).is_ok());
}

#[test]
fn r_06_6_every_participant_signs_the_record_or_a_refusal_is_noted() {
    let unsigned = HearingRecord {
        participants: vec![
            person("张某", "村民", true),
            Participant { signed_record: false, ..person("李某", "企业", true) },
        ],
        ..record()
    };
    assert_eq!(rule_of(decide(SD, &unsigned)), "R-06-6");
    let noted = HearingRecord {
        participants: vec![
            person("张某", "村民", true),
            Participant {
                signed_record: false,
                refusal_note: Some("当场拒绝签字，两名工作人员见证".into()),
                ..person("李某", "企业", true)
            },
        ],
        ..record()
    };
    assert!(decide(SD, &noted).is_ok());
}
