//! The behaviour every [`FilingStore`] must have, as one suite: a new backend passes `run_all` on its own store.
//!
//! Each check uses its own idempotency keys and its own people, so the suite can share one store.

use std::task::Poll;

use chrono::NaiveDate;

use super::{
    Created, FilingStore, IdempotencyKey, NewFiling, PointsUpdate, StoreError, StoreFuture, Update,
};
use crate::domain::category::{ChronicDisease, FilingCategory, Scheme};
use crate::domain::filing::{
    Applicant, Destination, FilingNumber, FilingRequest, HistoryAction, Person, Proof, ResidentId,
    valid_id,
};
use crate::domain::institutions::{InstitutionCode, Service};

pub async fn run_all(store: &dyn FilingStore) {
    files_and_reads_back(store).await;
    a_retry_under_the_same_key_files_nothing_new(store).await;
    a_key_is_never_reused_for_another_request(store).await;
    concurrent_duplicates_file_once(store).await;
    distinct_keys_give_distinct_numbers(store).await;
    a_change_appends_history_and_keeps_the_filing(store).await;
    a_stale_change_is_refused(store).await;
    cancelling_is_a_state(store).await;
    points_are_kept_with_their_history(store).await;
    unknown_numbers_are_absent(store).await;
    a_filing_is_read_for_its_owner_only(store).await;
    reports_its_schema_version(store).await;
    keeps_one_card_key(store).await;
    a_second_filing_of_a_kind_waits_for_the_first_to_end(store).await;
    a_filing_past_its_last_day_does_not_count(store).await;
    parallel_filings_for_one_person_file_once(store).await;
    a_person_s_filings_are_listed_with_their_person(store).await;
}

/// A valid long-term filing, told apart from others by `seed` (in the phone number), for a person of its own
/// (`person(seed)`), so that checks sharing a store do not meet the rule of one filing in effect per kind.
pub fn new_filing(key: &str, seed: u8) -> NewFiling {
    let request = FilingRequest {
        applicant: Applicant::Myself {},
        person: Person {
            name: "张三".into(),
            resident_id: person(seed.into()),
            phone: format!("138001380{seed:02}"),
            insured_city: "120000".into(),
            scheme: Scheme::EmployeeRetired,
        },
        category: FilingCategory::ResettledRetiree,
        destination: Destination {
            province: "130000".into(),
            city: Some("131000".into()),
        },
        start_date: date(2026, 12, 1),
        end_date: None,
        chronic_qualifications: vec![],
        proof: Proof {
            commitment_agreed: true,
            referral_institution: None,
        },
        supplementary: None,
    };
    NewFiling {
        key: IdempotencyKey::parse(key).unwrap(),
        fingerprint: [seed; 32],
        request,
        valid_until: None,
        settles_directly: true,
        locked_until: Some(date(2027, 6, 1)),
        at: "2026-11-24T10:00:00+08:00".into(),
        today: date(2026, 11, 24),
    }
}

/// The valid resident ID number of test person `n` (0 to 999), as validation keeps it; person 2 is the
/// GB 11643 sample, `11010519491231002X`.
pub fn person(n: u16) -> String {
    valid_id(&format!("11010519491231{n:03}"))
}

/// The filing made for test person `n` instead.
pub fn for_person(mut filing: NewFiling, n: u16) -> NewFiling {
    filing.request.person.resident_id = person(n);
    filing
}

/// The filing made temporary (other temporary, the default half year from its start).
fn temporary(mut filing: NewFiling) -> NewFiling {
    filing.request.category = FilingCategory::OtherTemporary;
    filing.valid_until = Some(date(2027, 5, 31));
    filing.locked_until = None;
    filing
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn change_of(filing: &super::StoredFiling, phone: &str) -> Update {
    let mut request = filing.request.clone();
    request.person.phone = phone.into();
    Update {
        number: filing.number.clone(),
        expected_version: filing.version,
        request,
        valid_until: filing.valid_until,
        action: HistoryAction::Changed,
        fields: vec!["phone".into()],
        at: "2026-11-25T09:00:00+08:00".into(),
    }
}

fn cancel_of(filing: &super::StoredFiling) -> Update {
    let mut cancel = change_of(filing, &filing.request.person.phone);
    cancel.action = HistoryAction::Cancelled;
    cancel.fields = vec![];
    cancel
}

async fn files_and_reads_back(store: &dyn FilingStore) {
    let new = new_filing("contract-read", 2);
    let created = store.create(new.clone()).await.unwrap();
    assert!(!created.replayed);
    let stored = store
        .get(created.filing.number.clone())
        .await
        .unwrap()
        .expect("a filed filing can be read");
    assert!(FilingNumber::parse(stored.number.as_str()).is_some());
    assert!(stored.request == new.request, "the request round-trips");
    assert_eq!(stored.valid_until, new.valid_until);
    assert_eq!(stored.locked_until, new.locked_until);
    assert_eq!(stored.created_at, new.at);
    assert!(stored.settles_directly && !stored.cancelled);
    assert_eq!(stored.history.len(), 1);
    assert_eq!(stored.history[0].action, HistoryAction::Filed);
    assert!(created.filing == stored, "create answers what get reads");
}

async fn a_retry_under_the_same_key_files_nothing_new(store: &dyn FilingStore) {
    let first = store.create(new_filing("contract-retry", 1)).await.unwrap();
    let again = store.create(new_filing("contract-retry", 1)).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.filing.number, first.filing.number);
    let found = store
        .find_by_key(IdempotencyKey::parse("contract-retry").unwrap(), [1; 32])
        .await
        .unwrap()
        .expect("the key finds its filing");
    assert_eq!(found.number, first.filing.number);
    let none = store
        .find_by_key(IdempotencyKey::parse("contract-unused").unwrap(), [1; 32])
        .await
        .unwrap();
    assert!(none.is_none());
}

