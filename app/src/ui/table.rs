//! A data table with a caption for screen readers and column headers.

use leptos::prelude::*;

/// A table's column headers: written out, or built from data (a policy's
/// severities).
pub struct Columns(Vec<String>);

impl<const N: usize> From<&'static [&'static str; N]> for Columns {
    fn from(labels: &'static [&'static str; N]) -> Self {
        Self(labels.iter().map(|label| (*label).to_owned()).collect())
    }
}

impl From<Vec<String>> for Columns {
    fn from(labels: Vec<String>) -> Self {
        Self(labels)
    }
}

/// `columns` are the header labels; with `actions`, a last column holds
/// per-row buttons and its header is read out as "Actions".
#[component]
pub fn DataTable(
    #[prop(into)] caption: String,
    #[prop(into)] columns: Columns,
    #[prop(optional)] actions: bool,
    children: Children,
) -> impl IntoView {
    let headers =
        columns.0.into_iter().map(|label| view! { <th scope="col">{label}</th> }).collect_view();
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
