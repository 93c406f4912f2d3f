//! Engineers working a case: taking it, answering, internal notes, asking
//! the customer (the clock stops), resolving; a product bug refunds.

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::json;

use super::{gateway_question, post_json};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn an_engineer_takes_answers_asks_and_resolves_a_product_bug() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let question = gateway_question();
    let filed = post_json(&mut customer, "/api/v1/cases", &question).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let balance_after_filing = filed.json()["balance_after"].as_i64().expect("balance");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";

    let by_customer = post_json(&mut customer, work, &json!({"action": "take"})).await;
    let taken = post_json(&mut engineer, work, &json!({"action": "take"})).await;
    let noted =
        post_json(&mut engineer, work, &json!({"action": "note", "body": "Looks like bug 4711"}))
            .await;
    let asked =
        post_json(&mut engineer, work, &json!({"action": "ask", "body": "Which firmware build?"}))
            .await;
    let waiting = customer.get("/api/v1/cases/CASE-000001").await.json();
    app.clock.advance(SignedDuration::from_hours(3));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let answer = post_json(
        &mut customer,
        "/api/v1/cases/CASE-000001/messages",
        &json!({"body": "Build 9.0.2-17"}),
    )
    .await;
    let answered = customer.get("/api/v1/cases/CASE-000001").await.json();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let bad_cause = post_json(
        &mut engineer,
        work,
        &json!({"action": "resolve", "resolution": "fixed", "cause": "gremlins", "body": "x"}),
    )
    .await;
    let resolved = post_json(&mut engineer, work, &json!({"action": "resolve", "resolution": "fixed", "cause": "product_bug", "body": "Fixed in 9.0.3"})).await;
    let after = post_json(&mut engineer, work, &json!({"action": "reply", "body": "late"})).await;

    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(taken.json()["status"], "open");
    assert_eq!(noted.status, StatusCode::OK);
    assert_eq!(asked.json()["status"], "waiting_on_customer");
    assert!(waiting["response_due"].is_null(), "the clock stands while waiting");
    assert_eq!(waiting["summary"]["status"], "waiting_on_customer");
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answered["summary"]["status"], "open", "the customer's answer reopens the clock");
    // The 3 hours of waiting do not count: resolution due 2 days + 3 hours after opening.
    let due = |text: &str| text.parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    assert_eq!(answered["resolution_due"], due("2026-11-25T12:00:00Z"));
    assert!(!answered["events"].to_string().contains("bug 4711"), "internal notes stay internal");
    assert_eq!(bad_cause.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refusal = bad_cause.json()["error"].as_str().unwrap_or_default().to_owned();
    assert!(refusal.contains("Unknown cause \"gremlins\": use product_bug,"), "{refusal}");
    assert_eq!(resolved.json()["status"], "resolved");
    assert_eq!(after.status, StatusCode::CONFLICT);
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let balance = holder.get("/api/v1/entitlements").await.json()["balance"].as_i64();
    assert_eq!(balance, Some(balance_after_filing + 10), "a product bug gives the points back");
    let staff_view = engineer.get("/api/v1/cases/CASE-000001").await.json();
    assert!(staff_view["events"].to_string().contains("bug 4711"), "engineers see their notes");
}

#[tokio::test]
async fn engineers_work_the_case_from_its_page_and_customers_do_not_see_the_tools() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let question = gateway_question();
    assert_eq!(
        post_json(&mut customer, "/api/v1/cases", &question).await.status,
        StatusCode::CREATED
    );
    let mut engineer = Browser::signed_in(&app, "l2@selfdesk.example").await;

    let tools = engineer.get("/cases/CASE-000001").await;
    let customer_page = customer.get("/cases/CASE-000001").await;
    let taken = engineer
        .call::<app::cases::api::WorkCase>(&[
            ("reference", "CASE-000001"),
            ("work[action]", "take"),
        ])
        .await;
    let replied = engineer
        .call::<app::cases::api::WorkCase>(&[
            ("reference", "CASE-000001"),
            ("work[action]", "reply"),
            ("work[body]", "Rotate it under Settings > Certificates."),
        ])
        .await;

    assert!(tools.body.contains("Work the case"));
    assert!(
        tools.body.contains(r#"name="work[action]" value="take""#),
        "the page's form names its input"
    );
    assert!(!customer_page.body.contains("Work the case"));
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    assert_eq!(replied.status, StatusCode::OK);
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    assert_eq!(case["owner"], "Lou Level-Two");
    assert!(case["events"].to_string().contains("Rotate it under Settings"));
}

