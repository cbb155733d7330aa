//! Tampering with the database behind juece's back, the way someone with the database password
//! could: each change is refused by the append-only triggers, and once the triggers are switched
//! off, each is found by verification with the place it broke — an altered, deleted or reordered
//! event, a removed last event, a changed, deleted or slipped-in artefact, a state set by hand, a
//! whole chain rewritten after a signed checkpoint, and a forged checkpoint.

use crate::decision::{People, items_2022, to_legality};
use juece_core::audit::{BreakKind, GENESIS};
use juece_core::authz::{Principal, Role};
use juece_engine::audit::{VerifyReport, chained};
use juece_tests::{Backend, World};
use sea_orm::{ConnectionTrait, Statement, Value as SqlValue};
use uuid::Uuid;

/// A real 2022 item of 市中区 submitted for legality review (consultation done, artefacts written),
/// with a signed checkpoint over the trail as it then stood.
async fn scene() -> (World, Uuid) {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let jtj = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = to_legality(&w, &p, &jtj, &items[0], &[]).await;
    let id = Uuid::parse_str(&id).expect("uuid");
    let report = verify(&w, None).await;
    assert!(report.ok(), "an untouched trail verifies: {:?}", report.first_break);
    assert!(report.events > 10 && report.artefacts >= 5, "{report:?}");
    w.engine.sign_checkpoint(&Principal::system("test"), false).await.expect("checkpoint").expect("signed");
    (w, id)
}

async fn verify(w: &World, item: Option<Uuid>) -> VerifyReport {
    w.engine.verify_audit_trail(&Principal::system("test"), item).await.expect("verification runs")
}

/// Runs one statement with bound values; `$1`-style placeholders are rewritten for SQLite.
async fn sql(w: &World, text: &str, values: Vec<SqlValue>) -> Result<u64, String> {
    sql_on(&w.db, text, values).await
}

async fn sql_on(t: &juece_tests::TestDb, text: &str, values: Vec<SqlValue>) -> Result<u64, String> {
    let db = t.store.db();
    let backend = db.get_database_backend();
    let text = match t.backend {
        Backend::Postgres => text.to_owned(),
        Backend::Sqlite => {
            let mut t = text.to_owned();
            for n in (1..=9).rev() {
                t = t.replace(&format!("${n}"), "?");
            }
            t
        }
    };
    db.execute_raw(Statement::from_sql_and_values(backend, text, values))
        .await
        .map(|r| r.rows_affected())
        .map_err(|e| e.to_string())
}

async fn must(w: &World, text: &str, values: Vec<SqlValue>) {
    let n = sql(w, text, values).await.unwrap_or_else(|e| panic!("{text}: {e}"));
    assert!(n > 0, "{text} changed no row");
}

/// Switches the append-only triggers off, as the database owner can: what is left is the chain.
async fn without_triggers(w: &World) {
    for t in ["audit_events", "artefacts", "audit_checkpoints"] {
        match w.db.backend {
            Backend::Postgres => w.db.exec(&format!("ALTER TABLE {t} DISABLE TRIGGER USER")).await,
            Backend::Sqlite => {
                w.db.exec(&format!("DROP TRIGGER {t}_no_update")).await;
                w.db.exec(&format!("DROP TRIGGER {t}_no_delete")).await;
            }
        }
    }
}

fn broken(report: &VerifyReport, item: Uuid, kind: BreakKind, seq: i64) {
    let b = report.first_break.as_ref().unwrap_or_else(|| panic!("tampering went unnoticed: {report:?}"));
    assert_eq!((b.stream_id, &b.kind, b.seq), (item, &kind, seq), "{b}");
    assert!(!b.expected.is_empty() && !b.found.is_empty() && b.expected != b.found, "{b}");
}

/// The item's events as stored, in order.
async fn trail(w: &World, item: Uuid) -> Vec<juece_engine::EventRow> {
    let first = juece_engine::PageFrom::First { after: None };
    let (rows, _) = w
        .engine
        .audit_trail_page(&Principal::system("test"), Some(item), Default::default(), first, 100)
        .await
        .expect("trail");
    rows
}

