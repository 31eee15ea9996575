//! Differential fuzzing of the vector-permute engine (`pinseal-vpaes`) against RustCrypto's
//! `aes`: from arbitrary bytes (key, IV, data) both must agree on CBC/PKCS#7 encryption, on raw
//! CBC decryption of any whole blocks, and on whether PKCS#7 unpadding succeeds.
#![no_main]

use aes::cipher::block_padding::{NoPadding, Pkcs7};
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use libfuzzer_sys::fuzz_target;

type Ours = pinseal_vpaes::Aes192;
type Theirs = aes::Aes192;

fuzz_target!(|input: &[u8]| {
    // 24 key bytes, 16 IV bytes, then the data; short inputs are zero-extended.
    let mut head = [0u8; 40];
    let split = input.len().min(40);
    head[..split].copy_from_slice(&input[..split]);
    let (key, iv) = head.split_at(24);
    let data = &input[split..];
    let whole = &data[..data.len() / 16 * 16];

    let enc_ours = cbc::Encryptor::<Ours>::new_from_slices(key, iv).expect("sizes");
    let enc_theirs = cbc::Encryptor::<Theirs>::new_from_slices(key, iv).expect("sizes");
    assert_eq!(
        enc_ours.encrypt_padded_vec::<Pkcs7>(data),
        enc_theirs.encrypt_padded_vec::<Pkcs7>(data),
        "CBC/PKCS#7 encryption differs"
    );

    let decrypt = |whole: &[u8], padded: bool| {
        let ours = cbc::Decryptor::<Ours>::new_from_slices(key, iv).expect("sizes");
        let theirs = cbc::Decryptor::<Theirs>::new_from_slices(key, iv).expect("sizes");
        if padded {
            let ours = ours.decrypt_padded_vec::<Pkcs7>(whole).ok();
            (ours, theirs.decrypt_padded_vec::<Pkcs7>(whole).ok())
        } else {
            let ours = ours.decrypt_padded_vec::<NoPadding>(whole).ok();
            (ours, theirs.decrypt_padded_vec::<NoPadding>(whole).ok())
        }
    };
    let (ours, theirs) = decrypt(whole, false);
    assert_eq!(ours, theirs, "raw CBC decryption differs");
    let (ours, theirs) = decrypt(whole, true);
    assert_eq!(ours, theirs, "CBC/PKCS#7 decryption differs");
});
