use axum::http::StatusCode;

use app::entitlements::admin_api::{
    AdjustPoints, LoadPlans, RefundCharge, SaveContract, SavePlan, SellPack,
};

use super::charge;
use crate::{
    accounts::{organisation_id, seed},
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

async fn balance(app: &TestApp, holder: &str) -> i64 {
    let mut browser = Browser::signed_in(app, holder).await;
    let body = browser.get("/api/v1/entitlements").await.json();
    body["balance"].as_i64().expect("a balance")
}

#[tokio::test]
async fn an_admin_sells_packs_of_the_catalogue_sizes_only() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = organisation_id(&app, "holder@borealis.example").await.to_string();
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let sold = admin.call::<SellPack>(&[("organisation_id", &borealis), ("size", "110")]).await;
    let odd = admin.call::<SellPack>(&[("organisation_id", &borealis), ("size", "70")]).await;
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let by_holder =
        holder.call::<SellPack>(&[("organisation_id", &borealis), ("size", "180")]).await;

    assert_eq!(sold.status, StatusCode::OK, "{}", sold.body);
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert!(odd.app_error().to_string().contains("50, 110, 180"));
    assert_eq!(by_holder.status, StatusCode::FORBIDDEN);
    assert_eq!(balance(&app, "holder@borealis.example").await, 160);
}

#[tokio::test]
async fn adjustments_carry_a_reason_and_cannot_overdraw() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = organisation_id(&app, "holder@borealis.example").await.to_string();
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let overdraw = admin
        .submit::<AdjustPoints>(
            "adjustment",
            &[("organisation_id", &borealis), ("points", "-60"), ("reason", "typo")],
        )
        .await;
    let no_reason = admin
        .submit::<AdjustPoints>(
            "adjustment",
            &[("organisation_id", &borealis), ("points", "5"), ("reason", "")],
        )
        .await;
    let goodwill = admin
        .submit::<AdjustPoints>(
            "adjustment",
            &[("organisation_id", &borealis), ("points", "20"), ("reason", "Goodwill")],
        )
        .await;

    assert_eq!(overdraw.status, StatusCode::CONFLICT);
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(goodwill.status, StatusCode::OK);
    assert_eq!(balance(&app, "holder@borealis.example").await, 70);
    let mut holder = Browser::signed_in(&app, "holder@borealis.example").await;
    let ledger = holder.get("/api/v1/ledger").await.json();
    let entries = ledger["entries"].as_array().expect("entries");
    let last = entries.last().expect("an entry");
    assert_eq!(
        (last["kind"].as_str(), last["reason"].as_str()),
        (Some("adjustment"), Some("Goodwill"))
    );
    assert_eq!(last["actor"], "Ada Admin");
}

#[tokio::test]
async fn an_engineer_refunds_a_product_bug_and_customers_cannot() {
    let app = spawn_app().await;
    seed(&app).await;
    let acme = organisation_id(&app, "holder@acme.example").await;
    charge(&app, acme, "CASE-000042").await.expect("charge");
    let acme = acme.to_string();
    let fields = [("organisation_id", acme.as_str()), ("case_reference", "CASE-000042")];

    let by_customer =
        Browser::signed_in(&app, "customer@acme.example").await.call::<RefundCharge>(&fields).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let refunded = engineer.call::<RefundCharge>(&fields).await;
    let again = engineer.call::<RefundCharge>(&fields).await;

    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(refunded.status, StatusCode::OK, "{}", refunded.body);
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(balance(&app, "holder@acme.example").await, 1550);
}

