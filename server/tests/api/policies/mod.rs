//! The policy files in `policies/`, each a vendor's support policy as its
//! vendor wrote it: every file loads, and the product follows each one
//! through its API (each test quotes the sentence it checks).

mod aveksa;
mod calyptix;
mod holidays;
mod kolmisoft;
mod paid_work;
mod remote_access;
mod scalix;
mod xecuritas;

use std::path::PathBuf;

use app::entitlements::server::Catalogue;
use axum::http::StatusCode;
use serde_json::Value;

use crate::{
    accounts::seed,
    browser::Browser,
    cases::post_json,
    helpers::{TestApp, spawn_app_with},
};

fn policy(vendor: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policies").join(format!("{vendor}.toml"))
}

/// An app running on the vendor's policy file, with the demo data fitted
/// to it.
async fn app_under(vendor: &str) -> TestApp {
    let app = spawn_app_with(|settings| settings.catalogue = Some(policy(vendor))).await;
    seed(&app).await;
    app
}

/// Files a question about `product` and answers the case as the customer
/// sees it.
async fn file(app: &TestApp, email: &str, severity: &str, product: &str, version: &str) -> Value {
    let mut customer = Browser::signed_in(app, email).await;
    let question = serde_json::json!({
        "case_type": "question",
        "severity": severity,
        "subject": "How do I move a mailbox?",
        "description": "We need to move a mailbox between servers.",
        "fields": {"product": product, "version": version}
    });
    let filed = post_json(&mut customer, "/api/v1/cases", &question).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let created = filed.json();
    let reference = created["reference"].as_str().expect("a reference");
    let mut case = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
    case["filed"] = created;
    case
}

#[test]
fn every_policy_file_loads() {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut loaded = Vec::new();
    for entry in std::fs::read_dir(&directory).expect("the policies folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let catalogue = Catalogue::load(Some(&path));
        assert!(catalogue.is_ok(), "{}: {:?}", path.display(), catalogue.err());
        loaded.push(path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned());
    }
    loaded.sort();
    assert_eq!(loaded, ["aveksa", "calyptix", "kolmisoft", "scalix", "xecuritas"]);
}
