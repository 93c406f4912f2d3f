//! `/api/v1/uploads`, `/api/v1/cases` (list, file, read, messages, status,
//! files) and `/api/v1/suggest`.

use axum::{
    Json, Router,
    body::Body,
    extract::{DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use app::{
    auth::server::{Action, Viewer, authorize},
    cases::{
        ArtifactKind, ArtifactRef, CaseCreated, CaseDetail, CaseStatus, CaseSummary, CaseWork,
        NewCase, StatusChange,
        server::{
            actions, create, queries,
            uploads::{self, Uploaded},
            work::{self, Work},
        },
    },
    error::AppError,
    ids::UserId,
    kb::{Suggestion, server::service as kb_service},
    server::AppState,
};

use super::{parse_id, query_value};
use crate::{
    form::{Form, FormLimits},
    multipart::{read_error, read_json},
};

/// The case's own text, without its files.
const MAX_CASE_JSON: usize = 1024 * 1024;
const CASE_TOO_LONG: &str = "A case may be at most 1 MB of text.";

pub fn routes() -> Router<AppState> {
    Router::new()
        // Files are streamed and limited one by one, not by the request size.
        .route("/api/v1/uploads", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/api/v1/cases", get(list).post(file_case).layer(DefaultBodyLimit::disable()))
        .route("/api/v1/cases/{reference}", get(detail))
        .route("/api/v1/cases/{reference}/messages", post(message))
        .route("/api/v1/cases/{reference}/status", post(status))
        .route("/api/v1/cases/{reference}/work", post(work))
        .route("/api/v1/cases/{reference}/files/{id}", get(download))
        .route("/api/v1/suggest", get(suggest))
}

fn may_upload(viewer: &Viewer) -> Result<UserId, AppError> {
    Ok(authorize(viewer, Action::UploadCaseFiles)?.id)
}

/// One file, in the multipart field `file`.
#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    tag = "cases",
    request_body(content = crate::api::openapi::FileUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Stored until a case takes it", body = Uploaded), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<Uploaded>), AppError> {
    let uploader = may_upload(&viewer)?;
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let uploaded = uploads::receive(&state, uploader, &name, Box::pin(field)).await?;
        return Ok((StatusCode::CREATED, Json(uploaded)));
    }
    Err(AppError::bad_request("Send the file in a multipart field named file."))
}

/// Files a case: JSON (`NewCase`, files uploaded beforehand) or multipart
/// (a `case` field with that JSON, and one file field per artifact, named
/// by its kind: `logs`, `system_report`, ...).
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "cases",
    request_body(content = NewCase, description = "The case; or multipart with this JSON in the field `case` and one file field per artifact named by its kind"),
    responses((status = 201, description = "Filed", body = CaseCreated), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn file_case(
    State(state): State<AppState>,
    viewer: Viewer,
    request: Request,
) -> Result<(StatusCode, Json<CaseCreated>), AppError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    // Who is asking is settled before a byte of the body is read.
    let uploader = may_upload(&viewer)?;
    if !is_multipart {
        let case: NewCase = read_json(request, MAX_CASE_JSON, CASE_TOO_LONG).await?;
        return Ok((StatusCode::CREATED, Json(create::file_case(&state, &viewer, case).await?)));
    }
    let multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e| AppError::bad_request(e.body_text()))?;
    // The case JSON travels as one text field beside the files.
    let limits = FormLimits { text_bytes: MAX_CASE_JSON, text_fields: 1 };
    let form = Form::read(&state, uploader, multipart, |name| name != "case", limits).await?;
    let filed = form
        .consume(&state, async |form| {
            let text = form
                .text
                .get("case")
                .ok_or_else(|| AppError::bad_request("Send the case in a field named case."))?;
            let mut case: NewCase = serde_json::from_str(text)
                .map_err(|e| AppError::bad_request(format!("The case could not be read: {e}")))?;
            for (field, file) in &form.files {
                let kind: ArtifactKind = field.parse()?;
                case.artifacts.push(ArtifactRef { upload: file.token.clone(), kind });
            }
            Ok(create::file_case(&state, &viewer, case).await?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(filed)))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    params(("status" = Option<String>, Query, description = "Only cases in this status")),
    responses((status = 200, description = "The cases the caller follows, newest first", body = Vec<CaseSummary>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<CaseSummary>>, AppError> {
    let status = query_value(&query, "status");
    Ok(Json(queries::list(&state, &viewer, status.as_deref()).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}",
    tag = "cases",
    params(("reference" = String, Path, description = "CASE-000001")),
    responses((status = 200, description = "The case with its timeline and files", body = CaseDetail), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
) -> Result<Json<CaseDetail>, AppError> {
    Ok(Json(queries::detail(&state, &viewer, &reference).await?))
}

#[derive(Deserialize, ToSchema)]
pub(super) struct MessageBody {
    #[serde(default)]
    body: String,
    /// Upload tokens of files to attach.
    #[serde(default)]
    files: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/messages",
    tag = "cases",
    params(("reference" = String, Path, description = "CASE-000001")),
    request_body= MessageBody,
    responses((status = 201, description = "Added"), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn message(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Json(message): Json<MessageBody>,
) -> Result<StatusCode, AppError> {
    let files: Vec<(String, Option<ArtifactKind>)> =
        message.files.into_iter().map(|token| (token, None)).collect();
    actions::add_message(&state, &viewer, &reference, &message.body, &files).await?;
    Ok(StatusCode::CREATED)
}

/// The case's status after the change.
#[derive(Serialize, ToSchema)]
pub(super) struct StatusAnswer {
    status: CaseStatus,
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/status",
    tag = "cases",
    params(("reference" = String, Path, description = "CASE-000001")),
    request_body= StatusChange,
    responses((status = 200, description = "The new status", body = StatusAnswer), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Json(change): Json<StatusChange>,
) -> Result<Json<StatusAnswer>, AppError> {
    let status = actions::change_status(&state, &viewer, &reference, change).await?;
    Ok(Json(StatusAnswer { status }))
}

/// Engineers: `take`, `reply`, `note`, `ask` (waiting on the customer), `resolve`.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/work",
    tag = "cases",
    params(("reference" = String, Path, description = "CASE-000001")),
    request_body= CaseWork,
    responses((status = 200, description = "The new status", body = StatusAnswer), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn work(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    Json(input): Json<CaseWork>,
) -> Result<Json<StatusAnswer>, AppError> {
    let work = Work::from_input(input)?;
    let status = work::work(&state, &viewer, &reference, work).await?;
    Ok(Json(StatusAnswer { status }))
}

/// A case's file, to those who may see the case; always as a download.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}/files/{id}",
    tag = "cases",
    params(("reference" = String, Path, description = "CASE-000001"), ("id" = String, Path, description = "The file's id")),
    responses((status = 200, description = "The file, as an attachment", content_type = "application/octet-stream", body = Vec<u8>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((reference, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (key, file_name, content_type) = queries::artifact(&state, &viewer, &reference, id).await?;
    let stream = state.files.open(&key).await?;
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    let ascii: String = file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// The top five articles for what the customer is describing.
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    tag = "knowledge base",
    params(("q" = Option<String>, Query, description = "The problem as the customer describes it")),
    responses((status = 200, description = "The five best articles", body = Vec<Suggestion>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn suggest(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<Suggestion>>, AppError> {
    let q = query_value(&query, "q").unwrap_or_default();
    Ok(Json(kb_service::suggest(&state, &viewer, &q, 5).await?))
}
