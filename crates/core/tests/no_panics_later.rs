//! Property tests for the steps after consultation (T7–T16): from any state, on any record, with
//! any content, the core answers without panicking; every state change it returns (with the
//! meeting's follow-up) is a row of the table, chained from where the item stands; and the
//! terminal states accept none of these steps.

use chrono::{NaiveDate, TimeZone, Utc};
use juece_core::artefact::{ArtefactRef, Draft};
use juece_core::catalogue::{CatalogueFacts, ItemFacts, SponsorFacts};
use juece_core::legality::{
    AdviserCapacity, AdviserOpinion, Finding, LegalityOpinion, PointFinding, Resubmission, ReturnNotice, Supplement,
    Verdict,
};
use juece_core::meeting::{
    AgendaRequest, Attendee, Capacity, MeetingType, Minutes, Outcome, SignedDecision, Speech, Stance,
};
use juece_core::procedure::{is_terminal, transitions_from};
use juece_core::publication::{
    ExecutionAssignment, ExemptionGround, PartyReport, PartyResponse, Publication, PublicationExemption,
};
use juece_core::record::ItemRecord;
use juece_core::region::{Region, RegionState};
use juece_core::steps::{StepCommand, decide_step};
use juece_core::{Actor, CatalogueStatus, Ctx, DomainEvent, GovernmentCode, ItemState, ItemTitle};
use proptest::prelude::*;
use uuid::Uuid;

fn gov(c: &str) -> GovernmentCode {
    GovernmentCode::parse(c).expect("code")
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(" ".to_owned()), Just("意见".to_owned()), "\\PC{0,12}"]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    // 2025-06-01 plus up to about two years: inside and beyond the loaded calendar.
    (0i64..800).prop_map(|d| NaiveDate::from_ymd_opt(2025, 6, 1).expect("date") + chrono::Duration::days(d))
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    (0..all.len()).prop_map(move |i| all[i])
}

fn point() -> impl Strategy<Value = PointFinding> {
    (pick(Finding::ALL), text()).prop_map(|(finding, remarks)| PointFinding { finding, remarks })
}

fn opinion() -> impl Strategy<Value = LegalityOpinion> {
    (date(), point(), point(), point(), pick(Verdict::ALL), proptest::option::of(text()), any::<bool>()).prop_map(
        |(issued_on, authority, procedure, content, verdict, legal_risk_statement, advisers)| LegalityOpinion {
            issued_on,
            reviewer: "区司法局".into(),
            authority,
            procedure,
            content,
            verdict,
            legal_risk_statement,
            adviser_opinions: if advisers {
                vec![AdviserOpinion {
                    name: "律师".into(),
                    capacity: AdviserCapacity::LegalAdviser,
                    opinion: "同意".into(),
                }]
            } else {
                vec![]
            },
            revisions_requested: vec![],
            package_version: 1,
        },
    )
}

fn minutes() -> impl Strategy<Value = Minutes> {
    let speech = (0usize..4, proptest::option::of(pick(Stance::ALL)), text()).prop_map(|(who, stance, remarks)| {
        Speech { speaker: ["甲", "乙", "丙", "区长"][who].into(), stance, remarks }
    });
    (
        pick(MeetingType::ALL),
        date(),
        proptest::collection::vec(speech, 0..6),
        pick(Outcome::ALL),
        any::<bool>(),
        proptest::option::of(text()),
    )
        .prop_map(|(meeting_type, held_on, speeches, outcome, substance, head_reason)| Minutes {
            meeting_type,
            session: "常务会议".into(),
            held_on,
            attendees: vec![
                Attendee { name: "甲".into(), capacity: Capacity::Member, organisation: String::new() },
                Attendee { name: "乙".into(), capacity: Capacity::Member, organisation: String::new() },
                Attendee { name: "丙".into(), capacity: Capacity::Member, organisation: String::new() },
                Attendee { name: "区长".into(), capacity: Capacity::Head, organisation: String::new() },
            ],
            speeches,
            outcome,
            amendments: Some("修改".into()),
            amendments_change_legal_substance: substance,
            head_reason,
            attendee_opinions: vec![],
            recorded_by: "记录人".into(),
        })
}

fn record(state: ItemState) -> impl Strategy<Value = ItemRecord> {
    (
        proptest::collection::vec(pick(RegionState::ALL), 6),
        proptest::option::of(opinion()),
        proptest::option::of(minutes()),
        any::<bool>(),
        proptest::option::of(date()),
    )
        .prop_map(move |(states, opinion, minutes, answered, signed)| {
            let params = juece_core::profile::version("SHANDONG-2021-01-01").expect("version").params;
            let mut r = ItemRecord::new(state, params);
            r.regions = Region::ALL.iter().copied().zip(states).collect();
            r.opinion = opinion.map(|o| (1, o));
            r.minutes = minutes.map(|m| (1, m));
            r.party_report = Some((
                1,
                PartyReport {
                    reported_on: NaiveDate::from_ymd_opt(2025, 9, 1).expect("date"),
                    committee: "区委".into(),
                    document: "请示".into(),
                    response: answered.then(|| PartyResponse {
                        received_on: NaiveDate::from_ymd_opt(2025, 9, 2).expect("date"),
                        content: "同意".into(),
                    }),
                },
            ));
            r.signed = signed.map(|d| {
                (
                    1,
                    SignedDecision {
                        signed_on: d,
                        signed_by: "区长".into(),
                        title: "决定".into(),
                        text: "内容".into(),
                    },
                )
            });
            r.latest_draft = Some((
                1,
                Draft {
                    full_text: "正文".into(),
                    explanation: "说明".into(),
                    background: "背景".into(),
                    legal_basis: vec![],
                },
            ));
            r
        })
}

