//! Departments and units of a decision organ.

use crate::entity::department::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

pub async fn by_ids(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(c).await?)
}

pub async fn by_name(c: &impl ConnectionTrait, government_id: Uuid, name: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::GovernmentId.eq(government_id)).filter(Column::Name.eq(name)).one(c).await?)
}

pub async fn list_by_government(c: &impl ConnectionTrait, government_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::GovernmentId.eq(government_id)).order_by_asc(Column::Id).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        government_id: Set(m.government_id),
        name: Set(m.name),
        aliases: Set(m.aliases),
        kind: Set(m.kind),
        sources: Set(m.sources),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Ok(Entity::insert(am).exec_with_returning(c).await?)
}
