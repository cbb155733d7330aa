//! The steps after the decision over GraphQL (T17–T23): suspension by the head and resumption,
//! the post-decision evaluation (its start, the input it heard, the evaluator's report and the
//! organ's conclusion), adjustment through a child item, the termination's stages and its
//! publication, and completion.

use crate::calendar::Date;
use crate::decision::text;
use crate::error::ApiError;
use crate::types::{CatalogueItem, engine, parse_id, viewer};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use juece_core::after_decision as ad;
use juece_engine::{AdjustmentRequest, AfterInput};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::after_decision::Art35Situation")]
/// The situations of 国务院令第713号 art. 35 in which the head may suspend (R-17-2).
pub enum Art35Situation {
    /// 决策实施中发现存在问题.
    DecisionProblem,
    /// 客观情况发生重大变化.
    CircumstancesChanged,
    /// 不可抗力等因素导致决策目标全部或者部分不能实现.
    ForceMajeure,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::after_decision::EvaluationTrigger")]
/// Why a post-decision evaluation starts (R-16-1).
pub enum EvaluationTrigger {
    /// 决策所依据的法律、政策或者客观情况发生重大变化.
    BasisChanged,
    /// 明显未达到预期效果.
    EffectShort,
    /// 公民、法人或者其他组织提出较多意见.
    ManyOpinions,
    /// 决策机关认为有必要.
    OrganDeems,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::after_decision::InputSource", name = "EvaluationInputSource")]
/// Whom an evaluation heard (R-16-3).
pub enum InputSource {
    Public,
    NpcDeputies,
    CppccMembers,
    PeoplesOrganisations,
    GrassrootsOrganisations,
    SocialOrganisations,
    /// Representative enterprises and trade associations (SD-PE).
    Enterprises,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::after_decision::Recommendation")]
/// What an evaluation recommends, and what the organ decides on it (R-16-5).
pub enum Recommendation {
    Continue,
    Adjust,
    Suspend,
    Terminate,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::after_decision::TerminationStage")]
/// A stage a termination goes through before it is published (R-17-4).
pub enum TerminationStage {
    /// 合法性审查 (the justice bureau).
    LegalityReview,
    /// 集体讨论 (recorded by the government office or the head).
    Meeting,
    /// 向同级党委请示报告.
    PartyReport,
}

#[derive(InputObject)]
pub struct SuspendExecutionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub decided_on: Date,
    /// The art. 35 situation (R-17-2).
    pub situation: Option<Art35Situation>,
    /// What happened: the problem found, the change, the force majeure.
    pub facts: String,
    /// Why it cannot wait (情况紧急, R-17-2).
    pub urgency: Option<String>,
    /// The order's document number, if it has one.
    pub document: Option<String>,
}

/// The head's suspension order, inside an evaluation's conclusion.
#[derive(InputObject)]
pub struct SuspensionOrderInput {
    pub decided_on: Date,
    pub situation: Option<Art35Situation>,
    pub facts: String,
    pub urgency: Option<String>,
    pub document: Option<String>,
}

#[derive(InputObject)]
pub struct ResumeExecutionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub resumed_on: Date,
    pub reason: String,
}

#[derive(InputObject)]
pub struct StartEvaluationInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub decided_on: Date,
    pub trigger: EvaluationTrigger,
    /// The facts of the trigger: what changed, what fell short, how many opinions came.
    pub trigger_facts: String,
    /// The evaluation unit: the sponsor, or a commissioned third party that did not do the main
    /// studies before the decision (R-16-2).
    pub evaluator: String,
    #[graphql(default)]
    pub third_party: bool,
}

#[derive(InputObject)]
pub struct RecordEvaluationInputInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub received_on: Date,
    pub source: InputSource,
    /// 座谈会、问卷调查、实地走访、书面征求意见 …
    pub method: String,
    /// How many took part or answered.
    pub participants: u32,
    pub summary: String,
}

#[derive(InputObject)]
pub struct SubmitEvaluationReportInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub submitted_on: Date,
    /// The unit that wrote it: the one the start decision named (R-16-2).
    pub evaluator: String,
    pub findings: String,
    pub recommendation: Recommendation,
    pub reasons: String,
}

