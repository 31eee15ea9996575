//! `POST /api/v1/resetPIN` (SPEC §6.1): api key → token → JSON → absent fields → credentials →
//! replay → time window → field rules → card → 2FA → PIN policy → apply. Every business
//! outcome is `200` with an encrypted response token.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use pinseal::json::Json;
use pinseal::reset_pin::{self, ResetPinResponse, RESPONSE_MESSAGE_CODE};
use pinseal::{BuildOptions, DateTime, Error, DECRYPT_FAILED_MESSAGE};
use zeroize::{Zeroize, Zeroizing};

use crate::app::App;
use crate::http::{
    json_response, member, nesting_ok, object, read_json, same_secret, string, text_of, ApiError,
};
use crate::{pinhash, twofa};

/// How far `requestDateTime` may be from the server clock, either way.
pub const TIME_WINDOW_SECS: i64 = 5 * 60;
/// Field errors listed in one description at most.
const MAX_LISTED: usize = 5;

/// What the response token says.
struct Outcome {
    code: &'static str,
    message: &'static str,
    description: String,
}

fn outcome(code: &'static str, description: impl Into<String>) -> Outcome {
    let message = match code {
        "9001" => "DUPLICATE CLIENT TXN ID (SANDBOX)",
        "9002" => "REQUEST DATETIME OUT OF WINDOW (SANDBOX)",
        "9003" => "2FA NOT COMPLETED (SANDBOX)",
        "9004" => "CARD NOT FOUND (SANDBOX)",
        "9005" => "INVALID CLIENT CREDENTIALS (SANDBOX)",
        "9006" => "INVALID FIELD (SANDBOX)",
        "00" => "SUCCESS",
        other => reset_pin::meaning(other),
    };
    Outcome {
        code,
        message,
        description: description.into(),
    }
}

/// `POST /api/v1/resetPIN`.
pub async fn handle(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    handle_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn check_api_key(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let unauthorized = |code, message| ApiError::new(StatusCode::UNAUTHORIZED, code, message);
    match headers.get("x-api-key").map(|v| v.as_bytes()) {
        None | Some(b"") => Err(unauthorized(
            "MISSING_API_KEY",
            "x-api-key header is required",
        )),
        Some(key) if same_secret(key, app.fixtures.api_key.as_bytes()) => Ok(()),
        Some(_) => Err(unauthorized(
            "INVALID_API_KEY",
            "x-api-key is not the sandbox's api key",
        )),
    }
}

fn token_error(e: &Error) -> ApiError {
    match e {
        Error::MalformedToken(_) | Error::TokenTooLarge { .. } => {
            ApiError::bad_request(e.code(), e.to_string())
        }
        _ => decrypt_failed(),
    }
}

fn decrypt_failed() -> ApiError {
    ApiError::bad_request("DECRYPT_FAILED", DECRYPT_FAILED_MESSAGE)
}

/// Overwrites every string of `value` before it is dropped (the request holds the PIN).
pub fn wipe(value: &mut Json) {
    match value {
        Json::String(s) | Json::Number(s) => s.zeroize(),
        Json::Array(items) => items.iter_mut().for_each(wipe),
        Json::Object(members) => members.iter_mut().for_each(|(k, v)| {
            k.zeroize();
            wipe(v);
        }),
        _ => {}
    }
}

async fn handle_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    check_api_key(app, headers)?;
    let envelope = read_json(headers, body).await?;
    let token = match member(&envelope, "token") {
        Some(Json::String(t)) => t,
        _ => {
            return Err(ApiError::bad_request(
                "INVALID_REQUEST",
                "body expected {\"token\": \"<base64>\"}",
            ))
        }
    };
    let plain = app.cipher.decrypt(token).map_err(|e| token_error(&e))?;
    // Every failure after decryption is the one uniform DECRYPT_FAILED, a non-object included.
    if !nesting_ok(plain.expose(), 32) {
        return Err(decrypt_failed());
    }
    let mut request = Json::parse(plain.expose()).map_err(|_| decrypt_failed())?;
    drop(plain);
    if request.as_object().is_none() {
        wipe(&mut request);
        return Err(decrypt_failed());
    }
    let result = decide(app, &request).await;
    let sealed = result.and_then(|o| seal(app, &request, &o));
    wipe(&mut request);
    let token = sealed?;
    Ok(json_response(
        StatusCode::OK,
        &object(vec![("token", string(token))]),
    ))
}

