//! The PIN policy of SPEC §3: which PINs are too weak to set.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{Error, FieldCode, Report, Result};
use crate::text::{join, num};

/// The 20 most common 4-digit PINs (~27% of all PINs in a 3.4M-PIN study), plus the keypad
/// column `2580` and its reverse.
const COMMON: [&str; 22] = [
    "1234", "1111", "0000", "1212", "7777", "1004", "2000", "4444", "2222", "6969", "9999", "3333",
    "5555", "6666", "1122", "1313", "8888", "4321", "2001", "1010", "2580", "0852",
];

/// Shortest and longest PIN any policy may ask for.
pub const PIN_LENGTH_LIMITS: (usize, usize) = (4, 12);

/// Which rules a PIN must pass. [`PinPolicy::strict`] (the default) is SPEC §3 exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinPolicy {
    /// Shortest PIN accepted (4–12).
    pub min_len: usize,
    /// Longest PIN accepted (4–12, ≥ `min_len`).
    pub max_len: usize,
    /// Refuse one digit repeated (`1111`).
    pub repeated: bool,
    /// Refuse ascending/descending runs of step 1, wrap-around included (`7890`, `0987`).
    pub sequential: bool,
    /// Refuse the most common PINs.
    pub common: bool,
    /// Refuse the card's last four digits.
    pub matches_card: bool,
    /// Refuse the end of the phone number.
    pub matches_phone: bool,
    /// Refuse a new PIN equal to the current one.
    pub same_as_current: bool,
    /// The caller's own list of refused PINs (reported as `PIN_COMMON`).
    pub deny: Vec<String>,
}

impl Default for PinPolicy {
    fn default() -> Self {
        Self::strict()
    }
}

impl PinPolicy {
    /// Every rule of SPEC §3, 4-digit PINs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{pin_strength, FieldCode, PinPolicy};
    ///
    /// let strict = PinPolicy::strict();
    /// assert_eq!((strict.min_len, strict.max_len), (4, 4));
    /// assert_eq!(strict, PinPolicy::default());
    /// assert!(!pin_strength("5829", &strict).weak);
    /// // A keypad column: on the list of the most common PINs.
    /// assert_eq!(pin_strength("2580", &strict).reasons, [FieldCode::PinCommon]);
    /// ```
    pub fn strict() -> Self {
        PinPolicy {
            min_len: 4,
            max_len: 4,
            repeated: true,
            sequential: true,
            common: true,
            matches_card: true,
            matches_phone: true,
            same_as_current: true,
            deny: Vec::new(),
        }
    }

    /// Digits, length and same-as-current only.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{pin_strength, FieldCode, PinPolicy};
    ///
    /// let basic = PinPolicy::basic();
    /// assert!(!pin_strength("1111", &basic).weak); // no pattern rules
    /// assert_eq!(pin_strength("12345", &basic).reasons, [FieldCode::PinLength]);
    /// assert_eq!(pin_strength("12a4", &basic).reasons, [FieldCode::PinNotDigits]);
    /// ```
    pub fn basic() -> Self {
        PinPolicy {
            repeated: false,
            sequential: false,
            common: false,
            matches_card: false,
            matches_phone: false,
            ..Self::strict()
        }
    }

    /// The same policy with another length range.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless `4 <= min <= max <= 12`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pinseal::{pin_strength, PinPolicy};
    ///
    /// let six = PinPolicy::strict().with_length(4, 6)?;
    /// assert!(!pin_strength("582913", &six).weak);
    /// assert!(pin_strength("5829137", &six).weak);
    ///
    /// let err = PinPolicy::strict().with_length(3, 6).unwrap_err();
    /// assert_eq!(err.code(), "INVALID_INPUT");
    /// assert_eq!(
    ///     err.message(),
    ///     r#""pinPolicy.length" expected 4 to 12 with min <= max, got 3 to 6"#
    /// );
    /// # Ok::<(), pinseal::Error>(())
    /// ```
    pub fn with_length(mut self, min: usize, max: usize) -> Result<Self> {
        let (lo, hi) = PIN_LENGTH_LIMITS;
        if min < lo || max > hi || min > max {
            return Err(Error::InvalidInput(join(&[
                "\"pinPolicy.length\" expected ",
                &num(lo),
                " to ",
                &num(hi),
                " with min <= max, got ",
                &num(min),
                " to ",
                &num(max),
            ])));
        }
        self.min_len = min;
        self.max_len = max;
        Ok(self)
    }
}

