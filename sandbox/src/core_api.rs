//! Every use of the core crate `pinseal` by the sandbox, in one place: when the core's
//! signatures change, this module is the one to adapt. The rest of the sandbox sees only the
//! plain types and functions below (and [`SetPinStatus`]).
//!
//! Core items used: `TokenCipher`, `CipherOptions`, `DateTime`, `Pin`, `Error`, `FieldCode`,
//! `DECRYPT_FAILED_MESSAGE`, `PinPolicy`, `FieldError`; `fields::{Spec, Found, screen, unknown,
//! merge}`;
//! `reset_pin::{ResetPinInput, validate, meaning, FIELDS, REQUEST_MESSAGE_CODE,
//! RESPONSE_MESSAGE_CODE, DEFAULT_ENTITY_ID}`; `set_pin::{SetPinInput, validate, SetPinStatus,
//! FIELDS, MAX_DESCRIPTION_CHARS, DEVICE_IDENTIFIER_TYPES, IDENTITY_TYPES, ACTION}`.

use chrono::NaiveDateTime;
use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{CipherOptions, DateTime, Error, PinPolicy, TokenCipher};
use zeroize::Zeroizing;

pub use pinseal::fields::{self, Found, Spec};
pub use pinseal::set_pin::SetPinStatus;
/// One broken field rule: the core's, or the sandbox's own for a wrong JSON type or an unknown
/// key (the core's lenient reader, `fields::screen`), in the same shape.
pub use pinseal::{FieldCode, FieldError as Problem};

/// The Reset PIN input fields, SPEC §1.1 table order: the keys of the decrypted request (less
/// `messageCode`).
pub const RESET_FIELDS: &[Spec] = &reset_pin::FIELDS;
/// The SET_PIN input fields, SPEC §1.2 table order (input names; the payload spells them in
/// snake_case).
pub const SET_PIN_FIELDS: &[Spec] = &set_pin::FIELDS;

/// `messageCode` of a Reset PIN request (`"1120"`).
pub const REQUEST_MESSAGE_CODE: &str = reset_pin::REQUEST_MESSAGE_CODE;
/// `messageCode` of a Reset PIN response (`"1121"`).
pub const RESPONSE_MESSAGE_CODE: &str = reset_pin::RESPONSE_MESSAGE_CODE;
/// `entityId` when the fixtures leave it out.
pub const DEFAULT_ENTITY_ID: u16 = reset_pin::DEFAULT_ENTITY_ID;
/// The mbanking envelope's `action` (`"SET_PIN"`).
pub const SET_PIN_ACTION: &str = set_pin::ACTION;
/// Longest `set_pin_status_description`.
pub const MAX_DESCRIPTION_CHARS: usize = set_pin::MAX_DESCRIPTION_CHARS;
/// `device_identifier_type` values.
pub const DEVICE_IDENTIFIER_TYPES: &[&str] = &set_pin::DEVICE_IDENTIFIER_TYPES;
/// `identity_type` values.
pub const IDENTITY_TYPES: &[&str] = &set_pin::IDENTITY_TYPES;
/// The one message of every `DECRYPT_FAILED` answer.
pub const DECRYPT_FAILED_MESSAGE: &str = pinseal::DECRYPT_FAILED_MESSAGE;

/// The meaning of a partner response code (`"1099"` → `"INVALID PIN"`).
pub fn meaning(response_code: &str) -> &'static str {
    reset_pin::meaning(response_code)
}

/// The wire string of a SET_PIN status, e.g. `"INCORRECT_PIN"`.
pub fn status_text(status: SetPinStatus) -> &'static str {
    status.as_str()
}

/// The PIN policy of both flows: the strict one of SPEC §3.
fn policy() -> PinPolicy {
    PinPolicy::strict()
}

/// Why a token did not open.
#[derive(Debug)]
pub enum OpenError {
    /// Not base64, a bad length or too large: public facts, told as they are.
    Malformed {
        /// `MALFORMED_TOKEN` or `TOKEN_TOO_LARGE`.
        code: &'static str,
        /// The core's message (never any key or plaintext).
        message: String,
    },
    /// Any failure once decryption started: one uniform answer.
    DecryptFailed,
}

/// The sandbox's AES-192 token cipher (random IV mode).
pub struct Cipher(TokenCipher);

impl Cipher {
    /// A cipher from the 24 raw key bytes.
    ///
    /// # Errors
    /// The core's message (it names the length found, never the key).
    pub fn from_key(key: &[u8]) -> Result<Self, String> {
        TokenCipher::from_bytes(key, CipherOptions::default())
            .map(Cipher)
            .map_err(|e| e.to_string())
    }

    /// Opens a request token into its UTF-8 plaintext, wiped when dropped.
    ///
    /// # Errors
    /// [`OpenError`]: malformed/too large, or the uniform decrypt failure.
    pub fn open(&self, token: &str) -> Result<Zeroizing<String>, OpenError> {
        match self.0.decrypt(token) {
            Ok(plain) => Ok(Zeroizing::new(plain.expose().to_owned())),
            Err(e @ (Error::MalformedToken(_) | Error::TokenTooLarge { .. })) => {
                Err(OpenError::Malformed {
                    code: e.code(),
                    message: e.to_string(),
                })
            }
            Err(_) => Err(OpenError::DecryptFailed),
        }
    }

    /// Seals `plaintext` into a response token; `None` if the CSPRNG fails.
    pub fn seal(&self, plaintext: &str) -> Option<String> {
        self.0.encrypt(plaintext).ok()
    }
}

/// A `YYYYMMDDHHMMSS` text read by the core's rule (a real calendar date and time).
pub fn parse_compact(text: &str) -> Option<NaiveDateTime> {
    let t = DateTime::parse_compact(text)?;
    chrono::NaiveDate::from_ymd_opt(i32::from(t.year), u32::from(t.month), u32::from(t.day))?
        .and_hms_opt(u32::from(t.hour), u32::from(t.minute), u32::from(t.second))
}

/// The core's §1.1 field rules and the strict PIN policy, every broken rule in field order;
/// `value` gives each field's text by its input name (`None`: absent or of the wrong type).
pub fn check_reset<'a>(value: impl Fn(&str) -> Option<&'a str>) -> Vec<Problem> {
    let input = ResetPinInput::from_fields(|name| value(name).unwrap_or_default().to_owned());
    reset_pin::validate(&input, &policy()).errors
}

/// The core's §1.2 field rules and the strict PIN policy, every broken rule in field order;
/// `value` gives each field's text by its input name (`None`: absent or of the wrong type).
pub fn check_set_pin<'a>(value: impl Fn(&str) -> Option<&'a str>) -> Vec<Problem> {
    let input = SetPinInput::from_fields(|name| value(name).unwrap_or_default().to_owned());
    set_pin::validate(&input, &policy()).errors
}
