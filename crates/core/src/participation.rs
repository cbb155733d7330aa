//! The participation region (公众参与, §2.4 P): the public comment notice and its period (R-05-4,
//! R-05-5), the opinion register that closes it (R-05-8), and draft revisions, which make regions
//! already done stale when substantive (§2.4).

use crate::Ctx;
use crate::artefact::{ArtefactKind, ArtefactRef, Draft};
use crate::calendar;
use crate::catalogue::{ItemFacts, ItemState};
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::profile::ProfileParams;
use crate::region::{Region, RegionState};
use crate::rules::{R_05_4, R_05_5, R_05_8, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A public comment notice (公开征求意见公告), immutable once opened: a shortening reason must be in
/// it from the start (R-05-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentNotice {
    pub title: String,
    /// The draft version put out for comment.
    pub draft_version: i32,
    pub opens_on: NaiveDate,
    /// The last day on which comments are accepted (until 24:00 Asia/Shanghai).
    pub closes_on: NaiveDate,
    /// 提出意见的方式 (e-mail, letter, the portal's column …).
    pub methods: Vec<String>,
    /// 发布途径 (政府网站、政务新媒体、报刊 …).
    pub channels: Vec<String>,
    /// 联系方式 (required in Shandong).
    #[serde(default)]
    pub contact: String,
    /// Why the period is shorter than the profile's minimum, published in the notice (R-05-5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortening_reason: Option<String>,
}

string_enum! {
    /// What became of an opinion (R-05-8, R-05-9).
    Adoption {
        Adopted = "ADOPTED",
        PartlyAdopted = "PARTLY_ADOPTED",
        NotAdopted = "NOT_ADOPTED",
    }
}

/// One opinion, or a group of like opinions, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionEntry {
    pub source: String,
    pub content: String,
    pub adoption: Adoption,
    /// Why: required unless fully adopted.
    #[serde(default)]
    pub reason: String,
}

/// The register that closes the comment period (R-05-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionRegister {
    /// 归纳整理: a summary of what was received.
    pub summary: String,
    pub entries: Vec<OpinionEntry>,
    /// The draft version that took adopted opinions in, if any were adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_draft_version: Option<i32>,
}

/// A participation step and what it needs to know.
#[derive(Debug, Clone)]
pub enum ParticipationCommand {
    /// Open the comment notice. `draft` is the version it names, if it exists.
    OpenNotice { notice: CommentNotice, draft: Option<Draft>, shandong: bool },
    /// Close the period with its register; `notice` is the open notice, `latest_draft_version` the
    /// newest draft.
    Close { register: OpinionRegister, notice: Option<CommentNotice>, latest_draft_version: i32 },
}

impl ParticipationCommand {
    pub fn step_id(&self) -> &'static str {
        match self {
            ParticipationCommand::OpenNotice { .. } => "P-NOTICE",
            ParticipationCommand::Close { .. } => "P-CLOSE",
        }
    }

    pub fn artefact_kind(&self) -> ArtefactKind {
        match self {
            ParticipationCommand::OpenNotice { .. } => ArtefactKind::CommentNotice,
            ParticipationCommand::Close { .. } => ArtefactKind::OpinionRegister,
        }
    }
}

/// Today in Asia/Shanghai (China has one fixed offset, +08:00, and no daylight saving).
pub fn shanghai_today(ctx: &Ctx) -> NaiveDate {
    crate::calendar::shanghai_date(ctx.now)
}

fn out_of_order(step: &'static str, zh: String, en: String, state: ItemState) -> CoreError {
    CoreError::OutOfOrder { transition: step, state, zh, en }
}

fn nonempty(list: &[String]) -> bool {
    list.iter().any(|s| !s.trim().is_empty())
}

