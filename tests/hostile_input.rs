//! Hostile input against the real `yidi` binary: hundreds of malformed, oversized, wrongly typed, injected and
//! replayed requests, sent as raw bytes over TCP so that nothing in a client library tidies them first.
//!
//! Every API answer must be a 4xx in the one error shape (`{"error": {"code", "message", "field"}}`) or, for a
//! legitimate request such as a replay, the right 2xx; never a 5xx. Afterwards the server still answers its health
//! check, the filing made before the storm is exactly as it was, and the database holds exactly the filings that
//! were answered 201. Run with `--nocapture` to see the tally.

mod api_support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use api_support::{RESIDENT_ID, filing, filing_for, resident_id, spawn_binary};
use serde_json::{Value, json};

/// Text that must never come back from the static files: it sits beside the served folder, not in it.
const SECRET: &str = "secret-outside-dist-4f1c";
/// The served folder's `index.html`, the shell every client route answers with.
const SHELL: &str = "<!doctype html><title>yidi shell</title>";

/// SQL injection, script injection and other strings that break naive code, for every text field.
const INJECTIONS: [&str; 18] = [
    "' OR '1'='1",
    "'; DROP TABLE filings; --",
    "\" OR 1=1 --",
    "1; SELECT * FROM filings",
    "' UNION SELECT number, request FROM filings --",
    "Robert'); DROP TABLE filing_history;--",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}${7*7}",
    "../../../etc/passwd",
    "%00%27%3Cscript%3E",
    "\u{0}\u{1}\u{7f}",
    "\u{202e}gnp.exe",
    "😀😀😀",
    "\\u0000\\\"",
    "   ",
];

/// Free text no person could check by eye: control, format and separator characters, or blanks alone. Refused with
/// 422 on its own field wherever free text goes (the first two are among the injections too).
const HIDDEN: [&str; 14] = [
    "\u{0}\u{1}\u{7f}",
    "\u{202e}gnp.exe",
    "王\u{0}小明",
    "\u{1b}[31m王小明\u{1b}[0m",
    "\u{1b}]0;title\u{7}王小明",
    "王小明\r\nSet-Cookie: a=1",
    "王\n小明",
    "\u{200b}",
    "\u{feff}王小明",
    "\u{3164}",
    "\u{3164}\u{3164}\u{3164}",
    "王\u{2028}小明",
    "王\u{2066}小明\u{2069}",
    "王\u{85}小明",
];

/// Names of rare characters (CJK extensions B and G), minority names with a middle dot, Latin letters and a
/// private-use character: accepted and kept exactly.
const VISIBLE: [&str; 6] = [
    "𠀀𪚥",
    "\u{30000}\u{3134a}",
    "阿依古丽·买买提",
    "阿依古丽・买买提",
    "Zhang San",
    "王\u{e000}",
];

/// How an answer must look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A 4xx in the one JSON error shape.
    Refused,
    /// This 4xx in the one shape with this code.
    RefusedAs(u16, &'static str),
    /// A 2xx with a JSON body: a legitimate request.
    Accepted,
    /// Either of the above: free text the rules may well accept.
    AcceptedOrRefused,
    /// Refused by the HTTP layer before any route runs (a header too large, a path that is not HTTP): any 4xx.
    Protocol,
    /// A static path: never a 5xx and never a file from outside the served folder.
    Static,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

struct Storm {
    addr: String,
    tally: BTreeMap<u16, usize>,
    sent: usize,
    /// Answers outside the one JSON shape: refusals by the HTTP layer before routing, and static files.
    shapeless: usize,
    created: Vec<Value>,
}

/// One request as bytes: the request line, `Host`, `Connection: close`, a length unless `headers` name one.
fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
        .into_bytes();
    for (name, value) in headers {
        raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    let framed = headers.iter().any(|(n, _)| {
        n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding")
    });
    if !framed {
        raw.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    raw
}

fn json_request(method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    request(method, path, &[("Content-Type", "application/json")], body)
}

fn filing_request(key: &str, body: &[u8]) -> Vec<u8> {
    request(
        "POST",
        "/api/filings",
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", key),
        ],
        body,
    )
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sends raw bytes and reads the answer to the end. Writing runs beside reading, so a server that answers an
/// oversized body before reading it all is heard rather than lost in a reset.
fn exchange(addr: &str, what: &str, raw: Vec<u8>) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let writing = std::thread::spawn(move || {
        for chunk in raw.chunks(64 * 1024) {
            if writer.write_all(chunk).is_err() {
                break;
            }
        }
    });
    let mut received = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(err) if received.is_empty() => panic!("no answer to {what}: {err}"),
            Err(_) => break,
        }
    }
    writing.join().unwrap();
    parse_answer(&received)
}

