//! `/solved?case=CASE-000123&token=...`: where the "this solved my
//! problem" link of an email answer leads. One button closes the case,
//! without signing in (the link's token is the authority).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{auth::csrf::CsrfField, cases::api::CloseSolvedCase, ui::feedback::FormError};

#[component]
pub fn SolvedPage() -> impl IntoView {
    let query = use_query_map();
    let reference = query.with_untracked(|q| q.get("case")).unwrap_or_default();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let close = ServerAction::<CloseSolvedCase>::new();
    let closed = move || matches!(close.value().get(), Some(Ok(_)));
    let heading = format!("Close {reference}?");
    let done = format!("{reference} is closed. Thank you for telling us.");
    view! {
        <Title text=heading.clone() />
        <h1>{heading}</h1>
        <Show
            when=closed
            fallback=move || view! { <SolvedForm reference=reference.clone() token=token.clone() close /> }
        >
            <p role="status" class="form-success">{done.clone()}</p>
        </Show>
    }
}

#[component]
fn SolvedForm(
    reference: String,
    token: String,
    close: ServerAction<CloseSolvedCase>,
) -> impl IntoView {
    view! {
        <p>"If one of the articles we suggested solved your problem, close the case: support then knows nothing more is needed."</p>
        <FormError result=close.value().into() />
        <ActionForm action=close attr:class="tool-form">
            <CsrfField />
            <input type="hidden" name="reference" value=reference />
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button">"It is solved: close the case"</button>
        </ActionForm>
    }
}
