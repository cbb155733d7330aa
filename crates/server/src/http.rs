//! The HTTP face of the GraphQL schema, following the GraphQL-over-HTTP specification: content
//! negotiation between `application/json` and `application/graphql-response+json`, 4xx for
//! malformed requests, no mutation over GET, and bodies, query strings and documents limited in
//! size, each refused before the work it would cost.
//!
//! The request is parsed here rather than by async-graphql's axum extractor because that extractor
//! always answers `application/graphql-response+json` (a MUST of the spec's audit fails on it),
//! answers request errors with 200 and `"data": null`, and runs mutations sent by GET.

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Request, Response as GqlResponse, ServerError, Variables};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::{Body, Bytes};
use axum::extract::WebSocketUpgrade;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use juece_core::authz::Principal;
use juece_engine::{Engine, EngineError};
use juece_graphql::{
    BearerToken, CODE_BAD_USER_INPUT, ClientAddr, DocumentLimits, JueceSchema, annotate_request_errors, is_limit_error,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// Shared state of the GraphQL routes.
#[derive(Clone)]
pub struct GraphqlState {
    pub schema: JueceSchema,
    /// The same schema under the tighter limits for requests without credentials.
    pub public_schema: JueceSchema,
    pub engine: Engine,
    /// The largest POST body, and the longest GET query string.
    pub max_body_bytes: usize,
    /// The document limits both schemas apply; GET checks the text before it parses it itself.
    pub document_limits: DocumentLimits,
    /// Requests without credentials per client address; `None` when unlimited.
    pub public_limiter: Option<std::sync::Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>>,
}

impl GraphqlState {
    /// Who asks and the schema their request runs on, or the refusal (a bad token, the public's
    /// rate spent): the same for POST and GET.
    #[allow(clippy::result_large_err)] // the refusal is the response itself, sent at once
    async fn admit(
        &self,
        headers: &HeaderMap,
        peer: &Peer,
        media: Media,
    ) -> Result<(Principal, Option<BearerToken>, &JueceSchema), Response> {
        let (principal, token) = authenticate(&self.engine, headers, media).await?;
        let schema = self.schema_for(&principal, peer, media)?;
        Ok((principal, token, schema))
    }

    /// The schema to run a request of `principal` on, or the refusal of a client of the public
    /// that has sent too many requests this minute.
    #[allow(clippy::result_large_err)] // the refusal is the response itself, sent at once
    fn schema_for(&self, principal: &Principal, peer: &Peer, media: Media) -> Result<&JueceSchema, Response> {
        if *principal != Principal::Anonymous {
            return Ok(&self.schema);
        }
        if let (Some(limiter), Some(addr)) = (&self.public_limiter, peer.0)
            && let Err(not_until) = limiter.check_key(&addr.ip())
        {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            let secs = wait.as_secs().max(1);
            let body = json!({ "errors": [{
                "message": format!("请求过于频繁，请{secs}秒后再试（too many requests; try again in {secs} s）"),
                "extensions": {
                    "code": "RATE_LIMITED",
                    "messageZh": format!("请求过于频繁，请{secs}秒后再试"),
                    "messageEn": format!("too many requests; try again in {secs} s"),
                }
            }] });
            let mut r = json_body(StatusCode::TOO_MANY_REQUESTS, media, &body);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Err(r);
        }
        Ok(&self.public_schema)
    }
}

/// Who sent the request: the public without an `Authorization` header, otherwise the user the
/// bearer token belongs to. A token that is malformed, unknown, expired or revoked is refused
/// with 401, never silently treated as the public.
async fn authenticate(
    engine: &Engine,
    headers: &HeaderMap,
    media: Media,
) -> Result<(Principal, Option<BearerToken>), Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok((Principal::Anonymous, None));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let refused = |zh: &str, en: &str| {
        let body = json!({ "errors": [{
            "message": format!("{zh}（{en}）"),
            "extensions": { "code": "UNAUTHENTICATED", "messageZh": zh, "messageEn": en }
        }] });
        let mut r = json_body(StatusCode::UNAUTHORIZED, media, &body);
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    };
    let Some(token) = token else {
        return Err(refused("Authorization 头须为 Bearer 令牌", "the Authorization header must carry a Bearer token"));
    };
    match engine.authenticate(token).await {
        Ok(p) => Ok((p, Some(BearerToken(token.to_owned())))),
        Err(EngineError::Unauthenticated { zh, en }) => Err(refused(&zh, &en)),
        Err(e) => {
            tracing::error!(error = %e, "authentication failed");
            Err(reject(StatusCode::INTERNAL_SERVER_ERROR, media, "服务器内部错误", "internal server error"))
        }
    }
}

