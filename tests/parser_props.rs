//! Every parser of outside input, over generated text: it answers or refuses, never panics.
//!
//! A cheap companion to the cargo-fuzz targets (`make fuzz`), run with every `cargo test`: arbitrary strings,
//! JSON built from each format's own field names, estimate links, place searches, and the repository's real files
//! with random edits.

use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use yidi::domain::case::parse_case_file;
use yidi::domain::estimate::Input;
use yidi::domain::filing::{
    CancelRequest, ChangeRequest, Field, FilingNumber, FilingRequest, FilingRules, LookupRequest,
    Phone, Places, ResidentId,
};
use yidi::domain::institutions::{InstitutionCode, PointsRequest};
use yidi::domain::policy::PolicyData;
use yidi::domain::regions::Regions;
use yidi::server::{CardCheck, CardSigner};

const EXAMPLES: &str = include_str!("fixtures/examples.json");
const POLICY: &str = include_str!("../public/data/policy.json");
static PLACES: LazyLock<Regions> =
    LazyLock::new(|| Regions::from_json(include_str!("../public/data/regions.json")).unwrap());
const FILING: &str = r#"{"applicant":{"for":"family","filer_name":"王大明","relation":"child"},"person":{"name":"王小明","resident_id":"11010519491231002x","phone":"13912345678","insured_city":"120000","scheme":"employee_retired"},"category":"referral","destination":{"province":"130000","city":"131000"},"start_date":"2026-11-24","end_date":null,"chronic_qualifications":["M01600"],"proof":{"commitment_agreed":true,"referral_institution":"天津医科大学总医院"},"supplementary":null}"#;

/// Field names and values of the formats, so that generated JSON gets past the first unknown field.
const WORDS: [&str; 40] = [
    "applicant",
    "for",
    "myself",
    "family",
    "person",
    "name",
    "resident_id",
    "phone",
    "insured_city",
    "scheme",
    "resident",
    "category",
    "referral",
    "destination",
    "province",
    "city",
    "start_date",
    "end_date",
    "proof",
    "commitment_agreed",
    "supplementary",
    "number",
    "examples",
    "id",
    "items",
    "kind",
    "class_b",
    "amount",
    "policy",
    "deductible",
    "ratio_bands",
    "ratio",
    "up_to",
    "filing",
    "long_term",
    "expect",
    "service",
    "institutions",
    "token",
    "2026-11-24",
];

struct AnyPlace;

impl Places for AnyPlace {
    fn is_city(&self, code: &str) -> bool {
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
    }

    fn is_province(&self, code: &str) -> bool {
        self.is_city(code) && code.ends_with("0000")
    }
}

