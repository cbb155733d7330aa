//! Decision organs: look-ups by code and id, and the idempotent upsert the seed loader uses.

use crate::entity::government::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn by_code(c: &impl ConnectionTrait, code: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Code.eq(code)).one(c).await?)
}

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

pub async fn by_ids(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(c).await?)
}

pub async fn list(c: &impl ConnectionTrait) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().order_by_asc(Column::Code).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        code: Set(m.code),
        name: Set(m.name),
        short_name: Set(m.short_name),
        level: Set(m.level),
        parent_code: Set(m.parent_code),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Ok(Entity::insert(am).exec_with_returning(c).await?)
}
