//! Mail that claims to come from someone: only a proven sender writes into
//! a case, opens one or spends points. Each test is an attack the portal
//! once let through, or a way a real sender proves themselves.

use axum::http::StatusCode;

use app::{
    cases::{
        mailbox_api::{
            AcceptHeldEmail, ConfirmHeldMessage, DiscardHeldEmail, LoadHeldMessage,
            LoadReceivedEmails,
        },
        server::email::{Outcome, receive},
    },
    runtime::jobs::run_due,
};

use super::{
    email::{
        TRUSTED_SERVER, acme_case, email, proven_email, spawn_trusting_app, timeline, vouched,
    },
    gateway_question, post_json,
};
use crate::{accounts::seed, browser::Browser, helpers::TestApp};

async fn count(app: &TestApp, query: &str) -> i64 {
    sqlx::query_scalar(query).fetch_one(app.state.db.pool()).await.expect("count")
}

async fn balance(holder: &mut Browser<'_>) -> i64 {
    holder.get("/api/v1/entitlements").await.json()["balance"].as_i64().expect("a balance")
}

fn held(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Held { .. })
}

#[tokio::test]
async fn a_forged_staff_sender_is_held_and_nothing_reaches_the_case_or_the_customer() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let before = timeline(&mut customer).await;
    run_due(&app.state, "test").await.expect("jobs");
    let sent_before = app.emails().len();
    let forged = email(
        "Support <l1@selfdesk.example>",
        "Re: CASE-000001",
        "",
        "Please send your password to this address.",
    );
    let another_server = email(
        "l1@selfdesk.example",
        "Re: CASE-000001",
        "Authentication-Results: mx.attacker.example; dmarc=pass header.from=selfdesk.example",
        "Please send your password to this address.",
    );

    let outcomes = [
        receive(&app.state, &forged).await.expect("received"),
        receive(&app.state, &another_server).await.expect("received"),
    ];
    run_due(&app.state, "test").await.expect("jobs");

    assert!(outcomes.iter().all(held), "{outcomes:?}");
    assert_eq!(timeline(&mut customer).await, before, "nothing was added");
    let sent: Vec<_> = app.emails().into_iter().skip(sent_before).collect();
    assert!(sent.iter().all(|e| !e.body.contains("password")), "{sent:?}");
    assert!(sent.iter().all(|e| e.to != "customer@acme.example"), "the customer hears nothing");
}

