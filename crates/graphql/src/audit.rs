//! The audit trail over GraphQL: verifying it (R-18-4), paging an item's or a government's trail
//! for those who audit it (R-14-1, R-18-2), signing checkpoints, and the public side: the signed
//! checkpoints, the deployment's public key and the disclosure feed that carries each checkpoint.

use crate::error::ApiError;
use crate::query::MAX_PAGE;
use crate::types::{AuditEvent, IdCursor, engine, parse_id, viewer};
use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields, query};
use async_graphql::{Context, Enum, ID, Json, Object, Result, SimpleObject};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use juece_core::audit::{SignedCheckpoint, canonical_json, verify_signature};
use juece_engine::audit::{CheckpointRow, FeedRow, VerifyReport, signed_checkpoint};
use juece_engine::{EngineError, EventFilter};
use uuid::Uuid;

/// The largest page of a public list. Anyone may ask for the feed and the checkpoints, without
/// signing in, so their pages are kept smaller than the signed-in lists'.
pub const MAX_PUBLIC_PAGE: usize = 50;
/// The page size of a public list when the client names none.
pub const DEFAULT_PUBLIC_PAGE: usize = 20;
/// The most event types one trail query may name: there are a few dozen kinds of event, and a
/// longer list only makes the query dearer.
const MAX_EVENT_TYPES: usize = 50;

/// Refuses a page larger than `max`, and `first` together with `last`.
pub(crate) fn check_page(first: Option<i32>, last: Option<i32>, max: usize) -> Result<(), ApiError> {
    for (name, v) in [("first", first), ("last", last)] {
        if v.is_some_and(|n| i64::from(n) > max as i64) {
            return Err(ApiError::bad_input(
                name,
                format!("每页最多{max}条"),
                format!("a page holds at most {max} entries"),
            ));
        }
    }
    if first.is_some() && last.is_some() {
        return Err(ApiError::bad_input(
            "first",
            "first 与 last 不能同时使用",
            "first and last cannot be used together",
        ));
    }
    Ok(())
}

/// A count for the API: the counts here are far below `i64::MAX`, and saturating keeps the
/// conversion total.
pub(crate) fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "juece_core::audit::BreakKind")]
/// What a verification found wrong, at the first place it went wrong.
pub enum AuditBreakKind {
    /// An event's content does not hash to its stored hash: it was changed after it was written.
    HashMismatch,
    /// An event does not point at the hash of the event before it: one was reordered or replaced.
    LinkMismatch,
    /// A position is missing or out of order: an event was deleted or moved.
    SequenceGap,
    /// A stream ends elsewhere than its recorded head: its last events were removed or added.
    HeadMismatch,
    /// An artefact's content does not hash to what its event recorded.
    ArtefactMismatch,
    /// An event refers to an artefact that is not there.
    ArtefactMissing,
    /// An artefact is there that no event wrote.
    ArtefactUnrecorded,
    /// A signed checkpoint's leaf for a stream disagrees with the stream's event at that position.
    CheckpointMismatch,
    /// A checkpoint's signature, statement, Merkle root or link to the one before does not verify.
    CheckpointSignature,
    /// An item's stored state is not the state its events lead to.
    StateMismatch,
}

/// The first broken link a verification found: where, what, and the two values that disagree.
#[derive(SimpleObject)]
pub struct AuditBreak {
    /// The stream (catalogue, item or user) it broke in; the nil id for a checkpoint.
    pub stream_id: ID,
    /// The position in the stream; an artefact's version, or a checkpoint's number.
    pub sequence: i64,
    pub kind: AuditBreakKind,
    /// What the kind means, in Chinese, for the person reading the report.
    pub kind_zh: String,
    pub expected: String,
    pub found: String,
    /// What else identifies the place (an event or artefact and its kind).
    pub detail: String,
}

