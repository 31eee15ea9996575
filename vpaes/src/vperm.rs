//! The vector-permute AES-192 algorithm (Hamburg, CHES 2009), written once over the backend's
//! 16-byte [`Vector`]: key expansion, block encryption and block decryption.
//!
//! Every operation on key or data is an XOR, an AND, a shift, a table lookup through
//! [`Vector::lookup`] (a register shuffle, not a memory access), or a public byte permutation.
//! There is no branch and no memory index that depends on a secret.

use crate::backend::Vector;
use crate::tables::{
    MixPerms, DEC11_IO, DEC11_JO, DEC13_IO, DEC13_JO, DEC14_IO, DEC14_JO, DEC9_IO, DEC9_JO,
    DEC_INPUT_HI, DEC_INPUT_LO, DEC_KEY_LAYOUT, DEC_MIX, DEC_OUT_IO, DEC_OUT_JO, ENC1_IO, ENC1_JO,
    ENC3_IO, ENC3_JO, ENC_KEY_LAYOUT, ENC_MIX, ENC_OUT_IO, ENC_OUT_JO, INPUT_HI, INPUT_LO, INV,
    INV_A,
};
use zeroize::Zeroizing;

/// AES-192 has 12 rounds, so 13 round keys.
pub(crate) const ROUND_KEYS: usize = 13;

/// Round keys in the form the rounds consume them, as bytes: they are loaded into vectors by
/// the SIMD functions that use them, and wiped as plain bytes.
pub(crate) type RoundKeys = [[u8; 16]; ROUND_KEYS];

/// The AES S-box constant.
const S_BOX_CONSTANT: u8 = 0x63;

/// A GF(2)-linear map of each byte, given by its images of the low and the high nibble.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn linear(x: Vector, lo: Vector, hi: Vector) -> Vector {
    let (l, h) = x.nibbles();
    Vector::lookup(lo, l).xor(Vector::lookup(hi, h))
}

/// The inversion core: from the coordinates (i, k) of every byte, the pair (io, jo) from which
/// the output tables read the inverse (see the `tables` module). Five lookups.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn invert(x: Vector) -> (Vector, Vector) {
    let (k, i) = x.nibbles();
    let a_over_k = Vector::lookup(INV_A, k);
    let j = i.xor(k);
    let iak = Vector::lookup(INV, i).xor(a_over_k);
    let jak = Vector::lookup(INV, j).xor(a_over_k);
    (
        Vector::lookup(INV, iak).xor(j),
        Vector::lookup(INV, jak).xor(i),
    )
}

/// An output table pair read at (io, jo).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn output(io_table: Vector, jo_table: Vector, (io, jo): (Vector, Vector)) -> Vector {
    Vector::lookup(io_table, io).xor(Vector::lookup(jo_table, jo))
}

/// One middle encryption round: SubBytes, MixColumns (ShiftRows is owed, see `tables`),
/// AddRoundKey. Twelve shuffles.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn encrypt_round(x: Vector, key: &[u8; 16], mix: &MixPerms) -> Vector {
    let inverse = invert(x);
    let once = output(ENC1_IO, ENC1_JO, inverse);
    let thrice = output(ENC3_IO, ENC3_JO, inverse);
    // MixColumns: 2·s + 3·rot1(s) + rot2(s) + rot3(s), written as
    // (3s + rot1(3s)) + (s + rot2(s)) + rot3(s): three independent rotations, short chains.
    let left = thrice.xor(thrice.permute(mix.by_one));
    let right = once.xor(once.permute(mix.by_two));
    left.xor(right)
        .xor(once.permute(mix.by_three).xor(Vector::load(key)))
}

/// One middle decryption round: InvSubBytes, InvMixColumns (InvShiftRows is owed),
/// AddRoundKey. Sixteen shuffles.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn decrypt_round(x: Vector, key: Vector, mix: &MixPerms) -> Vector {
    let inverse = invert(x);
    // InvMixColumns: 14·y + rot1(11·y) + rot2(13·y) + rot3(9·y), rotations independent.
    let a = output(DEC14_IO, DEC14_JO, inverse);
    let b = output(DEC11_IO, DEC11_JO, inverse).permute(mix.by_one);
    let c = output(DEC13_IO, DEC13_JO, inverse).permute(mix.by_two);
    let d = output(DEC9_IO, DEC9_JO, inverse).permute(mix.by_three);
    a.xor(b).xor(c.xor(d).xor(key))
}

