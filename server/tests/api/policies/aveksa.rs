//! `policies/aveksa.toml`: the portal's case types with the artifacts each
//! needs, and defects resolved as fixed in a future release.

use axum::http::StatusCode;
use serde_json::json;

use app::runtime::jobs::run_due;

use super::{app_under, file};
use crate::{browser::Browser, cases::post_json};

// "In the case of product errors ... they will work with the customer to
// gather any necessary artifacts ... ASR (Aveksa System Report), product
// logs"; "The support portal also provides guidelines about artifacts
// needed to move the case forward rapidly."
#[tokio::test]
async fn a_product_error_is_refused_until_its_system_report_and_logs_come_with_it() {
    let app = app_under("aveksa").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let product_error = json!({
        "case_type": "product_error",
        "severity": "1",
        "subject": "Collector fails every night",
        "description": "The AD collector stops at 02:00 with an error.",
        "fields": {
            "product": "compliance-manager",
            "version": "7.0",
            "hardware_os": "RHEL 9",
            "symptoms": "Collector status: failed",
            "steps_to_reproduce": "Run the AD collector"
        }
    });

    let refused = post_json(&mut customer, "/api/v1/cases", &product_error).await;

    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("Still missing: System report, Product logs"),
        "{}",
        refused.body
    );
}

// "In situations where the product is not operating as documented, the
// support engineer will report the problem to Aveksa's Engineering team to
// be sized and targeted for a future release"; the case is closed when
// "the issue has been deemed to be fixed as part of a future release that
// the customer can obtain, when available".
#[tokio::test]
async fn a_defect_targeted_for_a_future_release_resolves_the_case_with_the_release_named() {
    let app = app_under("aveksa").await;
    let case = file(&app, "customer@acme.example", "2", "compliance-manager", "7").await;
    let reference = case["summary"]["reference"].as_str().expect("a reference").to_owned();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = format!("/api/v1/cases/{reference}/work");

    post_json(&mut engineer, &work, &json!({"action": "take"})).await;
    let resolved = post_json(
        &mut engineer,
        &work,
        &json!({
            "action": "resolve",
            "resolution": "future_release",
            "cause": "product_bug",
            "target_release": "7.1",
            "engineering_ref": "ENG-4411",
            "body": "Until then, restart the collector after midnight."
        }),
    )
    .await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let seen = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
    let page = customer.get(&format!("/cases/{reference}")).await;
    run_due(&app.state, "test-server").await.expect("the jobs");

    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    assert_eq!(seen["outcome"]["resolution"], "future_release", "{seen}");
    assert_eq!(seen["outcome"]["target_release"], "7.1");
    assert_eq!(seen["outcome"]["engineering_ref"], "ENG-4411");
    let told = "Fixed in a future release (release 7.1; engineering ENG-4411).";
    assert!(seen["events"].to_string().contains(told), "{}", seen["events"]);
    assert!(page.body.contains("Fixed in a future release (release 7.1; engineering ENG-4411)"));
    let emails = app.emails();
    let email = emails.iter().find(|e| e.subject.contains("Resolved")).expect("the customer told");
    assert!(email.body.contains(told), "{}", email.body);
}

// Level 1 will "Determine the type of support case based on the following
// list", "Ensure that all cases contain accurate and complete information
// including ... The version of the product being used and operating
// platform information", and "work with the customer to gather any
// necessary artifacts".
#[tokio::test]
async fn level_1_determines_the_type_and_asks_for_what_the_type_needs() {
    let app = app_under("aveksa").await;
    let case = file(&app, "customer@acme.example", "3", "compliance-manager", "7").await;
    let reference = case["summary"]["reference"].as_str().expect("a reference").to_owned();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = format!("/api/v1/cases/{reference}/work");
    let mut change = json!({
        "action": "reclassify",
        "case_type": "product_error",
        "body": "The collector fails: this is a product error.",
        "fields": {"version": "5.2"}
    });

    let unsupported = post_json(&mut engineer, &work, &change).await;
    change["fields"] = json!({"version": "7.0.2", "symptoms": "Collector status: failed"});
    let changed = post_json(&mut engineer, &work, &change).await;
    run_due(&app.state, "test-server").await.expect("the jobs");
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let seen = customer.get(&format!("/api/v1/cases/{reference}")).await.json();

    assert_eq!(unsupported.status, StatusCode::FORBIDDEN, "release 5 is no longer supported");
    assert!(unsupported.body.contains("not supported"), "{}", unsupported.body);
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(seen["summary"]["case_type"], "product_error", "{seen}");
    assert_eq!(seen["version"], "7.0.2");
    assert_eq!(seen["fields"]["symptoms"], "Collector status: failed");
    let timeline = seen["events"].to_string();
    let recorded = "Re-assessed by Lee Level-One: type Question / how-to to Product error; version 7 to 7.0.2.";
    assert!(timeline.contains(recorded), "{timeline}");
    let emails = app.emails();
    let told = emails.iter().find(|e| e.subject.contains("Case details changed")).expect("told");
    let asked =
        "Still needed for a Product error: Hardware and operating system, Steps to reproduce.";
    assert!(told.body.contains(asked), "{}", told.body);
}
