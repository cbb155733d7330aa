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

pub async fn count_stream(c: &impl ConnectionTrait, stream_id: Uuid) -> Result<u64, StoreError> {
    Ok(Entity::find().filter(Column::StreamId.eq(stream_id)).count(c).await?)
}
