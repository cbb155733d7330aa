//! `juece bench transitions`: procedure transitions per second, each with its guards, its audit
//! event and the hash chain, at several numbers of concurrent clients, against plain single-row
//! insert transactions on the same database at the same concurrency. A transition cannot commit
//! faster than the database commits one row, so the ratio says how much of the commit budget the
//! engine's own work takes.

use super::{Baseline, Ratio};
use anyhow::{Context as _, ensure};
use juece_core::authz::Principal;
use juece_engine::{AddItemInput, CreateCatalogueInput, Engine, ItemRow, PublicationInput};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The steps each item is taken through: starting the decision, drafting and opening the
/// consultation (T1–T3), each checked against its rules and recorded with its document.
pub const STEPS_PER_ITEM: usize = 3;

/// One measurement: `clients` clients, each taking items through their steps until every item of
/// the round is done.
#[derive(Debug, Clone)]
pub struct Round {
    pub clients: usize,
    pub transitions: u64,
    pub seconds: f64,
    pub baseline: Baseline,
}

impl Round {
    pub fn per_second(&self) -> f64 {
        self.transitions as f64 / self.seconds
    }

    pub fn ratio(&self) -> Ratio {
        Ratio::of(self.per_second(), self.baseline.per_second())
    }
}

/// Items of a catalogue made for the benchmark, published so that their procedure may start.
async fn items(engine: &Engine, count: usize) -> anyhow::Result<Vec<ItemRow>> {
    let system = Principal::system("bench");
    // The sponsor of the first real 2022 item of 市中区 sponsors every benchmark item.
    let seeded = engine.catalogue(&system, "370103", 2022).await?.context("the seeded 2022 catalogue of 370103")?;
    let sponsor = engine.items_of(&system, seeded.id).await?.into_iter().next().context("no seeded item")?.sponsor_id;
    // A year no seed has a catalogue for.
    let year = 2027;
    let catalogue = engine
        .create_catalogue(
            &system,
            CreateCatalogueInput { government_code: "370103".into(), year, title: Some("性能测试目录".into()) },
        )
        .await?;
    for i in 0..count {
        engine
            .add_item(
                &system,
                AddItemInput {
                    catalogue_id: catalogue.id,
                    title: format!("性能测试事项第{}号", i + 1),
                    sponsor_id: sponsor,
                    category: "SD3_1".into(),
                    planned_completion: format!("{year}年12月"),
                },
            )
            .await?;
    }
    engine
        .record_publication(
            &system,
            PublicationInput {
                catalogue_id: catalogue.id,
                document_number: format!("市中政发〔{year}〕1号"),
                published_on: engine.shanghai_today(),
                source: "性能测试".into(),
            },
        )
        .await?;
    Ok(engine.items_of(&system, catalogue.id).await?)
}

/// Takes one item through its steps; returns the transitions taken.
async fn walk(engine: &Engine, item: &ItemRow) -> Result<u64, juece_engine::EngineError> {
    super::to_consultation(engine, item, engine.shanghai_today()).await?;
    Ok(STEPS_PER_ITEM as u64)
}

/// `clients` clients share the items; each takes the next untouched item through its steps.
async fn run_round(engine: &Engine, items: Arc<Vec<ItemRow>>, clients: usize) -> anyhow::Result<(u64, f64)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (engine, items, next) = (engine.clone(), items.clone(), next.clone());
        set.spawn(async move {
            let mut done = 0u64;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { return Ok::<_, juece_engine::EngineError>(done) };
                done += walk(&engine, item).await?;
            }
        });
    }
    let mut total = 0;
    while let Some(r) = set.join_next().await {
        // No two clients ever touch one item, so any refusal is a fault of the engine.
        total += r?.context("a transition failed")?;
    }
    Ok((total, started.elapsed().as_secs_f64()))
}

/// Measures each number of clients in turn, each round on items of its own, after its baseline.
pub async fn transitions(engine: Engine, clients: &[usize], per_round: usize) -> anyhow::Result<Vec<Round>> {
    ensure!(!clients.is_empty(), "--clients names at least one number of clients");
    juece_seeds::load_catalogues(&engine).await.context("seeding")?;
    let per_round = per_round.div_ceil(STEPS_PER_ITEM).max(1);
    let all = items(&engine, per_round * clients.len()).await?;
    let mut rounds = Vec::new();
    for (k, &n) in clients.iter().enumerate() {
        let n = n.max(1);
        let baseline = super::baseline_inserts(engine.store(), per_round * STEPS_PER_ITEM, n).await?;
        let mine = Arc::new(all[k * per_round..(k + 1) * per_round].to_vec());
        let (count, seconds) = run_round(&engine, mine, n).await?;
        let round = Round { clients: n, transitions: count, seconds, baseline };
        eprintln!(
            "{n:>3} clients: {:.0} transitions/s, baseline {:.0} inserts/s, ratio {}",
            round.per_second(),
            round.baseline.per_second(),
            round.ratio()
        );
        rounds.push(round);
    }
    // Every transition left its events on an intact chain.
    let report = engine.verify_audit_trail(&Principal::system("bench"), None).await?;
    ensure!(report.ok(), "the audit trail does not verify after the benchmark: {:?}", report.first_break);
    Ok(rounds)
}
