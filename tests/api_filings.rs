//! The filings API end to end: the real router over a real SQLite file in a temp dir.

mod api_support;

use std::sync::Arc;

use api_support::{
    NAME, PHONE, RESIDENT_ID, data_dir, filing, filing_for, resident_id, schema, start, today,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use yidi::server::{Limits, PlaceData};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

async fn filed(server: &api_support::TestServer, key: &str) -> String {
    server.filed(key, &filing()).await
}

#[tokio::test]
async fn files_once_per_key_and_replays_a_retry() {
    let server = start(|_| {}).await;
    let response = server.file("key-1", &filing()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let text = response.text().await.unwrap();
    let first: Value = serde_json::from_str(&text).unwrap();
    let number = first["filing"]["number"].as_str().unwrap();
    assert_eq!(location, format!("/api/filings/{number}"));
    assert!(number.starts_with("YD") && number.len() == 14, "{number}");
    assert_eq!(first["filing"]["state"], "in_effect");
    assert_eq!(first["filing"]["name_masked"], "王**");
    assert_eq!(first["filing"]["resident_id_masked"], "1101**********002X");
    assert_eq!(first["filing"]["phone_masked"], "139****5678");
    assert_eq!(first["filing"]["history"][0]["action"], "filed");
    for secret in [NAME, "11010519491231002X", RESIDENT_ID, PHONE] {
        assert!(!text.contains(secret), "the answer shows {secret}");
    }

    let again = server.file("key-1", &filing()).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(body(again).await["filing"]["number"], number);

    let mut other = filing();
    other["person"]["phone"] = json!("13800138000");
    let reused = server.file("key-1", &other).await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert_eq!(
        body(reused).await["error"]["code"],
        "idempotency_key_reused"
    );

    // Another person's filing under another key is a filing of its own.
    let second = server.file("key-2", &filing_for(1)).await;
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_ne!(body(second).await["filing"]["number"], number);
}

#[tokio::test]
async fn concurrent_duplicates_file_one_filing() {
    let server = Arc::new(start(|_| {}).await);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let server = Arc::clone(&server);
            tokio::spawn(async move {
                let response = server.file("same-key", &filing()).await;
                let status = response.status();
                (status, body(response).await["filing"]["number"].clone())
            })
        })
        .collect();
    let mut created = 0;
    let mut numbers = std::collections::HashSet::new();
    for task in tasks {
        let (status, number) = task.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}"
        );
        created += usize::from(status == StatusCode::CREATED);
        numbers.insert(number.to_string());
    }
    assert_eq!(created, 1);
    assert_eq!(numbers.len(), 1);
}

