//! A minimal browser for the in-process app: keeps cookies, sends the CSRF
//! token like the app's own client does, and calls server functions.

use std::collections::BTreeMap;

use axum::{body::Body, http::Method};
use leptos::server_fn::ServerFn;

use crate::helpers::{TestApp, TestResponse};

/// The password of every demo account in the tests.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    /// The address sign-in attempts are counted against (X-Forwarded-For).
    pub address: String,
}

impl<'a> Browser<'a> {
    /// A new visitor who has loaded one page, and so holds a CSRF token.
    pub async fn open(app: &'a TestApp) -> Browser<'a> {
        let mut browser = Browser { app, cookies: BTreeMap::new(), address: "203.0.113.10".into() };
        browser.get("/").await;
        assert!(browser.csrf().is_some(), "the first page view sets the CSRF cookie");
        browser
    }

    /// A visitor signed in as `email` (with [`PASSWORD`]).
    pub async fn signed_in(app: &'a TestApp, email: &str) -> Browser<'a> {
        let mut browser = Self::open(app).await;
        let response = browser.sign_in(email, PASSWORD).await;
        assert!(
            response.status.is_success() || response.status.is_redirection(),
            "{email}: {} {}",
            response.status,
            response.body
        );
        browser
    }

    pub fn csrf(&self) -> Option<String> {
        // Under https the cookie takes the `__Host-` prefix.
        self.cookies
            .get("selfdesk_csrf")
            .or_else(|| self.cookies.get("__Host-selfdesk_csrf"))
            .cloned()
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, response: &TestResponse) {
        for value in response.headers.get_all("set-cookie") {
            let Ok(parsed) = cookie::Cookie::parse(value.to_str().unwrap_or_default().to_owned())
            else {
                continue;
            };
            let expired = parsed.max_age().is_some_and(|age| age.is_zero());
            if expired || parsed.value().is_empty() {
                self.cookies.remove(parsed.name());
            } else {
                self.cookies.insert(parsed.name().to_owned(), parsed.value().to_owned());
            }
        }
    }

    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> TestResponse {
        let cookie = self.cookie_header();
        let mut all: Vec<(&str, &str)> =
            vec![("cookie", &cookie), ("x-forwarded-for", &self.address)];
        all.extend_from_slice(headers);
        let response = self.app.request(method, path, &all, body).await;
        self.keep_cookies(&response);
        response
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.request(Method::GET, path, &[], Body::empty()).await
    }

    /// Calls a server function the way the hydrated app does.
    pub async fn call<F: ServerFn>(&mut self, fields: &[(&str, &str)]) -> TestResponse {
        self.call_path(F::PATH, fields).await
    }

    /// Submits a form to a server function that takes one input struct: each
    /// field is sent as `input[field]` (a list's `field[]` as
    /// `input[field][]`), the way the page's form names it.
    pub async fn submit<F: ServerFn>(
        &mut self,
        input: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let name = |field: &str| match field.strip_suffix("[]") {
            Some(list) => format!("{input}[{list}][]"),
            None => format!("{input}[{field}]"),
        };
        let named: Vec<(String, &str)> =
            fields.iter().map(|(field, value)| (name(field), *value)).collect();
        let named: Vec<(&str, &str)> =
            named.iter().map(|(field, value)| (field.as_str(), *value)).collect();
        self.call::<F>(&named).await
    }

    /// Calls the server function at `path` the way the hydrated app does.
    pub async fn call_path(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = self.csrf().unwrap_or_default();
        self.post_form(path, fields, &[("x-csrf-token", &csrf), ("accept", "application/json")])
            .await
    }

    pub async fn post_form(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut all = vec![("content-type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        self.request(Method::POST, path, &all, Body::from(body)).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        self.call::<app::accounts::session_api::SignIn>(&[
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ])
        .await
    }
}
