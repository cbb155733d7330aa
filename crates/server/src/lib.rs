//! juece-server: the `juece` binary's library: configuration, start-up (connect, migrate, seed),
//! the axum routes, and graceful shutdown.
//!
//! `run(engine, options, listener, shutdown)` takes its socket and its shutdown signal, so tests
//! start a real server on port 0 and stop it when they are done.

pub mod bench;
pub mod config;
pub mod graphiql;
pub mod http;
pub mod keys;
pub mod portal;
pub mod scheduler;

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use juece_engine::{Engine, Store, StoreConfig, SystemClock};
use juece_graphql::{DocumentLimits, JueceSchema, Limits, build_schema};
use juece_migrations::{Migrator, MigratorTrait};
use serde_json::json;
use std::future::Future;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub use config::{Cli, Command, DbArgs, LogFormat, ServeArgs, UserAddArgs, UserCommand};

/// Sets up logging. `RUST_LOG` overrides the default level.
pub fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Connects to the database the arguments name; says whether it is the embedded default.
pub async fn connect(db: &DbArgs) -> anyhow::Result<(Store, bool)> {
    let (url, embedded) =
        db.resolve().with_context(|| format!("cannot create data directory {}", db.data_dir.display()))?;
    let mut cfg = StoreConfig::new(url);
    cfg.max_connections = db.db_max_connections.max(2);
    cfg.busy_timeout = Duration::from_millis(db.db_busy_timeout_ms);
    let store = Store::connect(&cfg).await.context("cannot connect to the database")?;
    Ok((store, embedded))
}

/// Applies pending migrations; returns how many ran.
pub async fn migrate(store: &Store) -> anyhow::Result<usize> {
    let pending = Migrator::get_pending_migrations(store.db()).await.context("cannot read migration state")?.len();
    Migrator::up(store.db(), None).await.context("migration failed")?;
    Ok(pending)
}

/// Whether the schema is fully migrated.
pub async fn migrations_applied(store: &Store) -> bool {
    matches!(Migrator::get_pending_migrations(store.db()).await, Ok(p) if p.is_empty())
}

/// Connects, migrates and loads the signing key, without seeding: what the audit and archive
/// commands work on.
pub async fn open(db: &DbArgs) -> anyhow::Result<Engine> {
    let (store, _) = connect(db).await?;
    migrate(&store).await?;
    let key = keys::load_or_create(&db.signing_key_path())?;
    Ok(Engine::new(store, Arc::new(SystemClock)).with_signing_key(key))
}

/// Signs an audit checkpoint every `interval_secs` (the first right away) when some record changed
/// since the last one. With several processes on one database, one of them wins each number and
/// the others' conflicts are expected.
fn spawn_checkpoints(engine: Engine, interval_secs: u64) -> Option<tokio::task::JoinHandle<()>> {
    if interval_secs == 0 {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(interval_secs));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let system = juece_core::authz::Principal::system("checkpoint");
        loop {
            tick.tick().await;
            match engine.sign_checkpoint(&system, true).await {
                Ok(_) | Err(juece_engine::EngineError::Conflict { .. }) => {}
                Err(e) => tracing::error!("periodic audit checkpoint failed: {e}"),
            }
        }
    }))
}

/// Connects, migrates, and (on an empty embedded database) seeds: what `juece serve` does before
/// it listens.
pub async fn prepare(db: &DbArgs) -> anyhow::Result<Engine> {
    let (store, embedded) = connect(db).await?;
    let ran = migrate(&store).await?;
    if ran > 0 {
        tracing::info!(migrations = ran, "database migrated");
    }
    let key = keys::load_or_create(&db.signing_key_path())?;
    let engine = Engine::new(store, Arc::new(SystemClock)).with_signing_key(key);
    if embedded && engine.governments().await.map_err(|e| anyhow::anyhow!(e.to_string()))?.is_empty() {
        let report = juece_seeds::load(&engine).await.context("seeding the embedded database failed")?;
        tracing::info!(
            governments = report.governments_created,
            departments = report.departments_created,
            catalogues = report.catalogues_created,
            items = report.items_created,
            "empty embedded database: seeded it with the 2022 catalogue of 市中区 and the gazettes' departments"
        );
        let users = juece_seeds::load_demo_users(&engine).await.context("creating the demo users failed")?;
        if !users.is_empty() {
            let data_dir = db.data_dir.display();
            tracing::info!(
                users = %users.join(", "),
                "demo users created for 市中区 (370103), one per role; print a token for one with \
                 `juece user token <username> --data-dir {data_dir}` and send it as `Authorization: Bearer <token>` \
                 (in GraphiQL: the Headers tab)"
            );
        }
    }
    Ok(engine)
}

