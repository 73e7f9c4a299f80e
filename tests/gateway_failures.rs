//! A gateway that misbehaves: no listener, a hang past the timeout, a 500, a broken JSON body.
//! Each is "unreachable" for the kiosk (so it falls back to its cache), within the timeout,
//! and a 4xx with the protocol's error body is a refusal. The broken gateways are small TCP
//! listeners in the test: the real gateway is not built to misbehave.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, GatewayError};
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::ErrorCode;

/// A listener on loopback answering every connection with `answer` (`None`: never answers).
fn broken_gateway(answer: Option<&'static str>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                match answer {
                    Some(answer) => {
                        let _ = stream.write_all(answer.as_bytes());
                    }
                    None => std::thread::sleep(Duration::from_secs(30)),
                }
            });
        }
    });
    port
}

fn client(port: u16, dir: &tempfile::TempDir) -> GatewayClient {
    let keys = dir.path().join("keys");
    if !keys.exists() {
        keygen(&keys, "k1").unwrap();
    }
    let config = GatewayConfig {
        url: Some(format!("http://127.0.0.1:{port}")),
        kiosk_id: Some("k1".into()),
        device_key: keys.join("kiosk.key"),
        connect_timeout_ms: 300,
        timeout_ms: 800,
        ..Default::default()
    };
    GatewayClient::from_config(&config).unwrap()
}

fn unreachable_within_timeout(port: u16) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let err = client(port, &dir).challenge().unwrap_err();
    assert!(err.is_unreachable(), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn stopped_gateway() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    unreachable_within_timeout(port);
}

#[test]
fn hanging_gateway() {
    unreachable_within_timeout(broken_gateway(None));
}

#[test]
fn gateway_answering_500() {
    unreachable_within_timeout(broken_gateway(Some(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 5\r\nconnection: close\r\n\r\noops!",
    )));
}

#[test]
fn gateway_answering_broken_json() {
    unreachable_within_timeout(broken_gateway(Some(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\nconnection: close\r\n\r\n{\"chall",
    )));
}

#[test]
fn a_4xx_with_the_protocol_error_is_a_refusal() {
    let body = r#"{"error":{"code":"unknown_kiosk","message":"no such kiosk"}}"#;
    let answer = format!(
        "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let port = broken_gateway(Some(Box::leak(answer.into_boxed_str())));
    let dir = tempfile::tempdir().unwrap();
    match client(port, &dir).challenge() {
        Err(GatewayError::Refused { code, .. }) => assert_eq!(code, ErrorCode::UnknownKiosk),
        other => panic!("{other:?}"),
    }
}
