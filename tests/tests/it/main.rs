//! The integration tests: one binary, each test on a fresh database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set).

mod after_decision;
mod architecture;
mod audit_api;
mod auth;
mod authz;
mod calendar;
mod catalogue;
mod decision;
mod dossier;
mod errors;
mod execution;
mod faults;
mod hostile;
mod http;
mod pagination;
mod portal;
mod procedure;
mod public;
mod race;
mod read_cache;
mod rules;
mod seeds;
mod subscriptions;
mod tamper;
mod timers;
mod walks;
