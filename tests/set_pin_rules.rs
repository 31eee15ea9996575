//! SET_PIN (SPEC §1.2, §3, §7): every field rule as a table, the built envelope, responses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::json::Json;
use pinseal::set_pin::{self, SetPinStatus};
use pinseal::{BuildOptions, PinPolicy};

fn input(changes: &[(&str, Option<&str>)]) -> Json {
    let base = r#"{"identifier":"+4915112345678","pin":"5829","newPin":"4826","deviceIdentifierType":"IMSI","deviceIdentifier":"2620112345678901","identityType":"NATIONAL_ID","identity":" L01X00T47 "}"#;
    let Json::Object(mut members) = Json::parse(base).unwrap() else {
        unreachable!()
    };
    for (key, value) in changes {
        members.retain(|(k, _)| k != key);
        if let Some(v) = value {
            members.push((key.to_string(), Json::parse(v).unwrap()));
        }
    }
    Json::Object(members)
}

fn errors(input: &Json, options: &BuildOptions) -> Vec<(String, String)> {
    set_pin::validate_json(input, options)
        .unwrap()
        .errors
        .into_iter()
        .map(|e| (e.field, e.code.as_str().to_string()))
        .collect()
}

/// An input key, its new JSON value (None: removed), and the expected (field, code) errors.
type Case = (
    &'static str,
    Option<String>,
    &'static [(&'static str, &'static str)],
);

#[test]
fn field_rules_table() {
    let s = |v: &str| Some(format!("\"{v}\""));
    let long = |n: usize| Some(format!("\"{}\"", "x".repeat(n)));
    let cases: Vec<Case> = vec![
        ("apiRequestId", long(150), &[]),
        ("apiRequestId", long(151), &[("apiRequestId", "TOO_LONG")]),
        (
            "apiRequestId",
            s("a\\u0007"),
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
        ("identifier", Some("4915112345678".into()), &[]),
        (
            "identifier",
            Some("-4915112345678".into()),
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
        (
            "identity",
            s("a\\u0000b"),
            &[("identity", "INVALID_FORMAT")],
        ),
        (
            "identity",
            Some("42".into()),
            &[("identity", "INVALID_FORMAT")],
        ),
        ("new_pin", s("4826"), &[("new_pin", "UNKNOWN_FIELD")]),
        ("newPIN", s("4826"), &[("newPIN", "UNKNOWN_FIELD")]),
    ];
    let options = BuildOptions::default();
    for (key, value, want) in &cases {
        let got = errors(&input(&[(key, value.as_deref())]), &options);
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
            ("deviceIdentifierType", Some("\"APP_ID\"")),
            ("deviceIdentifier", Some(v)),
        ])
    };
    let o = BuildOptions::default();
    assert!(errors(&app("\"com.bank.app/7f3a-ios\""), &o).is_empty());
    assert_eq!(
        errors(&app(&format!("\"{}\"", "a".repeat(101))), &o),
        [("deviceIdentifier".to_string(), "TOO_LONG".to_string())]
    );
    assert_eq!(
        errors(&app("\"app\u{e9}\""), &o),
        [("deviceIdentifier".to_string(), "INVALID_FORMAT".to_string())]
    );
}

#[test]
fn pin_length_comes_from_the_policy() {
    let six = BuildOptions {
        pin_policy: PinPolicy::strict().with_length(6, 6).unwrap(),
        ..Default::default()
    };
    let ok = input(&[("pin", Some("\"582931\"")), ("newPin", Some("\"482617\""))]);
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
    let request = set_pin::build_json(&input(&[]), &BuildOptions::default()).unwrap();
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
    let err = set_pin::build_json(
        &input(&[("newPin", Some("\"1111\""))]),
        &BuildOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "VALIDATION_FAILED");
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
        assert_eq!(r.to_wire_json().to_compact_string(), body);
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
