//! Results into JavaScript values: written as compact JSON text in Rust and turned into objects
//! by one `JSON.parse` (one boundary crossing, keys in order).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::JsValue;

use crate::error::{Error, FieldError, Report};
use crate::json::write_json_string;
use crate::reset_pin::ResetPinResponse;
use crate::set_pin::SetPinResponse;

use super::{throw, JsResult};

/// The JavaScript value of a JSON text pinseal wrote itself.
pub(crate) fn parse(text: &str) -> JsResult<JsValue> {
    js_sys::JSON::parse(text)
        .map_err(|_| throw(Error::InvalidInput("internal: result is not JSON".into())))
}

/// Appends `[{field, code, message}, ...]`.
fn push_errors(errors: &[FieldError], out: &mut String) {
    out.push('[');
    for (i, e) in errors.iter().enumerate() {
        out.push_str(if i == 0 {
            "{\"field\":"
        } else {
            ",{\"field\":"
        });
        write_json_string(&e.field, out);
        out.push_str(",\"code\":\"");
        out.push_str(e.code.as_str());
        out.push_str("\",\"message\":");
        write_json_string(&e.message, out);
        out.push('}');
    }
    out.push(']');
}

/// `[{field, code, message}, ...]` for `PinsealError.errors`.
pub(crate) fn field_errors(errors: &[FieldError]) -> JsValue {
    let mut out = String::new();
    push_errors(errors, &mut out);
    parse(&out).unwrap_or(JsValue::UNDEFINED)
}

/// `{valid, errors}`.
pub(crate) fn report(report: &Report) -> JsResult<JsValue> {
    let mut out = String::from(if report.is_valid() {
        "{\"valid\":true,\"errors\":"
    } else {
        "{\"valid\":false,\"errors\":"
    });
    push_errors(&report.errors, &mut out);
    out.push('}');
    parse(&out)
}

/// `{ok, meaning, ...every response field}` (SPEC §5 `ResetPinResponse`).
pub(crate) fn reset_pin_response(response: &ResetPinResponse) -> JsResult<JsValue> {
    let mut out = String::from(if response.ok() {
        "{\"ok\":true,\"meaning\":"
    } else {
        "{\"ok\":false,\"meaning\":"
    });
    write_json_string(response.meaning(), &mut out);
    out.push(',');
    response.write_members(&mut out);
    out.push('}');
    parse(&out)
}

/// `{ok, status, description}` (SPEC §5 `SetPinResponse`).
pub(crate) fn set_pin_response(response: &SetPinResponse) -> JsResult<JsValue> {
    let mut out = String::from(if response.ok() {
        "{\"ok\":true,\"status\":\""
    } else {
        "{\"ok\":false,\"status\":\""
    });
    out.push_str(response.status.as_str());
    out.push_str("\",\"description\":");
    write_json_string(&response.description, &mut out);
    out.push('}');
    parse(&out)
}
