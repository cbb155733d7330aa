//! What the public sees of an item in every state of its main line: after each event of a whole
//! walk (T2 to T16, with the return for supplement, the comment round, a hearing, and the
//! feedback), the timeline, the documents published whole and the R-02-8 links are exactly those
//! its steps have published, and no internal document is ever among them.

#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use juece_core::DomainEvent;
use juece_core::artefact::{ArtefactKind as K, ArtefactRef};
use juece_core::catalogue::ItemState as S;
use juece_core::disclosure::{LinkKind as L, StepEvent, StoredDocument, public_view};
use juece_core::region::{Region, RegionState as R};
use serde_json::json;
use uuid::Uuid;

fn reference(kind: K, version: i32) -> ArtefactRef {
    ArtefactRef { id: Uuid::from_u128(version as u128), kind, version, sha256: format!("{kind}-{version}") }
}

fn doc(kind: K, version: i32) -> StoredDocument {
    let content = match kind {
        K::CommentNotice => {
            json!({ "title": "公告", "draft_version": 1, "opens_on": "2026-11-22", "closes_on": "2026-11-24" })
        }
        K::Minutes => json!({ "meeting_type": "EXECUTIVE", "session": "第20次常务会议", "held_on": "2026-12-04",
                              "attendee_opinions": ["群众代表：赞成"], "speeches": [{ "remarks": "内部发言" }] }),
        K::HearingRecord => {
            json!({ "held_on": "2026-11-23", "place": "区政府第一会议室", "participants": [{ "name": "张三" }] })
        }
        K::Draft | K::Publication | K::AdoptionFeedback => json!({ "kind": kind.as_str(), "text": "公开内容" }),
        _ => json!({ "kind": kind.as_str(), "internal": "内部内容" }),
    };
    StoredDocument { kind, version, sha256: format!("{kind}-{version}"), content }
}

fn moved(id: Uuid, from: S, to: S, step: &str, artefact: Option<ArtefactRef>) -> DomainEvent {
    DomainEvent::ItemStateChanged {
        item_id: id,
        from,
        to,
        rule: None,
        profile_version: None,
        step: Some(step.into()),
        artefact,
    }
}

fn region(id: Uuid, region: Region, from: R, to: R, step: &str, artefact: Option<ArtefactRef>) -> DomainEvent {
    DomainEvent::RegionStateChanged { item_id: id, region, from, to, step: step.into(), artefact }
}

/// Each event of the walk, with what the public sees once it has happened: the timeline's steps,
/// the documents published whole, and the links available.
/// An event and what the public sees once it has happened.
type Seen = (DomainEvent, Vec<&'static str>, Vec<(K, i32)>, Vec<L>);

fn walk(id: Uuid) -> Vec<Seen> {
    let drafts = vec![L::DraftFullText, L::Explanation, L::Background];
    let noticed = vec![(K::CommentNotice, 1), (K::Draft, 1)];
    let mut met = drafts.clone();
    met.push(L::MeetingAttendance);
    let mut result = met.clone();
    result.push(L::DecisionResult);
    // Links are listed in R-02-8's order.
    let all = vec![
        L::DraftFullText,
        L::Explanation,
        L::Background,
        L::OpinionsAdoption,
        L::MeetingAttendance,
        L::DecisionResult,
    ];
    let published = vec![(K::CommentNotice, 1), (K::Draft, 1), (K::Publication, 1)];
    let mut with_feedback = vec![(K::AdoptionFeedback, 1)];
    with_feedback.extend(published.iter().copied());
    let steps = |n: usize| -> Vec<&'static str> {
        [
            "T2", "T3", "T4", "T5", "P-NOTICE", "HEARING", "P-CLOSE", "T6", "T7", "T8", "T9", "T11", "T12", "T13",
            "T14", "T15", "T16", "FEEDBACK",
        ][..n]
            .to_vec()
    };
    vec![
        (moved(id, S::Proposed, S::UnderStudy, "T1", Some(reference(K::Proposal, 1))), vec![], vec![], vec![]),
        (moved(id, S::UnderStudy, S::InCatalogue, "T2", None), steps(1), vec![], vec![]),
        (moved(id, S::InCatalogue, S::Initiated, "T3", Some(reference(K::StartDecision, 1))), steps(2), vec![], vec![]),
        (moved(id, S::Initiated, S::Drafting, "T4", Some(reference(K::Draft, 1))), steps(3), vec![], vec![]),
        (
            moved(id, S::Drafting, S::Consultation, "T5", Some(reference(K::ConsultationPlan, 1))),
            steps(4),
            vec![],
            vec![],
        ),
        (
            region(
                id,
                Region::Participation,
                R::Pending,
                R::InProgress,
                "P-NOTICE",
                Some(reference(K::CommentNotice, 1)),
            ),
            steps(5),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            region(id, Region::Hearing, R::Pending, R::Done, "H-RECORD", Some(reference(K::HearingRecord, 1))),
            steps(6),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            region(
                id,
                Region::Participation,
                R::InProgress,
                R::Done,
                "P-CLOSE",
                Some(reference(K::OpinionRegister, 1)),
            ),
            steps(7),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::Consultation, S::LegalitySubmitted, "T6", Some(reference(K::LegalityPackage, 1))),
            steps(8),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::LegalitySubmitted, S::ReturnedForSupplement, "T7", Some(reference(K::ReturnNotice, 1))),
            steps(9),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::ReturnedForSupplement, S::LegalitySubmitted, "T8", Some(reference(K::LegalityPackage, 2))),
            steps(10),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::LegalitySubmitted, S::LegalityReviewed, "T9", Some(reference(K::LegalityOpinion, 1))),
            steps(11),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::LegalityReviewed, S::ReadyForMeeting, "T11", Some(reference(K::AgendaEntry, 1))),
            steps(12),
            noticed.clone(),
            drafts.clone(),
        ),
        (
            moved(id, S::ReadyForMeeting, S::Discussed, "T12", Some(reference(K::Minutes, 1))),
            steps(13),
            noticed.clone(),
            met.clone(),
        ),
        (
            moved(id, S::Discussed, S::Decided, "T13", Some(reference(K::SignedDecision, 1))),
            steps(14),
            noticed.clone(),
            met.clone(),
        ),
        (
            moved(id, S::Decided, S::PartyReported, "T14", Some(reference(K::PartyReport, 1))),
            steps(15),
            noticed.clone(),
            met.clone(),
        ),
        (
            moved(id, S::PartyReported, S::Published, "T15", Some(reference(K::Publication, 1))),
            steps(16),
            published.clone(),
            result.clone(),
        ),
        (
            moved(id, S::Published, S::Executing, "T16", Some(reference(K::ExecutionAssignment, 1))),
            steps(17),
            published.clone(),
            result,
        ),
        (
            DomainEvent::FeedbackPublished {
                item_id: id,
                notice_version: 1,
                artefact: reference(K::AdoptionFeedback, 1),
            },
            steps(18),
            with_feedback,
            all,
        ),
    ]
}

