//! 选点: finding designated institutions networked for the service a person needs (`/points`), and naming
//! them on a filing where the insured place asks for it (`/filings/{number}/points`).

mod text;

use crate::domain::json::{FromJson, Json};
use crate::domain::route::Page;
use leptos::prelude::*;

use crate::domain::category::{ChronicDisease, InstitutionLevel};
use crate::domain::filing::{FilingState, FilingView};
use crate::domain::institutions::{
    Institution, InstitutionCode, Institutions, PointWarning, PointsError, PointsFiling,
    PointsRequest, PointsRules, Query, Service, ServiceKind, check_points,
};
use crate::domain::lang::Lang;
use crate::domain::policy::Figure;
use crate::web::api::{ApiFailure, Method, call};
use crate::web::components::{
    Choice, ErrorSummary, FieldError, FormProblem, ResidentIdForm, SelectField, focus_element,
    focus_error_summary,
};
use crate::web::data::{DataStatus, Load, use_data};
use crate::web::filing::{place_name, store, use_reference};
use crate::web::filings::{lookup, session_ids};
use crate::web::i18n::{I18n, use_i18n};
use crate::web::layout::use_page_title;
use crate::web::router::{A, use_filing_number, use_query};
use text::{PointsText, text};

fn tx(i18n: I18n) -> &'static PointsText {
    text(i18n.lang())
}

/// The page shows every problem with a choice of institutions (the service's too) at its list of institutions.
impl FormProblem for PointsError {
    fn input(&self) -> &'static str {
        "institutions"
    }

    fn message(&self, lang: Lang) -> &'static str {
        PointsError::message(self, lang)
    }
}

/// How many results are drawn at first, and added by "show more": enough to scan, few enough to stay quick.
const PAGE: usize = 30;

/// The institutions file as the pages see it.
type Data = Load<Institutions>;

/// The institutions data (`web::data`: loaded once for the whole app).
fn use_institutions() -> Signal<Data> {
    use_data::<Institutions>()
}

/// The codes a filing names, as saved (the server only saves valid ones).
fn codes_of(saved: &[String]) -> Vec<InstitutionCode> {
    saved
        .iter()
        .filter_map(|c| InstitutionCode::parse(c).ok())
        .collect()
}

/// A service as a form value: `inpatient`, `general_outpatient` or a disease code.
fn service_value(service: Service) -> String {
    match service {
        Service::Inpatient => "inpatient".into(),
        Service::GeneralOutpatient => "general_outpatient".into(),
        Service::Chronic(disease) => disease.code().into(),
    }
}

fn parse_service(value: &str) -> Option<Service> {
    match value {
        "inpatient" => Some(Service::Inpatient),
        "general_outpatient" => Some(Service::GeneralOutpatient),
        code => ChronicDisease::ALL
            .into_iter()
            .find(|d| d.code() == code)
            .map(Service::Chronic),
    }
}

fn service_label(i18n: I18n, service: Service) -> String {
    match service {
        Service::Inpatient => tx(i18n).inpatient.into(),
        Service::GeneralOutpatient => tx(i18n).general_outpatient.into(),
        Service::Chronic(disease) => {
            format!("{} · {}", tx(i18n).chronic, disease.name(i18n.lang()))
        }
    }
}

/// "Does not settle this service across provinces: you would pay in full and claim at home."
fn warning(i18n: I18n, service: Service) -> String {
    let t = tx(i18n);
    format!(
        "{}{}{}",
        t.warn_not_networked,
        service_label(i18n, service),
        t.warn_consequence
    )
}

fn all_services() -> impl Iterator<Item = Service> {
    [Service::Inpatient, Service::GeneralOutpatient]
        .into_iter()
        .chain(ChronicDisease::ALL.map(Service::Chronic))
}

fn service_choices(i18n: I18n, services: Vec<Service>) -> Vec<Choice> {
    services
        .into_iter()
        .map(|s| Choice {
            value: service_value(s),
            label: service_label(i18n, s),
            hint: None,
        })
        .collect()
}

fn level_label(i18n: I18n, inst: &Institution) -> String {
    let t = tx(i18n);
    let level = t.level_name(inst.level);
    let grade = inst.grade.map(|g| t.grade_name(g));
    match (grade, i18n.lang()) {
        (None, _) => level.to_owned(),
        (Some(grade), crate::domain::lang::Lang::Zh) => format!("{level}{grade}"),
        (Some(grade), crate::domain::lang::Lang::En) => format!("{level}, {grade}"),
    }
}

