//! `pinseal check`, `build` and `open-response` on the inputs and answers of SPEC §1.1/§1.2.

mod support;

use support::{file, pinseal, scratch, KEY_B64};

/// A valid Reset PIN input: the SPEC §1.1 sample with a PIN the strict policy takes.
const RESET_INPUT: &str = r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":2010,"customerId":"QVdzHtZsuG","last4Digits":"8172","urn":"402","newPIN":"5829","clientTxnId":"INq_JM2FOW=SIevkR8tgL"}"#;

/// A valid Set PIN input.
const SET_INPUT: &str = r#"{"apiRequestId":"req-0001","identifier":"+999100000001","pin":"5829","newPin":"4826","deviceIdentifierType":"IMSI","deviceIdentifier":"001010000000001","identityType":"NATIONAL_ID","identity":" SBX-NID-0001 "}"#;

#[test]
fn check_reset_pin_valid_is_exit_0() {
    let run = pinseal(&["check", "reset-pin"], RESET_INPUT.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout_text(), "reset-pin input: valid\n");
    let run = pinseal(&["check", "reset-pin", "--json"], RESET_INPUT.as_bytes());
    assert_eq!(run.stdout_text(), "{\"valid\":true,\"errors\":[]}\n");
}

#[test]
fn check_reset_pin_invalid_is_exit_1_with_field_codes() {
    let input = r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":"20x0","customerId":7,"last4Digits":"8172","urn":"402","newPIN":"8172","newPin":"1"}"#;
    let run = pinseal(&["check", "reset-pin"], input.as_bytes());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout_text(),
        "reset-pin input: invalid, 4 field errors
bankId: NOT_DIGITS: must contain only the digits 0-9
customerId: INVALID_VALUE: expected a string, got number
newPIN: PIN_MATCHES_CARD: must not equal the card's last 4 digits
newPin: UNKNOWN_FIELD: is not a field of ResetPinInput; did you mean \"newPIN\"?
"
    );
    let run = pinseal(&["check", "reset-pin", "--json"], br#"{"newPIN":"1234"}"#);
    assert_eq!(run.status, 1);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let codes: Vec<String> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["field"].as_str().unwrap(),
                e["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(report["valid"], false);
    assert_eq!(
        codes,
        [
            "clientId REQUIRED",
            "secureCode REQUIRED",
            "bankId REQUIRED",
            "customerId REQUIRED",
            "last4Digits REQUIRED",
            "urn REQUIRED",
            "newPIN PIN_SEQUENTIAL",
            "newPIN PIN_COMMON"
        ]
    );
    // No message names the PIN.
    assert!(!run.stdout_text().contains("1234"));
}

#[test]
fn check_set_pin_follows_the_policy_options() {
    let run = pinseal(&["check", "set-pin"], SET_INPUT.as_bytes());
    assert_eq!(
        (run.status, run.stdout_text().as_str()),
        (0, "set-pin input: valid\n")
    );
    let six = SET_INPUT.replace("\"4826\"", "\"482613\"");
    let run = pinseal(&["check", "set-pin"], six.as_bytes());
    assert_eq!(run.status, 1);
    assert!(run.stdout_text().contains("newPin: PIN_LENGTH: "));
    let run = pinseal(&["check", "set-pin", "--pin-length", "4-6"], six.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stdout_text());
}

#[test]
fn check_refuses_what_is_not_an_input_object() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"[1]",
            "error: INVALID_INPUT: \"input\" expected an object, got array\n",
        ),
        (
            b"{\"newPIN\":\"5829\"",
            "error: INVALID_INPUT: \"input\" is not JSON: it ends too early at line 1, column 16\n",
        ),
        (
            b"{\"newPIN\":58x}",
            "error: INVALID_INPUT: \"input\" is not JSON: syntax error at line 1, column 13\n",
        ),
    ];
    for (stdin, want) in cases {
        let run = pinseal(&["check", "reset-pin"], stdin);
        assert_eq!((run.status, run.stderr.as_str()), (1, want));
    }
}

