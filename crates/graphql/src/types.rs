//! GraphQL object types over the engine's rows, and the enums mirrored from the core (the core
//! carries no GraphQL derives, by design).

use crate::error::ApiError;
use async_graphql::connection::CursorType;
use async_graphql::{Context, Enum, ID, Json, Object, Result, SimpleObject};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use juece_core::authz::Principal;
use juece_engine::{CatalogueRow, DepartmentRow, Engine, EventRow, GovernmentRow, ItemRow, UserRow};
use uuid::Uuid;

pub(crate) fn engine<'a>(ctx: &Context<'a>) -> &'a Engine {
    // The schema is always built with an engine (see `build_schema`); a schema without one is a
    // programming error caught by every test.
    ctx.data_unchecked::<Engine>()
}

/// Who is asking: the principal the server authenticated, or the public.
pub(crate) fn viewer(ctx: &Context<'_>) -> Principal {
    ctx.data_opt::<Principal>().cloned().unwrap_or(Principal::Anonymous)
}

pub(crate) fn parse_id(field: &'static str, id: &ID) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id.as_str()).map_err(|_| {
        ApiError::bad_input(
            field,
            format!("“{}”不是有效的编号", id.as_str()),
            format!("\"{}\" is not a valid id", id.as_str()),
        )
    })
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::Category")]
/// 山东省重大行政决策程序规定 第三条第一款 的七类事项 (R-01-2).
pub enum Category {
    /// (一) 公共服务方面的重大公共政策和措施
    #[graphql(name = "SD3_1")]
    PublicServices,
    /// (二) 市场监管、社会管理、生态环境保护方面的重大公共政策和措施
    #[graphql(name = "SD3_2")]
    RegulationAndEnvironment,
    /// (三) 经济和社会发展等方面的重要规划
    #[graphql(name = "SD3_3")]
    DevelopmentPlans,
    /// (四) 重要自然资源的开发利用、保护
    #[graphql(name = "SD3_4")]
    NaturalResources,
    /// (五) 重要文化资源的开发利用、保护
    #[graphql(name = "SD3_5")]
    CulturalResources,
    /// (六) 重大公共建设项目
    #[graphql(name = "SD3_6")]
    PublicConstruction,
    /// (七) 其他重大事项
    #[graphql(name = "SD3_7")]
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::CatalogueStatus")]
/// Where a catalogue stands (rule catalogue §2.2).
pub enum CatalogueStatus {
    Collecting,
    Screening,
    DraftComment,
    GovApproved,
    PartyConsented,
    Published,
    AdjustmentReview,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::ItemState")]
/// Where a decision item stands in the procedure (rule catalogue §2.3).
pub enum ItemState {
    Proposed,
    UnderStudy,
    InCatalogue,
    Initiated,
    Drafting,
    Consultation,
    LegalitySubmitted,
    ReturnedForSupplement,
    LegalityReviewed,
    ReadyForMeeting,
    Discussed,
    Decided,
    PartyReported,
    Published,
    PublicationExempt,
    Executing,
    Suspended,
    PostEvaluation,
    Adjusting,
    Terminating,
    Completed,
    Superseded,
    Terminated,
    ClosedRejected,
    Withdrawn,
}

fn stored<T>(what: &str, v: &str, parsed: Option<T>) -> Result<T, ApiError> {
    parsed.ok_or_else(|| ApiError(juece_engine::EngineError::Internal(format!("stored {what} {v:?} is not valid"))))
}

/// A category with its wording, for pickers.
#[derive(SimpleObject)]
pub struct CategoryInfo {
    pub code: Category,
    pub label: String,
}

impl CategoryInfo {
    pub fn all() -> Vec<CategoryInfo> {
        juece_core::Category::ALL
            .iter()
            .map(|c| CategoryInfo { code: (*c).into(), label: c.label_zh().to_owned() })
            .collect()
    }
}

/// A decision organ (决策机关): a people's government at county level or above.
pub struct Government(pub GovernmentRow);

#[Object]
impl Government {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// 行政区划代码, e.g. 370103.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn short_name(&self) -> &str {
        &self.0.short_name
    }
    /// MUNICIPAL or DISTRICT.
    async fn level(&self) -> &str {
        &self.0.level
    }
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Government>> {
        match &self.0.parent_code {
            Some(code) => Ok(engine(ctx).government_by_code(code).await.map_err(ApiError)?.map(Government)),
            None => Ok(None),
        }
    }
    /// The units the seed gazettes name for this organ, oldest first.
    async fn departments(&self, ctx: &Context<'_>) -> Result<Vec<Department>> {
        Ok(engine(ctx).departments_of(self.0.id).await.map_err(ApiError)?.into_iter().map(Department).collect())
    }
    /// Annual catalogues, newest year first.
    async fn catalogues(&self, ctx: &Context<'_>) -> Result<Vec<Catalogue>> {
        Ok(engine(ctx)
            .catalogues_of(&viewer(ctx), self.0.id)
            .await
            .map_err(ApiError)?
            .into_iter()
            .map(Catalogue)
            .collect())
    }
}

/// A department or unit of a decision organ (承办单位 when it sponsors an item).
pub struct Department(pub DepartmentRow);

#[Object]
impl Department {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Other spellings the gazettes use.
    async fn aliases(&self) -> Vec<String> {
        serde_json::from_value(self.0.aliases.clone()).unwrap_or_default()
    }
    /// DEPARTMENT, SUBDISTRICT or OTHER.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// Document numbers of the gazettes that name the unit.
    async fn sources(&self) -> Vec<String> {
        serde_json::from_value(self.0.sources.clone()).unwrap_or_default()
    }
    async fn government(&self, ctx: &Context<'_>) -> Result<Government> {
        let rows = engine(ctx).governments_by_ids(&[self.0.government_id]).await.map_err(ApiError)?;
        Ok(Government(stored("department government", &self.0.government_id.to_string(), rows.into_iter().next())?))
    }
}

/// An annual decision catalogue (年度重大行政决策事项目录).
pub struct Catalogue(pub CatalogueRow);

#[Object]
impl Catalogue {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn status(&self) -> Result<CatalogueStatus> {
        Ok(stored("catalogue status", &self.0.status, juece_core::CatalogueStatus::parse(&self.0.status))?.into())
    }
    /// The document number it was published under (文号), e.g. 市中政字〔2022〕27号.
    async fn document_number(&self) -> Option<&str> {
        self.0.document_number.as_deref()
    }
    async fn published_on(&self) -> Option<crate::calendar::Date> {
        self.0.published_on.map(crate::calendar::Date)
    }
    /// Where the publication can be read.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn item_count(&self) -> i32 {
        self.0.item_count
    }
    /// Optimistic-concurrency version: increases with every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn government(&self, ctx: &Context<'_>) -> Result<Government> {
        let rows = engine(ctx).governments_by_ids(&[self.0.government_id]).await.map_err(ApiError)?;
        Ok(Government(stored("catalogue government", &self.0.government_id.to_string(), rows.into_iter().next())?))
    }
    /// The items in 序号 order.
    async fn items(&self, ctx: &Context<'_>) -> Result<Vec<CatalogueItem>> {
        Ok(engine(ctx)
            .items_of(&viewer(ctx), self.0.id)
            .await
            .map_err(ApiError)?
            .into_iter()
            .map(CatalogueItem)
            .collect())
    }
    /// The catalogue's audit trail, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<AuditEvent>> {
        Ok(engine(ctx)
            .events_of(&viewer(ctx), self.0.id)
            .await
            .map_err(ApiError)?
            .into_iter()
            .map(AuditEvent)
            .collect())
    }
}