/// What choosing adds to a search: the codes chosen, and what to do when one is chosen or removed.
#[derive(Clone, Copy)]
struct Choosing {
    chosen: RwSignal<Vec<InstitutionCode>>,
    choose: Callback<InstitutionCode>,
    remove: Callback<InstitutionCode>,
}

/// The search: filters and the matching institutions, each with the services it settles across provinces.
#[component]
fn Finder(
    data: Signal<Data>,
    /// The city (or, for a whole-province filing, the province) to search in; `None` until one is chosen.
    #[prop(into)]
    area: Signal<Option<String>>,
    /// The service the person needs, as a form value; empty for any.
    need: RwSignal<String>,
    /// Whether the person picks the service here (otherwise the page has settled it).
    #[prop(default = true)]
    need_choice: bool,
    #[prop(default = None)] choosing: Option<Choosing>,
) -> impl IntoView {
    let i18n = use_i18n();
    let level = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let only_networked = RwSignal::new(true);
    let limit = RwSignal::new(PAGE);
    let no_errors = Signal::derive(Vec::new);
    // A new search starts from the first page again.
    Effect::new(move |_| {
        area.track();
        need.track();
        level.track();
        search.track();
        only_networked.track();
        // Set only when it differs: every set notifies, and would filter the whole list a second time.
        if limit.get_untracked() != PAGE {
            limit.set(PAGE);
        }
    });
    let results = Memo::new(move |_| {
        let Data::Ready(data) = data.get() else {
            return (0, Vec::new());
        };
        let Some(area) = area.get() else {
            return (0, Vec::new());
        };
        let level = level.read();
        let search = search.read();
        let query = Query {
            city_code: &area,
            service: if only_networked.get() {
                parse_service(&need.read())
            } else {
                None
            },
            level: InstitutionLevel::from_code(&level),
            text: &search,
        };
        let limit = limit.get();
        let mut count = 0;
        let mut shown = Vec::with_capacity(limit);
        for inst in data.filter(&query) {
            if shown.len() < limit {
                shown.push(inst.clone());
            }
            count += 1;
        }
        (count, shown)
    });
    let need_choices = Signal::derive(move || service_choices(i18n, all_services().collect()));
    let level_choices = Signal::derive(move || {
        InstitutionLevel::ALL
            .into_iter()
            .map(|l| Choice {
                value: l.code().into(),
                label: tx(i18n).level_name(l).into(),
                hint: None,
            })
            .collect::<Vec<_>>()
    });
    view! {
        <div class="finder">
            // Above the filters, where a phone shows it without scrolling.
            <DataStatus />
            <div class="finder__filters">
                {need_choice.then(|| view! {
                    <SelectField
                        id="need"
                        label=Signal::derive(move || tx(i18n).need)
                        hint=Signal::derive(move || Some(tx(i18n).need_hint))
                        placeholder=Signal::derive(move || tx(i18n).need_any)
                        choices=need_choices
                        value=need
                        errors=no_errors
                    />
                })}
                <SelectField
                    id="level"
                    label=Signal::derive(move || tx(i18n).level)
                    placeholder=Signal::derive(move || tx(i18n).level_any)
                    choices=level_choices
                    value=level
                    errors=no_errors
                />
                <div class="field finder__search">
                    <label class="label" for="search">{move || tx(i18n).search}</label>
                    <div class="hint" id="search-hint">{move || tx(i18n).search_hint}</div>
                    <input
                        class="field__input"
                        id="search"
                        name="search"
                        type="search"
                        autocomplete="off"
                        aria-describedby="search-hint"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </div>
                <Show when=move || !need.read().is_empty()>
                    <div class="checkbox">
                        <input
                            class="checkbox__input"
                            type="checkbox"
                            id="only-networked"
                            prop:checked=move || only_networked.get()
                            on:change=move |ev| only_networked.set(event_target_checked(&ev))
                        />
                        <label class="checkbox__label" for="only-networked">{move || tx(i18n).only_networked}</label>
                    </div>
                </Show>
            </div>
            <p class="finder__count" id="finder-count" role="status" aria-live="polite">
                {move || {
                    let (count, shown) = results.get();
                    area.get().map(|_| text::found(i18n.lang(), count, shown.len()))
                }}
            </p>
            <ul class="institution-list" id="institutions-found">
                // Drawn again whole when the results change, not keyed: a page of rows is cheap to draw, and a
                // keyed list's code (a hash map per list) would be sent with the page.
                {move || {
                    let lang = i18n.lang();
                    results
                        .get()
                        .1
                        .into_iter()
                        .map(|inst| view! { <InstitutionRow inst lang need choosing /> })
                        .collect_view()
                }}
            </ul>
            <Show when=move || { let (count, shown) = results.get(); count > shown.len() }>
                <button type="button" class="button button--secondary" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || tx(i18n).show_more}
                </button>
            </Show>
            <Show when=move || area.get().is_some() && matches!(data.get(), Data::Ready(_)) && results.get().0 == 0>
                <p class="finder__empty">{move || tx(i18n).none_found}</p>
            </Show>
        </div>
    }
}

