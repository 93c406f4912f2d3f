//! The OpenAPI 3.1 document of the JSON API, generated from the handlers'
//! annotations and the types they read and answer; served at
//! `GET /api/v1/openapi.json`.

use axum::{Json, Router, routing::get};
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use app::server::AppState;

use super::{accounts, cases, entitlements, kb, workflow};

/// Every error: what went wrong, for a person to read.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: String,
}

/// A multipart upload of one file in the field `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FileUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Selfdesk API",
        description = "Cases, knowledge base, entitlements and notifications. Authenticate with \
                       `Authorization: Bearer sdk_...` (an API token from the account page) or a \
                       browser session. Errors are `{\"error\": \"...\"}` with a status that says why."
    ),
    paths(
        accounts::me,
        accounts::organisation,
        accounts::user,
        accounts::users_page,
        cases::upload,
        cases::file_case,
        cases::list,
        cases::detail,
        cases::message,
        cases::status,
        cases::work,
        cases::download,
        cases::suggest,
        entitlements::entitlements,
        entitlements::check,
        entitlements::ledger,
        entitlements::ledger_csv,
        kb::search,
        kb::article,
        kb::upload_media,
        workflow::inbox,
        workflow::mark_read,
        workflow::enhancement_requests,
        workflow::sla_report,
    ),
    components(schemas(ErrorBody, FileUpload)),
    modifiers(&BearerToken),
    security(("api_token" = []))
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document))
}

async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
