//! The app's routes, declared once in [`route_table!`]: each page's address, the lazy wasm split that holds its
//! code, the data files it reads, its place in the filing journey (back and next) and its title.
//!
//! Three readers take it from there: this module builds [`ROUTES`] from it (the server preloads a route's data
//! and code from it, `yidi routes` writes it as JSON for the build and the scripts, [`routes_json`]), and the web
//! app builds each page's view from the same lines (`src/web/lazy.rs`) and finds the page of an address with
//! [`Route::find`] (`src/web/router.rs`), as the server does, so a path is written in one place only.

use crate::domain::filing::{Field, FilingNumber};
use crate::domain::lang::Lang;

/// The table, handed to the macro `$then` (a callback: the web app builds each page's view from the same lines).
///
/// Each line: the page, its path (`:number` a filing number, `:step` a guide step), `split(f)` the split
/// function of `src/web/lazy.rs` that holds its code (empty: in the main module; no page is there today), or
/// `split(f / g)` where the page's own code is in `g`, a split within `f` that only this page loads, after `f`
/// (what `g` shares with other splits is placed as `f`'s, `WASM_SPLIT_WITHIN` in scripts/build-web.sh);
/// `data[..]` the [`DataFile`]s it reads as it opens (the server preloads them), `later[..]` (may be left out)
/// those it reads only once it shows something that needs them (a filing, once the person has given their ID
/// number), `back(..)` and `next(..)` its neighbours in the filing journey, and its title in Chinese and English
/// (the document title; a page may add the step or the filing number to it).
#[macro_export]
macro_rules! route_table {
    ($then:ident) => {
        $then! {
            Home "/" split(intro_view) data[] back() next()
                title("跨省看病，当场结算", "Treated in another province, settled on the spot");
            Guide "/guide/:step" split(intro_view) data[] back() next()
                title("办理指南", "Guide");
            FileStart "/file" split(journey_view) data[] back() next(FileWho)
                title("办理跨省异地就医备案", "File for cross-provincial care");
            FileWho "/file/who" split(journey_view) data[Rules, Regions] back(FileStart) next(FilePerson)
                title("为谁办理备案？", "Who is the filing for?");
            FilePerson "/file/person" split(journey_view) data[Rules, Regions] back(FileWho) next(FileInsured)
                title("就医人的信息", "The patient");
            FileInsured "/file/insured" split(journey_view) data[Rules, Regions] back(FilePerson) next(FileCategory)
                title("参保地和险种", "Insured place and scheme");
            FileCategory "/file/category" split(journey_view) data[Rules, Regions] back(FileInsured) next(FileDestination)
                title("选择备案类别", "Choose the filing category");
            FileDestination "/file/destination" split(journey_view) data[Rules, Regions] back(FileCategory) next(FileDates)
                title("去哪里看病？", "Where will the patient be treated?");
            FileDates "/file/dates" split(journey_view) data[Rules, Regions] back(FileDestination) next(FileProof)
                title("备案从什么时候开始？", "When does the filing start?");
            FileProof "/file/proof" split(journey_view / proof_view) data[Rules, Regions] back(FileDates) next(FileCheck)
                title("证明材料和门诊慢特病", "Proof and outpatient chronic diseases");
            FileCheck "/file/check" split(journey_view / check_view) data[Rules, Regions] back(FileProof) next()
                title("核对备案信息", "Check your answers");
            FileDone "/file/done/:number" split(journey_view / done_view) data[Rules, Regions] back() next()
                title("备案成功", "Filing complete");
            Filings "/filings" split(filings_view) data[] later[Regions] back() next()
                title("我的备案", "My filings");
            Filing "/filings/:number" split(filings_view) data[] later[Rules, Regions] back() next()
                title("备案详情", "Filing");
            FilingCard "/filings/:number/card" split(card_view) data[] back() next()
                title("备案卡", "Filing card");
            FilingPoints "/filings/:number/points" split(points_view / filing_points_view) data[Rules, Regions, Institutions] back() next()
                title("选择定点医疗机构", "Choose designated institutions");
            Points "/points" split(points_view) data[Regions, Institutions] back() next()
                title("查找联网定点医疗机构", "Find networked institutions");
            Estimate "/estimate" split(estimate_view) data[Policy, Regions] later[DirectorySample] back() next()
                title("估算医保报多少、自己付多少", "Estimate what the fund pays and what you pay");
        }
    };
}

