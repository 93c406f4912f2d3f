//! Known problems: who sees which on every route (the API, the feed, the
//! status page), who may write them, and that an update reaches each
//! follower who may see it exactly once.

use axum::{body::Body, http::Method, http::StatusCode};
use serde_json::{Value, json};

use app::runtime::jobs::run_due;

mod before_filing;

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{gateway_question, post_json},
    helpers::{TestApp, TestResponse, spawn_app},
};

pub(crate) const PROBLEMS: &str = "/api/v1/problems";

/// One problem per kind of audience, created by an admin; their ids.
pub(crate) async fn four_problems(app: &TestApp) -> Vec<i64> {
    let mut admin = Browser::signed_in(app, "admin@selfdesk.example").await;
    let mut ids = Vec::new();
    for (title, audience, restricted_to) in [
        ("Everyone's outage", "public", json!({})),
        ("Customers' outage", "customers", json!({})),
        ("Borealis outage", "customers", json!({"organisations": ["Borealis Health"]})),
        ("Staff-only outage", "internal", json!({})),
    ] {
        let new = json!({
            "title": title, "audience": audience, "restricted_to": restricted_to,
            "products": ["gateway"], "versions": "9", "update": "We are **looking** into it.",
        });
        let created = post_json(&mut admin, PROBLEMS, &new).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        ids.push(created.json()["id"].as_i64().expect("id"));
    }
    ids
}

fn titles(board: &Value) -> Vec<String> {
    let mut titles: Vec<String> = ["current", "recent"]
        .iter()
        .flat_map(|list| board[list].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["title"].as_str().map(str::to_owned))
        .collect();
    titles.sort();
    titles
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    list.sort();
    list
}

#[tokio::test]
async fn each_reader_sees_exactly_the_problems_meant_for_them_on_every_route() {
    let app = spawn_app().await;
    seed(&app).await;
    let ids = four_problems(&app).await;
    let all = ["Everyone's outage", "Customers' outage", "Borealis outage", "Staff-only outage"];
    let expectations: [(Option<&str>, &[&str]); 4] = [
        (None, &["Everyone's outage"]),
        (Some("customer@acme.example"), &["Everyone's outage", "Customers' outage"]),
        (
            Some("customer@borealis.example"),
            &["Everyone's outage", "Customers' outage", "Borealis outage"],
        ),
        (Some("l1@selfdesk.example"), &all),
    ];
    for (email, expected) in expectations {
        let who = email.unwrap_or("anonymous");
        let mut reader = match email {
            Some(email) => Browser::signed_in(&app, email).await,
            None => Browser::open(&app).await,
        };
        let board = reader.get(PROBLEMS).await;
        assert_eq!(board.status, StatusCode::OK, "{who}: {}", board.body);
        assert_eq!(titles(&board.json()), sorted(expected), "{who}: the API");
        let feed = reader.get("/status.atom").await;
        assert_eq!(feed.header("content-type"), Some("application/atom+xml; charset=utf-8"));
        let page = reader.get("/status").await;
        assert_eq!(page.status, StatusCode::OK, "{who}");
        for (title, id) in all.iter().zip(&ids) {
            let shown = expected.contains(title);
            let in_feed = feed.body.contains(&title.replace('\'', "&#39;"));
            assert_eq!(in_feed, shown, "{who}: the feed and {title}");
            assert_eq!(
                page.body.contains(&format!("id=\"problem-{id}\"")),
                shown,
                "{who}: the page and {title}"
            );
            let one = reader.get(&format!("{PROBLEMS}/{id}")).await;
            let hidden = if email.is_none()
                && *title != "Staff-only outage"
                && *title != "Everyone's outage"
            {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::NOT_FOUND
            };
            let status = if shown { StatusCode::OK } else { hidden };
            assert_eq!(one.status, status, "{who}: {title} by its id");
        }
    }
    let public = Browser::open(&app).await.get(&format!("{PROBLEMS}/{}", ids[0])).await.json();
    assert_eq!(public["status"], "investigating");
    let html = public["updates"][0]["html"].as_str().unwrap_or_default();
    assert!(html.contains("<strong>looking</strong>"), "Markdown rendered: {html}");
}

