//! Closes cases that have waited on the customer for the configured number
//! of days (10 by default), with a message saying so; the customer can
//! still reopen them.

use super::{
    events::insert_event_by,
    notify::{About, Recipients, tell},
};
use crate::{
    cases::{CaseStatus, EventKind, lifecycle::Step},
    infra::error::ServerError,
    runtime::AppState,
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

pub async fn run(state: &AppState) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let days = state.settings.workflow.auto_close_after_days;
    // The wait began with the latest change to waiting on the customer.
    let waiting: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT c.id, c.reference, c.subject FROM cases c \
         JOIN case_events e ON e.case_id = c.id AND e.status = 'waiting_on_customer' \
         WHERE c.status = 'waiting_on_customer' \
         GROUP BY c.id, c.reference, c.subject HAVING MAX(e.created_at) <= $1 \
         ORDER BY c.id LIMIT 200",
    )
    .bind(now - days * DAY_MS)
    .fetch_all(state.db.pool())
    .await?;
    let mut closed = 0;
    for (case_id, reference, subject) in waiting {
        let mut tx = state.db.pool().begin().await?;
        // The customer may have answered since the list was read.
        let waiting = CaseStatus::WaitingOnCustomer;
        let closed_status = waiting.after(Step::AutoClose)?;
        let still_waiting = sqlx::query(
            "UPDATE cases SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(closed_status.as_str())
        .bind(now)
        .bind(case_id)
        .bind(waiting.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !still_waiting {
            continue;
        }
        let text = format!(
            "Closed automatically: no answer for {days} days. \
             Reopen the case or write to it if you still need help."
        );
        insert_event_by(&mut tx, case_id, EventKind::Status, None, &text, Some(closed_status), now)
            .await?;
        let about = About { case_id, reference: &reference, subject: &subject, by: None };
        let what = format!("Closed after {days} days without an answer");
        tell(&mut tx, about, Recipients::Contact, &what, &text, now).await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
