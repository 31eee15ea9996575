//! TokenCipher (SPEC §2, §7): key forms, IV modes, token errors and limits, redaction.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use pinseal::reset_pin;
use pinseal::{CipherOptions, Error, TokenCipher, DECRYPT_FAILED_MESSAGE, MAX_TOKEN_BYTES};

const KEY: [u8; 24] = *b"0123456789abcdefghijklmn";

fn base64_encode(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

/// The decoded bytes of a token pinseal made (standard alphabet, padded).
fn base64_decode(token: &str) -> Vec<u8> {
    B64.decode(token).unwrap()
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn k() -> TokenCipher {
    TokenCipher::from_bytes(&KEY, CipherOptions::default()).unwrap()
}

#[test]
fn the_four_key_forms_are_the_same_key() {
    let token = k().encrypt("hello").unwrap();
    let hex = hex_encode(&KEY);
    let forms = [
        TokenCipher::from_hex(&hex, CipherOptions::default()).unwrap(),
        TokenCipher::from_hex(&hex.to_uppercase(), CipherOptions::default()).unwrap(),
        TokenCipher::from_base64(&base64_encode(&KEY), CipherOptions::default()).unwrap(),
        TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default()).unwrap(),
    ];
    for c in forms {
        assert_eq!(c.decrypt(&token).unwrap().expose(), "hello");
    }
}

#[test]
fn invalid_keys_name_the_length_found_and_never_the_key() {
    let cases: &[(Result<TokenCipher, pinseal::Error>, &str)] = &[
        (
            TokenCipher::from_bytes(&[1; 15], CipherOptions::default()),
            "\"key\" expected 24 bytes, got 15",
        ),
        (
            TokenCipher::from_bytes(&[1; 32], CipherOptions::default()),
            "\"key\" expected 24 bytes, got 32",
        ),
        (
            TokenCipher::from_bytes(&[], CipherOptions::default()),
            "\"key\" expected 24 bytes, got 0",
        ),
        (
            TokenCipher::from_hex("00112233", CipherOptions::default()),
            "\"key\" expected 24 bytes, got 4",
        ),
        (
            TokenCipher::from_hex("zz", CipherOptions::default()),
            "\"key\" is not hex: expected 48 hex characters, got 2",
        ),
        (
            TokenCipher::from_hex("abc", CipherOptions::default()),
            "\"key\" is not hex: expected 48 hex characters, got 3",
        ),
        (
            TokenCipher::from_base64("c2VjcmV0LWtleS0xNg==", CipherOptions::default()),
            "\"key\" expected 24 bytes, got 13",
        ),
        (
            TokenCipher::from_base64("not base64!", CipherOptions::default()),
            "\"key\" is not base64: character 11 is not standard base64 there (A-Z a-z 0-9 + /, '=' only at the end; base64url's '-' and '_' are not standard base64)",
        ),
        (
            // base64url of a 24-byte key: the message says where, never which character.
            TokenCipher::from_base64("MDEy-zQ1Njc4OWFiY2RlZmdoaWprbG1u", CipherOptions::default()),
            "\"key\" is not base64: character 5 is not standard base64 there (A-Z a-z 0-9 + /, '=' only at the end; base64url's '-' and '_' are not standard base64)",
        ),
        (
            TokenCipher::from_base64("MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1", CipherOptions::default()),
            "\"key\" is not base64: expected 32 base64 characters, got 31",
        ),
        (
            TokenCipher::from_text("short-secret-key", CipherOptions::default()),
            "\"key\" expected 24 bytes, got 16",
        ),
        (
            TokenCipher::from_text("0123456789abcdefghijklmé", CipherOptions::default()),
            "\"key\" expected 24 bytes, got 25",
        ),
    ];
    for (result, message) in cases {
        let err = result.as_ref().unwrap_err();
        assert_eq!(err.code(), "INVALID_KEY");
        assert_eq!(&err.to_string(), message);
        assert!(!err.to_string().contains("secret"));
    }
}

#[test]
fn invalid_fixed_ivs() {
    for (result, message) in [
        (
            CipherOptions::fixed_iv(&[0; 15]),
            "\"iv\" expected 16 bytes, got 15",
        ),
        (
            CipherOptions::fixed_iv_hex("00"),
            "\"iv\" expected 16 bytes, got 1",
        ),
        (
            CipherOptions::fixed_iv_hex("xyz"),
            "\"iv\" is not hex: expected 32 hex characters, got 3",
        ),
    ] {
        let err = result.unwrap_err();
        assert_eq!(
            (err.code(), err.to_string().as_str()),
            ("INVALID_IV", message)
        );
    }
}

#[test]
fn random_iv_tokens_differ_and_fixed_iv_tokens_repeat() {
    let a = k().encrypt("same").unwrap();
    let b = k().encrypt("same").unwrap();
    assert_ne!(a, b);
    assert_eq!(base64_decode(&a).len(), 32);
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&[0; 16]).unwrap()).unwrap();
    assert_eq!(
        fixed.encrypt("same").unwrap(),
        fixed.encrypt("same").unwrap()
    );
    assert_eq!(base64_decode(&fixed.encrypt("same").unwrap()).len(), 16);
}

