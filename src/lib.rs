//! # pinseal
//!
//! Validate PIN set/reset inputs, build the exact request payloads of two partner PIN APIs, and
//! seal/open their request tokens: `base64(AES-192-CBC, PKCS#7)` over compact JSON.
//!
//! ## ⚠️ Security warning
//!
//! CBC without a MAC is malleable: a token proves nothing about who made it, and a flipped bit
//! in one block changes the next block's plaintext predictably. The partner contract fixes this
//! format; keep the transport authenticated (TLS) and treat an opened token as untrusted input.
//! A static partner key shipped to a browser can be read by anyone who loads the page.
//!
//! ## Examples
//!
//! Reset PIN: validate, build and seal the request in one step.
//!
//! ```
//! use pinseal::{reset_pin, BuildOptions, CipherOptions, DateTime, TokenCipher};
//!
//! let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
//! let input = reset_pin::ResetPinInput {
//!     client_id: "WibmoClient".into(),
//!     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
//!     bank_id: "2010".into(),
//!     customer_id: "QVdzHtZsuG".into(),
//!     last4_digits: "8172".into(),
//!     urn: "402".into(),
//!     new_pin: "5829".into(),
//!     ..Default::default()
//! };
//! // The core reads no clock: the caller passes the time (`DateTime::now_local()` natively).
//! let now = DateTime::new(2022, 11, 16, 12, 26, 53).expect("a real date");
//! let sealed = reset_pin::seal(&input, &cipher, &BuildOptions::new(now))?;
//! assert_eq!(sealed.request.new_pin.expose(), "****");
//! let json = cipher.decrypt(&sealed.token)?;
//! assert!(json.expose().starts_with(r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"#));
//! # Ok::<(), pinseal::Error>(())
//! ```
//!
//! SET_PIN: the request is plain JSON, the response is read back.
//!
//! ```
//! use pinseal::set_pin::{self, SetPinInput, SetPinStatus};
//! use pinseal::PinPolicy;
//!
//! let input = SetPinInput {
//!     identifier: "+4915112345678".into(),
//!     pin: "5829".into(),
//!     new_pin: "4826".into(),
//!     device_identifier_type: "IMSI".into(),
//!     device_identifier: "2620112345678901".into(),
//!     identity_type: "NATIONAL_ID".into(),
//!     identity: "L01X00T47".into(),
//!     api_request_id: Some("req-1".into()),
//!     ..Default::default()
//! };
//! let request = set_pin::build(&input, &PinPolicy::strict())?;
//! // POST `request.to_json()`; log `request.to_json_redacted()`, which masks both PINs.
//! let body = request.to_json();
//! let payload = r#"{"action":"SET_PIN","payload":{"api_request_id":"req-1","#;
//! assert!(body.expose().starts_with(payload));
//! assert!(request.to_json_redacted().contains(r#""new_pin":"****""#));
//! let response = set_pin::parse_response(r#"{"set_pin_status":"SUCCESS"}"#)?;
//! assert_eq!(response.status, SetPinStatus::Success);
//! # Ok::<(), pinseal::Error>(())
//! ```
//!
//! The public functions carry runnable examples of their own (`tests/doc_examples.rs` keeps it
//! so), e.g. [`TokenCipher::encrypt`], [`reset_pin::open_response`] and [`validate_pin`].
#![forbid(unsafe_code)]
// The shipped WebAssembly module (feature `module`, scripts/build.sh) is `no_std`: with its own
// panic handler, which aborts, no panic message formatting is linked (see "Size ledger").
#![cfg_attr(all(feature = "module", target_arch = "wasm32"), no_std)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

extern crate alloc;

pub mod cipher;
pub mod datetime;
pub mod engine_check;
pub mod error;
pub mod fields;
// The wire edge: parsing partner responses (and the nesting check of `encryptJson`). Private:
// the public API takes and returns typed values.
mod json;
pub mod pin;
mod prelude;
mod random;
pub mod reset_pin;
pub mod secret;
pub mod set_pin;
mod text;
/// The raw WebAssembly exports behind the npm package's entry (`npm/pinseal.js`): not an API of
/// the crate (the entry is), public only for the boundary's own tests (`tests/wasm_boundary.rs`).
#[cfg(all(target_arch = "wasm32", feature = "js"))]
#[doc(hidden)]
pub mod wasm;

/// The README's Rust example, compiled and run as a doctest (`cargo test --doc`), so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

#[cfg(all(feature = "module", target_arch = "wasm32"))]
mod runtime;

pub use cipher::{CipherOptions, IvMode, TokenCipher, MAX_TOKEN_BYTES, MAX_TOKEN_TEXT};
pub use datetime::DateTime;
pub use error::{Error, FieldCode, FieldError, Report, Result, DECRYPT_FAILED_MESSAGE};
pub use json::nests_within;
pub use pin::{pin_strength, validate_pin, PinContext, PinPolicy, Strength};
pub use reset_pin::BuildOptions;
pub use secret::{Pin, SecretBytes, SecretString};
