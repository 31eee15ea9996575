//! Card/wallet "Reset PIN" (SPEC §1.1): `POST {base}/api/v1/resetPIN` with an encrypted token.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::cipher::TokenCipher;
use crate::datetime::DateTime;
use crate::error::{Error, FieldCode, Report, Result};
use crate::fields::{self, Charset, Edges, Kind, Member, Rule, Spec, Wire};
use crate::json::{write_json_string, Json};
use crate::pin::{self, PinContext, PinPolicy};
use crate::secret::{Pin, SecretString};
use crate::text::join;

/// `messageCode` of every Reset PIN request.
pub const REQUEST_MESSAGE_CODE: &str = "1120";
/// `messageCode` of every Reset PIN response.
pub const RESPONSE_MESSAGE_CODE: &str = "1121";
/// `entityId` when the input leaves it out.
pub const DEFAULT_ENTITY_ID: u16 = 100;

/// Options of the Reset PIN builder.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The local time the request is built at: `requestDateTime` when the input has none.
    /// The core reads no clock of its own; natively [`DateTime::now_local`] gives one.
    pub now: DateTime,
    /// The PIN policy.
    pub pin_policy: PinPolicy,
}

impl BuildOptions {
    /// Options at `now` with the strict PIN policy of SPEC §3.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{BuildOptions, DateTime, PinPolicy};
    ///
    /// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
    /// let options = BuildOptions::new(now);
    /// assert_eq!(options.now.to_compact(), "20221116122653");
    /// assert_eq!(options.pin_policy, PinPolicy::strict());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(now: DateTime) -> Self {
        BuildOptions {
            now,
            pin_policy: PinPolicy::strict(),
        }
    }

    /// The same options with another PIN policy.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::{self, ResetPinInput};
    /// use pinseal::{BuildOptions, DateTime, FieldCode, PinPolicy};
    ///
    /// let input = ResetPinInput {
    ///     client_id: "WibmoClient".into(),
    ///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
    ///     bank_id: "2010".into(),
    ///     customer_id: "QVdzHtZsuG".into(),
    ///     last4_digits: "8172".into(),
    ///     urn: "402".into(),
    ///     new_pin: "1111".into(),
    ///     ..Default::default()
    /// };
    /// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
    /// // The strict policy refuses one digit repeated; the basic one lets it through.
    /// let strict = BuildOptions::new(now);
    /// let err = reset_pin::build(&input, &strict).unwrap_err();
    /// assert_eq!(err.field_errors().first().map(|e| e.code), Some(FieldCode::PinRepeated));
    /// let basic = BuildOptions::new(now).with_policy(PinPolicy::basic());
    /// assert!(reset_pin::build(&input, &basic).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_policy(mut self, pin_policy: PinPolicy) -> Self {
        self.pin_policy = pin_policy;
        self
    }
}

/// The input fields in SPEC §1.1 table order (also the order of reported errors): how a loosely
/// typed reader takes each, its rule, and its place in the request (after `messageCode`).
pub const FIELDS: [Spec; 10] = [
    Spec {
        name: "clientId",
        kind: Kind::Text,
        required: true,
        rule: Rule::Text {
            max: 15,
            charset: Charset::PrintableAscii,
            edges: Edges::Refused,
        },
        wire: Wire {
            name: "clientId",
            at: 0,
            number: false,
        },
    },
    Spec {
        name: "secureCode",
        kind: Kind::Text,
        required: true,
        rule: Rule::Text {
            max: 25,
            charset: Charset::PrintableAscii,
            edges: Edges::Kept,
        },
        wire: Wire {
            name: "secureCode",
            at: 5,
            number: false,
        },
    },
    Spec {
        name: "clientTxnId",
        kind: Kind::Text,
        required: false,
        rule: Rule::Text {
            max: 100,
            charset: Charset::PrintableAscii,
            edges: Edges::Kept,
        },
        wire: Wire {
            name: "clientTxnId",
            at: 4,
            number: false,
        },
    },
    Spec {
        name: "requestDateTime",
        kind: Kind::Digits,
        required: false,
        rule: Rule::DateTime,
        wire: Wire {
            name: "requestDateTime",
            at: 3,
            number: false,
        },
    },
    Spec {
        name: "bankId",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Digits { min: 1, max: 4 },
        wire: Wire {
            name: "bankId",
            at: 1,
            number: true,
        },
    },
    Spec {
        name: "entityId",
        kind: Kind::Digits,
        required: false,
        rule: Rule::Digits { min: 1, max: 4 },
        wire: Wire {
            name: "entityId",
            at: 2,
            number: true,
        },
    },
    Spec {
        name: "customerId",
        kind: Kind::Text,
        required: true,
        rule: Rule::Text {
            max: 20,
            charset: Charset::PrintableAscii,
            edges: Edges::Kept,
        },
        wire: Wire {
            name: "customerId",
            at: 9,
            number: false,
        },
    },
    Spec {
        name: "last4Digits",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Digits { min: 4, max: 4 },
        wire: Wire {
            name: "last4Digits",
            at: 7,
            number: false,
        },
    },
    Spec {
        name: "urn",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Digits { min: 1, max: 10 },
        wire: Wire {
            name: "urn",
            at: 8,
            number: false,
        },
    },
    Spec {
        name: "newPIN",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Pin {
            len: Some(4),
            strength: true,
        },
        wire: Wire {
            name: "newPIN",
            at: 6,
            number: false,
        },
    },
];

