use axum::http::StatusCode;

use app::kb::{
    analytics_api::SearchAnalytics,
    api::{GetArticle, SendFeedback},
};

use super::import_bundled;
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn an_article_comes_with_its_html_table_of_contents_and_related_articles() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let response = app.get("/api/v1/articles/vpn-tunnel-drops-every-hour").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let article = response.json();
    assert_eq!(article["title"], "Site-to-site VPN tunnel drops every hour");
    assert_eq!(article["audience"], "public");
    assert_eq!(article["products"][0]["name"], "Kestrel Gateway");
    assert!(
        article["html"]
            .as_str()
            .is_some_and(|h| h.contains("<table>") && h.contains("hl-") || h.contains("<pre"))
    );
    let toc: Vec<&str> =
        article["toc"].as_array().expect("toc").iter().filter_map(|e| e["text"].as_str()).collect();
    assert_eq!(toc, ["Symptoms", "Cause", "Resolution", "Workaround"]);
    let related: Vec<&str> = article["related"]
        .as_array()
        .expect("related")
        .iter()
        .filter_map(|r| r["slug"].as_str())
        .collect();
    assert!(related.contains(&"vpn-up-no-traffic"), "{related:?}");
}

#[tokio::test]
async fn article_pages_render_before_any_webassembly() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let page = app.get("/articles/outbound-mail-stuck-in-queue").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<title>Outbound mail stays in the queue · Selfdesk</title>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r##"<a href="#s-resolution" target="_self">Resolution</a>"##));
    assert!(page.body.contains("451 4.4.1 No answer from host"));
    assert!(page.body.contains("Was this helpful?"));
}

#[tokio::test]
async fn unknown_and_hidden_articles_are_not_found_and_customer_articles_ask_to_sign_in() {
    let app = spawn_app().await;
    seed(&app).await;
    import_bundled(&app).await;

    assert_eq!(app.get("/api/v1/articles/no-such-article").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/articles/no-such-article").await.status, StatusCode::NOT_FOUND);
    let internal = app.get("/api/v1/articles/retention-policy-internal").await;
    assert_eq!(internal.status, StatusCode::NOT_FOUND);
    assert!(!internal.body.contains("legal hold"));
    assert_eq!(
        app.get("/api/v1/articles/support-points-explained").await.status,
        StatusCode::UNAUTHORIZED
    );

    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert_eq!(
        customer.get("/api/v1/articles/support-points-explained").await.status,
        StatusCode::OK
    );
    assert_eq!(
        customer.get("/api/v1/articles/retention-policy-internal").await.status,
        StatusCode::NOT_FOUND
    );
    let mut engineer = Browser::signed_in(&app, "l2@selfdesk.example").await;
    assert_eq!(
        engineer.get("/api/v1/articles/retention-policy-internal").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_hydrated_app_reads_an_article_opened_without_a_search() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    let mut reader = Browser::open(&app).await;

    let plain = reader.call::<GetArticle>(&[("slug", "vpn-up-no-traffic")]).await;
    let from_search = reader
        .call::<GetArticle>(&[("slug", "vpn-up-no-traffic"), ("arrival[position]", "2")])
        .await;

    assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
    assert_eq!(plain.json()["slug"], "vpn-up-no-traffic");
    assert_eq!(from_search.status, StatusCode::OK, "{}", from_search.body);
}

#[tokio::test]
async fn feedback_and_clicks_reach_the_analytics_page_for_writers_only() {
    let app = spawn_app().await;
    seed(&app).await;
    import_bundled(&app).await;
    let mut reader = Browser::open(&app).await;

    let results = reader.get("/api/v1/search?q=zzqxv+qwrtpl").await.json();
    assert_eq!(results["total"], 0);
    let search = reader.get("/api/v1/search?q=vpn+tunnel").await.json();
    let sent = reader
        .submit::<SendFeedback>(
            "feedback",
            &[
                ("slug", "vpn-up-no-traffic"),
                ("helpful", "no"),
                ("comment", "Step 3 does not exist in 9.2"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let bad = reader
        .submit::<SendFeedback>("feedback", &[("slug", "vpn-up-no-traffic"), ("helpful", "maybe")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(search["total"].as_u64().is_some_and(|n| n > 0));

    app.state.analytics.flush().await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;
    let report = writer.call::<SearchAnalytics>(&[("days", "7")]).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let report = report.json();
    assert!(
        report["no_results"]
            .as_array()
            .is_some_and(|q| q.iter().any(|r| r["query"] == "zzqxv qwrtpl")),
        "{report}"
    );
    assert!(
        report["no_click"].as_array().is_some_and(|q| q.iter().any(|r| r["query"] == "vpn tunnel")),
        "{report}"
    );
    assert_eq!(report["unhelpful"][0]["slug"], "vpn-up-no-traffic");
    assert_eq!(report["unhelpful"][0]["comments"][0], "Step 3 does not exist in 9.2");

    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert_eq!(customer.call::<SearchAnalytics>(&[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(reader.call::<SearchAnalytics>(&[]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn opening_a_result_counts_as_a_click() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    let mut reader = Browser::open(&app).await;
    let page = reader.get("/search?q=vpn+tunnel").await;
    let search_id: i64 = page
        .body
        .split("?s=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("results link to their search: {}", page.body));

    reader.get(&format!("/articles/vpn-tunnel-drops-every-hour?s={search_id}&p=1")).await;
    // A made-up search id is ignored, not an error.
    let made_up = reader.get("/articles/vpn-tunnel-drops-every-hour?s=12345&p=1").await;
    assert_eq!(made_up.status, StatusCode::OK);
    app.state.analytics.flush().await;

    let clicks: Vec<(i64, i64)> =
        sqlx::query_as("SELECT search_id, position FROM search_clicks ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("clicks");
    assert_eq!(clicks, vec![(search_id, 1)]);
    let searches: Vec<(String, String)> =
        sqlx::query_as("SELECT normalised, source FROM search_events WHERE id = $1")
            .bind(search_id)
            .fetch_all(app.state.db.pool())
            .await
            .expect("the search");
    assert_eq!(searches, vec![("vpn tunnel".to_owned(), "page".to_owned())]);
}

#[tokio::test]
async fn a_damaged_stored_list_reads_as_empty_and_the_article_still_shows() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    sqlx::query("UPDATE articles SET tags = '[\"vpn\", broken' WHERE slug = $1")
        .bind("vpn-tunnel-drops-every-hour")
        .execute(app.state.db.pool())
        .await
        .expect("damage the row");

    let response = app.get("/api/v1/articles/vpn-tunnel-drops-every-hour").await;
    let page = app.get("/articles/vpn-tunnel-drops-every-hour").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["tags"], serde_json::json!([]));
    assert_eq!(response.json()["title"], "Site-to-site VPN tunnel drops every hour");
    assert_eq!(page.status, StatusCode::OK);
}
