//! Requests of the workload: their labels, bodies, and the checks of their answers.

use std::time::Instant;

use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::{BuildOptions, DateTime};
use serde_json::{json, Value};

use crate::client::{post, post_json, quote, Answer, Conn};
use crate::fixtures::{Account, Card, Sandbox};

// Labels of the non-PIN workload (phases A and B), in table order.
pub const L_INFO: &str = "GET /api/sandbox";
pub const L_2FA_START: &str = "POST /api/sandbox/2fa/start";
pub const L_2FA_WRONG: &str = "POST /api/sandbox/2fa/verify (wrong code)";
pub const L_INDEX: &str = "GET / (index.html)";
pub const L_APP_JS: &str = "GET /app.js";
pub const L_BAD_MBANKING: &str = "POST /api/v1/mbanking malformed JSON → 400";
pub const L_BAD_2FA: &str = "POST /api/sandbox/2fa/start malformed → 400";
pub const L_415_2FA: &str = "POST /api/sandbox/2fa/start text/plain → 415";
pub const L_415_MBANKING: &str = "POST /api/v1/mbanking text/plain → 415";
pub const L_413_DECLARED: &str = "POST /api/v1/mbanking 65,537 B → 413";
pub const L_413_CHUNKED: &str = "POST /api/sandbox/2fa/start chunked 80 KB → 413";
pub const NON_PIN_LABELS: [&str; 11] = [
    L_INFO,
    L_2FA_START,
    L_2FA_WRONG,
    L_INDEX,
    L_APP_JS,
    L_BAD_MBANKING,
    L_BAD_2FA,
    L_415_2FA,
    L_415_MBANKING,
    L_413_DECLARED,
    L_413_CHUNKED,
];

// Labels of the PIN workload (the B phases).
pub const L_SET_OK: &str = "SET_PIN right PIN → SUCCESS";
pub const L_SET_WRONG: &str = "SET_PIN wrong PIN → INCORRECT_PIN 1 of 3";
pub const L_SET_WEAK: &str = "SET_PIN weak new PIN → INVALID_NEW_PIN";
pub const L_SET_RACE: &str = "SET_PIN lockout race (16 copies)";
pub const L_SET_LOCKED: &str = "SET_PIN right PIN once locked → ERROR (after B)";
const L_FLOW_START: &str = "2fa/start (reset flow)";
const L_FLOW_VERIFY: &str = "2fa/verify right code (reset flow)";
pub const L_RESET_OK: &str = "resetPIN after 2FA → 00";
pub const L_RESET_NO_2FA: &str = "resetPIN without 2FA → 9003";
pub const L_RESET_RACE: &str = "resetPIN replay race (16 copies)";
pub const PIN_LABELS: [&str; 10] = [
    L_SET_OK,
    L_SET_WRONG,
    L_SET_WEAK,
    L_SET_RACE,
    L_SET_LOCKED,
    L_FLOW_START,
    L_FLOW_VERIFY,
    L_RESET_OK,
    L_RESET_NO_2FA,
    L_RESET_RACE,
];

/// One timed request.
#[derive(Clone, Copy)]
pub struct Sample {
    pub label: &'static str,
    pub micros: u64,
    /// `0` when no answer came (a transport error).
    pub status: u16,
    pub as_expected: bool,
}

/// What a client records.
#[derive(Default)]
pub struct Record {
    pub samples: Vec<Sample>,
    /// A few unexpected answers, for the report.
    pub notes: Vec<String>,
    /// `(locked account index, set_pin_status)` of the lockout races.
    pub locks: Vec<(usize, String)>,
    /// `(token index, responseCode)` of the replay races.
    pub replays: Vec<(usize, String)>,
    pub reconnects: usize,
    pub finished: Option<Instant>,
}

impl Record {
    /// Sends `request`, times it, checks it with `check` (which may also read the answer).
    pub fn timed<T>(
        &mut self,
        conn: &mut Conn,
        label: &'static str,
        request: &[u8],
        check: impl FnOnce(&Answer) -> Result<T, String>,
    ) -> Option<T> {
        let t = Instant::now();
        let sent = conn.send(request);
        let micros = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        let (status, outcome) = match &sent {
            Ok(answer) => (answer.status, check(answer)),
            Err(e) => (0, Err(format!("no answer: {e}"))),
        };
        self.samples.push(Sample {
            label,
            micros,
            status,
            as_expected: outcome.is_ok(),
        });
        match outcome {
            Ok(value) => Some(value),
            Err(note) => {
                if self.notes.len() < 3 {
                    self.notes.push(format!("{label}: {note}"));
                }
                None
            }
        }
    }
}

pub fn expect_status(answer: &Answer, status: u16) -> Result<(), String> {
    if answer.status == status {
        Ok(())
    } else {
        Err(format!(
            "expected {status}, got {} {}",
            answer.status,
            answer.text().chars().take(160).collect::<String>()
        ))
    }
}