/// The stored hash of an event.
async fn hash_at(w: &World, item: Uuid, seq: i64) -> String {
    trail(w, item).await.into_iter().find(|e| e.stream_seq == seq).map(|e| e.hash).expect("event at that position")
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_the_record() {
    let (w, item) = scene().await;
    for (text, values) in [
        ("UPDATE audit_events SET actor_name = $1 WHERE stream_id = $2", vec!["某人".into(), item.into()]),
        ("DELETE FROM audit_events WHERE stream_id = $1", vec![item.into()]),
        ("UPDATE artefacts SET sha256 = $1 WHERE item_id = $2", vec!["0".repeat(64).into(), item.into()]),
        ("DELETE FROM artefacts WHERE item_id = $1", vec![item.into()]),
        ("DELETE FROM audit_checkpoints", vec![]),
        ("UPDATE audit_checkpoints SET root = $1", vec!["0".repeat(64).into()]),
        ("DELETE FROM disclosure_feed", vec![]),
    ] {
        let e = sql(&w, text, values).await.expect_err(text);
        assert!(e.contains("append-only"), "{text}: {e}");
    }
    if w.db.backend == Backend::Postgres {
        let e = sql(&w, "TRUNCATE audit_events", vec![]).await.expect_err("truncate");
        assert!(e.contains("append-only"), "{e}");
    }
    assert!(verify(&w, None).await.ok(), "nothing was changed");
}

#[tokio::test]
async fn an_altered_event_is_found_at_its_position() {
    let (w, item) = scene().await;
    without_triggers(&w).await;
    must(
        &w,
        "UPDATE audit_events SET actor_name = $1 WHERE stream_id = $2 AND stream_seq = 4",
        vec!["另一人".into(), item.into()],
    )
    .await;
    let report = verify(&w, Some(item)).await;
    broken(&report, item, BreakKind::HashMismatch, 4);
    // The whole-trail check finds the same place.
    broken(&verify(&w, None).await, item, BreakKind::HashMismatch, 4);
}

#[tokio::test]
async fn a_deleted_event_leaves_a_gap_and_a_deleted_last_event_a_short_head() {
    let (w, item) = scene().await;
    without_triggers(&w).await;
    must(&w, "DELETE FROM audit_events WHERE stream_id = $1 AND stream_seq = 3", vec![item.into()]).await;
    broken(&verify(&w, Some(item)).await, item, BreakKind::SequenceGap, 3);

    let (w, item) = scene().await;
    without_triggers(&w).await;
    let last = w.engine.item(&Principal::system("test"), item).await.expect("item").expect("exists").version;
    must(
        &w,
        "DELETE FROM audit_events WHERE stream_id = $1 AND stream_seq = $2",
        vec![item.into(), i64::from(last).into()],
    )
    .await;
    let report = verify(&w, Some(item)).await;
    broken(&report, item, BreakKind::HeadMismatch, i64::from(last) - 1);
}

#[tokio::test]
async fn two_reordered_events_break_the_chain() {
    let (w, item) = scene().await;
    without_triggers(&w).await;
    // Swap positions 5 and 6 (through a free position, as the unique index wants).
    for (from, to) in [(5, -1), (6, 5), (-1, 6)] {
        must(
            &w,
            "UPDATE audit_events SET stream_seq = $1 WHERE stream_id = $2 AND stream_seq = $3",
            vec![i64::from(to).into(), item.into(), i64::from(from).into()],
        )
        .await;
    }
    broken(&verify(&w, Some(item)).await, item, BreakKind::HashMismatch, 5);
}

#[tokio::test]
async fn a_changed_deleted_or_added_artefact_is_found() {
    // Content changed in place.
    let (w, item) = scene().await;
    without_triggers(&w).await;
    let draft = "UPDATE artefacts SET content = $1 WHERE item_id = $2 AND kind = 'DRAFT' AND version = 1";
    let forged =
        serde_json::json!({ "fullText": "篡改后的草案", "explanation": "", "background": "", "legalBasis": [] });
    must(&w, draft, vec![forged.clone().into(), item.into()]).await;
    let report = verify(&w, Some(item)).await;
    let b = report.first_break.as_ref().expect("found");
    assert_eq!((&b.kind, b.stream_id), (&BreakKind::ArtefactMismatch, item), "{b}");
    assert!(b.detail.starts_with("DRAFT v1"), "{b}");

    // Content and its stored hash changed together: the event's recorded hash still disagrees.
    let (w, item) = scene().await;
    without_triggers(&w).await;
    let rehashed = juece_core::audit::content_hash(&forged);
    must(
        &w,
        "UPDATE artefacts SET content = $1, sha256 = $2 WHERE item_id = $3 AND kind = 'DRAFT' AND version = 1",
        vec![forged.clone().into(), rehashed.clone().into(), item.into()],
    )
    .await;
    let report = verify(&w, Some(item)).await;
    let b = report.first_break.as_ref().expect("found");
    assert_eq!((&b.kind, &b.found), (&BreakKind::ArtefactMismatch, &rehashed), "{b}");

    // Deleted.
    let (w, item) = scene().await;
    without_triggers(&w).await;
    must(&w, "DELETE FROM artefacts WHERE item_id = $1 AND kind = 'COMMENT_NOTICE'", vec![item.into()]).await;
    let report = verify(&w, Some(item)).await;
    assert_eq!(report.first_break.as_ref().map(|b| &b.kind), Some(&BreakKind::ArtefactMissing), "{report:?}");

    // Slipped in, as a later version no step wrote.
    let (w, item) = scene().await;
    must(
        &w,
        "INSERT INTO artefacts (id, item_id, kind, version, content, sha256, created_by, created_at) \
         VALUES ($1, $2, 'DRAFT', 9, $3, $4, 'someone', $5)",
        vec![
            Uuid::now_v7().into(),
            item.into(),
            forged.clone().into(),
            rehashed.clone().into(),
            chrono::Utc::now().into(),
        ],
    )
    .await;
    let report = verify(&w, Some(item)).await;
    let b = report.first_break.as_ref().expect("found");
    assert_eq!((&b.kind, b.seq), (&BreakKind::ArtefactUnrecorded, 9), "{b}");
    assert!(!verify(&w, None).await.ok());
}

#[tokio::test]
async fn a_state_set_by_hand_is_not_what_the_events_say() {
    let (w, item) = scene().await;
    must(&w, "UPDATE catalogue_items SET state = 'PUBLISHED' WHERE id = $1", vec![item.into()]).await;
    let report = verify(&w, Some(item)).await;
    let b = report.first_break.as_ref().expect("found");
    assert_eq!(
        (&b.kind, b.expected.as_str(), b.found.as_str()),
        (&BreakKind::StateMismatch, "LEGALITY_SUBMITTED", "PUBLISHED")
    );
}

/// Someone who rewrites an event and then recomputes every later hash and the head makes a chain
/// that is consistent in itself; the signed checkpoint taken before still holds the old head.
#[tokio::test]
async fn a_rewritten_chain_disagrees_with_the_signed_checkpoint() {
    let (w, item) = scene().await;
    without_triggers(&w).await;
    must(
        &w,
        "UPDATE audit_events SET actor_name = $1 WHERE stream_id = $2 AND stream_seq = 2",
        vec!["另一人".into(), item.into()],
    )
    .await;
    let rows = trail(&w, item).await;
    let mut prev = GENESIS.to_owned();
    for row in &rows {
        let mut ev = chained(row).expect("canonical form");
        ev.prev_hash = prev.clone();
        let hash = ev.hash();
        must(
            &w,
            "UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3",
            vec![prev.clone().into(), hash.clone().into(), row.id.into()],
        )
        .await;
        prev = hash;
    }
    must(&w, "UPDATE audit_heads SET hash = $1 WHERE stream_id = $2", vec![prev.clone().into(), item.into()]).await;
    assert_eq!(hash_at(&w, item, rows.len() as i64).await, prev);
    let report = verify(&w, Some(item)).await;
    let b = report.first_break.as_ref().expect("the checkpoint catches it");
    assert_eq!((&b.kind, b.stream_id), (&BreakKind::CheckpointMismatch, item), "{b}");
}

#[tokio::test]
async fn a_forged_checkpoint_does_not_verify() {
    let (w, _) = scene().await;
    without_triggers(&w).await;
    must(&w, "UPDATE audit_checkpoints SET root = $1", vec!["ab".repeat(32).into()]).await;
    let report = verify(&w, None).await;
    let b = report.first_break.as_ref().expect("found");
    assert_eq!(b.kind, BreakKind::CheckpointSignature, "{b}");
}

/// A trail written before events were chained is chained by the migration that introduced the
/// chain, with the same hash the engine computes, so that it verifies from then on.
#[tokio::test]
async fn events_written_before_the_chain_are_chained_by_its_migration() {
    use juece_migrations::{Migrator, MigratorTrait};
    let t = juece_tests::TestDb::new().await;
    Migrator::down(t.store.db(), Some(3)).await.expect("back to the schema before the chain");
    let user = Uuid::now_v7();
    let insert = "INSERT INTO audit_events (id, stream_type, stream_id, stream_seq, government_id, event_type, \
                  actor_kind, actor_id, actor_name, actor_org, actor_role, occurred_at, payload) \
                  VALUES ($1, 'USER', $2, $3, NULL, $4, 'SYSTEM', 'cli', 'juece', NULL, NULL, $5, $6)";
    for (seq, kind, payload) in [
        (1i64, "UserCreated", serde_json::json!({ "UserCreated": { "user_id": user, "username": "old-admin" } })),
        (2, "UserRevoked", serde_json::json!({ "UserRevoked": { "user_id": user } })),
    ] {
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-05T08:00:00.123456Z").expect("time").to_utc();
        sql_on(
            &t,
            insert,
            vec![Uuid::now_v7().into(), user.into(), seq.into(), kind.into(), at.into(), payload.into()],
        )
        .await
        .expect("an event of the old schema");
    }
    Migrator::up(t.store.db(), None).await.expect("the chain migration runs over existing events");
    let (engine, _) = t.engine();
    let report = engine.verify_audit_trail(&Principal::system("test"), None).await.expect("verification runs");
    assert!(report.ok(), "{:?}", report.first_break);
    assert_eq!((report.streams, report.events), (1, 2));
    // And the engine continues the chain from the migrated head.
    let rows = juece_store::repo::events::by_stream(t.store.db(), user).await.expect("events");
    assert_eq!(rows[0].prev_hash, GENESIS);
    assert_eq!(rows[1].prev_hash, rows[0].hash);
    assert_eq!(rows[1].hash, chained(&rows[1]).expect("canonical").hash());
}
