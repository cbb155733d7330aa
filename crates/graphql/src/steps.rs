//! The procedure's steps over GraphQL: mutations for T1, T3 and T4, the artefacts an item has,
//! and the steps that may come next with who may take them.

use crate::calendar::Date;
use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject};
use juece_core::artefact::{Draft, Proposal, StartDecision};
use juece_core::authz::{Target, authorize, permission};
use juece_core::procedure::transitions_from;
use juece_engine::{ArtefactRow, StepInput};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::artefact::ProposalSource")]
/// Where a proposal came from (R-03-1).
pub enum ProposalSource {
    Leader,
    Department,
    LowerGovernment,
    Deputies,
    Public,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::artefact::ExcludedType")]
/// Decisions outside the procedure (R-01-3).
pub enum ExcludedType {
    MacroControl,
    Legislation,
    Emergency,
    InternalAffairs,
}

#[derive(InputObject)]
pub struct StudyProposalInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub source: ProposalSource,
    /// 拟解决的主要问题.
    pub problem: String,
    /// 建议理由和依据.
    pub reasons_and_basis: String,
    /// 解决问题的初步方案.
    pub preliminary_plan: String,
    /// 必要性、可行性.
    pub necessity_and_feasibility: String,
    /// Set if the matter is of a type the regulation excludes (the step is then refused, R-01-3).
    pub excluded_type: Option<ExcludedType>,
}

#[derive(InputObject)]
pub struct InitiateItemInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub decided_on: Date,
    /// The document or minutes recording the decision, if numbered.
    pub document: Option<String>,
    /// 牵头承办单位: the sponsor the catalogue names.
    pub lead_sponsor_id: ID,
    #[graphql(default)]
    pub co_sponsor_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct SubmitForLegalityReviewInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub submitted_on: Date,
    /// The date the opinion is asked for: at least the profile's working days later (R-10-4).
    pub requested_opinion_by: Date,
    /// Why the reviewer gets fewer working days, if it does.
    pub shortening_reason: Option<String>,
}

#[derive(InputObject)]
pub struct StartDraftingInput {
    pub item_id: ID,
    pub expected_version: i32,
    /// 决策草案全文.
    pub full_text: String,
    /// 起草说明.
    pub explanation: String,
    /// 决策背景.
    pub background: String,
    /// 法律、法规、规章和政策依据.
    #[graphql(default)]
    pub legal_basis: Vec<String>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::region::Region")]
/// A consultation region (§2.4).
pub enum Region {
    Participation,
    Hearing,
    ExpertReview,
    RiskAssessment,
    FairCompetitionReview,
    Coordination,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::region::RegionState")]
/// Where a region stands.
pub enum RegionState {
    NotApplicable,
    Pending,
    InProgress,
    Done,
    Stale,
}

/// Why a region does not apply (§2.5).
#[derive(InputObject)]
pub struct SkipRecordInput {
    pub determination: String,
    pub basis: String,
    pub determined_by: String,
    pub approved_by: String,
    pub date: Date,
    #[graphql(default)]
    pub evidence: Vec<String>,
}

#[derive(InputObject)]
pub struct RegionDeterminationInput {
    pub region: Region,
    pub applies: bool,
    /// Required when `applies` is false.
    pub skip: Option<SkipRecordInput>,
}

#[derive(InputObject)]
pub struct OpenConsultationInput {
    pub item_id: ID,
    pub expected_version: i32,
    /// All six regions, each once.
    pub regions: Vec<RegionDeterminationInput>,
    /// The law, regulation or rule requiring a hearing, if any (R-06-1).
    pub hearing_required_by: Option<String>,
    /// The ground on which the item may not be disclosed (R-05-1, R-13-5), if it may not.
    pub undisclosable_ground: Option<String>,
}

/// A consultation region of an item.
#[derive(SimpleObject)]
pub struct ConsultationRegion {
    pub region: Region,
    pub state: RegionState,
}

pub(crate) async fn regions(ctx: &Context<'_>, item: &CatalogueItem) -> Result<Vec<ConsultationRegion>> {
    // The same visibility as the artefacts the regions were planned in.
    engine(ctx).artefacts_of(&viewer(ctx), &item.0).await.map_err(ApiError)?;
    let rows = engine(ctx).regions_of(item.0.id).await.map_err(ApiError)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let region = juece_core::region::Region::parse(&r.region)
            .ok_or_else(|| ApiError(juece_engine::EngineError::Internal(format!("stored region {:?}", r.region))))?;
        let state = juece_core::region::RegionState::parse(&r.state).ok_or_else(|| {
            ApiError(juece_engine::EngineError::Internal(format!("stored region state {:?}", r.state)))
        })?;
        out.push(ConsultationRegion { region: region.into(), state: state.into() });
    }
    Ok(out)
}

pub(crate) async fn step(
    ctx: &Context<'_>,
    item: &ID,
    expected_version: i32,
    input: StepInput,
) -> Result<CatalogueItem> {
    let id = parse_id("itemId", item)?;
    let row = engine(ctx).take_step(&viewer(ctx), id, expected_version, input).await.map_err(ApiError)?;
    Ok(CatalogueItem(row))
}

#[derive(Default)]
pub struct StepMutations;

#[Object]
impl StepMutations {
    /// T1: take a proposal in for study (PROPOSED → UNDER_STUDY), recording it as put (R-03-1).
    async fn study_proposal(&self, ctx: &Context<'_>, input: StudyProposalInput) -> Result<CatalogueItem> {
        let p = Proposal {
            source: input.source.into(),
            problem: input.problem,
            reasons_and_basis: input.reasons_and_basis,
            preliminary_plan: input.preliminary_plan,
            necessity_and_feasibility: input.necessity_and_feasibility,
            excluded_type: input.excluded_type.map(Into::into),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::StudyProposal(p)).await
    }

