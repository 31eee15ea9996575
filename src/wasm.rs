//! The JavaScript boundary: unpack arguments, call the core, wrap results and errors.
//!
//! No logic lives here. Every export takes `JsValue` arguments so that a wrong type becomes a
//! `PinsealError` with code `INVALID_INPUT` instead of a wasm-bindgen `TypeError`, and every
//! JavaScript call that could throw (getters, proxies) is imported with `catch`.

use core::cell::{Cell, RefCell};

use js_sys::{Array, Date, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::cipher::{CipherOptions, TokenCipher};
use crate::datetime::DateTime;
use crate::error::{Error, FieldError, Report};
use crate::json::{Json, MAX_DEPTH};
use crate::pin::{self, PinContext, PinPolicy};
use crate::{reset_pin, set_pin, BuildOptions};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;
    // JavaScript's own number-to-text (shortest round trip, as JSON.stringify writes it); keeps
    // Rust's float formatting (~17 KB of wasm) out of the module.
    #[wasm_bindgen(js_name = String)]
    fn number_text(value: f64) -> String;
}

type JsResult<T> = Result<T, JsValue>;

/// Turns a core error into a thrown `PinsealError` (a real `Error`).
fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("PinsealError");
    let _ = Reflect::set(&js, &"code".into(), &error.code().into());
    match &error {
        Error::Validation(errors) => {
            let _ = Reflect::set(&js, &"errors".into(), &field_errors(errors));
        }
        Error::InvalidResponse { raw, .. } => {
            let _ = Reflect::set(&js, &"raw".into(), &raw.into());
        }
        _ => {}
    }
    js.into()
}

fn invalid_input(what: &str, expected: &str, got: &JsValue) -> Error {
    Error::InvalidInput(format!(
        "\"{what}\" expected {expected}, got {}",
        kind_of(got)
    ))
}

fn kind_of(value: &JsValue) -> &'static str {
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
fn is_plain_object(value: &JsValue) -> bool {
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

/// `undefined` and `null` mean "not given" for optional object arguments.
fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// How the JS-to-JSON walk treats non-finite numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NonFinite {
    /// An error (`encryptJson`, policy objects).
    Reject,
    /// Kept as the text `NaN`/`Infinity` so a digit field reports `NOT_DIGITS`; such a value
    /// is only ever checked, never serialized.
    AsText,
}

/// Reads a JavaScript value as JSON: plain objects, arrays, strings, finite numbers, booleans,
/// null. Properties whose value is `undefined` are skipped, as `JSON.stringify` does.
fn to_json(value: &JsValue, what: &str, non_finite: NonFinite) -> Result<Json, Error> {
    walk(value, what, non_finite, 0)
}

fn walk(value: &JsValue, what: &str, non_finite: NonFinite, depth: usize) -> Result<Json, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::InvalidInput(format!(
            "\"{what}\" is nested deeper than {MAX_DEPTH} levels"
        )));
    }
    if value.is_null() {
        return Ok(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(Json::String(s));
    }
    if let Some(n) = value.as_f64() {
        return number(n, what, non_finite);
    }
    if is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::new();
        for i in 0..array.length() {
            let item = Reflect::get_u32(value, i).map_err(|_| threw(what))?;
            if item.is_undefined() {
                return Err(invalid_input(what, "JSON values only", &item));
            }
            items.push(walk(&item, what, non_finite, depth + 1)?);
        }
        return Ok(Json::Array(items));
    }
    if is_plain_object(value) {
        let keys = own_keys(value).map_err(|_| threw(what))?;
        let mut members = Vec::new();
        for key in keys.iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item = Reflect::get(value, &key).map_err(|_| threw(what))?;
            if item.is_undefined() {
                continue;
            }
            members.push((name, walk(&item, what, non_finite, depth + 1)?));
        }
        return Ok(Json::Object(members));
    }
    Err(invalid_input(what, "JSON values only", value))
}

fn threw(what: &str) -> Error {
    Error::InvalidInput(format!("\"{what}\" threw while being read"))
}

fn number(n: f64, what: &str, non_finite: NonFinite) -> Result<Json, Error> {
    // String(n) is what JSON.stringify writes for a finite number ("1e+21" included), except
    // that -0 is "0" there; NaN and ±Infinity come out as their names.
    let text = if n == 0.0 {
        "0".to_owned()
    } else {
        number_text(n)
    };
    if n.is_finite() {
        return Ok(Json::Number(text));
    }
    match non_finite {
        NonFinite::AsText => Ok(Json::String(text)),
        NonFinite::Reject => Err(Error::InvalidInput(format!(
            "\"{what}\" expected finite numbers, got {text}"
        ))),
    }
}

