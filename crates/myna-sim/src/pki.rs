//! Test-only certificates for the virtual card, issued when a profile is loaded so that
//! validity relative to "now" never goes stale in the repository.

use rcgen::{
    CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PKCS_RSA_SHA256, SerialNumber,
};
use time::OffsetDateTime;

use super::SimError;

/// The test CA standing in for the JPKI CA (its key and certificate live in `fixtures/pki/`).
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    der: Vec<u8>,
}

impl TestCa {
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Self, SimError> {
        let key = KeyPair::from_pem_and_sign_algo(key_pem, &PKCS_RSA_SHA256)
            .map_err(|e| SimError::Pki(format!("test CA key: {e}")))?;
        let issuer = Issuer::from_ca_cert_pem(cert_pem, key)
            .map_err(|e| SimError::Pki(format!("test CA certificate: {e}")))?;
        let der = pem_der(cert_pem)?;
        Ok(TestCa { issuer, der })
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.der
    }

    /// Issues an end-entity certificate for the card key.
    pub fn issue(
        &self,
        card_key: &KeyPair,
        serial: &[u8],
        subject: &[(DnType, String)],
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Vec<u8>, SimError> {
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        for (kind, value) in subject {
            dn.push(kind.clone(), value.as_str());
        }
        params.distinguished_name = dn;
        params.serial_number = Some(SerialNumber::from_slice(serial));
        params.not_before = not_before;
        params.not_after = not_after;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let cert = params
            .signed_by(card_key, &self.issuer)
            .map_err(|e| SimError::Pki(format!("issuing a card certificate: {e}")))?;
        Ok(cert.der().to_vec())
    }
}

/// The card's key pair as rcgen sees it (for the public half in certificates).
pub fn card_key_pair(pem: &str) -> Result<KeyPair, SimError> {
    KeyPair::from_pem_and_sign_algo(pem, &PKCS_RSA_SHA256)
        .map_err(|e| SimError::Pki(format!("card key: {e}")))
}

fn pem_der(pem: &str) -> Result<Vec<u8>, SimError> {
    pem::parse(pem)
        .map(|p| p.into_contents())
        .map_err(|e| SimError::Pki(format!("test CA certificate is not PEM: {e}")))
}
