//! The knowledge base: articles, search, feedback. The types here travel
//! between server and browser; the server functions sit beside them.

pub mod analytics_api;
pub mod api;
pub mod authoring;
mod facets;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod server;
mod types;

pub use crate::markdown::TocEntry;
pub use facets::{Facet, Facets, Filters};
pub use types::{
    AnalyticsReport, Arrival, Feedback, Helpful, QueryCount, SearchHit, SearchParams,
    SearchRequest, SearchResults, Suggestion, UnhelpfulArticle,
};

use serde::{Deserialize, Serialize};

use crate::{cases::CaseType, error::AppError};

/// Who may read an article. The default is the narrowest, staff only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everyone, signed in or not.
    Public,
    /// Signed-in users.
    Customers,
    /// Staff only.
    #[default]
    Internal,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Public, Audience::Customers, Audience::Internal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Customers => "customers",
            Self::Internal => "internal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Everyone",
            Self::Customers => "Signed-in customers",
            Self::Internal => "Staff only",
        }
    }

    /// Reads the words authors use; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "public" | "everyone" | "anonymous" | "all" => Some(Self::Public),
            "customers" | "customer" | "signed-in" | "signed_in" | "registered" => {
                Some(Self::Customers)
            }
            "internal" | "staff" | "engineers" | "private" => Some(Self::Internal),
            _ => None,
        }
    }
}

impl std::str::FromStr for Audience {
    type Err = AppError;

    fn from_str(value: &str) -> Result<Self, AppError> {
        Self::parse(value).ok_or_else(|| {
            AppError::bad_request(format!(
                "Unknown audience {value:?}: use public, customers or internal."
            ))
        })
    }
}

crate::words::read_as_word!(Audience);

// The tables' CHECK constraints keep the column to the three words.
#[cfg(feature = "ssr")]
crate::words::stored_word!(Audience);

crate::words::word_enum!(
    /// Whether an article is out for its readers. A draft or a draft in
    /// review is a row of its own (`DraftState`), beside the article.
    ArticleStatus, "article status" {
        Published = "published", "Published";
        Archived = "archived", "Archived";
    }
);

/// Narrows a customers' article to the organisations holding one of the
/// plans, or named: a reader needs either. Empty: every signed-in customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Restriction {
    /// Plan keys (`premier`), matched against the reader's active contracts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<String>,
    /// Organisation names, matched regardless of case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
}

impl Restriction {
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty() && self.organisations.is_empty()
    }

    /// The stored form: empty text for none, else JSON.
    pub fn to_column(&self) -> String {
        if self.is_empty() {
            String::new()
        } else {
            serde_json::to_string(self).unwrap_or_default()
        }
    }

    /// Reads the stored form. Unreadable text restricts to nobody (staff
    /// still read it): a damaged row must never widen who reads an article.
    pub fn from_column(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        serde_json::from_str(text)
            .unwrap_or_else(|_| Self { plans: vec![String::new()], organisations: Vec::new() })
    }
}

// Rows decode straight into a restriction, through the stored form above.
#[cfg(feature = "ssr")]
impl sqlx::Type<sqlx::Any> for Restriction {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

#[cfg(feature = "ssr")]
impl<'r> sqlx::Decode<'r, sqlx::Any> for Restriction {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Self::from_column(&<String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?))
    }
}

#[cfg(feature = "ssr")]
impl<'q> sqlx::Encode<'q, sqlx::Any> for Restriction {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, sqlx::Any>>::encode(self.to_column(), buf)
    }
}

/// The case type key for what an author wrote (`product error`, `Performance`...).
pub fn parse_case_type(value: &str) -> Result<CaseType, AppError> {
    let normalised = value
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-', '/'], "_")
        .replace("behavior", "behaviour");
    let as_key = |label: &str| label.to_ascii_lowercase().replace([' ', '-', '/'], "_");
    CaseType::ALL
        .iter()
        .find(|case_type| case_type.as_str() == normalised || as_key(case_type.label()) == normalised)
        .copied()
        .ok_or_else(|| {
            AppError::bad_request(format!(
                "unknown case type {value:?}: use question, enhancement, product_error, unexpected_behaviour or performance"
            ))
        })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProductVersions {
    pub name: String,
    /// Empty: every version.
    #[serde(default)]
    pub versions: Vec<String>,
}

/// An article in a list: enough to show and link it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
}

/// An article as its page and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub audience: Audience,
    #[serde(default)]
    pub restricted_to: Restriction,
    pub products: Vec<ProductVersions>,
    pub tags: Vec<String>,
    pub case_types: Vec<CaseType>,
    /// Unix milliseconds.
    pub updated_at: i64,
    /// Sanitised when the article was imported or published.
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub related: Vec<ArticleCard>,
}

pub fn article_url(slug: &str) -> String {
    format!("/articles/{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_read_the_words_authors_use() {
        assert_eq!(Audience::parse("Public"), Some(Audience::Public));
        assert_eq!(Audience::parse("signed-in"), Some(Audience::Customers));
        assert_eq!(Audience::parse("staff"), Some(Audience::Internal));
        assert_eq!(Audience::parse("itpro"), None);
    }

    #[test]
    fn case_types_read_keys_and_labels() {
        assert_eq!(parse_case_type("product error"), Ok(CaseType::ProductError));
        assert_eq!(parse_case_type("Unexpected behavior"), Ok(CaseType::UnexpectedBehaviour));
        assert_eq!(parse_case_type("Performance issue"), Ok(CaseType::Performance));
        assert_eq!(parse_case_type("Question / how-to"), Ok(CaseType::Question));
        assert!(parse_case_type("complaint").is_err());
    }
}
