//! What pages and the API ask of entitlements: each function authorises
//! the viewer, then reads or changes exactly what was authorised.

use super::{
    contracts,
    ledger::{self, NewLot},
    owed, plans,
};
use crate::{
    accounts::server::organisations,
    auth::server::{Action, Viewer, authorize},
    entitlements::{
        Availability, ContractInput, EXPIRY_WARNING_DAYS, Entitlements, Ledger, LedgerKind, Lot,
        OrganisationName, Plan, PointsAdjustment,
        check::{self, CaseCheck, CaseRequest},
        owed::BillableTime,
    },
    error::AppError,
    ids::OrganisationId,
    infra::error::ServerError,
    runtime::AppState,
};

/// The organisation a request is about: the one named (staff), or the
/// viewer's own.
pub fn organisation_of(
    viewer: &Viewer,
    named: Option<OrganisationId>,
) -> Result<OrganisationId, AppError> {
    let user = viewer.require_user()?;
    named
        .or(user.organisation_id())
        .ok_or_else(|| AppError::bad_request("Name the organisation: staff belong to none."))
}

pub async fn entitlements(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
) -> Result<Entitlements, ServerError> {
    authorize(viewer, Action::ViewEntitlements { organisation_id })?;
    load(state, organisation_id).await
}

/// Records the expiry of lots whose date has passed (taking the ledger lock
/// only when there is one), and returns the lots with points left.
async fn settle_due_expiries(
    state: &AppState,
    organisation_id: OrganisationId,
    now: i64,
) -> Result<Vec<Lot>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let lots = ledger::lots_with_points(&mut conn, organisation_id).await?;
    if lots.iter().all(|lot| lot.expires_at > now) {
        return Ok(lots);
    }
    drop(conn);
    let mut tx = ledger::begin(&state.db, organisation_id).await?;
    ledger::settle_expiries(&mut tx, organisation_id, now).await?;
    let lots = ledger::lots_with_points(&mut tx, organisation_id).await?;
    tx.commit().await?;
    Ok(lots)
}

/// The organisation's contracts and points as of now, after recording the
/// expiry of lots whose date has passed.
pub async fn load(
    state: &AppState,
    organisation_id: OrganisationId,
) -> Result<Entitlements, ServerError> {
    let db = &state.db;
    let organisation = organisations::get(db, organisation_id)
        .await?
        .ok_or_else(|| AppError::not_found("The organisation"))?;
    let now = state.clock.now_ms();
    let lots = settle_due_expiries(state, organisation_id, now).await?;
    let mut conn = db.pool().acquire().await?;
    let balance = ledger::balance(&mut conn, organisation_id).await?;
    drop(conn);
    let warn_until = now + EXPIRY_WARNING_DAYS * 86_400_000;
    let expiring_soon =
        lots.iter().filter(|lot| lot.expires_at <= warn_until).map(|lot| lot.remaining).sum();
    let today = contracts::today_in(&organisation.time_zone, now);
    let contracts =
        contracts::for_organisation(db, &state.catalogue, organisation_id, &today).await?;
    Ok(Entitlements {
        organisation: OrganisationName { id: organisation.id, name: organisation.name },
        contracts,
        balance,
        lots,
        expiring_soon,
        as_of: now,
    })
}

pub async fn ledger(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
) -> Result<Ledger, ServerError> {
    authorize(viewer, Action::ViewLedger { organisation_id })?;
    organisations::get(&state.db, organisation_id)
        .await?
        .ok_or_else(|| AppError::not_found("The organisation"))?;
    settle_due_expiries(state, organisation_id, state.clock.now_ms()).await?;
    let entries = ledger::entries(&state.db, organisation_id).await?;
    let case_charges = ledger::case_charges(&entries);
    let disputes = owed::disputes(&state.db, organisation_id).await?;
    let billable = owed::billable_time(&state.db, organisation_id).await?;
    Ok(Ledger { entries, case_charges, disputes, billable })
}

