//! `/api/filings`: file, look up, change and cancel a filing. Each handler parses, runs the domain's rules,
//! calls the store and maps its errors; the rules are the very functions the browser runs.

use std::time::SystemTime;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::extract::{AcceptLang, IdempotencyKeyHeader, JsonBody, NumberPath, say};
use super::in_effect;
use super::store::{NewFiling, StoreError, StoredFiling, Update};
use super::{ApiError, AppState};
use crate::domain::filing::{
    CancelRequest, ChangeRequest, FilingError, FilingNumber, FilingRequest, FilingState,
    FilingView, HistoryAction, LookupRequest, Phone, ResidentId, mask_name,
};
use crate::domain::institutions::PointsError;
use crate::domain::lang::Lang;

/// How often a change is re-read and re-checked when another change to the same filing wins the race.
pub(super) const CHANGE_TRIES: usize = 3;

/// The time on the insured places' clocks: all of China keeps UTC+8 (Asia/Shanghai, no daylight saving).
pub(super) struct Now {
    pub today: NaiveDate,
    pub rfc3339: String,
}

pub(super) fn now() -> Now {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    let now = DateTime::<Utc>::from(SystemTime::now()).with_timezone(&offset);
    Now {
        today: now.date_naive(),
        rfc3339: now.to_rfc3339_opts(SecondsFormat::Millis, false),
    }
}

/// Why a request is refused: an [`ApiError`], or the domain's validation errors, all of them.
pub enum Refusal {
    Api(ApiError),
    Invalid(Vec<FilingError>, Lang),
    /// A choice of institutions (选点) that breaks the rules: the same 422 shape.
    Points(Vec<PointsError>, Lang),
    /// A filing of the same kind is in effect for the person: 409, with its number for its own person only.
    InEffect(in_effect::InEffect),
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Refusal {
        Refusal::Api(error)
    }
}

#[derive(Serialize)]
struct ErrorDetail {
    code: &'static str,
    message: &'static str,
    field: Option<String>,
}

#[derive(Serialize)]
struct ValidationBody {
    error: ErrorDetail,
    errors: Vec<ErrorDetail>,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Api(error) => error.into_response(),
            Refusal::Invalid(errors, lang) => invalid(
                errors
                    .iter()
                    .map(|e| ErrorDetail {
                        code: e.code,
                        message: e.message(lang),
                        field: Some(e.field.to_owned()),
                    })
                    .collect(),
            ),
            Refusal::Points(errors, lang) => invalid(
                errors
                    .iter()
                    .map(|e| ErrorDetail {
                        code: e.code,
                        message: e.message(lang),
                        field: Some(e.field.clone()),
                    })
                    .collect(),
            ),
            Refusal::InEffect(refusal) => refusal.into_response(),
        }
    }
}

/// 422 with the first error as `error` (the one shape) and all of them as `errors`.
fn invalid(mut errors: Vec<ErrorDetail>) -> Response {
    if errors.is_empty() {
        return ApiError::internal().into_response();
    }
    let first = errors.remove(0);
    let body = ValidationBody {
        error: ErrorDetail {
            code: first.code,
            message: first.message,
            field: first.field.clone(),
        },
        errors: std::iter::once(first).chain(errors).collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

pub(super) type Answer = Result<Response, Refusal>;

#[derive(Serialize)]
struct FilingBody {
    filing: FilingView,
}

/// `POST /api/filings`: 201 for a new filing, 200 when the same key and body were filed before.
pub async fn create(
    State(state): State<AppState>,
    IdempotencyKeyHeader(key): IdempotencyKeyHeader,
    AcceptLang(lang): AcceptLang,
    JsonBody(request): JsonBody<FilingRequest>,
) -> Answer {
    let now = now();
    let fingerprint: [u8; 32] =
        Sha256::digest(serde_json::to_vec(&request).map_err(|_| ApiError::internal())?).into();
    // A retry gets the first answer even if the day or the rules have moved on since.
    if let Some(filing) = state
        .filings
        .find_by_key(key.clone(), fingerprint)
        .await
        .map_err(|err| store_refusal(err, lang))?
    {
        return Ok(filing_response(StatusCode::OK, &filing, now.today, true));
    }
    let rules = state.places.rules(&request.person.insured_city);
    let valid = request
        .validate(&rules, &*state.places, now.today)
        .map_err(|errors| Refusal::Invalid(errors, lang))?;
    let locked_until = state
        .places
        .locked_until(&valid.request.person.insured_city, now.today);
    let asker = valid.request.person.clone();
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
                Refusal::InEffect(in_effect::refusal(&standing, Some(&asker), lang))
            }
            err => store_refusal(err, lang),
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
    ))
}

