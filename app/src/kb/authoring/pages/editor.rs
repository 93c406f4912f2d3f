//! `/write/{slug}`: the editor. The fields and the Markdown on the left,
//! the preview on the right, rendered by the server as a publish renders
//! it, a moment after typing pauses. Changes save themselves two seconds after typing
//! stops; a save over a colleague's newer one is refused and both texts are
//! shown side by side, to keep one or the other. The form's Save button
//! works without WebAssembly too.

use std::time::Duration;

use leptos::{prelude::*, server_fn::ServerFn, task::spawn_local};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    fields::{FieldInputs, FieldSignals},
    review::{ReviewOutcome, ReviewPanel},
};
use crate::{
    auth::csrf::CsrfField,
    error::AppError,
    kb::authoring::{
        Draft, DraftFields,
        api::{ArchiveArticle, ReviewDraft, SaveDraft, SubmitDraft, open_draft, preview_draft},
    },
    ui::feedback::ErrorNotice,
};

const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);
/// The preview follows the text after this pause in typing.
const PREVIEW_AFTER: Duration = Duration::from_millis(400);

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let submit = ServerAction::<SubmitDraft>::new();
    let review = ServerAction::<ReviewDraft>::new();
    let archive = ServerAction::<ArchiveArticle>::new();
    let draft = Resource::new(
        move || (slug(), submit.version().get(), review.version().get(), archive.version().get()),
        |(slug, ..)| open_draft(slug),
    );
    view! {
        <Title text="Edit article" />
        <ReviewOutcome submit review archive />
        <Transition fallback=|| view! { <p>"Loading the draft…"</p> }>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(draft) => view! { <Editor draft submit review archive /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Where the draft stands against the server's copy.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Saved,
    Changed,
    Saving,
    Failed(String),
    /// Someone saved since: their copy, to compare with ours.
    Conflict {
        message: String,
        theirs: Box<Draft>,
    },
}

#[component]
fn Editor(
    draft: Draft,
    submit: ServerAction<SubmitDraft>,
    review: ServerAction<ReviewDraft>,
    archive: ServerAction<ArchiveArticle>,
) -> impl IntoView {
    let slug = draft.slug.clone();
    let fields = FieldSignals::new(&draft.fields);
    let base = RwSignal::new(draft.edit_number);
    let save = ServerAction::<SaveDraft>::new();
    let state = RwSignal::new(SaveState::Saved);
    let title = draft.fields.title.clone();

    // Autosave: a change waits for a pause in typing, then saves. A save
    // asked for while one is on its way waits for that one's answer.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let last_sent = StoredValue::new(None::<DraftFields>);
    let save_slug = slug.clone();
    let save_now = Callback::new(move |()| {
        if matches!(state.get_untracked(), SaveState::Conflict { .. })
            || save.pending().get_untracked()
        {
            return;
        }
        let sent = fields.get_untracked();
        last_sent.set_value(Some(sent.clone()));
        state.set(SaveState::Saving);
        save.dispatch(SaveDraft {
            slug: save_slug.clone(),
            base_edit: base.get_untracked(),
            fields: sent,
        });
    });
    let schedule = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        pending.set_value(set_timeout_with_handle(move || save_now.run(()), AUTOSAVE_AFTER).ok());
    };
    let skip_change = StoredValue::new(true);
    Effect::new(move |_| {
        fields.track();
        // The first run only subscribes; taking "theirs" is no change of ours.
        if skip_change.get_value() {
            skip_change.set_value(false);
            return;
        }
        if !matches!(state.get_untracked(), SaveState::Conflict { .. } | SaveState::Saving) {
            state.set(SaveState::Changed);
        }
        schedule();
    });
    let conflict_slug = slug.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(number)) => {
            base.set(number);
            // Typed while the save was on its way: that is saved next.
            if last_sent.get_value().is_some_and(|sent| sent != fields.get_untracked()) {
                state.set(SaveState::Changed);
                schedule();
            } else {
                state.set(SaveState::Saved);
            }
        }
        Some(Err(AppError::Conflict(message))) => {
            let slug = conflict_slug.clone();
            spawn_local(async move {
                match open_draft(slug).await {
                    Ok(theirs) => {
                        state.set(SaveState::Conflict { message, theirs: Box::new(theirs) })
                    }
                    Err(error) => state.set(SaveState::Failed(error.to_string())),
                }
            });
        }
        Some(Err(error)) => state.set(SaveState::Failed(error.to_string())),
        None => {}
    });
    #[cfg(feature = "hydrate")]
    super::browser::warn_before_leaving(move || !matches!(state.get_untracked(), SaveState::Saved));

    // The preview: the server's rendering of the opened text, then of the
    // text after each pause in typing. A signal, not a resource: a resource
    // created under the draft's <Transition> broke the page's hydration.
    let preview = RwSignal::new(Ok::<String, AppError>(draft.body_html.clone()));
    let previewed = StoredValue::new(draft.fields.body_markdown.clone());
    let preview_pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = fields.body_markdown.get();
        if let Some(handle) = preview_pending.get_value() {
            handle.clear();
        }
        if text == previewed.get_value() {
            return;
        }
        let later = set_timeout_with_handle(
            move || {
                previewed.set_value(text.clone());
                spawn_local(async move {
                    let rendered = preview_draft(text.clone()).await;
                    // An answer overtaken by a later text is dropped.
                    if previewed.get_value() == text {
                        preview.set(rendered);
                    }
                });
            },
            PREVIEW_AFTER,
        );
        preview_pending.set_value(later.ok());
    });
    let keep_mine = move |theirs: &Draft| {
        base.set(theirs.edit_number);
        state.set(SaveState::Changed);
        save_now.run(());
    };
    let take_theirs = move |theirs: &Draft| {
        skip_change.set_value(true);
        fields.set(&theirs.fields);
        base.set(theirs.edit_number);
        state.set(SaveState::Saved);
    };

    let save_url = <SaveDraft as ServerFn>::url();
    // Review reloads the draft: it waits until the text on screen is saved.
    let unsaved = Signal::derive(move || !matches!(state.get(), SaveState::Saved));
    view! {
        <h1>{format!("Edit: {title}")}</h1>
        <p class="hint">
            {format!("/articles/{slug} · {}", draft.state.label())}
        </p>
        <SaveStatus state mine=fields.body_markdown keep_mine take_theirs />
        <div class="editor-layout">
            // Posts to the save function without WebAssembly (which answers
            // with the page again); with it, saves as the autosave does.
            <form
                class="editor-form"
                aria-label="Article"
                method="post"
                action=save_url
                on:submit=move |event| {
                    event.prevent_default();
                    save_now.run(());
                }
            >
                <CsrfField />
                <input type="hidden" name="slug" value=slug.clone() />
                <input
                    type="hidden"
                    name="base_edit"
                    value=base.get_untracked()
                    prop:value=move || base.get().to_string()
                />
                <FieldInputs fields />
                <button type="submit">"Save"</button>
            </form>
            <section class="editor-preview" aria-labelledby="preview-title">
                <h2 id="preview-title">"Preview"</h2>
                <p class="hint">"As it will be published."</p>
                {move || match preview.get() {
                    Ok(html) => view! { <article class="article-body" inner_html=html></article> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }}
            </section>
        </div>
        <MediaUpload fields />
        <ReviewPanel draft submit review archive unsaved />
    }
}

