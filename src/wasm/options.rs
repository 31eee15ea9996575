//! Readers of the option arguments: PIN policies, build options (the clock), cipher options and
//! `expect`. Split from `read.rs`, whose primitives they use.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Date, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::cipher::CipherOptions;
use crate::datetime::DateTime;
use crate::error::{Error, Result};
use crate::pin::PinPolicy;
use crate::text::{join, num};

use super::read::{
    at_most, bytes, invalid, is_absent, is_array, is_plain_object, members, short_string, threw,
    unknown_option, MAX_DENY,
};

/// A PIN policy: `"strict"`, `"basic"`, or `{ length?: n | {min, max}, repeated?, sequential?,
/// common?, matchesCard?, matchesPhone?, sameAsCurrent?: boolean, deny?: string[] }` whose
/// omitted switches are on. `undefined`/`null`: strict. A `deny` list of more than
/// [`MAX_DENY`] entries, or a string over [`super::read::MAX_TEXT`] characters, is refused
/// unread.
pub(crate) fn policy(value: &JsValue) -> Result<PinPolicy> {
    const WHAT: &str = "pinPolicy";
    if is_absent(value) {
        return Ok(PinPolicy::strict());
    }
    if value.is_string() {
        let name = short_string(value, WHAT)?;
        return match name.as_str() {
            "strict" => Ok(PinPolicy::strict()),
            "basic" => Ok(PinPolicy::basic()),
            _ => Err(Error::InvalidInput(
                "\"pinPolicy\" expected \"strict\", \"basic\" or a policy object, got another string"
                    .into(),
            )),
        };
    }
    if !is_plain_object(value) {
        return Err(invalid(
            WHAT,
            "\"strict\", \"basic\" or a policy object",
            value,
        ));
    }
    let mut policy = PinPolicy::strict();
    for (key, item) in members(value, WHAT)? {
        if item.is_null() {
            continue;
        }
        let switch = match key.as_str() {
            "repeated" => Some(&mut policy.repeated),
            "sequential" => Some(&mut policy.sequential),
            "common" => Some(&mut policy.common),
            "matchesCard" => Some(&mut policy.matches_card),
            "matchesPhone" => Some(&mut policy.matches_phone),
            "sameAsCurrent" => Some(&mut policy.same_as_current),
            _ => None,
        };
        if let Some(slot) = switch {
            *slot = item
                .as_bool()
                .ok_or_else(|| invalid(&join(&["pinPolicy.", &key]), "a boolean", &item))?;
            continue;
        }
        match key.as_str() {
            "length" => {
                let (min, max) = if item.as_f64().is_some() {
                    let n = length(&item)?;
                    (n, n)
                } else if is_plain_object(&item) {
                    let part = |name: &str| {
                        Reflect::get(&item, &name.into())
                            .map_err(|_| threw("pinPolicy.length"))
                            .and_then(|v| length(&v))
                    };
                    (part("min")?, part("max")?)
                } else {
                    return Err(invalid(
                        "pinPolicy.length",
                        "an integer 4-12 or {min, max}",
                        &item,
                    ));
                };
                policy = policy.with_length(min, max)?;
            }
            "deny" => policy.deny = deny_list(&item)?,
            other => return Err(unknown_option(WHAT, other)),
        }
    }
    Ok(policy)
}

/// `pinPolicy.deny`: an array of at most [`MAX_DENY`] strings, its length read (through
/// `Reflect.get`, so a proxy's trap that throws is caught) before any entry.
fn deny_list(item: &JsValue) -> Result<Vec<String>> {
    const WHAT: &str = "pinPolicy.deny";
    if !is_array(item) {
        return Err(invalid(WHAT, "an array of strings", item));
    }
    let length = Reflect::get(item, &"length".into())
        .map_err(|_| threw(WHAT))?
        .as_f64()
        .filter(|n| *n >= 0.0)
        .ok_or_else(|| invalid(WHAT, "an array of strings", item))?;
    if length > MAX_DENY as f64 {
        // Above 2^32 only a proxy can claim, the count saturates; it is refused all the same.
        return Err(Error::InvalidInput(at_most(
            WHAT,
            MAX_DENY,
            " entries",
            length as usize,
        )));
    }
    let mut deny = Vec::new();
    // At most MAX_DENY: the cast keeps the integer part (only a proxy has another).
    for i in 0..length as u32 {
        let entry = Reflect::get_u32(item, i).map_err(|_| threw(WHAT))?;
        deny.push(short_string(&entry, "pinPolicy.deny[]")?.to_string());
    }
    Ok(deny)
}

