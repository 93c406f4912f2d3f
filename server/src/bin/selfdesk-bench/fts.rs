//! The comparison: SQLite FTS5 over the same articles, ranked by bm25 with
//! the same field weights, queried the best way FTS5 allows (any word may
//! match, the last one as a prefix, each word quoted so nothing the user
//! types can break the query syntax).

use std::{path::Path, sync::Mutex, time::Instant};

use anyhow::Context;
use rusqlite::{Connection, params};

use app::infra::db::Db;

/// Title, headings, summary, body: the weights Selfdesk gives them.
const WEIGHTS: &str = "3.0, 2.0, 1.5, 1.0";

pub struct Fts {
    connection: Mutex<Connection>,
}

pub struct Built {
    pub fts: Fts,
    pub seconds: f64,
    pub bytes: u64,
}

impl Fts {
    /// Fills an FTS5 table from the articles Selfdesk imported.
    pub async fn build(path: &Path, db: &Db) -> anyhow::Result<Built> {
        let _ = std::fs::remove_file(path);
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT slug, title, headings, summary, body_text FROM articles ORDER BY id",
        )
        .fetch_all(db.pool())
        .await?;
        let started = Instant::now();
        let mut connection = Connection::open(path).context("opening the FTS5 database")?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE VIRTUAL TABLE articles USING fts5(slug UNINDEXED, title, headings, summary, body, tokenize = 'porter unicode61');",
        )?;
        let tx = connection.transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO articles (slug, title, headings, summary, body) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (slug, title, headings, summary, body) in &rows {
                insert.execute(params![slug, title, headings, summary, body])?;
            }
        }
        tx.commit()?;
        connection.execute_batch("INSERT INTO articles (articles) VALUES ('optimize');")?;
        let seconds = started.elapsed().as_secs_f64();
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(Built { fts: Fts { connection: Mutex::new(connection) }, seconds, bytes })
    }

    /// The FTS5 query for what was typed.
    pub fn match_expression(text: &str) -> Option<String> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '_')
            .map(|w| w.trim_matches('.'))
            .filter(|w| !w.is_empty())
            .map(|w| w.replace('"', ""))
            .collect();
        let (last, rest) = words.split_last()?;
        let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
        let typing = !text.ends_with(char::is_whitespace);
        terms.push(if typing { format!("\"{last}\"*") } else { format!("\"{last}\"") });
        Some(terms.join(" OR "))
    }

    /// The slugs of the best `limit`, and their snippets.
    pub fn search(&self, text: &str, limit: usize) -> anyhow::Result<Vec<(String, String)>> {
        let Some(expression) = Self::match_expression(text) else { return Ok(Vec::new()) };
        let connection = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        let mut statement = connection.prepare_cached(&format!(
            "SELECT slug, snippet(articles, 4, '<mark>', '</mark>', '…', 24) FROM articles \
             WHERE articles MATCH ?1 ORDER BY bm25(articles, 0.0, {WEIGHTS}) LIMIT ?2"
        ))?;
        let rows = statement
            .query_map(params![expression, limit as i64], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::Fts;

    #[test]
    fn every_word_may_match_and_the_last_is_a_prefix() {
        assert_eq!(
            Fts::match_expression("mail \"queue\" stu").as_deref(),
            Some("\"mail\" OR \"queue\" OR \"stu\"*")
        );
        assert_eq!(Fts::match_expression("550 5.7.1 ").as_deref(), Some("\"550\" OR \"5.7.1\""));
        assert_eq!(Fts::match_expression("  ").as_deref(), None);
    }
}
