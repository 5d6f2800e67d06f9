//! `/estimate`: the settlement estimator in the browser. The engine runs here, on the shared policy data; nothing
//! the person enters is sent anywhere. The input lives in the URL and in local storage.

mod bill;
mod figures;
mod ids;
mod place;
mod result;
mod state;
mod text;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use bill::{ItemsBill, QuickBill};
use figures::{Asked, FigureField};
use place::{PlaceIds, PlacePicker};
use result::{ResultPanel, StickySummary};
use state::{Input, State};
use text::use_text;

use crate::domain::case::Case;
use crate::domain::category::{ChronicDisease, FilingCategory, InstitutionLevel};
use crate::domain::estimate::{EstimateError, Evaluation, MissingFigure, evaluate};
use crate::domain::lang::Lang;
use crate::domain::policy::PolicyData;
use crate::domain::regions::Regions;
use crate::web::components::{
    Choice, DateField, ErrorSummary, FieldError, RadioGroup, SelectField, TextField,
    focus_error_summary,
};
use crate::web::data::{DataStatus, Load, use_data};
use crate::web::i18n::use_i18n;
use crate::web::layout::{Care, use_page_title};
use crate::web::tasks::{Later, hold_first_paint_while};

/// The data files the estimator reads, each `None` until it has loaded (`web::data` says when one failed).
#[derive(Clone, Copy)]
struct Data {
    policy: Signal<Option<Arc<PolicyData>>>,
    regions: Signal<Option<Arc<Regions>>>,
}

fn use_estimate_data() -> Data {
    let policy = use_data::<PolicyData>();
    // The coverage line under the lead comes from the policy data: the first paint stays until it can show.
    hold_first_paint_while(move || matches!(*policy.read(), Load::Loading));
    let regions = use_data::<Regions>();
    Data {
        policy: Signal::derive(move || policy.read().ready()),
        regions: Signal::derive(move || regions.read().ready()),
    }
}