#[tokio::test]
async fn the_idempotency_key_is_required_and_bounded() {
    let server = start(|_| {}).await;
    let missing = server
        .client
        .post(server.url("/api/filings"))
        .json(&filing())
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let missing = body(missing).await;
    assert_eq!(missing["error"]["code"], "idempotency_key_missing");
    assert_eq!(missing["error"]["field"], "Idempotency-Key");
    let long = server.file(&"k".repeat(101), &filing()).await;
    assert_eq!(long.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body(long).await["error"]["code"], "idempotency_key_invalid");
    assert_eq!(
        server.file(&"k".repeat(100), &filing()).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_refusal_lists_every_error_in_the_askers_language() {
    let server = start(|_| {}).await;
    let mut bad = filing();
    bad["person"]["name"] = json!(" ");
    bad["person"]["resident_id"] = json!("12345");
    bad["person"]["phone"] = json!("2380013800");
    let zh = server.file("bad", &bad).await;
    assert_eq!(zh.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let zh = body(zh).await;
    let codes: Vec<&str> = zh["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["name_missing", "resident_id_length", "phone_invalid"]
    );
    assert_eq!(zh["error"], zh["errors"][0]);
    assert_eq!(zh["errors"][1]["field"], "resident_id");
    assert_eq!(zh["errors"][1]["message"], "身份证号码应为18位");

    let en = server
        .client
        .post(server.url("/api/filings"))
        .header("idempotency-key", "bad")
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let en = body(en).await;
    assert_eq!(
        en["errors"][1]["message"],
        "Enter an 18-character resident ID number"
    );

    // A refused request does not use up its key: the corrected filing goes through under it.
    assert_eq!(
        server.file("bad", &filing()).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn hidden_characters_in_free_text_are_refused_beside_their_field() {
    let server = start(|_| {}).await;
    let mut bad = filing();
    bad["applicant"] =
        json!({"for": "family", "filer_name": "王\u{200b}大明", "relation": "child"});
    bad["person"]["name"] = json!("\u{202e}明小王");
    bad["category"] = json!("referral");
    bad["proof"]["referral_institution"] = json!("天津医科大学总医院\r\n");
    let zh = server.file("hidden", &bad).await;
    assert_eq!(zh.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let zh = body(zh).await;
    let problems: Vec<(&str, &str)> = zh["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        problems,
        [
            ("filer_name", "name_invisible_characters"),
            ("name", "name_invisible_characters"),
            ("referral_institution", "text_invisible_characters"),
        ]
    );
    assert_eq!(
        zh["errors"][1]["message"],
        "姓名中有看不见的字符或控制字符，请删除后重新输入"
    );
    let en = server
        .client
        .post(server.url("/api/filings"))
        .header("idempotency-key", "hidden")
        .header("accept-language", "en")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(
        body(en).await["errors"][1]["message"],
        "The name contains invisible or control characters: delete them and type it again"
    );

    // Names only a rare-character font shows are names all the same.
    let mut rare = filing();
    rare["person"]["name"] = json!("𠀀𪚥\u{30000}");
    let created = body(server.file("rare", &rare).await).await;
    assert_eq!(created["filing"]["name_masked"], "𠀀**");
}

#[tokio::test]
async fn an_unknown_number_and_a_wrong_id_answer_the_same_404() {
    let server = start(|_| {}).await;
    let number = filed(&server, "lookup").await;
    let lookup = |number: String, id: &'static str| {
        let server = &server;
        async move {
            server
                .client
                .post(server.url("/api/filings/lookup"))
                .json(&json!({"number": number, "resident_id": id}))
                .send()
                .await
                .unwrap()
        }
    };
    let found = lookup(number.to_lowercase(), "11010519491231002X").await;
    assert_eq!(found.status(), StatusCode::OK);
    assert_eq!(body(found).await["filing"]["number"], number.as_str());

    let shown = server
        .client
        .get(server.url(&format!("/api/filings/{number}")))
        .header("x-resident-id", RESIDENT_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()["cache-control"], "no-store");

    // Another valid ID number (the GB 11643 sample with another sequence), and an unknown filing number.
    let other_id = "110105194912310038";
    let wrong = lookup(number.clone(), other_id).await;
    let unknown = lookup("YD000000000000".into(), "11010519491231002X").await;
    let malformed = lookup("nonsense".into(), "11010519491231002X").await;
    let get_wrong = server
        .client
        .get(server.url(&format!("/api/filings/{number}")))
        .header("x-resident-id", other_id)
        .send()
        .await
        .unwrap();
    let mut bodies = Vec::new();
    for response in [wrong, unknown, malformed, get_wrong] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        bodies.push(response.text().await.unwrap());
    }
    assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    assert!(bodies[0].contains("filing_not_found"));

    let bad_id = lookup(number, "123").await;
    assert_eq!(bad_id.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(bad_id).await["error"]["code"], "resident_id_length");
}

#[tokio::test]
async fn the_body_must_be_small_strict_json() {
    let server = start(|_| {}).await;
    let post = |body: Vec<u8>, content_type: &'static str| {
        let server = &server;
        async move {
            server
                .client
                .post(server.url("/api/filings"))
                .header("idempotency-key", "strict")
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let mut huge = filing();
    huge["person"]["name"] = json!("张".repeat(6000));
    let too_large = post(serde_json::to_vec(&huge).unwrap(), "application/json").await;
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body(too_large).await["error"]["code"], "body_too_large");

    let plain = post(serde_json::to_vec(&filing()).unwrap(), "text/plain").await;
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body(plain).await["error"]["code"], "unsupported_media_type");

    let broken = post(b"{\"applicant\": ".to_vec(), "application/json").await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let broken = body(broken).await;
    assert_eq!(broken["error"]["code"], "invalid_json");
    assert!(
        broken["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1 column")
    );

    let mut extra = filing();
    extra["person"]["nickname"] = json!("小明");
    let unknown = post(serde_json::to_vec(&extra).unwrap(), "application/json").await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let unknown = body(unknown).await;
    assert_eq!(unknown["error"]["code"], "unknown_field");
    assert_eq!(unknown["error"]["field"], "person.nickname");
}

#[tokio::test]
async fn writes_are_rate_limited_per_client() {
    let server = start(|state| {
        state.limits = Arc::new(
            Limits::from_lookup(|key| (key == "YIDI_WRITE_RATE").then(|| "2".into())).unwrap(),
        )
    })
    .await;
    assert_eq!(
        server.file("r1", &filing()).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        server.file("r2", &filing_for(1)).await.status(),
        StatusCode::CREATED
    );
    let limited = server.file("r3", &filing_for(2)).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=31).contains(&wait), "{wait}");
    assert_eq!(body(limited).await["error"]["code"], "rate_limited");
    // Another address has its own bucket: the accept loop gives each request its peer's address.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let elsewhere = other
        .post(server.url("/api/filings"))
        .header("idempotency-key", "r4")
        .json(&filing_for(3))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::CREATED);
    // Lookups are reads and stay open.
    let lookup = server
        .client
        .post(server.url("/api/filings/lookup"))
        .json(&json!({"number": "YD000000000000", "resident_id": RESIDENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(lookup.status(), StatusCode::NOT_FOUND);
}

async fn patch(server: &api_support::TestServer, number: &str, change: Value) -> reqwest::Response {
    server
        .client
        .patch(server.url(&format!("/api/filings/{number}")))
        .json(&change)
        .send()
        .await
        .unwrap()
}

async fn cancel(server: &api_support::TestServer, number: &str, id: &str) -> reqwest::Response {
    server
        .client
        .post(server.url(&format!("/api/filings/{number}/cancel")))
        .json(&json!({"resident_id": id}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_is_checked_by_the_filing_rules_and_recorded() {
    let server = start(|_| {}).await;
    let number = filed(&server, "change").await;
    let end = today().checked_add_months(chrono::Months::new(24)).unwrap();
    // A new phone needs the whole phone the filing has now, not only the ID number.
    for (current, code) in [
        (None, "current_phone_missing"),
        (Some("13912345670"), "current_phone_mismatch"),
    ] {
        let refused = patch(
            &server,
            &number,
            json!({"resident_id": RESIDENT_ID, "phone": "13700001111", "current_phone": current}),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = body(refused).await;
        assert_eq!(refused["error"]["code"], code);
        assert_eq!(refused["error"]["field"], "current_phone");
    }
    let changed = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "phone": "13700001111", "end_date": end, "current_phone": PHONE}),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed = body(changed).await;
    assert_eq!(changed["filing"]["phone_masked"], "137****1111");
    assert_eq!(changed["filing"]["valid_until"], end.to_string());
    let history = changed["filing"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["action"], "changed");
    assert_eq!(history[1]["fields"], json!(["end_date", "phone"]));

    let cleared = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "end_date": null}),
    )
    .await;
    assert_eq!(body(cleared).await["filing"]["valid_until"], Value::Null);

    // Tianjin allows a whole province; Tianjin itself is the insured province and so not a destination.
    let province = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "destination": {"province": "110000"}, "current_phone": "137 0000 1111"}),
    )
    .await;
    assert_eq!(province.status(), StatusCode::OK);
    let refused = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "phone": "123", "destination": {"province": "120000", "city": "120000"}}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let codes: Vec<Value> = body(refused).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            json!("phone_invalid"),
            json!("destination_is_insured_province")
        ]
    );

    let wrong_owner = patch(
        &server,
        &number,
        json!({"resident_id": "110105194912310038", "phone": "13700001111"}),
    )
    .await;
    assert_eq!(wrong_owner.status(), StatusCode::NOT_FOUND);

    let shown = server
        .client
        .get(server.url(&format!("/api/filings/{number}")))
        .header("x-resident-id", RESIDENT_ID)
        .send()
        .await
        .unwrap();
    let history = body(shown).await["filing"]["history"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        history, 4,
        "filed, two changes and the province move; refusals leave no trace"
    );
}

