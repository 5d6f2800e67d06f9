//! `GET /api/openapi.json`: the API described for clients and for schemathesis (`scripts/api-check.sh`).
//!
//! Written by hand rather than derived: the request types live in `domain`, which takes no server crates,
//! so there is nothing to derive from. The tests below hold the document to the domain types.

use std::sync::OnceLock;

use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::domain::category::{ChronicDisease, FilingCategory};

pub async fn document() -> impl IntoResponse {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(DOCUMENT.get_or_init(build).clone()),
    )
}

fn names<T: serde::Serialize>(values: &[T]) -> Value {
    json!(
        values
            .iter()
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
            .collect::<Vec<_>>()
    )
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn filing_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FilingBody"}}}
    })
}

fn json_body(schema: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

/// The refusals every JSON-body endpoint may give.
fn body_errors(mut responses: Value) -> Value {
    let common = [
        (
            "400",
            "Malformed JSON (`invalid_json`), a wrong value type (`invalid_value`) or an unknown field (`unknown_field`)",
        ),
        (
            "408",
            "The body took over 10 seconds to arrive (`body_timeout`)",
        ),
        (
            "413",
            "The body is over 16 KiB, or its Content-Length says so (`body_too_large`)",
        ),
        ("415", "The body is not JSON (`unsupported_media_type`)"),
    ];
    for (status, description) in common {
        responses[status] = error_response(description);
    }
    responses["422"] = json!({
        "description": "The request breaks the filing rules: `error` is the first problem, `errors` all of them",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}}
    });
    responses
}

fn number_parameter() -> Value {
    json!({"name": "number", "in": "path", "required": true, "schema": {"type": "string"},
           "description": "The filing number, e.g. YD7K3M9QX2T4BC (any case; spaces and hyphens ignored)"})
}

fn language_parameter() -> Value {
    json!({"name": "Accept-Language", "in": "header", "required": false, "schema": {"type": "string"},
           "description": "Messages in English if it starts with `en`, else in Chinese"})
}

