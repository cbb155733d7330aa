//! Command-line interface and configuration: one `Cli`, with environment fallbacks, parsed once in
//! `main`; the other crates receive plain values.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// juece (决策): the major administrative decision procedure engine.
#[derive(Debug, Parser)]
#[command(name = "juece", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,

    /// Log output: human-readable lines or one JSON object per line.
    #[arg(long, global = true, env = "JUECE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is. Every subcommand that touches it takes these.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: postgres://user@host/db, or sqlite://path. Without it, juece uses the
    /// embedded SQLite file juece.db in --data-dir.
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the embedded database and other local state.
    #[arg(long, global = true, env = "JUECE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Database connections in the pool.
    #[arg(long, global = true, env = "JUECE_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,

    /// File holding the deployment's Ed25519 signing key (hex of its 32-byte seed), which signs
    /// audit checkpoints and dossiers. Created on first start if it does not exist. Several juece
    /// processes on one database must share it.
    #[arg(long, global = true, env = "JUECE_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,

    /// Milliseconds a SQLite writer waits for the write lock before reporting a conflict.
    #[arg(long, global = true, env = "JUECE_DB_BUSY_TIMEOUT_MS", default_value_t = 5000)]
    pub db_busy_timeout_ms: u64,
}

impl DbArgs {
    /// Where the signing key lives: as configured, or `audit-signing.key` in the data directory.
    pub fn signing_key_path(&self) -> PathBuf {
        self.signing_key_file.clone().unwrap_or_else(|| self.data_dir.join("audit-signing.key"))
    }

