//! Concurrency (no lost update, no double spend) and garbage on the wire.
//! Each test starts the real binary (`--port 0 --test-clock`) and asserts exact statuses,
//! error codes and response codes (SPEC §6/§6.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::Arc;

use support::{raw_request, Server, CARD, GOOD_PIN};

#[test]
fn concurrent_wrong_pins_suspend_after_exactly_three() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let (server, fx) = (Arc::clone(&server), Arc::clone(&fx));
            std::thread::spawn(move || server.set_pin(&fx.set_pin_payload(0, "9468", GOOD_PIN)).0)
        })
        .collect();
    let statuses: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let incorrect = statuses.iter().filter(|s| *s == "INCORRECT_PIN").count();
    let errors = statuses.iter().filter(|s| *s == "ERROR").count();
    assert_eq!((incorrect, errors), (3, 7), "{statuses:?}");
    let (status, _) =
        server.set_pin(&fx.set_pin_payload(0, &fx.account(0, "initialPin"), GOOD_PIN));
    assert_eq!(status, "ERROR");
}
#[test]
fn concurrent_replays_succeed_exactly_once() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    server.pass_2fa(&fx.card(CARD, "customerId"));
    server.pass_2fa(&fx.card(CARD, "customerId")); // two authorisations available
    let text = raw_request(&fx, CARD, "txn-race", &server.now().to_string(), GOOD_PIN);
    let token = fx.cipher().encrypt(&text).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (server, fx, token) = (Arc::clone(&server), Arc::clone(&fx), token.clone());
            std::thread::spawn(move || {
                let r = server.post_token(&fx, &token);
                pinseal::reset_pin::open_response(&r.text(), &fx.cipher(), Some("txn-race"))
                    .unwrap()
                    .response_code
            })
        })
        .collect();
    let mut codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    assert_eq!(
        codes,
        ["00", "9001", "9001", "9001", "9001", "9001", "9001", "9001"]
    );
}
#[test]
fn concurrent_resets_spend_one_2fa_each() {
    let server = Arc::new(Server::start());
    let fx = Arc::new(server.fixtures());
    server.pass_2fa(&fx.card(CARD, "customerId"));
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (server, fx) = (Arc::clone(&server), Arc::clone(&fx));
            std::thread::spawn(move || {
                server
                    .reset(&fx, &fx.reset_input(CARD, GOOD_PIN))
                    .response_code
            })
        })
        .collect();
    let mut codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    codes.sort();
    assert_eq!(codes, ["00", "9003", "9003", "9003", "9003", "9003"]);
}
#[test]
fn garbage_keeps_the_server_serving() {
    let mut server = Server::start();
    let fx = server.fixtures();
    let garbage: [&[u8]; 8] = [
        b"\x00\x01\x02\x03 GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"POST /api/v1/mbanking HTTP/1.1\r\nContent-Length: 5\r\n\r\n{",
        b"POST /api/v1/mbanking HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"POST /api/v1/mbanking HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n",
        b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/sandbox HTTP/9.9\r\n\r\n",
        b"",
    ];
    for bytes in garbage {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        use std::io::{Read, Write};
        let _ = stream.write_all(bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    }
    // JSON-level garbage on every route.
    let key = fx.str("apiKey");
    let headers = [
        ("Content-Type", "application/json"),
        ("x-api-key", key.as_str()),
    ];
    let weird: [&[u8]; 7] = [
        b"{\"token\":\"\\ud800\"}",
        b"{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
        b"{\"action\":\"SET_PIN\",\"payload\":{\"identifier\":{\"a\":[1,2,{}]},\"pin\":1e999}}",
        b"{\"action\":\"SET_PIN\",\"payload\":{\"pin\":12345678901234567890123456789}}",
        b"{\"customerId\":\"\\u0000\"}",
        b"{\"challengeId\":[],\"code\":{}}",
        b"\xef\xbb\xbf{}",
    ];
    for body in weird {
        for path in [
            "/api/v1/resetPIN",
            "/api/v1/mbanking",
            "/api/sandbox/2fa/start",
            "/api/sandbox/2fa/verify",
        ] {
            let r = server.request("POST", path, &headers, body);
            assert!(
                [200, 400, 404].contains(&r.status),
                "{path} {:?}: {} {}",
                String::from_utf8_lossy(body),
                r.status,
                r.text()
            );
        }
    }
    // Tokens holding odd (but decryptable) requests still get an encrypted answer.
    let cipher = fx.cipher();
    for plain in [
        "{}",
        "{\"clientTxnId\":[1]}",
        "{\"messageCode\":\"1120\",\"clientId\":{\"x\":1},\"bankId\":true,\"secureCode\":[]}",
    ] {
        let r = server.post_token(&fx, &cipher.encrypt(plain).unwrap());
        assert_eq!(r.status, 200, "{plain}: {}", r.text());
        pinseal::reset_pin::open_response(&r.text(), &cipher, None).unwrap();
    }
    assert!(server.alive());
    assert_eq!(server.get("/api/sandbox").status, 200);
    let pin = fx.account(0, "initialPin");
    assert_eq!(
        server.set_pin(&fx.set_pin_payload(0, &pin, GOOD_PIN)).0,
        "SUCCESS"
    );
}
