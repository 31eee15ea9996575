//! The fixtures file (the repository's plus generated cards and accounts) and the sandbox as
//! `GET /api/sandbox` describes it.

use std::collections::HashMap;
use std::sync::Mutex;

use pinseal::{CipherOptions, TokenCipher};
use serde_json::{json, Value};

use crate::client::{get, Conn};
use crate::{EXTRA_LOCKED_ACCOUNTS, GOOD_PIN, PIN_CLIENTS, REPLAY_TOKENS};

/// The repository's fixtures; generated cards and accounts are appended to a copy.
const BASE_FIXTURES: &str = include_str!("../../fixtures.json");

/// Ids of the generated cards (`customerId`) and accounts (`msisdn`).
pub struct Generated {
    pub own_cards: Vec<String>,
    pub replay_cards: Vec<String>,
    pub no_2fa_card: String,
    pub own_accounts: Vec<String>,
    pub locked_accounts: Vec<String>,
}

/// The fixtures file: the repository's, plus generated cards and accounts (same format).
pub fn generate_fixtures() -> Result<(String, Generated), String> {
    let mut fx: Value =
        serde_json::from_str(BASE_FIXTURES).map_err(|e| format!("sandbox/fixtures.json: {e}"))?;
    let mut cards = Vec::new();
    let mut card = |tag: &str, n: usize| {
        let customer_id = format!("LOAD-{tag}-{n:02}");
        let k = cards.len();
        cards.push(json!({
            "customerId": customer_id,
            "urn": format!("{}", 880_000 + k),
            "last4Digits": format!("{:04}", 5_000 + k),
        }));
        customer_id
    };
    let own_cards: Vec<String> = (0..PIN_CLIENTS).map(|n| card("OWN", n)).collect();
    let replay_cards: Vec<String> = (0..REPLAY_TOKENS).map(|n| card("RPL", n)).collect();
    let no_2fa_card = card("NO2FA", 0);

    let mut accounts = Vec::new();
    let mut account = |n: usize| {
        let msisdn = format!("99920000{n:04}");
        accounts.push(json!({
            "msisdn": msisdn,
            "deviceIdentifierType": "IMSI",
            "deviceIdentifier": format!("00101{n:010}"),
            "identityType": "NATIONAL_ID",
            "identity": format!("LOAD-NID-{n:04}"),
            "initialPin": GOOD_PIN,
        }));
        msisdn
    };
    let own_accounts: Vec<String> = (0..PIN_CLIENTS).map(&mut account).collect();
    let extra_locked: Vec<String> = (PIN_CLIENTS..PIN_CLIENTS + EXTRA_LOCKED_ACCOUNTS)
        .map(&mut account)
        .collect();

    let mut locked_accounts = Vec::new();
    if let Some(list) = fx.get_mut("cards").and_then(Value::as_array_mut) {
        list.extend(cards);
    } else {
        return Err("sandbox/fixtures.json has no \"cards\" list".into());
    }
    if let Some(list) = fx.get_mut("accounts").and_then(Value::as_array_mut) {
        for a in list.iter() {
            if let Some(m) = a.get("msisdn").and_then(Value::as_str) {
                locked_accounts.push(m.to_owned());
            }
        }
        list.extend(accounts);
    } else {
        return Err("sandbox/fixtures.json has no \"accounts\" list".into());
    }
    locked_accounts.extend(extra_locked);
    let text = serde_json::to_string_pretty(&fx).map_err(|e| e.to_string())?;
    Ok((
        text,
        Generated {
            own_cards,
            replay_cards,
            no_2fa_card,
            own_accounts,
            locked_accounts,
        },
    ))
}

#[derive(Clone)]
pub struct Card {
    pub customer_id: String,
    pub urn: String,
    pub last4: String,
}

#[derive(Clone)]
pub struct Account {
    pub msisdn: String,
    pub device_type: String,
    pub device_id: String,
    pub identity_type: String,
    pub identity: String,
    pub initial_pin: String,
}

