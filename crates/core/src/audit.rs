//! The tamper-evident audit trail as data: the canonical form of an event, its hash chain, the
//! Merkle tree over all stream heads, and signed checkpoints (R-14-1, R-18-2, R-18-4).
//!
//! Everything here is a pure function of its inputs, so that the server, the command line and an
//! offline dossier check run the very same code, and so that an outside verifier can repeat it
//! from the written description (README of every dossier):
//!
//! - an event's hash is `SHA-256(JCS(event))`, JCS being RFC 8785 JSON canonicalization, over the
//!   event with its `prevHash` and without its own hash;
//! - a stream's first event has `prevHash` = 64 zeros; each later one the hash of the event before;
//! - a checkpoint is an RFC 6962 (Certificate Transparency) Merkle tree over one leaf per stream,
//!   `JCS({"hash","seq","streamId","streamType"})`, ordered by stream id, whose root is signed with
//!   Ed25519 over `JCS(statement)`.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// `prevHash` of the first event of every stream.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The format tag a checkpoint statement carries, so that a later format cannot be confused with it.
pub const CHECKPOINT_FORMAT: &str = "juece-checkpoint/1";

/// RFC 8785 canonical JSON of a value. Only values that cannot be JSON (a map with non-string
/// keys) fail, and the types hashed here have none.
pub fn canonical_json<T: Serialize>(value: &T) -> Vec<u8> {
    match serde_json_canonicalizer::to_vec(value) {
        Ok(v) => v,
        // Unreachable for the types hashed here; hashing the error text keeps the function total
        // and makes any such value fail verification rather than panic.
        Err(e) => format!("\u{0}unencodable:{e}").into_bytes(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The SHA-256 of an artefact's canonical content, as stored beside it and referenced by events.
pub fn content_hash(content: &serde_json::Value) -> String {
    sha256_hex(&canonical_json(content))
}

/// An HG-O guard passed on a recorded exception (rule catalogue §1, "HG-O"), or a stage skipped by
/// a skip record (§2.5): which rule, and the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub rule: String,
    pub reason: String,
}

/// Who acted, as the event records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventActor {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub org: Option<String>,
    pub role: Option<String>,
}

/// One audit event in its canonical form: exactly what its hash covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainedEvent {
    pub id: Uuid,
    pub stream_type: String,
    pub stream_id: Uuid,
    /// Position in the stream, from 1.
    pub seq: i64,
    pub government_id: Option<Uuid>,
    pub event_type: String,
    pub actor: EventActor,
    /// RFC 3339, UTC, microseconds (`2022-03-01T08:00:00.000000Z`).
    pub occurred_at: String,
    /// The rule ids evaluated before the change was allowed (R-14-1).
    pub rules: Vec<String>,
    /// Exceptions relied on (R-14-1 "overrides").
    pub overrides: Vec<Override>,
    /// The domain event itself; artefact references in it carry their SHA-256.
    pub payload: serde_json::Value,
    pub prev_hash: String,
}

impl ChainedEvent {
    /// The event's hash: SHA-256 of its RFC 8785 canonical JSON.
    pub fn hash(&self) -> String {
        sha256_hex(&canonical_json(self))
    }
}

/// The timestamp format events are hashed with; the database keeps microseconds.
pub fn format_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// What a verification found wrong, at the first place it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BreakKind {
    /// The event's content does not hash to its stored hash: it was changed after it was written.
    HashMismatch,
    /// The event does not point at the hash of the event before it: one was reordered or replaced.
    LinkMismatch,
    /// A position is missing or out of order: an event was deleted or moved.
    SequenceGap,
    /// The stream ends elsewhere than its recorded head: its last events were removed or added.
    HeadMismatch,
    /// An artefact's content does not hash to what its event recorded.
    ArtefactMismatch,
    /// An event refers to an artefact that is not there.
    ArtefactMissing,
    /// An artefact is there that no event wrote.
    ArtefactUnrecorded,
    /// A signed checkpoint's leaf for the stream disagrees with the stream's event at that position.
    CheckpointMismatch,
    /// A checkpoint's signature or Merkle root does not verify.
    CheckpointSignature,
    /// An item's stored state is not the state its events lead to.
    StateMismatch,
}

