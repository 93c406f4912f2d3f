//! Charges decided after the assessment (`policies/calyptix.toml`), paid
//! tickets and billable hours (`policies/kolmisoft.toml`), and disputes of
//! a charge on the ledger (the built-in catalogue).

use axum::http::StatusCode;
use serde_json::{Value, json};

use app::accounts::partners_api::SetPartnership;

use super::{app_under, file};
use crate::{
    accounts::seed,
    browser::Browser,
    cases::{gateway_question, post_json},
    helpers::{TestApp, spawn_app},
};

async fn balance(app: &TestApp, holder: &str) -> i64 {
    let mut browser = Browser::signed_in(app, holder).await;
    browser.get("/api/v1/entitlements").await.json()["balance"].as_i64().expect("a balance")
}

async fn decide(app: &TestApp, reference: &str, decision: Value) -> crate::helpers::TestResponse {
    let mut engineer = Browser::signed_in(app, "l1@selfdesk.example").await;
    post_json(&mut engineer, &format!("/api/v1/cases/{reference}/charge"), &decision).await
}

async fn answer(app: &TestApp, email: &str, reference: &str, answer: &str) -> StatusCode {
    let mut customer = Browser::signed_in(app, email).await;
    let path = format!("/api/v1/cases/{reference}/charge/answer");
    post_json(&mut customer, &path, &json!({"answer": answer})).await.status
}

async fn case(app: &TestApp, email: &str, reference: &str) -> Value {
    Browser::signed_in(app, email).await.get(&format!("/api/v1/cases/{reference}")).await.json()
}

/// Bo Borealis files a question about the client's appliance for Acme.
async fn partner_files_for_acme(app: &TestApp) -> String {
    let acme = crate::accounts::organisation_id(app, "customer@acme.example").await.0;
    let mut bo = Browser::signed_in(app, "customer@borealis.example").await;
    let question = json!({
        "case_type": "question", "severity": "2", "client": acme,
        "subject": "Client's mail does not arrive",
        "description": "Mail to the client's Exchange server bounces.",
        "fields": {"product": "accessenforcer", "version": "6"}
    });
    let filed = post_json(&mut bo, "/api/v1/cases", &question).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.json()["points_spent"], 0, "nothing is taken at filing");
    filed.json()["reference"].as_str().expect("a reference").to_owned()
}

