//! Card certificate checks: issued by a trusted CA (signature over the TBS certificate, with
//! `ring`), not revoked, not expired beyond the grace (`eligibility::grace`); and the card's RSA signature over
//! the challenge. The order the gateway applies them is in `service.rs`.

use std::collections::HashSet;

use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use time::OffsetDateTime;
use x509_parser::extensions::ParsedExtension;
use x509_parser::oid_registry::{OID_X509_EXT_BASIC_CONSTRAINTS, OID_X509_EXT_KEY_USAGE};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::x509::SubjectPublicKeyInfo;

use super::Error;
use myna_protocol::certificate_id::CertificateId;
use myna_protocol::grace::{self, Standing, Token};
use myna_protocol::protocol::{ErrorCode, MAX_CLOCK_SKEW_SECS, Warning};

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
    /// Its subject carries a marker of the repository's test PKI ([`TEST_CA_MARKERS`]).
    pub test: bool,
}

/// What the subjects of `scripts/gen-fixtures.sh`'s CAs say (`O=JPKI TEST ONLY`,
/// `OU=myna-kiosk fixtures`, `CN=… (NOT REAL)`): any one of them, in any attribute of the
/// subject and in any case, marks a test CA. A real JPKI CA carries none.
pub const TEST_CA_MARKERS: [&str; 3] = ["test only", "not real", "myna-kiosk fixtures"];

fn is_test_subject(cert: &X509Certificate<'_>) -> bool {
    cert.subject().iter_attributes().any(|attribute| {
        attribute.as_str().is_ok_and(|text| {
            let text = text.to_lowercase();
            TEST_CA_MARKERS.iter().any(|marker| text.contains(marker))
        })
    })
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
            test: is_test_subject(&cert),
        })
    }
}

/// What the gateway keeps of a card's auth certificate once its chain checked out.
#[derive(Debug, Clone)]
pub struct CardCertificate {
    /// (issuer, serial), as [`myna_protocol::certificate_id`] writes them.
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
    check_end_entity(&cert).map_err(bad)?;
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

/// A card's certificate is an end entity for signatures: a CA certificate (basicConstraints
/// `cA`, or a key usage for signing certificates or CRLs) is refused even from a trusted CA,
/// and so is a key-usage or basic-constraints extension that does not parse or comes twice
/// (x509-parser keeps an unparsable extension as `ParseError` and would otherwise report it
/// as absent).
fn check_end_entity(cert: &X509Certificate<'_>) -> Result<(), String> {
    let mut seen_usage = false;
    let mut seen_constraints = false;
    for extension in cert.extensions() {
        if extension.oid == OID_X509_EXT_KEY_USAGE {
            if std::mem::replace(&mut seen_usage, true) {
                return Err("the auth certificate has two key-usage extensions".into());
            }
            let ParsedExtension::KeyUsage(usage) = extension.parsed_extension() else {
                return Err("the auth certificate's key-usage extension does not parse".into());
            };
            if usage.key_cert_sign() || usage.crl_sign() {
                return Err(
                    "the auth certificate is a CA certificate (it may sign certificates or CRLs)"
                        .into(),
                );
            }
            if !usage.digital_signature() {
                return Err("the auth certificate is not for digital signatures".into());
            }
        } else if extension.oid == OID_X509_EXT_BASIC_CONSTRAINTS {
            if std::mem::replace(&mut seen_constraints, true) {
                return Err("the auth certificate has two basic-constraints extensions".into());
            }
            let ParsedExtension::BasicConstraints(constraints) = extension.parsed_extension()
            else {
                return Err(
                    "the auth certificate's basic-constraints extension does not parse".into(),
                );
            };
            if constraints.ca {
                return Err(
                    "the auth certificate is a CA certificate (basicConstraints cA)".into(),
                );
            }
        }
    }
    Ok(())
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

    /// A certificate for the `normal` fixture card's key from the fixture test CA, with
    /// `edit` applied to its parameters.
    fn issued(edit: impl FnOnce(&mut rcgen::CertificateParams)) -> Vec<u8> {
        use rcgen::{CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256};
        let ca_key = KeyPair::from_pem_and_sign_algo(
            include_str!("../../../fixtures/pki/jpki-test-ca.key.pem"),
            &PKCS_RSA_SHA256,
        )
        .unwrap();
        let issuer = Issuer::from_ca_cert_pem(
            include_str!("../../../fixtures/pki/jpki-test-ca.cert.pem"),
            ca_key,
        )
        .unwrap();
        let card_key = KeyPair::from_pem_and_sign_algo(
            include_str!("../../../fixtures/pki/cards/normal.key.pem"),
            &PKCS_RSA_SHA256,
        )
        .unwrap();
        let mut params = CertificateParams::default();
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        edit(&mut params);
        params.signed_by(&card_key, &issuer).unwrap().der().to_vec()
    }

    fn fixture_ca() -> TrustedCa {
        let pem = pem::parse(include_str!("../../../fixtures/pki/jpki-test-ca.cert.pem")).unwrap();
        TrustedCa::from_der("jpki-test-ca.cert.pem", pem.contents()).unwrap()
    }

    fn refusal(der: &[u8]) -> Option<(ErrorCode, String)> {
        match check_chain(der, &[fixture_ca()]) {
            Ok(_) => None,
            Err(Error::Refused { code, message }) => Some((code, message)),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_ca_certificate_is_never_a_card_certificate() {
        use rcgen::{BasicConstraints, IsCa, KeyUsagePurpose};
        assert_eq!(refusal(&issued(|_| {})), None, "the end entity passes");
        let ca = issued(|p| p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained));
        let (code, message) = refusal(&ca).unwrap();
        assert_eq!(code, ErrorCode::BadCertificate);
        assert!(message.contains("CA certificate"), "{message}");
        let signs_certificates = issued(|p| {
            p.key_usages = vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyCertSign,
            ]
        });
        assert_eq!(
            refusal(&signs_certificates).unwrap().0,
            ErrorCode::BadCertificate
        );
        let signs_crls = issued(|p| {
            p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::CrlSign]
        });
        assert_eq!(refusal(&signs_crls).unwrap().0, ErrorCode::BadCertificate);
        let no_signatures = issued(|p| p.key_usages = vec![KeyUsagePurpose::KeyEncipherment]);
        assert_eq!(
            refusal(&no_signatures).unwrap().0,
            ErrorCode::BadCertificate
        );
    }

