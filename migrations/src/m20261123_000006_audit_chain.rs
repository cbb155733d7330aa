//! The tamper-evident audit trail: each event's hash chained to the one before it in its stream,
//! the head of every stream, signed checkpoints over all heads, the public disclosure feed, and
//! database triggers that refuse to change or delete what must never change.
//!
//! Events written before this migration are chained here, in stream order, so that an existing
//! trail verifies. The event hash is written out below as it stands in version 1 of the format
//! (`juece_core::audit`), rather than imported, so that this migration stays what it was when it
//! first ran; a test checks that the two agree.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `prevHash` of a stream's first event.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Version 1 of the event hash: SHA-256 over the RFC 8785 canonical JSON of the event.
pub fn event_hash_v1(event: &serde_json::Value) -> String {
    use sha2::Digest;
    let bytes = serde_json_canonicalizer::to_vec(event).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(&bytes))
}

/// Tables whose rows are written once and never changed or deleted.
const APPEND_ONLY: [&str; 4] = ["audit_events", "artefacts", "audit_checkpoints", "disclosure_feed"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, default) in [("rules", "[]"), ("overrides", "[]")] {
            manager
                .alter_table(
                    Table::alter()
                        .table("audit_events")
                        .add_column(ColumnDef::new(name).json().not_null().default(default))
                        .to_owned(),
                )
                .await?;
        }
        for name in ["prev_hash", "hash"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("audit_events")
                        .add_column(ColumnDef::new(name).string_len(64).not_null().default(""))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("audit_heads")
                    .if_not_exists()
                    .col(pk_uuid("stream_id"))
                    .col(string_len("stream_type", 16))
                    .col(uuid_null("government_id"))
                    .col(big_integer("seq"))
                    .col(string_len("hash", 64))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_checkpoints")
                    .if_not_exists()
                    // The checkpoint's number; unique, so two processes signing at once cannot
                    // both claim the same one.
                    .col(big_integer("seq").primary_key())
                    .col(timestamp_with_time_zone("taken_at"))
                    .col(big_integer("tree_size"))
                    .col(string_len("root", 64))
                    .col(string_len("key_id", 16))
                    .col(string_len("public_key", 64))
                    .col(string_len("signature", 128))
                    .col(string_len("statement_hash", 64))
                    .col(text("statement"))
                    // The leaves, in tree order, so that an inclusion proof can be made later.
                    .col(text("leaves"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("disclosure_feed")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(string_len("kind", 32))
                    .col(uuid_null("government_id"))
                    .col(string_len_null("government_code", 12))
                    .col(uuid_null("item_id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(text("title_zh"))
                    .col(text("title_en"))
                    .col(json("payload"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_feed_government").table("disclosure_feed").col("government_id").to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_events_government_id")
                    .table("audit_events")
                    .col("government_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;

        chain_existing(manager).await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION juece_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN
                       RAISE EXCEPTION 'juece: % on % is refused: the audit record is append-only', TG_OP, TG_TABLE_NAME
                         USING ERRCODE = 'insufficient_privilege';
                     END $$",
                )
                .await?;
                for t in APPEND_ONLY {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
                         FOR EACH ROW EXECUTE FUNCTION juece_refuse_change()"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t}
                         FOR EACH STATEMENT EXECUTE FUNCTION juece_refuse_change()"
                    ))
                    .await?;
                }
            }
            _ => {
                for t in APPEND_ONLY {
                    for op in ["UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {t}_no_{} BEFORE {op} ON {t}
                             BEGIN SELECT RAISE(ABORT, 'juece: {op} on {t} is refused: the audit record is append-only'); END",
                            op.to_ascii_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for t in APPEND_ONLY {
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_append_only ON {t}")).await?;
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")).await?;
                }
                _ => {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_no_update")).await?;
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_no_delete")).await?;
                }
            }
        }
        manager
            .drop_index(Index::drop().name("ix_events_government_id").table("audit_events").if_exists().to_owned())
            .await?;
        for t in ["disclosure_feed", "audit_checkpoints", "audit_heads"] {
            manager.drop_table(Table::drop().table(t).if_exists().to_owned()).await?;
        }
        for c in ["hash", "prev_hash", "overrides", "rules"] {
            manager.alter_table(Table::alter().table("audit_events").drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}

/// Chains the events already written, stream by stream, and records each stream's head.
async fn chain_existing(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, stream_type, stream_id, stream_seq, government_id, event_type, actor_kind, actor_id, \
             actor_name, actor_org, actor_role, occurred_at, payload FROM audit_events ORDER BY stream_id, stream_seq",
        ))
        .await?;
    let mut prev: Option<(uuid::Uuid, String, i64, String, Option<uuid::Uuid>)> = None;
    let mut heads = Vec::new();
    for r in rows {
        let stream_id: uuid::Uuid = r.try_get("", "stream_id")?;
        let seq: i64 = r.try_get("", "stream_seq")?;
        let stream_type: String = r.try_get("", "stream_type")?;
        let government_id: Option<uuid::Uuid> = r.try_get("", "government_id")?;
        let prev_hash = match &prev {
            Some((s, h, _, _, _)) if *s == stream_id => h.clone(),
            _ => {
                if let Some(p) = prev.take() {
                    heads.push(p);
                }
                GENESIS.to_owned()
            }
        };
        let payload: serde_json::Value = r.try_get("", "payload")?;
        let occurred_at: chrono::DateTime<chrono::Utc> = r.try_get("", "occurred_at")?;
        let id: uuid::Uuid = r.try_get("", "id")?;
        let actor_kind: String = r.try_get("", "actor_kind")?;
        let actor_id: String = r.try_get("", "actor_id")?;
        let actor_name: String = r.try_get("", "actor_name")?;
        let actor_org: Option<String> = r.try_get("", "actor_org")?;
        let actor_role: Option<String> = r.try_get("", "actor_role")?;
        let event_type: String = r.try_get("", "event_type")?;
        let hash = event_hash_v1(&serde_json::json!({
            "id": id,
            "streamType": stream_type,
            "streamId": stream_id,
            "seq": seq,
            "governmentId": government_id,
            "eventType": event_type,
            "actor": {"kind": actor_kind, "id": actor_id, "name": actor_name, "org": actor_org, "role": actor_role},
            "occurredAt": occurred_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            "rules": [],
            "overrides": [],
            "payload": payload,
            "prevHash": prev_hash,
        }));
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DatabaseBackend::Postgres => "UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3",
                _ => "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?",
            },
            [prev_hash.into(), hash.clone().into(), id.into()],
        ))
        .await?;
        prev = Some((stream_id, hash, seq, stream_type, government_id));
    }
    heads.extend(prev);
    let now = chrono::Utc::now();
    for (stream_id, hash, seq, stream_type, government_id) in heads {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DatabaseBackend::Postgres => {
                    "INSERT INTO audit_heads (stream_id, stream_type, government_id, seq, hash, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)"
                }
                _ => {
                    "INSERT INTO audit_heads (stream_id, stream_type, government_id, seq, hash, updated_at) \
                     VALUES (?, ?, ?, ?, ?, ?)"
                }
            },
            [stream_id.into(), stream_type.into(), government_id.into(), seq.into(), hash.into(), now.into()],
        ))
        .await?;
    }
    Ok(())
}