#[tokio::test]
async fn the_queue_lists_open_cases_by_what_is_due_first_and_filters_them() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let mut borealis = Browser::signed_in(&app, "customer@borealis.example").await;
    let case = |severity: &str, product: &str, version: &str| {
        json!({
            "case_type": "question",
            "severity": severity,
            "subject": format!("Severity {severity} question"),
            "description": "Please help.",
            "fields": {"product": product, "version": version}
        })
    };
    // Borealis is 8x5 (due after business hours), Acme 24x7 and severity 1.
    post_json(&mut borealis, "/api/v1/cases", &case("3", "agent", "3")).await;
    post_json(&mut acme, "/api/v1/cases", &case("1", "gateway", "9")).await;
    post_json(&mut acme, "/api/v1/cases", &case("3", "gateway", "9")).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    post_json(&mut engineer, "/api/v1/cases/CASE-000003/work", &json!({"action": "take"})).await;

    let all = engineer.get("/queue").await;
    let mine = engineer.get("/queue?owner=me").await;
    let severe = engineer.get("/queue?severity=1").await;
    let sideways = engineer.get("/queue?sort=sideways&level=").await;
    let by_customer = acme.get("/queue").await;

    assert_eq!(all.status, StatusCode::OK);
    let order: Vec<usize> = ["CASE-000002", "CASE-000003", "CASE-000001"]
        .iter()
        .map(|r| all.body.find(&format!(">{r}<")).expect("listed"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "severity 1 first, then by due time");
    assert!(mine.body.contains(">CASE-000003<") && !mine.body.contains(">CASE-000002<"));
    assert!(severe.body.contains(">CASE-000002<") && !severe.body.contains(">CASE-000003<"));
    assert!(sideways.body.contains("Unknown sort order"), "{}", sideways.body);
    assert!(!sideways.body.contains(">CASE-000002<"));
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_long_queue_shows_its_first_500_cases_and_says_how_many_match() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let question = json!({
        "case_type": "question", "severity": "3", "subject": "Where is the log?",
        "description": "Please help.", "fields": {"product": "gateway", "version": "9"}
    });
    post_json(&mut acme, "/api/v1/cases", &question).await;
    // 600 more like it, each a minute younger than the one before.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) \
         INSERT INTO cases (reference, organisation_id, contact_user_id, opened_by_user_id, channel, \
         case_type, severity, subject, description, product_key, version, availability, \
         response_minutes, created_at, updated_at) \
         SELECT 'CASE-9' || n.i, organisation_id, contact_user_id, opened_by_user_id, channel, \
         case_type, severity, subject, description, product_key, version, availability, \
         response_minutes, created_at + n.i * 60000, updated_at FROM cases, n \
         WHERE reference = 'CASE-000001'",
    )
    .execute(app.state.db.pool())
    .await
    .expect("more cases");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;

    let queue = engineer.get("/queue?sort=opened").await;

    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("The first 500 of 601 matching cases"), "{}", queue.body);
    assert_eq!(queue.body.matches(r#"<th scope="row"><a href="/cases/"#).count(), 500);
    assert!(queue.body.contains(">CASE-000001<"), "oldest first");
    assert!(!queue.body.contains(">CASE-9600<"), "the youngest is past the first 500");
}

#[tokio::test]
async fn cases_are_assigned_and_raised_from_l1_to_l3_with_the_l2_owner_kept() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let question = gateway_question();
    assert_eq!(
        post_json(&mut customer, "/api/v1/cases", &question).await.status,
        StatusCode::CREATED
    );
    let mut l1 = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    let owner_and_level = async |browser: &mut Browser<'_>| {
        let case = browser.get("/api/v1/cases/CASE-000001").await.json();
        (
            case["owner"].as_str().map(str::to_owned),
            case["summary"]["level"].as_str().map(str::to_owned),
        )
    };

    post_json(&mut l1, work, &json!({"action": "take"})).await;
    let to_l2 =
        post_json(&mut l1, work, &json!({"action": "raise_level", "body": "Needs a reproduction"}))
            .await;
    let after_l2 = owner_and_level(&mut l1).await;
    let not_engineer =
        post_json(&mut l1, work, &json!({"action": "assign", "body": "customer@acme.example"}))
            .await;
    let assigned =
        post_json(&mut l1, work, &json!({"action": "assign", "body": "l2@selfdesk.example"})).await;
    let mut l2 = Browser::signed_in(&app, "l2@selfdesk.example").await;
    let to_l3 =
        post_json(&mut l2, work, &json!({"action": "raise_level", "body": "Code fix needed"}))
            .await;
    let after_l3 = owner_and_level(&mut l2).await;
    let beyond = post_json(&mut l2, work, &json!({"action": "raise_level", "body": "More"})).await;

    assert_eq!(to_l2.status, StatusCode::OK, "{}", to_l2.body);
    assert_eq!(after_l2, (None, Some("L2".to_owned())), "an L2 engineer takes it from here");
    assert_eq!(not_engineer.status, StatusCode::BAD_REQUEST);
    assert_eq!(assigned.status, StatusCode::OK);
    assert_eq!(to_l3.status, StatusCode::OK);
    assert_eq!(
        after_l3,
        (Some("Lou Level-Two".to_owned()), Some("L3".to_owned())),
        "the L2 owner stays"
    );
    assert_eq!(beyond.status, StatusCode::CONFLICT);
    let timeline = customer.get("/api/v1/cases/CASE-000001").await.json()["events"].to_string();
    assert!(timeline.contains("Raised to L3: Code fix needed"));
}

