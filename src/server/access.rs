//! Who may touch a filing: the check behind every endpoint that answers about a person (the filing number and
//! the ID number must both match), its limit on failed attempts, the re-read of a change that lost a race, and
//! the clock of the insured places.

use std::future::Future;
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};

use super::AppState;
use super::client::Client;
use super::error::Refusal;
use super::store::StoredFiling;
use crate::domain::filing::{FilingNumber, ResidentId};

/// How often a change is re-read and re-checked when another change to the same filing wins the race.
const CHANGE_TRIES: usize = 3;

/// The time on the insured places' clocks: all of China keeps UTC+8 (Asia/Shanghai, no daylight saving).
pub struct Now {
    pub today: NaiveDate,
    pub rfc3339: String,
    pub unix: i64,
}

pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

pub fn now() -> Now {
    let now = DateTime::<Utc>::from(SystemTime::now());
    let china = now.with_timezone(&china());
    Now {
        today: china.date_naive(),
        rfc3339: china.to_rfc3339_opts(SecondsFormat::Millis, false),
        unix: now.timestamp(),
    }
}

/// Someone asking about filing `number` with an ID number, from `client`.
pub struct Asker<'a> {
    pub client: Client,
    pub number: Option<FilingNumber>,
    pub resident_id: &'a str,
}

/// The filing with this number if it is the asker's. An unknown number and someone else's number answer the same
/// 404 from the same query, so trying tells nothing about which numbers exist; each such miss counts against the
/// number and the address, and past the limits every try is refused (429) before it is looked at.
pub async fn owned(state: &AppState, asker: &Asker<'_>) -> Result<StoredFiling, Refusal> {
    let resident_id =
        ResidentId::parse(asker.resident_id).map_err(|error| Refusal::Invalid(vec![error]))?;
    let attempts = &state.limits.attempts;
    attempts.check(asker.number.as_ref(), asker.client.0)?;
    let found = match &asker.number {
        Some(number) => state.filings.get_owned(number.clone(), resident_id).await?,
        None => None,
    };
    found.ok_or_else(|| {
        attempts.failed(asker.number.as_ref(), asker.client.0);
        Refusal::FilingNotFound
    })
}

/// Counts a failed attempt that got past [`owned`], such as a wrong current phone number.
pub fn failed(state: &AppState, asker: &Asker<'_>) {
    state
        .limits
        .attempts
        .failed(asker.number.as_ref(), asker.client.0);
}

/// The asker's own filing, refused when it was cancelled: what every change starts from.
pub async fn changeable(state: &AppState, asker: &Asker<'_>) -> Result<StoredFiling, Refusal> {
    let filing = owned(state, asker).await?;
    if filing.cancelled {
        return Err(Refusal::FilingCancelled);
    }
    Ok(filing)
}

/// Runs `change` on the asker's own filing, not cancelled, as read now; when another change to it came first
/// (`FilingBusy`), reads it again and runs `change` again, a few times.
pub async fn change<T, F, Fut>(
    state: &AppState,
    asker: &Asker<'_>,
    mut change: F,
) -> Result<T, Refusal>
where
    F: FnMut(StoredFiling, Now) -> Fut,
    Fut: Future<Output = Result<T, Refusal>>,
{
    for _ in 0..CHANGE_TRIES {
        let filing = changeable(state, asker).await?;
        match change(filing, now()).await {
            Err(Refusal::FilingBusy) => continue,
            answer => return answer,
        }
    }
    Err(Refusal::FilingBusy)
}
