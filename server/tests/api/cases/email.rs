//! Cases by email: a reply from a proven sender joins its case, by the
//! ids of the mail it answers or by the reference in its subject; strangers
//! and people who do not follow the case are refused, and only those with
//! an account are told; automatic mail is never answered; a message
//! received twice counts once. How senders are proven, and what becomes of
//! those who are not, is in `email_trust`.

use serde_json::json;

use app::{
    cases::{
        api::CloseSolvedCase,
        mailbox_api::LoadReceivedEmails,
        server::email::{Outcome, receive},
    },
    runtime::jobs::run_due,
};

use super::{gateway_question, post_json};
use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app, spawn_app_with},
};

/// The support mailbox's receiving server, as the tests' apps trust it.
pub const TRUSTED_SERVER: &str = "mx.selfdesk.test";

/// An app that trusts [`TRUSTED_SERVER`]'s verdicts on senders.
pub async fn spawn_trusting_app() -> TestApp {
    spawn_app_with(|settings| settings.mail_trusted_authserv_id = Some(TRUSTED_SERVER.into())).await
}

/// The header the trusted server stamps on mail whose sender's domain
/// passed DMARC.
pub fn vouched(from: &str) -> String {
    let domain = from.trim_end_matches('>').rsplit('@').next().unwrap_or_default();
    format!("Authentication-Results: {TRUSTED_SERVER}; dmarc=pass (p=reject) header.from={domain}")
}

/// An email as a mail server hands it over, with an id of its own.
pub fn email(from: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    static SENT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let text = format!(
        "From: {from}\nTo: support@selfdesk.test\nSubject: {subject}\nMessage-ID: <m{n}@mail.example>\n{headers}\n\n{body}"
    );
    text.replace('\n', "\r\n").into_bytes()
}

/// An email the trusted server vouches for.
pub fn proven_email(from: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    let headers =
        if headers.is_empty() { vouched(from) } else { format!("{}\n{headers}", vouched(from)) };
    email(from, subject, &headers, body)
}

/// A case filed on the portal by Acme's customer: CASE-000001.
pub async fn acme_case(app: &TestApp) -> Browser<'_> {
    seed(app).await;
    let mut customer = Browser::signed_in(app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    customer
}

/// The texts of the case's timeline, as its customer sees them.
pub async fn timeline(customer: &mut Browser<'_>) -> String {
    customer.get("/api/v1/cases/CASE-000001").await.json()["events"].to_string()
}

#[tokio::test]
async fn a_reply_with_the_reference_in_its_subject_joins_the_case_without_its_quotes() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let reply = proven_email(
        "Casey <customer@acme.example>",
        "Re: CASE-000001: Support answered",
        "",
        "Rotated it, the tunnel is up.\n\nOn Tue, Support <support@selfdesk.test> wrote:\n> Rotate the certificate.",
    );

    let outcome = receive(&app.state, &reply).await.expect("received");

    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    let events = timeline(&mut customer).await;
    assert!(events.contains("Rotated it, the tunnel is up."), "{events}");
    assert!(!events.contains("Rotate the certificate."), "the quoted history is cut: {events}");
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    let original = &case["artifacts"][0];
    assert_eq!(original["file_name"], "original-message.eml", "{case}");
    let download =
        customer.get(&format!("/api/v1/cases/CASE-000001/files/{}", original["id"])).await;
    assert!(download.body.contains("> Rotate the certificate."), "the original keeps it all");
    let recorded: (String, Option<i64>, String) =
        sqlx::query_as("SELECT outcome, case_id, proof FROM inbound_emails")
            .fetch_one(app.state.db.pool())
            .await
            .expect("recorded");
    assert_eq!(recorded.0, "appended");
    assert!(recorded.1.is_some());
    assert_eq!(recorded.2, "dmarc");
}

#[tokio::test]
async fn a_message_to_the_cases_reply_address_joins_the_case() {
    let app =
        spawn_app_with(|settings| settings.reply_to = Some("support@selfdesk.test".into())).await;
    let mut customer = acme_case(&app).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "ask", "body": "Which version?"})).await;
    run_due(&app.state, "test").await.expect("jobs");
    let asked = app.emails().into_iter().find(|e| e.to == "customer@acme.example").expect("sent");
    let reply_to = asked.thread.and_then(|t| t.reply_to).expect("a reply address");
    assert!(reply_to.starts_with("support+CASE-000001."), "with the reply token: {reply_to}");
    assert!(reply_to.ends_with("@selfdesk.test"), "{reply_to}");

    let answer =
        email("customer@acme.example", "Version", &format!("Delivered-To: {reply_to}"), "9.2.1");
    let outcome = receive(&app.state, &answer).await.expect("received");

    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    assert!(timeline(&mut customer).await.contains("9.2.1"));
}