/// Says whether everything is saved; on a conflict, both texts.
#[component]
fn SaveStatus(
    state: RwSignal<SaveState>,
    /// The editor's text, shown beside theirs on a conflict.
    mine: RwSignal<String>,
    keep_mine: impl Fn(&Draft) + Copy + Send + Sync + 'static,
    take_theirs: impl Fn(&Draft) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || match state.get() {
        SaveState::Saved => {
            view! { <p class="save-state" role="status">"All changes saved."</p> }.into_any()
        }
        SaveState::Changed => {
            view! { <p class="save-state" role="status">"Changed; saving shortly."</p> }.into_any()
        }
        SaveState::Saving => view! { <p class="save-state" role="status">"Saving…"</p> }.into_any(),
        SaveState::Failed(message) => view! {
            <p class="form-error" role="alert">{format!("Not saved: {message}")}</p>
        }
        .into_any(),
        SaveState::Conflict { message, theirs } => {
            let theirs_for_keep = (*theirs).clone();
            let theirs_for_take = (*theirs).clone();
            view! {
                <section class="conflict" role="alert" aria-labelledby="conflict-title">
                    <h2 id="conflict-title">"Someone else saved this article meanwhile"</h2>
                    <p>{message}</p>
                    <p>"Nothing is lost: your text stays here and was kept on the server. Choose which to go on with."</p>
                    <div class="side-by-side">
                        <div>
                            <h3>"Your text (not saved)"</h3>
                            <pre class="compare-text" tabindex="0" aria-label="Your text">{move || mine.get()}</pre>
                        </div>
                        <div>
                            <h3>{format!("Their text (save {})", theirs.edit_number)}</h3>
                            <pre class="compare-text" tabindex="0" aria-label="Their text">
                                {theirs.fields.body_markdown.clone()}
                            </pre>
                        </div>
                    </div>
                    <div class="inline-fields">
                        <button type="button" on:click=move |_| keep_mine(&theirs_for_keep)>
                            "Keep mine, replacing theirs"
                        </button>
                        <button type="button" on:click=move |_| take_theirs(&theirs_for_take)>
                            "Take theirs, dropping mine"
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
    }
}

/// Pictures and files for the article: uploaded, then their Markdown is
/// added to the text. Without WebAssembly the answer shows the Markdown
/// to copy.
#[component]
fn MediaUpload(fields: FieldSignals) -> impl IntoView {
    let (message, set_message) = signal(None::<Result<String, String>>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        super::browser::upload(event, fields.body_markdown, set_message);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, fields, set_message);
    };
    view! {
        <form
            class="tool-form"
            action="/api/v1/media"
            method="post"
            enctype="multipart/form-data"
            on:submit=on_submit
            aria-labelledby="media-title"
        >
            // First: the handler reads the token before anything else.
            <CsrfField />
            <h2 id="media-title">"Pictures and files"</h2>
            <div class="field">
                <label for="media-file">"Picture (PNG, JPEG, GIF, WebP) or file (PDF, text, log, ZIP), up to 5 MB"</label>
                <input id="media-file" type="file" name="file" required />
            </div>
            <button type="submit">"Upload and add to the text"</button>
            {move || match message.get() {
                Some(Ok(markdown)) => Some(view! { <p class="form-success" role="status">{format!("Added: {markdown}")}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <p class="form-error" role="alert">{error}</p> }.into_any()),
                None => None,
            }}
        </form>
    }
}
