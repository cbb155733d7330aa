//! The adoption ledger of a comment notice: moderation of public comments, the sponsor's answer to
//! each opinion (one comment or several taken together), and the feedback that publishes it all
//! (R-05-8, R-05-9).

use crate::Ctx;
use crate::artefact::ArtefactRef;
use crate::catalogue::{ItemFacts, ItemState};
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::participation::{Adoption, shanghai_today};
use crate::rules::{R_05_8, R_05_9, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    /// Where a comment stands with the moderators: nothing is public until it is published.
    Moderation {
        Pending = "PENDING",
        Published = "PUBLISHED",
        Hidden = "HIDDEN",
    }
}

impl Moderation {
    /// The public label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Moderation::Pending => "待审核",
            Moderation::Published => "已公开",
            Moderation::Hidden => "不予公开",
        }
    }
}

impl Adoption {
    /// The label Chinese portals print in the 是否采纳 column.
    pub fn label_zh(self) -> &'static str {
        match self {
            Adoption::Adopted => "采纳",
            Adoption::PartlyAdopted => "部分采纳",
            Adoption::NotAdopted => "不予采纳",
        }
    }
}

/// A moderation decision on some comments. Hiding needs a reason, which is published with the
/// count of hidden comments.
pub fn check_moderation(action: Moderation, reason: Option<&str>, count: usize) -> Result<(), CoreError> {
    if action == Moderation::Pending {
        return Err(InputError::new("action", "审核结果只能是公开或不予公开", "moderation publishes or hides").into());
    }
    if count == 0 {
        return Err(InputError::new("commentIds", "未选中任何意见", "no comments were selected").into());
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    if action == Moderation::Hidden && reason.is_empty() {
        return Err(InputError::new(
            "reason",
            "不予公开的意见须说明理由（理由及数量向社会公开）",
            "hiding comments needs a reason (the reasons and counts are public)",
        )
        .into());
    }
    if reason.chars().count() > 200 {
        return Err(InputError::new("reason", "理由不超过200字", "the reason is at most 200 characters").into());
    }
    Ok(())
}

/// The sponsor's answer to one opinion. A reason for an opinion not (fully) adopted may be written
/// later, but the feedback is not published without it (R-05-8, R-05-9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpinionAnswer {
    /// The opinion in the sponsor's words (归纳整理).
    pub summary: String,
    /// 较为集中的意见: many people said it.
    pub concentrated: bool,
    pub adoption: Adoption,
    #[serde(default)]
    pub reason: String,
}

impl OpinionAnswer {
    pub fn validate(&self, comment_count: usize) -> Result<(), CoreError> {
        crate::artefact::required("summary", &self.summary, "意见归纳", "the opinion's summary")?;
        if self.summary.chars().count() > 2000 || self.reason.chars().count() > 5000 {
            return Err(InputError::new(
                "summary",
                "意见归纳不超过2000字，理由不超过5000字",
                "the summary is at most 2,000 characters and the reason 5,000",
            )
            .into());
        }
        if comment_count == 0 {
            return Err(InputError::new(
                "commentIds",
                "须选择本条意见所涵盖的公开意见",
                "choose the published comments this opinion answers",
            )
            .into());
        }
        Ok(())
    }
}

/// What the ledger of one notice holds when the feedback is to be published.
#[derive(Debug, Clone)]
pub struct LedgerFacts {
    pub notice_version: i32,
    pub closes_on: NaiveDate,
    pub already_published: bool,
    pub pending: u64,
    /// Published comments not yet answered in any opinion.
    pub unanswered: u64,
    /// The opinions that answer at least one comment.
    pub opinions: Vec<OpinionAnswer>,
    /// Whether the item is bound by Shandong's rules, where R-05-9 names the concentrated
    /// opinions; elsewhere R-05-8's reason requirement covers them.
    pub shandong: bool,
}

/// The states from which the feedback may be published: after the decision is published (R-05-9,
/// 于决策公布后及时).
pub const FEEDBACK_STATES: &[ItemState] = &[ItemState::Published, ItemState::Executing];

