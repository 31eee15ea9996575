//! `pinseal-sandbox`: plays the two partner PIN APIs on loopback and serves the demo page
//! (SPEC §6). State lives in memory, seeded from a fixtures file; PINs are kept only as
//! Argon2id hashes and never logged.

// Module graph, one way only (no module imports one that imports it back):
//   main → router, state, fixtures, pinhash
//   router → the handlers (reset, mbanking, twofa, info, test_clock, files), http, state
//   the handlers → state, fields, wire, http, clock, pinhash, core_api (never router or
//   each other)
//   state → fixtures, clock, core_api;  fixtures → core_api, wire;  fields → core_api, wire;
//   http → wire;  core_api, wire, clock, pinhash → nothing of the sandbox
// core_api is the only module that calls the core crate `pinseal`.
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
use std::process::ExitCode;
use std::sync::Arc;

use crate::fixtures::Fixtures;
use crate::state::{Account, App};

const USAGE: &str = "usage: pinseal-sandbox [--port N] [--bind ADDR] [--fixtures PATH] [--www DIR] [--pkg DIR] [--quiet] [--test-clock]

  --port N         port to listen on (default 8080; 0 picks a free port)
  --bind ADDR      address to bind (default 127.0.0.1)
  --fixtures PATH  fixtures file (default: sandbox/fixtures.json)
  --www DIR        demo page served at / (default: www/ of the repository)
  --pkg DIR        npm package served at /pkg/ (default: pkg/ of the repository)
  --quiet          no request log on stderr
  --test-clock     enable POST /api/sandbox/clock {\"advanceSeconds\": n} (tests only)";

/// Command-line options.
struct Options {
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

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
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

/// Loads the fixtures, builds the cipher and hashes every initial PIN.
fn load(o: &Options) -> Result<App, String> {
    let text = std::fs::read_to_string(&o.fixtures)
        .map_err(|e| format!("cannot read {}: {e}", o.fixtures.display()))?;
    let fixtures = Fixtures::parse(&text)?;
    let cipher = fixtures::cipher_of(&fixtures.key)?;
    let fixtures_body = fixtures.to_json()?;
    let mut accounts = HashMap::new();
    for seed in &fixtures.accounts {
        let pin_hash = pinhash::hash_pin(&seed.initial_pin)
            .ok_or("cannot hash the initial PINs (is the OS CSPRNG available?)")?;
        accounts.insert(
            seed.msisdn.clone(),
            Account {
                device_identifier_type: seed.device_identifier_type.clone(),
                device_identifier: seed.device_identifier.clone(),
                identity_type: seed.identity_type.clone(),
                identity: seed.identity.clone(),
                pin_hash,
                version: 0,
                wrong: 0,
                suspended_until_ms: None,
            },
        );
    }
    Ok(App::new(
        fixtures,
        fixtures_body,
        cipher,
        accounts,
        o.www.clone(),
        o.pkg.clone(),
    ))
}

async fn run(o: Options) -> Result<(), String> {
    let app = Arc::new(load(&o)?);
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

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("pinseal-sandbox: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("pinseal-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pinseal-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}
