//! Administration: every user and organisation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    accounts::{
        AccountsOverview, Level, Organisation, Role, UserSummary,
        admin_api::{CreateUser, SaveOrganisation, UpdateUser, load_accounts},
    },
    auth::csrf::CsrfField,
    ui::{
        feedback::{ErrorNotice, FormError},
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
    let overview = Resource::new(
        move || {
            (
                actions.create_user.version().get(),
                actions.update_user.version().get(),
                actions.save_organisation.version().get(),
            )
        },
        |_| load_accounts(),
    );
    view! {
        <Title text="Accounts" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Accounts overview actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Accounts(overview: AccountsOverview, actions: Actions) -> impl IntoView {
    let organisations = overview.organisations;
    let user_rows = overview
        .users
        .into_iter()
        .map(|user| view! { <UserRow user organisations=organisations.clone() action=actions.update_user /> })
        .collect_view();
    let organisation_rows = organisations
        .iter()
        .cloned()
        .map(|organisation| view! { <OrganisationForm organisation=Some(organisation) action=actions.save_organisation /> })
        .collect_view();
    view! {
        <h1>"Accounts"</h1>
        <section aria-labelledby="users-title">
            <h2 id="users-title">"Users"</h2>
            <FormError result=actions.update_user.value().into() />
            <DataTable caption="All users" columns=&["Name", "Email", "Organisation", "Role and status"]>
                {user_rows}
            </DataTable>
            <NewUserForm organisations=organisations.clone() action=actions.create_user />
        </section>
        <section aria-labelledby="organisations-title">
            <h2 id="organisations-title">"Organisations"</h2>
            <FormError result=actions.save_organisation.value().into() />
            {organisation_rows}
            <h3>"New organisation"</h3>
            <OrganisationForm organisation=None action=actions.save_organisation />
        </section>
    }
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

fn organisation_options(
    organisations: &[Organisation],
    selected: Option<&str>,
) -> impl IntoView + use<> {
    let options = organisations
        .iter()
        .map(|org| {
            let is_selected = selected == Some(org.name.as_str());
            view! { <option value=org.id.to_string() selected=is_selected>{org.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <option value="" selected=selected.is_none()>"None (staff)"</option>
        {options}
    }
}

#[component]
fn UserRow(
    user: UserSummary,
    organisations: Vec<Organisation>,
    action: ServerAction<UpdateUser>,
) -> impl IntoView {
    let id = user.id;
    let status = match (user.active, user.pending) {
        (false, _) => " · deactivated",
        (true, true) => " · invited",
        (true, false) => "",
    };
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
                        <span class="visually-hidden">{format!(", change {}", user.name)}</span>
                    </summary>
                    <ActionForm action=action attr:class="compact-form">
                        <CsrfField />
                        <input type="hidden" name="change[user_id]" value=id.to_string() />
                        <label for=format!("role-{id}")>"Role"</label>
                        <select id=format!("role-{id}") name="change[role]">{role_options(user.role)}</select>
                        <label for=format!("level-{id}")>"Level"</label>
                        <select id=format!("level-{id}") name="change[level]">{level_options(user.level)}</select>
                        <label for=format!("org-{id}")>"Organisation"</label>
                        <select id=format!("org-{id}") name="change[organisation_id]">
                            {organisation_options(&organisations, user.organisation.as_deref())}
                        </select>
                        <label class="checkbox">
                            <input type="checkbox" name="change[active]" value="on" checked=user.active />
                            "Active"
                        </label>
                        <button type="submit" class="button">"Save"</button>
                    </ActionForm>
                </details>
            </td>
        </tr>
    }
}

#[component]
fn NewUserForm(
    organisations: Vec<Organisation>,
    action: ServerAction<CreateUser>,
) -> impl IntoView {
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
                <label for="new-user-org">"Organisation"</label>
                <select id="new-user-org" name="account[organisation_id]">{organisation_options(&organisations, None)}</select>
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