#[test]
fn build_reset_pin_masks_new_pin_unless_show_pin() {
    let wire = |pin: &str| {
        format!(
            "{{\"messageCode\":\"1120\",\"clientId\":\"WibmoClient\",\"bankId\":2010,\"entityId\":100,\"requestDateTime\":\"20221116122653\",\"clientTxnId\":\"INq_JM2FOW=SIevkR8tgL\",\"secureCode\":\"AfZtpO5krtySIhXyNmGg1G\",\"newPIN\":\"{pin}\",\"last4Digits\":\"8172\",\"urn\":\"402\",\"customerId\":\"QVdzHtZsuG\"}}\n"
        )
    };
    let args = ["build", "reset-pin", "--now", "20221116122653"];
    let masked = pinseal(&args, RESET_INPUT.as_bytes());
    assert_eq!(masked.status, 0, "{}", masked.stderr);
    assert_eq!(masked.stdout_text(), wire("****"));
    let shown = pinseal(
        &[&args[..], &["--show-pin"]].concat(),
        RESET_INPUT.as_bytes(),
    );
    assert_eq!(shown.status, 0, "{}", shown.stderr);
    assert_eq!(shown.stdout_text(), wire("5829"));
}

#[test]
fn build_reset_pin_with_a_key_prints_the_sealed_body() {
    let key = file(&scratch("build-sealed"), "key", KEY_B64.as_bytes());
    let args = ["build", "reset-pin", "--now", "20221116122653"];
    let shown = pinseal(
        &[&args[..], &["--show-pin"]].concat(),
        RESET_INPUT.as_bytes(),
    );
    let body = pinseal(
        &[&args[..], &["--key-file", &key]].concat(),
        RESET_INPUT.as_bytes(),
    );
    assert_eq!(body.status, 0, "{}", body.stderr);
    let body = body.stdout_text();
    let token = body
        .strip_prefix("{\"token\":\"")
        .and_then(|rest| rest.strip_suffix("\"}\n"))
        .unwrap_or_else(|| panic!("not a token body: {body:?}"));
    let opened = pinseal(&["open", "--key-file", &key], token.as_bytes());
    assert_eq!(opened.status, 0, "{}", opened.stderr);
    // The token holds the request itself, without build's final line break.
    assert_eq!(format!("{}\n", opened.stdout_text()), shown.stdout_text());
}

#[test]
fn build_reset_pin_refuses_invalid_input() {
    let input = RESET_INPUT.replace("\"5829\"", "\"1234\"");
    let run = pinseal(&["build", "reset-pin"], input.as_bytes());
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        "error: VALIDATION_FAILED: invalid input: 2 field errors: \"newPIN\" PIN_SEQUENTIAL, \"newPIN\" PIN_COMMON\n"
    );
    let input = RESET_INPUT.replace("newPIN", "new_pin");
    let run = pinseal(&["build", "reset-pin"], input.as_bytes());
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: VALIDATION_FAILED: invalid input: 2 field errors: \"newPIN\" REQUIRED, \"new_pin\" UNKNOWN_FIELD\n"
    );
}

#[test]
fn build_set_pin_masks_both_pins_unless_show_pin() {
    let wire = |pin: &str, new_pin: &str| {
        format!(
            "{{\"action\":\"SET_PIN\",\"payload\":{{\"api_request_id\":\"req-0001\",\"identifier_type\":\"MSISDN\",\"identifier\":\"999100000001\",\"pin\":\"{pin}\",\"device_identifier_type\":\"IMSI\",\"device_identifier\":\"001010000000001\",\"new_pin\":\"{new_pin}\",\"identity_type\":\"NATIONAL_ID\",\"identity\":\"SBX-NID-0001\"}}}}\n"
        )
    };
    let masked = pinseal(&["build", "set-pin"], SET_INPUT.as_bytes());
    assert_eq!(masked.status, 0, "{}", masked.stderr);
    assert_eq!(masked.stdout_text(), wire("****", "****"));
    let shown = pinseal(&["build", "set-pin", "--show-pin"], SET_INPUT.as_bytes());
    assert_eq!(shown.stdout_text(), wire("5829", "4826"));
}

