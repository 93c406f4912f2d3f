//! The whole HTTP application, apart from `main`, so tests can drive it
//! in-process with `tower::ServiceExt::oneshot`.

use std::{path::Path, sync::OnceLock};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderValue, header},
    middleware,
    routing::{any, get, post},
};
use leptos::prelude::provide_context;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use tower_http::{
    CompressionLevel,
    catch_panic::CatchPanicLayer,
    compression::{
        CompressionLayer,
        predicate::{NotForContentType, Predicate, SizeAbove},
    },
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use app::{
    App,
    auth::server::{csrf, middleware::authenticate},
    error::AppError,
    runtime::AppState,
    shell,
};

use crate::{
    api, case_form, charge_forms, follower_form, health, media, metrics, page_cache, problem_form,
    security_headers, server_fn_status, status_feed, text_input,
};

/// The application, with `/metrics` behind the metrics token when one is
/// set; and `/metrics` alone, for a listener of its own (`--metrics-addr`).
pub struct Routers {
    pub app: Router,
    pub metrics: Router,
}

pub fn router(state: AppState) -> Router {
    routers(state).app
}

pub fn routers(state: AppState) -> Routers {
    let metrics = metrics::Metrics::new(state.analytics.clone());
    let metrics_token = state.settings.metrics_token.clone();
    let page_cache = page_cache::PageCache::new();
    let https = state.settings.secure_cookies();
    let leptos_options = state.leptos_options.clone();
    let provide_state = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // Every render's inline scripts carry a new nonce (see `app::infra::headers`).
            leptos::nonce::provide_nonce();
        }
    };
    let render_shell = {
        let leptos_options = leptos_options.clone();
        move || shell(leptos_options.clone())
    };

    let app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(api::routes(&state.catalogue))
        .route("/media/{name}", get(media::serve))
        .route("/status.atom", get(status_feed::feed))
        .route("/status/{id}/follow", post(problem_form::follow))
        // The case form without WebAssembly; files are limited one by one.
        .route("/cases/new", post(case_form::submit).layer(DefaultBodyLimit::disable()))
        .route(
            "/cases/{reference}/messages",
            post(case_form::reply).layer(DefaultBodyLimit::disable()),
        )
        .route("/cases/{reference}/followers", post(follower_form::add))
        .route("/cases/{reference}/followers/{id}/remove", post(follower_form::remove))
        .route("/cases/{reference}/charge", post(charge_forms::decide))
        .route("/cases/{reference}/charge/answer", post(charge_forms::answer))
        .route("/cases/{reference}/time", post(charge_forms::record_time))
        .route("/entitlements/disputes", post(charge_forms::dispute))
        .route("/organisations/{id}/disputes/{dispute}/answer", post(charge_forms::answer_dispute))
        // Unknown API paths answer JSON, not the HTML 404 page.
        .route("/api/{*path}", any(api_not_found))
        .nest_service("/pkg", pkg_files(&leptos_options.site_root))
        .leptos_routes_with_context(&state, route_list(), provide_state.clone(), render_shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(provide_state, shell))
        // Inner layer first: the CSRF check runs before authentication,
        // then text is checked for NUL characters (once the caller is
        // known), then the kept pages are looked up.
        .layer(middleware::from_fn(server_fn_status::set_error_status))
        .layer(middleware::from_fn_with_state((state.clone(), page_cache), page_cache::serve))
        .layer(middleware::from_fn(text_input::refuse_nul))
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        .with_state(state);

    let metrics_alone =
        Router::new().route("/metrics", get(metrics::export)).with_state(metrics.clone());
    let app = match metrics_token {
        Some(token) => app.merge(metrics_alone.clone().layer(middleware::from_fn_with_state(
            metrics::Token(token.into()),
            metrics::require_token,
        ))),
        None => app,
    };

    let app = app
        .layer(middleware::from_fn_with_state(metrics, metrics::track))
        .layer(compression())
        .layer(middleware::from_fn_with_state(
            security_headers::Policy { https },
            security_headers::set,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(CatchPanicLayer::new());
    Routers { app, metrics: metrics_alone }
}

/// Pages and API answers rendered for one request, gzipped as they are
/// sent, quickly rather than smallest (kept pages and the static files
/// come compressed already and pass through as they are).
fn compression() -> CompressionLayer<impl Predicate> {
    let worth_it = SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE);
    CompressionLayer::new().quality(CompressionLevel::Fastest).compress_when(worth_it)
}

/// The app's routes, worked out once per process. Leptos finds them by
/// rendering the app with resource loading switched off process-wide; doing
/// that while requests are being served would leave their pages waiting.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The compiled WebAssembly, JavaScript and CSS. Served precompressed (brotli
/// or gzip, as the browser accepts) when the release build wrote the
/// compressed copies; revalidated on every load since names carry no hash.
fn pkg_files(site_root: &str) -> Router {
    let dir = Path::new(site_root).join("pkg");
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

/// One span per request with its method and path; the query string is left
/// out because it may carry tokens.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
    )
}

async fn api_not_found() -> AppError {
    AppError::not_found("This API endpoint")
}
