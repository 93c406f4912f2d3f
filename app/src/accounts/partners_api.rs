//! Partners and their clients: admins set which organisation serves which
//! (Calyptix's partners, Scalix's resellers); the client's account holders
//! decide what the partner's people may do for it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::OrganisationId;
use crate::{auth::csrf::CsrfClient, error::AppError, words::word_enum};

word_enum!(
    /// What a client lets its partner's people do.
    PartnerAccess, "partner access" {
        /// Nothing: the partnership is kept, the partner acts for nobody.
        None = "none", "Nothing";
        /// File cases for the client, and follow those they file or are
        /// added to.
        File = "file", "File cases and follow their own";
        /// File cases, and see and answer every case of the client.
        All = "all", "File cases and see every case";
    }
);

impl PartnerAccess {
    /// Whether the partner's people act for the client at all.
    pub fn acts(self) -> bool {
        self != Self::None
    }
}

/// A partner serving a client, with what the client lets it do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Partnership {
    pub partner_id: OrganisationId,
    pub partner: String,
    pub client_id: OrganisationId,
    pub client: String,
    pub access: PartnerAccess,
}

/// Every partnership, by partner and client (admins).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_partnerships() -> Result<Vec<Partnership>, AppError> {
    use crate::{
        accounts::server::partners,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::AdministerAccounts)?;
    Ok(partners::all(&app_state()?.db).await?)
}

/// Makes `partner` serve `client` (organisations by name), with what the
/// partner may do until the client's account holders change it (admins).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn set_partnership(
    partner: String,
    client: String,
    access: PartnerAccess,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::{organisations, partners},
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::AdministerAccounts)?;
    let state = app_state()?;
    let named = async |name: &str| {
        organisations::id_by_name(&state.db, Some(name))
            .await?
            .ok_or_else(|| AppError::bad_request("Name both organisations."))
    };
    let (partner, client) = (named(&partner).await?, named(&client).await?);
    partners::set(&state.db, partner, client, access, state.clock.now_ms()).await?;
    Ok(())
}

/// Ends a partnership (admins).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn end_partnership(
    partner_id: OrganisationId,
    client_id: OrganisationId,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::partners,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::AdministerAccounts)?;
    partners::end(&app_state()?.db, partner_id, client_id).await?;
    Ok(())
}

/// What a partner of the account holder's organisation may do for it.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn allow_partner(
    partner_id: OrganisationId,
    access: PartnerAccess,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::{partners, queries::managed_organisation},
        auth::server::current_viewer,
        runtime::app_state,
    };

    let client = managed_organisation(&current_viewer())?;
    partners::allow(&app_state()?.db, partner_id, client, access).await?;
    Ok(())
}
