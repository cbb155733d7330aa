//! The annual decision catalogue (年度重大行政决策事项目录) and its items: value types and the
//! decisions on creating a catalogue, adding and amending items, and recording a publication.
//!
//! The full item lifecycle (§2.3 of the rule catalogue) is listed in [`ItemState`]; this module
//! decides the catalogue-stage steps. Each function takes the facts it needs and returns the events
//! to append, or a [`CoreError`] naming the field or the rule that stops the step.

use crate::Ctx;
use crate::error::{CoreError, InputError};
use crate::event::{DomainEvent, ItemChanges};
use crate::government::GovernmentCode;
use crate::rules::{R_01_2, R_02_3, R_02_6, R_02_7, Violation};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

string_enum! {
    /// The seven categories of 山东省重大行政决策程序规定 第三条第一款 (R-01-2).
    Category {
        /// 劳动就业、社会保障、教育科技、医疗卫生、文化体育等公共服务方面的重大公共政策和措施
        PublicServices = "SD3_1",
        /// 市场监管、社会管理、生态环境保护等方面的重大公共政策和措施
        RegulationAndEnvironment = "SD3_2",
        /// 经济和社会发展等方面的重要规划
        DevelopmentPlans = "SD3_3",
        /// 开发利用、保护重要自然资源的重大公共政策和措施
        NaturalResources = "SD3_4",
        /// 开发利用、保护重要文化资源的重大公共政策和措施
        CulturalResources = "SD3_5",
        /// 在本行政区域实施的重大公共建设项目
        PublicConstruction = "SD3_6",
        /// 对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项
        Other = "SD3_7",
    }
}

impl Category {
    /// The category as the provision words it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::PublicServices => {
                "劳动就业、社会保障、教育科技、医疗卫生、文化体育等公共服务方面的重大公共政策和措施"
            }
            Category::RegulationAndEnvironment => "市场监管、社会管理、生态环境保护等方面的重大公共政策和措施",
            Category::DevelopmentPlans => "经济和社会发展等方面的重要规划",
            Category::NaturalResources => "开发利用、保护水、土地、能源、矿产、生物等重要自然资源的重大公共政策和措施",
            Category::CulturalResources => {
                "开发利用、保护历史文化街区、传统村落、风景名胜区等重要文化资源的重大公共政策和措施"
            }
            Category::PublicConstruction => "在本行政区域实施的重大公共建设项目",
            Category::Other => "对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项",
        }
    }

    /// Parses a category code; an unknown code is a violation of R-01-2, not mere bad input,
    /// because an item outside the seven categories is not a major decision under Shandong's rules.
    pub fn require(code: &str) -> Result<Self, Violation> {
        Category::parse(code).ok_or_else(|| {
            Violation::new(
                R_01_2,
                format!("决策事项须归入山东省规定第三条第一款所列七类之一（SD3_1至SD3_7），“{code}”不在其中"),
                format!("an item must fall under one of the seven categories of Shandong Order 336 art. 3 (SD3_1 to SD3_7); \"{code}\" is not one"),
            )
        })
    }
}

string_enum! {
    /// The catalogue's own lifecycle (§2.2 of the rule catalogue).
    CatalogueStatus {
        /// Proposals are being collected (决策机关有关部门提出建议).
        Collecting = "COLLECTING",
        /// The justice bureau and the government office screen the proposals.
        Screening = "SCREENING",
        /// The draft catalogue is open for public comment (optional, R-02-5).
        DraftComment = "DRAFT_COMMENT",
        /// Decided by the decision organ (R-02-3).
        GovApproved = "GOV_APPROVED",
        /// The party committee has consented (R-02-3).
        PartyConsented = "PARTY_CONSENTED",
        /// Published (R-02-4); changes only through an adjustment (R-02-6).
        Published = "PUBLISHED",
        /// An adjustment request is under review (R-02-6).
        AdjustmentReview = "ADJUSTMENT_REVIEW",
    }
}

impl CatalogueStatus {
    /// Whether the public may see the catalogue: only once it is published (R-02-4).
    pub fn is_public(self) -> bool {
        self == CatalogueStatus::Published
    }

    /// Whether the catalogue's list of items is still open to additions and edits without an
    /// adjustment. Once the decision organ has approved it, the list is fixed (R-02-3, R-02-6).
    pub fn items_editable(self) -> bool {
        matches!(self, CatalogueStatus::Collecting | CatalogueStatus::Screening | CatalogueStatus::DraftComment)
    }
}

