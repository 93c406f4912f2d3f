use axum::http::StatusCode;

use app::entitlements::admin_api::AdjustPoints;

use crate::{
    accounts::{organisation_id, seed},
    browser::Browser,
    helpers::spawn_app,
};

#[tokio::test]
async fn adjustments_past_the_bound_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = organisation_id(&app, "holder@borealis.example").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let entries = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM ledger_entries WHERE organisation_id = $1",
        )
        .bind(borealis)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
    };
    let before = entries().await;
    let borealis = borealis.to_string();

    for points in [i64::MAX.to_string(), i64::MIN.to_string(), "1000001".into(), "-1000001".into()]
    {
        let adjusted = admin
            .submit::<AdjustPoints>(
                "adjustment",
                &[("organisation_id", &borealis), ("points", &points), ("reason", "overflow")],
            )
            .await;
        assert_eq!(adjusted.status, StatusCode::BAD_REQUEST, "{points}: {}", adjusted.body);
    }
    // Twice the largest adjustment still adds up.
    for _ in 0..2 {
        let adjusted = admin
            .submit::<AdjustPoints>(
                "adjustment",
                &[("organisation_id", &borealis), ("points", "1000000"), ("reason", "big grant")],
            )
            .await;
        assert_eq!(adjusted.status, StatusCode::OK, "{}", adjusted.body);
    }

    assert_eq!(entries().await, before + 2);
}
