//! Throughput of the settlement engine: `settle` on a short and a long bill, and `resolve` from the bundled data.
//! Figures are recorded in docs/benchmarks.md ("Settlement engine").

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use yidi::domain::category::{
    CareSetting, ChronicDisease, FilingCategory, FilingStatus, InstitutionLevel, Scheme,
};
use yidi::domain::money::Money;
use yidi::domain::policy::{PolicyData, ResolveRequest, resolve};
use yidi::domain::settle::{BillItem, ItemKind, YearToDate, settle};

const POLICY: &str = include_str!("../public/data/policy.json");

fn item(kind: ItemKind, amount: &str) -> BillItem {
    BillItem {
        name: None,
        kind,
        amount: amount.parse::<Money>().unwrap(),
        first_self_pay_share: None,
    }
}

fn request(insured: &str, scheme: Scheme, setting: CareSetting) -> ResolveRequest {
    ResolveRequest {
        insured_place: insured.into(),
        scheme,
        treatment_place: "110000".into(),
        setting,
        filing: FilingStatus::Filed(FilingCategory::ResettledRetiree),
        date: NaiveDate::from_ymd_opt(2022, 7, 1).unwrap(),
        first_stay_of_year: true,
    }
}

fn benches(c: &mut Criterion) {
    let data = PolicyData::from_json(POLICY).unwrap();
    let langfang = request(
        "131000",
        Scheme::EmployeeRetired,
        CareSetting::ChronicOutpatient {
            disease: ChronicDisease::Diabetes,
        },
    );
    let params = resolve(&data, &langfang).unwrap();
    let two = [
        item(ItemKind::ClassA, "32.52"),
        item(ItemKind::ClassB, "31.77"),
    ];

    let mut group = c.benchmark_group("settle");
    group.throughput(Throughput::Elements(1));
    group.bench_function("langfang_2_items", |b| {
        b.iter(|| settle(black_box(&params), black_box(&two), YearToDate::default()).unwrap())
    });
    // An inpatient bill of 20 lines on Beijing's three bands, with the year's deductible partly paid and a cap.
    let beijing = {
        let mut r = request(
            "110000",
            Scheme::EmployeeInService,
            CareSetting::Inpatient {
                level: InstitutionLevel::Tertiary,
            },
        );
        r.treatment_place = "120000".into();
        r.date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        resolve(&data, &r).unwrap()
    };
    let kinds = [
        ItemKind::ClassA,
        ItemKind::ClassB,
        ItemKind::Service,
        ItemKind::ClassCOrSelfPay,
    ];
    let twenty: Vec<BillItem> = (0..20)
        .map(|i| BillItem {
            first_self_pay_share: Some(
                "0.15"
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
                    .try_into()
                    .unwrap(),
            ),
            ..item(kinds[i % 4], &format!("{}.{:02}", 1000 + 137 * i, i))
        })
        .collect();
    let ytd = YearToDate {
        deductible_paid: "400".parse().unwrap(),
        fund_paid: "120000".parse().unwrap(),
        ..YearToDate::default()
    };
    group.bench_function("beijing_inpatient_20_items_3_bands", |b| {
        b.iter(|| settle(black_box(&beijing), black_box(&twenty), ytd).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("resolve");
    group.throughput(Throughput::Elements(1));
    group.bench_function("langfang_chronic_in_beijing", |b| {
        b.iter(|| resolve(black_box(&data), black_box(&langfang)).unwrap())
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
