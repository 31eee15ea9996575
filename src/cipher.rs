//! [`TokenCipher`]: `base64(AES-192-CBC, PKCS#7)` request tokens.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use base64ct::Encoding as _;
use cbc::cipher::{
    block_padding::Pkcs7, Array, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit,
};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};
use crate::secret::{SecretBytes, SecretString};
use crate::text::{join, num};

// Natively the `aes` crate (AES-NI / ARMv8 AES where present); in WebAssembly the
// constant-time vector-permute engine on simd128 (`vpaes/`), 4.6x the `aes` crate's portable
// bitsliced code for CBC encryption there (vpaes/README.md).
#[cfg(not(target_arch = "wasm32"))]
use aes::Aes192;
#[cfg(target_arch = "wasm32")]
use pinseal_vpaes::Aes192;

/// Largest token accepted, in decoded bytes (IV included): 1 MiB.
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

const KEY_LEN: usize = 24;
const BLOCK: usize = 16;

/// How each token's IV is chosen.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum IvMode {
    /// A fresh IV from the CSPRNG per token, sent in front: `base64(IV ‖ ciphertext)`.
    #[default]
    Random,
    /// One caller-given IV for every token, not sent: `base64(ciphertext)`. Weaker: equal
    /// plaintext prefixes give equal ciphertext prefixes. Only for partners whose contract fixes it.
    Fixed([u8; BLOCK]),
}

impl fmt::Debug for IvMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IvMode::Random => f.write_str("Random"),
            IvMode::Fixed(_) => f.write_str("Fixed(..)"),
        }
    }
}

impl Drop for IvMode {
    fn drop(&mut self) {
        if let IvMode::Fixed(iv) = self {
            iv.zeroize();
        }
    }
}

/// Options of a [`TokenCipher`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CipherOptions {
    /// The IV mode; random by default.
    pub iv: IvMode,
}

impl CipherOptions {
    /// A fixed IV given as 16 bytes.
    ///
    /// # Errors
    /// [`Error::InvalidIv`] unless `iv` is 16 bytes.
    pub fn fixed_iv(iv: &[u8]) -> Result<Self> {
        let iv: [u8; BLOCK] = iv.try_into().map_err(|_| {
            Error::InvalidIv(join(&["\"iv\" expected 16 bytes, got ", &num(iv.len())]))
        })?;
        Ok(CipherOptions {
            iv: IvMode::Fixed(iv),
        })
    }

    /// A fixed IV given as 32 hex characters (either case).
    ///
    /// # Errors
    /// [`Error::InvalidIv`] unless `hex` is 32 hex characters.
    pub fn fixed_iv_hex(hex: &str) -> Result<Self> {
        let bytes = hex_decode(hex).ok_or_else(|| {
            Error::InvalidIv(join(&[
                "\"iv\" is not hex: expected 32 hex characters, got ",
                &num(hex.chars().count()),
            ]))
        })?;
        Self::fixed_iv(&bytes)
    }
}

/// Seals and opens tokens with one 24-byte AES-192 key.
///
/// The expanded key is wiped when the cipher is dropped (`free()` in JavaScript). CBC has no
/// MAC: an opened token is confidential but not authenticated.
#[derive(Clone)]
pub struct TokenCipher {
    aes: Aes192,
    iv: IvMode,
}

// The expanded key (`aes::Aes192` with its `zeroize` feature, or `pinseal_vpaes::Aes192`) wipes
// itself on drop; a fixed IV is wiped by `IvMode`'s `Drop`.
impl zeroize::ZeroizeOnDrop for TokenCipher {}

impl fmt::Debug for TokenCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenCipher { .. }")
    }
}

fn key_len_error(found: usize) -> Error {
    Error::InvalidKey(join(&["\"key\" expected 24 bytes, got ", &num(found)]))
}

/// Hex of either case, in constant time (the text is key material). `None` unless every
/// character is hex and their number is even.
fn hex_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if text.len() % 2 != 0 {
        return None;
    }
    base16ct::mixed::decode_vec(text).ok().map(Zeroizing::new)
}

/// Whether `c` is the ASCII whitespace that base64 input may carry (SPEC §7).
fn is_b64_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Why a base64 text was refused.
enum B64Error {
    Malformed,
    TooLarge(usize),
}

/// What a base64 text holds, which picks its decoder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum B64Text {
    /// Key material: `base64ct`, constant time.
    Key,
    /// A token, which is ciphertext (public): the `base64` crate's table decoder, which
    /// measured 40% faster here for a 1 MiB token (88 vs 63 MB/s through `decryptBytes` in
    /// Node, README "Size ledger").
    Token,
}

