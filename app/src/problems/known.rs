//! "Is it this?": the current known problems shown to customers before
//! they file (the case form, "Get help"), each with a way to follow it
//! instead. The server writes the section's HTML, with plain forms that
//! work before and without the WebAssembly; the pages put it in place as
//! it is, which keeps the customers' bundle small.

use leptos::prelude::*;

/// The section's heading id: following comes back to it.
pub const KNOWN_PROBLEMS_ID: &str = "known-problems";

/// The section the server wrote (empty: nothing to show).
#[component]
pub fn KnownProblems(html: String) -> impl IntoView {
    view! { <div inner_html=html></div> }
}

/// The section for these problems; `from` says where the reader is
/// (`case_form`, `help`), `csrf` is their form token.
#[cfg(feature = "ssr")]
pub fn section(problems: &[super::KnownProblem], from: super::FollowedFrom, csrf: &str) -> String {
    use crate::{auth::csrf::CSRF_FIELD, markdown::escape_html};

    if problems.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<section class=\"known-problems\" aria-labelledby=\"{KNOWN_PROBLEMS_ID}\">\
         <h2 id=\"{KNOWN_PROBLEMS_ID}\" tabindex=\"-1\">Is it this? A known problem</h2>\
         <p>Following files no case and costs no points: we tell you of each update by \
         notification and email, and when it is fixed.</p><ul class=\"known-problem-list\">"
    );
    for problem in problems {
        let (id, title) = (problem.id, escape_html(&problem.title));
        let follow = if problem.following {
            format!(
                "<p class=\"form-success\">You follow this problem: we tell you of each update. \
                 <a href=\"/status#problem-{id}\">See it on the status page</a></p>"
            )
        } else {
            format!(
                "<form method=\"post\" action=\"/status/{id}/follow\" class=\"inline-form\">\
                 <input type=\"hidden\" name=\"{CSRF_FIELD}\" value=\"{csrf}\">\
                 <input type=\"hidden\" name=\"from\" value=\"{from}\">\
                 <button type=\"submit\" class=\"button\">Follow this problem instead\
                 <span class=\"visually-hidden\">: {title}</span></button></form>",
                csrf = escape_html(csrf),
                from = from.as_str(),
            )
        };
        html.push_str(&format!(
            "<li class=\"card\"><h3>{title}</h3><p><span class=\"badge\">{status}</span></p>\
             <div>{latest}</div>{follow}</li>",
            status = escape_html(&problem.status),
            // Rendered from Markdown and sanitised when it was posted.
            latest = problem.latest,
        ));
    }
    html.push_str("</ul></section>");
    html
}
