//! The engine's error type, with the stable codes the API reports.

use juece_core::{CoreError, InputError, Violation};
use juece_store::{Outage, StoreError};

#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    #[error("invalid input: {}", .0.en)]
    Invalid(InputError),
    #[error("procedure violation {}: {}", .0.rule.id, .0.en)]
    Violation(Violation),
    #[error("{en}")]
    NotFound { zh: String, en: String },
    #[error("{en}")]
    Conflict { zh: String, en: String },
    /// No (valid) credentials.
    #[error("{en}")]
    Unauthenticated { zh: String, en: String },
    /// A step asked for out of the procedure's order (§2.3).
    #[error("{en}")]
    OutOfOrder { transition: &'static str, zh: String, en: String },
    /// Credentials that do not carry the right.
    #[error("{en}")]
    Forbidden { zh: String, en: String },
    /// Something this deployment is not set up to do (no signing key, say), or cannot do now: its
    /// database is unreachable or cannot store anything, or the comment intake is overloaded. The
    /// request was not applied; it may be sent again later.
    #[error("{en}")]
    Unavailable { zh: String, en: String },
    /// Too many requests from one client; it may try again shortly.
    #[error("{en}")]
    RateLimited { zh: String, en: String },
    /// A failure that is ours, not the caller's. The text is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl EngineError {
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Invalid(_) => "BAD_USER_INPUT",
            EngineError::Violation(_) | EngineError::OutOfOrder { .. } => "PROCEDURE_VIOLATION",
            EngineError::NotFound { .. } => "NOT_FOUND",
            EngineError::Conflict { .. } => "CONFLICT",
            EngineError::Unauthenticated { .. } => "UNAUTHENTICATED",
            EngineError::Forbidden { .. } => "FORBIDDEN",
            EngineError::Unavailable { .. } => "UNAVAILABLE",
            EngineError::RateLimited { .. } => "RATE_LIMITED",
            EngineError::Internal(_) => "INTERNAL",
        }
    }

    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> Self {
        EngineError::NotFound { zh: zh.into(), en: en.into() }
    }

    pub(crate) fn stale(what_zh: &str, what_en: &str) -> Self {
        EngineError::Conflict {
            zh: format!("{what_zh}已被他人修改，请刷新后重试"),
            en: format!("the {what_en} was changed by someone else; reload it and try again"),
        }
    }
}

impl From<juece_core::authz::Denial> for EngineError {
    fn from(d: juece_core::authz::Denial) -> Self {
        match d {
            juece_core::authz::Denial::Unauthenticated { zh, en } => EngineError::Unauthenticated { zh, en },
            juece_core::authz::Denial::Forbidden { zh, en } => EngineError::Forbidden { zh, en },
        }
    }
}

impl From<CoreError> for EngineError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Invalid(i) => EngineError::Invalid(i),
            CoreError::Violation(v) => EngineError::Violation(v),
            CoreError::OutOfOrder { transition, zh, en, .. } => EngineError::OutOfOrder { transition, zh, en },
        }
    }
}

impl From<InputError> for EngineError {
    fn from(e: InputError) -> Self {
        EngineError::Invalid(e)
    }
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        if let Some(outage) = e.outage() {
            // The driver's text names hosts, files and SQL: it goes to the log, never to the caller.
            tracing::warn!(error = %e, "database unavailable");
            return match outage {
                Outage::Unreachable => EngineError::Unavailable {
                    zh: "数据库暂时无法连接，请稍后重试".into(),
                    en: "the database cannot be reached at the moment; try again shortly".into(),
                },
                Outage::Storage => EngineError::Unavailable {
                    zh:
                        "数据库暂时无法保存数据（存储空间已满或处于只读状态），请稍后重试；如持续出现，请告知系统管理员"
                            .into(),
                    en: "the database cannot store anything at the moment (its storage is full or read-only); try \
                         again later, and tell the administrator if it persists"
                        .into(),
                },
            };
        }
        if e.is_busy() {
            return EngineError::Conflict {
                zh: "数据正被他人修改，请稍后重试".into(),
                en: "the data is being changed by someone else; try again shortly".into(),
            };
        }
        match e {
            StoreError::Conflict { entity: "catalogue", constraint: Some(_) } => EngineError::Conflict {
                zh: "该决策机关该年度的目录已存在".into(),
                en: "this decision organ already has a catalogue for that year".into(),
            },
            StoreError::Conflict { entity, .. } => EngineError::stale(
                match entity {
                    "catalogue" => "目录",
                    "item" => "决策事项",
                    _ => "记录",
                },
                match entity {
                    "catalogue" => "catalogue",
                    "item" => "item",
                    _ => "record",
                },
            ),
            StoreError::NotFound { entity } => {
                EngineError::not_found(format!("未找到{entity}"), format!("{entity} not found"))
            }
            other => EngineError::Internal(other.to_string()),
        }
    }
}
