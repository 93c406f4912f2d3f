//! `POST /cases/new` and `POST /cases/{reference}/messages`: the case form
//! and the reply form as plain multipart forms, so cases are filed and
//! answered, files included, without WebAssembly. Files come in `file_<kind>` fields
//! (several per kind). The browser is sent to the new case, or back to the
//! form with the message and what was typed; the hydrated form posts the
//! same fields with `Accept: application/json` and gets JSON instead.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Extension, Multipart, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use crate::multipart::{self, read_error};

use app::{
    cases::{ArtifactKind, ArtifactRef, CaseField, NewCase},
    entitlements::Channel,
    error::AppError,
    ssr::{
        AppState,
        auth::{Viewer, csrf::CsrfFormCheck},
        cases::{actions, create, uploads},
    },
};

/// Text fields are short; anything longer belongs in a file.
const MAX_TEXT_FIELD: usize = 64 * 1024;
/// The case form has about twenty text fields; a form with many more is
/// not this one.
const MAX_TEXT_FIELDS: usize = 40;

/// The hydrated forms ask for JSON; plain forms get redirects.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// A refusal: the files that came with the request are removed, then the
/// error goes back as JSON, or as a redirect to `back` with `error=` and
/// the `keep` pairs in its query string.
async fn refused(
    state: &AppState,
    error: AppError,
    tokens: &[String],
    json: bool,
    back: impl FnOnce(String) -> String,
    keep: &BTreeMap<String, String>,
) -> Response {
    if let Err(cleanup) = uploads::discard(state, tokens).await {
        return AppError::from(cleanup).into_response();
    }
    if json {
        return error.into_response();
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("error", &error.to_string());
    for (name, value) in keep.iter().filter(|(name, _)| name.as_str() != "csrf") {
        query.append_pair(name, value);
    }
    Redirect::to(&back(query.finish())).into_response()
}

/// A text field of the form, up to [`MAX_TEXT_FIELD`].
async fn read_text(field: axum::extract::multipart::Field<'_>) -> Result<String, AppError> {
    let too_long =
        format!("{} is too long: attach long texts as files.", field.name().unwrap_or("A field"));
    multipart::read_text(field, MAX_TEXT_FIELD, &too_long).await
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    check: Option<Extension<CsrfFormCheck>>,
    mut multipart: Multipart,
) -> Response {
    if let Err(refused) = multipart::check_csrf_field(&mut multipart, check.as_deref()).await {
        return refused.into_response();
    }
    let json = wants_json(&headers);
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    let mut received: Vec<ArtifactRef> = Vec::new();
    let outcome = read_and_file(&state, &viewer, multipart, &mut text, &mut received).await;
    match outcome {
        Ok(created) if json => (StatusCode::CREATED, Json(created)).into_response(),
        Ok(created) => {
            Redirect::to(&format!("/cases/{}?created=1", created.reference)).into_response()
        }
        Err(error) => {
            let tokens: Vec<String> = received.into_iter().map(|a| a.upload).collect();
            refused(&state, error, &tokens, json, |query| format!("/cases/new?{query}"), &text)
                .await
        }
    }
}

async fn read_and_file(
    state: &AppState,
    viewer: &Viewer,
    mut multipart: Multipart,
    text: &mut BTreeMap<String, String>,
    received: &mut Vec<ArtifactRef>,
) -> Result<app::cases::CaseCreated, AppError> {
    let uploader = viewer.require_user()?.id;
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(kind) = name.strip_prefix("file_") {
            let kind: ArtifactKind = kind.parse()?;
            // An empty file input still sends a part, without a name.
            let Some(file_name) = field.file_name().filter(|n| !n.is_empty()).map(str::to_owned)
            else {
                continue;
            };
            uploads::check_file_count(&state.settings.uploads, received.len() + 1)?;
            let uploaded = uploads::receive(state, uploader, &file_name, Box::pin(field)).await?;
            received.push(ArtifactRef { upload: uploaded.token, kind });
            continue;
        }
        if text.len() >= MAX_TEXT_FIELDS {
            return Err(AppError::PayloadTooLarge(format!(
                "The form has more than {MAX_TEXT_FIELDS} fields."
            )));
        }
        let value = read_text(field).await?;
        text.insert(name, value);
    }
    let get = |name: &str| text.get(name).cloned().unwrap_or_default();
    let mut fields = BTreeMap::new();
    for field in CaseField::ALL {
        let value = get(field.as_str());
        if !value.trim().is_empty() {
            fields.insert(*field, value);
        }
    }
    let case = NewCase {
        case_type: get("case_type").parse()?,
        severity: get("severity").parse()?,
        subject: get("subject"),
        description: get("description"),
        fields,
        artifacts: received.clone(),
        channel: match text.get("channel").filter(|c| !c.is_empty()) {
            Some(channel) => channel.parse()?,
            None => Channel::Web,
        },
        contact_email: text.get("contact_email").cloned().filter(|e| !e.trim().is_empty()),
        help_session: text.get("session").cloned().filter(|s| !s.is_empty()),
    };
    Ok(create::file_case(state, viewer, case).await?)
}

/// A reply with files (`file` fields); back to the case, or JSON.
pub async fn reply(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(reference): Path<String>,
    headers: HeaderMap,
    check: Option<Extension<CsrfFormCheck>>,
    mut multipart: Multipart,
) -> Response {
    if let Err(refused) = multipart::check_csrf_field(&mut multipart, check.as_deref()).await {
        return refused.into_response();
    }
    let json = wants_json(&headers);
    let mut tokens: Vec<String> = Vec::new();
    let outcome = async {
        let uploader = viewer.require_user()?.id;
        let mut body = String::new();
        while let Some(field) = multipart.next_field().await.map_err(read_error)? {
            match field.name().unwrap_or_default() {
                "file" => {
                    let Some(name) = field.file_name().filter(|n| !n.is_empty()).map(str::to_owned)
                    else {
                        continue;
                    };
                    uploads::check_file_count(&state.settings.uploads, tokens.len() + 1)?;
                    let uploaded =
                        uploads::receive(&state, uploader, &name, Box::pin(field)).await?;
                    tokens.push(uploaded.token);
                }
                "body" => body = read_text(field).await?,
                _ => {}
            }
        }
        let files: Vec<(String, Option<ArtifactKind>)> =
            tokens.iter().map(|token| (token.clone(), None)).collect();
        actions::add_message(&state, &viewer, &reference, &body, &files).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match outcome {
        Ok(()) if json => StatusCode::CREATED.into_response(),
        Ok(()) => {
            Redirect::to(&format!("/cases/{reference}?replied=1#timeline-title")).into_response()
        }
        Err(error) => {
            let back = |query| format!("/cases/{reference}?{query}#reply-title");
            refused(&state, error, &tokens, json, back, &BTreeMap::new()).await
        }
    }
}
