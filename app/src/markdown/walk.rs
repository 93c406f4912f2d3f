//! The walk over pulldown-cmark's events: headings get anchors and make the
//! table of contents, code is highlighted, links and images are resolved by
//! the caller, and the plain text is gathered for the index on the way.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{ArticleLink, Rendered, Resolve, TocEntry, highlight, slug, slug::Anchors};

struct Heading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
}

#[derive(Default)]
pub(super) struct Walk<'a> {
    pub out: Vec<Event<'a>>,
    pub rendered: Rendered,
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
    /// Takes one event of the parser.
    pub fn event(&mut self, event: Event<'a>, resolve: &dyn Resolve) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = id.map(|id| id.to_string());
                self.heading = Some(Heading { level, id, events: Vec::new(), text: String::new() });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind),
            Event::End(TagEnd::CodeBlock) => self.end_code(),
            Event::Text(text) if self.code.is_some() => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&text);
                }
            }
            Event::Start(Tag::Paragraph) => self.start_paragraph(),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match resolve.link(&dest_url) {
                    Some((url, article)) => {
                        self.links.push(Some((article, String::new())));
                        let dest_url = url.into();
                        self.emit(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                    }
                    None => self.links.push(None),
                }
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                match resolve.image(&dest_url) {
                    Some(url) => {
                        let dest_url = url.into();
                        self.emit(Event::Start(Tag::Image { link_type, dest_url, title, id }));
                    }
                    None => self.missing_image = Some(String::new()),
                }
            }
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Text(text) if self.missing_image.is_some() => {
                if let Some(description) = &mut self.missing_image {
                    description.push_str(&text);
                }
                self.text(&text);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.seen_content = true;
                let open = format!("<blockquote class=\"markdown-alert-{}\">\n", alert_name(kind));
                self.emit(Event::Html(open.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.block_break();
                self.emit(Event::Html("</blockquote>\n".into()))
            }
            Event::FootnoteReference(label) => {
                self.emit(Event::FootnoteReference(footnote_label(&label)))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.emit(Event::Start(Tag::FootnoteDefinition(footnote_label(&label))));
            }
            Event::Text(text) => {
                self.text(&text);
                self.emit(Event::Text(text));
            }
            Event::Code(code) => {
                self.text(&code);
                self.emit(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text(" ");
                self.emit(event);
            }
            // Raw HTML goes through to the sanitiser, which keeps only what
            // is safe.
            Event::Html(html) | Event::InlineHtml(html) => {
                self.text(&strip_tags(&html));
                self.emit(Event::Html(html));
            }
            other => {
                match &other {
                    Event::Start(_) => self.seen_content = true,
                    Event::End(tag) if ends_a_block(tag) => self.block_break(),
                    _ => {}
                }
                self.emit(other);
            }
        }
    }

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

    /// Blocks stay apart in the plain text: "Symptoms" and the list below it
    /// are two words for the index and the snippets, not "SymptomsVPN".
    fn block_break(&mut self) {
        if !self.rendered.text.ends_with(char::is_whitespace) && !self.rendered.text.is_empty() {
            self.rendered.text.push('\n');
        }
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else { return };
        self.block_break();
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
                "<a class=\"heading-anchor\" href=\"#{id}\">#<span class=\"visually-hidden\"> Link to the section {}</span></a></h{level}>\n",
                highlight::escape(&text)
            )
            .into(),
        ));
    }

    fn start_code(&mut self, kind: CodeBlockKind<'_>) {
        let language = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split_whitespace().next().unwrap_or_default().to_owned()
            }
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((language, String::new()));
    }

    fn end_code(&mut self) {
        if let Some((language, code)) = self.code.take() {
            self.seen_content = true;
            self.rendered.text.push_str(&code);
            self.rendered.text.push('\n');
            self.emit(Event::Html(highlight::code_block(&language, &code).into()));
        }
    }

    fn start_paragraph(&mut self) {
        self.seen_content = true;
        if self.rendered.first_paragraph.is_none() && self.heading.is_none() {
            self.paragraph = Some(String::new());
        }
        self.emit(Event::Start(Tag::Paragraph));
    }

    fn end_paragraph(&mut self) {
        if let Some(paragraph) = self.paragraph.take() {
            let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            if !paragraph.is_empty() {
                self.rendered.first_paragraph = Some(paragraph);
            }
        }
        self.rendered.text.push('\n');
        self.emit(Event::End(TagEnd::Paragraph));
    }

    fn end_link(&mut self) {
        if let Some(Some((article, words))) = self.links.pop() {
            if let Some(slug) = article {
                let text = words.split_whitespace().collect::<Vec<_>>().join(" ");
                self.rendered.links.push(ArticleLink { slug, text });
            }
            self.emit(Event::End(TagEnd::Link));
        }
    }

    /// An image shows, or (not resolved) its description in its place.
    fn end_image(&mut self) {
        let Some(description) = self.missing_image.take() else {
            self.emit(Event::End(TagEnd::Image));
            return;
        };
        let description = description.trim();
        let description = if description.is_empty() { "image" } else { description };
        self.emit(Event::Html(
            format!("<span class=\"missing-image\">[{}]</span>", highlight::escape(description))
                .into(),
        ));
    }
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

/// Whether the end of `tag` ends a block of text (a list item, a table cell
/// or row, a quotation): the next block's words are separate words.
fn ends_a_block(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}
