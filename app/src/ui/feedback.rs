//! How pages tell the user what went wrong, in words and to screen readers.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::error::AppError;

/// A form's error, announced by screen readers as soon as it appears.
#[component]
pub fn FormError<T: Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
) -> impl IntoView {
    move || {
        result.with(|result| match result {
            Some(Err(error)) => {
                Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> })
            }
            _ => None,
        })
    }
}

/// What became of a form without a result value: its error, announced at
/// once, or a short confirmation.
#[component]
pub fn ActionOutcome(
    result: Signal<Option<Result<(), AppError>>>,
    success: &'static str,
) -> impl IntoView {
    let succeeded = move || matches!(result.get(), Some(Ok(())));
    view! {
        <FormError result />
        <Show when=succeeded>
            <p class="form-success" role="status">{success}</p>
        </Show>
    }
}

/// A page that could not be shown: sign-in prompt, no access, or not found.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    // The page answers with the error's status, as the API would.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
    }
    let location = use_location();
    let here = move || {
        let path = location.pathname.get();
        let query = location.search.get();
        if query.is_empty() { path } else { format!("{path}?{query}") }
    };
    match error {
        AppError::Unauthorized => view! {
            <section class="notice" aria-labelledby="notice-title">
                <h1 id="notice-title">"Please sign in"</h1>
                <p>"You need to sign in to see this page."</p>
                <p>
                    <a href=move || format!("/sign-in?next={}", urlencode(&here()))>"Sign in"</a>
                </p>
            </section>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <section class="notice" aria-labelledby="notice-title">
                <h1 id="notice-title">"No access"</h1>
                <p>"Your account does not have access to this page."</p>
                <p><a href="/">"Go to the home page"</a></p>
            </section>
        }
        .into_any(),
        AppError::NotFound(_) => view! {
            <section class="notice" aria-labelledby="notice-title">
                <h1 id="notice-title">"Not found"</h1>
                <p>"There is nothing here, or it is not visible to your account."</p>
                <p><a href="/">"Go to the home page"</a></p>
            </section>
        }
        .into_any(),
        other => view! {
            <section class="notice" aria-labelledby="notice-title">
                <h1 id="notice-title">"Something went wrong"</h1>
                <p role="alert">{other.to_string()}</p>
            </section>
        }
        .into_any(),
    }
}

/// A page's data as it loads: a line while it loads, `show`'s view of it
/// once loaded, the error's notice (and status) when it fails.
#[component]
pub fn Loaded<T, V, F>(
    resource: Resource<Result<T, AppError>>,
    show: F,
    #[prop(default = "Loading…")] loading: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <p>{loading}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => show(value).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("/search?q=a b&x=1"), "/search%3Fq%3Da%20b%26x%3D1");
        assert_eq!(urlencode("café"), "caf%C3%A9");
    }
}
