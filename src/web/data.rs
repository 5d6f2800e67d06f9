//! The shared data files (`/data/*.json`, the [`DataFile`]s of the route table) as every page reads them: fetched
//! once a page load when a page first reads it, then given to each page that asks as Loading, Failed or Ready.
//! A file that failed is fetched again when the person asks ([`DataStatus`]'s retry), for every page at once.
//!
//! The files are kept type-erased here, in the main module; the code that reads a file (its serde code, the larger
//! part) is named by the page that asks for it ([`Reference::read`]), so it stays in that page's lazy split.

use std::any::Any;
use std::sync::Arc;

use leptos::prelude::*;

use super::i18n::use_i18n;
use super::tasks::yield_to_browser;
use crate::domain::lang::Lang;
use crate::domain::route::{DataFile, Route};
use crate::web::router::use_location;

/// One data file as a page sees it.
pub enum Load<T> {
    Loading,
    /// It could not be fetched or read.
    Failed,
    Ready(Arc<T>),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Failed => Load::Failed,
            Load::Ready(value) => Load::Ready(value.clone()),
        }
    }
}

impl<T> Load<T> {
    /// The file once it is ready.
    pub fn ready(&self) -> Option<Arc<T>> {
        match self {
            Load::Ready(value) => Some(value.clone()),
            Load::Loading | Load::Failed => None,
        }
    }
}

/// A type read from one data file.
pub trait Reference: Send + Sync + Sized + 'static {
    const FILE: DataFile;
    /// Reads the file's text; `None` when it is not a valid file of this kind.
    fn read(text: &str) -> Option<Self>;
}

type Shared = Arc<dyn Any + Send + Sync>;
type Reader = fn(&str) -> Option<Shared>;

#[derive(Clone)]
enum State {
    Loading,
    Failed,
    Ready(Shared),
}

/// The files asked for so far, their state and how to read them again; `asked` counts them, so that a status
/// shown before a page asked for one of its files follows it once it does.
#[derive(Clone, Copy)]
struct Files {
    /// A list, not a map: there are five files, and a hash map's code would be sent to every page.
    slots: StoredValue<Vec<(DataFile, ArcRwSignal<State>, Reader)>>,
    asked: RwSignal<usize>,
}

/// Keeps the data files for the whole app (the pages come and go; the files stay loaded).
pub fn provide_data_files() {
    provide_context(Files {
        slots: StoredValue::new(Vec::new()),
        asked: RwSignal::new(0),
    });
}

/// The data file holding `T`, fetched now unless a page has asked for it already.
pub fn use_data<T: Reference>() -> Signal<Load<T>> {
    slot(expect_context(), T::FILE, read_as::<T>);
    use_data_later()
}

/// The data file holding `T`, fetched only once it is first read: for a page that needs a file only once it shows
/// something (the filing page, once it has a filing to show), so that a visit that never gets there does not
/// download it.
pub fn use_data_later<T: Reference>() -> Signal<Load<T>> {
    let files = expect_context::<Files>();
    Signal::derive(move || match &*slot(files, T::FILE, read_as::<T>).read() {
        State::Loading => Load::Loading,
        State::Failed => Load::Failed,
        State::Ready(shared) => shared
            .clone()
            .downcast::<T>()
            .map_or(Load::Failed, Load::Ready),
    })
}

fn read_as<T: Reference>(text: &str) -> Option<Shared> {
    T::read(text).map(|value| Arc::new(value) as Shared)
}

fn slot(files: Files, file: DataFile, read: Reader) -> ArcRwSignal<State> {
    if let Some(state) = files.slots.with_value(|slots| state_of(slots, file)) {
        return state;
    }
    let state = ArcRwSignal::new(State::Loading);
    files
        .slots
        .update_value(|slots| slots.push((file, state.clone(), read)));
    files.asked.update(|asked| *asked += 1);
    fetch(file, state.clone(), read);
    state
}

fn fetch(file: DataFile, state: ArcRwSignal<State>, read: Reader) {
    leptos::task::spawn_local(async move {
        let text = fetch_text(file.path()).await;
        let read = text.as_deref().and_then(read);
        // Reading a file and the page's update from it are each a short task of their own.
        yield_to_browser().await;
        state.set(read.map_or(State::Failed, State::Ready));
    });
}

fn state_of(
    slots: &[(DataFile, ArcRwSignal<State>, Reader)],
    file: DataFile,
) -> Option<ArcRwSignal<State>> {
    slots
        .iter()
        .find(|(asked, ..)| *asked == file)
        .map(|(_, state, _)| state.clone())
}