#[test]
fn malformed_tokens() {
    let c = k();
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&[0; 16]).unwrap()).unwrap();
    for (cipher, token) in [
        (&c, "not base64!"),
        (&c, "AAAA-___"),
        (&c, ""),
        (&c, &base64_encode(&[0; 16])), // IV only
        (&c, &base64_encode(&[0; 17])), // IV + 1
        (&c, &base64_encode(&[0; 40])), // not a multiple of 16 after the IV
        (&fixed, ""),
        (&fixed, &base64_encode(&[0; 15])),
        (&fixed, "A"),
        (&fixed, "Zh=="), // non-zero trailing bits
    ] {
        let err = cipher.decrypt(token).unwrap_err();
        assert_eq!(err.code(), "MALFORMED_TOKEN", "{token:?}");
    }
}

#[test]
fn base64_input_is_lenient_about_whitespace_and_padding() {
    let c = k();
    let token = c.encrypt("wrapped by a Java MIME encoder").unwrap();
    let unpadded = token.trim_end_matches('=');
    let wrapped: String = token
        .chars()
        .enumerate()
        .flat_map(|(i, ch)| {
            if i % 10 == 9 {
                vec![ch, '\r', '\n']
            } else {
                vec![ch]
            }
        })
        .collect();
    for t in [unpadded.to_string(), wrapped, format!(" \t{token}\n")] {
        assert_eq!(
            c.decrypt(&t).unwrap().expose(),
            "wrapped by a Java MIME encoder"
        );
    }
}

#[test]
fn decrypt_failures_are_uniform() {
    let other = TokenCipher::from_bytes(&[42; 24], CipherOptions::default()).unwrap();
    let mut messages = std::collections::BTreeSet::new();
    let mut wrong_key_failures = 0;
    for i in 0..40 {
        let token = k().encrypt(&"x".repeat(i)).unwrap();
        // A wrong key: the last block decrypts to noise, which ends in valid padding about one
        // time in 256 (a token that then opens is no failure to check), so nearly all fail.
        if let Err(e) = other.decrypt_bytes(&token) {
            assert_eq!(e.code(), "DECRYPT_FAILED", "wrong key, length {i}");
            messages.insert(e.to_string());
            wrong_key_failures += 1;
        }
        // The right key, with the last padding byte's low bit flipped (through the byte before
        // it in the token, IV included): padding n becomes n ^ 1, never valid PKCS#7 (0, over
        // 16, or unequal to the byte before it, which is n), so this always fails.
        let mut raw = base64_decode(&token);
        let at = raw.len() - 17;
        raw[at] ^= 1;
        let Err(e) = k().decrypt_bytes(&base64_encode(&raw)) else {
            panic!("flipped padding, length {i}: opened");
        };
        assert_eq!(e.code(), "DECRYPT_FAILED", "flipped padding, length {i}");
        messages.insert(e.to_string());
    }
    assert!(
        wrong_key_failures >= 30,
        "only {wrong_key_failures} of 40 tokens failed under a wrong key"
    );
    // Invalid UTF-8 and non-JSON after decryption (opening a response token): the same error.
    let bad_utf8 = k().encrypt_bytes(&[0xff, 0xfe]).unwrap();
    let e = k().decrypt(&bad_utf8).unwrap_err();
    assert_eq!(e.code(), "DECRYPT_FAILED");
    messages.insert(e.to_string());
    let e = reset_pin::open_token(&bad_utf8, &k(), None).unwrap_err();
    assert_eq!(e.code(), "DECRYPT_FAILED");
    messages.insert(e.to_string());
    let not_json = k().encrypt("{nope").unwrap();
    let e = reset_pin::open_token(&not_json, &k(), None).unwrap_err();
    assert_eq!(e.code(), "DECRYPT_FAILED");
    messages.insert(e.to_string());
    assert_eq!(
        messages.into_iter().collect::<Vec<_>>(),
        [DECRYPT_FAILED_MESSAGE]
    );
}

