//! Layer 3: the real `myna-gateway` process over HTTPS on 127.0.0.1, driven by the kiosk's
//! `GatewayClient` and card layer over virtual cards in memory. Needs no pcscd.

use crate::gateway_support as support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::eligibility::device_key::{DeviceKey, format_request_time};
use myna_kiosk::eligibility::protocol::{
    ConfirmationResult, Consent, ErrorCode, HEADER_KIOSK_ID, HEADER_KIOSK_TIME, PATH_CHALLENGE,
    PATH_CONFIRMATIONS, Token,
};
use support::{
    DataDir, Gateway, KIOSK_ID, card, confirm, evidence, new_request_id, refused, request,
};
use time::OffsetDateTime;

fn ok(
    result: Result<ConfirmationResult, myna_kiosk::eligibility::client::GatewayError>,
) -> ConfirmationResult {
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn warnings(result: &ConfirmationResult) -> Vec<&str> {
    result.warnings.iter().map(|w| w.code.as_str()).collect()
}

/// What a card's confirmation must answer: validity, number of results, and the first
/// result's insurer, identification number and copay ratio, and the warnings.
struct Expected {
    profile: &'static str,
    serial: Option<&'static str>,
    validity: &'static str,
    results: usize,
    person: [&'static str; 3],
    warnings: &'static [&'static str],
}

const fn case(
    profile: &'static str,
    serial: Option<&'static str>,
    validity: &'static str,
    results: usize,
    person: [&'static str; 3],
    warnings: &'static [&'static str],
) -> Expected {
    Expected {
        profile,
        serial,
        validity,
        results,
        person,
        warnings,
    }
}

/// Every person in fixtures/insured, through the card that belongs to them.
#[test]
fn every_fixture_person_is_confirmed_as_recorded() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let expiring: &[&str] = &["certificate_expiring"];
    let grace: &[&str] = &["certificate_expired_grace"];
    let cases = [
        case("normal", None, "1", 1, ["01130012", "1234", "030"], &[]),
        case(
            "expiring-soon",
            None,
            "1",
            1,
            ["06139992", "17", "020"],
            expiring,
        ),
        case(
            "expired-recently",
            None,
            "1",
            1,
            ["39131016", "00123456", "010"],
            grace,
        ),
        case("no-pin", None, "1", 1, ["39131016", "00987654", "010"], &[]),
        case(
            "one-try-left",
            None,
            "1",
            1,
            ["06139992", "000123", "030"],
            &[],
        ),
        case("pin-locked", None, "1", 1, ["138016", "4567", "030"], &[]),
        case(
            "android-token",
            None,
            "1",
            1,
            ["01130012", "9876", "030"],
            &[],
        ),
        case(
            "iphone-token",
            None,
            "1",
            1,
            ["31130016", "321", "030"],
            &[],
        ),
        case("under-15", None, "1", 1, ["01130012", "1234", "030"], &[]),
        case(
            "normal",
            Some("1a2b3c4d000000f1"),
            "2",
            1,
            ["01130012", "88", "030"],
            &[],
        ),
        case(
            "normal",
            Some("1a2b3c4d000000f2"),
            "3",
            1,
            ["06139992", "41", "030"],
            &[],
        ),
        case(
            "normal",
            Some("1a2b3c4d000000f3"),
            "5",
            2,
            ["01130012", "7", "030"],
            &[],
        ),
        case(
            "normal",
            Some("1a2b3c4d000000f4"),
            "6",
            1,
            ["12131017", "0001234", "000"],
            &[],
        ),
        case(
            "normal",
            Some("1a2b3c4d000000ff"),
            "4",
            0,
            ["", "", ""],
            &[],
        ),
    ];
    for expected in cases {
        let what = format!("{} {:?}", expected.profile, expected.serial);
        let mut card = card(expected.profile, expected.serial);
        let result = ok(confirm(&client, &mut card, Consent::ALL));
        assert_eq!(result.processing_result_status, "1", "{what}");
        assert_eq!(result.qualification_validity, expected.validity, "{what}");
        assert_eq!(result.results.len(), expected.results, "{what}");
        assert_eq!(warnings(&result), expected.warnings, "{what}");
        assert_eq!(result.is_confirmed(), expected.validity == "1", "{what}");
        if let Some(first) = result.results.first() {
            let person = [
                first.insurer_number.as_str(),
                &first.insured_identification_number,
                &first.insured_partial_contribution_ratio,
            ];
            assert_eq!(person, expected.person, "{what}");
        }
    }
}

