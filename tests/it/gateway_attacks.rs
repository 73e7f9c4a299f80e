//! Attacks on the real `myna-gateway` process (docs/faults.md): a slowloris
//! from a second loopback address while a kiosk works, the client-certificate requirement, a
//! kiosk hoarding challenges, CA and malformed certificates offered as a card's, a test CA
//! trusted, and the retention purge. Needs no pcscd.

use crate::gateway_support as support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::eligibility::client::GatewayError;
use myna_kiosk::eligibility::device_key::{DeviceKey, keygen};
use myna_kiosk::eligibility::protocol::{CardEvidence, Consent, ErrorCode, PATH_CHALLENGE};
use support::{DataDir, Gateway, card, evidence, fixtures, new_request_id, refused, request};

/// Where the attackers come from: another loopback address (Linux routes all of 127/8 to lo).
const ATTACKER: [u8; 4] = [127, 0, 0, 2];
const DEADLINE_SECS: u64 = 2;

fn socket_addr(url: &str) -> SocketAddr {
    url.trim_start_matches("https://").parse().unwrap()
}

/// What the attackers saw.
#[derive(Default)]
struct AttackLog {
    /// Connections that got through the TLS handshake and sent their headers.
    admitted: AtomicUsize,
    /// Connections closed before or during the handshake.
    refused: AtomicUsize,
    /// For each admitted one: from its headers sent to its connection closed, and the answer's
    /// status line.
    held: Mutex<Vec<(Duration, String)>>,
}

/// One slowloris connection after another from 127.0.0.2: TLS, then a POST announcing a
/// 64 KiB body of which nothing ever comes; it waits until the gateway closes it.
fn slowloris(gateway: SocketAddr, stop: &AtomicBool, log: &AttackLog) {
    use rustls::pki_types::ServerName;
    let tls = Arc::new(support::client_tls());
    let head = format!(
        "POST /v1/confirmations HTTP/1.1\r\nHost: {gateway}\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n"
    );
    while !stop.load(Ordering::Relaxed) {
        let refused = || {
            log.refused.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(50));
        };
        let socket =
            socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        socket
            .bind(&SocketAddr::from((ATTACKER, 0)).into())
            .unwrap();
        if socket.connect(&gateway.into()).is_err() {
            refused();
            continue;
        }
        let mut tcp: TcpStream = socket.into();
        // Never longer than this, should the gateway keep the connection forever.
        tcp.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let name = ServerName::try_from("127.0.0.1").unwrap();
        let mut connection = rustls::ClientConnection::new(tls.clone(), name).unwrap();
        let mut handshake = || -> std::io::Result<()> {
            while connection.is_handshaking() {
                connection.complete_io(&mut tcp)?;
            }
            Ok(())
        };
        if handshake().is_err() {
            refused();
            continue;
        }
        let mut stream = rustls::StreamOwned::new(connection, tcp);
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            refused();
            continue;
        }
        let sent = Instant::now();
        log.admitted.fetch_add(1, Ordering::Relaxed);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let status = String::from_utf8_lossy(&answer)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        log.held.lock().unwrap().push((sent.elapsed(), status));
    }
}