fn rate_limited() -> Value {
    json!({
        "description": "Too many writes from this IP (`rate_limited`)",
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds until a write is allowed"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

fn build() -> Value {
    let code = json!({"type": "string", "pattern": "^[0-9]{6}$"});
    let destination = json!({
        "type": "object", "additionalProperties": false, "required": ["province"],
        "properties": {"province": code, "city": {"type": ["string", "null"]}}
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Yidi filings API",
            "version": crate::APP_VERSION,
            "description": "File (备案), look up, change and cancel a cross-provincial medical care filing; name \
                institutions (选点); issue and verify code-card tokens (持码就医). \
                Every error has the shape {\"error\": {\"code\", \"message\", \"field\"}}. See docs/api.md."
        },
        "paths": paths(),
        "components": {"schemas": schemas(&destination)}
    })
}

fn paths() -> Value {
    let mut paths = serde_json::Map::new();
    paths.insert("/api/health".into(), json!({"get": {
                "summary": "Liveness and versions",
                "responses": {"200": {"description": "Up", "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["status", "app_version", "policy_data_version", "database_schema_version"],
                    "properties": {
                        "status": {"type": "string"}, "app_version": {"type": "string"},
                        "policy_data_version": {"type": "string"}, "database_schema_version": {"type": "integer"}
                    }
                }}}}}
            }}));
    paths.insert("/api/filings".into(), json!({"post": {
                "summary": "File a filing",
                "parameters": [
                    {"name": "Idempotency-Key", "in": "header", "required": true,
                     "schema": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[!-~]+$"},
                     "description": "A new random value per filing; the same value when retrying it"},
                    language_parameter()
                ],
                "requestBody": json_body("FilingRequest"),
                "responses": body_errors(json!({
                    "201": {
                        "description": "Filed",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FilingBody"}}}
                    },
                    "200": {
                        "description": "The same key and body were filed before: that filing, nothing new (header Idempotent-Replayed: true)",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FilingBody"}}}
                    },
                    "409": {
                        "description": "The key filed a different body (`idempotency_key_reused`), or the person already has a \
                            filing of the same kind (long-term or temporary) in effect (`filing_in_effect`); with the latter, \
                            `filing.number` names it only when the request's name and phone are the filing's own",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InEffectError"}}}
                    },
                    "429": rate_limited()
                }))
            }}));
    paths.insert("/api/filings/lookup".into(), json!({"post": {
                "summary": "Look a filing up by its number and the person's ID number",
                "parameters": [language_parameter()],
                "requestBody": json_body("LookupRequest"),
                "responses": body_errors(json!({
                    "200": filing_response("The filing"),
                    "404": error_response("No filing with this number for this ID number (`filing_not_found`); the same answer whether the number exists or not")
                }))
            }}));
    paths.insert("/api/filings/{number}".into(), json!({
                "get": {
                    "summary": "Read a filing; the ID number goes in a header so it stays out of URLs and logs",
                    "parameters": [
                        number_parameter(),
                        {"name": "X-Resident-Id", "in": "header", "required": true, "schema": {"type": "string"}},
                        language_parameter()
                    ],
                    "responses": {
                        "200": filing_response("The filing"),
                        "404": error_response("`filing_not_found`"),
                        "422": {"description": "The ID number is malformed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}}}
                    }
                },
                "patch": {
                    "summary": "Change the end date, phone or destination",
                    "parameters": [number_parameter(), language_parameter()],
                    "requestBody": json_body("ChangeRequest"),
                    "responses": body_errors(json!({
                        "200": filing_response("The filing as changed (unchanged if no value differs)"),
                        "404": error_response("`filing_not_found`"),
                        "409": error_response("`filing_cancelled`, `filing_locked` (the destination cannot change yet) or `filing_busy`"),
                        "429": rate_limited()
                    }))
                }
            }));
    paths.insert(
        "/api/filings/{number}/cancel".into(),
        json!({"post": {
            "summary": "Cancel a filing (it stays, in the cancelled state)",
            "parameters": [number_parameter(), language_parameter()],
            "requestBody": json_body("CancelRequest"),
            "responses": body_errors(json!({
                "200": filing_response("The cancelled filing"),
                "404": error_response("`filing_not_found`"),
                "409": error_response("Already cancelled (`filing_cancelled`) or `filing_busy`"),
                "429": rate_limited()
            }))
        }}),
    );
    paths.insert(
        "/api/filings/{number}/points".into(),
        json!({"put": {
            "summary": "Name institutions at the destination (选点), where the insured place asks for them",
            "description": "Checked against the insured place's select-point rule in policy.json (e.g. Tianjin: up to 2 \
                institutions for outpatient chronic diseases) and the institutions data. An empty list clears the choice \
                unless the rule requires one. Recorded as a `changed` history entry with field `points`.",
            "parameters": [number_parameter(), language_parameter()],
            "requestBody": json_body("PointsRequest"),
            "responses": body_errors(json!({
                "200": {"description": "The filing with its points, and warnings to show before the person relies on them",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PointsBody"}}}},
                "404": error_response("`filing_not_found`"),
                "409": error_response("`filing_cancelled` or `filing_busy`"),
                "429": rate_limited()
            }))
        }}),
    );
    paths.insert(
        "/api/filings/{number}/card".into(),
        json!({"post": {
            "summary": "Issue a short-lived code-card token (持码就医) for the person's own filing",
            "description": "The token is base64url(payload).base64url(HMAC-SHA256(key, payload)); the payload is JSON \
                {number, iat, exp} with no personal data. Fetch a new one before `expires_at`.",
            "parameters": [number_parameter(), language_parameter()],
            "requestBody": json_body("CancelRequest"),
            "responses": body_errors(json!({
                "200": {"description": "A token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CardToken"}}}},
                "404": error_response("`filing_not_found`"),
                "409": error_response("`filing_cancelled`"),
                "429": rate_limited()
            }))
        }}),
    );
    paths.insert(
        "/api/card/verify".into(),
        json!({"post": {
            "summary": "Check a code-card token at a counter",
            "description": "Always 200: `status` is valid, expired, forged (not signed here or altered), cancelled \
                (the filing was cancelled) or unknown (genuine, but no such filing here); `message` says so in the \
                Accept-Language.",
            "parameters": [language_parameter()],
            "requestBody": json_body("VerifyRequest"),
            "responses": body_errors(json!({
                "200": {"description": "The verdict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifyBody"}}}}
            }))
        }}),
    );
    paths.insert("/api/openapi.json".into(), json!({"get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
            }}));
    Value::Object(paths)
}

