//! CBC over whole blocks in place: the engine's own entry points, not generic over a mode.
//!
//! Shape, for JavaScriptCore's sake (README, "Known engine bug"): the loops over the blocks
//! hold only pointers; each step is one call of a SIMD function that loads what it needs
//! (the chaining block, the round keys, the tables) and stores its result, so no vector is
//! carried across a loop's back edge — a reload from memory costs nothing next to the ~200
//! shuffles of a block.
//!
//! Decryption runs from the last block to the first: each block's predecessor is then still
//! ciphertext when the block is decrypted, so nothing needs saving between steps, and four
//! independent blocks go through the rounds together.

use crate::backend::Vector;
use crate::vperm::{self, RoundKeys};

/// CBC-encrypts the whole 16-byte blocks of `data` in place, chaining from `iv`. A trailing
/// partial block is left as it is (the callers pass whole blocks).
pub(crate) fn encrypt(keys: &RoundKeys, iv: &[u8; 16], data: &mut [u8]) {
    let mut prev = iv;
    let mut rest = data;
    while let Some((block, tail)) = core::mem::take(&mut rest).split_first_chunk_mut::<16>() {
        encrypt_step(keys, prev, block);
        prev = block;
        rest = tail;
    }
}

/// One CBC encryption step: `block = E(block ⊕ prev)`.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn encrypt_step(keys: &RoundKeys, prev: &[u8; 16], block: &mut [u8; 16]) {
    let x = Vector::load(block).xor(Vector::load(prev));
    *block = vperm::encrypt(keys, x).to_bytes();
}

/// CBC-decrypts the whole 16-byte blocks of `data` in place, chaining from `iv`. A trailing
/// partial block is left as it is (the callers pass whole blocks).
pub(crate) fn decrypt(keys: &RoundKeys, iv: &[u8; 16], data: &mut [u8]) {
    let whole = data.len() / 16 * 16;
    let mut rest = data.get_mut(..whole).unwrap_or_default();
    // Four blocks at a time from the end, then the one to three left at the front. (`take`
    // hands the whole remainder to the split, so a split that finds too few bytes would drop
    // them: each loop only splits what it checked is there.)
    while rest.len() >= 64 {
        let Some((head, group)) = core::mem::take(&mut rest).split_last_chunk_mut::<64>() else {
            break;
        };
        decrypt_step4(keys, head.last_chunk::<16>().unwrap_or(iv), group);
        rest = head;
    }
    while let Some((head, block)) = core::mem::take(&mut rest).split_last_chunk_mut::<16>() {
        decrypt_step(keys, head.last_chunk::<16>().unwrap_or(iv), block);
        rest = head;
    }
}

/// One CBC decryption step: `block = D(block) ⊕ prev`.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn decrypt_step(keys: &RoundKeys, prev: &[u8; 16], block: &mut [u8; 16]) {
    let mut x = [Vector::load(block)];
    vperm::decrypt(keys, &mut x);
    let [x] = x;
    *block = x.xor(Vector::load(prev)).to_bytes();
}

/// Four CBC decryption steps at once: block `i` of `group` becomes `D(cᵢ) ⊕ cᵢ₋₁`, with
/// `c₋₁ = prev`.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn decrypt_step4(keys: &RoundKeys, prev: &[u8; 16], group: &mut [u8; 64]) {
    let mut c = [[0u8; 16]; 4];
    for (block, bytes) in c.iter_mut().zip(group.chunks_exact(16)) {
        block.copy_from_slice(bytes);
    }
    let [c0, c1, c2, c3] = c;
    let mut x = [
        Vector::load(&c0),
        Vector::load(&c1),
        Vector::load(&c2),
        Vector::load(&c3),
    ];
    vperm::decrypt(keys, &mut x);
    let [x0, x1, x2, x3] = x;
    let plain = [
        x0.xor(Vector::load(prev)),
        x1.xor(Vector::load(&c0)),
        x2.xor(Vector::load(&c1)),
        x3.xor(Vector::load(&c2)),
    ];
    for (bytes, p) in group.chunks_exact_mut(16).zip(plain) {
        bytes.copy_from_slice(&p.to_bytes());
    }
}
