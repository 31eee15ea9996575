//! The cipher object behind JavaScript's `TokenCipher`. Why a module of its own: its lifetime.
//! The expanded key lives in WebAssembly memory inside a [`RawCipher`] that wasm-bindgen hands
//! to JavaScript as an object; the entry's `TokenCipher` holds it in a private field, so
//!
//! - `free()` drops it here, which wipes the key (`TokenCipher` zeroizes on drop), and the
//!   entry forgets it, so a second `free()` does nothing and later use throws;
//! - `sealResetPin(input, cipher)` receives only a live cipher: the entry checks `cipher` with a
//!   brand check (no caller getter or proxy trap runs) before passing its `RawCipher`.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::cipher::{Plain, Stage, TokenCipher};
use crate::error::{Error, Result};
use crate::text::{join, num};
use crate::MAX_TOKEN_BYTES;

use super::read::{self, MAX_KEY_TEXT, MAX_TOKEN_TEXT};
use super::{options, throw, JsResult};

/// One `TokenCipher`'s key, inside WebAssembly memory.
#[wasm_bindgen(skip_typescript)]
pub struct RawCipher {
    pub(crate) inner: TokenCipher,
}

fn wrap(cipher: crate::Result<TokenCipher>) -> JsResult<RawCipher> {
    cipher.map(|inner| RawCipher { inner }).map_err(throw)
}

// Arguments are measured before they are copied in (SPEC §2, "Limits before work"): one over
// its limit by its length alone is refused here, uncopied, with the error the core would give.

/// `"key" expected EXPECTED, got N` (`INVALID_KEY`), for a key refused by its length alone.
fn key_too_long(expected: &str, found: usize) -> Error {
    Error::InvalidKey(join(&[
        "\"key\" expected ",
        expected,
        ", got ",
        &num(found),
    ]))
}

/// A key text of at most [`MAX_KEY_TEXT`] UTF-16 code units; a longer one is `INVALID_KEY`
/// (`"key" expected EXPECTED, got N`), uncopied.
fn key_text(key: &JsValue, expected: &str) -> Result<Zeroizing<String>> {
    read::string(key, "key", MAX_KEY_TEXT, &|found| {
        key_too_long(expected, found)
    })
}

/// A plaintext string for `cipher`. One longer than [`MAX_TOKEN_BYTES`] UTF-16 code units is at
/// least as many UTF-8 bytes, so its token can only be over the limit: `TOKEN_TOO_LARGE` with
/// the least size that token can have, uncopied. A shorter one is copied, and the core checks
/// its exact size.
fn read_plaintext(cipher: &TokenCipher, value: &JsValue, what: &str) -> Result<Zeroizing<String>> {
    let too_large = |length| Error::TokenTooLarge {
        size: cipher.token_size(length),
    };
    read::string(value, what, MAX_TOKEN_BYTES, &too_large)
}

/// A token text: one over [`MAX_TOKEN_TEXT`] UTF-16 code units is `TOKEN_TOO_LARGE`, uncopied.
fn read_token(value: &JsValue) -> Result<Zeroizing<String>> {
    read::string(value, "token", MAX_TOKEN_TEXT, &read::token_text_too_large)
}

#[wasm_bindgen]
impl RawCipher {
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        // Over 24 bytes: the core's own message, without the copy.
        let over = |found| key_too_long("24 bytes", found);
        let key = read::bytes(&key, "key", 24, &over).map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_bytes(&key, options))
    }

    #[wasm_bindgen(js_name = fromHex)]
    pub fn from_hex(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = key_text(&key, "48 hex characters").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_hex(&key, options))
    }

    #[wasm_bindgen(js_name = fromBase64)]
    pub fn from_base64(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = key_text(&key, "32 base64 characters").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_base64(&key, options))
    }

    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        // UTF-8 has at least one byte per UTF-16 code unit.
        let key = key_text(&key, "24 bytes").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_text(&key, options))
    }

    /// `encrypt` and `encryptJson` (after the entry's `JSON.stringify`): the token's bytes,
    /// which the entry writes as base64 with the platform's own encoder. `json` refuses
    /// nesting deeper than the JSON reader accepts, so that every token `encryptJson` makes,
    /// `decryptJson` can open.
    #[wasm_bindgen(js_name = sealText)]
    pub fn seal_text(&self, plaintext: JsValue, json: bool) -> JsResult<Vec<u8>> {
        let what = if json { "value" } else { "plaintext" };
        let text = read_plaintext(&self.inner, &plaintext, what).map_err(throw)?;
        if json && !crate::json::within_depth(&text) {
            return Err(throw(Error::InvalidInput(
                "\"value\" is nested deeper than 128 levels".into(),
            )));
        }
        self.inner.seal_bytes(text.as_bytes()).map_err(throw)
    }

    /// `decrypt`, `decryptJson` and `decryptBytes` of a token text the entry did not decode
    /// itself (no platform base64, or a text with whitespace or without padding): see
    /// [`Stage`] for `stage`.
    #[wasm_bindgen(js_name = openText)]
    pub fn open_text(&self, token: JsValue, stage: u8) -> JsResult<JsValue> {
        let token = read_token(&token).map_err(throw)?;
        let opened = self.inner.open_text_stage(&token, Stage::from(stage));
        opened_value(opened)
    }
    /// The decoded size of the token a plaintext of `length` bytes makes (the entry names it
    /// when it refuses a plaintext by its length).
    #[wasm_bindgen(js_name = tokenSize)]
    pub fn token_size(&self, length: f64) -> f64 {
        // `as` saturates: a length past usize is over every limit anyway.
        self.inner.token_size(length as usize) as f64
    }

    /// The longest plaintext, in bytes, whose token fits (the entry's limit for `sealBytes`).
    #[wasm_bindgen(js_name = maxPlaintextLen)]
    pub fn max_plaintext_len(&self) -> f64 {
        self.inner.max_plaintext_len() as f64
    }

    /// `sealBytes` and `encryptBytes`: the token's bytes. The entry hands over a plain copy of
    /// the caller's `Uint8Array` after measuring it (`npm/read.js`), so nothing here reads a
    /// JavaScript value; the copy is wiped when it drops.
    #[wasm_bindgen(js_name = sealBytes)]
    pub fn seal_bytes(&self, plaintext: Vec<u8>) -> JsResult<Vec<u8>> {
        let plaintext = Zeroizing::new(plaintext);
        self.inner.seal_bytes(&plaintext).map_err(throw)
    }

    /// `openBytes`, and the `decrypt*` calls whose token text the entry decoded: a token's
    /// bytes, opened in the buffer the entry handed over; see [`Stage`] for `stage`.
    #[wasm_bindgen(js_name = openBytes)]
    pub fn open_bytes(&self, token: Vec<u8>, stage: u8) -> JsResult<JsValue> {
        let opened = self
            .inner
            .open_owned_stage(Zeroizing::new(token), Stage::from(stage));
        opened_value(opened)
    }
}

/// An opened plaintext as JavaScript gets it: a `Uint8Array` or a string, each copied straight
/// from the buffer that is wiped as it drops.
fn opened_value(opened: crate::Result<Plain>) -> JsResult<JsValue> {
    Ok(match opened.map_err(throw)? {
        Plain::Bytes(bytes) => Uint8Array::from(bytes.expose()).into(),
        Plain::Text(text) => JsValue::from_str(text.expose()),
    })
}
