//! The kiosk's device key: an Ed25519 key (`ring`, PKCS#8 file, mode 0600) that signs every
//! request to the eligibility gateway (and is its TLS client identity), and the separate 32-byte
//! at-rest data key.
//!
//! `myna-kiosk keygen --out DIR` ([`keygen`]) writes `kiosk.key` (Ed25519 PKCS#8 DER),
//! `kiosk.pub` (the public key, base64 on one line: register it at the gateway as
//! `kiosks/<kiosk_id>.pub`) and `data.key` (32 random bytes, raw). Key files are created with
//! mode 0600, never overwritten, and refused when group or others can read them.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{Ed25519KeyPair, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use zeroize::Zeroizing;

use super::protocol::{
    CardData, FaceVerdict, HEADER_KIOSK_ID, HEADER_KIOSK_SIGNATURE, HEADER_KIOSK_TIME,
    KioskAttestation, Method, certificate_sha256, signing_input,
};

pub const DEVICE_KEY_FILE: &str = "kiosk.key";
pub const PUBLIC_KEY_FILE: &str = "kiosk.pub";
pub const DATA_KEY_FILE: &str = "data.key";
pub const DATA_KEY_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} exists already; a key is never overwritten")]
    Exists { path: PathBuf },
    #[error(
        "{path} can be read by group or others (mode {mode:03o}); restrict it with `chmod 600 {path}`"
    )]
    Permissions { path: PathBuf, mode: u32 },
    #[error("{path}: {message}")]
    Invalid {
        path: PathBuf,
        message: &'static str,
    },
    #[error("invalid kiosk id {0:?}: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'")]
    KioskId(String),
    #[error("invalid public key: {0}")]
    PublicKey(&'static str),
    #[error("the system random number generator failed")]
    Random,
    #[error("the TLS client certificate for the device key: {0}")]
    Certificate(String),
}

impl KeyError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        KeyError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Kiosk ids name files at the gateway (`kiosks/<id>.pub`), so they are restricted to a safe set.
pub fn is_valid_kiosk_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn check_kiosk_id(id: &str) -> Result<(), KeyError> {
    if is_valid_kiosk_id(id) {
        Ok(())
    } else {
        Err(KeyError::KioskId(id.to_string()))
    }
}

/// The three authentication headers of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub kiosk_id: String,
    /// RFC 3339, UTC, with the fraction of a second when there is one.
    pub time: String,
    /// Base64 of the Ed25519 signature over [`signing_input`].
    pub signature: String,
}

impl SignedHeaders {
    /// `(header name, value)` pairs, ready to add to a request.
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (HEADER_KIOSK_ID, &self.kiosk_id),
            (HEADER_KIOSK_TIME, &self.time),
            (HEADER_KIOSK_SIGNATURE, &self.signature),
        ]
    }
}

/// The kiosk's Ed25519 device key and the id it is registered under at the gateway.
pub struct DeviceKey {
    kiosk_id: String,
    pair: Ed25519KeyPair,
    /// The PKCS#8 document, kept for the TLS client identity; wiped when dropped.
    pkcs8: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKey")
            .field("kiosk_id", &self.kiosk_id)
            .field("public_key", &self.public_key_base64())
            .finish()
    }
}