#[tokio::test]
async fn a_temporary_filing_keeps_within_the_insured_places_months() {
    let server = start(|_| {}).await;
    let mut temporary = filing();
    temporary["category"] = json!("other_temporary");
    let response = server.file("temporary", &temporary).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let number = body(response).await["filing"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let too_long = today().checked_add_months(chrono::Months::new(13)).unwrap();
    let refused = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "end_date": too_long}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(refused).await["error"]["code"], "temporary_too_long");
}

#[tokio::test]
async fn a_locked_destination_cannot_move_but_the_phone_can_change() {
    let server = start(|state| {
        let places = PlaceData::load(&data_dir())
            .unwrap()
            .with_change_lock("120000", 6);
        state.places = Arc::new(places);
    })
    .await;
    let response = server.file("locked", &filing()).await;
    let filing_view = body(response).await;
    let number = filing_view["filing"]["number"].as_str().unwrap();
    let until = today().checked_add_months(chrono::Months::new(6)).unwrap();
    assert_eq!(filing_view["filing"]["locked_until"], until.to_string());
    let moved = patch(
        &server,
        number,
        json!({"resident_id": RESIDENT_ID, "destination": {"province": "110000", "city": "110000"}, "current_phone": PHONE}),
    )
    .await;
    assert_eq!(moved.status(), StatusCode::CONFLICT);
    let moved = body(moved).await;
    assert_eq!(moved["error"]["code"], "filing_locked");
    assert_eq!(moved["error"]["field"], "destination");
    let phone = patch(
        &server,
        number,
        json!({"resident_id": RESIDENT_ID, "phone": "13700001111", "current_phone": PHONE}),
    )
    .await;
    assert_eq!(phone.status(), StatusCode::OK);
}

