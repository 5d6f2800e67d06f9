//! `PUT /api/filings/{number}/points`: 选点, the institutions a person names at the destination, checked with the
//! same domain rules the browser runs and kept with the filing's history.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;

use super::AppState;
use super::extract::{AcceptLang, JsonBody, NumberPath};
use super::filings::{
    Answer, CHANGE_TRIES, Refusal, busy, now, owned, parse_id, refuse_if_cancelled, store_refusal,
    view,
};
use super::store::{PointsUpdate, StoreError};
use crate::domain::filing::FilingView;
use crate::domain::institutions::{
    InstitutionCode, PointsFiling, PointsRequest, Service, check_points,
};

#[derive(Serialize)]
struct PointsBody {
    filing: FilingView,
    /// What the person should know before relying on the choice; empty when there is nothing.
    warnings: Vec<WarningBody>,
}

#[derive(Serialize)]
struct WarningBody {
    code: String,
    institution: InstitutionCode,
    service: Service,
    message: String,
}

/// Refuses with every broken rule at once (422), else keeps the choice and answers the filing and any warnings.
pub async fn put(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<PointsRequest>,
) -> Answer {
    let resident_id = parse_id(&request.resident_id, lang)?;
    for _ in 0..CHANGE_TRIES {
        let filing = owned(&state, number.clone(), &resident_id, lang).await?;
        refuse_if_cancelled(&filing, lang)?;
        let facts = PointsFiling {
            destination: &filing.request.destination,
            chronic_qualifications: &filing.request.chronic_qualifications,
        };
        let valid = check_points(
            &facts,
            request.service,
            &request.institutions,
            state
                .places
                .points_rules(&filing.request.person.insured_city),
            state.places.institutions(),
        )
        .map_err(|errors| Refusal::Points(errors, lang))?;
        let now = now();
        let update = PointsUpdate {
            number: filing.number.clone(),
            expected_version: filing.version,
            service: request.service,
            institutions: valid.institutions,
            at: now.rfc3339,
        };
        match state.filings.set_points(update).await {
            Ok(saved) => {
                tracing::info!(number = %saved.number, count = saved.points.len(), "points named");
                let body = PointsBody {
                    filing: view(&saved, now.today),
                    warnings: valid
                        .warnings
                        .iter()
                        .map(|w| WarningBody {
                            code: w.code.clone(),
                            institution: w.institution.clone(),
                            service: w.service,
                            message: w.message(lang),
                        })
                        .collect(),
                };
                let mut response = (StatusCode::OK, Json(body)).into_response();
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return Ok(response);
            }
            Err(StoreError::Conflict) => continue,
            Err(err) => return Err(store_refusal(err, lang)),
        }
    }
    Err(busy(lang))
}
