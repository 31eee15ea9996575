//! `pinseal-sandbox`: plays the two partner PIN APIs on loopback and serves the demo page
//! (SPEC §6). State lives in memory, seeded from a fixtures file; PINs are kept only as
//! Argon2id hashes and never logged.
//!
//! The binary (`src/main.rs`) only parses its arguments and calls [`run`]. [`Sandbox`] is the
//! same server in-process, without a listener, for the fuzz target `sandbox_bodies`.

// Module graph, one way only (no module imports one that imports it back):
//   main (the binary) → this library's root only
//   lib (this root) → router, state, fixtures, pinhash
//   router → the handlers (reset, mbanking, twofa, info, test_clock, files), http, state
//   the handlers → state, challenges, fields, wire, http, clock, pinhash, core_api (never
//   router or each other)
//   state → challenges, fixtures, clock, core_api;  fixtures → core_api, wire;
//   fields → core_api, wire;  http → wire;
//   challenges, core_api, wire, clock, pinhash → nothing of the sandbox
// core_api is the only module that calls the core crate `pinseal`.
mod challenges;
mod clock;
mod core_api;
mod fields;
mod files;
mod fixtures;
mod http;
mod info;
mod mbanking;
mod pinhash;
mod reset;
mod router;
mod state;
mod test_clock;
mod twofa;
mod wire;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use chrono::NaiveDateTime;

use crate::fixtures::Fixtures;
use crate::state::{Account, App};

/// The binary's usage text.
pub const USAGE: &str = "usage: pinseal-sandbox [--port N] [--bind ADDR] [--fixtures PATH] [--www DIR] [--pkg DIR] [--quiet] [--test-clock]

  --port N         port to listen on (default 8080; 0 picks a free port)
  --bind ADDR      address to bind (default 127.0.0.1)
  --fixtures PATH  fixtures file (default: sandbox/fixtures.json)
  --www DIR        demo page served at / (default: www/ of the repository)
  --pkg DIR        npm package served at /pkg/ (default: pkg/ of the repository)
  --quiet          no request log on stderr
  --test-clock     enable POST /api/sandbox/clock {\"advanceSeconds\": n} (tests only)";

/// Command-line options, from [`parse_args`].
pub struct Options {
    port: u16,
    bind: String,
    fixtures: PathBuf,
    www: PathBuf,
    pkg: PathBuf,
    quiet: bool,
    test_clock: bool,
}

fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Reads the command line (without the program name).
///
/// # Errors
/// A message for the user; empty for `-h`/`--help` (then print [`USAGE`] and succeed).
pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        port: 8080,
        bind: "127.0.0.1".into(),
        fixtures: repo_path("fixtures.json"),
        www: repo_path("../www"),
        pkg: repo_path("../pkg"),
        quiet: false,
        test_clock: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                let v = value()?;
                o.port = v
                    .parse()
                    .map_err(|_| format!("--port expected 0-65535, got {v:?}"))?;
            }
            "--bind" => o.bind = value()?,
            "--fixtures" => o.fixtures = PathBuf::from(value()?),
            "--www" => o.www = PathBuf::from(value()?),
            "--pkg" => o.pkg = PathBuf::from(value()?),
            "--quiet" => o.quiet = true,
            "--test-clock" => o.test_clock = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

/// How the fixtures' accounts are seeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accounts {
    /// As the server runs: every initial PIN hashed with Argon2id (about 19 ms each).
    Hashed,
    /// No PIN hash, and an `identityType` of `""`, which no request that passes the field
    /// rules carries: a SET_PIN request for an account stops at the identity check (`ERROR`),
    /// one step before its current PIN would be verified. So no request costs an Argon2 run or
    /// changes an account (for fuzzing).
    Unverifiable,
}

/// The server's state from the fixtures file's text.
fn app_of(text: &str, accounts: Accounts, www: PathBuf, pkg: PathBuf) -> Result<App, String> {
    let fixtures = Fixtures::parse(text)?;
    let cipher = fixtures::cipher_of(&fixtures.key)?;
    let fixtures_body = fixtures.to_json()?;
    let mut live = HashMap::new();
    for seed in &fixtures.accounts {
        let (identity_type, pin_hash) = match accounts {
            Accounts::Hashed => (
                seed.identity_type.clone(),
                pinhash::hash_pin(&seed.initial_pin)
                    .ok_or("cannot hash the initial PINs (is the OS CSPRNG available?)")?,
            ),
            Accounts::Unverifiable => (String::new(), String::new()),
        };
        live.insert(
            seed.msisdn.clone(),
            Account {
                device_identifier_type: seed.device_identifier_type.clone(),
                device_identifier: seed.device_identifier.clone(),
                identity_type,
                identity: seed.identity.clone(),
                pin_hash,
                version: 0,
                wrong: 0,
                suspended_until_ms: None,
            },
        );
    }
    Ok(App::new(fixtures, fixtures_body, cipher, live, www, pkg))
}

