//! The fixtures file: the sandbox client, its key, cards and mobile banking accounts.
//! Same shape as `GET /api/sandbox`; `initialPin` values are seed data in clear.
//!
//! The file is read into serde types whose leaves are [`Field`]s, so that a value of the wrong
//! type is reported by key without ever being echoed (the file holds a key and PINs).

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::core_api::{Cipher, DEFAULT_ENTITY_ID, DEVICE_IDENTIFIER_TYPES, IDENTITY_TYPES};
use crate::wire::Field;

/// One card of the Reset PIN flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// `customerId`.
    pub customer_id: String,
    /// `urn`, digits.
    pub urn: String,
    /// `last4Digits`.
    pub last4_digits: String,
}

/// One mobile banking account as seeded.
pub struct AccountSeed {
    /// `msisdn`, digits without `+`.
    pub msisdn: String,
    /// `deviceIdentifierType`: `IMSI` or `APP_ID`.
    pub device_identifier_type: String,
    /// `deviceIdentifier`.
    pub device_identifier: String,
    /// `identityType`.
    pub identity_type: String,
    /// `identity`.
    pub identity: String,
    /// `initialPin`, wiped on drop; hashed at start-up.
    pub initial_pin: Zeroizing<String>,
}

/// Everything in the fixtures file.
pub struct Fixtures {
    /// `clientId` of the sandbox client.
    pub client_id: String,
    /// `secureCode` of the sandbox client.
    pub secure_code: String,
    /// `bankId`.
    pub bank_id: u16,
    /// `entityId`.
    pub entity_id: u16,
    /// The `x-api-key` value.
    pub api_key: String,
    /// The 24-byte AES-192 key, standard base64, as written in the file.
    pub key: String,
    /// Cards for Reset PIN.
    pub cards: Vec<Card>,
    /// Accounts for SET_PIN.
    pub accounts: Vec<AccountSeed>,
}

/// The file as written: every leaf a [`Field`], checked by [`Fixtures::parse`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FixturesFile {
    #[serde(default)]
    client_id: Field,
    #[serde(default)]
    secure_code: Field,
    #[serde(default)]
    bank_id: Field,
    #[serde(default)]
    entity_id: Field,
    #[serde(default)]
    api_key: Field,
    #[serde(default)]
    key: Field,
    #[serde(default)]
    cards: Vec<CardFile>,
    #[serde(default)]
    accounts: Vec<AccountFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CardFile {
    #[serde(default)]
    customer_id: Field,
    #[serde(default)]
    urn: Field,
    #[serde(default)]
    last4_digits: Field,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountFile {
    #[serde(default)]
    msisdn: Field,
    #[serde(default)]
    device_identifier_type: Field,
    #[serde(default)]
    device_identifier: Field,
    #[serde(default)]
    identity_type: Field,
    #[serde(default)]
    identity: Field,
    #[serde(default)]
    initial_pin: Field,
}

/// `GET /api/sandbox`'s body: the fixtures as loaded, in the file's shape and key order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixturesView<'a> {
    client_id: &'a str,
    secure_code: &'a str,
    bank_id: u16,
    entity_id: u16,
    api_key: &'a str,
    key: &'a str,
    cards: &'a [Card],
    accounts: Vec<AccountView<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountView<'a> {
    msisdn: &'a str,
    device_identifier_type: &'a str,
    device_identifier: &'a str,
    identity_type: &'a str,
    identity: &'a str,
    initial_pin: &'a str,
}

fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A non-empty string at `what.key`.
fn text(value: &Field, what: &str, key: &str) -> Result<String, String> {
    match value {
        Field::Text(s) if !s.is_empty() => Ok(s.to_string()),
        Field::Missing => Err(format!("{what}.{key} is missing")),
        other => Err(format!(
            "{what}.{key} expected a non-empty string, got {}",
            if other.as_str().is_some() {
                "an empty string"
            } else {
                other.kind()
            }
        )),
    }
}

/// A non-empty string at `what.key` that passes `ok` (`rule` says what was expected).
fn checked(
    value: &Field,
    what: &str,
    key: &str,
    rule: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let value = text(value, what, key)?;
    if ok(&value) {
        Ok(value)
    } else {
        Err(format!("{what}.{key} expected {rule}"))
    }
}

