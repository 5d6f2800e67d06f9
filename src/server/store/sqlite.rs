//! The SQLite store: one writer thread that commits waiting writes together, and a few reader connections.
//!
//! Every commit fsyncs (synchronous=FULL), which takes about as long as the whole write: so the writer takes
//! all the writes waiting, runs each in its own savepoint, and commits them with one fsync (group commit).
//! A write is answered only after its commit, so an answered filing survives `kill -9`.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use tokio::sync::oneshot;

use super::{
    Created, FilingStore, Fingerprint, IdempotencyKey, NewFiling, NumberSource, PointsUpdate,
    StoreError, StoreFuture, StoredFiling, Update, action_name, parse_action, random_number,
};
use crate::domain::filing::{
    FilingNumber, FilingRequest, HistoryAction, HistoryEntry, Person, ResidentId,
};
use crate::server::db;

/// How many writes one commit takes at most, so that one fsync never waits on an unbounded batch.
const MAX_BATCH: usize = 256;
const READERS: usize = 4;
/// A fresh random number collides with a kept one about once in 2^60 / filings: a few tries are plenty.
const NUMBER_TRIES: usize = 8;
/// A person's filings, oldest first, found through the index of migration 3 (`filings_by_resident_id`), whose
/// expression this must repeat exactly.
const SAME_PERSON: &str =
    "SELECT number, request, valid_until, cancelled_at IS NOT NULL FROM filings
     WHERE json_extract(request, '$.person.resident_id') = ?1 ORDER BY created_at, number";

#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    writes: Mutex<mpsc::Sender<Job>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

enum Job {
    Create(NewFiling, oneshot::Sender<Result<Created, StoreError>>),
    Update(Update, oneshot::Sender<Result<StoredFiling, StoreError>>),
    Points(
        PointsUpdate,
        oneshot::Sender<Result<StoredFiling, StoreError>>,
    ),
    CardKey(
        [u8; 32],
        String,
        oneshot::Sender<Result<Vec<u8>, StoreError>>,
    ),
}

impl SqliteStore {
    /// Opens (creating and migrating) the file and starts the writer thread.
    pub fn open(path: &Path) -> Result<SqliteStore, String> {
        SqliteStore::open_with_numbers(path, Box::new(random_number))
    }

    fn open_with_numbers(path: &Path, numbers: NumberSource) -> Result<SqliteStore, String> {
        let writer = db::open_writer(path)?;
        let readers = (0..READERS)
            .map(|_| db::open_reader(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || write_loop(writer, receiver, numbers))
            .map_err(|err| format!("cannot start the database writer: {err}"))?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                writes: Mutex::new(sender),
                readers,
                next_reader: AtomicUsize::new(0),
            }),
        })
    }

    fn write<T: Send + 'static>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Job,
    ) -> StoreFuture<'_, T> {
        let (reply, answer) = oneshot::channel();
        let sent = self
            .inner
            .writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(make(reply));
        Box::pin(async move {
            if sent.is_err() {
                return Err(StoreError::Backend(
                    "the database writer has stopped".into(),
                ));
            }
            answer
                .await
                .map_err(|_| StoreError::Backend("the database writer has stopped".into()))?
        })
    }

    /// Runs a query on one of the reader connections, off the async threads.
    fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> StoreFuture<'_, T> {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let start = inner.next_reader.fetch_add(1, Ordering::Relaxed);
                // Take a free connection if there is one; else wait for the next in turn.
                let readers = &inner.readers;
                let conn = (0..readers.len())
                    .find_map(|i| readers[(start + i) % readers.len()].try_lock().ok())
                    .unwrap_or_else(|| {
                        readers[start % readers.len()]
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                    });
                query(&conn)
            })
            .await
            .map_err(|err| StoreError::Backend(format!("a read task failed: {err}")))?
        })
    }
}

