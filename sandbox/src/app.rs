//! The sandbox's state and routes.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use pinseal::json::Json;
use pinseal::TokenCipher;

use crate::clock::Clock;
use crate::fixtures::{Card, Fixtures};
use crate::http::{json_response, member, object, read_json, string, ApiError};
use crate::{files, mbanking, reset, twofa};

/// A 2FA challenge of one customer.
#[derive(Debug)]
pub struct Challenge {
    /// The customer it is for.
    pub customer_id: String,
    /// The 6-digit code.
    pub code: String,
    /// When it was started (server ms).
    pub started_ms: i64,
    /// Wrong codes so far.
    pub wrong: u32,
    /// When the right code was given (server ms).
    pub verified_ms: Option<i64>,
    /// Spent by a successful reset.
    pub used: bool,
}

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
    /// Challenges by id.
    pub challenges: HashMap<String, Challenge>,
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
    pub fixtures_body: Json,
    /// The sandbox key.
    pub cipher: TokenCipher,
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
        cipher: TokenCipher,
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
            fixtures_body: fixtures.to_json(),
            fixtures,
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
        self.fixtures.cards.iter().position(|c: &Card| {
            c.customer_id == customer_id && c.urn == urn && c.last4_digits == last4
        })
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

async fn sandbox_info(State(app): State<Arc<App>>) -> Response {
    json_response(StatusCode::OK, &app.fixtures_body)
}

/// `POST /api/sandbox/clock {"advanceSeconds": n}` (only with `--test-clock`).
async fn advance_clock(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        let value = read_json(&headers, body).await?;
        let bad = || {
            ApiError::bad_request(
                "INVALID_REQUEST",
                "body expected {\"advanceSeconds\": <integer>}",
            )
        };
        let secs = match member(&value, "advanceSeconds") {
            Some(Json::Number(n)) => n.parse::<i64>().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        let offset = app.clock.advance(secs);
        Ok(json_response(
            StatusCode::OK,
            &object(vec![
                ("offsetSeconds", Json::Number(offset.to_string())),
                ("now", string(app.clock.local_now().to_string())),
            ]),
        ))
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// One line per request on stderr: method, path (no query), status. Never a body or header.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    eprintln!("{method} {path} {}", response.status().as_u16());
    response
}

/// Every route of SPEC §6, plus the test clock when `test_clock`.
pub fn router(app: Arc<App>, test_clock: bool, quiet: bool) -> Router {
    let mut router = Router::new()
        .route(
            "/api/v1/resetPIN",
            post(reset::handle).fallback(method_not_allowed),
        )
        .route(
            "/api/v1/mbanking",
            post(mbanking::handle).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox",
            get(sandbox_info).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox/2fa/start",
            post(twofa::start).fallback(method_not_allowed),
        )
        .route(
            "/api/sandbox/2fa/verify",
            post(twofa::verify).fallback(method_not_allowed),
        );
    if test_clock {
        router = router.route(
            "/api/sandbox/clock",
            post(advance_clock).fallback(method_not_allowed),
        );
    }
    let router = router.fallback(files::serve).with_state(app);
    if quiet {
        router
    } else {
        router.layer(middleware::from_fn(log))
    }
}
