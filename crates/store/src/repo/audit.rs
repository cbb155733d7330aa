//! Stream heads and signed checkpoints of the audit trail. Heads move forward with each command;
//! checkpoints are only ever inserted.

use crate::entity::{audit_checkpoint, audit_head};
use crate::error::StoreError;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The recorded heads of the given streams.
pub async fn heads_of(c: &impl ConnectionTrait, stream_ids: &[Uuid]) -> Result<Vec<audit_head::Model>, StoreError> {
    if stream_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(audit_head::Entity::find().filter(audit_head::Column::StreamId.is_in(stream_ids.iter().copied())).all(c).await?)
}

/// Every head, in stream id order (the order of a checkpoint's leaves).
pub async fn all_heads(c: &impl ConnectionTrait) -> Result<Vec<audit_head::Model>, StoreError> {
    Ok(audit_head::Entity::find().order_by_asc(audit_head::Column::StreamId).all(c).await?)
}

/// Heads in stream id order, a batch at a time.
pub async fn heads_batch(
    c: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit_head::Model>, StoreError> {
    let q = audit_head::Entity::find();
    let q = if let Some(a) = after { q.filter(audit_head::Column::StreamId.gt(a)) } else { q };
    Ok(q.order_by_asc(audit_head::Column::StreamId).limit(limit).all(c).await?)
}

/// Moves each stream's head to where the command left it (or records it, for a new stream).
pub async fn set_heads(c: &impl ConnectionTrait, heads: Vec<audit_head::Model>) -> Result<(), StoreError> {
    if heads.is_empty() {
        return Ok(());
    }
    let rows = heads.into_iter().map(|h| audit_head::ActiveModel {
        stream_id: Set(h.stream_id),
        stream_type: Set(h.stream_type),
        government_id: Set(h.government_id),
        seq: Set(h.seq),
        hash: Set(h.hash),
        updated_at: Set(h.updated_at),
    });
    audit_head::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(audit_head::Column::StreamId)
                .update_columns([audit_head::Column::Seq, audit_head::Column::Hash, audit_head::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(c)
        .await?;
    Ok(())
}

/// Stores a checkpoint. A number already taken is a conflict: another process signed it first.
pub async fn insert_checkpoint(c: &impl ConnectionTrait, m: audit_checkpoint::Model) -> Result<(), StoreError> {
    let am = audit_checkpoint::ActiveModel {
        seq: Set(m.seq),
        taken_at: Set(m.taken_at),
        tree_size: Set(m.tree_size),
        root: Set(m.root),
        key_id: Set(m.key_id),
        public_key: Set(m.public_key),
        signature: Set(m.signature),
        statement_hash: Set(m.statement_hash),
        statement: Set(m.statement),
        leaves: Set(m.leaves),
    };
    audit_checkpoint::Entity::insert(am).exec(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "checkpoint", constraint },
        other => other,
    })?;
    Ok(())
}

pub async fn latest_checkpoint(c: &impl ConnectionTrait) -> Result<Option<audit_checkpoint::Model>, StoreError> {
    Ok(audit_checkpoint::Entity::find().order_by_desc(audit_checkpoint::Column::Seq).one(c).await?)
}

pub async fn checkpoint(c: &impl ConnectionTrait, seq: i64) -> Result<Option<audit_checkpoint::Model>, StoreError> {
    Ok(audit_checkpoint::Entity::find_by_id(seq).one(c).await?)
}

/// Every checkpoint, oldest first.
pub async fn checkpoints(c: &impl ConnectionTrait) -> Result<Vec<audit_checkpoint::Model>, StoreError> {
    Ok(audit_checkpoint::Entity::find().order_by_asc(audit_checkpoint::Column::Seq).all(c).await?)
}

/// Checkpoints newest first, older than `before` (a checkpoint number), and whether more lie beyond.
pub async fn checkpoints_page(
    c: &impl ConnectionTrait,
    before: Option<i64>,
    limit: u64,
) -> Result<(Vec<audit_checkpoint::Model>, bool), StoreError> {
    let q = audit_checkpoint::Entity::find();
    let q = if let Some(b) = before { q.filter(audit_checkpoint::Column::Seq.lt(b)) } else { q };
    let mut rows = q.order_by_desc(audit_checkpoint::Column::Seq).limit(limit + 1).all(c).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}