/// Loads the fixtures, hashes every initial PIN, listens and serves until the server stops.
///
/// # Errors
/// A message for the user: fixtures unreadable or invalid, address not bindable, stdout gone.
pub async fn run(o: Options) -> Result<(), String> {
    let text = std::fs::read_to_string(&o.fixtures)
        .map_err(|e| format!("cannot read {}: {e}", o.fixtures.display()))?;
    let app = Arc::new(app_of(
        &text,
        Accounts::Hashed,
        o.www.clone(),
        o.pkg.clone(),
    )?);
    let host = o.bind.trim_start_matches('[').trim_end_matches(']');
    let listener = tokio::net::TcpListener::bind((host, o.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", o.bind, o.port))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?
        .port();
    let shown = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on http://{shown}:{port}")
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(out);
    let router = router::router(app, o.test_clock, o.quiet);
    axum::serve(listener, router)
        .await
        .map_err(|e| format!("server stopped: {e}"))
}

/// The sandbox in-process: its routes as a [`Router`] to call directly, with no listener and
/// no request log (the fuzz target `sandbox_bodies` sends every body through it).
pub struct Sandbox {
    app: Arc<App>,
}

impl Sandbox {
    /// A sandbox over the fixtures file's text `fixtures`, its accounts seeded as `accounts`.
    /// The demo page and package are served from the repository's `www/` and `pkg/`.
    ///
    /// # Errors
    /// The fixtures' problem, or that a PIN could not be hashed.
    pub fn new(fixtures: &str, accounts: Accounts) -> Result<Self, String> {
        let app = app_of(fixtures, accounts, repo_path("../www"), repo_path("../pkg"))?;
        Ok(Sandbox { app: Arc::new(app) })
    }

    /// Every route of the server, the test clock's included.
    pub fn router(&self) -> Router {
        router::router(self.app.clone(), true, true)
    }

    /// Forgets what requests left behind (used `clientTxnId`s, 2FA challenges) and sets the test
    /// clock so that the server's local time is `local` now, so that every request meets the
    /// same state. Accounts and card PINs are not restored (with [`Accounts::Unverifiable`] no
    /// request changes them).
    pub fn reset(&self, local: NaiveDateTime) {
        {
            let mut shared = self.app.lock();
            shared.used_txn.clear();
            shared.challenges.clear();
        }
        let clock = &self.app.clock;
        clock.advance((local - clock.local_now()).num_seconds());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use axum::body::Body;
    use axum::extract::State;
    use axum::http::{HeaderMap, HeaderValue, StatusCode};
    use chrono::NaiveDate;
    use http_body_util::BodyExt;
    use zeroize::Zeroizing;

    use super::*;
    use crate::challenges::Challenge;

    fn sandbox() -> Sandbox {
        let text = std::fs::read_to_string(repo_path("fixtures.json")).unwrap();
        Sandbox::new(&text, Accounts::Unverifiable).unwrap()
    }

    #[tokio::test]
    async fn unverifiable_accounts_stop_at_the_identity_check() {
        let sandbox = sandbox();
        for account in sandbox.app.lock().accounts.values() {
            assert_eq!(
                (account.pin_hash.as_str(), account.identity_type.as_str()),
                ("", "")
            );
        }
        // Every value right for the first account, PINs included: ERROR at the identity check.
        let body = r#"{"action":"SET_PIN","payload":{"api_request_id":"r-1","identifier_type":"MSISDN","identifier":"999100000001","pin":"5829","device_identifier_type":"IMSI","device_identifier":"001010000000001","new_pin":"4826","identity_type":"NATIONAL_ID","identity":"SBX-NID-0001"}}"#;
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let response =
            mbanking::handle(State(sandbox.app.clone()), headers, Body::from(body)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(answer["set_pin_status"], "ERROR");
        let description = answer["set_pin_status_description"].as_str().unwrap();
        assert!(
            description.starts_with("\"identity_type\"/\"identity\" do not match"),
            "{description}"
        );
        let shared = sandbox.app.lock();
        let account = shared.accounts.get("999100000001").unwrap();
        assert_eq!((account.wrong, account.version), (0, 0));
    }

    #[test]
    fn reset_forgets_requests_and_sets_the_clock() {
        let sandbox = sandbox();
        {
            let mut shared = sandbox.app.lock();
            shared.used_txn.insert("txn-1".into());
            let challenge = Challenge {
                customer_id: "SBX-CUST-001".into(),
                code: Zeroizing::new("123456".into()),
                started_ms: 0,
                wrong: 0,
                verified_ms: None,
                used: false,
            };
            shared.challenges.insert("id".into(), challenge);
        }
        sandbox.app.clock.advance(-86_400);
        for at in [(2026, 12, 3, 12, 0, 0), (1999, 1, 1, 0, 0, 0)] {
            let (y, mo, d, h, mi, s) = at;
            let local = NaiveDate::from_ymd_opt(y, mo, d)
                .and_then(|day| day.and_hms_opt(h, mi, s))
                .unwrap();
            sandbox.reset(local);
            let shared = sandbox.app.lock();
            assert!(shared.used_txn.is_empty() && shared.challenges.is_empty());
            let drift = (sandbox.app.clock.local_now() - local).num_seconds();
            assert!((0..=2).contains(&drift), "{drift} s from {local}");
        }
    }
}
