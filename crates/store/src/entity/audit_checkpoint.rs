//! `audit_checkpoints`: signed Merkle roots over all stream heads, numbered 1, 2, 3…

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_checkpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub taken_at: DateTimeUtc,
    pub tree_size: i64,
    pub root: String,
    pub key_id: String,
    pub public_key: String,
    pub signature: String,
    pub statement_hash: String,
    /// The signed statement, as JSON.
    pub statement: String,
    /// The leaves in tree order, as a JSON array.
    pub leaves: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