async fn a_key_is_never_reused_for_another_request(store: &dyn FilingStore) {
    store.create(new_filing("contract-reuse", 3)).await.unwrap();
    let err = store.create(new_filing("contract-reuse", 4)).await;
    assert!(matches!(err, Err(StoreError::KeyReused)));
    let err = store
        .find_by_key(IdempotencyKey::parse("contract-reuse").unwrap(), [4; 32])
        .await;
    assert!(matches!(err, Err(StoreError::KeyReused)));
}

async fn concurrent_duplicates_file_once(store: &dyn FilingStore) {
    let create = || store.create(new_filing("contract-race", 5));
    let (a, b, c, d, e, f, g, h) = tokio::join!(
        create(),
        create(),
        create(),
        create(),
        create(),
        create(),
        create(),
        create()
    );
    let all = [a, b, c, d, e, f, g, h].map(Result::unwrap);
    let fresh = all.iter().filter(|created| !created.replayed).count();
    assert_eq!(fresh, 1, "exactly one of the duplicates files");
    assert!(all.iter().all(|c| c.filing.number == all[0].filing.number));
}

async fn distinct_keys_give_distinct_numbers(store: &dyn FilingStore) {
    let mut numbers = std::collections::HashSet::new();
    for i in 0..20 {
        let filing = for_person(new_filing(&format!("contract-distinct-{i}"), 6), 100 + i);
        let created = store.create(filing).await.unwrap();
        numbers.insert(created.filing.number);
    }
    assert_eq!(numbers.len(), 20);
}

async fn a_change_appends_history_and_keeps_the_filing(store: &dyn FilingStore) {
    let filed = store
        .create(new_filing("contract-change", 7))
        .await
        .unwrap()
        .filing;
    let changed = store
        .update(change_of(&filed, "13900139000"))
        .await
        .unwrap();
    assert_eq!(changed.version, filed.version + 1);
    assert_eq!(changed.request.person.phone, "13900139000");
    assert_eq!(changed.history.len(), 2);
    assert_eq!(changed.history[1].action, HistoryAction::Changed);
    assert_eq!(changed.history[1].fields, ["phone"]);
    let read = store.get(filed.number.clone()).await.unwrap().unwrap();
    assert!(read == changed);
}

async fn a_stale_change_is_refused(store: &dyn FilingStore) {
    let filed = store
        .create(new_filing("contract-stale", 8))
        .await
        .unwrap()
        .filing;
    store
        .update(change_of(&filed, "13900139001"))
        .await
        .unwrap();
    let stale = store.update(change_of(&filed, "13900139002")).await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let read = store.get(filed.number.clone()).await.unwrap().unwrap();
    assert_eq!(read.request.person.phone, "13900139001");
    assert_eq!(read.history.len(), 2, "a refused change leaves no history");
    let mut missing = change_of(&filed, "13900139003");
    missing.number = FilingNumber::parse("YD000000000000").unwrap();
    assert!(matches!(
        store.update(missing).await,
        Err(StoreError::NotFound)
    ));
}

async fn cancelling_is_a_state(store: &dyn FilingStore) {
    let filed = store
        .create(new_filing("contract-cancel", 9))
        .await
        .unwrap()
        .filing;
    let cancelled = store.update(cancel_of(&filed)).await.unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(
        cancelled.history.last().unwrap().action,
        HistoryAction::Cancelled
    );
    let read = store.get(filed.number).await.unwrap().unwrap();
    assert!(read.cancelled && read.request == filed.request);
}

