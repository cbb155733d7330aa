//! The steps after consultation over GraphQL: the legality review's return, resubmission and
//! opinion (T7–T10), the meeting's agenda, minutes and the head's signature (T11–T13), the party
//! report, publication or exemption, and execution (T14–T16); and withdrawal by a catalogue
//! adjustment before the decision.

use crate::calendar::Date;
use crate::steps::step;
use crate::types::{CatalogueItem, parse_id};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use juece_engine::StepInput;

#[derive(InputObject)]
pub struct ReturnForSupplementInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub returned_on: Date,
    /// Each item that is missing or must be supplemented (R-10-3).
    pub missing: Vec<String>,
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct SupplementInput {
    /// The item of the return notice, worded as there.
    pub missing: String,
    /// What was supplied.
    pub supplied: String,
}

#[derive(InputObject)]
pub struct ResubmitForLegalityReviewInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub resubmitted_on: Date,
    pub requested_opinion_by: Date,
    pub supplements: Vec<SupplementInput>,
    pub shortening_reason: Option<String>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::legality::Finding")]
/// The finding on one point of review (R-10-5).
pub enum Finding {
    Complies,
    DoesNotComply,
    /// 国家尚无明确规定 (content of an exploratory reform item only).
    NoClearRule,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::legality::Verdict")]
/// The legality opinion's verdict.
pub enum Verdict {
    Legal,
    ExploratoryWithRisk,
    NotLegal,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::legality::AdviserCapacity")]
/// 法律顾问 or 公职律师 (R-10-6).
pub enum AdviserCapacity {
    LegalAdviser,
    PublicLawyer,
}

#[derive(InputObject)]
pub struct PointFindingInput {
    pub finding: Finding,
    pub remarks: String,
}

#[derive(InputObject)]
pub struct AdviserOpinionInput {
    pub name: String,
    pub capacity: AdviserCapacity,
    pub opinion: String,
}

#[derive(InputObject)]
pub struct IssueLegalityOpinionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub issued_on: Date,
    /// The reviewing body and the person responsible.
    pub reviewer: String,
    /// (1) 法定权限.
    pub authority: PointFindingInput,
    /// (2) 法定程序.
    pub procedure: PointFindingInput,
    /// (3) 内容合法（含国家政策）.
    pub content: PointFindingInput,
    pub verdict: Verdict,
    /// Required for EXPLORATORY_WITH_RISK (R-10-8).
    pub legal_risk_statement: Option<String>,
    pub adviser_opinions: Vec<AdviserOpinionInput>,
    #[graphql(default)]
    pub revisions_requested: Vec<String>,
}

#[derive(InputObject)]
pub struct ReviseAfterLegalityOpinionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub full_text: String,
    pub explanation: String,
    pub background: String,
    pub legal_basis: Vec<String>,
    /// A substantive revision makes the regions already done stale (§2.4).
    pub substantive: bool,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::meeting::MeetingType")]
/// 常务会议, 全体会议, 专题会议, 办公会议 (R-11-2: only the first two decide).
pub enum MeetingType {
    Executive,
    Plenary,
    Topical,
    Office,
}

#[derive(InputObject)]
pub struct ScheduleMeetingInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub meeting_type: MeetingType,
    /// e.g. 区政府2022年第12次常务会议.
    pub session: String,
    pub meeting_date: Date,
    /// 承办单位关于履行决策程序情况的汇报 (R-11-1).
    pub sponsor_report: String,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::meeting::Capacity")]
/// In what capacity someone attended (R-11-6).
pub enum Capacity {
    Head,
    Member,
    Sponsor,
    Stakeholder,
    PublicRepresentative,
    Expert,
    Media,
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::meeting::Stance")]
/// A member's position (R-11-5).
pub enum Stance {
    Agree,
    Disagree,
    Abstain,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::meeting::Outcome")]
/// The meeting's outcome.
pub enum Outcome {
    Approve,
    ApproveWithAmendments,
    Defer,
    Return,
    Reject,
}

#[derive(InputObject)]
pub struct AttendeeInput {
    pub name: String,
    pub capacity: Capacity,
    #[graphql(default)]
    pub organisation: String,
}

#[derive(InputObject)]
pub struct SpeechInput {
    pub speaker: String,
    pub stance: Option<Stance>,
    pub remarks: String,
}

#[derive(InputObject)]
pub struct RecordDiscussionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub meeting_type: MeetingType,
    pub session: String,
    pub held_on: Date,
    pub attendees: Vec<AttendeeInput>,
    /// In the order spoken; the head's last (R-11-3).
    pub speeches: Vec<SpeechInput>,
    pub outcome: Outcome,
    pub amendments: Option<String>,
    #[graphql(default)]
    pub amendments_change_legal_substance: bool,
    /// Required when the head decides against the majority of members (R-11-4).
    pub head_reason: Option<String>,
    #[graphql(default)]
    pub attendee_opinions: Vec<String>,
    pub recorded_by: String,
}

#[derive(InputObject)]
pub struct SignDecisionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub signed_on: Date,
    pub signed_by: String,
    pub title: String,
    pub text: String,
}

#[derive(InputObject)]
pub struct PartyResponseInput {
    pub received_on: Date,
    pub content: String,
}

#[derive(InputObject)]
pub struct ReportToPartyCommitteeInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub reported_on: Date,
    /// e.g. 中共济南市市中区委.
    pub committee: String,
    /// The 请示 or 报告 as filed.
    pub document: String,
    /// The committee's answer (required before publication, R-12-1).
    pub response: Option<PartyResponseInput>,
}

