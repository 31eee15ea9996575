//! The engine's constants: sixteen-entry nibble tables and byte permutations.
//!
//! # Where the numbers come from
//!
//! The nibble tables are facts of finite-field arithmetic under these choices (the unit tests
//! at the end of this file rebuild every table from them and compare):
//!
//! - GF(2⁴) = GF(2)\[z\]/(z⁴ + z + 1); a nibble is a polynomial in z.
//! - GF(2⁸) ≅ GF(2⁴)\[X\]/(X² + X + c) with c = z³ (trace 1, so the polynomial is irreducible).
//!   Write a = 1/c.
//! - The engine stores a byte as nibble coordinates (i, k) of the element i·(X/c) + k: `i` is
//!   the high nibble, `k` the low one. In these coordinates the norm is a·i² + a·i·k + k², which
//!   is what lets five table lookups and a few XORs invert an element (see [`INV`]).
//! - φ: the AES field GF(2)\[x\]/(x⁸ + x⁴ + x³ + x + 1) → the tower field sends x to z·X (its
//!   smallest root by byte value), extended linearly; it is a field isomorphism.
//!
//! With j = i ⊕ k, the inversion computes io = j + 1/(1/i + a/k) and jo = i + 1/(1/j + a/k);
//! the inverse of the element is then ε₁/io + ε₂/jo for two fixed elements ε₁, ε₂ (again checked
//! by the tests). A table entry `0x80` stands for 1/0 = ∞: XOR with a nibble keeps it ≥ 16, and a
//! lookup at an index ≥ 16 reads 0 = 1/∞, so zero inputs need no special case.
//!
//! An output table maps io (or jo) straight to whatever the round needs next. For encryption
//! that is `c·A(y)`, A the linear part of the AES affine map and c ∈ {1, 3} (MixColumns needs
//! 1, 2 and 3, and 2 = 1 ⊕ 3), already in the coordinates of the next round's input. For
//! decryption it is `c·y` with c ∈ {9, 11, 13, 14}, in the coordinates of A⁻¹(·). The last
//! round's tables give plain AES bytes. The S-box constant 0x63 is folded into the round keys.

use crate::backend::Vector;

/// Builds a table constant from its sixteen entries.
const fn table(bytes: [u8; 16]) -> Vector {
    Vector::from_bytes(bytes)
}

/// Encryption input basis, low nibble: the coordinates of φ(n) for n = 0..16.
pub(crate) const INPUT_LO: Vector = table([
    0x00, 0x01, 0x30, 0x31, 0x66, 0x67, 0x56, 0x57, 0x6c, 0x6d, 0x5c, 0x5d, 0x0a, 0x0b, 0x3a, 0x3b,
]);
/// Encryption input basis, high nibble: the coordinates of φ(n·16).
pub(crate) const INPUT_HI: Vector = table([
    0x00, 0xbc, 0x25, 0x99, 0xb4, 0x08, 0x91, 0x2d, 0x95, 0x29, 0xb0, 0x0c, 0x21, 0x9d, 0x04, 0xb8,
]);
/// Decryption input basis, low nibble: the coordinates of φ(A⁻¹(n)).
pub(crate) const DEC_INPUT_LO: Vector = table([
    0x00, 0xe8, 0x4f, 0xa7, 0x48, 0xa0, 0x07, 0xef, 0x38, 0xd0, 0x77, 0x9f, 0x70, 0x98, 0x3f, 0xd7,
]);
/// Decryption input basis, high nibble: the coordinates of φ(A⁻¹(n·16)).
pub(crate) const DEC_INPUT_HI: Vector = table([
    0x00, 0xd6, 0xd9, 0x0f, 0x19, 0xcf, 0xc0, 0x16, 0x42, 0x94, 0x9b, 0x4d, 0x5b, 0x8d, 0x82, 0x54,
]);

/// 1/n in GF(2⁴), with 1/0 = ∞ written `0x80`.
pub(crate) const INV: Vector = table([
    0x80, 0x01, 0x09, 0x0e, 0x0d, 0x0b, 0x07, 0x06, 0x0f, 0x02, 0x0c, 0x05, 0x0a, 0x04, 0x03, 0x08,
]);
/// a/n in GF(2⁴), with a/0 = ∞ written `0x80`.
pub(crate) const INV_A: Vector = table([
    0x80, 0x0f, 0x0e, 0x05, 0x07, 0x03, 0x0b, 0x04, 0x0a, 0x0d, 0x08, 0x06, 0x0c, 0x09, 0x02, 0x01,
]);

