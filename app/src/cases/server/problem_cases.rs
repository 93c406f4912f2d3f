//! Cases that are one of a known problem's many: an engineer links them
//! (one, or many at once from the queue); each update of the problem is a
//! message on their timelines and in their contacts' email, and its fix
//! resolves them (`work::resolve_as_fixed`).

use sqlx::FromRow;

use super::{
    events::insert_event,
    notify::{About, Recipients, excerpt, tell},
    queries::visible_case_in,
    work::resolve_as_fixed,
};
use crate::{
    accounts::SessionUser,
    auth::server::{Action, Viewer, authorize},
    cases::EventKind,
    error::AppError,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

/// Cases linked in one action, at most.
const MAX_LINKED_AT_ONCE: usize = 500;

/// Links the cases to the problem, all or none (a reference the engineer
/// cannot see refuses the lot); each newly linked case's contact is told.
/// Returns the references newly linked.
pub async fn link(
    state: &AppState,
    viewer: &Viewer,
    (problem_id, title): (i64, &str),
    references: &[String],
) -> Result<Vec<String>, ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?.clone();
    if references.is_empty() || references.len() > MAX_LINKED_AT_ONCE {
        let message = format!("References: name 1 to {MAX_LINKED_AT_ONCE} cases.");
        return Err(AppError::bad_request(message).into());
    }
    let now = state.clock.now_ms();
    let text = format!(
        "This case is one of several about a known problem: “{title}”. Its updates will appear \
         here, and its fix will resolve this case. It is also on the status page: /status#problem-{problem_id}"
    );
    let mut tx = state.db.pool().begin().await?;
    let mut linked = Vec::new();
    for reference in references {
        let case = visible_case_in(&mut tx, viewer, reference).await?;
        let changed = sqlx::query(
            "UPDATE cases SET problem_id = $1 WHERE id = $2 AND (problem_id IS NULL OR problem_id <> $1)",
        )
        .bind(problem_id)
        .bind(case.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            continue;
        }
        insert_event(&mut tx, case.id, EventKind::Message, engineer.id, &text, None, now).await?;
        let about = About {
            case_id: case.id,
            reference: &case.reference,
            subject: &case.subject,
            by: Some(engineer.id),
        };
        tell(&mut tx, about, Recipients::Contact, "A known problem", &text, now).await?;
        linked.push(case.reference);
    }
    tx.commit().await?;
    state.jobs.wake();
    Ok(linked)
}

#[derive(FromRow)]
struct LinkedCase {
    id: i64,
    reference: String,
    subject: String,
}

/// The problem's cases still open (not resolved or closed).
async fn open_cases(
    conn: &mut sqlx::AnyConnection,
    problem_id: i64,
) -> Result<Vec<LinkedCase>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT id, reference, subject FROM cases WHERE problem_id = $1 \
         AND status NOT IN ('resolved', 'closed') ORDER BY id",
    )
    .bind(problem_id)
    .fetch_all(conn)
    .await?)
}

/// Puts an update of the problem on each of its open cases' timelines and
/// tells their contacts, in the update's transaction: once per case.
pub async fn tell_update(
    tx: &mut Tx,
    engineer: &SessionUser,
    problem_id: i64,
    update: &str,
    now: i64,
) -> Result<usize, ServerError> {
    let cases = open_cases(tx, problem_id).await?;
    for case in &cases {
        insert_event(tx, case.id, EventKind::Message, engineer.id, update, None, now).await?;
        let about = About {
            case_id: case.id,
            reference: &case.reference,
            subject: &case.subject,
            by: Some(engineer.id),
        };
        tell(tx, about, Recipients::Contact, "An update on a known problem", &excerpt(update), now)
            .await?;
    }
    Ok(cases.len())
}

/// Resolves the problem's open cases as fixed in `release` (a product
/// bug: points taken go back), each in its own transaction; returns how
/// many were resolved.
pub async fn resolve_fixed(
    state: &AppState,
    engineer: &SessionUser,
    problem_id: i64,
    (release, summary): (&str, &str),
) -> Result<usize, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let cases = open_cases(&mut conn, problem_id).await?;
    drop(conn);
    let mut resolved = 0;
    for case in cases {
        if resolve_as_fixed(state, engineer, case.id, (release, summary)).await? {
            resolved += 1;
        }
    }
    Ok(resolved)
}
