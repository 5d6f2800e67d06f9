//! The built web app: precompressed files, long caching for hashed assets, `index.html` for client routes.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::Layer;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

use super::dictionary;
use super::pages::{Pages, lang_of};
use crate::domain::lang::care_from_cookies;
use crate::domain::route::Route;

type StaticService = BoxCloneSyncService<Request<Body>, Response, std::convert::Infallible>;

/// Serves files under `dist`; a path that names no file is a client route unless it looks like a file.
pub fn service(dist: &Path) -> StaticService {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let pages = Pages::new(dist);
    // A route's page is index.html with its first paint and preloads, made per request and compressed on the way.
    let made =
        CompressionLayer::new().layer(tower::service_fn(|request: Request<String>| async move {
            let html = request.into_body();
            Ok::<_, std::convert::Infallible>(
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
            )
        }));
    let client_route = tower::service_fn(move |request: Request<Body>| {
        let (index, pages, made) = (index.clone(), pages.clone(), made.clone());
        async move {
            let path = request.uri().path().to_owned();
            if !is_client_route(&path) {
                return Ok(StatusCode::NOT_FOUND.into_response());
            }
            let cookies = request
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok());
            let care = cookies.is_some_and(care_from_cookies);
            let mut response = match pages.page(&path, lang_of(cookies)).await {
                Some(html) => {
                    // Care mode from the first paint on, so the page does not jump when the app starts.
                    let html = if care {
                        html.replacen("class=\"booting\"", "class=\"booting care\"", 1)
                    } else {
                        html
                    };
                    let (parts, _) = request.into_parts();
                    made.oneshot(Request::from_parts(parts, html))
                        .await?
                        .into_response()
                }
                None => index.oneshot(request).await.into_response(),
            };
            // An address no route has gets the app's "page not found" with the status that says so, so search
            // engines, link checkers and monitoring see a missing page as missing.
            if Route::find(&path).is_none() {
                *response.status_mut() = StatusCode::NOT_FOUND;
            }
            // The first paint is in the language of the `yidi-lang` cookie.
            response
                .headers_mut()
                .append(header::VARY, HeaderValue::from_static("cookie"));
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_route.clone());
    let dist = dist.to_owned();
    BoxCloneSyncService::new(tower::service_fn(move |request: Request<Body>| {
        let (files, client_route, dist) = (files.clone(), client_route.clone(), dist.clone());
        async move {
            let path = request.uri().path().to_owned();
            // `/` is the home page's route, not the folder whose index.html ServeDir would send as it is.
            let response = if !is_short_enough(&path) {
                StatusCode::NOT_FOUND.into_response()
            } else if path == "/" {
                client_route.oneshot(request).await.into_response()
            } else if let Some(response) =
                with_dictionary(&dist, request.method(), &path, request.headers()).await
            {
                response
            } else {
                files.oneshot(request).await.into_response()
            };
            Ok(with_dictionary_headers(
                &path,
                with_cache_control(&path, response),
            ))
        }
    }))
}

/// The longest path segment asked of the file system. Linux allows names of 255 bytes (NAME_MAX), and ServeDir
/// also asks for the name with `.br` and `.gz` appended; past that the file system answers ENAMETOOLONG, which
/// ServeDir turns into a 500. No file or route of the app comes near 200 bytes.
const MAX_SEGMENT_BYTES: usize = 200;
/// The longest path asked of the file system, well under Linux's 4,096 (PATH_MAX) with the `dist` folder before it.
const MAX_PATH_BYTES: usize = 1024;

/// Whether `path` (as sent, so at least as long as decoded) could name a file or a route: a longer one is a 404
/// without asking the file system.
fn is_short_enough(path: &str) -> bool {
    path.len() <= MAX_PATH_BYTES && path.split('/').all(|s| s.len() <= MAX_SEGMENT_BYTES)
}

/// `/filings/new` is a client route; `/missing.js` is a missing file and stays a 404.
fn is_client_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
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

/// The main wasm module: wasm-bindgen names it `…_bg.wasm`; the lazy modules it loads are `split_…` and
/// `chunk_…`.
fn is_main_module(path: &str) -> bool {
    path.ends_with("_bg.wasm")
}

/// A lazy module's `dcb` body (src/server/dictionary.rs), where the browser holds the main module it was made with
/// and takes `dcb`; `None` sends the file as usual (brotli).
async fn with_dictionary(
    dist: &Path,
    method: &Method,
    path: &str,
    headers: &axum::http::HeaderMap,
) -> Option<Response> {
    let name = path.strip_prefix('/')?;
    // Only a content-named module at the top of `dist`, asked for: nothing here walks the file system's folders,
    // and anything but GET or HEAD is ServeDir's to refuse.
    if !matches!(*method, Method::GET | Method::HEAD)
        || !name.ends_with(".wasm")
        || name.contains('/')
        || name.contains("..")
        || is_main_module(path)
        || !is_hashed_asset(path)
    {
        return None;
    }
    let available = headers.get("available-dictionary")?.to_str().ok()?;
    if !accepts(headers, "dcb") {
        return None;
    }
    let body = tokio::fs::read(dist.join(format!("{name}.dcb")))
        .await
        .ok()?;
    if !dictionary::made_with(&body, available) {
        return None;
    }
    Some(
        (
            [
                (header::CONTENT_TYPE, "application/wasm"),
                (header::CONTENT_ENCODING, "dcb"),
            ],
            body,
        )
            .into_response(),
    )
}

/// Whether `Accept-Encoding` offers `coding` (and not with `q=0`, which refuses it).
fn accepts(headers: &axum::http::HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|offer| {
            let mut parts = offer.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && !parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                })
        })
}

