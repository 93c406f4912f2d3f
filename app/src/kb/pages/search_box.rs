//! The search box on every page. Without WebAssembly it is a plain form
//! that opens the results page. Once the app runs it is also a combobox:
//! while the reader types, the best five articles appear under it, and the
//! arrow keys, Enter and Escape work them.

use std::time::Duration;

use leptos::{ev, prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use crate::kb::{Suggestion, api::suggest_articles};
use crate::ui::feedback::urlencode;

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

/// What the box holds: the text typed, the suggestions for it, the one the
/// arrow keys chose, and whether the list shows.
#[derive(Clone, Copy)]
struct Suggesting {
    text: RwSignal<String>,
    suggestions: RwSignal<Vec<Suggestion>>,
    active: RwSignal<Option<usize>>,
    open: RwSignal<bool>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl Suggesting {
    fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            suggestions: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            open: RwSignal::new(false),
            pending: StoredValue::new(None),
        }
    }

    /// The reader typed: the suggestions follow once typing pauses.
    fn typed(self, value: String) {
        self.text.set(value.clone());
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        if value.trim().chars().count() < 2 {
            self.open.set(false);
            self.suggestions.set(Vec::new());
            return;
        }
        self.pending.set_value(set_timeout_with_handle(move || self.fetch(value), DEBOUNCE).ok());
    }

    fn fetch(self, query: String) {
        spawn_local(async move {
            let found = suggest_articles(query.clone()).await.unwrap_or_default();
            // An answer for older text is dropped.
            if self.text.get_untracked() == query {
                self.active.set(None);
                self.open.set(!found.is_empty());
                self.suggestions.set(found);
            }
        });
    }

    /// The arrow keys move through the list and Escape closes it; Enter on
    /// a chosen suggestion answers the address to open.
    fn key(self, event: &ev::KeyboardEvent) -> Option<String> {
        let count = self.suggestions.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                self.open.set(true);
                self.active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                self.open.set(true);
                self.active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            // Closes the list; the browser would also clear the field.
            "Escape" if self.open.get_untracked() => {
                event.prevent_default();
                self.open.set(false);
                self.active.set(None);
            }
            "Enter" => {
                let chosen = self.active.get_untracked().filter(|_| self.open.get_untracked());
                let href = chosen.and_then(|index| {
                    self.suggestions.with_untracked(|list| {
                        list.get(index)
                            .map(|s| suggestion_href(s, &self.text.get_untracked(), index))
                    })
                });
                if href.is_some() {
                    event.prevent_default();
                    self.open.set(false);
                }
                return href;
            }
            _ => {}
        }
        None
    }

    /// What a screen reader hears when the list changes.
    fn announcement(self) -> String {
        match (self.open.get(), self.suggestions.with(Vec::len)) {
            (true, 1) => "1 article suggested; use the arrow keys to choose.".to_owned(),
            (true, n) if n > 1 => {
                format!("{n} articles suggested; use the arrow keys to choose.")
            }
            _ => String::new(),
        }
    }
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = Suggesting::new();
    let navigate = use_navigate();
    let navigate_from_key = navigate.clone();
    let on_keydown = move |event: ev::KeyboardEvent| {
        if let Some(href) = state.key(&event) {
            navigate_from_key(&href, Default::default());
        }
    };
    let options = move || {
        let query = state.text.get();
        state
            .suggestions
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, suggestion)| {
                let href = suggestion_href(&suggestion, &query, index);
                let navigate = navigate.clone();
                let choose = move || {
                    state.open.set(false);
                    navigate(&href, Default::default());
                };
                view! { <SuggestionOption suggestion index active=state.active choose /> }
            })
            .collect_view()
    };
    let (open, active) = (state.open, state.active);

    view! {
        <form role="search" aria-label="Quick search" action="/search" method="get" class="site-search" on:focusout=move |_| {
            // Closing waits a moment, so a click on a suggestion still lands.
            set_timeout(move || open.set(false), Duration::from_millis(150));
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
                on:input=move |event| state.typed(event_target_value(&event))
                on:keydown=on_keydown
            />
            <button type="submit" class="search-button">"Search"</button>
            <ul id=LIST_ID role="listbox" aria-label="Suggested articles" class="suggestions" hidden=move || !open.get()>
                {options}
            </ul>
            <p class="visually-hidden" aria-live="polite">{move || state.announcement()}</p>
        </form>
    }
}

/// One suggestion. An option holds no link (no nested controls in a
/// listbox): a press chooses it, before the field's blur closes the list.
#[component]
fn SuggestionOption(
    suggestion: Suggestion,
    index: usize,
    active: RwSignal<Option<usize>>,
    choose: impl Fn() + 'static,
) -> impl IntoView {
    let selected = move || active.get() == Some(index);
    view! {
        <li
            id=option_id(index)
            role="option"
            aria-selected=move || selected().to_string()
            class:active=selected
            on:mousedown=move |event| {
                event.prevent_default();
                choose();
            }
        >
            <span class="suggestion-title">{suggestion.title}</span>
            // Read by sight only: the option's name is its title, not 200 characters.
            <span class="suggestion-summary" aria-hidden="true">{suggestion.summary}</span>
        </li>
    }
}
