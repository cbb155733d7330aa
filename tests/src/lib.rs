//! juece-tests: the harness the integration tests share: a fresh database per test (a SQLite temp
//! file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set, dropped afterwards), always
//! through the real migrations, and helpers to run GraphQL against it.

use async_graphql::{Request, Variables};
use chrono::{TimeZone, Utc};
use juece_core::authz::{Principal, Role};
use juece_engine::{Engine, ManualClock, NewUser, Store, StoreConfig};
use juece_graphql::BearerToken;
use juece_graphql::{JueceSchema, Limits, build_schema};
use juece_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;
use std::sync::Arc;

/// The backend a test database runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of one test's own.
pub struct TestDb {
    pub store: Store,
    pub backend: Backend,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

/// The URL of database `name` on the server `url` points at.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl TestDb {
    /// A fresh, migrated database. With `TEST_DATABASE_URL` set it is PostgreSQL, and a server that
    /// cannot be reached fails the test: it never falls back to SQLite silently.
    pub async fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL").ok().filter(|s| !s.is_empty()) {
            Some(admin_url) => {
                let name = format!("juece_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("TEST_DATABASE_URL is set but PostgreSQL cannot be reached");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let store = Store::connect(&StoreConfig::new(with_database(&admin_url, &name)))
                    .await
                    .expect("connect test database");
                Migrator::up(store.db(), None).await.expect("migrations run on PostgreSQL");
                TestDb { store, backend: Backend::Postgres, pg: Some((admin_url, name)), _dir: None }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("juece.db").display());
                let store = Store::connect(&StoreConfig::new(url)).await.expect("open SQLite test database");
                Migrator::up(store.db(), None).await.expect("migrations run on SQLite");
                TestDb { store, backend: Backend::Sqlite, pg: None, _dir: Some(dir) }
            }
        }
    }

    /// An engine over this database, with a clock fixed at 2026-11-22 10:00 UTC and the test
    /// deployment's signing key ([`test_signing_key`]).
    pub fn engine(&self) -> (Engine, Arc<ManualClock>) {
        let clock =
            Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).single().expect("valid time")));
        (Engine::new(self.store.clone(), clock.clone()).with_signing_key(test_signing_key()), clock)
    }

    /// Runs raw SQL (tests that tamper with the database behind the engine's back).
    pub async fn exec(&self, sql: &str) {
        let db = self.store.db();
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.expect("raw SQL");
    }
}

/// The fixed Ed25519 key of the test deployment (a seed of 32 bytes 0x2a).
pub fn test_signing_key() -> juece_core::audit::AuditSigningKey {
    juece_core::audit::signing_key(&[0x2a; 32])
}

impl TestDb {
    /// Runs a query returning one integer (`SELECT COUNT(*) …`), behind the engine's back.
    pub async fn count(&self, sql: &str) -> i64 {
        let db = self.store.db();
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
            .await
            .expect("raw SQL")
            .expect("one row");
        row.try_get_by_index::<i64>(0).expect("an integer")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        // Drop cannot await, and the test's runtime may be shutting down: drop the database from a
        // thread with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            rt.block_on(async move {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_raw(Statement::from_string(
                            admin.get_database_backend(),
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                        ))
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

/// A test's world: database, engine, clock and schema. Operations run as juece itself unless a
/// test names a principal, so that tests of the procedure are not tests of authorization.
pub struct World {
    pub db: TestDb,
    pub engine: Engine,
    pub clock: Arc<ManualClock>,
    pub schema: JueceSchema,
    users: std::sync::atomic::AtomicUsize,
}

/// A user created for a test, with the principal it authenticates as and its bearer token.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub username: String,
    pub principal: Principal,
    pub token: String,
}

impl World {
    pub async fn new() -> World {
        let db = TestDb::new().await;
        let (engine, clock) = db.engine();
        let schema = build_schema(engine.clone(), Limits::default());
        World { db, engine, clock, schema, users: std::sync::atomic::AtomicUsize::new(0) }
    }

    /// A world with the seed data loaded.
    pub async fn seeded() -> World {
        let w = World::new().await;
        juece_seeds::load_catalogues(&w.engine).await.expect("seed data loads");
        w
    }

    /// Runs a GraphQL operation as juece itself and returns the whole response as JSON.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_as(&Principal::system("test"), None, query, variables).await
    }

    /// Runs a GraphQL operation as `principal` (with the bearer token it was authenticated by).
    pub async fn gql_as(&self, principal: &Principal, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = Request::new(query).variables(Variables::from_json(variables)).data(principal.clone());
        if let Some(t) = token {
            req = req.data(BearerToken(t.to_owned()));
        }
        let resp = self.schema.execute(req).await;
        serde_json::to_value(juece_graphql::annotate_request_errors(resp)).expect("response serialises")
    }

    /// Runs an operation as a test user; it must succeed.
    pub async fn ok_as(&self, u: &TestUser, query: &str, variables: Value) -> Value {
        let v = self.gql_as(&u.principal, Some(&u.token), query, variables).await;
        assert!(v.get("errors").is_none(), "unexpected errors for {}: {v:#}", u.username);
        v["data"].clone()
    }

    /// Runs an operation as a test user; it must fail. Returns the first error.
    pub async fn err_as(&self, u: &TestUser, query: &str, variables: Value) -> Value {
        let v = self.gql_as(&u.principal, Some(&u.token), query, variables).await;
        v["errors"][0].clone()
    }

    /// Creates a user of `government` (in `department`, if given) holding `roles`.
    pub async fn user(&self, government: &str, department: Option<&str>, roles: &[Role]) -> TestUser {
        self.user_with_password(government, department, roles, None).await
    }

    pub async fn user_with_password(
        &self,
        government: &str,
        department: Option<&str>,
        roles: &[Role],
        password: Option<&str>,
    ) -> TestUser {
        let n = self.users.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let role = roles.first().map_or("none", |r| r.as_str()).to_ascii_lowercase();
        let username = format!("t{n}-{government}-{role}").replace('_', "-");
        let (_, token) = self
            .engine
            .create_user(
                &Principal::system("test"),
                NewUser {
                    username: username.clone(),
                    display_name: format!("测试用户{n}"),
                    government_code: government.to_owned(),
                    department: department.map(str::to_owned),
                    roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
                    password: password.map(str::to_owned),
                },
            )
            .await
            .expect("test user created");
        let principal = self.engine.authenticate(&token).await.expect("fresh token authenticates");
        TestUser { username, principal, token }
    }

    /// Runs an operation that must succeed and returns its `data`.
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        let v = self.gql(query, variables).await;
        assert!(v.get("errors").is_none(), "unexpected errors: {v:#}");
        v["data"].clone()
    }

    /// Runs an operation that must fail and returns its first error.
    pub async fn err(&self, query: &str, variables: Value) -> Value {
        let v = self.gql(query, variables).await;
        v["errors"][0].clone()
    }
}

/// The code of an error returned by [`World::err`].
pub fn code(err: &Value) -> &str {
    err["extensions"]["code"].as_str().unwrap_or("<no code>")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "x"), "postgres://u:p@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://h:5432", "x"), "postgres://h:5432/x");
    }
}
