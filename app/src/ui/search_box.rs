//! The search box on every page. Without WebAssembly it is a plain form
//! that opens the results page. Once the app runs it is also a combobox:
//! while the reader types, the best five articles appear under it, and the
//! arrow keys, Enter and Escape work them.

use std::time::Duration;

use leptos::{ev, prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use super::feedback::urlencode;
use crate::kb::{Suggestion, api::suggest_articles};

/// Typing pauses this long before suggestions are fetched.
const DEBOUNCE: Duration = Duration::from_millis(200);
const LIST_ID: &str = "site-search-suggestions";

fn option_id(index: usize) -> String {
    format!("site-search-option-{index}")
}

/// The link to a suggestion: counted as a search whose result was opened.
fn suggestion_href(suggestion: &Suggestion, query: &str, position: usize) -> String {
    format!("{}?q={}&p={position}", suggestion.url, urlencode(query))
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let (suggestions, set_suggestions) = signal(Vec::<Suggestion>::new());
    let (active, set_active) = signal(None::<usize>);
    let (open, set_open) = signal(false);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let navigate = use_navigate();

    let fetch = move |query: String| {
        spawn_local(async move {
            let found = suggest_articles(query.clone()).await.unwrap_or_default();
            // An answer for older text is dropped.
            if text.get_untracked() == query {
                set_active.set(None);
                set_open.set(!found.is_empty());
                set_suggestions.set(found);
            }
        });
    };
    let on_input = move |event: ev::Event| {
        let value = event_target_value(&event);
        set_text.set(value.clone());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if value.trim().chars().count() < 2 {
            set_open.set(false);
            set_suggestions.set(Vec::new());
            return;
        }
        pending.set_value(set_timeout_with_handle(move || fetch(value), DEBOUNCE).ok());
    };
    let navigate_from_key = navigate.clone();
    let on_keydown = move |event: ev::KeyboardEvent| {
        let count = suggestions.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            // Closes the list; the browser would also clear the field.
            "Escape" if open.get_untracked() => {
                event.prevent_default();
                set_open.set(false);
                set_active.set(None);
            }
            "Enter" => {
                let chosen =
                    active.get_untracked().filter(|_| open.get_untracked()).and_then(|index| {
                        suggestions.with_untracked(|list| {
                            list.get(index)
                                .map(|s| suggestion_href(s, &text.get_untracked(), index))
                        })
                    });
                if let Some(href) = chosen {
                    event.prevent_default();
                    set_open.set(false);
                    navigate_from_key(&href, Default::default());
                }
            }
            _ => {}
        }
    };

    let options = move || {
        let query = text.get();
        suggestions
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, suggestion)| {
                let selected = move || active.get() == Some(index);
                let href = suggestion_href(&suggestion, &query, index);
                let navigate = navigate.clone();
                // An option holds no link (no nested controls in a listbox):
                // a press chooses it, before the field's blur closes the list.
                view! {
                    <li
                        id=option_id(index)
                        role="option"
                        aria-selected=move || selected().to_string()
                        class:active=selected
                        on:mousedown=move |event| {
                            event.prevent_default();
                            set_open.set(false);
                            navigate(&href, Default::default());
                        }
                    >
                        <span class="suggestion-title">{suggestion.title.clone()}</span>
                        <span class="suggestion-summary">{suggestion.summary.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let announcement = move || match (open.get(), suggestions.with(Vec::len)) {
        (true, 1) => "1 article suggested; use the arrow keys to choose.".to_owned(),
        (true, n) if n > 1 => format!("{n} articles suggested; use the arrow keys to choose."),
        _ => String::new(),
    };

    view! {
        <form role="search" aria-label="Quick search" action="/search" method="get" class="site-search" on:focusout=move |_| {
            // Closing waits a moment, so a click on a suggestion still lands.
            set_timeout(move || set_open.set(false), Duration::from_millis(150));
        }>
            <label for="site-search-input" class="visually-hidden">"Search the knowledge base"</label>
            <input
                id="site-search-input"
                name="q"
                type="search"
                role="combobox"
                autocomplete="off"
                placeholder="Search articles, errors, codes…"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                on:input=on_input
                on:keydown=on_keydown
            />
            <button type="submit" class="search-button">"Search"</button>
            <ul id=LIST_ID role="listbox" aria-label="Suggested articles" class="suggestions" hidden=move || !open.get()>
                {options}
            </ul>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </form>
    }
}
