//! `POST /api/v1/mbanking` (`SET_PIN`): every status, field rules, envelopes and suspension.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::{Server, GOOD_PIN, GOOD_PIN_2};

#[test]
fn set_pin_every_status() {
    let server = Server::start();
    let fx = server.fixtures();
    let pin = fx.account(0, "initialPin");

    // INVALID_ACCOUNT
    let unknown = fx
        .set_pin_payload(0, &pin, GOOD_PIN)
        .replace(&fx.account(0, "msisdn"), "999199999999");
    assert_eq!(server.set_pin(&unknown).0, "INVALID_ACCOUNT");

    // ERROR: device mismatch (id or type), identity mismatch (value or type).
    let other_device = fx
        .set_pin_payload(0, &pin, GOOD_PIN)
        .replace(&fx.account(0, "deviceIdentifier"), "001019999999999");
    let (status, d) = server.set_pin(&other_device);
    assert_eq!(status, "ERROR");
    assert!(d.contains("device"), "{d}");
    let other_identity = fx
        .set_pin_payload(0, &pin, GOOD_PIN)
        .replace(&fx.account(0, "identity"), "SOMEONE-ELSE");
    let (status, d) = server.set_pin(&other_identity);
    assert_eq!(status, "ERROR");
    assert!(d.contains("identity"), "{d}");
    let other_kind = fx
        .set_pin_payload(0, &pin, GOOD_PIN)
        .replace(&fx.account(0, "identityType"), "PASSPORT_NO");
    assert_eq!(server.set_pin(&other_kind).0, "ERROR");

    // INVALID_NEW_PIN: policy failures and new = current (only after the right current PIN).
    for weak in ["1234", "0000", "2580", pin.as_str(), "12345", "12a4"] {
        let (status, d) = server.set_pin(&fx.set_pin_payload(0, &pin, weak));
        assert_eq!(status, "INVALID_NEW_PIN", "{weak}: {d}");
        assert!(d.contains("new_pin"), "{d}");
        assert!(!d.contains(weak), "{weak}: {d}");
    }
    let msisdn = fx.account(0, "msisdn");
    let phone_tail = &msisdn[msisdn.len() - 4..];
    if !["1234", "0000"].contains(&phone_tail) {
        assert_eq!(
            server.set_pin(&fx.set_pin_payload(0, &pin, phone_tail)).0,
            "INVALID_NEW_PIN"
        );
    }

    // INCORRECT_PIN
    let wrong = if pin == "9468" { "9469" } else { "9468" };
    let (status, d) = server.set_pin(&fx.set_pin_payload(0, wrong, GOOD_PIN));
    assert_eq!(status, "INCORRECT_PIN");
    assert!(d.contains("1 of 3"), "{d}");

    // SUCCESS (with a leading + on the MSISDN), which resets the counter.
    let plus = fx
        .set_pin_payload(0, &pin, GOOD_PIN)
        .replace(&format!("\"{msisdn}\""), &format!("\"+{msisdn}\""));
    assert_eq!(server.set_pin(&plus).0, "SUCCESS");
    // The old PIN is no longer right; the new one is.
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(0, &pin, GOOD_PIN_2)).0,
        "INCORRECT_PIN"
    );
    let (status, d) = server.set_pin(&fx.set_pin_payload(0, GOOD_PIN, GOOD_PIN_2));
    assert_eq!(status, "SUCCESS", "{d}");

    // The APP_ID account works too.
    let app_pin = fx.account(1, "initialPin");
    assert_eq!(fx.account(1, "deviceIdentifierType"), "APP_ID");
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(1, &app_pin, GOOD_PIN)).0,
        "SUCCESS"
    );
}
#[test]
fn set_pin_field_rules_give_error_naming_the_partner_field() {
    let server = Server::start();
    let fx = server.fixtures();
    let pin = fx.account(0, "initialPin");
    let good = fx.set_pin_payload(0, &pin, GOOD_PIN);
    let msisdn = fx.account(0, "msisdn");
    let cases: Vec<(String, &str)> = vec![
        (good.replace(&msisdn, "12ab5678"), "\"identifier\""),
        (good.replace(&msisdn, "1234"), "\"identifier\""),
        (
            good.replace("\"MSISDN\"", "\"EMAIL\""),
            "\"identifier_type\"",
        ),
        (
            good.replace("\"IMSI\"", "\"IMEI\""),
            "\"device_identifier_type\"",
        ),
        (
            good.replace("\"NATIONAL_ID\"", "\"SSN\""),
            "\"identity_type\"",
        ),
        (
            good.replace(&format!("\"pin\":\"{pin}\""), "\"pin\":\"12\""),
            "\"pin\"",
        ),
        (
            good.replace(&format!("\"pin\":\"{pin}\""), "\"pin\":null"),
            "\"pin\"",
        ),
        (
            good.replace(&format!("\"new_pin\":\"{GOOD_PIN}\""), "\"new_pin\":\"\""),
            "\"new_pin\"",
        ),
        (
            good.replace(
                &format!("\"new_pin\":\"{GOOD_PIN}\""),
                "\"newPin\":\"3917\"",
            ),
            "\"newPin\"",
        ),
        (
            good.replace("\"api_request_id\":\"req-", "\"apiRequestId\":\"req-"),
            "\"api_request_id\"",
        ),
        (
            good.replace(",\"identity_type\":\"NATIONAL_ID\"", ""),
            "\"identity_type\"",
        ),
        (good.replace("}", ",\"extra\":1}"), "\"extra\""),
        (
            good.replace("\"identity\":\"", "\"identity\":\"\\u0007"),
            "\"identity\"",
        ),
    ];
    for (payload, named) in cases {
        let (status, d) = server.set_pin(&payload);
        assert_eq!(status, "ERROR", "{payload}: {d}");
        assert!(d.contains(named), "{named}: {d}");
        assert!(!d.contains(&pin), "{d}");
    }
    // A value of the wrong JSON type (SPEC §7: INVALID_VALUE), in the library's words.
    let identity = fx.account(0, "identity");
    for (payload, says) in [
        (
            good.replace(&format!("\"identity\":\"{identity}\""), "\"identity\":5"),
            "\"identity\" expected a string, got number",
        ),
        (
            good.replace(
                &format!("\"identifier\":\"{msisdn}\""),
                "\"identifier\":true",
            ),
            "\"identifier\" expected a string of digits or a non-negative integer, got boolean",
        ),
    ] {
        assert_ne!(payload, good);
        let (status, d) = server.set_pin(&payload);
        assert_eq!(status, "ERROR", "{payload}: {d}");
        assert_eq!(d, format!("invalid request: {says}"), "{payload}");
    }
    // None of them changed the account.
    assert_eq!(server.set_pin(&good).0, "SUCCESS");
}
#[test]
fn set_pin_envelope_errors_are_400() {
    let server = Server::start();
    let fx = server.fixtures();
    let payload = fx.set_pin_payload(0, &fx.account(0, "initialPin"), GOOD_PIN);
    let bodies = [
        format!("{{\"action\":\"LOGIN\",\"payload\":{payload}}}"),
        format!("{{\"payload\":{payload}}}"),
        format!("{{\"action\":5,\"payload\":{payload}}}"),
        "{\"action\":\"SET_PIN\"}".to_owned(),
        "{\"action\":\"SET_PIN\",\"payload\":[]}".to_owned(),
        "{\"action\":\"SET_PIN\",\"payload\":\"x\"}".to_owned(),
        "[]".to_owned(),
        "42".to_owned(),
    ];
    for body in bodies {
        server
            .post_json("/api/v1/mbanking", &body)
            .assert_error(400, "INVALID_REQUEST");
    }
    for garbage in ["", "{", "{\"action\":\"SET_PIN\",}", "\u{0}"] {
        server
            .post_json("/api/v1/mbanking", garbage)
            .assert_error(400, "INVALID_JSON");
    }
}
#[test]
fn three_wrong_pins_suspend_for_15_minutes() {
    let server = Server::start();
    let fx = server.fixtures();
    let pin = fx.account(2, "initialPin");
    let wrong = if pin == "9468" { "9469" } else { "9468" };
    for n in 1..=2 {
        let (status, d) = server.set_pin(&fx.set_pin_payload(2, wrong, GOOD_PIN));
        assert_eq!(status, "INCORRECT_PIN");
        assert!(d.contains(&format!("{n} of 3")), "{d}");
    }
    let (status, d) = server.set_pin(&fx.set_pin_payload(2, wrong, GOOD_PIN));
    assert_eq!(status, "INCORRECT_PIN");
    assert!(d.contains("suspended until"), "{d}");
    // Suspended: every request answers ERROR saying until when, the right PIN included.
    for p in [pin.as_str(), wrong] {
        let (status, d) = server.set_pin(&fx.set_pin_payload(2, p, GOOD_PIN));
        assert_eq!(status, "ERROR");
        assert!(d.contains("suspended") && d.contains("until"), "{d}");
    }
    // Suspension is checked before device and identity.
    let other_device = fx
        .set_pin_payload(2, &pin, GOOD_PIN)
        .replace(&fx.account(2, "deviceIdentifier"), "001019999999999");
    assert!(server.set_pin(&other_device).1.contains("suspended"));
    // Other accounts are not affected.
    assert_eq!(
        server
            .set_pin(&fx.set_pin_payload(0, &fx.account(0, "initialPin"), GOOD_PIN))
            .0,
        "SUCCESS"
    );
    // Still suspended after 14 minutes.
    server.advance(14 * 60);
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(2, &pin, GOOD_PIN)).0,
        "ERROR"
    );
    // Over after 15.
    server.advance(61);
    let (status, d) = server.set_pin(&fx.set_pin_payload(2, &pin, GOOD_PIN));
    assert_eq!(status, "SUCCESS", "{d}");
    // SUCCESS reset the counter: two wrong ones don't suspend.
    for n in 1..=2 {
        let (status, d) = server.set_pin(&fx.set_pin_payload(2, wrong, GOOD_PIN_2));
        assert_eq!(status, "INCORRECT_PIN");
        assert!(d.contains(&format!("{n} of 3")), "{d}");
    }
    assert_eq!(
        server
            .set_pin(&fx.set_pin_payload(2, GOOD_PIN, GOOD_PIN_2))
            .0,
        "SUCCESS"
    );
}
#[test]
fn suspension_expires_into_a_fresh_count() {
    let server = Server::start();
    let fx = server.fixtures();
    let pin = fx.account(1, "initialPin");
    let wrong = "9468";
    for _ in 0..3 {
        assert_eq!(
            server.set_pin(&fx.set_pin_payload(1, wrong, GOOD_PIN)).0,
            "INCORRECT_PIN"
        );
    }
    server.advance(15 * 60 + 1);
    // One wrong PIN after the suspension is "1 of 3", not a new suspension.
    let (status, d) = server.set_pin(&fx.set_pin_payload(1, wrong, GOOD_PIN));
    assert_eq!(status, "INCORRECT_PIN");
    assert!(d.contains("1 of 3"), "{d}");
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(1, &pin, GOOD_PIN)).0,
        "SUCCESS"
    );
}
