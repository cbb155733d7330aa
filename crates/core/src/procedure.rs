//! The decision item's main line (rule catalogue §2.3) as one transition table: which step leads
//! from which states to which, who takes it, and which rules guard it.
//!
//! The table is data. The commands that fire these transitions look their row up here, the
//! permission table authorizes them by the row's operation, and the docs carry the diagram that
//! [`render_mermaid`] draws from it (a test keeps the two equal). Execution, suspension,
//! evaluation, adjustment, termination and completion (T17–T23) follow in the same table. T24
//! (archiving) is the dossier export, which does not move the item.

use crate::authz::Operation;
use crate::catalogue::ItemState;

/// One step of the main line.
#[derive(Debug, Clone, Copy)]
pub struct TransitionDef {
    /// The id §2.3 gives it (`T9`), or a name for steps it draws without one.
    pub id: &'static str,
    /// What the step does, in the words a clerk uses.
    pub name_zh: &'static str,
    pub from: &'static [ItemState],
    pub to: ItemState,
    /// The operation the permission table authorizes it by.
    pub op: Operation,
    /// The rules checked before the step is taken (ids from the rule catalogue).
    pub guards: &'static [&'static str],
}

use ItemState as S;
use Operation as O;

const fn t(
    id: &'static str,
    name_zh: &'static str,
    from: &'static [ItemState],
    to: ItemState,
    op: Operation,
    guards: &'static [&'static str],
) -> TransitionDef {
    TransitionDef { id, name_zh, from, to, op, guards }
}

/// States before the decision, from which a catalogue adjustment may withdraw an item (R-02-6).
const BEFORE_DECISION: &[ItemState] = &[
    S::Proposed,
    S::UnderStudy,
    S::InCatalogue,
    S::Initiated,
    S::Drafting,
    S::Consultation,
    S::LegalitySubmitted,
    S::ReturnedForSupplement,
    S::LegalityReviewed,
    S::ReadyForMeeting,
    S::Discussed,
];

