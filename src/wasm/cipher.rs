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

use crate::cipher::TokenCipher;
use crate::error::Error;

use super::{options, read, throw, JsResult};

/// One `TokenCipher`'s key, inside WebAssembly memory.
#[wasm_bindgen(skip_typescript)]
pub struct RawCipher {
    pub(crate) inner: TokenCipher,
}

fn wrap(cipher: crate::Result<TokenCipher>) -> JsResult<RawCipher> {
    cipher.map(|inner| RawCipher { inner }).map_err(throw)
}

#[wasm_bindgen]
impl RawCipher {
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = read::bytes(&key, "key").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_bytes(&key, options))
    }

    #[wasm_bindgen(js_name = fromHex)]
    pub fn from_hex(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = read::string(&key, "key").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_hex(&key, options))
    }

    #[wasm_bindgen(js_name = fromBase64)]
    pub fn from_base64(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = read::string(&key, "key").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_base64(&key, options))
    }

    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(key: JsValue, options: JsValue) -> JsResult<RawCipher> {
        let key = read::string(&key, "key").map_err(throw)?;
        let options = options::cipher_options(&options).map_err(throw)?;
        wrap(TokenCipher::from_text(&key, options))
    }

    pub fn encrypt(&self, plaintext: JsValue) -> JsResult<String> {
        let text = read::string(&plaintext, "plaintext").map_err(throw)?;
        self.inner.encrypt(&text).map_err(throw)
    }

    /// `encryptJson` after the entry's `JSON.stringify`: refuses nesting deeper than the JSON
    /// reader accepts, so that every token `encryptJson` makes, `decryptJson` can open.
    #[wasm_bindgen(js_name = encryptJson)]
    pub fn encrypt_json(&self, json: JsValue) -> JsResult<String> {
        let text = read::string(&json, "value").map_err(throw)?;
        if !crate::json::within_depth(&text) {
            return Err(throw(Error::InvalidInput(
                "\"value\" is nested deeper than 128 levels".into(),
            )));
        }
        self.inner.encrypt(&text).map_err(throw)
    }

    pub fn decrypt(&self, token: JsValue) -> JsResult<JsValue> {
        let token = read::string(&token, "token").map_err(throw)?;
        let plain = self.inner.decrypt(&token).map_err(throw)?;
        // Copied straight from the wiped buffer into a JavaScript string.
        Ok(JsValue::from_str(plain.expose()))
    }

    #[wasm_bindgen(js_name = encryptBytes)]
    pub fn encrypt_bytes(&self, plaintext: JsValue) -> JsResult<String> {
        let bytes = read::bytes(&plaintext, "plaintext").map_err(throw)?;
        self.inner.encrypt_bytes(&bytes).map_err(throw)
    }

    #[wasm_bindgen(js_name = decryptBytes)]
    pub fn decrypt_bytes(&self, token: JsValue) -> JsResult<Uint8Array> {
        let token = read::string(&token, "token").map_err(throw)?;
        let plain = self.inner.decrypt_bytes(&token).map_err(throw)?;
        Ok(Uint8Array::from(plain.expose()))
    }
}
