//! SET_PIN (SPEC §1.2, §3, §7): every field rule as a table, the built envelope, responses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::set_pin::{self, SetPinInput, SetPinResponse, SetPinStatus};
use pinseal::PinPolicy;

/// A valid input, and any fields (by their camelCase input names) replaced or made absent
/// (`None`; an absent required field is the empty string).
fn input(changes: &[(&str, Option<&str>)]) -> SetPinInput {
    let mut i = SetPinInput {
        identifier: "+4915112345678".into(),
        pin: "5829".into(),
        new_pin: "4826".into(),
        device_identifier_type: "IMSI".into(),
        device_identifier: "2620112345678901".into(),
        identity_type: "NATIONAL_ID".into(),
        identity: " L01X00T47 ".into(),
        ..Default::default()
    };
    for (key, value) in changes {
        let text = value.unwrap_or_default().to_string();
        let optional = value.map(str::to_string);
        match *key {
            "apiRequestId" => i.api_request_id = optional,
            "identifierType" => i.identifier_type = optional,
            "identifier" => i.identifier = text,
            "pin" => i.pin = text.into(),
            "deviceIdentifierType" => i.device_identifier_type = text,
            "deviceIdentifier" => i.device_identifier = text,
            "newPin" => i.new_pin = text.into(),
            "identityType" => i.identity_type = text,
            "identity" => i.identity = text,
            other => panic!("SetPinInput has no field {other}"),
        }
    }
    i
}

fn errors(input: &SetPinInput, policy: &PinPolicy) -> Vec<(String, String)> {
    set_pin::validate(input, policy)
        .errors
        .into_iter()
        .map(|e| (e.field, e.code.as_str().to_string()))
        .collect()
}

/// An input field, its new value (None: absent), and the expected (field, code) errors.
type Case = (
    &'static str,
    Option<String>,
    &'static [(&'static str, &'static str)],
);

#[test]
fn field_rules_table() {
    let s = |v: &str| Some(v.to_string());
    let long = |n: usize| Some("x".repeat(n));
    let cases: Vec<Case> = vec![
        ("apiRequestId", long(150), &[]),
        ("apiRequestId", long(151), &[("apiRequestId", "TOO_LONG")]),
        (
            "apiRequestId",
            s("a\u{7}"),
            &[("apiRequestId", "INVALID_FORMAT")],
        ),
        ("identifierType", s("MSISDN"), &[]),
        (
            "identifierType",
            s("EMAIL"),
            &[("identifierType", "INVALID_VALUE")],
        ),
        ("identifier", None, &[("identifier", "REQUIRED")]),
        ("identifier", s("4915112345678"), &[]),
        ("identifier", s("12345678"), &[]),
        ("identifier", s("1234567"), &[("identifier", "TOO_SHORT")]),
        (
            "identifier",
            s("1234567890123456"),
            &[("identifier", "TOO_LONG")],
        ),
        (
            "identifier",
            s("+49 151 1234"),
            &[("identifier", "NOT_DIGITS")],
        ),
        (
            "identifier",
            s("++4915112345678"),
            &[("identifier", "NOT_DIGITS")],
        ),
        (
            "identifier",
            s("-4915112345678"),
            &[("identifier", "NOT_DIGITS")],
        ),
        ("pin", None, &[("pin", "REQUIRED")]),
        ("pin", s("58a9"), &[("pin", "PIN_NOT_DIGITS")]),
        ("pin", s("582"), &[("pin", "PIN_LENGTH")]),
        ("pin", s("1111"), &[]), // the current PIN may be weak: it is only being proved
        (
            "deviceIdentifierType",
            None,
            &[("deviceIdentifierType", "REQUIRED")],
        ),
        (
            "deviceIdentifierType",
            s("IMEI"),
            &[("deviceIdentifierType", "INVALID_VALUE")],
        ),
        ("deviceIdentifier", s("12345"), &[]),
        (
            "deviceIdentifier",
            s("1234"),
            &[("deviceIdentifier", "TOO_SHORT")],
        ),
        (
            "deviceIdentifier",
            s("12345678901234567"),
            &[("deviceIdentifier", "TOO_LONG")],
        ),
        (
            "deviceIdentifier",
            s("12345a"),
            &[("deviceIdentifier", "NOT_DIGITS")],
        ),
        (
            "deviceIdentifier",
            None,
            &[("deviceIdentifier", "REQUIRED")],
        ),
        ("newPin", None, &[("newPin", "REQUIRED")]),
        ("newPin", s("5829"), &[("newPin", "PIN_SAME_AS_CURRENT")]),
        (
            "newPin",
            s("5678"),
            &[
                ("newPin", "PIN_SEQUENTIAL"),
                ("newPin", "PIN_MATCHES_PHONE"),
            ],
        ),
        (
            "newPin",
            s("4444"),
            &[("newPin", "PIN_REPEATED"), ("newPin", "PIN_COMMON")],
        ),
        ("newPin", s("48261"), &[("newPin", "PIN_LENGTH")]),
        ("newPin", s("482x"), &[("newPin", "PIN_NOT_DIGITS")]),
        ("identityType", s("PASSPORT_NO"), &[]),
        ("identityType", s("DRIVING_LICENSE"), &[]),
        (
            "identityType",
            s("passport_no"),
            &[("identityType", "INVALID_VALUE")],
        ),
        ("identityType", None, &[("identityType", "REQUIRED")]),
        ("identity", s("   "), &[("identity", "REQUIRED")]),
        ("identity", s("Łódź-東京 №5"), &[]),
        ("identity", long(50), &[]),
        ("identity", long(51), &[("identity", "TOO_LONG")]),
        ("identity", s("a\0b"), &[("identity", "INVALID_FORMAT")]),
    ];
    let strict = PinPolicy::strict();
    for (key, value, want) in &cases {
        let got = errors(&input(&[(key, value.as_deref())]), &strict);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "case {key} = {value:?}");
    }
}

