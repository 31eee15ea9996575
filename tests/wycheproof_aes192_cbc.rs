//! Project Wycheproof AES-192-CBC/PKCS#7 vectors (72 cases), from tests/vectors/ (provenance in
//! tests/vectors/README.md). Fixed-IV mode, so a token is exactly base64(ct).
//!
//! A `BadPadding` case failing tests the unpadding, not the decryption: a cipher that got every
//! block wrong would fail those cases too. So their decrypted bytes are checked as well
//! (`bad_padding_cases_decrypt_to_msg_then_their_padding`), through the public API only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pinseal::{CipherOptions, TokenCipher, DECRYPT_FAILED_MESSAGE};

/// Just enough JSON to read the vector file (pinseal's own JSON tree is private).
#[derive(Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    /// The number's text as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn parse(text: &str) -> Json {
        let mut p = Parser {
            b: text.as_bytes(),
            at: 0,
        };
        let v = p.value();
        p.space();
        assert_eq!(p.at, p.b.len(), "trailing text after the JSON value");
        v
    }

    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while self.at < self.b.len() && b" \t\r\n".contains(&self.b[self.at]) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.space();
        assert_eq!(
            self.b[self.at], c,
            "expected {:?} at {}",
            c as char, self.at
        );
        self.at += 1;
    }

    fn literal(&mut self, word: &str, value: Json) -> Json {
        assert!(
            self.b[self.at..].starts_with(word.as_bytes()),
            "bad literal"
        );
        self.at += word.len();
        value
    }

    fn value(&mut self) -> Json {
        self.space();
        match self.b[self.at] {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.b[self.at] == b'}' {
                    self.at += 1;
                    return Json::Object(members);
                }
                loop {
                    self.space();
                    let key = self.string();
                    self.eat(b':');
                    members.push((key, self.value()));
                    self.space();
                    self.at += 1;
                    match self.b[self.at - 1] {
                        b',' => continue,
                        b'}' => return Json::Object(members),
                        c => panic!("unexpected {:?} in object", c as char),
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.b[self.at] == b']' {
                    self.at += 1;
                    return Json::Array(items);
                }
                loop {
                    items.push(self.value());
                    self.space();
                    self.at += 1;
                    match self.b[self.at - 1] {
                        b',' => continue,
                        b']' => return Json::Array(items),
                        c => panic!("unexpected {:?} in array", c as char),
                    }
                }
            }
            b'"' => Json::String(self.string()),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'n' => self.literal("null", Json::Null),
            _ => {
                let start = self.at;
                while self.at < self.b.len() && b"+-.0123456789eE".contains(&self.b[self.at]) {
                    self.at += 1;
                }
                assert!(self.at > start, "unexpected character at {start}");
                Json::Number(String::from_utf8(self.b[start..self.at].to_vec()).unwrap())
            }
        }
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = Vec::new();
        loop {
            let c = self.b[self.at];
            self.at += 1;
            match c {
                b'"' => return String::from_utf8(out).unwrap(),
                b'\\' => {
                    let e = self.b[self.at];
                    self.at += 1;
                    let ch = match e {
                        b'"' | b'\\' | b'/' => char::from(e),
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let hex = std::str::from_utf8(&self.b[self.at..self.at + 4]).unwrap();
                            self.at += 4;
                            char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap()
                        }
                        _ => panic!("bad escape"),
                    };
                    out.extend_from_slice(ch.to_string().as_bytes());
                }
                _ => out.push(c),
            }
        }
    }
}

/// Lower- or upper-case hex to bytes.
fn hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "odd hex length");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

struct Case {
    id: String,
    comment: String,
    flags: Vec<String>,
    key: Vec<u8>,
    iv: Vec<u8>,
    msg: Vec<u8>,
    ct: Vec<u8>,
    valid: bool,
}

fn cases() -> Vec<Case> {
    let text = include_str!("vectors/wycheproof_aes192_cbc_pkcs5.json");
    let doc = Json::parse(text);
    let Some(Json::Array(groups)) = doc.get("testGroups") else {
        panic!("no testGroups")
    };
    let s = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).unwrap().to_string();
    let mut out = Vec::new();
    for group in groups {
        assert_eq!(group.get("keySize"), Some(&Json::Number("192".into())));
        let Some(Json::Array(tests)) = group.get("tests") else {
            panic!("no tests")
        };
        for t in tests {
            let Some(Json::Number(id)) = t.get("tcId") else {
                panic!("no tcId")
            };
            let Some(Json::Array(flags)) = t.get("flags") else {
                panic!("no flags")
            };
            out.push(Case {
                id: id.clone(),
                comment: s(t, "comment"),
                flags: flags
                    .iter()
                    .map(|f| f.as_str().unwrap().to_string())
                    .collect(),
                key: hex(&s(t, "key")),
                iv: hex(&s(t, "iv")),
                msg: hex(&s(t, "msg")),
                ct: hex(&s(t, "ct")),
                valid: s(t, "result") == "valid",
            });
        }
    }
    out
}