impl DeviceKey {
    /// Makes a new key and writes it to `path` (PKCS#8, mode 0600); refuses an existing file.
    pub fn generate(path: &Path, kiosk_id: &str) -> Result<Self, KeyError> {
        check_kiosk_id(kiosk_id)?;
        let pkcs8 =
            Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| KeyError::Random)?;
        let pkcs8 = Zeroizing::new(pkcs8.as_ref().to_vec());
        let key = Self::from_pkcs8(kiosk_id, &pkcs8).map_err(|_| KeyError::Invalid {
            path: path.to_path_buf(),
            message: "generated key does not load",
        })?;
        write_new(path, &pkcs8, true)?;
        Ok(key)
    }

    /// Loads the key at `path`, refusing a file that group or others can read.
    pub fn load(path: &Path, kiosk_id: &str) -> Result<Self, KeyError> {
        check_kiosk_id(kiosk_id)?;
        let pkcs8 = read_private(path)?;
        Self::from_pkcs8(kiosk_id, &pkcs8).map_err(|_| KeyError::Invalid {
            path: path.to_path_buf(),
            message: "not an Ed25519 PKCS#8 key",
        })
    }

    /// A key from PKCS#8 bytes already in memory.
    pub fn from_pkcs8(kiosk_id: &str, pkcs8: &[u8]) -> Result<Self, KeyError> {
        check_kiosk_id(kiosk_id)?;
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8)
            .map_err(|_| KeyError::PublicKey("not an Ed25519 PKCS#8 key"))?;
        Ok(DeviceKey {
            kiosk_id: kiosk_id.to_string(),
            pair,
            pkcs8: Zeroizing::new(pkcs8.to_vec()),
        })
    }

    /// The device key as a TLS client identity: a self-signed certificate (common name the
    /// kiosk id) and the key. The gateway recognises the key it has registered; the certificate
    /// only carries it, so its issuer and dates do not matter.
    pub fn tls_identity(
        &self,
    ) -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), KeyError> {
        let der = PrivatePkcs8KeyDer::from(self.pkcs8.to_vec());
        let cannot = |e: rcgen::Error| KeyError::Certificate(e.to_string());
        let pair = rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_ED25519)
            .map_err(cannot)?;
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(cannot)?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, self.kiosk_id.as_str());
        let certificate = params.self_signed(&pair).map_err(cannot)?;
        Ok((certificate.der().clone(), PrivateKeyDer::Pkcs8(der)))
    }

    pub fn kiosk_id(&self) -> &str {
        &self.kiosk_id
    }

    /// The 32-byte public key, base64 (standard alphabet): the content of `kiosk.pub`.
    pub fn public_key_base64(&self) -> String {
        BASE64.encode(self.pair.public_key().as_ref())
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        key.copy_from_slice(self.pair.public_key().as_ref());
        key
    }

    /// The key's fingerprint, as the staff screen and the console show it.
    pub fn fingerprint(&self) -> String {
        crate::enrolment::fingerprint(&self.public_key())
    }

    /// Signs a request made now.
    pub fn sign_request(&self, method: &str, path: &str, body: &[u8]) -> SignedHeaders {
        self.sign_request_at(method, path, body, OffsetDateTime::now_utc())
    }

    /// Signs a request with the given time (UTC, with the fraction of a second, so that two
    /// requests with the same body are still two different signed requests).
    pub fn sign_request_at(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        time: OffsetDateTime,
    ) -> SignedHeaders {
        let time = format_request_time(time);
        let signature = self.pair.sign(&signing_input(method, path, &time, body));
        SignedHeaders {
            kiosk_id: self.kiosk_id.clone(),
            time,
            signature: BASE64.encode(signature.as_ref()),
        }
    }
}

impl DeviceKey {
    /// Signs a face verdict: the holder of the certificate `auth_certificate_der` (read without
    /// a PIN) matched the card photo at `verdict.distance` under `verdict.threshold`.
    /// `challenge` is the gateway's (base64) or the base64 of the offline challenge for
    /// `request_id` and `at` (then `at` must be the time that challenge was made for).
    /// `card_data`: whether the card photo was proven by the issuer key (`CardData`).
    pub fn attest_face(
        &self,
        request_id: &str,
        challenge: &str,
        auth_certificate_der: &[u8],
        verdict: FaceVerdict,
        card_data: CardData,
        at: OffsetDateTime,
    ) -> KioskAttestation {
        let verdict = FaceVerdict::new(verdict.distance, verdict.threshold);
        self.attest(
            Method::Face,
            request_id,
            challenge,
            auth_certificate_der,
            (Some(verdict), None, card_data),
            at,
        )
    }

    /// Signs a staff visual confirmation (目視確認) by the staff member `staff_id`.
    pub fn attest_staff_visual(
        &self,
        request_id: &str,
        challenge: &str,
        auth_certificate_der: &[u8],
        staff_id: &str,
        card_data: CardData,
        at: OffsetDateTime,
    ) -> KioskAttestation {
        self.attest(
            Method::StaffVisual,
            request_id,
            challenge,
            auth_certificate_der,
            (None, Some(staff_id.to_string()), card_data),
            at,
        )
    }