/// What a PIN is checked against, besides itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct PinContext<'a> {
    /// The current PIN, for `PIN_SAME_AS_CURRENT`.
    pub current_pin: Option<&'a str>,
    /// The card's last four digits, for `PIN_MATCHES_CARD`.
    pub last4_digits: Option<&'a str>,
    /// The phone number (a leading `+` is ignored), for `PIN_MATCHES_PHONE`.
    pub msisdn: Option<&'a str>,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_sequential(pin: &[u8]) -> bool {
    let step = |d: u8| -> bool {
        pin.windows(2).all(|w| match w {
            [a, b] => (a - b'0' + d) % 10 == b - b'0',
            _ => false,
        })
    };
    step(1) || step(9)
}

/// Every rule of `policy` that `pin` breaks, in the order of SPEC §3. An empty PIN breaks only
/// `PIN_LENGTH`; the pattern rules apply to all-digit PINs of 3 or more digits.
///
/// # Examples
///
/// ```
/// use pinseal::pin::broken_rules;
/// use pinseal::{FieldCode, PinContext, PinPolicy};
///
/// let ctx = PinContext {
///     last4_digits: Some("1234"),
///     ..PinContext::default()
/// };
/// assert_eq!(
///     broken_rules("1234", &PinPolicy::strict(), &ctx),
///     [FieldCode::PinSequential, FieldCode::PinCommon, FieldCode::PinMatchesCard]
/// );
/// assert!(broken_rules("5829", &PinPolicy::strict(), &ctx).is_empty());
/// ```
pub fn broken_rules(pin: &str, policy: &PinPolicy, ctx: &PinContext<'_>) -> Vec<FieldCode> {
    let mut out = Vec::new();
    let digits = all_digits(pin);
    let len = pin.chars().count();
    if !pin.is_empty() && !digits {
        out.push(FieldCode::PinNotDigits);
    }
    if len < policy.min_len || len > policy.max_len {
        out.push(FieldCode::PinLength);
    }
    let b = pin.as_bytes();
    if digits && b.len() >= 3 {
        if policy.repeated && b.iter().all(|&d| Some(&d) == b.first()) {
            out.push(FieldCode::PinRepeated);
        }
        if policy.sequential && is_sequential(b) {
            out.push(FieldCode::PinSequential);
        }
        let denied = policy.deny.iter().any(|d| d == pin);
        if (policy.common && COMMON.contains(&pin)) || denied {
            out.push(FieldCode::PinCommon);
        }
    }
    if digits && policy.matches_card && ctx.last4_digits == Some(pin) {
        out.push(FieldCode::PinMatchesCard);
    }
    let current = ctx.current_pin.filter(|c| !c.is_empty());
    if policy.same_as_current && current == Some(pin) {
        out.push(FieldCode::PinSameAsCurrent);
    }
    if let Some(phone) = ctx.msisdn {
        let phone = phone.strip_prefix('+').unwrap_or(phone);
        if digits && policy.matches_phone && phone.len() > pin.len() && phone.ends_with(pin) {
            out.push(FieldCode::PinMatchesPhone);
        }
    }
    out
}

/// The message of a PIN rule; never contains the PIN.
fn message(code: FieldCode, policy: &PinPolicy, len: usize) -> String {
    match code {
        FieldCode::PinNotDigits => "must contain only the digits 0-9".into(),
        FieldCode::PinLength if policy.min_len == policy.max_len => join(&[
            "expected ",
            &num(policy.min_len),
            " digits, got ",
            &num(len),
        ]),
        FieldCode::PinLength => join(&[
            "expected ",
            &num(policy.min_len),
            " to ",
            &num(policy.max_len),
            " digits, got ",
            &num(len),
        ]),
        FieldCode::PinRepeated => "must not be one digit repeated".into(),
        FieldCode::PinSequential => "must not be an ascending or descending sequence".into(),
        FieldCode::PinCommon => "is too common or on the deny list".into(),
        FieldCode::PinMatchesCard => "must not equal the card's last 4 digits".into(),
        FieldCode::PinSameAsCurrent => "must differ from the current PIN".into(),
        FieldCode::PinMatchesPhone => "must not equal the end of the phone number".into(),
        other => other.as_str().into(),
    }
}

