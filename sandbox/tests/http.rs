//! HTTP-level tests of the sandbox server against SPEC §6/§6.1: each test starts the real
//! binary (`--port 0 --test-clock`) and asserts exact statuses, error codes and response codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::Arc;

use pinseal::json::Json;
use pinseal::reset_pin::ResetPinInput;
use pinseal::DECRYPT_FAILED_MESSAGE;
use support::{quote, shift, Fixtures, Server, TempDir};

const CARD: usize = 0;
const GOOD_PIN: &str = "3917";
const GOOD_PIN_2: &str = "6403";

fn raw_request(fx: &Fixtures, card: usize, txn: &str, when: &str, pin: &str) -> String {
    format!(
        "{{\"messageCode\":\"1120\",\"clientId\":{},\"bankId\":{},\"entityId\":100,\"requestDateTime\":\"{when}\",\"clientTxnId\":{},\"secureCode\":{},\"newPIN\":\"{pin}\",\"last4Digits\":{},\"urn\":{},\"customerId\":{}}}",
        quote(&fx.str("clientId")),
        fx.str("bankId"),
        quote(txn),
        quote(&fx.str("secureCode")),
        quote(&fx.card(card, "last4Digits")),
        quote(&fx.card(card, "urn")),
        quote(&fx.card(card, "customerId")),
    )
}

/// A raw request with `edit` applied to its members (remove with `None`, replace or add).
fn edited(server: &Server, fx: &Fixtures, txn: &str, edits: &[(&str, Option<Json>)]) -> String {
    let base = raw_request(fx, CARD, txn, &server.now().to_string(), GOOD_PIN);
    let Json::Object(mut members) = Json::parse(&base).unwrap() else {
        unreachable!()
    };
    for (key, value) in edits {
        let at = members.iter().position(|(k, _)| k == key);
        match (at, value) {
            (Some(i), Some(v)) => members[i].1 = v.clone(),
            (Some(i), None) => {
                members.remove(i);
            }
            (None, Some(v)) => members.push(((*key).to_owned(), v.clone())),
            (None, None) => {}
        }
    }
    Json::Object(members).to_compact_string()
}

fn s(v: &str) -> Option<Json> {
    Some(Json::String(v.into()))
}

// ---------------------------------------------------------------------------------------------
// Start-up, fixtures and CLI
// ---------------------------------------------------------------------------------------------

#[test]
fn banner_names_the_bound_loopback_port() {
    let server = Server::start();
    assert_eq!(
        server.banner,
        format!("listening on http://127.0.0.1:{}", server.port)
    );
    assert_ne!(server.port, 0);
}

#[test]
fn get_sandbox_has_the_fixture_shape() {
    let server = Server::start();
    let r = server.get("/api/sandbox");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    let keys: Vec<&str> = v
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "clientId",
            "secureCode",
            "bankId",
            "entityId",
            "apiKey",
            "key",
            "cards",
            "accounts"
        ]
    );
    assert!(matches!(v.get("bankId"), Some(Json::Number(_))));
    assert!(matches!(v.get("entityId"), Some(Json::Number(_))));
    let fx = Fixtures(v.clone());
    fx.cipher(); // the key is 24 bytes of base64
    let Some(Json::Array(cards)) = v.get("cards") else {
        panic!()
    };
    assert!((2..=3).contains(&cards.len()));
    for c in cards {
        let keys: Vec<&str> = c
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["customerId", "urn", "last4Digits"]);
    }
    let Some(Json::Array(accounts)) = v.get("accounts") else {
        panic!()
    };
    assert!((2..=3).contains(&accounts.len()));
    for a in accounts {
        let keys: Vec<&str> = a
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "msisdn",
                "deviceIdentifierType",
                "deviceIdentifier",
                "identityType",
                "identity",
                "initialPin"
            ]
        );
    }
    assert!(accounts
        .iter()
        .any(|a| a.get("deviceIdentifierType").and_then(Json::as_str) == Some("APP_ID")));
    // Read-only.
    server
        .post_json("/api/sandbox", "{}")
        .assert_error(405, "METHOD_NOT_ALLOWED");
}

#[test]
fn get_sandbox_never_shows_a_pin_set_later() {
    let server = Server::start();
    let fx = server.fixtures();
    let before = server.get("/api/sandbox").text();
    let initial = fx.account(0, "initialPin");
    let (status, _) = server.set_pin(&fx.set_pin_payload(0, &initial, GOOD_PIN));
    assert_eq!(status, "SUCCESS");
    let after = server.get("/api/sandbox").text();
    assert_eq!(before, after);
    assert!(!after.contains(GOOD_PIN));
}

#[test]
fn clock_route_exists_only_with_test_clock() {
    let server = Server::start_with(&[]);
    server
        .post_json("/api/sandbox/clock", "{\"advanceSeconds\":60}")
        .assert_error(404, "NOT_FOUND");
    let server = Server::start();
    let before = server.now();
    let after = server.advance(3600);
    let moved = after.naive_unix_seconds() - before.naive_unix_seconds();
    assert!((3599..=3602).contains(&moved), "{moved}");
    server
        .post_json("/api/sandbox/clock", "{\"advanceSeconds\":\"x\"}")
        .assert_error(400, "INVALID_REQUEST");
}

