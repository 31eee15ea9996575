//! `validatePin` and `pinStrength`.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::Result;
use crate::pin::{self, PinContext};

use super::{options, read, throw, write, JsResult};

/// Checks one PIN against a policy and context; errors name the field "pin".
#[wasm_bindgen(js_name = validatePin, skip_typescript)]
pub fn validate_pin(pin: JsValue, context: JsValue) -> JsResult<JsValue> {
    let run = || -> Result<_> {
        let pin = read::string(&pin, "pin")?;
        let mut policy = crate::PinPolicy::strict();
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
                    Some(read::string(&item, &key)?)
                };
            }
        }
        let [current, card, phone] = &texts;
        let ctx = PinContext {
            current_pin: current.as_deref().map(String::as_str),
            last4_digits: card.as_deref().map(String::as_str),
            msisdn: phone.as_deref().map(String::as_str),
        };
        Ok(pin::validate_pin(&pin, &ctx, &policy))
    };
    write::report(&run().map_err(throw)?)
}

/// Which rules of a policy (strict by default: exactly 4 digits) a PIN breaks, for live
/// feedback while typing: `{weak, reasons}`.
#[wasm_bindgen(js_name = pinStrength, skip_typescript)]
pub fn pin_strength(pin: JsValue, policy: JsValue) -> JsResult<JsValue> {
    let pin = read::string(&pin, "pin").map_err(throw)?;
    let policy = options::policy(&policy).map_err(throw)?;
    let strength = pin::pin_strength(&pin, &policy);
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
