//! 持码就医: short-lived tokens for the code card's QR code, and the check a counter runs on one.
//!
//! A token is `base64url(nonce ‖ ChaCha20-Poly1305(number ‖ expiry))`: whoever scans it sees random bytes, not
//! the filing number nor anything about the person, and only a server with the key can open it or make one.
//! The cipher's key is derived from the card key: `YIDI_CARD_KEY` (hex, at least 32 bytes) or the file
//! `YIDI_CARD_KEY_FILE` holding it, when one is set; otherwise 32 random bytes made on first start and kept in
//! the database, so a restart keeps opening the tokens it issued, and every server on one PostgreSQL database
//! uses the same key. `YIDI_CARD_TTL_SECONDS` (default 60) sets how long a token lives.

use std::path::Path;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use chrono::{DateTime, NaiveDate, SecondsFormat};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::{IntoResponses, ToSchema};

use super::access::{self, Asker, now};
use super::client::Client;
use super::error::Refusal;
use super::extract::{AcceptLang, JsonBody, NumberPath, say};
use super::filings::{Answer, view};
use super::openapi::{self, Responses};
use super::store::{FilingStore, StoredFiling};
use super::{AppState, PlaceData};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{Destination, FilingNumber, FilingState};
use crate::domain::lang::Lang;

/// How long a token lives when `YIDI_CARD_TTL_SECONDS` is not set: the code refreshes about once a minute.
pub const DEFAULT_TTL_SECONDS: u32 = 60;
const MIN_KEY_BYTES: usize = 32;
/// A random 96-bit nonce per token: the chance that any two of a trillion tokens under one key share one is
/// about 6 in a million, and a repeat would weaken only the tokens under that one nonce, never the key.
const NONCE_BYTES: usize = 12;
/// What a token seals: the filing number's 14 characters and the expiry in Unix seconds (8 bytes).
const SEALED_BYTES: usize = FilingNumber::LENGTH + 8;
/// Separates the cipher's key from any other use of the card key.
const CIPHER_KEY_LABEL: &[u8] = b"yidi code card token, ChaCha20-Poly1305";

/// Seals and opens card tokens with one key.
pub struct CardSigner {
    key: Vec<u8>,
    cipher: ChaCha20Poly1305,
    ttl_seconds: u32,
}

/// What a token says, once it is opened.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// Not a token this server sealed, or altered since.
    Forged,
    Expired,
    Fresh(FilingNumber),
}

impl CardSigner {
    /// A signer with this key; a `ttl_seconds` of 0 issues tokens that have already expired (for tests).
    pub fn new(key: Vec<u8>, ttl_seconds: u32) -> CardSigner {
        let mut derive =
            <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC accepts any key length");
        derive.update(CIPHER_KEY_LABEL);
        let cipher = ChaCha20Poly1305::new(&derive.finalize().into_bytes());
        CardSigner {
            key,
            cipher,
            ttl_seconds,
        }
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
        let key = match (lookup("YIDI_CARD_KEY"), lookup("YIDI_CARD_KEY_FILE")) {
            (Some(_), Some(_)) => {
                return Err("set YIDI_CARD_KEY or YIDI_CARD_KEY_FILE, not both".into());
            }
            (Some(hex), None) => key_from_hex(&hex)
                .ok_or("YIDI_CARD_KEY must be at least 32 bytes written as hex (64 hex digits)")?,
            (None, Some(path)) => read_key_file(Path::new(&path))?,
            (None, None) => {
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

    /// A token for `number`, issued at `now` (Unix seconds), and when it expires.
    fn issue(&self, number: &FilingNumber, now: i64) -> (String, i64) {
        let exp = now + i64::from(self.ttl_seconds);
        let mut sealed = Vec::with_capacity(SEALED_BYTES);
        sealed.extend_from_slice(number.as_str().as_bytes());
        sealed.extend_from_slice(&exp.to_be_bytes());
        let mut nonce = [0u8; NONCE_BYTES];
        // The OS random source failing is not recoverable; a repeated nonce would weaken the cipher.
        getrandom::fill(&mut nonce).expect("the operating system's random source failed");
        let ciphertext = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), sealed.as_slice())
            .expect("sealing a few bytes cannot fail");
        let mut token = nonce.to_vec();
        token.extend_from_slice(&ciphertext);
        (URL_SAFE_NO_PAD.encode(token), exp)
    }

    /// Opens the token (the cipher's tag is checked in constant time), then checks the expiry (public for the
    /// fuzz target).
    pub fn check(&self, token: &str, now: i64) -> Checked {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token.trim()) else {
            return Checked::Forged;
        };
        if bytes.len() <= NONCE_BYTES {
            return Checked::Forged;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let Ok(sealed) = self.cipher.decrypt(Nonce::from_slice(nonce), ciphertext) else {
            return Checked::Forged;
        };
        let Some((number, exp)) = sealed.split_at_checked(FilingNumber::LENGTH) else {
            return Checked::Forged;
        };
        let (Some(number), Ok(exp)) = (
            std::str::from_utf8(number)
                .ok()
                .and_then(FilingNumber::parse),
            <[u8; 8]>::try_from(exp),
        ) else {
            return Checked::Forged;
        };
        if now >= i64::from_be_bytes(exp) {
            Checked::Expired
        } else {
            Checked::Fresh(number)
        }
    }
}

fn key_from_hex(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.trim();
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
        .filter(|key| key.len() >= MIN_KEY_BYTES)
}

/// `YIDI_CARD_KEY_FILE`: the key as hex, as in `YIDI_CARD_KEY`, so that it need not sit in the database or in
/// the environment (a mounted secret). Never echoes the file's content.
fn read_key_file(path: &Path) -> Result<Vec<u8>, String> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        format!(
            "YIDI_CARD_KEY_FILE: cannot read {}: {}",
            path.display(),
            err.kind()
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(
                path = %path.display(),
                "YIDI_CARD_KEY_FILE can be read by other users: make it 0600 (or 0400)"
            );
        }
    }
    key_from_hex(&text).ok_or_else(|| {
        format!(
            "YIDI_CARD_KEY_FILE: {} must hold at least 32 bytes written as hex (64 hex digits)",
            path.display()
        )
    })
}

