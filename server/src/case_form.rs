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

use crate::{
    form::{Form, FormLimits, Refused},
    multipart,
};

use app::{
    auth::server::{Action, Viewer, authorize, csrf::CsrfFormCheck},
    cases::{
        ArtifactKind,
        form_fields::{SentCaseForm, is_file_field},
        server::{actions, create},
    },
    error::AppError,
    runtime::AppState,
};

impl FormLimits {
    /// Text fields are short, anything longer belongs in a file; the case
    /// form has about twenty of them, and a form with many more is not it.
    pub const CASE_FORM: FormLimits = FormLimits { text_bytes: 64 * 1024, text_fields: 40 };
}

/// The hydrated forms ask for JSON; plain forms get redirects.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// A refusal (its files already removed): the error as JSON, or a
/// redirect to `back` with `error=` and what was typed in its query string.
fn refused(
    Refused { error, text }: Refused,
    json: bool,
    back: impl FnOnce(String) -> String,
) -> Response {
    if json {
        return error.into_response();
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("error", &error.to_string());
    for (name, value) in text.iter().filter(|(name, _)| name.as_str() != "csrf") {
        query.append_pair(name, value);
    }
    Redirect::to(&back(query.finish())).into_response()
}

/// Reads the form, its files to the store, then hands it to `use_form`;
/// refused as a whole, its files removed.
async fn with_form<T>(
    state: &AppState,
    viewer: &Viewer,
    multipart: Multipart,
    is_file: impl Fn(&str) -> bool,
    use_form: impl AsyncFnOnce(&Form) -> Result<T, AppError>,
) -> Result<T, Refused> {
    let uploader = authorize(viewer, Action::UploadCaseFiles)
        .map_err(|error| Refused { error, text: BTreeMap::new() })?
        .id;
    let limits = FormLimits::CASE_FORM;
    let form = Form::read(state, uploader, multipart, is_file, limits).await?;
    form.consume(state, use_form).await
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
    let file = async |form: &Form| file_case(&state, &viewer, form).await;
    let outcome = with_form(&state, &viewer, multipart, is_file_field, file).await;
    match outcome {
        Ok(created) if json => (StatusCode::CREATED, Json(created)).into_response(),
        Ok(created) => {
            Redirect::to(&format!("/cases/{}?created=1", created.reference)).into_response()
        }
        Err(refusal) => refused(refusal, json, |query| format!("/cases/new?{query}")),
    }
}

/// Files the case the form describes, with the files it brought.
async fn file_case(
    state: &AppState,
    viewer: &Viewer,
    form: &Form,
) -> Result<app::cases::CaseCreated, AppError> {
    let files = form.files.iter().map(|(field, file)| (field.as_str(), file.token.clone()));
    let case = SentCaseForm { text: &form.text, files: files.collect() }.read()?;
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
    let add_message = async |form: &Form| {
        let files: Vec<(String, Option<ArtifactKind>)> =
            form.files.iter().map(|(_, file)| (file.token.clone(), None)).collect();
        actions::add_message(&state, &viewer, &reference, &form.text("body"), &files).await?;
        Ok::<_, AppError>(())
    };
    let outcome = with_form(&state, &viewer, multipart, |name| name == "file", add_message).await;
    match outcome {
        Ok(()) if json => StatusCode::CREATED.into_response(),
        Ok(()) => {
            Redirect::to(&format!("/cases/{reference}?replied=1#timeline-title")).into_response()
        }
        Err(refusal) => {
            // Nothing typed in a reply goes into the address.
            let refusal = Refused { text: BTreeMap::new(), ..refusal };
            refused(refusal, json, |query| format!("/cases/{reference}?{query}#reply-title"))
        }
    }
}
