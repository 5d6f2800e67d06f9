//! The built web app: precompressed files, long caching for hashed assets, `index.html` for client routes.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::Layer;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

type StaticService = BoxCloneSyncService<Request<Body>, Response, std::convert::Infallible>;

/// Serves files under `dist`; a path that names no file is a client route unless it looks like a file.
pub fn service(dist: &Path) -> StaticService {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let dist_dir = Arc::new(dist.to_owned());
    // A page with preloads is index.html with a few more lines, made per request and compressed on the way.
    let with_preloads =
        CompressionLayer::new().layer(tower::service_fn(|request: Request<String>| async move {
            let html = request.into_body();
            Ok::<_, std::convert::Infallible>(
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
            )
        }));
    let client_route_or_404 = tower::service_fn(move |request: Request<Body>| {
        let index = index.clone();
        let dist_dir = dist_dir.clone();
        let with_preloads = with_preloads.clone();
        async move {
            let path = request.uri().path().to_owned();
            if !is_client_route(&path) {
                return Ok(StatusCode::NOT_FOUND.into_response());
            }
            // Read on each request, as ServeFile reads index.html: a rebuild of dist/ is served at once. A route
            // that preloads nothing (the guide, a 404) is index.html as it is, without reading anything twice.
            let page = if Needs::of(&path).is_empty() {
                None
            } else {
                Preloads::read(&dist_dir).await.page(&path)
            };
            match page {
                Some(html) => {
                    let (parts, _) = request.into_parts();
                    let request = Request::from_parts(parts, html);
                    Ok(with_preloads.oneshot(request).await?.into_response())
                }
                None => {
                    Ok::<_, std::convert::Infallible>(index.oneshot(request).await.into_response())
                }
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
    fn is_empty(&self) -> bool {
        self.data.is_empty() && self.splits.is_empty()
    }

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

/// index.html with a route's data and wasm splits as `<link rel="preload">`s, so they download with the main
/// wasm instead of after it has run. They come after the page's own assets, which the browser then asks for
/// first. `crossorigin` matches the credentials mode of the app's `fetch` and of the split loader's, so the
/// browser reuses the preloaded responses (e2e/tests/preload.spec.ts).
struct Preloads {
    index: Option<String>,
    /// The files each split fetches, its own module first, as `scripts/build-web.sh` wrote them in
    /// `lazy-modules.json` (absent in a build without the split: then only the data is preloaded).
    split_files: HashMap<String, Vec<String>>,
}

impl Preloads {
    async fn read(dist: &Path) -> Preloads {
        let file = dist.join("lazy-modules.json");
        let split_files = match tokio::fs::read_to_string(&file).await {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|error| {
                tracing::warn!(%error, file = %file.display(), "lazy modules list unreadable; not preloaded");
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        let index = tokio::fs::read_to_string(dist.join("index.html"))
            .await
            .ok()
            .filter(|html| html.contains("</head>"));
        Preloads { index, split_files }
    }

    /// The files to preload for a client route, data first, each once.
    fn files(&self, path: &str) -> Vec<&str> {
        let needs = Needs::of(path);
        let wasm = needs
            .splits
            .iter()
            .flat_map(|split| self.split_files.get(*split).into_iter().flatten())
            .map(String::as_str);
        let mut seen = HashSet::new();
        needs
            .data
            .iter()
            .copied()
            .chain(wasm)
            .filter(|file| seen.insert(*file))
            .collect()
    }

    /// The page for a client route that preloads something; `None` serves index.html as it is.
    fn page(&self, path: &str) -> Option<String> {
        let index = self.index.as_deref()?;
        let files = self.files(path);
        if files.is_empty() {
            return None;
        }
        let links: String = files
            .iter()
            .map(|file| {
                format!("    <link rel=\"preload\" href=\"{file}\" as=\"fetch\" crossorigin=\"anonymous\" />\n")
            })
            .collect();
        Some(index.replacen("</head>", &format!("{}  </head>", links.trim_start()), 1))
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

    /// The route table of `Needs::of` is kept by hand beside the web app's routes (`src/web/mod.rs`) and their
    /// splits (`src/web/lazy.rs`); this reads both and checks every lazy route is preloaded with its splits, so a
    /// route added there without a line here fails.
    #[test]
    fn every_lazy_route_of_the_web_app_preloads_its_splits() {
        let lazy_rs = include_str!("../web/lazy.rs");
        let table = &lazy_rs[lazy_rs
            .find("lazy_routes! {")
            .expect("the lazy_routes! table")..];
        let split_of = |view: &str| -> String {
            let line = table
                .lines()
                .find(|line| line.trim_start().starts_with(&format!("{view} =>")))
                .unwrap_or_else(|| panic!("{view} is not in lazy_routes!"));
            let call = line.split("=>").nth(1).unwrap().trim();
            call[..call.find('(').unwrap()].to_owned()
        };
        let quoted = |line: &str| -> String {
            let start = line.find("path!(\"").unwrap() + "path!(\"".len();
            line[start..start + line[start..].find('"').unwrap()].to_owned()
        };
        let lazy_view = |line: &str| -> Option<String> {
            let start = line.find("Lazy::<")? + "Lazy::<".len();
            Some(line[start..start + line[start..].find('>')?].to_owned())
        };
        let mut parent: Option<(String, Option<String>)> = None;
        let mut checked = 0;
        for line in include_str!("../web/mod.rs").lines().map(str::trim) {
            if line.starts_with("<ParentRoute") {
                parent = Some((quoted(line), lazy_view(line).map(|v| split_of(&v))));
            } else if line.starts_with("</ParentRoute>") {
                parent = None;
            } else if line.starts_with("<Route ") {
                let Some(view) = lazy_view(line) else {
                    continue;
                };
                let child = quoted(line);
                let path = match &parent {
                    Some((base, _)) if child.is_empty() => base.clone(),
                    Some((base, _)) => format!("{base}/{child}"),
                    None => child,
                };
                let path = path
                    .split('/')
                    .map(|s| if s.starts_with(':') { "YD1" } else { s })
                    .collect::<Vec<_>>()
                    .join("/");
                let mut wanted = vec![split_of(&view)];
                if let Some((_, Some(frame))) = &parent {
                    wanted.push(frame.clone());
                }
                let preloaded = Needs::of(&path).splits;
                for split in wanted {
                    assert!(
                        preloaded.contains(&split.as_str()),
                        "{path} runs {split} but Needs::of preloads {preloaded:?}"
                    );
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 16, "lazy routes found in src/web/mod.rs");
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

    fn dist_with(index: &str, lazy_modules: Option<&str>) -> tempfile::TempDir {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), index).unwrap();
        if let Some(list) = lazy_modules {
            std::fs::write(dist.path().join("lazy-modules.json"), list).unwrap();
        }
        dist
    }

    #[tokio::test]
    async fn a_route_preloads_its_data_then_its_splits_each_file_once() {
        let dist = dist_with(
            "<html><head><title>x</title></head><body></body></html>",
            Some(
                r#"{"filings_view": ["/split_filings-1.wasm", "/chunk_7-a.wasm"],
                    "card_view": ["/split_card-2.wasm", "/chunk_7-a.wasm", "/chunk_9-b.wasm"]}"#,
            ),
        );
        let preloads = Preloads::read(dist.path()).await;
        assert_eq!(
            preloads.files("/filings/YD1/card"),
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
        let page = preloads.page("/filings/YD1/card").unwrap();
        assert!(page.starts_with(
            "<html><head><title>x</title><link rel=\"preload\" href=\"/data/policy.json\""
        ));
        assert!(page.contains(
            "<link rel=\"preload\" href=\"/chunk_9-b.wasm\" as=\"fetch\" crossorigin=\"anonymous\" />\n  </head><body>"
        ));
        assert_eq!(page.matches("/chunk_7-a.wasm").count(), 1);
        assert_eq!(preloads.page("/guide/code-card"), None);
        assert_eq!(preloads.page("/"), None);
    }

    #[tokio::test]
    async fn without_the_split_list_only_the_data_is_preloaded() {
        let dist = dist_with("<head></head>", None);
        let page = Preloads::read(dist.path()).await.page("/estimate").unwrap();
        assert!(page.contains("href=\"/data/directory-sample.json\""));
        assert!(!page.contains(".wasm"));
    }

    #[tokio::test]
    async fn a_rebuilt_dist_is_served_without_a_restart() {
        let dist = dist_with(
            "<head></head>build 1",
            Some(r#"{"journey_view": ["/split_journey-1.wasm"]}"#),
        );
        let app = service(dist.path());
        let page = |app: StaticService| async move {
            let request = Request::get("/file/who").body(Body::empty()).unwrap();
            let response = app.oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            String::from_utf8(body.to_vec()).unwrap()
        };
        let first = page(app.clone()).await;
        assert!(first.contains("href=\"/split_journey-1.wasm\"") && first.ends_with("build 1"));
        std::fs::write(dist.path().join("index.html"), "<head></head>build 2").unwrap();
        std::fs::write(
            dist.path().join("lazy-modules.json"),
            r#"{"journey_view": ["/split_journey-2.wasm"]}"#,
        )
        .unwrap();
        let second = page(app).await;
        assert!(second.contains("href=\"/split_journey-2.wasm\"") && second.ends_with("build 2"));
        assert!(!second.contains("split_journey-1"));
    }

    #[test]
    fn client_routes_have_no_extension() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/estimate"));
        assert!(!is_client_route("/missing.js"));
    }
}
