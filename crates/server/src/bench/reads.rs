//! `juece bench reads`: the public reads over HTTP on the day many people read them. It seeds an
//! empty database, opens comment notices on several real 2022 items of 市中区 (so that the
//! disclosure feed has entries) and publishes comments on the first one (so that its page lists
//! them), serves the real application in this process, and drives it with wrk: `{ __typename }`
//! over GraphQL as the baseline, then the disclosure feed and an item's page over GraphQL, and the
//! portal's HTML item page and Atom feed, each as a ratio to the baseline's requests per second.
//! It samples this process's resident memory idle and under the load.

use crate::config::ServeArgs;
use anyhow::{Context, bail, ensure};
use juece_core::authz::Principal;
use juece_core::comments::{CommentSubmission, SubmitterKind};
use juece_core::feedback::Moderation;
use juece_engine::Engine;
use juece_engine::comments::{CommentFilter, CommentInput};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Items whose comment notice the benchmark opens: each puts an entry on the disclosure feed.
const NOTICES: usize = 8;

/// Comments submitted on the item whose page is read, and then published: enough to fill the
/// page's first screen of comments, with duplicates among them so that groups show.
const COMMENTS: usize = 40;

/// The disclosure feed's first page, as a reader (or a feed aggregator) asks for it.
const FEED_QUERY: &str = "query { disclosureFeed(first: 20) { edges { cursor node { id kind governmentCode itemId \
    occurredAt titleZh titleEn payload } } pageInfo { hasNextPage endCursor } } }";

/// An item's page: what the portal's item page shows (the catalogue entry, the R-02-8 links, the
/// timeline, the published documents whole with their SHA-256, the consultation with its counts)
/// and the first page of published comments.
const ITEM_QUERY: &str = "query($id: ID!) { publicItem(id: $id) { id seq title governmentCode governmentName year \
    catalogueDocumentNumber sponsorName category plannedCompletion stage \
    timeline { step titleZh occurredAt rules documents { kind version } details { labelZh value } } \
    documents { kind version sha256 titleZh content } \
    links { kind labelZh available step document { kind version } } \
    consultation { noticeVersion title opensOn closesOn accepting methods channels contact shorteningReason \
    received published hidden pending duplicateGroups duplicateComments hiddenByReason { reason count } } } \
    publicComments(itemId: $id, first: 20) { edges { node { seq submitter body submittedAt groupSize groupId \
    adoption adoptionZh reason } } pageInfo { hasNextPage endCursor } } }";

/// One request the load generator repeats.
struct Scenario {
    name: &'static str,
    path: String,
    /// A GraphQL request's JSON body (POST); none for a page (GET).
    body: Option<String>,
}

/// What wrk measured for one scenario.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: &'static str,
    pub requests: u64,
    pub seconds: f64,
    pub p50_us: u64,
    pub p99_us: u64,
    /// Socket errors (connect, read, write, timeout) and responses that were not 200 or carried
    /// GraphQL errors.
    pub errors: u64,
    /// The size of one response body.
    pub bytes: usize,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// The whole run.
#[derive(Debug)]
pub struct Report {
    pub database: &'static str,
    pub connections: usize,
    pub seconds: u64,
    pub outcomes: Vec<Outcome>,
    /// Resident memory of this process (the server), in KiB: idle before the load, and the most
    /// sampled (every 100 ms) during it.
    pub rss_idle_kib: u64,
    pub rss_peak_kib: u64,
}

/// Scenarios whose target is a share of the baseline's requests per second.
const TARGET_RATIO: f64 = 0.5;
/// The 99th percentile latency they must stay under, in microseconds.
const TARGET_P99_US: u64 = 20_000;
/// Resident memory the server must stay under, in KiB.
const TARGET_RSS_KIB: u64 = 100 * 1024;

