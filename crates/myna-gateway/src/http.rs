//! HTTP side of the gateway: axum routes, JSON errors with stable codes (never a 500 with
//! details), and the listener: HTTPS (rustls + ring) or, on a loopback address only, plain HTTP.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Extension, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use serde::Serialize;
use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::auth::KioskHeaders;
use super::clock::SharedClock;
use super::connections::{Connections, Limits};
use super::console::{Console, Settings as ConsoleSettings};
use super::service::Gateway;
use super::staff::LockOut;
use super::store::Retention;
use super::{Error, status_of};
use myna_protocol::enrolment::PATH_ENROLMENTS;
use myna_protocol::protocol::{
    ErrorBody, ErrorCode, ErrorResponse, HEADER_KIOSK_ID, HEADER_KIOSK_SIGNATURE,
    HEADER_KIOSK_TIME, PATH_CHALLENGE, PATH_CONFIRMATIONS,
};
use myna_protocol::reports::{
    PATH_ACKNOWLEDGEMENTS, PATH_CASES, PATH_HEALTH, parse_acknowledgements_query,
};

/// Requests are small JSON documents; anything bigger is refused unread.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// TCP keepalive: a peer that vanished (power cut, cable pulled) is noticed after about
/// 60 s + 3 × 10 s of silence instead of holding its connection for hours.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(60);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
const KEEPALIVE_PROBES: u32 = 3;

/// How `myna-gateway` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub data: PathBuf,
    pub db: PathBuf,
    /// Certificate chain and private key (PEM). `None`: plain HTTP, loopback only.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub challenge_ttl: time::Duration,
    /// Requests a second from each kiosk (bursts of twice that); 0: no limit.
    pub rate_limit: u32,
    /// `--face-max-distance`: the largest face distance accepted (and told to kiosks with each
    /// challenge). `None`: `policy.toml`'s `[face] max_distance`, else the shared default.
    pub face_max_distance: Option<f64>,
    /// Deadlines, connection caps, the client-certificate requirement, challenges per kiosk,
    /// retention.
    pub limits: Limits,
    /// Where "now" comes from: [`crate::clock::system`] but in tests.
    pub clock: SharedClock,
}

/// Parses `--listen`: `IP:PORT`, `[IPv6]:PORT` or `localhost:PORT`.
pub struct ListenAddr;

impl ListenAddr {
    pub fn parse(text: &str) -> Result<SocketAddr, Error> {
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(addr);
        }
        text.strip_prefix("localhost:")
            .and_then(|port| port.parse::<u16>().ok())
            .map(|port| SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--listen {text:?}: expected IP:PORT, e.g. 127.0.0.1:8443 or [::1]:8443"
                ))
            })
    }
}

