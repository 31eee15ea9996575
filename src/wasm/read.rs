//! One reader per argument type: JavaScript values into core types. Input objects and
//! `Uint8Array` arguments are read by the entry instead (`npm/read.js`), which hands over one
//! JSON text or a plain byte copy; [`input_text`] unpacks the former.
//!
//! Nothing here trusts a value's shape: every JavaScript call that can run caller code
//! (getters, proxy traps) is imported with `catch`, so a hostile value becomes a
//! `PinsealError` with code `INVALID_INPUT`, never a `TypeError` or a trap.
//!
//! Nothing here copies an unbounded value either (SPEC §2, "Limits before work"): every string,
//! byte array, array and object is measured in JavaScript first (a string's `length` in UTF-16
//! code units, a typed array's own length, a key count), and one over its limit is refused
//! without being copied into WebAssembly memory, whose pages, once grown, are never given back.
//! Each reader takes its limit and the error for "over it" from its caller.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, JsString, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::error::{Error, FieldCode, Report, Result};
use crate::fields::{Kind, Spec, Values};
use crate::text::{join, num};
use crate::MAX_TOKEN_BYTES;

/// Longest string copied for an input field, a PIN or any other short argument: 1,024 UTF-16
/// code units, far over every field's own limit (the largest is 150 characters) and every
/// PIN's (12 digits), so a longer one is refused by its length alone.
pub(crate) const MAX_TEXT: usize = 1024;

/// Most own keys read from an input or options object (the largest input has 10 fields).
pub(crate) const MAX_KEYS: usize = 64;

/// Longest token text copied: the core's [`crate::MAX_TOKEN_TEXT`] (twice the 1,398,104 base64
/// characters of a 1 MiB token). A longer text is `TOKEN_TOO_LARGE` unread.
pub(crate) use crate::cipher::MAX_TOKEN_TEXT;

/// Longest Reset PIN response body text copied: a token text and 64 KiB for the JSON around it.
pub(crate) const MAX_BODY_TEXT: usize = MAX_TOKEN_TEXT + 65_536;

/// Longest key text copied: 4,096 UTF-16 code units (a key is 24 bytes, 48 hex characters).
pub(crate) const MAX_KEY_TEXT: usize = 4096;

/// Most entries read from a policy's `deny` list.
pub(crate) const MAX_DENY: usize = 10_000;

/// Longest SET_PIN response text copied (a response is two short fields).
pub(crate) const MAX_RESPONSE_TEXT: usize = MAX_TOKEN_BYTES;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(value: &JsValue) -> core::result::Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(value: &JsValue) -> bool;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(value: &JsValue) -> core::result::Result<JsValue, JsValue>;
    // `Reflect.get(target, key, receiver)`: runs an accessor of `target` on `receiver`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn get_with_receiver(
        target: &JsValue,
        key: &str,
        receiver: &JsValue,
    ) -> core::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = construct, catch)]
    fn construct(target: &JsValue, args: &Array) -> core::result::Result<JsValue, JsValue>;
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

/// `"what" expected at most MAX UNITS, got FOUND` (without `"what" ` when `what` is empty): the
/// one message of an argument refused by its size alone.
pub(crate) fn at_most(what: &str, max: usize, units: &str, found: usize) -> String {
    let (open, close) = if what.is_empty() {
        ("", "")
    } else {
        ("\"", "\" ")
    };
    join(&[
        open,
        what,
        close,
        "expected at most ",
        &num(max),
        units,
        ", got ",
        &num(found),
    ])
}

/// `INVALID_INPUT` `"what" expected at most MAX characters, got N`, for a string refused by its
/// length alone (characters as JavaScript counts them: UTF-16 code units).
pub(crate) fn too_long(what: &str, max: usize, found: usize) -> Error {
    Error::InvalidInput(at_most(what, max, " characters", found))
}

/// `TOKEN_TOO_LARGE` for a token text of `length` UTF-16 code units, refused unread.
pub(crate) fn token_text_too_large(length: usize) -> Error {
    Error::TokenTextTooLong {
        what: "token",
        max: MAX_TOKEN_TEXT,
        length,
    }
}

/// `TOKEN_TOO_LARGE` for a response body text of `length` UTF-16 code units, refused unread.
fn body_text_too_large(length: usize) -> Error {
    Error::TokenTextTooLong {
        what: "body",
        max: MAX_BODY_TEXT,
        length,
    }
}

/// The `length` of a string (UTF-16 code units), read without copying the string; `None` for
/// anything but a string.
pub(crate) fn string_length(value: &JsValue) -> Option<usize> {
    value
        .dyn_ref::<JsString>()
        .map(|text| text.length() as usize)
}