#[tokio::test]
async fn only_engineers_and_admins_write_problems_and_a_refused_one_writes_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let new = json!({"title": "Mail queue stuck", "audience": "public", "update": "Looking."});
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert_eq!(post_json(&mut customer, PROBLEMS, &new).await.status, StatusCode::FORBIDDEN);
    let mut anonymous = Browser::open(&app).await;
    assert_eq!(post_json(&mut anonymous, PROBLEMS, &new).await.status, StatusCode::UNAUTHORIZED);
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let refusals = [
        (json!({"title": " ", "audience": "public", "update": "x"}), "Title"),
        (json!({"title": "T", "audience": "public", "update": ""}), "Update"),
        (
            json!({"title": "T", "audience": "public", "update": "x", "products": ["toaster"]}),
            "Products",
        ),
        (
            json!({"title": "T", "audience": "public", "update": "x", "workaround_slug": "no-such"}),
            "Workaround",
        ),
        (json!({"title": "T", "audience": "everybody", "update": "x"}), "audience"),
    ];
    for (body, field) in refusals {
        let refused = post_json(&mut engineer, PROBLEMS, &body).await;
        // A body that does not fit the schema is 422, as everywhere in the API.
        let status = if field == "audience" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_eq!(refused.status, status, "{body}: {}", refused.body);
        assert!(
            refused.json()["error"].as_str().unwrap_or_default().contains(field),
            "{}",
            refused.body
        );
    }
    assert_eq!(titles(&engineer.get(PROBLEMS).await.json()), Vec::<String>::new());
    let created = post_json(&mut engineer, PROBLEMS, &new).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().expect("id");
    let update = json!({"status": "fixed", "body": "Fixed."});
    let path = format!("{PROBLEMS}/{id}/updates");
    let unnamed = post_json(&mut engineer, &path, &update).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST, "a fix names its release");
    assert_eq!(
        post_json(&mut customer, &path, &json!({"status": "resolved", "body": "x"})).await.status,
        StatusCode::FORBIDDEN
    );
    let missing = post_json(&mut engineer, &format!("{PROBLEMS}/999/updates"), &update).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let board = engineer.get(PROBLEMS).await.json();
    assert_eq!(
        board["current"][0]["updates"].as_array().map(Vec::len),
        Some(1),
        "nothing half-written"
    );
}

async fn set_following(browser: &mut Browser<'_>, id: i64, method: Method) -> TestResponse {
    let csrf = browser.csrf().unwrap_or_default();
    let path = format!("{PROBLEMS}/{id}/following");
    browser.request(method, &path, &[("x-csrf-token", &csrf)], Body::empty()).await
}

#[tokio::test]
async fn an_update_reaches_every_follower_who_may_see_it_once() {
    let app = spawn_app().await;
    seed(&app).await;
    let ids = four_problems(&app).await;
    let customers_outage = ids[1];
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    for _ in 0..2 {
        let followed = set_following(&mut acme, customers_outage, Method::PUT).await;
        assert_eq!(followed.status, StatusCode::OK, "{}", followed.body);
        assert_eq!(followed.json()["following"], true);
    }
    set_following(&mut holder, customers_outage, Method::PUT).await;
    let stopped = set_following(&mut holder, customers_outage, Method::DELETE).await;
    assert_eq!(stopped.json()["following"], false);
    let hidden = set_following(&mut acme, ids[2], Method::PUT).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "Borealis' problem is not Acme's to follow");
    let mut anonymous = Browser::open(&app).await;
    assert_eq!(
        set_following(&mut anonymous, ids[0], Method::PUT).await.status,
        StatusCode::UNAUTHORIZED
    );

    let mut engineer = Browser::signed_in(&app, "l2@selfdesk.example").await;
    let path = format!("{PROBLEMS}/{customers_outage}/updates");
    let fix = json!({"status": "fixed", "body": "Fixed in **9.4.1**.", "fixed_in": "9.4.1"});
    let posted = post_json(&mut engineer, &path, &fix).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    assert_eq!(posted.json()["fixed_in"], "9.4.1");
    run_due(&app.state, "test").await.expect("jobs");
    run_due(&app.state, "test").await.expect("jobs");

    let told = |to: &str| {
        app.emails()
            .into_iter()
            .filter(|e| e.to == to && e.subject.contains("Customers' outage"))
            .count()
    };
    assert_eq!(told("customer@acme.example"), 1, "the follower, once");
    assert_eq!(told("holder@acme.example"), 0, "who stopped following");
    let inbox = acme.get("/api/v1/notifications").await.json();
    let subjects: Vec<&str> = inbox["notifications"]
        .as_array()
        .map(|n| n.iter().filter_map(|n| n["subject"].as_str()).collect())
        .unwrap_or_default();
    assert!(subjects.contains(&"Customers' outage: Fixed in a release"), "{subjects:?}");
    let board = acme.get(PROBLEMS).await.json();
    assert_eq!(
        board["recent"][0]["title"], "Customers' outage",
        "fixed problems are recent, not current"
    );
    let feed = acme.get("/status.atom").await.body;
    assert!(feed.contains("Fixed in a release"), "{feed}");
    assert!(
        feed.contains("&lt;strong&gt;9.4.1&lt;/strong&gt;"),
        "the update's HTML, escaped: {feed}"
    );
}

