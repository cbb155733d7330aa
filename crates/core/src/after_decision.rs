//! After the decision is executing (T17–T23): suspension by the head, resumption, post-decision
//! evaluation, adjustment through a child procedure, termination and completion.
//!
//! The engine gathers the facts (the item's record, the evaluation so far, the open tasks) and asks
//! [`decide_after`]; it answers with the events to store, or the rule that forbids the step.

use crate::Ctx;
use crate::artefact::{ArtefactKind, ArtefactRef};
use crate::catalogue::{ItemFacts, ItemState, ItemTitle};
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::procedure::{TransitionDef, transition};
use crate::publication::Publication;
use crate::rules::{R_13_1, R_15_2, R_16_1, R_16_2, R_16_3, R_16_5, R_17_2, R_17_3, R_17_4, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

string_enum! {
    /// The situations of 国务院令第713号 art. 35 ¶1 in which the head may suspend (R-17-2).
    Art35Situation {
        /// 决策实施中发现存在问题.
        DecisionProblem = "DECISION_PROBLEM",
        /// 客观情况发生重大变化.
        CircumstancesChanged = "CIRCUMSTANCES_CHANGED",
        /// 不可抗力等因素导致决策目标全部或者部分不能实现.
        ForceMajeure = "FORCE_MAJEURE",
    }
}

string_enum! {
    /// The triggers of a post-decision evaluation (R-16-1).
    EvaluationTrigger {
        /// (a) 决策所依据的法律、法规、规章、政策或者客观情况发生重大变化 (SD-PE).
        BasisChanged = "BASIS_CHANGED",
        /// (b) 决策实施后明显未达到预期效果.
        EffectShort = "EFFECT_SHORT",
        /// (c) 公民、法人或者其他组织提出较多意见.
        ManyOpinions = "MANY_OPINIONS",
        /// (d) 决策机关认为有必要.
        OrganDeems = "ORGAN_DEEMS",
    }
}

string_enum! {
    /// Whom an evaluation heard (R-16-3).
    InputSource {
        /// 社会公众.
        Public = "PUBLIC",
        /// 人大代表.
        NpcDeputies = "NPC_DEPUTIES",
        /// 政协委员.
        CppccMembers = "CPPCC_MEMBERS",
        /// 人民团体.
        PeoplesOrganisations = "PEOPLES_ORGANISATIONS",
        /// 基层组织.
        GrassrootsOrganisations = "GRASSROOTS_ORGANISATIONS",
        /// 社会组织.
        SocialOrganisations = "SOCIAL_ORGANISATIONS",
        /// 有代表性的企业和行业协会商会 (SD-PE, for decisions touching enterprises).
        Enterprises = "ENTERPRISES",
    }
}

string_enum! {
    /// What an evaluation report recommends, and what the organ then decides (R-16-5).
    Recommendation {
        Continue = "CONTINUE",
        Adjust = "ADJUST",
        Suspend = "SUSPEND",
        Terminate = "TERMINATE",
    }
}

string_enum! {
    /// The steps a termination goes through before it is published (R-17-4 [U]: the profile says
    /// which are required).
    TerminationStage {
        /// 合法性审查.
        LegalityReview = "LEGALITY_REVIEW",
        /// 集体讨论.
        Meeting = "MEETING",
        /// 向同级党委请示报告.
        PartyReport = "PARTY_REPORT",
    }
}

impl TerminationStage {
    pub fn label_zh(self) -> &'static str {
        match self {
            TerminationStage::LegalityReview => "合法性审查",
            TerminationStage::Meeting => "常务会议讨论",
            TerminationStage::PartyReport => "向同级党委请示报告",
        }
    }
}

string_enum! {
    /// A record kept after the decision that does not move the item by itself.
    AfterRecord {
        /// Input heard by the evaluation (R-16-3).
        EvaluationInput = "EVALUATION_INPUT",
        /// The evaluator's report (R-16-5).
        EvaluationReport = "EVALUATION_REPORT",
        /// One of the steps a termination goes through (R-17-4).
        TerminationStep = "TERMINATION_STEP",
    }
}

/// The head's order suspending execution (R-17-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuspensionOrder {
    pub decided_on: NaiveDate,
    /// The art. 35 situation; an order without one is refused (R-17-2), so it is optional here to
    /// let the refusal name the rule rather than fail as malformed input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<Art35Situation>,
    /// What happened: the problem found, the change, the force majeure.
    pub facts: String,
    /// Why it cannot wait for an evaluation and the procedure (「情况紧急」).
    pub urgency: String,
    /// The order as issued, if it has a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

