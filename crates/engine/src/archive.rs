//! The decision dossier (决策过程材料归档, R-14-1): one item's whole record in a zip file that
//! anyone can check offline, and that check.
//!
//! A dossier holds the item's events with their hash chain, every document its steps produced
//! (each file hashing to what its event recorded), the statement of the procedures performed, the
//! signed checkpoint whose Merkle tree holds the chain's head, and a manifest of all of it signed
//! with the deployment's key. It is a pure function of the record: no export time, canonical
//! JSON, entries stored uncompressed in a fixed order with a fixed date and fixed permissions,
//! and Ed25519 signatures, which are deterministic. So exporting twice gives the same bytes, and
//! the verifier rebuilds the zip from the entries it read and requires the very same bytes back:
//! nothing in the container, not even metadata that zip readers ignore, changes unnoticed.

use crate::audit::{checkpoint_leaves, signed_checkpoint};
use crate::error::EngineError;
use crate::persist::chained;
use crate::{Engine, GovernmentRow, ItemRow};
use juece_core::audit::{
    AuditSigningKey, AuditVerifyingKey, Break, BreakKind, ChainedEvent, CheckpointStatement, Leaf, SignedCheckpoint,
    StoredArtefact, StreamVerifier, artefact_refs, canonical_json, check_head, check_state, content_hash,
    inclusion_proof, key_id, parse_public_key, sha256_hex, verify_artefacts, verify_inclusion, verify_signature,
};
use juece_core::authz::{Operation, Principal, Target};
use juece_store::entity::{artefact, audit_event};
use juece_store::repo::{artefacts, audit, departments, events, items};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use uuid::Uuid;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::audit::CheckpointRow;

/// The format tag of a dossier's manifest.
pub const DOSSIER_FORMAT: &str = "juece-dossier/1";

const README: &str = "README.txt";
const MANIFEST: &str = "manifest.json";
const MANIFEST_SIG: &str = "manifest.sig";
const EVENTS: &str = "events.jsonl";
const STATEMENT: &str = "procedure-statement.json";
const CHECKPOINT: &str = "checkpoint.json";
const ARTEFACTS: &str = "artefacts/";

/// How often an export reads the record again when a step or a checkpoint lands while it reads.
const EXPORT_ATTEMPTS: usize = 5;

/// A dossier's README. It is the same in every dossier, so that it says nothing the signed files
/// do not, and an outside verifier can follow it without juece.
const README_TEXT: &str = "\
重大行政决策过程材料归档（R-14-1）

本压缩包是一项重大行政决策事项的全部过程材料，由 juece 从该事项的审计轨迹导出。
事项名称、决策机关、目录年度与序号、当前状态见 manifest.json。同一记录每次导出的字节完全相同。

一、文件
- manifest.json：清单（格式 juece-dossier/1）。载明事项、事件链链头（序号与哈希）、
  所依据的检查点编号、本部署的签名公钥及其指纹，以及除 manifest.json 与 manifest.sig
  之外每个文件的路径、SHA-256 和字节数。
