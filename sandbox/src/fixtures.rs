//! The fixtures file: the sandbox client, its key, cards and mobile banking accounts.
//! Same shape as `GET /api/sandbox`; `initialPin` values are seed data in clear.

use pinseal::json::Json;
use pinseal::set_pin::{DEVICE_IDENTIFIER_TYPES, IDENTITY_TYPES};
use pinseal::{CipherOptions, TokenCipher};
use zeroize::Zeroizing;

/// One card of the Reset PIN flow.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// The 24-byte AES-192 key, standard base64.
    pub key: String,
    /// Cards for Reset PIN.
    pub cards: Vec<Card>,
    /// Accounts for SET_PIN.
    pub accounts: Vec<AccountSeed>,
}

fn members<'a>(value: &'a Json, what: &str) -> Result<&'a [(String, Json)], String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} expected an object, got {}", value.kind()))
}

/// Reads an object's members against a list of allowed keys (a typo is an error, not ignored).
fn fields<'a>(
    value: &'a Json,
    what: &str,
    allowed: &[&str],
) -> Result<Vec<(&'a str, &'a Json)>, String> {
    let members = members(value, what)?;
    let mut out = Vec::new();
    for (k, v) in members {
        if !allowed.contains(&k.as_str()) {
            return Err(format!("{what}: unknown key \"{k}\""));
        }
        out.push((k.as_str(), v));
    }
    Ok(out)
}

fn get<'a>(fields: &[(&str, &'a Json)], key: &str) -> Option<&'a Json> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

fn text(fields: &[(&str, &Json)], what: &str, key: &str) -> Result<String, String> {
    match get(fields, key) {
        Some(Json::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(other) => Err(format!(
            "{what}.{key} expected a non-empty string, got {}",
            other.kind()
        )),
        None => Err(format!("{what}.{key} is missing")),
    }
}

fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn checked(
    fields: &[(&str, &Json)],
    what: &str,
    key: &str,
    rule: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let value = text(fields, what, key)?;
    if ok(&value) {
        Ok(value)
    } else {
        Err(format!("{what}.{key} expected {rule}"))
    }
}

fn small_number(fields: &[(&str, &Json)], key: &str, default: Option<u16>) -> Result<u16, String> {
    let text = match get(fields, key) {
        Some(Json::Number(n) | Json::String(n)) => n.clone(),
        None if default.is_some() => return Ok(default.unwrap_or_default()),
        _ => return Err(format!("fixtures.{key} expected a number of 1-4 digits")),
    };
    if !digits(&text, 1, 4) {
        return Err(format!("fixtures.{key} expected a number of 1-4 digits"));
    }
    text.parse()
        .map_err(|_| format!("fixtures.{key} expected a number of 1-4 digits"))
}

fn array<'a>(fields: &[(&str, &'a Json)], key: &str) -> Result<&'a [Json], String> {
    match get(fields, key) {
        Some(Json::Array(items)) if !items.is_empty() => Ok(items),
        _ => Err(format!("fixtures.{key} expected a non-empty array")),
    }
}

fn card(value: &Json, i: usize) -> Result<Card, String> {
    let what = format!("fixtures.cards[{i}]");
    let f = fields(value, &what, &["customerId", "urn", "last4Digits"])?;
    Ok(Card {
        customer_id: checked(&f, &what, "customerId", "1-20 printable ASCII", |s| {
            s.len() <= 20 && printable_ascii(s)
        })?,
        urn: checked(&f, &what, "urn", "1-10 digits", |s| digits(s, 1, 10))?,
        last4_digits: checked(&f, &what, "last4Digits", "4 digits", |s| digits(s, 4, 4))?,
    })
}

