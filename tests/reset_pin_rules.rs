//! Reset PIN (SPEC §1.1, §3, §7): every field rule as a table of input tweak -> expected errors,
//! the partner's sample request reproduced byte for byte, sealing and opening responses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::reset_pin::{self, ResetPinInput, ResetPinResponse};
use pinseal::{BuildOptions, CipherOptions, DateTime, PinPolicy, TokenCipher};

const SAMPLE: &str = r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"1212","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#;

/// A valid input, with `newPIN` 5829, and any fields (by their camelCase input names) replaced
/// or made absent (`None`; an absent required field is the empty string).
fn input(changes: &[(&str, Option<&str>)]) -> ResetPinInput {
    let mut i = ResetPinInput {
        client_id: "WibmoClient".into(),
        secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
        bank_id: "2010".into(),
        customer_id: "QVdzHtZsuG".into(),
        last4_digits: "8172".into(),
        urn: "402".into(),
        new_pin: "5829".into(),
        ..Default::default()
    };
    for (key, value) in changes {
        let text = value.unwrap_or_default().to_string();
        let optional = value.map(str::to_string);
        match *key {
            "clientId" => i.client_id = text,
            "secureCode" => i.secure_code = text.into(),
            "clientTxnId" => i.client_txn_id = optional,
            "requestDateTime" => i.request_date_time = optional,
            "bankId" => i.bank_id = text,
            "entityId" => i.entity_id = optional,
            "customerId" => i.customer_id = text,
            "last4Digits" => i.last4_digits = text,
            "urn" => i.urn = text,
            "newPIN" => i.new_pin = text.into(),
            other => panic!("ResetPinInput has no field {other}"),
        }
    }
    i
}

fn errors(input: &ResetPinInput, policy: &PinPolicy) -> Vec<(String, String)> {
    reset_pin::validate(input, policy)
        .errors
        .into_iter()
        .map(|e| (e.field, e.code.as_str().to_string()))
        .collect()
}

fn at(compact: &str) -> BuildOptions {
    BuildOptions::new(DateTime::parse_compact(compact).unwrap())
}

/// An input field, its new value (None: absent), and the expected (field, code) errors.
type Case = (
    &'static str,
    Option<String>,
    &'static [(&'static str, &'static str)],
);

