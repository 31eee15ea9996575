//! Constant-time AES-192 for WebAssembly simd128, by vector permutes.
//!
//! # Security
//!
//! **What is constant-time, and why.** Key expansion, encryption and decryption follow Mike
//! Hamburg's vector-permute technique ("Accelerating AES with Vector Permute Instructions",
//! CHES 2009). The S-box is computed, not looked up: an inversion in GF(2⁸) through the tower
//! field GF((2⁴)²), where each step is a sixteen-entry table applied to all sixteen state bytes
//! at once by one byte shuffle (`i8x16.swizzle`). A shuffle reads a register, not memory, so no
//! memory address depends on the key or the data; every loop has a fixed count and no branch
//! depends on a secret. The key schedule uses the same computed S-box: there is no S-box table
//! anywhere in the crate.
//!
//! **What is not.** Timing is only as constant as the engine's machine code for these wasm
//! instructions (V8 emits `vpaddusb` + `vpshufb` per swizzle; nothing in the wasm specification
//! promises constant time). Power and electromagnetic analysis and fault injection are out of
//! scope. Round keys are wiped on drop, but copies that the compiler or the engine leave in
//! registers or on the stack are out of reach. On targets without wasm simd128 the portable
//! backend (see [`BACKEND`]) emulates the shuffle with a branch-free multiplexer of 64-bit
//! operations: correct everywhere, constant-time as far as the compiler keeps it branch-free,
//! and slow. It exists so that native tests, property tests and the fuzzer run the very same
//! algorithm code.
//!
//! This crate is a block cipher with its own CBC over whole blocks (no padding); other modes
//! go through the `cipher` traits. CBC with PKCS#7 is not authenticated, and an unpadding
//! failure an attacker can observe is a padding oracle whatever the block cipher.
//!
//! # Example
//!
//! ```
//! use pinseal_vpaes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
//! use pinseal_vpaes::Aes192;
//!
//! // FIPS-197 Appendix C.2.
//! let key: [u8; 24] = core::array::from_fn(|i| i as u8);
//! let aes = Aes192::new(&key.into());
//! let mut block = Array::from(*b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff");
//! aes.encrypt_block(&mut block);
//! assert_eq!(block.0, *b"\xdd\xa9\x7c\xa4\x86\x4c\xdf\xe0\x6e\xaf\x70\xa0\xec\x0d\x71\x91");
//! aes.decrypt_block(&mut block);
//! assert_eq!(block.0, *b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff");
//!
//! // CBC with PKCS#7 padding through the `cbc` crate.
//! use pinseal_vpaes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
//! let iv = [0x24u8; 16];
//! let sealed = cbc::Encryptor::<Aes192>::new(&key.into(), &iv.into())
//!     .encrypt_padded_vec::<Pkcs7>(b"PIN block");
//! assert_eq!(sealed.len(), 16);
//! let opened = cbc::Decryptor::<Aes192>::new(&key.into(), &iv.into())
//!     .decrypt_padded_vec::<Pkcs7>(&sealed)
//!     .expect("valid padding");
//! assert_eq!(opened, b"PIN block");
//! ```
//!
//! # Backends
//!
//! Chosen at compile time: [`BACKEND`] is `"simd128"` on `wasm32` (wasm SIMD: Chrome 91+,
//! Firefox 89+, Safari 16.4+, Node 16.4+) and `"portable"` everywhere else. The crate needs no
//! `-C target-feature=+simd128`: each engine function enables `simd128` for itself, and only
//! those functions contain vector code, so a program built without the flag keeps its own code
//! free of SIMD. That matters in JavaScriptCore (Safari), whose optimizing tier, in releases
//! without the fix of WebKit bug 316918, can lose the upper half of a vector when a function
//! without SIMD inlines one with SIMD (see pinseal's `docs/webkit-simd.md`).
//!
//! # CBC
//!
//! [`Aes192::encrypt_cbc`] and [`Aes192::decrypt_cbc`] run CBC over whole blocks in place in
//! one call: the fast path, and the one whose loops hold no vector across iterations. The
//! `cipher` traits work with any mode crate too, one call into the engine per block.

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(test)]
extern crate std;

pub use cipher;

mod aes192;
mod cbc;
mod round_keys;
mod tables;
mod vperm;

#[cfg(target_arch = "wasm32")]
mod simd128;
#[cfg(target_arch = "wasm32")]
use simd128 as backend;

#[cfg(any(test, not(target_arch = "wasm32")))]
mod portable;
#[cfg(not(target_arch = "wasm32"))]
use portable as backend;

pub use aes192::{Aes192, Aes192Dec, Aes192Enc, NotWholeBlocks};

/// The backend compiled in: `"simd128"` (wasm SIMD shuffles) or `"portable"` (64-bit
/// multiplexer emulation of the same shuffles).
pub const BACKEND: &str = backend::NAME;

// The README's examples run as doc tests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(test)]
mod reference;
