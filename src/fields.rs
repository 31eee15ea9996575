//! The field rules both API families share, and the field tables readers use.
//!
//! Public: [`Spec`] with [`Kind`], [`Rule`] and [`Wire`], the shape of the two input tables
//! [`reset_pin::FIELDS`](crate::reset_pin::FIELDS) and [`set_pin::FIELDS`](crate::set_pin::FIELDS),
//! so that a reader outside the crate (the sandbox server, a backend reading a JSON body its
//! own way) knows each field's input name, how it takes a loosely typed value, its rule and
//! its place in the partner's request, from the same tables the library validates and writes
//! requests with.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::datetime::DateTime;
use crate::error::{FieldCode, FieldError, Report};
use crate::text::{join, num};

/// How a loosely typed reader (the JavaScript boundary, the `serde` reader) takes a field's
/// value. `null` is absent; any other type (a boolean, an object, an array; a number in a text
/// field) is refused: in the JavaScript API as that field's `INVALID_VALUE` (SPEC §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Strings only.
    Text,
    /// Strings or numbers; a number is read as its decimal text (so `-1` and `1.5` reach the
    /// digit rule and fail there with `NOT_DIGITS`).
    Digits,
}

impl Kind {
    /// What a field of this kind takes, in the words of readers' messages: `a string`, `a
    /// string of digits or a non-negative integer`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::fields::Kind;
    ///
    /// assert_eq!(Kind::Text.expected(), "a string");
    /// ```
    pub fn expected(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Digits => "a string of digits or a non-negative integer",
        }
    }
}

/// The JSON type of a member's value, as a reader of input objects found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// `null`: the field is absent.
    Null,
    /// A string.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Found {
    /// The type's name in messages: `null`, `string`, `number`, `boolean`, `array`, `object`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pinseal::fields::Found::Boolean.name(), "boolean");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Found::Null => "null",
            Found::String => "string",
            Found::Number => "number",
            Found::Boolean => "boolean",
            Found::Array => "array",
            Found::Object => "object",
        }
    }
}

/// Most characters of an unknown key echoed in a field error or message.
const MAX_ECHOED_NAME: usize = 64;

/// A field name folded for "did you mean": ASCII case and `_`/`-` ignored.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How a lenient reader of input objects (the JavaScript API's, and any reader of a JSON body
/// that reports rather than refuses: the sandbox server, the command line) answers one member
/// `key` whose value is of type `found`: `None` when the table `specs` has that field and it
/// takes the type (`null` is absent); else the field error, as the JavaScript API reports it:
/// `UNKNOWN_FIELD` naming the key (64 characters at most, with "did you mean" for a near
/// miss; `what` names the input type), or the field's `INVALID_VALUE`.
///
/// # Examples
///
/// ```
/// use pinseal::fields::{screen, Found};
/// use pinseal::reset_pin::FIELDS;
///
/// assert!(screen(&FIELDS, "ResetPinInput", "bankId", Found::Number).is_none());
/// let typo = screen(&FIELDS, "ResetPinInput", "newPin", Found::String).ok_or("a finding")?;
/// assert_eq!((typo.field.as_str(), typo.code.as_str()), ("newPin", "UNKNOWN_FIELD"));
/// assert_eq!(typo.message, r#"is not a field of ResetPinInput; did you mean "newPIN"?"#);
/// let wrong = screen(&FIELDS, "ResetPinInput", "clientId", Found::Number).ok_or("a finding")?;
/// assert_eq!(wrong.message, "expected a string, got number");
/// # Ok::<(), &str>(())
/// ```
pub fn screen(specs: &[Spec], what: &str, key: &str, found: Found) -> Option<FieldError> {
    let Some(spec) = specs.iter().find(|s| s.name == key) else {
        return Some(unknown(specs, what, key));
    };
    let takes = match found {
        Found::Null | Found::String => true,
        Found::Number => spec.kind == Kind::Digits,
        Found::Boolean | Found::Array | Found::Object => false,
    };
    (!takes).then(|| {
        FieldError::new(
            spec.name,
            FieldCode::InvalidValue,
            join(&["expected ", spec.kind.expected(), ", got ", found.name()]),
        )
    })
}