/// Loads everything, binds, calls `ready` with the URL it serves, then serves until killed.
pub fn run(options: &Options, ready: impl FnOnce(&str)) -> Result<(), Error> {
    // A wrong maximum stops the gateway before it touches the data or the database.
    if let Some(max) = options.face_max_distance {
        myna_protocol::protocol::check_face_max_distance(max)
            .map_err(|e| Error::Usage(format!("--face-max-distance: {e}")))?;
    }
    let limits = &options.limits;
    limits.check()?;
    if options.tls.is_none() && !options.listen.ip().is_loopback() {
        return Err(Error::Usage(format!(
            "refusing plain HTTP on {}: plain HTTP is for loopback addresses only; give --tls-cert and --tls-key",
            options.listen
        )));
    }
    if options.tls.is_none() && limits.require_client_certificate {
        return Err(Error::Usage(
            "--require-client-certificate needs TLS (--tls-cert and --tls-key): kiosks present their key in the TLS handshake".into(),
        ));
    }
    let identity = match &options.tls {
        Some((cert, key)) => Some(tls_identity(cert, key)?),
        None => None,
    };
    let (mut gateway, loaded) = Gateway::open(&options.data, &options.db, options.challenge_ttl)?;
    if let Some(max) = options.face_max_distance {
        gateway = gateway.with_face_max_distance(max)?;
    }
    let gateway = Arc::new(
        gateway
            .with_rate_limit(options.rate_limit)
            .with_max_challenges_per_kiosk(limits.max_challenges_per_kiosk)
            .with_clock(options.clock.clone())
            .with_stale_after(limits.stale_after)
            // A long poll ends a second before the request deadline cuts it off.
            .with_poll_limit(
                limits
                    .request_timeout
                    .saturating_sub(Duration::from_secs(1)),
            ),
    );
    warn_test_cas(&loaded.test_cas);
    let acceptor = match identity {
        Some(identity) => {
            let required = limits.require_client_certificate.then(|| gateway.clone());
            Some(tls_acceptor(identity, required)?)
        }
        None => None,
    };
    gateway.purge(&limits.retention(), gateway.now_utc())?;
    tracing::info!(
        persons = loaded.persons,
        cas = loaded.cas,
        revoked = loaded.revoked,
        kiosks = loaded.kiosks,
        face_max_distance = gateway.face_max_distance(),
        "seed data loaded from {}",
        options.data.display()
    );
    if loaded.kiosks == 0 {
        tracing::warn!(
            "no kiosk is registered (kiosks/<kiosk_id>.pub, or approved at /console/kiosks): every request but enrolment is refused"
        );
    }
    // The staff console (`/console/`) on the same listener, its sessions in the database.
    let console = Arc::new(Console::new(
        gateway.clone(),
        ConsoleSettings {
            session_idle: limits.console_session,
            lock_out: LockOut {
                lockout: limits.console_lockout,
                ..LockOut::default()
            },
        },
    )?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("tokio runtime: {e}")))?;
    let limits = options.limits.clone();
    runtime.block_on(async move {
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", options.listen)))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::Internal(e.to_string()))?;
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        ready(&format!("{scheme}://{local}"));
        serve(listener, acceptor, gateway, console, limits.clone()).await;
        Ok(())
    })
}

/// The gateway warns at start, in its log and on stderr whatever the log filter, when it
/// trusts the repository's test CA: anyone with the repository can issue "cards" under it.
fn warn_test_cas(names: &[String]) {
    for name in names {
        let warning = format!(
            "TEST CA TRUSTED: ca/{name} is a test CA (the repository's fixtures/ test PKI, or marked TEST ONLY / NOT REAL); anyone can issue cards under it. Never run a clinic with it: put the real JPKI CA certificates in ca/ instead."
        );
        tracing::warn!("{warning}");
        eprintln!("myna-gateway: WARNING: {warning}");
    }
}

/// Kiosks present their device key as a TLS client certificate (self-signed: the gateway
/// recognises the registered key, not an issuer). Optional by default: a client without one
/// signs each request; any Ed25519 certificate passes the handshake (which proves its key is
/// held), and one whose key is not registered counts for nothing, so that kiosk's requests get
/// the usual `unknown_kiosk` or `bad_kiosk_signature` instead of a broken connection.
/// With `--require-client-certificate` (`required`: the registered keys) only a registered
/// kiosk's certificate passes, and a client without one never gets past the handshake.
/// The registered keys are read at each handshake, so that a kiosk approved in the console
/// passes at once.
struct KioskCertificates {
    algorithms: WebPkiSupportedAlgorithms,
    required: Option<Arc<Gateway>>,
}

impl std::fmt::Debug for KioskCertificates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KioskCertificates")
            .field("required", &self.required.is_some())
            .finish()
    }
}

impl ClientCertVerifier for KioskCertificates {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        self.required.is_some()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        super::pki::ed25519_key(end_entity).ok_or(rustls::Error::InvalidCertificate(
            rustls::CertificateError::BadEncoding,
        ))?;
        match &self.required {
            Some(gateway) if gateway.kiosk_with_certificate(end_entity).is_none() => {
                Err(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::ApplicationVerificationFailure,
                ))
            }
            _ => Ok(ClientCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        vec![SignatureScheme::ED25519]
    }
}

/// The server's certificate chain and key, read before anything else is opened.
struct TlsIdentity {
    cert_path: PathBuf,
    certs: Vec<CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
}

fn tls_identity(cert: &Path, key: &Path) -> Result<TlsIdentity, Error> {
    use rustls::pki_types::PrivateKeyDer;
    use rustls::pki_types::pem::PemObject;
    let certs = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| Error::data(cert, format!("TLS certificate: {e}")))?;
    if certs.is_empty() {
        return Err(Error::data(cert, "no PEM certificate in the file"));
    }
    let key_der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| Error::data(key, format!("TLS private key: {e}")))?;
    Ok(TlsIdentity {
        cert_path: cert.to_path_buf(),
        certs,
        key: key_der,
    })
}