/// What an institution settles across provinces, each service said in words (not by colour alone).
#[component]
fn InstitutionRow(
    inst: Institution,
    /// The row is drawn in one language; a language change draws it again (its words are not reactive, which
    /// keeps a new page of results cheap).
    lang: Lang,
    need: RwSignal<String>,
    choosing: Option<Choosing>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = text(lang);
    let said = |ok: bool| {
        if ok {
            ("service service--yes", t.networked)
        } else {
            ("service service--no", t.not_networked)
        }
    };
    let (inpatient_class, inpatient) = said(inst.services.inpatient);
    let (outpatient_class, outpatient) = said(inst.services.general_outpatient);
    let chronic = &inst.services.chronic;
    let chronic_class = said(!chronic.is_empty()).0;
    let diseases = if chronic.is_empty() {
        t.none.to_owned()
    } else {
        chronic
            .iter()
            .map(|d| d.name(lang))
            .collect::<Vec<_>>()
            .join(lang.list_separator())
    };
    let covers = inst.services.clone();
    let missing = move || parse_service(&need.read()).filter(|s| !covers.covers(*s));
    let code = inst.code.clone();
    let heading_id = format!("inst-{}", inst.code);
    view! {
        <li class="institution">
            <div class="institution__head">
                <h3 class="institution__name" id=heading_id>{inst.name.clone()}</h3>
                <span class="tag tag--grey">{level_label(i18n, &inst)}</span>
            </div>
            <p class="institution__where">{format!("{} · {}", inst.district, inst.address)}</p>
            <ul class="institution__services">
                <li class=inpatient_class>{t.inpatient} " " <strong>{inpatient}</strong></li>
                <li class=outpatient_class>{t.general_outpatient} " " <strong>{outpatient}</strong></li>
                <li class=chronic_class>{t.chronic} " " <strong>{diseases}</strong></li>
            </ul>
            {move || missing().map(|service| view! {
                <p class="institution__warning" role="note">{warning(i18n, service)}</p>
            })}
            <p class="institution__code">{inst.code.to_string()}</p>
            {choosing.map(|c| {
                let code = code.clone();
                let name = inst.name.clone();
                let is_chosen = {
                    let code = code.clone();
                    Memo::new(move |_| c.chosen.read().contains(&code))
                };
                view! {
                    <button
                        type="button"
                        class=move || if is_chosen.get() { "button button--secondary institution__choose" } else { "button institution__choose" }
                        aria-label=move || format!("{} {}", if is_chosen.get() { tx(i18n).remove } else { tx(i18n).choose }, name)
                        on:click=move |_| {
                            if c.chosen.read_untracked().contains(&code) {
                                c.remove.run(code.clone());
                            } else {
                                c.choose.run(code.clone());
                            }
                        }
                    >
                        {move || if is_chosen.get() { tx(i18n).remove } else { tx(i18n).choose }}
                    </button>
                }
            })}
        </li>
    }
}

/// Says the data is sample data, with the official query, whenever it is.
#[component]
fn SampleNotice(data: Signal<Data>) -> impl IntoView {
    let i18n = use_i18n();
    move || match data.get() {
        Data::Ready(d) if d.sample => Some(view! {
            <aside class="notice notice--warning" aria-labelledby="sample-heading">
                <h2 id="sample-heading" class="notice__title">{tx(i18n).sample_heading}</h2>
                <p>{tx(i18n).sample_note}</p>
                {d.official_query.clone().map(|url| view! {
                    <p>{tx(i18n).official_query} <a href=url.clone() rel="noopener noreferrer">{url.clone()}</a></p>
                })}
            </aside>
        }),
        _ => None,
    }
}