/// The `UNKNOWN_FIELD` error of a key that is not a field of `specs` (the input type `what`),
/// as [`screen`] gives it: the key echoed (64 characters at most), "did you mean" a field whose
/// name differs only in ASCII case, `_` or `-`.
///
/// # Examples
///
/// ```
/// let error = pinseal::fields::unknown(&pinseal::set_pin::FIELDS, "SetPinInput", "new_pin");
/// assert_eq!(error.field, "new_pin");
/// assert_eq!(error.message, r#"is not a field of SetPinInput; did you mean "newPin"?"#);
/// ```
pub fn unknown(specs: &[Spec], what: &str, key: &str) -> FieldError {
    let mut field: String = key.chars().take(MAX_ECHOED_NAME).collect();
    if key.chars().nth(MAX_ECHOED_NAME).is_some() {
        field.push('…');
    }
    let message = match specs.iter().find(|s| folded(s.name) == folded(key)) {
        Some(near) => join(&[
            "is not a field of ",
            what,
            "; did you mean \"",
            near.name,
            "\"?",
        ]),
        None => join(&["is not a field of ", what]),
    };
    FieldError::new(field, FieldCode::UnknownField, message)
}

/// A lenient reader's findings ([`screen`]) with the errors of validating what it read, as one
/// list in the order of `specs`, unknown keys last, each field's own errors in the order found;
/// a field the reader refused keeps its finding alone (validation saw it absent and would add
/// `REQUIRED`).
///
/// # Examples
///
/// ```
/// use pinseal::fields::{merge, screen, Found};
/// use pinseal::{reset_pin::FIELDS, FieldCode, FieldError};
///
/// let found: Vec<FieldError> =
///     screen(&FIELDS, "ResetPinInput", "urn", Found::Boolean).into_iter().collect();
/// let rules = vec![
///     FieldError::new("urn", FieldCode::Required, "is required"),
///     FieldError::new("clientId", FieldCode::Required, "is required"),
/// ];
/// let all = merge(found, rules, &FIELDS);
/// let codes: Vec<_> = all.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
/// assert_eq!(codes, [("clientId", "REQUIRED"), ("urn", "INVALID_VALUE")]);
/// ```
pub fn merge(found: Vec<FieldError>, errors: Vec<FieldError>, specs: &[Spec]) -> Vec<FieldError> {
    let mut report = Report {
        errors: errors
            .into_iter()
            .filter(|e| !found.iter().any(|f| f.field == e.field))
            .collect(),
    };
    report.errors.extend(found);
    sort_report(&mut report, specs);
    report.errors
}

/// One field of an input family: how callers name it, how a loosely typed reader takes it, the
/// rule its value keeps, and where and how the partner's request carries it. The two tables
/// ([`reset_pin::FIELDS`](crate::reset_pin::FIELDS), [`set_pin::FIELDS`](crate::set_pin::FIELDS))
/// drive the readers (the JavaScript entry, `serde`, the sandbox, the command line), the
/// validation of every field, the request writers, and the checks of the TypeScript declarations
/// and the demo's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Spec {
    /// The input name, as callers type it and as field errors name it (`newPIN`, `newPin`).
    pub name: &'static str,
    /// How its value is read.
    pub kind: Kind,
    /// Whether the input must give it (an optional field has a default, filled by the builder).
    pub required: bool,
    /// The rule its value keeps.
    pub rule: Rule,
    /// How the request carries it.
    pub wire: Wire,
}

/// Where and how a field travels in the partner's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Wire {
    /// The request's key (`bankId`, `new_pin`).
    pub name: &'static str,
    /// Its place among the request's fields (from 0; a family's fixed keys such as
    /// `messageCode` or `action` come before all of them).
    pub at: u8,
    /// A JSON number on the wire (else a string).
    pub number: bool,
}

/// The rule of a field's value (a field given empty is `REQUIRED` when required, absent when not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// 1 to `max` characters of `charset`, its edges as `edges` says.
    Text {
        /// The most characters (not bytes).
        max: u16,
        /// Which characters.
        charset: Charset,
        /// What spaces at either end mean.
        edges: Edges,
    },
    /// `min` to `max` ASCII digits.
    Digits {
        /// The fewest digits.
        min: u8,
        /// The most digits.
        max: u8,
    },
    /// A phone number: `min` to `max` digits after an optional leading `+` (which is dropped).
    Msisdn {
        /// The fewest digits.
        min: u8,
        /// The most digits.
        max: u8,
    },
    /// A real date and time as `YYYYMMDDHHMMSS`.
    DateTime,
    /// One of the listed values.
    OneOf(&'static [&'static str]),
    /// A PIN: digits, of `len` digits (the policy's length when `None`); with `strength`, the
    /// PIN policy's strength rules too (a new PIN), else only digits and length (a current PIN).
    Pin {
        /// A fixed length overriding the policy's.
        len: Option<u8>,
        /// Whether the policy's strength rules apply.
        strength: bool,
    },
    /// The rule depends on the value of the field `on`: the rule of its case, else `other`.
    Depends {
        /// The input name of the field whose value decides.
        on: &'static str,
        /// The rule per value of `on`.
        cases: &'static [(&'static str, Rule)],
        /// The rule for any other value.
        other: &'static Rule,
    },
}

