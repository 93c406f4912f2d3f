//! Articles that may answer the case being described: the same suggestions
//! as the get-help page (subject and description together, ranked as search
//! ranks them, only what the customer may read), following the typing.

use std::time::Duration;

use leptos::prelude::*;

use crate::{
    error::AppError,
    kb::api::{Suggestion, suggestions_for},
};

/// Typing pauses this long before the articles follow it.
const DEBOUNCE: Duration = Duration::from_millis(400);

/// The suggestions following the subject and description as they are
/// typed. Made with the page, outside its `<Transition>`: a resource made
/// inside one broke the page's hydration.
pub fn follow_typing(
    subject: ReadSignal<String>,
    description: ReadSignal<String>,
) -> Resource<Result<Vec<Suggestion>, AppError>> {
    let described = move || format!("{} {}", subject.get(), description.get());
    let (settled, set_settled) = signal(described());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = described();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        pending.set_value(set_timeout_with_handle(move || set_settled.set(text), DEBOUNCE).ok());
    });
    Resource::new(move || settled.get(), suggestions_for)
}

#[component]
pub fn ArticleHints(suggestions: Resource<Result<Vec<Suggestion>, AppError>>) -> impl IntoView {
    view! {
        <section aria-labelledby="case-hints-title" class="case-hints">
            <h2 id="case-hints-title">"Articles that may answer this"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let found = suggestions.await.unwrap_or_default();
                    if found.is_empty() {
                        return view! { <p role="status">"None yet: they appear as you describe the problem."</p> }.into_any();
                    }
                    let items = found
                        .into_iter()
                        .map(|s| view! { <li><a href=s.url target="_blank" rel="noopener">{s.title}<span class="visually-hidden">" (opens in a new tab)"</span></a></li> })
                        .collect_view();
                    view! {
                        <p role="status">"These articles may answer it:"</p>
                        <ol class="case-hint-list">{items}</ol>
                    }
                    .into_any()
                })}
            </Transition>
        </section>
    }
}
