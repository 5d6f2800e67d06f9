//! An attacker's view of the API: what a code card gives away, how far guessing an ID number gets, and what one
//! address, or one proxy in front of many people, may do. The real router over a real SQLite file.

mod api_support;

use std::sync::Arc;

use api_support::{NAME, PHONE, RESIDENT_ID, filing, resident_id, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use yidi::server::{Limits, TrustedProxies};

/// Resident IDs that are well formed (their check digit is right), none of them the test filer's: what a brute
/// force tries, and other people's numbers.
fn resident_ids(count: u32) -> Vec<String> {
    (1..=count).map(resident_id).collect()
}

/// The server behind a proxy at 127.0.0.1, so that each test client can be a different address.
async fn behind_a_proxy() -> api_support::TestServer {
    start(|state| {
        state.trusted_proxies = Arc::new(TrustedProxies::parse("127.0.0.1").unwrap());
    })
    .await
}

async fn lookup(
    server: &api_support::TestServer,
    from: &str,
    number: &str,
    id: &str,
) -> reqwest::Response {
    server
        .client
        .post(server.url("/api/filings/lookup"))
        .header("x-forwarded-for", from)
        .json(&json!({"number": number, "resident_id": id}))
        .send()
        .await
        .unwrap()
}

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn guessing_the_id_number_of_a_known_filing_is_stopped_after_ten_tries_from_anywhere() {
    let server = behind_a_proxy().await;
    let number = server.filed("guess", &filing()).await;
    // Ten addresses, one wrong guess each: the number's ten tries an hour are spent.
    for (i, id) in resident_ids(10).iter().enumerate() {
        let miss = lookup(&server, &format!("203.0.113.{i}"), &number, id).await;
        assert_eq!(miss.status(), StatusCode::NOT_FOUND, "try {i}");
    }
    // The eleventh try is refused before it is looked at, even with the right ID number, from a new address:
    // the refusal tells nothing about the guess.
    for id in [&resident_ids(11)[10], &RESIDENT_ID.to_owned()] {
        let refused = lookup(&server, "198.51.100.77", &number, id).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (3500..=3600).contains(&wait),
            "one try comes back an hour later: {wait}"
        );
        let refused = body(refused).await;
        assert_eq!(refused["error"]["code"], "too_many_attempts");
        assert!(refused.get("filing").is_none());
    }
    // Every endpoint that answers about a person is behind the same limit.
    let number_path = |tail: &str| server.url(&format!("/api/filings/{number}{tail}"));
    let from = ("x-forwarded-for", "198.51.100.78");
    let answers = [
        server
            .client
            .get(number_path(""))
            .header(from.0, from.1)
            .header("x-resident-id", RESIDENT_ID)
            .send(),
        server
            .client
            .patch(number_path(""))
            .header(from.0, from.1)
            .json(&json!({"resident_id": RESIDENT_ID, "end_date": null}))
            .send(),
        server
            .client
            .post(number_path("/cancel"))
            .header(from.0, from.1)
            .json(&json!({"resident_id": RESIDENT_ID}))
            .send(),
        server
            .client
            .post(number_path("/card"))
            .header(from.0, from.1)
            .json(&json!({"resident_id": RESIDENT_ID}))
            .send(),
        server
            .client
            .put(number_path("/points"))
            .header(from.0, from.1)
            .json(&json!({"resident_id": RESIDENT_ID, "service": "general_outpatient", "institutions": []}))
            .send(),
    ];
    for answer in answers {
        let answer = answer.await.unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            answer.url()
        );
    }
}

