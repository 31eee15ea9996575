//! Reading the known fields of a request object from the core's field tables
//! ([`RESET_FIELDS`](crate::core_api::RESET_FIELDS), [`SET_PIN_FIELDS`](crate::core_api::SET_PIN_FIELDS)),
//! the way the library's JavaScript reader takes its inputs: strings for text fields, strings or
//! numbers for digit fields, `null` as absent; any other JSON type is that field's
//! `INVALID_VALUE` (SPEC §7) and an unknown key is `UNKNOWN_FIELD`, each a [`Problem`] naming
//! the field by its input name.

use crate::core_api::{fields, Found, Problem, Spec};
use crate::wire::{Field, Members};
use pinseal::fields::Kind;

/// How an object spells the table's fields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// By their input names (`newPIN`, `newPin`): the decrypted Reset PIN request.
    Input,
    /// By the table's wire names (`new_pin` for `newPin`): the SET_PIN payload on the wire.
    Wire,
}

impl Spelling {
    /// The key of the field `spec` in such an object.
    pub fn key(self, spec: &Spec) -> &'static str {
        match self {
            Spelling::Input => spec.name,
            Spelling::Wire => spec.wire.name,
        }
    }
}

/// The values of a table's fields read from one object.
pub struct Values<'a> {
    values: Vec<(&'static str, Option<&'a str>)>,
}

impl<'a> Values<'a> {
    /// The text of the field `name` (an input name); `None` when absent, `null`, of the wrong
    /// type or not in the table.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| *v)
    }
}

/// The values of `specs`' fields in `members`, whose keys are spelt `spelling`, and the
/// problems found reading them: wrong types first (table order), then unknown keys (member
/// order; keys in `checked_apart` are not unknown). `what` names the object in messages.
pub fn read<'a>(
    members: &'a Members,
    specs: &[Spec],
    spelling: Spelling,
    checked_apart: &[&str],
    what: &str,
) -> (Values<'a>, Vec<Problem>) {
    let keys: Vec<&str> = specs.iter().map(|s| spelling.key(s)).collect();
    let mut values = Vec::with_capacity(specs.len());
    let mut problems = Vec::new();
    for (spec, key) in specs.iter().zip(&keys) {
        let field = members.get(key);
        let read = match (field, spec.kind) {
            (Field::Missing | Field::Null, _) => None,
            (Field::Text(s), _) => Some(s.as_str()),
            (Field::Number(n), Kind::Digits) => Some(n.as_str()),
            (other, _) => {
                // The library's words (its JavaScript reader's), by the input name.
                problems.extend(fields::screen(specs, what, spec.name, found(other)));
                None
            }
        };
        values.push((spec.name, read));
    }
    for (key, _) in &members.0 {
        if !keys.contains(&key.as_str()) && !checked_apart.contains(&key.as_str()) {
            problems.push(fields::unknown(specs, what, key));
        }
    }
    (Values { values }, problems)
}

/// A member's JSON type, as the core's lenient reader names it.
fn found(field: &Field) -> Found {
    match field {
        Field::Missing | Field::Null => Found::Null,
        Field::Bool => Found::Boolean,
        Field::Number(_) => Found::Number,
        Field::Text(_) => Found::String,
        Field::Array(_) => Found::Array,
        Field::Object(_) => Found::Object,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::core_api::{FieldCode, RESET_FIELDS, SET_PIN_FIELDS};

    /// Two rows of the Reset PIN table: a digit field and a text field.
    fn specs() -> [Spec; 2] {
        let row = |name| *RESET_FIELDS.iter().find(|s| s.name == name).unwrap();
        [row("newPIN"), row("clientId")]
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect()
    }

    #[test]
    fn reads_like_the_core() {
        let m: Members =
            serde_json::from_str(r#"{"newPin":"1","clientId":5,"x":1,"newPIN":5829}"#).unwrap();
        let (values, problems) = read(&m, &specs(), Spelling::Input, &[], "ResetPinInput");
        assert_eq!(
            (values.get("newPIN"), values.get("clientId")),
            (Some("5829"), None)
        );
        assert_eq!(
            codes(&problems),
            [
                ("clientId", "INVALID_VALUE"),
                ("newPin", "UNKNOWN_FIELD"),
                ("x", "UNKNOWN_FIELD")
            ]
        );
        assert!(problems[1].message.contains("did you mean \"newPIN\""));
        let rules = vec![
            Problem::new("clientId", FieldCode::Required, "is required"),
            Problem::new("newPIN", FieldCode::PinCommon, "is common"),
        ];
        let merged = fields::merge(problems, rules, &specs());
        assert_eq!(
            codes(&merged),
            [
                ("newPIN", "PIN_COMMON"),
                ("clientId", "INVALID_VALUE"),
                ("newPin", "UNKNOWN_FIELD"),
                ("x", "UNKNOWN_FIELD")
            ]
        );
    }

    /// SPEC §7: a number, boolean or object in a text field, and anything but a string or a
    /// number in a digit field, is that field's INVALID_VALUE, named by its input name, in both
    /// tables and both spellings.
    #[test]
    fn a_wrong_json_type_is_invalid_value_naming_the_field() {
        let wrong_for = |kind| match kind {
            Kind::Text => vec!["5", "1.5", "true", "{}", "[\"x\"]"],
            Kind::Digits => vec!["true", "false", "{\"a\":1}", "[1]"],
        };
        for (specs, spelling) in [
            (RESET_FIELDS, Spelling::Input),
            (SET_PIN_FIELDS, Spelling::Wire),
        ] {
            for spec in specs {
                for value in wrong_for(spec.kind) {
                    let key = spelling.key(spec);
                    let text = format!("{{\"{key}\":{value}}}");
                    let m: Members = serde_json::from_str(&text).unwrap();
                    let (values, problems) = read(&m, specs, spelling, &[], "the object");
                    assert_eq!(values.get(spec.name), None, "{text}");
                    assert_eq!(codes(&problems), [(spec.name, "INVALID_VALUE")], "{text}");
                    let kind = serde_json::from_str::<serde_json::Value>(value).unwrap();
                    let got = match kind {
                        serde_json::Value::Number(_) => "number",
                        serde_json::Value::Bool(_) => "boolean",
                        serde_json::Value::Array(_) => "array",
                        _ => "object",
                    };
                    assert!(
                        problems[0].message.ends_with(&format!(", got {got}")),
                        "{text}: {}",
                        problems[0].message
                    );
                }
            }
        }
    }

    #[test]
    fn digit_fields_take_numbers_and_text_fields_do_not() {
        for spec in RESET_FIELDS {
            let text = format!("{{\"{}\":402}}", spec.name);
            let m: Members = serde_json::from_str(&text).unwrap();
            let (values, problems) = read(&m, RESET_FIELDS, Spelling::Input, &[], "the object");
            let read_as_text = values.get(spec.name) == Some("402");
            assert_eq!(read_as_text, spec.kind == Kind::Digits, "{text}");
            assert_eq!(problems.is_empty(), read_as_text, "{text}");
        }
    }

    #[test]
    fn wire_keys() {
        let keys: Vec<&str> = SET_PIN_FIELDS
            .iter()
            .map(|s| Spelling::Wire.key(s))
            .collect();
        assert_eq!(
            keys,
            [
                "api_request_id",
                "identifier_type",
                "identifier",
                "pin",
                "device_identifier_type",
                "device_identifier",
                "new_pin",
                "identity_type",
                "identity"
            ]
        );
        assert_eq!(Spelling::Input.key(&specs()[0]), "newPIN");
    }
}
