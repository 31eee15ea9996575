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

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::{BuildOptions, CipherOptions, DateTime, TokenCipher};
use serde_json::{json, Value};

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
/// Socket timeouts.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
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
/// Clock ticks per second in `/proc/*/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// The repository's fixtures; generated cards and accounts are appended to a copy.
const BASE_FIXTURES: &str = include_str!("../fixtures.json");

// Labels of the non-PIN workload (phases A and B), in table order.
const L_INFO: &str = "GET /api/sandbox";
const L_2FA_START: &str = "POST /api/sandbox/2fa/start";
const L_2FA_WRONG: &str = "POST /api/sandbox/2fa/verify (wrong code)";
const L_INDEX: &str = "GET / (index.html)";
const L_APP_JS: &str = "GET /app.js";
const L_BAD_MBANKING: &str = "POST /api/v1/mbanking malformed JSON → 400";
const L_BAD_2FA: &str = "POST /api/sandbox/2fa/start malformed → 400";
const L_415_2FA: &str = "POST /api/sandbox/2fa/start text/plain → 415";
const L_415_MBANKING: &str = "POST /api/v1/mbanking text/plain → 415";
const L_413_DECLARED: &str = "POST /api/v1/mbanking 65,537 B → 413";
const L_413_CHUNKED: &str = "POST /api/sandbox/2fa/start chunked 80 KB → 413";
const NON_PIN_LABELS: [&str; 11] = [
    L_INFO,
    L_2FA_START,
    L_2FA_WRONG,
    L_INDEX,
    L_APP_JS,
    L_BAD_MBANKING,
    L_BAD_2FA,
    L_415_2FA,
    L_415_MBANKING,
    L_413_DECLARED,
    L_413_CHUNKED,
];

// Labels of the PIN workload (the B phases).
const L_SET_OK: &str = "SET_PIN right PIN → SUCCESS";
const L_SET_WRONG: &str = "SET_PIN wrong PIN → INCORRECT_PIN 1 of 3";
const L_SET_WEAK: &str = "SET_PIN weak new PIN → INVALID_NEW_PIN";
const L_SET_RACE: &str = "SET_PIN lockout race (16 copies)";
const L_SET_LOCKED: &str = "SET_PIN right PIN once locked → ERROR (after B)";
const L_FLOW_START: &str = "2fa/start (reset flow)";
const L_FLOW_VERIFY: &str = "2fa/verify right code (reset flow)";
const L_RESET_OK: &str = "resetPIN after 2FA → 00";
const L_RESET_NO_2FA: &str = "resetPIN without 2FA → 9003";
const L_RESET_RACE: &str = "resetPIN replay race (16 copies)";
const PIN_LABELS: [&str; 10] = [
    L_SET_OK,
    L_SET_WRONG,
    L_SET_WEAK,
    L_SET_RACE,
    L_SET_LOCKED,
    L_FLOW_START,
    L_FLOW_VERIFY,
    L_RESET_OK,
    L_RESET_NO_2FA,
    L_RESET_RACE,
];

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

