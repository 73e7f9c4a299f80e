//! The kiosk's client of the eligibility gateway: blocking HTTPS (reqwest + rustls + ring),
//! every request signed with the device key, which is also the TLS client identity; short
//! explicit timeouts.
//!
//! TLS trusts exactly one CA, the PEM file in `[gateway] ca_file`: no system roots and never
//! unchecked certificates. Plain `http` is accepted for loopback URLs only.
//! Errors say whether the kiosk may fall back to its cache ([`GatewayError::Unreachable`]) or the
//! gateway refused the request ([`GatewayError::Refused`]).

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::Url;
use reqwest::blocking::Client;
use reqwest::header::CONTENT_TYPE;
use ring::rand::{SecureRandom, SystemRandom};
use serde::de::DeserializeOwned;

use super::device_key::DeviceKey;
use super::enrolment::{ENROLMENT_VERSION, EnrolmentAnswer, EnrolmentRequest, PATH_ENROLMENTS};
use super::protocol::{
    AttestedConfirmationRequest, ChallengeRequest, ChallengeResponse, ConfirmationAnswer,
    ConfirmationRequest, ConfirmationResult, ErrorCode, ErrorResponse, GatewayRequest,
    InsuranceNumberRequest, PATH_CHALLENGE, PATH_CONFIRMATIONS,
};
use super::reports::{
    Acknowledgements, CaseReceipt, CaseReport, HealthReceipt, HealthReport, PATH_CASES,
    PATH_HEALTH, acknowledgements_path,
};
use crate::config::GatewayConfig;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// No usable answer: connection refused, timeout, TLS failure, 5xx, an answer that is not
    /// the protocol's JSON. The kiosk may answer from its cache and queue the confirmation.
    #[error("the eligibility gateway is unreachable: {0}")]
    Unreachable(String),
    /// The gateway answered 429: this kiosk is over its request rate. Not a refusal of the
    /// patient: the kiosk answers from its cache and queues, as when the gateway is unreachable.
    #[error("the eligibility gateway is busy (rate limited)")]
    Busy,
    /// The gateway answered with a 4xx and one of the protocol's error codes.
    #[error("the eligibility gateway refused the request ({status} {code:?}): {message}")]
    Refused {
        status: u16,
        code: ErrorCode,
        message: String,
    },
    /// The kiosk's own settings are wrong (URL, CA file, device key): no request was sent.
    #[error("gateway client configuration: {0}")]
    Config(String),
}

impl GatewayError {
    /// True when the kiosk should fall back to its cache.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, GatewayError::Unreachable(_) | GatewayError::Busy)
    }
}

/// Installs `ring` as rustls' process-wide crypto provider (once; later calls do nothing).
pub fn install_crypto_provider() {
    // Err means a provider is installed already, which is all we need.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Cheap to clone: the clones share the connection pool and the device key (the kiosk's
/// reporting thread and its long poll each hold one).
#[derive(Clone)]
pub struct GatewayClient {
    base: Url,
    http: Client,
    key: Arc<DeviceKey>,
    /// `[gateway] timeout_ms`: a long poll waits this much longer than it asked the gateway to.
    timeout: Duration,
}

impl std::fmt::Debug for GatewayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayClient")
            .field("base", &self.base.as_str())
            .field("kiosk_id", &self.key.kiosk_id())
            .finish()
    }
}

impl GatewayClient {
    /// A client from `[gateway]`: loads the device key named there.
    pub fn from_config(config: &GatewayConfig) -> Result<Self, GatewayError> {
        let kiosk_id = config
            .kiosk_id
            .as_deref()
            .ok_or_else(|| GatewayError::Config("[gateway] kiosk_id is not set".into()))?;
        let key = DeviceKey::load(&config.device_key, kiosk_id)
            .map_err(|e| GatewayError::Config(e.to_string()))?;
        Self::new(config, key)
    }

