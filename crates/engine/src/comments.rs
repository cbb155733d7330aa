//! Public comments on an open comment notice: intake with group commit, duplicate grouping,
//! moderation, the sponsor's answers and the published adoption feedback (R-05-4, R-05-5, R-05-8,
//! R-05-9).
//!
//! Intake is built for a hot consultation. A submission is checked and handed to one writer task
//! per engine, which takes every submission waiting at that moment and writes them in one
//! transaction: the comments, their new duplicate groups and one `CommentsReceived` event on the
//! notice's audit stream, whose digest binds every comment of the batch into the hash chain. The
//! receipt is returned only after that commit, so a receipt always means a stored comment, and a
//! failed batch answers each of its submitters with an error: nothing is dropped silently.

use crate::commands::{gov_code, item_facts};
use crate::error::EngineError;
use crate::persist::Batch;
use crate::{Engine, ItemRow};
use chrono::{DateTime, Utc};
use juece_core::Actor;
use juece_core::artefact::ArtefactKind;
use juece_core::authz::{Operation, Principal, Target};
use juece_core::comments::{
    CommentSubmission, DuplicateIndex, DuplicateKind, Signature, exact_fingerprint, normalise, signature,
    tracking_number,
};
use juece_core::feedback::{
    FeedbackDocument, FeedbackOpinion, FeedbackRow, FeedbackTotals, LedgerFacts, Moderation, OpinionAnswer,
};
use juece_core::participation::{Adoption, CommentNotice};
use juece_core::region::{Region, RegionState};
use juece_store::entity::{comment, comment_group, comment_notice, opinion_cluster};
use juece_store::repo::{artefacts, catalogues, comments, db_time, governments, items, regions};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

pub use juece_store::entity::comment::Model as CommentRow;
pub use juece_store::entity::comment_notice::Model as NoticeRow;
pub use juece_store::entity::opinion_cluster::Model as OpinionRow;
pub use juece_store::repo::comments::CommentFilter;

/// The most submissions one transaction takes.
const MAX_BATCH: usize = 1000;
/// Submissions waiting for the writer before new ones are told to retry.
const QUEUE: usize = 20_000;

/// How many comments one client may submit: a sustained rate and a burst.
#[derive(Debug, Clone, Copy)]
pub struct CommentLimits {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Default for CommentLimits {
    /// Enough for an office behind one address to send its staff's comments, far below a script.
    fn default() -> Self {
        CommentLimits {
            per_minute: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
        }
    }
}

type Limiter = governor::DefaultKeyedRateLimiter<IpAddr>;

/// The engine's intake: the writer task's queue, started on first use, and the per-client limit.
#[derive(Default)]
pub(crate) struct Intake {
    queue: OnceLock<mpsc::Sender<Job>>,
    limiter: Option<Arc<Limiter>>,
}

impl Intake {
    pub(crate) fn new(limits: Option<CommentLimits>) -> Self {
        let limiter = limits.map(|l| {
            Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(l.per_minute).allow_burst(l.burst)))
        });
        Intake { queue: OnceLock::new(), limiter }
    }
}

/// A comment on the open notice of an item.
#[derive(Debug, Clone)]
pub struct CommentInput {
    pub item_id: Uuid,
    pub submission: CommentSubmission,
}

/// What the submitter keeps: the proof that the comment was received and counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub tracking_no: String,
    pub item_id: Uuid,
    pub notice_version: i32,
    pub seq: i64,
    pub submitted_at: DateTime<Utc>,
    /// Whether it joined a group of identical or similar comments already received.
    pub duplicate: Option<DuplicateKind>,
}

/// Where a submitter waits for its receipt.
type ReplyTo = oneshot::Sender<Result<Receipt, EngineError>>;

/// A submission as the writer takes it, its reply channel kept apart so that every submitter is
/// answered whatever happens to the batch.
struct Pending {
    input: CommentInput,
    received_at: DateTime<Utc>,
    client_hash: Option<String>,
}

struct Job {
    input: CommentInput,
    received_at: DateTime<Utc>,
    client_hash: Option<String>,
    reply: ReplyTo,
}

/// A comment as the writer prepares it.
struct Prepared {
    exact: String,
    sig: Signature,
}

