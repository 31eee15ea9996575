//! Portable backend: the 16-byte vector as two `u64` words, for every target but wasm32 (native
//! tests, the fuzzer); in wasm it is compiled only for its own tests against the simd128 one.
//!
//! It mirrors `i8x16.swizzle` exactly, including "an index byte ≥ 16 selects zero". The secret-index
//! lookup is a branch-free multiplexer tree over the 16 table entries, so no memory address and
//! no branch depends on the index; only the public byte permutations index an array.

/// A 16-byte vector: lane `j` is byte `j` of `self.0` read little-endian, as in wasm's `v128`.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Vector([u64; 2]);

/// Which backend this build uses.
pub(crate) const NAME: &str = "portable";

const LANE_LSB: u64 = 0x0101_0101_0101_0101;
const LOW_NIBBLES: u64 = 0x0f0f_0f0f_0f0f_0f0f;

/// `a` where `mask` is clear, `b` where it is set.
#[inline(always)]
const fn select(a: u64, b: u64, mask: u64) -> u64 {
    a ^ ((a ^ b) & mask)
}

/// Every lane `0xff` where bit `bit` of that lane of `idx` is set, else `0x00`.
#[inline(always)]
const fn bit_mask(idx: u64, bit: u32) -> u64 {
    ((idx >> bit) & LANE_LSB).wrapping_mul(0xff)
}

/// `byte` in every lane.
#[inline(always)]
const fn splat64(byte: u8) -> u64 {
    (byte as u64).wrapping_mul(LANE_LSB)
}

/// Eight lanes of `table[idx]`, zero where `idx` ≥ 16.
#[inline(always)]
fn lookup8(table: &[u8; 16], idx: u64) -> u64 {
    let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = *table;
    let (m0, m1, m2, m3) = (
        bit_mask(idx, 0),
        bit_mask(idx, 1),
        bit_mask(idx, 2),
        bit_mask(idx, 3),
    );
    let pair = |a: u8, b: u8| select(splat64(a), splat64(b), m0);
    let quad = |a: u64, b: u64| select(a, b, m1);
    let q0 = quad(pair(t0, t1), pair(t2, t3));
    let q1 = quad(pair(t4, t5), pair(t6, t7));
    let q2 = quad(pair(t8, t9), pair(t10, t11));
    let q3 = quad(pair(t12, t13), pair(t14, t15));
    let value = select(select(q0, q1, m2), select(q2, q3, m2), m3);
    // Lanes whose high nibble is non-zero (index ≥ 16) read as zero; (h + 15) has bit 4 set
    // exactly when h ≠ 0, and h + 15 ≤ 30 never carries into the next lane.
    let high = (idx >> 4) & LOW_NIBBLES;
    let out_of_range = bit_mask(high.wrapping_add(LOW_NIBBLES), 4);
    value & !out_of_range
}

impl Vector {
    /// The vector whose lane `j` is `bytes[j]`.
    #[inline(always)]
    pub(crate) const fn from_bytes(bytes: [u8; 16]) -> Self {
        let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = bytes;
        Self([
            u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]),
            u64::from_le_bytes([b8, b9, b10, b11, b12, b13, b14, b15]),
        ])
    }

    /// The vector whose lane `j` is `bytes[j]`, at run time.
    // In wasm this backend exists only for its tests, which build vectors with `from_bytes`.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    #[inline(always)]
    pub(crate) fn load(bytes: &[u8; 16]) -> Self {
        Self::from_bytes(*bytes)
    }

    /// The lanes as bytes.
    #[inline(always)]
    pub(crate) fn to_bytes(self) -> [u8; 16] {
        let [a0, a1, a2, a3, a4, a5, a6, a7] = self.0[0].to_le_bytes();
        let [b0, b1, b2, b3, b4, b5, b6, b7] = self.0[1].to_le_bytes();
        [
            a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7,
        ]
    }

    /// `byte` in every lane.
    #[inline(always)]
    pub(crate) const fn splat(byte: u8) -> Self {
        Self([splat64(byte), splat64(byte)])
    }

    /// Lane-wise XOR.
    #[inline(always)]
    pub(crate) fn xor(self, other: Self) -> Self {
        Self([self.0[0] ^ other.0[0], self.0[1] ^ other.0[1]])
    }

    /// Each lane split into its low and high nibble, both in `0..16`.
    #[inline(always)]
    pub(crate) fn nibbles(self) -> (Self, Self) {
        let [a, b] = self.0;
        (
            Self([a & LOW_NIBBLES, b & LOW_NIBBLES]),
            Self([(a >> 4) & LOW_NIBBLES, (b >> 4) & LOW_NIBBLES]),
        )
    }

    /// `table[idx[j]]` in lane `j`, or 0 where `idx[j]` ≥ 16 (`i8x16.swizzle`), for a secret
    /// `idx`: constant-time.
    #[inline(always)]
    pub(crate) fn lookup(table: Self, idx: Self) -> Self {
        let table = table.to_bytes();
        Self([lookup8(&table, idx.0[0]), lookup8(&table, idx.0[1])])
    }

    /// `self[perm[j]]` in lane `j`, or 0 where `perm[j]` ≥ 16, for a public `perm`.
    #[inline(always)]
    pub(crate) fn permute(self, perm: Self) -> Self {
        let lanes = self.to_bytes();
        let mut out = [0u8; 16];
        for (o, &p) in out.iter_mut().zip(perm.to_bytes().iter()) {
            *o = lanes.get(usize::from(p)).copied().unwrap_or(0);
        }
        Self::from_bytes(out)
    }
}