impl FilingStore for SqliteStore {
    fn create(&self, filing: NewFiling) -> StoreFuture<'_, Created> {
        self.write(|reply| Job::Create(filing, reply))
    }

    fn find_by_key(
        &self,
        key: IdempotencyKey,
        fingerprint: Fingerprint,
    ) -> StoreFuture<'_, Option<StoredFiling>> {
        self.read(move |conn| replay(conn, &key, &fingerprint))
    }

    fn get(&self, number: FilingNumber) -> StoreFuture<'_, Option<StoredFiling>> {
        self.read(move |conn| load(conn, &number, None))
    }

    fn get_owned(
        &self,
        number: FilingNumber,
        resident_id: ResidentId,
    ) -> StoreFuture<'_, Option<StoredFiling>> {
        self.read(move |conn| load(conn, &number, Some(resident_id.as_str())))
    }

    fn of_person(&self, resident_id: ResidentId) -> StoreFuture<'_, Vec<(FilingNumber, Person)>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(SAME_PERSON)?;
            let mut rows = statement.query([resident_id.as_str()])?;
            let mut people = Vec::new();
            while let Some(row) = rows.next()? {
                people.push(super::person_of(
                    &row.get::<_, String>(0)?,
                    &row.get::<_, String>(1)?,
                )?);
            }
            Ok(people)
        })
    }

    fn update(&self, update: Update) -> StoreFuture<'_, StoredFiling> {
        self.write(|reply| Job::Update(update, reply))
    }

    fn set_points(&self, points: PointsUpdate) -> StoreFuture<'_, StoredFiling> {
        self.write(|reply| Job::Points(points, reply))
    }

    fn card_key(&self, fresh: [u8; 32], at: String) -> StoreFuture<'_, Vec<u8>> {
        self.write(|reply| Job::CardKey(fresh, at, reply))
    }

    fn schema_version(&self) -> StoreFuture<'_, i64> {
        self.read(|conn| Ok(db::schema_version(conn)?))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        StoreError::Backend(err.to_string())
    }
}

/// Waits for writes, then commits everything waiting in one transaction; ends when the store is dropped.
fn write_loop(mut conn: Connection, jobs: mpsc::Receiver<Job>, mut numbers: NumberSource) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter().take(MAX_BATCH - 1));
        commit_batch(&mut conn, batch, &mut numbers);
    }
}

/// A finished job's answer, sent only once the batch's fate is known.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

fn commit_batch(conn: &mut Connection, batch: Vec<Job>, numbers: &mut NumberSource) {
    let mut answers: Vec<Answer> = Vec::with_capacity(batch.len());
    let outcome = (|| -> rusqlite::Result<()> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for job in batch {
            // Each write in its own savepoint: one that fails is undone alone (when the savepoint drops
            // uncommitted), the others still commit.
            let savepoint = tx.savepoint()?;
            match job {
                Job::Create(filing, reply) => {
                    let result = create(&savepoint, &filing, numbers);
                    if result.is_ok() {
                        savepoint.commit()?;
                    }
                    answers.push(answer(reply, result));
                }
                Job::Update(update, reply) => {
                    let result = apply_update(&savepoint, &update);
                    if result.is_ok() {
                        savepoint.commit()?;
                    }
                    answers.push(answer(reply, result));
                }
                Job::Points(points, reply) => {
                    let result = apply_points(&savepoint, &points);
                    if result.is_ok() {
                        savepoint.commit()?;
                    }
                    answers.push(answer(reply, result));
                }
                Job::CardKey(fresh, at, reply) => {
                    let result =
                        db::keep_card_key(&savepoint, &fresh, &at).map_err(StoreError::from);
                    if result.is_ok() {
                        savepoint.commit()?;
                    }
                    answers.push(answer(reply, result));
                }
            }
        }
        tx.commit()
    })();
    let failure = outcome.err().map(|err| {
        tracing::error!("a database commit failed: {err}");
        err.to_string()
    });
    for answer in answers {
        answer(failure.as_deref());
    }
}

