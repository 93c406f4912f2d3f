//! Markdown to safe HTML, done once when an article is imported or published.
//!
//! One function owns the pulldown-cmark options and the walk over its
//! events: heading anchors and the table of contents, highlighted code,
//! links between articles and images resolved by the caller, then
//! sanitising. The result also carries the plain text the search index needs.
//! The editor's preview asks the server for the same rendering.

pub mod front_matter;
mod highlight;
mod sanitize;
pub mod slug;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::{Deserialize, Serialize};

use slug::Anchors;

pub use crate::kb::TocEntry;

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

struct Heading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
}

#[derive(Default)]
struct Walk<'a> {
    out: Vec<Event<'a>>,
    rendered: Rendered,
    anchors: Anchors,
    heading: Option<Heading<'a>>,
    code: Option<(String, String)>,
    /// Open links: the article they point to (if any) and their words so far;
    /// `None` for a link whose words stand alone.
    links: Vec<Option<(Option<String>, String)>>,
    /// The description of an image that could not be resolved.
    missing_image: Option<String>,
    paragraph: Option<String>,
    seen_content: bool,
}

impl<'a> Walk<'a> {
    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => self.out.push(event),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
        }
        if let Some(paragraph) = &mut self.paragraph {
            paragraph.push_str(text);
        }
        for (_, words) in self.links.iter_mut().flatten() {
            words.push_str(text);
        }
        self.rendered.text.push_str(text);
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else { return };
        let text = heading.text.trim().to_owned();
        if heading.level == HeadingLevel::H1
            && !self.seen_content
            && self.rendered.first_heading.is_none()
        {
            self.rendered.first_heading = Some(text.clone());
            self.rendered.headings.push_str(&text);
            self.rendered.headings.push('\n');
            return;
        }
        self.seen_content = true;
        let id = match heading.id {
            Some(id) => self.anchors.unique(&id),
            None => self.anchors.unique(&text),
        };
        let level = heading.level as u8;
        if (2..=3).contains(&level) {
            self.rendered.toc.push(TocEntry { level, id: id.clone(), text: text.clone() });
        }
        self.rendered.headings.push_str(&text);
        self.rendered.headings.push('\n');
        self.out.push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
        self.out.extend(heading.events);
        self.out.push(Event::Html(
            format!(
                "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to the section {}\">#</a></h{level}>\n",
                highlight::escape(&text)
            )
            .into(),
        ));
    }
}

/// Renders an article body (front matter already removed).
pub fn render(markdown: &str, resolve: &dyn Resolve) -> Rendered {
    let mut walk = Walk::default();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                walk.heading = Some(Heading {
                    level,
                    id: id.map(|id| id.to_string()),
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => walk.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or_default().to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                walk.code = Some((language, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, code)) = walk.code.take() {
                    walk.seen_content = true;
                    walk.rendered.text.push_str(&code);
                    walk.rendered.text.push('\n');
                    walk.emit(Event::Html(highlight::code_block(&language, &code).into()));
                }
            }
            Event::Text(text) if walk.code.is_some() => {
                if let Some((_, code)) = &mut walk.code {
                    code.push_str(&text);
                }
            }
            Event::Start(Tag::Paragraph) => {
                walk.seen_content = true;
                if walk.rendered.first_paragraph.is_none() && walk.heading.is_none() {
                    walk.paragraph = Some(String::new());
                }
                walk.emit(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(paragraph) = walk.paragraph.take() {
                    let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !paragraph.is_empty() {
                        walk.rendered.first_paragraph = Some(paragraph);
                    }
                }
                walk.rendered.text.push('\n');
                walk.emit(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match resolve.link(&dest_url) {
                    Some((url, article)) => {
                        walk.links.push(Some((article, String::new())));
                        walk.emit(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    None => walk.links.push(None),
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some((article, words))) = walk.links.pop() {
                    if let Some(slug) = article {
                        let text = words.split_whitespace().collect::<Vec<_>>().join(" ");
                        walk.rendered.links.push(ArticleLink { slug, text });
                    }
                    walk.emit(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                match resolve.image(&dest_url) {
                    Some(url) => walk.emit(Event::Start(Tag::Image {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    })),
                    None => walk.missing_image = Some(String::new()),
                }
            }
            Event::End(TagEnd::Image) => match walk.missing_image.take() {
                Some(description) => {
                    let description = if description.trim().is_empty() {
                        "image".to_owned()
                    } else {
                        description
                    };
                    walk.emit(Event::Html(
                        format!(
                            "<span class=\"missing-image\">[{}]</span>",
                            highlight::escape(description.trim())
                        )
                        .into(),
                    ));
                }
                None => walk.emit(Event::End(TagEnd::Image)),
            },
            Event::Text(text) if walk.missing_image.is_some() => {
                if let Some(description) = &mut walk.missing_image {
                    description.push_str(&text);
                }
                walk.text(&text);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                walk.seen_content = true;
                walk.emit(Event::Html(
                    format!("<blockquote class=\"markdown-alert-{}\">\n", alert_name(kind)).into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                walk.emit(Event::Html("</blockquote>\n".into()))
            }
            Event::FootnoteReference(label) => {
                walk.emit(Event::FootnoteReference(footnote_label(&label)))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                walk.emit(Event::Start(Tag::FootnoteDefinition(footnote_label(&label))));
            }
            Event::Text(text) => {
                walk.text(&text);
                walk.emit(Event::Text(text));
            }
            Event::Code(code) => {
                walk.text(&code);
                walk.emit(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                walk.text(" ");
                walk.emit(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                walk.text(&strip_tags(&html));
                walk.emit(raw_html(html));
            }
            other => {
                if matches!(other, Event::Start(_)) {
                    walk.seen_content = true;
                }
                walk.emit(other);
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    let mut rendered = walk.rendered;
    rendered.html = finish(html);
    rendered
}

/// Raw HTML goes through to the sanitiser, which keeps only what is safe.
fn raw_html(html: CowStr<'_>) -> Event<'_> {
    Event::Html(html)
}

fn finish(html: String) -> String {
    sanitize::sanitize(&html)
}

/// The words of a piece of raw HTML, for the index.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn alert_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Footnote ids get the article prefix too (pulldown-cmark uses the label as id).
fn footnote_label(label: &str) -> CowStr<'static> {
    format!("{}fn-{}", Anchors::PREFIX, slug::slugify(label)).into()
}

#[cfg(test)]
mod tests;
