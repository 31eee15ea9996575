//! NIST SP 800-38A Appendix F.2.3 (CBC-AES192.Encrypt) and F.2.4 (CBC-AES192.Decrypt): four
//! unpadded blocks through `cbc` with this crate's cipher types.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{hex, hex_array};
use pinseal_vpaes::cipher::block_padding::NoPadding;
use pinseal_vpaes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use pinseal_vpaes::{Aes192, Aes192Dec, Aes192Enc};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const KEY: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
const IV: &str = "000102030405060708090a0b0c0d0e0f";
const PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172a\
                         ae2d8a571e03ac9c9eb76fac45af8e51\
                         30c81c46a35ce411e5fbc1191a0a52ef\
                         f69f2445df4f9b17ad2b417be66c3710";
const CIPHERTEXT: &str = "4f021db243bc633d7178183a9fa071e8\
                          b4d9ada9ad7dedf4e5e738763f69145a\
                          571b242012fb7ae07fa9baac3df102e0\
                          08b0e27988598881d920a9e64f5615cd";

fn key() -> [u8; 24] {
    hex_array(KEY)
}

fn iv() -> [u8; 16] {
    hex_array(IV)
}

#[test]
fn f_2_3_cbc_aes192_encrypt() {
    let ct = cbc::Encryptor::<Aes192>::new(&key().into(), &iv().into())
        .encrypt_padded_vec::<NoPadding>(&hex(PLAINTEXT));
    assert_eq!(ct, hex(CIPHERTEXT), "F.2.3 ciphertext (Aes192)");
    let ct = cbc::Encryptor::<Aes192Enc>::new(&key().into(), &iv().into())
        .encrypt_padded_vec::<NoPadding>(&hex(PLAINTEXT));
    assert_eq!(ct, hex(CIPHERTEXT), "F.2.3 ciphertext (Aes192Enc)");
}

#[test]
fn f_2_4_cbc_aes192_decrypt() {
    let pt = cbc::Decryptor::<Aes192>::new(&key().into(), &iv().into())
        .decrypt_padded_vec::<NoPadding>(&hex(CIPHERTEXT))
        .expect("whole blocks");
    assert_eq!(pt, hex(PLAINTEXT), "F.2.4 plaintext (Aes192)");
    let pt = cbc::Decryptor::<Aes192Dec>::new(&key().into(), &iv().into())
        .decrypt_padded_vec::<NoPadding>(&hex(CIPHERTEXT))
        .expect("whole blocks");
    assert_eq!(pt, hex(PLAINTEXT), "F.2.4 plaintext (Aes192Dec)");
}

#[test]
fn f_2_4_decrypt_in_place_block_by_block() {
    // The same vector one block per call, carrying the IV state across calls.
    use pinseal_vpaes::cipher::{Array, InnerIvInit};
    let mut dec = cbc::Decryptor::<Aes192>::inner_iv_init(Aes192::new(&key().into()), &iv().into());
    let plaintext = hex(PLAINTEXT);
    for (i, (ct, pt)) in hex(CIPHERTEXT)
        .chunks(16)
        .zip(plaintext.chunks(16))
        .enumerate()
    {
        let mut block = Array::try_from(ct).expect("16 bytes");
        dec.decrypt_block(&mut block);
        assert_eq!(&block[..], pt, "F.2.4 block #{}", i + 1);
    }
}