#[derive(Clone)]
struct AppState {
    engine: Engine,
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers and every migration has run.
async fn readyz(State(st): State<AppState>) -> Response {
    let db = st.engine.store().ping().await.is_ok();
    let migrated = db && migrations_applied(st.engine.store()).await;
    let status = if db && migrated { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(json!({ "database": db, "migrations": migrated }))).into_response()
}

/// The document limits of the configuration, the same for the public and for users.
fn document_limits(serve: &ServeArgs) -> DocumentLimits {
    DocumentLimits {
        max_tokens: serve.max_query_tokens,
        max_fields: serve.max_query_fields,
        max_directives: serve.max_query_directives,
        max_definitions: serve.max_query_definitions,
    }
}

/// The schema a server over `engine` exposes.
pub fn schema(engine: Engine, serve: &ServeArgs) -> JueceSchema {
    let limits = Limits {
        max_depth: serve.max_query_depth,
        max_complexity: serve.max_query_complexity,
        document: document_limits(serve),
    };
    build_schema(engine, limits)
}

/// All routes.
pub fn app(engine: Engine, serve: &ServeArgs) -> Router {
    let engine = engine.with_comment_limits(
        NonZeroU32::new(serve.comments_per_minute)
            .map(|n| juece_engine::comments::CommentLimits { per_minute: n, burst: n }),
    );
    let schema = schema(engine.clone(), serve);
    let public_schema = build_schema(
        engine.clone(),
        Limits {
            max_depth: serve.public_max_query_depth,
            max_complexity: serve.public_max_query_complexity,
            document: document_limits(serve),
        },
    );
    let public_limiter = NonZeroU32::new(serve.public_requests_per_minute)
        .map(|n| std::sync::Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(n).allow_burst(n))));
    let gql = http::GraphqlState {
        schema,
        public_schema,
        engine: engine.clone(),
        max_body_bytes: serve.max_body_bytes,
        document_limits: document_limits(serve),
        public_limiter,
    };
    let graphql_routes = Router::new()
        .route("/graphql", get(http::get).post(http::post).fallback(http::other_method))
        .route("/graphql/ws", get(http::websocket))
        .with_state(gql);
    Router::new()
        // Browsers ask for it on every page; an empty answer keeps their consoles and our logs clean.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/graphiql", get(graphiql::page))
        .route("/graphiql/", get(graphiql::page))
        .route("/graphiql/assets/{file}", get(graphiql::asset))
        // The public portal: `/`, the catalogue and item pages, the comment form and receipts, the
        // feeds and downloads, and the 404 page.
        .merge(portal::routes())
        .with_state(AppState { engine })
        .merge(graphql_routes)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http())
}

/// A panic is a bug of ours: log it under an incident id and answer like any internal error,
/// without the panic's text.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic");
    let incident = uuid::Uuid::new_v4();
    tracing::error!(%incident, detail, "request handler panicked");
    let zh = format!("服务器内部错误，已记录（事件号 {incident}）");
    let en = format!("internal server error, logged as incident {incident}");
    let body = json!({ "errors": [{
        "message": format!("{zh}（{en}）"),
        "extensions": { "code": "INTERNAL", "incident": incident.to_string(), "messageZh": zh, "messageEn": en }
    }] });
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
}

/// Serves until `shutdown` resolves, then lets requests in flight finish (up to the grace period).
pub async fn run(
    engine: Engine,
    serve: ServeArgs,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let grace = Duration::from_secs(serve.shutdown_grace_secs);
    let checkpoints = spawn_checkpoints(engine.clone(), serve.checkpoint_interval_secs);
    let timers = (serve.timer_interval_ms > 0)
        .then(|| scheduler::Scheduler::spawn(engine.clone(), Duration::from_millis(serve.timer_interval_ms)));
    let app = app(engine, &serve);
    tracing::info!(%addr, "juece listening: GraphiQL at http://{addr}/graphiql");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = tx.send(());
        });
    let server = tokio::spawn(async move { server.await });
    // Open websocket subscriptions never end by themselves; after the grace period they are cut.
    let mut server = server;
    let served: anyhow::Result<()> = tokio::select! {
        res = &mut server => match res {
            Ok(r) => r.map_err(anyhow::Error::from),
            Err(e) => Err(e.into()),
        },
        _ = async { let _ = rx.await; tokio::time::sleep(grace).await } => {
            tracing::warn!("grace period over; closing remaining connections");
            server.abort();
            Ok(())
        }
    };
    // The background tasks stop whether the server ended cleanly or not.
    if let Some(c) = checkpoints {
        c.abort();
    }
    if let Some(t) = timers {
        t.stop(grace).await;
    }
    served
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