/// What a caller types for a Reset PIN request. Empty strings count as absent.
///
/// With the `serde` feature it deserializes from the object the JavaScript API takes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ResetPinInput {
    /// `clientId`: 1–15 printable ASCII, no spaces at either end.
    pub client_id: String,
    /// `secureCode`: 1–25 printable ASCII (a credential: redacted in `Debug`).
    pub secure_code: SecretString,
    /// `bankId`: 1–4 digits.
    pub bank_id: String,
    /// `entityId`: 1–4 digits; [`DEFAULT_ENTITY_ID`] when absent.
    pub entity_id: Option<String>,
    /// `customerId`: 1–20 printable ASCII.
    pub customer_id: String,
    /// `last4Digits`: exactly 4 digits of the card.
    pub last4_digits: String,
    /// `urn`: 1–10 digits.
    pub urn: String,
    /// `newPIN`: 4 digits passing the PIN policy.
    pub new_pin: Pin,
    /// `clientTxnId`: 1–100 printable ASCII; 24 random URL-safe characters when absent.
    pub client_txn_id: Option<String>,
    /// `requestDateTime`: `YYYYMMDDHHMMSS`; the build time when absent.
    pub request_date_time: Option<String>,
}

impl fmt::Debug for ResetPinInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPinInput")
            .field("client_id", &self.client_id)
            .field("secure_code", &self.secure_code)
            .field("bank_id", &self.bank_id)
            .field("entity_id", &self.entity_id)
            .field("customer_id", &self.customer_id)
            .field("last4_digits", &self.last4_digits)
            .field("urn", &self.urn)
            .field("new_pin", &self.new_pin)
            .field("client_txn_id", &self.client_txn_id)
            .field("request_date_time", &self.request_date_time)
            .finish()
    }
}

/// The object the JavaScript API takes (`validateResetPin`, `sealResetPin`), e.g. a JSON
/// request body: the camelCase keys of SPEC §1.1 (`newPIN` in capitals), no other key;
/// `bankId`, `entityId`, `last4Digits`, `urn`, `requestDateTime` and `newPIN` take a string or a
/// number, the other fields a string; a missing or `null` field is left empty. No value is
/// checked here: [`validate`] (or [`build`]) reports them.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ResetPinInput {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> core::result::Result<Self, D::Error> {
        let mut f = fields::de::object(deserializer, &FIELDS, "ResetPinInput")?;
        Ok(ResetPinInput::from_fields(|name| f.text(name)))
    }
}

