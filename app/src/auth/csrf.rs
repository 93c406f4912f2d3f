//! The browser half of CSRF protection (see `auth::server::csrf`): every server
//! function call carries this browser's token in a header, and every plain
//! form carries it in a hidden field.

use leptos::prelude::*;
use leptos::server_fn::{
    Bytes,
    client::{Client, browser::BrowserClient},
    error::FromServerFnError,
    request::browser::BrowserRequest,
    response::browser::BrowserResponse,
};

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_META: &str = "csrf-token";

/// This browser's token: from the request on the server; in the browser,
/// from its cookie (which sign-in replaces without reloading the page),
/// else from the page's `<meta name="csrf-token">`.
pub fn csrf_token() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::auth::server::csrf::current_token().unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        token_from_cookie().unwrap_or_else(|| {
            document()
                .query_selector(&format!("meta[name=\"{CSRF_META}\"]"))
                .ok()
                .flatten()
                .and_then(|meta| meta.get_attribute("content"))
                .unwrap_or_default()
        })
    }
}

#[cfg(feature = "hydrate")]
fn token_from_cookie() -> Option<String> {
    use wasm_bindgen::JsCast;

    let cookies = document().dyn_into::<web_sys::HtmlDocument>().ok()?.cookie().ok()?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        matches!(name, "selfdesk_csrf" | "__Host-selfdesk_csrf").then(|| value.to_owned())
    })
}

#[cfg(all(not(feature = "ssr"), not(feature = "hydrate")))]
fn token_from_cookie() -> Option<String> {
    None
}

/// The hidden field that lets a plain form (no WebAssembly) pass the check.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name=CSRF_FIELD value=csrf_token() /> }
}

/// The server function client: the browser's fetch, plus the CSRF header.
pub struct CsrfClient;

impl<E, IS, OS> Client<E, IS, OS> for CsrfClient
where
    E: FromServerFnError,
    IS: FromServerFnError,
    OS: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(request: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        request.headers().append(CSRF_HEADER, &csrf_token());
        <BrowserClient as Client<E, IS, OS>>::send(request)
    }

    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl futures::Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, IS, OS>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, IS, OS>>::spawn(future)
    }
}
