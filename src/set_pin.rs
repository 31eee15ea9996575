//! Mobile banking "SET_PIN" (SPEC §1.2): plain JSON `{"action":"SET_PIN","payload":{...}}`.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::error::{Error, Report, Result};
use crate::fields::{self, Charset, Edges, Kind, Member, Rule, Spec, Wire};
use crate::json::{write_json_string, Json};
use crate::pin::{self, PinContext, PinPolicy};
use crate::secret::{Pin, SecretString};
use crate::text::{join, num};

/// The envelope's `action`.
pub const ACTION: &str = "SET_PIN";
/// `identifier_type` values.
pub const IDENTIFIER_TYPES: [&str; 1] = ["MSISDN"];
/// `device_identifier_type` values.
pub const DEVICE_IDENTIFIER_TYPES: [&str; 2] = ["IMSI", "APP_ID"];
/// `identity_type` values.
pub const IDENTITY_TYPES: [&str; 3] = ["NATIONAL_ID", "PASSPORT_NO", "DRIVING_LICENSE"];

/// The input fields in SPEC §1.2 table order (also the order of reported errors): how a loosely
/// typed reader takes each (by its camelCase input name), its rule, and its snake_case key and
/// place in the request's `payload`.
pub const FIELDS: [Spec; 9] = [
    Spec {
        name: "apiRequestId",
        kind: Kind::Text,
        required: false,
        rule: Rule::Text {
            max: 150,
            charset: Charset::Printable,
            edges: Edges::Kept,
        },
        wire: Wire {
            name: "api_request_id",
            at: 0,
            number: false,
        },
    },
    Spec {
        name: "identifierType",
        kind: Kind::Text,
        required: false,
        rule: Rule::OneOf(&IDENTIFIER_TYPES),
        wire: Wire {
            name: "identifier_type",
            at: 1,
            number: false,
        },
    },
    Spec {
        name: "identifier",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Msisdn { min: 8, max: 15 },
        wire: Wire {
            name: "identifier",
            at: 2,
            number: false,
        },
    },
    Spec {
        name: "pin",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Pin {
            len: None,
            strength: false,
        },
        wire: Wire {
            name: "pin",
            at: 3,
            number: false,
        },
    },
    Spec {
        name: "deviceIdentifierType",
        kind: Kind::Text,
        required: true,
        rule: Rule::OneOf(&DEVICE_IDENTIFIER_TYPES),
        wire: Wire {
            name: "device_identifier_type",
            at: 4,
            number: false,
        },
    },
    Spec {
        name: "deviceIdentifier",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Depends {
            on: "deviceIdentifierType",
            cases: &[
                ("IMSI", Rule::Digits { min: 5, max: 16 }),
                (
                    "APP_ID",
                    Rule::Text {
                        max: 100,
                        charset: Charset::PrintableAscii,
                        edges: Edges::Kept,
                    },
                ),
            ],
            other: &Rule::Text {
                max: 100,
                charset: Charset::Printable,
                edges: Edges::Kept,
            },
        },
        wire: Wire {
            name: "device_identifier",
            at: 5,
            number: false,
        },
    },
    Spec {
        name: "newPin",
        kind: Kind::Digits,
        required: true,
        rule: Rule::Pin {
            len: None,
            strength: true,
        },
        wire: Wire {
            name: "new_pin",
            at: 6,
            number: false,
        },
    },
    Spec {
        name: "identityType",
        kind: Kind::Text,
        required: true,
        rule: Rule::OneOf(&IDENTITY_TYPES),
        wire: Wire {
            name: "identity_type",
            at: 7,
            number: false,
        },
    },
    Spec {
        name: "identity",
        kind: Kind::Text,
        required: true,
        rule: Rule::Text {
            max: 50,
            charset: Charset::Printable,
            edges: Edges::Trimmed,
        },
        wire: Wire {
            name: "identity",
            at: 8,
            number: false,
        },
    },
];

