//! Project Wycheproof AES-192-CBC/PKCS#7 vectors (72 cases), from tests/vectors/ (provenance in
//! tests/vectors/README.md). Fixed-IV mode, so a token is exactly base64(ct).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::encoding::{base64_encode, hex_decode};
use pinseal::json::Json;
use pinseal::{CipherOptions, TokenCipher, DECRYPT_FAILED_MESSAGE};

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
    let doc = Json::parse(text).expect("vector file is JSON");
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
                key: hex_decode(&s(t, "key")).unwrap(),
                iv: hex_decode(&s(t, "iv")).unwrap(),
                msg: hex_decode(&s(t, "msg")).unwrap(),
                ct: hex_decode(&s(t, "ct")).unwrap(),
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
            base64_encode(&c.ct),
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
        let err = cipher(c).decrypt_bytes(&base64_encode(&c.ct)).unwrap_err();
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
        let err = cipher(c).decrypt_bytes(&base64_encode(&c.ct)).unwrap_err();
        assert_eq!(
            err.code(),
            "MALFORMED_TOKEN",
            "tcId {} ({})",
            c.id,
            c.comment
        );
    }
}