    fn attest(
        &self,
        method: Method,
        request_id: &str,
        challenge: &str,
        der: &[u8],
        (face, staff_id, card_data): (Option<FaceVerdict>, Option<String>, CardData),
        at: OffsetDateTime,
    ) -> KioskAttestation {
        let mut attestation = KioskAttestation {
            kiosk_id: self.kiosk_id.clone(),
            method,
            request_id: request_id.to_string(),
            challenge: challenge.to_string(),
            certificate_sha256: certificate_sha256(der),
            face,
            staff_id,
            card_data: Some(card_data),
            signed_at: format_time(at),
            signature: String::new(),
        };
        self.sign_attestation(&mut attestation);
        attestation
    }

    /// (Re)signs an attestation as it is, e.g. after a test changed a field.
    pub fn sign_attestation(&self, attestation: &mut KioskAttestation) {
        let signature = self.pair.sign(&attestation.signing_input());
        attestation.signature = BASE64.encode(signature.as_ref());
    }
}

/// RFC 3339 in UTC, whole seconds (`2026-11-25T10:00:00Z`).
pub fn format_time(time: OffsetDateTime) -> String {
    let time = time
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(time);
    time.format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// RFC 3339 in UTC with the fraction of a second (`2026-11-25T10:00:00.123456789Z`).
pub fn format_request_time(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// Reads a `kiosk.pub` line: base64 of a 32-byte Ed25519 public key.
pub fn parse_public_key(text: &str) -> Result<[u8; 32], KeyError> {
    let bytes = BASE64
        .decode(text.trim())
        .map_err(|_| KeyError::PublicKey("not base64"))?;
    bytes
        .try_into()
        .map_err(|_| KeyError::PublicKey("an Ed25519 public key has 32 bytes"))
}

/// What [`keygen`] wrote.
#[derive(Debug, Clone)]
pub struct KeygenOutput {
    pub kiosk_id: String,
    /// `DIR/kiosk.key`: Ed25519 PKCS#8, mode 0600.
    pub device_key: PathBuf,
    /// `DIR/kiosk.pub`: base64 public key; copy it to the gateway as `kiosks/<kiosk_id>.pub`.
    pub public_key: PathBuf,
    /// `DIR/data.key`: 32 random bytes for encryption at rest, mode 0600.
    pub data_key: PathBuf,
    pub public_key_base64: String,
}

/// `myna-kiosk keygen --out DIR`: writes the device key, its public half and the data key.
/// Nothing is written when any of the three files exists already.
pub fn keygen(dir: &Path, kiosk_id: &str) -> Result<KeygenOutput, KeyError> {
    check_kiosk_id(kiosk_id)?;
    create_private_dir(dir)?;
    let device_key = dir.join(DEVICE_KEY_FILE);
    let public_key = dir.join(PUBLIC_KEY_FILE);
    let data_key = dir.join(DATA_KEY_FILE);
    for path in [&device_key, &public_key, &data_key] {
        if path.exists() {
            return Err(KeyError::Exists { path: path.clone() });
        }
    }
    let key = DeviceKey::generate(&device_key, kiosk_id)?;
    let public_key_base64 = key.public_key_base64();
    write_new(
        &public_key,
        format!("{public_key_base64}\n").as_bytes(),
        false,
    )?;
    let mut data = Zeroizing::new([0u8; DATA_KEY_LEN]);
    SystemRandom::new()
        .fill(&mut data[..])
        .map_err(|_| KeyError::Random)?;
    write_new(&data_key, &data[..], true)?;
    Ok(KeygenOutput {
        kiosk_id: kiosk_id.to_string(),
        device_key,
        public_key,
        data_key,
        public_key_base64,
    })
}

/// Loads the 32-byte at-rest data key written by [`keygen`] (same permission rule).
pub fn load_data_key(path: &Path) -> Result<Zeroizing<[u8; DATA_KEY_LEN]>, KeyError> {
    let bytes = read_private(path)?;
    let key: [u8; DATA_KEY_LEN] = bytes[..].try_into().map_err(|_| KeyError::Invalid {
        path: path.to_path_buf(),
        message: "a data key has exactly 32 bytes",
    })?;
    Ok(Zeroizing::new(key))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| KeyError::io(dir, e))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), KeyError> {
    std::fs::create_dir_all(dir).map_err(|e| KeyError::io(dir, e))
}

/// Creates `path` (never replacing a file), mode 0600 when `private`, else 0644.
fn write_new(path: &Path, bytes: &[u8], private: bool) -> Result<(), KeyError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => KeyError::Exists {
            path: path.to_path_buf(),
        },
        _ => KeyError::io(path, e),
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| KeyError::io(path, e))
}

