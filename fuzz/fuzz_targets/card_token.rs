//! The code card's token at `POST /api/card/verify`: any text that this key did not sign is forged, and any payload
//! the key did sign (the fuzzer's bytes, signed here) is read without a panic.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use yidi::domain::filing::FilingNumber;
use yidi::server::{CardCheck, CardSigner};

const KEY: [u8; 32] = [7; 32];
const NOW: i64 = 1_790_000_000;

fuzz_target!(|data: &[u8]| {
    let signer = CardSigner::new(KEY.to_vec(), 60);
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(
            signer.check(text, NOW),
            CardCheck::Forged,
            "an unsigned token passed"
        );
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&KEY).expect("any key length");
    mac.update(data);
    let signature = mac.finalize().into_bytes();
    let token = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(data),
        URL_SAFE_NO_PAD.encode(signature)
    );
    if let CardCheck::Fresh(number) = signer.check(&token, NOW) {
        assert_eq!(FilingNumber::parse(number.as_str()).as_ref(), Some(&number));
    }
});
