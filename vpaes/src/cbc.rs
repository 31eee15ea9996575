//! CBC over whole blocks in place: the engine's own entry points, not generic over a mode.
//!
//! Shape, for JavaScriptCore's sake (README, "Known engine bug"): the loops over the blocks
//! hold only pointers; each step is one call of a SIMD function that loads what it needs
//! (the chaining block, the round keys, the tables) and stores its result, so no vector is
//! carried across a loop's back edge — a reload from memory costs nothing next to the ~200
//! shuffles of a block.
//!
//! Decryption runs from the last block to the first: each block's predecessor is then still
//! ciphertext when the block is decrypted, so nothing needs saving between steps, and two
//! independent blocks go through the rounds together. Two, not four: with the rounds written
//! out, four blocks at once keep too many vectors alive for x86-64's sixteen registers. Measured
//! in Node 20 (`vpaes/benches/run-wasm-bench.sh`, 1 MiB, three alternating runs on a loaded
//! 2-core machine): 75–82 ns a block by twos, 100–104 one at a time, 115–118 by fours.

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
    // Two blocks at a time from the end, then the one left at the front, if any. (`take`
    // hands the whole remainder to the split, so a split that finds too few bytes would drop
    // them: each loop only splits what it checked is there.)
    while rest.len() >= 32 {
        let Some((head, pair)) = core::mem::take(&mut rest).split_last_chunk_mut::<32>() else {
            break;
        };
        decrypt_step2(keys, head.last_chunk::<16>().unwrap_or(iv), pair);
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

/// Two CBC decryption steps at once: block `i` of `pair` becomes `D(cᵢ) ⊕ cᵢ₋₁`, with
/// `c₋₁ = prev`.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn decrypt_step2(keys: &RoundKeys, prev: &[u8; 16], pair: &mut [u8; 32]) {
    let mut c = [[0u8; 16]; 2];
    for (block, bytes) in c.iter_mut().zip(pair.chunks_exact(16)) {
        block.copy_from_slice(bytes);
    }
    let [c0, c1] = c;
    let mut x = [Vector::load(&c0), Vector::load(&c1)];
    vperm::decrypt(keys, &mut x);
    let [x0, x1] = x;
    let plain = [x0.xor(Vector::load(prev)), x1.xor(Vector::load(&c0))];
    for (bytes, p) in pair.chunks_exact_mut(16).zip(plain) {
        bytes.copy_from_slice(&p.to_bytes());
    }
}
