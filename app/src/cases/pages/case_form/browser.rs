//! What only the browser does for the case form: send it with
//! XMLHttpRequest to report upload progress, and keep a draft in local
//! storage so a reload loses nothing.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{FormData, HtmlFormElement};

use crate::ui::form_post::post_form;

const DRAFT_KEY: &str = "selfdesk-case-draft";

/// Sends the form to its action as multipart, asking for JSON. `progress`
/// follows the upload (0 to 1); `done` gets the new case's reference or
/// the message to show.
pub fn send(
    form: &HtmlFormElement,
    progress: WriteSignal<Option<f64>>,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    post_form(form, Some(progress), move |status, json| {
        let outcome = match (status, json["reference"].as_str(), json["error"].as_str()) {
            (201, Some(reference), _) => Ok(reference.to_owned()),
            (_, _, Some(message)) => Err(message.to_owned()),
            (0, _, _) => {
                Err("The form could not be sent: check the connection and try again.".to_owned())
            }
            _ => Err("The case could not be filed. Please try again.".to_owned()),
        };
        done(outcome);
    });
}

/// Saves the form's text fields (not its files, not the CSRF token).
pub fn save_draft(form: &HtmlFormElement) {
    let Ok(data) = FormData::new_with_form(form) else { return };
    let mut draft = serde_json::Map::new();
    let entries = js_sys::try_iter(&data).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string())
            && name != "session"
        {
            draft.insert(name, serde_json::Value::String(value));
        }
    }
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(DRAFT_KEY, &serde_json::Value::Object(draft).to_string());
    }
}

/// The saved draft, by field name.
pub fn load_draft() -> Vec<(String, String)> {
    let saved = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(DRAFT_KEY).ok().flatten())
        .unwrap_or_default();
    let draft: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&saved).unwrap_or_default();
    draft.into_iter().filter_map(|(name, value)| Some((name, value.as_str()?.to_owned()))).collect()
}

pub fn clear_draft() {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// Puts a saved value back into the element with this id (`value`, or
/// `checked` for a radio button).
pub fn restore_value(id: &str, value: &str) {
    let Some(element) = document().get_element_by_id(id) else { return };
    let is_radio = element.get_attribute("type").as_deref() == Some("radio");
    let (property, value) =
        if is_radio { ("checked", JsValue::TRUE) } else { ("value", JsValue::from_str(value)) };
    let _ = js_sys::Reflect::set(&element, &JsValue::from_str(property), &value);
}