/// Reads a secret file after checking that only its owner can read it.
fn read_private(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let metadata = std::fs::metadata(path).map_err(|e| KeyError::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::Permissions {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    std::fs::read(path)
        .map(Zeroizing::new)
        .map_err(|e| KeyError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::PATH_CONFIRMATIONS;

    #[test]
    fn keygen_writes_three_private_files_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let out = keygen(dir.path(), "kiosk-01").unwrap();
        let key = DeviceKey::load(&out.device_key, "kiosk-01").unwrap();
        assert_eq!(key.public_key_base64(), out.public_key_base64);
        let pub_text = std::fs::read_to_string(&out.public_key).unwrap();
        assert_eq!(pub_text, format!("{}\n", out.public_key_base64));
        assert_eq!(parse_public_key(&pub_text).unwrap().len(), 32);
        assert_eq!(load_data_key(&out.data_key).unwrap().len(), 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for path in [&out.device_key, &out.data_key] {
                let mode = std::fs::metadata(path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{}", path.display());
            }
        }
        assert!(matches!(
            keygen(dir.path(), "kiosk-01"),
            Err(KeyError::Exists { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.key");
        DeviceKey::generate(&path, "k1").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = DeviceKey::load(&path, "k1").unwrap_err();
        assert!(matches!(err, KeyError::Permissions { mode: 0o640, .. }));
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn kiosk_ids_are_file_name_safe() {
        for good in ["k1", "clinic-01.front_desk", "A"] {
            assert!(is_valid_kiosk_id(good), "{good}");
        }
        let long = "x".repeat(65);
        for bad in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "a b",
            "キオスク",
            long.as_str(),
        ] {
            assert!(!is_valid_kiosk_id(bad), "{bad}");
        }
    }

    #[test]
    fn signatures_verify_over_the_signing_input() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let key = DeviceKey::from_pkcs8("k1", pkcs8.as_ref()).unwrap();
        let time = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        let headers = key.sign_request_at("POST", PATH_CONFIRMATIONS, b"{}", time);
        assert_eq!(headers.time, "2026-09-21T14:13:20Z");
        let public = parse_public_key(&key.public_key_base64()).unwrap();
        let signature = BASE64.decode(&headers.signature).unwrap();
        ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, public)
            .verify(
                &signing_input("POST", PATH_CONFIRMATIONS, &headers.time, b"{}"),
                &signature,
            )
            .unwrap();
        assert!(!format!("{key:?}").contains("pair"));
    }

    #[test]
    fn attestations_verify_over_their_signing_input() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let key = DeviceKey::from_pkcs8("k1", pkcs8.as_ref()).unwrap();
        let at = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        let verdict = FaceVerdict {
            distance: 0.312_345,
            threshold: 0.5,
        };
        let a = key.attest_face("r1", "Y2g=", b"der", verdict, CardData::IssuerVerified, at);
        assert_eq!(a.face.map(|f| f.distance), Some(0.3123));
        assert_eq!(a.signed_at, "2026-09-21T14:13:20Z");
        assert_eq!(a.certificate_sha256, certificate_sha256(b"der"));
        let public = parse_public_key(&key.public_key_base64()).unwrap();
        let verify = |a: &KioskAttestation| {
            ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, public)
                .verify(&a.signing_input(), &BASE64.decode(&a.signature).unwrap())
                .is_ok()
        };
        assert!(verify(&a));
        let mut changed = a.clone();
        changed.face = Some(FaceVerdict::new(0.3124, 0.5));
        assert!(!verify(&changed));
        let mut changed = a.clone();
        changed.card_data = Some(CardData::NotVerified);
        assert!(!verify(&changed), "card_data is signed");
        let staff =
            key.attest_staff_visual("r2", "Y2g=", b"der", "staff-07", CardData::NotVerified, at);
        assert_eq!(staff.method, Method::StaffVisual);
        assert!(staff.face.is_none());
        assert!(verify(&staff));
    }
}