/// A Reset PIN response with the fields of SPEC §1.1.
fn response(code: &str, extra: &str) -> String {
    format!(
        r#"{{"messageCode":"1121","clientId":"WibmoClient","clientTxnId":"INq_JM2FOW=SIevkR8tgL","responseDateTime":"20221116122700","urn":402,"customerId":"QVdzHtZsuG","accosaTransactionId":7001,"responseCode":"{code}"{extra},"accosaRefNo":12345678901234567890}}"#
    )
}

#[test]
fn open_response_reset_pin_success_and_error() {
    let key = file(&scratch("open-response"), "key", KEY_B64.as_bytes());
    let seal = |plain: &str| {
        let run = pinseal(&["seal", "--key-file", &key], plain.as_bytes());
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stdout_text().trim().to_owned()
    };
    let open = ["open-response", "reset-pin", "--key-file", &key];

    let body = format!("{{\"token\":\"{}\"}}", seal(&response("00", "")));
    let run = pinseal(
        &[&open[..], &["--expect-txn", "INq_JM2FOW=SIevkR8tgL"]].concat(),
        body.as_bytes(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout_text(),
        "{\"ok\":true,\"meaning\":\"success\",\"messageCode\":\"1121\",\"clientId\":\"WibmoClient\",\"clientTxnId\":\"INq_JM2FOW=SIevkR8tgL\",\"responseDateTime\":\"20221116122700\",\"urn\":402,\"customerId\":\"QVdzHtZsuG\",\"accosaTransactionId\":7001,\"responseCode\":\"00\",\"accosaRefNo\":\"12345678901234567890\"}\n"
    );

    // The bare token works too; a partner error code is exit status 5.
    let token = seal(&response("1099", r#","responseMessage":"INVALID PIN""#));
    let run = pinseal(&open, token.as_bytes());
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert_eq!(
        run.stdout_text(),
        "{\"ok\":false,\"meaning\":\"INVALID PIN\",\"messageCode\":\"1121\",\"clientId\":\"WibmoClient\",\"clientTxnId\":\"INq_JM2FOW=SIevkR8tgL\",\"responseDateTime\":\"20221116122700\",\"urn\":402,\"customerId\":\"QVdzHtZsuG\",\"accosaTransactionId\":7001,\"responseCode\":\"1099\",\"responseMessage\":\"INVALID PIN\",\"accosaRefNo\":\"12345678901234567890\"}\n"
    );

    let run = pinseal(
        &[&open[..], &["--expect-txn", "another"]].concat(),
        token.as_bytes(),
    );
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (
            4,
            "error: TXN_MISMATCH: \"clientTxnId\" of the response does not echo the request's\n"
        )
    );
    let run = pinseal(&open, seal("{\"responseMessage\":\"x\"}").as_bytes());
    assert_eq!(
        (run.status, run.stderr.as_str()),
        (
            4,
            "error: INVALID_RESPONSE: invalid response: \"responseCode\" is missing\n"
        )
    );
}

#[test]
fn open_response_set_pin_statuses() {
    let run = pinseal(
        &["open-response", "set-pin"],
        br#"{"set_pin_status":"SUCCESS","set_pin_status_description":"PIN set"}"#,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout_text(),
        "{\"ok\":true,\"status\":\"SUCCESS\",\"description\":\"PIN set\"}\n"
    );
    let run = pinseal(
        &["open-response", "set-pin"],
        br#"{"set_pin_status":"INCORRECT_PIN"}"#,
    );
    assert_eq!(run.status, 5);
    assert_eq!(
        run.stdout_text(),
        "{\"ok\":false,\"status\":\"INCORRECT_PIN\",\"description\":\"\"}\n"
    );
    let run = pinseal(
        &["open-response", "set-pin"],
        br#"{"set_pin_status":"MAYBE"}"#,
    );
    assert_eq!(run.status, 4);
    assert!(
        run.stderr.starts_with("error: INVALID_RESPONSE: "),
        "{}",
        run.stderr
    );
}
