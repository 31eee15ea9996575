//! Property tests (native only: proptest needs std and a clock): decryption inverts encryption,
//! and every block agrees with RustCrypto's `aes` crate, for random keys and blocks.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![cfg(not(target_arch = "wasm32"))]

use pinseal_vpaes::cipher::block_padding::Pkcs7;
use pinseal_vpaes::cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit,
    KeyIvInit,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decrypt_inverts_encrypt(key in any::<[u8; 24]>(), block in any::<[u8; 16]>()) {
        let aes = pinseal_vpaes::Aes192::new(&key.into());
        let mut b = Array::from(block);
        aes.encrypt_block(&mut b);
        aes.decrypt_block(&mut b);
        prop_assert_eq!(b.0, block);
    }

    #[test]
    fn blocks_agree_with_the_aes_crate(key in any::<[u8; 24]>(), block in any::<[u8; 16]>()) {
        let ours = pinseal_vpaes::Aes192::new(&key.into());
        let theirs = aes::Aes192::new(&key.into());
        let (mut a, mut b) = (Array::from(block), Array::from(block));
        ours.encrypt_block(&mut a);
        theirs.encrypt_block(&mut b);
        prop_assert_eq!(a, b, "encryption");
        ours.decrypt_block(&mut a);
        theirs.decrypt_block(&mut b);
        prop_assert_eq!(a.0, block, "decryption");
        prop_assert_eq!(b.0, block, "aes decryption");
    }

    #[test]
    fn cbc_agrees_with_the_aes_crate(
        key in any::<[u8; 24]>(),
        iv in any::<[u8; 16]>(),
        msg in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let ours = cbc::Encryptor::<pinseal_vpaes::Aes192>::new(&key.into(), &iv.into())
            .encrypt_padded_vec::<Pkcs7>(&msg);
        let theirs = cbc::Encryptor::<aes::Aes192>::new(&key.into(), &iv.into())
            .encrypt_padded_vec::<Pkcs7>(&msg);
        prop_assert_eq!(&ours, &theirs);
        let back = cbc::Decryptor::<pinseal_vpaes::Aes192Dec>::new(&key.into(), &iv.into())
            .decrypt_padded_vec::<Pkcs7>(&ours);
        prop_assert_eq!(back.ok(), Some(msg));
    }
}
