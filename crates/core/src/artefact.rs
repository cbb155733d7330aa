//! Artefacts: the documents a step produces (a proposal, the start decision, a draft), as data.
//! Each is stored as a new version with the SHA-256 of its canonical content; nothing is edited in
//! place, so what a later step relied on can always be shown as it was.

use crate::error::InputError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

string_enum! {
    /// The kinds of artefact.
    ArtefactKind {
        /// 事项建议: the proposal as the proposing unit put it (R-03-1).
        Proposal = "PROPOSAL",
        /// 启动决策程序的决定 (R-03-2).
        StartDecision = "START_DECISION",
        /// 决策草案: full text, explanation, background and legal basis (R-04-1).
        Draft = "DRAFT",
        /// 各环节适用判定及不适用记录 (§2.4, §2.5).
        ConsultationPlan = "CONSULTATION_PLAN",
        /// 公开征求意见公告 (R-05-4, R-05-5).
        CommentNotice = "COMMENT_NOTICE",
        /// 意见采纳情况 (R-05-8).
        OpinionRegister = "OPINION_REGISTER",
        /// 风险评估报告 (R-08-3).
        RiskReport = "RISK_REPORT",
        /// 公平竞争审查记录 (R-09-2).
        FairCompetitionReview = "FAIR_COMPETITION_REVIEW",
        /// 专家论证意见及采纳情况 (R-07-3, R-07-4).
        ExpertReview = "EXPERT_REVIEW",
        /// 听证会记录 (R-06-6).
        HearingRecord = "HEARING_RECORD",
        /// 部门协调意见及争议说明 (R-04-4).
        CoordinationRecord = "COORDINATION_RECORD",
        /// 送审材料及履行决策法定程序的说明 (R-10-2); a resubmission is its next version.
        LegalityPackage = "LEGALITY_PACKAGE",
        /// 退回补充材料通知 (R-10-3).
        ReturnNotice = "RETURN_NOTICE",
        /// 合法性审查意见 (R-10-5, R-10-6).
        LegalityOpinion = "LEGALITY_OPINION",
        /// 常务会议议题及会议材料 (R-11-1).
        AgendaEntry = "AGENDA_ENTRY",
        /// 会议纪要 (R-11-2..6).
        Minutes = "MINUTES",
        /// 行政首长签署的决定.
        SignedDecision = "SIGNED_DECISION",
        /// 向同级党委请示报告及答复 (R-12-1).
        PartyReport = "PARTY_REPORT",
        /// 公布 (R-13-1, R-13-2).
        Publication = "PUBLICATION",
        /// 依法不予公开的决定 (R-13-5).
        PublicationExemption = "PUBLICATION_EXEMPTION",
        /// 执行单位 (R-15-1).
        ExecutionAssignment = "EXECUTION_ASSIGNMENT",
        /// 目录调整撤回事项的决定 (R-02-6).
        CatalogueAdjustment = "CATALOGUE_ADJUSTMENT",
        /// 意见采纳情况反馈 (R-05-9).
        AdoptionFeedback = "ADOPTION_FEEDBACK",
        /// 行政首长暂停执行的决定 (R-17-2).
        SuspensionOrder = "SUSPENSION_ORDER",
        /// 恢复执行的决定.
        ResumeOrder = "RESUME_ORDER",
        /// 启动决策后评估的决定，写明情形和评估单位 (R-16-1, R-16-2).
        EvaluationStart = "EVALUATION_START",
        /// 评估中听取的公众和有关方面意见 (R-16-3).
        EvaluationInput = "EVALUATION_INPUT",
        /// 决策后评估报告 (R-16-5).
        EvaluationReport = "EVALUATION_REPORT",
        /// 决策机关对评估结果的处理决定 (R-16-5).
        EvaluationConclusion = "EVALUATION_CONCLUSION",
        /// 启动重大调整程序的决定 (R-17-3).
        AdjustmentStart = "ADJUSTMENT_START",
        /// 停止执行的合法性审查、会议讨论、请示报告记录 (R-17-4).
        TerminationRecord = "TERMINATION_RECORD",
        /// 停止执行决定的公布 (R-17-4, R-13-1).
        TerminationPublication = "TERMINATION_PUBLICATION",
        /// 执行情况总结及完成记录 (R-15-2).
        CompletionRecord = "COMPLETION_RECORD",
    }
}

string_enum! {
    /// Where a proposal came from (R-03-1).
    ProposalSource {
        /// 决策机关领导人员提出.
        Leader = "LEADER",
        /// 决策机关所属部门提出.
        Department = "DEPARTMENT",
        /// 下一级人民政府提出.
        LowerGovernment = "LOWER_GOVERNMENT",
        /// 人大代表议案建议、政协委员提案.
        Deputies = "DEPUTIES",
        /// 公民、法人或者其他组织书面提出.
        Public = "PUBLIC",
    }
}

string_enum! {
    /// Decisions that are not major administrative decisions (R-01-3).
    ExcludedType {
        /// 宏观调控决策.
        MacroControl = "MACRO_CONTROL",
        /// 政府立法决策.
        Legislation = "LEGISLATION",
        /// 突发事件应急处置决策.
        Emergency = "EMERGENCY",
        /// 政府内部事务管理决策 (Shandong).
        InternalAffairs = "INTERNAL_AFFAIRS",
    }
}

/// A proposal as studied at intake (T1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub source: ProposalSource,
    /// 拟解决的主要问题.
    pub problem: String,
    /// 建议理由和依据.
    pub reasons_and_basis: String,
    /// 解决问题的初步方案.
    pub preliminary_plan: String,
    /// 必要性、可行性.
    pub necessity_and_feasibility: String,
    /// Set when the matter is of a type the regulation excludes (R-01-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_type: Option<ExcludedType>,
}

/// The decision organ's decision to start the procedure (T3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartDecision {
    pub decided_on: NaiveDate,
    /// The document or minutes that record it, if it has a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// 牵头的决策承办单位.
    pub lead_sponsor_id: Uuid,
    /// Other sponsoring units.
    #[serde(default)]
    pub co_sponsor_ids: Vec<Uuid>,
}

/// A draft of the decision (T4 and later revisions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// 决策草案全文.
    pub full_text: String,
    /// 起草说明.
    pub explanation: String,
    /// 决策背景.
    pub background: String,
    /// 法律、法规、规章和政策依据 (R-04-1: complete by legality submission).
    #[serde(default)]
    pub legal_basis: Vec<String>,
}

/// An artefact as events refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtefactRef {
    pub id: Uuid,
    pub kind: ArtefactKind,
    pub version: i32,
    /// Hex SHA-256 of the canonical JSON of its content.
    pub sha256: String,
}

pub fn required(field: &'static str, value: &str, zh: &str, en: &str) -> Result<(), InputError> {
    if value.trim().is_empty() {
        return Err(InputError::new(field, format!("{zh}不能为空"), format!("{en} is required")));
    }
    Ok(())
}

impl Draft {
    /// The parts every draft has; the legal basis may still be growing.
    pub fn validate(&self) -> Result<(), InputError> {
        required("fullText", &self.full_text, "决策草案全文", "the full text of the draft")?;
        required("explanation", &self.explanation, "起草说明", "the drafting explanation")?;
        required("background", &self.background, "决策背景", "the background")?;
        if self.legal_basis.iter().any(|b| b.trim().is_empty()) {
            return Err(InputError::new("legalBasis", "依据清单中有空项", "the legal basis list has an empty entry"));
        }
        Ok(())
    }
}