/// Credentials, key and the cards and accounts each part of the workload uses.
pub struct Sandbox {
    pub client_id: String,
    pub secure_code: String,
    pub bank_id: String,
    pub api_key: String,
    pub cipher: TokenCipher,
    /// The fixture cards' customers: non-PIN 2FA traffic (never reset, never verified).
    pub twofa_customers: Vec<String>,
    /// One card and one account per PIN client (only that client touches them).
    pub own_cards: Vec<Card>,
    pub own_accounts: Vec<Account>,
    /// One card per raced token.
    pub replay_cards: Vec<Card>,
    /// A card whose customer never passes 2FA.
    pub no_2fa_card: Card,
    /// Accounts hammered with concurrent wrong PINs: the fixture ones and generated ones.
    pub locked_accounts: Vec<Account>,
    /// Where each PIN client's own cycle stands, carried from one B phase to the next.
    pub progress: Vec<Mutex<Progress>>,
}

/// A PIN client's own cycle between phases: its account's current PIN, the next step, and the
/// requests sent (for unique request ids).
#[derive(Clone, Copy)]
pub struct Progress {
    pub current: &'static str,
    pub step: usize,
    pub requests: usize,
}

fn text_of(v: &Value, key: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        other => Err(format!("GET /api/sandbox: \"{key}\" is {other:?}")),
    }
}

pub fn load_sandbox(conn: &mut Conn, generated: &Generated) -> Result<Sandbox, String> {
    let answer = conn.send(&get("/api/sandbox"))?;
    if answer.status != 200 {
        return Err(format!("GET /api/sandbox answered {}", answer.status));
    }
    let fx: Value = serde_json::from_slice(&answer.body).map_err(|e| e.to_string())?;
    let list = |key: &str| -> Vec<Value> {
        fx.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut cards = HashMap::new();
    let mut fixture_customers = Vec::new();
    for c in list("cards") {
        let card = Card {
            customer_id: text_of(&c, "customerId")?,
            urn: text_of(&c, "urn")?,
            last4: text_of(&c, "last4Digits")?,
        };
        if !card.customer_id.starts_with("LOAD-") {
            fixture_customers.push(card.customer_id.clone());
        }
        cards.insert(card.customer_id.clone(), card);
    }
    let mut accounts = HashMap::new();
    for a in list("accounts") {
        let account = Account {
            msisdn: text_of(&a, "msisdn")?,
            device_type: text_of(&a, "deviceIdentifierType")?,
            device_id: text_of(&a, "deviceIdentifier")?,
            identity_type: text_of(&a, "identityType")?,
            identity: text_of(&a, "identity")?,
            initial_pin: text_of(&a, "initialPin")?,
        };
        accounts.insert(account.msisdn.clone(), account);
    }
    let card = |id: &String| {
        cards
            .get(id)
            .cloned()
            .ok_or_else(|| format!("the server did not load card {id}"))
    };
    let account = |id: &String| {
        accounts
            .get(id)
            .cloned()
            .ok_or_else(|| format!("the server did not load account {id}"))
    };
    let cipher = TokenCipher::from_base64(&text_of(&fx, "key")?, CipherOptions::default())
        .map_err(|e| format!("the sandbox key: {e}"))?;
    Ok(Sandbox {
        client_id: text_of(&fx, "clientId")?,
        secure_code: text_of(&fx, "secureCode")?,
        bank_id: text_of(&fx, "bankId")?,
        api_key: text_of(&fx, "apiKey")?,
        cipher,
        twofa_customers: fixture_customers,
        own_cards: generated
            .own_cards
            .iter()
            .map(card)
            .collect::<Result<_, _>>()?,
        own_accounts: generated
            .own_accounts
            .iter()
            .map(account)
            .collect::<Result<_, _>>()?,
        replay_cards: generated
            .replay_cards
            .iter()
            .map(card)
            .collect::<Result<_, _>>()?,
        no_2fa_card: card(&generated.no_2fa_card)?,
        locked_accounts: generated
            .locked_accounts
            .iter()
            .map(account)
            .collect::<Result<_, _>>()?,
        progress: (0..PIN_CLIENTS)
            .map(|c| {
                Mutex::new(Progress {
                    current: GOOD_PIN,
                    step: c,
                    requests: 0,
                })
            })
            .collect(),
    })
}