/// One of the later steps, with content drawn from `seed`.
fn command(which: usize, rec: ItemRecord, o: LegalityOpinion, m: Minutes, d: NaiveDate, t: String) -> StepCommand {
    let record = Box::new(rec);
    match which {
        0 => StepCommand::ReturnForSupplement {
            notice: ReturnNotice { returned_on: d, missing: vec![t.clone()], note: String::new() },
            record,
        },
        1 => StepCommand::Resubmit {
            resubmission: Resubmission {
                resubmitted_on: d,
                requested_opinion_by: d + chrono::Duration::days(10),
                supplements: vec![Supplement { missing: t.clone(), supplied: t }],
                shortening_reason: None,
            },
            record,
        },
        2 => StepCommand::IssueOpinion { opinion: o, record },
        3 => StepCommand::ReviseAfterOpinion {
            draft: Draft {
                full_text: t, explanation: "说明".into(), background: "背景".into(), legal_basis: vec![]
            },
            substantive: true,
            record,
        },
        4 => StepCommand::ScheduleMeeting {
            request: AgendaRequest {
                meeting_type: m.meeting_type,
                session: t.clone(),
                meeting_date: d,
                sponsor_report: t,
            },
            record,
        },
        5 => StepCommand::RecordDiscussion { minutes: m, record },
        6 => StepCommand::SignDecision {
            decision: SignedDecision { signed_on: d, signed_by: t.clone(), title: t.clone(), text: t },
            record,
        },
        7 => StepCommand::ReportToParty(PartyReport {
            reported_on: d,
            committee: t.clone(),
            document: t,
            response: Some(PartyResponse { received_on: d, content: "同意".into() }),
        }),
        8 => StepCommand::Publish {
            publication: Publication {
                published_on: d,
                document_number: t.clone(),
                title: t.clone(),
                gazette_issue: Some(t),
                url: None,
                newspaper: None,
                interpretation: None,
                adoption_explanation: None,
                high_public_concern: false,
            },
            record,
        },
        9 => StepCommand::Exempt {
            exemption: PublicationExemption {
                decided_on: d,
                ground: ExemptionGround::Art16,
                reason: t.clone(),
                reviewed_by: t.clone(),
                reviewed_on: d,
                review_conclusion: t,
            },
            record,
        },
        _ => StepCommand::StartExecution {
            assignment: ExecutionAssignment {
                assigned_on: d,
                lead_unit_id: Uuid::from_u128(2),
                responsible_unit_ids: vec![],
                note: t,
            },
            units: vec![SponsorFacts {
                id: Uuid::from_u128(2),
                government: gov("370103"),
                name: "区发展改革局".into(),
            }],
        },
    }
}

fn ctx(role: &str) -> Ctx {
    Ctx {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).single().expect("time"),
        actor: Actor {
            kind: juece_core::ActorKind::User,
            id: "u".into(),
            name: "用户".into(),
            org: Some("370103".into()),
            role: Some(role.into()),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn later_steps_never_panic_and_follow_the_table(
        state in pick(ItemState::ALL),
        which in 0usize..11,
        role in pick(&["JUSTICE", "HEAD", "GOV_OFFICE", "SPONSOR"]),
        rec in pick(ItemState::ALL).prop_flat_map(record),
        o in opinion(),
        m in minutes(),
        d in date(),
        t in text(),
    ) {
        let cat = CatalogueFacts { id: Uuid::from_u128(1), government: gov("370103"), year: 2022, status: CatalogueStatus::Published, item_count: 2 };
        let item = ItemFacts {
            id: Uuid::from_u128(3),
            state,
            title: ItemTitle::parse("设立市中区省级经济开发区").expect("title"),
            sponsor_id: Uuid::from_u128(2),
            category: juece_core::Category::Other,
            planned_completion: juece_core::YearMonth::new(2022, 12).expect("month"),
        };
        let c = command(which, rec, o, m, d, t);
        let a = ArtefactRef { id: Uuid::from_u128(9), kind: c.artefact_kind(), version: 1, sha256: "0".repeat(64) };
        let r = decide_step(&cat, &item, &c, a, &ctx(role));
        if is_terminal(state) {
            prop_assert!(matches!(r, Err(juece_core::CoreError::OutOfOrder { .. })), "{:?}", r);
        }
        if let Ok(events) = r {
            let mut at = state;
            for e in &events {
                if let DomainEvent::ItemStateChanged { from, to, .. } = e {
                    prop_assert_eq!(*from, at, "each change starts where the item stands");
                    prop_assert!(transitions_from(*from).any(|t| t.to == *to), "{} → {} is not in the table", from, to);
                    at = *to;
                }
            }
            // Only a deferral comes back to where it started (READY_FOR_MEETING, through DISCUSSED).
            let deferral = matches!(&c, StepCommand::RecordDiscussion { minutes, .. } if minutes.outcome == Outcome::Defer);
            prop_assert!(at != state || deferral, "a step that moved nothing: {:?}", events);
        }
    }
}
