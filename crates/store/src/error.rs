//! The store's error type: conflicts and missing rows are values the engine acts on; anything else
//! is a database failure whose text stays in the log.

use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row changed since it was read (its version moved on), or a uniqueness rule was hit.
    #[error("conflict on {entity}")]
    Conflict { entity: &'static str, constraint: Option<String> },
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("cannot connect to the database: {0}")]
    Connect(DbErr),
    #[error("stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(c)) => StoreError::Conflict { entity: "row", constraint: Some(c) },
            _ => StoreError::Db(e),
        }
    }
}

impl StoreError {
    /// Whether the error is a lost race or a duplicate, so a caller may report CONFLICT or retry.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }

    /// Whether SQLite (or PostgreSQL) reported a lock or serialization failure, which is also a
    /// lost race, not a fault.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Db(e) => {
                let s = e.to_string();
                s.contains("database is locked") || s.contains("could not serialize") || s.contains("deadlock detected")
            }
            _ => false,
        }
    }
}
