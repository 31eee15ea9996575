//! The figures: percentiles, the phase table, the pooled A and B figures, the routes, and the
//! goals, each ending with PASS or MISS.

use crate::fixtures::Sandbox;
use crate::phase::{pooled, PhaseResult};
use crate::proc::Cpu;
use crate::requests::{Record, Sample, L_413_CHUNKED, L_413_DECLARED, NON_PIN_LABELS, PIN_LABELS};
use crate::{EXTRA_LOCKED_ACCOUNTS, MAX_WRONG_PINS, P99_RATIO_GOAL, RACE_COPIES};

/// Nearest-rank percentile of sorted microseconds, in ms.
fn percentile_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len() - 1))
        .map_or(0.0, |&us| us as f64 / 1000.0)
}

struct Stats {
    pub n: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

fn stats<'a>(samples: impl Iterator<Item = &'a Sample>) -> Stats {
    let mut us: Vec<u64> = samples
        .filter(|s| s.status != 0)
        .map(|s| s.micros)
        .collect();
    us.sort_unstable();
    Stats {
        n: us.len(),
        p50: percentile_ms(&us, 0.50),
        p99: percentile_ms(&us, 0.99),
        max: us.last().map_or(0.0, |&v| v as f64 / 1000.0),
    }
}

/// Percentage of 413 answers among the slowest 1% of `samples`.
fn slowest_413_share(samples: &[Sample]) -> f64 {
    let mut by_time: Vec<&Sample> = samples.iter().filter(|s| s.status != 0).collect();
    by_time.sort_unstable_by_key(|s| std::cmp::Reverse(s.micros));
    let top = by_time.len().div_ceil(100);
    let of_413 = by_time
        .iter()
        .take(top)
        .filter(|s| s.label == L_413_DECLARED || s.label == L_413_CHUNKED)
        .count();
    100.0 * of_413 as f64 / top.max(1) as f64
}

fn of_label<'a>(samples: &'a [Sample], label: &'a str) -> impl Iterator<Item = &'a Sample> + 'a {
    samples.iter().filter(move |s| s.label == label)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn print_phase(name: &str, r: &PhaseResult, cores: usize) {
    let total = r.non_pin.len() + r.pin.len();
    let secs = r.wall.as_secs_f64().max(1e-9);
    println!(
        "{name}: {total} requests in {:.2} s = {:.0} req/s ({} non-PIN in {:.2} s = {:.0} req/s{}); \
         connections open: {} at start, {}-{} while all non-PIN clients ran{}",
        secs,
        total as f64 / secs,
        r.non_pin.len(),
        r.non_pin_wall.as_secs_f64(),
        r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9),
        if r.pin.is_empty() {
            String::new()
        } else {
            format!(", {} PIN", r.pin.len())
        },
        r.open_at_start,
        r.open_range.0,
        r.open_range.1,
        if r.stopped_at_limit {
            "; STOPPED AT THE TIME LIMIT"
        } else {
            ""
        },
    );
    let cpu_line = |what: &str, secs: f64, cpu: &Cpu| {
        println!(
            "  CPU {what}, {secs:.2} s x {cores} cores = {:.2} core-s: server {:.2} s (Argon2 threads {:.2} s), \
             load client {:.2} s, other processes {:.2} s, idle {:.2} s, stolen by the hypervisor {:.2} s; \
             the server's other threads waited {:.2} s for a core",
            secs * cores as f64,
            cpu.server,
            cpu.hash_threads,
            cpu.client,
            cpu.others(),
            cpu.idle,
            cpu.steal,
            cpu.worker_wait,
        );
    };
    cpu_line(
        "while the non-PIN clients ran",
        r.non_pin_cpu_wall.as_secs_f64(),
        &r.cpu_non_pin,
    );
    if !r.pin.is_empty() {
        cpu_line("over the whole phase", secs, &r.cpu);
    }
    println!(
        "  {} reconnects (the server closes after a 413)",
        r.reconnects
    );
}