#[test]
fn items_consent_and_the_limit_information_always() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let before = OffsetDateTime::now_utc();
    let all = ok(confirm(&client, &mut card("normal", None), Consent::ALL));
    let person = &all.results[0];
    assert_eq!(person.name, "試験　花子");
    assert_eq!(person.insured_card_symbol.as_deref(), Some("12345678"));
    assert_eq!(person.insured_branch_number.as_deref(), Some("00"));
    let limit = person
        .limit_application_certificate_related_info
        .as_ref()
        .unwrap();
    assert_eq!(
        limit.limit_application_certificate_classification_flag,
        "A03"
    );
    let c = &all.consent;
    assert_eq!(
        [
            c.diagnosis_info_cons_flg.as_str(),
            &c.pharmacists_info_cons_flg,
            &c.operation_info_cons_flg,
            &c.specific_health_checkups_info_cons_flg,
            &c.limit_application_certificate_related_cons_flg,
        ],
        ["1"; 5]
    );
    let rfc = &time::format_description::well_known::Rfc3339;
    let cons = OffsetDateTime::parse(&c.cons_time, rfc).unwrap();
    let until = OffsetDateTime::parse(&c.available_time, rfc).unwrap();
    assert_eq!(until - cons, time::Duration::hours(24));
    assert!((cons - before).abs() < time::Duration::seconds(60));
    assert_eq!(all.qualification_confirmation_date.len(), 10);

    // The 限度額 information is not a consent on the card path: given with some consent, and
    // with none at all (docs/domain/eligibility.md §1.4).
    let consent = Consent {
        medication_clinical: true,
        ..Consent::default()
    };
    let some = ok(confirm(&client, &mut card("normal", None), consent));
    assert!(
        some.results[0]
            .limit_application_certificate_related_info
            .is_some()
    );
    assert_eq!(some.consent.diagnosis_info_cons_flg, "1");
    assert_eq!(some.consent.operation_info_cons_flg, "0");
    assert_eq!(
        some.consent.limit_application_certificate_related_cons_flg,
        "1"
    );
    let none = ok(confirm(
        &client,
        &mut card("normal", None),
        Consent::default(),
    ));
    assert_eq!(
        none.results[0]
            .limit_application_certificate_related_info
            .as_ref()
            .map(|l| l.limit_application_certificate_classification_flag.as_str()),
        Some("A03")
    );
    assert_eq!(none.consent.diagnosis_info_cons_flg, "0");
    assert_eq!(none.consent.available_time, "");

    // 70-74: 高齢受給者 2割; lost eligibility: date and reason.
    let elderly = ok(confirm(
        &client,
        &mut card("expiring-soon", None),
        Consent::ALL,
    ));
    let info = elderly.results[0]
        .elderly_recipient_certificate_info
        .as_ref()
        .unwrap();
    assert_eq!(info.elderly_recipient_contribution_ratio, "020");
    let lost = ok(confirm(
        &client,
        &mut card("normal", Some("1a2b3c4d000000f1")),
        Consent::ALL,
    ));
    assert_eq!(
        lost.results[0].disqualification_date.as_deref(),
        Some("2026-10-31")
    );
    assert_eq!(lost.results[0].reason_of_loss.as_deref(), Some("03"));
    let two = ok(confirm(
        &client,
        &mut card("normal", Some("1a2b3c4d000000f3")),
        Consent::ALL,
    ));
    assert_eq!(
        two.results[1].insurer_number, "138016",
        "国保: 6 digits, not padded"
    );
}

