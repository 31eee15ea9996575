//! Reading the known fields of a request object the way the core reads its inputs: strings for
//! text fields, strings or numbers for digit fields, `null` as absent; a wrong JSON type or an
//! unknown key is a [`Problem`] naming the field.

use crate::core_api::Problem;
use crate::wire::{Field, Members};

/// How a field's JSON value is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Strings only.
    Text,
    /// Strings or numbers (a number as its decimal text, so `-1` or `1.5` fails the digit
    /// rule later).
    Digits,
}

/// Longest key echoed back in an `UNKNOWN_FIELD` problem.
const MAX_ECHOED_NAME: usize = 64;

/// `name` folded for "did you mean": ASCII case and `_`/`-` ignored.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The values of `specs`' fields in `members` (spec order; `None` when absent, `null` or of
/// the wrong type) and the problems found reading them: wrong types first (spec order), then
/// unknown keys (member order; keys in `checked_apart` are not unknown). `what` names the
/// object in messages.
pub fn read<'a>(
    members: &'a Members,
    specs: &[(&str, Kind)],
    checked_apart: &[&str],
    what: &str,
) -> (Vec<Option<&'a str>>, Vec<Problem>) {
    let mut values = Vec::with_capacity(specs.len());
    let mut problems = Vec::new();
    for &(name, kind) in specs {
        let value = members.get(name);
        let read = match (value, kind) {
            (Field::Missing | Field::Null, _) => None,
            (Field::Text(s), _) => Some(s.as_str()),
            (Field::Number(n), Kind::Digits) => Some(n.as_str()),
            (other, Kind::Text) => {
                problems.push(Problem {
                    field: name.to_owned(),
                    code: "INVALID_FORMAT",
                    message: format!("expected a string, got {}", other.kind()),
                });
                None
            }
            (other, Kind::Digits) => {
                problems.push(Problem {
                    field: name.to_owned(),
                    code: "INVALID_FORMAT",
                    message: format!("expected a string or a number, got {}", other.kind()),
                });
                None
            }
        };
        values.push(read);
    }
    for (key, _) in &members.0 {
        if specs.iter().any(|(name, _)| name == key) || checked_apart.contains(&key.as_str()) {
            continue;
        }
        let near = specs.iter().find(|(name, _)| folded(name) == folded(key));
        let message = match near {
            Some((name, _)) => format!("is not a field of {what}; did you mean \"{name}\"?"),
            None => format!("is not a field of {what}"),
        };
        let mut field: String = key.chars().take(MAX_ECHOED_NAME).collect();
        if key.chars().count() > MAX_ECHOED_NAME {
            field.push('…');
        }
        problems.push(Problem {
            field,
            code: "UNKNOWN_FIELD",
            message,
        });
    }
    (values, problems)
}

/// `read`'s problems merged with the core's rule problems: a field with a wrong JSON type keeps
/// only that problem (the core saw it as absent), and the list is in `specs` order with unknown
/// keys last, each field's own problems in the order found.
pub fn merge(read: Vec<Problem>, rules: Vec<Problem>, specs: &[(&str, Kind)]) -> Vec<Problem> {
    let mut all: Vec<Problem> = rules
        .into_iter()
        .filter(|r| !read.iter().any(|p| p.field == r.field))
        .collect();
    all.extend(read);
    let rank = |field: &str| {
        specs
            .iter()
            .position(|(name, _)| *name == field)
            .unwrap_or(specs.len())
    };
    // Stable: rule problems of a field keep the core's order, unknown keys their member order.
    all.sort_by_key(|p| rank(&p.field));
    all
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const SPECS: [(&str, Kind); 2] = [("newPIN", Kind::Digits), ("clientId", Kind::Text)];

    #[test]
    fn reads_like_the_core() {
        let m: Members =
            serde_json::from_str(r#"{"newPin":"1","clientId":5,"x":1,"newPIN":5829}"#).unwrap();
        let (values, problems) = read(&m, &SPECS, &[], "ResetPinInput");
        assert_eq!(values, [Some("5829"), None]);
        let codes: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("clientId", "INVALID_FORMAT"),
                ("newPin", "UNKNOWN_FIELD"),
                ("x", "UNKNOWN_FIELD")
            ]
        );
        assert!(problems[1].message.contains("did you mean \"newPIN\""));
        let rules = vec![
            Problem {
                field: "clientId".into(),
                code: "REQUIRED",
                message: "is required".into(),
            },
            Problem {
                field: "newPIN".into(),
                code: "PIN_COMMON",
                message: "is common".into(),
            },
        ];
        let merged = merge(problems, rules, &SPECS);
        let codes: Vec<(&str, &str)> = merged.iter().map(|p| (p.field.as_str(), p.code)).collect();
        assert_eq!(
            codes,
            [
                ("newPIN", "PIN_COMMON"),
                ("clientId", "INVALID_FORMAT"),
                ("newPin", "UNKNOWN_FIELD"),
                ("x", "UNKNOWN_FIELD")
            ]
        );
    }
}
