//! The pages of the filing journey: start, one question a page, check answers, confirmation.

use leptos::prelude::*;
use serde::Serialize;

use super::draft::use_draft;
use super::submit::submit;
use super::text::{FilingText, text};
use super::{store, use_reference};
use crate::domain::calendar::{REMIND_DAYS_BEFORE, expiry_reminder};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::day;
use crate::domain::estimate::Input;
use crate::domain::filing::{
    Answers, Field, FilingError, FilingView, ForWhom, Relation, ResidentId, Scope, Supplementary,
    in_effect_on_device, valid_until,
};
use crate::domain::institutions::ServiceKind;
use crate::domain::lang::Lang;
use crate::domain::names::serde_name;
use crate::domain::regions::{Regions, crosses_provinces};
use crate::domain::route::{Page, Route};
use crate::web::api::ApiFailure;
use crate::web::clock::china_today as today;
use crate::web::components::{
    self, Choice, DateField, ErrorSummary, FieldError, RadioGroup, SelectField, TextField,
    focus_element, focus_error_summary,
};
use crate::web::data::{DataStatus, use_data};
use crate::web::i18n::{I18n, use_i18n};
use crate::web::layout::use_page_title;
use crate::web::router::{A, use_filing_number, use_location, use_navigate, use_query};
use crate::web::tasks::Later;

fn tx(i18n: I18n) -> &'static FilingText {
    text(i18n.lang())
}

fn field_errors(errors: &[FilingError], lang: Lang) -> Vec<FieldError> {
    errors.iter().map(|e| FieldError::of(e, lang)).collect()
}

/// One choice of an enum answer: the variant by the name the draft stores it under.
fn choice<T: Serialize>(value: T, label: &str, hint: Option<&str>) -> Choice {
    Choice {
        value: serde_name(&value),
        label: label.to_owned(),
        hint: hint.map(str::to_owned),
    }
}

/// One question page: title, back link, the form, the error summary, Continue.
/// `fields` are the answers this page owns: only their problems stop the person here.
#[component]
fn Question(
    #[prop(into)] title: Signal<&'static str>,
    errors: RwSignal<Vec<FilingError>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let reference = use_reference();
    let navigate = use_navigate();
    // The question's place in the journey and the answers it asks for, from the route table.
    let route = Route::find(&use_location().pathname.get_untracked()).map(|(route, _)| route);
    let fields = route.map(|r| r.page.fields()).unwrap_or_default();
    // Opened by a Change link of check answers: back and Continue return there (`CHANGING`).
    let changing = use_query().get("from").as_deref() == Some(CHANGING);
    let back = match route.and_then(|r| r.back) {
        _ if changing => Page::FileCheck,
        Some(page) => page,
        None => Page::FileStart,
    }
    .href();
    let next_page = route.and_then(|r| r.next).unwrap_or(Page::FileCheck);
    let next = next_page.href();
    crate::web::lazy::prefetch_when_used(if changing { Page::FileCheck } else { next_page });
    use_page_title(move || {
        let prefix = if errors.read().is_empty() {
            ""
        } else {
            i18n.t().form.error_prefix
        };
        format!("{prefix}{}", title.get())
    });
    let shown = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answers = draft.answers_untracked();
        let Some(regions) = reference.regions.get_untracked() else {
            return;
        };
        let rules = reference.rules(&answers.insured_city);
        let problems: Vec<FilingError> = answers
            .problems(&rules, regions.as_ref(), today())
            .into_iter()
            .filter(|p| fields.contains(&p.field))
            .collect();
        if problems.is_empty() {
            errors.set(Vec::new());
            if changing {
                // Back to check answers, by way of the first question the change has made necessary.
                let needed = answers
                    .problems(&rules, regions.as_ref(), today())
                    .into_iter()
                    .filter_map(|p| Page::asking(p.field))
                    .min();
                match needed {
                    Some(page) => navigate(&changing_href(page)),
                    None => navigate(Page::FileCheck.href()),
                }
            } else {
                navigate(next);
            }
        } else {
            errors.set(problems);
            focus_error_summary();
        }
    };
    view! {
        <A href=back attr:class="back-link">{move || i18n.t().form.back}</A>
        <ErrorSummary errors=shown />
        <form novalidate on:submit=on_submit class="question">
            {route.map(|r| view! { <StepCounter page=r.page /> })}
            <h1 tabindex="-1">{move || title.get()}</h1>
            // Under the heading, where a phone shows it without scrolling: a list that did not load leaves the
            // question's choices empty and Continue waiting.
            <DataStatus />
            <Later>{children()}</Later>
            // Until the place list has loaded the answers cannot be checked: the button waits with them.
            <button type="submit" class="button" disabled=move || reference.regions.read().is_none()>
                {move || i18n.t().form.continue_}
            </button>
        </form>
    }
}