#[tokio::test]
async fn attachments_become_the_cases_files_through_the_upload_checks() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let body = "--b\nContent-Type: text/plain\n\nThe logs you asked for.\n\
                --b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"gateway.log\"\n\n\
                12:00 tunnel down\n\
                --b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"tool.exe\"\n\n\
                MZ\n--b--";
    let reply = proven_email(
        "customer@acme.example",
        "Re: CASE-000001",
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"",
        body,
    );

    let outcome = receive(&app.state, &reply).await.expect("received");

    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    let files: Vec<&str> = case["artifacts"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|file| file["file_name"].as_str())
        .collect();
    assert_eq!(files, ["original-message.eml", "gateway.log"], "{case}");
    let events = case["events"].to_string();
    assert!(events.contains("The logs you asked for."), "{events}");
    assert!(events.contains("Not attached: tool.exe"), "{events}");
}

#[tokio::test]
async fn the_mail_selfdesk_sends_is_threaded_and_a_reply_to_it_finds_its_case() {
    let app = spawn_app().await;
    let mut customer = acme_case(&app).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "reply", "body": "Rotate the certificate."}))
        .await;
    run_due(&app.state, "test").await.expect("jobs");

    let sent = app.emails().into_iter().find(|e| e.to == "customer@acme.example").expect("sent");
    let thread = sent.thread.expect("a case's mail is threaded");
    assert!(thread.message_id.starts_with("<CASE-000001."), "{}", thread.message_id);
    assert_eq!(thread.root, "<CASE-000001@selfdesk.test>");
    assert!(sent.subject.contains("CASE-000001"));

    let in_reply_to = format!(
        "In-Reply-To: {}\nReferences: {} {}",
        thread.message_id, thread.root, thread.message_id
    );
    let reply = email("customer@acme.example", "Re: your answer", &in_reply_to, "Done.");
    let outcome = receive(&app.state, &reply).await.expect("received");

    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    assert!(timeline(&mut customer).await.contains("Done."));
}

