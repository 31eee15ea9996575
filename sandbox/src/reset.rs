//! `POST /api/v1/resetPIN` (SPEC §6.1): api key → token → JSON → absent fields → credentials →
//! replay → time window → field rules → card → 2FA → PIN policy → apply. Every business
//! outcome is `200` with an encrypted response token.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::clock::compact;
use crate::core_api::{
    self, FieldCode, OpenError, Problem, DECRYPT_FAILED_MESSAGE, REQUEST_MESSAGE_CODE,
    RESET_FIELDS, RESPONSE_MESSAGE_CODE,
};
use crate::fields::{self, Spelling};
use crate::http::{json_response, read_json, same_secret, ApiError, MAX_DEPTH};
use crate::pinhash;
use crate::state::App;
use crate::wire::{Field, Members};

/// How far `requestDateTime` may be from the server clock, either way.
pub const TIME_WINDOW_SECS: i64 = 5 * 60;
/// Field errors listed in one description at most.
const MAX_LISTED: usize = 5;

/// `{"token": "<base64>"}`, the request body.
#[derive(Default, Deserialize)]
#[serde(default)]
struct TokenBody {
    token: Field,
}

/// `{"token": "<base64>"}`, the answer body.
#[derive(Serialize)]
struct TokenAnswer {
    token: String,
}

/// A digit text as the partner writes a numeric field: a JSON number when it is one
/// (no sign, no leading zero, fits 64 bits), else the text as a string.
#[derive(Serialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

impl NumberOrText {
    fn of(text: &str) -> Self {
        let canonical = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0'));
        match text.parse() {
            Ok(n) if canonical => NumberOrText::Number(n),
            _ => NumberOrText::Text(text.to_owned()),
        }
    }
}

/// The decrypted response object (SPEC §1.1), keys in the partner's order; `urn`,
/// `accosaTransactionId`, `bankId` and `entityId` are JSON numbers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResetPinAnswer {
    message_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_txn_id: Option<String>,
    response_date_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    urn: Option<NumberOrText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<String>,
    accosa_transaction_id: u64,
    response_code: &'static str,
    response_message: &'static str,
    description: String,
    accosa_ref_no: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_id: Option<NumberOrText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<NumberOrText>,
}

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
        other => core_api::meaning(other),
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

fn decrypt_failed() -> ApiError {
    ApiError::bad_request("DECRYPT_FAILED", DECRYPT_FAILED_MESSAGE)
}

/// Opens the token and reads its JSON object: every failure after decryption starts, a
/// non-object included, is the one uniform `DECRYPT_FAILED`.
fn open_request(app: &App, token: &str) -> Result<Members, ApiError> {
    let plain = app.cipher.open(token).map_err(|e| match e {
        OpenError::Malformed { code, message } => ApiError::bad_request(code, message),
        OpenError::DecryptFailed => decrypt_failed(),
    })?;
    if !pinseal::nests_within(&plain, MAX_DEPTH) {
        return Err(decrypt_failed());
    }
    serde_json::from_str::<Members>(&plain).map_err(|_| decrypt_failed())
}

async fn handle_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    check_api_key(app, headers)?;
    let usage = "body expected {\"token\": \"<base64>\"}";
    let envelope: TokenBody = read_json(headers, body, usage).await?;
    let Some(token) = envelope.token.as_str() else {
        return Err(ApiError::bad_request("INVALID_REQUEST", usage));
    };
    // The request holds the PIN: its strings are wiped when it is dropped.
    let request = open_request(app, token)?;
    let outcome = decide(app, &request).await?;
    let token = seal(app, &request, &outcome)?;
    Ok(json_response(StatusCode::OK, &TokenAnswer { token }))
}

fn listed(errors: &[Problem]) -> String {
    let mut parts: Vec<String> = errors
        .iter()
        .take(MAX_LISTED)
        .map(|p| format!("\"{}\" {}", p.field, p.message))
        .collect();
    if errors.len() > MAX_LISTED {
        parts.push(format!("and {} more", errors.len() - MAX_LISTED));
    }
    parts.join("; ")
}

/// The field rules: the sandbox's own (`messageCode`, `clientTxnId`/`requestDateTime`
/// required), then the core's on the input fields. Returns the `newPIN` problems apart
/// (`1099`, checked last) and the validated `newPIN`.
fn field_rules(request: &Members) -> (Vec<Problem>, Vec<Problem>, Option<Zeroizing<String>>) {
    let mut errors: Vec<Problem> = Vec::new();
    let problem = |field: &str, code, message: String| Problem::new(field, code, message);
    match request.get("messageCode") {
        Field::Text(m) if m.as_str() == REQUEST_MESSAGE_CODE => {}
        Field::Missing | Field::Null => {
            errors.push(problem(
                "messageCode",
                FieldCode::Required,
                "is required".into(),
            ));
        }
        _ => errors.push(problem(
            "messageCode",
            FieldCode::InvalidValue,
            format!("expected \"{REQUEST_MESSAGE_CODE}\""),
        )),
    }
    for key in ["clientTxnId", "requestDateTime"] {
        if request.get(key).is_absent() {
            errors.push(problem(key, FieldCode::Required, "is required".into()));
        }
    }
    // The core's table of input fields; messageCode is not one of them: it is checked above.
    let (values, read_problems) = fields::read(
        request,
        RESET_FIELDS,
        Spelling::Input,
        &["messageCode"],
        "ResetPinInput",
    );
    let value = |name| values.get(name);
    let rules = core_api::check_reset(|name| values.get(name));
    let new_pin = value("newPIN").map(|p| Zeroizing::new(p.to_owned()));
    let (pin_errors, other): (Vec<_>, Vec<_>) =
        core_api::fields::merge(read_problems, rules, RESET_FIELDS)
            .into_iter()
            .partition(|p| p.field == "newPIN");
    errors.extend(other);
    (errors, pin_errors, new_pin)
}

