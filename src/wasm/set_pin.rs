//! The mobile banking SET_PIN exports (SPEC §1.2).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::{Report, Result};
use crate::set_pin::{self, SetPinInput, FIELDS};

use super::{options, read, throw, throw_with_raw, write, JsResult};

/// The `SetPinInput` the entry read (`npm/read.js`): the typed input and the reader's own
/// findings.
fn input(value: &str) -> Result<(SetPinInput, Report)> {
    let (mut f, report) = read::input_text(value, &FIELDS)?;
    let input = SetPinInput::from_fields(|name| f.text(name));
    Ok((input, report))
}

/// Checks a SET_PIN input; returns `{valid, errors}`.
#[wasm_bindgen(js_name = validateSetPin, skip_typescript)]
pub fn validate(value: String, options: JsValue) -> JsResult<JsValue> {
    let value = Zeroizing::new(value);
    let run = || -> Result<_> {
        let (input, prior) = input(&value)?;
        let (_, policy) = options::build_options(&options)?;
        Ok(set_pin::validate_onto(&input, &policy, prior))
    };
    write::report(&run().map_err(throw)?)
}

/// Builds the SET_PIN request `{action: "SET_PIN", payload}`.
#[wasm_bindgen(js_name = buildSetPinRequest, skip_typescript)]
pub fn build_request(value: String, options: JsValue) -> JsResult<JsValue> {
    let value = Zeroizing::new(value);
    let run = || -> Result<_> {
        let (input, prior) = input(&value)?;
        let (_, policy) = options::build_options(&options)?;
        set_pin::build_onto(&input, &policy, prior)
    };
    let request = run().map_err(throw)?;
    write::parse(request.to_json().expose())
}

/// Parses a SET_PIN response given as an object or a JSON string: `{ok, status, description}`.
#[wasm_bindgen(js_name = parseSetPinResponse, skip_typescript)]
pub fn parse_response(body: JsValue) -> JsResult<JsValue> {
    let parsed = read::json_body(&body).and_then(|text| set_pin::parse_response(&text));
    // `raw` is the body exactly as given, object or string.
    write::set_pin_response(&parsed.map_err(|e| throw_with_raw(&e, &body))?)
}
