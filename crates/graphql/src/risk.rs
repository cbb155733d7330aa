//! The risk assessment region over GraphQL.

use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::risk::RiskConclusion")]
/// 风险可控 / 不可控 (R-08-4).
pub enum RiskConclusion {
    Controllable,
    Uncontrollable,
}

#[derive(InputObject)]
pub struct SubmitRiskReportInput {
    pub item_id: ID,
    pub expected_version: i32,
    /// The sponsor, a designated unit or a commissioned third party.
    pub assessor: String,
    pub assessed_draft_version: i32,
    #[graphql(default)]
    pub methods: Vec<String>,
    pub departments_consulted: Vec<String>,
    /// 风险点.
    pub risk_points: Vec<String>,
    /// 风险防范措施.
    pub measures: Vec<String>,
    /// 处置预案.
    pub contingency_plan: String,
    pub conclusion: RiskConclusion,
}

#[derive(Default)]
pub struct RiskMutations;

#[Object]
impl RiskMutations {
    /// Record the risk assessment report (R-08-3). CONTROLLABLE finishes the region; UNCONTROLLABLE
    /// keeps it open until a revised draft is assessed as controllable (R-08-4).
    async fn submit_risk_report(&self, ctx: &Context<'_>, input: SubmitRiskReportInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let report = juece_core::risk::RiskReport {
            assessor: input.assessor,
            assessed_draft_version: input.assessed_draft_version,
            methods: input.methods,
            departments_consulted: input.departments_consulted,
            risk_points: input.risk_points,
            measures: input.measures,
            contingency_plan: input.contingency_plan,
            conclusion: input.conclusion.into(),
        };
        let row =
            engine(ctx).submit_risk_report(&viewer(ctx), id, input.expected_version, report).await.map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
