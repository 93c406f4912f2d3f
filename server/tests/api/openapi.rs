//! The OpenAPI document of the JSON API (schemathesis checks the API
//! against it in the test command).

use axum::{body::Body, http::Method, http::StatusCode};

use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn the_document_describes_every_operation_of_the_api() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/openapi.json").await;

    assert_eq!(response.status, StatusCode::OK);
    let document = response.json();
    assert_eq!(document["openapi"], "3.1.0");
    let operations = [
        ("get", "/api/v1/me"),
        ("get", "/api/v1/organisations/{id}"),
        ("get", "/api/v1/users/{id}"),
        ("get", "/api/v1/admin/users"),
        ("post", "/api/v1/uploads"),
        ("get", "/api/v1/cases"),
        ("post", "/api/v1/cases"),
        ("get", "/api/v1/cases/{reference}"),
        ("post", "/api/v1/cases/{reference}/messages"),
        ("post", "/api/v1/cases/{reference}/status"),
        ("post", "/api/v1/cases/{reference}/work"),
        ("get", "/api/v1/cases/{reference}/files/{id}"),
        ("get", "/api/v1/suggest"),
        ("get", "/api/v1/entitlements"),
        ("get", "/api/v1/entitlements/check"),
        ("get", "/api/v1/ledger"),
        ("get", "/api/v1/ledger.csv"),
        ("get", "/api/v1/search"),
        ("get", "/api/v1/articles/{slug}"),
        ("post", "/api/v1/media"),
        ("get", "/api/v1/notifications"),
        ("post", "/api/v1/notifications/read"),
        ("get", "/api/v1/enhancements"),
        ("get", "/api/v1/reports/sla"),
    ];
    for (method, path) in operations {
        let operation = &document["paths"][path][method];
        assert!(operation["responses"].is_object(), "{method} {path} is documented");
        assert!(operation["responses"]["4XX"].is_object(), "{method} {path} documents its errors");
    }
    let documented: usize = document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, |ops| ops.len()))
        .sum();
    assert_eq!(documented, operations.len(), "nothing documented that does not exist");
    assert_eq!(document["components"]["securitySchemes"]["api_token"]["scheme"], "bearer");
    // Words are documented as the API sends them.
    let severity = &document["components"]["schemas"]["Severity"]["enum"];
    assert_eq!(severity, &serde_json::json!(["1", "2", "3"]));
}

#[tokio::test]
async fn the_apis_own_refusals_are_json_too() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let csrf = admin.csrf().unwrap_or_default();

    let not_json = admin
        .request(
            Method::POST,
            "/api/v1/notifications/read",
            &[("content-type", "text/plain"), ("x-csrf-token", &csrf)],
            Body::from("id=1"),
        )
        .await;
    let wrong_method = admin
        .request(Method::DELETE, "/api/v1/me", &[("x-csrf-token", &csrf)], Body::empty())
        .await;

    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(not_json.json()["error"].as_str().is_some_and(|e| e.contains("application/json")));
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.json()["error"].is_string());
}
