//! HTTP-level errors of the JSON routes: 401, 415, 413, 400, 404 and 405.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pinseal::DECRYPT_FAILED_MESSAGE;
use support::{quote, raw_request, Server, CARD, GOOD_PIN};

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