#[test]
fn cli_help_bad_arguments_and_bad_fixtures() {
    let bin = env!("CARGO_BIN_EXE_pinseal-sandbox");
    let help = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--fixtures"));
    let bad = std::process::Command::new(bin)
        .arg("--nope")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let bad_port = std::process::Command::new(bin)
        .args(["--port", "99999"])
        .output()
        .unwrap();
    assert_eq!(bad_port.status.code(), Some(2));

    let dir = TempDir::new("fixtures");
    let path = dir.0.join("fixtures.json");
    // A 16-byte key is refused at start-up, and the message does not echo it.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures.json"))
        .unwrap()
        .replace(
            "U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz",
            "MDEyMzQ1Njc4OWFiY2RlZg==",
        );
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(bin)
        .args(["--port", "0", "--fixtures", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected 24 bytes, got 16"), "{err}");
    assert!(!err.contains("MDEyMzQ1Njc4OWFiY2RlZg"), "{err}");

    let missing = std::process::Command::new(bin)
        .args(["--port", "0", "--fixtures", "/nonexistent/fixtures.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn custom_fixtures_file_is_used() {
    let dir = TempDir::new("custom");
    let path = dir.0.join("f.json");
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures.json"))
        .unwrap()
        .replace("SandboxClient", "OtherClient");
    std::fs::write(&path, text).unwrap();
    let server = Server::start_with(&["--fixtures", path.to_str().unwrap()]);
    assert_eq!(server.fixtures().str("clientId"), "OtherClient");
}

// ---------------------------------------------------------------------------------------------
// resetPIN: the success path and 2FA
// ---------------------------------------------------------------------------------------------

#[test]
fn reset_success_then_the_same_2fa_cannot_be_reused() {
    let server = Server::start();
    let fx = server.fixtures();
    let challenge = server.pass_2fa(&fx.card(CARD, "customerId"));

    let input = ResetPinInput {
        client_txn_id: Some("txn-success-0001".into()),
        ..fx.reset_input(CARD, GOOD_PIN)
    };
    let r = server.reset(&fx, &input);
    assert_eq!(r.response_code, "00", "{r:?}");
    assert!(r.ok());
    assert_eq!(r.message_code.as_deref(), Some("1121"));
    assert_eq!(r.client_txn_id.as_deref(), Some("txn-success-0001"));
    assert_eq!(r.client_id.as_deref(), Some(fx.str("clientId").as_str()));
    assert_eq!(r.urn.as_deref(), Some(fx.card(CARD, "urn").as_str()));
    assert_eq!(
        r.customer_id.as_deref(),
        Some(fx.card(CARD, "customerId").as_str())
    );
    let when = r.response_date_time.as_deref().unwrap();
    assert!(pinseal::DateTime::parse_compact(when).is_some(), "{when}");
    let txn_no = r.accosa_transaction_id.as_deref().unwrap();
    assert!(!txn_no.is_empty() && txn_no.bytes().all(|b| b.is_ascii_digit()));
    let ref_no = r.accosa_ref_no.as_deref().unwrap();
    assert!((12..=20).contains(&ref_no.len()) && ref_no.bytes().all(|b| b.is_ascii_digit()));
    assert!(!r.response_message.as_deref().unwrap_or_default().is_empty());
    assert!(!r.description.as_deref().unwrap_or_default().is_empty());

    // The same verification does not authorise a second reset.
    let again = server.reset(&fx, &fx.reset_input(CARD, GOOD_PIN_2));
    assert_eq!(again.response_code, "9003", "{again:?}");
    // And the spent challenge cannot be verified again.
    let (id, code) = (challenge, "000000");
    server
        .verify_2fa(&id, code)
        .assert_error(410, "CHALLENGE_USED");

    // A new 2FA authorises the next reset.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN_2))
            .response_code,
        "00"
    );
}

#[test]
fn response_token_has_partner_json_types() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let sealed = pinseal::reset_pin::seal(
        &fx.reset_input(CARD, GOOD_PIN),
        &fx.cipher(),
        &pinseal::BuildOptions {
            now: Some(server.now()),
            ..Default::default()
        },
    )
    .unwrap();
    let r = server.post_token(&fx, &sealed.token);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body = r.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["token"]);
    let token = body.get("token").and_then(Json::as_str).unwrap();
    let v = fx.cipher().decrypt_json(token).unwrap();
    assert_eq!(v.get("messageCode"), Some(&Json::String("1121".into())));
    assert_eq!(v.get("responseCode"), Some(&Json::String("00".into())));
    assert!(matches!(v.get("urn"), Some(Json::Number(_))));
    assert!(matches!(
        v.get("accosaTransactionId"),
        Some(Json::Number(_))
    ));
    assert!(matches!(v.get("accosaRefNo"), Some(Json::String(_))));
    assert!(matches!(v.get("responseDateTime"), Some(Json::String(_))));
    // The response never carries the PIN.
    let plain = fx.cipher().decrypt(token).unwrap();
    assert!(!plain.expose().contains(GOOD_PIN));
}

#[test]
fn refused_reset_does_not_use_up_the_2fa() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    // 1099 for every newPIN problem: common, sequential, the card's last 4, too short/long,
    // not digits.
    let last4 = fx.card(CARD, "last4Digits");
    for bad in [
        "1234",
        "1111",
        "2580",
        last4.as_str(),
        "4826x",
        "48261",
        "482",
        "48a6",
    ] {
        let txn = format!("txn-bad-pin-{bad}");
        let text = raw_request(&fx, CARD, &txn, &server.now().to_string(), bad);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "1099", "{bad}: {r:?}");
        assert_eq!(r.response_message.as_deref(), Some("INVALID PIN"));
        assert!(r.description.as_deref().unwrap().contains("newPIN"));
        assert!(!r.description.as_deref().unwrap().contains(bad), "{bad}");
    }
    // A missing newPIN is a newPIN problem too.
    let r = server.reset_raw(
        &fx,
        &edited(&server, &fx, "txn-no-pin", &[("newPIN", None)]),
    );
    assert_eq!(r.response_code, "1099", "{r:?}");
    // The refused attempts did not spend the verification.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "00"
    );
}

