//! The HTML of a client route: `index.html` with the route's first paint (what its page shows first, taken from
//! the app by `scripts/first-paint.mjs`, in the person's language) and the files the route needs next, which
//! `public/boot.js` preloads once that first paint is on screen.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Deserialize;
use tokio::sync::Mutex;

use crate::domain::filing::FilingNumber;
use crate::domain::lang::Lang;
use crate::domain::route::Route;

/// What a client route fetches as soon as the app starts: the data files its pages read and the lazy wasm split
/// that holds its page, as the route table declares them (`src/domain/route.rs`).
#[derive(Debug, PartialEq)]
pub(super) struct Needs {
    pub(super) data: Vec<&'static str>,
    pub(super) splits: Vec<&'static str>,
}

impl Needs {
    pub(super) fn of(path: &str) -> Needs {
        let Some((route, _)) = Route::find(path) else {
            return Needs {
                data: Vec::new(),
                splits: Vec::new(),
            };
        };
        Needs {
            data: route.data.iter().map(|file| file.path()).collect(),
            splits: route.split.into_iter().chain(route.child).collect(),
        }
    }
}

/// `dist/first-paint.json`, as `scripts/first-paint.mjs` writes it: per route pattern (`/filings/:number`), the
/// page's title and its header, main and footer as the app first renders them, in each language. Filing pages
/// were taken with the sample `number`.
#[derive(Deserialize)]
struct FirstPaints {
    number: String,
    pages: HashMap<String, PerLang>,
}

#[derive(Deserialize)]
struct PerLang {
    zh: FirstPaint,
    en: FirstPaint,
}

#[derive(Deserialize)]
struct FirstPaint {
    title: String,
    body: String,
}

impl FirstPaints {
    /// The first paint of `path` in `lang`, with the filing number of the address in place of the sample one.
    /// A number the app would show otherwise than as written (lower case, spaces) gets none: the app's page
    /// would then differ from it.
    fn of(&self, path: &str, lang: Lang) -> Option<FirstPaint> {
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        let (pattern, number) = match self.pages.get(path) {
            Some(_) => (path.to_owned(), None),
            None => {
                let number = path.split('/').find(|segment| {
                    FilingNumber::parse(segment).is_some_and(|n| n.as_str() == *segment)
                })?;
                let pattern = path
                    .split('/')
                    .map(|s| if s == number { ":number" } else { s })
                    .collect::<Vec<_>>()
                    .join("/");
                (pattern, Some(number))
            }
        };
        let both = self.pages.get(&pattern)?;
        let paint = match lang {
            Lang::Zh => &both.zh,
            Lang::En => &both.en,
        };
        let with_number = |text: &str| match number {
            Some(number) => text.replace(&self.number, number),
            None => text.to_owned(),
        };
        Some(FirstPaint {
            title: with_number(&paint.title),
            body: with_number(&paint.body),
        })
    }
}

/// The files a page is made from, read from `dist/` when they change (a rebuild is served without a restart).
#[derive(Clone)]
pub(super) struct Pages {
    dist: Arc<PathBuf>,
    cached: Arc<Mutex<Option<Read>>>,
}

/// The parts as last read, and the files' stamp then.
type Read = (Stamp, Arc<Parts>);

/// When and how long each file was when read: a rebuild changes at least one.
type Stamp = [Option<(SystemTime, u64)>; 3];

const FILES: [&str; 3] = ["index.html", "lazy-modules.json", "first-paint.json"];

impl Pages {
    pub(super) fn new(dist: &Path) -> Pages {
        Pages {
            dist: Arc::new(dist.to_owned()),
            cached: Arc::default(),
        }
    }

    /// The page for a client route in `lang`; `None` serves index.html as it is.
    pub(super) async fn page(&self, path: &str, lang: Lang) -> Option<String> {
        self.parts().await.page(path, lang)
    }

