//! The one error type of pinseal and the field-level validation report.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// Everything that can go wrong in pinseal, each with a stable [`Error::code`].
///
/// Messages follow one grammar (`"key" expected 24 bytes, got 15`) and never contain a key,
/// IV, PIN or plaintext.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The key is not 24 bytes, or its text form is not valid hex/base64.
    InvalidKey(String),
    /// The fixed IV is not 16 bytes, or its text form is not valid hex.
    InvalidIv(String),
    /// The token is not base64, or its length is not a positive multiple of 16 bytes.
    MalformedToken(String),
    /// The token decodes to more than [`crate::MAX_TOKEN_BYTES`] bytes, or a plaintext would
    /// make such a token.
    TokenTooLarge {
        /// Decoded size of the token in bytes (at least, when decoding stopped early).
        size: usize,
    },
    /// A token text (or a response body holding one) is longer than any token pinseal opens
    /// can be, so it was refused by its length alone, before any work (SPEC §2, "Limits before
    /// work"). Code `TOKEN_TOO_LARGE`, like [`Error::TokenTooLarge`].
    TokenTextTooLong {
        /// What was given: `token` or `body`.
        what: &'static str,
        /// The longest text accepted, in characters.
        max: usize,
        /// The text's length in characters (UTF-16 code units in JavaScript, bytes in Rust).
        length: usize,
    },
    /// Decryption, unpadding, UTF-8 or JSON failed. Deliberately says nothing more.
    DecryptFailed,
    /// One or more input fields break their rules; every broken rule is listed.
    Validation(Vec<FieldError>),
    /// An argument has the wrong type or shape (for example `null` where an object is due).
    InvalidInput(String),
    /// A partner response does not have the documented shape.
    InvalidResponse {
        /// What is wrong, without echoing secrets.
        reason: String,
        /// The body as it was given, for the caller's diagnostics.
        raw: String,
    },
    /// The response's `clientTxnId` does not echo the request's.
    TxnMismatch,
    /// The platform CSPRNG could not be read.
    RandomUnavailable,
    /// The engine check ([`crate::engine_check`]) found the AES result wrong on every attempt:
    /// the WebAssembly engine miscomputes, and nothing was returned.
    EngineFault,
}

/// The one message of every [`Error::DecryptFailed`], whatever the cause.
pub const DECRYPT_FAILED_MESSAGE: &str = "token could not be decrypted";

impl Error {
    /// The stable machine-readable code, the same string JavaScript sees as `error.code`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, Error, TokenCipher};
    ///
    /// let err = TokenCipher::from_text("too short", CipherOptions::default()).unwrap_err();
    /// assert_eq!(err.code(), "INVALID_KEY");
    /// assert!(matches!(err, Error::InvalidKey(_)));
    /// assert_eq!(Error::DecryptFailed.code(), "DECRYPT_FAILED");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidKey(_) => "INVALID_KEY",
            Error::InvalidIv(_) => "INVALID_IV",
            Error::MalformedToken(_) => "MALFORMED_TOKEN",
            Error::TokenTooLarge { .. } | Error::TokenTextTooLong { .. } => "TOKEN_TOO_LARGE",
            Error::DecryptFailed => "DECRYPT_FAILED",
            Error::Validation(_) => "VALIDATION_FAILED",
            Error::InvalidInput(_) => "INVALID_INPUT",
            Error::InvalidResponse { .. } => "INVALID_RESPONSE",
            Error::TxnMismatch => "TXN_MISMATCH",
            Error::RandomUnavailable => "RANDOM_UNAVAILABLE",
            Error::EngineFault => "ENGINE_FAULT",
        }
    }

    /// The field errors of a [`Error::Validation`], empty for every other variant.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{validate_pin, Error, FieldCode, PinContext, PinPolicy};
    ///
    /// let report = validate_pin("12a4", &PinContext::default(), &PinPolicy::strict());
    /// let err = report.into_result().unwrap_err();
    /// assert_eq!(err.code(), "VALIDATION_FAILED");
    /// let [only] = err.field_errors() else {
    ///     panic!("one field error expected");
    /// };
    /// assert_eq!((only.field.as_str(), only.code), ("pin", FieldCode::PinNotDigits));
    /// assert!(Error::DecryptFailed.field_errors().is_empty());
    /// ```
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            _ => &[],
        }
    }
}