/// The procedure of §2.3: the main line T1 to T16 with the outcomes of the meeting and withdrawal,
/// then what follows the decision, T17 to T23.
pub const MAIN_LINE: &[TransitionDef] = &[
    t("T1", "受理研究事项建议", &[S::Proposed], S::UnderStudy, O::StudyProposal, &["R-03-1", "R-01-3"]),
    t(
        "T2",
        "纳入公布的目录",
        &[S::Proposed, S::UnderStudy],
        S::InCatalogue,
        O::RecordCataloguePublication,
        &["R-02-3", "R-02-6", "R-01-2"],
    ),
    t("T3", "决定启动决策程序", &[S::InCatalogue], S::Initiated, O::Initiate, &["R-01-6", "R-03-2"]),
    t("T4", "开始起草决策草案", &[S::Initiated], S::Drafting, O::StartDrafting, &[]),
    t(
        "T5",
        "进入公众参与、专家论证、风险评估等环节",
        &[S::Drafting],
        S::Consultation,
        O::OpenConsultation,
        &["R-04-1", "R-04-4"],
    ),
    t(
        "T6",
        "送请合法性审查",
        &[S::Consultation],
        S::LegalitySubmitted,
        O::SubmitForLegalityReview,
        &[
            "R-05-1", "R-05-5", "R-05-8", "R-06-3", "R-06-5", "R-06-6", "R-07-3", "R-07-4", "R-08-3", "R-08-4",
            "R-09-1", "R-09-5", "R-10-2", "R-10-4",
        ],
    ),
    t("T7", "退回补充材料", &[S::LegalitySubmitted], S::ReturnedForSupplement, O::ReturnForSupplement, &["R-10-3"]),
    t("T8", "补充后重新报送", &[S::ReturnedForSupplement], S::LegalitySubmitted, O::Resubmit, &["R-10-3"]),
    t(
        "T9",
        "出具合法性审查意见",
        &[S::LegalitySubmitted],
        S::LegalityReviewed,
        O::IssueLegalityOpinion,
        &["R-10-1", "R-10-5", "R-10-6"],
    ),
    t("T10", "审查认为不合法，修改草案", &[S::LegalityReviewed], S::Drafting, O::ReviseAfterOpinion, &["R-10-5"]),
    t(
        "T11",
        "列入常务会议议题",
        &[S::LegalityReviewed],
        S::ReadyForMeeting,
        O::ScheduleMeeting,
        &["R-10-4", "R-10-7", "R-10-8", "R-11-1", "R-08-4", "R-09-5"],
    ),
    t(
        "T12",
        "常务会议讨论",
        &[S::ReadyForMeeting],
        S::Discussed,
        O::RecordDiscussion,
        &["R-11-2", "R-11-3", "R-11-4", "R-11-5"],
    ),
    t("T12-DEFER", "会议决定暂缓，重新列入议题", &[S::Discussed], S::ReadyForMeeting, O::RecordDiscussion, &[]),
    t("T12-RETURN", "会议决定退回修改", &[S::Discussed], S::Drafting, O::RecordDiscussion, &[]),
    t("T12-REJECT", "会议决定不予通过", &[S::Discussed], S::ClosedRejected, O::RecordDiscussion, &[]),
    t("T13", "行政首长签署决定", &[S::Discussed], S::Decided, O::SignDecision, &["R-11-3"]),
    t("T14", "向同级党委请示报告", &[S::Decided], S::PartyReported, O::ReportToPartyCommittee, &["R-12-1"]),
    t(
        "T15",
        "公布决策",
        &[S::PartyReported],
        S::Published,
        O::Publish,
        &["R-12-1", "R-01-4", "R-09-5", "R-13-1", "R-13-3", "R-13-4"],
    ),
    t("T15-EXEMPT", "依法不予公开", &[S::PartyReported], S::PublicationExempt, O::Publish, &["R-13-5"]),
    t("T16", "交付执行", &[S::Published, S::PublicationExempt], S::Executing, O::StartExecution, &["R-15-1"]),
    t("WITHDRAW", "目录调整撤回事项", BEFORE_DECISION, S::Withdrawn, O::Adjust, &["R-02-6"]),
    t("RECORDED", "录入启用前已公布的决策", &[S::InCatalogue], S::Executing, O::StartExecution, &["R-13-1", "R-15-1"]),
    t("T17", "行政首长决定暂停执行", &[S::Executing], S::Suspended, O::Suspend, &["R-17-2"]),
    t("T18", "恢复执行", &[S::Suspended], S::Executing, O::Resume, &[]),
    t(
        "T19",
        "启动决策后评估",
        &[S::Executing, S::Suspended],
        S::PostEvaluation,
        O::StartEvaluation,
        &["R-16-1", "R-16-2"],
    ),
    t("T20", "评估后决定继续执行", &[S::PostEvaluation], S::Executing, O::ConcludeEvaluation, &["R-16-5", "R-16-3"]),
    t(
        "T20-ADJUST",
        "评估后决定重大调整",
        &[S::PostEvaluation],
        S::Adjusting,
        O::ConcludeEvaluation,
        &["R-16-5", "R-16-3", "R-17-1"],
    ),
    t(
        "T20-SUSPEND",
        "评估后由行政首长决定暂停执行",
        &[S::PostEvaluation],
        S::Suspended,
        O::ConcludeEvaluation,
        &["R-16-5", "R-16-3", "R-17-2"],
    ),
    t(
        "T20-TERMINATE",
        "评估后决定停止执行",
        &[S::PostEvaluation],
        S::Terminating,
        O::ConcludeEvaluation,
        &["R-16-5", "R-16-3", "R-17-1"],
    ),
    t("T21", "启动调整程序（重新履行法定程序）", &[S::Adjusting], S::Adjusting, O::Adjust, &["R-17-3"]),
    t("T21-SUPERSEDE", "调整决定作出，原决策被替代", &[S::Adjusting], S::Superseded, O::Adjust, &["R-17-3"]),
    t("T22", "公布停止执行的决定", &[S::Terminating], S::Terminated, O::Terminate, &["R-17-4", "R-13-1"]),
    t("T23", "执行完毕", &[S::Executing], S::Completed, O::Complete, &["R-15-2"]),
];

/// The rows that can fire from `state`.
pub fn transitions_from(state: ItemState) -> impl Iterator<Item = &'static TransitionDef> {
    MAIN_LINE.iter().filter(move |t| t.from.contains(&state))
}

/// The row with id `id`.
pub fn transition(id: &str) -> Option<&'static TransitionDef> {
    MAIN_LINE.iter().find(|t| t.id == id)
}

/// States no step leaves.
pub fn is_terminal(state: ItemState) -> bool {
    transitions_from(state).next().is_none()
}

/// The table as a Mermaid state diagram, for the docs.
pub fn render_mermaid() -> String {
    let mut out = String::from("stateDiagram-v2\n    [*] --> PROPOSED\n");
    for t in MAIN_LINE {
        if t.id == "WITHDRAW" {
            continue;
        }
        // T21 makes a child item and leaves the parent where it is; the diagram shows it once.
        for from in t.from.iter().filter(|f| **f != t.to) {
            out.push_str(&format!("    {} --> {}: {} {}\n", from.as_str(), t.to.as_str(), t.id, t.name_zh));
        }
    }
    let withdraw = transition("WITHDRAW").map_or(0, |t| t.from.len());
    out.push_str(&format!(
        "    note right of WITHDRAWN: WITHDRAW 目录调整撤回 (R-02-6), from any of {withdraw} states before DECIDED\n"
    ));
    out.push_str("    note right of ADJUSTING: T21 启动调整程序：子事项自 DRAFTING 重新履行程序 (R-17-3)\n");
    out.push_str("    CLOSED_REJECTED --> [*]\n    WITHDRAWN --> [*]\n");
    out.push_str("    COMPLETED --> [*]\n    SUPERSEDED --> [*]\n    TERMINATED --> [*]\n");
    out
}
