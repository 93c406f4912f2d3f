//! `/enhancements`: product management's list of enhancement requests, by
//! product, with how many organisations asked. They never enter the
//! engineers' queue and have no SLA.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    cases::{ProductRequests, enhancements_api::load_enhancements},
    format,
    ui::{feedback::Loaded, table::DataTable},
};

#[component]
pub fn EnhancementsPage() -> impl IntoView {
    let query = use_query_map();
    let finished = move || query.with(|q| q.get("finished")).filter(|v| !v.is_empty());
    let products = Resource::new(finished, load_enhancements);
    let by_product = |products: Vec<ProductRequests>| match products.is_empty() {
        true => view! { <p>"No enhancement requests."</p> }.into_any(),
        false => products
            .into_iter()
            .map(|product| view! { <Product product /> })
            .collect_view()
            .into_any(),
    };
    view! {
        <Title text="Enhancement requests" />
        <h1>"Enhancement requests"</h1>
        <p class="lead">"What customers ask the products to do, by product. These requests have no SLA and do not enter the queue."</p>
        <form method="get" action="/enhancements" class="inline-fields">
            <div class="field checkbox">
                <input id="enhancements-finished" type="checkbox" name="finished" value="true" checked=move || finished().is_some() />
                <label for="enhancements-finished">"Include resolved and closed requests"</label>
            </div>
            <button type="submit">"Show"</button>
        </form>
        <Loaded resource=products show=by_product />
    }
}

#[component]
fn Product(product: ProductRequests) -> impl IntoView {
    let plural = |count: usize, word: &str| {
        if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
    };
    let heading = format!(
        "{}: {} from {}",
        product.product,
        plural(product.requests.len(), "request"),
        plural(product.organisations as usize, "organisation")
    );
    let rows = product
        .requests
        .into_iter()
        .map(|request| {
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/cases/{}", request.reference)>{request.reference.clone()}</a>
                    </th>
                    <td>{request.subject}</td>
                    <td>{request.version}</td>
                    <td>{format!("{} ({})", request.organisation, request.requested_by)}</td>
                    <td>{request.status.label()}</td>
                    <td>{format::date(request.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h2>{heading}</h2>
            <DataTable caption="Enhancement requests, newest first" columns=&["Case", "Request", "Version", "Organisation", "Status", "Opened"]>
                {rows}
            </DataTable>
        </section>
    }
}
