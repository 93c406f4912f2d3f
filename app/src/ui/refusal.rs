//! A form the server refused: an error summary at the top of the form (as
//! the UK government's design system has it) with the message and a link
//! to each field it names, focused when it appears; once the app runs, each
//! of those fields is also marked invalid and described by the summary
//! (set on the elements, which keeps the customers' bundle small).
//!
//! The server's messages list the fields they concern by their labels
//! ("Still missing: Software version, Product logs."), so a field is named
//! when its label is one of the message's items (between `:`, `,` and `.`):
//! "Product" is not named by "Product logs".

use leptos::prelude::*;

/// The summary's id, which the fields it names are described by.
pub const SUMMARY_ID: &str = "form-refusal";

/// The form's refusal (empty while there is none).
#[derive(Clone, Copy)]
pub struct Refusal {
    message: Signal<String>,
    /// Every refusal concerns every field (sign-in: which of email and
    /// password was wrong is not said).
    every_field: bool,
}

impl Refusal {
    pub fn new(message: Signal<String>) -> Self {
        Self { message, every_field: false }
    }

    pub fn for_every_field(message: Signal<String>) -> Self {
        Self { message, every_field: true }
    }

    /// Whether the refusal names the field with this label.
    pub fn names(self, label: &str) -> bool {
        self.message.with(|message| {
            if self.every_field { !message.is_empty() } else { names(message, label) }
        })
    }
}

/// The summary: the message and links to the fields (label, id) it names.
/// Without WebAssembly it takes focus as the page loads (`autofocus`);
/// once the app runs, whenever a new refusal arrives.
#[component]
pub fn ErrorSummary(
    refusal: Refusal,
    /// The form's fields that a refusal may name: (label, input id).
    fields: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let shown = refusal.message.with(|message| !message.is_empty());
        fields.with(|fields| {
            for (label, id) in fields {
                mark(id, shown && refusal.names(label));
            }
        });
        focus_summary(shown);
    });
    move || {
        let message = refusal.message.get();
        (!message.is_empty()).then(|| {
            let links = fields
                .get()
                .into_iter()
                .filter(|(label, _)| refusal.names(label))
                .map(|(label, id)| view! { <li><a href=format!("#{id}") target="_self">{label}</a></li> })
                .collect_view();
            view! {
                <div class="error-summary" id=SUMMARY_ID role="alert" tabindex="-1" autofocus>
                    <h2>"There is a problem"</h2>
                    <p>{message}</p>
                    <ul>{links}</ul>
                </div>
            }
        })
    }
}

/// Moves focus to the summary once it is shown (after this render).
#[cfg(feature = "hydrate")]
fn focus_summary(shown: bool) {
    use wasm_bindgen::JsCast;
    if !shown {
        return;
    }
    request_animation_frame(|| {
        let summary = document().get_element_by_id(SUMMARY_ID);
        if let Some(summary) = summary.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = summary.focus();
        }
    });
}

/// Marks the field with this id invalid and described by the summary, or
/// no longer.
#[cfg(feature = "hydrate")]
fn mark(id: &str, invalid: bool) {
    let Some(field) = document().get_element_by_id(id) else { return };
    let described = field.get_attribute("aria-describedby").unwrap_or_default();
    let others: Vec<&str> = described.split_whitespace().filter(|d| *d != SUMMARY_ID).collect();
    let mut ids = others.join(" ");
    if invalid {
        let _ = field.set_attribute("aria-invalid", "true");
        ids = format!("{SUMMARY_ID} {ids}");
    } else {
        let _ = field.remove_attribute("aria-invalid");
    }
    let _ = match ids.trim() {
        "" => field.remove_attribute("aria-describedby"),
        ids => field.set_attribute("aria-describedby", ids),
    };
}

fn names(message: &str, label: &str) -> bool {
    !label.is_empty()
        && message
            .split([':', ',', '.', ';'])
            .any(|item| item.trim().eq_ignore_ascii_case(label.trim()))
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn a_field_is_named_by_an_item_of_the_message_not_by_a_longer_label() {
        let message = "Still missing: Software version, System report, Product logs.";
        for label in ["Software version", "system report", "Product logs"] {
            assert!(names(message, label), "{label}");
        }
        for label in ["Product", "Subject", ""] {
            assert!(!names(message, label), "{label}");
        }
    }
}
