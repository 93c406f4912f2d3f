//! `/mail/confirm?token=...`: where the link mailed to the sender of a
//! held message leads. It shows the message, and one button confirms it
//! as theirs (the link's token is the authority: it reached their mailbox).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::csrf::CsrfField,
    cases::mailbox_api::{ConfirmHeldMessage, HeldMessage, load_held_message},
    ui::feedback::FormError,
};

#[component]
pub fn ConfirmMailPage() -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("token")).unwrap_or_default();
    let token = StoredValue::new(token);
    let held = Resource::new(move || token.get_value(), load_held_message);
    let confirm = ServerAction::<ConfirmHeldMessage>::new();
    view! {
        <Title text="Confirm your message" />
        <h1>"Confirm your message to support"</h1>
        {move || {
            confirm.value().get().and_then(Result::ok).map(|said| {
                view! { <p class="form-success" role="status">{said}</p> }
            })
        }}
        <Show when=move || !matches!(confirm.value().get(), Some(Ok(_)))>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match held.await {
                        Ok(message) => {
                            view! { <HeldForm message token=token.get_value() confirm /> }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <p class="form-error" role="alert">{error.to_string()}</p>
                                <p><a href="/cases">"Go to the support portal"</a></p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </Show>
    }
}

#[component]
fn HeldForm(
    message: HeldMessage,
    token: String,
    confirm: ServerAction<ConfirmHeldMessage>,
) -> impl IntoView {
    let subject =
        if message.subject.is_empty() { "(no subject)".to_owned() } else { message.subject };
    view! {
        <p>"Support received this message from your address. Mail can claim to come from anyone, so it is only used once you confirm that you sent it."</p>
        <section aria-labelledby="held-subject" class="held-message">
            <h2 id="held-subject">{subject}</h2>
            <pre class="message-text">{message.text}</pre>
        </section>
        <FormError result=confirm.value().into() />
        <ActionForm action=confirm attr:class="tool-form">
            <CsrfField />
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button">"I sent it: open the case"</button>
        </ActionForm>
        <p>"If you did not send it, close this page: the message will not be used."</p>
    }
}