#[test]
fn two_factor_wrong_codes_then_locked() {
    let server = Server::start();
    let fx = server.fixtures();
    let (id, code) = server.start_2fa(&fx.card(CARD, "customerId"));
    assert_eq!(code.len(), 6);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r = server.verify_2fa(&id, wrong);
        assert_eq!(r.status, 200);
        assert_eq!(r.text(), r#"{"verified":false}"#);
    }
    // Dead after 5 wrong codes, even for the right one.
    server
        .verify_2fa(&id, &code)
        .assert_error(410, "CHALLENGE_LOCKED");
    // So the customer has no 2FA.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "9003"
    );
}

#[test]
fn two_factor_right_code_after_some_wrong_ones() {
    let server = Server::start();
    let fx = server.fixtures();
    let (id, code) = server.start_2fa(&fx.card(1, "customerId"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert_eq!(
            server.verify_2fa(&id, wrong).text(),
            r#"{"verified":false}"#
        );
    }
    assert_eq!(server.verify_2fa(&id, &code).text(), r#"{"verified":true}"#);
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(1, GOOD_PIN))
            .response_code,
        "00"
    );
}

#[test]
fn two_factor_challenge_expires_after_5_minutes() {
    let server = Server::start();
    let fx = server.fixtures();
    let (id, code) = server.start_2fa(&fx.card(CARD, "customerId"));
    server.advance(4 * 60);
    let (late_id, late_code) = server.start_2fa(&fx.card(CARD, "customerId"));
    server.advance(61);
    server
        .verify_2fa(&id, &code)
        .assert_error(410, "CHALLENGE_EXPIRED");
    // The second challenge is 61 s old: still alive.
    assert_eq!(
        server.verify_2fa(&late_id, &late_code).text(),
        r#"{"verified":true}"#
    );
}

#[test]
fn two_factor_authorisation_lasts_5_minutes_from_verification() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    server.advance(4 * 60 + 50);
    // Still valid just before 5 minutes; refused resets don't spend it.
    let text = raw_request(&fx, CARD, "txn-weak", &server.now().to_string(), "1234");
    assert_eq!(server.reset_raw(&fx, &text).response_code, "1099");
    server.advance(20);
    let r = server.reset(&fx, &fx.reset_input(CARD, GOOD_PIN));
    assert_eq!(r.response_code, "9003", "{r:?}");
}

#[test]
fn two_factor_is_per_customer() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(0, "customerId"));
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(1, GOOD_PIN))
            .response_code,
        "9003"
    );
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(0, GOOD_PIN))
            .response_code,
        "00"
    );
}