fn start_attack(
    gateway: SocketAddr,
    n: usize,
) -> (
    Arc<AtomicBool>,
    Arc<AttackLog>,
    Vec<std::thread::JoinHandle<()>>,
) {
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(AttackLog::default());
    let threads = (0..n)
        .map(|_| {
            let (stop, log) = (stop.clone(), log.clone());
            std::thread::spawn(move || slowloris(gateway, &stop, &log))
        })
        .collect();
    (stop, log, threads)
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
fn a_slowloris_from_one_address_takes_neither_the_gateway_nor_the_kiosk() {
    // 16 connections in all, 8 per address; the attack opens 24 at once from 127.0.0.2.
    let deadline = DEADLINE_SECS.to_string();
    let gw = Gateway::start_with(
        DataDir::new(),
        true,
        &[
            "--request-timeout",
            &deadline,
            "--max-connections",
            "16",
            "--max-connections-per-address",
            "8",
            // The kiosk below asks for a challenge again and again without using them.
            "--max-challenges-per-kiosk",
            "10000",
        ],
    );
    let (stop, log, attackers) = start_attack(socket_addr(&gw.url), 24);
    wait_for(
        "the attackers hold their 8 connections",
        Duration::from_secs(10),
        || log.admitted.load(Ordering::Relaxed) >= 8 && log.refused.load(Ordering::Relaxed) > 0,
    );

    // The kiosk, from 127.0.0.1, during the attack: a new client (new TCP and TLS connection)
    // for each request, as after an idle pause, and one whole PIN visit.
    let started = Instant::now();
    let mut latencies = Vec::new();
    while started.elapsed() < Duration::from_secs(6) {
        let client = gw.client();
        let asked = Instant::now();
        let answer = client.challenge();
        latencies.push(asked.elapsed());
        answer.unwrap_or_else(|e| panic!("the kiosk was not answered during the attack: {e}"));
        std::thread::sleep(Duration::from_millis(50));
    }
    let client = gw.client();
    let visit = Instant::now();
    let confirmed = support::confirm(&client, &mut card("normal", None), Consent::ALL)
        .unwrap_or_else(|e| panic!("a PIN visit during the attack: {e}"));
    let visit = visit.elapsed();
    assert_eq!(confirmed.qualification_validity, "1");

    stop.store(true, Ordering::Relaxed);
    for attacker in attackers {
        attacker.join().unwrap();
    }
    let held = log.held.lock().unwrap();
    let mut dropped_after: Vec<Duration> = held.iter().map(|(d, _)| *d).collect();
    dropped_after.sort();
    latencies.sort();
    let timeout = Duration::from_millis(gw.config().timeout_ms);
    println!(
        "slowloris from 127.0.0.2 (24 connections at a time; cap 8 per address, 16 in all, deadline {DEADLINE_SECS} s): \
         {} attacking connections admitted, {} refused at once",
        held.len(),
        log.refused.load(Ordering::Relaxed)
    );
    println!(
        "kiosk from 127.0.0.1 during the attack: {} challenges on new connections, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (timeout {} ms); a PIN visit {:.1} ms",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap()),
        timeout.as_millis(),
        ms(visit)
    );
    println!(
        "attackers dropped after their headers: p50 {:.0} ms, max {:.0} ms",
        ms(percentile(&dropped_after, 0.5)),
        ms(*dropped_after.last().unwrap())
    );
    assert!(latencies.iter().all(|l| *l < timeout));
    let deadline = Duration::from_secs(DEADLINE_SECS);
    for (after, status) in held.iter() {
        assert!(
            *after <= deadline + Duration::from_millis(1500),
            "an attacker held its connection {after:?}"
        );
        assert!(status.contains(" 408 "), "answered {status:?}");
    }
    assert!(
        held.len() >= 8,
        "the attackers were admitted up to their cap"
    );
}

#[test]
fn a_silent_connection_and_an_idle_one_are_closed_at_the_deadline() {
    let deadline = DEADLINE_SECS.to_string();
    let gw = Gateway::start_with(DataDir::new(), true, &["--request-timeout", &deadline]);
    let closed_after = |stream: &mut dyn Read| {
        let started = Instant::now();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        started.elapsed()
    };
    // Connected, and not even a TLS hello.
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from((ATTACKER, 0)).into())
        .unwrap();
    socket.connect(&socket_addr(&gw.url).into()).unwrap();
    let mut silent: TcpStream = socket.into();
    silent
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let silent = closed_after(&mut silent);
    // One request answered, then the connection kept open and idle.
    let tcp = TcpStream::connect(socket_addr(&gw.url)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(support::client_tls()), name).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    tls.write_all(b"POST /nope HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let mut answer = [0u8; 12];
    tls.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"HTTP/1.1 404");
    let idle = closed_after(&mut tls);
    println!("closed: a silent connection after {silent:?}, an idle one after {idle:?}");
    let most = Duration::from_secs(DEADLINE_SECS) + Duration::from_millis(1500);
    assert!(silent <= most && idle <= most, "{silent:?}, {idle:?}");
}

