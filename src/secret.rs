//! Newtypes for secrets: zeroized on drop, redacted in `Debug`.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;
use zeroize::{ZeroizeOnDrop, Zeroizing};

/// A PIN. Prints as `Pin(****)` and is wiped from memory when dropped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// The PIN digits, for checking and building requests only.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::Pin;
    ///
    /// let pin = Pin::from("5829");
    /// assert_eq!(pin.expose(), "5829");
    /// assert_eq!(format!("{pin:?}"), "Pin(****)"); // what logs see
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Pin {
    fn from(s: &str) -> Self {
        Pin(Zeroizing::new(s.to_owned()))
    }
}

impl From<String> for Pin {
    fn from(s: String) -> Self {
        Pin(Zeroizing::new(s))
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

/// Secret text (a credential or a decrypted plaintext): wiped on drop, redacted in `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// The text itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, SecretString, TokenCipher};
    ///
    /// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
    /// let plaintext: SecretString = cipher.decrypt(&cipher.encrypt("s3cret")?)?;
    /// assert_eq!(plaintext.expose(), "s3cret");
    /// assert_eq!(format!("{plaintext:?}"), "SecretString(****)");
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        SecretString(Zeroizing::new(s))
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        SecretString(Zeroizing::new(s.to_owned()))
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(****)")
    }
}

/// Secret bytes (a decrypted binary plaintext): wiped on drop, redacted in `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// The bytes themselves.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{CipherOptions, SecretBytes, TokenCipher};
    ///
    /// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
    /// let plaintext: SecretBytes = cipher.open_bytes(&cipher.seal_bytes(&[1, 2, 3])?)?;
    /// assert_eq!(plaintext.expose(), [1, 2, 3]);
    /// assert_eq!(format!("{plaintext:?}"), "SecretBytes(3 bytes)");
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(v: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(v))
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes({} bytes)", self.0.len())
    }
}

// Markers: each wraps `Zeroizing`, which wipes the contents when dropped.
impl ZeroizeOnDrop for Pin {}
impl ZeroizeOnDrop for SecretString {}
impl ZeroizeOnDrop for SecretBytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", Pin::from("5829")), "Pin(****)");
        assert_eq!(
            format!("{:?}", SecretString::from("hunter2")),
            "SecretString(****)"
        );
        assert_eq!(
            format!("{:?}", SecretBytes::from(vec![1, 2, 3])),
            "SecretBytes(3 bytes)"
        );
    }
}
