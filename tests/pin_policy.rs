//! The PIN policy natively (SPEC §3, §7): `pin_strength` and `validate_pin` with the strict,
//! basic and custom policies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::{pin_strength, validate_pin, FieldCode, PinContext, PinPolicy};

fn codes(reasons: &[FieldCode]) -> Vec<&'static str> {
    reasons.iter().map(|c| c.as_str()).collect()
}

#[test]
fn strict_means_exactly_four_digits() {
    let strict = PinPolicy::strict();
    // A 5-digit PIN with no pattern is weak under strict, for its length alone.
    let s = pin_strength("38521", &strict);
    assert!(s.weak);
    assert_eq!(codes(&s.reasons), ["PIN_LENGTH"]);
    for pin in ["385217", "385", "3"] {
        let s = pin_strength(pin, &strict);
        assert!(s.weak, "{} digits", pin.len());
        assert_eq!(codes(&s.reasons), ["PIN_LENGTH"], "{} digits", pin.len());
    }
    let s = pin_strength("3852", &strict);
    assert!(!s.weak);
    assert!(s.reasons.is_empty());
    // The default policy is strict.
    assert_eq!(PinPolicy::default(), strict);
    assert_eq!(
        pin_strength("38521", &PinPolicy::default()),
        pin_strength("38521", &strict)
    );
    // Basic has the same length rule.
    assert_eq!(
        codes(&pin_strength("38521", &PinPolicy::basic()).reasons),
        ["PIN_LENGTH"]
    );
    // A longer range accepts it.
    let long = PinPolicy::strict().with_length(4, 6).unwrap();
    assert!(!pin_strength("38521", &long).weak);
}

#[test]
fn strength_lists_every_broken_rule() {
    let strict = PinPolicy::strict();
    for (pin, want) in [
        ("1234", &["PIN_SEQUENTIAL", "PIN_COMMON"][..]),
        ("1111", &["PIN_REPEATED", "PIN_COMMON"]),
        ("0852", &["PIN_COMMON"]),
        ("9012", &["PIN_SEQUENTIAL"]),
        ("12a4", &["PIN_NOT_DIGITS"]),
        ("123", &["PIN_LENGTH", "PIN_SEQUENTIAL"]),
        ("", &["PIN_LENGTH"]),
    ] {
        let s = pin_strength(pin, &strict);
        assert_eq!(codes(&s.reasons), want, "case of {} chars", pin.len());
        assert!(s.weak);
    }
    // Basic: no pattern rules.
    assert!(!pin_strength("1234", &PinPolicy::basic()).weak);
    // A caller deny list is reported as PIN_COMMON.
    let mut custom = PinPolicy::basic();
    custom.deny = vec!["4826".into()];
    assert_eq!(
        codes(&pin_strength("4826", &custom).reasons),
        ["PIN_COMMON"]
    );
}

#[test]
fn validate_pin_uses_the_context_and_never_echoes_the_pin() {
    let ctx = PinContext {
        current_pin: Some("5829"),
        last4_digits: Some("5829"),
        msisdn: Some("+4915112345829"),
    };
    let report = validate_pin("5829", &ctx, &PinPolicy::strict());
    let got: Vec<(&str, &str)> = report
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("pin", "PIN_MATCHES_CARD"),
            ("pin", "PIN_SAME_AS_CURRENT"),
            ("pin", "PIN_MATCHES_PHONE")
        ]
    );
    for e in &report.errors {
        assert!(!e.message.contains("5829"), "{}", e.message);
    }
    let report = validate_pin("38521", &PinContext::default(), &PinPolicy::strict());
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].code.as_str(), "PIN_LENGTH");
    assert_eq!(report.errors[0].message, "expected 4 digits, got 5");
    let report = validate_pin("", &PinContext::default(), &PinPolicy::strict());
    assert_eq!(report.errors[0].code.as_str(), "REQUIRED");
    assert!(validate_pin("3852", &PinContext::default(), &PinPolicy::strict()).is_valid());
}
