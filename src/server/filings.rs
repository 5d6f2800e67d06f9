//! `/api/filings`: file, look up, change and cancel a filing. Each handler parses, runs the domain's rules,
//! calls the store and answers; the rules are the very functions the browser runs.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoResponses, ToSchema};

use super::access::{self, Asker, now};
use super::card::no_store;
use super::client::Client;
use super::error::Refusal;
use super::extract::{IdempotencyKeyHeader, JsonBody, NumberPath};
use super::openapi::{self, Responses, owned, rules, writes};
use super::store::{NewFiling, StoreError, StoredFiling, Update};
use super::{AppState, PlaceData};
use crate::domain::filing::{
    CancelRequest, ChangeRequest, Check, ErrorCode, FilingNumber, FilingRequest, FilingState,
    FilingView, FindRequest, FoundFilings, HistoryAction, LookupRequest, Phone, ResidentId,
    mask_name, same_name_and_phone,
};

pub(super) type Answer = Result<Response, Refusal>;

/// Every answer about a filing.
#[derive(Serialize, ToSchema)]
pub(super) struct FilingBody {
    filing: FilingView,
}

/// Everything `POST /api/filings` can refuse.
pub(super) struct CreateRefusals;

impl IntoResponses for CreateRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r)
                || writes(r)
                || rules(
                    r,
                    &[
                        Check::ResidentId,
                        Check::Phone,
                        Check::Filing,
                        Check::Destination,
                        Check::EndDate,
                    ],
                )
                || matches!(
                    r,
                    Refusal::IdempotencyKeyMissing
                        | Refusal::IdempotencyKeyInvalid
                        | Refusal::IdempotencyKeyReused
                        | Refusal::FilingInEffect { .. }
                        | Refusal::Internal
                )
        })
    }
}

/// File a filing (备案)
///
/// 201 for a new filing; 200 when the same key and body were filed before, with that filing and nothing new
/// filed; 409 `filing_in_effect` while the person has a filing of the same kind in effect (its number in
/// `filing.number` only when the request's name and phone are that filing's). The body is checked with the same
/// `FilingRequest::validate` the browser runs.
#[utoipa::path(
    post,
    path = "/filings",
    params((
        "Idempotency-Key" = String,
        Header,
        description = "A new random value per filing; the same value when retrying it",
        min_length = 1,
        max_length = 100,
        pattern = "^[!-~]+$"
    )),
    request_body = FilingRequest,
    responses(
        (status = CREATED, description = "Filed", body = FilingBody,
            headers(("Location" = String, description = "`/api/filings/{number}`"))),
        (status = OK, description = "The same key and body were filed before: that filing, nothing new",
            body = FilingBody,
            headers(
                ("Location" = String, description = "`/api/filings/{number}`"),
                ("Idempotent-Replayed" = String, description = "`true`")
            )),
        CreateRefusals
    )
)]
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    IdempotencyKeyHeader(key): IdempotencyKeyHeader,
    JsonBody(request): JsonBody<FilingRequest>,
) -> Answer {
    let now = now();
    let fingerprint: [u8; 32] =
        Sha256::digest(serde_json::to_vec(&request).map_err(|_| Refusal::Internal)?).into();
    // A retry gets the first answer even if the day or the rules have moved on since.
    if let Some(filing) = state.filings.find_by_key(key.clone(), fingerprint).await? {
        return Ok(filing_response(
            StatusCode::OK,
            &filing,
            now.today,
            true,
            &state.places,
        ));
    }
    let rules = state.places.rules(&request.person.insured_city);
    let valid = request
        .validate(&rules, &*state.places, now.today)
        .map_err(Refusal::Invalid)?;
    let locked_until = state
        .places
        .locked_until(&valid.request.person.insured_city, now.today);
    let person = valid.request.person.clone();
    let created = state
        .filings
        .create(NewFiling {
            key,
            fingerprint,
            request: valid.request,
            valid_until: valid.valid_until,
            settles_directly: valid.settles_directly,
            locked_until,
            at: now.rfc3339,
            today: now.today,
        })
        .await
        .map_err(|err| match err {
            StoreError::InEffect(standing) => {
                let own = same_name_and_phone(&person, &standing.request.person);
                // Typing someone's ID number must not become a way to learn of their filings: a refusal
                // without the matching name and phone counts as a failed attempt from this address.
                if !own {
                    state.limits.attempts.failed(None, client.0);
                }
                Refusal::FilingInEffect {
                    kind: standing.request.category.kind(),
                    number: own.then(|| standing.number.clone()),
                }
            }
            err => err.into(),
        })?;
    let status = if created.replayed {
        StatusCode::OK
    } else {
        tracing::info!(number = %created.filing.number, "filed");
        StatusCode::CREATED
    };
    Ok(filing_response(
        status,
        &created.filing,
        now.today,
        created.replayed,
        &state.places,
    ))
}

/// Everything looking a filing up can refuse.
pub(super) struct LookupRefusals;

impl IntoResponses for LookupRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| openapi::body(r) || owned(r))
    }
}

