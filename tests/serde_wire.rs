//! The `serde` feature (`cargo test --features serde`): the wire types serialize to exactly the
//! bytes of their hand writers, and the responses read back what they wrote.
#![cfg(feature = "serde")]
#![allow(clippy::expect_used)]

use pinseal::reset_pin::{self, ResetPinInput, ResetPinResponse};
use pinseal::set_pin::{self, SetPinInput, SetPinResponse, SetPinStatus};
use pinseal::{BuildOptions, DateTime, PinPolicy};

fn now() -> DateTime {
    DateTime::new(2022, 11, 16, 12, 26, 53).expect("a real date")
}

#[test]
fn reset_pin_request_serializes_as_the_sample_shape() {
    let input = ResetPinInput {
        client_id: "WibmoClient".into(),
        secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
        bank_id: "2010".into(),
        customer_id: "QVdzHtZsuG".into(),
        last4_digits: "8172".into(),
        urn: "402".into(),
        new_pin: "5829".into(),
        client_txn_id: Some("INq_JM2FOW=SIevkR8tgL".into()),
        ..Default::default()
    };
    let request = reset_pin::build(&input, &BuildOptions::new(now())).expect("valid");
    let json = serde_json::to_string(&request).expect("serializes");
    assert_eq!(json, request.to_json().expose());
    assert_eq!(
        json,
        r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#
    );
}

#[test]
fn set_pin_request_serializes_as_its_wire_form() {
    let input = SetPinInput {
        identifier: "+4915112345678".into(),
        pin: "5829".into(),
        new_pin: "4826".into(),
        device_identifier_type: "IMSI".into(),
        device_identifier: "2620112345678901".into(),
        identity_type: "NATIONAL_ID".into(),
        identity: "L01X00T47".into(),
        api_request_id: Some("req-1".into()),
        ..Default::default()
    };
    let request = set_pin::build(&input, &PinPolicy::strict()).expect("valid");
    let json = serde_json::to_string(&request).expect("serializes");
    assert_eq!(json, request.to_json().expose());
}

#[test]
fn responses_round_trip_through_serde() {
    let text = r#"{"messageCode":"1121","clientTxnId":"t1","urn":402,"accosaTransactionId":123456789012,"responseCode":"00","accosaRefNo":"12345678901234567890","bankId":2010}"#;
    let response = ResetPinResponse::from_json_text(text, text).expect("a response");
    assert_eq!(
        serde_json::to_string(&response).expect("serializes"),
        response.to_json()
    );
    let back: ResetPinResponse = serde_json::from_str(&response.to_json()).expect("reads back");
    assert_eq!(back, response);
    assert_eq!(back.urn, Some(402));

    let set = SetPinResponse {
        status: SetPinStatus::IncorrectPin,
        description: "1 of 3".into(),
    };
    let json = serde_json::to_string(&set).expect("serializes");
    assert_eq!(json, set.to_json());
    assert_eq!(
        json,
        r#"{"set_pin_status":"INCORRECT_PIN","set_pin_status_description":"1 of 3"}"#
    );
    let back: SetPinResponse = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, set);
    assert!(serde_json::from_str::<SetPinResponse>(r#"{"set_pin_status":"MAYBE"}"#).is_err());
}

/// The SPEC §1.1 sample request as a JavaScript caller types it (no `messageCode`), with a PIN
/// the strict policy accepts.
const RESET_JSON: &str = r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":"2010","entityId":"100","customerId":"QVdzHtZsuG","last4Digits":"8172","urn":"402","newPIN":"5829","clientTxnId":"INq_JM2FOW=SIevkR8tgL","requestDateTime":"20221116122653"}"#;

const SET_JSON: &str = r#"{"identifier":"+4915112345678","pin":"5829","newPin":"4826","deviceIdentifierType":"IMSI","deviceIdentifier":"2620112345678901","identityType":"NATIONAL_ID","identity":"L01X00T47","identifierType":"MSISDN","apiRequestId":"req-1"}"#;

fn reset_input(json: &str) -> ResetPinInput {
    serde_json::from_str(json).expect("a Reset PIN input")
}

fn set_input(json: &str) -> SetPinInput {
    serde_json::from_str(json).expect("a SET_PIN input")
}

/// `(field, code)` of every broken rule.
fn codes(report: &pinseal::Report) -> Vec<(String, &'static str)> {
    report
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.code.as_str()))
        .collect()
}

#[test]
fn reset_pin_input_reads_every_js_field() {
    let input = reset_input(RESET_JSON);
    assert_eq!(input.client_id, "WibmoClient");
    assert_eq!(input.secure_code.expose(), "AfZtpO5krtySIhXyNmGg1G");
    assert_eq!(input.bank_id, "2010");
    assert_eq!(input.entity_id.as_deref(), Some("100"));
    assert_eq!(input.customer_id, "QVdzHtZsuG");
    assert_eq!(input.last4_digits, "8172");
    assert_eq!(input.urn, "402");
    assert_eq!(input.new_pin.expose(), "5829");
    assert_eq!(
        input.client_txn_id.as_deref(),
        Some("INq_JM2FOW=SIevkR8tgL")
    );
    assert_eq!(input.request_date_time.as_deref(), Some("20221116122653"));
}