#[tokio::test]
async fn a_forged_customer_opens_no_case_and_spends_no_points() {
    let app = spawn_trusting_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let points = balance(&mut holder).await;
    let from = "customer@borealis.example";
    let subject = "Kestrel Agent stops reporting";
    let body = "Agent 3.1 stops.";
    let unstamped = email(from, subject, "", body);
    let stamped_elsewhere = email(
        from,
        subject,
        "Authentication-Results: mx.elsewhere.example; dmarc=pass header.from=borealis.example",
        body,
    );
    let failed_dmarc = email(
        from,
        subject,
        &format!(
            "Authentication-Results: {TRUSTED_SERVER}; dmarc=fail header.from=borealis.example"
        ),
        body,
    );
    // The trusted server's header, planted below the one it really added.
    let planted_below = email(
        from,
        subject,
        &format!(
            "Authentication-Results: {TRUSTED_SERVER}; dmarc=fail header.from=borealis.example\n{}",
            vouched(from)
        ),
        body,
    );

    let mut outcomes = Vec::new();
    for message in [unstamped, stamped_elsewhere, failed_dmarc, planted_below] {
        outcomes.push(receive(&app.state, &message).await.expect("received"));
    }

    assert!(outcomes.iter().all(held), "{outcomes:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(balance(&mut holder).await, points, "no points spent");
    let confirmations: Vec<_> =
        app.emails().into_iter().filter(|e| e.subject.contains("Confirm your message")).collect();
    assert!(!confirmations.is_empty(), "the mailbox's owner is asked");
    assert!(confirmations.iter().all(|e| e.to == from && !e.body.contains(subject)));
}

#[tokio::test]
async fn the_reply_token_proves_its_own_sender_for_its_own_case_only() {
    let app = spawn_app_with_reply_address().await;
    let mut customer = acme_case(&app).await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &serde_json::json!({"action": "ask", "body": "Which version?"}))
        .await;
    run_due(&app.state, "test").await.expect("jobs");
    let asked = app.emails().into_iter().find(|e| e.to == "customer@acme.example").expect("sent");
    let thread = asked.thread.expect("threaded");
    let token = thread.message_id.trim_matches(['<', '>']).split('.').nth(2).expect("a token");
    let answering = |id: &str| format!("In-Reply-To: <{id}>\nReferences: {} <{id}>", thread.root);

    let genuine = email(
        "customer@acme.example",
        "Re: your question",
        &answering(thread.message_id.trim_matches(['<', '>'])),
        "9.2.1",
    );
    let other_case = email(
        "customer@acme.example",
        "Re: your question",
        &answering(&format!("CASE-000002.1.{token}@selfdesk.test")),
        "Moved to the other case?",
    );
    let other_sender = email(
        "holder@acme.example",
        "Re: your question",
        &answering(thread.message_id.trim_matches(['<', '>'])),
        "Holder using the customer's token.",
    );

    let outcomes = [
        receive(&app.state, &genuine).await.expect("received"),
        receive(&app.state, &other_case).await.expect("received"),
        receive(&app.state, &other_sender).await.expect("received"),
    ];

    assert_eq!(outcomes[0], Outcome::Appended { reference: "CASE-000001".into() });
    assert!(held(&outcomes[1]) && held(&outcomes[2]), "{outcomes:?}");
    let proof: String =
        sqlx::query_scalar("SELECT proof FROM inbound_emails WHERE outcome = 'appended'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("proof");
    assert_eq!(proof, "reply-token");
    let both = format!(
        "{}{}",
        timeline(&mut customer).await,
        customer.get("/api/v1/cases/CASE-000002").await.json()["events"]
    );
    assert!(both.contains("9.2.1"));
    assert!(!both.contains("Moved to the other case") && !both.contains("Holder using"), "{both}");
}

async fn spawn_app_with_reply_address() -> TestApp {
    crate::helpers::spawn_app_with(|settings| {
        settings.reply_to = Some("support@selfdesk.test".into());
    })
    .await
}

#[tokio::test]
async fn the_owner_of_the_mailbox_confirms_a_held_case_once_and_only_then_is_it_charged() {
    let app = crate::helpers::spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let points = balance(&mut holder).await;
    let message = email(
        "customer@borealis.example",
        "Kestrel Agent stops reporting",
        "",
        "Agent 3.1 stops every night.",
    );
    assert!(held(&receive(&app.state, &message).await.expect("received")));
    let asked = app.emails().into_iter().find(|e| e.subject.contains("Confirm")).expect("asked");
    let link = asked
        .body
        .split_whitespace()
        .find(|w| w.contains("/mail/confirm?token="))
        .expect("a link")
        .to_owned();
    let token = link.split("token=").nth(1).expect("a token").to_owned();
    let mut visitor = Browser::open(&app).await;

    let page = visitor.get(link.trim_start_matches("http://selfdesk.test")).await;
    let shown = visitor.call::<LoadHeldMessage>(&[("token", &token)]).await;
    let confirmed = visitor.call::<ConfirmHeldMessage>(&[("token", &token)]).await;
    let again = visitor.call::<ConfirmHeldMessage>(&[("token", &token)]).await;

    assert!(page.body.contains("Agent 3.1 stops every night."), "rendered before any script");
    assert!(shown.body.contains("Kestrel Agent stops reporting"), "{}", shown.body);
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert!(confirmed.body.contains("Opened CASE-000001"), "{}", confirmed.body);
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "a link works once");
    assert_eq!(balance(&mut holder).await, points - 10, "charged once, on confirmation");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
}

#[tokio::test]
async fn engineers_accept_or_discard_what_is_held_and_customers_cannot() {
    let app = crate::helpers::spawn_app().await;
    let mut customer = acme_case(&app).await;
    let first = email("customer@acme.example", "Re: CASE-000001", "", "Accept me.");
    let second = email("customer@acme.example", "Re: CASE-000001", "", "Discard me.");
    receive(&app.state, &first).await.expect("received");
    receive(&app.state, &second).await.expect("received");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let listed = engineer.call::<LoadReceivedEmails>(&[]).await.json();
    let id_of = |text: &str| {
        listed
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["preview"] == text))
            .map(|r| r["id"].to_string())
            .expect("listed with its text")
    };
    let (accept_id, discard_id) = (id_of("Accept me."), id_of("Discard me."));
    let kept_files = super::stored_files(&app);

    let by_customer = customer.call::<AcceptHeldEmail>(&[("id", &accept_id)]).await;
    let accepted = engineer.call::<AcceptHeldEmail>(&[("id", &accept_id)]).await;
    let twice = engineer.call::<AcceptHeldEmail>(&[("id", &accept_id)]).await;
    let discarded = engineer.call::<DiscardHeldEmail>(&[("id", &discard_id)]).await;

    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert!(accepted.body.contains("Added to CASE-000001"), "{}", accepted.body);
    assert_eq!(twice.status, StatusCode::NOT_FOUND, "settled once");
    assert_eq!(discarded.status, StatusCode::OK, "{}", discarded.body);
    let events = timeline(&mut customer).await;
    assert!(events.contains("Accept me.") && !events.contains("Discard me."), "{events}");
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT outcome, proof FROM inbound_emails ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("rows");
    assert_eq!(rows, [("appended".into(), "reviewed".into()), ("discarded".into(), String::new())]);
    // The kept copies are gone; the case keeps its own (the .eml).
    assert_eq!(super::stored_files(&app), kept_files - 2 + 1);
}

