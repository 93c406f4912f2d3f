//! `policies/kolmisoft.toml`: four ticket priorities with the page's own
//! names, reaction times per plan during working hours in Lithuania, and
//! emergency support around the clock.

use axum::http::StatusCode;
use jiff::SignedDuration;

use app::runtime::jobs::run_due;

use super::{app_under, file};
use crate::{browser::Browser, cases::ms, cases::post_json};

// "Based on the severity tickets are divided into priorities": "Blocker -
// The system is down or severely degraded or business operations are being
// critically impacted", "High - The system is degraded", "Medium - The
// system operation is impaired, yet generally functional", "Low -
// Configuration or planning assistance is requested".
#[tokio::test]
async fn tickets_take_one_of_the_four_priorities_the_page_names() {
    let app = app_under("kolmisoft").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let form = customer.get("/cases/new").await;
    let low = file(&app, "customer@acme.example", "4", "mor", "18").await;
    let mut fifth = crate::cases::gateway_question();
    fifth["severity"] = "5".into();
    fifth["fields"] = serde_json::json!({"product": "mor", "version": "18"});
    let refused = post_json(&mut customer, "/api/v1/cases", &fifth).await;

    for words in ["Blocker", "The system is down or severely degraded", "Low"] {
        assert!(form.body.contains(words), "the form offers {words:?} before any script");
    }
    assert_eq!(low["summary"]["severity"], "4", "{low}");
    assert_eq!(low["summary"]["severity_name"], "Low");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("choose 1 (Blocker), 2 (High), 3 (Medium), 4 (Low)"),
        "{}",
        refused.body
    );
}

// "Emergency Support (for high priority tickets) is available 24x7 and
// support is provided only through the Support System"; "BASIC Normal
// 0-12h" reaction time "during working hours".
#[tokio::test]
async fn a_blocker_on_saturday_night_is_answered_around_the_clock_and_a_medium_one_on_monday() {
    let app = app_under("kolmisoft").await;
    // Saturday 2026-11-28 22:00 UTC: midnight in Vilnius.
    app.clock.advance(SignedDuration::from_hours(5 * 24 + 13));

    let blocker = file(&app, "customer@borealis.example", "1", "mor", "18").await;
    let medium = file(&app, "customer@borealis.example", "3", "mor", "18").await;
    run_due(&app.state, "test-server").await.expect("the jobs");

    assert_eq!(blocker["plan_name"], "Basic", "{blocker}");
    assert_eq!(blocker["response_due"], ms("2026-11-29T10:00:00Z"), "12 hours, every one counted");
    // Monday 08:00 Vilnius (06:00 UTC) and twelve working hours: 20:00.
    assert_eq!(medium["response_due"], ms("2026-11-30T18:00:00Z"));
    let paged: Vec<String> = app.emails().into_iter().map(|email| email.subject).collect();
    assert_eq!(
        paged,
        ["CASE-000001: severity 1 (Blocker) opened online"],
        "only the blocker pages"
    );
}