/// Runs the benchmark on an empty engine.
pub async fn reads(engine: Engine, connections: usize, seconds: u64) -> anyhow::Result<Report> {
    ensure!(connections > 0 && seconds > 0, "--connections and --seconds must be positive");
    let wrk = which("wrk").context("wrk is not installed: apt-get install wrk")?;
    let database = match engine.store().backend() {
        sea_orm::DbBackend::Postgres => "PostgreSQL",
        sea_orm::DbBackend::Sqlite => "SQLite",
        _ => "other",
    };
    juece_seeds::load(&engine).await.context("seeding")?;
    let item = prepare(&engine).await?;

    let serve = serve_args()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = crate::app(engine, &serve);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });

    let gql = |query: &str, variables: serde_json::Value| {
        Some(serde_json::json!({ "query": query, "variables": variables }).to_string())
    };
    let id = item.to_string();
    let scenarios = [
        Scenario {
            name: "{ __typename } (baseline)",
            path: "/graphql".into(),
            body: gql("{ __typename }", json_null()),
        },
        Scenario { name: "disclosure feed", path: "/graphql".into(), body: gql(FEED_QUERY, json_null()) },
        Scenario { name: "item page", path: "/graphql".into(), body: gql(ITEM_QUERY, serde_json::json!({ "id": id })) },
        Scenario { name: "portal: item page (HTML)", path: format!("/item/{id}"), body: None },
        Scenario { name: "portal: feed (Atom)", path: "/feed.atom".into(), body: None },
    ];

    // Each request is tried once first: a benchmark of an error page would measure nothing.
    let mut sizes = Vec::with_capacity(scenarios.len());
    for s in &scenarios {
        let (status, body) = request(addr, &s.path, s.body.as_deref()).await?;
        ensure!(status == 200, "{}: status {status}: {}", s.name, String::from_utf8_lossy(&body));
        if s.body.is_some() {
            let v: serde_json::Value = serde_json::from_slice(&body).context("a GraphQL answer that is not JSON")?;
            ensure!(v.get("errors").is_none(), "{}: {v}", s.name);
        }
        sizes.push(body.len());
    }
    let dir = tempdir()?;

    let rss_idle_kib = rss_kib().unwrap_or(0);
    let peak = Arc::new(AtomicU64::new(rss_idle_kib));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                if let Some(kib) = rss_kib() {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
            }
        })
    };

    let mut outcomes = Vec::with_capacity(scenarios.len());
    for (s, bytes) in scenarios.iter().zip(sizes) {
        let script = dir.join(format!("scenario-{}.lua", outcomes.len()));
        std::fs::write(&script, lua(s.body.as_deref()))?;
        let url = format!("http://{addr}{}", s.path);
        let (wrk, script2) = (wrk.clone(), script.clone());
        let out = tokio::task::spawn_blocking(move || run_wrk(&wrk, &script2, &url, connections, seconds)).await??;
        outcomes.push(parse(s.name, &out, bytes)?);
    }
    sampler.abort();
    let _ = stop.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Report { database, connections, seconds, outcomes, rss_idle_kib, rss_peak_kib: peak.load(Ordering::Relaxed) })
}

fn json_null() -> serde_json::Value {
    serde_json::Value::Null
}

/// The server's options as `juece serve` would take them by default, with the public rate limit
/// lifted: every request of the load comes from one address.
fn serve_args() -> anyhow::Result<ServeArgs> {
    #[derive(clap::Parser)]
    struct Serve {
        #[command(flatten)]
        serve: ServeArgs,
    }
    use clap::Parser as _;
    let args = ["juece", "--listen", "127.0.0.1:0", "--public-requests-per-minute", "0", "--comments-per-minute", "0"];
    Ok(Serve::try_parse_from(args)?.serve)
}