#[tokio::test]
async fn cancelling_is_a_state_that_ends_changes() {
    let server = start(|_| {}).await;
    let number = filed(&server, "cancel").await;
    let wrong = cancel(&server, &number, "110105194912310038").await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let cancelled = cancel(&server, &number, RESIDENT_ID).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let cancelled = body(cancelled).await;
    assert_eq!(cancelled["filing"]["state"], "cancelled");
    assert_eq!(cancelled["filing"]["history"][1]["action"], "cancelled");

    let twice = cancel(&server, &number, RESIDENT_ID).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(body(twice).await["error"]["code"], "filing_cancelled");
    let change = patch(
        &server,
        &number,
        json!({"resident_id": RESIDENT_ID, "phone": "13700001111"}),
    )
    .await;
    assert_eq!(change.status(), StatusCode::CONFLICT);
    assert_eq!(body(change).await["error"]["code"], "filing_cancelled");

    // Still there to look up, in its cancelled state.
    let shown = server
        .client
        .post(server.url("/api/filings/lookup"))
        .json(&json!({"number": number, "resident_id": RESIDENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(body(shown).await["filing"]["state"], "cancelled");
}

#[tokio::test]
async fn no_plain_text_error_reaches_a_client() {
    let server = start(|_| {}).await;
    let checks = [
        server
            .client
            .delete(server.url("/api/filings/YD000000000000")),
        server.client.get(server.url("/api/filings")),
        server.client.get(server.url("/api/no-such-thing")),
        server
            .client
            .get(server.url("/api/filings/%FF%FE"))
            .header("x-resident-id", RESIDENT_ID),
        server
            .client
            .patch(server.url("/api/filings/YD000000000000"))
            .header("content-type", "application/json")
            .body("[]"),
    ];
    for request in checks {
        let response = request.send().await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{}",
            response.url()
        );
        let error: Value = response.json().await.unwrap();
        assert!(error["error"]["code"].is_string(), "{error}");
    }
}

/// One answer held to the document: its status is described for its operation, its body matches that
/// status's schema, and it carries the headers described for it.
async fn described(
    document: &Value,
    method: &str,
    template: &str,
    request: reqwest::RequestBuilder,
) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body: Value = response.json().await.unwrap();
    let operation = &document["paths"][template][method];
    assert!(
        operation.is_object(),
        "{method} {template} is not described"
    );
    let described = &operation["responses"][status.as_str()];
    assert!(
        described.is_object(),
        "{method} {template} answered {status}, which it does not describe: {body}"
    );
    let schema = &described["content"]["application/json"]["schema"];
    if let Err(problems) = schema::check(document, schema, &body) {
        panic!("{method} {template} {status}: {problems:#?} in {body}");
    }
    for name in described["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(n, _)| n)
    {
        assert!(
            headers.contains_key(name.as_str()),
            "{method} {template} {status} has no {name}"
        );
    }
    (status, body)
}

#[test]
fn the_schema_checker_can_fail() {
    let document = json!({"components": {"schemas": {"A": {
        "type": "object", "required": ["a"], "additionalProperties": false,
        "properties": {"a": {"type": "string", "enum": ["x"]}, "d": {"type": ["string", "null"], "format": "date"}}
    }}}});
    let a = json!({"$ref": "#/components/schemas/A"});
    assert!(schema::check(&document, &a, &json!({"a": "x", "d": "2026-01-31"})).is_ok());
    for wrong in [
        json!({}),
        json!({"a": "y"}),
        json!({"a": "x", "b": 1}),
        json!({"a": "x", "d": "31.01.2026"}),
        json!({"a": 1}),
    ] {
        assert!(schema::check(&document, &a, &wrong).is_err(), "{wrong}");
    }
}

async fn openapi_document(server: &api_support::TestServer) -> Value {
    let response = server
        .client
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert_eq!(response.headers()["content-type"], "application/json");
    let document = body(response).await;
    assert_eq!(document["openapi"], "3.1.0");
    document
}

#[tokio::test]
async fn serves_its_openapi_document_with_every_route_and_method() {
    let server = start(|_| {}).await;
    let document = openapi_document(&server).await;
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 10, "{:?}", paths.keys());
    for (template, item) in paths {
        let path = template.replace("{number}", "YD0000000000AB");
        for method in ["get", "post", "put", "patch", "delete"] {
            let request = server
                .client
                .request(method.to_uppercase().parse().unwrap(), server.url(&path))
                .header("content-type", "application/json")
                .body("{}");
            let answer = body(request.send().await.unwrap()).await;
            let refused = answer["error"]["code"] == "method_not_allowed"
                || answer["error"]["code"] == "not_found";
            assert_eq!(
                item.get(method).is_some(),
                !refused,
                "{method} {template}: described and routed must agree ({answer})"
            );
        }
    }
}

#[tokio::test]
async fn every_example_in_the_document_matches_its_schema() {
    let server = start(|_| {}).await;
    let document = openapi_document(&server).await;
    let mut responses: Vec<&Value> = document["components"]["responses"]
        .as_object()
        .unwrap()
        .values()
        .collect();
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            responses.extend(operation["responses"].as_object().unwrap().values());
        }
    }
    let mut examples = 0;
    for response in responses {
        let content = &response["content"]["application/json"];
        for (name, example) in content["examples"].as_object().into_iter().flatten() {
            if let Err(problems) = schema::check(&document, &content["schema"], &example["value"]) {
                panic!("example {name}: {problems:#?}");
            }
            assert_eq!(example["value"]["error"]["code"], name.as_str());
            examples += 1;
        }
    }
    assert!(examples > 100, "{examples} examples");
}

