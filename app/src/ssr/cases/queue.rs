//! The engineers' queue: every unfinished case with its due times,
//! filtered and sorted the way the engineer asks.

use std::collections::BTreeMap;

use sqlx::FromRow;

use super::queries::pauses;
use crate::{
    cases::{
        CaseStatus,
        api::{QueueFilters, QueueRow, QueueSort},
    },
    ssr::{
        AppState,
        auth::{Action, Viewer, authorize},
        error::ServerError,
        sla::targets::stored_availability,
    },
};

#[derive(FromRow)]
struct Row {
    id: i64,
    reference: String,
    subject: String,
    severity: String,
    status: String,
    level: String,
    organisation: String,
    owner: Option<String>,
    owner_user_id: Option<i64>,
    availability: Option<String>,
    response_minutes: Option<i64>,
    first_response_at: Option<i64>,
    created_at: i64,
}

pub async fn queue(
    state: &AppState,
    viewer: &Viewer,
    filters: &QueueFilters,
) -> Result<Vec<QueueRow>, ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.reference, c.subject, c.severity, c.status, c.level, \
         g.name AS organisation, o.name AS owner, c.owner_user_id, c.availability, c.response_minutes, \
         c.first_response_at, c.created_at \
         FROM cases c JOIN organisations g ON g.id = c.organisation_id \
         LEFT JOIN users o ON o.id = c.owner_user_id \
         WHERE c.status NOT IN ('resolved', 'closed') AND c.case_type <> 'enhancement' \
         ORDER BY c.id LIMIT 2000",
    )
    .fetch_all(state.db.pool())
    .await?;
    let changes: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT e.case_id, e.status, e.created_at FROM case_events e JOIN cases c ON c.id = e.case_id \
         WHERE e.status IS NOT NULL AND c.status NOT IN ('resolved', 'closed') ORDER BY e.id",
    )
    .fetch_all(state.db.pool())
    .await?;
    let mut by_case: BTreeMap<i64, Vec<(String, i64)>> = BTreeMap::new();
    for (case_id, status, at) in changes {
        by_case.entry(case_id).or_default().push((status, at));
    }
    let mut queue = Vec::new();
    for row in rows {
        let status: CaseStatus = row.status.parse()?;
        let severity = row.severity.parse()?;
        let level = row.level.parse()?;
        let keep = filters.severity.is_none_or(|s| s == severity)
            && filters.level.is_none_or(|l| l == level)
            && filters.status.is_none_or(|s| s == status)
            && match filters.owner.as_deref() {
                Some("me") => row.owner_user_id == Some(engineer.id),
                Some("nobody") => row.owner_user_id.is_none(),
                _ => true,
            }
            && filters
                .organisation
                .as_deref()
                .is_none_or(|o| o.is_empty() || row.organisation == o);
        if !keep {
            continue;
        }
        let history = by_case.get(&row.id).map(Vec::as_slice).unwrap_or_default();
        let paused = pauses(history.iter().map(|(s, at)| (s.as_str(), *at)));
        let due = state.catalogue.service_levels.due(
            severity,
            stored_availability(row.availability.as_deref())?,
            row.response_minutes,
            row.created_at,
            &paused,
        );
        queue.push(QueueRow {
            reference: row.reference,
            subject: row.subject,
            severity,
            status,
            level,
            organisation: row.organisation,
            owner: row.owner,
            response_due: due.response.filter(|_| row.first_response_at.is_none()),
            resolution_due: due.resolution,
            created_at: row.created_at,
        });
    }
    sort(&mut queue, filters.sort);
    Ok(queue)
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
        QueueSort::Opened => queue.sort_by_key(|r| r.created_at),
    }
}