/// Opens comment notices on the first items of 市中区's 2022 catalogue and publishes comments on
/// the first; returns that item, whose page is read.
async fn prepare(engine: &Engine) -> anyhow::Result<uuid::Uuid> {
    let system = Principal::system("bench");
    let catalogue =
        engine.catalogue(&system, "370103", 2022).await?.context("the seeded 2022 catalogue of 370103 is missing")?;
    let mut items = engine.items_of(&system, catalogue.id).await?;
    items.sort_by_key(|i| i.seq);
    ensure!(!items.is_empty(), "the seeded 2022 catalogue of 370103 has no items");
    for item in items.iter().take(NOTICES) {
        super::open_comment_notice(engine, item).await?;
    }
    let item = items[0].id;
    for i in 0..COMMENTS {
        // Every fourth comment repeats an earlier one, as campaigns do.
        let body = if i % 4 == 3 {
            format!("建议第{}条：增加社区康复服务站的覆盖范围，并公开建设进度。", i - 3)
        } else {
            format!("建议第{i}条：增加社区康复服务站的覆盖范围，并公开建设进度。")
        };
        let submission = CommentSubmission {
            kind: if i % 2 == 0 { SubmitterKind::Individual } else { SubmitterKind::Anonymous },
            name: (i % 2 == 0).then(|| format!("市民{i}")),
            organisation: None,
            contact: Some("13900000000".into()),
            body,
        };
        engine.submit_comment(None, CommentInput { item_id: item, submission }).await?;
    }
    let (rows, _) = engine.comments_page(&system, item, CommentFilter::default(), None, 1000).await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|c| c.id).collect();
    engine.moderate_comments(&system, item, &ids, &[], Moderation::Published, None).await?;
    // A signed checkpoint is on every organ's feed, as the running server signs them.
    engine.sign_checkpoint(&system, false).await?;
    Ok(item)
}

/// wrk's script: the request, a check of every response (status 200 and, for GraphQL, no
/// `errors`), and one line of results in microseconds, which `parse` reads.
fn lua(body: Option<&str>) -> String {
    let request = match body {
        Some(b) => format!(
            "wrk.method = \"POST\"\nwrk.body = [==[{b}]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
        ),
        None => "wrk.method = \"GET\"\n".to_owned(),
    };
    let graphql = if body.is_some() { "true" } else { "false" };
    format!(
        r#"{request}
local graphql = {graphql}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or (graphql and string.find(body, '"errors":[', 1, true)) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("bad") end
  local e = summary.errors
  io.write(string.format("JUECE requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d bad=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, n))
end
"#
    )
}

fn run_wrk(wrk: &Path, script: &Path, url: &str, connections: usize, seconds: u64) -> anyhow::Result<String> {
    // Two cores are shared by the server and wrk: one wrk thread keeps 64 connections busy and
    // leaves the server most of the machine.
    let threads = 1;
    let out = std::process::Command::new(wrk)
        .arg("--latency")
        .arg(format!("--threads={threads}"))
        .arg(format!("--connections={connections}"))
        .arg(format!("--duration={seconds}s"))
        .arg("--timeout=5s")
        .arg("--script")
        .arg(script)
        .arg(url)
        .output()
        .context("running wrk")?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure!(out.status.success(), "wrk failed: {}{}", stdout, String::from_utf8_lossy(&out.stderr));
    Ok(stdout)
}

/// Reads the script's result line out of wrk's output.
fn parse(name: &'static str, out: &str, bytes: usize) -> anyhow::Result<Outcome> {
    let line = out.lines().find(|l| l.starts_with("JUECE ")).with_context(|| format!("no result from wrk: {out}"))?;
    let field = |key: &str| -> anyhow::Result<u64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .with_context(|| format!("wrk's result lacks {key}: {line}"))?
            .parse()
            .with_context(|| format!("wrk's {key}: {line}"))
    };
    let duration = field("duration_us")?;
    ensure!(duration > 0, "wrk ran for no time: {line}");
    Ok(Outcome {
        name,
        requests: field("requests")?,
        seconds: duration as f64 / 1e6,
        p50_us: field("p50_us")?,
        p99_us: field("p99_us")?,
        errors: field("socket_errors")? + field("bad")?,
        bytes,
    })
}

/// A program on `PATH`.
fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(program)).find(|p| p.is_file())
}

