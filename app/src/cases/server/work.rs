//! What support engineers do on a case: take it, answer in public or note
//! internally, ask the customer for information (the SLA clock stops), and
//! resolve it with how and why. A product bug gives the points back.

mod hold;
pub(super) mod levels;
mod reclassify;
mod tracking;

use levels::may_work;
use reclassify::Reclassification;
use tracking::Tracking;

use super::{
    events::{insert_event, touch},
    notify::{About, Recipients, excerpt, tell},
    queries::{CaseRow, case_by_id, visible_case},
};
use crate::{
    accounts::{Level, SessionUser},
    auth::server::{Action, Viewer, authorize},
    cases::{
        CaseStatus, CaseWork, Cause, EventKind, HoldReason, Resolution, Severity, WorkAction,
        lifecycle::Step,
    },
    entitlements::server::ledger,
    error::AppError,
    ids::OrganisationId,
    ids::UserId,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    Take,
    /// A public answer; the first one is the case's first response.
    Reply(String),
    /// A workaround or an alternate resolution plan: a public answer that
    /// meets the resolution target while the case stays open (Xecuritas:
    /// "resolved or an acceptable work-around or alternate resolution plan
    /// has been delivered").
    Workaround(String),
    /// An internal note, never shown to the customer.
    Note(String),
    /// Asks the customer for something; the clock stops until they answer.
    AskCustomer(String),
    Resolve {
        resolution: Resolution,
        cause: Cause,
        summary: String,
        tracking: Tracking,
    },
    /// Gives the case to another engineer (by email).
    Assign(String),
    /// Raises the level: L1 to L2 (for an L2 engineer to take), L2 to L3
    /// (engineering; the L2 engineer stays the owner).
    RaiseLevel(String),
    /// Sets the severity the case deserves, and says why (Aveksa: L1 will
    /// "Assign the issue the appropriate severity"). The clocks follow the
    /// new severity from the case's opening.
    Reassess {
        severity: Severity,
        reason: String,
    },
    /// Changes the type, product, version and details, and says why; the
    /// charge follows the new type.
    Reclassify(Reclassification),
    /// Holds the case: its clocks stand still until it is taken up again.
    Hold {
        reason: HoldReason,
        why: String,
    },
    /// Takes a held case up again, saying why.
    Resume(String),
}

impl Work {
    /// Where the work stands in the case's life cycle.
    fn step(&self) -> Step {
        match self {
            Self::Take | Self::Reply(_) | Self::Workaround(_) => Step::EngineerAnswers,
            Self::AskCustomer(_) => Step::AskCustomer,
            Self::Resolve { .. } => Step::Resolve,
            Self::Hold { .. } => Step::Hold,
            Self::Resume(_) => Step::Resume,
            Self::Note(_)
            | Self::Assign(_)
            | Self::RaiseLevel(_)
            | Self::Reassess { .. }
            | Self::Reclassify(_) => Step::EngineerNotes,
        }
    }

