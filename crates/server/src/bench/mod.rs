//! `juece bench …`: measurements of juece on this machine, each against a baseline measured in the
//! same run on the same database, so that a figure says how close juece comes to what the
//! database itself allows rather than how fast the machine happens to be.

pub mod audit;
pub mod comments;
pub mod footprint;
pub mod reads;
pub mod transitions;

use crate::config::{BenchCommand, DbArgs};
use anyhow::Context as _;
use chrono::NaiveDate;
use juece_core::artefact::{Draft, StartDecision};
use juece_core::authz::Principal;
use juece_core::participation::CommentNotice;
use juece_core::region::{ConsultationPlan, Region, RegionDetermination, SkipRecord};
use juece_engine::steps::ParticipationInput;
use juece_engine::{Engine, EngineError, ItemRow, StepInput, Store};
use juece_store::{ConnectionTrait, Statement};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Runs one benchmark; an error when its checks (nothing lost, groups found, chains intact) fail.
pub async fn run(db: &DbArgs, cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Comments { count, duplicates, concurrency } => {
            let engine = empty_engine(db).await?;
            let report = comments::comments(engine, count, duplicates, concurrency).await?;
            println!("{report}");
            report.check()
        }
        BenchCommand::Transitions { clients, transitions } => {
            let engine = empty_engine(db).await?;
            let rounds = transitions::transitions(engine, &clients, transitions).await?;
            println!("clients  transitions/s  baseline inserts/s  ratio (target ≥ 0.70)");
            for r in &rounds {
                println!(
                    "{:>7}  {:>13.0}  {:>18.0}  {}",
                    r.clients,
                    r.per_second(),
                    r.baseline.per_second(),
                    r.ratio()
                );
            }
            Ok(())
        }
        BenchCommand::Audit { events } => {
            let engine = empty_engine(db).await?;
            let report = audit::audit_trail(engine, events).await?;
            println!("{report}");
            Ok(())
        }
        BenchCommand::Reads { connections, seconds } => {
            let engine = empty_engine(db).await?;
            let report = reads::reads(engine, connections, seconds).await?;
            println!("{report}");
            report.check()
        }
        BenchCommand::Footprint => {
            let report = footprint::footprint().await?;
            println!("{report}");
            Ok(())
        }
    }
}

/// The engine over the database the arguments name, which must be empty: every benchmark seeds
/// its own data, and figures on a database with other data would not compare.
pub async fn empty_engine(db: &DbArgs) -> anyhow::Result<Engine> {
    let engine = crate::open(db).await?;
    let governments = engine.governments().await.map_err(|e| anyhow::anyhow!(e.to_string())).context("reading")?;
    anyhow::ensure!(governments.is_empty(), "the benchmark seeds its own data: give it an empty database");
    Ok(engine)
}

/// A figure divided by its baseline's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio(pub f64);