/// Middle encryption rounds, 1·A(y) from io, in the input basis.
pub(crate) const ENC1_IO: Vector = table([
    0x00, 0x2e, 0x17, 0x73, 0x59, 0x13, 0x64, 0x4a, 0x5d, 0x04, 0x77, 0x60, 0x3d, 0x4e, 0x2a, 0x39,
]);
/// Middle encryption rounds, 1·A(y) from jo, in the input basis.
pub(crate) const ENC1_JO: Vector = table([
    0x00, 0x91, 0xf6, 0xa9, 0xa3, 0x6d, 0x5f, 0xce, 0x38, 0x9b, 0x32, 0xc4, 0xfc, 0x55, 0x0a, 0x67,
]);
/// Middle encryption rounds, 3·A(y) from io, in the input basis.
pub(crate) const ENC3_IO: Vector = table([
    0x00, 0x7a, 0xa5, 0xcd, 0x73, 0x61, 0x68, 0x12, 0xb7, 0xc4, 0x09, 0xac, 0x1b, 0xd6, 0xbe, 0xdf,
]);
/// Middle encryption rounds, 3·A(y) from jo, in the input basis.
pub(crate) const ENC3_JO: Vector = table([
    0x00, 0xb0, 0x8b, 0x5e, 0x84, 0xe1, 0xd5, 0x65, 0xee, 0x6a, 0x34, 0xbf, 0x51, 0x0f, 0xda, 0x3b,
]);
/// Last encryption round and key schedule, A(y) from io, as an AES byte.
pub(crate) const ENC_OUT_IO: Vector = table([
    0x00, 0x2d, 0x7e, 0x26, 0xeb, 0x9e, 0x58, 0x75, 0x0b, 0xe0, 0xc6, 0xb8, 0xb3, 0x95, 0xcd, 0x53,
]);
/// Last encryption round and key schedule, A(y) from jo, as an AES byte.
pub(crate) const ENC_OUT_JO: Vector = table([
    0x00, 0x60, 0x65, 0x32, 0x3e, 0x09, 0x57, 0x37, 0x52, 0x6c, 0x5e, 0x3b, 0x69, 0x5b, 0x0c, 0x05,
]);

