use std::{
    path::Path,
    sync::atomic::{AtomicU32, Ordering},
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

use app::ssr::{AppState, Settings, db::Db};
use server::{cli::ServeOptions, serve::leptos_options};

/// The admin URL of a PostgreSQL server to run the database tests against.
pub const POSTGRES_ENV: &str = "SELFDESK_TEST_POSTGRES_URL";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub data_dir: TempDir,
    pub site_dir: TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
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
        Err(_) => app::ssr::db::sqlite_url(dir),
    };
    Db::connect(&url, 4)
        .await
        .expect("connect to the test database")
}

pub async fn create_postgres_database(admin_url: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .subsec_nanos();
    let name = format!(
        "selfdesk_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    );
    let admin = Db::connect(admin_url, 1)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.pool())
        .await
        .expect("create the test database");
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("the URL names a database");
    format!("{base}/{name}")
}

pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let site_dir = tempfile::tempdir().expect("temp site dir");
    let db = fresh_database(data_dir.path()).await;
    let options = ServeOptions {
        addr: "127.0.0.1:0".parse().expect("addr"),
        site_dir: site_dir.path().to_path_buf(),
    };
    let settings = Settings {
        data_dir: data_dir.path().to_path_buf(),
    };
    let state = AppState::open(settings, db, leptos_options(&options))
        .await
        .expect("open the app state");
    TestApp {
        router: server::router(state.clone()),
        state,
        data_dir,
        site_dir,
    }
}

impl TestApp {
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
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).expect("valid request"))
            .await
            .expect("the router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("read the body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}
