//! "Get help" sessions: started, deflected by an article, or ended by a
//! case; and the weekly report.

use axum::http::StatusCode;
use serde_json::json;

use app::cases::help_api::{BeginHelpSession, HelpSession, LoadDeflectionReport, MarkSolved};

use super::post_json;
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn sessions_end_deflected_or_as_a_case_and_the_report_counts_both() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let start = async |browser: &mut Browser<'_>| {
        let response = browser.call::<HelpSession>(&[]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let token = response.json()[0].as_str().expect("a token").to_owned();
        // What the page does once it has loaded in the browser.
        let begun = browser.call::<BeginHelpSession>(&[("session", &token)]).await;
        assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
        token
    };
    let mark_solved = async |browser: &mut Browser<'_>, session: &str| {
        browser
            .call::<MarkSolved>(&[
                ("session", session),
                ("slug", "outbound-mail-stuck-in-queue"),
                ("query", "mail stuck"),
            ])
            .await
    };

    let first = start(&mut customer).await;
    let solved = mark_solved(&mut customer, &first).await;
    let twice = mark_solved(&mut customer, &first).await;
    let mut other_organisation = Browser::signed_in(&app, "customer@borealis.example").await;
    let second = start(&mut customer).await;
    let not_theirs = mark_solved(&mut other_organisation, &second).await;
    let case = json!({
        "case_type": "question",
        "severity": "3",
        "subject": "Mail stuck",
        "description": "Still stuck after reading the article.",
        "fields": {"product": "mail", "version": "6"},
        "help_session": second
    });
    let filed = post_json(&mut customer, "/api/v1/cases", &case).await;
    let _abandoned = start(&mut customer).await;
    // Arrivals are written with the analytics, off the request path.
    app.state.analytics.flush().await;

    assert_eq!(solved.status, StatusCode::OK);
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(not_theirs.status, StatusCode::CONFLICT, "another customer's session stays theirs");
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let by_customer = customer.call::<LoadDeflectionReport>(&[]).await;
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    let report = Browser::signed_in(&app, "writer@selfdesk.example")
        .await
        .call::<LoadDeflectionReport>(&[])
        .await
        .json();
    assert_eq!(report["weeks"][0]["week"], "2026-11-23");
    assert_eq!(
        (
            report["weeks"][0]["started"].as_i64(),
            report["weeks"][0]["deflected"].as_i64(),
            report["weeks"][0]["cases"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(report["articles"][0]["slug"], "outbound-mail-stuck-in-queue");
    assert_eq!(report["articles"][0]["sessions"], 1);
}

#[tokio::test]
async fn the_help_page_suggests_articles_for_what_was_typed_without_scripts() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page =
        customer.get("/help?subject=outbound%20mail%20stuck%20in%20queue&description=").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Articles that may solve it"));
    assert!(
        page.body.contains("/articles/outbound-mail-stuck-in-queue"),
        "the matching article is suggested"
    );
    assert!(page.body.contains("This solved my problem"));
    assert!(page.body.contains("formaction=\"/cases/new\""));
}

#[tokio::test]
async fn the_case_form_suggests_articles_for_the_subject_and_description_together() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page = customer
        .get("/cases/new?subject=Mail%20problem&description=outbound%20messages%20stuck%20in%20the%20queue")
        .await;

    assert_eq!(page.status, StatusCode::OK);
    let hints = page.body.split("Articles that may answer this").nth(1).expect("the hints");
    assert!(hints.contains("/articles/outbound-mail-stuck-in-queue"), "{hints}");
}
