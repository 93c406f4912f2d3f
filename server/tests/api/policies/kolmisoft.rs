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

// "What is NOT included" lists, the page's channels ("Skype support ... is
// available on the best effort (not guaranteed) Monday to Sunday 8 AM - 8PM
// GMT+2 (Lithuanian time)") and its priorities, shown to a customer in New
// York in their own time.
#[tokio::test]
async fn the_support_policy_page_shows_the_plan_the_channels_and_the_hours_in_the_customers_zone() {
    let app = app_under("kolmisoft").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page = customer.get("/support-policy").await;

    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "<h2 id=\"plan-enterprise\">Enterprise</h2>",
        "Not included",
        "Iptables, firewall configuration",
        "Skype ID support_kolmisoft",
        "Blocker",
        "Monday to Friday, 08:00-20:00 (Europe/Vilnius)",
        "This week, in your time zone (America/New_York)",
        // 08:00 in Vilnius is 01:00 in New York in November.
        "Mon 23 Nov: 01:00-13:00",
        "Sat 28 Nov: closed",
    ] {
        assert!(page.body.contains(words), "{words:?} rendered before any script");
    }
    assert!(!page.body.contains("plan-basic"), "only the customer's own plan");
}
