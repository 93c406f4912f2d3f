use axum::http::StatusCode;

use app::accounts::admin_api::UpdateUser;

use crate::{
    accounts::{seed, user_id},
    browser::Browser,
    cases::{gateway_question, post_json},
    helpers::spawn_app,
};

#[tokio::test]
async fn a_customer_moved_to_another_organisation_loses_the_old_ones_cases() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let filed = post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(customer.get("/api/v1/cases/CASE-000001").await.status, StatusCode::OK);

    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let customer_id = user_id(&app, "customer@acme.example").await.to_string();
    let moved = admin
        .submit::<UpdateUser>(
            "change",
            &[
                ("user_id", &customer_id),
                ("role", "customer"),
                ("organisation", "Borealis Health"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);

    assert_eq!(customer.get("/api/v1/cases/CASE-000001").await.status, StatusCode::NOT_FOUND);
    let listed = customer.get("/api/v1/cases").await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(0), "{}", listed.body);
    // Acme's account holder still sees it.
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    assert_eq!(holder.get("/api/v1/cases/CASE-000001").await.status, StatusCode::OK);
}
