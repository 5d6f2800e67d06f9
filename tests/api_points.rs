//! Select point (选点) and the code card (持码就医) end to end: the real router over a real SQLite file.

mod api_support;

use std::sync::Arc;

use api_support::{NAME, RESIDENT_ID, filing, start};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// In public/data/institutions.json: Langfang's first hospital settles every pilot disease, its third none;
/// the first Beijing hospital is outside a Langfang filing.
const LANGFANG_ALL: &str = "H13100000001";
const LANGFANG_TWO: &str = "H13100000002";
const LANGFANG_NONE: &str = "H13100000003";
const LANGFANG_PRIMARY: &str = "H13100000004";
const BEIJING: &str = "H11000000001";

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

/// A Tianjin retiree in Langfang with a diabetes qualification.
async fn filed(server: &api_support::TestServer, key: &str) -> String {
    let mut request = filing();
    request["chronic_qualifications"] = json!(["M01600"]);
    server.filed(key, &request).await
}

async fn put_points(
    server: &api_support::TestServer,
    number: &str,
    service: Value,
    institutions: &[&str],
) -> reqwest::Response {
    server
        .client
        .put(server.url(&format!("/api/filings/{number}/points")))
        .header("accept-language", "en")
        .json(&json!({
            "resident_id": RESIDENT_ID,
            "service": service,
            "institutions": institutions,
        }))
        .send()
        .await
        .unwrap()
}

