//! The institutions data: the bundled sample loads, covers every destination city of the policy data and says it
//! is sample data; it is what the generator writes; and the filter finds the right institutions among 10,000.

use std::path::Path;
use std::process::Command;

use yidi::domain::category::{ChronicDisease, InstitutionLevel};
use yidi::domain::institutions::{Institutions, Query, Service};
use yidi::domain::policy::PolicyData;

const SAMPLE: &str = include_str!("../public/data/institutions.json");
const POLICY: &str = include_str!("../public/data/policy.json");
const CITIES: [&str; 8] = [
    "131000", "120000", "110000", "310000", "410100", "510100", "340100", "430100",
];

/// Runs the generator into a temporary folder, with the 10k file.
fn generate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/data/build-institutions.mjs");
    let status = Command::new("node")
        .arg(script)
        .arg(dir.path())
        .arg("--10k")
        .status()
        .expect("Node 20 runs the data generator (scripts/setup.sh installs it)");
    assert!(status.success());
    dir
}

#[test]
fn the_sample_covers_every_destination_city_and_says_it_is_a_sample() {
    let data = Institutions::from_json(SAMPLE).unwrap();
    assert!(data.sample);
    assert!(data.about.starts_with("SAMPLE DATA"), "{}", data.about);
    assert!(data.institutions.iter().all(|i| i.sample));
    let policy = PolicyData::from_json(POLICY).unwrap();
    for place in &policy.treatment_places {
        let query = Query {
            city_code: &place.region_code,
            service: Some(Service::Inpatient),
            level: None,
            text: "",
        };
        assert!(
            data.filter(&query).count() >= 3,
            "{} needs institutions",
            place.region_code
        );
    }
    // Langfang, where the API tests file to, has institutions with and without diabetes settlement.
    let langfang = |service| Query {
        city_code: "131000",
        service: Some(service),
        level: None,
        text: "",
    };
    let diabetes = langfang(Service::Chronic(ChronicDisease::Diabetes));
    let inpatient = langfang(Service::Inpatient);
    assert!(data.filter(&diabetes).count() >= 3);
    let diabetes_service = Service::Chronic(ChronicDisease::Diabetes);
    assert!(
        data.filter(&inpatient)
            .any(|i| !i.services.covers(diabetes_service)),
        "one to refuse as not networked"
    );
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let dir = generate();
    let generated = std::fs::read_to_string(dir.path().join("institutions.json")).unwrap();
    assert!(
        generated == SAMPLE,
        "public/data/institutions.json is stale: run node scripts/data/build-institutions.mjs"
    );
}

#[test]
fn filters_the_10k_file_to_the_counts_its_rules_give() {
    let dir = generate();
    let text = std::fs::read_to_string(dir.path().join("institutions-10k.json")).unwrap();
    let data = Institutions::from_json(&text).unwrap();
    assert_eq!(data.institutions.len(), 10_000);

    // The generator's rules, for institution i.
    let city = |i: usize| CITIES[i % 8];
    let level = |i: usize| match i % 10 {
        0 | 1 => InstitutionLevel::Tertiary,
        2..=4 => InstitutionLevel::Secondary,
        _ => InstitutionLevel::Primary,
    };
    let covers = |i: usize, service: Service| match service {
        Service::Inpatient => level(i) != InstitutionLevel::Primary || i.is_multiple_of(3),
        Service::GeneralOutpatient => i.is_multiple_of(2),
        Service::Chronic(d) => {
            let k = ChronicDisease::ALL.iter().position(|x| *x == d).unwrap();
            (i + k).is_multiple_of(4)
        }
    };
    let expected = |q: &Query<'_>| {
        (0..10_000)
            .filter(|&i| {
                city(i) == q.city_code
                    && q.level.is_none_or(|l| level(i) == l)
                    && q.service.is_none_or(|s| covers(i, s))
                    && (format!("合成机构{i:05}").contains(q.text)
                        || format!("hcjg{i:05}").contains(&q.text.to_ascii_lowercase()))
            })
            .count()
    };
    let queries = [
        Query {
            city_code: "120000",
            service: None,
            level: None,
            text: "",
        },
        Query {
            city_code: "131000",
            service: Some(Service::Chronic(ChronicDisease::Hypertension)),
            level: None,
            text: "",
        },
        Query {
            city_code: "110000",
            service: Some(Service::Chronic(ChronicDisease::UremiaDialysis)),
            level: Some(InstitutionLevel::Tertiary),
            text: "",
        },
        Query {
            city_code: "510100",
            service: Some(Service::Inpatient),
            level: Some(InstitutionLevel::Primary),
            text: "",
        },
        Query {
            city_code: "430100",
            service: Some(Service::GeneralOutpatient),
            level: None,
            text: "99",
        },
        // Pinyin initials of 合成机构 and the serial: only the initials match.
        Query {
            city_code: "340100",
            service: None,
            level: None,
            text: "HCJG001",
        },
    ];
    for query in &queries {
        let found: Vec<_> = data.filter(query).collect();
        assert_eq!(found.len(), expected(query), "{query:?}");
        assert!(found.iter().all(|i| i.city_code == query.city_code));
    }
    // Worked out by hand, so the mirrored rules above are checked too: every 8th institution is in Tianjin.
    assert_eq!(expected(&queries[0]), 1250);
    // Langfang is i ≡ 0 (mod 8), so i ≡ 0 (mod 4) and hypertension (k = 0) is networked at all of them.
    assert_eq!(expected(&queries[1]), 1250);
    // The whole province of Sichuan holds exactly Chengdu's institutions here.
    let province = Query {
        city_code: "510000",
        ..queries[3]
    };
    assert_eq!(data.filter(&province).count(), expected(&queries[3]));
    // Hefei is i ≡ 6 (mod 8): of 00100..00199, the 13 with i ≡ 6 (mod 8) (102, 110, ..., 190, 198).
    assert_eq!(expected(&queries[5]), 13);
}
