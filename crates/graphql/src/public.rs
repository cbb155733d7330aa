//! The public side over GraphQL, open without credentials: the published catalogue with each
//! item's R-02-8 links, `publicItem` with its timeline and documents, the open consultations,
//! published comments with duplicate counts, the adoption feedback and a receipt's status; the
//! comment submission; and, for the decision organ's clerks, moderation, answers and the feedback's
//! publication.

use crate::audit::{DEFAULT_PUBLIC_PAGE, MAX_PUBLIC_PAGE, SeqCursor, check_page, count};
use crate::calendar::Date;
use crate::error::ApiError;
use crate::participation::Adoption;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use juece_core::artefact::ArtefactKind;
use juece_core::comments::{CommentSubmission, SubmitterKind as CoreSubmitterKind};
use juece_core::disclosure::{DisclosureLink as CoreLink, PublicDocument as CoreDocument, PublicStep as CoreStep};
use juece_core::feedback::{FeedbackDocument, Moderation as CoreModeration, OpinionAnswer};
use juece_engine::comments::{CommentFilter, CommentInput, CommentRow, Receipt};
use juece_engine::public::{OpenConsultation, PublicComment, PublicConsultation, PublicItem, ReceiptStatus};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::comments::SubmitterKind")]
/// Who submits a comment.
pub enum SubmitterKind {
    /// 个人: the name is published masked (朱**).
    Individual,
    /// 单位或组织: its name is published.
    Organisation,
    /// 匿名.
    Anonymous,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::feedback::Moderation")]
/// Where a comment stands with the moderators.
pub enum Moderation {
    Pending,
    Published,
    Hidden,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::comments::DuplicateKind")]
/// How a comment matched a group received before it.
pub enum DuplicateKind {
    /// The same text, up to spacing, punctuation, width and case.
    Exact,
    /// Nearly the same text (shingle similarity of at least 0.8).
    Near,
}

/// A reference to a published document.
#[derive(SimpleObject)]
pub struct DocumentRef {
    pub kind: String,
    pub version: i32,
}

fn doc_ref((kind, version): (ArtefactKind, i32)) -> DocumentRef {
    DocumentRef { kind: kind.as_str().to_owned(), version }
}

/// A fact published about a step.
#[derive(SimpleObject)]
pub struct StepDetail {
    pub label_zh: String,
    pub value: String,
}

/// One statutory step on an item's public timeline.
pub struct PublicStep(CoreStep);

#[Object]
impl PublicStep {
    /// §2.3's id (`T9`), the region step's (`P-NOTICE`) or region's (`HEARING`), or `FEEDBACK`.
    async fn step(&self) -> &str {
        &self.0.step
    }
    async fn title_zh(&self) -> &str {
        &self.0.title_zh
    }
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// The rule ids the step was checked against.
    async fn rules(&self) -> &[String] {
        &self.0.rules
    }
    async fn documents(&self) -> Vec<DocumentRef> {
        self.0.documents.iter().copied().map(doc_ref).collect()
    }
    async fn details(&self) -> Vec<StepDetail> {
        self.0.details.iter().map(|d| StepDetail { label_zh: d.label_zh.to_owned(), value: d.value.clone() }).collect()
    }
}

/// A published document, whole: the SHA-256 of its content's canonical JSON (RFC 8785) is
/// `sha256`, so anyone can check it is the document the procedure used.
pub struct PublicDocument(CoreDocument);

#[Object]
impl PublicDocument {
    async fn kind(&self) -> &str {
        self.0.kind.as_str()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn title_zh(&self) -> &str {
        self.0.title_zh
    }
    async fn content(&self) -> Json<serde_json::Value> {
        Json(self.0.content.clone())
    }
}

/// One of the links each catalogue item's page gathers as it advances (R-02-8).
pub struct DisclosureLink(CoreLink);

#[Object]
impl DisclosureLink {
    /// `DRAFT_FULL_TEXT`, `EXPLANATION`, `BACKGROUND`, `OPINIONS_ADOPTION`, `MEETING_ATTENDANCE`
    /// or `DECISION_RESULT`.
    async fn kind(&self) -> &str {
        self.0.kind.as_str()
    }
    async fn label_zh(&self) -> &str {
        self.0.label_zh
    }
    async fn available(&self) -> bool {
        self.0.step.is_some()
    }
    /// The timeline step that published it.
    async fn step(&self) -> Option<&str> {
        self.0.step.as_deref()
    }
    async fn document(&self) -> Option<DocumentRef> {
        self.0.document.map(doc_ref)
    }
}

/// Hidden comments for one reason.
#[derive(SimpleObject)]
pub struct HiddenCount {
    pub reason: String,
    pub count: i64,
}

/// An answered opinion as the feedback publishes it.
#[derive(SimpleObject)]
pub struct FeedbackOpinion {
    pub no: i32,
    pub summary: String,
    /// 较为集中的意见.
    pub concentrated: bool,
    pub adoption: Adoption,
    pub adoption_zh: String,
    pub reason: String,
    pub comment_count: i64,
}

/// The published adoption feedback (意见采纳情况反馈, R-05-9).
pub struct AdoptionFeedback(FeedbackDocument);

#[Object]
impl AdoptionFeedback {
    async fn notice_version(&self) -> i32 {
        self.0.notice_version
    }
    async fn received(&self) -> i64 {
        count(self.0.totals.received)
    }
    async fn published(&self) -> i64 {
        count(self.0.totals.published)
    }
    async fn hidden(&self) -> i64 {
        count(self.0.totals.hidden)
    }
    async fn adopted(&self) -> i64 {
        count(self.0.totals.adopted)
    }
    async fn partly_adopted(&self) -> i64 {
        count(self.0.totals.partly_adopted)
    }
    async fn not_adopted(&self) -> i64 {
        count(self.0.totals.not_adopted)
    }
    async fn duplicate_groups(&self) -> i64 {
        count(self.0.totals.duplicate_groups)
    }
    async fn opinions(&self) -> Vec<FeedbackOpinion> {
        self.0
            .opinions
            .iter()
            .map(|o| FeedbackOpinion {
                no: o.no,
                summary: o.answer.summary.clone(),
                concentrated: o.answer.concentrated,
                adoption: o.answer.adoption.into(),
                adoption_zh: o.answer.adoption.label_zh().to_owned(),
                reason: o.answer.reason.clone(),
                comment_count: count(o.comment_count),
            })
            .collect()
    }
    /// SHA-256 of the canonical JSON of the per-comment table (`feedbackTable`), in order.
    async fn rows_sha256(&self) -> &str {
        &self.0.rows_sha256
    }
}

/// A comment notice and where its comments stand.
pub struct Consultation(PublicConsultation);

#[Object]
impl Consultation {
    async fn notice_version(&self) -> i32 {
        self.0.notice_version
    }
    async fn title(&self) -> &str {
        &self.0.notice.title
    }
    async fn opens_on(&self) -> Date {
        Date(self.0.notice.opens_on)
    }
    /// The last day comments are accepted, until 24:00 Asia/Shanghai.
    async fn closes_on(&self) -> Date {
        Date(self.0.notice.closes_on)
    }
    /// Whether comments are accepted right now.
    async fn accepting(&self) -> bool {
        self.0.accepting
    }
    async fn methods(&self) -> &[String] {
        &self.0.notice.methods
    }
    async fn channels(&self) -> &[String] {
        &self.0.notice.channels
    }
    async fn contact(&self) -> &str {
        &self.0.notice.contact
    }
    /// Why the period is shorter than usual, as the notice states it (R-05-5).
    async fn shortening_reason(&self) -> Option<&str> {
        self.0.notice.shortening_reason.as_deref()
    }
    /// Every comment received, each with a receipt.
    async fn received(&self) -> i64 {
        count(self.0.received)
    }
    async fn published(&self) -> i64 {
        count(self.0.published)
    }
    async fn hidden(&self) -> i64 {
        count(self.0.hidden)
    }
    /// Received but not moderated yet.
    async fn pending(&self) -> i64 {
        count(self.0.pending)
    }
    /// Groups of identical or near-identical comments with more than one member.
    async fn duplicate_groups(&self) -> i64 {
        count(self.0.duplicate_groups)
    }
    /// Comments in those groups.
    async fn duplicate_comments(&self) -> i64 {
        count(self.0.duplicate_comments)
    }
    async fn hidden_by_reason(&self) -> Vec<HiddenCount> {
        self.0.hidden_by_reason.iter().map(|(r, n)| HiddenCount { reason: r.clone(), count: count(*n) }).collect()
    }
    async fn feedback(&self) -> Option<AdoptionFeedback> {
        self.0.feedback.clone().map(AdoptionFeedback)
    }
}

/// A catalogue item as the public sees it.
pub struct PublicItemView(std::sync::Arc<PublicItem>);

#[Object(name = "PublicItem")]
impl PublicItemView {
    async fn id(&self) -> ID {
        ID(self.0.item.id.to_string())
    }
    /// 序号 in the catalogue.
    async fn seq(&self) -> i32 {
        self.0.item.seq
    }
    async fn title(&self) -> &str {
        &self.0.item.title
    }
    async fn government_code(&self) -> &str {
        &self.0.government.code
    }
    async fn government_name(&self) -> &str {
        &self.0.government.name
    }
    async fn year(&self) -> i32 {
        self.0.catalogue.year
    }
    /// The catalogue's document number.
    async fn catalogue_document_number(&self) -> Option<&str> {
        self.0.catalogue.document_number.as_deref()
    }
    /// 主要承办单位.
    async fn sponsor_name(&self) -> Option<&str> {
        self.0.sponsor.as_ref().map(|d| d.name.as_str())
    }
    async fn category(&self) -> &str {
        &self.0.item.category
    }
    /// 计划完成时间.
    async fn planned_completion(&self) -> &str {
        &self.0.item.planned_completion
    }
    /// The item's state (§2.3), e.g. `CONSULTATION`.
    async fn stage(&self) -> &str {
        &self.0.item.state
    }
    /// Every statutory step taken since the item entered the catalogue, oldest first.
    async fn timeline(&self) -> Vec<PublicStep> {
        self.0.view.steps.iter().cloned().map(PublicStep).collect()
    }
    async fn documents(&self) -> Vec<PublicDocument> {
        self.0.view.documents.iter().cloned().map(PublicDocument).collect()
    }
    async fn links(&self) -> Vec<DisclosureLink> {
        self.0.view.links.iter().cloned().map(DisclosureLink).collect()
    }
    /// The latest comment notice, once published.
    async fn consultation(&self) -> Option<Consultation> {
        self.0.consultation.clone().map(Consultation)
    }
}

/// An item of a published catalogue, with its R-02-8 links.
pub struct PublicCatalogueItem {
    item: juece_engine::ItemRow,
    sponsor: Option<String>,
    links: Vec<CoreLink>,
}

#[Object]
impl PublicCatalogueItem {
    async fn id(&self) -> ID {
        ID(self.item.id.to_string())
    }
    async fn seq(&self) -> i32 {
        self.item.seq
    }
    async fn title(&self) -> &str {
        &self.item.title
    }
    async fn sponsor_name(&self) -> Option<&str> {
        self.sponsor.as_deref()
    }
    async fn planned_completion(&self) -> &str {
        &self.item.planned_completion
    }
    async fn stage(&self) -> &str {
        &self.item.state
    }
    async fn links(&self) -> Vec<DisclosureLink> {
        self.links.iter().cloned().map(DisclosureLink).collect()
    }
}

/// A published annual catalogue (年度重大行政决策事项目录).
pub struct PublicCatalogue {
    government: juece_engine::GovernmentRow,
    catalogue: juece_engine::CatalogueRow,
    items: Vec<PublicCatalogueItem>,
}

#[Object]
impl PublicCatalogue {
    async fn government_code(&self) -> &str {
        &self.government.code
    }
    async fn government_name(&self) -> &str {
        &self.government.name
    }
    async fn year(&self) -> i32 {
        self.catalogue.year
    }
    async fn title(&self) -> &str {
        &self.catalogue.title
    }
    async fn document_number(&self) -> Option<&str> {
        self.catalogue.document_number.as_deref()
    }
    async fn published_on(&self) -> Option<Date> {
        self.catalogue.published_on.map(Date)
    }
    async fn items(&self) -> &[PublicCatalogueItem] {
        &self.items
    }
}

/// An open consultation.
pub struct OpenConsultationView(OpenConsultation);

#[Object(name = "OpenConsultation")]
impl OpenConsultationView {
    async fn item_id(&self) -> ID {
        ID(self.0.item.id.to_string())
    }
    async fn item_title(&self) -> &str {
        &self.0.item.title
    }
    async fn government_code(&self) -> &str {
        &self.0.government.code
    }
    async fn government_name(&self) -> &str {
        &self.0.government.name
    }
    async fn notice_title(&self) -> &str {
        &self.0.notice.title
    }
    async fn opens_on(&self) -> Date {
        Date(self.0.notice.opens_on)
    }
    async fn closes_on(&self) -> Date {
        Date(self.0.notice.closes_on)
    }
}

/// A published comment: on `publicComments`, the first of its duplicate group, standing for all
/// `groupSize` of them; on `feedbackTable`, one row of the table.
pub struct PublicCommentView(PublicComment);

#[Object(name = "PublicComment")]
impl PublicCommentView {
    /// 序号: its position in the notice.
    async fn seq(&self) -> i64 {
        self.0.seq
    }
    /// 反馈人: a masked name (朱**), an organisation, or 匿名.
    async fn submitter(&self) -> &str {
        &self.0.submitter
    }
    /// 意见内容, as plain text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    /// Published comments with the same or nearly the same text, itself included.
    async fn group_size(&self) -> i64 {
        count(self.0.group_size)
    }
    async fn group_id(&self) -> ID {
        ID(self.0.group_id.to_string())
    }
    /// 是否采纳, once the feedback is published.
    async fn adoption(&self) -> Option<Adoption> {
        self.0.answer.as_ref().map(|(a, _)| (*a).into())
    }
    async fn adoption_zh(&self) -> Option<&str> {
        self.0.answer.as_ref().map(|(a, _)| a.label_zh())
    }
    /// 采纳理由.
    async fn reason(&self) -> Option<&str> {
        self.0.answer.as_ref().map(|(_, r)| r.as_str())
    }
}

/// What the holder of a receipt may learn.
pub struct ReceiptView(ReceiptStatus);

#[Object(name = "CommentReceiptStatus")]
impl ReceiptView {
    async fn tracking_no(&self) -> &str {
        &self.0.tracking_no
    }
    async fn item_id(&self) -> ID {
        ID(self.0.item_id.to_string())
    }
    async fn item_title(&self) -> &str {
        &self.0.item_title
    }
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    async fn moderation(&self) -> Moderation {
        self.0.moderation.into()
    }
    async fn moderation_zh(&self) -> &str {
        self.0.moderation.label_zh()
    }
    async fn hidden_reason(&self) -> Option<&str> {
        self.0.hidden_reason.as_deref()
    }
    async fn duplicate(&self) -> Option<DuplicateKind> {
        self.0.duplicate.map(Into::into)
    }
    async fn adoption(&self) -> Option<Adoption> {
        self.0.answer.as_ref().map(|(a, _)| (*a).into())
    }
    async fn reason(&self) -> Option<&str> {
        self.0.answer.as_ref().map(|(_, r)| r.as_str())
    }
}

#[derive(Default)]
pub struct PublicQueries;

async fn comment_page(
    after: Option<String>,
    first: Option<i32>,
    fetch: impl AsyncFnOnce(Option<i64>, u64) -> Result<(Vec<PublicComment>, bool), ApiError>,
) -> Result<Connection<SeqCursor, PublicCommentView, EmptyFields, EmptyFields>> {
    check_page(first, None, MAX_PUBLIC_PAGE)?;
    query(after, None, first, None, |after: Option<SeqCursor>, _b: Option<SeqCursor>, first, _l| async move {
        let limit = first.unwrap_or(DEFAULT_PUBLIC_PAGE) as u64;
        let (rows, more) = fetch(after.as_ref().map(|c| c.0), limit).await?;
        let mut conn = Connection::new(after.is_some(), more);
        conn.edges.extend(rows.into_iter().map(|r| Edge::new(SeqCursor(r.seq), PublicCommentView(r))));
        Ok::<_, async_graphql::Error>(conn)
    })
    .await
}

#[Object]
impl PublicQueries {
    /// A decision organ's published catalogue for a year, each item with its R-02-8 links;
    /// null if there is none published.
    async fn public_catalogue(
        &self,
        ctx: &Context<'_>,
        government_code: String,
        year: i32,
    ) -> Result<Option<PublicCatalogue>> {
        let engine = engine(ctx);
        let anonymous = juece_core::authz::Principal::Anonymous;
        let Some(government) = engine.government_by_code(&government_code).await.map_err(ApiError)? else {
            return Ok(None);
        };
        let Some(catalogue) = engine.catalogue(&anonymous, &government_code, year).await.map_err(ApiError)? else {
            return Ok(None);
        };
        let rows = engine.items_of(&anonymous, catalogue.id).await.map_err(ApiError)?;
        let sponsor_ids: Vec<_> = rows.iter().map(|i| i.sponsor_id).collect();
        let departments = engine.departments_by_ids(&sponsor_ids).await.map_err(ApiError)?;
        let mut views = engine.public_views_of(&rows).await.map_err(ApiError)?;
        let mut items = Vec::with_capacity(rows.len());
        for item in rows {
            let links = views.remove(&item.id).map(|v| v.links).unwrap_or_default();
            let sponsor = departments.iter().find(|d| d.id == item.sponsor_id).map(|d| d.name.clone());
            items.push(PublicCatalogueItem { item, sponsor, links });
        }
        Ok(Some(PublicCatalogue { government, catalogue, items }))
    }

