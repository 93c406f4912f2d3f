//! What readers search for and open, and what they think of articles.

use crate::{
    ids::UserId,
    infra::{db::Db, error::ServerError},
    kb::{AnalyticsReport, QueryCount, UnhelpfulArticle},
};

/// Where a search came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The results page.
    Page,
    /// The JSON API.
    Api,
    /// A suggestion picked from the search box.
    Suggestion,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Api => "api",
            Self::Suggestion => "suggest",
        }
    }
}

/// How queries are grouped: lower-cased, spaces folded.
pub fn normalise(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

pub async fn record_feedback(
    db: &Db,
    now_ms: i64,
    article_id: i64,
    helpful: bool,
    comment: &str,
    user_id: Option<UserId>,
) -> Result<(), ServerError> {
    sqlx::query("INSERT INTO article_feedback (article_id, helpful, comment, user_id, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(article_id)
        .bind(i64::from(helpful))
        .bind(comment)
        .bind(user_id)
        .bind(now_ms)
        .execute(db.pool())
        .await?;
    Ok(())
}

const ROWS: i64 = 20;

async fn query_counts(db: &Db, sql: &str, since_ms: i64) -> Result<Vec<QueryCount>, ServerError> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as(sql).bind(since_ms).bind(ROWS).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|(query, searches, hits)| QueryCount { query, searches, hits })
        .collect())
}

/// The report writers and admins read, over the searches since `since_ms`.
pub async fn report(db: &Db, since_ms: i64) -> Result<AnalyticsReport, ServerError> {
    let top_queries = query_counts(
        db,
        "SELECT normalised, COUNT(*), CAST(MAX(hits) AS BIGINT) FROM search_events WHERE created_at >= $1 \
         GROUP BY normalised ORDER BY COUNT(*) DESC, normalised LIMIT $2",
        since_ms,
    )
    .await?;
    let no_results = query_counts(
        db,
        "SELECT normalised, COUNT(*), CAST(0 AS BIGINT) FROM search_events WHERE created_at >= $1 AND hits = 0 \
         GROUP BY normalised ORDER BY COUNT(*) DESC, normalised LIMIT $2",
        since_ms,
    )
    .await?;
    let no_click = query_counts(
        db,
        "SELECT e.normalised, COUNT(*), CAST(MAX(e.hits) AS BIGINT) FROM search_events e \
         WHERE e.created_at >= $1 AND e.hits > 0 AND e.source <> 'suggest' \
         AND NOT EXISTS (SELECT 1 FROM search_clicks c WHERE c.search_id = e.id) \
         GROUP BY e.normalised ORDER BY COUNT(*) DESC, e.normalised LIMIT $2",
        since_ms,
    )
    .await?;
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.slug, a.title, CAST(SUM(1 - f.helpful) AS BIGINT), CAST(SUM(f.helpful) AS BIGINT) \
         FROM article_feedback f JOIN articles a ON a.id = f.article_id WHERE f.created_at >= $1 \
         GROUP BY a.slug, a.title HAVING SUM(1 - f.helpful) > 0 \
         ORDER BY SUM(1 - f.helpful) DESC, a.title LIMIT $2",
    )
    .bind(since_ms)
    .bind(ROWS)
    .fetch_all(db.pool())
    .await?;
    let mut unhelpful = Vec::new();
    for (slug, title, no, yes) in rows {
        let comments: Vec<String> = sqlx::query_scalar(
            "SELECT f.comment FROM article_feedback f JOIN articles a ON a.id = f.article_id \
             WHERE a.slug = $1 AND f.helpful = 0 AND f.comment <> '' AND f.created_at >= $2 \
             ORDER BY f.created_at DESC, f.id DESC LIMIT 3",
        )
        .bind(&slug)
        .bind(since_ms)
        .fetch_all(db.pool())
        .await?;
        unhelpful.push(UnhelpfulArticle { slug, title, no, yes, comments });
    }
    let searches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM search_events WHERE created_at >= $1")
            .bind(since_ms)
            .fetch_one(db.pool())
            .await?;
    Ok(AnalyticsReport { searches, top_queries, no_results, no_click, unhelpful })
}