/// What spaces at either end of a text value mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Edges {
    /// Allowed and kept.
    Kept,
    /// Refused (`INVALID_FORMAT`).
    Refused,
    /// Removed before the rule applies and on the wire.
    Trimmed,
}

impl Rule {
    /// The rule in words, as the TypeScript declarations state it for the field (checked by
    /// `tests/declarations.rs`).
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::FIELDS;
    ///
    /// let client_id = FIELDS.iter().find(|f| f.name == "clientId").ok_or("no clientId")?;
    /// assert_eq!(
    ///     client_id.rule.describe(),
    ///     "1–15 printable ASCII characters, no space at either end"
    /// );
    /// assert!(client_id.required);
    /// assert_eq!((client_id.wire.name, client_id.wire.at), ("clientId", 0));
    /// # Ok::<(), &str>(())
    /// ```
    pub fn describe(&self) -> String {
        match *self {
            Rule::Text {
                max,
                charset,
                edges,
            } => {
                let set = match charset {
                    Charset::PrintableAscii => " printable ASCII characters",
                    Charset::Printable => " printable characters",
                };
                let tail = match edges {
                    Edges::Kept => "",
                    Edges::Refused => ", no space at either end",
                    Edges::Trimmed => " once trimmed",
                };
                join(&["1–", &num(usize::from(max)), set, tail])
            }
            Rule::Digits { min, max } => digit_count(min, max),
            Rule::Msisdn { min, max } => join(&[
                &num(usize::from(min)),
                "–",
                &num(usize::from(max)),
                " digits after an optional leading +",
            ]),
            Rule::DateTime => "a real date and time as YYYYMMDDHHMMSS".into(),
            Rule::OneOf(values) => join(&["one of ", &values.join(", ")]),
            Rule::Pin {
                len: Some(n),
                strength: true,
            } => join(&[
                "a PIN of exactly ",
                &num(usize::from(n)),
                " digits that passes the PIN policy",
            ]),
            Rule::Pin {
                len: None,
                strength: true,
            } => "a PIN of the policy's length that passes the PIN policy".into(),
            Rule::Pin {
                len: Some(n),
                strength: false,
            } => join(&["the current PIN: exactly ", &num(usize::from(n)), " digits"]),
            Rule::Pin {
                len: None,
                strength: false,
            } => "the current PIN: digits, of the policy's length".into(),
            Rule::Depends { cases, other, .. } => {
                let mut out = String::new();
                for (i, (value, rule)) in cases.iter().enumerate() {
                    out.push_str(if i == 0 { "with " } else { ", with " });
                    out.push_str(value);
                    out.push(' ');
                    out.push_str(&rule.describe());
                }
                if cases.is_empty() {
                    out.push_str(&other.describe());
                }
                out
            }
        }
    }
}

/// `exactly 4 digits`, `1–4 digits`, `5–16 digits`.
fn digit_count(min: u8, max: u8) -> String {
    if min == max {
        join(&["exactly ", &num(usize::from(min)), " digits"])
    } else {
        join(&[
            &num(usize::from(min.max(1))),
            "–",
            &num(usize::from(max)),
            " digits",
        ])
    }
}

/// Checks `value` of `spec` against its rule (not a PIN: the family checks those with their
/// context); `value_of` gives another field's value, for [`Rule::Depends`]. An optional field
/// given empty is skipped; a field the reader already reported is not checked again. Returns
/// `true` if valid.
pub(crate) fn check<'a>(
    report: &mut Report,
    spec: &Spec,
    value: &str,
    value_of: &dyn Fn(&str) -> &'a str,
) -> bool {
    if value.is_empty() && !spec.required {
        return true;
    }
    check_rule(report, spec.name, value, &spec.rule, value_of)
}

