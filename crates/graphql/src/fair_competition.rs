//! The fair competition review region over GraphQL.

use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::fair_competition::FcrConclusion")]
/// 符合 / 适用例外 / 违反且不适用例外.
pub enum FcrConclusion {
    Compliant,
    Exception,
    Violates,
}

#[derive(InputObject)]
pub struct ConcludeFairCompetitionReviewInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub reviewed_draft_version: i32,
    /// The sponsor's first review (初审意见).
    pub sponsor_first_review: String,
    /// The market regulation department concluding.
    pub market_regulator: String,
    #[graphql(default)]
    pub stakeholders_heard: Vec<String>,
    pub conclusion: FcrConclusion,
    pub exception_ground: Option<String>,
    #[graphql(default)]
    pub no_less_restrictive_alternative: bool,
    pub sunset_or_termination: Option<String>,
}

#[derive(Default)]
pub struct FairCompetitionMutations;

#[Object]
impl FairCompetitionMutations {
    /// The market regulator's conclusion on the sponsor's first review (R-09-2, R-09-4). VIOLATES
    /// keeps the region open: the measure may not go forward until the draft is revised (R-09-5).
    async fn conclude_fair_competition_review(
        &self,
        ctx: &Context<'_>,
        input: ConcludeFairCompetitionReviewInput,
    ) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let review = juece_core::fair_competition::FairCompetitionReview {
            reviewed_draft_version: input.reviewed_draft_version,
            sponsor_first_review: input.sponsor_first_review,
            market_regulator: input.market_regulator,
            stakeholders_heard: input.stakeholders_heard,
            conclusion: input.conclusion.into(),
            exception_ground: input.exception_ground,
            no_less_restrictive_alternative: input.no_less_restrictive_alternative,
            sunset_or_termination: input.sunset_or_termination,
        };
        let row = engine(ctx)
            .conclude_fair_competition_review(&viewer(ctx), id, input.expected_version, review)
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
