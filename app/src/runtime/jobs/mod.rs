//! Background jobs: SLA warnings and misses, closing cases the customer
//! left unanswered, publishing scheduled articles, recording expired
//! points, removing stale uploads, reading the support mailbox, and sending
//! notification emails. The
//! jobs' work lives with its feature (`cases::server::sla_alerts`,
//! `cases::server::auto_close`, `kb::authoring::server::review`); this
//! module runs them.
//!
//! Every server runs the same loop, but a job only runs while its server
//! holds the job's lease in the database (`lease`), so when several servers
//! share one PostgreSQL each job runs on one of them at a time. Each job
//! is idempotent: it works from what the database says is still to do, so
//! a pass cut short is finished by the next.

mod lease;
mod sweeps;

use std::{sync::Arc, time::Duration};

use tokio::sync::Notify;

use super::AppState;
use crate::infra::{
    error::{ServerError, error_chain},
    secrets,
};
use crate::{cases::server as cases, kb::authoring::server::review};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    SlaAlerts,
    AutoClose,
    PublishArticles,
    ExpirePoints,
    StaleUploads,
    /// Reads the support mailbox (when one is configured).
    ReadMailbox,
    /// Runs last, so the notices of this pass go out in it.
    SendEmail,
}

impl Job {
    pub const ALL: [Job; 7] = [
        Job::SlaAlerts,
        Job::AutoClose,
        Job::PublishArticles,
        Job::ExpirePoints,
        Job::StaleUploads,
        Job::ReadMailbox,
        Job::SendEmail,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Job::SlaAlerts => "sla_alerts",
            Job::AutoClose => "auto_close",
            Job::PublishArticles => "publish_articles",
            Job::ExpirePoints => "expire_points",
            Job::StaleUploads => "stale_uploads",
            Job::ReadMailbox => "read_mailbox",
            Job::SendEmail => "send_email",
        }
    }

    /// How long after it last finished a job is due again (milliseconds).
    fn every_ms(self) -> i64 {
        const MINUTE: i64 = 60_000;
        match self {
            Job::SlaAlerts | Job::PublishArticles => MINUTE,
            Job::AutoClose => 10 * MINUTE,
            Job::ExpirePoints | Job::StaleUploads => 60 * MINUTE,
            Job::ReadMailbox | Job::SendEmail => 0,
        }
    }

    /// Whether this install has work for the job at all: without a mailbox,
    /// reading it would still take (and write) its lease at every pass.
    fn wanted(self, state: &AppState) -> bool {
        self != Job::ReadMailbox || state.settings.mailbox.is_some()
    }

    /// Does the job's work; returns how many things it did.
    async fn run(self, state: &AppState) -> Result<usize, ServerError> {
        match self {
            Job::SlaAlerts => cases::sla_alerts::run(state).await,
            Job::AutoClose => cases::auto_close::run(state).await,
            Job::PublishArticles => review::publish_scheduled(state).await,
            Job::ExpirePoints => sweeps::expire_points(state).await,
            Job::StaleUploads => sweeps::stale_uploads(state).await,
            Job::ReadMailbox => cases::email::mailbox::read(state).await,
            Job::SendEmail => crate::notifications::server::send_pending(state, 200).await,
        }
    }
}

/// The default lease (`Settings::job_lease`). A running job renews its
/// lease every third of it, so a job may run longer than this; a server
/// that dies holding a lease delays the job by this much at most.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// What one pass did: the jobs this server ran, and how much each did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub ran: Vec<(Job, usize)>,
}

impl Pass {
    /// How much `job` did in this pass, if this server ran it.
    pub fn did(&self, job: Job) -> Option<usize> {
        self.ran.iter().find(|(ran, _)| *ran == job).map(|(_, count)| *count)
    }
}

/// Runs every job that is due and whose lease `holder` gets. A failing job
/// is logged and tried again when next due; the others still run.
pub async fn run_due(state: &AppState, holder: &str) -> Result<Pass, ServerError> {
    let mut pass = Pass::default();
    // Every server, not the lease holder only: holidays another server saved.
    let calendars = &state.catalogue.service_levels.calendars;
    if let Err(error) = crate::entitlements::server::holidays::refresh(&state.db, calendars).await {
        tracing::warn!(error = %error_chain(&error), "reading the calendars' holidays failed");
    }
    let lease_ms = i64::try_from(state.settings.job_lease.as_millis()).unwrap_or(i64::MAX);
    for job in Job::ALL.into_iter().filter(|job| job.wanted(state)) {
        let now = state.clock.now_ms();
        if !lease::take(&state.db, job.name(), holder, now, lease_ms, job.every_ms()).await? {
            continue;
        }
        let outcome = run_renewing(state, job, holder, lease_ms).await;
        lease::release(&state.db, job.name(), holder, state.clock.now_ms()).await?;
        match outcome {
            Ok(count) => {
                if count > 0 {
                    tracing::info!(job = job.name(), count, "background job did its work");
                }
                pass.ran.push((job, count));
            }
            Err(error) => tracing::warn!(
                job = job.name(),
                error = %error_chain(&error),
                "background job failed; it runs again when next due"
            ),
        }
    }
    Ok(pass)
}

/// Runs the job, renewing its lease every third of it while it runs.
async fn run_renewing(
    state: &AppState,
    job: Job,
    holder: &str,
    lease_ms: i64,
) -> Result<usize, ServerError> {
    let run = job.run(state);
    tokio::pin!(run);
    let mut renewals = tokio::time::interval(Duration::from_millis(
        u64::try_from(lease_ms / 3).unwrap_or(1).max(1),
    ));
    renewals.tick().await;
    loop {
        tokio::select! {
            outcome = &mut run => return outcome,
            _ = renewals.tick() => {
                let until = state.clock.now_ms() + lease_ms;
                match lease::renew(&state.db, job.name(), holder, until).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job = job.name(), "lost the job's lease while running it"),
                    Err(error) => tracing::warn!(job = job.name(), error = %error_chain(&error), "could not renew the job's lease"),
                }
            }
        }
    }
}

/// Wakes the job loop early, after a change that wrote notifications, so
/// their emails go out now rather than at the next tick.
#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Waits for the next wake (or returns at once for one not yet taken).
    pub async fn woken(&self) {
        self.0.notified().await;
    }
}

/// Runs the jobs every `every` (and when woken) until the process ends.
pub fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    let holder = holder_name();
    tracing::info!(holder, "background jobs started");
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = state.jobs.woken() => {}
            }
            if let Err(error) = run_due(&state, &holder).await {
                tracing::warn!(error = %error_chain(&error), "background jobs could not run");
            }
        }
    })
}

/// This process among the servers sharing the database: host, process and
/// a random part (a restarted process is a new holder).
pub fn holder_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "selfdesk".into());
    let random = secrets::random_secret().unwrap_or_default();
    format!("{host}-{}-{}", std::process::id(), random.get(..8).unwrap_or_default())
}