/// What a verification covered and, if anything is wrong, where it first breaks. It reports
/// hashes and positions, never the content of the record.
#[derive(SimpleObject)]
pub struct AuditVerification {
    /// Whether every chain, artefact and checkpoint verified.
    pub ok: bool,
    /// Streams walked.
    pub streams: i64,
    /// Events whose hash and link were checked.
    pub events: i64,
    /// Artefacts whose content was hashed again.
    pub artefacts: i64,
    /// Signed checkpoints checked.
    pub checkpoints: i64,
    /// The number of the newest signed checkpoint, if there is one.
    pub latest_checkpoint: Option<i64>,
    pub first_break: Option<AuditBreak>,
}

impl From<VerifyReport> for AuditVerification {
    fn from(r: VerifyReport) -> Self {
        AuditVerification {
            ok: r.ok(),
            streams: count(r.streams),
            events: count(r.events),
            artefacts: count(r.artefacts),
            checkpoints: count(r.checkpoints),
            latest_checkpoint: r.latest_checkpoint,
            first_break: r.first_break.map(|b| AuditBreak {
                stream_id: ID(b.stream_id.to_string()),
                sequence: b.seq,
                kind_zh: b.kind.label_zh().to_owned(),
                kind: b.kind.into(),
                expected: b.expected,
                found: b.found,
                detail: b.detail,
            }),
        }
    }
}

/// A signed checkpoint: the Merkle root over every stream's head at one moment, signed with the
/// deployment's Ed25519 key. Anyone may read it and check the signature offline.
pub struct AuditCheckpoint {
    row: CheckpointRow,
    signed: SignedCheckpoint,
}

impl AuditCheckpoint {
    fn new(row: CheckpointRow) -> Result<Self, ApiError> {
        let signed = signed_checkpoint(&row)?;
        Ok(AuditCheckpoint { row, signed })
    }
}

#[Object]
impl AuditCheckpoint {
    /// 1, 2, 3… in the order checkpoints were signed.
    async fn seq(&self) -> i64 {
        self.row.seq
    }
    async fn taken_at(&self) -> DateTime<Utc> {
        self.row.taken_at
    }
    /// How many streams (leaves) it covers.
    async fn tree_size(&self) -> i64 {
        count(self.signed.statement.tree_size)
    }
    /// The RFC 6962 Merkle root over the streams' heads, hex.
    async fn root(&self) -> &str {
        &self.signed.statement.root
    }
    /// The SHA-256 of the previous checkpoint's statement (null for the first), so that the
    /// checkpoints form a chain of their own.
    async fn previous(&self) -> Option<&str> {
        self.signed.statement.previous.as_deref()
    }
    /// The SHA-256 of this checkpoint's statement: the next checkpoint's `previous`.
    async fn statement_hash(&self) -> &str {
        &self.row.statement_hash
    }
    /// The fingerprint of the signing key (the first 16 hex digits of the SHA-256 of the key).
    async fn key_id(&self) -> &str {
        &self.signed.statement.key_id
    }
    /// The Ed25519 public key the checkpoint names, hex.
    async fn public_key(&self) -> &str {
        &self.signed.public_key
    }
    /// The Ed25519 signature over `statement`, hex.
    async fn signature(&self) -> &str {
        &self.signed.signature
    }
    /// Exactly the bytes that were signed: the statement as RFC 8785 canonical JSON.
    async fn statement(&self) -> Result<String> {
        String::from_utf8(canonical_json(&self.signed.statement)).map_err(|e| {
            ApiError(EngineError::Internal(format!("checkpoint {} statement is not UTF-8: {e}", self.row.seq))).into()
        })
    }
    /// Whether the signature verifies under this deployment's published key (`auditPublicKey`);
    /// false when the deployment has no key. The Merkle root is checked against the trail by
    /// `verifyAuditTrail`.
    async fn verified(&self, ctx: &Context<'_>) -> bool {
        engine(ctx).audit_public_key().is_some_and(|k| verify_signature(&self.signed, &k))
    }
}

