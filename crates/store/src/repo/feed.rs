//! The disclosure feed: inserts and pages, newest first. Entries never change.

use crate::entity::feed_entry::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<(), StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        kind: Set(m.kind),
        government_id: Set(m.government_id),
        government_code: Set(m.government_code),
        item_id: Set(m.item_id),
        occurred_at: Set(m.occurred_at),
        title_zh: Set(m.title_zh),
        title_en: Set(m.title_en),
        payload: Set(m.payload),
    };
    Entity::insert(am).exec(c).await?;
    Ok(())
}

/// Newest first: entries older than `before` (an entry id; UUIDv7 ids sort by time), optionally
/// of one government (entries of no government, such as checkpoints, are in every government's
/// feed) and from a time on. Returns the page and whether more lie beyond it.
pub async fn page(
    c: &impl ConnectionTrait,
    government_id: Option<Uuid>,
    since: Option<chrono::DateTime<chrono::Utc>>,
    before: Option<Uuid>,
    limit: u64,
) -> Result<(Vec<Model>, bool), StoreError> {
    let mut q = Entity::find();
    if let Some(g) = government_id {
        q = q.filter(sea_orm::Condition::any().add(Column::GovernmentId.eq(g)).add(Column::GovernmentId.is_null()));
    }
    if let Some(s) = since {
        q = q.filter(Column::OccurredAt.gte(s));
    }
    if let Some(b) = before {
        q = q.filter(Column::Id.lt(b));
    }
    let mut rows = q.order_by_desc(Column::Id).limit(limit + 1).all(c).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}