impl ResetPinInput {
    /// The input of the fields a reader of its own took (a form, a JSON body, a query string):
    /// `take` gives the text of each field of [`FIELDS`] by its input name, empty when absent. The
    /// library's own readers (serde's, the WebAssembly boundary's) build every input this way,
    /// each field by name, so a new field is one line here, in any position.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::{self, ResetPinInput};
    /// use pinseal::PinPolicy;
    ///
    /// let input = ResetPinInput::from_fields(|name| match name {
    ///     "clientId" => "WibmoClient",
    ///     "secureCode" => "AfZtpO5krtySIhXyNmGg1G",
    ///     "bankId" => "2010",
    ///     "customerId" => "QVdzHtZsuG",
    ///     "last4Digits" => "8172",
    ///     "urn" => "402",
    ///     "newPIN" => "5829",
    ///     _ => "",
    /// }
    /// .to_owned());
    /// assert!(reset_pin::validate(&input, &PinPolicy::strict()).is_valid());
    /// ```
    pub fn from_fields(mut take: impl FnMut(&'static str) -> String) -> Self {
        ResetPinInput {
            client_id: take("clientId"),
            secure_code: SecretString::from(take("secureCode")),
            bank_id: take("bankId"),
            entity_id: fields::non_empty(take("entityId")),
            customer_id: take("customerId"),
            last4_digits: take("last4Digits"),
            urn: take("urn"),
            new_pin: Pin::from(take("newPIN")),
            client_txn_id: fields::non_empty(take("clientTxnId")),
            request_date_time: fields::non_empty(take("requestDateTime")),
        }
    }
}

/// The policy for Reset PIN: the caller's switches, but always exactly 4 digits.
fn reset_policy(policy: &PinPolicy) -> PinPolicy {
    PinPolicy {
        min_len: 4,
        max_len: 4,
        ..policy.clone()
    }
}

impl ResetPinInput {
    /// The value of the field `name` (an input name of [`FIELDS`]); empty when absent.
    fn value(&self, name: &str) -> &str {
        let optional = fields::or_empty;
        match name {
            "clientId" => &self.client_id,
            "secureCode" => self.secure_code.expose(),
            "clientTxnId" => optional(&self.client_txn_id),
            "requestDateTime" => optional(&self.request_date_time),
            "bankId" => &self.bank_id,
            "entityId" => optional(&self.entity_id),
            "customerId" => &self.customer_id,
            "last4Digits" => &self.last4_digits,
            "urn" => &self.urn,
            "newPIN" => self.new_pin.expose(),
            _ => "",
        }
    }
}

/// Adds every broken rule of `input` to `report`: each field's rule from [`FIELDS`], then the
/// PIN policy with the card as context.
fn check(input: &ResetPinInput, policy: &PinPolicy, report: &mut Report) {
    let value_of = |name: &str| input.value(name);
    for spec in &FIELDS {
        fields::check(report, spec, input.value(spec.name), &value_of);
    }
    if !report.has("newPIN") {
        let ctx = PinContext {
            last4_digits: (!report.has("last4Digits")).then_some(input.last4_digits.as_str()),
            ..PinContext::default()
        };
        pin::check(
            "newPIN",
            input.new_pin.expose(),
            &reset_policy(policy),
            &ctx,
            report,
        );
    }
}

/// Checks every rule of SPEC §1.1 and the PIN policy (its length is always 4 here); lists every
/// broken rule in field order.
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinInput};
/// use pinseal::{FieldCode, PinPolicy};
///
/// let mut input = ResetPinInput {
///     client_id: "WibmoClient".into(),
///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
///     bank_id: "2010".into(),
///     customer_id: "QVdzHtZsuG".into(),
///     last4_digits: "8172".into(),
///     urn: "402".into(),
///     new_pin: "5829".into(),
///     ..Default::default()
/// };
/// assert!(reset_pin::validate(&input, &PinPolicy::strict()).is_valid());
///
/// input.urn = "40a".into();
/// input.new_pin = "1234".into();
/// let report = reset_pin::validate(&input, &PinPolicy::strict());
/// let found: Vec<_> = report.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
/// assert_eq!(
///     found,
///     [
///         ("urn", FieldCode::NotDigits),
///         ("newPIN", FieldCode::PinSequential),
///         ("newPIN", FieldCode::PinCommon),
///     ]
/// );
/// ```
pub fn validate(input: &ResetPinInput, policy: &PinPolicy) -> Report {
    validate_onto(input, policy, Report::default())
}

/// [`validate`] after a reader's own findings (unknown fields, wrong types): fields already in
/// `report` are not checked again.
pub(crate) fn validate_onto(
    input: &ResetPinInput,
    policy: &PinPolicy,
    mut report: Report,
) -> Report {
    check(input, policy, &mut report);
    fields::sort_report(&mut report, &FIELDS);
    report
}

/// The decrypted Reset PIN request, field for field as the partner expects it.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetPinRequest {
    /// `clientId`.
    pub client_id: String,
    /// `bankId` (a JSON number on the wire).
    pub bank_id: u16,
    /// `entityId` (a JSON number on the wire).
    pub entity_id: u16,
    /// `requestDateTime`, `YYYYMMDDHHMMSS`.
    pub request_date_time: String,
    /// `clientTxnId`.
    pub client_txn_id: String,
    /// `secureCode`.
    pub secure_code: SecretString,
    /// `newPIN` (`****` in a [`SealedRequest`]).
    pub new_pin: Pin,
    /// `last4Digits`.
    pub last4_digits: String,
    /// `urn` (a JSON string on the wire).
    pub urn: String,
    /// `customerId`.
    pub customer_id: String,
}

// Debug ends up in logs: both the PIN and the client's secureCode credential are masked.
impl fmt::Debug for ResetPinRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write("****", "****", &mut out);
        f.write_str(&out)
    }
}

