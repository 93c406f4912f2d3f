//! Two WebAssembly bundles. The customers' bundle carries the pages every
//! customer uses (home, search, articles, getting help, cases, the case
//! form, notifications) and is what the server sends to customers on those
//! pages. The full bundle carries every page: the server sends it to staff
//! (writers, engineers, admins), and to anyone on a page read now and then
//! (an account holder's plans and points or organisation, one's own
//! account, the support policy, the staff's pages). The pages and tools
//! only the full bundle has are compiled with the `full` feature; in the customers'
//! bundle each is a stand-in that loads the address afresh from the
//! server, which then sends the full bundle.

#[cfg(feature = "full")]
pub use crate::{
    accounts::pages::{
        account::AccountPage, admin::AdminAccountsPage, organisation::OrganisationPage,
        partners::AdminPartnersPage,
    },
    cases::pages::{
        deflection_report::DeflectionReportPage, enhancements::EnhancementsPage,
        mail_confirm::ConfirmMailPage, mailbox::MailboxPage, queue::QueuePage, solved::SolvedPage,
    },
    entitlements::pages::{EntitlementsPage, plans::AdminPlansPage},
    kb::{
        authoring::pages::{EditorPage, HistoryPage, WriteListPage},
        pages::search_analytics::SearchAnalyticsPage,
    },
    policy::page::SupportPolicyPage,
    problems::pages::StatusPage,
    reports::pages::ReportsPage,
};

/// Where the pages only the full bundle has start.
const FULL_BUNDLE_PATHS: [&str; 13] = [
    // Profile, password and API tokens: changed now and then.
    "/account",
    "/admin/",
    "/enhancements",
    "/entitlements",
    "/organisation",
    "/organisations/",
    "/queue",
    "/reports",
    // Reached from an email, once: not worth a place in the customers' bundle.
    "/mail/",
    "/solved",
    // Read now and then: its tables stay out of the customers' bundle.
    "/support-policy",
    // Known problems: read when something breaks, not on every visit.
    "/status",
    "/write",
];

/// Whether a path is one of the pages only the full bundle has.
pub fn needs_full_bundle(path: &str) -> bool {
    FULL_BUNDLE_PATHS.iter().any(|start| {
        path.strip_prefix(start)
            .is_some_and(|rest| start.ends_with('/') || rest.is_empty() || rest.starts_with('/'))
    })
}

/// Loads the current address afresh from the server (which sends the full
/// bundle for it): what the customers' bundle has where a page or tool of
/// the full bundle would be.
#[cfg(not(feature = "full"))]
#[leptos::component]
pub fn LoadAfresh() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        // The router's address, not the window's: a link followed in the
        // browser renders this page before the address bar changes.
        let mut address = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        if !search.is_empty() {
            address = format!("{address}?{search}");
        }
        let hash = location.hash.get_untracked();
        if !hash.is_empty() {
            let mark = if hash.starts_with('#') { "" } else { "#" };
            address = format!("{address}{mark}{hash}");
        }
        let _ = window().location().assign(&address);
    });
    view! { <p role="status">"Loading…"</p> }
}

#[cfg(not(feature = "full"))]
macro_rules! stand_ins {
    ($($page:ident),* $(,)?) => {
        $(
            #[leptos::component]
            pub fn $page() -> impl leptos::IntoView {
                leptos::view! { <LoadAfresh /> }
            }
        )*
    };
}

#[cfg(not(feature = "full"))]
stand_ins!(
    AccountPage,
    AdminAccountsPage,
    AdminPartnersPage,
    ConfirmMailPage,
    AdminPlansPage,
    DeflectionReportPage,
    EnhancementsPage,
    EntitlementsPage,
    MailboxPage,
    OrganisationPage,
    QueuePage,
    ReportsPage,
    SearchAnalyticsPage,
    SolvedPage,
    StatusPage,
    SupportPolicyPage,
    EditorPage,
    HistoryPage,
    WriteListPage,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_management_pages_need_the_full_bundle_and_nothing_else_does() {
        for path in [
            "/account",
            "/admin/accounts",
            "/admin/search-analytics",
            "/enhancements",
            "/entitlements",
            "/organisation",
            "/organisations/4/entitlements",
            "/queue",
            "/reports",
            "/solved",
            "/mail/confirm",
            "/support-policy",
            "/write",
            "/write/vpn-tunnel/history",
        ] {
            assert!(needs_full_bundle(path), "{path}");
        }
        for path in [
            "/",
            "/articles/write-up",
            "/writers",
            "/cases/CASE-000001",
            "/cases/new",
            "/help",
            "/search",
            "/accounts",
            "/queued",
            "/organisations",
        ] {
            assert!(!needs_full_bundle(path), "{path}");
        }
    }
}
