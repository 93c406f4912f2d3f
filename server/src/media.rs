//! `GET /media/{name}`: images of imported articles, stored under the
//! digest of their bytes, so a name never changes meaning and may be cached
//! for good. Only names of that shape are served, from that folder only.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use app::{error::AppError, ssr::AppState};

fn content_type(name: &str) -> Option<&'static str> {
    let (digest, extension) = name.split_once('.')?;
    if digest.len() != 64
        || !digest.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    match extension {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

pub async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some(content_type) = content_type(&name) else {
        return AppError::not_found("That image").into_response();
    };
    match tokio::fs::read(state.settings.media_dir().join(&name)).await {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            );
            response
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            (StatusCode::NOT_FOUND, AppError::not_found("That image")).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "reading a media file");
            AppError::Internal.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn only_digest_names_of_image_types_are_served() {
        let digest = "a".repeat(64);
        assert_eq!(content_type(&format!("{digest}.png")), Some("image/png"));
        assert_eq!(content_type(&format!("{digest}.svg")), None);
        assert_eq!(content_type("../../selfdesk.db"), None);
        assert_eq!(content_type(&format!("{}.png", "A".repeat(64))), None);
        assert_eq!(content_type("short.png"), None);
    }
}