/// The deployment's audit key: every checkpoint verifies under it.
#[derive(SimpleObject)]
pub struct AuditKey {
    /// The Ed25519 public key, hex (32 bytes).
    pub public_key: String,
    /// Its fingerprint, as checkpoints name it.
    pub key_id: String,
    /// Always `Ed25519`.
    pub algorithm: String,
}

/// An item's dossier as a file.
#[derive(SimpleObject)]
pub struct ItemDossier {
    /// `dossier-<government>-<year>-<seq>-<item id>.zip`.
    pub file_name: String,
    /// SHA-256 of the zip, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// The zip, base64 (RFC 4648).
    pub content_base64: String,
}

/// An entry of the public disclosure feed (what has been made public, newest first).
pub struct FeedEntry(pub FeedRow);

#[Object]
impl FeedEntry {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What was made public, e.g. `CHECKPOINT_SIGNED`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// The decision organ it concerns; null for entries of the whole deployment (checkpoints).
    async fn government_code(&self) -> Option<&str> {
        self.0.government_code.as_deref()
    }
    async fn item_id(&self) -> Option<ID> {
        self.0.item_id.map(|id| ID(id.to_string()))
    }
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    async fn title_zh(&self) -> &str {
        &self.0.title_zh
    }
    async fn title_en(&self) -> &str {
        &self.0.title_en
    }
    /// The public record itself; for a checkpoint, the signed checkpoint (`statement`,
    /// `signature`, `publicKey`).
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
}

/// An opaque cursor over positions: checkpoint numbers, comments in their notice.
pub struct SeqCursor(pub i64);

impl CursorType for SeqCursor {
    type Error = String;

    fn decode_cursor(s: &str) -> std::result::Result<Self, Self::Error> {
        let bytes =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).map_err(|_| "malformed cursor".to_owned())?;
        let text = String::from_utf8(bytes).map_err(|_| "malformed cursor".to_owned())?;
        let seq = text.strip_prefix("seq:").ok_or_else(|| "malformed cursor".to_owned())?;
        seq.parse().map(SeqCursor).map_err(|_| "malformed cursor".to_owned())
    }

    fn encode_cursor(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("seq:{}", self.0))
    }
}

/// A page of a trail, with its filters, as the GraphQL arguments give them.
pub(crate) struct TrailArgs {
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
    pub actor_id: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub(crate) type TrailConnection = Connection<IdCursor, AuditEvent, EmptyFields, EmptyFields>;

/// A page of an item's trail (`item_id`) or of the viewer's government's, oldest first. The
/// engine authorizes it; the arguments are checked here first so that bad input is reported as
/// such whoever asks.
pub(crate) async fn trail(ctx: &Context<'_>, item_id: Option<Uuid>, a: TrailArgs) -> Result<TrailConnection> {
    check_page(a.first, a.last, MAX_PAGE)?;
    if let (Some(from), Some(to)) = (a.from, a.to)
        && from > to
    {
        return Err(ApiError::bad_input(
            "from",
            format!("起始时间 {from} 晚于截止时间 {to}"),
            format!("from ({from}) is later than to ({to})"),
        )
        .into());
    }
    let event_types = match a.event_types {
        Some(types) if types.len() > MAX_EVENT_TYPES => {
            return Err(ApiError::bad_input(
                "eventTypes",
                format!("事件类型最多{MAX_EVENT_TYPES}个"),
                format!("at most {MAX_EVENT_TYPES} event types"),
            )
            .into());
        }
        Some(types) => Some(types.into_iter().map(|t| t.trim().to_owned()).collect::<Vec<_>>()),
        None => None,
    };
    let filter = EventFilter {
        stream_id: None,
        government_id: None,
        // A blank actor narrows nothing, as a blank title does for `items`.
        actor_id: a.actor_id.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
        event_types,
        from: a.from,
        to: a.to,
    };
    let engine = engine(ctx);
    let viewer = viewer(ctx);
    query(
        a.after,
        a.before,
        a.first,
        a.last,
        |after: Option<IdCursor>, before: Option<IdCursor>, first, last| async move {
            let mut conn = Connection::new(false, false);
            let (from, limit) = crate::query::page_window(first, last, after, before);
            let (rows, more) =
                engine.audit_trail_page(&viewer, item_id, filter, from, limit as u64).await.map_err(ApiError)?;
            (conn.has_previous_page, conn.has_next_page) = crate::query::page_flags(from, more);
            conn.edges.extend(rows.into_iter().map(|r| Edge::new(IdCursor(r.id), AuditEvent(r))));
            Ok::<_, async_graphql::Error>(conn)
        },
    )
    .await
}

#[derive(Default)]
pub struct AuditQueries;

#[Object]
impl AuditQueries {
    /// Verifies the audit trail: one item's (`itemId`) or the whole trail, each event's hash and
    /// link, each stream's recorded head, each artefact's SHA-256, every signed checkpoint, and
    /// that each item's state is the fold of its events. Reports where it first breaks, never the
    /// content (AUDITOR, GOV_OFFICE, JUSTICE, ADMIN; R-18-4).
    async fn verify_audit_trail(&self, ctx: &Context<'_>, item_id: Option<ID>) -> Result<AuditVerification> {
        let item_id = item_id.as_ref().map(|id| parse_id("itemId", id)).transpose()?;
        let report = engine(ctx).verify_audit_trail(&viewer(ctx), item_id).await.map_err(ApiError)?;
        Ok(report.into())
    }

