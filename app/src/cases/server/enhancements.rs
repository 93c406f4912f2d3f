//! The product-management list of enhancement requests.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::FromRow;

use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::{CaseStatus, EnhancementRequest, ProductRequests},
    infra::error::ServerError,
    runtime::AppState,
};

#[derive(FromRow)]
struct Row {
    reference: String,
    subject: String,
    product_key: String,
    version: String,
    organisation: String,
    requested_by: String,
    status: CaseStatus,
    created_at: i64,
}

pub async fn by_product(
    state: &AppState,
    viewer: &Viewer,
    finished: bool,
) -> Result<Vec<ProductRequests>, ServerError> {
    authorize(viewer, Action::ViewSupportReports)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.reference, c.subject, c.product_key, c.version, g.name AS organisation, \
         u.name AS requested_by, c.status, c.created_at \
         FROM cases c JOIN organisations g ON g.id = c.organisation_id \
         JOIN users u ON u.id = c.contact_user_id \
         WHERE c.case_type = 'enhancement' AND ($1 = 1 OR c.status NOT IN ('resolved', 'closed')) \
         ORDER BY c.id DESC LIMIT 2000",
    )
    .bind(i64::from(finished))
    .fetch_all(state.db.pool())
    .await?;
    let mut products: BTreeMap<String, (BTreeSet<String>, Vec<EnhancementRequest>)> =
        BTreeMap::new();
    for row in rows {
        let product = state
            .catalogue
            .product(&row.product_key)
            .map_or_else(|| row.product_key.clone(), |p| p.name.clone());
        let (organisations, requests) = products.entry(product.clone()).or_default();
        organisations.insert(row.organisation.clone());
        requests.push(EnhancementRequest {
            reference: row.reference,
            subject: row.subject,
            product,
            version: row.version,
            organisation: row.organisation,
            requested_by: row.requested_by,
            status: row.status,
            created_at: row.created_at,
        });
    }
    Ok(products
        .into_iter()
        .map(|(product, (organisations, requests))| ProductRequests {
            product,
            organisations: organisations.len() as i64,
            requests,
        })
        .collect())
}