/// Encrypts one block with keys from [`encryption_keys`]. The twelve rounds are written out:
/// no loop, so no vector is carried across a loop's back edge.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
pub(crate) fn encrypt(keys: &RoundKeys, block: Vector) -> Vector {
    let [k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12] = keys;
    let [m0, m1, m2, m3] = &ENC_MIX;
    // Round r uses the permutations of r mod 4.
    let mut x = linear(block, INPUT_LO, INPUT_HI).xor(Vector::load(k0));
    x = encrypt_round(x, k1, m1);
    x = encrypt_round(x, k2, m2);
    x = encrypt_round(x, k3, m3);
    x = encrypt_round(x, k4, m0);
    x = encrypt_round(x, k5, m1);
    x = encrypt_round(x, k6, m2);
    x = encrypt_round(x, k7, m3);
    x = encrypt_round(x, k8, m0);
    x = encrypt_round(x, k9, m1);
    x = encrypt_round(x, k10, m2);
    x = encrypt_round(x, k11, m3);
    // Round 12 owes ShiftRows¹² = identity: no final permutation.
    output(ENC_OUT_IO, ENC_OUT_JO, invert(x)).xor(Vector::load(k12))
}

/// One middle decryption round on each of `N` blocks.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
fn decrypt_rounds<const N: usize>(blocks: &mut [Vector; N], key: &[u8; 16], mix: &MixPerms) {
    let key = Vector::load(key);
    for x in blocks.iter_mut() {
        *x = decrypt_round(*x, key, mix);
    }
}

/// Decrypts `N` independent blocks with keys from [`decryption_keys`], round by round, so
/// that the engine can overlap their dependency chains. The rounds are written out (no loop
/// carries the state); the loops over the `N` blocks have a constant trip count and unroll.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
pub(crate) fn decrypt<const N: usize>(keys: &RoundKeys, blocks: &mut [Vector; N]) {
    let [k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12] = keys;
    let [m0, m1, m2, m3] = &DEC_MIX;
    let first = Vector::load(k0);
    for x in blocks.iter_mut() {
        *x = linear(*x, DEC_INPUT_LO, DEC_INPUT_HI).xor(first);
    }
    // Round r uses the permutations of r mod 4.
    decrypt_rounds(blocks, k1, m1);
    decrypt_rounds(blocks, k2, m2);
    decrypt_rounds(blocks, k3, m3);
    decrypt_rounds(blocks, k4, m0);
    decrypt_rounds(blocks, k5, m1);
    decrypt_rounds(blocks, k6, m2);
    decrypt_rounds(blocks, k7, m3);
    decrypt_rounds(blocks, k8, m0);
    decrypt_rounds(blocks, k9, m1);
    decrypt_rounds(blocks, k10, m2);
    decrypt_rounds(blocks, k11, m3);
    let last = Vector::load(k12);
    for x in blocks.iter_mut() {
        *x = output(DEC_OUT_IO, DEC_OUT_JO, invert(*x)).xor(last);
    }
}

/// Encrypts one block given as bytes (the `cipher` trait backends).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn encrypt_bytes(keys: &RoundKeys, block: &mut [u8; 16]) {
    *block = encrypt(keys, Vector::load(block)).to_bytes();
}

/// Decrypts `N` blocks given as bytes (the `cipher` trait backends).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
pub(crate) fn decrypt_bytes<const N: usize>(keys: &RoundKeys, blocks: [&mut [u8; 16]; N]) {
    let mut x = [Vector::from_bytes([0; 16]); N];
    for (v, b) in x.iter_mut().zip(blocks.iter()) {
        *v = Vector::load(b);
    }
    decrypt(keys, &mut x);
    for (b, v) in blocks.into_iter().zip(x) {
        *b = v.to_bytes();
    }
}

/// The AES S-box on all sixteen bytes, computed (no table indexed by the input).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline]
pub(crate) fn sub_bytes(x: Vector) -> Vector {
    output(
        ENC_OUT_IO,
        ENC_OUT_JO,
        invert(linear(x, INPUT_LO, INPUT_HI)),
    )
    .xor(Vector::splat(S_BOX_CONSTANT))
}

/// SubWord of the key expansion, through the vector S-box. Not inlined: the expansion's loop
/// then holds no vector (the S-box's tables stay inside this function).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn sub_word(word: u32) -> u32 {
    let [a, b, c, d] = word.to_le_bytes();
    let bytes = [a, b, c, d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let [a, b, c, d, ..] = sub_bytes(Vector::load(&bytes)).to_bytes();
    u32::from_le_bytes([a, b, c, d])
}