/// A string argument of at most `max` UTF-16 code units; a longer one is `over(length)`,
/// uncopied. Lone surrogates become U+FFFD, as `TextEncoder` writes them.
///
/// # Errors
/// `INVALID_INPUT` for a non-string; `over(length)` for a string longer than `max`.
pub(crate) fn string(
    value: &JsValue,
    what: &str,
    max: usize,
    over: &dyn Fn(usize) -> Error,
) -> Result<Zeroizing<String>> {
    let length = string_length(value).ok_or_else(|| invalid(what, "a string", value))?;
    if length > max {
        return Err(over(length));
    }
    value
        .as_string()
        .map(Zeroizing::new)
        .ok_or_else(|| invalid(what, "a string", value))
}

/// A short string argument (an option, a context value, a policy entry): [`string`] with the
/// limit [`MAX_TEXT`], `INVALID_INPUT` over it.
///
/// # Errors
/// As [`string`].
pub(crate) fn short_string(value: &JsValue, what: &str) -> Result<Zeroizing<String>> {
    string(value, what, MAX_TEXT, &|found| {
        too_long(what, MAX_TEXT, found)
    })
}

/// The length of a typed array as the engine keeps it: the `%TypedArray%.prototype.length`
/// getter (found from `plain`, a `Uint8Array` of ours) run on `value`, so that neither a
/// subclass's own `length` getter nor a proxy can misstate it (js-sys's `to_vec` trusts
/// `length`: one that lies traps it). `None` for anything that is not a typed array (a proxy
/// of one included).
fn typed_array_length(plain: &Uint8Array, value: &JsValue) -> Option<usize> {
    let typed_array_prototype = prototype_of(&prototype_of(plain).ok()?).ok()?;
    let length = get_with_receiver(&typed_array_prototype, "length", value)
        .ok()?
        .as_f64()?;
    // An integer from 0 to 2^53 - 1; on wasm32 the cast saturates, which is over every limit.
    Some(length as usize)
}

/// The bytes of a `Uint8Array` (a `Buffer` too) of at most `max` bytes; a longer one is
/// `over(length)`, uncopied. A detached array reads as empty.
///
/// # Errors
/// `INVALID_INPUT` for anything but a `Uint8Array`; `over(length)` over `max`.
pub(crate) fn bytes(
    value: &JsValue,
    what: &str,
    max: usize,
    over: &dyn Fn(usize) -> Error,
) -> Result<Zeroizing<Vec<u8>>> {
    let not_bytes = || invalid(what, "a Uint8Array", value);
    let array = value.dyn_ref::<Uint8Array>().ok_or_else(not_bytes)?;
    let plain = Uint8Array::new_with_length(0);
    let length = typed_array_length(&plain, array).ok_or_else(not_bytes)?;
    if length > max {
        return Err(over(length));
    }
    // A detached buffer has length 0, and copying from it would throw a TypeError.
    if length == 0 {
        return Ok(Zeroizing::new(Vec::new()));
    }
    // Copied through a plain `Uint8Array` made from the engine's own record of `value` (its
    // internal length, not a `length` property), so the copy is exactly `length` bytes.
    let plain = construct(&plain.constructor(), &Array::of1(array))
        .ok()
        .and_then(|copy| copy.dyn_into::<Uint8Array>().ok())
        .ok_or_else(not_bytes)?;
    Ok(Zeroizing::new(plain.to_vec()))
}

/// The own enumerable string keys of `value` (`Object.keys`), refused unread when there are
/// more than [`MAX_KEYS`]: `"what" expected at most 64 fields, got N`.
fn keys_of(value: &JsValue, what: &str) -> Result<Array> {
    let keys = own_keys(value).map_err(|_| threw(what))?;
    let count = keys.length() as usize;
    if count > MAX_KEYS {
        return Err(Error::InvalidInput(at_most(
            what, MAX_KEYS, " fields", count,
        )));
    }
    Ok(keys)
}

