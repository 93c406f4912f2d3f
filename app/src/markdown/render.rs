//! The rendering itself: pulldown-cmark's events walked, then sanitised.

use pulldown_cmark::{Options, Parser};
use serde::{Deserialize, Serialize};

use super::{
    TocEntry, highlight, sanitize,
    slug::{self, Anchors},
    walk::Walk,
};

/// A link from this article to another, by slug, with the words linking it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleLink {
    pub slug: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<ArticleLink>,
    /// A `#` heading opening the article: its title when none is given. It is
    /// not repeated in `html` (the page shows the title itself).
    pub first_heading: Option<String>,
    /// The first paragraph's text: the summary when none is given.
    pub first_paragraph: Option<String>,
    /// Every heading's text, for the index.
    pub headings: String,
    /// All the text, code included, for the index and search snippets.
    pub text: String,
}

/// Where links and images of an article point.
pub trait Resolve {
    /// A link's URL, and the slug when it points to another article;
    /// `None` leaves the words without a link.
    fn link(&self, destination: &str) -> Option<(String, Option<String>)>;
    /// An image's URL; `None` shows its description instead.
    fn image(&self, source: &str) -> Option<String>;
}

/// Keeps absolute web and mail links and in-page anchors; nothing else.
pub struct WebLinksOnly;

impl Resolve for WebLinksOnly {
    fn link(&self, destination: &str) -> Option<(String, Option<String>)> {
        is_web_link(destination).then(|| (destination.to_owned(), None))
    }

    fn image(&self, source: &str) -> Option<String> {
        source.starts_with("https://").then(|| source.to_owned())
    }
}

/// Links and images as writers give them in the editor: in-page anchors,
/// web links, other articles by their address (`/articles/SLUG`), pictures
/// from this site's media (`/media/...`). The server's publish, the
/// browser's preview and the importer (for what is not a file of its tree)
/// use it alike, so an exported article imports as it was.
pub struct SiteLinks;

impl Resolve for SiteLinks {
    fn link(&self, destination: &str) -> Option<(String, Option<String>)> {
        if let Some(fragment) = destination.strip_prefix('#') {
            return Some((anchor(fragment), None));
        }
        if let Some(slug) = destination.strip_prefix("/articles/") {
            let slug = slug.split(['#', '?']).next().unwrap_or_default();
            return slug::is_valid_slug(slug)
                .then(|| (destination.to_owned(), Some(slug.to_owned())));
        }
        // Files uploaded with the article (a PDF, a log).
        if destination.starts_with("/media/") && !destination.contains("..") {
            return Some((destination.to_owned(), None));
        }
        is_web_link(destination).then(|| (destination.to_owned(), None))
    }

    fn image(&self, source: &str) -> Option<String> {
        let local = source.starts_with("/media/") && !source.contains("..");
        local.then(|| source.to_owned())
    }
}

/// `#Step 2` in a link becomes the anchor the renderer gives that heading.
pub fn anchor(fragment: &str) -> String {
    if fragment.is_empty() {
        String::new()
    } else {
        format!("#{}{}", Anchors::PREFIX, slug::slugify(fragment))
    }
}

/// Text made safe to place in HTML.
pub fn escape_html(text: &str) -> String {
    highlight::escape(text)
}

pub fn is_web_link(destination: &str) -> bool {
    ["https://", "http://", "mailto:", "#"].iter().any(|prefix| destination.starts_with(prefix))
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders an article body (front matter already removed).
pub fn render(markdown: &str, resolve: &dyn Resolve) -> Rendered {
    let mut walk = Walk::default();
    for event in Parser::new_ext(markdown, options()) {
        walk.event(event, resolve);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    let mut rendered = walk.rendered;
    rendered.html = sanitize::sanitize(&html);
    rendered
}
