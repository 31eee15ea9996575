//! Textbook finite-field arithmetic for the unit tests: slow, obvious, table-free.

/// Product in GF(2)[x] modulo `poly`, for fields of `bits` bits.
pub(crate) fn mul(a: u8, mut b: u8, poly: u16, bits: u32) -> u8 {
    let mut acc: u16 = 0;
    let mut a16 = u16::from(a);
    while b != 0 {
        if b & 1 == 1 {
            acc ^= a16;
        }
        b >>= 1;
        a16 <<= 1;
        if a16 >> bits != 0 {
            a16 ^= poly;
        }
    }
    acc as u8
}

/// Product in the AES field GF(2⁸) = GF(2)\[x\]/(x⁸ + x⁴ + x³ + x + 1).
pub(crate) fn mul8(a: u8, b: u8) -> u8 {
    mul(a, b, 0x11b, 8)
}

/// Product in GF(2⁴) = GF(2)\[z\]/(z⁴ + z + 1).
pub(crate) fn mul4(a: u8, b: u8) -> u8 {
    mul(a, b, 0x13, 4)
}

/// Inverse in the AES field by exhaustive search (0 ↦ 0).
pub(crate) fn inv8(a: u8) -> u8 {
    (1..=255).find(|&b| mul8(a, b) == 1).unwrap_or(0)
}

/// Inverse in GF(2⁴) by exhaustive search (0 ↦ 0).
pub(crate) fn inv4(a: u8) -> u8 {
    (1..16).find(|&b| mul4(a, b) == 1).unwrap_or(0)
}

/// The linear part A of the S-box's affine map: bit i of A(b) is
/// b_i ⊕ b_{i+4} ⊕ b_{i+5} ⊕ b_{i+6} ⊕ b_{i+7} (indices mod 8), FIPS-197 eq. 5.1.
pub(crate) fn affine_linear(b: u8) -> u8 {
    b ^ b.rotate_left(1) ^ b.rotate_left(2) ^ b.rotate_left(3) ^ b.rotate_left(4)
}

/// The inverse of [`affine_linear`], by exhaustive search.
pub(crate) fn affine_linear_inverse(b: u8) -> u8 {
    (0..=255).find(|&x| affine_linear(x) == b).unwrap_or(0)
}

/// The AES S-box, FIPS-197 §5.1.1.
pub(crate) fn s_box(b: u8) -> u8 {
    affine_linear(inv8(b)) ^ 0x63
}

/// The AES inverse S-box.
pub(crate) fn inv_s_box(b: u8) -> u8 {
    inv8(affine_linear_inverse(b ^ 0x63))
}