/// Decides a participation step for an item in consultation whose participation region stands at
/// `region_state`.
pub fn decide_participation(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    params: &ProfileParams,
    cmd: &ParticipationCommand,
    artefact: ArtefactRef,
    ctx: &Ctx,
) -> Result<Vec<DomainEvent>, CoreError> {
    let step = cmd.step_id();
    if item.state != ItemState::Consultation {
        return Err(out_of_order(
            step,
            format!("公众参与只在征求意见等环节（CONSULTATION）办理，该事项现处于{}阶段", item.state),
            format!("participation steps are taken in CONSULTATION; the item is at {}", item.state),
            item.state,
        ));
    }
    let today = shanghai_today(ctx);
    let (from, to) = match cmd {
        ParticipationCommand::OpenNotice { notice, draft, shandong } => {
            // A stale region opens a new round on the revised draft (§2.4).
            match region_state {
                Some(RegionState::Pending | RegionState::Stale) => {}
                Some(RegionState::NotApplicable) => {
                    return Err(InputError::new(
                        "itemId",
                        "该事项已判定不适用公众参与",
                        "participation was determined not to apply to this item",
                    )
                    .into());
                }
                _ => {
                    return Err(out_of_order(
                        step,
                        "征求意见公告已发布，不能重复发布".into(),
                        "the comment notice has been opened already".into(),
                        item.state,
                    ));
                }
            }
            crate::artefact::required("title", &notice.title, "公告标题", "the notice's title")?;
            let draft = draft.as_ref().ok_or_else(|| {
                Violation::new(
                    R_05_4,
                    "征求意见须公布决策草案及其说明：所指草案版本不存在",
                    "a comment notice publishes the draft and its explanation: that draft version does not exist",
                )
            })?;
            if draft.explanation.trim().is_empty() {
                return Err(Violation::new(
                    R_05_4,
                    "征求意见须同时公布草案说明",
                    "a comment notice publishes the draft's explanation too",
                )
                .into());
            }
            if !nonempty(&notice.methods) || !nonempty(&notice.channels) {
                return Err(Violation::new(
                    R_05_4,
                    "征求意见公告须载明提出意见的方式，并至少通过一种途径公布",
                    "a comment notice states how to comment and is published through at least one channel",
                )
                .into());
            }
            if *shandong && notice.contact.trim().is_empty() {
                return Err(Violation::new(
                    R_05_4,
                    "征求意见公告须载明联系方式",
                    "a comment notice in Shandong gives a contact",
                )
                .into());
            }
            if notice.opens_on < today {
                return Err(
                    InputError::new("opensOn", "公告发布日期不能早于今天", "a notice cannot open in the past").into()
                );
            }
            if notice.closes_on <= notice.opens_on {
                return Err(InputError::new(
                    "closesOn",
                    "征求意见截止日期须晚于发布日期",
                    "the period closes after it opens",
                )
                .into());
            }
            let earliest = calendar::earliest_comment_close(notice.opens_on, params.comment_min_days);
            let long_enough = earliest.is_confirmed() && notice.closes_on >= earliest.date;
            let reason = notice.shortening_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
            if !long_enough && !reason {
                return Err(Violation::new(
                    R_05_5,
                    format!(
                        "征求意见期限一般不少于{}日（自{}起算，最早于{}截止）；缩短期限的，须在公告中说明理由",
                        params.comment_min_days, notice.opens_on, earliest.date
                    ),
                    format!(
                        "the comment period is generally at least {} days (from {}, closing no earlier than {}); a shorter one states its reason in the notice",
                        params.comment_min_days, notice.opens_on, earliest.date
                    ),
                )
                .into());
            }
            (region_state.unwrap_or(RegionState::Pending), RegionState::InProgress)
        }
        ParticipationCommand::Close { register, notice, latest_draft_version } => {
            let open_notice = notice.as_ref().filter(|_| region_state == Some(RegionState::InProgress));
            let Some(notice) = open_notice else {
                return Err(out_of_order(
                    step,
                    "尚未发布征求意见公告，无从结束".into(),
                    "no comment notice is open to close".into(),
                    item.state,
                ));
            };
            if today <= notice.closes_on {
                return Err(Violation::new(
                    R_05_5,
                    format!("征求意见期限至{}止，期满前不能提前结束", notice.closes_on),
                    format!("the period runs to {} inclusive and cannot close early", notice.closes_on),
                )
                .into());
            }
            if register.summary.trim().is_empty() {
                return Err(Violation::new(
                    R_05_8,
                    "须对收到的意见归纳整理",
                    "the opinions received must be summarised",
                )
                .into());
            }
            for e in &register.entries {
                if e.content.trim().is_empty() || (e.adoption != Adoption::Adopted && e.reason.trim().is_empty()) {
                    return Err(Violation::new(
                        R_05_8,
                        "每条意见须载明内容；未采纳或部分采纳的须说明理由",
                        "each opinion states its content, and one not (fully) adopted states why",
                    )
                    .into());
                }
            }
            let adopted = register.entries.iter().any(|e| e.adoption != Adoption::NotAdopted);
            if adopted {
                let revised =
                    register.revised_draft_version.filter(|v| *v > notice.draft_version && *v <= *latest_draft_version);
                if revised.is_none() {
                    return Err(Violation::new(
                        R_05_8,
                        "采纳了意见的，须据以完善决策草案并指明修改后的草案版本",
                        "opinions adopted are worked into a revised draft, whose version the register names",
                    )
                    .into());
                }
            }
            (RegionState::InProgress, RegionState::Done)
        }
    };
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::Participation,
        from,
        to,
        step: step.to_owned(),
        artefact: Some(artefact),
    }])
}

/// A new draft version. A substantive revision makes every region already done stale (§2.4),
/// since what they examined is no longer the draft.
pub fn revise_draft(
    item: &ItemFacts,
    regions: &[(Region, RegionState)],
    draft: &Draft,
    substantive: bool,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    // While returned for supplement the sponsor may correct the draft, but a substantive change
    // would have to go through consultation again, which that state cannot reach.
    let supplementing = item.state == ItemState::ReturnedForSupplement && !substantive;
    if !matches!(item.state, ItemState::Drafting | ItemState::Consultation) && !supplementing {
        return Err(out_of_order(
            "REVISE",
            format!(
                "决策草案只在起草或征求意见等环节修改（退回补充材料时可作非实质性修改），该事项现处于{}阶段",
                item.state
            ),
            format!(
                "a draft is revised while drafting or in consultation (non-substantively while returned for \
                 supplement); the item is at {}",
                item.state
            ),
            item.state,
        ));
    }
    draft.validate()?;
    let mut events = vec![DomainEvent::DraftRevised { item_id: item.id, substantive, artefact }];
    if substantive {
        for (region, state) in regions {
            if *state == RegionState::Done {
                events.push(DomainEvent::RegionStateChanged {
                    item_id: item.id,
                    region: *region,
                    from: RegionState::Done,
                    to: RegionState::Stale,
                    step: "REVISE".to_owned(),
                    artefact: None,
                });
            }
        }
    }
    Ok(events)
}
