//! Who performed a step: every audit event names one.

use serde::{Deserialize, Serialize};

/// The kind of actor behind a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActorKind {
    /// A signed-in person.
    User,
    /// juece itself (seed loading, timers).
    System,
    /// A request that carried no credentials.
    Anonymous,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "USER",
            ActorKind::System => "SYSTEM",
            ActorKind::Anonymous => "ANONYMOUS",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "USER" => Some(ActorKind::User),
            "SYSTEM" => Some(ActorKind::System),
            "ANONYMOUS" => Some(ActorKind::Anonymous),
            _ => None,
        }
    }
}

/// An actor as recorded in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub kind: ActorKind,
    /// A stable identifier: a user id, or the name of the system task (`seed`, `timer`).
    pub id: String,
    /// A display name as it stood when the step was taken.
    pub name: String,
    /// The organisation acted for: a government code, or `code/department-id`.
    pub org: Option<String>,
    /// The role the step was taken in.
    pub role: Option<String>,
}

impl Actor {
    pub fn system(task: &str) -> Self {
        Actor { kind: ActorKind::System, id: task.to_owned(), name: format!("juece:{task}"), org: None, role: None }
    }

    /// The public, as the author of the comments it submits without credentials.
    pub fn public() -> Self {
        Actor { kind: ActorKind::Anonymous, id: "public".to_owned(), name: "公众".to_owned(), org: None, role: None }
    }
}
