//! Project Wycheproof AES-192-CBC/PKCS#7 vectors (72 cases, tcId 73-144), from
//! `tests/vectors/wycheproof_aes192_cbc_pkcs5.json` (provenance in `tests/vectors/README.md`),
//! through `cbc::Encryptor/Decryptor<pinseal_vpaes::Aes192>`.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{hex, Json};
use pinseal_vpaes::cipher::block_padding::Pkcs7;
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
