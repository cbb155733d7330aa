//! Collective discussion (集体讨论决定): putting the item on the executive meeting's agenda with the
//! materials the law lists (T11; R-10-7, R-10-8, R-11-1, R-08-4, R-09-5), the minutes with each
//! member's stance, the head last and the head's reasons where the decision goes against the
//! majority (T12; R-11-2..5), and the head's signature (T13).

use crate::artefact::ArtefactKind;
use crate::error::{CoreError, InputError};
use crate::record::ItemRecord;
use crate::region::{Region, RegionState};
use crate::rules::{R_08_4, R_09_5, R_10_7, R_10_8, R_11_1, R_11_2, R_11_3, R_11_4, R_11_5, R_11_7, Violation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    /// The kind of meeting (R-11-2: only the first two decide a major decision).
    MeetingType {
        /// 常务会议.
        Executive = "EXECUTIVE",
        /// 全体会议.
        Plenary = "PLENARY",
        /// 专题会议.
        Topical = "TOPICAL",
        /// 办公会议 and other meetings.
        Office = "OFFICE",
    }
}

impl MeetingType {
    pub fn label_zh(self) -> &'static str {
        match self {
            MeetingType::Executive => "常务会议",
            MeetingType::Plenary => "全体会议",
            MeetingType::Topical => "专题会议",
            MeetingType::Office => "办公会议",
        }
    }
}

/// What the government office puts on the agenda (T11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaRequest {
    pub meeting_type: MeetingType,
    /// e.g. 区政府2022年第12次常务会议.
    pub session: String,
    pub meeting_date: NaiveDate,
    /// 承办单位关于履行决策程序情况的汇报: how the procedure was performed (R-11-1, practice).
    pub sponsor_report: String,
}

/// One document in the meeting materials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    pub kind: ArtefactKind,
    pub version: i32,
    pub sha256: String,
    /// Which point of R-11-1 it answers, e.g. `(5) 合法性审查意见`.
    pub point: String,
}

/// What the record puts before the meeting (R-11-1): the documents, the legal risk of an
/// exploratory item (R-10-8) and the dispute statement (R-04-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingMaterials {
    pub materials: Vec<Material>,
    pub legal_risk_statement: Option<String>,
    pub dispute_statement: Option<crate::coordination::DisputeStatement>,
}

/// The agenda entry as stored: the request and the materials gathered from the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntry {
    pub request: AgendaRequest,
    pub materials: Vec<Material>,
    /// The legal risk the opinion stated for an exploratory item (R-10-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_risk_statement: Option<String>,
    /// The statement of unresolved disputes between units (R-04-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute_statement: Option<crate::coordination::DisputeStatement>,
}

/// Whether a region finished with a record the meeting must see. A region still open or stale
/// means the materials would describe a draft that is no longer the one decided on.
fn region_state(record: &ItemRecord, region: Region) -> Option<RegionState> {
    record.regions.iter().find(|(r, _)| *r == region).map(|(_, s)| *s)
}