// Kolmisoft: "If ticket is created when user had support plan, then this
// ticket will be solved same way as if user has support plan even if support
// plan is already ended. (priority does not expire)". The queue shows,
// filters and sorts by the plan's priority kept from filing.
#[tokio::test]
async fn the_queue_shows_filters_and_sorts_by_a_priority_that_outlives_the_contract() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut borealis = Browser::signed_in(&app, "customer@borealis.example").await;
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let mut question = gateway_question();
    question["severity"] = json!("3");
    post_json(&mut borealis, "/api/v1/cases", &question).await;
    post_json(&mut acme, "/api/v1/cases", &question).await;
    // Acme's Gold contract ends the day after filing.
    sqlx::query(
        "UPDATE contracts SET ends_on = '2026-11-23' WHERE contract_number = 'SC-ACME-1001'",
    )
    .execute(app.state.db.pool())
    .await
    .expect("end the contract");
    app.clock.advance(SignedDuration::from_hours(48));
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;

    let by_priority = engineer.get("/queue?sort=priority").await;
    let normal_only = engineer.get("/queue?priority=normal").await;
    let unknown = engineer.get("/queue?priority=urgent").await;
    let still_entitled = acme.get("/api/v1/entitlements/check?product=gateway&version=9").await;

    assert_eq!(still_entitled.json()["entitled"], false, "the contract has ended");
    let first = by_priority.body.find(">CASE-000002<").expect("Acme's case listed");
    let second = by_priority.body.find(">CASE-000001<").expect("Borealis's case listed");
    assert!(first < second, "High (Gold, ended) before Normal (Basic per-incident)");
    assert!(by_priority.body.contains("<td>High</td>"), "{}", by_priority.body);
    assert!(normal_only.body.contains(">CASE-000001<"));
    assert!(!normal_only.body.contains(">CASE-000002<"));
    assert!(unknown.body.contains("Unknown priority"), "{}", unknown.body);
}
