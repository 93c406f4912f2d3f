//! Sign in, forgotten password, and choosing a new password from a link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::signed_in::Auth;
use crate::{
    accounts::{MIN_PASSWORD_LENGTH, session_api::RequestPasswordReset},
    auth::csrf::CsrfField,
    ui::{
        feedback::FormError,
        refusal::{ErrorSummary, Refusal},
    },
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = Auth::get();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_else(|| "/".to_owned()));
    let refused = auth.sign_in.value();
    let refusal = Refusal::for_every_field(Signal::derive(move || {
        refused.with(|result| match result {
            Some(Err(error)) => error.to_string(),
            _ => String::new(),
        })
    }));
    let fields = Signal::stored(vec![
        ("Email".to_owned(), "sign-in-email".to_owned()),
        ("Password".to_owned(), "sign-in-password".to_owned()),
    ]);
    view! {
        <Title text="Sign in" />
        <section class="form-page" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in"</h1>
            <ErrorSummary refusal fields />
            <ActionForm action=auth.sign_in>
                <CsrfField />
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="sign-in-email">"Email"</label>
                    <input id="sign-in-email" name="email" type="email" autocomplete="email" required />
                </div>
                <div class="field">
                    <label for="sign-in-password">"Password"</label>
                    <input
                        id="sign-in-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                    />
                </div>
                <button type="submit" class="button">"Sign in"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    let sent = move || matches!(request.value().get(), Some(Ok(())));
    view! {
        <Title text="Reset your password" />
        <section class="form-page" aria-labelledby="forgot-title">
            <h1 id="forgot-title">"Reset your password"</h1>
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <p>"Enter your email address and we will send you a link to choose a new password."</p>
                        <ActionForm action=request>
                            <CsrfField />
                            <FormError result=request.value().into() />
                            <div class="field">
                                <label for="forgot-email">"Email"</label>
                                <input id="forgot-email" name="email" type="email" autocomplete="email" required />
                            </div>
                            <button type="submit" class="button">"Send the link"</button>
                        </ActionForm>
                    }
                }
            >
                <p role="status">
                    "If an account exists for that address, a link is on its way. It works for one hour."
                </p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let auth = Auth::get();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let invited = move || query.with(|q| q.get("invited").is_some());
    let title = move || {
        if invited() { "Choose your password" } else { "Choose a new password" }
    };
    view! {
        <Title text=title />
        <section class="form-page" aria-labelledby="reset-title">
            <h1 id="reset-title">{title}</h1>
            <ActionForm action=auth.reset_password>
                <CsrfField />
                <input type="hidden" name="token" value=token />
                <FormError result=auth.reset_password.value().into() />
                <div class="field">
                    <label for="reset-password">"New password"</label>
                    <input
                        id="reset-password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        minlength=MIN_PASSWORD_LENGTH
                        aria-describedby="reset-password-hint"
                        required
                    />
                    <p id="reset-password-hint" class="hint">
                        {format!("At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong password. Saving it signs out your other devices and revokes your API tokens.")}
                    </p>
                </div>
                <button type="submit" class="button">"Save the password and sign in"</button>
            </ActionForm>
        </section>
    }
}
