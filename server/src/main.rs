use std::process::ExitCode;

use clap::Parser;

use server::{
    cli::{Cli, Command, MailCommand, UserCommand},
    commands, serve, telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    // A .env file in the working directory fills in unset variables.
    let dotenv = dotenvy::dotenv();
    let cli = Cli::parse();
    // A mail server may quote what `mail receive` prints in a bounce: its
    // log goes to a file of its own.
    let log_file = matches!(cli.command, Command::Mail(MailCommand::Receive))
        .then(|| cli.global.data_dir.join(server::mail_command::LOG_FILE));
    if let Err(error) = telemetry::init(cli.global.log_format, &cli.global.log, log_file.as_deref())
    {
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
        Command::Migrate => commands::migrate(&cli.global).await,
        Command::User(UserCommand::Add(options)) => commands::user_add(&cli.global, options).await,
        Command::User(UserCommand::Token(options)) => {
            commands::user_token(&cli.global, options).await
        }
        Command::DemoSeed(options) => commands::demo_seed(&cli.global, options).await,
        Command::Import(options) => commands::import(&cli.global, options).await,
        Command::Export(options) => commands::export(&cli.global, options).await,
        Command::Reindex => commands::reindex(&cli.global).await,
        Command::RunJobs => commands::run_jobs(&cli.global).await,
        Command::Mail(MailCommand::Receive) => {
            return server::mail_command::receive_one(&cli.global).await;
        }
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
