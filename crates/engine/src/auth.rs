//! Identities: users, bearer and session tokens, password login with lockout, and turning a
//! presented token into the [`Principal`] every command and query is checked against.
//!
//! Tokens are 256 random bits shown once and stored only as SHA-256 hashes; a token is looked up
//! by its hash, so the stored value is useless to someone who reads the database. Passwords are
//! argon2 hashes, verified off the async threads because verification is deliberately slow.

use crate::commands::gov_code;
use crate::error::EngineError;
use crate::persist::Batch;
use crate::{Engine, GovernmentRow};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use juece_core::authz::{Operation, Principal, Role, Target, UserPrincipal};
use juece_core::{DomainEvent, GovernmentCode, InputError};
use juece_store::entity::token;
use juece_store::repo::{db_time, departments, governments, users};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use juece_store::entity::user::Model as UserRow;

/// Login and session policy.
#[derive(Debug, Clone, Copy)]
pub struct AuthPolicy {
    /// How long a session token from `login` lives.
    pub session_ttl: Duration,
    /// Consecutive failed logins that lock an account.
    pub max_failed_logins: i32,
    /// How long a locked account stays locked.
    pub lockout: Duration,
    /// Failed logins one client address may make per window before it is refused outright,
    /// whatever usernames it tries (password spraying across accounts).
    pub max_failed_logins_per_client: u32,
    /// The window for `max_failed_logins_per_client`.
    pub client_window: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        AuthPolicy {
            session_ttl: Duration::hours(12),
            max_failed_logins: 5,
            lockout: Duration::minutes(15),
            max_failed_logins_per_client: 20,
            client_window: Duration::minutes(1),
        }
    }
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub government_code: String,
    /// The department's name as the decision organ's department list spells it; `None` for users
    /// of the government itself (the head, meeting members, experts).
    pub department: Option<String>,
    pub roles: Vec<String>,
    pub password: Option<String>,
}

/// Failed logins per client address, in fixed windows. In memory: a restart forgets it, which
/// only resets a one-minute window; the per-account lockout is in the database.
#[derive(Debug, Default)]
pub(crate) struct ClientLimiter {
    // A std Mutex: held only to read or bump a counter, never across an await.
    windows: std::sync::Mutex<std::collections::HashMap<String, (DateTime<Utc>, u32)>>,
}

impl ClientLimiter {
    /// Whether `client` is over its limit at `now`; if so, until when.
    fn blocked(&self, client: &str, now: DateTime<Utc>, policy: &AuthPolicy) -> Option<DateTime<Utc>> {
        let map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        map.get(client)
            .filter(|(start, n)| now < *start + policy.client_window && *n >= policy.max_failed_logins_per_client)
            .map(|(start, _)| *start + policy.client_window)
    }

