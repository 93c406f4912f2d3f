//! Reading cases: the lists each role sees, and one case with its timeline.

use std::collections::BTreeMap;

use sqlx::FromRow;

use super::stopped_clock::pauses;
use crate::{
    accounts::{Level, Role},
    auth::server::{Action, Viewer, authorize},
    cases::{
        Artifact, ArtifactKind, CaseDetail, CaseEvent, CaseField, CaseStatus, CaseSummary,
        CaseType, Cause, EventKind, Outcome, Resolution, Severity, charges::Billing, severity_name,
    },
    entitlements::{Channel, Priority},
    error::AppError,
    ids::OrganisationId,
    ids::UserId,
    infra::{error::ServerError, stored::decode_column},
    runtime::AppState,
    sla::{
        DueTimes,
        targets::{CaseClock, organisation_zone, stored_availability},
    },
};

#[derive(FromRow)]
pub(super) struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub organisation_id: OrganisationId,
    /// Whose entitlement the case uses: its organisation's, or the
    /// partner's that filed it.
    pub billed_organisation_id: OrganisationId,
    pub contact_user_id: UserId,
    pub subject: String,
    case_type: CaseType,
    severity: Severity,
    pub status: CaseStatus,
    level: Level,
    pub owner_user_id: Option<UserId>,
    product_key: String,
    contact: String,
    created_at: i64,
    updated_at: i64,
}

const CASE_COLUMNS: &str = "c.id, c.reference, c.organisation_id, \
     COALESCE(c.billed_organisation_id, c.organisation_id) AS billed_organisation_id, c.contact_user_id, c.subject, \
     c.case_type, c.severity, c.status, c.level, c.owner_user_id, c.product_key, u.name AS contact, c.created_at, \
     c.updated_at FROM cases c JOIN users u ON u.id = c.contact_user_id";

