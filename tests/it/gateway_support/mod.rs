//! Harness for tests/it/gateway.rs: the real `myna-gateway` binary over HTTPS on 127.0.0.1 with a
//! copy of the fixture data, a kiosk key made for the test, and virtual cards in memory.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardKind, CardSession, DigestInfo, PhoneAnswer};
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, GatewayError, install_crypto_provider};
use myna_kiosk::eligibility::device_key::{DeviceKey, SignedHeaders};
use myna_kiosk::eligibility::protocol::{
    CardEvidence, ConfirmationRequest, ConfirmationResult, Consent, ErrorCode, Method,
};
use tempfile::TempDir;
use time::OffsetDateTime;

pub const KIOSK_ID: &str = "test-kiosk-01";
pub const PIN: &str = "1234";

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn tls_ca() -> PathBuf {
    fixtures().join("tls/ca.cert.pem")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// A temp data directory: fixtures' insured/, ca/, revoked.txt, and kiosks/ with a new key.
pub struct DataDir {
    pub dir: TempDir,
    pub key_file: PathBuf,
}

impl DataDir {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(&fixtures().join("insured"), &data.join("insured"));
        copy_dir(&fixtures().join("ca"), &data.join("ca"));
        std::fs::copy(fixtures().join("revoked.txt"), data.join("revoked.txt")).unwrap();
        let keys = dir.path().join("keys");
        let out = myna_kiosk::eligibility::device_key::keygen(&keys, KIOSK_ID).unwrap();
        std::fs::create_dir_all(data.join("kiosks")).unwrap();
        std::fs::copy(
            &out.public_key,
            data.join("kiosks").join(format!("{KIOSK_ID}.pub")),
        )
        .unwrap();
        DataDir {
            dir,
            key_file: out.device_key,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Revokes the test CA's certificate with this serial.
    pub fn revoke(&self, serial: &str) {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(self.path().join("revoked.txt"))
            .unwrap();
        writeln!(file, "{TEST_CA_SHA256} {serial}").unwrap();
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("gateway.sqlite")
    }
}

/// A running `myna-gateway`, killed on drop.
pub struct Gateway {
    child: Child,
    pub url: String,
    pub data: DataDir,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn gateway_command(args: &[&str]) -> Command {
    let mut command = Command::new(crate::common::workspace_bin("myna-gateway"));
    command
        .args(args)
        .env("MYNA_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

impl Gateway {
    /// Over HTTPS with the fixture TLS certificate.
    pub fn start(data: DataDir) -> Self {
        Self::start_with(data, true, &[])
    }

    pub fn start_with(data: DataDir, tls: bool, extra: &[&str]) -> Self {
        let data_path = data.path();
        let db = data.db();
        let cert = fixtures().join("tls/server.cert.pem");
        let key = fixtures().join("tls/server.key.pem");
        // A test may name the address (a gateway started where a kiosk already looks).
        let listen = if extra.contains(&"--listen") {
            vec![]
        } else {
            vec!["--listen", "127.0.0.1:0"]
        };
        let mut args = listen;
        args.extend([
            "--data",
            data_path.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            // An explicit, absent config: the repository's kiosk.toml must not leak in.
            "--config",
            "/dev/null",
        ]);
        if tls {
            args.extend([
                "--tls-cert",
                cert.to_str().unwrap(),
                "--tls-key",
                key.to_str().unwrap(),
            ]);
        }
        // Tests send many requests from one kiosk at once: no per-kiosk limit unless a test
        // sets one (tests/it/gateway_failures.rs does).
        if !extra.contains(&"--rate-limit") {
            args.extend(["--rate-limit", "0"]);
        }
        args.extend(extra);
        let mut child = gateway_command(&args).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let Some(url) = line.trim().strip_prefix("myna-gateway listening on ") else {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "myna-gateway did not start: {line:?} {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        Gateway {
            url: url.to_string(),
            child,
            data,
        }
    }

    /// Stops the process and gives back its data folder and database, for a restart on them.
    pub fn stop(mut self) -> DataDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // `Gateway` is dropped (killing nothing more); an empty folder stands in for the data.
        let stand_in = DataDir {
            dir: tempfile::tempdir().unwrap(),
            key_file: PathBuf::new(),
        };
        std::mem::replace(&mut self.data, stand_in)
    }

    pub fn config(&self) -> GatewayConfig {
        GatewayConfig {
            url: Some(self.url.clone()),
            ca_file: Some(tls_ca()),
            kiosk_id: Some(KIOSK_ID.into()),
            device_key: self.data.key_file.clone(),
            ..GatewayConfig::default()
        }
    }

    pub fn client(&self) -> GatewayClient {
        install_crypto_provider();
        GatewayClient::from_config(&self.config()).unwrap()
    }

    pub fn key(&self) -> DeviceKey {
        DeviceKey::load(&self.data.key_file, KIOSK_ID).unwrap()
    }

    /// A client with another device key (unknown id, or a registered id with the wrong key).
    pub fn client_with(&self, key: DeviceKey) -> GatewayClient {
        install_crypto_provider();
        GatewayClient::new(&self.config(), key).unwrap()
    }

    /// A POST signed as given, bypassing the client's checks: (status, JSON answer).
    pub fn raw(
        &self,
        path: &str,
        body: &[u8],
        headers: &SignedHeaders,
    ) -> (u16, serde_json::Value) {
        install_crypto_provider();
        let http = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(client_tls())
            .build()
            .unwrap();
        let mut request = http.post(format!("{}{path}", self.url)).body(body.to_vec());
        for (name, value) in headers.pairs() {
            request = request.header(name, value);
        }
        let response = request.send().unwrap();
        let status = response.status().as_u16();
        let json = response.json().unwrap();
        (status, json)
    }

    /// Rows in a table of the gateway's database for a request id.
    pub fn count(&self, table: &str, request_id: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.data.db()).unwrap();
        conn.query_row(
            &format!("SELECT COUNT(*) FROM {table} WHERE request_id = ?1"),
            [request_id],
            |r| r.get(0),
        )
        .unwrap()
    }
}

/// rustls trusting the fixture TLS CA only.
pub fn client_tls() -> rustls::ClientConfig {
    client_tls_builder().with_no_client_auth()
}

/// TLS presenting `key` as the client identity, as the kiosk's client does.
pub fn client_tls_with(key: &DeviceKey) -> rustls::ClientConfig {
    let (certificate, private_key) = key.tls_identity().unwrap();
    client_tls_builder()
        .with_client_auth_cert(vec![certificate], private_key)
        .unwrap()
}

fn client_tls_builder()
-> rustls::ConfigBuilder<rustls::ClientConfig, rustls::client::WantsClientCert> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(tls_ca()).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
}

/// SHA-256 of the test CA's DER name (fixtures/pki): the issuer of every fixture card.
pub const TEST_CA_SHA256: &str = "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c";

/// A virtual card from a copy of a fixture profile: auth PIN 1234 with 3 tries (so that
/// no-pin and pin-locked people can be confirmed too) and, optionally, another serial.
pub fn card(profile: &str, serial: Option<&str>) -> CardSession<InMemoryTransport> {
    let mut virtual_card = virtual_card(profile, serial);
    CardSession::new(InMemoryTransport::new(move |apdu| {
        Some(virtual_card.process(apdu))
    }))
}

/// The virtual card of [`card`], to wrap in a transport of the test's own.
pub fn virtual_card(profile: &str, serial: Option<&str>) -> myna_kiosk::sim::VirtualCard {
    let cards = fixtures().join("cards");
    let text = std::fs::read_to_string(cards.join(format!("{profile}.toml"))).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    for key in ["key", "ca_key", "ca_certificate"] {
        let rel = table[key].as_str().unwrap().to_string();
        table.insert(key.into(), cards.join(rel).to_str().unwrap().into());
    }
    let holder = table["holder"].as_table_mut().unwrap();
    for key in ["photo", "text_image"] {
        let rel = holder[key].as_str().unwrap().to_string();
        holder.insert(key.into(), cards.join(rel).to_str().unwrap().into());
    }
    let mut pin = toml::Table::new();
    pin.insert("value".into(), PIN.into());
    pin.insert("tries_left".into(), 3.into());
    table.insert("auth_pin".into(), pin.into());
    if let Some(serial) = serial {
        table["auth_certificate"]
            .as_table_mut()
            .unwrap()
            .insert("serial".into(), serial.into());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, toml::to_string(&table).unwrap()).unwrap();
    myna_kiosk::sim::load_card(&path, OffsetDateTime::now_utc()).unwrap()
}

/// The card's evidence for a challenge: its auth certificate and its signature after the PIN.
pub fn evidence(card: &mut CardSession<InMemoryTransport>, challenge: &str) -> CardEvidence {
    let bytes = BASE64.decode(challenge).unwrap();
    if card.identify().unwrap() == CardKind::IphoneToken {
        return phone_evidence(card, &bytes);
    }
    let mut session = card.verify_auth_pin(AuthPin::new(PIN).unwrap()).unwrap();
    let cert = session.read_auth_certificate().unwrap();
    let signature = session.sign(&DigestInfo::sha256(&bytes)).unwrap();
    CardEvidence {
        auth_certificate: BASE64.encode(cert.der()),
        signature: BASE64.encode(signature),
    }
}

/// An iPhone signs only after its holder confirms on the phone (the profile's `[phone]`): no PIN.
fn phone_evidence(card: &mut CardSession<InMemoryTransport>, bytes: &[u8]) -> CardEvidence {
    let cert = card.read_auth_certificate().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let signature = loop {
        match card
            .sign_confirmed_on_phone(&DigestInfo::sha256(bytes))
            .unwrap()
        {
            PhoneAnswer::Signed(signature) => break signature,
            PhoneAnswer::Waiting if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => panic!("the phone did not sign: {other:?}"),
        }
    };
    CardEvidence {
        auth_certificate: BASE64.encode(cert.der()),
        signature: BASE64.encode(signature),
    }
}

pub fn request(
    request_id: &str,
    challenge: &str,
    evidence: CardEvidence,
    consent: Consent,
) -> ConfirmationRequest {
    ConfirmationRequest {
        request_id: request_id.into(),
        method: Method::Pin,
        challenge: challenge.into(),
        evidence,
        consent,
        token: Default::default(),
        facility_code: Some("1312345678".into()),
        offline_signed_at: None,
    }
}

pub fn new_request_id() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new().fill(&mut bytes).unwrap();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The whole PIN-mode exchange for a card: challenge, card signature, confirmation.
pub fn confirm(
    client: &GatewayClient,
    card: &mut CardSession<InMemoryTransport>,
    consent: Consent,
) -> Result<ConfirmationResult, GatewayError> {
    let challenge = client.challenge()?;
    let evidence = evidence(card, &challenge.challenge);
    client.confirm(&request(
        &new_request_id(),
        &challenge.challenge,
        evidence,
        consent,
    ))
}

/// The refusal code, or a panic with what came instead.
pub fn refused<T: std::fmt::Debug>(result: Result<T, GatewayError>) -> (u16, ErrorCode) {
    match result {
        Err(GatewayError::Refused { status, code, .. }) => (status, code),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
