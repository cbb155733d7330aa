//! Durable timers: each statutory clock is scheduled with the step that starts it, at the date the
//! rule gives; it closes as met when what it waits for is done in time, and fires exactly once,
//! as an audit event, when it is not — also with two engines, and two `juece serve` processes, on
//! one database. No sleeps: the tests move the engine's clock (the processes use the wall clock
//! and a comment period that ended before today).

use crate::decision::{People, at, draft, items_2022, ok, opinion};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use juece_core::authz::{Principal, Role};
use juece_core::calendar::end_of_day_shanghai;
use juece_core::deadlines::{TimerKind, TimerState, month_end, publication_due};
use juece_core::execution::{ProgressReport, TaskSpec};
use juece_engine::Engine;
use juece_engine::timers::{FiredReport, TimerRow};
use juece_store::repo::timers;
use juece_tests::{TestUser, World, code};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn utc(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, s).single().expect("valid instant")
}

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).expect("uuid")
}

async fn fire(w: &World, worker: &str) -> FiredReport {
    w.engine.fire_due_timers(worker, 10_000).await.expect("the scheduler runs")
}

async fn timers_of(w: &World, item: &str) -> Vec<TimerRow> {
    timers::of_item(w.db.store.db(), uuid(item)).await.expect("timers load")
}

/// The one timer of `kind` among `rows`.
fn only(rows: &[TimerRow], kind: TimerKind) -> TimerRow {
    let found: Vec<_> = rows.iter().filter(|t| t.kind == kind.as_str()).collect();
    assert_eq!(found.len(), 1, "one {kind} timer in {rows:#?}");
    found[0].clone()
}

fn state(t: &TimerRow) -> TimerState {
    TimerState::parse(&t.state).expect("timer state")
}

async fn count(w: &World, sql: &str) -> i64 {
    w.db.count(sql).await
}

async fn events_named(w: &World, event_type: &str) -> i64 {
    count(w, &format!("SELECT COUNT(*) FROM audit_events WHERE event_type = '{event_type}'")).await
}

/// The events on a stream, as juece itself reads them.
async fn stream(w: &World, id: Uuid) -> Vec<juece_engine::EventRow> {
    w.engine.events_of(&Principal::system("test"), id).await.expect("events load")
}

/// Every fired timer put exactly one event in the trail: a DeadlineReached on its own stream, a
/// TaskOverdue on its task's, a CommentPeriodEnded on its notice's.
async fn assert_fired_once(w: &World) {
    let fired = |kinds: &str| format!("SELECT COUNT(*) FROM timers WHERE state = 'FIRED' AND kind {kinds}");
    let own = count(w, &fired("NOT IN ('COMMENT_PERIOD_END', 'TASK_DUE', 'TASK_STAGE_DUE')")).await;
    assert_eq!(events_named(w, "DeadlineReached").await, own);
    assert_eq!(events_named(w, "TaskOverdue").await, count(w, &fired("IN ('TASK_DUE', 'TASK_STAGE_DUE')")).await);
    assert_eq!(events_named(w, "CommentPeriodEnded").await, count(w, &fired("= 'COMMENT_PERIOD_END'")).await);
    let twice = "SELECT COUNT(*) FROM (SELECT stream_id FROM audit_events WHERE event_type = 'DeadlineReached' \
                 GROUP BY stream_id HAVING COUNT(*) > 1) x";
    assert_eq!(count(w, twice).await, 0);
}

async fn trail_is_intact(w: &World) {
    let r = w.engine.verify_audit_trail(&Principal::system("test"), None).await.expect("verification runs");
    assert!(r.first_break.is_none(), "the audit trail is broken: {:?}", r.first_break);
}

const SUBMIT: &str = r#"mutation($i: SubmitCommentInput!) { submitComment(input: $i) { trackingNo seq } }"#;

async fn comment(w: &World, item: &str, body: &str) -> Value {
    let i = json!({ "itemId": item, "kind": "ANONYMOUS", "body": body });
    w.gql_as(&Principal::Anonymous, None, SUBMIT, json!({ "i": i })).await
}

fn refused_by(r: &Value) -> &str {
    assert_eq!(code(&r["errors"][0]), "PROCEDURE_VIOLATION", "{r}");
    r["errors"][0]["extensions"]["rule"].as_str().unwrap_or("<none>")
}