/// What a caller types for a SET_PIN request. Empty strings count as absent.
///
/// With the `serde` feature it deserializes from the object the JavaScript API takes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SetPinInput {
    /// `identifier`: the MSISDN, 8–15 digits, a leading `+` is removed.
    pub identifier: String,
    /// `pin`: the current PIN.
    pub pin: Pin,
    /// `newPin`: the new PIN, passing the policy with the MSISDN and current PIN as context.
    pub new_pin: Pin,
    /// `deviceIdentifierType`: `IMSI` or `APP_ID`.
    pub device_identifier_type: String,
    /// `deviceIdentifier`: IMSI 5–16 digits, APP_ID 1–100 printable ASCII.
    pub device_identifier: String,
    /// `identityType`: `NATIONAL_ID`, `PASSPORT_NO` or `DRIVING_LICENSE`.
    pub identity_type: String,
    /// `identity`: 1–50 printable characters, trimmed.
    pub identity: String,
    /// `identifierType`: `MSISDN` (the default).
    pub identifier_type: Option<String>,
    /// `apiRequestId`: 1–150 characters; a random UUID v4 when absent.
    pub api_request_id: Option<String>,
}

impl fmt::Debug for SetPinInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetPinInput")
            .field("identifier", &self.identifier)
            .field("pin", &self.pin)
            .field("new_pin", &self.new_pin)
            .field("device_identifier_type", &self.device_identifier_type)
            .field("device_identifier", &self.device_identifier)
            .field("identity_type", &self.identity_type)
            .field("identity", &self.identity)
            .field("identifier_type", &self.identifier_type)
            .field("api_request_id", &self.api_request_id)
            .finish()
    }
}

/// The object the JavaScript API takes (`validateSetPin`, `buildSetPinRequest`), e.g. a JSON
/// request body: the camelCase keys of SPEC §1.2, no other key; `identifier`, `pin`,
/// `deviceIdentifier` and `newPin` take a string or a number, the other fields a string; a
/// missing or `null` field is left empty. No value is checked here: [`validate`] (or
/// [`build`]) reports them.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for SetPinInput {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> core::result::Result<Self, D::Error> {
        let mut f = fields::de::object(deserializer, &FIELDS, "SetPinInput")?;
        Ok(SetPinInput::from_fields(|name| f.text(name)))
    }
}

