//! 我的备案: the filings made on this device, and look-up, change and cancel by number and ID number.

mod text;

use crate::domain::route::Page;
use leptos::prelude::*;
use serde::Serialize;

use crate::domain::category::FilingCategory;
use crate::domain::day;
use crate::domain::filing::{
    CancelRequest, ChangeRequest, Destination, ErrorCode, Field, FilingError, FilingNumber,
    FilingState, FilingView, FindRequest, HistoryAction, LookupRequest, Phone, ResidentId,
    check_destination, valid_until,
};
use crate::domain::json::{FromJson, Json};
use crate::domain::lang::Lang;
use crate::web::api::{ApiFailure, Method, call};
use crate::web::clock::china_today as today;
use crate::web::components::{
    DateField, ErrorSummary, FieldError, ResidentIdForm, SelectField, TextField, focus_element,
    focus_error_summary,
};
use crate::web::data::DataStatus;
use crate::web::filing::{
    across_from, city_choices, keep_city_in_province, place_name, province_choices, store,
    use_reference_later,
};
use crate::web::i18n::{I18n, use_i18n};
use crate::web::layout::use_page_title;
use crate::web::router::{A, use_filing_number, use_navigate};
use text::{FilingsText, text};

fn tx(i18n: I18n) -> &'static FilingsText {
    text(i18n.lang())
}

/// The server's answer about one filing: `{"filing": ...}`.
struct Answer {
    filing: FilingView,
}

impl FromJson for Answer {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Answer {
            filing: json.field("filing")?,
        })
    }
}

async fn send<B: Serialize>(
    method: Method,
    url: &str,
    body: &B,
    lang: crate::domain::lang::Lang,
) -> Result<FilingView, ApiFailure> {
    call::<_, Answer>(method, url, body, &[], lang)
        .await
        .map(|a| a.filing)
}

/// `POST /api/filings/lookup`: the filing, if `resident_id` is the one it was filed with.
pub async fn lookup(
    number: String,
    resident_id: String,
    lang: crate::domain::lang::Lang,
) -> Result<FilingView, ApiFailure> {
    let request = LookupRequest {
        number,
        resident_id,
    };
    send(Method::Post, "/api/filings/lookup", &request, lang).await
}

/// A changed field's name as the person knows it.
fn field_label(i18n: I18n, field: &str) -> String {
    let ft = crate::web::filing::text::text(i18n.lang());
    match field {
        "end_date" => ft.end_date.to_owned(),
        "phone" => tx(i18n).phone.to_owned(),
        "destination" => ft.label_destination.to_owned(),
        other => other.to_owned(),
    }
}

fn state_class(state: FilingState) -> &'static str {
    match state {
        FilingState::InEffect => "tag tag--green",
        FilingState::NotYetInEffect => "tag tag--blue",
        FilingState::Expired | FilingState::Cancelled => "tag tag--grey",
    }
}

fn category_label(i18n: I18n, category: FilingCategory) -> &'static str {
    crate::web::filing::text::text(i18n.lang())
        .category(category)
        .0
}

fn destination_label(i18n: I18n, f: &FilingView) -> String {
    let t = crate::web::filing::text::text(i18n.lang());
    match &f.destination.city {
        Some(city) => place_name(i18n, city),
        None => format!(
            "{} · {}",
            place_name(i18n, &f.destination.province),
            t.whole_province
        ),
    }
}

