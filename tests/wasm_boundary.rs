//! Tests of the JavaScript boundary inside WebAssembly (wasm-bindgen-test): the real
//! `#[wasm_bindgen]` exports of `src/wasm/`, called from Rust with real JavaScript values, in
//! the real engine. `scripts/test-wasm.sh` runs this one file in four engines: Node (the
//! runner's default, no `wasm_bindgen_test_configure!`), and with `WASM_BINDGEN_USE_BROWSER=1`
//! headless Chromium (`CHROMEDRIVER`), headless Firefox (`GECKODRIVER`) and WebKitGTK's
//! MiniBrowser (`SAFARIDRIVER=WebKitWebDriver`, on Xvfb).
//!
//! An integration test of the crate, built for wasm32 only (`#![cfg]` below): it reaches the raw
//! exports through the hidden `pinseal::wasm` module, so its panics and `expect`s never reach the
//! shipped module.
//!
//! What the JS tests (`tests/boundary/*.mjs`) cannot see from outside, these check from inside:
//! every error is the one `PinsealError` class of `npm/error.js` (imported here from the same
//! module, so `instanceof` compares class identity), and `free()` wipes the cipher's memory.
//!
//! What these do not cover: the entry module `npm/pinseal.js` (its `TokenCipher` wrapper, the
//! brand check on the `cipher` argument, `encryptJson`'s `JSON.stringify`, `decryptJson`), which
//! `tests/boundary/` tests. The `cipher` argument of `sealResetPin`/`openResetPinResponse` is a
//! typed `&RawCipher` here, so it has no hostile-value row.

#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use core::cell::RefCell;

use js_sys::{Array, BigInt, Function, JsString, Object, Reflect, Symbol, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use entry::{reset_pin, set_pin};
use pinseal::wasm::cipher::RawCipher;
use pinseal::wasm::pin;

/// The input exports as the entry makes them (npm/pinseal.js): the caller's object read by the
/// entry's reader (npm/read.js, imported here as it is), one JSON text into the raw export. So
/// the hostile-value tables below run the real reader against the real module in each engine.
mod entry {
    use js_sys::Reflect;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/npm/read.js")]
    extern "C" {
        #[wasm_bindgen(js_name = readInput, catch)]
        fn read_input(value: &JsValue, table: &JsValue, what: &str) -> Result<String, JsValue>;
        fn tables(text: String) -> JsValue;
    }

    /// The local time as the entry gives it (`localNow` in npm/pinseal.js).
    fn now() -> String {
        let d = js_sys::Date::new_0();
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        )
    }

    fn read(value: &JsValue, what: &str) -> Result<String, JsValue> {
        let table = Reflect::get(&tables(pinseal::wasm::field_tables()), &what.into())?;
        read_input(value, &table, what)
    }

    pub mod reset_pin {
        use pinseal::wasm::cipher::RawCipher;
        use pinseal::wasm::reset_pin as raw;
        use wasm_bindgen::prelude::*;

        pub use raw::open_response;

        pub fn validate(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
            raw::validate(super::read(&value, "ResetPinInput")?, options)
        }
        pub fn build_request(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
            raw::build_request(super::read(&value, "ResetPinInput")?, options, super::now())
        }
        pub fn seal(
            value: JsValue,
            cipher: &RawCipher,
            options: JsValue,
        ) -> Result<JsValue, JsValue> {
            raw::seal(
                super::read(&value, "ResetPinInput")?,
                cipher,
                options,
                super::now(),
            )
        }
    }

    pub mod set_pin {
        use pinseal::wasm::set_pin as raw;
        use wasm_bindgen::prelude::*;

        pub use raw::parse_response;

        pub fn validate(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
            raw::validate(super::read(&value, "SetPinInput")?, options)
        }
        pub fn build_request(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
            raw::build_request(super::read(&value, "SetPinInput")?, options)
        }
    }
}

/// The entry's `TokenCipher` methods as the entry makes them of the raw exports (npm/pinseal.js:
/// the module seals to bytes and opens from a text or bytes, the platform's base64 writes the
/// text; here `b64`, the tests' own encoder). Reading a `Uint8Array` argument is the entry's
/// work (npm/read.js), tested by tests/boundary/.
trait EntryMethods {
    fn encrypt(&self, plaintext: JsValue) -> Result<String, JsValue>;
    fn encrypt_json(&self, json: JsValue) -> Result<String, JsValue>;
    fn encrypt_bytes(&self, plaintext: Uint8Array) -> Result<String, JsValue>;
    fn decrypt(&self, token: JsValue) -> Result<JsValue, JsValue>;
    fn decrypt_bytes(&self, token: JsValue) -> Result<Uint8Array, JsValue>;
}

impl EntryMethods for RawCipher {
    fn encrypt(&self, plaintext: JsValue) -> Result<String, JsValue> {
        let sealed = self.seal_text(plaintext, false)?;
        Ok(b64(&Uint8Array::from(sealed.as_slice())))
    }
    fn encrypt_json(&self, json: JsValue) -> Result<String, JsValue> {
        let sealed = self.seal_text(json, true)?;
        Ok(b64(&Uint8Array::from(sealed.as_slice())))
    }
    fn encrypt_bytes(&self, plaintext: Uint8Array) -> Result<String, JsValue> {
        let sealed = self.seal_bytes(plaintext.to_vec())?;
        Ok(b64(&Uint8Array::from(sealed.as_slice())))
    }
    fn decrypt(&self, token: JsValue) -> Result<JsValue, JsValue> {
        self.open_text(token, 1)
    }
    fn decrypt_bytes(&self, token: JsValue) -> Result<Uint8Array, JsValue> {
        self.open_text(token, 0).map(JsCast::unchecked_into)
    }
}

// The very class the module throws (same snippet module, so the same class object).
#[wasm_bindgen(module = "/npm/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = PinsealError)]
    type PinsealErrorClass;
}

// Values only JavaScript can make, and the memory scan of the `free()` test. Nothing here
// catches: a helper that threw would fail the test.
#[wasm_bindgen(inline_js = r#"
const THROW = () => { throw new Error('boom'); };
export function throwingGetters(names) {
  const o = {};
  for (const k of names) Object.defineProperty(o, k, { enumerable: true, get: THROW });
  return o;
}
export function throwingTraps() {
  const handler = {};
  for (const t of ['get', 'set', 'has', 'ownKeys', 'getPrototypeOf', 'setPrototypeOf',
    'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty', 'isExtensible',
    'preventExtensions', 'apply', 'construct']) handler[t] = THROW;
  return handler;
}
export function withGetter(base, name) {
  return Object.defineProperty({ ...base }, name, { enumerable: true, get: THROW });
}
export function aFunction() { return () => 'x'; }
export function frozen(base) { return Object.freeze({ ...base }); }
export function nullProto(base) { return Object.assign(Object.create(null), base); }
export function classInstance(base) { return new (class Input { constructor() { Object.assign(this, base); } })(); }
export function detached() { const u = new Uint8Array(24); structuredClone(u.buffer, { transfer: [u.buffer] }); return u; }
export function typed(kind) {
  switch (kind) {
    case 'Uint16Array': return new Uint16Array(12);
    case 'Int8Array': return new Int8Array(24);
    case 'ArrayBuffer': return new ArrayBuffer(24);
    case 'DataView': return new DataView(new ArrayBuffer(24));
    case 'Float64Array': return new Float64Array(2);
    default: throw new Error('unknown kind ' + kind);
  }
}
export function engine() {
  const node = typeof process === 'object' && process.versions && process.versions.node;
  return node ? `Node ${process.version}` : `${navigator.userAgent}`;
}
export function polluted() { return Object.keys(Object.prototype).length > 0 || ({}).polluted !== undefined; }
export function b64(u) { let s = ''; for (const b of u) s += String.fromCharCode(b); return btoa(s); }
export function randomBytes(n) { return crypto.getRandomValues(new Uint8Array(n)); }
export function hex(u) { return Array.from(u, (b) => b.toString(16).padStart(2, '0')).join(''); }
export function wbgPtr(obj) { return obj.__wbg_ptr; }
export function callFree(obj) { obj.free(); }
// [hits of `needle` in [ptr, ptr + len), non-zero bytes in [ptr + skip, ptr + len),
//  hits of `needle` in all of memory]
export function scan(memory, ptr, len, skip, needle) {
  const all = new Uint8Array(memory.buffer);
  const count = (hay) => {
    let n = 0;
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      n++;
    }
    return n;
  };
  const region = all.subarray(ptr, ptr + len);
  let nonzero = 0;
  for (let i = skip; i < len; i++) if (region[i] !== 0) nonzero++;
  return [count(region), nonzero, count(all)];
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = throwingGetters)]
    fn throwing_getters(names: &Array) -> JsValue;
    #[wasm_bindgen(js_name = throwingTraps)]
    fn throwing_traps() -> Object;
    #[wasm_bindgen(js_name = withGetter)]
    fn with_getter(base: &JsValue, name: &str) -> JsValue;
    #[wasm_bindgen(js_name = aFunction)]
    fn a_function() -> JsValue;
    fn frozen(base: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = nullProto)]
    fn null_proto(base: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = classInstance)]
    fn class_instance(base: &JsValue) -> JsValue;
    fn detached() -> JsValue;
    fn typed(kind: &str) -> JsValue;
    fn engine() -> String;
    fn polluted() -> bool;
    fn b64(bytes: &Uint8Array) -> String;
    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes(n: u32) -> Uint8Array;
    fn hex(bytes: &Uint8Array) -> String;
    #[wasm_bindgen(js_name = wbgPtr)]
    fn wbg_ptr(obj: &JsValue) -> f64;
    #[wasm_bindgen(js_name = callFree)]
    fn call_free(obj: &JsValue);
    fn scan(memory: &JsValue, ptr: f64, len: f64, skip: f64, needle: &Uint8Array) -> Array;
}