async fn points_are_kept_with_their_history(store: &dyn FilingStore) {
    let filed = store
        .create(new_filing("contract-points", 10))
        .await
        .unwrap()
        .filing;
    assert!(filed.points.is_empty() && filed.points_service.is_none());
    let diabetes = Service::Chronic(ChronicDisease::Diabetes);
    let choose = |version: i64, codes: &[&str]| PointsUpdate {
        number: filed.number.clone(),
        expected_version: version,
        service: diabetes,
        institutions: codes
            .iter()
            .map(|c| InstitutionCode::parse(c).unwrap())
            .collect(),
        at: "2026-11-26T09:00:00+08:00".into(),
    };
    let first = store
        .set_points(choose(filed.version, &["H13100000001", "H13100000002"]))
        .await
        .unwrap();
    assert_eq!(first.points, ["H13100000001", "H13100000002"]);
    assert_eq!(first.points_service, Some(diabetes));
    assert_eq!(first.version, filed.version + 1);
    assert_eq!(first.history.last().unwrap().fields, ["points"]);
    assert!(
        first.request == filed.request,
        "naming points changes nothing else"
    );
    let stale = store
        .set_points(choose(filed.version, &["H13100000003"]))
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let second = store
        .set_points(choose(first.version, &["H13100000003"]))
        .await
        .unwrap();
    assert_eq!(second.points, ["H13100000003"]);
    assert_eq!(second.history.len(), 3);
    let read = store.get(filed.number.clone()).await.unwrap().unwrap();
    assert!(read == second);
}

async fn unknown_numbers_are_absent(store: &dyn FilingStore) {
    let number = FilingNumber::parse("YD000000000001").unwrap();
    assert!(store.get(number).await.unwrap().is_none());
}

async fn a_filing_is_read_for_its_owner_only(store: &dyn FilingStore) {
    let filed = store
        .create(new_filing("contract-owner", 9))
        .await
        .unwrap()
        .filing;
    let owner = ResidentId::parse(&person(9)).unwrap();
    let owned = store
        .get_owned(filed.number.clone(), owner.clone())
        .await
        .unwrap()
        .expect("the owner's ID number reads the filing");
    assert!(owned == filed);
    let someone_else = ResidentId::parse(&person(10)).unwrap();
    assert!(
        store
            .get_owned(filed.number.clone(), someone_else)
            .await
            .unwrap()
            .is_none()
    );
    let unknown = FilingNumber::parse("YD000000000001").unwrap();
    assert!(store.get_owned(unknown, owner).await.unwrap().is_none());
}

/// Both stores ship the same numbered migrations, so both stand at the same version.
async fn reports_its_schema_version(store: &dyn FilingStore) {
    assert_eq!(store.schema_version().await.unwrap(), 4);
}

/// Run on a fresh store: the first key offered is kept, and every later call answers it.
async fn keeps_one_card_key(store: &dyn FilingStore) {
    let first = store.card_key([1; 32], "2026-11-24T10:00:00+08:00".into());
    let second = store.card_key([2; 32], "2026-11-24T10:00:00+08:00".into());
    let (first, second) = tokio::join!(first, second);
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first == [1; 32] || first == [2; 32]);
    assert_eq!(second, first, "two servers starting together get one key");
    let later = store.card_key([3; 32], "2026-11-25T10:00:00+08:00".into());
    assert_eq!(later.await.unwrap(), first);
}

/// The filing the store refused `filing` for, as in effect for the person; panics if it did not refuse.
async fn refused_for(store: &dyn FilingStore, filing: NewFiling) -> super::StoredFiling {
    match store.create(filing).await {
        Err(StoreError::InEffect(standing)) => *standing,
        Err(err) => panic!("refused for another reason: {err}"),
        Ok(created) => panic!("filed {} beside a filing in effect", created.filing.number),
    }
}

