//! Every refusal of the API in one place: its status, stable code, field and message in both languages, and the
//! one JSON shape it is answered in, `{"error": {"code", "message", "field"}}` (a 422 also lists every problem
//! as `errors`).
//!
//! Handlers and extractors return a [`Refusal`] and never pass the language around: [`speak`], a layer over the
//! whole router, answers it in the language of the request's `Accept-Language`.

use std::time::Duration;

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::store::StoreError;
use crate::domain::category::FilingKind;
use crate::domain::filing::{ErrorCode, FilingError, FilingNumber};
use crate::domain::institutions::{PointsCode, PointsError};
use crate::domain::lang::Lang;

/// Why the API refuses a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No endpoint at this path under `/api`.
    NoEndpoint {
        path: String,
    },
    /// The method and path as sent, cut to a length fit for an answer.
    MethodNotAllowed {
        method: String,
        path: String,
    },
    UnsupportedMediaType,
    BodyTooLarge,
    BodyTimeout,
    BodyUnreadable,
    /// Not JSON at all; `detail` is serde's account with its line and column.
    InvalidJson {
        detail: String,
    },
    /// JSON, but a value of the wrong type or form at `field` (`.` for the whole body).
    InvalidValue {
        field: String,
        detail: String,
    },
    UnknownField {
        field: String,
    },
    IdempotencyKeyMissing,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
    /// The filing's answers break the domain's rules: all of them, in form order.
    Invalid(Vec<FilingError>),
    /// A choice of institutions (选点) that breaks the rules.
    Points(Vec<PointsError>),
    /// An unknown number and someone else's number alike, so that trying numbers tells nothing.
    FilingNotFound,
    FilingCancelled,
    /// Another change to the same filing won the race each time it was tried.
    FilingBusy,
    /// The person already has a filing of this kind in effect; its number only for the filed name and phone,
    /// so that typing someone's ID number tells nobody their filing number.
    FilingInEffect {
        kind: FilingKind,
        number: Option<FilingNumber>,
    },
    /// The insured place locks the destination until this day.
    FilingLocked {
        until: NaiveDate,
    },
    /// Too many writes (filing, changing, cancelling) from one address.
    WritesLimited {
        retry_after: Duration,
    },
    /// Too many code-card requests from one address.
    CardsLimited {
        retry_after: Duration,
    },
    /// Too many failed attempts at a filing number, or from one address: guessing is stopped.
    AttemptsLimited {
        retry_after: Duration,
    },
    Internal,
    /// At the cap of open connections: answered by the accept loop before any request is read.
    ServerBusy,
}

impl Refusal {
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::NoEndpoint { .. } | Refusal::FilingNotFound => StatusCode::NOT_FOUND,
            Refusal::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            Refusal::BodyUnreadable
            | Refusal::InvalidJson { .. }
            | Refusal::InvalidValue { .. }
            | Refusal::UnknownField { .. }
            | Refusal::IdempotencyKeyMissing
            | Refusal::IdempotencyKeyInvalid => StatusCode::BAD_REQUEST,
            Refusal::Invalid(_) | Refusal::Points(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::IdempotencyKeyReused
            | Refusal::FilingCancelled
            | Refusal::FilingBusy
            | Refusal::FilingInEffect { .. }
            | Refusal::FilingLocked { .. } => StatusCode::CONFLICT,
            Refusal::WritesLimited { .. }
            | Refusal::CardsLimited { .. }
            | Refusal::AttemptsLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Refusal::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Refusal::ServerBusy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The stable machine code (for a 422, the first problem's).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoEndpoint { .. } => "not_found",
            Refusal::MethodNotAllowed { .. } => "method_not_allowed",
            Refusal::UnsupportedMediaType => "unsupported_media_type",
            Refusal::BodyTooLarge => "body_too_large",
            Refusal::BodyTimeout => "body_timeout",
            Refusal::BodyUnreadable => "body_unreadable",
            Refusal::InvalidJson { .. } => "invalid_json",
            Refusal::InvalidValue { .. } => "invalid_value",
            Refusal::UnknownField { .. } => "unknown_field",
            Refusal::IdempotencyKeyMissing => "idempotency_key_missing",
            Refusal::IdempotencyKeyInvalid => "idempotency_key_invalid",
            Refusal::IdempotencyKeyReused => "idempotency_key_reused",
            Refusal::Invalid(errors) => errors.first().map_or("invalid", |e| e.code.as_str()),
            Refusal::Points(errors) => errors.first().map_or("invalid", |e| e.code.as_str()),
            Refusal::FilingNotFound => "filing_not_found",
            Refusal::FilingCancelled => "filing_cancelled",
            Refusal::FilingBusy => "filing_busy",
            Refusal::FilingInEffect { .. } => "filing_in_effect",
            Refusal::FilingLocked { .. } => "filing_locked",
            Refusal::WritesLimited { .. } => "rate_limited",
            Refusal::CardsLimited { .. } => "card_rate_limited",
            Refusal::AttemptsLimited { .. } => "too_many_attempts",
            Refusal::Internal => "internal",
            Refusal::ServerBusy => "server_busy",
        }
    }

