//! Faults, with the real `juece serve` processes over HTTP: three processes on one PostgreSQL
//! under a mixed random workload; a server killed with SIGKILL under write load and restarted; the
//! database going away and coming back; a full disk under SQLite. Afterwards every acknowledged
//! write is stored, every record stands where the fold of its events puts it, every hash chain
//! verifies and no timer fired twice; while a fault lasts, requests fail with a clear bilingual
//! error, never a 500 or the database's own text. Every wait polls against a deadline.

use crate::decision::draft;
use crate::timers::{Servers, juece_binary, pg_url};
use chrono::{DateTime, Duration as Days, Utc};
use juece_core::DomainEvent;
use juece_core::authz::{Principal, Role};
use juece_core::calendar::shanghai_date;
use juece_core::event::fold_item_state;
use juece_engine::Engine;
use juece_engine::timers::TimerRow;
use juece_store::entity::{audit_event, catalogue_item, comment, comment_notice, execution_task, timer};
use juece_store::repo::timers;
use juece_tests::{TestUser, World};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

/// The longest one request may take, a database outage included (the pool gives up after its
/// acquire timeout, 5 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a process may take to start listening and answer `/readyz`.
const START: Duration = Duration::from_secs(60);
/// How long a server may take to serve again once its database is back.
const RECOVERY: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// HTTP, GraphQL and the servers

/// A server's answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.0 exchange on a connection of its own, so that a server killed mid-load fails only
/// the requests in flight, each within `REQUEST_TIMEOUT`.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<Reply> {
    let exchange = async {
        let mut s = TcpStream::connect(addr).await?;
        let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).await?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let malformed =
            || std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not an HTTP answer: {text:?}"));
        let (head, body) = text.split_once("\r\n\r\n").ok_or_else(malformed)?;
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(malformed)?;
        Ok(Reply { status, head: head.to_owned(), body: body.to_owned() })
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in time")))
}

/// What a GraphQL request came to.
#[derive(Debug, Clone)]
enum Answer {
    /// The operation ran: its `data`.
    Done(Value),
    /// It was refused: the first error, whose code is checked to be a clear one.
    Refused(Value),
    /// No answer at all (the server was killed); whether it was applied is unknown.
    Lost,
}

/// Text of the database driver that must never reach a client.
const DATABASE_TEXT: [&str; 8] =
    ["sql", "postgres", "pool", "database error", "execution error", "query error", "connection error", "disk i/o"];

/// Asserts an error is one a person can act on: a known code, a message in Chinese and in
/// English, and nothing of the database's own text.
fn assert_clear(error: &Value) {
    let code = error["extensions"]["code"].as_str().unwrap_or("<no code>");
    assert!(
        ["CONFLICT", "PROCEDURE_VIOLATION", "UNAVAILABLE", "BAD_USER_INPUT", "NOT_FOUND"].contains(&code),
        "an unclear error: {error}"
    );
    let zh = error["extensions"]["messageZh"].as_str().unwrap_or("");
    let en = error["extensions"]["messageEn"].as_str().unwrap_or("");
    assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !en.is_empty(), "not bilingual: {error}");
    let text = error.to_string().to_lowercase();
    assert!(!DATABASE_TEXT.iter().any(|t| text.contains(t)), "database text reaches the client: {error}");
}

