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
use pinseal::json::Json;

use crate::app::{App, Challenge, Shared};
use crate::http::{json_response, member, object, read_json, same_secret, string, ApiError};

/// A challenge lives this long from its start.
pub const CHALLENGE_LIFETIME_MS: i64 = 5 * 60 * 1000;
/// A verification authorises a reset for this long.
pub const AUTHORISATION_MS: i64 = 5 * 60 * 1000;
/// Wrong codes that end a challenge.
pub const MAX_WRONG: u32 = 5;
/// Challenges older than this are forgotten (then `404` instead of `410`).
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

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
fn six_digits() -> Result<String, ApiError> {
    // Rejection sampling: 4_294_000_000 is the largest multiple of 10^6 below 2^32.
    loop {
        let n = random_u32()?;
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
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

fn string_field<'a>(value: &'a Json, key: &str) -> Result<&'a str, ApiError> {
    if value.as_object().is_none() {
        return Err(ApiError::bad_request(
            "INVALID_REQUEST",
            "body expected a JSON object",
        ));
    }
    match member(value, key) {
        Some(Json::String(s)) => Ok(s),
        Some(other) => Err(ApiError::bad_request(
            "INVALID_REQUEST",
            format!("\"{key}\" expected a string, got {}", other.kind()),
        )),
        None => Err(ApiError::bad_request(
            "INVALID_REQUEST",
            format!("\"{key}\" is required"),
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
    let value = read_json(headers, body).await?;
    let customer_id = string_field(&value, "customerId")?;
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
        shared
            .challenges
            .retain(|_, c| now.saturating_sub(c.started_ms) < FORGET_AFTER_MS);
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
        &object(vec![("challengeId", string(id)), ("code", string(code))]),
    ))
}

/// `POST /api/sandbox/2fa/verify`.
pub async fn verify(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    verify_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn verify_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = read_json(headers, body).await?;
    let id = string_field(&value, "challengeId")?;
    let code = string_field(&value, "code")?;
    let now = app.clock.now_ms();
    let verified = {
        let mut shared = app.lock();
        let Some(challenge) = shared.challenges.get_mut(id) else {
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
        if challenge.wrong >= MAX_WRONG {
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
            challenge.verified_ms.get_or_insert(now);
            true
        } else {
            challenge.wrong += 1;
            false
        }
    };
    Ok(json_response(
        StatusCode::OK,
        &object(vec![("verified", Json::Bool(verified))]),
    ))
}

/// The id of an unspent challenge of `customer_id` verified within the last 5 minutes.
pub fn authorisation(shared: &Shared, customer_id: &str, now_ms: i64) -> Option<String> {
    shared
        .challenges
        .iter()
        .filter(|(_, c)| c.customer_id == customer_id && !c.used)
        .filter_map(|(id, c)| {
            let at = c.verified_ms?;
            (now_ms.saturating_sub(at) < AUTHORISATION_MS).then_some((at, id))
        })
        .min()
        .map(|(_, id)| id.clone())
}