fn json() -> impl Strategy<Value = Value> {
    let word = prop::sample::select(&WORDS[..]).prop_map(str::to_owned);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        word.clone().prop_map(Value::String),
        "[0-9.\\-]{0,30}".prop_map(Value::String),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(word.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// `text` with a few random edits: bytes removed, repeated or replaced.
fn edited(text: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = text.len();
    prop::collection::vec((0..len, 0..4u8, any::<u8>()), 1..6).prop_map(move |edits| {
        let mut bytes = text.as_bytes().to_vec();
        for (at, how, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at.min(bytes.len() - 1);
            match how {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, byte),
                2 => bytes[at] = byte,
                _ => bytes.truncate(at),
            }
        }
        bytes
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// All the readers of a body or a typed value, on one text.
fn read_everything(text: &str) {
    let _ = ResidentId::parse(text);
    let _ = FilingNumber::parse(text);
    let _ = Phone::parse(text);
    let _ = InstitutionCode::parse(text);
    let _ = parse_case_file(text).map(|file| {
        for (i, case) in file.cases.iter().enumerate() {
            let _ = case.settle(&file.path(i));
            case.to_json();
        }
    });
    let _ = PolicyData::from_json(text);
    if let Ok(request) = serde_json::from_str::<FilingRequest>(text) {
        let _ = request.validate(&FilingRules::default(), &AnyPlace, today());
    }
    let _ = serde_json::from_str::<LookupRequest>(text);
    let _ = serde_json::from_str::<ChangeRequest>(text);
    let _ = serde_json::from_str::<CancelRequest>(text);
    let _ = serde_json::from_str::<PointsRequest>(text);
    link_reads_back(text);
    let signer = CardSigner::new(vec![7; 32], 60);
    assert_eq!(signer.check(text, 1_790_000_000), CardCheck::Forged);
}

/// The place search box: any text gives at most `limit` places, each one the search finds again by its own name.
fn search_answers(regions: &Regions, text: &str) {
    let hits = regions.search(text, 8);
    assert!(hits.len() <= 8, "{text}");
    for hit in hits {
        let again = regions.search(hit.name(), 50);
        assert!(
            again.iter().any(|m| m.code() == hit.code()),
            "{text} -> {}",
            hit.name()
        );
    }
}

/// An estimate link (someone else's text) reads as an input whose own link reads back as the same input.
fn link_reads_back(text: &str) {
    let input = Input::from_query(text);
    assert_eq!(Input::from_query(&input.to_query()), input, "{text}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_text_in_the_place_search_is_answered(
        text in "([a-zA-Z' ü-]|\\PC){0,12}",
        typed in "[a-z' ]{0,8}",
    ) {
        search_answers(&PLACES, &text);
        search_answers(&PLACES, &typed);
    }

    #[test]
    fn any_estimate_link_reads_back_as_the_same_input(
        text in "[?]?((it|ip|qa|[a-z]{1,2})=?([-~+=.药 ]|%[0-9A-Fa-f]{2}|%[0-9A-Z]?|[a-z0-9]|\\PC){0,10}&?){0,10}"
    ) {
        link_reads_back(&text);
    }

    #[test]
    fn any_text_is_answered_without_a_panic(text in ".{0,200}") {
        read_everything(&text);
    }

    #[test]
    fn any_json_of_the_formats_words_is_answered_without_a_panic(value in json()) {
        read_everything(&value.to_string());
    }

    #[test]
    fn an_edited_filing_is_answered_without_a_panic(bytes in edited(FILING)) {
        read_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn edited_examples_are_answered_without_a_panic(bytes in edited(EXAMPLES)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(file) = parse_case_file(&text) {
            for (i, case) in file.cases.iter().enumerate() {
                let _ = case.settle(&file.path(i));
                let again = parse_case_file(&case.to_json().to_string()).unwrap();
                prop_assert_eq!(&again.cases[0], case);
            }
        }
    }
}

/// The codes of the problems with the name, in a filing that is otherwise accepted.
fn name_problems(name: &str) -> Vec<&'static str> {
    let mut request: FilingRequest = serde_json::from_str(FILING).unwrap();
    request.person.name = name.to_owned();
    match request.validate(&FilingRules::default(), &AnyPlace, today()) {
        Ok(_) => Vec::new(),
        Err(errors) => {
            assert!(errors.iter().all(|e| e.field == Field::Name), "{errors:?}");
            errors.into_iter().map(|e| e.code.as_str()).collect()
        }
    }
}

/// CJK ideographs: extension A, the unified block and compatibility ideographs in the BMP; extensions B to H
/// (with the compatibility supplement) outside it, less the plane's last two code points (U+2FFFE, U+2FFFF),
/// which are noncharacters, refused in names by design.
fn cjk_name() -> impl Strategy<Value = String> {
    let ideographs = prop::char::ranges(
        vec![
            '\u{3400}'..='\u{4dbf}',
            '\u{4e00}'..='\u{9fff}',
            '\u{f900}'..='\u{faff}',
            '\u{20000}'..='\u{2fffd}',
            '\u{30000}'..='\u{323af}',
        ]
        .into(),
    );
    prop::collection::vec(ideographs, 1..=30).prop_map(String::from_iter)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The Cc and Cf classes come from the regex crate's own Unicode tables, not the rule's.
    #[test]
    fn a_name_with_a_control_or_format_character_is_refused(
        before in "\\PC{0,10}",
        hidden in "[\\p{Cc}\\p{Cf}]",
        after in "\\PC{0,10}",
    ) {
        let name = format!("{before}{hidden}{after}");
        let expected = if name.trim().is_empty() { "name_missing" } else { "name_invisible_characters" };
        prop_assert_eq!(name_problems(&name), [expected], "{:?}", name);
    }

    #[test]
    fn a_name_of_cjk_ideographs_is_accepted(name in cjk_name()) {
        prop_assert_eq!(name_problems(&name), Vec::<&str>::new(), "{:?}", name);
    }
}

proptest! {
    // The policy file is large: fewer cases keep this to a second or two.
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn edited_policy_data_is_refused_or_read_without_a_panic(bytes in edited(POLICY)) {
        if let Ok(data) = PolicyData::from_json(&String::from_utf8_lossy(&bytes)) {
            data.figures();
            let again = PolicyData::from_json(&serde_json::to_string(&data).unwrap()).unwrap();
            prop_assert_eq!(again, data);
        }
    }
}
