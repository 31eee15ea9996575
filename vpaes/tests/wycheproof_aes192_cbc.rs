//! Project Wycheproof AES-192-CBC/PKCS#7 vectors (72 cases, tcId 73-144), from
//! `tests/vectors/wycheproof_aes192_cbc_pkcs5.json` (provenance in `tests/vectors/README.md`),
//! through `cbc::Encryptor/Decryptor<pinseal_vpaes::Aes192>`.
//!
//! An invalid case failing to unpad tests the unpadder, not this engine: a decryption that got
//! every block wrong would fail too. So the 47 `BadPadding` cases are also decrypted raw (no
//! padding removed) and checked byte for byte: their `msg` is the plaintext that was encrypted
//! with a wrong padding, so the raw decryption is `msg` followed by that padding, whose shape
//! the case's comment names. The 48th invalid case is the empty ciphertext (nothing to decrypt).

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{hex, Json};
use pinseal_vpaes::cipher::block_padding::{NoPadding, Pkcs7};
use pinseal_vpaes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use pinseal_vpaes::Aes192;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

struct Case {
    id: u32,
    comment: String,
    key: Vec<u8>,
    iv: Vec<u8>,
    msg: Vec<u8>,
    ct: Vec<u8>,
    valid: bool,
    flags: Vec<String>,
}

impl Case {
    fn name(&self) -> String {
        format!("Wycheproof tcId {} ({:?})", self.id, self.comment)
    }

    fn encryptor(&self) -> cbc::Encryptor<Aes192> {
        cbc::Encryptor::new_from_slices(&self.key, &self.iv).expect("24-byte key, 16-byte IV")
    }

    fn decryptor(&self) -> cbc::Decryptor<Aes192> {
        cbc::Decryptor::new_from_slices(&self.key, &self.iv).expect("24-byte key, 16-byte IV")
    }
}

fn cases() -> Vec<Case> {
    let doc = Json::parse(include_str!("vectors/wycheproof_aes192_cbc_pkcs5.json"));
    assert_eq!(doc.get("algorithm").str(), "AES-CBC-PKCS5");
    let mut out = Vec::new();
    for group in doc.get("testGroups").array() {
        assert_eq!(
            group.get("keySize").num(),
            192.0,
            "only AES-192 groups expected"
        );
        for t in group.get("tests").array() {
            out.push(Case {
                id: t.get("tcId").num() as u32,
                comment: t.get("comment").str().to_owned(),
                key: hex(t.get("key").str()),
                iv: hex(t.get("iv").str()),
                msg: hex(t.get("msg").str()),
                ct: hex(t.get("ct").str()),
                valid: match t.get("result").str() {
                    "valid" => true,
                    "invalid" => false,
                    other => panic!("tcId {}: unexpected result {other:?}", t.get("tcId").num()),
                },
                flags: t
                    .get("flags")
                    .array()
                    .iter()
                    .map(|f| f.str().to_owned())
                    .collect(),
            });
        }
    }
    assert_eq!(out.len(), 72, "the extract holds 72 cases");
    out
}

#[test]
fn valid_cases_encrypt_to_ct() {
    let valid: Vec<Case> = cases().into_iter().filter(|c| c.valid).collect();
    assert_eq!(valid.len(), 24, "24 valid cases");
    for case in &valid {
        let ct = case.encryptor().encrypt_padded_vec::<Pkcs7>(&case.msg);
        assert_eq!(ct, case.ct, "{}: ciphertext", case.name());
    }
}

#[test]
fn valid_cases_decrypt_to_msg() {
    for case in cases().iter().filter(|c| c.valid) {
        let msg = case
            .decryptor()
            .decrypt_padded_vec::<Pkcs7>(&case.ct)
            .unwrap_or_else(|_| panic!("{}: rejected", case.name()));
        assert_eq!(msg, case.msg, "{}: plaintext", case.name());
    }
}

#[test]
fn invalid_cases_fail_unpadding() {
    let invalid: Vec<Case> = cases().into_iter().filter(|c| !c.valid).collect();
    assert_eq!(invalid.len(), 48, "48 invalid cases");
    for case in &invalid {
        let result = case.decryptor().decrypt_padded_vec::<Pkcs7>(&case.ct);
        assert!(
            result.is_err(),
            "{}: accepted, must fail unpadding",
            case.name()
        );
    }
}

/// The wrong padding a `BadPadding` case's comment names, checked on the bytes after `msg`:
/// `Err` says how `tail` differs. `ct_len` is the ciphertext's length.
fn check_wrong_padding(comment: &str, tail: &[u8], ct_len: usize) -> Result<(), String> {
    let n = tail.len();
    let all = |b: u8| tail.iter().all(|&t| t == b);
    let (ok, want) = match comment {
        c if c.contains("zero padding") => (all(0), "all 0x00".to_owned()),
        c if c.contains("0xff") => (all(0xff), "all 0xff".to_owned()),
        c if c.contains("7816-4") => (
            tail.split_first() == Some((&0x80, &vec![0; n.saturating_sub(1)][..])),
            "0x80 then 0x00".to_owned(),
        ),
        c if c.contains("X.923") => (
            tail.split_last() == Some((&(n as u8), &vec![0; n.saturating_sub(1)][..])),
            format!("0x00 then {n:#04x}"),
        ),
        // The filler bytes are random; only the length byte is known.
        c if c.contains("10126") => (tail.last() == Some(&(n as u8)), format!("… {n:#04x}")),
        c if c.contains("longer than 1 block") => {
            (n > 16 && all(n as u8), format!("{n} × {n:#04x}"))
        }
        // Every byte is the same count, larger than the whole ciphertext.
        c if c.contains("longer than the message") => (
            n > 0 && usize::from(tail[0]) > ct_len && all(tail[0]),
            format!("{n} equal bytes, each above {ct_len}"),
        ),
        c if c.contains("Invalid PKCS #5") => (
            tail.split_first() == Some((&0, &vec![n as u8; n.saturating_sub(1)][..])),
            format!("0x00 then {n:#04x}"),
        ),
        c if c.contains("no padding at all") => (n == 0, "nothing".to_owned()),
        other => return Err(format!("no padding shape known for comment {other:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("padding bytes {tail:02x?}, expected {want}"))
    }
}

#[test]
fn bad_padding_cases_decrypt_raw_to_msg_and_the_wrong_padding() {
    let bad: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.flags.iter().any(|f| f == "BadPadding"))
        .collect();
    assert_eq!(bad.len(), 47, "47 BadPadding cases");
    for case in &bad {
        assert!(!case.valid, "{}: BadPadding but valid", case.name());
        let raw = case
            .decryptor()
            .decrypt_padded_vec::<NoPadding>(&case.ct)
            .unwrap_or_else(|_| panic!("{}: ct is not whole blocks", case.name()));
        assert_eq!(
            raw.len(),
            case.ct.len(),
            "{}: raw decryption length",
            case.name()
        );
        assert!(
            raw.starts_with(&case.msg),
            "{}: raw decryption does not start with msg: got {:02x?}, msg {:02x?}",
            case.name(),
            raw,
            case.msg
        );
        if let Err(why) = check_wrong_padding(&case.comment, &raw[case.msg.len()..], raw.len()) {
            panic!("{}: {why}", case.name());
        }
    }
}