#[test]
fn without_a_per_address_cap_the_same_slowloris_takes_every_connection() {
    // The control: one address may hold all 16 connections, and the deadline is long. The
    // kiosk is not answered; this is what the cap above prevents.
    let gw = Gateway::start_with(
        DataDir::new(),
        true,
        &[
            "--request-timeout",
            "30",
            "--max-connections",
            "16",
            "--max-connections-per-address",
            "16",
        ],
    );
    let (stop, log, attackers) = start_attack(socket_addr(&gw.url), 20);
    wait_for(
        "the attackers hold all 16 connections",
        Duration::from_secs(10),
        || log.admitted.load(Ordering::Relaxed) >= 16 && log.refused.load(Ordering::Relaxed) > 0,
    );
    let answer = gw.client().challenge();
    stop.store(true, Ordering::Relaxed);
    drop(gw);
    for attacker in attackers {
        attacker.join().unwrap();
    }
    assert!(answer.is_err(), "{answer:?}");
}

#[test]
fn with_the_client_certificate_required_only_registered_kiosks_get_past_the_handshake() {
    let post = |gw: &Gateway, tls: rustls::ClientConfig| {
        let http = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap();
        http.post(format!("{}/v1/challenge", gw.url)).send()
    };
    let keys = tempfile::tempdir().unwrap();
    let intruder = keygen(keys.path(), "intruder-01").unwrap();
    let intruder = DeviceKey::load(&intruder.device_key, "intruder-01").unwrap();

    // By default a client without a certificate reaches HTTP (and is refused there).
    let open = Gateway::start(DataDir::new());
    let answer = post(&open, support::client_tls()).unwrap();
    assert_eq!(answer.status().as_u16(), 400);

    let gw = Gateway::start_with(DataDir::new(), true, &["--require-client-certificate"]);
    gw.client()
        .challenge()
        .expect("the kiosk presents its device key");
    let bare = post(&gw, support::client_tls());
    assert!(bare.is_err(), "no certificate: {bare:?}");
    let unregistered = post(&gw, support::client_tls_with(&intruder));
    assert!(
        unregistered.is_err(),
        "an unregistered key: {unregistered:?}"
    );
    // The registered key on a raw client passes the handshake.
    let registered = post(&gw, support::client_tls_with(&gw.key())).unwrap();
    assert_eq!(registered.status().as_u16(), 400, "no kiosk headers");

    // Plain HTTP cannot carry client certificates: refused at start.
    let data = DataDir::new();
    let output = support::gateway_command(&[
        "--listen",
        "127.0.0.1:0",
        "--data",
        data.path().to_str().unwrap(),
        "--db",
        data.db().to_str().unwrap(),
        "--config",
        "/dev/null",
        "--require-client-certificate",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs TLS"));
}

#[test]
fn wrong_limits_stop_the_gateway_with_the_flag_and_its_range() {
    let data = DataDir::new();
    let (data_path, db) = (data.path(), data.db());
    let base = [
        "--listen",
        "127.0.0.1:0",
        "--data",
        data_path.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    let config_dir = tempfile::tempdir().unwrap();
    let config = config_dir.path().join("kiosk.toml");
    std::fs::write(&config, "[gateway.server]\nretention_days = 5\n").unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--request-timeout", "0"], "--request-timeout 0: 1 to 300"),
        (
            &["--max-connections", "0"],
            "--max-connections 0: 1 to 65536",
        ),
        (
            &[
                "--max-connections",
                "10",
                "--max-connections-per-address",
                "11",
            ],
            "--max-connections-per-address 11: 1 to --max-connections (10)",
        ),
        (
            &["--max-challenges-per-kiosk", "0"],
            "--max-challenges-per-kiosk 0",
        ),
        (
            &["--retention-days", "7"],
            "--retention-days 7: 30 to 36525",
        ),
        (
            &["--config", config.to_str().unwrap()],
            "--retention-days 5: 30 to 36525",
        ),
    ];
    for (flags, expected) in cases {
        let mut args = base.to_vec();
        if !flags.contains(&"--config") {
            args.extend(["--config", "/dev/null"]);
        }
        args.extend(flags);
        let output = support::gateway_command(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(64), "{flags:?}: {stderr}");
        assert!(stderr.contains(expected), "{flags:?}: {stderr}");
    }
    assert!(
        !data.db().exists(),
        "nothing opened before the limits are checked"
    );
}

#[test]
fn a_kiosk_cannot_hoard_challenges_and_others_are_not_affected() {
    let data = DataDir::new();
    let second = keygen(&data.dir.path().join("keys2"), "test-kiosk-02").unwrap();
    std::fs::copy(
        &second.public_key,
        data.path().join("kiosks/test-kiosk-02.pub"),
    )
    .unwrap();
    let gw = Gateway::start_with(data, true, &["--max-challenges-per-kiosk", "5"]);
    let client = gw.client();
    let held: Vec<_> = (0..5).map(|_| client.challenge().unwrap()).collect();
    // Over HTTP: 429 `rate_limited`; the kiosk takes it as a busy gateway.
    let key = gw.key();
    let (status, answer) = gw.raw(
        PATH_CHALLENGE,
        b"",
        &key.sign_request("POST", PATH_CHALLENGE, b""),
    );
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (429, Some("rate_limited")),
        "{answer}"
    );
    assert!(matches!(client.challenge(), Err(GatewayError::Busy)));
    let other = gw.client_with(DeviceKey::load(&second.device_key, "test-kiosk-02").unwrap());
    other
        .challenge()
        .expect("another kiosk still gets challenges");
    // Answering one gives its place back.
    let mut normal = card("normal", None);
    let challenge = &held[0].challenge;
    let ev = evidence(&mut normal, challenge);
    client
        .confirm(&request(&new_request_id(), challenge, ev, Consent::ALL))
        .unwrap();
    client.challenge().expect("a place again");
    assert!(matches!(client.challenge(), Err(GatewayError::Busy)));
}

/// A certificate for the `normal` fixture card's key and serial, from the fixture test CA, as
/// `edit` makes it; and the card's signature over a challenge with that key.
fn forged(edit: impl FnOnce(&mut rcgen::CertificateParams)) -> Vec<u8> {
    use rcgen::{
        CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256, SerialNumber,
    };
    let pki = fixtures().join("pki");
    let read = |p: &str| std::fs::read_to_string(pki.join(p)).unwrap();
    let ca_key =
        KeyPair::from_pem_and_sign_algo(&read("jpki-test-ca.key.pem"), &PKCS_RSA_SHA256).unwrap();
    let issuer = Issuer::from_ca_cert_pem(&read("jpki-test-ca.cert.pem"), ca_key).unwrap();
    let card_key =
        KeyPair::from_pem_and_sign_algo(&read("cards/normal.key.pem"), &PKCS_RSA_SHA256).unwrap();
    let mut params = CertificateParams::default();
    params.serial_number = Some(SerialNumber::from_slice(&[
        0x1a, 0x2b, 0x3c, 0x4d, 0, 0, 0, 1,
    ]));
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    edit(&mut params);
    params.signed_by(&card_key, &issuer).unwrap().der().to_vec()
}

fn card_signature(challenge: &str) -> Vec<u8> {
    let pem = std::fs::read_to_string(fixtures().join("pki/cards/normal.key.pem")).unwrap();
    let key = ring::signature::RsaKeyPair::from_pkcs8(pem::parse(pem).unwrap().contents()).unwrap();
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        &BASE64.decode(challenge).unwrap(),
        &mut signature,
    )
    .unwrap();
    signature
}

