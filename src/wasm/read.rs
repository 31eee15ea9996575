//! One reader per argument type: JavaScript values into core types.
//!
//! Nothing here trusts a value's shape: every JavaScript call that can run caller code
//! (getters, proxy traps) is imported with `catch`, so a hostile value becomes a
//! `PinsealError` with code `INVALID_INPUT`, never a `TypeError` or a trap.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::error::{Error, FieldCode, Report, Result};
use crate::fields::{Kind, Spec};
use crate::text::join;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(value: &JsValue) -> core::result::Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(value: &JsValue) -> bool;
    // JavaScript's own number-to-text ("NaN", "1e+308", "1.5"): keeps Rust's float formatting
    // out of the module.
    #[wasm_bindgen(js_name = String)]
    fn number_text(value: f64) -> String;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
    // Throws on a lone surrogate, in every engine (unlike `String.prototype.isWellFormed`).
    #[wasm_bindgen(js_name = encodeURIComponent, catch)]
    fn encode_uri_component(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
}

/// `"what" expected EXPECTED, got KIND`.
pub(crate) fn invalid(what: &str, expected: &str, got: &JsValue) -> Error {
    Error::InvalidInput(join(&[
        "\"",
        what,
        "\" expected ",
        expected,
        ", got ",
        kind_of(got),
    ]))
}

pub(crate) fn threw(what: &str) -> Error {
    Error::InvalidInput(join(&["\"", what, "\" threw while being read"]))
}

/// The JavaScript type of a value, in the words of error messages.
pub(crate) fn kind_of(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "string"
    } else if value.as_f64().is_some() {
        "number"
    } else if value.as_bool().is_some() {
        "boolean"
    } else if value.is_bigint() {
        "bigint"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_function() {
        "function"
    } else if is_array(value) {
        "array"
    } else if is_plain_object(value) {
        "object"
    } else {
        "non-plain object"
    }
}

/// `true` for `{...}` and `Object.create(null)`: not arrays, `Set`, `Date`, class instances.
pub(crate) fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || value.is_function() || is_array(value) {
        return false;
    }
    match prototype_of(value) {
        Ok(proto) if proto.is_null() => true,
        // Object.prototype is the one prototype whose own prototype is null.
        Ok(proto) => matches!(prototype_of(&proto), Ok(p) if p.is_null()),
        Err(_) => false,
    }
}

/// `undefined` and `null` mean "not given" for optional arguments.
pub(crate) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A string argument. Lone surrogates become U+FFFD, as `TextEncoder` writes them.
pub(crate) fn string(value: &JsValue, what: &str) -> Result<Zeroizing<String>> {
    value
        .as_string()
        .map(Zeroizing::new)
        .ok_or_else(|| invalid(what, "a string", value))
}

/// A string that must be well-formed UTF-16 (an input field: a lone surrogate there is a
/// caller bug, not text to repair).
fn well_formed(value: &JsValue, text: Zeroizing<String>, what: &str) -> Result<Zeroizing<String>> {
    // The repair shows as U+FFFD; only then ask JavaScript whether it was there already.
    if text.contains('\u{FFFD}') && encode_uri_component(value).is_err() {
        return Err(Error::InvalidInput(join(&[
            "\"",
            what,
            "\" expected well-formed text, got a lone surrogate",
        ])));
    }
    Ok(text)
}

/// The bytes of a `Uint8Array` (a `Buffer` too); a detached array reads as empty.
pub(crate) fn bytes(value: &JsValue, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let array = value
        .dyn_ref::<Uint8Array>()
        .ok_or_else(|| invalid(what, "a Uint8Array", value))?;
    // A detached buffer has length 0, and copying from it would throw a TypeError.
    if array.length() == 0 {
        return Ok(Zeroizing::new(Vec::new()));
    }
    Ok(Zeroizing::new(array.to_vec()))
}

/// The members of an optional options object (`undefined`/`null`: none), skipping
/// `undefined` values as `JSON.stringify` does.
pub(crate) fn members(value: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>> {
    if is_absent(value) {
        return Ok(Vec::new());
    }
    if !is_plain_object(value) {
        return Err(invalid(what, "an object", value));
    }
    let keys = own_keys(value).map_err(|_| threw(what))?;
    let mut out = Vec::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let item = Reflect::get(value, &key).map_err(|_| threw(what))?;
        if !item.is_undefined() {
            out.push((name, item));
        }
    }
    Ok(out)
}

/// `"what" has no option "key"`.
pub(crate) fn unknown_option(what: &str, key: &str) -> Error {
    let key: String = key.chars().take(64).collect();
    Error::InvalidInput(join(&["\"", what, "\" has no option \"", &key, "\""]))
}

/// Longest field name echoed back in an `UNKNOWN_FIELD` error.
const MAX_ECHOED_NAME: usize = 64;

