//! `juece bench footprint`: what a deployment costs before it serves anything. It starts this very
//! binary as `juece serve` on a fresh data directory, several times, and measures the time until
//! `/readyz` answers 200 (connecting, migrating an empty SQLite file, creating the signing key and
//! seeding it included), the server's resident memory once it is ready and idle, and the size of
//! the binary; each server is stopped with SIGTERM, as a service manager stops it.

use super::reads::{split_response, vm_rss};
use anyhow::{Context, bail, ensure};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts measured: the first pays for cold file caches, so one start alone would say little.
const RUNS: usize = 5;
/// How often `/readyz` is asked while the server starts.
const POLL: Duration = Duration::from_millis(2);
/// How long a start may take before the benchmark gives up on it.
const START_LIMIT: Duration = Duration::from_secs(60);
/// How long the server idles after it is ready before its memory is read.
const SETTLE: Duration = Duration::from_secs(1);

const TARGET_START: Duration = Duration::from_secs(1);
const TARGET_RSS_KIB: u64 = 100 * 1024;

/// What the starts showed.
#[derive(Debug)]
pub struct Report {
    pub binary: PathBuf,
    pub binary_bytes: u64,
    /// Whether the binary was built with debug assertions (a debug build).
    pub debug_build: bool,
    /// Each start's time to ready, in order.
    pub starts: Vec<Duration>,
    /// Resident memory of each server once ready and idle, in KiB.
    pub rss_idle_kib: Vec<u64>,
}

/// Runs the starts; blocking work, off the runtime's threads.
pub async fn footprint() -> anyhow::Result<Report> {
    tokio::task::spawn_blocking(measure).await?
}

fn measure() -> anyhow::Result<Report> {
    let binary = std::env::current_exe().context("finding this binary")?;
    let binary_bytes = std::fs::metadata(&binary)?.len();
    let mut starts = Vec::with_capacity(RUNS);
    let mut rss_idle_kib = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let dir = std::env::temp_dir().join(format!("juece-bench-footprint-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        let outcome = start_once(&binary, &dir);
        if outcome.is_ok() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let (ready, rss) = outcome?;
        starts.push(ready);
        rss_idle_kib.push(rss);
    }
    Ok(Report { binary, binary_bytes, debug_build: cfg!(debug_assertions), starts, rss_idle_kib })
}

/// One start on an empty data directory: the time to ready and the idle memory.
fn start_once(binary: &Path, dir: &Path) -> anyhow::Result<(Duration, u64)> {
    let addr = free_port()?;
    let log = std::fs::File::create(dir.join("serve.log"))?;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(dir)
        // The server must start on its own empty SQLite file, whatever this shell configures.
        .env_remove("DATABASE_URL")
        .env_remove("JUECE_DATA_DIR")
        .env_remove("JUECE_SIGNING_KEY_FILE")
        .env_remove("JUECE_LISTEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .context("starting juece serve")?;
    let result = ready_and_idle(&mut child, addr, started);
    let stopped = stop(&mut child);
    let why = || std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default();
    let measured = result.with_context(|| format!("the server's log:\n{}", why()))?;
    stopped.with_context(|| format!("the server's log:\n{}", why()))?;
    Ok(measured)
}

fn ready_and_idle(child: &mut Child, addr: SocketAddr, started: Instant) -> anyhow::Result<(Duration, u64)> {
    let ready = loop {
        if readyz(addr) {
            break started.elapsed();
        }
        if let Some(status) = child.try_wait()? {
            bail!("juece serve exited before it was ready ({status})");
        }
        ensure!(started.elapsed() < START_LIMIT, "juece serve was not ready after {START_LIMIT:?}");
        std::thread::sleep(POLL);
    };
    std::thread::sleep(SETTLE);
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).context("reading the server's memory")?;
    let rss = vm_rss(&status).context("the server's status has no VmRSS")?;
    Ok((ready, rss))
}

/// Whether `/readyz` answers 200 now.
fn readyz(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(100)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    if s.write_all(format!("GET /readyz HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes()).is_err() {
        return false;
    }
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).is_ok() && matches!(split_response(&raw), Ok((200, _)))
}

/// An address on loopback that nothing listens on right now.
fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// SIGTERM, then waits for the server to finish; kills it if it outlives its grace period.
fn stop(child: &mut Child) -> anyhow::Result<()> {
    if child.try_wait()?.is_some() {
        bail!("juece serve exited by itself");
    }
    let sent = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait()? {
            ensure!(status.success(), "juece serve ended with {status} after SIGTERM");
            return Ok(());
        }
        if sent.as_ref().map_or(true, |s| !s.success()) || Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("juece serve did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let min = self.starts.iter().min().copied().unwrap_or_default();
        let median = median(self.starts.clone());
        let all: Vec<String> = self.starts.iter().map(|d| format!("{:.0}", d.as_secs_f64() * 1000.0)).collect();
        writeln!(
            f,
            "start-up to ready on an empty SQLite file (migrations, signing key, seed), {} runs: min {:.0} ms, \
             median {:.0} ms ({} ms); target < {} ms: {}",
            self.starts.len(),
            min.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1000.0,
            all.join(", "),
            TARGET_START.as_millis(),
            met(median < TARGET_START)
        )?;
        let rss = self.rss_idle_kib.iter().max().copied().unwrap_or_default();
        writeln!(
            f,
            "server RSS idle after ready: at most {:.1} MB; target < {} MB: {}",
            rss as f64 / 1024.0,
            TARGET_RSS_KIB / 1024,
            met(rss < TARGET_RSS_KIB)
        )?;
        write!(
            f,
            "binary {}: {:.1} MB, {} build",
            self.binary.display(),
            self.binary_bytes as f64 / 1e6,
            if self.debug_build { "debug" } else { "release" }
        )
    }
}
