//! `execution_tasks`: the execution tasks of a decision; a task's id names its audit stream and
//! its version is that stream's position.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "execution_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub item_id: Uuid,
    pub government_id: Uuid,
    pub seq: i32,
    pub description: String,
    /// JSON list of unit names.
    pub lead_units: Json,
    pub responsible_units: Json,
    /// The earliest staged deadline not yet past when the task was assigned.
    pub staged_due: Option<Date>,
    /// The day the task is judged by (`TaskSpec::due`): its final deadline, or its last staged one.
    pub final_due: Option<Date>,
    /// The task as assigned (`juece_core::execution::TaskSpec`).
    pub spec: Json,
    pub percent: i16,
    /// `OPEN` or `DONE`.
    pub status: String,
    pub completed_on: Option<Date>,
    /// A deadline passed with the task not done.
    pub overdue: bool,
    pub last_report_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
