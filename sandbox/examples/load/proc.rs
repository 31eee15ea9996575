//! What `/proc` says: CPU time of the server (its `pin-hash-*` threads apart), of this client
//! and of the machine; how long the server's threads waited for a core; RSS; open connections.

use std::collections::HashMap;

/// Clock ticks per second in `/proc/*/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// CPU time (seconds) of the server, of its `pin-hash-*` threads, of this process, and of the
/// whole machine (`/proc/stat`, all cores: busy, idle, and stolen by the hypervisor); and (in a
/// span only) the time the server's other threads spent runnable but waiting for a core.
#[derive(Clone, Copy, Default)]
pub struct Cpu {
    pub server: f64,
    pub hash_threads: f64,
    pub client: f64,
    pub worker_wait: f64,
    pub machine_busy: f64,
    pub idle: f64,
    pub steal: f64,
}

impl Cpu {
    /// The CPU time spent between `before` and `self`.
    pub fn since(self, before: Cpu) -> Cpu {
        Cpu {
            server: self.server - before.server,
            hash_threads: self.hash_threads - before.hash_threads,
            client: self.client - before.client,
            worker_wait: self.worker_wait - before.worker_wait,
            machine_busy: self.machine_busy - before.machine_busy,
            idle: self.idle - before.idle,
            steal: self.steal - before.steal,
        }
    }

    /// The sum of two spans.
    pub fn plus(self, other: Cpu) -> Cpu {
        Cpu {
            server: self.server + other.server,
            hash_threads: self.hash_threads + other.hash_threads,
            client: self.client + other.client,
            worker_wait: self.worker_wait + other.worker_wait,
            machine_busy: self.machine_busy + other.machine_busy,
            idle: self.idle + other.idle,
            steal: self.steal + other.steal,
        }
    }

    /// Busy time of every other process on the machine (other work shares these cores).
    pub fn others(&self) -> f64 {
        (self.machine_busy - self.server - self.client).max(0.0)
    }
}

/// `(busy, idle, steal)` seconds of all cores from the `cpu` line of `/proc/stat` (busy: user,
/// nice, system, irq, softirq; guest time is inside user; idle includes iowait).
fn machine_cpu() -> (f64, f64, f64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = text
        .lines()
        .find(|l| l.starts_with("cpu "))
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .map(|v| v.parse().unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let at = |i: usize| ticks.get(i).copied().unwrap_or(0.0) / TICKS_PER_SEC;
    (at(0) + at(1) + at(2) + at(5) + at(6), at(3) + at(4), at(7))
}

/// utime + stime of a `/proc/.../stat` line, in seconds, and the thread name.
fn stat_cpu(path: &str) -> Option<(String, f64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?.to_owned();
    let fields: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    // Fields 14 and 15 of stat(5); the rest after ")" starts at field 3.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((name, (utime + stime) / TICKS_PER_SEC))
}

/// Seconds each thread of `pid` but the `pin-hash-*` ones has spent runnable but waiting for a
/// core (the second field of `/proc/PID/task/TID/schedstat`), by thread id.
pub fn server_waits(pid: u32) -> HashMap<String, f64> {
    let mut waits = HashMap::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = task.path();
        let hash_thread = std::fs::read_to_string(path.join("comm"))
            .is_ok_and(|name| name.starts_with("pin-hash"));
        let wait = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|t| t.split_whitespace().nth(1)?.parse::<f64>().ok());
        if let (false, Some(ns)) = (hash_thread, wait) {
            waits.insert(task.file_name().to_string_lossy().into_owned(), ns / 1e9);
        }
    }
    waits
}

/// The waiting between two [`server_waits`] snapshots, over the threads alive at both (the
/// runtime's workers, and the blocking-pool threads the PIN routes wait on).
pub fn wait_between(before: &HashMap<String, f64>, after: &HashMap<String, f64>) -> f64 {
    after
        .iter()
        .filter_map(|(tid, late)| Some(late - before.get(tid)?))
        .sum()
}

pub fn cpu_now(pid: u32) -> Cpu {
    let mut hash_threads = 0.0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            let path = task.path().join("stat");
            if let Some((name, secs)) = stat_cpu(&path.to_string_lossy()) {
                if name.starts_with("pin-hash") {
                    hash_threads += secs;
                }
            }
        }
    }
    let (machine_busy, idle, steal) = machine_cpu();
    Cpu {
        server: stat_cpu(&format!("/proc/{pid}/stat")).map_or(0.0, |(_, s)| s),
        hash_threads,
        client: stat_cpu("/proc/self/stat").map_or(0.0, |(_, s)| s),
        worker_wait: 0.0,
        machine_busy,
        idle,
        steal,
    }
}

/// `(VmRSS, VmHWM)` of `pid`, in KiB.
pub fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Established TCP connections whose local port is `port` (the server's side of each client).
pub fn established(port: u16) -> usize {
    let text = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let local = format!(":{port:04X}");
    text.lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.get(1).is_some_and(|a| a.ends_with(&local)) && f.get(3) == Some(&"01")
        })
        .count()
}