/// Standard base64 with optional padding, ASCII whitespace ignored (SPEC §2). Sizes over `max`
/// are refused before anything is decoded or allocated for the output.
fn b64_decode(
    text: &str,
    max: usize,
    what: B64Text,
) -> core::result::Result<Zeroizing<Vec<u8>>, B64Error> {
    let bytes = text.as_bytes();
    let (mut chars, mut pads, mut spaces) = (0usize, 0usize, false);
    for &c in bytes {
        if is_b64_space(c) {
            spaces = true;
        } else if c == b'=' {
            pads += 1;
        } else if pads == 0 && (c.is_ascii_alphanumeric() || c == b'+' || c == b'/') {
            chars += 1;
        } else {
            // Outside the alphabet, or data after padding.
            return Err(B64Error::Malformed);
        }
    }
    let size = chars / 4 * 3 + (chars % 4).saturating_sub(1);
    if size > max {
        return Err(B64Error::TooLarge(size));
    }
    if pads > 0 && (chars % 4 == 0 || pads != 4 - chars % 4) {
        return Err(B64Error::Malformed);
    }
    // Only the significant characters: no whitespace, no padding (already checked above).
    // Without whitespace the padding is the text's tail, so a slice does (no copy).
    let compact: Option<Zeroizing<Vec<u8>>> = spaces.then(|| {
        Zeroizing::new(
            bytes
                .iter()
                .copied()
                .filter(|&c| c != b'=' && !is_b64_space(c))
                .collect(),
        )
    });
    let input = match &compact {
        Some(compact) => compact.as_slice(),
        None => bytes.get(..bytes.len() - pads).unwrap_or_default(),
    };
    let decoded = match what {
        B64Text::Key => core::str::from_utf8(input)
            .ok()
            .and_then(|t| base64ct::Base64Unpadded::decode_vec(t).ok()),
        B64Text::Token => {
            use base64::Engine as _;
            let engine = base64::engine::GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
            );
            engine.decode(input).ok()
        }
    };
    decoded.map(Zeroizing::new).ok_or(B64Error::Malformed)
}

impl TokenCipher {
    /// A cipher from the 24 raw key bytes.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] naming the length found unless `key` is 24 bytes.
    pub fn from_bytes(key: &[u8], options: CipherOptions) -> Result<Self> {
        if key.len() != KEY_LEN {
            return Err(key_len_error(key.len()));
        }
        let aes = Aes192::new_from_slice(key).map_err(|_| key_len_error(key.len()))?;
        Ok(TokenCipher {
            aes,
            iv: options.iv,
        })
    }

    /// A cipher from 48 hex characters (either case).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if `key` is not hex or does not decode to 24 bytes.
    pub fn from_hex(key: &str, options: CipherOptions) -> Result<Self> {
        let bytes = hex_decode(key).ok_or_else(|| {
            Error::InvalidKey(join(&[
                "\"key\" is not hex: expected 48 hex characters, got ",
                &num(key.chars().count()),
            ]))
        })?;
        Self::from_bytes(&bytes, options)
    }

    /// A cipher from standard base64 (32 characters for 24 bytes).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if `key` is not base64 or does not decode to 24 bytes.
    pub fn from_base64(key: &str, options: CipherOptions) -> Result<Self> {
        let bytes = b64_decode(key, 4096, B64Text::Key).map_err(|e| match e {
            B64Error::TooLarge(size) => key_len_error(size),
            B64Error::Malformed => Error::InvalidKey(join(&[
                "\"key\" is not base64: expected 32 base64 characters, got ",
                &num(key.chars().count()),
            ])),
        })?;
        Self::from_bytes(&bytes, options)
    }

    /// A cipher from key text whose UTF-8 encoding is exactly 24 bytes (partners often issue
    /// keys as text). The text is used as it is: never padded, truncated or hashed.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] unless `key` is 24 bytes of UTF-8.
    pub fn from_text(key: &str, options: CipherOptions) -> Result<Self> {
        Self::from_bytes(key.as_bytes(), options)
    }

