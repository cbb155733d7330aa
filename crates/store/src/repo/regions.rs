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

/// Moves a region if it is still at `expected_version`.
pub async fn update_state(
    c: &impl ConnectionTrait,
    item_id: Uuid,
    region: &str,
    expected_version: i32,
    state: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Model, StoreError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    let rows = Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::State, Expr::value(state))
        .filter(Column::ItemId.eq(item_id))
        .filter(Column::Region.eq(region))
        .filter(Column::Version.eq(expected_version))
        .exec_with_returning(c)
        .await?;
    super::updated_or_conflict(rows, "region", || async {
        Ok(Entity::find().filter(Column::ItemId.eq(item_id)).filter(Column::Region.eq(region)).one(c).await?.is_some())
    })
    .await
}
