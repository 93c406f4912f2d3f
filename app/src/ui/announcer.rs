//! What a screen reader hears when the app changes the page in place: the
//! browser announces nothing and leaves focus where it was (or on `<body>`),
//! so after each navigation focus moves to the new page's confirmation, if
//! it has one, else its main heading, and one polite live region says the
//! page's title (and the confirmation).

use leptos::prelude::*;

/// The live region, in every page from the start (a region created filled
/// is not read), and the effect that fills it on every change of path (the
/// first run is the page the server sent).
#[component]
pub fn PageAnnouncer() -> impl IntoView {
    let (message, set_message) = signal(String::new());
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::watch(
            move || location.pathname.get(),
            move |_, before, _| {
                // Read before the new page replaces the old one.
                let shown = browser::Page::now();
                browser::settle(before.is_none(), shown, set_message, 0);
            },
            true,
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_message;
    view! { <p class="visually-hidden" aria-live="polite" aria-atomic="true">{message}</p> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::HtmlElement;

    /// Checks for the new page this often...
    const EVERY: Duration = Duration::from_millis(100);
    /// ...this many times, while its data loads.
    const TRIES: u32 = 20;

    fn find(selector: &str) -> Option<HtmlElement> {
        document().query_selector(selector).ok().flatten().and_then(|e| e.dyn_into().ok())
    }

    /// The page as shown: its main heading (the element and its words) and title.
    pub struct Page {
        heading: Option<HtmlElement>,
        words: String,
        title: String,
    }

    impl Page {
        pub fn now() -> Self {
            let heading = find("main h1");
            let words = heading.as_ref().and_then(|h| h.text_content()).unwrap_or_default();
            Self { heading, words, title: document().title() }
        }
    }

    /// Waits until the new page is there (a main heading other than the
    /// old one), then moves focus and announces it. On the first render,
    /// the page the server sent, only a confirmation is focused: the
    /// browser has announced the page itself.
    pub fn settle(hydrating: bool, before: Page, say: WriteSignal<String>, tries: u32) {
        let now = Page::now();
        let arrived = now.heading.is_some()
            && (hydrating || now.heading != before.heading || now.words != before.words);
        if !arrived && tries < TRIES {
            set_timeout(move || settle(hydrating, before, say, tries + 1), EVERY);
            return;
        }
        let confirmation = find("main [data-confirmation]");
        let target = confirmation.clone().or(if hydrating { None } else { now.heading });
        let Some(target) = target else { return };
        let _ = target.set_attribute("tabindex", "-1");
        let _ = target.focus();
        let confirmed = confirmation.and_then(|c| c.text_content()).unwrap_or_default();
        // The title follows the heading: until it does, the heading says it.
        let page = match (hydrating, now.title != before.title) {
            (true, _) => String::new(),
            (false, true) => now.title,
            (false, false) => now.words,
        };
        say.set(format!("{page} {confirmed}").trim().to_owned());
    }
}