impl Error {
    /// The human-readable message (what `Display` and JavaScript's `error.message` show).
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{Error, FieldCode, FieldError};
    ///
    /// let too_large = Error::TokenTooLarge { size: 2_000_000 };
    /// assert_eq!(too_large.message(), r#""token" expected at most 1048576 bytes, got 2000000"#);
    /// assert_eq!(too_large.to_string(), too_large.message()); // Display
    ///
    /// // A validation error names the fields and rules, never the values.
    /// let err = Error::Validation(vec![
    ///     FieldError::new("urn", FieldCode::NotDigits, "must contain only the digits 0-9"),
    ///     FieldError::new("newPIN", FieldCode::PinCommon, "is too common or on the deny list"),
    /// ]);
    /// assert_eq!(
    ///     err.message(),
    ///     r#"invalid input: 2 field errors: "urn" NOT_DIGITS, "newPIN" PIN_COMMON"#
    /// );
    /// ```
    pub fn message(&self) -> String {
        use crate::text::{join, num};
        match self {
            Error::InvalidKey(m)
            | Error::InvalidIv(m)
            | Error::MalformedToken(m)
            | Error::InvalidInput(m) => m.clone(),
            Error::TokenTooLarge { size } => join(&[
                "\"token\" expected at most ",
                &num(crate::MAX_TOKEN_BYTES),
                " bytes, got ",
                &num(*size),
            ]),
            Error::TokenTextTooLong { what, max, length } => join(&[
                "\"",
                what,
                "\" expected at most ",
                &num(*max),
                " characters, got ",
                &num(*length),
            ]),
            Error::DecryptFailed => DECRYPT_FAILED_MESSAGE.into(),
            Error::Validation(errors) => match errors.as_slice() {
                [one] => join(&["invalid input: \"", &one.field, "\" ", &one.message]),
                many => {
                    // Which fields and which rules, never the values: "3 field errors: \"urn\"
                    // NOT_DIGITS, \"newPIN\" PIN_SEQUENTIAL, \"newPIN\" PIN_COMMON".
                    let mut out = join(&["invalid input: ", &num(many.len()), " field errors: "]);
                    for (i, e) in many.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(&join(&["\"", &e.field, "\" ", e.code.as_str()]));
                    }
                    out
                }
            },
            Error::InvalidResponse { reason, .. } => join(&["invalid response: ", reason]),
            Error::TxnMismatch => {
                "\"clientTxnId\" of the response does not echo the request's".into()
            }
            Error::RandomUnavailable => "the platform CSPRNG is unavailable".into(),
            Error::EngineFault => {
                "the WebAssembly engine computed a wrong AES result on every attempt; nothing was returned"
                    .into()
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

// Debug is the code and the message: no variant holds a secret, so nothing to redact, and a
// derived Debug would print `raw` bodies in full.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Error(")?;
        f.write_str(self.code())?;
        f.write_str(": ")?;
        f.write_str(&self.message())?;
        f.write_str(")")
    }
}

impl core::error::Error for Error {}

/// Result with pinseal's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Why a field was refused. [`FieldCode::as_str`] gives the stable code string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldCode {
    /// Absent or empty.
    Required,
    /// Longer than its limit.
    TooLong,
    /// Shorter than its limit.
    TooShort,
    /// A digit field with a non-digit.
    NotDigits,
    /// Wrong characters or wrong JSON type.
    InvalidFormat,
    /// A value outside its enumeration.
    InvalidValue,
    /// Not a real `YYYYMMDDHHMMSS` date and time.
    InvalidDatetime,
    /// A field the input type does not have (often a misspelling).
    UnknownField,
    /// PIN has a non-digit.
    PinNotDigits,
    /// PIN has the wrong length.
    PinLength,
    /// PIN is one digit repeated.
    PinRepeated,
    /// PIN is an ascending or descending run.
    PinSequential,
    /// PIN is among the most common PINs, or denied by the caller.
    PinCommon,
    /// PIN equals the card's last four digits.
    PinMatchesCard,
    /// New PIN equals the current PIN.
    PinSameAsCurrent,
    /// PIN equals the end of the phone number.
    PinMatchesPhone,
}

