//! NIST SP 800-38A Appendix F.2.3 (CBC-AES192.Encrypt) and F.2.4 (CBC-AES192.Decrypt).
//! The vectors are unpadded; with PKCS#7 the four blocks are followed by one padding block, so
//! the first 64 ciphertext bytes must equal NIST's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pinseal::{CipherOptions, TokenCipher};

const KEY: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
const IV: &str = "000102030405060708090a0b0c0d0e0f";
const PLAIN: &str = "6bc1bee22e409f96e93d7e117393172a\
                     ae2d8a571e03ac9c9eb76fac45af8e51\
                     30c81c46a35ce411e5fbc1191a0a52ef\
                     f69f2445df4f9b17ad2b417be66c3710";
const CIPHER: &str = "4f021db243bc633d7178183a9fa071e8\
                      b4d9ada9ad7dedf4e5e738763f69145a\
                      571b242012fb7ae07fa9baac3df102e0\
                      08b0e27988598881d920a9e64f5615cd";

/// Lower- or upper-case hex to bytes (test vectors only).
fn hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "odd hex length");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn fixed() -> TokenCipher {
    TokenCipher::from_hex(KEY, CipherOptions::fixed_iv_hex(IV).unwrap()).unwrap()
}

#[test]
fn f_2_3_encrypt() {
    let token = fixed().encrypt_bytes(&hex(PLAIN)).unwrap();
    let ct = B64.decode(&token).unwrap();
    assert_eq!(ct.len(), 80, "four blocks and one PKCS#7 block");
    assert_eq!(&ct[..64], &hex(CIPHER)[..], "F.2.3 ciphertext");
}

#[test]
fn f_2_4_decrypt() {
    // NIST's ciphertext followed by our encryption of a full padding block chained after it.
    let token = fixed().encrypt_bytes(&hex(PLAIN)).unwrap();
    let mut ct = hex(CIPHER);
    ct.extend_from_slice(&B64.decode(&token).unwrap()[64..]);
    let plain = fixed().decrypt_bytes(&B64.encode(&ct)).unwrap();
    assert_eq!(plain.expose(), &hex(PLAIN)[..], "F.2.4 plaintext");
}

#[test]
fn random_iv_mode_puts_the_iv_in_front() {
    // The same vector through random-IV mode: a token with NIST's IV in front decrypts.
    let random = TokenCipher::from_hex(KEY, CipherOptions::default()).unwrap();
    let fixed_token = fixed().encrypt_bytes(&hex(PLAIN)).unwrap();
    let mut with_iv = hex(IV);
    with_iv.extend_from_slice(&B64.decode(&fixed_token).unwrap());
    let plain = random.decrypt_bytes(&B64.encode(&with_iv)).unwrap();
    assert_eq!(plain.expose(), &hex(PLAIN)[..]);
}