/// Checks `pin` as input field `field`, adding every broken rule to `report`
/// (`REQUIRED` alone when the PIN is empty).
///
/// # Examples
///
/// ```
/// use pinseal::pin::check;
/// use pinseal::{FieldCode, PinContext, PinPolicy, Report};
///
/// let (ctx, strict) = (PinContext::default(), PinPolicy::strict());
/// let mut report = Report::default();
/// check("newPin", "", &strict, &ctx, &mut report);
/// check("pin", "1111", &strict, &ctx, &mut report);
/// let found: Vec<_> = report.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
/// assert_eq!(
///     found,
///     [
///         ("newPin", FieldCode::Required),
///         ("pin", FieldCode::PinRepeated),
///         ("pin", FieldCode::PinCommon),
///     ]
/// );
/// ```
pub fn check(
    field: &str,
    pin: &str,
    policy: &PinPolicy,
    ctx: &PinContext<'_>,
    report: &mut Report,
) {
    if pin.is_empty() {
        report.push(field, FieldCode::Required, "is required");
        return;
    }
    let len = pin.chars().count();
    for code in broken_rules(pin, policy, ctx) {
        report.push(field, code, message(code, policy, len));
    }
}

/// Validates one PIN against `policy` and `ctx`; errors name the field `"pin"`.
///
/// # Examples
///
/// ```
/// use pinseal::{validate_pin, FieldCode, PinContext, PinPolicy};
///
/// let ctx = PinContext {
///     msisdn: Some("+4915112345678"),
///     current_pin: Some("5829"),
///     ..PinContext::default()
/// };
/// let report = validate_pin("5678", &ctx, &PinPolicy::strict());
/// let codes: Vec<FieldCode> = report.errors.iter().map(|e| e.code).collect();
/// assert_eq!(codes, [FieldCode::PinSequential, FieldCode::PinMatchesPhone]);
/// // Every error names the field "pin"; no message holds the PIN.
/// assert!(report.errors.iter().all(|e| e.field == "pin" && !e.message.contains("5678")));
/// assert!(validate_pin("4826", &ctx, &PinPolicy::strict()).is_valid());
/// ```
pub fn validate_pin(pin: &str, ctx: &PinContext<'_>, policy: &PinPolicy) -> Report {
    let mut report = Report::default();
    check("pin", pin, policy, ctx, &mut report);
    report
}

/// Which §3 rules a PIN breaks, for live feedback while typing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strength {
    /// `true` when any rule is broken.
    pub weak: bool,
    /// The broken rules' codes.
    pub reasons: Vec<FieldCode>,
}