/// A decision item (决策事项) of a catalogue.
pub struct CatalogueItem(pub ItemRow);

#[Object]
impl CatalogueItem {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// 序号 in its catalogue.
    async fn seq(&self) -> i32 {
        self.0.seq
    }
    /// 重大行政决策事项名称.
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn category(&self) -> Result<Category> {
        Ok(stored("category", &self.0.category, juece_core::Category::parse(&self.0.category))?.into())
    }
    /// The category as the provision words it.
    async fn category_label(&self) -> Result<&'static str> {
        Ok(stored("category", &self.0.category, juece_core::Category::parse(&self.0.category))?.label_zh())
    }
    /// 计划完成时间, as YYYY-MM.
    async fn planned_completion(&self) -> &str {
        &self.0.planned_completion
    }
    /// The execution tasks of the decision (R-15-1), in order; empty for those outside its
    /// government.
    async fn tasks(&self, ctx: &Context<'_>) -> Result<Vec<crate::execution::Task>> {
        crate::execution::item_tasks(ctx, self).await
    }
    async fn state(&self) -> Result<ItemState> {
        Ok(stored("item state", &self.0.state, juece_core::ItemState::parse(&self.0.state))?.into())
    }
    /// The rule profile version the item was pinned to when it entered the catalogue; null while
    /// it is still a proposal.
    async fn profile(&self) -> Option<crate::rules::ProfileVersionGql> {
        self.0.profile_version.as_deref().and_then(juece_core::profile::version).map(crate::rules::ProfileVersionGql)
    }
    /// Optimistic-concurrency version: pass it back as `expectedVersion` when amending.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// 主要承办单位.
    async fn sponsor(&self, ctx: &Context<'_>) -> Result<Department> {
        let rows = engine(ctx).departments_by_ids(&[self.0.sponsor_id]).await.map_err(ApiError)?;
        Ok(Department(stored("sponsor", &self.0.sponsor_id.to_string(), rows.into_iter().next())?))
    }
    async fn catalogue(&self, ctx: &Context<'_>) -> Result<Catalogue> {
        let rows = engine(ctx).catalogues_by_ids(&viewer(ctx), &[self.0.catalogue_id]).await.map_err(ApiError)?;
        Ok(Catalogue(stored("catalogue", &self.0.catalogue_id.to_string(), rows.into_iter().next())?))
    }
    async fn government(&self, ctx: &Context<'_>) -> Result<Government> {
        let rows = engine(ctx).governments_by_ids(&[self.0.government_id]).await.map_err(ApiError)?;
        Ok(Government(stored("item government", &self.0.government_id.to_string(), rows.into_iter().next())?))
    }
    /// The documents the item's steps produced, by kind and version (users of its decision organ).
    async fn artefacts(&self, ctx: &Context<'_>) -> Result<Vec<crate::steps::Artefact>> {
        crate::steps::artefacts(ctx, self).await
    }
    /// The decision this item adjusts, if it is an adjustment (R-17-3).
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<CatalogueItem>> {
        match self.0.parent_item_id {
            Some(id) => Ok(engine(ctx).item(&viewer(ctx), id).await.map_err(ApiError)?.map(CatalogueItem)),
            None => Ok(None),
        }
    }
    /// The adjustments of this decision: the child items that go through the procedure again
    /// (R-17-3), in catalogue order.
    async fn adjustments(&self, ctx: &Context<'_>) -> Result<Vec<CatalogueItem>> {
        let rows = engine(ctx).adjustments_of(&viewer(ctx), &self.0).await.map_err(ApiError)?;
        Ok(rows.into_iter().map(CatalogueItem).collect())
    }
    /// Where the item's consultation regions stand (empty before consultation opens).
    async fn regions(&self, ctx: &Context<'_>) -> Result<Vec<crate::steps::ConsultationRegion>> {
        crate::steps::regions(ctx, self).await
    }
    /// The steps that may come next from where the item stands, who may take them, the rules each
    /// one checks, and the rule that stops it on the record as it stands: a clerk's checklist.
    async fn available_transitions(&self, ctx: &Context<'_>) -> Result<Vec<crate::steps::AvailableTransition>> {
        let state = stored("item state", &self.0.state, juece_core::ItemState::parse(&self.0.state))?;
        let rows = engine(ctx).governments_by_ids(&[self.0.government_id]).await.map_err(ApiError)?;
        let gov = stored("item government", &self.0.government_id.to_string(), rows.into_iter().next())?;
        let code = juece_core::GovernmentCode::parse(&gov.code)
            .map_err(|_| ApiError(juece_engine::EngineError::Internal(format!("stored code {:?}", gov.code))))?;
        crate::steps::available(ctx, self, state, &code).await
    }
    /// The item's audit trail, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<AuditEvent>> {
        Ok(engine(ctx)
            .events_of(&viewer(ctx), self.0.id)
            .await
            .map_err(ApiError)?
            .into_iter()
            .map(AuditEvent)
            .collect())
    }
    /// The item's audit trail for those who audit it, oldest first, as a Relay connection: at
    /// most 100 events a page, 20 by default, narrowed by actor, event types and time (`from`
    /// inclusive, `to` exclusive). AUDITOR, GOV_OFFICE and JUSTICE of its decision organ (R-14-1,
    /// R-18-2).
    #[graphql(complexity = "first.or(last).unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    // Each GraphQL argument is a parameter of the resolver: the connection's four and the filters.
    #[allow(clippy::too_many_arguments)]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        actor_id: Option<String>,
        event_types: Option<Vec<String>>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<crate::audit::TrailConnection> {
        let args = crate::audit::TrailArgs { after, before, first, last, actor_id, event_types, from, to };
        crate::audit::trail(ctx, Some(self.0.id), args).await
    }
}

