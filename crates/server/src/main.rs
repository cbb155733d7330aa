//! The `juece` binary: parses the command line and runs a subcommand.

use clap::Parser;
use juece_server::{Cli, Command};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    juece_server::init_tracing(cli.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("juece: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
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
}

async fn user(db: &juece_server::DbArgs, cmd: juece_server::UserCommand) -> anyhow::Result<()> {
    use juece_core::authz::Principal;
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
