//! Cases: their types, severities, the fields and artifacts each type
//! needs, and the checklist of what a case still lacks. The types travel
//! between server and browser, so the form shows the same checklist the
//! server enforces.

pub mod api;
mod checklist;
pub mod enhancements_api;
pub mod form_fields;
pub mod help_api;
mod insights;
pub mod lifecycle;
pub mod mailbox_api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
mod types;

pub use checklist::{CaseTypeRule, Missing, checklist};
pub use insights::{
    DeflectingArticle, DeflectionReport, DeflectionWeek, EnhancementRequest, ProductRequests,
};
pub use types::{
    Artifact, ArtifactRef, CaseCreated, CaseDetail, CaseEvent, CaseFormData, CaseSummary, CaseWork,
    EntitledProduct, NewCase, OwnerFilter, QUEUE_SHOWN, Queue, QueueFilters, QueueRow, QueueSort,
    StatusAction, StatusChange, WorkAction,
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
    }
);

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
    /// How badly the problem hurts; sets the SLA targets.
    Severity, "severity" {
        Critical = "1", "Severity 1";
        Major = "2", "Severity 2";
        Minor = "3", "Severity 3";
    }
);

impl Severity {
    /// What the severity means, shown where it is chosen.
    pub fn definition(self) -> &'static str {
        match self {
            Self::Critical => {
                "An ongoing major security breach or service outage caused by the product, or a problem that stops a large part of the users from working. Handled around the clock."
            }
            Self::Major => {
                "A small part of the users is significantly less productive, or a moderate part moderately."
            }
            Self::Minor => "Intermittent, minor loss of productivity, or an inconvenience.",
        }
    }
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
        Escalated = "escalated", "Escalated";
        Resolved = "resolved", "Resolved";
        Closed = "closed", "Closed";
    }
);