fn cipher(c: &Case) -> TokenCipher {
    TokenCipher::from_bytes(&c.key, CipherOptions::fixed_iv(&c.iv).unwrap()).unwrap()
}

#[test]
fn all_72_cases_are_present() {
    let all = cases();
    assert_eq!(all.len(), 72);
    assert_eq!(all.iter().filter(|c| c.valid).count(), 24);
    assert_eq!(
        all.iter()
            .filter(|c| c.flags.iter().any(|f| f == "BadPadding"))
            .count(),
        47
    );
}

#[test]
fn valid_cases_encrypt_to_the_exact_ciphertext_and_back() {
    for c in cases().iter().filter(|c| c.valid) {
        let k = cipher(c);
        let token = k.encrypt_bytes(&c.msg).unwrap();
        assert_eq!(
            token,
            B64.encode(&c.ct),
            "tcId {} ({}): ciphertext differs",
            c.id,
            c.comment
        );
        let back = k.decrypt_bytes(&token).unwrap();
        assert_eq!(
            back.expose(),
            &c.msg[..],
            "tcId {} ({}): plaintext differs",
            c.id,
            c.comment
        );
    }
}

#[test]
fn bad_padding_cases_fail_with_one_uniform_error() {
    let mut seen = 0;
    for c in cases()
        .iter()
        .filter(|c| c.flags.iter().any(|f| f == "BadPadding"))
    {
        let err = cipher(c).decrypt_bytes(&B64.encode(&c.ct)).unwrap_err();
        assert_eq!(
            err.code(),
            "DECRYPT_FAILED",
            "tcId {} ({})",
            c.id,
            c.comment
        );
        assert_eq!(
            err.to_string(),
            DECRYPT_FAILED_MESSAGE,
            "tcId {} ({}): message must not vary",
            c.id,
            c.comment
        );
        seen += 1;
    }
    assert_eq!(seen, 47);
}

#[test]
fn empty_ciphertext_is_malformed_not_a_decrypt_failure() {
    let no_padding: Vec<Case> = cases()
        .into_iter()
        .filter(|c| !c.valid && c.flags.iter().any(|f| f == "NoPadding"))
        .collect();
    assert_eq!(no_padding.len(), 1);
    for c in &no_padding {
        assert!(c.ct.is_empty(), "tcId {}", c.id);
        let err = cipher(c).decrypt_bytes(&B64.encode(&c.ct)).unwrap_err();
        assert_eq!(
            err.code(),
            "MALFORMED_TOKEN",
            "tcId {} ({})",
            c.id,
            c.comment
        );
    }
}

/// The block that makes any ciphertext `ct` end in valid PKCS#7: E_K(C_last ⊕ 16×0x10), which is
/// the token of the empty plaintext under a fixed IV equal to `ct`'s last block.
fn full_padding_block(c: &Case) -> Vec<u8> {
    let last = &c.ct[c.ct.len() - 16..];
    let k = TokenCipher::from_bytes(&c.key, CipherOptions::fixed_iv(last).unwrap()).unwrap();
    let block = B64.decode(k.encrypt_bytes(&[]).unwrap()).unwrap();
    assert_eq!(
        block.len(),
        16,
        "tcId {}: the empty plaintext's token",
        c.id
    );
    block
}

/// A `BadPadding` case's `msg` is the plaintext that was encrypted with a wrong padding. With one
/// full PKCS#7 block appended (`full_padding_block`), `ct` decrypts without error to its own raw
/// decryption: `msg` followed by the wrong padding, `ct`'s length in all. (The one other invalid
/// case, tcId 97, is the empty ciphertext: there is nothing to decrypt.)
#[test]
fn bad_padding_cases_decrypt_to_msg_then_their_padding() {
    let bad: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.flags.iter().any(|f| f == "BadPadding"))
        .collect();
    assert_eq!(bad.len(), 47);
    for c in &bad {
        assert!(
            !c.ct.is_empty(),
            "tcId {}: empty BadPadding ciphertext",
            c.id
        );
        let mut padded = c.ct.clone();
        padded.extend(full_padding_block(c));
        let raw = cipher(c)
            .decrypt_bytes(&B64.encode(&padded))
            .unwrap_or_else(|e| {
                panic!(
                    "tcId {} ({}): ct ‖ a full padding block did not open: {e}",
                    c.id, c.comment
                )
            });
        let raw = raw.expose();
        assert_eq!(
            raw.len(),
            c.ct.len(),
            "tcId {} ({}): decrypted length",
            c.id,
            c.comment
        );
        assert!(
            raw.starts_with(&c.msg),
            "tcId {} ({}): decryption does not start with msg: got {raw:02x?}, msg {:02x?}",
            c.id,
            c.comment,
            c.msg
        );
    }
}
