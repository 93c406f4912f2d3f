//! The admins' accounts page: found by name, a page at a time, and
//! organisations named rather than picked from a list of every one.

use axum::http::StatusCode;
use serde_json::Value;

use app::{
    accounts::{
        admin_api::{CreateUser, LoadAccounts, UpdateUser},
        server::{organisations, users},
    },
    infra::clock::Clock,
};

use super::{organisation_id, seed, user_id};
use crate::{browser::Browser, helpers::spawn_app};

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().expect("text").to_owned())
        .collect()
}

#[tokio::test]
async fn admins_find_accounts_by_name_a_page_of_fifty_at_a_time() {
    let app = spawn_app().await;
    seed(&app).await;
    for n in 0..55 {
        organisations::create(
            &app.state.db,
            app.clock.now_ms(),
            &format!("Fleet {n:02}"),
            "UTC",
            &[],
        )
        .await
        .expect("organisation");
    }
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let first = admin.submit::<LoadAccounts>("search", &[("words", "FLEET"), ("page", "0")]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    let on_first = names(&first["organisations"], "name");
    assert_eq!(on_first.len(), 50);
    assert_eq!((on_first[0].as_str(), on_first[49].as_str()), ("Fleet 00", "Fleet 49"));
    assert_eq!(first["more_organisations"], true);
    assert_eq!(first["users"].as_array().map(Vec::len), Some(0), "no user is named fleet");

    let second = admin.submit::<LoadAccounts>("search", &[("words", "fleet"), ("page", "1")]).await;
    let second = second.json();
    assert_eq!(
        names(&second["organisations"], "name"),
        ["Fleet 50", "Fleet 51", "Fleet 52", "Fleet 53", "Fleet 54"]
    );
    assert_eq!(second["more_organisations"], false);

    let borealis = admin.submit::<LoadAccounts>("search", &[("words", "borealis")]).await.json();
    let emails = names(&borealis["users"], "email");
    assert!(emails.contains(&"holder@borealis.example".to_owned()), "{emails:?}");
    assert!(!emails.iter().any(|email| email.ends_with("@acme.example")), "{emails:?}");
    assert_eq!(names(&borealis["organisations"], "name"), ["Borealis Health"]);
    assert_eq!(borealis["organisations"][0]["contracts"], serde_json::json!(["SC-BORE-2001"]));

    // Typed wildcards match themselves only.
    let wildcard = admin.submit::<LoadAccounts>("search", &[("words", "%")]).await.json();
    assert_eq!(wildcard["organisations"].as_array().map(Vec::len), Some(0));

    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let refused = customer.submit::<LoadAccounts>("search", &[("words", "")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn accounts_are_given_their_organisation_by_name_and_an_unknown_name_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let created = admin
        .submit::<CreateUser>(
            "account",
            &[
                ("name", "Nia North"),
                ("email", "nia@borealis.example"),
                ("role", "customer"),
                ("organisation", " borealis health "),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let nia = users::find_by_email(&app.state.db, "nia@borealis.example")
        .await
        .expect("query")
        .expect("created");
    assert_eq!(nia.organisation_id, Some(organisation_id(&app, "holder@borealis.example").await));

    let unknown = admin
        .submit::<CreateUser>(
            "account",
            &[
                ("name", "Olu Other"),
                ("email", "olu@example.com"),
                ("role", "customer"),
                ("organisation", "Nowhere Inc"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains(r#"No organisation is named \"Nowhere Inc\"."#),
        "{}",
        unknown.body
    );
    assert!(users::find_by_email(&app.state.db, "olu@example.com").await.expect("query").is_none());

    let nia_id = user_id(&app, "nia@borealis.example").await.to_string();
    let moved = admin
        .submit::<UpdateUser>(
            "change",
            &[
                ("user_id", &nia_id),
                ("role", "customer"),
                ("organisation", "Nowhere Inc"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST, "{}", moved.body);
    let unchanged = users::find_by_email(&app.state.db, "nia@borealis.example")
        .await
        .expect("query")
        .expect("there");
    assert_eq!(unchanged.organisation_id, nia.organisation_id, "nothing changed");
}

#[tokio::test]
async fn the_users_api_answers_a_page_of_fifty_and_links_the_next() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = organisation_id(&app, "holder@borealis.example").await;
    for n in 0..55 {
        let new_user = users::NewUser {
            email: format!("fleet{n:02}@borealis.example"),
            name: format!("Fleet {n:02}"),
            role: app::accounts::Role::Customer,
            level: None,
            organisation_id: Some(borealis),
            password_hash: None,
        };
        users::create(&app.state.db, app.clock.now_ms(), new_user).await.expect("user");
    }
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;

    let first = admin.get("/api/v1/admin/users?words=fleet").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json().as_array().map(Vec::len), Some(50));
    let next = first.header("link").expect("a next page").to_owned();
    assert_eq!(next, r#"</api/v1/admin/users?words=fleet&page=1>; rel="next""#);
    let url = next.trim_start_matches('<').split('>').next().expect("url").to_owned();
    let last = admin.get(&url).await;
    assert_eq!(names(&last.json(), "email").len(), 5);
    assert!(last.header("link").is_none(), "the last page links nowhere");

    assert_eq!(admin.get("/api/v1/admin/users?page=first").await.status, StatusCode::BAD_REQUEST);
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert_eq!(customer.get("/api/v1/admin/users").await.status, StatusCode::FORBIDDEN);
}