    #[test]
    fn an_unparsable_key_usage_or_basic_constraints_refuses() {
        use rcgen::{CustomExtension, IsCa};
        // An OCTET STRING where the BIT STRING of flags belongs.
        let bad_usage = issued(|p| {
            p.key_usages = vec![];
            p.custom_extensions = vec![CustomExtension::from_oid_content(
                &[2, 5, 29, 15],
                vec![0x04, 0x01, 0x00],
            )];
        });
        let (code, message) = refusal(&bad_usage).unwrap();
        assert_eq!(code, ErrorCode::BadCertificate);
        assert!(message.contains("key-usage"), "{message}");
        let bad_constraints = issued(|p| {
            p.is_ca = IsCa::NoCa;
            p.custom_extensions = vec![CustomExtension::from_oid_content(
                &[2, 5, 29, 19],
                vec![0x02, 0x01, 0x05],
            )];
        });
        let (code, message) = refusal(&bad_constraints).unwrap();
        assert_eq!(code, ErrorCode::BadCertificate);
        assert!(message.contains("basic-constraints"), "{message}");
    }

    #[test]
    fn the_fixture_ca_is_recognised_as_a_test_ca_and_another_is_not() {
        assert!(fixture_ca().test);
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::default();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(
            rcgen::DnType::OrganizationName,
            "Japan Agency for Local Authority Information Systems",
        );
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Auth CA");
        let real_looking = params.self_signed(&key).unwrap();
        assert!(
            !TrustedCa::from_der("ca.pem", real_looking.der())
                .unwrap()
                .test
        );
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationalUnitName, "Test Only");
        let marked = params.self_signed(&key).unwrap();
        assert!(TrustedCa::from_der("ca.pem", marked.der()).unwrap().test);
    }
}
