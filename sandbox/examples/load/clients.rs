//! The closed-loop clients of a phase: non-PIN clients cycling through the cheap routes, PIN
//! clients running their own SET_PIN/Reset PIN cycle and the lockout and replay races.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::client::{get, post, post_chunked, post_json, Conn, IO_TIMEOUT};
use crate::fixtures::{Account, Card, Progress, Sandbox};
use crate::requests::{
    challenge_of, expect_status, expect_verified, pass_2fa, reset_code, reset_expecting,
    reset_request, set_pin_body, set_pin_outcome, verify_body, Record, L_2FA_START, L_2FA_WRONG,
    L_413_CHUNKED, L_413_DECLARED, L_415_2FA, L_415_MBANKING, L_APP_JS, L_BAD_2FA, L_BAD_MBANKING,
    L_INDEX, L_INFO, L_RESET_NO_2FA, L_RESET_OK, L_RESET_RACE, L_SET_OK, L_SET_RACE, L_SET_WEAK,
    L_SET_WRONG,
};
use crate::{GOOD_PIN, GOOD_PIN_2, OVERSIZED, PIN_TASK_CAP, RACE_WAIT, WRONG_PIN};

/// Lets waiters through once `want` have arrived or `open` is called; never waits past its
/// timeout, so a missing participant cannot hang the run.
pub struct Gate {
    pub want: usize,
    pub state: Mutex<(usize, bool)>,
    pub cv: Condvar,
}

impl Gate {
    pub fn new(want: usize) -> Self {
        Gate {
            want,
            state: Mutex::new((0, false)),
            cv: Condvar::new(),
        }
    }

    pub fn arrive_and_wait(&self, timeout: Duration) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.0 += 1;
        if state.0 >= self.want {
            state.1 = true;
            self.cv.notify_all();
            return;
        }
        let deadline = Instant::now() + timeout;
        while !state.1 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match self.cv.wait_timeout(state, left) {
                Ok((guard, _)) => state = guard,
                Err(_) => return,
            }
        }
    }

    pub fn arrived(&self) -> usize {
        self.state.lock().map_or(0, |s| s.0)
    }

    pub fn open(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.1 = true;
            self.cv.notify_all();
        }
    }
}

/// A task of the PIN clients.
#[derive(Clone)]
pub enum PinTask {
    /// The next step of the client's own cycle on its own card and account.
    Own,
    /// One of `RACE_COPIES` concurrent wrong PINs for locked account `account`.
    Lock { account: usize, gate: Arc<Gate> },
    /// One of `RACE_COPIES` concurrent copies of token `token`.
    Replay { token: usize, gate: Arc<Gate> },
}

/// What the clients of one phase share.
pub struct Phase {
    pub sandbox: Arc<Sandbox>,
    pub port: u16,
    pub start: Gate,
    pub limit_at: Mutex<Option<Instant>>,
    pub non_pin_active: AtomicUsize,
    pub next_pin_task: AtomicUsize,
    pub pin_tasks: Vec<PinTask>,
    /// `(token, clientTxnId)` of the replay races.
    pub tokens: Vec<(String, String)>,
}

impl Phase {
    pub fn past_limit(&self) -> bool {
        self.limit_at
            .lock()
            .ok()
            .and_then(|l| *l)
            .is_some_and(|at| Instant::now() >= at)
    }
}