fn check_rule<'a>(
    report: &mut Report,
    field: &str,
    value: &str,
    rule: &Rule,
    value_of: &dyn Fn(&str) -> &'a str,
) -> bool {
    match *rule {
        Rule::Text {
            max,
            charset,
            edges,
        } => {
            let value = if edges == Edges::Trimmed {
                value.trim()
            } else {
                value
            };
            text(
                report,
                field,
                value,
                usize::from(max),
                charset,
                edges == Edges::Refused,
            )
        }
        Rule::Digits { min, max } => digits(report, field, value, min.into(), max.into()),
        Rule::Msisdn { min, max } => digits(
            report,
            field,
            msisdn(value),
            usize::from(min),
            usize::from(max),
        ),
        Rule::DateTime => datetime(report, field, value).is_some(),
        Rule::OneOf(allowed) => one_of(report, field, value, allowed),
        // PINs need their family's context (the card, the phone, the current PIN).
        Rule::Pin { .. } => !report.has(field),
        Rule::Depends { on, cases, other } => {
            let decider = value_of(on);
            let rule = cases
                .iter()
                .find(|(case, _)| *case == decider)
                .map_or(other, |(_, rule)| rule);
            check_rule(report, field, value, rule, value_of)
        }
    }
}

/// An MSISDN without its optional leading `+`.
pub(crate) fn msisdn(value: &str) -> &str {
    value.strip_prefix('+').unwrap_or(value)
}

/// A JSON member of a request, as its builder holds it.
pub(crate) enum Member<'a> {
    /// A string.
    Text(&'a str),
    /// A number.
    Number(u64),
}

/// The table's fields in their request order.
pub(crate) fn in_wire_order(specs: &[Spec]) -> impl Iterator<Item = &Spec> {
    (0..specs.len()).filter_map(move |at| specs.iter().find(|s| usize::from(s.wire.at) == at))
}

/// Writes the members of a request, `"wire name":value` comma-separated, in the table's wire
/// order; `member` gives each field's value by input name.
pub(crate) fn write_members<'a>(
    out: &mut String,
    specs: &[Spec],
    member: impl Fn(&str) -> Member<'a>,
) {
    let mut first = true;
    for spec in in_wire_order(specs) {
        out.push_str(if first { "" } else { "," });
        first = false;
        crate::json::write_json_string(spec.wire.name, out);
        out.push(':');
        match member(spec.name) {
            Member::Text(text) => crate::json::write_json_string(text, out),
            Member::Number(n) => crate::text::push_num(out, n),
        }
    }
}

/// Which characters a text field allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Charset {
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

