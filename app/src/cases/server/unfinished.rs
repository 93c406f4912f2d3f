//! Cases with their SLA clocks: what the queue shows, the SLA job watches
//! and the reports count. The clocks come from each case's severity, the
//! plan it was opened under and the stretches it waited on the customer.

use std::collections::BTreeMap;

use sqlx::FromRow;

use super::stopped_clock::pauses;
use crate::{
    accounts::Level,
    cases::{CaseStatus, Severity},
    entitlements::Priority,
    ids::UserId,
    infra::{db::Db, error::ServerError},
    sla::{
        DueTimes, Pause, ServiceLevels,
        targets::{CaseClock, organisation_zone, stored_availability},
    },
};

/// Which cases to read.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// Every case not yet resolved or closed (the queue, the SLA job).
    Unfinished,
    /// Every case opened at or after this instant (Unix ms; the reports).
    OpenedSince(i64),
}

#[derive(FromRow)]
struct Row {
    id: i64,
    reference: String,
    subject: String,
    severity: Severity,
    status: CaseStatus,
    level: String,
    organisation: String,
    owner: Option<String>,
    owner_user_id: Option<UserId>,
    plan_name: Option<String>,
    priority: Option<Priority>,
    availability: Option<String>,
    response_minutes: Option<i64>,
    first_response_at: Option<i64>,
    workaround_at: Option<i64>,
    created_at: i64,
    organisation_zone: String,
}

/// A case and what its clocks need.
#[derive(Clone, Debug)]
pub struct ClockedCase {
    pub id: i64,
    pub reference: String,
    pub subject: String,
    pub status: CaseStatus,
    pub level: Level,
    pub organisation: String,
    pub owner: Option<String>,
    pub owner_user_id: Option<UserId>,
    pub plan_name: Option<String>,
    /// The plan's priority, kept from filing: it does not expire with the
    /// contract.
    pub priority: Option<Priority>,
    /// What its clocks need: severity, calendar, targets, opening, zone.
    pub clock: CaseClock,
    pub first_response_at: Option<i64>,
    /// When support first delivered a workaround or plan, which meets the
    /// resolution target.
    pub workaround_at: Option<i64>,
    /// When it was last resolved or closed, if it is finished.
    pub finished_at: Option<i64>,
    pub pauses: Vec<Pause>,
}

impl ClockedCase {
    /// The due times, or the moments `percent` of each target has passed.
    pub fn due(&self, levels: &ServiceLevels, percent: i64) -> DueTimes {
        levels.due_at_percent(&self.clock, &self.pauses, percent)
    }

    /// What support still owes: no response once it has answered, no
    /// resolution once it has delivered a workaround or plan.
    pub fn owed(&self, due: DueTimes) -> DueTimes {
        due.owed(self.first_response_at, self.workaround_at)
    }

    /// When the resolution target was met: the first workaround delivered,
    /// else the finish.
    pub fn resolution_met_at(&self) -> Option<i64> {
        match (self.workaround_at, self.finished_at) {
            (Some(workaround), Some(finished)) => Some(workaround.min(finished)),
            (workaround, finished) => workaround.or(finished),
        }
    }
}

/// The cases of `scope` that have SLA clocks (enhancement requests have
/// none), oldest first. Every one: the SLA warnings must reach the newest
/// too (partial indexes keep the unfinished ones quick to find).
pub async fn clocked_cases(db: &Db, scope: Scope) -> Result<Vec<ClockedCase>, ServerError> {
    let (condition, since) = match scope {
        Scope::Unfinished => ("c.status NOT IN ('resolved', 'closed') AND $1 = $1", 0),
        Scope::OpenedSince(at) => ("c.created_at >= $1", at),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT c.id, c.reference, c.subject, c.severity, c.status, c.level, \
         g.name AS organisation, o.name AS owner, c.owner_user_id, c.plan_name, c.priority, c.availability, \
         c.response_minutes, c.first_response_at, c.workaround_at, c.created_at, \
         g.time_zone AS organisation_zone \
         FROM cases c JOIN organisations g ON g.id = c.organisation_id \
         LEFT JOIN users o ON o.id = c.owner_user_id \
         WHERE {condition} AND c.case_type <> 'enhancement' ORDER BY c.id"
    ))
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let changes: Vec<(i64, CaseStatus, i64)> = sqlx::query_as(&format!(
        "SELECT e.case_id, e.status, e.created_at FROM case_events e JOIN cases c ON c.id = e.case_id \
         WHERE e.status IS NOT NULL AND {condition} ORDER BY e.id"
    ))
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let mut history: BTreeMap<i64, Vec<(CaseStatus, i64)>> = BTreeMap::new();
    for (case_id, status, at) in changes {
        history.entry(case_id).or_default().push((status, at));
    }
    rows.into_iter()
        .map(|row| {
            let changes = history.remove(&row.id).unwrap_or_default();
            let status = row.status;
            let finished = status.is_finished();
            let finished_at = changes
                .iter()
                .rev()
                .find(|(s, _)| s.is_finished())
                .map(|(_, at)| *at)
                .filter(|_| finished);
            Ok(ClockedCase {
                id: row.id,
                reference: row.reference,
                subject: row.subject,
                status,
                level: row.level.parse()?,
                organisation: row.organisation,
                owner: row.owner,
                owner_user_id: row.owner_user_id,
                plan_name: row.plan_name,
                priority: row.priority,
                clock: CaseClock {
                    severity: row.severity,
                    availability: stored_availability(row.availability.as_deref())?,
                    plan_response: row.response_minutes,
                    opened: row.created_at,
                    organisation_zone: organisation_zone(&row.organisation_zone),
                },
                first_response_at: row.first_response_at,
                workaround_at: row.workaround_at,
                finished_at,
                pauses: pauses(changes.iter().copied()),
            })
        })
        .collect::<Result<_, crate::error::AppError>>()
        .map_err(ServerError::from)
}