    /// T3: record the decision to start the procedure (IN_CATALOGUE → INITIATED; R-01-6, R-03-2).
    async fn initiate_item(&self, ctx: &Context<'_>, input: InitiateItemInput) -> Result<CatalogueItem> {
        let mut co = Vec::new();
        for id in &input.co_sponsor_ids {
            co.push(parse_id("coSponsorIds", id)?);
        }
        let d = StartDecision {
            decided_on: input.decided_on.0,
            document: input.document.filter(|d| !d.trim().is_empty()),
            lead_sponsor_id: parse_id("leadSponsorId", &input.lead_sponsor_id)?,
            co_sponsor_ids: co,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::Initiate(d)).await
    }

    /// T5: into consultation (DRAFTING → CONSULTATION), with every region determined and a skip
    /// record for each that does not apply (§2.4, §2.5; R-04-1, R-05-1, R-06-1).
    async fn open_consultation(&self, ctx: &Context<'_>, input: OpenConsultationInput) -> Result<CatalogueItem> {
        let plan = juece_core::region::ConsultationPlan {
            regions: input
                .regions
                .into_iter()
                .map(|d| juece_core::region::RegionDetermination {
                    region: d.region.into(),
                    applies: d.applies,
                    skip: d.skip.map(|s| juece_core::region::SkipRecord {
                        determination: s.determination,
                        basis: s.basis,
                        determined_by: s.determined_by,
                        approved_by: s.approved_by,
                        date: s.date.0,
                        evidence: s.evidence,
                    }),
                })
                .collect(),
            hearing_required_by: input.hearing_required_by.filter(|s| !s.trim().is_empty()),
            undisclosable_ground: input.undisclosable_ground.filter(|s| !s.trim().is_empty()),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::OpenConsultation(plan)).await
    }

    /// T6: to legality review (CONSULTATION → LEGALITY_SUBMITTED), with the package and the
    /// statement of the procedures performed generated from the record (R-10-2, R-10-4, R-05-2).
    async fn submit_for_legality_review(
        &self,
        ctx: &Context<'_>,
        input: SubmitForLegalityReviewInput,
    ) -> Result<CatalogueItem> {
        let s = juece_core::legality::LegalitySubmission {
            submitted_on: input.submitted_on.0,
            requested_opinion_by: input.requested_opinion_by.0,
            shortening_reason: input.shortening_reason.filter(|r| !r.trim().is_empty()),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::SubmitForLegality(s)).await
    }

