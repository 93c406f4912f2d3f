//! What support engineers do on a case: take it, answer in public or note
//! internally, ask the customer for information (the SLA clock stops), and
//! resolve it with how and why. A product bug gives the points back.

use super::{
    events::{insert_event, touch},
    notify::{About, Recipients, excerpt, tell},
    queries::visible_case,
};
use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::{CAUSES, CaseStatus, RESOLUTIONS, lifecycle::Step},
    entitlements::server::ledger,
    error::AppError,
    server::{AppState, error::ServerError},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    Take,
    /// A public answer; the first one is the case's first response.
    Reply(String),
    /// An internal note, never shown to the customer.
    Note(String),
    /// Asks the customer for something; the clock stops until they answer.
    AskCustomer(String),
    Resolve {
        resolution: String,
        cause: String,
        summary: String,
    },
    /// Gives the case to another engineer (by email).
    Assign(String),
    /// Raises the level: L1 to L2 (for an L2 engineer to take), L2 to L3
    /// (engineering; the L2 engineer stays the owner).
    RaiseLevel(String),
}

impl Work {
    /// Where the work stands in the case's life cycle.
    fn step(&self) -> Step {
        match self {
            Self::Take | Self::Reply(_) => Step::EngineerAnswers,
            Self::AskCustomer(_) => Step::AskCustomer,
            Self::Resolve { .. } => Step::Resolve,
            Self::Note(_) | Self::Assign(_) | Self::RaiseLevel(_) => Step::EngineerNotes,
        }
    }

    /// The work named by a form's or the API's `action`.
    pub fn from_action(
        action: &str,
        body: String,
        resolution: String,
        cause: String,
    ) -> Result<Self, AppError> {
        Ok(match action.trim() {
            "take" => Self::Take,
            "reply" => Self::Reply(body),
            "note" => Self::Note(body),
            "ask" => Self::AskCustomer(body),
            "resolve" => Self::Resolve { resolution, cause, summary: body },
            "assign" => Self::Assign(body),
            "raise_level" => Self::RaiseLevel(body),
            other => {
                return Err(AppError::bad_request(format!(
                    "Unknown action {other:?}: use take, reply, note, ask, resolve, assign or raise_level."
                )));
            }
        })
    }
}