/// 第 3 步，共 8 步: where the page is in the journey, above its heading.
#[component]
fn StepCounter(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    page.journey_step().map(|(n, total)| {
        view! {
            <p class="step-counter">
                {move || tx(i18n).step_of.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())}
            </p>
        }
    })
}

#[component]
pub fn StartPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    use_page_title(move || tx(i18n).start_title.to_owned());
    let has_draft = move || draft.answers() != Answers::default();
    view! {
        <h1 tabindex="-1">{move || tx(i18n).start_title}</h1>
        <p class="lead">{move || tx(i18n).start_lead}</p>
        <h2>{move || tx(i18n).start_need}</h2>
        <ul class="checklist">
            {move || tx(i18n).start_need_items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
        </ul>
        <p class="actions">
            <A href=Page::FileWho.href() attr:class="button button--start">
                {move || if has_draft() { tx(i18n).start_resume } else { tx(i18n).start_button }}
            </A>
        </p>
    }
}

#[component]
pub fn WhoPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    let applicants = Signal::derive(move || {
        let t = tx(i18n);
        vec![
            choice(ForWhom::Myself, t.who_myself, None),
            choice(ForWhom::Family, t.who_family, Some(t.who_family_hint)),
        ]
    });
    let relations = Signal::derive(move || {
        let t = tx(i18n);
        Relation::ALL
            .map(|r| choice(r, t.relation_name(r), None))
            .to_vec()
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).who_title)
            errors
        >
            <RadioGroup id="applicant" legend=Signal::derive(move || tx(i18n).who_title) choices=applicants value=draft.applicant errors=e hide_legend=true />
            <Show when=move || draft.applicant.get() == Some(ForWhom::Family)>
                <div class="conditional">
                    <TextField id="filer_name" label=Signal::derive(move || tx(i18n).filer_name) value=draft.filer_name errors=e autocomplete="name" />
                    <RadioGroup id="relation" legend=Signal::derive(move || tx(i18n).relation) choices=relations value=draft.relation errors=e />
                </div>
            </Show>
        </Question>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).person_title)
            errors
        >
            <TextField id="name" label=Signal::derive(move || tx(i18n).name) value=draft.name errors=e />
            <TextField
                id="resident_id"
                label=Signal::derive(move || tx(i18n).resident_id)
                hint=Signal::derive(move || Some(tx(i18n).resident_id_hint))
                value=draft.resident_id
                errors=e
                class="field__input field__input--id"
            />
            <TextField
                id="phone"
                label=Signal::derive(move || tx(i18n).phone)
                hint=Signal::derive(move || Some(tx(i18n).phone_hint))
                value=draft.phone
                errors=e
                input_type="tel"
                autocomplete="tel-national"
                inputmode="numeric"
                class="field__input field__input--phone"
            />
        </Question>
    }
}

/// Province and city choices from the journey's regions, in the current language.
pub fn province_choices(i18n: I18n) -> Signal<Vec<Choice>> {
    components::province_choices(i18n, use_reference().regions)
}

pub fn city_choices(i18n: I18n, province: RwSignal<String>) -> Signal<Vec<Choice>> {
    components::city_choices(i18n, use_reference().regions, province.into())
}

/// Clears a city that no longer lies in the chosen province, so a stale answer is never submitted. A 直辖市's one
/// city is itself, chosen with it once the places have loaded: Beijing is not asked for twice.
pub fn keep_city_in_province(
    province: RwSignal<String>,
    city: RwSignal<String>,
    regions: Signal<Option<std::sync::Arc<Regions>>>,
) {
    Effect::new(move |previous: Option<String>| {
        let current = province.get();
        if previous.is_some_and(|p| p != current)
            && !city
                .get_untracked()
                .starts_with(current.get(..2).unwrap_or("-"))
        {
            city.set(String::new());
        }
        // Only once a province is chosen: the filing page's places load when first read.
        if !current.is_empty() && city.get_untracked().is_empty() {
            let itself = regions.with(|r| {
                let r = r.as_ref()?;
                r.is_municipality(&current)
                    .then(|| r.cities_of(&current).next().map(|c| c.code.clone()))
                    .flatten()
            });
            if let Some(code) = itself {
                city.set(code);
            }
        }
        current
    });
}

