//! `POST /cases/new`: the case form as a plain multipart form, so a case
//! can be filed without WebAssembly. Files come in `file_<kind>` fields
//! (several per kind). The browser is sent to the new case, or back to the
//! form with the message and what was typed; the hydrated form posts the
//! same fields with `Accept: application/json` and gets JSON instead.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Multipart, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use app::{
    cases::{ArtifactKind, ArtifactRef, CaseField, NewCase},
    entitlements::Channel,
    error::AppError,
    ssr::{
        AppState,
        auth::Viewer,
        cases::{create, uploads},
    },
};

/// Text fields are short; anything longer belongs in a file.
const MAX_TEXT_FIELD: usize = 64 * 1024;

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    let mut received: Vec<ArtifactRef> = Vec::new();
    let outcome = read_and_file(&state, &viewer, multipart, &mut text, &mut received).await;
    match outcome {
        Ok(created) if wants_json => (StatusCode::CREATED, Json(created)).into_response(),
        Ok(created) => {
            Redirect::to(&format!("/cases/{}?created=1", created.reference)).into_response()
        }
        Err(error) => {
            let tokens: Vec<String> = received.into_iter().map(|a| a.upload).collect();
            if let Err(cleanup) = uploads::discard(&state, &tokens).await {
                return AppError::from(cleanup).into_response();
            }
            if wants_json {
                return error.into_response();
            }
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("error", &error.to_string());
            for (name, value) in text.iter().filter(|(name, _)| name.as_str() != "csrf") {
                query.append_pair(name, value);
            }
            Redirect::to(&format!("/cases/new?{}", query.finish())).into_response()
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
    let read_error = |e: axum::extract::multipart::MultipartError| {
        AppError::bad_request(format!("The form could not be read: {}", e.body_text()))
    };
    while let Some(mut field) = multipart.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(kind) = name.strip_prefix("file_") {
            let kind: ArtifactKind = kind.parse()?;
            // An empty file input still sends a part, without a name.
            let Some(file_name) = field.file_name().filter(|n| !n.is_empty()).map(str::to_owned)
            else {
                continue;
            };
            let uploaded = uploads::receive(state, uploader, &file_name, Box::pin(field)).await?;
            received.push(ArtifactRef { upload: uploaded.token, kind });
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            value.extend_from_slice(&chunk);
            if value.len() > MAX_TEXT_FIELD {
                return Err(AppError::PayloadTooLarge(format!(
                    "{name} is too long: attach long texts as files."
                )));
            }
        }
        text.insert(name, String::from_utf8_lossy(&value).into_owned());
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