/// A shared data file under `/data/` (`public/data/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    /// The policy of each insured place and the treatment places' rules (`docs/policy-data.md`).
    Policy,
    /// The insured places' filing and select-point rules, taken from the policy data at build (`yidi rules`).
    Rules,
    /// Provinces and cities with their codes (`docs/regions.md`).
    Regions,
    /// The networked designated institutions.
    Institutions,
    /// A sample of treatment places' directories, for the estimator's item picker.
    DirectorySample,
}

impl DataFile {
    /// Where the server serves it.
    pub const fn path(self) -> &'static str {
        match self {
            DataFile::Policy => "/data/policy.json",
            DataFile::Rules => "/data/rules.json",
            DataFile::Regions => "/data/regions.json",
            DataFile::Institutions => "/data/institutions.json",
            DataFile::DirectorySample => "/data/directory-sample.json",
        }
    }
}

/// A route of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// The path pattern: `/filings/:number`.
    pub path: &'static str,
    /// The lazy split holding the page's code, by its function's name (`journey_view`); `None`: the main module.
    pub split: Option<&'static str>,
    /// The split within `split` that holds what only this page uses: loaded after `split`, by this page alone.
    pub child: Option<&'static str>,
    /// The data files the page reads as it opens: the server preloads them.
    pub data: &'static [DataFile],
    /// The data files the page reads only once it shows something that needs them: not preloaded.
    pub later: &'static [DataFile],
    /// The filing journey's previous and next question.
    pub back: Option<Page>,
    pub next: Option<Page>,
    /// Chinese and English.
    title: [&'static str; 2],
}

// The optional parts of a line, as values.
macro_rules! route_table_part {
    (@split) => {
        None
    };
    (@split $split:ident) => {
        Some(stringify!($split))
    };
    (@page) => {
        None
    };
    (@page $page:ident) => {
        Some(Page::$page)
    };
}

macro_rules! declare_routes {
    ($($page:ident $path:literal split($($split:ident $(/ $child:ident)?)?) data[$($data:ident),*] $(later[$($later:ident),*])?
        back($($back:ident)?) next($($next:ident)?) title($zh:literal, $en:literal);)*) => {
        /// A page of the app, one per route, ordered as the table is (so the filing questions in journey order).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Page {
            $($page,)*
        }

        /// Every route, in the table's order.
        pub const ROUTES: &[Route] = &[
            $(Route {
                page: Page::$page,
                path: $path,
                split: route_table_part!(@split $($split)?),
                child: route_table_part!(@split $($($child)?)?),
                data: &[$(DataFile::$data),*],
                later: &[$($(DataFile::$later),*)?],
                back: route_table_part!(@page $($back)?),
                next: route_table_part!(@page $($next)?),
                title: [$zh, $en],
            },)*
        ];
    };
}

route_table!(declare_routes);

impl Route {
    /// Every data file the page reads: those it reads as it opens, then those it reads later.
    pub fn reads(&self) -> impl Iterator<Item = DataFile> + use<> {
        self.data.iter().chain(self.later).copied()
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title[0],
            Lang::En => self.title[1],
        }
    }

    /// The route whose pattern `path` matches (a trailing slash ignored), with the filing number or guide step
    /// it names.
    pub fn find(path: &str) -> Option<(&'static Route, Params)> {
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        ROUTES
            .iter()
            .find_map(|route| route.matches(path).map(|params| (route, params)))
    }

    fn matches(&self, path: &str) -> Option<Params> {
        let mut params = Params::default();
        let mut given = path.split('/');
        for part in self.path.split('/') {
            let segment = given.next()?;
            match part {
                ":number" => params.number = Some(FilingNumber::parse(segment)?),
                ":step" => params.step = Some(GuideStep::parse(segment)?),
                literal if literal == segment => {}
                _ => return None,
            }
        }
        given.next().is_none().then_some(params)
    }
}

