//! Card certificate checks: issued by a trusted CA (signature over the TBS certificate, with
//! `ring`), not revoked, not expired beyond the grace (`eligibility::grace`); and the card's RSA signature over
//! the challenge. The order the gateway applies them is in `service.rs`.

use std::collections::HashSet;

use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::x509::SubjectPublicKeyInfo;

use super::Error;
use crate::certificate_id::CertificateId;
use crate::eligibility::grace::{self, Standing, Token};
use crate::eligibility::protocol::{ErrorCode, MAX_CLOCK_SKEW_SECS, Warning};

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";

/// The Ed25519 public key a certificate carries (a kiosk's TLS client certificate), if it is one.
pub fn ed25519_key(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let key = PublicKey::from_spki(cert.public_key())?;
    (key.kind == KeyKind::Ed25519).then_some(key.bytes)
}

/// A trusted CA: the subject it issues under and its public key.
#[derive(Debug, Clone)]
pub struct TrustedCa {
    pub name: String,
    subject: Vec<u8>,
    key: PublicKey,
}

#[derive(Debug, Clone)]
struct PublicKey {
    kind: KeyKind,
    bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    P256,
    P384,
    Ed25519,
}

impl PublicKey {
    fn from_spki(spki: &SubjectPublicKeyInfo<'_>) -> Option<Self> {
        let kind = match spki.algorithm.algorithm.to_id_string().as_str() {
            OID_RSA => KeyKind::Rsa,
            OID_ED25519 => KeyKind::Ed25519,
            OID_EC => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())?
                    .to_id_string();
                match curve.as_str() {
                    OID_P256 => KeyKind::P256,
                    OID_P384 => KeyKind::P384,
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(PublicKey {
            kind,
            bytes: spki.subject_public_key.data.to_vec(),
        })
    }

    /// The `ring` algorithm for a certificate signature algorithm OID made with this key.
    fn algorithm(&self, signature_oid: &str) -> Option<&'static dyn VerificationAlgorithm> {
        Some(match (self.kind, signature_oid) {
            (KeyKind::Rsa, "1.2.840.113549.1.1.11") => &signature::RSA_PKCS1_2048_8192_SHA256,
            (KeyKind::Rsa, "1.2.840.113549.1.1.12") => &signature::RSA_PKCS1_2048_8192_SHA384,
            (KeyKind::Rsa, "1.2.840.113549.1.1.13") => &signature::RSA_PKCS1_2048_8192_SHA512,
            (KeyKind::P256, "1.2.840.10045.4.3.2") => &signature::ECDSA_P256_SHA256_ASN1,
            (KeyKind::P256, "1.2.840.10045.4.3.3") => &signature::ECDSA_P256_SHA384_ASN1,
            (KeyKind::P384, "1.2.840.10045.4.3.2") => &signature::ECDSA_P384_SHA256_ASN1,
            (KeyKind::P384, "1.2.840.10045.4.3.3") => &signature::ECDSA_P384_SHA384_ASN1,
            (KeyKind::Ed25519, OID_ED25519) => &signature::ED25519,
            _ => return None,
        })
    }
}

impl TrustedCa {
    /// A CA certificate (DER) from the data directory: it must be a CA with a usable key.
    pub fn from_der(name: &str, der: &[u8]) -> Result<Self, String> {
        let (_, cert) = X509Certificate::from_der(der).map_err(|e| format!("not X.509: {e}"))?;
        if !cert.is_ca() {
            return Err("not a CA certificate (basicConstraints CA:TRUE is missing)".into());
        }
        let key = PublicKey::from_spki(cert.public_key())
            .ok_or("unsupported CA key type (RSA, ECDSA P-256/P-384 or Ed25519)")?;
        Ok(TrustedCa {
            name: name.to_string(),
            subject: cert.subject().as_raw().to_vec(),
            key,
        })
    }
}

