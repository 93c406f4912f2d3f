//! The signed-in user, shared by every page, and the controls that change it.

use leptos::prelude::*;

use crate::{
    accounts::{
        Role, SessionUser,
        session_api::{ChangePassword, ResetPassword, SignIn, SignOut, current_user},
    },
    auth::csrf::CsrfField,
    error::AppError,
    notifications::api::unread_notifications,
};

/// Provided once by the app. The user is reloaded whenever an action may
/// have changed who is signed in.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub reset_password: ServerAction<ResetPassword>,
    pub change_password: ServerAction<ChangePassword>,
}

impl Auth {
    pub fn provide() -> Self {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let reset_password = ServerAction::<ResetPassword>::new();
        let change_password = ServerAction::<ChangePassword>::new();
        let user = Resource::new(
            move || {
                (
                    sign_in.version().get(),
                    sign_out.version().get(),
                    reset_password.version().get(),
                    change_password.version().get(),
                )
            },
            |_| current_user(),
        );
        let auth = Self { user, sign_in, sign_out, reset_password, change_password };
        provide_context(auth);
        auth
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }
}

/// Navigation links for the signed-in user's role, and the sign-in or
/// sign-out control.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! { <SignedInLinks user=user /> }.into_any(),
                    _ => view! {
                        <li><a href="/sign-in">"Sign in"</a></li>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SignedInLinks(user: SessionUser) -> impl IntoView {
    let auth = Auth::get();
    let organisation = user.role.belongs_to_organisation().then(|| {
        view! {
            <li><a href="/organisation">"Organisation"</a></li>
            <li><a href="/entitlements">"Plans and points"</a></li>
        }
    });
    let get_help = user
        .role
        .belongs_to_organisation()
        .then(|| view! { <li><a href="/help">"Get help"</a></li> });
    let cases =
        (user.role != Role::Writer).then(|| view! { <li><a href="/cases">"Cases"</a></li> });
    let queue = matches!(user.role, Role::Engineer | Role::Admin).then(|| {
        view! {
            <li><a href="/queue">"Queue"</a></li>
            <li><a href="/enhancements">"Enhancements"</a></li>
            <li><a href="/reports">"Reports"</a></li>
            <li><a href="/admin/mail">"Mail"</a></li>
        }
    });
    let administration = (user.role == Role::Admin).then(|| {
        view! {
            <li><a href="/admin/accounts">"Accounts"</a></li>
            <li><a href="/admin/plans">"Plans"</a></li>
            <li><a href="/admin/partners">"Partners"</a></li>
        }
    });
    let analytics = matches!(user.role, Role::Writer | Role::Admin).then(|| {
        view! {
            <li><a href="/write">"Write"</a></li>
            <li><a href="/admin/search-analytics">"Search analytics"</a></li>
            <li><a href="/admin/deflection">"Deflection"</a></li>
        }
    });
    view! {
        {get_help}
        {queue}
        {cases}
        {organisation}
        {administration}
        {analytics}
        <NotificationsLink />
        <li><a href="/account">"Account"</a></li>
        <li>
            <ActionForm action=auth.sign_out attr:class="inline-form">
                <CsrfField />
                <button type="submit" class="link-button">
                    "Sign out"
                    <span class="visually-hidden">{format!(" ({})", user.name)}</span>
                </button>
            </ActionForm>
        </li>
    }
}

/// "Notifications", with the unread count when there is one.
#[component]
fn NotificationsLink() -> impl IntoView {
    // Counted again on every navigation, so reading them shows.
    let location = leptos_router::hooks::use_location();
    let unread = Resource::new(move || location.pathname.get(), |_| unread_notifications());
    let label = move || match unread.get().and_then(Result::ok).unwrap_or(0) {
        0 => "Notifications".to_owned(),
        n => format!("Notifications ({n} unread)"),
    };
    view! {
        <li>
            <Transition fallback=|| view! { <a href="/notifications">"Notifications"</a> }>
                <a href="/notifications">{label}</a>
            </Transition>
        </li>
    }
}
