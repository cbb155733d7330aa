//! The expert review region over GraphQL.

use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result};

#[derive(InputObject)]
pub struct ExpertOpinionInput {
    pub name: String,
    /// An institution seals its opinion; a person signs it.
    #[graphql(default)]
    pub institution: bool,
    pub field: String,
    pub affiliation: String,
    /// The conflict-of-interest declaration (R-07-3).
    pub direct_interest: bool,
    #[graphql(default)]
    pub signed: bool,
    #[graphql(default)]
    pub sealed: bool,
    pub opinion: String,
}

#[derive(InputObject)]
pub struct SubmitExpertReviewInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub reviewed_draft_version: i32,
    /// 论证会、书面咨询、委托咨询论证.
    pub method: String,
    pub experts: Vec<ExpertOpinionInput>,
    /// What was adopted, and why not the rest.
    pub adoption_statement: String,
}

#[derive(Default)]
pub struct ExpertMutations;

#[Object]
impl ExpertMutations {
    /// Record the expert review: a panel with no direct interests, of the profile's size, with
    /// signed or sealed opinions, and the adoption statement (R-07-3, R-07-4, R-07-7).
    async fn submit_expert_review(&self, ctx: &Context<'_>, input: SubmitExpertReviewInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let review = juece_core::expert::ExpertReview {
            reviewed_draft_version: input.reviewed_draft_version,
            method: input.method,
            experts: input
                .experts
                .into_iter()
                .map(|e| juece_core::expert::ExpertOpinion {
                    name: e.name,
                    institution: e.institution,
                    field: e.field,
                    affiliation: e.affiliation,
                    direct_interest: e.direct_interest,
                    signed: e.signed,
                    sealed: e.sealed,
                    opinion: e.opinion,
                })
                .collect(),
            adoption_statement: input.adoption_statement,
        };
        let row = engine(ctx)
            .submit_expert_review(&viewer(ctx), id, input.expected_version, review)
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