#[tokio::test]
async fn a_comment_period_ends_at_shanghai_midnight_and_is_closed_once() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let sponsor = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = crate::decision::open_for_comment(&w, &p, &sponsor, &items[0], &[]).await;

    // Opening the notice scheduled the end of its period: 24:00 Asia/Shanghai of its last day.
    let t = only(&timers_of(&w, &id).await, TimerKind::CommentPeriodEnd);
    assert_eq!((t.due_on, t.fires_at), (d(2026, 11, 24), utc(2026, 11, 24, 16, 0, 0)));
    assert_eq!((state(&t), t.unit.as_deref(), t.notice_id), (TimerState::Pending, Some("区教育体育局"), None));

    // 23:59:59 in Shanghai is still within the period.
    w.clock.set(utc(2026, 11, 24, 15, 59, 59));
    let r = comment(&w, &id, "建议在社区健身设施旁增设夜间照明。").await;
    assert!(r.get("errors").is_none(), "a comment in the last second is accepted: {r}");
    fire(&w, "worker-a").await;
    assert_eq!(state(&timers::by_id(w.db.store.db(), t.id).await.expect("load").expect("row")), TimerState::Pending);

    // 24:00: the period ends, once.
    w.clock.set(utc(2026, 11, 24, 16, 0, 0));
    assert!(fire(&w, "worker-a").await.fired >= 1);
    let t = timers::by_id(w.db.store.db(), t.id).await.expect("load").expect("row");
    assert_eq!(state(&t), TimerState::Fired);
    assert_eq!(t.fired_by.as_deref(), Some("worker-a"));
    assert_eq!((t.fired_at, t.closed_at), (Some(utc(2026, 11, 24, 16, 0, 0)), Some(utc(2026, 11, 24, 16, 0, 0))));
    assert_eq!(events_named(&w, "CommentPeriodEnded").await, 1);
    let notice_id = t.notice_id.expect("the timer names the notice it closed");
    let notice = juece_store::repo::comments::notice(w.db.store.db(), uuid(&id), 1).await.expect("load").expect("row");
    assert_eq!((notice.id, notice.closed_at), (notice_id, Some(utc(2026, 11, 24, 16, 0, 0))));
    // On the notice's own stream, after the comments it received, by juece's timer.
    let evs = stream(&w, notice_id).await;
    let types: Vec<_> = evs.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["CommentsReceived", "CommentPeriodEnded"]);
    let ended = &evs[1];
    assert_eq!((ended.actor_kind.as_str(), ended.actor_id.as_str()), ("SYSTEM", "timer"));
    assert_eq!(ended.rules, json!(["R-05-5"]));
    assert_eq!(ended.payload["timer_id"], json!(t.id));

    // Later comments are refused, and so is one from a process whose clock lags behind: the
    // notice is closed.
    w.clock.set(utc(2026, 11, 24, 16, 0, 1));
    assert_eq!(refused_by(&comment(&w, &id, "迟到的意见").await), "R-05-5");
    w.clock.set(utc(2026, 11, 24, 15, 59, 59));
    assert_eq!(refused_by(&comment(&w, &id, "时钟落后的服务器收到的意见").await), "R-05-5");

    // Firing again does nothing.
    w.clock.set(utc(2026, 11, 25, 9, 0, 0));
    assert_eq!(fire(&w, "worker-b").await, FiredReport::default());
    assert_eq!(events_named(&w, "CommentPeriodEnded").await, 1);
    trail_is_intact(&w).await;
}

/// Another pool on the same database, as another process would have.
async fn second_store(w: &World) -> juece_engine::Store {
    let url = database_url(w).await;
    juece_engine::Store::connect(&juece_engine::StoreConfig::new(url)).await.expect("second pool")
}

/// The URL of the test's database, for another pool or a `juece` process to open it.
pub(crate) async fn database_url(w: &World) -> String {
    let db = w.db.store.db();
    match w.db.backend {
        juece_tests::Backend::Sqlite => {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT file FROM pragma_database_list WHERE name = 'main'".to_owned(),
                ))
                .await
                .expect("pragma")
                .expect("row");
            let file: String = row.try_get_by_index(0).expect("file");
            format!("sqlite://{file}?mode=rwc")
        }
        juece_tests::Backend::Postgres => pg_url(w).await,
    }
}