/// Turns a core JSON value into a JavaScript value (objects keep the key order).
fn from_json(value: &Json) -> JsResult<JsValue> {
    js_sys::JSON::parse(&value.to_compact_string())
        .map_err(|_| to_js(Error::InvalidInput("internal: result is not JSON".into())))
}

fn field_errors(errors: &[FieldError]) -> JsValue {
    let out = Array::new();
    for e in errors {
        let o = Object::new();
        let _ = Reflect::set(&o, &"field".into(), &e.field.as_str().into());
        let _ = Reflect::set(&o, &"code".into(), &e.code.as_str().into());
        let _ = Reflect::set(&o, &"message".into(), &e.message.as_str().into());
        out.push(&o);
    }
    out.into()
}

fn report_to_js(report: &Report) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"valid".into(), &report.is_valid().into());
    let _ = Reflect::set(&o, &"errors".into(), &field_errors(&report.errors));
    o.into()
}

/// The bytes of a `Uint8Array`, copied into a buffer that is wiped on drop. A detached buffer
/// reads as length 0, and copying from it would throw a TypeError: it reads as no bytes.
fn bytes_of(array: &Uint8Array) -> Zeroizing<Vec<u8>> {
    if array.length() == 0 {
        return Zeroizing::new(Vec::new());
    }
    Zeroizing::new(array.to_vec())
}

fn string_arg(value: &JsValue, what: &str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid_input(what, "a string", value))
}