#[test]
fn app_id_devices_take_printable_ascii() {
    let app = |v: &str| {
        input(&[
            ("deviceIdentifierType", Some("APP_ID")),
            ("deviceIdentifier", Some(v)),
        ])
    };
    let o = PinPolicy::strict();
    assert!(errors(&app("com.bank.app/7f3a-ios"), &o).is_empty());
    assert_eq!(
        errors(&app(&"a".repeat(101)), &o),
        [("deviceIdentifier".to_string(), "TOO_LONG".to_string())]
    );
    assert_eq!(
        errors(&app("app\u{e9}"), &o),
        [("deviceIdentifier".to_string(), "INVALID_FORMAT".to_string())]
    );
}

#[test]
fn pin_length_comes_from_the_policy() {
    let six = PinPolicy::strict().with_length(6, 6).unwrap();
    let ok = input(&[("pin", Some("582931")), ("newPin", Some("482617"))]);
    assert!(errors(&ok, &six).is_empty());
    let four = input(&[]);
    assert_eq!(
        errors(&four, &six),
        [
            ("pin".to_string(), "PIN_LENGTH".to_string()),
            ("newPin".to_string(), "PIN_LENGTH".to_string())
        ]
    );
}

#[test]
fn build_the_envelope() {
    let request = set_pin::build(&input(&[]), &PinPolicy::strict()).unwrap();
    let json = request.to_json();
    let id = &request.api_request_id;
    assert_eq!(
        json.expose(),
        format!(
            r#"{{"action":"SET_PIN","payload":{{"api_request_id":"{id}","identifier_type":"MSISDN","identifier":"4915112345678","pin":"5829","device_identifier_type":"IMSI","device_identifier":"2620112345678901","new_pin":"4826","identity_type":"NATIONAL_ID","identity":"L01X00T47"}}}}"#
        )
    );
    assert_eq!(id.len(), 36);
    assert_eq!(id.as_bytes()[14], b'4');
    assert!(!format!("{request:?}").contains("5829"));
    assert!(!request.to_json_redacted().contains("4826"));
    let err =
        set_pin::build(&input(&[("newPin", Some("1111"))]), &PinPolicy::strict()).unwrap_err();
    assert_eq!(err.code(), "VALIDATION_FAILED");
    // The basic policy builds it; the given apiRequestId and identifierType are kept.
    let request = set_pin::build(
        &input(&[
            ("newPin", Some("1111")),
            ("apiRequestId", Some("req-1")),
            ("identifierType", Some("MSISDN")),
        ]),
        &PinPolicy::basic(),
    )
    .unwrap();
    assert_eq!(request.api_request_id, "req-1");
    assert_eq!(request.identifier_type, "MSISDN");
    assert_eq!(request.new_pin.expose(), "1111");
}

#[test]
fn responses() {
    for status in SetPinStatus::ALL {
        let body = format!(
            r#"{{"set_pin_status":"{}","set_pin_status_description":"d"}}"#,
            status.as_str()
        );
        let r = set_pin::parse_response(&body).unwrap();
        assert_eq!(r.status, status);
        assert_eq!(r.ok(), status == SetPinStatus::Success);
        assert_eq!(r.to_json(), body);
        assert_eq!(
            SetPinResponse {
                status,
                description: "d".into()
            }
            .to_json(),
            body
        );
    }
    let long = format!(
        r#"{{"set_pin_status":"ERROR","set_pin_status_description":"{}"}}"#,
        "x".repeat(201)
    );
    for bad in [
        r#"{"set_pin_status":"LOCKED","set_pin_status_description":""}"#,
        r#"{"set_pin_status":1}"#,
        r#"{"set_pin_status_description":"x"}"#,
        r#"{"set_pin_status":"SUCCESS","set_pin_status_description":5}"#,
        r#"not json"#,
        r#"[]"#,
        long.as_str(),
    ] {
        let err = set_pin::parse_response(bad).unwrap_err();
        assert_eq!(err.code(), "INVALID_RESPONSE", "{bad}");
        let pinseal::Error::InvalidResponse { raw, .. } = err else {
            unreachable!()
        };
        assert_eq!(raw, bad);
    }
}

/// The field table drives validation: a required field given empty is `REQUIRED`, an optional one
/// is absent (its default is filled by the builder); the payload carries each field under its
/// wire name at its wire place.
#[test]
fn the_field_table_is_the_rule_validation_applies_and_the_wire_order() {
    let policy = PinPolicy::strict();
    for spec in &set_pin::FIELDS {
        let got = errors(&input(&[(spec.name, Some(""))]), &policy);
        if spec.required {
            assert!(
                got.contains(&(spec.name.to_string(), "REQUIRED".to_string())),
                "{}: {got:?}",
                spec.name
            );
        } else {
            assert_eq!(got, [], "{} given empty", spec.name);
        }
    }
    let request = set_pin::build(&input(&[]), &policy).unwrap();
    let json = request.to_json();
    let json = json.expose();
    let mut places: Vec<_> = set_pin::FIELDS.iter().collect();
    places.sort_by_key(|s| s.wire.at);
    let mut from = json.find("\"payload\":{").unwrap();
    for spec in places {
        let key = format!("\"{}\":\"", spec.wire.name);
        let found = json[from..].find(&key).map(|i| i + from);
        from = found.unwrap_or_else(|| panic!("{} not after its predecessor: {json}", spec.name));
    }
}
