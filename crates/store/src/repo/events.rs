//! The audit trail: appends and reads. There is deliberately no update or delete here.

use crate::entity::audit_event::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Appends events. A position already taken in a stream is a conflict (see `uq_events_stream_seq`).
pub async fn append(c: &impl ConnectionTrait, events: Vec<Model>) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    let rows = events.into_iter().map(|m| ActiveModel {
        id: Set(m.id),
        stream_type: Set(m.stream_type),
        stream_id: Set(m.stream_id),
        stream_seq: Set(m.stream_seq),
        government_id: Set(m.government_id),
        event_type: Set(m.event_type),
        actor_kind: Set(m.actor_kind),
        actor_id: Set(m.actor_id),
        actor_name: Set(m.actor_name),
        actor_org: Set(m.actor_org),
        actor_role: Set(m.actor_role),
        occurred_at: Set(m.occurred_at),
        payload: Set(m.payload),
        rules: Set(m.rules),
        overrides: Set(m.overrides),
        prev_hash: Set(m.prev_hash),
        hash: Set(m.hash),
    });
    Entity::insert_many(rows).exec(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "event", constraint },
        other => other,
    })?;
    Ok(())
}

/// A stream's events in order.
pub async fn by_stream(c: &impl ConnectionTrait, stream_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::StreamId.eq(stream_id)).order_by_asc(Column::StreamSeq).all(c).await?)
}

/// The events of several streams, each stream's in order: one query for a whole page of items.
pub async fn by_streams(c: &impl ConnectionTrait, stream_ids: Vec<Uuid>) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::StreamId.is_in(stream_ids))
        .order_by_asc(Column::StreamId)
        .order_by_asc(Column::StreamSeq)
        .all(c)
        .await?)
}

pub async fn count_stream(c: &impl ConnectionTrait, stream_id: Uuid) -> Result<u64, StoreError> {
    Ok(Entity::find().filter(Column::StreamId.eq(stream_id)).count(c).await?)
}

/// Which events a trail query returns.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub stream_id: Option<Uuid>,
    pub government_id: Option<Uuid>,
    pub actor_id: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

/// One page of events in id order (UUIDv7: the order they were written), and whether more lie
/// beyond it.
pub async fn page(
    c: &impl ConnectionTrait,
    filter: &EventFilter,
    from: super::items::PageFrom,
    limit: u64,
) -> Result<(Vec<Model>, bool), StoreError> {
    use sea_orm::{Condition, QuerySelect};
    let mut cond = Condition::all();
    if let Some(v) = filter.stream_id {
        cond = cond.add(Column::StreamId.eq(v));
    }
    if let Some(v) = filter.government_id {
        cond = cond.add(Column::GovernmentId.eq(v));
    }
    if let Some(v) = &filter.actor_id {
        cond = cond.add(Column::ActorId.eq(v.clone()));
    }
    if let Some(v) = &filter.event_types {
        cond = cond.add(Column::EventType.is_in(v.iter().cloned()));
    }
    if let Some(v) = filter.from {
        cond = cond.add(Column::OccurredAt.gte(v));
    }
    if let Some(v) = filter.to {
        cond = cond.add(Column::OccurredAt.lt(v));
    }
    let q = Entity::find().filter(cond).limit(limit + 1);
    let mut rows = match from {
        super::items::PageFrom::First { after } => {
            let q = if let Some(a) = after { q.filter(Column::Id.gt(a)) } else { q };
            q.order_by_asc(Column::Id).all(c).await?
        }
        super::items::PageFrom::Last { before } => {
            let q = if let Some(b) = before { q.filter(Column::Id.lt(b)) } else { q };
            q.order_by_desc(Column::Id).all(c).await?
        }
    };
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if matches!(from, super::items::PageFrom::Last { .. }) {
        rows.reverse();
    }
    Ok((rows, more))
}

/// Events in stream order (stream id, then position), a batch at a time from just after `after`:
/// verification walks the whole trail this way without holding it in memory.
pub async fn chain_batch(
    c: &impl ConnectionTrait,
    only_stream: Option<Uuid>,
    after: Option<(Uuid, i64)>,
    limit: u64,
) -> Result<Vec<Model>, StoreError> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, ExprTrait};
    let mut q = Entity::find();
    if let Some(s) = only_stream {
        q = q.filter(Column::StreamId.eq(s));
    }
    if let Some((s, seq)) = after {
        // A row value, not `a > x OR (a = x AND b > y)`: both databases seek the (stream, position)
        // index with it, where the OR made SQLite sort the rest of the trail for every batch.
        q = q.filter(
            Expr::tuple([Expr::col(Column::StreamId), Expr::col(Column::StreamSeq)])
                .gt(Expr::tuple([Expr::value(s), Expr::value(seq)])),
        );
    }
    Ok(q.order_by_asc(Column::StreamId).order_by_asc(Column::StreamSeq).limit(limit).all(c).await?)
}
