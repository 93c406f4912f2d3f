//! Administration: users and organisations, found by name and shown a
//! page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    accounts::{
        ACCOUNTS_PAGE, AccountSearch, AccountsOverview, Level, Organisation, Role, UserSummary,
        admin_api::{CreateUser, SaveOrganisation, UpdateUser, load_accounts},
    },
    auth::csrf::CsrfField,
    ui::{
        feedback::{FormError, Loaded, urlencode},
        table::DataTable,
    },
};

#[derive(Clone, Copy)]
struct Actions {
    create_user: ServerAction<CreateUser>,
    update_user: ServerAction<UpdateUser>,
    save_organisation: ServerAction<SaveOrganisation>,
}

#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let actions = Actions {
        create_user: ServerAction::new(),
        update_user: ServerAction::new(),
        save_organisation: ServerAction::new(),
    };
    let query = use_query_map();
    let search = move || {
        query.with(|q| AccountSearch {
            words: q.get("words").unwrap_or_default(),
            page: q.get("page").and_then(|page| page.parse().ok()).unwrap_or(0),
        })
    };
    let overview = Resource::new(
        move || {
            (
                search(),
                actions.create_user.version().get(),
                actions.update_user.version().get(),
                actions.save_organisation.version().get(),
            )
        },
        |(search, ..)| load_accounts(search),
    );
    view! {
        <Title text="Accounts" />
        <h1>"Accounts"</h1>
        <form method="get" action="/admin/accounts" role="search" class="compact-form">
            <label for="accounts-words">"Find users and organisations"</label>
            <input id="accounts-words" name="words" type="search" value=move || search().words />
            <button type="submit" class="button">"Find"</button>
        </form>
        <Loaded resource=overview show=move |overview| view! { <Accounts overview search=search() actions /> } />
    }
}

#[component]
fn Accounts(overview: AccountsOverview, search: AccountSearch, actions: Actions) -> impl IntoView {
    let shown = if search.words.trim().is_empty() {
        "All".to_owned()
    } else {
        format!("Matching “{}”", search.words.trim())
    };
    let user_rows = overview
        .users
        .into_iter()
        .map(|user| view! { <UserRow user action=actions.update_user /> })
        .collect_view();
    let organisation_rows = overview
        .organisations
        .into_iter()
        .map(|organisation| view! { <OrganisationForm organisation=Some(organisation) action=actions.save_organisation /> })
        .collect_view();
    let more = overview.more_users || overview.more_organisations;
    view! {
        <section aria-labelledby="users-title">
            <h2 id="users-title">"Users"</h2>
            <FormError result=actions.update_user.value().into() />
            <DataTable caption=format!("{shown} users, page {}", search.page + 1) columns=&["Name", "Email", "Organisation", "Role and status"]>
                {user_rows}
            </DataTable>
            <NewUserForm action=actions.create_user />
        </section>
        <section aria-labelledby="organisations-title">
            <h2 id="organisations-title">"Organisations"</h2>
            <p>{format!("{shown} organisations, page {}.", search.page + 1)}</p>
            <FormError result=actions.save_organisation.value().into() />
            {organisation_rows}
            <h3>"New organisation"</h3>
            <OrganisationForm organisation=None action=actions.save_organisation />
        </section>
        <Pager search more />
    }
}

/// Links to the previous and next pages of the same search.
#[component]
fn Pager(search: AccountSearch, more: bool) -> impl IntoView {
    let link = move |page: u32| {
        format!("/admin/accounts?words={}&page={page}", urlencode(search.words.trim()))
    };
    let previous = (search.page > 0).then(|| {
        view! { <a href=link(search.page - 1)>{format!("Previous {ACCOUNTS_PAGE}")}</a> }
    });
    let next =
        more.then(|| view! { <a href=link(search.page + 1)>{format!("Next {ACCOUNTS_PAGE}")}</a> });
    view! { <nav aria-label="Pages of accounts" class="pager">{previous}" "{next}</nav> }
}

fn role_options(selected: Role) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|role| view! { <option value=role.as_str() selected=role == selected>{role.label()}</option> })
        .collect_view()
}

fn level_options(selected: Option<Level>) -> impl IntoView {
    let levels = Level::ALL.iter().copied().map(move |level| {
        view! { <option value=level.as_str() selected=Some(level) == selected>{level.as_str()}</option> }
    });
    view! {
        <option value="" selected=selected.is_none()>"None (not an engineer)"</option>
        {levels.collect_view()}
    }
}