#[test]
fn certificates_that_are_refused() {
    let data = DataDir::new();
    data.revoke("1a2b3c4d00000006");
    let gw = Gateway::start(data);
    let client = gw.client();
    let cases = [
        ("expired-long-ago", ErrorCode::CertificateExpired),
        ("one-try-left", ErrorCode::CertificateRevoked),
        // Every 住基カード certificate was revoked (fixtures/revoked.txt).
        ("juki-card", ErrorCode::CertificateRevoked),
    ];
    for (profile, code) in cases {
        let result = confirm(&client, &mut card(profile, None), Consent::ALL);
        assert_eq!(refused(result), (403, code), "{profile}");
    }
    // The broken-certificate card's EF 000A is no certificate: the card layer refuses to parse
    // it, so send its bytes as they are.
    let challenge = client.challenge().unwrap();
    let mut good = evidence(&mut card("normal", None), &challenge.challenge);
    good.auth_certificate = BASE64.encode([0x30, 0x82, 0x01, 0x00, 0xA5, 0xA5]);
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        good,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (400, ErrorCode::BadCertificate));
}

/// An expired certificate inside its grace: eligibility only, whatever consent the kiosk sent;
/// the same certificate on a smartphone has no grace (docs/domain/eligibility.md §1.6).
#[test]
fn the_grace_gives_eligibility_only_and_none_to_smartphones() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let send = |token: Token| {
        let mut card = card("expired-recently", None);
        let challenge = client.challenge().unwrap();
        let evidence = evidence(&mut card, &challenge.challenge);
        let mut request = request(
            &new_request_id(),
            &challenge.challenge,
            evidence,
            Consent::ALL,
        );
        request.token = token;
        client.confirm(&request)
    };
    let answer = ok(send(Token::Card));
    assert_eq!(warnings(&answer), ["certificate_expired_grace"]);
    let c = &answer.consent;
    assert_eq!(
        [
            c.diagnosis_info_cons_flg.as_str(),
            &c.pharmacists_info_cons_flg,
            &c.operation_info_cons_flg,
            &c.specific_health_checkups_info_cons_flg,
            &c.available_time,
        ],
        ["0", "0", "0", "0", ""]
    );
    assert_eq!(c.limit_application_certificate_related_cons_flg, "1");
    for phone in [Token::Android, Token::Iphone] {
        assert_eq!(
            refused(send(phone)),
            (403, ErrorCode::CertificateExpired),
            "{phone:?}"
        );
    }
}

/// A certificate for the same key and serial from a CA with the test CA's very name.
#[test]
fn a_certificate_from_another_ca_is_refused() {
    use rcgen::{CertificateParams, Issuer, KeyPair, PKCS_RSA_SHA256, SerialNumber};
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let ca_pem =
        std::fs::read_to_string(support::fixtures().join("pki/jpki-test-ca.cert.pem")).unwrap();
    // The test CA's name with a new key: only the signature can tell them apart.
    let impostor = Issuer::from_ca_cert_pem(&ca_pem, KeyPair::generate().unwrap()).unwrap();
    let card_pem =
        std::fs::read_to_string(support::fixtures().join("pki/cards/normal.key.pem")).unwrap();
    let card_key = KeyPair::from_pem_and_sign_algo(&card_pem, &PKCS_RSA_SHA256).unwrap();
    let mut params = CertificateParams::default();
    params.serial_number = Some(SerialNumber::from_slice(&[
        0x1a, 0x2b, 0x3c, 0x4d, 0, 0, 0, 1,
    ]));
    let foreign = params.signed_by(&card_key, &impostor).unwrap();

    let challenge = client.challenge().unwrap();
    let mut ev = evidence(&mut card("normal", None), &challenge.challenge);
    ev.auth_certificate = BASE64.encode(foreign.der());
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (403, ErrorCode::UnknownCa));
}