fn tls_acceptor(
    identity: TlsIdentity,
    required: Option<Arc<Gateway>>,
) -> Result<TlsAcceptor, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let kiosks = KioskCertificates {
        algorithms: provider.signature_verification_algorithms,
        required,
    };
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Internal(format!("TLS: {e}")))?
        .with_client_cert_verifier(Arc::new(kiosks))
        .with_single_cert(identity.certs, identity.key)
        .map_err(|e| Error::data(&identity.cert_path, format!("TLS certificate and key: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

async fn serve(
    listener: TcpListener,
    acceptor: Option<TlsAcceptor>,
    gateway: Arc<Gateway>,
    console: Arc<Console>,
    limits: Limits,
) {
    let deadline = limits.request_timeout;
    let routes = with_deadline(
        router(gateway.clone()).merge(super::console::router(console)),
        deadline,
    );
    let connections = Connections::new(limits.max_connections, limits.max_connections_per_address);
    tokio::spawn(purge_daily(
        gateway.clone(),
        limits.retention(),
        limits.purge_every,
    ));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Typically out of file descriptors: wait instead of spinning.
                tracing::warn!("accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // Over its share (or all taken): closed at once, before any TLS work.
        let Ok(slot) = connections.admit(peer.ip()) else {
            continue;
        };
        let acceptor = acceptor.clone();
        let (routes, gateway) = (routes.clone(), gateway.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let _ = stream.set_nodelay(true);
            keep_alive(&stream);
            match acceptor {
                None => serve_connection(stream, routes, deadline).await,
                Some(acceptor) => {
                    match tokio::time::timeout(deadline, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let kiosk = tls
                                .get_ref()
                                .1
                                .peer_certificates()
                                .and_then(|certs| certs.first())
                                .and_then(|cert| gateway.kiosk_with_certificate(cert));
                            serve_connection(tls, with_tls_kiosk(routes, kiosk), deadline).await
                        }
                        Ok(Err(e)) => tracing::info!("TLS handshake with {peer} failed: {e}"),
                        Err(_) => tracing::info!("TLS handshake with {peer} timed out"),
                    }
                }
            }
        });
    }
}

/// TCP keepalive on an accepted connection ([`KEEPALIVE_IDLE`]).
fn keep_alive(stream: &impl std::os::fd::AsFd) {
    let probes = socket2::TcpKeepalive::new()
        .with_time(KEEPALIVE_IDLE)
        .with_interval(KEEPALIVE_INTERVAL)
        .with_retries(KEEPALIVE_PROBES);
    if let Err(e) = socket2::SockRef::from(stream).set_tcp_keepalive(&probes) {
        tracing::debug!("TCP keepalive: {e}");
    }
}

/// Retention purges once a day (`every`; the first ran before the listener opened).
async fn purge_daily(gateway: Arc<Gateway>, retention: Retention, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let gateway = gateway.clone();
        let purged =
            tokio::task::spawn_blocking(move || gateway.purge(&retention, gateway.now_utc())).await;
        match purged {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!("retention purge failed: {e}"),
            Err(e) => tracing::error!("retention purge failed: {e}"),
        }
    }
}

/// The whole request, from its headers' end to the answer (the body included), within
/// `deadline` (tower-http's timeout): a client that announces a body and sends nothing gets
/// 408 and its connection is closed. The answer is JSON like every other.
fn with_deadline(routes: Router, deadline: Duration) -> Router {
    routes
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            deadline,
        ))
        .layer(axum::middleware::map_response(
            move |response: Response| async move {
                if response.status() == StatusCode::REQUEST_TIMEOUT {
                    tracing::info!("refused: request not received within {deadline:?}");
                    refusal(
                        StatusCode::REQUEST_TIMEOUT,
                        ErrorCode::BadRequest,
                        &format!(
                            "the request was not received within {} s",
                            deadline.as_secs_f64()
                        ),
                    )
                } else {
                    response
                }
            },
        ))
}

async fn serve_connection<I>(io: I, router: Router, deadline: Duration)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // The header timeout also runs while a kept-alive connection waits for its next request:
    // an idle connection is closed after `deadline`.
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(deadline)
        .serve_connection(TokioIo::new(io), TowerToHyperService::new(router));
    if let Err(e) = connection.await {
        tracing::debug!("connection: {e}");
    }
}