// ---------------------------------------------------------------------------------------------
// Fixtures and checks shared by the tables.

const KEY_TEXT: &str = "0123456789abcdefghijklmn";
// tests/boundary/cases.mjs's RESET and SETPIN, and the §1.1 sample they build.
const RESET: &str = r#"{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":2010,"customerId":"QVdzHtZsuG","last4Digits":"8172","urn":"402","newPIN":"5829","clientTxnId":"txn-boundary-1","requestDateTime":"20221116122653"}"#;
const SETPIN: &str = r#"{"identifier":"+4915112345678","pin":"5829","newPin":"4826","deviceIdentifierType":"IMSI","deviceIdentifier":"2620112345678901","identityType":"NATIONAL_ID","identity":"L01X00T47"}"#;
const EXPECTED_SAMPLE: &str = r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"txn-boundary-1","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#;

type Call<'a> = Box<dyn Fn(&[JsValue]) -> Result<JsValue, JsValue> + 'a>;

/// What a call must do: return, or throw a `PinsealError` with this code.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Ok,
    Err(&'static str),
}
use Want::{Err as E, Ok as OK};

const INVALID_INPUT: Want = E("INVALID_INPUT");

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("fixture JSON")
}

/// A copy of the JSON object `base` with `key` set to `value`.
fn with(base: &str, key: &str, value: &JsValue) -> JsValue {
    let o = json(base);
    Reflect::set(&o, &key.into(), value).expect("set");
    o
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue) -> String {
    value
        .as_string()
        .unwrap_or_else(|| format!("<not a string: {value:?}>"))
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .unwrap_or_default()
}

/// `"field:CODE field:CODE"` of a report or of a `PinsealError`'s `errors`.
fn field_codes(report: &JsValue) -> String {
    let errors: Array = get(report, "errors").dyn_into().unwrap_or_default();
    errors
        .iter()
        .map(|e| format!("{}:{}", text(&get(&e, "field")), text(&get(&e, "code"))))
        .collect::<Vec<_>>()
        .join(" ")
}

fn unhex(hex: &str) -> Vec<u8> {
    assert!(hex.len() % 2 == 0, "odd hex");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The prototype every pinseal error must have: that of the imported `PinsealError` class.
fn error_prototype() -> JsValue {
    let err = match RawCipher::from_text("short".into(), JsValue::UNDEFINED) {
        Ok(_) => panic!("a 5-byte key was accepted"),
        Err(e) => e,
    };
    assert!(
        err.is_instance_of::<PinsealErrorClass>(),
        "reference error is not a PinsealError"
    );
    Object::get_prototype_of(&err).into()
}

/// Why `err` is not a `PinsealError` with `code` (the same class as every other pinseal error,
/// a real `Error`, not a `TypeError`), or `None`.
fn error_problem(err: &JsValue, code: &str, proto: &JsValue) -> Option<String> {
    let describe = || {
        format!(
            "{} {}: {}",
            text(&get(err, "name")),
            text(&get(err, "code")),
            text(&get(err, "message"))
        )
    };
    if !err.is_instance_of::<PinsealErrorClass>() {
        return Some(format!("not instanceof PinsealError ({})", describe()));
    }
    if !err.is_instance_of::<js_sys::Error>() || err.is_instance_of::<js_sys::TypeError>() {
        return Some(format!("not a plain Error subclass ({})", describe()));
    }
    if !Object::is(&Object::get_prototype_of(err), proto) {
        return Some("a different PinsealError class than other errors".into());
    }
    if text(&get(err, "name")) != "PinsealError"
        || text(&get(&get(err, "constructor"), "name")) != "PinsealError"
    {
        return Some(format!(
            "name/constructor.name is not PinsealError ({})",
            describe()
        ));
    }
    if get(err, "code").as_string().as_deref() != Some(code) {
        return Some(format!("expected code {code}, got {}", describe()));
    }
    None
}

/// The `PinsealError` a call must throw; panics with the reason otherwise.
fn expect_error<T>(result: Result<T, JsValue>, code: &str, what: &str) -> JsValue {
    let err = match result {
        Ok(_) => panic!("{what}: returned, expected {code}"),
        Err(e) => e,
    };
    if let Some(problem) = error_problem(&err, code, &error_prototype()) {
        panic!("{what}: {problem}");
    }
    err
}

fn ok<T>(result: Result<T, JsValue>, what: &str) -> T {
    result.unwrap_or_else(|e| {
        panic!(
            "{what}: threw {} {}: {}",
            text(&get(&e, "name")),
            text(&get(&e, "code")),
            text(&get(&e, "message"))
        )
    })
}

/// A random-IV cipher on the fixture key.
fn fixture_cipher() -> RawCipher {
    ok(
        RawCipher::from_text(KEY_TEXT.into(), JsValue::UNDEFINED),
        "fixture cipher",
    )
}

/// After every hostile call: the cipher and the module still work, `Object.prototype` is clean.
fn health_problem(cipher: &RawCipher) -> Option<String> {
    let round = cipher
        .encrypt("still alive".into())
        .and_then(|t| cipher.decrypt(t.into()));
    if round.ok().and_then(|v| v.as_string()).as_deref() != Some("still alive") {
        return Some("the cipher no longer works".into());
    }
    let report = reset_pin::validate(json(RESET), JsValue::UNDEFINED);
    if report.map(|r| get(&r, "valid").as_bool()).ok().flatten() != Some(true) {
        return Some("the module no longer validates".into());
    }
    if polluted() {
        return Some("Object.prototype was polluted".into());
    }
    None
}

/// Names the engine in the output (`engine: ...`), which `scripts/test-wasm.sh` checks, so a
/// run claimed as Chromium, Firefox or WebKit cannot silently be Node or another browser.
#[wasm_bindgen_test]
fn engine_is_named() {
    let name = engine();
    wasm_bindgen_test::console_log!("engine: {name}");
    assert!(
        name.starts_with("Node v") || name.contains("Mozilla/5.0"),
        "unknown engine {name:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 1. Wycheproof AES-192-CBC/PKCS#7 vectors through the exported cipher.
//
// tests/vectors/wycheproof_aes192_cbc_pkcs5.json: the keySize-192 group (tcId 73-144, 72 cases)
// of C2SP/wycheproof testvectors_v1/aes_cbc_pkcs5_test.json at commit dac1dd47 (Apache-2.0;
// provenance in tests/vectors/README.md). Every case is run, not a sample.

const WYCHEPROOF: &str = include_str!("vectors/wycheproof_aes192_cbc_pkcs5.json");

struct Vector {
    tc_id: u32,
    flags: String,
    key: String,
    iv: String,
    msg: String,
    ct: String,
    valid: bool,
}

/// The tests of the vector file, read by hand: each test object starts at `"tcId"` and holds
/// one-line string members `comment`, `key`, `iv`, `msg`, `ct`, `result` and a `flags` array.
fn vectors() -> Vec<Vector> {
    WYCHEPROOF
        .split("\"tcId\"")
        .skip(1)
        .map(|chunk| {
            let after = |name: &str| -> &str {
                let tag = format!("\"{name}\"");
                let at = chunk.find(&tag).unwrap_or_else(|| panic!("no {name}")) + tag.len();
                let rest = chunk[at..].trim_start();
                rest.strip_prefix(':').expect("a colon").trim_start()
            };
            let string = |name: &str| -> String {
                let rest = after(name).strip_prefix('"').expect("a string");
                rest[..rest.find('"').expect("closing quote")].to_owned()
            };
            let id = chunk
                .trim_start()
                .strip_prefix(':')
                .expect("tcId colon")
                .trim_start();
            let id_end = id.find(|c: char| !c.is_ascii_digit()).expect("tcId end");
            let flags = after("flags");
            Vector {
                tc_id: id[..id_end].parse().expect("tcId"),
                flags: flags[..flags.find(']').expect("flags end")].to_owned(),
                key: string("key"),
                iv: string("iv"),
                msg: string("msg"),
                ct: string("ct"),
                valid: match string("result").as_str() {
                    "valid" => true,
                    "invalid" => false,
                    other => panic!("result {other}"),
                },
            }
        })
        .collect()
}

fn bytes_of(hex: &str) -> Uint8Array {
    Uint8Array::from(unhex(hex).as_slice())
}

fn fixed_iv_options(iv: JsValue) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"iv".into(), &iv).expect("set iv");
    o.into()
}

// Base64 decoding by JavaScript's atob, not by pinseal (as `b64` encodes by btoa).
#[wasm_bindgen(
    inline_js = "export function unb64(s) { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); }"
)]
extern "C" {
    fn unb64(text: &str) -> Uint8Array;
}