impl BreakKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            BreakKind::HashMismatch => "HASH_MISMATCH",
            BreakKind::LinkMismatch => "LINK_MISMATCH",
            BreakKind::SequenceGap => "SEQUENCE_GAP",
            BreakKind::HeadMismatch => "HEAD_MISMATCH",
            BreakKind::ArtefactMismatch => "ARTEFACT_MISMATCH",
            BreakKind::ArtefactMissing => "ARTEFACT_MISSING",
            BreakKind::ArtefactUnrecorded => "ARTEFACT_UNRECORDED",
            BreakKind::CheckpointMismatch => "CHECKPOINT_MISMATCH",
            BreakKind::CheckpointSignature => "CHECKPOINT_SIGNATURE",
            BreakKind::StateMismatch => "STATE_MISMATCH",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            BreakKind::HashMismatch => "事件内容与其哈希不符（事件被改动）",
            BreakKind::LinkMismatch => "事件未指向前一事件的哈希（顺序被调换或事件被替换）",
            BreakKind::SequenceGap => "事件序号缺失或错位（事件被删除或移动）",
            BreakKind::HeadMismatch => "事件链末端与记录的链头不符（末尾事件被删除或追加）",
            BreakKind::ArtefactMismatch => "材料内容与事件记录的哈希不符（材料被改动）",
            BreakKind::ArtefactMissing => "事件记录的材料不存在（材料被删除）",
            BreakKind::ArtefactUnrecorded => "存在未经任何事件写入的材料（材料被插入）",
            BreakKind::CheckpointMismatch => "已签名检查点记录的链头与事件链不符",
            BreakKind::CheckpointSignature => "检查点签名或默克尔根校验失败",
            BreakKind::StateMismatch => "事项的当前状态与其事件推演的状态不符（状态被直接改动）",
        }
    }
}

/// The first broken link: where, what, and the two hashes that disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Break {
    pub stream_id: Uuid,
    /// The position in the stream where it broke (for an artefact: the version).
    pub seq: i64,
    pub kind: BreakKind,
    pub expected: String,
    pub found: String,
    /// What else identifies the place (an artefact kind and id), for the person reading the report.
    pub detail: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at stream {} position {}: expected {}, found {}{}",
            self.kind.as_str(),
            self.stream_id,
            self.seq,
            self.expected,
            self.found,
            if self.detail.is_empty() { String::new() } else { format!(" ({})", self.detail) }
        )
    }
}

/// Where a verified stream ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamHead {
    pub stream_type: String,
    pub stream_id: Uuid,
    pub seq: i64,
    pub hash: String,
}

/// Checks one stream's events as they come, in stored order, each with the hash it was stored
/// with: positions run 1, 2, 3…, each event hashes to its stored hash, and each points at the one
/// before. Fed event by event, so a long trail is verified without holding it in memory.
#[derive(Debug, Clone)]
pub struct StreamVerifier {
    stream_id: Uuid,
    prev: String,
    expected_seq: i64,
    head: Option<StreamHead>,
}

impl StreamVerifier {
    pub fn new(stream_id: Uuid) -> Self {
        StreamVerifier { stream_id, prev: GENESIS.to_owned(), expected_seq: 1, head: None }
    }

    pub fn push(&mut self, ev: &ChainedEvent, stored: &str) -> Result<(), Break> {
        self.push_hashed(ev, ev.hash(), stored)
    }

