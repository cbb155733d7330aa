//! `comments`: a public comment as submitted, with its receipt, duplicate group, moderation and
//! the opinion it was answered in. Contact details live here and nowhere public.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub notice_id: Uuid,
    pub item_id: Uuid,
    pub seq: i64,
    pub tracking_no: String,
    pub submitted_at: DateTimeUtc,
    pub submitter_kind: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub contact: Option<String>,
    pub body: String,
    pub content_hash: String,
    pub group_id: Uuid,
    pub duplicate_kind: Option<String>,
    pub client_hash: Option<String>,
    pub moderation: String,
    pub hidden_reason: Option<String>,
    pub moderated_at: Option<DateTimeUtc>,
    pub cluster_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
