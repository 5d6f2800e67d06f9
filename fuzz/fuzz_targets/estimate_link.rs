//! The estimator's link (the query string of a shared estimate, written by someone else): any text reads as an
//! input without a panic; the link written for that input uses only URL-safe characters and reads back as the
//! same input, and writing it again gives the same link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yidi::domain::estimate::Input;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let input = Input::from_query(text);
    let link = input.to_query();
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.%=&~".contains(&b)),
        "{link}"
    );
    let again = Input::from_query(&link);
    assert_eq!(again, input, "the link changed the input: {link}");
    assert_eq!(again.to_query(), link);
});
