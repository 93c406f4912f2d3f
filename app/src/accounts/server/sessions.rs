//! Browser sessions: a random secret in an HttpOnly cookie, its digest in
//! the database.

use jiff::SignedDuration;

use crate::{
    ids::UserId,
    server::{db::Db, error::ServerError, secrets},
};

pub const SESSION_COOKIE: &str = "selfdesk_session";
/// A session lasts this long after its last renewal.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(24 * 14);
/// Renewed at most this often, so an active user is not signed out mid-work
/// and most requests write nothing.
const RENEW_AFTER: SignedDuration = SignedDuration::from_hours(24);

pub async fn create(db: &Db, now_ms: i64, user_id: UserId) -> Result<String, ServerError> {
    let secret = secrets::random_secret()?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(secrets::digest(&secret))
        .bind(user_id)
        .bind(now_ms)
        .bind(now_ms + SESSION_LIFETIME.as_millis() as i64)
        .execute(db.pool())
        .await?;
    Ok(secret)
}

/// The user behind a session cookie, if the session exists and has not expired.
pub async fn user_for(db: &Db, now_ms: i64, secret: &str) -> Result<Option<UserId>, ServerError> {
    let hash = secrets::digest(secret);
    let row: Option<(UserId, i64)> =
        sqlx::query_as("SELECT user_id, expires_at FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(db.pool())
            .await?;
    let Some((user_id, expires_at)) = row else {
        return Ok(None);
    };
    if expires_at <= now_ms {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(db.pool())
            .await?;
        return Ok(None);
    }
    let lifetime = SESSION_LIFETIME.as_millis() as i64;
    if expires_at - now_ms < lifetime - RENEW_AFTER.as_millis() as i64 {
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(now_ms + lifetime)
            .bind(&hash)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(user_id))
}

pub async fn delete(db: &Db, secret: &str) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(secrets::digest(secret))
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn delete_all_for_user(db: &Db, user_id: UserId) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(db.pool()).await?;
    Ok(())
}

/// `Set-Cookie` value for a new session.
pub fn cookie(secret: &str, secure: bool) -> String {
    cookie::Cookie::build((SESSION_COOKIE, secret.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(SESSION_LIFETIME.as_secs()))
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the session cookie.
pub fn removal_cookie(secure: bool) -> String {
    cookie::Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}
