//! What one client, or one filing number, may do in a while: token buckets for writes and code cards per client
//! address, and for failed attempts at a filing per number and per address, so that nobody can guess an ID
//! number or a filing number by trying.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::client::Client;
use super::error::Refusal;
use crate::domain::filing::{FilingNumber, ResidentId};

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
/// Writes (filing, changing, cancelling) a minute per address when `YIDI_WRITE_RATE` is not set.
pub const DEFAULT_WRITES_PER_MINUTE: u32 = 30;
/// Code-card requests (issue and verify) a minute per address when `YIDI_CARD_RATE` is not set: a card refreshes
/// about once a minute, so 100 people behind one address (hospital Wi-Fi, a carrier's NAT) need about 100, and a
/// counter verifying their codes as many again.
pub const DEFAULT_CARDS_PER_MINUTE: u32 = 240;
/// Failed attempts at one filing number, from all addresses together, then one more an hour
/// (`YIDI_ATTEMPTS_PER_NUMBER`): the masked ID number and a known birth year leave a few hundred candidates, so
/// the refill, not the first tries, is what makes a search take weeks.
pub const DEFAULT_ATTEMPTS_PER_NUMBER: u32 = 10;
/// Failed attempts an hour from one address, at all numbers together (`YIDI_ATTEMPTS_PER_ADDRESS`).
pub const DEFAULT_ATTEMPTS_PER_ADDRESS: u32 = 30;
/// Past this many remembered keys, buckets that have refilled are forgotten (they would allow the same).
const PRUNE_ABOVE: usize = 10_000;

/// `capacity` at once, refilled evenly over `period`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub capacity: u32,
    pub period: Duration,
}

impl Limit {
    pub fn per_minute(capacity: u32) -> Limit {
        Limit {
            capacity: capacity.max(1),
            period: MINUTE,
        }
    }

    pub fn per_hour(capacity: u32) -> Limit {
        Limit {
            capacity: capacity.max(1),
            period: HOUR,
        }
    }

    /// `capacity` at once, then one more an hour.
    pub fn one_an_hour(capacity: u32) -> Limit {
        let capacity = capacity.max(1);
        Limit {
            capacity,
            period: HOUR * capacity,
        }
    }

    fn per_second(self) -> f64 {
        f64::from(self.capacity) / self.period.as_secs_f64()
    }
}

/// One token bucket per key.
pub struct Buckets<K> {
    limit: Limit,
    buckets: Mutex<HashMap<K, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    pub fn new(limit: Limit) -> Buckets<K> {
        Buckets {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `f` on `key`'s bucket, refilled up to `now`.
    fn with<T>(&self, key: &K, now: Instant, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let capacity = f64::from(self.limit.capacity);
        let per_second = self.limit.per_second();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second < capacity
            });
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refilled).min(capacity);
        bucket.at = now;
        f(bucket)
    }

    /// How long until `key` has a token; `None` when it has one now.
    pub fn wait(&self, key: &K, now: Instant) -> Option<Duration> {
        let per_second = self.limit.per_second();
        self.with(key, now, |bucket| {
            (bucket.tokens < 1.0)
                .then(|| Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        })
    }

    /// Takes a token for `key`, or says how long until one is free.
    pub fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let per_second = self.limit.per_second();
        self.with(key, now, |bucket| {
            if bucket.tokens >= 1.0 {
                bucket.tokens -= 1.0;
                Ok(())
            } else {
                Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
            }
        })
    }

    /// Spends a token for `key` if it has one: a failure already answered still counts.
    fn spend(&self, key: &K, now: Instant) {
        let _ = self.take(key, now);
    }
}

/// Failed attempts at filings: a filing number that did not match the ID number, or an unknown one, counted per
/// number across all addresses and per address across all numbers. A try is refused while either is spent,
/// whether or not it would match, so a refusal tells nothing; a matching try spends nothing, so the owner is
/// held up only while someone else is guessing at the same number, and then for one refill (an hour at most).
pub struct Attempts {
    per_number: Buckets<String>,
    per_address: Buckets<IpAddr>,
}