/// What an address names beside its page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pub number: Option<FilingNumber>,
    pub step: Option<GuideStep>,
}

/// The three steps of the journey, each with a guide page (`/guide/:step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuideStep {
    /// 备案
    FileFirst,
    /// 选点
    SelectPoint,
    /// 持码/卡就医
    CodeCard,
}

impl GuideStep {
    pub const ALL: [GuideStep; 3] = [
        GuideStep::FileFirst,
        GuideStep::SelectPoint,
        GuideStep::CodeCard,
    ];

    /// Its part of the address.
    pub const fn slug(self) -> &'static str {
        match self {
            GuideStep::FileFirst => "file-first",
            GuideStep::SelectPoint => "select-point",
            GuideStep::CodeCard => "code-card",
        }
    }

    pub fn parse(slug: &str) -> Option<GuideStep> {
        GuideStep::ALL.into_iter().find(|step| step.slug() == slug)
    }

    /// The step after this one.
    pub fn next(self) -> Option<GuideStep> {
        let index = GuideStep::ALL.iter().position(|step| *step == self)?;
        GuideStep::ALL.get(index + 1).copied()
    }
}

/// The table as JSON, for the build and the scripts (`yidi routes`): per route its path, page, split, data files,
/// back and next, titles, and `examples`: addresses to visit it by (every guide step; a filing page with
/// `sample_number`, which a script replaces with a real filing's number).
pub fn routes_json(sample_number: &FilingNumber) -> serde_json::Value {
    let page_name = |page: Option<Page>| page.map(|page| format!("{page:?}"));
    let routes = ROUTES
        .iter()
        .map(|route| {
            let examples: Vec<String> = if route.path.contains(":step") {
                GuideStep::ALL
                    .iter()
                    .map(|step| route.page.href_with(step.slug()))
                    .collect()
            } else {
                vec![route.page.href_with(sample_number.as_str())]
            };
            serde_json::json!({
                "page": format!("{:?}", route.page),
                "path": route.path,
                "split": route.split,
                "child": route.child,
                "data": route.data.iter().map(|file| file.path()).collect::<Vec<_>>(),
                "later": route.later.iter().map(|file| file.path()).collect::<Vec<_>>(),
                "back": page_name(route.back),
                "next": page_name(route.next),
                "title": { "zh": route.title(Lang::Zh), "en": route.title(Lang::En) },
                "examples": examples,
            })
        })
        .collect::<Vec<_>>();
    serde_json::json!({ "sample_number": sample_number.as_str(), "routes": routes })
}