impl SetPinInput {
    /// The input of the fields a reader of its own took (a form, a JSON body, a query string):
    /// `take` gives the text of each field of [`FIELDS`] by its input name, empty when absent. The
    /// library's own readers (serde's, the WebAssembly boundary's) build every input this way,
    /// each field by name, so a new field is one line here, in any position.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::{self, SetPinInput};
    /// use pinseal::PinPolicy;
    ///
    /// let input = SetPinInput::from_fields(|name| match name {
    ///     "identifier" => "+4915112345678",
    ///     "pin" => "5829",
    ///     "newPin" => "4826",
    ///     "deviceIdentifierType" => "IMSI",
    ///     "deviceIdentifier" => "2620112345678901",
    ///     "identityType" => "NATIONAL_ID",
    ///     "identity" => "L01X00T47",
    ///     _ => "",
    /// }
    /// .to_owned());
    /// assert!(set_pin::validate(&input, &PinPolicy::strict()).is_valid());
    /// ```
    pub fn from_fields(mut take: impl FnMut(&'static str) -> String) -> Self {
        SetPinInput {
            identifier: take("identifier"),
            pin: Pin::from(take("pin")),
            new_pin: Pin::from(take("newPin")),
            device_identifier_type: take("deviceIdentifierType"),
            device_identifier: take("deviceIdentifier"),
            identity_type: take("identityType"),
            identity: take("identity"),
            identifier_type: fields::non_empty(take("identifierType")),
            api_request_id: fields::non_empty(take("apiRequestId")),
        }
    }
}

impl SetPinInput {
    /// The value of the field `name` (an input name of [`FIELDS`]); empty when absent.
    fn value(&self, name: &str) -> &str {
        let optional = fields::or_empty;
        match name {
            "apiRequestId" => optional(&self.api_request_id),
            "identifierType" => optional(&self.identifier_type),
            "identifier" => &self.identifier,
            "pin" => self.pin.expose(),
            "deviceIdentifierType" => &self.device_identifier_type,
            "deviceIdentifier" => &self.device_identifier,
            "newPin" => self.new_pin.expose(),
            "identityType" => &self.identity_type,
            "identity" => &self.identity,
            _ => "",
        }
    }
}

/// Adds every broken rule of `input` to `report`: each field's rule from [`FIELDS`], then the
/// PINs: the current one only digits of the policy's length, the new one the whole policy with
/// the phone and the current PIN as context.
fn check(input: &SetPinInput, policy: &PinPolicy, report: &mut Report) {
    let value_of = |name: &str| input.value(name);
    for spec in &FIELDS {
        fields::check(report, spec, input.value(spec.name), &value_of);
    }
    if !report.has("pin") {
        let current_rules = PinPolicy {
            min_len: policy.min_len,
            max_len: policy.max_len,
            ..PinPolicy::basic()
        };
        let ctx = PinContext::default();
        pin::check("pin", input.pin.expose(), &current_rules, &ctx, report);
    }
    if !report.has("newPin") {
        let phone = fields::msisdn(&input.identifier);
        let ctx = PinContext {
            current_pin: Some(input.pin.expose()),
            msisdn: (!report.has("identifier")).then_some(phone),
            ..PinContext::default()
        };
        pin::check("newPin", input.new_pin.expose(), policy, &ctx, report);
    }
}

/// Checks every rule of SPEC §1.2 and the PIN policy (the PIN length comes from `policy`).
///
/// # Examples
///
/// ```
/// use pinseal::set_pin::{self, SetPinInput};
/// use pinseal::{FieldCode, PinPolicy};
///
/// let mut input = SetPinInput {
///     identifier: "+4915112345678".into(),
///     pin: "5829".into(),
///     new_pin: "4826".into(),
///     device_identifier_type: "IMSI".into(),
///     device_identifier: "2620112345678901".into(),
///     identity_type: "NATIONAL_ID".into(),
///     identity: "L01X00T47".into(),
///     ..Default::default()
/// };
/// assert!(set_pin::validate(&input, &PinPolicy::strict()).is_valid());
///
/// input.new_pin = "5678".into(); // a run, and the end of the phone number
/// input.identity_type = "PASSPORT".into();
/// let report = set_pin::validate(&input, &PinPolicy::strict());
/// let found: Vec<_> = report.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
/// assert_eq!(
///     found,
///     [
///         ("newPin", FieldCode::PinSequential),
///         ("newPin", FieldCode::PinMatchesPhone),
///         ("identityType", FieldCode::InvalidValue),
///     ]
/// );
/// ```
pub fn validate(input: &SetPinInput, policy: &PinPolicy) -> Report {
    validate_onto(input, policy, Report::default())
}

/// [`validate`] after a reader's own findings (unknown fields, wrong types): fields already in
/// `report` are not checked again.
pub(crate) fn validate_onto(input: &SetPinInput, policy: &PinPolicy, mut report: Report) -> Report {
    check(input, policy, &mut report);
    fields::sort_report(&mut report, &FIELDS);
    report
}

/// The SET_PIN payload, field for field as the partner expects it.
#[derive(Clone, PartialEq, Eq)]
pub struct SetPinRequest {
    /// `api_request_id`.
    pub api_request_id: String,
    /// `identifier_type`.
    pub identifier_type: String,
    /// `identifier`: the MSISDN without `+`.
    pub identifier: String,
    /// `pin`: the current PIN.
    pub pin: Pin,
    /// `device_identifier_type`.
    pub device_identifier_type: String,
    /// `device_identifier`.
    pub device_identifier: String,
    /// `new_pin`.
    pub new_pin: Pin,
    /// `identity_type`.
    pub identity_type: String,
    /// `identity`, trimmed.
    pub identity: String,
}

impl fmt::Debug for SetPinRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.write("****"))
    }
}

