//! The background jobs with the app's clock moved by hand: SLA warnings
//! and misses, automatic closing, the sweeps, the notification emails, and
//! one server at a time per job (scheduled publishing: `kb::authoring`).

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::json;

use app::{
    infra::clock::Clock,
    runtime::jobs::{Job, Pass, run_due},
};

use super::{gateway_question, post_json};
use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app, spawn_app_with},
};

async fn run(app: &TestApp) -> Pass {
    run_due(&app.state, "test-server").await.expect("run the jobs")
}

/// Who was emailed about what, oldest first.
fn emailed(app: &TestApp) -> Vec<(String, String)> {
    app.emails().into_iter().map(|email| (email.to, email.subject)).collect()
}

async fn file_question(app: &TestApp) {
    let mut customer = Browser::signed_in(app, "customer@acme.example").await;
    let filed = post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}

#[tokio::test]
async fn engineers_are_warned_before_a_target_and_management_told_once_it_is_missed() {
    let app = spawn_app().await;
    seed(&app).await;
    // Gold (24x7, 2-hour response) severity 2 at 09:00: response due 11:00,
    // the warning at 75% of it, 10:30.
    file_question(&app).await;

    let at_filing = run(&app).await;
    app.clock.advance(SignedDuration::from_mins(95));
    let warned = run(&app).await;
    app.clock.advance(SignedDuration::from_mins(2));
    let again = run(&app).await;
    let after_warning = emailed(&app);
    app.clock.advance(SignedDuration::from_mins(30));
    let missed = run(&app).await;

    assert_eq!(at_filing.did(Job::SlaAlerts), Some(0));
    assert_eq!(warned.did(Job::SlaAlerts), Some(1));
    assert_eq!(again.did(Job::SlaAlerts), Some(0), "a warning is given once");
    assert_eq!(
        after_warning,
        [("l1@selfdesk.example".to_owned(), "CASE-000001: First response due soon".to_owned())],
        "nobody owns the case yet, so its level's engineers are warned"
    );
    assert_eq!(missed.did(Job::SlaAlerts), Some(1));
    let emails = emailed(&app);
    let missed_to: Vec<&str> = emails[1..].iter().map(|(to, _)| to.as_str()).collect();
    assert_eq!(missed_to, ["admin@selfdesk.example", "l1@selfdesk.example"]);
    assert!(emails[1..].iter().all(|(_, s)| s == "CASE-000001: First response target missed"));
    let body = &app.emails()[1].body;
    assert!(body.contains("due 2026-11-23 11:00 UTC"), "{body}");
    assert!(body.contains("http://selfdesk.test/cases/CASE-000001"), "{body}");

    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let staff_view = engineer.get("/api/v1/cases/CASE-000001").await.json();
    let customer_view = customer.get("/api/v1/cases/CASE-000001").await.json();
    assert!(staff_view["events"].to_string().contains("First response target missed"));
    assert!(!customer_view["events"].to_string().contains("target missed"));
}

