//! The JavaScript boundary: each export reads its arguments with one reader per type
//! ([`read`]), calls the core, and maps the result ([`write`]) or the error ([`throw`]).
//!
//! The npm package's entry module (`npm/pinseal.js`) wraps these raw exports: it defines the
//! `PinsealError` and `TokenCipher` classes, checks for WebAssembly SIMD before instantiating,
//! and registers the error class here with [`set_error_class`].

mod cipher;
mod pin;
mod read;
mod reset_pin;
mod set_pin;
mod write;

use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::error::Error;

thread_local! {
    /// The package's `PinsealError` class, registered once by the entry module.
    static ERROR_CLASS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the `PinsealError` class every thrown error is an instance of.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: js_sys::Function) {
    ERROR_CLASS.with(|c| {
        if let Ok(mut slot) = c.try_borrow_mut() {
            *slot = Some(class);
        }
    });
}

/// The one error wrapper: a core error as a thrown `PinsealError`
/// (`new PinsealError(code, message, errors, raw)`), with `raw` as the caller gave it.
pub(crate) fn throw_with_raw(error: &Error, raw: &JsValue) -> JsValue {
    let errors = match error {
        Error::Validation(list) => write::field_errors(list),
        _ => JsValue::UNDEFINED,
    };
    let raw = match error {
        Error::InvalidResponse { .. } => raw.clone(),
        _ => JsValue::UNDEFINED,
    };
    let args = js_sys::Array::of4(
        &error.code().into(),
        &error.message().into(),
        &errors,
        &raw,
    );
    let class = ERROR_CLASS.with(|c| c.try_borrow().ok().and_then(|slot| slot.clone()));
    match class.map(|class| js_sys::Reflect::construct(&class, &args)) {
        Some(Ok(instance)) => instance,
        // Only reachable when the raw module is used without the package's entry.
        _ => js_sys::Error::new(&error.message()).into(),
    }
}

/// [`throw_with_raw`] for errors that carry no caller value.
pub(crate) fn throw(error: Error) -> JsValue {
    throw_with_raw(&error, &JsValue::UNDEFINED)
}

/// Result of an export.
pub(crate) type JsResult<T> = Result<T, JsValue>;