#[component]
pub fn InsuredPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    keep_city_in_province(
        draft.insured_province,
        draft.insured_city,
        use_reference().regions,
    );
    let schemes = Signal::derive(move || {
        let t = tx(i18n);
        Scheme::ALL
            .map(|s| choice(s, t.scheme_name(s), None))
            .to_vec()
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).insured_title)
            errors
        >
            <SelectField
                id="insured_province"
                label=Signal::derive(move || tx(i18n).insured_province)
                placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                choices=province_choices(i18n)
                value=draft.insured_province
                errors=e
            />
            <SelectField
                id="insured_city"
                label=Signal::derive(move || tx(i18n).insured_city)
                hint=Signal::derive(move || Some(tx(i18n).insured_hint))
                placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                choices=city_choices(i18n, draft.insured_province)
                value=draft.insured_city
                errors=e
            />
            <RadioGroup id="scheme" legend=Signal::derive(move || tx(i18n).scheme) choices=schemes value=draft.scheme errors=e />
        </Question>
    }
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    let categories = Signal::derive(move || {
        let t = tx(i18n);
        FilingCategory::ALL
            .map(|category| {
                let (label, hint) = t.category(category);
                let tag = if category.is_long_term() {
                    t.long_term_tag
                } else {
                    t.temporary_tag
                };
                // A name that already says its kind (异地长期居住人员, "Long-term resident") does not say it twice.
                let label = match i18n.lang() {
                    _ if label.to_ascii_lowercase().contains(tag) => label.to_owned(),
                    Lang::Zh => format!("{label}（{tag}）"),
                    // A non-breaking hyphen: "(long-" at a line's end and "term)" on the next read badly.
                    Lang::En => format!("{label} ({})", tag.replace('-', "\u{2011}")),
                };
                choice(category, &label, Some(hint))
            })
            .to_vec()
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).category_title)
            errors
        >
            <RadioGroup
                id="category"
                legend=Signal::derive(move || tx(i18n).category_title)
                hint=Signal::derive(move || Some(tx(i18n).category_hint))
                choices=categories
                value=draft.category
                errors=e
                hide_legend=true
            />
        </Question>
    }
}

#[component]
pub fn DestinationPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let reference = use_reference();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    keep_city_in_province(
        draft.destination_province,
        draft.destination_city,
        reference.regions,
    );
    let allows_province = Memo::new(move |_| {
        reference
            .rules(&draft.insured_city.get())
            .allows_province_filing
    });
    // Where the insured place allows only city filings, a stale "whole province" answer must not linger; until its
    // rules are in (loading, or failed and retried), the answer waits rather than being changed.
    Effect::new(move |_| {
        if reference.place_rules.read().is_some()
            && !allows_province.get()
            && draft.destination_scope.get_untracked() == Some(Scope::Province)
        {
            draft.destination_scope.set(Some(Scope::City));
        }
    });
    let scopes = Signal::derive(move || {
        let t = tx(i18n);
        vec![
            choice(Scope::City, t.scope_city, Some(t.scope_city_hint)),
            choice(
                Scope::Province,
                t.scope_province,
                Some(t.scope_province_hint),
            ),
        ]
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).destination_title)
            errors
        >
            <SelectField
                id="destination_province"
                label=Signal::derive(move || tx(i18n).destination_province)
                placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                choices=across_from(draft.insured_city, province_choices(i18n))
                value=draft.destination_province
                errors=e
            />
            <Show when=move || allows_province.get()>
                <RadioGroup id="destination_scope" legend=Signal::derive(move || tx(i18n).destination_scope) choices=scopes value=draft.destination_scope errors=e />
            </Show>
            <Show when=move || draft.destination_scope.get() != Some(Scope::Province)>
                <SelectField
                    id="destination_city"
                    label=Signal::derive(move || tx(i18n).destination_city)
                    hint=Signal::derive(move || Some(tx(i18n).destination_city_hint))
                    placeholder=Signal::derive(move || i18n.t().form.select_placeholder)
                    choices=across_from(draft.insured_city, city_choices(i18n, draft.destination_province))
                    value=draft.destination_city
                    errors=e
                />
            </Show>
        </Question>
    }
}

