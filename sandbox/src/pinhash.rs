//! Salted slow hashes of PINs (Argon2id, PHC strings). The sandbox keeps nothing else.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

/// Threads that compute hashes. Each hash takes 19 MiB; glibc raises its mmap threshold after the
/// first such buffer is freed, so later buffers come from the computing thread's heap arena and
/// stay resident there. Run on any blocking-pool thread, a burst of wrong PINs left ~19 MiB in
/// each of hundreds of threads (RSS 45 MB -> 670 MB in the load test); two fixed threads (the core
/// count) keep it at about two buffers.
const HASH_THREADS: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

fn pool() -> Option<&'static Mutex<Sender<Job>>> {
    static POOL: OnceLock<Option<Mutex<Sender<Job>>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
        for i in 0..HASH_THREADS {
            let rx = rx.clone();
            thread::Builder::new()
                .name(format!("pin-hash-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .ok()?;
        }
        Some(Mutex::new(tx))
    })
    .as_ref()
}

/// Runs `f` on a hash thread and waits for its result (`None` if the pool is gone).
fn on_hash_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    pool()?.lock().ok()?.send(job).ok()?;
    rx.recv().ok()
}

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
    let pin = Zeroizing::new(pin.to_owned());
    on_hash_thread(move || {
        let hash = hasher()?.hash_password(pin.as_bytes(), &salt).ok()?;
        Some(hash.to_string())
    })
    .flatten()
}

/// `true` when `pin` matches the PHC string `phc`.
pub fn verify_pin(pin: &str, phc: &str) -> bool {
    let (pin, phc) = (Zeroizing::new(pin.to_owned()), phc.to_owned());
    on_hash_thread(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        hasher().is_some_and(|h| h.verify_password(pin.as_bytes(), &parsed).is_ok())
    })
    .unwrap_or(false)
}