fn answer<T: Send + 'static>(
    reply: oneshot::Sender<Result<T, StoreError>>,
    result: Result<T, StoreError>,
) -> Answer {
    Box::new(move |failure| {
        let result = match failure {
            None => result,
            Some(message) => Err(StoreError::Backend(message.to_owned())),
        };
        // The caller may have gone (client disconnected); the write stands either way.
        let _ = reply.send(result);
    })
}

fn create(
    conn: &Connection,
    filing: &NewFiling,
    numbers: &mut NumberSource,
) -> Result<Created, StoreError> {
    if let Some(existing) = replay(conn, &filing.key, &filing.fingerprint)? {
        return Ok(Created {
            filing: existing,
            replayed: true,
        });
    }
    // The one writer thread runs creates one at a time, so no other create can come between this and the insert.
    if let Some(standing) = in_effect(conn, filing)? {
        return Err(StoreError::InEffect(Box::new(standing)));
    }
    let request = serde_json::to_string(&filing.request)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO filings (number, request, valid_until, settles_directly, locked_until, created_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let mut number = None;
    for _ in 0..NUMBER_TRIES {
        let candidate = numbers();
        let inserted = insert.execute(params![
            candidate.as_str(),
            request,
            filing.valid_until.map(|d| d.to_string()),
            filing.settles_directly,
            filing.locked_until.map(|d| d.to_string()),
            filing.at,
        ]);
        match inserted {
            Ok(_) => {
                number = Some(candidate);
                break;
            }
            Err(err) if is_primary_key_violation(&err) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    let number = number.ok_or_else(|| {
        StoreError::Backend(format!("no free filing number in {NUMBER_TRIES} tries"))
    })?;
    append_history(
        conn,
        &number,
        &filing.at,
        HistoryAction::Filed,
        &[],
        &request,
    )?;
    conn.prepare_cached(
        "INSERT INTO idempotency_keys (key, fingerprint, number, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        filing.key.as_str(),
        filing.fingerprint.as_slice(),
        number.as_str(),
        filing.at
    ])?;
    Ok(Created {
        filing: StoredFiling {
            number: number.clone(),
            request: filing.request.clone(),
            valid_until: filing.valid_until,
            settles_directly: filing.settles_directly,
            locked_until: filing.locked_until,
            created_at: filing.at.clone(),
            cancelled: false,
            history: vec![HistoryEntry {
                at: filing.at.clone(),
                action: HistoryAction::Filed,
                fields: vec![],
            }],
            version: 1,
            points: vec![],
            points_service: None,
        },
        replayed: false,
    })
}

/// The person's oldest filing that keeps `filing` from being made, if any.
fn in_effect(conn: &Connection, filing: &NewFiling) -> Result<Option<StoredFiling>, StoreError> {
    let mut statement = conn.prepare_cached(SAME_PERSON)?;
    let mut rows = statement.query([filing.request.person.resident_id.as_str()])?;
    while let Some(row) = rows.next()? {
        let request: String = row.get(1)?;
        if super::blocks(filing, &request, parse_date(row.get(2)?)?, row.get(3)?)? {
            let number = FilingNumber::parse(&row.get::<_, String>(0)?)
                .ok_or_else(|| StoreError::Backend("a stored filing number is malformed".into()))?;
            return load(conn, &number, None);
        }
    }
    Ok(None)
}

fn is_primary_key_violation(err: &rusqlite::Error) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(e, _)
        if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

fn replay(
    conn: &Connection,
    key: &IdempotencyKey,
    fingerprint: &Fingerprint,
) -> Result<Option<StoredFiling>, StoreError> {
    let found: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT fingerprint, number FROM idempotency_keys WHERE key = ?1")?
        .query_row([key.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((stored, number)) = found else {
        return Ok(None);
    };
    if stored.as_slice() != fingerprint.as_slice() {
        return Err(StoreError::KeyReused);
    }
    let number = FilingNumber::parse(&number)
        .ok_or_else(|| StoreError::Backend("a stored filing number is malformed".into()))?;
    load(conn, &number, None)
}

fn apply_update(conn: &Connection, update: &Update) -> Result<StoredFiling, StoreError> {
    let request = serde_json::to_string(&update.request)?;
    let cancelled_at = (update.action == HistoryAction::Cancelled).then_some(update.at.as_str());
    let changed = conn
        .prepare_cached(
            "UPDATE filings SET request = ?1, valid_until = ?2, cancelled_at = coalesce(cancelled_at, ?3),
                 version = version + 1
             WHERE number = ?4 AND version = ?5",
        )?
        .execute(params![
            request,
            update.valid_until.map(|d| d.to_string()),
            cancelled_at,
            update.number.as_str(),
            update.expected_version,
        ])?;
    if changed == 0 {
        let exists = conn
            .prepare_cached("SELECT 1 FROM filings WHERE number = ?1")?
            .exists([update.number.as_str()])?;
        return Err(if exists {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        });
    }
    let fields: Vec<&str> = update.fields.iter().map(String::as_str).collect();
    append_history(
        conn,
        &update.number,
        &update.at,
        update.action,
        &fields,
        &request,
    )?;
    load(conn, &update.number, None)?.ok_or(StoreError::NotFound)
}

fn apply_points(conn: &Connection, points: &PointsUpdate) -> Result<StoredFiling, StoreError> {
    let request: Option<String> = conn
        .prepare_cached("SELECT request FROM filings WHERE number = ?1 AND version = ?2")?
        .query_row(
            params![points.number.as_str(), points.expected_version],
            |row| row.get(0),
        )
        .optional()?;
    let Some(request) = request else {
        let exists = conn
            .prepare_cached("SELECT 1 FROM filings WHERE number = ?1")?
            .exists([points.number.as_str()])?;
        return Err(if exists {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        });
    };
    conn.prepare_cached("UPDATE filings SET version = version + 1 WHERE number = ?1")?
        .execute([points.number.as_str()])?;
    let codes: Vec<&str> = points.institutions.iter().map(|c| c.as_str()).collect();
    conn.prepare_cached(
        "INSERT INTO filing_points (number, at, service, institutions) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        points.number.as_str(),
        points.at,
        serde_json::to_string(&points.service)?,
        serde_json::to_string(&codes)?,
    ])?;
    append_history(
        conn,
        &points.number,
        &points.at,
        HistoryAction::Changed,
        &["points"],
        &request,
    )?;
    load(conn, &points.number, None)?.ok_or(StoreError::NotFound)
}

fn append_history(
    conn: &Connection,
    number: &FilingNumber,
    at: &str,
    action: HistoryAction,
    fields: &[&str],
    request: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO filing_history (number, at, action, fields, request) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        number.as_str(),
        at,
        action_name(action),
        serde_json::to_string(fields)?,
        request
    ])?;
    Ok(())
}

fn parse_date(text: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|t| {
        t.parse()
            .map_err(|_| StoreError::Backend(format!("a stored date is malformed: {t}")))
    })
    .transpose()
}

