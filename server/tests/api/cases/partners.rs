//! Partners acting for clients: Borealis Health serves Acme Logistics as a
//! partner. Its people file cases for Acme and follow them as far as Acme's
//! account holders allow, under the entitlement the policy names, and never
//! see a client they do not serve.

use axum::http::StatusCode;
use serde_json::{Value, json};

use app::accounts::partners_api::{AllowPartner, SetPartnership};
use app::cases::api::LoadCaseForm;

use super::{gateway_question, post_json};
use crate::{
    accounts::{organisation_id, seed},
    browser::Browser,
    helpers::{TestApp, spawn_app, spawn_app_with},
};

/// Borealis Health serves Acme Logistics, with `access` until Acme changes it.
async fn partnership(app: &TestApp, access: &str) {
    let mut admin = Browser::signed_in(app, "admin@selfdesk.example").await;
    let fields = [("partner", "Borealis Health"), ("client", "Acme Logistics"), ("access", access)];
    let set = admin.call::<SetPartnership>(&fields).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
}

/// What Acme's account holder lets Borealis do.
async fn acme_allows(app: &TestApp, access: &str) {
    let borealis = organisation_id(app, "customer@borealis.example").await.0.to_string();
    let mut alma = Browser::signed_in(app, "holder@acme.example").await;
    let allowed = alma.call::<AllowPartner>(&[("partner_id", &borealis), ("access", access)]).await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.body);
}

/// Bo Borealis's case for Acme, as the API answers it.
async fn file_for_acme(app: &TestApp) -> crate::helpers::TestResponse {
    let acme = organisation_id(app, "customer@acme.example").await.0;
    let mut bo = Browser::signed_in(app, "customer@borealis.example").await;
    let mut case = gateway_question();
    case["client"] = json!(acme);
    post_json(&mut bo, "/api/v1/cases", &case).await
}

/// Acme's balance, then Borealis's.
async fn balances(app: &TestApp) -> (i64, i64) {
    (balance(app, "holder@acme.example").await, balance(app, "holder@borealis.example").await)
}

async fn balance(app: &TestApp, holder: &str) -> i64 {
    let mut browser = Browser::signed_in(app, holder).await;
    let entitlements = browser.get("/api/v1/entitlements").await.json();
    entitlements["balance"].as_i64().expect("a balance")
}

async fn status(app: &TestApp, email: &str, path: &str) -> StatusCode {
    Browser::signed_in(app, email).await.get(path).await.status
}

fn references(list: &Value) -> Vec<String> {
    let cases = list.as_array().cloned().unwrap_or_default();
    cases.iter().filter_map(|c| c["reference"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_partner_files_and_follows_a_clients_cases_as_far_as_the_client_allows() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut carl = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut carl, "/api/v1/cases", &gateway_question()).await; // CASE-000001, Carl's own
    partnership(&app, "file").await;
    let (acme_before, borealis_before) = balances(&app).await;

    let filed = file_for_acme(&app).await;

    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.json()["reference"], "CASE-000002");
    assert_eq!(
        balance(&app, "holder@acme.example").await,
        acme_before - 10,
        "the client's entitlement"
    );
    assert_eq!(balance(&app, "holder@borealis.example").await, borealis_before);
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    let case = bo.get("/api/v1/cases/CASE-000002").await.json();
    assert_eq!(case["partner"], "Borealis Health", "who filed it for whom");
    assert_eq!(case["organisation"], "Acme Logistics");
    let page = bo.get("/cases/CASE-000002").await.body;
    assert!(page.contains("Bo Borealis, Borealis Health, for Acme Logistics"), "on the page");
    assert_eq!(references(&bo.get("/api/v1/cases").await.json()), ["CASE-000002"]);
    assert_eq!(
        status(&app, "customer@borealis.example", "/api/v1/cases/CASE-000001").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&app, "holder@borealis.example", "/api/v1/cases/CASE-000002").await,
        StatusCode::NOT_FOUND,
        "a colleague who does not follow it"
    );
    assert_eq!(
        status(&app, "holder@acme.example", "/api/v1/cases/CASE-000002").await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, "customer@acme.example", "/api/v1/cases/CASE-000002").await,
        StatusCode::NOT_FOUND
    );

    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let reply = json!({"action": "reply", "body": "Which firmware?"});
    post_json(&mut engineer, "/api/v1/cases/CASE-000002/work", &reply).await;
    let told = bo.get("/api/v1/notifications").await.body;
    assert!(told.contains("CASE-000002: Support answered"), "the partner's filer hears: {told}");

    acme_allows(&app, "all").await;
    let mut bea = Browser::signed_in(&app, "holder@borealis.example").await;
    assert_eq!(references(&bea.get("/api/v1/cases").await.json()), ["CASE-000002", "CASE-000001"]);
    let wrote = post_json(
        &mut bea,
        "/api/v1/cases/CASE-000001/messages",
        &json!({"body": "Checking the appliance."}),
    )
    .await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{}", wrote.body);

    acme_allows(&app, "none").await;
    assert!(references(&bea.get("/api/v1/cases").await.json()).is_empty());
    assert_eq!(
        status(&app, "customer@borealis.example", "/api/v1/cases/CASE-000002").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(file_for_acme(&app).await.status, StatusCode::NOT_FOUND);
    // Nor does it hear of the case any more.
    post_json(&mut bo, "/api/v1/notifications/read", &json!({})).await;
    let reply = json!({"action": "reply", "body": "Rotate the certificate."});
    post_json(&mut engineer, "/api/v1/cases/CASE-000002/work", &reply).await;
    let told = bo.get("/api/v1/notifications").await.json();
    assert_eq!(told["unread"], 0, "{told}");
    assert!(
        Browser::signed_in(&app, "holder@acme.example")
            .await
            .get("/api/v1/cases/CASE-000002")
            .await
            .status
            .is_success()
    );
}

