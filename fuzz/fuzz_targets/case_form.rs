//! The neutral case form (`yidi estimate` and the browser estimator): any text is read, settled and explained
//! without a panic, and a case that reads is written back to JSON that reads as the very same case.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yidi::domain::case::{parse_case_file, result_json};
use yidi::domain::lang::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = parse_case_file(text) else {
        return;
    };
    for (index, case) in file.cases.iter().enumerate() {
        let written = case.to_json().to_string();
        let again = parse_case_file(&written).expect("a case written by to_json reads back");
        assert_eq!(
            again.cases,
            [case.clone()],
            "the round trip changed the case"
        );
        if let Ok(breakdown) = case.settle(&file.path(index)) {
            if let Some(expected) = &case.expect {
                expected.mismatches(&breakdown);
            }
            result_json(case, &breakdown, Lang::Zh);
            result_json(case, &breakdown, Lang::En);
        }
    }
});