/// The order resuming execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeOrder {
    pub resumed_on: NaiveDate,
    pub reason: String,
}

/// The organ's decision to evaluate, naming the trigger and the evaluator (R-16-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationStart {
    pub decided_on: NaiveDate,
    pub trigger: EvaluationTrigger,
    /// The facts of the trigger: what changed, what fell short, how many opinions came.
    pub trigger_facts: String,
    /// The evaluation unit: the sponsor or a commissioned third party.
    pub evaluator: String,
    #[serde(default)]
    pub third_party: bool,
}

/// Input heard by the evaluation (R-16-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationInput {
    pub received_on: NaiveDate,
    pub source: InputSource,
    /// 座谈会、问卷调查、实地走访、书面征求意见 …
    pub method: String,
    /// How many took part or answered.
    pub participants: u32,
    pub summary: String,
}

/// The evaluation report (R-16-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationReport {
    pub submitted_on: NaiveDate,
    /// The unit that wrote it: the one the start decision named.
    pub evaluator: String,
    pub findings: String,
    pub recommendation: Recommendation,
    pub reasons: String,
}

/// The organ's decision on the evaluation's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationConclusion {
    pub concluded_on: NaiveDate,
    pub outcome: Recommendation,
    /// Why, and why it differs from the report's recommendation where it does.
    pub reason: String,
    /// For a suspension: the head's order (R-17-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<SuspensionOrder>,
}

/// The decision to adjust through a new procedure (R-17-3): the child item's name and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentStart {
    pub decided_on: NaiveDate,
    /// The adjustment's own title, e.g. 关于调整《…》的决定.
    pub title: ItemTitle,
    pub reason: String,
    /// The child item, as the engine made it.
    pub child_item_id: Uuid,
}

/// One step of a termination (R-17-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminationRecord {
    pub stage: TerminationStage,
    pub recorded_on: NaiveDate,
    /// The opinion, minutes or report, by number or title.
    pub document: String,
    /// Whether it agreed to stop execution: a legality review found it lawful, the meeting
    /// approved, the party committee agreed.
    pub agreed: bool,
    #[serde(default)]
    pub remarks: String,
}

/// The government office's record that execution is done (R-15-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionRecord {
    pub completed_on: NaiveDate,
    /// The execution units' final report on execution, as the organ received it.
    pub final_report: String,
}

/// A step after the decision, with the facts the engine found for it.
#[derive(Debug, Clone)]
pub enum AfterCommand {
    /// T17. `by_head`: the actor acts in the HEAD role.
    Suspend { order: SuspensionOrder, by_head: bool },
    /// T18.
    Resume(ResumeOrder),
    /// T19. `pre_decision_units`: who did the expert review, the risk assessment and the other
    /// main studies before the decision (R-16-2).
    StartEvaluation { start: EvaluationStart, pre_decision_units: Vec<String> },
    /// Input heard, inside POST_EVALUATION.
    RecordEvaluationInput(EvaluationInput),
    /// The report, inside POST_EVALUATION, against the start decision.
    SubmitEvaluationReport { report: EvaluationReport, start: Option<EvaluationStart> },
    /// T20-*: the organ decides on the report.
    ConcludeEvaluation {
        conclusion: EvaluationConclusion,
        report: Option<EvaluationReport>,
        inputs: Vec<EvaluationInput>,
        by_head: bool,
    },
    /// T21: the child item is made at DRAFTING in the parent's catalogue, at `seq`.
    StartAdjustment {
        start: AdjustmentStart,
        catalogue_id: Uuid,
        seq: i32,
        sponsor_name: String,
        /// An adjustment already under way and not yet decided.
        open_child: Option<Uuid>,
        profile_version: String,
    },
    /// T21-SUPERSEDE, on the parent when its child is decided.
    Supersede { child_item_id: Uuid },
    /// A step of the termination, inside TERMINATING.
    RecordTerminationStep(TerminationRecord),
    /// T22: publication of the termination, with the steps recorded and those required.
    Terminate { publication: Publication, recorded: Vec<TerminationRecord>, required: Vec<TerminationStage> },
    /// T23.
    Complete { record: CompletionRecord, open_tasks: Vec<String> },
}