/// A field name folded for "did you mean": ASCII case and `_`/`-` ignored.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Reads an input object of `fields` (SPEC §7): one value per field in table order, `None`
/// when absent, `null` or `undefined`. Unknown keys and wrong types go into the report as
/// field errors: text fields take strings only; digit fields also take numbers, read as
/// JavaScript writes them (`-1`, `1.5`, `NaN` then fail the digit rule with `NOT_DIGITS`).
///
/// # Errors
/// `INVALID_INPUT` when `value` is not a plain object, a getter or trap throws, or a string
/// holds a lone surrogate.
pub(crate) fn fields(value: &JsValue, fields: &[Spec], what: &str) -> Result<(Fields, Report)> {
    if !is_plain_object(value) {
        return Err(invalid("input", "an object", value));
    }
    let keys = own_keys(value).map_err(|_| threw("input"))?;
    let mut values: Vec<Option<Zeroizing<String>>> = fields.iter().map(|_| None).collect();
    let mut report = Report::default();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let Some((i, spec)) = fields.iter().enumerate().find(|(_, s)| s.name == name) else {
            let near = fields.iter().find(|s| folded(s.name) == folded(&name));
            let message = match near {
                Some(s) => join(&[
                    "is not a field of ",
                    what,
                    "; did you mean \"",
                    s.name,
                    "\"?",
                ]),
                None => join(&["is not a field of ", what]),
            };
            let mut field: String = name.chars().take(MAX_ECHOED_NAME).collect();
            if name.chars().count() > MAX_ECHOED_NAME {
                field.push('…');
            }
            report.push(&field, FieldCode::UnknownField, message);
            continue;
        };
        let item = Reflect::get(value, &key).map_err(|_| threw(spec.name))?;
        let read = if is_absent(&item) {
            None
        } else if let Some(text) = item.as_string() {
            Some(well_formed(&item, Zeroizing::new(text), spec.name)?)
        } else if let (Some(n), Kind::Digits) = (item.as_f64(), spec.kind) {
            // -0 is 0 here, as JSON writes it.
            let text = if n == 0.0 { "0".into() } else { number_text(n) };
            Some(Zeroizing::new(text))
        } else {
            let expected = match spec.kind {
                Kind::Text => "expected a string, got ",
                Kind::Digits => "expected a string of digits or a non-negative integer, got ",
            };
            report.push(
                spec.name,
                FieldCode::InvalidValue,
                join(&[expected, kind_of(&item)]),
            );
            None
        };
        if let Some(slot) = values.get_mut(i) {
            *slot = read;
        }
    }
    Ok((Fields(values.into_iter()), report))
}

/// The values [`fields`] read, taken one by one in table order by a per-type reader.
pub(crate) struct Fields(alloc::vec::IntoIter<Option<Zeroizing<String>>>);

impl Fields {
    /// The next field's text, moved out (the emptied buffer is wiped); empty when absent.
    pub(crate) fn text(&mut self) -> String {
        self.0
            .next()
            .flatten()
            .map(|mut v| core::mem::take(&mut *v))
            .unwrap_or_default()
    }

    /// The next field of an optional input: `None` when absent or empty.
    pub(crate) fn optional(&mut self) -> Option<String> {
        Some(self.text()).filter(|v| !v.is_empty())
    }
}

/// A Reset PIN response body as given.
pub(crate) enum Body {
    /// The body text `{"token":"..."}`, or the bare token.
    Text(Zeroizing<String>),
    /// The `token` of a `{ token }` object.
    Token(String),
}

/// `body` of `openResetPinResponse`: `{ token }`, the body text, or the token.
pub(crate) fn response_body(body: &JsValue) -> Result<Body> {
    if let Some(text) = body.as_string() {
        return Ok(Body::Text(Zeroizing::new(text)));
    }
    if !is_plain_object(body) {
        return Err(invalid("body", "{ token } or a string", body));
    }
    Reflect::get(body, &"token".into())
        .ok()
        .and_then(|t| t.as_string())
        .map(Body::Token)
        .ok_or_else(|| Error::InvalidInput("\"body.token\" expected a string".into()))
}

/// A JSON body given as text or as the object it stands for (`parseSetPinResponse`). An
/// object that cannot be written as JSON (a throwing getter, a BigInt) is not a response.
pub(crate) fn json_body(body: &JsValue) -> Result<String> {
    let text = match body.as_string() {
        Some(text) => Some(text),
        None if is_plain_object(body) => stringify(body).ok().and_then(|t| t.as_string()),
        None => None,
    };
    text.ok_or_else(|| Error::InvalidResponse {
        reason: join(&["expected an object or a JSON string, got ", kind_of(body)]),
        raw: String::new(),
    })
}