    /// An item as published: its catalogue entry, the timeline of its statutory steps with their
    /// dates and rules, the documents published with their SHA-256, its R-02-8 links and its
    /// consultation. Null if the public may not see it.
    async fn public_item(&self, ctx: &Context<'_>, id: ID) -> Result<Option<PublicItemView>> {
        let id = parse_id("id", &id)?;
        Ok(engine(ctx).public_item_shared(id).await.map_err(ApiError)?.map(PublicItemView))
    }

    /// The comment notices accepting comments today, soonest closing first.
    async fn open_consultations(&self, ctx: &Context<'_>) -> Result<Vec<OpenConsultationView>> {
        Ok(engine(ctx).open_consultations().await.map_err(ApiError)?.into_iter().map(OpenConsultationView).collect())
    }

    /// The published comments on an item's latest notice, one per group of identical or similar
    /// comments (with the group's size), in the order received. At most 50 a page.
    async fn public_comments(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<SeqCursor, PublicCommentView, EmptyFields, EmptyFields>> {
        let id = parse_id("itemId", &item_id)?;
        let engine = engine(ctx);
        comment_page(after, first, async move |after, limit| {
            engine.public_comments(id, after, limit).await.map_err(ApiError)
        })
        .await
    }

    /// The per-comment table of the published adoption feedback (序号, 反馈人, 意见内容, 是否采纳,
    /// 采纳理由), every published comment in order; empty until the feedback is published.
    async fn feedback_table(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<SeqCursor, PublicCommentView, EmptyFields, EmptyFields>> {
        let id = parse_id("itemId", &item_id)?;
        let engine = engine(ctx);
        comment_page(after, first, async move |after, limit| {
            engine.feedback_rows(id, after, limit).await.map_err(ApiError)
        })
        .await
    }

    /// Where a comment stands, by its receipt's tracking number (回执编号). Null if no comment
    /// has that number; a number whose check character does not match is refused.
    async fn comment_receipt(&self, ctx: &Context<'_>, tracking_no: String) -> Result<Option<ReceiptView>> {
        if tracking_no.len() > 64 {
            return Err(ApiError::bad_input("trackingNo", "回执编号过长", "that tracking number is too long").into());
        }
        Ok(engine(ctx).receipt_status(&tracking_no).await.map_err(ApiError)?.map(ReceiptView))
    }

    /// An item's comments with everything the submitters gave, contact details included: for the
    /// decision organ's office and the item's sponsor only.
    #[allow(clippy::too_many_arguments)]
    async fn item_comments(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        moderation: Option<Moderation>,
        #[graphql(default)] unanswered_only: bool,
        #[graphql(default)] representatives_only: bool,
        group_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<SeqCursor, Comment, EmptyFields, EmptyFields>> {
        check_page(first, None, crate::query::MAX_PAGE)?;
        let id = parse_id("itemId", &item_id)?;
        let group_id = group_id.as_ref().map(|g| parse_id("groupId", g)).transpose()?;
        let engine = engine(ctx);
        let viewer = viewer(ctx);
        let filter = CommentFilter {
            moderation: moderation.map(|m| CoreModeration::from(m).as_str().to_owned()),
            unanswered_only,
            representatives_only,
            group_id,
            ..Default::default()
        };
        query(after, None, first, None, |after: Option<SeqCursor>, _b: Option<SeqCursor>, first, _l| async move {
            let limit = first.unwrap_or(20) as u64;
            let (rows, more) = engine
                .comments_page(&viewer, id, filter, after.as_ref().map(|c| c.0), limit)
                .await
                .map_err(ApiError)?;
            let mut conn = Connection::new(after.is_some(), more);
            conn.edges.extend(rows.into_iter().map(|r| Edge::new(SeqCursor(r.seq), Comment(r))));
            Ok::<_, async_graphql::Error>(conn)
        })
        .await
    }
}

/// A comment as the decision organ's clerks see it.
pub struct Comment(CommentRow);

#[Object]
impl Comment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn seq(&self) -> i64 {
        self.0.seq
    }
    async fn tracking_no(&self) -> &str {
        &self.0.tracking_no
    }
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    async fn kind(&self) -> Option<SubmitterKind> {
        CoreSubmitterKind::parse(&self.0.submitter_kind).map(Into::into)
    }
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn organisation(&self) -> Option<&str> {
        self.0.organisation.as_deref()
    }
    /// Never published.
    async fn contact(&self) -> Option<&str> {
        self.0.contact.as_deref()
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn group_id(&self) -> ID {
        ID(self.0.group_id.to_string())
    }
    async fn duplicate(&self) -> Option<DuplicateKind> {
        self.0.duplicate_kind.as_deref().and_then(juece_core::comments::DuplicateKind::parse).map(Into::into)
    }
    async fn moderation(&self) -> Option<Moderation> {
        CoreModeration::parse(&self.0.moderation).map(Into::into)
    }
    async fn hidden_reason(&self) -> Option<&str> {
        self.0.hidden_reason.as_deref()
    }
    /// The opinion it was answered in.
    async fn opinion_id(&self) -> Option<ID> {
        self.0.cluster_id.map(|c| ID(c.to_string()))
    }
}

#[derive(InputObject)]
pub struct SubmitCommentInput {
    pub item_id: ID,
    pub kind: SubmitterKind,
    /// Required for an individual; published masked.
    pub name: Option<String>,
    /// Required for an organisation; published.
    pub organisation: Option<String>,
    /// Telephone or e-mail, for the sponsor's questions; never published.
    pub contact: Option<String>,
    /// The comment, at most 5,000 characters, shown as plain text.
    pub body: String,
}

/// The receipt of a submitted comment.
#[derive(SimpleObject)]
pub struct CommentReceipt {
    /// 回执编号: keep it to follow the comment (`commentReceipt`).
    pub tracking_no: String,
    pub submitted_at: DateTime<Utc>,
    pub notice_version: i32,
    /// Its position in the notice.
    pub seq: i64,
    /// Whether it matched a comment received before it.
    pub duplicate: Option<DuplicateKind>,
}

impl From<Receipt> for CommentReceipt {
    fn from(r: Receipt) -> Self {
        CommentReceipt {
            tracking_no: r.tracking_no,
            submitted_at: r.submitted_at,
            notice_version: r.notice_version,
            seq: r.seq,
            duplicate: r.duplicate.map(Into::into),
        }
    }
}

#[derive(InputObject)]
pub struct ModerateCommentsInput {
    pub item_id: ID,
    #[graphql(default)]
    pub comment_ids: Vec<ID>,
    /// Whole duplicate groups.
    #[graphql(default)]
    pub group_ids: Vec<ID>,
    /// `PUBLISHED` or `HIDDEN`.
    pub action: Moderation,
    /// Required to hide; published with the count of hidden comments.
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct AnswerOpinionInput {
    pub item_id: ID,
    /// Published comments this opinion answers.
    #[graphql(default)]
    pub comment_ids: Vec<ID>,
    /// Whole duplicate groups (their published comments).
    #[graphql(default)]
    pub group_ids: Vec<ID>,
    /// The opinion in the sponsor's words (归纳整理).
    pub summary: String,
    /// 较为集中的意见.
    pub concentrated: bool,
    pub adoption: Adoption,
    /// Why, when not fully adopted; required before the feedback is published (R-05-8, R-05-9).
    #[graphql(default)]
    pub reason: String,
}

#[derive(InputObject)]
pub struct PublishFeedbackInput {
    pub item_id: ID,
    pub expected_version: i32,
}

/// An answered opinion.
#[derive(SimpleObject)]
pub struct Opinion {
    pub id: ID,
    pub no: i32,
    pub summary: String,
    pub concentrated: bool,
    pub adoption: Adoption,
    pub reason: String,
}

#[derive(SimpleObject)]
pub struct ModerationResult {
    /// How many comments were moderated.
    pub count: i64,
}

fn ids(field: &'static str, ids: &[ID]) -> Result<Vec<uuid::Uuid>, ApiError> {
    if ids.len() > 10_000 {
        return Err(ApiError::bad_input(field, "一次最多选择10000条", "at most 10,000 at a time"));
    }
    ids.iter().map(|i| parse_id(field, i)).collect()
}

#[derive(Default)]
pub struct PublicMutations;

#[Object]
impl PublicMutations {
    /// Submits a comment on an item's open comment notice, without signing in. The receipt comes
    /// once the comment is stored; nothing is published until moderated, and then the name is
    /// masked and the contact never shown.
    async fn submit_comment(&self, ctx: &Context<'_>, input: SubmitCommentInput) -> Result<CommentReceipt> {
        let item_id = parse_id("itemId", &input.item_id)?;
        let client = ctx.data_opt::<crate::ClientAddr>().and_then(|c| c.0.parse().ok());
        let submission = CommentSubmission {
            kind: input.kind.into(),
            name: input.name,
            organisation: input.organisation,
            contact: input.contact,
            body: input.body,
        };
        let receipt =
            engine(ctx).submit_comment(client, CommentInput { item_id, submission }).await.map_err(ApiError)?;
        Ok(receipt.into())
    }

    /// Publishes or hides comments of an item's notice (GOV_OFFICE, or the item's SPONSOR).
    async fn moderate_comments(&self, ctx: &Context<'_>, input: ModerateCommentsInput) -> Result<ModerationResult> {
        let item_id = parse_id("itemId", &input.item_id)?;
        let comment_ids = ids("commentIds", &input.comment_ids)?;
        let group_ids = ids("groupIds", &input.group_ids)?;
        let n = engine(ctx)
            .moderate_comments(&viewer(ctx), item_id, &comment_ids, &group_ids, input.action.into(), input.reason)
            .await
            .map_err(ApiError)?;
        Ok(ModerationResult { count: count(n) })
    }

    /// Answers an opinion: the chosen published comments, taken together (the item's SPONSOR).
    async fn answer_opinion(&self, ctx: &Context<'_>, input: AnswerOpinionInput) -> Result<Opinion> {
        let item_id = parse_id("itemId", &input.item_id)?;
        let comment_ids = ids("commentIds", &input.comment_ids)?;
        let group_ids = ids("groupIds", &input.group_ids)?;
        let answer = OpinionAnswer {
            summary: input.summary,
            concentrated: input.concentrated,
            adoption: input.adoption.into(),
            reason: input.reason,
        };
        let o = engine(ctx)
            .answer_opinion(&viewer(ctx), item_id, &comment_ids, &group_ids, answer)
            .await
            .map_err(ApiError)?;
        Ok(Opinion {
            id: ID(o.id.to_string()),
            no: o.seq,
            summary: o.summary,
            concentrated: o.concentrated,
            adoption: juece_core::participation::Adoption::parse(&o.adoption)
                .unwrap_or(juece_core::participation::Adoption::NotAdopted)
                .into(),
            reason: o.reason,
        })
    }

    /// Publishes the adoption feedback of the item's latest notice, after the decision is
    /// published (R-05-9): every comment moderated and answered, and every opinion not adopted
    /// with its reason.
    async fn publish_feedback(&self, ctx: &Context<'_>, input: PublishFeedbackInput) -> Result<CatalogueItem> {
        let item_id = parse_id("itemId", &input.item_id)?;
        let row =
            engine(ctx).publish_feedback(&viewer(ctx), item_id, input.expected_version).await.map_err(ApiError)?;
        Ok(CatalogueItem(row))
    }
}
