//! Repositories: the queries and writes the engine needs, each taking any connection or
//! transaction so that a command's reads and writes share one transaction.

pub mod artefacts;
pub mod audit;
pub mod catalogues;
pub mod comments;
pub mod departments;
pub mod events;
pub mod feed;
pub mod governments;
pub mod items;
pub mod regions;
pub mod tasks;
pub mod timers;
pub mod users;

use chrono::{DateTime, SubsecRound, Utc};

/// PostgreSQL keeps microseconds and SQLite text keeps whatever it is given; truncating here makes
/// a value read back equal to the value written on both.
pub fn db_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// The row a version-checked update returned, or why there is none: the row exists at another
/// version (a lost race: conflict) or does not exist at all.
pub(crate) async fn updated_or_conflict<M, Fut>(
    rows: Vec<M>,
    entity: &'static str,
    exists: impl FnOnce() -> Fut,
) -> Result<M, crate::StoreError>
where
    Fut: std::future::Future<Output = Result<bool, crate::StoreError>>,
{
    match rows.into_iter().next() {
        Some(m) => Ok(m),
        None if exists().await? => Err(crate::StoreError::Conflict { entity, constraint: None }),
        None => Err(crate::StoreError::NotFound { entity }),
    }
}