#[tokio::test]
async fn linked_cases_hear_each_update_once_and_the_fix_resolves_them_with_their_points_back() {
    let app = spawn_app().await;
    seed(&app).await;
    let problem = four_problems(&app).await[1];
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut balance = 0;
    for _ in 0..2 {
        let filed = post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        balance = filed.json()["balance_after"].as_i64().expect("balance");
    }
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let cases = format!("{PROBLEMS}/{problem}/cases");
    let by_customer =
        post_json(&mut customer, &cases, &json!({"references": ["CASE-000001"]})).await;
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    let unknown =
        post_json(&mut engineer, &cases, &json!({"references": ["CASE-000001", "CASE-999999"]}))
            .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "all or none");
    let both = json!({"references": ["CASE-000001", "case-000002"]});
    let linked = post_json(&mut engineer, &cases, &both).await;
    assert_eq!(linked.json()["linked"], json!(["CASE-000001", "CASE-000002"]), "{}", linked.body);
    let again = post_json(&mut engineer, &cases, &both).await;
    assert_eq!(again.json()["linked"], json!([]), "linking twice tells nobody twice");

    let updates = format!("{PROBLEMS}/{problem}/updates");
    let identified = json!({"status": "identified", "body": "A certificate expired on the relay."});
    assert_eq!(post_json(&mut engineer, &updates, &identified).await.status, StatusCode::CREATED);
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    let mentions =
        case["events"].to_string().matches("A certificate expired on the relay.").count();
    assert_eq!(mentions, 1, "the update on the timeline once: {}", case["events"]);

    let fix = json!({"status": "fixed", "body": "The relay has a new certificate.", "fixed_in": "relay 2026-12-07"});
    assert_eq!(post_json(&mut engineer, &updates, &fix).await.status, StatusCode::CREATED);
    for reference in ["CASE-000001", "CASE-000002"] {
        let case = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
        assert_eq!(case["summary"]["status"], "resolved", "{reference}");
        assert!(
            case["events"].to_string().contains("The relay has a new certificate."),
            "{reference}"
        );
    }
    let entitlements = customer.get("/api/v1/entitlements").await.json();
    let points_back = entitlements["balance"].as_i64().expect("balance");
    assert!(
        points_back > balance,
        "a product bug gives the points back: {balance} -> {points_back}"
    );
    run_due(&app.state, "test").await.expect("jobs");
    let resolved_mails = app
        .emails()
        .into_iter()
        .filter(|e| e.to == "customer@acme.example" && e.subject.ends_with("Resolved"))
        .count();
    assert_eq!(resolved_mails, 2, "each contact told once per case");
    let another =
        post_json(&mut engineer, &updates, &json!({"status": "resolved", "body": "All clear."}))
            .await;
    assert_eq!(another.status, StatusCode::CREATED);
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    assert!(!case["events"].to_string().contains("All clear."), "a resolved case hears no more");
}
