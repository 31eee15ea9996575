//! The 2FA step: `POST /api/sandbox/2fa/start` and `/verify`.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::{raw_request, Server, CARD, GOOD_PIN};

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
