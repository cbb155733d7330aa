//! juece-core: the major administrative decision procedure (重大行政决策程序) as pure data and functions.
//!
//! Nothing here does IO, awaits, reads a clock or generates an id: the caller passes `now` and ids
//! in a [`Ctx`] and in the commands, and gets back events or a [`CoreError`]. That keeps every rule
//! deterministic and testable without a database.

pub mod actor;
pub mod catalogue;
pub mod error;
pub mod event;
pub mod government;
pub mod rules;

pub use actor::{Actor, ActorKind};
pub use catalogue::{
    CatalogueStatus, Category, ItemState, ItemTitle, YearMonth, add_item, amend_item,
    create_catalogue, record_published_catalogue,
};
pub use error::{CoreError, InputError};
pub use event::DomainEvent;
pub use government::{GovernmentCode, GovernmentLevel};
pub use rules::{Rule, Violation};

use chrono::{DateTime, Utc};

/// What a decision needs from the outside world, passed in so that the core stays pure.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The instant the command is decided at (UTC; the engine truncates it to microseconds).
    pub now: DateTime<Utc>,
    /// Who asks.
    pub actor: Actor,
}