// ---------------------------------------------------------------------------------------------
// The server process and its fixtures
// ---------------------------------------------------------------------------------------------

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self, String> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| format!("CSPRNG: {e}"))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("pinseal-sandbox-load-{name}"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The running server, killed by its PID when dropped (on every exit path).
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/release/pinseal-sandbox`, next to this example's `target/release/examples/`.
fn server_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let release = exe
        .parent()
        .and_then(|examples| examples.parent())
        .ok_or("cannot locate the target directory")?;
    let binary = release.join(format!("pinseal-sandbox{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} not found: run `cargo build --release -p pinseal-sandbox` first",
            binary.display()
        ))
    }
}

/// A source file of the sandbox or of the core crate modified after `binary` was built.
fn newer_source(binary: &Path) -> Option<PathBuf> {
    fn walk(dir: &Path, built: SystemTime, depth: usize) -> Option<PathBuf> {
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let path = entry.path();
            let meta = entry.metadata().ok()?;
            if meta.is_dir() && depth > 0 {
                if let Some(found) = walk(&path, built, depth - 1) {
                    return Some(found);
                }
            } else if meta.modified().ok()? > built {
                return Some(path);
            }
        }
        None
    }
    let built = std::fs::metadata(binary).ok()?.modified().ok()?;
    let sandbox = Path::new(env!("CARGO_MANIFEST_DIR"));
    [sandbox.join("src"), sandbox.join("../src")]
        .iter()
        .find_map(|dir| walk(dir, built, 3))
}

fn start_server(binary: &Path, fixtures: &Path) -> Result<Server, String> {
    let mut child = Command::new(binary)
        .args([
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--quiet",
            "--fixtures",
        ])
        .arg(fixtures)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("no stdout pipe".into());
    };
    // From here on the guard stops the process whatever happens.
    let mut server = Server { child, port: 0 };
    let mut reader = BufReader::new(stdout);
    let mut banner = String::new();
    reader
        .read_line(&mut banner)
        .map_err(|e| format!("reading the banner: {e}"))?;
    let banner = banner.trim_end().to_owned();
    server.port = banner
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("unexpected banner {banner:?}"))?;
    // Keep draining stdout so the server never blocks on a full pipe.
    thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = reader.read_to_end(&mut sink);
    });
    Ok(server)
}

/// Ids of the generated cards (`customerId`) and accounts (`msisdn`).
struct Generated {
    own_cards: Vec<String>,
    replay_cards: Vec<String>,
    no_2fa_card: String,
    own_accounts: Vec<String>,
    locked_accounts: Vec<String>,
}

/// The fixtures file: the repository's, plus generated cards and accounts (same format).
fn generate_fixtures() -> Result<(String, Generated), String> {
    let mut fx: Value =
        serde_json::from_str(BASE_FIXTURES).map_err(|e| format!("sandbox/fixtures.json: {e}"))?;
    let mut cards = Vec::new();
    let mut card = |tag: &str, n: usize| {
        let customer_id = format!("LOAD-{tag}-{n:02}");
        let k = cards.len();
        cards.push(json!({
            "customerId": customer_id,
            "urn": format!("{}", 880_000 + k),
            "last4Digits": format!("{:04}", 5_000 + k),
        }));
        customer_id
    };
    let own_cards: Vec<String> = (0..PIN_CLIENTS).map(|n| card("OWN", n)).collect();
    let replay_cards: Vec<String> = (0..REPLAY_TOKENS).map(|n| card("RPL", n)).collect();
    let no_2fa_card = card("NO2FA", 0);

    let mut accounts = Vec::new();
    let mut account = |n: usize| {
        let msisdn = format!("99920000{n:04}");
        accounts.push(json!({
            "msisdn": msisdn,
            "deviceIdentifierType": "IMSI",
            "deviceIdentifier": format!("00101{n:010}"),
            "identityType": "NATIONAL_ID",
            "identity": format!("LOAD-NID-{n:04}"),
            "initialPin": GOOD_PIN,
        }));
        msisdn
    };
    let own_accounts: Vec<String> = (0..PIN_CLIENTS).map(&mut account).collect();
    let extra_locked: Vec<String> = (PIN_CLIENTS..PIN_CLIENTS + EXTRA_LOCKED_ACCOUNTS)
        .map(&mut account)
        .collect();

    let mut locked_accounts = Vec::new();
    if let Some(list) = fx.get_mut("cards").and_then(Value::as_array_mut) {
        list.extend(cards);
    } else {
        return Err("sandbox/fixtures.json has no \"cards\" list".into());
    }
    if let Some(list) = fx.get_mut("accounts").and_then(Value::as_array_mut) {
        for a in list.iter() {
            if let Some(m) = a.get("msisdn").and_then(Value::as_str) {
                locked_accounts.push(m.to_owned());
            }
        }
        list.extend(accounts);
    } else {
        return Err("sandbox/fixtures.json has no \"accounts\" list".into());
    }
    locked_accounts.extend(extra_locked);
    let text = serde_json::to_string_pretty(&fx).map_err(|e| e.to_string())?;
    Ok((
        text,
        Generated {
            own_cards,
            replay_cards,
            no_2fa_card,
            own_accounts,
            locked_accounts,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// The sandbox as `GET /api/sandbox` describes it
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Card {
    customer_id: String,
    urn: String,
    last4: String,
}

#[derive(Clone)]
struct Account {
    msisdn: String,
    device_type: String,
    device_id: String,
    identity_type: String,
    identity: String,
    initial_pin: String,
}

/// Credentials, key and the cards and accounts each part of the workload uses.
struct Sandbox {
    client_id: String,
    secure_code: String,
    bank_id: String,
    api_key: String,
    cipher: TokenCipher,
    /// The fixture cards' customers: non-PIN 2FA traffic (never reset, never verified).
    twofa_customers: Vec<String>,
    /// One card and one account per PIN client (only that client touches them).
    own_cards: Vec<Card>,
    own_accounts: Vec<Account>,
    /// One card per raced token.
    replay_cards: Vec<Card>,
    /// A card whose customer never passes 2FA.
    no_2fa_card: Card,
    /// Accounts hammered with concurrent wrong PINs: the fixture ones and generated ones.
    locked_accounts: Vec<Account>,
    /// Where each PIN client's own cycle stands, carried from one B phase to the next.
    progress: Vec<Mutex<Progress>>,
}

/// A PIN client's own cycle between phases: its account's current PIN, the next step, and the
/// requests sent (for unique request ids).
#[derive(Clone, Copy)]
struct Progress {
    current: &'static str,
    step: usize,
    requests: usize,
}

fn text_of(v: &Value, key: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        other => Err(format!("GET /api/sandbox: \"{key}\" is {other:?}")),
    }
}

fn load_sandbox(conn: &mut Conn, generated: &Generated) -> Result<Sandbox, String> {
    let answer = conn.send(&get("/api/sandbox"))?;
    if answer.status != 200 {
        return Err(format!("GET /api/sandbox answered {}", answer.status));
    }
    let fx: Value = serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
    let list = |key: &str| -> Vec<Value> {
        fx.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut cards = HashMap::new();
    let mut fixture_customers = Vec::new();
    for c in list("cards") {
        let card = Card {
            customer_id: text_of(&c, "customerId")?,
            urn: text_of(&c, "urn")?,
            last4: text_of(&c, "last4Digits")?,
        };
        if !card.customer_id.starts_with("LOAD-") {
            fixture_customers.push(card.customer_id.clone());
        }
        cards.insert(card.customer_id.clone(), card);
    }
    let mut accounts = HashMap::new();
    for a in list("accounts") {
        let account = Account {
            msisdn: text_of(&a, "msisdn")?,
            device_type: text_of(&a, "deviceIdentifierType")?,
            device_id: text_of(&a, "deviceIdentifier")?,
            identity_type: text_of(&a, "identityType")?,
            identity: text_of(&a, "identity")?,
            initial_pin: text_of(&a, "initialPin")?,
        };
        accounts.insert(account.msisdn.clone(), account);
    }
    let card = |id: &String| {
        cards
            .get(id)
            .cloned()
            .ok_or_else(|| format!("the server did not load card {id}"))
    };
    let account = |id: &String| {
        accounts
            .get(id)
            .cloned()
            .ok_or_else(|| format!("the server did not load account {id}"))
    };
    let cipher = TokenCipher::from_base64(&text_of(&fx, "key")?, CipherOptions::default())
        .map_err(|e| format!("the sandbox key: {e}"))?;
    Ok(Sandbox {
        client_id: text_of(&fx, "clientId")?,
        secure_code: text_of(&fx, "secureCode")?,
        bank_id: text_of(&fx, "bankId")?,
        api_key: text_of(&fx, "apiKey")?,
        cipher,
        twofa_customers: fixture_customers,
        own_cards: generated
            .own_cards
            .iter()
            .map(card)
            .collect::<Result<_, _>>()?,
        own_accounts: generated
            .own_accounts
            .iter()
            .map(account)
            .collect::<Result<_, _>>()?,
        replay_cards: generated
            .replay_cards
            .iter()
            .map(card)
            .collect::<Result<_, _>>()?,
        no_2fa_card: card(&generated.no_2fa_card)?,
        locked_accounts: generated
            .locked_accounts
            .iter()
            .map(account)
            .collect::<Result<_, _>>()?,
        progress: (0..PIN_CLIENTS)
            .map(|c| {
                Mutex::new(Progress {
                    current: GOOD_PIN,
                    step: c,
                    requests: 0,
                })
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// A small HTTP/1.1 client: one keep-alive connection, every byte under our control
// ---------------------------------------------------------------------------------------------

struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How an exchange failed: before any byte of the answer (a stale keep-alive connection may be
/// retried once) or during it.
enum Failure {
    BeforeAnswer(String),
    During(String),
}

struct Conn {
    port: u16,
    reader: Option<BufReader<TcpStream>>,
    /// Connections opened after the first (the server closes after a 413, for one).
    reconnects: usize,
    opened: usize,
}

impl Conn {
    fn new(port: u16) -> Self {
        Conn {
            port,
            reader: None,
            reconnects: 0,
            opened: 0,
        }
    }

    fn connect(&mut self) -> Result<(), String> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(IO_TIMEOUT))
            .map_err(|e| e.to_string())?;
        stream
            .set_write_timeout(Some(IO_TIMEOUT))
            .map_err(|e| e.to_string())?;
        if self.opened > 0 {
            self.reconnects += 1;
        }
        self.opened += 1;
        self.reader = Some(BufReader::with_capacity(16 * 1024, stream));
        Ok(())
    }

    /// Closes the connection (the next request opens a new one).
    fn close(&mut self) {
        self.reader = None;
    }

    /// Sends one request and reads its answer, reconnecting when needed.
    fn send(&mut self, request: &[u8]) -> Result<Answer, String> {
        let mut retried = false;
        loop {
            let reused = self.reader.is_some();
            if !reused {
                self.connect()?;
            }
            let Some(reader) = self.reader.as_mut() else {
                return Err("no connection".into());
            };
            match exchange(reader, request) {
                Ok((answer, keep_alive)) => {
                    if !keep_alive {
                        self.reader = None;
                    }
                    return Ok(answer);
                }
                Err(Failure::BeforeAnswer(_)) if reused && !retried => {
                    // The server closed the idle connection (after a refused body, say).
                    self.reader = None;
                    retried = true;
                }
                Err(Failure::BeforeAnswer(e) | Failure::During(e)) => {
                    self.reader = None;
                    return Err(e);
                }
            }
        }
    }
}

fn exchange(reader: &mut BufReader<TcpStream>, request: &[u8]) -> Result<(Answer, bool), Failure> {
    reader
        .get_mut()
        .write_all(request)
        .map_err(|e| Failure::BeforeAnswer(format!("write: {e}")))?;
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) => return Err(Failure::BeforeAnswer("closed before answering".into())),
        Ok(_) => {}
        Err(e) => return Err(Failure::BeforeAnswer(format!("read: {e}"))),
    }
    let during = |e: std::io::Error| Failure::During(format!("read: {e}"));
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Failure::During(format!("bad status line {:?}", line.trim_end())))?;
    let (mut length, mut chunked, mut keep_alive) = (None, false, true);
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(during)? == 0 {
            return Err(Failure::During("closed inside the head".into()));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
            } else if name.eq_ignore_ascii_case("connection") {
                keep_alive = !value.eq_ignore_ascii_case("close");
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(during)?;
            let size_text = line.trim_end().split(';').next().unwrap_or_default();
            let size = usize::from_str_radix(size_text.trim(), 16)
                .map_err(|_| Failure::During(format!("bad chunk size {size_text:?}")))?;
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    line.clear();
                    if reader.read_line(&mut line).map_err(during)? == 0
                        || line.trim_end().is_empty()
                    {
                        break;
                    }
                }
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader
                .read_exact(body.get_mut(start..).unwrap_or_default())
                .map_err(during)?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf).map_err(during)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body).map_err(during)?;
    } else {
        reader.read_to_end(&mut body).map_err(during)?;
        keep_alive = false;
    }
    Ok((Answer { status, body }, keep_alive))
}

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
}

fn post(path: &str, content_type: &str, extra: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn post_json(path: &str, body: &str) -> Vec<u8> {
    post(path, "application/json", &[], body.as_bytes())
}

/// `total` bytes sent `Transfer-Encoding: chunked` in chunks of `chunk`.
fn post_chunked(path: &str, total: usize, chunk: usize) -> Vec<u8> {
    let mut bytes = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk);
        bytes.extend_from_slice(format!("{n:x}\r\n").as_bytes());
        bytes.resize(bytes.len() + n, b' ');
        bytes.extend_from_slice(b"\r\n");
        left -= n;
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}

fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

// ---------------------------------------------------------------------------------------------
// Requests of the workload
// ---------------------------------------------------------------------------------------------

/// One timed request.
#[derive(Clone, Copy)]
struct Sample {
    label: &'static str,
    micros: u64,
    /// `0` when no answer came (a transport error).
    status: u16,
    as_expected: bool,
}

/// What a client records.
#[derive(Default)]
struct Record {
    samples: Vec<Sample>,
    /// A few unexpected answers, for the report.
    notes: Vec<String>,
    /// `(locked account index, set_pin_status)` of the lockout races.
    locks: Vec<(usize, String)>,
    /// `(token index, responseCode)` of the replay races.
    replays: Vec<(usize, String)>,
    reconnects: usize,
    finished: Option<Instant>,
}

impl Record {
    /// Sends `request`, times it, checks it with `check` (which may also read the answer).
    fn timed<T>(
        &mut self,
        conn: &mut Conn,
        label: &'static str,
        request: &[u8],
        check: impl FnOnce(&Answer) -> Result<T, String>,
    ) -> Option<T> {
        let t = Instant::now();
        let sent = conn.send(request);
        let micros = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        let (status, outcome) = match &sent {
            Ok(answer) => (answer.status, check(answer)),
            Err(e) => (0, Err(format!("no answer: {e}"))),
        };
        self.samples.push(Sample {
            label,
            micros,
            status,
            as_expected: outcome.is_ok(),
        });
        match outcome {
            Ok(value) => Some(value),
            Err(note) => {
                if self.notes.len() < 3 {
                    self.notes.push(format!("{label}: {note}"));
                }
                None
            }
        }
    }
}

fn expect_status(answer: &Answer, status: u16) -> Result<(), String> {
    if answer.status == status {
        Ok(())
    } else {
        Err(format!(
            "expected {status}, got {} {}",
            answer.status,
            answer.text().chars().take(160).collect::<String>()
        ))
    }
}

/// `(set_pin_status, description)` of a 200 SET_PIN answer.
fn set_pin_outcome(answer: &Answer) -> Result<(String, String), String> {
    expect_status(answer, 200)?;
    let v = answer.json().ok_or("not JSON")?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    match (field("set_pin_status"), field("set_pin_status_description")) {
        (Some(s), Some(d)) => Ok((s, d)),
        _ => Err(format!("not a SET_PIN answer: {}", answer.text())),
    }
}

fn set_pin_body(account: &Account, request_id: &str, pin: &str, new_pin: &str) -> String {
    json!({
        "action": "SET_PIN",
        "payload": {
            "api_request_id": request_id,
            "identifier_type": "MSISDN",
            "identifier": account.msisdn,
            "pin": pin,
            "device_identifier_type": account.device_type,
            "device_identifier": account.device_id,
            "new_pin": new_pin,
            "identity_type": account.identity_type,
            "identity": account.identity,
        }
    })
    .to_string()
}

/// A Reset PIN token sealed natively with the pinseal crate; returns it with its `clientTxnId`.
fn seal_reset(sb: &Sandbox, card: &Card, new_pin: &str) -> Result<(String, String), String> {
    let input = ResetPinInput {
        client_id: sb.client_id.clone(),
        secure_code: sb.secure_code.as_str().into(),
        bank_id: sb.bank_id.clone(),
        customer_id: card.customer_id.clone(),
        last4_digits: card.last4.clone(),
        urn: card.urn.clone(),
        new_pin: new_pin.into(),
        ..ResetPinInput::default()
    };
    let sealed = reset_pin::seal(
        &input,
        &sb.cipher,
        &BuildOptions::new(DateTime::now_local()),
    )
    .map_err(|e| format!("seal: {e}"))?;
    Ok((sealed.token, sealed.request.client_txn_id))
}

fn reset_request(sb: &Sandbox, token: &str) -> Vec<u8> {
    post(
        "/api/v1/resetPIN",
        "application/json",
        &[("x-api-key", &sb.api_key)],
        format!("{{\"token\":{}}}", quote(token)).as_bytes(),
    )
}

/// The `responseCode` of a 200 resetPIN answer, opened with the sandbox key.
fn reset_code(sb: &Sandbox, answer: &Answer, txn: &str) -> Result<String, String> {
    expect_status(answer, 200)?;
    let response = reset_pin::open_response(&answer.text(), &sb.cipher, Some(txn))
        .map_err(|e| format!("open_response: {e}"))?;
    Ok(response.response_code)
}

/// Seals a Reset PIN for `card`, sends it, and records whether the answer's `responseCode` is
/// `want`.
fn reset_expecting(
    sb: &Sandbox,
    rec: &mut Record,
    conn: &mut Conn,
    card: &Card,
    new_pin: &str,
    label: &'static str,
    want: &str,
) {
    let (token, txn) = match seal_reset(sb, card, new_pin) {
        Ok(sealed) => sealed,
        Err(e) => {
            rec.notes.push(e);
            return;
        }
    };
    rec.timed(
        conn,
        label,
        &reset_request(sb, &token),
        |a| match reset_code(sb, a, &txn)? {
            code if code == want => Ok(()),
            other => Err(format!("expected {want}, got {other}")),
        },
    );
}

/// `(challengeId, code)` of a 2FA start answer.
fn challenge_of(answer: &Answer) -> Result<(String, String), String> {
    expect_status(answer, 200)?;
    let v = answer.json().ok_or("not JSON")?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    match (field("challengeId"), field("code")) {
        (Some(id), Some(code)) => Ok((id, code)),
        _ => Err(format!("not a 2FA start answer: {}", answer.text())),
    }
}

fn verify_body(id: &str, code: &str) -> String {
    json!({ "challengeId": id, "code": code }).to_string()
}

fn expect_verified(answer: &Answer, verified: bool) -> Result<(), String> {
    expect_status(answer, 200)?;
    let want = format!("{{\"verified\":{verified}}}");
    if answer.text() == want {
        Ok(())
    } else {
        Err(format!("expected {want}, got {}", answer.text()))
    }
}

/// Starts and verifies a 2FA challenge for `customer_id` (the Reset PIN flow).
fn pass_2fa(rec: &mut Record, conn: &mut Conn, customer_id: &str) -> bool {
    let start = post_json(
        "/api/sandbox/2fa/start",
        &json!({ "customerId": customer_id }).to_string(),
    );
    let Some((id, code)) = rec.timed(conn, L_FLOW_START, &start, challenge_of) else {
        return false;
    };
    let verify = post_json("/api/sandbox/2fa/verify", &verify_body(&id, &code));
    rec.timed(conn, L_FLOW_VERIFY, &verify, |a| expect_verified(a, true))
        .is_some()
}

// ---------------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------------

/// Lets waiters through once `want` have arrived or `open` is called; never waits past its
/// timeout, so a missing participant cannot hang the run.
struct Gate {
    want: usize,
    state: Mutex<(usize, bool)>,
    cv: Condvar,
}

impl Gate {
    fn new(want: usize) -> Self {
        Gate {
            want,
            state: Mutex::new((0, false)),
            cv: Condvar::new(),
        }
    }

    fn arrive_and_wait(&self, timeout: Duration) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.0 += 1;
        if state.0 >= self.want {
            state.1 = true;
            self.cv.notify_all();
            return;
        }
        let deadline = Instant::now() + timeout;
        while !state.1 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match self.cv.wait_timeout(state, left) {
                Ok((guard, _)) => state = guard,
                Err(_) => return,
            }
        }
    }

    fn arrived(&self) -> usize {
        self.state.lock().map_or(0, |s| s.0)
    }

    fn open(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.1 = true;
            self.cv.notify_all();
        }
    }
}

/// A task of the PIN clients.
#[derive(Clone)]
enum PinTask {
    /// The next step of the client's own cycle on its own card and account.
    Own,
    /// One of `RACE_COPIES` concurrent wrong PINs for locked account `account`.
    Lock { account: usize, gate: Arc<Gate> },
    /// One of `RACE_COPIES` concurrent copies of token `token`.
    Replay { token: usize, gate: Arc<Gate> },
}

/// What the clients of one phase share.
struct Phase {
    sandbox: Arc<Sandbox>,
    port: u16,
    start: Gate,
    limit_at: Mutex<Option<Instant>>,
    non_pin_active: AtomicUsize,
    next_pin_task: AtomicUsize,
    pin_tasks: Vec<PinTask>,
    /// `(token, clientTxnId)` of the replay races.
    tokens: Vec<(String, String)>,
}

impl Phase {
    fn past_limit(&self) -> bool {
        self.limit_at
            .lock()
            .ok()
            .and_then(|l| *l)
            .is_some_and(|at| Instant::now() >= at)
    }
}

/// Request `i` of non-PIN client `c`: a cycle of 10 kinds, shifted per client.
fn non_pin_request(
    phase: &Phase,
    rec: &mut Record,
    conn: &mut Conn,
    c: usize,
    i: usize,
    challenge: &mut Option<(String, String)>,
) {
    let sb = &phase.sandbox;
    let step = c + i;
    let round = step / 10;
    match step % 10 {
        1 => {
            let customer = sb
                .twofa_customers
                .get(step % sb.twofa_customers.len().max(1))
                .cloned()
                .unwrap_or_default();
            let body = json!({ "customerId": customer }).to_string();
            if let Some(started) = rec.timed(
                conn,
                L_2FA_START,
                &post_json("/api/sandbox/2fa/start", &body),
                challenge_of,
            ) {
                *challenge = Some(started);
            }
        }
        2 => {
            rec.timed(conn, L_INDEX, &get("/"), |a| expect_status(a, 200));
        }
        3 => {
            let body = "{\"action\":\"SET_PIN\",\"payload\":";
            rec.timed(
                conn,
                L_BAD_MBANKING,
                &post_json("/api/v1/mbanking", body),
                |a| expect_status(a, 400),
            );
        }
        4 => match challenge.take() {
            Some((id, code)) => {
                let wrong = code
                    .parse::<u32>()
                    .map_or(0, |n| (n + 1) % 1_000_000)
                    .to_string();
                let body = verify_body(&id, &format!("{wrong:0>6}"));
                rec.timed(
                    conn,
                    L_2FA_WRONG,
                    &post_json("/api/sandbox/2fa/verify", &body),
                    |a| expect_verified(a, false),
                );
            }
            None => {
                rec.timed(conn, L_INFO, &get("/api/sandbox"), |a| {
                    expect_status(a, 200)
                });
            }
        },
        5 => {
            rec.timed(conn, L_APP_JS, &get("/app.js"), |a| expect_status(a, 200));
        }
        6 => {
            let (label, path) = if round % 2 == 0 {
                (L_415_2FA, "/api/sandbox/2fa/start")
            } else {
                (L_415_MBANKING, "/api/v1/mbanking")
            };
            let request = post(path, "text/plain", &[], b"{\"customerId\":\"x\"}");
            rec.timed(conn, label, &request, |a| expect_status(a, 415));
        }
        8 => {
            let (label, request) = if round % 2 == 0 {
                (
                    L_413_DECLARED,
                    post(
                        "/api/v1/mbanking",
                        "application/json",
                        &[],
                        &vec![b' '; OVERSIZED],
                    ),
                )
            } else {
                (
                    L_413_CHUNKED,
                    post_chunked("/api/sandbox/2fa/start", 80_000, 16_000),
                )
            };
            rec.timed(conn, label, &request, |a| expect_status(a, 413));
        }
        9 => {
            let body = "{\"customerId\":";
            rec.timed(
                conn,
                L_BAD_2FA,
                &post_json("/api/sandbox/2fa/start", body),
                |a| expect_status(a, 400),
            );
        }
        _ => {
            rec.timed(conn, L_INFO, &get("/api/sandbox"), |a| {
                expect_status(a, 200)
            });
        }
    }
}

fn non_pin_client(phase: &Phase, c: usize, count: usize) -> Record {
    let mut rec = Record::default();
    let mut conn = Conn::new(phase.port);
    // Connected before the start, so every connection is open when the phase begins.
    let _ = conn.connect();
    phase.start.arrive_and_wait(IO_TIMEOUT);
    let mut challenge = None;
    for i in 0..count {
        if phase.past_limit() {
            break;
        }
        non_pin_request(phase, &mut rec, &mut conn, c, i, &mut challenge);
    }
    phase.non_pin_active.fetch_sub(1, Ordering::SeqCst);
    rec.finished = Some(Instant::now());
    rec.reconnects = conn.reconnects;
    rec
}

/// A PIN client's own card and account, which no other client touches.
struct Own {
    card: Card,
    account: Account,
    /// The account's current PIN as this client set it.
    current: &'static str,
    step: usize,
    requests: usize,
}

fn other_pin(pin: &str) -> &'static str {
    if pin == GOOD_PIN {
        GOOD_PIN_2
    } else {
        GOOD_PIN
    }
}

/// The next step of a PIN client's own cycle: right PIN, Reset PIN after a fresh 2FA, a wrong
/// PIN (never 3 in a row: a SUCCESS follows), right PIN, Reset PIN without 2FA, a weak new PIN.
fn own_step(phase: &Phase, rec: &mut Record, conn: &mut Conn, c: usize, own: &mut Own) {
    let sb = &phase.sandbox;
    own.requests += 1;
    let request_id = format!("load-{c}-{}", own.requests);
    let step = own.step;
    own.step += 1;
    match step % 6 {
        0 | 3 => {
            let next = other_pin(own.current);
            let body = set_pin_body(&own.account, &request_id, own.current, next);
            let ok = rec.timed(conn, L_SET_OK, &post_json("/api/v1/mbanking", &body), |a| {
                match set_pin_outcome(a)? {
                    (s, _) if s == "SUCCESS" => Ok(()),
                    (s, d) => Err(format!("expected SUCCESS, got {s}: {d}")),
                }
            });
            if ok.is_some() {
                own.current = next;
            }
        }
        1 => {
            if !pass_2fa(rec, conn, &own.card.customer_id) {
                return;
            }
            let new_pin = if own.step % 4 == 0 {
                GOOD_PIN
            } else {
                GOOD_PIN_2
            };
            reset_expecting(sb, rec, conn, &own.card, new_pin, L_RESET_OK, "00");
        }
        2 => {
            let body = set_pin_body(&own.account, &request_id, WRONG_PIN, GOOD_PIN_2);
            rec.timed(
                conn,
                L_SET_WRONG,
                &post_json("/api/v1/mbanking", &body),
                |a| match set_pin_outcome(a)? {
                    (s, d) if s == "INCORRECT_PIN" && d.contains("1 of 3") => Ok(()),
                    (s, d) => Err(format!("expected INCORRECT_PIN 1 of 3, got {s}: {d}")),
                },
            );
        }
        4 => {
            reset_expecting(
                sb,
                rec,
                conn,
                &sb.no_2fa_card,
                GOOD_PIN,
                L_RESET_NO_2FA,
                "9003",
            );
        }
        _ => {
            let body = set_pin_body(&own.account, &request_id, own.current, "1234");
            rec.timed(
                conn,
                L_SET_WEAK,
                &post_json("/api/v1/mbanking", &body),
                |a| match set_pin_outcome(a)? {
                    (s, _) if s == "INVALID_NEW_PIN" => Ok(()),
                    (s, d) => Err(format!("expected INVALID_NEW_PIN, got {s}: {d}")),
                },
            );
        }
    }
}

fn pin_client(phase: &Phase, c: usize) -> Record {
    let sb = &phase.sandbox;
    let mut rec = Record::default();
    let mut conn = Conn::new(phase.port);
    let _ = conn.connect();
    let (Some(card), Some(account)) = (sb.own_cards.get(c), sb.own_accounts.get(c)) else {
        phase.start.arrive_and_wait(IO_TIMEOUT);
        return rec;
    };
    let progress = sb.progress.get(c).and_then(|p| p.lock().ok().map(|p| *p));
    let Some(progress) = progress else {
        phase.start.arrive_and_wait(IO_TIMEOUT);
        return rec;
    };
    let mut own = Own {
        card: card.clone(),
        account: account.clone(),
        current: progress.current,
        step: progress.step,
        requests: progress.requests,
    };
    phase.start.arrive_and_wait(IO_TIMEOUT);
    loop {
        let n = phase.next_pin_task.fetch_add(1, Ordering::SeqCst);
        let task = match phase.pin_tasks.get(n) {
            Some(task) => task.clone(),
            // The listed tasks are done: keep the PIN load on while the non-PIN clients run.
            None if n < PIN_TASK_CAP
                && phase.non_pin_active.load(Ordering::SeqCst) > 0
                && !phase.past_limit() =>
            {
                PinTask::Own
            }
            None => break,
        };
        match task {
            PinTask::Own => own_step(phase, &mut rec, &mut conn, c, &mut own),
            PinTask::Lock { account, gate } => {
                let Some(target) = sb.locked_accounts.get(account) else {
                    continue;
                };
                let body = set_pin_body(target, &format!("race-{c}-{n}"), WRONG_PIN, GOOD_PIN_2);
                let request = post_json("/api/v1/mbanking", &body);
                gate.arrive_and_wait(RACE_WAIT);
                if let Some((status, _)) =
                    rec.timed(
                        &mut conn,
                        L_SET_RACE,
                        &request,
                        |a| match set_pin_outcome(a)? {
                            (s, d)
                                if s == "INCORRECT_PIN"
                                    || (s == "ERROR" && d.contains("suspended")) =>
                            {
                                Ok((s, d))
                            }
                            (s, d) => Err(format!(
                                "expected INCORRECT_PIN or ERROR suspended, got {s}: {d}"
                            )),
                        },
                    )
                {
                    rec.locks.push((account, status));
                }
            }
            PinTask::Replay { token, gate } => {
                let Some((sealed, txn)) = phase.tokens.get(token) else {
                    continue;
                };
                let request = reset_request(sb, sealed);
                gate.arrive_and_wait(RACE_WAIT);
                if let Some(code) = rec.timed(&mut conn, L_RESET_RACE, &request, |a| {
                    let code = reset_code(sb, a, txn)?;
                    if code == "00" || code == "9001" {
                        Ok(code)
                    } else {
                        Err(format!("expected 00 or 9001, got {code}"))
                    }
                }) {
                    rec.replays.push((token, code));
                }
            }
        }
    }
    if let Some(mut progress) = sb.progress.get(c).and_then(|p| p.lock().ok()) {
        *progress = Progress {
            current: own.current,
            step: own.step,
            requests: own.requests,
        };
    }
    rec.finished = Some(Instant::now());
    rec.reconnects = conn.reconnects;
    rec
}

/// CPU time (seconds) of the server, of its `pin-hash-*` threads, of this process, and of the
/// whole machine (`/proc/stat`, all cores: busy, idle, and stolen by the hypervisor); and (in a
/// span only) the time the server's other threads spent runnable but waiting for a core.
#[derive(Clone, Copy, Default)]
struct Cpu {
    server: f64,
    hash_threads: f64,
    client: f64,
    worker_wait: f64,
    machine_busy: f64,
    idle: f64,
    steal: f64,
}

impl Cpu {
    /// The CPU time spent between `before` and `self`.
    fn since(self, before: Cpu) -> Cpu {
        Cpu {
            server: self.server - before.server,
            hash_threads: self.hash_threads - before.hash_threads,
            client: self.client - before.client,
            worker_wait: self.worker_wait - before.worker_wait,
            machine_busy: self.machine_busy - before.machine_busy,
            idle: self.idle - before.idle,
            steal: self.steal - before.steal,
        }
    }

    /// The sum of two spans.
    fn plus(self, other: Cpu) -> Cpu {
        Cpu {
            server: self.server + other.server,
            hash_threads: self.hash_threads + other.hash_threads,
            client: self.client + other.client,
            worker_wait: self.worker_wait + other.worker_wait,
            machine_busy: self.machine_busy + other.machine_busy,
            idle: self.idle + other.idle,
            steal: self.steal + other.steal,
        }
    }

    /// Busy time of every other process on the machine (other work shares these cores).
    fn others(&self) -> f64 {
        (self.machine_busy - self.server - self.client).max(0.0)
    }
}

/// `(busy, idle, steal)` seconds of all cores from the `cpu` line of `/proc/stat` (busy: user,
/// nice, system, irq, softirq; guest time is inside user; idle includes iowait).
fn machine_cpu() -> (f64, f64, f64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = text
        .lines()
        .find(|l| l.starts_with("cpu "))
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .map(|v| v.parse().unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let at = |i: usize| ticks.get(i).copied().unwrap_or(0.0) / TICKS_PER_SEC;
    (at(0) + at(1) + at(2) + at(5) + at(6), at(3) + at(4), at(7))
}

/// utime + stime of a `/proc/.../stat` line, in seconds, and the thread name.
fn stat_cpu(path: &str) -> Option<(String, f64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?.to_owned();
    let fields: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    // Fields 14 and 15 of stat(5); the rest after ")" starts at field 3.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((name, (utime + stime) / TICKS_PER_SEC))
}

/// Seconds each thread of `pid` but the `pin-hash-*` ones has spent runnable but waiting for a
/// core (the second field of `/proc/PID/task/TID/schedstat`), by thread id.
fn server_waits(pid: u32) -> HashMap<String, f64> {
    let mut waits = HashMap::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = task.path();
        let hash_thread = std::fs::read_to_string(path.join("comm"))
            .is_ok_and(|name| name.starts_with("pin-hash"));
        let wait = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|t| t.split_whitespace().nth(1)?.parse::<f64>().ok());
        if let (false, Some(ns)) = (hash_thread, wait) {
            waits.insert(task.file_name().to_string_lossy().into_owned(), ns / 1e9);
        }
    }
    waits
}

/// The waiting between two [`server_waits`] snapshots, over the threads alive at both (the
/// runtime's workers, and the blocking-pool threads the PIN routes wait on).
fn wait_between(before: &HashMap<String, f64>, after: &HashMap<String, f64>) -> f64 {
    after
        .iter()
        .filter_map(|(tid, late)| Some(late - before.get(tid)?))
        .sum()
}

fn cpu_now(pid: u32) -> Cpu {
    let mut hash_threads = 0.0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            let path = task.path().join("stat");
            if let Some((name, secs)) = stat_cpu(&path.to_string_lossy()) {
                if name.starts_with("pin-hash") {
                    hash_threads += secs;
                }
            }
        }
    }
    let (machine_busy, idle, steal) = machine_cpu();
    Cpu {
        server: stat_cpu(&format!("/proc/{pid}/stat")).map_or(0.0, |(_, s)| s),
        hash_threads,
        client: stat_cpu("/proc/self/stat").map_or(0.0, |(_, s)| s),
        worker_wait: 0.0,
        machine_busy,
        idle,
        steal,
    }
}

/// `(VmRSS, VmHWM)` of `pid`, in KiB.
fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Established TCP connections whose local port is `port` (the server's side of each client).
fn established(port: u16) -> usize {
    let text = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let local = format!(":{port:04X}");
    text.lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.get(1).is_some_and(|a| a.ends_with(&local)) && f.get(3) == Some(&"01")
        })
        .count()
}

struct PhaseResult {
    wall: Duration,
    /// Until the last non-PIN client finished.
    non_pin_wall: Duration,
    non_pin: Vec<Sample>,
    pin: Vec<Sample>,
    locks: Vec<(usize, String)>,
    replays: Vec<(usize, String)>,
    notes: Vec<String>,
    reconnects: usize,
    /// Established connections when the phase started, and the least and most sampled every
    /// 100 ms while every non-PIN client was still running.
    open_at_start: usize,
    open_range: (usize, usize),
    cpu: Cpu,
    /// CPU time from the start until every non-PIN client had finished, and that wall time.
    cpu_non_pin: Cpu,
    non_pin_cpu_wall: Duration,
    stopped_at_limit: bool,
}

fn run_phase(
    sandbox: &Arc<Sandbox>,
    server: &Server,
    per_client: usize,
    pin_tasks: Vec<PinTask>,
    tokens: Vec<(String, String)>,
) -> Result<PhaseResult, String> {
    let with_pin = !pin_tasks.is_empty();
    let pin_clients = if with_pin { PIN_CLIENTS } else { 0 };
    let clients = NON_PIN_CLIENTS + pin_clients;
    let phase = Arc::new(Phase {
        sandbox: sandbox.clone(),
        port: server.port,
        start: Gate::new(usize::MAX),
        limit_at: Mutex::new(None),
        non_pin_active: AtomicUsize::new(NON_PIN_CLIENTS),
        next_pin_task: AtomicUsize::new(0),
        pin_tasks,
        tokens,
    });
    let mut non_pin_handles = Vec::new();
    let mut pin_handles = Vec::new();
    for c in 0..NON_PIN_CLIENTS {
        let phase = phase.clone();
        let handle = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || non_pin_client(&phase, c, per_client))
            .map_err(|e| format!("spawn: {e}"))?;
        non_pin_handles.push(handle);
    }
    for c in 0..pin_clients {
        let phase = phase.clone();
        let handle = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || pin_client(&phase, c))
            .map_err(|e| format!("spawn: {e}"))?;
        pin_handles.push(handle);
    }
    // Every client connected and waiting: count the open connections, then start.
    let waited = Instant::now();
    while phase.start.arrived() < clients && waited.elapsed() < IO_TIMEOUT {
        thread::sleep(Duration::from_millis(2));
    }
    let open_at_start = established(server.port);
    let cpu_before = cpu_now(server.pid());
    let waits_before = server_waits(server.pid());
    let started = Instant::now();
    if let Ok(mut limit) = phase.limit_at.lock() {
        *limit = Some(started + PHASE_LIMIT);
    }
    phase.start.open();
    let mut open_range = (usize::MAX, 0);
    while phase.non_pin_active.load(Ordering::SeqCst) == NON_PIN_CLIENTS
        && started.elapsed() < PHASE_LIMIT
    {
        thread::sleep(Duration::from_millis(100));
        if phase.non_pin_active.load(Ordering::SeqCst) == NON_PIN_CLIENTS {
            let n = established(server.port);
            open_range = (open_range.0.min(n), open_range.1.max(n));
        }
    }
    let mut result = PhaseResult {
        wall: Duration::ZERO,
        non_pin_wall: Duration::ZERO,
        non_pin: Vec::new(),
        pin: Vec::new(),
        locks: Vec::new(),
        replays: Vec::new(),
        notes: Vec::new(),
        reconnects: 0,
        open_at_start,
        open_range: if open_range.0 == usize::MAX {
            (0, 0)
        } else {
            open_range
        },
        cpu: Cpu::default(),
        cpu_non_pin: Cpu::default(),
        non_pin_cpu_wall: Duration::ZERO,
        stopped_at_limit: false,
    };
    let mut last_end = started;
    let mut merge = |rec: Record, result: &mut PhaseResult, pin: bool| {
        let end = rec.finished.unwrap_or(started);
        if pin {
            result.pin.extend(rec.samples);
        } else {
            result.non_pin.extend(rec.samples);
            result.non_pin_wall = result.non_pin_wall.max(end.duration_since(started));
        }
        last_end = last_end.max(end);
        result.notes.extend(rec.notes);
        result.locks.extend(rec.locks);
        result.replays.extend(rec.replays);
        result.reconnects += rec.reconnects;
    };
    for handle in non_pin_handles {
        let rec = handle.join().map_err(|_| "a client thread failed")?;
        merge(rec, &mut result, false);
    }
    // The PIN clients may still be running; this is the window the non-PIN latencies come from.
    result.cpu_non_pin = cpu_now(server.pid()).since(cpu_before);
    result.cpu_non_pin.worker_wait = wait_between(&waits_before, &server_waits(server.pid()));
    result.non_pin_cpu_wall = started.elapsed();
    for handle in pin_handles {
        let rec = handle.join().map_err(|_| "a client thread failed")?;
        merge(rec, &mut result, true);
    }
    let cpu_after = cpu_now(server.pid());
    result.wall = last_end.duration_since(started);
    result.cpu = cpu_after.since(cpu_before);
    result.cpu.worker_wait = wait_between(&waits_before, &server_waits(server.pid()));
    result.stopped_at_limit = phase.past_limit();
    Ok(result)
}

/// Phases `first` and `second` of the same kind as one: samples and times pooled.
fn pooled(first: PhaseResult, second: PhaseResult) -> PhaseResult {
    let mut all = first;
    all.wall += second.wall;
    all.non_pin_wall += second.non_pin_wall;
    all.non_pin.extend(second.non_pin);
    all.pin.extend(second.pin);
    all.locks.extend(second.locks);
    all.replays.extend(second.replays);
    all.notes.extend(second.notes);
    all.reconnects += second.reconnects;
    all.open_at_start = all.open_at_start.min(second.open_at_start);
    all.open_range = (
        all.open_range.0.min(second.open_range.0),
        all.open_range.1.max(second.open_range.1),
    );
    all.cpu = all.cpu.plus(second.cpu);
    all.cpu_non_pin = all.cpu_non_pin.plus(second.cpu_non_pin);
    all.non_pin_cpu_wall += second.non_pin_cpu_wall;
    all.stopped_at_limit |= second.stopped_at_limit;
    all
}

/// The PIN clients' task list of a B phase: own tasks with the races of locked accounts
/// `accounts` and of tokens `tokens` spread among them.
fn pin_task_list(accounts: Range<usize>, tokens: Range<usize>) -> Vec<PinTask> {
    let mut tasks = Vec::new();
    for j in accounts.start.min(tokens.start)..accounts.end.max(tokens.end) {
        tasks.extend(std::iter::repeat_n(PinTask::Own, OWN_TASKS_BETWEEN_RACES));
        if accounts.contains(&j) {
            let gate = Arc::new(Gate::new(RACE_COPIES));
            tasks.extend((0..RACE_COPIES).map(|_| PinTask::Lock {
                account: j,
                gate: gate.clone(),
            }));
        }
        tasks.extend(std::iter::repeat_n(PinTask::Own, OWN_TASKS_BETWEEN_RACES));
        if tokens.contains(&j) {
            let gate = Arc::new(Gate::new(RACE_COPIES));
            tasks.extend((0..RACE_COPIES).map(|_| PinTask::Replay {
                token: j,
                gate: gate.clone(),
            }));
        }
    }
    if tasks.is_empty() {
        // No race in this phase: still a B phase (an empty list would mean no PIN clients).
        tasks.push(PinTask::Own);
    }
    tasks
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

/// Nearest-rank percentile of sorted microseconds, in ms.
fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len() - 1))
        .map_or(0.0, |&us| us as f64 / 1000.0)
}

struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

fn stats<'a>(samples: impl Iterator<Item = &'a Sample>) -> Stats {
    let mut us: Vec<u64> = samples
        .filter(|s| s.status != 0)
        .map(|s| s.micros)
        .collect();
    us.sort_unstable();
    Stats {
        n: us.len(),
        p50: percentile_ms(&us, 0.50),
        p99: percentile_ms(&us, 0.99),
        max: us.last().map_or(0.0, |&v| v as f64 / 1000.0),
    }
}

/// Percentage of 413 answers among the slowest 1% of `samples`.
fn slowest_413_share(samples: &[Sample]) -> f64 {
    let mut by_time: Vec<&Sample> = samples.iter().filter(|s| s.status != 0).collect();
    by_time.sort_unstable_by_key(|s| std::cmp::Reverse(s.micros));
    let top = by_time.len().div_ceil(100);
    let of_413 = by_time
        .iter()
        .take(top)
        .filter(|s| s.label == L_413_DECLARED || s.label == L_413_CHUNKED)
        .count();
    100.0 * of_413 as f64 / top.max(1) as f64
}

fn of_label<'a>(samples: &'a [Sample], label: &'a str) -> impl Iterator<Item = &'a Sample> + 'a {
    samples.iter().filter(move |s| s.label == label)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn print_phase(name: &str, r: &PhaseResult, cores: usize) {
    let total = r.non_pin.len() + r.pin.len();
    let secs = r.wall.as_secs_f64().max(1e-9);
    println!(
        "{name}: {total} requests in {:.2} s = {:.0} req/s ({} non-PIN in {:.2} s = {:.0} req/s{}); \
         connections open: {} at start, {}-{} while all non-PIN clients ran{}",
        secs,
        total as f64 / secs,
        r.non_pin.len(),
        r.non_pin_wall.as_secs_f64(),
        r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9),
        if r.pin.is_empty() {
            String::new()
        } else {
            format!(", {} PIN", r.pin.len())
        },
        r.open_at_start,
        r.open_range.0,
        r.open_range.1,
        if r.stopped_at_limit {
            "; STOPPED AT THE TIME LIMIT"
        } else {
            ""
        },
    );
    let cpu_line = |what: &str, secs: f64, cpu: &Cpu| {
        println!(
            "  CPU {what}, {secs:.2} s x {cores} cores = {:.2} core-s: server {:.2} s (Argon2 threads {:.2} s), \
             load client {:.2} s, other processes {:.2} s, idle {:.2} s, stolen by the hypervisor {:.2} s; \
             the server's other threads waited {:.2} s for a core",
            secs * cores as f64,
            cpu.server,
            cpu.hash_threads,
            cpu.client,
            cpu.others(),
            cpu.idle,
            cpu.steal,
            cpu.worker_wait,
        );
    };
    cpu_line(
        "while the non-PIN clients ran",
        r.non_pin_cpu_wall.as_secs_f64(),
        &r.cpu_non_pin,
    );
    if !r.pin.is_empty() {
        cpu_line("over the whole phase", secs, &r.cpu);
    }
    println!(
        "  {} reconnects (the server closes after a 413)",
        r.reconnects
    );
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

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
    // the server's state (every 2FA start adds a challenge, kept for an hour, and the start
    // route scans them all). The races are spread over the B phases.
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

    // ----- report -----
    println!();
    println!(
        "{:<6} {:>7} {:>9} {:>9} {:>5} {:>9} {:>9} {:>8} {:>8}",
        "phase", "non-PIN", "req/s", "p99 ms", "PIN", "Argon2 %", "others %", "RSS MiB", "tail s"
    );
    for (i, (kind, r, rss)) in phases.iter().enumerate() {
        let core_s = (r.non_pin_cpu_wall.as_secs_f64() * cores as f64).max(1e-9);
        println!(
            "{:<6} {:>7} {:>9.0} {:>9.1} {:>5} {:>9.0} {:>9.0} {:>8.1} {:>8.2}",
            format!("{}{kind}", i + 1),
            r.non_pin.len(),
            r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9),
            stats(r.non_pin.iter()).p99,
            r.pin.len(),
            100.0 * r.cpu_non_pin.hash_threads / core_s,
            100.0 * r.cpu_non_pin.others() / core_s,
            mib(*rss),
            r.wall.saturating_sub(r.non_pin_wall).as_secs_f64(),
        );
    }
    println!(
        "  (non-PIN: requests; req/s and p99 of the non-PIN clients; PIN: PIN requests; Argon2 % and others %: \
         shares of the machine's CPU time while the non-PIN clients ran, of the server's Argon2 threads and of \
         the processes outside this benchmark; tail s: how long the PIN clients' last requests took to finish \
         after the non-PIN clients were done)"
    );
    // Each round's A and B phases pooled, for the spread of the ratio between rounds.
    let round_ratios: Vec<String> = phases
        .chunks(4)
        .map(|round| {
            let of_kind = |want: char| {
                stats(
                    round
                        .iter()
                        .filter(|(kind, ..)| *kind == want)
                        .flat_map(|(_, r, _)| r.non_pin.iter()),
                )
                .p99
            };
            format!("{:.2}x", of_kind('B') / of_kind('A').max(1e-9))
        })
        .collect();
    let mut a_phases = Vec::new();
    let mut b_phases = Vec::new();
    for (kind, r, _) in phases {
        if kind == 'A' {
            a_phases.push(r);
        } else {
            b_phases.push(r);
        }
    }
    let (Some(a), Some(b)) = (
        a_phases.into_iter().reduce(pooled),
        b_phases.into_iter().reduce(pooled),
    ) else {
        return Err("no phase ran".into());
    };
    println!();
    print_phase("A (the A phases, pooled)", &a, cores);
    print_phase("B (the B phases, pooled)", &b, cores);
    println!();
    println!(
        "{:<48} {:>6} {:>8} {:>8} | {:>6} {:>8} {:>8} | {:>6}",
        "non-PIN route (latency in ms)",
        "A n",
        "A p50",
        "A p99",
        "B n",
        "B p50",
        "B p99",
        "p99 B/A"
    );
    let mut route_ratios = Vec::new();
    for label in NON_PIN_LABELS {
        let (sa, sb) = (
            stats(of_label(&a.non_pin, label)),
            stats(of_label(&b.non_pin, label)),
        );
        route_ratios.push((sb.p99 / sa.p99.max(1e-9), label));
        println!(
            "{label:<48} {:>6} {:>8.1} {:>8.1} | {:>6} {:>8.1} {:>8.1} | {:>6.2}",
            sa.n,
            sa.p50,
            sa.p99,
            sb.n,
            sb.p50,
            sb.p99,
            sb.p99 / sa.p99.max(1e-9)
        );
    }
    let (all_a, all_b) = (stats(a.non_pin.iter()), stats(b.non_pin.iter()));
    println!(
        "{:<48} {:>6} {:>8.1} {:>8.1} | {:>6} {:>8.1} {:>8.1} | {:>6.2}",
        "all non-PIN routes",
        all_a.n,
        all_a.p50,
        all_a.p99,
        all_b.n,
        all_b.p50,
        all_b.p99,
        all_b.p99 / all_a.p99.max(1e-9)
    );
    println!();
    println!(
        "{:<56} {:>6} {:>8} {:>8} {:>8}",
        "PIN route, B phases (latency in ms)", "n", "p50", "p99", "max"
    );
    let mut pin_samples = b.pin.clone();
    pin_samples.extend(after.samples.iter().copied());
    for label in PIN_LABELS {
        let s = stats(of_label(&pin_samples, label));
        let route = if label.starts_with("SET_PIN") {
            "mbanking "
        } else if label.starts_with("resetPIN") {
            ""
        } else {
            "sandbox/"
        };
        println!(
            "{:<56} {:>6} {:>8.1} {:>8.1} {:>8.1}",
            format!("{route}{label}"),
            s.n,
            s.p50,
            s.p99,
            s.max
        );
    }

    // ----- goals -----
    let every: Vec<&Sample> = a
        .non_pin
        .iter()
        .chain(&b.non_pin)
        .chain(&b.pin)
        .chain(&after.samples)
        .collect();
    let counted = every.len();
    let server_errors = every.iter().filter(|s| s.status >= 500).count();
    let no_answer = every.iter().filter(|s| s.status == 0).count();
    let unexpected = every.iter().filter(|s| !s.as_expected).count();

    let mut lock_lines = Vec::new();
    let mut locks_ok = 0;
    for j in 0..sandbox.locked_accounts.len() {
        let outcomes: Vec<&String> = b
            .locks
            .iter()
            .filter(|(k, _)| *k == j)
            .map(|(_, s)| s)
            .collect();
        let incorrect = outcomes.iter().filter(|s| **s == "INCORRECT_PIN").count();
        let refused = outcomes.iter().filter(|s| **s == "ERROR").count();
        let locked_after = still_locked.get(j).copied().unwrap_or(false);
        let ok =
            incorrect == MAX_WRONG_PINS && refused == RACE_COPIES - MAX_WRONG_PINS && locked_after;
        if ok {
            locks_ok += 1;
        }
        lock_lines.push(format!(
            "{incorrect}+{refused}{}",
            if locked_after {
                ""
            } else {
                "(not locked after)"
            }
        ));
    }
    let mut winners_ok = 0;
    let mut winner_counts = Vec::new();
    for j in 0..sandbox.replay_cards.len() {
        let codes: Vec<&String> = b
            .replays
            .iter()
            .filter(|(k, _)| *k == j)
            .map(|(_, c)| c)
            .collect();
        let winners = codes.iter().filter(|c| **c == "00").count();
        let replays = codes.iter().filter(|c| **c == "9001").count();
        if winners == 1 && replays == RACE_COPIES - 1 {
            winners_ok += 1;
        }
        winner_counts.push(format!("{winners}+{replays}"));
    }
    let ratio = all_b.p99 / all_a.p99.max(1e-9);
    let connections = a.open_at_start.min(b.open_at_start);

    println!();
    println!("goals");
    println!(
        "  load: {counted} requests (>= 10,000), {connections} connections open at each phase's start (>= 256), \
         {no_answer} without an answer  {}",
        verdict(counted >= 10_000 && connections >= 256 && no_answer == 0 && !a.stopped_at_limit && !b.stopped_at_limit)
    );
    println!(
        "  5xx answers: {server_errors} (goal 0)  {}",
        if server_errors == 0 {
            "PASS".to_owned()
        } else {
            format!("MISS ({server_errors} over)")
        }
    );
    println!(
        "  lockouts, no lost update: {locks_ok}/{} accounts ({} from the fixtures) hit by {RACE_COPIES} concurrent wrong PINs \
         answered exactly {MAX_WRONG_PINS} INCORRECT_PIN, the rest ERROR suspended, and refuse the right PIN afterwards \
         (INCORRECT_PIN + ERROR per account: {})  {}",
        sandbox.locked_accounts.len(),
        sandbox.locked_accounts.len() - EXTRA_LOCKED_ACCOUNTS,
        lock_lines.join(" "),
        if locks_ok == sandbox.locked_accounts.len() {
            "PASS".to_owned()
        } else {
            format!("MISS ({} accounts off)", sandbox.locked_accounts.len() - locks_ok)
        }
    );
    println!(
        "  replays: {winners_ok}/{} tokens sent in {RACE_COPIES} concurrent copies had exactly 1 winner \
         (00 + 9001 per token: {})  {}",
        sandbox.replay_cards.len(),
        winner_counts.join(" "),
        if winners_ok == sandbox.replay_cards.len() {
            "PASS".to_owned()
        } else {
            format!("MISS ({} tokens off)", sandbox.replay_cards.len() - winners_ok)
        }
    );
    println!(
        "  PIN work does not stall other routes: non-PIN p99 A {:.1} ms, B {:.1} ms, B/A {ratio:.2}x (goal <= \
         {P99_RATIO_GOAL}x; round by round {})  {}",
        all_a.p99,
        all_b.p99,
        round_ratios.join(" "),
        if ratio <= P99_RATIO_GOAL {
            "PASS".to_owned()
        } else {
            format!(
                "MISS ({:.2}x over the goal; B's p99 is {:.1} ms above {P99_RATIO_GOAL}x A's)",
                ratio - P99_RATIO_GOAL,
                all_b.p99 - P99_RATIO_GOAL * all_a.p99
            )
        }
    );
    // Shares of the machine's CPU time while the non-PIN clients ran.
    route_ratios.sort_by(|x, y| x.0.total_cmp(&y.0));
    if let (Some(low), Some(high)) = (route_ratios.first(), route_ratios.last()) {
        let over = route_ratios
            .iter()
            .filter(|(r, _)| *r > P99_RATIO_GOAL)
            .count();
        println!(
            "    each route's own p99 B/A: {:.2}x ({}) to {:.2}x ({}), {over} of {} routes above {P99_RATIO_GOAL}x; \
             413 answers are {:.0}% (A) and {:.0}% (B) of the slowest 1% of all non-PIN requests",
            low.0,
            low.1,
            high.0,
            high.1,
            route_ratios.len(),
            slowest_413_share(&a.non_pin),
            slowest_413_share(&b.non_pin),
        );
    }
    let share = |r: &PhaseResult, part: fn(&Cpu) -> f64| {
        let core_s = r.non_pin_cpu_wall.as_secs_f64() * cores as f64;
        100.0 * part(&r.cpu_non_pin) / core_s.max(1e-9)
    };
    let rate = |r: &PhaseResult| r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9);
    println!(
        "    while the non-PIN clients ran: Argon2 threads {:.0}% of the machine's CPU time in B; \
         other processes {:.0}% in A, {:.0}% in B; non-PIN throughput {:.0} -> {:.0} req/s ({:+.0}%)",
        share(&b, |c| c.hash_threads),
        share(&a, Cpu::others),
        share(&b, Cpu::others),
        rate(&a),
        rate(&b),
        100.0 * (rate(&b) / rate(&a).max(1e-9) - 1.0)
    );
    println!(
        "  answers as expected (status and outcome of every request): {}/{counted}  {}",
        counted - unexpected,
        if unexpected == 0 {
            "PASS".to_owned()
        } else {
            format!("MISS ({unexpected} unexpected)")
        }
    );
    let mut notes: Vec<String> = a
        .notes
        .iter()
        .chain(&b.notes)
        .chain(&after.notes)
        .cloned()
        .collect();
    notes.truncate(10);
    for note in notes {
        println!("    unexpected: {note}");
    }
    println!(
        "server RSS (VmRSS): {:.1} MiB before, {:.1} MiB at the end (peak VmHWM {:.1} MiB; after each phase in \
         the phase table)",
        mib(rss_start.0),
        mib(rss_end.0),
        mib(rss_end.1)
    );
    drop(server);
    drop(dir);
    println!(
        "run time {:.1} s; server (pid {pid}) stopped",
        began.elapsed().as_secs_f64()
    );
    Ok(())
}
