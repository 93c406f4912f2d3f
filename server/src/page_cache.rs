//! Rendered pages for visitors who are not signed in. Everyone who is not
//! signed in sees the same article page, but for the CSRF token in its
//! `<meta>` and forms: the page is rendered once with a stand-in token (a
//! random value chosen at start-up) and kept; each visitor then gets it
//! with their own token put in, and a new nonce for its inline script (in
//! the page and its Content-Security-Policy). Kept pages belong to the state of the
//! search index they were rendered on: the index follows every change of
//! the articles (within a second, on every server), and the next change
//! forgets them all.

use std::{
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use lru::LruCache;
use memchr::memmem;

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
    body: Bytes,
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
        pages.bytes += page.body.len();
        if let Some((_, pushed_out)) = pages.by_path.push(path, Arc::new(page)) {
            pages.bytes -= pushed_out.body.len();
        }
        while pages.bytes > BUDGET_BYTES {
            let Some((_, oldest)) = pages.by_path.pop_lru() else { break };
            pages.bytes -= oldest.body.len();
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
    // Read before rendering: a page rendered while the index moves on is
    // kept under the older state, which is forgotten.
    let generation = state.search.generation();
    if let Some(page) = cache.get(generation, &path) {
        let replacements = personal_values(&stand_in, &token, page.nonce.as_deref());
        return respond(StatusCode::OK, page.headers.clone(), &page.body, &replacements);
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
    // This first copy keeps the nonce it was rendered with: nobody has seen it.
    let replacements = [(stand_in.clone(), token)];
    let response = respond(parts.status, parts.headers.clone(), &body, &replacements);
    if keep {
        let nonce = nonce_of(&parts.headers);
        cache.put(generation, path, Page { headers: parts.headers, body, nonce });
    }
    response
}

/// What a kept page gets in place of its stand-ins: the visitor's CSRF
/// token, and a new nonce.
fn personal_values(stand_in: &str, token: &str, nonce: Option<&str>) -> Vec<(String, String)> {
    let mut replacements = vec![(stand_in.to_owned(), token.to_owned())];
    if let Some(nonce) = nonce {
        match secrets::random_secret() {
            Ok(fresh) => replacements.push((nonce.to_owned(), fresh)),
            Err(error) => tracing::error!(%error, "no fresh nonce for a kept page"),
        }
    }
    replacements
}

/// The nonce named in a page's Content-Security-Policy.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let rest = &policy[policy.find("'nonce-")? + "'nonce-".len()..];
    Some(rest[..rest.find('\'')?].to_owned())
}

/// The page with each `(from, to)` replaced, in the body and in the
/// Content-Security-Policy.
fn respond(
    status: StatusCode,
    mut headers: HeaderMap,
    body: &[u8],
    replacements: &[(String, String)],
) -> Response {
    let mut personal = body.to_vec();
    for (from, to) in replacements {
        personal = replace_all(&personal, from.as_bytes(), to.as_bytes());
    }
    if let Some(policy) = headers.get(header::CONTENT_SECURITY_POLICY).cloned() {
        let mut policy = policy.as_bytes().to_vec();
        for (from, to) in replacements {
            policy = replace_all(&policy, from.as_bytes(), to.as_bytes());
        }
        if let Ok(value) = HeaderValue::from_bytes(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.remove(header::CONTENT_LENGTH);
    let mut response = Response::new(Body::from(personal));
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
        Page { headers: HeaderMap::new(), body: Bytes::from(vec![b'x'; bytes]), nonce: None }
    }

    #[test]
    fn a_kept_page_gets_the_visitors_token_and_a_new_nonce() {
        let mut headers = HeaderMap::new();
        let policy = app::infra::headers::content_security_policy("OLDNONCE");
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).expect("ascii"),
        );
        assert_eq!(nonce_of(&headers).as_deref(), Some("OLDNONCE"));
        let body = b"<meta content=\"STANDIN\"><script nonce=\"OLDNONCE\">x</script>";

        let replacements = personal_values("STANDIN", "visitor-token", Some("OLDNONCE"));
        let response = respond(StatusCode::OK, headers, body, &replacements);

        let new_policy =
            response.headers()[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
        assert!(!new_policy.contains("OLDNONCE"), "{new_policy}");
        let fresh = &replacements[1].1;
        assert!(new_policy.contains(&format!("'nonce-{fresh}'")), "{new_policy}");
        assert_ne!(personal_values("STANDIN", "t", Some("OLDNONCE"))[1].1, *fresh);
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
        assert_eq!(pages.bytes, pages.by_path.iter().map(|(_, p)| p.body.len()).sum::<usize>());
        drop(pages);
        assert!(cache.get(1, "/articles/0").is_none(), "the oldest went first");
        assert!(cache.get(1, "/articles/14").is_some());
        assert!(cache.get(2, "/articles/14").is_none(), "a newer index forgets them");
    }
}
