//! The engine check: every AES-CBC result crossed with the other direction before it is used.
//!
//! Why: JavaScriptCore (WebKit, Safari) has computed wrong SIMD results in WebAssembly once its
//! optimizing tier took over (README, "Known engine bug"). The module is built without the code
//! shapes known to trigger that, but the cause is not settled, so where it runs on
//! JavaScriptCore (the npm package turns the check on there) a wrong block must not leave
//! pinseal: sealing decrypts its ciphertext again and compares it with the plaintext; opening
//! encrypts its plaintext again and compares it with the ciphertext. The check uses the other
//! direction's code, so one wrong path cannot agree with itself. A mismatch is counted
//! ([`faults`]) and the work is done again from the original bytes, at most [`ATTEMPTS`] times;
//! then [`Error::EngineFault`]. It costs one more AES pass over the data.
//!
//! The check runs on the whole ciphertext before the padding is read, so it takes the same time
//! whatever the padding holds (SPEC §2, "No timing oracle").

#[allow(unused_imports)]
use crate::prelude::*;

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// How many times the work is done before [`Error::EngineFault`].
pub const ATTEMPTS: u32 = 3;

/// Whether the check is on: off by default, on in the npm package under JavaScriptCore.
static ENABLED: AtomicBool = AtomicBool::new(false);
/// Wrong results caught since the module started.
static FAULTS: AtomicU32 = AtomicU32::new(0);

/// Turns the check on or off, for every cipher.
///
/// # Examples
///
/// ```
/// use pinseal::engine_check;
///
/// engine_check::enable(true);
/// assert!(engine_check::is_enabled());
/// engine_check::enable(false);
/// assert!(!engine_check::is_enabled());
/// ```
pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether the check is on.
///
/// # Examples
///
/// ```
/// // Off by default (the npm package turns it on under JavaScriptCore only).
/// assert!(!pinseal::engine_check::is_enabled());
/// ```
pub fn is_enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// How many wrong AES results the check has caught. Each was recomputed (or, after
/// [`ATTEMPTS`], refused); a number above zero means the engine miscomputed: worth a report.
///
/// # Examples
///
/// ```
/// use pinseal::{engine_check, CipherOptions, TokenCipher};
///
/// engine_check::enable(true);
/// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
/// let token = cipher.encrypt("{}")?;
/// assert_eq!(cipher.decrypt(&token)?.expose(), "{}");
/// // A correct engine (every native build): every result checked, none wrong.
/// assert_eq!(engine_check::faults(), 0);
/// # Ok::<(), pinseal::Error>(())
/// ```
pub fn faults() -> u32 {
    FAULTS.load(Ordering::Relaxed)
}

#[cfg(test)]
std::thread_local! {
    /// Test hook: the next this-many results of this thread are spoiled (one bit flipped), as a
    /// miscompiling engine would.
    pub(crate) static SPOIL: core::cell::Cell<u32> = const { core::cell::Cell::new(0) };
}

/// A result as the engine left it, or spoiled by the test hook.
fn produced(data: &mut [u8]) {
    #[cfg(test)]
    SPOIL.with(|n| {
        if n.get() > 0 {
            n.set(n.get() - 1);
            if let Some(b) = data.last_mut() {
                *b ^= 0x80;
            }
        }
    });
    let _ = data;
}

/// `forward` on `data` in place; with the check on, `backward` of a copy must give the original
/// back, else the work is redone from the original ([`ATTEMPTS`] times in all).
///
/// # Errors
/// [`Error::EngineFault`] when every attempt was wrong.
pub(crate) fn run(
    data: &mut [u8],
    forward: impl Fn(&mut [u8]),
    backward: impl Fn(&mut [u8]),
) -> Result<()> {
    if !is_enabled() {
        forward(data);
        produced(data);
        return Ok(());
    }
    // Plaintext when sealing: kept wiped.
    let original = Zeroizing::new(data.to_vec());
    for _ in 0..ATTEMPTS {
        forward(data);
        produced(data);
        let mut back = Zeroizing::new(data.to_vec());
        backward(&mut back);
        if back[..] == original[..] {
            return Ok(());
        }
        FAULTS.fetch_add(1, Ordering::Relaxed);
        data.copy_from_slice(&original);
    }
    Err(Error::EngineFault)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CipherOptions, TokenCipher};

    const KEY: &str = "0123456789abcdefghijklmn";

    fn fixed() -> TokenCipher {
        TokenCipher::from_text(KEY, CipherOptions::fixed_iv(&[3; 16]).unwrap()).unwrap()
    }

    fn spoil(n: u32) {
        SPOIL.with(|s| s.set(n));
    }

    /// With the check off, a spoiled result leaves pinseal (which is what the check is for);
    /// with it on, the same spoiled result is caught, counted and recomputed; spoiled on every
    /// attempt, it is refused. Sealing and opening both. (One test: the switch is global, and
    /// tests run in parallel threads; the spoiling is per thread.)
    #[test]
    fn wrong_results_are_caught_recomputed_or_refused() {
        let cipher = fixed();
        let text = "a token of three blocks, more or less";
        let good = cipher.encrypt(text).unwrap();

        enable(false);
        spoil(1);
        assert_ne!(
            cipher.encrypt(text).unwrap(),
            good,
            "off: the spoiled token leaves"
        );

        enable(true);
        let before = faults();
        spoil(1);
        assert_eq!(cipher.encrypt(text).unwrap(), good, "on: recomputed");
        assert_eq!(faults() - before, 1, "counted once");
        spoil(1);
        assert_eq!(
            cipher.decrypt(&good).unwrap().expose(),
            text,
            "on: opening recomputed"
        );
        assert_eq!(faults() - before, 2);
        spoil(ATTEMPTS);
        assert_eq!(
            cipher.encrypt(text),
            Err(Error::EngineFault),
            "wrong every time"
        );
        spoil(ATTEMPTS);
        assert_eq!(cipher.decrypt_bytes(&good).unwrap_err(), Error::EngineFault);
        assert_eq!(faults() - before, 2 + 2 * ATTEMPTS);
        assert_eq!(Error::EngineFault.code(), "ENGINE_FAULT");
        // Random IVs, every size class, with the check on and nothing spoiled.
        let random = TokenCipher::from_text(KEY, CipherOptions::default()).unwrap();
        for n in [0usize, 1, 15, 16, 17, 64, 1000, 70_000] {
            let plain: Vec<u8> = (0..n).map(|i| (i * 7) as u8).collect();
            let token = random.encrypt_bytes(&plain).unwrap();
            assert_eq!(
                random.decrypt_bytes(&token).unwrap().expose(),
                &plain[..],
                "{n} bytes"
            );
        }
        assert_eq!(faults() - before, 2 + 2 * ATTEMPTS, "no false alarm");
        enable(false);
    }
}