fn account(value: &Json, i: usize) -> Result<AccountSeed, String> {
    let what = format!("fixtures.accounts[{i}]");
    let f = fields(
        value,
        &what,
        &[
            "msisdn",
            "deviceIdentifierType",
            "deviceIdentifier",
            "identityType",
            "identity",
            "initialPin",
        ],
    )?;
    let device_identifier_type =
        checked(&f, &what, "deviceIdentifierType", "IMSI or APP_ID", |s| {
            DEVICE_IDENTIFIER_TYPES.contains(&s)
        })?;
    let imsi = device_identifier_type == "IMSI";
    let device_identifier = checked(
        &f,
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
    let initial_pin = match get(&f, "initialPin") {
        Some(Json::String(p)) if digits(p, 4, 4) => Zeroizing::new(p.clone()),
        // The message never repeats the value: it is a PIN.
        _ => return Err(format!("{what}.initialPin expected a string of 4 digits")),
    };
    Ok(AccountSeed {
        msisdn: checked(&f, &what, "msisdn", "8-15 digits without +", |s| {
            digits(s, 8, 15)
        })?,
        device_identifier_type,
        device_identifier,
        identity_type: checked(
            &f,
            &what,
            "identityType",
            "one of NATIONAL_ID, PASSPORT_NO, DRIVING_LICENSE",
            |s| IDENTITY_TYPES.contains(&s),
        )?,
        identity: checked(
            &f,
            &what,
            "identity",
            "1-50 printable characters without spaces at either end",
            |s| s.chars().count() <= 50 && s.trim() == s && !s.chars().any(char::is_control),
        )?,
        initial_pin,
    })
}

impl Fixtures {
    /// Parses and checks a fixtures file's text.
    ///
    /// # Errors
    /// A message naming the offending key; never a key or PIN value.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value = Json::parse(text).map_err(|_| "fixtures: not valid JSON".to_owned())?;
        let keys = [
            "clientId",
            "secureCode",
            "bankId",
            "entityId",
            "apiKey",
            "key",
            "cards",
            "accounts",
        ];
        let f = fields(&value, "fixtures", &keys)?;
        let key = text_of(&f, "key")?;
        TokenCipher::from_base64(&key, CipherOptions::default())
            .map_err(|e| format!("fixtures.key: {e}"))?;
        let cards = array(&f, "cards")?
            .iter()
            .enumerate()
            .map(|(i, c)| card(c, i))
            .collect::<Result<Vec<_>, _>>()?;
        let accounts = array(&f, "accounts")?
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
                &f,
                "fixtures",
                "clientId",
                "1-15 printable ASCII without spaces at either end",
                |s| s.len() <= 15 && printable_ascii(s) && s.trim() == s,
            )?,
            secure_code: checked(&f, "fixtures", "secureCode", "1-25 printable ASCII", |s| {
                s.len() <= 25 && printable_ascii(s)
            })?,
            bank_id: small_number(&f, "bankId", None)?,
            entity_id: small_number(&f, "entityId", Some(pinseal::reset_pin::DEFAULT_ENTITY_ID))?,
            api_key: checked(
                &f,
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
    pub fn to_json(&self) -> Json {
        let s = |v: &str| Json::String(v.to_owned());
        let cards = self
            .cards
            .iter()
            .map(|c| {
                Json::Object(vec![
                    ("customerId".into(), s(&c.customer_id)),
                    ("urn".into(), s(&c.urn)),
                    ("last4Digits".into(), s(&c.last4_digits)),
                ])
            })
            .collect();
        let accounts = self
            .accounts
            .iter()
            .map(|a| {
                Json::Object(vec![
                    ("msisdn".into(), s(&a.msisdn)),
                    ("deviceIdentifierType".into(), s(&a.device_identifier_type)),
                    ("deviceIdentifier".into(), s(&a.device_identifier)),
                    ("identityType".into(), s(&a.identity_type)),
                    ("identity".into(), s(&a.identity)),
                    ("initialPin".into(), s(&a.initial_pin)),
                ])
            })
            .collect();
        Json::Object(vec![
            ("clientId".into(), s(&self.client_id)),
            ("secureCode".into(), s(&self.secure_code)),
            ("bankId".into(), Json::Number(self.bank_id.to_string())),
            ("entityId".into(), Json::Number(self.entity_id.to_string())),
            ("apiKey".into(), s(&self.api_key)),
            ("key".into(), s(&self.key)),
            ("cards".into(), Json::Array(cards)),
            ("accounts".into(), Json::Array(accounts)),
        ])
    }
}

fn text_of(f: &[(&str, &Json)], key: &str) -> Result<String, String> {
    text(f, "fixtures", key)
}