/// The peer address of the connection, when the server was started with connection info (it is;
/// routers driven directly in tests have none). Behind a reverse proxy this is the proxy.
#[derive(Debug, Clone)]
pub struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

fn with_identity(mut r: Request, principal: Principal, token: Option<BearerToken>, peer: &Peer) -> Request {
    if let Some(addr) = peer.0 {
        r = r.data(ClientAddr(addr.ip().to_string()));
    }
    r = r.data(principal);
    if let Some(t) = token {
        r = r.data(t);
    }
    r
}

/// `GET /graphql/ws`: subscriptions over graphql-transport-ws (and the legacy graphql-ws). The
/// token comes in the `connection_init` payload (`{"Authorization": "Bearer …"}`), since browsers
/// cannot set headers on a websocket; it is checked once, when the connection opens.
pub async fn websocket(
    State(st): State<GraphqlState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let engine = st.engine.clone();
    let schema = ByPrincipal { schema: st.schema.clone(), public: st.public_schema.clone() };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let mut data = Data::default();
                    let token = ["Authorization", "authorization"]
                        .iter()
                        .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
                        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_owned());
                    match token {
                        Some(t) => match engine.authenticate(&t).await {
                            Ok(p) => {
                                data.insert(p);
                                data.insert(BearerToken(t));
                            }
                            Err(_) => {
                                return Err(async_graphql::Error::new(
                                    "登录凭据无效、已过期或已被撤销（the credentials are invalid, expired or revoked）",
                                ));
                            }
                        },
                        None => data.insert(Principal::Anonymous),
                    }
                    Ok(data)
                })
                .serve()
        })
        .into_response()
}

/// The schema a websocket runs its operations on: the one under the public's limits for a
/// connection opened without credentials, as over HTTP. Who opened it is only known once the
/// connection is initialised, after the socket was handed its executor, so the choice is made for
/// each operation, from the connection's data.
#[derive(Clone)]
struct ByPrincipal {
    schema: JueceSchema,
    public: JueceSchema,
}

impl ByPrincipal {
    fn for_session(&self, data: Option<&Data>) -> &JueceSchema {
        let principal =
            data.and_then(|d| d.get(&std::any::TypeId::of::<Principal>())).and_then(|p| p.downcast_ref::<Principal>());
        match principal {
            Some(p) if *p != Principal::Anonymous => &self.schema,
            _ => &self.public,
        }
    }
}

impl async_graphql::Executor for ByPrincipal {
    fn execute(&self, request: Request) -> impl Future<Output = GqlResponse> + Send {
        // Only websocket operations come here, each with its connection's data.
        self.public.execute(request)
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<std::sync::Arc<Data>>,
    ) -> futures_util::stream::BoxStream<'static, GqlResponse> {
        let schema = self.for_session(session_data.as_deref()).clone();
        async_graphql::Executor::execute_stream(&schema, request, session_data)
    }
}

/// The media type the client will get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    Json,
    GraphqlResponse,
}

impl Media {
    fn content_type(self) -> HeaderValue {
        match self {
            Media::Json => HeaderValue::from_static("application/json; charset=utf-8"),
            Media::GraphqlResponse => HeaderValue::from_static("application/graphql-response+json; charset=utf-8"),
        }
    }
}

