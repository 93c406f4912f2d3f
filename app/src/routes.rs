//! The HTML document and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::{
    auth::Auth,
    layout::{Hydrated, SiteFooter, SiteHeader},
};
use crate::csrf::{CSRF_META, csrf_token};
use crate::pages::{
    account::AccountPage,
    admin_accounts::AdminAccountsPage,
    home::HomePage,
    not_found::NotFoundPage,
    organisation::OrganisationPage,
    sign_in::{ForgotPasswordPage, ResetPasswordPage, SignInPage},
};

/// The whole HTML document the server sends for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                // The app's server function client reads the CSRF token from here.
                <meta name=CSRF_META content=csrf_token() />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let hydrated = Hydrated::provide();
    Auth::provide();

    view! {
        <Stylesheet id="leptos" href="/pkg/selfdesk.css" />
        <Title formatter=|page: String| {
            if page.is_empty() { "Selfdesk".to_owned() } else { format!("{page} · Selfdesk") }
        } />
        <Router>
            // `data-hydrated` appears once the WebAssembly has taken over the
            // page; browser tests wait for it before they interact.
            <div class="page" data-hydrated=move || hydrated.get().then_some("true")>
                <SiteHeader />
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/sign-in") view=SignInPage />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("/reset-password") view=ResetPasswordPage />
                        <Route path=path!("/account") view=AccountPage />
                        <Route path=path!("/organisation") view=OrganisationPage />
                        <Route path=path!("/admin/accounts") view=AdminAccountsPage />
                    </Routes>
                </main>
                <SiteFooter />
            </div>
        </Router>
    }
}