/// One filing in effect per person and kind: a second of the kind is refused, naming the first; the other kind
/// may stand beside it; a retry of the first still answers it; once the first is cancelled, the second files.
async fn a_second_filing_of_a_kind_waits_for_the_first_to_end(store: &dyn FilingStore) {
    let first = store
        .create(for_person(new_filing("contract-once-1", 11), 300))
        .await
        .unwrap()
        .filing;
    // Another long-term category, key and phone: still the person's second long-term filing.
    let mut second = for_person(new_filing("contract-once-2", 12), 300);
    second.request.category = FilingCategory::LongTermResident;
    let standing = refused_for(store, second.clone()).await;
    assert!(
        standing == first,
        "the refusal carries the filing in effect"
    );
    let unused = store
        .find_by_key(IdempotencyKey::parse("contract-once-2").unwrap(), [12; 32])
        .await
        .unwrap();
    assert!(
        unused.is_none(),
        "a refused filing keeps nothing under its key"
    );

    let retry = store
        .create(for_person(new_filing("contract-once-1", 11), 300))
        .await
        .unwrap();
    assert!(retry.replayed && retry.filing.number == first.number);

    let beside = store
        .create(temporary(for_person(
            new_filing("contract-once-3", 13),
            300,
        )))
        .await
        .unwrap();
    assert!(
        !beside.replayed,
        "a temporary filing may stand beside a long-term one"
    );
    let mut referral = temporary(for_person(new_filing("contract-once-4", 14), 300));
    referral.request.category = FilingCategory::Referral;
    assert_eq!(
        refused_for(store, referral).await.number,
        beside.filing.number
    );

    store.update(cancel_of(&first)).await.unwrap();
    let after = store.create(second).await.unwrap();
    assert!(!after.replayed && after.filing.number != first.number);
}

/// A filing counts up to and on its last valid day, and no more from the day after.
async fn a_filing_past_its_last_day_does_not_count(store: &dyn FilingStore) {
    let mut ending = temporary(for_person(new_filing("contract-ended-1", 15), 301));
    ending.valid_until = Some(date(2026, 11, 30));
    let ending = store.create(ending).await.unwrap().filing;
    let mut on_its_last_day = temporary(for_person(new_filing("contract-ended-2", 16), 301));
    on_its_last_day.today = date(2026, 11, 30);
    assert_eq!(
        refused_for(store, on_its_last_day.clone()).await.number,
        ending.number
    );
    let mut the_day_after = on_its_last_day;
    the_day_after.today = date(2026, 12, 1);
    let filed = store.create(the_day_after).await.unwrap();
    assert!(!filed.replayed && filed.filing.number != ending.number);
}

/// A person's filings, oldest first, each with the person as filed (a change of phone included); nobody else's,
/// and none for an ID number with no filing.
async fn a_person_s_filings_are_listed_with_their_person(store: &dyn FilingStore) {
    let long_term = store
        .create(for_person(new_filing("contract-person-1", 17), 320))
        .await
        .unwrap()
        .filing;
    let mut later = temporary(for_person(new_filing("contract-person-2", 18), 320));
    later.at = "2026-11-24T11:00:00+08:00".into();
    let temporary = store.create(later).await.unwrap().filing;
    store
        .update(change_of(&temporary, "13900139000"))
        .await
        .unwrap();
    store
        .create(for_person(new_filing("contract-person-3", 19), 321))
        .await
        .unwrap();
    let listed = store
        .of_person(ResidentId::parse(&person(320)).unwrap())
        .await
        .unwrap();
    let numbers: Vec<&FilingNumber> = listed.iter().map(|(number, _)| number).collect();
    assert_eq!(numbers, [&long_term.number, &temporary.number]);
    assert_eq!(listed[0].1, long_term.request.person);
    assert_eq!(listed[1].1.phone, "13900139000");
    let nobody = store
        .of_person(ResidentId::parse(&person(322)).unwrap())
        .await
        .unwrap();
    assert!(nobody.is_empty());
}

/// Twenty filings for one person under twenty keys at once: exactly one is filed, every other is refused
/// naming it.
async fn parallel_filings_for_one_person_file_once(store: &dyn FilingStore) {
    let racers = (0..20)
        .map(|i| {
            store.create(for_person(
                new_filing(&format!("contract-parallel-{i}"), 17),
                302,
            ))
        })
        .collect();
    let mut filed = Vec::new();
    let mut named = Vec::new();
    for outcome in all_at_once(racers).await {
        match outcome {
            Ok(Created {
                filing,
                replayed: false,
            }) => filed.push(filing.number),
            Err(StoreError::InEffect(standing)) => named.push(standing.number),
            Ok(_) => panic!("a new key was answered as a replay"),
            Err(err) => panic!("refused for another reason: {err}"),
        }
    }
    assert_eq!(
        filed.len(),
        1,
        "exactly one of the parallel filings is filed"
    );
    assert_eq!(named.len(), 19);
    assert!(named.iter().all(|number| *number == filed[0]));
}

/// Runs the store calls together, as parallel requests would, and answers each one's result in order.
async fn all_at_once<T>(mut calls: Vec<StoreFuture<'_, T>>) -> Vec<Result<T, StoreError>> {
    let mut results: Vec<Option<Result<T, StoreError>>> = calls.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (call, result) in calls.iter_mut().zip(&mut results) {
            if result.is_none() {
                match call.as_mut().poll(cx) {
                    Poll::Ready(done) => *result = Some(done),
                    Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    results.into_iter().flatten().collect()
}