impl AfterCommand {
    /// The row of the procedure table the step takes, or `None` for records that do not move the
    /// item (they are authorized by their own operation).
    pub fn transition_id(&self) -> Option<&'static str> {
        Some(match self {
            AfterCommand::Suspend { .. } => "T17",
            AfterCommand::Resume(_) => "T18",
            AfterCommand::StartEvaluation { .. } => "T19",
            AfterCommand::ConcludeEvaluation { conclusion, .. } => match conclusion.outcome {
                Recommendation::Continue => "T20",
                Recommendation::Adjust => "T20-ADJUST",
                Recommendation::Suspend => "T20-SUSPEND",
                Recommendation::Terminate => "T20-TERMINATE",
            },
            AfterCommand::StartAdjustment { .. } => "T21",
            AfterCommand::Supersede { .. } => "T21-SUPERSEDE",
            AfterCommand::Terminate { .. } => "T22",
            AfterCommand::Complete { .. } => "T23",
            AfterCommand::RecordEvaluationInput(_)
            | AfterCommand::SubmitEvaluationReport { .. }
            | AfterCommand::RecordTerminationStep(_) => return None,
        })
    }

    pub fn artefact_kind(&self) -> Option<ArtefactKind> {
        Some(match self {
            AfterCommand::Suspend { .. } => ArtefactKind::SuspensionOrder,
            AfterCommand::Resume(_) => ArtefactKind::ResumeOrder,
            AfterCommand::StartEvaluation { .. } => ArtefactKind::EvaluationStart,
            AfterCommand::RecordEvaluationInput(_) => ArtefactKind::EvaluationInput,
            AfterCommand::SubmitEvaluationReport { .. } => ArtefactKind::EvaluationReport,
            AfterCommand::ConcludeEvaluation { .. } => ArtefactKind::EvaluationConclusion,
            AfterCommand::StartAdjustment { .. } => ArtefactKind::AdjustmentStart,
            AfterCommand::Supersede { .. } => return None,
            AfterCommand::RecordTerminationStep(_) => ArtefactKind::TerminationRecord,
            AfterCommand::Terminate { .. } => ArtefactKind::TerminationPublication,
            AfterCommand::Complete { .. } => ArtefactKind::CompletionRecord,
        })
    }

    /// The states the step is taken from: its row's, or for records the state they belong to.
    fn taken_from(&self) -> &'static [ItemState] {
        match self {
            AfterCommand::RecordEvaluationInput(_) | AfterCommand::SubmitEvaluationReport { .. } => {
                &[ItemState::PostEvaluation]
            }
            AfterCommand::RecordTerminationStep(_) => &[ItemState::Terminating],
            _ => self.row().map_or(&[], |r| r.from),
        }
    }

    pub fn row(&self) -> Option<&'static TransitionDef> {
        self.transition_id().and_then(transition)
    }

    /// What the step is called, for an out-of-order refusal.
    fn name(&self) -> (&'static str, &'static str) {
        match self {
            AfterCommand::RecordEvaluationInput(_) => ("EVALUATION_INPUT", "记录评估听取的意见"),
            AfterCommand::SubmitEvaluationReport { .. } => ("EVALUATION_REPORT", "提交评估报告"),
            AfterCommand::RecordTerminationStep(_) => ("TERMINATION_STEP", "记录停止执行的程序环节"),
            _ => self.row().map_or(("?", "?"), |r| (r.id, r.name_zh)),
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn required(field: &'static str, value: &str, zh: &str, en: &str) -> Result<(), CoreError> {
    if blank(value) {
        return Err(InputError::new(field, format!("{zh}不能为空"), format!("{en} is required")).into());
    }
    Ok(())
}

fn not_future(field: &'static str, day: NaiveDate, today: NaiveDate) -> Result<(), CoreError> {
    if day > today {
        return Err(InputError::new(field, "日期不能晚于今天", "the date cannot be in the future").into());
    }
    Ok(())
}

/// How names are compared for independence: case, spaces and brackets' width set aside, so that
/// “某某（集团）公司” and “某某(集团)公司 ” are the same unit.
fn same_unit(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// R-17-2: only the head, in an art. 35 situation, when urgent.
fn check_suspension(order: &SuspensionOrder, by_head: bool, today: NaiveDate) -> Result<(), CoreError> {
    if !by_head {
        return Err(Violation::new(
            R_17_2,
            "只有行政首长可以决定暂停执行决策",
            "only the head of government may decide to suspend execution",
        )
        .into());
    }
    if order.situation.is_none() || blank(&order.facts) || blank(&order.urgency) {
        return Err(Violation::new(
            R_17_2,
            "暂停执行须写明第三十五条规定的情形（存在问题、情况重大变化或不可抗力）及情况紧急的理由",
            "a suspension states the art. 35 situation (a problem, a major change or force majeure) and why it is urgent",
        )
        .into());
    }
    not_future("decidedOn", order.decided_on, today)
}

/// Decides a step after the decision.
pub fn decide_after(
    item: &ItemFacts,
    cmd: &AfterCommand,
    artefact: Option<ArtefactRef>,
    ctx: &Ctx,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = cmd.taken_from();
    if !from.contains(&item.state) {
        let (id, name) = cmd.name();
        let list: Vec<_> = from.iter().map(|s| s.as_str()).collect();
        return Err(CoreError::OutOfOrder {
            transition: id,
            state: item.state,
            zh: format!("“{name}”（{id}）只能在{}阶段办理，该事项现处于{}阶段", list.join("、"), item.state),
            en: format!("{id} ({name}) is taken from {}; the item is at {}", list.join(", "), item.state),
        });
    }
    let today = crate::participation::shanghai_today(ctx);
    match cmd {
        AfterCommand::Suspend { order, by_head } => check_suspension(order, *by_head, today)?,
        AfterCommand::Resume(r) => {
            required("reason", &r.reason, "恢复执行的理由", "the reason to resume")?;
            not_future("resumedOn", r.resumed_on, today)?;
        }
        AfterCommand::StartEvaluation { start, pre_decision_units } => {
            if blank(&start.trigger_facts) || blank(&start.evaluator) {
                return Err(Violation::new(
                    R_16_1,
                    "启动决策后评估须写明评估情形的事实，并确定评估单位",
                    "an evaluation starts on a stated trigger with its facts and names the evaluation unit",
                )
                .into());
            }
            if let Some(u) = pre_decision_units.iter().find(|u| same_unit(u, &start.evaluator)) {
                return Err(Violation::new(
                    R_16_2,
                    format!("“{u}”在决策作出前承担了主要论证评估工作，不得承担决策后评估"),
                    format!("\"{u}\" did the main studies or assessments before the decision and may not evaluate it"),
                )
                .into());
            }
            not_future("decidedOn", start.decided_on, today)?;
        }
        AfterCommand::RecordEvaluationInput(input) => {
            required("summary", &input.summary, "意见摘要", "a summary")?;
            required("method", &input.method, "听取意见的方式", "how the input was gathered")?;
            not_future("receivedOn", input.received_on, today)?;
        }
        AfterCommand::SubmitEvaluationReport { report, start } => {
            required("findings", &report.findings, "评估结论", "the findings")?;
            required("reasons", &report.reasons, "建议的理由", "the reasons of the recommendation")?;
            let designated = start.as_ref().map(|s| s.evaluator.as_str()).unwrap_or_default();
            if !same_unit(designated, &report.evaluator) {
                return Err(Violation::new(
                    R_16_2,
                    format!("评估报告须由决策机关确定的评估单位（{designated}）出具"),
                    format!("the report comes from the evaluation unit the organ named ({designated})"),
                )
                .into());
            }
            not_future("submittedOn", report.submitted_on, today)?;
        }
        AfterCommand::ConcludeEvaluation { conclusion, report, inputs, by_head } => {
            let Some(report) = report else {
                return Err(Violation::new(
                    R_16_5,
                    "评估单位提交评估报告后，决策机关方可作出处理决定",
                    "the organ decides on an evaluation once the evaluator's report is in",
                )
                .into());
            };
            if inputs.is_empty() {
                return Err(Violation::new(
                    R_16_3,
                    "决策后评估应当听取社会公众和有关方面的意见，尚无记录",
                    "an evaluation hears the public and those concerned; none is recorded",
                )
                .into());
            }
            required("reason", &conclusion.reason, "处理决定的理由", "the reason of the conclusion")?;
            if conclusion.outcome == Recommendation::Suspend {
                match &conclusion.suspension {
                    Some(order) => check_suspension(order, *by_head, today)?,
                    None => {
                        return Err(Violation::new(
                            R_17_2,
                            "依评估结果暂停执行，须附行政首长的暂停执行决定",
                            "suspending on an evaluation needs the head's suspension order",
                        )
                        .into());
                    }
                }
            }
            // A conclusion may depart from the recommendation; the reason then says why, which
            // the `reason` field already requires.
            let _ = report;
            not_future("concludedOn", conclusion.concluded_on, today)?;
        }
        AfterCommand::StartAdjustment { start, open_child, .. } => {
            if let Some(child) = open_child {
                return Err(Violation::new(
                    R_17_3,
                    format!("已有调整程序（事项 {child}）正在进行，须待其作出决定"),
                    format!("an adjustment (item {child}) is already under way; it must be decided first"),
                )
                .into());
            }
            required("reason", &start.reason, "调整的理由", "the reason of the adjustment")?;
            not_future("decidedOn", start.decided_on, today)?;
        }
        AfterCommand::Supersede { .. } => {}
        AfterCommand::RecordTerminationStep(r) => {
            required("document", &r.document, "文件名称或文号", "the document")?;
            not_future("recordedOn", r.recorded_on, today)?;
        }
        AfterCommand::Terminate { publication, recorded, required: needed } => {
            for stage in needed {
                let agreed = recorded.iter().rev().find(|r| r.stage == *stage).is_some_and(|r| r.agreed);
                if !agreed {
                    return Err(Violation::new(
                        R_17_4,
                        format!("停止执行须经{}，尚无同意的记录", stage.label_zh()),
                        format!("a termination goes through {stage} first; no agreeing record is there"),
                    )
                    .into());
                }
            }
            if blank(&publication.document_number)
                || (publication.gazette_issue.is_none() && publication.url.is_none() && publication.newspaper.is_none())
            {
                return Err(Violation::new(
                    R_13_1,
                    "停止执行的决定须写明文号，并通过政府公报、政府网站或本地报刊公布",
                    "a termination is published with its document number in the gazette, on the website or in a local newspaper",
                )
                .into());
            }
            not_future("publishedOn", publication.published_on, today)?;
        }
        AfterCommand::Complete { record, open_tasks } => {
            if !open_tasks.is_empty() {
                return Err(Violation::new(
                    R_15_2,
                    format!("尚有{}项执行任务未完成：{}", open_tasks.len(), open_tasks.join("；")),
                    format!("{} execution task(s) are not done: {}", open_tasks.len(), open_tasks.join("; ")),
                )
                .into());
            }
            required("finalReport", &record.final_report, "执行情况总结报告", "the final execution report")?;
            not_future("completedOn", record.completed_on, today)?;
        }
    }

    let mut events = Vec::new();
    match cmd {
        AfterCommand::RecordEvaluationInput(_) | AfterCommand::SubmitEvaluationReport { .. } => {
            if let Some(a) = artefact {
                let record = if matches!(cmd, AfterCommand::RecordEvaluationInput(_)) {
                    AfterRecord::EvaluationInput
                } else {
                    AfterRecord::EvaluationReport
                };
                events.push(DomainEvent::AfterDecisionRecorded { item_id: item.id, record, artefact: a });
            }
        }
        AfterCommand::RecordTerminationStep(_) => {
            if let Some(a) = artefact {
                events.push(DomainEvent::AfterDecisionRecorded {
                    item_id: item.id,
                    record: AfterRecord::TerminationStep,
                    artefact: a,
                });
            }
        }
        AfterCommand::StartAdjustment { start, catalogue_id, seq, sponsor_name, profile_version, .. } => {
            let Some(a) = artefact else {
                return Err(CoreError::Invalid(InputError::new("adjustment", "缺少调整决定", "no adjustment record")));
            };
            events.push(DomainEvent::AdjustmentStarted {
                item_id: item.id,
                child_item_id: start.child_item_id,
                artefact: a,
            });
            events.push(DomainEvent::CatalogueItemAdded {
                catalogue_id: *catalogue_id,
                item_id: start.child_item_id,
                seq: *seq,
            });
            events.push(DomainEvent::ItemCreated {
                item_id: start.child_item_id,
                catalogue_id: *catalogue_id,
                seq: *seq,
                title: start.title.clone(),
                sponsor_id: item.sponsor_id,
                sponsor_name: sponsor_name.clone(),
                category: item.category,
                planned_completion: item.planned_completion,
                state: ItemState::Drafting,
                parent_item_id: Some(item.id),
                profile_version: Some(profile_version.clone()),
            });
        }
        _ => {
            let row = cmd.row().ok_or_else(|| {
                CoreError::Invalid(InputError::new("step", "未知的办理环节", "a step without a table row"))
            })?;
            events.push(DomainEvent::ItemStateChanged {
                item_id: item.id,
                from: item.state,
                to: row.to,
                rule: row.guards.first().map(|g| (*g).to_owned()),
                profile_version: None,
                step: Some(row.id.to_owned()),
                artefact,
            });
        }
    }
    Ok(events)
}

/// Who did the main studies and assessments before the decision (R-16-2): the risk assessor and
/// the institutions that gave expert opinions.
pub fn pre_decision_units(
    risk: Option<&crate::risk::RiskReport>,
    experts: Option<&crate::expert::ExpertReview>,
) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    if let Some(r) = risk {
        units.push(r.assessor.clone());
    }
    if let Some(e) = experts {
        units.extend(e.experts.iter().filter(|x| x.institution).map(|x| x.name.clone()));
    }
    units.retain(|u| !blank(u));
    units
}
