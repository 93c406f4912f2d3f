//! `/help`: the customer describes the problem and sees the articles that
//! may already solve it, before filing a case. Without WebAssembly "Find
//! articles" reloads the page with the suggestions; once the app runs they
//! follow the typing. "This solved my problem" ends the session as
//! deflected; "Continue" carries what was typed to the case form.

use std::time::Duration;

use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::csrf::CsrfField,
    cases::help_api::{MarkSolved, begin_help_session, help_session},
    kb::{
        Arrival, Suggestion,
        api::{get_article, suggestions_for},
    },
    problems::known::KnownProblems,
    ui::{
        feedback::{ErrorNotice, FormError},
        text_area::textarea_text,
    },
};

/// Typing pauses this long before the suggestions follow it.
const DEBOUNCE: Duration = Duration::from_millis(300);

#[component]
pub fn GetHelpPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let (subject, set_subject) = signal(param("subject"));
    let (description, set_description) = signal(param("description"));
    let (search_text, set_search_text) =
        signal(format!("{} {}", param("subject"), param("description")));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let follow_typing = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let text = format!("{} {}", subject.get_untracked(), description.get_untracked());
        pending
            .set_value(set_timeout_with_handle(move || set_search_text.set(text), DEBOUNCE).ok());
    };
    let existing = param("session");
    let session = Resource::new(|| (), move |_| help_session(Some(existing.clone())));
    // The session counts as started once the page runs in a browser, by a
    // POST: loading the page (a GET) writes nothing.
    let begun = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(Ok((token, _))) = session.get()
            && !begun.get_value()
        {
            begun.set_value(true);
            leptos::task::spawn_local(async move {
                if let Err(error) = begin_help_session(token).await {
                    leptos::logging::warn!("the help session was not counted: {error}");
                }
            });
        }
    });
    let suggestions = Resource::new(move || search_text.get(), suggestions_for);
    let solved = ServerAction::<MarkSolved>::new();
    let is_solved = move || matches!(solved.value().get(), Some(Ok(())));

    view! {
        <Title text="Get help" />
        <h1>"Get help"</h1>
        // The form stays mounted once solved (only hidden): the action that
        // ended the session belongs to it.
        <Show when=is_solved>
            <p class="form-success" role="status">"Glad that helped. Nothing more to do; if the problem comes back, start again from here."</p>
            <p><a href="/help">"Describe another problem"</a></p>
        </Show>
        <div hidden=is_solved>
                    <p class="lead">"Describe the problem. Articles that may solve it appear as you type; if none does, go on to open a case."</p>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let (token, known_problems) = match session.await {
                                Ok(started) => started,
                                Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                            };
                            view! {
                                <KnownProblems html=known_problems />
                                <form method="get" action="/help" class="tool-form">
                                    <input type="hidden" name="session" value=token.clone() />
                                    <div class="field">
                                        <label for="help-subject">"Subject"</label>
                                        <input id="help-subject" name="subject" required maxlength="200" autocomplete="off"
                                            prop:value=subject
                                            on:input=move |event: ev::Event| { set_subject.set(event_target_value(&event)); follow_typing(); } />
                                    </div>
                                    <div class="field">
                                        <label for="help-description">"What happens, and what did you expect?"</label>
                                        <textarea id="help-description" name="description" rows="6"
                                            prop:value=description
                                            on:input=move |event: ev::Event| { set_description.set(event_target_value(&event)); follow_typing(); }>
                                            {textarea_text(description.get_untracked())}
                                        </textarea>
                                    </div>
                                    <div class="inline-fields">
                                        <button type="submit" class="button">"Find articles"</button>
                                        <button type="submit" class="button" formaction="/cases/new">"Continue to the case form"</button>
                                    </div>
                                </form>
                                <Suggestions suggestions session=token query=search_text solved />
                            }
                            .into_any()
                        })}
                    </Transition>
        </div>
    }
}

#[component]
fn Suggestions(
    suggestions: Resource<Result<Vec<Suggestion>, crate::error::AppError>>,
    session: String,
    query: ReadSignal<String>,
    solved: ServerAction<MarkSolved>,
) -> impl IntoView {
    // The count is said in a region that exists, empty, from the start,
    // and only for answers to typing: the first answer is on the page.
    let (announced, announce) = signal(String::new());
    let first_answered = StoredValue::new(false);
    view! {
        <section aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">"Articles that may solve it"</h2>
            <p role="status" class="visually-hidden">{announced}</p>
            <FormError result=solved.value().into() />
            <Transition fallback=|| ()>
                {move || {
                    let session = session.clone();
                    Suspend::new(async move {
                        let found = suggestions.await.unwrap_or_default();
                        let count = count_text(found.len());
                        if first_answered.get_value() {
                            announce.set(count.clone());
                        }
                        first_answered.set_value(true);
                        let items = found
                            .into_iter()
                            .map(|suggestion| view! { <SuggestionItem suggestion session=session.clone() query solved /> })
                            .collect_view();
                        view! {
                            <p>{count}</p>
                            <ol class="suggested-articles">{items}</ol>
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn count_text(found: usize) -> String {
    match found {
        0 => "No matching articles yet.".to_owned(),
        1 => "1 article matches.".to_owned(),
        n => format!("{n} articles match."),
    }
}

#[component]
fn SuggestionItem(
    suggestion: Suggestion,
    session: String,
    query: ReadSignal<String>,
    solved: ServerAction<MarkSolved>,
) -> impl IntoView {
    let (open, set_open) = signal(false);
    let url = suggestion.url.clone();
    let slug = suggestion.slug.clone();
    let article = Resource::new(
        move || open.get(),
        move |open| {
            let slug = slug.clone();
            async move {
                if open { get_article(slug, Arrival::default(), true).await.ok() } else { None }
            }
        },
    );
    view! {
        <li class="card">
            <h3><a href=suggestion.url.clone()>{suggestion.title.clone()}</a></h3>
            <p>{suggestion.summary.clone()}</p>
            <details>
                // Keyboard activation of a summary is a click too.
                <summary on:click=move |_| set_open.update(|open| *open = !*open)>"Read it here"</summary>
                <Transition fallback=|| view! { <p>"Loading…"</p> }>
                    {move || {
                        let url = url.clone();
                        Suspend::new(async move {
                            match article.await {
                                Some(article) => view! { <div class="article-body in-place" inner_html=article.html></div> }.into_any(),
                                None => view! { <p><a href=url>"Open the article"</a></p> }.into_any(),
                            }
                        })
                    }}
                </Transition>
            </details>
            <ActionForm action=solved attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="session" value=session />
                <input type="hidden" name="slug" value=suggestion.slug.clone() />
                <input type="hidden" name="query" value=move || query.get() />
                <button type="submit" class="button">"This solved my problem"<span class="visually-hidden">{format!(": {}", suggestion.title)}</span></button>
            </ActionForm>
        </li>
    }
}