/// `POST /api/filings/lookup`.
pub async fn lookup(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    JsonBody(request): JsonBody<LookupRequest>,
) -> Answer {
    let resident_id = parse_id(&request.resident_id, lang)?;
    let filing = owned(
        &state,
        FilingNumber::parse(&request.number),
        &resident_id,
        lang,
    )
    .await?;
    Ok(filing_response(StatusCode::OK, &filing, now().today, false))
}

/// `GET /api/filings/{number}` with the ID number in `X-Resident-Id` (a header, so it stays out of logs).
pub async fn show(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    headers: HeaderMap,
) -> Answer {
    let raw = headers
        .get("x-resident-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let resident_id = parse_id(raw, lang)?;
    let filing = owned(&state, number, &resident_id, lang).await?;
    Ok(filing_response(StatusCode::OK, &filing, now().today, false))
}

/// `PATCH /api/filings/{number}`: a new end date, phone or destination, checked as at filing.
pub async fn change(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    JsonBody(change): JsonBody<ChangeRequest>,
) -> Answer {
    let resident_id = parse_id(&change.resident_id, lang)?;
    for _ in 0..CHANGE_TRIES {
        let filing = owned(&state, number.clone(), &resident_id, lang).await?;
        let now = now();
        refuse_if_cancelled(&filing, lang)?;
        let moves = change
            .destination
            .as_ref()
            .is_some_and(|d| *d != filing.request.destination);
        if let Some(until) = filing
            .locked_until
            .filter(|until| moves && now.today < *until)
        {
            return Err(ApiError {
                status: StatusCode::CONFLICT,
                code: "filing_locked",
                message: say(
                    lang,
                    &format!("参保地规定备案后一段时间内不能变更就医地，{until}起可以变更"),
                    &format!(
                        "The insured place does not allow the destination to change until {until}"
                    ),
                ),
                field: Some("destination".into()),
            }
            .into());
        }
        let rules = state.places.rules(&filing.request.person.insured_city);
        let valid = change
            .apply(&filing.request, filing.valid_until, &rules, &*state.places)
            .map_err(|errors| Refusal::Invalid(errors, lang))?;
        if valid.fields.is_empty() {
            return Ok(filing_response(StatusCode::OK, &filing, now.today, false));
        }
        let update = Update {
            number: filing.number.clone(),
            expected_version: filing.version,
            request: valid.request,
            valid_until: valid.valid_until,
            action: HistoryAction::Changed,
            fields: valid.fields.iter().map(|f| (*f).to_owned()).collect(),
            at: now.rfc3339,
        };
        match state.filings.update(update).await {
            Ok(changed) => {
                tracing::info!(number = %changed.number, fields = ?valid.fields, "changed");
                return Ok(filing_response(StatusCode::OK, &changed, now.today, false));
            }
            Err(StoreError::Conflict) => continue,
            Err(err) => return Err(store_refusal(err, lang)),
        }
    }
    Err(busy(lang))
}

/// `POST /api/filings/{number}/cancel`: the filing stays, in the cancelled state.
pub async fn cancel(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<CancelRequest>,
) -> Answer {
    let resident_id = parse_id(&request.resident_id, lang)?;
    for _ in 0..CHANGE_TRIES {
        let filing = owned(&state, number.clone(), &resident_id, lang).await?;
        refuse_if_cancelled(&filing, lang)?;
        let now = now();
        let update = Update {
            number: filing.number.clone(),
            expected_version: filing.version,
            request: filing.request.clone(),
            valid_until: filing.valid_until,
            action: HistoryAction::Cancelled,
            fields: vec![],
            at: now.rfc3339,
        };
        match state.filings.update(update).await {
            Ok(cancelled) => {
                tracing::info!(number = %cancelled.number, "cancelled");
                return Ok(filing_response(
                    StatusCode::OK,
                    &cancelled,
                    now.today,
                    false,
                ));
            }
            Err(StoreError::Conflict) => continue,
            Err(err) => return Err(store_refusal(err, lang)),
        }
    }
    Err(busy(lang))
}

pub(super) fn parse_id(raw: &str, lang: Lang) -> Result<ResidentId, Refusal> {
    ResidentId::parse(raw).map_err(|error| Refusal::Invalid(vec![error], lang))
}

/// The filing with this number if it is this person's. An unknown number and someone else's number answer
/// the very same 404, so trying numbers tells nothing about which exist.
pub(super) async fn owned(
    state: &AppState,
    number: Option<FilingNumber>,
    resident_id: &ResidentId,
    lang: Lang,
) -> Result<StoredFiling, Refusal> {
    let Some(number) = number else {
        return Err(not_found(lang));
    };
    let filing = state
        .filings
        .get(number)
        .await
        .map_err(|err| store_refusal(err, lang))?;
    filing
        .filter(|filing| filing.belongs_to(resident_id))
        .ok_or_else(|| not_found(lang))
}

pub(super) fn refuse_if_cancelled(filing: &StoredFiling, lang: Lang) -> Result<(), Refusal> {
    if filing.cancelled {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            code: "filing_cancelled",
            message: say(
                lang,
                "这条备案已经取消，不能再变更或取消；如需就医请重新备案",
                "This filing was cancelled and cannot change: file again if you need one",
            ),
            field: None,
        }
        .into());
    }
    Ok(())
}