/// A fresh directory for the scripts.
fn tempdir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("juece-bench-reads-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// This process's resident memory, in KiB.
fn rss_kib() -> Option<u64> {
    vm_rss(&std::fs::read_to_string("/proc/self/status").ok()?)
}

/// `VmRSS` of a `/proc/<pid>/status`, in KiB.
pub(crate) fn vm_rss(status: &str) -> Option<u64> {
    status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.trim().strip_suffix("kB")?.trim().parse().ok()
}

/// One request over a fresh connection (HTTP/1.0, so the answer ends when the connection does):
/// a POST of a JSON body, or a GET. Returns the status and the body.
pub(crate) async fn request(addr: SocketAddr, path: &str, body: Option<&str>) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let head = match body {
        Some(b) => format!(
            "POST {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            b.len()
        ),
        None => format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n"),
    };
    stream.write_all(head.as_bytes()).await?;
    if let Some(b) = body {
        stream.write_all(b.as_bytes()).await?;
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    split_response(&raw)
}

/// The status and body of a raw HTTP/1.x response.
pub(crate) fn split_response(raw: &[u8]) -> anyhow::Result<(u16, Vec<u8>)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").context("a response without a header end")?;
    let head = std::str::from_utf8(&raw[..end])?;
    let status = head.split_whitespace().nth(1).context("a response without a status")?.parse()?;
    Ok((status, raw[end + 4..].to_vec()))
}

impl Report {
    fn baseline(&self) -> f64 {
        self.outcomes.first().map_or(0.0, Outcome::per_second)
    }

    /// Fails when any request failed: a run with errors measured something else.
    pub fn check(&self) -> anyhow::Result<()> {
        for o in &self.outcomes {
            if o.errors > 0 {
                bail!("{}: {} of {} requests failed", o.name, o.errors, o.requests);
            }
        }
        Ok(())
    }

    /// Whether each target is met, in words.
    fn targets(&self) -> Vec<(String, bool)> {
        let base = self.baseline();
        let mut out = Vec::new();
        for o in self.outcomes.iter().skip(1) {
            let ratio = o.per_second() / base;
            out.push((format!("{}: ≥ {TARGET_RATIO} of the baseline ({ratio:.2})", o.name), ratio >= TARGET_RATIO));
            out.push((
                format!("{}: p99 < {} ms ({:.1} ms)", o.name, TARGET_P99_US / 1000, o.p99_us as f64 / 1000.0),
                o.p99_us < TARGET_P99_US,
            ));
        }
        out.push((
            format!(
                "server RSS under load < {} MB ({:.1} MB)",
                TARGET_RSS_KIB / 1024,
                self.rss_peak_kib as f64 / 1024.0
            ),
            self.rss_peak_kib < TARGET_RSS_KIB,
        ));
        out
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}, {} connections, {} s per scenario", self.database, self.connections, self.seconds)?;
        writeln!(
            f,
            "{:<28} {:>9} {:>9} {:>9} {:>7} {:>8} {:>7}",
            "scenario", "req/s", "p50 ms", "p99 ms", "ratio", "bytes", "errors"
        )?;
        let base = self.baseline();
        for o in &self.outcomes {
            writeln!(
                f,
                "{:<28} {:>9.0} {:>9.2} {:>9.2} {:>7.2} {:>8} {:>7}",
                o.name,
                o.per_second(),
                o.p50_us as f64 / 1000.0,
                o.p99_us as f64 / 1000.0,
                o.per_second() / base,
                o.bytes,
                o.errors
            )?;
        }
        writeln!(
            f,
            "server RSS: idle {:.1} MB, peak under load {:.1} MB",
            self.rss_idle_kib as f64 / 1024.0,
            self.rss_peak_kib as f64 / 1024.0
        )?;
        let targets = self.targets();
        for (i, (what, met)) in targets.iter().enumerate() {
            let end = if i + 1 == targets.len() { "" } else { "\n" };
            write!(f, "target {what}: {}{end}", if *met { "met" } else { "MISSED" })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_result_line() {
        let out =
            "Running 1s test\nJUECE requests=1200 duration_us=1000000 p50_us=800 p99_us=4100 socket_errors=0 bad=2\n";
        let o = parse("x", out, 10).expect("parsed");
        assert_eq!((o.requests, o.p50_us, o.p99_us, o.errors), (1200, 800, 4100, 2));
        assert!((o.per_second() - 1200.0).abs() < 1e-9);
        assert!(parse("x", "Running 1s test\n", 10).is_err());
    }

    #[test]
    fn reads_resident_memory_and_responses() {
        assert_eq!(vm_rss("Name:\tjuece\nVmRSS:\t   33736 kB\nVmData:\t1 kB\n"), Some(33736));
        let (status, body) = split_response(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").expect("split");
        assert_eq!((status, body.as_slice()), (200, b"ok".as_slice()));
    }
}
