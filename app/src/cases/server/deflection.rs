//! Help sessions and the deflection report.

use std::collections::BTreeMap;

use jiff::{Timestamp, ToSpan, tz::TimeZone};

use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::{DeflectingArticle, DeflectionReport, DeflectionWeek},
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::{error::ServerError, secrets},
    kb::server::recorder::ArrivalRow,
    runtime::AppState,
};

/// The session this visit to "get help" belongs to: the one named, while it
/// is the viewer's and has not ended, or a new one. Nothing is written (the
/// page is a GET): the session is counted once the page has loaded in a
/// browser ([`begin`]), and written whole when it ends.
pub async fn start(
    state: &AppState,
    viewer: &Viewer,
    existing: Option<&str>,
) -> Result<String, ServerError> {
    let user = authorize(viewer, Action::SeekHelp)?;
    if let Some(token) = existing.filter(|t| owner_of(t) == Some(user.id)) {
        let ended: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM help_sessions WHERE token = $1 AND outcome IS NOT NULL",
        )
        .bind(token)
        .fetch_optional(state.db.pool())
        .await?;
        if ended.is_none() {
            return Ok(token.to_owned());
        }
    }
    // The token names its owner, so a session is theirs before any row exists.
    Ok(format!("{}-{}", user.id, secrets::random_secret()?))
}

/// Counts the session as started: the get-help page has loaded in the
/// customer's browser. Written with the analytics, off the request path;
/// a second call for the same session changes nothing.
pub fn begin(state: &AppState, viewer: &Viewer, token: &str) -> Result<(), ServerError> {
    let user = viewer.require_user()?;
    if owner_of(token) != Some(user.id) || token.len() > 100 {
        return Err(AppError::not_found("That help session").into());
    }
    state.analytics.arrival(ArrivalRow {
        token: token.to_owned(),
        user_id: user.id,
        organisation_id: user.organisation_id(),
        at_ms: state.clock.now_ms(),
    });
    Ok(())
}

/// The user a session token belongs to (`{user_id}-{secret}`).
fn owner_of(token: &str) -> Option<UserId> {
    token.split_once('-').and_then(|(owner, _)| owner.parse().ok())
}

/// Ends help session `session` of `user_id` with `outcome`, writing the
/// session whole when its arrival has not been written yet. Nothing changes
/// (and 0 is returned) when the session is someone else's or already ended.
pub async fn end<'c, E>(executor: E, ending: SessionEnd<'_>) -> Result<u64, ServerError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    if owner_of(ending.token) != Some(ending.user_id) {
        return Ok(0);
    }
    let ended = sqlx::query(
        "INSERT INTO help_sessions \
         (token, user_id, organisation_id, started_at, outcome, article_slug, query, case_id, ended_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $4) \
         ON CONFLICT (token) DO UPDATE SET outcome = excluded.outcome, \
         article_slug = excluded.article_slug, query = excluded.query, \
         case_id = excluded.case_id, ended_at = excluded.ended_at \
         WHERE help_sessions.user_id = excluded.user_id AND help_sessions.outcome IS NULL",
    )
    .bind(ending.token)
    .bind(ending.user_id)
    .bind(ending.organisation_id)
    .bind(ending.at_ms)
    .bind(ending.outcome)
    .bind(ending.article_slug)
    .bind(ending.query)
    .bind(ending.case_id)
    .execute(executor)
    .await?;
    Ok(ended.rows_affected())
}

/// How a help session ended: `deflected` by an article or with a `case`.
pub struct SessionEnd<'a> {
    pub token: &'a str,
    pub user_id: UserId,
    pub organisation_id: Option<OrganisationId>,
    pub at_ms: i64,
    pub outcome: &'static str,
    pub article_slug: Option<&'a str>,
    pub query: &'a str,
    pub case_id: Option<i64>,
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
    let ended = end(
        state.db.pool(),
        SessionEnd {
            token: session,
            user_id: user.id,
            organisation_id: user.organisation_id(),
            at_ms: state.clock.now_ms(),
            outcome: "deflected",
            article_slug: Some(slug),
            query: &query,
            case_id: None,
        },
    )
    .await?;
    if ended == 0 {
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
