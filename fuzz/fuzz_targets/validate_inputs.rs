//! Validating both input families (and building them) from arbitrary JSON text, and the PIN
//! policy from arbitrary JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinseal::json::Json;
use pinseal::{pin_strength, reset_pin, set_pin, BuildOptions, PinPolicy};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = pin_strength(text);
    let Ok(value) = Json::parse(text) else { return };
    // Whatever parses must write back and parse to the same value.
    assert_eq!(Json::parse(&value.to_compact_string()).as_ref(), Ok(&value));
    let options = BuildOptions::default();
    for result in [
        reset_pin::validate_json(&value, &options).map(|_| ()),
        reset_pin::build_json(&value, &options).map(|_| ()),
        set_pin::validate_json(&value, &options).map(|_| ()),
        set_pin::build_json(&value, &options).map(|_| ()),
        PinPolicy::from_json(&value).map(|_| ()),
    ] {
        if let Err(e) = result {
            assert!(
                matches!(e.code(), "INVALID_INPUT" | "VALIDATION_FAILED"),
                "{}",
                e.code()
            );
        }
    }
});