fn parse_answer(received: &[u8]) -> Answer {
    let end = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(received)));
    let head = String::from_utf8_lossy(&received[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = received[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}

/// `{"error": {"code", "message", "field"}}`, and for a validation refusal also `errors`, each of that shape.
fn is_error_shape(value: &Value) -> bool {
    let detail = |d: &Value| {
        d.as_object().is_some_and(|d| {
            d.len() == 3
                && d["code"].as_str().is_some_and(|c| {
                    !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                })
                && d["message"].as_str().is_some_and(|m| !m.is_empty())
                && (d["field"].is_null() || d["field"].is_string())
        })
    };
    let Some(top) = value.as_object() else {
        return false;
    };
    // Beside a `filing_in_effect` may stand the filing in effect's number, for its own person (docs/api.md).
    let in_effect_number = top.get("filing").is_some_and(|filing| {
        top["error"]["code"] == "filing_in_effect"
            && filing
                .as_object()
                .is_some_and(|f| f.len() == 1 && f["number"].is_string())
    });
    let errors_ok = match top.get("errors") {
        None => top.len() == 1 + usize::from(in_effect_number),
        Some(errors) => {
            top.len() == 2
                && errors
                    .as_array()
                    .is_some_and(|e| !e.is_empty() && e.iter().all(detail))
        }
    };
    top.get("error").is_some_and(detail) && errors_ok
}

impl Storm {
    fn new(addr: String) -> Storm {
        Storm {
            addr,
            tally: BTreeMap::new(),
            sent: 0,
            shapeless: 0,
            created: Vec::new(),
        }
    }

    /// Sends one request and checks its answer against `expect`; `what` names it in a failure.
    fn send(&mut self, what: &str, raw: Vec<u8>, expect: Expect) -> Answer {
        let answer = exchange(&self.addr, what, raw);
        self.sent += 1;
        *self.tally.entry(answer.status).or_default() += 1;
        let status = answer.status;
        let context = || format!("{what}: {status} {}", String::from_utf8_lossy(&answer.body));
        assert!(status < 500, "a 5xx for {}", context());
        let json_answer = !matches!(expect, Expect::Protocol | Expect::Static);
        self.shapeless += usize::from(!json_answer);
        if json_answer {
            assert_eq!(
                answer.header("x-content-type-options"),
                Some("nosniff"),
                "{}",
                context()
            );
            assert!(
                answer
                    .header("content-type")
                    .is_some_and(|t| t.starts_with("application/json")),
                "not JSON: {}",
                context()
            );
        }
        let refused = (400..500).contains(&status);
        let accepted = (200..300).contains(&status);
        match expect {
            Expect::Refused => {
                assert!(refused, "not refused: {}", context());
                assert!(is_error_shape(&answer.json()), "shape: {}", context());
            }
            Expect::RefusedAs(want, code) => {
                assert_eq!(status, want, "{}", context());
                assert!(is_error_shape(&answer.json()), "shape: {}", context());
                assert_eq!(answer.json()["error"]["code"], code, "{}", context());
            }
            Expect::Accepted => {
                assert!(accepted, "not accepted: {}", context());
                assert!(answer.json().is_object(), "{}", context());
            }
            Expect::AcceptedOrRefused => {
                if refused {
                    assert!(is_error_shape(&answer.json()), "shape: {}", context());
                } else {
                    assert!(accepted, "{}", context());
                }
            }
            Expect::Protocol => assert!(refused, "not refused: {}", context()),
            Expect::Static => {
                let text = String::from_utf8_lossy(&answer.body);
                assert!(!text.contains(SECRET), "served a file outside dist: {what}");
                assert!(
                    status == 404 || (status == 200 && text == SHELL) || refused,
                    "{}",
                    context()
                );
            }
        }
        if status == 201 {
            let filing = answer.json()["filing"].clone();
            let city = &filing["destination"]["city"];
            assert!(
                city.is_null()
                    || city
                        .as_str()
                        .is_some_and(|c| c == c.trim() && !c.is_empty()),
                "kept a city with spaces: {}",
                context()
            );
            self.created.push(filing);
        }
        answer
    }
}

/// A copy of `base` with the value at `path` (keys, or `#n` for an array index) replaced.
fn with(base: &Value, path: &[&str], value: Value) -> Value {
    let mut copy = base.clone();
    let mut at = &mut copy;
    for key in &path[..path.len() - 1] {
        at = &mut at[*key];
    }
    let last = path[path.len() - 1];
    match at {
        Value::Object(map) => {
            map.insert(last.to_owned(), value);
        }
        Value::Array(list) => {
            let index: usize = last.trim_start_matches('#').parse().unwrap();
            list[index] = value;
        }
        _ => panic!("{path:?} is not in the filing"),
    }
    copy
}

/// A referral filed by a family member: the filing with every text field there is.
fn full_filing() -> Value {
    let mut value = filing();
    value["applicant"] = json!({"for": "family", "filer_name": "王大明", "relation": "child"});
    value["category"] = json!("referral");
    value["proof"]["referral_institution"] = json!("天津医科大学总医院");
    value["chronic_qualifications"] = json!(["M01600"]);
    value
}

/// Every field of the filing, and whether it is free text that the rules may accept whatever it says.
const FIELDS: [(&[&str], bool); 16] = [
    (&["applicant", "for"], false),
    (&["applicant", "filer_name"], true),
    (&["applicant", "relation"], false),
    (&["person", "name"], true),
    (&["person", "resident_id"], false),
    (&["person", "phone"], false),
    (&["person", "insured_city"], false),
    (&["person", "scheme"], false),
    (&["category"], false),
    (&["destination", "province"], false),
    (&["destination", "city"], false),
    (&["start_date"], false),
    (&["end_date"], false),
    (&["chronic_qualifications", "#0"], false),
    (&["proof", "referral_institution"], true),
    (&["supplementary"], false),
];

#[test]
fn hostile_requests_get_4xx_in_the_one_shape_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), SHELL).unwrap();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    let database = dir.path().join("hostile.sqlite3");
    let mut server = spawn_binary(
        dir.path(),
        &database,
        &[
            ("YIDI_DIST", dist.to_str().unwrap()),
            ("YIDI_WRITE_RATE", "1000000"),
            // The storm tries hundreds of wrong numbers and ID numbers on purpose; the guessing limits have
            // their own test below.
            ("YIDI_ATTEMPTS_PER_NUMBER", "1000000"),
            ("YIDI_ATTEMPTS_PER_ADDRESS", "1000000"),
        ],
    );
    let mut storm = Storm::new(server.base.trim_start_matches("http://").to_owned());

    let valid = serde_json::to_vec(&full_filing()).unwrap();
    let baseline = storm.send(
        "baseline filing",
        filing_request("baseline", &valid),
        Expect::Accepted,
    );
    assert_eq!(baseline.status, 201);
    let number = baseline.json()["filing"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let lookup_body =
        serde_json::to_vec(&json!({"number": number, "resident_id": RESIDENT_ID})).unwrap();
    let before = storm
        .send(
            "lookup before",
            json_request("POST", "/api/filings/lookup", &lookup_body),
            Expect::Accepted,
        )
        .json();

    malformed_bodies(&mut storm, &number, &valid);
    wrong_types_and_unknown_fields(&mut storm, &number);
    injections(&mut storm, &number);
    hidden_characters(&mut storm);
    oversized(&mut storm, &valid);
    headers_content_types_and_methods(&mut storm, &number, &valid);
    paths(&mut storm);
    replays(&mut storm);

    // Still healthy, the first filing untouched, and the database holds exactly the filings answered 201.
    let health = storm.send(
        "health after",
        request("GET", "/api/health", &[], b""),
        Expect::Accepted,
    );
    assert_eq!(health.json()["status"], "ok");
    let after = storm
        .send(
            "lookup after",
            json_request("POST", "/api/filings/lookup", &lookup_body),
            Expect::Accepted,
        )
        .json();
    assert_eq!(before, after, "the stored filing changed");
    let db = rusqlite::Connection::open(&database).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |row| row.get::<_, i64>(0)).unwrap();
    let stored = count("SELECT count(*) FROM filings");
    assert_eq!(
        stored,
        i64::try_from(storm.created.len()).unwrap(),
        "stray or missing rows"
    );
    assert_eq!(count("SELECT count(*) FROM idempotency_keys"), stored);
    assert_eq!(
        count("SELECT count(*) FROM filing_history WHERE action = 'filed'"),
        stored
    );
    assert_eq!(count("SELECT count(*) FROM filing_points"), 0);
    // Each injected name the rules accept (any visible text up to 30 characters) and each rare or foreign name was
    // kept as the text it is, not run.
    let requests: Vec<String> = db
        .prepare("SELECT request FROM filings")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<String> = requests
        .iter()
        .map(|r| {
            serde_json::from_str::<Value>(r).unwrap()["person"]["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let acceptable = INJECTIONS
        .iter()
        .filter(|i| !HIDDEN.contains(i))
        .map(|i| i.trim())
        .filter(|i| !i.is_empty() && i.chars().count() <= 30)
        // A name with a digit is refused as a slip (`name_digits`), as any such name is.
        .filter(|i| !i.chars().any(|c| c.is_ascii_digit()))
        .chain(VISIBLE);
    for injection in acceptable {
        assert!(
            names.iter().any(|n| n == injection),
            "{injection:?} was not kept as text"
        );
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let tally: Vec<String> = storm
        .tally
        .iter()
        .map(|(s, n)| format!("{s}: {n}"))
        .collect();
    println!(
        "hostile input: {} requests ({} API answers in the one JSON shape or a legitimate 2xx, {} refused by the \
         HTTP layer or static paths), {} filings created; by status: {}",
        storm.sent,
        storm.sent - storm.shapeless,
        storm.shapeless,
        storm.created.len(),
        tally.join(", ")
    );
    assert!(storm.sent >= 500, "only {} requests", storm.sent);
}

/// Broken JSON to every endpoint that reads a body.
fn malformed_bodies(storm: &mut Storm, number: &str, valid: &[u8]) {
    let endpoints = [
        ("POST", "/api/filings".to_owned()),
        ("POST", "/api/filings/lookup".to_owned()),
        ("PATCH", format!("/api/filings/{number}")),
        ("POST", format!("/api/filings/{number}/cancel")),
        ("PUT", format!("/api/filings/{number}/points")),
        ("POST", format!("/api/filings/{number}/card")),
        ("POST", "/api/card/verify".to_owned()),
    ];
    let mut bodies: Vec<Vec<u8>> = [
        "",
        " ",
        "{",
        "}",
        "[]",
        "[{}]",
        "null",
        "true",
        "1",
        "-0",
        "1e999",
        "\"x\"",
        "{\"a\":",
        "{'a': 1}",
        "{\"resident_id\": \"x\",}",
        "{\"resident_id\" \"x\"}",
        "{} {}",
        "{}garbage",
        "/* c */ {}",
        "{\"resident_id\": NaN}",
        "{\"resident_id\": \"\\ud800\"}",
        "{\"resident_id\": \"\\x41\"}",
        "\u{feff}{}",
        "{\"resident_id\": \"a\", \"resident_id\": \"b\"}",
    ]
    .iter()
    .map(|b| b.as_bytes().to_vec())
    .collect();
    bodies.push(b"{\"resident_id\": \"\xff\xfe\xc0\xae\"}".to_vec());
    bodies.push(b"\x00\x01\x02".to_vec());
    bodies.push(format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes());
    bodies.push(format!("{}1{}", "{\"a\":".repeat(2000), "}".repeat(2000)).into_bytes());
    // A valid filing cut short at several places.
    for cut in [1, 7, 40, valid.len() / 3, valid.len() / 2, valid.len() - 1] {
        bodies.push(valid[..cut].to_vec());
    }
    for (method, path) in &endpoints {
        for (i, body) in bodies.iter().enumerate() {
            let raw = request(
                method,
                path,
                &[
                    ("Content-Type", "application/json"),
                    ("Idempotency-Key", &format!("malformed-{i}")),
                ],
                body,
            );
            storm.send(
                &format!("{method} {path} malformed #{i}"),
                raw,
                Expect::Refused,
            );
        }
    }
}

/// Each field of the filing with a value of the wrong type, and unknown fields at each level of every body.
fn wrong_types_and_unknown_fields(storm: &mut Storm, number: &str) {
    let base = full_filing();
    let wrong = [
        json!(1),
        json!(true),
        json!([]),
        json!({}),
        json!(1.5),
        json!(-1),
    ];
    for (path, _) in FIELDS {
        for (i, value) in wrong.iter().enumerate() {
            let body = serde_json::to_vec(&with(&base, path, value.clone())).unwrap();
            let key = format!("type-{}-{i}", path.join("."));
            storm.send(&key.clone(), filing_request(&key, &body), Expect::Refused);
        }
    }
    for path in [
        &["x"][..],
        &["person", "x"],
        &["destination", "x"],
        &["proof", "x"],
        &["applicant", "x"],
    ] {
        let body =
            serde_json::to_vec(&with(&base, path, json!("<script>alert(1)</script>"))).unwrap();
        let key = format!("unknown-{}", path.join("."));
        storm.send(
            &key.clone(),
            filing_request(&key, &body),
            Expect::RefusedAs(400, "unknown_field"),
        );
    }
    // Filing for oneself: serde once let any other key beside `"for": "myself"` through.
    let myself = serde_json::to_vec(&with(&filing(), &["applicant", "x"], json!(1))).unwrap();
    let answer = storm.send(
        "unknown-applicant-myself",
        filing_request("unknown-applicant-myself", &myself),
        Expect::RefusedAs(400, "unknown_field"),
    );
    assert_eq!(answer.json()["error"]["field"], "applicant.x");
    let own = format!("/api/filings/{number}");
    let id = RESIDENT_ID;
    let bodies = [
        (
            "POST",
            "/api/filings/lookup".to_owned(),
            json!({"number": number, "resident_id": id, "x": 1}),
            "x",
        ),
        (
            "PATCH",
            own.clone(),
            json!({"resident_id": id, "x": 1}),
            "x",
        ),
        (
            "PATCH",
            own.clone(),
            json!({"resident_id": id, "destination": {"province": "110000", "city": "110000", "x": 1}}),
            "destination.x",
        ),
        (
            "POST",
            format!("{own}/cancel"),
            json!({"resident_id": id, "x": 1}),
            "x",
        ),
        (
            "PUT",
            format!("{own}/points"),
            json!({"resident_id": id, "service": "inpatient", "institutions": [], "x": 1}),
            "x",
        ),
        (
            "PUT",
            format!("{own}/points"),
            json!({"resident_id": id, "service": {"chronic": "M01600", "x": 1}, "institutions": []}),
            "service.x",
        ),
        (
            "POST",
            format!("{own}/card"),
            json!({"resident_id": id, "x": 1}),
            "x",
        ),
        (
            "POST",
            "/api/card/verify".to_owned(),
            json!({"token": "x", "x": 1}),
            "x",
        ),
    ];
    for (method, path, body, field) in bodies {
        let what = format!("unknown {field} in {method} {path}");
        let answer = storm.send(
            &what,
            json_request(method, &path, &serde_json::to_vec(&body).unwrap()),
            Expect::RefusedAs(400, "unknown_field"),
        );
        assert_eq!(answer.json()["error"]["field"], field, "{what}");
    }
    for missing in [
        "person",
        "category",
        "destination",
        "start_date",
        "proof",
        "applicant",
    ] {
        let mut body = base.clone();
        body.as_object_mut().unwrap().remove(missing);
        let key = format!("missing-{missing}");
        storm.send(
            &key.clone(),
            filing_request(&key, &serde_json::to_vec(&body).unwrap()),
            Expect::Refused,
        );
    }
}

/// SQL and script in every text field, lookup value and path segment.
fn injections(storm: &mut Storm, number: &str) {
    let base = full_filing();
    let mut people = 0..;
    for (path, free_text) in FIELDS {
        for (i, injection) in INJECTIONS.iter().enumerate() {
            let mut body = with(&base, path, json!(injection));
            if path == ["person", "name"] {
                // Apart from the name, a filing that the rules accept.
                body = with(&filing(), path, json!(injection));
            }
            if path != ["person", "resident_id"] {
                // Each a person of its own: one filing in effect per person and kind would refuse the second.
                let person = resident_id(people.next().unwrap());
                body = with(&body, &["person", "resident_id"], json!(person));
            }
            let key = format!("inject-{}-{i}", path.join("."));
            // A blank city is no city: a whole-province filing, which Tianjin allows.
            let blank_city = path == ["destination", "city"] && injection.trim().is_empty();
            let expect = if HIDDEN.contains(injection) && free_text {
                Expect::RefusedAs(422, invisible_code(path))
            } else if free_text || blank_city {
                Expect::AcceptedOrRefused
            } else {
                Expect::Refused
            };
            storm.send(
                &key.clone(),
                filing_request(&key, &serde_json::to_vec(&body).unwrap()),
                expect,
            );
        }
    }
    let not_found = Expect::RefusedAs(404, "filing_not_found");
    for (i, injection) in INJECTIONS.iter().enumerate() {
        let what = format!("injection #{i}");
        let as_json = |value: Value| serde_json::to_vec(&value).unwrap();
        let lookup = as_json(json!({"number": injection, "resident_id": RESIDENT_ID}));
        storm.send(
            &what,
            json_request("POST", "/api/filings/lookup", &lookup),
            not_found,
        );
        let lookup = as_json(json!({"number": number, "resident_id": injection}));
        storm.send(
            &what,
            json_request("POST", "/api/filings/lookup", &lookup),
            Expect::Refused,
        );
        let id_only = as_json(json!({"resident_id": injection}));
        let own = format!("/api/filings/{number}");
        storm.send(
            &what,
            json_request("PATCH", &own, &id_only),
            Expect::Refused,
        );
        let phone = as_json(json!({"resident_id": RESIDENT_ID, "phone": injection}));
        storm.send(&what, json_request("PATCH", &own, &phone), Expect::Refused);
        let destination = as_json(
            json!({"resident_id": RESIDENT_ID, "destination": {"province": injection, "city": injection}}),
        );
        storm.send(
            &what,
            json_request("PATCH", &own, &destination),
            Expect::Refused,
        );
        storm.send(
            &what,
            json_request("POST", &format!("{own}/cancel"), &id_only),
            Expect::Refused,
        );
        storm.send(
            &what,
            json_request("POST", &format!("{own}/card"), &id_only),
            Expect::Refused,
        );
        let points = as_json(
            json!({"resident_id": RESIDENT_ID, "service": "inpatient", "institutions": [injection]}),
        );
        storm.send(
            &what,
            json_request("PUT", &format!("{own}/points"), &points),
            Expect::Refused,
        );
        let service =
            as_json(json!({"resident_id": RESIDENT_ID, "service": injection, "institutions": []}));
        storm.send(
            &what,
            json_request("PUT", &format!("{own}/points"), &service),
            Expect::Refused,
        );
        let verify = storm.send(
            &what,
            json_request(
                "POST",
                "/api/card/verify",
                &as_json(json!({"token": injection})),
            ),
            Expect::Accepted,
        );
        assert_eq!(verify.json()["status"], "forged", "{what}");
        assert!(verify.json().get("filing").is_none(), "{what}");

        let segment = percent_encoded(injection);
        let id = [("X-Resident-Id", RESIDENT_ID)];
        storm.send(
            &what,
            request("GET", &format!("/api/filings/{segment}"), &id, b""),
            not_found,
        );
        let id_body = as_json(json!({"resident_id": RESIDENT_ID}));
        storm.send(
            &what,
            json_request("POST", &format!("/api/filings/{segment}/cancel"), &id_body),
            not_found,
        );
        storm.send(
            &what,
            json_request("POST", &format!("/api/filings/{segment}/card"), &id_body),
            not_found,
        );
        if injection.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            storm.send(
                &what,
                request("GET", &own, &[("X-Resident-Id", injection)], b""),
                Expect::Refused,
            );
        }
    }
}

/// The code a free-text field refuses hidden characters with.
fn invisible_code(path: &[&str]) -> &'static str {
    match path.last() {
        Some(&"referral_institution") => "text_invisible_characters",
        _ => "name_invisible_characters",
    }
}

/// Text no person could check by eye in each free-text field: 422 with the field's code, on that field; a raw
/// control byte inside a JSON string is not JSON (400). Rare characters and other scripts are accepted.
fn hidden_characters(storm: &mut Storm) {
    for (path, field) in [
        (&["person", "name"][..], "name"),
        (&["applicant", "filer_name"], "filer_name"),
        (&["proof", "referral_institution"], "referral_institution"),
    ] {
        for (i, text) in HIDDEN.iter().enumerate() {
            let body = serde_json::to_vec(&with(&full_filing(), path, json!(text))).unwrap();
            let key = format!("hidden-{field}-{i}");
            let answer = storm.send(
                &key.clone(),
                filing_request(&key, &body),
                Expect::RefusedAs(422, invisible_code(path)),
            );
            assert_eq!(answer.json()["error"]["field"], field, "{key}");
            assert_eq!(answer.json()["errors"].as_array().map(Vec::len), Some(1));
        }
    }
    let raw = serde_json::to_string(&full_filing())
        .unwrap()
        .replace("王大明", "王\u{1b}大明");
    storm.send(
        "a raw escape byte in a JSON string",
        filing_request("hidden-raw", raw.as_bytes()),
        Expect::RefusedAs(400, "invalid_json"),
    );
    for (i, name) in (500..).zip(VISIBLE) {
        // A person each: one filing of a kind in effect per person.
        let body =
            serde_json::to_vec(&with(&filing_for(i), &["person", "name"], json!(name))).unwrap();
        let key = format!("visible-{i}");
        let answer = storm.send(&key.clone(), filing_request(&key, &body), Expect::Accepted);
        assert_eq!(answer.status, 201, "{name:?}");
    }
}

/// Bodies just over the limit and megabytes over it, with a length and chunked.
fn oversized(storm: &mut Storm, valid: &[u8]) {
    let too_large = Expect::RefusedAs(413, "body_too_large");
    let padded = |size: usize| {
        let mut value: Value = serde_json::from_slice(valid).unwrap();
        value["person"]["name"] = json!("");
        let bare = serde_json::to_vec(&value).unwrap().len();
        value["person"]["name"] = json!("x".repeat(size - bare));
        serde_json::to_vec(&value).unwrap()
    };
    let exactly = padded(16 * 1024);
    assert_eq!(exactly.len(), 16 * 1024);
    // At the limit the body is read and refused by the rules (the name is too long), not by its size.
    storm.send(
        "16 KiB",
        filing_request("size-16k", &exactly),
        Expect::Refused,
    );
    for size in [16 * 1024 + 1, 64 * 1024, 1024 * 1024, 8 * 1024 * 1024] {
        let body = padded(size);
        storm.send(
            &format!("{size} bytes"),
            filing_request(&format!("size-{size}"), &body),
            too_large,
        );
        let mut chunked = Vec::new();
        for chunk in body.chunks(8 * 1024) {
            chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            chunked.extend_from_slice(chunk);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let raw = request(
            "POST",
            "/api/filings/lookup",
            &[
                ("Content-Type", "application/json"),
                ("Transfer-Encoding", "chunked"),
            ],
            &chunked,
        );
        storm.send(&format!("{size} bytes chunked"), raw, too_large);
    }
    // A length that promises megabytes, refused on the header alone.
    let raw = request(
        "POST",
        "/api/card/verify",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", "1073741824"),
        ],
        b"{}",
    );
    storm.send("a gigabyte promised", raw, too_large);
}

/// Idempotency keys and other headers of every size and kind, content types, and methods no route has.
fn headers_content_types_and_methods(storm: &mut Storm, number: &str, valid: &[u8]) {
    let key_invalid = Expect::RefusedAs(400, "idempotency_key_invalid");
    let long_101 = "k".repeat(101);
    let long_8k = "k".repeat(8 * 1024);
    for key in [
        long_101.as_str(),
        &long_8k,
        " ",
        "é",
        "ключ",
        "a b\tc",
        "<script>",
    ] {
        let expect = if key == "<script>" {
            Expect::Accepted
        } else {
            key_invalid
        };
        // Another person than the baseline's, whose filing of this kind is in effect.
        let mut body: Value = serde_json::from_slice(valid).unwrap();
        body["person"]["resident_id"] = json!(resident_id(9000));
        storm.send(
            &format!("key {:.20}", key),
            filing_request(key, &serde_json::to_vec(&body).unwrap()),
            expect,
        );
    }
    storm.send(
        "no key",
        json_request("POST", "/api/filings", valid),
        Expect::RefusedAs(400, "idempotency_key_missing"),
    );
    // Headers past what the HTTP layer reads: refused before routing.
    let huge = "k".repeat(512 * 1024);
    storm.send(
        "512 KiB key",
        filing_request(&huge, valid),
        Expect::Protocol,
    );
    let many: Vec<(String, String)> = (0..200)
        .map(|i| (format!("X-Junk-{i}"), "1".to_owned()))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    storm.send(
        "200 headers",
        request("GET", "/api/health", &many, b""),
        Expect::Protocol,
    );
    let bad_header =
        b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\nConnection: close\r\n\r\n";
    storm.send(
        "a control character in a header",
        bad_header.to_vec(),
        Expect::Protocol,
    );
    let id = "1".repeat(10_000);
    storm.send(
        "a 10 KB resident ID header",
        request(
            "GET",
            &format!("/api/filings/{number}"),
            &[("X-Resident-Id", &id)],
            b"",
        ),
        Expect::Refused,
    );
    storm.send(
        "an absent resident ID header",
        request("GET", &format!("/api/filings/{number}"), &[], b""),
        Expect::Refused,
    );
    for lang in ["en-US", "'; DROP TABLE x", &"en".repeat(2000)] {
        let raw = request(
            "POST",
            "/api/filings/lookup",
            &[("Accept-Language", lang)],
            b"{}",
        );
        storm.send(
            "accept-language",
            raw,
            Expect::RefusedAs(415, "unsupported_media_type"),
        );
    }

    let unsupported = Expect::RefusedAs(415, "unsupported_media_type");
    let types = [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "json",
        "application/xml",
        "text/html",
        "",
    ];
    let own = format!("/api/filings/{number}");
    for content_type in types {
        for (method, path) in [
            ("POST", "/api/filings"),
            ("POST", "/api/filings/lookup"),
            ("PATCH", own.as_str()),
        ] {
            let raw = request(
                method,
                path,
                &[("Content-Type", content_type), ("Idempotency-Key", "types")],
                valid,
            );
            storm.send(
                &format!("{method} {path} as {content_type}"),
                raw,
                unsupported,
            );
        }
    }
    let raw = request("POST", "/api/filings/lookup", &[], b"{}");
    storm.send("no content type", raw, unsupported);

    let not_allowed = Expect::RefusedAs(405, "method_not_allowed");
    let routes = [
        ("/api/health", &["POST", "PUT", "DELETE", "PATCH"][..]),
        ("/api/openapi.json", &["POST", "DELETE"]),
        ("/api/filings", &["GET", "PUT", "DELETE", "PATCH"]),
        ("/api/filings/lookup", &["GET", "PUT", "DELETE"]),
        (own.as_str(), &["POST", "PUT", "DELETE"]),
        (&format!("{own}/cancel"), &["GET", "PUT", "DELETE"]),
        (&format!("{own}/points"), &["GET", "POST", "DELETE"]),
        (&format!("{own}/card"), &["GET", "PUT", "DELETE"]),
        ("/api/card/verify", &["GET", "PUT", "DELETE"]),
    ];
    for (path, methods) in routes {
        for method in methods {
            storm.send(
                &format!("{method} {path}"),
                request(method, path, &[], b""),
                not_allowed,
            );
        }
    }
    for method in ["TRACE", "CONNECT", "BREW", "OPTIONS"] {
        storm.send(
            method,
            request(method, "/api/filings", &[], b""),
            Expect::Refused,
        );
    }
}

/// Unknown API paths and path traversal out of the served folder, plain and encoded.
fn paths(storm: &mut Storm) {
    let not_found = Expect::RefusedAs(404, "not_found");
    for path in [
        "/api",
        "/api/",
        "/api/nothing",
        "/api/filings/YD0000000000/extra/deep",
        "/api/%2e%2e/%2e%2e/secret.txt",
        "/api/filings/..%2f..%2fsecret.txt/cancel/x",
        &format!("/api/{}", "a/".repeat(2000)),
    ] {
        storm.send(path, request("GET", path, &[], b""), not_found);
    }
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/.%2e/secret.txt",
        "/index.html/../../secret.txt",
        "/secret.txt%00.html",
        "/%00",
        "//secret.txt",
        "/./../secret.txt",
        "/missing.js",
        "/filings/<script>alert(1)</script>",
        "/filings/%3Cscript%3E",
        "/estimate?x=<script>",
    ] {
        storm.send(path, request("GET", path, &[], b""), Expect::Static);
    }
    // Bytes that are not a path at all.
    for raw in [
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /api/filings/\xc0\xae HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GARBAGE\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
    ] {
        storm.send("not HTTP", raw, Expect::Protocol);
    }
    // Names past what the file system takes (255 bytes) were a 500 from ENAMETOOLONG: now a 404 at any length
    // that fits the 16 KiB request head, in the one shape under /api.
    for size in [201, 255, 256, 300, 1024, 4096, 10 * 1024] {
        let name = "a".repeat(size);
        for path in [
            format!("/{name}"),
            format!("/{name}.js"),
            format!("/file/{name}"),
            format!("/data/{name}.json"),
        ] {
            let answer = storm.send(
                &format!("a {size}-byte segment"),
                request("GET", &path, &[], b""),
                Expect::Static,
            );
            assert_eq!(answer.status, 404, "a {size}-byte segment in {path:.40}");
        }
        let path = format!("/api/{name}");
        storm.send(&path, request("GET", &path, &[], b""), not_found);
    }
    let deep = format!("/{}", "abcdefgh/".repeat(1200));
    let answer = storm.send(
        "a 10 KB path",
        request("GET", &deep, &[], b""),
        Expect::Static,
    );
    assert_eq!(answer.status, 404);
    // A request line past the head buffer: hyper's own bare 431 (its 414 needs a URI over 65,534 bytes that
    // fits the buffer, which ours never does).
    for size in [20 * 1024, 70 * 1024, 100 * 1024] {
        let long = format!("/{}", "a".repeat(size));
        let answer = storm.send(
            &format!("a {size}-byte path"),
            request("GET", &long, &[], b""),
            Expect::Protocol,
        );
        assert_eq!(answer.status, 431, "a {size}-byte path");
    }
}