/// `bankId`/`entityId`: a number or a digit string of 1-4 digits.
fn small_number(value: &Field, key: &str, default: Option<u16>) -> Result<u16, String> {
    let bad = || format!("fixtures.{key} expected a number of 1-4 digits");
    match (value, default) {
        (Field::Missing, Some(d)) => Ok(d),
        (Field::Number(n) | Field::Text(n), _) if digits(n, 1, 4) => n.parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

fn card(file: &CardFile, i: usize) -> Result<Card, String> {
    let what = format!("fixtures.cards[{i}]");
    Ok(Card {
        customer_id: checked(
            &file.customer_id,
            &what,
            "customerId",
            "1-20 printable ASCII",
            |s| s.len() <= 20 && printable_ascii(s),
        )?,
        urn: checked(&file.urn, &what, "urn", "1-10 digits", |s| digits(s, 1, 10))?,
        last4_digits: checked(&file.last4_digits, &what, "last4Digits", "4 digits", |s| {
            digits(s, 4, 4)
        })?,
    })
}

fn account(file: &AccountFile, i: usize) -> Result<AccountSeed, String> {
    let what = format!("fixtures.accounts[{i}]");
    let device_identifier_type = checked(
        &file.device_identifier_type,
        &what,
        "deviceIdentifierType",
        "IMSI or APP_ID",
        |s| DEVICE_IDENTIFIER_TYPES.contains(&s),
    )?;
    let imsi = device_identifier_type == "IMSI";
    let device_identifier = checked(
        &file.device_identifier,
        &what,
        "deviceIdentifier",
        "5-16 digits (IMSI) or 1-100 printable ASCII (APP_ID)",
        |s| {
            if imsi {
                digits(s, 5, 16)
            } else {
                s.len() <= 100 && printable_ascii(s)
            }
        },
    )?;
    let initial_pin = match &file.initial_pin {
        Field::Text(p) if digits(p, 4, 4) => p.clone(),
        // The message never repeats the value: it is a PIN.
        _ => return Err(format!("{what}.initialPin expected a string of 4 digits")),
    };
    Ok(AccountSeed {
        msisdn: checked(
            &file.msisdn,
            &what,
            "msisdn",
            "8-15 digits without +",
            |s| digits(s, 8, 15),
        )?,
        device_identifier_type,
        device_identifier,
        identity_type: checked(
            &file.identity_type,
            &what,
            "identityType",
            "one of NATIONAL_ID, PASSPORT_NO, DRIVING_LICENSE",
            |s| IDENTITY_TYPES.contains(&s),
        )?,
        identity: checked(
            &file.identity,
            &what,
            "identity",
            "1-50 printable characters without spaces at either end",
            |s| s.chars().count() <= 50 && s.trim() == s && !s.chars().any(char::is_control),
        )?,
        initial_pin,
    })
}

/// Standard base64, padding optional.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The sandbox cipher of a fixtures `key` (standard base64 of 24 bytes).
///
/// # Errors
/// A message naming the problem (the decoded length, or "not base64"), never the key.
pub fn cipher_of(key: &str) -> Result<Cipher, String> {
    let bytes = Zeroizing::new(
        BASE64
            .decode(key)
            .map_err(|_| "fixtures.key: \"key\" is not base64".to_owned())?,
    );
    Cipher::from_key(&bytes).map_err(|e| format!("fixtures.key: {e}"))
}

impl Fixtures {
    /// Parses and checks a fixtures file's text.
    ///
    /// # Errors
    /// A message naming the offending key; never a key or PIN value.
    pub fn parse(json: &str) -> Result<Self, String> {
        let file: FixturesFile = serde_json::from_str(json).map_err(|e| {
            use serde_json::error::Category;
            let message = e.to_string();
            match e.classify() {
                // serde's type errors quote the value found: say where instead.
                Category::Data if message.starts_with("invalid ") => format!(
                    "fixtures: a value of the wrong type at line {} column {}",
                    e.line(),
                    e.column()
                ),
                // Unknown, duplicate or missing keys: the message names keys only.
                Category::Data => format!("fixtures: {message}"),
                _ => "fixtures: not valid JSON".to_owned(),
            }
        })?;
        let key = text(&file.key, "fixtures", "key")?;
        cipher_of(&key)?;
        if file.cards.is_empty() {
            return Err("fixtures.cards expected a non-empty array".to_owned());
        }
        if file.accounts.is_empty() {
            return Err("fixtures.accounts expected a non-empty array".to_owned());
        }
        let cards = file
            .cards
            .iter()
            .enumerate()
            .map(|(i, c)| card(c, i))
            .collect::<Result<Vec<_>, _>>()?;
        let accounts = file
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| account(a, i))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, a) in accounts.iter().enumerate() {
            if accounts.iter().take(i).any(|b| b.msisdn == a.msisdn) {
                return Err(format!("fixtures.accounts[{i}].msisdn is a duplicate"));
            }
        }
        Ok(Fixtures {
            client_id: checked(
                &file.client_id,
                "fixtures",
                "clientId",
                "1-15 printable ASCII without spaces at either end",
                |s| s.len() <= 15 && printable_ascii(s) && s.trim() == s,
            )?,
            secure_code: checked(
                &file.secure_code,
                "fixtures",
                "secureCode",
                "1-25 printable ASCII",
                |s| s.len() <= 25 && printable_ascii(s),
            )?,
            bank_id: small_number(&file.bank_id, "bankId", None)?,
            entity_id: small_number(&file.entity_id, "entityId", Some(DEFAULT_ENTITY_ID))?,
            api_key: checked(
                &file.api_key,
                "fixtures",
                "apiKey",
                "printable ASCII without spaces at either end",
                |s| printable_ascii(s) && s.trim() == s,
            )?,
            key,
            cards,
            accounts,
        })
    }

    /// The fixtures as loaded, in the shape of the file (what `GET /api/sandbox` answers).
    ///
    /// # Errors
    /// Only if serde_json fails to write plain strings and numbers (not expected).
    pub fn to_json(&self) -> Result<String, String> {
        let view = FixturesView {
            client_id: &self.client_id,
            secure_code: &self.secure_code,
            bank_id: self.bank_id,
            entity_id: self.entity_id,
            api_key: &self.api_key,
            key: &self.key,
            cards: &self.cards,
            accounts: self
                .accounts
                .iter()
                .map(|a| AccountView {
                    msisdn: &a.msisdn,
                    device_identifier_type: &a.device_identifier_type,
                    device_identifier: &a.device_identifier,
                    identity_type: &a.identity_type,
                    identity: &a.identity,
                    initial_pin: &a.initial_pin,
                })
                .collect(),
        };
        serde_json::to_string(&view).map_err(|_| "cannot render the fixtures".to_owned())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const FILE: &str = include_str!("../fixtures.json");

    #[test]
    fn the_shipped_fixtures_load_and_render_in_file_order() {
        let fx = Fixtures::parse(FILE).unwrap();
        let body = fx.to_json().unwrap();
        assert!(body.starts_with(
            r#"{"clientId":"SandboxClient","secureCode":"SANDBOX-secure-code-0001","bankId":9999,"entityId":100,"apiKey":"#
        ));
        assert!(body.contains(
            r#""cards":[{"customerId":"SBX-CUST-001","urn":"402","last4Digits":"8172"}"#
        ));
        let again = Fixtures::parse(&body).unwrap();
        assert_eq!(again.to_json().unwrap(), body);
    }

    #[test]
    fn errors_name_keys_but_never_secret_values() {
        let cases = [
            (
                FILE.replace(r#""initialPin": "5829""#, r#""initialPin": 5829"#),
                "initialPin",
                "5829",
            ),
            (
                FILE.replace(r#""initialPin": "5829""#, r#""initialPin": "58x9""#),
                "initialPin",
                "58x9",
            ),
            (
                FILE.replace(
                    r#""apiKey": "sandbox-api-key-NOT-A-SECRET""#,
                    r#""apiKey": 12345"#,
                ),
                "apiKey",
                "12345",
            ),
            (
                FILE.replace(
                    "U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz",
                    "MDEyMzQ1Njc4OWFiY2RlZg==",
                ),
                "expected 24 bytes, got 16",
                "MDEyMzQ1Njc4OWFiY2RlZg",
            ),
            (
                FILE.replace("U0FOREJPWC1PTkxZLWtleS0yNGJ5dGVz", "not base64!"),
                "not base64",
                "not base64!",
            ),
            (
                FILE.replace(r#""urn": "402""#, r#""urm": "402""#),
                "urm",
                "\u{0}",
            ),
            (
                FILE.replace(r#""bankId": 9999"#, r#""bankId": 99999"#),
                "bankId",
                "\u{0}",
            ),
            ("{".to_owned(), "not valid JSON", "\u{0}"),
            (
                FILE.replace(r#""accounts": ["#, r#""accounts": "5829", "x": ["#),
                "wrong type",
                "5829",
            ),
        ];
        for (text, named, secret) in cases {
            let e = Fixtures::parse(&text).err().unwrap();
            assert!(e.contains(named), "{named}: {e}");
            assert!(!e.contains(secret), "{secret}: {e}");
        }
    }
}