    /// The database URL to use, and whether it is the embedded default.
    pub fn resolve(&self) -> std::io::Result<(String, bool)> {
        match &self.database_url {
            Some(url) => Ok((url.clone(), false)),
            None => {
                std::fs::create_dir_all(&self.data_dir)?;
                let path = self.data_dir.join("juece.db");
                Ok((format!("sqlite://{}?mode=rwc", path.display()), true))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve GraphQL (/graphql, /graphql/ws), GraphiQL (/graphiql) and health checks.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the seed data (decision organs, departments, the 2022 catalogue); loading twice changes nothing.
    Seed,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Manage users on the server's own machine (the first admin is created here, never over the network).
    #[command(subcommand)]
    User(UserCommand),
    /// Check the tamper-evident audit trail and sign checkpoints of it (R-18-4).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Export an item's decision dossier, or check one offline (归档, R-14-1).
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Measure juece on this machine (use an empty database: the benchmark seeds it).
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// A mass comment campaign on one open notice: comments/s, receipts, comments stored and
    /// duplicate groups found.
    Comments {
        /// Comments to submit.
        #[arg(long, default_value_t = 200_000)]
        count: u64,
        /// Share of the comments that copy a campaign text, verbatim or nearly.
        #[arg(long, default_value_t = 0.3)]
        duplicates: f64,
        /// Submitters waiting for their receipts at once.
        #[arg(long, default_value_t = 512)]
        concurrency: usize,
    },
    /// Procedure transitions per second (guards, audit events, hash chain) at each number of
    /// clients, against plain single-row insert transactions on the same database.
    Transitions {
        /// Numbers of concurrent clients, each measured in turn.
        #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
        clients: Vec<usize>,
        /// Transitions in each measurement (and inserts in its baseline).
        #[arg(long, default_value_t = 6000)]
        transitions: usize,
    },
    /// Events verified per second over an audit trail of the given length.
    Audit {
        /// Events in the trail.
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
    },
    /// Public reads over HTTP (the disclosure feed, an item page) against `{ __typename }` on the
    /// same server, with a load generator (wrk); and the server's memory under that load.
    Reads {
        /// Open connections.
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// Seconds each scenario runs.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Start-up to ready on an empty SQLite file (migrations and seed included), idle memory and
    /// the size of this binary.
    Footprint,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify every hash chain, document and signed checkpoint (or one item's); exits with 1 at
    /// the first break, which it prints.
    Verify {
        /// Verify only this item's trail.
        #[arg(long)]
        item: Option<uuid::Uuid>,
    },
    /// Sign a checkpoint over every record's head now, and print it.
    Checkpoint,
    /// Print the deployment's public key, which checkpoints and dossiers verify under.
    PublicKey,
}

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// Write an item's dossier: its events, documents, procedure statement and signed checkpoint,
    /// in one signed zip file.
    Export {
        /// The item.
        #[arg(long)]
        item: uuid::Uuid,
        /// Where to write the zip; defaults to the dossier's own name in the current directory.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check a dossier offline, without the database; exits with 1 and the reason if it fails.
    Verify {
        /// The dossier's zip file.
        file: PathBuf,
        /// The deployment's public key (hex), as it publishes it; without it, the dossier is
        /// checked against the key it names itself.
        #[arg(long)]
        public_key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user and print its first bearer token (shown only this once).
    Add(UserAddArgs),
    /// Print a new bearer token for an existing user.
    Token {
        /// The user's username.
        username: String,
    },
    /// Revoke a user: every token of theirs is refused from the next request on.
    Revoke {
        /// The user's username.
        username: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// The decision organ, by administrative division code (e.g. 370103).
    #[arg(long)]
    pub org: String,
    /// The department within it, as its department list names it (e.g. 区教育体育局); omit for
    /// the government itself.
    #[arg(long)]
    pub department: Option<String>,
    /// A role (repeat for several): GOV_OFFICE, JUSTICE, SPONSOR, HEAD, MEETING_MEMBER, EXPERT,
    /// MARKET_REGULATOR, EXECUTOR, EVALUATOR, AUDITOR, ADMIN.
    #[arg(long = "role", required = true)]
    pub roles: Vec<String>,
    /// The person's name.
    #[arg(long)]
    pub name: String,
    /// Login name; defaults to `<org>-<first role>`, numbered if taken.
    #[arg(long)]
    pub username: Option<String>,
    /// Read a password (at least 12 characters) from standard input, for `login`.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "JUECE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "JUECE_MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,

    /// Deepest selection nesting a query may have.
    #[arg(long, env = "JUECE_MAX_QUERY_DEPTH", default_value_t = 15)]
    pub max_query_depth: usize,

    /// Highest complexity a query may have (list fields count their page size).
    #[arg(long, env = "JUECE_MAX_QUERY_COMPLEXITY", default_value_t = 5000)]
    pub max_query_complexity: usize,

    /// Deepest selection nesting a request without credentials may have.
    #[arg(long, env = "JUECE_PUBLIC_MAX_QUERY_DEPTH", default_value_t = 13)]
    pub public_max_query_depth: usize,

    /// Highest complexity a request without credentials may have.
    #[arg(long, env = "JUECE_PUBLIC_MAX_QUERY_COMPLEXITY", default_value_t = 1500)]
    pub public_max_query_complexity: usize,

    /// Most lexical tokens a GraphQL document may have; counted before it is parsed.
    #[arg(long, env = "JUECE_MAX_QUERY_TOKENS", default_value_t = 10_000)]
    pub max_query_tokens: usize,

    /// Most fields a query may select, aliases and `__typename` included, with fragments expanded.
    #[arg(long, env = "JUECE_MAX_QUERY_FIELDS", default_value_t = 1000)]
    pub max_query_fields: usize,

    /// Most directives a GraphQL document may have.
    #[arg(long, env = "JUECE_MAX_QUERY_DIRECTIVES", default_value_t = 100)]
    pub max_query_directives: usize,

    /// Most operations and fragments a GraphQL document may define.
    #[arg(long, env = "JUECE_MAX_QUERY_DEFINITIONS", default_value_t = 100)]
    pub max_query_definitions: usize,

    /// GraphQL requests without credentials one client address may send a minute (bursts of as
    /// many); 0 lifts the limit (when a reverse proxy limits instead).
    #[arg(long, env = "JUECE_PUBLIC_REQUESTS_PER_MINUTE", default_value_t = 600)]
    pub public_requests_per_minute: u32,

    /// Comments one client address may submit a minute (bursts of as many); 0 lifts the limit.
    #[arg(long, env = "JUECE_COMMENTS_PER_MINUTE", default_value_t = 30)]
    pub comments_per_minute: u32,

    /// Seconds to let requests in flight finish after SIGINT/SIGTERM.
    #[arg(long, env = "JUECE_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,

    /// Seconds between audit checkpoints (signed only when some record changed); 0 turns the
    /// periodic checkpoint off.
    #[arg(long, env = "JUECE_CHECKPOINT_INTERVAL_SECS", default_value_t = 3600)]
    pub checkpoint_interval_secs: u64,

    /// Milliseconds between runs of the timer scheduler, which fires the statutory deadlines that
    /// have passed (comment periods ending, overdue opinions, publications and tasks); it also runs
    /// once at start-up, catching up on deadlines passed while juece was down. Any number of juece
    /// processes may run it on one database: each deadline fires once. 0 turns it off in this
    /// process.
    #[arg(long, env = "JUECE_TIMER_INTERVAL_MS", default_value_t = 1000)]
    pub timer_interval_ms: u64,
}