/// Makes inserting into `table` fail until the returned statement is run.
async fn break_table(app: &TestApp, table: &str) -> String {
    sqlx::query(&format!("ALTER TABLE {table} RENAME TO {table}_away"))
        .execute(app.state.db.pool())
        .await
        .expect("rename");
    format!("ALTER TABLE {table}_away RENAME TO {table}")
}

#[tokio::test]
async fn a_failure_after_the_charge_never_opens_or_charges_a_second_case() {
    let app = spawn_trusting_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let points = balance(&mut holder).await;
    let message = proven_email(
        "customer@borealis.example",
        "Kestrel Agent stops reporting",
        "",
        "Agent 3.1 stops.",
    );
    // The "solved" link is recorded after the case is filed and charged.
    let repair = break_table(&app, "case_links").await;

    let first = receive(&app.state, &message).await.expect("recorded");
    let second = receive(&app.state, &message).await.expect("recorded");
    sqlx::query(&repair).execute(app.state.db.pool()).await.expect("repair");
    let third = receive(&app.state, &message).await.expect("recorded");

    assert_eq!(first, Outcome::Retry { attempts: 1 });
    assert_eq!(second, Outcome::Retry { attempts: 2 });
    assert_eq!(third, Outcome::Opened { reference: "CASE-000001".into() });
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    let debits = "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'debit'";
    assert_eq!(count(&app, debits).await, 1);
    assert_eq!(balance(&mut holder).await, points - 10);
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_set_aside_kept_and_tried_again_by_an_engineer() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let reply = proven_email("customer@acme.example", "Re: CASE-000001", "", "Stuck reply.");
    let repair = break_table(&app, "case_events").await;

    let mut outcomes = Vec::new();
    for _ in 0..app::cases::server::email::MAX_ATTEMPTS {
        outcomes.push(receive(&app.state, &reply).await.expect("recorded"));
    }
    let after = receive(&app.state, &reply).await.expect("recorded");
    sqlx::query(&repair).execute(app.state.db.pool()).await.expect("repair");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let listed = engineer.call::<LoadReceivedEmails>(&[]).await.json();
    let id = listed[0]["id"].to_string();
    let tried = engineer.call::<AcceptHeldEmail>(&[("id", &id)]).await;

    assert!(matches!(outcomes.last(), Some(Outcome::SetAside { .. })), "{outcomes:?}");
    assert_eq!(after, Outcome::Duplicate, "set aside: no longer offered");
    assert_eq!(listed[0]["outcome"], "failed", "{listed}");
    assert!(tried.body.contains("Added to CASE-000001"), "{}", tried.body);
    assert_eq!(timeline(&mut customer).await.matches("Stuck reply.").count(), 1);
}

#[tokio::test]
async fn ten_thousand_attachments_become_at_most_one_request_of_files() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let mut body = String::from("--b\nContent-Type: text/plain\n\nMany logs.\n");
    for n in 0..10_000 {
        body.push_str(&format!(
            "--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"{n}.log\"\n\nx\n"
        ));
    }
    body.push_str("--b--\n");
    let reply = proven_email(
        "customer@acme.example",
        "Re: CASE-000001",
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"",
        &body,
    );

    let outcome = receive(&app.state, &reply).await.expect("received");

    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    let most = app.state.settings.uploads.max_files_per_request as i64;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM uploads").await, most + 1, "and the .eml");
    let events = timeline(&mut customer).await;
    assert!(events.contains(&format!("{} more files (at most {most} a message)", 10_000 - most)));
}
