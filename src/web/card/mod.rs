//! 持码就医: the care code of a filing, a QR code of a short-lived signed token that refreshes itself,
//! kept on the device so it still shows (marked offline) in a corridor without signal.

mod qr;
mod text;

use crate::domain::route::Page;
use leptos::prelude::*;
use serde::Serialize;

use crate::domain::json::{self, FromJson, Json};

use crate::domain::filing::{FilingState, FilingView};
use crate::web::api::{ApiFailure, Method, call};
use crate::web::components::{ErrorSummary, FieldError, ResidentIdForm, focus_error_summary};
use crate::web::data::DataStatus;
use crate::web::filing::place_name;
use crate::web::filings::{lookup, session_ids};
use crate::web::i18n::{I18n, use_i18n};
use crate::web::layout::use_page_title;
use crate::web::router::{A, use_filing_number};
use qr::QrSvg;
use text::{CardText, text};

fn tx(i18n: I18n) -> &'static CardText {
    text(i18n.lang())
}

/// The server's answer to `POST /api/filings/{number}/card`.
struct Token {
    token: String,
    ttl_seconds: u32,
}

impl FromJson for Token {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Token {
            token: json.field("token")?,
            ttl_seconds: json.field("ttl_seconds")?,
        })
    }
}

#[derive(Serialize)]
struct CardRequest {
    resident_id: String,
}

/// The last card fetched, kept on the device: a masked view and a token, never the ID number.
#[derive(Clone, Serialize)]
struct Card {
    token: String,
    fetched_at_ms: f64,
    expires_at_ms: f64,
    filing: FilingView,
}

impl FromJson for Card {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Card {
            token: json.field("token")?,
            fetched_at_ms: json.field("fetched_at_ms")?,
            expires_at_ms: json.field("expires_at_ms")?,
            filing: json.field("filing")?,
        })
    }
}

fn storage_key(number: &str) -> String {
    format!("yidi.card.{number}")
}

fn load(number: &str) -> Option<Card> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(&storage_key(number))
        .ok()
        .flatten()
        .and_then(|text| json::from_str(&text))
}

fn keep(card: &Card) {
    if let (Some(storage), Ok(json)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(card),
    ) {
        let _ = storage.set_item(&storage_key(&card.filing.number), &json);
    }
}

fn online() -> bool {
    window().navigator().on_line()
}

/// `HH:MM` of a time in ms since the epoch, in China time (UTC+8, no summer time).
fn clock(ms: f64) -> String {
    let minute_of_day = (ms as i64 + 8 * 3_600_000)
        .div_euclid(60_000)
        .rem_euclid(24 * 60);
    format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
}

