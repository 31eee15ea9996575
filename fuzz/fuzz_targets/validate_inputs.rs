//! Validating and building both input families from arbitrary text: the input is split into
//! fields at NUL bytes, so the fuzzer reaches every field rule and the PIN policy.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{pin_strength, BuildOptions, DateTime, PinPolicy};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let policy = PinPolicy::strict();
    let _ = pin_strength(text, &policy);
    let mut parts = text.split('\0').map(str::to_owned);
    let mut next = || parts.next().unwrap_or_default();
    let optional = |s: String| Some(s).filter(|s| !s.is_empty());
    let reset = ResetPinInput {
        client_id: next(),
        secure_code: next().into(),
        bank_id: next(),
        entity_id: optional(next()),
        customer_id: next(),
        last4_digits: next(),
        urn: next(),
        new_pin: next().into(),
        client_txn_id: optional(next()),
        request_date_time: optional(next()),
    };
    let set = SetPinInput {
        identifier: next(),
        pin: next().into(),
        new_pin: next().into(),
        device_identifier_type: next(),
        device_identifier: next(),
        identity_type: next(),
        identity: next(),
        identifier_type: optional(next()),
        api_request_id: optional(next()),
    };
    let now = DateTime::new(2026, 12, 3, 12, 0, 0).expect("a real date");
    let options = BuildOptions::new(now);
    // Building succeeds exactly when validation finds nothing, and fails with the same errors.
    let report = reset_pin::validate(&reset, &policy);
    match reset_pin::build(&reset, &options) {
        Ok(request) => {
            assert!(report.is_valid());
            let _ = request.to_json();
        }
        Err(e) => assert_eq!(e.field_errors(), report.errors.as_slice()),
    }
    let report = set_pin::validate(&set, &policy);
    match set_pin::build(&set, &policy) {
        Ok(request) => {
            assert!(report.is_valid());
            let _ = request.to_json();
        }
        Err(e) => assert_eq!(e.field_errors(), report.errors.as_slice()),
    }
});