#[test]
fn two_factor_unknown_customer_challenge_and_bad_bodies() {
    let server = Server::start();
    server
        .post_json("/api/sandbox/2fa/start", r#"{"customerId":"NOBODY"}"#)
        .assert_error(404, "UNKNOWN_CUSTOMER");
    server
        .post_json(
            "/api/sandbox/2fa/verify",
            r#"{"challengeId":"0123456789abcdef0123456789abcdef","code":"123456"}"#,
        )
        .assert_error(404, "UNKNOWN_CHALLENGE");
    server
        .post_json("/api/sandbox/2fa/start", "{}")
        .assert_error(400, "INVALID_REQUEST");
    server
        .post_json("/api/sandbox/2fa/start", r#"{"customerId":42}"#)
        .assert_error(400, "INVALID_REQUEST");
    server
        .post_json("/api/sandbox/2fa/start", "[1,2]")
        .assert_error(400, "INVALID_REQUEST");
    server
        .post_json("/api/sandbox/2fa/start", "{nope")
        .assert_error(400, "INVALID_JSON");
    server
        .post_json("/api/sandbox/2fa/verify", r#"{"challengeId":"x"}"#)
        .assert_error(400, "INVALID_REQUEST");
    server
        .request(
            "POST",
            "/api/sandbox/2fa/start",
            &[("Content-Type", "text/plain")],
            b"{}",
        )
        .assert_error(415, "UNSUPPORTED_MEDIA_TYPE");
    server
        .get("/api/sandbox/2fa/start")
        .assert_error(405, "METHOD_NOT_ALLOWED");
    server
        .get("/api/sandbox/2fa/verify")
        .assert_error(405, "METHOD_NOT_ALLOWED");
}

// ---------------------------------------------------------------------------------------------
// resetPIN: HTTP errors (401, 415, 413, 400)
// ---------------------------------------------------------------------------------------------

#[test]
fn api_key_is_checked_before_anything_else() {
    let server = Server::start();
    let fx = server.fixtures();
    let json = [("Content-Type", "application/json")];
    // Missing key: 401 whatever the body (garbage, bad token, wrong type, too large).
    for body in [&b"not json"[..], b"{\"token\":\"!!!\"}", b"{}"] {
        server
            .request("POST", "/api/v1/resetPIN", &json, body)
            .assert_error(401, "MISSING_API_KEY");
    }
    server
        .request(
            "POST",
            "/api/v1/resetPIN",
            &[("Content-Type", "text/plain")],
            b"x",
        )
        .assert_error(401, "MISSING_API_KEY");
    server
        .request("POST", "/api/v1/resetPIN", &[], b"")
        .assert_error(401, "MISSING_API_KEY");
    server
        .request("POST", "/api/v1/resetPIN", &json, &vec![b'x'; 70_000])
        .assert_error(401, "MISSING_API_KEY");
    let empty_key = [("Content-Type", "application/json"), ("x-api-key", "")];
    server
        .request("POST", "/api/v1/resetPIN", &empty_key, b"{}")
        .assert_error(401, "MISSING_API_KEY");
    // Wrong key (also one differing only in case, or a prefix of the right one).
    let key = fx.str("apiKey");
    for wrong in [
        "nope",
        &key.to_uppercase(),
        &key[..key.len() - 1],
        &format!("{key}x"),
    ] {
        let headers = [("Content-Type", "application/json"), ("x-api-key", wrong)];
        let r = server.request("POST", "/api/v1/resetPIN", &headers, b"{\"token\":\"!!!\"}");
        r.assert_error(401, "INVALID_API_KEY");
        assert!(!r.text().contains(&key));
    }
}

#[test]
fn content_type_must_be_json() {
    let server = Server::start();
    let fx = server.fixtures();
    let key = fx.str("apiKey");
    let body = b"{\"token\":\"!!!\"}";
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "json",
    ] {
        server
            .request(
                "POST",
                "/api/v1/resetPIN",
                &[("Content-Type", ct), ("x-api-key", &key)],
                body,
            )
            .assert_error(415, "UNSUPPORTED_MEDIA_TYPE");
        server
            .request("POST", "/api/v1/mbanking", &[("Content-Type", ct)], body)
            .assert_error(415, "UNSUPPORTED_MEDIA_TYPE");
    }
    server
        .request("POST", "/api/v1/resetPIN", &[("x-api-key", &key)], body)
        .assert_error(415, "UNSUPPORTED_MEDIA_TYPE");
    server
        .request("POST", "/api/v1/mbanking", &[], b"{}")
        .assert_error(415, "UNSUPPORTED_MEDIA_TYPE");
    // Parameters and case are fine: the request gets past the content-type check.
    for ct in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/json;charset=UTF-8",
    ] {
        server
            .request(
                "POST",
                "/api/v1/resetPIN",
                &[("Content-Type", ct), ("x-api-key", &key)],
                body,
            )
            .assert_error(400, "MALFORMED_TOKEN");
    }
}

#[test]
fn bodies_over_64_kib_are_413_chunked_or_not() {
    let server = Server::start();
    let fx = server.fixtures();
    let key = fx.str("apiKey");
    let headers = [
        ("Content-Type", "application/json"),
        ("x-api-key", key.as_str()),
    ];
    // A JSON body of exactly 65,536 bytes is read (and refused for its token, not its size).
    let mut exact = format!("{{\"token\":\"{}\"}}", "A".repeat(16));
    exact.push_str(&" ".repeat(65_536 - exact.len()));
    assert_eq!(exact.len(), 65_536);
    let r = server.request("POST", "/api/v1/resetPIN", &headers, exact.as_bytes());
    r.assert_error(400, "MALFORMED_TOKEN");
    // One byte more is 413, with Content-Length...
    let over = format!("{exact} ");
    let r = server.request("POST", "/api/v1/resetPIN", &headers, over.as_bytes());
    r.assert_error(413, "BODY_TOO_LARGE");
    // ...and chunked, in small or large chunks.
    let piece = vec![b' '; 1000];
    let chunks: Vec<&[u8]> = std::iter::repeat_n(&piece[..], 70).collect();
    server
        .request_chunked("POST", "/api/v1/resetPIN", &headers, &chunks)
        .assert_error(413, "BODY_TOO_LARGE");
    let big = vec![b' '; 200_000];
    server
        .request_chunked("POST", "/api/v1/resetPIN", &headers, &[&big])
        .assert_error(413, "BODY_TOO_LARGE");
    // Chunked under the limit is read normally.
    server
        .request_chunked(
            "POST",
            "/api/v1/resetPIN",
            &headers,
            &[b"{\"tok", b"en\":\"!!!\"}"],
        )
        .assert_error(400, "MALFORMED_TOKEN");
    // The other JSON routes too.
    let json = [("Content-Type", "application/json")];
    for path in [
        "/api/v1/mbanking",
        "/api/sandbox/2fa/start",
        "/api/sandbox/2fa/verify",
    ] {
        server
            .request("POST", path, &json, over.as_bytes())
            .assert_error(413, "BODY_TOO_LARGE");
        server
            .request_chunked("POST", path, &json, &chunks)
            .assert_error(413, "BODY_TOO_LARGE");
    }
    // A declared length far over the limit is refused without waiting for the body.
    let r = server.raw(
        b"POST /api/v1/mbanking HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{",
    );
    r.assert_error(413, "BODY_TOO_LARGE");
    assert_eq!(server.get("/api/sandbox").status, 200);
}

#[test]
fn bad_bodies_and_tokens_are_400() {
    let server = Server::start();
    let fx = server.fixtures();
    let key = fx.str("apiKey");
    let headers = [
        ("Content-Type", "application/json"),
        ("x-api-key", key.as_str()),
    ];
    let post = |body: &[u8]| server.request("POST", "/api/v1/resetPIN", &headers, body);
    for garbage in [
        &b""[..],
        b"{",
        b"nope",
        b"{\"token\":}",
        b"\xff\xfe{}",
        b"{\"token\":\"x\"} trailing",
    ] {
        post(garbage).assert_error(400, "INVALID_JSON");
    }
    for shape in [
        &b"[]"[..],
        b"\"token\"",
        b"{}",
        b"{\"token\":5}",
        b"{\"token\":null}",
        b"{\"tok\":\"x\"}",
    ] {
        post(shape).assert_error(400, "INVALID_REQUEST");
    }
    // Tokens that are not base64 or have a bad length: MALFORMED_TOKEN.
    for token in ["!!!", "AAAA", "", "A", &"A".repeat(44)] {
        post(format!("{{\"token\":{}}}", quote(token)).as_bytes())
            .assert_error(400, "MALFORMED_TOKEN");
    }
    // Tokens that decode but don't open: one uniform DECRYPT_FAILED.
    let other =
        pinseal::TokenCipher::from_text("another-24-byte-key-here", Default::default()).unwrap();
    let cipher = fx.cipher();
    let tokens = [
        other
            .encrypt(&raw_request(&fx, CARD, "t1", "20250101000000", GOOD_PIN))
            .unwrap(),
        cipher.encrypt("not json at all").unwrap(),
        cipher.encrypt("[1,2,3]").unwrap(),
        cipher.encrypt("\"a string\"").unwrap(),
        cipher
            .encrypt(&format!("{}{}", "[".repeat(5000), "]".repeat(5000)))
            .unwrap(),
        cipher.encrypt_bytes(b"\xff\xfe\xfd").unwrap(),
    ];
    for token in &tokens {
        let r = post(format!("{{\"token\":{}}}", quote(token)).as_bytes());
        r.assert_error(400, "DECRYPT_FAILED");
        assert_eq!(r.error_message(), DECRYPT_FAILED_MESSAGE);
    }
    // Deeply nested bodies are refused, not a crash.
    let deep = format!("{}{}", "[".repeat(60_000), "]".repeat(5));
    post(deep.as_bytes()).assert_error(400, "INVALID_JSON");
    assert_eq!(server.get("/api/sandbox").status, 200);
}

#[test]
fn unknown_routes_are_404_and_wrong_methods_405() {
    let server = Server::start();
    for path in [
        "/api/v1/unknown",
        "/api/v1/resetPIN/extra",
        "/api",
        "/api/sandbox/2fa",
        "/nope.html",
    ] {
        server.get(path).assert_error(404, "NOT_FOUND");
        server.post_json(path, "{}").assert_error(404, "NOT_FOUND");
    }
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        for path in [
            "/api/v1/resetPIN",
            "/api/v1/mbanking",
            "/api/sandbox/2fa/start",
        ] {
            let r = server.request(method, path, &[], b"");
            r.assert_error(405, "METHOD_NOT_ALLOWED");
        }
    }
    server
        .request("DELETE", "/api/sandbox", &[], b"")
        .assert_error(405, "METHOD_NOT_ALLOWED");
}