/// Decides the publication of a notice's adoption feedback.
pub fn decide_feedback(
    item: &ItemFacts,
    ledger: &LedgerFacts,
    artefact: ArtefactRef,
    ctx: &Ctx,
) -> Result<Vec<DomainEvent>, CoreError> {
    if !FEEDBACK_STATES.contains(&item.state) {
        return Err(CoreError::OutOfOrder {
            transition: "FEEDBACK",
            state: item.state,
            zh: format!("意见采纳情况在决策公布后反馈（R-05-9），该事项现处于{}阶段", item.state),
            en: format!(
                "the adoption feedback follows the decision's publication (R-05-9); the item is at {}",
                item.state
            ),
        });
    }
    if ledger.already_published {
        return Err(CoreError::OutOfOrder {
            transition: "FEEDBACK",
            state: item.state,
            zh: "该征求意见公告的采纳情况已反馈".into(),
            en: "the feedback on this comment notice has been published already".into(),
        });
    }
    if shanghai_today(ctx) <= ledger.closes_on {
        return Err(Violation::new(
            R_05_8,
            format!("征求意见期限至{}止，期满后方可反馈采纳情况", ledger.closes_on),
            format!("the comment period runs to {}; the feedback follows it", ledger.closes_on),
        )
        .into());
    }
    if ledger.pending > 0 || ledger.unanswered > 0 {
        return Err(Violation::new(
            R_05_8,
            format!(
                "收到的意见须全部审核并逐条研究答复：尚有{}条待审核、{}条已公开但未答复",
                ledger.pending, ledger.unanswered
            ),
            format!(
                "every comment is moderated and answered first: {} await moderation and {} published ones have no \
                 answer",
                ledger.pending, ledger.unanswered
            ),
        )
        .into());
    }
    for (i, o) in ledger.opinions.iter().enumerate() {
        if o.adoption == Adoption::Adopted || !o.reason.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        return Err(if o.concentrated && ledger.shandong {
            Violation::new(
                R_05_9,
                format!("第{n}条意见为较为集中的意见，未予采纳的须说明原因"),
                format!("opinion {n} is a concentrated opinion; not adopting it needs a stated reason"),
            )
        } else {
            Violation::new(
                R_05_8,
                format!("第{n}条意见未采纳或部分采纳，须说明理由"),
                format!("opinion {n} is not (fully) adopted and needs a reason"),
            )
        }
        .into());
    }
    Ok(vec![DomainEvent::FeedbackPublished { item_id: item.id, notice_version: ledger.notice_version, artefact }])
}

/// One row of the published per-comment table (序号, 反馈人, 意见内容, 是否采纳, 采纳理由).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackRow {
    pub seq: i64,
    pub submitter: String,
    pub body: String,
    pub adoption: Adoption,
    pub reason: String,
    pub opinion: i32,
}

/// Counts the feedback publishes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackTotals {
    pub received: u64,
    pub published: u64,
    pub hidden: u64,
    pub adopted: u64,
    pub partly_adopted: u64,
    pub not_adopted: u64,
    /// Groups of identical or near-identical comments with more than one member.
    pub duplicate_groups: u64,
}

/// A published opinion with its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackOpinion {
    pub no: i32,
    #[serde(flatten)]
    pub answer: OpinionAnswer,
    pub comment_count: u64,
}

/// The adoption feedback (意见采纳情况反馈) as stored and published. The per-comment table is too
/// large for one document on a hot consultation, so the document carries its SHA-256 over the
/// canonical JSON of every row in order, and the rows stay with the comments, frozen from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackDocument {
    pub notice_version: i32,
    pub closes_on: NaiveDate,
    pub totals: FeedbackTotals,
    pub hidden_by_reason: Vec<(String, u64)>,
    pub opinions: Vec<FeedbackOpinion>,
    pub rows_sha256: String,
}