#[tokio::test]
async fn a_partner_never_reaches_a_client_it_does_not_serve() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    post_json(&mut bo, "/api/v1/cases", &gateway_question()).await; // CASE-000001, Borealis's own
    // Borealis serves Acme; Acme serves nobody.
    partnership(&app, "all").await;
    let borealis = organisation_id(&app, "customer@borealis.example").await.0;
    let mut carl = Browser::signed_in(&app, "customer@acme.example").await;
    let case = "/api/v1/cases/CASE-000001";

    let mut for_borealis = gateway_question();
    for_borealis["client"] = json!(borealis);
    let filed = post_json(&mut carl, "/api/v1/cases", &for_borealis).await;
    let form =
        carl.call::<LoadCaseForm>(&[("described", ""), ("client", &borealis.to_string())]).await;
    let answers = [
        carl.get(case).await.status,
        carl.get(&format!("{case}/files/1")).await.status,
        post_json(&mut carl, &format!("{case}/messages"), &json!({"body": "Hi"})).await.status,
        post_json(&mut carl, &format!("{case}/status"), &json!({"action": "close"})).await.status,
        post_json(
            &mut carl,
            &format!("{case}/followers"),
            &json!({"email": "customer@acme.example"}),
        )
        .await
        .status,
        carl.get("/cases/CASE-000001").await.status,
    ];

    assert_eq!(filed.status, StatusCode::NOT_FOUND, "{}", filed.body);
    assert_eq!(form.status, StatusCode::NOT_FOUND, "{}", form.body);
    assert!(answers.iter().all(|status| *status == StatusCode::NOT_FOUND), "{answers:?}");
    assert!(references(&carl.get("/api/v1/cases").await.json()).is_empty());
    assert!(!carl.get("/cases").await.body.contains("CASE-000001"));
}

#[tokio::test]
async fn a_partner_opens_the_case_form_for_a_client_and_may_follow_the_clients_case() {
    let app = spawn_app().await;
    seed(&app).await;
    partnership(&app, "file").await;
    let acme = organisation_id(&app, "customer@acme.example").await.0;
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    let mut carl = Browser::signed_in(&app, "customer@acme.example").await;

    let for_acme = bo.get(&format!("/cases/new?client={acme}")).await.body;
    let carls = carl.get("/cases/new").await.body;

    assert!(for_acme.contains("The case is for Acme Logistics"), "opened for the client");
    assert!(for_acme.contains(&format!("name=\"client\" value=\"{acme}\"")), "the form carries it");
    assert!(!carls.contains("The case is for"), "only partners file for others");
    let organisation = bo.get("/organisation").await.body;
    assert!(organisation.contains(&format!("/cases/new?client={acme}")), "{organisation}");

    // Acme's customer copies in the partner's engineer on their own case.
    post_json(&mut carl, "/api/v1/cases", &gateway_question()).await;
    let added = post_json(
        &mut carl,
        "/api/v1/cases/CASE-000001/followers",
        &json!({"email": "customer@borealis.example"}),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(bo.get("/api/v1/cases/CASE-000001").await.status, StatusCode::OK);
    acme_allows(&app, "none").await;
    assert_eq!(bo.get("/api/v1/cases/CASE-000001").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn where_the_policy_says_partners_pay_their_own_entitlement_is_charged_and_refunded() {
    let built_in = include_str!("../../../../app/src/entitlements/server/catalogue.toml");
    let file = tempfile::NamedTempFile::new().expect("a catalogue file");
    std::fs::write(file.path(), format!("{built_in}\n[partners]\nentitlement = \"partner\"\n"))
        .expect("write the catalogue");
    let path = file.path().to_path_buf();
    let app = spawn_app_with(|settings| settings.catalogue = Some(path)).await;
    seed(&app).await;
    partnership(&app, "file").await;
    let (acme_before, borealis_before) = balances(&app).await;

    let filed = file_for_acme(&app).await;

    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(balance(&app, "holder@acme.example").await, acme_before);
    assert_eq!(balance(&app, "holder@borealis.example").await, borealis_before - 10);
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let resolve = json!({"action": "resolve", "body": "Fixed in 9.1.3.", "resolution": "fixed", "cause": "product_bug"});
    let resolved = post_json(&mut engineer, "/api/v1/cases/CASE-000001/work", &resolve).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    assert_eq!(
        balance(&app, "holder@borealis.example").await,
        borealis_before,
        "given back to the partner"
    );
}
