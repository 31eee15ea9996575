//! Property tests: open∘seal is the identity, builders agree with validation, responses
//! round-trip through their wire form, and no input of any shape panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pinseal::reset_pin::{self, ResetPinInput, ResetPinResponse};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{
    BuildOptions, CipherOptions, DateTime, FieldError, PinContext, PinPolicy, TokenCipher,
};
use proptest::prelude::*;

fn random_cipher() -> TokenCipher {
    TokenCipher::from_bytes(&[7u8; 24], CipherOptions::default()).unwrap()
}

fn fixed_cipher() -> TokenCipher {
    TokenCipher::from_bytes(&[9u8; 24], CipherOptions::fixed_iv(&[3u8; 16]).unwrap()).unwrap()
}

/// `s` as a JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Arbitrary JSON texts, a few levels deep, with the member names pinseal reads.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        "[1-9][0-9]{19,23}",
        ".{0,12}".prop_map(|s| quote(&s)),
        "[0-9]{0,12}".prop_map(|s| quote(&s)),
        prop_oneof![Just("SUCCESS"), Just("INCORRECT_PIN"), Just("00")].prop_map(quote),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("responseCode".to_string()),
                        Just("urn".to_string()),
                        Just("accosaTransactionId".to_string()),
                        Just("accosaRefNo".to_string()),
                        Just("clientTxnId".to_string()),
                        Just("bankId".to_string()),
                        Just("set_pin_status".to_string()),
                        Just("set_pin_status_description".to_string()),
                        Just("token".to_string()),
                        ".{0,8}"
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|members| {
                let members: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("{}:{v}", quote(k)))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A field value: digits, printable ASCII, any text, or empty.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,12}",
        "[ -~]{0,30}",
        ".{0,20}",
        Just(String::new()),
        Just("5829".to_string()),
    ]
}

/// Mostly `valid`, sometimes any [`field`]: inputs near the valid ones, so that both the
/// accepted and the refused paths are exercised.
fn near(valid: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(valid.to_string()), 1 => field()]
}

fn reset_input() -> impl Strategy<Value = ResetPinInput> {
    (
        (
            near("WibmoClient"),
            near("AfZtpO5krtySIhXyNmGg1G"),
            near("2010"),
            proptest::option::of(near("100")),
        ),
        (near("QVdzHtZsuG"), near("8172"), near("402"), near("5829")),
        (
            proptest::option::of(near("txn-1")),
            proptest::option::of(prop_oneof!["[0-9]{14}", near("20240229235959")]),
        ),
    )
        .prop_map(
            |(
                (client_id, secure_code, bank_id, entity_id),
                (customer_id, last4_digits, urn, new_pin),
                (client_txn_id, request_date_time),
            )| ResetPinInput {
                client_id,
                secure_code: secure_code.into(),
                bank_id,
                entity_id,
                customer_id,
                last4_digits,
                urn,
                new_pin: new_pin.into(),
                client_txn_id,
                request_date_time,
            },
        )
}

fn set_input() -> impl Strategy<Value = SetPinInput> {
    (
        (near("+4915112345678"), near("7315"), near("4826")),
        (
            prop_oneof![near("IMSI"), near("APP_ID")],
            near("2620112345678901"),
        ),
        (near("NATIONAL_ID"), near(" L01X00T47 ")),
        (
            proptest::option::of(near("MSISDN")),
            proptest::option::of(near("req-1")),
        ),
    )
        .prop_map(
            |(
                (identifier, pin, new_pin),
                (device_identifier_type, device_identifier),
                (identity_type, identity),
                (identifier_type, api_request_id),
            )| SetPinInput {
                identifier,
                pin: pin.into(),
                new_pin: new_pin.into(),
                device_identifier_type,
                device_identifier,
                identity_type,
                identity,
                identifier_type,
                api_request_id,
            },
        )
}

fn policy() -> impl Strategy<Value = PinPolicy> {
    prop_oneof![
        1 => Just(PinPolicy::strict()),
        1 => Just(PinPolicy::basic()),
        2 => custom_policy(),
    ]
}

fn custom_policy() -> impl Strategy<Value = PinPolicy> {
    (
        (4usize..=12, 4usize..=12),
        prop::array::uniform6(any::<bool>()),
        prop::collection::vec("[0-9]{4,6}", 0..3),
    )
        .prop_map(|((a, b), [r, s, c, card, phone, same], deny)| {
            let mut p = PinPolicy::strict().with_length(a.min(b), a.max(b)).unwrap();
            p.repeated = r;
            p.sequential = s;
            p.common = c;
            p.matches_card = card;
            p.matches_phone = phone;
            p.same_as_current = same;
            p.deny = deny;
            p
        })
}

fn now() -> impl Strategy<Value = DateTime> {
    (0u16..=9999, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60)
        .prop_map(|(y, mo, d, h, mi, s)| DateTime::new(y, mo, d, h, mi, s).unwrap())
}

