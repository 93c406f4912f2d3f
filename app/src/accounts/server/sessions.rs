//! Browser sessions: a random secret in an HttpOnly cookie, its digest in
//! the database. A session ends after a time without use (the idle limit)
//! and, however much it is used, a time after sign-in (the absolute one):
//! both are settings (`SessionRules`).

use crate::{
    ids::UserId,
    infra::{db::Db, error::ServerError, secrets},
    runtime::SessionRules,
};

pub const SESSION_COOKIE: &str = "selfdesk_session";
/// The cookie's name under https: the `__Host-` prefix makes the browser
/// refuse it from any subdomain or without `Secure`.
pub const SESSION_COOKIE_SECURE: &str = "__Host-selfdesk_session";

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SESSION_COOKIE_SECURE } else { SESSION_COOKIE }
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// When a session used at `now_ms`, begun at `created_at`, ends.
fn ends_at(rules: &SessionRules, created_at: i64, now_ms: i64) -> i64 {
    (now_ms.saturating_add(millis(rules.idle)))
        .min(created_at.saturating_add(millis(rules.absolute)))
}

/// Renewed at most this often (a tenth of the idle limit, a day at most),
/// so most requests write nothing.
fn renew_after(rules: &SessionRules) -> i64 {
    (millis(rules.idle) / 10).min(24 * 60 * 60 * 1000)
}

pub async fn create(
    db: &Db,
    rules: &SessionRules,
    now_ms: i64,
    user_id: UserId,
) -> Result<String, ServerError> {
    let secret = secrets::random_secret()?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(secrets::digest(&secret))
        .bind(user_id)
        .bind(now_ms)
        .bind(ends_at(rules, now_ms, now_ms))
        .execute(db.pool())
        .await?;
    Ok(secret)
}

/// The user behind a session cookie, if the session exists and has not
/// ended; a session in use is renewed up to its absolute limit.
pub async fn user_for(
    db: &Db,
    rules: &SessionRules,
    now_ms: i64,
    secret: &str,
) -> Result<Option<UserId>, ServerError> {
    let hash = secrets::digest(secret);
    let row: Option<(UserId, i64, i64)> = sqlx::query_as(
        "SELECT user_id, created_at, expires_at FROM sessions WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?;
    let Some((user_id, created_at, expires_at)) = row else {
        return Ok(None);
    };
    let limit = ends_at(rules, created_at, now_ms);
    // The rules may have been tightened since the session began.
    let ends = expires_at.min(created_at.saturating_add(millis(rules.absolute)));
    if ends <= now_ms {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(db.pool())
            .await?;
        return Ok(None);
    }
    if limit - expires_at >= renew_after(rules) {
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(limit)
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

/// `Set-Cookie` value for a new session: it lasts as long as the session
/// may (the database says when it really ends).
pub fn cookie(secret: &str, secure: bool, rules: &SessionRules) -> String {
    let max_age = i64::try_from(rules.absolute.as_secs()).unwrap_or(i64::MAX);
    cookie::Cookie::build((cookie_name(secure), secret.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the session cookie.
pub fn removal_cookie(secure: bool) -> String {
    cookie::Cookie::build((cookie_name(secure), ""))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 60 * 60 * 1000;

    fn rules(idle_hours: u64, max_days: u64) -> SessionRules {
        SessionRules {
            idle: std::time::Duration::from_secs(idle_hours * 3600),
            absolute: std::time::Duration::from_secs(max_days * 24 * 3600),
        }
    }

    #[test]
    fn a_session_ends_at_its_idle_or_its_absolute_limit_whichever_comes_first() {
        let rules = rules(8, 2);
        assert_eq!(ends_at(&rules, 0, 0), 8 * HOUR);
        assert_eq!(ends_at(&rules, 0, 10 * HOUR), 18 * HOUR);
        assert_eq!(ends_at(&rules, 0, 44 * HOUR), 48 * HOUR, "never past two days");
    }

    #[test]
    fn under_https_the_cookie_takes_the_host_prefix() {
        let secure = cookie("s3cret", true, &rules(8, 2));
        let plain = cookie("s3cret", false, &rules(8, 2));
        assert!(secure.starts_with("__Host-selfdesk_session=s3cret"), "{secure}");
        assert!(secure.contains("Secure") && secure.contains("Path=/"), "{secure}");
        assert!(!secure.contains("Domain"), "{secure}");
        assert!(plain.starts_with("selfdesk_session=s3cret"), "{plain}");
        assert!(secure.contains("Max-Age=172800"), "{secure}");
    }
}
