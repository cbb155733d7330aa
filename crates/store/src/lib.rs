//! juece-store: persistence on SQLite (embedded default) and PostgreSQL through sea-orm.
//!
//! It owns the connection (pool size, WAL, busy timeout), write transactions (IMMEDIATE on SQLite),
//! the entities, and repositories whose updates are optimistic: `WHERE id = ? AND version = ?`,
//! and a row that moved on is a [`StoreError::Conflict`], never an overwrite.

pub mod entity;
pub mod error;
pub mod repo;

pub use error::{Outage, StoreError};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement, TransactionTrait};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, SqliteTransactionMode, TransactionOptions};
use std::time::Duration;

/// How to reach the database. Defaults suit a 2-core machine.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// `sqlite://path?mode=rwc`, `sqlite::memory:` or `postgres://…`.
    pub url: String,
    /// Connections in the pool. SQLite has one writer at a time, but readers run alongside it in
    /// WAL mode, and a transaction holds one connection while the pool serves others.
    pub max_connections: u32,
    /// How long a SQLite writer waits for the write lock before giving up.
    pub busy_timeout: Duration,
    /// How long a request waits for a pooled connection, including connecting anew when the
    /// database went away: past it the request fails as unavailable instead of hanging. As long as
    /// the busy timeout, so that readers queue behind writers waiting for SQLite's lock no longer
    /// than those writers wait themselves.
    pub acquire_timeout: Duration,
}

impl StoreConfig {
    pub fn new(url: impl Into<String>) -> Self {
        StoreConfig {
            url: url.into(),
            max_connections: 8,
            busy_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// A connected database.
#[derive(Debug, Clone)]
pub struct Store {
    db: DatabaseConnection,
}

impl Store {
    pub async fn connect(config: &StoreConfig) -> Result<Store, StoreError> {
        let mut opts = ConnectOptions::new(config.url.clone());
        opts.max_connections(config.max_connections)
            .min_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .sqlx_logging(false);
        let busy = config.busy_timeout;
        // SQLite's defaults (rollback journal, FULL sync, no busy wait, foreign keys off) suit neither
        // concurrent readers nor a server; WAL with NORMAL sync is durable across process crashes.
        opts.map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy)
                .foreign_keys(true)
                .create_if_missing(true)
        });
        let db = Database::connect(opts).await.map_err(StoreError::Connect)?;
        Ok(Store { db })
    }

    /// Wraps an existing connection (tests that build their own).
    pub fn from_connection(db: DatabaseConnection) -> Self {
        Store { db }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Begins a transaction that will read and then write. On SQLite it is IMMEDIATE: a deferred
    /// transaction that reads first fails at once with SQLITE_BUSY when another writer committed
    /// meanwhile, whatever the busy timeout, while IMMEDIATE takes the write lock up front and waits.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, StoreError> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.db.begin_with_options(opts).await?)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        Ok(self.db.ping().await?)
    }

    pub async fn close(self) -> Result<(), StoreError> {
        Ok(self.db.close().await?)
    }
}