/// The writer's memory of one notice: its row id and the duplicate groups it has seen.
struct NoticeCache {
    notice_id: Uuid,
    index: DuplicateIndex,
    groups_seen: i64,
}

fn closed(zh: String, en: String) -> EngineError {
    EngineError::Violation(juece_core::rules::Violation::new(juece_core::rules::R_05_5, zh, en))
}

impl Engine {
    /// Submits a comment and waits for its receipt, which comes only once the comment is stored.
    pub async fn submit_comment(&self, client: Option<IpAddr>, input: CommentInput) -> Result<Receipt, EngineError> {
        if let (Some(limiter), Some(ip)) = (&self.intake.limiter, client)
            && limiter.check_key(&ip).is_err()
        {
            return Err(EngineError::RateLimited {
                zh: "提交过于频繁，请稍后再试".into(),
                en: "too many comments from this address; try again in a minute".into(),
            });
        }
        input.submission.validate()?;
        let (reply, answer) = oneshot::channel();
        let job = Job {
            input,
            received_at: db_time(self.clock.now()),
            client_hash: client.map(|ip| self.client_hash(ip)),
            reply,
        };
        let queue = self.intake.queue.get_or_init(|| self.start_writer());
        queue.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => EngineError::Unavailable {
                zh: "意见提交量过大，请稍后再试；未出具回执的意见未被接收".into(),
                en:
                    "comments are arriving faster than they can be stored; try again shortly (no receipt, not received)"
                        .into(),
            },
            mpsc::error::TrySendError::Closed(_) => EngineError::Unavailable {
                zh: "意见接收服务不可用".into(),
                en: "comment intake is unavailable".into(),
            },
        })?;
        answer.await.map_err(|_| EngineError::Unavailable {
            zh: "意见接收服务中断，未出具回执的意见未被接收".into(),
            en: "comment intake stopped; a comment without a receipt was not received".into(),
        })?
    }

    /// A client address as stored: hashed with the deployment's key, so that a campaign from one
    /// address can be seen without keeping anyone's address.
    fn client_hash(&self, ip: IpAddr) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        if let Some(k) = &self.signing_key {
            h.update(k.to_bytes());
        }
        h.update(ip.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    fn start_writer(&self) -> mpsc::Sender<Job> {
        let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
        // The writer's engine has an intake of its own that it never uses, so that it holds no
        // sender of its own queue: the task ends when the last engine that can submit is gone.
        let mut writer = self.clone();
        writer.intake = Arc::new(Intake::default());
        tokio::spawn(async move {
            let mut cache: HashMap<(Uuid, i32), NoticeCache> = HashMap::new();
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                let mut by_item: HashMap<Uuid, Vec<Job>> = HashMap::new();
                for j in jobs {
                    by_item.entry(j.input.item_id).or_default().push(j);
                }
                for (item_id, jobs) in by_item {
                    writer.write_batch(&mut cache, item_id, jobs).await;
                }
            }
        });
        tx
    }

    /// Writes one item's waiting submissions in one transaction and answers each submitter.
    async fn write_batch(&self, cache: &mut HashMap<(Uuid, i32), NoticeCache>, item_id: Uuid, jobs: Vec<Job>) {
        let (jobs, replies): (Vec<Pending>, Vec<ReplyTo>) = jobs
            .into_iter()
            .map(|j| (Pending { input: j.input, received_at: j.received_at, client_hash: j.client_hash }, j.reply))
            .unzip();
        let count = jobs.len();
        let outcomes = match self.try_write_batch(cache, item_id, jobs).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                // The duplicate index may hold groups of the batch that was rolled back.
                cache.retain(|(item, _), _| *item != item_id);
                tracing::warn!(error = %e, item = %item_id, comments = count, "comment batch failed");
                vec![Err(e); count]
            }
        };
        for (reply, result) in replies.into_iter().zip(outcomes) {
            // A submitter who stopped waiting still has the comment stored (or not) as told here.
            let _ = reply.send(result);
        }
    }

    async fn try_write_batch(
        &self,
        cache: &mut HashMap<(Uuid, i32), NoticeCache>,
        item_id: Uuid,
        jobs: Vec<Pending>,
    ) -> Result<Vec<Result<Receipt, EngineError>>, EngineError> {
        // Each submission's outcome, in the order submitted.
        let mut outcomes: Vec<Option<Result<Receipt, EngineError>>> = jobs.iter().map(|_| None).collect();
        let tx = self.store.begin_write().await?;
        let open = self.open_notice(&tx, item_id).await;
        let (item, gov, year, notice_version, notice) = match open {
            Ok(o) => o,
            Err(e) => return Ok(jobs.iter().map(|_| Err(e.clone())).collect()),
        };
        let mut batch_jobs = Vec::with_capacity(jobs.len());
        for (at, j) in jobs.into_iter().enumerate() {
            let day = juece_core::calendar::shanghai_date(j.received_at);
            if day < notice.opens_on {
                let e = closed(
                    format!("征求意见自{}开始，尚未开始接收意见", notice.opens_on),
                    format!("the comment period opens on {}; comments are not accepted yet", notice.opens_on),
                );
                outcomes[at] = Some(Err(e));
            } else if day > notice.closes_on {
                let e = closed(
                    format!("征求意见已于{} 24:00截止，不再接收意见", notice.closes_on),
                    format!(
                        "the comment period closed at 24:00 on {}; comments are no longer accepted",
                        notice.closes_on
                    ),
                );
                outcomes[at] = Some(Err(e));
            } else {
                batch_jobs.push((at, j));
            }
        }
        if batch_jobs.is_empty() {
            return Ok(outcomes.into_iter().flatten().collect());
        }
        let now = db_time(self.clock.now());
        let key = (item_id, notice_version);
        #[allow(clippy::map_entry)] // the entry is made after an await, which an Entry cannot span
        if !cache.contains_key(&key) {
            comments::ensure_notice(&tx, new_notice_row(&gov, year, &item, notice_version, &notice, now)).await?;
            let row = comments::notice(&tx, item_id, notice_version)
                .await?
                .ok_or_else(|| EngineError::Internal("comment notice row vanished".into()))?;
            cache.insert(key, NoticeCache { notice_id: row.id, index: DuplicateIndex::new(), groups_seen: 0 });
        }
        let entry = cache.get_mut(&key).ok_or_else(|| EngineError::Internal("notice cache".into()))?;
        // Advancing the notice locks its row: from here on this transaction is the notice's only
        // writer, in this process or any other.
        let row = comments::advance_notice(&tx, entry.notice_id).await?;
        if row.feedback_published_at.is_some() {
            return Err(closed(
                "该征求意见的采纳情况已反馈，不再接收意见".into(),
                "the feedback on this notice is published; comments are closed".into(),
            ));
        }
        // The period's timer closed the notice (R-05-5): nothing is taken after its end, whatever
        // this process's clock says.
        if row.closed_at.is_some() {
            return Err(closed(
                format!("征求意见已于{} 24:00截止，不再接收意见", notice.closes_on),
                format!("the comment period closed at 24:00 on {}; comments are no longer accepted", notice.closes_on),
            ));
        }
        if row.group_count > entry.groups_seen {
            for g in comments::groups_after(&tx, row.id, entry.groups_seen).await? {
                let sig = Signature::from_bytes(&g.signature).ok_or_else(|| {
                    EngineError::Internal(format!("comment group {} has an unreadable signature", g.id))
                })?;
                entry.index.insert_group(g.id, &g.exact_fp, &sig);
                entry.groups_seen = g.seq;
            }
        }
        let mut comment_rows = Vec::with_capacity(batch_jobs.len());
        let mut group_rows = Vec::new();
        let mut receipts = Vec::with_capacity(batch_jobs.len());
        let mut digest_rows = Vec::with_capacity(batch_jobs.len());
        let mut seq = row.comment_count;
        let mut groups = row.group_count;
        for (at, j) in batch_jobs {
            seq += 1;
            let s = &j.input.submission;
            let normalised = normalise(&s.body);
            let p = Prepared { exact: exact_fingerprint(&normalised), sig: signature(&normalised) };
            let id = Uuid::now_v7();
            let (group_id, duplicate) = match entry.index.find(&p.exact, &p.sig) {
                Some((g, kind)) => (g, Some(kind)),
                None => {
                    groups += 1;
                    let g = Uuid::now_v7();
                    entry.index.insert_group(g, &p.exact, &p.sig);
                    entry.groups_seen = groups;
                    group_rows.push(comment_group::Model {
                        id: g,
                        notice_id: row.id,
                        seq: groups,
                        representative_id: id,
                        exact_fp: p.exact.clone(),
                        signature: p.sig.to_bytes(),
                        created_at: now,
                    });
                    (g, None)
                }
            };
            let tracking_no = tracking_number(&row.tracking_prefix, seq as u64);
            let content = serde_json::json!({
                "trackingNo": tracking_no,
                "submittedAt": juece_core::audit::format_time(j.received_at),
                "kind": s.kind.as_str(),
                "name": s.name,
                "organisation": s.organisation,
                "contact": s.contact,
                "body": s.body,
            });
            let content_hash = juece_core::audit::content_hash(&content);
            digest_rows.push(serde_json::json!([tracking_no, content_hash]));
            comment_rows.push(comment::Model {
                id,
                notice_id: row.id,
                item_id,
                seq,
                tracking_no: tracking_no.clone(),
                submitted_at: j.received_at,
                submitter_kind: s.kind.as_str().to_owned(),
                name: s.name.clone().filter(|n| !n.trim().is_empty()),
                organisation: s.organisation.clone().filter(|n| !n.trim().is_empty()),
                contact: s.contact.clone().filter(|n| !n.trim().is_empty()),
                body: s.body.clone(),
                content_hash,
                group_id,
                duplicate_kind: duplicate.map(|d| d.as_str().to_owned()),
                client_hash: j.client_hash.clone(),
                moderation: Moderation::Pending.as_str().to_owned(),
                hidden_reason: None,
                moderated_at: None,
                cluster_id: None,
            });
            receipts.push((
                at,
                Receipt { tracking_no, item_id, notice_version, seq, submitted_at: j.received_at, duplicate },
            ));
        }
        let first_seq = row.comment_count + 1;
        let new_groups = groups - row.group_count;
        comments::insert_groups(&tx, group_rows).await?;
        comments::insert_comments(&tx, comment_rows).await?;
        comments::set_counters(&tx, row.id, seq, groups, row.cluster_count).await?;
        let event = juece_core::DomainEvent::CommentsReceived {
            item_id,
            notice_id: row.id,
            notice_version,
            first_seq,
            last_seq: seq,
            count: seq - first_seq + 1,
            new_groups,
            digest: juece_core::audit::content_hash(&serde_json::Value::Array(digest_rows)),
        };
        let mut batch = Batch::new(now, Actor::public(), gov.id, gov.code.clone(), year);
        batch.rules = vec![juece_core::rules::R_05_4.id.to_owned(), juece_core::rules::R_05_5.id.to_owned()];
        batch.versions.insert(row.id, row.version);
        batch.apply(&tx, &event).await?;
        let out = batch.append(&tx).await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        for (at, receipt) in receipts {
            outcomes[at] = Some(Ok(receipt));
        }
        Ok(outcomes.into_iter().flatten().collect())
    }

    /// The item's notice open for comment: the item in consultation, its participation region in
    /// progress, and the notice the region opened.
    async fn open_notice(
        &self,
        tx: &juece_store::DatabaseTransaction,
        item_id: Uuid,
    ) -> Result<(ItemRow, crate::GovernmentRow, i32, i32, CommentNotice), EngineError> {
        let item = items::by_id(tx, item_id)
            .await?
            .filter(|i| juece_core::ItemState::parse(&i.state).is_some_and(juece_core::ItemState::is_public))
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}")))?;
        let not_open = || {
            closed(
                "该事项当前没有正在征求意见的公告".into(),
                "this item has no comment notice open for comments".into(),
            )
        };
        let participation = regions::by_item(tx, item_id)
            .await?
            .into_iter()
            .find(|r| r.region == Region::Participation.as_str())
            .and_then(|r| RegionState::parse(&r.state));
        let Some((version, notice)) =
            self.latest_artefact::<CommentNotice>(tx, item_id, ArtefactKind::CommentNotice).await?
        else {
            return Err(not_open());
        };
        if item.state != juece_core::ItemState::Consultation.as_str() || participation != Some(RegionState::InProgress)
        {
            return Err(closed(
                format!("征求意见已于{}截止，不再接收意见", notice.closes_on),
                format!("the comment period closed on {}; comments are no longer accepted", notice.closes_on),
            ));
        }
        let gov = governments::by_id(tx, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without government")))?;
        let year = catalogues::by_id(tx, item.catalogue_id).await?.map_or(0, |c| c.year);
        Ok((item, gov, year, version, notice))
    }

    /// Loads a notice for a clerk's command on its comments, authorizes it, and locks the notice
    /// (advancing its stream by one).
    async fn lock_notice_for(
        &self,
        tx: &juece_store::DatabaseTransaction,
        principal: &Principal,
        op: Operation,
        item_id: Uuid,
    ) -> Result<(ItemRow, crate::GovernmentRow, i32, Actor, NoticeRow), EngineError> {
        let item = items::by_id(tx, item_id)
            .await?
            .ok_or_else(|| EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}")))?;
        let gov = governments::by_id(tx, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {item_id} without government")))?;
        let actor =
            self.authorize(principal, op, Target { government: &gov_code(&gov)?, sponsors: &[item.sponsor_id] })?;
        let notice = latest_notice_row(tx, item_id).await?.ok_or_else(|| {
            EngineError::not_found(
                "该事项的征求意见公告尚未收到意见",
                "no comments have been received on this item's notice",
            )
        })?;
        let row = comments::advance_notice(tx, notice.id).await?;
        let year = catalogues::by_id(tx, item.catalogue_id).await?.map_or(0, |c| c.year);
        Ok((item, gov, year, actor, row))
    }

    #[allow(clippy::too_many_arguments)]
    async fn commit_notice_event(
        &self,
        tx: juece_store::DatabaseTransaction,
        gov: &crate::GovernmentRow,
        year: i32,
        actor: Actor,
        row: &NoticeRow,
        event: juece_core::DomainEvent,
        rules: &[&str],
    ) -> Result<(), EngineError> {
        let now = db_time(self.clock.now());
        let mut batch = Batch::new(now, actor, gov.id, gov.code.clone(), year);
        batch.rules = rules.iter().map(|r| (*r).to_owned()).collect();
        batch.versions.insert(row.id, row.version);
        batch.apply(&tx, &event).await?;
        let out = batch.append(&tx).await?;
        tx.commit().await.map_err(juece_store::StoreError::from)?;
        self.publish(out);
        Ok(())
    }

    /// Publishes or hides comments (chosen one by one or by duplicate group). Hiding needs a
    /// reason, published with the count of hidden comments.
    pub async fn moderate_comments(
        &self,
        principal: &Principal,
        item_id: Uuid,
        comment_ids: &[Uuid],
        group_ids: &[Uuid],
        action: Moderation,
        reason: Option<String>,
    ) -> Result<u64, EngineError> {
        let tx = self.store.begin_write().await?;
        let (_, gov, year, actor, row) =
            self.lock_notice_for(&tx, principal, Operation::ModerateComments, item_id).await?;
        if row.feedback_published_at.is_some() {
            return Err(frozen());
        }
        let chosen = comments::selected(&tx, row.id, comment_ids, group_ids).await?;
        juece_core::feedback::check_moderation(action, reason.as_deref(), chosen.len())?;
        let reason = reason.map(|r| r.trim().to_owned()).filter(|_| action == Moderation::Hidden);
        let ids: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
        let now = db_time(self.clock.now());
        comments::set_moderation(&tx, &ids, action.as_str(), reason.as_deref(), now).await?;
        let event = juece_core::DomainEvent::CommentsModerated {
            item_id,
            notice_id: row.id,
            action,
            reason,
            seqs: chosen.iter().map(|c| c.seq).collect(),
        };
        self.commit_notice_event(tx, &gov, year, actor, &row, event, &["R-05-4"]).await?;
        Ok(ids.len() as u64)
    }

    /// Answers an opinion: the published comments chosen (one by one or by duplicate group) are
    /// taken together and answered as one. A comment answered before moves to the new opinion.
    pub async fn answer_opinion(
        &self,
        principal: &Principal,
        item_id: Uuid,
        comment_ids: &[Uuid],
        group_ids: &[Uuid],
        answer: OpinionAnswer,
    ) -> Result<OpinionRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let (_, gov, year, actor, row) =
            self.lock_notice_for(&tx, principal, Operation::AnswerOpinions, item_id).await?;
        if row.feedback_published_at.is_some() {
            return Err(frozen());
        }
        let chosen: Vec<_> = comments::selected(&tx, row.id, comment_ids, group_ids)
            .await?
            .into_iter()
            .filter(|c| c.moderation == Moderation::Published.as_str())
            .collect();
        answer.validate(chosen.len())?;
        let seq = row.cluster_count + 1;
        let cluster = opinion_cluster::Model {
            id: Uuid::now_v7(),
            notice_id: row.id,
            seq,
            summary: answer.summary.trim().to_owned(),
            concentrated: answer.concentrated,
            adoption: answer.adoption.as_str().to_owned(),
            reason: answer.reason.trim().to_owned(),
            created_at: db_time(self.clock.now()),
        };
        comments::insert_cluster(&tx, cluster.clone()).await?;
        let ids: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
        comments::set_cluster(&tx, &ids, cluster.id).await?;
        comments::set_counters(&tx, row.id, row.comment_count, row.group_count, seq).await?;
        let event = juece_core::DomainEvent::OpinionAnswered {
            item_id,
            notice_id: row.id,
            cluster_id: cluster.id,
            answer,
            seqs: chosen.iter().map(|c| c.seq).collect(),
        };
        self.commit_notice_event(tx, &gov, year, actor, &row, event, &["R-05-8"]).await?;
        Ok(cluster)
    }

    /// Publishes the adoption feedback of the item's latest notice (R-05-9): the opinions with
    /// their answers, the totals, and the digest of the per-comment table, which is frozen from
    /// then on.
    pub async fn publish_feedback(
        &self,
        principal: &Principal,
        item_id: Uuid,
        expected_version: i32,
    ) -> Result<ItemRow, EngineError> {
        let tx = self.store.begin_write().await?;
        let (item, cat, gov, actor) =
            self.load_for_step(&tx, principal, Operation::PublishFeedback, item_id, expected_version).await?;
        let Some((version, notice)) =
            self.latest_artefact::<CommentNotice>(&tx, item_id, ArtefactKind::CommentNotice).await?
        else {
            return Err(EngineError::OutOfOrder {
                transition: "FEEDBACK",
                zh: "该事项未公开征求意见，无采纳情况可反馈".into(),
                en: "the item held no public comment round to give feedback on".into(),
            });
        };
        let row = match comments::notice(&tx, item_id, version).await? {
            Some(n) => Some(comments::advance_notice(&tx, n.id).await?),
            None => None,
        };
        let pinned = self.pinned_version(&item, &gov)?;
        let shandong = pinned.profile == juece_core::rule_catalogue::Profile::Shandong;
        let (doc, facts) = match &row {
            Some(row) => self.ledger(&tx, row, &notice, shandong).await?,
            None => (
                FeedbackDocument {
                    notice_version: version,
                    closes_on: notice.closes_on,
                    totals: FeedbackTotals::default(),
                    hidden_by_reason: Vec::new(),
                    opinions: Vec::new(),
                    rows_sha256: juece_core::audit::content_hash(&serde_json::json!([])),
                },
                LedgerFacts {
                    notice_version: version,
                    closes_on: notice.closes_on,
                    already_published: false,
                    pending: 0,
                    unanswered: 0,
                    opinions: Vec::new(),
                    shandong,
                },
            ),
        };
        let content = serde_json::to_value(&doc).map_err(|e| EngineError::Internal(e.to_string()))?;
        let reference = self.next_ref(&tx, item.id, ArtefactKind::AdoptionFeedback, &content).await?;
        let ctx = juece_core::Ctx { now: db_time(self.clock.now()), actor: actor.clone() };
        let mut facts = facts;
        facts.already_published = row.as_ref().is_some_and(|r| r.feedback_published_at.is_some())
            || artefacts::latest_version(&tx, item.id, ArtefactKind::AdoptionFeedback.as_str()).await? >= version;
        let events = juece_core::feedback::decide_feedback(&item_facts(&item)?, &facts, reference.clone(), &ctx)?;
        if let Some(row) = &row
            && !comments::mark_feedback_published(&tx, row.id, ctx.now).await?
        {
            return Err(frozen());
        }
        let audit = crate::steps::StepAudit { rules: vec!["R-05-8".into(), "R-05-9".into()], overrides: Vec::new() };
        self.commit_step(tx, &item, &gov, cat.year, actor, Some((reference, content)), events, audit).await
    }

    /// Reads a notice's ledger: the feedback document it would publish and the facts the core
    /// checks.
    async fn ledger(
        &self,
        tx: &juece_store::DatabaseTransaction,
        row: &NoticeRow,
        notice: &CommentNotice,
        shandong: bool,
    ) -> Result<(FeedbackDocument, LedgerFacts), EngineError> {
        let clusters = comments::clusters_of(tx, row.id).await?;
        let mut counts: HashMap<Uuid, u64> = HashMap::new();
        let mut table = Vec::new();
        let mut totals = FeedbackTotals::default();
        let mut pending = 0;
        let mut unanswered = 0;
        let by_id: HashMap<Uuid, &OpinionRow> = clusters.iter().map(|c| (c.id, c)).collect();
        let mut after = 0;
        loop {
            let batch = comments::batch_after(tx, row.id, after, 5000).await?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            for c in &batch {
                totals.received += 1;
                match Moderation::parse(&c.moderation) {
                    Some(Moderation::Pending) => pending += 1,
                    Some(Moderation::Hidden) => totals.hidden += 1,
                    _ => {
                        totals.published += 1;
                        match c.cluster_id.and_then(|id| by_id.get(&id)) {
                            Some(o) => {
                                *counts.entry(o.id).or_default() += 1;
                                let adoption = Adoption::parse(&o.adoption).unwrap_or(Adoption::NotAdopted);
                                match adoption {
                                    Adoption::Adopted => totals.adopted += 1,
                                    Adoption::PartlyAdopted => totals.partly_adopted += 1,
                                    Adoption::NotAdopted => totals.not_adopted += 1,
                                }
                                table.push(FeedbackRow {
                                    seq: c.seq,
                                    submitter: public_submitter(c),
                                    body: c.body.clone(),
                                    adoption,
                                    reason: o.reason.clone(),
                                    opinion: o.seq,
                                });
                            }
                            None => unanswered += 1,
                        }
                    }
                }
            }
        }
        totals.duplicate_groups = comments::duplicate_summary(tx, row.id).await?.0;
        let hidden_by_reason = comments::hidden_by_reason(tx, row.id)
            .await?
            .into_iter()
            .map(|(r, n)| (r.unwrap_or_default(), n as u64))
            .collect();
        // Numbered in the order answered, counting only the opinions that still answer a comment.
        let mut opinions = Vec::new();
        for c in &clusters {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            opinions.push(FeedbackOpinion {
                no: c.seq,
                answer: OpinionAnswer {
                    summary: c.summary.clone(),
                    concentrated: c.concentrated,
                    adoption: Adoption::parse(&c.adoption).unwrap_or(Adoption::NotAdopted),
                    reason: c.reason.clone(),
                },
                comment_count: n,
            });
        }
        let rows_sha256 = juece_core::audit::content_hash(
            &serde_json::to_value(&table).map_err(|e| EngineError::Internal(e.to_string()))?,
        );
        let facts = LedgerFacts {
            notice_version: row.notice_version,
            closes_on: notice.closes_on,
            already_published: row.feedback_published_at.is_some(),
            pending,
            unanswered,
            opinions: opinions.iter().map(|o| o.answer.clone()).collect(),
            shandong,
        };
        let doc = FeedbackDocument {
            notice_version: row.notice_version,
            closes_on: notice.closes_on,
            totals,
            hidden_by_reason,
            opinions,
            rows_sha256,
        };
        Ok((doc, facts))
    }

    /// A page of an item's comments for the decision organ's clerks: everything, contact details
    /// included.
    pub async fn comments_page(
        &self,
        principal: &Principal,
        item_id: Uuid,
        filter: CommentFilter,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<CommentRow>, bool), EngineError> {
        let (item, gov) = self.item_and_government(item_id).await?;
        self.authorize(
            principal,
            Operation::ModerateComments,
            Target { government: &gov_code(&gov)?, sponsors: &[item.sponsor_id] },
        )?;
        let filter = CommentFilter { item_id: Some(item_id), ..filter };
        Ok(comments::page(self.store.db(), &filter, after, limit).await?)
    }

    /// A comment by its receipt's tracking number, as its submitter may see it.
    pub async fn comment_by_tracking_no(&self, tracking_no: &str) -> Result<Option<CommentRow>, EngineError> {
        let Some((prefix, n)) = juece_core::comments::parse_tracking_number(tracking_no) else {
            return Err(juece_core::error::InputError::new(
                "trackingNo",
                "回执编号格式不正确或校验位不符，请核对",
                "that is not a valid tracking number (format or check character); please check it",
            )
            .into());
        };
        let canonical = tracking_number(&prefix, n);
        Ok(comments::by_tracking_no(self.store.db(), &canonical).await?)
    }
}