// "Do Partners get charged immediately if we call Calyptix Support? Answer:
// No."; "we will make the assessment and will let you know whether
// something will incur a charge or not"; "If it is an AccessEnforcer
// related problem ... you do not incur a charge."
#[tokio::test]
async fn a_partners_case_is_charged_only_after_the_assessment_and_its_go_ahead() {
    let app = app_under("calyptix").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let fields = [("partner", "Borealis Health"), ("client", "Acme Logistics"), ("access", "file")];
    assert_eq!(admin.call::<SetPartnership>(&fields).await.status, StatusCode::OK);
    let before = balance(&app, "holder@borealis.example").await;

    let dns = partner_files_for_acme(&app).await;
    let bug = partner_files_for_acme(&app).await;
    let declined = partner_files_for_acme(&app).await;
    let charged = json!({"decision": "points", "points": 1, "reason": "DNS for the client's Exchange server is outside AccessEnforcer."});
    assert_eq!(decide(&app, &dns, charged.clone()).await.status, StatusCode::CREATED);
    let product = json!({"decision": "product_bug", "reason": "The spam filter drops the mail: ours to fix."});
    assert_eq!(decide(&app, &bug, product).await.status, StatusCode::CREATED);
    assert_eq!(decide(&app, &declined, charged).await.status, StatusCode::CREATED);

    let seen = case(&app, "customer@borealis.example", &dns).await;
    assert_eq!(seen["billing"]["billing"], "assessed", "{seen}");
    assert_eq!(seen["billing"]["decision"]["kind"], "points");
    assert_eq!(seen["billing"]["decision"]["answer"], Value::Null, "waits for the partner");
    assert_eq!(balance(&app, "holder@borealis.example").await, before, "nothing taken yet");
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    let page = bo.get(&format!("/cases/{dns}")).await.body;
    assert!(page.contains("outside AccessEnforcer"), "the reason, before any script");
    assert!(page.contains("Go ahead"), "the answer's form");
    let told = bo.get("/api/v1/notifications").await.body;
    assert!(told.contains("What your case costs"), "{told}");

    let client = case(&app, "holder@acme.example", &dns).await;
    assert_eq!(client["billing"]["decision"]["kind"], "points", "the client sees it too");
    assert_eq!(client["billing"]["answerable"], false, "the partner pays, the partner answers");
    assert_eq!(answer(&app, "holder@acme.example", &dns, "accept").await, StatusCode::FORBIDDEN);
    assert_eq!(seen["billing"]["answerable"], true);
    assert_eq!(
        answer(&app, "customer@borealis.example", &dns, "accept").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        answer(&app, "customer@borealis.example", &dns, "accept").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        answer(&app, "customer@borealis.example", &bug, "accept").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        answer(&app, "customer@borealis.example", &declined, "decline").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(balance(&app, "holder@borealis.example").await, before - 1, "one charge, once");
    let ledger = Browser::signed_in(&app, "holder@borealis.example")
        .await
        .get("/api/v1/ledger")
        .await
        .json();
    let reasons: Vec<&str> = ledger["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert!(
        reasons.contains(&format!("{dns} charged after the assessment").as_str()),
        "{reasons:?}"
    );
    let after = case(&app, "customer@borealis.example", &declined).await;
    assert_eq!(after["billing"]["decision"]["answer"], "declined");
    let changed =
        decide(&app, &declined, json!({"decision": "covered", "reason": "On second thought."}))
            .await;
    assert_eq!(changed.status, StatusCode::CONFLICT, "an answered decision stands");
}

// "Users without a support plan can create a ticket and use a paid support
// by hourly rate. Our hourly rate is 100 EUR/h."
#[tokio::test]
async fn a_customer_without_a_plan_opens_a_paid_ticket_and_sees_its_billable_hours() {
    let app = app_under("kolmisoft").await;
    // Borealis is on the Free plan: the forum, no tickets.
    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    let mut ticket = gateway_question();
    ticket["fields"] = json!({"product": "mor", "version": "16"});
    let form = bo.get("/cases/new").await.body;
    assert!(form.contains("100 EUR/h"), "the form shows the rate before any script");

    let refused = post_json(&mut bo, "/api/v1/cases", &ticket).await;
    ticket["accept_hourly_rate"] = json!(true);
    let opened = post_json(&mut bo, "/api/v1/cases", &ticket).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("open a paid ticket at 100 EUR/h"), "{}", refused.body);
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    let reference = opened.json()["reference"].as_str().expect("a reference").to_owned();
    let time = format!("/api/v1/cases/{reference}/time");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let entered = json!({"action": "enter", "minutes": 90, "billable": true, "note": "Reconfigured the SIP trunk."});
    assert_eq!(post_json(&mut engineer, &time, &entered).await.status, StatusCode::CREATED);
    let internal =
        json!({"action": "enter", "minutes": 15, "billable": false, "note": "Read the logs."});
    assert_eq!(post_json(&mut engineer, &time, &internal).await.status, StatusCode::CREATED);
    let start = json!({"action": "start", "billable": true});
    assert_eq!(post_json(&mut engineer, &time, &start).await.status, StatusCode::CREATED);
    assert_eq!(post_json(&mut engineer, &time, &start).await.status, StatusCode::CONFLICT);
    app.clock.advance(jiff::SignedDuration::from_mins(29) + jiff::SignedDuration::from_secs(10));
    let stop = json!({"action": "stop", "note": "Call with the customer."});
    assert_eq!(post_json(&mut engineer, &time, &stop).await.status, StatusCode::CREATED);
    assert_eq!(post_json(&mut engineer, &time, &stop).await.status, StatusCode::CONFLICT);
    let zero = json!({"action": "enter", "minutes": 0, "billable": true});
    assert_eq!(post_json(&mut engineer, &time, &zero).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(post_json(&mut bo, &time, &entered).await.status, StatusCode::FORBIDDEN);

    let seen = case(&app, "customer@borealis.example", &reference).await;
    assert_eq!(seen["billing"]["billing"], "hourly", "{seen}");
    assert_eq!(seen["billing"]["rate"], json!({"amount": 100, "currency": "EUR"}));
    assert_eq!(seen["billing"]["time"].as_array().map(Vec::len), Some(2), "the billable entries");
    assert_eq!(seen["billing"]["billable_minutes"], 120);
    let staff = case(&app, "l1@selfdesk.example", &reference).await;
    assert_eq!(staff["billing"]["time"].as_array().map(Vec::len), Some(3));
    let mut bea = Browser::signed_in(&app, "holder@borealis.example").await;
    let ledger = bea.get("/api/v1/ledger").await.json();
    let cases = &ledger["billable"]["cases"];
    assert_eq!(cases[0]["label"], reference.as_str(), "{ledger}");
    assert_eq!(
        (cases[0]["minutes"].as_i64(), cases[0]["cents"].as_i64()),
        (Some(120), Some(20_000))
    );
    assert_eq!(ledger["billable"]["months"].as_array().map(Vec::len), Some(1));
    let csv = bea.get("/api/v1/billable-time.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(rows[0], "date,case,subject,minutes,hours,rate,amount,engineer,note");
    assert!(rows[1].contains(",90,1.50,100 EUR/h,150.00 EUR,"), "{}", csv.body);
    assert_eq!(rows.len(), 3, "billable entries only: {}", csv.body);
    let page = bea.get("/entitlements").await.body;
    assert!(
        page.contains("Billable time") && page.contains("200.00 EUR"),
        "the hours beside the points"
    );
}

// "In all other cases (misconfiguration, hardware crash, etc), fee is 100
// EUR/h": work is billable only once the customer accepts the rate.
#[tokio::test]
async fn billable_work_on_a_plan_waits_for_the_customers_go_ahead() {
    let app = app_under("kolmisoft").await;
    let filed = file(&app, "customer@acme.example", "3", "mor", "18").await;
    let reference = filed["summary"]["reference"].as_str().expect("a reference").to_owned();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let time = format!("/api/v1/cases/{reference}/time");
    let hour = json!({"action": "enter", "minutes": 60, "billable": true});

    let early = post_json(&mut engineer, &time, &hour).await;
    let misconfigured =
        json!({"decision": "billable", "reason": "The dial plan was misconfigured on your side."});
    assert_eq!(decide(&app, &reference, misconfigured).await.status, StatusCode::CREATED);
    let holder_sees = case(&app, "holder@acme.example", &reference).await;
    let still_early = post_json(&mut engineer, &time, &hour).await;
    assert_eq!(
        answer(&app, "holder@acme.example", &reference, "accept").await,
        StatusCode::NO_CONTENT
    );
    let accepted = post_json(&mut engineer, &time, &hour).await;

    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(
        holder_sees["billing"]["decision"]["kind"], "billable",
        "seen before anything is owed"
    );
    assert_eq!(holder_sees["billing"]["rate"]["amount"], 100);
    assert_eq!(still_early.status, StatusCode::CONFLICT);
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);
    let ledger =
        Browser::signed_in(&app, "holder@acme.example").await.get("/api/v1/ledger").await.json();
    assert_eq!(ledger["billable"]["cases"][0]["cents"], 10_000, "{ledger}");
}

// A charge can be disputed by the account holder and answered by staff,
// all on the ledger.
#[tokio::test]
async fn an_account_holder_disputes_a_charge_and_staff_give_it_back_or_uphold_it() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut carl = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut carl, "/api/v1/cases", &gateway_question()).await;
    post_json(&mut carl, "/api/v1/cases", &gateway_question()).await;
    let mut alma = Browser::signed_in(&app, "holder@acme.example").await;
    let ledger = alma.get("/api/v1/ledger").await.json();
    let debits: Vec<i64> = ledger["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "debit")
        .filter_map(|e| e["id"].as_i64())
        .collect();
    let before = balance(&app, "holder@acme.example").await;
    let dispute =
        |entry: i64| json!({"entry_id": entry, "reason": "The gateway's own update broke it."});

    let raised = post_json(&mut alma, "/api/v1/ledger/disputes", &dispute(debits[0])).await;
    let again = post_json(&mut alma, "/api/v1/ledger/disputes", &dispute(debits[0])).await;
    let by_customer = post_json(&mut carl, "/api/v1/ledger/disputes", &dispute(debits[1])).await;
    let mut bea = Browser::signed_in(&app, "holder@borealis.example").await;
    let elsewhere = post_json(&mut bea, "/api/v1/ledger/disputes", &dispute(debits[1])).await;
    let second = post_json(&mut alma, "/api/v1/ledger/disputes", &dispute(debits[1])).await;

    assert_eq!(raised.status, StatusCode::CREATED, "{}", raised.body);
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "another organisation's charge");
    let mut l2 = Browser::signed_in(&app, "l2@selfdesk.example").await;
    assert!(l2.get("/api/v1/notifications").await.body.contains("Alma Acme disputes CASE-000001"));
    let refund = format!("/api/v1/ledger/disputes/{}/answer", raised.json()["id"]);
    let uphold = format!("/api/v1/ledger/disputes/{}/answer", second.json()["id"]);
    let by_holder = post_json(&mut alma, &refund, &json!({"answer": "refund"})).await;
    let refunded =
        post_json(&mut l2, &refund, &json!({"answer": "refund", "text": "Agreed."})).await;
    let twice = post_json(&mut l2, &refund, &json!({"answer": "uphold", "text": "No."})).await;
    let silent = post_json(&mut l2, &uphold, &json!({"answer": "uphold"})).await;
    let upheld = post_json(
        &mut l2,
        &uphold,
        &json!({"answer": "uphold", "text": "The logs show a custom script."}),
    )
    .await;

    assert_eq!(by_holder.status, StatusCode::FORBIDDEN);
    assert_eq!(refunded.status, StatusCode::OK, "{}", refunded.body);
    assert_eq!(refunded.json()["answer"], "refunded");
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(silent.status, StatusCode::BAD_REQUEST, "upholding says why");
    assert_eq!(upheld.status, StatusCode::OK);
    assert_eq!(balance(&app, "holder@acme.example").await, before + 10, "one charge given back");
    let ledger = alma.get("/api/v1/ledger").await.json();
    assert_eq!(ledger["disputes"].as_array().map(Vec::len), Some(2), "{ledger}");
    assert_eq!(ledger["disputes"][0]["answer_text"], "The logs show a custom script.");
    let told = alma.get("/api/v1/notifications").await.body;
    assert!(told.contains("Your dispute of CASE-000001's charge: points given back"), "{told}");
    let page = alma.get("/entitlements").await.body;
    assert!(page.contains("The gateway's own update broke it."), "disputes on the ledger page");
}