/// Picks the response type from `Accept`: the newer type when the client lists it, otherwise
/// plain JSON (also for `*/*` and a missing header, which legacy clients send); `None` when the
/// client accepts neither.
fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Media::Json);
    };
    let mut json = false;
    for part in accept.split(',') {
        let mut it = part.split(';');
        let media = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = it.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        if refused {
            continue;
        }
        match media.as_str() {
            GRAPHQL_RESPONSE_JSON => return Some(Media::GraphqlResponse),
            "application/json" | "application/*" | "*/*" => json = true,
            _ => {}
        }
    }
    json.then_some(Media::Json)
}

fn json_body(status: StatusCode, media: Media, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
    r
}

/// A request the server cannot even try to execute, with a bilingual message and a code.
fn reject(status: StatusCode, media: Media, zh: &str, en: &str) -> Response {
    let body = json!({
        "errors": [{
            "message": format!("{zh}（{en}）"),
            "extensions": { "code": CODE_BAD_USER_INPUT, "messageZh": zh, "messageEn": en }
        }]
    });
    json_body(status, media, &body)
}

/// Parse, validation, limit and variable errors stop a request before any field runs: async-graphql
/// reports them without a path and with no data at all. A field error always has a path.
fn is_request_error(resp: &GqlResponse) -> bool {
    !resp.errors.is_empty() && resp.data == async_graphql::Value::Null && resp.errors.iter().all(|e| e.path.is_empty())
}

fn respond(media: Media, resp: GqlResponse) -> Response {
    let resp = annotate_request_errors(resp);
    if is_request_error(&resp) {
        // The spec: with the newer media type, a request error is a 400 whose body has no `data`;
        // legacy JSON clients get 200 with only `errors`. A request over a limit is one the server
        // forbids, which the spec lets it refuse with a 4xx for either type.
        let status = if media == Media::GraphqlResponse || resp.errors.iter().any(is_limit_error) {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        let errors: &[ServerError] = &resp.errors;
        return json_body(status, media, &json!({ "errors": errors }));
    }
    // Serialised straight from the response, not through serde_json::Value, so that fields keep
    // the order the query asked for them in.
    match serde_json::to_string(&resp) {
        Ok(text) => {
            let mut r = (StatusCode::OK, text).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a GraphQL response");
            reject(StatusCode::INTERNAL_SERVER_ERROR, media, "服务器内部错误", "internal server error")
        }
    }
}

/// The parameters of a GraphQL request, checked for their JSON types.
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Value>,
}

fn params_from_json(v: Value) -> Result<Params, (&'static str, &'static str)> {
    let mut m = match v {
        Value::Object(m) => m,
        // Each request of a batch would run as one, past the rate limit that counts one.
        Value::Array(_) => {
            return Err((
                "请求体须为 JSON 对象：不接受批量请求（JSON 数组）",
                "the request body must be a JSON object: batched requests (JSON arrays) are not accepted",
            ));
        }
        _ => return Err(("请求体须为 JSON 对象", "the request body must be a JSON object")),
    };
    let query = match m.remove("query") {
        Some(Value::String(q)) => q,
        None | Some(Value::Null) => {
            return Err(("缺少 query 参数", "the query parameter is missing"));
        }
        Some(_) => {
            return Err(("query 参数须为字符串", "the query parameter must be a string"));
        }
    };
    let operation_name = match m.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            return Err(("operationName 参数须为字符串", "the operationName parameter must be a string"));
        }
    };
    let variables = match m.remove("variables") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(v),
        Some(_) => {
            return Err(("variables 参数须为 JSON 对象", "the variables parameter must be a JSON object"));
        }
    };
    match m.remove("extensions") {
        None | Some(Value::Null) | Some(Value::Object(_)) => {}
        Some(_) => {
            return Err(("extensions 参数须为 JSON 对象", "the extensions parameter must be a JSON object"));
        }
    }
    Ok(Params { query, operation_name, variables })
}

