//! Entitlements: the JSON API, the admin's tools, expiry over time, and
//! simultaneous charges on one balance.

mod admin;
mod api;
mod concurrency;

use app::{
    entitlements::{
        Channel,
        server::ledger::{self, Spend},
    },
    ids::OrganisationId,
    infra::{clock::Clock, error::ServerError},
};

use crate::helpers::TestApp;

/// Charges a case the way case intake does.
pub async fn charge(
    app: &TestApp,
    organisation_id: OrganisationId,
    reference: &str,
) -> Result<i64, ServerError> {
    let spend = Spend {
        case_reference: reference,
        channel: Channel::Web,
        points: 10,
        actor: None,
        after_assessment: false,
    };
    ledger::charge_case(&app.state.db, organisation_id, app.clock.now_ms(), spend).await
}