// ---------------------------------------------------------------------------------------------
// resetPIN: every response code, in the order of SPEC §6.1
// ---------------------------------------------------------------------------------------------

#[test]
fn absent_fields_give_1262_1264_1311() {
    let server = Server::start();
    let fx = server.fixtures();
    let cases: [(&str, Option<Json>, &str); 7] = [
        ("clientId", None, "1262"),
        ("clientId", s(""), "1262"),
        ("clientId", Some(Json::Null), "1262"),
        ("bankId", None, "1264"),
        ("bankId", s(""), "1264"),
        ("secureCode", None, "1311"),
        ("secureCode", Some(Json::Null), "1311"),
    ];
    for (i, (field, value, code)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-absent-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, code, "{field}: {r:?}");
        assert_eq!(
            r.response_message.as_deref(),
            Some(pinseal::reset_pin::meaning(code))
        );
        assert!(r.description.as_deref().unwrap().contains(field));
        // Echoes what it can.
        assert_eq!(
            r.client_txn_id.as_deref(),
            Some(format!("txn-absent-{i}").as_str())
        );
    }
    // All three absent: clientId is checked first, then bankId, then secureCode.
    let all = edited(
        &server,
        &fx,
        "txn-absent-all",
        &[("clientId", None), ("bankId", None), ("secureCode", None)],
    );
    assert_eq!(server.reset_raw(&fx, &all).response_code, "1262");
    let two = edited(
        &server,
        &fx,
        "txn-absent-two",
        &[("bankId", None), ("secureCode", None)],
    );
    assert_eq!(server.reset_raw(&fx, &two).response_code, "1264");
}

