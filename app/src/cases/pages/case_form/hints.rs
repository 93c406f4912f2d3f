//! Articles that may answer the case being described: the same suggestions
//! as the get-help page (subject and description together, ranked as search
//! ranks them, only what the customer may read), following the typing.
//!
//! The articles for the text the page opens with come with the form's data
//! (`load_case_form`); after that the browser asks whenever typing pauses.
//! A resource of their own would be asked again while the page hydrates,
//! and the page would no longer match what the server sent.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use crate::kb::{Suggestion, api::suggestions_for};

/// Typing pauses this long before the articles follow it.
const DEBOUNCE: Duration = Duration::from_millis(400);

/// The text the suggestions are asked for: subject and description.
pub fn described(subject: Option<String>, description: Option<String>) -> String {
    format!("{} {}", subject.unwrap_or_default(), description.unwrap_or_default())
}

#[component]
pub fn ArticleHints(
    subject: ReadSignal<String>,
    description: ReadSignal<String>,
    /// The articles for the text the page opened with.
    first_hints: Vec<Suggestion>,
) -> impl IntoView {
    let found = RwSignal::new(first_hints);
    // Said once per answer to new typing; empty until then, so that the
    // region exists before anything is announced in it.
    let (announced, announce) = signal(String::new());
    // The text last asked about: an answer to older text is dropped.
    let asked = StoredValue::new(described(
        Some(subject.get_untracked()),
        Some(description.get_untracked()),
    ));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = described(Some(subject.get()), Some(description.get()));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if asked.with_value(|asked| *asked == text) {
            return;
        }
        let ask = move || {
            asked.set_value(text.clone());
            spawn_local(async move {
                let suggestions = suggestions_for(text.clone()).await.unwrap_or_default();
                if asked.with_value(|asked| *asked == text) {
                    announce.set(match suggestions.len() {
                        0 => "No article matches yet.".to_owned(),
                        1 => "1 article may answer it.".to_owned(),
                        n => format!("{n} articles may answer it."),
                    });
                    found.set(suggestions);
                }
            });
        };
        pending.set_value(set_timeout_with_handle(ask, DEBOUNCE).ok());
    });
    view! {
        <section aria-labelledby="case-hints-title" class="case-hints">
            <h2 id="case-hints-title">"Articles that may answer this"</h2>
            <p role="status" class="visually-hidden">{announced}</p>
            {move || {
                let suggestions = found.get();
                if suggestions.is_empty() {
                    return view! { <p>"None yet: they appear as you describe the problem."</p> }.into_any();
                }
                let items = suggestions
                    .into_iter()
                    .map(|s| view! { <li><a href=s.url target="_blank" rel="noopener">{s.title}<span class="visually-hidden">" (opens in a new tab)"</span></a></li> })
                    .collect_view();
                view! {
                    <p>"These articles may answer it:"</p>
                    <ol class="case-hint-list">{items}</ol>
                }
                .into_any()
            }}
        </section>
    }
}