impl ResetPinRequest {
    /// The value of the request's field `name` (an input name of [`FIELDS`]), with `new_pin`
    /// and `secure_code` as given (masked or not).
    fn member<'a>(&'a self, name: &str, new_pin: &'a str, secure_code: &'a str) -> Member<'a> {
        match name {
            "bankId" => Member::Number(u64::from(self.bank_id)),
            "entityId" => Member::Number(u64::from(self.entity_id)),
            "clientId" => Member::Text(&self.client_id),
            "requestDateTime" => Member::Text(&self.request_date_time),
            "clientTxnId" => Member::Text(&self.client_txn_id),
            "secureCode" => Member::Text(secure_code),
            "newPIN" => Member::Text(new_pin),
            "last4Digits" => Member::Text(&self.last4_digits),
            "urn" => Member::Text(&self.urn),
            "customerId" => Member::Text(&self.customer_id),
            _ => Member::Text(""),
        }
    }

    fn write(&self, new_pin: &str, secure_code: &str, out: &mut String) {
        out.push_str("{\"messageCode\":\"");
        out.push_str(REQUEST_MESSAGE_CODE);
        out.push_str("\",");
        fields::write_members(out, &FIELDS, |name| self.member(name, new_pin, secure_code));
        out.push('}');
    }

    /// The compact JSON the token carries, keys in the order of the SPEC §1.1 sample.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::{self, ResetPinInput};
    /// use pinseal::{BuildOptions, DateTime};
    ///
    /// let input = ResetPinInput {
    ///     client_id: "WibmoClient".into(),
    ///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
    ///     bank_id: "2010".into(),
    ///     customer_id: "QVdzHtZsuG".into(),
    ///     last4_digits: "8172".into(),
    ///     urn: "402".into(),
    ///     new_pin: "5829".into(),
    ///     client_txn_id: Some("txn-1".into()),
    ///     ..Default::default()
    /// };
    /// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
    /// let request = reset_pin::build(&input, &BuildOptions::new(now))?;
    /// assert_eq!(
    ///     request.to_json().expose(),
    ///     concat!(
    ///         r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"#,
    ///         r#""requestDateTime":"20221116122653","clientTxnId":"txn-1","#,
    ///         r#""secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","#,
    ///         r#""urn":"402","customerId":"QVdzHtZsuG"}"#,
    ///     )
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> SecretString {
        // Reserved up front so the text holding the PIN is never reallocated (a reallocation
        // would leave an unwiped copy behind).
        let mut out = String::with_capacity(512 + self.client_txn_id.len() * 6);
        self.write(self.new_pin.expose(), self.secure_code.expose(), &mut out);
        SecretString::from(out)
    }

    /// The same JSON with `newPIN` as `"****"` (SPEC §5: what `sealResetPin` returns for
    /// display). It still carries `secureCode`; `Debug` masks that too.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::{self, ResetPinInput};
    /// use pinseal::{BuildOptions, DateTime};
    ///
    /// let input = ResetPinInput {
    ///     client_id: "WibmoClient".into(),
    ///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
    ///     bank_id: "2010".into(),
    ///     customer_id: "QVdzHtZsuG".into(),
    ///     last4_digits: "8172".into(),
    ///     urn: "402".into(),
    ///     new_pin: "5829".into(),
    ///     client_txn_id: Some("txn-1".into()),
    ///     ..Default::default()
    /// };
    /// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
    /// let request = reset_pin::build(&input, &BuildOptions::new(now))?;
    /// let shown = request.to_json_redacted();
    /// assert!(shown.contains(r#""secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"****","#));
    /// assert!(!shown.contains("5829"));
    /// // Debug, what logs see, masks the secureCode too.
    /// assert!(format!("{request:?}").contains(r#""secureCode":"****","newPIN":"****""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json_redacted(&self) -> String {
        let mut out = String::new();
        self.write("****", self.secure_code.expose(), &mut out);
        out
    }
}

