//! Where filings are kept: one small contract, [`FilingStore`], that SQLite (the embedded default) and
//! PostgreSQL (several servers on one database) implement, both held to the same tests in [`contract`].

mod postgres;
mod sqlite;

#[cfg(test)]
pub mod contract;

use std::future::Future;
use std::pin::Pin;

use chrono::NaiveDate;

use crate::domain::filing::{
    EarlierFiling, FilingNumber, FilingRequest, HistoryAction, HistoryEntry, Person, ResidentId,
};
use crate::domain::institutions::{InstitutionCode, Service};
use crate::server::config::Database;

pub use postgres::{DEFAULT_POOL_SIZE, PostgresStore};
pub use sqlite::SqliteStore;

/// Opens the store the settings name: PostgreSQL when `DATABASE_URL` is set, else the SQLite file.
pub async fn open(database: &Database) -> Result<std::sync::Arc<dyn FilingStore>, String> {
    Ok(match database {
        Database::Sqlite(path) => std::sync::Arc::new(SqliteStore::open(path)?),
        Database::Postgres { config, pool_size } => {
            std::sync::Arc::new(PostgresStore::open((**config).clone(), *pool_size).await?)
        }
    })
}

/// What a store method answers, later: boxed so that the trait can be used as `dyn FilingStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// SHA-256 of the request as received, to tell a retry from a different request under the same key.
pub type Fingerprint = [u8; 32];

/// The operations the API needs; every write is durable when its future resolves `Ok`.
pub trait FilingStore: Send + Sync {
    /// Files a new filing under its idempotency key in one transaction with the key, or answers the filing
    /// already filed under that key (`replayed`), or [`StoreError::KeyReused`] if the key filed another request.
    /// A new filing is refused with [`StoreError::InEffect`] while the person has a filing of the same kind in
    /// effect (checked after the key, so that a retry still answers its filing, and atomically with the insert).
    fn create(&self, filing: NewFiling) -> StoreFuture<'_, Created>;

