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
    autosave::{Autosave, SaveState, autosave},
    fields::{FieldInputs, FieldSignals},
    review::{ReviewOutcome, ReviewPanel},
};
use crate::{
    auth::csrf::CsrfField,
    error::AppError,
    kb::authoring::{
        Draft,
        api::{ArchiveArticle, ReviewDraft, SaveDraft, SubmitDraft, open_draft, preview_draft},
    },
    ui::feedback::{ErrorNotice, Loaded},
};

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
        <Loaded resource=draft show=move |draft| view! { <Editor draft submit review archive /> } loading="Loading the draft…" />
    }
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
    let title = draft.fields.title.clone();

    let state = RwSignal::new(SaveState::Saved);
    let Autosave { save_now, skip_change } = autosave(slug.clone(), fields, base, state);
    #[cfg(feature = "hydrate")]
    super::browser::warn_before_leaving(move || !matches!(state.get_untracked(), SaveState::Saved));

    let preview = follow_preview(fields.body_markdown, &draft);
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

/// The preview: the server's rendering of the opened text, then of the
/// text after each pause in typing. A signal, not a resource: a resource
/// created under the draft's <Transition> broke the page's hydration.
fn follow_preview(body: RwSignal<String>, draft: &Draft) -> RwSignal<Result<String, AppError>> {
    let preview = RwSignal::new(Ok::<String, AppError>(draft.body_html.clone()));
    let previewed = StoredValue::new(draft.fields.body_markdown.clone());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = body.get();
        if let Some(handle) = pending.get_value() {
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
        pending.set_value(later.ok());
    });
    preview
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
