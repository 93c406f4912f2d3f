//! A data table with a caption for screen readers and column headers.

use leptos::prelude::*;

/// `columns` are the header labels; with `actions`, a last column holds
/// per-row buttons and its header is read out as "Actions".
#[component]
pub fn DataTable(
    #[prop(into)] caption: String,
    columns: &'static [&'static str],
    #[prop(optional)] actions: bool,
    children: Children,
) -> impl IntoView {
    let headers =
        columns.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view();
    let actions_header = actions.then(|| {
        view! {
            <th scope="col">
                <span class="visually-hidden">"Actions"</span>
            </th>
        }
    });
    view! {
        <table class="data-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
                <tr>{headers} {actions_header}</tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
