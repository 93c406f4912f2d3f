//! `GET /status.atom`: the status page as an Atom feed, one entry per
//! update, for the problems the reader may see (a feed reader without a
//! session sees the public ones).

use axum::{extract::State, http::header, response::IntoResponse};

use app::{
    auth::server::Viewer,
    error::AppError,
    format::rfc3339,
    markdown::escape_html,
    problems::{Problem, server as problems},
    runtime::AppState,
};

pub async fn feed(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<impl IntoResponse, AppError> {
    let board = problems::board(&state, &viewer).await?;
    let problems: Vec<&Problem> = board.current.iter().chain(&board.recent).collect();
    let body = atom(&state.settings.link("/status"), &problems);
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body))
}

/// The feed's XML: every text escaped, the updates' sanitised HTML sent
/// as escaped `html` content.
fn atom(status_url: &str, problems: &[&Problem]) -> String {
    let updated = problems.iter().map(|p| p.updated_at).max().unwrap_or(0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>Service status</title>\n<id>{url}</id>\n\
         <link rel=\"alternate\" href=\"{url}\"/>\n<updated>{updated}</updated>\n",
        url = escape_html(status_url),
        updated = rfc3339(updated),
    );
    for problem in problems {
        let link = escape_html(&format!("{status_url}#problem-{}", problem.id));
        for update in &problem.updates {
            xml.push_str(&format!(
                "<entry>\n<title>{title}: {status}</title>\n<id>{link}-update-{id}</id>\n\
                 <link rel=\"alternate\" href=\"{link}\"/>\n<updated>{at}</updated>\n\
                 <author><name>Support</name></author>\n\
                 <content type=\"html\">{content}</content>\n</entry>\n",
                title = escape_html(&problem.title),
                status = escape_html(update.status.label()),
                id = update.id,
                at = rfc3339(update.created_at),
                content = escape_html(&update.html),
            ));
        }
    }
    xml.push_str("</feed>\n");
    xml
}