/// A key's name, copied whole only when it is at most [`MAX_TEXT`] long. A longer key is no
/// known name, and at most [`MAX_ECHOED_NAME`] characters of an unknown one are ever echoed,
/// so only enough of it for that is copied (2 UTF-16 units per character at most, and one over).
fn key_name(key: &JsValue) -> Option<String> {
    let text = key.dyn_ref::<JsString>()?;
    if text.length() as usize > MAX_TEXT {
        const HEAD: u32 = 2 * (MAX_ECHOED_NAME as u32 + 1);
        return text.substring(0, HEAD).as_string();
    }
    text.as_string()
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
    let keys = keys_of(value, what)?;
    let mut out = Vec::new();
    for key in keys.iter() {
        let Some(name) = key_name(&key) else {
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

/// Longest key name echoed back in an error (an unknown option's).
const MAX_ECHOED_NAME: usize = 64;

/// An input object as the entry read it (`npm/read.js`, `readInput`): the JSON text
/// `[values, findings]`, `values` the fields' texts in table order (`null` when absent) and
/// `findings` the reader's own field errors as `[field, code, message]` (unknown keys, wrong
/// types, texts over [`MAX_TEXT`]). The entry checks every type, so one string crosses; this
/// side only unpacks it, wiping the parsed copy when done.
///
/// # Errors
/// `INVALID_INPUT` for a text the entry would not write (a raw caller's).
pub(crate) fn input_text(text: &str, fields: &'static [Spec]) -> Result<(Values, Report)> {
    use crate::json::Json;
    let not_read = || Error::InvalidInput("\"input\" expected an object read by the entry".into());
    let mut parsed = Zeroizing::new(Json::parse(text).map_err(|_| not_read())?);
    let Json::Array(parts) = &mut *parsed else {
        return Err(not_read());
    };
    let [Json::Array(values), Json::Array(findings)] = parts.as_mut_slice() else {
        return Err(not_read());
    };
    if values.len() != fields.len() {
        return Err(not_read());
    }
    let mut report = Report::default();
    for finding in findings.iter() {
        let Json::Array(parts) = finding else {
            return Err(not_read());
        };
        let [Json::String(field), Json::String(code), Json::String(message)] = parts.as_slice()
        else {
            return Err(not_read());
        };
        let code = match code.as_str() {
            "UNKNOWN_FIELD" => FieldCode::UnknownField,
            "TOO_LONG" => FieldCode::TooLong,
            "INVALID_VALUE" => FieldCode::InvalidValue,
            _ => return Err(not_read()),
        };
        report.push(field, code, message.clone());
    }
    let mut out = Vec::with_capacity(values.len());
    for value in values.iter_mut() {
        out.push(match value {
            Json::Null => None,
            Json::String(text) => Some(Zeroizing::new(core::mem::take(text))),
            _ => return Err(not_read()),
        });
    }
    Ok((Values::new(fields, out), report))
}

/// The field tables of both input families, for the entry's reader: `[[name, [[field, kind],
/// ...]], ...]` with kind 0 for text and 1 for digits (strings or numbers). Derived from the
/// core's tables, so the entry never keeps its own copy.
pub(crate) fn tables_text(families: &[(&str, &[Spec])]) -> String {
    let mut out = String::from("[");
    for (i, (name, specs)) in families.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("[\"");
        out.push_str(name);
        out.push_str("\",[");
        for (j, spec) in specs.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str("[\"");
            out.push_str(spec.name);
            out.push_str(match spec.kind {
                Kind::Text => "\",0]",
                Kind::Digits => "\",1]",
            });
        }
        out.push_str("]]");
    }
    out.push(']');
    out
}

/// A Reset PIN response body as given.
pub(crate) enum Body {
    /// The body text `{"token":"..."}`, or the bare token.
    Text(Zeroizing<String>),
    /// The `token` of a `{ token }` object.
    Token(String),
}

/// `body` of `openResetPinResponse`: `{ token }`, the body text, or the token. A body text
/// over [`MAX_BODY_TEXT`] or a `token` over [`MAX_TOKEN_TEXT`] UTF-16 code units is
/// `TOKEN_TOO_LARGE`, uncopied; a plain object without a string `token` is `INVALID_RESPONSE`.
pub(crate) fn response_body(body: &JsValue) -> Result<Body> {
    if body.is_string() {
        let text = string(body, "body", MAX_BODY_TEXT, &body_text_too_large)?;
        return Ok(Body::Text(text));
    }
    if !is_plain_object(body) {
        return Err(invalid("body", "{ token } or a string", body));
    }
    // An object without a string `token` is an answer, not a caller's mistake: a partner's
    // error body passed as `await res.json()` (`{ error: "unauthorized" }`) is INVALID_RESPONSE,
    // as the same body passed as text is.
    let token = Reflect::get(body, &"token".into()).map_err(|_| threw("body.token"))?;
    let token = Some(token)
        .filter(JsValue::is_string)
        .ok_or_else(|| Error::InvalidResponse {
            reason: "expected { token: string }, got an object without a string \"token\"".into(),
            raw: String::new(),
        })?;
    let mut token = string(&token, "body.token", MAX_TOKEN_TEXT, &token_text_too_large)?;
    Ok(Body::Token(core::mem::take(&mut *token)))
}

/// A JSON body given as text or as the object it stands for (`parseSetPinResponse`). An
/// object that cannot be written as JSON (a throwing getter, a BigInt) is not a response, and
/// neither is a text (given, or written from the object) over [`MAX_RESPONSE_TEXT`] UTF-16
/// code units, which is refused uncopied.
pub(crate) fn json_body(body: &JsValue) -> Result<String> {
    let text = if body.is_string() {
        Some(body.clone())
    } else if is_plain_object(body) {
        stringify(body).ok().filter(JsValue::is_string)
    } else {
        None
    };
    let Some(text) = text else {
        return Err(Error::InvalidResponse {
            reason: join(&["expected an object or a JSON string, got ", kind_of(body)]),
            raw: String::new(),
        });
    };
    let over = |length| Error::InvalidResponse {
        reason: at_most("", MAX_RESPONSE_TEXT, " characters of JSON", length),
        raw: String::new(),
    };
    string(&text, "body", MAX_RESPONSE_TEXT, &over).map(|mut text| core::mem::take(&mut *text))
}
