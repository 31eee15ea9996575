//! Opening tokens: arbitrary text as a token, and arbitrary bytes as a ciphertext (so that the
//! fuzzer reaches padding and UTF-8/JSON failures past base64), in both IV modes.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use pinseal::{reset_pin, CipherOptions, TokenCipher};

fuzz_target!(|data: &[u8]| {
    let random = TokenCipher::from_bytes(&[7u8; 24], CipherOptions::default()).expect("key");
    let fixed =
        TokenCipher::from_bytes(&[7u8; 24], CipherOptions::fixed_iv(&[1u8; 16]).expect("iv"))
            .expect("key");
    let as_token = base64::engine::general_purpose::STANDARD.encode(data);
    let text = String::from_utf8_lossy(data);
    for cipher in [&random, &fixed] {
        for token in [text.as_ref(), as_token.as_str()] {
            match cipher.decrypt(token) {
                Ok(_) => {}
                Err(e) => assert!(matches!(
                    e.code(),
                    "MALFORMED_TOKEN" | "DECRYPT_FAILED" | "TOKEN_TOO_LARGE"
                )),
            }
            if let Err(e) = reset_pin::open_response(token, cipher, Some("txn")) {
                assert!(matches!(
                    e.code(),
                    "MALFORMED_TOKEN"
                        | "DECRYPT_FAILED"
                        | "TOKEN_TOO_LARGE"
                        | "INVALID_RESPONSE"
                        | "TXN_MISMATCH"
                ));
            }
        }
    }
});
