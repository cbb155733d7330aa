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
            let engine =
                juece_engine::Engine::new(store, std::sync::Arc::new(juece_engine::SystemClock));
            let r = juece_seeds::load(&engine).await?;
            println!(
                "seeded: {} governments, {} departments, {} catalogues, {} items created{}",
                r.governments_created,
                r.departments_created,
                r.catalogues_created,
                r.items_created,
                if r.is_empty() {
                    " (everything was already there)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Schema => {
            print!("{}", juece_graphql::sdl());
            Ok(())
        }
    }
}
