//! The commands besides `serve`: `migrate`, `user add`, `user token`, `demo-seed`, `run-jobs`.

use std::io::IsTerminal;

use anyhow::{Context, bail};

use app::{
    accounts::{
        Role, normalise_email,
        server::{api_tokens, organisations, users},
        validate_password,
    },
    auth::server::password::hash_password,
    entitlements::server::Catalogue,
    infra::{
        clock::{Clock, SystemClock},
        db::Db,
    },
    runtime::demo,
};

use crate::{
    cli::{DemoSeedOptions, GlobalOptions, UserAddOptions, UserTokenOptions},
    serve::open_database,
};

pub use crate::kb_commands::{export, import, reindex};

pub async fn migrate(global: &GlobalOptions) -> anyhow::Result<()> {
    let db = open_database(global).await?;
    db.migrate().await?;
    let (known, applied) = db.migration_status().await?;
    println!("Database is up to date: {applied} of {known} migrations applied.");
    db.close().await;
    Ok(())
}

pub async fn migrated_database(global: &GlobalOptions) -> anyhow::Result<Db> {
    let db = open_database(global).await?;
    db.migrate().await.context("migrating the database")?;
    Ok(db)
}

pub async fn user_add(global: &GlobalOptions, options: &UserAddOptions) -> anyhow::Result<()> {
    let email = normalise_email(&options.email)?;
    let role: Role = options.role.parse()?;
    let level = options.level.as_deref().map(str::parse).transpose()?;
    let password = match &options.password {
        Some(password) => password.clone(),
        None => prompt_password()?,
    };
    validate_password(&password)?;
    let name = options
        .name
        .clone()
        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());

    let db = migrated_database(global).await?;
    let now_ms = SystemClock.now_ms();
    let organisation_id = match (&options.org, role.belongs_to_organisation()) {
        (Some(org), true) => Some(match organisations::find_by_name(&db, org).await? {
            Some(existing) => existing.id,
            None => {
                let id =
                    organisations::create(&db, now_ms, org, &options.org_time_zone, &[]).await?;
                println!("Created the organisation {org}.");
                id
            }
        }),
        (Some(_), false) => {
            bail!("--org is for customers and account holders; staff belong to no organisation")
        }
        (None, true) => bail!("a {} needs --org NAME", role.label().to_lowercase()),
        (None, false) => None,
    };
    let new_user = users::NewUser {
        email: email.clone(),
        name,
        role,
        level,
        organisation_id,
        password_hash: Some(hash_password(password).await?),
    };
    let id = users::create(&db, now_ms, new_user).await?;
    println!("Created {} {email} (user {id}).", role.label().to_lowercase());
    db.close().await;
    Ok(())
}

fn prompt_password() -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "give the password with --password (or SELFDESK_USER_PASSWORD) when not at a terminal"
        );
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second = rpassword::prompt_password("Password again: ").context("reading the password")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}

pub async fn user_token(global: &GlobalOptions, options: &UserTokenOptions) -> anyhow::Result<()> {
    let email = normalise_email(&options.email)?;
    let db = migrated_database(global).await?;
    let user = users::find_by_email(&db, &email)
        .await?
        .filter(|user| user.is_active())
        .with_context(|| format!("no active user has the email {email}"))?;
    let (_, secret) = api_tokens::create(&db, SystemClock.now_ms(), user.id, &options.name).await?;
    println!("{secret}");
    db.close().await;
    Ok(())
}

pub async fn demo_seed(global: &GlobalOptions, options: &DemoSeedOptions) -> anyhow::Result<()> {
    let password = match &options.password {
        Some(password) => password.clone(),
        None => demo::random_password()?,
    };
    validate_password(&password)?;
    let db = migrated_database(global).await?;
    let catalogue = Catalogue::load(global.catalogue.as_deref())?;
    let now = SystemClock.now_ms();
    catalogue.seed_plans(&db, now).await?;
    let accounts = demo::seed(&db, &catalogue, now, &password).await?;
    println!("Demo accounts (password for all: {password}):");
    for account in accounts {
        println!("  {:<28} {}", account.email, account.description);
    }
    db.close().await;
    Ok(())
}

/// The state of a one-shot command. Nothing is served: the site options
/// only complete it.
pub(crate) async fn offline_state(
    global: &GlobalOptions,
) -> anyhow::Result<app::runtime::AppState> {
    let options = crate::cli::ServeOptions {
        addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        site_dir: crate::cli::DEFAULT_SITE_DIR.into(),
        jobs_every: crate::cli::DEFAULT_JOBS_EVERY,
        no_jobs: true,
        metrics_addr: None,
    };
    crate::serve::open_state(global, &options).await
}

/// One pass of the background jobs, under the same leases as the servers'.
pub async fn run_jobs(global: &GlobalOptions) -> anyhow::Result<()> {
    let state = offline_state(global).await?;
    let pass = app::runtime::jobs::run_due(&state, &app::runtime::jobs::holder_name()).await?;
    for (job, count) in &pass.ran {
        println!("{}: {count}", job.name());
    }
    if pass.ran.is_empty() {
        println!("No job was due (or another server is running them).");
    }
    state.db.close().await;
    Ok(())
}
