//! The 利用者証明用電子証明書 (auth certificate, JPKI EF `000A`), parsed with a real X.509 parser.

use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::CardError;
use myna_protocol::certificate_id::CertificateId;

/// What the kiosk needs from the auth certificate. It carries no name or address: the JPKI
/// auth certificate holds none, and the kiosk never reads the signing certificate that does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthCertificate {
    /// Whole bytes in lower-case hex, as OpenSSL prints it ([`certificate_id`](myna_protocol::certificate_id)).
    pub serial: String,
    /// SHA-256 of the issuer's DER name, lower-case hex: with `serial`, what names the
    /// certificate wherever it is looked up.
    pub issuer_sha256: String,
    pub subject: String,
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    #[serde(skip)]
    der: Vec<u8>,
    #[serde(skip)]
    public_key: Vec<u8>,
}

impl AuthCertificate {
    pub fn from_der(der: Vec<u8>) -> Result<Self, CardError> {
        let bad = |reason: String| CardError::Certificate(reason);
        let (rest, cert) =
            X509Certificate::from_der(&der).map_err(|e| bad(format!("not DER X.509: {e}")))?;
        if !rest.is_empty() {
            return Err(bad(format!("{} bytes after the certificate", rest.len())));
        }
        let validity = cert.validity();
        let id = CertificateId::of(&cert);
        Ok(AuthCertificate {
            serial: id.serial,
            issuer_sha256: id.issuer_sha256,
            subject: cert.subject().to_string(),
            not_before: validity.not_before.to_datetime(),
            not_after: validity.not_after.to_datetime(),
            public_key: cert.public_key().subject_public_key.data.to_vec(),
            der,
        })
    }

    /// (issuer, serial): the key of the kiosk's cache.
    pub fn id(&self) -> CertificateId {
        CertificateId {
            issuer_sha256: self.issuer_sha256.clone(),
            serial: self.serial.clone(),
        }
    }

    /// The certificate as read from the card.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject public key (for RSA: the PKCS#1 `RSAPublicKey`), for checking signatures.
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_typed_error() {
        for bytes in [vec![], vec![0x30, 0x82, 0x01], vec![0xFF; 300]] {
            assert!(matches!(
                AuthCertificate::from_der(bytes),
                Err(CardError::Certificate(_))
            ));
        }
    }
}
