//! The hand-written files that name input fields, against the core's field tables: the
//! TypeScript declarations of the npm package (`npm/pinseal.d.ts`: the input interfaces declare
//! exactly the fields the readers take, optional exactly where the table says, no text field as a
//! number, which the reader refuses with `INVALID_VALUE`, each field's JSDoc stating its rule in
//! the table's words, `Rule::describe`) and the demo page's form (`www/app.js`: it sends only fields of the tables,
//! every required one).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pinseal::fields::{Kind, Rule, Spec};

const DECLARATIONS: &str = include_str!("../npm/pinseal.d.ts");

/// One member of a declared interface.
struct Member {
    name: String,
    optional: bool,
    ty: String,
    /// The text of its JSDoc comment (`/** ... */` lines before it), `*` margins removed.
    doc: String,
}

/// The members of `export interface NAME { ... }`.
fn interface(name: &str) -> Vec<Member> {
    let head = format!("export interface {name} {{");
    let start = DECLARATIONS
        .find(&head)
        .unwrap_or_else(|| panic!("no interface {name} in npm/pinseal.d.ts"))
        + head.len();
    let body = &DECLARATIONS[start..];
    let body = &body[..body.find("\n}").expect("the interface's end")];
    let mut members = Vec::new();
    let (mut doc, mut in_doc) = (String::new(), false);
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("/**") || in_doc {
            in_doc = !line.contains("*/");
            let text = line.split("*/").next().unwrap_or_default();
            let text = text.trim_start_matches("/**").trim_start_matches('*');
            doc.push_str(text.trim());
            doc.push(' ');
            continue;
        }
        let (field, ty) = line.split_once(':').expect("a member");
        members.push(Member {
            name: field.trim_end_matches('?').to_owned(),
            optional: field.ends_with('?'),
            ty: ty.trim().trim_end_matches(';').to_owned(),
            doc: core::mem::take(&mut doc),
        });
    }
    members
}

fn check(name: &str, table: &[Spec]) {
    let declared = interface(name);
    let mut declared_names: Vec<&str> = declared.iter().map(|m| m.name.as_str()).collect();
    let mut table_names: Vec<&str> = table.iter().map(|s| s.name).collect();
    declared_names.sort_unstable();
    table_names.sort_unstable();
    assert_eq!(
        declared_names, table_names,
        "{name}: declared fields vs the core's table"
    );
    for spec in table {
        let member = declared.iter().find(|m| m.name == spec.name).unwrap();
        let ty = &member.ty;
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
        let rule = spec.rule.describe();
        assert!(
            member.doc.contains(&rule),
            "{name}.{}: its JSDoc does not state the table's rule \"{rule}\": {}",
            spec.name,
            member.doc
        );
        assert_eq!(
            member.optional, !spec.required,
            "{name}.{}: optional in the declarations, required in the table, or the reverse",
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

/// The demo page's form (`www/app.js`): each input it builds names only fields of the table, each
/// read from the form element `r-<field>` / `s-<field>`, and every required field is there.
fn demo_fields(function: &str, prefix: &str) -> Vec<String> {
    const APP: &str = include_str!("../www/app.js");
    let start = APP
        .find(&format!("function {function}() {{"))
        .unwrap_or_else(|| panic!("no {function} in www/app.js"));
    let body = &APP[start..];
    let body = &body[..body.find("\n}").expect("the function's end")];
    let read = format!(": v('{prefix}-");
    let mut names = Vec::new();
    for piece in body.split(',').flat_map(|p| p.split('{')) {
        if let Some((name, rest)) = piece.split_once(&read) {
            let name = name.trim().trim_start_matches("input.").to_owned();
            let id = rest.split('\'').next().expect("an element id");
            assert_eq!(id, name, "{function}: field {name} read from {prefix}-{id}");
            names.push(name);
        }
    }
    // `input.entityId = v('r-entityId')`: an optional field set only when filled in.
    for line in body.lines().filter(|l| l.contains(" = v('")) {
        let (target, rest) = line.split_once(" = v('").expect("an assignment");
        let name = target.rsplit('.').next().expect("a field").to_owned();
        let id = rest.split('\'').next().expect("an element id");
        assert_eq!(
            id,
            format!("{prefix}-{name}"),
            "{function}: field {name} read from {id}"
        );
        names.push(name);
    }
    names
}

fn check_demo(function: &str, prefix: &str, table: &[Spec]) {
    let names = demo_fields(function, prefix);
    for name in &names {
        assert!(
            table.iter().any(|s| s.name == name),
            "{function} sends {name}, not a field"
        );
    }
    for spec in table {
        assert!(
            !spec.required || names.iter().any(|n| n == spec.name),
            "{function} does not send the required field {}",
            spec.name
        );
    }
}

#[test]
fn the_demo_form_sends_the_core_tables_fields() {
    check_demo("resetInput", "r", &pinseal::reset_pin::FIELDS);
    check_demo("setPinInput", "s", &pinseal::set_pin::FIELDS);
}

/// The declared request objects, against the tables' wire columns: every field under its wire
/// key, in wire order (after the family's fixed keys), a `number` exactly where the wire carries
/// a JSON number; and a one-of field declared as exactly its values.
fn check_request(name: &str, fixed: &[&str], table: &[Spec]) {
    let declared = interface(name);
    let mut wire: Vec<&Spec> = table.iter().collect();
    wire.sort_by_key(|s| s.wire.at);
    let expected: Vec<&str> = fixed
        .iter()
        .copied()
        .chain(wire.iter().map(|s| s.wire.name))
        .collect();
    let names: Vec<&str> = declared.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, expected, "{name}: members vs the table's wire order");
    for spec in table {
        let member = declared.iter().find(|m| m.name == spec.wire.name).unwrap();
        assert_eq!(
            member.ty == "number",
            spec.wire.number,
            "{name}.{}: declared {}, the wire carries a {}",
            spec.wire.name,
            member.ty,
            if spec.wire.number { "number" } else { "string" }
        );
        if let Rule::OneOf(values) = spec.rule {
            let literals: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            assert_eq!(member.ty, literals.join(" | "), "{name}.{}", spec.wire.name);
        }
    }
}

#[test]
fn the_request_interfaces_follow_the_tables_wire_columns() {
    check_request(
        "ResetPinRequest",
        &["messageCode"],
        &pinseal::reset_pin::FIELDS,
    );
    check_request("SetPinPayload", &[], &pinseal::set_pin::FIELDS);
}