#[test]
fn card_signature_and_challenge_rules() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let mut normal = card("normal", None);

    // A signature over something else.
    let challenge = client.challenge().unwrap();
    let mut ev = evidence(&mut normal, &challenge.challenge);
    let mut signature = BASE64.decode(&ev.signature).unwrap();
    signature[10] ^= 0x01;
    ev.signature = BASE64.encode(signature);
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (403, ErrorCode::BadCardSignature));

    // A challenge serves once, even after a refusal.
    let ev = evidence(&mut normal, &challenge.challenge);
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (409, ErrorCode::UnknownChallenge));

    // A used challenge in a new request.
    let challenge = client.challenge().unwrap();
    let ev = evidence(&mut normal, &challenge.challenge);
    ok(client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev.clone(),
        Consent::ALL,
    )));
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (409, ErrorCode::UnknownChallenge));

    // A challenge never issued.
    let made_up = BASE64.encode([7u8; 32]);
    let ev = evidence(&mut normal, &made_up);
    let result = client.confirm(&request(&new_request_id(), &made_up, ev, Consent::ALL));
    assert_eq!(refused(result), (409, ErrorCode::UnknownChallenge));
}

/// The gateway in this process on a clock the test moves forward (the lifetime of a challenge
/// passes without sleeping through it); its URL.
fn gateway_on(
    data: &DataDir,
    clock: std::sync::Arc<myna_kiosk::gateway::clock::SteppedClock>,
    challenge_ttl_secs: i64,
) -> String {
    use myna_kiosk::gateway;
    let options = gateway::Options {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        data: data.path(),
        db: data.db(),
        tls: None,
        challenge_ttl: time::Duration::seconds(challenge_ttl_secs),
        rate_limit: 0,
        face_max_distance: None,
        limits: gateway::Limits::default(),
        clock,
    };
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    // Serves until the test process ends.
    std::thread::spawn(move || {
        let served = gateway::run(&options, |url| url_tx.send(url.to_string()).unwrap());
        panic!("the in-process gateway stopped: {served:?}");
    });
    url_rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .unwrap()
}

#[test]
fn an_expired_challenge_is_refused() {
    let data = DataDir::new();
    let clock = std::sync::Arc::new(myna_kiosk::gateway::clock::SteppedClock::default());
    let url = gateway_on(&data, clock.clone(), 20);
    let config = myna_kiosk::config::GatewayConfig {
        url: Some(url),
        kiosk_id: Some(KIOSK_ID.into()),
        device_key: data.key_file.clone(),
        ..Default::default()
    };
    myna_kiosk::eligibility::client::install_crypto_provider();
    let client = myna_kiosk::eligibility::client::GatewayClient::from_config(&config).unwrap();
    let mut normal = card("normal", None);
    let live = client.challenge().unwrap();
    let challenge = client.challenge().unwrap();
    // 19 s on: still valid.
    clock.advance(std::time::Duration::from_secs(19));
    let ev = evidence(&mut normal, &live.challenge);
    ok(client.confirm(&request(
        &new_request_id(),
        &live.challenge,
        ev,
        Consent::ALL,
    )));
    // 21 s on, within the kiosk signature's 30 s window: the challenge's lifetime is over.
    clock.advance(std::time::Duration::from_secs(2));
    let ev = evidence(&mut normal, &challenge.challenge);
    let result = client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        ev,
        Consent::ALL,
    ));
    assert_eq!(refused(result), (409, ErrorCode::ExpiredChallenge));
}

