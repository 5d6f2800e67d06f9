//! The built web app: precompressed files, long caching for hashed assets, `index.html` for client routes.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

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
    let preloads = Arc::new(Preloads::read(dist));
    let client_route_or_404 = tower::service_fn(move |request: Request<Body>| {
        let index = index.clone();
        let preloads = preloads.clone();
        async move {
            let path = request.uri().path().to_owned();
            if is_client_route(&path) {
                let mut response = index.oneshot(request).await.into_response();
                if let Some(link) = preloads.link(&path) {
                    response.headers_mut().insert(header::LINK, link);
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

/// What a client route fetches as soon as the app starts: the data files its pages read (src/web/filing,
/// points, estimate) and the lazy wasm splits that hold its pages (src/web/lazy.rs).
#[derive(Debug, PartialEq)]
struct Needs {
    data: &'static [&'static str],
    splits: &'static [&'static str],
}

impl Needs {
    fn of(path: &str) -> Needs {
        const REFERENCE: &[&str] = &["/data/policy.json", "/data/regions.json"];
        const WITH_INSTITUTIONS: &[&str] = &[
            "/data/policy.json",
            "/data/regions.json",
            "/data/institutions.json",
        ];
        const ESTIMATE: &[&str] = &[
            "/data/policy.json",
            "/data/regions.json",
            "/data/directory-sample.json",
        ];
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let (data, splits): (&[&str], &[&str]) = match segments.as_slice() {
            ["file", ..] => (REFERENCE, &["journey_view"]),
            ["filings"] | ["filings", _] => (REFERENCE, &["filings_view"]),
            ["filings", _, "card"] => (WITH_INSTITUTIONS, &["filings_view", "card_view"]),
            ["filings", _, "points"] => (WITH_INSTITUTIONS, &["filings_view", "points_view"]),
            ["points"] => (WITH_INSTITUTIONS, &["points_view"]),
            ["estimate"] => (ESTIMATE, &["estimate_view"]),
            _ => (&[], &[]),
        };
        Needs { data, splits }
    }
}

/// `Link` preloads for a client route, so that its data and its wasm download with the main wasm instead of
/// after it has run. `crossorigin` matches the credentials mode of the app's `fetch` and of the split loader's,
/// so the browser reuses the preloaded responses.
struct Preloads {
    /// The files each split fetches, its own module first, as `scripts/build-web.sh` wrote them in
    /// `lazy-modules.json` (absent in a build without the split: then only the data is preloaded).
    split_files: HashMap<String, Vec<String>>,
}

impl Preloads {
    fn read(dist: &Path) -> Preloads {
        let file = dist.join("lazy-modules.json");
        let split_files = match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|error| {
                tracing::warn!(%error, file = %file.display(), "lazy modules list unreadable; not preloaded");
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        Preloads { split_files }
    }

    fn link(&self, path: &str) -> Option<HeaderValue> {
        let needs = Needs::of(path);
        let wasm = needs
            .splits
            .iter()
            .flat_map(|split| self.split_files.get(*split).into_iter().flatten())
            .map(|file| format!("<{file}>; rel=preload; as=fetch; crossorigin"));
        let data = needs
            .data
            .iter()
            .map(|file| format!("<{file}>; rel=preload; as=fetch; crossorigin"));
        let mut seen = HashSet::new();
        let links: Vec<String> = data
            .chain(wasm)
            .filter(|link| seen.insert(link.clone()))
            .collect();
        if links.is_empty() {
            return None;
        }
        HeaderValue::from_str(&links.join(", ")).ok()
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
    fn each_route_needs_its_own_data_and_splits() {
        assert_eq!(Needs::of("/file/who").splits, ["journey_view"]);
        assert_eq!(
            Needs::of("/file").data,
            ["/data/policy.json", "/data/regions.json"]
        );
        assert_eq!(Needs::of("/filings/").splits, ["filings_view"]);
        assert_eq!(Needs::of("/filings/YD123").splits, ["filings_view"]);
        assert_eq!(
            Needs::of("/filings/YD123/card").splits,
            ["filings_view", "card_view"]
        );
        assert!(
            Needs::of("/filings/YD123/card")
                .data
                .contains(&"/data/institutions.json")
        );
        assert_eq!(
            Needs::of("/filings/YD123/points").splits,
            ["filings_view", "points_view"]
        );
        assert_eq!(Needs::of("/points").splits, ["points_view"]);
        assert!(
            Needs::of("/estimate")
                .data
                .contains(&"/data/directory-sample.json")
        );
        assert!(
            !Needs::of("/file")
                .data
                .contains(&"/data/directory-sample.json")
        );
        for other in [
            "/",
            "/guide/file-first",
            "/filesystem",
            "/estimates",
            "/filings/YD1/card/x",
        ] {
            assert_eq!(
                Needs::of(other),
                Needs {
                    data: &[],
                    splits: &[]
                },
                "{other}"
            );
        }
    }

    #[test]
    fn preloads_name_the_route_split_files_once_after_the_data() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(
            dist.path().join("lazy-modules.json"),
            r#"{"filings_view": ["/split_filings-1.wasm", "/chunk_7-a.wasm"],
                "card_view": ["/split_card-2.wasm", "/chunk_7-a.wasm", "/chunk_9-b.wasm"]}"#,
        )
        .unwrap();
        let preloads = Preloads::read(dist.path());
        let link = preloads.link("/filings/YD1/card").unwrap();
        let link = link.to_str().unwrap();
        let files: Vec<&str> = link
            .split(", ")
            .map(|one| one.split(['<', '>']).nth(1).unwrap())
            .collect();
        assert_eq!(
            files,
            [
                "/data/policy.json",
                "/data/regions.json",
                "/data/institutions.json",
                "/split_filings-1.wasm",
                "/chunk_7-a.wasm",
                "/split_card-2.wasm",
                "/chunk_9-b.wasm",
            ]
        );
        assert!(link.contains("</chunk_9-b.wasm>; rel=preload; as=fetch; crossorigin"));
        assert_eq!(preloads.link("/guide/code-card"), None);
    }

    #[test]
    fn without_the_split_list_only_the_data_is_preloaded() {
        let dist = tempfile::tempdir().unwrap();
        let preloads = Preloads::read(dist.path());
        let link = preloads.link("/estimate").unwrap();
        assert!(
            link.to_str()
                .unwrap()
                .contains("</data/directory-sample.json>")
        );
        assert!(!link.to_str().unwrap().contains(".wasm"));
    }

    #[test]
    fn client_routes_have_no_extension() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/estimate"));
        assert!(!is_client_route("/missing.js"));
    }
}