/// `/points`: the search on its own, for any destination city in the data.
#[component]
pub fn FinderPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || tx(i18n).finder_title.to_owned());
    let data = use_institutions();
    let query = use_query();
    let city = RwSignal::new(query.get("city").unwrap_or_default());
    let need = RwSignal::new(query.get("need").unwrap_or_default());
    let city_choices = Signal::derive(move || {
        let Data::Ready(data) = data.get() else {
            return Vec::new();
        };
        // Each city once, in the order of their codes, as lists of China's regions are (北京, 天津, 河北… by province).
        let mut codes: Vec<&str> = data
            .institutions
            .iter()
            .map(|i| i.city_code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
            .into_iter()
            .map(|code| Choice {
                value: code.to_owned(),
                label: place_name(i18n, code),
                hint: None,
            })
            .collect::<Vec<_>>()
    });
    let no_errors = Signal::derive(Vec::new);
    view! {
        <h1 tabindex="-1">{move || tx(i18n).finder_title}</h1>
        <p class="lead">{move || tx(i18n).finder_lead}</p>
        // All at once when the data is in: the notice arriving later would push the search down the screen.
        <Show
            when=move || !matches!(data.get(), Data::Loading)
            fallback=move || view! { <p class="finder__status" role="status">{tx(i18n).loading}</p> }
        >
            <SampleNotice data />
            <SelectField
                id="city"
                label=Signal::derive(move || tx(i18n).city)
                hint=Signal::derive(move || Some(tx(i18n).city_hint))
                placeholder=Signal::derive(move || tx(i18n).city_placeholder)
                choices=city_choices
                value=city
                errors=no_errors
            />
            <Finder data area=Signal::derive(move || Some(city.get()).filter(|c| !c.is_empty())) need />
        </Show>
    }
}

/// The server's answer to `PUT /api/filings/{number}/points`.
struct Saved {
    filing: FilingView,
    warnings: Vec<PointWarning>,
}

impl FromJson for Saved {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Saved {
            filing: json.field("filing")?,
            warnings: json.field("warnings")?,
        })
    }
}

/// What the insured place asks of this filing.
#[derive(Clone, PartialEq)]
enum Ask {
    /// The filing is cancelled or expired.
    Inactive,
    /// The insured place asks for no choice.
    Nothing,
    /// It asks chronic-disease filers, and this filing holds no qualification.
    NotQualified,
    /// Choose for one of these services, within the rules.
    Choose(Figure<PointsRules>, Vec<Service>),
}

fn ask(filing: &FilingView, rules: Option<Figure<PointsRules>>) -> Ask {
    if matches!(filing.state, FilingState::Cancelled | FilingState::Expired) {
        return Ask::Inactive;
    }
    let Some(rules) = rules else {
        return Ask::Nothing;
    };
    let services: Vec<Service> = match rules.value.service {
        ServiceKind::Inpatient => vec![Service::Inpatient],
        ServiceKind::GeneralOutpatient => vec![Service::GeneralOutpatient],
        ServiceKind::Chronic => filing
            .chronic_qualifications
            .iter()
            .map(|&d| Service::Chronic(d))
            .collect(),
    };
    if services.is_empty() {
        Ask::NotQualified
    } else {
        Ask::Choose(rules, services)
    }
}

