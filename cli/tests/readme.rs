//! Every `console` example of cli/README.md, run as written: each `$ command` line in turn by
//! `bash -o pipefail -c`, in one scratch folder for the whole page (files carry from block to
//! block, as for a reader following along), with this build's `pinseal` first on the `PATH`
//! and stderr merged into stdout. What it prints must be exactly the lines under it, and it
//! must exit 0 (a transcript shows a failing command's status with `echo "exit $?"`). Nothing
//! is skipped: `openssl` and `base64`/`wc` must be on the `PATH`, as for cli/tests/tokens.rs.

// Test harness: a failed step fails the test, loudly.
#![allow(clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::scratch;

const README: &str = include_str!("../README.md");

/// How many `$` lines the README's `console` blocks hold, so that the test cannot pass by
/// finding none (or by losing some to a block marked otherwise).
const COMMANDS: usize = 20;

/// One `$ command` line and the output lines under it.
struct Step {
    /// The README line of the command (1-based).
    line: usize,
    command: String,
    /// The output lines under it, each with its line break.
    expected: String,
}

/// The `$` lines of every ```` ```console ```` block, in order, with their output.
fn steps(readme: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_block = false;
    // The line of the current block's opening fence: output lines need a `$` line after it.
    let mut block = 0;
    for (index, text) in readme.lines().enumerate() {
        let line = index + 1;
        if !in_block {
            in_block = text == "```console";
            block = line;
            continue;
        }
        if text.starts_with("```") {
            in_block = false;
        } else if let Some(command) = text.strip_prefix("$ ") {
            steps.push(Step {
                line,
                command: command.to_owned(),
                expected: String::new(),
            });
        } else {
            let step = steps
                .last_mut()
                .filter(|step| step.line > block)
                .unwrap_or_else(|| panic!("README line {line}: output before any `$` command"));
            step.expected.push_str(text);
            step.expected.push('\n');
        }
    }
    assert!(!in_block, "a ```console block of README.md is not closed");
    steps
}

/// Runs `command` as a reader would type it in `dir`: `bash -o pipefail -c`, stderr merged
/// into stdout in the order written; returns the exit status and the output.
fn run(command: &str, dir: &Path, path: &str) -> (i32, String) {
    let out = Command::new("bash")
        .args(["-o", "pipefail", "-c", &format!("exec 2>&1; {command}")])
        .current_dir(dir)
        .env("PATH", path)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        out.stderr.is_empty(),
        "`$ {command}`: stderr was not merged: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = out.status.code().expect("exited, not killed");
    (status, String::from_utf8(out.stdout).expect("UTF-8 output"))
}

#[test]
fn every_readme_example_runs_as_written() {
    let steps = steps(README);
    assert_eq!(
        steps.len(),
        COMMANDS,
        "cli/README.md's ```console blocks should hold {COMMANDS} `$` commands; found: {:#?}",
        steps.iter().map(|s| &s.command).collect::<Vec<_>>()
    );
    let dir = scratch("readme");
    let bin = Path::new(env!("CARGO_BIN_EXE_pinseal"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for step in &steps {
        let (status, got) = run(&step.command, &dir, &path);
        if got != step.expected {
            let got_lines: Vec<&str> = got.split_inclusive('\n').collect();
            let want_lines: Vec<&str> = step.expected.split_inclusive('\n').collect();
            let at = (0..got_lines.len().max(want_lines.len()))
                .find(|&i| got_lines.get(i) != want_lines.get(i))
                .unwrap_or(0);
            panic!(
                "cli/README.md line {}: `$ {}` printed something else.\n\
                 --- expected\n{}--- got\n{}---\n\
                 first difference, output line {}: expected {:?}, got {:?}",
                step.line,
                step.command,
                step.expected,
                got,
                at + 1,
                want_lines.get(at),
                got_lines.get(at),
            );
        }
        assert_eq!(
            status, 0,
            "cli/README.md line {}: `$ {}` exited with status {status} (its output matched); a \
             failing command shows its status in the transcript: `; echo \"exit $?\"`",
            step.line, step.command
        );
    }
}

/// The parser itself: commands, their output lines, and blocks of other languages left out.
#[test]
fn transcripts_are_split_into_commands_and_output() {
    let page = "text\n```sh\n$ not run\n```\n```console\n$ a\none\ntwo\n$ b\n```\n\
                ```console\n$ c; echo \"exit $?\"\nexit 1\n```\n";
    let steps = steps(page);
    let got: Vec<(usize, &str, &str)> = steps
        .iter()
        .map(|s| (s.line, s.command.as_str(), s.expected.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (6, "a", "one\ntwo\n"),
            (9, "b", ""),
            (12, "c; echo \"exit $?\"", "exit 1\n"),
        ]
    );
}

#[test]
#[should_panic(expected = "README line 6: output before any `$` command")]
fn output_before_a_command_is_refused() {
    steps("```console\n$ a\none\n```\n```console\nstray\n```\n");
}
