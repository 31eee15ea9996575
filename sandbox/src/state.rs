//! The sandbox's state: the fixtures as loaded, the key, the clock, and what requests change
//! (used `clientTxnId`s, 2FA challenges, accounts, card PIN hashes) behind one lock.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::challenges::Challenges;
use crate::clock::Clock;
use crate::core_api::Cipher;
use crate::fixtures::Fixtures;

/// A mobile banking account's live state.
#[derive(Debug)]
pub struct Account {
    /// `device_identifier_type` on record.
    pub device_identifier_type: String,
    /// `device_identifier` on record.
    pub device_identifier: String,
    /// `identity_type` on record.
    pub identity_type: String,
    /// `identity` on record.
    pub identity: String,
    /// The current PIN's Argon2id PHC string.
    pub pin_hash: String,
    /// Bumped whenever `pin_hash` changes, so a verification done outside the lock can tell
    /// it checked the PIN that is still current.
    pub version: u64,
    /// Incorrect current PINs in a row.
    pub wrong: u32,
    /// End of the suspension (server ms), if suspended.
    pub suspended_until_ms: Option<i64>,
}

/// State every request may change; one lock, never held across an `.await`.
#[derive(Debug, Default)]
pub struct Shared {
    /// `clientTxnId`s whose tokens were opened.
    pub used_txn: HashSet<String>,
    /// The 2FA challenges.
    pub challenges: Challenges,
    /// Accounts by MSISDN.
    pub accounts: HashMap<String, Account>,
    /// The hash of each card's PIN once reset (index as in the fixtures).
    pub card_pins: Vec<Option<String>>,
}

/// The whole sandbox.
pub struct App {
    /// The fixtures as loaded.
    pub fixtures: Fixtures,
    /// `GET /api/sandbox`'s body, rendered once at start-up.
    pub fixtures_body: String,
    /// The sandbox key.
    pub cipher: Cipher,
    /// The server clock.
    pub clock: Clock,
    /// Where the demo page lives.
    pub www: PathBuf,
    /// Where the npm package lives.
    pub pkg: PathBuf,
    shared: Mutex<Shared>,
    counter: AtomicU64,
}

impl App {
    /// A sandbox over `fixtures`, the seeded accounts' PINs already hashed.
    pub fn new(
        fixtures: Fixtures,
        fixtures_body: String,
        cipher: Cipher,
        accounts: HashMap<String, Account>,
        www: PathBuf,
        pkg: PathBuf,
    ) -> Self {
        let shared = Shared {
            accounts,
            card_pins: vec![None; fixtures.cards.len()],
            ..Shared::default()
        };
        App {
            fixtures,
            fixtures_body,
            cipher,
            clock: Clock::default(),
            www,
            pkg,
            shared: Mutex::new(shared),
            counter: AtomicU64::new(0),
        }
    }

    /// The shared state. A poisoned lock is taken anyway: every update is a few assignments
    /// that leave the state consistent.
    pub fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A fresh number for `accosaTransactionId`/`accosaRefNo`.
    pub fn next_number(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The index of the card with these three values, if any.
    pub fn find_card(&self, customer_id: &str, urn: &str, last4: &str) -> Option<usize> {
        self.fixtures
            .cards
            .iter()
            .position(|c| c.customer_id == customer_id && c.urn == urn && c.last4_digits == last4)
    }
}
