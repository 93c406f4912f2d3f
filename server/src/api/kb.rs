//! `GET /api/v1/search` and `GET /api/v1/articles/{slug}`.

use axum::{
    Json,
    extract::{DefaultBodyLimit, Extension, Multipart, Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::{Action, Viewer, authorize, csrf::CsrfFormCheck},
    error::AppError,
    kb::{
        Arrival, Article, Facet, Filters, SearchParams, SearchResults,
        search::MAX_QUERY_CHARS,
        server::{
            analytics::Source,
            media,
            service::{self, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET},
        },
    },
    runtime::AppState,
};

use super::params::{ApiQuery, Bounded, Flag, LimitedText, optional_text};
use crate::multipart::{check_csrf_field, read_bytes, read_error};

pub fn routes() -> OpenApiRouter<AppState> {
    let (schemas, paths, upload) = routes!(upload_media);
    let upload = upload.layer(DefaultBodyLimit::max(media::MAX_MEDIA_BYTES + 64 * 1024));
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(article))
        .routes((schemas, paths, upload))
}

/// A picture or file for an article (writers), in the multipart field
/// `file`: stored under its digest; answers its URL and the Markdown
/// that shows it.
#[utoipa::path(
    post,
    path = "/api/v1/media",
    tag = "knowledge base",
    request_body(content = crate::api::openapi::FileUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Its address and the Markdown that shows it", body = MediaAnswer))
)]
pub(super) async fn upload_media(
    State(state): State<AppState>,
    viewer: Viewer,
    check: Option<Extension<CsrfFormCheck>>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<MediaAnswer>), AppError> {
    check_csrf_field(&mut multipart, check.as_deref()).await?;
    authorize(&viewer, Action::WriteArticles)?;
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let bytes = read_bytes(field, media::MAX_MEDIA_BYTES, media::TOO_LARGE).await?;
        let extension = media::check_upload(&name, &bytes)?;
        let stored_name = media::stored_name(&bytes, &extension);
        state.media.put_named(&stored_name, bytes.into()).await?;
        let url = media::url(&stored_name);
        let markdown = media::markdown_for(&name, &url, &extension);
        return Ok((StatusCode::CREATED, Json(MediaAnswer { url, markdown })));
    }
    Err(AppError::bad_request("Send the file in a multipart field named file."))
}

/// A stored article file: its address, and the Markdown that shows it.
#[derive(Serialize, ToSchema)]
pub(super) struct MediaAnswer {
    url: String,
    markdown: String,
}

// Aliases: utoipa reads generic arguments as types to describe.
type QueryText = LimitedText<MAX_QUERY_CHARS>;
type Limit = Bounded<1, { MAX_LIMIT as u64 }>;
type Offset = Bounded<0, { MAX_OFFSET as u64 }>;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SearchQuery {
    /// What to look for; nothing lists the newest articles.
    #[serde(default)]
    #[param(inline)]
    q: QueryText,
    /// How many articles (10 when absent).
    #[serde(default)]
    #[param(inline)]
    limit: Option<Limit>,
    /// How many to skip.
    #[serde(default)]
    #[param(inline)]
    offset: Option<Offset>,
    /// Only this product's articles.
    #[serde(default, deserialize_with = "optional_text")]
    product: Option<String>,
    /// Only this category.
    #[serde(default, deserialize_with = "optional_text")]
    category: Option<String>,
    /// Only this tag.
    #[serde(default, deserialize_with = "optional_text")]
    tag: Option<String>,
    /// Also count the matches by product, category and tag.
    #[serde(default)]
    #[param(inline)]
    facets: Flag,
}

impl From<SearchQuery> for SearchParams {
    fn from(query: SearchQuery) -> Self {
        let filters = Filters::default()
            .with(Facet::Product, query.product)
            .with(Facet::Category, query.category)
            .with(Facet::Tag, query.tag);
        Self {
            q: query.q.0,
            limit: query.limit.map_or(DEFAULT_LIMIT, Bounded::get),
            offset: query.offset.map_or(0, Bounded::get),
            filters,
            facets: query.facets.0,
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "knowledge base",
    params(SearchQuery),
    responses((status = 200, description = "The articles found", body = SearchResults))
)]
pub(super) async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, AppError> {
    let params = SearchParams::from(query);
    params.validate()?;
    Ok(Json(service::search(&state, &viewer, &params, Source::Api).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/articles/{slug}",
    tag = "knowledge base",
    params(("slug" = String, Path, description = "The article's address")),
    responses((status = 200, description = "The article", body = Article))
)]
pub(super) async fn article(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Json<Article>, AppError> {
    Ok(Json(service::article(&state, &viewer, &slug, &Arrival::default()).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> Result<SearchParams, String> {
        let query: SearchQuery = serde_urlencoded::from_str(query).map_err(|e| e.to_string())?;
        let params = SearchParams::from(query);
        params.validate().map_err(|e| e.to_string())?;
        Ok(params)
    }

    #[test]
    fn defaults_and_filters() {
        let params = read("q=mail+queue&product=Postwick&category=").expect("valid");
        assert_eq!((params.q.as_str(), params.limit, params.offset), ("mail queue", 10, 0));
        assert_eq!(params.filters.get(Facet::Product), Some("Postwick"));
        assert_eq!(params.filters.get(Facet::Category), None, "an empty filter is no filter");
        assert!(!params.facets);
        assert!(read("facets=true").expect("valid").facets);
        assert!(read(&format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1))).is_err());
    }
}
