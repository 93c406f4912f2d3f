//! Notifications: written in the transaction of the change they tell about
//! (so a rolled-back change tells nobody), read in the app, and emailed by
//! the mail job from the same rows (an outbox: a mail server that is down
//! delays the email, it does not lose it or fail the change).

use sqlx::FromRow;

use crate::{
    auth::server::Viewer,
    cases::server::email::thread_for,
    ids::UserId,
    infra::{error::ServerError, mail::Email},
    runtime::AppState,
};
use crate::{
    error::AppError,
    notifications::{Inbox, Notification},
};

pub use crate::infra::db::Tx;

/// One user told one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub user_id: UserId,
    pub case_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub link: String,
}

/// Records the notices for the app and the mail job. A user named twice
/// (the owner who is also an admin) is told once.
pub async fn write(tx: &mut Tx, notices: &[Notice], now: i64) -> Result<(), ServerError> {
    let mut told = std::collections::BTreeSet::new();
    for notice in notices {
        if !told.insert((notice.user_id, notice.subject.as_str())) {
            continue;
        }
        sqlx::query(
            "INSERT INTO notifications (user_id, case_id, subject, body, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(notice.user_id)
        .bind(notice.case_id)
        .bind(&notice.subject)
        .bind(&notice.body)
        .bind(&notice.link)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    subject: String,
    body: String,
    link: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// The viewer's 100 latest notifications and the unread count.
pub async fn inbox(state: &AppState, viewer: &Viewer) -> Result<Inbox, ServerError> {
    let user = viewer.require_user()?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, subject, body, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT 100",
    )
    .bind(user.id)
    .fetch_all(state.db.pool())
    .await?;
    let notifications = rows
        .into_iter()
        .map(|row| Notification {
            id: row.id,
            subject: row.subject,
            body: row.body,
            link: row.link,
            created_at: row.created_at,
            read: row.read_at.is_some(),
        })
        .collect();
    Ok(Inbox { notifications, unread: unread(state, viewer).await? })
}

pub async fn unread(state: &AppState, viewer: &Viewer) -> Result<i64, ServerError> {
    let user = viewer.require_user()?;
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user.id)
    .fetch_one(state.db.pool())
    .await?;
    Ok(count)
}

/// Marks one of the viewer's notifications read (404 for anyone else's),
/// or all of them.
pub async fn mark_read(
    state: &AppState,
    viewer: &Viewer,
    id: Option<i64>,
) -> Result<(), ServerError> {
    let user = viewer.require_user()?;
    let now = state.clock.now_ms();
    let changed = sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) \
         WHERE user_id = $2 AND ($3 = 0 OR id = $3)",
    )
    .bind(now)
    .bind(user.id)
    .bind(id.unwrap_or(0))
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if id.is_some() && changed == 0 {
        return Err(AppError::not_found("That notification").into());
    }
    Ok(())
}

#[derive(FromRow)]
struct Pending {
    id: i64,
    /// The case the notice is about, whose email thread it joins.
    reference: Option<String>,
    email: String,
    subject: String,
    body: String,
    link: String,
    email_attempts: i64,
}

/// A notification whose email keeps failing is given up after this many tries.
const MAX_EMAIL_ATTEMPTS: i64 = 5;

/// Emails the pending notifications, oldest first, up to `limit`. Returns
/// how many were sent; failures are logged and tried again next time.
pub async fn send_pending(state: &AppState, limit: i64) -> Result<usize, ServerError> {
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT n.id, c.reference, u.email, n.subject, n.body, n.link, n.email_attempts \
         FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN cases c ON c.id = n.case_id \
         WHERE n.email_state = 'pending' ORDER BY n.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for notice in pending {
        let email = Email {
            thread: notice
                .reference
                .map(|reference| thread_for(state, &reference, notice.id, &notice.email)),
            to: notice.email,
            subject: notice.subject,
            body: format!("{}\n\n{}\n", notice.body, state.settings.link(&notice.link)),
            automatic: false,
        };
        let (next_state, attempts) = match state.mailer.send(email).await {
            Ok(()) => {
                sent += 1;
                ("sent", notice.email_attempts + 1)
            }
            Err(error) => {
                let attempts = notice.email_attempts + 1;
                tracing::warn!(notification = notice.id, attempts, error = %error, "email not sent");
                (if attempts >= MAX_EMAIL_ATTEMPTS { "failed" } else { "pending" }, attempts)
            }
        };
        sqlx::query("UPDATE notifications SET email_state = $1, email_attempts = $2 WHERE id = $3")
            .bind(next_state)
            .bind(attempts)
            .bind(notice.id)
            .execute(state.db.pool())
            .await?;
    }
    Ok(sent)
}