/// Request `i` of non-PIN client `c`: a cycle of 10 kinds, shifted per client.
fn non_pin_request(
    phase: &Phase,
    rec: &mut Record,
    conn: &mut Conn,
    c: usize,
    i: usize,
    challenge: &mut Option<(String, String)>,
) {
    let sb = &phase.sandbox;
    let step = c + i;
    let round = step / 10;
    match step % 10 {
        1 => {
            let customer = sb
                .twofa_customers
                .get(step % sb.twofa_customers.len().max(1))
                .cloned()
                .unwrap_or_default();
            let body = json!({ "customerId": customer }).to_string();
            if let Some(started) = rec.timed(
                conn,
                L_2FA_START,
                &post_json("/api/sandbox/2fa/start", &body),
                challenge_of,
            ) {
                *challenge = Some(started);
            }
        }
        2 => {
            rec.timed(conn, L_INDEX, &get("/"), |a| expect_status(a, 200));
        }
        3 => {
            let body = "{\"action\":\"SET_PIN\",\"payload\":";
            rec.timed(
                conn,
                L_BAD_MBANKING,
                &post_json("/api/v1/mbanking", body),
                |a| expect_status(a, 400),
            );
        }
        4 => match challenge.take() {
            Some((id, code)) => {
                let wrong = code
                    .parse::<u32>()
                    .map_or(0, |n| (n + 1) % 1_000_000)
                    .to_string();
                let body = verify_body(&id, &format!("{wrong:0>6}"));
                rec.timed(
                    conn,
                    L_2FA_WRONG,
                    &post_json("/api/sandbox/2fa/verify", &body),
                    |a| expect_verified(a, false),
                );
            }
            None => {
                rec.timed(conn, L_INFO, &get("/api/sandbox"), |a| {
                    expect_status(a, 200)
                });
            }
        },
        5 => {
            rec.timed(conn, L_APP_JS, &get("/app.js"), |a| expect_status(a, 200));
        }
        6 => {
            let (label, path) = if round % 2 == 0 {
                (L_415_2FA, "/api/sandbox/2fa/start")
            } else {
                (L_415_MBANKING, "/api/v1/mbanking")
            };
            let request = post(path, "text/plain", &[], b"{\"customerId\":\"x\"}");
            rec.timed(conn, label, &request, |a| expect_status(a, 415));
        }
        8 => {
            let (label, request) = if round % 2 == 0 {
                (
                    L_413_DECLARED,
                    post(
                        "/api/v1/mbanking",
                        "application/json",
                        &[],
                        &vec![b' '; OVERSIZED],
                    ),
                )
            } else {
                (
                    L_413_CHUNKED,
                    post_chunked("/api/sandbox/2fa/start", 80_000, 16_000),
                )
            };
            rec.timed(conn, label, &request, |a| expect_status(a, 413));
        }
        9 => {
            let body = "{\"customerId\":";
            rec.timed(
                conn,
                L_BAD_2FA,
                &post_json("/api/sandbox/2fa/start", body),
                |a| expect_status(a, 400),
            );
        }
        _ => {
            rec.timed(conn, L_INFO, &get("/api/sandbox"), |a| {
                expect_status(a, 200)
            });
        }
    }
}

pub fn non_pin_client(phase: &Phase, c: usize, count: usize) -> Record {
    let mut rec = Record::default();
    let mut conn = Conn::new(phase.port);
    // Connected before the start, so every connection is open when the phase begins.
    let _ = conn.connect();
    phase.start.arrive_and_wait(IO_TIMEOUT);
    let mut challenge = None;
    for i in 0..count {
        if phase.past_limit() {
            break;
        }
        non_pin_request(phase, &mut rec, &mut conn, c, i, &mut challenge);
    }
    phase.non_pin_active.fetch_sub(1, Ordering::SeqCst);
    rec.finished = Some(Instant::now());
    rec.reconnects = conn.reconnects;
    rec
}

/// A PIN client's own card and account, which no other client touches.
pub struct Own {
    pub card: Card,
    pub account: Account,
    /// The account's current PIN as this client set it.
    pub current: &'static str,
    pub step: usize,
    pub requests: usize,
}

fn other_pin(pin: &str) -> &'static str {
    if pin == GOOD_PIN {
        GOOD_PIN_2
    } else {
        GOOD_PIN
    }
}

/// The next step of a PIN client's own cycle: right PIN, Reset PIN after a fresh 2FA, a wrong
/// PIN (never 3 in a row: a SUCCESS follows), right PIN, Reset PIN without 2FA, a weak new PIN.
fn own_step(phase: &Phase, rec: &mut Record, conn: &mut Conn, c: usize, own: &mut Own) {
    let sb = &phase.sandbox;
    own.requests += 1;
    let request_id = format!("load-{c}-{}", own.requests);
    let step = own.step;
    own.step += 1;
    match step % 6 {
        0 | 3 => {
            let next = other_pin(own.current);
            let body = set_pin_body(&own.account, &request_id, own.current, next);
            let ok = rec.timed(conn, L_SET_OK, &post_json("/api/v1/mbanking", &body), |a| {
                match set_pin_outcome(a)? {
                    (s, _) if s == "SUCCESS" => Ok(()),
                    (s, d) => Err(format!("expected SUCCESS, got {s}: {d}")),
                }
            });
            if ok.is_some() {
                own.current = next;
            }
        }
        1 => {
            if !pass_2fa(rec, conn, &own.card.customer_id) {
                return;
            }
            let new_pin = if own.step % 4 == 0 {
                GOOD_PIN
            } else {
                GOOD_PIN_2
            };
            reset_expecting(sb, rec, conn, &own.card, new_pin, L_RESET_OK, "00");
        }
        2 => {
            let body = set_pin_body(&own.account, &request_id, WRONG_PIN, GOOD_PIN_2);
            rec.timed(
                conn,
                L_SET_WRONG,
                &post_json("/api/v1/mbanking", &body),
                |a| match set_pin_outcome(a)? {
                    (s, d) if s == "INCORRECT_PIN" && d.contains("1 of 3") => Ok(()),
                    (s, d) => Err(format!("expected INCORRECT_PIN 1 of 3, got {s}: {d}")),
                },
            );
        }
        4 => {
            reset_expecting(
                sb,
                rec,
                conn,
                &sb.no_2fa_card,
                GOOD_PIN,
                L_RESET_NO_2FA,
                "9003",
            );
        }
        _ => {
            let body = set_pin_body(&own.account, &request_id, own.current, "1234");
            rec.timed(
                conn,
                L_SET_WEAK,
                &post_json("/api/v1/mbanking", &body),
                |a| match set_pin_outcome(a)? {
                    (s, _) if s == "INVALID_NEW_PIN" => Ok(()),
                    (s, d) => Err(format!("expected INVALID_NEW_PIN, got {s}: {d}")),
                },
            );
        }
    }
}

