//! `juece bench audit`: events verified per second over a long audit trail, against reading the
//! same rows in the same order without verifying them (the database's own rate for the scan).
//!
//! A trail of a million events through the engine would take the benchmark longer to build than
//! to verify, so the trail is written directly: progress reports on execution tasks, each event
//! the engine's own kind, payload and actor shape, hashed and chained with the same code the
//! engine uses (`chained`), and each stream's head recorded. The verification is the engine's
//! (`juece audit verify`), unchanged.

use super::Ratio;
use anyhow::{Context as _, ensure};
use juece_core::authz::Principal;
use juece_core::event::DomainEvent;
use juece_core::execution::ProgressReport;
use juece_engine::{Engine, EventRow};
use juece_store::TransactionTrait;
use juece_store::entity::audit_head;
use juece_store::repo::{audit, events};
use std::time::Instant;
use uuid::Uuid;

/// Events of each task's stream: a report a week for about two years.
const EVENTS_PER_STREAM: u64 = 100;
/// Rows per multi-row insert: under SQLite's limit on bound values (17 columns a row).
const INSERT_CHUNK: usize = 1000;

#[derive(Debug, Clone)]
pub struct Report {
    pub events: u64,
    pub streams: u64,
    pub seconds: f64,
    pub scan_seconds: f64,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.events as f64 / self.seconds
    }

    pub fn scan_per_second(&self) -> f64 {
        self.events as f64 / self.scan_seconds
    }

    pub fn ratio(&self) -> Ratio {
        Ratio::of(self.per_second(), self.scan_per_second())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "events verified          {} in {} streams", self.events, self.streams)?;
        writeln!(
            f,
            "verification             {:.2} s, {:.0} events/s (target ≥ 1,000,000)",
            self.seconds,
            self.per_second()
        )?;
        writeln!(f, "plain scan (baseline)    {:.2} s, {:.0} events/s", self.scan_seconds, self.scan_per_second())?;
        write!(f, "ratio                    {}", self.ratio())
    }
}

/// The `seq`th event of a task's stream, chained onto `prev`.
fn event(government_id: Uuid, task: Uuid, item: Uuid, seq: u64, prev: String) -> anyhow::Result<EventRow> {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).context("date")? + chrono::Duration::days(7 * seq as i64);
    let report = ProgressReport {
        reported_on: day,
        percent: seq.min(100) as u8,
        summary: format!(
            "第{seq}次进展报告：已完成康复服务站选址{}处，培训专业康复人员{}人，正在推进无障碍设施改造。",
            seq % 12 + 1,
            seq * 3 + 10
        ),
        done: false,
    };
    let ev = DomainEvent::TaskProgressReported { task_id: task, item_id: item, report };
    let mut row = EventRow {
        id: Uuid::now_v7(),
        stream_type: "TASK".into(),
        stream_id: task,
        stream_seq: seq as i64,
        government_id: Some(government_id),
        event_type: ev.event_type().to_owned(),
        actor_kind: "USER".into(),
        actor_id: "shizhong-sponsor".into(),
        actor_name: "市中区残联经办人".into(),
        actor_org: Some("市中区残疾人联合会".into()),
        actor_role: Some("SPONSOR".into()),
        occurred_at: (day.and_hms_opt(9, 30, 0).context("time")?).and_utc(),
        payload: serde_json::to_value(&ev)?,
        rules: serde_json::json!(["R-15-1", "R-17-2"]),
        overrides: serde_json::json!([]),
        prev_hash: prev,
        hash: String::new(),
    };
    row.hash = juece_engine::audit::chained(&row)?.hash();
    Ok(row)
}

/// Writes `count` events in streams of [`EVENTS_PER_STREAM`], a transaction per thousand streams.
async fn write_trail(engine: &Engine, government_id: Uuid, count: u64) -> anyhow::Result<u64> {
    let streams = count.div_ceil(EVENTS_PER_STREAM);
    let item = Uuid::now_v7();
    let db = engine.store().db();
    let mut written = 0;
    for first in (0..streams).step_by(1000) {
        let last = (first + 1000).min(streams);
        // Hashing is most of the work: the streams of a transaction are hashed on every core.
        let ids: Vec<Uuid> = (first..last).map(|_| Uuid::now_v7()).collect();
        let per = count.min(EVENTS_PER_STREAM);
        let chunks: Vec<Vec<Uuid>> = ids.chunks(ids.len().div_ceil(2).max(1)).map(<[Uuid]>::to_vec).collect();
        let built: Vec<anyhow::Result<Vec<EventRow>>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|chunk| {
                    s.spawn(move || {
                        let mut rows = Vec::with_capacity(chunk.len() * per as usize);
                        for task in chunk {
                            let mut prev = juece_core::audit::GENESIS.to_owned();
                            for seq in 1..=per {
                                let row = event(government_id, *task, item, seq, prev)?;
                                prev = row.hash.clone();
                                rows.push(row);
                            }
                        }
                        Ok(rows)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a hashing thread panicked"))))
                .collect()
        });
        let tx = db.begin().await?;
        let mut heads = Vec::new();
        for rows in built {
            let rows = rows?;
            for r in rows.iter().filter(|r| r.stream_seq as u64 == per) {
                heads.push(audit_head::Model {
                    stream_id: r.stream_id,
                    stream_type: r.stream_type.clone(),
                    government_id: r.government_id,
                    seq: r.stream_seq,
                    hash: r.hash.clone(),
                    updated_at: r.occurred_at,
                });
            }
            written += rows.len() as u64;
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                events::append(&tx, rows.by_ref().take(INSERT_CHUNK).collect()).await?;
            }
        }
        for chunk in heads.chunks(INSERT_CHUNK) {
            audit::set_heads(&tx, chunk.to_vec()).await?;
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// Builds the trail, then times a plain scan of it and the engine's full verification.
pub async fn audit_trail(engine: Engine, count: u64) -> anyhow::Result<Report> {
    juece_seeds::load_catalogues(&engine).await.context("seeding")?;
    let gov = engine.government_by_code("370103").await?.context("the seeded government 370103")?;
    let started = Instant::now();
    write_trail(&engine, gov.id, count).await?;
    eprintln!("trail written in {:.1} s", started.elapsed().as_secs_f64());

    let db = engine.store().db();
    let started = Instant::now();
    let mut after = None;
    let mut scanned = 0u64;
    loop {
        let batch = events::chain_batch(db, None, after, 5000).await?;
        let Some(last) = batch.last() else { break };
        after = Some((last.stream_id, last.stream_seq));
        scanned += batch.len() as u64;
    }
    let scan_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let verified = engine.verify_audit_trail(&Principal::system("bench"), None).await?;
    let seconds = started.elapsed().as_secs_f64();
    ensure!(verified.ok(), "the trail does not verify: {:?}", verified.first_break);
    ensure!(verified.events == scanned, "verified {} events of the {scanned} stored", verified.events);
    ensure!(verified.events >= count, "verified {} events, fewer than the {count} written", verified.events);
    Ok(Report { events: verified.events, streams: verified.streams, seconds, scan_seconds })
}
