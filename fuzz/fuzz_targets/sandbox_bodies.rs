//! The sandbox's request bodies. The input's first byte picks a request, the rest is its body:
//! the body of a POST route (resetPIN, mbanking, 2FA start and verify, the test clock), or for
//! resetPIN the text of the `token` or the plaintext of a token sealed with the sandbox key. (One
//! request per input rather than all seven: seven times the executions for the same CPU.) Each
//! request goes through the server's own router in-process (content type, body reading, the
//! serde wire types, JSON error mapping, field rules, token opening, the handlers' checks).
//! Nothing may panic, and every answer must be one of the documented shapes: 200 with the
//! route's body, or a 4xx from the route's list with `{"error": {"code", "message"}}`; never a
//! 5xx.
//!
//! No input runs Argon2 (about 19 ms a hash, which would cap the run near 50 exec/s): the
//! accounts are seeded `Accounts::Unverifiable` (a SET_PIN request stops at the identity check,
//! one step before the current PIN is verified), and a reset needs a verified 2FA challenge,
//! whose random id and code the fuzzer never sees. Before every input the state requests leave
//! (used `clientTxnId`s, challenges, the test clock) is reset and the clock set to 2026-12-03
//! 12:00:00 local, so the same input always meets the same state and a `requestDateTime` of
//! `20261203120000` passes the time window.
#![no_main]

use std::future::Future;
use std::pin::pin;
use std::sync::LazyLock;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{NaiveDate, NaiveDateTime};
use libfuzzer_sys::fuzz_target;
use pinseal::{CipherOptions, TokenCipher, DECRYPT_FAILED_MESSAGE};
use pinseal_sandbox::{Accounts, Sandbox};
use serde_json::{Map, Value};
use tower::ServiceExt as _;

const FIXTURES: &str = include_str!("../../sandbox/fixtures.json");

struct World {
    sandbox: Sandbox,
    router: Router,
    /// The sandbox key, to seal request tokens and open the answers.
    cipher: TokenCipher,
    api_key: String,
    at: NaiveDateTime,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let fixtures: Value = serde_json::from_str(FIXTURES).expect("fixtures are JSON");
    let text = |key: &str| fixtures[key].as_str().expect("fixtures field").to_owned();
    let sandbox = Sandbox::new(FIXTURES, Accounts::Unverifiable).expect("fixtures load");
    World {
        router: sandbox.router(),
        sandbox,
        cipher: TokenCipher::from_base64(&text("key"), CipherOptions::default()).expect("key"),
        api_key: text("apiKey"),
        at: NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("a real date"),
    }
});

#[derive(Clone, Copy, Debug)]
enum Route {
    Reset,
    Mbanking,
    Start,
    Verify,
    Clock,
}

impl Route {
    fn path(self) -> &'static str {
        match self {
            Route::Reset => "/api/v1/resetPIN",
            Route::Mbanking => "/api/v1/mbanking",
            Route::Start => "/api/sandbox/2fa/start",
            Route::Verify => "/api/sandbox/2fa/verify",
            Route::Clock => "/api/sandbox/clock",
        }
    }

    /// The documented error answers of the route, for bodies sent with the right headers.
    fn allows(self, status: u16, code: &str) -> bool {
        let shape = status == 400 && matches!(code, "INVALID_JSON" | "INVALID_REQUEST");
        shape
            || match self {
                Route::Reset => {
                    status == 400
                        && matches!(
                            code,
                            "MALFORMED_TOKEN" | "TOKEN_TOO_LARGE" | "DECRYPT_FAILED"
                        )
                }
                Route::Start => status == 404 && code == "UNKNOWN_CUSTOMER",
                Route::Verify => status == 404 && code == "UNKNOWN_CHALLENGE",
                Route::Mbanking | Route::Clock => false,
            }
    }
}

/// The object's keys, sorted.
fn keys(object: &Map<String, Value>) -> Vec<&str> {
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

fn string<'a>(object: &'a Map<String, Value>, key: &str) -> &'a str {
    object[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string"))
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// The output of `work`, which must not wait: in-process, with a body already in memory, no
/// handler step waits (only Argon2 on the blocking pool and draining an over-long body would,
/// and neither is reachable), so one poll finishes it. No runtime: its own code per request
/// would double the coverage features libFuzzer sorts through on every execution.
fn ready<T>(work: impl Future<Output = T>) -> T {
    let mut work = pin!(work);
    match work.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("a request waited (it would have reached Argon2 or a timer)"),
    }
}