    /// A client for `[gateway] url` with the given device key.
    pub fn new(config: &GatewayConfig, key: DeviceKey) -> Result<Self, GatewayError> {
        install_crypto_provider();
        let url = config
            .url
            .as_deref()
            .ok_or_else(|| GatewayError::Config("[gateway] url is not set".into()))?;
        let base = parse_base_url(url)?;
        let mut builder = Client::builder()
            .connect_timeout(Duration::from_millis(config.connect_timeout_ms))
            .timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("myna-kiosk/", env!("CARGO_PKG_VERSION")));
        if base.scheme() == "https" {
            let ca_file = config.ca_file.as_deref().ok_or_else(|| {
                GatewayError::Config("[gateway] ca_file is required for an https url".into())
            })?;
            builder = builder
                .https_only(true)
                .tls_backend_preconfigured(tls_config(ca_file, &key)?);
        }
        let http = builder
            .build()
            .map_err(|e| GatewayError::Config(format!("HTTP client: {}", chain(&e))))?;
        Ok(GatewayClient {
            base,
            http,
            key: Arc::new(key),
            timeout: Duration::from_millis(config.timeout_ms),
        })
    }

    pub fn kiosk_id(&self) -> &str {
        self.key.kiosk_id()
    }

    /// The key this kiosk signs requests and attestations with.
    pub fn device_key(&self) -> &DeviceKey {
        &self.key
    }

    /// `POST /v1/challenge`: a fresh one-time challenge for the card to sign.
    pub fn challenge(&self) -> Result<ChallengeResponse, GatewayError> {
        let mut nonce = [0u8; 16];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| GatewayError::Config("the random number generator failed".into()))?;
        let body = ChallengeRequest {
            nonce: Some(BASE64.encode(nonce)),
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| GatewayError::Config(format!("encoding the request: {e}")))?;
        self.post(PATH_CHALLENGE, body)
    }

    /// `POST /v1/confirmations`. Sending the same `request_id` again (the outbox does) returns
    /// the first answer.
    pub fn confirm(
        &self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayError> {
        let body = serde_json::to_vec(request)
            .map_err(|e| GatewayError::Config(format!("encoding the request: {e}")))?;
        let result: ConfirmationResult = self.post(PATH_CONFIRMATIONS, body)?;
        if result.request_id != request.request_id {
            return Err(GatewayError::Unreachable(
                "the answer is for another request_id".into(),
            ));
        }
        Ok(result)
    }

    /// `POST /v1/confirmations` for a face or staff-visual confirmation (the kiosk's signed
    /// attestation instead of a card signature).
    pub fn confirm_attested(
        &self,
        request: &AttestedConfirmationRequest,
    ) -> Result<ConfirmationAnswer, GatewayError> {
        self.send(&GatewayRequest::Attested(request.clone()))
    }

    /// `POST /v1/confirmations` for an insurance-number query (no card).
    pub fn query_insurance_number(
        &self,
        request: &InsuranceNumberRequest,
    ) -> Result<ConfirmationAnswer, GatewayError> {
        self.send(&GatewayRequest::InsuranceNumber(request.clone()))
    }

    /// `POST /v1/confirmations` for any kind of request (the outbox replays these). The answer
    /// must be for this request id and method.
    pub fn send(&self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayError> {
        let body = serde_json::to_vec(request)
            .map_err(|e| GatewayError::Config(format!("encoding the request: {e}")))?;
        let answer: ConfirmationAnswer = self.post(PATH_CONFIRMATIONS, body)?;
        if answer.result.request_id != request.request_id() {
            return Err(GatewayError::Unreachable(
                "the answer is for another request_id".into(),
            ));
        }
        if answer.method != request.method() {
            return Err(GatewayError::Unreachable(
                "the answer is for another method".into(),
            ));
        }
        Ok(answer)
    }

    /// `POST /v1/cases`: a see-staff case (issue 19). Sending the same `case_id` again (the
    /// outbox does) records it once.
    pub fn report_case(&self, report: &CaseReport) -> Result<CaseReceipt, GatewayError> {
        let body = serde_json::to_vec(report)
            .map_err(|e| GatewayError::Config(format!("encoding the report: {e}")))?;
        self.post(PATH_CASES, body)
    }

    /// `POST /v1/health`: the kiosk's health now.
    pub fn report_health(&self, report: &HealthReport) -> Result<HealthReceipt, GatewayError> {
        let body = serde_json::to_vec(report)
            .map_err(|e| GatewayError::Config(format!("encoding the report: {e}")))?;
        self.post(PATH_HEALTH, body)
    }

    /// `GET /v1/acknowledgements`: staff acknowledgements of this kiosk's cases after event
    /// `after`, waiting up to `wait` for one (a long poll; the gateway may answer sooner).
    pub fn acknowledgements(
        &self,
        after: u64,
        wait: Duration,
    ) -> Result<Acknowledgements, GatewayError> {
        let path = acknowledgements_path(after, wait.as_secs());
        // The request's own timeout covers the wait and the usual answer time.
        self.send_signed("GET", &path, Vec::new(), Some(wait + self.timeout))
    }

    /// `POST /v1/enrolments`: asks the gateway to register this kiosk's key (it waits for an
    /// administrator's approval in the console), signed with that key.
    pub fn enrol(&self, display_name: &str) -> Result<EnrolmentAnswer, GatewayError> {
        let request = EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: self.key.kiosk_id().to_string(),
            public_key: self.key.public_key_base64(),
            display_name: display_name.to_string(),
            kiosk_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let body = serde_json::to_vec(&request)
            .map_err(|e| GatewayError::Config(format!("encoding the request: {e}")))?;
        self.post(PATH_ENROLMENTS, body)
    }

    fn post<T: DeserializeOwned>(&self, path: &str, body: Vec<u8>) -> Result<T, GatewayError> {
        self.send_signed("POST", path, body, None)
    }

    /// Signs and sends a request (`path` with its query, as signed); `timeout` replaces the
    /// client's for this request.
    fn send_signed<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Vec<u8>,
        timeout: Option<Duration>,
    ) -> Result<T, GatewayError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| GatewayError::Config(format!("URL for {path}: {e}")))?;
        let headers = self.key.sign_request(method, path, &body);
        let mut request = if method == "GET" {
            self.http.get(url)
        } else {
            self.http
                .post(url)
                .header(CONTENT_TYPE, "application/json")
                .body(body)
        };
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        for (name, value) in headers.pairs() {
            request = request.header(name, value);
        }
        let response = request
            .send()
            .map_err(|e| GatewayError::Unreachable(chain(&e)))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .map_err(|e| GatewayError::Unreachable(chain(&e)))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                GatewayError::Unreachable(format!("malformed answer (HTTP {status}): {e}"))
            });
        }
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(GatewayError::Busy);
        }
        if status.is_client_error()
            && let Ok(error) = serde_json::from_slice::<ErrorResponse>(&bytes)
        {
            if error.error.code == ErrorCode::RateLimited {
                return Err(GatewayError::Busy);
            }
            return Err(GatewayError::Refused {
                status: status.as_u16(),
                code: error.error.code,
                message: error.error.message,
            });
        }
        Err(GatewayError::Unreachable(format!(
            "HTTP {status} without a protocol error"
        )))
    }
}

