use axum::http::StatusCode;

use app::accounts::{
    organisation_api::{InviteMember, MyOrganisation, RemoveMember},
    session_api::ResetPassword,
};

use super::{seed, user_id};
use crate::{
    browser::{Browser, PASSWORD},
    helpers::spawn_app,
};

#[tokio::test]
async fn an_account_holder_invites_a_colleague_who_then_signs_in() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;

    let invited = holder
        .submit::<InviteMember>(
            "invitation",
            &[("email", "new.hire@acme.example"), ("name", "Nia New"), ("role", "customer")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);

    let email = wait_for_email_to(&app, "new.hire@acme.example").await;
    assert_eq!(email.to, "new.hire@acme.example");
    assert!(email.body.contains("Alma Acme invited you"), "{}", email.body);
    assert!(email.body.contains("for Acme Logistics"));
    let token = email
        .body
        .split("token=")
        .nth(1)
        .expect("link")
        .split('&')
        .next()
        .expect("token")
        .to_owned();

    let mut newcomer = Browser::open(&app).await;
    let chosen = newcomer
        .call::<ResetPassword>(&[("token", &token), ("password", "my own passphrase")])
        .await;
    assert!(chosen.status.is_success() || chosen.status.is_redirection(), "{}", chosen.body);
    let me = newcomer.get("/api/v1/me").await;
    assert_eq!(me.json()["organisation"]["name"], "Acme Logistics");
    assert_eq!(me.json()["role"], "customer");

    let listed = holder.call::<MyOrganisation>(&[]).await;
    assert!(listed.body.contains("new.hire@acme.example"));
}

#[tokio::test]
async fn a_customer_cannot_invite_or_remove() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let holder_id = user_id(&app, "holder@acme.example").await;

    let invite = customer
        .submit::<InviteMember>(
            "invitation",
            &[("email", "x@acme.example"), ("name", "X"), ("role", "customer")],
        )
        .await;
    let remove = customer.call::<RemoveMember>(&[("user_id", &holder_id.to_string())]).await;

    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert_eq!(remove.status, StatusCode::FORBIDDEN);
    assert!(app.emails().is_empty());
}

#[tokio::test]
async fn an_account_holder_cannot_touch_another_organisations_members() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let other_id = user_id(&app, "customer@borealis.example").await;

    let remove = holder.call::<RemoveMember>(&[("user_id", &other_id.to_string())]).await;

    assert_eq!(remove.status, StatusCode::NOT_FOUND);
    let mut victim = Browser::open(&app).await;
    assert!(victim.sign_in("customer@borealis.example", PASSWORD).await.status.is_success());
}

#[tokio::test]
async fn inviting_someone_who_has_an_account_elsewhere_reveals_and_changes_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let invite = |email: &'static str| [("email", email), ("name", "Bo"), ("role", "customer")];

    let elsewhere =
        holder.submit::<InviteMember>("invitation", &invite("customer@borealis.example")).await;
    let nobody =
        holder.submit::<InviteMember>("invitation", &invite("newcomer@acme.example")).await;

    // The same answer as for an address with no account.
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
    assert_eq!(elsewhere.body, nobody.body);
    // The owner is told, with no link; the account stays where it was.
    let notice = wait_for_email_to(&app, "customer@borealis.example").await;
    assert!(notice.body.contains("already has an account"), "{}", notice.body);
    assert!(!notice.body.contains("token="), "{}", notice.body);
    assert_eq!(
        super::organisation_id(&app, "customer@borealis.example").await,
        super::organisation_id(&app, "holder@borealis.example").await
    );
    let mut owner = Browser::open(&app).await;
    assert!(owner.sign_in("customer@borealis.example", PASSWORD).await.status.is_success());
}

/// The first email to `to`, once it has been sent.
async fn wait_for_email_to(app: &crate::helpers::TestApp, to: &str) -> app::infra::mail::Email {
    for _ in 0..200 {
        if let Some(email) = app.emails().into_iter().find(|e| e.to == to) {
            return email;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("no email to {to} within 2 s");
}

#[tokio::test]
async fn account_holders_cannot_invite_staff_or_remove_themselves() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let own_id = user_id(&app, "holder@acme.example").await;

    let staff = holder
        .submit::<InviteMember>(
            "invitation",
            &[("email", "boss@acme.example"), ("name", "B"), ("role", "admin")],
        )
        .await;
    let myself = holder.call::<RemoveMember>(&[("user_id", &own_id.to_string())]).await;
    let bad_email = holder
        .submit::<InviteMember>(
            "invitation",
            &[("email", "not-an-email"), ("name", "B"), ("role", "customer")],
        )
        .await;

    assert_eq!(staff.status, StatusCode::BAD_REQUEST);
    assert_eq!(myself.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_email.status, StatusCode::BAD_REQUEST);
    assert!(bad_email.body.contains("name@example.com"), "{}", bad_email.body);
}