/// Middle decryption rounds, 9·y from io, in the decryption input basis.
pub(crate) const DEC9_IO: Vector = table([
    0x00, 0x34, 0x66, 0x76, 0x8c, 0xa8, 0x10, 0x24, 0x42, 0xce, 0xb8, 0xde, 0x9c, 0xea, 0xfa, 0x52,
]);
/// Middle decryption rounds, 9·y from jo, in the decryption input basis.
pub(crate) const DEC9_JO: Vector = table([
    0x00, 0x1f, 0xd7, 0xe4, 0x99, 0xb5, 0x33, 0x2c, 0xfb, 0x62, 0x86, 0x51, 0xaa, 0x4e, 0x7d, 0xc8,
]);
/// Middle decryption rounds, 11·y from io, in the decryption input basis.
pub(crate) const DEC11_IO: Vector = table([
    0x00, 0x60, 0xf6, 0x85, 0x46, 0x55, 0x73, 0x13, 0xe5, 0xa3, 0x26, 0xd0, 0x35, 0xb0, 0xc3, 0x96,
]);
/// Middle decryption rounds, 11·y from jo, in the decryption input basis.
pub(crate) const DEC11_JO: Vector = table([
    0x00, 0x1c, 0x88, 0xff, 0xd1, 0xba, 0x77, 0x6b, 0xe3, 0x32, 0xcd, 0x45, 0xa6, 0x59, 0x2e, 0x94,
]);
/// Middle decryption rounds, 13·y from io, in the decryption input basis.
pub(crate) const DEC13_IO: Vector = table([
    0x00, 0xff, 0x77, 0xba, 0xa6, 0x94, 0xcd, 0x32, 0x45, 0xe3, 0x59, 0x2e, 0x6b, 0xd1, 0x1c, 0x88,
]);
/// Middle decryption rounds, 13·y from jo, in the decryption input basis.
pub(crate) const DEC13_JO: Vector = table([
    0x00, 0xee, 0x5d, 0x67, 0xa1, 0x75, 0x3a, 0xd4, 0x89, 0x28, 0x4f, 0x12, 0x9b, 0xfc, 0xc6, 0xb3,
]);
/// Middle decryption rounds, 14·y from io, in the decryption input basis.
pub(crate) const DEC14_IO: Vector = table([
    0x00, 0x85, 0x73, 0x55, 0x35, 0x96, 0x26, 0xa3, 0xd0, 0xe5, 0xb0, 0xc3, 0x13, 0x46, 0x60, 0xf6,
]);
/// Middle decryption rounds, 14·y from jo, in the decryption input basis.
pub(crate) const DEC14_JO: Vector = table([
    0x00, 0xff, 0x77, 0xba, 0xa6, 0x94, 0xcd, 0x32, 0x45, 0xe3, 0x59, 0x2e, 0x6b, 0xd1, 0x1c, 0x88,
]);
/// Last decryption round, y from io, as an AES byte.
pub(crate) const DEC_OUT_IO: Vector = table([
    0x00, 0x78, 0x90, 0xf4, 0x72, 0x6e, 0x64, 0x1c, 0x8c, 0xfe, 0x0a, 0x9a, 0x16, 0xe2, 0x86, 0xe8,
]);
/// Last decryption round, y from jo, as an AES byte.
pub(crate) const DEC_OUT_JO: Vector = table([
    0x00, 0xdb, 0xb8, 0x79, 0x02, 0x18, 0xc1, 0x1a, 0xa2, 0xa0, 0xd9, 0x61, 0xc3, 0xba, 0x7b, 0x63,
]);

// ---------------------------------------------------------------------------------------------
// Byte permutations. A permutation `p` acts as `out[j] = in[p[j]]` (a swizzle); the AES state
// is column-major, byte 4·col + row. They are computed by `const fn`s that run only at compile
// time: an index out of range there is a build error, never a run-time panic (hence the
// `indexing_slicing` allowances).
//
// ShiftRows is never applied. After r rounds the register holds the state with ShiftRows applied
// r times "still owed"; MixColumns' rotations and the round keys are conjugated to match, and
// since ShiftRows⁴ is the identity and AES-192 has 12 rounds, nothing is owed at the end.
// ---------------------------------------------------------------------------------------------

/// ShiftRows: row `r` of column `c` comes from column `c + r`.
#[allow(clippy::indexing_slicing)]
const SHIFT_ROWS: [u8; 16] = {
    let mut p = [0u8; 16];
    let mut j = 0;
    while j < 16 {
        let (col, row) = (j / 4, j % 4);
        p[j] = (4 * ((col + row) % 4) + row) as u8;
        j += 1;
    }
    p
};

/// Rotation inside each column: row `r` takes row `r + 1` (the shape of MixColumns).
#[allow(clippy::indexing_slicing)]
const ROTATE_COLUMN: [u8; 16] = {
    let mut p = [0u8; 16];
    let mut j = 0;
    while j < 16 {
        p[j] = (4 * (j / 4) + (j % 4 + 1) % 4) as u8;
        j += 1;
    }
    p
};

/// The permutation that applies `first`, then `second`.
#[allow(clippy::indexing_slicing)]
const fn then(first: [u8; 16], second: [u8; 16]) -> [u8; 16] {
    let mut p = [0u8; 16];
    let mut j = 0;
    while j < 16 {
        p[j] = first[second[j] as usize];
        j += 1;
    }
    p
}

/// `p` applied `n` times.
#[allow(clippy::indexing_slicing)]
const fn power(p: [u8; 16], n: usize) -> [u8; 16] {
    let mut acc = [0u8; 16];
    let mut j = 0;
    while j < 16 {
        acc[j] = j as u8;
        j += 1;
    }
    let mut k = 0;
    while k < n {
        acc = then(acc, p);
        k += 1;
    }
    acc
}

