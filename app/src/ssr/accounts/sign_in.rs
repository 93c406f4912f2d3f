//! Checking a password at sign-in, with attempts limited per account and
//! per network address. Attempts are counted in the database, so the limit
//! holds across several servers.

use crate::{
    accounts::{SessionUser, normalise_email},
    error::AppError,
    ssr::{auth::password, db::Db, error::ServerError},
};

use super::users;

/// Failed attempts allowed per account in the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed attempts allowed per network address in the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Attempts older than this are deleted.
const KEEP_ATTEMPTS_MS: i64 = 24 * 60 * 60 * 1000;

/// Returns the user whose email and password these are.
pub async fn verify(
    db: &Db,
    now_ms: i64,
    email: &str,
    password: String,
    address: &str,
) -> Result<SessionUser, ServerError> {
    let email = normalise_email(email).map_err(|_| AppError::WrongCredentials)?;
    check_limits(db, now_ms, &email, address).await?;

    let user = users::find_by_email(db, &email).await?;
    let stored = user.as_ref().filter(|u| u.is_active()).and_then(|u| u.password_hash.clone());
    let matches = password::verify_password(password, stored).await?;
    record(db, now_ms, &email, address, matches).await?;
    match user {
        Some(user) if matches => Ok(user.to_session_user()?),
        _ => Err(AppError::WrongCredentials.into()),
    }
}

async fn check_limits(db: &Db, now_ms: i64, email: &str, address: &str) -> Result<(), ServerError> {
    let since = now_ms - WINDOW_MS;
    let per_account: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_attempts WHERE email = $1 AND succeeded = 0 AND created_at > $2",
    )
    .bind(email)
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
    if per_account >= MAX_FAILURES_PER_ACCOUNT || per_address >= MAX_FAILURES_PER_ADDRESS {
        tracing::warn!(address, "sign-in refused: too many failed attempts");
        return Err(AppError::TooManyRequests.into());
    }
    Ok(())
}

async fn record(
    db: &Db,
    now_ms: i64,
    email: &str,
    address: &str,
    succeeded: bool,
) -> Result<(), ServerError> {
    sqlx::query("INSERT INTO sign_in_attempts (email, address, succeeded, created_at) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(address)
        .bind(i64::from(succeeded))
        .bind(now_ms)
        .execute(db.pool())
        .await?;
    if !succeeded {
        sqlx::query("DELETE FROM sign_in_attempts WHERE created_at < $1")
            .bind(now_ms - KEEP_ATTEMPTS_MS)
            .execute(db.pool())
            .await?;
    }
    Ok(())
}
