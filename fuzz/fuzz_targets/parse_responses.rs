//! Parsing partner responses: SET_PIN bodies and decrypted Reset PIN response objects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinseal::json::Json;
use pinseal::reset_pin::ResetPinResponse;
use pinseal::set_pin;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = set_pin::parse_response(text) {
        assert_eq!(e.code(), "INVALID_RESPONSE");
    }
    if let Ok(value) = Json::parse(text) {
        match ResetPinResponse::from_json(&value, text) {
            // What was read must survive the wire form.
            Ok(r) => {
                let again = ResetPinResponse::from_json(&r.to_wire_json(), "").expect("round trip");
                assert_eq!(again, r);
            }
            Err(e) => assert_eq!(e.code(), "INVALID_RESPONSE"),
        }
    }
});
