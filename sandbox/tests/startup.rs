//! Start-up, `GET /api/sandbox` (the fixtures), the test clock and the command line.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::Value as Json;
use support::{Fixtures, Server, TempDir, GOOD_PIN};

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
    let keys: Vec<&str> = support::keys(&v);
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
        let keys: Vec<&str> = support::keys(c);
        assert_eq!(keys, ["customerId", "urn", "last4Digits"]);
    }
    let Some(Json::Array(accounts)) = v.get("accounts") else {
        panic!()
    };
    assert!((2..=3).contains(&accounts.len()));
    for a in accounts {
        let keys: Vec<&str> = support::keys(a);
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
