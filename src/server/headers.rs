//! Security headers. `nosniff` on every response. The policies that govern what a document may do (scripts,
//! framing, the referrer it sends, the device features it may ask for) on every response that a browser can make
//! a document or a worker of: pages, images, the service worker script, the API's answers.
//!
//! The web app's code, style and data files (wasm, JavaScript modules, CSS, JSON) are never documents: the
//! policies would do nothing there, and on HTTP/1.1 they cost about 400 bytes a file, some 8 KB of a first visit.

use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts only from this origin, wasm allowed to compile, no inline script or style, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'";

const NOSNIFF: (HeaderName, &str) = (header::X_CONTENT_TYPE_OPTIONS, "nosniff");

const DOCUMENT_POLICIES: [(HeaderName, &str); 3] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Middleware: the security headers on each response, by what it is.
pub async fn add_security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let headers = response.headers_mut();
    insert(headers, [NOSNIFF]);
    if may_be_a_document(&path, &content_type) {
        insert(headers, DOCUMENT_POLICIES);
    }
    response
}

/// Adds every security header to a response written outside the router (the answer at the connection cap).
pub fn insert_security_headers(headers: &mut HeaderMap) {
    insert(headers, [NOSNIFF]);
    insert(headers, DOCUMENT_POLICIES);
}

fn insert<const N: usize>(headers: &mut HeaderMap, pairs: [(HeaderName, &'static str); N]) {
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Whether a browser can make a document or a worker of the answer to `path`: anything but the web app's own
/// code, style and data files. The API's answers keep the policies (one opened in a tab is a document).
fn may_be_a_document(path: &str, content_type: &str) -> bool {
    if path.starts_with("/api/") || path == "/api" || path == "/sw.js" {
        return true;
    }
    let essence = content_type.split(';').next().unwrap_or("").trim();
    !matches!(
        essence,
        "application/wasm"
            | "text/javascript"
            | "application/javascript"
            | "text/css"
            | "application/json"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_images_the_worker_and_the_api_get_the_policies_code_style_and_data_do_not() {
        for (path, content_type) in [
            ("/", "text/html; charset=utf-8"),
            ("/filings/YD1", "text/html; charset=utf-8"),
            ("/icons/icon.svg", "image/svg+xml"),
            ("/icons/icon-192.png", "image/png"),
            ("/manifest.webmanifest", "application/manifest+json"),
            ("/sw.js", "text/javascript"),
            ("/api/filings", "application/json"),
            ("/api/no-such-thing", "application/json"),
            ("/nothing-here", ""),
        ] {
            assert!(
                may_be_a_document(path, content_type),
                "{path} {content_type}"
            );
        }
        for (path, content_type) in [
            ("/yidi-0123_bg.wasm", "application/wasm"),
            ("/yidi-0123.js", "text/javascript"),
            ("/boot.js", "text/javascript; charset=utf-8"),
            ("/main-0123.css", "text/css"),
            ("/data/policy.json", "application/json"),
        ] {
            assert!(
                !may_be_a_document(path, content_type),
                "{path} {content_type}"
            );
        }
    }
}
