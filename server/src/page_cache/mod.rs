//! Rendered pages for visitors who are not signed in. Everyone who is not
//! signed in sees the same article page, but for the CSRF token in its
//! `<meta>` and forms: the page is rendered once with a stand-in token (a
//! random value chosen at start-up) and kept; each visitor then gets it
//! with their own token put in, and a new nonce for its inline script (in
//! the page and its Content-Security-Policy). Kept pages belong to the state of the
//! search index they were rendered on: the index follows every change of
//! the articles (within a second, on every server), and the next change
//! forgets them all.
//!
//! Kept pages are also compressed once (`template`): a visitor whose
//! browser accepts gzip gets the compressed runs with their own values
//! spliced in, without compressing the page again.

mod template;

use std::{
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use lru::LruCache;
use memchr::memmem;
use template::Template;

use app::{
    auth::server::{Viewer, csrf::CsrfToken},
    error::AppError,
    infra::secrets,
    runtime::AppState,
};

/// Pages kept at most (an article page is 15 to 100 KB)...
const PAGES: usize = 2_000;
/// ...and their bytes at most, so that memory stays bounded however long
/// the pages a spike brings.
const BUDGET_BYTES: usize = 32 * 1024 * 1024;
/// A page larger than this is sent as rendered, not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    /// Stands in for the visitor's CSRF token in kept pages; without one
    /// (no randomness at start-up), nothing is kept.
    stand_in: Option<String>,
    pages: Mutex<Pages>,
}

struct Pages {
    generation: u64,
    by_path: LruCache<String, Arc<Page>>,
    /// Bytes of the bodies kept.
    bytes: usize,
}

struct Page {
    headers: HeaderMap,
    /// The body, its stand-ins (the CSRF token, then the nonce it was
    /// rendered with) left as slots.
    body: Template,
    /// The nonce the page was rendered with, replaced in every copy sent.
    nonce: Option<String>,
}

impl PageCache {
    pub fn new() -> Self {
        let stand_in = secrets::random_secret()
            .inspect_err(|error| tracing::warn!(%error, "pages are not kept: no random stand-in"))
            .ok();
        let capacity = NonZeroUsize::new(PAGES).unwrap_or(NonZeroUsize::MIN);
        let pages = Mutex::new(Pages { generation: 0, by_path: LruCache::new(capacity), bytes: 0 });
        Self { inner: Arc::new(Inner { stand_in, pages }) }
    }

    fn get(&self, generation: u64, path: &str) -> Option<Arc<Page>> {
        let mut pages = self.inner.pages.lock().unwrap_or_else(|p| p.into_inner());
        if pages.generation != generation {
            return None;
        }
        pages.by_path.get(path).cloned()
    }

    fn put(&self, generation: u64, path: String, page: Page) {
        let mut pages = self.inner.pages.lock().unwrap_or_else(|p| p.into_inner());
        if generation < pages.generation {
            return;
        }
        if generation > pages.generation {
            pages.by_path.clear();
            pages.bytes = 0;
            pages.generation = generation;
        }
        pages.bytes += page.body.size();
        if let Some((_, pushed_out)) = pages.by_path.push(path, Arc::new(page)) {
            pages.bytes -= pushed_out.body.size();
        }
        while pages.bytes > BUDGET_BYTES {
            let Some((_, oldest)) = pages.by_path.pop_lru() else { break };
            pages.bytes -= oldest.body.size();
        }
    }
}

/// Article pages (and the home page), asked for plainly by a visitor who is
/// not signed in. A query string (a search result's click, a suggestion)
/// is recorded by the page, so it is always rendered.
fn kept_path(request: &Request) -> Option<String> {
    let anonymous = matches!(request.extensions().get::<Viewer>(), Some(Viewer::Anonymous));
    let path = request.uri().path();
    let page = path == "/" || path.strip_prefix("/articles/").is_some_and(|slug| !slug.is_empty());
    (request.method() == Method::GET && anonymous && request.uri().query().is_none() && page)
        .then(|| path.to_owned())
}

pub async fn serve(
    State((state, cache)): State<(AppState, PageCache)>,
    mut request: Request,
    next: Next,
) -> Response {
    let (Some(path), Some(CsrfToken(token)), Some(stand_in)) = (
        kept_path(&request),
        request.extensions().get::<CsrfToken>().cloned(),
        cache.inner.stand_in.clone(),
    ) else {
        return next.run(request).await;
    };
    let gzip = accepts_gzip(request.headers());
    // Read before rendering: a page rendered while the index moves on is
    // kept under the older state, which is forgotten.
    let generation = state.search.generation();
    if let Some(page) = cache.get(generation, &path) {
        let nonce = page.nonce.as_deref().map(|old| (old, fresh_nonce()));
        return respond(StatusCode::OK, page.headers.clone(), &page.body, &token, nonce, gzip);
    }
    request.extensions_mut().insert(CsrfToken(stand_in.clone()));
    let (parts, body) = next.run(request).await.into_parts();
    let body = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "reading a rendered page");
            return AppError::Internal.into_response();
        }
    };
    let keep = parts.status == StatusCode::OK && !parts.headers.contains_key(header::SET_COOKIE);
    if !keep {
        // Sent once, as rendered: compressed on its way out like any page.
        let mut parts = parts;
        parts.headers.remove(header::CONTENT_LENGTH);
        let personal = replace_all(&body, stand_in.as_bytes(), token.as_bytes());
        return Response::from_parts(parts, Body::from(personal));
    }
    let nonce = nonce_of(&parts.headers);
    let stand_ins = [stand_in.as_str(), nonce.as_deref().unwrap_or_default()];
    let template = match Template::new(&body, &stand_ins) {
        Ok(template) => template,
        Err(error) => {
            tracing::error!(%error, "compressing a rendered page");
            return AppError::Internal.into_response();
        }
    };
    // This first copy keeps the nonce it was rendered with: nobody has seen it.
    let same_nonce = nonce.as_deref().map(|nonce| (nonce, nonce.to_owned()));
    let response =
        respond(parts.status, parts.headers.clone(), &template, &token, same_nonce, gzip);
    cache.put(generation, path, Page { headers: parts.headers, body: template, nonce });
    response
}

