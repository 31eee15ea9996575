//! One phase: its clients started together, their records pooled, the CPU readings around
//! them; and the list of PIN tasks of a B phase.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::client::IO_TIMEOUT;
use crate::clients::{non_pin_client, pin_client, Gate, Phase, PinTask};
use crate::fixtures::Sandbox;
use crate::proc::{cpu_now, established, server_waits, wait_between, Cpu};
use crate::requests::{Record, Sample};
use crate::server::Server;
use crate::{NON_PIN_CLIENTS, OWN_TASKS_BETWEEN_RACES, PHASE_LIMIT, PIN_CLIENTS, RACE_COPIES};

pub struct PhaseResult {
    pub wall: Duration,
    /// Until the last non-PIN client finished.
    pub non_pin_wall: Duration,
    pub non_pin: Vec<Sample>,
    pub pin: Vec<Sample>,
    pub locks: Vec<(usize, String)>,
    pub replays: Vec<(usize, String)>,
    pub notes: Vec<String>,
    pub reconnects: usize,
    /// Established connections when the phase started, and the least and most sampled every
    /// 100 ms while every non-PIN client was still running.
    pub open_at_start: usize,
    pub open_range: (usize, usize),
    pub cpu: Cpu,
    /// CPU time from the start until every non-PIN client had finished, and that wall time.
    pub cpu_non_pin: Cpu,
    pub non_pin_cpu_wall: Duration,
    pub stopped_at_limit: bool,
}

pub fn run_phase(
    sandbox: &Arc<Sandbox>,
    server: &Server,
    per_client: usize,
    pin_tasks: Vec<PinTask>,
    tokens: Vec<(String, String)>,
) -> Result<PhaseResult, String> {
    let with_pin = !pin_tasks.is_empty();
    let pin_clients = if with_pin { PIN_CLIENTS } else { 0 };
    let clients = NON_PIN_CLIENTS + pin_clients;
    let phase = Arc::new(Phase {
        sandbox: sandbox.clone(),
        port: server.port,
        start: Gate::new(usize::MAX),
        limit_at: Mutex::new(None),
        non_pin_active: AtomicUsize::new(NON_PIN_CLIENTS),
        next_pin_task: AtomicUsize::new(0),
        pin_tasks,
        tokens,
    });
    let mut non_pin_handles = Vec::new();
    let mut pin_handles = Vec::new();
    for c in 0..NON_PIN_CLIENTS {
        let phase = phase.clone();
        let handle = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || non_pin_client(&phase, c, per_client))
            .map_err(|e| format!("spawn: {e}"))?;
        non_pin_handles.push(handle);
    }
    for c in 0..pin_clients {
        let phase = phase.clone();
        let handle = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || pin_client(&phase, c))
            .map_err(|e| format!("spawn: {e}"))?;
        pin_handles.push(handle);
    }
    // Every client connected and waiting: count the open connections, then start.
    let waited = Instant::now();
    while phase.start.arrived() < clients && waited.elapsed() < IO_TIMEOUT {
        thread::sleep(Duration::from_millis(2));
    }
    let open_at_start = established(server.port);
    let cpu_before = cpu_now(server.pid());
    let waits_before = server_waits(server.pid());
    let started = Instant::now();
    if let Ok(mut limit) = phase.limit_at.lock() {
        *limit = Some(started + PHASE_LIMIT);
    }
    phase.start.open();
    let mut open_range = (usize::MAX, 0);
    while phase.non_pin_active.load(Ordering::SeqCst) == NON_PIN_CLIENTS
        && started.elapsed() < PHASE_LIMIT
    {
        thread::sleep(Duration::from_millis(100));
        if phase.non_pin_active.load(Ordering::SeqCst) == NON_PIN_CLIENTS {
            let n = established(server.port);
            open_range = (open_range.0.min(n), open_range.1.max(n));
        }
    }
    let mut result = PhaseResult {
        wall: Duration::ZERO,
        non_pin_wall: Duration::ZERO,
        non_pin: Vec::new(),
        pin: Vec::new(),
        locks: Vec::new(),
        replays: Vec::new(),
        notes: Vec::new(),
        reconnects: 0,
        open_at_start,
        open_range: if open_range.0 == usize::MAX {
            (0, 0)
        } else {
            open_range
        },
        cpu: Cpu::default(),
        cpu_non_pin: Cpu::default(),
        non_pin_cpu_wall: Duration::ZERO,
        stopped_at_limit: false,
    };
    let mut last_end = started;
    let mut merge = |rec: Record, result: &mut PhaseResult, pin: bool| {
        let end = rec.finished.unwrap_or(started);
        if pin {
            result.pin.extend(rec.samples);
        } else {
            result.non_pin.extend(rec.samples);
            result.non_pin_wall = result.non_pin_wall.max(end.duration_since(started));
        }
        last_end = last_end.max(end);
        result.notes.extend(rec.notes);
        result.locks.extend(rec.locks);
        result.replays.extend(rec.replays);
        result.reconnects += rec.reconnects;
    };
    for handle in non_pin_handles {
        let rec = handle.join().map_err(|_| "a client thread failed")?;
        merge(rec, &mut result, false);
    }
    // The PIN clients may still be running; this is the window the non-PIN latencies come from.
    result.cpu_non_pin = cpu_now(server.pid()).since(cpu_before);
    result.cpu_non_pin.worker_wait = wait_between(&waits_before, &server_waits(server.pid()));
    result.non_pin_cpu_wall = started.elapsed();
    for handle in pin_handles {
        let rec = handle.join().map_err(|_| "a client thread failed")?;
        merge(rec, &mut result, true);
    }
    let cpu_after = cpu_now(server.pid());
    result.wall = last_end.duration_since(started);
    result.cpu = cpu_after.since(cpu_before);
    result.cpu.worker_wait = wait_between(&waits_before, &server_waits(server.pid()));
    result.stopped_at_limit = phase.past_limit();
    Ok(result)
}

