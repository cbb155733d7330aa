//! The audit trail's integrity and its readers: verifying every hash chain, artefact and signed
//! checkpoint; signing checkpoints with the deployment's Ed25519 key; paging an item's or a
//! government's trail; and the public disclosure feed that carries each checkpoint.

use crate::error::EngineError;
pub use crate::persist::chained;
use crate::{Engine, EventRow, PageFrom};
use juece_core::audit::{
    Break, BreakKind, CHECKPOINT_FORMAT, ChainedEvent, CheckpointStatement, Leaf, SignedCheckpoint, StoredArtefact,
    StreamVerifier, check_head, check_state, format_time, key_id, merkle_root, sign, verify_artefacts,
    verify_signature,
};
use juece_core::authz::{Operation, Principal, Target};
use juece_store::entity::{audit_checkpoint, feed_entry};
use juece_store::repo::events::EventFilter;
use juece_store::repo::{artefacts, audit, db_time, events, feed, governments, items};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub use juece_store::entity::audit_checkpoint::Model as CheckpointRow;
pub use juece_store::entity::feed_entry::Model as FeedRow;

/// Events read per query while verifying: enough to keep round trips few, small enough that a
/// trail of millions never sits in memory.
const VERIFY_BATCH: u64 = 5000;

/// What a verification covered and, if anything is wrong, the first broken link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyReport {
    pub streams: u64,
    pub events: u64,
    pub artefacts: u64,
    pub checkpoints: u64,
    /// The newest signed checkpoint, if there is one.
    pub latest_checkpoint: Option<i64>,
    pub first_break: Option<Break>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_break.is_none()
    }
}

/// A checkpoint row read back into what was signed.
pub fn signed_checkpoint(row: &CheckpointRow) -> Result<SignedCheckpoint, EngineError> {
    let statement: CheckpointStatement = serde_json::from_str(&row.statement)
        .map_err(|e| EngineError::Internal(format!("checkpoint {} statement unreadable: {e}", row.seq)))?;
    Ok(SignedCheckpoint { statement, signature: row.signature.clone(), public_key: row.public_key.clone() })
}

/// A checkpoint row's leaves.
pub fn checkpoint_leaves(row: &CheckpointRow) -> Result<Vec<Leaf>, EngineError> {
    serde_json::from_str(&row.leaves)
        .map_err(|e| EngineError::Internal(format!("checkpoint {} leaves unreadable: {e}", row.seq)))
}

fn broken_checkpoint(seq: i64, expected: impl Into<String>, found: impl Into<String>, detail: &str) -> Break {
    Break {
        stream_id: Uuid::nil(),
        seq,
        kind: BreakKind::CheckpointSignature,
        expected: expected.into(),
        found: found.into(),
        detail: detail.to_owned(),
    }
}

/// Each row's canonical event and its recomputed hash, the rows split among the machine's cores.
async fn hash_all(rows: Vec<EventRow>) -> Result<(Vec<EventRow>, Vec<(ChainedEvent, String)>), EngineError> {
    tokio::task::spawn_blocking(move || {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per = rows.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<(ChainedEvent, String)>, EngineError>> = std::thread::scope(|s| {
            let handles: Vec<_> = rows
                .chunks(per)
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|row| {
                                chained(row).map(|ev| {
                                    let h = ev.hash();
                                    (ev, h)
                                })
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(EngineError::Internal("a hashing thread panicked".into()))))
                .collect()
        });
        let mut hashed = Vec::with_capacity(rows.len());
        for p in parts {
            hashed.extend(p?);
        }
        Ok((rows, hashed))
    })
    .await
    .map_err(|e| EngineError::Internal(format!("hashing task failed: {e}")))?
}

/// The stream being walked, with what its end-of-stream checks need.
struct Walk {
    stream_type: String,
    verifier: StreamVerifier,
    events: Vec<ChainedEvent>,
    hashes: Vec<String>,
}

impl Engine {
    /// The deployment's public key, which every checkpoint verifies under.
    pub fn audit_public_key(&self) -> Option<juece_core::audit::AuditVerifyingKey> {
        self.signing_key.as_ref().map(|k| k.verifying_key())
    }

