//! The engineers' queue: every unfinished case with its due times,
//! filtered and sorted the way the engineer asks; the first
//! `QUEUE_SHOWN` of them are sent.

use super::unfinished::{Scope, clocked_cases};
use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::{OwnerFilter, QUEUE_SHOWN, Queue, QueueFilters, QueueRow, QueueSort, severity_name},
    infra::error::ServerError,
    runtime::AppState,
};

pub async fn queue(
    state: &AppState,
    viewer: &Viewer,
    filters: &QueueFilters,
) -> Result<Queue, ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?;
    let cases = clocked_cases(&state.db, Scope::Unfinished).await?;
    let levels = &state.catalogue.service_levels;
    let mut queue = Vec::new();
    for case in cases {
        let keep = filters.severity.is_none_or(|s| s == case.clock.severity)
            && filters.level.is_none_or(|l| l == case.level)
            && filters.status.is_none_or(|s| s == case.status)
            && filters.priority.is_none_or(|p| Some(p) == case.priority)
            && match filters.owner {
                Some(OwnerFilter::Me) => case.owner_user_id == Some(engineer.id),
                Some(OwnerFilter::Nobody) => case.owner_user_id.is_none(),
                None => true,
            }
            && filters
                .organisation
                .as_deref()
                .is_none_or(|o| o.is_empty() || case.organisation == o);
        if !keep {
            continue;
        }
        let due = case.owed(case.due(levels, 100));
        queue.push(QueueRow {
            response_due: due.response,
            resolution_due: due.resolution,
            reference: case.reference,
            subject: case.subject,
            severity: case.clock.severity,
            severity_name: severity_name(levels.severities(), case.clock.severity),
            priority: case.priority,
            status: case.status,
            level: case.level,
            organisation: case.organisation,
            owner: case.owner,
            created_at: case.clock.opened,
        });
    }
    sort(&mut queue, filters.sort);
    let total = queue.len();
    queue.truncate(QUEUE_SHOWN);
    Ok(Queue { rows: queue, total, severities: levels.severities().to_vec() })
}

/// Cases without a due time (waiting on the customer) go last.
fn sort(queue: &mut [QueueRow], by: QueueSort) {
    let due = |at: Option<i64>| at.unwrap_or(i64::MAX);
    match by {
        QueueSort::ResponseDue => {
            queue.sort_by_key(|r| (due(r.response_due), due(r.resolution_due)))
        }
        QueueSort::ResolutionDue => queue.sort_by_key(|r| due(r.resolution_due)),
        QueueSort::Severity => queue.sort_by_key(|r| (r.severity, due(r.resolution_due))),
        // Highest first, then by severity; cases without a plan last.
        QueueSort::Priority => queue
            .sort_by_key(|r| (std::cmp::Reverse(r.priority), r.severity, due(r.resolution_due))),
        QueueSort::Opened => queue.sort_by_key(|r| r.created_at),
    }
}
