//! The mutation root. Each mutation is one engine command: one transaction, with its audit events.

use crate::error::ApiError;
use crate::types::{Catalogue, CatalogueItem, Category, Role, User, engine, parse_id, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use juece_core::authz::Principal;
use juece_engine::{AddItemInput, AmendItemInput, CreateCatalogueInput};

/// Where the request came from (the peer address), for limiting failed logins per client.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The bearer token the request was authenticated with (logout revokes it).
#[derive(Debug, Clone)]
pub struct BearerToken(pub String);

fn actor(ctx: &Context<'_>) -> Principal {
    viewer(ctx)
}

#[derive(InputObject)]
pub struct CreateCatalogueInputGql {
    /// 行政区划代码 of the decision organ.
    pub government_code: String,
    pub year: i32,
    /// Defaults to “<决策机关>YYYY年度重大行政决策事项目录”.
    pub title: Option<String>,
}

#[derive(InputObject)]
pub struct AddCatalogueItemInput {
    pub catalogue_id: ID,
    /// 重大行政决策事项名称.
    pub title: String,
    /// 主要承办单位: a department of the same decision organ.
    pub sponsor_id: ID,
    pub category: Category,
    /// 计划完成时间: `2022-10` or `2022年10月`.
    pub planned_completion: String,
}

#[derive(InputObject)]
pub struct AmendCatalogueItemInput {
    pub id: ID,
    /// The version you read; if the item changed since, the amendment is refused with CONFLICT.
    pub expected_version: i32,
    pub title: Option<String>,
    pub sponsor_id: Option<ID>,
    pub category: Option<Category>,
    pub planned_completion: Option<String>,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    /// 3 to 64 lowercase letters, digits, '.', '_' or '-'.
    pub username: String,
    pub name: String,
    /// 行政区划代码 of the user's decision organ.
    pub government_code: String,
    /// The department (as the organ's department list names it); omit for the government itself.
    pub department: Option<String>,
    pub roles: Vec<Role>,
    /// At least 12 characters; omit for a user who signs in with tokens only.
    pub password: Option<String>,
}

/// A new user and their first bearer token, shown only this once.
#[derive(SimpleObject)]
pub struct CreatedUser {
    pub user: User,
    pub token: String,
}

/// A session from `login`.
#[derive(SimpleObject)]
pub struct SessionInfo {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

#[derive(Default)]
pub struct CatalogueMutations;

#[Object]
impl CatalogueMutations {
    /// Opens the annual catalogue of a decision organ (status COLLECTING).
    async fn create_catalogue(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "input")] input: CreateCatalogueInputGql,
    ) -> Result<Catalogue> {
        let row = engine(ctx)
            .create_catalogue(
                &actor(ctx),
                CreateCatalogueInput { government_code: input.government_code, year: input.year, title: input.title },
            )
            .await
            .map_err(ApiError)?;
        Ok(Catalogue(row))
    }

    /// Adds an item to a catalogue that is still being compiled (R-02-6 refuses it afterwards).
    async fn add_catalogue_item(&self, ctx: &Context<'_>, input: AddCatalogueItemInput) -> Result<CatalogueItem> {
        let row = engine(ctx)
            .add_item(
                &actor(ctx),
                AddItemInput {
                    catalogue_id: parse_id("catalogueId", &input.catalogue_id)?,
                    title: input.title,
                    sponsor_id: parse_id("sponsorId", &input.sponsor_id)?,
                    category: juece_core::Category::from(input.category).as_str().to_owned(),
                    planned_completion: input.planned_completion,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }

    /// Amends an item of a catalogue under compilation, at the version you read.
    async fn amend_catalogue_item(&self, ctx: &Context<'_>, input: AmendCatalogueItemInput) -> Result<CatalogueItem> {
        let row = engine(ctx)
            .amend_item(
                &actor(ctx),
                AmendItemInput {
                    id: parse_id("id", &input.id)?,
                    expected_version: input.expected_version,
                    title: input.title,
                    sponsor_id: input.sponsor_id.as_ref().map(|id| parse_id("sponsorId", id)).transpose()?,
                    category: input.category.map(|c| juece_core::Category::from(c).as_str().to_owned()),
                    planned_completion: input.planned_completion,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }

    /// Signs in with a password; the session token expires. Repeated failures lock the account.
    async fn login(&self, ctx: &Context<'_>, username: String, password: String) -> Result<SessionInfo> {
        let client = ctx.data_opt::<ClientAddr>().map(|c| c.0.as_str());
        let s = engine(ctx).login(&username, &password, client).await.map_err(ApiError)?;
        Ok(SessionInfo { token: s.token, expires_at: s.expires_at, user: User(s.user) })
    }

    /// Revokes the token this request was sent with.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        match ctx.data_opt::<BearerToken>() {
            Some(t) => Ok(engine(ctx).logout(&t.0).await.map_err(ApiError)?),
            None => Err(ApiError(juece_engine::EngineError::Unauthenticated {
                zh: "未登录".into(),
                en: "not signed in".into(),
            })
            .into()),
        }
    }

    /// Creates a user of your decision organ with a first bearer token (ADMIN only).
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<CreatedUser> {
        let (user, token) = engine(ctx)
            .create_user(
                &actor(ctx),
                juece_engine::NewUser {
                    username: input.username,
                    display_name: input.name,
                    government_code: input.government_code,
                    department: input.department,
                    roles: input
                        .roles
                        .into_iter()
                        .map(|r| juece_core::authz::Role::from(r).as_str().to_owned())
                        .collect(),
                    password: input.password,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(CreatedUser { user: User(user), token })
    }

    /// Revokes a user of your decision organ: every token of theirs is refused from the next
    /// request on (ADMIN only).
    async fn revoke_user(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        let id = parse_id("id", &id)?;
        Ok(User(engine(ctx).revoke_user(&actor(ctx), id).await.map_err(ApiError)?))
    }
}

/// The mutation root: every command, each one engine transaction with its audit events.
#[derive(async_graphql::MergedObject, Default)]
#[graphql(name = "MutationRoot")]
pub struct MutationRoot(
    CatalogueMutations,
    crate::steps::StepMutations,
    crate::participation::ParticipationMutations,
    crate::risk::RiskMutations,
    crate::fair_competition::FairCompetitionMutations,
    crate::expert::ExpertMutations,
    crate::hearing::HearingMutations,
    crate::coordination::CoordinationMutations,
    crate::decision::DecisionMutations,
    crate::audit::AuditMutations,
    crate::public::PublicMutations,
    crate::after::AfterDecisionMutations,
    crate::execution::ExecutionMutations,
);