#[component]
pub fn MyFilings() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    use_page_title(move || tx(i18n).title.to_owned());
    let filings = store::load();
    let ids = session_ids();
    let number = RwSignal::new(String::new());
    let resident_id = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let mut problems = Vec::new();
        let wanted = number.get_untracked().trim().to_uppercase();
        if wanted.is_empty() {
            problems.push(FieldError::new("number", tx(i18n).number_missing));
        } else if FilingNumber::parse(&wanted).is_none() {
            // Said here, before asking the server: the form of a number is public, and a typing slip is not a
            // filing that was not found.
            problems.push(FieldError::new("number", tx(i18n).number_format));
        }
        if let Err(e) = ResidentId::parse(&resident_id.get_untracked()) {
            problems.push(FieldError::of(&e, lang));
        }
        errors.set(problems);
        notice.set(None);
        if !errors.read_untracked().is_empty() {
            focus_error_summary();
            return;
        }
        let id = resident_id.get_untracked();
        leptos::task::spawn_local(async move {
            match lookup(wanted, id.clone(), lang).await {
                Ok(filing) => {
                    store::save(&filing);
                    ids.remember(&filing.number, &id);
                    navigate(&Page::Filing.href_with(filing.number.as_str()));
                }
                Err(ApiFailure::Refused { status: 404, .. }) => {
                    notice.set(Some(tx(i18n).not_found));
                    focus_element("lookup-notice");
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    errors.set(FieldError::from_api(
                        &problems,
                        &["number", "resident_id"],
                        "number",
                    ));
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => {
                    notice.set(Some(tx(i18n).unreachable));
                    focus_element("lookup-notice");
                }
            }
        });
    };
    let list = filings.clone();
    view! {
        <ErrorSummary errors=Signal::derive(move || errors.get()) />
        <h1 tabindex="-1">{move || tx(i18n).title}</h1>
        <section aria-labelledby="device-heading">
            <h2 id="device-heading">{move || tx(i18n).on_device}</h2>
            {move || if list.is_empty() {
                view! { <p data-device-state="">{tx(i18n).none_on_device}</p> }.into_any()
            } else {
                view! {
                    <ul class="filing-list" data-device-state="">
                        {list.clone().into_iter().map(|f| filing_item(i18n, &f)).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="lookup-heading">
            <h2 id="lookup-heading">{move || tx(i18n).lookup_heading}</h2>
            <p>{move || tx(i18n).lookup_lead}</p>
            {move || notice.get().map(|m| view! { <div class="notice notice--error" role="alert" tabindex="-1" id="lookup-notice">{m}</div> })}
            <form novalidate on:submit=on_submit class="question">
                <TextField id="number" label=Signal::derive(move || tx(i18n).number) hint=Signal::derive(move || Some(tx(i18n).number_hint)) value=number errors=Signal::derive(move || errors.get()) class="field__input field__input--id" />
                <TextField id="resident_id" label=Signal::derive(move || tx(i18n).resident_id) hint=Signal::derive(move || Some(tx(i18n).resident_id_hint)) value=resident_id errors=Signal::derive(move || errors.get()) class="field__input field__input--id" />
                <button type="submit" class="button">{move || tx(i18n).lookup_button}</button>
            </form>
        </section>
        <FindFilings errors lookup_notice=notice />
    }
}

/// One filing in a list: its number (to its page), its state, and who, what and where, masked.
fn filing_item(i18n: I18n, f: &FilingView) -> impl IntoView + use<> {
    let href = Page::Filing.href_with(f.number.as_str());
    let meta = format!(
        "{} · {} · {}",
        f.name_masked,
        category_label(i18n, f.category),
        destination_label(i18n, f)
    );
    let number = f.number.clone();
    view! {
        <li class="filing-card">
            <A href=href attr:class="filing-card__number">{number}</A>
            <span class=state_class(f.state)>{tx(i18n).state_name(f.state)}</span>
            <p class="filing-card__meta">{meta}</p>
        </li>
    }
}

/// The answer of `POST /api/filings/find`.
struct Found {
    filings: Vec<FilingView>,
}

impl FromJson for Found {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Found {
            filings: json.field("filings")?,
        })
    }
}

/// Finding one's filings on another device by ID number, name and phone (`POST /api/filings/find`); what is found
/// is kept on this device with the other filings, and the ID number in memory, so each opens at once.
#[component]
fn FindFilings(
    errors: RwSignal<Vec<FieldError>>,
    lookup_notice: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ids = session_ids();
    let resident_id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<FilingView>>);
    let failure = RwSignal::new(None::<&'static str>);
    // The form's own input ids, beside the look-up form's `resident_id`: each message moved onto them.
    let on_form = |errors: Vec<FieldError>| -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|e| {
                let input = match e.field {
                    "resident_id" => "find_resident_id",
                    "name" => "find_name",
                    _ => "find_phone",
                };
                FieldError::new(input, e.message)
            })
            .collect()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let request = FindRequest {
            resident_id: resident_id.get_untracked(),
            name: name.get_untracked(),
            phone: phone.get_untracked(),
        };
        found.set(None);
        failure.set(None);
        // The other form's answer ("not found") is not this one's.
        lookup_notice.set(None);
        if let Err(problems) = request.check() {
            errors.set(on_form(
                problems.iter().map(|p| FieldError::of(p, lang)).collect(),
            ));
            focus_error_summary();
            return;
        }
        errors.set(Vec::new());
        leptos::task::spawn_local(async move {
            match call::<_, Found>(Method::Post, "/api/filings/find", &request, &[], lang).await {
                Ok(answer) => {
                    for filing in &answer.filings {
                        store::save(filing);
                        ids.remember(&filing.number, &request.resident_id);
                    }
                    // Found: what identifies the person leaves the screen (a shared or borrowed phone).
                    if !answer.filings.is_empty() {
                        resident_id.set(String::new());
                        name.set(String::new());
                        phone.set(String::new());
                    }
                    found.set(Some(answer.filings));
                    focus_element("find-answer");
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    let fields = ["resident_id", "name", "phone"];
                    errors.set(on_form(FieldError::from_api(
                        &problems,
                        &fields,
                        "resident_id",
                    )));
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => {
                    failure.set(Some(tx(i18n).unreachable));
                    focus_element("find-answer");
                }
            }
        });
    };
    let e = Signal::derive(move || errors.get());
    view! {
        <section aria-labelledby="find-heading">
            <h2 id="find-heading">{move || tx(i18n).find_heading}</h2>
            <p>{move || tx(i18n).find_lead}</p>
            {move || {
                let t = tx(i18n);
                match (found.get(), failure.get()) {
                    (_, Some(message)) => Some(view! {
                        <div class="notice notice--error" role="alert" tabindex="-1" id="find-answer">{message}</div>
                    }.into_any()),
                    (Some(filings), None) if filings.is_empty() => Some(view! {
                        <div class="notice notice--error" role="alert" tabindex="-1" id="find-answer">{t.find_none}</div>
                    }.into_any()),
                    (Some(filings), None) => Some(view! {
                        <div class="notice notice--success" tabindex="-1" id="find-answer">
                            <p>{t.found.replace("{n}", &filings.len().to_string())}</p>
                            <ul class="filing-list">
                                {filings.iter().map(|f| filing_item(i18n, f)).collect_view()}
                            </ul>
                        </div>
                    }.into_any()),
                    (None, None) => None,
                }
            }}
            <form novalidate on:submit=on_submit class="question">
                <TextField id="find_resident_id" label=Signal::derive(move || tx(i18n).find_resident_id) value=resident_id errors=e class="field__input field__input--id" />
                <TextField id="find_name" label=Signal::derive(move || tx(i18n).find_name) value=name errors=e />
                <TextField id="find_phone" label=Signal::derive(move || tx(i18n).find_phone) hint=Signal::derive(move || Some(tx(i18n).find_phone_hint)) value=phone errors=e input_type="tel" inputmode="numeric" class="field__input field__input--phone" />
                <button type="submit" class="button">{move || tx(i18n).find_button}</button>
            </form>
        </section>
    }
}

