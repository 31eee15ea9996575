//! The sandbox's 2FA step for Reset PIN (no `x-api-key`: it is the portal's own step).
//!
//! `start {"customerId"}` → `{"challengeId", "code"}` (a sandbox may show the code);
//! `verify {"challengeId", "code"}` → `{"verified": bool}`. A challenge lives 5 minutes from
//! its start and dies after 5 wrong codes (`410`). Once verified it authorises one successful
//! reset within 5 minutes of the verification.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::challenges::{Challenge, CHALLENGE_LIFETIME_MS, MAX_WRONG_CODES};
use crate::http::{json_response, read_json, same_secret, ApiError};
use crate::state::App;
use crate::wire::Field;

/// `{"customerId"}`.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct StartBody {
    customer_id: Field,
}

/// `{"challengeId", "code"}`, the start answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Started<'a> {
    challenge_id: &'a str,
    code: &'a str,
}

/// `{"challengeId", "code"}`, the verify request.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct VerifyBody {
    challenge_id: Field,
    code: Field,
}

/// `{"verified": bool}`.
#[derive(Serialize)]
struct Verified {
    verified: bool,
}

/// Not a JSON object.
const NOT_OBJECT: &str = "body expected a JSON object";

fn random_u32() -> Result<u32, ApiError> {
    getrandom::u32().map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "RANDOM_UNAVAILABLE",
            "the CSPRNG is unavailable",
        )
    })
}

/// A uniformly drawn 6-digit code.
fn six_digits() -> Result<Zeroizing<String>, ApiError> {
    // Rejection sampling: 4_294_000_000 is the largest multiple of 10^6 below 2^32.
    loop {
        let n = random_u32()?;
        if n < 4_294_000_000 {
            return Ok(Zeroizing::new(format!("{:06}", n % 1_000_000)));
        }
    }
}

/// 128 random bits, hex.
fn challenge_id() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "RANDOM_UNAVAILABLE",
            "the CSPRNG is unavailable",
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn string_field<'a>(value: &'a Field, key: &str) -> Result<&'a str, ApiError> {
    match value {
        Field::Text(s) => Ok(s),
        Field::Missing => Err(ApiError::bad_request(
            "INVALID_REQUEST",
            format!("\"{key}\" is required"),
        )),
        other => Err(ApiError::bad_request(
            "INVALID_REQUEST",
            format!("\"{key}\" expected a string, got {}", other.kind()),
        )),
    }
}

/// `POST /api/sandbox/2fa/start`.
pub async fn start(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    start_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn start_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let body: StartBody = read_json(headers, body, NOT_OBJECT).await?;
    let customer_id = string_field(&body.customer_id, "customerId")?;
    if !app
        .fixtures
        .cards
        .iter()
        .any(|c| c.customer_id == customer_id)
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "UNKNOWN_CUSTOMER",
            "no card of the sandbox has this customerId",
        ));
    }
    let id = challenge_id()?;
    let code = six_digits()?;
    let now = app.clock.now_ms();
    {
        let mut shared = app.lock();
        shared.challenges.forget_old(now);
        shared.challenges.insert(
            id.clone(),
            Challenge {
                customer_id: customer_id.to_owned(),
                code: code.clone(),
                started_ms: now,
                wrong: 0,
                verified_ms: None,
                used: false,
            },
        );
    }
    Ok(json_response(
        StatusCode::OK,
        &Started {
            challenge_id: &id,
            code: &code,
        },
    ))
}

/// `POST /api/sandbox/2fa/verify`.
pub async fn verify(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    verify_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn verify_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let body: VerifyBody = read_json(headers, body, NOT_OBJECT).await?;
    let id = string_field(&body.challenge_id, "challengeId")?;
    let code = string_field(&body.code, "code")?;
    let now = app.clock.now_ms();
    let verified = {
        let mut shared = app.lock();
        let Some(challenge) = shared.challenges.get(id) else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "UNKNOWN_CHALLENGE",
                "no such challenge",
            ));
        };
        let gone = |code: &'static str, message: &str| {
            ApiError::new(StatusCode::GONE, code, message.to_owned())
        };
        if now.saturating_sub(challenge.started_ms) >= CHALLENGE_LIFETIME_MS {
            return Err(gone(
                "CHALLENGE_EXPIRED",
                "the challenge is older than 5 minutes; start a new one",
            ));
        }
        if challenge.wrong >= MAX_WRONG_CODES {
            return Err(gone(
                "CHALLENGE_LOCKED",
                "the challenge ended after 5 wrong codes; start a new one",
            ));
        }
        if challenge.used {
            return Err(gone(
                "CHALLENGE_USED",
                "the challenge already authorised a PIN reset; start a new one",
            ));
        }
        if same_secret(challenge.code.as_bytes(), code.as_bytes()) {
            // A second right answer does not extend the authorisation.
            shared.challenges.verify(id, now);
            true
        } else {
            shared.challenges.wrong_code(id);
            false
        }
    };
    Ok(json_response(StatusCode::OK, &Verified { verified }))
}