    /// How long to wait before trying again, for the refusals that are only a matter of time.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Refusal::WritesLimited { retry_after }
            | Refusal::CardsLimited { retry_after }
            | Refusal::AttemptsLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// One refusal of each kind with made-up particulars, and a 422 for each code of the rules: what the OpenAPI
    /// document shows, each as it is answered. The test below holds it to the enum.
    pub fn examples() -> Vec<Refusal> {
        let mut all = vec![
            Refusal::NoEndpoint {
                path: "/api/filing".into(),
            },
            Refusal::MethodNotAllowed {
                method: "DELETE".into(),
                path: "/api/filings".into(),
            },
            Refusal::UnsupportedMediaType,
            Refusal::BodyTooLarge,
            Refusal::BodyTimeout,
            Refusal::BodyUnreadable,
            Refusal::InvalidJson {
                detail: "EOF while parsing an object at line 1 column 20".into(),
            },
            Refusal::InvalidValue {
                field: "person.phone".into(),
                detail:
                    "invalid type: integer `13912345678`, expected a string at line 1 column 95"
                        .into(),
            },
            Refusal::UnknownField {
                field: "person.nickname".into(),
            },
            Refusal::IdempotencyKeyMissing,
            Refusal::IdempotencyKeyInvalid,
            Refusal::IdempotencyKeyReused,
            Refusal::FilingNotFound,
            Refusal::FilingCancelled,
            Refusal::FilingBusy,
            Refusal::FilingInEffect {
                kind: FilingKind::LongTerm,
                number: FilingNumber::parse("YD7K3M9QX2T4BC"),
            },
            Refusal::FilingLocked {
                until: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default(),
            },
            Refusal::WritesLimited {
                retry_after: Duration::from_secs(2),
            },
            Refusal::CardsLimited {
                retry_after: Duration::from_secs(3),
            },
            Refusal::AttemptsLimited {
                retry_after: Duration::from_secs(1800),
            },
            Refusal::Internal,
            Refusal::ServerBusy,
        ];
        all.extend(
            ErrorCode::ALL.map(|code| Refusal::Invalid(vec![FilingError::new(code, code.field())])),
        );
        all.extend(
            PointsCode::ALL.map(|code| Refusal::Points(vec![PointsError::new(code, code.field())])),
        );
        all
    }

    /// Every problem as it is answered: one for most refusals, all of them for a 422 of the rules.
    fn details(&self, lang: Lang) -> Vec<ErrorDetail> {
        match self {
            Refusal::Invalid(errors) => errors
                .iter()
                .map(|e| ErrorDetail {
                    code: e.code.as_str(),
                    message: e.message(lang).to_owned(),
                    field: Some(e.field.as_str().to_owned()),
                })
                .collect(),
            Refusal::Points(errors) => errors
                .iter()
                .map(|e| ErrorDetail {
                    code: e.code.as_str(),
                    message: e.message(lang).to_owned(),
                    field: Some(e.field.clone()),
                })
                .collect(),
            _ => vec![ErrorDetail {
                code: self.code(),
                message: self.message(lang),
                field: self.field(),
            }],
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Refusal::InvalidValue { field, .. } | Refusal::UnknownField { field } => {
                (field != ".").then(|| field.clone())
            }
            Refusal::IdempotencyKeyMissing
            | Refusal::IdempotencyKeyInvalid
            | Refusal::IdempotencyKeyReused => Some("Idempotency-Key".into()),
            Refusal::FilingLocked { .. } => Some("destination".into()),
            _ => None,
        }
    }

