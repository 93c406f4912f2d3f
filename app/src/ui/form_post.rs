//! Sends a form with a file in it: XMLHttpRequest, so that upload progress
//! can be shown, asking for JSON. Only in the browser.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

/// Posts the form to its action as multipart. `progress` follows the
/// upload (0 to 1); `done` gets the status (0: no answer) and the JSON.
pub fn post_form(
    form: &HtmlFormElement,
    progress: Option<WriteSignal<Option<f64>>>,
    done: impl FnOnce(u16, serde_json::Value) + 'static,
) {
    if let Err(error) = try_post(form, progress, done) {
        leptos::logging::error!("sending a form failed: {error:?}");
    }
}

fn try_post(
    form: &HtmlFormElement,
    progress: Option<WriteSignal<Option<f64>>>,
    done: impl FnOnce(u16, serde_json::Value) + 'static,
) -> Result<(), JsValue> {
    let data = FormData::new_with_form(form)?;
    let request = XmlHttpRequest::new()?;
    request.open("POST", &form.action())?;
    request.set_request_header("Accept", "application/json")?;
    request.set_request_header(crate::auth::csrf::CSRF_HEADER, &crate::auth::csrf::csrf_token())?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if let Some(progress) = progress
            && event.length_computable()
            && event.total() > 0.0
        {
            progress.set(Some(event.loaded() / event.total()));
        }
    });
    request.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let answered = request.clone();
    let on_end = Closure::once(move |_: JsValue| {
        let status = answered.status().unwrap_or(0);
        let body = answered.response_text().ok().flatten().unwrap_or_default();
        drop(on_progress);
        done(status, serde_json::from_str(&body).unwrap_or_default());
    });
    request.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    // The request owns its handlers until it ends.
    on_end.forget();
    request.send_with_opt_form_data(Some(&data))
}
