//! Artefacts: inserts and reads only.

use crate::entity::artefact::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        item_id: Set(m.item_id),
        kind: Set(m.kind),
        version: Set(m.version),
        content: Set(m.content),
        sha256: Set(m.sha256),
        created_by: Set(m.created_by),
        created_at: Set(m.created_at),
    };
    Entity::insert(am).exec_with_returning(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "artefact", constraint },
        other => other,
    })
}

/// An item's artefacts, by kind and version.
pub async fn by_item(c: &impl ConnectionTrait, item_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::ItemId.eq(item_id))
        .order_by_asc(Column::Kind)
        .order_by_asc(Column::Version)
        .all(c)
        .await?)
}

/// The artefacts of several items, each item's in the order of `by_item`.
pub async fn by_items(c: &impl ConnectionTrait, item_ids: Vec<Uuid>) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::ItemId.is_in(item_ids))
        .order_by_asc(Column::ItemId)
        .order_by_asc(Column::Kind)
        .order_by_asc(Column::Version)
        .all(c)
        .await?)
}

/// The newest version of one kind for an item.
pub async fn latest(c: &impl ConnectionTrait, item_id: Uuid, kind: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::ItemId.eq(item_id))
        .filter(Column::Kind.eq(kind))
        .order_by_desc(Column::Version)
        .one(c)
        .await?)
}

/// The newest version number of one kind for an item (0 if none).
pub async fn latest_version(c: &impl ConnectionTrait, item_id: Uuid, kind: &str) -> Result<i32, StoreError> {
    let row = Entity::find()
        .filter(Column::ItemId.eq(item_id))
        .filter(Column::Kind.eq(kind))
        .order_by_desc(Column::Version)
        .one(c)
        .await?;
    Ok(row.map_or(0, |r| r.version))
}

/// Every item that has an artefact (verification looks for artefacts no event wrote).
pub async fn item_ids(c: &impl ConnectionTrait) -> Result<Vec<Uuid>, StoreError> {
    use sea_orm::QuerySelect;
    Ok(Entity::find().select_only().column(Column::ItemId).distinct().into_tuple::<Uuid>().all(c).await?)
}
