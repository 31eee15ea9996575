//! Identifiers from the platform CSPRNG (`crypto.getRandomValues` in browsers and Node).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{Error, Result};

/// Fills `buf` from the platform CSPRNG.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::RandomUnavailable)
}

/// Fills `buf` from the platform CSPRNG, through a small pool.
///
/// Under WebAssembly each `crypto.getRandomValues` call crosses into JavaScript, and per token
/// (an IV, a `clientTxnId`) that crossing cost as much as a third of the encryption. The pool
/// draws 1 KiB at a time and hands out each byte once, wiping it as it goes; what it holds are
/// future IVs and transaction ids, which are public once used. WebAssembly here is
/// single-threaded, so the lock is never contended.
#[cfg(target_arch = "wasm32")]
pub(crate) fn fill(buf: &mut [u8]) -> Result<()> {
    use zeroize::Zeroize;
    const SIZE: usize = 1024;
    struct Pool {
        bytes: [u8; SIZE],
        used: usize,
    }
    static POOL: spin::Mutex<Pool> = spin::Mutex::new(Pool {
        bytes: [0; SIZE],
        used: SIZE,
    });
    if buf.len() > SIZE / 4 {
        return getrandom::fill(buf).map_err(|_| Error::RandomUnavailable);
    }
    let mut pool = POOL.try_lock().ok_or(Error::RandomUnavailable)?;
    if pool.used + buf.len() > SIZE {
        getrandom::fill(&mut pool.bytes).map_err(|_| Error::RandomUnavailable)?;
        pool.used = 0;
    }
    let from = pool.used;
    let fresh = pool
        .bytes
        .get_mut(from..from + buf.len())
        .ok_or(Error::RandomUnavailable)?;
    buf.copy_from_slice(fresh);
    fresh.zeroize();
    pool.used += buf.len();
    Ok(())
}

const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A 24-character transaction id over the URL-safe alphabet: 144 bits from the CSPRNG.
pub(crate) fn txn_id() -> Result<String> {
    let mut bytes = [0u8; 24];
    fill(&mut bytes)?;
    // 64 divides 256, so `b % 64` is unbiased.
    Ok(bytes
        .iter()
        .filter_map(|b| URL_SAFE.get(usize::from(b % 64)).map(|&c| char::from(c)))
        .collect())
}

/// A random (version 4, RFC 9562) UUID in lowercase hyphenated form.
pub(crate) fn uuid_v4() -> Result<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = [0u8; 16];
    fill(&mut b)?;
    if let Some(v) = b.get_mut(6) {
        *v = (*v & 0x0f) | 0x40;
    }
    if let Some(v) = b.get_mut(8) {
        *v = (*v & 0x3f) | 0x80;
    }
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        for nibble in [byte >> 4, byte & 0x0f] {
            if let Some(&c) = HEX.get(usize::from(nibble)) {
                out.push(char::from(c));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txn_id_shape_and_uniqueness() {
        let a = txn_id().unwrap();
        let b = txn_id().unwrap();
        assert_eq!(a.len(), 24);
        assert!(a.bytes().all(|c| URL_SAFE.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn uuid_v4_shape() {
        for _ in 0..100 {
            let u = uuid_v4().unwrap();
            assert_eq!(u.len(), 36);
            let parts: Vec<&str> = u.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'));
            assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
            assert!(u
                .bytes()
                .all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
    }
}
