use std::process::ExitCode;

use clap::Parser;

use server::{
    cli::{Cli, Command},
    serve, telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    // A .env file in the working directory fills in unset variables.
    let dotenv = dotenvy::dotenv();
    let cli = Cli::parse();
    if let Err(error) = telemetry::init(cli.global.log_format, &cli.global.log) {
        eprintln!("selfdesk: {error:#}");
        return ExitCode::FAILURE;
    }
    if let Err(error) = dotenv
        && !error.not_found()
    {
        tracing::warn!(%error, "could not read the .env file");
    }
    let result = match &cli.command {
        Command::Serve(options) => serve::run(&cli.global, options).await,
        Command::Migrate => migrate(&cli.global).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("selfdesk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(global: &server::cli::GlobalOptions) -> anyhow::Result<()> {
    let db = serve::open_database(global).await?;
    db.migrate().await?;
    let (known, applied) = db.migration_status().await?;
    println!("Database is up to date: {applied} of {known} migrations applied.");
    db.close().await;
    Ok(())
}
