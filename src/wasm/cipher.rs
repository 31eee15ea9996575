//! `TokenCipher` handles. Why a module of its own: the ciphers (expanded keys) live on the Rust
//! side in a registry and JavaScript holds a number, so that
//!
//! - `free()` wipes the key at once and is idempotent (a freed handle is simply unknown),
//! - `sealResetPin(input, cipher)` can refuse anything that is not a live `TokenCipher` with
//!   `INVALID_INPUT` (wasm-bindgen's own borrowed classes throw a bare `Error` instead),
//! - a key never crosses the boundary again after it was read.
//!
//! The package's entry module holds the handle in a private field of its `TokenCipher` class.

use core::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use crate::cipher::TokenCipher;
use crate::error::{Error, Result};

use super::{read, throw, JsResult};

thread_local! {
    static CIPHERS: RefCell<Vec<(u32, TokenCipher)>> = const { RefCell::new(Vec::new()) };
    static NEXT_HANDLE: Cell<u32> = const { Cell::new(1) };
}

fn register(cipher: Result<TokenCipher>) -> JsResult<u32> {
    let cipher = cipher.map_err(throw)?;
    let handle = NEXT_HANDLE.with(|n| {
        let h = n.get();
        n.set(h.wrapping_add(1).max(1));
        h
    });
    CIPHERS
        .with(|c| c.try_borrow_mut().map(|mut all| all.push((handle, cipher))))
        .map_err(|_| throw(Error::InvalidInput("TokenCipher is busy".into())))?;
    Ok(handle)
}

/// Runs `f` with the live cipher of `handle`.
pub(crate) fn with<T>(handle: u32, f: impl FnOnce(&TokenCipher) -> Result<T>) -> Result<T> {
    CIPHERS.with(|c| {
        let all = c
            .try_borrow()
            .map_err(|_| Error::InvalidInput("TokenCipher is busy".into()))?;
        match all.iter().find(|(h, _)| *h == handle) {
            Some((_, cipher)) => f(cipher),
            None => Err(Error::InvalidInput(
                "\"cipher\" expected a live TokenCipher (not freed)".into(),
            )),
        }
    })
}

#[wasm_bindgen(js_name = cipherFromBytes, skip_typescript)]
pub fn from_bytes(key: JsValue, options: JsValue) -> JsResult<u32> {
    let key = read::bytes(&key, "key").map_err(throw)?;
    let options = read::cipher_options(&options).map_err(throw)?;
    register(TokenCipher::from_bytes(&key, options))
}

#[wasm_bindgen(js_name = cipherFromHex, skip_typescript)]
pub fn from_hex(key: JsValue, options: JsValue) -> JsResult<u32> {
    let key = read::string(&key, "key").map_err(throw)?;
    let options = read::cipher_options(&options).map_err(throw)?;
    register(TokenCipher::from_hex(&key, options))
}

#[wasm_bindgen(js_name = cipherFromBase64, skip_typescript)]
pub fn from_base64(key: JsValue, options: JsValue) -> JsResult<u32> {
    let key = read::string(&key, "key").map_err(throw)?;
    let options = read::cipher_options(&options).map_err(throw)?;
    register(TokenCipher::from_base64(&key, options))
}

#[wasm_bindgen(js_name = cipherFromText, skip_typescript)]
pub fn from_text(key: JsValue, options: JsValue) -> JsResult<u32> {
    let key = read::string(&key, "key").map_err(throw)?;
    let options = read::cipher_options(&options).map_err(throw)?;
    register(TokenCipher::from_text(&key, options))
}

/// Drops (and so wipes) the cipher of `handle`; an unknown handle is ignored.
#[wasm_bindgen(js_name = cipherFree, skip_typescript)]
pub fn free(handle: u32) {
    CIPHERS.with(|c| {
        if let Ok(mut all) = c.try_borrow_mut() {
            all.retain(|(h, _)| *h != handle);
        }
    });
}

#[wasm_bindgen(js_name = cipherEncrypt, skip_typescript)]
pub fn encrypt(handle: u32, plaintext: JsValue) -> JsResult<String> {
    let text = read::string(&plaintext, "plaintext").map_err(throw)?;
    with(handle, |c| c.encrypt(&text)).map_err(throw)
}

/// `encryptJson` after the entry's `JSON.stringify`: refuses nesting deeper than the JSON
/// reader accepts, so that every token `encryptJson` makes, `decryptJson` can open.
#[wasm_bindgen(js_name = cipherEncryptJson, skip_typescript)]
pub fn encrypt_json(handle: u32, json: JsValue) -> JsResult<String> {
    let text = read::string(&json, "value").map_err(throw)?;
    if !crate::json::within_depth(&text) {
        return Err(throw(Error::InvalidInput(
            "\"value\" is nested deeper than 128 levels".into(),
        )));
    }
    with(handle, |c| c.encrypt(&text)).map_err(throw)
}

#[wasm_bindgen(js_name = cipherDecrypt, skip_typescript)]
pub fn decrypt(handle: u32, token: JsValue) -> JsResult<JsValue> {
    let token = read::string(&token, "token").map_err(throw)?;
    let plain = with(handle, |c| c.decrypt(&token)).map_err(throw)?;
    // Copied straight from the wiped buffer into a JavaScript string.
    Ok(JsValue::from_str(plain.expose()))
}

#[wasm_bindgen(js_name = cipherEncryptBytes, skip_typescript)]
pub fn encrypt_bytes(handle: u32, plaintext: JsValue) -> JsResult<String> {
    let bytes = read::bytes(&plaintext, "plaintext").map_err(throw)?;
    with(handle, |c| c.encrypt_bytes(&bytes)).map_err(throw)
}

#[wasm_bindgen(js_name = cipherDecryptBytes, skip_typescript)]
pub fn decrypt_bytes(handle: u32, token: JsValue) -> JsResult<Uint8Array> {
    let token = read::string(&token, "token").map_err(throw)?;
    let plain = with(handle, |c| c.decrypt_bytes(&token)).map_err(throw)?;
    Ok(Uint8Array::from(plain.expose()))
}
