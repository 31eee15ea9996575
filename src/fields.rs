//! The field rules both API families share, and the field tables readers use.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::datetime::DateTime;
use crate::error::{FieldCode, Report};
use crate::text::{join, num};

/// How a loosely typed reader (the JavaScript boundary) takes a field's value.
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
    // Read only by the wasm boundary's reader of loosely typed JavaScript objects.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub kind: Kind,
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
            join(&[
                "expected at most ",
                &num(max),
                " characters, got ",
                &num(len),
            ]),
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
            join(&[
                "expected ",
                allowed,
                ", found another character at position ",
                &num(at),
            ]),
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
        num(min)
    } else if min <= 1 {
        join(&["at most ", &num(max)])
    } else {
        join(&[&num(min), " to ", &num(max)])
    };
    let code = if len < min {
        FieldCode::TooShort
    } else if len > max {
        FieldCode::TooLong
    } else {
        return true;
    };
    report.push(
        field,
        code,
        join(&["expected ", &expected, " digits, got ", &num(len)]),
    );
    false
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
        join(&["expected one of ", &listed]),
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
}
