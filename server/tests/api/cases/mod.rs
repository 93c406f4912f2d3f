//! Case intake through the JSON API: filing with files, every refusal,
//! who sees which case, and following a case.

mod email;
mod email_trust;
mod filing;
mod followers;
mod following;
mod form;
mod help;
mod holds;
mod jobs;
mod levels;
mod mailbox;
mod notifications;
mod partners;
mod policies;
mod reports;
mod transitions;
mod work;

use axum::{body::Body, http::Method};
use serde_json::{Value, json};

use crate::{browser::Browser, helpers::TestResponse};

/// A multipart body: `(field, file name, bytes)`; `None` for plain fields.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "selfdesk-test-boundary";
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file_name {
            Some(file) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// An instant written as RFC 3339, in Unix milliseconds as the API sends it.
pub fn ms(instant: &str) -> i64 {
    instant.parse::<jiff::Timestamp>().expect("an instant").as_millisecond()
}

/// A product error on Kestrel Gateway 9.1 with everything it requires.
pub fn product_error() -> Value {
    json!({
        "case_type": "product_error",
        "severity": "2",
        "subject": "Tunnel drops every hour",
        "description": "Site-to-site tunnels drop and come back after a minute.",
        "fields": {
            "product": "gateway",
            "version": "9.1.2",
            "hardware_os": "KG-500 appliance",
            "symptoms": "Tunnel down for 60 s every hour",
            "steps_to_reproduce": "Leave a tunnel up for two hours"
        }
    })
}

/// A question about Kestrel Gateway 9: no files needed.
pub fn gateway_question() -> Value {
    let mut question = product_error();
    question["case_type"] = json!("question");
    question["fields"] = json!({"product": "gateway", "version": "9"});
    question
}

/// Files the case with files through one multipart request.
pub async fn file_with_files(
    browser: &mut Browser<'_>,
    case: &Value,
    files: &[(&str, &str, &[u8])],
) -> TestResponse {
    let case_json = case.to_string();
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("case", None, case_json.as_bytes())];
    parts.extend(files.iter().map(|(kind, name, bytes)| (*kind, Some(*name), *bytes)));
    let (content_type, body) = multipart(&parts);
    post(browser, "/api/v1/cases", &content_type, body).await
}

pub async fn post(
    browser: &mut Browser<'_>,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> TestResponse {
    let csrf = browser.csrf().unwrap_or_default();
    browser
        .request(
            Method::POST,
            path,
            &[("content-type", content_type), ("x-csrf-token", &csrf)],
            Body::from(body),
        )
        .await
}

pub async fn post_json(browser: &mut Browser<'_>, path: &str, value: &Value) -> TestResponse {
    post(browser, path, "application/json", value.to_string().into_bytes()).await
}

/// Files left in the store: none may outlive a refused case.
pub fn stored_files(app: &crate::helpers::TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
        entries
            .filter_map(Result::ok)
            .map(|entry| if entry.path().is_dir() { count(&entry.path()) } else { 1 })
            .sum()
    }
    count(&app.state.settings.data_dir.join(app::infra::storage::Shelf::Files.name()))
}
