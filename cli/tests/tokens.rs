//! `pinseal seal` / `open` against OpenSSL (`openssl enc -aes-192-cbc`) and Node's
//! `node:crypto` (`createCipheriv('aes-192-cbc')`), and key files in every form.

mod support;

use std::process::Command;

use support::{file, pinseal, scratch, stdout_of, IV_HEX, KEY_B64, KEY_HEX, KEY_TEXT};

/// The decrypted sample request of SPEC §1.1 (a multi-block plaintext).
const SAMPLE: &str = r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"1212","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#;

/// Plaintexts: empty, short, exactly one block (a whole padding block follows), many blocks.
const PLAINTEXTS: [&str; 4] = ["", "{\"a\":1}", "0123456789abcdef", SAMPLE];

fn key_file(test: &str) -> String {
    file(&scratch(test), "key.b64", format!("{KEY_B64}\n").as_bytes())
}

/// OpenSSL's fixed-IV token of `plaintext`: `base64(ciphertext)`.
fn openssl_seal(plaintext: &str) -> String {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "enc",
        "-aes-192-cbc",
        "-K",
        KEY_HEX,
        "-iv",
        IV_HEX,
        "-base64",
        "-A",
    ]);
    stdout_of(&mut cmd, plaintext.as_bytes()).trim().to_owned()
}

#[test]
fn seal_then_open_gives_the_plaintext_back() {
    let key = key_file("roundtrip");
    for plaintext in PLAINTEXTS {
        let sealed = pinseal(&["seal", "--key-file", &key], plaintext.as_bytes());
        assert_eq!(sealed.status, 0, "{plaintext:?}: {}", sealed.stderr);
        let token = sealed.stdout_text();
        assert!(token.ends_with('\n'), "one token, one line");
        let opened = pinseal(&["open", "--key-file", &key], token.as_bytes());
        assert_eq!(opened.status, 0, "{plaintext:?}: {}", opened.stderr);
        assert_eq!(opened.stdout, plaintext.as_bytes(), "{plaintext:?}");
        // A random IV each time: sealing twice gives two tokens.
        let again = pinseal(&["seal", "--key-file", &key], plaintext.as_bytes());
        assert_ne!(again.stdout, sealed.stdout, "{plaintext:?}");
    }
}

#[test]
fn fixed_iv_tokens_are_openssls_byte_for_byte() {
    let key = key_file("openssl-seal");
    for plaintext in PLAINTEXTS {
        let ours = pinseal(
            &["seal", "--key-file", &key, "--fixed-iv", IV_HEX],
            plaintext.as_bytes(),
        );
        assert_eq!(ours.status, 0, "{plaintext:?}: {}", ours.stderr);
        assert_eq!(
            ours.stdout_text(),
            format!("{}\n", openssl_seal(plaintext)),
            "{plaintext:?}"
        );
    }
}

#[test]
fn opens_openssl_fixed_iv_tokens() {
    let key = key_file("openssl-open");
    for plaintext in PLAINTEXTS {
        let token = openssl_seal(plaintext);
        let opened = pinseal(
            &["open", "--key-file", &key, "--fixed-iv", IV_HEX],
            token.as_bytes(),
        );
        assert_eq!(opened.status, 0, "{plaintext:?}: {}", opened.stderr);
        assert_eq!(opened.stdout, plaintext.as_bytes(), "{plaintext:?}");
    }
}

#[test]
fn opens_node_crypto_tokens_in_both_forms() {
    // Random-IV form: base64(IV || ciphertext); fixed-IV form: base64(ciphertext).
    const SCRIPT: &str = "const c = require('node:crypto');
const [keyHex, ivHex, text] = process.argv.slice(1);
const iv = ivHex === 'random' ? c.randomBytes(16) : Buffer.from(ivHex, 'hex');
const e = c.createCipheriv('aes-192-cbc', Buffer.from(keyHex, 'hex'), iv);
const body = Buffer.concat([e.update(text, 'utf8'), e.final()]);
process.stdout.write((ivHex === 'random' ? Buffer.concat([iv, body]) : body).toString('base64'));";
    let key = key_file("node");
    for plaintext in PLAINTEXTS {
        for (iv, options) in [("random", vec![]), (IV_HEX, vec!["--fixed-iv", IV_HEX])] {
            let mut node = Command::new("node");
            node.args(["-e", SCRIPT, KEY_HEX, iv, plaintext]);
            let token = stdout_of(&mut node, b"");
            let mut args = vec!["open", "--key-file", &key];
            args.extend(options);
            let opened = pinseal(&args, token.as_bytes());
            assert_eq!(opened.status, 0, "{plaintext:?} {iv}: {}", opened.stderr);
            assert_eq!(opened.stdout, plaintext.as_bytes(), "{plaintext:?} {iv}");
        }
    }
}