    /// [`Self::push`] with the event's hash already recomputed (`ev.hash()`), so that a long trail
    /// can be hashed on every core while the links are checked in order.
    pub fn push_hashed(&mut self, ev: &ChainedEvent, recomputed: String, stored: &str) -> Result<(), Break> {
        let stream_id = self.stream_id;
        if ev.stream_id != stream_id || ev.seq != self.expected_seq {
            return Err(Break {
                stream_id,
                seq: self.expected_seq,
                kind: BreakKind::SequenceGap,
                expected: format!("position {}", self.expected_seq),
                found: format!("position {}", ev.seq),
                detail: format!("event {}", ev.id),
            });
        }
        if recomputed != stored {
            return Err(Break {
                stream_id,
                seq: ev.seq,
                kind: BreakKind::HashMismatch,
                expected: stored.to_owned(),
                found: recomputed,
                detail: format!("event {} {}", ev.id, ev.event_type),
            });
        }
        if ev.prev_hash != self.prev {
            return Err(Break {
                stream_id,
                seq: ev.seq,
                kind: BreakKind::LinkMismatch,
                expected: self.prev.clone(),
                found: ev.prev_hash.clone(),
                detail: format!("event {} {}", ev.id, ev.event_type),
            });
        }
        stored.clone_into(&mut self.prev);
        self.expected_seq += 1;
        self.head =
            Some(StreamHead { stream_type: ev.stream_type.clone(), stream_id, seq: ev.seq, hash: stored.to_owned() });
        Ok(())
    }

    pub fn stream_id(&self) -> Uuid {
        self.stream_id
    }

    /// Where the stream ended.
    pub fn head(&self) -> Option<&StreamHead> {
        self.head.as_ref()
    }
}

/// Verifies a whole stream held in memory; returns the head it reached.
pub fn verify_stream<'a>(
    stream_id: Uuid,
    events: impl IntoIterator<Item = (&'a ChainedEvent, &'a str)>,
) -> Result<Option<StreamHead>, Break> {
    let mut v = StreamVerifier::new(stream_id);
    for (ev, stored) in events {
        v.push(ev, stored)?;
    }
    Ok(v.head)
}

/// Checks a verified stream's end against the head recorded for it.
pub fn check_head(stream_id: Uuid, reached: Option<&StreamHead>, recorded: Option<(i64, &str)>) -> Result<(), Break> {
    let reached_pair = reached.map(|h| (h.seq, h.hash.as_str()));
    if reached_pair == recorded {
        return Ok(());
    }
    let show = |p: Option<(i64, &str)>| match p {
        Some((s, h)) => format!("position {s} {h}"),
        None => "no events".to_owned(),
    };
    Err(Break {
        stream_id,
        seq: reached.map_or(0, |h| h.seq),
        kind: BreakKind::HeadMismatch,
        expected: show(recorded),
        found: show(reached_pair),
        detail: String::new(),
    })
}

/// An artefact reference as an event recorded it, and the artefact as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArtefact<'a> {
    pub id: Uuid,
    pub kind: &'a str,
    pub version: i32,
    /// The hash stored beside the content.
    pub sha256: &'a str,
    pub content: &'a serde_json::Value,
}

