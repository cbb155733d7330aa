//! juece-migrations: the database schema, as sea-orm migrations that run on SQLite and PostgreSQL.
//!
//! Migrations describe tables only and never import `juece-store` entities, so that a released
//! migration stays exactly as it was when it first ran.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261122_000002_identities;
mod m20261122_000003_profile_pin;
mod m20261122_000004_artefacts;
mod m20261122_000005_regions;
mod m20261123_000006_audit_chain;
mod m20261123_000007_public_comments;
mod m20261124_000008_execution_and_timers;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_identities::Migration),
            Box::new(m20261122_000003_profile_pin::Migration),
            Box::new(m20261122_000004_artefacts::Migration),
            Box::new(m20261122_000005_regions::Migration),
            Box::new(m20261123_000006_audit_chain::Migration),
            Box::new(m20261123_000007_public_comments::Migration),
            Box::new(m20261124_000008_execution_and_timers::Migration),
        ]
    }
}