fn not_found(lang: Lang) -> Refusal {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "filing_not_found",
        message: say(
            lang,
            "没有找到与这个备案号和身份证号码相符的备案，请核对两者",
            "No filing matches this filing number and resident ID number: check both",
        ),
        field: None,
    }
    .into()
}

pub(super) fn busy(lang: Lang) -> Refusal {
    ApiError {
        status: StatusCode::CONFLICT,
        code: "filing_busy",
        message: say(
            lang,
            "这条备案正在被同时修改，请刷新后重试",
            "The filing is being changed at the same time elsewhere: reload it and try again",
        ),
        field: None,
    }
    .into()
}

pub(super) fn store_refusal(err: StoreError, lang: Lang) -> Refusal {
    match err {
        StoreError::KeyReused => ApiError {
            status: StatusCode::CONFLICT,
            code: "idempotency_key_reused",
            message: say(
                lang,
                "这个 Idempotency-Key 已用于另一份不同的备案；新的备案请使用新的值",
                "This Idempotency-Key was used for a different filing: use a new key for a new filing",
            ),
            field: Some("Idempotency-Key".into()),
        }
        .into(),
        StoreError::NotFound => not_found(lang),
        StoreError::Conflict => busy(lang),
        StoreError::InEffect(standing) => {
            Refusal::InEffect(in_effect::refusal(&standing, None, lang))
        }
        StoreError::Backend(message) => {
            // Store messages carry SQL and codes, never the request's values.
            tracing::error!("filing store failed: {message}");
            ApiError::internal().into()
        }
    }
}

/// The filing as the person may see it: masked personal data, the state as of today, the history.
pub(super) fn view(filing: &StoredFiling, today: NaiveDate) -> FilingView {
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
        points_service: filing.points_service,
    }
}

fn filing_response(
    status: StatusCode,
    filing: &StoredFiling,
    today: NaiveDate,
    replayed: bool,
) -> Response {
    let location = format!("/api/filings/{}", filing.number);
    let mut response = (
        status,
        Json(FilingBody {
            filing: view(filing, today),
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
