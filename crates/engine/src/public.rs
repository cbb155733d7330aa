//! The public side's reads: an item as the public may see it (its catalogue entry, the timeline,
//! documents and links of `juece_core::disclosure`, and its consultation), the consultations open
//! today, published comments with their duplicate counts, and a receipt's status. Everything here
//! is read as the public, whoever asks, so that no clerk's view leaks through a public page.

use crate::comments::{CommentRow, NoticeRow, public_submitter};
use crate::error::EngineError;
use crate::read_cache::Key;
use crate::{CatalogueRow, DepartmentRow, Engine, GovernmentRow, ItemRow};
use chrono::{DateTime, Utc};
use juece_core::artefact::ArtefactKind;
use juece_core::comments::DuplicateKind;
use juece_core::disclosure::{PublicView, StepEvent, StoredDocument, public_view};
use juece_core::feedback::{FeedbackDocument, Moderation};
use juece_core::participation::{Adoption, CommentNotice};
use juece_core::region::{Region, RegionState};
use juece_core::{CatalogueStatus, DomainEvent, ItemState};
use juece_store::repo::comments::CommentFilter;
use juece_store::repo::{artefacts, catalogues, comments, departments, events, governments, items, regions};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// An item as the public sees it.
#[derive(Debug, Clone)]
pub struct PublicItem {
    pub item: ItemRow,
    pub government: GovernmentRow,
    pub catalogue: CatalogueRow,
    pub sponsor: Option<DepartmentRow>,
    pub view: PublicView,
    /// The latest comment notice, once it is published.
    pub consultation: Option<PublicConsultation>,
}

/// A comment notice and where its comments stand, as published.
#[derive(Debug, Clone)]
pub struct PublicConsultation {
    pub notice_version: i32,
    pub notice: CommentNotice,
    /// Whether comments are accepted right now.
    pub accepting: bool,
    pub received: u64,
    pub published: u64,
    pub hidden: u64,
    pub pending: u64,
    /// Groups of identical or near-identical comments with more than one member, and how many
    /// comments they hold.
    pub duplicate_groups: u64,
    pub duplicate_comments: u64,
    pub hidden_by_reason: Vec<(String, u64)>,
    /// The published adoption feedback, once there is one.
    pub feedback: Option<FeedbackDocument>,
}

/// A published comment: one per duplicate group, with the number of published comments in it.
#[derive(Debug, Clone)]
pub struct PublicComment {
    pub id: Uuid,
    pub seq: i64,
    pub submitter: String,
    pub body: String,
    pub submitted_at: DateTime<Utc>,
    /// Published comments of its duplicate group, itself included.
    pub group_size: u64,
    pub group_id: Uuid,
    /// Its answer, once the feedback is published.
    pub answer: Option<(Adoption, String)>,
}

/// A receipt's status, as its holder may see it. The comment's text and the submitter are not
/// shown: tracking numbers are sequential, and a comment not yet moderated is not public.
#[derive(Debug, Clone)]
pub struct ReceiptStatus {
    pub tracking_no: String,
    pub item_id: Uuid,
    pub item_title: String,
    pub submitted_at: DateTime<Utc>,
    pub moderation: Moderation,
    pub hidden_reason: Option<String>,
    pub duplicate: Option<DuplicateKind>,
    pub answer: Option<(Adoption, String)>,
}

/// An item whose comment notice accepts comments today.
#[derive(Debug, Clone)]
pub struct OpenConsultation {
    pub item: ItemRow,
    pub government: GovernmentRow,
    pub notice: CommentNotice,
}

fn public_item_row(i: &ItemRow) -> bool {
    ItemState::parse(&i.state).is_some_and(ItemState::is_public)
}

/// A comment as published, standing for `group_size` comments, with its answer if published.
fn public_comment(c: CommentRow, group_size: u64, answers: &HashMap<Uuid, (Adoption, String)>) -> PublicComment {
    PublicComment {
        id: c.id,
        seq: c.seq,
        submitter: public_submitter(&c),
        group_size,
        group_id: c.group_id,
        answer: c.cluster_id.and_then(|k| answers.get(&k).cloned()),
        body: c.body,
        submitted_at: c.submitted_at,
    }
}