#[test]
fn each_state_publishes_exactly_its_published_steps() {
    let id = Uuid::from_u128(7);
    let documents: Vec<StoredDocument> = K::ALL.iter().flat_map(|k| [doc(*k, 1), doc(*k, 2)]).collect();
    let mut events = Vec::new();
    let mut states = std::collections::BTreeSet::new();
    for (n, (event, steps, docs, links)) in walk(id).into_iter().enumerate() {
        if let DomainEvent::ItemStateChanged { to, .. } = &event {
            states.insert(to.as_str());
        }
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + chrono::Duration::hours(n as i64);
        events.push(StepEvent { event, occurred_at: at, rules: vec!["R-00-0".into()] });
        let view = public_view(&events, &documents);
        let shown: Vec<&str> = view.steps.iter().map(|s| s.step.as_str()).collect();
        assert_eq!(shown, steps, "timeline after event {n}");
        let published: Vec<(K, i32)> = view.documents.iter().map(|d| (d.kind, d.version)).collect();
        assert_eq!(published, docs, "documents after event {n}");
        let available: Vec<L> = view.links.iter().filter(|l| l.step.is_some()).map(|l| l.kind).collect();
        assert_eq!(available, links, "links after event {n}");
        let text = serde_json::to_string(&view).unwrap();
        for secret in ["内部内容", "内部发言", "张三"] {
            assert!(!text.contains(secret), "{secret} published after event {n}: {text}");
        }
        for d in &view.documents {
            assert_eq!(d.sha256, format!("{}-{}", d.kind, d.version), "a document shows its own hash");
        }
    }
    // The walk passes through every state of the main line that an item published and executed
    // goes through.
    for s in [
        "IN_CATALOGUE",
        "INITIATED",
        "DRAFTING",
        "CONSULTATION",
        "LEGALITY_SUBMITTED",
        "RETURNED_FOR_SUPPLEMENT",
        "LEGALITY_REVIEWED",
        "READY_FOR_MEETING",
        "DISCUSSED",
        "DECIDED",
        "PARTY_REPORTED",
        "PUBLISHED",
        "EXECUTING",
    ] {
        assert!(states.contains(s), "{s} not walked");
    }
}

#[test]
fn the_meeting_and_the_hearing_publish_their_public_facts_only() {
    let id = Uuid::from_u128(8);
    let documents = vec![doc(K::Minutes, 1), doc(K::HearingRecord, 1)];
    let at = Utc.with_ymd_and_hms(2026, 12, 4, 0, 0, 0).unwrap();
    let events = vec![
        StepEvent {
            event: region(id, Region::Hearing, R::Pending, R::Done, "H-RECORD", Some(reference(K::HearingRecord, 1))),
            occurred_at: at,
            rules: vec![],
        },
        StepEvent {
            event: moved(id, S::ReadyForMeeting, S::Discussed, "T12", Some(reference(K::Minutes, 1))),
            occurred_at: at,
            rules: vec![],
        },
    ];
    let view = public_view(&events, &documents);
    let details: Vec<(String, String)> =
        view.steps.iter().flat_map(|s| s.details.iter().map(|d| (d.label_zh.to_owned(), d.value.clone()))).collect();
    assert!(details.contains(&("听证地点".into(), "区政府第一会议室".into())), "{details:?}");
    assert!(details.contains(&("列席代表意见及采纳情况".into(), "群众代表：赞成".into())), "{details:?}");
    assert!(details.contains(&("会议".into(), "第20次常务会议（常务会议）".into())), "{details:?}");
    assert!(view.documents.is_empty(), "minutes and hearing records are not published whole");
}