/// The permutation undoing `p`.
#[allow(clippy::indexing_slicing)]
const fn inverse(p: [u8; 16]) -> [u8; 16] {
    let mut q = [0u8; 16];
    let mut j = 0;
    while j < 16 {
        q[p[j] as usize] = j as u8;
        j += 1;
    }
    q
}

/// `rotation` as seen by a register that owes the permutation `owed`: apply `owed`, rotate,
/// and take `owed` back.
const fn conjugate(rotation: [u8; 16], owed: [u8; 16]) -> [u8; 16] {
    then(then(owed, rotation), inverse(owed))
}

/// (Inv)MixColumns' column rotations as seen by the register of one round.
pub(crate) struct MixPerms {
    /// Each column rotated by one row.
    pub(crate) by_one: Vector,
    /// Each column rotated by two rows.
    pub(crate) by_two: Vector,
    /// Each column rotated by three rows.
    pub(crate) by_three: Vector,
}

const fn mix_perms(owed: [u8; 16]) -> MixPerms {
    MixPerms {
        by_one: table(conjugate(ROTATE_COLUMN, owed)),
        by_two: table(conjugate(power(ROTATE_COLUMN, 2), owed)),
        by_three: table(conjugate(power(ROTATE_COLUMN, 3), owed)),
    }
}

/// Encryption round r owes ShiftRowsʳ; indexed by r mod 4.
pub(crate) const ENC_MIX: [MixPerms; 4] = [
    mix_perms(power(SHIFT_ROWS, 0)),
    mix_perms(power(SHIFT_ROWS, 1)),
    mix_perms(power(SHIFT_ROWS, 2)),
    mix_perms(power(SHIFT_ROWS, 3)),
];

/// Decryption round r owes InvShiftRowsʳ; indexed by r mod 4.
pub(crate) const DEC_MIX: [MixPerms; 4] = [
    mix_perms(power(inverse(SHIFT_ROWS), 0)),
    mix_perms(power(inverse(SHIFT_ROWS), 1)),
    mix_perms(power(inverse(SHIFT_ROWS), 2)),
    mix_perms(power(inverse(SHIFT_ROWS), 3)),
];

/// Moves an encryption round key r into the register's layout (ShiftRows⁻ʳ), by r mod 4.
pub(crate) const ENC_KEY_LAYOUT: [Vector; 4] = [
    table(power(inverse(SHIFT_ROWS), 0)),
    table(power(inverse(SHIFT_ROWS), 1)),
    table(power(inverse(SHIFT_ROWS), 2)),
    table(power(inverse(SHIFT_ROWS), 3)),
];

/// Moves a decryption round key r into the register's layout (ShiftRowsʳ), by r mod 4.
pub(crate) const DEC_KEY_LAYOUT: [Vector; 4] = [
    table(power(SHIFT_ROWS, 0)),
    table(power(SHIFT_ROWS, 1)),
    table(power(SHIFT_ROWS, 2)),
    table(power(SHIFT_ROWS, 3)),
];

#[cfg(test)]
mod tests {
    //! Rebuilds every nibble table from finite-field arithmetic (see the module docs for the
    //! choices) and checks the byte permutations.

    use super::*;
    use crate::reference::{affine_linear, affine_linear_inverse, inv4, mul4, mul8};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// c = z³ in GF(2⁴); the tower field is GF(2⁴)[X]/(X² + X + c).
    const C: u8 = 0x08;
    /// φ(x): the image of the AES field's generator x, as h·16 + l for h·X + l.
    const PHI_X: u8 = 0x20;
    /// The two elements ε₁, ε₂ of the inversion formula, as h·16 + l.
    const EPSILON: (u8, u8) = (0x91, 0x80);

    /// Product in the tower field, elements written h·16 + l for h·X + l.
    fn tower_mul(x: u8, y: u8) -> u8 {
        let (h1, l1, h2, l2) = (x >> 4, x & 15, y >> 4, y & 15);
        let hh = mul4(h1, h2);
        // (h1·X + l1)(h2·X + l2) with X² = X + c.
        let h = hh ^ mul4(h1, l2) ^ mul4(l1, h2);
        let l = mul4(hh, C) ^ mul4(l1, l2);
        (h << 4) | l
    }