/// The ID number checked on look-up, kept in memory only (never stored), so the detail page can act.
#[derive(Clone, Copy)]
pub struct SessionIds(RwSignal<Vec<(String, String)>>);

impl SessionIds {
    pub fn remember(self, number: &str, resident_id: &str) {
        self.0.update(|ids| {
            ids.retain(|(n, _)| n != number);
            ids.push((number.to_owned(), resident_id.to_owned()));
        });
    }

    pub fn of(self, number: &str) -> Option<String> {
        self.0
            .get_untracked()
            .into_iter()
            .find(|(n, _)| n == number)
            .map(|(_, id)| id)
    }
}

pub fn session_ids() -> SessionIds {
    expect_context::<SessionIds>()
}

/// Provides the in-memory ID store high in the tree, so it outlives a page.
pub fn provide_session_ids() {
    provide_context(SessionIds(RwSignal::new(Vec::new())));
}

#[component]
pub fn FilingDetail() -> impl IntoView {
    let i18n = use_i18n();
    let number = use_filing_number();
    let ids = session_ids();
    let resident_id = RwSignal::new(ids.of(&number.get_untracked()).unwrap_or_default());
    let live = RwSignal::new(None::<FilingView>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<(&'static str, bool)>);
    let confirming = RwSignal::new(false);
    let end_date = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let current_phone = RwSignal::new(String::new());
    let new_province = RwSignal::new(String::new());
    let new_city = RwSignal::new(String::new());
    // The places and rules are needed only once a filing is shown: someone arriving from a link gives their ID number
    // first, and a visit that stops there downloads neither (the route table's `later`).
    let reference = use_reference_later();
    keep_city_in_province(new_province, new_city, reference.regions);
    use_page_title(move || {
        let prefix = if errors.read().is_empty() {
            ""
        } else {
            i18n.t().form.error_prefix
        };
        format!("{prefix}{} {}", tx(i18n).detail_title, number.get())
    });
    let cached = move || store::find(&number.get());
    let shown = move || live.get().or_else(cached);

    let fail = move |failure: ApiFailure, fields: &[&'static str], fallback: &'static str| {
        match &failure {
            ApiFailure::Refused { status: 404, .. } => {
                live.set(None);
                notice.set(Some((tx(i18n).not_found, true)));
                focus_element("detail-notice");
            }
            ApiFailure::Refused { problems, .. } => {
                errors.set(FieldError::from_api(problems, fields, fallback));
                focus_error_summary();
            }
            ApiFailure::Unreachable => {
                notice.set(Some((tx(i18n).unreachable, true)));
                focus_element("detail-notice");
            }
        }
    };
    let succeed = move |filing: FilingView, message: Option<&'static str>| {
        store::save(&filing);
        ids.remember(&filing.number, &resident_id.get_untracked());
        live.set(Some(filing));
        errors.set(Vec::new());
        notice.set(message.map(|m| (m, false)));
        if message.is_some() {
            focus_element("detail-notice");
        }
    };

    let fetch_live = move || {
        let lang = i18n.lang();
        let (number, id) = (number.get_untracked(), resident_id.get_untracked());
        leptos::task::spawn_local(async move {
            match lookup(number, id, lang).await {
                Ok(filing) => succeed(filing, None),
                // A miss is said at the ID number's field, not above the filing this device still shows.
                Err(ApiFailure::Refused { status: 404, .. }) => {
                    live.set(None);
                    errors.set(vec![FieldError::new("resident_id", tx(i18n).not_found)]);
                    focus_error_summary();
                }
                Err(failure) => fail(failure, &["resident_id"], "resident_id"),
            }
        });
    };
    // Arriving from a look-up in this session: the ID number is already checked, so show the live filing.
    if !resident_id.get_untracked().is_empty() {
        fetch_live();
    }

    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        // What the last attempt said ("saved") is not left standing beside what this one says.
        notice.set(None);
        let mut problems = Vec::new();
        let new_end = end_date.get_untracked();
        let new_phone = phone.get_untracked();
        if new_end.trim().is_empty()
            && new_phone.trim().is_empty()
            && new_province.get_untracked().is_empty()
        {
            errors.set(Vec::new());
            notice.set(Some((tx(i18n).nothing_to_change, true)));
            focus_element("detail-notice");
            return;
        }
        let end = if new_end.trim().is_empty() {
            None
        } else {
            match day::parse_iso(new_end.trim()) {
                Some(d) => {
                    // The category's rule and the insured place's limit, checked here too, so every problem of
                    // the form is named at once rather than the date's only after the phone's are fixed.
                    if let Some(filing) = untrack(shown)
                        && let Err(e) = valid_until(
                            filing.category,
                            filing.start_date,
                            Some(d),
                            &reference.rules(&filing.insured_city),
                        )
                    {
                        problems.push(e);
                    }
                    Some(Some(d))
                }
                None => {
                    problems.push(FilingError::new(ErrorCode::DateInvalid, Field::EndDate));
                    None
                }
            }
        };
        if !new_phone.trim().is_empty()
            && let Err(e) = Phone::parse(&new_phone)
        {
            problems.push(e);
        }
        let province = new_province.get_untracked();
        let city = new_city.get_untracked();
        let destination = (!province.is_empty()).then(|| Destination {
            province,
            city: (!city.is_empty()).then_some(city),
        });
        // The destination by the insured place's rules (another province; a city unless a whole province is
        // allowed), as the server will check it.
        if let (Some(destination), Some(filing), Some(regions)) = (
            &destination,
            untrack(shown),
            reference.regions.get_untracked(),
        ) && let Err(e) = check_destination(
            &filing.insured_city,
            destination,
            &reference.rules(&filing.insured_city),
            regions.as_ref(),
        ) {
            problems.push(e);
        }
        let current = current_phone.get_untracked();
        let needs_current = !new_phone.trim().is_empty() || destination.is_some();
        if needs_current && current.trim().is_empty() {
            problems.push(FilingError::new(
                ErrorCode::CurrentPhoneMissing,
                Field::CurrentPhone,
            ));
        }
        if !problems.is_empty() {
            errors.set(problems.iter().map(|p| FieldError::of(p, lang)).collect());
            focus_error_summary();
            return;
        }
        let request = ChangeRequest {
            resident_id: resident_id.get_untracked(),
            end_date: end,
            phone: (!new_phone.trim().is_empty()).then_some(new_phone),
            // An empty city is a whole-province filing, checked above by the insured place's rules.
            destination,
            current_phone: needs_current.then_some(current),
        };
        let url = format!("/api/filings/{}", number.get_untracked());
        leptos::task::spawn_local(async move {
            match send(Method::Patch, &url, &request, lang).await {
                Ok(filing) => {
                    end_date.set(String::new());
                    phone.set(String::new());
                    current_phone.set(String::new());
                    new_province.set(String::new());
                    succeed(filing, Some(tx(i18n).saved));
                }
                Err(failure) => fail(
                    failure,
                    &[
                        "end_date",
                        "phone",
                        "destination_province",
                        "destination_city",
                        "current_phone",
                    ],
                    "end_date",
                ),
            }
        });
    };

    let cancel = move |_| {
        let lang = i18n.lang();
        let request = CancelRequest {
            resident_id: resident_id.get_untracked(),
        };
        let url = format!("/api/filings/{}/cancel", number.get_untracked());
        leptos::task::spawn_local(async move {
            confirming.set(false);
            match send(Method::Post, &url, &request, lang).await {
                Ok(filing) => succeed(filing, Some(tx(i18n).cancelled)),
                Err(failure) => fail(failure, &[], "cancel"),
            }
        });
    };

    let e = Signal::derive(move || errors.get());
    view! {
        <A href=Page::Filings.href() attr:class="back-link">{move || tx(i18n).title}</A>
        <ErrorSummary errors=e />
        {move || notice.get().map(|(m, bad)| view! {
            <div class=if bad { "notice notice--error" } else { "notice notice--success" } role="status" tabindex="-1" id="detail-notice">{m}</div>
        })}
        <h1 tabindex="-1">{move || tx(i18n).detail_title} " " <span class="filing-number-inline">{move || number.get()}</span></h1>
        <DataStatus />
        {move || shown().map(|f| {
            let ft = crate::web::filing::text::text(i18n.lang());
            // A cancelled filing ends when it was cancelled: "until changed or cancelled" would read as still valid.
            let cancelled = f
                .history
                .iter()
                .rfind(|h| h.action == HistoryAction::Cancelled)
                .map(|h| tx(i18n).cancelled_on.replace("{date}", h.at.get(..10).unwrap_or(&h.at)));
            let end = match (cancelled, f.valid_until) {
                (Some(cancelled), _) => cancelled,
                (None, Some(end)) => end.to_string(),
                (None, None) => ft.no_end.to_owned(),
            };
            let validity = format!("{} – {end}", f.start_date);
            view! {
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">{tx(i18n).state}</dt><dd class="summary-list__value"><span class=state_class(f.state)>{tx(i18n).state_name(f.state)}</span></dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{ft.name}</dt><dd class="summary-list__value">{f.name_masked.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{ft.resident_id}</dt><dd class="summary-list__value">{f.resident_id_masked.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{tx(i18n).phone}</dt><dd class="summary-list__value">{f.phone_masked.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{ft.label_category}</dt><dd class="summary-list__value">{category_label(i18n, f.category)}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{ft.label_destination}</dt><dd class="summary-list__value">{destination_label(i18n, &f)}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{ft.valid_until}</dt><dd class="summary-list__value">{validity}</dd></div>
                </dl>
            }
        })}
        {move || match live.get() {
            None => view! {
                <ResidentIdForm
                    lead=Signal::derive(move || tx(i18n).open_lead)
                    button=Signal::derive(move || tx(i18n).lookup_button)
                    resident_id
                    errors
                    open=Callback::new(move |()| fetch_live())
                />
            }.into_any(),
            Some(f) => {
                let history = f.history.iter().map(|h| {
                    let action = tx(i18n).action_name(h.action);
                    let when = h.at.get(..16).unwrap_or(&h.at).replace('T', " ");
                    let lang = i18n.lang();
                    let fields = h
                        .fields
                        .iter()
                        .map(|f| field_label(i18n, f))
                        .collect::<Vec<_>>()
                        .join(lang.list_separator());
                    let fields = (!fields.is_empty()).then(|| match lang {
                        Lang::Zh => format!("（{fields}）"),
                        Lang::En => format!(" ({fields})"),
                    });
                    view! { <li><strong>{action}</strong> " " {when} {fields}</li> }
                }).collect_view();
                let cancellable = f.state != FilingState::Cancelled;
                let end_hint = if f.category.is_long_term() { tx(i18n).end_date_long_hint } else { tx(i18n).end_date_hint };
                let card_href = Page::FilingCard.href_with(f.number.as_str());
                let points_href = Page::FilingPoints.href_with(f.number.as_str());
                view! {
                    <Show when=move || cancellable>
                        <p class="actions button-row">
                            <A href=card_href.clone() attr:class="button">{tx(i18n).show_card}</A>
                            <A href=points_href.clone() attr:class="button button--secondary">{tx(i18n).choose_points}</A>
                        </p>
                    </Show>
                    <h2>{tx(i18n).history}</h2>
                    <ol class="history">{history}</ol>
                    <Show when=move || cancellable>
                        <section aria-labelledby="change-heading" class="question">
                            <h2 id="change-heading">{tx(i18n).change_heading}</h2>
                            <p>{tx(i18n).change_lead}</p>
                            <form novalidate on:submit=change>
                                <DateField id="end_date" label=Signal::derive(move || tx(i18n).end_date) hint=Signal::derive(move || Some(end_hint)) value=end_date errors=e />
                                <TextField id="phone" label=Signal::derive(move || tx(i18n).new_phone) hint=Signal::derive(move || Some(tx(i18n).new_phone_hint)) value=phone errors=e input_type="tel" inputmode="numeric" class="field__input field__input--phone" />
                                {match f.locked_until.filter(|until| *until > today()) {
                                    Some(until) => view! { <p class="notice notice--warning">{format!("{}{}", tx(i18n).locked_until, until)}</p> }.into_any(),
                                    None => {
                                        let allows_province = reference.rules(&f.insured_city).allows_province_filing;
                                        // Cross-provincial care is care outside the insured province, as in the journey.
                                        let insured = Signal::stored(f.insured_city.clone());
                                        view! {
                                            <SelectField id="destination_province" label=Signal::derive(move || tx(i18n).new_province) placeholder=Signal::derive(move || tx(i18n).unchanged) choices=across_from(insured, province_choices(i18n)) value=new_province errors=e />
                                            <Show when=move || !new_province.get().is_empty()>
                                                <SelectField
                                                    id="destination_city"
                                                    label=Signal::derive(move || tx(i18n).new_city)
                                                    hint=Signal::derive(move || Some(if allows_province { tx(i18n).new_city_province_hint } else { tx(i18n).new_city_hint }))
                                                    placeholder=Signal::derive(move || if allows_province { crate::web::filing::text::text(i18n.lang()).whole_province } else { i18n.t().form.select_placeholder })
                                                    choices=across_from(insured, city_choices(i18n, new_province))
                                                    value=new_city
                                                    errors=e
                                                />
                                            </Show>
                                        }.into_any()
                                    }
                                }}
                                <Show when=move || !phone.get().trim().is_empty() || !new_province.get().is_empty()>
                                    <TextField id="current_phone" label=Signal::derive(move || tx(i18n).current_phone) hint=Signal::derive(move || Some(tx(i18n).current_phone_hint)) value=current_phone errors=e input_type="tel" inputmode="numeric" class="field__input field__input--phone" />
                                </Show>
                                <button type="submit" class="button">{tx(i18n).save}</button>
                            </form>
                        </section>
                        <section aria-labelledby="cancel-heading" class="danger-zone" id="cancel">
                            <h2 id="cancel-heading">{tx(i18n).cancel_heading}</h2>
                            <Show
                                when=move || confirming.get()
                                fallback=move || view! {
                                    <button type="button" class="button button--warning" on:click=move |_| { confirming.set(true); focus_element("cancel-confirm"); }>
                                        {tx(i18n).cancel_button}
                                    </button>
                                }
                            >
                                <div class="notice notice--warning" role="alertdialog" aria-labelledby="cancel-confirm" tabindex="-1" id="cancel-confirm">
                                    <p>{tx(i18n).cancel_confirm}</p>
                                    <div class="button-row">
                                        <button type="button" class="button button--warning" on:click=cancel>{tx(i18n).cancel_confirm_button}</button>
                                        <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>{tx(i18n).cancel_keep}</button>
                                    </div>
                                </div>
                            </Show>
                        </section>
                    </Show>
                }.into_any()
            }
        }}
    }
}
