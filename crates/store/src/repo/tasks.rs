//! Execution tasks: insert on assignment, versioned updates on progress and lateness, and the
//! lists supervision reads.

use crate::StoreError;
use crate::entity::execution_task::{ActiveModel, Column, Entity, Model};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

/// An item's tasks in their order.
pub async fn by_item(c: &impl ConnectionTrait, item_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::ItemId.eq(item_id)).order_by_asc(Column::Seq).all(c).await?)
}

/// The highest task number of an item, 0 if none.
pub async fn last_seq(c: &impl ConnectionTrait, item_id: Uuid) -> Result<i32, StoreError> {
    let max: Option<Option<i32>> = Entity::find()
        .select_only()
        .column_as(Column::Seq.max(), "m")
        .filter(Column::ItemId.eq(item_id))
        .into_tuple()
        .one(c)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

/// A government's tasks, optionally only open ones, in item and task order.
pub async fn of_government(
    c: &impl ConnectionTrait,
    government_id: Uuid,
    open_only: bool,
) -> Result<Vec<Model>, StoreError> {
    let mut q = Entity::find().filter(Column::GovernmentId.eq(government_id));
    if open_only {
        q = q.filter(Column::Status.eq("OPEN"));
    }
    Ok(q.order_by_asc(Column::ItemId).order_by_asc(Column::Seq).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        item_id: Set(m.item_id),
        government_id: Set(m.government_id),
        seq: Set(m.seq),
        description: Set(m.description),
        lead_units: Set(m.lead_units),
        responsible_units: Set(m.responsible_units),
        staged_due: Set(m.staged_due),
        final_due: Set(m.final_due),
        spec: Set(m.spec),
        percent: Set(m.percent),
        status: Set(m.status),
        completed_on: Set(m.completed_on),
        overdue: Set(m.overdue),
        last_report_on: Set(m.last_report_on),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Entity::insert(am).exec_with_returning(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "task", constraint },
        other => other,
    })
}

/// The changes a task update may make; `None` leaves a column as it is.
#[derive(Debug, Default, Clone)]
pub struct TaskUpdate {
    pub percent: Option<i16>,
    pub status: Option<String>,
    pub completed_on: Option<NaiveDate>,
    pub overdue: Option<bool>,
    pub last_report_on: Option<NaiveDate>,
}

/// Applies `update` if the task is still at `expected_version`, bumping the version in the same
/// statement; no row back is a conflict.
pub async fn update_versioned(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: TaskUpdate,
    now: DateTime<Utc>,
) -> Result<Model, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if let Some(v) = update.percent {
        q = q.col_expr(Column::Percent, Expr::value(v));
    }
    if let Some(v) = update.status {
        q = q.col_expr(Column::Status, Expr::value(v));
    }
    if let Some(v) = update.completed_on {
        q = q.col_expr(Column::CompletedOn, Expr::value(v));
    }
    if let Some(v) = update.overdue {
        q = q.col_expr(Column::Overdue, Expr::value(v));
    }
    if let Some(v) = update.last_report_on {
        q = q.col_expr(Column::LastReportOn, Expr::value(v));
    }
    let rows = q.filter(Column::Id.eq(id)).filter(Column::Version.eq(expected_version)).exec_with_returning(c).await?;
    super::updated_or_conflict(rows, "task", || async { Ok(by_id(c, id).await?.is_some()) }).await
}
