//! 居民身份证号码 as typed: any text is accepted or refused with a resident ID code, never a panic; an accepted
//! number is normalised to 18 characters that read back as the same number, and masking hides its middle.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yidi::domain::filing::{Field, ResidentId};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ResidentId::parse(text) {
        Ok(id) => {
            let number = id.as_str();
            assert_eq!(number.len(), 18, "{number}");
            assert_eq!(ResidentId::parse(number).as_ref(), Ok(&id));
            let masked = id.masked();
            assert_eq!(masked.chars().count(), 18);
            assert_eq!(&masked[4..14], "**********");
            let json = serde_json::to_string(&id).expect("a string");
            assert_eq!(serde_json::from_str::<ResidentId>(&json).ok(), Some(id));
        }
        Err(error) => {
            assert_eq!(error.field, Field::ResidentId);
            assert!(error.code.as_str().starts_with("resident_id_"), "{}", error.code);
        }
    }
});