    /// The item's dossier (归档, R-14-1): one zip with every event, every artefact version, the
    /// procedure statement, the minutes, the checkpoint that covers the item with its inclusion
    /// proof, a signed manifest of hashes and a README on how to verify it — the same bytes as
    /// `juece archive export`, base64-encoded (GOV_OFFICE, JUSTICE, AUDITOR).
    async fn item_dossier(&self, ctx: &Context<'_>, item_id: ID) -> Result<ItemDossier> {
        let item_id = parse_id("itemId", &item_id)?;
        let d = engine(ctx).export_dossier(&viewer(ctx), item_id).await.map_err(ApiError)?;
        Ok(ItemDossier {
            file_name: d.file_name,
            sha256: d.sha256,
            size: i64::try_from(d.bytes.len()).unwrap_or(i64::MAX),
            content_base64: base64::engine::general_purpose::STANDARD.encode(&d.bytes),
        })
    }

    /// The audit trail of one item (`itemId`) or, without it, of the viewer's own decision organ,
    /// oldest first, as a Relay connection: at most 100 events a page, 20 by default (AUDITOR,
    /// GOV_OFFICE, JUSTICE; R-14-1, R-18-2). `from` is inclusive, `to` exclusive.
    #[graphql(complexity = "first.or(last).unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    // Each GraphQL argument is a parameter of the resolver: the connection's four and the filters.
    #[allow(clippy::too_many_arguments)]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        item_id: Option<ID>,
        actor_id: Option<String>,
        event_types: Option<Vec<String>>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<TrailConnection> {
        let item_id = item_id.as_ref().map(|id| parse_id("itemId", id)).transpose()?;
        trail(ctx, item_id, TrailArgs { after, before, first, last, actor_id, event_types, from, to }).await
    }

    /// Signed checkpoints, newest first (public: they reveal hashes only). At most 50 a page, 20
    /// by default.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 50) as usize * child_complexity")]
    async fn audit_checkpoints(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        first: Option<i32>,
    ) -> Result<Connection<SeqCursor, AuditCheckpoint, EmptyFields, EmptyFields>> {
        check_page(first, None, MAX_PUBLIC_PAGE)?;
        let engine = engine(ctx);
        query(
            after,
            None,
            first,
            None,
            |after: Option<SeqCursor>, _before: Option<SeqCursor>, first, _last| async move {
                let limit = first.unwrap_or(DEFAULT_PUBLIC_PAGE);
                let (page, more) =
                    engine.checkpoints_page(after.as_ref().map(|a| a.0), limit as u64).await.map_err(ApiError)?;
                let mut conn = Connection::new(after.is_some(), more);
                for row in page {
                    conn.edges.push(Edge::new(SeqCursor(row.seq), AuditCheckpoint::new(row)?));
                }
                Ok::<_, async_graphql::Error>(conn)
            },
        )
        .await
    }

