//! Partners and clients: admins set which organisation serves which
//! (`/admin/partners`); on the organisation page a client's account
//! holders choose what each partner may do, and a partner's people find
//! the clients they file cases for.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    accounts::partners_api::{
        AllowPartner, EndPartnership, PartnerAccess, Partnership, SetPartnership, load_partnerships,
    },
    auth::csrf::CsrfField,
    ui::{
        feedback::{FormError, Loaded},
        table::DataTable,
    },
};

fn access_options(selected: PartnerAccess) -> impl IntoView {
    PartnerAccess::ALL
        .iter()
        .map(|access| {
            view! { <option value=access.as_str() selected=*access == selected>{access.label()}</option> }
        })
        .collect_view()
}

/// `/admin/partners`: every partnership, and the form that sets one.
#[component]
pub fn AdminPartnersPage() -> impl IntoView {
    let set = ServerAction::<SetPartnership>::new();
    let end = ServerAction::<EndPartnership>::new();
    let partnerships =
        Resource::new(move || (set.version().get(), end.version().get()), |_| load_partnerships());
    view! {
        <Title text="Partners" />
        <h1>"Partners"</h1>
        <p class="lead">"A partner files and follows cases for the clients it serves, as far as each client's account holders allow."</p>
        <Loaded resource=partnerships show=move |all| view! { <AllPartnerships all end /> } />
        <h2 id="partnership-title">"Set a partnership"</h2>
        <ActionForm action=set attr:class="tool-form" attr:aria-labelledby="partnership-title">
            <CsrfField />
            <FormError result=set.value().into() />
            <div class="field">
                <label for="partner-name">"Partner (organisation name)"</label>
                <input id="partner-name" name="partner" required autocomplete="off" />
            </div>
            <div class="field">
                <label for="client-name">"Client (organisation name)"</label>
                <input id="client-name" name="client" required autocomplete="off" />
            </div>
            <div class="field">
                <label for="partner-access">"What the partner may do"</label>
                <select id="partner-access" name="access">{access_options(PartnerAccess::File)}</select>
            </div>
            <button type="submit" class="button">"Save the partnership"</button>
        </ActionForm>
    }
}

#[component]
fn AllPartnerships(all: Vec<Partnership>, end: ServerAction<EndPartnership>) -> impl IntoView {
    let empty = all.is_empty().then(|| view! { <p>"No partnerships yet."</p> });
    let rows = all
        .into_iter()
        .map(|p| {
            let label = format!(" {} for {}", p.partner, p.client);
            view! {
                <tr>
                    <th scope="row">{p.partner.clone()}</th>
                    <td>{p.client.clone()}</td>
                    <td>{p.access.label()}</td>
                    <td>
                        <ActionForm action=end attr:class="inline-form">
                            <CsrfField />
                            <input type="hidden" name="partner_id" value=p.partner_id.0 />
                            <input type="hidden" name="client_id" value=p.client_id.0 />
                            <button type="submit" class="link-button">
                                "End"<span class="visually-hidden">{label}</span>
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FormError result=end.value().into() />
        {empty}
        <DataTable caption="Partnerships" columns=&["Partner", "Client", "May"] actions=true>{rows}</DataTable>
    }
}

/// A client's partners; its account holders (`manage`) choose what each
/// may do.
#[component]
pub fn PartnersOfClient(
    partners: Vec<Partnership>,
    manage: bool,
    allow: ServerAction<AllowPartner>,
) -> impl IntoView {
    if partners.is_empty() {
        return None;
    }
    let items = partners
        .into_iter()
        .map(|p| {
            let field = format!("access-{}", p.partner_id.0);
            let name = p.partner.clone();
            let form = manage.then(|| {
                view! {
                    <ActionForm action=allow attr:class="tool-form">
                        <CsrfField />
                        <input type="hidden" name="partner_id" value=p.partner_id.0 />
                        <div class="field">
                            <label for=field.clone()>{format!("What {} may do", p.partner)}</label>
                            <select id=field.clone() name="access">{access_options(p.access)}</select>
                        </div>
                        <button type="submit" class="button">"Save"<span class="visually-hidden">{format!(" for {}", p.partner)}</span></button>
                    </ActionForm>
                }
            });
            view! { <li><strong>{name}</strong>": "{p.access.label()}{form}</li> }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="partners-title">
            <h2 id="partners-title">"Partners"</h2>
            <p>"Partners file cases for you and follow them, as far as you allow."</p>
            <FormError result=allow.value().into() />
            <ul class="partners">{items}</ul>
        </section>
    })
}

/// The clients a partner serves, with where to file a case for each.
#[component]
pub fn ClientsOfPartner(clients: Vec<Partnership>) -> impl IntoView {
    if clients.is_empty() {
        return None;
    }
    let items = clients
        .into_iter()
        .map(|p| {
            let file = p.access.acts().then(|| {
                let href = format!("/cases/new?client={}", p.client_id.0);
                view! { " "<a href=href>{format!("File a case for {}", p.client)}</a> }
            });
            view! { <li><strong>{p.client.clone()}</strong>": "{p.access.label()}{file}</li> }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="clients-title">
            <h2 id="clients-title">"Clients you serve"</h2>
            <ul class="partners">{items}</ul>
        </section>
    })
}
