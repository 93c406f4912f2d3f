//! The results page: hits with highlighted extracts, filters by product,
//! category and tag with their counts, and pages of ten.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    kb::{Facet, Facets, Filters, SearchRequest, SearchResults, api::search_articles},
    ui::feedback::{Loaded, urlencode},
};

/// The search in the address: what the page shows, and what links change.
type Search = SearchRequest;

/// The addresses of the results page's links.
trait Links {
    fn href(&self) -> String;
    fn toggled(&self, facet: Facet, value: &str) -> (String, bool);
    fn at_page(&self, page: usize) -> String;
}

impl Links for Search {
    fn href(&self) -> String {
        let mut parts = vec![format!("q={}", urlencode(&self.q))];
        for (facet, value) in self.filters.chosen() {
            parts.push(format!("{}={}", facet.as_str(), urlencode(value)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        format!("/search?{}", parts.join("&"))
    }

    /// The same search with a filter switched on or off (back to page one).
    fn toggled(&self, facet: Facet, value: &str) -> (String, bool) {
        let active = self.filters.get(facet) == Some(value);
        let chosen = (!active).then(|| value.to_owned());
        let next =
            Self { page: 1, filters: self.filters.clone().with(facet, chosen), ..self.clone() };
        (next.href(), active)
    }

    fn at_page(&self, page: usize) -> String {
        Self { page, ..self.clone() }.href()
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|q| Search {
            q: q.get("q").unwrap_or_default(),
            filters: Facet::ALL.iter().fold(Filters::default(), |filters, facet| {
                filters.with(*facet, q.get(facet.as_str()))
            }),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
        })
    });
    let results = Resource::new(move || search.get(), search_articles);
    let title = move || {
        let q = search.with(|s| s.q.clone());
        if q.trim().is_empty() { "Browse articles".to_owned() } else { format!("Search: {q}") }
    };
    view! {
        <Title text=title />
        <h1>{move || if search.with(|s| s.q.trim().is_empty()) { "Browse articles".to_owned() } else { "Search results".to_owned() }}</h1>
        <form action="/search" method="get" role="search" aria-label="Search articles" class="search-again">
            <label for="search-page-input">"Search for"</label>
            <input id="search-page-input" name="q" type="search" value=move || search.with(|s| s.q.clone()) />
            <button type="submit" class="button">"Search"</button>
        </form>
        <Loaded resource=results show=move |results| view! { <Results results search=search.get_untracked() /> } loading="Searching…" />
    }
}

#[component]
fn Results(results: SearchResults, search: Search) -> impl IntoView {
    let count = match (results.total, search.q.trim().is_empty()) {
        (0, _) => {
            "No articles match. Try other words, the error message as shown, or fewer filters."
                .to_owned()
        }
        (1, false) => format!("1 article matches “{}”.", search.q.trim()),
        (n, false) => format!("{n} articles match “{}”.", search.q.trim()),
        (n, true) => format!("{n} articles."),
    };
    let search_id = results.search_id;
    let first = results.offset;
    let hits = results
        .hits
        .into_iter()
        .enumerate()
        .map(|(i, hit)| {
            let position = first + i + 1;
            let href = match search_id {
                Some(id) => format!("{}?s={id}&p={position}", hit.url),
                None => hit.url.clone(),
            };
            let about = [hit.products.join(", "), hit.category.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <li class="hit">
                    <h2><a href=href>{hit.title.clone()}</a></h2>
                    <p class="hit-about">{about}</p>
                    <p class="hit-snippet" inner_html=hit.snippet.clone()></p>
                </li>
            }
        })
        .collect_view();
    let pages = results.total.div_ceil(results.limit.max(1)).min(1_000);
    view! {
        <p role="status" class="result-count">{count}</p>
        // Past the filters' links, straight to the first result.
        <a class="skip-to-results" href="#results" target="_self">"Skip to the results"</a>
        <div class="results-layout">
            <FacetFilters facets=results.facets.unwrap_or_default() search=search.clone() />
            <ol class="hits" id="results" tabindex="-1" aria-label="Results" start=first + 1>{hits}</ol>
        </div>
        <Pagination pages current=search.page search />
    }
}

#[component]
fn FacetFilters(facets: Facets, search: Search) -> impl IntoView {
    let group = |facet: Facet| {
        let values = facets.get(facet).to_vec();
        (!values.is_empty()).then(|| {
            let items = values
                .into_iter()
                .map(|(value, count)| {
                    let (href, active) = search.toggled(facet, &value);
                    let action = if active { "Remove filter: " } else { "" };
                    view! {
                        <li>
                            <a href=href aria-current=active.then_some("true") class:active=active>
                                <span class="visually-hidden">{action}</span>
                                {value}
                                <span class="facet-count">{format!(" ({count})")}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h2 class="facet-title">{facet.label()}</h2>
                <ul class="facet-values">{items}</ul>
            }
        })
    };
    view! {
        <nav class="facets" aria-label="Filter results">
            {Facet::ALL.iter().map(|facet| group(*facet)).collect_view()}
        </nav>
    }
}

#[component]
fn Pagination(pages: usize, current: usize, search: Search) -> impl IntoView {
    (pages > 1).then(|| {
        let window = current.saturating_sub(3).max(1)..=(current + 3).min(pages);
        let links = window
            .map(|page| {
                let here = page == current;
                view! {
                    <li>
                        <a href=search.at_page(page) aria-current=here.then_some("page")>
                            <span class="visually-hidden">"Page "</span>
                            {page}
                        </a>
                    </li>
                }
            })
            .collect_view();
        let previous = (current > 1).then(
            || view! { <li><a href=search.at_page(current - 1) rel="prev">"Previous"</a></li> },
        );
        let next = (current < pages)
            .then(|| view! { <li><a href=search.at_page(current + 1) rel="next">"Next"</a></li> });
        view! {
            <nav class="pagination" aria-label="Pages of results">
                <ul>{previous} {links} {next}</ul>
            </nav>
        }
    })
}