#[test]
fn kiosk_authentication() {
    let gw = Gateway::start(DataDir::new());
    let pkcs8 = || {
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
            .unwrap()
            .as_ref()
            .to_vec()
    };
    // Registered id, wrong key.
    let wrong = DeviceKey::from_pkcs8(KIOSK_ID, &pkcs8()).unwrap();
    let result = gw.client_with(wrong).challenge();
    assert_eq!(refused(result), (401, ErrorCode::BadKioskSignature));
    // Unknown id.
    let stranger = DeviceKey::from_pkcs8("stranger", &pkcs8()).unwrap();
    let result = gw.client_with(stranger).challenge();
    assert_eq!(refused(result), (401, ErrorCode::UnknownKiosk));

    let key = gw.key();
    // A clock 2 minutes off, either way.
    for offset in [-120, 120] {
        let time = OffsetDateTime::now_utc() + time::Duration::seconds(offset);
        let headers = key.sign_request_at("POST", PATH_CHALLENGE, b"", time);
        let (status, body) = gw.raw(PATH_CHALLENGE, b"", &headers);
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("stale_request"))
        );
    }
    // The same signed request twice.
    let headers = key.sign_request("POST", PATH_CHALLENGE, b"");
    assert_eq!(gw.raw(PATH_CHALLENGE, b"", &headers).0, 200);
    let (status, body) = gw.raw(PATH_CHALLENGE, b"", &headers);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("replayed_request"))
    );
    // A signature for another path.
    let headers = key.sign_request("POST", PATH_CONFIRMATIONS, b"");
    let (status, body) = gw.raw(PATH_CHALLENGE, b"", &headers);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("bad_kiosk_signature"))
    );
}

#[test]
fn a_kiosk_that_shows_its_key_in_the_tls_handshake_needs_no_request_signature() {
    let gw = Gateway::start(DataDir::new());
    let unsigned = |tls: rustls::ClientConfig, kiosk: &str| {
        let http = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap();
        let response = http
            .post(format!("{}{PATH_CHALLENGE}", gw.url))
            .header(HEADER_KIOSK_ID, kiosk)
            .header(
                HEADER_KIOSK_TIME,
                format_request_time(OffsetDateTime::now_utc()),
            )
            .send()
            .unwrap();
        let status = response.status().as_u16();
        let json: serde_json::Value = response.json().unwrap();
        (status, json)
    };
    let (status, json) = unsigned(support::client_tls_with(&gw.key()), KIOSK_ID);
    assert_eq!(status, 200, "{json}");
    assert!(json["challenge"].is_string(), "{json}");
    // Without a client certificate the request must be signed.
    let (status, json) = unsigned(support::client_tls(), KIOSK_ID);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // A key the gateway has not registered passes the handshake and counts for nothing.
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let stranger = DeviceKey::from_pkcs8(KIOSK_ID, pkcs8.as_ref()).unwrap();
    let (status, json) = unsigned(support::client_tls_with(&stranger), KIOSK_ID);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // The kiosk's own connection does not vouch for another kiosk id.
    let (status, json) = unsigned(support::client_tls_with(&gw.key()), "another-kiosk");
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (401, Some("unknown_kiosk"))
    );
}

#[test]
fn the_client_checks_the_gateway_certificate() {
    let gw = Gateway::start(DataDir::new());
    let mut config = gw.config();
    // A CA that did not issue the gateway's certificate: TLS fails, the gateway is unreachable.
    config.ca_file = Some(support::fixtures().join("pki/jpki-test-ca.cert.pem"));
    let client = myna_kiosk::eligibility::client::GatewayClient::new(&config, gw.key()).unwrap();
    let err = client.challenge().unwrap_err();
    assert!(err.is_unreachable(), "{err}");
}

