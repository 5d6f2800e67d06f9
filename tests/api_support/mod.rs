//! Shared by the API tests: a valid filing, today's date in China, and servers to talk to.
#![allow(dead_code)] // Each test binary uses a different part of this module.

pub mod schema;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::{Value, json};
use yidi::server::{AppState, Config, app, serve_on};

pub const NAME: &str = "王小明";
/// The GB 11643 sample number, sent with the lowercase `x` people type.
pub const RESIDENT_ID: &str = "11010519491231002x";
pub const PHONE: &str = "13912345678";

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("public/data")
}

/// Today on China's clock, as the server sees it.
pub fn today() -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    DateTime::<Utc>::from(SystemTime::now())
        .with_timezone(&offset)
        .date_naive()
}

/// The valid resident ID number of test person `n`: a Dongcheng (110101) number, born `n / 1000` days after
/// 1 January 1950, with sequence number `n % 1000` and its ISO 7064 MOD 11-2 check character. A person may hold
/// only one filing of a kind in effect, so a test that files several gives each its own person.
pub fn resident_id(n: u32) -> String {
    let born =
        NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(u64::from(n / 1000));
    let body = format!("110101{}{:03}", born.format("%Y%m%d"), n % 1000);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// [`filing`] for test person `n` ([`resident_id`]) instead.
pub fn filing_for(n: u32) -> Value {
    let mut body = filing();
    body["person"]["resident_id"] = json!(resident_id(n));
    body
}

/// A Tianjin retiree resettled in Langfang (Hebei), filing from today.
pub fn filing() -> Value {
    json!({
        "applicant": {"for": "myself"},
        "person": {
            "name": NAME,
            "resident_id": RESIDENT_ID,
            "phone": PHONE,
            "insured_city": "120000",
            "scheme": "employee_retired"
        },
        "category": "resettled_retiree",
        "destination": {"province": "130000", "city": "131000"},
        "start_date": today().to_string(),
        "proof": {"commitment_agreed": true}
    })
}

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

fn config(dir: &Path) -> Config {
    let database = dir.join("yidi.sqlite3");
    Config::from_lookup(|key| match key {
        "YIDI_DATABASE" => Some(database.display().to_string()),
        "YIDI_DATA" => Some(data_dir().display().to_string()),
        "YIDI_DIST" => Some(dir.display().to_string()),
        _ => None,
    })
    .unwrap()
}

/// The real router over a fresh SQLite file, on a free loopback port; `adjust` may change the state first.
pub async fn start(adjust: impl FnOnce(&mut AppState)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let mut state = AppState::open(&config).await.unwrap();
    adjust(&mut state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(state, &config);
    tokio::spawn(serve_on(
        listener,
        router,
        config.connections,
        std::future::pending(),
    ));
    TestServer {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn file(&self, key: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/filings"))
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Files `body` under `key`, expects it accepted, and answers the filing number.
    pub async fn filed(&self, key: &str, body: &Value) -> String {
        filed_at(&self.client, &self.base, key, body).await
    }
}

/// Files `body` with the server at `base` under `key`, expects 201, and answers the filing number.
pub async fn filed_at(client: &reqwest::Client, base: &str, key: &str, body: &Value) -> String {
    let response = client
        .post(format!("{base}/api/filings"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    created["filing"]["number"].as_str().unwrap().to_owned()
}

/// The built `yidi` binary serving on a free port, its output going to files.
pub struct Binary {
    pub child: Child,
    pub base: String,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

/// A test that fails part-way leaves no server running behind it.
impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the binary on `database` and waits until it answers its health check.
pub fn spawn_binary(dir: &Path, database: &Path, env: &[(&str, &str)]) -> Binary {
    spawn_binary_with(dir, database, env, |_| {})
}

/// [`spawn_binary`], with `adjust` changing the command before it starts.
pub fn spawn_binary_with(
    dir: &Path,
    database: &Path,
    env: &[(&str, &str)],
    adjust: impl FnOnce(&mut Command),
) -> Binary {
    let port = free_port();
    let run = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let stdout = dir.join(format!("stdout-{run}.log"));
    let stderr = dir.join(format!("stderr-{run}.log"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_yidi"));
    command
        .env("YIDI_PORT", port.to_string())
        .env("YIDI_DATABASE", database)
        .env("YIDI_DATA", data_dir())
        .env("YIDI_DIST", dir)
        .stdout(Stdio::from(std::fs::File::create(&stdout).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&stderr).unwrap()));
    for (key, value) in env {
        command.env(key, value);
    }
    adjust(&mut command);
    let child = command.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let up = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if up {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Binary {
        child,
        base,
        stdout,
        stderr,
    }
}

/// The URL of a fresh database in the cluster `YIDI_TEST_DATABASE_URL` names, or `None` after a loud SKIP.
pub async fn fresh_postgres_database(test: &str) -> Option<String> {
    use std::io::Write;
    let Ok(url) = std::env::var("YIDI_TEST_DATABASE_URL") else {
        // Straight to stderr, past the test harness's capture: a skip must be seen, not pass quietly.
        let _ = writeln!(
            std::io::stderr(),
            "*** SKIP {test}: YIDI_TEST_DATABASE_URL is not set; scripts/test.sh runs it on a throwaway cluster ***"
        );
        return None;
    };
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("the test cluster accepts connections");
    tokio::spawn(connection);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!("t_{}_{nanos}", std::process::id());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("a fresh database");
    let (server, _) = url.rsplit_once('/').expect("a URL that names a database");
    Some(format!("{server}/{name}"))
}
