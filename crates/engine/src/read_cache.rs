//! The public reads' cache: what the public side computed (an item's page, a page of the
//! disclosure feed, …) is kept until the database changes, and never served after a change.
//!
//! Whether the database changed is asked of the database itself, so that a commit by any process
//! (another juece server on the same PostgreSQL, `juece audit checkpoint` beside a server on
//! SQLite) counts as much as one of this process, and nothing depends on every write path
//! remembering to invalidate:
//!
//! - on PostgreSQL, the stamp is the current snapshot (`pg_current_snapshot()`): two equal
//!   snapshots see the same committed transactions, so the same data;
//! - on SQLite, it is `PRAGMA data_version` on a connection of the cache's own, which never
//!   writes: the value changes whenever any other connection, of this process or another, commits.
//!
//! A request may only use a stamp read after it arrived: a stamp read earlier could predate a
//! commit the requester already saw acknowledged. Reading one stamp per request would cost as
//! much as the reads it saves, so requests share rounds: one read is in flight at a time, and the
//! requests that arrive meanwhile wait for the next round, which one read then answers for all
//! of them. When the stamp differs from the one the cached entries were computed under, or the
//! day changed (whether a consultation accepts comments depends on the date), the entries are
//! dropped. Each entry is computed once however many requests ask for it together.
//!
//! Without a stamp (an in-memory SQLite database, whose connections do not share it, or a
//! database that does not answer) nothing is cached and every read goes to the database.

use crate::error::EngineError;
use chrono::NaiveDate;
use juece_store::StoreError;
use sea_orm::sqlx::{self, ConnectOptions as _, Connection as _};
use sea_orm::{DbBackend, DbErr, RuntimeErr};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OnceCell, watch};
use uuid::Uuid;

/// Entries kept at most; past it the cache starts over, so that requests for many different
/// pages (or made-up ids) cannot make it grow without bound.
const MAX_ENTRIES: usize = 256;

/// How long a request waits for a stamp before it reads the database without the cache.
const STAMP_WAIT: Duration = Duration::from_secs(10);

/// What a cached entry answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Item(Uuid),
    Comments {
        item: Uuid,
        after: Option<i64>,
        limit: u64,
    },
    FeedbackRows {
        item: Uuid,
        after: Option<i64>,
        limit: u64,
    },
    OpenConsultations,
    Feed {
        government: Option<Uuid>,
        since: Option<chrono::DateTime<chrono::Utc>>,
        before: Option<Uuid>,
        limit: u64,
    },
    /// Something built from public reads only, such as a rendered page, by a name of its own.
    Rendered(String),
}

/// A value that is the same only while nothing was committed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stamp {
    Sqlite(i64),
    Postgres(String),
}

/// What a round read: `Ok(None)` when the database gives no stamp (nothing is cached then), an
/// error when it cannot be reached, which the requests of the round report at once rather than
/// each waiting out the pool's acquire timeout again.
type Reading = Result<Option<Stamp>, EngineError>;

type Value = Arc<dyn Any + Send + Sync>;
type Slot = Arc<OnceCell<Value>>;

pub(crate) struct ReadCache {
    /// SQLite: the cache's own connection (opened on first use), or `Err` once it is known that
    /// the database cannot give a stamp.
    sqlite: tokio::sync::Mutex<Option<Result<sqlx::SqliteConnection, ()>>>,
    rounds: Mutex<Rounds>,
    /// The last round finished and what it read: a stamp, none to be had, or an outage.
    done: watch::Sender<(u64, Reading)>,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Rounds {
    /// Rounds started so far; the last of them is in flight while `running`.
    started: u64,
    running: bool,
    /// Some request arrived while a round was in flight and waits for the next.
    wanted: bool,
}

#[derive(Default)]
struct Entries {
    /// The round whose stamp the entries were computed under, the stamp, and the day.
    round: u64,
    stamp: Option<Stamp>,
    today: Option<NaiveDate>,
    map: HashMap<Key, Slot>,
}

impl Entries {
    /// The entry under `key`, new if there is none.
    fn slot(&mut self, key: Key) -> Slot {
        if self.map.len() >= MAX_ENTRIES && !self.map.contains_key(&key) {
            self.map.clear();
        }
        self.map.entry(key).or_default().clone()
    }
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache").finish_non_exhaustive()
    }
}

