//! Builds the SLA reports from the cases and their clocks. The counting is
//! a pure function of the cases, the service levels and the time, tested
//! below; the database only supplies the cases.

use std::collections::BTreeMap;

use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::server::unfinished::{ClockedCase, Scope, clocked_cases},
    infra::error::ServerError,
    runtime::AppState,
    sla::ServiceLevels,
};
use crate::{
    cases::Severity,
    error::AppError,
    reports::{Attainment, BacklogBucket, PERIODS, ResponseTimes, SlaReport},
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

pub async fn sla_report(
    state: &AppState,
    viewer: &Viewer,
    days: i64,
) -> Result<SlaReport, ServerError> {
    authorize(viewer, Action::ViewSupportReports)?;
    if !PERIODS.contains(&days) {
        return Err(AppError::bad_request("Report on the last 7, 30, 90 or 365 days.").into());
    }
    let now = state.clock.now_ms();
    let since = now - days * DAY_MS;
    let opened = clocked_cases(&state.db, Scope::OpenedSince(since)).await?;
    let unfinished = clocked_cases(&state.db, Scope::Unfinished).await?;
    let levels = &state.catalogue.service_levels;
    Ok(SlaReport {
        days,
        since,
        attainment: attainment(&opened, levels, now),
        backlog: backlog(&unfinished, levels, now),
        first_response: first_response(&opened, levels),
        severities: levels.severities().to_vec(),
    })
}

/// Met when the answer (or the resolution) came by its due time; missed
/// when it came late or is still owed past it.
pub fn attainment(cases: &[ClockedCase], levels: &ServiceLevels, now: i64) -> Vec<Attainment> {
    let mut rows: BTreeMap<(String, Severity), Attainment> = BTreeMap::new();
    for case in cases {
        let plan = case.plan_name.clone().unwrap_or_else(|| "No plan".into());
        let row = rows.entry((plan.clone(), case.clock.severity)).or_insert_with(|| Attainment {
            plan,
            severity: case.clock.severity,
            cases: 0,
            response_met: 0,
            response_missed: 0,
            resolution_met: 0,
            resolution_missed: 0,
        });
        row.cases += 1;
        let due = case.due(levels, 100);
        match verdict(case.first_response_at, due.response, now) {
            Some(true) => row.response_met += 1,
            Some(false) => row.response_missed += 1,
            None => {}
        }
        match verdict(case.resolution_met_at(), due.resolution, now) {
            Some(true) => row.resolution_met += 1,
            Some(false) => row.resolution_missed += 1,
            None => {}
        }
    }
    rows.into_values().collect()
}

/// `Some(true)` met, `Some(false)` missed, `None` not due yet (or no clock).
fn verdict(done_at: Option<i64>, due: Option<i64>, now: i64) -> Option<bool> {
    let due = due?;
    match done_at {
        Some(done) => Some(done <= due),
        None if now > due => Some(false),
        None => None,
    }
}

const AGES: [(&str, i64); 5] = [
    ("Under a day", DAY_MS),
    ("1 to 3 days", 3 * DAY_MS),
    ("3 to 7 days", 7 * DAY_MS),
    ("7 to 30 days", 30 * DAY_MS),
    ("Over 30 days", i64::MAX),
];

/// The unfinished cases by how long ago they were opened.
pub fn backlog(unfinished: &[ClockedCase], levels: &ServiceLevels, now: i64) -> Vec<BacklogBucket> {
    let severities = levels.severities().len();
    let mut buckets: Vec<BacklogBucket> = AGES
        .iter()
        .map(|(age, _)| BacklogBucket { age: (*age).to_owned(), by_severity: vec![0; severities] })
        .collect();
    for case in unfinished {
        let age = now - case.clock.opened;
        let bucket = AGES.iter().position(|(_, below)| age < *below).unwrap_or(AGES.len() - 1);
        // A severity the policy no longer has counts with its least urgent.
        let column = levels
            .severities()
            .iter()
            .position(|level| level.severity == case.clock.severity)
            .unwrap_or(severities.saturating_sub(1));
        if let Some(count) = buckets[bucket].by_severity.get_mut(column) {
            *count += 1;
        }
    }
    buckets
}

/// First-response times per severity, in wall-clock minutes.
pub fn first_response(cases: &[ClockedCase], levels: &ServiceLevels) -> Vec<ResponseTimes> {
    levels
        .severities()
        .iter()
        .map(|level| {
            let severity = &level.severity;
            let answered: Vec<&ClockedCase> = cases
                .iter()
                .filter(|c| c.clock.severity == *severity && c.first_response_at.is_some())
                .collect();
            let mut minutes: Vec<i64> = answered
                .iter()
                .filter_map(|c| Some((c.first_response_at? - c.clock.opened) / 60_000))
                .collect();
            minutes.sort_unstable();
            let within_target = answered
                .iter()
                .filter(|c| {
                    verdict(c.first_response_at, c.due(levels, 100).response, i64::MAX)
                        == Some(true)
                })
                .count();
            ResponseTimes {
                severity: *severity,
                answered: minutes.len() as i64,
                within_target: within_target as i64,
                median_minutes: nearest_rank(&minutes, 50),
                p90_minutes: nearest_rank(&minutes, 90),
            }
        })
        .collect()
}

/// The nearest-rank percentile of sorted values.
fn nearest_rank(sorted: &[i64], percentile: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (percentile * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests;
