//! Colleagues who follow a case: they see and answer it and get its
//! notices and emails as its contact does, while they belong to its
//! organisation (or to a partner it lets act for it). Anyone who may see
//! the case adds a colleague (on the page, or by copying them on an email
//! from a proven sender); the follower, the contact, account holders and
//! staff remove one.

use sqlx::FromRow;

use super::{
    events::{insert_event, touch},
    queries::{CaseRow, visible_case, visible_case_in},
};
use crate::{
    accounts::{Role, SessionUser, partners_api::PartnerAccess, server::partners},
    auth::server::Viewer,
    cases::{EventKind, Follower},
    error::AppError,
    ids::UserId,
    infra::{db::Tx, error::ServerError},
    notifications::server::{Notice, write},
    runtime::AppState,
};

/// How `user` stands to the case beyond its contact and organisation:
/// whether it is shared with them (they follow it, or its organisation
/// lets every member see every case), and what the case's organisation
/// lets theirs do as its partner.
pub(super) async fn relation(
    conn: &mut sqlx::AnyConnection,
    case: &CaseRow,
    user: Option<&SessionUser>,
) -> Result<(bool, Option<PartnerAccess>), ServerError> {
    let Some((user, organisation)) = user.and_then(|u| Some((u, u.organisation_id()?))) else {
        return Ok((false, None));
    };
    if organisation == case.organisation_id {
        // Only a colleague of the contact needs the second look.
        if user.role != Role::Customer || user.id == case.contact_user_id {
            return Ok((false, None));
        }
        return Ok((follows(conn, case, user.id, true).await?, None));
    }
    let partner = partners::access(conn, organisation, case.organisation_id).await?;
    let shared = partner == Some(PartnerAccess::File)
        && user.id != case.contact_user_id
        && follows(conn, case, user.id, false).await?;
    Ok((shared, partner))
}

/// Whether `user` follows the case, or (`members`: they belong to its
/// organisation) it lets every member see every case.
async fn follows(
    conn: &mut sqlx::AnyConnection,
    case: &CaseRow,
    user: UserId,
    members: bool,
) -> Result<bool, ServerError> {
    let shares: i64 = sqlx::query_scalar(
        "SELECT (SELECT members_see_all_cases * $4 FROM organisations WHERE id = $1) \
         + (SELECT COUNT(*) FROM case_followers WHERE case_id = $2 AND user_id = $3)",
    )
    .bind(case.organisation_id)
    .bind(case.id)
    .bind(user)
    .bind(i64::from(members))
    .fetch_one(&mut *conn)
    .await?;
    Ok(shares > 0)
}

/// The condition that user `u` acts for `organisation` (an SQL
/// expression): a member of it, or of a partner it lets act for it. Only
/// they follow its cases and hear of them.
pub(super) fn acts_for(organisation: &str) -> String {
    format!(
        "(u.organisation_id = {organisation} OR u.organisation_id IN (SELECT partner_id \
         FROM partnerships WHERE client_id = {organisation} AND access <> 'none'))"
    )
}

#[derive(FromRow)]
struct FollowerRow {
    id: UserId,
    name: String,
    email: String,
}

/// The case's followers who still belong to its organisation, by name,
/// each saying whether `viewer` may remove them.
pub(super) async fn list(
    conn: &mut sqlx::AnyConnection,
    case: &CaseRow,
    viewer: &SessionUser,
) -> Result<Vec<Follower>, ServerError> {
    let rows: Vec<FollowerRow> = sqlx::query_as(&format!(
        "SELECT u.id, u.name, u.email FROM case_followers f JOIN users u ON u.id = f.user_id \
         WHERE f.case_id = $1 AND u.active = 1 AND {} ORDER BY u.name, u.id",
        acts_for("$2")
    ))
    .bind(case.id)
    .bind(case.organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Follower {
            removable: may_remove(viewer, case, row.id),
            id: row.id,
            name: row.name,
            email: row.email,
        })
        .collect())
}

fn may_remove(viewer: &SessionUser, case: &CaseRow, follower: UserId) -> bool {
    viewer.id == follower
        || viewer.id == case.contact_user_id
        || matches!(viewer.role, Role::AccountHolder | Role::Engineer | Role::Admin)
}