    /// One signed checkpoint by its number, or null (public).
    async fn audit_checkpoint(&self, ctx: &Context<'_>, seq: i64) -> Result<Option<AuditCheckpoint>> {
        Ok(engine(ctx).checkpoint(seq).await.map_err(ApiError)?.map(AuditCheckpoint::new).transpose()?)
    }

    /// The deployment's public audit key, which every checkpoint verifies under; null if the
    /// deployment has none (public).
    async fn audit_public_key(&self, ctx: &Context<'_>) -> Option<AuditKey> {
        engine(ctx).audit_public_key().map(|k| AuditKey {
            public_key: hex::encode(k.as_bytes()),
            key_id: juece_core::audit::key_id(&k),
            algorithm: "Ed25519".to_owned(),
        })
    }

    /// The public disclosure feed, newest first: what has been made public, including every
    /// signed checkpoint. Narrowed to one decision organ by `governmentCode` (entries of the whole
    /// deployment, such as checkpoints, are in every organ's feed; an unknown code gives an empty
    /// page) and to entries since `modifiedSince`. At most 50 a page, 20 by default (public).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 50) as usize * child_complexity")]
    async fn disclosure_feed(
        &self,
        ctx: &Context<'_>,
        government_code: Option<String>,
        modified_since: Option<DateTime<Utc>>,
        after: Option<String>,
        first: Option<i32>,
    ) -> Result<Connection<IdCursor, FeedEntry, EmptyFields, EmptyFields>> {
        check_page(first, None, MAX_PUBLIC_PAGE)?;
        let engine = engine(ctx);
        let mut government_id = None;
        let mut unknown_government = false;
        if let Some(code) = &government_code {
            match engine.government_by_code(code).await.map_err(ApiError)? {
                Some(g) => government_id = Some(g.id),
                None => unknown_government = true,
            }
        }
        query(after, None, first, None, |after: Option<IdCursor>, _before: Option<IdCursor>, first, _last| async move {
            let mut conn = Connection::new(false, false);
            if unknown_government {
                return Ok::<_, async_graphql::Error>(conn);
            }
            let limit = first.unwrap_or(DEFAULT_PUBLIC_PAGE);
            // Newest first: the page after a cursor holds the entries older than it.
            let before = after.as_ref().map(|c| c.0);
            let (rows, more) =
                engine.public_feed_page(government_id, modified_since, before, limit as u64).await.map_err(ApiError)?;
            conn.has_next_page = more;
            conn.has_previous_page = after.is_some();
            conn.edges.extend(rows.into_iter().map(|r| Edge::new(IdCursor(r.id), FeedEntry(r))));
            Ok(conn)
        })
        .await
    }
}

#[derive(Default)]
pub struct AuditMutations;

#[Object]
impl AuditMutations {
    /// Signs a checkpoint now, over every stream's head, and puts it on the public feed, even if
    /// nothing moved since the last one (GOV_OFFICE, ADMIN; R-18-4). UNAVAILABLE if the
    /// deployment has no signing key.
    async fn sign_audit_checkpoint(&self, ctx: &Context<'_>) -> Result<AuditCheckpoint> {
        let row = engine(ctx).sign_checkpoint(&viewer(ctx), false).await.map_err(ApiError)?.ok_or_else(|| {
            // Asked to sign whether or not anything changed, the engine always returns a row.
            ApiError(EngineError::Internal("a checkpoint signed on demand came back empty".into()))
        })?;
        Ok(AuditCheckpoint::new(row)?)
    }
}