    /// Seals `plaintext` (UTF-8) into a token.
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] if a random IV cannot be drawn.
    pub fn encrypt(&self, plaintext: &str) -> Result<String> {
        self.encrypt_bytes(plaintext.as_bytes())
    }

    /// Seals binary `plaintext` into a token.
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] if a random IV cannot be drawn.
    pub fn encrypt_bytes(&self, plaintext: &[u8]) -> Result<String> {
        let mut iv = Zeroizing::new([0u8; BLOCK]);
        let prefix = match &self.iv {
            IvMode::Random => {
                crate::random::fill(iv.as_mut())?;
                BLOCK
            }
            IvMode::Fixed(fixed) => {
                iv.copy_from_slice(fixed);
                0
            }
        };
        let padded = (plaintext.len() / BLOCK + 1) * BLOCK;
        // Every token pinseal makes, pinseal can open (SPEC §2).
        if prefix + padded > MAX_TOKEN_BYTES {
            return Err(Error::TokenTooLarge {
                size: prefix + padded,
            });
        }
        // One buffer, IV then ciphertext, encrypted in place so no plaintext copy outlives it.
        let mut buf = Zeroizing::new(Vec::with_capacity(prefix + padded));
        buf.extend_from_slice(iv.get(..prefix).unwrap_or_default());
        buf.extend_from_slice(plaintext);
        buf.resize(prefix + padded, 0);
        let body = buf.get_mut(prefix..).unwrap_or_default();
        let iv_arr = Zeroizing::new(Array::from(*iv));
        cbc::Encryptor::<Aes192>::inner_iv_init(self.aes.clone(), &iv_arr)
            .encrypt_padded::<Pkcs7>(body, plaintext.len())
            .map_err(|_| Error::InvalidInput("internal: padding buffer too small".into()))?;
        use base64::Engine as _;
        Ok(base64::engine::general_purpose::STANDARD.encode(buf.as_slice()))
    }

    /// Opens a token into its plaintext bytes.
    ///
    /// # Errors
    /// [`Error::MalformedToken`] for bad base64 or a bad length, [`Error::TokenTooLarge`] over
    /// [`MAX_TOKEN_BYTES`], and one uniform [`Error::DecryptFailed`] for anything after that.
    pub fn decrypt_bytes(&self, token: &str) -> Result<SecretBytes> {
        let mut plain = self.open(token)?;
        // Moved out, not copied: the buffer left behind is empty.
        Ok(SecretBytes::from(core::mem::take(&mut *plain)))
    }

    /// Opens a token into its UTF-8 plaintext.
    ///
    /// # Errors
    /// As [`TokenCipher::decrypt_bytes`]; invalid UTF-8 is [`Error::DecryptFailed`].
    pub fn decrypt(&self, token: &str) -> Result<SecretString> {
        let mut plain = self.open(token)?;
        match String::from_utf8(core::mem::take(&mut *plain)) {
            Ok(text) => Ok(SecretString::from(text)),
            Err(not_text) => {
                // The error owns the plaintext: wipe it before it drops.
                not_text.into_bytes().zeroize();
                Err(Error::DecryptFailed)
            }
        }
    }

    /// Decodes, checks the length facts and decrypts in place; returns exactly the unpadded
    /// plaintext, in the buffer the token was decoded into (no copy of a megabyte token).
    fn open(&self, token: &str) -> Result<Zeroizing<Vec<u8>>> {
        let mut raw = b64_decode(token, MAX_TOKEN_BYTES, B64Text::Token).map_err(|e| match e {
            B64Error::TooLarge(size) => Error::TokenTooLarge { size },
            B64Error::Malformed => Error::MalformedToken("\"token\" is not base64".into()),
        })?;
        // The IV copy is wiped too: for a fixed IV it is part of the key material.
        let (iv, start, after) = match &self.iv {
            IvMode::Random => (
                Zeroizing::new(raw.first_chunk::<BLOCK>().copied().unwrap_or([0; BLOCK])),
                BLOCK.min(raw.len()),
                " after the IV",
            ),
            IvMode::Fixed(fixed) => (Zeroizing::new(*fixed), 0, ""),
        };
        let body = raw.get_mut(start..).unwrap_or_default();
        if body.is_empty() || body.len() % BLOCK != 0 {
            return Err(Error::MalformedToken(join(&[
                "\"token\" expected a positive multiple of 16 bytes",
                after,
                ", got ",
                &num(body.len()),
            ])));
        }
        let iv_arr = Zeroizing::new(Array::from(*iv));
        let len = cbc::Decryptor::<Aes192>::inner_iv_init(self.aes.clone(), &iv_arr)
            .decrypt_padded::<Pkcs7>(body)
            .map_err(|_| Error::DecryptFailed)?
            .len();
        // The plaintext to the front (a 16-byte move per token in random-IV mode); what
        // follows it is wiped with the whole capacity when `raw` drops.
        raw.copy_within(start..start + len, 0);
        raw.truncate(len);
        Ok(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both decoders must agree on every case.
    fn decode(text: &str) -> Option<Vec<u8>> {
        let key = b64_decode(text, 100, B64Text::Key).ok().map(|b| b.to_vec());
        let token = b64_decode(text, 100, B64Text::Token)
            .ok()
            .map(|b| b.to_vec());
        assert_eq!(key, token, "{text:?}");
        token
    }

    #[test]
    fn base64_rfc4648_section_10_with_and_without_padding() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64ct::Base64::encode_string(plain.as_bytes()), enc);
            assert_eq!(decode(enc).as_deref(), Some(plain.as_bytes()), "{enc}");
            let bare = enc.trim_end_matches('=');
            assert_eq!(decode(bare).as_deref(), Some(plain.as_bytes()), "{bare}");
        }
    }

    #[test]
    fn base64_whitespace_is_ignored_and_everything_else_refused() {
        assert_eq!(decode(" Zm9v\r\nYmE=\t").as_deref(), Some(&b"fooba"[..]));
        assert_eq!(decode("Zm 9v Yg = =").as_deref(), Some(&b"foob"[..]));
        for bad in [
            "Zm9v!",
            "Zg=",
            "Zg===",
            "Zm9vYmFy=",
            "Z",
            "Zg==Zg==",
            "Zm=9v",
            "Zh==",
            "Zm9vYmF=",
            "Zm9v-_",
            "\u{a0}Zg==",
        ] {
            assert!(decode(bad).is_none(), "{bad:?} should be refused");
        }
        assert!(matches!(
            b64_decode("QUFB", 2, B64Text::Token),
            Err(B64Error::TooLarge(3))
        ));
        assert!(matches!(
            b64_decode("!!!!", 2, B64Text::Key),
            Err(B64Error::Malformed)
        ));
    }
}