impl Attempts {
    pub fn new(per_number: Limit, per_address: Limit) -> Attempts {
        Attempts {
            per_number: Buckets::new(per_number),
            per_address: Buckets::new(per_address),
        }
    }

    /// `Err` with how long to wait while either limit is spent for this number or this address.
    pub fn check(&self, number: Option<&FilingNumber>, client: IpAddr) -> Result<(), Refusal> {
        self.check_key(number.map(ToString::to_string), client)
    }

    /// The same for a search by ID number (finding one's filings on another device): counted like a number.
    pub fn check_person(&self, resident_id: &ResidentId, client: IpAddr) -> Result<(), Refusal> {
        self.check_key(Some(person_key(resident_id)), client)
    }

    /// Counts a search by ID number that found nothing against the ID number and the address.
    pub fn failed_person(&self, resident_id: &ResidentId, client: IpAddr) {
        self.failed_key(Some(person_key(resident_id)), client);
    }

    fn check_key(&self, key: Option<String>, client: IpAddr) -> Result<(), Refusal> {
        let now = Instant::now();
        let by_number = key.and_then(|key| self.per_number.wait(&key, now));
        let by_address = self.per_address.wait(&client, now);
        match by_number.max(by_address) {
            Some(retry_after) => Err(Refusal::AttemptsLimited { retry_after }),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt against the number (when it is in the form of one) and the address.
    pub fn failed(&self, number: Option<&FilingNumber>, client: IpAddr) {
        self.failed_key(number.map(ToString::to_string), client);
    }

    fn failed_key(&self, key: Option<String>, client: IpAddr) {
        let now = Instant::now();
        if let Some(key) = key {
            self.per_number.spend(&key, now);
        }
        self.per_address.spend(&client, now);
    }
}

/// The key a search by ID number counts under: a hash, so the limiter holds no ID number (and none can be read
/// from memory); `id:` keeps it apart from filing numbers.
fn person_key(resident_id: &ResidentId) -> String {
    let digest = Sha256::digest(resident_id.as_str().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("id:{hex}")
}

/// A limit per client address, and the refusal it answers with.
pub struct AddressLimit {
    buckets: Buckets<IpAddr>,
    refuse: fn(Duration) -> Refusal,
}

impl AddressLimit {
    pub fn writes(limit: Limit) -> AddressLimit {
        AddressLimit {
            buckets: Buckets::new(limit),
            refuse: |retry_after| Refusal::WritesLimited { retry_after },
        }
    }

    pub fn cards(limit: Limit) -> AddressLimit {
        AddressLimit {
            buckets: Buckets::new(limit),
            refuse: |retry_after| Refusal::CardsLimited { retry_after },
        }
    }
}

/// Every limit of the running server.
pub struct Limits {
    pub writes: Arc<AddressLimit>,
    pub cards: Arc<AddressLimit>,
    pub attempts: Attempts,
}

impl Limits {
    pub fn from_env() -> Result<Limits, String> {
        Limits::from_lookup(|key| std::env::var(key).ok())
    }

    /// `YIDI_WRITE_RATE`, `YIDI_CARD_RATE` (a minute, per address), `YIDI_ATTEMPTS_PER_NUMBER` (at once, then
    /// one an hour) and `YIDI_ATTEMPTS_PER_ADDRESS` (an hour); the load benchmark and the tests raise them.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Limits, String> {
        let number = |key: &str, default: u32, what: &str| match lookup(key) {
            None => Ok(default),
            Some(raw) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{key} must be a positive number of {what}, got `{raw}`")),
        };
        Ok(Limits {
            writes: Arc::new(AddressLimit::writes(Limit::per_minute(number(
                "YIDI_WRITE_RATE",
                DEFAULT_WRITES_PER_MINUTE,
                "writes per minute",
            )?))),
            cards: Arc::new(AddressLimit::cards(Limit::per_minute(number(
                "YIDI_CARD_RATE",
                DEFAULT_CARDS_PER_MINUTE,
                "code card requests per minute",
            )?))),
            attempts: Attempts::new(
                Limit::one_an_hour(number(
                    "YIDI_ATTEMPTS_PER_NUMBER",
                    DEFAULT_ATTEMPTS_PER_NUMBER,
                    "failed attempts",
                )?),
                Limit::per_hour(number(
                    "YIDI_ATTEMPTS_PER_ADDRESS",
                    DEFAULT_ATTEMPTS_PER_ADDRESS,
                    "failed attempts per hour",
                )?),
            ),
        })
    }
}

/// Middleware: 429 with `Retry-After` when the client's bucket for these routes is empty.
pub async fn limit_by_address(
    State(limit): State<Arc<AddressLimit>>,
    client: Client,
    request: Request,
    next: Next,
) -> Response {
    match limit.buckets.take(&client.0, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => (limit.refuse)(wait).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    #[test]
    fn allows_a_burst_then_one_per_interval() {
        let limiter = Buckets::new(Limit::per_minute(3));
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(&ip, start).is_ok());
        }
        let wait = limiter.take(&ip, start).unwrap_err();
        assert!(
            wait > Duration::from_secs(19) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(limiter.take(&ip, start + Duration::from_secs(20)).is_ok());
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        assert!(
            limiter.take(&other, start).is_ok(),
            "each IP has its own bucket"
        );
    }

    #[test]
    fn failed_attempts_are_limited_per_number_across_addresses_and_per_address_across_numbers() {
        let attempts = Attempts::new(Limit::one_an_hour(10), Limit::per_hour(30));
        let number = FilingNumber::from_random(7);
        // Ten addresses, one failure each, spend the number's ten.
        for i in 0..10 {
            let client = IpAddr::V4(Ipv4Addr::new(10, 0, 0, i));
            attempts.check(Some(&number), client).unwrap();
            attempts.failed(Some(&number), client);
        }
        let fresh = IpAddr::V4(Ipv4Addr::new(10, 0, 1, 1));
        let Err(Refusal::AttemptsLimited { retry_after }) = attempts.check(Some(&number), fresh)
        else {
            panic!("the number's attempts are spent for every address");
        };
        assert!(
            retry_after > Duration::from_secs(3590) && retry_after <= HOUR,
            "one more try an hour: {retry_after:?}"
        );
        assert!(
            attempts
                .check(Some(&FilingNumber::from_random(8)), fresh)
                .is_ok()
        );
        // One address, thirty numbers, spends the address.
        for n in 100..130 {
            let number = FilingNumber::from_random(n);
            attempts.check(Some(&number), fresh).unwrap();
            attempts.failed(Some(&number), fresh);
        }
        assert!(
            attempts
                .check(Some(&FilingNumber::from_random(500)), fresh)
                .is_err()
        );
        assert!(
            attempts.check(None, fresh).is_err(),
            "a malformed number too"
        );
    }

    #[test]
    fn limits_come_from_the_environment_by_name() {
        let limits = Limits::from_lookup(|k| (k == "YIDI_CARD_RATE").then(|| "5".into())).unwrap();
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let now = Instant::now();
        for _ in 0..5 {
            assert!(limits.cards.buckets.take(&ip, now).is_ok());
        }
        assert!(limits.cards.buckets.take(&ip, now).is_err());
        let err = Limits::from_lookup(|k| (k == "YIDI_ATTEMPTS_PER_NUMBER").then(|| "0".into()))
            .err()
            .unwrap();
        assert!(err.contains("YIDI_ATTEMPTS_PER_NUMBER"), "{err}");
    }
}
