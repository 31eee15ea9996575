//! Runs the built `pinseal` binary with stdin, and makes scratch files.
// Test support: a failed step fails the test, loudly.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The sandbox key as text (sandbox/README.md): 24 bytes.
pub const KEY_TEXT: &str = "SANDBOX-ONLY-key-24bytes";
/// The same key in hex.
pub const KEY_HEX: &str = "53414e44424f582d4f4e4c592d6b65792d32346279746573";
/// The same key in base64.
pub const KEY_B64: &str = "U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz";
/// A fixed IV for the fixed-IV form.
pub const IV_HEX: &str = "000102030405060708090a0b0c0d0e0f";

/// What one run gave.
pub struct Run {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }
}

/// Runs `pinseal args…` with `stdin`.
pub fn pinseal(args: &[&str], stdin: &[u8]) -> Run {
    let output = run(
        Command::new(env!("CARGO_BIN_EXE_pinseal")).args(args),
        stdin,
    );
    Run {
        status: output.status.code().expect("exited, not killed"),
        stdout: output.stdout,
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs any command with `stdin`; a missing program fails the test (nothing is skipped).
pub fn run(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let mut input = child.stdin.take().expect("stdin piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // A command may exit before reading everything; that is its answer, not ours.
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    output
}

/// A command's stdout, after it succeeded.
pub fn stdout_of(command: &mut Command, stdin: &[u8]) -> String {
    let output = run(command, stdin);
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    // Under target/tmp (cargo gives integration tests that directory), not the system /tmp.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "pinseal-cli-{}-{}-{test}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes `content` to `dir/name` and returns the path as text.
pub fn file(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write scratch file");
    path.to_str().expect("UTF-8 path").to_owned()
}