#[derive(InputObject)]
pub struct ConcludeEvaluationInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub concluded_on: Date,
    pub outcome: Recommendation,
    /// Why, and why it differs from the report's recommendation where it does.
    pub reason: String,
    /// For SUSPEND: the head's order (R-17-2).
    pub suspension: Option<SuspensionOrderInput>,
}

#[derive(InputObject)]
pub struct StartAdjustmentInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub decided_on: Date,
    /// The adjustment's own title, e.g. 关于调整《…》的决定.
    pub title: String,
    pub reason: String,
}

#[derive(InputObject)]
pub struct RecordTerminationStepInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub stage: TerminationStage,
    pub recorded_on: Date,
    /// The opinion, minutes or report, by number or title.
    pub document: String,
    /// Whether it agreed to stop execution.
    pub agreed: bool,
    #[graphql(default)]
    pub remarks: String,
}

#[derive(InputObject)]
pub struct TerminateDecisionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub published_on: Date,
    /// 文号 of the decision to stop execution.
    pub document_number: String,
    pub title: String,
    pub gazette_issue: Option<String>,
    pub url: Option<String>,
    pub newspaper: Option<String>,
    pub interpretation: Option<String>,
}

#[derive(InputObject)]
pub struct CompleteExecutionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub completed_on: Date,
    /// The execution units' final report, as the organ received it (R-15-2).
    pub final_report: String,
}

/// A started adjustment: the item adjusted, still in force, and its child procedure.
#[derive(SimpleObject)]
pub struct AdjustmentStarted {
    pub parent: CatalogueItem,
    pub child: CatalogueItem,
}

fn order(
    decided_on: Date,
    situation: Option<Art35Situation>,
    facts: String,
    urgency: Option<String>,
    document: Option<String>,
) -> ad::SuspensionOrder {
    ad::SuspensionOrder {
        decided_on: decided_on.0,
        situation: situation.map(Into::into),
        facts,
        urgency: urgency.unwrap_or_default(),
        document: text(document),
    }
}

async fn after(ctx: &Context<'_>, item: &ID, expected_version: i32, input: AfterInput) -> Result<CatalogueItem> {
    let id = parse_id("itemId", item)?;
    let row = engine(ctx).after_step(&viewer(ctx), id, expected_version, input).await.map_err(ApiError)?;
    Ok(CatalogueItem(row))
}

#[derive(Default)]
pub struct AfterDecisionMutations;

#[Object]
impl AfterDecisionMutations {
    /// T17: the head suspends execution in an art. 35 situation when it is urgent (EXECUTING →
    /// SUSPENDED; R-17-2).
    async fn suspend_execution(&self, ctx: &Context<'_>, input: SuspendExecutionInput) -> Result<CatalogueItem> {
        let o = order(input.decided_on, input.situation, input.facts, input.urgency, input.document);
        after(ctx, &input.item_id, input.expected_version, AfterInput::Suspend(o)).await
    }

    /// T18: execution resumes (SUSPENDED → EXECUTING).
    async fn resume_execution(&self, ctx: &Context<'_>, input: ResumeExecutionInput) -> Result<CatalogueItem> {
        let r = ad::ResumeOrder { resumed_on: input.resumed_on.0, reason: input.reason };
        after(ctx, &input.item_id, input.expected_version, AfterInput::Resume(r)).await
    }

    /// T19: the organ starts a post-decision evaluation on a trigger and names the evaluator
    /// (EXECUTING or SUSPENDED → POST_EVALUATION; R-16-1, R-16-2).
    async fn start_evaluation(&self, ctx: &Context<'_>, input: StartEvaluationInput) -> Result<CatalogueItem> {
        let s = ad::EvaluationStart {
            decided_on: input.decided_on.0,
            trigger: input.trigger.into(),
            trigger_facts: input.trigger_facts,
            evaluator: input.evaluator,
            third_party: input.third_party,
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::StartEvaluation(s)).await
    }

