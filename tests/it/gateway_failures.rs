//! A gateway that misbehaves: no listener, a hang past the timeout, slow answers just under
//! and just over it, a 500, a 429, a broken JSON body, a valid answer for another request, a
//! TLS certificate from an unknown CA. Each is "unreachable" for the kiosk (so it falls back to
//! its cache and queues), within the timeout, and a 4xx with the protocol's error body is a
//! refusal. The broken gateways are small TCP listeners in the test (the real gateway is not
//! built to misbehave); the per-kiosk rate limit is the real `myna-gateway`'s, and an outbox
//! replay that meets it stops without backing off and goes on in the next round.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, GatewayError};
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::{
    CardEvidence, ConfirmationRequest, Consent, ErrorCode, Method, offline_challenge,
};
use myna_kiosk::reception::worker::replay_outbox;
use myna_kiosk::store::Store;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::gateway_support as support;

/// A listener on loopback answering every connection with `answer` (`None`: never answers).
fn broken_gateway(answer: Option<&'static str>) -> u16 {
    slow_gateway(answer, Duration::ZERO)
}

/// [`broken_gateway`] that waits `delay` before answering.
fn slow_gateway(answer: Option<&'static str>, delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                std::thread::sleep(delay);
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

/// An HTTP 200 answer with `body` as JSON.
fn ok_json(body: &str) -> &'static str {
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    Box::leak(answer.into_boxed_str())
}

const CHALLENGE: &str = r#"{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","expires_at":"2026-11-25T10:01:00Z"}"#;

#[test]
fn a_slow_gateway_just_under_the_timeout_answers_and_just_over_it_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    // The client's whole-request timeout is 800 ms (`client`).
    let under = slow_gateway(Some(ok_json(CHALLENGE)), Duration::from_millis(300));
    let answer = client(under, &dir).challenge().unwrap();
    assert_eq!(answer.expires_at, "2026-11-25T10:01:00Z");
    let over = slow_gateway(Some(ok_json(CHALLENGE)), Duration::from_millis(1_500));
    unreachable_within_timeout(over);
}

#[test]
fn a_429_is_a_busy_gateway_not_a_refusal() {
    let body = r#"{"error":{"code":"rate_limited","message":"slow down"}}"#;
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    unreachable_within_timeout(broken_gateway(Some(Box::leak(answer.into_boxed_str()))));
    // Without the protocol's body, too.
    unreachable_within_timeout(broken_gateway(Some(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )));
}

#[test]
fn a_valid_answer_for_another_request_is_not_taken() {
    let answer = r#"{"request_id":"someone-else","qualification_confirmation_date":"2026-11-25","processed_at":"2026-11-25T10:00:00Z","processing_result_status":"1","qualification_validity":"1","results":[{"name":"他人","insurer_number":"06139992","insured_partial_contribution_ratio":"030"}],"consent":{},"warnings":[],"method":"pin"}"#;
    let port = broken_gateway(Some(ok_json(answer)));
    let dir = tempfile::tempdir().unwrap();
    let request = ConfirmationRequest {
        request_id: "mine".into(),
        method: Method::Pin,
        challenge: "AAAA".into(),
        evidence: CardEvidence {
            auth_certificate: "AAAA".into(),
            signature: "AAAA".into(),
        },
        consent: Consent::default(),
        token: Default::default(),
        facility_code: None,
        offline_signed_at: None,
    };
    let err = client(port, &dir).confirm(&request).unwrap_err();
    assert!(err.is_unreachable(), "{err}");
    assert!(err.to_string().contains("another request_id"), "{err}");
}

#[test]
fn the_real_gateway_limits_each_kiosk_and_the_kiosk_sees_a_busy_gateway() {
    // 2 requests a second, bursts of 4.
    let gw = support::Gateway::start_with(support::DataDir::new(), true, &["--rate-limit", "2"]);
    let client = gw.client();
    let started = Instant::now();
    let outcomes: Vec<_> = (0..30).map(|_| client.challenge()).collect();
    // The burst, and what the bucket refilled meanwhile (however slow this machine is).
    let most = 4 + (2.0 * started.elapsed().as_secs_f64()).ceil() as usize;
    let admitted = outcomes.iter().filter(|o| o.is_ok()).count();
    assert!(
        (4..=most).contains(&admitted),
        "{admitted} of 30 admitted (at most {most})"
    );
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert!(refused.is_unreachable(), "{refused}");
        assert!(refused.to_string().contains("rate limited"), "{refused}");
    }
    // A moment later the kiosk is served again.
    std::thread::sleep(Duration::from_millis(1_100));
    client.challenge().unwrap();
}

#[test]
fn outbox_replay_stops_at_a_busy_gateway_without_backing_off() {
    // 2 requests a second, bursts of 4; twelve confirmations signed offline wait in the outbox.
    let gw = support::Gateway::start_with(support::DataDir::new(), true, &["--rate-limit", "2"]);
    let mut client = gw.client();
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(&dir.path().join("keys"), "store-only").unwrap();
    let store = Store::open(&dir.path().join("kiosk.db"), &keys.data_key).unwrap();
    let mut card = support::card("normal", None);
    let signed_at = OffsetDateTime::now_utc().format(&Rfc3339).unwrap();
    for _ in 0..12 {
        let request_id = support::new_request_id();
        let challenge = BASE64.encode(offline_challenge(
            client.kiosk_id(),
            &request_id,
            &signed_at,
        ));
        let evidence = support::evidence(&mut card, &challenge);
        let mut request = support::request(&request_id, &challenge, evidence, Consent::ALL);
        request.offline_signed_at = Some(signed_at.clone());
        store.enqueue(&request).unwrap();
    }
    let started = Instant::now();
    let first = replay_outbox(&store, &mut client, false);
    let most = 4 + (2.0 * started.elapsed().as_secs_f64()).ceil() as usize;
    assert!((4..=most).contains(&first), "{first} sent (at most {most})");
    // The entry the gateway was too busy for is due at once, its tries not counted…
    let head = store
        .pending_requests(OffsetDateTime::now_utc(), 1)
        .unwrap();
    assert_eq!(head.len(), 1, "the next entry is due at once");
    assert_eq!(head[0].attempts, 0);
    // …so the next round, a moment later, goes on where this one stopped.
    std::thread::sleep(Duration::from_millis(1_100));
    let second = replay_outbox(&store, &mut client, false);
    assert!(second >= 2, "{second} sent in the next round");
    assert_eq!(store.waiting().unwrap(), 12 - first - second);
}
