//! Latency over HTTP: Selfdesk's own server, with its search API and a
//! route answering the same queries from FTS5, asked by a keep-alive client
//! on the loopback interface.

use std::{net::SocketAddr, sync::Arc};

use anyhow::{Context, bail};
use axum::{
    Json, Router,
    extract::{RawQuery, State},
    routing::get,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

use app::runtime::AppState;

use crate::fts::Fts;

async fn fts_search(
    State(fts): State<Arc<Fts>>,
    RawQuery(raw): RawQuery,
) -> Json<Vec<(String, String)>> {
    let q = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    Json(fts.search(&q, 10).unwrap_or_default())
}

/// Starts Selfdesk's router, plus `/bench/fts`, on a free loopback port.
pub async fn start(state: AppState, fts: Arc<Fts>) -> anyhow::Result<SocketAddr> {
    let app = server::router(state)
        .merge(Router::new().route("/bench/fts", get(fts_search)).with_state(fts));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding the benchmark server")?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ =
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    Ok(addr)
}

/// One keep-alive HTTP/1.1 connection.
pub struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> anyhow::Result<Self> {
        Ok(Self { stream: BufReader::new(TcpStream::connect(addr).await?) })
    }

    /// GETs `path` and returns the body.
    pub async fn get(&mut self, path: &str) -> anyhow::Result<String> {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\r\n");
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut length = None;
        let mut status = String::new();
        self.stream.read_line(&mut status).await?;
        loop {
            let mut line = String::new();
            if self.stream.read_line(&mut line).await? == 0 {
                bail!("the connection closed");
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else {
            bail!("no Content-Length in the answer to {path}: {status}")
        };
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        if !status.contains(" 200 ") {
            bail!("{path}: {}", status.trim());
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

pub fn encode(q: &str) -> String {
    form_urlencoded::byte_serialize(q.as_bytes()).collect()
}
