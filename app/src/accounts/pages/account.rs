//! The signed-in user's own account: profile, password, API tokens.

use leptos::prelude::*;
use leptos_meta::Title;

use super::signed_in::Auth;
use crate::{
    accounts::{
        ApiTokenInfo, MIN_PASSWORD_LENGTH, SessionUser,
        tokens_api::{CreateToken, RevokeToken, list_tokens},
    },
    auth::csrf::CsrfField,
    error::AppError,
    format::date_time,
    ui::{
        feedback::{ErrorNotice, FormError},
        table::DataTable,
    },
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <Title text="Your account" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! { <AccountDetails user=user /> }.into_any(),
                    Ok(None) => view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountDetails(user: SessionUser) -> impl IntoView {
    let role = match user.level {
        Some(level) => format!("{} ({})", user.role.label(), level.as_str()),
        None => user.role.label().to_owned(),
    };
    let organisation = user.organisation.as_ref().map(|org| {
        view! {
            <dt>"Organisation"</dt>
            <dd>{org.name.clone()}</dd>
        }
    });
    view! {
        <h1>"Your account"</h1>
        <section aria-labelledby="profile-title">
            <h2 id="profile-title">"Profile"</h2>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{user.name.clone()}</dd>
                <dt>"Email"</dt>
                <dd>{user.email.clone()}</dd>
                <dt>"Role"</dt>
                <dd>{role}</dd>
                {organisation}
            </dl>
        </section>
        <ChangePasswordForm />
        <ApiTokens />
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = Auth::get().change_password;
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            <ActionForm action=action>
                <CsrfField />
                <FormError result=action.value().into() />
                <Show when=saved>
                    <p class="form-success" role="status">"Your password was changed. Other devices were signed out and your API tokens revoked."</p>
                </Show>
                <div class="field">
                    <label for="current-password">"Current password"</label>
                    <input id="current-password" name="current_password" type="password" autocomplete="current-password" required />
                </div>
                <div class="field">
                    <label for="new-password">"New password"</label>
                    <input
                        id="new-password"
                        name="new_password"
                        type="password"
                        autocomplete="new-password"
                        minlength=MIN_PASSWORD_LENGTH
                        required
                    />
                </div>
                <button type="submit" class="button">"Change the password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ApiTokens() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens =
        Resource::new(move || (create.version().get(), revoke.version().get()), |_| list_tokens());
    let new_token = move || match create.value().get() {
        Some(Ok(token)) => Some(view! {
            <div class="new-token" role="status">
                <p>
                    "Your new token “" {token.name} "”. Copy it now: it will not be shown again."
                </p>
                <code class="secret">{token.secret}</code>
            </div>
        }),
        _ => None,
    };
    view! {
        <section aria-labelledby="tokens-title">
            <h2 id="tokens-title">"API tokens"</h2>
            <p>
                "Scripts use a token to call the Selfdesk API as you, with "
                <code>"Authorization: Bearer TOKEN"</code>
                ". Revoke a token as soon as it is no longer needed."
            </p>
            {new_token}
            <ActionForm action=create attr:class="inline-fields">
                <CsrfField />
                <FormError result=create.value().into() />
                <div class="field">
                    <label for="token-name">"Token name"</label>
                    <input id="token-name" name="name" required maxlength="100" placeholder="CI scripts" />
                </div>
                <button type="submit" class="button">"Create a token"</button>
            </ActionForm>
            <FormError result=revoke.value().into() />
            <Transition fallback=|| view! { <p>"Loading tokens…"</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => view! { <p>"You have no API tokens."</p> }.into_any(),
                        Ok(list) => view! { <TokenTable tokens=list revoke=revoke /> }.into_any(),
                        Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenInfo>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let rows = tokens
        .into_iter()
        .map(|token| {
            let status = match token.revoked_at {
                Some(at) => format!("Revoked {}", date_time(at)),
                None => "Active".to_owned(),
            };
            let label = format!(" {}", token.name);
            let revoke_button = token.revoked_at.is_none().then(|| {
                view! {
                    <ActionForm action=revoke attr:class="inline-form">
                        <CsrfField />
                        <input type="hidden" name="token_id" value=token.id />
                        <button type="submit" class="link-button">
                            "Revoke"<span class="visually-hidden">{label}</span>
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{token.name.clone()}</th>
                    <td><code>{format!("{}…", token.prefix)}</code></td>
                    <td>{date_time(token.created_at)}</td>
                    <td>{token.last_used_at.map(date_time).unwrap_or_else(|| "Never".to_owned())}</td>
                    <td>{status}</td>
                    <td>{revoke_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            caption="Your API tokens"
            columns=&["Name", "Starts with", "Created", "Last used", "Status"]
            actions=true
        >
            {rows}
        </DataTable>
    }
}
