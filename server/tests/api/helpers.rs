use std::{
    path::Path,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

use app::{
    infra::{
        clock::ManualClock,
        db::Db,
        mail::{Email, Mailer},
    },
    runtime::{AppState, Settings},
};
use server::{cli::ServeOptions, serve::leptos_options};

/// The admin URL of a PostgreSQL server to run the database tests against.
pub const POSTGRES_ENV: &str = "SELFDESK_TEST_POSTGRES_URL";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub data_dir: TempDir,
    pub site_dir: TempDir,
    /// The app's clock; tests move it instead of waiting.
    pub clock: ManualClock,
    /// Every email the app sent.
    pub outbox: Arc<Mutex<Vec<Email>>>,
}

/// The instant every test starts at: Monday 2026-11-23 09:00 UTC.
pub fn start_of_test() -> jiff::Timestamp {
    "2026-11-23T09:00:00Z".parse().expect("valid timestamp")
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (compressed, if it was).
    pub bytes: axum::body::Bytes,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// The error a server function answered with.
    pub fn app_error(&self) -> app::error::AppError {
        use leptos::server_fn::error::FromServerFnError;
        app::error::AppError::de(self.body.clone().into())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A fresh database for one test: a SQLite file in `dir`, or a new
/// PostgreSQL database when the suite runs against PostgreSQL.
pub async fn fresh_database(dir: &Path) -> Db {
    let url = match std::env::var(POSTGRES_ENV) {
        Ok(admin_url) => create_postgres_database(&admin_url).await,
        Err(_) => app::infra::db::sqlite_url(dir),
    };
    Db::connect(&url, 4).await.expect("connect to the test database")
}

pub async fn create_postgres_database(admin_url: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos =
        SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").subsec_nanos();
    let name = format!(
        "selfdesk_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    );
    let admin = Db::connect(admin_url, 1).await.expect("connect to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.pool())
        .await
        .expect("create the test database");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("the URL names a database");
    format!("{base}/{name}")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// An app whose settings the test adjusts first (upload limits, ...).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let site_dir = tempfile::tempdir().expect("temp site dir");
    let db = fresh_database(data_dir.path()).await;
    let options = ServeOptions {
        addr: "127.0.0.1:0".parse().expect("addr"),
        site_dir: site_dir.path().to_path_buf(),
        jobs_every: 30,
        no_jobs: true,
        metrics_addr: None,
    };
    let mut settings = Settings {
        trust_forwarded_for: true,
        ..Settings::new(data_dir.path().to_path_buf(), "http://selfdesk.test")
    };
    adjust(&mut settings);
    let clock = ManualClock::new(start_of_test());
    let (mailer, outbox) = Mailer::memory();
    let state =
        AppState::open(settings, db, leptos_options(&options), Arc::new(clock.clone()), mailer)
            .await
            .expect("open the app state");
    TestApp { router: server::router(state.clone()), state, data_dir, site_dir, clock, outbox }
}

impl TestApp {
    /// The emails sent so far, oldest first.
    pub fn emails(&self) -> Vec<Email> {
        self.outbox.lock().expect("outbox").clone()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Method::GET, path, &[], Body::empty()).await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body).expect("valid request");
        // A stalled page fails its test with the path instead of hanging the suite.
        let answer = async {
            let response =
                self.router.clone().oneshot(request).await.expect("the router never fails");
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.expect("read the body").to_bytes();
            (parts, bytes)
        };
        let (parts, bytes) = tokio::time::timeout(std::time::Duration::from_secs(20), answer)
            .await
            .unwrap_or_else(|_| panic!("no complete answer to {path} within 20 s"));
        let (status, headers) = (parts.status, parts.headers);
        let mut body = String::from_utf8_lossy(&bytes).into_owned();
        let is_html = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if is_html {
            // Leptos's empty hydration markers: how many there are depends on
            // whether components are type-erased (the test command builds with
            // `--cfg erase_components`), so no assertion may depend on them.
            body = body.replace("<!>", "");
        }
        TestResponse { status, headers, body, bytes }
    }
}
