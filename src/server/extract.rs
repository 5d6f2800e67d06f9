//! Request extractors that refuse in the API's one error shape, never in axum's plain-text rejections.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use super::api::BODY_LIMIT;
use super::error::{Refusal, lang_of};
use super::store::IdempotencyKey;
use crate::domain::filing::FilingNumber;
use crate::domain::lang::Lang;

/// The request body: refused unless it is JSON of exactly the expected shape.
pub struct JsonBody<T>(pub T);

/// How long a body may take to arrive: a small form comes at once, a client that stalls holds no connection for
/// long.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// The language of an answer's own messages (refusals are put in it by the `speak` layer).
#[derive(Clone, Copy)]
pub struct AcceptLang(pub Lang);

/// The `Idempotency-Key` header a filing must carry.
pub struct IdempotencyKeyHeader(pub IdempotencyKey);

/// The `{number}` of a filing's path; `None` when it is not in the shape of a filing number.
pub struct NumberPath(pub Option<FilingNumber>);

/// A message in the asker's language.
pub fn say(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AcceptLang {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        Ok(AcceptLang(lang_of(&parts.headers)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKeyHeader {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let raw = parts
            .headers
            .get("idempotency-key")
            .ok_or(Refusal::IdempotencyKeyMissing)?;
        raw.to_str()
            .ok()
            .and_then(IdempotencyKey::parse)
            .map(IdempotencyKeyHeader)
            .ok_or(Refusal::IdempotencyKeyInvalid)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for NumberPath {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Refusal> {
        // A path that does not even decode names no filing: the same answer as an unknown number.
        let number = Path::<String>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(raw)| FilingNumber::parse(&raw));
        Ok(NumberPath(number))
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Refusal;

    async fn from_request(request: Request, state: &S) -> Result<Self, Refusal> {
        if !is_json(request.headers()) {
            return Err(Refusal::UnsupportedMediaType);
        }
        // A length over the limit is refused at once, not after waiting for a body that may never come.
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
            return Err(Refusal::BodyTooLarge);
        }
        let reading = tokio::time::timeout(BODY_TIMEOUT, Bytes::from_request(request, state));
        let read = reading.await.map_err(|_| Refusal::BodyTimeout)?;
        let bytes = read.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Refusal::BodyTooLarge
            } else {
                Refusal::BodyUnreadable
            }
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses strictly, naming where it went wrong: the path of the field and serde's line and column.
pub(super) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        describe(&path, &err.into_inner())
    })?;
    deserializer.end().map_err(|err| describe(".", &err))?;
    Ok(value)
}

/// `path` is serde_path_to_error's: `.` for the whole body, else `person.phone`.
fn describe(path: &str, err: &serde_json::Error) -> Refusal {
    let detail = err.to_string();
    if let Some(name) = detail
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        let field = if path == "." {
            name.to_owned()
        } else if path.ends_with(name) {
            path.to_owned()
        } else {
            format!("{path}.{name}")
        };
        return Refusal::UnknownField { field };
    }
    if err.is_data() {
        Refusal::InvalidValue {
            field: path.to_owned(),
            detail,
        }
    } else {
        Refusal::InvalidJson { detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filing::LookupRequest;

    fn refusal(body: &str) -> Refusal {
        parse_json::<LookupRequest>(body.as_bytes()).err().unwrap()
    }

    #[test]
    fn names_an_unknown_field() {
        let refused = refusal(r#"{"number":"YD000000000000","resident_id":"x","extra":1}"#);
        assert_eq!(
            refused,
            Refusal::UnknownField {
                field: "extra".into()
            }
        );
    }

    #[test]
    fn malformed_json_says_where() {
        let Refusal::InvalidJson { detail } = refusal(r#"{"number": "YD"#) else {
            panic!("a cut-off body is not JSON");
        };
        assert!(detail.contains("line 1 column"), "{detail}");
        let trailing = refusal(r#"{"number":"a","resident_id":"b"} trailing"#);
        assert_eq!(trailing.code(), "invalid_json");
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let Refusal::InvalidValue { field, .. } = refusal(r#"{"number":1,"resident_id":"b"}"#)
        else {
            panic!("a number where a string belongs is a wrong value");
        };
        assert_eq!(field, "number");
    }

    /// Each object in `valid` (which must parse), given one key more, is refused as an unknown field at its path.
    fn refuses_an_extra_key_at_every_level<T: DeserializeOwned>(valid: serde_json::Value) {
        fn objects(value: &serde_json::Value, path: &str, found: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    found.push(path.to_owned());
                    for (key, inner) in map {
                        objects(inner, &format!("{path}/{key}"), found);
                    }
                }
                serde_json::Value::Array(list) => {
                    for (i, inner) in list.iter().enumerate() {
                        objects(inner, &format!("{path}/{i}"), found);
                    }
                }
                _ => {}
            }
        }
        assert!(
            parse_json::<T>(valid.to_string().as_bytes()).is_ok(),
            "{valid}"
        );
        let mut found = Vec::new();
        objects(&valid, "", &mut found);
        for pointer in found {
            let mut body = valid.clone();
            body.pointer_mut(&pointer)
                .and_then(serde_json::Value::as_object_mut)
                .unwrap()
                .insert("extra".into(), 1.into());
            let Err(err) = parse_json::<T>(body.to_string().as_bytes()) else {
                panic!("accepted an extra key at `{pointer}` of {body}");
            };
            let at = pointer.trim_start_matches('/').replace('/', ".");
            let field = if at.is_empty() {
                "extra".to_owned()
            } else {
                format!("{at}.extra")
            };
            assert_eq!(err.status(), StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(err, Refusal::UnknownField { field }, "{body}");
        }
    }

    /// Every body the server reads, with every object it can hold.
    #[test]
    fn every_request_body_refuses_an_unknown_field_at_every_level() {
        use crate::domain::filing::{CancelRequest, ChangeRequest, FilingRequest};
        use crate::domain::institutions::PointsRequest;
        use crate::server::card::{CardRequest, VerifyRequest};
        use serde_json::json;

        let family = json!({
            "applicant": {"for": "family", "filer_name": "王大明", "relation": "child"},
            "person": {"name": "王小明", "resident_id": "11010519491231002x", "phone": "13912345678",
                       "insured_city": "120000", "scheme": "employee_retired"},
            "category": "referral",
            "destination": {"province": "130000", "city": "131000"},
            "start_date": "2026-11-24",
            "end_date": null,
            "chronic_qualifications": ["M01600"],
            "proof": {"commitment_agreed": true, "referral_institution": "天津医科大学总医院"},
            "supplementary": "paid_in_full"
        });
        let mut myself = family.clone();
        myself["applicant"] = json!({"for": "myself"});
        refuses_an_extra_key_at_every_level::<FilingRequest>(family);
        refuses_an_extra_key_at_every_level::<FilingRequest>(myself);
        refuses_an_extra_key_at_every_level::<LookupRequest>(
            json!({"number": "YD7K3M9QX2T4BC", "resident_id": "11010519491231002x"}),
        );
        refuses_an_extra_key_at_every_level::<ChangeRequest>(json!({
            "resident_id": "11010519491231002x", "phone": "13700001111", "end_date": null,
            "destination": {"province": "110000", "city": "110000"}
        }));
        refuses_an_extra_key_at_every_level::<CancelRequest>(
            json!({"resident_id": "11010519491231002x"}),
        );
        for service in [json!("inpatient"), json!({"chronic": "M01600"})] {
            refuses_an_extra_key_at_every_level::<PointsRequest>(json!({
                "resident_id": "11010519491231002x", "service": service,
                "institutions": ["H13100000001"]
            }));
        }
        refuses_an_extra_key_at_every_level::<CardRequest>(
            json!({"resident_id": "11010519491231002x"}),
        );
        refuses_an_extra_key_at_every_level::<VerifyRequest>(json!({"token": "x.y"}));
    }

    #[test]
    fn json_content_types() {
        let mut headers = HeaderMap::new();
        assert!(!is_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(is_json(&headers));
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!is_json(&headers));
    }
}