/// The artefact references (`{"id","kind","version","sha256"}`) an event's payload holds.
pub fn artefact_refs(payload: &serde_json::Value) -> Vec<crate::artefact::ArtefactRef> {
    let mut out = Vec::new();
    collect_refs(payload, &mut out);
    out
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<crate::artefact::ArtefactRef>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(a) = m.get("artefact")
                && let Ok(r) = serde_json::from_value::<crate::artefact::ArtefactRef>(a.clone())
            {
                out.push(r);
            }
            for (k, x) in m {
                if k != "artefact" {
                    collect_refs(x, out);
                }
            }
        }
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// Checks an item's stored artefacts against the references its (already verified) events hold:
/// each referenced artefact is there with the recorded hash, its content hashes to it, and nothing
/// is there that no event wrote.
pub fn verify_artefacts(stream_id: Uuid, events: &[ChainedEvent], stored: &[StoredArtefact<'_>]) -> Result<(), Break> {
    let mut referenced = std::collections::BTreeMap::new();
    for ev in events {
        for r in artefact_refs(&ev.payload) {
            referenced.insert(r.id, (ev.seq, r));
        }
    }
    let by_id: std::collections::BTreeMap<Uuid, &StoredArtefact<'_>> = stored.iter().map(|a| (a.id, a)).collect();
    for (id, (seq, r)) in &referenced {
        let Some(a) = by_id.get(id) else {
            return Err(Break {
                stream_id,
                seq: *seq,
                kind: BreakKind::ArtefactMissing,
                expected: r.sha256.clone(),
                found: "nothing".into(),
                detail: format!("{} v{} {}", r.kind, r.version, r.id),
            });
        };
        let recomputed = content_hash(a.content);
        if a.sha256 != r.sha256 || recomputed != r.sha256 || a.kind != r.kind.as_str() || a.version != r.version {
            let found = if recomputed != r.sha256 { recomputed } else { a.sha256.to_owned() };
            return Err(Break {
                stream_id,
                seq: *seq,
                kind: BreakKind::ArtefactMismatch,
                expected: r.sha256.clone(),
                found,
                detail: format!("{} v{} {}", r.kind, r.version, r.id),
            });
        }
    }
    for a in stored {
        if !referenced.contains_key(&a.id) {
            return Err(Break {
                stream_id,
                seq: i64::from(a.version),
                kind: BreakKind::ArtefactUnrecorded,
                expected: "no artefact".into(),
                found: a.sha256.to_owned(),
                detail: format!("{} v{} {}", a.kind, a.version, a.id),
            });
        }
    }
    Ok(())
}

/// Checks that an item's events lead to the state recorded for it (its row, or a dossier's
/// manifest): a state set by hand is not one the procedure reached.
pub fn check_state(stream_id: Uuid, events: &[ChainedEvent], recorded: &str) -> Result<(), Break> {
    let domain: Vec<crate::DomainEvent> =
        events.iter().filter_map(|e| serde_json::from_value(e.payload.clone()).ok()).collect();
    let folded = crate::event::fold_item_state(&domain).map_or("none", crate::ItemState::as_str);
    if folded == recorded {
        return Ok(());
    }
    Err(Break {
        stream_id,
        seq: events.last().map_or(0, |e| e.seq),
        kind: BreakKind::StateMismatch,
        expected: folded.to_owned(),
        found: recorded.to_owned(),
        detail: String::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// Checkpoints
// ---------------------------------------------------------------------------------------------

/// One leaf of a checkpoint: a stream's head when the checkpoint was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Leaf {
    pub stream_type: String,
    pub stream_id: Uuid,
    pub seq: i64,
    pub hash: String,
}

impl From<&StreamHead> for Leaf {
    fn from(h: &StreamHead) -> Self {
        Leaf { stream_type: h.stream_type.clone(), stream_id: h.stream_id, seq: h.seq, hash: h.hash.clone() }
    }
}

impl Leaf {
    /// The bytes the Merkle tree hashes for this leaf (RFC 6962 adds the 0x00 prefix).
    pub fn bytes(&self) -> Vec<u8> {
        canonical_json(self)
    }
}

type Tree = ct_merkle::mem_backed_tree::MemoryBackedTree<Sha256, Vec<u8>>;

fn tree(leaves: &[Leaf]) -> Tree {
    let mut t = Tree::new();
    for l in leaves {
        t.push(l.bytes());
    }
    t
}

/// The Merkle root (hex) over leaves in the order given (checkpoints order them by stream id).
pub fn merkle_root(leaves: &[Leaf]) -> String {
    if leaves.is_empty() {
        // RFC 6962: the hash of an empty tree is the hash of the empty string.
        return sha256_hex(&[]);
    }
    hex::encode(tree(leaves).root().as_bytes())
}

/// The audit path proving that leaf `idx` is in the tree, as hex digests from the leaf upwards.
pub fn inclusion_proof(leaves: &[Leaf], idx: usize) -> Vec<String> {
    if idx >= leaves.len() {
        return Vec::new();
    }
    tree(leaves).prove_inclusion(idx).as_bytes().chunks(32).map(hex::encode).collect()
}

/// Whether `leaf` sits at `idx` of a tree of `size` leaves whose root is `root`.
pub fn verify_inclusion(root: &str, size: u64, leaf: &Leaf, idx: u64, proof: &[String]) -> bool {
    // The tree library indexes nodes by twice the leaf index, which overflows far beyond any real
    // trail; such input is simply not a proof.
    const MAX_LEAVES: u64 = 1 << 40;
    if size == 0 || size > MAX_LEAVES || idx >= size {
        return false;
    }
    let Ok(root) = hex::decode(root) else { return false };
    if root.len() != 32 {
        return false;
    }
    let mut bytes = Vec::with_capacity(proof.len() * 32);
    for p in proof {
        match hex::decode(p) {
            Ok(d) if d.len() == 32 => bytes.extend_from_slice(&d),
            _ => return false,
        }
    }
    let Ok(proof) = ct_merkle::InclusionProof::<Sha256>::try_from_bytes(bytes) else { return false };
    let mut digest = sha2::digest::Output::<Sha256>::default();
    digest.copy_from_slice(&root);
    let root = ct_merkle::RootHash::<Sha256>::new(digest, size);
    root.verify_inclusion(&leaf.bytes(), idx, &proof).is_ok()
}

/// What a checkpoint states, and what its signature covers (as `JCS(statement)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointStatement {
    /// Always [`CHECKPOINT_FORMAT`].
    pub format: String,
    /// 1, 2, 3… in the order checkpoints were signed.
    pub seq: i64,
    /// When it was taken (RFC 3339, UTC, microseconds).
    pub taken_at: String,
    /// How many streams (leaves) it covers.
    pub tree_size: u64,
    /// RFC 6962 Merkle root over the leaves, hex.
    pub root: String,
    /// The SHA-256 of the previous checkpoint's statement, so checkpoints form a chain too.
    pub previous: Option<String>,
    /// Fingerprint of the signing key: the first 16 hex digits of SHA-256 of the public key.
    pub key_id: String,
}

impl CheckpointStatement {
    pub fn bytes(&self) -> Vec<u8> {
        canonical_json(self)
    }

    pub fn hash(&self) -> String {
        sha256_hex(&self.bytes())
    }
}

/// A statement with its Ed25519 signature and the public key it verifies under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedCheckpoint {
    pub statement: CheckpointStatement,
    /// Ed25519 signature over `JCS(statement)`, hex.
    pub signature: String,
    /// The deployment's Ed25519 public key, hex.
    pub public_key: String,
}

/// The fingerprint a statement names its key by.
pub fn key_id(public_key: &VerifyingKey) -> String {
    sha256_hex(public_key.as_bytes())[..16].to_owned()
}

/// Signs a statement. Ed25519 signatures are deterministic, so the same statement and key always
/// give the same bytes.
pub fn sign(statement: CheckpointStatement, key: &SigningKey) -> SignedCheckpoint {
    let signature = key.sign(&statement.bytes());
    SignedCheckpoint {
        statement,
        signature: hex::encode(signature.to_bytes()),
        public_key: hex::encode(key.verifying_key().as_bytes()),
    }
}

/// Parses a hex public key.
pub fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Whether the checkpoint's signature verifies under `trusted` (the deployment's published key),
/// and its statement names that key.
pub fn verify_signature(c: &SignedCheckpoint, trusted: &VerifyingKey) -> bool {
    if c.statement.format != CHECKPOINT_FORMAT || c.statement.key_id != key_id(trusted) {
        return false;
    }
    if parse_public_key(&c.public_key).as_ref() != Some(trusted) {
        return false;
    }
    let Ok(sig) = hex::decode(&c.signature) else { return false };
    let Ok(sig) = Signature::from_slice(&sig) else { return false };
    trusted.verify(&c.statement.bytes(), &sig).is_ok()
}

/// A signing key from its 32-byte seed.
pub fn signing_key(seed: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(seed)
}

pub use ed25519_dalek::{SigningKey as AuditSigningKey, VerifyingKey as AuditVerifyingKey};