#[test]
fn key_files_in_every_form_hold_the_same_key() {
    let dir = scratch("key-forms");
    let want = format!("{}\n", openssl_seal(SAMPLE));
    let forms: [(&str, Vec<u8>); 6] = [
        ("raw", KEY_TEXT.as_bytes().to_vec()),
        ("hex", format!("{KEY_HEX}\n").into_bytes()),
        (
            "HEX",
            format!("{}\r\n", KEY_HEX.to_uppercase()).into_bytes(),
        ),
        ("base64", format!("{KEY_B64}\n").into_bytes()),
        ("base64-bare", KEY_B64.as_bytes().to_vec()),
        ("text", format!("{KEY_TEXT}\n").into_bytes()),
    ];
    for (name, content) in forms {
        let key = file(&dir, name, &content);
        let sealed = pinseal(
            &["seal", "--key-file", &key, "--fixed-iv", IV_HEX],
            SAMPLE.as_bytes(),
        );
        assert_eq!(sealed.status, 0, "{name}: {}", sealed.stderr);
        assert_eq!(sealed.stdout_text(), want, "{name}");
    }
}

#[test]
fn bad_key_files_are_invalid_key_and_never_echoed() {
    let dir = scratch("bad-keys");
    // (content, the exact error line)
    let cases: [(&[u8], &str); 5] = [
        // 22 bytes of key text and a line break (23 and one would be 24 raw bytes)
        (
            b"SANDBOX-ONLY-key-22byt\n",
            "error: INVALID_KEY: \"key\" is not base64: character 8 is not standard base64 there (A-Z a-z 0-9 + /, '=' only at the end; base64url's '-' and '_' are not standard base64)\n",
        ),
        // 48 characters that are not hex
        (
            b"SANDBOX-ONLY-key-24bytesSANDBOX-ONLY-key-24byte!",
            "error: INVALID_KEY: \"key\" is not hex: expected 48 hex characters, got 48\n",
        ),
        // base64 of 32 bytes
        (
            b"U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVzU0FOREJPWC0=\n",
            "error: INVALID_KEY: \"key\" expected 24 bytes, got 32\n",
        ),
        // 25 raw bytes, not UTF-8
        (
            b"\xffSANDBOX-ONLY-key-24bytes",
            "error: INVALID_KEY: \"key file\" expected 24 raw bytes or key text, got 25 bytes that are not UTF-8\n",
        ),
        (b"", "error: INVALID_KEY: \"key\" expected 24 bytes, got 0\n"),
    ];
    for (i, (content, want)) in cases.into_iter().enumerate() {
        let key = file(&dir, &format!("bad{i}"), content);
        for command in ["seal", "open"] {
            let run = pinseal(&[command, "--key-file", &key], b"{}");
            assert_eq!(run.status, 3, "{i} {command}");
            assert_eq!(run.stderr, want, "{i} {command}");
            assert!(run.stdout.is_empty());
            let text = String::from_utf8_lossy(content);
            for piece in text.trim().as_bytes().chunks(8).filter(|p| p.len() == 8) {
                let piece = String::from_utf8_lossy(piece);
                assert!(
                    !run.stderr.contains(&*piece),
                    "{i}: key text {piece:?} echoed"
                );
            }
        }
    }
}

#[test]
fn token_errors_have_the_library_codes() {
    let key = key_file("token-errors");
    let other = file(
        &scratch("token-errors-other"),
        "key",
        b"another-key-of-24-bytes!",
    );
    let token = pinseal(&["seal", "--key-file", &key], b"{\"a\":1}").stdout;
    let cases: [(&str, &[u8], &str); 3] = [
        (&key, b"not base64!", "error: MALFORMED_TOKEN: \"token\" is not base64\n"),
        // 3 bytes, shorter than the IV (the library reports the length after the IV as 0)
        (&key, b"AAAA", "error: MALFORMED_TOKEN: \"token\" expected a 16-byte IV and then a positive multiple of 16 bytes, got 3 bytes in all\n"),
        (&other, &token, "error: DECRYPT_FAILED: token could not be decrypted\n"),
    ];
    for (key, stdin, want) in cases {
        let run = pinseal(&["open", "--key-file", key], stdin);
        assert_eq!((run.status, run.stderr.as_str()), (4, want));
    }
    let bad_iv = pinseal(&["seal", "--key-file", &key, "--fixed-iv", "00ff"], b"{}");
    assert_eq!(
        (bad_iv.status, bad_iv.stderr.as_str()),
        (3, "error: INVALID_IV: \"iv\" expected 16 bytes, got 2\n")
    );
}
