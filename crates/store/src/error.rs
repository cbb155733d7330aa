//! The store's error type: conflicts and missing rows are values the engine acts on; a database
//! that cannot be reached or cannot store anything is an outage the caller may wait out; anything
//! else is a database failure whose text stays in the log.

use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row changed since it was read (its version moved on), or a uniqueness rule was hit.
    #[error("conflict on {entity}")]
    Conflict { entity: &'static str, constraint: Option<String> },
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("cannot connect to the database: {0}")]
    Connect(DbErr),
    /// The database is out of service for now; the request was not applied and may be sent again
    /// once the fault is cleared.
    #[error("database unavailable ({outage:?}): {source}")]
    Unavailable { outage: Outage, source: DbErr },
    #[error("stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(DbErr),
}

/// Why the database cannot serve a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// No connection: the server is down or unreachable, a connection was lost mid-request, or
    /// none came free within the pool's acquire timeout.
    Unreachable,
    /// The database answers but cannot write: its disk is full, it is read-only, or its storage
    /// fails.
    Storage,
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        if let Some(outage) = outage(&e) {
            return StoreError::Unavailable { outage, source: e };
        }
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(c)) => StoreError::Conflict { entity: "row", constraint: Some(c) },
            _ => StoreError::Db(e),
        }
    }
}

/// The outage an error reports, if it is one rather than a fault of the statement.
fn outage(e: &DbErr) -> Option<Outage> {
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => Some(Outage::Unreachable),
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Some(Outage::Unreachable),
            sqlx::Error::Database(d) => {
                if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    sqlite_outage(d.code()?.parse().ok()?)
                } else {
                    postgres_outage(&d.code()?)
                }
            }
            _ => None,
        },
        _ => None,
    }
}

/// SQLite's result codes (the primary code is the low byte of the extended one): SQLITE_FULL is
/// a full disk (or the page limit), SQLITE_READONLY a file or directory it may not write,
/// SQLITE_IOERR a failing read or write, SQLITE_CANTOPEN a file it cannot open.
fn sqlite_outage(extended: i32) -> Option<Outage> {
    match extended & 0xff {
        8 | 10 | 13 | 14 => Some(Outage::Storage),
        _ => None,
    }
}

/// PostgreSQL's SQLSTATEs: class 08 (connection exception) and the shutdown codes of class 57
/// mean the server went away; class 53 (insufficient resources: disk full, out of memory, too
/// many connections), 58030 (I/O error) and 25006 (a read-only transaction, as on a standby) mean
/// it cannot store anything now.
fn postgres_outage(sqlstate: &str) -> Option<Outage> {
    match sqlstate {
        s if s.starts_with("08") => Some(Outage::Unreachable),
        "57P01" | "57P02" | "57P03" => Some(Outage::Unreachable),
        s if s.starts_with("53") => Some(Outage::Storage),
        "58030" | "25006" => Some(Outage::Storage),
        _ => None,
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

    /// The outage, when the database is out of service rather than the request at fault.
    pub fn outage(&self) -> Option<Outage> {
        match self {
            StoreError::Unavailable { outage, .. } => Some(*outage),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_and_connection_failures_are_outages() {
        let acquire = DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
        assert_eq!(StoreError::from(acquire).outage(), Some(Outage::Unreachable));
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        let lost = DbErr::Query(RuntimeErr::SqlxError(std::sync::Arc::new(sqlx::Error::Io(io))));
        assert_eq!(StoreError::from(lost).outage(), Some(Outage::Unreachable));
        let bad = DbErr::Query(RuntimeErr::SqlxError(std::sync::Arc::new(sqlx::Error::RowNotFound)));
        assert_eq!(StoreError::from(bad).outage(), None);
        assert_eq!(StoreError::from(DbErr::Custom("x".into())).outage(), None);
    }

    #[test]
    fn codes_name_the_outage() {
        // SQLITE_FULL, SQLITE_READONLY_DBMOVED (8 | 4 << 8), SQLITE_IOERR_WRITE (10 | 3 << 8).
        for code in [13, 8 | (4 << 8), 10 | (3 << 8), 14] {
            assert_eq!(sqlite_outage(code), Some(Outage::Storage), "{code}");
        }
        // SQLITE_BUSY and SQLITE_CONSTRAINT_UNIQUE are races, not outages.
        assert_eq!(sqlite_outage(5), None);
        assert_eq!(sqlite_outage(19 | (8 << 8)), None);
        assert_eq!(postgres_outage("08006"), Some(Outage::Unreachable));
        assert_eq!(postgres_outage("57P01"), Some(Outage::Unreachable));
        assert_eq!(postgres_outage("53100"), Some(Outage::Storage));
        assert_eq!(postgres_outage("25006"), Some(Outage::Storage));
        assert_eq!(postgres_outage("23505"), None);
        assert_eq!(postgres_outage("40001"), None);
    }
}
