//! `selfdesk export DIR`: every published article back as Markdown with
//! front matter, at the path it was imported from (or `SLUG.md`), so that
//! importing the folder again changes nothing. Front matter values are
//! written as JSON, which YAML reads as it is.

use std::path::{Component, Path, PathBuf};

use sqlx::FromRow;

use crate::{
    infra::{db::Db, error::ServerError, stored::decode_column},
    kb::Restriction,
};

#[derive(FromRow)]
struct Published {
    slug: String,
    title: String,
    summary: String,
    category: String,
    audience: String,
    restricted_to: String,
    products: String,
    tags: String,
    case_types: String,
    extra: String,
    body_markdown: String,
    source_path: String,
    updated_at: i64,
}

/// Writes the files; returns how many.
pub async fn export_tree(db: &Db, dir: &Path) -> Result<usize, ServerError> {
    let articles: Vec<Published> = sqlx::query_as(
        "SELECT slug, title, summary, category, audience, restricted_to, products, tags, case_types, extra, \
         body_markdown, source_path, updated_at FROM articles WHERE status = 'published' ORDER BY slug",
    )
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
    let text = |value: &str| serde_json::Value::String(value.to_owned()).to_string();
    let mut front = vec![
        format!("title: {}", text(&article.title)),
        format!("slug: {}", text(&article.slug)),
        format!("summary: {}", text(&article.summary)),
    ];
    if !article.category.is_empty() {
        front.push(format!("category: {}", text(&article.category)));
    }
    front.push(format!("audience: {}", article.audience));
    let restricted_to = Restriction::from_column(&article.restricted_to);
    for (name, list) in
        [("plans", &restricted_to.plans), ("organisations", &restricted_to.organisations)]
    {
        if !list.is_empty() {
            front.push(format!("{name}: {}", serde_json::Value::from(list.clone())));
        }
    }
    for (name, list) in [
        ("products", &article.products),
        ("tags", &article.tags),
        ("case_types", &article.case_types),
    ] {
        if list != "[]" {
            front.push(format!("{name}: {list}"));
        }
    }
    front.push(format!("updated: {}", date(article.updated_at)));
    let extra: serde_json::Map<String, serde_json::Value> =
        decode_column("articles", "extra", &article.extra);
    for (key, value) in extra {
        front.push(format!("{key}: {value}"));
    }
    format!("---\n{}\n---\n{}", front.join("\n"), article.body_markdown)
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
