//! Errors as clients see them: a stable `extensions.code`, bilingual messages, and for procedure
//! violations the rule id and article. No database text ever reaches a client.

use async_graphql::{ErrorExtensionValues, Response, ServerError};
use juece_engine::EngineError;

pub const CODE_BAD_USER_INPUT: &str = "BAD_USER_INPUT";

/// An error a resolver returns.
#[derive(Debug)]
pub struct ApiError(pub EngineError);

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        ApiError(e)
    }
}

fn bilingual(zh: &str, en: &str) -> String {
    format!("{zh}（{en}）")
}

impl ApiError {
    pub fn bad_input(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError(EngineError::Invalid(juece_core::InputError::new(field, zh, en)))
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(ApiError(e): ApiError) -> Self {
        let code = e.code();
        let (message, zh, en, extra): (String, String, String, Vec<(&str, String)>) = match &e {
            EngineError::Invalid(i) => {
                (bilingual(&i.zh, &i.en), i.zh.clone(), i.en.clone(), vec![("field", i.field.to_owned())])
            }
            EngineError::Violation(v) => (
                bilingual(&format!("{}：{}", v.rule.id, v.zh), &format!("{}: {}", v.rule.id, v.en)),
                v.zh.clone(),
                v.en.clone(),
                vec![("rule", v.rule.id.to_owned()), ("article", v.rule.article.to_owned())],
            ),
            EngineError::OutOfOrder { transition, zh, en } => (
                bilingual(zh, en),
                zh.clone(),
                en.clone(),
                vec![("rule", "§2.3".to_owned()), ("transition", (*transition).to_owned())],
            ),
            EngineError::NotFound { zh, en }
            | EngineError::Conflict { zh, en }
            | EngineError::Unauthenticated { zh, en }
            | EngineError::Forbidden { zh, en }
            | EngineError::Unavailable { zh, en }
            | EngineError::RateLimited { zh, en } => (bilingual(zh, en), zh.clone(), en.clone(), vec![]),
            EngineError::Internal(detail) => {
                // The detail may hold SQL or driver text: it goes to the log under an id the operator
                // can search for, and the client gets the id only.
                let incident = uuid::Uuid::new_v4();
                tracing::error!(%incident, %detail, "internal error");
                let zh = format!("服务器内部错误，已记录（事件号 {incident}）");
                let en = format!("internal server error, logged as incident {incident}");
                (bilingual(&zh, &en), zh, en, vec![("incident", incident.to_string())])
            }
        };
        let mut err = async_graphql::Error::new(message);
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", code);
        ext.set("messageZh", zh);
        ext.set("messageEn", en);
        for (k, v) in extra {
            ext.set(k, v);
        }
        err.extensions = Some(ext);
        err
    }
}

/// Gives every request-level error (parse, validation, limits, variables) a code and a Chinese
/// message next to the English one, so that a client can tell them from resolver errors. An error
/// of a limit also names it in `limit`.
pub fn annotate_request_errors(mut resp: Response) -> Response {
    for e in &mut resp.errors {
        annotate(e);
    }
    resp
}

/// Whether an error refuses a request for passing a limit (it has a `limit` extension), which the
/// server answers with 400 whatever the response type.
pub fn is_limit_error(e: &ServerError) -> bool {
    e.extensions.as_ref().is_some_and(|x| x.get("limit").is_some())
}

/// The longest English text a request error repeats. A parse error quotes the line it failed on,
/// and a document may be one line of the whole body.
const MAX_ECHO_CHARS: usize = 500;

fn annotate(e: &mut ServerError) {
    let has_code = e.extensions.as_ref().is_some_and(|x| x.get("code").is_some());
    if has_code {
        return;
    }
    let (zh, limit) = if e.message.contains("too complex") {
        ("查询复杂度超过上限，请减少字段或分页大小", Some("complexity"))
    } else if e.message.contains("recursion depth of the query") || e.message.contains("recursion limit exceeded") {
        ("查询（含片段展开）嵌套层数超过上限", Some("recursiveDepth"))
    } else if e.message.contains("Unknown field") || e.message.contains("Unknown argument") {
        ("查询包含不存在的字段或参数", None)
    } else if e.message.contains("variable") || e.message.contains("Variable") {
        ("查询变量无效", None)
    } else {
        ("查询无效", None)
    };
    if let Some((cut, _)) = e.message.char_indices().nth(MAX_ECHO_CHARS) {
        e.message.truncate(cut);
        e.message.push('…');
    }
    let ext = e.extensions.get_or_insert_with(ErrorExtensionValues::default);
    ext.set("code", CODE_BAD_USER_INPUT);
    ext.set("messageZh", zh);
    ext.set("messageEn", e.message.clone());
    if let Some(limit) = limit {
        ext.set("limit", limit);
    }
    e.message = bilingual(zh, &e.message);
}
