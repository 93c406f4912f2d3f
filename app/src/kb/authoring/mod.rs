//! Writing articles in Selfdesk: drafts, review, versions and their
//! differences. The types travel between the server and the editor.

pub mod api;
#[cfg(feature = "full")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use serde::{Deserialize, Serialize};

use crate::{
    kb::{ArticleStatus, Audience},
    words::word_enum,
};

word_enum!(
    /// Where a working copy stands: a published article is an `articles`
    /// row, its next version a draft until published.
    DraftState, "draft state" {
        Draft = "draft", "Draft";
        InReview = "in_review", "In review";
        Scheduled = "scheduled", "Approved, scheduled";
    }
);

word_enum!(
    /// A reviewer's decision on a draft in review.
    ReviewDecision, "decision" {
        Approve = "approve", "Approve and publish";
        SendBack = "send_back", "Send back";
    }
);

/// A review of the draft: approving may set the publishing time (as the
/// form's `datetime-local` gives it, in UTC; blank: now), sending back
/// needs the comment. The time stays text here so that a malformed one is
/// refused with a message that shows the format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub slug: String,
    pub decision: ReviewDecision,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub publish_at: String,
}

/// The editable fields, as the editor's form writes them: products one a
/// line (`Kestrel Gateway: 9, 8`), tags, case types, plans and
/// organisations comma separated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DraftFields {
    pub title: String,
    pub summary: String,
    pub category: String,
    pub audience: String,
    /// Plan keys: a customers' article only for their holders.
    #[serde(default)]
    pub plans: String,
    /// Organisation names: a customers' article only for them.
    #[serde(default)]
    pub organisations: String,
    pub products: String,
    pub tags: String,
    pub case_types: String,
    pub body_markdown: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Draft {
    pub slug: String,
    pub fields: DraftFields,
    pub state: DraftState,
    /// The save this copy is; the next save names it.
    pub edit_number: i64,
    pub review_comment: String,
    pub publish_at: Option<i64>,
    pub updated_by: String,
    pub updated_at: i64,
    pub submitted_by: Option<String>,
    /// The latest published version, if the article was ever published.
    pub published_version: Option<i64>,
    /// Whether the viewer may approve it (a reviewer other than its submitter).
    pub may_approve: bool,
    /// The text rendered as a publish renders it: the editor's first preview.
    pub body_html: String,
}

/// A line of the writers' list of drafts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DraftCard {
    pub slug: String,
    pub title: String,
    pub state: DraftState,
    pub updated_by: String,
    pub updated_at: i64,
    pub publish_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionSummary {
    pub number: i64,
    pub title: String,
    pub note: String,
    pub published_by: Option<String>,
    pub approved_by: Option<String>,
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Change {
    Same,
    Added,
    Removed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
}

/// What changed from one version to another: the fields, then the text
/// line by line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    /// (field, before, after) for every field that changed.
    pub fields: Vec<(String, String, String)>,
    pub lines: Vec<DiffLine>,
}

/// An article's history: every version, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct History {
    pub slug: String,
    pub title: String,
    pub status: ArticleStatus,
    pub versions: Vec<VersionSummary>,
}

/// The audiences the editor offers.
pub fn audiences() -> [(Audience, &'static str); 3] {
    Audience::ALL.map(|a| (a, a.label()))
}
