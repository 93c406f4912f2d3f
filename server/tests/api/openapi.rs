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
        ("post", "/api/v1/cases/{reference}/followers"),
        ("delete", "/api/v1/cases/{reference}/followers/{id}"),
        ("post", "/api/v1/cases/{reference}/remote-access"),
        ("post", "/api/v1/cases/{reference}/remote-access/{id}/answer"),
        ("post", "/api/v1/cases/{reference}/remote-access/{id}/end"),
        ("post", "/api/v1/cases/{reference}/charge"),
        ("post", "/api/v1/cases/{reference}/charge/answer"),
        ("post", "/api/v1/cases/{reference}/time"),
        ("get", "/api/v1/cases/{reference}/files/{id}"),
        ("get", "/api/v1/suggest"),
        ("get", "/api/v1/entitlements"),
        ("get", "/api/v1/entitlements/check"),
        ("get", "/api/v1/ledger"),
        ("get", "/api/v1/ledger.csv"),
        ("post", "/api/v1/ledger/disputes"),
        ("post", "/api/v1/ledger/disputes/{id}/answer"),
        ("get", "/api/v1/billable-time.csv"),
        ("get", "/api/v1/search"),
        ("get", "/api/v1/articles/{slug}"),
        ("post", "/api/v1/media"),
        ("get", "/api/v1/notifications"),
        ("post", "/api/v1/notifications/read"),
        ("get", "/api/v1/enhancements"),
        ("get", "/api/v1/reports/sla"),
        ("get", "/api/v1/problems"),
        ("post", "/api/v1/problems"),
        ("get", "/api/v1/problems/{id}"),
        ("post", "/api/v1/problems/{id}/updates"),
        ("post", "/api/v1/problems/{id}/cases"),
        ("put", "/api/v1/problems/{id}/following"),
        ("delete", "/api/v1/problems/{id}/following"),
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
async fn parameters_state_what_the_handlers_check() {
    let app = spawn_app().await;
    let document = app.get("/api/v1/openapi.json").await.json();
    // A parameter's description as JSON text: `Option` wraps the schema
    // differently in each version, the constraints are what matters.
    let parameter = |method: &str, path: &str, name: &str| -> (bool, String) {
        let found = document["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|all| all.iter().find(|p| p["name"] == name).cloned())
            .unwrap_or_else(|| panic!("{method} {path} documents {name}"));
        (found["required"] == true, found["schema"].to_string())
    };

    let (_, limit) = parameter("get", "/api/v1/search", "limit");
    assert!(limit.contains(r#""minimum":1"#) && limit.contains(r#""maximum":100"#), "{limit}");
    let (_, q) = parameter("get", "/api/v1/search", "q");
    assert!(q.contains(r#""maxLength":500"#), "{q}");
    let (required, reference) = parameter("get", "/api/v1/cases/{reference}", "reference");
    assert!(required && reference.contains("^CASE-[0-9]{6,}$"), "{reference}");
    let (_, id) = parameter("get", "/api/v1/cases/{reference}/files/{id}", "id");
    assert!(id.contains(r#""minimum":1"#), "{id}");
    let (_, status) = parameter("get", "/api/v1/cases", "status");
    assert!(status.contains(r#""resolved""#), "the stored words: {status}");
    let (_, days) = parameter("get", "/api/v1/reports/sla", "days");
    assert!(days.contains("[7,30,90,365]"), "{days}");
    let (required, _) = parameter("get", "/api/v1/entitlements/check", "product");
    assert!(required, "the product is required");
    let (_, channel) = parameter("get", "/api/v1/entitlements/check", "channel");
    assert!(channel.contains(r#""email""#), "{channel}");
}

#[tokio::test]
async fn what_the_document_refuses_the_api_refuses_with_a_message() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    for (address, message) in [
        ("/api/v1/cases/CASE-42", "is not a case reference"),
        ("/api/v1/cases?status=lost", "Unknown"),
        ("/api/v1/organisations/0", "is not an id"),
        ("/api/v1/reports/sla?days=12", "days must be one of 7, 30, 90, 365"),
        ("/api/v1/entitlements/check?organisation=1", "Give the product"),
        ("/api/v1/enhancements?finished=perhaps", "finished must be true or false"),
        ("/api/v1/admin/users?page=-1", "page must be a whole number"),
    ] {
        let response = admin.get(address).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{address}: {}", response.body);
        let error = response.json()["error"].as_str().unwrap_or_default().to_owned();
        assert!(error.contains(message), "{address}: {error}");
    }
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

#[tokio::test]
async fn the_document_states_what_the_catalogue_in_use_asks_of_a_case() {
    let app = spawn_app().await;

    let document = app.get("/api/v1/openapi.json").await.json();

    let check = &document["paths"]["/api/v1/entitlements/check"]["get"]["parameters"];
    let product = check.as_array().expect("parameters").iter().find(|p| p["name"] == "product");
    let keys = &product.expect("a product parameter")["schema"]["enum"];
    assert_eq!(keys, &serde_json::json!(["gateway", "mail", "agent"]));
    // The search filters by an article's product name, which is no key.
    let search = &document["paths"]["/api/v1/search"]["get"]["parameters"];
    let filter = search.as_array().expect("parameters").iter().find(|p| p["name"] == "product");
    assert!(filter.expect("a product filter")["schema"]["enum"].is_null());
    let variants =
        document["components"]["schemas"]["NewCase"]["oneOf"].as_array().expect("variants");
    let product_error = variants
        .iter()
        .find(|v| v["properties"]["case_type"]["const"] == "product_error")
        .expect("a product error variant");
    let fields = &product_error["properties"]["fields"];
    assert_eq!(
        fields["required"],
        serde_json::json!(["product", "version", "hardware_os", "symptoms", "steps_to_reproduce"])
    );
    assert_eq!(fields["additionalProperties"], false);
    let artifacts = &product_error["properties"]["artifacts"];
    assert_eq!(artifacts["minItems"], 2);
    let kinds: Vec<&serde_json::Value> = artifacts["allOf"]
        .as_array()
        .expect("each required kind")
        .iter()
        .map(|each| &each["contains"]["properties"]["kind"]["const"])
        .collect();
    assert_eq!(kinds, ["system_report", "logs"]);
    assert_eq!(product_error["required"], serde_json::json!(["fields", "artifacts"]));
    // Text refuses NUL, as the server does, unless it has a pattern of its own.
    let subject = &document["components"]["schemas"]["NewCase"]["properties"]["subject"];
    assert_eq!(subject["pattern"], r"^[^\u0000]*$");
    assert_eq!(subject["minLength"], 1);
}

#[tokio::test]
async fn each_engineer_action_is_described_with_exactly_the_fields_it_reads() {
    let app = spawn_app().await;

    let document = app.get("/api/v1/openapi.json").await.json();

    let variants =
        document["components"]["schemas"]["CaseWork"]["oneOf"].as_array().expect("variants");
    let required: Vec<&serde_json::Value> = variants.iter().map(|v| &v["required"]).collect();
    assert_eq!(
        required,
        [
            &serde_json::json!(["action"]),
            &serde_json::json!(["action", "body"]),
            &serde_json::json!(["action", "body", "severity"]),
            &serde_json::json!(["action", "body", "hold"]),
            &serde_json::json!(["action", "body", "case_type"]),
            &serde_json::json!(["action", "body", "resolution", "cause"]),
        ]
    );
    // "take" with a cause that is no cause is parsed and refused, so no
    // variant admits fields it does not name.
    assert!(variants.iter().all(|v| v["additionalProperties"] == false));
}