#[tokio::test]
async fn strangers_and_other_organisations_are_refused_and_only_account_holders_are_told() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let before = timeline(&mut customer).await;

    let stranger = proven_email("nobody@else.example", "Re: CASE-000001", "", "Let me in.");
    let other_organisation =
        proven_email("customer@borealis.example", "Re: CASE-000001", "", "Is this mine?");
    let no_case =
        proven_email("customer@acme.example", "Buy cheap watches at spam.example", "", "Hello?");

    let refused = [
        receive(&app.state, &stranger).await.expect("received"),
        receive(&app.state, &other_organisation).await.expect("received"),
        receive(&app.state, &no_case).await.expect("received"),
    ];

    assert!(refused.iter().all(|o| matches!(o, Outcome::Refused { .. })), "{refused:?}");
    assert_eq!(timeline(&mut customer).await, before, "nothing was added");
    let answers: Vec<_> = app.emails().into_iter().filter(|e| e.automatic).collect();
    let to: Vec<&str> = answers.iter().map(|e| e.to.as_str()).collect();
    // A stranger's address may be anyone's: it is never answered.
    assert_eq!(to, ["customer@borealis.example", "customer@acme.example"]);
    assert!(answers[0].body.contains("you do not follow CASE-000001"), "{}", answers[0].body);
    assert!(answers[1].body.contains("which product"), "{}", answers[1].body);
    assert!(answers[1].body.contains("http://selfdesk.test/cases"), "{}", answers[1].body);
    for answer in &answers {
        let said = format!("{} {}", answer.subject, answer.body);
        assert!(!said.contains("watches") && !said.contains("Hello?"), "no sender's text: {said}");
    }
    // Engineers and admins see every refusal with its reason; nobody else sees the list.
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let listed = admin.call::<LoadReceivedEmails>(&[]).await;
    let page = engineer.get("/admin/mail").await;
    let by_customer = customer.call::<LoadReceivedEmails>(&[]).await;
    assert!(listed.body.contains("nobody@else.example"), "{}", listed.body);
    assert!(listed.body.contains("the address has no account with us"), "{}", listed.body);
    assert!(page.body.contains("you do not follow CASE-000001"), "rendered before any script");
    assert_eq!(by_customer.status, axum::http::StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_new_message_from_a_customer_opens_a_case_charges_its_points_and_suggests_articles() {
    let app = spawn_trusting_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let balance = |body: serde_json::Value| body["balance"].as_i64().expect("a balance");
    let before = balance(holder.get("/api/v1/entitlements").await.json());
    let message = proven_email(
        "Bo Customer <customer@borealis.example>",
        "Kestrel Agent stops reporting",
        "",
        "Since we upgraded to 3.1 the agent stops reporting after an hour.",
    );

    let outcome = receive(&app.state, &message).await.expect("received");

    let Outcome::Opened { reference } = outcome else { panic!("opened: {outcome:?}") };
    let case = holder.get(&format!("/api/v1/cases/{reference}")).await.json();
    assert_eq!(case["channel"], "email", "{case}");
    assert_eq!(case["summary"]["product"], "Kestrel Agent");
    assert_eq!(case["version"], "3.1");
    assert_eq!(case["points_cost"], 10);
    let after = balance(holder.get("/api/v1/entitlements").await.json());
    assert_eq!(before - after, 10, "an email case costs 10 points");
    let answer =
        app.emails().into_iter().find(|e| e.to == "customer@borealis.example").expect("answered");
    assert!(answer.automatic);
    assert!(answer.subject.starts_with(&format!("{reference}: Case opened")), "{}", answer.subject);
    assert!(answer.body.contains("http://selfdesk.test/articles/"), "{}", answer.body);
    assert!(answer.body.contains(&format!("http://selfdesk.test/cases/{reference}")));
    let thread = answer.thread.expect("threaded");
    assert_eq!(thread.root, format!("<{reference}@selfdesk.test>"));
}

#[tokio::test]
async fn the_answers_solved_link_closes_the_case_with_one_click_once() {
    let app = spawn_trusting_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let message = proven_email(
        "customer@borealis.example",
        "Kestrel Agent stops reporting",
        "",
        "Agent 3.1 stops.",
    );
    let Outcome::Opened { reference } = receive(&app.state, &message).await.expect("received")
    else {
        panic!("opened")
    };
    let answer =
        app.emails().into_iter().find(|e| e.to == "customer@borealis.example").expect("answered");
    let link = answer
        .body
        .split_whitespace()
        .find(|word| word.contains("/solved?"))
        .expect("a solved link")
        .trim_start_matches("http://selfdesk.test")
        .to_owned();
    let token = link.split("token=").nth(1).expect("a token").to_owned();
    let mut visitor = Browser::open(&app).await;

    let page = visitor.get(&link).await;
    let wrong_case =
        visitor.call::<CloseSolvedCase>(&[("reference", "CASE-999999"), ("token", &token)]).await;
    let closed =
        visitor.call::<CloseSolvedCase>(&[("reference", &reference), ("token", &token)]).await;
    let again =
        visitor.call::<CloseSolvedCase>(&[("reference", &reference), ("token", &token)]).await;

    assert!(page.body.contains(&format!("Close {reference}?")), "rendered before any script");
    assert!(page.body.contains("It is solved: close the case"));
    assert_eq!(wrong_case.status, axum::http::StatusCode::BAD_REQUEST);
    assert_eq!(closed.status, axum::http::StatusCode::OK, "{}", closed.body);
    assert_eq!(again.status, axum::http::StatusCode::BAD_REQUEST, "a link is used once");
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let case = holder.get(&format!("/api/v1/cases/{reference}")).await.json();
    assert_eq!(case["summary"]["status"], "closed", "{case}");
}

#[tokio::test]
async fn automatic_mail_is_recorded_and_never_answered() {
    let app = spawn_app().await;
    let mut customer = acme_case(&app).await;
    let before = timeline(&mut customer).await;
    let out_of_office = email(
        "customer@acme.example",
        "Automatic reply: CASE-000001: Support answered",
        "Auto-Submitted: auto-replied",
        "I am away until Monday.",
    );
    let bounce =
        email("mailer-daemon@acme.example", "Undelivered", "Return-Path: <>", "No such user.");

    let outcomes = [
        receive(&app.state, &out_of_office).await.expect("received"),
        receive(&app.state, &bounce).await.expect("received"),
    ];

    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Ignored { .. })), "{outcomes:?}");
    assert_eq!(timeline(&mut customer).await, before);
    assert!(app.emails().iter().all(|e| !e.automatic), "no answer to a robot");
}

