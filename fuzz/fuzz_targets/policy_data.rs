//! The policy data loader (`public/data/policy.json`, read by the browser and the server): any text is refused
//! with reasons or read; data that reads survives a JSON round trip, and each of its rules resolves and settles a
//! bill without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use yidi::domain::category::{FilingCategory, FilingStatus};
use yidi::domain::money::Money;
use yidi::domain::policy::{PolicyData, ResolveRequest, resolve};
use yidi::domain::settle::{BillItem, ItemKind, YearToDate, settle};

/// The most rules looked at in one input, so a large file does not make one run take seconds.
const MAX_RULES: usize = 24;

fn bill() -> Vec<BillItem> {
    [
        (ItemKind::ClassA, 120_000),
        (ItemKind::ClassB, 35_050),
        (ItemKind::Service, 8_001),
        (ItemKind::ClassCOrSelfPay, 999),
    ]
    .into_iter()
    .map(|(kind, cents)| BillItem {
        name: None,
        kind,
        amount: Money::new(Decimal::new(cents, 2)),
        first_self_pay_share: None,
    })
    .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = PolicyData::from_json(text) else {
        return;
    };
    let written = serde_json::to_string(&policy).expect("JSON");
    let again = PolicyData::from_json(&written).expect("the data as written reads back");
    assert_eq!(again, policy, "the round trip changed the data");

    let bill = bill();
    let treatment: Vec<&str> = policy
        .treatment_places
        .iter()
        .map(|p| p.region_code.as_str())
        .chain(["110000", "440300"])
        .collect();
    let rules = policy
        .insured_places
        .iter()
        .flat_map(|place| place.rules.iter().map(move |rule| (place, rule)))
        .take(MAX_RULES);
    for (place, rule) in rules {
        policy.filing_rules(&place.region_code);
        policy.points_rules(&place.region_code);
        let Some(treatment_place) = treatment
            .iter()
            .find(|code| code.get(..2) != place.region_code.get(..2))
        else {
            continue;
        };
        for (&scheme, setting) in rule.schemes.iter().zip(rule.setting.settings()) {
            for filing in [
                FilingStatus::Filed(FilingCategory::ResettledRetiree),
                FilingStatus::Filed(FilingCategory::Referral),
                FilingStatus::NotFiled,
            ] {
                let request = ResolveRequest {
                    insured_place: place.region_code.clone(),
                    scheme,
                    treatment_place: (*treatment_place).to_owned(),
                    setting,
                    filing,
                    date: rule.effective_from,
                    first_stay_of_year: false,
                };
                if let Ok(params) = resolve(&policy, &request) {
                    let _ = settle(&params, &bill, YearToDate::default());
                }
            }
        }
    }
});
