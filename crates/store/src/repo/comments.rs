//! Public comments: the notice rows that serialise a notice's writers, comments inserted in
//! batches, their duplicate groups, moderation, and the opinions they are answered in.

use crate::entity::{comment, comment_group, comment_notice, opinion_cluster};
use crate::error::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Creates the notice's row unless it exists (two processes may both try; one row results).
pub async fn ensure_notice(c: &impl ConnectionTrait, m: comment_notice::Model) -> Result<(), StoreError> {
    // The conflict target is the unique (item, notice version) index: another process may have
    // created the row first.
    comment_notice::Entity::insert(m.into_active_model())
        .on_conflict_do_nothing_on([comment_notice::Column::ItemId, comment_notice::Column::NoticeVersion])
        .exec(c)
        .await?;
    Ok(())
}

pub async fn notice(
    c: &impl ConnectionTrait,
    item_id: Uuid,
    version: i32,
) -> Result<Option<comment_notice::Model>, StoreError> {
    Ok(comment_notice::Entity::find()
        .filter(comment_notice::Column::ItemId.eq(item_id))
        .filter(comment_notice::Column::NoticeVersion.eq(version))
        .one(c)
        .await?)
}

pub async fn notices_of_item(
    c: &impl ConnectionTrait,
    item_id: Uuid,
) -> Result<Vec<comment_notice::Model>, StoreError> {
    Ok(comment_notice::Entity::find()
        .filter(comment_notice::Column::ItemId.eq(item_id))
        .order_by_asc(comment_notice::Column::NoticeVersion)
        .all(c)
        .await?)
}

pub async fn notices_by_ids(c: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<comment_notice::Model>, StoreError> {
    Ok(comment_notice::Entity::find().filter(comment_notice::Column::Id.is_in(ids.iter().copied())).all(c).await?)
}

/// Notices whose period includes `day`.
pub async fn open_on(
    c: &impl ConnectionTrait,
    day: chrono::NaiveDate,
) -> Result<Vec<comment_notice::Model>, StoreError> {
    Ok(comment_notice::Entity::find()
        .filter(comment_notice::Column::OpensOn.lte(day))
        .filter(comment_notice::Column::ClosesOn.gte(day))
        .order_by_asc(comment_notice::Column::ClosesOn)
        .all(c)
        .await?)
}

/// Moves the notice's stream one position on and returns the row as it now stands. The update
/// locks the row until the transaction ends, so writers of one notice take turns, in one process
/// or several.
pub async fn advance_notice(c: &impl ConnectionTrait, id: Uuid) -> Result<comment_notice::Model, StoreError> {
    let rows = comment_notice::Entity::update_many()
        .col_expr(comment_notice::Column::Version, Expr::col(comment_notice::Column::Version).add(1))
        .filter(comment_notice::Column::Id.eq(id))
        .exec_with_returning(c)
        .await?;
    rows.into_iter().next().ok_or(StoreError::NotFound { entity: "comment notice" })
}

/// Records the counters reached by a batch, inside the transaction that advanced the notice.
pub async fn set_counters(
    c: &impl ConnectionTrait,
    id: Uuid,
    comment_count: i64,
    group_count: i64,
    cluster_count: i32,
) -> Result<(), StoreError> {
    comment_notice::Entity::update_many()
        .col_expr(comment_notice::Column::CommentCount, Expr::value(comment_count))
        .col_expr(comment_notice::Column::GroupCount, Expr::value(group_count))
        .col_expr(comment_notice::Column::ClusterCount, Expr::value(cluster_count))
        .filter(comment_notice::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// Marks the notice's feedback published, once: `false` if it already was.
pub async fn mark_feedback_published(
    c: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let r = comment_notice::Entity::update_many()
        .col_expr(comment_notice::Column::FeedbackPublishedAt, Expr::value(Some(at)))
        .filter(comment_notice::Column::Id.eq(id))
        .filter(comment_notice::Column::FeedbackPublishedAt.is_null())
        .exec(c)
        .await?;
    Ok(r.rows_affected == 1)
}

/// The groups of a notice founded after position `after` (all of them for 0), in order.
pub async fn groups_after(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    after: i64,
) -> Result<Vec<comment_group::Model>, StoreError> {
    Ok(comment_group::Entity::find()
        .filter(comment_group::Column::NoticeId.eq(notice_id))
        .filter(comment_group::Column::Seq.gt(after))
        .order_by_asc(comment_group::Column::Seq)
        .all(c)
        .await?)
}

pub async fn insert_groups(c: &impl ConnectionTrait, rows: Vec<comment_group::Model>) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    comment_group::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model)).exec(c).await?;
    Ok(())
}

/// Inserts comments in chunks that stay under either database's limit on bound parameters.
pub async fn insert_comments(c: &impl ConnectionTrait, rows: Vec<comment::Model>) -> Result<(), StoreError> {
    if c.get_database_backend() == sea_orm::DbBackend::Postgres {
        return insert_comments_pg(c, rows).await;
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).map(IntoActiveModel::into_active_model).collect();
        comment::Entity::insert_many(chunk).exec(c).await?;
    }
    Ok(())
}