/// Checks the base URL: https anywhere, http only to a loopback host, no path, query or user.
fn parse_base_url(text: &str) -> Result<Url, GatewayError> {
    let bad = |why: &str| GatewayError::Config(format!("[gateway] url {text:?}: {why}"));
    let url = Url::parse(text).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("credentials in the URL are not supported"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("give the gateway's base URL without a path"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        "http" => Err(bad(
            "plain http is allowed for loopback addresses only; use https",
        )),
        _ => Err(bad("the scheme must be https")),
    }
}

fn is_loopback_host(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// rustls with `ring`, trusting only the certificates in `ca_file`, presenting the device key
/// as the client identity (the gateway then knows the kiosk from the handshake).
fn tls_config(ca_file: &Path, key: &DeviceKey) -> Result<rustls::ClientConfig, GatewayError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let bad = |why: String| GatewayError::Config(format!("{}: {why}", ca_file.display()));
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca_file)
        .map_err(|e| bad(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    for cert in certs {
        roots.add(cert).map_err(|e| bad(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(bad("no PEM certificate in the file".into()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots);
    let (certificate, private_key) = key
        .tls_identity()
        .map_err(|e| GatewayError::Config(e.to_string()))?;
    builder
        .with_client_auth_cert(vec![certificate], private_key)
        .map_err(|e| GatewayError::Config(format!("TLS client identity: {e}")))
}

/// An error and its causes on one line (reqwest hides the TLS or I/O cause in `source`).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        for good in [
            "https://gateway.example:8443",
            "https://10.0.0.5/",
            "http://127.0.0.1:8080",
            "http://127.9.9.9:1",
            "http://[::1]:8080/",
            "http://localhost:8080",
        ] {
            assert!(parse_base_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://10.0.0.5:8080",
            "http://gateway.example",
            "ftp://127.0.0.1",
            "https://gw.example/api",
            "https://user:pw@gw.example",
            "not a url",
        ] {
            assert!(
                matches!(parse_base_url(bad), Err(GatewayError::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn https_needs_a_ca_file() {
        let key = DeviceKey::from_pkcs8(
            "k1",
            ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
                .unwrap()
                .as_ref(),
        )
        .unwrap();
        let config = GatewayConfig {
            url: Some("https://gw.example".into()),
            ..GatewayConfig::default()
        };
        let err = GatewayClient::new(&config, key).unwrap_err();
        assert!(err.to_string().contains("ca_file"), "{err}");
    }

    fn test_key() -> DeviceKey {
        let pkcs8 =
            ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
                .unwrap();
        DeviceKey::from_pkcs8("k1", pkcs8.as_ref()).unwrap()
    }

    #[test]
    fn a_silent_gateway_times_out_as_unreachable() {
        install_crypto_provider();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // Accepts, reads nothing, answers nothing.
        let holder = std::thread::spawn(move || listener.accept().map(|(s, _)| s));
        let config = GatewayConfig {
            url: Some(format!("http://127.0.0.1:{port}")),
            timeout_ms: 300,
            ..GatewayConfig::default()
        };
        let client = GatewayClient::new(&config, test_key()).unwrap();
        let started = std::time::Instant::now();
        assert!(client.challenge().unwrap_err().is_unreachable());
        assert!(started.elapsed() < Duration::from_secs(3));
        drop(holder.join());
    }

    #[test]
    fn connection_refused_is_unreachable() {
        install_crypto_provider();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let key = DeviceKey::from_pkcs8(
            "k1",
            ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
                .unwrap()
                .as_ref(),
        )
        .unwrap();
        let config = GatewayConfig {
            url: Some(format!("http://127.0.0.1:{port}")),
            ..GatewayConfig::default()
        };
        let client = GatewayClient::new(&config, key).unwrap();
        assert!(client.challenge().unwrap_err().is_unreachable());
    }
}
