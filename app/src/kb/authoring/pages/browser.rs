//! What only the browser does for the editor: upload a picture or file and
//! add its Markdown to the text, and ask before leaving unsaved changes.

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

use crate::ui::form_post::post_form;

/// Sends the upload form; on success its Markdown goes at the end of the text.
pub fn upload(
    event: ev::SubmitEvent,
    text: RwSignal<String>,
    said: WriteSignal<Option<Result<String, String>>>,
) {
    event.prevent_default();
    let Some(form) = event.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else {
        return;
    };
    said.set(None);
    let sent = form.clone();
    post_form(&form, None, move |status, json| {
        let outcome = match (status, json["markdown"].as_str(), json["error"].as_str()) {
            (201, Some(markdown), _) => {
                text.update(|text| {
                    if !text.is_empty() && !text.ends_with("\n\n") {
                        text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
                    }
                    text.push_str(markdown);
                    text.push('\n');
                });
                sent.reset();
                Ok(markdown.to_owned())
            }
            (_, _, Some(message)) => Err(message.to_owned()),
            (0, _, _) => Err("Not uploaded: check the connection and try again.".to_owned()),
            _ => Err("Not uploaded. Please try again.".to_owned()),
        };
        said.set(Some(outcome));
    });
}

/// Asks the browser to confirm leaving the page while `unsaved()` holds.
pub fn warn_before_leaving(unsaved: impl Fn() -> bool + 'static) {
    let handle = window_event_listener(ev::beforeunload, move |event| {
        if unsaved() {
            event.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}
