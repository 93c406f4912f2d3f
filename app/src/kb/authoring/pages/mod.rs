//! The writers' pages: `/write` lists the drafts and starts new articles,
//! `/write/{slug}` edits one with a live preview and its review, and
//! `/write/{slug}/history` shows its versions, their differences, and
//! restores one.

mod autosave;
#[cfg(feature = "hydrate")]
mod browser;
mod editor;
mod fields;
mod history;
mod review;

pub use editor::EditorPage;
pub use history::HistoryPage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::csrf::CsrfField,
    format,
    kb::authoring::{
        DraftCard,
        api::{NewDraft, list_drafts},
    },
    ui::feedback::{FormError, Loaded},
};

#[component]
pub fn WriteListPage() -> impl IntoView {
    let drafts = Resource::new(|| (), |_| list_drafts());
    view! {
        <Title text="Write" />
        <h1>"Write"</h1>
        <Loaded resource=drafts show=move |drafts| view! { <DraftList drafts /> <NewArticle /> } />
    }
}

#[component]
fn DraftList(drafts: Vec<DraftCard>) -> impl IntoView {
    if drafts.is_empty() {
        return view! {
            <p>"No drafts. Start a new article below, or open an article and choose Edit."</p>
        }
        .into_any();
    }
    let rows = drafts
        .into_iter()
        .map(|draft| {
            let scheduled = draft.publish_at.map(|at| format!(" for {} UTC", format::date_time(at)));
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/write/{}", draft.slug)>{draft.title}</a>
                    </th>
                    <td>{format!("{}{}", draft.state.label(), scheduled.unwrap_or_default())}</td>
                    <td>{format!("{}, {}", draft.updated_by, format::date_time(draft.updated_at))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <caption>"Drafts: waiting for review first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Article"</th>
                    <th scope="col">"State"</th>
                    <th scope="col">"Last saved"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A new article's address and title; the server opens its editor.
#[component]
fn NewArticle() -> impl IntoView {
    let create = ServerAction::<NewDraft>::new();
    view! {
        <section aria-labelledby="new-article-title">
            <h2 id="new-article-title">"New article"</h2>
            <ActionForm action=create attr:class="form-page">
                <CsrfField />
                <div class="field">
                    <label for="new-title">"Title"</label>
                    <input id="new-title" name="title" required maxlength="200" />
                </div>
                <div class="field">
                    <label for="new-slug">"Address"</label>
                    <p class="hint" id="new-slug-hint">
                        "/articles/… : a-z, 0-9 and hyphens, e.g. rotate-gateway-certificate"
                    </p>
                    <input
                        id="new-slug"
                        name="slug"
                        required
                        maxlength="100"
                        pattern="[a-z0-9]+(-[a-z0-9]+)*"
                        aria-describedby="new-slug-hint"
                    />
                </div>
                <button type="submit">"Start writing"</button>
                <FormError result=create.value().into() />
            </ActionForm>
        </section>
    }
}