/// An item's public view from its events, in order, and its stored documents.
fn view_from(
    rows: Vec<crate::EventRow>,
    docs: Vec<juece_store::entity::artefact::Model>,
) -> Result<PublicView, EngineError> {
    let mut steps = Vec::with_capacity(rows.len());
    for r in rows {
        let event: DomainEvent = serde_json::from_value(r.payload)
            .map_err(|e| EngineError::Internal(format!("stored event {} unreadable: {e}", r.id)))?;
        let rules = serde_json::from_value(r.rules).unwrap_or_default();
        steps.push(StepEvent { event, occurred_at: r.occurred_at, rules });
    }
    let docs: Vec<StoredDocument> = docs
        .into_iter()
        .filter_map(|a| {
            Some(StoredDocument {
                kind: ArtefactKind::parse(&a.kind)?,
                version: a.version,
                sha256: a.sha256,
                content: a.content,
            })
        })
        .collect();
    Ok(public_view(&steps, &docs))
}

/// The position of the first published comment of each duplicate group the rows belong to, in
/// one query for the whole page.
async fn first_published(
    db: &sea_orm::DatabaseConnection,
    notice_id: Uuid,
    rows: &[CommentRow],
) -> Result<HashMap<Uuid, i64>, EngineError> {
    let mut groups: Vec<Uuid> = rows.iter().map(|r| r.group_id).collect();
    groups.sort_unstable();
    groups.dedup();
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let firsts = comments::first_seq_of_groups(db, notice_id, Moderation::Published.as_str(), groups).await?;
    Ok(firsts.into_iter().collect())
}

impl Engine {
    /// A public read, from the cache while the database has not changed since it was computed.
    async fn cached<T: std::any::Any + Send + Sync>(
        &self,
        key: Key,
        compute: impl Future<Output = Result<T, EngineError>>,
    ) -> Result<Arc<T>, EngineError> {
        self.reads.get(self.store.db(), self.shanghai_today(), key, compute).await
    }

    /// Something the public side builds from public reads only (a rendered page, say), kept like
    /// the reads until the database changes: `name` says what it is, and whatever it depends on
    /// besides the database and the day must be part of the name.
    pub async fn public_rendered<T: std::any::Any + Send + Sync>(
        &self,
        name: String,
        build: impl Future<Output = Result<T, EngineError>>,
    ) -> Result<Arc<T>, EngineError> {
        self.cached(Key::Rendered(name), build).await
    }

    /// An item as published, or `None` if the public may not see it.
    pub async fn public_item(&self, id: Uuid) -> Result<Option<PublicItem>, EngineError> {
        Ok(self.public_item_shared(id).await?.map(|i| (*i).clone()))
    }

    /// An item as published, shared with the other readers of the same page.
    pub async fn public_item_shared(&self, id: Uuid) -> Result<Option<Arc<PublicItem>>, EngineError> {
        let read = async { Ok(self.read_public_item(id).await?.map(Arc::new)) };
        Ok((*self.cached(Key::Item(id), read).await?).clone())
    }

