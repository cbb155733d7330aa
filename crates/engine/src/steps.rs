//! The procedural steps of an item (T1, T3–T16) and the region steps of consultation: one write
//! transaction that checks the version, authorizes by the step's table row, lets the core decide,
//! stores the step's artefact with its SHA-256 and moves the item, with the audit event, together.

use crate::commands::{catalogue_facts, gov_code, item_facts};
use crate::error::EngineError;
use crate::persist::Batch;
use crate::{Engine, ItemRow};
use juece_core::artefact::{ArtefactKind, ArtefactRef, Draft, Proposal, StartDecision};
use juece_core::authz::{Principal, Target};
use juece_core::catalogue::SponsorFacts;
use juece_core::region::{ConsultationPlan, RegionState};
use juece_core::steps::{StepCommand, decide_step};
use juece_store::entity::{artefact, region};
use juece_store::repo::{artefacts, catalogues, db_time, departments, governments, items, regions};
use uuid::Uuid;

pub use juece_store::entity::artefact::Model as ArtefactRow;

/// A step and its artefact, as the API receives it.
#[derive(Debug, Clone)]
pub enum StepInput {
    StudyProposal(Proposal),
    Initiate(StartDecision),
    StartDrafting(Draft),
    OpenConsultation(ConsultationPlan),
    SubmitForLegality(juece_core::legality::LegalitySubmission),
    ReturnForSupplement(juece_core::legality::ReturnNotice),
    Resubmit(juece_core::legality::Resubmission),
    IssueOpinion(juece_core::legality::LegalityOpinion),
    ReviseAfterOpinion { draft: Draft, substantive: bool },
    ScheduleMeeting(juece_core::meeting::AgendaRequest),
    RecordDiscussion(juece_core::meeting::Minutes),
    SignDecision(juece_core::meeting::SignedDecision),
    ReportToParty(juece_core::publication::PartyReport),
    Publish(juece_core::publication::Publication),
    Exempt(juece_core::publication::PublicationExemption),
    StartExecution(juece_core::publication::ExecutionAssignment),
    Withdraw(juece_core::publication::Withdrawal),
}

impl StepInput {
    /// The §2.3 row the step takes, whose operation authorizes it.
    pub fn transition_id(&self) -> &'static str {
        match self {
            StepInput::StudyProposal(_) => "T1",
            StepInput::Initiate(_) => "T3",
            StepInput::StartDrafting(_) => "T4",
            StepInput::OpenConsultation(_) => "T5",
            StepInput::SubmitForLegality(_) => "T6",
            StepInput::ReturnForSupplement(_) => "T7",
            StepInput::Resubmit(_) => "T8",
            StepInput::IssueOpinion(_) => "T9",
            StepInput::ReviseAfterOpinion { .. } => "T10",
            StepInput::ScheduleMeeting(_) => "T11",
            StepInput::RecordDiscussion(_) => "T12",
            StepInput::SignDecision(_) => "T13",
            StepInput::ReportToParty(_) => "T14",
            StepInput::Publish(_) => "T15",
            StepInput::Exempt(_) => "T15-EXEMPT",
            StepInput::StartExecution(_) => "T16",
            StepInput::Withdraw(_) => "WITHDRAW",
        }
    }
}

