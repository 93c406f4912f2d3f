//! "Is it this?": a current problem that affects what the customer may
//! file about is shown on the case form and "Get help"; following it
//! there files nothing, costs nothing and counts as a deflection.

use axum::http::StatusCode;
use serde_json::json;

use app::cases::{api::LoadCaseForm, help_api::HelpSession};

use super::{PROBLEMS, four_problems};
use crate::{accounts::seed, browser::Browser, cases::post_json, helpers::spawn_app};

/// The problems' titles in the section's HTML, in the order shown.
fn titles(html: &serde_json::Value) -> Vec<String> {
    let html = html.as_str().unwrap_or_default();
    html.split("<h3>")
        .skip(1)
        .filter_map(|rest| rest.split("</h3>").next())
        .map(|title| title.replace("&#39;", "'"))
        .collect()
}

#[tokio::test]
async fn customers_are_shown_the_problems_that_affect_them_and_following_one_is_a_deflection() {
    let app = spawn_app().await;
    seed(&app).await;
    let ids = four_problems(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    // Acme's contracts cover the gateway and mail; Borealis' the agent and the gateway.
    let mail_only = json!({"title": "Mail outage", "audience": "public", "products": ["mail"], "update": "Looking."});
    assert_eq!(post_json(&mut admin, PROBLEMS, &mail_only).await.status, StatusCode::CREATED);
    let mut acme = Browser::signed_in(&app, "customer@acme.example").await;
    let mut borealis = Browser::signed_in(&app, "customer@borealis.example").await;

    let form = acme.call::<LoadCaseForm>(&[("described", "")]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let shown = titles(&form.json()["known_problems"]);
    assert_eq!(
        shown,
        ["Mail outage", "Customers' outage", "Everyone's outage"],
        "newest first, Acme's products"
    );
    let help = borealis.call::<HelpSession>(&[]).await;
    let shown = titles(&help.json()[1]);
    assert_eq!(
        shown,
        ["Borealis outage", "Customers' outage", "Everyone's outage"],
        "not the mail outage"
    );
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    assert_eq!(titles(&engineer.call::<HelpSession>(&[]).await.json()[1]), Vec::<String>::new());

    let csrf = acme.csrf().unwrap_or_default();
    let follow = format!("/status/{}/follow", ids[1]);
    let followed = acme.post_form(&follow, &[("csrf", &csrf), ("from", "case_form")], &[]).await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER, "{}", followed.body);
    assert_eq!(followed.header("location"), Some("/cases/new#known-problems"));
    let forged = acme.post_form(&follow, &[("from", "case_form")], &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "a form without the token is refused");
    let hidden = acme
        .post_form(&format!("/status/{}/follow", ids[2]), &[("csrf", &csrf), ("from", "help")], &[])
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "Borealis' problem is not Acme's to follow");
    let csrf = borealis.csrf().unwrap_or_default();
    borealis.post_form(&follow, &[("csrf", &csrf), ("from", "help")], &[]).await;

    let form = acme.call::<LoadCaseForm>(&[("described", "")]).await.json();
    let html = form["known_problems"].as_str().unwrap_or_default();
    let followed =
        html.split("<li").find(|card| card.contains("Customers&#39; outage")).unwrap_or_default();
    assert!(followed.contains("You follow this problem"), "{followed}");
    assert!(!followed.contains("<form"), "no second follow: {followed}");
    let others =
        html.split("<li").find(|card| card.contains("Everyone&#39;s outage")).unwrap_or_default();
    assert!(others.contains("action=\"/status/") && others.contains("name=\"csrf\""), "{others}");
    let cases = acme.get("/api/v1/cases").await.json();
    assert_eq!(cases.as_array().map(Vec::len), Some(0), "following files nothing");
    let report = admin.get(&format!("{PROBLEMS}/{}", ids[1])).await.json()["report"].clone();
    assert_eq!(report["followers"], 2);
    assert_eq!(report["deflected_by_case_form"], 1);
    assert_eq!(report["deflected_by_help"], 1);
    let as_customer = acme.get(&format!("{PROBLEMS}/{}", ids[1])).await.json();
    assert!(as_customer.get("report").is_none(), "the report is for staff");
}