#[test]
fn field_rules_table() {
    let long = |n: usize| Some("x".repeat(n));
    let s = |v: &str| Some(v.to_string());
    let cases: Vec<Case> = vec![
        ("clientId", None, &[("clientId", "REQUIRED")]),
        ("clientId", s(""), &[("clientId", "REQUIRED")]),
        ("clientId", long(15), &[]),
        ("clientId", long(16), &[("clientId", "TOO_LONG")]),
        ("clientId", s(" Wibmo"), &[("clientId", "INVALID_FORMAT")]),
        ("clientId", s("Wibmo "), &[("clientId", "INVALID_FORMAT")]),
        ("clientId", s("Wi\nbmo"), &[("clientId", "INVALID_FORMAT")]),
        ("clientId", s("Wibmö"), &[("clientId", "INVALID_FORMAT")]),
        ("secureCode", None, &[("secureCode", "REQUIRED")]),
        ("secureCode", long(25), &[]),
        ("secureCode", long(26), &[("secureCode", "TOO_LONG")]),
        ("secureCode", s("a\0b"), &[("secureCode", "INVALID_FORMAT")]),
        ("clientTxnId", long(100), &[]),
        ("clientTxnId", long(101), &[("clientTxnId", "TOO_LONG")]),
        ("clientTxnId", s("\t"), &[("clientTxnId", "INVALID_FORMAT")]),
        ("requestDateTime", s("20240229235959"), &[]),
        (
            "requestDateTime",
            s("20230229120000"),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        (
            "requestDateTime",
            s("20221116246000"),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        (
            "requestDateTime",
            s("2022-11-16"),
            &[("requestDateTime", "INVALID_DATETIME")],
        ),
        ("bankId", None, &[("bankId", "REQUIRED")]),
        ("bankId", s("2010"), &[]),
        ("bankId", s("7"), &[]),
        ("bankId", s("-1"), &[("bankId", "NOT_DIGITS")]),
        ("bankId", s("20.5"), &[("bankId", "NOT_DIGITS")]),
        ("bankId", s("+201"), &[("bankId", "NOT_DIGITS")]),
        ("bankId", s("20 1"), &[("bankId", "NOT_DIGITS")]),
        ("bankId", s("12345"), &[("bankId", "TOO_LONG")]),
        ("entityId", s("100"), &[]),
        ("entityId", s(""), &[]),
        ("entityId", s("10000"), &[("entityId", "TOO_LONG")]),
        ("entityId", s("1e2"), &[("entityId", "NOT_DIGITS")]),
        ("customerId", None, &[("customerId", "REQUIRED")]),
        ("customerId", long(20), &[]),
        ("customerId", long(21), &[("customerId", "TOO_LONG")]),
        ("last4Digits", None, &[("last4Digits", "REQUIRED")]),
        ("last4Digits", s("817"), &[("last4Digits", "TOO_SHORT")]),
        ("last4Digits", s("81720"), &[("last4Digits", "TOO_LONG")]),
        ("last4Digits", s("81a2"), &[("last4Digits", "NOT_DIGITS")]),
        ("last4Digits", s("8172"), &[]),
        ("urn", None, &[("urn", "REQUIRED")]),
        ("urn", s("1234567890"), &[]),
        ("urn", s("12345678901"), &[("urn", "TOO_LONG")]),
        ("urn", s("402"), &[]),
        ("urn", s("4o2"), &[("urn", "NOT_DIGITS")]),
        ("newPIN", None, &[("newPIN", "REQUIRED")]),
        ("newPIN", s("582"), &[("newPIN", "PIN_LENGTH")]),
        ("newPIN", s("58291"), &[("newPIN", "PIN_LENGTH")]),
        ("newPIN", s("58a9"), &[("newPIN", "PIN_NOT_DIGITS")]),
        ("newPIN", s("1212"), &[("newPIN", "PIN_COMMON")]),
        (
            "newPIN",
            s("7777"),
            &[("newPIN", "PIN_REPEATED"), ("newPIN", "PIN_COMMON")],
        ),
        ("newPIN", s("7890"), &[("newPIN", "PIN_SEQUENTIAL")]),
        ("newPIN", s("0987"), &[("newPIN", "PIN_SEQUENTIAL")]),
        ("newPIN", s("2580"), &[("newPIN", "PIN_COMMON")]),
        ("newPIN", s("8172"), &[("newPIN", "PIN_MATCHES_CARD")]),
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
fn every_error_is_reported_at_once_in_field_order() {
    let bad = ResetPinInput {
        urn: "x".into(),
        bank_id: "-3".into(),
        client_id: String::new(),
        ..Default::default()
    };
    let got = errors(&bad, &PinPolicy::strict());
    let want = [
        ("clientId", "REQUIRED"),
        ("secureCode", "REQUIRED"),
        ("bankId", "NOT_DIGITS"),
        ("customerId", "REQUIRED"),
        ("last4Digits", "REQUIRED"),
        ("urn", "NOT_DIGITS"),
        ("newPIN", "REQUIRED"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    // The same list through the builder, as one VALIDATION_FAILED.
    let err = reset_pin::build(&bad, &at("20221116122653")).unwrap_err();
    assert_eq!(err.code(), "VALIDATION_FAILED");
    let fields: Vec<(String, String)> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.clone(), e.code.as_str().to_string()))
        .collect();
    assert_eq!(fields, want);
}

#[test]
fn reset_pins_are_always_four_digits_whatever_the_policy_length() {
    let long_policy = PinPolicy::strict().with_length(4, 12).unwrap();
    assert_eq!(
        errors(&input(&[("newPIN", Some("582931"))]), &long_policy),
        [("newPIN".to_string(), "PIN_LENGTH".to_string())]
    );
    assert!(errors(&input(&[]), &long_policy).is_empty());
}

#[test]
fn the_partner_sample_is_reproduced_byte_for_byte() {
    // The sample's PIN 1212 is common: strict refuses it, basic builds it.
    let sample_input = input(&[
        ("newPIN", Some("1212")),
        ("clientTxnId", Some("INq_JM2FOW=SIevkR8tgL")),
        ("requestDateTime", Some("20221116122653")),
    ]);
    // `now` differs from the sample's time: the explicit requestDateTime wins.
    let options = at("20240102030405");
    let strict = reset_pin::build(&sample_input, &options).unwrap_err();
    assert_eq!(strict.code(), "VALIDATION_FAILED");
    assert_eq!(strict.field_errors()[0].code.as_str(), "PIN_COMMON");
    let basic = options.with_policy(PinPolicy::basic());
    let request = reset_pin::build(&sample_input, &basic).unwrap();
    // Byte for byte, so also the same JSON types as the sample: bankId and entityId numbers,
    // urn and every other field strings.
    assert_eq!(request.to_json().expose(), SAMPLE);
    assert_eq!(
        request.to_json_redacted(),
        SAMPLE.replace("\"newPIN\":\"1212\"", "\"newPIN\":\"****\"")
    );
    assert!(!format!("{request:?}").contains("1212"));
}

#[test]
fn defaults_are_filled() {
    let options = at("20240102030405");
    let a = reset_pin::build(&input(&[]), &options).unwrap();
    let b = reset_pin::build(&input(&[]), &options).unwrap();
    assert_eq!(a.entity_id, 100);
    assert_eq!(a.request_date_time, "20240102030405");
    assert!(a.client_txn_id.len() >= 20);
    assert!(a
        .client_txn_id
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    assert_ne!(a.client_txn_id, b.client_txn_id);
    // An explicit requestDateTime wins over `now`.
    let c = reset_pin::build(
        &input(&[("requestDateTime", Some("20221116122653"))]),
        &options,
    )
    .unwrap();
    assert_eq!(c.request_date_time, "20221116122653");
    // With `now` from the local clock (the core reads none of its own).
    let d = reset_pin::build(&input(&[]), &BuildOptions::new(DateTime::now_local())).unwrap();
    let parsed = DateTime::parse_compact(&d.request_date_time).unwrap();
    let drift = parsed.naive_unix_seconds() - DateTime::now_local().naive_unix_seconds();
    assert!(drift.abs() <= 2, "drift {drift}s");
}

#[test]
fn build_options_now_drives_request_date_time() {
    let k = cipher();
    for (now, compact) in [
        (
            DateTime::new(2024, 1, 2, 3, 4, 5).unwrap(),
            "20240102030405",
        ),
        (
            DateTime::new(2024, 2, 29, 0, 0, 0).unwrap(),
            "20240229000000",
        ),
        (
            DateTime::new(1999, 12, 31, 23, 59, 59).unwrap(),
            "19991231235959",
        ),
    ] {
        let options = BuildOptions::new(now);
        assert_eq!(options.now, now);
        let member = format!("\"requestDateTime\":\"{compact}\"");
        let request = reset_pin::build(&input(&[]), &options).unwrap();
        assert_eq!(request.request_date_time, compact);
        assert_eq!(request.to_json().expose().matches(&member).count(), 1);
        // And in the sealed token, exactly.
        let sealed = reset_pin::seal(&input(&[]), &k, &options).unwrap();
        let plain = k.decrypt(&sealed.token).unwrap();
        assert_eq!(plain.expose().matches(&member).count(), 1, "{compact}");
        assert_eq!(sealed.request.request_date_time, compact);
        // The policy switch keeps `now`.
        let basic = options.with_policy(PinPolicy::basic());
        assert_eq!(
            reset_pin::build(&input(&[]), &basic)
                .unwrap()
                .request_date_time,
            compact
        );
    }
}

fn cipher() -> TokenCipher {
    TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default()).unwrap()
}

#[test]
fn seal_masks_the_pin_and_the_token_opens_to_the_request() {
    let k = cipher();
    let input = input(&[("clientTxnId", Some("txn-1"))]);
    let request = reset_pin::build(&input, &at("20221116122653")).unwrap();
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
    assert_eq!(r.urn, Some(402));
    assert_eq!(r.accosa_transaction_id, Some(98765));
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
        r#"{"responseCode":"00","urn":"4o2"}"#,
        r#"{"responseCode":"00","accosaTransactionId":-1}"#,
        r#"{"responseCode":"00","accosaTransactionId":123456789012345678901}"#,
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
fn open_token_reads_numbers_from_numbers_or_digit_strings() {
    let k = cipher();
    let body = r#"{"responseCode":"00","clientTxnId":"txn-9","urn":402,"accosaTransactionId":"123456789012","accosaRefNo":"12345678901234567890"}"#;
    let r = reset_pin::open_token(&response_token(&k, body), &k, Some("txn-9")).unwrap();
    assert_eq!(r.urn, Some(402));
    assert_eq!(r.accosa_transaction_id, Some(123_456_789_012));
    assert_eq!(r.accosa_ref_no.as_deref(), Some("12345678901234567890"));
    // The other way round (urn a digit string, accosaTransactionId a number), and an
    // accosaRefNo number beyond both u64 and f64 precision: still the exact digits.
    let body = r#"{"responseCode":"00","urn":"402","accosaTransactionId":123456789012,"accosaRefNo":98765432109876543219,"bankId":"2010","entityId":100}"#;
    let r = reset_pin::open_token(&response_token(&k, body), &k, None).unwrap();
    assert_eq!(r.urn, Some(402));
    assert_eq!(r.accosa_transaction_id, Some(123_456_789_012));
    assert_eq!(r.accosa_ref_no.as_deref(), Some("98765432109876543219"));
    assert_eq!((r.bank_id, r.entity_id), (Some(2010), Some(100)));
    // The wire form writes the numbers as numbers and accosaRefNo as the digit string.
    assert_eq!(
        r.to_json(),
        r#"{"urn":402,"accosaTransactionId":123456789012,"responseCode":"00","accosaRefNo":"98765432109876543219","bankId":2010,"entityId":100}"#
    );
}

#[test]
fn response_wire_form_round_trips() {
    let k = cipher();
    let response = ResetPinResponse {
        response_code: "00".into(),
        message_code: Some("1121".into()),
        client_txn_id: Some("t-1".into()),
        urn: Some(402),
        accosa_transaction_id: Some(991),
        accosa_ref_no: Some("00012345678901234567".into()),
        bank_id: Some(2010),
        ..Default::default()
    };
    let wire = response.to_json();
    assert_eq!(
        wire,
        r#"{"messageCode":"1121","clientTxnId":"t-1","urn":402,"accosaTransactionId":991,"responseCode":"00","accosaRefNo":"00012345678901234567","bankId":2010}"#
    );
    assert_eq!(
        ResetPinResponse::from_json_text(&wire, &wire).unwrap(),
        response
    );
    let token = k.encrypt(&wire).unwrap();
    assert_eq!(
        reset_pin::open_response(&token, &k, Some("t-1")).unwrap(),
        response
    );
}

/// A VALIDATION_FAILED with several field errors says which fields broke which rules (Rust's
/// `Display`, and so the JavaScript message), never a value.
#[test]
fn validation_failed_names_every_field_and_code_never_a_value() {
    let bad = input(&[("urn", Some("40x2")), ("newPIN", Some("1234"))]);
    let err = reset_pin::build(&bad, &at("20221116122653")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: 3 field errors: \"urn\" NOT_DIGITS, \"newPIN\" PIN_SEQUENTIAL, \"newPIN\" PIN_COMMON"
    );
    for value in ["40x2", "1234"] {
        assert!(!format!("{err} {err:?}").contains(value), "{value} printed");
    }
    // One field error: its own sentence, as before.
    let one =
        reset_pin::build(&input(&[("urn", Some("40x2"))]), &at("20221116122653")).unwrap_err();
    assert!(
        one.to_string().starts_with("invalid input: \"urn\" "),
        "{one}"
    );
}

/// The field table drives validation: a required field given empty is `REQUIRED`, an optional one
/// is absent (its default is filled by the builder), and each limit of the table's rule is the
/// limit the validation applies (the longest value passes, one more character or digit fails).
#[test]
fn the_field_table_is_the_rule_validation_applies() {
    use pinseal::fields::Rule;
    let strict = PinPolicy::strict();
    for spec in &reset_pin::FIELDS {
        let got = errors(&input(&[(spec.name, Some(""))]), &strict);
        if spec.required {
            assert_eq!(got, [(spec.name.to_string(), "REQUIRED".to_string())]);
        } else {
            assert_eq!(got, [], "{} given empty", spec.name);
        }
        let (longest, over) = match spec.rule {
            Rule::Text { max, .. } => ("x".repeat(max.into()), "x".repeat(usize::from(max) + 1)),
            Rule::Digits { max, .. } => ("1".repeat(max.into()), "1".repeat(usize::from(max) + 1)),
            _ => continue,
        };
        let longest = errors(&input(&[(spec.name, Some(&longest))]), &strict);
        // The card's last four digits 1111 are also a PIN rule's context, never a field error.
        assert_eq!(longest, [], "{} at its longest", spec.name);
        let over = errors(&input(&[(spec.name, Some(&over))]), &strict);
        assert_eq!(
            over,
            [(spec.name.to_string(), "TOO_LONG".to_string())],
            "{} one over",
            spec.name
        );
    }
}

/// The request carries each field of the table under its wire name, at its wire place (after
/// `messageCode`), as a number exactly where the table says so.
#[test]
fn the_request_is_written_in_the_tables_wire_order_and_types() {
    let request = reset_pin::build(&input(&[]), &at("20221116122653")).unwrap();
    let json = request.to_json();
    let json = json.expose();
    let mut places: Vec<_> = reset_pin::FIELDS.iter().collect();
    places.sort_by_key(|s| s.wire.at);
    let mut from = json.find("\"messageCode\":").unwrap();
    for spec in places {
        let key = format!("\"{}\":", spec.wire.name);
        let found = json[from..].find(&key).map(|i| i + from);
        let found = found.unwrap_or_else(|| panic!("{} not after its predecessor", spec.name));
        let value = json.as_bytes()[found + key.len()];
        assert_eq!(value != b'"', spec.wire.number, "{}: {json}", spec.name);
        from = found;
    }
}
