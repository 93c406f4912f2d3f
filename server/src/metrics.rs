//! Request counts and latencies per route, served at `GET /metrics` in the
//! Prometheus text format: on the public address to holders of the metrics
//! token, and on the metrics address (if set) to anyone who reaches it.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use app::kb::server::recorder::Recorder;

/// Unrouted requests (static files, unknown paths) share one label, so a
/// scan of random URLs cannot blow up the number of series.
const UNMATCHED_ROUTE: &str = "unmatched";

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    analytics: IntGaugeVec,
    recorder: Recorder,
}

impl Metrics {
    pub fn new(recorder: Recorder) -> Self {
        let registry = Registry::new_custom(Some("selfdesk".into()), None)
            .expect("the metrics prefix is a valid name");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric definition");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer HTTP requests, by route",
            ),
            &["method", "route"],
        )
        .expect("valid metric definition");
        // Read from the recorder when exported (its counts only grow).
        let analytics = IntGaugeVec::new(
            Opts::new(
                "analytics_rows_total",
                "Search and click rows handed to the batch writer, by what became of them",
            ),
            &["outcome"],
        )
        .expect("valid metric definition");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(latency.clone())).expect("registered once");
        registry.register(Box::new(analytics.clone())).expect("registered once");
        Self { registry, requests, latency, analytics, recorder }
    }

    fn render(&self) -> Result<String, prometheus::Error> {
        let counts = self.recorder.counts();
        for (outcome, rows) in [
            ("written", counts.written),
            ("dropped", counts.dropped),
            ("failed", counts.failed),
            ("limited", counts.limited),
        ] {
            self.analytics
                .with_label_values(&[outcome])
                .set(i64::try_from(rows).unwrap_or(i64::MAX));
        }
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        Ok(String::from_utf8_lossy(&buffer).into_owned())
    }
}

/// Middleware: times the request and counts its answer.
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED_ROUTE, MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    metrics
        .latency
        .with_label_values(&[method.as_str(), route.as_str()])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .with_label_values(&[method.as_str(), route.as_str(), response.status().as_str()])
        .inc();
    response
}

pub async fn export(State(metrics): State<Metrics>) -> Response {
    match metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text)
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "could not encode metrics");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The bearer token scrapers send for `/metrics` on the public address.
#[derive(Clone)]
pub struct Token(pub std::sync::Arc<str>);

pub async fn require_token(State(token): State<Token>, request: Request, next: Next) -> Response {
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match sent {
        Some(sent) if app::infra::secrets::same_secret(sent.trim(), &token.0) => {
            next.run(request).await
        }
        _ => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "Send the metrics token: Authorization: Bearer <token>.",
        )
            .into_response(),
    }
}