- manifest.sig：本部署以其 Ed25519 私钥对 manifest.json 全部字节所作的签名（十六进制）。
- events.jsonl：该事项审计轨迹的全部事件，按顺序每行一个：{\"event\": 事件, \"hash\": 记录的哈希}。
- artefacts/<种类>-v<版本>.json：各步骤形成的决策过程材料。文件内容即材料的规范 JSON，
  其 SHA-256 等于记录该材料的事件所载的哈希。
- procedure-statement.json：履行决策法定程序的说明（R-10-2），依记录生成。
- checkpoint.json：已签名的审计检查点（statement、signature、publicKey），以及本事项的叶子
  在检查点默克尔树中的包含证明（leafIndex、treeSize、leaf、proof）。

二、用 juece 核验（不需要数据库）
    juece archive verify 本文件.zip --public-key <本部署在信息公开栏目公布的公钥>

三、手工核验
1. 每个事件的哈希 = SHA-256(JCS(event))。JCS 即 RFC 8785 规范化 JSON；event 为 events.jsonl
   每行的 \"event\" 对象，字段为 id、streamType、streamId、seq、governmentId、eventType、actor、
   occurredAt、rules、overrides、payload、prevHash（驼峰式命名，不含哈希本身），
   算得的哈希应等于同一行的 \"hash\"。
2. seq 自 1 起连续；第一个事件的 prevHash 为 64 个 0，其后每个事件的 prevHash 等于前一事件的哈希；
   最后一个事件即 manifest.json 所载链头。
3. artefacts 目录下每个文件的 SHA-256 等于事件 payload 中该材料（同一种类与版本）的 artefact.sha256，
   且事件记录的每份材料都在其中。
4. 检查点：用本部署在信息公开栏目（检查点签署公告）公布的公钥，核验 signature 是对
   JCS(statement) 的 Ed25519 签名；statement.keyId 为该公钥 SHA-256 的前 16 位十六进制数字。
5. 包含证明：叶子为 JCS({\"hash\",\"seq\",\"streamId\",\"streamType\"})；按 RFC 6962（证书透明）由
   leaf、leafIndex、treeSize、proof 算得的默克尔根应等于 statement.root；叶子的 hash 应等于
   events.jsonl 中同一 seq 事件的哈希。
6. manifest.json 所列每个文件的 SHA-256 与字节数应与实际相符；manifest.sig 应能以同一公钥
   验证为对 manifest.json 全部字节的 Ed25519 签名。

任何一项不符，即说明材料在导出后被改动，或并非本部署导出。
";

/// An exported dossier: its file name, its bytes and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// `manifest.json`: what the dossier is about and every other file's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always [`DOSSIER_FORMAT`].
    pub format: String,
    pub item: ManifestItem,
    /// The last event of the item's stream when the dossier was made.
    pub head: ManifestHead,
    /// The signed checkpoint whose tree holds the head.
    pub checkpoint_seq: i64,
    /// The deployment's Ed25519 public key (hex) and its fingerprint.
    pub public_key: String,
    pub key_id: String,
    /// Every file but `manifest.json` and `manifest.sig`, in the zip's order.
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestItem {
    pub id: Uuid,
    pub title: String,
    pub government_code: String,
    pub government_name: String,
    pub catalogue_year: i32,
    pub seq: i32,
    pub sponsor: ManifestSponsor,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestSponsor {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One line of `events.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventLine {
    event: ChainedEvent,
    hash: String,
}

/// `checkpoint.json`: the signed checkpoint and the proof that the item's leaf is in its tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DossierCheckpoint {
    pub statement: CheckpointStatement,
    pub signature: String,
    pub public_key: String,
    pub leaf_index: u64,
    pub tree_size: u64,
    pub leaf: Leaf,
    /// RFC 6962 audit path, hex digests from the leaf upwards.
    pub proof: Vec<String>,
}

/// What an offline check of a dossier found: all of it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierReport {
    pub item_id: Uuid,
    pub title: String,
    pub government_code: String,
    pub state: String,
    pub events: u64,
    pub artefacts: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub checkpoint_seq: i64,
    pub key_id: String,
    pub public_key: String,
    /// Whether the key was compared with one the caller trusts; without that, the check proves
    /// only that the dossier is whole and signed by the key it names.
    pub key_trusted: bool,
    /// The files the manifest lists, in order.
    pub files: Vec<String>,
}

/// Why a dossier does not verify, at the first place it fails, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierError {
    /// The bytes cannot be read as a zip file.
    NotAZip {
        detail: String,
    },
    /// An entry that has no place in a dossier (a directory, a compressed or unknown file).
    UnexpectedEntry {
        path: String,
        reason_zh: &'static str,
        reason_en: &'static str,
    },
    DuplicateEntry {
        path: String,
    },
    MissingEntry {
        path: String,
    },
    /// The zip's bytes differ, from `offset` on, from what juece writes for these entries.
    Container {
        offset: usize,
    },
    /// A file cannot be read as what it should hold (`line` from 1, for `events.jsonl`).
    Unreadable {
        path: String,
        line: Option<usize>,
        detail: String,
    },
    /// A file holds the right data in another form than juece writes.
    NotCanonical {
        path: String,
        line: Option<usize>,
    },
    /// A file's hash or size is not what the manifest lists, or the manifest and the zip list
    /// different files.
    FileMismatch {
        path: String,
        what_zh: &'static str,
        what_en: &'static str,
        expected: String,
        found: String,
    },
    /// An Ed25519 signature (`manifest.sig`, or the checkpoint's) does not verify.
    BadSignature {
        path: String,
    },
    /// The dossier is signed by another key than the one trusted.
    UntrustedKey {
        trusted_key_id: String,
        found_key_id: String,
    },
    /// A break in the item's trail: its hash chain, its documents or its state.
    Trail {
        path: String,
        line: Option<usize>,
        found: Box<Break>,
    },
    /// Two records of the dossier that must agree do not.
    Inconsistent {
        path: String,
        what_zh: &'static str,
        what_en: &'static str,
        expected: String,
        found: String,
    },
    /// The item's leaf is not proven to be in the signed checkpoint's tree.
    NotIncluded {
        leaf_index: u64,
        tree_size: u64,
    },
}

impl DossierError {
    pub fn zh(&self) -> String {
        match self {
            DossierError::NotAZip { detail } => format!("不是可读的 ZIP 文件：{detail}"),
            DossierError::UnexpectedEntry { path, reason_zh, .. } => {
                format!("归档中有不应有的条目 {path}：{reason_zh}")
            }
            DossierError::DuplicateEntry { path } => format!("归档中条目 {path} 出现不止一次"),
            DossierError::MissingEntry { path } => format!("归档缺少文件 {path}"),
            DossierError::Container { offset } => {
                format!(
                    "ZIP 容器自第 {offset} 字节起与 juece 为同样内容写出的不同（容器元数据被改动，或并非 juece 导出）"
                )
            }
            DossierError::Unreadable { path, line, detail } => format!("{}无法读取：{detail}", place_zh(path, *line)),
            DossierError::NotCanonical { path, line } => {
                format!("{}不是 juece 写出的规范形式（RFC 8785）", place_zh(path, *line))
            }
            DossierError::FileMismatch { path, what_zh, expected, found, .. } => {
                format!("文件 {path} 的{what_zh}与清单不符：应为 {expected}，实为 {found}")
            }
            DossierError::BadSignature { path } => format!("{path} 的 Ed25519 签名验证失败"),
            DossierError::UntrustedKey { trusted_key_id, found_key_id } => {
                format!("归档由密钥 {found_key_id} 签署，而非所信任的密钥 {trusted_key_id}")
            }
            DossierError::Trail { path, line, found } => format!(
                "{}：{}（{}），位置 {}，应为 {}，实为 {}{}",
                place_zh(path, *line),
                found.kind.as_str(),
                found.kind.label_zh(),
                found.seq,
                found.expected,
                found.found,
                if found.detail.is_empty() { String::new() } else { format!("（{}）", found.detail) }
            ),
            DossierError::Inconsistent { path, what_zh, expected, found, .. } => {
                format!("{path} 中的{what_zh}不符：应为 {expected}，实为 {found}")
            }
            DossierError::NotIncluded { leaf_index, tree_size } => format!(
                "包含证明不成立：本事项的叶子（第 {leaf_index} 片，共 {tree_size} 片）不在已签名检查点的默克尔根之下"
            ),
        }
    }

    pub fn en(&self) -> String {
        match self {
            DossierError::NotAZip { detail } => format!("not a readable zip file: {detail}"),
            DossierError::UnexpectedEntry { path, reason_en, .. } => {
                format!("entry {path} has no place in a dossier: {reason_en}")
            }
            DossierError::DuplicateEntry { path } => format!("entry {path} occurs more than once"),
            DossierError::MissingEntry { path } => format!("the dossier lacks {path}"),
            DossierError::Container { offset } => format!(
                "from byte {offset} on, the zip container differs from what juece writes for the same entries \
                 (its metadata was changed, or juece did not write it)"
            ),
            DossierError::Unreadable { path, line, detail } => {
                format!("{} is unreadable: {detail}", place_en(path, *line))
            }
            DossierError::NotCanonical { path, line } => {
                format!("{} is not in the canonical form juece writes (RFC 8785)", place_en(path, *line))
            }
            DossierError::FileMismatch { path, what_en, expected, found, .. } => {
                format!("the {what_en} of {path} disagrees with the manifest: expected {expected}, found {found}")
            }
            DossierError::BadSignature { path } => format!("the Ed25519 signature of {path} does not verify"),
            DossierError::UntrustedKey { trusted_key_id, found_key_id } => {
                format!("the dossier is signed by key {found_key_id}, not by the trusted key {trusted_key_id}")
            }
            DossierError::Trail { path, line, found } => format!("{}: {found}", place_en(path, *line)),
            DossierError::Inconsistent { path, what_en, expected, found, .. } => {
                format!("the {what_en} in {path} disagrees: expected {expected}, found {found}")
            }
            DossierError::NotIncluded { leaf_index, tree_size } => format!(
                "the inclusion proof fails: the item's leaf ({leaf_index} of {tree_size}) is not under the signed \
                 checkpoint's Merkle root"
            ),
        }
    }
}

fn place_zh(path: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{path} 第 {l} 行"),
        None => path.to_owned(),
    }
}

fn place_en(path: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{path} line {l}"),
        None => path.to_owned(),
    }
}

impl std::fmt::Display for DossierError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}（{}）", self.zh(), self.en())
    }
}

impl std::error::Error for DossierError {}

/// The item's record as read at one moment: no step landed between its reads.
struct Snapshot {
    item: ItemRow,
    sponsor: ManifestSponsor,
    events: Vec<audit_event::Model>,
    artefacts: Vec<artefact::Model>,
    statement: juece_core::legality::ProcedureStatement,
}

impl Snapshot {
    fn head(&self) -> Option<&audit_event::Model> {
        self.events.last()
    }
}

impl Engine {
    /// Exports an item's dossier (R-14-1) for those who may archive or audit it. The dossier
    /// carries a signed checkpoint over the item's current head: if none covers it yet, one is
    /// signed first.
    pub async fn export_dossier(&self, principal: &Principal, item_id: Uuid) -> Result<Dossier, EngineError> {
        let (_, gov) = self.item_and_government(item_id).await?;
        let code = crate::commands::gov_code(&gov)?;
        self.authorize(principal, Operation::ExportDossier, Target { government: &code, sponsors: &[] })?;
        let key = self.signing_key.clone().ok_or_else(|| EngineError::Unavailable {
            zh: "未配置本部署的签名密钥，不能导出经签名的归档".into(),
            en: "this deployment has no signing key, so no signed dossier can be exported".into(),
        })?;
        let public_key = hex::encode(key.verifying_key().as_bytes());
        for _ in 0..EXPORT_ATTEMPTS {
            let snap = self.snapshot(item_id, &gov).await?;
            if let Some(c) = self.checkpoint_covering(&snap, &public_key).await? {
                return build(&snap, &gov, &c, &key);
            }
            match self.sign_checkpoint(&Principal::system("archive"), true).await {
                // A conflict is another process signing the same number at the same moment: its
                // checkpoint serves as well as ours would.
                Ok(_) | Err(EngineError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
            if let Some(c) = self.checkpoint_covering(&snap, &public_key).await? {
                return build(&snap, &gov, &c, &key);
            }
            // The item took a step after it was read: the new checkpoint covers that step, so read
            // the record again.
        }
        Err(still_moving())
    }

    /// Reads the item's events, documents and statement so that they belong together: the item's
    /// version moves with every event of its stream, in the transaction that writes the event and
    /// its document, so an unchanged version around the reads means no step landed among them.
    async fn snapshot(&self, item_id: Uuid, gov: &GovernmentRow) -> Result<Snapshot, EngineError> {
        let db = self.store.db();
        for _ in 0..EXPORT_ATTEMPTS {
            let before = items::by_id(db, item_id).await?.ok_or_else(|| {
                EngineError::not_found(format!("未找到决策事项 {item_id}"), format!("no item {item_id}"))
            })?;
            let events = events::by_stream(db, item_id).await?;
            let artefacts = artefacts::by_item(db, item_id).await?;
            let record = self.item_record(db, &before, gov).await?;
            let statement = self.procedure_statement(db, item_id, &record).await?;
            let after = items::by_id(db, item_id).await?;
            if after.as_ref().map(|a| a.version) != Some(before.version) {
                continue;
            }
            if events.is_empty() {
                return Err(EngineError::Internal(format!("item {item_id} has no audit events")));
            }
            let sponsor = departments::by_id(db, before.sponsor_id)
                .await?
                .ok_or_else(|| EngineError::Internal(format!("item {item_id} without sponsor")))?;
            return Ok(Snapshot {
                sponsor: ManifestSponsor { id: sponsor.id, name: sponsor.name },
                item: before,
                events,
                artefacts,
                statement,
            });
        }
        Err(still_moving())
    }

    /// The first checkpoint, signed with this deployment's key, whose tree holds the item's head
    /// as read. Heads only move forward, so once a checkpoint holds it every later one does until
    /// the item takes another step: the first is found by halving, and taking the first keeps
    /// the dossier the same when later checkpoints are signed over other records.
    async fn checkpoint_covering(
        &self,
        snap: &Snapshot,
        public_key: &str,
    ) -> Result<Option<(CheckpointRow, Vec<Leaf>)>, EngineError> {
        let db = self.store.db();
        let Some(head) = snap.head() else { return Ok(None) };
        let covers = |row: &CheckpointRow| -> Result<Option<Vec<Leaf>>, EngineError> {
            if row.public_key != public_key {
                return Ok(None);
            }
            let leaves = checkpoint_leaves(row)?;
            let holds =
                leaves.iter().any(|l| l.stream_id == head.stream_id && l.seq == head.stream_seq && l.hash == head.hash);
            Ok(holds.then_some(leaves))
        };
        let Some(latest) = audit::latest_checkpoint(db).await? else { return Ok(None) };
        let Some(leaves) = covers(&latest)? else { return Ok(None) };
        let (mut lo, mut hi) = (1, latest.seq);
        let mut best = (latest, leaves);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match audit::checkpoint(db, mid).await? {
                Some(row) => match covers(&row)? {
                    Some(leaves) => {
                        hi = mid;
                        best = (row, leaves);
                    }
                    None => lo = mid + 1,
                },
                None => lo = mid + 1,
            }
        }
        Ok(Some(best))
    }
}

/// An item that took a step at every attempt to read it whole.
fn still_moving() -> EngineError {
    EngineError::Conflict {
        zh: "该事项正在办理中，记录不断变化，请稍后再导出归档".into(),
        en: "the item keeps changing while its dossier is made; export it again shortly".into(),
    }
}

/// Writes the dossier of a consistent snapshot under a checkpoint that holds its head.
fn build(
    snap: &Snapshot,
    gov: &GovernmentRow,
    (checkpoint, leaves): &(CheckpointRow, Vec<Leaf>),
    key: &AuditSigningKey,
) -> Result<Dossier, EngineError> {
    let item = &snap.item;
    let head = snap.head().ok_or_else(|| EngineError::Internal(format!("item {} has no audit events", item.id)))?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert(README.to_owned(), README_TEXT.as_bytes().to_vec());

    let mut lines = Vec::new();
    for row in &snap.events {
        lines.extend(canonical_json(&EventLine { event: chained(row)?, hash: row.hash.clone() }));
        lines.push(b'\n');
    }
    files.insert(EVENTS.to_owned(), lines);

    for a in &snap.artefacts {
        let path = artefact_path(&a.kind, a.version)
            .ok_or_else(|| EngineError::Internal(format!("artefact {} has an unusable kind {:?}", a.id, a.kind)))?;
        files.insert(path, canonical_json(&a.content));
    }

    // Pretty for the reader; through a sorted value first, so that the bytes depend on the
    // statement alone.
    let sorted: serde_json::Value = serde_json::from_slice(&canonical_json(&snap.statement))
        .map_err(|e| EngineError::Internal(format!("procedure statement: {e}")))?;
    let mut statement =
        serde_json::to_vec_pretty(&sorted).map_err(|e| EngineError::Internal(format!("procedure statement: {e}")))?;
    statement.push(b'\n');
    files.insert(STATEMENT.to_owned(), statement);

    let signed = signed_checkpoint(checkpoint)?;
    let leaf_index = leaves
        .iter()
        .position(|l| l.stream_id == item.id)
        .ok_or_else(|| EngineError::Internal(format!("checkpoint {} lacks item {}", checkpoint.seq, item.id)))?;
    let proof = DossierCheckpoint {
        statement: signed.statement,
        signature: signed.signature,
        public_key: signed.public_key,
        leaf_index: leaf_index as u64,
        tree_size: leaves.len() as u64,
        leaf: leaves[leaf_index].clone(),
        proof: inclusion_proof(leaves, leaf_index),
    };
    files.insert(CHECKPOINT.to_owned(), canonical_json(&proof));

    let verifying = key.verifying_key();
    let manifest = Manifest {
        format: DOSSIER_FORMAT.to_owned(),
        item: ManifestItem {
            id: item.id,
            title: item.title.clone(),
            government_code: gov.code.clone(),
            government_name: gov.name.clone(),
            catalogue_year: item.year,
            seq: item.seq,
            sponsor: snap.sponsor.clone(),
            state: item.state.clone(),
        },
        head: ManifestHead { seq: head.stream_seq, hash: head.hash.clone() },
        checkpoint_seq: checkpoint.seq,
        public_key: hex::encode(verifying.as_bytes()),
        key_id: key_id(&verifying),
        files: Vec::new(),
    };
    let bytes = seal(files, manifest, key).map_err(|e| EngineError::Internal(format!("writing the dossier: {e}")))?;
    Ok(Dossier {
        file_name: format!("dossier-{}-{}-{}-{}.zip", gov.code, item.year, item.seq, item.id),
        sha256: sha256_hex(&bytes),
        bytes,
    })
}

/// Lists `files` (every file but the manifest and its signature) in the manifest, signs the
/// manifest's bytes and writes the zip.
fn seal(
    mut files: BTreeMap<String, Vec<u8>>,
    mut manifest: Manifest,
    key: &AuditSigningKey,
) -> zip::result::ZipResult<Vec<u8>> {
    manifest.files = files
        .iter()
        .map(|(path, bytes)| ManifestFile { path: path.clone(), sha256: sha256_hex(bytes), bytes: bytes.len() as u64 })
        .collect();
    let manifest_bytes = canonical_json(&manifest);
    let signature = ed25519_dalek::Signer::sign(key, &manifest_bytes);
    files.insert(MANIFEST_SIG.to_owned(), signature_text(&signature.to_bytes()));
    files.insert(MANIFEST.to_owned(), manifest_bytes);
    write_zip(&files)
}

/// `artefacts/<KIND>-v<version>.json`, for a kind that is a plain code.
fn artefact_path(kind: &str, version: i32) -> Option<String> {
    let plain = !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (plain && version > 0).then(|| format!("{ARTEFACTS}{kind}-v{version}.json"))
}

/// The kind and version an artefact's path names, if it is one.
fn parse_artefact_path(path: &str) -> Option<(String, i32)> {
    let stem = path.strip_prefix(ARTEFACTS)?.strip_suffix(".json")?;
    let (kind, version) = stem.rsplit_once("-v")?;
    let version: i32 = version.parse().ok()?;
    // Only the one spelling juece writes, so that two names cannot stand for one document.
    (artefact_path(kind, version).as_deref() == Some(path)).then(|| (kind.to_owned(), version))
}

fn signature_text(signature: &[u8]) -> Vec<u8> {
    format!("{}\n", hex::encode(signature)).into_bytes()
}

/// The one way a dossier's zip is written: stored, in name order, dated 1980-01-01 00:00 (the
/// earliest date zip can hold), mode 0644, without comments.
fn write_zip(files: &BTreeMap<String, Vec<u8>>) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(name.as_str(), options)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

/// Where two byte strings first differ (the shorter one's length if one is the other's prefix).
/// Compared a page at a time, so that finding a late difference costs a few comparisons of
/// memory rather than one step per byte.
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    let common = a.len().min(b.len());
    let mut at = 0;
    while at < common {
        let end = (at + 4096).min(common);
        if a[at..end] != b[at..end] {
            return at + a[at..end].iter().zip(&b[at..end]).take_while(|(x, y)| x == y).count();
        }
        at = end;
    }
    common
}

fn is_dossier_path(path: &str) -> bool {
    matches!(path, README | MANIFEST | MANIFEST_SIG | EVENTS | STATEMENT | CHECKPOINT)
        || parse_artefact_path(path).is_some()
}

/// Every entry of the zip, read in the order of its local headers, each name once.
fn read_entries(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, DossierError> {
    let mut cursor = Cursor::new(bytes);
    let mut files = BTreeMap::new();
    loop {
        let mut file = match zip::read::read_zipfile_from_stream(&mut cursor) {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(DossierError::NotAZip { detail: e.to_string() }),
        };
        let raw = file.name_raw();
        let path = String::from_utf8_lossy(raw).into_owned();
        let unexpected =
            |reason_zh, reason_en| DossierError::UnexpectedEntry { path: path.clone(), reason_zh, reason_en };
        if !raw.iter().all(|b| b.is_ascii_graphic()) {
            return Err(unexpected("名称含非 ASCII 可见字符", "its name is not printable ASCII"));
        }
        if file.is_dir() {
            return Err(unexpected("归档中不应有目录条目", "a dossier holds no directory entries"));
        }
        if file.compression() != CompressionMethod::Stored {
            return Err(unexpected(
                "条目被压缩，而归档只存储不压缩的文件",
                "it is compressed; a dossier stores files as they are",
            ));
        }
        if !is_dossier_path(&path) {
            return Err(unexpected("归档不含这样的文件", "a dossier has no such file"));
        }
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(|e| DossierError::NotAZip { detail: format!("{path}: {e}") })?;
        drop(file);
        if files.insert(path.clone(), data).is_some() {
            return Err(DossierError::DuplicateEntry { path });
        }
    }
    if files.is_empty() {
        return Err(DossierError::NotAZip { detail: "no entries".into() });
    }
    Ok(files)
}

/// A JSON file that must be exactly the canonical form of what it parses to.
fn canonical<T: Serialize + serde::de::DeserializeOwned>(
    path: &str,
    line: Option<usize>,
    bytes: &[u8],
) -> Result<T, DossierError> {
    let value: T = serde_json::from_slice(bytes).map_err(|e| DossierError::Unreadable {
        path: path.to_owned(),
        line,
        detail: e.to_string(),
    })?;
    if canonical_json(&value) != bytes {
        return Err(DossierError::NotCanonical { path: path.to_owned(), line });
    }
    Ok(value)
}

fn trail(path: &str, line: Option<usize>, found: Break) -> DossierError {
    DossierError::Trail { path: path.to_owned(), line, found: Box::new(found) }
}

/// A document file of a dossier, read back.
struct Document<'a> {
    path: &'a str,
    id: Uuid,
    kind: String,
    version: i32,
    /// The SHA-256 of its canonical content: the file's own, as it must be.
    hash: String,
    content: serde_json::Value,
}

fn mismatch(
    path: &str,
    what_zh: &'static str,
    what_en: &'static str,
    expected: impl ToString,
    found: impl ToString,
) -> DossierError {
    DossierError::Inconsistent {
        path: path.to_owned(),
        what_zh,
        what_en,
        expected: expected.to_string(),
        found: found.to_string(),
    }
}

/// Checks a dossier offline, without a database: the zip is exactly as juece writes it; every
/// file is the one the manifest lists; the manifest is signed by the key the checkpoint names
/// (and that key is `trusted_key`, when given); the events form an unbroken chain to the head
/// the manifest names; every document hashes to what its event recorded; and the signed
/// checkpoint's Merkle tree holds that head. Any input, however malformed, gives an error, never
/// a panic.
pub fn verify_dossier(bytes: &[u8], trusted_key: Option<&AuditVerifyingKey>) -> Result<DossierReport, DossierError> {
    let files = read_entries(bytes)?;
    let rebuilt = write_zip(&files).map_err(|e| DossierError::NotAZip { detail: e.to_string() })?;
    if rebuilt != bytes {
        return Err(DossierError::Container { offset: first_difference(&rebuilt, bytes) });
    }
    let file = |path: &str| files.get(path).ok_or_else(|| DossierError::MissingEntry { path: path.to_owned() });

    // The manifest, and every other file against it.
    let manifest: Manifest = canonical(MANIFEST, None, file(MANIFEST)?)?;
    if manifest.format != DOSSIER_FORMAT {
        return Err(mismatch(MANIFEST, "格式", "format", DOSSIER_FORMAT, &manifest.format));
    }
    let mut listed = BTreeSet::new();
    for f in &manifest.files {
        if !listed.insert(f.path.as_str()) || f.path == MANIFEST || f.path == MANIFEST_SIG {
            return Err(mismatch(MANIFEST, "文件清单", "file list", "each file listed once", &f.path));
        }
        let Some(data) = files.get(&f.path) else {
            return Err(DossierError::MissingEntry { path: f.path.clone() });
        };
        if data.len() as u64 != f.bytes {
            return Err(DossierError::FileMismatch {
                path: f.path.clone(),
                what_zh: "字节数",
                what_en: "size",
                expected: f.bytes.to_string(),
                found: data.len().to_string(),
            });
        }
        let found = sha256_hex(data);
        if found != f.sha256 {
            return Err(DossierError::FileMismatch {
                path: f.path.clone(),
                what_zh: "SHA-256",
                what_en: "SHA-256",
                expected: f.sha256.clone(),
                found,
            });
        }
    }
    for path in files.keys() {
        if path != MANIFEST && path != MANIFEST_SIG && !listed.contains(path.as_str()) {
            return Err(DossierError::FileMismatch {
                path: path.clone(),
                what_zh: "清单记载",
                what_en: "listing",
                expected: "listed in manifest.json".into(),
                found: "not listed".into(),
            });
        }
    }

    // The key, and the manifest's signature under it.
    let key = parse_public_key(&manifest.public_key).ok_or_else(|| DossierError::Unreadable {
        path: MANIFEST.into(),
        line: None,
        detail: "publicKey is not an Ed25519 public key".into(),
    })?;
    if manifest.key_id != key_id(&key) {
        return Err(mismatch(MANIFEST, "密钥指纹", "key id", key_id(&key), &manifest.key_id));
    }
    if let Some(trusted) = trusted_key
        && trusted != &key
    {
        return Err(DossierError::UntrustedKey { trusted_key_id: key_id(trusted), found_key_id: key_id(&key) });
    }
    let sig_file = file(MANIFEST_SIG)?;
    let signature = std::str::from_utf8(sig_file)
        .ok()
        .and_then(|s| s.strip_suffix('\n'))
        .and_then(|s| hex::decode(s).ok())
        .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
        .ok_or_else(|| DossierError::Unreadable {
            path: MANIFEST_SIG.into(),
            line: None,
            detail: "not a hex Ed25519 signature".into(),
        })?;
    if signature_text(&signature.to_bytes()) != *sig_file {
        return Err(DossierError::NotCanonical { path: MANIFEST_SIG.into(), line: None });
    }
    if key.verify_strict(file(MANIFEST)?, &signature).is_err() {
        return Err(DossierError::BadSignature { path: MANIFEST_SIG.into() });
    }

    // The chain of events, to the head the manifest names.
    let item_id = manifest.item.id;
    let mut verifier = StreamVerifier::new(item_id);
    let mut chain: Vec<ChainedEvent> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    let text = file(EVENTS)?;
    let body =
        text.strip_suffix(b"\n").ok_or_else(|| DossierError::NotCanonical { path: EVENTS.into(), line: None })?;
    for (i, raw) in body.split(|b| *b == b'\n').enumerate() {
        let line = Some(i + 1);
        let parsed: EventLine = canonical(EVENTS, line, raw)?;
        verifier.push(&parsed.event, &parsed.hash).map_err(|b| trail(EVENTS, line, b))?;
        chain.push(parsed.event);
        hashes.push(parsed.hash);
    }
    check_head(item_id, verifier.head(), Some((manifest.head.seq, manifest.head.hash.as_str())))
        .map_err(|b| trail(EVENTS, None, b))?;

    // The documents, against what the events recorded.
    let mut documents: Vec<Document<'_>> = Vec::new();
    let refs: BTreeMap<(String, i32), Uuid> = chain
        .iter()
        .flat_map(|e| artefact_refs(&e.payload))
        .map(|r| ((r.kind.as_str().to_owned(), r.version), r.id))
        .collect();
    for (path, data) in files.range(ARTEFACTS.to_owned()..) {
        let Some((kind, version)) = parse_artefact_path(path) else { continue };
        let content: serde_json::Value = canonical(path, None, data)?;
        let hash = content_hash(&content);
        let Some(id) = refs.get(&(kind.clone(), version)) else {
            return Err(trail(
                path,
                None,
                Break {
                    stream_id: item_id,
                    seq: i64::from(version),
                    kind: BreakKind::ArtefactUnrecorded,
                    expected: "no artefact".into(),
                    found: hash,
                    detail: format!("{kind} v{version}"),
                },
            ));
        };
        documents.push(Document { path, id: *id, kind, version, hash, content });
    }
    let stored: Vec<StoredArtefact<'_>> = documents
        .iter()
        .map(|d| StoredArtefact { id: d.id, kind: &d.kind, version: d.version, sha256: &d.hash, content: &d.content })
        .collect();
    if let Err(found) = verify_artefacts(item_id, &chain, &stored) {
        // Name the file when there is one; a document that is missing altogether is named by
        // the event that recorded it.
        let path = documents.iter().find(|d| found.detail.ends_with(&d.id.to_string())).map_or(EVENTS, |d| d.path);
        return Err(trail(path, None, found));
    }

    // The state the manifest names is the one the events lead to.
    if let Err(found) = check_state(item_id, &chain, &manifest.item.state) {
        return Err(trail(MANIFEST, None, found));
    }

    // The signed checkpoint, and the item's head in its tree.
    let cp: DossierCheckpoint = canonical(CHECKPOINT, None, file(CHECKPOINT)?)?;
    if cp.public_key != manifest.public_key {
        return Err(mismatch(CHECKPOINT, "签名公钥", "public key", &manifest.public_key, &cp.public_key));
    }
    if cp.statement.seq != manifest.checkpoint_seq {
        return Err(mismatch(CHECKPOINT, "检查点编号", "checkpoint number", manifest.checkpoint_seq, cp.statement.seq));
    }
    let signed = SignedCheckpoint {
        statement: cp.statement.clone(),
        signature: cp.signature.clone(),
        public_key: cp.public_key.clone(),
    };
    if !verify_signature(&signed, &key) {
        return Err(DossierError::BadSignature { path: CHECKPOINT.into() });
    }
    if cp.tree_size != cp.statement.tree_size {
        return Err(mismatch(CHECKPOINT, "默克尔树大小", "tree size", cp.statement.tree_size, cp.tree_size));
    }
    if cp.leaf.stream_id != item_id {
        return Err(mismatch(CHECKPOINT, "叶子所属记录链", "leaf's stream", item_id, cp.leaf.stream_id));
    }
    let at =
        cp.leaf.seq.checked_sub(1).and_then(|i| usize::try_from(i).ok()).and_then(|i| hashes.get(i).zip(chain.get(i)));
    match at {
        Some((hash, ev)) if *hash == cp.leaf.hash && ev.stream_type == cp.leaf.stream_type => {}
        _ => {
            return Err(trail(
                CHECKPOINT,
                None,
                Break {
                    stream_id: item_id,
                    seq: cp.leaf.seq,
                    kind: BreakKind::CheckpointMismatch,
                    expected: cp.leaf.hash.clone(),
                    found: at.map_or_else(|| "no event".to_owned(), |(h, _)| h.clone()),
                    detail: format!("checkpoint {}", cp.statement.seq),
                },
            ));
        }
    }
    if cp.leaf.seq != manifest.head.seq {
        return Err(mismatch(
            CHECKPOINT,
            "叶子所载链头位置",
            "head position of the leaf",
            manifest.head.seq,
            cp.leaf.seq,
        ));
    }
    if !verify_inclusion(&cp.statement.root, cp.tree_size, &cp.leaf, cp.leaf_index, &cp.proof) {
        return Err(DossierError::NotIncluded { leaf_index: cp.leaf_index, tree_size: cp.tree_size });
    }

    Ok(DossierReport {
        item_id,
        title: manifest.item.title,
        government_code: manifest.item.government_code,
        state: manifest.item.state,
        events: chain.len() as u64,
        artefacts: documents.len() as u64,
        head_seq: manifest.head.seq,
        head_hash: manifest.head.hash,
        checkpoint_seq: cp.statement.seq,
        key_id: manifest.key_id,
        public_key: manifest.public_key,
        key_trusted: trusted_key.is_some(),
        files: manifest.files.into_iter().map(|f| f.path).collect(),
    })
}

/// The checks a flipped byte never reaches: each layer of a dossier, changed and then sealed again
/// as a forger holding a signing key would, is still caught by the layer below it.
#[cfg(test)]
mod tests {
    use super::*;
    use juece_core::ItemState;
    use juece_core::artefact::{ArtefactKind, ArtefactRef};
    use juece_core::audit::{CHECKPOINT_FORMAT, GENESIS, merkle_root, sign, signing_key};
    use serde_json::{Value, json};

    fn key() -> AuditSigningKey {
        signing_key(&[0x2a; 32])
    }

    fn time() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap_or_default()
    }

    /// A dossier of an item in consultation: three steps, two documents, under a checkpoint over
    /// the item and one other stream.
    fn fixture() -> Vec<u8> {
        let item_id = Uuid::from_u128(1);
        let gov = GovernmentRow {
            id: Uuid::from_u128(2),
            code: "370103".into(),
            name: "济南市市中区人民政府".into(),
            short_name: "市中区".into(),
            level: "COUNTY".into(),
            parent_code: None,
            version: 1,
            created_at: time(),
            updated_at: time(),
        };
        let docs: Vec<artefact::Model> = [
            (ArtefactKind::StartDecision, json!({ "decidedOn": "2022-07-01" })),
            (
                ArtefactKind::Draft,
                json!({ "fullText": "第一条 ……", "explanation": "起草说明", "background": "决策背景" }),
            ),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (kind, content))| artefact::Model {
            id: Uuid::from_u128(10 + i as u128),
            item_id,
            kind: kind.as_str().into(),
            version: 1,
            sha256: content_hash(&content),
            content,
            created_by: "test".into(),
            created_at: time(),
        })
        .collect();
        let steps = [
            (ItemState::InCatalogue, ItemState::Initiated, "T3", docs.first()),
            (ItemState::Initiated, ItemState::Drafting, "T4", docs.get(1)),
            (ItemState::Drafting, ItemState::Consultation, "T5", None),
        ];
        let mut events: Vec<audit_event::Model> = Vec::new();
        for (i, (from, to, step, doc)) in steps.into_iter().enumerate() {
            let artefact = doc.map(|d| ArtefactRef {
                id: d.id,
                kind: ArtefactKind::parse(&d.kind).unwrap_or(ArtefactKind::Draft),
                version: d.version,
                sha256: d.sha256.clone(),
            });
            let payload = juece_core::DomainEvent::ItemStateChanged {
                item_id,
                from,
                to,
                rule: None,
                profile_version: None,
                step: Some(step.into()),
                artefact,
            };
            let mut row = audit_event::Model {
                id: Uuid::from_u128(100 + i as u128),
                stream_type: "ITEM".into(),
                stream_id: item_id,
                stream_seq: i as i64 + 1,
                government_id: Some(gov.id),
                event_type: "ItemStateChanged".into(),
                actor_kind: "SYSTEM".into(),
                actor_id: "test".into(),
                actor_name: "test".into(),
                actor_org: None,
                actor_role: None,
                occurred_at: time(),
                payload: serde_json::to_value(&payload).unwrap_or_default(),
                rules: json!([]),
                overrides: json!([]),
                prev_hash: events.last().map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone()),
                hash: String::new(),
            };
            row.hash = chained(&row).map(|e| e.hash()).unwrap_or_default();
            events.push(row);
        }
        let head = events.last().map(|e| (e.stream_seq, e.hash.clone())).unwrap_or_default();
        let leaves = vec![
            Leaf { stream_type: "ITEM".into(), stream_id: item_id, seq: head.0, hash: head.1 },
            Leaf { stream_type: "USER".into(), stream_id: Uuid::from_u128(3), seq: 1, hash: "ab".repeat(32) },
        ];
        let statement = CheckpointStatement {
            format: CHECKPOINT_FORMAT.into(),
            seq: 4,
            taken_at: juece_core::audit::format_time(time()),
            tree_size: 2,
            root: merkle_root(&leaves),
            previous: Some("cd".repeat(32)),
            key_id: key_id(&key().verifying_key()),
        };
        let signed = sign(statement, &key());
        let checkpoint = CheckpointRow {
            seq: 4,
            taken_at: time(),
            tree_size: 2,
            root: signed.statement.root.clone(),
            key_id: signed.statement.key_id.clone(),
            public_key: signed.public_key.clone(),
            signature: signed.signature.clone(),
            statement_hash: signed.statement.hash(),
            statement: serde_json::to_string(&signed.statement).unwrap_or_default(),
            leaves: serde_json::to_string(&leaves).unwrap_or_default(),
        };
        let snap = Snapshot {
            item: ItemRow {
                id: item_id,
                catalogue_id: Uuid::from_u128(4),
                government_id: gov.id,
                year: 2022,
                seq: 1,
                title: "全民健身设施管理实施细则".into(),
                sponsor_id: Uuid::from_u128(5),
                category: "SD3_1".into(),
                planned_completion: "2022-10".into(),
                state: "CONSULTATION".into(),
                profile_version: Some("SHANDONG-2021-01-01".into()),
                parent_item_id: None,
                version: 3,
                created_at: time(),
                updated_at: time(),
            },
            sponsor: ManifestSponsor { id: Uuid::from_u128(5), name: "区教育体育局".into() },
            events,
            artefacts: docs,
            statement: juece_core::legality::ProcedureStatement {
                steps: Vec::new(),
                regions: Vec::new(),
                documents: Vec::new(),
                skips: Vec::new(),
                undisclosable_ground: None,
            },
        };
        build(&snap, &gov, &(checkpoint, leaves), &key()).map(|d| d.bytes).unwrap_or_default()
    }

    fn json_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
        files.get(path).and_then(|b| serde_json::from_slice(b).ok()).unwrap_or_default()
    }

    /// Opens the fixture, changes it, and seals it again: the manifest lists the changed files and
    /// is signed anew with `signer`.
    fn forged(signer: &AuditSigningKey, change: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) -> Vec<u8> {
        let mut files = read_entries(&fixture()).unwrap_or_default();
        change(&mut files);
        let mut manifest: Manifest = serde_json::from_value(json_of(&files, MANIFEST)).expect("manifest");
        let public = signer.verifying_key();
        manifest.public_key = hex::encode(public.as_bytes());
        manifest.key_id = key_id(&public);
        files.remove(MANIFEST);
        files.remove(MANIFEST_SIG);
        seal(files, manifest, signer).unwrap_or_default()
    }

    fn check(bytes: &[u8]) -> Result<DossierReport, DossierError> {
        verify_dossier(bytes, Some(&key().verifying_key()))
    }

    /// The kind of the trail break found, and the file it names.
    fn trail_break(r: Result<DossierReport, DossierError>) -> (BreakKind, String, Option<usize>) {
        match r {
            Err(DossierError::Trail { path, line, found }) => (found.kind, path, line),
            other => panic!("expected a break in the trail, got {other:?}"),
        }
    }

    fn edit_json(files: &mut BTreeMap<String, Vec<u8>>, path: &str, edit: impl FnOnce(&mut Value)) {
        let mut v = json_of(files, path);
        edit(&mut v);
        files.insert(path.to_owned(), canonical_json(&v));
    }

    fn edit_lines(files: &mut BTreeMap<String, Vec<u8>>, edit: impl FnOnce(&mut Vec<Value>)) {
        let text = files.get(EVENTS).cloned().unwrap_or_default();
        let mut lines: Vec<Value> =
            text.split(|b| *b == b'\n').filter_map(|l| serde_json::from_slice(l).ok()).collect();
        edit(&mut lines);
        let mut out = Vec::new();
        for l in &lines {
            out.extend(canonical_json(l));
            out.push(b'\n');
        }
        files.insert(EVENTS.to_owned(), out);
    }

    #[test]
    fn the_fixture_verifies_and_exports_the_same_bytes_twice() {
        let bytes = fixture();
        assert_eq!(bytes, fixture());
        let r = check(&bytes).expect("verifies");
        assert_eq!((r.events, r.artefacts, r.head_seq, r.checkpoint_seq), (3, 2, 3, 4));
        assert_eq!(r.state, "CONSULTATION");
        // Sealing it again unchanged gives the very same bytes.
        assert_eq!(forged(&key(), |_| {}), bytes);
    }

    #[test]
    fn a_changed_document_is_found_by_its_hash_even_under_a_new_manifest() {
        let draft = "artefacts/DRAFT-v1.json";
        let change =
            |files: &mut BTreeMap<String, Vec<u8>>| edit_json(files, draft, |v| v["fullText"] = json!("第一条 改动"));

        // Changed alone: the manifest's hash disagrees.
        let mut files = read_entries(&fixture()).unwrap_or_default();
        change(&mut files);
        match check(&write_zip(&files).unwrap_or_default()) {
            Err(DossierError::FileMismatch { path, .. }) => assert_eq!(path, draft),
            other => panic!("{other:?}"),
        }
        // With a manifest listing the new hash but the old signature: the signature fails.
        let mut resealed = read_entries(&forged(&key(), change)).unwrap_or_default();
        let original = read_entries(&fixture()).unwrap_or_default();
        resealed.insert(MANIFEST_SIG.into(), original.get(MANIFEST_SIG).cloned().unwrap_or_default());
        assert!(matches!(
            check(&write_zip(&resealed).unwrap_or_default()),
            Err(DossierError::BadSignature { path }) if path == MANIFEST_SIG
        ));
        // Signed anew with the deployment key itself: the event's recorded hash still disagrees.
        assert_eq!(trail_break(check(&forged(&key(), change))), (BreakKind::ArtefactMismatch, draft.to_owned(), None));
        // Signed by anyone else: not the trusted key.
        let other = signing_key(&[0x07; 32]);
        assert!(matches!(check(&forged(&other, change)), Err(DossierError::UntrustedKey { .. })));
    }

    #[test]
    fn documents_added_or_removed_are_found() {
        let extra = forged(&key(), |f| {
            f.insert("artefacts/DRAFT-v9.json".into(), canonical_json(&json!({ "fullText": "插入的草案" })));
        });
        assert_eq!(
            trail_break(check(&extra)),
            (BreakKind::ArtefactUnrecorded, "artefacts/DRAFT-v9.json".to_owned(), None)
        );
        let removed = forged(&key(), |f| {
            f.remove("artefacts/DRAFT-v1.json");
        });
        assert_eq!(trail_break(check(&removed)), (BreakKind::ArtefactMissing, EVENTS.to_owned(), None));
    }

    #[test]
    fn changed_reordered_or_removed_events_break_the_chain_at_their_line() {
        let changed =
            forged(&key(), |f| edit_lines(f, |l| l[1]["event"]["occurredAt"] = json!("2022-07-02T00:00:00.000000Z")));
        assert_eq!(trail_break(check(&changed)), (BreakKind::HashMismatch, EVENTS.to_owned(), Some(2)));
        let removed = forged(&key(), |f| {
            edit_lines(f, |l| {
                l.remove(1);
            })
        });
        assert_eq!(trail_break(check(&removed)), (BreakKind::SequenceGap, EVENTS.to_owned(), Some(2)));
        let swapped = forged(&key(), |f| edit_lines(f, |l| l.swap(0, 1)));
        assert_eq!(trail_break(check(&swapped)), (BreakKind::SequenceGap, EVENTS.to_owned(), Some(1)));
        // The last step cut off, with the manifest's head and state moved back to match: the signed
        // checkpoint still holds the step that was cut.
        let cut = forged(&key(), |f| {
            let mut kept = None;
            edit_lines(f, |l| {
                l.pop();
                kept = l.last().map(|e| e["hash"].clone());
            });
            edit_json(f, MANIFEST, |m| {
                m["head"] = json!({ "seq": 2, "hash": kept });
                m["item"]["state"] = json!("DRAFTING");
            });
        });
        assert_eq!(trail_break(check(&cut)), (BreakKind::CheckpointMismatch, CHECKPOINT.to_owned(), None));
        // The state the manifest claims must be the one the events lead to.
        let state = forged(&key(), |f| edit_json(f, MANIFEST, |m| m["item"]["state"] = json!("EXECUTING")));
        assert_eq!(trail_break(check(&state)), (BreakKind::StateMismatch, MANIFEST.to_owned(), None));
    }

    #[test]
    fn the_checkpoint_must_be_signed_and_prove_the_head() {
        let root = forged(&key(), |f| edit_json(f, CHECKPOINT, |c| c["statement"]["root"] = json!("00".repeat(32))));
        assert!(matches!(check(&root), Err(DossierError::BadSignature { path }) if path == CHECKPOINT));
        let proof = forged(&key(), |f| edit_json(f, CHECKPOINT, |c| c["proof"][0] = json!("00".repeat(32))));
        assert!(matches!(check(&proof), Err(DossierError::NotIncluded { .. })));
        let index = forged(&key(), |f| edit_json(f, CHECKPOINT, |c| c["leafIndex"] = json!(1)));
        assert!(matches!(check(&index), Err(DossierError::NotIncluded { .. })));
        let leaf = forged(&key(), |f| edit_json(f, CHECKPOINT, |c| c["leaf"]["hash"] = json!("00".repeat(32))));
        assert_eq!(trail_break(check(&leaf)), (BreakKind::CheckpointMismatch, CHECKPOINT.to_owned(), None));
        // A checkpoint re-signed over an absurd tree is refused, never computed: RFC 6962's index
        // arithmetic overflows near the top of u64, and JCS cannot even write integers above 2^53.
        let absurd = |size: u64| {
            forged(&key(), |f| {
                edit_json(f, CHECKPOINT, |c| {
                    let mut statement: CheckpointStatement =
                        serde_json::from_value(c["statement"].clone()).expect("statement");
                    statement.tree_size = size;
                    let signed = sign(statement, &key());
                    c["statement"] = serde_json::to_value(&signed.statement).unwrap_or_default();
                    c["signature"] = json!(signed.signature);
                    c["treeSize"] = json!(size);
                    c["leafIndex"] = json!(size - 1);
                })
            })
        };
        assert!(matches!(check(&absurd(1 << 52)), Err(DossierError::NotIncluded { .. })));
        assert!(matches!(
            check(&absurd(u64::MAX)),
            Err(DossierError::Unreadable { path, .. } | DossierError::NotCanonical { path, .. }) if path == CHECKPOINT
        ));
    }

    #[test]
    fn the_manifest_must_list_each_file_once_in_canonical_form() {
        let twice = forged(&key(), |_| {});
        let mut files = read_entries(&twice).unwrap_or_default();
        let mut manifest = json_of(&files, MANIFEST);
        if let Some(list) = manifest["files"].as_array_mut() {
            let first = list.first().cloned().unwrap_or_default();
            list.push(first);
        }
        files.insert(MANIFEST.into(), canonical_json(&manifest));
        assert!(matches!(check(&write_zip(&files).unwrap_or_default()), Err(DossierError::Inconsistent { .. })));

        let mut files = read_entries(&twice).unwrap_or_default();
        let pretty = serde_json::to_vec_pretty(&json_of(&files, MANIFEST)).unwrap_or_default();
        files.insert(MANIFEST.into(), pretty);
        assert!(matches!(
            check(&write_zip(&files).unwrap_or_default()),
            Err(DossierError::NotCanonical { path, .. }) if path == MANIFEST
        ));
    }
}
