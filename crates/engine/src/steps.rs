//! The procedural steps of an item (T1, T3, T4 so far): one write transaction that checks the
//! version, authorizes by the step's table row, lets the core decide, stores the step's artefact
//! with its SHA-256 and moves the item, with the audit event, together.

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
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use juece_store::entity::artefact::Model as ArtefactRow;

/// A step and its artefact, as the API receives it.
#[derive(Debug, Clone)]
pub enum StepInput {
    StudyProposal(Proposal),
    Initiate(StartDecision),
    StartDrafting(Draft),
    OpenConsultation(ConsultationPlan),
}

/// The hex SHA-256 of an artefact's canonical content: its JSON with keys in a fixed order.
pub fn content_hash(content: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
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
        let tx = self.store.begin_write().await?;
        let item = items::by_id(&tx, item_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}")))?;
        let cat = catalogues::by_id(&tx, item.catalogue_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without catalogue")))?;
        let gov = governments::by_id(&tx, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without government")))?;
        let code = gov_code(&gov)?;
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
                (StepCommand::OpenConsultation { plan, draft }, c)
            }
        };
        let row = cmd.row();
        let actor = self.authorize(principal, row.op, Target { government: &code, sponsors: &[item.sponsor_id] })?;
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
        let now = db_time(self.clock.now());
        let kind = cmd.artefact_kind();
        let version = artefacts::latest_version(&tx, item.id, kind.as_str()).await? + 1;
        let reference = ArtefactRef { id: Uuid::now_v7(), kind, version, sha256: content_hash(&content) };
        let ctx = juece_core::Ctx { now, actor: actor.clone() };
        let events = decide_step(&catalogue_facts(&cat, &code)?, &item_facts(&item)?, &cmd, reference.clone(), &ctx)?;
        artefacts::insert(
            &tx,
            artefact::Model {
                id: reference.id,
                item_id: item.id,
                kind: kind.as_str().to_owned(),
                version,
                content,
                sha256: reference.sha256.clone(),
                created_by: actor.id.clone(),
                created_at: now,
            },
        )
        .await?;
        // Entering consultation opens each region the plan applies and records the others as
        // skipped; their later steps move them from here.
        if let StepCommand::OpenConsultation { plan, .. } = &cmd {
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
        let mut batch = Batch::new(now, actor, gov.id, gov.code.clone(), cat.year);
        batch.versions.insert(item.id, expected_version);
        batch.apply_all(&tx, &events).await?;
        let out = batch.append(&tx).await?;
        let moved = items::by_id(&tx, item.id)
            .await?
            .ok_or_else(|| EngineError::Internal("item vanished inside its own transaction".into()))?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(moved)
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
