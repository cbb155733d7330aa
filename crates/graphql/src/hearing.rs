//! The hearing region over GraphQL.

use crate::calendar::Date;
use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result};

#[derive(InputObject)]
pub struct ParticipantInput {
    pub name: String,
    /// The interest the participant represents.
    pub side: String,
    /// A representative of those whose interests the matter touches.
    pub stakeholder: bool,
    pub materials_delivered_on: Date,
    pub signed_record: bool,
    /// A refusal to sign, noted.
    pub refusal_note: Option<String>,
}

#[derive(InputObject)]
pub struct RecordHearingInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub draft_version: i32,
    pub notice_published_on: Date,
    pub selection_method_published_on: Date,
    pub participant_list_published_on: Date,
    pub held_on: Date,
    pub place: String,
    pub participants: Vec<ParticipantInput>,
    /// Why stakeholders are fewer than the profile's share, if they are (R-06-4).
    pub stakeholder_share_reason: Option<String>,
    pub record_summary: String,
}

#[derive(Default)]
pub struct HearingMutations;

#[Object]
impl HearingMutations {
    /// Record a hearing held (R-06-2 notice, R-06-3 selection and list, R-06-4 stakeholders,
    /// R-06-5 materials in time, R-06-6 the signed record).
    async fn record_hearing(&self, ctx: &Context<'_>, input: RecordHearingInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let record = juece_core::hearing::HearingRecord {
            draft_version: input.draft_version,
            notice_published_on: input.notice_published_on.0,
            selection_method_published_on: input.selection_method_published_on.0,
            participant_list_published_on: input.participant_list_published_on.0,
            held_on: input.held_on.0,
            place: input.place,
            participants: input
                .participants
                .into_iter()
                .map(|p| juece_core::hearing::Participant {
                    name: p.name,
                    side: p.side,
                    stakeholder: p.stakeholder,
                    materials_delivered_on: p.materials_delivered_on.0,
                    signed_record: p.signed_record,
                    refusal_note: p.refusal_note,
                })
                .collect(),
            stakeholder_share_reason: input.stakeholder_share_reason,
            record_summary: input.record_summary,
        };
        let row =
            engine(ctx).record_hearing(&viewer(ctx), id, input.expected_version, record).await.map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
