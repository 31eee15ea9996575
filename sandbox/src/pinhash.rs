//! Salted slow hashes of PINs (Argon2id, PHC strings). The sandbox keeps nothing else.

use std::cell::RefCell;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use zeroize::{Zeroize, Zeroizing};

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

/// Runs Argon2id for `pin` and `salt` into `out`, in this hash thread's own memory: the 19 MiB
/// of blocks are allocated once per thread and reused, so a burst of hashes leaves no freed
/// buffers for the allocator to keep resident (with a fresh buffer per hash, RSS still crept up
/// by 19 MiB steps under the load test). Wiped after every use.
fn argon2_into(hasher: &Argon2<'_>, pin: &[u8], salt: &[u8], out: &mut [u8]) -> Option<()> {
    thread_local! {
        static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    }
    MEMORY.with(|memory| {
        let mut memory = memory.try_borrow_mut().ok()?;
        let blocks = hasher.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        let result = hasher.hash_password_into_with_memory(pin, salt, out, memory.as_mut_slice());
        memory.iter_mut().for_each(Zeroize::zeroize);
        result.ok()
    })
}

/// Hashes `pin` with a fresh 16-byte salt from the OS CSPRNG into a PHC string; `None` if that
/// fails.
pub fn hash_pin(pin: &str) -> Option<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let pin = Zeroizing::new(pin.to_owned());
    on_hash_thread(move || {
        let hasher = hasher()?;
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        argon2_into(&hasher, pin.as_bytes(), &salt, &mut out)?;
        let salt = SaltString::encode_b64(&salt).ok()?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(hasher.params()).ok()?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).ok()?),
        };
        Some(phc.to_string())
    })
    .flatten()
}

/// `true` when `pin` matches the PHC string `phc` (compared in constant time).
pub fn verify_pin(pin: &str, phc: &str) -> bool {
    let (pin, phc) = (Zeroizing::new(pin.to_owned()), phc.to_owned());
    on_hash_thread(move || {
        let parsed = PasswordHash::new(&phc).ok()?;
        let params = Params::try_from(&parsed).ok()?;
        let expected = parsed.hash?;
        let mut salt = [0u8; 64];
        let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
        let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = vec![0u8; expected.len()];
        argon2_into(&hasher, pin.as_bytes(), salt, &mut out)?;
        // `Output`'s equality is constant-time.
        Some(Output::new(&out).ok()? == expected)
    })
    .flatten()
    .unwrap_or(false)
}
