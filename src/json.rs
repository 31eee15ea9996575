//! A small ordered JSON value with a strict parser and a compact writer.
//!
//! Why not serde_json: object keys must stay in document order, numbers must keep their exact
//! source text (a 20-digit `accosaRefNo` must not be rounded through a float), hostile nesting
//! must be bounded, and the shipped wasm must stay small.

#[allow(unused_imports)]
use crate::prelude::*;

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Objects keep their members in order, duplicates included.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its exact source text (always valid JSON number grammar).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in order.
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset where parsing stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: &'static str,
}

impl Json {
    /// Parses one JSON value (RFC 8259), whitespace around it allowed, nothing after it.
    ///
    /// # Errors
    /// [`JsonError`] with the offset and reason of the first problem.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut p = Parser {
            b: text.as_bytes(),
            at: 0,
        };
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.at != p.b.len() {
            return Err(p.err("unexpected data after the value"));
        }
        Ok(v)
    }

    /// Appends the compact form (no spaces), strings escaped as `JSON.stringify` does.
    #[cfg(test)]
    pub fn write_compact(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_json_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_compact(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(k, out);
                    out.push(':');
                    v.write_compact(out);
                }
                out.push('}');
            }
        }
    }

    /// The compact form as a new string.
    #[cfg(test)]
    pub fn to_compact_string(&self) -> String {
        let mut out = String::new();
        self.write_compact(&mut out);
        out
    }

    /// An object's member (the last one of that name, as `JSON.parse` keeps); `None` otherwise.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members of an object value.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The JSON type name: `null`, `boolean`, `number`, `string`, `array` or `object`.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

// A parsed document can carry a PIN (an input object, a decrypted request): callers that hold
// one wrap it in `zeroize::Zeroizing` so every string is wiped when it is dropped.
impl zeroize::Zeroize for Json {
    fn zeroize(&mut self) {
        match self {
            Json::Null | Json::Bool(_) => {}
            Json::Number(text) | Json::String(text) => text.zeroize(),
            Json::Array(items) => items.iter_mut().for_each(zeroize::Zeroize::zeroize),
            Json::Object(members) => members.iter_mut().for_each(|(k, v)| {
                k.zeroize();
                v.zeroize();
            }),
        }
    }
}

/// Appends `s` as a quoted JSON string, escaped exactly as JavaScript's `JSON.stringify` does.
/// Runs of characters that need no escape are copied whole (a field is usually one run).
pub fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    let mut rest = s;
    // Every byte that needs an escape is ASCII, so each split is at a character boundary.
    while let Some(at) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        let Some((run, tail)) = rest.split_at_checked(at) else {
            break;
        };
        out.push_str(run);
        let mut tail = tail.chars();
        let Some(c) = tail.next() else {
            break;
        };
        rest = tail.as_str();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => {
                out.push_str("\\u00");
                let n = u32::from(c);
                for nibble in [n >> 4, n & 0xf] {
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
        }
    }
    out.push_str(rest);
    out.push('"');
}

struct Parser<'a> {
    b: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError {
            offset: self.at,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static str, v: Json) -> Result<Json, JsonError> {
        if self.b.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            Err(self.err("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(self.err("unexpected end")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                self.number()?;
                let text = self.b.get(start..self.at).unwrap_or_default();
                Ok(Json::Number(String::from_utf8_lossy(text).into_owned()))
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                self.at += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.err("expected a string key"));
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(self.err("expected ':'"));
                    }
                    self.at += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    members.push((key, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Json::Object(members));
                        }
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| char::from(c).to_digit(16))
                .ok_or_else(|| self.err("invalid \\u escape"))?;
            n = n << 4 | d;
            self.at += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go.
            let start = self.at;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.at += 1;
            }
            let run = self.b.get(start..self.at).unwrap_or_default();
            // The input is a &str and runs end at ASCII bytes, so a run is valid UTF-8.
            out.push_str(core::str::from_utf8(run).map_err(|_| self.err("invalid UTF-8"))?);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.peek().ok_or_else(|| self.err("unexpected end"))?;
                    self.at += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                if self.b.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return Err(self.err("lone surrogate"));
                                }
                                self.at += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.err("lone surrogate"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code).ok_or_else(|| self.err("lone surrogate"))?,
                            );
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}

