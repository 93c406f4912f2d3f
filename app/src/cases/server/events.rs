//! A case's timeline and its last change, written inside the transaction
//! of whatever changed the case.

use crate::{
    cases::{CaseStatus, EventKind},
    ids::UserId,
    infra::{db::Tx, error::ServerError},
};

/// Adds an event to the case's timeline.
pub(super) async fn insert_event(
    tx: &mut Tx,
    case_id: i64,
    kind: EventKind,
    author: UserId,
    body: &str,
    status: Option<CaseStatus>,
    now: i64,
) -> Result<(), ServerError> {
    insert_event_by(tx, case_id, kind, Some(author), body, status, now).await
}

/// An event by a person, or by Selfdesk itself (`None`: jobs such as
/// automatic closing and SLA alerts).
pub(crate) async fn insert_event_by(
    tx: &mut Tx,
    case_id: i64,
    kind: EventKind,
    author: Option<UserId>,
    body: &str,
    status: Option<CaseStatus>,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO case_events (case_id, kind, author_user_id, body, status, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(kind)
    .bind(author)
    .bind(body)
    .bind(status)
    // Notes are the engineers' own; everything else the customer sees.
    .bind(i64::from(kind == EventKind::Note))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the case changed, with its new status if any.
pub(crate) async fn touch(
    tx: &mut Tx,
    case_id: i64,
    status: Option<CaseStatus>,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query("UPDATE cases SET updated_at = $1, status = COALESCE($2, status) WHERE id = $3")
        .bind(now)
        .bind(status.map(CaseStatus::as_str))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
