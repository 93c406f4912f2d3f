//! Analytics rows go through the batch writer: they reach the database
//! without holding the request, and a graceful shutdown writes them all.

use app::kb::server::{
    analytics::Source,
    recorder::{ClickRow, SearchRow},
};

use super::import_bundled;
use crate::helpers::spawn_app;

fn search(query: &str, at_ms: i64) -> SearchRow {
    SearchRow {
        id: 0,
        query: query.to_owned(),
        filters: String::new(),
        hits: 2,
        source: Source::Api,
        user_id: None,
        at_ms,
    }
}

async fn count(app: &crate::helpers::TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn searches_and_clicks_reach_the_database_in_batches() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    let article_id: i64 =
        sqlx::query_scalar("SELECT id FROM articles WHERE slug = 'vpn-tunnel-drops-every-hour'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("article");

    // More rows than one statement takes, and clicks on searches of the same batch.
    let ids: Vec<i64> =
        (0..75).map(|n| app.state.analytics.search(search(&format!("Query  {n}"), n))).collect();
    for (position, &search_id) in ids.iter().take(3).enumerate() {
        app.state.analytics.click(ClickRow {
            search_id,
            article_id,
            position: position as i64 + 1,
            at_ms: 100,
        });
    }
    app.state.analytics.flush().await;

    assert_eq!(count(&app, "search_events").await, 75);
    assert_eq!(count(&app, "search_clicks").await, 3);
    let stored: (String, String, String) =
        sqlx::query_as("SELECT query, normalised, source FROM search_events WHERE id = $1")
            .bind(ids[7])
            .fetch_one(app.state.db.pool())
            .await
            .expect("row");
    assert_eq!(stored, ("Query  7".to_owned(), "query 7".to_owned(), "api".to_owned()));
    let counts = app.state.analytics.counts();
    assert_eq!((counts.written, counts.dropped, counts.failed), (78, 0, 0));
}

#[tokio::test]
async fn a_graceful_shutdown_writes_everything_handed_over() {
    let app = spawn_app().await;

    for n in 0..40 {
        app.state.analytics.search(search("vpn drops", n));
    }
    app.state.analytics.shut_down().await;

    assert_eq!(count(&app, "search_events").await, 40, "nothing handed over is lost");
    app.state.analytics.search(search("after the end", 99));
    assert_eq!(app.state.analytics.counts().dropped, 1, "later rows are counted, not waited on");
    assert_eq!(count(&app, "search_events").await, 40);
}

#[tokio::test]
async fn searching_over_http_records_the_search_it_answers_with() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let answer = app.get("/api/v1/search?q=vpn+tunnel+drops").await.json();
    let search_id = answer["search_id"].as_i64().expect("the search's id");
    app.state.analytics.flush().await;

    let (query, hits): (String, i64) =
        sqlx::query_as("SELECT query, hits FROM search_events WHERE id = $1")
            .bind(search_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("recorded");
    assert_eq!(query, "vpn tunnel drops");
    assert_eq!(Some(hits), answer["total"].as_i64());
}