/// Who took a step.
#[derive(SimpleObject)]
pub struct ActorInfo {
    /// USER, SYSTEM or ANONYMOUS.
    pub kind: String,
    pub id: String,
    pub name: String,
    /// The organisation acted for: a government code, or `code/department-id`.
    pub org: Option<String>,
    /// The role the step was taken in.
    pub role: Option<String>,
}

/// One entry of the audit trail.
pub struct AuditEvent(pub EventRow);

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// CATALOGUE, ITEM or USER.
    async fn stream_type(&self) -> &str {
        &self.0.stream_type
    }
    async fn stream_id(&self) -> ID {
        ID(self.0.stream_id.to_string())
    }
    /// Position in its stream, from 1.
    async fn sequence(&self) -> i64 {
        self.0.stream_seq
    }
    async fn event_type(&self) -> &str {
        &self.0.event_type
    }
    async fn actor(&self) -> ActorInfo {
        ActorInfo {
            kind: self.0.actor_kind.clone(),
            id: self.0.actor_id.clone(),
            name: self.0.actor_name.clone(),
            org: self.0.actor_org.clone(),
            role: self.0.actor_role.clone(),
        }
    }
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// What happened, as recorded.
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
    /// The rule ids evaluated before the change was allowed (R-14-1).
    async fn rules(&self) -> Result<Vec<String>> {
        Ok(recorded(&self.0, "rules", &self.0.rules)?)
    }
    /// The exceptions relied on: an HG-O guard passed on a recorded exception, or a region
    /// skipped by its skip record (R-14-1).
    async fn overrides(&self) -> Result<Vec<AuditOverride>> {
        let list: Vec<juece_core::audit::Override> = recorded(&self.0, "overrides", &self.0.overrides)?;
        Ok(list.into_iter().map(|o| AuditOverride { rule: o.rule, reason: o.reason }).collect())
    }
    /// SHA-256 of the event's canonical form (RFC 8785 JSON, with `prevHash`, without its own
    /// hash), hex.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
    /// The hash of the event before it in its stream; 64 zeros for the first.
    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }
}

