//! Levels and severity: who may work a case at its level, routing it to
//! an engineer of that level, raising it along the path (L1, L2, L3) with
//! each level told, and re-assessing the severity it deserves.

use super::{CaseRow, Doing, Work, required_text};
use crate::{
    accounts::{Level, SessionUser},
    cases::{
        EventKind, Severity,
        server::{
            events::insert_event,
            notify::{Recipients, page_on_call, tell},
        },
    },
    error::AppError,
    ids::UserId,
    infra::{db::Tx, error::ServerError},
};

/// Levels are a path (L1, then L2, then L3): an engineer works the cases
/// of their level and below, and the owner of a case raised to engineering
/// (L3) goes on working it. Every engineer may note and route a case (to
/// an engineer of its level, see [`Doing::assign`]). Staff without a level
/// (admins) work every case.
pub(super) fn may_work(
    engineer: &SessionUser,
    case: &CaseRow,
    work: &Work,
) -> Result<(), AppError> {
    match matches!(work, Work::Note(_) | Work::Assign(_)) {
        true => Ok(()),
        false => works_at_its_level(engineer, case),
    }
}

/// Whether the engineer works cases of this case's level (or owns it).
pub(in crate::cases::server) fn works_at_its_level(
    engineer: &SessionUser,
    case: &CaseRow,
) -> Result<(), AppError> {
    let level = case.level();
    let within_level = engineer.level.is_none_or(|own| own >= level);
    if within_level || case.owner_user_id == Some(engineer.id) {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "The case is at {level}: an engineer of {level} or above works it."
    )))
}

impl Doing<'_> {
    /// A new severity, with the reason on the timeline for the customer to
    /// read. Raised to one that pages, it pages as a case opened so would.
    pub(super) async fn reassess(
        &self,
        tx: &mut Tx,
        severity: Severity,
        reason: &str,
    ) -> Result<(), ServerError> {
        let reason = required_text(reason)?;
        let levels = &self.state.catalogue.service_levels;
        levels.check(severity)?;
        let was = self.severity;
        if severity == was {
            let message = format!("The case is already {}.", levels.spoken(severity));
            return Err(AppError::bad_request(message).into());
        }
        let case_id = self.about.case_id;
        sqlx::query("UPDATE cases SET severity = $1 WHERE id = $2")
            .bind(severity.as_str())
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
        let (from, to) = (was.as_str(), severity.as_str());
        let note = format!("Severity {from} to {to} ({}): {reason}", self.engineer.name);
        insert_event(tx, case_id, EventKind::Status, self.engineer.id, &note, None, self.now)
            .await?;
        let what = format!("Severity changed to {}", levels.numbered(severity));
        tell(tx, self.about, Recipients::Contact, &what, &reason, self.now).await?;
        let how = ("after re-assessment", "An engineer re-assessed it");
        page_on_call(self.state, tx, self.about, severity, how, self.now).await
    }

    /// Gives the case to another engineer, named by email.
    pub(super) async fn assign(&self, tx: &mut Tx, email: &str) -> Result<(), ServerError> {
        let email = email.trim().to_lowercase();
        let assignee: Option<(UserId, String, Option<Level>)> = sqlx::query_as(
            "SELECT id, name, level FROM users WHERE email = $1 AND role = 'engineer' AND active = 1",
        )
        .bind(&email)
        .fetch_optional(&mut **tx)
        .await?;
        let (assignee, name, their_level) = assignee.ok_or_else(|| {
            AppError::bad_request(format!("{email} is not an active support engineer."))
        })?;
        let level = self.level;
        if let Some(theirs) = their_level.filter(|theirs| *theirs < level) {
            let message = format!("{name} is {theirs}: the case is at {level}.");
            return Err(AppError::bad_request(message).into());
        }
        let case_id = self.about.case_id;
        sqlx::query("UPDATE cases SET owner_user_id = $1 WHERE id = $2")
            .bind(assignee)
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
        let note = format!("Assigned to {name} by {}", self.engineer.name);
        let (engineer, status, now) = (self.engineer.id, Some(self.current), self.now);
        insert_event(tx, case_id, EventKind::Status, engineer, &note, status, now).await?;
        tell(tx, self.about, Recipients::OwnerOrLevel, "Assigned to you", &note, now).await
    }

    /// L1 to L2 (for an L2 engineer to take), L2 to L3 (engineering; the
    /// L2 engineer stays the owner).
    pub(super) async fn raise_level(&self, tx: &mut Tx, reason: &str) -> Result<(), ServerError> {
        let reason = required_text(reason)?;
        let case_id = self.about.case_id;
        let (next_level, keep_owner) = match self.level {
            Level::L1 => (Level::L2, false),
            Level::L2 => (Level::L3, true),
            Level::L3 => {
                let message = "The case is already with engineering (L3).";
                return Err(AppError::Conflict(message.into()).into());
            }
        };
        // Only from the level the work found: two raises at once raise once.
        let raised = sqlx::query(
            "UPDATE cases SET level = $1, owner_user_id = CASE WHEN $2 = 1 THEN owner_user_id ELSE NULL END \
             WHERE id = $3 AND level = $4",
        )
        .bind(next_level)
        .bind(i64::from(keep_owner))
        .bind(case_id)
        .bind(self.level)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if raised == 0 {
            let message = format!("The case has left {} meanwhile: reload it.", self.level);
            return Err(AppError::Conflict(message).into());
        }
        let note = format!("Raised to {next_level}: {reason}");
        insert_event(tx, case_id, EventKind::Escalated, self.engineer.id, &note, None, self.now)
            .await?;
        let what = format!("Raised to {next_level}");
        tell(tx, self.about, Recipients::Contact, &what, &reason, self.now).await?;
        // The next level hears of it: L2 to take it, L3 (engineering) to
        // work it beside its L2 owner.
        let what = format!("Needs an {next_level} engineer");
        tell(tx, self.about, Recipients::Level, &what, &reason, self.now).await?;
        Ok(())
    }
}
