//! The editor's fields: checked into the article's typed content, back
//! into the form, and rendered into the record a publish saves.

use crate::{
    error::AppError,
    kb::{
        Audience, ProductVersions, Restriction,
        authoring::DraftFields,
        parse_case_type,
        server::{
            articles::ArticleRecord,
            content::{ArticleContent, ArticleMeta, ExtraFields},
        },
    },
    markdown::{self, SiteLinks},
};

pub const MAX_BODY_CHARS: usize = 200_000;

impl ArticleContent {
    /// Checks what the writer gave; every problem is named.
    pub fn from_fields(fields: &DraftFields) -> Result<Self, AppError> {
        let title = fields.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(AppError::bad_request("Give the article a title of up to 200 characters."));
        }
        if fields.body_markdown.chars().count() > MAX_BODY_CHARS {
            return Err(AppError::bad_request("An article may be up to 200,000 characters."));
        }
        let audience = Audience::parse(&fields.audience).ok_or_else(|| {
            AppError::bad_request("Choose who may read it: public, customers or internal.")
        })?;
        let restricted_to =
            Restriction { plans: list(&fields.plans), organisations: list(&fields.organisations) };
        if !restricted_to.is_empty() && audience != Audience::Customers {
            return Err(AppError::bad_request(
                "Plans and organisations choose among customers: set who may read it to signed-in customers, or leave them empty.",
            ));
        }
        let mut products = Vec::new();
        for line in fields.products.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (name, versions) = line.split_once(':').unwrap_or((line, ""));
            products
                .push(ProductVersions { name: name.trim().to_owned(), versions: list(versions) });
        }
        let case_types = list(&fields.case_types)
            .iter()
            .map(|case_type| {
                parse_case_type(case_type).map_err(|_| {
                    AppError::bad_request(format!(
                        "{case_type:?} is not a case type: use question, enhancement, product_error, unexpected_behaviour or performance."
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            title: title.to_owned(),
            summary: fields.summary.trim().to_owned(),
            category: fields.category.trim().to_owned(),
            meta: ArticleMeta {
                audience,
                restricted_to,
                products,
                tags: list(&fields.tags),
                case_types,
            },
            body_markdown: fields.body_markdown.replace("\r\n", "\n"),
        })
    }

    /// Back into the editor's form.
    pub fn to_fields(&self) -> DraftFields {
        let meta = &self.meta;
        DraftFields {
            title: self.title.clone(),
            summary: self.summary.clone(),
            category: self.category.clone(),
            audience: meta.audience.as_str().to_owned(),
            plans: meta.restricted_to.plans.join(", "),
            organisations: meta.restricted_to.organisations.join(", "),
            products: meta
                .products
                .iter()
                .map(|p| match p.versions.is_empty() {
                    true => p.name.clone(),
                    false => format!("{}: {}", p.name, p.versions.join(", ")),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            tags: meta.tags.join(", "),
            case_types: meta.case_types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
            body_markdown: self.body_markdown.clone(),
        }
    }

    /// The record a publish saves: rendered, with the summary taken from
    /// the first paragraph when none is given.
    pub fn to_record(&self, slug: &str, source_path: String, extra: ExtraFields) -> ArticleRecord {
        let rendered = markdown::render(&self.body_markdown, &SiteLinks);
        let mut content = self.clone();
        if content.summary.is_empty() {
            let first = rendered.first_paragraph.clone().unwrap_or_default();
            content.summary = first.chars().take(300).collect();
        }
        ArticleRecord {
            slug: slug.to_owned(),
            content,
            extra,
            body_html: rendered.html,
            toc: rendered.toc,
            headings: rendered.headings,
            body_text: rendered.text,
            source_path,
            updated_at: 0,
            links: rendered.links,
        }
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips_through_the_stored_columns() {
        let fields = DraftFields {
            title: " Rotate the certificate ".into(),
            summary: String::new(),
            category: "Gateway".into(),
            audience: "customers".into(),
            products: "Kestrel Gateway: 9, 8\nKestrel Mail".into(),
            tags: "tls, certificates,".into(),
            case_types: "question".into(),
            body_markdown: "Open **Settings**.\r\n".into(),
            ..DraftFields::default()
        };
        let stored = ArticleContent::from_fields(&fields).expect("valid");
        assert_eq!(stored.title, "Rotate the certificate");
        assert_eq!(stored.body_markdown, "Open **Settings**.\n");
        let back = stored.to_fields();
        assert_eq!(back.products, "Kestrel Gateway: 9, 8\nKestrel Mail");
        assert_eq!(back.tags, "tls, certificates");
        let record = stored.to_record("rotate", String::new(), ExtraFields::new());
        assert_eq!(record.content.summary, "Open Settings.");
        assert!(record.body_html.contains("<strong>Settings</strong>"));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut fields =
            DraftFields { title: "T".into(), audience: "public".into(), ..Default::default() };
        fields.case_types = "complaint".into();
        let error = ArticleContent::from_fields(&fields).expect_err("refused");
        assert!(error.to_string().contains("\"complaint\" is not a case type"));
        fields.case_types.clear();
        fields.audience = "friends".into();
        assert!(ArticleContent::from_fields(&fields).is_err());
        fields.audience = "public".into();
        fields.plans = "premier".into();
        let error = ArticleContent::from_fields(&fields).expect_err("plans on a public article");
        assert!(error.to_string().contains("choose among customers"));
        fields.audience = "customers".into();
        let stored = ArticleContent::from_fields(&fields).expect("plans on a customers' article");
        assert_eq!(stored.to_fields().plans, "premier");
        fields.title = "  ".into();
        assert!(ArticleContent::from_fields(&fields).is_err());
    }
}