#[test]
fn token_size_limit_is_exactly_one_mebibyte_decoded() {
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&[0; 16]).unwrap()).unwrap();
    // Exactly 1 MiB of ciphertext: accepted (it decrypts or fails on padding, not on size).
    let at_limit = base64_encode(&vec![0u8; MAX_TOKEN_BYTES]);
    let err = fixed.decrypt_bytes(&at_limit).err().map(|e| e.code());
    assert_ne!(err, Some("TOKEN_TOO_LARGE"));
    // A real 1 MiB token (random mode: IV + ciphertext = 1 MiB) round-trips.
    let plain = vec![7u8; MAX_TOKEN_BYTES - 16 - 1];
    let token = k().encrypt_bytes(&plain).unwrap();
    assert_eq!(base64_decode(&token).len(), MAX_TOKEN_BYTES);
    assert_eq!(
        k().decrypt_bytes(&token).unwrap().expose().len(),
        plain.len()
    );
    // One byte more: TOKEN_TOO_LARGE.
    let over = base64_encode(&vec![0u8; MAX_TOKEN_BYTES + 1]);
    let err = fixed.decrypt_bytes(&over).unwrap_err();
    assert_eq!(err.code(), "TOKEN_TOO_LARGE");
    assert_eq!(
        err.to_string(),
        format!(
            "\"token\" expected at most {MAX_TOKEN_BYTES} bytes, got {}",
            MAX_TOKEN_BYTES + 1
        )
    );
}

#[test]
fn odd_length_hex_keys_name_the_count_and_never_the_key() {
    let full = hex_encode(&KEY); // 48 hex characters
    let long = format!("{full}a");
    for (key, count) in [(&full[..47], "47"), (long.as_str(), "49")] {
        assert_eq!(key.len().to_string(), count);
        let err = TokenCipher::from_hex(key, CipherOptions::default()).unwrap_err();
        assert_eq!(err.code(), "INVALID_KEY", "{count} characters");
        assert!(matches!(err, Error::InvalidKey(_)));
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert_eq!(
            display,
            format!("\"key\" is not hex: expected 48 hex characters, got {count}")
        );
        assert!(display.contains(count), "{display}");
        for text in [&display, &debug] {
            assert!(!text.contains(key), "{text}");
            // Not even a fragment of the key: no run of 8 of its characters.
            for window in key.as_bytes().windows(8) {
                let fragment = std::str::from_utf8(window).unwrap();
                assert!(!text.contains(fragment), "{text} has {fragment:?}");
            }
        }
    }
    // Control: the same hex at 48 characters is a key. 47 and 49 (23.5 and 24.5 bytes) are
    // refused above, never truncated or padded into one.
    assert!(TokenCipher::from_hex(&full, CipherOptions::default()).is_ok());
}

