//! `PUT /api/filings/{number}/points`: 选点, the institutions a person names at the destination, checked with the
//! same domain rules the browser runs and kept with the filing's history.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

use super::AppState;
use super::access::{self, Asker};
use super::card::no_store;
use super::client::Client;
use super::error::Refusal;
use super::extract::{AcceptLang, JsonBody, NumberPath};
use super::filings::{Answer, view};
use super::openapi::{self, Responses};
use super::store::PointsUpdate;
use crate::domain::filing::FilingView;
use crate::domain::institutions::{
    InstitutionCode, PointsFiling, PointsRequest, Service, check_points,
};

#[derive(Serialize, ToSchema)]
struct PointsBody {
    filing: FilingView,
    /// What the person should know before relying on the choice; empty when there is nothing.
    warnings: Vec<WarningBody>,
}

/// A service the filing needs that a chosen institution does not settle across provinces.
#[derive(Serialize, ToSchema)]
struct WarningBody {
    /// `institution_not_networked_for`.
    code: String,
    institution: InstitutionCode,
    service: Service,
    message: String,
}

/// Everything naming institutions can refuse.
pub(super) struct PointsRefusals;

impl IntoResponses for PointsRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r)
                || openapi::change(r)
                || openapi::writes(r)
                || matches!(r, Refusal::Points(_))
        })
    }
}

/// Name institutions at the destination (选点)
///
/// Where the insured place asks for a choice (its `points` rule in policy.json, e.g. Tianjin: up to 2
/// institutions for outpatient chronic diseases), checked against that rule and the institutions data, with
/// every broken rule at once (422). The list replaces the earlier choice; an empty list clears it unless the rule
/// requires one.
#[utoipa::path(
    put,
    path = "/filings/{number}/points",
    params(("number" = String, Path, description = openapi::NUMBER)),
    request_body = PointsRequest,
    responses(
        (status = OK, description = "The filing with its points, and what to know before relying on them", body = PointsBody),
        PointsRefusals
    )
)]
pub async fn put(
    State(state): State<AppState>,
    client: Client,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<PointsRequest>,
) -> Answer {
    let asker = Asker {
        client,
        number,
        resident_id: &request.resident_id,
    };
    access::change(&state, &asker, |filing, now| {
        let (state, request) = (&state, &request);
        async move {
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
            .map_err(Refusal::Points)?;
            let saved = state
                .filings
                .set_points(PointsUpdate {
                    number: filing.number.clone(),
                    expected_version: filing.version,
                    service: request.service,
                    institutions: valid.institutions,
                    at: now.rfc3339,
                })
                .await?;
            tracing::info!(number = %saved.number, count = saved.points.len(), "points named");
            let body = PointsBody {
                filing: view(&saved, now.today, &state.places),
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
            Ok(no_store((StatusCode::OK, Json(body)).into_response()))
        }
    })
    .await
}