string_enum! {
    /// Where a decision item stands in the procedure (§2.3 of the rule catalogue).
    ItemState {
        Proposed = "PROPOSED",
        UnderStudy = "UNDER_STUDY",
        InCatalogue = "IN_CATALOGUE",
        Initiated = "INITIATED",
        Drafting = "DRAFTING",
        Consultation = "CONSULTATION",
        LegalitySubmitted = "LEGALITY_SUBMITTED",
        ReturnedForSupplement = "RETURNED_FOR_SUPPLEMENT",
        LegalityReviewed = "LEGALITY_REVIEWED",
        ReadyForMeeting = "READY_FOR_MEETING",
        Discussed = "DISCUSSED",
        Decided = "DECIDED",
        PartyReported = "PARTY_REPORTED",
        Published = "PUBLISHED",
        PublicationExempt = "PUBLICATION_EXEMPT",
        Executing = "EXECUTING",
        /// Execution suspended by the head (R-17-2).
        Suspended = "SUSPENDED",
        /// Under post-decision evaluation (R-16-1).
        PostEvaluation = "POST_EVALUATION",
        /// Still in force while its adjustment goes through the procedure again as a child item
        /// (R-17-3).
        Adjusting = "ADJUSTING",
        /// Its termination is going through legality review, meeting, party report and
        /// publication (R-17-4).
        Terminating = "TERMINATING",
        /// Execution done and recorded by the government office (R-15-2).
        Completed = "COMPLETED",
        /// Replaced by its adjustment once the adjustment was decided (R-17-3).
        Superseded = "SUPERSEDED",
        /// Stopped by a published termination decision (R-17-4).
        Terminated = "TERMINATED",
        ClosedRejected = "CLOSED_REJECTED",
        Withdrawn = "WITHDRAWN",
    }
}

impl ItemState {
    /// States in which an item is still a proposal inside the government, not yet in a published
    /// catalogue: the public does not see it.
    pub const INTERNAL: &'static [ItemState] = &[ItemState::Proposed, ItemState::UnderStudy];

    /// States in which the decision is in force and being executed: execution tasks run and
    /// progress is reported. A suspended decision keeps its tasks but reports nothing (R-17-2).
    pub const IN_FORCE: &'static [ItemState] = &[ItemState::Executing, ItemState::Adjusting, ItemState::PostEvaluation];

    /// States after the decision was published or exempted: the decision exists.
    pub const AFTER_PUBLICATION: &'static [ItemState] = &[
        ItemState::Published,
        ItemState::PublicationExempt,
        ItemState::Executing,
        ItemState::Suspended,
        ItemState::PostEvaluation,
        ItemState::Adjusting,
        ItemState::Terminating,
        ItemState::Completed,
        ItemState::Superseded,
        ItemState::Terminated,
    ];

    /// Whether the public may see the item.
    pub fn is_public(self) -> bool {
        !Self::INTERNAL.contains(&self)
    }
}

/// A month, as catalogues state the planned completion time (计划完成时间: “2022年10月”).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(YearMonth { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// Accepts `2022-10` and the gazette form `2022年10月`.
    pub fn parse(s: &str) -> Result<Self, InputError> {
        let t = s.trim();
        let parsed = if let Some(rest) = t.strip_suffix('月') {
            rest.split_once('年').and_then(|(y, m)| Some((y.trim().parse().ok()?, m.trim().parse().ok()?)))
        } else {
            t.split_once('-').and_then(|(y, m)| {
                (y.len() == 4 && m.len() == 2).then_some(())?;
                Some((y.parse().ok()?, m.parse().ok()?))
            })
        };
        parsed.and_then(|(y, m)| YearMonth::new(y, m)).ok_or_else(|| {
            InputError::new(
                "plannedCompletion",
                format!("计划完成时间应写作“2022-10”或“2022年10月”，收到“{t}”"),
                format!("a planned completion month is written 2022-10 or 2022年10月, got \"{t}\""),
            )
        })
    }

    /// The gazette spelling, `2022年10月`.
    pub fn to_zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        YearMonth::parse(&s).map_err(|e| e.en)
    }
}

impl From<YearMonth> for String {
    fn from(m: YearMonth) -> String {
        m.to_string()
    }
}

