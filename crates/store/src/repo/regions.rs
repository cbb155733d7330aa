//! Consultation regions of an item.

use crate::entity::region::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Creates an item's regions; a region that exists already is a conflict.
pub async fn insert_all(c: &impl ConnectionTrait, rows: Vec<Model>) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let rows = rows.into_iter().map(|m| ActiveModel {
        id: Set(m.id),
        item_id: Set(m.item_id),
        region: Set(m.region),
        state: Set(m.state),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    });
    Entity::insert_many(rows).exec(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "region", constraint },
        other => other,
    })?;
    Ok(())
}

pub async fn by_item(c: &impl ConnectionTrait, item_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::ItemId.eq(item_id)).order_by_asc(Column::Id).all(c).await?)
}