/// The URL of the test's PostgreSQL database.
pub(crate) async fn pg_url(w: &World) -> String {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let db = w.db.store.db();
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT current_database()".to_owned()))
        .await
        .expect("query")
        .expect("row");
    let name: String = row.try_get_by_index(0).expect("name");
    let (base, query) = admin.split_once('?').map_or((admin.as_str(), None), |(b, q)| (b, Some(q)));
    let host_end = base.rfind('/').filter(|i| *i > base.find("://").map_or(0, |s| s + 2)).unwrap_or(base.len());
    format!("{}/{name}{}", &base[..host_end], query.map(|q| format!("?{q}")).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_engines_racing_fire_two_hundred_timers_once_each() {
    let w = World::seeded().await;
    // The seeded catalogue's plans are long past: settle them first.
    fire(&w, "warm-up").await;
    let before = events_named(&w, "DeadlineReached").await;
    let item = items_2022(&w).await[0]["id"].as_str().expect("id").to_owned();
    let row = juece_store::repo::items::by_id(w.db.store.db(), uuid(&item)).await.expect("load").expect("item");
    for n in 0..200 {
        let due = d(2026, 1, 1) + chrono::Days::new(n);
        let t = TimerRow {
            id: Uuid::now_v7(),
            timer_key: format!("RACE:{n}"),
            kind: TimerKind::PlannedCompletion.as_str().to_owned(),
            government_id: row.government_id,
            item_id: Some(row.id),
            catalogue_id: None,
            task_id: None,
            notice_id: None,
            unit: None,
            due_on: due,
            fires_at: end_of_day_shanghai(due),
            state: TimerState::Pending.as_str().to_owned(),
            fired_at: None,
            fired_by: None,
            closed_at: None,
            created_at: utc(2026, 1, 1, 0, 0, 0),
        };
        assert!(timers::schedule(w.db.store.db(), t).await.expect("scheduled"));
    }
    let engines = [w.engine.clone(), Engine::new(second_store(&w).await, w.clock.clone())];
    let mut tasks = Vec::new();
    for (e, engine) in engines.iter().enumerate() {
        for k in 0..4 {
            let engine = engine.clone();
            tasks.push(tokio::spawn(async move {
                let name = format!("engine-{e}/worker-{k}");
                let mut total = FiredReport::default();
                loop {
                    let r = engine.fire_due_timers(&name, 7).await.expect("a run");
                    total.fired += r.fired;
                    total.met += r.met;
                    total.errors += r.errors;
                    if r.fired + r.met + r.cancelled + r.errors == 0 {
                        break total;
                    }
                }
            }));
        }
    }
    let mut fired = 0;
    for t in tasks {
        let r = t.await.expect("worker");
        assert_eq!((r.errors, r.met), (0, 0), "{r:?}");
        fired += r.fired;
    }
    assert_eq!(fired, 200);
    assert_eq!(events_named(&w, "DeadlineReached").await - before, 200);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM timers WHERE timer_key LIKE 'RACE:%' AND state = 'FIRED'").await, 200);
    // Each timer's stream holds exactly one firing.
    let once = "SELECT COUNT(*) FROM timers t WHERE t.timer_key LIKE 'RACE:%' \
                AND (SELECT COUNT(*) FROM audit_events e WHERE e.stream_id = t.id) = 1";
    assert_eq!(count(&w, once).await, 200);
    trail_is_intact(&w).await;
}

/// The start of `open_for_comment` with the dates given: the item initiated, drafted, in
/// consultation with every region but participation skipped, and its comment notice open.
async fn open_notice(w: &World, p: &People, sponsor: &TestUser, item: &Value, opens: &str, closes: &str) -> String {
    at(w, 2026, 11, 20);
    let id = item["id"].as_str().expect("id").to_owned();
    let title = item["title"].as_str().expect("title");
    let unit = item["sponsor"]["name"].as_str().expect("sponsor");
    let start = json!({ "decidedOn": "2022-07-01", "leadSponsorId": item["sponsor"]["id"] });
    assert_eq!(ok(w, &p.head, "initiateItem", &id, start).await, "INITIATED");
    ok(w, sponsor, "startDrafting", &id, draft(title, "第一条 ……")).await;
    let skip = |r: &str, why: &str| {
        json!({ "region": r, "applies": false, "skip": { "determination": why, "basis": "《重大行政决策程序暂行条例》",
                "determinedBy": format!("{unit} 法规科 经办人"), "approvedBy": format!("{unit} 主要负责人"), "date": "2026-11-20" } })
    };
    let plan = json!([{ "region": "PARTICIPATION", "applies": true },
        skip("HEARING", "不直接涉及公民切身利益，各方无较大分歧"),
        skip("EXPERT_REVIEW", "专业性、技术性问题已在前期调研中研究论证"),
        skip("RISK_ASSESSMENT", "经初步研判不涉及社会稳定、公共安全等重大风险"),
        skip("FAIR_COMPETITION_REVIEW", "不涉及经营者经济活动"),
        skip("COORDINATION", "不涉及其他单位职责")]);
    assert_eq!(ok(w, sponsor, "openConsultation", &id, json!({ "regions": plan })).await, "CONSULTATION");
    let notice = json!({ "draftVersion": 1, "title": format!("关于公开征求《{title}（征求意见稿）》意见的公告"),
        "opensOn": opens, "closesOn": closes, "methods": ["电子邮件"],
        "channels": ["市中区人民政府门户网站重大行政决策意见征集专栏"], "contact": format!("{unit} 0531-00000000"),
        "shorteningReason": "情况紧急，征求意见期限缩短" });
    ok(w, sponsor, "openCommentNotice", &id, notice).await;
    id
}

/// The `juece` binary, built now so that it is the code under test (cargo releases its build lock
/// while tests run).
pub(crate) fn juece_binary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf();
    let out = std::process::Command::new(cargo)
        .args(["build", "--offline", "-p", "juece-server", "--bin", "juece", "--message-format=json"])
        .current_dir(root)
        .output()
        .expect("cargo build runs");
    assert!(out.status.success(), "cargo build failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "juece")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo names the juece executable")
}

/// Server processes of a test, killed (by their own handles) when it ends, pass or fail.
pub(crate) struct Servers(pub(crate) Vec<(std::process::Child, PathBuf)>);

impl Drop for Servers {
    fn drop(&mut self) {
        for (c, _) in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Servers {
    pub(crate) fn logs(&self) -> Vec<String> {
        self.0.iter().map(|(_, log)| std::fs::read_to_string(log).unwrap_or_default()).collect()
    }

    /// Starts `juece serve` on `database_url` (the embedded SQLite file of `data_dir` when `None`),
    /// on a port of its own choosing, with the deployment's signing key `key` and the further
    /// `flags`; its output goes to `log`.
    pub(crate) fn start(
        &mut self,
        exe: &Path,
        database_url: Option<&str>,
        data_dir: &Path,
        key: &Path,
        log: PathBuf,
        flags: &[&str],
    ) {
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let mut cmd = std::process::Command::new(exe);
        cmd.args(["serve", "--listen", "127.0.0.1:0"]).args(flags);
        if let Some(url) = database_url {
            cmd.arg("--database-url").arg(url);
        }
        let child = cmd
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--signing-key-file")
            .arg(key)
            .env("RUST_LOG", "info")
            .env_remove("DATABASE_URL")
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("juece serve starts");
        self.0.push((child, log));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_fire_a_passed_comment_period_once() {
    if !std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        eprintln!(
            "skipped: two `juece serve` processes on one database need PostgreSQL; \
             run with TEST_DATABASE_URL=postgres://… to include this test"
        );
        return;
    }
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let sponsor = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = open_notice(&w, &p, &sponsor, &items[0], "2026-11-20", "2026-11-22").await;
    let t = only(&timers_of(&w, &id).await, TimerKind::CommentPeriodEnd);
    // The period ended before today by the wall clock, which the processes use: they find it
    // due at start-up, as a server that was down across the deadline does.
    assert!(Utc::now() > t.fires_at, "the test needs a notice that ended before today");

    let exe = juece_binary();
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("audit-signing.key");
    std::fs::write(&key, format!("{}\n", "2a".repeat(32))).expect("key file");
    let url = pg_url(&w).await;
    let mut servers = Servers(Vec::new());
    for name in ["a", "b"] {
        let log = dir.path().join(format!("{name}.log"));
        let flags = ["--timer-interval-ms", "100", "--checkpoint-interval-secs", "0"];
        servers.start(&exe, Some(&url), &dir.path().join(name), &key, log, &flags);
    }
    let pids: Vec<u32> = servers.0.iter().map(|(c, _)| c.id()).collect();

    // Poll the database (and the logs), never a fixed sleep, for at most 30 seconds.
    let due_pending = "SELECT COUNT(*) FROM timers WHERE state = 'PENDING' AND fires_at <= now()";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let both_up = servers.logs().iter().all(|l| l.contains("timer scheduler started"));
        if both_up && count(&w, due_pending).await == 0 {
            break;
        }
        for (c, _) in &mut servers.0 {
            assert!(c.try_wait().expect("child").is_none(), "a server exited: {:#?}", servers.logs());
        }
        assert!(std::time::Instant::now() < deadline, "timers still pending after 30 s: {:#?}", servers.logs());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let logs = servers.logs();
    drop(servers);

    assert_eq!(events_named(&w, "CommentPeriodEnded").await, 1, "{logs:#?}");
    let t = timers::by_id(w.db.store.db(), t.id).await.expect("load").expect("row");
    assert_eq!(state(&t), TimerState::Fired);
    let by = t.fired_by.clone().expect("fired_by");
    let pid: u32 = by.split('/').nth(1).and_then(|s| s.parse().ok()).expect("fired_by names a process");
    assert!(pids.contains(&pid), "{by} is one of the servers {pids:?}");
    // Every other timer the seeded catalogue left due was fired once too, by one or the other.
    assert!(count(&w, "SELECT COUNT(*) FROM timers WHERE state = 'FIRED'").await > 1);
    assert_fired_once(&w).await;
    let workers = count(&w, "SELECT COUNT(DISTINCT fired_by) FROM timers WHERE state = 'FIRED'").await;
    eprintln!("the timers due were fired by {workers} of the 2 processes");
    trail_is_intact(&w).await;
}

/// From LEGALITY_REVIEWED to DECIDED on `day` (YYYY-MM-DD): the meeting with every member's
/// stance, the head last, and the head's signature.
async fn decide(w: &World, p: &People, id: &str, day: &str) {
    let agenda = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第21次常务会议", "meetingDate": day,
                         "sponsorReport": "承办单位关于履行决策程序情况的汇报" });
    assert_eq!(ok(w, &p.office, "scheduleMeeting", id, agenda).await, "READY_FOR_MEETING");
    let person = |name: &str, capacity: &str| json!({ "name": name, "capacity": capacity, "organisation": "济南市市中区人民政府" });
    let said = |name: &str| json!({ "speaker": name, "stance": "AGREE", "remarks": "同意" });
    let minutes = json!({ "meetingType": "EXECUTIVE", "session": "区政府2026年第21次常务会议", "heldOn": day,
        "attendees": [person("常务副区长", "MEMBER"), person("副区长甲", "MEMBER"), person("副区长乙", "MEMBER"), person("区长", "HEAD")],
        "speeches": [said("常务副区长"), said("副区长甲"), said("副区长乙"), said("区长")],
        "outcome": "APPROVE", "headReason": null, "attendeeOpinions": [], "recordedBy": "区政府办公室 会议记录人" });
    assert_eq!(ok(w, &p.office, "recordDiscussion", id, minutes).await, "DISCUSSED");
    let sign = json!({ "signedOn": day, "signedBy": "区长", "title": "决定", "text": "同意实施" });
    assert_eq!(ok(w, &p.head, "signDecision", id, sign).await, "DECIDED");
}

#[tokio::test]
async fn missed_deadlines_fire_once_with_their_rule() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let sponsor = w.user("370103", Some("区教育体育局"), &[Role::Sponsor]).await;
    let items = items_2022(&w).await;
    let id = crate::decision::to_legality(&w, &p, &sponsor, &items[0], &[]).await;
    let gov =
        juece_store::repo::items::by_id(w.db.store.db(), uuid(&id)).await.expect("load").expect("item").government_id;

    // T6 asked the opinion for 2026-12-04 (R-10-4); T2 filed the 2022 plan (R-18-2).
    let rows = timers_of(&w, &id).await;
    let legality = only(&rows, TimerKind::LegalityOpinionDue);
    assert_eq!((legality.due_on, state(&legality)), (d(2026, 12, 4), TimerState::Pending));
    assert_eq!(legality.unit.as_deref(), Some("区教育体育局"));
    let planned = only(&rows, TimerKind::PlannedCompletion);
    let plan_row = juece_store::repo::items::by_id(w.db.store.db(), uuid(&id)).await.expect("load").expect("item");
    let plan = juece_core::catalogue::YearMonth::parse(&plan_row.planned_completion).expect("a planned month");
    assert_eq!(planned.due_on, month_end(plan), "the planned month's last day");
    let upcoming = timers::pending_due_before(w.db.store.db(), gov, d(2026, 12, 31)).await.expect("list");
    assert!(upcoming.iter().any(|t| t.id == legality.id));

    // The last second of the requested day: not yet.
    w.clock.set(utc(2026, 12, 4, 15, 59, 59));
    fire(&w, "worker").await;
    let rows = timers_of(&w, &id).await;
    assert_eq!(state(&only(&rows, TimerKind::LegalityOpinionDue)), TimerState::Pending);
    // The undecided item is past its planned month (久拖不决): that one has fired.
    let planned = only(&rows, TimerKind::PlannedCompletion);
    assert_eq!(state(&planned), TimerState::Fired);
    let evs = stream(&w, planned.id).await;
    assert_eq!(evs.len(), 1);
    assert_eq!((evs[0].event_type.as_str(), evs[0].payload["rule"].as_str()), ("DeadlineReached", Some("R-18-2")));

    w.clock.set(utc(2026, 12, 4, 16, 0, 0));
    assert_eq!(fire(&w, "worker").await.fired, 1);
    let legality = only(&timers_of(&w, &id).await, TimerKind::LegalityOpinionDue);
    assert_eq!(state(&legality), TimerState::Fired);
    let evs = stream(&w, legality.id).await;
    assert_eq!(evs.len(), 1, "one firing on the timer's own stream");
    let e = &evs[0];
    assert_eq!((e.stream_type.as_str(), e.stream_seq, e.actor_id.as_str()), ("TIMER", 1, "timer"));
    assert_eq!(e.payload["kind"], "LEGALITY_OPINION_DUE");
    assert_eq!(e.payload["rule"], "R-10-4");
    assert_eq!(e.payload["due_on"], "2026-12-04");
    assert_eq!(e.payload["item_id"], json!(id));
    let open: Vec<Uuid> = timers::fired_open(w.db.store.db(), gov).await.expect("list").iter().map(|t| t.id).collect();
    assert!(open.contains(&legality.id) && open.contains(&planned.id), "{open:?}");

    // A late opinion: the timer stays fired (the trail keeps the lateness) but is no longer open.
    at(&w, 2026, 12, 7);
    let late = opinion("2026-12-07", "LEGAL", "COMPLIES", true);
    assert_eq!(ok(&w, &p.justice, "issueLegalityOpinion", &id, late).await, "LEGALITY_REVIEWED");
    let open: Vec<Uuid> = timers::fired_open(w.db.store.db(), gov).await.expect("list").iter().map(|t| t.id).collect();
    assert!(!open.contains(&legality.id) && open.contains(&planned.id), "{open:?}");

    // Decided on 2026-12-08: the plan is met at last, and R-13-2's 20 working days start.
    at(&w, 2026, 12, 8);
    decide(&w, &p, &id, "2026-12-08").await;
    let open: Vec<Uuid> = timers::fired_open(w.db.store.db(), gov).await.expect("list").iter().map(|t| t.id).collect();
    assert!(!open.contains(&planned.id), "a decided item is no longer overdue");
    let publication = only(&timers_of(&w, &id).await, TimerKind::PublicationDue);
    let due = publication_due(d(2026, 12, 8), 20).date;
    assert_eq!((publication.due_on, state(&publication)), (due, TimerState::Pending));
    w.clock.set(end_of_day_shanghai(due) - chrono::Duration::seconds(1));
    fire(&w, "worker").await;
    assert_eq!(state(&only(&timers_of(&w, &id).await, TimerKind::PublicationDue)), TimerState::Pending);
    w.clock.set(end_of_day_shanghai(due));
    assert_eq!(fire(&w, "worker").await.fired, 1);
    let publication = only(&timers_of(&w, &id).await, TimerKind::PublicationDue);
    assert_eq!(state(&publication), TimerState::Fired);
    let evs = stream(&w, publication.id).await;
    assert_eq!((evs.len(), evs[0].payload["rule"].as_str()), (1, Some("R-13-2")));

    // Nothing fires twice: one event per fired timer, and the trail holds.
    w.clock.set(utc(2027, 12, 31, 0, 0, 0));
    fire(&w, "worker").await;
    // The item's own deadlines each fired on a stream of their own (the comment period's end is
    // on its notice's stream).
    for t in timers_of(&w, &id).await.iter().filter(|t| t.kind != TimerKind::CommentPeriodEnd.as_str()) {
        assert_eq!((state(t), stream(&w, t.id).await.len()), (TimerState::Fired, 1), "{t:?}");
    }
    assert_fired_once(&w).await;
    trail_is_intact(&w).await;
}

#[tokio::test]
async fn deadlines_kept_in_time_close_as_met_without_an_event() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let (id, _) = crate::decision::executing(&w, &p, 1).await;
    let rows = timers_of(&w, &id).await;
    // The opinion came on 12-02 for 12-04, the decision signed on 12-04 was published on 12-08,
    // and a decided item has met its plan: each closed as met when it was done.
    for (kind, due) in [
        (TimerKind::LegalityOpinionDue, d(2026, 12, 4)),
        // R-13-2 from the real signing date; past the loaded calendar the date is provisional.
        (TimerKind::PublicationDue, publication_due(d(2026, 12, 4), 20).date),
    ] {
        let t = only(&rows, kind);
        assert_eq!((t.due_on, state(&t)), (due, TimerState::Met), "{kind}");
        assert!(t.closed_at.is_some() && t.fired_at.is_none() && t.fired_by.is_none(), "{t:?}");
    }
    // The deadline the publication recorded is the timer's.
    let published = crate::decision::artefact(&w, &p.head, &id, "PUBLICATION").await;
    assert_eq!(published["due_by"], json!(only(&rows, TimerKind::PublicationDue).due_on));
    assert_eq!(state(&only(&rows, TimerKind::PlannedCompletion)), TimerState::Met);
    assert_eq!(only(&rows, TimerKind::PlannedCompletion).unit.as_deref(), Some("区发展改革局"));

    // Long after every date, only the comment period (which the walk never fired) fires.
    w.clock.set(utc(2027, 12, 31, 0, 0, 0));
    fire(&w, "worker").await;
    let rows = timers_of(&w, &id).await;
    for t in &rows {
        let expected = if t.kind == TimerKind::CommentPeriodEnd.as_str() { TimerState::Fired } else { TimerState::Met };
        assert_eq!(state(t), expected, "{t:?}");
    }
    trail_is_intact(&w).await;
}