fn internal() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "the sandbox could not complete the request",
    )
}

/// A field counts as absent when missing, `null` or `""`.
fn absent(request: &Json, key: &str) -> bool {
    match member(request, key) {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

fn str_of<'a>(request: &'a Json, key: &str) -> Option<&'a str> {
    match member(request, key) {
        Some(Json::String(s)) => Some(s),
        _ => None,
    }
}

fn text_field<'a>(request: &'a Json, key: &str) -> &'a str {
    member(request, key).and_then(text_of).unwrap_or_default()
}

fn listed(errors: &[(String, String)]) -> String {
    let mut parts: Vec<String> = errors
        .iter()
        .take(MAX_LISTED)
        .map(|(field, message)| format!("\"{field}\" {message}"))
        .collect();
    if errors.len() > MAX_LISTED {
        parts.push(format!("and {} more", errors.len() - MAX_LISTED));
    }
    parts.join("; ")
}

async fn decide(app: &App, request: &Json) -> Result<Outcome, ApiError> {
    // The token is open: its clientTxnId is used from now on, whatever the outcome.
    let replayed = match str_of(request, "clientTxnId") {
        Some(txn) if !txn.is_empty() => !app.lock().used_txn.insert(txn.to_owned()),
        _ => false,
    };

    for (key, code) in [
        ("clientId", "1262"),
        ("bankId", "1264"),
        ("secureCode", "1311"),
    ] {
        if absent(request, key) {
            return Ok(outcome(
                code,
                format!("\"{key}\" is absent from the request"),
            ));
        }
    }

    let fx = &app.fixtures;
    if str_of(request, "clientId") != Some(fx.client_id.as_str()) {
        return Ok(outcome("9005", "\"clientId\" is not the sandbox client's"));
    }
    let secure = str_of(request, "secureCode").unwrap_or_default();
    if !same_secret(secure.as_bytes(), fx.secure_code.as_bytes()) {
        return Ok(outcome(
            "9005",
            "\"secureCode\" is not the sandbox client's",
        ));
    }
    if member(request, "bankId").and_then(text_of) != Some(fx.bank_id.to_string().as_str()) {
        return Ok(outcome("9005", "\"bankId\" is not the sandbox client's"));
    }

    if replayed {
        return Ok(outcome(
            "9001",
            "\"clientTxnId\" was already used; every request needs a new one",
        ));
    }

    let when = member(request, "requestDateTime")
        .and_then(text_of)
        .and_then(DateTime::parse_compact);
    if let Some(when) = when {
        let now = app.clock.local_now();
        let diff = when.naive_unix_seconds() - now.naive_unix_seconds();
        if diff.abs() > TIME_WINDOW_SECS {
            let side = if diff > 0 { "after" } else { "before" };
            return Ok(outcome(
                "9002",
                format!(
                    "\"requestDateTime\" is {} seconds {side} the server clock ({now}); at most {TIME_WINDOW_SECS} are allowed",
                    diff.abs()
                ),
            ));
        }
    }

    // Field rules: the core's validator on the input fields (messageCode is not one of them).
    let mut errors: Vec<(String, String)> = Vec::new();
    match member(request, "messageCode") {
        Some(Json::String(m)) if m == reset_pin::REQUEST_MESSAGE_CODE => {}
        None | Some(Json::Null) => errors.push(("messageCode".into(), "is required".into())),
        Some(_) => errors.push((
            "messageCode".into(),
            format!("expected \"{}\"", reset_pin::REQUEST_MESSAGE_CODE),
        )),
    }
    for key in ["clientTxnId", "requestDateTime"] {
        if absent(request, key) {
            errors.push((key.into(), "is required".into()));
        }
    }
    let inputs = Json::Object(
        request
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| k != "messageCode")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    );
    let mut inputs = inputs;
    let report = reset_pin::validate_json(&inputs, &BuildOptions::default());
    wipe(&mut inputs);
    let report = report.map_err(|_| internal())?;
    let (pin_errors, other): (Vec<_>, Vec<_>) =
        report.errors.into_iter().partition(|e| e.field == "newPIN");
    errors.extend(other.into_iter().map(|e| (e.field, e.message)));
    if !errors.is_empty() {
        return Ok(outcome("9006", listed(&errors)));
    }

    let text = |key| text_field(request, key);
    let Some(card) = app.find_card(text("customerId"), text("urn"), text("last4Digits")) else {
        return Ok(outcome(
            "9004",
            "no sandbox card has this customerId, urn and last4Digits",
        ));
    };
    let customer_id = text("customerId");
    let no_2fa = || {
        outcome(
            "9003",
            "the customer has not passed the sandbox 2FA in the last 5 minutes (or it was already used)",
        )
    };
    if twofa::authorisation(&app.lock(), customer_id, app.clock.now_ms()).is_none() {
        return Ok(no_2fa());
    }

    if !pin_errors.is_empty() {
        let codes: Vec<&str> = pin_errors.iter().map(|e| e.code.as_str()).collect();
        let messages: Vec<&str> = pin_errors.iter().map(|e| e.message.as_str()).collect();
        return Ok(outcome(
            "1099",
            format!("\"newPIN\" {} ({})", messages.join("; "), codes.join(", ")),
        ));
    }

    // Apply: hash outside the lock, then spend the 2FA under it (re-checked: a concurrent
    // reset may have spent it meanwhile).
    let pin = Zeroizing::new(str_of(request, "newPIN").unwrap_or_default().to_owned());
    let hash = tokio::task::spawn_blocking(move || pinhash::hash_pin(&pin))
        .await
        .ok()
        .flatten()
        .ok_or_else(internal)?;
    let mut shared = app.lock();
    let Some(id) = twofa::authorisation(&shared, customer_id, app.clock.now_ms()) else {
        return Ok(no_2fa());
    };
    if let Some(challenge) = shared.challenges.get_mut(&id) {
        challenge.used = true;
    }
    if let Some(slot) = shared.card_pins.get_mut(card) {
        *slot = Some(hash);
    }
    Ok(outcome("00", "the new PIN is set on the card"))
}