/// A `BadPadding` vector's decrypted bytes, through the exported cipher (an invalid case that
/// only fails tests the unpadding, not the decryption). `msg` is the plaintext that was
/// encrypted with a wrong padding, and pinseal has no raw-decrypt export, so: append to `ct` one
/// full PKCS#7 block, E_K(C_last ⊕ 16×0x10), made as the token of the empty plaintext under a
/// fixed IV equal to `ct`'s last block. `ct` ‖ that block then opens to `ct`'s own decryption:
/// `msg` followed by the wrong padding, `ct`'s length in all. `None` if it does.
fn bad_padding_problem(v: &Vector) -> Option<String> {
    let ct = unhex(&v.ct);
    let last = Uint8Array::from(&ct[ct.len() - 16..]);
    let pad = RawCipher::from_bytes(bytes_of(&v.key).into(), fixed_iv_options(last.into()))
        .and_then(|c| c.encrypt_bytes(Uint8Array::new_with_length(0)));
    let Ok(pad) = pad else {
        return Some("no padding block".into());
    };
    let mut padded = ct.clone();
    padded.extend(unb64(&pad).to_vec());
    let cipher = RawCipher::from_bytes(
        bytes_of(&v.key).into(),
        fixed_iv_options(bytes_of(&v.iv).into()),
    );
    let token = b64(&Uint8Array::from(padded.as_slice()));
    match cipher.and_then(|c| c.decrypt_bytes(token.as_str().into())) {
        Err(_) => Some("ct ‖ a full padding block did not open".into()),
        Ok(b) => {
            let raw = b.to_vec();
            (raw.len() != ct.len() || !raw.starts_with(&unhex(&v.msg))).then(|| {
                format!(
                    "ct ‖ a full padding block opened to {}, want msg {} then the wrong padding, {} bytes in all",
                    hex(&b),
                    v.msg,
                    ct.len()
                )
            })
        }
    }
}

