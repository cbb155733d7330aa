//! juece-core: the major administrative decision procedure (重大行政决策程序) as pure data and functions.
//!
//! Nothing here does IO, awaits, reads a clock or generates an id: the caller passes `now` and ids
//! in a [`Ctx`] and in the commands, and gets back events or a [`CoreError`]. That keeps every rule
//! deterministic and testable without a database.

/// Declares a fieldless enum with stable string codes (stored and shown in the API), `ALL`,
/// `as_str`, `parse` and `Display`.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The stable code stored in the database and used in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod actor;
pub mod after_decision;
pub mod artefact;
pub mod audit;
pub mod authz;
pub mod calendar;
pub mod catalogue;
pub mod comments;
pub mod coordination;
pub mod deadlines;
pub mod disclosure;
pub mod error;
pub mod event;
pub mod execution;
pub mod expert;
pub mod fair_competition;
pub mod feedback;
pub mod government;
pub mod hearing;
pub mod legality;
pub mod meeting;
pub mod participation;
pub mod procedure;
pub mod profile;
pub mod publication;
pub mod record;
pub mod region;
pub mod risk;
pub mod rule_catalogue;
pub mod rules;
pub mod steps;
pub mod task_import;

pub use actor::{Actor, ActorKind};
pub use catalogue::{
    CatalogueStatus, Category, ItemState, ItemTitle, YearMonth, add_item, amend_item, create_catalogue,
    record_published_catalogue,
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