#[tokio::test]
async fn a_task_deadline_missed_marks_the_task_overdue_and_finishing_meets_the_rest() {
    let w = World::seeded().await;
    let p = People::of(&w).await;
    let (id, _) = crate::decision::executing(&w, &p, 0).await;
    let system = Principal::system("test");
    // From JSON, as the API takes it, so that fields added to a task later take their defaults.
    let spec: TaskSpec = serde_json::from_value(json!({
        "number": "1", "description": "完善全民健身设施管理台账",
        "leadUnits": ["区教育体育局"], "responsibleUnits": ["各街道办事处"],
        "deadlines": [{ "kind": "STAGED", "dueOn": "2027-03-31", "text": "2027年3月底前" },
                      { "kind": "FINAL", "dueOn": "2027-06-30", "text": "2027年6月底前" }] }))
    .expect("a task");
    let task = w.engine.assign_tasks(&system, uuid(&id), vec![spec]).await.expect("assigned").remove(0);
    let rows = timers::of_task(w.db.store.db(), task.id).await.expect("list");
    let kinds: Vec<(&str, NaiveDate, Option<&str>)> =
        rows.iter().map(|t| (t.kind.as_str(), t.due_on, t.unit.as_deref())).collect();
    assert_eq!(
        kinds,
        [("TASK_STAGE_DUE", d(2027, 3, 31), Some("区教育体育局")), ("TASK_DUE", d(2027, 6, 30), Some("区教育体育局"))]
    );

    // The staged result is late: the task's stream records it and the row is flagged.
    w.clock.set(utc(2027, 3, 31, 15, 59, 59));
    fire(&w, "worker").await;
    let rows = timers::of_task(w.db.store.db(), task.id).await.expect("list");
    assert_eq!(rows.iter().map(state).collect::<Vec<_>>(), [TimerState::Pending, TimerState::Pending]);
    w.clock.set(utc(2027, 3, 31, 16, 0, 0));
    fire(&w, "worker").await;
    let task = juece_store::repo::tasks::by_id(w.db.store.db(), task.id).await.expect("load").expect("task");
    assert!(task.overdue);
    let evs = stream(&w, task.id).await;
    let types: Vec<_> = evs.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["TaskAssigned", "TaskOverdue"]);
    assert_eq!(evs[1].payload["deadline"]["kind"], "STAGED");
    assert_eq!(i64::from(task.version), evs[1].stream_seq);

    // Finished in April: the final deadline is met, and never fires.
    let report =
        ProgressReport { reported_on: d(2027, 4, 1), percent: 100, summary: "台账已完善".into(), done: true };
    w.engine.report_progress(&system, task.id, task.version, report).await.expect("reported");
    let rows = timers::of_task(w.db.store.db(), task.id).await.expect("list");
    assert_eq!(rows.iter().map(state).collect::<Vec<_>>(), [TimerState::Fired, TimerState::Met]);
    w.clock.set(utc(2027, 7, 1, 2, 0, 0));
    fire(&w, "worker").await;
    let rows = timers::of_task(w.db.store.db(), task.id).await.expect("list");
    assert_eq!(rows.iter().map(state).collect::<Vec<_>>(), [TimerState::Fired, TimerState::Met]);
    assert_eq!(stream(&w, task.id).await.len(), 3, "assigned, overdue, reported");
    assert_fired_once(&w).await;
    trail_is_intact(&w).await;
}

