//! Remote access only with the customer's permission: asked by an engineer
//! on the case, granted (with the policy's waiver) or refused by the
//! customer, lasting the hours granted, ended with what was changed.

use app::{
    cases::remote_access::{AnswerRemoteAccess, AskRemoteAccess, EndRemoteAccess},
    runtime::jobs::run_due,
};
use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::Value;

use super::{app_under, file};
use crate::cases::post_json;
use crate::{
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

async fn ask(
    engineer: &mut Browser<'_>,
    reference: &str,
    hours: &str,
) -> crate::helpers::TestResponse {
    let fields = [
        ("reference", reference),
        ("system", "mail01.acme.example"),
        ("purpose", "Raise the message store's size limit."),
        ("hours", hours),
    ];
    engineer.call::<AskRemoteAccess>(&fields).await
}

/// The case's requests as its customer sees them.
async fn requests(app: &TestApp, reference: &str) -> Vec<Value> {
    let mut customer = Browser::signed_in(app, "customer@acme.example").await;
    let case = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
    case["remote_access"].as_array().expect("a list").clone()
}

/// Owned form fields as a call takes them.
fn fields<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(key, value)| (*key, value.as_str())).collect()
}

fn reference_of(case: &Value) -> String {
    case["filed"]["reference"].as_str().expect("a reference").to_owned()
}

// Xecuritas: "Certain cases require that technical support engineers gain
// access to customer equipment in order to make configuration changes. In
// those instances, the customer will be required to sign a modification
// waiver form."
#[tokio::test]
async fn access_is_granted_with_the_waiver_accepted_lasts_its_hours_and_ends_with_the_changes() {
    let app = app_under("xecuritas").await;
    let case = file(&app, "customer@acme.example", "2", "email-security", "7").await;
    let reference = reference_of(&case);
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let asked = ask(&mut engineer, &reference, "4").await;
    assert!(asked.status.is_success(), "{}", asked.body);
    let id = requests(&app, &reference).await[0]["id"].to_string();
    let answer = |accept: bool| {
        let mut fields =
            vec![("reference", reference.as_str()), ("id", id.as_str()), ("answer", "grant")];
        if accept {
            fields.push(("accept_waiver", "yes"));
        }
        fields
    };
    let without_waiver = customer.call::<AnswerRemoteAccess>(&answer(false)).await;
    let still_asked = requests(&app, &reference).await[0]["state"].clone();
    let granted = customer.call::<AnswerRemoteAccess>(&answer(true)).await;
    let again = customer.call::<AnswerRemoteAccess>(&answer(true)).await;
    let seen = requests(&app, &reference).await[0].clone();
    app.clock.advance(SignedDuration::from_hours(5));
    let expired = requests(&app, &reference).await[0]["state"].clone();
    let changes = [
        ("reference", reference.as_str()),
        ("id", id.as_str()),
        ("changes", "Message store limit raised from 2 GB to 8 GB."),
    ];
    let ended = engineer.call::<EndRemoteAccess>(&changes).await;
    let twice = engineer.call::<EndRemoteAccess>(&changes).await;
    run_due(&app.state, "test-server").await.expect("the jobs");

    assert!(asked.status.is_success(), "{}", asked.body);
    assert_eq!(without_waiver.status, StatusCode::BAD_REQUEST);
    assert!(
        without_waiver.body.contains("Accept the modification waiver"),
        "{}",
        without_waiver.body
    );
    assert_eq!(still_asked, "asked", "a refused answer changes nothing");
    assert!(granted.status.is_success(), "{}", granted.body);
    assert_eq!(again.status, StatusCode::CONFLICT, "answered once");
    assert_eq!(seen["state"], "granted");
    assert_eq!(seen["answered_by"], "Carl Acme", "{seen}");
    let granted_at = seen["answered_at"].as_i64().expect("when");
    assert_eq!(seen["expires_at"].as_i64(), Some(granted_at + 4 * 3_600_000), "its four hours");
    assert!(seen["waiver"].as_str().is_some_and(|w| w.starts_with("I allow Xecuritas")), "{seen}");
    assert_eq!(expired, "expired");
    assert!(ended.status.is_success(), "{}", ended.body);
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let last = requests(&app, &reference).await[0].clone();
    assert_eq!(last["state"], "ended");
    assert_eq!(last["changes"], "Message store limit raised from 2 GB to 8 GB.");
    let case = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
    let timeline = case["events"].to_string();
    for said in [
        "Lee Level-One asks for remote access to mail01.acme.example for 4 hours",
        "granted remote access to mail01.acme.example until",
        "accepting the modification waiver",
        "What was changed: Message store limit raised from 2 GB to 8 GB.",
    ] {
        assert!(timeline.contains(said), "{said:?} in {timeline}");
    }
    let subjects: Vec<String> =
        app.emails().into_iter().map(|e| format!("{} {}", e.to, e.subject)).collect();
    for told in [
        "customer@acme.example",
        "Remote access asked",
        "Remote access granted",
        "Remote access ended",
    ] {
        assert!(subjects.iter().any(|s| s.contains(told)), "{told:?} in {subjects:?}");
    }
}