impl SetPinRequest {
    /// The value of the payload's field `name` (an input name of [`FIELDS`]), with the PINs as
    /// given (masked or not).
    fn member<'a>(&'a self, name: &str, pin: &'a str, new_pin: &'a str) -> &'a str {
        match name {
            "apiRequestId" => &self.api_request_id,
            "identifierType" => &self.identifier_type,
            "identifier" => &self.identifier,
            "pin" => pin,
            "deviceIdentifierType" => &self.device_identifier_type,
            "deviceIdentifier" => &self.device_identifier,
            "newPin" => new_pin,
            "identityType" => &self.identity_type,
            "identity" => &self.identity,
            _ => "",
        }
    }

    fn write(&self, pin_mask: &str) -> String {
        let mut out = String::with_capacity(
            512 + 6
                * (self.identity.len() + self.device_identifier.len() + self.api_request_id.len()),
        );
        let (pin, new_pin) = if pin_mask.is_empty() {
            (self.pin.expose(), self.new_pin.expose())
        } else {
            (pin_mask, pin_mask)
        };
        out.push_str("{\"action\":\"SET_PIN\",\"payload\":{");
        fields::write_members(&mut out, &FIELDS, |name| {
            Member::Text(self.member(name, pin, new_pin))
        });
        out.push_str("}}");
        out
    }

    /// The request body: compact JSON envelope, payload keys in SPEC §1.2 order.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::{self, SetPinInput};
    /// use pinseal::PinPolicy;
    ///
    /// let input = SetPinInput {
    ///     identifier: "+4915112345678".into(),
    ///     pin: "5829".into(),
    ///     new_pin: "4826".into(),
    ///     device_identifier_type: "IMSI".into(),
    ///     device_identifier: "2620112345678901".into(),
    ///     identity_type: "NATIONAL_ID".into(),
    ///     identity: " L01X00T47 ".into(),
    ///     api_request_id: Some("req-1".into()),
    ///     ..Default::default()
    /// };
    /// let request = set_pin::build(&input, &PinPolicy::strict())?;
    /// assert_eq!(
    ///     request.to_json().expose(),
    ///     concat!(
    ///         r#"{"action":"SET_PIN","payload":{"api_request_id":"req-1","#,
    ///         r#""identifier_type":"MSISDN","identifier":"4915112345678","pin":"5829","#,
    ///         r#""device_identifier_type":"IMSI","device_identifier":"2620112345678901","#,
    ///         r#""new_pin":"4826","identity_type":"NATIONAL_ID","identity":"L01X00T47"}}"#,
    ///     )
    /// );
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn to_json(&self) -> SecretString {
        SecretString::from(self.write(""))
    }

    /// The same body with both PINs as `"****"`, for display and logs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::{self, SetPinInput};
    /// use pinseal::PinPolicy;
    ///
    /// let input = SetPinInput {
    ///     identifier: "+4915112345678".into(),
    ///     pin: "5829".into(),
    ///     new_pin: "4826".into(),
    ///     device_identifier_type: "IMSI".into(),
    ///     device_identifier: "2620112345678901".into(),
    ///     identity_type: "NATIONAL_ID".into(),
    ///     identity: "L01X00T47".into(),
    ///     ..Default::default()
    /// };
    /// let request = set_pin::build(&input, &PinPolicy::strict())?;
    /// let shown = request.to_json_redacted();
    /// assert!(shown.contains(r#""pin":"****","#));
    /// assert!(shown.contains(r#""new_pin":"****","#));
    /// assert!(!shown.contains("5829") && !shown.contains("4826"));
    /// assert_eq!(format!("{request:?}"), shown); // Debug is the redacted body
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn to_json_redacted(&self) -> String {
        self.write("****")
    }
}

/// Builds the request: validates, then fills the defaults of SPEC §1.2 (a random
/// `api_request_id`, `identifier_type` `MSISDN`).
///
/// # Errors
/// [`Error::Validation`] with every broken rule; [`Error::RandomUnavailable`] if no
/// `apiRequestId` was given and the CSPRNG fails.
///
/// # Examples
///
/// ```
/// use pinseal::set_pin::{self, SetPinInput};
/// use pinseal::PinPolicy;
///
/// let mut input = SetPinInput {
///     identifier: "+4915112345678".into(),
///     pin: "5829".into(),
///     new_pin: "4826".into(),
///     device_identifier_type: "IMSI".into(),
///     device_identifier: "2620112345678901".into(),
///     identity_type: "NATIONAL_ID".into(),
///     identity: " L01X00T47 ".into(),
///     ..Default::default()
/// };
/// let request = set_pin::build(&input, &PinPolicy::strict())?;
/// assert_eq!(request.identifier, "4915112345678"); // without the `+`
/// assert_eq!(request.identifier_type, "MSISDN");
/// assert_eq!(request.identity, "L01X00T47"); // trimmed
/// // A random UUID v4 when no apiRequestId is given.
/// assert_eq!(request.api_request_id.len(), 36);
/// assert_eq!(request.api_request_id.chars().nth(14), Some('4'));
///
/// input.new_pin = input.pin.clone();
/// let err = set_pin::build(&input, &PinPolicy::strict()).unwrap_err();
/// assert_eq!(err.message(), r#"invalid input: "newPin" must differ from the current PIN"#);
/// # Ok::<(), pinseal::Error>(())
/// ```
pub fn build(input: &SetPinInput, policy: &PinPolicy) -> Result<SetPinRequest> {
    build_onto(input, policy, Report::default())
}