/// No PIN field's message contains the PIN (for PINs of 4+ digits, which messages cannot
/// contain by accident).
fn pin_not_echoed(errors: &[FieldError], pins: &[(&str, &str)]) -> Result<(), TestCaseError> {
    for (field, pin) in pins {
        if pin.len() >= 4 && pin.bytes().all(|b| b.is_ascii_digit()) {
            for e in errors.iter().filter(|e| e.field == *field) {
                prop_assert!(!e.message.contains(pin), "{}: {}", e.field, e.message);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn open_seal_is_identity_for_bytes(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        for k in [random_cipher(), fixed_cipher()] {
            let token = k.encrypt_bytes(&data).unwrap();
            let back = k.decrypt_bytes(&token).unwrap();
            prop_assert_eq!(back.expose(), &data[..]);
        }
    }

    #[test]
    fn open_seal_is_identity_for_text_and_json(text in ".{0,300}", json in json_text()) {
        for k in [random_cipher(), fixed_cipher()] {
            for t in [&text, &json] {
                let back = k.decrypt(&k.encrypt(t).unwrap()).unwrap();
                prop_assert_eq!(back.expose(), t.as_str());
            }
            // A sealed JSON text opens as JSON: as a response or INVALID_RESPONSE, never a
            // decrypt failure.
            if let Err(e) = reset_pin::open_token(&k.encrypt(&json).unwrap(), &k, None) {
                prop_assert_eq!(e.code(), "INVALID_RESPONSE");
            }
        }
    }

    #[test]
    fn responses_round_trip_through_their_wire_form(json in json_text()) {
        match ResetPinResponse::from_json_text(&json, &json) {
            Ok(r) => {
                let wire = r.to_json();
                prop_assert_eq!(ResetPinResponse::from_json_text(&wire, &wire).unwrap(), r);
            }
            Err(e) => prop_assert_eq!(e.code(), "INVALID_RESPONSE"),
        }
        match set_pin::parse_response(&json) {
            Ok(r) => prop_assert_eq!(set_pin::parse_response(&r.to_json()).unwrap(), r),
            Err(e) => prop_assert_eq!(e.code(), "INVALID_RESPONSE"),
        }
    }

    #[test]
    fn no_panic_opening_arbitrary_strings(token in ".{0,400}", b64 in "[A-Za-z0-9+/= \r\n]{0,400}") {
        for k in [random_cipher(), fixed_cipher()] {
            for t in [&token, &b64] {
                if let Err(e) = k.decrypt(t) {
                    prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED"), "{}", e.code());
                }
                let _ = reset_pin::open_response(t, &k, Some("x"));
            }
        }
    }

    #[test]
    fn no_panic_on_arbitrary_ciphertext(data in prop::collection::vec(any::<u8>(), 0..600)) {
        let k = random_cipher();
        let token = B64.encode(&data);
        match k.decrypt_bytes(&token) {
            Ok(_) => {}
            Err(e) => prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED")),
        }
        if let Err(e) = k.decrypt(&token) {
            prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED"));
        }
        if let Err(e) = reset_pin::open_token(&token, &k, None) {
            prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED" | "INVALID_RESPONSE"));
        }
    }

    #[test]
    fn reset_pin_build_agrees_with_validate(input in reset_input(), policy in policy(), now in now()) {
        let report = reset_pin::validate(&input, &policy);
        pin_not_echoed(&report.errors, &[("newPIN", input.new_pin.expose())])?;
        let options = BuildOptions::new(now).with_policy(policy);
        match reset_pin::build(&input, &options) {
            Ok(request) => {
                prop_assert!(report.is_valid());
                let want = input.request_date_time.clone().filter(|t| !t.is_empty())
                    .unwrap_or_else(|| now.to_compact());
                prop_assert_eq!(&request.request_date_time, &want);
                let k = random_cipher();
                let sealed = reset_pin::seal_request(request.clone(), &k).unwrap();
                let (opened, json) = (k.decrypt(&sealed.token).unwrap(), request.to_json());
                prop_assert_eq!(opened.expose(), json.expose());
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "VALIDATION_FAILED");
                prop_assert!(!report.is_valid());
                prop_assert_eq!(e.field_errors(), &report.errors[..]);
            }
        }
    }

    #[test]
    fn set_pin_build_agrees_with_validate(input in set_input(), policy in policy()) {
        let report = set_pin::validate(&input, &policy);
        pin_not_echoed(
            &report.errors,
            &[("pin", input.pin.expose()), ("newPin", input.new_pin.expose())],
        )?;
        match set_pin::build(&input, &policy) {
            Ok(request) => {
                prop_assert!(report.is_valid());
                let shown = request.to_json_redacted();
                prop_assert!(shown.contains(r#""pin":"****","#), "{}", shown);
                prop_assert!(shown.contains(r#""new_pin":"****","#), "{}", shown);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "VALIDATION_FAILED");
                prop_assert!(!report.is_valid());
                prop_assert_eq!(e.field_errors(), &report.errors[..]);
            }
        }
    }

    #[test]
    fn no_panic_parsing_arbitrary_text(text in ".{0,200}", policy in policy()) {
        if let Err(e) = set_pin::parse_response(&text) {
            prop_assert_eq!(e.code(), "INVALID_RESPONSE");
        }
        if let Err(e) = ResetPinResponse::from_json_text(&text, &text) {
            prop_assert!(matches!(e.code(), "INVALID_RESPONSE" | "DECRYPT_FAILED"), "{}", e.code());
        }
        let _ = pinseal::pin_strength(&text, &PinPolicy::strict());
        let s = pinseal::pin_strength(&text, &policy);
        prop_assert_eq!(s.weak, !s.reasons.is_empty());
        let _ = pinseal::validate_pin(&text, &Default::default(), &Default::default());
        let ctx = PinContext { current_pin: Some(&text), last4_digits: Some(&text), msisdn: Some(&text) };
        let _ = pinseal::validate_pin(&text, &ctx, &policy);
        let _ = DateTime::parse_compact(&text);
        for key in [
            TokenCipher::from_hex(&text, CipherOptions::default()),
            TokenCipher::from_base64(&text, CipherOptions::default()),
            TokenCipher::from_text(&text, CipherOptions::default()),
        ] {
            if let Err(e) = key {
                prop_assert_eq!(e.code(), "INVALID_KEY");
            }
        }
        if let Err(e) = CipherOptions::fixed_iv_hex(&text) {
            prop_assert_eq!(e.code(), "INVALID_IV");
        }
    }
}
