//! Cases: their types, severities, the fields and artifacts each type
//! needs, and the checklist of what a case still lacks. The types travel
//! between server and browser, so the form shows the same checklist the
//! server enforces.

pub mod api;
pub mod charges;
mod checklist;
pub mod enhancements_api;
pub mod form_fields;
pub mod help_api;
mod insights;
pub mod lifecycle;
pub mod mailbox_api;
pub mod pages;
pub mod remote_access;
#[cfg(feature = "ssr")]
pub mod server;
mod types;

pub use checklist::{CaseTypeRule, Missing, checklist};
pub use insights::{
    DeflectingArticle, DeflectionReport, DeflectionWeek, EnhancementRequest, ProductRequests,
};
pub use types::{
    Artifact, ArtifactRef, CaseCreated, CaseDetail, CaseEvent, CaseFormData, CaseSummary, CaseWork,
    ClientChoice, EntitledProduct, Follower, NewCase, NewFollower, Outcome, OwnerFilter,
    QUEUE_SHOWN, Queue, QueueFilters, QueueRow, QueueSort, StatusAction, StatusChange, WorkAction,
};

use crate::words::word_enum;

word_enum!(
    /// What an event on a case's timeline records.
    EventKind, "event kind" {
        Opened = "opened", "Opened";
        Message = "message", "Message";
        Note = "note", "Internal note";
        Status = "status", "Status";
        Escalated = "escalated", "Escalated";
    }
);

word_enum!(
    /// How a case was resolved.
    Resolution, "resolution" {
        Fixed = "fixed", "Fixed";
        Workaround = "workaround", "Workaround";
        Answered = "answered", "Answered";
        NoFaultFound = "no_fault_found", "No fault found";
        Duplicate = "duplicate", "Duplicate";
        /// Aveksa: "the issue has been deemed to be fixed as part of a
        /// future release that the customer can obtain, when available".
        FutureRelease = "future_release", "Fixed in a future release";
    }
);

word_enum!(
    /// Why support holds a case: its clocks stand still until it is taken
    /// up again.
    HoldReason, "hold reason" {
        /// Xecuritas: "Should another vendor's product be identified as the
        /// cause of the incident, the standard Xecuritas customer
        /// resolution procedures will not apply."
        ThirdParty = "third_party", "Another vendor's product is the cause";
        /// Xecuritas: "unless other arrangements have been made".
        Arrangement = "arrangement", "An arrangement with the customer";
    }
);

impl HoldReason {
    /// What the customer reads first.
    pub fn explained(self) -> &'static str {
        match self {
            Self::ThirdParty => {
                "Another vendor's product is the cause: the standard resolution procedures and their targets do not apply, and the issue is best brought to that vendor's attention."
            }
            Self::Arrangement => "By arrangement with you:",
        }
    }
}

word_enum!(
    /// Why the problem happened; a product bug gives the points back.
    Cause, "cause" {
        ProductBug = "product_bug", "Product bug";
        Configuration = "configuration", "Configuration";
        OutsideProduct = "outside_product", "Outside the product";
        Unknown = "unknown", "Unknown";
    }
);

word_enum!(
    /// The five kinds of case (see DOMAIN.md).
    CaseType, "case type" {
        Question = "question", "Question / how-to";
        Enhancement = "enhancement", "Enhancement request";
        ProductError = "product_error", "Product error";
        UnexpectedBehaviour = "unexpected_behaviour", "Unexpected behaviour";
        Performance = "performance", "Performance issue";
    }
);

word_enum!(
    /// How badly the problem hurts; sets the SLA targets. 1 is the most
    /// urgent; the catalogue says how many a policy has (up to five), what
    /// each is called and what it means (see [`SeverityLevel`]).
    Severity, "severity" {
        One = "1", "Severity 1";
        Two = "2", "Severity 2";
        Three = "3", "Severity 3";
        Four = "4", "Severity 4";
        Five = "5", "Severity 5";
    }
);

/// One of a policy's severities as customers read it: Kolmisoft's
/// "Blocker - The system is down or severely degraded ...".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SeverityLevel {
    pub severity: Severity,
    pub name: String,
    pub definition: String,
    /// Its clocks run 24x7 whatever the plan's hours.
    pub around_the_clock: bool,
}

impl SeverityLevel {
    /// The definition, and when the clocks run around the clock, that too.
    pub fn description(&self) -> String {
        match self.around_the_clock {
            true => format!("{} Handled around the clock.", self.definition),
            false => self.definition.clone(),
        }
    }
}

/// The name a policy gives a severity; its number where the list lacks it.
pub fn severity_name(levels: &[SeverityLevel], severity: Severity) -> String {
    levels
        .iter()
        .find(|level| level.severity == severity)
        .map_or_else(|| severity.label().to_owned(), |level| level.name.clone())
}

word_enum!(
    /// What a case form asks for besides subject and description.
    CaseField, "case field" {
        Product = "product", "Product";
        Version = "version", "Software version";
        HardwareOs = "hardware_os", "Hardware and operating system";
        Symptoms = "symptoms", "Symptoms";
        StepsToReproduce = "steps_to_reproduce", "Steps to reproduce";
        Workaround = "workaround", "Known workaround";
        RecentChanges = "recent_changes", "Recent changes to configuration or environment";
    }
);

word_enum!(
    /// Files that move a case forward.
    ArtifactKind, "artifact kind" {
        SystemReport = "system_report", "System report";
        Logs = "logs", "Product logs";
        Screenshots = "screenshots", "Screenshots";
        DiagnosticReport = "diagnostic_report", "Diagnostic report";
        DataDump = "data_dump", "Data dump";
        TestCase = "test_case", "Reproducible test case";
    }
);

word_enum!(
    /// Where a case stands.
    CaseStatus, "status" {
        New = "new", "New";
        Open = "open", "Open";
        WaitingOnCustomer = "waiting_on_customer", "Waiting on customer";
        /// Held by support with the reason recorded: another vendor's
        /// product is the cause, or an arrangement with the customer.
        OnHold = "on_hold", "On hold";
        Escalated = "escalated", "Escalated";
        Resolved = "resolved", "Resolved";
        Closed = "closed", "Closed";
    }
);