    /// T4: the sponsor's first draft (INITIATED → DRAFTING).
    async fn start_drafting(&self, ctx: &Context<'_>, input: StartDraftingInput) -> Result<CatalogueItem> {
        let d = Draft {
            full_text: input.full_text,
            explanation: input.explanation,
            background: input.background,
            legal_basis: input.legal_basis,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::StartDrafting(d)).await
    }
}

/// A document a step produced.
pub struct Artefact(pub ArtefactRow);

#[Object]
impl Artefact {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// PROPOSAL, START_DECISION or DRAFT.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// 1 for the first of its kind, then 2, 3 …
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Hex SHA-256 of the canonical JSON of `content`.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn content(&self) -> Json<serde_json::Value> {
        Json(self.0.content.clone())
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
}

/// A step that may come next.
#[derive(SimpleObject)]
pub struct AvailableTransition {
    /// The §2.3 id, e.g. T3.
    pub id: String,
    pub name: String,
    pub to: crate::types::ItemState,
    /// The roles that may take it.
    pub roles: Vec<crate::types::Role>,
    /// The rules checked when it is taken.
    pub guards: Vec<String>,
    /// Whether you may take it (role, organisation and, for a sponsor, its own item).
    pub allowed_for_you: bool,
    /// The rule that stops it on the record as it stands, before any input: what the clerk must
    /// see to first. Null when nothing recorded stops it (its own content is checked when taken),
    /// and for viewers who may not read the item's documents.
    pub blocked_by: Option<Blocker>,
}

/// Why a step cannot be taken yet.
#[derive(SimpleObject)]
pub struct Blocker {
    /// The rule id (R-10-7), or §2.3 when the order of steps forbids it.
    pub rule: String,
    pub article: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

impl From<juece_core::CoreError> for Blocker {
    fn from(e: juece_core::CoreError) -> Self {
        match e {
            juece_core::CoreError::Violation(v) => Blocker {
                rule: v.rule.id.to_owned(),
                article: Some(v.rule.article.to_owned()),
                message_zh: v.zh,
                message_en: v.en,
            },
            juece_core::CoreError::OutOfOrder { zh, en, .. } => {
                Blocker { rule: "§2.3".to_owned(), article: None, message_zh: zh, message_en: en }
            }
            juece_core::CoreError::Invalid(i) => {
                Blocker { rule: i.field.to_owned(), article: None, message_zh: i.zh, message_en: i.en }
            }
        }
    }
}

pub(crate) async fn artefacts(ctx: &Context<'_>, item: &CatalogueItem) -> Result<Vec<Artefact>> {
    Ok(engine(ctx).artefacts_of(&viewer(ctx), &item.0).await.map_err(ApiError)?.into_iter().map(Artefact).collect())
}

pub(crate) async fn available(
    ctx: &Context<'_>,
    item: &CatalogueItem,
    state: juece_core::ItemState,
    code: &juece_core::GovernmentCode,
) -> Result<Vec<AvailableTransition>> {
    let who = viewer(ctx);
    let record = engine(ctx).record_for(&who, &item.0).await.map_err(ApiError)?;
    Ok(transitions_from(state)
        .map(|t| AvailableTransition {
            id: t.id.to_owned(),
            name: t.name_zh.to_owned(),
            to: t.to.into(),
            roles: permission(t.op).roles.iter().map(|r| (*r).into()).collect(),
            guards: t.guards.iter().map(|g| (*g).to_owned()).collect(),
            allowed_for_you: authorize(&who, t.op, &Target { government: code, sponsors: &[item.0.sponsor_id] })
                .is_ok(),
            blocked_by: record.as_ref().and_then(|r| juece_core::record::blocked_by(t, r)).map(Into::into),
        })
        .collect())
}