/// Sends `body` to `route` and checks the answer's status and shape.
fn send(world: &World, route: Route, body: Vec<u8>) {
    let request = Request::post(route.path())
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .header("x-api-key", world.api_key.as_str())
        .body(Body::from(body))
        .expect("request");
    let (status, content_type, bytes) = ready(async {
        let response = world
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let content_type = response.headers().get("content-type").cloned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("answer body");
        (status, content_type, bytes)
    });
    assert!(
        !status.is_server_error(),
        "{route:?}: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        content_type.as_ref().map(|v| v.as_bytes()),
        Some(&b"application/json"[..]),
        "{route:?}: content type"
    );
    let answer: Map<String, Value> = serde_json::from_slice(&bytes).expect("a JSON object");
    if status == StatusCode::OK {
        check_ok(world, route, &answer);
        return;
    }
    assert_eq!(keys(&answer), ["error"], "{route:?}: {status} {answer:?}");
    let error = answer["error"].as_object().expect("error is an object");
    assert_eq!(keys(error), ["code", "message"], "{route:?}: {error:?}");
    let code = string(error, "code");
    assert!(
        route.allows(status.as_u16(), code),
        "{route:?}: {status} {code}"
    );
    if code == "DECRYPT_FAILED" {
        assert_eq!(string(error, "message"), DECRYPT_FAILED_MESSAGE);
    }
}

/// The 200 answer of each route. SET_PIN can only be `INVALID_ACCOUNT` or `ERROR` (the
/// accounts are unverifiable), a reset never `00` (no 2FA), a verification never `true`.
fn check_ok(world: &World, route: Route, answer: &Map<String, Value>) {
    match route {
        Route::Reset => {
            assert_eq!(keys(answer), ["token"]);
            let plain = world
                .cipher
                .decrypt(string(answer, "token"))
                .expect("the answer opens");
            let object: Map<String, Value> =
                serde_json::from_str(plain.expose()).expect("a response object");
            assert_eq!(object["messageCode"], "1121");
            let code = string(&object, "responseCode");
            assert!(
                matches!(
                    code,
                    "1099"
                        | "1262"
                        | "1264"
                        | "1311"
                        | "9001"
                        | "9002"
                        | "9003"
                        | "9004"
                        | "9005"
                        | "9006"
                ),
                "responseCode {code}"
            );
            assert!(object["accosaTransactionId"].is_u64());
            let date = string(&object, "responseDateTime");
            assert!(
                date.len() == 14 && all_digits(date),
                "responseDateTime {date}"
            );
        }
        Route::Mbanking => {
            assert_eq!(
                keys(answer),
                ["set_pin_status", "set_pin_status_description"]
            );
            let status = string(answer, "set_pin_status");
            assert!(
                matches!(status, "INVALID_ACCOUNT" | "ERROR"),
                "status {status}"
            );
            let description = string(answer, "set_pin_status_description");
            assert!(description.chars().count() <= 200, "description too long");
        }
        Route::Start => {
            assert_eq!(keys(answer), ["challengeId", "code"]);
            let id = string(answer, "challengeId");
            assert!(id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
            let code = string(answer, "code");
            assert!(code.len() == 6 && all_digits(code));
        }
        Route::Verify => assert_eq!(
            Value::Object(answer.clone()),
            serde_json::json!({"verified": false})
        ),
        Route::Clock => {
            assert_eq!(keys(answer), ["now", "offsetSeconds"]);
            assert!(answer["offsetSeconds"].is_i64());
            let now = string(answer, "now");
            assert!(now.len() == 14 && all_digits(now), "now {now}");
        }
    }
}

/// The input's first byte picks one of these requests; the rest is the body (or plaintext).
const REQUESTS: u8 = 7;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, data)) = data.split_first() else {
        return;
    };
    let world = &*WORLD;
    world.sandbox.reset(world.at);
    let token_body = |text: &str| {
        let mut body = br#"{"token":"#.to_vec();
        body.extend(serde_json::to_vec(text).expect("a string serializes"));
        body.push(b'}');
        body
    };
    match pick % REQUESTS {
        0 => send(world, Route::Reset, data.to_vec()),
        // The input as the token's text (base64 and length failures) ...
        1 => send(
            world,
            Route::Reset,
            token_body(&String::from_utf8_lossy(data)),
        ),
        // ... and as the plaintext of a token sealed with the sandbox key (all that follows).
        2 => {
            let token = world.cipher.encrypt_bytes(data).expect("sealing works");
            send(world, Route::Reset, token_body(&token));
        }
        3 => send(world, Route::Mbanking, data.to_vec()),
        4 => send(world, Route::Start, data.to_vec()),
        5 => send(world, Route::Verify, data.to_vec()),
        _ => send(world, Route::Clock, data.to_vec()),
    }
});
