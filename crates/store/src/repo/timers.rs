//! Durable timers: scheduling, cancelling, claiming due rows and closing them, and the lists that
//! supervision reads.
//!
//! A timer leaves PENDING exactly once. Every write that moves it out is conditional on
//! `state = 'PENDING'`, so two processes that both saw a timer pending cannot both close it: the
//! second update changes no row and its caller backs off.

use crate::StoreError;
use crate::entity::timer::{Column, Entity, Model};
use crate::entity::{catalogue, catalogue_item, comment_notice, execution_task};
use chrono::{DateTime, NaiveDate, Utc};
use juece_core::ItemState;
use juece_core::deadlines::{TimerKind, TimerState};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    TryInsertResult,
};
use uuid::Uuid;

pub use crate::entity::timer::Model as TimerRow;

const PENDING: &str = "PENDING";

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

pub async fn by_key(c: &impl ConnectionTrait, key: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::TimerKey.eq(key)).one(c).await?)
}

/// Schedules a timer unless its key is taken, so that scheduling the same deadline twice leaves one
/// row. A key that was cancelled (a plan amended away from a month and back to it) is pending
/// again, with the dates of `m`. Returns whether a timer is pending under the key now.
pub async fn schedule(c: &impl ConnectionTrait, m: Model) -> Result<bool, StoreError> {
    let key = m.timer_key.clone();
    let (due_on, fires_at) = (m.due_on, m.fires_at);
    let inserted = Entity::insert(m.into_active_model())
        .on_conflict_do_nothing_on([Column::TimerKey])
        .exec_without_returning(c)
        .await?;
    if matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        return Ok(true);
    }
    Entity::update_many()
        .col_expr(Column::State, Expr::value(PENDING))
        .col_expr(Column::ClosedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(Column::DueOn, Expr::value(due_on))
        .col_expr(Column::FiresAt, Expr::value(fires_at))
        .filter(Column::TimerKey.eq(key.as_str()))
        .filter(Column::State.eq(TimerState::Cancelled.as_str()))
        .exec(c)
        .await?;
    Ok(by_key(c, &key).await?.is_some_and(|t| t.state == PENDING))
}

/// What a set of timers is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Item(Uuid),
    Task(Uuid),
    Catalogue(Uuid),
}

/// Closes the pending timers of `subject` of the given kinds as `state` (MET or CANCELLED), except
/// the one keyed `keep`; returns how many it closed.
pub async fn close_pending(
    c: &impl ConnectionTrait,
    subject: Subject,
    kinds: &[TimerKind],
    keep: Option<&str>,
    state: TimerState,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::State, Expr::value(state.as_str()))
        .col_expr(Column::ClosedAt, Expr::value(Some(at)))
        .filter(Column::State.eq(PENDING))
        .filter(Column::Kind.is_in(kinds.iter().map(|k| k.as_str())));
    q = match subject {
        Subject::Item(id) => q.filter(Column::ItemId.eq(id)),
        Subject::Task(id) => q.filter(Column::TaskId.eq(id)),
        Subject::Catalogue(id) => q.filter(Column::CatalogueId.eq(id)),
    };
    if let Some(k) = keep {
        q = q.filter(Column::TimerKey.ne(k));
    }
    Ok(q.exec(c).await?.rows_affected)
}

/// The oldest pending timer due at `now` (not one of `skip`), locked for this transaction. On
/// PostgreSQL the row is taken `FOR UPDATE SKIP LOCKED`, so concurrent schedulers each get a
/// different timer instead of queueing behind one; SQLite has no row locks (sea-query leaves the
/// clause out) and needs none, because its write transactions run one at a time.
pub async fn claim_due(
    c: &impl ConnectionTrait,
    now: DateTime<Utc>,
    skip: &[Uuid],
) -> Result<Option<Model>, StoreError> {
    let mut q = Entity::find().filter(Column::State.eq(PENDING)).filter(Column::FiresAt.lte(now));
    if !skip.is_empty() {
        q = q.filter(Column::Id.is_not_in(skip.iter().copied()));
    }
    Ok(q.order_by_asc(Column::FiresAt)
        .order_by_asc(Column::Id)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .one(c)
        .await?)
}

/// Moves one timer out of PENDING, if it still is: `false` means another process closed it first
/// and the caller must not act on it. A fired timer records when and by whom.
pub async fn close(
    c: &impl ConnectionTrait,
    id: Uuid,
    state: TimerState,
    at: DateTime<Utc>,
    fired_by: Option<&str>,
) -> Result<bool, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::State, Expr::value(state.as_str()))
        .col_expr(Column::ClosedAt, Expr::value(Some(at)));
    if state == TimerState::Fired {
        q = q
            .col_expr(Column::FiredAt, Expr::value(Some(at)))
            .col_expr(Column::FiredBy, Expr::value(fired_by.map(str::to_owned)));
    }
    let r = q.filter(Column::Id.eq(id)).filter(Column::State.eq(PENDING)).exec(c).await?;
    Ok(r.rows_affected == 1)
}

