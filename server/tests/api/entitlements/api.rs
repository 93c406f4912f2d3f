use axum::http::StatusCode;
use jiff::SignedDuration;

use super::charge;
use crate::{
    accounts::{organisation_id, seed},
    browser::Browser,
    helpers::spawn_app,
};

#[tokio::test]
async fn the_account_holder_gets_contracts_balance_and_lots() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;

    let response = holder.get("/api/v1/entitlements").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    let contract = &body["contracts"][0];
    assert_eq!(contract["number"], "SC-ACME-1001");
    assert_eq!(contract["plan"]["key"], "gold");
    assert_eq!(contract["status"], "active");
    assert_eq!(contract["products"][0]["name"], "Kestrel Gateway");
    assert_eq!(contract["products"][0]["supported_releases"], serde_json::json!(["8", "9"]));
    // Gold's 1,500 points and a 50-point pack bought ten months ago.
    assert_eq!(body["balance"], 1550);
    assert_eq!(body["lots"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["lots"][0]["remaining"], 50, "the pack expires first");
    assert_eq!(body["expiring_soon"], 50);
}

#[tokio::test]
async fn the_ledger_comes_as_json_and_as_csv() {
    let app = spawn_app().await;
    seed(&app).await;
    let acme = organisation_id(&app, "holder@acme.example").await;
    charge(&app, acme, "CASE-000001").await.expect("charge");
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;

    let json = holder.get("/api/v1/ledger").await.json();
    let kinds: Vec<&str> = json["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["pack", "grant", "debit"]);
    assert_eq!(json["entries"][2]["balance_after"], 1540);
    assert_eq!(json["case_charges"][0]["case_reference"], "CASE-000001");

    let csv = holder.get("/api/v1/ledger.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").is_some_and(|d| d.contains("attachment")));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[3].contains(",debit,-10,1540,CASE-000001,web,"), "{}", lines[3]);
}

#[tokio::test]
async fn the_check_says_what_a_case_would_cost_or_why_it_cannot_be_opened() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let check = |query: &str| format!("/api/v1/entitlements/check?{query}");

    let web = customer.get(&check("product=gateway&version=9.2")).await.json();
    assert_eq!(web["entitled"], true);
    assert_eq!(web["entitlement"]["points_cost"], 10);
    assert_eq!(web["entitlement"]["plan"]["priority"], "high");
    let phone = customer.get(&check("product=gateway&version=9&channel=phone")).await.json();
    assert_eq!(phone["entitlement"]["points_cost"], 30);

    let old = customer.get(&check("product=gateway&version=7.4")).await.json();
    assert_eq!(old["entitled"], false);
    assert_eq!(old["refusal"]["reason"], "unsupported_version");
    assert!(old["message"].as_str().is_some_and(|m| m.contains("releases 8, 9")));
    let uncovered = customer.get(&check("product=agent&version=3")).await.json();
    assert_eq!(uncovered["refusal"]["reason"], "product_not_covered");
    let idea = customer.get(&check("product=agent&version=3&enhancement=true")).await.json();
    assert_eq!(idea["entitlement"]["points_cost"], 0);

    let fax = customer.get(&check("product=gateway&version=9&channel=fax")).await;
    assert_eq!(fax.status, StatusCode::BAD_REQUEST);
    let missing = customer.get(&check("version=9")).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn without_points_the_check_refuses_and_says_what_to_do() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = organisation_id(&app, "holder@borealis.example").await;
    for n in 0..5 {
        charge(&app, borealis, &format!("CASE-00010{n}")).await.expect("charge");
    }
    assert!(charge(&app, borealis, "CASE-000199").await.is_err(), "the 50 points are spent");
    let mut customer = Browser::signed_in(&app, "customer@borealis.example").await;

    let answer = customer.get("/api/v1/entitlements/check?product=agent&version=3.4").await.json();

    assert_eq!(
        answer["refusal"],
        serde_json::json!({"reason": "not_enough_points", "cost": 10, "balance": 0})
    );
    assert!(answer["message"].as_str().is_some_and(|m| m.contains("Buy a points pack")));
}

#[tokio::test]
async fn points_expire_on_their_date_and_the_ledger_says_so() {
    let app = spawn_app().await;
    seed(&app).await;
    let holder = async || Browser::signed_in(&app, "holder@acme.example").await;

    app.clock.advance(SignedDuration::from_hours(24 * 70));
    let after_pack = holder().await.get("/api/v1/entitlements").await.json();
    app.clock.advance(SignedDuration::from_hours(24 * 300));
    let after_year = holder().await.get("/api/v1/entitlements").await.json();
    let ledger = holder().await.get("/api/v1/ledger").await.json();

    assert_eq!(after_pack["balance"], 1500);
    assert_eq!(after_year["balance"], 0);
    let expiries: Vec<i64> = ledger["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "expiry")
        .filter_map(|e| e["points"].as_i64())
        .collect();
    assert_eq!(expiries, [-50, -1500]);
}

#[tokio::test]
async fn the_entitlements_page_renders_the_balance_without_scripts() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page = holder.get("/entitlements").await;
    let customer_page = customer.get("/entitlements").await;

    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Plans and points",
        "1550",
        "SC-ACME-1001",
        "Gold",
        "Download the ledger as CSV",
        "Balance over time",
    ] {
        assert!(page.body.contains(text), "the page shows {text:?}");
    }
    assert!(customer_page.body.contains("1550"));
    assert!(!customer_page.body.contains("Download the ledger"), "customers see no ledger");
}