/// Columns of a comment row, in the order of `PG_RECORD`.
const PG_COLUMNS: &str = "id, notice_id, item_id, seq, tracking_no, submitted_at, submitter_kind, name, organisation, \
     contact, body, content_hash, group_id, duplicate_kind, client_hash, moderation, hidden_reason, moderated_at, \
     cluster_id";

/// The comment row as a record of JSON fields, with the table's own column types.
const PG_RECORD: &str = "id uuid, notice_id uuid, item_id uuid, seq bigint, tracking_no text, submitted_at timestamptz, \
     submitter_kind text, name text, organisation text, contact text, body text, content_hash text, group_id uuid, \
     duplicate_kind text, client_hash text, moderation text, hidden_reason text, moderated_at timestamptz, \
     cluster_id uuid";

/// On PostgreSQL a batch is one statement with one parameter, the rows as a JSON array: a
/// multi-row `VALUES` of hundreds of rows binds thousands of parameters, which PostgreSQL parses
/// and plans afresh for every batch, and which took most of the intake's time.
async fn insert_comments_pg(c: &impl ConnectionTrait, rows: Vec<comment::Model>) -> Result<(), StoreError> {
    let time = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    for chunk in rows.chunks(5000) {
        let records: Vec<serde_json::Value> = chunk
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id, "notice_id": m.notice_id, "item_id": m.item_id, "seq": m.seq,
                    "tracking_no": m.tracking_no, "submitted_at": time(&m.submitted_at),
                    "submitter_kind": m.submitter_kind, "name": m.name, "organisation": m.organisation,
                    "contact": m.contact, "body": m.body, "content_hash": m.content_hash, "group_id": m.group_id,
                    "duplicate_kind": m.duplicate_kind, "client_hash": m.client_hash, "moderation": m.moderation,
                    "hidden_reason": m.hidden_reason, "moderated_at": m.moderated_at.as_ref().map(time),
                    "cluster_id": m.cluster_id,
                })
            })
            .collect();
        let sql = format!(
            "INSERT INTO comments ({PG_COLUMNS}) SELECT {PG_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r({PG_RECORD})"
        );
        c.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            sql,
            [serde_json::Value::Array(records).into()],
        ))
        .await?;
    }
    Ok(())
}

pub async fn by_tracking_no(c: &impl ConnectionTrait, tracking_no: &str) -> Result<Option<comment::Model>, StoreError> {
    Ok(comment::Entity::find().filter(comment::Column::TrackingNo.eq(tracking_no)).one(c).await?)
}

/// The comments of a notice with the given ids or in the given groups.
pub async fn selected(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    ids: &[Uuid],
    groups: &[Uuid],
) -> Result<Vec<comment::Model>, StoreError> {
    let pick = Condition::any()
        .add(comment::Column::Id.is_in(ids.iter().copied()))
        .add(comment::Column::GroupId.is_in(groups.iter().copied()));
    Ok(comment::Entity::find()
        .filter(comment::Column::NoticeId.eq(notice_id))
        .filter(pick)
        .order_by_asc(comment::Column::Seq)
        .all(c)
        .await?)
}

pub async fn set_moderation(
    c: &impl ConnectionTrait,
    ids: &[Uuid],
    moderation: &str,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    for chunk in ids.chunks(500) {
        comment::Entity::update_many()
            .col_expr(comment::Column::Moderation, Expr::value(moderation))
            .col_expr(comment::Column::HiddenReason, Expr::value(reason.map(str::to_owned)))
            .col_expr(comment::Column::ModeratedAt, Expr::value(Some(at)))
            .filter(comment::Column::Id.is_in(chunk.iter().copied()))
            .exec(c)
            .await?;
    }
    Ok(())
}

pub async fn insert_cluster(c: &impl ConnectionTrait, m: opinion_cluster::Model) -> Result<(), StoreError> {
    opinion_cluster::Entity::insert(m.into_active_model()).exec(c).await?;
    Ok(())
}

pub async fn set_cluster(c: &impl ConnectionTrait, ids: &[Uuid], cluster_id: Uuid) -> Result<(), StoreError> {
    for chunk in ids.chunks(500) {
        comment::Entity::update_many()
            .col_expr(comment::Column::ClusterId, Expr::value(Some(cluster_id)))
            .filter(comment::Column::Id.is_in(chunk.iter().copied()))
            .exec(c)
            .await?;
    }
    Ok(())
}

pub async fn clusters_of(c: &impl ConnectionTrait, notice_id: Uuid) -> Result<Vec<opinion_cluster::Model>, StoreError> {
    Ok(opinion_cluster::Entity::find()
        .filter(opinion_cluster::Column::NoticeId.eq(notice_id))
        .order_by_asc(opinion_cluster::Column::Seq)
        .all(c)
        .await?)
}

