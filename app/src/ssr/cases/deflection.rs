//! Help sessions and the deflection report.

use std::collections::BTreeMap;

use jiff::{Timestamp, ToSpan, tz::TimeZone};

use crate::{
    accounts::Role,
    cases::help::{DeflectingArticle, DeflectionReport, DeflectionWeek},
    error::AppError,
    ssr::{
        AppState,
        auth::{Action, Viewer, authorize},
        error::ServerError,
        secrets,
    },
};

pub async fn start(
    state: &AppState,
    viewer: &Viewer,
    existing: Option<&str>,
) -> Result<String, ServerError> {
    let user = viewer.require_user()?;
    if user.role == Role::Writer {
        return Err(AppError::Forbidden.into());
    }
    if let Some(token) = existing.filter(|t| !t.is_empty()) {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM help_sessions WHERE token = $1 AND user_id = $2 AND outcome IS NULL",
        )
        .bind(token)
        .bind(user.id)
        .fetch_optional(state.db.pool())
        .await?;
        if open.is_some() {
            return Ok(token.to_owned());
        }
    }
    let token = secrets::random_secret()?;
    sqlx::query(
        "INSERT INTO help_sessions (token, user_id, organisation_id, started_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&token)
    .bind(user.id)
    .bind(user.organisation_id())
    .bind(state.clock.now_ms())
    .execute(state.db.pool())
    .await?;
    Ok(token)
}

pub async fn solved(
    state: &AppState,
    viewer: &Viewer,
    session: &str,
    slug: &str,
    query: &str,
) -> Result<(), ServerError> {
    let user = viewer.require_user()?;
    let query: String = query.trim().chars().take(500).collect();
    let ended = sqlx::query(
        "UPDATE help_sessions SET outcome = 'deflected', article_slug = $1, query = $2, ended_at = $3 \
         WHERE token = $4 AND user_id = $5 AND outcome IS NULL",
    )
    .bind(slug)
    .bind(&query)
    .bind(state.clock.now_ms())
    .bind(session)
    .bind(user.id)
    .execute(state.db.pool())
    .await?;
    if ended.rows_affected() == 0 {
        return Err(AppError::Conflict("This help session has already ended.".into()).into());
    }
    Ok(())
}

/// The Monday (UTC) of the week an instant falls in.
pub fn week_of(ms: i64) -> String {
    let Ok(at) = Timestamp::from_millisecond(ms) else { return String::new() };
    let date = at.to_zoned(TimeZone::UTC).date();
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(back.days()).map(|d| d.to_string()).unwrap_or_default()
}

pub async fn report(
    state: &AppState,
    viewer: &Viewer,
    weeks: i64,
) -> Result<DeflectionReport, ServerError> {
    authorize(viewer, Action::ViewSearchAnalytics)?;
    let now = state.clock.now_ms();
    let since = now - weeks * 7 * 86_400_000;
    let rows: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT started_at, outcome FROM help_sessions WHERE started_at >= $1")
            .bind(since)
            .fetch_all(state.db.pool())
            .await?;
    let mut by_week: BTreeMap<String, DeflectionWeek> = BTreeMap::new();
    for (started_at, outcome) in rows {
        let week = week_of(started_at);
        let entry = by_week.entry(week.clone()).or_insert(DeflectionWeek {
            week,
            started: 0,
            deflected: 0,
            cases: 0,
        });
        entry.started += 1;
        match outcome.as_deref() {
            Some("deflected") => entry.deflected += 1,
            Some("case") => entry.cases += 1,
            _ => {}
        }
    }
    let articles: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT h.article_slug, COALESCE(a.title, h.article_slug), CAST(COUNT(*) AS BIGINT) \
         FROM help_sessions h LEFT JOIN articles a ON a.slug = h.article_slug \
         WHERE h.outcome = 'deflected' AND h.started_at >= $1 \
         GROUP BY h.article_slug, a.title ORDER BY COUNT(*) DESC, h.article_slug LIMIT 20",
    )
    .bind(since)
    .fetch_all(state.db.pool())
    .await?;
    Ok(DeflectionReport {
        weeks: by_week.into_values().rev().collect(),
        articles: articles
            .into_iter()
            .map(|(slug, title, sessions)| DeflectingArticle { slug, title, sessions })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // Sunday 2026-11-22 and Monday 2026-11-23, 09:00 UTC.
        assert_eq!(week_of(1_795_338_000_000), "2026-11-16");
        assert_eq!(week_of(1_795_424_400_000), "2026-11-23");
    }
}