    /// An item and its decision organ, or `NOT_FOUND`.
    pub(crate) async fn item_and_government(
        &self,
        id: Uuid,
    ) -> Result<(crate::ItemRow, crate::GovernmentRow), EngineError> {
        let db = self.store.db();
        let item = items::by_id(db, id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {id}"), format!("no item {id}")))?;
        let gov = governments::by_id(db, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {id} without government")))?;
        Ok((item, gov))
    }

    /// Authorizes an audit operation on an item (its government) or on the trail as a whole (the
    /// user's own government).
    async fn authorize_audit(
        &self,
        principal: &Principal,
        op: Operation,
        item_id: Option<Uuid>,
    ) -> Result<(), EngineError> {
        let government = match item_id {
            Some(id) => crate::commands::gov_code(&self.item_and_government(id).await?.1)?,
            None => match principal {
                Principal::User(u) => u.government.clone(),
                // juece itself acts for every government.
                Principal::System { .. } => return Ok(()),
                Principal::Anonymous => {
                    return Err(EngineError::Unauthenticated {
                        zh: "此操作需要登录".into(),
                        en: "this operation needs credentials".into(),
                    });
                }
            },
        };
        self.authorize(principal, op, Target { government: &government, sponsors: &[] })?;
        Ok(())
    }

    /// Verifies one item's trail (`Some(id)`) or the whole trail, with its artefacts and every
    /// signed checkpoint. Reports where it first breaks; reveals hashes and positions, never content.
    pub async fn verify_audit_trail(
        &self,
        principal: &Principal,
        item_id: Option<Uuid>,
    ) -> Result<VerifyReport, EngineError> {
        self.authorize_audit(principal, Operation::VerifyAuditTrail, item_id).await?;
        self.verify(item_id).await
    }

    async fn verify(&self, only: Option<Uuid>) -> Result<VerifyReport, EngineError> {
        let db = self.store.db();
        let mut report = VerifyReport::default();

        // Checkpoints: each signed by the deployment key, its root the Merkle root of its leaves,
        // and each naming the one before it.
        let trusted = self.audit_public_key();
        let mut previous: Option<String> = None;
        let mut latest_leaves: HashMap<Uuid, Leaf> = HashMap::new();
        let checkpoints = audit::checkpoints(db).await?;
        for row in &checkpoints {
            let signed = signed_checkpoint(row)?;
            let leaves = checkpoint_leaves(row)?;
            let key = match &trusted {
                Some(k) => Some(*k),
                None => juece_core::audit::parse_public_key(&row.public_key),
            };
            let problem = if key.is_none_or(|k| !verify_signature(&signed, &k)) {
                Some(broken_checkpoint(row.seq, "a valid Ed25519 signature", row.signature.clone(), "signature"))
            } else if signed.statement.seq != row.seq
                || signed.statement.hash() != row.statement_hash
                || signed.statement.root != row.root
                || signed.statement.tree_size != row.tree_size as u64
                || signed.statement.key_id != row.key_id
            {
                Some(broken_checkpoint(row.seq, row.statement_hash.clone(), signed.statement.hash(), "statement"))
            } else if merkle_root(&leaves) != signed.statement.root || leaves.len() as u64 != signed.statement.tree_size
            {
                Some(broken_checkpoint(row.seq, signed.statement.root.clone(), merkle_root(&leaves), "merkle root"))
            } else if signed.statement.previous != previous {
                Some(broken_checkpoint(
                    row.seq,
                    previous.clone().unwrap_or_else(|| "none".into()),
                    signed.statement.previous.clone().unwrap_or_else(|| "none".into()),
                    "previous checkpoint",
                ))
            } else {
                None
            };
            if let Some(b) = problem {
                report.first_break = Some(b);
                return Ok(report);
            }
            previous = Some(row.statement_hash.clone());
            report.checkpoints += 1;
            report.latest_checkpoint = Some(row.seq);
            latest_leaves = leaves.into_iter().map(|l| (l.stream_id, l)).collect();
        }

        let heads: HashMap<Uuid, (i64, String)> = match only {
            Some(id) => audit::heads_of(db, &[id]).await?,
            None => audit::all_heads(db).await?,
        }
        .into_iter()
        .map(|h| (h.stream_id, (h.seq, h.hash)))
        .collect();

        let mut seen: HashSet<Uuid> = HashSet::new();
        let mut walk: Option<Walk> = None;
        let mut batch = events::chain_batch(db, only, None, VERIFY_BATCH).await?;
        while let Some(last) = batch.last() {
            let after = Some((last.stream_id, last.stream_seq));
            // The database reads the next batch while this one is hashed on every core; the links
            // are then checked in order.
            let (next, hashed) = tokio::join!(events::chain_batch(db, only, after, VERIFY_BATCH), hash_all(batch));
            let (batch_rows, hashed) = hashed?;
            batch = next?;
            for (row, (ev, recomputed)) in batch_rows.iter().zip(hashed) {
                if walk.as_ref().is_none_or(|w| w.verifier.stream_id() != row.stream_id) {
                    if let Some(done) = walk.take()
                        && let Some(b) = self.finish_stream(done, &heads, &latest_leaves, &mut report).await?
                    {
                        report.first_break = Some(b);
                        return Ok(report);
                    }
                    seen.insert(row.stream_id);
                    walk = Some(Walk {
                        stream_type: row.stream_type.clone(),
                        verifier: StreamVerifier::new(row.stream_id),
                        events: Vec::new(),
                        hashes: Vec::new(),
                    });
                }
                let Some(w) = walk.as_mut() else { continue };
                if let Err(b) = w.verifier.push_hashed(&ev, recomputed, &row.hash) {
                    report.first_break = Some(b);
                    return Ok(report);
                }
                report.events += 1;
                w.hashes.push(row.hash.clone());
                if w.stream_type == "ITEM" {
                    w.events.push(ev);
                }
            }
        }
        if let Some(done) = walk.take()
            && let Some(b) = self.finish_stream(done, &heads, &latest_leaves, &mut report).await?
        {
            report.first_break = Some(b);
            return Ok(report);
        }
        // A recorded head whose events are all gone.
        let mut missing: Vec<_> = heads.iter().filter(|(id, _)| !seen.contains(*id)).collect();
        missing.sort_by_key(|(id, _)| **id);
        if let Some((id, (seq, hash))) = missing.first() {
            report.first_break = check_head(**id, None, Some((*seq, hash.as_str()))).err();
            return Ok(report);
        }
        // Artefacts of an item that has no events at all were written around the engine.
        if only.is_none() {
            let mut stray: Vec<Uuid> =
                artefacts::item_ids(db).await?.into_iter().filter(|id| !seen.contains(id)).collect();
            stray.sort();
            if let Some(id) = stray.first() {
                let rows = artefacts::by_item(db, *id).await?;
                let stored: Vec<_> = rows.iter().map(stored_artefact).collect();
                report.first_break = verify_artefacts(*id, &[], &stored).err();
                return Ok(report);
            }
        } else if let Some(id) = only
            && !seen.contains(&id)
        {
            let rows = artefacts::by_item(db, id).await?;
            let stored: Vec<_> = rows.iter().map(stored_artefact).collect();
            report.first_break = verify_artefacts(id, &[], &stored).err();
        }
        Ok(report)
    }

    /// The checks at a stream's end: its recorded head, the latest checkpoint's leaf for it, its
    /// artefacts, and (for an item) that its stored state is the fold of its events.
    async fn finish_stream(
        &self,
        w: Walk,
        heads: &HashMap<Uuid, (i64, String)>,
        leaves: &HashMap<Uuid, Leaf>,
        report: &mut VerifyReport,
    ) -> Result<Option<Break>, EngineError> {
        let stream_id = w.verifier.stream_id();
        report.streams += 1;
        let recorded = heads.get(&stream_id).map(|(s, h)| (*s, h.as_str()));
        if let Err(b) = check_head(stream_id, w.verifier.head(), recorded) {
            return Ok(Some(b));
        }
        if let Some(leaf) = leaves.get(&stream_id) {
            let at = usize::try_from(leaf.seq - 1).ok().and_then(|i| w.hashes.get(i));
            if at != Some(&leaf.hash) {
                return Ok(Some(Break {
                    stream_id,
                    seq: leaf.seq,
                    kind: BreakKind::CheckpointMismatch,
                    expected: leaf.hash.clone(),
                    found: at.cloned().unwrap_or_else(|| "no event".into()),
                    detail: format!("checkpoint {}", report.latest_checkpoint.unwrap_or(0)),
                }));
            }
        }
        if w.stream_type == "ITEM" {
            let db = self.store.db();
            let rows = artefacts::by_item(db, stream_id).await?;
            report.artefacts += rows.len() as u64;
            let stored: Vec<_> = rows.iter().map(stored_artefact).collect();
            if let Err(b) = verify_artefacts(stream_id, &w.events, &stored) {
                return Ok(Some(b));
            }
            let item = items::by_id(db, stream_id).await?;
            if let Err(b) = check_state(stream_id, &w.events, item.as_ref().map_or("no item row", |i| i.state.as_str()))
            {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    /// Signs a checkpoint over every stream's head, stores it and puts it on the public feed. With
    /// `only_if_changed`, nothing is signed when no head moved since the last checkpoint (the
    /// periodic task); on demand a fresh one is always signed. A lost race with another process
    /// signing the same number is a conflict.
    pub async fn sign_checkpoint(
        &self,
        principal: &Principal,
        only_if_changed: bool,
    ) -> Result<Option<CheckpointRow>, EngineError> {
        self.authorize_audit(principal, Operation::SignCheckpoint, None).await?;
        let key = self.signing_key.clone().ok_or_else(|| EngineError::Unavailable {
            zh: "未配置本部署的签名密钥，不能签署检查点".into(),
            en: "this deployment has no signing key, so no checkpoint can be signed".into(),
        })?;
        let tx = self.store.begin_write().await?;
        let latest = audit::latest_checkpoint(&tx).await?;
        let leaves: Vec<Leaf> = audit::all_heads(&tx)
            .await?
            .into_iter()
            .map(|h| Leaf { stream_type: h.stream_type, stream_id: h.stream_id, seq: h.seq, hash: h.hash })
            .collect();
        let root = merkle_root(&leaves);
        let unchanged = match &latest {
            Some(l) => l.root == root && l.tree_size == leaves.len() as i64,
            None => leaves.is_empty(),
        };
        if only_if_changed && unchanged {
            return Ok(None);
        }
        let now = db_time(self.clock.now());
        let statement = CheckpointStatement {
            format: CHECKPOINT_FORMAT.to_owned(),
            seq: latest.as_ref().map_or(1, |l| l.seq + 1),
            taken_at: format_time(now),
            tree_size: leaves.len() as u64,
            root,
            previous: latest.as_ref().map(|l| l.statement_hash.clone()),
            key_id: key_id(&key.verifying_key()),
        };
        let signed = sign(statement, &key);
        let row = audit_checkpoint::Model {
            seq: signed.statement.seq,
            taken_at: now,
            tree_size: leaves.len() as i64,
            root: signed.statement.root.clone(),
            key_id: signed.statement.key_id.clone(),
            public_key: signed.public_key.clone(),
            signature: signed.signature.clone(),
            statement_hash: signed.statement.hash(),
            statement: to_text(&signed.statement)?,
            leaves: to_text(&leaves)?,
        };
        audit::insert_checkpoint(&tx, row.clone()).await.map_err(|e| match e {
            juece_store::StoreError::Conflict { .. } => EngineError::Conflict {
                zh: "另一进程刚刚签署了同一编号的检查点".into(),
                en: "another process has just signed a checkpoint with the same number".into(),
            },
            other => other.into(),
        })?;
        let entry = feed_entry::Model {
            id: Uuid::now_v7(),
            kind: "CHECKPOINT_SIGNED".into(),
            government_id: None,
            government_code: None,
            item_id: None,
            occurred_at: now,
            title_zh: format!("审计检查点第{}号已签署（覆盖{}条记录链）", row.seq, row.tree_size),
            title_en: format!("Audit checkpoint {} signed over {} streams", row.seq, row.tree_size),
            payload: serde_json::to_value(&signed).map_err(|e| EngineError::Internal(e.to_string()))?,
        };
        feed::insert(&tx, entry.clone()).await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish_feed(entry);
        tracing::info!(seq = row.seq, streams = row.tree_size, root = %row.root, "audit checkpoint signed");
        Ok(Some(row))
    }

    /// A page of signed checkpoints, newest first, older than checkpoint `before` (public: they
    /// reveal hashes only), and whether more lie beyond it.
    pub async fn checkpoints_page(
        &self,
        before: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<CheckpointRow>, bool), EngineError> {
        Ok(audit::checkpoints_page(self.store.db(), before, limit).await?)
    }

    /// One signed checkpoint by its number.
    pub async fn checkpoint(&self, seq: i64) -> Result<Option<CheckpointRow>, EngineError> {
        Ok(audit::checkpoint(self.store.db(), seq).await?)
    }

    pub async fn latest_checkpoint(&self) -> Result<Option<CheckpointRow>, EngineError> {
        Ok(audit::latest_checkpoint(self.store.db()).await?)
    }

    /// A page of an item's trail (`filter.stream_id`) or of a government's (`filter.government_id`),
    /// for those who audit it.
    pub async fn audit_trail_page(
        &self,
        principal: &Principal,
        item_id: Option<Uuid>,
        mut filter: EventFilter,
        from: PageFrom,
        limit: u64,
    ) -> Result<(Vec<EventRow>, bool), EngineError> {
        self.authorize_audit(principal, Operation::ReadAuditTrail, item_id).await?;
        filter.stream_id = item_id;
        if item_id.is_none() {
            // The organisation-wide trail is the viewer's own government's.
            filter.government_id = match principal {
                Principal::User(u) => Some(u.government_id),
                _ => filter.government_id,
            };
        }
        Ok(events::page(self.store.db(), &filter, from, limit).await?)
    }

    /// A page of the public disclosure feed, newest first.
    pub async fn feed_page(
        &self,
        government_id: Option<Uuid>,
        since: Option<chrono::DateTime<chrono::Utc>>,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<FeedRow>, bool), EngineError> {
        Ok(feed::page(self.store.db(), government_id, since, before, limit).await?)
    }
}

fn stored_artefact(a: &juece_store::entity::artefact::Model) -> StoredArtefact<'_> {
    StoredArtefact { id: a.id, kind: &a.kind, version: a.version, sha256: &a.sha256, content: &a.content }
}

/// JSON text of a value, with a serialization failure as an internal error.
fn to_text<T: serde::Serialize>(v: &T) -> Result<String, EngineError> {
    serde_json::to_string(v).map_err(|e| EngineError::Internal(e.to_string()))
}