    fn tower_pow(x: u8, n: u32) -> u8 {
        (0..n).fold(1, |acc, _| tower_mul(acc, x))
    }

    /// φ: AES byte → tower element.
    fn phi(b: u8) -> u8 {
        (0..8)
            .filter(|m| b >> m & 1 == 1)
            .fold(0, |acc, m| acc ^ tower_pow(PHI_X, m))
    }

    fn phi_inverse(t: u8) -> u8 {
        (0..=255).find(|&b| phi(b) == t).expect("φ is a bijection")
    }

    /// Tower element h·X + l → engine coordinates (i, k) with element = i·(X/c) + k.
    fn coords(t: u8) -> u8 {
        (mul4(t >> 4, C) << 4) | (t & 15)
    }

    fn uncoords(ik: u8) -> u8 {
        (mul4(ik >> 4, inv4(C)) << 4) | (ik & 15)
    }

    /// `i8x16.swizzle` on one lane.
    fn swizzle(table: &[u8; 16], idx: u8) -> u8 {
        table.get(usize::from(idx)).copied().unwrap_or(0)
    }

    fn build(f: impl Fn(u8) -> u8) -> [u8; 16] {
        core::array::from_fn(|n| f(n as u8))
    }

    /// (io, jo) for coordinates `x`, by the formula the engine's `invert` runs.
    fn inversion_core(x: u8) -> (u8, u8) {
        let (inv, inv_a) = (INV.to_bytes(), INV_A.to_bytes());
        let (i, k) = (x >> 4, x & 15);
        let j = i ^ k;
        let ak = swizzle(&inv_a, k);
        let iak = swizzle(&inv, i) ^ ak;
        let jak = swizzle(&inv, j) ^ ak;
        (swizzle(&inv, iak) ^ j, swizzle(&inv, jak) ^ i)
    }

    /// The AES byte y(n) that an output table entry n stands for: φ⁻¹(ε/n), 0 for n = 0.
    fn y_of(n: u8, epsilon: u8) -> u8 {
        if n == 0 {
            0
        } else {
            phi_inverse(tower_mul(inv4(n), epsilon))
        }
    }

    #[test]
    fn the_tower_field_is_a_field_isomorphic_to_the_aes_field() {
        // Trace of c is 1, so X² + X + c has no root in GF(2⁴).
        let c2 = mul4(C, C);
        let c4 = mul4(c2, c2);
        assert_eq!(C ^ c2 ^ c4 ^ mul4(c4, c4), 1, "trace of c");
        // φ(x) is the smallest root of x⁸ + x⁴ + x³ + x + 1.
        let root = |g: u8| tower_pow(g, 8) ^ tower_pow(g, 4) ^ tower_pow(g, 3) ^ g ^ 1 == 0;
        assert_eq!((0..=255).find(|&g| root(g)), Some(PHI_X), "smallest root");
        // φ is additive by construction; check it is multiplicative.
        for a in 0..=255u8 {
            for b in (0..=255u8).step_by(5) {
                assert_eq!(phi(mul8(a, b)), tower_mul(phi(a), phi(b)), "φ({a}·{b})");
            }
        }
    }

    #[test]
    fn the_inversion_formula_inverts_every_element() {
        let (e1, e2) = EPSILON;
        let part = |n: u8, e: u8| {
            if n == 0 || n >= 16 {
                0
            } else {
                tower_mul(inv4(n), e)
            }
        };
        for x in 0..=255u8 {
            let (io, jo) = inversion_core(x);
            let y = part(io, e1) ^ part(jo, e2);
            let element = uncoords(x);
            let expected = if element == 0 { 0 } else { 1 };
            assert_eq!(tower_mul(element, y), expected, "coordinates {x:#04x}");
        }
    }

    #[test]
    fn inversion_tables_match_gf16_arithmetic() {
        let a = inv4(C);
        let with_infinity = |f: &dyn Fn(u8) -> u8| build(|n| if n == 0 { 0x80 } else { f(n) });
        assert_eq!(INV.to_bytes(), with_infinity(&inv4), "INV");
        assert_eq!(
            INV_A.to_bytes(),
            with_infinity(&|n| mul4(a, inv4(n))),
            "INV_A"
        );
    }

