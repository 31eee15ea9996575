//! FIPS-197 Appendix C.2 (AES-192, one block): key 00..17, plaintext 00112233..eeff, through
//! every public type and every entry point of the `cipher` traits.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal_vpaes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use pinseal_vpaes::{Aes192, Aes192Dec, Aes192Enc};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const KEY: [u8; 24] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
];
const PLAINTEXT: [u8; 16] = [
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
];
const CIPHERTEXT: [u8; 16] = [
    0xdd, 0xa9, 0x7c, 0xa4, 0x86, 0x4c, 0xdf, 0xe0, 0x6e, 0xaf, 0x70, 0xa0, 0xec, 0x0d, 0x71, 0x91,
];

#[test]
fn c_2_encrypt_aes192() {
    let mut block = Array::from(PLAINTEXT);
    Aes192::new(&KEY.into()).encrypt_block(&mut block);
    assert_eq!(block.0, CIPHERTEXT, "C.2 ciphertext (Aes192)");
}

#[test]
fn c_2_decrypt_aes192() {
    let mut block = Array::from(CIPHERTEXT);
    Aes192::new(&KEY.into()).decrypt_block(&mut block);
    assert_eq!(block.0, PLAINTEXT, "C.2 plaintext (Aes192)");
}

#[test]
fn c_2_encrypt_only_and_decrypt_only_types() {
    let mut block = Array::from(PLAINTEXT);
    Aes192Enc::new(&KEY.into()).encrypt_block(&mut block);
    assert_eq!(block.0, CIPHERTEXT, "C.2 ciphertext (Aes192Enc)");
    Aes192Dec::new(&KEY.into()).decrypt_block(&mut block);
    assert_eq!(block.0, PLAINTEXT, "C.2 plaintext (Aes192Dec)");
}

#[test]
fn c_2_block_to_block_and_many_blocks() {
    let aes = Aes192::new_from_slice(&KEY).expect("24-byte key");
    let mut out = Array::default();
    aes.encrypt_block_b2b(&PLAINTEXT.into(), &mut out);
    assert_eq!(out.0, CIPHERTEXT, "C.2 ciphertext (b2b)");
    let mut blocks = [Array::from(PLAINTEXT); 7];
    aes.encrypt_blocks(&mut blocks);
    assert!(
        blocks.iter().all(|b| b.0 == CIPHERTEXT),
        "C.2 ciphertext (7 blocks)"
    );
    aes.decrypt_blocks(&mut blocks);
    assert!(
        blocks.iter().all(|b| b.0 == PLAINTEXT),
        "C.2 plaintext (7 blocks)"
    );
}
