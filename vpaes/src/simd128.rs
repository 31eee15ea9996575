//! WebAssembly simd128 backend: one `v128` per vector, table lookups with `i8x16.swizzle`.
//!
//! `i8x16.swizzle` is fully specified (an index ≥ 16 selects zero) and has no branch and no
//! memory access; `i8x16.relaxed_swizzle` leaves out-of-range indices to the engine and is
//! never used. V8 on x64 compiles a swizzle to `vpaddusb` (indices ≥ 16 become ≥ 128) plus
//! `vpshufb`, so the number of swizzles is the cost model: 12 per encryption round, 16 per
//! decryption round. The public byte permutations are swizzles in the source; with constant
//! indices LLVM emits them as `i8x16.shuffle`, which engines compile to one byte shuffle too.
//!
//! Only this engine uses SIMD: the crate is compiled without `simd128`, and every function that
//! touches a vector enables it for itself (`#[target_feature(enable = "simd128")]`), so the
//! compiler cannot spread vector code into the callers (README, "Known engine bug").

use core::arch::wasm32::{
    i8x16_swizzle, u16x8_shr, u64x2, u64x2_extract_lane, u8x16, u8x16_splat, v128, v128_and,
    v128_xor,
};

/// A 16-byte vector in one wasm `v128` register.
#[derive(Clone, Copy)]
pub(crate) struct Vector(v128);

/// Which backend this build uses.
pub(crate) const NAME: &str = "simd128";

impl Vector {
    /// The vector whose lane `j` is `bytes[j]`, for constants (evaluated at compile time into
    /// one `v128.const`).
    pub(crate) const fn from_bytes(bytes: [u8; 16]) -> Self {
        let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = bytes;
        Self(u8x16(
            b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15,
        ))
    }

    /// The vector whose lane `j` is `bytes[j]`, at run time: two 64-bit lanes, not sixteen
    /// byte lanes.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn load(bytes: &[u8; 16]) -> Self {
        let [a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7] = *bytes;
        Self(u64x2(
            u64::from_le_bytes([a0, a1, a2, a3, a4, a5, a6, a7]),
            u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]),
        ))
    }

    /// The lanes as bytes.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn to_bytes(self) -> [u8; 16] {
        let [a0, a1, a2, a3, a4, a5, a6, a7] = u64x2_extract_lane::<0>(self.0).to_le_bytes();
        let [b0, b1, b2, b3, b4, b5, b6, b7] = u64x2_extract_lane::<1>(self.0).to_le_bytes();
        [
            a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7,
        ]
    }

    /// `byte` in every lane.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn splat(byte: u8) -> Self {
        Self(u8x16_splat(byte))
    }

    /// Lane-wise XOR.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn xor(self, other: Self) -> Self {
        Self(v128_xor(self.0, other.0))
    }

    /// Each lane split into its low and high nibble, both in `0..16`.
    ///
    /// wasm has a byte shift (`i8x16.shr_u`) but x64 has none, so V8 expands it to several
    /// instructions; a 16-bit shift followed by the nibble mask is one shift and one AND.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn nibbles(self) -> (Self, Self) {
        let mask = u8x16_splat(0x0f);
        (
            Self(v128_and(self.0, mask)),
            Self(v128_and(u16x8_shr(self.0, 4), mask)),
        )
    }

    /// `table[idx[j]]` in lane `j`, or 0 where `idx[j]` ≥ 16, for a secret `idx`.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn lookup(table: Self, idx: Self) -> Self {
        Self(i8x16_swizzle(table.0, idx.0))
    }

    /// `self[perm[j]]` in lane `j`, or 0 where `perm[j]` ≥ 16, for a public `perm`.
    #[target_feature(enable = "simd128")]
    #[inline]
    pub(crate) fn permute(self, perm: Self) -> Self {
        Self(i8x16_swizzle(self.0, perm.0))
    }
}

impl Default for Vector {
    fn default() -> Self {
        Self::from_bytes([0; 16])
    }
}

// Secrets held in vectors (round keys) are wiped with `zeroize`'s volatile writes.
impl zeroize::DefaultIsZeroes for Vector {}