/// The hex SHA-256 of an artefact's canonical content: its JSON with keys in a fixed order.
pub fn content_hash(content: &serde_json::Value) -> String {
    juece_core::audit::content_hash(content)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, EngineError> {
    serde_json::to_value(v).map_err(|e| EngineError::Internal(e.to_string()))
}

fn read<T: serde::de::DeserializeOwned>(a: &ArtefactRow) -> Result<(i32, T), EngineError> {
    serde_json::from_value(a.content.clone())
        .map(|v| (a.version, v))
        .map_err(|e| EngineError::Internal(format!("stored {} {} unreadable: {e}", a.kind, a.id)))
}

impl Engine {
    async fn sponsor(&self, tx: &juece_store::DatabaseTransaction, id: Uuid) -> Result<SponsorFacts, EngineError> {
        let d = departments::by_id(tx, id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到承办单位 {id}"), format!("no department {id}")))?;
        let g = governments::by_id(tx, d.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("department {id} without government")))?;
        Ok(SponsorFacts { id: d.id, government: gov_code(&g)?, name: d.name })
    }

    /// Takes a step of the item's procedure at the version the clerk saw.
    pub async fn take_step(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        input: StepInput,
    ) -> Result<ItemRow, EngineError> {
        let op = juece_core::procedure::transition(input.transition_id())
            .map(|t| t.op)
            .ok_or_else(|| EngineError::Internal(format!("no table row for {}", input.transition_id())))?;
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) = self.load_for_step(&tx, principal, op, item_id, expected_version).await?;
        let code = gov_code(&gov)?;
        let row = juece_core::procedure::transition(input.transition_id())
            .ok_or_else(|| EngineError::Internal(format!("no table row for {}", input.transition_id())))?;
        juece_core::steps::check_order(row, &item_facts(&item)?)?;
        let today = juece_core::participation::shanghai_today(&juece_core::Ctx {
            now: db_time(self.clock.now()),
            actor: actor.clone(),
        });
        let (cmd, content) = match input {
            StepInput::StudyProposal(p) => {
                let c = serde_json::to_value(&p).map_err(|e| EngineError::Internal(e.to_string()))?;
                (StepCommand::StudyProposal(p), c)
            }
            StepInput::Initiate(d) => {
                let c = serde_json::to_value(&d).map_err(|e| EngineError::Internal(e.to_string()))?;
                let lead = self.sponsor(&tx, d.lead_sponsor_id).await?;
                let mut co = Vec::new();
                for id in &d.co_sponsor_ids {
                    co.push(self.sponsor(&tx, *id).await?);
                }
                (StepCommand::Initiate { decision: d, lead, co_sponsors: co }, c)
            }
            StepInput::StartDrafting(d) => {
                let c = serde_json::to_value(&d).map_err(|e| EngineError::Internal(e.to_string()))?;
                (StepCommand::StartDrafting(d), c)
            }
            StepInput::OpenConsultation(plan) => {
                let c = serde_json::to_value(&plan).map_err(|e| EngineError::Internal(e.to_string()))?;
                let draft = match artefacts::latest(&tx, item.id, ArtefactKind::Draft.as_str()).await? {
                    Some(a) => Some(
                        serde_json::from_value::<Draft>(a.content)
                            .map_err(|e| EngineError::Internal(format!("stored draft {} unreadable: {e}", a.id)))?,
                    ),
                    None => None,
                };
                let existing = self.region_states(&tx, item.id).await?;
                (StepCommand::OpenConsultation { plan, draft, existing }, c)
            }
            StepInput::SubmitForLegality(submission) => {
                let record = self.item_record(&tx, &item, &gov).await?;
                let statement = self.procedure_statement(&tx, item.id, &record).await?;
                let package = juece_core::legality::LegalityPackage {
                    submission: submission.clone(),
                    draft_version: record.latest_draft.as_ref().map_or(0, |(v, _)| *v),
                    statement: statement.clone(),
                    supplements: vec![],
                    clock_from: Some(submission.submitted_on),
                };
                let c = serde_json::to_value(&package).map_err(|e| EngineError::Internal(e.to_string()))?;
                let facts = juece_core::legality::SubmissionFacts {
                    statement,
                    latest_draft: record.latest_draft.map(|(_, d)| d),
                    params: record.params,
                };
                (StepCommand::SubmitForLegality { submission, facts }, c)
            }
            StepInput::ReturnForSupplement(notice) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                (StepCommand::ReturnForSupplement { notice: notice.clone(), record }, to_json(&notice)?)
            }
            StepInput::Resubmit(resubmission) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let statement = self.procedure_statement(&tx, item.id, &record).await?;
                let draft_version = record.latest_draft.as_ref().map_or(0, |(v, _)| *v);
                let first = record.first_submitted_on.unwrap_or(resubmission.resubmitted_on);
                let package = juece_core::legality::LegalityPackage {
                    submission: juece_core::legality::LegalitySubmission {
                        submitted_on: resubmission.resubmitted_on,
                        requested_opinion_by: resubmission.requested_opinion_by,
                        shortening_reason: resubmission.shortening_reason.clone(),
                    },
                    draft_version,
                    statement,
                    supplements: resubmission.supplements.clone(),
                    clock_from: Some(if record.params.legality_clock_restarts_on_resubmission {
                        resubmission.resubmitted_on
                    } else {
                        first
                    }),
                };
                (StepCommand::Resubmit { resubmission, record }, to_json(&package)?)
            }
            StepInput::IssueOpinion(mut opinion) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                opinion.package_version = record.package.as_ref().map_or(0, |(v, _)| *v);
                let c = to_json(&opinion)?;
                (StepCommand::IssueOpinion { opinion, record }, c)
            }
            StepInput::ReviseAfterOpinion { draft, substantive } => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let c = to_json(&draft)?;
                (StepCommand::ReviseAfterOpinion { draft, substantive, record }, c)
            }
            StepInput::ScheduleMeeting(request) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let entry = juece_core::meeting::schedule(request.clone(), &record)?;
                (StepCommand::ScheduleMeeting { request, record }, to_json(&entry)?)
            }
            StepInput::RecordDiscussion(minutes) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let c = to_json(&minutes)?;
                (StepCommand::RecordDiscussion { minutes, record }, c)
            }
            StepInput::SignDecision(decision) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let c = to_json(&decision)?;
                (StepCommand::SignDecision { decision, record }, c)
            }
            StepInput::ReportToParty(report) => {
                let c = to_json(&report)?;
                (StepCommand::ReportToParty(report), c)
            }
            StepInput::Publish(publication) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let stored = juece_core::publication::publish(publication.clone(), &record, &record.params, today)?;
                (StepCommand::Publish { publication, record }, to_json(&stored)?)
            }
            StepInput::Exempt(exemption) => {
                let record = Box::new(self.item_record(&tx, &item, &gov).await?);
                let c = to_json(&exemption)?;
                (StepCommand::Exempt { exemption, record }, c)
            }
            StepInput::StartExecution(assignment) => {
                let mut units = vec![self.sponsor(&tx, assignment.lead_unit_id).await?];
                for id in &assignment.responsible_unit_ids {
                    units.push(self.sponsor(&tx, *id).await?);
                }
                let c = to_json(&assignment)?;
                (StepCommand::StartExecution { assignment, units }, c)
            }
            StepInput::Withdraw(withdrawal) => {
                let c = to_json(&withdrawal)?;
                (StepCommand::Withdraw { withdrawal, params: self.pinned_params(&item, &gov)? }, c)
            }
        };
        let now = db_time(self.clock.now());
        let reference = self.next_ref(&tx, item.id, cmd.artefact_kind(), &content).await?;
        let ctx = juece_core::Ctx { now, actor: actor.clone() };
        let mut events =
            decide_step(&catalogue_facts(&cat, &code)?, &item_facts(&item)?, &cmd, reference.clone(), &ctx)?;
        // An adjustment's decision supersedes the decision it adjusts in the same transaction
        // (R-17-3), so the two are never in force side by side.
        let mut others = Vec::new();
        if let (StepCommand::SignDecision { .. }, Some(parent_id)) = (&cmd, item.parent_item_id) {
            let (parent_events, parent_version) = self.supersede_parent(&tx, parent_id, item.id, &ctx).await?;
            events.extend(parent_events);
            others.push(parent_version);
        }
        if let StepCommand::OpenConsultation { plan, existing, .. } = &cmd
            && existing.is_empty()
        {
            let rows = plan
                .regions
                .iter()
                .map(|d| region::Model {
                    id: Uuid::now_v7(),
                    item_id: item.id,
                    region: d.region.as_str().to_owned(),
                    state: if d.applies { RegionState::Pending } else { RegionState::NotApplicable }
                        .as_str()
                        .to_owned(),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                })
                .collect();
            regions::insert_all(&tx, rows).await?;
        }
        let mut rules: Vec<String> = row.guards.iter().map(|g| (*g).to_owned()).collect();
        if !others.is_empty() {
            rules.push(juece_core::rules::R_17_3.id.to_owned());
        }
        let audit = StepAudit { rules, overrides: cmd.overrides() };
        self.commit_step_with(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit, &others)
            .await
    }

    /// Every step of the item and its regions, from its audit trail, oldest first.
    async fn steps_taken(
        &self,
        tx: &impl juece_store::ConnectionTrait,
        item_id: Uuid,
    ) -> Result<Vec<juece_core::legality::StepEntry>, EngineError> {
        use juece_core::DomainEvent;
        let mut out = Vec::new();
        for row in juece_store::repo::events::by_stream(tx, item_id).await? {
            let event: DomainEvent = serde_json::from_value(row.payload.clone())
                .map_err(|e| EngineError::Internal(format!("stored event {} unreadable: {e}", row.id)))?;
            let (step, name) = match event {
                DomainEvent::ItemStateChanged { step: Some(step), .. } => {
                    let name = juece_core::procedure::transition(&step).map_or(String::new(), |t| t.name_zh.to_owned());
                    (step, name)
                }
                DomainEvent::RegionStateChanged { step, region, from, to, .. } => {
                    (step, format!("{}：{} → {}", region.label_zh(), from, to))
                }
                DomainEvent::DraftRevised { substantive, artefact, .. } => (
                    "REVISE".to_owned(),
                    format!("修改决策草案（第{}稿{}）", artefact.version, if substantive { "，重大修改" } else { "" }),
                ),
                _ => continue,
            };
            out.push(juece_core::legality::StepEntry {
                step,
                name,
                at: row.occurred_at,
                role: row.actor_role,
                org: row.actor_org,
            });
        }
        Ok(out)
    }

    /// The regions of an item as they stand, in the order of §2.4 (empty before its first
    /// consultation).
    async fn region_states(
        &self,
        c: &impl juece_store::ConnectionTrait,
        item_id: Uuid,
    ) -> Result<Vec<(juece_core::region::Region, RegionState)>, EngineError> {
        use juece_core::region::Region;
        let rows = regions::by_item(c, item_id).await?;
        Ok(Region::ALL
            .iter()
            .filter_map(|r| {
                let row = rows.iter().find(|x| x.region == r.as_str())?;
                Some((*r, RegionState::parse(&row.state)?))
            })
            .collect())
    }

    /// What the item's record holds: its regions and the latest version of each document.
    pub(crate) async fn item_record(
        &self,
        c: &impl juece_store::ConnectionTrait,
        item: &ItemRow,
        gov: &crate::GovernmentRow,
    ) -> Result<juece_core::record::ItemRecord, EngineError> {
        let state = item_facts(item)?.state;
        let mut record = juece_core::record::ItemRecord::new(state, self.pinned_params(item, gov)?);
        record.regions = self.region_states(c, item.id).await?;
        let mut docs = artefacts::by_item(c, item.id).await?;
        docs.sort_by_key(|a| (a.created_at, a.id));
        for a in &docs {
            let Some(kind) = ArtefactKind::parse(&a.kind) else { continue };
            record.documents.push(juece_core::legality::StatementEntry {
                kind,
                version: a.version,
                recorded_at: a.created_at,
                sha256: a.sha256.clone(),
            });
            // Later versions come later in `docs`, so each field ends at its kind's latest.
            match kind {
                ArtefactKind::Draft => record.latest_draft = Some(read(a)?),
                ArtefactKind::LegalityPackage => {
                    let (v, p): (i32, juece_core::legality::LegalityPackage) = read(a)?;
                    if v == 1 {
                        record.first_submitted_on = Some(p.submission.submitted_on);
                    }
                    record.package = Some((v, p));
                }
                ArtefactKind::ReturnNotice => record.return_notice = Some(read(a)?),
                ArtefactKind::LegalityOpinion => record.opinion = Some(read(a)?),
                ArtefactKind::RiskReport => record.risk = Some(read(a)?.1),
                ArtefactKind::FairCompetitionReview => record.fair_competition = Some(read(a)?.1),
                ArtefactKind::CoordinationRecord => record.coordination = Some(read(a)?.1),
                ArtefactKind::AgendaEntry => record.agenda = Some(read(a)?),
                ArtefactKind::Minutes => record.minutes = Some(read(a)?),
                ArtefactKind::SignedDecision => record.signed = Some(read(a)?),
                ArtefactKind::PartyReport => record.party_report = Some(read(a)?),
                ArtefactKind::ConsultationPlan => {
                    let (_, plan): (i32, ConsultationPlan) = read(a)?;
                    record.skips = plan.regions.iter().filter_map(|d| Some((d.region, d.skip.clone()?))).collect();
                    record.undisclosable_ground = plan.undisclosable_ground;
                }
                _ => {}
            }
        }
        Ok(record)
    }

    /// The statement of the statutory procedures performed (履行决策法定程序的说明, R-10-2), drawn
    /// from what was recorded: every step from the audit trail, the regions' states, every
    /// document with its hash, and each skip record of the consultation plan as approved.
    pub(crate) async fn procedure_statement(
        &self,
        tx: &impl juece_store::ConnectionTrait,
        item_id: Uuid,
        record: &juece_core::record::ItemRecord,
    ) -> Result<juece_core::legality::ProcedureStatement, EngineError> {
        Ok(juece_core::legality::ProcedureStatement {
            steps: self.steps_taken(tx, item_id).await?,
            regions: record.regions.clone(),
            documents: record.documents.clone(),
            skips: record.skips.clone(),
            undisclosable_ground: record.undisclosable_ground.clone(),
        })
    }

    /// The item's record for a viewer who may read its documents; `None` for anyone else, who
    /// sees the steps without their pre-evaluated guards.
    pub async fn record_for(
        &self,
        viewer: &Principal,
        item: &ItemRow,
    ) -> Result<Option<juece_core::record::ItemRecord>, EngineError> {
        if !crate::queries::reads_government(viewer, item.government_id) {
            return Ok(None);
        }
        let gov = governments::by_id(self.store.db(), item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {} without government", item.id)))?;
        Ok(Some(self.item_record(self.store.db(), item, &gov).await?))
    }

    /// Where an item's consultation regions stand (empty before T5).
    pub async fn regions_of(&self, item_id: Uuid) -> Result<Vec<region::Model>, EngineError> {
        Ok(regions::by_item(self.store.db(), item_id).await?)
    }

    /// An item's artefacts, for users of its decision organ (drafts are internal until their
    /// comment notice publishes them).
    pub async fn artefacts_of(&self, viewer: &Principal, item: &ItemRow) -> Result<Vec<ArtefactRow>, EngineError> {
        if !crate::queries::reads_government(viewer, item.government_id) {
            return Err(match viewer {
                Principal::Anonymous => EngineError::Unauthenticated {
                    zh: "决策过程材料仅对本决策机关的登录用户开放".into(),
                    en: "the procedure's documents are open only to signed-in users of the decision organ".into(),
                },
                _ => EngineError::Forbidden {
                    zh: "不能查看其他决策机关的决策过程材料".into(),
                    en: "the documents of another decision organ are not open to you".into(),
                },
            });
        }
        Ok(artefacts::by_item(self.store.db(), item.id).await?)
    }
}

