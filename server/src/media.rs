//! `GET /media/{name}`: pictures and files of articles, stored under the
//! digest of their bytes (`app::kb::server::media`), so a name never changes
//! meaning. Only names of that shape are served, from that folder only, and
//! only to who may read an article that shows them (`media_access`): a file
//! of a public article may be cached for good, any other is private.
//! Files other than pictures download.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use app::{
    auth::server::Viewer,
    error::AppError,
    kb::server::{
        media::content_type,
        media_access::{MediaAccess, access},
    },
    runtime::AppState,
};

pub async fn serve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(name): Path<String>,
) -> Response {
    let Some(content_type) = content_type(&name) else {
        return AppError::not_found("That image").into_response();
    };
    let cache = match access(&state, &viewer, &name).await {
        Ok(MediaAccess::Public) => "public, max-age=31536000, immutable",
        Ok(MediaAccess::Private) => "private, no-store",
        Ok(MediaAccess::Hidden) => return AppError::not_found("That image").into_response(),
        Err(error) => return AppError::from(error).into_response(),
    };
    let stream = match state.media.open(&name).await {
        Ok(stream) => stream,
        Err(error) => return AppError::from(error).into_response(),
    };
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !content_type.starts_with("image/") {
        headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    response
}