/// `(set_pin_status, description)` of a 200 SET_PIN answer.
pub fn set_pin_outcome(answer: &Answer) -> Result<(String, String), String> {
    expect_status(answer, 200)?;
    let v = answer.json().ok_or("not JSON")?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    match (field("set_pin_status"), field("set_pin_status_description")) {
        (Some(s), Some(d)) => Ok((s, d)),
        _ => Err(format!("not a SET_PIN answer: {}", answer.text())),
    }
}

pub fn set_pin_body(account: &Account, request_id: &str, pin: &str, new_pin: &str) -> String {
    json!({
        "action": "SET_PIN",
        "payload": {
            "api_request_id": request_id,
            "identifier_type": "MSISDN",
            "identifier": account.msisdn,
            "pin": pin,
            "device_identifier_type": account.device_type,
            "device_identifier": account.device_id,
            "new_pin": new_pin,
            "identity_type": account.identity_type,
            "identity": account.identity,
        }
    })
    .to_string()
}

/// A Reset PIN token sealed natively with the pinseal crate; returns it with its `clientTxnId`.
pub fn seal_reset(sb: &Sandbox, card: &Card, new_pin: &str) -> Result<(String, String), String> {
    let input = ResetPinInput {
        client_id: sb.client_id.clone(),
        secure_code: sb.secure_code.as_str().into(),
        bank_id: sb.bank_id.clone(),
        customer_id: card.customer_id.clone(),
        last4_digits: card.last4.clone(),
        urn: card.urn.clone(),
        new_pin: new_pin.into(),
        ..ResetPinInput::default()
    };
    let sealed = reset_pin::seal(
        &input,
        &sb.cipher,
        &BuildOptions::new(DateTime::now_local()),
    )
    .map_err(|e| format!("seal: {e}"))?;
    Ok((sealed.token, sealed.request.client_txn_id))
}

pub fn reset_request(sb: &Sandbox, token: &str) -> Vec<u8> {
    post(
        "/api/v1/resetPIN",
        "application/json",
        &[("x-api-key", &sb.api_key)],
        format!("{{\"token\":{}}}", quote(token)).as_bytes(),
    )
}

/// The `responseCode` of a 200 resetPIN answer, opened with the sandbox key.
pub fn reset_code(sb: &Sandbox, answer: &Answer, txn: &str) -> Result<String, String> {
    expect_status(answer, 200)?;
    let response = reset_pin::open_response(&answer.text(), &sb.cipher, Some(txn))
        .map_err(|e| format!("open_response: {e}"))?;
    Ok(response.response_code)
}

/// Seals a Reset PIN for `card`, sends it, and records whether the answer's `responseCode` is
/// `want`.
pub fn reset_expecting(
    sb: &Sandbox,
    rec: &mut Record,
    conn: &mut Conn,
    card: &Card,
    new_pin: &str,
    label: &'static str,
    want: &str,
) {
    let (token, txn) = match seal_reset(sb, card, new_pin) {
        Ok(sealed) => sealed,
        Err(e) => {
            rec.notes.push(e);
            return;
        }
    };
    rec.timed(
        conn,
        label,
        &reset_request(sb, &token),
        |a| match reset_code(sb, a, &txn)? {
            code if code == want => Ok(()),
            other => Err(format!("expected {want}, got {other}")),
        },
    );
}

/// `(challengeId, code)` of a 2FA start answer.
pub fn challenge_of(answer: &Answer) -> Result<(String, String), String> {
    expect_status(answer, 200)?;
    let v = answer.json().ok_or("not JSON")?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    match (field("challengeId"), field("code")) {
        (Some(id), Some(code)) => Ok((id, code)),
        _ => Err(format!("not a 2FA start answer: {}", answer.text())),
    }
}

pub fn verify_body(id: &str, code: &str) -> String {
    json!({ "challengeId": id, "code": code }).to_string()
}

pub fn expect_verified(answer: &Answer, verified: bool) -> Result<(), String> {
    expect_status(answer, 200)?;
    let want = format!("{{\"verified\":{verified}}}");
    if answer.text() == want {
        Ok(())
    } else {
        Err(format!("expected {want}, got {}", answer.text()))
    }
}

/// Starts and verifies a 2FA challenge for `customer_id` (the Reset PIN flow).
pub fn pass_2fa(rec: &mut Record, conn: &mut Conn, customer_id: &str) -> bool {
    let start = post_json(
        "/api/sandbox/2fa/start",
        &json!({ "customerId": customer_id }).to_string(),
    );
    let Some((id, code)) = rec.timed(conn, L_FLOW_START, &start, challenge_of) else {
        return false;
    };
    let verify = post_json("/api/sandbox/2fa/verify", &verify_body(&id, &code));
    rec.timed(conn, L_FLOW_VERIFY, &verify, |a| expect_verified(a, true))
        .is_some()
}
