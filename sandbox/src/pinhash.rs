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
/// count) keep it at about two buffers. They run at the lowest CPU priority ([`lower_priority`]).
const HASH_THREADS: usize = 2;

/// Puts the calling thread (a hash thread) in Linux's `SCHED_IDLE` class, or at nice 19 if that
/// is refused: Argon2 then only gets the CPU time that the server's other threads (the runtime's
/// workers answering the routes that touch no PIN) do not want. A waking normal thread preempts a
/// `SCHED_IDLE` one at once, and the kernel counts a core that runs only `SCHED_IDLE` work as idle
/// when it places a waking thread. At normal priority the two hash threads took 27-32% of the
/// 2-core build box under the load benchmark, and the routes that touch no PIN lost a third of
/// their throughput (README, "Load benchmark"). PIN requests wait longer instead when the server
/// is busy. Elsewhere than Linux the threads keep their priority.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn lower_priority() -> Result<(), String> {
    use thread_priority::{
        set_thread_priority_and_policy, thread_native_id, thread_schedule_policy,
        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
    };
    let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    let set =
        |policy| set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, policy);
    match set(idle) {
        Ok(()) => Ok(()),
        // The class is set first; the nice value 0 that follows is refused when the process
        // started above nice 0, and does not matter in SCHED_IDLE.
        Err(_) if thread_schedule_policy().is_ok_and(|p| p == idle) => Ok(()),
        // `Other` at `Min` is nice 19, for the calling thread only (as Linux does).
        Err(_) => set(ThreadSchedulePolicy::Normal(
            NormalThreadSchedulePolicy::Other,
        ))
        .map_err(|e| format!("{e:?}")),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn lower_priority() -> Result<(), String> {
    Ok(())
}

type Job = Box<dyn FnOnce() + Send>;

fn pool() -> Option<&'static Mutex<Sender<Job>>> {
    static POOL: OnceLock<Option<Mutex<Sender<Job>>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
        let (ready_tx, ready) = channel::<()>();
        for i in 0..HASH_THREADS {
            let rx = rx.clone();
            let ready_tx = ready_tx.clone();
            thread::Builder::new()
                .name(format!("pin-hash-{i}"))
                .spawn(move || {
                    if let Err(e) = lower_priority() {
                        // Still correct, only slower for the other routes under load.
                        eprintln!("pinseal-sandbox: PIN hash thread keeps its CPU priority: {e}");
                    }
                    let _ = ready_tx.send(());
                    drop(ready_tx);
                    loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .ok()?;
        }
        // Every hash thread has its priority before the first hash (a thread that died first
        // dropped its sender: then `recv` fails instead of waiting).
        drop(ready_tx);
        for _ in 0..HASH_THREADS {
            ready.recv().ok()?;
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

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// `(name, policy)` from a `/proc/.../stat` line: the name in parentheses, the policy in
    /// field 41 (0 `SCHED_OTHER`, 5 `SCHED_IDLE`); `None` if the thread has ended.
    fn name_and_policy(path: &std::path::Path) -> Option<(String, u32)> {
        let stat = std::fs::read_to_string(path).ok()?;
        let (open, close) = (stat.find('(')?, stat.rfind(')')?);
        let name = stat.get(open + 1..close)?.to_owned();
        // Field 3 is the first after ")".
        let policy = stat.get(close + 1..)?.split_whitespace().nth(41 - 3)?;
        Some((name, policy.parse().ok()?))
    }

    fn own_policy() -> u32 {
        name_and_policy("/proc/thread-self/stat".as_ref())
            .unwrap()
            .1
    }

    #[test]
    fn hashes_run_on_the_hash_threads_in_sched_idle_and_verify() {
        let before = own_policy();
        let phc = hash_pin("5829").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_pin("5829", &phc));
        assert!(!verify_pin("5828", &phc));
        let mut hash_threads: Vec<(String, u32)> = std::fs::read_dir("/proc/self/task")
            .unwrap()
            .flatten()
            .filter_map(|task| name_and_policy(&task.path().join("stat")))
            .filter(|(name, _)| name.starts_with("pin-hash-"))
            .collect();
        hash_threads.sort();
        let want: Vec<(String, u32)> = (0..HASH_THREADS)
            .map(|i| (format!("pin-hash-{i}"), 5))
            .collect();
        assert_eq!(hash_threads, want);
        // Only the hash threads: the calling thread keeps its policy.
        assert_eq!(own_policy(), before);
    }
}
