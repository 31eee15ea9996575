//! Every public operation of the Rust API has a doc example that runs (issue 19): each `pub fn`
//! of a public module, free or in an `impl` of a public type, has an `# Examples` heading in its
//! doc comment, followed by a code block that `cargo test --doc` runs (not `ignore`, `no_run`,
//! `compile_fail` or `text`). Only the items of [`EXEMPT`] are let off, each with its reason.
//!
//! The scanner is line-based and leans on rustfmt's layout (`cargo fmt --check` is enforced):
//! an item ends at the first line at its own indentation that ends in `}` or `;`. The public modules are the
//! `pub mod` lines of `src/lib.rs` without `#[doc(hidden)]` (so `src/wasm/` is out); inside a
//! module, items under `#[cfg(test)]` or `#[doc(hidden)]`, private `mod` blocks and `impl`
//! blocks of types that are not `pub` are skipped, and `pub(crate)` functions never match.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;

/// Public functions without an `# Examples` section of their own: (item, reason).
const EXEMPT: &[(&str, &str)] = &[];

/// Fewest public functions the scan must find. There were 66 when this test was written
/// (issue 19); finding fewer than 60 means the scanner went blind, not that the API shrank.
const AT_LEAST: usize = 60;

/// One public function and its doc comment (the `///` lines above it, markers stripped).
#[derive(Debug)]
struct Item {
    /// `module::Type::name` or `module::name`.
    path: String,
    /// Where it is, for the failure message: `src/cipher.rs:432`.
    at: String,
    doc: Vec<String>,
}

/// The modules `src/lib.rs` declares `pub mod` without `#[doc(hidden)]` among the attributes
/// and doc lines just above.
fn public_modules(lib: &str) -> Vec<String> {
    let lines: Vec<&str> = lib.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line
            .trim()
            .strip_prefix("pub mod ")
            .and_then(|r| r.strip_suffix(';'))
        else {
            continue;
        };
        let hidden = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("#[") || l.starts_with("//"))
            .any(|l| l.contains("doc(hidden)"));
        if !hidden {
            out.push(name.to_owned());
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The index just past the item whose attributes start at `start`: past the first line at the
/// item's indentation, from the item line on, that ends in `}` or `;` (rustfmt indents
/// everything inside an item further, and puts a multi-line attribute's `)]` at its level).
fn end_of_item(lines: &[&str], start: usize) -> usize {
    let at = indent(lines[start]);
    let is_item_line = |l: &str| {
        let t = l.trim_start();
        let attribute = t.starts_with("#[") || t.starts_with("//") || t.starts_with(")]");
        !t.is_empty() && !attribute && indent(l) == at
    };
    let item = (start..lines.len())
        .find(|&i| is_item_line(lines[i]))
        .unwrap_or_else(|| panic!("no item after the attribute at line {}", start + 1));
    let end = (item..lines.len())
        .find(|&j| {
            let t = lines[j].trim_end();
            indent(lines[j]) == at && (t.ends_with('}') || t.ends_with(';'))
        })
        .unwrap_or_else(|| panic!("no end for the item at line {}", item + 1));
    end + 1
}

/// The name of the function a line declares `pub` (exactly `pub`: not `pub(crate)`).
fn pub_fn_name(trimmed: &str) -> Option<&str> {
    let rest = [
        "pub fn ",
        "pub const fn ",
        "pub async fn ",
        "pub unsafe fn ",
    ]
    .iter()
    .find_map(|p| trimmed.strip_prefix(p))?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// The self type of an `impl` line: `impl<'a> Foo<'a> {` and `impl fmt::Debug for Foo {` give
/// `Foo`.
fn impl_type(trimmed: &str) -> String {
    let mut rest = trimmed.strip_prefix("impl").unwrap_or(trimmed);
    if rest.starts_with('<') {
        let mut depth = 0;
        for (i, c) in rest.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                rest = &rest[i + 1..];
                break;
            }
        }
    }
    if let Some((_, target)) = rest.split_once(" for ") {
        rest = target;
    }
    let ty = rest.trim_start();
    let ty: String = ty
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    ty.rsplit("::").next().unwrap_or_default().to_owned()
}

