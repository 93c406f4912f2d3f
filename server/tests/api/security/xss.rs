//! Script payloads through case text, file names, search and articles:
//! every page shows them as text.

use axum::http::StatusCode;
use serde_json::json;

use app::kb::authoring::api::{NewDraft, SaveDraft};

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{file_with_files, product_error},
    helpers::spawn_app,
};

const PAYLOAD: &str = "</title></textarea><script>alert('x')</script><img src=x onerror=alert(1)>";

fn assert_inert(page: &str, context: &str) {
    // Inside the page's JSON (resources for hydration) `<` is written as
    // `\u003c`, which no HTML parser reads as a tag.
    for raw in ["<script>alert", "<img src=x onerror"] {
        if let Some(at) = page.find(raw) {
            let around = &page[at.saturating_sub(300)..(at + 100).min(page.len())];
            panic!("{context}: the payload came through raw: {around}");
        }
    }
}

#[tokio::test]
async fn case_text_and_file_names_are_shown_as_text() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut case = product_error();
    case["subject"] = json!(format!("Tunnel {PAYLOAD}"));
    case["description"] = json!(PAYLOAD);
    let file_name = "<img src=x onerror=alert(1)>.log";

    let files = [("system_report", "report.zip", &b"report"[..]), ("logs", file_name, b"log")];
    let filed = file_with_files(&mut customer, &case, &files).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    for (who, page) in [
        ("customer", customer.get("/cases/CASE-000001").await),
        ("engineer", engineer.get("/cases/CASE-000001").await),
        ("queue", engineer.get("/queue").await),
        ("list", customer.get("/cases").await),
    ] {
        assert_eq!(page.status, StatusCode::OK, "{who}");
        assert_inert(&page.body, who);
    }
    let detail = customer.get("/cases/CASE-000001").await;
    assert!(detail.body.contains("&lt;script&gt;") || detail.body.contains("&lt;script>"));
}

#[tokio::test]
async fn search_terms_and_article_markdown_are_shown_as_text() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;

    let search = app.get(&format!("/search?q={}", urlencode(PAYLOAD))).await;
    assert_eq!(search.status, StatusCode::OK);
    assert_inert(&search.body, "search page");

    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let created = writer.call::<NewDraft>(&[("slug", "xss-check"), ("title", "Check")]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let base = created.json()["edit_number"].to_string();
    let saved = writer
        .call::<SaveDraft>(&[
            ("slug", "xss-check"),
            ("base_edit", &base),
            ("fields[title]", "Check <script>alert(1)</script>"),
            ("fields[summary]", ""),
            ("fields[category]", "Gateway"),
            ("fields[audience]", "public"),
            ("fields[products]", "Kestrel Gateway: 9"),
            ("fields[tags]", "security"),
            ("fields[case_types]", "question"),
            ("fields[body_markdown]", PAYLOAD),
        ])
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let editor = writer.get("/write/xss-check").await;
    assert_inert(&editor.body, "editor");
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
