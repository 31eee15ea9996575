//! The 2FA challenges, kept so that no request scans them all: by id for `verify`, in start
//! order so that forgetting old ones pops only the expired front, and each customer's
//! verified, unspent ones in verification order so that a reset finds its authorisation
//! directly.
//!
//! A busy sandbox holds many (every `2fa/start` adds one, kept for an hour); when they were one
//! map scanned under the lock by every start and every reset, those calls grew with the count
//! (`examples/challenges.rs` measures it; README, "Load benchmark").

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use zeroize::Zeroizing;

/// A challenge lives this long from its start.
pub const CHALLENGE_LIFETIME_MS: i64 = 5 * 60 * 1000;
/// A verification authorises one reset for this long.
pub const AUTHORISATION_MS: i64 = 5 * 60 * 1000;
/// Wrong codes that end a challenge.
pub const MAX_WRONG_CODES: u32 = 5;
/// Challenges older than this are forgotten (then `404` instead of `410`).
pub const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

/// A 2FA challenge of one customer. Read through [`Challenges::get`]; changed only by the
/// store's methods, which keep its indexes in step.
pub struct Challenge {
    /// The customer it is for.
    pub customer_id: String,
    /// The 6-digit code, wiped when dropped.
    pub code: Zeroizing<String>,
    /// When it was started (server ms).
    pub started_ms: i64,
    /// Wrong codes so far.
    pub wrong: u32,
    /// When the right code was given (server ms).
    pub verified_ms: Option<i64>,
    /// Spent by a successful reset.
    pub used: bool,
}

impl fmt::Debug for Challenge {
    // The code is a secret of the customer's: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenge")
            .field("customer_id", &self.customer_id)
            .field("code", &"******")
            .field("started_ms", &self.started_ms)
            .field("wrong", &self.wrong)
            .field("verified_ms", &self.verified_ms)
            .field("used", &self.used)
            .finish()
    }
}

/// Every challenge not yet forgotten, with two indexes over the same ids.
#[derive(Default)]
pub struct Challenges {
    by_id: HashMap<String, Challenge>,
    /// `(started_ms, id)` of every challenge: the oldest first.
    by_start: BTreeSet<(i64, String)>,
    /// `(verified_ms, id)` of each customer's verified, unspent challenges (expired
    /// authorisations included until the challenge is forgotten).
    verified: HashMap<String, BTreeSet<(i64, String)>>,
}

impl fmt::Debug for Challenges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenges")
            .field("outstanding", &self.by_id.len())
            .finish_non_exhaustive()
    }
}

impl Challenges {
    /// Whether none is kept.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The challenge `id`, if it is kept.
    pub fn get(&self, id: &str) -> Option<&Challenge> {
        self.by_id.get(id)
    }

    /// Forgets every challenge started [`FORGET_AFTER_MS`] or more before `now_ms`: the front
    /// of the start order, so only what is forgotten is visited.
    pub fn forget_old(&mut self, now_ms: i64) {
        while let Some((started, _)) = self.by_start.first() {
            if now_ms.saturating_sub(*started) < FORGET_AFTER_MS {
                break;
            }
            if let Some((_, id)) = self.by_start.pop_first() {
                if let Some(old) = self.by_id.remove(&id) {
                    unverify(&mut self.verified, &old, &id);
                }
            }
        }
    }

    /// Keeps `challenge` as `id` (replacing one of the same id, if any).
    pub fn insert(&mut self, id: String, challenge: Challenge) {
        self.remove(&id);
        self.by_start.insert((challenge.started_ms, id.clone()));
        if let (Some(at), false) = (challenge.verified_ms, challenge.used) {
            self.verified
                .entry(challenge.customer_id.clone())
                .or_default()
                .insert((at, id.clone()));
        }
        self.by_id.insert(id, challenge);
    }

    /// Counts a wrong code for `id`.
    pub fn wrong_code(&mut self, id: &str) {
        if let Some(c) = self.by_id.get_mut(id) {
            c.wrong = c.wrong.saturating_add(1);
        }
    }

    /// Marks `id` verified at `now_ms`, unless it was verified before (a second right answer
    /// does not extend the authorisation).
    pub fn verify(&mut self, id: &str, now_ms: i64) {
        let Some(c) = self.by_id.get_mut(id) else {
            return;
        };
        if c.verified_ms.is_some() {
            return;
        }
        c.verified_ms = Some(now_ms);
        if !c.used {
            self.verified
                .entry(c.customer_id.clone())
                .or_default()
                .insert((now_ms, id.to_owned()));
        }
    }

    /// The id of an unspent challenge of `customer_id` verified within the last
    /// [`AUTHORISATION_MS`] (the oldest such verification first).
    pub fn authorisation(&self, customer_id: &str, now_ms: i64) -> Option<String> {
        let valid = |at: i64| now_ms.saturating_sub(at) < AUTHORISATION_MS;
        // The valid verifications are the newest ones: start at the first that can be.
        let from = now_ms.saturating_sub(AUTHORISATION_MS).saturating_add(1);
        self.verified
            .get(customer_id)?
            .range((from, String::new())..)
            .find(|(at, _)| valid(*at))
            .map(|(_, id)| id.clone())
    }

