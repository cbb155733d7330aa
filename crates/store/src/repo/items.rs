//! Catalogue items: look-ups, cursor pages, and version-checked updates.

use crate::entity::catalogue_item::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

/// The item, locked until the transaction ends: on PostgreSQL `FOR UPDATE`, on SQLite nothing
/// more than the write transaction, which holds the whole database already. A step that loads
/// its item this way waits for a step in flight on the same item, and then reads the version that
/// one left: the later of two steps at one version is told of the conflict, instead of judging
/// the old item row together with the rows the other step has committed meanwhile.
pub async fn by_id_locked(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).lock_exclusive().one(c).await?)
}

pub async fn by_catalogue(c: &impl ConnectionTrait, catalogue_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::CatalogueId.eq(catalogue_id)).order_by_asc(Column::Seq).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        catalogue_id: Set(m.catalogue_id),
        government_id: Set(m.government_id),
        year: Set(m.year),
        seq: Set(m.seq),
        title: Set(m.title),
        sponsor_id: Set(m.sponsor_id),
        category: Set(m.category),
        planned_completion: Set(m.planned_completion),
        state: Set(m.state),
        profile_version: Set(m.profile_version),
        parent_item_id: Set(m.parent_item_id),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Entity::insert(am).exec_with_returning(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "item", constraint },
        other => other,
    })
}

/// Which items a list shows. Every field narrows the list; `None` does not.
#[derive(Debug, Default, Clone)]
pub struct ItemFilter {
    pub government_id: Option<Uuid>,
    pub year: Option<i32>,
    pub catalogue_id: Option<Uuid>,
    pub sponsor_id: Option<Uuid>,
    pub states: Option<Vec<String>>,
    pub category: Option<String>,
    pub title_contains: Option<String>,
    /// Restricts the list to what a viewer may see: `Some(None)` is the public (items past the
    /// internal states), `Some(Some(g))` the public's view plus everything of government `g`.
    pub visible_to: Option<Option<Uuid>>,
    /// The states that are internal to a government (see `ItemState::INTERNAL`).
    pub internal_states: Vec<String>,
}

/// Where a page starts: after a cursor going forward, or before one going backward.
#[derive(Debug, Clone, Copy)]
pub enum PageFrom {
    First { after: Option<Uuid> },
    Last { before: Option<Uuid> },
}

/// One page of items in id order (UUIDv7 ids sort by creation), and whether more lie beyond it.
pub async fn page(
    c: &impl ConnectionTrait,
    filter: &ItemFilter,
    from: PageFrom,
    limit: u64,
) -> Result<(Vec<Model>, bool), StoreError> {
    let mut cond = Condition::all();
    if let Some(v) = filter.government_id {
        cond = cond.add(Column::GovernmentId.eq(v));
    }
    if let Some(v) = filter.year {
        cond = cond.add(Column::Year.eq(v));
    }
    if let Some(v) = filter.catalogue_id {
        cond = cond.add(Column::CatalogueId.eq(v));
    }
    if let Some(v) = filter.sponsor_id {
        cond = cond.add(Column::SponsorId.eq(v));
    }
    if let Some(v) = &filter.states {
        cond = cond.add(Column::State.is_in(v.iter().cloned()));
    }
    if let Some(v) = &filter.category {
        cond = cond.add(Column::Category.eq(v.clone()));
    }
    if let Some(v) = &filter.title_contains {
        cond = cond.add(Column::Title.contains(v.as_str()));
    }
    if let Some(viewer) = filter.visible_to {
        let public = Column::State.is_not_in(filter.internal_states.iter().cloned());
        cond = cond.add(match viewer {
            Some(g) => Condition::any().add(public).add(Column::GovernmentId.eq(g)),
            None => Condition::all().add(public),
        });
    }
    let q = Entity::find().filter(cond).limit(limit + 1);
    let mut rows = match from {
        PageFrom::First { after } => {
            let q = if let Some(a) = after { q.filter(Column::Id.gt(a)) } else { q };
            q.order_by_asc(Column::Id).all(c).await?
        }
        PageFrom::Last { before } => {
            let q = if let Some(b) = before { q.filter(Column::Id.lt(b)) } else { q };
            q.order_by_desc(Column::Id).all(c).await?
        }
    };
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if matches!(from, PageFrom::Last { .. }) {
        rows.reverse();
    }
    Ok((rows, more))
}

/// The changes an item update may make; `None` leaves a column as it is.
#[derive(Debug, Default, Clone)]
pub struct ItemUpdate {
    pub title: Option<String>,
    pub sponsor_id: Option<Uuid>,
    pub category: Option<String>,
    pub planned_completion: Option<String>,
    pub state: Option<String>,
    pub profile_version: Option<String>,
}

/// Applies `update` if the item is still at `expected_version`, bumping the version in the same
/// statement (`UPDATE … WHERE id = ? AND version = ? RETURNING *`). No row back means another
/// writer got there first: a conflict, never an overwrite.
pub async fn update_versioned(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: ItemUpdate,
    now: DateTime<Utc>,
) -> Result<Model, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if let Some(v) = update.title {
        q = q.col_expr(Column::Title, Expr::value(v));
    }
    if let Some(v) = update.sponsor_id {
        q = q.col_expr(Column::SponsorId, Expr::value(v));
    }
    if let Some(v) = update.category {
        q = q.col_expr(Column::Category, Expr::value(v));
    }
    if let Some(v) = update.planned_completion {
        q = q.col_expr(Column::PlannedCompletion, Expr::value(v));
    }
    if let Some(v) = update.state {
        q = q.col_expr(Column::State, Expr::value(v));
    }
    if let Some(v) = update.profile_version {
        q = q.col_expr(Column::ProfileVersion, Expr::value(v));
    }
    let rows = q.filter(Column::Id.eq(id)).filter(Column::Version.eq(expected_version)).exec_with_returning(c).await?;
    super::updated_or_conflict(rows, "item", || async { Ok(by_id(c, id).await?.is_some()) }).await
}
