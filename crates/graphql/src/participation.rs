//! The participation region over GraphQL: the comment notice, its closing register, and draft
//! revisions.

use crate::calendar::Date;
use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use juece_core::artefact::Draft;
use juece_core::participation::{CommentNotice, OpinionEntry, OpinionRegister};
use juece_engine::steps::ParticipationInput;

#[derive(InputObject)]
pub struct OpenCommentNoticeInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub title: String,
    /// The draft version put out for comment.
    pub draft_version: i32,
    pub opens_on: Date,
    /// The last day comments are accepted (until 24:00 Asia/Shanghai).
    pub closes_on: Date,
    /// 提出意见的方式.
    pub methods: Vec<String>,
    /// 发布途径.
    pub channels: Vec<String>,
    /// 联系方式 (required in Shandong).
    #[graphql(default)]
    pub contact: String,
    /// Why the period is shorter than the minimum, published in the notice itself (R-05-5).
    pub shortening_reason: Option<String>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::participation::Adoption")]
/// 采纳 / 部分采纳 / 不予采纳.
pub enum Adoption {
    Adopted,
    PartlyAdopted,
    NotAdopted,
}

#[derive(InputObject)]
pub struct OpinionEntryInput {
    pub source: String,
    pub content: String,
    pub adoption: Adoption,
    /// Required unless fully adopted.
    #[graphql(default)]
    pub reason: String,
}

#[derive(InputObject)]
pub struct CloseCommentPeriodInput {
    pub item_id: ID,
    pub expected_version: i32,
    /// 归纳整理.
    pub summary: String,
    #[graphql(default)]
    pub entries: Vec<OpinionEntryInput>,
    /// The draft version that took adopted opinions in.
    pub revised_draft_version: Option<i32>,
}

#[derive(InputObject)]
pub struct ReviseDraftInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub full_text: String,
    pub explanation: String,
    pub background: String,
    #[graphql(default)]
    pub legal_basis: Vec<String>,
    /// A substantive revision makes regions already done stale (§2.4).
    pub substantive: bool,
}

#[derive(Default)]
pub struct ParticipationMutations;

#[Object]
impl ParticipationMutations {
    /// Open the public comment notice (participation PENDING → IN_PROGRESS; R-05-4, R-05-5).
    async fn open_comment_notice(&self, ctx: &Context<'_>, input: OpenCommentNoticeInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let notice = CommentNotice {
            title: input.title,
            draft_version: input.draft_version,
            opens_on: input.opens_on.0,
            closes_on: input.closes_on.0,
            methods: input.methods,
            channels: input.channels,
            contact: input.contact,
            shortening_reason: input.shortening_reason.filter(|r| !r.trim().is_empty()),
        };
        let row = engine(ctx)
            .participate(&viewer(ctx), id, input.expected_version, ParticipationInput::OpenNotice(notice))
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }

    /// Close the comment period with the opinion register (IN_PROGRESS → DONE; R-05-5, R-05-8).
    async fn close_comment_period(&self, ctx: &Context<'_>, input: CloseCommentPeriodInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let register = OpinionRegister {
            summary: input.summary,
            entries: input
                .entries
                .into_iter()
                .map(|e| OpinionEntry {
                    source: e.source,
                    content: e.content,
                    adoption: e.adoption.into(),
                    reason: e.reason,
                })
                .collect(),
            revised_draft_version: input.revised_draft_version,
        };
        let row = engine(ctx)
            .participate(&viewer(ctx), id, input.expected_version, ParticipationInput::Close(register))
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }

    /// A new draft version (while drafting or in consultation).
    async fn revise_draft(&self, ctx: &Context<'_>, input: ReviseDraftInput) -> Result<CatalogueItem> {
        let id = parse_id("itemId", &input.item_id)?;
        let draft = Draft {
            full_text: input.full_text,
            explanation: input.explanation,
            background: input.background,
            legal_basis: input.legal_basis,
        };
        let row = engine(ctx)
            .revise_draft(&viewer(ctx), id, input.expected_version, draft, input.substantive)
            .await
            .map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