/// The main module offers itself as the dictionary of the modules fetched after it; the lazy modules' answers vary
/// with the dictionary the browser holds.
fn with_dictionary_headers(path: &str, mut response: Response) -> Response {
    if !path.ends_with(".wasm") || !response.status().is_success() {
        return response;
    }
    let headers = response.headers_mut();
    if is_main_module(path) {
        headers.insert(
            "use-as-dictionary",
            HeaderValue::from_static(dictionary::USE_AS_DICTIONARY),
        );
    } else {
        headers.insert(
            header::VARY,
            HeaderValue::from_static("accept-encoding, available-dictionary"),
        );
    }
    response
}

fn with_cache_control(path: &str, mut response: Response) -> Response {
    let value = if response.status().is_success() && is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if value != "no-cache" {
        // A file named after its content is never asked again nor in parts: its date and the offer of ranges
        // are bytes on every response (a journey page fetches 16 such files) that no browser uses.
        headers.remove(header::LAST_MODIFIED);
        headers.remove(header::ACCEPT_RANGES);
    }
    // The same path answers brotli, gzip or plain bytes depending on the request (and a page in the language
    // of a cookie: the client route adds that).
    let varies = headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
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

    fn dist_with(index: &str, lazy_modules: &str) -> tempfile::TempDir {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), index).unwrap();
        std::fs::write(dist.path().join("lazy-modules.json"), lazy_modules).unwrap();
        dist
    }

    async fn get(app: StaticService, path: &str, cookie: Option<&str>) -> (Response, String) {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = app
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (
            Response::from_parts(parts, Body::empty()),
            String::from_utf8(body.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn a_content_named_file_carries_no_date_nor_ranges_and_other_files_keep_their_date() {
        let dist = dist_with("<head></head>", "{}");
        std::fs::write(dist.path().join("chunk_1-0123456789abcdef.wasm"), b"\0asm").unwrap();
        std::fs::write(dist.path().join("boot.js"), "boot()").unwrap();
        let app = service(dist.path());
        let (named, body) = get(app.clone(), "/chunk_1-0123456789abcdef.wasm", None).await;
        assert_eq!(body, "\0asm");
        assert!(
            named.headers()[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(!named.headers().contains_key(header::LAST_MODIFIED));
        assert!(!named.headers().contains_key(header::ACCEPT_RANGES));
        let (boot, _) = get(app, "/boot.js", None).await;
        assert_eq!(boot.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(boot.headers().contains_key(header::LAST_MODIFIED));
    }

    /// A lazy module goes as `dcb` only to a browser that takes it and holds the very main module it was made with;
    /// every other request gets brotli as before. The main module offers itself as that dictionary.
    #[tokio::test]
    async fn a_lazy_module_is_sent_with_the_main_module_as_dictionary_only_to_a_browser_holding_it()
    {
        use base64::Engine as _;
        use sha2::Digest as _;
        let dist = dist_with("<head></head>", "{}");
        let main = b"\0asm main module: the runtime every page shares".repeat(40);
        let module = [b"\0asm own code ".as_slice(), &main[100..1500]].concat();
        let (main_name, module_name) = (
            "yidi-0123456789abcdef_bg.wasm",
            "chunk_1-fedcba9876543210.wasm",
        );
        std::fs::write(dist.path().join(main_name), &main).unwrap();
        std::fs::write(dist.path().join(module_name), &module).unwrap();
        std::fs::write(
            dist.path().join(format!("{module_name}.br")),
            b"brotli bytes",
        )
        .unwrap();
        let dcb = dictionary::encode(&main, &module);
        std::fs::write(dist.path().join(format!("{module_name}.dcb")), &dcb).unwrap();
        let held = format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&main))
        );
        let app = service(dist.path());
        let ask = |path: &str, encodings: &str, dictionary: Option<&str>| {
            let mut request = Request::get(path).header(header::ACCEPT_ENCODING, encodings);
            if let Some(hash) = dictionary {
                request = request.header("available-dictionary", hash);
            }
            app.clone().oneshot(request.body(Body::empty()).unwrap())
        };
        let is_dcb = |response: &Response| {
            response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.as_bytes())
                == Some(b"dcb")
        };
        let body = |response: Response| async {
            axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap()
                .to_vec()
        };

        let response = ask(&format!("/{main_name}"), "gzip, br", None)
            .await
            .unwrap();
        assert_eq!(response.headers()["use-as-dictionary"], "match=\"/*.wasm\"");

        let response = ask(
            &format!("/{module_name}"),
            "gzip, br, zstd, dcb, dcz",
            Some(&held),
        )
        .await
        .unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "dcb");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
        assert!(
            response.headers()[header::CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert_eq!(
            response.headers()[header::VARY],
            "accept-encoding, available-dictionary"
        );
        assert!(!response.headers().contains_key("use-as-dictionary"));
        assert_eq!(body(response).await, dcb);

        // Another main module (an earlier build's), no `dcb` in the codings, or no dictionary: brotli.
        let other = format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(b"an earlier main module"))
        );
        for (encodings, dictionary) in [
            ("gzip, br, dcb", Some(other.as_str())),
            ("gzip, br", Some(held.as_str())),
            ("gzip, br, dcb", None),
        ] {
            let response = ask(&format!("/{module_name}"), encodings, dictionary)
                .await
                .unwrap();
            assert_eq!(
                response.headers()[header::CONTENT_ENCODING],
                "br",
                "{encodings} {dictionary:?}"
            );
            assert_eq!(
                response.headers()[header::VARY],
                "accept-encoding, available-dictionary"
            );
            assert_eq!(body(response).await, b"brotli bytes");
        }
        // `dcb` refused with `q=0`, or a request that is not GET or HEAD: not the `.dcb`.
        let response = ask(&format!("/{module_name}"), "br, dcb;q=0", Some(&held))
            .await
            .unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        let post = Request::post(format!("/{module_name}"))
            .header(header::ACCEPT_ENCODING, "br, dcb")
            .header("available-dictionary", &held)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(post).await.unwrap();
        assert!(!is_dcb(&response));
        // A module without a `.dcb`, and a path that is not a top-level module, go the usual way.
        let response = ask("/chunk_2-0011223344556677.wasm", "br, dcb", Some(&held))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = ask(&format!("/../{module_name}"), "br, dcb", Some(&held))
            .await
            .unwrap();
        assert!(!is_dcb(&response));
    }

    #[tokio::test]
    async fn a_rebuilt_dist_is_served_without_a_restart() {
        let dist = dist_with(
            "<head></head>build 1",
            r#"{"journey_view": ["/split_journey-1.wasm"]}"#,
        );
        let app = service(dist.path());
        let (response, first) = get(app.clone(), "/file/who", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(first.contains("/split_journey-1.wasm") && first.ends_with("build 1"));
        std::fs::write(
            dist.path().join("index.html"),
            "<head></head>build 2, longer",
        )
        .unwrap();
        std::fs::write(
            dist.path().join("lazy-modules.json"),
            r#"{"journey_view": ["/split_journey-2.wasm"], "other": []}"#,
        )
        .unwrap();
        let (_, second) = get(app, "/file/who", None).await;
        assert!(second.contains("/split_journey-2.wasm") && second.ends_with("build 2, longer"));
        assert!(!second.contains("split_journey-1"));
    }

    /// `/` is the home page's route: the server writes its first paint, as for any other route, instead of
    /// ServeDir sending the folder's index.html as it is. A page says it varies with the language cookie.
    #[tokio::test]
    async fn the_home_page_and_every_route_get_their_first_paint_in_the_cookies_language() {
        let dist = dist_with(
            "<html lang=\"zh-CN\" class=\"booting\"><head><title>t</title></head><body><!-- yidi:first-paint -->bare<!-- /yidi:first-paint --></body></html>",
            "{}",
        );
        std::fs::write(
            dist.path().join("first-paint.json"),
            r#"{"number": "YD000000000000", "pages": {"/": {"zh": {"title": "首页", "body": "<h1>首页</h1>"},
                "en": {"title": "Home", "body": "<h1>Home</h1>"}}}}"#,
        )
        .unwrap();
        let app = service(dist.path());
        let (response, home) = get(app.clone(), "/", None).await;
        assert!(
            home.contains("<div class=\"first-paint\" data-boot-shell inert><h1>首页</h1></div>"),
            "{home}"
        );
        assert!(!home.contains("bare"));
        let vary: Vec<_> = response.headers().get_all(header::VARY).iter().collect();
        assert!(
            vary.contains(&&HeaderValue::from_static("cookie")),
            "{vary:?}"
        );
        assert!(
            vary.contains(&&HeaderValue::from_static("accept-encoding")),
            "{vary:?}"
        );
        let (_, english) = get(app.clone(), "/", Some("theme=dark; yidi-lang=en")).await;
        assert!(
            english.starts_with("<html lang=\"en\" class=\"booting\"><head><title>Home</title>"),
            "{english}"
        );
        let (_, care) = get(app.clone(), "/", Some("yidi-care=1")).await;
        // Care mode too: the first paint is in it from the start.
        assert!(
            care.starts_with("<html lang=\"zh-CN\" class=\"booting care\"><head>"),
            "{care}"
        );
        assert!(home.starts_with("<html lang=\"zh-CN\" class=\"booting\"><head>"));
        let (_, unknown) = get(app.clone(), "/nowhere", None).await;
        assert!(unknown.contains("bare") && !unknown.contains("first-paint\""));
        let (response, _) = get(app, "/index.html", None).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// A name past what the file system takes was a 500 (ENAMETOOLONG through ServeDir), and the shell for a
    /// route no page has: now a 404, whatever the length.
    #[tokio::test]
    async fn a_path_too_long_for_the_file_system_is_a_404() {
        let dist = dist_with("<head></head>shell", "{}");
        let app = service(dist.path());
        let mut paths: Vec<String> = (190..=300)
            .flat_map(|n| {
                let name = "a".repeat(n);
                [
                    format!("/{name}"),
                    format!("/{name}.js"),
                    format!("/file/{name}"),
                ]
            })
            .collect();
        paths.push(format!("/{}", "a".repeat(10 * 1024)));
        paths.push(format!("/{}", "abc/".repeat(2000)));
        paths.push(format!("/{}", "%41".repeat(100)));
        for path in paths {
            let (response, body) = get(app.clone(), &path, None).await;
            let status = response.status();
            let segment = path.split('/').map(str::len).max().unwrap_or(0);
            // No route has these addresses: a 404 either way, with the app's own page where the path could be
            // a route's.
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{} bytes: {path:.40}",
                path.len()
            );
            let shell =
                segment <= MAX_SEGMENT_BYTES && path.len() <= MAX_PATH_BYTES && !path.contains('.');
            assert_eq!(body.ends_with("shell"), shell, "{} bytes", path.len());
        }
    }

    /// Every route's address is a 200; an address no route has gets the app (which says the page was not found)
    /// with a 404, so a mistyped or retired link is seen as missing.
    #[tokio::test]
    async fn an_address_no_route_has_is_a_404_with_the_app_s_page() {
        let dist = dist_with("<head></head>shell", "{}");
        let app = service(dist.path());
        for path in [
            "/",
            "/guide/code-card",
            "/file/who",
            "/file/check/",
            "/filings/YD2612ABCDEF01/card",
            "/estimate",
        ] {
            let (response, body) = get(app.clone(), path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert!(body.ends_with("shell"), "{path}");
        }
        for path in [
            "/no-such-page",
            "/guide/nowhere",
            "/file/whom",
            "/filings/12345",
        ] {
            let (response, body) = get(app.clone(), path, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(body.ends_with("shell"), "{path}");
        }
    }

    #[test]
    fn client_routes_have_no_extension() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/estimate"));
        assert!(!is_client_route("/missing.js"));
    }
}
