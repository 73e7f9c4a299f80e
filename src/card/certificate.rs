//! The 利用者証明用電子証明書 (auth certificate, JPKI EF `000A`), parsed with a real X.509 parser.

use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::CardError;

/// What the kiosk needs from the auth certificate. It carries no name or address: the JPKI
/// auth certificate holds none, and the kiosk never reads the signing certificate that does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthCertificate {
    /// Lower-case hex, no separators, no leading zeros.
    pub serial: String,
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
        Ok(AuthCertificate {
            serial: format!("{:x}", cert.serial),
            subject: cert.subject().to_string(),
            not_before: validity.not_before.to_datetime(),
            not_after: validity.not_after.to_datetime(),
            public_key: cert.public_key().subject_public_key.data.to_vec(),
            der,
        })
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