/// Multiplies each of four bytes by x in the AES field, without branches.
#[inline(always)]
fn xtime(w: u32) -> u32 {
    ((w & 0x7f7f_7f7f) << 1) ^ (((w >> 7) & 0x0101_0101) * 0x1b)
}

/// InvMixColumns of one column (byte `r` of the word is row `r`).
fn inv_mix_column(w: u32) -> u32 {
    let w2 = xtime(w);
    let w4 = xtime(w2);
    let w8 = xtime(w4);
    let w9 = w8 ^ w;
    // row r = 14·a[r] + 11·a[r+1] + 13·a[r+2] + 9·a[r+3]; a[r+1] moves to row r by >> 8.
    (w8 ^ w4 ^ w2) ^ (w9 ^ w2).rotate_right(8) ^ (w9 ^ w4).rotate_right(16) ^ w9.rotate_right(24)
}

/// The 52 words of the FIPS-197 AES-192 key expansion (plus two unused ones, so that the
/// expansion runs in whole groups of six), wiped when dropped. Word `i` holds bytes
/// `4i..4i + 4` of the schedule little-endian (byte `r` is row `r`).
pub(crate) type ExpandedKey = Zeroizing<[u32; 54]>;

/// Runs the FIPS-197 §5.2 key expansion with the computed S-box.
pub(crate) fn expand_key(key: &[u8; 24]) -> ExpandedKey {
    const RCON: [u32; 8] = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80];
    let mut words = Zeroizing::new([0u32; 54]);
    let mut group = Zeroizing::new([0u32; 6]);
    for (w, chunk) in group.iter_mut().zip(key.chunks_exact(4)) {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(chunk);
        *w = u32::from_le_bytes(bytes);
    }
    let mut groups = words.chunks_exact_mut(6);
    if let Some(first) = groups.next() {
        first.copy_from_slice(&group[..]);
    }
    for (out, rcon) in groups.zip(RCON) {
        // RotWord is a rotation by one byte towards row 0.
        let [.., last] = *group;
        let mut carry = sub_word(last.rotate_right(8)) ^ rcon;
        for w in group.iter_mut() {
            *w ^= carry;
            carry = *w;
        }
        out.copy_from_slice(&group[..]);
    }
    words
}

/// Round key `r` as bytes from four expansion words, each passed through `column`.
fn round_key_bytes(words: &[u32], column: impl Fn(u32) -> u32) -> Zeroizing<[u8; 16]> {
    let mut bytes = Zeroizing::new([0u8; 16]);
    for (out, &w) in bytes.chunks_exact_mut(4).zip(words) {
        out.copy_from_slice(&column(w).to_le_bytes());
    }
    bytes
}

/// The round keys of [`encrypt`].
///
/// Key 0 is in the input basis; keys 1–11 carry the S-box constant, are in the input basis and
/// in the register layout of their round; key 12 is a plain AES key plus the S-box constant.
pub(crate) fn encryption_keys(words: &ExpandedKey) -> RoundKeys {
    let mut keys = [[0u8; 16]; ROUND_KEYS];
    for (round, (out, w)) in keys.iter_mut().zip(words.chunks_exact(4)).enumerate() {
        *out = encryption_key(w, round);
    }
    keys
}

/// Encryption round key `round` from its four expansion words. Not inlined: the loop over the
/// rounds then holds no vector.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn encryption_key(words: &[u32], round: usize) -> [u8; 16] {
    let rk = Vector::load(&round_key_bytes(words, |c| c));
    let constant = Vector::splat(S_BOX_CONSTANT);
    let layout = ENC_KEY_LAYOUT.get(round % 4).copied().unwrap_or_default();
    let key = match round {
        0 => linear(rk, INPUT_LO, INPUT_HI),
        12 => rk.xor(constant),
        _ => linear(rk.xor(constant), INPUT_LO, INPUT_HI).permute(layout),
    };
    key.to_bytes()
}

/// The round keys of [`decrypt`] (FIPS-197 §5.3.5, the equivalent inverse cipher: the
/// middle keys pass through InvMixColumns), in the decryption basis and layout.
pub(crate) fn decryption_keys(words: &ExpandedKey) -> RoundKeys {
    let mut keys = [[0u8; 16]; ROUND_KEYS];
    // Decryption round r uses encryption round key 12 - r.
    let rounds = keys.iter_mut().zip(words.chunks_exact(4).rev());
    for (round, (out, w)) in rounds.enumerate() {
        *out = decryption_key(w, round);
    }
    keys
}

