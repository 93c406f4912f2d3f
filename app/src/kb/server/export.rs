//! `selfdesk export DIR`: every published article back as Markdown with
//! front matter, at the path it was imported from (or `SLUG.md`), so that
//! importing the folder again changes nothing. Front matter values are
//! written as JSON, which YAML reads as it is.

use std::path::{Component, Path, PathBuf};

use sqlx::FromRow;

use crate::{
    infra::{
        db::Db,
        error::ServerError,
        stored::{decode_column, to_json},
    },
    kb::server::content::{ArticleContent, ExtraFields},
};

#[derive(FromRow)]
struct Published {
    slug: String,
    #[sqlx(flatten)]
    content: ArticleContent,
    extra: String,
    source_path: String,
    updated_at: i64,
}

/// Writes the files; returns how many.
pub async fn export_tree(db: &Db, dir: &Path) -> Result<usize, ServerError> {
    let articles: Vec<Published> = sqlx::query_as(&format!(
        "SELECT slug, {}, extra, source_path, updated_at FROM articles WHERE status = 'published' ORDER BY slug",
        ArticleContent::COLUMNS
    ))
    .fetch_all(db.pool())
    .await?;
    for article in &articles {
        let path = dir.join(relative_path(&article.source_path, &article.slug));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ServerError::io(format!("creating {}", parent.display()), e))?;
        }
        std::fs::write(&path, document(article))
            .map_err(|e| ServerError::io(format!("writing {}", path.display()), e))?;
    }
    Ok(articles.len())
}

/// The imported path when it stays inside the folder; `SLUG.md` otherwise.
fn relative_path(source_path: &str, slug: &str) -> PathBuf {
    let path = Path::new(source_path);
    let inside = !source_path.is_empty()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
        && path.extension().is_some_and(|e| e == "md");
    if inside { path.to_path_buf() } else { PathBuf::from(format!("{slug}.md")) }
}

fn document(article: &Published) -> String {
    let content = &article.content;
    let meta = &content.meta;
    let mut front = vec![
        format!("title: {}", to_json(&content.title)),
        format!("slug: {}", to_json(&article.slug)),
        format!("summary: {}", to_json(&content.summary)),
    ];
    if !content.category.is_empty() {
        front.push(format!("category: {}", to_json(&content.category)));
    }
    front.push(format!("audience: {}", meta.audience.as_str()));
    let lists = [
        ("plans", to_json(&meta.restricted_to.plans), meta.restricted_to.plans.is_empty()),
        (
            "organisations",
            to_json(&meta.restricted_to.organisations),
            meta.restricted_to.organisations.is_empty(),
        ),
        ("products", to_json(&meta.products), meta.products.is_empty()),
        ("tags", to_json(&meta.tags), meta.tags.is_empty()),
        ("case_types", to_json(&meta.case_types), meta.case_types.is_empty()),
    ];
    for (name, list, empty) in lists {
        if !empty {
            front.push(format!("{name}: {list}"));
        }
    }
    front.push(format!("updated: {}", date(article.updated_at)));
    let extra: ExtraFields = decode_column("articles", "extra", &article.extra);
    for (key, value) in extra {
        front.push(format!("{key}: {value}"));
    }
    format!("---\n{}\n---\n{}", front.join("\n"), content.body_markdown)
}

/// A whole day as `2026-11-02`, any other instant in RFC 3339.
fn date(ms: i64) -> String {
    if ms.rem_euclid(86_400_000) == 0 {
        crate::format::date(ms)
    } else {
        jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        assert_eq!(relative_path("gateway/vpn.md", "vpn"), PathBuf::from("gateway/vpn.md"));
        assert_eq!(relative_path("../../etc/passwd.md", "x"), PathBuf::from("x.md"));
        assert_eq!(relative_path("/etc/x.md", "x"), PathBuf::from("x.md"));
        assert_eq!(relative_path("", "new-article"), PathBuf::from("new-article.md"));
    }
}
