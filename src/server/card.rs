//! 持码就医: short-lived tokens for the code card's QR code, and the check a counter runs on one.
//!
//! A token is `base64url(payload).base64url(HMAC-SHA256(key, payload))`, the payload `{"number","iat","exp"}`
//! in JSON: the filing number and Unix seconds, no personal data. The key is `YIDI_CARD_KEY` (hex, at least 32
//! bytes) when set; otherwise 32 random bytes made on first start and kept in the database, so a restart keeps
//! verifying the tokens it issued, and every server on one PostgreSQL database signs with the same key.
//! `YIDI_CARD_TTL_SECONDS` (default 60) sets how long a token lives.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::AppState;
use super::extract::{AcceptLang, JsonBody, NumberPath, say};
use super::filings::{Answer, now, owned, parse_id, refuse_if_cancelled, store_refusal, view};
use super::store::{FilingStore, StoredFiling};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{Destination, FilingNumber, FilingState};
use crate::domain::lang::Lang;

type HmacSha256 = Hmac<Sha256>;

/// How long a token lives when `YIDI_CARD_TTL_SECONDS` is not set: the code refreshes about once a minute.
pub const DEFAULT_TTL_SECONDS: u32 = 60;
const MIN_KEY_BYTES: usize = 32;

/// Signs and checks card tokens with one key.
pub struct CardSigner {
    key: Vec<u8>,
    ttl_seconds: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    number: String,
    iat: i64,
    exp: i64,
}

/// What a token says, once its signature is checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// Not a token this server signed, or altered since.
    Forged,
    Expired,
    Fresh(FilingNumber),
}

impl CardSigner {
    /// A signer with this key; a `ttl_seconds` of 0 issues tokens that have already expired (for tests).
    pub fn new(key: Vec<u8>, ttl_seconds: u32) -> CardSigner {
        CardSigner { key, ttl_seconds }
    }

    /// The same key with another lifetime.
    pub fn with_ttl(&self, ttl_seconds: u32) -> CardSigner {
        CardSigner::new(self.key.clone(), ttl_seconds)
    }

    /// The key and lifetime from the environment, else the key kept in `store` (made on first start).
    pub async fn open(store: &dyn FilingStore) -> Result<CardSigner, String> {
        CardSigner::open_with(store, |key| std::env::var(key).ok()).await
    }

