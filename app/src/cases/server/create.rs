//! Filing a case: everything the form checked is checked again here, then
//! one transaction takes the reference, spends the points, records the case
//! and its first event, and attaches the uploads. A refusal or failure
//! leaves nothing behind.

use std::collections::BTreeMap;

use super::{
    charges, deflection,
    events::insert_event,
    notify::{About, page_on_call},
    uploads,
};
use crate::{
    accounts::{
        partners_api::PartnerAccess,
        server::{partners, users},
    },
    auth::server::{Action, AuthMethod, Viewer, authorize},
    cases::{
        ArtifactRef, CaseCreated, CaseField, CaseStatus, CaseType, EventKind, NewCase,
        charges::{Billing, HourlyRate},
        checklist,
    },
    entitlements::{
        Channel,
        check::{self, CaseEntitlement, CaseRequest, Refusal},
        server::{
            catalogue::{ChargeMode, PartnerEntitlement},
            ledger::{self, Spend},
            service,
        },
    },
    error::AppError,
    ids::OrganisationId,
    ids::UserId,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

const MAX_SUBJECT: usize = 200;
/// The longest description or field of a case.
pub const MAX_TEXT: usize = 20_000;

/// Checks the case's own text and the type's checklist.
pub fn validate(state: &AppState, case: &NewCase) -> Result<(), AppError> {
    let subject = case.subject.trim();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT {
        return Err(AppError::bad_request(format!(
            "Give the case a subject of up to {MAX_SUBJECT} characters."
        )));
    }
    if case.description.trim().is_empty() {
        return Err(AppError::bad_request("Describe the problem."));
    }
    state.catalogue.service_levels.check(case.severity)?;
    let too_long = std::iter::once(&case.description)
        .chain(case.fields.values())
        .any(|text| text.chars().count() > MAX_TEXT);
    if too_long {
        return Err(AppError::bad_request(format!(
            "Each text may be up to {MAX_TEXT} characters; attach longer logs as files."
        )));
    }
    let rule = state
        .catalogue
        .case_type(case.case_type)
        .ok_or_else(|| AppError::bad_request("That case type is not offered."))?;
    if let Some(extra) = case.fields.keys().find(|field| !rule.fields().any(|f| f == **field)) {
        return Err(AppError::bad_request(format!(
            "{} is not asked for a {}.",
            extra.label(),
            case.case_type.label().to_lowercase()
        )));
    }
    let kinds: Vec<_> = case.artifacts.iter().map(|a| a.kind).collect();
    if let Some(extra) = kinds.iter().find(|kind| !rule.artifacts().any(|k| k == **kind)) {
        return Err(AppError::bad_request(format!(
            "A {} is not asked for a {}.",
            extra.label().to_lowercase(),
            case.case_type.label().to_lowercase()
        )));
    }
    let missing = checklist(rule, &case.fields, &kinds);
    if !missing.is_empty() {
        let labels: Vec<&str> = missing.iter().map(|m| m.label()).collect();
        return Err(AppError::bad_request(format!("Still missing: {}.", labels.join(", "))));
    }
    Ok(())
}

/// Who files a case, for whom, and whose entitlement it uses.
struct Filer {
    contact: UserId,
    organisation_id: OrganisationId,
    /// The partner filing for its client (`organisation_id`), if one is.
    partner: Option<(OrganisationId, PartnerAccess)>,
    billed: OrganisationId,
}

impl Filer {
    fn own(contact: UserId, organisation_id: OrganisationId) -> Self {
        Self { contact, organisation_id, partner: None, billed: organisation_id }
    }
}

/// A partner acting for its client.
pub(super) struct ForClient {
    pub client: OrganisationId,
    /// What the client lets the partner do (`None` for no partnership).
    pub access: PartnerAccess,
    /// Whose entitlement the case uses, as the catalogue says.
    pub billed: OrganisationId,
}

/// `own` acting as a partner for `client`; `None` when `client` is
/// `own` (or not named).
pub(super) async fn acting_for(
    state: &AppState,
    own: OrganisationId,
    client: Option<OrganisationId>,
) -> Result<Option<ForClient>, ServerError> {
    let Some(client) = client.filter(|client| *client != own) else {
        return Ok(None);
    };
    let mut conn = state.db.pool().acquire().await?;
    let access = partners::access(&mut conn, own, client).await?.unwrap_or(PartnerAccess::None);
    let billed = match state.catalogue.partner_entitlement {
        PartnerEntitlement::Client => client,
        PartnerEntitlement::Partner => own,
    };
    Ok(Some(ForClient { client, access, billed }))
}

/// Who the case is for, and for which organisation: the customer filing
/// it (for their own organisation, or as a partner for a client), or the
/// customer an engineer names for a phone or email case.
async fn filer_of(state: &AppState, viewer: &Viewer, case: &NewCase) -> Result<Filer, ServerError> {
    let user = viewer.require_user()?;
    if user.role.belongs_to_organisation() {
        // The channel is the one the customer used: the portal (or the
        // API), or the support mailbox.
        let channel = match viewer {
            Viewer::User { via: AuthMethod::Mailbox, .. } => Channel::Email,
            _ => Channel::Web,
        };
        if case.channel != channel {
            return Err(AppError::bad_request("Cases you file yourself come by web.").into());
        }
        let organisation = user.organisation_id().ok_or(AppError::Forbidden)?;
        return Ok(match acting_for(state, organisation, case.client).await? {
            None => Filer::own(user.id, organisation),
            Some(ForClient { client, access, billed }) => Filer {
                contact: user.id,
                organisation_id: client,
                partner: Some((organisation, access)),
                billed,
            },
        });
    }
    if case.channel == Channel::Web {
        return Err(AppError::bad_request(
            "Enter a case for a customer as a phone or email case, naming the customer.",
        )
        .into());
    }
    let email = case.contact_email.as_deref().unwrap_or_default().trim().to_lowercase();
    let contact = users::find_by_email(&state.db, &email)
        .await?
        .filter(|u| u.is_active())
        .ok_or_else(|| AppError::bad_request("Name the customer by the email of their account."))?;
    match (contact.role.belongs_to_organisation(), contact.organisation_id) {
        (true, Some(organisation)) => Ok(Filer::own(contact.id, organisation)),
        _ => Err(AppError::bad_request("Cases are filed for customers of an organisation.").into()),
    }
}

pub async fn file_case(
    state: &AppState,
    viewer: &Viewer,
    case: NewCase,
) -> Result<CaseCreated, ServerError> {
    let mut tx = state.db.pool().begin().await?;
    let created = file_case_in(state, &mut tx, viewer, case).await?;
    tx.commit().await?;
    Ok(created)
}

/// Files the case in the caller's transaction: what else the caller
/// records there (an email marked as received, say) happens together with
/// the case and its charge, or not at all.
pub async fn file_case_in(
    state: &AppState,
    tx: &mut Tx,
    viewer: &Viewer,
    case: NewCase,
) -> Result<CaseCreated, ServerError> {
    let opener = viewer.require_user()?.id;
    let filer = filer_of(state, viewer, &case).await?;
    let organisation_id = filer.organisation_id;
    authorize(viewer, Action::OpenCase { organisation_id, partner: filer.partner.map(|p| p.1) })?;
    validate(state, &case)?;
    let Terms { entitlement, billing, rate } = terms_for(state, filer.billed, &case).await?;

    let now = state.clock.now_ms();
    let number: i64 = sqlx::query_scalar(
        "UPDATE counters SET value = value + 1 WHERE name = 'case_reference' RETURNING value",
    )
    .fetch_one(&mut **tx)
    .await?;
    let reference = format!("CASE-{number:06}");
    if entitlement.points_cost > 0 {
        let spend = Spend {
            case_reference: &reference,
            channel: case.channel,
            points: entitlement.points_cost,
            actor: Some(opener),
            after_assessment: false,
        };
        ledger::charge_case_in(tx, filer.billed, now, spend).await?;
    }
    let filing = Filing { reference: &reference, filer: &filer, opener, now };
    let case_id = insert_case(tx, &filing, &case, &entitlement).await?;
    charges::record_terms(tx, case_id, billing, rate.as_ref()).await?;
    let opened = format!(
        "Opened by {} as {}{}",
        case.channel.label().to_lowercase(),
        state.catalogue.service_levels.spoken(case.severity),
        match (billing, &rate) {
            (Billing::Hourly, Some(rate)) => {
                format!(", a paid ticket at {} (the rate accepted)", rate.label())
            }
            (Billing::Assessed, _) => ", free while support assesses it".to_owned(),
            _ => String::new(),
        }
    );
    insert_event(tx, case_id, EventKind::Opened, opener, &opened, Some(CaseStatus::New), now)
        .await?;
    attach_uploads(tx, case_id, opener, &case.artifacts).await?;
    let about = About { case_id, reference: &reference, subject: &case.subject, by: None };
    if case.channel == Channel::Web {
        let how = ("opened online", "A customer opened it online");
        page_on_call(state, tx, about, case.severity, how, now).await?;
    }
    if let Some(session) = &case.help_session {
        let ending = deflection::SessionEnd {
            token: session,
            user_id: opener,
            organisation_id: Some(organisation_id),
            at_ms: now,
            outcome: "case",
            article_slug: None,
            query: "",
            case_id: Some(case_id),
        };
        deflection::end(&mut **tx, ending).await?;
    }
    let balance_after = ledger::balance(tx, filer.billed).await?;
    let plan = entitlement.plan.as_ref();
    Ok(CaseCreated {
        reference,
        points_spent: entitlement.points_cost,
        balance_after,
        plan_name: plan.map(|p| p.name.clone()),
        priority: plan.map(|p| p.priority),
        response_minutes: plan.map(|p| p.response_minutes),
    })
}

/// How a case is paid for, as filing decides it.
struct Terms {
    entitlement: CaseEntitlement,
    billing: Billing,
    /// The hourly rate a paid ticket's customer accepted.
    rate: Option<HourlyRate>,
}

/// The entitlement as the customer saw it (the ledger checks the points
/// again under its lock): the plan's price at filing, nothing yet where
/// the policy charges after the assessment, or a paid ticket where the
/// plans do not cover the case and the customer accepted the hourly rate.
async fn terms_for(
    state: &AppState,
    organisation_id: OrganisationId,
    case: &NewCase,
) -> Result<Terms, ServerError> {
    let entitlements = service::load(state, organisation_id).await?;
    let enhancement = case.case_type == CaseType::Enhancement;
    let assessed = state.catalogue.charge_mode == ChargeMode::AfterAssessment && !enhancement;
    let request = CaseRequest {
        product: case_field(case, CaseField::Product),
        version: case_field(case, CaseField::Version),
        channel_cost: if assessed { 0 } else { state.catalogue.points.cost(case.channel) },
        enhancement,
    };
    let checked = check::check(
        &entitlements.contracts,
        &state.catalogue.products,
        entitlements.balance,
        &request,
    );
    let refusal = match checked {
        Ok(entitlement) => {
            let billing = if assessed { Billing::Assessed } else { Billing::Plan };
            return Ok(Terms { entitlement, billing, rate: None });
        }
        Err(refusal) => refusal,
    };
    let offer = state
        .catalogue
        .paid_work
        .as_ref()
        .filter(|paid| paid.without_plan && !enhancement)
        .filter(|_| !matches!(refusal, Refusal::UnknownProduct { .. }));
    match offer {
        Some(paid) if case.accept_hourly_rate => Ok(Terms {
            entitlement: CaseEntitlement {
                contract_number: None,
                plan: None,
                points_cost: 0,
                balance: entitlements.balance,
            },
            billing: Billing::Hourly,
            rate: Some(paid.rate()),
        }),
        Some(paid) => Err(AppError::NotEntitled(format!(
            "{refusal} Or open a paid ticket at {}: accept the hourly rate with the case.",
            paid.rate().label()
        ))
        .into()),
        None => Err(AppError::NotEntitled(refusal.to_string()).into()),
    }
}

fn case_field(case: &NewCase, field: CaseField) -> String {
    case.fields.get(&field).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// Who files the case, for whom, and under which reference.
struct Filing<'a> {
    reference: &'a str,
    filer: &'a Filer,
    opener: UserId,
    now: i64,
}

/// The case's row, with the plan it was filed under; returns its id.
async fn insert_case(
    tx: &mut Tx,
    filing: &Filing<'_>,
    case: &NewCase,
    entitlement: &CaseEntitlement,
) -> Result<i64, ServerError> {
    let plan = entitlement.plan.as_ref();
    let case_id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (reference, organisation_id, contact_user_id, opened_by_user_id, channel, \
         case_type, severity, subject, description, product_key, version, fields, contract_number, \
         plan_key, plan_name, priority, availability, response_minutes, points_cost, created_at, updated_at, \
         partner_id, billed_organisation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22) \
         RETURNING id",
    )
    .bind(filing.reference)
    .bind(filing.filer.organisation_id)
    .bind(filing.filer.contact)
    .bind(filing.opener)
    .bind(case.channel.as_str())
    .bind(case.case_type.as_str())
    .bind(case.severity.as_str())
    .bind(case.subject.trim())
    .bind(case.description.trim())
    .bind(case_field(case, CaseField::Product))
    .bind(case_field(case, CaseField::Version))
    .bind(stored_fields(&case.fields))
    .bind(&entitlement.contract_number)
    .bind(plan.map(|p| p.key.clone()))
    .bind(plan.map(|p| p.name.clone()))
    .bind(plan.map(|p| p.priority.as_str()))
    .bind(plan.map(|p| p.availability.as_str()))
    .bind(plan.map(|p| p.response_minutes))
    .bind(entitlement.points_cost)
    .bind(filing.now)
    .bind(filing.filer.partner.map(|(partner, _)| partner))
    // NULL: the case's own organisation's entitlement.
    .bind(Some(filing.filer.billed).filter(|billed| *billed != filing.filer.organisation_id))
    .fetch_one(&mut **tx)
    .await?;
    Ok(case_id)
}

/// The `fields` column: every field but product and version, which have
/// columns of their own, as JSON by field name.
pub(crate) fn stored_fields(fields: &BTreeMap<CaseField, String>) -> String {
    let others: BTreeMap<&str, &str> = fields
        .iter()
        .filter(|(f, _)| !matches!(f, CaseField::Product | CaseField::Version))
        .map(|(f, v)| (f.as_str(), v.trim()))
        .collect();
    serde_json::to_string(&others).unwrap_or_else(|_| "{}".to_owned())
}

/// The files sent beforehand become the case's artifacts, each of its kind.
async fn attach_uploads(
    tx: &mut Tx,
    case_id: i64,
    opener: UserId,
    artifacts: &[ArtifactRef],
) -> Result<(), ServerError> {
    let tokens: Vec<&str> = artifacts.iter().map(|a| a.upload.as_str()).collect();
    let rows = uploads::pending(tx, opener, &tokens).await?;
    for (row, artifact) in rows.iter().zip(artifacts) {
        sqlx::query(
            "UPDATE uploads SET case_id = $1, artifact_kind = $2 WHERE id = $3 AND case_id IS NULL",
        )
        .bind(case_id)
        .bind(artifact.kind.as_str())
        .bind(row.id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