#[tokio::test]
async fn an_owned_case_warns_its_owner_and_an_answer_stops_the_response_clock() {
    let app = spawn_app().await;
    seed(&app).await;
    file_question(&app).await;
    let mut engineer = Browser::signed_in(&app, "l2@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "take"})).await;

    app.clock.advance(SignedDuration::from_mins(95));
    run(&app).await;
    let warned = emailed(&app);
    let mut engineer = Browser::signed_in(&app, "l2@selfdesk.example").await;
    post_json(&mut engineer, work, &json!({"action": "reply", "body": "On it."})).await;
    app.clock.advance(SignedDuration::from_hours(2));
    run(&app).await;

    assert_eq!(
        warned,
        [("l2@selfdesk.example".into(), "CASE-000001: First response due soon".into())]
    );
    let subjects: Vec<String> = emailed(&app).into_iter().map(|(_, s)| s).collect();
    assert!(
        !subjects.iter().any(|s| s.contains("missed")),
        "an answered case misses no response target: {subjects:?}"
    );
    assert!(subjects.contains(&"CASE-000001: Support answered".to_owned()));
}

#[tokio::test]
async fn cases_waiting_on_the_customer_close_after_the_configured_days() {
    let app = spawn_app_with(|settings| settings.workflow.auto_close_after_days = 3).await;
    seed(&app).await;
    file_question(&app).await;
    file_question(&app).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    for case in ["CASE-000001", "CASE-000002"] {
        let ask = json!({"action": "ask", "body": "Which firmware build?"});
        let asked = post_json(&mut engineer, &format!("/api/v1/cases/{case}/work"), &ask).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    }
    // The customer answers the second case after two days, and is asked again.
    app.clock.advance(SignedDuration::from_hours(48));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let answer = json!({"body": "Build 9.0.2-17"});
    post_json(&mut customer, "/api/v1/cases/CASE-000002/messages", &answer).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let ask = json!({"action": "ask", "body": "And the log?"});
    post_json(&mut engineer, "/api/v1/cases/CASE-000002/work", &ask).await;

    app.clock.advance(SignedDuration::from_hours(23));
    let before = run(&app).await;
    app.clock.advance(SignedDuration::from_hours(2));
    let after = run(&app).await;
    app.clock.advance(SignedDuration::from_hours(1));
    let again = run(&app).await;

    assert_eq!(before.did(Job::AutoClose), Some(0), "2 days 23 hours is not 3 days");
    assert_eq!(after.did(Job::AutoClose), Some(1), "only the case waiting for 3 days");
    assert_eq!(again.did(Job::AutoClose), Some(0));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let first = customer.get("/api/v1/cases/CASE-000001").await.json();
    let second = customer.get("/api/v1/cases/CASE-000002").await.json();
    assert_eq!(first["summary"]["status"], "closed");
    assert_eq!(second["summary"]["status"], "waiting_on_customer");
    assert!(first["events"].to_string().contains("Closed automatically: no answer for 3 days"));
    assert!(emailed(&app).contains(&(
        "customer@acme.example".into(),
        "CASE-000001: Closed after 3 days without an answer".into()
    )));
    let reopened =
        post_json(&mut customer, "/api/v1/cases/CASE-000001/status", &json!({"action": "reopen"}))
            .await;
    assert_eq!(reopened.json()["status"], "open", "the customer can still reopen it");
}

// Aveksa: "Once the case has reached a status where there is no further
// action pending from the customer support engineer assigned to the case,
// the case will be closed." A resolved case closes after the configured
// days unless the customer reopens it; with 0 days, never.
#[tokio::test]
async fn resolved_cases_close_after_the_configured_days_unless_reopened() {
    let app = spawn_app_with(|settings| settings.workflow.close_resolved_after_days = 5).await;
    seed(&app).await;
    file_question(&app).await;
    file_question(&app).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let resolve = json!({"action": "resolve", "resolution": "answered", "cause": "configuration",
        "body": "Set the MTU to 1400."});
    for case in ["CASE-000001", "CASE-000002"] {
        post_json(&mut engineer, &format!("/api/v1/cases/{case}/work"), &resolve).await;
    }
    app.clock.advance(SignedDuration::from_hours(4 * 24));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let reopen = json!({"action": "reopen"});
    post_json(&mut customer, "/api/v1/cases/CASE-000002/status", &reopen).await;

    app.clock.advance(SignedDuration::from_hours(23));
    let before = run(&app).await;
    app.clock.advance(SignedDuration::from_hours(2));
    let after = run(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let first = customer.get("/api/v1/cases/CASE-000001").await.json();
    let second = customer.get("/api/v1/cases/CASE-000002").await.json();

    assert_eq!(before.did(Job::AutoClose), Some(0), "4 days 23 hours is not 5 days");
    assert_eq!(after.did(Job::AutoClose), Some(1), "only the case still resolved");
    assert_eq!(first["summary"]["status"], "closed");
    assert_eq!(second["summary"]["status"], "open", "reopened: not closed");
    let timeline = first["events"].to_string();
    assert!(timeline.contains("Closed automatically 5 days after it was resolved"), "{timeline}");
    let never = spawn_app_with(|settings| settings.workflow.close_resolved_after_days = 0).await;
    seed(&never).await;
    file_question(&never).await;
    let mut engineer = Browser::signed_in(&never, "l1@selfdesk.example").await;
    post_json(&mut engineer, "/api/v1/cases/CASE-000001/work", &resolve).await;
    never.clock.advance(SignedDuration::from_hours(400 * 24));
    assert_eq!(run(&never).await.did(Job::AutoClose), Some(0), "0 days: never");
}

#[tokio::test]
async fn sweeps_record_expired_points_and_remove_stale_uploads_nobody_touched() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let (content_type, body) =
        super::multipart(&[("file", Some("gateway.log"), b"tunnel down".as_slice())]);
    let uploaded = super::post(&mut customer, "/api/v1/uploads", &content_type, body).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    let expiries = || async {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'expiry'")
                .fetch_one(app.state.db.pool())
                .await
                .expect("count");
        count
    };
    let uploads = || async {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
        count
    };

    // The demo packs were bought ten months ago and last a year.
    app.clock.advance(SignedDuration::from_hours(24 * 70));
    let pass = run(&app).await;

    assert_eq!(pass.did(Job::ExpirePoints), Some(2), "Acme's and Borealis' packs");
    assert_eq!(expiries().await, 2, "recorded without anyone looking");
    assert_eq!(pass.did(Job::StaleUploads), Some(1));
    assert_eq!(uploads().await, 0);
    app.clock.advance(SignedDuration::from_hours(2));
    let second = run(&app).await;
    assert_eq!(second.did(Job::ExpirePoints), Some(0), "nothing left to expire");
    assert_eq!(expiries().await, 2);
}

#[tokio::test]
async fn each_job_runs_on_one_server_at_a_time_and_a_dead_servers_lease_runs_out() {
    let app = spawn_app().await;
    seed(&app).await;
    file_question(&app).await;
    app.clock.advance(SignedDuration::from_mins(130));

    // Four servers look for work at the same moment.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(4));
    let mut servers = Vec::new();
    for server in 0..4 {
        let (state, barrier) = (app.state.clone(), barrier.clone());
        servers.push(tokio::spawn(async move {
            barrier.wait().await;
            run_due(&state, &format!("server-{server}")).await.expect("run")
        }));
    }
    let mut passes = Vec::new();
    for server in servers {
        passes.push(server.await.expect("join"));
    }

    // Jobs due at every pass (sending, reading the mailbox) run on one server
    // at a time too, but may run again on the next server's pass.
    let every_pass = [Job::SendEmail, Job::ReadMailbox];
    for job in Job::ALL.into_iter().filter(|job| !every_pass.contains(job)) {
        let runs = passes.iter().filter(|pass| pass.did(job).is_some()).count();
        assert_eq!(runs, 1, "{} ran on {runs} servers", job.name());
    }
    // Sending is due at every pass; whoever holds the lease sends each email
    // once. A notice written while another server held that lease goes out
    // with the next pass.
    run_due(&app.state, "server-0").await.expect("run");
    let notifications: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(app.emails().len() as i64, notifications, "{:?}", emailed(&app));
    let missed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sla_alerts WHERE kind = 'response_missed'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(missed, 1);

    // A server that took a lease and died holds it until it runs out.
    let now = app.clock.now_ms();
    sqlx::query(
        "UPDATE job_leases SET holder = 'dead', lease_until = $1, last_finished_at = NULL \
         WHERE name = 'sla_alerts'",
    )
    .bind(now + 5 * 60_000)
    .execute(app.state.db.pool())
    .await
    .expect("a dead server's lease");
    let blocked = run(&app).await;
    app.clock.advance(SignedDuration::from_mins(6));
    let taken_over = run(&app).await;
    assert_eq!(blocked.did(Job::SlaAlerts), None);
    assert_eq!(taken_over.did(Job::SlaAlerts), Some(0));
}
