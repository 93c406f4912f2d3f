//! What a step on a case that engineers and customers take in turn needs
//! (remote access, charge decisions): the open case an engineer may work,
//! text within bounds, and the public timeline entry with its notice,
//! committed together.

use super::{
    events::{insert_event, touch},
    notify::{About, Recipients, tell},
    queries::{CaseRow, visible_case},
    work::levels::works_at_its_level,
};
use crate::{
    accounts::SessionUser,
    auth::server::{Action, Viewer, authorize},
    cases::EventKind,
    error::AppError,
    ids::UserId,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

/// Text of a step: trimmed, said, and at most `most` characters.
pub(super) fn text(value: &str, what: &str, most: usize) -> Result<String, AppError> {
    let value = value.trim();
    match value.chars().count() {
        0 => Err(AppError::bad_request(format!("Say {what}."))),
        n if n > most => {
            Err(AppError::bad_request(format!("Say {what} in at most {most} characters.")))
        }
        _ => Ok(value.to_owned()),
    }
}

/// An open case an engineer may work at its level, and the engineer.
pub(super) async fn workable_case<'v>(
    state: &AppState,
    viewer: &'v Viewer,
    reference: &str,
) -> Result<(CaseRow, &'v SessionUser), ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?;
    let case = visible_case(state, viewer, reference).await?;
    works_at_its_level(engineer, &case)?;
    if case.status.is_finished() {
        return Err(AppError::Conflict("The case is finished: reopen it first.".into()).into());
    }
    Ok((case, engineer))
}

pub(super) fn about(case: &CaseRow, by: UserId) -> About<'_> {
    About { case_id: case.id, reference: &case.reference, subject: &case.subject, by: Some(by) }
}

/// Who hears of a step, under what subject, and what they read.
pub(super) struct Told<'a> {
    pub who: Recipients,
    pub what: &'a str,
    pub notice: &'a str,
}

/// Puts a step on the timeline (public: the customer reads each), tells
/// who should hear of it, and commits.
pub(super) async fn record(
    state: &AppState,
    mut tx: Tx,
    case: &CaseRow,
    by: UserId,
    said: &str,
    told: Told<'_>,
) -> Result<(), ServerError> {
    let now = state.clock.now_ms();
    insert_event(&mut tx, case.id, EventKind::Message, by, said, None, now).await?;
    tell(&mut tx, about(case, by), told.who, told.what, told.notice, now).await?;
    touch(&mut tx, case.id, None, now).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(())
}