fn choices(pairs: &[(&str, &'static str)]) -> Vec<Choice> {
    pairs
        .iter()
        .map(|(value, label)| Choice {
            value: (*value).to_owned(),
            label: (*label).to_owned(),
            hint: None,
        })
        .collect()
}

#[component]
pub fn EstimatePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = use_text();
    let data = use_estimate_data();
    // The router's address, not the window's: on a link within the app (the confirmation's "estimate with this
    // filing") the page is made before the browser's address changes.
    let query = crate::web::router::use_location().search.get_untracked();
    let state = State::new(&state::initial(&query));
    let reveal = RwSignal::new(false);
    let import_message = RwSignal::new(None::<Imported>);

    let evaluation = Memo::new(move |_| {
        let input = state.get();
        evaluate(&input, data.policy.read().as_deref())
    });
    let errors = Signal::derive(move || {
        let e = evaluation.read();
        let mut shown: Vec<&EstimateError> = e.errors.iter().collect();
        if reveal.get() {
            shown.extend(e.missing.iter());
        }
        // In the form's order, as the summary lists them.
        shown.sort_by_key(|e| e.field);
        let (t, colon) = (t(), i18n.t().colon);
        shown
            .iter()
            .map(|e| t.field_error(e, colon))
            .collect::<Vec<_>>()
    });
    let has_errors = Signal::derive(move || !errors.read().is_empty());
    let asked = Memo::new(move |_| evaluation.read().asked.clone());
    use_page_title(move || {
        let title = t().title;
        if has_errors.get() {
            format!("{}{title}", i18n.t().form.error_prefix)
        } else {
            title.to_owned()
        }
    });

    // The address follows at most a few times a second (browsers throttle history updates); storage every change.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let input = state.get();
        state::remember_on_device(&input);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || state::remember_in_address(&input),
            std::time::Duration::from_millis(250),
        )
        .ok();
        pending.set_value(handle);
    });
    // An itemised bill starts with one row to fill.
    Effect::new(move |_| {
        if state.mode.get() == "items" && state.items.read().is_empty() {
            state.add_item();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reveal.set(true);
        if has_errors.get_untracked() {
            focus_error_summary();
        } else if let Some(heading) = document()
            .get_element_by_id("result-heading")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
    };

    let scheme_choices = Signal::derive(move || {
        let t = t();
        choices(&[
            ("employee_in_service", t.scheme_in_service),
            ("employee_retired", t.scheme_retired),
            ("resident", t.scheme_resident),
        ])
    });
    let setting_choices = Signal::derive(move || {
        let t = t();
        choices(&[
            ("inpatient", t.setting_inpatient),
            ("general_outpatient", t.setting_outpatient),
            ("chronic_outpatient", t.setting_chronic),
        ])
    });
    let level_choices = Signal::derive(move || {
        let t = t();
        choices(&[
            (InstitutionLevel::Primary.code(), t.level_primary),
            (InstitutionLevel::Secondary.code(), t.level_secondary),
            (InstitutionLevel::Tertiary.code(), t.level_tertiary),
        ])
    });
    // Each disease with its national code, which care mode leaves out (plain language, docs/care-mode.md).
    let care = use_context::<Care>().map(|Care(on)| on);
    let disease_choices = Signal::derive(move || {
        let t = t();
        let with_code = !care.is_some_and(|on| on.get());
        ChronicDisease::ALL
            .into_iter()
            .map(|d| Choice {
                value: d.code().to_owned(),
                label: match (with_code, i18n.lang()) {
                    (false, _) => t.disease_name(d).to_owned(),
                    (true, Lang::Zh) => format!("{}（{}）", t.disease_name(d), d.code()),
                    (true, Lang::En) => format!("{} ({})", t.disease_name(d), d.code()),
                },
                hint: None,
            })
            .collect::<Vec<_>>()
    });
    let mode_choices = Signal::derive(move || {
        let t = t();
        vec![
            Choice {
                value: "quick".to_owned(),
                label: t.bill_quick.to_owned(),
                hint: Some(t.bill_quick_hint.to_owned()),
            },
            Choice {
                value: "items".to_owned(),
                label: t.bill_items.to_owned(),
                hint: Some(t.bill_items_hint.to_owned()),
            },
        ]
    });
    let placeholder = Signal::derive(move || i18n.t().form.select_placeholder);
    let notice_open = move || {
        let s = state;
        [
            s.my_deductible,
            s.my_bands,
            s.my_cap,
            s.my_reduction,
            s.my_class_b,
        ]
        .iter()
        .any(|f| !f.read().is_empty())
    };
    let hint = move |h: fn(&'static text::EstimateText) -> &'static str| {
        Signal::derive(move || Some(h(t())))
    };
    let label =
        move |h: fn(&'static text::EstimateText) -> &'static str| Signal::derive(move || h(t()));

    view! {
        <div class="estimate">
            <h1 tabindex="-1">{move || t().title}</h1>
            <p class="lead">{move || t().lead}</p>
            <p class="estimate-private">{move || t().private_note}</p>
            {move || data.policy.read().as_deref().map(|policy| coverage(t(), policy, i18n.lang()))}
            <DataStatus />
            <ErrorSummary errors />
            <div class="estimate-layout">
                <form class="estimate-form" novalidate on:submit=on_submit>
                    <Later>
                        <section class="estimate-section" aria-labelledby="who-heading">
                            <h2 id="who-heading">{move || t().who_heading}</h2>
                            <PlacePicker
                                ids=PlaceIds {
                                    search: "insured-search",
                                    province: "insured-province",
                                    city: "insured-city",
                                }
                                legend=label(|t| t.insured_place)
                                hint=label(|t| t.insured_hint)
                                province=state.insured_province
                                city=state.insured_city
                                regions=data.regions
                                errors
                            />
                            <RadioGroup
                                id="scheme"
                                legend=label(|t| t.scheme)
                                choices=scheme_choices
                                value=state.scheme
                                errors
                            />
                            <PlacePicker
                                ids=PlaceIds {
                                    search: "treatment-search",
                                    province: "treatment-province",
                                    city: "treatment-city",
                                }
                                legend=label(|t| t.treatment_place)
                                hint=label(|t| t.treatment_hint)
                                province=state.treatment_province
                                city=state.treatment_city
                                regions=data.regions
                                errors
                            />
                        </section>
                    </Later>

                    <Later>
                        <section class="estimate-section" aria-labelledby="care-heading">
                            <h2 id="care-heading">{move || t().care_heading}</h2>
                            <RadioGroup
                                id="setting"
                                legend=label(|t| t.setting)
                                choices=setting_choices
                                value=state.setting
                                errors
                            />
                            <Show when=move || matches!(state.setting.get().as_str(), "inpatient" | "general_outpatient")>
                                <SelectField
                                    id="level"
                                    label=label(|t| t.level)
                                    placeholder
                                    choices=level_choices
                                    value=state.level
                                    errors
                                />
                            </Show>
                            <Show when=move || state.setting.get() == "inpatient">
                                <div class="field">
                                    <div class="checkbox">
                                        <input
                                            class="checkbox__input"
                                            type="checkbox"
                                            id="first-stay"
                                            prop:checked=move || state.first_stay.get() != "0"
                                            on:change=move |ev| {
                                                state.first_stay.set(if event_target_checked(&ev) { "1" } else { "0" }.to_owned())
                                            }
                                        />
                                        <label class="checkbox__label" for="first-stay">{move || t().first_stay}</label>
                                    </div>
                                </div>
                            </Show>
                            <Show when=move || state.setting.get() == "chronic_outpatient">
                                <SelectField
                                    id="disease"
                                    label=label(|t| t.disease)
                                    placeholder
                                    choices=disease_choices
                                    value=state.disease
                                    errors
                                />
                            </Show>
                            <FilingSelect value=state.filing errors />
                            <DateField id="date" label=label(|t| t.date) hint=hint(|t| t.date_hint) value=state.date errors />
                        </section>
                    </Later>

                    <Later>
                        <section class="estimate-section" aria-labelledby="bill-heading">
                            <h2 id="bill-heading">{move || t().bill_heading}</h2>
                            <RadioGroup
                                id="bill-mode"
                                legend=label(|t| t.bill_mode)
                                choices=mode_choices
                                value=state.mode
                                errors
                            />
                            {move || {
                                if state.mode.get() == "items" {
                                    view! { <LazyItemsBill state errors /> }.into_any()
                                } else {
                                    view! { <QuickBill state errors /> }.into_any()
                                }
                            }}
                        </section>
                    </Later>

                    <Later>
                        <section class="estimate-section" aria-labelledby="ytd-heading">
                            <h2 id="ytd-heading">{move || t().ytd_heading}</h2>
                            <p class="hint">{move || t().ytd_hint}</p>
                            <TextField
                                id="ytd-deductible"
                                label=label(|t| t.ytd_deductible)
                                value=state.ytd_deductible
                                errors
                                inputmode="decimal"
                                class="field__input estimate-amount"
                            />
                            <TextField
                                id="ytd-fund"
                                label=label(|t| t.ytd_fund)
                                value=state.ytd_fund
                                errors
                                inputmode="decimal"
                                class="field__input estimate-amount"
                            />
                            <TextField
                                id="ytd-in-scope"
                                label=label(|t| t.ytd_in_scope)
                                value=state.ytd_in_scope
                                errors
                                inputmode="decimal"
                                class="field__input estimate-amount"
                            />
                        </section>
                    </Later>

                    <Later>
                        <Show when=move || asked.read().len() < MissingFigure::ALL.len()>
                            <details class="estimate-section estimate-notice" prop:open=notice_open>
                                <summary>
                                    <h2 class="estimate-notice__heading">{move || t().notice_heading}</h2>
                                </summary>
                                <p class="hint">{move || t().notice_lead}</p>
                                {MissingFigure::ALL
                                    .into_iter()
                                    .map(|figure| {
                                        view! {
                                            <Show when=move || !asked.read().contains(&figure)>
                                                <FigureField figure asked=Asked::InNotice state errors />
                                            </Show>
                                        }
                                    })
                                    .collect_view()}
                            </details>
                        </Show>
                    </Later>

                    <StickySummary evaluation />
                    <div class="estimate-actions">
                        <button type="submit" class="button">{move || t().calculate}</button>
                    </div>
                </form>
                <div class="estimate-aside">
                    <Later>
                        <ResultPanel evaluation policy=data.policy has_errors asked state errors />
                        <Keep state evaluation reveal import_message />
                    </Later>
                </div>
            </div>
        </div>
    }
}

/// Which insured places the data covers, said once before the form.
fn coverage(t: &'static text::EstimateText, policy: &PolicyData, lang: Lang) -> AnyView {
    let names: Vec<&str> = policy
        .insured_places
        .iter()
        .map(|p| match lang {
            Lang::Zh => p.name.zh.as_str(),
            Lang::En => p.name.en.as_str(),
        })
        .collect();
    let text = t
        .coverage
        .replace("{n}", &names.len().to_string())
        .replace("{places}", &names.join(lang.list_separator()));
    view! { <p class="estimate-coverage">{text}</p> }.into_any()
}

/// The filing category, with "not filed", grouped long-term / temporary.
#[component]
fn FilingSelect(value: RwSignal<String>, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    let error = Memo::new(move |_| {
        errors
            .read()
            .iter()
            .find(|e| e.field == "filing")
            .map(|e| e.message.clone())
    });
    let option = move |code: &'static str, label: &'static str| {
        view! { <option value=code selected=move || value.get() == code>{label}</option> }
    };
    let group = move |long_term: bool| {
        let t = t();
        FilingCategory::ALL
            .into_iter()
            .filter(|c| c.is_long_term() == long_term)
            .map(|c| {
                option(
                    crate::domain::case::CaseFiling::Filed(c).name(),
                    t.category_name(c),
                )
            })
            .collect_view()
    };
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="label" for="filing">{move || t().filing}</label>
            <p class="hint" id="filing-hint">{move || t().filing_hint}</p>
            {move || {
                error.get().map(|message| {
                    view! {
                        <p class="field-error" id="filing-error">
                            <span class="visually-hidden">{i18n.t().form.error_prefix}</span>
                            {message}
                        </p>
                    }
                })
            }}
            <select
                class="field__select"
                id="filing"
                name="filing"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || {
                    if error.get().is_some() { "filing-hint filing-error" } else { "filing-hint" }
                }
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>
                    {move || i18n.t().form.select_placeholder}
                </option>
                {move || {
                    let t = t();
                    view! {
                        <optgroup label=t.filing_long_term_group>{group(true)}</optgroup>
                        <optgroup label=t.filing_temporary_group>{group(false)}</optgroup>
                        {option("not_filed", t.not_filed)}
                    }
                }}
            </select>
        </div>
    }
}

/// What became of the last file the person imported.
#[derive(Clone, PartialEq)]
enum Imported {
    Taken,
    Refused(NotImported),
}

/// Why an imported file was not taken in.
#[derive(Clone, PartialEq)]
enum NotImported {
    /// What is wrong with it, as the case reader says (the field's path and the problem).
    Unreadable(String),
    /// It is an estimate file with no estimate in it.
    Empty,
    /// The code that reads it did not download.
    Unavailable,
}

impl From<SplitLoaderError> for NotImported {
    fn from(_: SplitLoaderError) -> Self {
        NotImported::Unavailable
    }
}

/// The estimate file's reader and writer (serde, with messages naming the field): one split of their own, fetched
/// when the person opens the import and export (or first uses them), as estimating needs neither. Only the
/// estimator loads it (`WASM_SPLIT_WITHIN` in scripts/build-web.sh). One split, not one each: the two are fetched
/// together, and every split adds its loader to what every page fetches. A split that does not download is said,
/// not a crash.
#[derive(Clone, Copy)]
struct FileCode {
    /// The form's input from an imported estimate file: its first case, over the current input.
    read: fn(&str, &Input) -> Result<Input, NotImported>,
    /// An estimate file's text: the case in the neutral form, as `read` reads it back.
    write: fn(&Case) -> String,
}

#[wasm_split(
    estimate_file,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_file_code)
)]
fn file_code() -> Result<FileCode, SplitLoaderError> {
    Ok(FileCode {
        read: read_case_file,
        write: case_file_text,
    })
}