#[tokio::test]
async fn a_new_contract_grants_its_plan_points_and_bad_contracts_are_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let acme = organisation_id(&app, "holder@acme.example").await.to_string();
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let contract = |number: &'static str, plan: &'static str, end: &'static str| {
        vec![
            ("organisation_id", acme.clone()),
            ("number", number.to_owned()),
            ("plan_key", plan.to_owned()),
            ("starts_on", "2026-11-01".to_owned()),
            ("ends_on", end.to_owned()),
            ("products[]", "agent".to_owned()),
            ("supported_releases", "".to_owned()),
            ("grant_included_points", "on".to_owned()),
        ]
    };
    let send = |fields: &Vec<(&'static str, String)>| {
        fields.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let call = async |admin: &mut Browser<'_>, fields: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.submit::<SaveContract>("contract", &pairs).await
    };

    let added =
        call(&mut admin, send(&contract("SC-ACME-2002", "basic-annual", "2027-10-31"))).await;
    let backwards = call(&mut admin, send(&contract("SC-ACME-2003", "gold", "2026-10-01"))).await;
    let unknown_plan =
        call(&mut admin, send(&contract("SC-ACME-2004", "diamond", "2027-10-31"))).await;
    let foreign = call(&mut admin, send(&contract("SC-BORE-2001", "gold", "2027-10-31"))).await;

    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown_plan.status, StatusCode::BAD_REQUEST);
    assert_eq!(foreign.status, StatusCode::CONFLICT);
    assert_eq!(
        balance(&app, "holder@acme.example").await,
        1650,
        "Basic Annual includes 100 points"
    );
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let check = customer.get("/api/v1/entitlements/check?product=agent&version=3").await.json();
    assert_eq!(check["entitlement"]["contract_number"], "SC-ACME-2002");
}

#[tokio::test]
async fn admins_change_the_plan_catalogue() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let plan = |key: &'static str, response: &'static str, opens_cases: &'static str| {
        [
            ("key", key),
            ("name", "Diamond"),
            ("kind", "priority"),
            ("included_points", "0"),
            ("priority", "highest"),
            ("availability", "24x7"),
            ("response_minutes", response),
            ("training_seats", "6"),
            ("health_checks", "4"),
            ("opens_cases", opens_cases),
        ]
    };

    let saved = admin.submit::<SavePlan>("plan", &plan("diamond", "30", "true")).await;
    let forum = admin.submit::<SavePlan>("plan", &plan("forum-plus", "30", "false")).await;
    let bad_key = admin.submit::<SavePlan>("plan", &plan("Diamond Plan", "30", "true")).await;
    let no_time = admin.submit::<SavePlan>("plan", &plan("diamond", "0", "true")).await;
    let mut unknown_kind = plan("ruby", "30", "true");
    unknown_kind[2] = ("kind", "gold");
    let bad_kind = admin.submit::<SavePlan>("plan", &unknown_kind).await;
    let plans = admin.call::<LoadPlans>(&[]).await.json();
    let by_writer = Browser::signed_in(&app, "writer@selfdesk.example")
        .await
        .submit::<SavePlan>("plan", &plan("x", "30", "true"))
        .await;

    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(forum.status, StatusCode::OK, "{}", forum.body);
    assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
    let refusal = bad_kind.app_error().to_string();
    assert!(refusal.contains("Unknown plan kind \"gold\": use points,"), "{refusal}");
    assert_eq!(no_time.status, StatusCode::BAD_REQUEST);
    assert_eq!(by_writer.status, StatusCode::FORBIDDEN);
    let diamond = plans.as_array().expect("plans").iter().find(|p| p["key"] == "diamond").cloned();
    assert_eq!(diamond.map(|p| p["response_minutes"].clone()), Some(serde_json::json!(30)));
    let opens_cases = |key: &str| {
        plans
            .as_array()
            .expect("plans")
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| p["opens_cases"].clone())
    };
    assert_eq!(opens_cases("diamond"), Some(serde_json::json!(true)));
    assert_eq!(
        opens_cases("forum-plus"),
        Some(serde_json::json!(false)),
        "the form's second choice"
    );
    assert_eq!(plans[0]["key"], "basic-per-incident", "the catalogue keeps its order");
}