/// Builds and encrypts the response object for `request`.
fn seal(app: &App, request: &Json, o: &Outcome) -> Result<String, ApiError> {
    let n = app.next_number();
    let now = app.clock.local_now().to_string();
    let small_digits = |key| {
        member(request, key)
            .and_then(text_of)
            .filter(|t| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned)
    };
    let response = ResetPinResponse {
        response_code: o.code.to_owned(),
        message_code: Some(RESPONSE_MESSAGE_CODE.to_owned()),
        client_id: str_of(request, "clientId").map(str::to_owned),
        client_txn_id: str_of(request, "clientTxnId").map(str::to_owned),
        response_date_time: Some(now.clone()),
        urn: member(request, "urn").and_then(text_of).map(str::to_owned),
        customer_id: str_of(request, "customerId").map(str::to_owned),
        accosa_transaction_id: Some((700_000 + n).to_string()),
        response_message: Some(o.message.to_owned()),
        description: Some(o.description.clone()),
        // 12 digits of date and time, then 6 of the counter: 18 digits.
        accosa_ref_no: Some(format!(
            "{}{:06}",
            now.get(2..).unwrap_or_default(),
            n % 1_000_000
        )),
        bank_id: small_digits("bankId"),
        entity_id: small_digits("entityId"),
    };
    app.cipher
        .encrypt_json(&response.to_wire_json())
        .map_err(|_| internal())
}
