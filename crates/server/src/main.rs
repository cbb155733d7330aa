//! The `juece` binary: parses the command line and runs a subcommand.

use anyhow::Context as _;
use clap::Parser;
use juece_core::audit::{key_id, parse_public_key};
use juece_core::authz::Principal;
use juece_server::config::{ArchiveCommand, AuditCommand};
use juece_server::{Cli, Command};
use std::process::ExitCode;

// Many small JSON values are built on one thread and freed on another (the database driver's);
// glibc's allocator spent more time on that than the work itself (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The runtime's worker threads' stack: tokio's default of 2 MiB is too little for a portal page
/// built inside the read cache in a build without optimisations, whose futures are large and are
/// copied on the stack as they are polled; 8 MiB is the main thread's own default.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    juece_server::init_tracing(cli.log_format);
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(WORKER_STACK_BYTES).build() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("juece: cannot start the async runtime: {e}");
                return ExitCode::FAILURE;
            }
        };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("juece: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        // The checks say by their exit code whether what they checked holds.
        Command::Audit(cmd) => return audit(&cli.db, cmd).await,
        Command::Archive(cmd) => return archive(&cli.db, cmd).await,
        Command::Bench(cmd) => juece_server::bench::run(&cli.db, cmd).await,
        Command::Serve(serve) => {
            let engine = juece_server::prepare(&cli.db).await?;
            let listener = tokio::net::TcpListener::bind(serve.listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", serve.listen))?;
            juece_server::run(engine, serve, listener, juece_server::shutdown_signal()).await
        }
        Command::Migrate => {
            let (store, _) = juece_server::connect(&cli.db).await?;
            let ran = juece_server::migrate(&store).await?;
            println!("migrations applied: {ran}");
            Ok(())
        }
        Command::Seed => {
            let (store, _) = juece_server::connect(&cli.db).await?;
            juece_server::migrate(&store).await?;
            let engine = juece_engine::Engine::new(store, std::sync::Arc::new(juece_engine::SystemClock));
            let r = juece_seeds::load(&engine).await?;
            println!(
                "seeded: {} governments, {} departments, {} catalogues, {} items created{}",
                r.governments_created,
                r.departments_created,
                r.catalogues_created,
                r.items_created,
                if r.is_empty() { " (everything was already there)" } else { "" }
            );
            Ok(())
        }
        Command::User(cmd) => user(&cli.db, cmd).await,
        Command::Schema => {
            print!("{}", juece_graphql::sdl());
            Ok(())
        }
    }
    .map(|()| ExitCode::SUCCESS)
}

async fn user(db: &juece_server::DbArgs, cmd: juece_server::UserCommand) -> anyhow::Result<()> {
    use juece_server::UserCommand;
    let (store, _) = juece_server::connect(db).await?;
    juece_server::migrate(&store).await?;
    let engine = juece_engine::Engine::new(store, std::sync::Arc::new(juece_engine::SystemClock));
    // Only someone with access to this machine and its database runs these: they act as juece.
    let system = Principal::system("cli");
    let fail = |e: juece_engine::EngineError| anyhow::anyhow!("{e}");
    match cmd {
        UserCommand::Add(a) => {
            let password = if a.password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let username = match a.username {
                Some(u) => u,
                None => {
                    let first = a.roles.first().map(|r| r.to_ascii_lowercase().replace('_', "-")).unwrap_or_default();
                    let base = format!("{}-{first}", a.org.trim());
                    let mut candidate = base.clone();
                    let mut n = 1;
                    while engine.user_by_username(&candidate).await.map_err(fail)?.is_some() {
                        n += 1;
                        candidate = format!("{base}-{n}");
                    }
                    candidate
                }
            };
            let (user, token) = engine
                .create_user(
                    &system,
                    juece_engine::NewUser {
                        username,
                        display_name: a.name,
                        government_code: a.org,
                        department: a.department,
                        roles: a.roles,
                        password,
                    },
                )
                .await
                .map_err(fail)?;
            println!("user {} created", user.username);
            println!("bearer token (shown only now): {token}");
        }
        UserCommand::Token { username } => {
            let token = engine.issue_token(&system, &username).await.map_err(fail)?;
            println!("{token}");
        }
        UserCommand::Revoke { username } => {
            let u = engine
                .user_by_username(&username)
                .await
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("no user {username}"))?;
            engine.revoke_user(&system, u.id).await.map_err(fail)?;
            println!("user {username} revoked");
        }
    }
    Ok(())
}

