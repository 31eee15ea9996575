//! The TypeScript declarations of the npm package (`npm/pinseal.d.ts`) against the core's field
//! tables: the input interfaces declare exactly the fields the readers take, and no text field
//! is declared to take a number (the reader refuses one with `INVALID_VALUE`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pinseal::fields::{Kind, Spec};

const DECLARATIONS: &str = include_str!("../npm/pinseal.d.ts");

/// The members of `export interface NAME { ... }`: (name, declared type).
fn interface(name: &str) -> Vec<(String, String)> {
    let head = format!("export interface {name} {{");
    let start = DECLARATIONS
        .find(&head)
        .unwrap_or_else(|| panic!("no interface {name} in npm/pinseal.d.ts"))
        + head.len();
    let body = &DECLARATIONS[start..];
    let body = &body[..body.find("\n}").expect("the interface's end")];
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("/**") && !line.starts_with('*'))
        .map(|line| {
            let (field, ty) = line.split_once(':').expect("a member");
            (
                field.trim_end_matches('?').to_owned(),
                ty.trim().trim_end_matches(';').to_owned(),
            )
        })
        .collect()
}

fn check(name: &str, table: &[Spec]) {
    let declared = interface(name);
    let mut declared_names: Vec<&str> = declared.iter().map(|(f, _)| f.as_str()).collect();
    let mut table_names: Vec<&str> = table.iter().map(|s| s.name).collect();
    declared_names.sort_unstable();
    table_names.sort_unstable();
    assert_eq!(
        declared_names, table_names,
        "{name}: declared fields vs the core's table"
    );
    for spec in table {
        let (_, ty) = declared.iter().find(|(f, _)| f == spec.name).unwrap();
        if spec.kind == Kind::Text {
            assert!(
                !ty.contains("number"),
                "{name}.{}: a text field declared as {ty}",
                spec.name
            );
        }
        // `string`, or string literals (`"IMSI" | "APP_ID"`).
        assert!(
            ty.contains("string") || ty.starts_with('"'),
            "{name}.{}: declared as {ty}, without string",
            spec.name
        );
    }
}

#[test]
fn reset_pin_input_is_declared_as_the_core_reads_it() {
    check("ResetPinInput", &pinseal::reset_pin::FIELDS);
}

#[test]
fn set_pin_input_is_declared_as_the_core_reads_it() {
    check("SetPinInput", &pinseal::set_pin::FIELDS);
}