fn to_request(p: Params) -> Request {
    let mut r = Request::new(p.query);
    if let Some(op) = p.operation_name {
        r = r.operation_name(op);
    }
    if let Some(v) = p.variables {
        r = r.variables(Variables::from_json(v));
    }
    r
}

/// The type of the operation a request would run, if the document names one.
fn operation_type(doc: &ExecutableDocument, operation_name: Option<&str>) -> Option<OperationType> {
    match operation_name {
        Some(name) => {
            doc.operations.iter().find(|(n, _)| n.is_some_and(|n| n.as_str() == name)).map(|(_, op)| op.node.ty)
        }
        None => doc.operations.iter().next().map(|(_, op)| op.node.ty),
    }
}

/// `POST /graphql`.
pub async fn post(State(st): State<GraphqlState>, peer: Peer, headers: HeaderMap, body: Body) -> Response {
    let Some(media) = negotiate(&headers) else {
        return reject(
            StatusCode::NOT_ACCEPTABLE,
            Media::Json,
            "仅能以 application/json 或 application/graphql-response+json 应答",
            "the response can only be application/json or application/graphql-response+json",
        );
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset_ok = parts.all(|p| {
        let p = p.trim().to_ascii_lowercase();
        p.strip_prefix("charset=").is_none_or(|c| matches!(c.trim_matches('"'), "utf-8" | "utf8"))
    });
    if essence != "application/json" || !charset_ok {
        return reject(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "请求须为 Content-Type: application/json（UTF-8）",
            "the request must be Content-Type: application/json (UTF-8)",
        );
    }
    // Who asks, and whether the public's rate allows it, before the body is read: a refused
    // client costs no more than its headers.
    let (principal, token, schema) = match st.admit(&headers, &peer, media).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let too_large = || {
        reject(
            StatusCode::PAYLOAD_TOO_LARGE,
            media,
            &format!("请求体超过上限（{} 字节）", st.max_body_bytes),
            &format!("the request body exceeds the limit of {} bytes", st.max_body_bytes),
        )
    };
    // A declared length over the limit is refused without reading a byte of the body.
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body_bytes as u64) {
        return too_large();
    }
    // Otherwise the body is read up to the limit and no further.
    let bytes: Bytes = match axum::body::to_bytes(body, st.max_body_bytes).await {
        Ok(b) => b,
        Err(e) if is_length_limit(&e) => return too_large(),
        Err(_) => {
            return reject(StatusCode::BAD_REQUEST, media, "无法读取请求体", "the request body could not be read");
        }
    };
    if bytes.is_empty() {
        return reject(StatusCode::BAD_REQUEST, media, "缺少请求体", "the request body is missing");
    }
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        // serde_json stops at 128 levels of nesting rather than recurse further.
        Err(e) if e.to_string().contains("recursion limit exceeded") => {
            return reject(
                StatusCode::BAD_REQUEST,
                media,
                "请求体的 JSON 嵌套超过 128 层",
                "the request body nests JSON deeper than 128 levels",
            );
        }
        Err(_) => {
            return reject(
                StatusCode::BAD_REQUEST,
                media,
                "请求体不是有效的 JSON（UTF-8）",
                "the request body is not valid JSON (UTF-8)",
            );
        }
    };
    let params = match params_from_json(value) {
        Ok(p) => p,
        Err((zh, en)) => return reject(StatusCode::BAD_REQUEST, media, zh, en),
    };
    respond(media, schema.execute(with_identity(to_request(params), principal, token, &peer)).await)
}

