//! Colleagues following a case: a follower sees and answers it and gets its
//! emails while a colleague who does not follow it does not; copying a
//! colleague on a proven email makes them a follower; an organisation may
//! let every member see every case.

use axum::{body::Body, http::Method, http::StatusCode};
use serde_json::json;

use app::{
    accounts::{Role, organisation_api::ShareAllCases, server::users},
    auth::server::password::hash_password,
    cases::server::email::{Outcome, receive},
    runtime::jobs::run_due,
};

use super::{
    email::{acme_case, email, proven_email, spawn_trusting_app},
    post_json,
};
use crate::{
    accounts::organisation_id,
    browser::{Browser, PASSWORD},
    helpers::{TestApp, TestResponse, spawn_app},
};

const CASE: &str = "/api/v1/cases/CASE-000001";
const FOLLOWERS: &str = "/api/v1/cases/CASE-000001/followers";

/// A customer of Acme besides the demo's, with the demo's password.
async fn colleague(app: &TestApp, email: &str, name: &str) {
    let new_user = users::NewUser {
        email: email.into(),
        name: name.into(),
        role: Role::Customer,
        level: None,
        organisation_id: Some(organisation_id(app, "customer@acme.example").await),
        password_hash: Some(hash_password(PASSWORD.into()).await.expect("hash")),
    };
    users::create(&app.state.db, app.state.clock.now_ms(), new_user).await.expect("create");
}

async fn follow(browser: &mut Browser<'_>, email: &str) -> TestResponse {
    post_json(browser, FOLLOWERS, &json!({ "email": email })).await
}

async fn unfollow(browser: &mut Browser<'_>, id: i64) -> TestResponse {
    let csrf = browser.csrf().unwrap_or_default();
    let path = format!("{FOLLOWERS}/{id}");
    browser.request(Method::DELETE, &path, &[("x-csrf-token", &csrf)], Body::empty()).await
}

fn listed(list: &TestResponse) -> bool {
    list.json()
        .as_array()
        .is_some_and(|cases| cases.iter().any(|c| c["reference"] == "CASE-000001"))
}

#[tokio::test]
async fn a_follower_sees_answers_and_hears_about_the_case_and_a_colleague_who_does_not_follow_it_does_not()
 {
    let app = spawn_app().await;
    let mut carl = acme_case(&app).await;
    colleague(&app, "dana@acme.example", "Dana Acme").await;
    colleague(&app, "eli@acme.example", "Eli Acme").await;
    let mut dana = Browser::signed_in(&app, "dana@acme.example").await;
    let mut eli = Browser::signed_in(&app, "eli@acme.example").await;
    assert_eq!(dana.get(CASE).await.status, StatusCode::NOT_FOUND, "not before she follows");

    let added = follow(&mut carl, "Dana@Acme.example").await;

    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.json()["name"], "Dana Acme");
    assert_eq!(dana.get(CASE).await.status, StatusCode::OK);
    assert!(listed(&dana.get("/api/v1/cases").await));
    let wrote =
        post_json(&mut dana, &format!("{CASE}/messages"), &json!({"body": "Same here."})).await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{}", wrote.body);
    assert_eq!(eli.get(CASE).await.status, StatusCode::NOT_FOUND);
    assert!(!listed(&eli.get("/api/v1/cases").await));
    let case = carl.get(CASE).await.json();
    assert_eq!(case["followers"][0]["email"], "dana@acme.example");
    assert!(case["events"].to_string().contains("Dana Acme follows the case (added)"));
    assert!(carl.get("/api/v1/notifications").await.body.contains("Dana Acme wrote"));

    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let reply = json!({"action": "reply", "body": "Rotate the certificate."});
    post_json(&mut engineer, &format!("{CASE}/work"), &reply).await;
    run_due(&app.state, "test").await.expect("jobs");
    let answered = |to: &str| {
        app.emails().into_iter().rfind(|e| e.to == to && e.subject.contains("Support answered"))
    };
    assert!(answered("customer@acme.example").is_some());
    assert!(answered("eli@acme.example").is_none(), "a colleague who does not follow");
    let to_dana = answered("dana@acme.example").expect("the follower gets the case's email");

    // Her reply by email is proven by her own reply token.
    let thread = to_dana.thread.expect("threaded");
    let headers = format!("In-Reply-To: {}\nReferences: {}", thread.message_id, thread.root);
    let reply = email("dana@acme.example", "Re: answered", &headers, "That fixed it.");
    let outcome = receive(&app.state, &reply).await.expect("received");
    assert_eq!(outcome, Outcome::Appended { reference: "CASE-000001".into() });
    assert!(carl.get(CASE).await.body.contains("That fixed it."));
}