/// What a run leaves for the report.
pub struct Run {
    /// Each phase: its kind (`A` or `B`), its result, the server's RSS after it (KiB).
    pub phases: Vec<(char, PhaseResult, u64)>,
    /// The locked accounts' right PINs after the last phase.
    pub after: Record,
    /// Whether each locked account still refused its right PIN after the last phase.
    pub still_locked: Vec<bool>,
    /// Cores of the machine.
    pub cores: usize,
    /// The server's `(VmRSS, VmHWM)` in KiB before the first phase.
    pub rss_start: (u64, u64),
    /// The same after the last.
    pub rss_end: (u64, u64),
}

/// Prints the phase table, the pooled figures, the routes and the goals.
pub fn print(sandbox: &Sandbox, run: Run) -> Result<(), String> {
    let Run {
        phases,
        after,
        still_locked,
        cores,
        rss_start,
        rss_end,
    } = run;
    println!();
    println!(
        "{:<6} {:>7} {:>9} {:>9} {:>5} {:>9} {:>9} {:>8} {:>8}",
        "phase", "non-PIN", "req/s", "p99 ms", "PIN", "Argon2 %", "others %", "RSS MiB", "tail s"
    );
    for (i, (kind, r, rss)) in phases.iter().enumerate() {
        let core_s = (r.non_pin_cpu_wall.as_secs_f64() * cores as f64).max(1e-9);
        println!(
            "{:<6} {:>7} {:>9.0} {:>9.1} {:>5} {:>9.0} {:>9.0} {:>8.1} {:>8.2}",
            format!("{}{kind}", i + 1),
            r.non_pin.len(),
            r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9),
            stats(r.non_pin.iter()).p99,
            r.pin.len(),
            100.0 * r.cpu_non_pin.hash_threads / core_s,
            100.0 * r.cpu_non_pin.others() / core_s,
            mib(*rss),
            r.wall.saturating_sub(r.non_pin_wall).as_secs_f64(),
        );
    }
    println!(
        "  (non-PIN: requests; req/s and p99 of the non-PIN clients; PIN: PIN requests; Argon2 % and others %: \
         shares of the machine's CPU time while the non-PIN clients ran, of the server's Argon2 threads and of \
         the processes outside this benchmark; tail s: how long the PIN clients' last requests took to finish \
         after the non-PIN clients were done)"
    );
    // Each round's A and B phases pooled, for the spread of the ratio between rounds.
    let round_ratios: Vec<String> = phases
        .chunks(4)
        .map(|round| {
            let of_kind = |want: char| {
                stats(
                    round
                        .iter()
                        .filter(|(kind, ..)| *kind == want)
                        .flat_map(|(_, r, _)| r.non_pin.iter()),
                )
                .p99
            };
            format!("{:.2}x", of_kind('B') / of_kind('A').max(1e-9))
        })
        .collect();
    let mut a_phases = Vec::new();
    let mut b_phases = Vec::new();
    for (kind, r, _) in phases {
        if kind == 'A' {
            a_phases.push(r);
        } else {
            b_phases.push(r);
        }
    }
    let (Some(a), Some(b)) = (
        a_phases.into_iter().reduce(pooled),
        b_phases.into_iter().reduce(pooled),
    ) else {
        return Err("no phase ran".into());
    };
    println!();
    print_phase("A (the A phases, pooled)", &a, cores);
    print_phase("B (the B phases, pooled)", &b, cores);
    println!();
    println!(
        "{:<48} {:>6} {:>8} {:>8} | {:>6} {:>8} {:>8} | {:>6}",
        "non-PIN route (latency in ms)",
        "A n",
        "A p50",
        "A p99",
        "B n",
        "B p50",
        "B p99",
        "p99 B/A"
    );
    let mut route_ratios = Vec::new();
    for label in NON_PIN_LABELS {
        let (sa, sb) = (
            stats(of_label(&a.non_pin, label)),
            stats(of_label(&b.non_pin, label)),
        );
        route_ratios.push((sb.p99 / sa.p99.max(1e-9), label));
        println!(
            "{label:<48} {:>6} {:>8.1} {:>8.1} | {:>6} {:>8.1} {:>8.1} | {:>6.2}",
            sa.n,
            sa.p50,
            sa.p99,
            sb.n,
            sb.p50,
            sb.p99,
            sb.p99 / sa.p99.max(1e-9)
        );
    }
    let (all_a, all_b) = (stats(a.non_pin.iter()), stats(b.non_pin.iter()));
    println!(
        "{:<48} {:>6} {:>8.1} {:>8.1} | {:>6} {:>8.1} {:>8.1} | {:>6.2}",
        "all non-PIN routes",
        all_a.n,
        all_a.p50,
        all_a.p99,
        all_b.n,
        all_b.p50,
        all_b.p99,
        all_b.p99 / all_a.p99.max(1e-9)
    );
    println!();
    println!(
        "{:<56} {:>6} {:>8} {:>8} {:>8}",
        "PIN route, B phases (latency in ms)", "n", "p50", "p99", "max"
    );
    let mut pin_samples = b.pin.clone();
    pin_samples.extend(after.samples.iter().copied());
    for label in PIN_LABELS {
        let s = stats(of_label(&pin_samples, label));
        let route = if label.starts_with("SET_PIN") {
            "mbanking "
        } else if label.starts_with("resetPIN") {
            ""
        } else {
            "sandbox/"
        };
        println!(
            "{:<56} {:>6} {:>8.1} {:>8.1} {:>8.1}",
            format!("{route}{label}"),
            s.n,
            s.p50,
            s.p99,
            s.max
        );
    }

    // ----- goals -----
    let every: Vec<&Sample> = a
        .non_pin
        .iter()
        .chain(&b.non_pin)
        .chain(&b.pin)
        .chain(&after.samples)
        .collect();
    let counted = every.len();
    let server_errors = every.iter().filter(|s| s.status >= 500).count();
    let no_answer = every.iter().filter(|s| s.status == 0).count();
    let unexpected = every.iter().filter(|s| !s.as_expected).count();

    let mut lock_lines = Vec::new();
    let mut locks_ok = 0;
    for j in 0..sandbox.locked_accounts.len() {
        let outcomes: Vec<&String> = b
            .locks
            .iter()
            .filter(|(k, _)| *k == j)
            .map(|(_, s)| s)
            .collect();
        let incorrect = outcomes.iter().filter(|s| **s == "INCORRECT_PIN").count();
        let refused = outcomes.iter().filter(|s| **s == "ERROR").count();
        let locked_after = still_locked.get(j).copied().unwrap_or(false);
        let ok =
            incorrect == MAX_WRONG_PINS && refused == RACE_COPIES - MAX_WRONG_PINS && locked_after;
        if ok {
            locks_ok += 1;
        }
        lock_lines.push(format!(
            "{incorrect}+{refused}{}",
            if locked_after {
                ""
            } else {
                "(not locked after)"
            }
        ));
    }
    let mut winners_ok = 0;
    let mut winner_counts = Vec::new();
    for j in 0..sandbox.replay_cards.len() {
        let codes: Vec<&String> = b
            .replays
            .iter()
            .filter(|(k, _)| *k == j)
            .map(|(_, c)| c)
            .collect();
        let winners = codes.iter().filter(|c| **c == "00").count();
        let replays = codes.iter().filter(|c| **c == "9001").count();
        if winners == 1 && replays == RACE_COPIES - 1 {
            winners_ok += 1;
        }
        winner_counts.push(format!("{winners}+{replays}"));
    }
    let ratio = all_b.p99 / all_a.p99.max(1e-9);
    let connections = a.open_at_start.min(b.open_at_start);

    println!();
    println!("goals");
    println!(
        "  load: {counted} requests (>= 10,000), {connections} connections open at each phase's start (>= 256), \
         {no_answer} without an answer  {}",
        verdict(counted >= 10_000 && connections >= 256 && no_answer == 0 && !a.stopped_at_limit && !b.stopped_at_limit)
    );
    println!(
        "  5xx answers: {server_errors} (goal 0)  {}",
        if server_errors == 0 {
            "PASS".to_owned()
        } else {
            format!("MISS ({server_errors} over)")
        }
    );
    println!(
        "  lockouts, no lost update: {locks_ok}/{} accounts ({} from the fixtures) hit by {RACE_COPIES} concurrent wrong PINs \
         answered exactly {MAX_WRONG_PINS} INCORRECT_PIN, the rest ERROR suspended, and refuse the right PIN afterwards \
         (INCORRECT_PIN + ERROR per account: {})  {}",
        sandbox.locked_accounts.len(),
        sandbox.locked_accounts.len() - EXTRA_LOCKED_ACCOUNTS,
        lock_lines.join(" "),
        if locks_ok == sandbox.locked_accounts.len() {
            "PASS".to_owned()
        } else {
            format!("MISS ({} accounts off)", sandbox.locked_accounts.len() - locks_ok)
        }
    );
    println!(
        "  replays: {winners_ok}/{} tokens sent in {RACE_COPIES} concurrent copies had exactly 1 winner \
         (00 + 9001 per token: {})  {}",
        sandbox.replay_cards.len(),
        winner_counts.join(" "),
        if winners_ok == sandbox.replay_cards.len() {
            "PASS".to_owned()
        } else {
            format!("MISS ({} tokens off)", sandbox.replay_cards.len() - winners_ok)
        }
    );
    println!(
        "  PIN work does not stall other routes: non-PIN p99 A {:.1} ms, B {:.1} ms, B/A {ratio:.2}x (goal <= \
         {P99_RATIO_GOAL}x; round by round {})  {}",
        all_a.p99,
        all_b.p99,
        round_ratios.join(" "),
        if ratio <= P99_RATIO_GOAL {
            "PASS".to_owned()
        } else {
            format!(
                "MISS ({:.2}x over the goal; B's p99 is {:.1} ms above {P99_RATIO_GOAL}x A's)",
                ratio - P99_RATIO_GOAL,
                all_b.p99 - P99_RATIO_GOAL * all_a.p99
            )
        }
    );
    // Shares of the machine's CPU time while the non-PIN clients ran.
    route_ratios.sort_by(|x, y| x.0.total_cmp(&y.0));
    if let (Some(low), Some(high)) = (route_ratios.first(), route_ratios.last()) {
        let over = route_ratios
            .iter()
            .filter(|(r, _)| *r > P99_RATIO_GOAL)
            .count();
        println!(
            "    each route's own p99 B/A: {:.2}x ({}) to {:.2}x ({}), {over} of {} routes above {P99_RATIO_GOAL}x; \
             413 answers are {:.0}% (A) and {:.0}% (B) of the slowest 1% of all non-PIN requests",
            low.0,
            low.1,
            high.0,
            high.1,
            route_ratios.len(),
            slowest_413_share(&a.non_pin),
            slowest_413_share(&b.non_pin),
        );
    }
    let share = |r: &PhaseResult, part: fn(&Cpu) -> f64| {
        let core_s = r.non_pin_cpu_wall.as_secs_f64() * cores as f64;
        100.0 * part(&r.cpu_non_pin) / core_s.max(1e-9)
    };
    let rate = |r: &PhaseResult| r.non_pin.len() as f64 / r.non_pin_wall.as_secs_f64().max(1e-9);
    println!(
        "    while the non-PIN clients ran: Argon2 threads {:.0}% of the machine's CPU time in B; \
         other processes {:.0}% in A, {:.0}% in B; non-PIN throughput {:.0} -> {:.0} req/s ({:+.0}%)",
        share(&b, |c| c.hash_threads),
        share(&a, Cpu::others),
        share(&b, Cpu::others),
        rate(&a),
        rate(&b),
        100.0 * (rate(&b) / rate(&a).max(1e-9) - 1.0)
    );
    println!(
        "  answers as expected (status and outcome of every request): {}/{counted}  {}",
        counted - unexpected,
        if unexpected == 0 {
            "PASS".to_owned()
        } else {
            format!("MISS ({unexpected} unexpected)")
        }
    );
    let mut notes: Vec<String> = a
        .notes
        .iter()
        .chain(&b.notes)
        .chain(&after.notes)
        .cloned()
        .collect();
    notes.truncate(10);
    for note in notes {
        println!("    unexpected: {note}");
    }
    println!(
        "server RSS (VmRSS): {:.1} MiB before, {:.1} MiB at the end (peak VmHWM {:.1} MiB; after each phase in \
         the phase table)",
        mib(rss_start.0),
        mib(rss_end.0),
        mib(rss_end.1)
    );
    Ok(())
}
