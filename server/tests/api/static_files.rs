use axum::{
    body::Body,
    http::{Method, StatusCode},
};

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_bundle_is_served_precompressed_to_browsers_that_accept_it() {
    let app = spawn_app().await;
    let pkg = app.site_dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).expect("mkdir");
    std::fs::write(pkg.join("selfdesk.wasm"), b"\0asm plain").expect("write");
    std::fs::write(pkg.join("selfdesk.wasm.br"), b"brotli bytes").expect("write");
    std::fs::write(pkg.join("selfdesk.wasm.gz"), b"gzip bytes").expect("write");

    let brotli = app
        .request(
            Method::GET,
            "/pkg/selfdesk.wasm",
            &[("accept-encoding", "gzip, br")],
            Body::empty(),
        )
        .await;
    let gzip = app
        .request(Method::GET, "/pkg/selfdesk.wasm", &[("accept-encoding", "gzip")], Body::empty())
        .await;
    let plain = app.get("/pkg/selfdesk.wasm").await;

    assert_eq!(brotli.status, StatusCode::OK);
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_eq!(brotli.header("content-type"), Some("application/wasm"));
    assert_eq!(brotli.body, "brotli bytes");
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.body, "gzip bytes");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, "\0asm plain");
    assert_eq!(plain.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn a_missing_bundle_file_is_a_404() {
    let app = spawn_app().await;

    let response = app.get("/pkg/missing.js").await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn site_assets_are_served_from_the_site_root() {
    let app = spawn_app().await;
    std::fs::write(app.site_dir.path().join("favicon.svg"), "<svg/>").expect("write");

    let response = app.get("/favicon.svg").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, "<svg/>");
}