/// Records which notice row a comment period's timer closed (the row is made at the first comment
/// or when the period ends, whichever comes first).
pub async fn set_notice(c: &impl ConnectionTrait, id: Uuid, notice_id: Uuid) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::NoticeId, Expr::value(Some(notice_id)))
        .filter(Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Marks a comment notice closed at `at` (its period's end), once.
pub async fn close_notice(c: &impl ConnectionTrait, notice_id: Uuid, at: DateTime<Utc>) -> Result<bool, StoreError> {
    let r = comment_notice::Entity::update_many()
        .col_expr(comment_notice::Column::ClosedAt, Expr::value(Some(at)))
        .filter(comment_notice::Column::Id.eq(notice_id))
        .filter(comment_notice::Column::ClosedAt.is_null())
        .exec(c)
        .await?;
    Ok(r.rows_affected == 1)
}

/// A government's pending timers due on or before `on_or_before`, soonest first: the deadlines
/// coming up (and, if no scheduler has run yet, those already passed).
pub async fn pending_due_before(
    c: &impl ConnectionTrait,
    government_id: Uuid,
    on_or_before: NaiveDate,
) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::GovernmentId.eq(government_id))
        .filter(Column::State.eq(PENDING))
        .filter(Column::DueOn.lte(on_or_before))
        .order_by_asc(Column::DueOn)
        .order_by_asc(Column::Id)
        .all(c)
        .await?)
}

/// A government's fired timers whose subject is still not done, oldest deadline first: items still
/// in a state the timer's kind waits on (`TimerKind::met_by_item_state`), tasks not done,
/// catalogues not published. A fired comment period is never open: firing it closed the notice.
pub async fn fired_open(c: &impl ConnectionTrait, government_id: Uuid) -> Result<Vec<Model>, StoreError> {
    let mut still_owed = Condition::any();
    for kind in TimerKind::ITEM_STATE {
        let owed: Vec<&str> =
            ItemState::ALL.iter().filter(|s| !kind.met_by_item_state(**s)).map(|s| s.as_str()).collect();
        let items = Query::select()
            .column(catalogue_item::Column::Id)
            .from(catalogue_item::Entity)
            .and_where(catalogue_item::Column::State.is_in(owed))
            .to_owned();
        still_owed =
            still_owed.add(Condition::all().add(Column::Kind.eq(kind.as_str())).add(Column::ItemId.in_subquery(items)));
    }
    let open_tasks = Query::select()
        .column(execution_task::Column::Id)
        .from(execution_task::Entity)
        .and_where(execution_task::Column::Status.ne("DONE"))
        .to_owned();
    still_owed = still_owed.add(
        Condition::all()
            .add(Column::Kind.is_in(TimerKind::TASK.iter().map(|k| k.as_str())))
            .add(Column::TaskId.in_subquery(open_tasks)),
    );
    let unpublished = Query::select()
        .column(catalogue::Column::Id)
        .from(catalogue::Entity)
        .and_where(catalogue::Column::PublishedOn.is_null())
        .to_owned();
    still_owed = still_owed.add(
        Condition::all()
            .add(Column::Kind.eq(TimerKind::CataloguePublicationDue.as_str()))
            .add(Column::CatalogueId.in_subquery(unpublished)),
    );
    Ok(Entity::find()
        .filter(Column::GovernmentId.eq(government_id))
        .filter(Column::State.eq(TimerState::Fired.as_str()))
        .filter(still_owed)
        .order_by_asc(Column::DueOn)
        .order_by_asc(Column::Id)
        .all(c)
        .await?)
}

/// Every timer of an item (its tasks' included), in the order they fall due.
pub async fn of_item(c: &impl ConnectionTrait, item_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::ItemId.eq(item_id))
        .order_by_asc(Column::DueOn)
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .all(c)
        .await?)
}

/// Every timer of a task, in the order they fall due.
pub async fn of_task(c: &impl ConnectionTrait, task_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::TaskId.eq(task_id))
        .order_by_asc(Column::DueOn)
        .order_by_asc(Column::Id)
        .all(c)
        .await?)
}

/// Every timer of a catalogue.
pub async fn of_catalogue(c: &impl ConnectionTrait, catalogue_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find()
        .filter(Column::CatalogueId.eq(catalogue_id))
        .order_by_asc(Column::DueOn)
        .order_by_asc(Column::Id)
        .all(c)
        .await?)
}
