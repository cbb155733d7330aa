//! Repositories: the queries and writes the engine needs, each taking any connection or
//! transaction so that a command's reads and writes share one transaction.

pub mod catalogues;
pub mod departments;
pub mod events;
pub mod governments;
pub mod items;
pub mod users;

use chrono::{DateTime, SubsecRound, Utc};

/// PostgreSQL keeps microseconds and SQLite text keeps whatever it is given; truncating here makes
/// a value read back equal to the value written on both.
pub fn db_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}