// Secrets held in vectors (round keys) are wiped with `zeroize`'s volatile writes.
impl zeroize::DefaultIsZeroes for Vector {}

#[cfg(test)]
mod tests {
    //! The portable backend against the definition of `i8x16.swizzle`, and, in a wasm simd128
    //! build, against the real instruction.

    use super::Vector;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `i8x16.swizzle` by its definition.
    fn swizzle(table: [u8; 16], idx: [u8; 16]) -> [u8; 16] {
        idx.map(|i| table.get(usize::from(i)).copied().unwrap_or(0))
    }

    /// Index vectors covering every byte value in every lane.
    fn index_vectors() -> impl Iterator<Item = [u8; 16]> {
        (0..=255u8).map(|v| core::array::from_fn(|lane| v.wrapping_add(lane as u8 * 17)))
    }

    const TABLE: [u8; 16] = [
        0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab,
        0x76,
    ];

    #[test]
    fn lookup_and_permute_are_swizzle_for_every_index_byte() {
        let table = Vector::from_bytes(TABLE);
        for idx in index_vectors() {
            let want = swizzle(TABLE, idx);
            let i = Vector::from_bytes(idx);
            assert_eq!(Vector::lookup(table, i).to_bytes(), want, "lookup {idx:?}");
            assert_eq!(table.permute(i).to_bytes(), want, "permute {idx:?}");
        }
    }

    #[test]
    fn nibbles_xor_splat_and_bytes() {
        for v in index_vectors() {
            let (lo, hi) = Vector::from_bytes(v).nibbles();
            assert_eq!(lo.to_bytes(), v.map(|b| b & 15), "low nibbles");
            assert_eq!(hi.to_bytes(), v.map(|b| b >> 4), "high nibbles");
            let x = Vector::from_bytes(v).xor(Vector::splat(0xa5)).to_bytes();
            assert_eq!(x, v.map(|b| b ^ 0xa5), "xor with splat");
        }
        assert_eq!(Vector::default().to_bytes(), [0; 16], "default is zero");
        assert_eq!(super::NAME, "portable");
    }

    /// In a wasm build both backends exist: every operation must agree lane for lane.
    #[cfg(target_arch = "wasm32")]
    #[test]
    fn portable_and_simd128_backends_agree() {
        use crate::simd128::Vector as Simd;
        for idx in index_vectors() {
            // Made inside the loop: in wasm, a loop holds no vector (README, "Known engine bug").
            let (pt, st) = (Vector::from_bytes(TABLE), Simd::load(&TABLE));
            let (pi, si) = (Vector::from_bytes(idx), Simd::load(&idx));
            assert_eq!(
                Vector::lookup(pt, pi).to_bytes(),
                Simd::lookup(st, si).to_bytes(),
                "lookup {idx:?}"
            );
            assert_eq!(
                pt.permute(pi).to_bytes(),
                st.permute(si).to_bytes(),
                "permute {idx:?}"
            );
            let (pl, ph) = pi.nibbles();
            let (sl, sh) = si.nibbles();
            assert_eq!(
                (pl.to_bytes(), ph.to_bytes()),
                (sl.to_bytes(), sh.to_bytes()),
                "nibbles"
            );
            assert_eq!(pi.xor(pt).to_bytes(), si.xor(st).to_bytes(), "xor");
        }
        assert_eq!(
            Vector::splat(0x3c).to_bytes(),
            Simd::splat(0x3c).to_bytes(),
            "splat"
        );
        assert_eq!(
            Vector::default().to_bytes(),
            Simd::default().to_bytes(),
            "default"
        );
    }
}