#[derive(InputObject)]
pub struct PublishDecisionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub published_on: Date,
    /// 文号, e.g. 市中政字〔2022〕27号.
    pub document_number: String,
    pub title: String,
    /// e.g. 2022年第2期.
    pub gazette_issue: Option<String>,
    pub url: Option<String>,
    pub newspaper: Option<String>,
    /// 政策解读 (R-13-3, R-13-4).
    pub interpretation: Option<String>,
    pub adoption_explanation: Option<String>,
    #[graphql(default)]
    pub high_public_concern: bool,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::publication::ExemptionGround")]
/// The disclosure regulations' ground for not publishing (R-13-5).
pub enum ExemptionGround {
    #[graphql(name = "OGI_ART_14")]
    Art14,
    #[graphql(name = "OGI_ART_15")]
    Art15,
    #[graphql(name = "OGI_ART_16")]
    Art16,
}

#[derive(InputObject)]
pub struct ExemptFromPublicationInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub decided_on: Date,
    pub ground: ExemptionGround,
    pub reason: String,
    pub reviewed_by: String,
    pub reviewed_on: Date,
    pub review_conclusion: String,
}

#[derive(InputObject)]
pub struct StartExecutionInput {
    pub item_id: ID,
    pub expected_version: i32,
    pub assigned_on: Date,
    /// 牵头执行单位.
    pub lead_unit_id: ID,
    /// 责任单位.
    #[graphql(default)]
    pub responsible_unit_ids: Vec<ID>,
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct WithdrawItemInput {
    pub item_id: ID,
    pub expected_version: i32,
    /// The day the decision organ approved the catalogue adjustment.
    pub approved_on: Date,
    /// The approving document or meeting record.
    pub approval_document: String,
    pub reason: String,
    /// The party committee's consent, where the profile asks for it (R-02-6).
    pub party_consent_on: Option<Date>,
}

/// An optional text field as stored: blank is absent.
pub(crate) fn text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn point(p: PointFindingInput) -> juece_core::legality::PointFinding {
    juece_core::legality::PointFinding { finding: p.finding.into(), remarks: p.remarks }
}

#[derive(Default)]
pub struct DecisionMutations;

#[Object]
impl DecisionMutations {
    /// T7: the justice bureau returns the package, listing what is missing (LEGALITY_SUBMITTED →
    /// RETURNED_FOR_SUPPLEMENT; R-10-3).
    async fn return_for_supplement(&self, ctx: &Context<'_>, input: ReturnForSupplementInput) -> Result<CatalogueItem> {
        let n = juece_core::legality::ReturnNotice {
            returned_on: input.returned_on.0,
            missing: input.missing,
            note: input.note,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::ReturnForSupplement(n)).await
    }