/// The places cross-provincial care can be filed to from `insured`: the insured place's own provincial unit is
/// left out (a province stays while any of its cities lies across the border: Xinjiang's Corps cities are a unit
/// of their own).
pub fn across_from(
    insured: impl Into<Signal<String>>,
    choices: Signal<Vec<Choice>>,
) -> Signal<Vec<Choice>> {
    let insured = insured.into();
    let regions = use_reference().regions;
    Signal::derive(move || {
        let insured = insured.get();
        let regions = regions.get();
        let across = |code: &str| match regions.as_deref() {
            Some(r) if r.province(code).is_some() => r
                .cities_of(code)
                .any(|city| crosses_provinces(&insured, &city.code)),
            _ => crosses_provinces(&insured, code),
        };
        choices
            .get()
            .into_iter()
            .filter(|choice| insured.is_empty() || across(&choice.value))
            .collect()
    })
}

fn is_long_term(category: Option<FilingCategory>) -> bool {
    category.is_some_and(FilingCategory::is_long_term)
}

#[component]
pub fn DatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    let in_past = move || day::parse_iso(&draft.start_date.get()).is_some_and(|d| d < today());
    let supplementary = Signal::derive(move || {
        let t = tx(i18n);
        Supplementary::ALL
            .map(|s| {
                let (label, hint) = t.supplementary_answer(s);
                choice(s, label, Some(hint))
            })
            .to_vec()
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).dates_title)
            errors
        >
            <DateField
                id="start_date"
                label=Signal::derive(move || tx(i18n).start_date)
                hint=Signal::derive(move || Some(tx(i18n).start_date_hint))
                value=draft.start_date
                errors=e
            />
            <Show when=in_past>
                <div class="conditional">
                    <RadioGroup id="supplementary" legend=Signal::derive(move || tx(i18n).supplementary) choices=supplementary value=draft.supplementary errors=e />
                </div>
            </Show>
            <DateField
                id="end_date"
                label=Signal::derive(move || tx(i18n).end_date_optional)
                hint=Signal::derive(move || Some(if is_long_term(draft.category.get()) { tx(i18n).end_date_long_hint } else { tx(i18n).end_date_temporary_hint }))
                value=draft.end_date
                errors=e
            />
        </Question>
    }
}

#[component]
pub fn ProofPage() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let errors = RwSignal::new(Vec::new());
    let e = Signal::derive(move || field_errors(&errors.get(), i18n.lang()));
    let commitment_error = Memo::new(move |_| {
        e.get()
            .into_iter()
            .find(|x| x.field == Field::Commitment.as_str())
            .map(|x| x.message)
    });
    view! {
        <Question
            title=Signal::derive(move || tx(i18n).proof_title)
            errors
        >
            <div class="field">
                <fieldset class="fieldset" aria-describedby="chronic-hint">
                    <legend class="legend">{move || tx(i18n).chronic}</legend>
                    <p class="hint" id="chronic-hint">{move || tx(i18n).chronic_hint}</p>
                    <div class="checkboxes">
                        {ChronicDisease::ALL
                            .into_iter()
                            .map(|disease| {
                                let code = disease.code();
                                let id = format!("chronic-{code}");
                                view! {
                                    <div class="checkbox">
                                        <input
                                            class="checkbox__input"
                                            type="checkbox"
                                            id=id.clone()
                                            value=code
                                            prop:checked=move || draft.chronic.read().contains(&disease)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                draft.chronic.update(|list| {
                                                    list.retain(|c| *c != disease);
                                                    if on {
                                                        list.push(disease);
                                                    }
                                                });
                                            }
                                        />
                                        <label class="checkbox__label" for=id>
                                            {move || tx(i18n).disease_name(disease)}
                                            " "
                                            <span class="disease-code">{code}</span>
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            </div>
            <Show when=move || draft.category.get() == Some(FilingCategory::Referral)>
                <TextField
                    id="referral_institution"
                    label=Signal::derive(move || tx(i18n).referral_institution)
                    hint=Signal::derive(move || Some(tx(i18n).referral_institution_hint))
                    value=draft.referral_institution
                    errors=e
                />
            </Show>
            <Show
                when=move || draft.category.get() != Some(FilingCategory::Emergency)
                fallback=move || view! { <p class="callout">{move || tx(i18n).emergency_note}</p> }
            >
                <section class="commitment" aria-labelledby="commitment-heading">
                    <h2 id="commitment-heading">{move || tx(i18n).commitment_heading}</h2>
                    <p class="commitment__text">
                        {move || if draft.applicant.get() == Some(ForWhom::Family) { tx(i18n).commitment_text_family } else { tx(i18n).commitment_text }}
                    </p>
                    <div class="field" class:field--error=move || commitment_error.get().is_some()>
                        {move || commitment_error.get().map(|m| view! {
                            <p class="field-error" id="commitment-error">
                                <span class="visually-hidden">{i18n.t().form.error_prefix}</span>{m}
                            </p>
                        })}
                        <div class="checkbox">
                            <input
                                class="checkbox__input"
                                type="checkbox"
                                id="commitment"
                                aria-describedby=move || commitment_error.get().map(|_| "commitment-error")
                                prop:checked=move || draft.commitment.get()
                                on:change=move |ev| draft.commitment.set(event_target_checked(&ev))
                            />
                            <label class="checkbox__label" for="commitment">{move || tx(i18n).commitment_agree}</label>
                        </div>
                    </div>
                </section>
            </Show>
        </Question>
    }
}

/// The query of a question opened by a Change link of check answers: `?from=check`.
const CHANGING: &str = "check";

/// A question opened to change an answer: it returns to check answers.
fn changing_href(question: Page) -> String {
    format!("{}?from={CHANGING}", question.href())
}

/// One row of the check-answers list, with its Change link (to the question, which comes back here).
fn row(
    label: &'static str,
    value: String,
    question: Page,
    change_word: &'static str,
) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{label}</dt>
            <dd class="summary-list__value">{value}</dd>
            <dd class="summary-list__actions">
                <A href=changing_href(question)>{change_word}<span class="visually-hidden">" " {label}</span></A>
            </dd>
        </div>
    }
}