/// Builds the request: validates, then fills the defaults of SPEC §1.1 (`entityId` 100, a
/// random `clientTxnId`, `requestDateTime` from `options.now`).
///
/// # Errors
/// [`Error::Validation`] with every broken rule; [`Error::RandomUnavailable`] if no
/// `clientTxnId` was given and the CSPRNG fails.
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinInput};
/// use pinseal::{BuildOptions, DateTime};
///
/// let mut input = ResetPinInput {
///     client_id: "WibmoClient".into(),
///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
///     bank_id: "2010".into(),
///     customer_id: "QVdzHtZsuG".into(),
///     last4_digits: "8172".into(),
///     urn: "402".into(),
///     new_pin: "5829".into(),
///     ..Default::default()
/// };
/// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
/// let request = reset_pin::build(&input, &BuildOptions::new(now))?;
/// assert_eq!((request.bank_id, request.entity_id), (2010, 100)); // numbers on the wire
/// assert_eq!(request.request_date_time, "20221116122653");
/// assert_eq!(request.client_txn_id.len(), 24); // random, URL-safe
/// assert!(request.client_txn_id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)));
///
/// input.bank_id.clear();
/// let err = reset_pin::build(&input, &BuildOptions::new(now)).unwrap_err();
/// assert_eq!(err.message(), r#"invalid input: "bankId" is required"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build(input: &ResetPinInput, options: &BuildOptions) -> Result<ResetPinRequest> {
    build_onto(input, options, Report::default())
}

/// [`build`] after a reader's own findings (see [`validate_onto`]).
pub(crate) fn build_onto(
    input: &ResetPinInput,
    options: &BuildOptions,
    prior: Report,
) -> Result<ResetPinRequest> {
    validate_onto(input, &options.pin_policy, prior).into_result()?;
    assemble(input, options)
}

fn small_number(field: &str, digits: &str) -> Result<u16> {
    digits.parse().map_err(|_| {
        Error::Validation(vec![crate::FieldError::new(
            field,
            FieldCode::NotDigits,
            "must contain only the digits 0-9",
        )])
    })
}

/// Turns a validated input into the wire request.
fn assemble(input: &ResetPinInput, options: &BuildOptions) -> Result<ResetPinRequest> {
    let client_txn_id = match fields::given(&input.client_txn_id) {
        Some(txn) => txn.to_owned(),
        None => crate::random::txn_id()?,
    };
    let request_date_time = match fields::given(&input.request_date_time) {
        Some(when) => when.to_owned(),
        None => options.now.to_compact(),
    };
    let entity_id = match fields::given(&input.entity_id) {
        Some(e) => small_number("entityId", e)?,
        None => DEFAULT_ENTITY_ID,
    };
    Ok(ResetPinRequest {
        client_id: input.client_id.clone(),
        bank_id: small_number("bankId", &input.bank_id)?,
        entity_id,
        request_date_time,
        client_txn_id,
        secure_code: input.secure_code.clone(),
        new_pin: input.new_pin.clone(),
        last4_digits: input.last4_digits.clone(),
        urn: input.urn.clone(),
        customer_id: input.customer_id.clone(),
    })
}

/// A sealed request: the token to send and the request with `newPIN` masked.
#[derive(Clone, Debug)]
pub struct SealedRequest {
    /// `base64(AES-192-CBC(JSON))`, the value of the body's `token`.
    pub token: String,
    /// The request that was sealed, `newPIN` replaced by `"****"`.
    pub request: ResetPinRequest,
}

/// Validates, builds and encrypts in one step (the common case).
///
/// # Errors
/// As [`build`] and [`TokenCipher::encrypt`].
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinInput};
/// use pinseal::{BuildOptions, CipherOptions, DateTime, TokenCipher};
///
/// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
/// let input = ResetPinInput {
///     client_id: "WibmoClient".into(),
///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
///     bank_id: "2010".into(),
///     customer_id: "QVdzHtZsuG".into(),
///     last4_digits: "8172".into(),
///     urn: "402".into(),
///     new_pin: "5829".into(),
///     client_txn_id: Some("txn-1".into()),
///     ..Default::default()
/// };
/// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
/// let sealed = reset_pin::seal(&input, &cipher, &BuildOptions::new(now))?;
/// // The body to POST is {"token": sealed.token}; the request returned for display is masked.
/// assert_eq!(sealed.request.new_pin.expose(), "****");
/// assert_eq!(sealed.request.client_txn_id, "txn-1");
/// // The partner, holding the same key, reads the whole request.
/// let json = cipher.decrypt(&sealed.token)?;
/// assert_eq!(
///     json.expose(),
///     concat!(
///         r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"#,
///         r#""requestDateTime":"20221116122653","clientTxnId":"txn-1","#,
///         r#""secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","#,
///         r#""urn":"402","customerId":"QVdzHtZsuG"}"#,
///     )
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn seal(
    input: &ResetPinInput,
    cipher: &TokenCipher,
    options: &BuildOptions,
) -> Result<SealedRequest> {
    seal_request(build(input, options)?, cipher)
}

