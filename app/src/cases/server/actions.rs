//! What a customer does on their case: write, attach files, escalate, close
//! and reopen. Each change is an event on the case's timeline.

use crate::{
    auth::server::Viewer,
    cases::{ArtifactKind, CaseStatus, EventKind, StatusAction, StatusChange, lifecycle::Step},
    error::AppError,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

use super::{
    events::{insert_event, touch},
    notify::{About, Recipients, excerpt, tell},
    queries::{visible_case, visible_case_in},
    uploads,
};

/// Adds a message (and files) to the case's timeline.
pub async fn add_message(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    body: &str,
    files: &[(String, Option<ArtifactKind>)],
) -> Result<(), ServerError> {
    let mut tx = state.db.pool().begin().await?;
    add_message_in(state, &mut tx, viewer, reference, body, files).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(())
}

/// As [`add_message`], in the caller's transaction (which wakes the jobs
/// once it has committed).
pub async fn add_message_in(
    state: &AppState,
    tx: &mut Tx,
    viewer: &Viewer,
    reference: &str,
    body: &str,
    files: &[(String, Option<ArtifactKind>)],
) -> Result<(), ServerError> {
    let case = visible_case_in(&mut *tx, viewer, reference).await?;
    let author = viewer.require_user()?.id;
    let current = case.status;
    let by_customer = viewer.user().is_some_and(|u| u.role.belongs_to_organisation());
    let step = if by_customer { Step::CustomerWrites } else { Step::StaffWrites };
    let after = current.after(step)?;
    let body = body.trim();
    if body.is_empty() && files.is_empty() {
        return Err(AppError::bad_request("Write a message or attach a file.").into());
    }
    if body.chars().count() > 20_000 {
        return Err(AppError::bad_request("A message may be up to 20,000 characters.").into());
    }
    let now = state.clock.now_ms();
    let tokens: Vec<&str> = files.iter().map(|(token, _)| token.as_str()).collect();
    let rows = uploads::pending(&mut *tx, author, &tokens).await?;
    for (row, (_, kind)) in rows.iter().zip(files) {
        sqlx::query(
            "UPDATE uploads SET case_id = $1, artifact_kind = $2 WHERE id = $3 AND case_id IS NULL",
        )
        .bind(case.id)
        .bind(kind.map(ArtifactKind::as_str))
        .bind(row.id)
        .execute(&mut **tx)
        .await?;
    }
    let names: Vec<&str> = rows.iter().map(|row| row.file_name.as_str()).collect();
    let text = match (body.is_empty(), names.is_empty()) {
        (false, true) => body.to_owned(),
        (true, _) => format!("Attached {}", names.join(", ")),
        (false, false) => format!("{body}\n\nAttached {}", names.join(", ")),
    };
    insert_event(tx, case.id, EventKind::Message, author, &text, None, now).await?;
    if !by_customer {
        // Any public message from support is a response to the customer.
        super::work::record_first_response(tx, case.id, now).await?;
    }
    // The customer's answer starts the SLA clock again.
    let next = (after != current).then_some(after);
    if let Some(status) = next {
        insert_event(
            tx,
            case.id,
            EventKind::Status,
            author,
            "The customer answered",
            Some(status),
            now,
        )
        .await?;
    }
    let about = About {
        case_id: case.id,
        reference: &case.reference,
        subject: &case.subject,
        by: Some(author),
    };
    if by_customer {
        tell(tx, about, Recipients::OwnerOrLevel, "The customer wrote", &excerpt(&text), now)
            .await?;
        // The contact and followers hear what a colleague wrote.
        let what = format!("{} wrote", viewer.require_user()?.name);
        tell(tx, about, Recipients::Contact, &what, &excerpt(&text), now).await?;
    } else {
        tell(tx, about, Recipients::Contact, "Support wrote", &excerpt(&text), now).await?;
    }
    touch(tx, case.id, next, now).await?;
    Ok(())
}

/// Escalates, closes or reopens the case, with the reason on the timeline.
pub async fn change_status(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    change: StatusChange,
) -> Result<CaseStatus, ServerError> {
    let StatusChange { action: request, reason } = change;
    let case = visible_case(state, viewer, reference).await?;
    let user = viewer.require_user()?;
    let author = user.id;
    let current = case.status;
    let (step, kind) = match request {
        StatusAction::Escalate => (Step::Escalate, EventKind::Escalated),
        StatusAction::Close => (Step::Close, EventKind::Status),
        StatusAction::Reopen => (Step::Reopen, EventKind::Status),
    };
    let next = current.after(step)?;
    let reason = reason.trim();
    if request == StatusAction::Escalate && reason.is_empty() {
        return Err(AppError::bad_request("Say why the case needs escalating.").into());
    }
    // Staff may close or reopen a case too; the timeline says who did.
    let by_customer = user.role.belongs_to_organisation();
    let by = if by_customer { user.name.clone() } else { format!("support ({})", user.name) };
    let what = match request {
        StatusAction::Escalate => format!("Escalated by {by}"),
        StatusAction::Close => format!("Closed by {by}"),
        StatusAction::Reopen => format!("Reopened by {by}"),
    };
    let text = match (reason.is_empty(), request) {
        (false, _) => reason.to_owned(),
        (true, StatusAction::Escalate) => String::new(),
        (true, _) => what.clone(),
    };
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    insert_event(&mut tx, case.id, kind, author, &text, Some(next), now).await?;
    let about = About {
        case_id: case.id,
        reference: &case.reference,
        subject: &case.subject,
        by: Some(author),
    };
    if by_customer {
        tell(&mut tx, about, Recipients::OwnerOrLevel, &what, &excerpt(&text), now).await?;
    }
    // The contact and followers hear of it, whoever did it (never the doer).
    tell(&mut tx, about, Recipients::Contact, &what, &excerpt(&text), now).await?;
    if request == StatusAction::Escalate {
        tell(&mut tx, about, Recipients::Management, &what, &excerpt(&text), now).await?;
    }
    touch(&mut tx, case.id, Some(next), now).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(next)
}
