//! Drafts: opened from the published article (or new), saved with the
//! number of the save they started from. A save over a newer one is
//! refused and the writer told who saved meanwhile; the refused text is
//! kept in `article_draft_saves` as well as in the writer's editor.

use sqlx::FromRow;

use super::writer;
use crate::{
    accounts::server::organisations,
    auth::server::Viewer,
    error::AppError,
    format,
    ids::UserId,
    infra::error::ServerError,
    kb::{
        authoring::{Draft, DraftCard, DraftFields, DraftState},
        server::content::ArticleContent,
    },
    markdown::{SiteLinks, render, slug::is_valid_slug},
    runtime::AppState,
};

#[derive(FromRow)]
pub(super) struct DraftRow {
    pub id: i64,
    #[sqlx(flatten)]
    pub content: ArticleContent,
    pub state: DraftState,
    pub edit_number: i64,
    pub review_comment: String,
    pub publish_at: Option<i64>,
    pub updated_by_name: String,
    pub updated_at: i64,
    pub submitted_by: Option<UserId>,
    pub submitted_by_name: Option<String>,
    pub approved_by: Option<UserId>,
}

const DRAFT_COLUMNS: &str = "d.id, d.title, d.summary, d.category, d.audience, d.restricted_to, d.products, d.tags, \
     d.case_types, d.body_markdown, d.state, d.edit_number, d.review_comment, d.publish_at, \
     u.name AS updated_by_name, d.updated_at, d.submitted_by, s.name AS submitted_by_name, d.approved_by \
     FROM article_drafts d JOIN users u ON u.id = d.updated_by LEFT JOIN users s ON s.id = d.submitted_by";

pub(super) async fn find(state: &AppState, slug: &str) -> Result<Option<DraftRow>, ServerError> {
    Ok(sqlx::query_as(&format!("SELECT {DRAFT_COLUMNS} WHERE d.slug = $1"))
        .bind(slug)
        .fetch_optional(state.db.pool())
        .await?)
}

/// Every draft, the ones waiting for review first.
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<DraftCard>, ServerError> {
    writer(viewer)?;
    let rows: Vec<(String, String, DraftState, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT d.slug, d.title, d.state, u.name, d.updated_at, d.publish_at \
         FROM article_drafts d JOIN users u ON u.id = d.updated_by \
         ORDER BY CASE d.state WHEN 'in_review' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, d.updated_at DESC",
    )
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, title, state, updated_by, updated_at, publish_at)| DraftCard {
            slug,
            title,
            state,
            updated_by,
            updated_at,
            publish_at,
        })
        .collect())
}

/// A new draft row's `edit_number` (the column's default).
const FIRST_EDIT: i64 = 1;

/// The draft of `slug`; when there is none yet, the published article as
/// an unsaved draft. Opening writes nothing (it is a page view): the first
/// save creates the draft.
pub async fn open(state: &AppState, viewer: &Viewer, slug: &str) -> Result<Draft, ServerError> {
    writer(viewer)?;
    if find(state, slug).await?.is_some() {
        return load(state, viewer, slug).await;
    }
    let content = published(state, slug).await?;
    let published_version = latest_version(state, slug).await?;
    let fields = content.to_fields();
    Ok(Draft {
        slug: slug.to_owned(),
        body_html: render_body(&fields.body_markdown).await?,
        fields,
        state: DraftState::Draft,
        // The number the draft's row starts with, once saved.
        edit_number: FIRST_EDIT,
        review_comment: String::new(),
        publish_at: None,
        updated_by: String::new(),
        updated_at: 0,
        submitted_by: None,
        published_version,
        may_approve: false,
    })
}

/// The published article's fields, as a draft starts from them.
async fn published(state: &AppState, slug: &str) -> Result<ArticleContent, ServerError> {
    let published: Option<ArticleContent> = sqlx::query_as(&format!(
        "SELECT {} FROM articles WHERE slug = $1",
        ArticleContent::COLUMNS
    ))
    .bind(slug)
    .fetch_optional(state.db.pool())
    .await?;
    Ok(published.ok_or_else(|| AppError::not_found("That article"))?)
}

async fn latest_version(state: &AppState, slug: &str) -> Result<Option<i64>, ServerError> {
    Ok(sqlx::query_scalar("SELECT MAX(number) FROM article_versions WHERE slug = $1")
        .bind(slug)
        .fetch_one(state.db.pool())
        .await?)
}

pub async fn load(state: &AppState, viewer: &Viewer, slug: &str) -> Result<Draft, ServerError> {
    let user = writer(viewer)?;
    let row = find(state, slug).await?.ok_or_else(|| AppError::not_found("That draft"))?;
    let published_version = latest_version(state, slug).await?;
    let fields = row.content.to_fields();
    Ok(Draft {
        slug: slug.to_owned(),
        body_html: render_body(&fields.body_markdown).await?,
        fields,
        state: row.state,
        edit_number: row.edit_number,
        review_comment: row.review_comment,
        publish_at: row.publish_at,
        updated_by: row.updated_by_name,
        updated_at: row.updated_at,
        may_approve: row.state == DraftState::InReview && row.submitted_by != Some(user.id),
        submitted_by: row.submitted_by_name,
        published_version,
    })
}

