//! [`TokenCipher`]: `base64(AES-192-CBC, PKCS#7)` request tokens.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use base64ct::Encoding as _;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::{Zeroize, Zeroizing};

use crate::engine_check;
use crate::error::{Error, Result};
use crate::secret::{SecretBytes, SecretString};
use crate::text::{join, num};

// Natively the `aes` crate (AES-NI / ARMv8 AES where present); in WebAssembly the
// constant-time vector-permute engine on simd128 (`vpaes/`), several times the `aes` crate's
// portable bitsliced code there (vpaes/README.md has the figures).
#[cfg(not(target_arch = "wasm32"))]
use aes::cipher::KeyInit;
#[cfg(not(target_arch = "wasm32"))]
use aes::Aes192;
#[cfg(target_arch = "wasm32")]
use pinseal_vpaes::cipher::KeyInit;
#[cfg(target_arch = "wasm32")]
use pinseal_vpaes::Aes192;

/// Largest token accepted, in decoded bytes (IV included): 1 MiB.
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

/// Longest token text accepted, in characters: twice the base64 of [`MAX_TOKEN_BYTES`], which
/// leaves room for the whitespace and line breaks that base64 input may carry (SPEC §2). A
/// longer text is refused by its length alone, before any decoding.
pub const MAX_TOKEN_TEXT: usize = 2 * (MAX_TOKEN_BYTES.div_ceil(3) * 4);

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
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, IvMode};
    ///
    /// let iv: [u8; 16] = core::array::from_fn(|i| i as u8); // 00 01 … 0f
    /// let options = CipherOptions::fixed_iv(&iv)?;
    /// assert_eq!(options.iv, IvMode::Fixed(iv));
    ///
    /// let short = CipherOptions::fixed_iv(&iv[..15]).unwrap_err();
    /// assert_eq!(short.code(), "INVALID_IV");
    /// assert_eq!(short.message(), r#""iv" expected 16 bytes, got 15"#);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::CipherOptions;
    ///
    /// let iv: [u8; 16] = core::array::from_fn(|i| i as u8);
    /// let options = CipherOptions::fixed_iv_hex("000102030405060708090A0B0C0D0E0F")?;
    /// assert_eq!(options, CipherOptions::fixed_iv(&iv)?);
    ///
    /// let not_hex = CipherOptions::fixed_iv_hex("not hex").unwrap_err();
    /// assert_eq!(not_hex.code(), "INVALID_IV");
    /// assert_eq!(
    ///     not_hex.message(),
    ///     r#""iv" is not hex: expected 32 hex characters, got 7"#
    /// );
    /// # Ok::<(), pinseal::Error>(())
    /// ```
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
    /// A character outside the alphabet, or anything after the padding: its index, in
    /// characters (never the character itself: a key's text is secret).
    Outside(usize),
    /// The alphabet is right but the padding or the trailing bits are not.
    Malformed,
    TooLarge(usize),
}

