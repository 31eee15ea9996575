//! `POST /api/v1/mbanking`, the `SET_PIN` action (SPEC §6.1): `200` with
//! `{"set_pin_status", "set_pin_status_description"}` for every outcome. Order: field rules
//! (`ERROR`) → account exists (`INVALID_ACCOUNT`) → suspended (`ERROR`) → device → identity
//! (`ERROR`) → current PIN (`INCORRECT_PIN`, counted) → new PIN (`INVALID_NEW_PIN`) → `SUCCESS`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::clock::human;
use crate::core_api::{
    self, FieldCode, SetPinStatus, MAX_DESCRIPTION_CHARS, SET_PIN_ACTION, SET_PIN_FIELDS,
};
use crate::fields::{self, Spelling};
use crate::http::{json_response, read_json, truncate, ApiError};
use crate::pinhash;
use crate::state::App;
use crate::wire::{Field, Members};

/// Incorrect PINs in a row that suspend an account.
pub const MAX_WRONG_PINS: u32 = 3;
/// How long a suspension lasts.
pub const SUSPENSION_MS: i64 = 15 * 60 * 1000;
/// Retries when a concurrent SUCCESS changed the PIN between verification and update.
const MAX_RETRIES: usize = 4;

/// `{"action": "SET_PIN", "payload": {...}}`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Envelope {
    action: Field,
    payload: Field,
}

/// `{"set_pin_status", "set_pin_status_description"}`.
#[derive(Debug, Serialize)]
struct Answer {
    set_pin_status: &'static str,
    set_pin_status_description: String,
}

fn answer(status: SetPinStatus, description: impl AsRef<str>) -> Answer {
    Answer {
        set_pin_status: core_api::status_text(status),
        set_pin_status_description: truncate(description.as_ref(), MAX_DESCRIPTION_CHARS),
    }
}

fn error(description: impl AsRef<str>) -> Answer {
    answer(SetPinStatus::Error, description)
}

fn bad_envelope(message: &str) -> ApiError {
    ApiError::bad_request("INVALID_REQUEST", message.to_owned())
}

/// `POST /api/v1/mbanking`.
pub async fn handle(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    handle_inner(&app, &headers, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn handle_inner(app: &App, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    let usage = "body expected {\"action\": \"SET_PIN\", \"payload\": {...}}";
    // The payload holds PINs: its strings are wiped when it is dropped.
    let envelope: Envelope = read_json(headers, body, usage).await?;
    let payload = payload_of(&envelope, usage)?;
    let result = decide(app, payload).await?;
    Ok(json_response(StatusCode::OK, &result))
}

/// The fields of one request, checked by the core's rules.
struct Checked {
    msisdn: String,
    pin: Zeroizing<String>,
    new_pin: Zeroizing<String>,
    device_identifier_type: String,
    device_identifier: String,
    identity_type: String,
    identity: String,
    /// The new PIN's policy failures (`INVALID_NEW_PIN` once the current PIN is right).
    new_pin_problems: Option<String>,
}

fn payload_of<'a>(envelope: &'a Envelope, usage: &str) -> Result<&'a Members, ApiError> {
    match &envelope.action {
        Field::Text(a) if a.as_str() == SET_PIN_ACTION => {}
        Field::Text(_) => {
            return Err(bad_envelope(
                "unknown \"action\"; this endpoint knows SET_PIN",
            ))
        }
        _ => return Err(bad_envelope(usage)),
    }
    match &envelope.payload {
        Field::Object(payload) => Ok(payload),
        _ => Err(bad_envelope("\"payload\" expected an object")),
    }
}

/// Field rules: `Err` is the `ERROR` answer naming the fields as the partner spells them.
fn check_fields(payload: &Members) -> Result<Checked, Answer> {
    // The core's table of SET_PIN input fields, by their wire names.
    fn wire(name: &str) -> &str {
        SET_PIN_FIELDS
            .iter()
            .find(|s| s.name == name)
            .map_or(name, |s| s.wire.name)
    }
    let mut problems: Vec<String> = Vec::new();
    for (key, _) in &payload.0 {
        if !SET_PIN_FIELDS.iter().any(|s| wire(s.name) == *key) {
            problems.push(format!(
                "\"{}\" is not a SET_PIN payload field",
                truncate(key, 40)
            ));
        }
    }
    for key in ["api_request_id", "identifier_type"] {
        if payload.get(key).is_absent() {
            problems.push(format!("\"{key}\" is required"));
        }
    }
    // Unknown keys are reported above, by their wire names.
    let (values, read_problems) =
        fields::read(payload, SET_PIN_FIELDS, Spelling::Wire, &[], "the payload");
    let read_problems: Vec<_> = read_problems
        .into_iter()
        .filter(|p| p.code != FieldCode::UnknownField)
        .collect();
    let value = |name| values.get(name);
    let rules = core_api::check_set_pin(|name| values.get(name));
    let mut new_pin_rules = Vec::new();
    for p in core_api::fields::merge(read_problems, rules, SET_PIN_FIELDS) {
        if p.field == "newPin" && p.code.as_str().starts_with("PIN_") {
            new_pin_rules.push(format!("{} ({})", p.message, p.code));
        } else {
            problems.push(format!("\"{}\" {}", wire(&p.field), p.message));
        }
    }
    let text = |name| value(name).unwrap_or_default().to_owned();
    let identifier = text("identifier");
    let checked = Checked {
        msisdn: identifier
            .strip_prefix('+')
            .unwrap_or(&identifier)
            .to_owned(),
        pin: Zeroizing::new(text("pin")),
        new_pin: Zeroizing::new(text("newPin")),
        device_identifier_type: text("deviceIdentifierType"),
        device_identifier: text("deviceIdentifier"),
        identity_type: text("identityType"),
        identity: text("identity").trim().to_owned(),
        new_pin_problems: (!new_pin_rules.is_empty())
            .then(|| format!("\"new_pin\" {}", new_pin_rules.join("; "))),
    };
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(error(format!("invalid request: {}", problems.join("; "))))
    }
}