#[wasm_bindgen_test]
fn wycheproof_vectors_through_raw_cipher() {
    let all = vectors();
    let valid = all.iter().filter(|v| v.valid).count();
    let bad_padding = all
        .iter()
        .filter(|v| !v.valid && v.flags.contains("BadPadding"))
        .count();
    let no_padding = all
        .iter()
        .filter(|v| !v.valid && v.flags.contains("NoPadding"))
        .count();
    assert_eq!(
        (all.len(), valid, bad_padding, no_padding),
        (72, 24, 47, 1),
        "vector file read"
    );
    assert_eq!((all[0].tc_id, all[71].tc_id), (73, 144));

    let proto = error_prototype();
    let mut failures = Vec::new();
    let mut checked_bad_padding = 0;
    for v in &all {
        let id = v.tc_id;
        let token = b64(&bytes_of(&v.ct)); // by JavaScript's btoa, not by pinseal
                                           // Fixed-IV mode two ways: key and IV as hex text, and as bytes. token = base64(ct).
        let ciphers = [
            (
                "fromHex",
                RawCipher::from_hex(
                    v.key.as_str().into(),
                    fixed_iv_options(v.iv.as_str().into()),
                ),
            ),
            (
                "fromBytes",
                RawCipher::from_bytes(
                    bytes_of(&v.key).into(),
                    fixed_iv_options(bytes_of(&v.iv).into()),
                ),
            ),
        ];
        for (how, cipher) in ciphers {
            let cipher = ok(cipher, &format!("tcId {id}: {how}"));
            let opened = cipher.decrypt_bytes(token.as_str().into());
            let as_text = cipher.decrypt(token.as_str().into());
            if v.valid {
                let msg = unhex(&v.msg);
                match cipher.encrypt_bytes(bytes_of(&v.msg)) {
                    Ok(t) if t == token => {}
                    other => failures.push(format!(
                        "tcId {id} {how}: encryptBytes gave {other:?}, want {token}"
                    )),
                }
                match opened {
                    Ok(b) if b.to_vec() == msg => {}
                    _ => failures.push(format!("tcId {id} {how}: decryptBytes did not give msg")),
                }
                // The messages that are UTF-8 (tcId 73, 77, 78) through the string API too.
                if let Ok(msg_text) = String::from_utf8(msg.clone()) {
                    match cipher.encrypt(msg_text.as_str().into()) {
                        Ok(t) if t == token => {}
                        other => failures.push(format!("tcId {id} {how}: encrypt gave {other:?}")),
                    }
                    match as_text {
                        Ok(t) if t.as_string().as_deref() == Some(msg_text.as_str()) => {}
                        _ => failures.push(format!("tcId {id} {how}: decrypt did not give msg")),
                    }
                }
            } else {
                // Bad padding is the one uniform DECRYPT_FAILED; the empty ciphertext (tcId 97)
                // is a length fact, MALFORMED_TOKEN (SPEC §2).
                let code = if v.ct.is_empty() {
                    "MALFORMED_TOKEN"
                } else {
                    "DECRYPT_FAILED"
                };
                for (api, result) in [
                    ("decryptBytes", opened.map(JsValue::from)),
                    ("decrypt", as_text),
                ] {
                    match result {
                        Ok(_) => failures
                            .push(format!("tcId {id} {how}: {api} accepted an invalid token")),
                        Err(e) => {
                            if let Some(p) = error_problem(&e, code, &proto) {
                                failures.push(format!("tcId {id} {how}: {api}: {p}"));
                            } else if code == "DECRYPT_FAILED"
                                && text(&get(&e, "message")) != pinseal::DECRYPT_FAILED_MESSAGE
                            {
                                failures.push(format!(
                                    "tcId {id} {how}: {api}: not the uniform message"
                                ));
                            }
                        }
                    }
                }
            }
        }
        // The empty ciphertext (tcId 97, the one invalid case that is not BadPadding) has no
        // decryption to check.
        if v.flags.contains("BadPadding") {
            checked_bad_padding += 1;
            if let Some(p) = bad_padding_problem(v) {
                failures.push(format!("tcId {id} decrypted bytes: {p}"));
            }
        }
        // Random-IV mode reads the same ciphertext as base64(IV ‖ ct).
        if v.valid {
            let cipher = ok(
                RawCipher::from_hex(v.key.as_str().into(), JsValue::UNDEFINED),
                "random mode",
            );
            let with_iv = b64(&bytes_of(&format!("{}{}", v.iv, v.ct)));
            match cipher.decrypt_bytes(with_iv.into()) {
                Ok(b) if b.to_vec() == unhex(&v.msg) => {}
                _ => failures.push(format!(
                    "tcId {id} random mode: base64(IV ‖ ct) did not open"
                )),
            }
        }
    }
    assert_eq!(checked_bad_padding, 47, "BadPadding cases decrypted");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Hostile values through every export and every JavaScript argument position.
//
// Columns: tests/boundary/cases.mjs's HOSTILE (null, undefined, NaN, [], {}, 1n, "x",
// new Set()) plus tests/boundary/hostile.test.mjs's getter that throws, proxy whose traps
// throw, 10,000-deep nesting, own `__proto__` key and lone surrogate.

const COLUMNS: [&str; 13] = [
    "null",
    "undefined",
    "NaN",
    "[]",
    "{}",
    "1n",
    "\"x\"",
    "new Set()",
    "throwing getter",
    "throwing proxy",
    "10,000 deep",
    "own __proto__",
    "lone surrogate",
];

/// 10,000 levels of `{a: {a: ... 1}}`.
fn deep(levels: usize) -> JsValue {
    let mut v = JsValue::from(1);
    for _ in 0..levels {
        let o = Object::new();
        Reflect::set(&o, &"a".into(), &v).expect("set");
        v = o.into();
    }
    v
}

fn throwing_proxy() -> JsValue {
    js_sys::Proxy::new(&Object::new(), &throwing_traps()).into()
}

/// The hostile values, in `COLUMNS` order.
fn hostile_values() -> Vec<JsValue> {
    // Every key any export reads: whichever it reads first throws.
    let names: Array = [
        "clientId",
        "identity",
        "newPIN",
        "now",
        "pinPolicy",
        "iv",
        "length",
        "currentPin",
        "policy",
        "clientTxnId",
        "token",
        "set_pin_status",
    ]
    .iter()
    .map(|n| JsValue::from(*n))
    .collect();
    vec![
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_f64(f64::NAN),
        Array::new().into(),
        Object::new().into(),
        BigInt::from(1).into(),
        JsValue::from_str("x"),
        js_sys::Set::new(&JsValue::UNDEFINED).into(),
        throwing_getters(&names),
        throwing_proxy(),
        deep(10_000),
        json(r#"{"__proto__":{}}"#),
        JsString::from_char_code1(0xD800).into(),
    ]
}

/// A row: `other` everywhere except the named columns.
fn row(other: Want, cells: &[(&str, Want)]) -> Vec<Want> {
    for (name, _) in cells {
        assert!(COLUMNS.contains(name), "no column {name}");
    }
    COLUMNS
        .iter()
        .map(|c| {
            cells
                .iter()
                .find(|(n, _)| n == c)
                .map_or(other, |(_, w)| *w)
        })
        .collect()
}

fn all_invalid() -> Vec<Want> {
    row(INVALID_INPUT, &[])
}
/// An optional options object: `undefined`, `null` and `{}` mean "none".
fn optional_object() -> Vec<Want> {
    row(
        INVALID_INPUT,
        &[("null", OK), ("undefined", OK), ("{}", OK)],
    )
}
/// A string that is text (a plaintext, a PIN): any string is fine, lone surrogates included.
fn any_string() -> Vec<Want> {
    row(INVALID_INPUT, &[("\"x\"", OK), ("lone surrogate", OK)])
}
/// A key as text: "x" and a lone surrogate (read as U+FFFD) are strings, but no key.
fn key_text() -> Vec<Want> {
    let bad = E("INVALID_KEY");
    row(INVALID_INPUT, &[("\"x\"", bad), ("lone surrogate", bad)])
}
/// A token: "x" and U+FFFD are strings, but not base64.
fn token_text() -> Vec<Want> {
    let bad = E("MALFORMED_TOKEN");
    row(INVALID_INPUT, &[("\"x\"", bad), ("lone surrogate", bad)])
}
/// `openResetPinResponse`'s body: a token or body text, or `{ token }`; a plain object without
/// a string `token` is an answer the partner gave, so INVALID_RESPONSE.
fn response_body() -> Vec<Want> {
    let bad = E("MALFORMED_TOKEN");
    let answer = E("INVALID_RESPONSE");
    row(
        INVALID_INPUT,
        &[
            ("\"x\"", bad),
            ("lone surrogate", bad),
            ("{}", answer),
            ("10,000 deep", answer),
            ("own __proto__", answer),
        ],
    )
}
/// An input object to validate: any plain object gives a report (unknown keys are field errors).
fn input_to_validate() -> Vec<Want> {
    row(
        INVALID_INPUT,
        &[("{}", OK), ("10,000 deep", OK), ("own __proto__", OK)],
    )
}
/// An input object to build from: a plain object without the fields fails validation.
fn input_to_build() -> Vec<Want> {
    let vf = E("VALIDATION_FAILED");
    row(
        INVALID_INPUT,
        &[("{}", vf), ("10,000 deep", vf), ("own __proto__", vf)],
    )
}

struct Export<'a> {
    name: &'static str,
    /// A valid value per JavaScript argument position.
    valid: Vec<JsValue>,
    call: Call<'a>,
    /// The outcome per position, per column.
    rows: Vec<Vec<Want>>,
}

/// Runs every cell of `table`; returns how many calls were made.
fn run_table(table: &[Export<'_>], cipher: &RawCipher) -> usize {
    let hostile = hostile_values();
    let proto = error_prototype();
    let mut failures = Vec::new();
    let mut calls = 0;
    for export in table {
        assert_eq!(
            export.valid.len(),
            export.rows.len(),
            "{}: rows per argument",
            export.name
        );
        if let Err(e) = (export.call)(&export.valid) {
            failures.push(format!(
                "{}: valid input threw {}",
                export.name,
                text(&get(&e, "message"))
            ));
        }
        for (position, outcomes) in export.rows.iter().enumerate() {
            for ((column, value), want) in COLUMNS.iter().zip(&hostile).zip(outcomes) {
                let mut args = export.valid.clone();
                args[position] = value.clone();
                let cell = format!("{}: argument {} = {column}", export.name, position + 1);
                calls += 1;
                match ((export.call)(&args), want) {
                    (Ok(_), Want::Ok) => {}
                    (Ok(v), Want::Err(code)) => {
                        failures.push(format!("{cell}: returned {}, want {code}", stringify(&v)));
                    }
                    (Err(e), Want::Ok) => failures.push(format!(
                        "{cell}: threw {} {}, want a result",
                        text(&get(&e, "code")),
                        text(&get(&e, "message"))
                    )),
                    (Err(e), Want::Err(code)) => {
                        if let Some(p) = error_problem(&e, code, &proto) {
                            failures.push(format!("{cell}: {p}"));
                        } else if *code == "VALIDATION_FAILED" && field_codes(&e).is_empty() {
                            failures.push(format!("{cell}: VALIDATION_FAILED without errors[]"));
                        } else if *code == "INVALID_RESPONSE" && !Object::is(&get(&e, "raw"), value)
                        {
                            failures.push(format!("{cell}: raw is not the body as given"));
                        }
                    }
                }
                if let Some(p) = health_problem(cipher) {
                    failures.push(format!("{cell}: afterwards {p}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cells:\n{}",
        failures.len(),
        failures.join("\n")
    );
    calls
}

fn string_result(r: Result<String, JsValue>) -> Result<JsValue, JsValue> {
    r.map(JsValue::from)
}

#[wasm_bindgen_test]
fn hostile_values_cipher_exports() {
    let cipher = fixture_cipher();
    let token = ok(cipher.encrypt("p".into()), "token");
    let c = &cipher;
    let table = vec![
        Export {
            name: "RawCipher.fromBytes",
            valid: vec![
                Uint8Array::from(KEY_TEXT.as_bytes()).into(),
                JsValue::UNDEFINED,
            ],
            call: Box::new(|a| {
                RawCipher::from_bytes(a[0].clone(), a[1].clone()).map(|_| JsValue::UNDEFINED)
            }),
            rows: vec![all_invalid(), optional_object()],
        },
        Export {
            name: "RawCipher.fromHex",
            valid: vec![
                "303132333435363738396162636465666768696a6b6c6d6e".into(),
                JsValue::UNDEFINED,
            ],
            call: Box::new(|a| {
                RawCipher::from_hex(a[0].clone(), a[1].clone()).map(|_| JsValue::UNDEFINED)
            }),
            rows: vec![key_text(), optional_object()],
        },
        Export {
            name: "RawCipher.fromBase64",
            valid: vec![
                "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u".into(),
                JsValue::UNDEFINED,
            ],
            call: Box::new(|a| {
                RawCipher::from_base64(a[0].clone(), a[1].clone()).map(|_| JsValue::UNDEFINED)
            }),
            rows: vec![key_text(), optional_object()],
        },
        Export {
            name: "RawCipher.fromText",
            valid: vec![KEY_TEXT.into(), JsValue::UNDEFINED],
            call: Box::new(|a| {
                RawCipher::from_text(a[0].clone(), a[1].clone()).map(|_| JsValue::UNDEFINED)
            }),
            rows: vec![key_text(), optional_object()],
        },
        Export {
            name: "cipher.encrypt",
            valid: vec!["plain".into()],
            call: Box::new(move |a| string_result(c.encrypt(a[0].clone()))),
            rows: vec![any_string()],
        },
        Export {
            name: "cipher.decrypt",
            valid: vec![token.as_str().into()],
            call: Box::new(move |a| c.decrypt(a[0].clone())),
            rows: vec![token_text()],
        },
        // The raw export takes the entry's JSON.stringify output: a string.
        Export {
            name: "cipher.encryptJson (raw: JSON text)",
            valid: vec![r#"{"a":1}"#.into()],
            call: Box::new(move |a| string_result(c.encrypt_json(a[0].clone()))),
            rows: vec![any_string()],
        },
        Export {
            name: "cipher.decryptBytes",
            valid: vec![token.as_str().into()],
            call: Box::new(move |a| c.decrypt_bytes(a[0].clone()).map(JsValue::from)),
            rows: vec![token_text()],
        },
    ];
    let calls = run_table(&table, &cipher);
    assert_eq!(calls, 12 * COLUMNS.len());
}

#[wasm_bindgen_test]
fn hostile_values_pin_exports() {
    let cipher = fixture_cipher();
    let table = vec![
        Export {
            name: "validatePin",
            valid: vec!["5829".into(), JsValue::UNDEFINED],
            call: Box::new(|a| pin::validate_pin(a[0].clone(), a[1].clone())),
            rows: vec![any_string(), optional_object()],
        },
        Export {
            name: "pinStrength",
            valid: vec!["5829".into(), JsValue::UNDEFINED],
            call: Box::new(|a| pin::pin_strength(a[0].clone(), a[1].clone())),
            // The policy: "x" and U+FFFD are strings other than "strict"/"basic".
            rows: vec![any_string(), optional_object()],
        },
    ];
    run_table(&table, &cipher);
}

#[wasm_bindgen_test]
fn hostile_values_reset_pin_exports() {
    let cipher = fixture_cipher();
    let response_token = ok(
        cipher.encrypt(r#"{"responseCode":"00","clientTxnId":"txn-boundary-1"}"#.into()),
        "response token",
    );
    let body = Object::new();
    Reflect::set(&body, &"token".into(), &response_token.as_str().into()).expect("set");
    let c = &cipher;
    let table = vec![
        Export {
            name: "validateResetPin",
            valid: vec![json(RESET), JsValue::UNDEFINED],
            call: Box::new(|a| reset_pin::validate(a[0].clone(), a[1].clone())),
            rows: vec![input_to_validate(), optional_object()],
        },
        Export {
            name: "buildResetPinRequest",
            valid: vec![json(RESET), JsValue::UNDEFINED],
            call: Box::new(|a| reset_pin::build_request(a[0].clone(), a[1].clone())),
            rows: vec![input_to_build(), optional_object()],
        },
        Export {
            name: "sealResetPin (input, options)",
            valid: vec![json(RESET), JsValue::UNDEFINED],
            call: Box::new(move |a| reset_pin::seal(a[0].clone(), c, a[1].clone())),
            rows: vec![input_to_build(), optional_object()],
        },
        Export {
            name: "openResetPinResponse (body, expect)",
            valid: vec![body.into(), JsValue::UNDEFINED],
            call: Box::new(move |a| reset_pin::open_response(a[0].clone(), c, a[1].clone())),
            rows: vec![response_body(), optional_object()],
        },
    ];
    run_table(&table, &cipher);
}

#[wasm_bindgen_test]
fn hostile_values_set_pin_exports() {
    let cipher = fixture_cipher();
    let table = vec![
        Export {
            name: "validateSetPin",
            valid: vec![json(SETPIN), JsValue::UNDEFINED],
            call: Box::new(|a| set_pin::validate(a[0].clone(), a[1].clone())),
            rows: vec![input_to_validate(), optional_object()],
        },
        Export {
            name: "buildSetPinRequest",
            valid: vec![json(SETPIN), JsValue::UNDEFINED],
            call: Box::new(|a| set_pin::build_request(a[0].clone(), a[1].clone())),
            rows: vec![input_to_build(), optional_object()],
        },
        Export {
            name: "parseSetPinResponse",
            valid: vec![json(
                r#"{"set_pin_status":"SUCCESS","set_pin_status_description":"ok"}"#,
            )],
            call: Box::new(|a| set_pin::parse_response(a[0].clone())),
            rows: vec![row(E("INVALID_RESPONSE"), &[])],
        },
    ];
    run_table(&table, &cipher);
}

/// One hostile case with an exact expectation: a code, or a check of the result.
struct Case<'a> {
    name: &'static str,
    call: Box<dyn Fn() -> Result<JsValue, JsValue> + 'a>,
    want: Outcome,
}

enum Outcome {
    Code(&'static str),
    /// The result, as `field:CODE` pairs of a report.
    Fields(&'static str),
    /// The result's `field:CODE` pairs include each of these.
    FieldsInclude(&'static [&'static str]),
    /// The result, as `JSON.stringify` writes it.
    Json(&'static str),
}

/// tests/boundary/hostile.test.mjs's cases that reach the raw exports, with its expectations.
#[wasm_bindgen_test]
fn hostile_cases_with_exact_outcomes() {
    let cipher = fixture_cipher();
    let c = &cipher;
    let lone = |code: u32| -> JsValue { JsString::from_char_code1(code).into() };
    let nested_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let nested_token = ok(cipher.encrypt(nested_json.as_str().into()), "nested token");
    let iv = |v: JsValue| fixed_iv_options(v);
    let getter_options =
        |name: &'static str| -> JsValue { throwing_getters(&Array::of1(&name.into())) };
    let policy_ctx = |policy: JsValue| -> JsValue {
        let o = Object::new();
        Reflect::set(&o, &"policy".into(), &policy).expect("set");
        o.into()
    };
    use Outcome::{Code, Fields, FieldsInclude, Json};
    let cases: Vec<Case<'_>> = vec![
        Case {
            name: "validateResetPin: a field 10,000 levels deep",
            call: Box::new(|| {
                reset_pin::validate(with(RESET, "clientId", &deep(10_000)), JsValue::UNDEFINED)
            }),
            want: Fields("clientId:INVALID_VALUE"),
        },
        Case {
            name: "buildResetPinRequest: a field 10,000 levels deep",
            call: Box::new(|| {
                reset_pin::build_request(with(RESET, "clientId", &deep(10_000)), JsValue::UNDEFINED)
            }),
            want: Code("VALIDATION_FAILED"),
        },
        Case {
            name: "encryptJson (raw): JSON text nested 10,000 deep",
            call: Box::new(|| string_result(c.encrypt_json(nested_json.as_str().into()))),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "openResetPinResponse: a response nested 10,000 deep",
            call: Box::new(|| {
                reset_pin::open_response(nested_token.as_str().into(), c, JsValue::UNDEFINED)
            }),
            want: Code("DECRYPT_FAILED"),
        },
        Case {
            name: "validateResetPin: __proto__ as an own key",
            call: Box::new(|| {
                reset_pin::validate(
                    json(r#"{"__proto__":{"polluted":1},"clientId":"WibmoClient"}"#),
                    JsValue::UNDEFINED,
                )
            }),
            want: FieldsInclude(&["__proto__:UNKNOWN_FIELD", "secureCode:REQUIRED"]),
        },
        Case {
            name: "validateSetPin: constructor and prototype keys",
            call: Box::new(|| {
                set_pin::validate(
                    json(r#"{"constructor":{"prototype":{"polluted":1}},"prototype":1}"#),
                    JsValue::UNDEFINED,
                )
            }),
            want: FieldsInclude(&["constructor:UNKNOWN_FIELD", "prototype:UNKNOWN_FIELD"]),
        },
        Case {
            name: "buildResetPinRequest: options with __proto__",
            call: Box::new(|| {
                reset_pin::build_request(
                    json(RESET),
                    json(r#"{"__proto__":{"pinPolicy":"basic"}}"#),
                )
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validatePin: policy with __proto__",
            call: Box::new(|| {
                pin::validate_pin(
                    "5829".into(),
                    policy_ctx(json(r#"{"__proto__":{"common":false}}"#)),
                )
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validateResetPin: a lone surrogate in clientId",
            call: Box::new(|| {
                reset_pin::validate(with(RESET, "clientId", &lone(0xD800)), JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validateSetPin: a lone surrogate in identity",
            call: Box::new(|| {
                let s: JsValue = JsString::from("a")
                    .concat(&lone(0xDC00))
                    .concat(&"b".into())
                    .into();
                set_pin::validate(with("{}", "identity", &s), JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "pinStrength: four lone surrogates",
            call: Box::new(|| {
                let s = JsString::from_char_code4(0xD800, 0xD800, 0xD800, 0xD800);
                pin::pin_strength(s.into(), JsValue::UNDEFINED)
            }),
            want: Json(r#"{"weak":true,"reasons":["PIN_NOT_DIGITS"]}"#),
        },
        Case {
            name: "validateResetPin: bankId 1e308",
            call: Box::new(|| {
                reset_pin::validate(with(RESET, "bankId", &1e308.into()), JsValue::UNDEFINED)
            }),
            want: Fields("bankId:NOT_DIGITS"),
        },
        Case {
            name: "validateResetPin: bankId 2**53 + 1",
            call: Box::new(|| {
                reset_pin::validate(
                    with(RESET, "bankId", &9_007_199_254_740_993_f64.into()),
                    JsValue::UNDEFINED,
                )
            }),
            want: Fields("bankId:TOO_LONG"),
        },
        Case {
            name: "validateResetPin: bankId -1, urn Infinity, entityId NaN",
            call: Box::new(|| {
                let o = with(RESET, "bankId", &(-1).into());
                Reflect::set(&o, &"urn".into(), &f64::INFINITY.into()).expect("set");
                Reflect::set(&o, &"entityId".into(), &f64::NAN.into()).expect("set");
                reset_pin::validate(o, JsValue::UNDEFINED)
            }),
            want: Fields("bankId:NOT_DIGITS entityId:NOT_DIGITS urn:NOT_DIGITS"),
        },
        Case {
            name: "validateResetPin: bankId -0 reads as 0",
            call: Box::new(|| {
                reset_pin::validate(
                    with(RESET, "bankId", &(-0.0_f64).into()),
                    JsValue::UNDEFINED,
                )
            }),
            want: Fields(""),
        },
        Case {
            name: "validateResetPin: bankId 5e-324",
            call: Box::new(|| {
                reset_pin::validate(with(RESET, "bankId", &5e-324.into()), JsValue::UNDEFINED)
            }),
            want: Fields("bankId:NOT_DIGITS"),
        },
        Case {
            name: "validatePin: policy length 1e308",
            call: Box::new(|| {
                pin::validate_pin("5829".into(), policy_ctx(json(r#"{"length":1e308}"#)))
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validatePin: policy length 4.5",
            call: Box::new(|| {
                pin::validate_pin("5829".into(), policy_ctx(json(r#"{"length":4.5}"#)))
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validatePin: policy length -4",
            call: Box::new(|| {
                pin::validate_pin("5829".into(), policy_ctx(json(r#"{"length":-4}"#)))
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validateResetPin: a getter that throws on clientId",
            call: Box::new(|| {
                reset_pin::validate(with_getter(&json(RESET), "clientId"), JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "sealResetPin: options with a getter that throws",
            call: Box::new(|| reset_pin::seal(json(RESET), c, getter_options("now"))),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "openResetPinResponse: expect with a getter that throws",
            call: Box::new(|| {
                reset_pin::open_response("x".into(), c, getter_options("clientTxnId"))
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validateResetPin: a proxy whose traps throw",
            call: Box::new(|| reset_pin::validate(throwing_proxy(), JsValue::UNDEFINED)),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "parseSetPinResponse: a proxy",
            call: Box::new(|| set_pin::parse_response(throwing_proxy())),
            want: Code("INVALID_RESPONSE"),
        },
        Case {
            name: "validateResetPin: a frozen object",
            call: Box::new(|| reset_pin::validate(frozen(&json(RESET)), JsValue::UNDEFINED)),
            want: Fields(""),
        },
        Case {
            name: "validateResetPin: Object.create(null)",
            call: Box::new(|| reset_pin::validate(null_proto(&json(RESET)), JsValue::UNDEFINED)),
            want: Fields(""),
        },
        Case {
            name: "validateResetPin: a class instance",
            call: Box::new(|| {
                reset_pin::validate(class_instance(&json(RESET)), JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "validateResetPin: a Date field",
            call: Box::new(|| {
                reset_pin::validate(
                    with(RESET, "clientId", &js_sys::Date::new_0().into()),
                    JsValue::UNDEFINED,
                )
            }),
            want: Fields("clientId:INVALID_VALUE"),
        },
        Case {
            name: "fromBytes: a Uint16Array",
            call: Box::new(|| {
                RawCipher::from_bytes(typed("Uint16Array"), JsValue::UNDEFINED)
                    .map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "fromBytes: an Int8Array",
            call: Box::new(|| {
                RawCipher::from_bytes(typed("Int8Array"), JsValue::UNDEFINED)
                    .map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "fromBytes: an ArrayBuffer",
            call: Box::new(|| {
                RawCipher::from_bytes(typed("ArrayBuffer"), JsValue::UNDEFINED)
                    .map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "fromBytes: a DataView",
            call: Box::new(|| {
                RawCipher::from_bytes(typed("DataView"), JsValue::UNDEFINED)
                    .map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "fromBytes: a detached Uint8Array",
            call: Box::new(|| {
                RawCipher::from_bytes(detached(), JsValue::UNDEFINED).map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_KEY"),
        },
        Case {
            name: "fromText: iv as a Float64Array",
            call: Box::new(|| {
                RawCipher::from_text(KEY_TEXT.into(), iv(typed("Float64Array")))
                    .map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_INPUT"),
        },
        Case {
            name: "fromText: iv as a detached Uint8Array",
            call: Box::new(|| {
                RawCipher::from_text(KEY_TEXT.into(), iv(detached())).map(|_| JsValue::UNDEFINED)
            }),
            want: Code("INVALID_IV"),
        },
    ];
    let proto = error_prototype();
    let mut failures = Vec::new();
    for case in &cases {
        let result = (case.call)();
        let problem = match (&result, &case.want) {
            (Ok(r), Outcome::FieldsInclude(want)) => {
                let codes = field_codes(r);
                let got: Vec<&str> = codes.split(' ').collect();
                (!want.iter().all(|w| got.contains(w)))
                    .then(|| format!("got [{codes}], want {want:?} among them"))
            }
            (Ok(r), Outcome::Fields(want)) => (field_codes(r) != *want)
                .then(|| format!("got [{}], want [{want}]", field_codes(r))),
            (Ok(r), Outcome::Json(want)) => {
                (stringify(r) != *want).then(|| format!("got {}, want {want}", stringify(r)))
            }
            (Ok(r), Outcome::Code(code)) => Some(format!("returned {}, want {code}", stringify(r))),
            (Err(e), Outcome::Code(code)) => error_problem(e, code, &proto),
            (Err(e), _) => Some(format!(
                "threw {} {}",
                text(&get(e, "code")),
                text(&get(e, "message"))
            )),
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.name));
        }
        if let Some(p) = health_problem(&cipher) {
            failures.push(format!("{}: afterwards {p}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 3. free() wipes the cipher's memory.

/// A `RawCipher` freed from JavaScript (`free()` on its wasm-bindgen object, as the entry's
/// `TokenCipher.free()` does) leaves neither its round keys nor its fixed IV in WebAssembly
/// memory.
///
/// How it can fail: the key and IV are fresh random bytes drawn in JavaScript and passed as hex
/// text, so their raw bytes exist in linear memory only where the cipher put them. The
/// wasm-bindgen object's `__wbg_ptr` is the address of the cipher's cell (an `Rc` allocation
/// holding `RefCell<RawCipher>`); the test reads that region through `wasm_bindgen::memory()`
/// before and after `free()`:
///
/// - the fixed IV is stored as it is (`IvMode::Fixed`), so its 16 bytes must be found in the
///   region before `free()` (asserted, so the search is known to work) and not after;
/// - the key schedule: the vector-permute engine used on wasm32 (`pinseal-vpaes`) stores the
///   round keys transformed into its own basis, so the raw key bytes need not be in memory
///   even while the cipher lives (the test records that and does not rely on it). Instead it counts the non-zero bytes of the
///   region: about the whole 200+-byte schedule before, and at most a few (the enum tag,
///   padding) after. The first 16 bytes of the region are skipped after `free()`: the allocator
///   writes its free-list links there.
///
/// Checked to fail (on a scratch copy): with `IvMode`'s `Drop` emptied it fails on "free() left
/// the fixed IV in memory"; with the (then) `aes` backend's `zeroize` feature off it failed with
/// "free() left 196 non-zero bytes of the key schedule (was 212)"; with the `Drop` of
/// pinseal-vpaes's round keys emptied it fails with "free() left 423 non-zero bytes of the key
/// schedule (was 439)". No `ZeroizeOnDrop` bound is asserted: `TokenCipher` and the engine
/// implement that marker by hand, so it held with every wipe removed; this test observes the
/// wipe instead. Outside the cell, copies of the IV that construction moved through the shadow
/// stack stay in linear memory after `free()` (7 hits before, 4 after, in all four engines):
/// zeroize-on-drop cannot reach moved-from copies.
#[wasm_bindgen_test]
fn free_wipes_round_keys_and_fixed_iv() {
    let key = random_bytes(24);
    let iv = random_bytes(16);
    let cipher = ok(
        RawCipher::from_hex(hex(&key).into(), fixed_iv_options(hex(&iv).into())),
        "random key",
    );
    // It works, and with this IV (fixed mode: equal plaintexts, equal tokens).
    let token = ok(cipher.encrypt("probe".into()), "encrypt");
    assert_eq!(ok(cipher.encrypt("probe".into()), "encrypt"), token);

    let object: JsValue = cipher.into(); // now owned by JavaScript, as the entry holds it
    let ptr = wbg_ptr(&object);
    assert!(ptr > 0.0, "no __wbg_ptr on the RawCipher object");
    let len = core::mem::size_of::<RefCell<RawCipher>>();
    assert!(
        len >= 16 + 200,
        "RawCipher is {len} bytes: not a 13-round-key schedule + IV?"
    );
    let memory = wasm_bindgen::memory();
    let read = |needle: &Uint8Array, skip: usize| -> (u32, u32, u32) {
        let r = scan(&memory, ptr, len as f64, skip as f64, needle);
        let n = |i: u32| r.get(i).as_f64().expect("a count") as u32;
        (n(0), n(1), n(2))
    };

    let (iv_in_cell, nonzero_before, iv_anywhere_before) = read(&iv, 16);
    let (key_in_cell, _, key_anywhere) = read(&key, 16);
    assert_eq!(
        iv_in_cell, 1,
        "the fixed IV is not in the cipher's cell: the test cannot see a wipe"
    );
    assert!(
        nonzero_before >= 150,
        "only {nonzero_before} of {len} bytes of the live cipher are non-zero"
    );
    // The engine's basis: no plain key. If a backend ever stores it plainly, it must go too
    // (below).
    wasm_bindgen_test::console_log!(
        "live cipher: {len}-byte cell, {nonzero_before} non-zero; IV in memory {iv_anywhere_before}x; raw key in cell {key_in_cell}x, in memory {key_anywhere}x"
    );

    call_free(&object);

    let (iv_in_cell_after, nonzero_after, iv_anywhere_after) = read(&iv, 16);
    let (key_in_cell_after, _, _) = read(&key, 16);
    wasm_bindgen_test::console_log!(
        "freed: {nonzero_after} non-zero bytes after the first 16; IV in memory {iv_anywhere_after}x"
    );
    assert_eq!(iv_in_cell_after, 0, "free() left the fixed IV in memory");
    assert_eq!(key_in_cell_after, 0, "free() left the raw key in memory");
    assert!(
        // The allocator's bookkeeping of the freed chunk (8 bytes with the vpaes engine).
        nonzero_after <= 16,
        "free() left {nonzero_after} non-zero bytes of the key schedule (was {nonzero_before})"
    );
    // Use after free is refused by wasm-bindgen's glue (the entry turns it into its own error).
    let seal = Reflect::get(&object, &"sealText".into()).expect("sealText");
    let used =
        seal.dyn_ref::<Function>()
            .expect("a method")
            .call2(&object, &"x".into(), &false.into());
    assert!(used.is_err(), "a freed RawCipher still encrypted");
}

// ---------------------------------------------------------------------------------------------
// 4. The five contract fixes, as seen from the boundary.

#[wasm_bindgen_test]
fn text_fields_refuse_non_strings_naming_the_field() {
    let values: Vec<(&str, JsValue)> = vec![
        ("NaN", f64::NAN.into()),
        ("Infinity", f64::INFINITY.into()),
        ("-Infinity", f64::NEG_INFINITY.into()),
        ("a number", 42.into()),
        ("a function", a_function()),
        ("a symbol", Symbol::for_("x").into()),
        ("a BigInt", BigInt::from(1).into()),
        ("a boolean", true.into()),
        ("an object", json(r#"{"a":1}"#)),
    ];
    let mut failures = Vec::new();
    for (what, value) in &values {
        let checks = [
            (
                "validateResetPin clientId",
                reset_pin::validate(with(RESET, "clientId", value), JsValue::UNDEFINED),
                "clientId:INVALID_VALUE",
            ),
            (
                "validateResetPin secureCode",
                reset_pin::validate(with(RESET, "secureCode", value), JsValue::UNDEFINED),
                "secureCode:INVALID_VALUE",
            ),
            (
                "validateSetPin identity",
                set_pin::validate(with(SETPIN, "identity", value), JsValue::UNDEFINED),
                "identity:INVALID_VALUE",
            ),
            (
                "validateSetPin identifierType",
                set_pin::validate(with(SETPIN, "identifierType", value), JsValue::UNDEFINED),
                "identifierType:INVALID_VALUE",
            ),
        ];
        for (name, result, want) in checks {
            match result {
                Ok(r) if field_codes(&r) == want && get(&r, "valid").as_bool() == Some(false) => {}
                Ok(r) => failures.push(format!("{what}: {name}: got [{}]", field_codes(&r))),
                Err(e) => {
                    failures.push(format!("{what}: {name}: threw {}", text(&get(&e, "code"))))
                }
            }
        }
        let e = expect_error(
            reset_pin::build_request(with(RESET, "customerId", value), JsValue::UNDEFINED),
            "VALIDATION_FAILED",
            what,
        );
        if text(&get(&e, "field")) != "customerId" || field_codes(&e) != "customerId:INVALID_VALUE"
        {
            failures.push(format!(
                "{what}: build: field {:?}, errors [{}]",
                get(&e, "field"),
                field_codes(&e)
            ));
        }
        // Never the String() form in a request.
        if let Ok(r) =
            reset_pin::build_request(with(RESET, "customerId", value), JsValue::UNDEFINED)
        {
            failures.push(format!("{what}: built {}", stringify(&r)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn open_reset_pin_response_gives_numbers() {
    let cipher = fixture_cipher();
    let token = ok(
        cipher.encrypt(r#"{"messageCode":"1121","clientTxnId":"t1","urn":"402","accosaTransactionId":123456789,"responseCode":"00","accosaRefNo":12345678901234567890}"#.into()),
        "token",
    );
    let body = Object::new();
    Reflect::set(&body, &"token".into(), &token.as_str().into()).expect("set");
    let r = ok(
        reset_pin::open_response(body.into(), &cipher, json(r#"{"clientTxnId":"t1"}"#)),
        "open",
    );
    assert_eq!(
        get(&r, "urn").as_f64(),
        Some(402.0),
        "urn is the number 402: {}",
        stringify(&r)
    );
    assert_eq!(
        get(&r, "accosaTransactionId").as_f64(),
        Some(123_456_789.0),
        "accosaTransactionId"
    );
    assert_eq!(
        get(&r, "accosaRefNo").as_string().as_deref(),
        Some("12345678901234567890"),
        "accosaRefNo exact"
    );
    assert_eq!(get(&r, "ok").as_bool(), Some(true));
    assert_eq!(get(&r, "meaning").as_string().as_deref(), Some("success"));
    // The same through the string form, and a urn that is no number.
    let r = ok(
        reset_pin::open_response(token.as_str().into(), &cipher, JsValue::UNDEFINED),
        "token string",
    );
    assert_eq!(get(&r, "urn").as_f64(), Some(402.0));
    let bad = ok(
        cipher.encrypt(r#"{"responseCode":"00","urn":"40x"}"#.into()),
        "bad",
    );
    expect_error(
        reset_pin::open_response(bad.into(), &cipher, JsValue::UNDEFINED),
        "INVALID_RESPONSE",
        "urn 40x",
    );
    let other = ok(
        cipher.encrypt(r#"{"responseCode":"00","clientTxnId":"t2"}"#.into()),
        "t2",
    );
    expect_error(
        reset_pin::open_response(other.into(), &cipher, json(r#"{"clientTxnId":"t1"}"#)),
        "TXN_MISMATCH",
        "another clientTxnId",
    );
}

#[wasm_bindgen_test]
fn pin_strength_default_is_exactly_four_digits() {
    let strength =
        |pin: &str, policy: JsValue| stringify(&ok(pin::pin_strength(pin.into(), policy), pin));
    assert_eq!(
        strength("38521", JsValue::UNDEFINED),
        r#"{"weak":true,"reasons":["PIN_LENGTH"]}"#
    );
    assert_eq!(
        strength("38521", json(r#"{"length":{"min":4,"max":6}}"#)),
        r#"{"weak":false,"reasons":[]}"#
    );
    assert_eq!(
        strength("5829", JsValue::UNDEFINED),
        r#"{"weak":false,"reasons":[]}"#
    );
    assert_eq!(
        strength("582", JsValue::UNDEFINED),
        r#"{"weak":true,"reasons":["PIN_LENGTH"]}"#
    );
}

#[wasm_bindgen_test]
fn from_hex_odd_length_names_the_length_not_the_key() {
    let key = "303132333435363738396162636465666768696a6b6c6d6";
    assert_eq!(key.len(), 47);
    let e = expect_error(
        RawCipher::from_hex(key.into(), JsValue::UNDEFINED),
        "INVALID_KEY",
        "47 hex",
    );
    let message = text(&get(&e, "message"));
    assert!(message.contains("47"), "no length in {message:?}");
    assert!(!message.contains(&key[..8]), "the key is in {message:?}");
    let e = expect_error(
        RawCipher::from_hex(format!("{key}e0").as_str().into(), JsValue::UNDEFINED),
        "INVALID_KEY",
        "49 hex",
    );
    assert!(
        text(&get(&e, "message")).contains("49"),
        "{}",
        text(&get(&e, "message"))
    );
    // 50 hex characters: valid hex of 25 bytes, so the decoded length is given.
    let e = expect_error(
        RawCipher::from_hex(format!("{key}e00").as_str().into(), JsValue::UNDEFINED),
        "INVALID_KEY",
        "25 bytes",
    );
    assert_eq!(
        text(&get(&e, "message")),
        "\"key\" expected 24 bytes, got 25"
    );
}

#[wasm_bindgen_test]
fn sealing_refuses_tokens_over_one_mebibyte() {
    const MIB: usize = 1 << 20;
    let cipher = fixture_cipher();
    // Random IV: token = IV (16) ‖ padded ciphertext. MIB - 32 bytes make a token of exactly
    // 1 MiB (accepted both ways); MIB - 16 one of 1 MiB + 16.
    let largest = "y".repeat(MIB - 32);
    let token = ok(cipher.encrypt(largest.as_str().into()), "1 MiB - 32");
    let back = ok(cipher.decrypt(token.into()), "open 1 MiB");
    assert_eq!(back.as_string().map(|s| s.len()), Some(MIB - 32));
    expect_error(
        cipher.encrypt("y".repeat(MIB - 16).as_str().into()),
        "TOKEN_TOO_LARGE",
        "encrypt 1 MiB - 16",
    );
    expect_error(
        cipher.encrypt("y".repeat(10 * MIB).as_str().into()),
        "TOKEN_TOO_LARGE",
        "encrypt 10 MiB",
    );
    let bytes = ok(
        cipher.encrypt_bytes(Uint8Array::new_with_length((MIB - 32) as u32)),
        "bytes 1 MiB - 32",
    );
    assert_eq!(
        ok(cipher.decrypt_bytes(bytes.into()), "open bytes").length() as usize,
        MIB - 32
    );
    expect_error(
        cipher.encrypt_bytes(Uint8Array::new_with_length((MIB - 16) as u32)),
        "TOKEN_TOO_LARGE",
        "encryptBytes 1 MiB - 16",
    );
    // Fixed IV: no prefix, so MIB - 1 bytes pad to exactly 1 MiB and MIB bytes to 1 MiB + 16.
    let fixed = ok(
        RawCipher::from_text(
            KEY_TEXT.into(),
            fixed_iv_options("000102030405060708090a0b0c0d0e0f".into()),
        ),
        "fixed",
    );
    let token = ok(
        fixed.encrypt("y".repeat(MIB - 1).as_str().into()),
        "fixed 1 MiB - 1",
    );
    assert_eq!(
        ok(fixed.decrypt(token.into()), "open")
            .as_string()
            .map(|s| s.len()),
        Some(MIB - 1)
    );
    expect_error(
        fixed.encrypt("y".repeat(MIB).as_str().into()),
        "TOKEN_TOO_LARGE",
        "fixed 1 MiB",
    );
    // Opening: one decoded byte over 1 MiB is refused before decoding (4 * 349525 + 3 chars).
    let over = "A".repeat(4 * 349_525 + 3);
    expect_error(
        cipher.decrypt(over.as_str().into()),
        "TOKEN_TOO_LARGE",
        "decrypt 1 MiB + 1",
    );
}

/// The §1.1 sample, byte for byte, and a sealed request that opens to it with `newPIN` masked.
#[wasm_bindgen_test]
fn reset_pin_sample_builds_and_seals() {
    let cipher = fixture_cipher();
    let request = ok(
        reset_pin::build_request(json(RESET), JsValue::UNDEFINED),
        "build",
    );
    assert_eq!(stringify(&request), EXPECTED_SAMPLE);
    let sealed = ok(
        reset_pin::seal(json(RESET), &cipher, JsValue::UNDEFINED),
        "seal",
    );
    let token = get(&sealed, "token");
    assert_eq!(
        ok(cipher.decrypt(token), "open").as_string().as_deref(),
        Some(EXPECTED_SAMPLE)
    );
    assert_eq!(
        get(&get(&sealed, "request"), "newPIN")
            .as_string()
            .as_deref(),
        Some("****")
    );
}
