//! Annual catalogues, with version-checked updates.

use crate::entity::catalogue::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

pub async fn by_ids(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(c).await?)
}

pub async fn by_government_year(
    c: &impl ConnectionTrait,
    government_id: Uuid,
    year: i32,
) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::GovernmentId.eq(government_id))
        .filter(Column::Year.eq(year))
        .filter(Column::Kind.eq("ANNUAL"))
        .one(c)
        .await?)
}

/// The register of decisions recorded from the gazette of a government's year, if there is one.
pub async fn register_of(
    c: &impl ConnectionTrait,
    government_id: Uuid,
    year: i32,
) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::GovernmentId.eq(government_id))
        .filter(Column::Year.eq(year))
        .filter(Column::Kind.eq("REGISTER"))
        .one(c)
        .await?)
}

pub async fn list_by_government(c: &impl ConnectionTrait, government_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::GovernmentId.eq(government_id)).order_by_desc(Column::Year).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        government_id: Set(m.government_id),
        year: Set(m.year),
        title: Set(m.title),
        status: Set(m.status),
        document_number: Set(m.document_number),
        published_on: Set(m.published_on),
        source: Set(m.source),
        item_count: Set(m.item_count),
        kind: Set(m.kind),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Entity::insert(am).exec_with_returning(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "catalogue", constraint },
        other => other,
    })
}

/// The changes a catalogue update may make; `None` leaves a column as it is.
#[derive(Debug, Default, Clone)]
pub struct CatalogueUpdate {
    pub status: Option<String>,
    pub item_count: Option<i32>,
    pub document_number: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub source: Option<String>,
}

/// Applies `update` if the catalogue is still at `expected_version`, bumping the version in the
/// same statement; a catalogue that moved on is a conflict.
pub async fn update_versioned(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: CatalogueUpdate,
    now: DateTime<Utc>,
) -> Result<Model, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if let Some(v) = update.status {
        q = q.col_expr(Column::Status, Expr::value(v));
    }
    if let Some(v) = update.item_count {
        q = q.col_expr(Column::ItemCount, Expr::value(v));
    }
    if let Some(v) = update.document_number {
        q = q.col_expr(Column::DocumentNumber, Expr::value(v));
    }
    if let Some(v) = update.published_on {
        q = q.col_expr(Column::PublishedOn, Expr::value(v));
    }
    if let Some(v) = update.source {
        q = q.col_expr(Column::Source, Expr::value(v));
    }
    let rows = q.filter(Column::Id.eq(id)).filter(Column::Version.eq(expected_version)).exec_with_returning(c).await?;
    super::updated_or_conflict(rows, "catalogue", || async { Ok(by_id(c, id).await?.is_some()) }).await
}