/// The same filing sent again: the same key replays, another body under it conflicts, and a cancel twice is refused.
fn replays(storm: &mut Storm) {
    let body = serde_json::to_vec(&filing()).unwrap();
    let first = storm.send(
        "replay first",
        filing_request("replay", &body),
        Expect::Accepted,
    );
    assert_eq!(first.status, 201);
    let number = first.json()["filing"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..5 {
        let again = storm.send(
            &format!("replay {i}"),
            filing_request("replay", &body),
            Expect::Accepted,
        );
        assert_eq!(again.status, 200);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.json()["filing"]["number"], number.as_str());
    }
    // The same filing under a new key is a second filing of its kind for the person: refused, naming the first.
    let second = storm.send(
        "second of a kind",
        filing_request("replay-second", &body),
        Expect::RefusedAs(409, "filing_in_effect"),
    );
    assert_eq!(second.json()["filing"]["number"], number.as_str());
    let mut other = filing();
    other["person"]["phone"] = json!("13800138000");
    let reused = Expect::RefusedAs(409, "idempotency_key_reused");
    storm.send(
        "key reused",
        filing_request("replay", &serde_json::to_vec(&other).unwrap()),
        reused,
    );
    let id = serde_json::to_vec(&json!({"resident_id": RESIDENT_ID})).unwrap();
    let cancel = format!("/api/filings/{number}/cancel");
    storm.send(
        "cancel",
        json_request("POST", &cancel, &id),
        Expect::Accepted,
    );
    let cancelled = Expect::RefusedAs(409, "filing_cancelled");
    for i in 0..3 {
        storm.send(
            &format!("cancel again {i}"),
            json_request("POST", &cancel, &id),
            cancelled,
        );
    }
    let change =
        serde_json::to_vec(&json!({"resident_id": RESIDENT_ID, "phone": "13800138000"})).unwrap();
    storm.send(
        "change a cancelled filing",
        json_request("PATCH", &format!("/api/filings/{number}"), &change),
        cancelled,
    );
    storm.send(
        "card of a cancelled filing",
        json_request("POST", &format!("/api/filings/{number}/card"), &id),
        cancelled,
    );
    // A replay of the filing after its cancel still answers the first result, now cancelled.
    let late = storm.send(
        "replay after cancel",
        filing_request("replay", &body),
        Expect::Accepted,
    );
    assert_eq!(late.json()["filing"]["state"], "cancelled");
}