    /// T8: the sponsor resubmits with every listed item supplied; the reviewer's working days are
    /// counted again where the profile says so (RETURNED_FOR_SUPPLEMENT → LEGALITY_SUBMITTED;
    /// R-10-3, R-10-4).
    async fn resubmit_for_legality_review(
        &self,
        ctx: &Context<'_>,
        input: ResubmitForLegalityReviewInput,
    ) -> Result<CatalogueItem> {
        let r = juece_core::legality::Resubmission {
            resubmitted_on: input.resubmitted_on.0,
            requested_opinion_by: input.requested_opinion_by.0,
            supplements: input
                .supplements
                .into_iter()
                .map(|s| juece_core::legality::Supplement { missing: s.missing, supplied: s.supplied })
                .collect(),
            shortening_reason: text(input.shortening_reason),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::Resubmit(r)).await
    }

    /// T9: the justice bureau's legality opinion, with findings on authority, procedure and content
    /// and the legal advisers' opinions (LEGALITY_SUBMITTED → LEGALITY_REVIEWED; R-10-1, R-10-5,
    /// R-10-6, R-10-8).
    async fn issue_legality_opinion(
        &self,
        ctx: &Context<'_>,
        input: IssueLegalityOpinionInput,
    ) -> Result<CatalogueItem> {
        let o = juece_core::legality::LegalityOpinion {
            issued_on: input.issued_on.0,
            reviewer: input.reviewer,
            authority: point(input.authority),
            procedure: point(input.procedure),
            content: point(input.content),
            verdict: input.verdict.into(),
            legal_risk_statement: text(input.legal_risk_statement),
            adviser_opinions: input
                .adviser_opinions
                .into_iter()
                .map(|a| juece_core::legality::AdviserOpinion {
                    name: a.name,
                    capacity: a.capacity.into(),
                    opinion: a.opinion,
                })
                .collect(),
            revisions_requested: input.revisions_requested,
            package_version: 0,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::IssueOpinion(o)).await
    }

    /// T10: a draft found unlawful goes back to drafting with its revision (LEGALITY_REVIEWED →
    /// DRAFTING).
    async fn revise_after_legality_opinion(
        &self,
        ctx: &Context<'_>,
        input: ReviseAfterLegalityOpinionInput,
    ) -> Result<CatalogueItem> {
        let draft = juece_core::artefact::Draft {
            full_text: input.full_text,
            explanation: input.explanation,
            background: input.background,
            legal_basis: input.legal_basis,
        };
        let i = StepInput::ReviseAfterOpinion { draft, substantive: input.substantive };
        step(ctx, &input.item_id, input.expected_version, i).await
    }

    /// T11: on the agenda of the executive or plenary meeting, with the materials of R-11-1
    /// gathered from the record (LEGALITY_REVIEWED → READY_FOR_MEETING; R-10-7, R-10-8, R-08-4,
    /// R-09-5, R-11-1).
    async fn schedule_meeting(&self, ctx: &Context<'_>, input: ScheduleMeetingInput) -> Result<CatalogueItem> {
        let r = juece_core::meeting::AgendaRequest {
            meeting_type: input.meeting_type.into(),
            session: input.session,
            meeting_date: input.meeting_date.0,
            sponsor_report: input.sponsor_report,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::ScheduleMeeting(r)).await
    }

    /// T12: the minutes of the discussion (READY_FOR_MEETING → DISCUSSED; R-11-2..5). A deferral
    /// goes back on the agenda, a return to drafting, a rejection closes the item.
    async fn record_discussion(&self, ctx: &Context<'_>, input: RecordDiscussionInput) -> Result<CatalogueItem> {
        let m = juece_core::meeting::Minutes {
            meeting_type: input.meeting_type.into(),
            session: input.session,
            held_on: input.held_on.0,
            attendees: input
                .attendees
                .into_iter()
                .map(|a| juece_core::meeting::Attendee {
                    name: a.name,
                    capacity: a.capacity.into(),
                    organisation: a.organisation,
                })
                .collect(),
            speeches: input
                .speeches
                .into_iter()
                .map(|s| juece_core::meeting::Speech {
                    speaker: s.speaker,
                    stance: s.stance.map(Into::into),
                    remarks: s.remarks,
                })
                .collect(),
            outcome: input.outcome.into(),
            amendments: text(input.amendments),
            amendments_change_legal_substance: input.amendments_change_legal_substance,
            head_reason: text(input.head_reason),
            attendee_opinions: input.attendee_opinions,
            recorded_by: input.recorded_by,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::RecordDiscussion(m)).await
    }

