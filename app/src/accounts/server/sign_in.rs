//! Checking a password at sign-in, with failed attempts limited per
//! account and network address together, and per network address.
//! Attempts are counted in the database, so the limits hold across
//! several servers.

use crate::{
    accounts::{SessionUser, normalise_email},
    auth::server::password,
    error::AppError,
    infra::{db::Db, error::ServerError},
};

use super::users;

/// Failed attempts allowed for one account from one network address in
/// the window. The lock falls on that source, not on the account: someone
/// guessing from elsewhere cannot lock the owner out.
pub const MAX_FAILURES_PER_SOURCE: i64 = 5;
/// Failed attempts allowed per network address in the window, whatever the accounts.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Attempts older than this are deleted.
const KEEP_ATTEMPTS_MS: i64 = 24 * 60 * 60 * 1000;

/// Returns the user whose email and password these are. The attempt is
/// recorded as failed before anything is checked, so guesses sent in
/// parallel all count against the limit; it becomes a success when the
/// password matches.
pub async fn verify(
    db: &Db,
    now_ms: i64,
    email: &str,
    password: String,
    address: &str,
) -> Result<SessionUser, ServerError> {
    let email = normalise_email(email).map_err(|_| AppError::WrongCredentials)?;
    let attempt = record_attempt(db, now_ms, &email, address).await?;
    check_limits(db, now_ms, &email, address).await?;

    let user = users::find_by_email(db, &email).await?;
    let stored = user.as_ref().filter(|u| u.is_active()).and_then(|u| u.password_hash.clone());
    let matches = password::verify_password(password, stored).await?;
    match user {
        Some(user) if matches => {
            sqlx::query("UPDATE sign_in_attempts SET succeeded = 1 WHERE id = $1")
                .bind(attempt)
                .execute(db.pool())
                .await?;
            Ok(user.to_session_user()?)
        }
        _ => Err(AppError::WrongCredentials.into()),
    }
}

/// Refuses when this attempt (already recorded) goes past a limit.
async fn check_limits(db: &Db, now_ms: i64, email: &str, address: &str) -> Result<(), ServerError> {
    let since = now_ms - WINDOW_MS;
    let per_source: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_attempts \
         WHERE email = $1 AND address = $2 AND succeeded = 0 AND created_at > $3",
    )
    .bind(email)
    .bind(address)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let per_address: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_attempts WHERE address = $1 AND succeeded = 0 AND created_at > $2",
    )
    .bind(address)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    if per_source > MAX_FAILURES_PER_SOURCE || per_address > MAX_FAILURES_PER_ADDRESS {
        tracing::warn!(address, "sign-in refused: too many failed attempts");
        return Err(AppError::TooManyRequests.into());
    }
    Ok(())
}

/// Records an attempt as failed and returns its id; old attempts are pruned.
async fn record_attempt(
    db: &Db,
    now_ms: i64,
    email: &str,
    address: &str,
) -> Result<i64, ServerError> {
    let id = sqlx::query_scalar(
        "INSERT INTO sign_in_attempts (email, address, succeeded, created_at) \
         VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(email)
    .bind(address)
    .bind(now_ms)
    .fetch_one(db.pool())
    .await?;
    sqlx::query("DELETE FROM sign_in_attempts WHERE created_at < $1")
        .bind(now_ms - KEEP_ATTEMPTS_MS)
        .execute(db.pool())
        .await?;
    Ok(id)
}
