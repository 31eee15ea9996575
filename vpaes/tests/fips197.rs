//! FIPS-197 Appendix C.2 (AES-192, one block): key 00..17, plaintext 00112233..eeff, through
//! every public type and every entry point of the `cipher` traits; then eleven distinct blocks
//! derived from it in one call, so that a block put in the wrong place fails.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal_vpaes::cipher::consts::U16;
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
fn c_2_block_to_block() {
    let aes = Aes192::new_from_slice(&KEY).expect("24-byte key");
    let mut out = Array::default();
    aes.encrypt_block_b2b(&PLAINTEXT.into(), &mut out);
    assert_eq!(out.0, CIPHERTEXT, "C.2 ciphertext (b2b)");
    let mut back = Array::default();
    aes.decrypt_block_b2b(&out, &mut back);
    assert_eq!(back.0, PLAINTEXT, "C.2 plaintext (b2b)");
}

/// Blocks that differ: block `i` is the C.2 plaintext with its first byte XORed with `i`, so
/// block 0 is C.2 itself. Eleven blocks: with the two-block decryption of today's backend, five
/// pairs and a single block left over.
fn distinct_plaintexts() -> [[u8; 16]; 11] {
    core::array::from_fn(|i| {
        let mut block = PLAINTEXT;
        block[0] ^= i as u8;
        block
    })
}

/// Many blocks in one call, each block different, so that the parallel paths (two blocks at
/// a time when decrypting) cannot put a right block in a wrong place and still pass. Each
/// block's expected ciphertext comes from the `aes` crate, a separate implementation, and
/// block 0's from FIPS-197 itself.
#[test]
fn c_2_many_distinct_blocks_in_one_call() {
    let plain = distinct_plaintexts();
    let reference = aes::Aes192::new(&KEY.into());
    let expected: Vec<[u8; 16]> = plain
        .iter()
        .map(|p| {
            let mut b = Array::from(*p);
            reference.encrypt_block(&mut b);
            b.0
        })
        .collect();
    assert_eq!(expected[0], CIPHERTEXT, "C.2 ciphertext (aes crate)");

    let aes = Aes192::new(&KEY.into());
    let mut blocks = plain.map(Array::from);
    aes.encrypt_blocks(&mut blocks);
    for (i, (got, want)) in blocks.iter().zip(&expected).enumerate() {
        assert_eq!(got.0, *want, "C.2 block {i} of 11: ciphertext (Aes192)");
    }

    // Decryption as one call of eleven blocks, through both types that decrypt.
    decrypts_in_one_call(&aes, "Aes192", &expected, &plain);
    decrypts_in_one_call(&Aes192Dec::new(&KEY.into()), "Aes192Dec", &expected, &plain);
}

fn decrypts_in_one_call(
    cipher: &impl BlockCipherDecrypt<BlockSize = U16>,
    name: &str,
    ciphertexts: &[[u8; 16]],
    plaintexts: &[[u8; 16]],
) {
    let mut blocks: Vec<_> = ciphertexts.iter().copied().map(Array::from).collect();
    cipher.decrypt_blocks(&mut blocks);
    let n = blocks.len();
    for (i, (got, want)) in blocks.iter().zip(plaintexts).enumerate() {
        assert_eq!(got.0, *want, "C.2 block {i} of {n}: plaintext ({name})");
    }
}

/// The same eleven blocks as a CBC ciphertext decrypted in one call (`cbc` hands the cipher
/// independent blocks, two at a time here), against the `aes` crate's CBC encryption.
#[test]
fn c_2_distinct_blocks_through_cbc() {
    use pinseal_vpaes::cipher::block_padding::NoPadding;
    use pinseal_vpaes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};

    let plain = distinct_plaintexts().concat();
    let iv = [0xa5u8; 16];
    let ct = cbc::Encryptor::<aes::Aes192>::new(&KEY.into(), &iv.into())
        .encrypt_padded_vec::<NoPadding>(&plain);
    let ours = cbc::Encryptor::<Aes192>::new(&KEY.into(), &iv.into())
        .encrypt_padded_vec::<NoPadding>(&plain);
    assert_eq!(ours, ct, "CBC encryption of eleven C.2-derived blocks");
    let back = cbc::Decryptor::<Aes192>::new(&KEY.into(), &iv.into())
        .decrypt_padded_vec::<NoPadding>(&ct)
        .expect("no padding to check");
    assert_eq!(back.len(), plain.len(), "CBC decryption length");
    for (i, (got, want)) in back.chunks(16).zip(plain.chunks(16)).enumerate() {
        assert_eq!(got, want, "CBC decryption, block {i} of 11");
    }
}