    fn record_failure(&self, client: &str, now: DateTime<Utc>, policy: &AuthPolicy) {
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        // Bound the memory an attacker with many addresses can make us hold.
        if map.len() > 10_000 {
            map.retain(|_, (start, _)| now < *start + policy.client_window);
        }
        let entry = map.entry(client.to_owned()).or_insert((now, 0));
        if now >= entry.0 + policy.client_window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

/// A session from a successful login.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserRow,
}

const TOKEN_PREFIX: &str = "jc_";
/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 12;

fn new_token() -> Result<String, EngineError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| EngineError::Internal(format!("no randomness: {e}")))?;
    Ok(format!("{TOKEN_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

/// Creates a bearer token (no expiry) for a user and returns it; only its hash is stored.
async fn insert_api_token(
    c: &impl juece_store::ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<String, EngineError> {
    let token = new_token()?;
    users::insert_token(
        c,
        token::Model {
            id: Uuid::now_v7(),
            user_id,
            token_hash: token_hash(&token),
            kind: "API".into(),
            expires_at: None,
            revoked_at: None,
            created_at: now,
        },
    )
    .await?;
    Ok(token)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn unauthenticated(zh: &str, en: &str) -> EngineError {
    EngineError::Unauthenticated { zh: zh.to_owned(), en: en.to_owned() }
}

fn parse_username(s: &str) -> Result<String, InputError> {
    let u = s.trim().to_ascii_lowercase();
    let ok = (3..=64).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(InputError::new(
            "username",
            "用户名为3至64位小写字母、数字或 . _ -",
            "a username has 3 to 64 lowercase letters, digits, '.', '_' or '-'",
        ))
    }
}

fn parse_roles(roles: &[String]) -> Result<Vec<Role>, InputError> {
    let mut out = Vec::new();
    for r in roles {
        let role = Role::parse(r.trim())
            .ok_or_else(|| InputError::new("roles", format!("未知角色“{r}”"), format!("unknown role \"{r}\"")))?;
        if !out.contains(&role) {
            out.push(role);
        }
    }
    if out.is_empty() {
        return Err(InputError::new("roles", "至少需要一个角色", "a user needs at least one role"));
    }
    Ok(out)
}

async fn hash_password(password: String) -> Result<String, EngineError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| EngineError::Internal(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| EngineError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
    .map_err(|e| EngineError::Internal(format!("password hashing failed: {e}")))
}

/// Verifies a password against a PHC string; a missing hash is verified against a fixed one so
/// that an unknown user takes as long as a wrong password.
async fn verify_password(password: String, hash: Option<String>) -> bool {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cYlOdD7ECbvs8iYIGB0ejIg9nzFrGSRbY4l0gErHps";
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DUMMY.to_owned());
    tokio::task::spawn_blocking(move || {
        let ok =
            PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
        ok && known
    })
    .await
    .unwrap_or(false)
}

fn roles_of(u: &UserRow) -> Result<Vec<Role>, EngineError> {
    let names: Vec<String> = serde_json::from_value(u.roles.clone())
        .map_err(|_| EngineError::Internal(format!("user {} has corrupt roles", u.id)))?;
    names
        .iter()
        .map(|n| Role::parse(n).ok_or_else(|| EngineError::Internal(format!("user {} has unknown role {n}", u.id))))
        .collect()
}

impl Engine {
    fn principal_of(&self, u: &UserRow, gov: &GovernmentRow) -> Result<Principal, EngineError> {
        Ok(Principal::User(UserPrincipal {
            user_id: u.id,
            username: u.username.clone(),
            name: u.display_name.clone(),
            government: gov_code(gov)?,
            government_id: gov.id,
            department_id: u.department_id,
            roles: roles_of(u)?,
        }))
    }

    /// Creates a user and a bearer token for it, shown only in the return value. Only an ADMIN of
    /// the same decision organ may (or juece itself, for `juece user add` on the server's machine).
    pub async fn create_user(&self, principal: &Principal, new: NewUser) -> Result<(UserRow, String), EngineError> {
        let code = GovernmentCode::parse(&new.government_code)?;
        let actor = self.authorize(principal, Operation::ManageUsers, Target { government: &code, sponsors: &[] })?;
        let username = parse_username(&new.username)?;
        let roles = parse_roles(&new.roles)?;
        let display_name = new.display_name.trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > 100 {
            return Err(InputError::new(
                "name",
                "姓名不能为空且不超过100字",
                "a name is required and has at most 100 characters",
            )
            .into());
        }
        let password_hash = match new.password {
            Some(p) if p.chars().count() < MIN_PASSWORD_CHARS => {
                return Err(InputError::new(
                    "password",
                    format!("密码至少{MIN_PASSWORD_CHARS}个字符"),
                    format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
                )
                .into());
            }
            Some(p) => Some(hash_password(p).await?),
            None => None,
        };
        let now = db_time(self.clock.now());
        let tx = self.store.begin_write().await?;
        let gov = governments::by_code(&tx, code.as_str()).await?.ok_or_else(|| {
            EngineError::not_found(
                format!("未找到行政区划代码为 {code} 的决策机关"),
                format!("no decision organ with code {code}"),
            )
        })?;
        let department_id = match new.department.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(name) => Some(
                departments::by_name(&tx, gov.id, name)
                    .await?
                    .ok_or_else(|| {
                        EngineError::not_found(
                            format!("{}没有名为“{name}”的单位", gov.name),
                            format!("{} has no unit named {name}", gov.code),
                        )
                    })?
                    .id,
            ),
            None => None,
        };
        if users::by_username(&tx, &username).await?.is_some() {
            return Err(EngineError::Conflict {
                zh: format!("用户名“{username}”已被使用"),
                en: format!("the username {username} is taken"),
            });
        }
        let row = users::insert(
            &tx,
            UserRow {
                id: Uuid::now_v7(),
                government_id: gov.id,
                department_id,
                username: username.clone(),
                display_name,
                roles: serde_json::json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()),
                password_hash,
                revoked_at: None,
                failed_logins: 0,
                locked_until: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        let token = insert_api_token(&tx, row.id, now).await?;
        let mut batch = Batch::new(now, actor, gov.id, gov.code.clone(), 0);
        batch.versions.insert(row.id, row.version);
        let ev = DomainEvent::UserCreated {
            user_id: row.id,
            username,
            government_code: code,
            department_id,
            roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
        };
        batch.apply(&tx, &ev).await?;
        let out = batch.append(&tx).await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok((row, token))
    }

    /// Issues a new bearer token for an existing user (`juece user token`, on the server's machine).
    pub async fn issue_token(&self, principal: &Principal, username: &str) -> Result<String, EngineError> {
        let username = parse_username(username)?;
        let u = users::by_username(self.store.db(), &username)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("没有用户“{username}”"), format!("no user {username}")))?;
        let gov = governments::by_id(self.store.db(), u.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal("user without government".into()))?;
        self.authorize(principal, Operation::ManageUsers, Target { government: &gov_code(&gov)?, sponsors: &[] })?;
        if u.revoked_at.is_some() {
            return Err(EngineError::Conflict {
                zh: "该用户已被停用".into(), en: "the user has been revoked".into()
            });
        }
        insert_api_token(self.store.db(), u.id, db_time(self.clock.now())).await
    }

    /// The principal a presented bearer token stands for. Checked on every request, so a revoked
    /// user or token, or an expired session, is refused at once.
    pub async fn authenticate(&self, token: &str) -> Result<Principal, EngineError> {
        let invalid =
            || unauthenticated("登录凭据无效、已过期或已被撤销", "the credentials are invalid, expired or revoked");
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
            return Err(invalid());
        }
        let db = self.store.db();
        let t = users::token_by_hash(db, &token_hash(token)).await?.ok_or_else(invalid)?;
        let now = self.clock.now();
        if t.revoked_at.is_some() || t.expires_at.is_some_and(|e| e <= now) {
            return Err(invalid());
        }
        let u = users::by_id(db, t.user_id).await?.ok_or_else(invalid)?;
        if u.revoked_at.is_some() {
            return Err(invalid());
        }
        let gov = governments::by_id(db, u.government_id).await?.ok_or_else(invalid)?;
        self.principal_of(&u, &gov)
    }

    /// Logs in with a password. After `max_failed_logins` consecutive failures the account is
    /// locked for the lockout period, during which even the right password is refused.
    ///
    /// `client` identifies where the attempt comes from (the peer address); failures from one
    /// client are limited per window across all usernames.
    pub async fn login(&self, username: &str, password: &str, client: Option<&str>) -> Result<Session, EngineError> {
        let wrong = || unauthenticated("用户名或密码错误", "wrong username or password");
        let username = username.trim().to_ascii_lowercase();
        let db = self.store.db();
        let now = db_time(self.clock.now());
        let policy = self.auth_policy;
        if let Some(until) = client.and_then(|c| self.login_limiter.blocked(c, now, &policy)) {
            tracing::warn!(client = ?client, "login refused: too many failures from this client");
            return Err(EngineError::Unauthenticated {
                zh: format!("该地址登录失败次数过多，请于 {} 后再试", until.format("%H:%M:%S UTC")),
                en: format!(
                    "too many failed logins from this address; try again after {}",
                    until.format("%H:%M:%S UTC")
                ),
            });
        }
        let fail = |this: &Self| {
            if let Some(c) = client {
                this.login_limiter.record_failure(c, now, &policy);
            }
        };
        let found = users::by_username(db, &username).await?;
        if let Some(u) = &found
            && let Some(until) = u.locked_until.filter(|t| *t > now)
        {
            tracing::warn!(username = %username, "login refused: account locked");
            fail(self);
            return Err(EngineError::Unauthenticated {
                zh: format!("连续登录失败次数过多，账号锁定至 {}", until.format("%Y-%m-%d %H:%M UTC")),
                en: format!(
                    "too many failed logins; the account is locked until {}",
                    until.format("%Y-%m-%d %H:%M UTC")
                ),
            });
        }
        let hash = found.as_ref().filter(|u| u.revoked_at.is_none()).and_then(|u| u.password_hash.clone());
        let ok = verify_password(password.to_owned(), hash).await;
        let Some(u) = found else {
            tracing::warn!(username = %username, "login failed: unknown user");
            fail(self);
            return Err(wrong());
        };
        // Record the outcome; a concurrent login may have moved the row on, so re-read and retry.
        let mut current = u;
        for _ in 0..5 {
            let update = if ok {
                users::UserUpdate { failed_logins: Some(0), locked_until: Some(None), ..Default::default() }
            } else {
                let failures = current.failed_logins + 1;
                if failures >= policy.max_failed_logins {
                    users::UserUpdate {
                        failed_logins: Some(0),
                        locked_until: Some(Some(now + policy.lockout)),
                        ..Default::default()
                    }
                } else {
                    users::UserUpdate { failed_logins: Some(failures), ..Default::default() }
                }
            };
            match users::update_versioned(db, current.id, current.version, update, now).await {
                Ok(_) => break,
                Err(e) if e.is_conflict() => {
                    current = users::by_id(db, current.id).await?.ok_or_else(wrong)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        if !ok {
            tracing::warn!(username = %username, "login failed: wrong password");
            fail(self);
            return Err(wrong());
        }
        let token = new_token()?;
        let expires_at = now + policy.session_ttl;
        users::insert_token(
            db,
            token::Model {
                id: Uuid::now_v7(),
                user_id: current.id,
                token_hash: token_hash(&token),
                kind: "SESSION".into(),
                expires_at: Some(expires_at),
                revoked_at: None,
                created_at: now,
            },
        )
        .await?;
        let user = users::by_id(db, current.id).await?.ok_or_else(wrong)?;
        Ok(Session { token, expires_at, user })
    }

    /// Revokes the token presented; it is refused from the next request on.
    pub async fn logout(&self, token: &str) -> Result<bool, EngineError> {
        let now = db_time(self.clock.now());
        Ok(users::revoke_token(self.store.db(), &token_hash(token), now).await? > 0)
    }

    /// Revokes a user: every token of theirs is refused from the next request on.
    pub async fn revoke_user(&self, principal: &Principal, user_id: Uuid) -> Result<UserRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let u = users::by_id(&tx, user_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到用户 {user_id}"), format!("no user {user_id}")))?;
        let gov = self.government_row(&tx, u.government_id).await?;
        let actor =
            self.authorize(principal, Operation::ManageUsers, Target { government: &gov_code(&gov)?, sponsors: &[] })?;
        if u.revoked_at.is_some() {
            return Ok(u);
        }
        let now = db_time(self.clock.now());
        let row = users::update_versioned(
            &tx,
            u.id,
            u.version,
            users::UserUpdate { revoked_at: Some(now), ..Default::default() },
            now,
        )
        .await?;
        let mut batch = Batch::new(now, actor, gov.id, gov.code.clone(), 0);
        batch.versions.insert(row.id, row.version);
        batch.apply(&tx, &DomainEvent::UserRevoked { user_id: row.id }).await?;
        let out = batch.append(&tx).await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(row)
    }

    pub async fn user_by_id(&self, id: Uuid) -> Result<Option<UserRow>, EngineError> {
        Ok(users::by_id(self.store.db(), id).await?)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRow>, EngineError> {
        Ok(users::by_username(self.store.db(), &username.trim().to_ascii_lowercase()).await?)
    }

    /// The roles a user row holds.
    pub fn user_roles(&self, u: &UserRow) -> Result<Vec<Role>, EngineError> {
        roles_of(u)
    }

    async fn government_row(
        &self,
        c: &impl juece_store::ConnectionTrait,
        id: Uuid,
    ) -> Result<GovernmentRow, EngineError> {
        governments::by_id(c, id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("government {id} referenced but missing")))
    }
}