/// Whether `source` declares `name` as a `pub` struct or enum.
fn is_pub_type(source: &str, name: &str) -> bool {
    source.lines().any(|l| {
        ["pub struct ", "pub enum "].iter().any(|p| {
            l.trim_start().strip_prefix(p).is_some_and(|r| {
                r.strip_prefix(name).is_some_and(|after| {
                    !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
    })
}

/// Whether a line opens a `mod` (`mod x {`, `pub(crate) mod x {`, `pub mod x {`).
fn is_mod_block(trimmed: &str) -> bool {
    let rest = match trimmed.strip_prefix("pub(") {
        Some(r) => r.split_once(") ").map_or("", |(_, r)| r),
        None => trimmed.strip_prefix("pub ").unwrap_or(trimmed),
    };
    rest.starts_with("mod ")
}

/// The doc lines above line `at`, attributes (one line or several) stepped over.
fn doc_above(lines: &[&str], at: usize) -> Vec<String> {
    let mut doc = Vec::new();
    let mut j = at;
    while j > 0 {
        j -= 1;
        let t = lines[j].trim();
        if let Some(text) = t.strip_prefix("///") {
            doc.push(text.strip_prefix(' ').unwrap_or(text).to_owned());
        } else if t.ends_with(")]") && !t.starts_with("#[") {
            // The last line of an attribute rustfmt spread over several lines.
            while j > 0 && !lines[j].trim_start().starts_with("#[") {
                j -= 1;
            }
        } else if !t.starts_with("#[") {
            break;
        }
    }
    doc.reverse();
    doc
}

/// Every public function of one module's source.
fn scan(module: &str, file: &str, source: &str) -> Vec<Item> {
    let lines: Vec<&str> = source.lines().collect();
    let mut items = Vec::new();
    // The `impl` block being read: its closing indentation and its type, `None` if not `pub`.
    let mut current_impl: Option<(usize, Option<String>)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        if let Some((at, _)) = &current_impl {
            if indent(line) == *at && t.starts_with('}') {
                current_impl = None;
                i += 1;
                continue;
            }
        }
        if t.starts_with("#[cfg(test)]") || t.starts_with("#[doc(hidden)]") {
            i = end_of_item(&lines, i);
            continue;
        }
        if t.ends_with('{') && is_mod_block(t) {
            assert!(
                !t.starts_with("pub mod "),
                "{file}:{}: an inline `pub mod` block: teach the scanner its paths",
                i + 1
            );
            // A private or `pub(crate)` module: nothing in it is public.
            i = end_of_item(&lines, i);
            continue;
        }
        if (t.starts_with("impl ") || t.starts_with("impl<")) && !t.ends_with("{}") {
            let ty = impl_type(t);
            let public = is_pub_type(source, &ty).then_some(ty);
            current_impl = Some((indent(line), public));
        }
        if let Some(name) = pub_fn_name(t) {
            let owner = match &current_impl {
                None => Some(None),
                Some((_, Some(ty))) => Some(Some(ty.clone())),
                Some((_, None)) => None,
            };
            if let Some(owner) = owner {
                let mut path = String::from(module);
                for part in owner.iter().map(String::as_str).chain([name]) {
                    if !path.is_empty() {
                        path.push_str("::");
                    }
                    path.push_str(part);
                }
                items.push(Item {
                    path,
                    at: format!("{file}:{}", i + 1),
                    doc: doc_above(&lines, i),
                });
            }
        }
        i += 1;
    }
    items
}

/// Why a doc comment fails, or `None` if it has `# Examples` and a runnable code block after it.
fn examples_problem(doc: &[String]) -> Option<String> {
    let mut in_fence = false;
    let mut heading = false;
    let mut runnable = 0;
    for line in doc {
        let t = line.trim();
        if let Some(info) = t.strip_prefix("```") {
            if !in_fence && heading {
                let refused = info
                    .split(',')
                    .map(str::trim)
                    .find(|tag| ["ignore", "no_run", "compile_fail", "text"].contains(tag));
                if let Some(tag) = refused {
                    return Some(format!("its example is `{tag}`: it must run"));
                }
                runnable += 1;
            }
            in_fence = !in_fence;
        } else if !in_fence && t == "# Examples" {
            heading = true;
        }
    }
    match (heading, runnable) {
        (false, _) => Some("no `# Examples` heading in its doc comment".into()),
        (true, 0) => Some("`# Examples` without a code block after it".into()),
        _ => None,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every public function of the crate's public modules.
fn public_functions() -> Vec<Item> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = read(&src.join("lib.rs"));
    let mut items = scan("", "src/lib.rs", &lib);
    for module in public_modules(&lib) {
        let file = src.join(format!("{module}.rs"));
        assert!(
            file.is_file(),
            "src/{module}.rs: the public module is not one file: teach the scanner"
        );
        items.extend(scan(&module, &format!("src/{module}.rs"), &read(&file)));
    }
    // A function re-exported from a private module (`pub use json::nests_within;`) is public
    // too: that module is scanned for it alone.
    let modules = public_modules(&lib);
    for line in lib.lines().filter_map(|l| l.strip_prefix("pub use ")) {
        let Some((module, name)) = line.trim_end_matches(';').split_once("::") else {
            continue;
        };
        if modules.iter().any(|m| m == module) || name.contains(['{', ':']) {
            continue;
        }
        let source = read(&src.join(format!("{module}.rs")));
        let found: Vec<Item> = scan(module, &format!("src/{module}.rs"), &source)
            .into_iter()
            .filter(|item| item.path == format!("{module}::{name}"))
            .collect();
        assert_eq!(found.len(), 1, "`pub use {line}`: the function not found");
        items.extend(found);
    }
    items
}

#[test]
fn every_public_function_has_a_runnable_example() {
    let items = public_functions();
    let mut missing = Vec::new();
    for item in &items {
        let exempt = EXEMPT.iter().any(|(path, _)| *path == item.path);
        match (examples_problem(&item.doc), exempt) {
            (Some(problem), false) => {
                missing.push(format!("{} ({}): {problem}", item.path, item.at))
            }
            (None, true) => missing.push(format!(
                "{} ({}): has an example now: take it off EXEMPT",
                item.path, item.at
            )),
            _ => {}
        }
    }
    assert!(
        missing.is_empty(),
        "{} public function(s) without a runnable `# Examples` section:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

/// The scan cannot pass by seeing nothing: it finds at least [`AT_LEAST`] functions, the ones
/// named here among them (free functions and methods, in every public module that has any), no
/// private or `pub(crate)` one, and every exemption names a function it found.
#[test]
fn the_scan_sees_the_public_api() {
    let items = public_functions();
    let paths: Vec<&str> = items.iter().map(|i| i.path.as_str()).collect();
    assert!(
        items.len() >= AT_LEAST,
        "only {} public functions found: {paths:?}",
        items.len()
    );
    for expected in [
        "cipher::CipherOptions::fixed_iv",
        "cipher::TokenCipher::from_hex",
        "cipher::TokenCipher::encrypt",
        "cipher::TokenCipher::open_bytes",
        "datetime::DateTime::parse_compact",
        "datetime::DateTime::now_local",
        "engine_check::faults",
        "error::Error::code",
        "error::Report::into_result",
        "pin::PinPolicy::with_length",
        "pin::validate_pin",
        "pin::pin_strength",
        "reset_pin::BuildOptions::with_policy",
        "reset_pin::seal",
        "reset_pin::open_response",
        "reset_pin::ResetPinResponse::from_json_text",
        "secret::SecretBytes::expose",
        "set_pin::build",
        "set_pin::SetPinStatus::parse",
        "set_pin::SetPinResponse::to_json",
        "json::nests_within",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} not found in {paths:?}"
        );
    }
    for path in &paths {
        // The one function of the private json module re-exported at the root is public.
        if *path == "json::nests_within" {
            continue;
        }
        for private in [
            "_onto",
            "open_text_stage",
            "open_owned_stage",
            "decrypt_with",
            "from_values",
            "write_members",
            "Stage::",
            "Values::",
            "json::",
            "wasm::",
        ] {
            assert!(
                !path.contains(private),
                "{path}: private, pub(crate) or hidden, yet scanned"
            );
        }
    }
    // The functions a user reaches are those of the public modules and the functions re-exported
    // at the crate root: every re-export comes from a public module or is a scanned function.
    let lib = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"));
    let modules = public_modules(&lib);
    for module in [
        "cipher",
        "datetime",
        "error",
        "pin",
        "reset_pin",
        "secret",
        "set_pin",
    ] {
        assert!(
            modules.iter().any(|m| m == module),
            "{module} not public in {modules:?}"
        );
    }
    assert!(
        !modules.iter().any(|m| m == "wasm" || m == "json"),
        "{modules:?}"
    );
    let items = public_functions();
    for line in lib.lines().filter(|l| l.starts_with("pub use ")) {
        let rest = &line["pub use ".len()..];
        let from = rest.split("::").next().unwrap_or_default();
        let single = rest
            .trim_end_matches(';')
            .replace(from, "")
            .replace("::", "");
        assert!(
            modules.iter().any(|m| m == from)
                || items.iter().any(|i| i.path == format!("{from}::{single}")),
            "`{line}` re-exports from {from}, which the scan does not read"
        );
    }
    for (path, reason) in EXEMPT {
        assert!(
            paths.contains(path),
            "EXEMPT names {path}, which the scan did not find"
        );
        assert!(
            reason.len() > 20,
            "{path}: give the reason for its exemption"
        );
    }
}

#[test]
fn the_scanner_on_a_made_up_module() {
    let source = r#"
pub struct Open;
struct Closed;

/// Documented.
///
/// # Examples
/// ```
/// assert!(true);
/// ```
pub fn good() {}

/// No heading.
pub fn bare() {}

/// # Examples
/// ```ignore
/// nothing();
/// ```
pub fn ignored() {}

pub(crate) fn internal() {}

impl Open {
    /// # Examples
    ///
    /// ```
    /// ```
    #[must_use]
    #[cfg_attr(
        feature = "x",
        allow(dead_code)
    )]
    pub fn method(&self) -> u8 {
        let text = "}";
        0
    }
}

impl Closed {
    pub fn hidden_by_its_type(&self) {}
}

#[doc(hidden)]
pub fn hidden() {}

mod private {
    pub fn inside() {}
}

#[cfg(test)]
mod tests {
    pub fn helper() {}
}

#[cfg(test)]
#[cfg_attr(
    feature = "y",
    allow(dead_code)
)]
pub fn test_only() {
    let _ = 0;
}

/// Last.
///
/// # Examples
///
/// ```no_run
/// loop {}
/// ```
pub fn last() {}
"#;
    let items = scan("m", "m.rs", source);
    let found: Vec<(&str, Option<String>)> = items
        .iter()
        .map(|i| (i.path.as_str(), examples_problem(&i.doc)))
        .collect();
    let names: Vec<&str> = found.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        names,
        [
            "m::good",
            "m::bare",
            "m::ignored",
            "m::Open::method",
            "m::last"
        ]
    );
    assert_eq!(found[0].1, None);
    assert_eq!(
        found[1].1.as_deref(),
        Some("no `# Examples` heading in its doc comment")
    );
    assert_eq!(
        found[2].1.as_deref(),
        Some("its example is `ignore`: it must run")
    );
    assert_eq!(found[3].1, None, "attributes between the docs and the fn");
    assert_eq!(
        found[4].1.as_deref(),
        Some("its example is `no_run`: it must run")
    );
    assert_eq!(
        public_modules(
            "pub mod a;\nmod b;\n/// Hidden.\n#[cfg(x)]\n#[doc(hidden)]\npub mod c;\npub mod d;"
        ),
        ["a", "d"]
    );
}