#[tokio::test]
async fn the_catalogue_is_due_by_30_june_where_shandongs_rule_binds_its_year() {
    let w = World::seeded().await;
    // The 2022 catalogue predates the rule: it owes no deadline.
    let c = w.ok(r#"{ catalogue(governmentCode: "370103", year: 2022) { id } }"#, json!({})).await;
    let seeded = uuid(c["catalogue"]["id"].as_str().expect("id"));
    assert!(timers::of_catalogue(w.db.store.db(), seeded).await.expect("list").is_empty());

    // 2026: created in November, after its 30 June: due at once.
    let (cid, _) = crate::catalogue::catalogue_with(&w, &[("迟编目录的事项", "区发展改革局")]).await;
    let rows = timers::of_catalogue(w.db.store.db(), uuid(&cid)).await.expect("list");
    let t = only(&rows, TimerKind::CataloguePublicationDue);
    assert_eq!((t.due_on, t.fires_at), (d(2026, 6, 30), utc(2026, 6, 30, 16, 0, 0)));
    fire(&w, "worker").await;
    let evs = stream(&w, t.id).await;
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].payload["catalogue_id"], json!(cid));
    assert_eq!(evs[0].payload["rule"], "R-02-4");

    // 2027: published in March, so the deadline is met; its item's plan is watched from then on,
    // to the last day of the planned month (R-18-2).
    w.clock.set(utc(2027, 3, 1, 2, 0, 0));
    let c = w.ok(crate::catalogue::CREATE, json!({ "i": { "governmentCode": "370117", "year": 2027 } })).await;
    let cid = c["createCatalogue"]["id"].as_str().expect("id").to_owned();
    let sponsor = crate::catalogue::department(&w, "370117", "区发展改革局").await;
    let add = json!({ "i": { "catalogueId": cid, "title": "按期编制的事项", "sponsorId": sponsor, "category": "SD3_1", "plannedCompletion": "2027-09" } });
    let item = w.ok(crate::catalogue::ADD, add).await["addCatalogueItem"]["id"].as_str().expect("id").to_owned();
    assert!(timers_of(&w, &item).await.is_empty(), "a proposal owes nothing yet");
    w.engine
        .record_publication(
            &Principal::system("test"),
            juece_engine::PublicationInput {
                catalogue_id: uuid(&cid),
                document_number: "钢城政字〔2027〕1号".into(),
                published_on: d(2027, 3, 1),
                source: "测试".into(),
            },
        )
        .await
        .expect("published");
    let t = only(
        &timers::of_catalogue(w.db.store.db(), uuid(&cid)).await.expect("list"),
        TimerKind::CataloguePublicationDue,
    );
    assert_eq!((t.due_on, state(&t)), (d(2027, 6, 30), TimerState::Met));
    let planned = only(&timers_of(&w, &item).await, TimerKind::PlannedCompletion);
    assert_eq!((planned.due_on, planned.unit.as_deref()), (d(2027, 9, 30), Some("区发展改革局")));

    w.clock.set(utc(2027, 9, 30, 15, 59, 59));
    fire(&w, "worker").await;
    assert_eq!(state(&only(&timers_of(&w, &item).await, TimerKind::PlannedCompletion)), TimerState::Pending);
    w.clock.set(utc(2027, 9, 30, 16, 0, 0));
    fire(&w, "worker").await;
    let planned = only(&timers_of(&w, &item).await, TimerKind::PlannedCompletion);
    assert_eq!(state(&planned), TimerState::Fired);
    assert_eq!(stream(&w, planned.id).await[0].payload["rule"], "R-18-2");
    assert_fired_once(&w).await;
    trail_is_intact(&w).await;
}