async fn decide(app: &App, request: &Members) -> Result<Outcome, ApiError> {
    // The token is open: its clientTxnId is used from now on, whatever the outcome.
    let replayed = match request.get("clientTxnId").as_str() {
        Some(txn) if !txn.is_empty() => !app.lock().used_txn.insert(txn.to_owned()),
        _ => false,
    };

    for (key, code) in [
        ("clientId", "1262"),
        ("bankId", "1264"),
        ("secureCode", "1311"),
    ] {
        if request.get(key).is_absent() {
            return Ok(outcome(
                code,
                format!("\"{key}\" is absent from the request"),
            ));
        }
    }

    let fx = &app.fixtures;
    if request.get("clientId").as_str() != Some(fx.client_id.as_str()) {
        return Ok(outcome("9005", "\"clientId\" is not the sandbox client's"));
    }
    let secure = request.get("secureCode").as_str().unwrap_or_default();
    if !same_secret(secure.as_bytes(), fx.secure_code.as_bytes()) {
        return Ok(outcome(
            "9005",
            "\"secureCode\" is not the sandbox client's",
        ));
    }
    if request.get("bankId").text() != Some(fx.bank_id.to_string().as_str()) {
        return Ok(outcome("9005", "\"bankId\" is not the sandbox client's"));
    }

    if replayed {
        return Ok(outcome(
            "9001",
            "\"clientTxnId\" was already used; every request needs a new one",
        ));
    }

    if let Some(when) = request
        .get("requestDateTime")
        .text()
        .and_then(core_api::parse_compact)
    {
        let now = app.clock.local_now();
        let diff = (when - now).num_seconds();
        if diff.abs() > TIME_WINDOW_SECS {
            let side = if diff > 0 { "after" } else { "before" };
            return Ok(outcome(
                "9002",
                format!(
                    "\"requestDateTime\" is {} seconds {side} the server clock ({}); at most {TIME_WINDOW_SECS} are allowed",
                    diff.abs(),
                    compact(&now)
                ),
            ));
        }
    }

    let (errors, pin_errors, new_pin) = field_rules(request);
    if !errors.is_empty() {
        return Ok(outcome("9006", listed(&errors)));
    }

    let text = |key| request.get(key).text().unwrap_or_default();
    let customer_id = text("customerId");
    let Some(card) = app.find_card(customer_id, text("urn"), text("last4Digits")) else {
        return Ok(outcome(
            "9004",
            "no sandbox card has this customerId, urn and last4Digits",
        ));
    };
    let no_2fa = || {
        outcome(
            "9003",
            "the customer has not passed the sandbox 2FA in the last 5 minutes (or it was already used)",
        )
    };
    if app
        .lock()
        .challenges
        .authorisation(customer_id, app.clock.now_ms())
        .is_none()
    {
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
    let pin = new_pin.unwrap_or_default();
    let hash = tokio::task::spawn_blocking(move || pinhash::hash_pin(&pin))
        .await
        .ok()
        .flatten()
        .ok_or_else(ApiError::internal)?;
    let mut shared = app.lock();
    let Some(id) = shared
        .challenges
        .authorisation(customer_id, app.clock.now_ms())
    else {
        return Ok(no_2fa());
    };
    shared.challenges.spend(&id);
    if let Some(slot) = shared.card_pins.get_mut(card) {
        *slot = Some(hash);
    }
    Ok(outcome("00", "the new PIN is set on the card"))
}

/// Builds and encrypts the response object for `request`.
fn seal(app: &App, request: &Members, o: &Outcome) -> Result<String, ApiError> {
    let n = app.next_number();
    let now = compact(&app.clock.local_now());
    let string = |key| request.get(key).as_str().map(str::to_owned);
    let small_digits = |key| {
        request
            .get(key)
            .text()
            .filter(|t| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .map(NumberOrText::of)
    };
    let answer = ResetPinAnswer {
        message_code: RESPONSE_MESSAGE_CODE,
        client_id: string("clientId"),
        client_txn_id: string("clientTxnId"),
        // 12 digits of date and time, then 6 of the counter: 18 digits.
        accosa_ref_no: format!("{}{:06}", now.get(2..).unwrap_or_default(), n % 1_000_000),
        response_date_time: now,
        urn: request.get("urn").text().map(NumberOrText::of),
        customer_id: string("customerId"),
        accosa_transaction_id: 700_000 + n,
        response_code: o.code,
        response_message: o.message,
        description: o.description.clone(),
        bank_id: small_digits("bankId"),
        entity_id: small_digits("entityId"),
    };
    let text = serde_json::to_string(&answer).map_err(|_| ApiError::internal())?;
    app.cipher.seal(&text).ok_or_else(ApiError::internal)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::NumberOrText;

    #[test]
    fn digit_texts_are_numbers_only_when_json_would_write_them_so() {
        let json = |t: &str| serde_json::to_string(&NumberOrText::of(t)).unwrap();
        assert_eq!(json("402"), "402");
        assert_eq!(json("0"), "0");
        assert_eq!(json("1000000002"), "1000000002");
        assert_eq!(json("0451"), "\"0451\"");
        assert_eq!(json(""), "\"\"");
        assert_eq!(json("4.02"), "\"4.02\"");
        assert_eq!(
            json("99999999999999999999999"),
            "\"99999999999999999999999\""
        );
    }
}
