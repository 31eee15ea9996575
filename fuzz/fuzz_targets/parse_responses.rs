//! Parsing partner responses: SET_PIN bodies and decrypted Reset PIN response objects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinseal::reset_pin::ResetPinResponse;
use pinseal::set_pin;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match set_pin::parse_response(text) {
        // What was read must survive the wire form.
        Ok(r) => assert_eq!(set_pin::parse_response(&r.to_json()).as_ref(), Ok(&r)),
        Err(e) => assert_eq!(e.code(), "INVALID_RESPONSE"),
    }
    match ResetPinResponse::from_json_text(text, text) {
        Ok(r) => {
            let again = ResetPinResponse::from_json_text(&r.to_json(), "").expect("round trip");
            assert_eq!(again, r);
        }
        // Text that is no JSON is the uniform DECRYPT_FAILED (it came out of a token).
        Err(e) => assert!(matches!(e.code(), "INVALID_RESPONSE" | "DECRYPT_FAILED")),
    }
});
