//! The review controls under the editor: submit a draft, approve it (now
//! or at a time) or send it back with a comment, archive the article; and
//! what the last of these did, said above the editor.

use leptos::prelude::*;

use crate::{
    auth::csrf::CsrfField,
    format,
    kb::authoring::{
        Draft, DraftState, ReviewDecision,
        api::{ArchiveArticle, ReviewDraft, SubmitDraft},
    },
};

/// What the last review action did. Kept outside the editor, which
/// reloads the draft after each of them.
#[component]
pub fn ReviewOutcome(
    submit: ServerAction<SubmitDraft>,
    review: ServerAction<ReviewDraft>,
    archive: ServerAction<ArchiveArticle>,
) -> impl IntoView {
    let said = move || {
        // The newest of the three answers speaks.
        let versions = [submit.version().get(), review.version().get(), archive.version().get()];
        let newest = (0..3).max_by_key(|i| versions[*i]).unwrap_or(0);
        let outcome: Option<Result<String, String>> = match newest {
            0 => submit.value().get().map(|result| {
                result
                    .map(|()| "Submitted for review.".to_owned())
                    .map_err(|e| format!("Not submitted: {e}"))
            }),
            1 => review.value().get().map(|result| {
                result
                    .map(|published| match published {
                        Some(version) => format!("Published as version {version}."),
                        None => "Review recorded.".to_owned(),
                    })
                    .map_err(|e| format!("Not done: {e}"))
            }),
            _ => archive.value().get().map(|result| {
                result
                    .map(|()| "Archived: the article is out of reading and search.".to_owned())
                    .map_err(|e| format!("Not archived: {e}"))
            }),
        };
        outcome.map(|outcome| match outcome {
            Ok(text) => view! { <p class="form-success" role="status">{text}</p> }.into_any(),
            Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
        })
    };
    view! { <div class="review-outcome">{said}</div> }
}

#[component]
pub fn ReviewPanel(
    draft: Draft,
    submit: ServerAction<SubmitDraft>,
    review: ServerAction<ReviewDraft>,
    archive: ServerAction<ArchiveArticle>,
    /// Changes on screen not saved yet: the buttons wait for the save.
    unsaved: Signal<bool>,
) -> impl IntoView {
    let slug = draft.slug.clone();
    let comment = (!draft.review_comment.is_empty()).then(|| {
        view! {
            <p class="notice">
                <strong>"Sent back: "</strong>
                {draft.review_comment.clone()}
            </p>
        }
    });
    let submit_slug = slug.clone();
    let step = match draft.state {
        DraftState::Draft => view! {
            <ActionForm action=submit attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="slug" value=submit_slug.clone() />
                <p class="hint">"Submitting sends the saved text to another writer or an admin."</p>
                <button type="submit" disabled=unsaved>"Submit for review"</button>
            </ActionForm>
        }
        .into_any(),
        DraftState::InReview if draft.may_approve => {
            view! { <ReviewForms slug=slug.clone() review unsaved /> }.into_any()
        }
        DraftState::InReview => view! {
            <p>{format!(
                "Submitted by {}: waiting for another writer or an admin to review it.",
                draft.submitted_by.clone().unwrap_or_default()
            )}</p>
        }
        .into_any(),
        DraftState::Scheduled => view! {
            <p>{format!(
                "Approved: publishes at {} UTC. Saving a change takes it back to draft.",
                draft.publish_at.map(format::date_time).unwrap_or_default()
            )}</p>
        }
        .into_any(),
    };
    let archive_slug = slug.clone();
    let published = draft.published_version.map(|version| {
        view! {
            <h3>"Published"</h3>
            <p>
                {format!("Version {version} is published. ")}
                <a href=format!("/articles/{slug}")>"Read it"</a>
                " · "
                <a href=format!("/write/{slug}/history")>"History and restore"</a>
            </p>
            <ActionForm action=archive attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="slug" value=archive_slug.clone() />
                <button type="submit" disabled=unsaved>"Archive the article"</button>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby="review-title" class="tool-form">
            <h2 id="review-title">"Review and publishing"</h2>
            <Show when=move || unsaved.get()>
                <p class="hint">"The buttons wait until your changes are saved."</p>
            </Show>
            {comment}
            {step}
            {published}
        </section>
    }
}

/// Approve (now, or at a time) or send back with a comment.
#[component]
fn ReviewForms(
    slug: String,
    review: ServerAction<ReviewDraft>,
    unsaved: Signal<bool>,
) -> impl IntoView {
    let approve_slug = slug.clone();
    view! {
        <ActionForm action=review attr:class="form-page">
            <CsrfField />
            <input type="hidden" name="review[slug]" value=approve_slug.clone() />
            <input type="hidden" name="review[decision]" value=ReviewDecision::Approve.as_str() />
            <div class="field">
                <label for="publish-at">"Publish at (UTC; empty: now)"</label>
                <input id="publish-at" name="review[publish_at]" type="datetime-local" />
            </div>
            <button type="submit" disabled=unsaved>"Approve and publish"</button>
        </ActionForm>
        <ActionForm action=review attr:class="form-page">
            <CsrfField />
            <input type="hidden" name="review[slug]" value=slug.clone() />
            <input type="hidden" name="review[decision]" value=ReviewDecision::SendBack.as_str() />
            <div class="field">
                <label for="review-comment">"What needs changing"</label>
                <textarea id="review-comment" name="review[comment]" rows="3" required></textarea>
            </div>
            <button type="submit" disabled=unsaved>"Send back"</button>
        </ActionForm>
    }
}
