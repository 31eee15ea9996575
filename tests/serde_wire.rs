//! The `serde` feature (`cargo test --features serde`): the wire types serialize to exactly the
//! bytes of their hand writers, and the responses read back what they wrote.
#![cfg(feature = "serde")]
#![allow(clippy::expect_used)]

use pinseal::reset_pin::{self, ResetPinInput, ResetPinResponse};
use pinseal::set_pin::{self, SetPinInput, SetPinResponse, SetPinStatus};
use pinseal::{BuildOptions, DateTime, PinPolicy};

fn now() -> DateTime {
    DateTime::new(2022, 11, 16, 12, 26, 53).expect("a real date")
}

#[test]
fn reset_pin_request_serializes_as_the_sample_shape() {
    let input = ResetPinInput {
        client_id: "WibmoClient".into(),
        secure_code: "AfZtpO5krtySIhXyNmGg1G".into(),
        bank_id: "2010".into(),
        customer_id: "QVdzHtZsuG".into(),
        last4_digits: "8172".into(),
        urn: "402".into(),
        new_pin: "5829".into(),
        client_txn_id: Some("INq_JM2FOW=SIevkR8tgL".into()),
        ..Default::default()
    };
    let request = reset_pin::build(&input, &BuildOptions::new(now())).expect("valid");
    let json = serde_json::to_string(&request).expect("serializes");
    assert_eq!(json, request.to_json().expose());
    assert_eq!(
        json,
        r#"{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}"#
    );
}

#[test]
fn set_pin_request_serializes_as_its_wire_form() {
    let input = SetPinInput {
        identifier: "+4915112345678".into(),
        pin: "5829".into(),
        new_pin: "4826".into(),
        device_identifier_type: "IMSI".into(),
        device_identifier: "2620112345678901".into(),
        identity_type: "NATIONAL_ID".into(),
        identity: "L01X00T47".into(),
        api_request_id: Some("req-1".into()),
        ..Default::default()
    };
    let request = set_pin::build(&input, &PinPolicy::strict()).expect("valid");
    let json = serde_json::to_string(&request).expect("serializes");
    assert_eq!(json, request.to_json().expose());
}

#[test]
fn responses_round_trip_through_serde() {
    let text = r#"{"messageCode":"1121","clientTxnId":"t1","urn":402,"accosaTransactionId":123456789012,"responseCode":"00","accosaRefNo":"12345678901234567890","bankId":2010}"#;
    let response = ResetPinResponse::from_json_text(text, text).expect("a response");
    assert_eq!(
        serde_json::to_string(&response).expect("serializes"),
        response.to_json()
    );
    let back: ResetPinResponse = serde_json::from_str(&response.to_json()).expect("reads back");
    assert_eq!(back, response);
    assert_eq!(back.urn, Some(402));

    let set = SetPinResponse {
        status: SetPinStatus::IncorrectPin,
        description: "1 of 3".into(),
    };
    let json = serde_json::to_string(&set).expect("serializes");
    assert_eq!(json, set.to_json());
    assert_eq!(
        json,
        r#"{"set_pin_status":"INCORRECT_PIN","set_pin_status_description":"1 of 3"}"#
    );
    let back: SetPinResponse = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, set);
    assert!(serde_json::from_str::<SetPinResponse>(r#"{"set_pin_status":"MAYBE"}"#).is_err());
}