/// Phases `first` and `second` of the same kind as one: samples and times pooled.
pub fn pooled(first: PhaseResult, second: PhaseResult) -> PhaseResult {
    let mut all = first;
    all.wall += second.wall;
    all.non_pin_wall += second.non_pin_wall;
    all.non_pin.extend(second.non_pin);
    all.pin.extend(second.pin);
    all.locks.extend(second.locks);
    all.replays.extend(second.replays);
    all.notes.extend(second.notes);
    all.reconnects += second.reconnects;
    all.open_at_start = all.open_at_start.min(second.open_at_start);
    all.open_range = (
        all.open_range.0.min(second.open_range.0),
        all.open_range.1.max(second.open_range.1),
    );
    all.cpu = all.cpu.plus(second.cpu);
    all.cpu_non_pin = all.cpu_non_pin.plus(second.cpu_non_pin);
    all.non_pin_cpu_wall += second.non_pin_cpu_wall;
    all.stopped_at_limit |= second.stopped_at_limit;
    all
}

/// The PIN clients' task list of a B phase: own tasks with the races of locked accounts
/// `accounts` and of tokens `tokens` spread among them.
pub fn pin_task_list(accounts: Range<usize>, tokens: Range<usize>) -> Vec<PinTask> {
    let mut tasks = Vec::new();
    for j in accounts.start.min(tokens.start)..accounts.end.max(tokens.end) {
        tasks.extend(std::iter::repeat_n(PinTask::Own, OWN_TASKS_BETWEEN_RACES));
        if accounts.contains(&j) {
            let gate = Arc::new(Gate::new(RACE_COPIES));
            tasks.extend((0..RACE_COPIES).map(|_| PinTask::Lock {
                account: j,
                gate: gate.clone(),
            }));
        }
        tasks.extend(std::iter::repeat_n(PinTask::Own, OWN_TASKS_BETWEEN_RACES));
        if tokens.contains(&j) {
            let gate = Arc::new(Gate::new(RACE_COPIES));
            tasks.extend((0..RACE_COPIES).map(|_| PinTask::Replay {
                token: j,
                gate: gate.clone(),
            }));
        }
    }
    if tasks.is_empty() {
        // No race in this phase: still a B phase (an empty list would mean no PIN clients).
        tasks.push(PinTask::Own);
    }
    tasks
}
