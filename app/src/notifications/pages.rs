//! `/notifications`: what changed on the user's cases, newest first, with
//! the unread ones marked; each can be marked read, or all at once.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::csrf::CsrfField,
    format,
    notifications::{
        Inbox, Notification,
        api::{MarkRead, load_inbox},
    },
    ui::feedback::Loaded,
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let mark = ServerAction::<MarkRead>::new();
    let inbox = Resource::new(move || mark.version().get(), |_| load_inbox());
    view! {
        <Title text="Notifications" />
        <h1>"Notifications"</h1>
        <Loaded resource=inbox show=move |inbox| view! { <InboxList inbox mark /> } />
    }
}

#[component]
fn InboxList(inbox: Inbox, mark: ServerAction<MarkRead>) -> impl IntoView {
    if inbox.notifications.is_empty() {
        return view! { <p>"Nothing yet: changes to your cases will show here."</p> }.into_any();
    }
    let summary = match inbox.unread {
        0 => "All read.".to_owned(),
        1 => "1 unread.".to_owned(),
        n => format!("{n} unread."),
    };
    let items = inbox
        .notifications
        .into_iter()
        .map(|notification| view! { <Item notification mark /> })
        .collect_view();
    view! {
        <div class="inline-fields">
            <p role="status">{summary}</p>
            {(inbox.unread > 0).then(|| view! {
                <ActionForm action=mark attr:class="inline-form">
                    <CsrfField />
                    <button type="submit">"Mark all read"</button>
                </ActionForm>
            })}
        </div>
        <ul class="notifications">{items}</ul>
    }
    .into_any()
}

#[component]
fn Item(notification: Notification, mark: ServerAction<MarkRead>) -> impl IntoView {
    let unread = !notification.read;
    let which = format!(": {}", notification.subject);
    view! {
        <li class="notification" class:unread=unread>
            <h2 class="notification-subject">
                <a href=notification.link.clone()>{notification.subject.clone()}</a>
                {unread.then(|| view! { <span class="badge">"Unread"</span> })}
            </h2>
            <p class="hint">{format::date_time(notification.created_at)}</p>
            <p class="notification-body">{notification.body}</p>
            {unread.then(|| view! {
                <ActionForm action=mark attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=notification.id />
                    <button type="submit" class="link-button">
                        "Mark read"
                        <span class="visually-hidden">{which}</span>
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
