//! Writers' authoring over HTTP: drafts, saves that never overwrite a
//! colleague's, review by someone else, versions with their differences,
//! restoring, scheduled publishing, and drafts from solved cases.

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::Value;

use app::kb::authoring::api::{
    ArticleHistory, CompareVersions, DraftFromCase, NewDraft, OpenDraft, PreviewDraft,
    RestoreVersion, ReviewDraft, SaveDraft, SubmitDraft,
};

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{multipart, post},
    helpers::{TestApp, spawn_app},
};

/// The editor's form: every field, `fields[...]` as the app encodes them.
pub(super) fn form<'a>(
    slug: &'a str,
    base: &'a str,
    title: &'a str,
    body: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("base_edit", base),
        ("fields[title]", title),
        ("fields[summary]", ""),
        ("fields[category]", "Gateway"),
        ("fields[audience]", "public"),
        ("fields[products]", "Kestrel Gateway: 9"),
        ("fields[tags]", "certificates"),
        ("fields[case_types]", "question"),
        ("fields[body_markdown]", body),
    ]
}

async fn search_titles(app: &TestApp, query: &str) -> String {
    app.state.search.sync(&app.state.db).await.expect("index");
    app.get(&format!("/api/v1/search?q={query}")).await.body
}

#[tokio::test]
async fn a_draft_is_reviewed_by_someone_else_and_published_as_version_one() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let slug = "rotate-gateway-certificate";

    let created =
        writer.call::<NewDraft>(&[("slug", slug), ("title", "Rotate the certificate")]).await;
    let taken = writer.call::<NewDraft>(&[("slug", slug), ("title", "Again")]).await;
    let body = "Open **Settings > Certificates** and choose *Renew*.";
    let saved =
        writer.call::<SaveDraft>(&form(slug, "1", "Rotate the gateway certificate", body)).await;
    let submitted = writer.call::<SubmitDraft>(&[("slug", slug)]).await;
    let self_approved =
        writer.submit::<ReviewDraft>("review", &[("slug", slug), ("decision", "approve")]).await;
    let hidden_before = search_titles(&app, "renew").await;
    let approved =
        admin.submit::<ReviewDraft>("review", &[("slug", slug), ("decision", "approve")]).await;

    assert!(created.status.is_success() || created.status.is_redirection(), "{}", created.body);
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body, "2");
    assert_eq!(submitted.status, StatusCode::OK);
    assert_eq!(self_approved.status, StatusCode::CONFLICT, "nobody approves their own draft");
    assert!(!hidden_before.contains(slug));
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.body, "1", "version 1");
    assert!(search_titles(&app, "renew").await.contains(slug), "searchable once published");
    let article = app.get(&format!("/api/v1/articles/{slug}")).await.json();
    assert!(
        article["html"]
            .as_str()
            .unwrap_or_default()
            .contains("<strong>Settings &gt; Certificates</strong>")
    );
    let history = writer.call::<ArticleHistory>(&[("slug", slug)]).await.json();
    assert_eq!(history["versions"][0]["published_by"], "Wren Writer");
    assert_eq!(history["versions"][0]["approved_by"], "Ada Admin");
}

#[tokio::test]
async fn a_second_writer_saving_an_older_copy_is_told_and_neither_text_is_lost() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let slug = "collect-system-report";
    let opened = writer.call::<OpenDraft>(&[("slug", slug)]).await.json();
    let base = opened["edit_number"].to_string();
    admin.call::<OpenDraft>(&[("slug", slug)]).await;

    let first = writer
        .call::<SaveDraft>(&form(slug, &base, "Collect a system report", "Writer's text"))
        .await;
    let second = admin
        .call::<SaveDraft>(&form(slug, &base, "Collect a system report", "Admin's text"))
        .await;

    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.app_error().to_string().contains("Wren Writer saved this article"));
    let current = admin.call::<OpenDraft>(&[("slug", slug)]).await.json();
    assert_eq!(current["fields"]["body_markdown"], "Writer's text", "the first save stands");
    let kept: Vec<(String, i64)> =
        sqlx::query_as("SELECT content, accepted FROM article_draft_saves ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("saves");
    assert_eq!(kept.len(), 2);
    assert!(kept[1].0.contains("Admin's text") && kept[1].1 == 0, "the refused text is kept");
}