#[tokio::test]
async fn a_failing_timer_is_logged_and_the_others_still_fire() {
    let w = World::seeded().await;
    fire(&w, "warm-up").await;
    let item = items_2022(&w).await[0]["id"].as_str().expect("id").to_owned();
    let row = juece_store::repo::items::by_id(w.db.store.db(), uuid(&item)).await.expect("load").expect("item");
    let timer = |key: &str, kind: &str| TimerRow {
        id: Uuid::now_v7(),
        timer_key: key.to_owned(),
        kind: kind.to_owned(),
        government_id: row.government_id,
        item_id: Some(row.id),
        catalogue_id: None,
        task_id: None,
        notice_id: None,
        unit: None,
        due_on: d(2026, 1, 31),
        fires_at: end_of_day_shanghai(d(2026, 1, 31)),
        state: TimerState::Pending.as_str().to_owned(),
        fired_at: None,
        fired_by: None,
        closed_at: None,
        created_at: utc(2026, 1, 1, 0, 0, 0),
    };
    // A row no juece wrote: a kind it does not know. It fails, stays pending, and does not stop
    // the run.
    let db = w.db.store.db();
    assert!(timers::schedule(db, timer("BROKEN:1", "NO_SUCH_KIND")).await.expect("scheduled"));
    assert!(timers::schedule(db, timer("GOOD:1", "PLANNED_COMPLETION")).await.expect("scheduled"));
    let r = fire(&w, "worker").await;
    assert_eq!((r.fired, r.errors), (1, 1));
    assert_eq!(timers::by_key(db, "BROKEN:1").await.expect("load").map(|t| t.state), Some("PENDING".to_owned()));
    assert_eq!(timers::by_key(db, "GOOD:1").await.expect("load").map(|t| t.state), Some("FIRED".to_owned()));
    // Scheduling the same key again is the same row.
    assert!(!timers::schedule(db, timer("GOOD:1", "PLANNED_COMPLETION")).await.expect("no-op"));
    assert_eq!(count(&w, "SELECT COUNT(*) FROM timers WHERE timer_key = 'GOOD:1'").await, 1);
}
