//! The built web app: precompressed files, long caching for hashed assets, `index.html` for client routes.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

type StaticService = BoxCloneSyncService<Request<Body>, Response, std::convert::Infallible>;

/// Serves files under `dist`; a path that names no file is a client route unless it looks like a file.
pub fn service(dist: &Path) -> StaticService {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let client_route_or_404 = tower::service_fn(move |request: Request<Body>| {
        let index = index.clone();
        async move {
            let path = request.uri().path().to_owned();
            if is_client_route(&path) {
                let mut response = index.oneshot(request).await.into_response();
                if let Some(link) = data_preload(&path) {
                    response
                        .headers_mut()
                        .insert(header::LINK, HeaderValue::from_static(link));
                }
                Ok(response)
            } else {
                Ok::<_, std::convert::Infallible>(StatusCode::NOT_FOUND.into_response())
            }
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_route_or_404);
    BoxCloneSyncService::new(tower::service_fn(move |request: Request<Body>| {
        let files = files.clone();
        async move {
            let path = request.uri().path().to_owned();
            let response = files.oneshot(request).await.into_response();
            Ok(with_cache_control(&path, response))
        }
    }))
}

/// `/filings/new` is a client route; `/missing.js` is a missing file and stays a 404.
fn is_client_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// The data files a client route fetches as soon as the app starts (src/web/filing, filings, estimate), as a
/// `Link` preload: the download starts with the wasm instead of after it. `crossorigin` matches the credentials
/// mode of the app's `fetch`, so the browser reuses the preloaded response.
fn data_preload(path: &str) -> Option<&'static str> {
    const JOURNEY: &str = "</data/policy.json>; rel=preload; as=fetch; crossorigin, \
</data/regions.json>; rel=preload; as=fetch; crossorigin";
    const ESTIMATE: &str = "</data/policy.json>; rel=preload; as=fetch; crossorigin, \
</data/regions.json>; rel=preload; as=fetch; crossorigin, \
</data/directory-sample.json>; rel=preload; as=fetch; crossorigin";
    match path.split('/').nth(1).unwrap_or_default() {
        "file" | "filings" | "points" => Some(JOURNEY),
        "estimate" => Some(ESTIMATE),
        _ => None,
    }
}

/// `scripts/build-web.sh` names built assets `name-<hash>.ext`, the hash 16 hex digits of the content's
/// SHA-256 (Trunk, used before, wrote a 64-bit number in hex without leading zeros): those files never change
/// and are cached for a year. The lazy wasm modules and their link file are named the same way.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn with_cache_control(path: &str, mut response: Response) -> Response {
    let value = if response.status().is_success() && is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same path answers brotli, gzip or plain bytes depending on the request.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_content_named_assets() {
        assert!(is_hashed_asset("/yidi-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/__wasm_split-0b8b0bf97abfc2da.js"));
        assert!(is_hashed_asset(
            "/split_card_view_4520385887987203473-e33f70b741d0269e.wasm"
        ));
        assert!(is_hashed_asset("/chunk_21-ba9cfaadfd60bae7.wasm"));
        assert!(!is_hashed_asset("/chunk_21.wasm"));
        assert!(is_hashed_asset("/yidi-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(is_hashed_asset("/main-65b6d6c25c79876.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/data/policy.json"));
        assert!(!is_hashed_asset("/boot.js"));
    }

    #[test]
    fn journeys_preload_the_data_they_fetch_and_other_pages_nothing() {
        let preloads = |path| data_preload(path).unwrap_or_default();
        assert!(preloads("/file/who").contains("</data/policy.json>"));
        assert!(preloads("/filings/YD123").contains("</data/regions.json>"));
        assert!(preloads("/estimate").contains("</data/directory-sample.json>"));
        assert!(!preloads("/file").contains("directory-sample"));
        assert_eq!(data_preload("/"), None);
        assert_eq!(data_preload("/guide/file-first"), None);
        assert_eq!(data_preload("/filesystem"), None);
    }

    #[test]
    fn client_routes_have_no_extension() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/estimate"));
        assert!(!is_client_route("/missing.js"));
    }
}