#[tokio::test]
async fn versions_show_their_differences_and_an_old_one_is_restored_as_the_newest() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let slug = "collect-system-report";
    let original = app.get(&format!("/api/v1/articles/{slug}")).await.json()["html"].clone();
    let opened: Value = writer.call::<OpenDraft>(&[("slug", slug)]).await.json();
    let original_body = opened["fields"]["body_markdown"].as_str().unwrap_or_default();
    let body = format!("{}\nA new closing line.\n", original_body.trim_end());
    let base = opened["edit_number"].to_string();
    writer.call::<SaveDraft>(&form(slug, &base, "Collect a system report, quickly", &body)).await;
    writer.call::<SubmitDraft>(&[("slug", slug)]).await;
    let published =
        admin.submit::<ReviewDraft>("review", &[("slug", slug), ("decision", "approve")]).await;

    let diff =
        writer.call::<CompareVersions>(&[("slug", slug), ("from", "1"), ("to", "2")]).await.json();
    let restored = writer.call::<RestoreVersion>(&[("slug", slug), ("number", "1")]).await;
    let history = writer.call::<ArticleHistory>(&[("slug", slug)]).await.json();

    assert_eq!(published.body, "2", "the import was version 1");
    assert!(diff["fields"].to_string().contains("Collect a system report, quickly"));
    let added: Vec<&Value> = diff["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["change"] == "Added")
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["text"], "A new closing line.");
    assert_eq!(restored.body, "3");
    assert_eq!(history["versions"][0]["note"], "Restored from version 1");
    assert_eq!(history["versions"].as_array().map(Vec::len), Some(3));
    let now = app.get(&format!("/api/v1/articles/{slug}")).await.json();
    assert_eq!(now["html"], original, "the restored content is published");
    let immutable =
        sqlx::query("UPDATE article_versions SET title = 'x'").execute(app.state.db.pool()).await;
    assert!(immutable.is_err(), "versions cannot be changed");
}

