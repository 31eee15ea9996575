//! The JavaScript boundary: each export reads its arguments with one reader per type
//! (`read`; input objects and byte arrays are read by the entry, `npm/read.js`, which hands
//! over one string or one byte copy), calls the core, and maps the result (`write`) or the
//! error (`throw`).
//!
//! The npm package's entry module (`npm/pinseal.js`) wraps these raw exports: its
//! `TokenCipher` class holds a `cipher::RawCipher`, and it checks for WebAssembly SIMD before
//! instantiating. `PinsealError` is defined once, in `npm/error.js`, and imported by both.

#[allow(unused_imports)]
use crate::prelude::*;

pub mod cipher;
mod engine_check;
mod options;
pub mod pin;
mod read;
pub mod reset_pin;
pub mod set_pin;
mod write;

use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(module = "/npm/error.js")]
extern "C" {
    /// The package's `PinsealError` class.
    type PinsealError;
    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, errors: JsValue, body: JsValue) -> PinsealError;
}

/// The one error wrapper: a core error as a thrown `PinsealError`, with `raw` (for
/// `INVALID_RESPONSE`) as the caller gave it.
pub(crate) fn throw_with_raw(error: &Error, raw: &JsValue) -> JsValue {
    let errors = match error {
        Error::Validation(list) => write::field_errors(list),
        _ => JsValue::UNDEFINED,
    };
    let raw = match error {
        Error::InvalidResponse { .. } => raw.clone(),
        _ => JsValue::UNDEFINED,
    };
    PinsealError::new(error.code(), &error.message(), errors, raw).into()
}

/// [`throw_with_raw`] for errors that carry no caller value.
pub(crate) fn throw(error: Error) -> JsValue {
    throw_with_raw(&error, &JsValue::UNDEFINED)
}

/// The field tables of the input families, for the entry's reader (`npm/read.js`): read once,
/// when the module is loaded.
#[wasm_bindgen(js_name = fieldTables, skip_typescript)]
pub fn field_tables() -> String {
    read::tables_text(&[
        ("ResetPinInput", &crate::reset_pin::FIELDS),
        ("SetPinInput", &crate::set_pin::FIELDS),
    ])
}

/// Result of an export.
pub(crate) type JsResult<T> = Result<T, JsValue>;