#[test]
fn a_flood_of_writes_is_refused_in_the_one_shape() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("flood.sqlite3");
    let mut server = spawn_binary(dir.path(), &database, &[("YIDI_WRITE_RATE", "3")]);
    let mut storm = Storm::new(server.base.trim_start_matches("http://").to_owned());
    // Each write a person of its own, so that only the rate limit refuses any.
    let body = |i: u32| serde_json::to_vec(&filing_for(i)).unwrap();
    for i in 0..3 {
        storm.send(
            &format!("write {i}"),
            filing_request(&format!("flood-{i}"), &body(i)),
            Expect::Accepted,
        );
    }
    for i in 3..10 {
        let answer = storm.send(
            &format!("write {i}"),
            filing_request(&format!("flood-{i}"), &body(i)),
            Expect::RefusedAs(429, "rate_limited"),
        );
        let wait: u64 = answer.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=21).contains(&wait), "{wait}");
    }
    // Reads are not limited.
    storm.send(
        "health",
        request("GET", "/api/health", &[], b""),
        Expect::Accepted,
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let db = rusqlite::Connection::open(&database).unwrap();
    let stored: i64 = db
        .query_row("SELECT count(*) FROM filings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 3);
    println!(
        "rate limit: {} requests; by status: {:?}",
        storm.sent, storm.tally
    );
}

#[test]
fn a_flood_of_guesses_is_refused_in_the_one_shape_before_it_is_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("guesses.sqlite3");
    let mut server = spawn_binary(dir.path(), &database, &[]);
    let mut storm = Storm::new(server.base.trim_start_matches("http://").to_owned());
    let filed = storm.send(
        "filing",
        filing_request("guesses", &serde_json::to_vec(&filing()).unwrap()),
        Expect::Accepted,
    );
    let number = filed.json()["filing"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let lookup = |id: &str| {
        json_request(
            "POST",
            "/api/filings/lookup",
            &serde_json::to_vec(&json!({"number": number, "resident_id": id})).unwrap(),
        )
    };
    // Well-formed ID numbers that are not the filer's.
    let guesses: Vec<String> = (1..=11).map(resident_id).collect();
    for (i, id) in guesses.iter().take(10).enumerate() {
        storm.send(
            &format!("guess {i}"),
            lookup(id),
            Expect::RefusedAs(404, "filing_not_found"),
        );
    }
    for (i, id) in guesses
        .iter()
        .skip(10)
        .chain([&RESIDENT_ID.to_owned()])
        .enumerate()
    {
        let answer = storm.send(
            &format!("guess {}", i + 10),
            lookup(id),
            Expect::RefusedAs(429, "too_many_attempts"),
        );
        assert!(answer.header("retry-after").is_some());
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    println!(
        "guessing limit: {} requests; by status: {:?}",
        storm.sent, storm.tally
    );
}

#[test]
fn a_body_that_stalls_is_refused_in_the_one_shape() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("stall.sqlite3");
    let mut server = spawn_binary(dir.path(), &database, &[]);
    let mut storm = Storm::new(server.base.trim_start_matches("http://").to_owned());
    // Ten bytes of a promised hundred, then nothing: the server stops waiting after its body timeout.
    let raw = request(
        "POST",
        "/api/filings/lookup",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", "100"),
        ],
        b"{\"number\":",
    );
    let started = std::time::Instant::now();
    storm.send(
        "a stalled body",
        raw,
        Expect::RefusedAs(408, "body_timeout"),
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(9) && waited < Duration::from_secs(19),
        "{waited:?}"
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
