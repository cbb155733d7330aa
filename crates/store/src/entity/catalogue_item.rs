//! `catalogue_items`: decision items (决策事项) and where each stands in the procedure.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalogue_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub catalogue_id: Uuid,
    pub government_id: Uuid,
    pub year: i32,
    pub seq: i32,
    pub title: String,
    pub sponsor_id: Uuid,
    pub category: String,
    pub planned_completion: String,
    pub state: String,
    pub profile_version: Option<String>,
    /// The decision this item adjusts (R-17-3).
    pub parent_item_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