// Scalix: "with your permission, we access your system remotely": without
// it, nothing; the built-in policy asks no waiver.
#[tokio::test]
async fn a_refusal_is_final_and_only_the_cases_own_people_take_each_step() {
    let app = spawn_app().await;
    crate::accounts::seed(&app).await;
    let case = file(&app, "customer@acme.example", "3", "gateway", "9").await;
    let reference = reference_of(&case);
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut stranger = Browser::signed_in(&app, "customer@borealis.example").await;

    let by_customer = ask(&mut customer, &reference, "4").await;
    let too_long = ask(&mut engineer, &reference, "73").await;
    let none = ask(&mut engineer, &reference, "0").await;
    let asked = ask(&mut engineer, &reference, "2").await;
    let id = requests(&app, &reference).await[0]["id"].to_string();
    let answer = |word: &'static str| {
        [("reference", reference.clone()), ("id", id.clone()), ("answer", word.to_owned())]
    };
    let by_engineer = engineer.call::<AnswerRemoteAccess>(&fields(&answer("grant"))).await;
    let by_stranger = stranger.call::<AnswerRemoteAccess>(&fields(&answer("grant"))).await;
    let other_case = [
        ("reference", reference.clone()),
        ("id", "999".to_owned()),
        ("answer", "grant".to_owned()),
    ];
    let unknown = customer.call::<AnswerRemoteAccess>(&fields(&other_case)).await;
    let refused = customer.call::<AnswerRemoteAccess>(&fields(&answer("refuse"))).await;
    let then_granted = customer.call::<AnswerRemoteAccess>(&fields(&answer("grant"))).await;
    let end = [("reference", reference.as_str()), ("id", id.as_str()), ("changes", "Nothing.")];
    let ended = engineer.call::<EndRemoteAccess>(&end).await;

    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(asked.status.is_success(), "{}", asked.body);
    assert_eq!(by_engineer.status, StatusCode::FORBIDDEN);
    assert_eq!(by_stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(refused.status.is_success(), "{}", refused.body);
    assert_eq!(then_granted.status, StatusCode::CONFLICT);
    assert_eq!(ended.status, StatusCode::CONFLICT, "nothing was granted");
    let seen = requests(&app, &reference).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["state"], "refused");
    assert_eq!(seen[0]["expires_at"], Value::Null);
    assert_eq!(seen[0]["waiver"], Value::Null, "the built-in policy asks none");
}

// The same steps through the JSON API, as a script of the customer's or
// the engineer's would take them.
#[tokio::test]
async fn the_json_api_asks_answers_and_ends_as_the_case_page_does() {
    let app = app_under("xecuritas").await;
    let case = file(&app, "customer@acme.example", "2", "email-security", "7").await;
    let base = format!("/api/v1/cases/{}/remote-access", reference_of(&case));
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let ask = serde_json::json!({"system": "mail01", "purpose": "Raise a limit.", "hours": 2});

    let by_customer = post_json(&mut customer, &base, &ask).await;
    let asked = post_json(&mut engineer, &base, &ask).await;
    let id = requests(&app, &reference_of(&case)).await[0]["id"].clone();
    let answer = format!("{base}/{id}/answer");
    let no_waiver =
        post_json(&mut customer, &answer, &serde_json::json!({"answer": "grant"})).await;
    let by_engineer = post_json(
        &mut engineer,
        &answer,
        &serde_json::json!({"answer": "grant", "accept_waiver": true}),
    )
    .await;
    let granted = post_json(
        &mut customer,
        &answer,
        &serde_json::json!({"answer": "grant", "accept_waiver": true}),
    )
    .await;
    let unknown_word =
        post_json(&mut customer, &answer, &serde_json::json!({"answer": "maybe"})).await;
    let ended = post_json(
        &mut engineer,
        &format!("{base}/{id}/end"),
        &serde_json::json!({"changes": "Limit raised."}),
    )
    .await;

    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    assert_eq!(no_waiver.status, StatusCode::BAD_REQUEST, "{}", no_waiver.body);
    assert_eq!(by_engineer.status, StatusCode::FORBIDDEN);
    assert_eq!(granted.status, StatusCode::NO_CONTENT, "{}", granted.body);
    assert!(unknown_word.status.is_client_error());
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.body);
    let last = requests(&app, &reference_of(&case)).await[0].clone();
    assert_eq!(last["state"], "ended");
    assert_eq!(last["changes"], "Limit raised.");
}
