use std::time::{Duration, Instant};

use axum::http::StatusCode;

use super::import_bundled;
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn the_bundled_articles_all_import() {
    let app = spawn_app().await;

    let report = import_bundled(&app).await;

    assert!(report.rejected.is_empty(), "{:#?}", report.rejected);
    assert!(report.imported >= 40, "{report:?}");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[tokio::test]
async fn the_search_api_answers_with_the_documented_shape() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let response = app.get("/api/v1/search?q=550+5.7.1&limit=3").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let json = response.json();
    assert!(json["total"].as_u64().is_some_and(|n| n >= 1));
    assert!(json["took_ms"].as_f64().is_some());
    let first = &json["hits"][0];
    assert_eq!(first["slug"], "relay-access-denied-550-5-7-1");
    assert_eq!(first["url"], "/articles/relay-access-denied-550-5-7-1");
    for field in ["title", "summary", "snippet"] {
        assert!(first[field].as_str().is_some_and(|s| !s.is_empty()), "{field}: {first}");
    }
    assert!(first["score"].as_f64().is_some_and(|s| s > 0.0));
    assert!(json["hits"].as_array().is_some_and(|hits| hits.len() <= 3));
}

#[tokio::test]
async fn bad_parameters_get_a_400_with_a_message() {
    let app = spawn_app().await;

    for (query, message) in [
        ("q=x&limit=ten", "limit must be a whole number"),
        ("q=x&limit=500", "limit must be a whole number from 1 to 100"),
        ("q=x&limit=0", "limit must be a whole number from 1 to 100"),
        ("q=x&offset=-3", "offset must be a whole number"),
    ] {
        let response = app.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            response.json()["error"].as_str().is_some_and(|e| e.contains(message)),
            "{query}: {}",
            response.body
        );
    }
    let long = app.get(&format!("/api/v1/search?q={}", "x".repeat(600))).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn filters_and_paging_through_the_api() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let mail = app.get("/api/v1/search?q=mail&product=Kestrel+Mail&limit=5").await.json();
    let page_two =
        app.get("/api/v1/search?q=mail&product=Kestrel+Mail&limit=5&offset=5").await.json();
    let category = app.get("/api/v1/search?q=&category=backup").await.json();
    let counted = app.get("/api/v1/search?q=mail&facets=true").await.json();

    assert!(
        mail["hits"].as_array().is_some_and(|h| h.iter().all(|hit| hit["products"]
            .as_array()
            .is_some_and(|p| p.iter().any(|n| n == "Kestrel Mail")))),
        "{mail}"
    );
    assert_ne!(mail["hits"][0]["slug"], page_two["hits"][0]["slug"]);
    assert_eq!(mail["total"], page_two["total"]);
    assert!(
        category["hits"]
            .as_array()
            .is_some_and(|h| !h.is_empty() && h.iter().all(|hit| hit["category"] == "backup")),
        "{category}"
    );
    // Facet counts only when asked for: [value, count] pairs, most first.
    assert!(mail["facets"].is_null(), "{mail}");
    let products = counted["facets"]["products"].as_array().expect("counted products");
    assert!(products.iter().any(|p| p[0] == "Kestrel Mail" && p[1] == mail["total"]), "{counted}");
}

#[tokio::test]
async fn anonymous_readers_never_find_internal_or_customer_articles() {
    let app = spawn_app().await;
    seed(&app).await;
    import_bundled(&app).await;

    let anonymous = app.get("/api/v1/search?q=runbook&limit=50").await.json();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let staff = engineer.get("/api/v1/search?q=runbook&limit=50").await.json();
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let points = customer.get("/api/v1/search?q=support+points&limit=50").await.json();
    let points_anonymous = app.get("/api/v1/search?q=support+points&limit=50").await.json();

    let slugs = |json: &serde_json::Value| -> Vec<String> {
        json["hits"]
            .as_array()
            .map(|h| {
                h.iter().map(|hit| hit["slug"].as_str().unwrap_or_default().to_owned()).collect()
            })
            .unwrap_or_default()
    };
    assert!(!slugs(&anonymous).contains(&"retention-policy-internal".to_owned()), "{anonymous}");
    assert!(slugs(&staff).contains(&"retention-policy-internal".to_owned()), "{staff}");
    assert!(slugs(&points).contains(&"support-points-explained".to_owned()));
    assert!(!slugs(&points_anonymous).contains(&"support-points-explained".to_owned()));
}

#[tokio::test]
async fn a_change_is_searchable_within_a_second_without_a_restart() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    let follower = app::kb::search::sync::follow(
        app.state.search.clone(),
        app.state.db.clone(),
        Duration::from_millis(250),
    );
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("new.md"),
        "# Quarantine digest arrives empty\n\nThe daily digest lists no messages.\n",
    )
    .expect("write");

    use app::infra::clock::Clock;
    app::kb::server::import::import_tree(
        &app.state.db,
        app.clock.now_ms(),
        dir.path(),
        &app.state.media,
        &app::kb::server::import::ImportOptions::default(),
        &|_| {},
    )
    .await
    .expect("import");
    let saved = Instant::now();
    let found = loop {
        let response = app.get("/api/v1/search?q=quarantine+digest").await.json();
        if response["hits"][0]["slug"] == "new" {
            break saved.elapsed();
        }
        assert!(saved.elapsed() < Duration::from_secs(5), "not searchable after 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    follower.abort();

    assert!(found < Duration::from_secs(1), "searchable after {found:?}");
}

#[tokio::test]
async fn searches_are_recorded_for_analytics_but_typing_is_not() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    let mut browser = Browser::open(&app).await;

    app.get("/api/v1/search?q=vpn+drops").await;
    browser.call::<app::kb::api::SuggestArticles>(&[("q", "vpn dr")]).await;
    app.state.analytics.flush().await;

    let queries: Vec<(String, String)> =
        sqlx::query_as("SELECT normalised, source FROM search_events ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("events");
    assert_eq!(queries, vec![("vpn drops".to_owned(), "api".to_owned())]);
}
