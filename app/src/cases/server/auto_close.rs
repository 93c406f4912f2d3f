//! Closes cases nobody is working on any more, with a message saying so:
//! those that have waited on the customer for the configured number of
//! days (10 by default; Xecuritas: "Xecuritas will close an incident if the
//! customer has not provided a response to requests for information within
//! 10 days"), and resolved cases nobody reopened (14 days by default;
//! Aveksa: "Once the case has reached a status where there is no further
//! action pending ... the case will be closed"). The customer can still
//! reopen them.

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

/// Cases left in one status too long, and what closing them says.
struct Sweep {
    status: CaseStatus,
    step: Step,
    days: i64,
    text: String,
    what: String,
}

pub async fn run(state: &AppState) -> Result<usize, ServerError> {
    let rules = state.settings.workflow;
    let days = rules.auto_close_after_days;
    let unanswered = Sweep {
        status: CaseStatus::WaitingOnCustomer,
        step: Step::AutoClose,
        days,
        text: format!(
            "Closed automatically: no answer for {days} days. \
             Reopen the case if you still need help."
        ),
        what: format!("Closed after {days} days without an answer"),
    };
    let mut closed = sweep(state, &unanswered).await?;
    let days = rules.close_resolved_after_days;
    if days > 0 {
        let resolved = Sweep {
            status: CaseStatus::Resolved,
            step: Step::CloseResolved,
            days,
            text: format!(
                "Closed automatically {days} days after it was resolved. \
                 Reopen the case if the problem comes back."
            ),
            what: format!("Closed {days} days after it was resolved"),
        };
        closed += sweep(state, &resolved).await?;
    }
    Ok(closed)
}

/// Closes the cases that entered `sweep.status` at least `sweep.days` ago
/// and are still in it, 200 at a time.
async fn sweep(state: &AppState, sweep: &Sweep) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let status = sweep.status.as_str();
    // The stay began with the latest change to the status.
    let due: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT c.id, c.reference, c.subject FROM cases c \
         JOIN case_events e ON e.case_id = c.id AND e.status = $2 \
         WHERE c.status = $2 \
         GROUP BY c.id, c.reference, c.subject HAVING MAX(e.created_at) <= $1 \
         ORDER BY c.id LIMIT 200",
    )
    .bind(now - sweep.days * DAY_MS)
    .bind(status)
    .fetch_all(state.db.pool())
    .await?;
    let closed_status = sweep.status.after(sweep.step)?;
    let mut closed = 0;
    for (case_id, reference, subject) in due {
        let mut tx = state.db.pool().begin().await?;
        // The customer may have answered or reopened since the list was read.
        let still_there = sqlx::query(
            "UPDATE cases SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(closed_status.as_str())
        .bind(now)
        .bind(case_id)
        .bind(status)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !still_there {
            continue;
        }
        let (text, status) = (&sweep.text, Some(closed_status));
        insert_event_by(&mut tx, case_id, EventKind::Status, None, text, status, now).await?;
        let about = About { case_id, reference: &reference, subject: &subject, by: None };
        tell(&mut tx, about, Recipients::Contact, &sweep.what, text, now).await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
