//! Reading loosely typed input objects and the field rules both API families share.
//!
//! Inputs arrive as JSON-shaped values (from JavaScript or a JSON body). Reading them is kept
//! apart from the rules so that a wrong JSON type and a broken rule land in one report.

use crate::datetime::DateTime;
use crate::error::{Error, FieldCode, Report, Result};
use crate::json::Json;

/// How a field's JSON value is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Strings only.
    Text,
    /// Strings or numbers; a number is read as its decimal text (so `-1` and `1.5` reach the
    /// digit rule and fail there with `NOT_DIGITS`).
    Digits,
}

/// One known field of an input object.
pub(crate) struct Spec {
    pub name: &'static str,
    pub kind: Kind,
}

/// Longest field name echoed back in an `UNKNOWN_FIELD` error.
const MAX_ECHOED_NAME: usize = 64;

/// A field name folded for "did you mean": ASCII case and `_`/`-` ignored (field names are ASCII;
/// full Unicode case folding would add its tables to the wasm for nothing).
fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Reads `input` as an object of `specs`' fields: one value per spec (in spec order, `None`
/// when absent or null). Unknown keys and wrong JSON types go into `report`.
///
/// # Errors
/// [`Error::InvalidInput`] when `input` is not an object.
pub(crate) fn read_object(
    input: &Json,
    specs: &[Spec],
    what: &str,
    report: &mut Report,
) -> Result<Vec<Option<String>>> {
    let Some(members) = input.as_object() else {
        return Err(Error::InvalidInput(format!(
            "\"{what}\" expected an object, got {}",
            input.kind()
        )));
    };
    let mut values: Vec<Option<String>> = vec![None; specs.len()];
    for (key, value) in members {
        let Some((i, spec)) = specs.iter().enumerate().find(|(_, s)| s.name == key) else {
            let near = specs.iter().find(|s| normalized(s.name) == normalized(key));
            let message = match near {
                Some(s) => format!("is not a field of {what}; did you mean \"{}\"?", s.name),
                None => format!("is not a field of {what}"),
            };
            let mut field: String = key.chars().take(MAX_ECHOED_NAME).collect();
            if key.chars().count() > MAX_ECHOED_NAME {
                field.push('…');
            }
            report.push(&field, FieldCode::UnknownField, message);
            continue;
        };
        let read = match (value, spec.kind) {
            (Json::Null, _) => None,
            (Json::String(s), _) => Some(s.clone()),
            (Json::Number(n), Kind::Digits) => Some(n.clone()),
            (other, Kind::Text) => {
                report.push(
                    spec.name,
                    FieldCode::InvalidFormat,
                    format!("expected a string, got {}", other.kind()),
                );
                None
            }
            (other, Kind::Digits) => {
                report.push(
                    spec.name,
                    FieldCode::InvalidFormat,
                    format!("expected a string or a number, got {}", other.kind()),
                );
                None
            }
        };
        if let Some(slot) = values.get_mut(i) {
            *slot = read;
        }
    }
    Ok(values)
}

/// Which characters a text field allows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    /// U+0020–U+007E.
    PrintableAscii,
    /// Any Unicode scalar except control characters.
    Printable,
}

/// Checks a required (or given optional) text field: non-empty, at most `max` characters, in
/// `charset`, and without spaces at either end when `no_edge_spaces`. Returns `true` if valid.
pub(crate) fn text(
    report: &mut Report,
    field: &str,
    value: &str,
    max: usize,
    charset: Charset,
    no_edge_spaces: bool,
) -> bool {
    if report.has(field) {
        return false;
    }
    if value.is_empty() {
        report.push(field, FieldCode::Required, "is required");
        return false;
    }
    let mut ok = true;
    let len = value.chars().count();
    if len > max {
        report.push(
            field,
            FieldCode::TooLong,
            format!("expected at most {max} characters, got {len}"),
        );
        ok = false;
    }
    let bad = value.chars().position(|c| match charset {
        Charset::PrintableAscii => !(' '..='~').contains(&c),
        Charset::Printable => c.is_control(),
    });
    if let Some(at) = bad {
        let allowed = match charset {
            Charset::PrintableAscii => "printable ASCII",
            Charset::Printable => "printable characters",
        };
        report.push(
            field,
            FieldCode::InvalidFormat,
            format!("expected {allowed}, found another character at position {at}"),
        );
        ok = false;
    } else if no_edge_spaces && (value.starts_with(' ') || value.ends_with(' ')) {
        report.push(
            field,
            FieldCode::InvalidFormat,
            "must not start or end with a space",
        );
        ok = false;
    }
    ok
}