/// The name of a decision item (重大行政决策事项名称): trimmed, non-empty, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemTitle(String);

impl ItemTitle {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(s: &str) -> Result<Self, InputError> {
        let t = s.trim();
        let n = t.chars().count();
        if n < 2 {
            return Err(InputError::new(
                "title",
                "决策事项名称不能为空，且至少两个字",
                "an item title is required and has at least two characters",
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(InputError::new(
                "title",
                format!("决策事项名称不能超过{}个字（现为{n}个）", Self::MAX_CHARS),
                format!("an item title has at most {} characters (this one has {n})", Self::MAX_CHARS),
            ));
        }
        if t.chars().any(char::is_control) {
            return Err(InputError::new(
                "title",
                "决策事项名称含有控制字符",
                "an item title may not contain control characters",
            ));
        }
        Ok(ItemTitle(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ItemTitle {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        ItemTitle::parse(&s).map_err(|e| e.en)
    }
}

impl From<ItemTitle> for String {
    fn from(t: ItemTitle) -> String {
        t.0
    }
}

/// The earliest year a catalogue can be for: 国务院令第713号 entered into force on 2019-09-01.
pub const FIRST_CATALOGUE_YEAR: i32 = 2019;

/// A request to open a new annual catalogue.
#[derive(Debug, Clone)]
pub struct CreateCatalogue {
    pub catalogue_id: Uuid,
    pub government: GovernmentCode,
    /// The decision organ's name, for the default title.
    pub government_name: String,
    pub year: i32,
    pub title: Option<String>,
}

/// Opens a catalogue for a year. Proposals for year N are collected from the fourth quarter of
/// N-1 (R-02-2), so next year's catalogue may be opened now, but none further ahead.
pub fn create_catalogue(cmd: &CreateCatalogue, ctx: &Ctx) -> Result<DomainEvent, CoreError> {
    let this_year = ctx.now.year();
    if cmd.year < FIRST_CATALOGUE_YEAR || cmd.year > this_year + 1 {
        return Err(InputError::new(
            "year",
            format!("目录年度应在{FIRST_CATALOGUE_YEAR}年至{}年之间，收到{}", this_year + 1, cmd.year),
            format!("a catalogue year lies between {FIRST_CATALOGUE_YEAR} and {}, got {}", this_year + 1, cmd.year),
        )
        .into());
    }
    let title = match &cmd.title {
        Some(t) => ItemTitle::parse(t).map_err(|e| InputError { field: "title", ..e })?.as_str().to_owned(),
        None => format!("{}{}年度重大行政决策事项目录", cmd.government_name, cmd.year),
    };
    Ok(DomainEvent::CatalogueCreated {
        catalogue_id: cmd.catalogue_id,
        government_code: cmd.government.clone(),
        year: cmd.year,
        title,
        register: false,
    })
}

/// What the core needs to know about a catalogue to decide on its items.
#[derive(Debug, Clone)]
pub struct CatalogueFacts {
    pub id: Uuid,
    pub government: GovernmentCode,
    pub year: i32,
    pub status: CatalogueStatus,
    pub item_count: i32,
}

/// The sponsoring unit (承办单位) named for an item, as loaded by the caller.
#[derive(Debug, Clone)]
pub struct SponsorFacts {
    pub id: Uuid,
    pub government: GovernmentCode,
    pub name: String,
}

/// A request to add an item to a catalogue under compilation.
#[derive(Debug, Clone)]
pub struct AddItem {
    pub item_id: Uuid,
    pub title: String,
    pub sponsor: Option<SponsorFacts>,
    pub category: Option<String>,
    pub planned_completion: Option<String>,
}

fn refuse_published(catalogue: &CatalogueFacts, what_zh: &str, what_en: &str) -> Result<(), Violation> {
    if catalogue.status.items_editable() {
        return Ok(());
    }
    Err(Violation::new(
        R_02_6,
        format!(
            "{}年度目录已{}，{what_zh}须经目录调整程序（提出调整建议、按程序报经批准后重新公布）",
            catalogue.year,
            if catalogue.status == CatalogueStatus::Published { "公布" } else { "经决策机关研究确定" }
        ),
        format!(
            "the {} catalogue has been {}; {what_en} needs a catalogue adjustment (proposal, approval, republication)",
            catalogue.year,
            if catalogue.status == CatalogueStatus::Published { "published" } else { "approved by the decision organ" }
        ),
    ))
}

fn planned_not_before_year(planned: YearMonth, year: i32) -> Result<(), InputError> {
    if planned.year() < year {
        return Err(InputError::new(
            "plannedCompletion",
            format!("计划完成时间（{}）早于目录年度{year}年", planned.to_zh()),
            format!("the planned completion ({planned}) is before the catalogue year {year}"),
        ));
    }
    Ok(())
}

fn require_sponsor(sponsor: Option<&SponsorFacts>, catalogue: &CatalogueFacts) -> Result<SponsorFacts, CoreError> {
    let sponsor = sponsor.ok_or_else(|| {
        Violation::new(
            R_02_7,
            "目录事项须载明主要承办单位",
            "a catalogue item must name its sponsoring unit (主要承办单位)",
        )
    })?;
    if sponsor.government != catalogue.government {
        return Err(InputError::new(
            "sponsorId",
            format!("承办单位“{}”不属于本决策机关（{}）", sponsor.name, catalogue.government),
            format!(
                "the sponsoring unit \"{}\" does not belong to this decision organ ({})",
                sponsor.name, catalogue.government
            ),
        )
        .into());
    }
    Ok(sponsor.clone())
}

fn require_planned(planned: Option<&str>) -> Result<YearMonth, CoreError> {
    let raw = planned.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
        Violation::new(
            R_02_7,
            "目录事项须载明计划完成时间",
            "a catalogue item must state its planned completion month (计划完成时间)",
        )
    })?;
    Ok(YearMonth::parse(raw)?)
}

fn require_category(category: Option<&str>) -> Result<Category, CoreError> {
    let code = category.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
        Violation::new(
            R_01_2,
            "决策事项须归入山东省规定第三条第一款所列七类之一",
            "an item must be classified under one of the seven categories of Shandong Order 336 art. 3",
        )
    })?;
    Ok(Category::require(code)?)
}

/// Adds an item to a catalogue that is still being compiled. The item takes the next 序号.
pub fn add_item(catalogue: &CatalogueFacts, cmd: &AddItem, ctx: &Ctx) -> Result<Vec<DomainEvent>, CoreError> {
    let _ = ctx;
    refuse_published(catalogue, "新增事项", "adding an item")?;
    let title = ItemTitle::parse(&cmd.title)?;
    let category = require_category(cmd.category.as_deref())?;
    let sponsor = require_sponsor(cmd.sponsor.as_ref(), catalogue)?;
    let planned = require_planned(cmd.planned_completion.as_deref())?;
    planned_not_before_year(planned, catalogue.year)?;
    let seq = catalogue.item_count + 1;
    Ok(vec![
        DomainEvent::CatalogueItemAdded { catalogue_id: catalogue.id, item_id: cmd.item_id, seq },
        DomainEvent::ItemCreated {
            item_id: cmd.item_id,
            catalogue_id: catalogue.id,
            seq,
            title,
            sponsor_id: sponsor.id,
            sponsor_name: sponsor.name,
            category,
            planned_completion: planned,
            state: ItemState::Proposed,
            parent_item_id: None,
            profile_version: None,
        },
    ])
}

/// What the core needs to know about an item to amend it.
#[derive(Debug, Clone)]
pub struct ItemFacts {
    pub id: Uuid,
    pub state: ItemState,
    pub title: ItemTitle,
    pub sponsor_id: Uuid,
    pub category: Category,
    pub planned_completion: YearMonth,
}

/// The fields a clerk may change on an item of a catalogue under compilation; `None` = unchanged.
#[derive(Debug, Clone, Default)]
pub struct AmendItem {
    pub title: Option<String>,
    pub sponsor: Option<SponsorFacts>,
    pub category: Option<String>,
    pub planned_completion: Option<String>,
}

/// Amends an item while its catalogue is being compiled. Once the catalogue is approved, a change
/// is a catalogue adjustment (R-02-6), never an edit.
pub fn amend_item(
    catalogue: &CatalogueFacts,
    item: &ItemFacts,
    cmd: &AmendItem,
    ctx: &Ctx,
) -> Result<DomainEvent, CoreError> {
    let _ = ctx;
    refuse_published(catalogue, "修改事项", "changing an item")?;
    if !matches!(item.state, ItemState::Proposed | ItemState::UnderStudy) {
        return Err(Violation::new(
            R_02_6,
            format!("事项已处于“{}”阶段，修改须经目录调整程序", item.state),
            format!("the item is already at {}; a change needs a catalogue adjustment", item.state),
        )
        .into());
    }
    let mut changes = ItemChanges::default();
    if let Some(t) = &cmd.title {
        let t = ItemTitle::parse(t)?;
        if t != item.title {
            changes.title = Some(t);
        }
    }
    if let Some(c) = &cmd.category {
        let c = require_category(Some(c))?;
        if c != item.category {
            changes.category = Some(c);
        }
    }
    if cmd.sponsor.is_some() {
        let s = require_sponsor(cmd.sponsor.as_ref(), catalogue)?;
        if s.id != item.sponsor_id {
            changes.sponsor_id = Some(s.id);
            changes.sponsor_name = Some(s.name);
        }
    }
    if let Some(p) = &cmd.planned_completion {
        let p = require_planned(Some(p))?;
        planned_not_before_year(p, catalogue.year)?;
        if p != item.planned_completion {
            changes.planned_completion = Some(p);
        }
    }
    if changes.is_empty() {
        return Err(InputError::new(
            "input",
            "没有需要修改的内容：所给字段与现值相同或均为空",
            "nothing to change: every given field is empty or equals the current value",
        )
        .into());
    }
    Ok(DomainEvent::ItemAmended { item_id: item.id, changes })
}

/// The publication of a catalogue as a gazette records it: the document number and date.
#[derive(Debug, Clone)]
pub struct RecordPublication {
    pub document_number: String,
    pub published_on: NaiveDate,
    /// Where the publication can be read (the gazette issue).
    pub source: String,
    /// The items of the catalogue, with their current state.
    pub items: Vec<(Uuid, ItemState)>,
}

/// Records that a catalogue was decided, consented to and published outside juece, as the gazette
/// that printed it proves (R-02-3). Its items enter the catalogue (T2: PROPOSED → IN_CATALOGUE).
pub fn record_published_catalogue(
    catalogue: &CatalogueFacts,
    cmd: &RecordPublication,
    ctx: &Ctx,
) -> Result<Vec<DomainEvent>, CoreError> {
    if catalogue.status == CatalogueStatus::Published {
        return Err(Violation::new(
            R_02_6,
            format!("{}年度目录已公布，再次公布须经目录调整程序", catalogue.year),
            format!("the {} catalogue is already published; republication follows an adjustment", catalogue.year),
        )
        .into());
    }
    let doc = cmd.document_number.trim();
    if doc.is_empty() {
        return Err(Violation::new(
            R_02_3,
            "记录目录公布须载明公布文件的文号",
            "recording a catalogue's publication needs the document number it was published under",
        )
        .into());
    }
    if cmd.published_on > ctx.now.date_naive() {
        return Err(InputError::new(
            "publishedOn",
            "公布日期不能晚于今天",
            "the publication date cannot be in the future",
        )
        .into());
    }
    if cmd.published_on.year() < catalogue.year - 1 || cmd.published_on.year() > catalogue.year {
        return Err(InputError::new(
            "publishedOn",
            format!("{}年度目录的公布日期应在{}年或{}年内", catalogue.year, catalogue.year - 1, catalogue.year),
            format!("the {} catalogue is published in {} or {}", catalogue.year, catalogue.year - 1, catalogue.year),
        )
        .into());
    }
    // Items are pinned to the rules in force on the day they enter the catalogue (the day of
    // publication), so that a later change of the rules never rewrites a running procedure.
    let pin = crate::profile::in_force(crate::profile::profile_of(&catalogue.government), cmd.published_on);
    let mut events = vec![DomainEvent::CataloguePublicationRecorded {
        catalogue_id: catalogue.id,
        document_number: doc.to_owned(),
        published_on: cmd.published_on,
        source: cmd.source.trim().to_owned(),
    }];
    for (item_id, state) in &cmd.items {
        if matches!(state, ItemState::Proposed | ItemState::UnderStudy) {
            events.push(DomainEvent::ItemStateChanged {
                item_id: *item_id,
                from: *state,
                to: ItemState::InCatalogue,
                rule: Some(R_02_3.id.to_owned()),
                profile_version: pin.map(|v| v.version.to_owned()),
                step: Some("T2".to_owned()),
                artefact: None,
            });
        }
    }
    Ok(events)
}