/// `juece audit`: runs on the database as juece itself, like `juece user`.
async fn audit(db: &juece_server::DbArgs, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    let engine = juece_server::open(db).await?;
    let system = Principal::system("cli");
    let fail = |e: juece_engine::EngineError| anyhow::anyhow!("{e}");
    match cmd {
        AuditCommand::Verify { item } => {
            let r = engine.verify_audit_trail(&system, item).await.map_err(fail)?;
            println!(
                "checked: {} streams, {} events, {} artefacts, {} signed checkpoints (latest: {})",
                r.streams,
                r.events,
                r.artefacts,
                r.checkpoints,
                r.latest_checkpoint.map_or_else(|| "none".to_owned(), |s| s.to_string())
            );
            let Some(b) = r.first_break else {
                println!("审计轨迹完整 / the audit trail is intact");
                return Ok(ExitCode::SUCCESS);
            };
            println!("审计轨迹在以下位置被破坏 / the audit trail is broken at:");
            println!("  item/stream: {}", b.stream_id);
            println!("  position:    {}", b.seq);
            println!("  kind:        {} ({})", b.kind.as_str(), b.kind.label_zh());
            println!("  expected:    {}", b.expected);
            println!("  found:       {}", b.found);
            if !b.detail.is_empty() {
                println!("  detail:      {}", b.detail);
            }
            Ok(ExitCode::FAILURE)
        }
        AuditCommand::Checkpoint => {
            let row = engine
                .sign_checkpoint(&system, false)
                .await
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("no checkpoint was signed"))?;
            println!("checkpoint:  {}", row.seq);
            println!("streams:     {}", row.tree_size);
            println!("root:        {}", row.root);
            println!("key id:      {}", row.key_id);
            println!("public key:  {}", row.public_key);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::PublicKey => {
            let key = engine.audit_public_key().ok_or_else(|| anyhow::anyhow!("this deployment has no signing key"))?;
            println!("public key:  {}", hex::encode(key.as_bytes()));
            println!("key id:      {}", key_id(&key));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `juece archive`: `export` reads the database as juece itself; `verify` is offline and never
/// opens it, so that anyone can run it on a copy of a dossier.
async fn archive(db: &juece_server::DbArgs, cmd: ArchiveCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ArchiveCommand::Export { item, out } => {
            let engine = juece_server::open(db).await?;
            let dossier =
                engine.export_dossier(&Principal::system("cli"), item).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let path = out.unwrap_or_else(|| std::path::PathBuf::from(&dossier.file_name));
            std::fs::write(&path, &dossier.bytes).with_context(|| format!("cannot write {}", path.display()))?;
            println!("dossier:  {}", path.display());
            println!("bytes:    {}", dossier.bytes.len());
            println!("sha256:   {}", dossier.sha256);
            Ok(ExitCode::SUCCESS)
        }
        ArchiveCommand::Verify { file, public_key } => {
            let trusted = match public_key {
                Some(hex_key) => Some(
                    parse_public_key(&hex_key)
                        .ok_or_else(|| anyhow::anyhow!("--public-key is not an Ed25519 public key (64 hex digits)"))?,
                ),
                None => None,
            };
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            match juece_engine::archive::verify_dossier(&bytes, trusted.as_ref()) {
                Ok(r) => {
                    println!("归档核验通过 / the dossier verifies: {}", file.display());
                    println!("  item:        {} {}", r.item_id, r.title);
                    println!("  government:  {}", r.government_code);
                    println!("  state:       {}", r.state);
                    println!("  events:      {} (head {} {})", r.events, r.head_seq, r.head_hash);
                    println!("  artefacts:   {}", r.artefacts);
                    println!("  checkpoint:  {}", r.checkpoint_seq);
                    println!("  key id:      {}", r.key_id);
                    if !r.key_trusted {
                        println!(
                            "  注意：未用 --public-key 与本部署公布的公钥比对，只证明归档完整且由其所载公钥签署 / \
                             note: without --public-key, this shows only that the dossier is whole and signed by \
                             the key it names ({})",
                            r.public_key
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("归档核验未通过 / the dossier does not verify: {}", file.display());
                    println!("  {}", e.zh());
                    println!("  {}", e.en());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
