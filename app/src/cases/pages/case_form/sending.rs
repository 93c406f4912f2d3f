//! Sending the case: once the app runs, the form and its files go up in
//! the background with a progress bar, and what is typed is kept in the
//! browser meanwhile; without WebAssembly the form posts itself.

use leptos::{ev, prelude::*};

#[cfg(feature = "hydrate")]
use super::browser;

/// Once the app runs, the form goes up in the background with a progress
/// bar and the new case opens; without WebAssembly it posts itself.
pub(super) fn send_in_background(
    set_progress: WriteSignal<Option<f64>>,
    set_send_error: WriteSignal<Option<String>>,
) -> impl Fn(ev::SubmitEvent) + Clone + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |event: ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) =
                event.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            event.prevent_default();
            set_send_error.set(None);
            set_progress.set(Some(0.0));
            let navigate = navigate.clone();
            browser::send(&form, set_progress, move |outcome| match outcome {
                Ok(reference) => {
                    browser::clear_draft();
                    navigate(&format!("/cases/{reference}?created=1"), Default::default());
                }
                Err(message) => {
                    set_progress.set(None);
                    set_send_error.set(Some(message));
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, &navigate, set_progress, set_send_error);
    }
}

/// Keeps what is typed in the browser, so that a reload loses nothing.
pub(super) fn keep_draft(event: ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(form) =
            event.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        {
            browser::save_draft(&form);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = event;
}

/// How far the case and its files have gone up, while they go.
#[component]
pub(super) fn SendingProgress(progress: ReadSignal<Option<f64>>) -> impl IntoView {
    move || {
        progress.get().map(|done| {
            // A whole number: no floating-point formatting in the bundle.
            let percent = (done * 100.0).round() as u32;
            view! {
                <p role="status">
                    <label for="case-progress">"Sending the case and its files"</label>
                    " "
                    <progress id="case-progress" max="100" value=percent>{format!("{percent} %")}</progress>
                </p>
            }
        })
    }
}
