use axum::http::StatusCode;

use app::accounts::session_api::RequestPasswordReset;

use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn a_mailbox_gets_three_reset_emails_an_hour_whoever_asks() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let mut browser = Browser::open(&app).await;
        browser.address = format!("198.51.100.{n}");
        let asked =
            browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
        statuses.push(asked.status);
    }

    assert_eq!(statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS);
    crate::accounts::reset_token_from_last_email(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(app.emails().len(), 3);

    app.clock.advance(jiff::SignedDuration::from_mins(61));
    let mut browser = Browser::open(&app).await;
    let later = browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    assert_eq!(later.status, StatusCode::OK);
}

#[tokio::test]
async fn one_address_asking_about_many_mailboxes_is_stopped() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut prober = Browser::open(&app).await;
    for n in 0..10 {
        let email = format!("someone{n}@acme.example");
        let asked = prober.call::<RequestPasswordReset>(&[("email", &email)]).await;
        assert_eq!(asked.status, StatusCode::OK);
    }

    let refused = prober.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}
