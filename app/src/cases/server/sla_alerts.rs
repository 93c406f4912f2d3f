//! Warns the case's engineers when a target is close (by default when 75%
//! of its working time has passed) and, when a target is missed, notes it
//! on the case and escalates to support management. Each alert is raised
//! once per due time: the `sla_alerts` row is written in the same
//! transaction as the note and the notices.

use super::{
    events::insert_event_by,
    notify::{About, Recipients, tell},
    unfinished::{ClockedCase, Scope, clocked_cases},
};
use crate::{cases::EventKind, format, infra::error::ServerError, runtime::AppState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Alert {
    ResponseWarning,
    ResponseMissed,
    ResolutionWarning,
    ResolutionMissed,
}

impl Alert {
    fn kind(self) -> &'static str {
        match self {
            Alert::ResponseWarning => "response_warning",
            Alert::ResponseMissed => "response_missed",
            Alert::ResolutionWarning => "resolution_warning",
            Alert::ResolutionMissed => "resolution_missed",
        }
    }

    fn target(self) -> &'static str {
        match self {
            Alert::ResponseWarning | Alert::ResponseMissed => "First response",
            Alert::ResolutionWarning | Alert::ResolutionMissed => "Resolution",
        }
    }

    fn missed(self) -> bool {
        matches!(self, Alert::ResponseMissed | Alert::ResolutionMissed)
    }
}

pub async fn run(state: &AppState) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let levels = &state.catalogue.service_levels;
    let percent = state.settings.workflow.warning_percent;
    let mut raised = 0;
    for case in clocked_cases(&state.db, Scope::Unfinished).await? {
        let due = case.owed(case.due(levels, 100));
        let warn = case.due(levels, percent);
        let mut alerts = Vec::new();
        for (due_at, warn_at, warning, missed) in [
            (due.response, warn.response, Alert::ResponseWarning, Alert::ResponseMissed),
            (due.resolution, warn.resolution, Alert::ResolutionWarning, Alert::ResolutionMissed),
        ] {
            match (due_at, warn_at) {
                (Some(due_at), _) if now >= due_at => alerts.push((missed, due_at)),
                (Some(due_at), Some(warn_at)) if now >= warn_at => alerts.push((warning, due_at)),
                _ => {}
            }
        }
        for (alert, due_at) in alerts {
            if raise(state, &case, alert, due_at, now).await? {
                raised += 1;
            }
        }
    }
    Ok(raised)
}

/// Raises the alert unless it was raised for this due time before.
async fn raise(
    state: &AppState,
    case: &ClockedCase,
    alert: Alert,
    due_at: i64,
    now: i64,
) -> Result<bool, ServerError> {
    let mut tx = state.db.pool().begin().await?;
    let new = sqlx::query(
        "INSERT INTO sla_alerts (case_id, kind, due_at, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_id, kind, due_at) DO NOTHING",
    )
    .bind(case.id)
    .bind(alert.kind())
    .bind(due_at)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !new {
        return Ok(false);
    }
    let about =
        About { case_id: case.id, reference: &case.reference, subject: &case.subject, by: None };
    let due = format::date_time(due_at);
    let severity = case.clock.severity.as_str();
    let plan = case.plan_name.as_deref().unwrap_or("no plan");
    if alert.missed() {
        let text = format!(
            "{} target missed: it was due {due} (severity {severity}, {plan}, {}). \
             Support management has been told.",
            alert.target(),
            case.level.as_str()
        );
        insert_event_by(&mut tx, case.id, EventKind::Note, None, &text, None, now).await?;
        let what = format!("{} target missed", alert.target());
        tell(&mut tx, about, Recipients::Management, &what, &text, now).await?;
        tell(&mut tx, about, Recipients::OwnerOrLevel, &what, &text, now).await?;
    } else {
        let text = format!("{} is due {due} (severity {severity}, {plan}).", alert.target());
        let what = format!("{} due soon", alert.target());
        tell(&mut tx, about, Recipients::OwnerOrLevel, &what, &text, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}
