//! Multipart forms that carry files: every file part goes to the file store
//! as it arrives (streamed, through `uploads::receive`), text parts are
//! read within their limits. Whatever fails, reading the form or using it,
//! the files it brought are removed again: a refused request leaves no
//! upload behind.

use std::collections::BTreeMap;

use axum::extract::{Multipart, multipart::Field};

use app::{
    cases::server::uploads::{self, Uploaded},
    error::AppError,
    ids::UserId,
    runtime::AppState,
};

use crate::multipart::{read_error, read_text};

/// What a form may hold besides its files.
pub struct FormLimits {
    /// Bytes of one text field.
    pub text_bytes: usize,
    /// Text fields in all.
    pub text_fields: usize,
}

/// Reads one text part into `text`, within the form's limits: at most
/// `text_fields` of them, each at most `text_bytes`, no NUL characters.
async fn add_text(
    text: &mut BTreeMap<String, String>,
    name: String,
    field: Field<'_>,
    limits: &FormLimits,
) -> Result<(), AppError> {
    if text.len() >= limits.text_fields {
        return Err(AppError::PayloadTooLarge(format!(
            "The form has more than {} fields.",
            limits.text_fields
        )));
    }
    let too_long = format!("{name} is too long: attach long texts as files.");
    let value = read_text(field, limits.text_bytes, &too_long).await?;
    text.insert(name, value);
    Ok(())
}

/// A form's parts read as text, as [`Form::read`] reads its text parts
/// (the fuzz target of the case form drives the reader through this).
pub async fn read_text_parts(
    mut multipart: Multipart,
    limits: FormLimits,
) -> Result<BTreeMap<String, String>, AppError> {
    let mut text = BTreeMap::new();
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        add_text(&mut text, name, field, &limits).await?;
    }
    Ok(text)
}

/// A form read whole: its text fields and the files it stored, each with
/// the name of the field it came in.
#[derive(Default)]
pub struct Form {
    pub text: BTreeMap<String, String>,
    pub files: Vec<(String, Uploaded)>,
}

/// A refused form: why, and what was typed (to show the form again).
pub struct Refused {
    pub error: AppError,
    pub text: BTreeMap<String, String>,
}

/// Where nothing typed is shown again (the JSON API), a refusal is its error.
impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        refused.error
    }
}

impl Form {
    /// Reads every part of `multipart`; `is_file` tells file fields by
    /// their name. File inputs left empty (no file name) are skipped.
    pub async fn read(
        state: &AppState,
        uploader: UserId,
        mut multipart: Multipart,
        is_file: impl Fn(&str) -> bool,
        limits: FormLimits,
    ) -> Result<Self, Refused> {
        let mut form = Form::default();
        let outcome: Result<(), AppError> = async {
            while let Some(field) = multipart.next_field().await.map_err(read_error)? {
                let name = field.name().unwrap_or_default().to_owned();
                if is_file(&name) {
                    let Some(file_name) =
                        field.file_name().filter(|n| !n.is_empty()).map(str::to_owned)
                    else {
                        continue;
                    };
                    uploads::check_file_count(&state.settings.uploads, form.files.len() + 1)?;
                    let uploaded =
                        uploads::receive(state, uploader, &file_name, Box::pin(field)).await?;
                    form.files.push((name, uploaded));
                    continue;
                }
                add_text(&mut form.text, name, field, &limits).await?;
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => Ok(form),
            Err(error) => Err(form.refuse(state, error).await),
        }
    }

    /// A text field, empty when the form did not send it.
    pub fn text(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }

    /// Runs `use_form`; if it fails, the form's files are removed.
    pub async fn consume<T>(
        self,
        state: &AppState,
        use_form: impl AsyncFnOnce(&Form) -> Result<T, AppError>,
    ) -> Result<T, Refused> {
        match use_form(&self).await {
            Ok(value) => Ok(value),
            Err(error) => Err(self.refuse(state, error).await),
        }
    }

    async fn refuse(self, state: &AppState, error: AppError) -> Refused {
        let tokens: Vec<String> = self.files.into_iter().map(|(_, file)| file.token).collect();
        let error = match uploads::discard(state, &tokens).await {
            Ok(()) => error,
            Err(cleanup) => AppError::from(cleanup),
        };
        Refused { error, text: self.text }
    }
}