    /// The work an engineer's form or API call asks for.
    pub fn from_input(input: CaseWork) -> Result<Self, AppError> {
        let CaseWork {
            action,
            body,
            resolution,
            cause,
            severity,
            engineering_ref,
            target_release,
            case_type,
            fields,
            hold,
        } = input;
        Ok(match action {
            WorkAction::Take => Self::Take,
            WorkAction::Reply => Self::Reply(body),
            WorkAction::Workaround => Self::Workaround(body),
            WorkAction::Note => Self::Note(body),
            WorkAction::Ask => Self::AskCustomer(body),
            WorkAction::Resolve => Self::Resolve {
                resolution: resolution
                    .ok_or_else(|| AppError::bad_request("Choose how the case was resolved."))?,
                cause: cause.ok_or_else(|| AppError::bad_request("Choose the cause."))?,
                summary: body,
                tracking: Tracking::new(engineering_ref, target_release)?,
            },
            WorkAction::Assign => Self::Assign(body),
            WorkAction::RaiseLevel => Self::RaiseLevel(body),
            WorkAction::Hold => Self::Hold {
                reason: hold
                    .ok_or_else(|| AppError::bad_request("Choose why the case is held."))?,
                why: body,
            },
            WorkAction::Resume => Self::Resume(body),
            WorkAction::Reclassify => Self::Reclassify(Reclassification {
                case_type: case_type
                    .ok_or_else(|| AppError::bad_request("Choose the case type."))?,
                fields,
                reason: body,
            }),
            WorkAction::Reassess => Self::Reassess {
                severity: severity.ok_or_else(|| AppError::bad_request("Choose the severity."))?,
                reason: body,
            },
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
    let current = case.status;
    let next = current.after(work.step())?;
    may_work(&engineer, &case, &work)?;
    let doing = Doing::on(state, &engineer, &case, next);
    let refunds = matches!(&work, Work::Resolve { cause: Cause::ProductBug, .. });
    let mut tx = state.db.pool().begin().await?;
    if refunds || matches!(&work, Work::Reclassify(_)) {
        // The ledger's lock comes first in the transaction, as every ledger
        // change takes it (see `ledger::lock`).
        ledger::lock(&mut tx, case.billed_organisation_id).await?;
    }
    match &work {
        Work::Take => doing.take(&mut tx).await?,
        Work::Reply(body) => doing.answer(&mut tx, body).await?,
        Work::Workaround(body) => doing.deliver_workaround(&mut tx, body).await?,
        Work::AskCustomer(body) => doing.ask_customer(&mut tx, body).await?,
        Work::Note(body) => {
            let body = required_text(body)?;
            insert_event(&mut tx, case.id, EventKind::Note, engineer.id, &body, None, doing.now)
                .await?;
        }
        Work::Resolve { resolution, cause, summary, tracking } => {
            doing.resolve(&mut tx, (*resolution, *cause), summary, tracking).await?
        }
        Work::Assign(email) => doing.assign(&mut tx, email).await?,
        Work::RaiseLevel(reason) => doing.raise_level(&mut tx, reason).await?,
        Work::Reassess { severity, reason } => doing.reassess(&mut tx, *severity, reason).await?,
        Work::Reclassify(change) => doing.reclassify(&mut tx, change).await?,
        Work::Hold { reason, why } => doing.hold(&mut tx, *reason, why).await?,
        Work::Resume(why) => doing.resume(&mut tx, why).await?,
    }
    if refunds {
        let billed = case.billed_organisation_id;
        let refund = (case.reference.as_str(), "product bug");
        refund_if_charged(&mut tx, state, billed, refund, engineer.id).await?;
    }
    touch(&mut tx, case.id, (next != current).then_some(next), doing.now).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(next)
}

/// Resolves a case its known problem's fix resolves, as an engineer's
/// resolve would (fixed, a product bug: charged points go back), whatever
/// the level of the engineer who posted the fix. A case resolved or closed
/// meanwhile is left alone (false).
pub(super) async fn resolve_as_fixed(
    state: &AppState,
    engineer: &SessionUser,
    case_id: i64,
    (release, summary): (&str, &str),
) -> Result<bool, ServerError> {
    let mut tx = state.db.pool().begin().await?;
    let Some(case) = case_by_id(&mut tx, case_id).await? else { return Ok(false) };
    let Ok(next) = case.status.after(Step::Resolve) else { return Ok(false) };
    ledger::lock(&mut tx, case.billed_organisation_id).await?;
    let doing = Doing::on(state, engineer, &case, next);
    let tracking = Tracking { engineering_ref: None, target_release: Some(release.to_owned()) };
    doing.resolve(&mut tx, (Resolution::Fixed, Cause::ProductBug), summary, &tracking).await?;
    let refund = (case.reference.as_str(), "product bug");
    refund_if_charged(&mut tx, state, case.billed_organisation_id, refund, engineer.id).await?;
    touch(&mut tx, case.id, Some(next), doing.now).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(true)
}

/// Text an engineer must write: trimmed, not empty.
fn required_text(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        Err(AppError::bad_request("Write the text."))
    } else {
        Ok(body.to_owned())
    }
}

/// One piece of work under way: who does it, on which case, and where it
/// takes the case.
struct Doing<'a> {
    state: &'a AppState,
    engineer: &'a SessionUser,
    about: About<'a>,
    /// The case's level and severity as the work found them.
    level: Level,
    severity: Severity,
    /// Whose entitlement the case uses (a partner's, for its client's case,
    /// where the policy says so).
    organisation_id: OrganisationId,
    current: CaseStatus,
    next: CaseStatus,
    now: i64,
}

impl<'a> Doing<'a> {
    /// The engineer's work on the case as it stands, taking it to `next`.
    fn on(
        state: &'a AppState,
        engineer: &'a SessionUser,
        case: &'a CaseRow,
        next: CaseStatus,
    ) -> Self {
        Doing {
            state,
            engineer,
            about: About {
                case_id: case.id,
                reference: &case.reference,
                subject: &case.subject,
                by: Some(engineer.id),
            },
            level: case.level(),
            severity: case.severity(),
            organisation_id: case.billed_organisation_id,
            current: case.status,
            next,
            now: state.clock.now_ms(),
        }
    }

