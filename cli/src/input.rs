//! Input objects (`ResetPinInput`, `SetPinInput`) read from JSON text the way the JavaScript
//! API reads them (SPEC §4, §7): an unknown key is an `UNKNOWN_FIELD` field error and a value of
//! the wrong JSON type an `INVALID_VALUE` one, both in the report, not a parse failure. The
//! library's serde reader refuses those outright, so this reader finds them first, leaves
//! those keys out, and lets the library's reader take the rest.

use pinseal::fields::{self, Found, Spec};
use pinseal::FieldError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use zeroize::Zeroize;

use crate::failure::Failure;

/// One API family's input object.
pub struct Family {
    /// The command word: `reset-pin` or `set-pin`.
    pub word: &'static str,
    /// The library's type name, for messages.
    pub type_name: &'static str,
    /// The input keys in SPEC table order (the order of reported errors): the library's own
    /// field table, so the command line reads exactly the fields the library does.
    pub fields: &'static [Spec],
}

/// `ResetPinInput`, SPEC §1.1.
pub const RESET_PIN: Family = Family {
    word: "reset-pin",
    type_name: "ResetPinInput",
    fields: &pinseal::reset_pin::FIELDS,
};

/// `SetPinInput`, SPEC §1.2.
pub const SET_PIN: Family = Family {
    word: "set-pin",
    type_name: "SetPinInput",
    fields: &pinseal::set_pin::FIELDS,
};

/// The input in `text`, and the field errors found while reading it (unknown keys, wrong JSON
/// types). Every string of the parsed JSON is wiped before this returns.
pub fn read<T: DeserializeOwned>(
    text: &[u8],
    family: &Family,
) -> Result<(T, Vec<FieldError>), Failure> {
    let invalid = |message: String| Failure {
        code: "INVALID_INPUT",
        message,
    };
    let mut value: Value = serde_json::from_slice(text).map_err(|e| {
        // Position only: serde_json's own text could quote the input.
        invalid(format!(
            "\"input\" is not JSON: {} at line {}, column {}",
            match e.classify() {
                serde_json::error::Category::Eof => "it ends too early",
                _ => "syntax error",
            },
            e.line(),
            e.column()
        ))
    })?;
    let result = match &mut value {
        Value::Object(map) => {
            let found = screen(map, family);
            T::deserialize(&*map)
                .map(|input| (input, found))
                .map_err(|_| invalid(format!("\"input\" is not a {} object", family.type_name)))
        }
        other => Err(invalid(format!(
            "\"input\" expected an object, got {}",
            kind_of(other)
        ))),
    };
    wipe(&mut value);
    result
}

/// Takes unknown keys and wrongly typed values out of `map`, each reported as the library's
/// lenient reader reports it (`pinseal::fields::screen`).
fn screen(map: &mut Map<String, Value>, family: &Family) -> Vec<FieldError> {
    let mut found = Vec::new();
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let Some(value) = map.get(&key) else { continue };
        if let Some(error) = fields::screen(family.fields, family.type_name, &key, found_of(value))
        {
            found.push(error);
            if let Some(mut gone) = map.remove(&key) {
                wipe(&mut gone);
            }
        }
    }
    found
}

/// A JSON value's type, as the library's readers name it.
fn found_of(value: &Value) -> Found {
    match value {
        Value::Null => Found::Null,
        Value::Bool(_) => Found::Boolean,
        Value::Number(_) => Found::Number,
        Value::String(_) => Found::String,
        Value::Array(_) => Found::Array,
        Value::Object(_) => Found::Object,
    }
}

fn kind_of(value: &Value) -> &'static str {
    found_of(value).name()
}

/// Wipes every string (keys included) of a parsed JSON value. Numbers cannot be wiped: a PIN
/// given as a JSON number leaves its digits in serde_json's number until the process ends.
fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => {
            for (_, item) in map.iter_mut() {
                wipe(item);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinseal::fields::Kind;
    use pinseal::reset_pin::ResetPinInput;
    use pinseal::set_pin::SetPinInput;

    /// The library's tables say what its serde reader takes: every key is known to it, text
    /// keys refuse numbers and digit keys take them.
    #[test]
    fn tables_agree_with_the_library_reader() {
        fn takes<T: DeserializeOwned>(json: &str) -> bool {
            serde_json::from_str::<T>(json).is_ok()
        }
        for (family, reads) in [
            (&RESET_PIN, takes::<ResetPinInput> as fn(&str) -> bool),
            (&SET_PIN, takes::<SetPinInput>),
        ] {
            for &Spec { name, kind, .. } in family.fields {
                assert!(reads(&format!(r#"{{"{name}":"1"}}"#)), "{name}");
                let number = reads(&format!(r#"{{"{name}":1}}"#));
                assert_eq!(number, kind == Kind::Digits, "{name}");
            }
            assert!(!reads(r#"{"notAField":"1"}"#));
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_field_errors() {
        let text = br#"{"newPin":"5829","clientId":7,"bankId":true,"urn":402}"#;
        let (input, found) = read::<ResetPinInput>(text, &RESET_PIN).unwrap();
        let found = fields::merge(found, Vec::new(), RESET_PIN.fields);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("clientId", "INVALID_VALUE"),
                ("bankId", "INVALID_VALUE"),
                ("newPin", "UNKNOWN_FIELD")
            ]
        );
        assert_eq!(input.urn, "402");
        assert!(found[2].message.contains("did you mean \"newPIN\"?"));
    }
}