fn read_case_file(text: &str, current: &Input) -> Result<Input, NotImported> {
    let file = crate::domain::case::parse_case_file(text)
        .map_err(|e| NotImported::Unreadable(e.to_string()))?;
    let case = file.cases.first().ok_or(NotImported::Empty)?;
    Ok(Input::from_case(case, current))
}

fn case_file_text(case: &Case) -> String {
    serde_json::to_string_pretty(&case.to_json()).unwrap_or_default()
}

/// The itemised bill, from its split (most estimates are made from totals). Until it has loaded the totals' place
/// stays empty; if it does not download, the person is told and can try again, and nothing entered is lost (the
/// items live in `state`).
#[component]
fn LazyItemsBill(state: State, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let t = use_text();
    let i18n = use_i18n();
    let attempt = RwSignal::new(0_u32);
    move || {
        attempt.track();
        Suspend::new(async move {
            match items_bill(state, errors).await {
                Ok(view) => view,
                Err(_) => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{move || t().items_unavailable}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| attempt.update(|n| *n += 1)>
                            {move || i18n.t().data_retry}
                        </button>
                    </div>
                }
                .into_any(),
            }
        })
    }
}

#[wasm_split(items_bill, wasm_split_path = ::leptos::wasm_split, fallible)]
fn items_bill(state: State, errors: Signal<Vec<FieldError>>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ItemsBill state errors /> }.into_any())
}