impl ReadCache {
    pub(crate) fn new() -> Self {
        ReadCache {
            sqlite: tokio::sync::Mutex::new(None),
            rounds: Mutex::new(Rounds::default()),
            done: watch::channel((0, Ok(None))).0,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// The value under `key`, computed by `compute` unless an entry computed since the last
    /// change of the database holds it.
    pub(crate) async fn get<T, F>(
        self: &Arc<Self>,
        db: &sea_orm::DatabaseConnection,
        today: NaiveDate,
        key: Key,
        compute: F,
    ) -> Result<Arc<T>, EngineError>
    where
        T: Any + Send + Sync,
        F: Future<Output = Result<T, EngineError>>,
    {
        // On the heap: the computations (a whole portal page, say) are large futures, and nested
        // in this one they would be moved on the stack at every level.
        let compute = Box::pin(compute);
        let Some((round, stamp)) = self.stamp(db).await? else {
            return compute.await.map(Arc::new);
        };
        let slot = {
            let mut e = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if e.stamp.as_ref() != Some(&stamp) || e.today != Some(today) {
                if round < e.round {
                    // A newer round has replaced the entries; this request's own stamp is still
                    // a fresh enough answer for it, but not for the cache.
                    None
                } else {
                    e.map.clear();
                    e.round = round;
                    e.stamp = Some(stamp);
                    e.today = Some(today);
                    Some(e.slot(key))
                }
            } else {
                Some(e.slot(key))
            }
        };
        let Some(slot) = slot else {
            return compute.await.map(Arc::new);
        };
        let value = slot.get_or_try_init(|| async { compute.await.map(|v| Arc::new(v) as Value) }).await?;
        value.clone().downcast::<T>().map_err(|_| EngineError::Internal("read cache: an entry of another type".into()))
    }

    /// A stamp read after this call began, with the number of its round; `None` if there is none
    /// to be had, an error if the database cannot be reached.
    async fn stamp(self: &Arc<Self>, db: &sea_orm::DatabaseConnection) -> Result<Option<(u64, Stamp)>, EngineError> {
        let (need, lead) = {
            let mut r = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            if r.running {
                // The round in flight began before this request: the next one answers it.
                r.wanted = true;
                (r.started + 1, false)
            } else {
                r.running = true;
                r.started += 1;
                (r.started, true)
            }
        };
        let mut done = self.done.subscribe();
        if lead {
            // The rounds run in a task of their own, so that a request that goes away (its
            // client disconnected) does not leave the others waiting for a round never finished.
            let (cache, db) = (self.clone(), db.clone());
            tokio::spawn(async move { cache.run_rounds(&db).await });
        }
        // An outage found by the round in flight when this request arrived is its answer too:
        // refusing is never stale, and waiting for one more round would double the time a client
        // waits to learn the database is down.
        let answers = |(round, read): &(u64, Reading)| *round >= need || (read.is_err() && *round + 1 >= need);
        let waited = tokio::time::timeout(STAMP_WAIT, done.wait_for(answers)).await;
        let Ok(Ok(read)) = waited else { return Ok(None) };
        let (round, stamp) = read.clone();
        Ok(stamp?.map(|s| (round, s)))
    }

    async fn run_rounds(&self, db: &sea_orm::DatabaseConnection) {
        loop {
            let round = self.rounds.lock().unwrap_or_else(PoisonError::into_inner).started;
            let stamp = self.read_stamp(db).await;
            let _previous = self.done.send_replace((round, stamp));
            let mut r = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            if r.wanted {
                r.wanted = false;
                r.started += 1;
            } else {
                r.running = false;
                return;
            }
        }
    }

    async fn read_stamp(&self, db: &sea_orm::DatabaseConnection) -> Reading {
        match db.get_database_backend() {
            DbBackend::Postgres => {
                let pool = db.get_postgres_connection_pool();
                match sqlx::query_scalar::<_, String>("SELECT pg_current_snapshot()::text").fetch_one(pool).await {
                    Ok(snapshot) => Ok(Some(Stamp::Postgres(snapshot))),
                    Err(e) => {
                        let e = EngineError::from(StoreError::from(DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))));
                        // An outage is the answer for the whole round; any other failure only
                        // means this round caches nothing.
                        if matches!(e, EngineError::Unavailable { .. }) { Err(e) } else { Ok(None) }
                    }
                }
            }
            DbBackend::Sqlite => {
                let mut guard = self.sqlite.lock().await;
                if guard.is_none() {
                    *guard = own_connection(db).await;
                }
                let Some(Ok(conn)) = guard.as_mut() else { return Ok(None) };
                // Read to the end, so that the statement finishes and holds no read transaction
                // open between rounds (which would keep SQLite from checkpointing its WAL).
                match sqlx::query_scalar::<_, i64>("PRAGMA data_version").fetch_all(&mut *conn).await {
                    Ok(v) => Ok(v.first().copied().map(Stamp::Sqlite)),
                    Err(_) => {
                        // The connection broke (the file went away, say): the next round opens
                        // another.
                        *guard = None;
                        Ok(None)
                    }
                }
            }
            _ => Ok(None),
        }
    }
}

/// The cache's own connection to the pool's SQLite file: `None` if it cannot be opened now (the
/// next round tries again), `Some(Err)` if the database is in memory, where each connection has a
/// database of its own, or a shared cache in which other connections' commits do not move
/// `data_version`.
async fn own_connection(db: &sea_orm::DatabaseConnection) -> Option<Result<sqlx::SqliteConnection, ()>> {
    let options = db.get_sqlite_connection_pool().connect_options();
    let mut conn = options.connect().await.ok()?;
    let files: Vec<String> = sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .fetch_all(&mut conn)
        .await
        .ok()?;
    match files.first() {
        Some(f) if !f.is_empty() => Some(Ok(conn)),
        _ => {
            let _ = conn.close().await;
            Some(Err(()))
        }
    }
}