    /// Spends `id` on a successful reset: it authorises nothing more.
    pub fn spend(&mut self, id: &str) {
        let Some(c) = self.by_id.get_mut(id) else {
            return;
        };
        c.used = true;
        unverify(&mut self.verified, c, id);
    }

    /// Forgets every challenge.
    pub fn clear(&mut self) {
        self.by_id.clear();
        self.by_start.clear();
        self.verified.clear();
    }

    fn remove(&mut self, id: &str) {
        if let Some(old) = self.by_id.remove(id) {
            self.by_start.remove(&(old.started_ms, id.to_owned()));
            unverify(&mut self.verified, &old, id);
        }
    }
}

/// Takes `id` (whose challenge is `c`) out of its customer's set in `verified`.
fn unverify(verified: &mut HashMap<String, BTreeSet<(i64, String)>>, c: &Challenge, id: &str) {
    let Some(at) = c.verified_ms else {
        return;
    };
    if let Some(set) = verified.get_mut(&c.customer_id) {
        set.remove(&(at, id.to_owned()));
        if set.is_empty() {
            verified.remove(&c.customer_id);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// The store as it was: one map, scanned by every start and every authorisation.
    #[derive(Default)]
    struct Scanned(HashMap<String, Challenge>);

    impl Scanned {
        fn start(&mut self, now: i64, id: String, c: Challenge) {
            self.0
                .retain(|_, c| now.saturating_sub(c.started_ms) < FORGET_AFTER_MS);
            self.0.insert(id, c);
        }

        fn authorisation(&self, customer_id: &str, now_ms: i64) -> Option<String> {
            self.0
                .iter()
                .filter(|(_, c)| c.customer_id == customer_id && !c.used)
                .filter_map(|(id, c)| {
                    let at = c.verified_ms?;
                    (now_ms.saturating_sub(at) < AUTHORISATION_MS).then_some((at, id))
                })
                .min()
                .map(|(_, id)| id.clone())
        }
    }

    fn challenge(customer: &str, started_ms: i64) -> Challenge {
        Challenge {
            customer_id: customer.into(),
            code: Zeroizing::new("123456".into()),
            started_ms,
            wrong: 0,
            verified_ms: None,
            used: false,
        }
    }

    fn state(c: &Challenge) -> (&str, i64, u32, Option<i64>, bool) {
        (&c.customer_id, c.started_ms, c.wrong, c.verified_ms, c.used)
    }

    /// A random walk of starts, verifications, wrong codes and spent authorisations, the clock
    /// moving by steps that land on the 5-minute and 60-minute edges and sometimes back: after
    /// every step the store answers as the scanned map does.
    #[test]
    fn answers_as_the_scanned_map() {
        const CUSTOMERS: [&str; 3] = ["c0", "c1", "c2"];
        // Steps in ms: small ones, the edges exactly and around them, and backwards.
        const STEPS: [i64; 10] = [
            0,
            1,
            999,
            60_000,
            AUTHORISATION_MS - 1,
            AUTHORISATION_MS,
            FORGET_AFTER_MS - 1,
            FORGET_AFTER_MS,
            -1,
            -AUTHORISATION_MS,
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut store, mut scanned) = (Challenges::default(), Scanned::default());
        let mut now: i64 = 1_800_000_000_000;
        // Few ids, so that some starts reuse one.
        let id_of = |k: usize| format!("id-{k}");
        for step in 0..20_000 {
            // Mostly small steps, so that many challenges live at once.
            if next(40) == 0 {
                now += STEPS[next(STEPS.len())];
            } else {
                now += STEPS[next(4)];
            }
            let id = id_of(next(64));
            let customer = CUSTOMERS[next(CUSTOMERS.len())];
            match next(6) {
                0 | 1 => {
                    store.forget_old(now);
                    store.insert(id.clone(), challenge(customer, now));
                    scanned.start(now, id, challenge(customer, now));
                }
                2 => {
                    store.verify(&id, now);
                    if let Some(c) = scanned.0.get_mut(&id) {
                        c.verified_ms.get_or_insert(now);
                    }
                }
                3 => {
                    store.wrong_code(&id);
                    if let Some(c) = scanned.0.get_mut(&id) {
                        c.wrong += 1;
                    }
                }
                _ => {
                    let found = store.authorisation(customer, now);
                    assert_eq!(found, scanned.authorisation(customer, now), "step {step}");
                    if let Some(id) = found {
                        store.spend(&id);
                        scanned.0.get_mut(&id).unwrap().used = true;
                    }
                }
            }
            for customer in CUSTOMERS {
                assert_eq!(
                    store.authorisation(customer, now),
                    scanned.authorisation(customer, now),
                    "step {step}, {customer}"
                );
            }
            assert_eq!(store.by_id.len(), scanned.0.len(), "step {step}");
            assert_eq!(store.by_start.len(), store.by_id.len(), "step {step}");
            let probe = id_of(next(64));
            assert_eq!(
                store.get(&probe).map(state),
                scanned.0.get(&probe).map(state),
                "step {step}, {probe}"
            );
        }
    }

    #[test]
    fn the_code_is_not_in_debug() {
        let mut store = Challenges::default();
        store.insert("id".into(), challenge("c0", 0));
        let shown = format!("{:?} {:?}", store, store.get("id").unwrap());
        assert!(!shown.contains("123456"), "{shown}");
        assert!(shown.contains("outstanding: 1"), "{shown}");
    }
}