/// Keeping the person's work: export, import, the link, and starting again (after asking).
#[component]
fn Keep(
    state: State,
    evaluation: Memo<Evaluation>,
    reveal: RwSignal<bool>,
    import_message: RwSignal<Option<Imported>>,
) -> impl IntoView {
    let t = use_text();
    let confirming = RwSignal::new(false);
    let export_failed = RwSignal::new(false);
    // Opening the advanced part fetches the file reader and writer, so they are there when the person uses them.
    let fetch_file_code = move |_| {
        leptos::task::spawn_local(async {
            let _ = preload_file_code().await;
        });
    };
    let page = format!(
        "{}/estimate",
        window().location().origin().unwrap_or_default()
    );
    // `None` when the estimate is too long for a link (`LINK_LIMIT`): it is then shared as a file.
    let link = Memo::new({
        let page = page.clone();
        move |_| {
            state.get().link_query().map(|query| match query.as_str() {
                "" => page.clone(),
                query => format!("{page}?{query}"),
            })
        }
    });
    let export = move |_| {
        if let Some(outcome) = evaluation.get_untracked().outcome {
            let mut case = outcome.case;
            let source = link.get_untracked().unwrap_or_else(|| page.clone());
            case.source = Some(format!("Yidi estimator: {source}"));
            leptos::task::spawn_local(async move {
                match file_code().await {
                    Ok(code) => {
                        export_failed.set(false);
                        download("yidi-estimate.json", &(code.write)(&case));
                    }
                    Err(_) => export_failed.set(true),
                }
            });
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let reader_in = reader.clone();
        let onload = Closure::once(move || {
            let text = reader_in
                .result()
                .ok()
                .and_then(|r| r.as_string())
                .unwrap_or_default();
            let current = untrack(|| state.get());
            leptos::task::spawn_local(async move {
                let read = file_code().await.map_err(NotImported::from);
                match read.and_then(|code| (code.read)(&text, &current)) {
                    Ok(next) => {
                        state.set(&next);
                        reveal.set(true);
                        import_message.set(Some(Imported::Taken));
                    }
                    Err(why) => import_message.set(Some(Imported::Refused(why))),
                }
            });
        });
        reader.set_onload(Some(onload.as_ref().unchecked_ref()));
        onload.forget();
        let _ = reader.read_as_text(&file);
        input.set_value("");
    };
    // The link and print are for an estimate; before there is one they would share or print an empty form. Hidden
    // by an attribute rather than left out with `Show`: measured 0.9 KB less on this page (docs/benchmarks.md).
    let has_estimate = Memo::new(move |_| evaluation.read().outcome.is_some());
    // Starting again is offered once something was entered.
    let entered = Memo::new(move |_| state.get() != state::fresh());
    view! {
        <section class="estimate-keep" aria-labelledby="keep-heading" data-device-state="">
            <h2 id="keep-heading" class="visually-hidden">{move || t().keep_heading}</h2>
            <div hidden=move || !has_estimate.get()>
                <p class="estimate-link">
                    {move || match link.get() {
                        Some(href) => {
                            view! {
                                <a href=href>{t().link}</a>
                                <span class="hint">{format!(" {}", t().link_hint)}</span>
                            }
                                .into_any()
                        }
                        None => view! { <span class="hint">{t().link_too_long}</span> }.into_any(),
                    }}
                </p>
                <p class="button-row">
                    <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>
                        {move || t().print}
                    </button>
                </p>
            </div>
            <details class="estimate-advanced" on:toggle=fetch_file_code>
                <summary>{move || t().advanced}</summary>
                <p class="hint">{move || t().advanced_hint}</p>
                <button
                    type="button"
                    class="button button--secondary"
                    disabled=move || evaluation.read().outcome.is_none()
                    on:click=export
                >
                    {move || t().export}
                </button>
                {move || {
                    export_failed
                        .get()
                        .then(|| {
                            view! { <p class="notice notice--error" role="alert">{t().export_unavailable}</p> }
                        })
                }}
                <div class="field estimate-import">
                    <label class="label" for="import-file">{move || t().import}</label>
                    <p class="hint" id="import-file-hint">{move || t().import_hint}</p>
                    <input
                        class="estimate-import__input"
                        type="file"
                        id="import-file"
                        accept=".json,application/json"
                        aria-describedby="import-file-hint"
                        on:change=import
                    />
                    {move || {
                        import_message.get().map(|imported| {
                            let t = t();
                            match imported {
                                Imported::Taken => {
                                    view! { <p class="notice estimate-import__ok" role="status">{t.imported}</p> }
                                        .into_any()
                                }
                                Imported::Refused(why) => {
                                    let detail = match why {
                                        NotImported::Unreadable(problem) => problem,
                                        NotImported::Empty => t.import_empty.to_owned(),
                                        NotImported::Unavailable => t.import_unavailable.to_owned(),
                                    };
                                    view! { <p class="notice notice--error" role="alert">{format!("{}{detail}", t.import_failed)}</p> }
                                        .into_any()
                                }
                            }
                        })
                    }}
                </div>
            </details>
            <div hidden=move || !entered.get()>
                {move || {
                    if confirming.get() {
                        view! {
                            <div class="estimate-confirm" role="group" aria-labelledby="confirm-text">
                                <p id="confirm-text">{t().start_again_confirm}</p>
                                <button
                                    type="button"
                                    class="button button--warning"
                                    on:click=move |_| {
                                        state.set(&state::fresh());
                                        reveal.set(false);
                                        import_message.set(None);
                                        confirming.set(false);
                                    }
                                >
                                    {t().start_again_yes}
                                </button>
                                <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>
                                    {t().start_again_no}
                                </button>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" class="button button--secondary" on:click=move |_| confirming.set(true)>
                                {t().start_again}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoked a moment later: revoking at once can cancel the download in some browsers.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
}

/// A one-element JS array holding `text`, for the `Blob` constructor.
fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = web_sys::js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}