/// Which comments a page holds.
#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    pub notice_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
    pub moderation: Option<String>,
    /// Only the first comment of each duplicate group.
    pub representatives_only: bool,
    pub group_id: Option<Uuid>,
    pub unanswered_only: bool,
}

/// Comments in submission order after position `after`, and whether more follow.
pub async fn page(
    c: &impl ConnectionTrait,
    f: &CommentFilter,
    after: Option<i64>,
    limit: u64,
) -> Result<(Vec<comment::Model>, bool), StoreError> {
    let mut q = comment::Entity::find();
    if let Some(n) = f.notice_id {
        q = q.filter(comment::Column::NoticeId.eq(n));
    }
    if let Some(i) = f.item_id {
        q = q.filter(comment::Column::ItemId.eq(i));
    }
    if let Some(m) = &f.moderation {
        q = q.filter(comment::Column::Moderation.eq(m.as_str()));
    }
    if f.representatives_only {
        q = q.filter(comment::Column::DuplicateKind.is_null());
    }
    if let Some(g) = f.group_id {
        q = q.filter(comment::Column::GroupId.eq(g));
    }
    if f.unanswered_only {
        q = q.filter(comment::Column::ClusterId.is_null());
    }
    if let Some(a) = after {
        q = q.filter(comment::Column::Seq.gt(a));
    }
    let mut rows = q.order_by_asc(comment::Column::Seq).limit(limit + 1).all(c).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}

/// How many comments of a notice match.
pub async fn count(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    moderation: Option<&str>,
    unanswered: bool,
) -> Result<u64, StoreError> {
    let mut q = comment::Entity::find().filter(comment::Column::NoticeId.eq(notice_id));
    if let Some(m) = moderation {
        q = q.filter(comment::Column::Moderation.eq(m));
    }
    if unanswered {
        q = q.filter(comment::Column::ClusterId.is_null());
    }
    Ok(q.count(c).await?)
}

/// Per duplicate group, how many of its comments stand at `moderation`: (group, count).
pub async fn group_sizes(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    moderation: Option<&str>,
    groups: &[Uuid],
) -> Result<Vec<(Uuid, i64)>, StoreError> {
    let mut q = comment::Entity::find()
        .select_only()
        .column(comment::Column::GroupId)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::NoticeId.eq(notice_id))
        .filter(comment::Column::GroupId.is_in(groups.iter().copied()));
    if let Some(m) = moderation {
        q = q.filter(comment::Column::Moderation.eq(m));
    }
    Ok(q.group_by(comment::Column::GroupId).into_tuple::<(Uuid, i64)>().all(c).await?)
}

/// How many groups hold more than one comment, and how many comments they hold.
pub async fn duplicate_summary(c: &impl ConnectionTrait, notice_id: Uuid) -> Result<(u64, u64), StoreError> {
    let rows: Vec<(Uuid, i64)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::GroupId)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::NoticeId.eq(notice_id))
        .group_by(comment::Column::GroupId)
        .having(Expr::col(comment::Column::Id).count().gt(1))
        .into_tuple()
        .all(c)
        .await?;
    Ok((rows.len() as u64, rows.iter().map(|(_, n)| *n as u64).sum()))
}

/// Hidden comments of a notice by reason: (reason, count).
pub async fn hidden_by_reason(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
) -> Result<Vec<(Option<String>, i64)>, StoreError> {
    Ok(comment::Entity::find()
        .select_only()
        .column(comment::Column::HiddenReason)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::NoticeId.eq(notice_id))
        .filter(comment::Column::Moderation.eq("HIDDEN"))
        .group_by(comment::Column::HiddenReason)
        .order_by_asc(comment::Column::HiddenReason)
        .into_tuple()
        .all(c)
        .await?)
}

/// Every comment of a notice in order, a batch at a time (for the feedback's digest).
pub async fn batch_after(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    after: i64,
    limit: u64,
) -> Result<Vec<comment::Model>, StoreError> {
    Ok(comment::Entity::find()
        .filter(comment::Column::NoticeId.eq(notice_id))
        .filter(comment::Column::Seq.gt(after))
        .order_by_asc(comment::Column::Seq)
        .limit(limit)
        .all(c)
        .await?)
}

/// For each of `groups`, the position of its first comment with the `moderation` given, on the
/// notice; groups without one are left out. One query for a whole page of comments.
pub async fn first_seq_of_groups(
    c: &impl ConnectionTrait,
    notice_id: Uuid,
    moderation: &str,
    groups: Vec<Uuid>,
) -> Result<Vec<(Uuid, i64)>, StoreError> {
    use comment::{Column, Entity};
    Ok(Entity::find()
        .select_only()
        .column(Column::GroupId)
        .column_as(Column::Seq.min(), "first_seq")
        .filter(Column::NoticeId.eq(notice_id))
        .filter(Column::Moderation.eq(moderation))
        .filter(Column::GroupId.is_in(groups))
        .group_by(Column::GroupId)
        .into_tuple()
        .all(c)
        .await?)
}