/// Encrypts an already built request and masks its PIN.
///
/// # Errors
/// As [`TokenCipher::encrypt`].
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinInput};
/// use pinseal::{BuildOptions, CipherOptions, DateTime, TokenCipher};
///
/// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
/// let input = ResetPinInput {
///     client_id: "WibmoClient".into(),
///     secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
///     bank_id: "2010".into(),
///     customer_id: "QVdzHtZsuG".into(),
///     last4_digits: "8172".into(),
///     urn: "402".into(),
///     new_pin: "5829".into(),
///     ..Default::default()
/// };
/// let now = DateTime::new(2022, 11, 16, 12, 26, 53).ok_or("not a real date")?;
/// // Build first (to store the generated clientTxnId, say), seal afterwards.
/// let request = reset_pin::build(&input, &BuildOptions::new(now))?;
/// let txn = request.client_txn_id.clone();
/// let sealed = reset_pin::seal_request(request, &cipher)?;
/// assert_eq!(sealed.request.new_pin.expose(), "****");
/// assert_eq!(sealed.request.client_txn_id, txn);
/// assert!(cipher.decrypt(&sealed.token)?.expose().contains(&format!(r#""clientTxnId":"{txn}""#)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn seal_request(mut request: ResetPinRequest, cipher: &TokenCipher) -> Result<SealedRequest> {
    let token = cipher.encrypt(request.to_json().expose())?;
    request.new_pin = Pin::from("****");
    Ok(SealedRequest { token, request })
}

/// The meaning of a partner response code (SPEC §1.1).
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin;
///
/// assert_eq!(reset_pin::meaning("00"), "success");
/// assert_eq!(reset_pin::meaning("1099"), "INVALID PIN");
/// assert_eq!(reset_pin::meaning("4242"), "unknown response code");
/// ```
pub fn meaning(response_code: &str) -> &'static str {
    match response_code {
        "00" => "success",
        "1099" => "INVALID PIN",
        "1262" => "CLIENT ID NOT PRESENT IN THE REQUEST",
        "1264" => "BANK ID NOT PRESENT IN THE REQUEST",
        "1310" => "XCONSUMERKEY NOT PRESENT IN REQUEST",
        "1311" => "SECURE CODE NOT PRESENT IN REQUEST",
        _ => "unknown response code",
    }
}

/// A decrypted Reset PIN response (SPEC §1.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ResetPinResponse {
    /// `messageCode` (`1121`).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub message_code: Option<String>,
    /// `clientId`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub client_id: Option<String>,
    /// `clientTxnId`, echoing the request's.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub client_txn_id: Option<String>,
    /// `responseDateTime`, `YYYYMMDDHHMMSS`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub response_date_time: Option<String>,
    /// `urn` (a number on the wire).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub urn: Option<u64>,
    /// `customerId`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub customer_id: Option<String>,
    /// `accosaTransactionId` (a number on the wire).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub accosa_transaction_id: Option<u64>,
    /// `responseCode`; `"00"` is success, unknown codes are kept as they are.
    pub response_code: String,
    /// `responseMessage`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub response_message: Option<String>,
    /// `description`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub description: Option<String>,
    /// `accosaRefNo`, up to 20 digits, exactly as received (a string or a number on the wire;
    /// always a digit string here, never rounded through a float).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub accosa_ref_no: Option<String>,
    /// `bankId`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub bank_id: Option<u64>,
    /// `entityId`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub entity_id: Option<u64>,
}

impl ResetPinResponse {
    /// `true` when `responseCode` is `"00"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::ResetPinResponse;
    ///
    /// let success = ResetPinResponse {
    ///     response_code: "00".into(),
    ///     ..Default::default()
    /// };
    /// assert!(success.ok());
    /// let refused = ResetPinResponse {
    ///     response_code: "1099".into(),
    ///     ..Default::default()
    /// };
    /// assert!(!refused.ok());
    /// ```
    pub fn ok(&self) -> bool {
        self.response_code == "00"
    }

