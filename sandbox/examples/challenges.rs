//! Per-call time of the 2FA routes and of a Reset PIN that reaches the 2FA check, with 10,000,
//! 60,000 and 100,000 challenges outstanding (README, "Load benchmark"). Not a test: it prints
//! figures.
//!
//! Every 2FA start adds a challenge that the server keeps for an hour, so a busy sandbox holds
//! many; what each call costs as that number grows is what this measures. The sandbox runs
//! in-process (its router called directly, no socket, no request log), its accounts seeded
//! without PIN hashes, on one thread. For each size it starts challenges (spread over the
//! fixture customers) until that many are outstanding, then times `CALLS` calls of each kind:
//!
//! - `2fa/start` (each adds one more challenge);
//! - `2fa/verify` with a wrong code, each on another challenge of the fill;
//! - `resetPIN` of a fixture card whose customer passed no 2FA: answered `9003` after every check
//!   before it (token sealed beforehand, outside the timing).
//!
//! It prints the median and the mean per call, in microseconds.
//!
//! ```sh
//! cargo run --release -p pinseal-sandbox --example challenges
//! ```

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use http_body_util::BodyExt as _;
use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::{BuildOptions, CipherOptions, DateTime, TokenCipher};
use pinseal_sandbox::{Accounts, Sandbox};
use serde_json::{json, Value};
use tower::ServiceExt as _;

/// The repository's fixtures.
const FIXTURES: &str = include_str!("../fixtures.json");
/// Outstanding challenges at which the calls are timed.
const SIZES: [usize; 3] = [10_000, 60_000, 100_000];
/// Timed calls of each kind at each size.
const CALLS: usize = 300;
/// A new PIN that passes the strict policy for every fixture card.
const NEW_PIN: &str = "3917";

/// The fixtures' values a request needs.
struct World {
    router: Router,
    api_key: String,
    cipher: TokenCipher,
    client_id: String,
    secure_code: String,
    bank_id: String,
    /// `(customerId, urn, last4Digits)` of each fixture card.
    cards: Vec<(String, String, String)>,
}

fn text(v: &Value, key: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(format!("fixtures: no {key:?}")),
    }
}