fn suspended(app: &App, until_ms: i64) -> Answer {
    let until = app
        .clock
        .local_at(until_ms)
        .map_or_else(|| "later".to_owned(), |t| human(&t));
    error(format!(
        "account suspended after {MAX_WRONG_PINS} incorrect PINs in a row until {until} (server local time)"
    ))
}

/// Where the account stands before the PIN is checked.
enum Snapshot {
    Answer(Answer),
    Verify { hash: String, version: u64 },
}

fn snapshot(app: &App, c: &Checked) -> Snapshot {
    let now = app.clock.now_ms();
    let mut shared = app.lock();
    let Some(account) = shared.accounts.get_mut(&c.msisdn) else {
        return Snapshot::Answer(answer(
            SetPinStatus::InvalidAccount,
            "no mobile banking account has this identifier",
        ));
    };
    match account.suspended_until_ms {
        Some(until) if now < until => return Snapshot::Answer(suspended(app, until)),
        Some(_) => account.suspended_until_ms = None,
        None => {}
    }
    if account.device_identifier_type != c.device_identifier_type
        || account.device_identifier != c.device_identifier
    {
        return Snapshot::Answer(error(
            "\"device_identifier_type\"/\"device_identifier\" do not match the device registered for this account",
        ));
    }
    if account.identity_type != c.identity_type || account.identity != c.identity {
        return Snapshot::Answer(error(
            "\"identity_type\"/\"identity\" do not match the identity on record for this account",
        ));
    }
    Snapshot::Verify {
        hash: account.pin_hash.clone(),
        version: account.version,
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::internal())
}

async fn decide(app: &App, payload: &Members) -> Result<Answer, ApiError> {
    let c = match check_fields(payload) {
        Ok(c) => c,
        Err(answer) => return Ok(answer),
    };
    for _ in 0..MAX_RETRIES {
        let (hash, version) = match snapshot(app, &c) {
            Snapshot::Answer(a) => return Ok(a),
            Snapshot::Verify { hash, version } => (hash, version),
        };
        let pin = c.pin.clone();
        let right = blocking(move || pinhash::verify_pin(&pin, &hash)).await?;
        if !right {
            let now = app.clock.now_ms();
            let mut shared = app.lock();
            let Some(account) = shared.accounts.get_mut(&c.msisdn) else {
                return Err(ApiError::internal());
            };
            if account.version != version {
                continue; // the PIN changed meanwhile: check against the new one
            }
            if let Some(until) = account.suspended_until_ms.filter(|u| now < *u) {
                return Ok(suspended(app, until));
            }
            account.wrong += 1;
            if account.wrong >= MAX_WRONG_PINS {
                account.wrong = 0;
                let until = now.saturating_add(SUSPENSION_MS);
                account.suspended_until_ms = Some(until);
                let at = app
                    .clock
                    .local_at(until)
                    .map_or_else(|| "later".to_owned(), |t| human(&t));
                return Ok(answer(
                    SetPinStatus::IncorrectPin,
                    format!(
                        "incorrect current PIN, {MAX_WRONG_PINS} in a row: the account is suspended until {at} (server local time)"
                    ),
                ));
            }
            return Ok(answer(
                SetPinStatus::IncorrectPin,
                format!(
                    "incorrect current PIN ({} of {MAX_WRONG_PINS} in a row before a 15-minute suspension)",
                    account.wrong
                ),
            ));
        }
        if let Some(problems) = &c.new_pin_problems {
            return Ok(answer(SetPinStatus::InvalidNewPin, problems));
        }
        let new_pin = c.new_pin.clone();
        let new_hash = blocking(move || pinhash::hash_pin(&new_pin))
            .await?
            .ok_or_else(ApiError::internal)?;
        let now = app.clock.now_ms();
        let mut shared = app.lock();
        let Some(account) = shared.accounts.get_mut(&c.msisdn) else {
            return Err(ApiError::internal());
        };
        if account.version != version {
            continue;
        }
        if let Some(until) = account.suspended_until_ms.filter(|u| now < *u) {
            return Ok(suspended(app, until));
        }
        account.pin_hash = new_hash;
        account.version += 1;
        account.wrong = 0;
        return Ok(answer(SetPinStatus::Success, "the new PIN is set"));
    }
    Ok(error("the account changed during the request; try again"))
}
