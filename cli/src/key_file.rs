//! Key files: 24 raw bytes, or the key as text (48 hex characters, 32 base64 characters, or
//! 24 bytes of key text), decided by the file's content; never echoed.

use std::fs::File;

use pinseal::{CipherOptions, Error, TokenCipher};

use crate::failure::Failure;
use crate::stdio;

/// Longest key file read: any key form fits many times over.
const MAX_KEY_FILE: usize = 4096;

/// The cipher of the key in the file at `path`.
pub fn cipher(path: &str, options: CipherOptions) -> Result<TokenCipher, Failure> {
    let file = File::open(path)
        .map_err(|e| Failure::io(&format!("cannot read key file \"{path}\""), &e))?;
    let bytes = stdio::read_all(file, MAX_KEY_FILE)
        .map_err(|e| Failure::io(&format!("cannot read key file \"{path}\""), &e))?
        .ok_or_else(|| {
            Failure::from(Error::InvalidKey(format!(
                "\"key file\" expected at most {MAX_KEY_FILE} bytes, got more"
            )))
        })?;
    Ok(from_content(&bytes, options)?)
}

/// The key a key file holds:
/// - exactly 24 bytes: the raw key;
/// - otherwise UTF-8 text, trimmed of spaces, tabs and line breaks at both ends, then
///   48 characters: hex; 24 bytes: the key text itself (a partner's text key saved with a
///   line break); anything else: standard base64 (32 characters).
///
/// Only lengths steer the choice, never the key's characters, and every error gives lengths
/// only (the library's `INVALID_KEY` messages).
pub fn from_content(bytes: &[u8], options: CipherOptions) -> pinseal::Result<TokenCipher> {
    if bytes.len() == 24 {
        return TokenCipher::from_bytes(bytes, options);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::InvalidKey(format!(
            "\"key file\" expected 24 raw bytes or key text, got {} bytes that are not UTF-8",
            bytes.len()
        ))
    })?;
    let text = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    match text.len() {
        48 => TokenCipher::from_hex(text, options),
        24 => TokenCipher::from_text(text, options),
        _ => TokenCipher::from_base64(text, options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8; 24] = b"SANDBOX-ONLY-key-24bytes";

    fn token(content: &[u8]) -> pinseal::Result<String> {
        let options = CipherOptions::fixed_iv(&[0; 16])?;
        from_content(content, options)?.encrypt("{}")
    }

    #[test]
    fn every_form_gives_the_same_key() {
        let want = token(KEY).unwrap();
        let forms: [&[u8]; 6] = [
            b"53414e44424f582d4f4e4c592d6b65792d3234627974657\x33",
            b"53414E44424F582D4F4E4C592D6B65792D32346279746573\r\n",
            b"U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz\n",
            b"  U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz",
            b"SANDBOX-ONLY-key-24bytes\n",
            KEY,
        ];
        for form in forms {
            assert_eq!(
                token(form).unwrap(),
                want,
                "{:?}",
                String::from_utf8_lossy(form)
            );
        }
    }

    #[test]
    fn bad_keys_give_lengths_only() {
        let cases: [(&[u8], &str); 4] = [
            (
                b"0011223!",
                "\"key\" is not base64: character 8 is not standard base64 there (A-Z a-z 0-9 + /, '=' only at the end; base64url's '-' and '_' are not standard base64)",
            ),
            (
                b"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "\"key\" expected 24 bytes, got 32",
            ),
            (
                b"zz0102030405060708090a0b0c0d0e0f1011121314151617",
                "\"key\" is not hex: expected 48 hex characters, got 48",
            ),
            (
                b"\xff\xfe",
                "\"key file\" expected 24 raw bytes or key text, got 2 bytes that are not UTF-8",
            ),
        ];
        for (content, want) in cases {
            let err = token(content).unwrap_err();
            assert_eq!((err.code(), err.message().as_str()), ("INVALID_KEY", want));
        }
    }
}
