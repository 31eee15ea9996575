//! A small HTTP/1.1 client: one keep-alive connection, every byte under our control.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// Socket timeouts.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How an exchange failed: before any byte of the answer (a stale keep-alive connection may be
/// retried once) or during it.
enum Failure {
    BeforeAnswer(String),
    During(String),
}

pub struct Conn {
    pub port: u16,
    pub reader: Option<BufReader<TcpStream>>,
    /// Connections opened after the first (the server closes after a 413, for one).
    pub reconnects: usize,
    pub opened: usize,
}

impl Conn {
    pub fn new(port: u16) -> Self {
        Conn {
            port,
            reader: None,
            reconnects: 0,
            opened: 0,
        }
    }

    pub fn connect(&mut self) -> Result<(), String> {
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
    pub fn close(&mut self) {
        self.reader = None;
    }

    /// Sends one request and reads its answer, reconnecting when needed.
    pub fn send(&mut self, request: &[u8]) -> Result<Answer, String> {
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

pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
}

pub fn post(path: &str, content_type: &str, extra: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
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

pub fn post_json(path: &str, body: &str) -> Vec<u8> {
    post(path, "application/json", &[], body.as_bytes())
}

/// `total` bytes sent `Transfer-Encoding: chunked` in chunks of `chunk`.
pub fn post_chunked(path: &str, total: usize, chunk: usize) -> Vec<u8> {
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

pub fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}