    /// T13: the head signs the decision the meeting approved (DISCUSSED → DECIDED; R-11-2, R-11-7).
    async fn sign_decision(&self, ctx: &Context<'_>, input: SignDecisionInput) -> Result<CatalogueItem> {
        let d = juece_core::meeting::SignedDecision {
            signed_on: input.signed_on.0,
            signed_by: input.signed_by,
            title: input.title,
            text: input.text,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::SignDecision(d)).await
    }

    /// T14: reported to the same-level party committee, with its answer (DECIDED → PARTY_REPORTED;
    /// R-12-1).
    async fn report_to_party_committee(
        &self,
        ctx: &Context<'_>,
        input: ReportToPartyCommitteeInput,
    ) -> Result<CatalogueItem> {
        let r = juece_core::publication::PartyReport {
            reported_on: input.reported_on.0,
            committee: input.committee,
            document: input.document,
            response: input
                .response
                .map(|x| juece_core::publication::PartyResponse { received_on: x.received_on.0, content: x.content }),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::ReportToParty(r)).await
    }

    /// T15: published, with its document number and channels (PARTY_REPORTED → PUBLISHED; R-12-1,
    /// R-09-5, R-13-1, R-13-3; the R-13-2 deadline is recorded with it).
    async fn publish_decision(&self, ctx: &Context<'_>, input: PublishDecisionInput) -> Result<CatalogueItem> {
        let p = juece_core::publication::Publication {
            published_on: input.published_on.0,
            document_number: input.document_number.trim().to_owned(),
            title: input.title,
            gazette_issue: text(input.gazette_issue),
            url: text(input.url),
            newspaper: text(input.newspaper),
            interpretation: text(input.interpretation),
            adoption_explanation: text(input.adoption_explanation),
            high_public_concern: input.high_public_concern,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::Publish(p)).await
    }

    /// T15-EXEMPT: not published, on a ground of the disclosure regulations after its review
    /// (PARTY_REPORTED → PUBLICATION_EXEMPT; R-13-5).
    async fn exempt_from_publication(
        &self,
        ctx: &Context<'_>,
        input: ExemptFromPublicationInput,
    ) -> Result<CatalogueItem> {
        let e = juece_core::publication::PublicationExemption {
            decided_on: input.decided_on.0,
            ground: input.ground.into(),
            reason: input.reason,
            reviewed_by: input.reviewed_by,
            reviewed_on: input.reviewed_on.0,
            review_conclusion: input.review_conclusion,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::Exempt(e)).await
    }

    /// WITHDRAW: out of the catalogue by an approved adjustment, from any state before the
    /// decision (R-02-6).
    async fn withdraw_item(&self, ctx: &Context<'_>, input: WithdrawItemInput) -> Result<CatalogueItem> {
        let w = juece_core::publication::Withdrawal {
            approved_on: input.approved_on.0,
            approval_document: input.approval_document,
            reason: input.reason,
            party_consent_on: input.party_consent_on.map(|d| d.0),
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::Withdraw(w)).await
    }

    /// T16: handed to its execution units (PUBLISHED or PUBLICATION_EXEMPT → EXECUTING; R-15-1).
    async fn start_execution(&self, ctx: &Context<'_>, input: StartExecutionInput) -> Result<CatalogueItem> {
        let mut responsible = Vec::new();
        for id in &input.responsible_unit_ids {
            responsible.push(parse_id("responsibleUnitIds", id)?);
        }
        let a = juece_core::publication::ExecutionAssignment {
            assigned_on: input.assigned_on.0,
            lead_unit_id: parse_id("leadUnitId", &input.lead_unit_id)?,
            responsible_unit_ids: responsible,
            note: input.note,
        };
        step(ctx, &input.item_id, input.expected_version, StepInput::StartExecution(a)).await
    }
}
