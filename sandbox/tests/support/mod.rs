//! Test harness: starts the real `pinseal-sandbox` binary on an ephemeral loopback port and
//! talks HTTP/1.1 to it over a plain `TcpStream` (so tests control every byte: chunked bodies,
//! missing headers, garbage).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{BuildOptions, CipherOptions, DateTime, PinPolicy, TokenCipher};
use serde_json::{Map, Value as Json};

/// A running sandbox, killed (by its PID) when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub banner: String,
}

impl Server {
    /// `--port 0 --test-clock --quiet` with the default fixtures.
    pub fn start() -> Self {
        Self::start_with(&["--test-clock"])
    }

    /// `--port 0 --quiet` plus `extra`.
    pub fn start_with(extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pinseal-sandbox"))
            .args(["--port", "0", "--quiet"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pinseal-sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut banner = String::new();
        reader.read_line(&mut banner).expect("read banner");
        let banner = banner.trim_end().to_owned();
        // Keep draining stdout so the server can never block on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
        });
        let port = banner
            .strip_prefix("listening on http://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected banner {banner:?}"));
        Server {
            child,
            port,
            banner,
        }
    }

    /// The server's process id.
    #[allow(dead_code)] // used by some test binaries only
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `true` while the process runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends raw bytes and reads the answer until the server closes the connection.
    pub fn raw(&self, bytes: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(bytes).expect("write request");
        let mut out = Vec::new();
        // A reset after the full answer arrived is fine; what was read is kept.
        let _ = stream.read_to_end(&mut out);
        Response::parse(&out)
    }

    /// A request with a body of known length (`Content-Length`).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    /// A request whose body is sent `Transfer-Encoding: chunked`, in `chunks`.
    pub fn request_chunked(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        chunks: &[&[u8]],
    ) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        for chunk in chunks {
            bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
        self.raw(&bytes)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// `POST` with `Content-Type: application/json`.
    pub fn post_json(&self, path: &str, body: &str) -> Response {
        self.request(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }

    /// The fixtures (`GET /api/sandbox`).
    pub fn fixtures(&self) -> Fixtures {
        let r = self.get("/api/sandbox");
        assert_eq!(r.status, 200, "{}", r.text());
        Fixtures(r.json())
    }

    /// Moves the server clock; returns the server's new local time.
    pub fn advance(&self, secs: i64) -> DateTime {
        let r = self.post_json(
            "/api/sandbox/clock",
            &format!("{{\"advanceSeconds\":{secs}}}"),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        DateTime::parse_compact(r.json().get("now").and_then(Json::as_str).unwrap()).unwrap()
    }

    /// The server's local time now.
    pub fn now(&self) -> DateTime {
        self.advance(0)
    }

    /// Starts and verifies a 2FA challenge; returns its id.
    pub fn pass_2fa(&self, customer_id: &str) -> String {
        let (id, code) = self.start_2fa(customer_id);
        let r = self.verify_2fa(&id, &code);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.text(), r#"{"verified":true}"#);
        id
    }

    /// `POST /api/sandbox/2fa/start`; returns `(challengeId, code)`.
    pub fn start_2fa(&self, customer_id: &str) -> (String, String) {
        let r = self.post_json(
            "/api/sandbox/2fa/start",
            &format!("{{\"customerId\":{}}}", quote(customer_id)),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let id = v
            .get("challengeId")
            .and_then(Json::as_str)
            .unwrap()
            .to_owned();
        let code = v.get("code").and_then(Json::as_str).unwrap().to_owned();
        (id, code)
    }

    pub fn verify_2fa(&self, id: &str, code: &str) -> Response {
        self.post_json(
            "/api/sandbox/2fa/verify",
            &format!("{{\"challengeId\":{},\"code\":{}}}", quote(id), quote(code)),
        )
    }

    /// `POST /api/v1/resetPIN` with the right api key and `{"token": token}`.
    pub fn post_token(&self, fx: &Fixtures, token: &str) -> Response {
        self.request(
            "POST",
            "/api/v1/resetPIN",
            &[
                ("Content-Type", "application/json"),
                ("x-api-key", &fx.str("apiKey")),
            ],
            format!("{{\"token\":{}}}", quote(token)).as_bytes(),
        )
    }

    /// Seals `input` (requestDateTime = the server's clock unless the input has one), posts it
    /// and opens the answer, checking the `clientTxnId` echo.
    pub fn reset(&self, fx: &Fixtures, input: &ResetPinInput) -> Reply {
        let options = BuildOptions::new(self.now());
        let cipher = fx.cipher();
        let sealed = reset_pin::seal(input, &cipher, &options).expect("seal");
        let r = self.post_token(fx, &sealed.token);
        assert_eq!(r.status, 200, "{}", r.text());
        Reply::open(&r.text(), &cipher, Some(&sealed.request.client_txn_id))
    }

    /// Encrypts `plaintext` as a request token, posts it and opens the answer.
    pub fn reset_raw(&self, fx: &Fixtures, plaintext: &str) -> Reply {
        let cipher = fx.cipher();
        let token = cipher.encrypt(plaintext).unwrap();
        let r = self.post_token(fx, &token);
        assert_eq!(r.status, 200, "{}", r.text());
        Reply::open(&r.text(), &cipher, None)
    }

    /// `POST /api/v1/mbanking`; returns `(set_pin_status, description)`.
    pub fn set_pin(&self, payload: &str) -> (String, String) {
        let r = self.post_json(
            "/api/v1/mbanking",
            &format!("{{\"action\":\"SET_PIN\",\"payload\":{payload}}}"),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(keys(&v), ["set_pin_status", "set_pin_status_description"]);
        let description = v
            .get("set_pin_status_description")
            .and_then(Json::as_str)
            .unwrap()
            .to_owned();
        assert!(description.chars().count() <= 200, "{description}");
        (
            v.get("set_pin_status")
                .and_then(Json::as_str)
                .unwrap()
                .to_owned(),
            description,
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(bytes: &[u8]) -> Self {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = bytes[split + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        if chunked {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Json {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }

    /// Asserts a JSON error answer `{"error": {"code", "message"}}` with `status` and `code`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{}",
            self.text()
        );
        let v = self.json();
        assert_eq!(keys(&v), ["error"]);
        let e = v.get("error").unwrap();
        assert_eq!(
            e.get("code").and_then(Json::as_str),
            Some(code),
            "{}",
            self.text()
        );
        let message = e.get("message").and_then(Json::as_str).unwrap();
        assert!(!message.is_empty());
    }

    /// The error message of a JSON error answer.
    pub fn error_message(&self) -> String {
        self.json()
            .get("error")
            .and_then(|e| e.get("message"))
            .and_then(Json::as_str)
            .unwrap()
            .to_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The keys of a JSON object, in order.
pub fn keys(v: &Json) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// `GET /api/sandbox`'s answer.
pub struct Fixtures(pub Json);

impl Fixtures {
    pub fn str(&self, key: &str) -> String {
        match self.0.get(key) {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Number(n)) => n.to_string(),
            other => panic!("fixtures.{key}: {other:?}"),
        }
    }

    pub fn cipher(&self) -> TokenCipher {
        TokenCipher::from_base64(&self.str("key"), CipherOptions::default()).unwrap()
    }

    fn list(&self, key: &str, i: usize) -> &Json {
        match self.0.get(key) {
            Some(Json::Array(items)) => &items[i],
            other => panic!("fixtures.{key}: {other:?}"),
        }
    }

    /// Field `key` of card `i`.
    pub fn card(&self, i: usize, key: &str) -> String {
        self.list("cards", i)
            .get(key)
            .and_then(Json::as_str)
            .unwrap()
            .to_owned()
    }

    /// Field `key` of account `i`.
    pub fn account(&self, i: usize, key: &str) -> String {
        self.list("accounts", i)
            .get(key)
            .and_then(Json::as_str)
            .unwrap()
            .to_owned()
    }

    /// A valid Reset PIN input for card `i` with `new_pin`.
    pub fn reset_input(&self, i: usize, new_pin: &str) -> ResetPinInput {
        ResetPinInput {
            client_id: self.str("clientId"),
            secure_code: self.str("secureCode").as_str().into(),
            bank_id: self.str("bankId"),
            customer_id: self.card(i, "customerId"),
            last4_digits: self.card(i, "last4Digits"),
            urn: self.card(i, "urn"),
            new_pin: new_pin.into(),
            ..ResetPinInput::default()
        }
    }

    /// A SET_PIN payload for account `i` with `pin` and `new_pin`, as the core's writer spells
    /// it (`set_pin::build`, then `to_json`, envelope taken off). The PINs are put in after the
    /// build, so that PINs the builder would refuse can be sent too.
    pub fn set_pin_payload(&self, i: usize, pin: &str, new_pin: &str) -> String {
        let input = SetPinInput {
            api_request_id: Some(format!("req-{pin}-{new_pin}")),
            identifier_type: Some("MSISDN".into()),
            identifier: self.account(i, "msisdn"),
            pin: GOOD_PIN_2.into(),
            device_identifier_type: self.account(i, "deviceIdentifierType"),
            device_identifier: self.account(i, "deviceIdentifier"),
            new_pin: GOOD_PIN.into(),
            identity_type: self.account(i, "identityType"),
            identity: self.account(i, "identity"),
        };
        let mut request = set_pin::build(&input, &PinPolicy::strict()).expect("a valid SET_PIN");
        request.pin = pin.into();
        request.new_pin = new_pin.into();
        let body = request.to_json();
        body.expose()
            .strip_prefix("{\"action\":\"SET_PIN\",\"payload\":")
            .and_then(|rest| rest.strip_suffix('}'))
            .expect("the SET_PIN envelope")
            .to_owned()
    }
}

/// A decrypted resetPIN response read field by field: the fields of SPEC §1.1, numbers kept as
/// their digit text.
#[derive(Debug, Default)]
pub struct Reply {
    pub response_code: String,
    pub message_code: Option<String>,
    pub client_id: Option<String>,
    pub client_txn_id: Option<String>,
    pub response_date_time: Option<String>,
    pub urn: Option<String>,
    pub customer_id: Option<String>,
    pub accosa_transaction_id: Option<String>,
    pub response_message: Option<String>,
    pub description: Option<String>,
    pub accosa_ref_no: Option<String>,
    pub bank_id: Option<String>,
    pub entity_id: Option<String>,
}

impl Reply {
    /// Opens a `{"token"}` answer body, checking the `clientTxnId` echo when `expect_txn`.
    pub fn open(body: &str, cipher: &TokenCipher, expect_txn: Option<&str>) -> Self {
        let body: Json = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
        assert_eq!(keys(&body), ["token"]);
        let token = body.get("token").and_then(Json::as_str).unwrap();
        let plain = cipher.decrypt(token).expect("open the response token");
        let v: Map<String, Json> = serde_json::from_str(plain.expose()).expect("a JSON object");
        let field = |name: &str| match v.get(name) {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(Json::Number(n)) if n.is_u64() => Some(n.to_string()),
            Some(other) => panic!("\"{name}\" expected a string or an integer, got {other}"),
        };
        let reply = Reply {
            response_code: field("responseCode").expect("responseCode"),
            message_code: field("messageCode"),
            client_id: field("clientId"),
            client_txn_id: field("clientTxnId"),
            response_date_time: field("responseDateTime"),
            urn: field("urn"),
            customer_id: field("customerId"),
            accosa_transaction_id: field("accosaTransactionId"),
            response_message: field("responseMessage"),
            description: field("description"),
            accosa_ref_no: field("accosaRefNo"),
            bank_id: field("bankId"),
            entity_id: field("entityId"),
        };
        if let Some(txn) = expect_txn {
            assert_eq!(
                reply.client_txn_id.as_deref(),
                Some(txn),
                "clientTxnId echo"
            );
        }
        reply
    }

    /// `responseCode` is `00`.
    pub fn ok(&self) -> bool {
        self.response_code == "00"
    }
}

/// `t` moved by `secs` seconds.
pub fn shift(t: DateTime, secs: i64) -> DateTime {
    let parsed = NaiveDateTime::parse_from_str(&t.to_string(), "%Y%m%d%H%M%S").unwrap();
    let moved = parsed + TimeDelta::seconds(secs);
    DateTime::parse_compact(&moved.format("%Y%m%d%H%M%S").to_string()).unwrap()
}

/// A scratch directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("pinseal-sandbox-{tag}-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Requests shared by the endpoint tests
// ---------------------------------------------------------------------------------------------

/// The card most tests reset.
pub const CARD: usize = 0;
/// A PIN that passes the strict policy for every fixture card and account.
pub const GOOD_PIN: &str = "3917";
/// Another one.
pub const GOOD_PIN_2: &str = "6403";

/// A decrypted resetPIN request for card `card` as the core's builder writes it
/// (`reset_pin::build`, then `to_json`: the key order of the SPEC §1.1 sample). `newPIN` is put
/// in after the build, so that a PIN the builder would refuse can be sent too.
pub fn raw_request(fx: &Fixtures, card: usize, txn: &str, when: &str, pin: &str) -> String {
    let input = ResetPinInput {
        client_txn_id: Some(txn.into()),
        request_date_time: Some(when.into()),
        ..fx.reset_input(card, GOOD_PIN)
    };
    let now = DateTime::parse_compact(when).expect("a YYYYMMDDHHMMSS time");
    let mut request = reset_pin::build(&input, &BuildOptions::new(now)).expect("a valid request");
    request.new_pin = pin.into();
    request.to_json().expose().to_owned()
}

/// A raw request with `edit` applied to its members (remove with `None`, replace or add).
pub fn edited(server: &Server, fx: &Fixtures, txn: &str, edits: &[(&str, Option<Json>)]) -> String {
    let base = raw_request(fx, CARD, txn, &server.now().to_string(), GOOD_PIN);
    let Json::Object(mut members) = serde_json::from_str(&base).unwrap() else {
        unreachable!()
    };
    for (key, value) in edits {
        match value {
            // Replaces in place, or adds at the end.
            Some(v) => {
                members.insert((*key).to_owned(), v.clone());
            }
            None => {
                members.shift_remove(*key);
            }
        }
    }
    serde_json::to_string(&Json::Object(members)).unwrap()
}

/// `Some` JSON string.
pub fn s(v: &str) -> Option<Json> {
    Some(Json::String(v.into()))
}
