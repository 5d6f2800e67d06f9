//! Compression dictionary transport (RFC 9842, `dcb`): the lazy wasm modules, compressed with the main module as
//! their brotli dictionary. The main module is every page's first download, and a lazy module repeats much of it
//! (the same runtime's calls, the same imports), so a browser that kept it (Chromium 130 on) fetches a page's code
//! up to 3.6 KB a module and 8 to 15 KB a page lighter, within the first visit (docs/benchmarks.md). Other
//! browsers get plain brotli.

use std::io::Cursor;

use brotli::enc::{BrotliEncoderParams, IoReaderWrapper, IoWriterWrapper, StandardAlloc};
use brotli::interface::{PredictionModeContextMap, StaticCommand};
use brotli::{InputPair, InputReferenceMut};
use sha2::{Digest, Sha256};

/// A `dcb` body opens with these four bytes, then the dictionary's SHA-256, then the brotli stream.
const MAGIC: [u8; 4] = [0xff, 0x44, 0x43, 0x42];
/// The header's length: the magic and the hash.
pub const HEADER_LEN: usize = 36;

/// The `Use-As-Dictionary` value the main module is sent with: any wasm of this site may be asked with it.
pub const USE_AS_DICTIONARY: &str = "match=\"/*.wasm\"";

/// The body a browser holding `dictionary` decodes back to `data`.
pub fn encode(dictionary: &[u8], data: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(data.len() / 3);
    body.extend_from_slice(&MAGIC);
    body.extend_from_slice(&Sha256::digest(dictionary));
    let params = BrotliEncoderParams {
        quality: 11,
        // 16 MiB, brotli's largest standard window: the dictionary and the module both fit, so any part of either
        // can be referred to.
        lgwin: 24,
        ..BrotliEncoderParams::default()
    };
    let (mut input, mut output) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    brotli::BrotliCompressCustomIoCustomDict(
        &mut IoReaderWrapper(&mut Cursor::new(data)),
        &mut IoWriterWrapper(&mut body),
        &mut input,
        &mut output,
        &params,
        StandardAlloc::default(),
        &mut no_metablock_callback,
        dictionary,
        std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
    )
    .expect("compressing into memory cannot fail");
    body
}

fn no_metablock_callback(
    _: &mut PredictionModeContextMap<InputReferenceMut>,
    _: &mut [StaticCommand],
    _: InputPair,
    _: &mut StandardAlloc,
) {
}

/// Whether a `dcb` body was made with the dictionary an `Available-Dictionary` header names (`:<base64 SHA-256>:`,
/// a structured-field byte sequence).
pub fn made_with(body: &[u8], available_dictionary: &str) -> bool {
    use base64::Engine as _;
    let Some(hash) = body.get(MAGIC.len()..HEADER_LEN) else {
        return false;
    };
    body.starts_with(&MAGIC)
        && available_dictionary
            .trim()
            .strip_prefix(':')
            .and_then(|v| v.strip_suffix(':'))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .is_some_and(|named| named == hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn decode(dictionary: &[u8], body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut input, mut output) = (vec![0; 1 << 16], vec![0; 1 << 16]);
        brotli::BrotliDecompressCustomIoCustomDict(
            &mut IoReaderWrapper(&mut Cursor::new(&body[HEADER_LEN..])),
            &mut IoWriterWrapper(&mut out),
            &mut input,
            &mut output,
            StandardAlloc::default(),
            StandardAlloc::default(),
            StandardAlloc::default(),
            dictionary.to_vec().into(),
            std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
        )
        .unwrap();
        out
    }

    /// Text with a part the dictionary has, as a lazy module repeats the main module's runtime.
    fn sample() -> (Vec<u8>, Vec<u8>) {
        let shared: Vec<u8> = (0..20_000u32)
            .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
            .collect();
        let mut data = b"own code ".repeat(50);
        data.extend_from_slice(&shared[1_000..60_000]);
        (shared, data)
    }

    #[test]
    fn a_body_decodes_with_its_dictionary_and_is_smaller_for_it() {
        let (dictionary, data) = sample();
        let body = encode(&dictionary, &data);
        assert_eq!(decode(&dictionary, &body), data);
        let plain = encode(b"", &data);
        // The shared part is random-looking, so only the dictionary can make it small.
        assert!(
            body.len() * 10 < plain.len(),
            "{} vs {}",
            body.len(),
            plain.len()
        );
    }

    #[test]
    fn a_body_answers_only_the_dictionary_it_was_made_with() {
        let (dictionary, data) = sample();
        let body = encode(&dictionary, &data);
        let b64 =
            |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes));
        assert!(made_with(&body, &format!(":{}:", b64(&dictionary))));
        assert!(made_with(&body, &format!(" :{}: ", b64(&dictionary))));
        assert!(!made_with(
            &body,
            &format!(":{}:", b64(b"another main module"))
        ));
        assert!(!made_with(&body, &b64(&dictionary)));
        assert!(!made_with(&body, ":not base64:"));
        assert!(!made_with(&body[..20], &format!(":{}:", b64(&dictionary))));
        assert!(!made_with(
            b"\0asm not a dcb body at all, long enough",
            &format!(":{}:", b64(&dictionary))
        ));
    }
}
