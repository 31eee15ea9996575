//! The public AES-192 block cipher types.

use crate::cbc;
use crate::round_keys::{DecKeys, EncKeys};
use crate::vperm::expand_key;
use cipher::consts::{U16, U24};
use cipher::{
    AlgorithmName, BlockCipherDecClosure, BlockCipherDecrypt, BlockCipherEncClosure,
    BlockCipherEncrypt, BlockSizeUser, Key, KeyInit, KeySizeUser,
};
use core::fmt;

/// AES-192 block cipher (encrypt and decrypt), vector-permute engine.
///
/// Holds both key schedules; the round keys are wiped when it is dropped. `Debug` prints
/// `Aes192 { .. }`.
#[derive(Clone)]
pub struct Aes192 {
    enc: EncKeys,
    dec: DecKeys,
}

/// AES-192 block cipher, encryption only (half the key schedule of [`Aes192`]).
#[derive(Clone)]
pub struct Aes192Enc {
    enc: EncKeys,
}

/// AES-192 block cipher, decryption only (half the key schedule of [`Aes192`]).
#[derive(Clone)]
pub struct Aes192Dec {
    dec: DecKeys,
}

impl KeyInit for Aes192 {
    #[inline]
    fn new(key: &Key<Self>) -> Self {
        let words = expand_key(&key.0);
        Self {
            enc: EncKeys::new(&words),
            dec: DecKeys::new(&words),
        }
    }
}

impl KeyInit for Aes192Enc {
    #[inline]
    fn new(key: &Key<Self>) -> Self {
        Self {
            enc: EncKeys::new(&expand_key(&key.0)),
        }
    }
}

impl KeyInit for Aes192Dec {
    #[inline]
    fn new(key: &Key<Self>) -> Self {
        Self {
            dec: DecKeys::new(&expand_key(&key.0)),
        }
    }
}

/// A CBC input that is not a whole number of 16-byte blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotWholeBlocks;

impl fmt::Display for NotWholeBlocks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CBC data must be a whole number of 16-byte blocks")
    }
}

/// `Ok` if `data` is whole blocks.
fn whole_blocks(data: &[u8]) -> Result<(), NotWholeBlocks> {
    if data.len() % 16 == 0 {
        Ok(())
    } else {
        Err(NotWholeBlocks)
    }
}

impl Aes192 {
    /// CBC-encrypts `data` in place with `iv`: no padding, so `data` must be whole 16-byte
    /// blocks. The engine's fast path (one call for the whole message); the result is the same
    /// as `cbc::Encryptor` with `NoPadding`.
    ///
    /// # Errors
    /// [`NotWholeBlocks`], with `data` unchanged, unless its length is a multiple of 16.
    pub fn encrypt_cbc(&self, iv: &[u8; 16], data: &mut [u8]) -> Result<(), NotWholeBlocks> {
        whole_blocks(data)?;
        cbc::encrypt(self.enc.keys(), iv, data);
        Ok(())
    }

    /// CBC-decrypts `data` in place with `iv`: no padding is checked or removed, so `data`
    /// must be whole 16-byte blocks. The result is the same as `cbc::Decryptor` with
    /// `NoPadding`.
    ///
    /// # Errors
    /// [`NotWholeBlocks`], with `data` unchanged, unless its length is a multiple of 16.
    pub fn decrypt_cbc(&self, iv: &[u8; 16], data: &mut [u8]) -> Result<(), NotWholeBlocks> {
        whole_blocks(data)?;
        cbc::decrypt(self.dec.keys(), iv, data);
        Ok(())
    }
}

impl Aes192Enc {
    /// As [`Aes192::encrypt_cbc`].
    ///
    /// # Errors
    /// [`NotWholeBlocks`], with `data` unchanged, unless its length is a multiple of 16.
    pub fn encrypt_cbc(&self, iv: &[u8; 16], data: &mut [u8]) -> Result<(), NotWholeBlocks> {
        whole_blocks(data)?;
        cbc::encrypt(self.enc.keys(), iv, data);
        Ok(())
    }
}

impl Aes192Dec {
    /// As [`Aes192::decrypt_cbc`].
    ///
    /// # Errors
    /// [`NotWholeBlocks`], with `data` unchanged, unless its length is a multiple of 16.
    pub fn decrypt_cbc(&self, iv: &[u8; 16], data: &mut [u8]) -> Result<(), NotWholeBlocks> {
        whole_blocks(data)?;
        cbc::decrypt(self.dec.keys(), iv, data);
        Ok(())
    }
}

impl BlockCipherEncrypt for Aes192 {
    #[inline]
    fn encrypt_with_backend(&self, f: impl BlockCipherEncClosure<BlockSize = U16>) {
        f.call(&self.enc);
    }
}

impl BlockCipherEncrypt for Aes192Enc {
    #[inline]
    fn encrypt_with_backend(&self, f: impl BlockCipherEncClosure<BlockSize = U16>) {
        f.call(&self.enc);
    }
}

impl BlockCipherDecrypt for Aes192 {
    #[inline]
    fn decrypt_with_backend(&self, f: impl BlockCipherDecClosure<BlockSize = U16>) {
        f.call(&self.dec);
    }
}

impl BlockCipherDecrypt for Aes192Dec {
    #[inline]
    fn decrypt_with_backend(&self, f: impl BlockCipherDecClosure<BlockSize = U16>) {
        f.call(&self.dec);
    }
}

macro_rules! common_impls {
    ($name:ident) => {
        impl KeySizeUser for $name {
            type KeySize = U24;
        }

        impl BlockSizeUser for $name {
            type BlockSize = U16;
        }

        impl AlgorithmName for $name {
            fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($name))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), " { .. }"))
            }
        }

        // The round keys wipe themselves when dropped (`round_keys`).
        impl zeroize::ZeroizeOnDrop for $name {}
    };
}

common_impls!(Aes192);
common_impls!(Aes192Enc);
common_impls!(Aes192Dec);
