//! Engineers, on a solved case: start a draft article from it (symptoms,
//! cause and resolution; never the customer's details) for the writers.

use leptos::prelude::*;

use crate::{auth::csrf::CsrfField, kb::authoring::api::DraftFromCase, ui::feedback::FormError};

#[component]
pub fn KnowledgeFromCase(reference: String) -> impl IntoView {
    let start = ServerAction::<DraftFromCase>::new();
    view! {
        <section aria-labelledby="knowledge-title">
            <h2 id="knowledge-title">"Knowledge from this case"</h2>
            <p>
                "Turn what solved it into a draft article for the writers to finish. "
                "The customer, their organisation and their files stay out of it."
            </p>
            <ActionForm action=start attr:class="inline-form">
                <CsrfField />
                <input type="hidden" name="reference" value=reference />
                <button type="submit">"Write up as article"</button>
            </ActionForm>
            <FormError result=start.value().into() />
            {move || start.value().get().and_then(Result::ok).map(|slug| view! {
                <p class="form-success" role="status">
                    {format!("Draft started for the writers at /write/{slug}.")}
                </p>
            })}
        </section>
    }
}
