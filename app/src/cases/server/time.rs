//! Time engineers spend on cases: a clock started and stopped, or minutes
//! entered, each billable or not. Billable time needs a rate the customer
//! accepted (a paid ticket, or a billable decision they said go ahead to),
//! so nobody is billed for what they did not agree to.

use sqlx::FromRow;

use super::{charges::rate_accepted, events::insert_event, steps::workable_case};
use crate::{
    auth::server::Viewer,
    cases::{
        EventKind,
        charges::{NewTime, TimeAction, TimeEntry, hours},
    },
    error::AppError,
    infra::error::ServerError,
    runtime::AppState,
};

/// The most minutes one entry may record: a day.
const MOST_MINUTES: i64 = 24 * 60;

/// Records time on the case: starts or stops the engineer's clock, or
/// enters minutes spent. Each recorded span is an internal note too.
pub async fn record(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    time: NewTime,
) -> Result<(), ServerError> {
    let (case, engineer) = workable_case(state, viewer, reference).await?;
    let note = time.note.trim();
    if note.chars().count() > 2_000 {
        return Err(AppError::bad_request("Say what was done in at most 2000 characters.").into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    if time.billable && !rate_accepted(&mut tx, case.id).await? {
        return Err(AppError::Conflict(
            "Nobody accepted an hourly rate for this case: decide it billable, and record billable time once the customer says go ahead."
                .into(),
        )
        .into());
    }
    let running: Option<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, started_at, billable, note FROM time_entries \
         WHERE case_id = $1 AND user_id = $2 AND minutes IS NULL",
    )
    .bind(case.id)
    .bind(engineer.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (minutes, billable, note) = match (time.action, running) {
        (TimeAction::Start, Some(_)) => {
            return Err(AppError::Conflict("Your clock already runs on this case.".into()).into());
        }
        (TimeAction::Start, None) => {
            insert(&mut tx, (case.id, engineer.id), now, None, (time.billable, note)).await?;
            tx.commit().await?;
            return Ok(());
        }
        (TimeAction::Stop, None) => {
            return Err(AppError::Conflict("No clock of yours runs on this case.".into()).into());
        }
        (TimeAction::Stop, Some((id, started_at, billable, started_note))) => {
            // Started minutes count whole: a clock stopped at once is 1 minute.
            let minutes = ((now - started_at + 59_999) / 60_000).clamp(1, MOST_MINUTES);
            sqlx::query("UPDATE time_entries SET minutes = $1 WHERE id = $2")
                .bind(minutes)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let note = if note.is_empty() { started_note } else { note.to_owned() };
            (minutes, billable == 1, note)
        }
        (TimeAction::Enter, _) => {
            let minutes = time.minutes.unwrap_or_default();
            if !(1..=MOST_MINUTES).contains(&minutes) {
                return Err(AppError::bad_request(format!(
                    "Enter 1 to {MOST_MINUTES} minutes spent."
                ))
                .into());
            }
            let started = now - minutes * 60_000;
            insert(&mut tx, (case.id, engineer.id), started, Some(minutes), (time.billable, note))
                .await?;
            (minutes, time.billable, note.to_owned())
        }
    };
    let said = format!(
        "{} recorded {}{}{}",
        engineer.name,
        hours(minutes),
        if billable { ", billable" } else { ", not billable" },
        if note.is_empty() { String::new() } else { format!(": {note}") }
    );
    insert_event(&mut tx, case.id, EventKind::Note, engineer.id, &said, None, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert(
    tx: &mut crate::infra::db::Tx,
    (case_id, user_id): (i64, crate::ids::UserId),
    started_at: i64,
    minutes: Option<i64>,
    (billable, note): (bool, &str),
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO time_entries (case_id, user_id, started_at, minutes, billable, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(user_id)
    .bind(started_at)
    .bind(minutes)
    .bind(i64::from(billable))
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    engineer: String,
    started_at: i64,
    minutes: Option<i64>,
    billable: i64,
    note: String,
}

/// The case's time, oldest first: every entry for staff, the billable
/// ones for customers.
pub async fn list(
    state: &AppState,
    case_id: i64,
    staff: bool,
) -> Result<Vec<TimeEntry>, ServerError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, u.name AS engineer, t.started_at, t.minutes, t.billable, t.note \
         FROM time_entries t JOIN users u ON u.id = t.user_id \
         WHERE t.case_id = $1 AND (t.billable = 1 OR $2 = 1) ORDER BY t.started_at, t.id",
    )
    .bind(case_id)
    .bind(i64::from(staff))
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| TimeEntry {
            id: row.id,
            engineer: row.engineer,
            started_at: row.started_at,
            minutes: row.minutes,
            billable: row.billable == 1,
            note: row.note,
        })
        .collect())
}