/// The kiosk a connection's TLS handshake proved, for every request on it.
#[derive(Debug, Clone)]
struct TlsKiosk(String);

fn with_tls_kiosk(routes: Router, kiosk: Option<String>) -> Router {
    match kiosk {
        Some(kiosk) => routes.layer(Extension(TlsKiosk(kiosk))),
        None => routes,
    }
}

/// A request's authentication headers and the kiosk its connection proved, if any.
impl<S: Send + Sync> FromRequestParts<S> for KioskHeaders {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let get = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(KioskHeaders {
            kiosk_id: get(HEADER_KIOSK_ID),
            time: get(HEADER_KIOSK_TIME),
            signature: get(HEADER_KIOSK_SIGNATURE),
            tls_kiosk: parts.extensions.get::<TlsKiosk>().map(|k| k.0.clone()),
        })
    }
}

/// The routes; every answer, errors included, is JSON.
pub fn router(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route(PATH_CHALLENGE, post(challenge))
        .route(PATH_CONFIRMATIONS, post(confirm))
        .route(PATH_CASES, post(case))
        .route(PATH_HEALTH, post(health))
        .route(PATH_ACKNOWLEDGEMENTS, get(acknowledgements))
        .route(PATH_ENROLMENTS, post(enrol))
        .fallback(|| async {
            refusal(
                StatusCode::NOT_FOUND,
                ErrorCode::BadRequest,
                "no such endpoint",
            )
        })
        .method_not_allowed_fallback(|| async {
            refusal(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::BadRequest,
                "use POST (GET for /v1/acknowledgements)",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(gateway)
}

async fn challenge(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        gateway,
        PATH_CHALLENGE,
        headers,
        body,
        |gw, kiosk, body, now| gw.challenge(kiosk, body, now),
    )
    .await
}

async fn confirm(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        gateway,
        PATH_CONFIRMATIONS,
        headers,
        body,
        |gw, kiosk, body, now| gw.confirm(kiosk, body, now),
    )
    .await
}

async fn case(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        gateway,
        PATH_CASES,
        headers,
        body,
        |gw, kiosk, body, now| gw.report_case(kiosk, body, now),
    )
    .await
}

async fn health(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        gateway,
        PATH_HEALTH,
        headers,
        body,
        |gw, kiosk, body, now| gw.report_health(kiosk, body, now),
    )
    .await
}

/// `POST /v1/enrolments`: signed with the key the body carries, not a registered one
/// (`crate::enrolment`).
async fn enrol(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match readable(PATH_ENROLMENTS, body) {
        Ok(body) => body,
        Err(refused) => return *refused,
    };
    let outcome = tokio::task::block_in_place(move || {
        let now = gateway.now_utc();
        gateway.enrol(&headers, &body, now)
    });
    match outcome {
        Ok(answer) => (StatusCode::OK, Json(answer)).into_response(),
        Err(e) => error_answer(PATH_ENROLMENTS, e),
    }
}

/// The body, or the answer to a body that could not be read.
fn readable(path: &str, body: Result<Bytes, BytesRejection>) -> Result<Bytes, Box<Response>> {
    body.map_err(|rejection| {
        tracing::info!(path, "refused: body unreadable ({})", rejection.status());
        Box::new(refusal(
            rejection.status(),
            ErrorCode::BadRequest,
            &rejection.body_text(),
        ))
    })
}

/// How often a waiting long poll also reads the database: acknowledgements recorded by another
/// handle on the same database (a tool, a test) reach the kiosk without the live stream.
const POLL_RECHECK: Duration = Duration::from_millis(500);

