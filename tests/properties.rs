//! Property tests: open∘seal is the identity, and no input of any shape panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pinseal::json::Json;
use pinseal::{reset_pin, set_pin, BuildOptions, CipherOptions, TokenCipher};
use proptest::prelude::*;

fn random_cipher() -> TokenCipher {
    TokenCipher::from_bytes(&[7u8; 24], CipherOptions::default()).unwrap()
}

fn fixed_cipher() -> TokenCipher {
    TokenCipher::from_bytes(&[9u8; 24], CipherOptions::fixed_iv(&[3u8; 16]).unwrap()).unwrap()
}

/// Arbitrary JSON values, a few levels deep.
fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| Json::Number(n.to_string())),
        ".{0,12}".prop_map(Json::String),
        "[0-9]{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("newPIN".to_string()),
                        Just("bankId".to_string()),
                        Just("identifier".to_string()),
                        Just("pin".to_string()),
                        Just("responseCode".to_string()),
                        Just("set_pin_status".to_string()),
                        ".{0,8}"
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(Json::Object),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn open_seal_is_identity_for_bytes(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        for k in [random_cipher(), fixed_cipher()] {
            let token = k.encrypt_bytes(&data).unwrap();
            let back = k.decrypt_bytes(&token).unwrap();
            prop_assert_eq!(back.expose(), &data[..]);
        }
    }

    #[test]
    fn open_seal_is_identity_for_text_and_json(text in ".{0,300}", value in json()) {
        let k = random_cipher();
        let back = k.decrypt(&k.encrypt(&text).unwrap()).unwrap();
        prop_assert_eq!(back.expose(), text.as_str());
        let token = k.encrypt_json(&value).unwrap();
        prop_assert_eq!(k.decrypt_json(&token).unwrap(), value);
    }

    #[test]
    fn no_panic_opening_arbitrary_strings(token in ".{0,400}", b64 in "[A-Za-z0-9+/= \r\n]{0,400}") {
        for k in [random_cipher(), fixed_cipher()] {
            for t in [&token, &b64] {
                if let Err(e) = k.decrypt(t) {
                    prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED"), "{}", e.code());
                }
                let _ = reset_pin::open_response(t, &k, Some("x"));
            }
        }
    }

    #[test]
    fn no_panic_on_arbitrary_ciphertext(data in prop::collection::vec(any::<u8>(), 0..600)) {
        let k = random_cipher();
        let token = pinseal::encoding::base64_encode(&data);
        match k.decrypt_bytes(&token) {
            Ok(_) => {}
            Err(e) => prop_assert!(matches!(e.code(), "MALFORMED_TOKEN" | "DECRYPT_FAILED")),
        }
        let _ = k.decrypt_json(&token);
        let _ = reset_pin::open_token(&token, &k, None);
    }

    #[test]
    fn no_panic_validating_arbitrary_json(value in json()) {
        let o = BuildOptions::default();
        for result in [
            reset_pin::validate_json(&value, &o).map(|_| ()),
            set_pin::validate_json(&value, &o).map(|_| ()),
            reset_pin::build_json(&value, &o).map(|_| ()),
            set_pin::build_json(&value, &o).map(|_| ()),
            set_pin::SetPinResponse::from_json(&value, "").map(|_| ()),
            reset_pin::ResetPinResponse::from_json(&value, "").map(|_| ()),
            pinseal::PinPolicy::from_json(&value).map(|_| ()),
        ] {
            if let Err(e) = result {
                prop_assert!(matches!(e.code(), "INVALID_INPUT" | "VALIDATION_FAILED" | "INVALID_RESPONSE"), "{}", e.code());
            }
        }
    }

    #[test]
    fn no_panic_parsing_arbitrary_text(text in ".{0,200}") {
        let _ = Json::parse(&text);
        let _ = set_pin::parse_response(&text);
        let _ = pinseal::pin_strength(&text);
        let _ = pinseal::validate_pin(&text, &Default::default(), &Default::default());
        let _ = TokenCipher::from_hex(&text, CipherOptions::default());
        let _ = TokenCipher::from_base64(&text, CipherOptions::default());
        let _ = TokenCipher::from_text(&text, CipherOptions::default());
    }
}