/// A participation step, as the API receives it.
#[derive(Debug, Clone)]
pub enum ParticipationInput {
    OpenNotice(juece_core::participation::CommentNotice),
    Close(juece_core::participation::OpinionRegister),
}

impl Engine {
    /// The parameters of the profile version the item is pinned to. An item not pinned (never in a
    /// published catalogue) cannot be in consultation, and the core refuses its steps, so the
    /// version in force today is only a stand-in there.
    fn pinned_params(
        &self,
        item: &ItemRow,
        gov: &crate::GovernmentRow,
    ) -> Result<juece_core::profile::ProfileParams, EngineError> {
        Ok(self.pinned_version(item, gov)?.params)
    }

    /// The profile version the item is pinned to, with the same stand-in as [`Self::pinned_params`].
    pub(crate) fn pinned_version(
        &self,
        item: &ItemRow,
        gov: &crate::GovernmentRow,
    ) -> Result<&'static juece_core::profile::ProfileVersion, EngineError> {
        let pinned = item.profile_version.as_deref().and_then(juece_core::profile::version);
        let current = juece_core::profile::in_force(
            juece_core::profile::profile_of(&gov_code(gov)?),
            self.clock.now().date_naive(),
        );
        Ok(pinned.or(current).unwrap_or(&juece_core::profile::VERSIONS[0]))
    }

    /// Loads what every step of an item needs, authorizes `op` on it and checks the version.
    pub(crate) async fn load_for_step(
        &self,
        tx: &juece_store::DatabaseTransaction,
        principal: &Principal,
        op: juece_core::authz::Operation,
        item_id: Uuid,
        expected_version: i32,
    ) -> Result<(ItemRow, juece_store::entity::catalogue::Model, crate::GovernmentRow, juece_core::Actor), EngineError>
    {
        let item = items::by_id_locked(tx, item_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}")))?;
        let cat = catalogues::by_id(tx, item.catalogue_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without catalogue")))?;
        let gov = governments::by_id(tx, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without government")))?;
        let actor =
            self.authorize(principal, op, Target { government: &gov_code(&gov)?, sponsors: &[item.sponsor_id] })?;
        if item.version != expected_version {
            return Err(EngineError::Conflict {
                zh: format!(
                    "决策事项已被修改（当前版本 {}，提交所据版本 {expected_version}），请刷新后重试",
                    item.version
                ),
                en: format!(
                    "the item was changed meanwhile (now at version {}, the step was based on {expected_version})",
                    item.version
                ),
            });
        }
        Ok((item, cat, gov, actor))
    }

    pub(crate) async fn latest_artefact<T: serde::de::DeserializeOwned>(
        &self,
        tx: &juece_store::DatabaseTransaction,
        item_id: Uuid,
        kind: ArtefactKind,
    ) -> Result<Option<(i32, T)>, EngineError> {
        match artefacts::latest(tx, item_id, kind.as_str()).await? {
            Some(a) => {
                let v = serde_json::from_value(a.content)
                    .map_err(|e| EngineError::Internal(format!("stored {} {} unreadable: {e}", kind, a.id)))?;
                Ok(Some((a.version, v)))
            }
            None => Ok(None),
        }
    }

    /// Stores an artefact, applies the events (the item's and its regions' versions loaded into
    /// the batch) and commits.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn commit_step(
        &self,
        tx: juece_store::DatabaseTransaction,
        item: &ItemRow,
        gov: &crate::GovernmentRow,
        year: i32,
        actor: juece_core::Actor,
        stored: Option<(ArtefactRef, serde_json::Value)>,
        events: Vec<juece_core::DomainEvent>,
        audit: StepAudit,
    ) -> Result<ItemRow, EngineError> {
        self.commit_step_with(tx, item, gov, year, actor, stored, events, audit, &[]).await
    }

    /// [`Self::commit_step`] for a step whose events also move other rows (an adjustment adds its
    /// child to the catalogue; a child's decision supersedes its parent): `others` are those rows'
    /// ids with the versions they were loaded at.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn commit_step_with(
        &self,
        tx: juece_store::DatabaseTransaction,
        item: &ItemRow,
        gov: &crate::GovernmentRow,
        year: i32,
        actor: juece_core::Actor,
        stored: Option<(ArtefactRef, serde_json::Value)>,
        events: Vec<juece_core::DomainEvent>,
        audit: StepAudit,
        others: &[(Uuid, i32)],
    ) -> Result<ItemRow, EngineError> {
        let now = db_time(self.clock.now());
        if let Some((reference, content)) = stored {
            artefacts::insert(
                &tx,
                artefact::Model {
                    id: reference.id,
                    item_id: item.id,
                    kind: reference.kind.as_str().to_owned(),
                    version: reference.version,
                    content,
                    sha256: reference.sha256,
                    created_by: actor.id.clone(),
                    created_at: now,
                },
            )
            .await?;
        }
        let mut batch = Batch::new(now, actor, gov.id, gov.code.clone(), year);
        batch.rules = audit.rules;
        batch.overrides = audit.overrides;
        batch.versions.extend(others.iter().copied());
        batch.versions.insert(item.id, item.version);
        for r in regions::by_item(&tx, item.id).await? {
            if let Some(region) = juece_core::region::Region::parse(&r.region) {
                batch.versions.insert(crate::persist::region_key(item.id, region), r.version);
            }
        }
        batch.apply_all(&tx, &events).await?;
        let out = batch.append(&tx).await?;
        let moved = items::by_id(&tx, item.id)
            .await?
            .ok_or_else(|| EngineError::Internal("item vanished inside its own transaction".into()))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(moved)
    }

    pub(crate) async fn next_ref(
        &self,
        tx: &juece_store::DatabaseTransaction,
        item_id: Uuid,
        kind: ArtefactKind,
        content: &serde_json::Value,
    ) -> Result<ArtefactRef, EngineError> {
        let version = artefacts::latest_version(tx, item_id, kind.as_str()).await? + 1;
        Ok(ArtefactRef { id: Uuid::now_v7(), kind, version, sha256: content_hash(content) })
    }

    /// A step of the participation region: open the comment notice, or close the period with
    /// its opinion register.
    pub async fn participate(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        input: ParticipationInput,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::participation::{CommentNotice, ParticipationCommand, decide_participation};
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) = self
            .load_for_step(&tx, principal, juece_core::authz::Operation::RunParticipation, item_id, expected_version)
            .await?;
        let version = self.pinned_version(&item, &gov)?;
        let params = version.params;
        let shandong = version.profile == juece_core::rule_catalogue::Profile::Shandong;
        let (cmd, content) = match input {
            ParticipationInput::OpenNotice(notice) => {
                let c = serde_json::to_value(&notice).map_err(|e| EngineError::Internal(e.to_string()))?;
                let draft = match artefacts::latest_version(&tx, item.id, ArtefactKind::Draft.as_str()).await? {
                    0 => None,
                    _ => {
                        let all = artefacts::by_item(&tx, item.id).await?;
                        all.into_iter()
                            .find(|a| a.kind == ArtefactKind::Draft.as_str() && a.version == notice.draft_version)
                            .map(|a| serde_json::from_value::<Draft>(a.content))
                            .transpose()
                            .map_err(|e| EngineError::Internal(format!("stored draft unreadable: {e}")))?
                    }
                };
                (ParticipationCommand::OpenNotice { notice, draft, shandong }, c)
            }
            ParticipationInput::Close(register) => {
                let c = serde_json::to_value(&register).map_err(|e| EngineError::Internal(e.to_string()))?;
                let notice = self
                    .latest_artefact::<CommentNotice>(&tx, item.id, ArtefactKind::CommentNotice)
                    .await?
                    .map(|(_, n)| n);
                let latest = artefacts::latest_version(&tx, item.id, ArtefactKind::Draft.as_str()).await?;
                (ParticipationCommand::Close { register, notice, latest_draft_version: latest }, c)
            }
        };
        let region_state = regions::by_item(&tx, item.id)
            .await?
            .into_iter()
            .find(|r| r.region == juece_core::region::Region::Participation.as_str())
            .and_then(|r| RegionState::parse(&r.state));
        let reference = self.next_ref(&tx, item.id, cmd.artefact_kind(), &content).await?;
        let ctx = juece_core::Ctx { now: db_time(self.clock.now()), actor: actor.clone() };
        let events = decide_participation(&item_facts(&item)?, region_state, &params, &cmd, reference.clone(), &ctx)?;
        let overrides = match &cmd {
            ParticipationCommand::OpenNotice { notice, .. } => notice
                .shortening_reason
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(|r| juece_core::audit::Override {
                    rule: juece_core::rules::R_05_5.id.to_owned(),
                    reason: r.to_owned(),
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let audit = StepAudit { rules: StepAudit::chapter("R-05"), overrides };
        self.commit_step(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit).await
    }

    /// A new version of the draft; a substantive one makes regions already done stale.
    pub async fn revise_draft(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        draft: Draft,
        substantive: bool,
    ) -> Result<ItemRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) = self
            .load_for_step(&tx, principal, juece_core::authz::Operation::ReviseDraft, item_id, expected_version)
            .await?;
        let content = serde_json::to_value(&draft).map_err(|e| EngineError::Internal(e.to_string()))?;
        let reference = self.next_ref(&tx, item.id, ArtefactKind::Draft, &content).await?;
        let current = self.region_states(&tx, item.id).await?;
        let events = juece_core::participation::revise_draft(
            &item_facts(&item)?,
            &current,
            &draft,
            substantive,
            reference.clone(),
        )?;
        let audit = StepAudit { rules: StepAudit::chapter("R-04"), overrides: Vec::new() };
        self.commit_step(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit).await
    }
}