/// The record-only guards of T11, in the order a clerk meets them: the opinion clears the draft
/// (R-10-7), states the legal risk if exploratory (R-10-8), the risk is controllable (R-08-4), no
/// fair competition violation stands (R-09-5), and every material of R-11-1 is in the record.
/// Returns the materials gathered.
pub fn agenda_preconditions(record: &ItemRecord) -> Result<MeetingMaterials, Violation> {
    let Some((_, opinion)) = &record.opinion else {
        return Err(Violation::new(
            R_10_7,
            "决策草案未经合法性审查的，不得提交决策机关讨论",
            "a draft that has not been through legality review does not go to the meeting",
        ));
    };
    if !opinion.clears_for_meeting() {
        return Err(Violation::new(
            R_10_7,
            "经合法性审查认为不合法的决策草案，不得提交决策机关讨论",
            "a draft the legality review found unlawful does not go to the meeting",
        ));
    }
    let reviewed_draft = record.package.as_ref().map(|(_, p)| p.draft_version);
    if reviewed_draft != record.latest_draft.as_ref().map(|(v, _)| *v) {
        return Err(Violation::new(
            R_10_7,
            "合法性审查的是此前的草案版本，修改后的草案须重新送请合法性审查",
            "the legality review examined an earlier draft; the revised draft must be reviewed again",
        ));
    }
    let risk_statement = opinion.legal_risk_statement.clone().filter(|s| !s.trim().is_empty());
    if opinion.verdict == crate::legality::Verdict::ExploratoryWithRisk && risk_statement.is_none() {
        return Err(Violation::new(
            R_10_8,
            "探索性改革决策事项须明示法律风险后方可提交讨论",
            "an exploratory reform item goes to the meeting only with its legal risk stated",
        ));
    }
    match region_state(record, Region::RiskAssessment) {
        Some(RegionState::NotApplicable) | None => {}
        Some(RegionState::Done) => {
            if record.risk.as_ref().is_none_or(|r| r.conclusion != crate::risk::RiskConclusion::Controllable) {
                return Err(Violation::new(
                    R_08_4,
                    "风险评估认为风险不可控的，不得提交讨论；须调整决策草案并重新评估",
                    "an item whose risk was found uncontrollable does not go to the meeting until revised and reassessed",
                ));
            }
        }
        Some(_) => {
            return Err(Violation::new(
                R_08_4,
                "风险评估尚未对现行草案作出可控的结论",
                "the risk assessment has not found the current draft's risk controllable",
            ));
        }
    }
    match region_state(record, Region::FairCompetitionReview) {
        Some(RegionState::NotApplicable) | None => {}
        Some(RegionState::Done)
            if record
                .fair_competition
                .as_ref()
                .is_some_and(|f| f.conclusion != crate::fair_competition::FcrConclusion::Violates) => {}
        Some(_) => {
            return Err(Violation::new(
                R_09_5,
                "政策措施未经公平竞争审查，或经审查违反规定且不符合例外情形的，不得出台",
                "a measure not cleared by fair competition review is not issued",
            ));
        }
    }
    let mut materials = Vec::new();
    let mut need = |kind: ArtefactKind, point: &str| -> Result<(), Violation> {
        match record.documents.iter().filter(|d| d.kind == kind).max_by_key(|d| d.version) {
            Some(d) => {
                materials.push(Material { kind, version: d.version, sha256: d.sha256.clone(), point: point.into() });
                Ok(())
            }
            None => Err(Violation::new(
                R_11_1,
                format!("提交会议的材料缺少{point}"),
                format!("the meeting materials lack {kind} ({point})"),
            )),
        }
    };
    need(ArtefactKind::Draft, "(1) 决策草案及相关材料")?;
    if region_state(record, Region::FairCompetitionReview) == Some(RegionState::Done) {
        need(ArtefactKind::FairCompetitionReview, "(1) 公平竞争审查情况")?;
    }
    if region_state(record, Region::Participation) == Some(RegionState::Done) {
        need(ArtefactKind::OpinionRegister, "(2) 公众意见研究采纳情况")?;
    }
    if region_state(record, Region::Hearing) == Some(RegionState::Done) {
        need(ArtefactKind::HearingRecord, "(2) 听证会记录")?;
    }
    if region_state(record, Region::ExpertReview) == Some(RegionState::Done) {
        need(ArtefactKind::ExpertReview, "(3) 专家论证意见研究采纳情况")?;
    }
    if region_state(record, Region::RiskAssessment) == Some(RegionState::Done) {
        need(ArtefactKind::RiskReport, "(4) 风险评估报告")?;
    }
    need(ArtefactKind::LegalityOpinion, "(5) 合法性审查意见")?;
    let dispute = record.coordination.as_ref().and_then(|c| c.dispute.clone());
    if record.coordination.as_ref().is_some_and(|c| c.units.iter().any(|u| !u.agrees)) && dispute.is_none() {
        return Err(Violation::new(
            R_11_1,
            "有关单位存在分歧的，提交会议的材料须附争议说明",
            "where units disagree, the meeting materials include the dispute statement",
        ));
    }
    if region_state(record, Region::Coordination) == Some(RegionState::Done) {
        need(ArtefactKind::CoordinationRecord, "(6) 部门意见及争议说明")?;
    }
    Ok(MeetingMaterials { materials, legal_risk_statement: risk_statement, dispute_statement: dispute })
}