#[tokio::test]
async fn a_code_card_gives_nothing_to_start_a_search_from() {
    let server = start(|_| {}).await;
    let number = server.filed("card-search", &filing()).await;
    let token = body(
        server
            .client
            .post(server.url(&format!("/api/filings/{number}/card")))
            .json(&json!({"resident_id": RESIDENT_ID}))
            .send()
            .await
            .unwrap(),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // The tester's way in was the number readable in the token, then the masked ID from verify. Now the
    // token is sealed, and nothing the counter is shown is, or contains, the filing number.
    assert!(!token.contains(&number[2..]));
    let counter = body(
        server
            .client
            .post(server.url("/api/card/verify"))
            .json(&json!({"token": token}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(counter["status"], "valid");
    let shown = counter.to_string();
    assert!(!shown.contains(&number[2..]), "{shown}");
    // Trying the token itself, or what the counter saw, as a number leads nowhere and counts as a miss.
    let miss = lookup(&server, "203.0.113.1", &token, RESIDENT_ID).await;
    assert_eq!(miss.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_address_gets_thirty_failed_tries_an_hour_across_all_numbers() {
    let server = behind_a_proxy().await;
    let number = server.filed("address", &filing()).await;
    let attacker = "203.0.113.50";
    // Wrong IDs spread over made-up numbers, so that no number's own limit is reached.
    for i in 0..30 {
        let made_up = format!("YD{:012}", i);
        let miss = lookup(&server, attacker, &made_up, RESIDENT_ID).await;
        assert_eq!(miss.status(), StatusCode::NOT_FOUND, "try {i}");
    }
    let refused = lookup(&server, attacker, &number, RESIDENT_ID).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body(refused).await["error"]["code"], "too_many_attempts");
    // The owner, elsewhere, is not held up by someone else's failures at other numbers.
    let owner = lookup(&server, "198.51.100.9", &number, RESIDENT_ID).await;
    assert_eq!(owner.status(), StatusCode::OK);
    // A matching try spends nothing: the owner may look as often as they like.
    for _ in 0..40 {
        let again = lookup(&server, "198.51.100.9", &number, RESIDENT_ID).await;
        assert_eq!(again.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn filing_with_someone_elses_id_number_names_no_filing_and_counts_as_a_guess() {
    let server = behind_a_proxy().await;
    let number = server.filed("theirs", &filing()).await;
    let stranger = "203.0.113.60";
    let mut theirs = filing();
    theirs["person"]["name"] = json!("李四");
    theirs["person"]["phone"] = json!("13500000000");
    for i in 0..30 {
        let refused = server
            .client
            .post(server.url("/api/filings"))
            .header("x-forwarded-for", stranger)
            .header("idempotency-key", format!("stranger-{i}"))
            .json(&theirs)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let refused = body(refused).await;
        assert_eq!(refused["error"]["code"], "filing_in_effect");
        assert!(!refused.to_string().contains(&number), "{refused}");
    }
    // Thirty such refusals spent the address's tries: a lookup from it is now refused unseen.
    let next = lookup(&server, stranger, &number, RESIDENT_ID).await;
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
    // No proxy trusted: X-Forwarded-For is the client's own word, and every try counts against the peer.
    let server = start(|_| {}).await;
    for i in 0..30 {
        let made_up = format!("YD{:012}", i);
        let miss = lookup(&server, &format!("203.0.113.{i}"), &made_up, RESIDENT_ID).await;
        assert_eq!(miss.status(), StatusCode::NOT_FOUND);
    }
    let spent = lookup(&server, "203.0.113.200", "YD000000000099", RESIDENT_ID).await;
    assert_eq!(
        spent.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up X-Forwarded-For does not buy new tries"
    );
}

#[tokio::test]
async fn a_hundred_people_behind_one_address_refresh_their_code_cards() {
    // Writes stay at their default (30 a minute); cards have their own limit.
    let server = start(|state| {
        state.limits = Arc::new(Limits::from_lookup(|_| None).unwrap());
    })
    .await;
    let mut numbers = Vec::new();
    let people = resident_ids(25);
    for (i, id) in people.iter().enumerate() {
        let mut request = filing();
        request["person"]["resident_id"] = json!(id);
        request["person"]["phone"] = json!(format!("139000000{i:02}"));
        let response = server.file(&format!("people-{i}"), &request).await;
        assert_eq!(response.status(), StatusCode::CREATED, "filing {i}");
        numbers.push(
            body(response).await["filing"]["number"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    // A hundred cards, and a counter verifying each, within a minute from one address.
    for i in 0..100 {
        let (number, id) = (&numbers[i % 25], &people[i % 25]);
        let issued = server
            .client
            .post(server.url(&format!("/api/filings/{number}/card")))
            .json(&json!({"resident_id": id}))
            .send()
            .await
            .unwrap();
        assert_eq!(issued.status(), StatusCode::OK, "card {i}");
        let token = body(issued).await["token"].as_str().unwrap().to_owned();
        let checked = server
            .client
            .post(server.url("/api/card/verify"))
            .json(&json!({"token": token}))
            .send()
            .await
            .unwrap();
        assert_eq!(body(checked).await["status"], "valid", "verify {i}");
    }
    // Showing cards spent no writes: a change still goes through.
    let changed = server
        .client
        .patch(server.url(&format!("/api/filings/{}", numbers[0])))
        .json(&json!({"resident_id": people[0], "phone": "13800000000", "current_phone": "13900000000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
}

async fn find(
    server: &api_support::TestServer,
    from: &str,
    id: &str,
    name: &str,
    phone: &str,
) -> reqwest::Response {
    server
        .client
        .post(server.url("/api/filings/find"))
        .header("x-forwarded-for", from)
        .json(&json!({"resident_id": id, "name": name, "phone": phone}))
        .send()
        .await
        .unwrap()
}

/// Finding one's filings on another device: the three things the person knows find them, masked; a wrong name,
/// a wrong phone and an ID number with no filing get one byte-identical answer; misses count against the ID
/// number wherever they come from, and past ten even the right three are refused.
#[tokio::test]
async fn finding_filings_by_id_name_and_phone_gives_one_answer_for_none_and_stops_guessing() {
    let server = behind_a_proxy().await;
    let number = server.filed("find", &filing()).await;

    let found = find(
        &server,
        "198.51.100.1",
        RESIDENT_ID,
        &format!(" {NAME} "),
        "139-1234-5678",
    )
    .await;
    assert_eq!(found.status(), StatusCode::OK);
    assert_eq!(found.headers()["cache-control"], "no-store");
    let text = found.text().await.unwrap();
    assert!(
        !text.contains(RESIDENT_ID) && !text.contains(PHONE),
        "{text}"
    );
    let found: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(found["filings"].as_array().unwrap().len(), 1);
    assert_eq!(found["filings"][0]["number"], number);
    assert_eq!(
        found["filings"][0]["resident_id_masked"],
        "1101**********002X"
    );

    // None, three ways, one answer.
    let mut nones = Vec::new();
    for (i, (id, name, phone)) in [
        (RESIDENT_ID.to_owned(), "李四".to_owned(), PHONE.to_owned()),
        (
            RESIDENT_ID.to_owned(),
            NAME.to_owned(),
            "13900139000".to_owned(),
        ),
        (
            resident_ids(1)[0].clone(),
            NAME.to_owned(),
            PHONE.to_owned(),
        ),
    ]
    .iter()
    .enumerate()
    {
        let none = find(&server, &format!("203.0.113.{i}"), id, name, phone).await;
        assert_eq!(none.status(), StatusCode::OK);
        let length = none.headers()["content-length"].clone();
        nones.push((length, none.bytes().await.unwrap()));
    }
    assert_eq!(nones[0].1.as_ref(), br#"{"filings":[]}"#);
    assert!(nones.iter().all(|n| *n == nones[0]), "{nones:?}");

    // A malformed form is a 422 naming every field, and tells nothing.
    let malformed = body(find(&server, "203.0.113.9", "1101", "", "12").await).await;
    let fields: Vec<&str> = malformed["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["resident_id", "name", "phone"]);

    // Eight more wrong names from eight addresses: the ID number's ten misses are spent (two above were on it).
    for (i, stem) in "甲乙丙丁戊己庚辛".chars().enumerate() {
        let miss = find(
            &server,
            &format!("192.0.2.{i}"),
            RESIDENT_ID,
            &format!("王{stem}"),
            PHONE,
        )
        .await;
        assert_eq!(miss.status(), StatusCode::OK, "try {i}");
    }
    let refused = find(&server, "198.51.100.2", RESIDENT_ID, NAME, PHONE).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body(refused).await["error"]["code"], "too_many_attempts");
    // Another person's search is not held up.
    let other = find(&server, "198.51.100.3", &resident_ids(2)[1], NAME, PHONE).await;
    assert_eq!(other.status(), StatusCode::OK);
}