#[test]
fn malformed_requests_get_json_errors() {
    let gw = Gateway::start(DataDir::new());
    let key = gw.key();
    for body in [&b"{not json"[..], b"", b"{}", b"{\"request_id\": 5}"] {
        let headers = key.sign_request("POST", PATH_CONFIRMATIONS, body);
        let (status, json) = gw.raw(PATH_CONFIRMATIONS, body, &headers);
        assert_eq!(status, 400, "{json}");
        assert_eq!(json["error"]["code"], "bad_request");
    }
    let headers = key.sign_request("POST", PATH_CHALLENGE, b"[1]");
    let (status, json) = gw.raw(PATH_CHALLENGE, b"[1]", &headers);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let big = vec![b' '; 100_000];
    let headers = key.sign_request("POST", PATH_CONFIRMATIONS, &big);
    let (status, json) = gw.raw(PATH_CONFIRMATIONS, &big, &headers);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (413, Some("bad_request"))
    );
    let headers = key.sign_request("POST", "/v1/nothing", b"");
    let (status, json) = gw.raw("/v1/nothing", b"", &headers);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (404, Some("bad_request"))
    );
    // No authentication headers at all.
    let http = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(support::client_tls())
        .build()
        .unwrap();
    let response = http
        .post(format!("{}{PATH_CHALLENGE}", gw.url))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let json: serde_json::Value = response.json().unwrap();
    assert_eq!(json["error"]["code"], "bad_request");
    let response = http
        .get(format!("{}{PATH_CHALLENGE}", gw.url))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

#[test]
fn a_repeated_request_id_gets_the_first_answer_and_is_recorded_once() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let mut normal = card("normal", None);
    let challenge = client.challenge().unwrap();
    let ev = evidence(&mut normal, &challenge.challenge);
    let id = new_request_id();
    let req = request(&id, &challenge.challenge, ev, Consent::ALL);
    let first = ok(client.confirm(&req));
    // The outbox sends the same body again, in a new signed request.
    let again = ok(client.confirm(&req));
    assert_eq!(again, first);
    assert_eq!(gw.count("confirmations", &id), 1);
    assert_eq!(gw.count("consents", &id), 1);
    // Even with a fresh challenge, the first answer stands.
    let challenge = client.challenge().unwrap();
    let ev = evidence(&mut normal, &challenge.challenge);
    let third = ok(client.confirm(&request(&id, &challenge.challenge, ev, Consent::default())));
    assert_eq!(third, first);
    assert_eq!(gw.count("confirmations", &id), 1);
}

#[test]
fn plain_http_only_on_loopback() {
    let data = DataDir::new();
    let path = data.path();
    let output = support::gateway_command(&[
        "--listen",
        "0.0.0.0:0",
        "--data",
        path.to_str().unwrap(),
        "--db",
        data.db().to_str().unwrap(),
        "--config",
        "/dev/null",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(64));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("plain HTTP"), "{stderr}");
    assert!(output.stdout.is_empty());

    // On loopback, plain HTTP serves (and the client accepts http for loopback only).
    let gw = Gateway::start_with(data, false, &[]);
    assert!(gw.url.starts_with("http://127.0.0.1:"), "{}", gw.url);
    let result = ok(confirm(
        &gw.client(),
        &mut card("normal", None),
        Consent::ALL,
    ));
    assert_eq!(result.qualification_validity, "1");
}

#[test]
fn bad_seed_data_stops_the_gateway_with_the_file_named() {
    let data = DataDir::new();
    std::fs::write(
        data.path().join("insured/typo.toml"),
        "serial = \"1a\"\n[result]\ninsurer_numbr = \"01130012\"\n",
    )
    .unwrap();
    let output = support::gateway_command(&[
        "--listen",
        "127.0.0.1:0",
        "--data",
        data.path().to_str().unwrap(),
        "--db",
        data.db().to_str().unwrap(),
        "--config",
        "/dev/null",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(64));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("typo.toml") && stderr.contains("insurer_numbr"),
        "{stderr}"
    );
}

#[test]
fn the_ca_copy_in_fixtures_matches_the_test_ca() {
    let fixtures = support::fixtures();
    assert_eq!(
        std::fs::read(fixtures.join("ca/jpki-test-ca.cert.pem")).unwrap(),
        std::fs::read(fixtures.join("pki/jpki-test-ca.cert.pem")).unwrap(),
        "run scripts/gen-fixtures.sh"
    );
}
