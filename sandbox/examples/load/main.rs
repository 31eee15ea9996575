//! Load benchmark of `pinseal-sandbox` (README, "Load benchmark"). Not a test: it prints figures.
//!
//! Starts the release-built server on a free loopback port with the repository's fixtures plus
//! generated cards and accounts (written to a temp dir), then drives it with closed-loop clients,
//! each on its own keep-alive connection, in short phases of two kinds, in rounds of A, B, B, A
//! (so that what changes during the run, such as the machine's other load, weighs on both alike):
//!
//! - A: 256 clients on routes that touch no PIN (`GET /api/sandbox`, 2FA start and a wrong 2FA
//!   code, static files, malformed JSON, 413 bodies, 415 content types);
//! - B: the same 256 clients and requests, plus 32 clients of PIN traffic: SET_PINs that succeed
//!   (each account alternates between two valid PINs), wrong and weak PINs, Reset PINs after a
//!   fresh 2FA, Reset PINs without 2FA, accounts hammered with concurrent wrong PINs until
//!   locked, and tokens sent in several concurrent copies.
//!
//! It prints throughput, p50/p99 per route, the 5xx count, lockout and replay counts, the p99 of
//! the non-PIN routes in A and B, where the CPU time went (server, its Argon2 threads, this
//! client, other processes), and the server's RSS; each goal line ends with PASS or MISS.
//! Bounded in count (fixed per-client counts, a cap on PIN tasks) and time (a limit per phase).
//! The server is stopped by its PID at the end, also when the run fails.
//!
//! ```sh
//! cargo build --release -p pinseal-sandbox && cargo run --release -p pinseal-sandbox --example load
//! ```
//!
//! The modules, in the order a run uses them: `server` (the release binary, started and stopped
//! by its PID), `fixtures` (the generated fixtures and the sandbox as `GET /api/sandbox` describes
//! it), `client` (the hand-written HTTP/1.1 client), `requests` (the workload's requests, their
//! labels and the checks of their answers), `clients` (the closed-loop non-PIN and PIN clients),
//! `phase` (one phase: its clients started together, their records and the CPU readings),
//! `proc` (what `/proc` says of CPU time, RSS and connections) and `report` (the figures and the
//! goals). This file holds the run's shape (counts, limits, goals) and the run itself.

mod client;
mod clients;
mod fixtures;
mod phase;
mod proc;
mod report;
mod requests;
mod server;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::client::{post_json, Conn};
use crate::fixtures::{generate_fixtures, load_sandbox};
use crate::phase::{pin_task_list, run_phase, PhaseResult};
use crate::proc::rss_kib;
use crate::requests::{pass_2fa, seal_reset, set_pin_body, set_pin_outcome, Record, L_SET_LOCKED};
use crate::server::{newer_source, server_binary, start_server, TempDir};

/// Closed-loop clients of the non-PIN workload (phases A and B), one connection each.
const NON_PIN_CLIENTS: usize = 256;
/// Requests of each non-PIN client in A (all A phases) and in B (all B phases).
const NON_PIN_PER_CLIENT: usize = 600;
/// Rounds of four phases: A, B, B, A.
const ROUNDS: usize = 3;
/// Requests of each non-PIN client in each phase (whole cycles of the 10 kinds).
const PER_PHASE: usize = NON_PIN_PER_CLIENT / (2 * ROUNDS);
/// Requests of each non-PIN client in the warm-up before the first phase (not counted).
const WARM_UP_PER_CLIENT: usize = 10;
/// Extra clients carrying the PIN workload in the B phases, one connection each.
const PIN_CLIENTS: usize = 32;
/// Concurrent copies of a wrong PIN per hammered account, and of a token per replay race.
const RACE_COPIES: usize = 16;
/// Generated accounts hammered with wrong PINs, besides the fixture accounts.
const EXTRA_LOCKED_ACCOUNTS: usize = 5;
/// Tokens sent in `RACE_COPIES` concurrent copies each.
const REPLAY_TOKENS: usize = 8;
/// Own tasks of the PIN clients queued between two races.
const OWN_TASKS_BETWEEN_RACES: usize = 8;
/// Most PIN-client tasks in a B phase (the clients stop earlier, when the non-PIN clients finish).
const PIN_TASK_CAP: usize = 4_000;
/// A phase issues no new request after this long.
const PHASE_LIMIT: Duration = Duration::from_secs(45);
/// How long a racing copy waits for the others.
const RACE_WAIT: Duration = Duration::from_secs(20);
/// Goal: non-PIN p99 in B at most this many times A's.
const P99_RATIO_GOAL: f64 = 1.5;
/// Wrong current PINs that lock an account (the sandbox's rule).
const MAX_WRONG_PINS: usize = 3;
/// Two PINs that pass the strict policy for every fixture and generated card and account.
const GOOD_PIN: &str = "3917";
const GOOD_PIN_2: &str = "6403";
/// Never anyone's current PIN here.
const WRONG_PIN: &str = "2468";
/// Over the 65,536-byte limit.
const OVERSIZED: usize = 65_537;