/// `/filings/{number}/points`: the search within the filing's destination, and naming institutions on the filing
/// where the insured place asks for it.
#[component]
pub fn FilingPointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = use_filing_number();
    use_page_title(move || format!("{} {}", tx(i18n).filing_title, number.get()));
    let ids = session_ids();
    let reference = use_reference();
    let data = use_institutions();
    let resident_id = RwSignal::new(ids.of(&number.get_untracked()).unwrap_or_default());
    let filing = RwSignal::new(None::<FilingView>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<(&'static str, bool)>);
    let warnings = RwSignal::new(Vec::<PointWarning>::new());
    let service = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<InstitutionCode>::new());

    let rules = move || -> Option<Figure<PointsRules>> {
        let insured = filing.with(|f| f.as_ref().map(|f| f.insured_city.clone()))?;
        reference
            .place_rules
            .with(|p| p.as_ref().and_then(|p| p.points_rules(&insured).cloned()))
    };
    let asked = Memo::new(move |_| filing.with(|f| f.as_ref().map(|f| ask(f, rules()))));
    // The service chosen for: the saved one, else the first the person may choose for.
    Effect::new(move |_| {
        if let Some(Ask::Choose(_, services)) = asked.get() {
            let saved = filing.with_untracked(|f| f.as_ref().and_then(|f| f.points_service));
            let current = parse_service(&service.get_untracked());
            if current.is_none_or(|s| !services.contains(&s)) {
                let pick = saved
                    .filter(|s| services.contains(s))
                    .unwrap_or(services[0]);
                service.set(service_value(pick));
            }
        }
    });
    // What was chosen and not saved, by service: switching disease and back keeps it.
    let unsaved = StoredValue::new(Vec::<(String, Vec<InstitutionCode>)>::new());
    // Switching disease starts from what was chosen for it and not saved, else what is saved for it (nothing, for
    // another disease).
    Effect::new(move |previous: Option<String>| {
        let current = service.get();
        if let Some(previous) = previous.filter(|p| *p != current) {
            let left = chosen.get_untracked();
            unsaved.update_value(|u| {
                u.retain(|(s, _)| *s != previous);
                u.push((previous, left));
            });
            let kept = unsaved.with_value(|u| {
                u.iter()
                    .find(|(s, _)| *s == current)
                    .map(|(_, codes)| codes.clone())
            });
            let saved = filing.with_untracked(|f| {
                f.as_ref()
                    .filter(|f| {
                        f.points_service.map(service_value).as_deref() == Some(current.as_str())
                    })
                    .map(|f| codes_of(&f.points))
            });
            chosen.set(kept.or(saved).unwrap_or_default());
            errors.set(Vec::new());
        }
        current
    });
    // A filing names institutions for one service: saving for another replaces those saved, said before it is done.
    let replaces = move || {
        filing.with(|f| {
            let f = f.as_ref()?;
            let saved = f.points_service?;
            (!f.points.is_empty() && service_value(saved) != service.get()).then(|| {
                tx(i18n)
                    .save_replaces
                    .replace("{service}", &service_label(i18n, saved))
                    .replace("{n}", &f.points.len().to_string())
            })
        })
    };

    let loaded = move |view: FilingView| {
        chosen.set(codes_of(&view.points));
        if let Some(saved) = view.points_service {
            service.set(service_value(saved));
        }
        store::save(&view);
        ids.remember(&view.number, &resident_id.get_untracked());
        filing.set(Some(view));
    };
    let fetch = move || {
        let lang = i18n.lang();
        let (number, id) = (number.get_untracked(), resident_id.get_untracked());
        leptos::task::spawn_local(async move {
            match lookup(number, id, lang).await {
                Ok(found) => {
                    errors.set(Vec::new());
                    loaded(found);
                }
                Err(ApiFailure::Refused { status: 404, .. }) => {
                    errors.set(vec![FieldError::new("resident_id", tx(i18n).not_found)]);
                    focus_error_summary();
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    errors.set(FieldError::from_api(&problems, &[], "resident_id"));
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => {
                    notice.set(Some((tx(i18n).unreachable, true)));
                    focus_element("points-notice");
                }
            }
        });
    };
    if !resident_id.get_untracked().is_empty() {
        fetch();
    }

    // The same check the server makes, run here first so that nothing is refused after the person relies on it.
    let check = move |codes: &[InstitutionCode]| {
        let Data::Ready(data) = data.get_untracked() else {
            return Err(Vec::new());
        };
        let service = parse_service(&service.get_untracked()).ok_or_else(Vec::new)?;
        let rules = rules().map(|r| r.value);
        filing.with_untracked(|f| {
            let f = f.as_ref().ok_or_else(Vec::new)?;
            let points = PointsFiling {
                destination: &f.destination,
                chronic_qualifications: &f.chronic_qualifications,
            };
            let raw: Vec<String> = codes.iter().map(ToString::to_string).collect();
            check_points(&points, service, &raw, rules.as_ref(), &data)
        })
    };
    let as_field_errors = move |refused: Vec<PointsError>| -> Vec<FieldError> {
        refused
            .iter()
            .map(|e| FieldError::of(e, i18n.lang()))
            .collect()
    };
    let choose = Callback::new(move |code: InstitutionCode| {
        let mut next = chosen.get_untracked();
        next.push(code);
        match check(&next) {
            Ok(valid) => {
                warnings.set(valid.warnings);
                chosen.set(next);
                errors.set(Vec::new());
                notice.set(None);
            }
            Err(refused) => {
                errors.set(as_field_errors(refused));
                focus_error_summary();
            }
        }
    });
    let remove = Callback::new(move |code: InstitutionCode| {
        chosen.update(|list| list.retain(|c| *c != code));
        warnings.set(
            check(&chosen.get_untracked())
                .map(|v| v.warnings)
                .unwrap_or_default(),
        );
        errors.set(Vec::new());
    });
    let save = move |_| {
        let Some(service) = parse_service(&service.get_untracked()) else {
            return;
        };
        let lang = i18n.lang();
        let codes = chosen.get_untracked();
        if let Err(refused) = check(&codes) {
            errors.set(as_field_errors(refused));
            focus_error_summary();
            return;
        }
        let request = PointsRequest {
            resident_id: resident_id.get_untracked(),
            service,
            institutions: codes.iter().map(ToString::to_string).collect(),
        };
        let url = format!("/api/filings/{}/points", number.get_untracked());
        leptos::task::spawn_local(async move {
            match call::<_, Saved>(Method::Put, &url, &request, &[], lang).await {
                Ok(saved) => {
                    let empty = saved.filing.points.is_empty();
                    let now = service_value(service);
                    unsaved.update_value(|u| u.retain(|(s, _)| *s != now));
                    loaded(saved.filing);
                    warnings.set(saved.warnings);
                    errors.set(Vec::new());
                    notice.set(Some((
                        if empty {
                            tx(i18n).saved_empty
                        } else {
                            tx(i18n).saved
                        },
                        false,
                    )));
                    focus_element("points-notice");
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    errors.set(FieldError::from_api(&problems, &[], "institutions"));
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => {
                    notice.set(Some((tx(i18n).unreachable, true)));
                    focus_element("points-notice");
                }
            }
        });
    };

    let area = Signal::derive(move || {
        filing.with(|f| {
            f.as_ref().map(|f| {
                f.destination
                    .city
                    .clone()
                    .unwrap_or_else(|| f.destination.province.clone())
            })
        })
    });
    let name_of = move |code: &InstitutionCode| match data.get() {
        Data::Ready(d) => d
            .get(code)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| code.to_string()),
        _ => code.to_string(),
    };
    // Only whether there is a filing: the search below is not redrawn (and its filters not lost) on each save.
    let has_filing = Memo::new(move |_| filing.read().is_some());
    let choosing = Choosing {
        chosen,
        choose,
        remove,
    };
    view! {
        <A href=move || Page::Filing.href_with(&number.get()) attr:class="back-link">
            {move || tx(i18n).back_to_filing} " " {move || number.get()}
        </A>
        <ErrorSummary errors=Signal::derive(move || errors.get()) />
        {move || notice.get().map(|(m, bad)| view! {
            <div class=if bad { "notice notice--error" } else { "notice notice--success" } role="status" tabindex="-1" id="points-notice">{m}</div>
        })}
        // "Choose" only where the insured place asks this filing to choose; else the page finds institutions.
        <h1 tabindex="-1">
            {move || match asked.get() {
                Some(Ask::Choose(..)) | None => tx(i18n).filing_title,
                Some(_) => tx(i18n).finder_title,
            }}
        </h1>
        <Show when=move || filing.read().is_none()>
            <ResidentIdForm
                lead=Signal::derive(move || tx(i18n).open_lead)
                button=Signal::derive(move || tx(i18n).open_button)
                resident_id
                errors
                open=Callback::new(move |()| fetch())
            />
        </Show>
        {move || filing.get().map(|f| {
            let destination = match &f.destination.city {
                Some(city) => place_name(i18n, city),
                None => place_name(i18n, &f.destination.province),
            };
            view! {
                <p class="lead">{tx(i18n).destination} {i18n.t().colon} {destination}</p>
            }
        })}
        <SampleNotice data />
        {move || asked.get().map(|asked| match asked {
            Ask::Inactive => view! { <p class="notice notice--warning">{tx(i18n).not_active}</p> }.into_any(),
            Ask::Nothing => view! { <p class="notice notice--info">{tx(i18n).no_choice_needed}</p> }.into_any(),
            Ask::NotQualified => view! { <p class="notice notice--warning">{tx(i18n).no_qualification}</p> }.into_any(),
            Ask::Choose(rules, services) => {
                let max = rules.value.max_institutions;
                view! {
                    <RuleNotice rules />
                    {(services.len() > 1).then(|| view! {
                        <SelectField
                            id="service"
                            label=Signal::derive(move || tx(i18n).choose_for)
                            placeholder=Signal::derive(move || tx(i18n).need_any)
                            choices=service_choices(i18n, services.clone())
                            value=service
                            errors=Signal::derive(Vec::new)
                        />
                    })}
                    <section class="chosen" aria-labelledby="institutions">
                        <h2 id="institutions" tabindex="-1">
                            {tx(i18n).chosen_heading} " "
                            <span class="chosen__count">{move || format!("({} {}/{max})", tx(i18n).chosen_count, chosen.read().len())}</span>
                        </h2>
                        <p class="chosen__for">{move || parse_service(&service.get()).map(|s| service_label(i18n, s))}</p>
                        {move || if chosen.read().is_empty() {
                            view! { <p>{tx(i18n).chosen_none}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="chosen__list">
                                    {chosen.get().into_iter().map(|code| {
                                        let name = name_of(&code);
                                        let label = format!("{} {name}", tx(i18n).remove);
                                        let warned: Vec<String> = warnings.read().iter()
                                            .filter(|w| w.institution == code)
                                            .map(|w| warning(i18n, w.service))
                                            .collect();
                                        view! {
                                            <li class="chosen__item">
                                                <span class="chosen__name">{name}</span>
                                                <button type="button" class="link-button" aria-label=label on:click=move |_| remove.run(code.clone())>{tx(i18n).remove}</button>
                                                {warned.into_iter().map(|w| view! { <p class="institution__warning" role="note">{w}</p> }).collect_view()}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        {move || replaces().map(|text| view! { <p class="notice notice--warning" id="points-replaces">{text}</p> })}
                        <div class="button-row">
                            <button type="button" class="button" id="save-points" on:click=save>{tx(i18n).save}</button>
                            <A href=move || Page::FilingCard.href_with(&number.get()) attr:class="button button--secondary">{tx(i18n).show_card}</A>
                        </div>
                    </section>
                }.into_any()
            }
        })}
        {move || {
            let choosing = matches!(asked.get(), Some(Ask::Choose(..))).then_some(choosing);
            has_filing.get().then(|| view! {
                <h2>{tx(i18n).finder_title}</h2>
                <Finder data area need=service need_choice=choosing.is_none() choosing=choosing />
            })
        }}
    }
}

/// The insured place's select-point rule with its source and date, marked where it is unverified.
#[component]
fn RuleNotice(rules: Figure<PointsRules>) -> impl IntoView {
    let i18n = use_i18n();
    let reference = use_reference();
    let t = tx(i18n);
    let source = reference.place_rules.with_untracked(|place_rules| {
        place_rules
            .as_ref()
            .and_then(|p| p.sources.get(&rules.source))
            .map(|s| {
                let lang = untrack(|| i18n.lang());
                let (issuer, title) = (s.issuer_in(lang), s.title_in(lang));
                match &s.date {
                    Some(date) => format!("{issuer} · {title} · {date}"),
                    None => format!("{issuer} · {title}"),
                }
            })
            .unwrap_or_else(|| rules.source.clone())
    });
    let need = if rules.value.required {
        t.rule_required
    } else {
        t.rule_optional
    };
    view! {
        <section class="notice notice--info rule" aria-labelledby="rule-heading">
            <h2 id="rule-heading" class="notice__title">{t.rule_heading}</h2>
            <p>{format!("{} {} {}{need}", t.rule_max, rules.value.max_institutions, t.rule_max_tail)}</p>
            <p class="source">{format!("{}{source}{}", t.source, if rules.verified { "" } else { t.unverified })}</p>
        </section>
    }
}