/// Whether a query string percent-decodes to UTF-8. The form decoder behind `Query` replaces
/// invalid bytes with U+FFFD instead of refusing them.
fn decodes_to_utf8(query: &str) -> bool {
    let b = query.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escaped = match b.get(i..i + 3) {
            Some([b'%', h, l]) => (*h as char).to_digit(16).zip((*l as char).to_digit(16)),
            _ => None,
        };
        match escaped {
            Some((h, l)) => {
                // Two hex digits are at most 0xff.
                out.push(u8::try_from(h * 16 + l).unwrap_or(u8::MAX));
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&out).is_ok()
}

/// Whether reading a body failed because it passed the length limit (rather than because the
/// client went away).
fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// The query string of a GET request; `variables` and `extensions` are JSON texts.
#[derive(Debug, Deserialize)]
pub struct GetParams {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// `GET /graphql`: queries only; a mutation is 405, as the spec requires of GET.
pub async fn get(
    State(st): State<GraphqlState>,
    peer: Peer,
    headers: HeaderMap,
    uri: axum::http::Uri,
    params: Result<Query<GetParams>, QueryRejection>,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return reject(
            StatusCode::NOT_ACCEPTABLE,
            Media::Json,
            "仅能以 application/json 或 application/graphql-response+json 应答",
            "the response can only be application/json or application/graphql-response+json",
        );
    };
    // The query string is held to the body's limit: GET carries what POST carries. (A request
    // line over 64 KiB never gets here: the HTTP server refuses it itself, with an empty 414.)
    if uri.query().is_some_and(|q| q.len() > st.max_body_bytes) {
        return reject(
            StatusCode::URI_TOO_LONG,
            media,
            &format!("查询字符串超过上限（{} 字节），请改用 POST", st.max_body_bytes),
            &format!("the query string exceeds the limit of {} bytes; use POST", st.max_body_bytes),
        );
    }
    let (Ok(Query(p)), true) = (params, uri.query().is_none_or(decodes_to_utf8)) else {
        return reject(
            StatusCode::BAD_REQUEST,
            media,
            "查询字符串无效（须为 UTF-8 的 URL 编码）",
            "the query string is malformed (it must be URL-encoded UTF-8)",
        );
    };
    let Some(query) = p.query else {
        return reject(StatusCode::BAD_REQUEST, media, "缺少 query 参数", "the query parameter is missing");
    };
    let variables = match p.variables.as_deref().map(serde_json::from_str::<Value>) {
        None => None,
        Some(Ok(Value::Null)) => None,
        Some(Ok(v @ Value::Object(_))) => Some(v),
        Some(_) => {
            return reject(
                StatusCode::BAD_REQUEST,
                media,
                "variables 参数须为 JSON 对象",
                "the variables parameter must be a JSON object",
            );
        }
    };
    if let Some(ext) = p.extensions.as_deref()
        && !matches!(serde_json::from_str::<Value>(ext), Ok(Value::Object(_) | Value::Null))
    {
        return reject(
            StatusCode::BAD_REQUEST,
            media,
            "extensions 参数须为 JSON 对象",
            "the extensions parameter must be a JSON object",
        );
    }
    let (principal, token, schema) = match st.admit(&headers, &peer, media).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    // The document is parsed here to find its operation's type, and the request reuses it. A text
    // over the token limit is not parsed at all: the schema refuses it before parsing.
    let doc = juece_graphql::check_text(&query, st.document_limits.max_tokens)
        .ok()
        .and_then(|()| async_graphql::parser::parse_query(&query).ok());
    let ty = doc.as_ref().and_then(|d| operation_type(d, p.operation_name.as_deref()));
    if ty == Some(OperationType::Mutation) {
        let mut r = reject(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            "GET 请求不能执行变更操作，请使用 POST",
            "mutations cannot be sent with GET; use POST",
        );
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let params = Params { query, operation_name: p.operation_name, variables };
    let mut request = to_request(params);
    if let Some(doc) = doc {
        request.set_parsed_query(doc);
    }
    respond(media, schema.execute(with_identity(request, principal, token, &peer)).await)
}

/// Any other method on /graphql.
pub async fn other_method(method: Method) -> Response {
    let mut r = reject(
        StatusCode::METHOD_NOT_ALLOWED,
        Media::Json,
        &format!("/graphql 不支持 {method} 方法"),
        &format!("/graphql does not support {method}"),
    );
    r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    r
}