#[test]
fn wrong_credentials_give_9005() {
    let server = Server::start();
    let fx = server.fixtures();
    let cases: [(&str, Option<Json>); 6] = [
        ("clientId", s("OtherClient")),
        ("clientId", Some(Json::Number("5".into()))),
        ("secureCode", s("wrong-secure-code")),
        ("bankId", Some(Json::Number("1234".into()))),
        ("bankId", s("99999")),
        ("bankId", s("x")),
    ];
    for (i, (field, value)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-cred-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9005", "{field}: {r:?}");
        assert!(r.description.as_deref().unwrap().contains(field));
    }
    // bankId as a digit string is the same bank.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let text = edited(
        &server,
        &fx,
        "txn-cred-ok",
        &[("bankId", s(&fx.str("bankId")))],
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "00");
}

#[test]
fn repeated_client_txn_id_gives_9001_whatever_the_first_outcome() {
    let server = Server::start();
    let fx = server.fixtures();
    // First use refused for lack of 2FA; the id is used anyway.
    let input = ResetPinInput {
        client_txn_id: Some("txn-replay-1".into()),
        ..fx.reset_input(CARD, GOOD_PIN)
    };
    assert_eq!(server.reset(&fx, &input).response_code, "9003");
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let r = server.reset(&fx, &input);
    assert_eq!(r.response_code, "9001", "{r:?}");
    assert_eq!(r.client_txn_id.as_deref(), Some("txn-replay-1"));
    // An id first seen in a 1262 answer counts as used too.
    let text = edited(&server, &fx, "txn-replay-2", &[("clientId", None)]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "1262");
    let text = edited(&server, &fx, "txn-replay-2", &[]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9001");
    // Replaying the very same successful token.
    let sealed = pinseal::reset_pin::seal(
        &fx.reset_input(CARD, GOOD_PIN),
        &fx.cipher(),
        &pinseal::BuildOptions {
            now: Some(server.now()),
            ..Default::default()
        },
    )
    .unwrap();
    let cipher = fx.cipher();
    let first = server.post_token(&fx, &sealed.token);
    let first = pinseal::reset_pin::open_response(&first.text(), &cipher, None).unwrap();
    assert_eq!(first.response_code, "00");
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let second = server.post_token(&fx, &sealed.token);
    let second = pinseal::reset_pin::open_response(&second.text(), &cipher, None).unwrap();
    assert_eq!(second.response_code, "9001");
    // Credentials are checked before replay.
    let text = edited(&server, &fx, "txn-replay-2", &[("secureCode", s("nope"))]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9005");
}

#[test]
fn request_time_more_than_5_minutes_off_gives_9002() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let now = server.now();
    for (i, secs) in [-400i64, -330, 330, 3600].into_iter().enumerate() {
        let when = shift(now, secs).to_string();
        let text = raw_request(&fx, CARD, &format!("txn-time-{i}"), &when, GOOD_PIN);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9002", "{secs}: {r:?}");
        assert!(r
            .description
            .as_deref()
            .unwrap()
            .contains("requestDateTime"));
    }
    // Move the server clock 10 minutes ahead: a request stamped with the old time is stale,
    // one stamped with the new server time passes (and the 2FA was not spent).
    server.advance(600);
    let text = raw_request(
        &fx,
        CARD,
        "txn-time-old",
        &shift(now, 10).to_string(),
        GOOD_PIN,
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9002");
    // 10 minutes passed on the server: the 2FA authorisation expired meanwhile.
    let text = raw_request(
        &fx,
        CARD,
        "txn-time-new",
        &server.now().to_string(),
        GOOD_PIN,
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9003");
    // Within the window either way.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let now = server.now();
    for (i, secs) in [-240i64, 240].into_iter().enumerate() {
        let text = raw_request(
            &fx,
            CARD,
            &format!("txn-time-in-{i}"),
            &shift(now, secs).to_string(),
            "1234",
        );
        assert_eq!(server.reset_raw(&fx, &text).response_code, "1099");
    }
    // Time window comes before field rules (bad urn) but after replay.
    let text = edited(
        &server,
        &fx,
        "txn-time-order",
        &[("urn", s("x")), ("requestDateTime", s("20000101000000"))],
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9002");
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9001");
}

#[test]
fn broken_field_rules_give_9006_naming_the_field() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let cases: [(&str, Option<Json>, &str); 10] = [
        ("urn", s("40a"), "urn"),
        ("last4Digits", s("817"), "last4Digits"),
        ("customerId", s(&"C".repeat(21)), "customerId"),
        ("entityId", s("12345"), "entityId"),
        ("requestDateTime", s("2025-01-01 00:00"), "requestDateTime"),
        ("clientTxnId", None, "clientTxnId"),
        ("requestDateTime", None, "requestDateTime"),
        ("messageCode", s("1121"), "messageCode"),
        ("messageCode", None, "messageCode"),
        ("newPin", s(GOOD_PIN), "newPin"),
    ];
    for (i, (field, value, named)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-field-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9006", "{field}: {r:?}");
        let d = r.description.as_deref().unwrap();
        assert!(d.contains(&format!("\"{named}\"")), "{field}: {d}");
    }
    // Field rules come before the card check; the 2FA is still unspent.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "00"
    );
}

#[test]
fn unknown_card_gives_9004() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let other_last4 = if fx.card(CARD, "last4Digits") == "0000" {
        "0001"
    } else {
        "0000"
    };
    let cases: [(&str, Option<Json>); 4] = [
        ("last4Digits", s(other_last4)),
        ("urn", s("999")),
        ("customerId", s("SBX-NOBODY")),
        // Another card's customer with this card's urn/last4.
        ("customerId", s(&fx.card(1, "customerId"))),
    ];
    for (i, (field, value)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-card-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9004", "{field}: {r:?}");
    }
    // urn given as a JSON number still finds the card.
    let urn = Json::Number(fx.card(CARD, "urn"));
    let text = edited(&server, &fx, "txn-card-num", &[("urn", Some(urn))]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "00");
}

#[test]
fn no_2fa_gives_9003_before_the_pin_policy() {
    let server = Server::start();
    let fx = server.fixtures();
    let r = server.reset(&fx, &fx.reset_input(CARD, GOOD_PIN));
    assert_eq!(r.response_code, "9003");
    assert_eq!(
        r.response_message.as_deref(),
        Some("2FA NOT COMPLETED (SANDBOX)")
    );
    // Without 2FA a weak PIN is still 9003 (2FA is checked first)...
    let text = raw_request(&fx, CARD, "txn-weak", &server.now().to_string(), "1234");
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9003");
    // ...and a started but unverified challenge is not 2FA.
    server.start_2fa(&fx.card(CARD, "customerId"));
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "9003"
    );
}