    async fn read_public_item(&self, id: Uuid) -> Result<Option<PublicItem>, EngineError> {
        let db = self.store.db();
        let Some(item) = items::by_id(db, id).await?.filter(public_item_row) else {
            return Ok(None);
        };
        let Some(catalogue) = catalogues::by_id(db, item.catalogue_id)
            .await?
            .filter(|c| CatalogueStatus::parse(&c.status).is_some_and(CatalogueStatus::is_public))
        else {
            return Ok(None);
        };
        let government = governments::by_id(db, item.government_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("item {id} without government")))?;
        let sponsor = departments::by_ids(db, &[item.sponsor_id]).await?.into_iter().next();
        let view = self.read_public_view(&item).await?;
        let consultation = self.public_consultation(&item, &view).await?;
        Ok(Some(PublicItem { item, government, catalogue, sponsor, view, consultation }))
    }

    /// The timeline, documents and links of an item (the core decides what is published).
    pub async fn public_view_of(&self, item: &ItemRow) -> Result<PublicView, EngineError> {
        self.read_public_view(item).await
    }

    /// The views of several items (a catalogue's), read in two queries for all of them rather
    /// than two for each.
    pub async fn public_views_of(&self, items: &[ItemRow]) -> Result<HashMap<Uuid, PublicView>, EngineError> {
        let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let db = self.store.db();
        let rows = events::by_streams(db, ids.clone()).await?;
        let docs = artefacts::by_items(db, ids.clone()).await?;
        let mut events: HashMap<Uuid, Vec<crate::EventRow>> = HashMap::new();
        for r in rows {
            events.entry(r.stream_id).or_default().push(r);
        }
        let mut stored: HashMap<Uuid, Vec<juece_store::entity::artefact::Model>> = HashMap::new();
        for a in docs {
            stored.entry(a.item_id).or_default().push(a);
        }
        ids.into_iter()
            .map(|id| {
                let view = view_from(events.remove(&id).unwrap_or_default(), stored.remove(&id).unwrap_or_default())?;
                Ok((id, view))
            })
            .collect()
    }

    async fn read_public_view(&self, item: &ItemRow) -> Result<PublicView, EngineError> {
        let db = self.store.db();
        view_from(events::by_stream(db, item.id).await?, artefacts::by_item(db, item.id).await?)
    }

    async fn public_consultation(
        &self,
        item: &ItemRow,
        view: &PublicView,
    ) -> Result<Option<PublicConsultation>, EngineError> {
        // Only a notice the timeline shows as published counts.
        let Some(version) =
            view.documents.iter().filter(|d| d.kind == ArtefactKind::CommentNotice).map(|d| d.version).max()
        else {
            return Ok(None);
        };
        let db = self.store.db();
        let Some(doc) = view.documents.iter().find(|d| d.kind == ArtefactKind::CommentNotice && d.version == version)
        else {
            return Ok(None);
        };
        let notice: CommentNotice = serde_json::from_value(doc.content.clone())
            .map_err(|e| EngineError::Internal(format!("stored comment notice unreadable: {e}")))?;
        let accepting = self.accepting(item, version, &notice).await?;
        let row = comments::notice(db, item.id, version).await?;
        let mut c = PublicConsultation {
            notice_version: version,
            notice,
            accepting,
            received: 0,
            published: 0,
            hidden: 0,
            pending: 0,
            duplicate_groups: 0,
            duplicate_comments: 0,
            hidden_by_reason: Vec::new(),
            feedback: None,
        };
        if let Some(row) = row {
            c.received = row.comment_count as u64;
            c.published = comments::count(db, row.id, Some(Moderation::Published.as_str()), false).await?;
            c.hidden = comments::count(db, row.id, Some(Moderation::Hidden.as_str()), false).await?;
            c.pending = c.received.saturating_sub(c.published + c.hidden);
            (c.duplicate_groups, c.duplicate_comments) = comments::duplicate_summary(db, row.id).await?;
            c.hidden_by_reason = comments::hidden_by_reason(db, row.id)
                .await?
                .into_iter()
                .map(|(r, n)| (r.unwrap_or_default(), n as u64))
                .collect();
        }
        c.feedback = view
            .documents
            .iter()
            .filter(|d| d.kind == ArtefactKind::AdoptionFeedback)
            .filter_map(|d| serde_json::from_value::<FeedbackDocument>(d.content.clone()).ok())
            .find(|f| f.notice_version == version);
        Ok(Some(c))
    }

    /// Whether an item's notice accepts comments today: the same test intake applies.
    async fn accepting(&self, item: &ItemRow, version: i32, notice: &CommentNotice) -> Result<bool, EngineError> {
        if item.state != ItemState::Consultation.as_str() {
            return Ok(false);
        }
        let latest = artefacts::latest_version(self.store.db(), item.id, ArtefactKind::CommentNotice.as_str()).await?;
        let in_progress = regions::by_item(self.store.db(), item.id)
            .await?
            .into_iter()
            .any(|r| r.region == Region::Participation.as_str() && r.state == RegionState::InProgress.as_str());
        let today = self.shanghai_today();
        Ok(latest == version && in_progress && notice.opens_on <= today && today <= notice.closes_on)
    }

    /// A page of the public disclosure feed, newest first, as `feed_page` reads it: what the
    /// feed and the portal serve to everyone.
    pub async fn public_feed_page(
        &self,
        government_id: Option<Uuid>,
        since: Option<DateTime<Utc>>,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<crate::FeedRow>, bool), EngineError> {
        let key = Key::Feed { government: government_id, since, before, limit };
        Ok((*self.cached(key, self.feed_page(government_id, since, before, limit)).await?).clone())
    }

    /// The items whose comment notice accepts comments today, soonest closing first.
    pub async fn open_consultations(&self) -> Result<Vec<OpenConsultation>, EngineError> {
        Ok((*self.cached(Key::OpenConsultations, self.read_open_consultations()).await?).clone())
    }

    async fn read_open_consultations(&self) -> Result<Vec<OpenConsultation>, EngineError> {
        let db = self.store.db();
        let filter = crate::ItemFilter {
            states: Some(vec![ItemState::Consultation.as_str().to_owned()]),
            visible_to: Some(None),
            internal_states: ItemState::INTERNAL.iter().map(|s| s.as_str().to_owned()).collect(),
            ..Default::default()
        };
        let (rows, _) = items::page(db, &filter, crate::PageFrom::First { after: None }, 500).await?;
        let govs: HashMap<Uuid, GovernmentRow> = governments::list(db).await?.into_iter().map(|g| (g.id, g)).collect();
        let mut out = Vec::new();
        for item in rows {
            let Some(a) = artefacts::latest(db, item.id, ArtefactKind::CommentNotice.as_str()).await? else {
                continue;
            };
            let Ok(notice) = serde_json::from_value::<CommentNotice>(a.content) else { continue };
            if !self.accepting(&item, a.version, &notice).await? {
                continue;
            }
            if let Some(government) = govs.get(&item.government_id).cloned() {
                out.push(OpenConsultation { item, government, notice });
            }
        }
        out.sort_by_key(|o| o.notice.closes_on);
        Ok(out)
    }

    /// Published comments of an item's latest notice, one per duplicate group, in order.
    pub async fn public_comments(
        &self,
        item_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<PublicComment>, bool), EngineError> {
        let key = Key::Comments { item: item_id, after, limit };
        Ok((*self.cached(key, self.read_public_comments(item_id, after, limit)).await?).clone())
    }

    async fn read_public_comments(
        &self,
        item_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<PublicComment>, bool), EngineError> {
        let db = self.store.db();
        let Some(notice) = self.public_notice(item_id).await? else {
            return Ok((Vec::new(), false));
        };
        // A group is shown by its first published member: page over published comments and keep
        // the first of each group, reading on until the page is full.
        let filter = CommentFilter {
            notice_id: Some(notice.id),
            moderation: Some(Moderation::Published.as_str().to_owned()),
            ..Default::default()
        };
        let mut out: Vec<CommentRow> = Vec::new();
        let mut cursor = after;
        let mut more;
        loop {
            let (rows, m) = comments::page(db, &filter, cursor, limit.max(50)).await?;
            more = m;
            cursor = rows.last().map(|r| r.seq).or(cursor);
            let firsts = first_published(db, notice.id, &rows).await?;
            for r in rows {
                if out.len() as u64 == limit {
                    more = true;
                    break;
                }
                if firsts.get(&r.group_id) == Some(&r.seq) {
                    out.push(r);
                }
            }
            if out.len() as u64 >= limit || !m {
                break;
            }
        }
        let groups: Vec<Uuid> = out.iter().map(|c| c.group_id).collect();
        let sizes: HashMap<Uuid, i64> =
            comments::group_sizes(db, notice.id, Some(Moderation::Published.as_str()), &groups)
                .await?
                .into_iter()
                .collect();
        let answers = self.published_answers(&notice).await?;
        let page = out
            .into_iter()
            .map(|c| {
                let size = sizes.get(&c.group_id).copied().unwrap_or(1) as u64;
                public_comment(c, size, &answers)
            })
            .collect();
        Ok((page, more))
    }

    /// The row of a public item's latest comment notice, once it has received comments.
    async fn public_notice(&self, item_id: Uuid) -> Result<Option<NoticeRow>, EngineError> {
        let db = self.store.db();
        let Some(item) = items::by_id(db, item_id).await?.filter(public_item_row) else {
            return Ok(None);
        };
        crate::comments::latest_notice_row(db, item.id).await
    }

    /// The answers of a notice by opinion, once its feedback is published (answers are published
    /// together, not one by one as they are written).
    async fn published_answers(&self, notice: &NoticeRow) -> Result<HashMap<Uuid, (Adoption, String)>, EngineError> {
        if notice.feedback_published_at.is_none() {
            return Ok(HashMap::new());
        }
        Ok(comments::clusters_of(self.store.db(), notice.id)
            .await?
            .into_iter()
            .filter_map(|c| Some((c.id, (Adoption::parse(&c.adoption)?, c.reason))))
            .collect())
    }

    /// The per-comment table of the published feedback (序号, 反馈人, 意见内容, 是否采纳, 采纳理由),
    /// in order; empty until the feedback is published.
    pub async fn feedback_rows(
        &self,
        item_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<PublicComment>, bool), EngineError> {
        let key = Key::FeedbackRows { item: item_id, after, limit };
        Ok((*self.cached(key, self.read_feedback_rows(item_id, after, limit)).await?).clone())
    }

    async fn read_feedback_rows(
        &self,
        item_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<PublicComment>, bool), EngineError> {
        let db = self.store.db();
        let Some(notice) = self.public_notice(item_id).await? else {
            return Ok((Vec::new(), false));
        };
        let answers = self.published_answers(&notice).await?;
        if answers.is_empty() {
            return Ok((Vec::new(), false));
        }
        let filter = CommentFilter {
            notice_id: Some(notice.id),
            moderation: Some(Moderation::Published.as_str().to_owned()),
            ..Default::default()
        };
        let (rows, more) = comments::page(db, &filter, after, limit).await?;
        let page = rows.into_iter().map(|c| public_comment(c, 1, &answers)).collect();
        Ok((page, more))
    }

    /// What the holder of a receipt may learn about it.
    pub async fn receipt_status(&self, tracking_no: &str) -> Result<Option<ReceiptStatus>, EngineError> {
        let Some(c) = self.comment_by_tracking_no(tracking_no).await? else {
            return Ok(None);
        };
        let db = self.store.db();
        let item = items::by_id(db, c.item_id)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("comment {} without item", c.id)))?;
        let notice = comments::notices_by_ids(db, &[c.notice_id]).await?.into_iter().next();
        let answers = match &notice {
            Some(n) => self.published_answers(n).await?,
            None => HashMap::new(),
        };
        Ok(Some(ReceiptStatus {
            tracking_no: c.tracking_no,
            item_id: item.id,
            item_title: item.title,
            submitted_at: c.submitted_at,
            moderation: Moderation::parse(&c.moderation).unwrap_or(Moderation::Pending),
            hidden_reason: c.hidden_reason,
            duplicate: c.duplicate_kind.as_deref().and_then(DuplicateKind::parse),
            answer: c.cluster_id.and_then(|k| answers.get(&k).cloned()),
        }))
    }
}
