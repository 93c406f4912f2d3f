//! Remote access on the server: who may ask, who may answer, and the
//! timeline and notices of each step. A grant is never assumed: the
//! request is the customer's to answer, once.

use sqlx::FromRow;

use super::{
    notify::Recipients,
    queries::visible_case,
    steps::{Told, record, text, workable_case},
};
use crate::{
    auth::server::Viewer,
    cases::remote_access::{MOST_HOURS, RemoteAccess, RemoteAccessState},
    error::AppError,
    format,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

const HOUR_MS: i64 = 3_600_000;

/// What an engineer asks for.
pub struct Asked {
    pub system: String,
    pub purpose: String,
    pub hours: i64,
}

pub async fn ask(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    asked: Asked,
) -> Result<(), ServerError> {
    let (case, engineer) = workable_case(state, viewer, reference).await?;
    let system = text(&asked.system, "which system", 200)?;
    let purpose = text(&asked.purpose, "what the access is for", 2_000)?;
    if !(1..=MOST_HOURS).contains(&asked.hours) {
        return Err(
            AppError::bad_request(format!("Ask for 1 to {MOST_HOURS} hours of access.")).into()
        );
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO remote_access (case_id, system, purpose, hours, asked_by, asked_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case.id)
    .bind(&system)
    .bind(&purpose)
    .bind(asked.hours)
    .bind(engineer.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let said = format!(
        "{} asks for remote access to {system} for {} hours: {purpose}",
        engineer.name, asked.hours
    );
    let notice = format!("{said}\n\nNothing is accessed until you grant it on the case's page.");
    let told = Told { who: Recipients::Contact, what: "Remote access asked", notice: &notice };
    record(state, tx, &case, engineer.id, &said, told).await
}

pub async fn answer(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    id: i64,
    grant: bool,
    accepted_waiver: bool,
) -> Result<(), ServerError> {
    let case = visible_case(state, viewer, reference).await?;
    let customer = viewer.require_user()?;
    if !customer.role.belongs_to_organisation() {
        return Err(AppError::Forbidden.into());
    }
    let waiver = state.catalogue.remote_access_waiver.as_deref().filter(|_| grant);
    if waiver.is_some() && !accepted_waiver {
        return Err(AppError::bad_request(
            "Accept the modification waiver to grant access, or refuse it.",
        )
        .into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let asked = request(&mut tx, case.id, id).await?;
    // Answered once: a second answer (another tab, a colleague) is refused.
    let answered = sqlx::query(
        "UPDATE remote_access SET answer = $1, answered_by = $2, answered_at = $3, waiver = $4 \
         WHERE id = $5 AND case_id = $6 AND answer IS NULL",
    )
    .bind(if grant { "granted" } else { "refused" })
    .bind(customer.id)
    .bind(now)
    .bind(waiver)
    .bind(id)
    .bind(case.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if answered == 0 {
        return Err(AppError::Conflict("This request was already answered.".into()).into());
    }
    let said = match grant {
        true => format!(
            "{} granted remote access to {} until {}{}.",
            customer.name,
            asked.system,
            format::date_time(now + asked.hours * HOUR_MS),
            if waiver.is_some() { ", accepting the modification waiver" } else { "" }
        ),
        false => format!("{} refused remote access to {}.", customer.name, asked.system),
    };
    let what = if grant { "Remote access granted" } else { "Remote access refused" };
    let told = Told { who: Recipients::OwnerOrLevel, what, notice: &said };
    record(state, tx, &case, customer.id, &said, told).await
}

pub async fn end(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    id: i64,
    changes: &str,
) -> Result<(), ServerError> {
    let (case, engineer) = workable_case(state, viewer, reference).await?;
    let changes = text(changes, "what was changed (or that nothing was)", 5_000)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let granted = request(&mut tx, case.id, id).await?;
    let ended = sqlx::query(
        "UPDATE remote_access SET changes = $1, ended_at = $2 \
         WHERE id = $3 AND case_id = $4 AND answer = 'granted' AND ended_at IS NULL",
    )
    .bind(&changes)
    .bind(now)
    .bind(id)
    .bind(case.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if ended == 0 {
        return Err(AppError::Conflict(
            "Only access the customer granted can be ended, once.".into(),
        )
        .into());
    }
    let said = format!(
        "{} ended remote access to {}. What was changed: {changes}",
        engineer.name, granted.system
    );
    let told = Told { who: Recipients::Contact, what: "Remote access ended", notice: &said };
    record(state, tx, &case, engineer.id, &said, told).await
}

#[derive(FromRow)]
struct Row {
    id: i64,
    system: String,
    purpose: String,
    hours: i64,
    asked_by: String,
    asked_at: i64,
    answer: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<i64>,
    waiver: Option<String>,
    changes: Option<String>,
    ended_at: Option<i64>,
}

const COLUMNS: &str = "r.id, r.system, r.purpose, r.hours, a.name AS asked_by, r.asked_at, r.answer, \
     b.name AS answered_by, r.answered_at, r.waiver, r.changes, r.ended_at FROM remote_access r \
     JOIN users a ON a.id = r.asked_by LEFT JOIN users b ON b.id = r.answered_by";

impl Row {
    fn shown(self, now: i64) -> RemoteAccess {
        let expires_at = self
            .answered_at
            .filter(|_| self.answer.as_deref() == Some("granted"))
            .map(|at| at + self.hours * HOUR_MS);
        let state = match (self.answer.as_deref(), self.ended_at, expires_at) {
            (None, _, _) => RemoteAccessState::Asked,
            (Some("refused"), _, _) => RemoteAccessState::Refused,
            (_, Some(_), _) => RemoteAccessState::Ended,
            (_, None, Some(expires)) if expires <= now => RemoteAccessState::Expired,
            _ => RemoteAccessState::Granted,
        };
        RemoteAccess {
            id: self.id,
            system: self.system,
            purpose: self.purpose,
            hours: self.hours,
            state,
            asked_by: self.asked_by,
            asked_at: self.asked_at,
            answered_by: self.answered_by,
            answered_at: self.answered_at,
            expires_at,
            waiver: self.waiver,
            changes: self.changes,
        }
    }
}

/// One request of the case (404 for another case's).
async fn request(tx: &mut Tx, case_id: i64, id: i64) -> Result<Row, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE r.id = $1 AND r.case_id = $2"))
            .bind(id)
            .bind(case_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.ok_or_else(|| AppError::not_found("That request for remote access"))?)
}

/// The case's requests, oldest first.
pub async fn list(state: &AppState, case_id: i64) -> Result<Vec<RemoteAccess>, ServerError> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE r.case_id = $1 ORDER BY r.id"))
            .bind(case_id)
            .fetch_all(state.db.pool())
            .await?;
    let now = state.clock.now_ms();
    Ok(rows.into_iter().map(|row| row.shown(now)).collect())
}
