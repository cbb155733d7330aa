//! `comment_notices`: one row per comment notice, holding its ingest counters; its id names the
//! notice's audit stream and its version is that stream's position.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comment_notices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub item_id: Uuid,
    pub government_id: Uuid,
    pub notice_version: i32,
    pub tracking_prefix: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub comment_count: i64,
    pub group_count: i64,
    pub cluster_count: i32,
    pub version: i32,
    pub feedback_published_at: Option<DateTimeUtc>,
    /// When the period's timer closed the notice (24:00 Asia/Shanghai of `closes_on`).
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
