//! Search analytics for writers and admins.

use super::AnalyticsReport;
use leptos::prelude::*;

use crate::{auth::csrf::CsrfClient, error::AppError};

/// The report over the last `days` days (7 when not given).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn search_analytics(days: Option<i64>) -> Result<AnalyticsReport, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        kb::server::analytics,
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::ViewSearchAnalytics)?;
    let days = days.unwrap_or(7).clamp(1, 365);
    let state = app_state()?;
    let since_ms = state.clock.now_ms() - days * 24 * 60 * 60 * 1000;
    Ok(analytics::report(&state.db, since_ms).await?)
}