/// `Some` only for a non-empty text (an empty optional field counts as not given).
pub(crate) fn non_empty(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

/// An optional value's text, empty when absent.
pub(crate) fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A `Some` only for a non-empty value (an empty optional field counts as not given).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The fields of an input object as a reader took them (the `serde` reader, [`de`]; the
/// WebAssembly boundary's), each taken out once by name, so the typed input is built the same way
/// whichever reader ran (`ResetPinInput::from_fields`, `SetPinInput::from_fields`).
#[cfg(any(feature = "serde", all(target_arch = "wasm32", feature = "js")))]
pub(crate) struct Values {
    specs: &'static [Spec],
    values: Vec<Option<zeroize::Zeroizing<String>>>,
}

#[cfg(any(feature = "serde", all(target_arch = "wasm32", feature = "js")))]
impl Values {
    /// `values` in `specs` order (`None` when absent).
    pub(crate) fn new(
        specs: &'static [Spec],
        values: Vec<Option<zeroize::Zeroizing<String>>>,
    ) -> Self {
        Values { specs, values }
    }

    /// The text of `name`, moved out (the emptied buffer is wiped); empty when absent.
    pub(crate) fn text(&mut self, name: &str) -> String {
        let at = self.specs.iter().position(|s| s.name == name);
        at.and_then(|i| self.values.get_mut(i))
            .and_then(Option::take)
            .map(|mut v| core::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

/// The `serde` reader of input objects (`ResetPinInput`, `SetPinInput`), driven by the same
/// field table as the JavaScript reader and taking what it takes: only an object; only the
/// table's keys, each once; a string for a [`Kind::Text`] field, a string or a number (read as
/// its decimal text) for a [`Kind::Digits`] one; `null` as absent. It checks no value: that is
/// `validate`'s work. It needs a self-describing format such as JSON.
#[cfg(feature = "serde")]
pub(crate) mod de {
    #[allow(unused_imports)]
    use crate::prelude::*;

    use core::fmt::{self, Write as _};
    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
    use zeroize::Zeroizing;

    use super::{folded, Kind, Spec, Values, MAX_ECHOED_NAME};
    use crate::text::{join, push_num};

    /// Reads an object of the fields in `specs`; `what` names it in errors.
    pub(crate) fn object<'de, D: Deserializer<'de>>(
        deserializer: D,
        specs: &'static [Spec],
        what: &'static str,
    ) -> Result<Values, D::Error> {
        deserializer.deserialize_map(Object { specs, what })
    }

    struct Object {
        specs: &'static [Spec],
        what: &'static str,
    }

    impl<'de> Visitor<'de> for Object {
        type Value = Values;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a ")?;
            f.write_str(self.what)?;
            f.write_str(" object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
            let mut values: Vec<Option<Zeroizing<String>>> =
                self.specs.iter().map(|_| None).collect();
            let mut seen: Vec<bool> = self.specs.iter().map(|_| false).collect();
            while let Some(at) = map.next_key_seed(Key {
                specs: self.specs,
                what: self.what,
            })? {
                let (Some(spec), Some(slot), Some(seen)) =
                    (self.specs.get(at), values.get_mut(at), seen.get_mut(at))
                else {
                    continue;
                };
                if *seen {
                    return Err(de::Error::duplicate_field(spec.name));
                }
                *seen = true;
                *slot = map.next_value_seed(Field(spec))?;
            }
            Ok(Values::new(self.specs, values))
        }
    }

    /// A key, read as its place in the table; an unknown key is an error that names it.
    struct Key {
        specs: &'static [Spec],
        what: &'static str,
    }

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = usize;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    impl Visitor<'_> for Key {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a field name")
        }

        fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
            if let Some(at) = self.specs.iter().position(|s| s.name == key) {
                return Ok(at);
            }
            let mut echoed: String = key.chars().take(MAX_ECHOED_NAME).collect();
            if key.chars().nth(MAX_ECHOED_NAME).is_some() {
                echoed.push('…');
            }
            let mut message = join(&["unknown field `", &echoed, "` of ", self.what]);
            if let Some(near) = self.specs.iter().find(|s| folded(s.name) == folded(key)) {
                message.push_str(&join(&["; did you mean `", near.name, "`?"]));
            }
            Err(E::custom(message))
        }
    }

    /// One field's value: its text, or `None` for `null`.
    struct Field(&'static Spec);

    impl<'de> DeserializeSeed<'de> for Field {
        type Value = Option<Zeroizing<String>>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl Field {
        /// A number as JavaScript's reader takes it: its decimal text for a digit field (so
        /// `-1` and `1.5` reach the digit rule and fail there with `NOT_DIGITS`), refused in a
        /// text field. The text is written at its final capacity, so a PIN leaves no copy.
        fn number<E: de::Error>(
            &self,
            found: Unexpected<'_>,
            write: impl FnOnce(&mut String) -> fmt::Result,
        ) -> Result<Option<Zeroizing<String>>, E> {
            if self.0.kind != Kind::Digits {
                return Err(E::invalid_type(found, self));
            }
            let mut out = Zeroizing::new(String::with_capacity(32));
            write(&mut out).map_err(|_| E::custom("a number that cannot be written"))?;
            Ok(Some(out))
        }
    }

    impl<'de> Visitor<'de> for Field {
        type Value = Option<Zeroizing<String>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0.kind.expected())?;
            f.write_str(" for `")?;
            f.write_str(self.0.name)?;
            f.write_str("`")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Zeroizing::new(v.to_owned())))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(Zeroizing::new(v)))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.number(Unexpected::Unsigned(v), |out| {
                push_num(out, v);
                Ok(())
            })
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.number(Unexpected::Signed(v), |out| {
                if v < 0 {
                    out.push('-');
                }
                push_num(out, v.unsigned_abs());
                Ok(())
            })
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            self.number(Unexpected::Float(v), |out| {
                // -0 is 0, as JSON writes it; from 1e21 on JavaScript writes an exponent, and
                // so does this (`1e21`), so a huge number is never a long run of digits.
                if v == 0.0 {
                    out.write_str("0")
                } else if v.abs() < 1e21 {
                    write!(out, "{v}")
                } else {
                    write!(out, "{v:e}")
                }
            })
        }
    }
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