// ---------------------------------------------------------------------------------------------
// mbanking SET_PIN
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Concurrency and robustness
// ---------------------------------------------------------------------------------------------

#[test]
fn concurrent_wrong_pins_suspend_after_exactly_three() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let (server, fx) = (Arc::clone(&server), Arc::clone(&fx));
            std::thread::spawn(move || server.set_pin(&fx.set_pin_payload(0, "9468", GOOD_PIN)).0)
        })
        .collect();
    let statuses: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let incorrect = statuses.iter().filter(|s| *s == "INCORRECT_PIN").count();
    let errors = statuses.iter().filter(|s| *s == "ERROR").count();
    assert_eq!((incorrect, errors), (3, 7), "{statuses:?}");
    let (status, _) =
        server.set_pin(&fx.set_pin_payload(0, &fx.account(0, "initialPin"), GOOD_PIN));
    assert_eq!(status, "ERROR");
}

#[test]
fn concurrent_replays_succeed_exactly_once() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    server.pass_2fa(&fx.card(CARD, "customerId"));
    server.pass_2fa(&fx.card(CARD, "customerId")); // two authorisations available
    let text = raw_request(&fx, CARD, "txn-race", &server.now().to_string(), GOOD_PIN);
    let token = fx.cipher().encrypt(&text).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (server, fx, token) = (Arc::clone(&server), Arc::clone(&fx), token.clone());
            std::thread::spawn(move || {
                let r = server.post_token(&fx, &token);
                pinseal::reset_pin::open_response(&r.text(), &fx.cipher(), Some("txn-race"))
                    .unwrap()
                    .response_code
            })
        })
        .collect();
    let mut codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    assert_eq!(
        codes,
        ["00", "9001", "9001", "9001", "9001", "9001", "9001", "9001"]
    );
}

#[test]
fn concurrent_resets_spend_one_2fa_each() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (server, fx) = (Arc::clone(&server), Arc::clone(&fx));
            std::thread::spawn(move || {
                server
                    .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
                    .response_code
            })
        })
        .collect();
    let mut codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    assert_eq!(codes, ["00", "9003", "9003", "9003", "9003", "9003"]);
}