/// Look a filing up by its number and the person's ID number
///
/// An unknown number and a real number with someone else's ID number get byte-identical 404s.
#[utoipa::path(
    post,
    path = "/filings/lookup",
    request_body = LookupRequest,
    responses((status = OK, description = "The filing", body = FilingBody), LookupRefusals)
)]
pub async fn lookup(
    State(state): State<AppState>,
    client: Client,
    JsonBody(request): JsonBody<LookupRequest>,
) -> Answer {
    let asker = Asker {
        client,
        number: FilingNumber::parse(&request.number),
        resident_id: &request.resident_id,
    };
    let filing = access::owned(&state, &asker).await?;
    Ok(filing_response(
        StatusCode::OK,
        &filing,
        now().today,
        false,
        &state.places,
    ))
}

/// Everything finding a person's filings can refuse.
pub(super) struct FindRefusals;

impl IntoResponses for FindRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r)
                || writes(r)
                || rules(r, &[Check::ResidentId, Check::Phone, Check::Filing])
                || matches!(r, Refusal::AttemptsLimited { .. } | Refusal::Internal)
        })
    }
}

/// Find a person's filings by ID number, name and mobile number
///
/// For another device, where the filing number is not at hand: a filing is found when its ID number, name and
/// mobile number (as filed, or as last changed) all match. Nothing found has one answer, `{"filings": []}`,
/// whether the ID number has no filing or the name or phone differ; each such miss counts against the ID number
/// and the address, and past the limits every try is refused (429) before it is looked at. Counted against the
/// write limit per address too. `docs/api.md` says why this is safe enough and what a deployment should add.
#[utoipa::path(
    post,
    path = "/filings/find",
    request_body = FindRequest,
    responses(
        (status = OK, description = "The person's filings, newest first; none: an empty list", body = FoundFilings),
        FindRefusals
    )
)]
pub async fn find(
    State(state): State<AppState>,
    client: Client,
    JsonBody(request): JsonBody<FindRequest>,
) -> Answer {
    let resident_id = request.check().map_err(Refusal::Invalid)?;
    let attempts = &state.limits.attempts;
    attempts.check_person(&resident_id, client.0)?;
    let today = now().today;
    let mut filings = Vec::new();
    // The name and phone are matched on the person as stored before any filing is read in full, so a miss costs
    // the same one indexed query whatever the ID number holds.
    for (number, person) in state.filings.of_person(resident_id.clone()).await? {
        if request.matches(&person)
            && let Some(filing) = state.filings.get(number).await?
        {
            filings.push(view(&filing, today, &state.places));
        }
    }
    if filings.is_empty() {
        attempts.failed_person(&resident_id, client.0);
    }
    filings.reverse();
    Ok(no_store(Json(FoundFilings { filings }).into_response()))
}

/// Everything reading a filing by its path can refuse.
pub(super) struct ShowRefusals;

impl IntoResponses for ShowRefusals {
    fn responses() -> Responses {
        openapi::refusals(owned)
    }
}

/// Read a filing
///
/// The ID number goes in `X-Resident-Id`, a header, so that it stays out of URLs and access logs.
#[utoipa::path(
    get,
    path = "/filings/{number}",
    params(
        ("number" = String, Path, description = openapi::NUMBER),
        ("X-Resident-Id" = String, Header, description = "The person's resident ID number (a lowercase x is accepted)")
    ),
    responses((status = OK, description = "The filing", body = FilingBody), ShowRefusals)
)]
pub async fn show(
    State(state): State<AppState>,
    client: Client,
    NumberPath(number): NumberPath,
    headers: HeaderMap,
) -> Answer {
    let asker = Asker {
        client,
        number,
        resident_id: headers
            .get("x-resident-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    };
    let filing = access::owned(&state, &asker).await?;
    Ok(filing_response(
        StatusCode::OK,
        &filing,
        now().today,
        false,
        &state.places,
    ))
}

/// Everything changing a filing can refuse.
pub(super) struct ChangeRefusals;

impl IntoResponses for ChangeRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r)
                || openapi::change(r)
                || writes(r)
                || rules(
                    r,
                    &[
                        Check::Phone,
                        Check::Destination,
                        Check::EndDate,
                        Check::CurrentPhone,
                    ],
                )
                || matches!(r, Refusal::FilingLocked { .. })
        })
    }
}