/// What the gateway keeps of a card's auth certificate once its chain checked out.
#[derive(Debug, Clone)]
pub struct CardCertificate {
    /// (issuer, serial), as [`crate::certificate_id`] writes them.
    pub id: CertificateId,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    /// PKCS#1 `RSAPublicKey`.
    rsa_public_key: Vec<u8>,
}

fn refuse(code: ErrorCode, message: impl Into<String>) -> Error {
    Error::Refused {
        code,
        message: message.into(),
    }
}

/// Parses the auth certificate and checks that a trusted CA signed it.
pub fn check_chain(der: &[u8], cas: &[TrustedCa]) -> Result<CardCertificate, Error> {
    let bad = |why: String| refuse(ErrorCode::BadCertificate, why);
    let (rest, cert) = X509Certificate::from_der(der)
        .map_err(|e| bad(format!("the auth certificate is not X.509: {e}")))?;
    if !rest.is_empty() {
        return Err(bad("bytes after the auth certificate".into()));
    }
    let key = cert.public_key();
    if key.algorithm.algorithm.to_id_string() != OID_RSA {
        return Err(bad("the auth certificate key is not RSA".into()));
    }
    if let Ok(Some(usage)) = cert.key_usage()
        && !usage.value.digital_signature()
    {
        return Err(bad(
            "the auth certificate is not for digital signatures".into()
        ));
    }
    let signature_oid = cert.signature_algorithm.algorithm.to_id_string();
    let tbs = cert.tbs_certificate.as_ref();
    let signed_by_trusted = cas
        .iter()
        .filter(|ca| ca.subject == cert.issuer().as_raw())
        .any(|ca| {
            ca.key.algorithm(&signature_oid).is_some_and(|alg| {
                UnparsedPublicKey::new(alg, &ca.key.bytes)
                    .verify(tbs, &cert.signature_value.data)
                    .is_ok()
            })
        });
    if !signed_by_trusted {
        return Err(refuse(
            ErrorCode::UnknownCa,
            "the auth certificate was not issued by a trusted CA",
        ));
    }
    let validity = cert.validity();
    Ok(CardCertificate {
        id: CertificateId::of(&cert),
        not_before: validity.not_before.to_datetime(),
        not_after: validity.not_after.to_datetime(),
        rsa_public_key: key.subject_public_key.data.to_vec(),
    })
}

/// The card's signature: RSA PKCS#1 v1.5 over `DigestInfo(SHA-256(challenge))`, which is what
/// `ring` checks when given the challenge itself.
pub fn verify_card_signature(
    cert: &CardCertificate,
    challenge: &[u8],
    card_signature: &[u8],
) -> Result<(), Error> {
    UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &cert.rsa_public_key)
        .verify(challenge, card_signature)
        .map_err(|_| {
            refuse(
                ErrorCode::BadCardSignature,
                "the card's signature does not match the challenge and certificate",
            )
        })
}

/// What [`check_status`] found: the warnings for the patient, and whether the certificate is
/// in its grace (eligibility only: no viewing consent is recorded or returned).
#[derive(Debug, Default)]
pub struct CertificateStatus {
    pub warnings: Vec<Warning>,
    pub in_grace: bool,
}

