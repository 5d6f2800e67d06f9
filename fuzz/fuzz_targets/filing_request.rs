//! The body of `POST /api/filings` and of a change to it, checked as the server checks them.
//!
//! Two inputs from each run: the bytes as a JSON body (what a client sends), and the bytes as choices that fill
//! a request of the right shape (so validation itself is reached, not only the JSON reader). Whatever comes in
//! is refused with at least one error or accepted; an accepted filing, as the store keeps it, passes the same
//! check again with the same outcome, survives a JSON round trip, and every change accepted on it leaves a
//! filing that passes the filing check too. An accepted filing is always to another province.
#![no_main]

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use yidi::domain::filing::{ChangeRequest, FilingRequest, FilingRules, mask_name};
use yidi::domain::policy::PolicyData;
use yidi::domain::regions::Regions;

static REGIONS: LazyLock<Regions> = LazyLock::new(|| {
    Regions::from_json(include_str!("../../public/data/regions.json")).expect("regions.json")
});
static POLICY: LazyLock<PolicyData> = LazyLock::new(|| {
    PolicyData::from_json(include_str!("../../public/data/policy.json")).expect("policy.json")
});

/// Real codes, so that the shaped requests reach the rules past "unknown place".
const PLACES: [&str; 10] = [
    "120000", "110000", "130000", "131000", "130100", "310000", "440000", "440300", "500000",
    "999999",
];
const CATEGORIES: [&str; 7] = [
    "resettled_retiree",
    "long_term_resident",
    "resident_staff",
    "other_long_term",
    "referral",
    "emergency",
    "other_temporary",
];
const SCHEMES: [&str; 3] = ["employee_in_service", "employee_retired", "resident"];
const IDS: [&str; 3] = [
    "11010519491231002x",
    "11010519491231002X",
    " 1101 0519 4912 3100 2X ",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
}

fn rules(request: &FilingRequest) -> FilingRules {
    POLICY.filing_rules(request.person.insured_city.trim()).0
}

fn text(u: &mut Unstructured<'_>, typical: &[&str]) -> Result<String> {
    if u.arbitrary::<bool>()? {
        Ok((*u.choose(typical)?).to_owned())
    } else {
        u.arbitrary()
    }
}

fn date(u: &mut Unstructured<'_>) -> Result<String> {
    let offset = i64::from(u.int_in_range(-800i16..=800)?);
    let day = if offset < 0 {
        today().checked_sub_days(Days::new(offset.unsigned_abs()))
    } else {
        today().checked_add_days(Days::new(offset.unsigned_abs()))
    };
    Ok(day.unwrap_or_else(today).to_string())
}

/// A request with every field present and typed, its answers drawn from the input.
fn shaped(u: &mut Unstructured<'_>) -> Result<Value> {
    let applicant = if u.arbitrary()? {
        json!({"for": "myself"})
    } else {
        json!({"for": "family", "filer_name": text(u, &["李四", " "])?, "relation": "child"})
    };
    let city = if u.arbitrary()? {
        Value::Null
    } else {
        Value::String(text(u, &PLACES)?)
    };
    let end = if u.arbitrary()? {
        Value::Null
    } else {
        Value::String(date(u)?)
    };
    Ok(json!({
        "applicant": applicant,
        "person": {
            "name": text(u, &["王小明", " 张三 ", ""])?,
            "resident_id": text(u, &IDS)?,
            "phone": text(u, &["13912345678", "139 1234 5678", "139-1234-5678"])?,
            "insured_city": text(u, &PLACES)?,
            "scheme": *u.choose(&SCHEMES)?,
        },
        "category": *u.choose(&CATEGORIES)?,
        "destination": {"province": text(u, &PLACES)?, "city": city},
        "start_date": date(u)?,
        "end_date": end,
        "chronic_qualifications": if u.arbitrary()? { json!(["M01600"]) } else { json!([]) },
        "proof": {
            "commitment_agreed": u.arbitrary::<bool>()?,
            "referral_institution": text(u, &["天津医科大学总医院", ""])?,
        },
        "supplementary": *u.choose(&[Value::Null, json!("paid_in_full"), json!("before_discharge_settlement")])?,
    }))
}

/// A change drawn from the input: a new end date, phone or destination, each maybe.
fn change(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut change = json!({"resident_id": IDS[0]});
    if u.arbitrary()? {
        change["end_date"] = if u.arbitrary()? {
            Value::Null
        } else {
            Value::String(date(u)?)
        };
    }
    if u.arbitrary()? {
        change["phone"] = Value::String(text(u, &["13800138000", "1380013800"])?);
    }
    if u.arbitrary()? {
        change["destination"] = json!({"province": text(u, &PLACES)?, "city": text(u, &PLACES)?});
    }
    Ok(change)
}

fn check(request: &FilingRequest, u: &mut Unstructured<'_>) {
    mask_name(&request.person.name);
    let rules = rules(request);
    let valid = match request.validate(&rules, &*REGIONS, today()) {
        Ok(valid) => valid,
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            return;
        }
    };
    valid.phone.masked();
    valid.resident_id.masked();
    let kept = &valid.request;
    assert_ne!(
        kept.destination.province.get(..2),
        kept.person.insured_city.get(..2),
        "a filing within its own province"
    );
    let again = valid
        .request
        .validate(&rules, &*REGIONS, today())
        .expect("the filing as stored passes the check again");
    assert_eq!(again.request, valid.request);
    assert_eq!(again.valid_until, valid.valid_until);
    assert_eq!(again.settles_directly, valid.settles_directly);
    let stored = serde_json::to_vec(&valid.request).expect("JSON");
    let back: FilingRequest = serde_json::from_slice(&stored).expect("the stored JSON reads back");
    assert_eq!(back, valid.request);

    let Ok(change) = change(u).map(serde_json::from_value::<ChangeRequest>) else {
        return;
    };
    let change = change.expect("a change of the right shape");
    if let Ok(changed) = change.apply(&valid.request, valid.valid_until, &rules, &*REGIONS) {
        let refiled = changed
            .request
            .validate(&rules, &*REGIONS, today())
            .expect("a filing after an accepted change passes the filing check");
        assert_eq!(refiled.valid_until, changed.valid_until);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = serde_json::from_slice::<FilingRequest>(data) {
        check(&request, &mut Unstructured::new(&[]));
    }
    let mut u = Unstructured::new(data);
    if let Ok(value) = shaped(&mut u) {
        let request =
            serde_json::from_value::<FilingRequest>(value).expect("a request of the right shape");
        check(&request, &mut u);
    }
});