/// Checks a digit field: non-empty, ASCII digits only, `min..=max` digits. Returns `true` if valid.
pub(crate) fn digits(
    report: &mut Report,
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> bool {
    if report.has(field) {
        return false;
    }
    if value.is_empty() {
        report.push(field, FieldCode::Required, "is required");
        return false;
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        report.push(
            field,
            FieldCode::NotDigits,
            "must contain only the digits 0-9",
        );
        return false;
    }
    let len = value.len();
    let expected = if min == max {
        format!("{min}")
    } else if min <= 1 {
        format!("at most {max}")
    } else {
        format!("{min} to {max}")
    };
    if len < min {
        report.push(
            field,
            FieldCode::TooShort,
            format!("expected {expected} digits, got {len}"),
        );
        return false;
    }
    if len > max {
        report.push(
            field,
            FieldCode::TooLong,
            format!("expected {expected} digits, got {len}"),
        );
        return false;
    }
    true
}

/// Checks an enumerated field. Returns `true` if `value` is one of `allowed`.
pub(crate) fn one_of(report: &mut Report, field: &str, value: &str, allowed: &[&str]) -> bool {
    if report.has(field) {
        return false;
    }
    if value.is_empty() {
        report.push(field, FieldCode::Required, "is required");
        return false;
    }
    if allowed.contains(&value) {
        return true;
    }
    let mut listed = String::new();
    for (i, a) in allowed.iter().enumerate() {
        listed.push_str(if i == 0 { "" } else { ", " });
        listed.push_str(a);
    }
    report.push(
        field,
        FieldCode::InvalidValue,
        format!("expected one of {listed}"),
    );
    false
}

/// Checks a `YYYYMMDDHHMMSS` field. Returns the date-time when valid.
pub(crate) fn datetime(report: &mut Report, field: &str, value: &str) -> Option<DateTime> {
    if report.has(field) {
        return None;
    }
    let parsed = DateTime::parse_compact(value);
    if parsed.is_none() {
        report.push(
            field,
            FieldCode::InvalidDatetime,
            "expected a real date and time as YYYYMMDDHHMMSS",
        );
    }
    parsed
}

/// Puts `report`'s errors in the order of `specs` (unknown fields last), keeping each field's
/// own errors in the order they were found.
pub(crate) fn sort_report(report: &mut Report, specs: &[Spec]) {
    let rank = |field: &str| {
        specs
            .iter()
            .position(|s| s.name == field)
            .unwrap_or(specs.len())
    };
    // Insertion sort: stable, a handful of items, and far smaller in wasm than slice::sort.
    let errors = &mut report.errors;
    for i in 1..errors.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (errors.get(j - 1), errors.get(j)) else {
                break;
            };
            if rank(&a.field) <= rank(&b.field) {
                break;
            }
            errors.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A `Some` only for a non-empty value (an empty optional field counts as not given).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(report: &Report) -> Vec<(&str, &str)> {
        report
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn digit_rules() {
        let cases: &[(&str, usize, usize, Option<&str>)] = &[
            ("2010", 1, 4, None),
            ("", 1, 4, Some("REQUIRED")),
            ("-1", 1, 4, Some("NOT_DIGITS")),
            ("1.5", 1, 4, Some("NOT_DIGITS")),
            ("NaN", 1, 4, Some("NOT_DIGITS")),
            ("12345", 1, 4, Some("TOO_LONG")),
            ("817", 4, 4, Some("TOO_SHORT")),
            ("81720", 4, 4, Some("TOO_LONG")),
            ("٣٣٣٣", 4, 4, Some("NOT_DIGITS")),
        ];
        for (value, min, max, want) in cases {
            let mut r = Report::default();
            let ok = digits(&mut r, "f", value, *min, *max);
            assert_eq!(ok, want.is_none(), "{value}");
            assert_eq!(r.errors.first().map(|e| e.code.as_str()), *want, "{value}");
        }
    }

    #[test]
    fn text_rules() {
        let mut r = Report::default();
        assert!(text(
            &mut r,
            "a",
            "WibmoClient",
            15,
            Charset::PrintableAscii,
            true
        ));
        assert!(!text(&mut r, "b", " x", 15, Charset::PrintableAscii, true));
        assert!(!text(
            &mut r,
            "c",
            "x\u{7}",
            15,
            Charset::PrintableAscii,
            false
        ));
        assert!(!text(&mut r, "d", "é", 15, Charset::PrintableAscii, false));
        assert!(text(
            &mut r,
            "e",
            "Łódź 東京",
            50,
            Charset::Printable,
            false
        ));
        assert!(!text(
            &mut r,
            "f",
            &"x".repeat(16),
            15,
            Charset::PrintableAscii,
            true
        ));
        assert!(!text(&mut r, "g", "", 15, Charset::PrintableAscii, true));
        // limits count characters, not bytes
        assert!(text(
            &mut r,
            "h",
            &"é".repeat(50),
            50,
            Charset::Printable,
            false
        ));
        assert_eq!(
            codes(&r),
            [
                ("b", "INVALID_FORMAT"),
                ("c", "INVALID_FORMAT"),
                ("d", "INVALID_FORMAT"),
                ("f", "TOO_LONG"),
                ("g", "REQUIRED")
            ]
        );
    }

    #[test]
    fn reading_objects() {
        let specs = [
            Spec {
                name: "newPIN",
                kind: Kind::Digits,
            },
            Spec {
                name: "clientId",
                kind: Kind::Text,
            },
        ];
        let input = Json::parse(r#"{"newPin":"1","clientId":5,"x":1,"newPIN":5829}"#).unwrap();
        let mut r = Report::default();
        let v = read_object(&input, &specs, "ResetPinInput", &mut r).unwrap();
        assert_eq!(v, [Some("5829".to_string()), None]);
        assert_eq!(
            codes(&r),
            [
                ("newPin", "UNKNOWN_FIELD"),
                ("clientId", "INVALID_FORMAT"),
                ("x", "UNKNOWN_FIELD")
            ]
        );
        assert!(r.errors[0].message.contains("did you mean \"newPIN\""));
        let not_object = read_object(&Json::Null, &specs, "ResetPinInput", &mut r);
        assert_eq!(not_object.unwrap_err().code(), "INVALID_INPUT");
    }
}
