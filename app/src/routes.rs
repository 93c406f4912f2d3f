//! The HTML document and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::auth::csrf::{CSRF_META, csrf_token};
use crate::{
    accounts::pages::sign_in::{ForgotPasswordPage, ResetPasswordPage, SignInPage},
    cases::pages::{CaseListPage, CasePage, case_form::CaseFormPage, get_help::GetHelpPage},
    kb::pages::{article::ArticlePage, search::SearchPage},
    notifications::pages::NotificationsPage,
    pages::{
        full_bundle::{
            AccountPage, AdminAccountsPage, AdminPartnersPage, AdminPlansPage, ConfirmMailPage,
            DeflectionReportPage, EditorPage, EnhancementsPage, EntitlementsPage, HistoryPage,
            MailboxPage, OrganisationPage, QueuePage, ReportsPage, SearchAnalyticsPage, SolvedPage,
            StatusPage, SupportPolicyPage, WriteListPage,
        },
        home::HomePage,
        not_found::NotFoundPage,
    },
};
use crate::{
    accounts::pages::signed_in::Auth,
    ui::{
        announcer::PageAnnouncer,
        layout::{Hydrated, SiteFooter, SiteHeader},
    },
};

/// The name of the customers' bundle's files (`pkg/selfdesk.wasm`, ...).
#[cfg(feature = "ssr")]
pub const CUSTOMER_BUNDLE: &str = "selfdesk";
/// The name of the full bundle's files (see `pages::full_bundle`).
#[cfg(feature = "ssr")]
pub const FULL_BUNDLE: &str = "selfdesk-full";

/// The bundle for this request: the full one for staff and for the
/// management pages, the customers' one for everything else.
#[cfg(feature = "ssr")]
fn bundle_for_request() -> &'static str {
    let staff =
        crate::auth::server::current_viewer().user().is_some_and(|user| user.role.is_staff());
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned());
    let management = path.is_some_and(|path| crate::pages::full_bundle::needs_full_bundle(&path));
    if staff || management { FULL_BUNDLE } else { CUSTOMER_BUNDLE }
}

/// The whole HTML document the server sends for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let options = {
        crate::infra::headers::set_content_security_policy();
        let mut options = options;
        options.output_name = bundle_for_request().into();
        options
    };
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
            let title = if page.is_empty() { "Selfdesk".to_owned() } else { format!("{page} · Selfdesk") };
            // leptos_meta writes the server's `<title>` unescaped: a search
            // or case subject with `</title><script>` would become markup.
            // In the browser the title is set as text and stays as it is.
            #[cfg(feature = "ssr")]
            let title = crate::markdown::escape_html(&title);
            title
        } />
        // Pages are rendered whole before they are sent (SsrMode::Async): their
        // data loads in milliseconds, and then the title, the status and all
        // the content are right in the HTML, even with scripts switched off.
        <Router>
            // `data-hydrated` appears once the WebAssembly has taken over the
            // page; browser tests wait for it before they interact.
            <div class="page" data-hydrated=move || hydrated.get().then_some("true")>
                <SiteHeader />
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/organisation") view=OrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/accounts") view=AdminAccountsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/plans") view=AdminPlansPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/partners") view=AdminPartnersPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/mail") view=MailboxPage ssr=SsrMode::Async />
                        <Route path=path!("/help") view=GetHelpPage ssr=SsrMode::Async />
                        <Route path=path!("/support-policy") view=SupportPolicyPage ssr=SsrMode::Async />
                        <Route path=path!("/status") view=StatusPage ssr=SsrMode::Async />
                        <Route path=path!("/queue") view=QueuePage ssr=SsrMode::Async />
                        <Route path=path!("/solved") view=SolvedPage ssr=SsrMode::Async />
                        <Route path=path!("/mail/confirm") view=ConfirmMailPage ssr=SsrMode::Async />
                        <Route path=path!("/enhancements") view=EnhancementsPage ssr=SsrMode::Async />
                        <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                        <Route path=path!("/cases") view=CaseListPage ssr=SsrMode::Async />
                        <Route path=path!("/cases/new") view=CaseFormPage ssr=SsrMode::Async />
                        <Route path=path!("/cases/:reference") view=CasePage ssr=SsrMode::Async />
                        <Route path=path!("/entitlements") view=EntitlementsPage ssr=SsrMode::Async />
                        <Route path=path!("/organisations/:id/entitlements") view=EntitlementsPage ssr=SsrMode::Async />
                        <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                        <Route path=path!("/articles/:slug") view=ArticlePage ssr=SsrMode::Async />
                        <Route path=path!("/write") view=WriteListPage ssr=SsrMode::Async />
                        <Route path=path!("/write/:slug") view=EditorPage ssr=SsrMode::Async />
                        <Route path=path!("/write/:slug/history") view=HistoryPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/deflection") view=DeflectionReportPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/search-analytics") view=SearchAnalyticsPage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <SiteFooter />
                <PageAnnouncer />
            </div>
        </Router>
    }
}
