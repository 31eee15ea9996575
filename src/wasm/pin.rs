//! `validatePin` and `pinStrength`.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::{FieldCode, Report, Result};
use crate::pin::{self, PinContext, PinPolicy};
use crate::text::{join, num};

use super::read::{self, MAX_TEXT};
use super::{options, throw, write, JsResult};

/// A PIN argument: `Some` when it is short enough to read, `None` when it is longer than
/// [`MAX_TEXT`] UTF-16 code units (far over any policy's 12 digits), which is read no further.
///
/// # Errors
/// `INVALID_INPUT` for a non-string.
fn pin_text(pin: &JsValue) -> Result<Option<Zeroizing<String>>> {
    match read::string_length(pin) {
        Some(length) if length > MAX_TEXT => Ok(None),
        _ => read::short_string(pin, "pin").map(Some),
    }
}

/// The one finding on a PIN over [`MAX_TEXT`]: `PIN_LENGTH`, in the words of the core's PIN
/// rules ("expected 4 digits, got N", N in UTF-16 code units). Its content is not examined.
fn too_long_pin(pin: &JsValue, policy: &PinPolicy) -> Report {
    let (min, max) = (policy.min_len, policy.max_len);
    let range = if min == max {
        num(min)
    } else {
        join(&[&num(min), " to ", &num(max)])
    };
    let length = num(read::string_length(pin).unwrap_or_default());
    let message = join(&["expected ", &range, " digits, got ", &length]);
    let mut report = Report::default();
    report.push("pin", FieldCode::PinLength, message);
    report
}

/// Checks one PIN against a policy and context; errors name the field "pin". A PIN longer
/// than 1,024 UTF-16 code units is invalid with `PIN_LENGTH` alone, its content not read.
#[wasm_bindgen(js_name = validatePin, skip_typescript)]
pub fn validate_pin(pin: JsValue, context: JsValue) -> JsResult<JsValue> {
    let run = || -> Result<_> {
        let text = pin_text(&pin)?;
        let mut policy = PinPolicy::strict();
        let mut texts: [Option<Zeroizing<String>>; 3] = [None, None, None];
        for (key, item) in read::members(&context, "context")? {
            let slot = match key.as_str() {
                "currentPin" => 0,
                "last4Digits" => 1,
                "msisdn" => 2,
                "policy" => {
                    policy = options::policy(&item)?;
                    continue;
                }
                other => return Err(read::unknown_option("context", other)),
            };
            if let Some(text) = texts.get_mut(slot) {
                *text = if item.is_null() {
                    None
                } else {
                    Some(read::short_string(&item, &key)?)
                };
            }
        }
        let Some(text) = text else {
            return Ok(too_long_pin(&pin, &policy));
        };
        let [current, card, phone] = &texts;
        let ctx = PinContext {
            current_pin: current.as_deref().map(String::as_str),
            last4_digits: card.as_deref().map(String::as_str),
            msisdn: phone.as_deref().map(String::as_str),
        };
        Ok(pin::validate_pin(&text, &ctx, &policy))
    };
    write::report(&run().map_err(throw)?)
}

/// Which rules of a policy (strict by default: exactly 4 digits) a PIN breaks, for live
/// feedback while typing: `{weak, reasons}`. A PIN longer than 1,024 UTF-16 code units is weak
/// with `PIN_LENGTH` alone, its content not read.
#[wasm_bindgen(js_name = pinStrength, skip_typescript)]
pub fn pin_strength(pin: JsValue, policy: JsValue) -> JsResult<JsValue> {
    let pin = pin_text(&pin).map_err(throw)?;
    let policy = options::policy(&policy).map_err(throw)?;
    let strength = match pin {
        Some(pin) => pin::pin_strength(&pin, &policy),
        None => pin::Strength {
            weak: true,
            reasons: vec![FieldCode::PinLength],
        },
    };
    let mut out = String::from(if strength.weak {
        "{\"weak\":true,\"reasons\":["
    } else {
        "{\"weak\":false,\"reasons\":["
    });
    for (i, code) in strength.reasons.iter().enumerate() {
        out.push_str(if i == 0 { "\"" } else { ",\"" });
        out.push_str(code.as_str());
        out.push('"');
    }
    out.push_str("]}");
    write::parse(&out)
}