/// The organisation's billable time (account holders and staff).
pub async fn billable_time(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
) -> Result<BillableTime, ServerError> {
    authorize(viewer, Action::ViewLedger { organisation_id })?;
    owed::billable_time(&state.db, organisation_id).await
}

/// Whether the organisation may open the case, and what it would cost.
pub async fn check_case(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
    request: CaseRequest,
) -> Result<CaseCheck, ServerError> {
    let entitlements = entitlements(state, viewer, organisation_id).await?;
    let decision = check::check(
        &entitlements.contracts,
        &state.catalogue.products,
        entitlements.balance,
        &request,
    );
    Ok(CaseCheck::from(decision))
}

pub async fn save_contract(
    state: &AppState,
    viewer: &Viewer,
    input: ContractInput,
) -> Result<(), ServerError> {
    let admin = authorize(viewer, Action::ManageEntitlements)?;
    organisations::get(&state.db, input.organisation_id)
        .await?
        .ok_or_else(|| AppError::not_found("The organisation"))?;
    contracts::save(&state.db, &state.catalogue, state.clock.now_ms(), input, admin.id).await
}

/// Records a pack sold to the organisation (payment happens elsewhere).
pub async fn sell_pack(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
    size: i64,
) -> Result<(), ServerError> {
    let admin = authorize(viewer, Action::ManageEntitlements)?;
    let rules = &state.catalogue.points;
    if !rules.packs.contains(&size) {
        let sizes: Vec<String> = rules.packs.iter().map(i64::to_string).collect();
        return Err(
            AppError::bad_request(format!("Packs come in {} points.", sizes.join(", "))).into()
        );
    }
    let now = state.clock.now_ms();
    let reason = format!("Pack of {size} points");
    let lot = NewLot {
        kind: LedgerKind::Pack,
        points: size,
        expires_at: now + rules.lot_validity_ms(),
        reason: &reason,
        contract_number: None,
        actor: Some(admin.id),
    };
    ledger::grant(&state.db, organisation_id, now, lot).await?;
    Ok(())
}

/// Adds or removes points by hand, with the reason in the ledger.
pub async fn adjust_points(
    state: &AppState,
    viewer: &Viewer,
    adjustment: PointsAdjustment,
) -> Result<(), ServerError> {
    let admin = authorize(viewer, Action::ManageEntitlements)?;
    let validity = state.catalogue.points.lot_validity_ms();
    let now = state.clock.now_ms();
    let PointsAdjustment { organisation_id, points, reason } = adjustment;
    ledger::adjust(&state.db, organisation_id, now, points, &reason, validity, Some(admin.id))
        .await?;
    Ok(())
}

/// Gives back what a case was charged; its cause was a product bug.
pub async fn refund_case(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
    case_reference: &str,
) -> Result<(), ServerError> {
    let engineer = authorize(viewer, Action::RefundCharges)?;
    let validity = state.catalogue.points.lot_validity_ms();
    let now = state.clock.now_ms();
    let reference = case_reference.trim();
    ledger::refund_case(&state.db, organisation_id, now, reference, validity, Some(engineer.id))
        .await?;
    Ok(())
}

pub async fn save_plan(state: &AppState, viewer: &Viewer, plan: Plan) -> Result<(), ServerError> {
    authorize(viewer, Action::ManageEntitlements)?;
    let calendars = &state.catalogue.service_levels.calendars;
    if !calendars.has_hours(plan.availability) {
        let offered: Vec<&str> = (calendars.names().into_iter())
            .chain([Availability::AroundTheClock])
            .map(Availability::as_str)
            .collect();
        return Err(AppError::bad_request(format!(
            "This support policy has no {} hours: choose {}.",
            plan.availability.as_str(),
            offered.join(" or ")
        ))
        .into());
    }
    plans::save(&state.db, state.clock.now_ms(), &plan).await
}