/// Revocation and validity dates by the one grace rule ([`grace::standing`]); warnings for a
/// certificate near or just past its expiry.
pub fn check_status(
    cert: &CardCertificate,
    revoked: &HashSet<CertificateId>,
    token: Token,
    now: OffsetDateTime,
) -> Result<CertificateStatus, Error> {
    if revoked.contains(&cert.id) {
        return Err(refuse(
            ErrorCode::CertificateRevoked,
            "the auth certificate has been revoked",
        ));
    }
    if cert.not_before > now + time::Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(refuse(
            ErrorCode::BadCertificate,
            "the auth certificate is not valid yet",
        ));
    }
    let warning = |code: &str, message: String| Warning {
        code: code.into(),
        message,
    };
    Ok(match grace::standing(cert.not_after, token, now) {
        Standing::Valid => CertificateStatus::default(),
        Standing::Expiring => CertificateStatus {
            warnings: vec![warning(
                "certificate_expiring",
                format!(
                    "the auth certificate expires on {}; renew it at the municipality",
                    jst_date(cert.not_after)
                ),
            )],
            in_grace: false,
        },
        Standing::InGrace { .. } => CertificateStatus {
            warnings: vec![warning(
                "certificate_expired_grace",
                format!(
                    "the auth certificate expired on {}; until {} it confirms eligibility only (no medical information), renew it at the municipality",
                    jst_date(cert.not_after),
                    grace::grace_last_day(cert.not_after),
                ),
            )],
            in_grace: true,
        },
        Standing::Expired if token != Token::Card => {
            return Err(refuse(
                ErrorCode::CertificateExpired,
                "the smartphone's auth certificate has expired (smartphones have no grace); it must be renewed",
            ));
        }
        Standing::Expired => {
            return Err(refuse(
                ErrorCode::CertificateExpired,
                "the auth certificate's grace has ended; it must be renewed at the municipality",
            ));
        }
    })
}

/// The date in Japan.
fn jst_date(time: OffsetDateTime) -> time::Date {
    time.to_offset(grace::JST).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn cert(not_after: OffsetDateTime) -> CardCertificate {
        CardCertificate {
            id: CertificateId::parse(&"ab".repeat(32), "1a").unwrap(),
            not_before: datetime!(2020-01-01 00:00 UTC),
            not_after,
            rsa_public_key: Vec::new(),
        }
    }

    fn code(result: Result<CertificateStatus, Error>) -> Result<Vec<String>, ErrorCode> {
        match result {
            Ok(status) => Ok(status.warnings.into_iter().map(|w| w.code).collect()),
            Err(Error::Refused { code, .. }) => Err(code),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn expiry_windows() {
        let now = datetime!(2026-11-25 12:00 UTC);
        let none = HashSet::new();
        assert_eq!(
            code(check_status(
                &cert(datetime!(2027-06-01 00:00 UTC)),
                &none,
                Token::Card,
                now
            )),
            Ok(vec![])
        );
        assert_eq!(
            code(check_status(
                &cert(datetime!(2027-02-20 00:00 UTC)),
                &none,
                Token::Card,
                now
            )),
            Ok(vec!["certificate_expiring".to_string()])
        );
        assert_eq!(
            code(check_status(
                &cert(datetime!(2026-09-01 00:00 UTC)),
                &none,
                Token::Card,
                now
            )),
            Ok(vec!["certificate_expired_grace".to_string()])
        );
        // Expired 2026-08-20: the grace runs to 2026-11-30 (the old +3 months refused it).
        assert_eq!(
            code(check_status(
                &cert(datetime!(2026-08-20 00:00 UTC)),
                &none,
                Token::Card,
                now
            )),
            Ok(vec!["certificate_expired_grace".to_string()])
        );
        assert_eq!(
            code(check_status(
                &cert(datetime!(2026-07-31 00:00 UTC)),
                &none,
                Token::Card,
                now
            )),
            Err(ErrorCode::CertificateExpired)
        );
        assert_eq!(
            code(check_status(
                &cert(datetime!(2026-11-24 00:00 UTC)),
                &none,
                Token::Android,
                now
            )),
            Err(ErrorCode::CertificateExpired)
        );
        let revoked = HashSet::from([cert(now).id]);
        assert_eq!(
            code(check_status(
                &cert(datetime!(2027-06-01 00:00 UTC)),
                &revoked,
                Token::Card,
                now
            )),
            Err(ErrorCode::CertificateRevoked)
        );
    }

    #[test]
    fn garbage_certificates_are_bad_certificate() {
        for der in [&b""[..], &[0x30, 0x03, 0x02, 0x01, 0x01][..]] {
            assert!(matches!(
                check_chain(der, &[]),
                Err(Error::Refused {
                    code: ErrorCode::BadCertificate,
                    ..
                })
            ));
        }
    }
}
