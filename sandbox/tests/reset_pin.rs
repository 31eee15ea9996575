//! `POST /api/v1/resetPIN`: the success path and every response code, in the order of SPEC §6.1.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use pinseal::reset_pin::ResetPinInput;
use serde_json::{json, Value as Json};
use support::{edited, raw_request, s, shift, Server, CARD, GOOD_PIN, GOOD_PIN_2};

#[test]
fn reset_success_then_the_same_2fa_cannot_be_reused() {
    let server = Server::start();
    let fx = server.fixtures();
    let challenge = server.pass_2fa(&fx.card(CARD, "customerId"));

    let input = ResetPinInput {
        client_txn_id: Some("txn-success-0001".into()),
        ..fx.reset_input(CARD, GOOD_PIN)
    };
    let r = server.reset(&fx, &input);
    assert_eq!(r.response_code, "00", "{r:?}");
    assert!(r.ok());
    assert_eq!(r.message_code.as_deref(), Some("1121"));
    assert_eq!(r.client_txn_id.as_deref(), Some("txn-success-0001"));
    assert_eq!(r.client_id.as_deref(), Some(fx.str("clientId").as_str()));
    assert_eq!(r.urn.as_deref(), Some(fx.card(CARD, "urn").as_str()));
    assert_eq!(
        r.customer_id.as_deref(),
        Some(fx.card(CARD, "customerId").as_str())
    );
    let when = r.response_date_time.as_deref().unwrap();
    assert!(pinseal::DateTime::parse_compact(when).is_some(), "{when}");
    let txn_no = r.accosa_transaction_id.as_deref().unwrap();
    assert!(!txn_no.is_empty() && txn_no.bytes().all(|b| b.is_ascii_digit()));
    let ref_no = r.accosa_ref_no.as_deref().unwrap();
    assert!((12..=20).contains(&ref_no.len()) && ref_no.bytes().all(|b| b.is_ascii_digit()));
    assert!(!r.response_message.as_deref().unwrap_or_default().is_empty());
    assert!(!r.description.as_deref().unwrap_or_default().is_empty());

    // The same verification does not authorise a second reset.
    let again = server.reset(&fx, &fx.reset_input(CARD, GOOD_PIN_2));
    assert_eq!(again.response_code, "9003", "{again:?}");
    // And the spent challenge cannot be verified again.
    let (id, code) = (challenge, "000000");
    server
        .verify_2fa(&id, code)
        .assert_error(410, "CHALLENGE_USED");

    // A new 2FA authorises the next reset.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN_2))
            .response_code,
        "00"
    );
}
#[test]
fn response_token_has_partner_json_types() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let sealed = pinseal::reset_pin::seal(
        &fx.reset_input(CARD, GOOD_PIN),
        &fx.cipher(),
        &pinseal::BuildOptions::new(server.now()),
    )
    .unwrap();
    let r = server.post_token(&fx, &sealed.token);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body = r.json();
    let keys: Vec<&str> = support::keys(&body);
    assert_eq!(keys, ["token"]);
    let token = body.get("token").and_then(Json::as_str).unwrap();
    let v: Json = serde_json::from_str(fx.cipher().decrypt(token).unwrap().expose()).unwrap();
    // The partner's key order (SPEC §1.1 response fields).
    assert_eq!(
        support::keys(&v),
        [
            "messageCode",
            "clientId",
            "clientTxnId",
            "responseDateTime",
            "urn",
            "customerId",
            "accosaTransactionId",
            "responseCode",
            "responseMessage",
            "description",
            "accosaRefNo",
            "bankId",
            "entityId"
        ]
    );
    assert_eq!(v.get("messageCode"), Some(&Json::String("1121".into())));
    assert_eq!(v.get("responseCode"), Some(&Json::String("00".into())));
    assert!(matches!(v.get("urn"), Some(Json::Number(_))));
    assert!(matches!(
        v.get("accosaTransactionId"),
        Some(Json::Number(_))
    ));
    assert!(matches!(v.get("accosaRefNo"), Some(Json::String(_))));
    assert!(matches!(v.get("responseDateTime"), Some(Json::String(_))));
    // The response never carries the PIN.
    let plain = fx.cipher().decrypt(token).unwrap();
    assert!(!plain.expose().contains(GOOD_PIN));
}
#[test]
fn refused_reset_does_not_use_up_the_2fa() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    // 1099 for every newPIN problem: common, sequential, the card's last 4, too short/long,
    // not digits.
    let last4 = fx.card(CARD, "last4Digits");
    for bad in [
        "1234",
        "1111",
        "2580",
        last4.as_str(),
        "4826x",
        "48261",
        "482",
        "48a6",
    ] {
        let txn = format!("txn-bad-pin-{bad}");
        let text = raw_request(&fx, CARD, &txn, &server.now().to_string(), bad);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "1099", "{bad}: {r:?}");
        assert_eq!(r.response_message.as_deref(), Some("INVALID PIN"));
        assert!(r.description.as_deref().unwrap().contains("newPIN"));
        assert!(!r.description.as_deref().unwrap().contains(bad), "{bad}");
    }
    // A missing newPIN is a newPIN problem too.
    let r = server.reset_raw(
        &fx,
        &edited(&server, &fx, "txn-no-pin", &[("newPIN", None)]),
    );
    assert_eq!(r.response_code, "1099", "{r:?}");
    // The refused attempts did not spend the verification.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "00"
    );
}
#[test]
fn absent_fields_give_1262_1264_1311() {
    let server = Server::start();
    let fx = server.fixtures();
    let cases: [(&str, Option<Json>, &str); 7] = [
        ("clientId", None, "1262"),
        ("clientId", s(""), "1262"),
        ("clientId", Some(Json::Null), "1262"),
        ("bankId", None, "1264"),
        ("bankId", s(""), "1264"),
        ("secureCode", None, "1311"),
        ("secureCode", Some(Json::Null), "1311"),
    ];
    for (i, (field, value, code)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-absent-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, code, "{field}: {r:?}");
        assert_eq!(
            r.response_message.as_deref(),
            Some(pinseal::reset_pin::meaning(code))
        );
        assert!(r.description.as_deref().unwrap().contains(field));
        // Echoes what it can.
        assert_eq!(
            r.client_txn_id.as_deref(),
            Some(format!("txn-absent-{i}").as_str())
        );
    }
    // All three absent: clientId is checked first, then bankId, then secureCode.
    let all = edited(
        &server,
        &fx,
        "txn-absent-all",
        &[("clientId", None), ("bankId", None), ("secureCode", None)],
    );
    assert_eq!(server.reset_raw(&fx, &all).response_code, "1262");
    let two = edited(
        &server,
        &fx,
        "txn-absent-two",
        &[("bankId", None), ("secureCode", None)],
    );
    assert_eq!(server.reset_raw(&fx, &two).response_code, "1264");
}
#[test]
fn wrong_credentials_give_9005() {
    let server = Server::start();
    let fx = server.fixtures();
    let cases: [(&str, Option<Json>); 6] = [
        ("clientId", s("OtherClient")),
        ("clientId", Some(json!(5))),
        ("secureCode", s("wrong-secure-code")),
        ("bankId", Some(json!(1234))),
        ("bankId", s("99999")),
        ("bankId", s("x")),
    ];
    for (i, (field, value)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-cred-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9005", "{field}: {r:?}");
        assert!(r.description.as_deref().unwrap().contains(field));
    }
    // bankId as a digit string is the same bank.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let text = edited(
        &server,
        &fx,
        "txn-cred-ok",
        &[("bankId", s(&fx.str("bankId")))],
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "00");
}
#[test]
fn repeated_client_txn_id_gives_9001_whatever_the_first_outcome() {
    let server = Server::start();
    let fx = server.fixtures();
    // First use refused for lack of 2FA; the id is used anyway.
    let input = ResetPinInput {
        client_txn_id: Some("txn-replay-1".into()),
        ..fx.reset_input(CARD, GOOD_PIN)
    };
    assert_eq!(server.reset(&fx, &input).response_code, "9003");
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let r = server.reset(&fx, &input);
    assert_eq!(r.response_code, "9001", "{r:?}");
    assert_eq!(r.client_txn_id.as_deref(), Some("txn-replay-1"));
    // An id first seen in a 1262 answer counts as used too.
    let text = edited(&server, &fx, "txn-replay-2", &[("clientId", None)]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "1262");
    let text = edited(&server, &fx, "txn-replay-2", &[]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9001");
    // Replaying the very same successful token.
    let sealed = pinseal::reset_pin::seal(
        &fx.reset_input(CARD, GOOD_PIN),
        &fx.cipher(),
        &pinseal::BuildOptions::new(server.now()),
    )
    .unwrap();
    let cipher = fx.cipher();
    let first = server.post_token(&fx, &sealed.token);
    let first = pinseal::reset_pin::open_response(&first.text(), &cipher, None).unwrap();
    assert_eq!(first.response_code, "00");
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let second = server.post_token(&fx, &sealed.token);
    let second = pinseal::reset_pin::open_response(&second.text(), &cipher, None).unwrap();
    assert_eq!(second.response_code, "9001");
    // Credentials are checked before replay.
    let text = edited(&server, &fx, "txn-replay-2", &[("secureCode", s("nope"))]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9005");
}
#[test]
fn request_time_more_than_5_minutes_off_gives_9002() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let now = server.now();
    for (i, secs) in [-400i64, -330, 330, 3600].into_iter().enumerate() {
        let when = shift(now, secs).to_string();
        let text = raw_request(&fx, CARD, &format!("txn-time-{i}"), &when, GOOD_PIN);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9002", "{secs}: {r:?}");
        assert!(r
            .description
            .as_deref()
            .unwrap()
            .contains("requestDateTime"));
    }
    // Move the server clock 10 minutes ahead: a request stamped with the old time is stale,
    // one stamped with the new server time passes (and the 2FA was not spent).
    server.advance(600);
    let text = raw_request(
        &fx,
        CARD,
        "txn-time-old",
        &shift(now, 10).to_string(),
        GOOD_PIN,
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9002");
    // 10 minutes passed on the server: the 2FA authorisation expired meanwhile.
    let text = raw_request(
        &fx,
        CARD,
        "txn-time-new",
        &server.now().to_string(),
        GOOD_PIN,
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9003");
    // Within the window either way.
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let now = server.now();
    for (i, secs) in [-240i64, 240].into_iter().enumerate() {
        let text = raw_request(
            &fx,
            CARD,
            &format!("txn-time-in-{i}"),
            &shift(now, secs).to_string(),
            "1234",
        );
        assert_eq!(server.reset_raw(&fx, &text).response_code, "1099");
    }
    // Time window comes before field rules (bad urn) but after replay.
    let text = edited(
        &server,
        &fx,
        "txn-time-order",
        &[("urn", s("x")), ("requestDateTime", s("20000101000000"))],
    );
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9002");
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9001");
}
#[test]
fn broken_field_rules_give_9006_naming_the_field() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let cases: [(&str, Option<Json>, &str); 10] = [
        ("urn", s("40a"), "urn"),
        ("last4Digits", s("817"), "last4Digits"),
        ("customerId", s(&"C".repeat(21)), "customerId"),
        ("entityId", s("12345"), "entityId"),
        ("requestDateTime", s("2025-01-01 00:00"), "requestDateTime"),
        ("clientTxnId", None, "clientTxnId"),
        ("requestDateTime", None, "requestDateTime"),
        ("messageCode", s("1121"), "messageCode"),
        ("messageCode", None, "messageCode"),
        ("newPin", s(GOOD_PIN), "newPin"),
    ];
    for (i, (field, value, named)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-field-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9006", "{field}: {r:?}");
        let d = r.description.as_deref().unwrap();
        assert!(d.contains(&format!("\"{named}\"")), "{field}: {d}");
    }
    // Field rules come before the card check; the 2FA is still unspent.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "00"
    );
}
#[test]
fn a_wrong_json_type_is_invalid_value_naming_the_field() {
    // SPEC §7: a value of the wrong JSON type is that field's INVALID_VALUE, as in the library.
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    // A newPIN problem is 1099, whose description lists the codes.
    for (i, value) in [json!(true), json!({"pin": GOOD_PIN}), json!([GOOD_PIN])]
        .into_iter()
        .enumerate()
    {
        let text = edited(
            &server,
            &fx,
            &format!("txn-type-pin-{i}"),
            &[("newPIN", Some(value.clone()))],
        );
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "1099", "{value}: {r:?}");
        let d = r.description.as_deref().unwrap();
        assert!(
            d.starts_with("\"newPIN\" expected a string of digits or a non-negative integer, got ")
                && d.ends_with("(INVALID_VALUE)"),
            "{value}: {d}"
        );
    }
    // Any other field: 9006 naming it.
    let text = edited(
        &server,
        &fx,
        "txn-type-customer",
        &[("customerId", Some(json!(402)))],
    );
    let r = server.reset_raw(&fx, &text);
    assert_eq!(r.response_code, "9006", "{r:?}");
    assert_eq!(
        r.description.as_deref(),
        Some("\"customerId\" expected a string, got number")
    );
    // The 2FA is still unspent.
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "00"
    );
}
#[test]
fn unknown_card_gives_9004() {
    let server = Server::start();
    let fx = server.fixtures();
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let other_last4 = if fx.card(CARD, "last4Digits") == "0000" {
        "0001"
    } else {
        "0000"
    };
    let cases: [(&str, Option<Json>); 4] = [
        ("last4Digits", s(other_last4)),
        ("urn", s("999")),
        ("customerId", s("SBX-NOBODY")),
        // Another card's customer with this card's urn/last4.
        ("customerId", s(&fx.card(1, "customerId"))),
    ];
    for (i, (field, value)) in cases.into_iter().enumerate() {
        let text = edited(&server, &fx, &format!("txn-card-{i}"), &[(field, value)]);
        let r = server.reset_raw(&fx, &text);
        assert_eq!(r.response_code, "9004", "{field}: {r:?}");
    }
    // urn given as a JSON number still finds the card.
    let urn = json!(fx.card(CARD, "urn").parse::<u64>().unwrap());
    let text = edited(&server, &fx, "txn-card-num", &[("urn", Some(urn))]);
    assert_eq!(server.reset_raw(&fx, &text).response_code, "00");
}
#[test]
fn no_2fa_gives_9003_before_the_pin_policy() {
    let server = Server::start();
    let fx = server.fixtures();
    let r = server.reset(&fx, &fx.reset_input(CARD, GOOD_PIN));
    assert_eq!(r.response_code, "9003");
    assert_eq!(
        r.response_message.as_deref(),
        Some("2FA NOT COMPLETED (SANDBOX)")
    );
    // Without 2FA a weak PIN is still 9003 (2FA is checked first)...
    let text = raw_request(&fx, CARD, "txn-weak", &server.now().to_string(), "1234");
    assert_eq!(server.reset_raw(&fx, &text).response_code, "9003");
    // ...and a started but unverified challenge is not 2FA.
    server.start_2fa(&fx.card(CARD, "customerId"));
    assert_eq!(
        server
            .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
            .response_code,
        "9003"
    );
}