    /// The meaning of the response code.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::ResetPinResponse;
    ///
    /// let response = ResetPinResponse {
    ///     response_code: "1311".into(),
    ///     ..Default::default()
    /// };
    /// assert_eq!(response.meaning(), "SECURE CODE NOT PRESENT IN REQUEST");
    /// ```
    pub fn meaning(&self) -> &'static str {
        meaning(&self.response_code)
    }

    /// The members present, in wire order.
    fn members(&self) -> [(&'static str, Option<Member<'_>>); 13] {
        fn text(v: &Option<String>) -> Option<Member<'_>> {
            v.as_deref().map(Member::Text)
        }
        let number = |v: Option<u64>| v.map(Member::Number);
        [
            ("messageCode", text(&self.message_code)),
            ("clientId", text(&self.client_id)),
            ("clientTxnId", text(&self.client_txn_id)),
            ("responseDateTime", text(&self.response_date_time)),
            ("urn", number(self.urn)),
            ("customerId", text(&self.customer_id)),
            ("accosaTransactionId", number(self.accosa_transaction_id)),
            ("responseCode", Some(Member::Text(&self.response_code))),
            ("responseMessage", text(&self.response_message)),
            ("description", text(&self.description)),
            ("accosaRefNo", text(&self.accosa_ref_no)),
            ("bankId", number(self.bank_id)),
            ("entityId", number(self.entity_id)),
        ]
    }

    /// Appends the members present as `"name":value` pairs, comma-separated, in wire order.
    pub(crate) fn write_members(&self, out: &mut String) {
        let mut first = true;
        for (name, value) in self.members() {
            let Some(value) = value else { continue };
            if !first {
                out.push(',');
            }
            first = false;
            write_json_string(name, out);
            out.push(':');
            match value {
                Member::Text(t) => write_json_string(t, out),
                Member::Number(n) => crate::text::push_num(out, n),
            }
        }
    }

    /// The response as the partner sends it (what a sandbox encrypts): compact JSON, numbers
    /// for `urn`, `accosaTransactionId`, `bankId` and `entityId`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::ResetPinResponse;
    ///
    /// let response = ResetPinResponse {
    ///     client_txn_id: Some("txn-1".into()),
    ///     urn: Some(402),
    ///     response_code: "00".into(),
    ///     ..Default::default()
    /// };
    /// // Only the members present, in wire order; `urn` a number.
    /// assert_eq!(response.to_json(), r#"{"clientTxnId":"txn-1","urn":402,"responseCode":"00"}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        self.write_members(&mut out);
        out.push('}');
        out
    }

    /// Reads a decrypted response object from its JSON text.
    ///
    /// # Errors
    /// [`Error::InvalidResponse`] when it is not an object, lacks `responseCode`, or a field
    /// has the wrong JSON type (numeric fields take an integer or a digit string).
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::reset_pin::ResetPinResponse;
    ///
    /// let text = r#"{"responseCode":"1099","clientTxnId":"txn-1","urn":"402"}"#;
    /// let response = ResetPinResponse::from_json_text(text, text)?;
    /// assert_eq!(response.response_code, "1099");
    /// assert_eq!(response.urn, Some(402)); // a digit string is read as the number
    /// assert_eq!(response.meaning(), "INVALID PIN");
    ///
    /// let text = r#"{"clientTxnId":"txn-1"}"#;
    /// let err = ResetPinResponse::from_json_text(text, text).unwrap_err();
    /// assert_eq!(err.code(), "INVALID_RESPONSE");
    /// assert_eq!(err.message(), r#"invalid response: "responseCode" is missing"#);
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn from_json_text(text: &str, raw: &str) -> Result<Self> {
        let value = Json::parse(text).map_err(|_| Error::DecryptFailed)?;
        Self::read(&value, raw)
    }

    fn read(value: &Json, raw: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidResponse {
            reason,
            raw: raw.to_owned(),
        };
        let Some(members) = value.as_object() else {
            return Err(invalid(join(&["expected an object, got ", value.kind()])));
        };
        // A text field: a string, or an integer written as its exact digits.
        let text = |name: &str| -> Result<Option<String>> {
            match members
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)
            {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.clone())),
                Some(Json::Number(n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(n.clone()))
                }
                Some(other) => Err(invalid(join(&[
                    "\"",
                    name,
                    "\" expected a string or an integer, got ",
                    other.kind(),
                ]))),
            }
        };
        let number = |name: &str| -> Result<Option<u64>> {
            match text(name)? {
                None => Ok(None),
                Some(d) => d.parse::<u64>().map(Some).map_err(|_| {
                    invalid(join(&[
                        "\"",
                        name,
                        "\" expected an integer of at most 20 digits",
                    ]))
                }),
            }
        };
        Ok(ResetPinResponse {
            response_code: text("responseCode")?
                .ok_or_else(|| invalid("\"responseCode\" is missing".into()))?,
            message_code: text("messageCode")?,
            client_id: text("clientId")?,
            client_txn_id: text("clientTxnId")?,
            response_date_time: text("responseDateTime")?,
            urn: number("urn")?,
            customer_id: text("customerId")?,
            accosa_transaction_id: number("accosaTransactionId")?,
            response_message: text("responseMessage")?,
            description: text("description")?,
            accosa_ref_no: text("accosaRefNo")?,
            bank_id: number("bankId")?,
            entity_id: number("entityId")?,
        })
    }
}