/// [`build`] after a reader's own findings (see [`validate_onto`]).
pub(crate) fn build_onto(
    input: &SetPinInput,
    policy: &PinPolicy,
    prior: Report,
) -> Result<SetPinRequest> {
    validate_onto(input, policy, prior).into_result()?;
    assemble(input)
}

fn assemble(input: &SetPinInput) -> Result<SetPinRequest> {
    let api_request_id = match fields::given(&input.api_request_id) {
        Some(id) => id.to_owned(),
        None => crate::random::uuid_v4()?,
    };
    Ok(SetPinRequest {
        api_request_id,
        identifier_type: fields::given(&input.identifier_type)
            .unwrap_or("MSISDN")
            .to_owned(),
        identifier: fields::msisdn(&input.identifier).to_owned(),
        pin: input.pin.clone(),
        device_identifier_type: input.device_identifier_type.clone(),
        device_identifier: input.device_identifier.clone(),
        new_pin: input.new_pin.clone(),
        identity_type: input.identity_type.clone(),
        identity: input.identity.trim().to_owned(),
    })
}

/// `set_pin_status` of a SET_PIN response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum SetPinStatus {
    /// The PIN was set.
    Success,
    /// No such account.
    InvalidAccount,
    /// The current PIN is wrong.
    IncorrectPin,
    /// The new PIN breaks the policy.
    InvalidNewPin,
    /// Anything else; see the description.
    Error,
}

impl SetPinStatus {
    /// Every status, in SPEC order.
    pub const ALL: [SetPinStatus; 5] = [
        SetPinStatus::Success,
        SetPinStatus::InvalidAccount,
        SetPinStatus::IncorrectPin,
        SetPinStatus::InvalidNewPin,
        SetPinStatus::Error,
    ];

    /// The wire string, e.g. `"INCORRECT_PIN"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::SetPinStatus;
    ///
    /// assert_eq!(SetPinStatus::IncorrectPin.as_str(), "INCORRECT_PIN");
    /// let all: Vec<&str> = SetPinStatus::ALL.iter().map(|s| s.as_str()).collect();
    /// assert_eq!(
    ///     all,
    ///     ["SUCCESS", "INVALID_ACCOUNT", "INCORRECT_PIN", "INVALID_NEW_PIN", "ERROR"]
    /// );
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SetPinStatus::Success => "SUCCESS",
            SetPinStatus::InvalidAccount => "INVALID_ACCOUNT",
            SetPinStatus::IncorrectPin => "INCORRECT_PIN",
            SetPinStatus::InvalidNewPin => "INVALID_NEW_PIN",
            SetPinStatus::Error => "ERROR",
        }
    }

    /// The status of a wire string, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::SetPinStatus;
    ///
    /// assert_eq!(SetPinStatus::parse("INVALID_NEW_PIN"), Some(SetPinStatus::InvalidNewPin));
    /// assert_eq!(SetPinStatus::parse("success"), None); // the wire strings are upper case
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Longest `set_pin_status_description` accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 200;

/// A SET_PIN response (SPEC §1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SetPinResponse {
    /// `set_pin_status`.
    #[cfg_attr(feature = "serde", serde(rename = "set_pin_status"))]
    pub status: SetPinStatus,
    /// `set_pin_status_description` (empty when absent).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "set_pin_status_description", default)
    )]
    pub description: String,
}

impl SetPinResponse {
    /// `true` for `SUCCESS`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::{SetPinResponse, SetPinStatus};
    ///
    /// let done = SetPinResponse {
    ///     status: SetPinStatus::Success,
    ///     description: String::new(),
    /// };
    /// assert!(done.ok());
    /// let refused = SetPinResponse {
    ///     status: SetPinStatus::IncorrectPin,
    ///     description: "wrong PIN".into(),
    /// };
    /// assert!(!refused.ok());
    /// ```
    pub fn ok(&self) -> bool {
        self.status == SetPinStatus::Success
    }