    async fn parts(&self) -> Arc<Parts> {
        let mut stamp: Stamp = Default::default();
        for (slot, file) in stamp.iter_mut().zip(FILES) {
            *slot = tokio::fs::metadata(self.dist.join(file))
                .await
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
        }
        let mut cached = self.cached.lock().await;
        if let Some((seen, parts)) = cached.as_ref()
            && *seen == stamp
        {
            return parts.clone();
        }
        let parts = Arc::new(Parts::read(&self.dist).await);
        *cached = Some((stamp, parts.clone()));
        parts
    }
}

struct Parts {
    index: Option<String>,
    /// The files each split fetches, its own module first, as `scripts/build-web.sh` wrote them in
    /// `lazy-modules.json` (absent in a build without the split: then only the data is preloaded).
    split_files: HashMap<String, Vec<String>>,
    /// Absent in a build that could not take them: pages then open on index.html's bare header.
    first_paints: Option<FirstPaints>,
}

impl Parts {
    async fn read(dist: &Path) -> Parts {
        async fn json<T: for<'de> Deserialize<'de>>(file: PathBuf) -> Option<T> {
            let text = tokio::fs::read_to_string(&file).await.ok()?;
            serde_json::from_str(&text)
                .inspect_err(
                    |error| tracing::warn!(%error, file = %file.display(), "unreadable; not used"),
                )
                .ok()
        }
        let index = tokio::fs::read_to_string(dist.join("index.html"))
            .await
            .ok()
            .filter(|html| html.contains("</head>"));
        Parts {
            index,
            split_files: json(dist.join("lazy-modules.json"))
                .await
                .unwrap_or_default(),
            first_paints: json(dist.join("first-paint.json")).await,
        }
    }

