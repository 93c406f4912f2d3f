//! Who may see an article's picture or file. The files are stored by
//! digest and shared between articles; `article_media` says which
//! published articles show each one. A file one public article shows is
//! public (and cached for good); otherwise only readers of one of its
//! articles see it, and writers, whose drafts show files no published
//! article does yet.

use std::collections::BTreeSet;

use crate::{
    auth::server::{Action, Viewer, authorize},
    infra::{db::Db, error::ServerError},
    kb::{Audience, Restriction, server::readers::Reader},
    runtime::AppState,
};

use super::media::{content_type, url};

/// How a media file may be served to a viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaAccess {
    /// To anyone, cached anywhere.
    Public,
    /// To this viewer, and not kept by shared caches.
    Private,
    /// Not to this viewer: answered as if it did not exist.
    Hidden,
}

pub async fn access(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
) -> Result<MediaAccess, ServerError> {
    let articles: Vec<(Audience, Restriction)> = sqlx::query_as(
        "SELECT a.audience, a.restricted_to FROM article_media m JOIN articles a ON a.id = m.article_id \
         WHERE m.name = $1 AND a.status = 'published'",
    )
    .bind(name)
    .fetch_all(state.db.pool())
    .await?;
    let seen_by = |reader: &Reader| {
        articles.iter().any(|(audience, restricted_to)| reader.sees(*audience, restricted_to))
    };
    if seen_by(&Reader::Anonymous) {
        return Ok(MediaAccess::Public);
    }
    if viewer.user().is_none() {
        return Ok(MediaAccess::Hidden);
    }
    let reader = Reader::of(&state.db, viewer, state.clock.now_ms()).await?;
    if seen_by(&reader) || authorize(viewer, Action::WriteArticles).is_ok() {
        return Ok(MediaAccess::Private);
    }
    Ok(MediaAccess::Hidden)
}

/// The stored media an article's HTML shows (`/media/{digest}.{ext}`).
pub fn names_in(html: &str) -> BTreeSet<String> {
    let prefix = url("");
    html.match_indices(&prefix)
        .filter_map(|(at, _)| {
            let rest = &html[at + prefix.len()..];
            let end =
                rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.')).unwrap_or(rest.len());
            let name = &rest[..end];
            content_type(name).map(|_| name.to_owned())
        })
        .collect()
}

/// Records which media the article shows, in the transaction that saves it.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    article_id: i64,
    html: &str,
) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM article_media WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    for name in names_in(html) {
        sqlx::query("INSERT INTO article_media (article_id, name) VALUES ($1, $2)")
            .bind(article_id)
            .bind(name)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Fills `article_media` for articles saved before it existed: once, when
/// it is empty and some article shows media.
pub async fn record_missing(db: &Db) -> Result<usize, ServerError> {
    // One row is enough to know: this runs at every start.
    let recorded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM article_media LIMIT 1) AS one")
            .fetch_one(db.pool())
            .await?;
    if recorded > 0 {
        return Ok(0);
    }
    let articles: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, body_html FROM articles WHERE body_html LIKE '%/media/%'")
            .fetch_all(db.pool())
            .await?;
    let mut tx = db.pool().begin().await?;
    for (id, html) in &articles {
        record(&mut tx, *id, html).await?;
    }
    tx.commit().await?;
    Ok(articles.len())
}

#[cfg(test)]
mod tests {
    use super::names_in;

    #[test]
    fn the_media_an_article_shows_are_found_in_its_html() {
        let digest = "0a".repeat(32);
        let html = format!(
            r#"<img src="/media/{digest}.png" alt="x"><a href="/media/{digest}.pdf">guide</a>
               <img src="/media/{digest}.png"><a href="/media/../selfdesk.db">no</a><a href="/media/short.png">no</a>"#
        );
        let names: Vec<String> = names_in(&html).into_iter().collect();
        assert_eq!(names, [format!("{digest}.pdf"), format!("{digest}.png")]);
    }
}