/// T11: the agenda entry, with the materials gathered from the record.
pub fn schedule(request: AgendaRequest, record: &ItemRecord) -> Result<AgendaEntry, CoreError> {
    let gathered = agenda_preconditions(record)?;
    check_meeting_type(request.meeting_type)?;
    if request.sponsor_report.trim().is_empty() {
        return Err(Violation::new(
            R_11_1,
            "须附承办单位关于履行决策程序情况的汇报",
            "the sponsor's report on how the procedure was performed is part of the materials",
        )
        .into());
    }
    if request.session.trim().is_empty() {
        return Err(InputError::new("session", "须写明会议名称和届次", "the meeting session is named").into());
    }
    // R-10-4 at the meeting: the review time is respected once the opinion is issued, so the
    // meeting only has to come after it.
    let issued = record.opinion.as_ref().map(|(_, o)| o.issued_on);
    if issued.is_some_and(|d| request.meeting_date < d) {
        return Err(InputError::new(
            "meetingDate",
            "会议日期不能早于合法性审查意见出具的日期",
            "the meeting cannot be before the legality opinion was issued",
        )
        .into());
    }
    Ok(AgendaEntry {
        request,
        materials: gathered.materials,
        legal_risk_statement: gathered.legal_risk_statement,
        dispute_statement: gathered.dispute_statement,
    })
}

fn check_meeting_type(t: MeetingType) -> Result<(), Violation> {
    if !matches!(t, MeetingType::Executive | MeetingType::Plenary) {
        return Err(Violation::new(
            R_11_2,
            format!("重大行政决策须经政府常务会议或者全体会议讨论，{}不能代替", t.label_zh()),
            format!("a major decision is discussed at the executive or plenary meeting; a {t} meeting does not do"),
        ));
    }
    Ok(())
}

string_enum! {
    /// In what capacity someone attended (R-11-6: 列席 of stakeholders, the public, experts, media).
    Capacity {
        /// 行政首长.
        Head = "HEAD",
        /// 会议组成人员.
        Member = "MEMBER",
        /// 承办单位汇报人.
        Sponsor = "SPONSOR",
        /// 利益相关方代表.
        Stakeholder = "STAKEHOLDER",
        /// 群众代表.
        PublicRepresentative = "PUBLIC_REPRESENTATIVE",
        /// 专家.
        Expert = "EXPERT",
        /// 媒体.
        Media = "MEDIA",
        /// 其他列席人员.
        Other = "OTHER",
    }
}

string_enum! {
    /// A member's position (R-11-5).
    Stance {
        Agree = "AGREE",
        Disagree = "DISAGREE",
        Abstain = "ABSTAIN",
    }
}

string_enum! {
    /// The meeting's outcome (R-11-7 [U]: 同意、修改后同意、暂缓、退回、不同意).
    Outcome {
        Approve = "APPROVE",
        ApproveWithAmendments = "APPROVE_WITH_AMENDMENTS",
        Defer = "DEFER",
        Return = "RETURN",
        Reject = "REJECT",
    }
}

impl Outcome {
    pub fn approves(self) -> bool {
        matches!(self, Outcome::Approve | Outcome::ApproveWithAmendments)
    }
}

/// Someone present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub capacity: Capacity,
    #[serde(default)]
    pub organisation: String,
}

/// One speech, in the order spoken. Members and the head state a stance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    pub speaker: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    pub remarks: String,
}