#[component]
fn UserRow(user: UserSummary, action: ServerAction<UpdateUser>) -> impl IntoView {
    let id = user.id;
    let status = match (user.active, user.pending) {
        (false, _) => " · deactivated",
        (true, true) => " · invited",
        (true, false) => "",
    };
    let on_call = user.on_call.then_some(" · on call");
    view! {
        <tr>
            <th scope="row">{user.name.clone()}</th>
            <td>{user.email.clone()}</td>
            <td>{user.organisation.clone().unwrap_or_else(|| "Staff".to_owned())}</td>
            <td>
                <details>
                    <summary>
                        {user.role.label()}
                        {user.level.map(|l| format!(" {}", l.as_str()))}
                        {status}
                        {on_call}
                        <span class="visually-hidden">{format!(", change {}", user.name)}</span>
                    </summary>
                    <ActionForm action=action attr:class="compact-form">
                        <CsrfField />
                        <input type="hidden" name="change[user_id]" value=id.to_string() />
                        <label for=format!("role-{id}")>"Role"</label>
                        <select id=format!("role-{id}") name="change[role]">{role_options(user.role)}</select>
                        <label for=format!("level-{id}")>"Level"</label>
                        <select id=format!("level-{id}") name="change[level]">{level_options(user.level)}</select>
                        <label for=format!("org-{id}")>"Organisation (blank for staff)"</label>
                        <input id=format!("org-{id}") name="change[organisation]" value=user.organisation.clone() />
                        <label class="checkbox">
                            <input type="checkbox" name="change[active]" value="on" checked=user.active />
                            "Active"
                        </label>
                        <label class="checkbox">
                            <input type="checkbox" name="change[on_call]" value="on" checked=user.on_call />
                            "On call (engineers)"
                        </label>
                        <button type="submit" class="button">"Save"</button>
                    </ActionForm>
                </details>
            </td>
        </tr>
    }
}

#[component]
fn NewUserForm(action: ServerAction<CreateUser>) -> impl IntoView {
    let created = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <h3 id="new-user-title">"New user"</h3>
        <ActionForm action=action attr:aria-labelledby="new-user-title">
            <CsrfField />
            <FormError result=action.value().into() />
            <Show when=created>
                <p class="form-success" role="status">"User created; an invitation was sent."</p>
            </Show>
            <div class="field">
                <label for="new-user-name">"Name"</label>
                <input id="new-user-name" name="account[name]" required />
            </div>
            <div class="field">
                <label for="new-user-email">"Email"</label>
                <input id="new-user-email" name="account[email]" type="email" required />
            </div>
            <div class="field">
                <label for="new-user-role">"Role"</label>
                <select id="new-user-role" name="account[role]">{role_options(Role::Customer)}</select>
            </div>
            <div class="field">
                <label for="new-user-level">"Engineer level"</label>
                <select id="new-user-level" name="account[level]">{level_options(None)}</select>
            </div>
            <div class="field">
                <label for="new-user-org">"Organisation (blank for staff)"</label>
                <input id="new-user-org" name="account[organisation]" />
            </div>
            <button type="submit" class="button">"Create and invite"</button>
        </ActionForm>
    }
}

#[component]
fn OrganisationForm(
    organisation: Option<Organisation>,
    action: ServerAction<SaveOrganisation>,
) -> impl IntoView {
    let key = organisation.as_ref().map_or_else(|| "new".to_owned(), |o| o.id.to_string());
    let (name, time_zone, contracts) = organisation
        .as_ref()
        .map(|o| (o.name.clone(), o.time_zone.clone(), o.contracts.join(", ")))
        .unwrap_or_else(|| (String::new(), "UTC".to_owned(), String::new()));
    let legend =
        organisation.as_ref().map_or_else(|| "New organisation".to_owned(), |o| o.name.clone());
    let entitlements = organisation.as_ref().map(|o| {
        view! {
            <p>
                <a href=format!("/organisations/{}/entitlements", o.id)>
                    "Plans, contracts and points"
                    <span class="visually-hidden">{format!(" of {}", o.name)}</span>
                </a>
            </p>
        }
    });
    view! {
        <ActionForm action=action attr:class="compact-form">
            <fieldset>
                <legend>{legend}</legend>
                <CsrfField />
                <input type="hidden" name="organisation[organisation_id]" value=organisation.as_ref().map(|o| o.id.to_string()) />
                <label for=format!("org-name-{key}")>"Name"</label>
                <input id=format!("org-name-{key}") name="organisation[name]" value=name required />
                <label for=format!("org-tz-{key}")>"Time zone"</label>
                <input id=format!("org-tz-{key}") name="organisation[time_zone]" value=time_zone required />
                <label for=format!("org-contracts-{key}")>"Contract numbers (comma separated)"</label>
                <input id=format!("org-contracts-{key}") name="organisation[contracts]" value=contracts />
                <button type="submit" class="button">"Save"</button>
                {entitlements}
            </fieldset>
        </ActionForm>
    }
}
