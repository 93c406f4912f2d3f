//! Single-use, expiring tokens behind password-reset and invitation links.

use jiff::SignedDuration;

use crate::{
    ids::UserId,
    infra::{db::Db, error::ServerError, secrets},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    PasswordReset,
    Invitation,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::PasswordReset => "password_reset",
            Self::Invitation => "invitation",
        }
    }

    pub fn lifetime(self) -> SignedDuration {
        match self {
            Self::PasswordReset => SignedDuration::from_hours(1),
            Self::Invitation => SignedDuration::from_hours(24 * 7),
        }
    }
}

pub async fn issue(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    purpose: Purpose,
) -> Result<String, ServerError> {
    let secret = secrets::random_secret()?;
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(secrets::digest(&secret))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now_ms)
    .bind(now_ms + purpose.lifetime().as_millis() as i64)
    .execute(db.pool())
    .await?;
    Ok(secret)
}

/// Uses a token up and returns its user. One statement marks it used only
/// if it was unused and unexpired, so two redemptions cannot both succeed.
pub async fn redeem(
    db: &Db,
    now_ms: i64,
    secret: &str,
    purposes: &[Purpose],
) -> Result<Option<UserId>, ServerError> {
    for purpose in purposes {
        let user_id: Option<UserId> = sqlx::query_scalar(
            "UPDATE one_time_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING user_id",
        )
        .bind(now_ms)
        .bind(secrets::digest(secret))
        .bind(purpose.as_str())
        .fetch_optional(db.pool())
        .await?;
        if user_id.is_some() {
            return Ok(user_id);
        }
    }
    Ok(None)
}
