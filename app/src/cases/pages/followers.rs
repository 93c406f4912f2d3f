//! The case page's followers: the colleagues who follow the case besides
//! its contact, with plain forms (they work before the WebAssembly loads)
//! to add a colleague and to remove a follower.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{auth::csrf::CsrfField, cases::Follower};

#[component]
pub fn Followers(reference: String, followers: Vec<Follower>) -> impl IntoView {
    let said = |key: &str| use_query_map().with_untracked(|q| q.get(key));
    let error = said("follower_error")
        .map(|error| view! { <p class="form-error" role="alert">{error}</p> });
    let done = said("followed")
        .map(|name| format!("{name} follows the case now."))
        .or_else(|| said("unfollowed").map(|_| "The follower was removed.".to_owned()))
        .map(|done| view! { <p class="form-success" role="status">{done}</p> });
    let list = if followers.is_empty() {
        view! { <p>"Only the contact follows the case."</p> }.into_any()
    } else {
        let items = followers
            .into_iter()
            .map(|follower| {
                let remove = follower.removable.then(|| {
                    let action = format!("/cases/{reference}/followers/{}/remove", follower.id.0);
                    view! {
                        <form method="post" action=action class="inline-form">
                            <CsrfField />
                            <button type="submit" class="link-button">
                                "Remove"<span class="visually-hidden">{format!(" {}", follower.name)}</span>
                            </button>
                        </form>
                    }
                });
                view! { <li>{format!("{} ({}) ", follower.name, follower.email)}{remove}</li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="followers-title">
            <h2 id="followers-title">"Followers"</h2>
            <p class="hint">
                "Colleagues who follow the case see it, write to it and get its emails. "
                "Copying a colleague on your email to the case adds them too."
            </p>
            {error}
            {done}
            {list}
            <form method="post" action=format!("/cases/{reference}/followers") class="tool-form">
                <CsrfField />
                <div class="field">
                    <label for="follower-email">"A colleague's email"</label>
                    <input id="follower-email" name="email" type="email" autocomplete="off" required />
                </div>
                <button type="submit" class="button">"Add the follower"</button>
            </form>
        </section>
    }
}