    /// What to do about it, said to the person.
    fn message(&self, lang: Lang) -> String {
        let seconds = self.retry_after().map_or(0, seconds_to_wait);
        let (zh, en): (String, String) = match self {
            Refusal::NoEndpoint { path } => (
                format!("{path} 不是本服务的接口地址"),
                format!("No API endpoint at {path}"),
            ),
            Refusal::MethodNotAllowed { method, path } => (
                format!("{path} 不接受 {method} 请求"),
                format!("{method} is not allowed on {path}"),
            ),
            Refusal::UnsupportedMediaType => (
                "请求体应为 JSON（Content-Type: application/json）".into(),
                "Send the body as JSON with Content-Type: application/json".into(),
            ),
            Refusal::BodyTooLarge => (
                "请求体不能超过16 KiB".into(),
                "The body must be at most 16 KiB".into(),
            ),
            Refusal::BodyTimeout => (
                "请求体发送太慢，请重试".into(),
                "The body took too long to arrive: try again".into(),
            ),
            Refusal::BodyUnreadable => (
                "无法读取请求体，请重试".into(),
                "The body could not be read: try again".into(),
            ),
            Refusal::InvalidJson { detail } => (
                format!("请求体不是有效的 JSON：{detail}"),
                format!("The body is not valid JSON: {detail}"),
            ),
            Refusal::InvalidValue { field, detail } if field == "." => (
                format!("请求体的格式不对：{detail}"),
                format!("The body is not a valid request: {detail}"),
            ),
            Refusal::InvalidValue { field, detail } => (
                format!("请求体中 `{field}` 的值不对：{detail}"),
                format!("The body is not a valid request at `{field}`: {detail}"),
            ),
            Refusal::UnknownField { field } => (
                format!("请求中没有 `{field}` 这一项，请删除它"),
                format!("Unknown field `{field}`: remove it"),
            ),
            Refusal::IdempotencyKeyMissing => (
                "请求缺少 Idempotency-Key 请求头：每次新的备案用一个新的随机值，重试时沿用同一个值".into(),
                "Send an Idempotency-Key header: a new random value for each new filing, the same value when retrying".into(),
            ),
            Refusal::IdempotencyKeyInvalid => (
                "Idempotency-Key 应为1到100个可见ASCII字符".into(),
                "The Idempotency-Key must be 1 to 100 visible ASCII characters".into(),
            ),
            Refusal::IdempotencyKeyReused => (
                "这个 Idempotency-Key 已用于另一份不同的备案；新的备案请使用新的值".into(),
                "This Idempotency-Key was used for a different filing: use a new key for a new filing".into(),
            ),
            Refusal::Invalid(_) | Refusal::Points(_) => (
                "请求中有不符合规则的内容".into(),
                "The request breaks the rules".into(),
            ),
            Refusal::FilingNotFound => (
                "没有找到与这个备案号和身份证号码相符的备案，请核对两者".into(),
                "No filing matches this filing number and resident ID number: check both".into(),
            ),
            Refusal::FilingCancelled => (
                "这条备案已经取消，不能再变更或取消；如需就医请重新备案".into(),
                "This filing was cancelled and cannot change: file again if you need one".into(),
            ),
            Refusal::FilingBusy => (
                "这条备案正在被同时修改，请刷新后重试".into(),
                "The filing is being changed at the same time elsewhere: reload it and try again".into(),
            ),
            Refusal::FilingInEffect { kind, number: Some(number) } => {
                let (zh, en) = (kind.name(Lang::Zh), kind.name(Lang::En));
                (
                    format!(
                        "这个身份证号码已有一条未到期的{zh}备案（备案号 {number}），同一人同类备案只能有一条未到期的。需要改就医地或日期的，请变更这条备案；不再需要的，先取消再重新备案。"
                    ),
                    format!(
                        "This ID number already has a {en} filing that has not ended (filing number {number}), and a person can hold only one of each kind at a time. To change the place or dates, change that filing; if it is no longer needed, cancel it and file again."
                    ),
                )
            }
            Refusal::FilingInEffect { kind, number: None } => {
                let (zh, en) = (kind.name(Lang::Zh), kind.name(Lang::En));
                (
                    format!(
                        "这个身份证号码已有一条未到期的{zh}备案，同一人同类备案只能有一条未到期的。请用那条备案的备案号查询，再变更或取消；找不到备案号的，请联系参保地医保经办机构。"
                    ),
                    format!(
                        "This ID number already has a {en} filing that has not ended, and a person can hold only one of each kind at a time. Look it up with its filing number to change or cancel it; without the number, call the insured place's medical insurance office."
                    ),
                )
            }
            Refusal::FilingLocked { until } => (
                format!("参保地规定备案后一段时间内不能变更就医地，{until}起可以变更"),
                format!("The insured place does not allow the destination to change until {until}"),
            ),
            Refusal::WritesLimited { .. } => (
                format!("提交太频繁，请{seconds}秒后再试"),
                format!("Too many changes from your connection: try again in {seconds} seconds"),
            ),
            Refusal::CardsLimited { .. } => (
                format!("刷新备案卡太频繁，请{seconds}秒后再试"),
                format!("Too many filing card requests from your connection: try again in {seconds} seconds"),
            ),
            Refusal::AttemptsLimited { .. } => (
                format!("尝试次数太多，为保护个人信息已暂停查询，请{}后再试", wait_in_words(seconds, Lang::Zh)),
                format!(
                    "Too many tries that did not match: to protect personal data, try again in {}",
                    wait_in_words(seconds, Lang::En)
                ),
            ),
            Refusal::Internal => (
                "服务器出了问题，您提交的内容没有丢失，请重试".into(),
                "Something went wrong on our side; nothing you sent was lost. Try again.".into(),
            ),
            // Said before the request (and its Accept-Language) is read: in both languages at once.
            Refusal::ServerBusy => {
                let both = "服务器繁忙，请稍后再试。The server is busy: try again in a moment.";
                (both.into(), both.into())
            }
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The body in `lang`, serialised: for an answer written without axum (the accept loop's 503).
    pub fn bytes(&self, lang: Lang) -> Vec<u8> {
        let body = self.body(lang).or_else(|| Refusal::Internal.body(lang));
        serde_json::to_vec(&body).expect("a body of strings")
    }

    /// The body in `lang`; `None` for a 422 with no problem in it, which is answered as [`Refusal::Internal`].
    pub(super) fn body(&self, lang: Lang) -> Option<ErrorBody> {
        let mut errors = self.details(lang);
        Some(ErrorBody {
            error: errors.first()?.clone(),
            errors: matches!(self, Refusal::Invalid(_) | Refusal::Points(_))
                .then(|| std::mem::take(&mut errors)),
            filing: match self {
                Refusal::FilingInEffect {
                    number: Some(number),
                    ..
                } => Some(NumberBody {
                    number: number.to_string(),
                }),
                _ => None,
            },
        })
    }

    /// The response in `lang`: the status, the body, `Retry-After` when waiting helps, and `no-store`.
    pub fn answer(&self, lang: Lang) -> Response {
        let Some(body) = self.body(lang) else {
            return Refusal::Internal.answer(lang);
        };
        let mut response = (self.status(), Json(body)).into_response();
        let headers = response.headers_mut();
        // A refusal may name a filing or a person's answers: no shared cache keeps it.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(wait) = self.retry_after() {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(seconds_to_wait(wait)),
            );
        }
        response
    }
}

/// Whole seconds, rounded up, and at least one: `Retry-After: 0` would invite an immediate retry.
fn seconds_to_wait(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

fn wait_in_words(seconds: u64, lang: Lang) -> String {
    let minutes = seconds.div_ceil(60);
    match (lang, seconds < 60) {
        (Lang::Zh, true) => format!("{seconds}秒"),
        (Lang::Zh, false) => format!("{minutes}分钟"),
        (Lang::En, true) => format!("{seconds} seconds"),
        (Lang::En, false) if minutes == 1 => "a minute".into(),
        (Lang::En, false) => format!("{minutes} minutes"),
    }
}

/// The one conversion from the store's errors.
impl From<StoreError> for Refusal {
    fn from(err: StoreError) -> Refusal {
        match err {
            StoreError::KeyReused => Refusal::IdempotencyKeyReused,
            StoreError::NotFound => Refusal::FilingNotFound,
            StoreError::Conflict => Refusal::FilingBusy,
            // Without the request's name and phone to compare, the number is never shown.
            StoreError::InEffect(standing) => Refusal::FilingInEffect {
                kind: standing.request.category.kind(),
                number: None,
            },
            StoreError::Backend(message) => {
                // Store messages carry SQL and codes, never the request's values.
                tracing::error!("filing store failed: {message}");
                Refusal::Internal
            }
        }
    }
}

/// Every refusal, whatever its status: `{"error": {"code", "message", "field"}}`.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub(super) struct ErrorBody {
    /// The refusal; for a 422 of the rules, its first problem.
    error: ErrorDetail,
    /// A 422 of the rules only: every problem, in form order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_items = 1)]
    errors: Option<Vec<ErrorDetail>>,
    /// `filing_in_effect` only: the filing in effect, named to its own person only (the request's name and
    /// phone are the filing's).
    #[serde(skip_serializing_if = "Option::is_none")]
    filing: Option<NumberBody>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = FilingInEffect)]