/// A filing's row by its number.
const BY_NUMBER: &str = "SELECT request, valid_until, settles_directly, locked_until, created_at,
        cancelled_at IS NOT NULL, version FROM filings WHERE number = ?1";

/// A filing's row by its number and its person's ID number, both found in migration 4's index
/// (`filings_by_number_and_owner`), whose expression this must repeat exactly.
/// The planner would take the primary key (the number is unique) and then read the row to compare the ID
/// number: `INDEXED BY` keeps it on the index.
const OWNED: &str = "SELECT request, valid_until, settles_directly, locked_until, created_at,
        cancelled_at IS NOT NULL, version FROM filings INDEXED BY filings_by_number_and_owner
     WHERE number = ?1 AND json_extract(request, '$.person.resident_id') = ?2";

/// The filing `number`, if it is `owner`'s when an owner is named: the ID number is compared in the index, so
/// a wrong number and a wrong ID number take the same path and the same time.
fn load(
    conn: &Connection,
    number: &FilingNumber,
    owner: Option<&str>,
) -> Result<Option<StoredFiling>, StoreError> {
    type Row = (
        String,
        Option<String>,
        bool,
        Option<String>,
        String,
        bool,
        i64,
    );
    let read = |row: &rusqlite::Row<'_>| -> rusqlite::Result<Row> {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
        ))
    };
    let row: Option<Row> = match owner {
        None => conn
            .prepare_cached(BY_NUMBER)?
            .query_row([number.as_str()], read),
        Some(owner) => conn
            .prepare_cached(OWNED)?
            .query_row([number.as_str(), owner], read),
    }
    .optional()?;
    let Some((
        request,
        valid_until,
        settles_directly,
        locked_until,
        created_at,
        cancelled,
        version,
    )) = row
    else {
        return Ok(None);
    };
    let request: FilingRequest = serde_json::from_str(&request)?;
    let mut history = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT at, action, fields FROM filing_history WHERE number = ?1 ORDER BY id",
    )?;
    let mut rows = statement.query([number.as_str()])?;
    while let Some(row) = rows.next()? {
        let fields: String = row.get(2)?;
        history.push(HistoryEntry {
            at: row.get(0)?,
            action: parse_action(&row.get::<_, String>(1)?)?,
            fields: serde_json::from_str(&fields)?,
        });
    }
    let points: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT service, institutions FROM filing_points WHERE number = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([number.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (points, points_service) =
        super::chosen_points(points.as_ref().map(|(s, i)| (s.as_str(), i.as_str())))?;
    Ok(Some(StoredFiling {
        number: number.clone(),
        request,
        valid_until: parse_date(valid_until)?,
        settles_directly,
        locked_until: parse_date(locked_until)?,
        created_at,
        cancelled,
        history,
        version,
        points,
        points_service,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::contract;

    #[tokio::test]
    async fn meets_the_store_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("contract.sqlite3")).unwrap();
        contract::run_all(&store).await;
    }

    /// The rule's look-up goes through the index of migration 3, not through every filing.
    #[test]
    fn a_persons_filings_are_found_through_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open_writer(&dir.path().join("plan.sqlite3")).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {SAME_PERSON}"))
            .unwrap()
            .query_map(["11010519491231002X"], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX filings_by_resident_id")),
            "{plan:?}"
        );
    }

    /// A look-up by number and ID number is answered from migration 4's index, both columns, so that neither kind
    /// of miss reads a row.
    #[test]
    fn an_owned_filing_is_found_in_the_index_by_both_columns() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open_writer(&dir.path().join("plan.sqlite3")).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {OWNED}"))
            .unwrap()
            .query_map(["YD000000000001", "11010519491231002X"], |row| {
                row.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().any(|step| step
                .contains("USING INDEX filings_by_number_and_owner (number=? AND <expr>=?)")),
            "{plan:?}"
        );
    }

    #[tokio::test]
    async fn a_number_already_taken_is_drawn_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut draws = [1u64, 1, 1, 2].into_iter();
        let numbers: NumberSource =
            Box::new(move || FilingNumber::from_random(draws.next().unwrap_or(3)));
        let store = SqliteStore::open_with_numbers(&dir.path().join("n.sqlite3"), numbers).unwrap();
        let first = store.create(contract::new_filing("k1", 1)).await.unwrap();
        let second = store.create(contract::new_filing("k2", 2)).await.unwrap();
        assert_eq!(first.filing.number, FilingNumber::from_random(1));
        assert_eq!(second.filing.number, FilingNumber::from_random(2));
    }

    #[tokio::test]
    async fn a_filing_survives_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reopen.sqlite3");
        let number = {
            let store = SqliteStore::open(&path).unwrap();
            store
                .create(contract::new_filing("k", 1))
                .await
                .unwrap()
                .filing
                .number
        };
        let store = SqliteStore::open(&path).unwrap();
        assert!(store.get(number).await.unwrap().is_some());
    }
}