/// Adds the colleague with this address as a follower of the case.
pub async fn add(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    email: &str,
) -> Result<Follower, ServerError> {
    let user = viewer.require_user()?;
    let mut tx = state.db.pool().begin().await?;
    let case = visible_case_in(&mut tx, viewer, reference).await?;
    let email = crate::accounts::normalise_email(email)?;
    let Some(colleague) = colleague(&mut tx, &case, &email).await? else {
        return Err(AppError::bad_request(format!(
            "Nobody in the case's organisation or its partners has the address {email}: an \
             account holder invites colleagues on the organisation page."
        ))
        .into());
    };
    if colleague.id == case.contact_user_id {
        let message = format!("{} filed the case and follows it already.", colleague.name);
        return Err(AppError::Conflict(message).into());
    }
    let now = state.clock.now_ms();
    if !insert(&mut tx, &case, &colleague, (user.id, "added"), now).await? {
        let message = format!("{} follows the case already.", colleague.name);
        return Err(AppError::Conflict(message).into());
    }
    tx.commit().await?;
    state.jobs.wake();
    Ok(Follower {
        removable: may_remove(user, &case, colleague.id),
        id: colleague.id,
        name: colleague.name,
        email: colleague.email,
    })
}

/// Stops `follower` following the case.
pub async fn remove(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    follower: UserId,
) -> Result<(), ServerError> {
    let user = viewer.require_user()?;
    let case = visible_case(state, viewer, reference).await?;
    if !may_remove(user, &case, follower) {
        return Err(AppError::Forbidden.into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let name: Option<String> = sqlx::query_scalar(
        "SELECT u.name FROM case_followers f JOIN users u ON u.id = f.user_id \
         WHERE f.case_id = $1 AND f.user_id = $2",
    )
    .bind(case.id)
    .bind(follower)
    .fetch_optional(&mut *tx)
    .await?;
    let name = name.ok_or_else(|| AppError::not_found("That follower"))?;
    sqlx::query("DELETE FROM case_followers WHERE case_id = $1 AND user_id = $2")
        .bind(case.id)
        .bind(follower)
        .execute(&mut *tx)
        .await?;
    let said = if follower == user.id {
        format!("{name} stopped following the case.")
    } else {
        format!("{} removed {name} from the case's followers.", user.name)
    };
    insert_event(&mut tx, case.id, EventKind::Message, user.id, &said, None, now).await?;
    touch(&mut tx, case.id, None, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds the colleagues among an email's other recipients (`To`, `Cc`) as
/// followers, in the caller's transaction. Called only for a proven
/// sender; addresses of anyone else are passed over.
pub(in crate::cases::server) async fn add_copied(
    tx: &mut Tx,
    viewer: &Viewer,
    reference: &str,
    addresses: &[String],
    now: i64,
) -> Result<(), ServerError> {
    let sender = viewer.require_user()?;
    let case = visible_case_in(&mut *tx, viewer, reference).await?;
    let mut addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    addresses.sort_unstable();
    addresses.dedup();
    for address in addresses {
        let Some(colleague) = colleague(&mut *tx, &case, address).await? else {
            continue;
        };
        if colleague.id != case.contact_user_id && colleague.id != sender.id {
            insert(tx, &case, &colleague, (sender.id, "copied on an email"), now).await?;
        }
    }
    Ok(())
}

/// An active member of the case's organisation, or of a partner it lets
/// act for it, with this address.
async fn colleague(
    conn: &mut sqlx::AnyConnection,
    case: &CaseRow,
    email: &str,
) -> Result<Option<FollowerRow>, ServerError> {
    Ok(sqlx::query_as(&format!(
        "SELECT u.id, u.name, u.email FROM users u WHERE u.email = $1 AND {} \
         AND u.active = 1 AND u.role IN ('customer', 'account_holder')",
        acts_for("$2")
    ))
    .bind(email)
    .bind(case.organisation_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Records the follower, added by `by` (`how` says how), on the timeline
/// and in their notices; `false` when they followed the case already.
async fn insert(
    tx: &mut Tx,
    case: &CaseRow,
    colleague: &FollowerRow,
    (by, how): (UserId, &str),
    now: i64,
) -> Result<bool, ServerError> {
    let added = sqlx::query(
        "INSERT INTO case_followers (case_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_id, user_id) DO NOTHING",
    )
    .bind(case.id)
    .bind(colleague.id)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if added.rows_affected() == 0 {
        return Ok(false);
    }
    let said = format!("{} follows the case ({how}).", colleague.name);
    insert_event(tx, case.id, EventKind::Message, by, &said, None, now).await?;
    let notice = Notice {
        user_id: colleague.id,
        case_id: Some(case.id),
        subject: format!("{}: You follow the case", case.reference),
        body: format!(
            "{}\n\nYou see the case, can write to it, and get its news by email.",
            case.subject
        ),
        link: format!("/cases/{}", case.reference),
    };
    write(tx, &[notice], now).await?;
    touch(tx, case.id, None, now).await?;
    Ok(true)
}
