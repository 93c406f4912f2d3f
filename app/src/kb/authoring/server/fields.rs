//! The editor's fields: checked, stored as the article columns store them,
//! and rendered into the record a publish saves.

use crate::{
    cases::CaseType,
    error::AppError,
    infra::stored::decode_column,
    kb::{
        Audience, ProductVersions, Restriction, authoring::DraftFields,
        server::articles::ArticleRecord,
    },
    markdown::{self, SiteLinks},
};

/// The fields as the database keeps them (lists as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Stored {
    pub title: String,
    pub summary: String,
    pub category: String,
    pub audience: String,
    pub restricted_to: String,
    pub products: String,
    pub tags: String,
    pub case_types: String,
    pub body_markdown: String,
}

pub const MAX_BODY_CHARS: usize = 200_000;

impl Stored {
    /// The columns `Stored` reads, alike in articles, drafts and versions.
    pub const COLUMNS: &'static str = "title, summary, category, audience, restricted_to, products, tags, case_types, body_markdown";

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
        let case_types = list(&fields.case_types);
        for case_type in &case_types {
            case_type.parse::<CaseType>().map_err(|_| {
                AppError::bad_request(format!(
                    "{case_type:?} is not a case type: use question, enhancement, product_error, unexpected_behaviour or performance."
                ))
            })?;
        }
        Ok(Self {
            title: title.to_owned(),
            summary: fields.summary.trim().to_owned(),
            category: fields.category.trim().to_owned(),
            audience: audience.as_str().to_owned(),
            restricted_to: restricted_to.to_column(),
            products: json(&products),
            tags: json(&list(&fields.tags)),
            case_types: json(&case_types),
            body_markdown: fields.body_markdown.replace("\r\n", "\n"),
        })
    }

    /// Back into the editor's form.
    pub fn to_fields(&self) -> DraftFields {
        let products: Vec<ProductVersions> =
            decode_column("articles, drafts or versions", "products", &self.products);
        let strings = |column: &str, text: &str| -> String {
            decode_column::<Vec<String>>("articles, drafts or versions", column, text).join(", ")
        };
        let restricted_to = Restriction::from_column(&self.restricted_to);
        DraftFields {
            title: self.title.clone(),
            summary: self.summary.clone(),
            category: self.category.clone(),
            audience: self.audience.clone(),
            plans: restricted_to.plans.join(", "),
            organisations: restricted_to.organisations.join(", "),
            products: products
                .iter()
                .map(|p| match p.versions.is_empty() {
                    true => p.name.clone(),
                    false => format!("{}: {}", p.name, p.versions.join(", ")),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            tags: strings("tags", &self.tags),
            case_types: strings("case_types", &self.case_types),
            body_markdown: self.body_markdown.clone(),
        }
    }

    /// The record a publish saves: rendered, with the summary taken from
    /// the first paragraph when none is given.
    pub fn to_record(&self, slug: &str, source_path: String, extra: String) -> ArticleRecord {
        let rendered = markdown::render(&self.body_markdown, &SiteLinks);
        let summary = if self.summary.is_empty() {
            let first = rendered.first_paragraph.clone().unwrap_or_default();
            first.chars().take(300).collect()
        } else {
            self.summary.clone()
        };
        ArticleRecord {
            slug: slug.to_owned(),
            title: self.title.clone(),
            summary,
            category: self.category.clone(),
            audience: self.audience.clone(),
            restricted_to: self.restricted_to.clone(),
            products: self.products.clone(),
            tags: self.tags.clone(),
            case_types: self.case_types.clone(),
            extra,
            body_markdown: self.body_markdown.clone(),
            body_html: rendered.html,
            toc: json(&rendered.toc),
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

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
        let stored = Stored::from_fields(&fields).expect("valid");
        assert_eq!(stored.title, "Rotate the certificate");
        assert_eq!(stored.body_markdown, "Open **Settings**.\n");
        let back = stored.to_fields();
        assert_eq!(back.products, "Kestrel Gateway: 9, 8\nKestrel Mail");
        assert_eq!(back.tags, "tls, certificates");
        let record = stored.to_record("rotate", String::new(), "{}".into());
        assert_eq!(record.summary, "Open Settings.");
        assert!(record.body_html.contains("<strong>Settings</strong>"));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut fields =
            DraftFields { title: "T".into(), audience: "public".into(), ..Default::default() };
        fields.case_types = "complaint".into();
        let error = Stored::from_fields(&fields).expect_err("refused");
        assert!(error.to_string().contains("\"complaint\" is not a case type"));
        fields.case_types.clear();
        fields.audience = "friends".into();
        assert!(Stored::from_fields(&fields).is_err());
        fields.audience = "public".into();
        fields.plans = "premier".into();
        let error = Stored::from_fields(&fields).expect_err("plans on a public article");
        assert!(error.to_string().contains("choose among customers"));
        fields.audience = "customers".into();
        let stored = Stored::from_fields(&fields).expect("plans on a customers' article");
        assert_eq!(stored.to_fields().plans, "premier");
        fields.title = "  ".into();
        assert!(Stored::from_fields(&fields).is_err());
    }
}
