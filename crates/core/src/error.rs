//! The core's error values: bad input, or a step the procedure forbids.

use crate::rules::Violation;

/// A field that does not hold a valid value, with messages a clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input field, in the API's spelling (`plannedCompletion`).
    pub field: &'static str,
    pub zh: String,
    pub en: String,
}

impl InputError {
    pub fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        InputError { field, zh: zh.into(), en: en.into() }
    }
}

/// Why the core refused a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    #[error("invalid input: {}: {}", .0.field, .0.en)]
    Invalid(InputError),
    #[error("procedure violation {}: {}", .0.rule.id, .0.en)]
    Violation(Violation),
    /// A step asked for from a state its transition does not leave (§2.3's order).
    #[error("{en}")]
    OutOfOrder { transition: &'static str, state: crate::catalogue::ItemState, zh: String, en: String },
}

impl From<InputError> for CoreError {
    fn from(e: InputError) -> Self {
        CoreError::Invalid(e)
    }
}

impl From<Violation> for CoreError {
    fn from(v: Violation) -> Self {
        CoreError::Violation(v)
    }
}