pub(super) struct NumberBody {
    #[schema(pattern = "^YD[0-9A-HJKMNP-TV-Z]{12}$")]
    number: String,
}

#[derive(Clone, Serialize, ToSchema)]
pub(super) struct ErrorDetail {
    /// The stable machine code: the same in every language.
    code: &'static str,
    /// What to do about it, in the language of `Accept-Language`.
    message: String,
    /// The request field (`person.phone`, `institutions[1]`) or header (`Idempotency-Key`) it is about.
    #[schema(required = true)]
    field: Option<String>,
}

impl IntoResponse for Refusal {
    /// Answered in Chinese, the product's first language; [`speak`] answers again in the asker's.
    fn into_response(self) -> Response {
        let mut response = self.answer(Lang::Zh);
        response.extensions_mut().insert(self);
        response
    }
}

/// The layer that answers every refusal in the language of the request's `Accept-Language`.
pub async fn speak(request: Request, next: Next) -> Response {
    let lang = lang_of(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<Refusal>() {
        Some(refusal) if lang != Lang::Zh => refusal.answer(lang),
        _ => response,
    }
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filing::Field;

    async fn body(refusal: &Refusal, lang: Lang) -> serde_json::Value {
        let response = refusal.answer(lang);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn one_shape_in_both_languages() {
        let refusal = Refusal::FilingLocked {
            until: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        };
        let zh = body(&refusal, Lang::Zh).await;
        let en = body(&refusal, Lang::En).await;
        assert_eq!(zh["error"]["code"], "filing_locked");
        assert_eq!(zh["error"]["field"], "destination");
        assert!(
            zh["error"]["message"]
                .as_str()
                .unwrap()
                .contains("2027-03-01起")
        );
        assert!(
            en["error"]["message"]
                .as_str()
                .unwrap()
                .contains("until 2027-03-01")
        );
        assert!(zh.get("errors").is_none(), "one refusal, one error: {zh}");
    }

    #[tokio::test]
    async fn a_rules_refusal_lists_every_problem() {
        let refusal = Refusal::Invalid(vec![
            FilingError::new(ErrorCode::NameMissing, Field::Name),
            FilingError::new(ErrorCode::PhoneInvalid, Field::Phone),
        ]);
        let en = body(&refusal, Lang::En).await;
        assert_eq!(refusal.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(en["error"]["code"], "name_missing");
        assert_eq!(en["errors"][1]["field"], "phone");
        assert_eq!(
            en["errors"][1]["message"],
            "Enter an 11-digit mobile number starting with 1"
        );
    }

    #[test]
    fn waiting_is_said_in_whole_seconds_rounded_up() {
        let refusal = Refusal::AttemptsLimited {
            retry_after: Duration::from_millis(359_100),
        };
        let response = refusal.answer(Lang::Zh);
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "360");
        assert_eq!(seconds_to_wait(Duration::ZERO), 1);
        assert_eq!(wait_in_words(360, Lang::Zh), "6分钟");
        assert_eq!(wait_in_words(45, Lang::En), "45 seconds");
        assert_eq!(wait_in_words(61, Lang::En), "2 minutes");
    }

    #[test]
    fn every_kind_of_refusal_has_an_example() {
        // No wildcard: a new kind of refusal does not compile until it is counted here, and this test fails
        // until it has an example (and so a place in the OpenAPI document).
        fn kind(refusal: &Refusal) -> usize {
            match refusal {
                Refusal::NoEndpoint { .. } => 0,
                Refusal::MethodNotAllowed { .. } => 1,
                Refusal::UnsupportedMediaType => 2,
                Refusal::BodyTooLarge => 3,
                Refusal::BodyTimeout => 4,
                Refusal::BodyUnreadable => 5,
                Refusal::InvalidJson { .. } => 6,
                Refusal::InvalidValue { .. } => 7,
                Refusal::UnknownField { .. } => 8,
                Refusal::IdempotencyKeyMissing => 9,
                Refusal::IdempotencyKeyInvalid => 10,
                Refusal::IdempotencyKeyReused => 11,
                Refusal::Invalid(_) => 12,
                Refusal::Points(_) => 13,
                Refusal::FilingNotFound => 14,
                Refusal::FilingCancelled => 15,
                Refusal::FilingBusy => 16,
                Refusal::FilingInEffect { .. } => 17,
                Refusal::FilingLocked { .. } => 18,
                Refusal::WritesLimited { .. } => 19,
                Refusal::CardsLimited { .. } => 20,
                Refusal::AttemptsLimited { .. } => 21,
                Refusal::Internal => 22,
                Refusal::ServerBusy => 23,
            }
        }
        let kinds: std::collections::BTreeSet<usize> =
            Refusal::examples().iter().map(kind).collect();
        assert_eq!(kinds, (0..24).collect());
        let examples = Refusal::examples();
        let codes: std::collections::HashSet<&str> = examples.iter().map(Refusal::code).collect();
        assert_eq!(codes.len(), examples.len(), "one example per code");
        for code in ErrorCode::ALL {
            assert!(codes.contains(code.as_str()), "{code}");
        }
    }

    #[test]
    fn the_store_says_what_happened_without_its_details() {
        assert_eq!(Refusal::from(StoreError::Conflict), Refusal::FilingBusy);
        assert_eq!(
            Refusal::from(StoreError::Backend("disk I/O error".into())),
            Refusal::Internal
        );
    }

    #[tokio::test]
    async fn a_filing_in_effect_is_named_to_its_own_person_only() {
        let number = FilingNumber::from_random(7);
        let own = Refusal::FilingInEffect {
            kind: FilingKind::LongTerm,
            number: Some(number.clone()),
        };
        let response = own.answer(Lang::En);
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let own = body(&own, Lang::En).await;
        assert_eq!(own["error"]["code"], "filing_in_effect");
        assert_eq!(own["filing"]["number"], number.as_str());
        let message = own["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(number.as_str()) && message.contains("long-term"),
            "{message}"
        );

        let withheld = Refusal::FilingInEffect {
            kind: FilingKind::LongTerm,
            number: None,
        };
        let withheld = body(&withheld, Lang::Zh).await;
        assert_eq!(withheld["error"]["code"], "filing_in_effect");
        assert!(withheld.get("filing").is_none(), "{withheld}");
        assert!(!withheld.to_string().contains(number.as_str()));
        assert!(
            withheld["error"]["message"]
                .as_str()
                .unwrap()
                .contains("已有一条未到期的长期备案")
        );
    }
}
