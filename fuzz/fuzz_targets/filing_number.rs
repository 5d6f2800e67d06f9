//! 备案号 as typed or found in a path: any text is a filing number or not, never a panic; a number reads back as
//! itself, and every number made from random bits reads back too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yidi::domain::filing::FilingNumber;

fuzz_target!(|data: &[u8]| {
    if let Ok(bits) = <[u8; 8]>::try_from(data.get(..8).unwrap_or_default()) {
        let made = FilingNumber::from_random(u64::from_le_bytes(bits));
        assert_eq!(FilingNumber::parse(made.as_str()).as_ref(), Some(&made));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(number) = FilingNumber::parse(text) {
        let shown = number.to_string();
        assert_eq!(shown.len(), 14, "{shown}");
        assert!(shown.starts_with("YD"), "{shown}");
        assert_eq!(FilingNumber::parse(&shown).as_ref(), Some(&number));
        let json = serde_json::to_string(&number).expect("a string");
        assert_eq!(
            serde_json::from_str::<FilingNumber>(&json).ok(),
            Some(number)
        );
    }
});