fn codes(errors: &Value) -> Vec<(String, String)> {
    errors["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The names `public/data/institutions.json` gives the institutions `codes`, in their order.
fn names_in_the_data(codes: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/institutions.json"
    ))
    .unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let all = data["institutions"].as_array().unwrap();
    codes
        .iter()
        .map(|code| {
            let found = all.iter().find(|i| i["code"] == *code).unwrap();
            found["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn tianjin_filers_name_up_to_two_chronic_institutions() {
    let server = start(|_| {}).await;
    let number = filed(&server, "points-ok").await;
    let diabetes = json!({"chronic": "M01600"});

    let ok = put_points(
        &server,
        &number,
        diabetes.clone(),
        &[LANGFANG_ALL, "h13100000002"],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["cache-control"], "no-store");
    let ok = body(ok).await;
    assert_eq!(ok["filing"]["points"], json!([LANGFANG_ALL, LANGFANG_TWO]));
    assert_eq!(ok["filing"]["points_service"], diabetes);
    // Named as the institutions file names them, in the same order (the card shows them without the file).
    let names = names_in_the_data(&[LANGFANG_ALL, LANGFANG_TWO]);
    assert_eq!(ok["filing"]["point_names"], json!(names));
    assert_eq!(ok["warnings"], json!([]));
    let last = ok["filing"]["history"].as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "changed");
    assert_eq!(last["fields"], json!(["points"]));

    // The choice is kept: a lookup shows it.
    let lookup = server
        .client
        .post(server.url("/api/filings/lookup"))
        .json(&json!({"number": number, "resident_id": RESIDENT_ID}))
        .send()
        .await
        .unwrap();
    let looked_up = body(lookup).await;
    assert_eq!(
        looked_up["filing"]["points"],
        json!([LANGFANG_ALL, LANGFANG_TWO])
    );
    assert_eq!(looked_up["filing"]["point_names"], json!(names));

    let three = put_points(
        &server,
        &number,
        diabetes.clone(),
        &[LANGFANG_ALL, LANGFANG_TWO, LANGFANG_PRIMARY],
    )
    .await;
    assert_eq!(three.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let three = body(three).await;
    assert_eq!(three["error"]["code"], "institutions_too_many");
    assert_eq!(three["error"]["field"], "institutions");
    assert!(
        three["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more institutions")
    );

    // A refused choice leaves the kept one as it was.
    let lookup = server
        .client
        .get(server.url(&format!("/api/filings/{number}")))
        .header("x-resident-id", RESIDENT_ID)
        .send()
        .await
        .unwrap();
    let looked_up = body(lookup).await;
    assert_eq!(
        looked_up["filing"]["points"],
        json!([LANGFANG_ALL, LANGFANG_TWO])
    );
    assert_eq!(looked_up["filing"]["point_names"], json!(names));
}

#[tokio::test]
async fn refuses_unknown_foreign_and_unnetworked_institutions_all_at_once() {
    let server = start(|_| {}).await;
    let number = filed(&server, "points-bad").await;
    let response = put_points(
        &server,
        &number,
        json!({"chronic": "M01600"}),
        &["H13100099999", BEIJING],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&body(response).await),
        [
            (
                "institution_unknown".to_owned(),
                "institutions[0]".to_owned()
            ),
            (
                "institution_outside_destination".to_owned(),
                "institutions[1]".to_owned()
            ),
        ]
    );
    let response = put_points(
        &server,
        &number,
        json!({"chronic": "M01600"}),
        &[LANGFANG_NONE],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&body(response).await),
        [(
            "institution_not_networked".to_owned(),
            "institutions[0]".to_owned()
        )]
    );
    // Inpatient care needs no choice: every networked institution settles it.
    let response = put_points(&server, &number, json!("inpatient"), &[LANGFANG_ALL]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(response).await["error"]["code"], "points_not_offered");
    // A disease the person holds no qualification for.
    let response = put_points(
        &server,
        &number,
        json!({"chronic": "M03900"}),
        &[LANGFANG_ALL],
    )
    .await;
    assert_eq!(
        body(response).await["error"]["code"],
        "chronic_not_qualified"
    );
    // Someone else's ID number finds nothing.
    let other = server
        .client
        .put(server.url(&format!("/api/filings/{number}/points")))
        .json(&json!({"resident_id": "110105194912310038", "service": "inpatient", "institutions": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn warns_of_a_service_the_chosen_institution_does_not_settle() {
    let server = start(|_| {}).await;
    let mut request = filing();
    request["chronic_qualifications"] = json!(["M01600", "M00500"]);
    let response = server.file("points-warn", &request).await;
    let number = body(response).await["filing"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = put_points(
        &server,
        &number,
        json!({"chronic": "M01600"}),
        &[LANGFANG_TWO],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let warnings = body(response).await["warnings"].clone();
    assert_eq!(warnings[0]["code"], "institution_not_networked_for");
    assert_eq!(warnings[0]["institution"], LANGFANG_TWO);
    assert_eq!(warnings[0]["service"], json!({"chronic": "M00500"}));
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("outpatient cancer radiotherapy or chemotherapy")
    );
}

async fn card(server: &api_support::TestServer, number: &str) -> reqwest::Response {
    server
        .client
        .post(server.url(&format!("/api/filings/{number}/card")))
        .json(&json!({"resident_id": RESIDENT_ID}))
        .send()
        .await
        .unwrap()
}

async fn verify(server: &api_support::TestServer, token: &str, lang: &str) -> Value {
    let response = server
        .client
        .post(server.url("/api/card/verify"))
        .header("accept-language", lang)
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await
}

#[tokio::test]
async fn a_card_token_verifies_until_altered_or_cancelled() {
    let server = start(|_| {}).await;
    let number = filed(&server, "card").await;
    let issued = card(&server, &number).await;
    assert_eq!(issued.status(), StatusCode::OK);
    assert_eq!(issued.headers()["cache-control"], "no-store");
    let issued = body(issued).await;
    assert_eq!(issued["ttl_seconds"], 60);
    assert!(issued["expires_at"].as_str().unwrap().ends_with("+08:00"));
    let token = issued["token"].as_str().unwrap();
    // Opaque to whoever scans it: no number, no name, no ID number, as text or as bytes.
    let sealed = URL_SAFE_NO_PAD.decode(token).unwrap();
    let sealed = String::from_utf8_lossy(&sealed);
    for secret in [&number[..], &number[2..], NAME, "11010519"] {
        assert!(
            !token.contains(secret) && !sealed.contains(secret),
            "{secret}"
        );
    }

    let valid = verify(&server, token, "en").await;
    assert_eq!(valid["status"], "valid");
    assert!(valid["message"].as_str().unwrap().starts_with("Valid"));
    assert!(
        valid["filing"].get("number").is_none() && !valid.to_string().contains(&number),
        "the counter's view gives no number to try ID numbers against"
    );
    assert_eq!(valid["filing"]["resident_id_masked"], "1101**********002X");
    assert_eq!(valid["filing"]["name_masked"], "王**");
    assert!(!valid.to_string().contains(NAME));
    assert!(
        verify(&server, token, "zh-CN").await["message"]
            .as_str()
            .unwrap()
            .starts_with("有效")
    );

    // Any byte altered, nonce, sealed number or tag alike.
    let bytes = URL_SAFE_NO_PAD.decode(token).unwrap();
    for at in [0, 30, bytes.len() - 1] {
        let mut bad = bytes.clone();
        bad[at] ^= 1;
        let forged = verify(&server, &URL_SAFE_NO_PAD.encode(bad), "en").await;
        assert_eq!(forged["status"], "forged", "byte {at}");
        assert!(forged.get("filing").is_none());
    }
    assert_eq!(
        verify(&server, "not a token", "en").await["status"],
        "forged"
    );

    let cancelled = server
        .client
        .post(server.url(&format!("/api/filings/{number}/cancel")))
        .json(&json!({"resident_id": RESIDENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    let after = verify(&server, token, "en").await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["filing"]["state"], "cancelled");
    let refused = card(&server, &number).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(body(refused).await["error"]["code"], "filing_cancelled");
}

#[tokio::test]
async fn an_expired_token_says_so() {
    let server = start(|state| state.card = Arc::new(state.card.with_ttl(0))).await;
    let number = filed(&server, "card-expired").await;
    let issued = body(card(&server, &number).await).await;
    assert_eq!(issued["ttl_seconds"], 0);
    let expired = verify(&server, issued["token"].as_str().unwrap(), "en").await;
    assert_eq!(expired["status"], "expired");
    assert!(expired["message"].as_str().unwrap().contains("refresh"));
    assert!(expired.get("filing").is_none());
}

#[tokio::test]
async fn a_genuine_token_from_another_database_is_unknown() {
    // Two servers sharing one key (as YIDI_CARD_KEY would give them), each with its own database.
    let first = start(|_| {}).await;
    let number = filed(&first, "card-a").await;
    let token = body(card(&first, &number).await).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let shared = |state: &mut yidi::server::AppState| {
        state.card = Arc::new(yidi::server::CardSigner::new(
            (0..32).map(|_| 0xcd).collect(),
            60,
        ));
    };
    let a = start(shared).await;
    let b = start(shared).await;
    let number = filed(&a, "card-b").await;
    let token_a = body(card(&a, &number).await).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(verify(&b, &token_a, "en").await["status"], "unknown");
    assert_eq!(verify(&b, &token, "en").await["status"], "forged");
}