pub fn pin_client(phase: &Phase, c: usize) -> Record {
    let sb = &phase.sandbox;
    let mut rec = Record::default();
    let mut conn = Conn::new(phase.port);
    let _ = conn.connect();
    let (Some(card), Some(account)) = (sb.own_cards.get(c), sb.own_accounts.get(c)) else {
        phase.start.arrive_and_wait(IO_TIMEOUT);
        return rec;
    };
    let progress = sb.progress.get(c).and_then(|p| p.lock().ok().map(|p| *p));
    let Some(progress) = progress else {
        phase.start.arrive_and_wait(IO_TIMEOUT);
        return rec;
    };
    let mut own = Own {
        card: card.clone(),
        account: account.clone(),
        current: progress.current,
        step: progress.step,
        requests: progress.requests,
    };
    phase.start.arrive_and_wait(IO_TIMEOUT);
    loop {
        let n = phase.next_pin_task.fetch_add(1, Ordering::SeqCst);
        let task = match phase.pin_tasks.get(n) {
            Some(task) => task.clone(),
            // The listed tasks are done: keep the PIN load on while the non-PIN clients run.
            None if n < PIN_TASK_CAP
                && phase.non_pin_active.load(Ordering::SeqCst) > 0
                && !phase.past_limit() =>
            {
                PinTask::Own
            }
            None => break,
        };
        match task {
            PinTask::Own => own_step(phase, &mut rec, &mut conn, c, &mut own),
            PinTask::Lock { account, gate } => {
                let Some(target) = sb.locked_accounts.get(account) else {
                    continue;
                };
                let body = set_pin_body(target, &format!("race-{c}-{n}"), WRONG_PIN, GOOD_PIN_2);
                let request = post_json("/api/v1/mbanking", &body);
                gate.arrive_and_wait(RACE_WAIT);
                if let Some((status, _)) =
                    rec.timed(
                        &mut conn,
                        L_SET_RACE,
                        &request,
                        |a| match set_pin_outcome(a)? {
                            (s, d)
                                if s == "INCORRECT_PIN"
                                    || (s == "ERROR" && d.contains("suspended")) =>
                            {
                                Ok((s, d))
                            }
                            (s, d) => Err(format!(
                                "expected INCORRECT_PIN or ERROR suspended, got {s}: {d}"
                            )),
                        },
                    )
                {
                    rec.locks.push((account, status));
                }
            }
            PinTask::Replay { token, gate } => {
                let Some((sealed, txn)) = phase.tokens.get(token) else {
                    continue;
                };
                let request = reset_request(sb, sealed);
                gate.arrive_and_wait(RACE_WAIT);
                if let Some(code) = rec.timed(&mut conn, L_RESET_RACE, &request, |a| {
                    let code = reset_code(sb, a, txn)?;
                    if code == "00" || code == "9001" {
                        Ok(code)
                    } else {
                        Err(format!("expected 00 or 9001, got {code}"))
                    }
                }) {
                    rec.replays.push((token, code));
                }
            }
        }
    }
    if let Some(mut progress) = sb.progress.get(c).and_then(|p| p.lock().ok()) {
        *progress = Progress {
            current: own.current,
            step: own.step,
            requests: own.requests,
        };
    }
    rec.finished = Some(Instant::now());
    rec.reconnects = conn.reconnects;
    rec
}
