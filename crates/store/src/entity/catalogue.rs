//! `catalogues`: one annual decision catalogue (年度重大行政决策事项目录) per decision organ and year.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalogues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub government_id: Uuid,
    pub year: i32,
    pub title: String,
    pub status: String,
    pub document_number: Option<String>,
    pub published_on: Option<Date>,
    pub source: Option<String>,
    pub item_count: i32,
    /// `ANNUAL` (年度重大行政决策事项目录) or `REGISTER` (decisions recorded from the gazette).
    pub kind: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
