//! End to end against the sandbox (`pinseal-sandbox`, SPEC §6): the bodies `pinseal build`
//! makes are accepted, and `pinseal open-response` reads the sandbox's answers. The test builds
//! the sandbox binary (`cargo build -p pinseal-sandbox`, next to this package's binary), starts
//! it on 127.0.0.1 with a free port and stops it by its PID.

// Test harness: a failed step fails the test, loudly.
#![allow(clippy::expect_used, clippy::panic)]

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::{file, pinseal, scratch};

/// A running sandbox, killed (by its PID) when dropped.
struct Sandbox {
    child: Child,
    port: u16,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sandbox_binary() -> PathBuf {
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_pinseal"));
    let dir = ours.parent().expect("binary directory");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "pinseal-sandbox",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build -p pinseal-sandbox failed");
    dir.join(format!("pinseal-sandbox{}", std::env::consts::EXE_SUFFIX))
}

impl Sandbox {
    fn start() -> Self {
        let mut child = Command::new(sandbox_binary())
            .args(["--port", "0", "--bind", "127.0.0.1", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pinseal-sandbox");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut banner = String::new();
        reader.read_line(&mut banner).expect("banner");
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let _ = reader.read_to_end(&mut Vec::new());
        });
        let port = banner
            .trim_end()
            .strip_prefix("listening on http://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected banner {banner:?}"));
        Sandbox { child, port }
    }

    /// POSTs a JSON body; the answer's status and body.
    fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write head");
        stream.write_all(body.as_bytes()).expect("write body");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        (status, body.to_owned())
    }

    fn post_json(&self, path: &str, body: &Value) -> Value {
        let (status, text) = self.post(path, &[], &body.to_string());
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).expect("JSON answer")
    }
}

#[test]
fn reset_pin_and_set_pin_against_the_sandbox() {
    let server = Sandbox::start();
    let fixtures: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../sandbox/fixtures.json"
        ))
        .expect("fixtures"),
    )
    .expect("fixtures JSON");
    let key = file(
        &scratch("sandbox"),
        "key.b64",
        format!("{}\n", fixtures["key"].as_str().expect("key")).as_bytes(),
    );
    let card = &fixtures["cards"][0];

    // Reset PIN: 2FA first (the portal's own step), then the sealed body `build` prints.
    let challenge = server.post_json(
        "/api/sandbox/2fa/start",
        &serde_json::json!({"customerId": card["customerId"]}),
    );
    let verified = server.post_json(
        "/api/sandbox/2fa/verify",
        &serde_json::json!({"challengeId": challenge["challengeId"], "code": challenge["code"]}),
    );
    assert_eq!(verified["verified"], true);
    let txn = format!("cli-test-{}", std::process::id());
    let input = serde_json::json!({
        "clientId": fixtures["clientId"],
        "secureCode": fixtures["secureCode"],
        "bankId": fixtures["bankId"],
        "customerId": card["customerId"],
        "last4Digits": card["last4Digits"],
        "urn": card["urn"],
        "newPIN": "3947",
        "clientTxnId": txn,
    });
    let built = pinseal(
        &["build", "reset-pin", "--key-file", &key],
        input.to_string().as_bytes(),
    );
    assert_eq!(built.status, 0, "{}", built.stderr);
    let api_key = fixtures["apiKey"].as_str().expect("apiKey");
    let (status, answer) = server.post(
        "/api/v1/resetPIN",
        &[("x-api-key", api_key)],
        built.stdout_text().trim_end(),
    );
    assert_eq!(status, 200, "{answer}");
    let opened = pinseal(
        &[
            "open-response",
            "reset-pin",
            "--key-file",
            &key,
            "--expect-txn",
            &txn,
        ],
        answer.as_bytes(),
    );
    assert_eq!(
        opened.status,
        0,
        "{} {}",
        opened.stdout_text(),
        opened.stderr
    );
    let opened: Value = serde_json::from_slice(&opened.stdout).expect("JSON");
    assert_eq!(
        (&opened["ok"], &opened["responseCode"], &opened["meaning"]),
        (
            &Value::Bool(true),
            &Value::from("00"),
            &Value::from("success")
        )
    );

    // The same token again: the sandbox answers 9001 (repeated clientTxnId), exit status 5.
    let (_, again) = server.post(
        "/api/v1/resetPIN",
        &[("x-api-key", api_key)],
        built.stdout_text().trim_end(),
    );
    let refused = pinseal(
        &["open-response", "reset-pin", "--key-file", &key],
        again.as_bytes(),
    );
    assert_eq!(refused.status, 5, "{}", refused.stderr);
    assert!(refused.stdout_text().contains("\"responseCode\":\"9001\""));

    // Set PIN: the plain JSON body `build --show-pin` prints, and the answer read back.
    let account = &fixtures["accounts"][0];
    let input = serde_json::json!({
        "identifier": account["msisdn"],
        "pin": account["initialPin"],
        "newPin": "3947",
        "deviceIdentifierType": account["deviceIdentifierType"],
        "deviceIdentifier": account["deviceIdentifier"],
        "identityType": account["identityType"],
        "identity": account["identity"],
    });
    let built = pinseal(
        &["build", "set-pin", "--show-pin"],
        input.to_string().as_bytes(),
    );
    assert_eq!(built.status, 0, "{}", built.stderr);
    let (status, answer) = server.post("/api/v1/mbanking", &[], built.stdout_text().trim_end());
    assert_eq!(status, 200, "{answer}");
    let opened = pinseal(&["open-response", "set-pin"], answer.as_bytes());
    assert_eq!(
        (opened.status, opened.stdout_text().as_str()),
        (
            0,
            "{\"ok\":true,\"status\":\"SUCCESS\",\"description\":\"the new PIN is set\"}\n"
        ),
        "{answer}"
    );
}
