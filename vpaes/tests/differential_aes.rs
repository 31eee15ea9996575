//! Differential test against RustCrypto's `aes` crate (the implementation pinseal used before):
//! seeded pseudo-random keys, IVs and messages, CBC/PKCS#7 through the `cbc` crate in both
//! directions, plus raw single-block encryption and decryption of random blocks.
//! A failure names the seed and the case number, so it can be replayed.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use aes::cipher::block_padding::{NoPadding, Pkcs7};
use aes::cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit,
    KeyInit, KeyIvInit,
};
use common::Rng;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

type Ours = pinseal_vpaes::Aes192;
type Theirs = aes::Aes192;

const SEED: u64 = 0x7069_6e73_6561_6c01;

/// Random cases: a fresh key and IV each, a message of 0..=63 bytes (1 to 4 blocks with padding,
/// so three quarters of the decryptions take the two-block path).
const RANDOM_CASES: u64 = 1_000_000;

/// One case: CBC both ways, and one random block raw both ways.
fn check_case(case: u64, rng: &mut Rng, msg_len: usize) {
    let key: [u8; 24] = rng.array();
    let iv: [u8; 16] = rng.array();
    let mut msg = vec![0u8; msg_len];
    rng.fill(&mut msg);
    let ours = Ours::new(&key.into());
    let theirs = Theirs::new(&key.into());
    let why = |what: &str| format!("seed {SEED:#x} case {case} (length {msg_len}): {what}");

    let ct = cbc::Encryptor::<Ours>::inner_iv_init(ours.clone(), &iv.into())
        .encrypt_padded_vec::<Pkcs7>(&msg);
    let expected = cbc::Encryptor::<Theirs>::inner_iv_init(theirs.clone(), &iv.into())
        .encrypt_padded_vec::<Pkcs7>(&msg);
    assert!(ct == expected, "{}", why("CBC encryption differs from aes"));
    let back = cbc::Decryptor::<Ours>::inner_iv_init(ours.clone(), &iv.into())
        .decrypt_padded_vec::<Pkcs7>(&ct)
        .unwrap_or_else(|_| panic!("{}", why("own ciphertext rejected")));
    assert!(
        back == msg,
        "{}",
        why("CBC decryption differs from the message")
    );

    // Decryption of data nobody encrypted: random blocks, no padding to check.
    let block: [u8; 16] = rng.array();
    let (mut a, mut b) = (Array::from(block), Array::from(block));
    ours.decrypt_block(&mut a);
    theirs.decrypt_block(&mut b);
    assert!(a == b, "{}", why("raw block decryption differs from aes"));
    ours.encrypt_block(&mut a);
    theirs.encrypt_block(&mut b);
    assert!(
        a == b && a.0 == block,
        "{}",
        why("raw block encryption differs from aes")
    );
}

#[test]
fn random_keys_ivs_and_short_messages() {
    let mut rng = Rng::new(SEED);
    for case in 0..RANDOM_CASES {
        let len = rng.below(64) as usize;
        check_case(case, &mut rng, len);
    }
}

#[test]
fn every_message_length_from_0_to_1000() {
    let mut rng = Rng::new(SEED ^ 1);
    for len in 0..=1000usize {
        check_case(len as u64, &mut rng, len);
    }
}

#[test]
fn long_unpadded_ciphertexts_decrypt_like_aes() {
    // CBC decryption of random data, 1..=64 blocks, with one key: exercises `cbc`'s multi-block
    // decryption path (the backend's parallel-blocks entry) on data of no particular form.
    let mut rng = Rng::new(SEED ^ 2);
    let key: [u8; 24] = rng.array();
    for blocks in 1..=64usize {
        let iv: [u8; 16] = rng.array();
        let mut data = vec![0u8; 16 * blocks];
        rng.fill(&mut data);
        let ours = cbc::Decryptor::<Ours>::new(&key.into(), &iv.into())
            .decrypt_padded_vec::<NoPadding>(&data)
            .expect("whole blocks");
        let theirs = cbc::Decryptor::<Theirs>::new(&key.into(), &iv.into())
            .decrypt_padded_vec::<NoPadding>(&data)
            .expect("whole blocks");
        assert!(
            ours == theirs,
            "seed {:#x}, {blocks} blocks: CBC decryption differs",
            SEED ^ 2
        );
    }
}
