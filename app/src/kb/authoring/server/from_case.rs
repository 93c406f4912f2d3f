//! Knowledge from cases: an engineer turns a solved case into a draft for
//! a writer to finish. Symptoms, cause and resolution come from the case;
//! who reported it, their organisation and their files stay out.

use super::drafts;
use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::{CaseField, CaseStatus, CaseType, Cause},
    error::AppError,
    infra::{error::ServerError, stored::decode_column},
    kb::{authoring::DraftFields, server::content::ArticleContent},
    markdown::slug::slugify,
    runtime::AppState,
};

#[derive(sqlx::FromRow)]
struct SolvedCase {
    id: i64,
    subject: String,
    description: String,
    case_type: CaseType,
    product_key: String,
    version: String,
    fields: String,
    cause: Option<Cause>,
    status: CaseStatus,
}

/// Creates the draft and returns its slug.
pub async fn draft_from_case(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<String, ServerError> {
    let engineer = authorize(viewer, Action::WorkCases)?.clone();
    let case: Option<SolvedCase> = sqlx::query_as(
        "SELECT id, subject, description, case_type, product_key, version, fields, cause, status \
         FROM cases WHERE reference = $1",
    )
    .bind(reference.trim().to_ascii_uppercase())
    .fetch_optional(state.db.pool())
    .await?;
    let case = case.ok_or_else(|| AppError::not_found("That case"))?;
    if !case.status.is_finished() {
        return Err(AppError::Conflict("Resolve the case before writing it up.".into()).into());
    }
    let resolution: Option<String> = sqlx::query_scalar(
        "SELECT body FROM case_events WHERE case_id = $1 AND status = 'resolved' ORDER BY id DESC LIMIT 1",
    )
    .bind(case.id)
    .fetch_optional(state.db.pool())
    .await?;
    let stored_fields: std::collections::BTreeMap<CaseField, String> =
        decode_column("cases", "fields", &case.fields);
    let symptoms = stored_fields.get(&CaseField::Symptoms).cloned().unwrap_or(case.description);
    let cause = match case.cause {
        Some(Cause::ProductBug) => "A defect in the product.",
        Some(Cause::Configuration) => "The configuration.",
        Some(Cause::OutsideProduct) => "Something outside the product.",
        Some(Cause::Unknown) | None => "Not known yet.",
    };
    let product = state
        .catalogue
        .product(&case.product_key)
        .map_or_else(|| case.product_key.clone(), |p| p.name.clone());
    let major = case.version.split('.').next().unwrap_or_default().trim().to_owned();
    let body = format!(
        "## Symptoms\n\n{}\n\n## Cause\n\n{cause}\n\n## Resolution\n\n{}\n",
        symptoms.trim(),
        resolution.unwrap_or_default().trim()
    );
    let fields = DraftFields {
        title: case.subject.clone(),
        category: product.clone(),
        audience: "customers".into(),
        products: if major.is_empty() { product } else { format!("{product}: {major}") },
        case_types: case.case_type.as_str().to_owned(),
        body_markdown: body,
        ..DraftFields::default()
    };
    let content = ArticleContent::from_fields(&fields)?;
    let base = slugify(&case.subject);
    let base = if base.is_empty() { "solved-case".to_owned() } else { base };
    let mut slug = base.clone();
    let mut n = 2;
    while drafts::slug_taken(state, &slug).await? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    drafts::insert(state, &slug, &content, engineer.id, Some(case.id)).await?;
    Ok(slug)
}