/// `POST /api/filings/{number}/card`: the person proves the filing is theirs.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardRequest {
    resident_id: String,
}

/// `POST /api/card/verify`: the token a counter scanned.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    token: String,
}

#[derive(Serialize, ToSchema)]
struct TokenBody {
    /// What the QR code holds: unpadded base64url, random to whoever scans it.
    #[schema(pattern = "^[A-Za-z0-9_-]+$")]
    token: String,
    /// RFC 3339, China time.
    #[schema(format = DateTime)]
    expires_at: String,
    ttl_seconds: u32,
}

/// Everything asking for a code card token can refuse.
pub(super) struct IssueRefusals;

impl IntoResponses for IssueRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r) || openapi::changeable(r) || matches!(r, Refusal::CardsLimited { .. })
        })
    }
}

/// Issue a code-card token (持码就医)
///
/// A short-lived token for the person's own filing, unless it was cancelled: the page shows it as a QR code
/// and fetches a new one before `expires_at`.
#[utoipa::path(
    post,
    path = "/filings/{number}/card",
    params(("number" = String, Path, description = openapi::NUMBER)),
    request_body = CardRequest,
    responses((status = OK, description = "A token", body = TokenBody), IssueRefusals)
)]
pub async fn issue(
    State(state): State<AppState>,
    client: Client,
    NumberPath(number): NumberPath,
    JsonBody(request): JsonBody<CardRequest>,
) -> Answer {
    let asker = Asker {
        client,
        number,
        resident_id: &request.resident_id,
    };
    let filing = access::changeable(&state, &asker).await?;
    let (token, exp) = state.card.issue(&filing.number, now().unix);
    let expires_at = DateTime::from_timestamp(exp, 0)
        .unwrap_or_default()
        .with_timezone(&access::china())
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

/// What a counter sees: enough to match the person in front of it with the filing, never the full name or ID
/// number, and not the filing number, which with a guessed ID number would open the filing itself.
#[derive(Serialize, ToSchema)]
struct CounterView {
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
    fn of(filing: &StoredFiling, today: NaiveDate, places: &PlaceData) -> CounterView {
        let view = view(filing, today, places);
        CounterView {
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

/// `valid`: genuine and unexpired; `expired`: genuine but past its time; `forged`: not sealed by this server,
/// altered, or not a token; `cancelled`: genuine, but the filing was cancelled; `unknown`: genuine, but no such
/// filing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum Status {
    Valid,
    Expired,
    Forged,
    Cancelled,
    Unknown,
}

#[derive(Serialize, ToSchema)]
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

/// Everything checking a token can refuse: its body, and too many checks from one address.
pub(super) struct VerifyRefusals;

impl IntoResponses for VerifyRefusals {
    fn responses() -> Responses {
        openapi::refusals(|r| {
            openapi::body(r) || matches!(r, Refusal::CardsLimited { .. } | Refusal::Internal)
        })
    }
}

/// Check a code-card token at a counter
///
/// Always 200 for a token, genuine or not, with a `status` and a `message` in the `Accept-Language`, so that a
/// counter's screen has one thing to read.
#[utoipa::path(
    post,
    path = "/card/verify",
    request_body = VerifyRequest,
    responses((status = OK, description = "The verdict", body = VerifyBody), VerifyRefusals)
)]
pub async fn verify(
    State(state): State<AppState>,
    AcceptLang(lang): AcceptLang,
    JsonBody(request): JsonBody<VerifyRequest>,
) -> Answer {
    let now = now();
    let today = now.today;
    let (status, filing) = match state.card.check(&request.token, now.unix) {
        Checked::Forged => (Status::Forged, None),
        Checked::Expired => (Status::Expired, None),
        Checked::Fresh(number) => match state.filings.get(number).await? {
            None => (Status::Unknown, None),
            Some(filing) if filing.cancelled => (
                Status::Cancelled,
                Some(CounterView::of(&filing, today, &state.places)),
            ),
            Some(filing) => (
                Status::Valid,
                Some(CounterView::of(&filing, today, &state.places)),
            ),
        },
    };
    let body = VerifyBody {
        message: message(status, filing.as_ref().map(|f| f.state), lang),
        status,
        filing,
    };
    Ok(no_store((StatusCode::OK, Json(body)).into_response()))
}

/// A personal answer: no shared cache keeps it.
pub(super) fn no_store(mut response: Response) -> Response {
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
    fn a_token_shows_nothing_to_whoever_scans_it() {
        let (first, _) = signer().issue(&number(), 1_000);
        let (second, _) = signer().issue(&number(), 1_000);
        assert_ne!(first, second, "each token is sealed with its own nonce");
        for token in [&first, &second] {
            let bytes = URL_SAFE_NO_PAD.decode(token).unwrap();
            assert_eq!(bytes.len(), NONCE_BYTES + SEALED_BYTES + 16);
            let number = number().to_string();
            let digits = &number[2..];
            assert!(
                !bytes
                    .windows(4)
                    .any(|w| digits.as_bytes().windows(4).any(|d| d == w)),
                "no run of the number's characters stands in the token"
            );
            assert!(!token.contains(digits));
        }
    }

    #[test]
    fn altered_or_foreign_tokens_are_forged() {
        let (token, _) = signer().issue(&number(), 1_000);
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        for at in [0, NONCE_BYTES, bytes.len() - 1] {
            bytes[at] ^= 1;
            let altered = URL_SAFE_NO_PAD.encode(&bytes);
            assert_eq!(
                signer().check(&altered, 1_000),
                Checked::Forged,
                "byte {at}"
            );
            bytes[at] ^= 1;
        }
        let other = CardSigner::new(vec![8; 32], 60);
        assert_eq!(other.check(&token, 1_000), Checked::Forged);
        let short = URL_SAFE_NO_PAD.encode(&bytes[..NONCE_BYTES]);
        for junk in ["", ".", "abc", "a.b", "!!!!", &short] {
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

    #[tokio::test]
    async fn the_key_can_come_from_a_file_and_never_from_two_places() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::server::SqliteStore::open(&dir.path().join("k.sqlite3")).unwrap();
        let file = dir.path().join("card.key");
        std::fs::write(&file, format!("{}\n", "cd".repeat(32))).unwrap();
        let path = file.display().to_string();
        let from_file = CardSigner::open_with(&store, |k| {
            (k == "YIDI_CARD_KEY_FILE").then(|| path.clone())
        })
        .await
        .unwrap();
        assert_eq!(from_file.key, vec![0xcd; 32]);
        let (token, _) = from_file.issue(&number(), 1_000);
        let kept = CardSigner::open_with(&store, |_| None).await.unwrap();
        assert_ne!(
            kept.key, from_file.key,
            "the file's key is not the database's"
        );
        assert_eq!(kept.check(&token, 1_000), Checked::Forged);

        let both = CardSigner::open_with(&store, |k| match k {
            "YIDI_CARD_KEY_FILE" => Some(path.clone()),
            "YIDI_CARD_KEY" => Some("ab".repeat(32)),
            _ => None,
        })
        .await;
        assert!(both.err().unwrap().contains("not both"));
        std::fs::write(&file, "secret-but-short").unwrap();
        let short = CardSigner::open_with(&store, |k| {
            (k == "YIDI_CARD_KEY_FILE").then(|| path.clone())
        })
        .await
        .err()
        .unwrap();
        assert!(
            short.contains("YIDI_CARD_KEY_FILE") && !short.contains("secret"),
            "{short}"
        );
        let missing = CardSigner::open_with(&store, |k| {
            (k == "YIDI_CARD_KEY_FILE").then(|| "/nonexistent/card.key".into())
        })
        .await;
        assert!(missing.is_err());
    }
}