/// A GraphQL operation over HTTP as the holder of `token` (the public without one). A reply is
/// always a JSON body with HTTP 200, never a 500; an error in it is a clear one.
async fn graphql(addr: SocketAddr, token: Option<&str>, query: &str, variables: Value) -> Answer {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json"), ("Accept", "application/json")];
    if let Some(b) = &bearer {
        headers.push(("Authorization", b));
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    let Ok(r) = http(addr, "POST", "/graphql", &headers, &body).await else {
        return Answer::Lost;
    };
    assert_eq!(r.status, 200, "{query}: {r:?}");
    let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {r:?}"));
    match v.get("errors") {
        Some(errors) => {
            assert_clear(&errors[0]);
            Answer::Refused(errors[0].clone())
        }
        None => Answer::Done(v["data"].clone()),
    }
}

impl Answer {
    fn data(self) -> Option<Value> {
        if let Answer::Done(d) = self { Some(d) } else { None }
    }
}

fn code(e: &Value) -> String {
    e["extensions"]["code"].as_str().unwrap_or("<no code>").to_owned()
}

/// The address a server's log says it listens on.
fn listening(log: &str) -> Option<SocketAddr> {
    let from = log.rfind("GraphiQL at http://")? + "GraphiQL at http://".len();
    log[from..].split('/').next()?.parse().ok()
}

/// The `juece serve` processes of a test: the binary under test, a directory for their logs and
/// data, and the deployment's signing key they share (the one `World` verifies checkpoints with).
struct Fleet {
    exe: PathBuf,
    dir: tempfile::TempDir,
    key: PathBuf,
    servers: Servers,
}

impl Fleet {
    fn new() -> Fleet {
        let exe = juece_binary();
        let dir = tempfile::tempdir().expect("temp dir");
        let key = dir.path().join("audit-signing.key");
        std::fs::write(&key, format!("{}\n", "2a".repeat(32))).expect("key file");
        Fleet { exe, dir, key, servers: Servers(Vec::new()) }
    }

    /// Starts a process on `database_url`, or on the embedded database in `data_dir`; its number.
    /// Its scheduler runs every `timer_ms`, it signs a checkpoint every `checkpoint_secs` (0:
    /// never), and no rate limit holds: every client of the test is the one loopback address.
    fn start(
        &mut self,
        database_url: Option<&str>,
        data_dir: Option<&Path>,
        timer_ms: u64,
        checkpoint_secs: u64,
    ) -> usize {
        let n = self.servers.0.len();
        let data = data_dir.map_or_else(|| self.dir.path().join(n.to_string()), Path::to_owned);
        let (timer, checkpoint) = (timer_ms.to_string(), checkpoint_secs.to_string());
        let flags = [
            "--timer-interval-ms",
            &timer,
            "--checkpoint-interval-secs",
            &checkpoint,
            "--comments-per-minute",
            "0",
            "--public-requests-per-minute",
            "0",
        ];
        self.servers.start(&self.exe, database_url, &data, &self.key, self.dir.path().join(format!("{n}.log")), &flags);
        n
    }

    /// Waits until process `n` listens and is ready; its address.
    async fn ready(&mut self, n: usize) -> SocketAddr {
        let deadline = Instant::now() + START;
        loop {
            let log = &self.servers.logs()[n];
            if let Some(addr) = listening(log)
                && http(addr, "GET", "/readyz", &[], "").await.is_ok_and(|r| r.status == 200)
            {
                return addr;
            }
            assert!(self.servers.0[n].0.try_wait().expect("child").is_none(), "server {n} exited: {log}");
            assert!(Instant::now() < deadline, "server {n} not ready after {START:?}: {log}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs the `juece` command line with `args` on the database the processes ran on; its output.
    fn cli(&self, database_url: Option<&str>, data_dir: &Path, args: &[&str]) -> std::process::Output {
        let mut cmd = std::process::Command::new(&self.exe);
        cmd.args(args).arg("--data-dir").arg(data_dir).arg("--signing-key-file").arg(&self.key);
        if let Some(url) = database_url {
            cmd.arg("--database-url").arg(url);
        }
        cmd.env_remove("DATABASE_URL").output().expect("juece runs")
    }

    /// `juece audit verify` on the database exits 0.
    fn assert_verifies(&self, database_url: Option<&str>, data_dir: &Path) {
        let out = self.cli(database_url, data_dir, &["audit", "verify"]);
        assert!(out.status.success(), "juece audit verify: {}", String::from_utf8_lossy(&out.stdout));
    }

    /// Stops every process, after checking none of them panicked.
    fn stop(&mut self) {
        for log in self.servers.logs() {
            assert!(!log.contains("panicked"), "a server panicked: {log}");
        }
        for (c, _) in &mut self.servers.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Whether the test runs on PostgreSQL; on SQLite it says why it is skipped.
fn on_postgres(what: &str) -> bool {
    let pg = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    if !pg {
        eprintln!("skipped: {what} needs PostgreSQL; run with TEST_DATABASE_URL=postgres://… to include this test");
    }
    pg
}

/// What the workloads start from: a world with the whole seed (the catalogues, and the recorded
/// decisions with their tasks) written at the wall clock's time, which the processes keep; the
/// people who act; the two 2022 items of 市中区; and the executing decisions of 钢城区.
async fn setting() -> (World, Cast, Vec<Value>, Vec<Uuid>) {
    let w = World::new().await;
    w.clock.set(Utc::now());
    juece_seeds::load(&w.engine).await.expect("seed data loads");
    let cast = Cast::of(&w).await;
    let items = crate::decision::items_2022(&w).await;
    let decisions = executing(&w, "370117").await;
    assert!(decisions.len() >= 2, "the seed records 钢城区's decisions: {decisions:?}");
    (w, cast, items, decisions)
}

// ---------------------------------------------------------------------------------------------
// The workload

/// A small deterministic generator (SplitMix64): each client's choices are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Today in Shanghai, as the servers count dates, `days` on.
fn day(days: i64) -> String {
    (shanghai_date(Utc::now()) + Days::days(days)).to_string()
}

/// Every write the servers acknowledged, and how the others were refused.
#[derive(Debug, Default, Clone)]
struct Ledger {
    /// The tracking numbers of the comments receipted.
    comments: Vec<String>,
    /// The item steps acknowledged: the item, the version and the state it answered with.
    steps: Vec<(Uuid, i32, String)>,
    /// The progress reports acknowledged: the task, its version and the percent reported.
    reports: Vec<(Uuid, i32, i64)>,
    /// Refusals by code.
    refused: BTreeMap<String, usize>,
    /// Races won (the same write sent twice at one version, one of them taken, the other a conflict).
    races: usize,
    /// Requests that got no answer.
    lost: usize,
}

/// How a write is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Race {
    /// Once.
    No,
    /// Twice at once, the two copies being the record's only writers: one wins, and the other is
    /// told of the conflict.
    Alone,
    /// Twice at once while others write the record too (other clients, the timers): either may
    /// be beaten by a third, and is then refused for whatever that changed, but always clearly.
    Crowded,
}

/// The clients' view of the servers: where they are, what they acknowledged, when to stop, and
/// how often (in percent) a write is sent twice at once.
#[derive(Clone)]
struct Load {
    addrs: Arc<Vec<SocketAddr>>,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
    racing: u64,
}

fn uuid(v: &Value) -> Uuid {
    Uuid::parse_str(v.as_str().unwrap_or_default()).unwrap_or_else(|_| panic!("not an id: {v}"))
}

impl Load {
    fn new(addrs: Vec<SocketAddr>, racing: u64) -> Load {
        Load { addrs: Arc::new(addrs), ledger: Arc::default(), stop: Arc::default(), racing }
    }

    /// The same load's clients on other servers.
    fn on(&self, addrs: Vec<SocketAddr>) -> Load {
        Load { addrs: Arc::new(addrs), stop: Arc::default(), ..self.clone() }
    }

    /// Whether the next write races, and how.
    fn race(&self, rng: &mut Rng, kind: Race) -> Race {
        if rng.chance(self.racing) { kind } else { Race::No }
    }

    fn pick(&self, rng: &mut Rng) -> SocketAddr {
        self.addrs[rng.below(self.addrs.len())]
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn note(&self, a: &Answer) {
        let mut l = self.ledger.lock().expect("ledger");
        match a {
            Answer::Done(_) => {}
            Answer::Refused(e) => *l.refused.entry(code(e)).or_default() += 1,
            Answer::Lost => l.lost += 1,
        }
    }

    /// Sends one write, or in a race the same write to two servers at once (to the one server
    /// twice when there is only one): one of them wins at most. Returns the winner's data.
    async fn write(&self, rng: &mut Rng, race: Race, token: &str, query: &str, vars: Value) -> Option<Value> {
        let a = self.pick(rng);
        if race == Race::No {
            let r = graphql(a, Some(token), query, vars).await;
            self.note(&r);
            return r.data();
        }
        let b = if self.addrs.len() > 1 {
            self.addrs[(self.addrs.iter().position(|x| *x == a).unwrap_or(0) + 1) % self.addrs.len()]
        } else {
            a
        };
        let (x, y) = tokio::join!(graphql(a, Some(token), query, vars.clone()), graphql(b, Some(token), query, vars));
        self.note(&x);
        self.note(&y);
        let (won, lost): (Vec<_>, Vec<_>) = [x, y].into_iter().partition(|r| matches!(r, Answer::Done(_)));
        if lost.iter().any(|r| matches!(r, Answer::Lost)) {
            return won.into_iter().next().and_then(Answer::data);
        }
        assert!(won.len() <= 1, "one winner of a race at most: {won:?}");
        if race == Race::Alone {
            assert_eq!(won.len(), 1, "a race between the record's only writers has a winner: {lost:?}");
            let Some(Answer::Refused(e)) = lost.first() else { unreachable!("partitioned") };
            assert_eq!(code(e), "CONFLICT", "the loser of a race is told of the conflict: {e}");
        }
        self.ledger.lock().expect("ledger").races += won.len();
        won.into_iter().next().and_then(Answer::data)
    }

    /// A step on an item at the version it stands at; records it when acknowledged.
    async fn step(&self, rng: &mut Rng, race: Race, who: &str, name: &str, item: Uuid, input: Value) -> Option<String> {
        let q = "query($id: ID!) { item(id: $id) { version } }";
        let Answer::Done(d) = graphql(self.pick(rng), Some(who), q, json!({ "id": item })).await else {
            return None;
        };
        let mut i = input;
        i["itemId"] = json!(item);
        i["expectedVersion"] = d["item"]["version"].clone();
        let ty = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
        let q = format!("mutation($i: {ty}!) {{ {name}(input: $i) {{ state version }} }}");
        let done = self.write(rng, race, who, &q, json!({ "i": i })).await?;
        let (state, version) = (done[name]["state"].as_str().expect("state"), done[name]["version"].as_i64());
        let version = i32::try_from(version.expect("version")).expect("a version");
        self.ledger.lock().expect("ledger").steps.push((item, version, state.to_owned()));
        Some(state.to_owned())
    }

    /// The steps in order, each sent again while it is not taken (a server may be gone, or a
    /// third writer in the way), a few times at most; false when the load stopped first.
    async fn walk(&self, rng: &mut Rng, steps: &[Step]) -> bool {
        for (who, name, item, input) in steps {
            let mut tries = 0;
            loop {
                if self.stopped() {
                    return false;
                }
                let race = self.race(rng, Race::Alone);
                if self.step(rng, race, who, name, *item, input.clone()).await.is_some() {
                    break;
                }
                tries += 1;
                assert!(tries < 10, "{name} is not taken: {:?}", self.ledger);
            }
        }
        true
    }

    /// A comment on `item`, a third of them copies of a campaign text; records the receipt.
    async fn comment(&self, rng: &mut Rng, item: Uuid, n: usize, body_chars: usize) -> Answer {
        const CAMPAIGN: [&str; 3] = [
            "坚决支持本决策，建议尽快实施。",
            "建议在实施前进一步听取社区居民意见。",
            "希望增加夜间开放时间，方便上班族使用。",
        ];
        let body = if rng.chance(33) {
            CAMPAIGN[rng.below(CAMPAIGN.len())].to_owned()
        } else {
            let filler: String = "建议完善配套措施".chars().cycle().take(body_chars).collect();
            format!("第{n}条意见（{}）：{filler}", rng.next() % 1_000_000)
        };
        let q = "mutation($i: SubmitCommentInput!) { submitComment(input: $i) { trackingNo } }";
        let i = json!({ "itemId": item, "kind": "ANONYMOUS", "body": body });
        let r = graphql(self.pick(rng), None, q, json!({ "i": i })).await;
        self.note(&r);
        if let Answer::Done(d) = &r {
            let no = d["submitComment"]["trackingNo"].as_str().expect("a tracking number").to_owned();
            self.ledger.lock().expect("ledger").comments.push(no);
        }
        r
    }

    /// Suspends an executing decision or resumes a suspended one (T17, T18).
    async fn cycle(&self, rng: &mut Rng, head: &str, item: Uuid, n: usize) {
        let q = "query($id: ID!) { item(id: $id) { state } }";
        let Answer::Done(d) = graphql(self.pick(rng), Some(head), q, json!({ "id": item })).await else {
            return;
        };
        let race = self.race(rng, Race::Alone);
        if d["item"]["state"] == "SUSPENDED" {
            let resume = json!({ "resumedOn": day(0), "reason": "情况已经消除，恢复执行" });
            self.step(rng, race, head, "resumeExecution", item, resume).await;
        } else {
            let suspend = json!({ "decidedOn": day(0), "situation": "CIRCUMSTANCES_CHANGED",
                                  "facts": "上位政策调整，部分任务需重新论证", "urgency": "继续执行将造成难以挽回的损失",
                                  "document": format!("暂停执行决定〔2026〕{n}号") });
            self.step(rng, race, head, "suspendExecution", item, suspend).await;
        }
    }

    /// A progress report on an open task of one of `items`, a point further than the last one.
    async fn report(&self, rng: &mut Rng, executor: &str, items: &[Uuid]) {
        let item = items[rng.below(items.len())];
        let q = "query($id: ID!) { item(id: $id) { tasks { id version percent status } } }";
        let Answer::Done(d) = graphql(self.pick(rng), Some(executor), q, json!({ "id": item })).await else {
            return;
        };
        let open: Vec<&Value> = d["item"]["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .filter(|t| t["status"] != "DONE" && t["percent"].as_i64() < Some(99))
            .collect();
        if open.is_empty() {
            return;
        }
        let t = open[rng.below(open.len())];
        let percent = t["percent"].as_i64().expect("percent") + 1;
        let i = json!({ "taskId": t["id"], "expectedVersion": t["version"], "reportedOn": day(0), "percent": percent,
                        "summary": format!("已完成{percent}%"), "done": false });
        let q = "mutation($i: ReportTaskProgressInput!) { reportTaskProgress(input: $i) { id version percent } }";
        let race = self.race(rng, Race::Crowded);
        if let Some(d) = self.write(rng, race, executor, q, json!({ "i": i })).await {
            let r = &d["reportTaskProgress"];
            let version = i32::try_from(r["version"].as_i64().expect("version")).expect("a version");
            self.ledger.lock().expect("ledger").reports.push((uuid(&r["id"]), version, percent));
        }
    }
}

/// A step of an item: the token of who takes it, the mutation, the item and the rest of the input.
type Step = (String, &'static str, Uuid, Value);

/// The steps that take a 2022 item from the catalogue to a comment notice open from today: the
/// head's start decision (T3), the sponsor's draft (T4) and consultation (T5), with the regions
/// `applies` names open and the others skipped on the record, the notice, and the coordination
/// when it applies.
fn to_comment(item: &Value, head: &str, sponsor: &str, applies: &[&str]) -> Vec<Step> {
    let (head, sponsor) = (head.to_owned(), sponsor.to_owned());
    let id = uuid(&item["id"]);
    let title = item["title"].as_str().expect("title");
    let unit = item["sponsor"]["name"].as_str().expect("sponsor");
    let regions: Vec<Value> =
        ["PARTICIPATION", "HEARING", "EXPERT_REVIEW", "RISK_ASSESSMENT", "FAIR_COMPETITION_REVIEW", "COORDINATION"]
            .iter()
            .map(|r| match *r {
                "PARTICIPATION" => json!({ "region": r, "applies": true }),
                r if applies.contains(&r) => json!({ "region": r, "applies": true }),
                r => json!({ "region": r, "applies": false, "skip": {
                    "determination": "经研究，本事项不涉及该环节", "basis": "《山东省重大行政决策程序规定》",
                    "determinedBy": format!("{unit} 经办人"), "approvedBy": format!("{unit} 负责人"), "date": day(0) } }),
            })
            .collect();
    let notice = json!({ "draftVersion": 1, "title": format!("《{title}》公开征求意见公告"), "opensOn": day(0), "closesOn": day(2),
        "methods": ["网上留言"], "channels": ["区政府门户网站"], "contact": format!("{unit} 0531-12345678"),
        "shorteningReason": "年度工作安排紧迫，征求意见期限缩短" });
    let mut steps = vec![
        (head, "initiateItem", id, json!({ "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] })),
        (sponsor.clone(), "startDrafting", id, draft(title, "第一条 为规范管理，制定本办法。")),
        (sponsor.clone(), "openConsultation", id, json!({ "regions": regions })),
        (sponsor.clone(), "openCommentNotice", id, notice),
    ];
    if applies.contains(&"COORDINATION") {
        let units = json!([{ "unit": "区财政局", "view": "无不同意见", "agrees": true },
                           { "unit": "区住房城乡建设局", "view": "无不同意见", "agrees": true }]);
        steps.push((sponsor, "recordCoordination", id, json!({ "units": units })));
    }
    steps
}

// ---------------------------------------------------------------------------------------------
// What must hold afterwards

/// Every audit event, by stream, in stream order.
struct Trail(HashMap<Uuid, Vec<DomainEvent>>);

impl Trail {
    fn of(&self, id: Uuid) -> &[DomainEvent] {
        self.0.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// What must hold after any fault: every hash chain, document and checkpoint verifies; every
/// item, task and comment notice is where its events put it, at the version of its last event,
/// with no gap; each fired timer fired exactly once, and no other did. Returns the trail.
async fn assert_invariants(engine: &Engine) -> Trail {
    let report = engine.verify_audit_trail(&Principal::system("test"), None).await.expect("verification runs");
    assert!(report.ok(), "the audit trail is broken: {:?}", report.first_break);
    let db = engine.store().db();
    let rows = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::StreamId)
        .order_by_asc(audit_event::Column::StreamSeq)
        .all(db)
        .await
        .expect("events load");
    let mut streams: HashMap<Uuid, Vec<DomainEvent>> = HashMap::new();
    for r in rows {
        let s = streams.entry(r.stream_id).or_default();
        assert_eq!(r.stream_seq, s.len() as i64 + 1, "stream {} has a gap or a duplicate", r.stream_id);
        s.push(serde_json::from_value(r.payload).expect("a domain event"));
    }
    let trail = Trail(streams);

    for item in catalogue_item::Entity::find().all(db).await.expect("items load") {
        let evs = trail.of(item.id);
        assert_eq!(evs.len() as i32, item.version, "item {}: one event per version", item.id);
        let folded = fold_item_state(evs).map(|s| s.as_str());
        assert_eq!(folded, Some(item.state.as_str()), "item {}: its state is the fold of its events", item.id);
    }
    for task in execution_task::Entity::find().all(db).await.expect("tasks load") {
        let evs = trail.of(task.id);
        assert_eq!(evs.len() as i32, task.version, "task {}: one event per version", task.id);
        let last = evs.iter().rev().find_map(|e| match e {
            DomainEvent::TaskProgressReported { report, .. } => Some(i16::from(report.percent)),
            _ => None,
        });
        assert_eq!(last.unwrap_or(0), task.percent, "task {}: its percent is the last report's", task.id);
    }
    let stored = comment::Entity::find().all(db).await.expect("comments load");
    for notice in comment_notice::Entity::find().all(db).await.expect("notices load") {
        let evs = trail.of(notice.id);
        assert_eq!(evs.len() as i32, notice.version, "notice {}: one event per version", notice.id);
        let received: i64 =
            evs.iter().map(|e| if let DomainEvent::CommentsReceived { count, .. } = e { *count } else { 0 }).sum();
        let rows = stored.iter().filter(|c| c.notice_id == notice.id).count() as i64;
        assert_eq!((received, rows), (notice.comment_count, notice.comment_count), "notice {}", notice.id);
        // Nothing is received after the period's end in the notice's stream.
        let ended = evs.iter().position(|e| matches!(e, DomainEvent::CommentPeriodEnded { .. }));
        assert_eq!(ended.is_some(), notice.closed_at.is_some(), "notice {}: closed by its end event", notice.id);
        if let Some(at) = ended {
            assert!(
                !evs[at..].iter().any(|e| matches!(e, DomainEvent::CommentsReceived { .. })),
                "notice {}",
                notice.id
            );
        }
    }
    let mut firings: HashMap<Uuid, usize> = HashMap::new();
    for e in trail.0.values().flatten() {
        if let DomainEvent::DeadlineReached { timer_id, .. }
        | DomainEvent::TaskOverdue { timer_id, .. }
        | DomainEvent::CommentPeriodEnded { timer_id, .. } = e
        {
            *firings.entry(*timer_id).or_default() += 1;
        }
    }
    let all = timer::Entity::find().all(db).await.expect("timers load");
    for t in &all {
        let expected = usize::from(t.state == "FIRED");
        assert_eq!(
            firings.get(&t.id).copied().unwrap_or(0),
            expected,
            "timer {} ({}) fired once if at all",
            t.id,
            t.state
        );
    }
    let known: HashSet<Uuid> = all.iter().map(|t| t.id).collect();
    assert!(firings.keys().all(|id| known.contains(id)), "a firing names no timer");
    trail
}

impl std::fmt::Display for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} comments, {} steps and {} reports acknowledged, {} races won, {} requests unanswered, refusals {:?}",
            self.comments.len(),
            self.steps.len(),
            self.reports.len(),
            self.races,
            self.lost,
            self.refused
        )
    }
}

impl Ledger {
    /// Every acknowledged write is stored as it was acknowledged.
    async fn assert_stored(&self, engine: &Engine, trail: &Trail) {
        let db = engine.store().db();
        let stored: HashSet<String> =
            comment::Entity::find().all(db).await.expect("comments load").into_iter().map(|c| c.tracking_no).collect();
        for no in &self.comments {
            assert!(stored.contains(no), "the receipted comment {no} is stored");
        }
        for (item, version, state) in &self.steps {
            let evs = trail.of(*item);
            assert!(evs.len() >= *version as usize, "item {item} has its acknowledged version {version}");
            let folded = fold_item_state(&evs[..*version as usize]).map(|s| s.as_str().to_owned());
            assert_eq!(folded.as_ref(), Some(state), "item {item} stood in {state} at version {version}");
        }
        for (task, version, percent) in &self.reports {
            let e = trail.of(*task).get(*version as usize - 1);
            assert!(
                matches!(e, Some(DomainEvent::TaskProgressReported { report, .. }) if i64::from(report.percent) == *percent),
                "task {task} has the report acknowledged at version {version}: {e:?}"
            );
        }
    }
}

/// The ids of the executing decisions of `government` (recorded from the seed gazettes).
async fn executing(w: &World, government: &str) -> Vec<Uuid> {
    let gov = w.engine.governments().await.expect("governments").into_iter().find(|g| g.code == government);
    let gov = gov.expect("a seeded government");
    catalogue_item::Entity::find()
        .filter(catalogue_item::Column::GovernmentId.eq(gov.id))
        .filter(catalogue_item::Column::State.eq("EXECUTING"))
        .order_by_asc(catalogue_item::Column::CreatedAt)
        .all(w.db.store.db())
        .await
        .expect("items load")
        .into_iter()
        .map(|i| i.id)
        .collect()
}

/// A copy of `template` due at `fires_at` under a key of its own: another deadline of the same
/// subject, for the scheduler to fire while the load runs.
async fn schedule_copy(w: &World, template: &TimerRow, key: String, fires_at: DateTime<Utc>) {
    let t = TimerRow {
        id: Uuid::now_v7(),
        timer_key: key,
        fires_at,
        state: "PENDING".into(),
        fired_at: None,
        fired_by: None,
        closed_at: None,
        ..template.clone()
    };
    assert!(timers::schedule(w.db.store.db(), t).await.expect("scheduled"));
}

/// Brings the end of `item`'s comment period forward to `at`, so that it falls while comments
/// are still being sent.
async fn end_comment_period_at(db: &sea_orm::DatabaseConnection, item: Uuid, at: DateTime<Utc>) {
    let r = timer::Entity::update_many()
        .col_expr(timer::Column::FiresAt, Expr::value(at))
        .filter(timer::Column::Kind.eq("COMMENT_PERIOD_END"))
        .filter(timer::Column::ItemId.eq(item))
        .exec(db)
        .await
        .expect("timer moved");
    assert_eq!(r.rows_affected, 1, "the notice of {item} has its period's timer");
}

/// The users the workloads act as.
struct Cast {
    head: TestUser,
    sponsors: [TestUser; 2],
    gangcheng_head: TestUser,
    gangcheng_executor: TestUser,
}

impl Cast {
    async fn of(w: &World) -> Cast {
        Cast {
            head: w.user("370103", None, &[Role::Head]).await,
            sponsors: [
                w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await,
                w.user("370103", Some("区发展改革局"), &[Role::Sponsor]).await,
            ],
            gangcheng_head: w.user("370117", None, &[Role::Head]).await,
            gangcheng_executor: w.user("370117", Some("区发展改革局"), &[Role::Executor]).await,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Three processes, one PostgreSQL, a mixed random workload

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_processes_under_a_mixed_random_workload_keep_every_invariant() {
    if !on_postgres("three `juece serve` processes on one database") {
        return;
    }
    let (w, cast, items, decisions) = setting().await;

    let mut fleet = Fleet::new();
    let url = pg_url(&w).await;
    let started: Vec<usize> = (0..3).map(|_| fleet.start(Some(&url), None, 50, 1)).collect();
    let mut addrs = Vec::new();
    for n in started {
        addrs.push(fleet.ready(n).await);
    }

    // Deadlines falling due while the load runs: plans of the 2022 items, on streams of their
    // own, and task deadlines, whose firings race the executors' reports on the same task.
    let now = Utc::now();
    let plan = timers::of_item(w.db.store.db(), uuid(&items[0]["id"])).await.expect("timers");
    let plan = plan.iter().find(|t| t.kind == "PLANNED_COMPLETION").expect("the plan's timer").clone();
    let mut task_timers = Vec::new();
    for d in &decisions {
        for t in juece_store::repo::tasks::by_item(w.db.store.db(), *d).await.expect("tasks") {
            task_timers.extend(timers::of_task(w.db.store.db(), t.id).await.expect("timers"));
        }
    }
    assert!(!task_timers.is_empty(), "the seeded tasks have deadlines");
    for n in 0..60 {
        let at = now + Days::milliseconds(100 * n);
        schedule_copy(&w, &plan, format!("FAULTS:PLAN:{n}"), at).await;
        schedule_copy(&w, &task_timers[n as usize % task_timers.len()], format!("FAULTS:TASK:{n}"), at).await;
    }

    let load = Load::new(addrs.clone(), 50);
    let open: Arc<Mutex<Vec<Uuid>>> = Arc::default();
    let mut clients = tokio::task::JoinSet::new();
    // Two items walked to their comment notices, each step often raced from two processes; once
    // a notice is open its period is made to end a few seconds later, with comments still coming.
    for (n, applies) in [(0usize, &[][..]), (1, &["COORDINATION"][..])] {
        let (load, open, db) = (load.clone(), open.clone(), w.db.store.db().clone());
        let steps = to_comment(&items[n], &cast.head.token, &cast.sponsors[n].token, applies);
        clients.spawn(async move {
            let mut rng = Rng(10 + n as u64);
            let (to_notice, rest) = steps.split_at(4);
            if load.walk(&mut rng, to_notice).await {
                let id = to_notice[0].2;
                open.lock().expect("open").push(id);
                end_comment_period_at(&db, id, Utc::now() + Days::milliseconds(2500 + 1000 * n as i64)).await;
            }
            load.walk(&mut rng, rest).await;
        });
    }
    for k in 0..3u64 {
        let (load, open) = (load.clone(), open.clone());
        clients.spawn(async move {
            let mut rng = Rng(20 + k);
            let mut n = 0;
            while !load.stopped() {
                let targets = open.lock().expect("open").clone();
                if targets.is_empty() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
                n += 1;
                let item = targets[rng.below(targets.len())];
                if let Answer::Refused(e) = load.comment(&mut rng, item, n, 40).await {
                    assert_eq!(e["extensions"]["rule"], "R-05-5", "only the period's end refuses a comment: {e}");
                }
            }
        });
    }
    {
        let (load, head, cycled) = (load.clone(), cast.gangcheng_head.token.clone(), decisions[0]);
        clients.spawn(async move {
            let mut rng = Rng(30);
            let mut n = 0;
            while !load.stopped() {
                n += 1;
                load.cycle(&mut rng, &head, cycled, n).await;
            }
        });
    }
    for k in 0..2u64 {
        let (load, executor, decisions) = (load.clone(), cast.gangcheng_executor.token.clone(), decisions.clone());
        clients.spawn(async move {
            let mut rng = Rng(40 + k);
            while !load.stopped() {
                load.report(&mut rng, &executor, &decisions).await;
            }
        });
    }
    {
        let (load, ids) = (load.clone(), [uuid(&items[0]["id"]), uuid(&items[1]["id"])]);
        clients.spawn(async move {
            let mut rng = Rng(50);
            let q = "query($id: ID!) { publicItem(id: $id) { title category } openConsultations { __typename } }";
            while !load.stopped() {
                let r = graphql(load.pick(&mut rng), None, q, json!({ "id": ids[rng.below(2)] })).await;
                assert!(matches!(r, Answer::Done(_)), "a public read: {r:?}");
            }
        });
    }

    // The load runs for 8 seconds; every deadline scheduled above is due by then.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(8) {
        assert!(!clients.is_empty(), "the clients ended early");
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Some(done) = clients.try_join_next() {
            done.expect("a client");
        }
    }
    load.stop.store(true, Ordering::SeqCst);
    while let Some(done) = clients.join_next().await {
        done.expect("a client");
    }
    let due = || async {
        timer::Entity::find()
            .filter(timer::Column::State.eq("PENDING"))
            .filter(timer::Column::FiresAt.lte(Utc::now()))
            .all(w.db.store.db())
            .await
            .expect("timers load")
            .len()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while due().await > 0 {
        assert!(Instant::now() < deadline, "timers still due after 20 s: {:#?}", fleet.servers.logs());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    fleet.stop();

    let trail = assert_invariants(&w.engine).await;
    // A copy, so that no lock is held across the database reads below.
    let ledger = load.ledger.lock().expect("ledger").clone();
    ledger.assert_stored(&w.engine, &trail).await;
    assert_eq!(ledger.lost, 0, "every request was answered");
    let notices_closed = comment_notice::Entity::find()
        .filter(comment_notice::Column::ClosedAt.is_not_null())
        .all(w.db.store.db())
        .await
        .expect("notices")
        .len();
    assert_eq!(notices_closed, 2, "both periods ended while the comments came in");
    let fired = timer::Entity::find()
        .filter(timer::Column::TimerKey.starts_with("FAULTS:"))
        .filter(timer::Column::State.is_in(["FIRED", "MET"]))
        .all(w.db.store.db())
        .await
        .expect("timers");
    assert_eq!(fired.len(), 120, "every deadline scheduled during the load was settled");
    let by: HashSet<_> = fired.iter().filter_map(|t| t.fired_by.as_deref().and_then(|b| b.split('/').nth(1))).collect();
    eprintln!("{ledger}; the timers fired by {} of 3 processes", by.len());
    assert!(ledger.comments.len() >= 20 && ledger.reports.len() >= 5 && ledger.races >= 5, "{ledger:?}");
}

// ---------------------------------------------------------------------------------------------
// 2. SIGKILL under write load, and a restart

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_under_write_load_keeps_every_acknowledged_write() {
    let (w, cast, items, decisions) = setting().await;
    let url = crate::timers::database_url(&w).await;
    let mut fleet = Fleet::new();
    let n = fleet.start(Some(&url), None, 100, 0);
    let mut addr = fleet.ready(n).await;
    let item = uuid(&items[0]["id"]);
    let mut rng = Rng(60);
    let first = Load::new(vec![addr], 30);
    assert!(first.walk(&mut rng, &to_comment(&items[0], &cast.head.token, &cast.sponsors[0].token, &[])).await);
    let ledger = first.ledger.clone();

    for round in 0..3 {
        let load = first.on(vec![addr]);
        let mut clients = tokio::task::JoinSet::new();
        for k in 0..2u64 {
            let load = load.clone();
            clients.spawn(async move {
                let mut rng = Rng(100 * round + k);
                let mut n = 0;
                while !load.stopped() {
                    n += 1;
                    load.comment(&mut rng, item, n, 200).await;
                }
            });
        }
        let (cycler, head) = (load.clone(), cast.gangcheng_head.token.clone());
        let cycled = decisions[0];
        clients.spawn(async move {
            let mut rng = Rng(100 * round + 10);
            let mut n = 0;
            while !cycler.stopped() {
                n += 1;
                cycler.cycle(&mut rng, &head, cycled, 10 * round as usize + n).await;
            }
        });
        let (reporter, executor, reported) =
            (load.clone(), cast.gangcheng_executor.token.clone(), decisions[1..].to_vec());
        clients.spawn(async move {
            let mut rng = Rng(100 * round + 20);
            while !reporter.stopped() {
                reporter.report(&mut rng, &executor, &reported).await;
            }
        });

        // Killed at a moment of the load the seed picks, once some writes were acknowledged.
        let acked = |l: &Ledger| l.comments.len() + l.steps.len() + l.reports.len();
        let before = acked(&ledger.lock().expect("ledger"));
        let at = Duration::from_millis(300 + rng.below(900) as u64);
        let started = Instant::now();
        while started.elapsed() < at || acked(&ledger.lock().expect("ledger")) < before + 10 {
            assert!(started.elapsed() < Duration::from_secs(30), "too few writes acknowledged: {:?}", ledger);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let child = &mut fleet.servers.0[round as usize].0;
        child.kill().expect("SIGKILL");
        load.stop.store(true, Ordering::SeqCst);
        child.wait().expect("the killed server");
        while let Some(done) = clients.join_next().await {
            done.expect("a client");
        }
        let n = fleet.start(Some(&url), None, 100, 0);
        addr = fleet.ready(n).await;
    }

    // The restarted server takes writes again.
    let load = first.on(vec![addr]);
    assert!(matches!(load.comment(&mut rng, item, 0, 40).await, Answer::Done(_)), "a comment after the restart");
    let steps = ledger.lock().expect("ledger").steps.len();
    while ledger.lock().expect("ledger").steps.len() == steps {
        load.cycle(&mut rng, &cast.gangcheng_head.token, decisions[0], 99).await;
    }
    fleet.assert_verifies(Some(&url), fleet.dir.path());
    fleet.stop();

    let trail = assert_invariants(&w.engine).await;
    let ledger = ledger.lock().expect("ledger").clone();
    ledger.assert_stored(&w.engine, &trail).await;
    eprintln!("{ledger}, across 3 kills");
}

// ---------------------------------------------------------------------------------------------
// 3. The database going away and coming back

/// A TCP proxy in front of PostgreSQL with a switch: cut, it drops every connection it carries
/// and closes its port, as a database server that went down; restored, it listens on the same
/// port again.
struct Proxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    /// The accept loop and every link, under one lock with the generation, so that no link opens
    /// past a cut.
    links: Arc<Mutex<(u64, Vec<tokio::task::AbortHandle>)>>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port for the proxy");
        let p = Proxy { addr: listener.local_addr().expect("address"), upstream, links: Arc::default() };
        p.serve(listener);
        p
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let (links, upstream) = (self.links.clone(), self.upstream);
        let mut guard = self.links.lock().expect("proxy");
        let generation = guard.0;
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut guard = links.lock().expect("proxy");
                if guard.0 != generation {
                    break;
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                guard.1.push(link.abort_handle());
            }
        });
        guard.1.push(accept.abort_handle());
    }

    fn cut(&self) {
        let mut guard = self.links.lock().expect("proxy");
        guard.0 += 1;
        for link in guard.1.drain(..) {
            link.abort();
        }
    }

    async fn restore(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match tokio::net::TcpListener::bind(self.addr).await {
                Ok(l) => return self.serve(l),
                Err(e) => assert!(Instant::now() < deadline, "the proxy's port stays taken: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The PostgreSQL server `TEST_DATABASE_URL` names: its address, and its authority as the URL
/// writes it.
async fn postgres_server() -> (SocketAddr, String) {
    let url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let with_port = if host.contains(':') { host.to_owned() } else { format!("{host}:5432") };
    let addr = tokio::net::lookup_host(with_port).await.expect("the host resolves").next().expect("an address");
    (addr, host.to_owned())
}

const PUBLIC_READ: &str = "query($id: ID!) { publicItem(id: $id) { title category } openConsultations { __typename } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_going_away_fails_requests_clearly_and_the_server_recovers() {
    if !on_postgres("a proxy in front of the database server") {
        return;
    }
    let (w, cast, items, decisions) = setting().await;
    let (upstream, host) = postgres_server().await;
    let proxy = Proxy::start(upstream).await;
    let url = pg_url(&w).await.replacen(&host, &proxy.addr.to_string(), 1);
    let mut fleet = Fleet::new();
    let n = fleet.start(Some(&url), None, 200, 0);
    let addr = fleet.ready(n).await;
    let load = Load::new(vec![addr], 0);
    let mut rng = Rng(70);
    let item = uuid(&items[0]["id"]);
    assert!(load.walk(&mut rng, &to_comment(&items[0], &cast.head.token, &cast.sponsors[0].token, &[])).await);
    assert!(matches!(load.comment(&mut rng, item, 1, 40).await, Answer::Done(_)));

    // The database goes away: every kind of request fails, clearly, within seconds.
    proxy.cut();
    let started = Instant::now();
    let mut other = Rng(71);
    let item_page = format!("/item/{item}");
    let (readyz, read, comment, page) = tokio::join!(
        http(addr, "GET", "/readyz", &[], ""),
        graphql(addr, None, PUBLIC_READ, json!({ "id": item })),
        load.comment(&mut other, item, 2, 40),
        http(addr, "GET", &item_page, &[("Accept", "text/html")], ""),
    );
    let took = started.elapsed();
    let readyz = readyz.expect("/readyz answers");
    assert_eq!(readyz.status, 503, "{readyz:?}");
    let body: Value = serde_json::from_str(&readyz.body).expect("JSON");
    assert_eq!(body["database"], false, "{body}");
    for answer in [read, comment] {
        let Answer::Refused(e) = answer else {
            panic!("without its database a request is refused within {REQUEST_TIMEOUT:?}: {answer:?}")
        };
        assert_eq!(code(&e), "UNAVAILABLE", "{e}");
    }
    let page = page.expect("the portal answers");
    assert_eq!(page.status, 503, "{page:?}");
    assert!(page.head.to_lowercase().contains("retry-after: 30"), "{}", page.head);
    assert!(page.body.contains("数据库暂时无法连接") && page.body.contains("cannot be reached"), "{}", page.body);
    assert!(took < Duration::from_secs(10), "requests fail within seconds, they do not hang: {took:?}");

    // It comes back: the same process serves again, without a restart.
    proxy.restore().await;
    let back = Instant::now();
    while !http(addr, "GET", "/readyz", &[], "").await.is_ok_and(|r| r.status == 200) {
        assert!(back.elapsed() < RECOVERY, "not ready {RECOVERY:?} after the database came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = back.elapsed();
    assert!(matches!(graphql(addr, None, PUBLIC_READ, json!({ "id": item })).await, Answer::Done(_)));
    assert!(matches!(load.comment(&mut rng, item, 3, 40).await, Answer::Done(_)), "a comment after the outage");
    load.cycle(&mut rng, &cast.gangcheng_head.token, decisions[0], 1).await;
    assert!(fleet.servers.0[n].0.try_wait().expect("child").is_none(), "the server that lost its database runs");
    fleet.stop();

    let trail = assert_invariants(&w.engine).await;
    // A copy, so that no lock is held across the database reads below.
    let ledger = load.ledger.lock().expect("ledger").clone();
    assert_eq!(ledger.steps.len(), 5, "the walk and the suspension after the outage: {ledger:?}");
    ledger.assert_stored(&w.engine, &trail).await;
    eprintln!("without the database, requests failed in {took:?}; ready again {recovered:?} after it came back");
}

// ---------------------------------------------------------------------------------------------
// 4. A full disk under SQLite

/// A small file system of the test's own (tmpfs), unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts one of `size` at `at`; `None` where the test may not mount (not root, or a container
    /// without the capability).
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "juece-faults"])
            .arg(at)
            .output()
            .ok()?;
        out.status.success().then(|| Tmpfs(at.to_owned()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).output();
    }
}

/// Fills the file system `dir` is on with one file, to the last byte; the file.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write as _;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    for chunk in [1 << 20, 4096, 1] {
        let block = vec![0u8; chunk];
        loop {
            match f.write_all(&block).and_then(|()| f.sync_data()) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
    }
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_clearly_and_corrupts_nothing() {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        eprintln!(
            "skipped: the full disk is the embedded SQLite database's; run without TEST_DATABASE_URL to include it"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("data dir");
    // A file system of 32 MiB that the test fills: the kernel's own ENOSPC, which SQLite reports
    // as SQLITE_FULL, exactly as on a full disk. Mounting it needs root (CI runs as root).
    let Some(_tmpfs) = Tmpfs::mount(&data, "32m") else {
        eprintln!("skipped: a full disk is simulated on a small tmpfs, which only root may mount");
        return;
    };
    // The embedded default: juece creates, migrates and seeds the database on the small disk.
    let mut fleet = Fleet::new();
    let server = fleet.start(None, Some(&data), 200, 0);
    let addr = fleet.ready(server).await;
    let token = |user: &str| {
        let out = fleet.cli(None, &data, &["user", "token", user]);
        assert!(out.status.success(), "juece user token: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("a token").trim().to_owned()
    };
    let (head, sponsor) = (token("shizhong-head"), token("shizhong-sponsor"));
    let q = r#"{ catalogue(governmentCode: "370103", year: 2022) { items { id title sponsor { id name } } } }"#;
    let items = graphql(addr, Some(&head), q, json!({})).await.data().expect("the 2022 catalogue");
    let items = items["catalogue"]["items"].as_array().expect("items").clone();
    let item = uuid(&items[0]["id"]);
    let load = Load::new(vec![addr], 0);
    let mut rng = Rng(80);
    assert!(load.walk(&mut rng, &to_comment(&items[0], &head, &sponsor, &[])).await);
    for n in 0..5 {
        assert!(matches!(load.comment(&mut rng, item, n, 40).await, Answer::Done(_)));
    }

    // The disk fills up. A write may still fit into room SQLite's log already holds (the pages a
    // larger write that failed took); past that, each is refused, clearly, comments and steps.
    let filler = fill(&data);
    let unavailable = |load: &Load| load.ledger.lock().expect("ledger").refused.get("UNAVAILABLE").copied();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut n = 100;
    let refusal = loop {
        assert!(Instant::now() < deadline, "a full disk never refused a comment: {:?}", load.ledger);
        n += 1;
        match load.comment(&mut rng, item, n, 2000).await {
            Answer::Done(_) => {}
            Answer::Refused(e) => break e,
            Answer::Lost => panic!("the server died of a full disk: {}", fleet.servers.logs()[server]),
        }
    };
    assert_eq!(code(&refusal), "UNAVAILABLE", "{refusal}");
    assert!(refusal["message"].as_str().is_some_and(|m| m.contains("存储空间已满")), "{refusal}");
    let q = r#"{ items(filter: { governmentCode: "370103", states: [EXECUTING] }) { edges { node { id } } } }"#;
    let decisions = graphql(addr, Some(&head), q, json!({})).await.data().expect("the recorded decisions");
    let decision = uuid(&decisions["items"]["edges"][0]["node"]["id"]);
    let comments_refused = unavailable(&load);
    while unavailable(&load) == comments_refused {
        assert!(Instant::now() < deadline, "a full disk never refused a step: {:?}", load.ledger);
        n += 1;
        load.cycle(&mut rng, &head, decision, n).await;
    }
    // Reading needs no room: the public still sees the item.
    assert!(matches!(graphql(addr, None, PUBLIC_READ, json!({ "id": item })).await, Answer::Done(_)));

    // Room again: the same server writes again.
    std::fs::remove_file(&filler).expect("room again");
    let back = Instant::now();
    while !matches!(load.comment(&mut rng, item, 0, 40).await, Answer::Done(_)) {
        assert!(back.elapsed() < RECOVERY, "no write {RECOVERY:?} after the disk had room again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A step too; one the server answered while its pool still held a connection that had hit the
    // full disk may be refused, so it is sent again until the deadline.
    let steps = load.ledger.lock().expect("ledger").steps.len();
    while load.ledger.lock().expect("ledger").steps.len() == steps {
        let ledger = load.ledger.lock().expect("ledger").to_string();
        assert!(back.elapsed() < RECOVERY, "no step {RECOVERY:?} after the disk had room again: {ledger}");
        load.cycle(&mut rng, &head, decision, 0).await;
    }
    fleet.stop();

    // Nothing is corrupted: the file, the trail, the data before the fault and after it.
    let url = format!("sqlite://{}?mode=rw", data.join("juece.db").display());
    let store =
        juece_engine::Store::connect(&juece_engine::StoreConfig::new(url.clone())).await.expect("the file opens");
    let db = store.db();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "PRAGMA integrity_check"))
        .await
        .expect("integrity check")
        .expect("a row");
    assert_eq!(row.try_get_by_index::<String>(0).expect("text"), "ok");
    fleet.assert_verifies(Some(&url), &data);
    let engine =
        Engine::new(store, Arc::new(juece_engine::SystemClock)).with_signing_key(juece_tests::test_signing_key());
    let trail = assert_invariants(&engine).await;
    // A copy, so that no lock is held across the database reads below.
    let ledger = load.ledger.lock().expect("ledger").clone();
    ledger.assert_stored(&engine, &trail).await;
    // And nothing of the refused writes: the comments stored are exactly those receipted.
    let stored = comment::Entity::find().all(engine.store().db()).await.expect("comments").len();
    assert_eq!(stored, ledger.comments.len(), "the comments stored are the receipted ones");
    eprintln!("{ledger}, before, during and after the full disk");
}