/// A new nonce for a kept page's copy (an empty one, refused by the
/// policy, if the system has no randomness to give).
fn fresh_nonce() -> String {
    secrets::random_secret()
        .inspect_err(|error| tracing::error!(%error, "no fresh nonce for a kept page"))
        .unwrap_or_default()
}

/// Whether the request's `Accept-Encoding` takes gzip (not at q=0).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|value| {
        value.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    })
}

/// The nonce named in a page's Content-Security-Policy.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let rest = &policy[policy.find("'nonce-")? + "'nonce-".len()..];
    Some(rest[..rest.find('\'')?].to_owned())
}

/// A copy of the page with the visitor's token and the nonce `(old, new)`
/// put in, in the body and in the Content-Security-Policy; gzipped if asked.
fn respond(
    status: StatusCode,
    mut headers: HeaderMap,
    body: &Template,
    token: &str,
    nonce: Option<(&str, String)>,
    gzip: bool,
) -> Response {
    let new_nonce = nonce.as_ref().map(|(_, new)| new.as_str()).unwrap_or_default();
    let values = [token, new_nonce];
    if let (Some((old, new)), Some(policy)) = (&nonce, headers.get(header::CONTENT_SECURITY_POLICY))
    {
        let policy = replace_all(policy.as_bytes(), old.as_bytes(), new.as_bytes());
        if let Ok(value) = HeaderValue::from_bytes(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.remove(header::CONTENT_LENGTH);
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let bytes = if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        body.gzip(&values)
    } else {
        body.plain(&values)
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut replaced = Vec::with_capacity(haystack.len());
    let mut rest = 0;
    for at in memmem::find_iter(haystack, from) {
        replaced.extend_from_slice(&haystack[rest..at]);
        replaced.extend_from_slice(to);
        rest = at + from.len();
    }
    replaced.extend_from_slice(&haystack[rest..]);
    replaced
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Page {
        let body = Template::new(&vec![b'x'; bytes], &[]).expect("template");
        Page { headers: HeaderMap::new(), body, nonce: None }
    }

    async fn body_of(response: Response) -> Vec<u8> {
        to_bytes(response.into_body(), usize::MAX).await.expect("body").to_vec()
    }

    #[tokio::test]
    async fn a_kept_page_gets_the_visitors_token_and_a_new_nonce_gzipped_or_not() {
        let mut headers = HeaderMap::new();
        let policy = app::infra::headers::content_security_policy("OLDNONCE");
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).expect("ascii"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("OLDNONCE"));
        let body = b"<meta content=\"STANDIN\"><script nonce=\"OLDNONCE\">x</script>";
        let template = Template::new(body, &["STANDIN", "OLDNONCE"]).expect("template");

        let fresh = fresh_nonce();
        assert_ne!(fresh_nonce(), fresh);
        let nonce = Some(("OLDNONCE", fresh.clone()));
        let response = respond(StatusCode::OK, headers.clone(), &template, "tok", nonce, false);
        let new_policy =
            response.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
        assert!(!new_policy.contains("OLDNONCE"), "{new_policy}");
        assert!(new_policy.contains(&format!("'nonce-{fresh}'")), "{new_policy}");
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        let expected = format!("<meta content=\"tok\"><script nonce=\"{fresh}\">x</script>");
        assert_eq!(body_of(response).await, expected.as_bytes());

        let nonce = Some(("OLDNONCE", fresh.clone()));
        let response = respond(StatusCode::OK, headers, &template, "tok", nonce, true);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let mut plain = String::new();
        let gzip = body_of(response).await;
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut plain)
            .expect("gzip");
        assert_eq!(plain, expected);
    }

    #[test]
    fn gzip_is_sent_to_those_who_accept_it() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).expect("ascii"));
            accepts_gzip(&headers)
        };
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0, br"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn kept_pages_stay_within_their_byte_budget_oldest_out_first() {
        let cache = PageCache::new();
        let tenth = BUDGET_BYTES / 10;
        for n in 0..15 {
            cache.put(1, format!("/articles/{n}"), page(tenth));
        }
        cache.put(1, "/articles/14".into(), page(tenth));

        let pages = cache.inner.pages.lock().expect("lock");
        assert!(pages.bytes <= BUDGET_BYTES, "{} bytes kept", pages.bytes);
        assert_eq!(pages.bytes, pages.by_path.iter().map(|(_, p)| p.body.size()).sum::<usize>());
        drop(pages);
        assert!(cache.get(1, "/articles/0").is_none(), "the oldest went first");
        assert!(cache.get(1, "/articles/14").is_some());
        assert!(cache.get(2, "/articles/14").is_none(), "a newer index forgets them");
    }
}
