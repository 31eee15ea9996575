//! Secrets (SPEC §2, §4): keys, PINs, IVs and plaintexts never reach `Debug`, `Display` or error
//! messages, and the threat model's claims about CBC hold (see SECURITY.md). That they are wiped
//! on drop is tested inside WebAssembly, where freed memory can be read (see below).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pinseal::reset_pin::{self, ResetPinInput};
use pinseal::set_pin::{self, SetPinInput};
use pinseal::{
    BuildOptions, CipherOptions, DateTime, Error, Pin, PinPolicy, SecretBytes, SecretString,
    TokenCipher, DECRYPT_FAILED_MESSAGE,
};

const KEY_TEXT: &str = "s3cr3t-partner-key-24byt";
const PIN: &str = "5829";
const SECURE_CODE: &str = "AfZtpO5krtySIhXyNmGg1G";

fn base64_encode(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

fn base64_decode(token: &str) -> Vec<u8> {
    B64.decode(token).unwrap()
}

fn options() -> BuildOptions {
    BuildOptions::new(DateTime::new(2022, 11, 16, 12, 26, 53).unwrap())
}

fn cipher() -> TokenCipher {
    TokenCipher::from_text(KEY_TEXT, CipherOptions::default()).unwrap()
}

fn reset_input() -> ResetPinInput {
    ResetPinInput {
        client_id: "WibmoClient".into(),
        secure_code: SECURE_CODE.into(),
        bank_id: "2010".into(),
        customer_id: "QVdzHtZsuG".into(),
        last4_digits: "8172".into(),
        urn: "402".into(),
        new_pin: PIN.into(),
        ..Default::default()
    }
}

/// No secret, in any form we can think of, in `text`.
fn assert_clean(text: &str, what: &str) {
    for secret in [KEY_TEXT, PIN, SECURE_CODE, "s3cr3t", "c3Nj"] {
        assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
    }
}

#[test]
fn debug_output_is_redacted() {
    let c = cipher();
    let sealed = reset_pin::seal(&reset_input(), &c, &options()).unwrap();
    let set_input = SetPinInput {
        identifier: "4915112345678".into(),
        pin: "7315".into(),
        new_pin: PIN.into(),
        device_identifier_type: "IMSI".into(),
        device_identifier: "2620112345678901".into(),
        identity_type: "NATIONAL_ID".into(),
        identity: "L01".into(),
        ..Default::default()
    };
    let set_request = set_pin::build(&set_input, &PinPolicy::strict()).unwrap();
    let fixed = CipherOptions::fixed_iv(&[0x5a; 16]).unwrap();
    let plain = c.decrypt(&sealed.token).unwrap();
    let cases = [
        (format!("{c:?}"), "TokenCipher"),
        (format!("{:?}", Pin::from(PIN)), "Pin"),
        (
            format!("{:?}", SecretString::from(KEY_TEXT)),
            "SecretString",
        ),
        (
            format!("{:?}", SecretBytes::from(KEY_TEXT.as_bytes().to_vec())),
            "SecretBytes",
        ),
        (format!("{:?}", reset_input()), "ResetPinInput"),
        (format!("{sealed:?}"), "SealedRequest"),
        (format!("{:?}", sealed.request), "ResetPinRequest"),
        (format!("{set_input:?}"), "SetPinInput"),
        (format!("{set_request:?}"), "SetPinRequest"),
        (format!("{plain:?}"), "decrypted plaintext"),
        (format!("{fixed:?}"), "CipherOptions"),
    ];
    for (text, what) in &cases {
        assert_clean(text, what);
        assert!(!text.contains("7315"), "{what}: {text}");
    }
    assert_eq!(format!("{c:?}"), "TokenCipher { .. }");
    assert_eq!(format!("{:?}", Pin::from(PIN)), "Pin(****)");
    assert!(!format!("{fixed:?}").to_lowercase().contains("5a5a"));
}

#[test]
fn error_messages_never_carry_secrets() {
    let c = cipher();
    let mut errors: Vec<Error> = vec![
        TokenCipher::from_text("s3cr3t-short", CipherOptions::default()).unwrap_err(),
        TokenCipher::from_hex("s3cr3t", CipherOptions::default()).unwrap_err(),
        TokenCipher::from_hex("s3cr3t7", CipherOptions::default()).unwrap_err(),
        TokenCipher::from_base64("s3cr3t!!", CipherOptions::default()).unwrap_err(),
        CipherOptions::fixed_iv_hex("s3cr3t").unwrap_err(),
        c.decrypt("s3cr3t").unwrap_err(),
        c.decrypt(&base64_encode(&[0u8; 32])).unwrap_err(),
        // Not JSON after decryption (an unterminated object holding the PIN).
        reset_pin::open_token(
            &c.encrypt(&format!("{{\"newPIN\":\"{PIN}\"")).unwrap(),
            &c,
            None,
        )
        .unwrap_err(),
        // A plaintext too large to seal.
        c.encrypt(&PIN.repeat(1 << 18)).unwrap_err(),
        reset_pin::build(
            &ResetPinInput {
                new_pin: "1234".into(),
                ..reset_input()
            },
            &options(),
        )
        .unwrap_err(),
        reset_pin::build(
            &ResetPinInput {
                new_pin: "8172".into(),
                last4_digits: "8172".into(),
                ..reset_input()
            },
            &options(),
        )
        .unwrap_err(),
        reset_pin::build(
            &ResetPinInput {
                secure_code: format!("{SECURE_CODE}{SECURE_CODE}").into(),
                ..reset_input()
            },
            &options(),
        )
        .unwrap_err(),
        reset_pin::open_response(
            &c.encrypt(&format!("{{\"newPIN\":\"{PIN}\"}}")).unwrap(),
            &c,
            None,
        )
        .unwrap_err(),
    ];
    let wrong_key =
        TokenCipher::from_text("another-key-of-24-bytes!", CipherOptions::default()).unwrap();
    errors.push(wrong_key.decrypt(&c.encrypt(PIN).unwrap()).unwrap_err());
    for e in &errors {
        let (display, debug) = (e.to_string(), format!("{e:?}"));
        assert_clean(&display, e.code());
        assert_clean(&debug, e.code());
        for f in e.field_errors() {
            assert_clean(&f.message, f.code.as_str());
        }
        if e.code() == "DECRYPT_FAILED" {
            assert_eq!(display, DECRYPT_FAILED_MESSAGE);
        }
    }
}

// No test of wiping on drop here. The `ZeroizeOnDrop` impls of `TokenCipher`, `Pin`,
// `SecretString` and `SecretBytes` are written by hand, so asserting the marker trait passed
// with every wipe removed; and reading freed memory natively would need `unsafe` (forbidden
// here, and undefined behaviour). Where freed memory can be read, inside WebAssembly, the wipes
// are observed: `free_wipes_round_keys_and_fixed_iv` in tests/wasm_boundary.rs (the cipher's
// round keys and fixed IV) and `mod wipe` in vpaes/tests/api.rs (the engine's round keys). Not
// observed anywhere: `Pin`, `SecretString`, `SecretBytes` (each a `zeroize::Zeroizing`) and the
// native `aes::Aes192` (its `zeroize` feature).

#[test]
fn cbc_without_a_mac_is_malleable() {
    // Flipping bits of the IV flips the same bits of the first plaintext block, and the token
    // still opens without any error: CBC gives confidentiality, not integrity.
    let c = cipher();
    let plain = format!("{{\"newPIN\":\"{PIN}\",\"urn\":\"402\"}}");
    let mut raw = base64_decode(&c.encrypt(&plain).unwrap());
    let at = plain.find(PIN).unwrap(); // within the first block (offset < 16)
    assert!(at + 4 <= 16);
    for (i, (from, to)) in PIN.bytes().zip("0000".bytes()).enumerate() {
        raw[at + i] ^= from ^ to;
    }
    let forged = c.decrypt(&base64_encode(&raw)).unwrap();
    assert_eq!(forged.expose(), plain.replace(PIN, "0000"));
}

#[test]
fn fixed_ivs_leak_equal_prefixes() {
    let fixed =
        TokenCipher::from_text(KEY_TEXT, CipherOptions::fixed_iv(&[9; 16]).unwrap()).unwrap();
    let a = base64_decode(
        &fixed
            .encrypt("{\"clientId\":\"Wib\",\"newPIN\":\"5829\"}")
            .unwrap(),
    );
    let b = base64_decode(
        &fixed
            .encrypt("{\"clientId\":\"Wib\",\"newPIN\":\"7315\"}")
            .unwrap(),
    );
    assert_eq!(
        a[..16],
        b[..16],
        "equal first blocks show through a fixed IV"
    );
    assert_ne!(a[16..], b[16..]);
    // With random IVs, equal plaintexts give unrelated tokens.
    let c = cipher();
    let x = base64_decode(&c.encrypt("same").unwrap());
    let y = base64_decode(&c.encrypt("same").unwrap());
    assert_ne!(x, y);
}

#[test]
fn a_redacted_request_is_what_gets_logged() {
    let sealed = reset_pin::seal(&reset_input(), &cipher(), &options()).unwrap();
    let shown = sealed.request.to_json_redacted();
    assert!(shown.contains("\"newPIN\":\"****\""));
    assert!(!shown.contains(PIN));
    // `newPIN` is there exactly once, as `"****"`: the redacted JSON is the request with only
    // the PIN replaced.
    assert_eq!(shown.matches("\"newPIN\":").count(), 1);
    assert_eq!(
        shown.replace("\"newPIN\":\"****\"", &format!("\"newPIN\":\"{PIN}\"")),
        cipher().decrypt(&sealed.token).unwrap().expose()
    );
}