/// Change the end date, phone or destination
///
/// Each change is checked as at filing; a new phone or destination also needs `current_phone`, the whole phone
/// number the filing has now. A change whose values equal the current ones answers 200 and records nothing.
#[utoipa::path(
    patch,
    path = "/filings/{number}",
    params(("number" = String, Path, description = openapi::NUMBER)),
    request_body = ChangeRequest,
    responses((status = OK, description = "The filing as changed", body = FilingBody), ChangeRefusals)
)]
pub async fn change(
    State(state): State<AppState>,
    client: Client,
    NumberPath(number): NumberPath,
    JsonBody(change): JsonBody<ChangeRequest>,
) -> Answer {
    let asker = Asker {
        client,
        number,
        resident_id: &change.resident_id,
    };
    access::change(&state, &asker, |filing, now| {
        let (state, asker, change) = (&state, &asker, &change);
        async move {
            let moves = change
                .destination
                .as_ref()
                .is_some_and(|d| *d != filing.request.destination);
            if let Some(until) = filing
                .locked_until
                .filter(|until| moves && now.today < *until)
            {
                return Err(Refusal::FilingLocked { until });
            }
            let rules = state.places.rules(&filing.request.person.insured_city);
            let valid = change
                .apply(&filing.request, filing.valid_until, &rules, &*state.places)
                .map_err(Refusal::Invalid)?;
            if valid.fields.is_empty() {
                return Ok(filing_response(
                    StatusCode::OK,
                    &filing,
                    now.today,
                    false,
                    &state.places,
                ));
            }
            if let Err(error) = change.check_current_phone(&filing.request, &valid.fields) {
                if error.code == ErrorCode::CurrentPhoneMismatch {
                    access::failed(state, asker);
                }
                return Err(Refusal::Invalid(vec![error]));
            }
            let changed = state
                .filings
                .update(Update {
                    number: filing.number.clone(),
                    expected_version: filing.version,
                    request: valid.request,
                    valid_until: valid.valid_until,
                    action: HistoryAction::Changed,
                    fields: valid.fields.iter().map(|f| (*f).to_owned()).collect(),
                    at: now.rfc3339,
                })
                .await?;
            tracing::info!(number = %changed.number, fields = ?valid.fields, "changed");
            Ok(filing_response(
                StatusCode::OK,
                &changed,
                now.today,
                false,
                &state.places,
            ))
        }
    })
    .await
}

/// Everything cancelling a filing can refuse.
pub(super) struct CancelRefusals;

impl IntoResponses for CancelRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| openapi::body(r) || openapi::change(r) || writes(r))
    }
}

/// Cancel a filing
///
/// The filing stays, in the cancelled state; cancelling it again answers 409 `filing_cancelled`.
#[utoipa::path(
    post,
    path = "/filings/{number}/cancel",
    params(("number" = String, Path, description = openapi::NUMBER)),
    request_body = CancelRequest,
    responses((status = OK, description = "The cancelled filing", body = FilingBody), CancelRefusals)
)]
pub async fn cancel(
    State(state): State<AppState>,
    client: Client,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<CancelRequest>,
) -> Answer {
    let asker = Asker {
        client,
        number,
        resident_id: &request.resident_id,
    };
    access::change(&state, &asker, |filing, now| {
        let state = &state;
        async move {
            let cancelled = state
                .filings
                .update(Update {
                    number: filing.number.clone(),
                    expected_version: filing.version,
                    request: filing.request.clone(),
                    valid_until: filing.valid_until,
                    action: HistoryAction::Cancelled,
                    fields: vec![],
                    at: now.rfc3339,
                })
                .await?;
            tracing::info!(number = %cancelled.number, "cancelled");
            Ok(filing_response(
                StatusCode::OK,
                &cancelled,
                now.today,
                false,
                &state.places,
            ))
        }
    })
    .await
}

/// The filing as the person may see it: masked personal data, the state as of today, the history.
pub(super) fn view(filing: &StoredFiling, today: NaiveDate, places: &PlaceData) -> FilingView {
    let request = &filing.request;
    FilingView {
        number: filing.number.to_string(),
        state: FilingState::on(
            today,
            request.start_date,
            filing.valid_until,
            filing.cancelled,
        ),
        category: request.category,
        scheme: request.person.scheme,
        insured_city: request.person.insured_city.clone(),
        destination: request.destination.clone(),
        start_date: request.start_date,
        valid_until: filing.valid_until,
        settles_directly: filing.settles_directly,
        supplementary: request.supplementary,
        chronic_qualifications: request.chronic_qualifications.clone(),
        name_masked: mask_name(&request.person.name),
        resident_id_masked: ResidentId::parse(&request.person.resident_id)
            .map(|id| id.masked())
            .unwrap_or_default(),
        phone_masked: Phone::parse(&request.person.phone)
            .map(|phone| phone.masked())
            .unwrap_or_default(),
        locked_until: filing.locked_until,
        created_at: filing.created_at.clone(),
        history: filing.history.clone(),
        points: filing.points.clone(),
        point_names: places.institution_names(&filing.points),
        points_service: filing.points_service,
    }
}

pub(super) fn filing_response(
    status: StatusCode,
    filing: &StoredFiling,
    today: NaiveDate,
    replayed: bool,
    places: &PlaceData,
) -> Response {
    let location = format!("/api/filings/{}", filing.number);
    let mut response = (
        status,
        Json(FilingBody {
            filing: view(filing, today, places),
        }),
    )
        .into_response();
    let headers = response.headers_mut();
    // Even masked, a filing is personal: no shared cache keeps it.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let filed = status == StatusCode::CREATED || replayed;
    if let Some(location) = filed
        .then(|| HeaderValue::from_str(&location).ok())
        .flatten()
    {
        headers.insert(header::LOCATION, location);
    }
    if replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}