/// The token size of a plaintext: IV (random mode only) + PKCS#7-padded ciphertext.
fn token_size(plain_len: usize, random_iv: bool) -> usize {
    let iv = if random_iv { 16 } else { 0 };
    iv + (plain_len / 16 + 1) * 16
}

#[test]
fn sealing_refuses_what_opening_would_refuse() {
    assert_eq!(MAX_TOKEN_BYTES, 1 << 20);
    let random = k();
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&[0; 16]).unwrap()).unwrap();
    let too_large = |err: Error, size: usize| {
        assert_eq!(err.code(), "TOKEN_TOO_LARGE");
        assert_eq!(err, Error::TokenTooLarge { size });
        assert_eq!(
            err.to_string(),
            format!("\"token\" expected at most {MAX_TOKEN_BYTES} bytes, got {size}")
        );
    };
    // (plaintext length, random IV?, accepted?)
    let cases = [
        ((1 << 20) - 32, true, true),
        ((1 << 20) - 17, true, true),
        ((1 << 20) - 16, true, false),
        ((1 << 20) - 16, false, true),
        ((1 << 20) - 1, false, true),
        (1 << 20, false, false),
    ];
    for (len, random_iv, ok) in cases {
        let cipher = if random_iv { &random } else { &fixed };
        let size = token_size(len, random_iv);
        assert_eq!(size <= MAX_TOKEN_BYTES, ok, "length {len}");
        // Text and bytes, same rule.
        let text = "p".repeat(len);
        for result in [cipher.encrypt(&text), cipher.encrypt_bytes(text.as_bytes())] {
            if ok {
                let token = result.unwrap();
                assert_eq!(base64_decode(&token).len(), size, "length {len}");
                // Every token pinseal makes, pinseal can open.
                assert_eq!(cipher.decrypt(&token).unwrap().expose(), text);
            } else {
                too_large(result.unwrap_err(), size);
            }
        }
    }
    assert_eq!(token_size((1 << 20) - 16, true), MAX_TOKEN_BYTES + 16);
    assert_eq!(token_size(1 << 20, false), MAX_TOKEN_BYTES + 16);
}

#[test]
fn debug_output_is_redacted() {
    let c = k();
    assert_eq!(format!("{c:?}"), "TokenCipher { .. }");
    let fixed = CipherOptions::fixed_iv(&[0xAB; 16]).unwrap();
    assert!(!format!("{fixed:?}").to_lowercase().contains("ab"));
    let plain = c
        .decrypt(&c.encrypt("my secret plaintext").unwrap())
        .unwrap();
    assert!(!format!("{plain:?}").contains("secret"));
}

/// Interop with an implementation we did not write: the `openssl enc` CLI, both directions,
/// both IV modes, plaintext lengths 0 to 1000.
#[test]
fn interop_with_openssl_cli() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    if Command::new("openssl").arg("version").output().is_err() {
        panic!("openssl CLI is required for the interop test (Debian package openssl)");
    }
    let key_hex = hex_encode(&KEY);
    let iv = [0x5au8; 16];
    let iv_hex = hex_encode(&iv);
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&iv).unwrap()).unwrap();
    let random = k();
    let openssl = |args: &[&str], input: &[u8]| -> Vec<u8> {
        let mut child = Command::new("openssl")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "openssl {args:?} failed");
        out.stdout
    };
    let lengths: Vec<usize> = (0..=64)
        .chain((65..=1000).step_by(13))
        .chain([999, 1000])
        .collect();
    for len in lengths {
        let plain: Vec<u8> = (0..len).map(|i| (i * 31 + len) as u8).collect();
        // pinseal -> openssl (fixed IV)
        let ct = base64_decode(&fixed.encrypt_bytes(&plain).unwrap());
        let back = openssl(
            &["enc", "-d", "-aes-192-cbc", "-K", &key_hex, "-iv", &iv_hex],
            &ct,
        );
        assert_eq!(
            back, plain,
            "openssl could not open pinseal's fixed-IV token, length {len}"
        );
        // pinseal -> openssl (random IV: the first 16 bytes are the IV)
        let raw = base64_decode(&random.encrypt_bytes(&plain).unwrap());
        let (iv2, ct2) = raw.split_at(16);
        let back = openssl(
            &[
                "enc",
                "-d",
                "-aes-192-cbc",
                "-K",
                &key_hex,
                "-iv",
                &hex_encode(iv2),
            ],
            ct2,
        );
        assert_eq!(
            back, plain,
            "openssl could not open pinseal's random-IV token, length {len}"
        );
        // openssl -> pinseal (fixed IV, and random mode with the IV put in front)
        let ct = openssl(
            &["enc", "-aes-192-cbc", "-K", &key_hex, "-iv", &iv_hex],
            &plain,
        );
        assert_eq!(
            fixed.decrypt_bytes(&base64_encode(&ct)).unwrap().expose(),
            &plain[..],
            "length {len}"
        );
        let mut with_iv = iv.to_vec();
        with_iv.extend_from_slice(&ct);
        assert_eq!(
            random
                .decrypt_bytes(&base64_encode(&with_iv))
                .unwrap()
                .expose(),
            &plain[..],
            "length {len}"
        );
    }
}