    async fn open_with(
        store: &dyn FilingStore,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<CardSigner, String> {
        let ttl_seconds = match lookup("YIDI_CARD_TTL_SECONDS") {
            None => DEFAULT_TTL_SECONDS,
            Some(raw) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3600).contains(n))
                .ok_or_else(|| {
                    format!("YIDI_CARD_TTL_SECONDS must be 1 to 3600 seconds, got `{raw}`")
                })?,
        };
        let key = match lookup("YIDI_CARD_KEY") {
            Some(hex) => decode_hex(hex.trim())
                .filter(|key| key.len() >= MIN_KEY_BYTES)
                .ok_or("YIDI_CARD_KEY must be at least 32 bytes written as hex (64 hex digits)")?,
            None => {
                let mut fresh = [0u8; MIN_KEY_BYTES];
                getrandom::fill(&mut fresh)
                    .map_err(|err| format!("the operating system's random source failed: {err}"))?;
                store
                    .card_key(fresh, now().rfc3339)
                    .await
                    .map_err(|err| format!("cannot keep the card signing key: {err}"))?
            }
        };
        Ok(CardSigner::new(key, ttl_seconds))
    }

    pub fn ttl_seconds(&self) -> u32 {
        self.ttl_seconds
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes a key of any length; ours are at least 32 bytes.
        HmacSha256::new_from_slice(&self.key).expect("HMAC accepts any key length")
    }

    /// A token for `number`, issued at `now` (Unix seconds), and when it expires.
    fn issue(&self, number: &FilingNumber, now: i64) -> (String, i64) {
        let exp = now + i64::from(self.ttl_seconds);
        let payload = Payload {
            number: number.to_string(),
            iat: now,
            exp,
        };
        let payload = serde_json::to_vec(&payload).expect("a payload of strings and numbers");
        let mut mac = self.mac();
        mac.update(&payload);
        let signature = mac.finalize().into_bytes();
        let token = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(signature)
        );
        (token, exp)
    }

    /// Checks the signature in constant time, then the expiry (public for the fuzz target).
    pub fn check(&self, token: &str, now: i64) -> Checked {
        let Some((payload, signature)) = token.trim().split_once('.') else {
            return Checked::Forged;
        };
        let (Ok(payload), Ok(signature)) = (
            URL_SAFE_NO_PAD.decode(payload),
            URL_SAFE_NO_PAD.decode(signature),
        ) else {
            return Checked::Forged;
        };
        let mut mac = self.mac();
        mac.update(&payload);
        if mac.verify_slice(&signature).is_err() {
            return Checked::Forged;
        }
        let Ok(payload) = serde_json::from_slice::<Payload>(&payload) else {
            return Checked::Forged;
        };
        let Some(number) = FilingNumber::parse(&payload.number) else {
            return Checked::Forged;
        };
        if now >= payload.exp {
            Checked::Expired
        } else {
            Checked::Fresh(number)
        }
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `POST /api/filings/{number}/card` and `POST /api/card/verify` bodies.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRequest {
    resident_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    token: String,
}

#[derive(Serialize)]
struct TokenBody {
    token: String,
    /// RFC 3339, China time.
    expires_at: String,
    ttl_seconds: u32,
}

/// `POST /api/filings/{number}/card`: a fresh token for the person's own filing, unless it was cancelled.
pub async fn issue(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<CardRequest>,
) -> Answer {
    let resident_id = parse_id(&request.resident_id, lang)?;
    let filing = owned(&state, number, &resident_id, lang).await?;
    refuse_if_cancelled(&filing, lang)?;
    let (token, exp) = state.card.issue(&filing.number, unix_now());
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    let expires_at = DateTime::from_timestamp(exp, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::Secs, false);
    Ok(no_store(
        Json(TokenBody {
            token,
            expires_at,
            ttl_seconds: state.card.ttl_seconds(),
        })
        .into_response(),
    ))
}

/// What a counter sees: enough to match the person and the filing, never the full name or ID number.
#[derive(Serialize)]
struct CounterView {
    number: String,
    state: FilingState,
    category: FilingCategory,
    scheme: Scheme,
    insured_city: String,
    destination: Destination,
    start_date: NaiveDate,
    valid_until: Option<NaiveDate>,
    settles_directly: bool,
    chronic_qualifications: Vec<ChronicDisease>,
    points: Vec<String>,
    name_masked: String,
    resident_id_masked: String,
}

impl CounterView {
    /// The counter's part of the person's own view: the same masking and the same state, computed once.
    fn of(filing: &StoredFiling, today: NaiveDate) -> CounterView {
        let view = view(filing, today);
        CounterView {
            number: view.number,
            state: view.state,
            category: view.category,
            scheme: view.scheme,
            insured_city: view.insured_city,
            destination: view.destination,
            start_date: view.start_date,
            valid_until: view.valid_until,
            settles_directly: view.settles_directly,
            chronic_qualifications: view.chronic_qualifications,
            points: view.points,
            name_masked: view.name_masked,
            resident_id_masked: view.resident_id_masked,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Valid,
    Expired,
    Forged,
    Cancelled,
    Unknown,
}

#[derive(Serialize)]
struct VerifyBody {
    status: Status,
    message: String,
    /// Present for a valid token and a cancelled filing; absent otherwise, so a stale code tells nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    filing: Option<CounterView>,
}

fn message(status: Status, state: Option<FilingState>, lang: Lang) -> String {
    match (status, state) {
        (Status::Valid, Some(FilingState::InEffect)) => say(
            lang,
            "有效：备案有效，可以直接结算",
            "Valid: the filing is in effect and settles directly",
        ),
        (Status::Valid, _) => say(
            lang,
            "码有效，但备案当前不在有效期内（未生效或已过期），不能直接结算",
            "The code is genuine, but the filing is not in effect today (not yet started or expired): it does not settle directly",
        ),
        (Status::Expired, _) => say(
            lang,
            "码已过期：请就医人刷新页面，出示新的码",
            "The code has expired: ask the patient to refresh the page and show the new code",
        ),
        (Status::Forged, _) => say(
            lang,
            "码无效：不是本系统签发的码，或已被改动。请核验医保电子凭证或社会保障卡",
            "The code is not genuine: it was not issued here or was altered. Check the e-voucher or social security card instead",
        ),
        (Status::Cancelled, _) => say(
            lang,
            "备案已取消，不能直接结算；如需就医请重新备案",
            "The filing was cancelled and does not settle directly: the patient must file again",
        ),
        (Status::Unknown, _) => say(
            lang,
            "码是真的，但找不到对应的备案，请核验医保电子凭证或社会保障卡",
            "The code is genuine but no filing matches it: check the e-voucher or social security card instead",
        ),
    }
}

/// `POST /api/card/verify`: always 200 with a status, so a counter's screen has one thing to read.
pub async fn verify(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    JsonBody(request): JsonBody<VerifyRequest>,
) -> Answer {
    let today = now().today;
    let (status, filing) = match state.card.check(&request.token, unix_now()) {
        Checked::Forged => (Status::Forged, None),
        Checked::Expired => (Status::Expired, None),
        Checked::Fresh(number) => match state
            .filings
            .get(number)
            .await
            .map_err(|err| store_refusal(err, lang))?
        {
            None => (Status::Unknown, None),
            Some(filing) if filing.cancelled => {
                (Status::Cancelled, Some(CounterView::of(&filing, today)))
            }
            Some(filing) => (Status::Valid, Some(CounterView::of(&filing, today))),
        },
    };
    let body = VerifyBody {
        message: message(status, filing.as_ref().map(|f| f.state), lang),
        status,
        filing,
    };
    Ok(no_store((StatusCode::OK, Json(body)).into_response()))
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> CardSigner {
        CardSigner::new(vec![7; 32], 60)
    }

    fn number() -> FilingNumber {
        FilingNumber::from_random(42)
    }

    #[test]
    fn a_token_is_fresh_until_it_expires() {
        let (token, exp) = signer().issue(&number(), 1_000);
        assert_eq!(exp, 1_060);
        assert_eq!(signer().check(&token, 1_059), Checked::Fresh(number()));
        assert_eq!(signer().check(&token, 1_060), Checked::Expired);
    }

    #[test]
    fn a_token_carries_no_personal_data() {
        let (token, _) = signer().issue(&number(), 1_000);
        let payload = URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&payload).unwrap();
        let mut keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["exp", "iat", "number"]);
    }

    #[test]
    fn altered_or_foreign_tokens_are_forged() {
        let (token, _) = signer().issue(&number(), 1_000);
        let (payload, signature) = token.split_once('.').unwrap();
        // A later expiry in the payload, the old signature.
        let json = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        let longer = URL_SAFE_NO_PAD.encode(json.replace("1060", "9999"));
        assert_eq!(
            signer().check(&format!("{longer}.{signature}"), 1_000),
            Checked::Forged
        );
        let other = CardSigner::new(vec![8; 32], 60);
        assert_eq!(other.check(&token, 1_000), Checked::Forged);
        for junk in ["", ".", "abc", "a.b", &format!("{payload}.")] {
            assert_eq!(signer().check(junk, 1_000), Checked::Forged, "{junk}");
        }
    }

    #[tokio::test]
    async fn the_key_comes_from_the_environment_or_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.sqlite3");
        let store = crate::server::SqliteStore::open(&db).unwrap();
        let hex = "ab".repeat(32);
        let from_env =
            CardSigner::open_with(&store, |k| (k == "YIDI_CARD_KEY").then(|| hex.clone()))
                .await
                .unwrap();
        assert_eq!(from_env.key, vec![0xab; 32]);
        let short =
            CardSigner::open_with(&store, |k| (k == "YIDI_CARD_KEY").then(|| "abcd".into())).await;
        assert!(short.is_err());
        let first = CardSigner::open_with(&store, |_| None).await.unwrap();
        drop(store);
        let reopened = crate::server::SqliteStore::open(&db).unwrap();
        let again = CardSigner::open_with(&reopened, |_| None).await.unwrap();
        assert_eq!(first.key, again.key, "a restart keeps the key");
        assert_eq!(first.ttl_seconds(), DEFAULT_TTL_SECONDS);
        let ttl = CardSigner::open_with(&reopened, |k| {
            (k == "YIDI_CARD_TTL_SECONDS").then(|| "0".into())
        })
        .await;
        assert!(ttl.is_err());
    }
}