fn schemas(destination: &Value) -> Value {
    let date = json!({"type": "string", "format": "date"});
    let nullable_date = json!({"type": ["string", "null"], "format": "date"});
    let code = json!({"type": "string", "pattern": "^[0-9]{6}$"});
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object", "required": ["error"],
            "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}}
        }),
    );
    schemas.insert(
        "ErrorDetail".into(),
        json!({
            "type": "object", "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string"}, "message": {"type": "string"},
                "field": {"type": ["string", "null"]}
            }
        }),
    );
    schemas.insert(
        "InEffectError".into(),
        json!({
            "type": "object", "required": ["error"], "additionalProperties": false,
            "properties": {
                "error": {"$ref": "#/components/schemas/ErrorDetail"},
                "filing": {
                    "type": "object", "required": ["number"], "additionalProperties": false,
                    "description": "The filing in effect, for its own person only (`filing_in_effect`)",
                    "properties": {"number": {"type": "string"}}
                }
            }
        }),
    );
    schemas.insert("ValidationError".into(), json!({
                "type": "object", "required": ["error", "errors"],
                "properties": {
                    "error": {"$ref": "#/components/schemas/ErrorDetail"},
                    "errors": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ErrorDetail"}}
                }
            }));
    schemas.insert("FilingRequest".into(), json!({
                "type": "object", "additionalProperties": false,
                "required": ["applicant", "person", "category", "destination", "start_date", "proof"],
                "properties": {
                    "applicant": {"oneOf": [
                        {"type": "object", "additionalProperties": false, "required": ["for"],
                         "properties": {"for": {"const": "myself"}}},
                        {"type": "object", "additionalProperties": false, "required": ["for", "filer_name", "relation"],
                         "properties": {"for": {"const": "family"}, "filer_name": {"type": "string"},
                                        "relation": {"enum": ["spouse", "child", "parent", "other"]}}}
                    ]},
                    "person": {
                        "type": "object", "additionalProperties": false,
                        "required": ["name", "resident_id", "phone", "insured_city", "scheme"],
                        "properties": {
                            "name": {"type": "string"},
                            "resident_id": {"type": "string", "description": "18 characters; a lowercase x is accepted"},
                            "phone": {"type": "string"},
                            "insured_city": code,
                            "scheme": {"enum": ["employee_in_service", "employee_retired", "resident"]}
                        }
                    },
                    "category": {"enum": names(&FilingCategory::ALL)},
                    "destination": destination.clone(),
                    "start_date": date,
                    "end_date": nullable_date,
                    "chronic_qualifications": {"type": "array", "items": {"enum": names(&ChronicDisease::ALL)}},
                    "proof": {
                        "type": "object", "additionalProperties": false, "required": ["commitment_agreed"],
                        "properties": {"commitment_agreed": {"type": "boolean"},
                                       "referral_institution": {"type": ["string", "null"]}}
                    },
                    "supplementary": {"enum": ["before_discharge_settlement", "paid_in_full", null]}
                }
            }));
    schemas.insert(
        "LookupRequest".into(),
        json!({
            "type": "object", "additionalProperties": false, "required": ["number", "resident_id"],
            "properties": {"number": {"type": "string"}, "resident_id": {"type": "string"}}
        }),
    );
    schemas.insert("ChangeRequest".into(), json!({
                "type": "object", "additionalProperties": false, "required": ["resident_id"],
                "properties": {
                    "resident_id": {"type": "string"},
                    "end_date": {"type": ["string", "null"], "format": "date", "description": "null clears a long-term filing's end date"},
                    "phone": {"type": ["string", "null"]},
                    "destination": {"oneOf": [destination.clone(), {"type": "null"}]}
                }
            }));
    schemas.insert(
        "CancelRequest".into(),
        json!({
            "type": "object", "additionalProperties": false, "required": ["resident_id"],
            "properties": {"resident_id": {"type": "string"}}
        }),
    );
    schemas.insert(
        "FilingBody".into(),
        json!({
            "type": "object", "required": ["filing"],
            "properties": {"filing": {"$ref": "#/components/schemas/FilingView"}}
        }),
    );
    schemas.insert("FilingView".into(), json!({
                "type": "object",
                "required": ["number", "state", "category", "scheme", "insured_city", "destination", "start_date",
                             "valid_until", "settles_directly", "supplementary", "chronic_qualifications",
                             "name_masked", "resident_id_masked", "phone_masked", "locked_until", "created_at", "history"],
                "properties": {
                    "number": {"type": "string", "pattern": "^YD[0-9A-HJKMNP-TV-Z]{12}$"},
                    "state": {"enum": ["not_yet_in_effect", "in_effect", "expired", "cancelled"]},
                    "category": {"enum": names(&FilingCategory::ALL)},
                    "scheme": {"type": "string"},
                    "insured_city": {"type": "string"},
                    "destination": {"type": "object"},
                    "start_date": date,
                    "valid_until": nullable_date,
                    "settles_directly": {"type": "boolean"},
                    "supplementary": {"type": ["string", "null"]},
                    "chronic_qualifications": {"type": "array", "items": {"type": "string"}},
                    "name_masked": {"type": "string"},
                    "resident_id_masked": {"type": "string"},
                    "phone_masked": {"type": "string"},
                    "locked_until": nullable_date,
                    "created_at": {"type": "string", "format": "date-time"},
                    "history": {"type": "array", "items": {
                        "type": "object", "required": ["at", "action", "fields"],
                        "properties": {
                            "at": {"type": "string", "format": "date-time"},
                            "action": {"enum": ["filed", "changed", "cancelled"]},
                            "fields": {"type": "array", "items": {"enum": ["end_date", "phone", "destination", "points"]}}
                        }
                    }},
                    "points": {"type": "array", "items": {"$ref": "#/components/schemas/InstitutionCode"}},
                    "points_service": {"oneOf": [{"$ref": "#/components/schemas/Service"}, {"type": "null"}]}
                }
            }));
    schemas.insert(
        "InstitutionCode".into(),
        json!({"type": "string", "pattern": "^H[0-9]{11}$", "description": "H, a 6-digit region code, a 5-digit serial"}),
    );
    schemas.insert(
        "Service".into(),
        json!({"oneOf": [
            {"enum": ["inpatient", "general_outpatient"]},
            {"type": "object", "additionalProperties": false, "required": ["chronic"],
             "properties": {"chronic": {"enum": names(&ChronicDisease::ALL)}}}
        ]}),
    );
    schemas.insert("PointsRequest".into(), json!({
                "type": "object", "additionalProperties": false,
                "required": ["resident_id", "service", "institutions"],
                "properties": {
                    "resident_id": {"type": "string"},
                    "service": {"$ref": "#/components/schemas/Service"},
                    "institutions": {"type": "array", "items": {"type": "string"},
                                     "description": "Institution codes (a lowercase h is accepted); refusals name `institutions[i]`"}
                }
            }));
    schemas.insert(
        "PointsBody".into(),
        json!({
            "type": "object", "required": ["filing", "warnings"],
            "properties": {
                "filing": {"$ref": "#/components/schemas/FilingView"},
                "warnings": {"type": "array", "items": {
                    "type": "object", "required": ["code", "institution", "service", "message"],
                    "properties": {
                        "code": {"const": "institution_not_networked_for"},
                        "institution": {"$ref": "#/components/schemas/InstitutionCode"},
                        "service": {"$ref": "#/components/schemas/Service"},
                        "message": {"type": "string"}
                    }
                }}
            }
        }),
    );
    schemas.insert(
        "CardToken".into(),
        json!({
            "type": "object", "required": ["token", "expires_at", "ttl_seconds"],
            "properties": {
                "token": {"type": "string", "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"},
                "expires_at": {"type": "string", "format": "date-time"},
                "ttl_seconds": {"type": "integer", "minimum": 0}
            }
        }),
    );
    schemas.insert(
        "VerifyRequest".into(),
        json!({
            "type": "object", "additionalProperties": false, "required": ["token"],
            "properties": {"token": {"type": "string"}}
        }),
    );
    schemas.insert("VerifyBody".into(), json!({
                "type": "object", "required": ["status", "message"],
                "properties": {
                    "status": {"enum": ["valid", "expired", "forged", "cancelled", "unknown"]},
                    "message": {"type": "string"},
                    "filing": {
                        "description": "Present for valid and cancelled: what a counter needs, masked, without the filing number",
                        "type": "object",
                        "required": ["state", "category", "scheme", "insured_city", "destination", "start_date",
                                     "valid_until", "settles_directly", "chronic_qualifications", "points",
                                     "name_masked", "resident_id_masked"],
                        "properties": {
                            "state": {"enum": ["not_yet_in_effect", "in_effect", "expired", "cancelled"]},
                            "category": {"enum": names(&FilingCategory::ALL)},
                            "scheme": {"type": "string"},
                            "insured_city": {"type": "string"},
                            "destination": {"type": "object"},
                            "start_date": date,
                            "valid_until": nullable_date,
                            "settles_directly": {"type": "boolean"},
                            "chronic_qualifications": {"type": "array", "items": {"type": "string"}},
                            "points": {"type": "array", "items": {"$ref": "#/components/schemas/InstitutionCode"}},
                            "name_masked": {"type": "string"},
                            "resident_id_masked": {"type": "string"}
                        }
                    }
                }
            }));
    Value::Object(schemas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::Scheme;
    use crate::domain::filing::{FilingRequest, FilingState, HistoryAction};

    #[test]
    fn the_enums_match_the_domain() {
        let doc = build();
        let schemas = &doc["components"]["schemas"];
        let schemes = [
            Scheme::EmployeeInService,
            Scheme::EmployeeRetired,
            Scheme::Resident,
        ];
        assert_eq!(
            schemas["FilingRequest"]["properties"]["person"]["properties"]["scheme"]["enum"],
            names(&schemes)
        );
        let states = [
            FilingState::NotYetInEffect,
            FilingState::InEffect,
            FilingState::Expired,
            FilingState::Cancelled,
        ];
        assert_eq!(
            schemas["FilingView"]["properties"]["state"]["enum"],
            names(&states)
        );
        let actions = [
            HistoryAction::Filed,
            HistoryAction::Changed,
            HistoryAction::Cancelled,
        ];
        assert_eq!(
            schemas["FilingView"]["properties"]["history"]["items"]["properties"]["action"]["enum"],
            names(&actions)
        );
    }

    #[test]
    fn a_request_the_schema_describes_is_one_the_domain_reads() {
        let example = json!({
            "applicant": {"for": "family", "filer_name": "王芳", "relation": "child"},
            "person": {"name": "王小明", "resident_id": "11010519491231002x", "phone": "13912345678",
                       "insured_city": "120000", "scheme": "resident"},
            "category": "referral",
            "destination": {"province": "130000", "city": "131000"},
            "start_date": "2026-12-01", "end_date": null,
            "chronic_qualifications": ["M01600"],
            "proof": {"commitment_agreed": true, "referral_institution": "天津医院"},
            "supplementary": "paid_in_full"
        });
        let properties = build()["components"]["schemas"]["FilingRequest"]["properties"].clone();
        for key in example.as_object().unwrap().keys() {
            assert!(properties.get(key).is_some(), "{key} is not documented");
        }
        serde_json::from_value::<FilingRequest>(example).unwrap();
    }

    #[test]
    fn a_points_request_the_schema_describes_is_one_the_domain_reads() {
        use crate::domain::institutions::{PointsRequest, Service};
        let doc = build();
        let schemas = &doc["components"]["schemas"];
        let plain = [Service::Inpatient, Service::GeneralOutpatient];
        assert_eq!(schemas["Service"]["oneOf"][0]["enum"], names(&plain));
        for service in [json!("inpatient"), json!({"chronic": "M01600"})] {
            let example =
                json!({"resident_id": "x", "service": service, "institutions": ["H13100000001"]});
            let properties = &schemas["PointsRequest"]["properties"];
            for key in example.as_object().unwrap().keys() {
                assert!(properties.get(key).is_some(), "{key} is not documented");
            }
            serde_json::from_value::<PointsRequest>(example).unwrap();
        }
        for path in [
            "/api/filings/{number}/points",
            "/api/filings/{number}/card",
            "/api/card/verify",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} is not documented");
        }
    }
}