/// What a step's audit events record besides the change: the rules evaluated and the exceptions
/// relied on (R-14-1).
pub(crate) struct StepAudit {
    pub rules: Vec<String>,
    pub overrides: Vec<juece_core::audit::Override>,
}

impl StepAudit {
    pub(crate) fn chapter(chapter: &str) -> Vec<String> {
        juece_core::rule_catalogue::chapter_guards(chapter).into_iter().map(str::to_owned).collect()
    }
}

/// What a region step's decision gets to see.
pub(crate) struct RegionFacts {
    pub item: juece_core::catalogue::ItemFacts,
    pub state: Option<RegionState>,
    pub latest_draft_version: i32,
    /// The previous record of the same kind, if any.
    pub previous: Option<serde_json::Value>,
    /// The parameters of the rule profile version the item is pinned to.
    pub params: juece_core::profile::ProfileParams,
}

impl Engine {
    /// One step inside a consultation region: authorize `op`, load the region's facts, let the
    /// core decide, store the record as the next version of `kind`, and commit.
    #[allow(clippy::too_many_arguments)]
    async fn region_step<T: serde::Serialize>(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        op: juece_core::authz::Operation,
        region: juece_core::region::Region,
        kind: ArtefactKind,
        record: &T,
        decide: impl FnOnce(RegionFacts, ArtefactRef) -> Result<Vec<juece_core::DomainEvent>, juece_core::CoreError>,
    ) -> Result<ItemRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) = self.load_for_step(&tx, principal, op, item_id, expected_version).await?;
        let content = serde_json::to_value(record).map_err(|e| EngineError::Internal(e.to_string()))?;
        let facts = RegionFacts {
            item: item_facts(&item)?,
            state: regions::by_item(&tx, item.id)
                .await?
                .into_iter()
                .find(|r| r.region == region.as_str())
                .and_then(|r| RegionState::parse(&r.state)),
            latest_draft_version: artefacts::latest_version(&tx, item.id, ArtefactKind::Draft.as_str()).await?,
            previous: artefacts::latest(&tx, item.id, kind.as_str()).await?.map(|a| a.content),
            params: self.pinned_params(&item, &gov)?,
        };
        let reference = self.next_ref(&tx, item.id, kind, &content).await?;
        let events = decide(facts, reference.clone())?;
        let audit = StepAudit { rules: StepAudit::chapter(&region.rule().id[..4]), overrides: Vec::new() };
        self.commit_step(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit).await
    }

    /// Records a risk assessment report and its conclusion (R-08-3, R-08-4).
    pub async fn submit_risk_report(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        report: juece_core::risk::RiskReport,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::region::Region;
        self.region_step(
            principal,
            item_id,
            expected_version,
            juece_core::authz::Operation::AssessRisk,
            Region::RiskAssessment,
            ArtefactKind::RiskReport,
            &report,
            |f, a| {
                let previous = f.previous.and_then(|v| serde_json::from_value::<juece_core::risk::RiskReport>(v).ok());
                juece_core::risk::decide_risk_report(
                    &f.item,
                    f.state,
                    &report,
                    previous.as_ref(),
                    f.latest_draft_version,
                    a,
                )
            },
        )
        .await
    }

    /// Records the fair competition review: the sponsor's first review and the market regulator's
    /// conclusion (R-09-2, R-09-4, R-09-5).
    pub async fn conclude_fair_competition_review(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        review: juece_core::fair_competition::FairCompetitionReview,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::region::Region;
        self.region_step(
            principal,
            item_id,
            expected_version,
            juece_core::authz::Operation::ConcludeFairCompetitionReview,
            Region::FairCompetitionReview,
            ArtefactKind::FairCompetitionReview,
            &review,
            |f, a| {
                juece_core::fair_competition::decide_fair_competition(
                    &f.item,
                    f.state,
                    &review,
                    f.latest_draft_version,
                    a,
                )
            },
        )
        .await
    }

    /// Records the expert review: the panel, its signed or sealed opinions, and what was adopted
    /// (R-07-3, R-07-4, R-07-7).
    pub async fn submit_expert_review(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        review: juece_core::expert::ExpertReview,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::region::Region;
        self.region_step(
            principal,
            item_id,
            expected_version,
            juece_core::authz::Operation::ConductExpertReview,
            Region::ExpertReview,
            ArtefactKind::ExpertReview,
            &review,
            |f, a| {
                juece_core::expert::decide_expert_review(
                    &f.item,
                    f.state,
                    &f.params,
                    &review,
                    f.latest_draft_version,
                    a,
                )
            },
        )
        .await
    }

    /// Records a hearing held: notice, selection, materials and the signed record (R-06-2..6).
    pub async fn record_hearing(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        record: juece_core::hearing::HearingRecord,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::region::Region;
        self.region_step(
            principal,
            item_id,
            expected_version,
            juece_core::authz::Operation::HoldHearing,
            Region::Hearing,
            ArtefactKind::HearingRecord,
            &record,
            |f, a| juece_core::hearing::decide_hearing(&f.item, f.state, &f.params, &record, f.latest_draft_version, a),
        )
        .await
    }

    /// Records the coordination with the units concerned, and the dispute statement where they
    /// disagree (R-04-4).
    pub async fn record_coordination(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
        record: juece_core::coordination::CoordinationRecord,
    ) -> Result<ItemRow, EngineError> {
        use juece_core::region::Region;
        self.region_step(
            principal,
            item_id,
            expected_version,
            juece_core::authz::Operation::CoordinateUnits,
            Region::Coordination,
            ArtefactKind::CoordinationRecord,
            &record,
            |f, a| juece_core::coordination::decide_coordination(&f.item, f.state, &record, a),
        )
        .await
    }
}