impl CaseRow {
    pub fn level(&self) -> Level {
        self.level
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    fn summary(&self, state: &AppState) -> Result<CaseSummary, AppError> {
        let product = state
            .catalogue
            .product(&self.product_key)
            .map_or_else(|| self.product_key.clone(), |p| p.name.clone());
        Ok(CaseSummary {
            reference: self.reference.clone(),
            subject: self.subject.clone(),
            case_type: self.case_type,
            severity: self.severity,
            severity_name: severity_name(
                state.catalogue.service_levels.severities(),
                self.severity,
            ),
            status: self.status,
            level: self.level,
            product,
            contact: self.contact.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The case with this reference, if the viewer may see it (404 otherwise).
pub(super) async fn visible_case(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<CaseRow, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    visible_case_in(&mut conn, viewer, reference).await
}

/// As [`visible_case`], on the caller's connection: inside a transaction
/// that may have just opened the case.
pub(super) async fn visible_case_in(
    conn: &mut sqlx::AnyConnection,
    viewer: &Viewer,
    reference: &str,
) -> Result<CaseRow, ServerError> {
    let row: Option<CaseRow> =
        sqlx::query_as(&format!("SELECT {CASE_COLUMNS} WHERE c.reference = $1"))
            .bind(reference.trim().to_ascii_uppercase())
            .fetch_optional(&mut *conn)
            .await?;
    let row = row.ok_or_else(|| AppError::not_found("That case"))?;
    let (shared, partner) = super::followers::relation(conn, &row, viewer.user()).await?;
    let action = Action::ViewCase {
        organisation_id: row.organisation_id,
        contact_user_id: row.contact_user_id,
        shared,
        partner,
    };
    authorize(viewer, action)?;
    Ok(row)
}

/// The case with this id, whoever asks: for work the system does on a
/// case (a known problem's fix), never for a viewer's request.
pub(super) async fn case_by_id(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<CaseRow>, ServerError> {
    Ok(sqlx::query_as(&format!("SELECT {CASE_COLUMNS} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// The viewer ($1) follows the case.
const FOLLOWS: &str =
    "EXISTS (SELECT 1 FROM case_followers f WHERE f.case_id = c.id AND f.user_id = $1)";

/// Newest first: a customer's own cases and those shared with them, an
/// account holder's organisation's, every case for staff; `status`
/// narrows the list.
pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    status: Option<CaseStatus>,
) -> Result<Vec<CaseSummary>, ServerError> {
    let user = authorize(viewer, Action::ListCases)?;
    // One query for every role: the ids bind as numbers, 0 for none.
    let organisation = user.organisation_id().map_or(0, |id| id.0);
    // Customers see the cases they filed or follow while in the
    // organisation that owns them (one moved elsewhere no longer does);
    // a partner's people, a client's cases as far as the client allows.
    let for_clients = format!(
        "EXISTS (SELECT 1 FROM partnerships p WHERE p.partner_id = $3 \
         AND p.client_id = c.organisation_id AND (p.access = 'all' OR (p.access = 'file' \
         AND (c.contact_user_id = $1 OR {FOLLOWS}))))"
    );
    let scope = match user.role {
        Role::Customer => format!(
            "((c.organisation_id = $3 AND (c.contact_user_id = $1 \
             OR (SELECT members_see_all_cases FROM organisations WHERE id = $3) = 1 \
             OR {FOLLOWS})) OR {for_clients})"
        ),
        Role::AccountHolder => format!("(c.organisation_id = $3 OR {for_clients})"),
        Role::Engineer | Role::Admin => "$1 = $1 AND $3 = $3".to_owned(),
        Role::Writer => return Err(AppError::Forbidden.into()),
    };
    let rows: Vec<CaseRow> = sqlx::query_as(&format!(
        "SELECT {CASE_COLUMNS} WHERE {scope} AND ($2 = '' OR c.status = $2) ORDER BY c.id DESC LIMIT 500"
    ))
    .bind(user.id)
    .bind(status.map(|s| s.as_str()).unwrap_or(""))
    .bind(organisation)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows.iter().map(|row| row.summary(state)).collect::<Result<_, _>>()?)
}

#[derive(FromRow)]
struct DetailRow {
    description: String,
    version: String,
    fields: String,
    channel: Channel,
    owner: Option<String>,
    organisation: String,
    partner: Option<String>,
    contract_number: Option<String>,
    plan_name: Option<String>,
    priority: Option<Priority>,
    availability: Option<String>,
    response_minutes: Option<i64>,
    first_response_at: Option<i64>,
    workaround_at: Option<i64>,
    points_cost: i64,
    created_at: i64,
    organisation_zone: String,
    resolution: Option<Resolution>,
    cause: Option<Cause>,
    engineering_ref: Option<String>,
    target_release: Option<String>,
    billing: Billing,
    hourly_rate: Option<i64>,
    rate_currency: Option<String>,
}

#[derive(FromRow)]
struct EventRow {
    kind: EventKind,
    author: Option<String>,
    body: String,
    status: Option<CaseStatus>,
    created_at: i64,
}

#[derive(FromRow)]
struct ArtifactRow {
    id: i64,
    artifact_kind: Option<ArtifactKind>,
    file_name: String,
    size: i64,
    sha256: String,
    uploaded_by: String,
    created_at: i64,
}

/// One case with everything the viewer may see of it.
pub async fn detail(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<CaseDetail, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let row = visible_case_in(&mut conn, viewer, reference).await?;
    let user = viewer.require_user()?;
    let followers = super::followers::list(&mut conn, &row, user).await?;
    drop(conn);
    let staff = user.role.is_staff();
    let db = state.db.pool();
    let detail: DetailRow = sqlx::query_as(
        "SELECT c.description, c.version, c.fields, c.channel, o.name AS owner, g.name AS organisation, \
         p.name AS partner, \
         c.contract_number, c.plan_name, c.priority, c.availability, c.response_minutes, c.first_response_at, c.workaround_at, \
         c.points_cost, c.created_at, g.time_zone AS organisation_zone, c.resolution, c.cause, \
         c.engineering_ref, c.target_release, c.billing, c.hourly_rate, c.rate_currency FROM cases c \
         JOIN organisations g ON g.id = c.organisation_id LEFT JOIN users o ON o.id = c.owner_user_id \
         LEFT JOIN organisations p ON p.id = c.partner_id \
         WHERE c.id = $1",
    )
    .bind(row.id)
    .fetch_one(db)
    .await?;
    let events = timeline(state, row.id, staff).await?;
    let artifacts = artifacts(state, row.id).await?;
    let summary = row.summary(state)?;
    let due = due_times(state, &summary, &detail, &events)?;
    let mut fields: BTreeMap<CaseField, String> = BTreeMap::new();
    let stored: BTreeMap<String, String> = decode_column("cases", "fields", &detail.fields);
    for (name, value) in stored {
        fields.insert(name.parse()?, value);
    }
    // A reopened case keeps its last resolution stored; it is shown while finished.
    let outcome =
        detail.resolution.filter(|_| summary.status.is_finished()).map(|resolution| Outcome {
            resolution,
            cause: detail.cause,
            engineering_ref: detail.engineering_ref.clone(),
            target_release: detail.target_release.clone(),
        });
    let workable = authorize(viewer, Action::WorkCases).is_ok();
    let terms = super::charges::StoredTerms {
        billing: detail.billing,
        hourly_rate: detail.hourly_rate,
        rate_currency: detail.rate_currency,
    };
    Ok(CaseDetail {
        outcome,
        workable,
        response_due: due.response,
        resolution_due: due.resolution,
        summary,
        description: detail.description,
        version: detail.version,
        fields,
        channel: detail.channel,
        owner: detail.owner,
        organisation: detail.organisation,
        partner: detail.partner,
        contract_number: detail.contract_number,
        plan_name: detail.plan_name,
        priority: detail.priority,
        response_minutes: detail.response_minutes,
        points_cost: detail.points_cost,
        events: events
            .into_iter()
            .map(|e| CaseEvent {
                kind: e.kind,
                author: e.author,
                body: e.body,
                status: e.status,
                created_at: e.created_at,
            })
            .collect(),
        artifacts,
        severities: state.catalogue.service_levels.severities().to_vec(),
        remote_access: super::remote_access::list(state, row.id).await?,
        remote_access_waiver: state.catalogue.remote_access_waiver.clone(),
        followers,
        billing: super::charges::billing_of(state, (&row, terms), viewer, workable).await?,
    })
}

/// The case's timeline; internal notes for staff only.
async fn timeline(
    state: &AppState,
    case_id: i64,
    staff: bool,
) -> Result<Vec<EventRow>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT e.kind, u.name AS author, e.body, e.status, e.created_at FROM case_events e \
         LEFT JOIN users u ON u.id = e.author_user_id \
         WHERE e.case_id = $1 AND (e.internal = 0 OR $2 = 1) ORDER BY e.id",
    )
    .bind(case_id)
    .bind(i64::from(staff))
    .fetch_all(state.db.pool())
    .await?)
}

/// The case's files, oldest first.
async fn artifacts(state: &AppState, case_id: i64) -> Result<Vec<Artifact>, ServerError> {
    let rows: Vec<ArtifactRow> = sqlx::query_as(
        "SELECT f.id, f.artifact_kind, f.file_name, f.size, f.sha256, u.name AS uploaded_by, f.created_at \
         FROM uploads f JOIN users u ON u.id = f.uploaded_by WHERE f.case_id = $1 ORDER BY f.id",
    )
    .bind(case_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|a| Artifact {
            id: a.id,
            kind: a.artifact_kind,
            file_name: a.file_name,
            size: a.size,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            uploaded_at: a.created_at,
        })
        .collect())
}

fn due_times(
    state: &AppState,
    summary: &CaseSummary,
    detail: &DetailRow,
    events: &[EventRow],
) -> Result<DueTimes, AppError> {
    let finished = summary.status.is_finished();
    if finished || summary.case_type == CaseType::Enhancement {
        return Ok(DueTimes { response: None, resolution: None });
    }
    let clock = CaseClock {
        severity: summary.severity,
        availability: stored_availability(detail.availability.as_deref())?,
        plan_response: detail.response_minutes,
        opened: detail.created_at,
        organisation_zone: organisation_zone(&detail.organisation_zone),
    };
    let stops = pauses(events.iter().filter_map(|e| Some((e.status?, e.created_at))));
    let due = state.catalogue.service_levels.due(&clock, &stops);
    Ok(due.owed(detail.first_response_at, detail.workaround_at))
}

/// A file of a case the viewer may see: its storage key, name and type.
pub async fn artifact(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    artifact_id: i64,
) -> Result<(String, String, String), ServerError> {
    let row = visible_case(state, viewer, reference).await?;
    let file: Option<(String, String, String)> = sqlx::query_as(
        "SELECT storage_key, file_name, content_type FROM uploads WHERE id = $1 AND case_id = $2",
    )
    .bind(artifact_id)
    .bind(row.id)
    .fetch_optional(state.db.pool())
    .await?;
    Ok(file.ok_or_else(|| AppError::not_found("That file"))?)
}