/// Opens a response. `body` is the HTTP body text `{"token":"..."}` or the token itself;
/// `expect_txn` is the request's `clientTxnId`, checked against the echo when given.
///
/// # Errors
/// [`Error::InvalidResponse`] for a body without a token or a response of the wrong shape,
/// the token errors of [`TokenCipher::decrypt`], and [`Error::TxnMismatch`].
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinResponse};
/// use pinseal::{CipherOptions, TokenCipher};
///
/// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
/// // What the partner answers: {"token": <the encrypted response>}.
/// let response = ResetPinResponse {
///     client_txn_id: Some("txn-1".into()),
///     response_code: "00".into(),
///     ..Default::default()
/// };
/// let body = format!(r#"{{"token":"{}"}}"#, cipher.encrypt(&response.to_json())?);
///
/// let opened = reset_pin::open_response(&body, &cipher, Some("txn-1"))?;
/// assert!(opened.ok());
/// assert_eq!(opened, response);
///
/// // The echo must match the request's clientTxnId.
/// let err = reset_pin::open_response(&body, &cipher, Some("txn-2")).unwrap_err();
/// assert_eq!(err.code(), "TXN_MISMATCH");
/// let err = reset_pin::open_response(r#"{"error":"Unauthorized"}"#, &cipher, None).unwrap_err();
/// assert_eq!(err.message(), r#"invalid response: body has no "token" string"#);
/// # Ok::<(), pinseal::Error>(())
/// ```
pub fn open_response(
    body: &str,
    cipher: &TokenCipher,
    expect_txn: Option<&str>,
) -> Result<ResetPinResponse> {
    let trimmed = body.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    if trimmed.starts_with('{') {
        let invalid = |reason: &str| Error::InvalidResponse {
            reason: reason.to_owned(),
            raw: body.to_owned(),
        };
        let parsed = Json::parse(trimmed).map_err(|_| invalid("body is not JSON"))?;
        let token = parsed
            .get("token")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid("body has no \"token\" string"))?;
        open_token(token, cipher, expect_txn)
    } else {
        open_token(trimmed, cipher, expect_txn)
    }
}

/// Opens a response token (the value of the body's `token`).
///
/// # Errors
/// As [`open_response`].
///
/// # Examples
///
/// ```
/// use pinseal::reset_pin::{self, ResetPinResponse};
/// use pinseal::{CipherOptions, TokenCipher};
///
/// let cipher = TokenCipher::from_text("0123456789abcdefghijklmn", CipherOptions::default())?;
/// let token = cipher.encrypt(r#"{"responseCode":"1099","clientTxnId":"txn-1"}"#)?;
/// let opened: ResetPinResponse = reset_pin::open_token(&token, &cipher, None)?;
/// assert_eq!(opened.meaning(), "INVALID PIN");
/// assert_eq!(opened.client_txn_id.as_deref(), Some("txn-1"));
///
/// let err = reset_pin::open_token("Unauthorized", &cipher, None).unwrap_err();
/// assert_eq!(err.code(), "MALFORMED_TOKEN");
/// # Ok::<(), pinseal::Error>(())
/// ```
pub fn open_token(
    token: &str,
    cipher: &TokenCipher,
    expect_txn: Option<&str>,
) -> Result<ResetPinResponse> {
    // The JSON is parsed whatever the padding said (TokenCipher::decrypt_with): a bad padding
    // takes as long as a good one whose plaintext is not JSON.
    let value = cipher.decrypt_with(token, |text| {
        Json::parse(text).ok().map(zeroize::Zeroizing::new)
    })?;
    let response = ResetPinResponse::read(&value, token)?;
    if let Some(expected) = expect_txn {
        if response.client_txn_id.as_deref() != Some(expected) {
            return Err(Error::TxnMismatch);
        }
    }
    Ok(response)
}

/// The wire form of the request, the same bytes as [`ResetPinRequest::to_json`] (keys in the
/// order of the SPEC §1.1 sample), from the same table.
#[cfg(feature = "serde")]
impl serde::Serialize for ResetPinRequest {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut r = serializer.serialize_struct("ResetPinRequest", FIELDS.len() + 1)?;
        r.serialize_field("messageCode", REQUEST_MESSAGE_CODE)?;
        let (new_pin, secure_code) = (self.new_pin.expose(), self.secure_code.expose());
        for spec in fields::in_wire_order(&FIELDS) {
            match self.member(spec.name, new_pin, secure_code) {
                Member::Text(text) => r.serialize_field(spec.wire.name, text)?,
                Member::Number(n) => r.serialize_field(spec.wire.name, &n)?,
            }
        }
        r.end()
    }
}