#[test]
fn set_pin_input_reads_every_js_field() {
    let input = set_input(SET_JSON);
    assert_eq!(input.identifier, "+4915112345678");
    assert_eq!(input.pin.expose(), "5829");
    assert_eq!(input.new_pin.expose(), "4826");
    assert_eq!(input.device_identifier_type, "IMSI");
    assert_eq!(input.device_identifier, "2620112345678901");
    assert_eq!(input.identity_type, "NATIONAL_ID");
    assert_eq!(input.identity, "L01X00T47");
    assert_eq!(input.identifier_type.as_deref(), Some("MSISDN"));
    assert_eq!(input.api_request_id.as_deref(), Some("req-1"));
}

#[test]
fn digit_and_pin_fields_take_numbers() {
    let input = reset_input(
        r#"{"bankId":2010,"entityId":100,"last4Digits":8172,"urn":402,"newPIN":5829,"requestDateTime":20221116122653}"#,
    );
    assert_eq!(input.bank_id, "2010");
    assert_eq!(input.entity_id.as_deref(), Some("100"));
    assert_eq!(input.last4_digits, "8172");
    assert_eq!(input.urn, "402");
    assert_eq!(input.new_pin.expose(), "5829");
    assert_eq!(input.request_date_time.as_deref(), Some("20221116122653"));

    let input = set_input(
        r#"{"identifier":4915112345678,"pin":5829,"newPin":4826,"deviceIdentifier":2620112345678901}"#,
    );
    assert_eq!(input.identifier, "4915112345678");
    assert_eq!(input.pin.expose(), "5829");
    assert_eq!(input.new_pin.expose(), "4826");
    assert_eq!(input.device_identifier, "2620112345678901");

    // As in JavaScript: a number is its decimal text (2010.0 is 2010), and a negative or
    // fractional one reaches `validate`, which refuses it.
    let input = reset_input(r#"{"bankId":2010.0,"urn":-402,"last4Digits":81.72,"newPIN":-0.0}"#);
    assert_eq!(input.bank_id, "2010");
    assert_eq!(input.new_pin.expose(), "0");
    let found = codes(&reset_pin::validate(&input, &PinPolicy::strict()));
    for (field, code) in [
        ("last4Digits", "NOT_DIGITS"),
        ("urn", "NOT_DIGITS"),
        ("newPIN", "PIN_LENGTH"),
    ] {
        assert!(found.contains(&(field.into(), code)), "{field}: {found:?}");
    }
    assert!(!found.iter().any(|(f, _)| f == "bankId"), "{found:?}");
}

#[test]
fn unknown_and_repeated_keys_are_refused_by_name() {
    for (json, key) in [
        (r#"{"clientID":"WibmoClient"}"#, "clientID"),
        (r#"{"newPin":"5829"}"#, "newPin"),
        (r#"{"messageCode":"1120"}"#, "messageCode"),
    ] {
        let error = serde_json::from_str::<ResetPinInput>(json).expect_err(key);
        assert!(error.to_string().contains(key), "{key}: {error}");
    }
    for (json, key) in [
        (r#"{"newPIN":"5829"}"#, "newPIN"),
        (r#"{"new_pin":"5829"}"#, "new_pin"),
    ] {
        let error = serde_json::from_str::<SetPinInput>(json).expect_err(key);
        assert!(error.to_string().contains(key), "{key}: {error}");
    }
    let error = serde_json::from_str::<ResetPinInput>(r#"{"clientID":"x"}"#).expect_err("typo");
    assert!(
        error.to_string().contains("did you mean `clientId`?"),
        "{error}"
    );
    let error = serde_json::from_str::<ResetPinInput>(r#"{"urn":"402","urn":"1"}"#)
        .expect_err("a repeated key");
    assert!(
        error.to_string().contains("duplicate field `urn`"),
        "{error}"
    );
}

#[test]
fn wrong_json_types_are_refused() {
    let reset = [
        r#"{"clientId":5}"#,
        r#"{"secureCode":true}"#,
        r#"{"bankId":true}"#,
        r#"{"urn":["402"]}"#,
        r#"{"newPIN":{"pin":"5829"}}"#,
        r#"{"clientTxnId":7}"#,
        r#"["WibmoClient"]"#,
        r#""WibmoClient""#,
    ];
    for json in reset {
        assert!(
            serde_json::from_str::<ResetPinInput>(json).is_err(),
            "{json}"
        );
    }
    let set = [
        r#"{"identity":12345}"#,
        r#"{"deviceIdentifierType":1}"#,
        r#"{"pin":false}"#,
        r#"{"identifier":[4915112345678]}"#,
    ];
    for json in set {
        assert!(serde_json::from_str::<SetPinInput>(json).is_err(), "{json}");
    }
    let error = serde_json::from_str::<ResetPinInput>(r#"{"bankId":true}"#).expect_err("bool");
    assert!(
        error
            .to_string()
            .contains("a string of digits or a non-negative integer for `bankId`"),
        "{error}"
    );
}

#[test]
fn missing_and_null_fields_reach_validate_as_required() {
    let missing = reset_input("{}");
    let null = reset_input(
        r#"{"clientId":null,"secureCode":null,"bankId":null,"entityId":null,"customerId":null,"last4Digits":null,"urn":null,"newPIN":null,"clientTxnId":null,"requestDateTime":null}"#,
    );
    assert_eq!(missing, null);
    let found = codes(&reset_pin::validate(&null, &PinPolicy::strict()));
    let required: Vec<_> = [
        "clientId",
        "secureCode",
        "bankId",
        "customerId",
        "last4Digits",
        "urn",
    ]
    .map(|f| (f.to_owned(), "REQUIRED"))
    .into();
    assert_eq!(found.get(..6), Some(required.as_slice()), "{found:?}");
    assert_eq!(found.last().map(|(f, _)| f.as_str()), Some("newPIN"));

    let found = codes(&set_pin::validate(&set_input("{}"), &PinPolicy::strict()));
    assert!(
        found.contains(&("identity".into(), "REQUIRED")),
        "{found:?}"
    );
}

#[test]
fn weak_pins_from_json_get_their_validation_codes() {
    let policy = PinPolicy::strict();
    for (pin, code) in [
        ("1212", "PIN_COMMON"),
        ("8172", "PIN_MATCHES_CARD"),
        ("2222", "PIN_REPEATED"),
        ("12a4", "PIN_NOT_DIGITS"),
    ] {
        let input = reset_input(&RESET_JSON.replace("\"5829\"", &format!("\"{pin}\"")));
        let found = codes(&reset_pin::validate(&input, &policy));
        assert!(found.contains(&("newPIN".into(), code)), "{pin}: {found:?}");
        let error = reset_pin::build(&input, &BuildOptions::new(now())).expect_err(pin);
        assert_eq!(error.code(), "VALIDATION_FAILED");
    }
    let input = set_input(&SET_JSON.replace("\"4826\"", "5829"));
    let found = codes(&set_pin::validate(&input, &policy));
    assert_eq!(found, [("newPin".to_owned(), "PIN_SAME_AS_CURRENT")]);
}

#[test]
fn json_input_builds_the_same_request_bytes_as_the_struct_literal() {
    let literal = ResetPinInput {
        client_id: "WibmoClient".into(),
        secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
        bank_id: "2010".into(),
        entity_id: Some("100".into()),
        customer_id: "QVdzHtZsuG".into(),
        last4_digits: "8172".into(),
        urn: "402".into(),
        new_pin: "5829".into(),
        client_txn_id: Some("INq_JM2FOW=SIevkR8tgL".into()),
        request_date_time: Some("20221116122653".into()),
    };
    let options = BuildOptions::new(now());
    let want = reset_pin::build(&literal, &options).expect("valid");
    for json in [
        RESET_JSON,
        r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":2010,"customerId":"QVdzHtZsuG","last4Digits":"8172","urn":402,"newPIN":5829,"clientTxnId":"INq_JM2FOW=SIevkR8tgL"}"#,
    ] {
        let got = reset_pin::build(&reset_input(json), &options).expect("valid");
        assert_eq!(got.to_json().expose(), want.to_json().expose(), "{json}");
    }

    let literal = SetPinInput {
        identifier: "+4915112345678".into(),
        pin: "5829".into(),
        new_pin: "4826".into(),
        device_identifier_type: "IMSI".into(),
        device_identifier: "2620112345678901".into(),
        identity_type: "NATIONAL_ID".into(),
        identity: "L01X00T47".into(),
        identifier_type: Some("MSISDN".into()),
        api_request_id: Some("req-1".into()),
    };
    let want = set_pin::build(&literal, &PinPolicy::strict()).expect("valid");
    let got = set_pin::build(&set_input(SET_JSON), &PinPolicy::strict()).expect("valid");
    assert_eq!(got.to_json().expose(), want.to_json().expose());
}

#[test]
fn debug_of_a_deserialized_input_hides_secrets() {
    let reset = format!("{:?}", reset_input(RESET_JSON));
    assert!(reset.contains("Pin(****)"), "{reset}");
    for secret in ["5829", "AfZtpO5krtySIhXyNmGg1G"] {
        assert!(!reset.contains(secret), "{reset}");
    }
    let set = format!("{:?}", set_input(SET_JSON));
    assert!(!set.contains("5829") && !set.contains("4826"), "{set}");
}