/// 会议纪要 of the discussion (T12); immutable once recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub meeting_type: MeetingType,
    pub session: String,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    /// In the order spoken; the head's is the last (R-11-3).
    pub speeches: Vec<Speech>,
    pub outcome: Outcome,
    /// The amendments, for APPROVE_WITH_AMENDMENTS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendments: Option<String>,
    /// Whether the amendments change the draft's legal substance (R-11-7 [U]).
    #[serde(default)]
    pub amendments_change_legal_substance: bool,
    /// The head's reasons, required when deciding against the majority (R-11-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_reason: Option<String>,
    /// What attendees from outside said, and how it was taken up (R-11-6, published).
    #[serde(default)]
    pub attendee_opinions: Vec<String>,
    pub recorded_by: String,
}

/// How the members stood: (agree, disagree, abstain). A member who spoke more than once counts
/// once, by the last stance they stated.
pub fn tally(m: &Minutes) -> (usize, usize, usize) {
    let members: Vec<&str> =
        m.attendees.iter().filter(|a| a.capacity == Capacity::Member).map(|a| a.name.as_str()).collect();
    let mut t = (0, 0, 0);
    for member in members {
        let last = m.speeches.iter().rev().find(|s| s.speaker == member && s.stance.is_some());
        match last.and_then(|s| s.stance) {
            Some(Stance::Agree) => t.0 += 1,
            Some(Stance::Disagree) => t.1 += 1,
            Some(Stance::Abstain) => t.2 += 1,
            None => {}
        }
    }
    t
}

/// T12's guards: the right meeting with the head and members present (R-11-2), every member's
/// stance and every dissent recorded (R-11-5), the head last (R-11-3), the head's reasons when the
/// decision goes against the majority of members (R-11-4).
pub fn check_minutes(m: &Minutes, agenda: Option<&AgendaEntry>, today: NaiveDate) -> Result<(), CoreError> {
    check_meeting_type(m.meeting_type)?;
    let heads: Vec<&Attendee> = m.attendees.iter().filter(|a| a.capacity == Capacity::Head).collect();
    let members: Vec<&Attendee> = m.attendees.iter().filter(|a| a.capacity == Capacity::Member).collect();
    if heads.len() != 1 || members.is_empty() {
        return Err(Violation::new(
            R_11_2,
            "集体讨论须有行政首长和会议组成人员出席，并由行政首长作出决定",
            "a collective discussion has the head and the members present, and the head decides",
        )
        .into());
    }
    let head = heads[0].name.as_str();
    for s in &m.speeches {
        if !m.attendees.iter().any(|a| a.name == s.speaker) {
            return Err(InputError::new(
                "speeches",
                format!("发言人“{}”不在出席名单中", s.speaker),
                format!("the speaker {} is not among the attendees", s.speaker),
            )
            .into());
        }
    }
    for member in &members {
        let stances: Vec<_> = m.speeches.iter().filter(|s| s.speaker == member.name && s.stance.is_some()).collect();
        if stances.is_empty() {
            return Err(Violation::new(
                R_11_5,
                format!("会议组成人员{}的意见未记录；每位组成人员的意见均须如实记载", member.name),
                format!("the position of member {} is not recorded; every member's is", member.name),
            )
            .into());
        }
    }
    if m.speeches.iter().any(|s| s.stance == Some(Stance::Disagree) && s.remarks.trim().is_empty()) {
        return Err(Violation::new(
            R_11_5,
            "不同意见应当如实载明：持不同意见的须记录其意见内容",
            "dissent is recorded truthfully: a disagreeing position carries what was said",
        )
        .into());
    }
    match m.speeches.last() {
        Some(s) if s.speaker == head => {}
        _ => {
            return Err(Violation::new(
                R_11_3,
                "会议组成人员充分发表意见后，行政首长最后发表意见",
                "the members speak fully and the head speaks last",
            )
            .into());
        }
    }
    let (agree, disagree, _) = tally(m);
    let majority_for = agree * 2 > members.len();
    let majority_against = disagree * 2 > members.len();
    let against_majority = (majority_for && !m.outcome.approves()) || (majority_against && m.outcome.approves());
    if against_majority && m.head_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(Violation::new(
            R_11_4,
            format!(
                "行政首长拟作出的决定与会议组成人员多数人的意见不一致（{agree}人同意、{disagree}人不同意，共{}人），应当在会上说明理由",
                members.len()
            ),
            format!(
                "the head decides against the majority of members ({agree} for, {disagree} against of {}); the reasons are stated",
                members.len()
            ),
        )
        .into());
    }
    if m.outcome == Outcome::ApproveWithAmendments && m.amendments.as_deref().is_none_or(|a| a.trim().is_empty()) {
        return Err(InputError::new("amendments", "修改后同意的，须写明修改内容", "the amendments are stated").into());
    }
    if m.recorded_by.trim().is_empty() || m.session.trim().is_empty() {
        return Err(
            InputError::new("recordedBy", "须写明会议名称和记录人", "the session and the recorder are named").into()
        );
    }
    let scheduled = agenda.map(|a| a.request.meeting_date);
    if m.held_on > today || scheduled.is_some_and(|d| m.held_on < d) {
        return Err(InputError::new(
            "heldOn",
            "会议日期须不早于议题安排的日期且不晚于今天",
            "the meeting is held no earlier than scheduled and not in the future",
        )
        .into());
    }
    Ok(())
}