    /// The files to preload for a client route, data first, each once.
    fn preloads(&self, path: &str) -> Vec<&str> {
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

    fn page(&self, path: &str, lang: Lang) -> Option<String> {
        let index = self.index.as_deref()?;
        let paint = self.first_paints.as_ref().and_then(|p| p.of(path, lang));
        let preloads = self.preloads(path);
        if paint.is_none() && preloads.is_empty() {
            return None;
        }
        let mut html = index.to_owned();
        if !preloads.is_empty() {
            // Not `<link rel="preload">`: those would start before the first paint and compete with it.
            let meta = format!(
                "<meta name=\"yidi-preload\" content=\"{}\" />\n  </head>",
                preloads.join(" ")
            );
            html = html.replacen("</head>", &meta, 1);
        }
        if let Some(paint) = paint {
            html = with_first_paint(&html, &paint, lang);
        }
        Some(html)
    }
}

const START: &str = "<!-- yidi:first-paint -->";
const END: &str = "<!-- /yidi:first-paint -->";

/// index.html with the first paint in place of its bare header, its title and language the page's. The copy is
/// inert: it only shows what is coming, nothing in it can be typed into or pressed before the app is there.
fn with_first_paint(index: &str, paint: &FirstPaint, lang: Lang) -> String {
    let (Some(start), Some(end)) = (index.find(START), index.find(END)) else {
        return index.to_owned();
    };
    let mut html = String::with_capacity(index.len() + paint.body.len() + 64);
    html.push_str(&index[..start]);
    html.push_str("<div class=\"first-paint\" data-boot-shell inert>");
    html.push_str(&paint.body);
    html.push_str("</div>");
    html.push_str(&index[end + END.len()..]);
    let html = html.replacen(
        "<html lang=\"zh-CN\"",
        &format!("<html lang=\"{}\"", lang.tag()),
        1,
    );
    match (html.find("<title>"), html.find("</title>")) {
        (Some(open), Some(close)) if open < close => format!(
            "{}<title>{}{}",
            &html[..open],
            escape_text(&paint.title),
            &html[close..]
        ),
        _ => html,
    }
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The language a page's first paint is written in: the app's choice, sent back in a cookie; Chinese if none.
pub(super) fn lang_of(cookies: Option<&str>) -> Lang {
    cookies.and_then(Lang::from_cookies).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_needs_its_own_data_and_split() {
        assert_eq!(Needs::of("/file/who").splits, ["journey_view"]);
        assert_eq!(
            Needs::of("/file/who").data,
            ["/data/rules.json", "/data/regions.json"]
        );
        assert!(Needs::of("/file").data.is_empty());
        assert_eq!(Needs::of("/filings/").splits, ["filings_view"]);
        assert!(Needs::of("/filings").data.is_empty());
        assert_eq!(
            Needs::of("/filings/YD000000000000").splits,
            ["filings_view"]
        );
        // A filing page asks for the ID number first: the places and rules it reads once it shows the filing are
        // not preloaded.
        assert!(Needs::of("/filings/YD000000000000").data.is_empty());
        assert_eq!(
            Needs::of("/filings/YD000000000000/card").splits,
            ["card_view"]
        );
        // The card has the institutions' names from the API; choosing them reads the file.
        assert!(Needs::of("/filings/YD000000000000/card").data.is_empty());
        assert!(
            Needs::of("/filings/YD000000000000/points")
                .data
                .contains(&"/data/institutions.json")
        );
        assert_eq!(
            Needs::of("/filings/YD000000000000/points").splits,
            ["points_view", "filing_points_view"]
        );
        assert_eq!(Needs::of("/points").splits, ["points_view"]);
        for intro in ["/", "/guide/file-first"] {
            assert_eq!(Needs::of(intro).data, Vec::<&str>::new(), "{intro}");
            assert_eq!(Needs::of(intro).splits, ["intro_view"], "{intro}");
        }
        // The sample directory only with an itemised bill, which the page asks for itself.
        assert_eq!(
            Needs::of("/estimate").data,
            ["/data/policy.json", "/data/regions.json"]
        );
        for other in [
            "/filesystem",
            "/estimates",
            "/filings/YD1",
            "/filings/YD000000000000/card/x",
        ] {
            assert_eq!(
                Needs::of(other),
                Needs {
                    data: Vec::new(),
                    splits: Vec::new()
                },
                "{other}"
            );
        }
    }

    fn parts(index: &str, split_files: &str, first_paints: Option<&str>) -> Parts {
        Parts {
            index: Some(index.to_owned()),
            split_files: serde_json::from_str(split_files).unwrap(),
            first_paints: first_paints.map(|json| serde_json::from_str(json).unwrap()),
        }
    }

    const INDEX: &str = "<html lang=\"zh-CN\" class=\"booting\"><head><title>异地就医</title></head><body>\
        <!-- yidi:first-paint --><header data-boot-shell>bare</header><!-- /yidi:first-paint -->\
        <p data-boot-shell>正在加载…</p></body></html>";

    const FIRST_PAINTS: &str = r#"{"number": "YD000000000000", "pages": {
        "/file/category": {"zh": {"title": "选择备案类别 · 异地就医", "body": "<main><h1>选择备案类别</h1></main>"},
                           "en": {"title": "Category · Yidi", "body": "<main><h1>Category</h1></main>"}},
        "/filings/:number/card": {
            "zh": {"title": "就医码 · 异地就医", "body": "<a href=\"/filings/YD000000000000\">YD000000000000</a>"},
            "en": {"title": "Care code <YD000000000000> & more", "body": "<h1>YD000000000000</h1>"}}}}"#;

