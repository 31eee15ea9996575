//! The engine's own CBC entry points (`Aes192::encrypt_cbc` / `decrypt_cbc`, and those of
//! `Aes192Enc` / `Aes192Dec`) against RustCrypto's `aes` + `cbc` crates with `NoPadding`, over
//! seeded pseudo-random keys, IVs and messages of every length 0..=80 blocks (so that the
//! two-block decryption path, its single block left at the front and their seam are all crossed),
//! and their refusal of partial blocks. A failure names the case and the length.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use aes::cipher::block_padding::NoPadding;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use common::Rng;
use pinseal_vpaes::{Aes192, Aes192Dec, Aes192Enc, NotWholeBlocks};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const SEED: u64 = 0x7069_6e73_6561_6c02;

#[test]
fn in_place_cbc_matches_the_cbc_crate_for_every_length() {
    let mut rng = Rng::new(SEED);
    for case in 0..3 {
        for blocks in 0..=80usize {
            let key: [u8; 24] = rng.array();
            let iv: [u8; 16] = rng.array();
            let mut msg = vec![0u8; blocks * 16];
            rng.fill(&mut msg);
            let mut want = msg.clone();
            cbc::Encryptor::<aes::Aes192>::new(&key.into(), &iv.into())
                .encrypt_padded::<NoPadding>(&mut want, msg.len())
                .unwrap();

            let both = Aes192::new(&key.into());
            let mut got = msg.clone();
            both.encrypt_cbc(&iv, &mut got).unwrap();
            assert_eq!(
                got, want,
                "case {case}, {blocks} blocks: Aes192::encrypt_cbc"
            );
            let mut enc_only = msg.clone();
            Aes192Enc::new(&key.into())
                .encrypt_cbc(&iv, &mut enc_only)
                .unwrap();
            assert_eq!(enc_only, want, "case {case}, {blocks} blocks: Aes192Enc");

            both.decrypt_cbc(&iv, &mut got).unwrap();
            assert_eq!(
                got, msg,
                "case {case}, {blocks} blocks: Aes192::decrypt_cbc"
            );
            let mut dec_only = want.clone();
            Aes192Dec::new(&key.into())
                .decrypt_cbc(&iv, &mut dec_only)
                .unwrap();
            assert_eq!(dec_only, msg, "case {case}, {blocks} blocks: Aes192Dec");

            // And the other way round: the cbc crate opens what the engine sealed.
            let mut theirs = want.clone();
            let len = cbc::Decryptor::<aes::Aes192>::new(&key.into(), &iv.into())
                .decrypt_padded::<NoPadding>(&mut theirs)
                .unwrap()
                .len();
            assert_eq!(
                &theirs[..len],
                &msg[..],
                "case {case}, {blocks} blocks: cbc opens ours"
            );
        }
    }
}

#[test]
fn partial_blocks_are_refused_and_left_unchanged() {
    let aes = Aes192::new(&[7u8; 24].into());
    let iv = [9u8; 16];
    for len in [1usize, 15, 17, 31, 33, 63, 65, 1000] {
        let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let mut data = msg.clone();
        assert_eq!(
            aes.encrypt_cbc(&iv, &mut data),
            Err(NotWholeBlocks),
            "encrypt {len} B"
        );
        assert_eq!(data, msg, "encrypt {len} B left the data as it was");
        assert_eq!(
            aes.decrypt_cbc(&iv, &mut data),
            Err(NotWholeBlocks),
            "decrypt {len} B"
        );
        assert_eq!(data, msg, "decrypt {len} B left the data as it was");
    }
    let mut empty: [u8; 0] = [];
    assert_eq!(
        aes.encrypt_cbc(&iv, &mut empty),
        Ok(()),
        "no blocks is whole blocks"
    );
    assert_eq!(
        aes.decrypt_cbc(&iv, &mut empty),
        Ok(()),
        "no blocks is whole blocks"
    );
}
