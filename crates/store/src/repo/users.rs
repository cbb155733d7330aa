//! Users and their tokens.

use crate::entity::token::{self, Entity as Tokens};
use crate::entity::user::{ActiveModel, Column, Entity, Model};
use crate::error::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn by_id(c: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(c).await?)
}

pub async fn by_username(c: &impl ConnectionTrait, username: &str) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find().filter(Column::Username.eq(username)).one(c).await?)
}

pub async fn by_government(c: &impl ConnectionTrait, government_id: Uuid) -> Result<Vec<Model>, StoreError> {
    Ok(Entity::find().filter(Column::GovernmentId.eq(government_id)).order_by_asc(Column::Username).all(c).await?)
}

pub async fn insert(c: &impl ConnectionTrait, m: Model) -> Result<Model, StoreError> {
    let am = ActiveModel {
        id: Set(m.id),
        government_id: Set(m.government_id),
        department_id: Set(m.department_id),
        username: Set(m.username),
        display_name: Set(m.display_name),
        roles: Set(m.roles),
        password_hash: Set(m.password_hash),
        revoked_at: Set(m.revoked_at),
        failed_logins: Set(m.failed_logins),
        locked_until: Set(m.locked_until),
        version: Set(m.version),
        created_at: Set(m.created_at),
        updated_at: Set(m.updated_at),
    };
    Entity::insert(am).exec_with_returning(c).await.map_err(|e| match StoreError::from(e) {
        StoreError::Conflict { constraint, .. } => StoreError::Conflict { entity: "user", constraint },
        other => other,
    })
}

/// The login bookkeeping and revocation a user update may change.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub failed_logins: Option<i32>,
    pub locked_until: Option<Option<DateTime<Utc>>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub password_hash: Option<String>,
}

/// Applies `update` if the user is still at `expected_version`.
pub async fn update_versioned(
    c: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    update: UserUpdate,
    now: DateTime<Utc>,
) -> Result<Model, StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if let Some(v) = update.failed_logins {
        q = q.col_expr(Column::FailedLogins, Expr::value(v));
    }
    if let Some(v) = update.locked_until {
        q = q.col_expr(Column::LockedUntil, Expr::value(v));
    }
    if let Some(v) = update.revoked_at {
        q = q.col_expr(Column::RevokedAt, Expr::value(v));
    }
    if let Some(v) = update.password_hash {
        q = q.col_expr(Column::PasswordHash, Expr::value(v));
    }
    let rows = q.filter(Column::Id.eq(id)).filter(Column::Version.eq(expected_version)).exec_with_returning(c).await?;
    super::updated_or_conflict(rows, "user", || async { Ok(by_id(c, id).await?.is_some()) }).await
}

pub async fn insert_token(c: &impl ConnectionTrait, m: token::Model) -> Result<(), StoreError> {
    let am = token::ActiveModel {
        id: Set(m.id),
        user_id: Set(m.user_id),
        token_hash: Set(m.token_hash),
        kind: Set(m.kind),
        expires_at: Set(m.expires_at),
        revoked_at: Set(m.revoked_at),
        created_at: Set(m.created_at),
    };
    Tokens::insert(am).exec(c).await?;
    Ok(())
}

pub async fn token_by_hash(c: &impl ConnectionTrait, hash: &str) -> Result<Option<token::Model>, StoreError> {
    Ok(Tokens::find().filter(token::Column::TokenHash.eq(hash)).one(c).await?)
}

/// Revokes one token (by hash); revoking a revoked token changes nothing.
pub async fn revoke_token(c: &impl ConnectionTrait, hash: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let r = Tokens::update_many()
        .col_expr(token::Column::RevokedAt, Expr::value(now))
        .filter(token::Column::TokenHash.eq(hash))
        .filter(token::Column::RevokedAt.is_null())
        .exec(c)
        .await?;
    Ok(r.rows_affected)
}