/// A stored list of an audit event (`rules` or `overrides`), read back; a list that does not read
/// is a damaged row, reported as an internal error rather than shown as empty.
fn recorded<T: serde::de::DeserializeOwned>(
    row: &EventRow,
    what: &str,
    value: &serde_json::Value,
) -> Result<T, ApiError> {
    serde_json::from_value(value.clone())
        .map_err(|e| ApiError(juece_engine::EngineError::Internal(format!("event {} {what} unreadable: {e}", row.id))))
}

/// An exception an event relied on.
#[derive(SimpleObject)]
pub struct AuditOverride {
    /// The rule id passed on the exception or skipped.
    pub rule: String,
    /// The reason given.
    pub reason: String,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::authz::Role")]
/// A role a user holds (see the permission table in ARCHITECTURE.md).
pub enum Role {
    GovOffice,
    Justice,
    Sponsor,
    Head,
    MeetingMember,
    Expert,
    MarketRegulator,
    Executor,
    Evaluator,
    Auditor,
    Admin,
}

/// A person who acts in juece, in one organisation, with one or more roles.
pub struct User(pub UserRow);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn username(&self) -> &str {
        &self.0.username
    }
    async fn name(&self) -> &str {
        &self.0.display_name
    }
    async fn roles(&self, ctx: &Context<'_>) -> Result<Vec<Role>> {
        Ok(engine(ctx).user_roles(&self.0).map_err(ApiError)?.into_iter().map(Role::from).collect())
    }
    async fn government(&self, ctx: &Context<'_>) -> Result<Government> {
        let rows = engine(ctx).governments_by_ids(&[self.0.government_id]).await.map_err(ApiError)?;
        Ok(Government(stored("user government", &self.0.government_id.to_string(), rows.into_iter().next())?))
    }
    /// The department the user belongs to; null for users of the government itself.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        match self.0.department_id {
            Some(id) => {
                Ok(engine(ctx).departments_by_ids(&[id]).await.map_err(ApiError)?.into_iter().next().map(Department))
            }
            None => Ok(None),
        }
    }
    /// Whether the user has been revoked (every token refused).
    async fn revoked(&self) -> bool {
        self.0.revoked_at.is_some()
    }
}

/// An opaque cursor over UUIDv7 ids.
pub struct IdCursor(pub Uuid);

impl CursorType for IdCursor {
    type Error = String;

    fn decode_cursor(s: &str) -> std::result::Result<Self, Self::Error> {
        let bytes =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).map_err(|_| "malformed cursor".to_owned())?;
        let text = String::from_utf8(bytes).map_err(|_| "malformed cursor".to_owned())?;
        let id = text.strip_prefix("id:").ok_or_else(|| "malformed cursor".to_owned())?;
        Uuid::parse_str(id).map(IdCursor).map_err(|_| "malformed cursor".to_owned())
    }

    fn encode_cursor(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("id:{}", self.0))
    }
}