#[tokio::test]
async fn bad_follower_requests_are_refused_whole_and_followers_leave() {
    let app = spawn_app().await;
    let mut carl = acme_case(&app).await;
    colleague(&app, "dana@acme.example", "Dana Acme").await;
    colleague(&app, "eli@acme.example", "Eli Acme").await;
    let mut bea = Browser::signed_in(&app, "holder@borealis.example").await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut eli = Browser::signed_in(&app, "eli@acme.example").await;

    let unknown = follow(&mut carl, "nobody@acme.example").await;
    let other_organisation = follow(&mut carl, "customer@borealis.example").await;
    let not_an_address = follow(&mut carl, "dana").await;
    let the_contact = follow(&mut carl, "customer@acme.example").await;
    let by_another_organisation = follow(&mut bea, "holder@borealis.example").await;
    let by_a_writer = follow(&mut writer, "dana@acme.example").await;
    let first = follow(&mut carl, "dana@acme.example").await;
    let twice = follow(&mut carl, "dana@acme.example").await;

    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("Nobody in the case's organisation or its partners has the address"),
        "{}",
        unknown.body
    );
    // Another organisation's member reads exactly as an unknown address.
    assert_eq!(other_organisation.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        other_organisation.body.replace("customer@borealis.example", "X"),
        unknown.body.replace("nobody@acme.example", "X")
    );
    assert_eq!(not_an_address.status, StatusCode::BAD_REQUEST, "{}", not_an_address.body);
    assert_eq!(the_contact.status, StatusCode::CONFLICT);
    assert!(the_contact.body.contains("Carl Acme filed the case"), "{}", the_contact.body);
    assert_eq!(by_another_organisation.status, StatusCode::NOT_FOUND);
    assert_eq!(by_a_writer.status, StatusCode::FORBIDDEN);
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let followers = carl.get(CASE).await.json()["followers"].clone();
    assert_eq!(followers.as_array().map(Vec::len), Some(1), "{followers}");

    let dana_id = first.json()["id"].as_i64().expect("an id");
    let mut dana = Browser::signed_in(&app, "dana@acme.example").await;
    assert_eq!(unfollow(&mut eli, dana_id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(dana.get(CASE).await.json()["followers"][0]["removable"], true);
    let left = unfollow(&mut dana, dana_id).await;
    assert_eq!(left.status, StatusCode::NO_CONTENT, "{}", left.body);
    assert_eq!(dana.get(CASE).await.status, StatusCode::NOT_FOUND);
    assert_eq!(unfollow(&mut carl, dana_id).await.status, StatusCode::NOT_FOUND, "gone already");
    let events = carl.get(CASE).await.json()["events"].to_string();
    assert!(events.contains("Dana Acme stopped following the case."), "{events}");
}

#[tokio::test]
async fn an_account_holder_lets_every_member_see_every_case() {
    let app = spawn_app().await;
    let mut carl = acme_case(&app).await;
    colleague(&app, "eli@acme.example", "Eli Acme").await;
    let mut eli = Browser::signed_in(&app, "eli@acme.example").await;
    let mut alma = Browser::signed_in(&app, "holder@acme.example").await;
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;

    let by_a_customer = carl.call::<ShareAllCases>(&[("share", "true")]).await;
    let shared = alma.call::<ShareAllCases>(&[("share", "true")]).await;

    assert_eq!(by_a_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
    assert_eq!(eli.get(CASE).await.status, StatusCode::OK);
    assert!(listed(&eli.get("/api/v1/cases").await));
    assert_eq!(bo.get(CASE).await.status, StatusCode::NOT_FOUND, "only Acme's members");
    let wrote = post_json(&mut eli, &format!("{CASE}/messages"), &json!({"body": "Me too."})).await;
    assert_eq!(wrote.status, StatusCode::CREATED);
    let page = alma.get("/organisation").await.body;
    assert!(page.contains("Every member sees every case"), "rendered before any script");

    alma.call::<ShareAllCases>(&[("share", "false")]).await;
    assert_eq!(eli.get(CASE).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn copying_a_colleague_on_a_proven_email_makes_them_a_follower_and_nothing_else_does() {
    let app = spawn_trusting_app().await;
    let mut carl = acme_case(&app).await;
    colleague(&app, "dana@acme.example", "Dana Acme").await;
    colleague(&app, "eli@acme.example", "Eli Acme").await;
    let copied = "Cc: dana@acme.example, customer@borealis.example, someone@else.example";

    let forged = email("customer@acme.example", "Re: CASE-000001", copied, "Adding Dana.");
    let held = receive(&app.state, &forged).await.expect("received");
    let eli_copied = "Cc: Eli <eli@acme.example>";
    let proven = proven_email("customer@acme.example", "Re: CASE-000001", copied, "Adding Dana.");
    let appended = receive(&app.state, &proven).await.expect("received");

    assert!(matches!(held, Outcome::Held { .. }), "{held:?}");
    assert_eq!(appended, Outcome::Appended { reference: "CASE-000001".into() });
    let followers = carl.get(CASE).await.json()["followers"].to_string();
    assert!(followers.contains("dana@acme.example"), "{followers}");
    assert!(!followers.contains("eli@") && !followers.contains("borealis"), "{followers}");
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    assert_eq!(bo.get(CASE).await.status, StatusCode::NOT_FOUND);
    let mut dana = Browser::signed_in(&app, "dana@acme.example").await;
    let told = dana.get("/api/v1/notifications").await.body;
    assert!(told.contains("CASE-000001: You follow the case"), "{told}");

    // A new case by email takes its copied colleagues along too.
    let new_case = proven_email(
        "customer@acme.example",
        "Gateway drops VPN tunnels",
        eli_copied,
        "Since 9.1.",
    );
    let opened = receive(&app.state, &new_case).await.expect("received");
    let Outcome::Opened { reference } = opened else { panic!("opened: {opened:?}") };
    let mut eli = Browser::signed_in(&app, "eli@acme.example").await;
    assert_eq!(eli.get(&format!("/api/v1/cases/{reference}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_case_page_adds_and_removes_followers_without_webassembly() {
    let app = spawn_app().await;
    let mut carl = acme_case(&app).await;
    colleague(&app, "dana@acme.example", "Dana Acme").await;
    let form = "/cases/CASE-000001/followers";
    let csrf = carl.csrf().unwrap_or_default();

    let refused =
        carl.post_form(form, &[("csrf", &csrf), ("email", "nobody@acme.example")], &[]).await;
    let added = carl.post_form(form, &[("csrf", &csrf), ("email", "dana@acme.example")], &[]).await;
    let forged = carl.post_form(form, &[("email", "dana@acme.example")], &[]).await;

    let back = |response: &TestResponse| response.header("location").unwrap_or_default().to_owned();
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(back(&refused).contains("follower_error=Nobody"), "{}", back(&refused));
    let page = carl.get(&back(&refused)).await.body;
    assert!(page.contains("Nobody in the case"), "the error is on the page");
    assert!(back(&added).starts_with("/cases/CASE-000001?followed=Dana"), "{}", back(&added));
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token, no change");
    let page = carl.get(&back(&added)).await.body;
    assert!(page.contains("Dana Acme follows the case now."), "{page}");
    assert!(page.contains("Dana Acme (dana@acme.example)"));

    let id = carl.get(CASE).await.json()["followers"][0]["id"].as_i64().expect("an id");
    let removed = carl.post_form(&format!("{form}/{id}/remove"), &[("csrf", &csrf)], &[]).await;
    assert!(back(&removed).contains("unfollowed"), "{}", back(&removed));
    let page = carl.get("/cases/CASE-000001").await.body;
    assert!(page.contains("Only the contact follows the case."));
}
