//! Personal API tokens: shown once when created, stored as a digest,
//! revocable, sent as `Authorization: Bearer`.

pub use crate::accounts::ApiTokenInfo;
use crate::{
    error::AppError,
    ids::UserId,
    infra::{db::Db, error::ServerError, secrets},
};

/// Every token starts with this, so a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "sdk_";
/// How much of a token lists show.
const SHOWN_PREFIX_LEN: usize = 10;
/// `last_used_at` is refreshed at most this often (milliseconds).
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

/// Creates a token and returns its id and the secret, which is never shown again.
pub async fn create(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    name: &str,
) -> Result<(i64, String), ServerError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::bad_request(
            "Give the token a name of 1 to 100 characters, such as \"CI scripts\".",
        )
        .into());
    }
    let secret = format!("{TOKEN_PREFIX}{}", secrets::random_secret()?);
    let id = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(secrets::digest(&secret))
    .bind(&secret[..SHOWN_PREFIX_LEN])
    .bind(now_ms)
    .fetch_one(db.pool())
    .await?;
    Ok((id, secret))
}

/// The user a token belongs to, if the token exists and is not revoked.
pub async fn user_for(db: &Db, now_ms: i64, secret: &str) -> Result<Option<UserId>, ServerError> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let row: Option<(i64, UserId, Option<i64>)> = sqlx::query_as(
        "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(secrets::digest(secret))
    .fetch_optional(db.pool())
    .await?;
    let Some((id, user_id, last_used_at)) = row else {
        return Ok(None);
    };
    if last_used_at.is_none_or(|at| now_ms - at >= LAST_USED_RESOLUTION_MS) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now_ms)
            .bind(id)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(user_id))
}

pub async fn list(db: &Db, user_id: UserId) -> Result<Vec<ApiTokenInfo>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// Revokes one of the user's own tokens; another user's token is "not found".
pub async fn revoke(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    token_id: i64,
) -> Result<(), ServerError> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms)
    .bind(token_id)
    .bind(user_id)
    .execute(db.pool())
    .await?;
    if result.rows_affected() == 0 {
        return Err(AppError::not_found("The token").into());
    }
    Ok(())
}