    /// The filing an earlier request filed under `key`, if any; [`StoreError::KeyReused`] if its fingerprint differs.
    fn find_by_key(
        &self,
        key: IdempotencyKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'_, Option<StoredFiling>>;

    fn get(&self, number: FilingNumber) -> StoreFuture<'_, Option<StoredFiling>>;

    /// The filing `number` if it is the person's with `resident_id`; none for an unknown number and for someone
    /// else's alike, by one query, so that the two cannot be told apart by time.
    fn get_owned(
        &self,
        number: FilingNumber,
        resident_id: ResidentId,
    ) -> StoreFuture<'_, Option<StoredFiling>>;

    /// Every filing of the person with `resident_id`, with its person as filed, oldest first: what finding one's
    /// filings on another device matches the name and phone against, before any filing is read in full.
    fn of_person(&self, resident_id: ResidentId) -> StoreFuture<'_, Vec<(FilingNumber, Person)>>;

    /// Writes a filing's new state and appends its history entry, if the filing is still at
    /// `expected_version` ([`StoreError::Conflict`] if another change came first).
    fn update(&self, update: Update) -> StoreFuture<'_, StoredFiling>;

    /// Keeps a filing's new choice of institutions beside the earlier ones and appends a `changed` history
    /// entry for `points`, if the filing is still at `expected_version` (else [`StoreError::Conflict`]).
    fn set_points(&self, points: PointsUpdate) -> StoreFuture<'_, StoredFiling>;

    /// The key that signs code-card tokens: the one kept already, or `fresh` (made at `at`), kept now.
    /// Every server on one database so shares one key.
    fn card_key(&self, fresh: [u8; 32], at: String) -> StoreFuture<'_, Vec<u8>>;

    /// The version of the store's schema, for the health check.
    fn schema_version(&self) -> StoreFuture<'_, i64>;
}

/// The client's `Idempotency-Key`: 1 to 100 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Option<IdempotencyKey> {
        let ok = (1..=100).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| IdempotencyKey(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated filing to keep.
#[derive(Clone)]
pub struct NewFiling {
    pub key: IdempotencyKey,
    pub fingerprint: Fingerprint,
    /// Normalised by validation: the ID number in upper case, the name trimmed.
    pub request: FilingRequest,
    pub valid_until: Option<NaiveDate>,
    pub settles_directly: bool,
    pub locked_until: Option<NaiveDate>,
    /// RFC 3339.
    pub at: String,
    /// The day in China the filing is made: the day a filing of the same kind must be past its end to not count.
    pub today: NaiveDate,
}

/// A filing as kept. Holds personal data in full, so its `Debug` shows the number only: nothing prints the rest
/// by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredFiling {
    pub number: FilingNumber,
    pub request: FilingRequest,
    pub valid_until: Option<NaiveDate>,
    pub settles_directly: bool,
    pub locked_until: Option<NaiveDate>,
    pub created_at: String,
    pub cancelled: bool,
    /// Oldest first; the first entry is the filing itself.
    pub history: Vec<HistoryEntry>,
    /// Goes up by one with each change, for optimistic concurrency.
    pub version: i64,
    /// The institutions named last (选点), and the service they are for; empty and none until any are named.
    pub points: Vec<String>,
    pub points_service: Option<Service>,
}

impl std::fmt::Debug for StoredFiling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredFiling")
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// Whether a stored filing of the person's keeps `new` from being filed: the domain's rule, on a store's row.
fn blocks(
    new: &NewFiling,
    request: &str,
    valid_until: Option<NaiveDate>,
    cancelled: bool,
) -> Result<bool, StoreError> {
    let earlier = EarlierFiling {
        category: serde_json::from_str::<FilingRequest>(request)?.category,
        valid_until,
        cancelled,
    };
    Ok(earlier.in_effect_for(new.request.category.kind(), new.today))
}

/// The answer to [`FilingStore::create`].
pub struct Created {
    pub filing: StoredFiling,
    /// True when the key had filed this request before and nothing new was written.
    pub replayed: bool,
}

/// A change or a cancellation of a stored filing.
#[derive(Clone)]
pub struct Update {
    pub number: FilingNumber,
    pub expected_version: i64,
    pub request: FilingRequest,
    pub valid_until: Option<NaiveDate>,
    pub action: HistoryAction,
    pub fields: Vec<String>,
    /// RFC 3339.
    pub at: String,
}

/// A new choice of institutions for a filing, already checked against the rules.
#[derive(Clone)]
pub struct PointsUpdate {
    pub number: FilingNumber,
    pub expected_version: i64,
    pub service: Service,
    pub institutions: Vec<InstitutionCode>,
    /// RFC 3339.
    pub at: String,
}

/// Where new filing numbers come from: random in service, a fixed sequence in a test of collisions.
type NumberSource = Box<dyn FnMut() -> FilingNumber + Send>;

fn random_number() -> FilingNumber {
    let mut bytes = [0u8; 8];
    // The OS random source failing is not recoverable; without it numbers could be guessed.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    FilingNumber::from_random(u64::from_le_bytes(bytes))
}

/// A history action as both stores keep it.
fn action_name(action: HistoryAction) -> &'static str {
    match action {
        HistoryAction::Filed => "filed",
        HistoryAction::Changed => "changed",
        HistoryAction::Cancelled => "cancelled",
    }
}

fn parse_action(name: &str) -> Result<HistoryAction, StoreError> {
    match name {
        "filed" => Ok(HistoryAction::Filed),
        "changed" => Ok(HistoryAction::Changed),
        "cancelled" => Ok(HistoryAction::Cancelled),
        other => Err(StoreError::Backend(format!(
            "unknown history action {other}"
        ))),
    }
}

/// The institutions chosen last and the service they were chosen for, from their stored JSON (`service`,
/// `institutions`); none chosen when nothing is stored.
fn chosen_points(
    stored: Option<(&str, &str)>,
) -> Result<(Vec<String>, Option<Service>), StoreError> {
    Ok(match stored {
        Some((service, institutions)) => (
            serde_json::from_str(institutions)?,
            Some(serde_json::from_str::<Service>(service)?),
        ),
        None => (vec![], None),
    })
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> StoreError {
        StoreError::Backend(format!("stored JSON: {err}"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the idempotency key was used for a different request")]
    KeyReused,
    #[error("the filing changed since it was read")]
    Conflict,
    #[error("no such filing")]
    NotFound,
    /// The person already has this filing of the new filing's kind in effect.
    #[error("a filing of this kind is in effect for the person")]
    InEffect(Box<StoredFiling>),
    #[error("the store failed: {0}")]
    Backend(String),
}

/// A row of the person's filings (number, request as stored) as [`FilingStore::of_person`] answers it.
fn person_of(number: &str, request: &str) -> Result<(FilingNumber, Person), StoreError> {
    let number = FilingNumber::parse(number)
        .ok_or_else(|| StoreError::Backend("a stored filing number is malformed".into()))?;
    Ok((
        number,
        serde_json::from_str::<FilingRequest>(request)?.person,
    ))
}