/// The row of an item's latest comment notice, once that notice has received comments (an older
/// notice's row does not count: its round is over).
pub(crate) async fn latest_notice_row(
    c: &impl sea_orm::ConnectionTrait,
    item_id: Uuid,
) -> Result<Option<NoticeRow>, EngineError> {
    let version = artefacts::latest_version(c, item_id, ArtefactKind::CommentNotice.as_str()).await?;
    Ok(comments::notice(c, item_id, version).await?)
}

fn frozen() -> EngineError {
    EngineError::Conflict {
        zh: "该征求意见的采纳情况已反馈，意见及答复不再修改".into(),
        en: "the feedback on this notice is published; its comments and answers are final".into(),
    }
}

/// 反馈人 as published.
pub fn public_submitter(c: &CommentRow) -> String {
    let kind = juece_core::comments::SubmitterKind::parse(&c.submitter_kind)
        .unwrap_or(juece_core::comments::SubmitterKind::Anonymous);
    juece_core::comments::public_submitter(kind, c.name.as_deref(), c.organisation.as_deref())
}

impl Engine {
    /// For benchmarks and checks of an item's latest notice: comments stored, comments its audit
    /// trail counted as received, and duplicate groups with more than one member.
    pub async fn campaign_figures(&self, item_id: Uuid) -> Result<(u64, u64, u64), EngineError> {
        let db = self.store.db();
        let Some(notice) = latest_notice_row(db, item_id).await? else {
            return Ok((0, 0, 0));
        };
        let stored = comments::count(db, notice.id, None, false).await?;
        let mut counted = 0;
        for e in juece_store::repo::events::by_stream(db, notice.id).await? {
            if let Ok(juece_core::DomainEvent::CommentsReceived { count, .. }) = serde_json::from_value(e.payload) {
                counted += count as u64;
            }
        }
        let (groups, _) = comments::duplicate_summary(db, notice.id).await?;
        Ok((stored, counted, groups))
    }
}

/// A new row for comment notice `notice_version` of `item`, at stream position 0. Its tracking
/// prefix (organ, year, item, notice round) is the one every receipt of the notice carries.
pub(crate) fn new_notice_row(
    gov: &crate::GovernmentRow,
    year: i32,
    item: &ItemRow,
    notice_version: i32,
    notice: &CommentNotice,
    now: DateTime<Utc>,
) -> comment_notice::Model {
    comment_notice::Model {
        id: Uuid::now_v7(),
        item_id: item.id,
        government_id: gov.id,
        notice_version,
        tracking_prefix: format!("{}-{}-{:02}-{}", gov.code, year, item.seq, notice_version),
        opens_on: notice.opens_on,
        closes_on: notice.closes_on,
        comment_count: 0,
        group_count: 0,
        cluster_count: 0,
        version: 0,
        feedback_published_at: None,
        closed_at: None,
        created_at: now,
    }
}
