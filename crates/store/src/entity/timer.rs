//! `timers`: durable deadlines. A row is PENDING until a scheduler fires it (FIRED), finds what it
//! waits for already done (MET), or the step it waits for cancels it (CANCELLED).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Kind and subject, unique: scheduling the same deadline twice is one row.
    pub timer_key: String,
    /// `juece_core::deadlines::TimerKind`.
    pub kind: String,
    pub government_id: Uuid,
    pub item_id: Option<Uuid>,
    pub catalogue_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub notice_id: Option<Uuid>,
    /// The unit accountable, for supervision by department.
    pub unit: Option<String>,
    pub due_on: Date,
    pub fires_at: DateTimeUtc,
    pub state: String,
    pub fired_at: Option<DateTimeUtc>,
    /// Which process fired it.
    pub fired_by: Option<String>,
    /// When it left PENDING (fired, met or cancelled).
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
