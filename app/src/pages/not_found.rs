use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for every path no route matches, with a real 404 status.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <section class="notice" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <a href="/">"Go to the Selfdesk home page"</a>
            </p>
        </section>
    }
}
