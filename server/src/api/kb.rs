//! `GET /api/v1/search` and `GET /api/v1/articles/{slug}`.

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Extension, Multipart, Path, RawQuery, State},
    http::StatusCode,
    routing::{get, post},
};

use serde::Serialize;
use utoipa::ToSchema;

use app::{
    auth::server::{Action, Viewer, authorize, csrf::CsrfFormCheck},
    error::AppError,
    kb::{
        Arrival, Article, SearchParams, SearchResults,
        server::{
            analytics::Source,
            media,
            service::{self, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET},
        },
    },
    server::AppState,
};

use crate::multipart::{check_csrf_field, read_bytes, read_error};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/search", get(search))
        .route("/api/v1/articles/{slug}", get(article))
        .route(
            "/api/v1/media",
            post(upload_media).layer(DefaultBodyLimit::max(media::MAX_MEDIA_BYTES + 64 * 1024)),
        )
}

/// A picture or file for an article (writers), in the multipart field
/// `file`: stored under its digest; answers its URL and the Markdown
/// that shows it.
#[utoipa::path(
    post,
    path = "/api/v1/media",
    tag = "knowledge base",
    request_body(content = crate::api::openapi::FileUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Its address and the Markdown that shows it", body = MediaAnswer), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
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

/// Reads the search parameters, with a message for each one that is wrong.
fn search_params(raw: Option<&str>) -> Result<SearchParams, AppError> {
    let mut values: HashMap<String, String> = HashMap::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        values.insert(key.into_owned(), value.into_owned());
    }
    let number = |name: &str, default: usize, max: usize| -> Result<usize, AppError> {
        match values.get(name) {
            None => Ok(default),
            Some(value) => {
                value.trim().parse::<usize>().ok().filter(|n| *n <= max).ok_or_else(|| {
                    AppError::bad_request(format!(
                        "{name} must be a whole number from 0 to {max}, not {value:?}."
                    ))
                })
            }
        }
    };
    let text = |name: &str| values.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let params = SearchParams {
        q: values.get("q").cloned().unwrap_or_default(),
        limit: number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
        offset: number("offset", 0, MAX_OFFSET)?,
        product: text("product"),
        category: text("category"),
        tag: text("tag"),
        facets: match values.get("facets").map(|v| v.trim()) {
            None | Some("" | "false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(AppError::bad_request(format!(
                    "facets must be true or false, not {other:?}."
                )));
            }
        },
    };
    params.validate()?;
    Ok(params)
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "knowledge base",
    params(("q" = Option<String>, Query, description = "What to look for"), ("limit" = Option<u32>, Query, description = "1 to 100"), ("offset" = Option<u32>, Query, description = "At most 10000"), ("product" = Option<String>, Query, description = "Only this product's articles"), ("category" = Option<String>, Query, description = "Only this category"), ("tag" = Option<String>, Query, description = "Only this tag"), ("facets" = Option<bool>, Query, description = "Also count by product, category and tag")),
    responses((status = 200, description = "The articles found", body = SearchResults), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, AppError> {
    let params = search_params(raw.as_deref())?;
    Ok(Json(service::search(&state, &viewer, &params, Source::Api).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/articles/{slug}",
    tag = "knowledge base",
    params(("slug" = String, Path, description = "The article's address")),
    responses((status = 200, description = "The article", body = Article), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
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

    #[test]
    fn defaults_and_messages() {
        let params = search_params(Some("q=mail+queue&product=Postwick")).expect("valid");
        assert_eq!((params.q.as_str(), params.limit, params.offset), ("mail queue", 10, 0));
        assert_eq!(params.product.as_deref(), Some("Postwick"));
        let error = search_params(Some("q=x&limit=ten")).expect_err("invalid");
        assert_eq!(
            error,
            AppError::bad_request("limit must be a whole number from 0 to 100, not \"ten\".")
        );
        assert!(search_params(Some("limit=0")).is_err(), "a limit of 0 is refused");
        assert!(search_params(Some("offset=-1")).is_err());
        assert!(search_params(Some("facets=true")).expect("valid").facets);
        assert!(!search_params(Some("facets=0")).expect("valid").facets);
        assert!(search_params(Some("facets=maybe")).is_err());
        assert!(search_params(Some(&format!("q={}", "a".repeat(501)))).is_err());
    }
}
