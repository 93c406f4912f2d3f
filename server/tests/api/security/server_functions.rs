//! Every server function, called by every kind of user with no arguments
//! and with hostile ones: a 4xx or a success, never a server error; and
//! nobody signed in gets nothing that needs an account.

use axum::http::StatusCode;

use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

/// Values a forger would try in every field a server function might take.
const HOSTILE: &[(&str, &str)] = &[
    ("slug", "../../etc/passwd"),
    ("reference", "CASE-999999"),
    ("id", "-1"),
    ("user_id", "99999999999999999999"),
    ("token_id", "abc"),
    ("organisation_id", "-9223372036854775808"),
    ("points", "9223372036854775807"),
    ("q", "<script>alert(1)</script>"),
    ("email", "\u{0000}@example.com"),
    ("role", "admin"),
    ("status", "closed'; DROP TABLE cases; --"),
    ("body_markdown", "<img src=x onerror=alert(1)>"),
    ("weeks", "999999"),
    ("number", "0"),
];

/// The names of the server functions' input structs: the hostile values go
/// into their fields too (`work[reference]`, ...).
const INPUTS: &[&str] = &[
    "account",
    "adjustment",
    "arrival",
    "change",
    "contract",
    "feedback",
    "filters",
    "invitation",
    "organisation",
    "plan",
    "review",
    "search",
    "work",
];

/// Every hostile value as a plain field and as a field of every input.
fn hostile() -> Vec<(String, &'static str)> {
    let mut fields: Vec<(String, &'static str)> =
        HOSTILE.iter().map(|(name, value)| ((*name).to_owned(), *value)).collect();
    for input in INPUTS {
        fields.extend(HOSTILE.iter().map(|(name, value)| (format!("{input}[{name}]"), *value)));
    }
    fields
}

/// Server functions anyone may call (sign-in, searching public articles...).
const OPEN_TO_ANYONE: &[&str] = &[
    "current_user",
    "sign_in",
    "sign_out",
    "request_password_reset",
    "reset_password",
    "search_articles",
    "suggest_articles",
    "get_article",
    "send_feedback",
    // Zero for someone not signed in: the header asks on every page.
    "unread_notifications",
    // The email link's token stands in for signing in.
    "close_solved_case",
    // A support policy is public; visitors see the published plans.
    "load_support_policy",
    // The status page: visitors see the public known problems.
    "load_status_board",
];

/// Staff functions a customer reaches with no arguments at all: past the
/// argument check, so the refusal is the role's.
const STAFF_ONLY: &[&str] = &[
    "list_drafts",
    "search_analytics",
    "load_deflection_report",
    "load_accounts",
    "load_plans",
    "load_queue",
    "load_sla_report",
    "load_enhancements",
    "load_received_emails",
];

#[tokio::test]
async fn a_customer_is_refused_every_staff_function() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let paths: Vec<&'static str> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();

    for name in STAFF_ONLY {
        let path = paths
            .iter()
            .find(|path| path.rsplit('/').next().is_some_and(|last| last.starts_with(name)))
            .unwrap_or_else(|| panic!("{name} is a server function"));
        let answer = customer.call_path(path, &[]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{name}: {}", answer.body);
    }
}

#[tokio::test]
async fn every_server_function_answers_every_user_without_a_server_error() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut functions: Vec<&'static str> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    functions.sort_unstable();
    assert!(functions.len() > 40, "the registry lists the app's server functions");

    let emails = [
        None,
        Some("customer@acme.example"),
        Some("writer@selfdesk.example"),
        Some("l1@selfdesk.example"),
        Some("admin@selfdesk.example"),
    ];
    let hostile = hostile();
    let hostile: Vec<(&str, &str)> = hostile.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    for email in emails {
        let mut browser = match email {
            Some(email) => Browser::signed_in(&app, email).await,
            None => Browser::open(&app).await,
        };
        for path in &functions {
            for fields in [&[][..], &hostile[..]] {
                let answer = browser.call_path(path, fields).await;
                assert!(
                    !answer.status.is_server_error(),
                    "{email:?} {path} {fields:?}: {} {}",
                    answer.status,
                    answer.body
                );
                let name = path.rsplit('/').next().unwrap_or_default();
                let open = OPEN_TO_ANYONE.iter().any(|open| name.starts_with(open));
                if email.is_none() && !open {
                    assert!(
                        !answer.status.is_success(),
                        "{path} answered someone not signed in: {}",
                        answer.body
                    );
                }
            }
            // A sign-out among the functions ends the session: sign in again.
            if let Some(email) = email
                && browser.get("/api/v1/me").await.status == StatusCode::UNAUTHORIZED
            {
                browser = Browser::signed_in(&app, email).await;
            }
        }
    }
}