#[test]
fn a_ca_certificate_or_an_unparsable_key_usage_is_no_card_certificate() {
    use rcgen::{BasicConstraints, CustomExtension, IsCa, KeyUsagePurpose};
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let offer = |der: Vec<u8>| {
        let challenge = client.challenge().unwrap().challenge;
        let evidence = CardEvidence {
            auth_certificate: BASE64.encode(der),
            signature: BASE64.encode(card_signature(&challenge)),
        };
        let id = new_request_id();
        let answer = client.confirm(&request(&id, &challenge, evidence, Consent::ALL));
        (id, answer)
    };
    // The control: the same key, serial and CA as an end entity is the normal person.
    let (id, answer) = offer(forged(|_| {}));
    assert_eq!(answer.unwrap().qualification_validity, "1");
    assert_eq!(gw.count("confirmations", &id), 1);
    let attempts = [
        (
            "basicConstraints cA",
            forged(|p| p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained)),
        ),
        (
            "keyCertSign",
            forged(|p| {
                p.key_usages = vec![
                    KeyUsagePurpose::DigitalSignature,
                    KeyUsagePurpose::KeyCertSign,
                ]
            }),
        ),
        (
            "unparsable key usage",
            forged(|p| {
                p.key_usages = vec![];
                p.custom_extensions = vec![CustomExtension::from_oid_content(
                    &[2, 5, 29, 15],
                    vec![0x04, 0x01, 0x00],
                )];
            }),
        ),
    ];
    for (what, der) in attempts {
        let (id, answer) = offer(der);
        assert_eq!(refused(answer), (400, ErrorCode::BadCertificate), "{what}");
        assert_eq!(gw.count("confirmations", &id), 0, "{what}");
        assert_eq!(gw.count("consents", &id), 0, "{what}");
    }
}

