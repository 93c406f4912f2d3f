//! The frame around every page: skip link, header with navigation, footer.

use leptos::prelude::*;

use crate::{accounts::pages::signed_in::UserMenu, kb::pages::search_box::SearchBox};

/// Whether the WebAssembly has hydrated the page. Stays `false` on the server
/// and in a browser without WebAssembly, so nothing depends on it for use.
#[derive(Clone, Copy)]
pub struct Hydrated(ReadSignal<bool>);

impl Hydrated {
    /// Creates the flag for the whole app; effects only run in the browser,
    /// so it turns `true` exactly when hydration has happened.
    pub fn provide() -> ReadSignal<bool> {
        let (hydrated, set_hydrated) = signal(false);
        Effect::new(move |_| set_hydrated.set(true));
        provide_context(Self(hydrated));
        hydrated
    }

    pub fn get() -> bool {
        use_context::<Self>().is_some_and(|Self(flag)| flag.get())
    }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    // Without WebAssembly the menu button cannot work, so the navigation then
    // stays open at every width and the button is not shown.
    let collapsible = Hydrated::get;
    // Escape closes the open menu and gives focus back to its button.
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && menu_open.get_untracked() {
            set_menu_open.set(false);
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let button = document().get_element_by_id("menu-toggle");
                if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = button.focus();
                }
            }
        }
    };

    view! {
        // target="_self" leaves in-page links to the browser, which moves the
        // focus to the target; the client-side router would only scroll.
        <a class="skip-link" href="#main" target="_self">"Skip to main content"</a>
        <header class="site-header" on:keydown=close_on_escape>
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Selfdesk"
            </a>
            <SearchBox />
            <button
                type="button"
                class="menu-toggle"
                id="menu-toggle"
                aria-controls="site-nav"
                aria-expanded=move || menu_open.get().to_string()
                hidden=move || !collapsible()
                on:click=move |_| set_menu_open.update(|open| *open = !*open)
            >
                "Menu"
            </button>
            <nav
                id="site-nav"
                class="site-nav"
                class:collapsible=collapsible
                class:open=move || menu_open.get()
                aria-label="Main"
            >
                <ul>
                    <li>
                        <a href="/">"Home"</a>
                    </li>
                    <li>
                        <a href="/search">"Articles"</a>
                    </li>
                    <UserMenu />
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Selfdesk support portal · "<a href="/support-policy">"Support policy"</a>" · "<a href="/status">"Service status"</a></p>
        </footer>
    }
}
