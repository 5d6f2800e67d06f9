//! The filings API end to end: the real router over a real SQLite file in a temp dir.

mod api_support;

use std::sync::Arc;

use api_support::{
    NAME, PHONE, RESIDENT_ID, data_dir, filing, filing_for, resident_id, start, today,
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

#[tokio::test]
async fn serves_its_openapi_document() {
    let server = start(|_| {}).await;
    let response = server
        .client
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let document = body(response).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert!(document["paths"]["/api/filings"]["post"].is_object());
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
