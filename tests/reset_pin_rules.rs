//! Reset PIN (SPEC §1.1, §3, §7): every field rule as a table of input tweak -> expected errors,
//! the partner's sample request reproduced byte for byte, sealing and opening responses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::json::Json;
use pinseal::reset_pin::{self, ResetPinResponse};
use pinseal::{BuildOptions, CipherOptions, DateTime, PinPolicy, TokenCipher};

const SAMPLE: &str = r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"1212","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#;

/// A valid input as JSON text, with `newPIN` 5829, and any members replaced or removed.
fn input(changes: &[(&str, Option<&str>)]) -> Json {
    let base = r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":2010,"customerId":"QVdzHtZsuG","last4Digits":"8172","urn":"402","newPIN":"5829"}"#;
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
    reset_pin::validate_json(input, options)
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
    let long = |n: usize| format!("\"{}\"", "x".repeat(n));
    let cases: Vec<Case> = vec![
        ("clientId", None, &[("clientId", "REQUIRED")]),
        ("clientId", Some("\"\"".into()), &[("clientId", "REQUIRED")]),
        ("clientId", Some(long(15)), &[]),
        ("clientId", Some(long(16)), &[("clientId", "TOO_LONG")]),
        (
            "clientId",
            Some("\" Wibmo\"".into()),
            &[("clientId", "INVALID_FORMAT")],
        ),
        (
            "clientId",
            Some("\"Wibmo \"".into()),
            &[("clientId", "INVALID_FORMAT")],
        ),
        (
            "clientId",
            Some("\"Wi\\nbmo\"".into()),
            &[("clientId", "INVALID_FORMAT")],
        ),
        (
            "clientId",
            Some("\"Wibmö\"".into()),
            &[("clientId", "INVALID_FORMAT")],
        ),
        (
            "clientId",
            Some("12".into()),
            &[("clientId", "INVALID_FORMAT")],
        ),
        ("clientId", Some("null".into()), &[("clientId", "REQUIRED")]),
        ("secureCode", None, &[("secureCode", "REQUIRED")]),
        ("secureCode", Some(long(25)), &[]),
        ("secureCode", Some(long(26)), &[("secureCode", "TOO_LONG")]),
        (
            "secureCode",
            Some("\"a\\u0000b\"".into()),
            &[("secureCode", "INVALID_FORMAT")],
        ),
        ("clientTxnId", Some(long(100)), &[]),
        (
            "clientTxnId",
            Some(long(101)),
            &[("clientTxnId", "TOO_LONG")],
        ),
        (
            "clientTxnId",
            Some("\"\\t\"".into()),
            &[("clientTxnId", "INVALID_FORMAT")],
        ),
        ("requestDateTime", Some("\"20240229235959\"".into()), &[]),
        (
            "requestDateTime",
            Some("\"20230229120000\"".into()),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        (
            "requestDateTime",
            Some("\"20221116246000\"".into()),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        (
            "requestDateTime",
            Some("\"2022-11-16\"".into()),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        ("bankId", None, &[("bankId", "REQUIRED")]),
        ("bankId", Some("\"2010\"".into()), &[]),
        ("bankId", Some("7".into()), &[]),
        ("bankId", Some("-1".into()), &[("bankId", "NOT_DIGITS")]),
        ("bankId", Some("20.5".into()), &[("bankId", "NOT_DIGITS")]),
        (
            "bankId",
            Some("\"+201\"".into()),
            &[("bankId", "NOT_DIGITS")],
        ),
        (
            "bankId",
            Some("\"20 1\"".into()),
            &[("bankId", "NOT_DIGITS")],
        ),
        ("bankId", Some("12345".into()), &[("bankId", "TOO_LONG")]),
        (
            "bankId",
            Some("true".into()),
            &[("bankId", "INVALID_FORMAT")],
        ),
        (
            "bankId",
            Some("[2010]".into()),
            &[("bankId", "INVALID_FORMAT")],
        ),
        ("entityId", Some("100".into()), &[]),
        ("entityId", Some("\"\"".into()), &[]),
        (
            "entityId",
            Some("10000".into()),
            &[("entityId", "TOO_LONG")],
        ),
        (
            "entityId",
            Some("1e2".into()),
            &[("entityId", "NOT_DIGITS")],
        ),
        ("customerId", None, &[("customerId", "REQUIRED")]),
        ("customerId", Some(long(20)), &[]),
        ("customerId", Some(long(21)), &[("customerId", "TOO_LONG")]),
        ("last4Digits", None, &[("last4Digits", "REQUIRED")]),
        (
            "last4Digits",
            Some("\"817\"".into()),
            &[("last4Digits", "TOO_SHORT")],
        ),
        (
            "last4Digits",
            Some("\"81720\"".into()),
            &[("last4Digits", "TOO_LONG")],
        ),
        (
            "last4Digits",
            Some("\"81a2\"".into()),
            &[("last4Digits", "NOT_DIGITS")],
        ),
        ("last4Digits", Some("8172".into()), &[]),
        ("urn", None, &[("urn", "REQUIRED")]),
        ("urn", Some("\"1234567890\"".into()), &[]),
        (
            "urn",
            Some("\"12345678901\"".into()),
            &[("urn", "TOO_LONG")],
        ),
        ("urn", Some("402".into()), &[]),
        ("urn", Some("\"4o2\"".into()), &[("urn", "NOT_DIGITS")]),
        ("newPIN", None, &[("newPIN", "REQUIRED")]),
        (
            "newPIN",
            Some("\"582\"".into()),
            &[("newPIN", "PIN_LENGTH")],
        ),
        (
            "newPIN",
            Some("\"58291\"".into()),
            &[("newPIN", "PIN_LENGTH")],
        ),
        (
            "newPIN",
            Some("\"58a9\"".into()),
            &[("newPIN", "PIN_NOT_DIGITS")],
        ),
        (
            "newPIN",
            Some("\"1212\"".into()),
            &[("newPIN", "PIN_COMMON")],
        ),
        (
            "newPIN",
            Some("\"7777\"".into()),
            &[("newPIN", "PIN_REPEATED"), ("newPIN", "PIN_COMMON")],
        ),
        (
            "newPIN",
            Some("\"7890\"".into()),
            &[("newPIN", "PIN_SEQUENTIAL")],
        ),
        (
            "newPIN",
            Some("\"0987\"".into()),
            &[("newPIN", "PIN_SEQUENTIAL")],
        ),
        (
            "newPIN",
            Some("\"2580\"".into()),
            &[("newPIN", "PIN_COMMON")],
        ),
        (
            "newPIN",
            Some("\"8172\"".into()),
            &[("newPIN", "PIN_MATCHES_CARD")],
        ),
        (
            "newPin",
            Some("\"5829\"".into()),
            &[("newPin", "UNKNOWN_FIELD")],
        ),
        (
            "new_pin",
            Some("\"5829\"".into()),
            &[("new_pin", "UNKNOWN_FIELD")],
        ),
        (
            "__proto__",
            Some("{}".into()),
            &[("__proto__", "UNKNOWN_FIELD")],
        ),
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
fn every_error_is_reported_at_once_in_field_order() {
    let bad = Json::parse(r#"{"newPin":"1","urn":"x","bankId":-3,"clientId":""}"#).unwrap();
    let got = errors(&bad, &BuildOptions::default());
    let want = [
        ("clientId", "REQUIRED"),
        ("secureCode", "REQUIRED"),
        ("bankId", "NOT_DIGITS"),
        ("customerId", "REQUIRED"),
        ("last4Digits", "REQUIRED"),
        ("urn", "NOT_DIGITS"),
        ("newPIN", "REQUIRED"),
        ("newPin", "UNKNOWN_FIELD"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn unknown_field_suggests_the_right_name() {
    let report = reset_pin::validate_json(
        &input(&[("newPIN", None), ("newPin", Some("\"5829\""))]),
        &BuildOptions::default(),
    )
    .unwrap();
    let unknown = report.errors.iter().find(|e| e.field == "newPin").unwrap();
    assert!(
        unknown.message.contains("did you mean \"newPIN\""),
        "{}",
        unknown.message
    );
}

#[test]
fn the_partner_sample_is_reproduced_byte_for_byte() {
    // The sample's PIN 1212 is common: strict refuses it, basic builds it.
    let sample_input = input(&[
        ("newPIN", Some("\"1212\"")),
        ("clientTxnId", Some("\"INq_JM2FOW=SIevkR8tgL\"")),
        ("requestDateTime", Some("\"20221116122653\"")),
    ]);
    let strict = reset_pin::build_json(&sample_input, &BuildOptions::default()).unwrap_err();
    assert_eq!(strict.code(), "VALIDATION_FAILED");
    assert_eq!(strict.field_errors()[0].code.as_str(), "PIN_COMMON");
    let basic = BuildOptions {
        pin_policy: PinPolicy::basic(),
        ..Default::default()
    };
    let request = reset_pin::build_json(&sample_input, &basic).unwrap();
    assert_eq!(request.to_json().expose(), SAMPLE);
    // Same JSON types as the sample: numbers stay numbers, strings stay strings.
    let ours = Json::parse(request.to_json().expose()).unwrap();
    let theirs = Json::parse(SAMPLE).unwrap();
    for ((k1, v1), (k2, v2)) in ours
        .as_object()
        .unwrap()
        .iter()
        .zip(theirs.as_object().unwrap())
    {
        assert_eq!((k1, v1.kind()), (k2, v2.kind()));
    }
    assert_eq!(
        request.to_json_redacted(),
        SAMPLE.replace("\"newPIN\":\"1212\"", "\"newPIN\":\"****\"")
    );
    assert!(!format!("{request:?}").contains("1212"));
}

#[test]
fn defaults_are_filled() {
    let now = DateTime::parse_compact("20240102030405").unwrap();
    let options = BuildOptions {
        now: Some(now),
        ..Default::default()
    };
    let a = reset_pin::build_json(&input(&[]), &options).unwrap();
    let b = reset_pin::build_json(&input(&[]), &options).unwrap();
    assert_eq!(a.entity_id, 100);
    assert_eq!(a.request_date_time, "20240102030405");
    assert!(a.client_txn_id.len() >= 20);
    assert!(a
        .client_txn_id
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    assert_ne!(a.client_txn_id, b.client_txn_id);
    // An explicit requestDateTime wins over `now`.
    let c = reset_pin::build_json(
        &input(&[("requestDateTime", Some("\"20221116122653\""))]),
        &options,
    )
    .unwrap();
    assert_eq!(c.request_date_time, "20221116122653");
    // Without `now`, the local clock.
    let d = reset_pin::build_json(&input(&[]), &BuildOptions::default()).unwrap();
    let parsed = DateTime::parse_compact(&d.request_date_time).unwrap();
    let drift = parsed.naive_unix_seconds() - DateTime::now_local().naive_unix_seconds();
    assert!(drift.abs() <= 2, "drift {drift}s");
}

fn cipher() -> TokenCipher {
    TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default()).unwrap()
}

#[test]
fn seal_masks_the_pin_and_the_token_opens_to_the_request() {
    let k = cipher();
    let input = input(&[("clientTxnId", Some("\"txn-1\""))]);
    let request = reset_pin::build_json(&input, &BuildOptions::default()).unwrap();
    let sealed = reset_pin::seal_request(request.clone(), &k).unwrap();
    assert_eq!(sealed.request.new_pin.expose(), "****");
    assert_eq!(
        k.decrypt(&sealed.token).unwrap().expose(),
        request.to_json().expose()
    );
}

fn response_token(k: &TokenCipher, body: &str) -> String {
    k.encrypt(body).unwrap()
}

#[test]
fn opening_responses() {
    let k = cipher();
    let body = r#"{"messageCode":"1121","clientId":"WibmoClient","clientTxnId":"txn-1","responseDateTime":"20221116122700","urn":402,"customerId":"QVdzHtZsuG","accosaTransactionId":98765,"responseCode":"00","accosaRefNo":12345678901234567890}"#;
    let token = response_token(&k, body);
    let r = reset_pin::open_response(&token, &k, Some("txn-1")).unwrap();
    assert!(r.ok());
    assert_eq!(r.meaning(), "success");
    assert_eq!(r.urn.as_deref(), Some("402"));
    assert_eq!(r.accosa_ref_no.as_deref(), Some("12345678901234567890"));
    // The HTTP body form works too, with whitespace around it.
    let wrapped = format!("\n {{\"token\": \"{token}\"}} ");
    assert_eq!(reset_pin::open_response(&wrapped, &k, None).unwrap(), r);
    // TXN_MISMATCH when the echo differs.
    let err = reset_pin::open_response(&token, &k, Some("txn-2")).unwrap_err();
    assert_eq!(err.code(), "TXN_MISMATCH");
    // Unknown codes are kept, not an error.
    let odd = response_token(&k, r#"{"responseCode":"4242","clientTxnId":"t"}"#);
    let r = reset_pin::open_response(&odd, &k, None).unwrap();
    assert_eq!(
        (r.ok(), r.response_code.as_str(), r.meaning()),
        (false, "4242", "unknown response code")
    );
    for (code, meaning) in [
        ("1099", "INVALID PIN"),
        ("1262", "CLIENT ID NOT PRESENT IN THE REQUEST"),
        ("1264", "BANK ID NOT PRESENT IN THE REQUEST"),
        ("1310", "XCONSUMERKEY NOT PRESENT IN REQUEST"),
        ("1311", "SECURE CODE NOT PRESENT IN REQUEST"),
    ] {
        assert_eq!(reset_pin::meaning(code), meaning);
    }
    // Shape errors.
    for bad in [
        r#"{"clientTxnId":"t"}"#,
        r#"{"responseCode":true}"#,
        r#"{"responseCode":"00","urn":{"x":1}}"#,
        r#"{"responseCode":"00","urn":4.5}"#,
        r#"[1,2]"#,
    ] {
        let err = reset_pin::open_response(&response_token(&k, bad), &k, None).unwrap_err();
        assert_eq!(err.code(), "INVALID_RESPONSE", "{bad}");
    }
    // Not JSON after decryption is a decrypt failure, like any other.
    let err = reset_pin::open_response(&response_token(&k, "not json"), &k, None).unwrap_err();
    assert_eq!(err.code(), "DECRYPT_FAILED");
    let err = reset_pin::open_response("{\"tok\":1}", &k, None).unwrap_err();
    assert_eq!(err.code(), "INVALID_RESPONSE");
}

#[test]
fn response_wire_form_round_trips() {
    let k = cipher();
    let response = ResetPinResponse {
        response_code: "00".into(),
        message_code: Some("1121".into()),
        client_txn_id: Some("t-1".into()),
        urn: Some("402".into()),
        accosa_transaction_id: Some("991".into()),
        accosa_ref_no: Some("00012345678901234567".into()),
        bank_id: Some("2010".into()),
        ..Default::default()
    };
    let wire = response.to_wire_json().to_compact_string();
    assert_eq!(
        wire,
        r#"{"messageCode":"1121","clientTxnId":"t-1","urn":402,"accosaTransactionId":991,"responseCode":"00","accosaRefNo":"00012345678901234567","bankId":2010}"#
    );
    let token = k.encrypt(&wire).unwrap();
    assert_eq!(
        reset_pin::open_response(&token, &k, Some("t-1")).unwrap(),
        response
    );
}
