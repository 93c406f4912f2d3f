//! `policies/calyptix.toml`: business hours 8 to 8 Eastern, a day to answer
//! email, no charge when a case opens, and emergencies that alert the team.

use jiff::SignedDuration;

use app::runtime::jobs::run_due;

use super::{app_under, file};
use crate::{browser::Browser, cases::ms};

// "We have identified 8am to 8pm Eastern time as 'Business Hours'"; "A 24
// hour response time for email support"; "Do Partners get charged
// immediately if we call Calyptix Support? Answer: No."
#[tokio::test]
async fn a_case_filed_after_eight_in_the_evening_is_answered_within_the_next_business_day() {
    let app = app_under("calyptix").await;
    // Monday 2026-11-23 21:00 Eastern (Tuesday 02:00 UTC).
    app.clock.advance(SignedDuration::from_hours(17));

    let case = file(&app, "customer@borealis.example", "2", "accessenforcer", "6").await;

    assert_eq!(case["plan_name"], "Partner Support", "{case}");
    assert_eq!(case["filed"]["points_spent"], 0, "nothing is charged when a case opens");
    // Tuesday from 08:00 Eastern, twelve working hours: 20:00 Eastern.
    assert_eq!(case["response_due"], ms("2026-11-25T01:00:00Z"));
}

// "If a partner is having an emergency after hours, calling the support line
// will receive the quickest response ... it will generate an email alert to
// the team as well as put you into the queue."
#[tokio::test]
async fn an_emergency_alerts_the_team_at_once_and_an_issue_waits_in_the_queue() {
    let app = app_under("calyptix").await;
    app.clock.advance(SignedDuration::from_hours(17));

    file(&app, "customer@acme.example", "1", "accessenforcer", "6").await;
    file(&app, "customer@acme.example", "2", "accessenforcer", "6").await;
    run_due(&app.state, "test-server").await.expect("the jobs");

    let subjects: Vec<String> = app.emails().into_iter().map(|email| email.subject).collect();
    assert_eq!(subjects, ["CASE-000001: severity 1 (Emergency) opened online"]);
}

// "If it is an AccessEnforcer related problem, then we are going to fix it
// and you do not incur a charge"; "For less than the price of two support
// tickets, you get unlimited support and training for 30 days".
#[tokio::test]
async fn the_support_policy_page_says_what_is_charged_and_what_is_not() {
    let app = app_under("calyptix").await;
    let mut partner = Browser::signed_in(&app, "customer@borealis.example").await;

    let page = partner.get("/support-policy").await;

    for words in [
        "no charge for that assessment",
        "an Exchange server) is charged",
        "it will generate an email alert to the team",
        "Monday to Friday, 08:00-20:00 (America/New_York)",
    ] {
        assert!(page.body.contains(words), "{words:?} rendered before any script");
    }
}
