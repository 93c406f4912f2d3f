//! A customer organisation as its members see it; account holders manage
//! who belongs to it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    accounts::{
        Member, OrganisationOverview, Role,
        organisation_api::{InviteMember, RemoveMember, ShareAllCases, my_organisation},
        pages::partners::{ClientsOfPartner, PartnersOfClient},
        partners_api::AllowPartner,
    },
    auth::csrf::CsrfField,
    ui::{
        feedback::{FormError, Loaded},
        table::DataTable,
    },
};

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let invite = ServerAction::<InviteMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let share = ServerAction::<ShareAllCases>::new();
    let allow = ServerAction::<AllowPartner>::new();
    let overview = Resource::new(
        move || {
            let changes = [invite.version(), remove.version(), share.version(), allow.version()];
            changes.map(|version| version.get())
        },
        |_| my_organisation(),
    );
    view! {
        <Title text="Your organisation" />
        <Loaded resource=overview show=move |overview| view! { <Overview overview invite remove share allow /> } />
    }
}

#[component]
fn Overview(
    overview: OrganisationOverview,
    invite: ServerAction<InviteMember>,
    remove: ServerAction<RemoveMember>,
    share: ServerAction<ShareAllCases>,
    allow: ServerAction<AllowPartner>,
) -> impl IntoView {
    let shared = overview.members_see_all_cases;
    let manage = overview.members.is_some();
    let partners = overview.partners;
    let clients = overview.clients;
    let organisation = overview.organisation;
    let contracts = if organisation.contracts.is_empty() {
        "None yet".to_owned()
    } else {
        organisation.contracts.join(", ")
    };
    let members = overview.members.map(|members| {
        view! {
            <section aria-labelledby="members-title">
                <h2 id="members-title">"Members"</h2>
                <FormError result=remove.value().into() />
                <MemberTable members remove />
                <InviteForm invite />
            </section>
            <CaseSharing shared share />
        }
    });
    view! {
        <h1>{organisation.name.clone()}</h1>
        <dl class="facts">
            <dt>"Time zone"</dt>
            <dd>{organisation.time_zone.clone()}</dd>
            <dt>"Service contracts"</dt>
            <dd>{contracts}</dd>
            <dt>"Cases"</dt>
            <dd>{if shared { "Every member sees every case" } else { "Members see the cases they file or follow" }}</dd>
        </dl>
        {members}
        <PartnersOfClient partners manage allow />
        <ClientsOfPartner clients />
    }
}

#[component]
fn MemberTable(members: Vec<Member>, remove: ServerAction<RemoveMember>) -> impl IntoView {
    let rows = members
        .into_iter()
        .map(|member| {
            let status = if !member.active {
                "Removed"
            } else if member.pending {
                "Invited"
            } else {
                "Active"
            };
            let label = format!(" {}", member.name);
            let remove_button = member.active.then(|| {
                view! {
                    <ActionForm action=remove attr:class="inline-form">
                        <CsrfField />
                        <input type="hidden" name="user_id" value=member.id.to_string() />
                        <button type="submit" class="link-button">
                            "Remove"<span class="visually-hidden">{label}</span>
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{member.name.clone()}</th>
                    <td>{member.email.clone()}</td>
                    <td>{member.role.label()}</td>
                    <td>{status}</td>
                    <td>{remove_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption="Members of the organisation" columns=&["Name", "Email", "Role", "Status"] actions=true>
            {rows}
        </DataTable>
    }
}

#[component]
fn InviteForm(invite: ServerAction<InviteMember>) -> impl IntoView {
    let sent = move || matches!(invite.value().get(), Some(Ok(())));
    view! {
        <h3 id="invite-title">"Invite someone"</h3>
        <ActionForm action=invite attr:aria-labelledby="invite-title">
            <CsrfField />
            <FormError result=invite.value().into() />
            <Show when=sent>
                <p class="form-success" role="status">"Invitation sent."</p>
            </Show>
            <div class="field">
                <label for="invite-name">"Name"</label>
                <input id="invite-name" name="invitation[name]" autocomplete="off" required />
            </div>
            <div class="field">
                <label for="invite-email">"Email"</label>
                <input id="invite-email" name="invitation[email]" type="email" autocomplete="off" required />
            </div>
            <div class="field">
                <label for="invite-role">"Role"</label>
                <select id="invite-role" name="invitation[role]">
                    <option value=Role::Customer.as_str()>{Role::Customer.label()}</option>
                    <option value=Role::AccountHolder.as_str()>{Role::AccountHolder.label()}</option>
                </select>
            </div>
            <button type="submit" class="button">"Send the invitation"</button>
        </ActionForm>
    }
}

/// Whether every member sees every case: account holders choose.
#[component]
fn CaseSharing(shared: bool, share: ServerAction<ShareAllCases>) -> impl IntoView {
    let (explained, label) = if shared {
        (
            "Every member sees every case of the organisation, and can write to it.",
            "Show members only the cases they file or follow",
        )
    } else {
        (
            "Members see the cases they file and those they follow; account holders see them all.",
            "Let every member see every case",
        )
    };
    view! {
        <section aria-labelledby="sharing-title">
            <h2 id="sharing-title">"Who sees the cases"</h2>
            <p>{explained}</p>
            <FormError result=share.value().into() />
            <ActionForm action=share attr:class="tool-form">
                <CsrfField />
                <input type="hidden" name="share" value=(!shared).to_string() />
                <button type="submit" class="button">{label}</button>
            </ActionForm>
        </section>
    }
}