impl Page {
    pub fn route(self) -> &'static Route {
        ROUTES
            .iter()
            .find(|route| route.page == self)
            .expect("every page has a route")
    }

    /// The page's address; a `:number` or `:step` in its path is filled with `value`.
    pub fn href_with(self, value: &str) -> String {
        self.route()
            .path
            .split('/')
            .map(|part| if part.starts_with(':') { value } else { part })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The filing question that asks for `field`; `None` for what the journey does not ask (the phone a filing
    /// has now, which only a change asks).
    pub fn asking(field: Field) -> Option<Page> {
        Some(match field {
            Field::Applicant | Field::FilerName | Field::Relation => Page::FileWho,
            Field::Name | Field::ResidentId | Field::Phone => Page::FilePerson,
            Field::InsuredCity | Field::Scheme => Page::FileInsured,
            Field::Category => Page::FileCategory,
            Field::DestinationProvince | Field::DestinationCity => Page::FileDestination,
            Field::StartDate | Field::Supplementary | Field::EndDate => Page::FileDates,
            Field::ReferralInstitution | Field::Commitment => Page::FileProof,
            Field::CurrentPhone => return None,
        })
    }

    /// Where this page is in the filing journey, counted from the first question to check answers: `(3, 8)` for
    /// the third of eight. `None` off the journey (its start and confirmation included).
    pub fn journey_step(self) -> Option<(usize, usize)> {
        let mut steps = Vec::new();
        let mut page = Page::FileStart.route().next;
        while let Some(step) = page {
            steps.push(step);
            page = step.route().next;
        }
        let index = steps.iter().position(|step| *step == self)?;
        Some((index + 1, steps.len()))
    }

    /// The answers this filing question asks for (none on other pages).
    pub fn fields(self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|field| Page::asking(*field) == Some(self))
            .collect()
    }

    /// The address of a page without a parameter.
    pub fn href(self) -> &'static str {
        let path = self.route().path;
        debug_assert!(!path.contains(':'), "{path} needs a value: use href_with");
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every question between the start and check answers asks for something, and every answer the journey
    /// asks for is asked on a question page that comes before check answers.
    #[test]
    fn each_question_asks_its_own_answers() {
        let mut page = Page::FileStart.route().next;
        while let Some(question) = page.filter(|p| *p != Page::FileCheck) {
            assert!(!question.fields().is_empty(), "{question:?} asks nothing");
            page = question.route().next;
        }
        for field in Field::ALL {
            if let Some(page) = Page::asking(field) {
                assert!(
                    Page::FileStart < page && page < Page::FileCheck,
                    "{field:?}"
                );
            }
        }
        assert_eq!(
            Page::FileDates.fields(),
            [Field::StartDate, Field::Supplementary, Field::EndDate]
        );
    }

    #[test]
    fn every_page_has_one_route_and_one_path() {
        for (i, route) in ROUTES.iter().enumerate() {
            assert_eq!(route.page.route(), route);
            assert!(
                ROUTES[i + 1..].iter().all(|other| other.path != route.path),
                "{} twice",
                route.path
            );
        }
    }

    #[test]
    fn addresses_find_their_route_and_parameters() {
        let number = FilingNumber::from_random(7);
        let (route, params) = Route::find(&format!("/filings/{number}/card")).unwrap();
        assert_eq!(route.page, Page::FilingCard);
        assert_eq!(params.number, Some(number.clone()));
        assert_eq!(Route::find("/").unwrap().0.page, Page::Home);
        assert_eq!(Route::find("/file/").unwrap().0.page, Page::FileStart);
        assert_eq!(Route::find("/file/who").unwrap().0.page, Page::FileWho);
        let (guide, params) = Route::find("/guide/code-card").unwrap();
        assert_eq!(
            (guide.page, params.step),
            (Page::Guide, Some(GuideStep::CodeCard))
        );
        for unknown in [
            "/file/nope",
            "/filings/not-a-number",
            "/estimate/x",
            "/guide/",
            "/guide/nope",
            "/files",
        ] {
            assert_eq!(Route::find(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn the_filing_journey_runs_forward_and_back_through_the_same_pages() {
        let mut page = Page::FileStart;
        let mut walked = vec![page];
        while let Some(next) = page.route().next {
            assert_eq!(
                next.route().back,
                Some(page),
                "{next:?} goes back elsewhere"
            );
            page = next;
            walked.push(page);
        }
        assert_eq!(page, Page::FileCheck);
        assert_eq!(walked.len(), 9);
        for route in ROUTES
            .iter()
            .filter(|r| r.back.is_some() || r.next.is_some())
        {
            assert!(
                walked.contains(&route.page),
                "{:?} is off the journey",
                route.page
            );
            assert_eq!(route.split, Some("journey_view"));
        }
    }

    /// A child split holds one page's own code: no other page, and no other parent, names it (the build places
    /// what it shares as its parent's, which holds only if that parent is always loaded first).
    #[test]
    fn a_child_split_belongs_to_one_page_within_one_parent() {
        let children: Vec<&Route> = ROUTES.iter().filter(|r| r.child.is_some()).collect();
        assert!(!children.is_empty());
        for route in &children {
            assert!(
                route.split.is_some(),
                "{:?} has a child without a parent",
                route.page
            );
            assert_ne!(route.split, route.child);
            let named = ROUTES
                .iter()
                .filter(|other| other.child == route.child || other.split == route.child)
                .count();
            assert_eq!(named, 1, "{:?}'s child is named elsewhere", route.page);
        }
        assert_eq!(Page::FilingPoints.route().split, Some("points_view"));
        assert_eq!(Page::FilingPoints.route().child, Some("filing_points_view"));
        assert_eq!(Page::Points.route().child, None);
    }

    #[test]
    fn hrefs_fill_in_the_parameter() {
        assert_eq!(Page::FileWho.href(), "/file/who");
        assert_eq!(Page::FilingPoints.href_with("YD1"), "/filings/YD1/points");
        assert_eq!(Page::FileDone.href_with("YD1"), "/file/done/YD1");
        assert_eq!(Page::Guide.href_with("file-first"), "/guide/file-first");
    }

    #[test]
    fn guide_steps_read_back_from_their_slugs_in_order() {
        for step in GuideStep::ALL {
            assert_eq!(GuideStep::parse(step.slug()), Some(step));
        }
        assert_eq!(GuideStep::FileFirst.next(), Some(GuideStep::SelectPoint));
        assert_eq!(GuideStep::CodeCard.next(), None);
    }

    #[test]
    fn the_json_gives_every_route_addresses_that_find_it_again() {
        let number = FilingNumber::from_random(0);
        let json = routes_json(&number);
        let routes = json["routes"].as_array().unwrap();
        assert_eq!(routes.len(), ROUTES.len());
        let mut visited = 0;
        for (route, entry) in ROUTES.iter().zip(routes) {
            assert_eq!(entry["path"], route.path);
            for example in entry["examples"].as_array().unwrap() {
                let (found, _) = Route::find(example.as_str().unwrap()).unwrap();
                assert_eq!(found, route, "{example}");
                visited += 1;
            }
        }
        assert_eq!(visited, ROUTES.len() + GuideStep::ALL.len() - 1);
        let estimate = routes.iter().find(|r| r["path"] == "/estimate").unwrap();
        assert_eq!(estimate["split"], "estimate_view");
        assert_eq!(estimate["later"][0], "/data/directory-sample.json");
        assert_eq!(routes[1]["next"], serde_json::Value::Null);
        assert_eq!(routes[2]["next"], "FileWho");
    }

    #[test]
    fn a_page_reads_each_file_once_either_as_it_opens_or_later() {
        for route in ROUTES {
            let reads: Vec<DataFile> = route.reads().collect();
            let mut once = reads.clone();
            once.sort_by_key(|file| file.path());
            once.dedup();
            assert_eq!(once.len(), reads.len(), "{:?}", route.page);
        }
        let filing = Page::Filing.route();
        assert!(filing.data.is_empty());
        assert_eq!(
            filing.reads().collect::<Vec<_>>(),
            [DataFile::Rules, DataFile::Regions]
        );
        let json = routes_json(&FilingNumber::from_random(0));
        let routes = json["routes"].as_array().unwrap();
        let entry = routes.iter().find(|r| r["path"] == "/filings/:number");
        assert_eq!(entry.unwrap()["later"][1], "/data/regions.json");
    }

    #[test]
    fn every_page_has_a_title_in_each_language() {
        for route in ROUTES {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!route.title(lang).trim().is_empty(), "{:?}", route.page);
            }
        }
    }
}
