//! `disclosure_feed`: what has been made public, one immutable entry per published step.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_feed")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub government_id: Option<Uuid>,
    pub government_code: Option<String>,
    pub item_id: Option<Uuid>,
    pub occurred_at: DateTimeUtc,
    pub title_zh: String,
    pub title_en: String,
    pub payload: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