#[test]
fn a_token_shorter_than_its_iv_says_so() {
    // An error body handed over as the token: 12 base64 characters, 9 bytes.
    let err = k().decrypt("Unauthorized").unwrap_err();
    assert_eq!(err.code(), "MALFORMED_TOKEN");
    assert_eq!(
        err.message(),
        "\"token\" expected a 16-byte IV and then a positive multiple of 16 bytes, got 9 bytes in all"
    );
    let err = k().open_bytes(&[0; 16]).unwrap_err();
    assert_eq!(
        err.message(),
        "\"token\" expected a positive multiple of 16 bytes after the IV, got 0"
    );
}

#[test]
fn seal_bytes_is_the_token_before_base64_and_open_bytes_opens_it() {
    let fixed = TokenCipher::from_bytes(&KEY, CipherOptions::fixed_iv(&[7; 16]).unwrap()).unwrap();
    let sealed = fixed.seal_bytes(b"abc").unwrap();
    assert_eq!(sealed.len(), 16, "fixed IV: one block, no IV in front");
    assert_eq!(base64_encode(&sealed), fixed.encrypt_bytes(b"abc").unwrap());
    assert_eq!(fixed.open_bytes(&sealed).unwrap().expose(), b"abc");

    let random = k();
    let sealed = random.seal_bytes(b"abc").unwrap();
    assert_eq!(sealed.len(), 32, "random IV in front");
    assert_eq!(
        random
            .decrypt_bytes(&base64_encode(&sealed))
            .unwrap()
            .expose(),
        b"abc"
    );
    let token = random.encrypt("opened from bytes").unwrap();
    assert_eq!(
        random.open_bytes(&base64_decode(&token)).unwrap().expose(),
        b"opened from bytes"
    );

    let largest = random.max_plaintext_len();
    let sealed = random.seal_bytes(&vec![5; largest]).unwrap();
    assert_eq!(sealed.len(), MAX_TOKEN_BYTES);
    assert_eq!(random.open_bytes(&sealed).unwrap().expose().len(), largest);
    assert!(matches!(
        random.seal_bytes(&vec![5; largest + 1]),
        Err(Error::TokenTooLarge { size }) if size == MAX_TOKEN_BYTES + 16
    ));
    assert!(matches!(
        random.open_bytes(&vec![0; MAX_TOKEN_BYTES + 16]),
        Err(Error::TokenTooLarge { size }) if size == MAX_TOKEN_BYTES + 16
    ));
    let short = random.open_bytes(&[0; 24]).unwrap_err();
    assert_eq!(short.code(), "MALFORMED_TOKEN");
    assert_eq!(
        short.message(),
        "\"token\" expected a positive multiple of 16 bytes after the IV, got 8"
    );
    assert!(matches!(
        random.open_bytes(&[0; 32]),
        Err(Error::DecryptFailed)
    ));
}
