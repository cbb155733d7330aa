//! The mutation root. Each mutation is one engine command: one transaction, with its audit events.

use crate::error::ApiError;
use crate::types::{Catalogue, CatalogueItem, Category, engine, parse_id};
use async_graphql::{Context, ID, InputObject, Object, Result};
use juece_core::Actor;
use juece_engine::{AddItemInput, AmendItemInput, CreateCatalogueInput};

fn actor(ctx: &Context<'_>) -> Actor {
    ctx.data_opt::<Actor>()
        .cloned()
        .unwrap_or_else(Actor::anonymous)
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

pub struct MutationRoot;

#[Object]
impl MutationRoot {
    /// Opens the annual catalogue of a decision organ (status COLLECTING).
    async fn create_catalogue(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "input")] input: CreateCatalogueInputGql,
    ) -> Result<Catalogue> {
        let row = engine(ctx)
            .create_catalogue(
                &actor(ctx),
                CreateCatalogueInput {
                    government_code: input.government_code,
                    year: input.year,
                    title: input.title,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(Catalogue(row))
    }

    /// Adds an item to a catalogue that is still being compiled (R-02-6 refuses it afterwards).
    async fn add_catalogue_item(
        &self,
        ctx: &Context<'_>,
        input: AddCatalogueItemInput,
    ) -> Result<CatalogueItem> {
        let row = engine(ctx)
            .add_item(
                &actor(ctx),
                AddItemInput {
                    catalogue_id: parse_id("catalogueId", &input.catalogue_id)?,
                    title: input.title,
                    sponsor_id: parse_id("sponsorId", &input.sponsor_id)?,
                    category: juece_core::Category::from(input.category)
                        .as_str()
                        .to_owned(),
                    planned_completion: input.planned_completion,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }

    /// Amends an item of a catalogue under compilation, at the version you read.
    async fn amend_catalogue_item(
        &self,
        ctx: &Context<'_>,
        input: AmendCatalogueItemInput,
    ) -> Result<CatalogueItem> {
        let row = engine(ctx)
            .amend_item(
                &actor(ctx),
                AmendItemInput {
                    id: parse_id("id", &input.id)?,
                    expected_version: input.expected_version,
                    title: input.title,
                    sponsor_id: input
                        .sponsor_id
                        .as_ref()
                        .map(|id| parse_id("sponsorId", id))
                        .transpose()?,
                    category: input
                        .category
                        .map(|c| juece_core::Category::from(c).as_str().to_owned()),
                    planned_completion: input.planned_completion,
                },
            )
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