/// A region's name in the current language (its code until the regions have loaded).
pub fn place_name(i18n: I18n, code: &str) -> String {
    // The regions only: a page that names places (the card) need not read the insured places' rules.
    use_data::<Regions>()
        .read()
        .ready()
        .and_then(|r| r.name_of(code, i18n.lang()).map(str::to_owned))
        .unwrap_or_else(|| code.to_owned())
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let i18n = use_i18n();
    // Submitting opens the confirmation, whose code is its own.
    crate::web::lazy::prefetch_when_used(Page::FileDone);
    let draft = use_draft();
    let reference = use_reference();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<&'static str>);
    let pending = RwSignal::new(false);
    // A filing of this person's of the same kind in effect: one this device made, found before submitting, or the
    // one the server refused for (`Some(None)` when it did not name it to us).
    let device_filings = store::load();
    let on_device = Memo::new(move |_| {
        let id = ResidentId::parse(&draft.resident_id.get()).ok()?;
        let kind = draft.category.get()?.kind();
        in_effect_on_device(&device_filings, &id, kind, today()).map(|f| f.number.clone())
    });
    let refused = RwSignal::new(None::<Option<String>>);
    use_page_title(move || {
        let prefix = if errors.read().is_empty() {
            ""
        } else {
            i18n.t().form.error_prefix
        };
        format!("{prefix}{}", tx(i18n).check().check_title)
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let answers = draft.answers_untracked();
        let Some(regions) = reference.regions.get_untracked() else {
            return;
        };
        let lang = i18n.lang();
        let rules = reference.rules(&answers.insured_city);
        let problems = answers.problems(&rules, regions.as_ref(), today());
        if !problems.is_empty() {
            errors.set(field_errors(&problems, lang));
            failure.set(None);
            focus_error_summary();
            return;
        }
        let key = answers.idempotency_key.clone().unwrap_or_else(new_key);
        draft.idempotency_key.set(Some(key.clone()));
        let (request, _) = answers.to_request(today());
        pending.set(true);
        leptos::task::spawn_local(async move {
            let outcome = submit(&request, &key, lang).await;
            pending.set(false);
            match outcome {
                Ok(filing) => {
                    store::save(&filing);
                    store::remember_submitted(&filing.number);
                    draft.clear();
                    navigate(&Page::FileDone.href_with(filing.number.as_str()));
                }
                Err(ApiFailure::Refused {
                    problems, filing, ..
                }) if problems
                    .first()
                    .is_some_and(|p| p.code == "filing_in_effect") =>
                {
                    // Nothing to correct in the answers: the summary says why, the notice links to the filing.
                    failure.set(None);
                    refused.set(Some(filing));
                    errors.set(FieldError::from_api(&problems, &[], IN_EFFECT));
                    focus_error_summary();
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    refused.set(None);
                    failure.set(Some(tx(i18n).check().submit_rejected));
                    let inputs = Field::ALL.map(Field::as_str);
                    errors.set(FieldError::from_api(&problems, &inputs, "check"));
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => {
                    failure.set(Some(tx(i18n).check().submit_failed));
                    focus_element("submit-failure");
                }
            }
        });
    };
    let summary = move || {
        let t = tx(i18n);
        let change = i18n.t().form.change;
        let a = draft.answers();
        let category_label = a
            .category
            .map(|c| t.category(c).0.to_owned())
            .unwrap_or_default();
        let scheme_label = a
            .scheme
            .map(|s| t.scheme_name(s).to_owned())
            .unwrap_or_default();
        let destination = if a.destination_scope == Some(Scope::Province) {
            format!(
                "{} · {}",
                place_name(i18n, &a.destination_province),
                t.whole_province
            )
        } else {
            place_name(i18n, &a.destination_city)
        };
        let applicant = if a.applicant == Some(ForWhom::Family) {
            format!("{} · {}", t.who_family, a.filer_name)
        } else {
            t.who_myself.to_owned()
        };
        // No end date given: a long-term filing has none, a temporary one lasts half a year from its start.
        let end = match (a.end_date.is_empty(), a.category) {
            (false, _) => a.end_date.clone(),
            (true, Some(category)) if !category.is_long_term() => day::parse_iso(&a.start_date)
                .and_then(|start| {
                    let rules = reference.rules(&a.insured_city);
                    valid_until(category, start, None, &rules).ok().flatten()
                })
                .map_or_else(
                    || t.end_date_temporary_hint.to_owned(),
                    |last| t.check().end_default.replace("{date}", &last.to_string()),
                ),
            (true, _) => t.no_end.to_owned(),
        };
        let chronic = if a.chronic.is_empty() {
            t.none.to_owned()
        } else {
            a.chronic
                .iter()
                .map(|d| t.disease_name(*d))
                .collect::<Vec<_>>()
                .join(i18n.lang().list_separator())
        };
        // As it will be filed (full-width digits read as digits); as typed while it is not a valid number.
        let resident_id = ResidentId::parse(&a.resident_id)
            .map(|id| id.as_str().to_owned())
            .unwrap_or_else(|_| a.resident_id.trim().to_uppercase());
        let in_past = day::parse_iso(&a.start_date).is_some_and(|d| d < today());
        let supplementary = a.supplementary.filter(|_| in_past).map(|answer| {
            row(
                t.check().label_supplementary,
                t.supplementary_answer(answer).0.to_owned(),
                Page::FileDates,
                change,
            )
        });
        // Filed for a family member: how the applicant is related to the patient, as answered.
        let relation = a
            .relation
            .filter(|_| a.applicant == Some(ForWhom::Family))
            .map(|relation| {
                row(
                    t.relation,
                    t.relation_name(relation).to_owned(),
                    Page::FileWho,
                    change,
                )
            });
        let referral = (a.category == Some(FilingCategory::Referral)).then(|| {
            row(
                t.referral_institution,
                a.referral_institution.clone(),
                Page::FileProof,
                change,
            )
        });
        view! {
            <dl class="summary-list" data-device-state="">
                {row(t.check().label_applicant, applicant, Page::FileWho, change)}
                {relation}
                {row(t.check().label_patient_name, a.name.clone(), Page::FilePerson, change)}
                {row(t.resident_id, resident_id, Page::FilePerson, change)}
                {row(t.phone, a.phone.clone(), Page::FilePerson, change)}
                {row(t.insured_city, place_name(i18n, &a.insured_city), Page::FileInsured, change)}
                {row(t.scheme, scheme_label, Page::FileInsured, change)}
                {row(t.label_category, category_label, Page::FileCategory, change)}
                {row(t.label_destination, destination, Page::FileDestination, change)}
                {row(t.start_date, a.start_date.clone(), Page::FileDates, change)}
                {supplementary}
                {row(t.end_date, end, Page::FileDates, change)}
                {referral}
                {row(t.check().label_chronic, chronic, Page::FileProof, change)}
            </dl>
        }
    };
    view! {
        <A href=Page::FileCheck.route().back.unwrap_or(Page::FileProof).href() attr:class="back-link">{move || i18n.t().form.back}</A>
        {move || failure.get().map(|message| view! {
            <div class="notice notice--error" role="alert" tabindex="-1" id="submit-failure">{message}</div>
        })}
        <ErrorSummary errors=Signal::derive(move || errors.get()) />
        <Show
            when=move || draft.answers() != Answers::default()
            fallback=move || view! { <NothingToCheck /> }
        >
            <StepCounter page=Page::FileCheck />
            <h1 tabindex="-1">{move || tx(i18n).check().check_title}</h1>
            <p class="lead">{move || tx(i18n).check().check_lead}</p>
            {summary}
            {move || in_effect_notice(i18n, draft, on_device.get(), refused.get())}
            <form novalidate on:submit=on_submit>
                <DataStatus />
                <button
                    type="submit"
                    class="button"
                    disabled=move || pending.get() || reference.regions.read().is_none()
                >
                    {move || if pending.get() { tx(i18n).check().submitting } else { tx(i18n).check().submit }}
                </button>
            </form>
        </Show>
    }
}

/// The check page without answers: back from the confirmation it names the filing just submitted (the answers
/// were cleared so nothing is sent twice); before any answer it sends the person to the start. Never an empty
/// list with a live submit button.
#[component]
fn NothingToCheck() -> impl IntoView {
    let i18n = use_i18n();
    let submitted = store::last_submitted();
    move || {
        let t = tx(i18n);
        match &submitted {
            Some(f) => view! {
                <div class="notice notice--success" data-device-state="">
                    <h1 tabindex="-1" class="notice__title">{t.check().submitted_title}</h1>
                    <p>{t.check().submitted_body.replace("{number}", &f.number)}</p>
                    <p><A href=Page::Filing.href_with(&f.number)>{t.check().submitted_open}</A></p>
                </div>
                <p><A href=Page::FileStart.href()>{t.check().submitted_new}</A></p>
            }
            .into_any(),
            None => view! {
                <h1 tabindex="-1">{t.check().empty_title}</h1>
                <p>{t.check().empty_body}</p>
                <p class="actions">
                    <A href=Page::FileStart.href() attr:class="button button--start">{t.start_button}</A>
                </p>
            }
            .into_any(),
        }
    }
}

/// The id of the notice of a filing in effect, which the error summary links to.
const IN_EFFECT: &str = "in-effect";

/// Above the submit button: the person already has a filing of this kind in effect, and where to change or cancel
/// it. The server's refusal (`refused`) outranks what this device remembers (`on_device`), which may be out of date.
fn in_effect_notice(
    i18n: I18n,
    draft: super::draft::Draft,
    on_device: Option<String>,
    refused: Option<Option<String>>,
) -> Option<impl IntoView> {
    let t = tx(i18n);
    let kind = draft.category.get()?.kind().name(i18n.lang());
    let (title, explanation, number) = match (refused, on_device) {
        (Some(number), _) => (
            t.check().in_effect_title_id.replace("{kind}", kind),
            None,
            number,
        ),
        (None, Some(number)) => {
            let title = if draft.applicant.get() == Some(ForWhom::Family) {
                t.check()
                    .in_effect_title_family
                    .replace("{name}", draft.name.get().trim())
            } else {
                t.check().in_effect_title_self.to_owned()
            };
            let explanation = t.check().in_effect_device.replace("{number}", &number);
            (
                title.replace("{kind}", kind),
                Some(explanation),
                Some(number),
            )
        }
        (None, None) => return None,
    };
    let link = match number {
        Some(number) => view! {
            <A href=Page::Filing.href_with(&number)>{t.check().in_effect_open.replace("{number}", &number)}</A>
        }
        .into_any(),
        None => view! { <A href=Page::Filings.href()>{t.check().in_effect_lookup}</A> }.into_any(),
    };
    Some(view! {
        <div class="notice notice--warning" id=IN_EFFECT tabindex="-1" data-device-state="">
            <h2 class="notice__title">{title}</h2>
            {explanation.map(|text| view! { <p>{text}</p> })}
            <p>{link}</p>
        </div>
    })
}

fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k-{}", js_sys::Date::now() as u64))
}

#[component]
pub fn DonePage() -> impl IntoView {
    let i18n = use_i18n();
    let number = use_filing_number();
    let filing = Memo::new(move |_| store::find(&number.read()));
    use_page_title(move || tx(i18n).done().done_title.to_owned());
    view! {
        <div class="panel panel--confirmation">
            <h1 tabindex="-1">{move || tx(i18n).done().done_title}</h1>
            <p class="panel__body">
                {move || tx(i18n).done_number}
                <br />
                <strong class="filing-number">{number}</strong>
            </p>
        </div>
        {move || filing.get().map(|f| {
            let t = tx(i18n);
            let category = t.category(f.category).0;
            let destination = match &f.destination.city {
                Some(city) => place_name(i18n, city),
                None => format!("{} · {}", place_name(i18n, &f.destination.province), t.whole_province),
            };
            let validity = match f.valid_until {
                Some(end) => format!("{} – {}", f.start_date, end),
                None => format!("{} – {}", f.start_date, t.no_end),
            };
            view! {
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">{t.name}</dt><dd class="summary-list__value">{f.name_masked.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{t.resident_id}</dt><dd class="summary-list__value">{f.resident_id_masked.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{t.label_category}</dt><dd class="summary-list__value">{category}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{t.label_destination}</dt><dd class="summary-list__value">{destination}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{t.valid_until}</dt><dd class="summary-list__value">{validity}</dd></div>
                </dl>
                <NextSteps filing=f />
            }
        })}
        // Opened on a device that did not file it (a shared or bookmarked link): the way to the filing itself.
        <Show when=move || filing.get().is_none()>
            <div class="notice">
                <p>{move || tx(i18n).done().done_elsewhere}</p>
                <p>
                    <A href=move || Page::Filing.href_with(&number.read())>
                        {move || tx(i18n).done().submitted_open}
                    </A>
                </p>
            </div>
        </Show>
        <p class="actions no-print">
            <button type="button" class="button button--secondary" on:click=move |_| { let _ = window().print(); }>
                {move || tx(i18n).print}
            </button>
        </p>
    }
}

/// 接下来: each next step with the page that does it, in the order of the NHSA mini-program (select point, seek
/// care with the card, then the person's own planning): select point where the insured place asks for it, this
/// service's card, an estimate filled in from the filing, a calendar reminder of a temporary filing's last day, and
/// the person's filings.
#[component]
fn NextSteps(filing: FilingView) -> impl IntoView {
    let i18n = use_i18n();
    let reference = use_reference();
    let number = filing.number.clone();
    let points_href = Page::FilingPoints.href_with(&number);
    let card_href = Page::FilingCard.href_with(&number);
    let estimate_href = format!(
        "{}?{}",
        Page::Estimate.href(),
        Input::filing_link_query(&filing, today())
    );
    let insured = filing.insured_city.clone();
    let chronic = !filing.chronic_qualifications.is_empty();
    // Whether the insured place asks this filing for 选点 (`Some(true)`), offers it (`Some(false)`), or says nothing
    // (a rule for chronic-disease care does not concern a filing with no chronic-disease qualification).
    let points_asked = move || {
        reference.place_rules.with(|place_rules| {
            let rules = place_rules.as_ref()?.points_rules(&insured)?;
            (rules.value.service != ServiceKind::Chronic || chronic).then_some(rules.value.required)
        })
    };
    let filing = StoredValue::new(filing);
    move || {
        let t = tx(i18n);
        let lang = i18n.lang();
        let f = filing.read_value();
        let (points_text, points_link) = match points_asked() {
            Some(true) => (t.done().next_points_required, t.done().next_points_choose),
            Some(false) => (t.done().next_points_offered, t.done().next_points_choose),
            None => (t.done().next_points, t.done().next_points_find),
        };
        let reminder = expiry_reminder(&f, lang, &utc_stamp())
            .zip(f.valid_until)
            .map(|(ics, last)| {
                let href = format!(
                    "data:text/calendar;charset=utf-8,{}",
                    js_sys::encode_uri_component(&ics)
                );
                let file = format!("yidi-{}.ics", f.number);
                view! {
                    <li>
                        <p>{t.done().next_calendar.replace("{date}", &last.to_string())}</p>
                        <a href=href download=file class="next-steps__action">
                            {t.done().next_calendar_add.replace("{days}", &REMIND_DAYS_BEFORE.to_string())}
                        </a>
                    </li>
                }
            });
        view! {
            <h2>{t.done().next_heading}</h2>
            <ol class="next-steps">
                <li>
                    <p>{if f.settles_directly { t.done().next_direct } else { t.done().next_manual }}</p>
                    <p>{points_text}</p>
                    <A href=points_href.clone() attr:class="next-steps__action">{points_link}</A>
                </li>
                <li>
                    <p>{t.done().next_card}</p>
                    <A href=card_href.clone() attr:class="next-steps__action">{t.done().next_card_open}</A>
                </li>
                <li>
                    <p>{t.done().next_estimate}</p>
                    <A href=estimate_href.clone() attr:class="next-steps__action">{t.done().next_estimate_open}</A>
                </li>
                {reminder}
                <li>
                    <A href=Page::Filings.href() attr:class="next-steps__action">{t.done().next_filings}</A>
                </li>
            </ol>
        }
    }
}

/// Now in UTC as iCalendar writes it (`20261205T101500Z`).
fn utc_stamp() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    let digits: String = iso.chars().filter(char::is_ascii_digit).take(14).collect();
    format!(
        "{}T{}Z",
        &digits[..8.min(digits.len())],
        digits.get(8..).unwrap_or_default()
    )
}
