//! The coordination region over GraphQL.

use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result};

#[derive(InputObject)]
pub struct UnitViewInput {
    pub unit: String,
    pub view: String,
    pub agrees: bool,
}

#[derive(InputObject)]
pub struct DisputeStatementInput {
    /// 争议的主要问题.
    pub main_issues: String,
    /// 承办单位的意见、理由和依据.
    pub sponsor_view_reasons_basis: String,
}

#[derive(InputObject)]
pub struct RecordCoordinationInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub units: Vec<UnitViewInput>,
    /// Required when a unit disagrees (R-04-4).
    pub dispute: Option<DisputeStatementInput>,
}

#[derive(Default)]
pub struct CoordinationMutations;

#[Object]
impl CoordinationMutations {
    /// Record the units consulted and, where they disagree, the dispute statement (R-04-4).
    async fn record_coordination(&self, ctx: &Context<'_>, input: RecordCoordinationInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let record = juece_core::coordination::CoordinationRecord {
            units: input
                .units
                .into_iter()
                .map(|u| juece_core::coordination::UnitView { unit: u.unit, view: u.view, agrees: u.agrees })
                .collect(),
            dispute: input.dispute.map(|d| juece_core::coordination::DisputeStatement {
                main_issues: d.main_issues,
                sponsor_view_reasons_basis: d.sponsor_view_reasons_basis,
            }),
        };
        let row = engine(ctx)
            .record_coordination(&viewer(ctx), id, input.expected_version, record)
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