/// A PIN length: an integer number 4–12 (the range itself is checked by the policy).
fn length(value: &JsValue) -> Result<usize> {
    match value.as_f64() {
        // In range, the cast is exact exactly when `n` is an integer.
        Some(n) if (0.0..=64.0).contains(&n) && (n as usize) as f64 == n => Ok(n as usize),
        _ => Err(invalid(
            "pinPolicy.length",
            "an integer 4-12 or {min, max}",
            value,
        )),
    }
}

/// The local date and time of a JavaScript `Date`; `None` for an invalid date.
fn local_parts(date: &Date) -> Option<DateTime> {
    if date.get_time().is_nan() {
        return None;
    }
    let small = |v: u32| u8::try_from(v).ok();
    DateTime::new(
        u16::try_from(date.get_full_year()).ok()?,
        small(date.get_month() + 1)?,
        small(date.get_date())?,
        small(date.get_hours())?,
        small(date.get_minutes())?,
        small(date.get_seconds())?,
    )
}

/// `now`: a `Date` or a `YYYYMMDDHHMMSS` string.
fn now(value: &JsValue) -> Result<DateTime> {
    if value.is_string() {
        let text = short_string(value, "now")?;
        return DateTime::parse_compact(&text).ok_or_else(|| {
            Error::InvalidInput("\"now\" expected YYYYMMDDHHMMSS, got another string".into())
        });
    }
    if let Some(date) = value.dyn_ref::<Date>() {
        return local_parts(date).ok_or_else(|| {
            Error::InvalidInput("\"now\" expected a valid Date, got Invalid Date".into())
        });
    }
    Err(invalid("now", "a Date or a YYYYMMDDHHMMSS string", value))
}

/// Build options `{ now?, pinPolicy? }`: the time given (if any) and the policy.
pub(crate) fn build_options(value: &JsValue) -> Result<(Option<DateTime>, PinPolicy)> {
    let mut at = None;
    let mut pin_policy = PinPolicy::strict();
    for (key, item) in members(value, "options")? {
        match key.as_str() {
            "now" if item.is_null() => {}
            "now" => at = Some(now(&item)?),
            "pinPolicy" => pin_policy = policy(&item)?,
            other => return Err(unknown_option("options", other)),
        }
    }
    Ok((at, pin_policy))
}

/// Cipher options `{ iv?: "random" | 32 hex | Uint8Array(16) }`. A `Uint8Array` IV of any
/// length but 16 is refused before it is copied (as `INVALID_IV`), an IV text over
/// [`super::read::MAX_TEXT`] characters unread (as `INVALID_INPUT`).
pub(crate) fn cipher_options(value: &JsValue) -> Result<CipherOptions> {
    let mut options = CipherOptions::default();
    for (key, iv) in members(value, "options")? {
        if key != "iv" {
            return Err(unknown_option("options", &key));
        }
        options = if iv.is_string() {
            let text = short_string(&iv, "iv")?;
            if text.as_str() == "random" {
                CipherOptions::default()
            } else {
                CipherOptions::fixed_iv_hex(&text)?
            }
        } else if iv.dyn_ref::<Uint8Array>().is_some() {
            // Over 16 bytes: the core's own message, without the copy.
            let over =
                |found| Error::InvalidIv(join(&["\"iv\" expected 16 bytes, got ", &num(found)]));
            CipherOptions::fixed_iv(&bytes(&iv, "iv", 16, &over)?)?
        } else {
            return Err(invalid(
                "iv",
                "\"random\", 32 hex characters or a Uint8Array",
                &iv,
            ));
        };
    }
    Ok(options)
}

/// `expect` of `openResetPinResponse`: `{ clientTxnId? }`, the request's id to check the echo.
pub(crate) fn expect_txn(expect: &JsValue) -> Result<Option<Zeroizing<String>>> {
    let mut txn = None;
    for (key, item) in members(expect, "expect")? {
        match key.as_str() {
            "clientTxnId" if item.is_null() => {}
            "clientTxnId" => txn = Some(short_string(&item, "expect.clientTxnId")?),
            other => return Err(unknown_option("expect", other)),
        }
    }
    Ok(txn)
}
