//! The Reset PIN exports (SPEC §1.1).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::datetime::DateTime;
use crate::error::{Error, Report, Result};
use crate::reset_pin::{self, BuildOptions, ResetPinInput, ResetPinResponse, FIELDS};

use super::cipher::RawCipher;
use super::{options, read, throw, throw_with_raw, write, JsResult};

/// The `ResetPinInput` the entry read (`npm/read.js`): the typed input and the reader's own
/// findings.
fn input(value: &str) -> Result<(ResetPinInput, Report)> {
    let (mut f, report) = read::input_text(value, &FIELDS)?;
    let input = ResetPinInput::from_fields(|name| f.text(name));
    Ok((input, report))
}

/// Builds the request from JavaScript arguments. `clock` is the entry's local time,
/// `YYYYMMDDHHMMSS` (empty outside years 0-9999): one string instead of a `Date` and six getter
/// calls across the boundary. It is used when neither the input nor `options.now` gives a time.
fn build(value: &str, options: &JsValue, clock: &str) -> Result<reset_pin::ResetPinRequest> {
    let (input, prior) = input(value)?;
    let (now, policy) = options::build_options(options)?;
    let now = match now {
        Some(now) => now,
        None => DateTime::parse_compact(clock).ok_or_else(|| {
            Error::InvalidInput("the JavaScript clock is outside years 0-9999".into())
        })?,
    };
    reset_pin::build_onto(&input, &BuildOptions::new(now).with_policy(policy), prior)
}

/// Checks a Reset PIN input; returns `{valid, errors}`.
#[wasm_bindgen(js_name = validateResetPin, skip_typescript)]
pub fn validate(value: String, options: JsValue) -> JsResult<JsValue> {
    let value = Zeroizing::new(value);
    let run = || -> Result<_> {
        let (input, prior) = input(&value)?;
        let (_, policy) = options::build_options(&options)?;
        Ok(reset_pin::validate_onto(&input, &policy, prior))
    };
    write::report(&run().map_err(throw)?)
}

/// Builds the Reset PIN request object (keys in the partner's order).
#[wasm_bindgen(js_name = buildResetPinRequest, skip_typescript)]
pub fn build_request(value: String, options: JsValue, clock: String) -> JsResult<JsValue> {
    let value = Zeroizing::new(value);
    let request = build(&value, &options, &clock).map_err(throw)?;
    write::parse(request.to_json().expose())
}

/// Validates, builds and seals a Reset PIN request: `{token, request}` with `newPIN` masked.
#[wasm_bindgen(js_name = sealResetPin, skip_typescript)]
pub fn seal(
    value: String,
    cipher: &RawCipher,
    options: JsValue,
    clock: String,
) -> JsResult<JsValue> {
    let value = Zeroizing::new(value);
    let run = || -> Result<_> {
        let request = build(&value, &options, &clock)?;
        reset_pin::seal_request(request, &cipher.inner)
    };
    let sealed = run().map_err(throw)?;
    let mut out = String::from("{\"token\":\"");
    out.push_str(&sealed.token);
    out.push_str("\",\"request\":");
    out.push_str(&sealed.request.to_json_redacted());
    out.push('}');
    write::parse(&out)
}

/// Opens a Reset PIN response: `body` is `{token}`, the body text, or the token.
#[wasm_bindgen(js_name = openResetPinResponse, skip_typescript)]
pub fn open_response(body: JsValue, cipher: &RawCipher, expect: JsValue) -> JsResult<JsValue> {
    let run = || -> Result<ResetPinResponse> {
        let expect_txn = options::expect_txn(&expect)?;
        let expect_txn = expect_txn.as_deref().map(String::as_str);
        match read::response_body(&body)? {
            read::Body::Text(text) => reset_pin::open_response(&text, &cipher.inner, expect_txn),
            read::Body::Token(token) => reset_pin::open_token(&token, &cipher.inner, expect_txn),
        }
    };
    // `raw` on INVALID_RESPONSE is the body exactly as given, object or string.
    write::reset_pin_response(&run().map_err(|e| throw_with_raw(&e, &body))?)
}