#[tokio::test]
async fn every_answer_matches_the_openapi_document() {
    let server = start(|_| {}).await;
    let document = openapi_document(&server).await;
    let client = &server.client;
    let url = |path: &str| server.url(path);
    let mut request = filing();
    request["chronic_qualifications"] = json!(["M01600"]);

    let (status, _) = described(
        &document,
        "get",
        "/api/health",
        client.get(url("/api/health")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let file = |key: Option<&str>, body: String| {
        let builder = client
            .post(url("/api/filings"))
            .header("content-type", "application/json")
            .body(body);
        match key {
            Some(key) => builder.header("idempotency-key", key),
            None => builder,
        }
    };
    let (status, created) = described(
        &document,
        "post",
        "/api/filings",
        file(Some("doc-1"), request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let number = created["filing"]["number"].as_str().unwrap().to_owned();
    let filing_body = json!({"$ref": "#/components/schemas/FilingBody"});
    assert!(schema::check(&document, &filing_body, &created).is_ok());
    for (field, wrong) in [
        ("state", json!("bogus")),
        ("history", Value::Null),
        ("created_at", json!("today")),
    ] {
        let mut bent = created.clone();
        bent["filing"][field] = wrong;
        assert!(
            schema::check(&document, &filing_body, &bent).is_err(),
            "{field}"
        );
    }
    let (status, _) = described(
        &document,
        "post",
        "/api/filings",
        file(Some("doc-1"), request.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut other = request.clone();
    other["person"]["phone"] = json!("13800138000");
    let mut broken = request.clone();
    broken["person"]["name"] = json!("");
    broken["person"]["phone"] = json!("12");
    let mut unknown = request.clone();
    unknown["person"]["nickname"] = json!("x");
    for (key, body, expected) in [
        (Some("doc-1"), other.to_string(), "idempotency_key_reused"),
        (None, request.to_string(), "idempotency_key_missing"),
        (
            Some("a key"),
            request.to_string(),
            "idempotency_key_invalid",
        ),
        (Some("doc-2"), "{\"applicant\":".into(), "invalid_json"),
        (Some("doc-2"), unknown.to_string(), "unknown_field"),
        (
            Some("doc-2"),
            json!({"person": 1}).to_string(),
            "invalid_value",
        ),
        (Some("doc-2"), broken.to_string(), "name_missing"),
        (
            Some("doc-2"),
            format!("{{\"x\": \"{}\"}}", "a".repeat(20_000)),
            "body_too_large",
        ),
    ] {
        let (_, answer) = described(&document, "post", "/api/filings", file(key, body)).await;
        assert_eq!(answer["error"]["code"], expected);
    }
    let (_, again) = described(
        &document,
        "post",
        "/api/filings",
        file(Some("doc-4"), request.to_string()),
    )
    .await;
    assert_eq!(again["error"]["code"], "filing_in_effect");
    assert_eq!(again["filing"]["number"], number.as_str());
    let text = client
        .post(url("/api/filings"))
        .header("idempotency-key", "doc-3")
        .header("content-type", "text/plain")
        .body(request.to_string());
    let (status, _) = described(&document, "post", "/api/filings", text).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let lookup = |number: &str, resident_id: &str| {
        client
            .post(url("/api/filings/lookup"))
            .json(&json!({"number": number, "resident_id": resident_id}))
    };
    for (number, resident_id, expected) in [
        (number.as_str(), RESIDENT_ID, StatusCode::OK),
        (number.as_str(), "12345", StatusCode::UNPROCESSABLE_ENTITY),
        ("YD0000000000AB", RESIDENT_ID, StatusCode::NOT_FOUND),
    ] {
        let (status, _) = described(
            &document,
            "post",
            "/api/filings/lookup",
            lookup(number, resident_id),
        )
        .await;
        assert_eq!(status, expected);
    }

    let one = "/api/filings/{number}";
    let path = format!("/api/filings/{number}");
    let show = client.get(url(&path)).header("x-resident-id", RESIDENT_ID);
    let (status, _) = described(&document, "get", one, show).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = described(&document, "get", one, client.get(url(&path))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let end = (today() + chrono::Days::new(400)).to_string();
    for (change, expected) in [
        (json!({"resident_id": RESIDENT_ID, "end_date": end}), "200"),
        (json!({"resident_id": RESIDENT_ID, "end_date": null}), "200"),
        (
            json!({"resident_id": RESIDENT_ID, "phone": "13700001111"}),
            "current_phone_missing",
        ),
        (
            json!({"resident_id": RESIDENT_ID, "phone": "13700001111", "current_phone": "13700001111"}),
            "current_phone_mismatch",
        ),
        (
            json!({"resident_id": RESIDENT_ID, "phone": "13700001111", "current_phone": PHONE}),
            "200",
        ),
    ] {
        let (status, answer) = described(
            &document,
            "patch",
            one,
            client.patch(url(&path)).json(&change),
        )
        .await;
        let code = answer["error"]["code"]
            .as_str()
            .unwrap_or(status.as_str())
            .to_owned();
        assert_eq!(code, expected, "{change}");
    }

    let points = "/api/filings/{number}/points";
    for (service, expected) in [
        (json!({"chronic": "M01600"}), StatusCode::OK),
        (json!("inpatient"), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let put = client.put(url(&format!("{path}/points"))).json(&json!({
            "resident_id": RESIDENT_ID, "service": service, "institutions": ["H13100000001"]
        }));
        let (status, _) = described(&document, "put", points, put).await;
        assert_eq!(status, expected);
    }

    let card = |number: &str| {
        client
            .post(url(&format!("/api/filings/{number}/card")))
            .json(&json!({"resident_id": RESIDENT_ID}))
    };
    let (status, token) = described(
        &document,
        "post",
        "/api/filings/{number}/card",
        card(&number),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let verify = |token: &Value| {
        client
            .post(url("/api/card/verify"))
            .json(&json!({"token": token}))
    };
    let (_, valid) = described(
        &document,
        "post",
        "/api/card/verify",
        verify(&token["token"]),
    )
    .await;
    assert_eq!(valid["status"], "valid");
    assert!(valid["filing"].get("number").is_none(), "{valid}");
    let (_, forged) = described(
        &document,
        "post",
        "/api/card/verify",
        verify(&json!("junk")),
    )
    .await;
    assert_eq!(forged["status"], "forged");

    let cancel = || {
        client
            .post(url(&format!("{path}/cancel")))
            .json(&json!({"resident_id": RESIDENT_ID}))
    };
    let cancels = "/api/filings/{number}/cancel";
    let (status, _) = described(&document, "post", cancels, cancel()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = described(&document, "post", cancels, cancel()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = described(
        &document,
        "post",
        "/api/filings/{number}/card",
        card(&number),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, cancelled) = described(
        &document,
        "post",
        "/api/card/verify",
        verify(&token["token"]),
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
}

#[tokio::test]
async fn every_limit_is_answered_as_the_document_says() {
    let server = start(|state| {
        state.limits = Arc::new(
            Limits::from_lookup(|key| {
                matches!(
                    key,
                    "YIDI_WRITE_RATE" | "YIDI_CARD_RATE" | "YIDI_ATTEMPTS_PER_ADDRESS"
                )
                .then(|| "1".into())
            })
            .unwrap(),
        );
    })
    .await;
    let document = openapi_document(&server).await;
    let client = &server.client;
    let file = || {
        client
            .post(server.url("/api/filings"))
            .header("idempotency-key", "limit")
            .json(&filing())
    };
    let (status, _) = described(&document, "post", "/api/filings", file()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, limited) = described(&document, "post", "/api/filings", file()).await;
    assert_eq!(limited["error"]["code"], "rate_limited");

    let verify = || {
        client
            .post(server.url("/api/card/verify"))
            .json(&json!({"token": "junk"}))
    };
    described(&document, "post", "/api/card/verify", verify()).await;
    let (_, limited) = described(&document, "post", "/api/card/verify", verify()).await;
    assert_eq!(limited["error"]["code"], "card_rate_limited");

    let lookup = || {
        client
            .post(server.url("/api/filings/lookup"))
            .json(&json!({"number": "YD0000000000AB", "resident_id": RESIDENT_ID}))
    };
    described(&document, "post", "/api/filings/lookup", lookup()).await;
    let (_, limited) = described(&document, "post", "/api/filings/lookup", lookup()).await;
    assert_eq!(limited["error"]["code"], "too_many_attempts");
}

/// A second filing of one kind for one person is refused while the first is in effect; the filing number comes
/// back only to whoever gives the filed name and phone, so an ID number alone tells no stranger the number.
#[tokio::test]
async fn one_filing_of_a_kind_in_effect_per_person() {
    let server = start(|_| {}).await;
    let first = filed(&server, "once-1").await;

    // The same person, another long-term category and destination, the phone typed with spaces: 409 with the number.
    let mut again = filing();
    again["category"] = json!("long_term_resident");
    again["destination"] = json!({"province": "110000", "city": "110000"});
    again["person"]["resident_id"] = json!("11010519491231002X");
    again["person"]["phone"] = json!("139 1234 5678");
    let own = server
        .client
        .post(server.url("/api/filings"))
        .header("idempotency-key", "once-2")
        .header("accept-language", "en")
        .json(&again)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::CONFLICT);
    assert_eq!(own.headers()["cache-control"], "no-store");
    let own = body(own).await;
    assert_eq!(own["error"]["code"], "filing_in_effect");
    assert_eq!(own["filing"]["number"], first.as_str());
    let message = own["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&first) && message.contains("long-term"),
        "{message}"
    );

    // Someone who knows only the ID number (another name, or another phone) learns no number.
    let mut stranger = again.clone();
    stranger["person"]["name"] = json!("李四");
    let mut other_phone = again.clone();
    other_phone["person"]["phone"] = json!("13700001111");
    let mut withheld = Vec::new();
    for (key, body) in [("once-3", &stranger), ("once-4", &other_phone)] {
        let response = server.file(key, body).await;
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let text = response.text().await.unwrap();
        assert!(!text.contains(&first), "{text}");
        let answer: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(answer["error"]["code"], "filing_in_effect");
        assert!(answer.get("filing").is_none(), "{answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("备案号查询")
        );
        withheld.push(text);
    }
    assert_eq!(
        withheld[0], withheld[1],
        "one answer whatever did not match"
    );

    // A temporary filing may stand beside the long-term one.
    let mut temporary = filing();
    temporary["category"] = json!("other_temporary");
    assert_eq!(
        server.file("once-5", &temporary).await.status(),
        StatusCode::CREATED
    );

    // Once the first is cancelled, the refused filing goes through, under its own unused key.
    assert_eq!(
        cancel(&server, &first, RESIDENT_ID).await.status(),
        StatusCode::OK
    );
    let after = server.file("once-2", &again).await;
    assert_eq!(after.status(), StatusCode::CREATED);
    assert_ne!(body(after).await["filing"]["number"], first.as_str());
    // And the first one's retry still answers the first filing, now cancelled.
    let retry = server.file("once-1", &filing()).await;
    assert_eq!(retry.status(), StatusCode::OK);
    let retry = body(retry).await;
    assert_eq!(retry["filing"]["number"], first.as_str());
    assert_eq!(retry["filing"]["state"], "cancelled");
}

/// The test people are valid ID numbers, each its own.
#[test]
fn test_people_are_valid_and_distinct() {
    let ids: std::collections::HashSet<String> = (0..3000).map(resident_id).collect();
    assert_eq!(ids.len(), 3000);
    for id in &ids {
        let parsed = yidi::domain::filing::ResidentId::parse(id).unwrap();
        assert_eq!(parsed.as_str(), id);
    }
}