    #[test]
    fn a_route_preloads_its_data_then_its_split_each_file_once_after_the_first_paint() {
        let parts = parts(
            "<html><head><title>x</title></head><body></body></html>",
            r#"{"filings_view": ["/split_filings-1.wasm", "/chunk_7-a.wasm"],
                "points_view": ["/split_points-2.wasm", "/chunk_7-a.wasm", "/chunk_9-b.wasm", "/chunk_7-a.wasm"]}"#,
            None,
        );
        assert_eq!(
            parts.preloads("/filings/YD000000000000/points"),
            [
                "/data/rules.json",
                "/data/regions.json",
                "/data/institutions.json",
                "/split_points-2.wasm",
                "/chunk_7-a.wasm",
                "/chunk_9-b.wasm",
            ]
        );
        let page = parts
            .page("/filings/YD000000000000/points", Lang::Zh)
            .unwrap();
        assert_eq!(
            page,
            "<html><head><title>x</title><meta name=\"yidi-preload\" content=\"/data/rules.json \
             /data/regions.json /data/institutions.json /split_points-2.wasm /chunk_7-a.wasm /chunk_9-b.wasm\" />\n  \
             </head><body></body></html>"
        );
        assert!(!page.contains("rel=\"preload\""));
        assert_eq!(parts.page("/guide/code-card", Lang::Zh), None);
        assert_eq!(parts.page("/", Lang::Zh), None);
    }

    #[test]
    fn without_the_split_list_only_the_data_is_preloaded() {
        let page = parts("<head></head>", "{}", None)
            .page("/estimate", Lang::Zh)
            .unwrap();
        assert!(page.contains("/data/policy.json"));
        assert!(!page.contains(".wasm"));
    }

    #[test]
    fn a_page_opens_on_its_own_first_paint_inert_in_the_persons_language() {
        let parts = parts(INDEX, "{}", Some(FIRST_PAINTS));
        let zh = parts.page("/file/category/", Lang::Zh).unwrap();
        assert!(zh.starts_with(
            "<html lang=\"zh-CN\" class=\"booting\"><head><title>选择备案类别 · 异地就医</title>"
        ));
        assert!(zh.contains(
            "<body><div class=\"first-paint\" data-boot-shell inert><main><h1>选择备案类别</h1></main></div>\
             <p data-boot-shell>正在加载…</p>"
        ));
        assert!(!zh.contains("bare"));
        let en = parts.page("/file/category", Lang::En).unwrap();
        assert!(en.starts_with(
            "<html lang=\"en\" class=\"booting\"><head><title>Category · Yidi</title>"
        ));
        assert!(en.contains("<h1>Category</h1>"));
    }

    #[test]
    fn a_filing_page_shows_the_number_in_its_address_when_the_app_would_show_it_the_same() {
        let parts = parts(INDEX, "{}", Some(FIRST_PAINTS));
        let page = parts
            .page("/filings/YDK1EP0BJ6DDSA/card", Lang::Zh)
            .unwrap();
        assert!(page.contains("<a href=\"/filings/YDK1EP0BJ6DDSA\">YDK1EP0BJ6DDSA</a>"));
        assert!(!page.contains("YD000000000000"));
        let en = parts
            .page("/filings/YDK1EP0BJ6DDSA/card", Lang::En)
            .unwrap();
        assert!(
            en.contains("<title>Care code &lt;YDK1EP0BJ6DDSA&gt; &amp; more</title>"),
            "{en}"
        );
        // Written otherwise than the app shows it, or not a number: the bare shell (with the route's preloads).
        for other in [
            "/filings/ydk1ep0bj6ddsa/card",
            "/filings/YD-K1EP-0BJ6-DDSA/card",
            "/filings/<script>/card",
            "/filings/YDK1EP0BJ6DDSA/card/more",
            "/file/YDK1EP0BJ6DDSA",
        ] {
            let page = parts
                .page(other, Lang::Zh)
                .unwrap_or_else(|| INDEX.to_owned());
            assert!(page.contains("bare") && !page.contains("inert"), "{other}");
        }
    }

    #[test]
    fn the_language_is_the_cookies_and_chinese_without_one() {
        assert_eq!(lang_of(None), Lang::Zh);
        assert_eq!(lang_of(Some("yidi-lang=en")), Lang::En);
        assert_eq!(lang_of(Some("a=1; yidi-lang=en-GB; b=2")), Lang::En);
        assert_eq!(lang_of(Some("yidi-lang=fr")), Lang::Zh);
        assert_eq!(lang_of(Some("other-yidi-lang=en")), Lang::Zh);
    }
}