fn main() -> ExitCode {
    let began = Instant::now();
    match run(began) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("load: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(began: Instant) -> Result<(), String> {
    let binary = server_binary()?;
    if let Some(source) = newer_source(&binary) {
        eprintln!(
            "load: warning: {} is newer than {}; run `cargo build --release -p pinseal-sandbox`",
            source.display(),
            binary.display()
        );
    }
    let dir = TempDir::new()?;
    let (fixtures_text, generated) = generate_fixtures()?;
    let fixtures = dir.0.join("fixtures.json");
    std::fs::write(&fixtures, fixtures_text).map_err(|e| format!("{}: {e}", fixtures.display()))?;
    let server = start_server(&binary, &fixtures)?;
    let pid = server.pid();
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let mut setup = Conn::new(server.port);
    let sandbox = Arc::new(load_sandbox(&mut setup, &generated)?);

    let shown = std::env::current_dir()
        .ok()
        .and_then(|d| binary.strip_prefix(d).ok().map(PathBuf::from))
        .unwrap_or_else(|| binary.clone());
    println!("pinseal-sandbox load benchmark");
    println!(
        "server: {} (pid {pid}) on http://127.0.0.1:{}, --quiet, fixtures: sandbox/fixtures.json + {} cards \
         and {} accounts generated in a temp dir; {cores} cores shared with the client",
        shown.display(),
        server.port,
        generated.own_cards.len() + generated.replay_cards.len() + 1,
        generated.own_accounts.len() + EXTRA_LOCKED_ACCOUNTS,
    );
    println!(
        "client: closed loop, one keep-alive HTTP/1.1 connection per client thread; {ROUNDS} rounds of phases A, B, \
         B, A; A: {NON_PIN_CLIENTS} non-PIN clients x {PER_PHASE} requests; B: the same + {PIN_CLIENTS} PIN clients"
    );
    let rss_start = rss_kib(pid);

    // Warm-up (not counted): the allocator's arenas, the runtime's threads, the page cache.
    // The set-up connection is closed during each phase, so only the clients' are open.
    setup.close();
    let warm = run_phase(
        &sandbox,
        &server,
        WARM_UP_PER_CLIENT,
        Vec::new(),
        Vec::new(),
    )?;
    println!(
        "warm-up: {} non-PIN requests in {:.2} s (not counted)",
        warm.non_pin.len(),
        warm.wall.as_secs_f64()
    );

    // The B phases' raced tokens: each card passes 2FA now, its token is sealed now (a 2FA
    // verification authorises a reset for 5 minutes; the run takes about a minute).
    let mut setup_rec = Record::default();
    let mut tokens = Vec::new();
    for card in &sandbox.replay_cards {
        if !pass_2fa(&mut setup_rec, &mut setup, &card.customer_id) {
            return Err(format!(
                "2FA setup for the replay races failed: {:?}",
                setup_rec.notes
            ));
        }
        tokens.push(seal_reset(&sandbox, card, GOOD_PIN)?);
    }
    setup.close();

    // ROUNDS rounds of A, B, B, A: short phases of the two kinds, alternating in mirrored order,
    // so that what changes during the run weighs on A and B alike: the machine's other load, and
    // the server's state (every 2FA start adds a challenge, kept for an hour). The races are
    // spread over the B phases.
    let (accounts, raced) = (sandbox.locked_accounts.len(), tokens.len());
    let b_phases = 2 * ROUNDS;
    let part = |k: usize, n: usize| k * n / b_phases..(k + 1) * n / b_phases;
    let mut phases: Vec<(char, PhaseResult, u64)> = Vec::new();
    for _ in 0..ROUNDS {
        for kind in ['A', 'B', 'B', 'A'] {
            let result = if kind == 'A' {
                run_phase(&sandbox, &server, PER_PHASE, Vec::new(), Vec::new())?
            } else {
                let k = phases.iter().filter(|(kind, ..)| *kind == 'B').count();
                let tasks = pin_task_list(part(k, accounts), part(k, raced));
                run_phase(&sandbox, &server, PER_PHASE, tasks, tokens.clone())?
            };
            phases.push((kind, result, rss_kib(pid).0));
        }
    }

    // After the races: each hammered account refuses even its right PIN (suspended).
    let mut after = Record::default();
    let mut still_locked = Vec::new();
    for (j, account) in sandbox.locked_accounts.iter().enumerate() {
        let body = set_pin_body(
            account,
            &format!("after-{j}"),
            &account.initial_pin,
            GOOD_PIN_2,
        );
        let locked = after.timed(
            &mut setup,
            L_SET_LOCKED,
            &post_json("/api/v1/mbanking", &body),
            |a| match set_pin_outcome(a)? {
                (s, d) if s == "ERROR" && d.contains("suspended") => Ok(()),
                (s, d) => Err(format!("expected ERROR suspended, got {s}: {d}")),
            },
        );
        still_locked.push(locked.is_some());
    }
    let rss_end = rss_kib(pid);

    report::print(
        &sandbox,
        report::Run {
            phases,
            after,
            still_locked,
            cores,
            rss_start,
            rss_end,
        },
    )?;
    drop(server);
    drop(dir);
    println!(
        "run time {:.1} s; server (pid {pid}) stopped",
        began.elapsed().as_secs_f64()
    );
    Ok(())
}