/// Reads the members of an optional options object (`undefined`/`null`: none).
fn options_members(value: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>, Error> {
    if is_absent(value) {
        return Ok(Vec::new());
    }
    if !is_plain_object(value) {
        return Err(invalid_input(what, "an object", value));
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

fn unknown_option(what: &str, key: &str) -> Error {
    let key: String = key.chars().take(64).collect();
    Error::InvalidInput(format!("\"{what}\" has no option \"{key}\""))
}

fn policy_arg(value: &JsValue) -> Result<PinPolicy, Error> {
    if is_absent(value) {
        return Ok(PinPolicy::strict());
    }
    let json = if value.is_string() || is_plain_object(value) {
        to_json(value, "pinPolicy", NonFinite::Reject)?
    } else {
        return Err(invalid_input(
            "pinPolicy",
            "\"strict\", \"basic\" or a policy object",
            value,
        ));
    };
    PinPolicy::from_json(&json)
}

fn date_arg(value: &JsValue) -> Result<DateTime, Error> {
    if let Some(text) = value.as_string() {
        return DateTime::parse_compact(&text).ok_or_else(|| {
            Error::InvalidInput("\"now\" expected YYYYMMDDHHMMSS, got another string".into())
        });
    }
    if let Some(date) = value.dyn_ref::<Date>() {
        return local_parts(date).ok_or_else(|| {
            Error::InvalidInput("\"now\" expected a valid Date, got Invalid Date".into())
        });
    }
    Err(invalid_input(
        "now",
        "a Date or a YYYYMMDDHHMMSS string",
        value,
    ))
}

fn local_parts(date: &Date) -> Option<DateTime> {
    if date.get_time().is_nan() {
        return None;
    }
    let small = |v: u32| u8::try_from(v).ok();
    DateTime::new(
        u16::try_from(date.get_full_year()).ok()?,
        small(date.get_month() + 1)?,
        small(date.get_date())?,
        small(date.get_hours())?,
        small(date.get_minutes())?,
        small(date.get_seconds())?,
    )
}

/// The local time from the JavaScript clock, for [`DateTime::now_local`].
pub(crate) fn js_now() -> DateTime {
    local_parts(&Date::new_0()).unwrap_or(DateTime {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    })
}

fn build_options(value: &JsValue) -> Result<BuildOptions, Error> {
    let mut options = BuildOptions::default();
    for (key, item) in options_members(value, "options")? {
        match key.as_str() {
            "now" if !item.is_null() => options.now = Some(date_arg(&item)?),
            "pinPolicy" => options.pin_policy = policy_arg(&item)?,
            "now" => {}
            other => return Err(unknown_option("options", other)),
        }
    }
    Ok(options)
}

fn cipher_options(value: &JsValue) -> Result<CipherOptions, Error> {
    let mut options = CipherOptions::default();
    for (key, iv) in options_members(value, "options")? {
        if key != "iv" {
            return Err(unknown_option("options", &key));
        }
        options = if let Some(text) = iv.as_string() {
            if text == "random" {
                CipherOptions::default()
            } else {
                CipherOptions::fixed_iv_hex(&text)?
            }
        } else if let Some(bytes) = iv.dyn_ref::<Uint8Array>() {
            CipherOptions::fixed_iv(&bytes_of(bytes))?
        } else {
            return Err(invalid_input(
                "iv",
                "\"random\", 32 hex characters or a Uint8Array",
                &iv,
            ));
        };
    }
    Ok(options)
}

/// Input objects of the two families: a plain object, read leniently so that wrong field
/// types become field errors.
///
/// One `JSON.stringify` call reads the whole object (one boundary crossing instead of ~3 per
/// field). JSON has no NaN/Infinity: stringify writes them as `null`, so the members that come
/// back `null` are read again to tell a real `null` (absent) from a non-finite number, which a
/// digit field must report as `NOT_DIGITS`. Getters that throw, BigInts and cycles make
/// stringify throw: `INVALID_INPUT`.
fn input_arg(value: &JsValue, what: &str) -> Result<Zeroizing<Json>, Error> {
    if !is_plain_object(value) {
        return Err(invalid_input(what, "an object", value));
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| invalid_input(what, "JSON values only", value))?;
    // The text and the tree carry the PIN: both are wiped when dropped.
    let text = Zeroizing::new(String::from(text));
    let mut json = Zeroizing::new(
        Json::parse(&text).map_err(|_| invalid_input(what, "JSON values only", value))?,
    );
    let Json::Object(members) = &mut *json else {
        return Err(invalid_input(what, "an object", value));
    };
    for (key, member) in members.iter_mut() {
        if *member == Json::Null {
            if let Ok(original) = Reflect::get(value, &JsValue::from_str(key)) {
                if let Some(n) = original.as_f64() {
                    *member = number(n, what, NonFinite::AsText)?;
                }
            }
        }
    }
    Ok(json)
}

// ---------------------------------------------------------------------------------------------
// TokenCipher. The ciphers live in a registry on the Rust side and the JavaScript object holds a
// handle, so that `sealResetPin(input, cipher)` can check its `cipher` argument and throw
// INVALID_INPUT for anything else (wasm-bindgen can only borrow exported objects through typed
// parameters, which throw their own TypeError).

thread_local! {
    static CIPHERS: RefCell<Vec<(u32, TokenCipher)>> = const { RefCell::new(Vec::new()) };
    static NEXT_HANDLE: Cell<u32> = const { Cell::new(1) };
}

fn register(cipher: TokenCipher) -> Result<JsTokenCipher, Error> {
    let handle = NEXT_HANDLE.with(|n| {
        let h = n.get();
        n.set(h.wrapping_add(1).max(1));
        h
    });
    CIPHERS.with(|c| {
        c.try_borrow_mut()
            .map(|mut all| all.push((handle, cipher)))
            .map_err(|_| Error::InvalidInput("TokenCipher is busy".into()))
    })?;
    Ok(JsTokenCipher { handle })
}

fn with_cipher<T>(
    handle: u32,
    f: impl FnOnce(&TokenCipher) -> Result<T, Error>,
) -> Result<T, Error> {
    CIPHERS.with(|c| {
        let all = c
            .try_borrow()
            .map_err(|_| Error::InvalidInput("TokenCipher is busy".into()))?;
        let cipher = all
            .iter()
            .find(|(h, _)| *h == handle)
            .map(|(_, cipher)| cipher)
            .ok_or_else(|| Error::InvalidInput("\"cipher\" was freed".into()))?;
        f(cipher)
    })
}

/// The handle of a `TokenCipher` argument, or INVALID_INPUT.
fn cipher_handle(value: &JsValue) -> Result<u32, Error> {
    let not_cipher = || invalid_input("cipher", "a TokenCipher", value);
    if !value.is_object() {
        return Err(not_cipher());
    }
    Reflect::get(value, &"__pinsealHandle".into())
        .ok()
        .and_then(|h| h.as_f64())
        .filter(|h| h.fract() == 0.0 && *h >= 1.0 && *h <= f64::from(u32::MAX))
        .map(|h| h as u32)
        .ok_or_else(not_cipher)
}

/// Seals and opens `base64(AES-192-CBC, PKCS#7)` tokens with one 24-byte key.
/// CBC has no MAC: an opened token is confidential, not authenticated. Call `free()` to wipe the key.
#[wasm_bindgen(js_name = TokenCipher, skip_typescript)]
pub struct JsTokenCipher {
    handle: u32,
}

impl Drop for JsTokenCipher {
    fn drop(&mut self) {
        let handle = self.handle;
        CIPHERS.with(|c| {
            if let Ok(mut all) = c.try_borrow_mut() {
                // Dropping the TokenCipher zeroizes its expanded key.
                all.retain(|(h, _)| *h != handle);
            }
        });
    }
}

#[wasm_bindgen(js_class = TokenCipher)]
impl JsTokenCipher {
    fn create(key: Result<TokenCipher, Error>) -> JsResult<JsTokenCipher> {
        key.and_then(register).map_err(to_js)
    }

    /// A cipher from the 24 raw key bytes.
    #[wasm_bindgen(js_name = fromBytes, skip_typescript)]
    pub fn from_bytes(key: JsValue, options: JsValue) -> JsResult<JsTokenCipher> {
        let run = || {
            let bytes = key
                .dyn_ref::<Uint8Array>()
                .ok_or_else(|| invalid_input("key", "a Uint8Array", &key))?;
            let bytes = bytes_of(bytes);
            TokenCipher::from_bytes(&bytes, cipher_options(&options)?)
        };
        Self::create(run())
    }

    /// A cipher from 48 hex characters.
    #[wasm_bindgen(js_name = fromHex, skip_typescript)]
    pub fn from_hex(key: JsValue, options: JsValue) -> JsResult<JsTokenCipher> {
        let run = || {
            let text = Zeroizing::new(string_arg(&key, "key")?);
            TokenCipher::from_hex(&text, cipher_options(&options)?)
        };
        Self::create(run())
    }

    /// A cipher from standard base64.
    #[wasm_bindgen(js_name = fromBase64, skip_typescript)]
    pub fn from_base64(key: JsValue, options: JsValue) -> JsResult<JsTokenCipher> {
        let run = || {
            let text = Zeroizing::new(string_arg(&key, "key")?);
            TokenCipher::from_base64(&text, cipher_options(&options)?)
        };
        Self::create(run())
    }

    /// A cipher from key text of exactly 24 UTF-8 bytes.
    #[wasm_bindgen(js_name = fromText, skip_typescript)]
    pub fn from_text(key: JsValue, options: JsValue) -> JsResult<JsTokenCipher> {
        let run = || {
            let text = Zeroizing::new(string_arg(&key, "key")?);
            TokenCipher::from_text(&text, cipher_options(&options)?)
        };
        Self::create(run())
    }

    /// Internal: lets the free functions find this cipher. Not part of the API.
    #[wasm_bindgen(getter, js_name = __pinsealHandle, skip_typescript)]
    pub fn handle(&self) -> u32 {
        self.handle
    }

    /// Seals a UTF-8 string into a token.
    #[wasm_bindgen(skip_typescript)]
    pub fn encrypt(&self, plaintext: JsValue) -> JsResult<String> {
        let run = || {
            let text = Zeroizing::new(string_arg(&plaintext, "plaintext")?);
            with_cipher(self.handle, |c| c.encrypt(&text))
        };
        run().map_err(to_js)
    }

    /// Opens a token into its UTF-8 plaintext.
    #[wasm_bindgen(skip_typescript)]
    pub fn decrypt(&self, token: JsValue) -> JsResult<JsValue> {
        let run = || {
            let token = string_arg(&token, "token")?;
            with_cipher(self.handle, |c| c.decrypt(&token))
        };
        // Copied straight from the wiped buffer into a JS string (no unwiped Rust copy).
        run().map(|t| JsValue::from_str(t.expose())).map_err(to_js)
    }

    /// Seals a JSON value as compact JSON, keys in the value's order.
    #[wasm_bindgen(js_name = encryptJson, skip_typescript)]
    pub fn encrypt_json(&self, value: JsValue) -> JsResult<String> {
        let run = || {
            if value.is_undefined() {
                return Err(invalid_input("value", "a JSON value", &value));
            }
            let json = to_json(&value, "value", NonFinite::Reject)?;
            with_cipher(self.handle, |c| c.encrypt_json(&json))
        };
        run().map_err(to_js)
    }

    /// Opens a token into its JSON value.
    #[wasm_bindgen(js_name = decryptJson, skip_typescript)]
    pub fn decrypt_json(&self, token: JsValue) -> JsResult<JsValue> {
        let run = || {
            let token = string_arg(&token, "token")?;
            with_cipher(self.handle, |c| c.decrypt(&token))
        };
        let text = run().map_err(to_js)?;
        // JSON.parse keeps the token's key order (JavaScript puts integer-like keys first).
        js_sys::JSON::parse(text.expose()).map_err(|_| to_js(Error::DecryptFailed))
    }

    /// Seals binary data into a token.
    #[wasm_bindgen(js_name = encryptBytes, skip_typescript)]
    pub fn encrypt_bytes(&self, plaintext: JsValue) -> JsResult<String> {
        let run = || {
            let bytes = plaintext
                .dyn_ref::<Uint8Array>()
                .ok_or_else(|| invalid_input("plaintext", "a Uint8Array", &plaintext))?;
            let bytes = bytes_of(bytes);
            with_cipher(self.handle, |c| c.encrypt_bytes(&bytes))
        };
        run().map_err(to_js)
    }

    /// Opens a token into its binary plaintext.
    #[wasm_bindgen(js_name = decryptBytes, skip_typescript)]
    pub fn decrypt_bytes(&self, token: JsValue) -> JsResult<Uint8Array> {
        let run = || {
            let token = string_arg(&token, "token")?;
            with_cipher(self.handle, |c| c.decrypt_bytes(&token))
        };
        run().map(|b| Uint8Array::from(b.expose())).map_err(to_js)
    }
}

// ---------------------------------------------------------------------------------------------
// Free functions.

/// Checks one PIN against a policy and context; errors name the field "pin".
#[wasm_bindgen(js_name = validatePin, skip_typescript)]
pub fn validate_pin(pin: JsValue, context: JsValue) -> JsResult<JsValue> {
    let run = || {
        let pin = Zeroizing::new(string_arg(&pin, "pin")?);
        let mut policy = PinPolicy::strict();
        let (mut current, mut card, mut phone) = (None, None, None);
        for (key, item) in options_members(&context, "context")? {
            let text = |what: &str| -> Result<Option<Zeroizing<String>>, Error> {
                if item.is_null() {
                    return Ok(None);
                }
                string_arg(&item, what).map(|s| Some(Zeroizing::new(s)))
            };
            match key.as_str() {
                "currentPin" => current = text("currentPin")?,
                "last4Digits" => card = text("last4Digits")?,
                "msisdn" => phone = text("msisdn")?,
                "policy" => policy = policy_arg(&item)?,
                other => return Err(unknown_option("context", other)),
            }
        }
        let ctx = PinContext {
            current_pin: current.as_deref().map(String::as_str),
            last4_digits: card.as_deref().map(String::as_str),
            msisdn: phone.as_deref().map(String::as_str),
        };
        Ok(report_to_js(&pin::validate_pin(&pin, &ctx, &policy)))
    };
    run().map_err(to_js)
}

/// Which strict rules a PIN breaks, for live feedback while typing.
#[wasm_bindgen(js_name = pinStrength, skip_typescript)]
pub fn pin_strength(pin: JsValue) -> JsResult<JsValue> {
    let pin = Zeroizing::new(string_arg(&pin, "pin").map_err(to_js)?);
    let strength = pin::pin_strength(&pin);
    let reasons = Array::new();
    for code in &strength.reasons {
        reasons.push(&code.as_str().into());
    }
    let o = Object::new();
    let _ = Reflect::set(&o, &"weak".into(), &strength.weak.into());
    let _ = Reflect::set(&o, &"reasons".into(), &reasons);
    Ok(o.into())
}

/// Checks a Reset PIN input; returns `{valid, errors}`.
#[wasm_bindgen(js_name = validateResetPin, skip_typescript)]
pub fn validate_reset_pin(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || {
        let json = input_arg(&input, "input")?;
        reset_pin::validate_json(&json, &build_options(&options)?)
    };
    run().map(|r| report_to_js(&r)).map_err(to_js)
}

/// Builds the Reset PIN request object (keys in the partner's order).
#[wasm_bindgen(js_name = buildResetPinRequest, skip_typescript)]
pub fn build_reset_pin_request(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || {
        let json = input_arg(&input, "input")?;
        reset_pin::build_json(&json, &build_options(&options)?)
    };
    let request = run().map_err(to_js)?;
    js_sys::JSON::parse(request.to_json().expose())
        .map_err(|_| to_js(Error::InvalidInput("internal: request is not JSON".into())))
}

/// Validates, builds and seals a Reset PIN request: `{token, request}` with `newPIN` masked.
#[wasm_bindgen(js_name = sealResetPin, skip_typescript)]
pub fn seal_reset_pin(input: JsValue, cipher: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || {
        let json = input_arg(&input, "input")?;
        let handle = cipher_handle(&cipher)?;
        let request = reset_pin::build_json(&json, &build_options(&options)?)?;
        with_cipher(handle, |c| reset_pin::seal_request(request, c))
    };
    let sealed = run().map_err(to_js)?;
    let o = Object::new();
    let request = js_sys::JSON::parse(&sealed.request.to_json_redacted())
        .map_err(|_| to_js(Error::InvalidInput("internal: request is not JSON".into())))?;
    let _ = Reflect::set(&o, &"token".into(), &sealed.token.into());
    let _ = Reflect::set(&o, &"request".into(), &request);
    Ok(o.into())
}

/// Opens a Reset PIN response: `body` is `{token}`, the body text, or the token.
#[wasm_bindgen(js_name = openResetPinResponse, skip_typescript)]
pub fn open_reset_pin_response(
    body: JsValue,
    cipher: JsValue,
    expect: JsValue,
) -> JsResult<JsValue> {
    let run = || {
        let handle = cipher_handle(&cipher)?;
        let mut expect_txn = None;
        for (key, item) in options_members(&expect, "expect")? {
            match key.as_str() {
                "clientTxnId" if item.is_null() => {}
                "clientTxnId" => expect_txn = Some(string_arg(&item, "expect.clientTxnId")?),
                other => return Err(unknown_option("expect", other)),
            }
        }
        let expect_txn = expect_txn.as_deref();
        if let Some(text) = body.as_string() {
            return with_cipher(handle, |c| reset_pin::open_response(&text, c, expect_txn));
        }
        if !is_plain_object(&body) {
            return Err(invalid_input("body", "{ token } or a string", &body));
        }
        let token = Reflect::get(&body, &"token".into())
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| Error::InvalidInput("\"body.token\" expected a string".into()))?;
        with_cipher(handle, |c| reset_pin::open_token(&token, c, expect_txn))
    };
    from_json(&run().map_err(to_js)?.to_result_json())
}

/// Checks a SET_PIN input; returns `{valid, errors}`.
#[wasm_bindgen(js_name = validateSetPin, skip_typescript)]
pub fn validate_set_pin(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || {
        let json = input_arg(&input, "input")?;
        set_pin::validate_json(&json, &build_options(&options)?)
    };
    run().map(|r| report_to_js(&r)).map_err(to_js)
}

/// Builds the SET_PIN request `{action: "SET_PIN", payload}`.
#[wasm_bindgen(js_name = buildSetPinRequest, skip_typescript)]
pub fn build_set_pin_request(input: JsValue, options: JsValue) -> JsResult<JsValue> {
    let run = || {
        let json = input_arg(&input, "input")?;
        set_pin::build_json(&json, &build_options(&options)?)
    };
    let request = run().map_err(to_js)?;
    js_sys::JSON::parse(request.to_json().expose())
        .map_err(|_| to_js(Error::InvalidInput("internal: request is not JSON".into())))
}

/// Parses a SET_PIN response given as an object or a JSON string.
#[wasm_bindgen(js_name = parseSetPinResponse, skip_typescript)]
pub fn parse_set_pin_response(body: JsValue) -> JsResult<JsValue> {
    let parsed = if let Some(text) = body.as_string() {
        set_pin::parse_response(&text)
    } else {
        to_json(&body, "body", NonFinite::Reject)
            .map_err(|e| Error::InvalidResponse {
                reason: e.to_string(),
                raw: String::new(),
            })
            .and_then(|json| set_pin::SetPinResponse::from_json(&json, ""))
    };
    match parsed {
        Ok(response) => from_json(&response.to_result_json()),
        Err(error) => {
            // `raw` is the body exactly as given, object or string.
            let js = to_js(error);
            let _ = Reflect::set(&js, &"raw".into(), &body);
            Err(js)
        }
    }
}

// The whole public API as TypeScript, declared once (every export above is `skip_typescript`).
#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = r#"
/** Stable error codes of `PinsealError.code`. */
export type ErrorCode =
  | "INVALID_KEY" | "INVALID_IV" | "MALFORMED_TOKEN" | "TOKEN_TOO_LARGE" | "DECRYPT_FAILED"
  | "VALIDATION_FAILED" | "INVALID_INPUT" | "INVALID_RESPONSE" | "TXN_MISMATCH" | "RANDOM_UNAVAILABLE";

/** Codes of one broken field rule. */
export type FieldCode =
  | "REQUIRED" | "TOO_LONG" | "TOO_SHORT" | "NOT_DIGITS" | "INVALID_FORMAT" | "INVALID_VALUE"
  | "INVALID_DATETIME" | "UNKNOWN_FIELD" | PinRule;

/** The PIN policy rules of SPEC §3. */
export type PinRule =
  | "PIN_NOT_DIGITS" | "PIN_LENGTH" | "PIN_REPEATED" | "PIN_SEQUENTIAL" | "PIN_COMMON"
  | "PIN_MATCHES_CARD" | "PIN_SAME_AS_CURRENT" | "PIN_MATCHES_PHONE";

/** Every error pinseal throws: a real `Error` with `name === "PinsealError"`. */
export interface PinsealError extends Error {
  name: "PinsealError";
  code: ErrorCode;
  /** Every broken rule, for `VALIDATION_FAILED`. */
  errors?: FieldError[];
  /** The response body exactly as given, for `INVALID_RESPONSE`. */
  raw?: unknown;
}

/** One broken rule of one input field; `field` is the caller's input name. */
export interface FieldError { field: string; code: FieldCode; message: string }

/** The result of a validation: every broken rule, in field order. */
export interface Report { valid: boolean; errors: FieldError[] }

/** `"random"` (default): fresh IV per token, sent in front. A fixed IV (32 hex chars or 16 bytes) is weaker. */
export interface CipherOptions { iv?: "random" | string | Uint8Array }

/** Which PIN rules apply; omitted switches are on. */
export interface PinPolicy {
  length?: number | { min: number; max: number };
  repeated?: boolean;
  sequential?: boolean;
  common?: boolean;
  matchesCard?: boolean;
  matchesPhone?: boolean;
  sameAsCurrent?: boolean;
  /** Extra PINs to refuse (reported as PIN_COMMON). */
  deny?: string[];
}

export type PinPolicyOption = "strict" | "basic" | PinPolicy;

export interface PinContext {
  currentPin?: string | null;
  last4Digits?: string | null;
  msisdn?: string | null;
  policy?: PinPolicyOption;
}

export interface PinStrength { weak: boolean; reasons: PinRule[] }

export interface BuildOptions {
  /** Clock reading for `requestDateTime`: a Date (local time) or `YYYYMMDDHHMMSS`. */
  now?: Date | string | null;
  pinPolicy?: PinPolicyOption | null;
}

/** What a caller types for a Reset PIN request (SPEC §1.1). */
export interface ResetPinInput {
  clientId: string;
  secureCode: string;
  bankId: number | string;
  entityId?: number | string | null;
  customerId: string;
  last4Digits: string;
  urn: string | number;
  newPIN: string;
  clientTxnId?: string | null;
  requestDateTime?: string | null;
}

/** The decrypted Reset PIN request, keys in the partner's order. */
export interface ResetPinRequest {
  messageCode: "1120";
  clientId: string;
  bankId: number;
  entityId: number;
  requestDateTime: string;
  clientTxnId: string;
  secureCode: string;
  newPIN: string;
  last4Digits: string;
  urn: string;
  customerId: string;
}

/** The request as sealed, `newPIN` masked for display and logs. */
export interface ResetPinRequestRedacted extends Omit<ResetPinRequest, "newPIN"> { newPIN: "****" }

export interface SealedResetPin { token: string; request: ResetPinRequestRedacted }

/** An opened Reset PIN response; digit fields stay strings (no float rounding). */
export interface ResetPinResponse {
  ok: boolean;
  responseCode: string;
  meaning: string;
  messageCode?: string;
  clientId?: string;
  clientTxnId?: string;
  responseDateTime?: string;
  urn?: string;
  customerId?: string;
  accosaTransactionId?: string;
  responseMessage?: string;
  description?: string;
  accosaRefNo?: string;
  bankId?: number;
  entityId?: number;
}

/** What a caller types for a SET_PIN request (SPEC §1.2). */
export interface SetPinInput {
  identifier: string;
  pin: string;
  newPin: string;
  deviceIdentifierType: "IMSI" | "APP_ID";
  deviceIdentifier: string;
  identityType: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  identity: string;
  identifierType?: "MSISDN" | null;
  apiRequestId?: string | null;
}

export interface SetPinPayload {
  api_request_id: string;
  identifier_type: "MSISDN";
  identifier: string;
  pin: string;
  device_identifier_type: "IMSI" | "APP_ID";
  device_identifier: string;
  new_pin: string;
  identity_type: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  identity: string;
}

export interface SetPinRequest { action: "SET_PIN"; payload: SetPinPayload }

export type SetPinStatus = "SUCCESS" | "INVALID_ACCOUNT" | "INCORRECT_PIN" | "INVALID_NEW_PIN" | "ERROR";

export interface SetPinResponse { ok: boolean; status: SetPinStatus; description: string }

/**
 * Seals and opens `base64(AES-192-CBC, PKCS#7)` tokens with one 24-byte key.
 * CBC has no MAC: an opened token is confidential, not authenticated. `free()` wipes the key.
 */
export class TokenCipher {
  private constructor();
  /** A cipher from the 24 raw key bytes. */
  static fromBytes(key: Uint8Array, options?: CipherOptions | null): TokenCipher;
  /** A cipher from 48 hex characters (either case). */
  static fromHex(key: string, options?: CipherOptions | null): TokenCipher;
  /** A cipher from standard base64 (32 characters). */
  static fromBase64(key: string, options?: CipherOptions | null): TokenCipher;
  /** A cipher from key text of exactly 24 UTF-8 bytes (never padded or hashed). */
  static fromText(key: string, options?: CipherOptions | null): TokenCipher;
  /** Seals a UTF-8 string into a token. */
  encrypt(plaintext: string): string;
  /** Opens a token; throws MALFORMED_TOKEN, TOKEN_TOO_LARGE or DECRYPT_FAILED. */
  decrypt(token: string): string;
  /** Seals a JSON value as compact JSON, keys in the value's order. */
  encryptJson(value: unknown): string;
  /** Opens a token holding JSON. */
  decryptJson(token: string): unknown;
  /** Seals binary data. */
  encryptBytes(plaintext: Uint8Array): string;
  /** Opens a token holding binary data. */
  decryptBytes(token: string): Uint8Array;
  /** Wipes the key; using the cipher afterwards throws. A second call does nothing. */
  free(): void;
}

/** Checks one PIN; errors name the field "pin". */
export function validatePin(pin: string, context?: PinContext | null): Report;
/** Which strict rules a PIN breaks (any length 4-12), for live feedback while typing. */
export function pinStrength(pin: string): PinStrength;
/** Checks a Reset PIN input; never throws for field problems. */
export function validateResetPin(input: ResetPinInput, options?: BuildOptions | null): Report;
/** Builds the Reset PIN request; throws VALIDATION_FAILED with `errors`. */
export function buildResetPinRequest(input: ResetPinInput, options?: BuildOptions | null): ResetPinRequest;
/** Validates, builds and seals in one step; the returned request has `newPIN` masked. */
export function sealResetPin(input: ResetPinInput, cipher: TokenCipher, options?: BuildOptions | null): SealedResetPin;
/** Opens a Reset PIN response (`{token}`, the body text, or the token); checks the echoed clientTxnId when given. */
export function openResetPinResponse(body: { token: string } | string, cipher: TokenCipher, expect?: { clientTxnId?: string | null } | null): ResetPinResponse;
/** Checks a SET_PIN input; never throws for field problems. */
export function validateSetPin(input: SetPinInput, options?: BuildOptions | null): Report;
/** Builds the SET_PIN request envelope; throws VALIDATION_FAILED with `errors`. */
export function buildSetPinRequest(input: SetPinInput, options?: BuildOptions | null): SetPinRequest;
/** Parses a SET_PIN response (object or JSON string); throws INVALID_RESPONSE with `raw`. */
export function parseSetPinResponse(body: unknown): SetPinResponse;
"#;
