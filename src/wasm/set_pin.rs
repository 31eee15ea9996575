//! The mobile banking SET_PIN exports (SPEC §1.2).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::error::{Report, Result};
use crate::json::write_json_string;
use crate::secret::Pin;
use crate::set_pin::{self, SetPinInput, FIELDS};

use super::{read, throw, throw_with_raw, write, JsResult};

/// The reader of a `SetPinInput` object: the typed input and the reader's own findings.
fn input(value: &JsValue) -> Result<(SetPinInput, Report)> {
    let (mut f, report) = read::fields(value, &FIELDS, "SetPinInput")?;
    // Struct fields are evaluated in the order written: this is FIELDS order.
    let input = SetPinInput {
        api_request_id: f.optional(),
        identifier_type: f.optional(),
        identifier: f.text(),
        pin: Pin::from(f.text()),
        device_identifier_type: f.text(),
        device_identifier: f.text(),
        new_pin: Pin::from(f.text()),
        identity_type: f.text(),
        identity: f.text(),
    };
    Ok((input, report))
}

/// Checks a SET_PIN input; returns `{valid, errors}`.
#[wasm_bindgen(js_name = validateSetPin, skip_typescript)]
pub fn validate(value: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || -> Result<_> {
        let (input, prior) = input(&value)?;
        let (_, policy) = read::build_options(&options)?;
        Ok(set_pin::validate_onto(&input, &policy, prior))
    };
    write::report(&run().map_err(throw)?)
}

/// Builds the SET_PIN request `{action: "SET_PIN", payload}`.
#[wasm_bindgen(js_name = buildSetPinRequest, skip_typescript)]
pub fn build_request(value: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || -> Result<_> {
        let (input, prior) = input(&value)?;
        let (_, policy) = read::build_options(&options)?;
        set_pin::build_onto(&input, &policy, prior)
    };
    let request = run().map_err(throw)?;
    write::parse(request.to_json().expose())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
}

/// Parses a SET_PIN response given as an object or a JSON string: `{ok, status, description}`.
#[wasm_bindgen(js_name = parseSetPinResponse, skip_typescript)]
pub fn parse_response(body: JsValue) -> JsResult<JsValue> {
    // An object is read as the JSON it stands for; one that cannot be written as JSON (a
    // throwing getter, a BigInt) is not a response either.
    let text = match body.as_string() {
        Some(text) => Some(text),
        None if read::is_plain_object(&body) => stringify(&body).ok().and_then(|t| t.as_string()),
        None => None,
    };
    let parsed = match text {
        Some(text) => set_pin::parse_response(&text),
        None => Err(crate::Error::InvalidResponse {
            reason: crate::text::join(&[
                "expected an object or a JSON string, got ",
                read::kind_of(&body),
            ]),
            raw: String::new(),
        }),
    };
    // `raw` is the body exactly as given, object or string.
    let response = parsed.map_err(|e| throw_with_raw(&e, &body))?;
    let mut out = String::from(if response.ok() {
        "{\"ok\":true,\"status\":\""
    } else {
        "{\"ok\":false,\"status\":\""
    });
    out.push_str(response.status.as_str());
    out.push_str("\",\"description\":");
    write_json_string(&response.description, &mut out);
    out.push('}');
    write::parse(&out)
}