    /// The wire form `{"set_pin_status":..,"set_pin_status_description":..}`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::set_pin::{SetPinResponse, SetPinStatus};
    ///
    /// let response = SetPinResponse {
    ///     status: SetPinStatus::InvalidAccount,
    ///     description: "no such account".into(),
    /// };
    /// assert_eq!(
    ///     response.to_json(),
    ///     r#"{"set_pin_status":"INVALID_ACCOUNT","set_pin_status_description":"no such account"}"#
    /// );
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"set_pin_status\":\"");
        out.push_str(self.status.as_str());
        out.push_str("\",\"set_pin_status_description\":");
        write_json_string(&self.description, &mut out);
        out.push('}');
        out
    }

    /// Reads a response object; `raw` is the body as given, kept in the error.
    fn read(value: &Json, raw: &str) -> Result<Self> {
        let invalid = |reason: String| Error::InvalidResponse {
            reason,
            raw: raw.to_owned(),
        };
        if value.as_object().is_none() {
            return Err(invalid(join(&["expected an object, got ", value.kind()])));
        }
        let status = match value.get("set_pin_status") {
            Some(Json::String(s)) => SetPinStatus::parse(s).ok_or_else(|| {
                invalid("\"set_pin_status\" expected one of SUCCESS, INVALID_ACCOUNT, INCORRECT_PIN, INVALID_NEW_PIN, ERROR".into())
            })?,
            Some(other) => {
                return Err(invalid(join(&[
                    "\"set_pin_status\" expected a string, got ",
                    other.kind(),
                ])))
            }
            None => return Err(invalid("\"set_pin_status\" is missing".into())),
        };
        let description = match value.get("set_pin_status_description") {
            None | Some(Json::Null) => String::new(),
            Some(Json::String(s)) => s.clone(),
            Some(other) => {
                return Err(invalid(join(&[
                    "\"set_pin_status_description\" expected a string, got ",
                    other.kind(),
                ])))
            }
        };
        let len = description.chars().count();
        if len > MAX_DESCRIPTION_CHARS {
            return Err(invalid(join(&[
                "\"set_pin_status_description\" expected at most ",
                &num(MAX_DESCRIPTION_CHARS),
                " characters, got ",
                &num(len),
            ])));
        }
        Ok(SetPinResponse {
            status,
            description,
        })
    }
}

/// Parses a response body text.
///
/// # Errors
/// [`Error::InvalidResponse`] (with `raw` = `body`) when it is not JSON or not a response.
///
/// # Examples
///
/// ```
/// use pinseal::set_pin::{self, SetPinStatus};
///
/// let body = r#"{"set_pin_status":"INCORRECT_PIN","set_pin_status_description":"wrong PIN"}"#;
/// let response = set_pin::parse_response(body)?;
/// assert_eq!(response.status, SetPinStatus::IncorrectPin);
/// assert_eq!(response.description, "wrong PIN");
/// assert!(!response.ok());
///
/// let err = set_pin::parse_response(r#"{"set_pin_status":"DONE"}"#).unwrap_err();
/// assert_eq!(err.code(), "INVALID_RESPONSE");
/// let err = set_pin::parse_response("<html>502</html>").unwrap_err();
/// assert_eq!(err.message(), "invalid response: body is not JSON");
/// # Ok::<(), pinseal::Error>(())
/// ```
pub fn parse_response(body: &str) -> Result<SetPinResponse> {
    let value = Json::parse(body).map_err(|_| Error::InvalidResponse {
        reason: "body is not JSON".into(),
        raw: body.to_owned(),
    })?;
    SetPinResponse::read(&value, body)
}

/// The wire form of the request, the same bytes as [`SetPinRequest::to_json`].
#[cfg(feature = "serde")]
impl serde::Serialize for SetPinRequest {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Payload<'a>(&'a SetPinRequest);
        impl serde::Serialize for Payload<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> core::result::Result<S::Ok, S::Error> {
                let r = self.0;
                let mut p = serializer.serialize_struct("payload", FIELDS.len())?;
                let (pin, new_pin) = (r.pin.expose(), r.new_pin.expose());
                for spec in fields::in_wire_order(&FIELDS) {
                    p.serialize_field(spec.wire.name, r.member(spec.name, pin, new_pin))?;
                }
                p.end()
            }
        }
        let mut envelope = serializer.serialize_struct("SetPinRequest", 2)?;
        envelope.serialize_field("action", ACTION)?;
        envelope.serialize_field("payload", &Payload(self))?;
        envelope.end()
    }
}