/// Where the item goes after the discussion: approval rests at DISCUSSED for the head's signature;
/// a deferral goes back on the agenda, a return to drafting, a rejection closes the item. Approval
/// with amendments of legal substance goes back to drafting where the profile says so (R-11-7 [U]),
/// so that the amended draft is reviewed again.
pub fn follow_up(m: &Minutes, params: &crate::profile::ProfileParams) -> Option<(&'static str, Option<&'static str>)> {
    match m.outcome {
        Outcome::Defer => Some(("T12-DEFER", None)),
        Outcome::Return => Some(("T12-RETURN", None)),
        Outcome::Reject => Some(("T12-REJECT", None)),
        Outcome::ApproveWithAmendments
            if m.amendments_change_legal_substance && params.amended_legal_substance_needs_review =>
        {
            Some(("T12-RETURN", Some(R_11_7.id)))
        }
        _ => None,
    }
}

/// 行政首长签署的决定 (T13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedDecision {
    pub signed_on: NaiveDate,
    pub signed_by: String,
    /// 决定名称.
    pub title: String,
    /// The decision as signed, with the amendments worked in.
    pub text: String,
}

/// T13's guards: the meeting approved (R-11-7), and the head signs (R-11-2).
pub fn check_signature(
    s: &SignedDecision,
    minutes: Option<&Minutes>,
    actor_role: Option<&str>,
    today: NaiveDate,
) -> Result<(), CoreError> {
    let Some(m) = minutes.filter(|m| m.outcome.approves()) else {
        return Err(Violation::new(
            R_11_7,
            "会议未同意的事项，行政首长不签署决定",
            "the head signs only what the meeting approved",
        )
        .into());
    };
    if actor_role != Some(crate::authz::Role::Head.as_str()) {
        return Err(Violation::new(
            R_11_2,
            "决定由行政首长在集体讨论的基础上作出并签署",
            "the decision is made and signed by the head, on the basis of the collective discussion",
        )
        .into());
    }
    if s.title.trim().is_empty() || s.text.trim().is_empty() || s.signed_by.trim().is_empty() {
        return Err(InputError::new(
            "text",
            "须写明决定名称、内容和签署人",
            "the title, text and signatory are stated",
        )
        .into());
    }
    if s.signed_on > today || s.signed_on < m.held_on {
        return Err(InputError::new(
            "signedOn",
            "签署日期须在会议之后且不晚于今天",
            "the decision is signed after the meeting and not in the future",
        )
        .into());
    }
    Ok(())
}