// The case page's and the ledger page's plain forms work before (and
// without) the WebAssembly: each redirects back saying what was done or
// why not.
#[tokio::test]
async fn the_charge_time_and_dispute_forms_work_without_webassembly() {
    let app = app_under("calyptix").await;
    let filed = file(&app, "customer@borealis.example", "2", "accessenforcer", "6").await;
    let reference = filed["summary"]["reference"].as_str().expect("a reference").to_owned();
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let csrf = engineer.csrf().unwrap_or_default();
    let back = |response: &crate::helpers::TestResponse| {
        response.header("location").unwrap_or_default().to_owned()
    };

    let charge = format!("/cases/{reference}/charge");
    let typo =
        [("csrf", csrf.as_str()), ("decision", "points"), ("points", "one"), ("reason", "DNS")];
    let refused = engineer.post_form(&charge, &typo, &[]).await;
    let decision = [
        ("csrf", csrf.as_str()),
        ("decision", "points"),
        ("points", "1"),
        ("reason", "DNS is outside AccessEnforcer."),
    ];
    let decided = engineer.post_form(&charge, &decision, &[]).await;
    let time = format!("/cases/{reference}/time");
    let entered = [
        ("csrf", csrf.as_str()),
        ("action", "enter"),
        ("minutes", "20"),
        ("note", "Read the logs."),
    ];
    let recorded = engineer.post_form(&time, &entered, &[]).await;
    let page = engineer.get(&format!("/cases/{reference}")).await.body;

    assert!(back(&refused).contains("charge_error=Write+the+points"), "{}", back(&refused));
    assert!(back(&decided).contains("charge_done="), "{}", back(&decided));
    assert!(back(&recorded).contains("charge_done=Time+recorded"), "{}", back(&recorded));
    assert!(page.contains("Decide what the case costs"), "unanswered: the engineer may change it");
    assert!(page.contains("Read the logs.") && page.contains("0 h 20 min"), "the time, for staff");

    let mut bo = Browser::signed_in(&app, "customer@borealis.example").await;
    let csrf = bo.csrf().unwrap_or_default();
    let answer = format!("/cases/{reference}/charge/answer");
    let forged = bo.post_form(&answer, &[("answer", "accept")], &[]).await;
    let accepted =
        bo.post_form(&answer, &[("csrf", csrf.as_str()), ("answer", "accept")], &[]).await;
    let again = bo.post_form(&answer, &[("csrf", csrf.as_str()), ("answer", "accept")], &[]).await;

    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token, no charge");
    assert!(back(&accepted).contains("charge_done=Thank+you"), "{}", back(&accepted));
    let page = bo.get(&back(&again)).await.body;
    assert!(
        page.contains("No charge on this case waits for an answer."),
        "the refusal is on the page"
    );
    assert!(!page.contains("Read the logs."), "customers see billable time only");

    let mut bea = Browser::signed_in(&app, "holder@borealis.example").await;
    let csrf = bea.csrf().unwrap_or_default();
    let ledger = bea.get("/api/v1/ledger").await.json();
    let entry = ledger["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kind"] == "debit")
        .and_then(|e| e["id"].as_i64())
        .expect("the charge")
        .to_string();
    let dispute = [
        ("csrf", csrf.as_str()),
        ("entry_id", entry.as_str()),
        ("reason", "The firmware, not DNS."),
    ];
    let raised = bea.post_form("/entitlements/disputes", &dispute, &[]).await;
    assert!(back(&raised).starts_with("/entitlements?dispute_done="), "{}", back(&raised));
    let id = bea.get("/api/v1/ledger").await.json()["disputes"][0]["id"].as_i64().expect("an id");
    let organisation = crate::accounts::organisation_id(&app, "holder@borealis.example").await.0;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let csrf = admin.csrf().unwrap_or_default();
    let staff_page = admin.get(&format!("/organisations/{organisation}/entitlements")).await.body;
    assert!(staff_page.contains("Give the points back"), "staff answer on the ledger page");
    let path = format!("/organisations/{organisation}/disputes/{id}/answer");
    let answered = admin
        .post_form(
            &path,
            &[("csrf", csrf.as_str()), ("answer", "refund"), ("text", "Agreed.")],
            &[],
        )
        .await;
    assert!(back(&answered).contains("dispute_done="), "{}", back(&answered));
    let page = bea.get("/entitlements").await.body;
    assert!(page.contains("Points given back"), "the answer on the holder's ledger page");
}