/// A draft's text rendered as a publish renders it (highlighted and
/// sanitised), off the async threads.
pub async fn render_body(markdown: &str) -> Result<String, ServerError> {
    let markdown = markdown.to_owned();
    tokio::task::spawn_blocking(move || render(&markdown, &SiteLinks).html).await.map_err(|error| {
        tracing::error!(%error, "rendering a draft");
        ServerError::from(AppError::Internal)
    })
}

/// Starts a new article's draft under a free slug.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    title: &str,
) -> Result<Draft, ServerError> {
    let user = writer(viewer)?.clone();
    let slug = slug.trim();
    if !is_valid_slug(slug) {
        return Err(AppError::bad_request("The address must be 1 to 100 of a-z, 0-9 and -.").into());
    }
    if slug_taken(state, slug).await? {
        return Err(AppError::Conflict(format!(
            "/articles/{slug} is taken: choose another address."
        ))
        .into());
    }
    let fields =
        DraftFields { title: title.to_owned(), audience: "public".into(), ..Default::default() };
    insert(state, slug, &ArticleContent::from_fields(&fields)?, user.id, None).await?;
    load(state, viewer, slug).await
}

/// Whether an article or a draft already has this address.
pub(super) async fn slug_taken(state: &AppState, slug: &str) -> Result<bool, ServerError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM articles WHERE slug = $1) + (SELECT COUNT(*) FROM article_drafts WHERE slug = $1)",
    )
    .bind(slug)
    .fetch_one(state.db.pool())
    .await?;
    Ok(count > 0)
}

pub(super) async fn insert(
    state: &AppState,
    slug: &str,
    content: &ArticleContent,
    user: UserId,
    source_case: Option<i64>,
) -> Result<(), ServerError> {
    let now = state.clock.now_ms();
    let sql = format!(
        "INSERT INTO article_drafts (slug, {}, source_case_id, created_by, updated_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $13)",
        ArticleContent::COLUMNS
    );
    content
        .bind(sqlx::query(&sql).bind(slug))
        .bind(source_case)
        .bind(user)
        .bind(now)
        .execute(state.db.pool())
        .await?;
    Ok(())
}

/// Every chosen plan and organisation must exist: a typo would hide the
/// article from the very readers it was meant for.
async fn check_restriction(state: &AppState, content: &ArticleContent) -> Result<(), ServerError> {
    let restriction = &content.meta.restricted_to;
    for plan in &restriction.plans {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans WHERE LOWER(key) = $1")
            .bind(plan.to_lowercase())
            .fetch_one(state.db.pool())
            .await?;
        if known == 0 {
            return Err(AppError::bad_request(format!(
                "No plan {plan:?}: give plan keys as the plans page lists them."
            ))
            .into());
        }
    }
    for organisation in &restriction.organisations {
        if organisations::find_by_name(&state.db, organisation).await?.is_none() {
            return Err(AppError::bad_request(format!(
                "No organisation {organisation:?}: give organisation names as the accounts page lists them."
            ))
            .into());
        }
    }
    Ok(())
}

/// Saves the draft if nobody saved since `base_edit`; returns the new
/// save's number. Saving a draft in review takes it back to draft: what
/// is reviewed is what gets published.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    base_edit: i64,
    fields: &DraftFields,
) -> Result<i64, ServerError> {
    let user = writer(viewer)?.clone();
    let content = ArticleContent::from_fields(fields)?;
    check_restriction(state, &content).await?;
    if base_edit == FIRST_EDIT && find(state, slug).await?.is_none() {
        // The first save of a published article's draft creates it.
        insert(state, slug, &published(state, slug).await?, user.id, None).await?;
    }
    let row = find(state, slug).await?.ok_or_else(|| AppError::not_found("That draft"))?;
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    // In ArticleContent::COLUMNS order: bound by its `bind`.
    let update = sqlx::query(
        "UPDATE article_drafts SET title = $1, summary = $2, category = $3, audience = $4, restricted_to = $5, \
         products = $6, tags = $7, case_types = $8, body_markdown = $9, edit_number = edit_number + 1, \
         state = 'draft', publish_at = NULL, approved_by = NULL, updated_by = $10, updated_at = $11 \
         WHERE id = $12 AND edit_number = $13",
    );
    let saved = content
        .bind(update)
        .bind(user.id)
        .bind(now)
        .bind(row.id)
        .bind(base_edit)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    sqlx::query(
        "INSERT INTO article_draft_saves (draft_id, user_id, content, accepted, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(row.id)
    .bind(user.id)
    .bind(serde_json::to_string(fields).unwrap_or_default())
    .bind(i64::from(saved))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if !saved {
        let current = find(state, slug).await?.ok_or_else(|| AppError::not_found("That draft"))?;
        return Err(AppError::Conflict(format!(
            "{} saved this article at {} after you opened it. Your text is still in the editor and kept \
             on the server; their version is shown below it: bring your changes together and save again.",
            current.updated_by_name,
            format::date_time(current.updated_at)
        ))
        .into());
    }
    Ok(base_edit + 1)
}