async fn fetch_card(
    number: &str,
    resident_id: &str,
    lang: crate::domain::lang::Lang,
) -> Result<Card, ApiFailure> {
    let filing = lookup(number.to_owned(), resident_id.to_owned(), lang).await?;
    let request = CardRequest {
        resident_id: resident_id.to_owned(),
    };
    let url = format!("/api/filings/{number}/card");
    let token: Token = call(Method::Post, &url, &request, &[], lang).await?;
    let now = js_sys::Date::now();
    Ok(Card {
        token: token.token,
        fetched_at_ms: now,
        expires_at_ms: now + f64::from(token.ttl_seconds) * 1000.0,
        filing,
    })
}

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let number = use_filing_number();
    use_page_title(move || format!("{} {}", tx(i18n).title, number.get()));
    let ids = session_ids();
    let known = ids.of(&number.get_untracked());
    // Whether the ID number has been checked by the server in this session (it is never stored).
    let verified = RwSignal::new(known.is_some());
    let resident_id = RwSignal::new(known.unwrap_or_default());
    let card = RwSignal::new(load(&number.get_untracked()));
    let now = RwSignal::new(js_sys::Date::now());
    let failed = RwSignal::new(false);
    let fetching = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let refresh = move || {
        let id = resident_id.get_untracked();
        if id.is_empty() || fetching.get_untracked() {
            return;
        }
        fetching.set(true);
        let lang = i18n.lang();
        let number = number.get_untracked();
        leptos::task::spawn_local(async move {
            match fetch_card(&number, &id, lang).await {
                Ok(fresh) => {
                    keep(&fresh);
                    ids.remember(&number, &id);
                    card.set(Some(fresh));
                    verified.set(true);
                    failed.set(false);
                    errors.set(Vec::new());
                }
                Err(ApiFailure::Refused { problems, .. })
                    if problems.iter().any(|p| p.code == "filing_cancelled") =>
                {
                    // The server's word is about changes ("cannot change or cancel"); here it is about care.
                    errors.set(vec![FieldError::new("resident_id", tx(i18n).cancelled)]);
                    verified.set(false);
                    focus_error_summary();
                }
                Err(ApiFailure::Refused { problems, .. }) => {
                    errors.set(FieldError::from_api(&problems, &[], "resident_id"));
                    verified.set(false);
                    focus_error_summary();
                }
                Err(ApiFailure::Unreachable) => failed.set(true),
            }
            fetching.set(false);
        });
    };
    if verified.get_untracked() {
        refresh();
    }
    // A tick a second: the countdown, and a new token as the old one expires.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let t = js_sys::Date::now();
            now.set(t);
            let expired =
                card.with_untracked(|c| c.as_ref().is_none_or(|c| t >= c.expires_at_ms - 1000.0));
            if expired && online() && verified.get_untracked() {
                refresh();
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let offline = move || failed.get() || (now.get() > 0.0 && !online());
    let stale = Signal::derive(move || {
        card.with(|c| c.as_ref().is_none_or(|c| now.get() >= c.expires_at_ms)) || offline()
    });
    view! {
        <A href=move || Page::Filing.href_with(&number.get()) attr:class="back-link no-print">
            {move || crate::web::filing::text::text(i18n.lang()).done_number} " " {move || number.get()}
        </A>
        <ErrorSummary errors=Signal::derive(move || errors.get()) />
        <h1 tabindex="-1" class="card-title">{move || tx(i18n).title}</h1>
        <DataStatus />
        {move || offline().then(|| {
            let as_of = card.with(|c| c.as_ref().map(|c| clock(c.fetched_at_ms))).unwrap_or_default();
            view! {
                <div class="notice notice--warning card-offline" role="status">
                    <strong>{tx(i18n).offline_as_of} {as_of}</strong>
                    <p>{tx(i18n).offline_note}</p>
                </div>
            }
        })}
        {move || card.get().map(|c| {
            let f = c.filing.clone();
            let settles = f.state == FilingState::InEffect;
            let expires_at_ms = c.expires_at_ms;
            let destination = match &f.destination.city {
                Some(city) => place_name(i18n, city),
                None => place_name(i18n, &f.destination.province),
            };
            view! {
                <section class="care-card" aria-label=move || tx(i18n).title>
                    <div class="care-card__qr">
                        <QrSvg
                            text=Signal::derive(move || card.with(|c| c.as_ref().map(|c| c.token.clone()).unwrap_or_default()))
                            label=Signal::derive(move || tx(i18n).qr_label.to_owned())
                            stale=stale
                        />
                        <Show when=move || stale.get()>
                            <p class="care-card__stale">
                                {move || if offline() { tx(i18n).offline_overlay } else { tx(i18n).stale_overlay }}
                            </p>
                        </Show>
                    </div>
                    <p class="care-card__countdown" aria-live="off">
                        {move || if offline() {
                            tx(i18n).offline_short.to_owned()
                        } else if stale.get() {
                            tx(i18n).refreshing.to_owned()
                        } else {
                            // Read the clock here only: the tick redraws this line, not the card and its QR.
                            let left = ((expires_at_ms - now.get()) / 1000.0).ceil().max(0.0) as i64;
                            format!("{} {left} {}", tx(i18n).refreshes_in, tx(i18n).seconds)
                        }}
                    </p>
                    <p class="care-card__name">{f.name_masked.clone()}</p>
                    <p class="care-card__id">{f.resident_id_masked.clone()}</p>
                    <p class="care-card__meta">
                        {destination} " · " {f.start_date.to_string()} " – "
                        {f.valid_until.map(|d| d.to_string()).unwrap_or_else(|| crate::web::filing::text::text(i18n.lang()).no_end.to_owned())}
                    </p>
                    {(!f.points.is_empty()).then(|| {
                        // Named by the server; a filing kept from before it named them shows the codes.
                        let names = if f.point_names.len() == f.points.len() { &f.point_names } else { &f.points };
                        view! { <p class="care-card__meta">{tx(i18n).points} {names.join(i18n.lang().list_separator())}</p> }
                    })}
                    {(!settles).then(|| view! { <p class="notice notice--error">{not_settled(tx(i18n), &f)}</p> })}
                </section>
            }
        })}
        <Show when=move || !verified.get()>
            <ResidentIdForm
                lead=Signal::derive(move || tx(i18n).open_lead)
                button=Signal::derive(move || tx(i18n).show_card)
                resident_id
                errors
                open=Callback::new(move |()| refresh())
                class="question no-print"
            />
        </Show>
        // Below the code, so a small phone still shows the code whole on the first screen.
        <p class="card-not-voucher">{move || tx(i18n).not_voucher}</p>
        <section aria-labelledby="checklist-heading" class="card-checklist">
            <h2 id="checklist-heading">{move || tx(i18n).checklist_heading}</h2>
            <dl>
                {move || tx(i18n).checklist.iter().map(|(when, what)| view! {
                    <dt>{*when}</dt>
                    <dd>{*what}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Why a filing that is not in effect cannot be settled today, with the day it starts or ended.
fn not_settled(t: &CardText, f: &FilingView) -> String {
    match f.state {
        FilingState::NotYetInEffect => t.not_yet.replace("{date}", &f.start_date.to_string()),
        FilingState::Expired => {
            let ended = f.valid_until.map(|d| d.to_string()).unwrap_or_default();
            t.expired.replace("{date}", &ended)
        }
        FilingState::Cancelled => t.cancelled.to_owned(),
        FilingState::InEffect => String::new(),
    }
}