/// Starts `myna-gateway` on `data` with the log filtered out entirely, waits until it listens,
/// stops it, and returns what it wrote on stderr.
fn stderr_at_start(data: &DataDir) -> String {
    let mut child = support::gateway_command(&[
        "--listen",
        "127.0.0.1:0",
        "--data",
        data.path().to_str().unwrap(),
        "--db",
        data.db().to_str().unwrap(),
        "--config",
        "/dev/null",
    ])
    .env("MYNA_LOG", "off")
    .spawn()
    .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    assert!(line.starts_with("myna-gateway listening on"), "{line:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_gateway_warns_at_start_when_it_trusts_the_test_ca() {
    let data = DataDir::new();
    let stderr = stderr_at_start(&data);
    assert!(
        stderr.contains("WARNING: TEST CA TRUSTED: ca/jpki-test-ca.cert.pem"),
        "{stderr}"
    );
    // Another CA, named as a real one would be: no warning.
    std::fs::remove_file(data.path().join("ca/jpki-test-ca.cert.pem")).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::default();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.distinguished_name.push(
        rcgen::DnType::OrganizationName,
        "Example Prefecture Health Insurance",
    );
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Auth CA");
    let ca = params.self_signed(&key).unwrap();
    std::fs::write(data.path().join("ca/auth-ca.pem"), ca.pem()).unwrap();
    let stderr = stderr_at_start(&data);
    assert!(!stderr.contains("TEST CA"), "{stderr}");
}

#[test]
fn old_confirmations_and_consents_are_purged_and_the_purge_recorded() {
    let gw = Gateway::start_with(
        DataDir::new(),
        true,
        &[
            "--retention-days",
            "30",
            "--retention-purge-every-secs",
            "1",
        ],
    );
    let client = gw.client();
    let mut normal = card("normal", None);
    let old = support::confirm(&client, &mut normal, Consent::ALL).unwrap();
    let new = support::confirm(&client, &mut normal, Consent::ALL).unwrap();
    let db = rusqlite::Connection::open(gw.data.db()).unwrap();
    db.busy_timeout(Duration::from_secs(5)).unwrap();
    // As if recorded 31 days ago.
    let then = time::OffsetDateTime::now_utc() - time::Duration::days(31);
    let then = myna_kiosk::eligibility::device_key::format_time(then);
    db.execute(
        "UPDATE confirmations SET processed_at = ?1 WHERE request_id = ?2",
        [&then, &old.request_id],
    )
    .unwrap();
    db.execute(
        "UPDATE consents SET cons_time = ?1 WHERE request_id = ?2",
        [&then, &old.request_id],
    )
    .unwrap();
    wait_for("the daily purge", Duration::from_secs(10), || {
        gw.count("confirmations", &old.request_id) == 0
    });
    assert_eq!(gw.count("consents", &old.request_id), 0);
    assert_eq!(gw.count("confirmations", &new.request_id), 1);
    assert_eq!(gw.count("consents", &new.request_id), 1);
    let purged: i64 = db
        .query_row(
            "SELECT count(*) FROM retention_purges WHERE confirmations = 1 AND consents = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(purged, 1, "the purge is recorded with its counts");
    let runs: i64 = db
        .query_row("SELECT count(*) FROM retention_purges", [], |r| r.get(0))
        .unwrap();
    assert!(runs >= 2, "one at start, then each run: {runs}");
}