/// `GET /v1/acknowledgements?after=N&wait=S`: the kiosk signs `GET`, the path with its query and
/// an empty body. Answered at once when there is something after `after`, else when an
/// acknowledgement for this kiosk arrives, else empty after `wait` seconds (at most the
/// gateway's poll limit).
async fn acknowledgements(
    State(gateway): State<Arc<Gateway>>,
    headers: KioskHeaders,
    uri: Uri,
) -> Response {
    let signed_path = uri
        .path_and_query()
        .map_or(PATH_ACKNOWLEDGEMENTS, |p| p.as_str())
        .to_string();
    let (after, wait) = match parse_acknowledgements_query(uri.query()) {
        Ok(query) => query,
        Err(message) => {
            return refusal(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, &message);
        }
    };
    // Subscribed before the first read: nothing recorded in between is missed.
    let mut live = gateway.reports().subscribe();
    let authenticated = {
        let gateway = gateway.clone();
        tokio::task::block_in_place(move || {
            let now = gateway.now_utc();
            gateway.authenticate("GET", &signed_path, &headers, b"", now)
        })
    };
    let kiosk = match authenticated {
        Ok(kiosk) => kiosk,
        Err(e) => return error_answer(PATH_ACKNOWLEDGEMENTS, e),
    };
    let deadline =
        tokio::time::Instant::now() + Duration::from_secs(wait).min(gateway.poll_limit());
    loop {
        let found =
            tokio::task::block_in_place(|| gateway.reports().acknowledgements(&kiosk, after));
        match found {
            Ok(answer)
                if !answer.acknowledgements.is_empty()
                    || tokio::time::Instant::now() >= deadline =>
            {
                return (StatusCode::OK, Json(answer)).into_response();
            }
            Ok(_) => {}
            Err(e) => return error_answer(PATH_ACKNOWLEDGEMENTS, e),
        }
        let recheck = deadline.min(tokio::time::Instant::now() + POLL_RECHECK);
        // Any event, a lag, or the recheck time: read again (an event of another kiosk finds
        // nothing new and the wait goes on).
        let _ = tokio::time::timeout_at(recheck, live.recv()).await;
    }
}

fn error_answer(path: &str, e: Error) -> Response {
    match e {
        Error::Refused { code, message } => {
            tracing::info!(path, ?code, "refused");
            let status = StatusCode::from_u16(status_of(code)).unwrap_or(StatusCode::BAD_REQUEST);
            refusal(status, code, &message)
        }
        e => {
            tracing::error!(path, "internal error: {e}");
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error; see the gateway log",
            )
        }
    }
}

type Work<T> = fn(&Gateway, &str, &[u8], OffsetDateTime) -> Result<T, Error>;

/// Authenticates the kiosk, then does the work (SQLite, RSA).
async fn handle<T: Serialize + Send + 'static>(
    gateway: Arc<Gateway>,
    path: &'static str,
    headers: KioskHeaders,
    body: Result<Bytes, BytesRejection>,
    work: Work<T>,
) -> Response {
    let body = match readable(path, body) {
        Ok(body) => body,
        Err(refused) => return *refused,
    };
    // On this worker thread (a fraction of a millisecond of CPU and SQLite): handing each
    // request to the blocking pool cost two thread switches, the top of the profile after the
    // cryptography. Other connections move to the other workers meanwhile.
    let outcome = tokio::task::block_in_place(move || {
        let now = gateway.now_utc();
        let kiosk = gateway.authenticate("POST", path, &headers, &body, now)?;
        work(&gateway, &kiosk, &body, now).map(|answer| (kiosk, answer))
    });
    match outcome {
        Ok((kiosk, answer)) => {
            tracing::info!(path, kiosk, "answered");
            (StatusCode::OK, Json(answer)).into_response()
        }
        Err(Error::Refused { code, message }) => {
            // The message may echo request data: the log keeps the code only.
            tracing::info!(path, ?code, "refused");
            let status = StatusCode::from_u16(status_of(code)).unwrap_or(StatusCode::BAD_REQUEST);
            refusal(status, code, &message)
        }
        Err(e) => {
            tracing::error!(path, "internal error: {e}");
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error; see the gateway log",
            )
        }
    }
}

fn refusal(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = ErrorResponse {
        error: ErrorBody {
            code,
            message: message.to_string(),
        },
    };
    (status, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_connections_get_tcp_keepalive() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let _client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        let socket = socket2::SockRef::from(&accepted);
        assert!(!socket.keepalive().unwrap());
        keep_alive(&accepted);
        assert!(socket.keepalive().unwrap());
        assert_eq!(socket.tcp_keepalive_time().unwrap(), KEEPALIVE_IDLE);
        assert_eq!(socket.tcp_keepalive_interval().unwrap(), KEEPALIVE_INTERVAL);
        assert_eq!(socket.tcp_keepalive_retries().unwrap(), KEEPALIVE_PROBES);
    }
}