    #[test]
    fn input_tables_match_the_basis_change() {
        let enc = |b: u8| coords(phi(b));
        let dec = |b: u8| coords(phi(affine_linear_inverse(b)));
        assert_eq!(INPUT_LO.to_bytes(), build(enc), "INPUT_LO");
        assert_eq!(INPUT_HI.to_bytes(), build(|n| enc(n << 4)), "INPUT_HI");
        assert_eq!(DEC_INPUT_LO.to_bytes(), build(dec), "DEC_INPUT_LO");
        assert_eq!(
            DEC_INPUT_HI.to_bytes(),
            build(|n| dec(n << 4)),
            "DEC_INPUT_HI"
        );
    }

    #[test]
    fn output_tables_match_field_arithmetic() {
        let enc = |b: u8| coords(phi(b));
        let dec = |b: u8| coords(phi(affine_linear_inverse(b)));
        let (e1, e2) = EPSILON;
        type Case<'a> = (&'a str, Vector, Vector, &'a dyn Fn(u8) -> u8);
        let cases: [Case; 8] = [
            ("ENC1", ENC1_IO, ENC1_JO, &|y| enc(affine_linear(y))),
            ("ENC3", ENC3_IO, ENC3_JO, &|y| {
                enc(mul8(3, affine_linear(y)))
            }),
            ("ENC_OUT", ENC_OUT_IO, ENC_OUT_JO, &affine_linear),
            ("DEC9", DEC9_IO, DEC9_JO, &|y| dec(mul8(9, y))),
            ("DEC11", DEC11_IO, DEC11_JO, &|y| dec(mul8(11, y))),
            ("DEC13", DEC13_IO, DEC13_JO, &|y| dec(mul8(13, y))),
            ("DEC14", DEC14_IO, DEC14_JO, &|y| dec(mul8(14, y))),
            ("DEC_OUT", DEC_OUT_IO, DEC_OUT_JO, &|y| y),
        ];
        for (name, io_table, jo_table, f) in cases {
            assert_eq!(io_table.to_bytes(), build(|n| f(y_of(n, e1))), "{name}_IO");
            assert_eq!(jo_table.to_bytes(), build(|n| f(y_of(n, e2))), "{name}_JO");
        }
    }

    fn is_permutation(p: [u8; 16]) -> bool {
        let mut seen = [false; 16];
        p.iter().all(|&i| {
            let fresh = seen.get(usize::from(i)) == Some(&false);
            if let Some(s) = seen.get_mut(usize::from(i)) {
                *s = true;
            }
            fresh
        })
    }

    #[test]
    fn layout_permutations() {
        // FIPS-197 §5.1.2: row r is rotated left by r columns.
        assert_eq!(
            SHIFT_ROWS,
            [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11],
            "ShiftRows"
        );
        assert_eq!(power(SHIFT_ROWS, 4), power(SHIFT_ROWS, 0), "ShiftRows⁴ = 1");
        assert_eq!(
            power(ROTATE_COLUMN, 4),
            power(ROTATE_COLUMN, 0),
            "rotation⁴ = 1"
        );
        // As bytes before the loop: in wasm, a loop holds no vector (README, "Known engine bug").
        let bytes = |v: Vector| v.to_bytes();
        let all: std::vec::Vec<[u8; 16]> = ENC_MIX
            .iter()
            .chain(&DEC_MIX)
            .flat_map(|m| [bytes(m.by_one), bytes(m.by_two), bytes(m.by_three)])
            .chain(ENC_KEY_LAYOUT.map(bytes))
            .chain(DEC_KEY_LAYOUT.map(bytes))
            .collect();
        for (n, p) in all.into_iter().enumerate() {
            assert!(is_permutation(p), "permutation #{n}");
        }
        for (m, mix) in ENC_MIX.iter().chain(&DEC_MIX).enumerate() {
            let one = mix.by_one.to_bytes();
            assert_eq!(
                power(one, 2),
                mix.by_two.to_bytes(),
                "by_two = by_one² (#{m})"
            );
            assert_eq!(
                power(one, 3),
                mix.by_three.to_bytes(),
                "by_three = by_one³ (#{m})"
            );
        }
    }
}
