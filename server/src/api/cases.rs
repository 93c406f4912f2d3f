//! `/api/v1/uploads`, `/api/v1/cases` (list, file, read, messages, status,
//! files) and `/api/v1/suggest`.

use axum::{
    Json,
    body::Body,
    extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, router::UtoipaMethodRouter, routes};

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
    runtime::AppState,
};

use super::params::{ApiPath, ApiQuery, CaseReference, Id, optional_text};
use crate::{
    form::{Form, FormLimits},
    multipart::{read_error, read_json},
};

/// The case's own text, without its files.
const MAX_CASE_JSON: usize = 1024 * 1024;
const CASE_TOO_LONG: &str = "A case may be at most 1 MB of text.";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(streamed(routes!(upload)))
        .routes(streamed(routes!(list, file_case)))
        .routes(routes!(detail))
        .routes(routes!(message))
        .routes(routes!(status))
        .routes(routes!(work))
        .routes(routes!(download))
        .routes(routes!(suggest))
}

/// Files are streamed and limited one by one, not by the request's size.
fn streamed(route: UtoipaMethodRouter<AppState>) -> UtoipaMethodRouter<AppState> {
    let (schemas, paths, method_router) = route;
    (schemas, paths, method_router.layer(DefaultBodyLimit::disable()))
}

/// A case, by its reference.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct CasePath {
    /// `CASE-` and six or more digits.
    #[param(inline)]
    reference: CaseReference,
}

impl CasePath {
    pub(super) fn reference(&self) -> &str {
        &self.reference.0
    }
}

/// One file of a case.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct FilePath {
    /// `CASE-` and six or more digits.
    #[param(inline)]
    reference: CaseReference,
    /// The file's id.
    #[param(inline)]
    id: Id,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListQuery {
    /// Only cases in this status.
    #[serde(default)]
    #[param(inline)]
    status: Option<CaseStatus>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SuggestQuery {
    /// The problem as the customer describes it.
    #[serde(default, deserialize_with = "optional_text")]
    q: Option<String>,
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
    responses((status = 201, description = "Stored until a case takes it", body = Uploaded))
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
    responses((status = 201, description = "Filed", body = CaseCreated))
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
    params(ListQuery),
    responses((status = 200, description = "The cases the caller follows, newest first", body = Vec<CaseSummary>))
)]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<CaseSummary>>, AppError> {
    Ok(Json(queries::list(&state, &viewer, query.status).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{reference}",
    tag = "cases",
    params(CasePath),
    responses((status = 200, description = "The case with its timeline and files", body = CaseDetail))
)]
pub(super) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(CasePath { reference: CaseReference(reference) }): ApiPath<CasePath>,
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
    params(CasePath),
    request_body= MessageBody,
    responses((status = 201, description = "Added"))
)]
pub(super) async fn message(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(CasePath { reference: CaseReference(reference) }): ApiPath<CasePath>,
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
    params(CasePath),
    request_body= StatusChange,
    responses((status = 200, description = "The new status", body = StatusAnswer))
)]
pub(super) async fn status(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(CasePath { reference: CaseReference(reference) }): ApiPath<CasePath>,
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
    params(CasePath),
    request_body= CaseWork,
    responses((status = 200, description = "The new status", body = StatusAnswer))
)]
pub(super) async fn work(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(CasePath { reference: CaseReference(reference) }): ApiPath<CasePath>,
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
    params(FilePath),
    responses((status = 200, description = "The file, as an attachment, with the content type it was stored with", content_type = "*/*", body = Vec<u8>))
)]
pub(super) async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(FilePath { reference: CaseReference(reference), id }): ApiPath<FilePath>,
) -> Result<Response, AppError> {
    let (key, file_name, content_type) =
        queries::artifact(&state, &viewer, &reference, id.0).await?;
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
    params(SuggestQuery),
    responses((status = 200, description = "The five best articles", body = Vec<Suggestion>))
)]
pub(super) async fn suggest(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<SuggestQuery>,
) -> Result<Json<Vec<Suggestion>>, AppError> {
    let q = query.q.unwrap_or_default();
    Ok(Json(kb_service::suggest(&state, &viewer, &q, 5).await?))
}