pub async fn work(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    work: Work,
) -> Result<CaseStatus, ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?.clone();
    let case = visible_case(state, viewer, reference).await?;
    let current: CaseStatus = case.status.parse()?;
    let next = current.after(work.step())?;
    let text = |body: &str| {
        let body = body.trim();
        if body.is_empty() {
            Err(AppError::bad_request("Write the text."))
        } else {
            Ok(body.to_owned())
        }
    };
    let now = state.clock.now_ms();
    let about = About {
        case_id: case.id,
        reference: &case.reference,
        subject: &case.subject,
        by: Some(engineer.id),
    };
    let refunds = matches!(&work, Work::Resolve { cause, .. } if cause == "product_bug");
    let mut tx = state.db.pool().begin().await?;
    if refunds {
        // The ledger's lock comes first in the transaction, as every ledger
        // change takes it (see `ledger::lock`).
        ledger::lock(&mut tx, case.organisation_id).await?;
    }
    match &work {
        Work::Take => {
            sqlx::query("UPDATE cases SET owner_user_id = $1 WHERE id = $2")
                .bind(engineer.id)
                .bind(case.id)
                .execute(&mut *tx)
                .await?;
            insert_event(
                &mut tx,
                case.id,
                "status",
                engineer.id,
                &format!("Taken by {}", engineer.name),
                Some(next),
                now,
            )
            .await?;
            next
        }
        Work::Reply(body) | Work::AskCustomer(body) => {
            let body = text(body)?;
            insert_event(
                &mut tx,
                case.id,
                "message",
                engineer.id,
                &body,
                (next != current).then_some(next),
                now,
            )
            .await?;
            sqlx::query("UPDATE cases SET first_response_at = COALESCE(first_response_at, $1) WHERE id = $2")
                .bind(now)
                .bind(case.id)
                .execute(&mut *tx)
                .await?;
            let what = if next == CaseStatus::WaitingOnCustomer {
                let days = state.settings.workflow.auto_close_after_days;
                let text = format!(
                    "{}\n\nThe case waits for your answer; without one it closes after {days} days.",
                    excerpt(&body)
                );
                tell(
                    &mut tx,
                    about,
                    Recipients::Contact,
                    "Support needs information from you",
                    &text,
                    now,
                )
                .await?;
                None
            } else {
                Some("Support answered")
            };
            if let Some(what) = what {
                tell(&mut tx, about, Recipients::Contact, what, &excerpt(&body), now).await?;
            }
        }
        Work::Note(body) => {
            let body = text(body)?;
            insert_event(&mut tx, case.id, "note", engineer.id, &body, None, now).await?;
        }
        Work::Resolve { resolution, cause, summary } => {
            if !RESOLUTIONS.contains(&resolution.as_str()) {
                return Err(AppError::bad_request(format!(
                    "Resolve as one of: {}.",
                    RESOLUTIONS.join(", ")
                ))
                .into());
            }
            if !CAUSES.contains(&cause.as_str()) {
                return Err(AppError::bad_request(format!(
                    "Name the cause: {}.",
                    CAUSES.join(", ")
                ))
                .into());
            }
            let summary = text(summary)?;
            sqlx::query("UPDATE cases SET resolution = $1, cause = $2 WHERE id = $3")
                .bind(resolution)
                .bind(cause)
                .bind(case.id)
                .execute(&mut *tx)
                .await?;
            insert_event(&mut tx, case.id, "status", engineer.id, &summary, Some(next), now)
                .await?;
            let text =
                format!("{}\n\nIf the problem is not solved, reopen the case.", excerpt(&summary));
            tell(&mut tx, about, Recipients::Contact, "Resolved", &text, now).await?;
        }
        Work::Assign(email) => {
            let email = email.trim().to_lowercase();
            let assignee: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, name FROM users WHERE email = $1 AND role = 'engineer' AND active = 1",
            )
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
            let (assignee, name) = assignee.ok_or_else(|| {
                AppError::bad_request(format!("{email} is not an active support engineer."))
            })?;
            sqlx::query("UPDATE cases SET owner_user_id = $1 WHERE id = $2")
                .bind(assignee)
                .bind(case.id)
                .execute(&mut *tx)
                .await?;
            let note = format!("Assigned to {name} by {}", engineer.name);
            insert_event(&mut tx, case.id, "status", engineer.id, &note, Some(current), now)
                .await?;
            tell(&mut tx, about, Recipients::OwnerOrLevel, "Assigned to you", &note, now).await?;
        }
        Work::RaiseLevel(reason) => {
            let reason = text(reason)?;
            let level: String = sqlx::query_scalar("SELECT level FROM cases WHERE id = $1")
                .bind(case.id)
                .fetch_one(&mut *tx)
                .await?;
            let (next_level, keep_owner) = match level.as_str() {
                "L1" => ("L2", false),
                "L2" => ("L3", true),
                _ => {
                    return Err(AppError::Conflict(
                        "The case is already with engineering (L3).".into(),
                    )
                    .into());
                }
            };
            sqlx::query(
                "UPDATE cases SET level = $1, owner_user_id = CASE WHEN $2 = 1 THEN owner_user_id ELSE NULL END \
                 WHERE id = $3",
            )
            .bind(next_level)
            .bind(i64::from(keep_owner))
            .bind(case.id)
            .execute(&mut *tx)
            .await?;
            let note = format!("Raised to {next_level}: {reason}");
            insert_event(&mut tx, case.id, "escalated", engineer.id, &note, None, now).await?;
            let what = format!("Raised to {next_level}");
            tell(&mut tx, about, Recipients::Contact, &what, &reason, now).await?;
            if !keep_owner {
                let what = format!("Needs an {next_level} engineer");
                tell(&mut tx, about, Recipients::OwnerOrLevel, &what, &reason, now).await?;
            }
        }
    }
    if refunds {
        refund_if_charged(&mut tx, state, case.organisation_id, &case.reference, engineer.id)
            .await?;
    }
    touch(&mut tx, case.id, (next != current).then_some(next), now).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(next)
}

/// Gives back what the case was charged, if anything (priority plans and
/// enhancement requests cost nothing), in the resolving transaction.
async fn refund_if_charged(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    organisation_id: i64,
    reference: &str,
    engineer: i64,
) -> Result<(), ServerError> {
    let validity = state.catalogue.points.lot_validity_ms();
    let now = state.clock.now_ms();
    let refunded =
        ledger::refund_case_in(tx, organisation_id, now, reference, validity, Some(engineer)).await;
    match refunded {
        Ok(_) => Ok(()),
        Err(ServerError::App(AppError::NotFound(_) | AppError::Conflict(_))) => Ok(()),
        Err(error) => Err(error),
    }
}