impl Ratio {
    pub fn of(value: f64, baseline: f64) -> Ratio {
        Ratio(if baseline > 0.0 { value / baseline } else { 0.0 })
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

/// Plain single-row insert transactions: what the database does without juece.
#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    pub rows: u64,
    pub seconds: f64,
}

impl Baseline {
    pub fn per_second(&self) -> f64 {
        self.rows as f64 / self.seconds
    }
}

/// A row about the size of an audit event, so that the baseline writes what a transition writes
/// at the least.
const BASELINE_BODY: &str = r#"{"eventType":"StepTaken","actor":{"kind":"SYSTEM","id":"bench","name":"性能测试"},"payload":{"transition":"T2","item":"性能测试事项","document":{"kind":"DRAFT","version":1,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},"rules":["R-04-1","R-04-2"],"prevHash":"0000000000000000000000000000000000000000000000000000000000000000"}"#;

/// `rows` insert transactions by `clients` clients at once, each beginning a write transaction
/// as the engine does (IMMEDIATE on SQLite), inserting one row and committing, on the store's own
/// pool. The table is the benchmark's own and is dropped afterwards.
pub async fn baseline_inserts(store: &Store, rows: usize, clients: usize) -> anyhow::Result<Baseline> {
    let db = store.db();
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(backend, "DROP TABLE IF EXISTS bench_baseline".to_owned())).await?;
    db.execute_raw(Statement::from_string(
        backend,
        "CREATE TABLE bench_baseline (id VARCHAR(36) PRIMARY KEY, body TEXT NOT NULL)".to_owned(),
    ))
    .await?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..clients.max(1) {
        let (store, next) = (store.clone(), next.clone());
        set.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < rows {
                let tx = store.begin_write().await?;
                let sql = match tx.get_database_backend() {
                    juece_store::DbBackend::Postgres => "INSERT INTO bench_baseline (id, body) VALUES ($1, $2)",
                    _ => "INSERT INTO bench_baseline (id, body) VALUES (?, ?)",
                };
                tx.execute_raw(Statement::from_sql_and_values(
                    tx.get_database_backend(),
                    sql,
                    [uuid::Uuid::now_v7().to_string().into(), BASELINE_BODY.into()],
                ))
                .await?;
                tx.commit().await?;
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(r) = set.join_next().await {
        r??;
    }
    let seconds = started.elapsed().as_secs_f64();
    db.execute_raw(Statement::from_string(backend, "DROP TABLE bench_baseline".to_owned())).await?;
    Ok(Baseline { rows: rows as u64, seconds })
}

/// Takes an item through the start decision, drafting and the consultation plan (T1–T3), with
/// participation the only region that applies; the item's version afterwards.
pub(crate) async fn to_consultation(engine: &Engine, item: &ItemRow, today: NaiveDate) -> Result<i32, EngineError> {
    let system = Principal::system("bench");
    let start =
        StartDecision { decided_on: today, document: None, lead_sponsor_id: item.sponsor_id, co_sponsor_ids: vec![] };
    let mut v = engine.take_step(&system, item.id, item.version, StepInput::Initiate(start)).await?.version;
    let draft = Draft {
        full_text: format!("{}（征求意见稿）", item.title),
        explanation: "起草说明：依据上位法和本地实际起草。".into(),
        background: "决策背景：落实年度重大行政决策事项目录。".into(),
        legal_basis: vec!["《重大行政决策程序暂行条例》".into()],
    };
    v = engine.take_step(&system, item.id, v, StepInput::StartDrafting(draft)).await?.version;
    let skip = SkipRecord {
        determination: "不适用".into(),
        basis: "《重大行政决策程序暂行条例》".into(),
        determined_by: "承办人".into(),
        approved_by: "负责人".into(),
        date: today,
        evidence: vec![],
    };
    let plan = ConsultationPlan {
        regions: Region::ALL
            .iter()
            .map(|r| {
                let applies = *r == Region::Participation;
                RegionDetermination { region: *r, applies, skip: (!applies).then(|| skip.clone()) }
            })
            .collect(),
        hearing_required_by: None,
        undisclosable_ground: None,
    };
    Ok(engine.take_step(&system, item.id, v, StepInput::OpenConsultation(plan)).await?.version)
}

/// Takes an item to an open comment notice, from today for 30 days: the public steps a commenter
/// and a feed reader follow.
pub(crate) async fn open_comment_notice(engine: &Engine, item: &ItemRow) -> Result<(), EngineError> {
    let today = engine.shanghai_today();
    let v = to_consultation(engine, item, today).await?;
    let notice = CommentNotice {
        title: format!("关于公开征求《{}》意见的公告", item.title),
        draft_version: 1,
        opens_on: today,
        closes_on: today + chrono::Duration::days(30),
        methods: vec!["网上留言".into()],
        channels: vec!["区政府门户网站重大行政决策意见征集专栏".into()],
        contact: "0531-00000000".into(),
        // The period may reach a year whose holiday notice is not loaded; the benchmark does not
        // depend on its length.
        shortening_reason: Some("性能测试".into()),
    };
    engine.participate(&Principal::system("bench"), item.id, v, ParticipationInput::OpenNotice(notice)).await?;
    Ok(())
}