#[tokio::test]
async fn an_approval_for_later_publishes_when_the_time_comes_and_a_send_back_needs_a_reason() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let slug = "new-firmware-9-2";
    writer.call::<NewDraft>(&[("slug", slug), ("title", "Firmware 9.2 is out")]).await;
    writer
        .call::<SaveDraft>(&form(slug, "1", "Firmware 9.2 is out", "Upgrade when you can."))
        .await;
    writer.call::<SubmitDraft>(&[("slug", slug)]).await;
    let no_reason =
        admin.submit::<ReviewDraft>("review", &[("slug", slug), ("decision", "send_back")]).await;
    let sent_back = admin
        .submit::<ReviewDraft>(
            "review",
            &[("slug", slug), ("decision", "send_back"), ("comment", "Name the fixes")],
        )
        .await;
    let comment =
        writer.call::<OpenDraft>(&[("slug", slug)]).await.json()["review_comment"].clone();
    writer.call::<SubmitDraft>(&[("slug", slug)]).await;
    let scheduled = admin
        .submit::<ReviewDraft>(
            "review",
            &[("slug", slug), ("decision", "approve"), ("publish_at", "2026-11-23T12:00")],
        )
        .await;

    let early = app::runtime::jobs::run_due(&app.state, "test").await.expect("jobs");
    let before = app.get(&format!("/api/v1/articles/{slug}")).await.status;
    app.clock.advance(SignedDuration::from_hours(3));
    let later = app::runtime::jobs::run_due(&app.state, "test").await.expect("jobs");

    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(sent_back.status, StatusCode::OK);
    assert_eq!(comment, "Name the fixes");
    assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.body);
    assert_eq!(early.did(app::runtime::jobs::Job::PublishArticles), Some(0));
    assert_eq!(before, StatusCode::NOT_FOUND);
    assert_eq!(later.did(app::runtime::jobs::Job::PublishArticles), Some(1));
    assert_eq!(app.get(&format!("/api/v1/articles/{slug}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_engineer_turns_a_solved_case_into_a_draft_without_the_customers_details() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let case = crate::cases::gateway_question();
    crate::cases::post_json(&mut customer, "/api/v1/cases", &case).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    let early = engineer.call::<DraftFromCase>(&[("reference", "CASE-000001")]).await;
    let resolve = serde_json::json!({"action": "resolve", "resolution": "fixed", "cause": "configuration", "body": "Set the MTU to 1400."});
    crate::cases::post_json(&mut engineer, work, &resolve).await;
    let case_page = engineer.get("/cases/CASE-000001").await;
    assert!(case_page.body.contains("Write up as article"), "offered on the solved case");
    let by_customer = customer.call::<DraftFromCase>(&[("reference", "CASE-000001")]).await;
    let created = engineer.call::<DraftFromCase>(&[("reference", "CASE-000001")]).await;
    let slug: String = serde_json::from_str(&created.body).expect("a slug");
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let draft = writer.call::<OpenDraft>(&[("slug", &slug)]).await.json();

    assert_eq!(early.status, StatusCode::CONFLICT, "only solved cases");
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(slug, "tunnel-drops-every-hour");
    let body = draft["fields"]["body_markdown"].as_str().unwrap_or_default();
    assert!(body.contains("## Symptoms") && body.contains("## Resolution"));
    assert!(body.contains("Set the MTU to 1400."));
    assert!(body.contains("The configuration."));
    let text = draft.to_string();
    assert!(!text.contains("Carl") && !text.contains("Acme"), "no customer details: {text}");
    assert_eq!(draft["fields"]["products"], "Kestrel Gateway: 9");
}

#[tokio::test]
async fn only_writers_and_admins_reach_drafts() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    for (email, expected) in [
        ("customer@acme.example", StatusCode::FORBIDDEN),
        ("l2@selfdesk.example", StatusCode::FORBIDDEN),
        ("admin@selfdesk.example", StatusCode::OK),
    ] {
        let mut browser = Browser::signed_in(&app, email).await;
        let opened = browser.call::<OpenDraft>(&[("slug", "collect-system-report")]).await;
        assert_eq!(opened.status, expected, "{email}");
    }
    let mut anonymous = Browser::open(&app).await;
    let opened = anonymous.call::<OpenDraft>(&[("slug", "collect-system-report")]).await;
    assert_eq!(opened.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn import_export_import_changes_nothing_including_articles_written_here() {
    let app = spawn_app().await;
    seed(&app).await;
    let first = crate::kb::import_bundled(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let slug = "written-in-the-editor";
    writer.call::<NewDraft>(&[("slug", slug), ("title", "Written here")]).await;
    let body = "# Written here\n\nWith a [link](/articles/collect-system-report) and `code`.\n";
    writer.call::<SaveDraft>(&form(slug, "1", "Written here", body)).await;
    writer.call::<SubmitDraft>(&[("slug", slug)]).await;
    admin.submit::<ReviewDraft>("review", &[("slug", slug), ("decision", "approve")]).await;
    let folder = tempfile::tempdir().expect("folder");

    let exported =
        app::kb::server::export::export_tree(&app.state.db, folder.path()).await.expect("export");
    let again = crate::kb::import_dir(&app, folder.path()).await;

    assert_eq!(exported, first.imported + 1);
    assert!(again.rejected.is_empty(), "{:?}", again.rejected);
    assert_eq!((again.imported, again.updated), (0, 0), "{again:?}");
    assert_eq!(again.unchanged, exported);
    assert!(folder.path().join("general/collect-system-report.md").exists(), "the imported path");
    assert!(folder.path().join(format!("{slug}.md")).exists());
}

#[tokio::test]
async fn writers_upload_pictures_and_files_that_articles_show() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";
    let send = |name: &'static str, bytes: &'static [u8]| multipart(&[("file", Some(name), bytes)]);

    let (kind, body) = send("Settings page.png", png);
    let picture = post(&mut writer, "/api/v1/media", &kind, body).await;
    let (kind, body) = send("guide.pdf", b"%PDF-1.7 guide");
    let pdf = post(&mut writer, "/api/v1/media", &kind, body).await;
    let (kind, body) = send("logo.svg", b"<svg onload=alert(1)>");
    let svg = post(&mut writer, "/api/v1/media", &kind, body).await;
    let (kind, body) = send("renamed.png", b"<script>alert(1)</script>");
    let renamed = post(&mut writer, "/api/v1/media", &kind, body).await;
    let (kind, body) = send("shot.png", png);
    let by_customer = post(&mut customer, "/api/v1/media", &kind, body).await;

    assert_eq!(picture.status, StatusCode::CREATED, "{}", picture.body);
    let url = picture.json()["url"].as_str().unwrap_or_default().to_owned();
    assert_eq!(picture.json()["markdown"], format!("![Settings page.png]({url})"));
    // Until an article shows them, only writers see them.
    let served = writer.get(&url).await;
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(served.header("cache-control"), Some("private, no-store"));
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(customer.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(pdf.status, StatusCode::CREATED);
    let pdf_url = pdf.json()["url"].as_str().unwrap_or_default().to_owned();
    assert_eq!(writer.get(&pdf_url).await.header("content-disposition"), Some("attachment"));
    assert_eq!(svg.status, StatusCode::BAD_REQUEST);
    assert_eq!(renamed.status, StatusCode::BAD_REQUEST);
    assert!(renamed.body.contains("is not the .png file"), "{}", renamed.body);
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);

    // The editor's Markdown for them publishes as a picture and a link.
    writer.call::<NewDraft>(&[("slug", "with-pictures"), ("title", "With pictures")]).await;
    let text = format!("![Settings]({url})\n\n[The guide]({pdf_url})\n");
    let saved = writer.call::<SaveDraft>(&form("with-pictures", "1", "With pictures", &text)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    writer.call::<SubmitDraft>(&[("slug", "with-pictures")]).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    admin
        .submit::<ReviewDraft>("review", &[("slug", "with-pictures"), ("decision", "approve")])
        .await;
    let html = app.get("/api/v1/articles/with-pictures").await.json()["html"].clone();
    let html = html.as_str().unwrap_or_default();
    assert!(html.contains(&format!(r#"<img src="{url}" alt="Settings""#)), "{html}");
    assert!(html.contains(&format!(r#"<a href="{pdf_url}""#)), "{html}");
    // A public article shows them: now they are everyone's, cached for good.
    let public = app.get(&url).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("cache-control"), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn the_writers_pages_are_useful_html_before_any_webassembly() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let slug = "collect-system-report";
    let opened = writer.call::<OpenDraft>(&[("slug", slug)]).await.json();
    let base = opened["edit_number"].to_string();
    let body =
        "## Steps\n\nOpen **Diagnostics** and choose *Collect*.\n\n<script>alert(1)</script>\n";
    writer.call::<SaveDraft>(&form(slug, &base, "Collect a system report", body)).await;

    let list = writer.get("/write").await;
    let editor = writer.get(&format!("/write/{slug}")).await;
    let history = writer.get(&format!("/write/{slug}/history")).await;
    let article = writer.get(&format!("/articles/{slug}")).await;

    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!(r#"<a href="/write/{slug}">Collect a system report</a>"#)));
    assert!(list.body.contains(r#"<label for="new-slug">Address</label>"#));
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.body.contains(r#"name="fields[title]""#), "the form saves without scripts");
    assert!(editor.body.contains(r#"value="Collect a system report""#));
    assert!(editor.body.contains(r#"<label for="field-body_markdown">Text (Markdown)</label>"#));
    // The preview, rendered and sanitised as a publish would.
    assert!(editor.body.contains("<strong>Diagnostics</strong>"), "{}", editor.body);
    assert!(!editor.body.contains("<script>alert(1)"), "no script in the preview: {}", editor.body);
    assert!(editor.body.contains("Submit for review"));
    assert!(editor.body.contains(r#"href="/write/collect-system-report/history""#));
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains("<caption>Versions, newest first</caption>"));
    assert!(history.body.contains("Imported"));
    assert!(article.body.contains("Edit this article"));
    let customer = Browser::signed_in(&app, "customer@acme.example").await.get("/write").await;
    assert_eq!(customer.status, StatusCode::FORBIDDEN);
    let anonymous = app.get(&format!("/articles/{slug}")).await;
    assert!(!anonymous.body.contains("Edit this article"));
}

#[tokio::test]
async fn the_preview_is_rendered_as_a_publish_renders_it_for_writers_only() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let body = "## Steps\n\nRun **this**:\n\n```bash\necho done\n```\n\n<script>alert(1)</script><img src=x onerror=alert(2)>";

    let preview = writer.call::<PreviewDraft>(&[("body_markdown", body)]).await;

    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let html: String = serde_json::from_str(&preview.body).expect("the HTML as a JSON string");
    assert!(html.contains(r#"<h2 id="s-steps">Steps"#), "{html}");
    assert!(html.contains("<strong>this</strong>"), "{html}");
    assert!(html.contains("hl-"), "code is highlighted as when published: {html}");
    assert!(!html.contains("<script") && !html.contains("onerror"), "sanitised: {html}");

    let too_long = "x".repeat(200_001);
    let refused = writer.call::<PreviewDraft>(&[("body_markdown", too_long.as_str())]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let forbidden = customer.call::<PreviewDraft>(&[("body_markdown", "hello")]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}