fn world() -> Result<World, String> {
    let fixtures: Value = serde_json::from_str(FIXTURES).map_err(|e| e.to_string())?;
    let cards = fixtures
        .get("cards")
        .and_then(Value::as_array)
        .ok_or("fixtures: no cards")?
        .iter()
        .map(|c| {
            Ok((
                text(c, "customerId")?,
                text(c, "urn")?,
                text(c, "last4Digits")?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let cipher = TokenCipher::from_base64(&text(&fixtures, "key")?, CipherOptions::default())
        .map_err(|e| e.to_string())?;
    Ok(World {
        router: Sandbox::new(FIXTURES, Accounts::Unverifiable)?.router(),
        api_key: text(&fixtures, "apiKey")?,
        cipher,
        client_id: text(&fixtures, "clientId")?,
        secure_code: text(&fixtures, "secureCode")?,
        bank_id: text(&fixtures, "bankId")?,
        cards,
    })
}

/// Sends one JSON POST; the status and the body as JSON (`Null` if it is not JSON).
async fn post(w: &World, path: &str, api_key: bool, body: String) -> Result<(u16, Value), String> {
    let mut request = Request::post(path).header("content-type", "application/json");
    if api_key {
        request = request.header("x-api-key", w.api_key.as_str());
    }
    let request = request.body(Body::from(body)).map_err(|e| e.to_string())?;
    let response = w
        .router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((
        status.as_u16(),
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// Starts a challenge for `customer_id`; its `(challengeId, code)`.
async fn start(w: &World, customer_id: &str) -> Result<(String, String), String> {
    let body = json!({ "customerId": customer_id }).to_string();
    let (status, answer) = post(w, "/api/sandbox/2fa/start", false, body).await?;
    let field = |k: &str| answer.get(k).and_then(Value::as_str).map(str::to_owned);
    match (status, field("challengeId"), field("code")) {
        (200, Some(id), Some(code)) => Ok((id, code)),
        _ => Err(format!("2fa/start answered {status} {answer}")),
    }
}

/// A code of six digits that is not `code`.
fn wrong_code(code: &str) -> String {
    let flipped = if code.starts_with('0') { "1" } else { "0" };
    format!("{flipped}{}", code.get(1..).unwrap_or_default())
}

/// A sealed Reset PIN token for card `i`.
fn token(w: &World, i: usize) -> Result<String, String> {
    let (customer_id, urn, last4) = w.cards.get(i).ok_or("no such card")?;
    let input = ResetPinInput {
        client_id: w.client_id.clone(),
        secure_code: w.secure_code.as_str().into(),
        bank_id: w.bank_id.clone(),
        customer_id: customer_id.clone(),
        last4_digits: last4.clone(),
        urn: urn.clone(),
        new_pin: NEW_PIN.into(),
        ..ResetPinInput::default()
    };
    let options = BuildOptions::new(DateTime::now_local());
    let sealed = reset_pin::seal(&input, &w.cipher, &options).map_err(|e| e.to_string())?;
    Ok(sealed.token)
}

/// Median and mean of `times`, in microseconds.
fn summary(times: &mut [Duration]) -> (f64, f64) {
    times.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let median = times.get(times.len() / 2).copied().map_or(0.0, us);
    let total: Duration = times.iter().sum();
    let n = u32::try_from(times.len().max(1)).unwrap_or(u32::MAX);
    (median, us(total / n))
}

async fn run() -> Result<(), String> {
    let w = world()?;
    let customers = w.cards.len();
    // Challenges of the fill, for the wrong-code calls.
    let mut filled: Vec<(String, String)> = Vec::new();
    let mut outstanding = 0usize;
    println!(
        "{CALLS} calls of each kind per size; per call in µs, median / mean (in-process, one thread)"
    );
    println!(
        "{:>12}  {:>17}  {:>17}  {:>17}  {:>8}",
        "outstanding", "2fa/start", "2fa/verify wrong", "resetPIN 9003", "fill s"
    );
    for size in SIZES {
        let fill = Instant::now();
        while outstanding < size {
            let (customer_id, ..) = w.cards.get(outstanding % customers).ok_or("no card")?;
            filled.push(start(&w, customer_id).await?);
            outstanding += 1;
        }
        let fill = fill.elapsed();

        let mut starts = Vec::with_capacity(CALLS);
        for i in 0..CALLS {
            let (customer_id, ..) = w.cards.get(i % customers).ok_or("no card")?;
            let at = Instant::now();
            start(&w, customer_id).await?;
            starts.push(at.elapsed());
        }
        outstanding += CALLS;

        let mut verifies = Vec::with_capacity(CALLS);
        for (id, code) in filled.iter().rev().take(CALLS) {
            let body = json!({ "challengeId": id, "code": wrong_code(code) }).to_string();
            let at = Instant::now();
            let (status, answer) = post(&w, "/api/sandbox/2fa/verify", false, body).await?;
            verifies.push(at.elapsed());
            if status != 200 || answer.get("verified") != Some(&Value::Bool(false)) {
                return Err(format!("2fa/verify answered {status} {answer}"));
            }
        }

        let tokens = (0..CALLS)
            .map(|i| token(&w, i % customers))
            .collect::<Result<Vec<_>, _>>()?;
        let mut resets = Vec::with_capacity(CALLS);
        for token in tokens {
            let body = json!({ "token": token }).to_string();
            let at = Instant::now();
            let (status, answer) = post(&w, "/api/v1/resetPIN", true, body).await?;
            resets.push(at.elapsed());
            let code = answer
                .get("token")
                .and_then(Value::as_str)
                .and_then(|t| reset_pin::open_response(t, &w.cipher, None).ok())
                .map(|r| r.response_code);
            if status != 200 || code.as_deref() != Some("9003") {
                return Err(format!("resetPIN answered {status}, responseCode {code:?}"));
            }
        }

        let cell = |times: &mut [Duration]| {
            let (median, mean) = summary(times);
            format!("{median:>8.1} / {mean:>6.1}")
        };
        println!(
            "{:>12}  {:>17}  {:>17}  {:>17}  {:>8.1}",
            size,
            cell(&mut starts),
            cell(&mut verifies),
            cell(&mut resets),
            fill.as_secs_f64()
        );
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("challenges: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