#[tokio::test]
async fn a_message_received_twice_or_by_two_servers_at_once_counts_once() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let reply = proven_email("customer@acme.example", "Re: CASE-000001", "", "Once only.");

    let (first, second) = tokio::join!(receive(&app.state, &reply), receive(&app.state, &reply));
    let again = receive(&app.state, &reply).await.expect("received");

    let mut outcomes = [first.expect("received"), second.expect("received")];
    outcomes.sort_by_key(|o| !matches!(o, Outcome::Appended { .. }));
    assert_eq!(outcomes[0], Outcome::Appended { reference: "CASE-000001".into() });
    // The other found it received, or still being received (and would
    // offer it again later, in case the first failed).
    assert!(matches!(outcomes[1], Outcome::Duplicate | Outcome::InProgress), "{outcomes:?}");
    assert_eq!(again, Outcome::Duplicate);
    assert_eq!(timeline(&mut customer).await.matches("Once only.").count(), 1);
}

#[tokio::test]
async fn a_message_whose_receiver_stopped_midway_is_taken_over_later() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;
    let reply = proven_email("customer@acme.example", "Re: CASE-000001", "", "Taken over.");
    let message_id = String::from_utf8_lossy(&reply)
        .lines()
        .find_map(|line| {
            line.strip_prefix("Message-ID: <").map(|id| id.trim_end_matches('>').to_owned())
        })
        .expect("an id");
    // A server claimed it, then stopped before it settled what became of it.
    sqlx::query(
        "INSERT INTO inbound_emails (message_id, sender, subject, received_at, outcome) \
         VALUES ($1, 'customer@acme.example', 'Re: CASE-000001', $2, 'received')",
    )
    .bind(&message_id)
    .bind(app.state.clock.now_ms())
    .execute(app.state.db.pool())
    .await
    .expect("a claim");

    let soon = receive(&app.state, &reply).await.expect("received");
    app.clock.advance(jiff::SignedDuration::from_mins(11));
    let later = receive(&app.state, &reply).await.expect("received");

    assert_eq!(soon, Outcome::InProgress);
    assert_eq!(later, Outcome::Appended { reference: "CASE-000001".into() });
    assert_eq!(timeline(&mut customer).await.matches("Taken over.").count(), 1);
}

#[tokio::test]
async fn a_sender_flooding_the_mailbox_is_left_alone_after_thirty_messages_an_hour() {
    let app = spawn_trusting_app().await;
    let mut customer = acme_case(&app).await;

    let mut outcomes = Vec::new();
    for n in 1..=31 {
        let text = format!("Message {n}.");
        let reply = proven_email("customer@acme.example", "Re: CASE-000001", "", &text);
        outcomes.push(receive(&app.state, &reply).await.expect("received"));
    }

    assert!(outcomes[..30].iter().all(|o| matches!(o, Outcome::Appended { .. })), "{outcomes:?}");
    assert!(matches!(&outcomes[30], Outcome::Ignored { reason } if reason.contains("30 messages")));
    assert!(!timeline(&mut customer).await.contains("Message 31."));
}

#[tokio::test]
async fn an_unreadable_message_is_recorded_as_rejected() {
    let app = spawn_app().await;
    seed(&app).await;

    let outcome = receive(&app.state, b"").await.expect("received");

    assert!(matches!(outcome, Outcome::Rejected { .. }), "{outcome:?}");
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbound_emails WHERE outcome = 'rejected'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(count, 1);
}

// Scalix: "Scalix supports products that are within two major releases
// from the current release"; an email about an older one is refused as the
// form refuses it, not filed and charged as the newest release.
#[tokio::test]
async fn an_email_about_an_unsupported_release_is_refused_and_costs_nothing() {
    let app = spawn_trusting_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let balance = |body: serde_json::Value| body["balance"].as_i64().expect("a balance");
    let before = balance(holder.get("/api/v1/entitlements").await.json());
    let message = proven_email(
        "Bo Customer <customer@borealis.example>",
        "Tunnels drop",
        "",
        "We still run Kestrel Gateway 7.4 and its tunnels drop every hour.",
    );

    let outcome = receive(&app.state, &message).await.expect("received");

    assert!(matches!(outcome, Outcome::Refused { .. }), "{outcome:?}");
    assert_eq!(balance(holder.get("/api/v1/entitlements").await.json()), before);
    let cases = holder.get("/api/v1/cases").await.json();
    assert_eq!(cases.as_array().map(Vec::len), Some(0), "{cases}");
    let answer =
        app.emails().into_iter().find(|e| e.to == "customer@borealis.example").expect("answered");
    assert!(answer.body.contains("Kestrel Gateway 7.4 is not supported"), "{}", answer.body);
}