/// Which rules of `policy` a PIN breaks, without context (no card, phone or current PIN).
/// With [`PinPolicy::strict`] a PIN of any length but 4 is weak with `PIN_LENGTH`.
///
/// # Examples
///
/// ```
/// use pinseal::{pin_strength, FieldCode, PinPolicy};
///
/// let strict = PinPolicy::strict();
/// let strength = pin_strength("7890", &strict); // 7-8-9-0 wraps around
/// assert!(strength.weak);
/// assert_eq!(strength.reasons, [FieldCode::PinSequential]);
/// assert_eq!(pin_strength("58291", &strict).reasons, [FieldCode::PinLength]);
/// assert!(!pin_strength("5829", &strict).weak);
/// ```
pub fn pin_strength(pin: &str, policy: &PinPolicy) -> Strength {
    let reasons = broken_rules(pin, policy, &PinContext::default());
    Strength {
        weak: !reasons.is_empty(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldCode::*;

    fn strict(pin: &str) -> Vec<FieldCode> {
        broken_rules(pin, &PinPolicy::strict(), &PinContext::default())
    }

    #[test]
    fn strict_rules_table() {
        let cases: &[(&str, &[FieldCode])] = &[
            ("5829", &[]),
            ("0852", &[PinCommon]),
            ("2580", &[PinCommon]),
            ("1111", &[PinRepeated, PinCommon]),
            ("3333", &[PinRepeated, PinCommon]),
            ("1234", &[PinSequential, PinCommon]),
            ("4321", &[PinSequential, PinCommon]),
            ("7890", &[PinSequential]),
            ("9012", &[PinSequential]),
            ("0987", &[PinSequential]),
            ("8901", &[PinSequential]),
            ("2109", &[PinSequential]),
            ("1212", &[PinCommon]),
            ("6969", &[PinCommon]),
            ("1004", &[PinCommon]),
            ("1235", &[]),
            ("123", &[PinLength, PinSequential]),
            ("12345", &[PinLength, PinSequential]),
            ("12a4", &[PinNotDigits]),
            ("１２３４", &[PinNotDigits]),
            ("58 9", &[PinNotDigits]),
            ("", &[PinLength]),
        ];
        for (pin, want) in cases {
            assert_eq!(&strict(pin), want, "pin case #{}", pin.len());
        }
    }

    #[test]
    fn every_common_pin_is_refused() {
        for pin in COMMON {
            assert!(strict(pin).contains(&PinCommon), "{pin}");
            assert!(
                !broken_rules(pin, &PinPolicy::basic(), &PinContext::default())
                    .contains(&PinCommon)
            );
        }
    }

    #[test]
    fn context_rules() {
        let ctx = PinContext {
            current_pin: Some("5829"),
            last4_digits: Some("5829"),
            msisdn: Some("+4915112345829"),
        };
        assert_eq!(
            broken_rules("5829", &PinPolicy::strict(), &ctx),
            [PinMatchesCard, PinSameAsCurrent, PinMatchesPhone]
        );
        assert_eq!(
            broken_rules("5829", &PinPolicy::basic(), &ctx),
            [PinSameAsCurrent]
        );
        assert!(broken_rules("5830", &PinPolicy::strict(), &ctx).is_empty());
    }

    #[test]
    fn custom_policy_and_deny_list() {
        let mut p = PinPolicy::strict().with_length(4, 6).unwrap();
        p.sequential = false;
        p.deny = vec!["4826".into()];
        let none = PinContext::default();
        assert!(broken_rules("123456", &p, &none).is_empty());
        assert_eq!(broken_rules("4826", &p, &none), [PinCommon]);
        assert_eq!(broken_rules("1234567", &p, &none), [PinLength]);
        for (min, max) in [(3, 4), (4, 13), (6, 5), (0, 0)] {
            assert_eq!(
                PinPolicy::strict()
                    .with_length(min, max)
                    .unwrap_err()
                    .code(),
                "INVALID_INPUT"
            );
        }
    }

    #[test]
    fn messages_never_contain_the_pin() {
        let ctx = PinContext {
            current_pin: Some("1234"),
            last4_digits: Some("1234"),
            msisdn: Some("0049151001234"),
        };
        for pin in ["1234", "0000", "12a4", "123", "7890", "2580"] {
            let report = {
                let mut r = Report::default();
                check("newPin", pin, &PinPolicy::strict(), &ctx, &mut r);
                r
            };
            assert!(!report.is_valid());
            for e in &report.errors {
                assert!(!e.message.contains(pin), "{:?}", e.code);
                let longest_digit_run = e
                    .message
                    .split(|c: char| !c.is_ascii_digit())
                    .map(str::len)
                    .max()
                    .unwrap_or(0);
                assert!(longest_digit_run < 4, "{}", e.message);
            }
        }
    }

    #[test]
    fn strength() {
        let strict = PinPolicy::strict();
        assert_eq!(
            pin_strength("5829", &strict),
            Strength {
                weak: false,
                reasons: vec![]
            }
        );
        // Strict means exactly 4 digits: a 5- or 6-digit PIN is weak with PIN_LENGTH.
        assert_eq!(pin_strength("38521", &strict).reasons, [PinLength]);
        assert!(pin_strength("38521", &strict).weak);
        assert_eq!(pin_strength("582931", &strict).reasons, [PinLength]);
        let six = strict.clone().with_length(4, 12).unwrap();
        assert_eq!(pin_strength("582931", &six).reasons, []);
        assert_eq!(pin_strength("12", &strict).reasons, [PinLength]);
        assert_eq!(pin_strength("", &strict).reasons, [PinLength]);
        assert!(pin_strength("0000", &strict).weak);
    }
}
