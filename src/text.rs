//! Building messages and numbers as text without `core::fmt`.
//!
//! `format!`, `to_string()` on numbers and `Display` pull Rust's formatting machinery (about
//! 10 KB gzip) into the WebAssembly module; every message of pinseal is a few static pieces
//! and small numbers, so these two helpers are all it needs.

#[allow(unused_imports)]
use crate::prelude::*;

/// The concatenation of `parts`.
pub(crate) fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_num(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `rest % 10` is below 10: the cast cannot truncate.
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// The decimal digits of `n`.
pub(crate) fn num(n: usize) -> String {
    let mut out = String::new();
    push_num(&mut out, n as u64);
    out
}

/// Appends `n` as exactly `width` digits, zero-padded (for `YYYYMMDDHHMMSS`).
pub(crate) fn push_padded(out: &mut String, n: u16, width: usize) {
    let mut digits = String::new();
    push_num(&mut digits, u64::from(n));
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for n in [0u64, 7, 10, 99, 100, 2010, 1 << 20, u64::MAX] {
            let mut s = String::new();
            push_num(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        let mut s = String::new();
        push_padded(&mut s, 7, 2);
        push_padded(&mut s, 2022, 4);
        push_padded(&mut s, 0, 2);
        assert_eq!(s, "07202200");
        assert_eq!(join(&["a", "", "bc"]), "abc");
        assert_eq!(num(1_048_576), "1048576");
    }
}