/// Standard base64 with optional padding, ASCII whitespace ignored (SPEC §2). Sizes over `max`
/// are refused before anything is decoded or allocated for the output. One decoder for keys and
/// tokens: `base64ct`, constant time (a key is secret; a token is ciphertext, and the JavaScript
/// entry decodes canonical token texts with the platform's own base64 before they get here).
fn b64_decode(text: &str, max: usize) -> core::result::Result<Zeroizing<Vec<u8>>, B64Error> {
    let bytes = text.as_bytes();
    let (mut chars, mut pads, mut spaces) = (0usize, 0usize, false);
    for (i, &c) in bytes.iter().enumerate() {
        if is_b64_space(c) {
            spaces = true;
        } else if c == b'=' {
            pads += 1;
        } else if pads == 0 && (c.is_ascii_alphanumeric() || c == b'+' || c == b'/') {
            chars += 1;
        } else {
            // Outside the alphabet, or data after padding: its place, in characters.
            let at = text.get(..i).map_or(0, |t| t.chars().count());
            return Err(B64Error::Outside(at));
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
    let decoded = core::str::from_utf8(input)
        .ok()
        .and_then(|t| base64ct::Base64Unpadded::decode_vec(t).ok());
    decoded.map(Zeroizing::new).ok_or(B64Error::Malformed)
}

/// CBC encryption of whole blocks in place. In WebAssembly, the engine's own entry point: one
/// call for the whole message, and loops that hold no vector across iterations (README, "Known
/// engine bug").
#[cfg(target_arch = "wasm32")]
fn cbc_encrypt(aes: &Aes192, iv: &[u8; BLOCK], data: &mut [u8]) {
    // `data` is whole blocks (the callers pad or check first); a partial block is refused
    // with the data left unchanged, which the callers never produce.
    let _ = aes.encrypt_cbc(iv, data);
}

/// CBC decryption of whole blocks in place (see [`cbc_encrypt`]).
#[cfg(target_arch = "wasm32")]
fn cbc_decrypt(aes: &Aes192, iv: &[u8; BLOCK], data: &mut [u8]) {
    let _ = aes.decrypt_cbc(iv, data);
}

/// CBC encryption of whole blocks in place, natively: the `aes` crate block by block.
#[cfg(not(target_arch = "wasm32"))]
fn cbc_encrypt(aes: &Aes192, iv: &[u8; BLOCK], data: &mut [u8]) {
    use aes::cipher::BlockCipherEncrypt;
    let mut prev = Zeroizing::new(*iv);
    for chunk in data.chunks_exact_mut(BLOCK) {
        let Ok(block) = <&mut [u8; BLOCK]>::try_from(chunk) else {
            continue;
        };
        for (b, p) in block.iter_mut().zip(prev.iter()) {
            *b ^= p;
        }
        aes.encrypt_block(block.into());
        prev.copy_from_slice(block);
    }
}

/// CBC decryption of whole blocks in place, natively.
#[cfg(not(target_arch = "wasm32"))]
fn cbc_decrypt(aes: &Aes192, iv: &[u8; BLOCK], data: &mut [u8]) {
    use aes::cipher::BlockCipherDecrypt;
    let mut prev = Zeroizing::new(*iv);
    let mut cipher_block = Zeroizing::new([0u8; BLOCK]);
    for chunk in data.chunks_exact_mut(BLOCK) {
        let Ok(block) = <&mut [u8; BLOCK]>::try_from(chunk) else {
            continue;
        };
        cipher_block.copy_from_slice(block);
        aes.decrypt_block(block.into());
        for (b, p) in block.iter_mut().zip(prev.iter()) {
            *b ^= p;
        }
        prev.copy_from_slice(&cipher_block[..]);
    }
}

/// The PKCS#7 padding of a token's last block, read in constant time: how many bytes to strip,
/// and whether the padding was valid (1 to 16 bytes, each holding that count).
///
/// The count is the last byte clamped to 1..=16 whatever the verdict, so the bytes that the
/// stages after unpadding see (UTF-8, JSON) are the same for a padding an attacker guessed
/// right and one they guessed wrong: in the classic padding-oracle attack both guesses end in
/// the same byte. No branch and no memory index depends on the padding (SPEC §2, "No timing
/// oracle").
fn unpad(last: &[u8; BLOCK]) -> (usize, Choice) {
    let [.., pad] = *last;
    let mut bad = 0u8;
    for (i, &byte) in last.iter().enumerate() {
        // Byte i is padding iff its distance from the end, 16 - i, is at most `pad`.
        let distance = (BLOCK - i) as u8;
        let covered = !distance.ct_gt(&pad);
        bad |= u8::conditional_select(&0, &(byte ^ pad), covered);
    }
    let zero = pad.ct_eq(&0);
    let over = pad.ct_gt(&(BLOCK as u8));
    let valid = bad.ct_eq(&0) & !zero & !over;
    let strip = u8::conditional_select(&u8::conditional_select(&pad, &1, zero), &16, over);
    (usize::from(strip), valid)
}

/// A decrypted token before its verdict: the plaintext with as many bytes stripped as its
/// padding claimed (see [`unpad`]), and whether that padding was valid.
struct Opened {
    plain: Zeroizing<Vec<u8>>,
    padding_ok: Choice,
}

impl Opened {
    /// Runs `stage` on the plaintext whatever the padding said, then gives its result only if
    /// the padding was valid and the stage succeeded: one [`Error::DecryptFailed`] otherwise.
    /// Bad padding therefore costs the same work as good padding with bad content.
    fn finish<T>(mut self, stage: impl FnOnce(&mut Zeroizing<Vec<u8>>) -> Option<T>) -> Result<T> {
        let result = stage(&mut self.plain);
        // The one branch on the padding's verdict, after all the work.
        match result {
            Some(value) if bool::from(self.padding_ok) => Ok(value),
            _ => Err(Error::DecryptFailed),
        }
    }
}

/// The plaintext as a string if it is UTF-8 text of one JSON value; wiped otherwise.
fn json_text(plain: &mut Zeroizing<Vec<u8>>) -> Option<SecretString> {
    let text = utf8(plain)?;
    crate::json::is_json(text.expose()).then_some(text)
}

/// The plaintext moved out as bytes (the stage of `decrypt_bytes` and `open_bytes`).
fn into_bytes(plain: &mut Zeroizing<Vec<u8>>) -> Option<SecretBytes> {
    Some(SecretBytes::from(core::mem::take(&mut **plain)))
}

/// The plaintext moved into a string if it is UTF-8; the bytes are wiped otherwise.
fn utf8(plain: &mut Zeroizing<Vec<u8>>) -> Option<SecretString> {
    match String::from_utf8(core::mem::take(&mut **plain)) {
        Ok(text) => Some(SecretString::from(text)),
        Err(not_text) => {
            // The error owns the plaintext: wipe it before it drops.
            not_text.into_bytes().zeroize();
            None
        }
    }
}

/// What opening a token ends with: the stage run on the plaintext whatever the padding said
/// (see [`Opened::finish`]). The WebAssembly boundary's `stage` argument: 0, 1 or 2.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
pub(crate) enum Stage {
    /// The bytes as they are.
    Bytes,
    /// UTF-8 text.
    Text,
    /// UTF-8 text of one JSON value.
    Json,
}

impl From<u8> for Stage {
    fn from(stage: u8) -> Self {
        match stage {
            1 => Stage::Text,
            2 => Stage::Json,
            _ => Stage::Bytes,
        }
    }
}

/// An opened plaintext, as its [`Stage`] left it.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
pub(crate) enum Plain {
    Bytes(SecretBytes),
    Text(SecretString),
}

#[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
impl Stage {
    /// Runs the stage on an opened token (the verdict last: [`Opened::finish`]).
    fn finish(self, opened: Opened) -> Result<Plain> {
        match self {
            Stage::Bytes => opened.finish(into_bytes).map(Plain::Bytes),
            Stage::Text => opened.finish(utf8).map(Plain::Text),
            Stage::Json => opened.finish(json_text).map(Plain::Text),
        }
    }
}

impl TokenCipher {
    /// A cipher from the 24 raw key bytes.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] naming the length found unless `key` is 24 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// // NIST SP 800-38A, F.2.3 (CBC-AES192.Encrypt): the key, the IV, the first plaintext block
    /// // and its ciphertext.
    /// let key = [
    ///     0x8e, 0x73, 0xb0, 0xf7, 0xda, 0x0e, 0x64, 0x52, 0xc8, 0x10, 0xf3, 0x2b,
    ///     0x80, 0x90, 0x79, 0xe5, 0x62, 0xf8, 0xea, 0xd2, 0x52, 0x2c, 0x6b, 0x7b,
    /// ];
    /// let iv: [u8; 16] = core::array::from_fn(|i| i as u8);
    /// let block = [
    ///     0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
    ///     0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
    /// ];
    /// let cipher = TokenCipher::from_bytes(&key, CipherOptions::fixed_iv(&iv)?)?;
    /// let sealed = cipher.seal_bytes(&block)?;
    /// let expected = [
    ///     0x4f, 0x02, 0x1d, 0xb2, 0x43, 0xbc, 0x63, 0x3d,
    ///     0x71, 0x78, 0x18, 0x3a, 0x9f, 0xa0, 0x71, 0xe8,
    /// ];
    /// assert_eq!(sealed[..16], expected);
    ///
    /// let err = TokenCipher::from_bytes(&key[..16], CipherOptions::default()).unwrap_err();
    /// assert_eq!(err.code(), "INVALID_KEY");
    /// assert_eq!(err.message(), r#""key" expected 24 bytes, got 16"#);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// // The NIST SP 800-38A F.2.3 key and IV: "6bc1…172a" is its first block, "4f02…71e8" the
    /// // block's ciphertext (the second block of the token is the PKCS#7 padding).
    /// let fixed = || CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f");
    /// let key = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
    /// let cipher = TokenCipher::from_hex(key, fixed()?)?;
    /// let upper = TokenCipher::from_hex(&key.to_uppercase(), fixed()?)?;
    /// let block = [
    ///     0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
    ///     0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
    /// ];
    /// let sealed = cipher.seal_bytes(&block)?;
    /// assert_eq!(sealed.len(), 32);
    /// assert_eq!(sealed[..4], [0x4f, 0x02, 0x1d, 0xb2]);
    /// assert_eq!(upper.seal_bytes(&block)?, sealed);
    ///
    /// let err = TokenCipher::from_hex("8e73b0f7", CipherOptions::default()).unwrap_err();
    /// assert_eq!(err.message(), r#""key" expected 24 bytes, got 4"#);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// // The NIST SP 800-38A F.2.3 key (8e73b0f7…6b7b) in base64.
    /// let iv = CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let cipher = TokenCipher::from_base64("jnOw99oOZFLIEPMrgJB55WL46tJSLGt7", iv)?;
    /// assert_eq!(cipher.encrypt("hello")?, "3MCRamJxFE01KjSWkTWOag==");
    ///
    /// // base64url is not accepted: the error names the place, never the key's characters.
    /// let url_safe = "jnOw99oOZFLIEPMrgJB55WL46tJSLGt-";
    /// let err = TokenCipher::from_base64(url_safe, CipherOptions::default()).unwrap_err();
    /// assert_eq!(err.code(), "INVALID_KEY");
    /// let message = err.message();
    /// assert!(message.starts_with(r#""key" is not base64: character 32 is not standard base64"#));
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn from_base64(key: &str, options: CipherOptions) -> Result<Self> {
        let bytes = b64_decode(key, 4096).map_err(|e| match e {
            B64Error::TooLarge(size) => key_len_error(size),
            B64Error::Outside(at) => Error::InvalidKey(join(&[
                "\"key\" is not base64: character ",
                &num(at + 1),
                " is not standard base64 there (A-Z a-z 0-9 + /, '=' only at the end; ",
                "base64url's '-' and '_' are not standard base64)",
            ])),
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
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
    /// let token = cipher.encrypt("hello")?;
    /// assert_eq!(cipher.decrypt(&token)?.expose(), "hello");
    ///
    /// // Never padded or hashed: a 16-byte text is refused.
    /// let err = TokenCipher::from_text("short-secret-key", CipherOptions::default()).unwrap_err();
    /// assert_eq!(err.message(), r#""key" expected 24 bytes, got 16"#);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn from_text(key: &str, options: CipherOptions) -> Result<Self> {
        Self::from_bytes(key.as_bytes(), options)
    }

    /// The decoded size of the token a plaintext of `plaintext_len` bytes makes: the PKCS#7
    /// padded ciphertext, plus the 16-byte IV in front in random-IV mode. Sealing refuses a
    /// plaintext whose token would be over [`MAX_TOKEN_BYTES`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// const KEY: &str = "0123456789abcdefghijklmn";
    /// let random = TokenCipher::from_text(KEY, CipherOptions::default())?;
    /// let fixed = TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&[0; 16])?)?;
    /// // PKCS#7 always adds 1 to 16 bytes; a random IV adds its 16 bytes in front.
    /// assert_eq!(fixed.token_size(0), 16);
    /// assert_eq!(fixed.token_size(15), 16);
    /// assert_eq!(fixed.token_size(16), 32);
    /// assert_eq!(random.token_size(16), 48);
    /// assert_eq!(random.seal_bytes(&[0; 16])?.len(), random.token_size(16));
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn token_size(&self, plaintext_len: usize) -> usize {
        let prefix = match self.iv {
            IvMode::Random => BLOCK,
            IvMode::Fixed(_) => 0,
        };
        (plaintext_len / BLOCK)
            .saturating_add(1)
            .saturating_mul(BLOCK)
            .saturating_add(prefix)
    }

    /// The longest plaintext, in bytes, whose token is at most [`MAX_TOKEN_BYTES`]: 1 MiB − 17
    /// with a random IV, 1 MiB − 1 with a fixed one.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher, MAX_TOKEN_BYTES};
    ///
    /// const KEY: &str = "0123456789abcdefghijklmn";
    /// let random = TokenCipher::from_text(KEY, CipherOptions::default())?;
    /// let fixed = TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&[0; 16])?)?;
    /// assert_eq!(random.max_plaintext_len(), MAX_TOKEN_BYTES - 17);
    /// assert_eq!(fixed.max_plaintext_len(), MAX_TOKEN_BYTES - 1);
    /// assert_eq!(random.token_size(random.max_plaintext_len()), MAX_TOKEN_BYTES);
    /// assert!(random.token_size(random.max_plaintext_len() + 1) > MAX_TOKEN_BYTES);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn max_plaintext_len(&self) -> usize {
        // token_size(n) grows by 16 at every multiple of 16; the last n that fits is one short
        // of the multiple that would add a block past the limit.
        MAX_TOKEN_BYTES - (self.token_size(0) - BLOCK) - 1
    }

    /// Seals `plaintext` (UTF-8) into a token.
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] if a random IV cannot be drawn.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// // A fixed IV makes the token checkable: the NIST SP 800-38A F.2.3 key and IV.
    /// let iv = CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let fixed = TokenCipher::from_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", iv)?;
    /// assert_eq!(fixed.encrypt("hello")?, "3MCRamJxFE01KjSWkTWOag==");
    ///
    /// // The default random IV: a fresh 16-byte IV in front of every token, so tokens differ.
    /// let random = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
    /// let (a, b) = (random.encrypt("hello")?, random.encrypt("hello")?);
    /// assert_eq!(a.len(), 44); // base64 of 16 bytes of IV and one block
    /// assert_ne!(a, b);
    /// assert_eq!(random.decrypt(&a)?.expose(), "hello");
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn encrypt(&self, plaintext: &str) -> Result<String> {
        self.encrypt_bytes(plaintext.as_bytes())
    }

    /// Seals binary `plaintext` into a token.
    ///
    /// # Errors
    /// As [`TokenCipher::seal_bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// let iv = CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let cipher = TokenCipher::from_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", iv)?;
    /// let token = cipher.encrypt_bytes(&[0xff, 0x00])?; // not UTF-8: bytes are fine
    /// assert_eq!(token, "22AqspB2Q6/olA6ab4NomQ==");
    /// assert_eq!(cipher.decrypt_bytes(&token)?.expose(), [0xff, 0x00]);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn encrypt_bytes(&self, plaintext: &[u8]) -> Result<String> {
        let token = self.seal_bytes(plaintext)?;
        Ok(base64ct::Base64::encode_string(&token))
    }

    /// Seals binary `plaintext` into a token's bytes, before base64: `IV ‖ ciphertext` with a
    /// random IV, the ciphertext alone with a fixed one. For callers that carry bytes (a
    /// binary protocol, or their platform's own base64).
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] if a random IV cannot be drawn, [`Error::TokenTooLarge`] if
    /// the token would be over [`MAX_TOKEN_BYTES`], [`Error::EngineFault`] if the engine check
    /// ([`crate::engine_check`]) is on and caught a wrong result every time.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// // NIST SP 800-38A F.2.3: the first plaintext block and its ciphertext under the fixed IV.
    /// const KEY: &str = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
    /// let block = [
    ///     0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
    ///     0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
    /// ];
    /// let iv: [u8; 16] = core::array::from_fn(|i| i as u8);
    /// let fixed = TokenCipher::from_hex(KEY, CipherOptions::fixed_iv(&iv)?)?;
    /// let sealed = fixed.seal_bytes(&block)?;
    /// assert_eq!(sealed.len(), 32); // the block, then a whole block of PKCS#7 padding
    /// let expected = [
    ///     0x4f, 0x02, 0x1d, 0xb2, 0x43, 0xbc, 0x63, 0x3d,
    ///     0x71, 0x78, 0x18, 0x3a, 0x9f, 0xa0, 0x71, 0xe8,
    /// ];
    /// assert_eq!(sealed[..16], expected);
    ///
    /// // With a random IV the IV comes first: 16 + 32 bytes.
    /// let random = TokenCipher::from_hex(KEY, CipherOptions::default())?;
    /// let sealed = random.seal_bytes(&block)?;
    /// assert_eq!(sealed.len(), 48);
    /// assert_eq!(random.open_bytes(&sealed)?.expose(), block);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn seal_bytes(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
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
        let size = self.token_size(plaintext.len());
        if size > MAX_TOKEN_BYTES {
            return Err(Error::TokenTooLarge { size });
        }
        // One buffer, IV then ciphertext, encrypted in place so no plaintext copy outlives it.
        // PKCS#7: 1 to 16 bytes, each holding their count. Should the engine check refuse the
        // result, the buffer (plaintext or a partial encryption) is wiped as it drops.
        let pad = (padded - plaintext.len()) as u8;
        let mut buf = Zeroizing::new(Vec::with_capacity(prefix + padded));
        buf.extend_from_slice(iv.get(..prefix).unwrap_or_default());
        buf.extend_from_slice(plaintext);
        buf.resize(prefix + padded, pad);
        engine_check::run(
            buf.get_mut(prefix..).unwrap_or_default(),
            |body| cbc_encrypt(&self.aes, &iv, body),
            |body| cbc_decrypt(&self.aes, &iv, body),
        )?;
        // Ciphertext only from here on: no wipe needed.
        Ok(core::mem::take(&mut *buf))
    }

    /// Opens a token into its plaintext bytes.
    ///
    /// # Errors
    /// [`Error::MalformedToken`] for bad base64 or a bad length, [`Error::TokenTooLarge`] over
    /// [`MAX_TOKEN_BYTES`], and one uniform [`Error::DecryptFailed`] for anything after that.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// let iv = CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let cipher = TokenCipher::from_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", iv)?;
    /// // Whitespace and line breaks in the base64 are ignored.
    /// let plain = cipher.decrypt_bytes(" 22AqspB2Q6/olA6a\r\nb4NomQ== ")?;
    /// assert_eq!(plain.expose(), [0xff, 0x00]);
    ///
    /// let err = cipher.decrypt_bytes("not a token!").unwrap_err();
    /// assert_eq!(err.code(), "MALFORMED_TOKEN");
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn decrypt_bytes(&self, token: &str) -> Result<SecretBytes> {
        self.open(token)?.finish(into_bytes)
    }

    #[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
    /// Opens a token text under `stage` (the WebAssembly boundary's one entry for the three).
    pub(crate) fn open_text_stage(&self, token: &str, stage: Stage) -> Result<Plain> {
        stage.finish(self.open(token)?)
    }

    /// Opens a token given as its bytes, after base64 (what [`TokenCipher::seal_bytes`]
    /// makes), into its plaintext bytes.
    ///
    /// # Errors
    /// [`Error::TokenTooLarge`] over [`MAX_TOKEN_BYTES`], [`Error::MalformedToken`] for a bad
    /// length, and one uniform [`Error::DecryptFailed`] for anything after that.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
    /// let sealed = cipher.seal_bytes(b"\x00\x01binary")?;
    /// assert_eq!(cipher.open_bytes(&sealed)?.expose(), b"\x00\x01binary");
    ///
    /// // An IV and then no whole block: refused before any decryption.
    /// let err = cipher.open_bytes(&sealed[..20]).unwrap_err();
    /// assert_eq!(err.code(), "MALFORMED_TOKEN");
    /// assert_eq!(
    ///     err.message(),
    ///     r#""token" expected a positive multiple of 16 bytes after the IV, got 4"#
    /// );
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn open_bytes(&self, token: &[u8]) -> Result<SecretBytes> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Error::TokenTooLarge { size: token.len() });
        }
        self.open_raw(Zeroizing::new(token.to_vec()))?
            .finish(into_bytes)
    }

    #[cfg_attr(not(all(target_arch = "wasm32", feature = "js")), allow(dead_code))]
    /// [`TokenCipher::open_bytes`] under `stage`, on a buffer the caller hands over (the
    /// WebAssembly boundary's copy of a `Uint8Array`), opened in place and wiped when it drops.
    pub(crate) fn open_owned_stage(
        &self,
        token: Zeroizing<Vec<u8>>,
        stage: Stage,
    ) -> Result<Plain> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Error::TokenTooLarge { size: token.len() });
        }
        stage.finish(self.open_raw(token)?)
    }

    /// Opens a token into its UTF-8 plaintext.
    ///
    /// # Errors
    /// As [`TokenCipher::decrypt_bytes`]; invalid UTF-8 is [`Error::DecryptFailed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher, DECRYPT_FAILED_MESSAGE};
    ///
    /// let iv = || CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f");
    /// let key = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
    /// let cipher = TokenCipher::from_hex(key, iv()?)?;
    /// assert_eq!(cipher.decrypt("3MCRamJxFE01KjSWkTWOag==")?.expose(), "hello");
    ///
    /// // Under another key the padding is wrong: one uniform error, whatever the cause.
    /// let other = TokenCipher::from_text("0123456789abcdefghijklmn", iv()?)?;
    /// let err = other.decrypt("3MCRamJxFE01KjSWkTWOag==").unwrap_err();
    /// assert_eq!(err.code(), "DECRYPT_FAILED");
    /// assert_eq!(err.message(), DECRYPT_FAILED_MESSAGE);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn decrypt(&self, token: &str) -> Result<SecretString> {
        self.open(token)?.finish(utf8)
    }

    /// Opens a token into its plaintext, which must be UTF-8 text of one JSON value (RFC 8259,
    /// the grammar of JavaScript's `JSON.parse`, at any depth). JavaScript's `decryptJson` is
    /// this, then `JSON.parse`: the text is checked here, whatever the padding said, so that a
    /// bad padding costs the same as a good one with bad JSON.
    ///
    /// # Errors
    /// As [`TokenCipher::decrypt`]; text that is not JSON is [`Error::DecryptFailed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, TokenCipher};
    ///
    /// let iv = CipherOptions::fixed_iv_hex("000102030405060708090a0b0c0d0e0f")?;
    /// let cipher = TokenCipher::from_hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", iv)?;
    /// assert_eq!(cipher.encrypt(r#"{"a":1}"#)?, "YzkB1jhRnupHA2M13BINhA==");
    /// assert_eq!(cipher.decrypt_json_text("YzkB1jhRnupHA2M13BINhA==")?.expose(), r#"{"a":1}"#);
    ///
    /// // "hello" decrypts, but it is not JSON.
    /// let err = cipher.decrypt_json_text("3MCRamJxFE01KjSWkTWOag==").unwrap_err();
    /// assert_eq!(err.code(), "DECRYPT_FAILED");
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn decrypt_json_text(&self, token: &str) -> Result<SecretString> {
        self.open(token)?.finish(json_text)
    }

    /// Opens a token and runs `stage` on its plaintext (the decoded response of
    /// [`crate::reset_pin::open_token`]), under the same rule as [`TokenCipher::decrypt`].
    pub(crate) fn decrypt_with<T>(
        &self,
        token: &str,
        stage: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T> {
        self.open(token)?
            .finish(|plain| utf8(plain).and_then(|text| stage(text.expose())))
    }

    /// Decodes a token text and opens it ([`TokenCipher::open_raw`]).
    fn open(&self, token: &str) -> Result<Opened> {
        if token.len() > MAX_TOKEN_TEXT {
            return Err(Error::TokenTextTooLong {
                what: "token",
                max: MAX_TOKEN_TEXT,
                length: token.len(),
            });
        }
        let raw = b64_decode(token, MAX_TOKEN_BYTES).map_err(|e| match e {
            B64Error::TooLarge(size) => Error::TokenTooLarge { size },
            B64Error::Outside(_) | B64Error::Malformed => {
                Error::MalformedToken("\"token\" is not base64".into())
            }
        })?;
        self.open_raw(raw)
    }

    /// Checks a decoded token's length facts, decrypts it in place and reads the padding
    /// (without a verdict yet: [`Opened::finish`]); the plaintext stays in the buffer the token
    /// was decoded into (no copy of a megabyte token).
    fn open_raw(&self, mut raw: Zeroizing<Vec<u8>>) -> Result<Opened> {
        // The IV copy is wiped too: for a fixed IV it is part of the key material.
        let (iv, start, after) = match &self.iv {
            IvMode::Random => (
                Zeroizing::new(raw.first_chunk::<BLOCK>().copied().unwrap_or([0; BLOCK])),
                BLOCK.min(raw.len()),
                " after the IV",
            ),
            IvMode::Fixed(fixed) => (Zeroizing::new(*fixed), 0, ""),
        };
        if matches!(self.iv, IvMode::Random) && raw.len() < BLOCK {
            // Shorter than the IV alone (`decrypt('Unauthorized')`: 9 bytes of base64).
            return Err(Error::MalformedToken(join(&[
                "\"token\" expected a 16-byte IV and then a positive multiple of 16 bytes, got ",
                &num(raw.len()),
                " bytes in all",
            ])));
        }
        let body = raw.get_mut(start..).unwrap_or_default();
        if body.is_empty() || body.len() % BLOCK != 0 {
            return Err(Error::MalformedToken(join(&[
                "\"token\" expected a positive multiple of 16 bytes",
                after,
                ", got ",
                &num(body.len()),
            ])));
        }
        engine_check::run(
            body,
            |body| cbc_decrypt(&self.aes, &iv, body),
            |body| cbc_encrypt(&self.aes, &iv, body),
        )?;
        let last = Zeroizing::new(body.last_chunk::<BLOCK>().copied().unwrap_or([0; BLOCK]));
        let (strip, padding_ok) = unpad(&last);
        let len = body.len() - strip;
        // The plaintext to the front (a 16-byte move per token in random-IV mode); what
        // follows it is wiped with the whole capacity when `raw` drops.
        raw.copy_within(start..start + len, 0);
        raw.truncate(len);
        Ok(Opened {
            plain: raw,
            padding_ok,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Option<Vec<u8>> {
        b64_decode(text, 100).ok().map(|b| b.to_vec())
    }

    /// `unpad` against its definition, for every last byte and every way the bytes before it
    /// can match: the verdict, and the count stripped whatever the verdict.
    #[test]
    fn unpad_matches_pkcs7_for_every_last_byte() {
        let reference = |block: &[u8; 16]| -> bool {
            let pad = block[15] as usize;
            (1..=16).contains(&pad) && block[16 - pad..].iter().all(|&b| b as usize == pad)
        };
        for pad in 0..=255u8 {
            // Every prefix length that matches: `matching` bytes before the end hold `pad`.
            for matching in 1..=16usize {
                let mut block = [0xa5u8; 16];
                for b in block[16 - matching..].iter_mut() {
                    *b = pad;
                }
                // A byte that breaks the run just before it (unless the run is the whole block).
                if matching < 16 {
                    block[15 - matching] = pad ^ 0x01;
                }
                let (strip, valid) = unpad(&block);
                assert_eq!(
                    bool::from(valid),
                    reference(&block),
                    "pad {pad}, {matching} matching"
                );
                assert_eq!(strip, usize::from(pad.clamp(1, 16)), "pad {pad}: strip");
            }
        }
        // A single wrong byte anywhere inside a 16-byte padding.
        for wrong in 0..16 {
            let mut block = [16u8; 16];
            block[wrong] = 15;
            assert!(!bool::from(unpad(&block).1), "byte {wrong} wrong");
        }
        assert!(bool::from(unpad(&[16u8; 16]).1), "a full padding block");
    }

    /// Bad padding and good padding over bad content reach the same verdict through the same
    /// path: the stage runs for both (it is what SPEC §2's timing rule needs).
    #[test]
    fn the_stage_runs_whatever_the_padding() {
        const KEY: &str = "0123456789abcdefghijklmn";
        let cipher =
            TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&[7; 16]).unwrap()).unwrap();
        let good = cipher.encrypt("hello").unwrap();
        // The same one-block token under an IV that differs in its last byte: the padding's
        // last byte becomes 0x0a after ten 0x0b, which is bad padding.
        let mut iv = [7u8; 16];
        iv[15] ^= 1;
        let bad_pad = TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&iv).unwrap()).unwrap();
        let mut ran = 0;
        let good_opened = cipher.open(&good).unwrap();
        assert!(bool::from(good_opened.padding_ok));
        assert_eq!(
            good_opened.finish(|_| {
                ran += 1;
                None::<()>
            }),
            Err(Error::DecryptFailed)
        );
        let bad_opened = bad_pad.open(&good).unwrap();
        assert!(!bool::from(bad_opened.padding_ok));
        assert_eq!(
            bad_opened.finish(|_| {
                ran += 1;
                Some(())
            }),
            Err(Error::DecryptFailed)
        );
        assert_eq!(ran, 2, "the stage ran for both");
    }

    /// The token size arithmetic that sealing and the wasm boundary's length checks share.
    #[test]
    fn token_sizes_and_the_longest_plaintext() {
        const MIB: usize = MAX_TOKEN_BYTES;
        const KEY: &str = "0123456789abcdefghijklmn";
        let random = TokenCipher::from_text(KEY, CipherOptions::default()).unwrap();
        let fixed =
            TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&[1; 16]).unwrap()).unwrap();
        assert_eq!(random.token_size(0), 32);
        assert_eq!(fixed.token_size(0), 16);
        assert_eq!(fixed.token_size(15), 16);
        assert_eq!(fixed.token_size(16), 32);
        assert_eq!(random.max_plaintext_len(), MIB - 17);
        assert_eq!(fixed.max_plaintext_len(), MIB - 1);
        for cipher in [&random, &fixed] {
            let max = cipher.max_plaintext_len();
            assert_eq!(cipher.token_size(max), MIB);
            assert!(cipher.encrypt_bytes(&vec![0; max]).is_ok());
            assert_eq!(
                cipher.encrypt_bytes(&vec![0; max + 1]),
                Err(Error::TokenTooLarge { size: MIB + 16 })
            );
        }
        assert_eq!(random.token_size(usize::MAX), usize::MAX, "saturates");
    }

    /// A token text longer than any token can be is refused by its length alone.
    #[test]
    fn token_texts_over_the_longest_are_refused_unread() {
        let cipher =
            TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default()).unwrap();
        let over = "!".repeat(MAX_TOKEN_TEXT + 1);
        let e = cipher.decrypt(&over).unwrap_err();
        assert_eq!(
            e,
            Error::TokenTextTooLong {
                what: "token",
                max: MAX_TOKEN_TEXT,
                length: MAX_TOKEN_TEXT + 1
            }
        );
        assert_eq!(e.code(), "TOKEN_TOO_LARGE");
        assert_eq!(
            e.message(),
            "\"token\" expected at most 2796208 characters, got 2796209"
        );
        // At the limit the text is read: "!" is not base64.
        let at = "!".repeat(MAX_TOKEN_TEXT);
        assert_eq!(cipher.decrypt(&at).unwrap_err().code(), "MALFORMED_TOKEN");
        // A 1 MiB token spread over the whole allowed length with whitespace still opens.
        let fixed = TokenCipher::from_text(
            "0123456789abcdefghijklmn",
            CipherOptions::fixed_iv(&[1; 16]).unwrap(),
        )
        .unwrap();
        let token = fixed.encrypt_bytes(&vec![7; MAX_TOKEN_BYTES - 1]).unwrap();
        let spaced = format!("{token}{}", " ".repeat(MAX_TOKEN_TEXT - token.len()));
        assert_eq!(
            fixed.decrypt_bytes(&spaced).unwrap().expose().len(),
            MAX_TOKEN_BYTES - 1
        );
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
        assert!(matches!(b64_decode("QUFB", 2), Err(B64Error::TooLarge(3))));
        assert!(matches!(b64_decode("!!!!", 2), Err(B64Error::Outside(0))));
    }
}