async fn fetch_text(url: &str) -> Option<String> {
    let (status, text) = super::api::fetch("GET", url, None, &[]).await?;
    (200..300).contains(&status).then_some(text)
}

/// Where the files of `needed` that a page has asked for stand, taken together: Failed if any failed, else Loading
/// if any is on its way.
fn status(needed: &[DataFile]) -> Load<()> {
    let files = expect_context::<Files>();
    files.asked.track();
    let mut status = Load::Ready(Arc::new(()));
    for file in needed {
        match files
            .slots
            .with_value(|slots| state_of(slots, *file).map(|state| state.get()))
        {
            Some(State::Failed) => return Load::Failed,
            Some(State::Loading) => status = Load::Loading,
            Some(State::Ready(_)) | None => {}
        }
    }
    status
}

/// Fetches again every file that failed.
fn retry() {
    let files = expect_context::<Files>();
    for (file, state, read) in files.slots.get_value() {
        if matches!(state.get_untracked(), State::Failed) {
            state.set(State::Loading);
            fetch(file, state, read);
        }
    }
}

/// What a page says about the data it reads: when a file failed, which one and a button that fetches it again;
/// a quiet note if it is still loading after a moment (before that nothing, so a fast load moves nothing on the
/// page). Nothing once every file is ready.
///
/// The files are those of the page's route in the route table; those the page has not asked for are left out.
#[component]
pub fn DataStatus() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let needed = move || -> Vec<DataFile> {
        Route::find(&location.pathname.read())
            .map_or(Vec::new(), |(route, _)| route.reads().collect())
    };
    let slow = RwSignal::new(false);
    set_timeout(
        move || {
            slow.try_set(true);
        },
        std::time::Duration::from_millis(1500),
    );
    move || match status(&needed()) {
        Load::Ready(_) => ().into_any(),
        Load::Loading if !slow.get() => ().into_any(),
        Load::Loading => view! {
            <p class="data-status" role="status">{i18n.t().data_loading}</p>
        }
        .into_any(),
        Load::Failed => {
            let failed: Vec<&str> = needed()
                .into_iter()
                .filter(|file| matches!(status(&[*file]), Load::Failed))
                .map(|file| name(file, i18n.lang()))
                .collect();
            let separator = match i18n.lang() {
                Lang::Zh => "、",
                Lang::En => " and the ",
            };
            let message = i18n
                .t()
                .data_failed
                .replace("{files}", &failed.join(separator));
            view! {
                <div class="notice notice--error data-status" role="alert">
                    <p>{message}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| retry()>
                        {i18n.t().data_retry}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}

/// A data file's name as the person knows it.
fn name(file: DataFile, lang: Lang) -> &'static str {
    match (file, lang) {
        (DataFile::Policy, Lang::Zh) => "医保政策数据",
        (DataFile::Policy, Lang::En) => "policy data",
        (DataFile::Rules, Lang::Zh) => "参保地的备案和选点规则",
        (DataFile::Rules, Lang::En) => "insured places' filing and select-point rules",
        (DataFile::Regions, Lang::Zh) => "省市名单",
        (DataFile::Regions, Lang::En) => "list of provinces and cities",
        (DataFile::Institutions, Lang::Zh) => "定点医疗机构名单",
        (DataFile::Institutions, Lang::En) => "list of designated institutions",
        (DataFile::DirectorySample, Lang::Zh) => "药品和诊疗项目目录",
        (DataFile::DirectorySample, Lang::En) => "directory of medicines and services",
    }
}

impl Reference for crate::domain::policy::PolicyData {
    const FILE: DataFile = DataFile::Policy;
    fn read(text: &str) -> Option<Self> {
        Self::read(text)
    }
}

impl Reference for crate::domain::policy::PlaceRules {
    const FILE: DataFile = DataFile::Rules;
    fn read(text: &str) -> Option<Self> {
        Self::read(text).ok()
    }
}

impl Reference for crate::domain::regions::Regions {
    const FILE: DataFile = DataFile::Regions;
    fn read(text: &str) -> Option<Self> {
        Self::read(text).ok()
    }
}

impl Reference for crate::domain::institutions::Institutions {
    const FILE: DataFile = DataFile::Institutions;
    fn read(text: &str) -> Option<Self> {
        Self::read(text).ok()
    }
}