/// Decryption round key `round` from the four expansion words of encryption round 12 − round.
/// Not inlined, as [`encryption_key`].
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
#[inline(never)]
fn decryption_key(words: &[u32], round: usize) -> [u8; 16] {
    // The expansion words first: the vectors below are made after this loop, not held across it.
    let column: fn(u32) -> u32 = match round {
        0 | 12 => |c| c,
        _ => inv_mix_column,
    };
    let rk = Vector::load(&round_key_bytes(words, column));
    let constant = Vector::splat(S_BOX_CONSTANT);
    let layout = DEC_KEY_LAYOUT.get(round % 4).copied().unwrap_or_default();
    let key = match round {
        0 => linear(rk.xor(constant), DEC_INPUT_LO, DEC_INPUT_HI),
        12 => rk,
        _ => linear(rk.xor(constant), DEC_INPUT_LO, DEC_INPUT_HI).permute(layout),
    };
    key.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{inv_s_box, mul8, s_box};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sub_bytes_is_the_aes_s_box_for_every_byte() {
        for high in 0..16u8 {
            let input: [u8; 16] = core::array::from_fn(|n| high << 4 | n as u8);
            let out = sub_bytes(Vector::load(&input)).to_bytes();
            for (x, y) in input.iter().zip(out) {
                assert_eq!(y, s_box(*x), "S({x:#04x})");
                assert_eq!(inv_s_box(y), *x, "S⁻¹(S({x:#04x}))");
            }
        }
    }

    #[test]
    fn inv_mix_column_matches_field_arithmetic() {
        let mut w: u32 = 0x0123_4567;
        for _ in 0..1000 {
            w = w.wrapping_mul(0x9e37_79b9).wrapping_add(0x7f4a_7c15);
            let a = w.to_le_bytes();
            let row = |r: usize| {
                let at = |d: usize| a.get((r + d) % 4).copied().unwrap_or(0);
                mul8(14, at(0)) ^ mul8(11, at(1)) ^ mul8(13, at(2)) ^ mul8(9, at(3))
            };
            let expected = u32::from_le_bytes([row(0), row(1), row(2), row(3)]);
            assert_eq!(inv_mix_column(w), expected, "InvMixColumns({w:#010x})");
        }
    }

    /// FIPS-197 Appendix A.2, "Expansion of a 192-bit Cipher Key": all 52 words, written as
    /// in the standard (first byte most significant).
    #[test]
    fn key_expansion_matches_fips_197_appendix_a_2() {
        const KEY: [u8; 24] = [
            0x8e, 0x73, 0xb0, 0xf7, 0xda, 0x0e, 0x64, 0x52, 0xc8, 0x10, 0xf3, 0x2b, 0x80, 0x90,
            0x79, 0xe5, 0x62, 0xf8, 0xea, 0xd2, 0x52, 0x2c, 0x6b, 0x7b,
        ];
        const W: [u32; 52] = [
            0x8e73b0f7, 0xda0e6452, 0xc810f32b, 0x809079e5, 0x62f8ead2, 0x522c6b7b, 0xfe0c91f7,
            0x2402f5a5, 0xec12068e, 0x6c827f6b, 0x0e7a95b9, 0x5c56fec2, 0x4db7b4bd, 0x69b54118,
            0x85a74796, 0xe92538fd, 0xe75fad44, 0xbb095386, 0x485af057, 0x21efb14f, 0xa448f6d9,
            0x4d6dce24, 0xaa326360, 0x113b30e6, 0xa25e7ed5, 0x83b1cf9a, 0x27f93943, 0x6a94f767,
            0xc0a69407, 0xd19da4e1, 0xec1786eb, 0x6fa64971, 0x485f7032, 0x22cb8755, 0xe26d1352,
            0x33f0b7b3, 0x40beeb28, 0x2f18a259, 0x6747d26b, 0x458c553e, 0xa7e1466c, 0x9411f1df,
            0x821f750a, 0xad07d753, 0xca400538, 0x8fcc5006, 0x282d166a, 0xbc3ce7b5, 0xe98ba06f,
            0x448c773c, 0x8ecc7204, 0x01002202,
        ];
        let words = expand_key(&KEY);
        for (i, (got, want)) in words.iter().zip(W).enumerate() {
            assert_eq!(got.to_le_bytes(), want.to_be_bytes(), "FIPS-197 A.2 w[{i}]");
        }
    }
}
