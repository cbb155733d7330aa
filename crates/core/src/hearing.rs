//! The hearing region (听证, §2.4 H), recorded once held: the notice published before the hearing
//! (R-06-2), participants selected by a method published in advance and their list published
//! (R-06-3), stakeholders' share (R-06-4, HG-O from the profile), materials delivered in time
//! (R-06-5, counted as §3.5 says), and a record every participant signed (R-06-6).

use crate::artefact::ArtefactRef;
use crate::calendar::materials_delivered_in_time;
use crate::catalogue::ItemFacts;
use crate::error::{CoreError, InputError};
use crate::event::DomainEvent;
use crate::profile::ProfileParams;
use crate::region::{Region, RegionState};
use crate::rules::{R_06_2, R_06_3, R_06_4, R_06_5, R_06_6, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A hearing participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    /// Which interest the participant represents (one side of the matter).
    pub side: String,
    /// A representative of those whose interests the matter touches (利害关系人代表).
    pub stakeholder: bool,
    pub materials_delivered_on: NaiveDate,
    /// Signed the hearing record (R-06-6); a refusal is stated in `refusal_note`.
    pub signed_record: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_note: Option<String>,
}

/// The record of a hearing held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingRecord {
    pub draft_version: i32,
    pub notice_published_on: NaiveDate,
    pub selection_method_published_on: NaiveDate,
    pub participant_list_published_on: NaiveDate,
    pub held_on: NaiveDate,
    pub place: String,
    pub participants: Vec<Participant>,
    /// Why stakeholders are fewer than the profile's share, if they are (R-06-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder_share_reason: Option<String>,
    /// 听证会记录 summary.
    pub record_summary: String,
}

/// Decides a hearing record.
pub fn decide_hearing(
    item: &ItemFacts,
    region_state: Option<RegionState>,
    params: &ProfileParams,
    record: &HearingRecord,
    latest_draft_version: i32,
    artefact: ArtefactRef,
) -> Result<Vec<DomainEvent>, CoreError> {
    let from = crate::region::step_from(item, region_state, "H-RECORD", "听证", "a hearing")?;
    if record.draft_version < 1 || record.draft_version > latest_draft_version || record.place.trim().is_empty() {
        return Err(InputError::new(
            "draftVersion",
            "听证所依据的草案版本或地点无效",
            "the hearing's draft version or place is not valid",
        )
        .into());
    }
    if record.notice_published_on >= record.held_on {
        return Err(Violation::new(
            R_06_2,
            "须在听证前公布草案、说明及听证时间地点",
            "the draft, explanation, time and place are published before the hearing",
        )
        .into());
    }
    let sides: std::collections::BTreeSet<_> =
        record.participants.iter().map(|p| p.side.trim()).filter(|s| !s.is_empty()).collect();
    let ordered = record.selection_method_published_on <= record.participant_list_published_on
        && record.participant_list_published_on < record.held_on;
    if record.participants.is_empty() || !ordered || sides.len() < 2 {
        return Err(Violation::new(
            R_06_3,
            "听证参加人须按事先公布的办法遴选，兼顾各方利益，名单于听证前公布",
            "participants are chosen by a method published in advance, represent every side, and are listed before the hearing",
        )
        .into());
    }
    if let Some((num, den)) = params.hearing_stakeholder_min_share {
        let stakeholders = record.participants.iter().filter(|p| p.stakeholder).count() as u32;
        let total = record.participants.len() as u32;
        let reason = record.stakeholder_share_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if stakeholders * den < num * total && !reason {
            return Err(Violation::new(
                R_06_4,
                format!("利害关系人代表一般不少于听证参加总人数的{num}/{den}（现为{stakeholders}/{total}），不足的须说明理由"),
                format!("stakeholders are generally at least {num}/{den} of participants ({stakeholders}/{total}); fewer needs a reason"),
            )
            .into());
        }
    }
    if let Some(p) = record.participants.iter().find(|p| {
        !materials_delivered_in_time(
            p.materials_delivered_on,
            record.held_on,
            params.hearing_materials_min_days,
            params.hearing_materials_conservative,
        )
    }) {
        return Err(Violation::new(
            R_06_5,
            format!(
                "听证材料应当于听证会{}日前送达（{}于{}收到）",
                params.hearing_materials_min_days, p.name, p.materials_delivered_on
            ),
            format!(
                "materials reach participants {} days before the hearing ({} received them on {})",
                params.hearing_materials_min_days, p.name, p.materials_delivered_on
            ),
        )
        .into());
    }
    let unsigned = record
        .participants
        .iter()
        .find(|p| !p.signed_record && p.refusal_note.as_deref().is_none_or(|n| n.trim().is_empty()));
    if unsigned.is_some() || record.record_summary.trim().is_empty() {
        return Err(Violation::new(
            R_06_6,
            "听证会记录须经听证参加人确认并签字（拒签的须注明）",
            "every participant confirms and signs the hearing record (a refusal is noted)",
        )
        .into());
    }
    Ok(vec![DomainEvent::RegionStateChanged {
        item_id: item.id,
        region: Region::Hearing,
        from,
        to: RegionState::Done,
        step: "H-RECORD".to_owned(),
        artefact: Some(artefact),
    }])
}