#[test]
fn garbage_keeps_the_server_serving() {
    let mut server = Server::start();
    let fx = server.fixtures();
    let garbage: [&[u8]; 8] = [
        b"\x00\x01\x02\x03 GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"POST /api/v1/mbanking HTTP/1.1\r\nContent-Length: 5\r\n\r\n{",
        b"POST /api/v1/mbanking HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"POST /api/v1/mbanking HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n",
        b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/sandbox HTTP/9.9\r\n\r\n",
        b"",
    ];
    for bytes in garbage {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        use std::io::{Read, Write};
        let _ = stream.write_all(bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    }
    // JSON-level garbage on every route.
    let key = fx.str("apiKey");
    let headers = [
        ("Content-Type", "application/json"),
        ("x-api-key", key.as_str()),
    ];
    let weird: [&[u8]; 7] = [
        b"{\"token\":\"\\ud800\"}",
        b"{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
        b"{\"action\":\"SET_PIN\",\"payload\":{\"identifier\":{\"a\":[1,2,{}]},\"pin\":1e999}}",
        b"{\"action\":\"SET_PIN\",\"payload\":{\"pin\":12345678901234567890123456789}}",
        b"{\"customerId\":\"\\u0000\"}",
        b"{\"challengeId\":[],\"code\":{}}",
        b"\xef\xbb\xbf{}",
    ];
    for body in weird {
        for path in [
            "/api/v1/resetPIN",
            "/api/v1/mbanking",
            "/api/sandbox/2fa/start",
            "/api/sandbox/2fa/verify",
        ] {
            let r = server.request("POST", path, &headers, body);
            assert!(
                [200, 400, 404].contains(&r.status),
                "{path} {:?}: {} {}",
                String::from_utf8_lossy(body),
                r.status,
                r.text()
            );
        }
    }
    // Tokens holding odd (but decryptable) requests still get an encrypted answer.
    let cipher = fx.cipher();
    for plain in [
        "{}",
        "{\"clientTxnId\":[1]}",
        "{\"messageCode\":\"1120\",\"clientId\":{\"x\":1},\"bankId\":true,\"secureCode\":[]}",
    ] {
        let r = server.post_token(&fx, &cipher.encrypt(plain).unwrap());
        assert_eq!(r.status, 200, "{plain}: {}", r.text());
        pinseal::reset_pin::open_response(&r.text(), &cipher, None).unwrap();
    }
    assert!(server.alive());
    assert_eq!(server.get("/api/sandbox").status, 200);
    let pin = fx.account(0, "initialPin");
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(0, &pin, GOOD_PIN)).0,
        "SUCCESS"
    );
}

// ---------------------------------------------------------------------------------------------
// Static files
// ---------------------------------------------------------------------------------------------

#[test]
fn serves_www_and_pkg_with_content_types_and_no_traversal() {
    let root = TempDir::new("static");
    let www = root.0.join("www");
    let pkg = root.0.join("pkg");
    std::fs::create_dir_all(www.join("img")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {};").unwrap();
    std::fs::write(www.join("style.css"), "body{}").unwrap();
    std::fs::write(www.join("data.json"), "{}").unwrap();
    std::fs::write(www.join("img/logo.png"), b"\x89PNG").unwrap();
    std::fs::write(www.join("img/icon.svg"), "<svg/>").unwrap();
    std::fs::write(www.join(".hidden"), "secret").unwrap();
    std::fs::write(pkg.join("pinseal_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("pinseal.js"), "export default 1;").unwrap();
    std::fs::write(root.0.join("outside.txt"), "outside").unwrap();

    let server = Server::start_with(&[
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        pkg.to_str().unwrap(),
    ]);
    let cases = [
        (
            "/",
            "text/html; charset=utf-8",
            &b"<!doctype html><title>demo</title>"[..],
        ),
        (
            "/index.html",
            "text/html; charset=utf-8",
            b"<!doctype html><title>demo</title>",
        ),
        ("/app.js", "text/javascript; charset=utf-8", b"export {};"),
        ("/style.css", "text/css; charset=utf-8", b"body{}"),
        ("/data.json", "application/json", b"{}"),
        ("/img/logo.png", "image/png", b"\x89PNG"),
        ("/img/icon.svg", "image/svg+xml", b"<svg/>"),
        (
            "/pkg/pinseal_bg.wasm",
            "application/wasm",
            b"\0asm\x01\0\0\0",
        ),
        (
            "/pkg/pinseal.js",
            "text/javascript; charset=utf-8",
            b"export default 1;",
        ),
        (
            "/pkg/pinseal.js?v=1",
            "text/javascript; charset=utf-8",
            b"export default 1;",
        ),
    ];
    for (path, ct, body) in cases {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ct), "{path}");
        assert_eq!(r.body, body, "{path}");
    }
    let head = server.request("HEAD", "/app.js", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for path in [
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/img/../../outside.txt",
        "/pkg/../outside.txt",
        "/pkg/%2E%2E/outside.txt",
        "/pkg/..%2foutside.txt",
        "/img%2f..%2f..%2foutside.txt",
        "/.hidden",
        "/img//logo.png",
        "/pkg/",
        "/missing.js",
        "/%ff",
        "/%",
    ] {
        let r = server.get(path);
        r.assert_error(404, "NOT_FOUND");
        assert!(
            !r.text().contains("outside") && !r.text().contains("secret"),
            "{path}"
        );
    }
    server
        .post_json("/", "{}")
        .assert_error(405, "METHOD_NOT_ALLOWED");
    server
        .post_json("/pkg/pinseal.js", "{}")
        .assert_error(405, "METHOD_NOT_ALLOWED");
}

#[test]
fn default_www_and_pkg_are_the_repository_dirs() {
    // Whatever the repository holds: a file that exists is served, the API is unaffected.
    let server = Server::start();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let index = repo.join("www/index.html");
    let r = server.get("/");
    if index.is_file() {
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, std::fs::read(index).unwrap());
    } else {
        r.assert_error(404, "NOT_FOUND");
    }
}