    async fn take(&self, tx: &mut Tx) -> Result<(), ServerError> {
        let (case_id, engineer) = (self.about.case_id, self.engineer);
        sqlx::query("UPDATE cases SET owner_user_id = $1 WHERE id = $2")
            .bind(engineer.id)
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
        let text = format!("Taken by {}", engineer.name);
        insert_event(tx, case_id, EventKind::Status, engineer.id, &text, Some(self.next), self.now)
            .await?;
        // The customer hears when the case reaches the engineers who
        // reproduce it (L2) or work it in engineering (L3).
        let level = self.level;
        if level > Level::L1 {
            let text = format!("{} ({level}) has taken the case.", engineer.name);
            let what = format!("An {level} engineer took the case");
            tell(tx, self.about, Recipients::Contact, &what, &text, self.now).await?;
        }
        Ok(())
    }

    /// A public answer: the first one is the case's first response.
    async fn answer(&self, tx: &mut Tx, body: &str) -> Result<(), ServerError> {
        let body = self.public_message(tx, body).await?;
        tell(tx, self.about, Recipients::Contact, "Support answered", &excerpt(&body), self.now)
            .await
    }

    /// The first workaround delivered is when the resolution target was met.
    async fn deliver_workaround(&self, tx: &mut Tx, body: &str) -> Result<(), ServerError> {
        let body = self.public_message(tx, body).await?;
        sqlx::query("UPDATE cases SET workaround_at = COALESCE(workaround_at, $1) WHERE id = $2")
            .bind(self.now)
            .bind(self.about.case_id)
            .execute(&mut **tx)
            .await?;
        let what = "A workaround for your case";
        tell(tx, self.about, Recipients::Contact, what, &excerpt(&body), self.now).await
    }

    /// A question to the customer: the case waits on them.
    async fn ask_customer(&self, tx: &mut Tx, body: &str) -> Result<(), ServerError> {
        let body = self.public_message(tx, body).await?;
        let days = self.state.settings.workflow.auto_close_after_days;
        let text = format!(
            "{}\n\nThe case waits for your answer; without one it closes after {days} days.",
            excerpt(&body)
        );
        let what = "Support needs information from you";
        tell(tx, self.about, Recipients::Contact, what, &text, self.now).await
    }

    /// Records a message the customer sees, and the first response time.
    async fn public_message(&self, tx: &mut Tx, body: &str) -> Result<String, ServerError> {
        let body = required_text(body)?;
        let (case_id, now) = (self.about.case_id, self.now);
        let status = (self.next != self.current).then_some(self.next);
        insert_event(tx, case_id, EventKind::Message, self.engineer.id, &body, status, now).await?;
        record_first_response(tx, case_id, now).await?;
        Ok(body)
    }

    async fn resolve(
        &self,
        tx: &mut Tx,
        (resolution, cause): (Resolution, Cause),
        summary: &str,
        tracking: &Tracking,
    ) -> Result<(), ServerError> {
        let summary = required_text(summary)?;
        let case_id = self.about.case_id;
        sqlx::query(
            "UPDATE cases SET resolution = $1, cause = $2, engineering_ref = $3, \
             target_release = $4 WHERE id = $5",
        )
        .bind(resolution.as_str())
        .bind(cause.as_str())
        .bind(tracking.engineering_ref.as_deref())
        .bind(tracking.target_release.as_deref())
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
        let (engineer, next, now) = (self.engineer.id, Some(self.next), self.now);
        let recorded = format!("{}{summary}", tracking.said(resolution));
        insert_event(tx, case_id, EventKind::Status, engineer, &recorded, next, now).await?;
        let text = format!(
            "{}{}\n\nIf the problem is not solved, reopen the case.",
            tracking.said(resolution),
            excerpt(&summary)
        );
        tell(tx, self.about, Recipients::Contact, "Resolved", &text, now).await
    }
}

/// The first public message from support is the case's first response;
/// later ones change nothing.
pub(super) async fn record_first_response(
    tx: &mut Tx,
    case_id: i64,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE cases SET first_response_at = COALESCE(first_response_at, $1) WHERE id = $2",
    )
    .bind(now)
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives back what the case was charged, if anything (priority plans and
/// enhancement requests cost nothing), in the caller's transaction, which
/// took the ledger's lock first.
pub(super) async fn refund_if_charged(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    organisation_id: OrganisationId,
    (reference, why): (&str, &str),
    engineer: UserId,
) -> Result<(), ServerError> {
    let validity = state.catalogue.points.lot_validity_ms();
    let now = state.clock.now_ms();
    let refunded = ledger::refund_case_in(
        tx,
        organisation_id,
        now,
        (reference, why),
        validity,
        Some(engineer),
    )
    .await;
    match refunded {
        Ok(_) => Ok(()),
        Err(ServerError::App(AppError::NotFound(_) | AppError::Conflict(_))) => Ok(()),
        Err(error) => Err(error),
    }
}