/// Whether `text` is one JSON value (RFC 8259, which is the grammar of JavaScript's
/// `JSON.parse`: whitespace around it, nothing after it, escapes of lone surrogates allowed),
/// at any depth. A scan with a stack of one bit per open array or object: no tree, no limit
/// but memory (a 1 MiB text nests at most 512 Ki levels, 64 KiB of stack bits).
pub(crate) fn is_json(text: &str) -> bool {
    let b = text.as_bytes();
    let mut at = 0usize;
    // One bit per open container, set for an object.
    let mut stack: Vec<u64> = Vec::new();
    let mut depth = 0usize;
    let peek = |at: usize| b.get(at).copied();
    let skip_ws = |at: &mut usize| {
        while matches!(peek(*at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            *at += 1;
        }
    };
    // A string at `at` (its opening quote); the index after its closing quote.
    let string = |mut at: usize| -> Option<usize> {
        if peek(at) != Some(b'"') {
            return None;
        }
        at += 1;
        loop {
            match peek(at)? {
                b'"' => return Some(at + 1),
                b'\\' => match peek(at + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 2,
                    b'u' => {
                        let hex = b.get(at + 2..at + 6)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        at += 6;
                    }
                    _ => return None,
                },
                c if c < 0x20 => return None,
                _ => at += 1,
            }
        }
    };
    let digits = |mut at: usize| {
        let start = at;
        while matches!(peek(at), Some(b'0'..=b'9')) {
            at += 1;
        }
        (at, at - start)
    };
    let number = |mut at: usize| -> Option<usize> {
        if peek(at) == Some(b'-') {
            at += 1;
        }
        match peek(at)? {
            b'0' => at += 1,
            b'1'..=b'9' => at = digits(at).0,
            _ => return None,
        }
        if peek(at) == Some(b'.') {
            let (end, n) = digits(at + 1);
            if n == 0 {
                return None;
            }
            at = end;
        }
        if matches!(peek(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(peek(at), Some(b'+' | b'-')) {
                at += 1;
            }
            let (end, n) = digits(at);
            if n == 0 {
                return None;
            }
            at = end;
        }
        Some(at)
    };
    // After `{` or `,` in an object: a key, then `:`; `at` ends before the value.
    let key = |at: &mut usize| -> bool {
        skip_ws(at);
        let Some(end) = string(*at) else {
            return false;
        };
        *at = end;
        skip_ws(at);
        if peek(*at) != Some(b':') {
            return false;
        }
        *at += 1;
        true
    };
    skip_ws(&mut at);
    loop {
        // A value.
        skip_ws(&mut at);
        let opened = match peek(at) {
            Some(open @ (b'{' | b'[')) => {
                at += 1;
                skip_ws(&mut at);
                let close = if open == b'{' { b'}' } else { b']' };
                if peek(at) == Some(close) {
                    at += 1;
                    false
                } else {
                    let (word, bit) = (depth / 64, depth % 64);
                    if stack.len() <= word {
                        stack.push(0);
                    }
                    if let Some(w) = stack.get_mut(word) {
                        if open == b'{' {
                            *w |= 1 << bit;
                        } else {
                            *w &= !(1 << bit);
                        }
                    }
                    depth += 1;
                    if open == b'{' && !key(&mut at) {
                        return false;
                    }
                    true
                }
            }
            Some(b'"') => match string(at) {
                Some(end) => {
                    at = end;
                    false
                }
                None => return false,
            },
            Some(b't') if b.get(at..at + 4) == Some(b"true") => {
                at += 4;
                false
            }
            Some(b'f') if b.get(at..at + 5) == Some(b"false") => {
                at += 5;
                false
            }
            Some(b'n') if b.get(at..at + 4) == Some(b"null") => {
                at += 4;
                false
            }
            Some(b'-' | b'0'..=b'9') => match number(at) {
                Some(end) => {
                    at = end;
                    false
                }
                None => return false,
            },
            _ => return false,
        };
        if opened {
            continue;
        }
        // After a value: close containers, or a comma to the next value.
        loop {
            skip_ws(&mut at);
            if depth == 0 {
                return at == b.len();
            }
            let top = depth - 1;
            let in_object = stack
                .get(top / 64)
                .is_some_and(|w| w >> (top % 64) & 1 == 1);
            match (peek(at), in_object) {
                (Some(b','), false) => {
                    at += 1;
                    break;
                }
                (Some(b','), true) => {
                    at += 1;
                    if !key(&mut at) {
                        return false;
                    }
                    break;
                }
                (Some(b']'), false) | (Some(b'}'), true) => {
                    at += 1;
                    depth -= 1;
                }
                _ => return false,
            }
        }
    }
}

/// Whether a JSON text nests arrays and objects at most [`MAX_DEPTH`] deep (brackets inside
/// strings don't count). Cheap: a scan, no tree.
// Used by the wasm boundary's `encryptJson` (and the tests).
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
pub(crate) fn within_depth(text: &str) -> bool {
    nests_within(text, MAX_DEPTH)
}

/// Whether a JSON text nests arrays and objects at most `max` deep (brackets inside strings
/// don't count): a scan of the bytes, no tree, so a reader can refuse deep nesting before a
/// recursive parser sees it. The library's own readers apply it (at 128); the sandbox server
/// checks request bodies with it (at 32). Not a syntax check: any text passes that nests
/// shallowly enough.
///
/// # Examples
///
/// ```
/// assert!(pinseal::nests_within(r#"{"a":[1,{"b":"[[[["}]}"#, 3));
/// assert!(!pinseal::nests_within("[[[[]]]]", 3));
/// ```
pub fn nests_within(text: &str, max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_documents_round_trip_compactly() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "-0.0",
            "12345678901234567890",
            "1e400",
            "2.5E-3",
            "\"\"",
            "[]",
            "{}",
            "[1,[2,[3]],{\"a\":{}}]",
            r#"{"b":1,"a":2,"b":3}"#,
            r#"{"messageCode":"1120","bankId":2010,"x":null}"#,
        ] {
            let v = Json::parse(text).unwrap();
            assert_eq!(v.to_compact_string(), text);
        }
        let spaced = Json::parse(" \r\n\t{ \"a\" : [ 1 , 2 ] } \n").unwrap();
        assert_eq!(spaced.to_compact_string(), r#"{"a":[1,2]}"#);
    }

    #[test]
    fn invalid_documents() {
        for text in [
            "",
            " ",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "1e+",
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "NaN",
            "Infinity",
            "nul",
            "tru",
            "[1 2]",
            "{\"a\" 1}",
            "{1:2}",
            "// c\n1",
            "\u{feff}1",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "\"\\x\"",
            "\"\\u12G4\"",
            "\"abc",
            "1 2",
            "[",
            "{",
            "\"\\",
            "[1]x",
        ] {
            assert!(Json::parse(text).is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn strings_and_escapes() {
        let v = Json::parse(r#""\ud83d\ude00 \u00e9\n\t\"\\\/""#).unwrap();
        assert_eq!(v, Json::String("😀 é\n\t\"\\/".into()));
        // Expected values from Node: JSON.stringify(s) for the same strings.
        let cases = [
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
            ("\u{0}\u{1f}\u{7f}", "\"\\u0000\\u001f\u{7f}\""),
            ("é/😀\u{2028}", "\"é/😀\u{2028}\""),
        ];
        for (s, want) in cases {
            let mut out = String::new();
            write_json_string(s, &mut out);
            assert_eq!(out, want);
        }
    }

    /// `is_json` is the grammar of `JSON.parse`: RFC 8259 documents, at any depth, with lone
    /// surrogate escapes allowed, and nothing else.
    #[test]
    fn is_json_accepts_exactly_json() {
        for good in [
            "0",
            "-0",
            "1.5e10",
            "-12.25E-3",
            "1E+2",
            "\"\"",
            "\"a\\u00e9\\ud800\\n\\/\"",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            " [ 1 , [ ] , { } ] ",
            "{\"a\":{\"b\":[null]}}",
            "{\"\":0,\"\":1}",
            "\t\r\n 7 \n",
            "\"é€𝄞\"",
        ] {
            assert!(is_json(good), "{good:?} is JSON");
        }
        for bad in [
            "",
            " ",
            "01",
            "1.",
            ".5",
            "1e",
            "+1",
            "-",
            "--1",
            "0x10",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            "[1,]",
            "[,1]",
            "{,}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\" 1}",
            "{a:1}",
            "{\"a\":1,}",
            "[1 2]",
            "[1]]",
            "[[1]",
            "{}}",
            "1 2",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"a\u{1}b\"",
            "'a'",
            "\u{feff}{}",
            "[1]x",
            "\"unterminated",
            "{\"a\":1]",
            "[1}",
        ] {
            assert!(!is_json(bad), "{bad:?} is not JSON");
        }
        // Far deeper than the tree parser goes, and deeper than 64 (the stack's word size).
        let deep = "[{\"a\":".repeat(5000) + "1" + &"}]".repeat(5000);
        assert!(is_json(&deep));
        assert!(!is_json(&deep[..deep.len() - 1]), "one bracket short");
        let crossed = "[{\"a\":".repeat(40) + "1" + &"]}".repeat(40);
        assert!(!is_json(&crossed), "closers of the wrong kind");
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Json::parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(Json::parse(&deep).unwrap_err().reason, "nested too deeply");
        // Far deeper input is refused without exhausting the stack.
        assert!(Json::parse(&"[".repeat(100_000)).is_err());
        assert!(Json::parse(&"{\"a\":".repeat(100_000)).is_err());
        // The scan agrees with the parser, and ignores brackets inside strings.
        assert!(within_depth(&ok));
        assert!(!within_depth(&deep));
        assert!(within_depth(&format!("[\"{}\\\"\"]", "[".repeat(500))));
    }

    #[test]
    fn lookups_and_numbers() {
        let v = Json::parse(r#"{"a":1,"b":"x","a":2}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Number("2".into())));
        assert_eq!(v.get("b").and_then(Json::as_str), Some("x"));
        assert_eq!(v.get("c"), None);
        assert_eq!(Json::Null.get("a"), None);
        assert_eq!(v.kind(), "object");
    }
}
