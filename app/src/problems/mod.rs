//! Known problems: one problem behind many customers' cases (an outage, a
//! bug in a release). Engineers write its status and dated updates;
//! customers read them on `/status` (and its feed), follow a problem
//! instead of filing a case about it, and are told of each update. Who
//! may see a problem follows the articles' rule (`kb::Audience`,
//! `kb::Restriction`).

use serde::{Deserialize, Serialize};

use crate::kb::{Audience, Restriction};

pub mod api;
pub mod known;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

crate::words::word_enum!(
    /// What customers are told of a problem, in the order it usually moves.
    ProblemStatus, "problem status" {
        Investigating = "investigating", "Investigating";
        Identified = "identified", "Cause identified";
        Workaround = "workaround", "Workaround available";
        Fixed = "fixed", "Fixed in a release";
        Resolved = "resolved", "Resolved";
    }
);

impl ProblemStatus {
    /// Whether customers may still be meeting the problem: it is current
    /// on `/status` and shown before they file.
    pub fn is_current(self) -> bool {
        !matches!(self, Self::Fixed | Self::Resolved)
    }
}

crate::words::word_enum!(
    /// Where a reader chose to follow a problem: on the status page, or
    /// shown it before filing (on the case form or "Get help": a deflection).
    FollowedFrom, "place" {
        Status = "status", "The status page";
        CaseForm = "case_form", "The case form";
        Help = "help", "Get help";
    }
);

/// A current problem as customers are shown it before they file ("Is it
/// this?"): its status as words, its latest update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KnownProblem {
    pub id: i64,
    pub title: String,
    pub status: String,
    /// The latest update, sanitised HTML.
    pub latest: String,
    pub following: bool,
}

/// One dated update of a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProblemUpdate {
    pub id: i64,
    /// The status the update set.
    pub status: ProblemStatus,
    /// The update's Markdown, rendered and sanitised as articles are.
    pub html: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// A known problem as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Problem {
    pub id: i64,
    pub title: String,
    /// The catalogue's product keys it affects; empty: every product.
    pub products: Vec<String>,
    /// The affected versions, as people write them ("9.2 and later").
    pub versions: String,
    pub status: ProblemStatus,
    /// The release that fixes it, once there is one.
    pub fixed_in: String,
    /// The article that describes the workaround.
    pub workaround_slug: Option<String>,
    pub audience: Audience,
    pub created_at: i64,
    pub updated_at: i64,
    /// Newest first.
    pub updates: Vec<ProblemUpdate>,
    /// Whether the reader follows it.
    pub following: bool,
    /// For engineers and admins: what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ProblemReport>,
}

/// Per problem: the cases linked to it, its followers, the deflections
/// (readers shown it before filing who followed it instead), and how
/// long it took from the first linked case to the problem and to its fix.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProblemReport {
    pub cases_linked: i64,
    pub followers: i64,
    /// Followed from the case form instead of filing.
    pub deflected_by_case_form: i64,
    /// Followed from "Get help" instead of filing.
    pub deflected_by_help: i64,
    /// When the first linked case was filed (Unix milliseconds).
    pub first_case_at: Option<i64>,
    /// From the first linked case to the problem's creation, and to its fix.
    pub first_case_to_problem_ms: Option<i64>,
    pub first_case_to_fixed_ms: Option<i64>,
}

/// A new problem and its first update.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewProblem {
    pub title: String,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub versions: String,
    /// Who may see it: `public`, `customers` (narrowed by `restricted_to`)
    /// or `internal`.
    pub audience: Audience,
    #[serde(default)]
    pub restricted_to: Restriction,
    #[serde(default)]
    pub workaround_slug: Option<String>,
    /// What customers are told first, in Markdown.
    pub update: String,
}

/// An update to a problem: its new status and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewProblemUpdate {
    pub status: ProblemStatus,
    /// In Markdown.
    pub body: String,
    /// The release that fixes it (with `fixed`).
    #[serde(default)]
    pub fixed_in: Option<String>,
    /// The workaround's article (with `workaround`); kept when not given.
    #[serde(default)]
    pub workaround_slug: Option<String>,
}

/// `/status`: the problems the reader may see, current ones first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusBoard {
    /// Problems customers may still be meeting, the latest changed first.
    pub current: Vec<Problem>,
    /// Problems fixed or resolved in the last 30 days.
    pub recent: Vec<Problem>,
    /// Whether the reader may follow problems (is signed in).
    pub may_follow: bool,
    /// Whether the reader may create and update problems.
    pub may_manage: bool,
}
