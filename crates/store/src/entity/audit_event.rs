//! `audit_events`: the append-only record of every change, one stream per catalogue or item.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub stream_type: String,
    pub stream_id: Uuid,
    pub stream_seq: i64,
    pub government_id: Option<Uuid>,
    pub event_type: String,
    pub actor_kind: String,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_org: Option<String>,
    pub actor_role: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub payload: Json,
    /// The rule ids evaluated before the change (a JSON array).
    pub rules: Json,
    /// The exceptions relied on (a JSON array of `{rule, reason}`).
    pub overrides: Json,
    /// The hash of the event before it in its stream (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of the event's canonical form (`juece_core::audit::ChainedEvent`).
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