    /// Records what the evaluation heard from the public and those concerned (R-16-3).
    async fn record_evaluation_input(
        &self,
        ctx: &Context<'_>,
        input: RecordEvaluationInputInput,
    ) -> Result<CatalogueItem> {
        let i = ad::EvaluationInput {
            received_on: input.received_on.0,
            source: input.source.into(),
            method: input.method,
            participants: input.participants,
            summary: input.summary,
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::RecordEvaluationInput(i)).await
    }

    /// The evaluator's report with its recommendation, from the unit the organ named (R-16-2,
    /// R-16-5).
    async fn submit_evaluation_report(
        &self,
        ctx: &Context<'_>,
        input: SubmitEvaluationReportInput,
    ) -> Result<CatalogueItem> {
        let r = ad::EvaluationReport {
            submitted_on: input.submitted_on.0,
            evaluator: input.evaluator,
            findings: input.findings,
            recommendation: input.recommendation.into(),
            reasons: input.reasons,
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::SubmitEvaluationReport(r)).await
    }

    /// T20: the organ decides on the evaluation: continue (→ EXECUTING), adjust (→ ADJUSTING),
    /// suspend by the head's order (→ SUSPENDED) or terminate (→ TERMINATING); R-16-3, R-16-5,
    /// R-17-2.
    async fn conclude_evaluation(&self, ctx: &Context<'_>, input: ConcludeEvaluationInput) -> Result<CatalogueItem> {
        let c = ad::EvaluationConclusion {
            concluded_on: input.concluded_on.0,
            outcome: input.outcome.into(),
            reason: input.reason,
            suspension: input.suspension.map(|s| order(s.decided_on, s.situation, s.facts, s.urgency, s.document)),
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::ConcludeEvaluation(c)).await
    }

    /// T21: a major adjustment goes through the procedure again as a child item at DRAFTING in
    /// the same catalogue; the parent stays in force until the child is decided, and is then
    /// superseded (R-17-1, R-17-3).
    async fn start_adjustment(&self, ctx: &Context<'_>, input: StartAdjustmentInput) -> Result<AdjustmentStarted> {
        let id = parse_id("itemId", &input.item_id)?;
        let request = AdjustmentRequest { decided_on: input.decided_on.0, title: input.title, reason: input.reason };
        let (parent, child) =
            engine(ctx).start_adjustment(&viewer(ctx), id, input.expected_version, request).await.map_err(ApiError)?;
        Ok(AdjustmentStarted { parent: CatalogueItem(parent), child: CatalogueItem(child) })
    }

    /// Records a stage of the termination: the legality review (justice bureau), the meeting
    /// (government office or head) or the party report (R-17-4).
    async fn record_termination_step(
        &self,
        ctx: &Context<'_>,
        input: RecordTerminationStepInput,
    ) -> Result<CatalogueItem> {
        let r = ad::TerminationRecord {
            stage: input.stage.into(),
            recorded_on: input.recorded_on.0,
            document: input.document,
            agreed: input.agreed,
            remarks: input.remarks,
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::RecordTerminationStep(r)).await
    }

    /// T22: the decision to stop execution, published once its stages agreed (TERMINATING →
    /// TERMINATED; R-17-4, R-13-1).
    async fn terminate_decision(&self, ctx: &Context<'_>, input: TerminateDecisionInput) -> Result<CatalogueItem> {
        let p = juece_core::publication::Publication {
            published_on: input.published_on.0,
            document_number: input.document_number.trim().to_owned(),
            title: input.title,
            gazette_issue: text(input.gazette_issue),
            url: text(input.url),
            newspaper: text(input.newspaper),
            interpretation: text(input.interpretation),
            adoption_explanation: None,
            high_public_concern: false,
        };
        after(ctx, &input.item_id, input.expected_version, AfterInput::Terminate(p)).await
    }

    /// T23: execution is done, on the execution units' final report, with no task left open
    /// (EXECUTING → COMPLETED; R-15-2).
    async fn complete_execution(&self, ctx: &Context<'_>, input: CompleteExecutionInput) -> Result<CatalogueItem> {
        let r = ad::CompletionRecord { completed_on: input.completed_on.0, final_report: input.final_report };
        after(ctx, &input.item_id, input.expected_version, AfterInput::Complete(r)).await
    }
}
