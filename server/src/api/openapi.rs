//! The OpenAPI 3.1 document of the JSON API: what is common to every
//! operation is here; each operation's path, parameters and bodies come
//! from its handler as the router registers it (`super::routes`). Served at
//! `GET /api/v1/openapi.json`.

use axum::{Router, body::Bytes, http::header, routing::get};
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::{
        Ref, ResponseBuilder,
        content::ContentBuilder,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use app::runtime::AppState;

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

/// Every operation may be refused: 4XX with an [`ErrorBody`].
pub fn with_refusals(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let refused = ResponseBuilder::new()
        .description("Refused: the message says why")
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
        )
        .build();
    for item in document.paths.paths.values_mut() {
        let operations =
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            operation.responses.responses.insert("4XX".to_owned(), refused.clone().into());
        }
    }
    document
}

/// The document, written out once when the router is built.
pub fn routes(document: &serde_json::Value) -> Router<AppState> {
    let body = Bytes::from(serde_json::to_vec(document).unwrap_or_default());
    let answer = move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], body) }
    };
    Router::new().route("/api/v1/openapi.json", get(answer))
}