impl FieldCode {
    /// The stable code string, e.g. `"TOO_LONG"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{pin_strength, FieldCode, PinPolicy};
    ///
    /// assert_eq!(FieldCode::PinSequential.as_str(), "PIN_SEQUENTIAL");
    /// assert_eq!(FieldCode::TooLong.to_string(), "TOO_LONG"); // Display
    /// let codes: Vec<&str> = pin_strength("0000", &PinPolicy::strict())
    ///     .reasons
    ///     .into_iter()
    ///     .map(FieldCode::as_str)
    ///     .collect();
    /// assert_eq!(codes, ["PIN_REPEATED", "PIN_COMMON"]);
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Required => "REQUIRED",
            FieldCode::TooLong => "TOO_LONG",
            FieldCode::TooShort => "TOO_SHORT",
            FieldCode::NotDigits => "NOT_DIGITS",
            FieldCode::InvalidFormat => "INVALID_FORMAT",
            FieldCode::InvalidValue => "INVALID_VALUE",
            FieldCode::InvalidDatetime => "INVALID_DATETIME",
            FieldCode::UnknownField => "UNKNOWN_FIELD",
            FieldCode::PinNotDigits => "PIN_NOT_DIGITS",
            FieldCode::PinLength => "PIN_LENGTH",
            FieldCode::PinRepeated => "PIN_REPEATED",
            FieldCode::PinSequential => "PIN_SEQUENTIAL",
            FieldCode::PinCommon => "PIN_COMMON",
            FieldCode::PinMatchesCard => "PIN_MATCHES_CARD",
            FieldCode::PinSameAsCurrent => "PIN_SAME_AS_CURRENT",
            FieldCode::PinMatchesPhone => "PIN_MATCHES_PHONE",
        }
    }
}

impl fmt::Display for FieldCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule of one input field. `field` is the caller's input name (camelCase).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The input field name as the caller spells it, e.g. `"newPIN"`.
    pub field: String,
    /// The rule broken.
    pub code: FieldCode,
    /// A sentence for people; never contains the value when the field is secret.
    pub message: String,
}

impl FieldError {
    /// A field error with its message.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{Error, FieldCode, FieldError};
    ///
    /// let message = "expected at most 4 characters, got 5";
    /// let e = FieldError::new("bankId", FieldCode::TooLong, message);
    /// assert_eq!(e.field, "bankId");
    /// assert_eq!(e.code, FieldCode::TooLong);
    /// assert_eq!(
    ///     Error::Validation(vec![e]).message(),
    ///     r#"invalid input: "bankId" expected at most 4 characters, got 5"#
    /// );
    /// ```
    pub fn new(field: impl Into<String>, code: FieldCode, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// The result of validating an input: every broken rule, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Empty when the input is valid.
    pub errors: Vec<FieldError>,
}

impl Report {
    /// `true` when no rule is broken.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{validate_pin, PinContext, PinPolicy};
    ///
    /// let (ctx, strict) = (PinContext::default(), PinPolicy::strict());
    /// assert!(validate_pin("5829", &ctx, &strict).is_valid());
    /// assert!(!validate_pin("1234", &ctx, &strict).is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Adds one field error.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{FieldCode, FieldError, Report};
    ///
    /// let mut report = Report::default();
    /// report.push("urn", FieldCode::NotDigits, "must contain only the digits 0-9");
    /// assert_eq!(
    ///     report.errors,
    ///     [FieldError::new("urn", FieldCode::NotDigits, "must contain only the digits 0-9")]
    /// );
    /// ```
    pub fn push(&mut self, field: &str, code: FieldCode, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, code, message));
    }

    /// `true` when `field` already has an error (so later rules need not pile on).
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{FieldCode, Report};
    ///
    /// let mut report = Report::default();
    /// report.push("bankId", FieldCode::Required, "is required");
    /// assert!(report.has("bankId"));
    /// assert!(!report.has("urn"));
    /// ```
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// `Ok(())` when valid, else [`Error::Validation`] with every field error.
    ///
    /// # Errors
    /// [`Error::Validation`] when any rule is broken.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{FieldCode, Report};
    ///
    /// assert_eq!(Report::default().into_result(), Ok(()));
    ///
    /// let mut report = Report::default();
    /// report.push("urn", FieldCode::Required, "is required");
    /// let err = report.into_result().unwrap_err();
    /// assert_eq!(err.code(), "VALIDATION_FAILED");
    /// assert_eq!(err.message(), r#"invalid input: "urn" is required"#);
    /// ```
    pub fn into_result(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.errors))
        }
    }
}
