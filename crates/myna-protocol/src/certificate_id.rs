//! How a certificate is named wherever one is looked up (the gateway's persons and revocation
//! list, the kiosk's cache) or shown (`card status`, logs): by its issuer and its serial.
//!
//! - **Serial**: the INTEGER's magnitude, whole bytes in lower-case hex, as OpenSSL prints it
//!   (`openssl x509 -serial`, in lower case): a leading zero nibble is kept (`07278c…`, never
//!   `7278c…`), the `00` byte that DER puts before a magnitude whose high bit is set is not
//!   shown (`00 8a 01` → `8a01`), and zero is `00`.
//! - **Issuer**: SHA-256 of the issuer's DER-encoded `Name`, exactly as it stands in the
//!   certificate, in lower-case hex (64 digits): `issuer_sha256`. The hash of the same bytes
//!   taken from the CA certificate's subject is the same value.
//!
//! [`serial_hex`] and [`issuer_sha256`] are the only places these texts are made.

use std::fmt;

use serde::Serialize;
use x509_parser::prelude::X509Certificate;

use crate::text::lower_hex;

/// A certificate's (issuer, serial), in the one textual form above.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CertificateId {
    pub issuer_sha256: String,
    pub serial: String,
}

impl CertificateId {
    pub fn of(cert: &X509Certificate<'_>) -> Self {
        CertificateId {
            issuer_sha256: issuer_sha256(cert.issuer().as_raw()),
            serial: serial_hex(cert.raw_serial()),
        }
    }

    /// Both checked to be in the one form (for data files and command lines).
    pub fn parse(issuer_sha256: &str, serial: &str) -> Result<Self, String> {
        Ok(CertificateId {
            issuer_sha256: parse_issuer_sha256(issuer_sha256)?.to_string(),
            serial: parse_serial(serial)?.to_string(),
        })
    }

    /// The text an HMAC lookup key is made of: `issuer_sha256:serial`.
    pub fn lookup_text(&self) -> String {
        format!("{}:{}", self.issuer_sha256, self.serial)
    }
}

impl fmt::Display for CertificateId {
    /// `serial (issuer sha256:ab12…)`, for logs and error messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = self.issuer_sha256.get(..12).unwrap_or(&self.issuer_sha256);
        write!(f, "{} (issuer sha256:{short}…)", self.serial)
    }
}

/// The serial's text from the DER INTEGER's content octets (x509-parser's `raw_serial`).
/// Leading `00` bytes are dropped (DER has at most one, the sign byte); each byte left is two
/// hex digits. A negative serial (high bit set without `00`, which RFC 5280 forbids but some
/// CAs issued) is shown as its two's-complement bytes, never as a shorter text.
pub fn serial_hex(integer_content: &[u8]) -> String {
    let start = integer_content
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(integer_content.len().saturating_sub(1));
    let magnitude = integer_content.get(start..).unwrap_or_default();
    if magnitude.is_empty() {
        return "00".into();
    }
    lower_hex(magnitude)
}

/// SHA-256 of a DER-encoded `Name`, lower-case hex.
pub fn issuer_sha256(der_name: &[u8]) -> String {
    lower_hex(ring::digest::digest(&ring::digest::SHA256, der_name).as_ref())
}

/// A serial written in a data file must already be in the one form: lower-case hex, an even
/// number of digits, no `00` byte in front (except the serial zero, `00`).
pub fn parse_serial(text: &str) -> Result<&str, String> {
    let hex_digits =
        !text.is_empty() && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !hex_digits {
        return Err(format!(
            "serial {text:?}: lower-case hex digits without separators, as `myna-kiosk card status` prints it"
        ));
    }
    if text.len() % 2 == 1 {
        return Err(format!(
            "serial {text:?}: whole bytes, as OpenSSL prints it (\"0{text}\", with its leading zero)"
        ));
    }
    if text.len() > 2 && text.starts_with("00") {
        return Err(format!(
            "serial {text:?}: without DER's 00 sign byte (\"{}\")",
            &text[2..]
        ));
    }
    Ok(text)
}

/// An issuer hash written in a data file: 64 lower-case hex digits.
pub fn parse_issuer_sha256(text: &str) -> Result<&str, String> {
    if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(text)
    } else {
        Err(format!(
            "issuer_sha256 {text:?}: SHA-256 of the issuer's DER name, 64 lower-case hex digits, as `myna-kiosk card status` prints it"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_keep_whole_bytes_as_openssl_prints_them() {
        // A leading zero nibble is kept.
        assert_eq!(serial_hex(&[0x07, 0x27, 0x8c, 0xa1]), "07278ca1");
        // DER's sign byte before a high bit is not shown.
        assert_eq!(serial_hex(&[0x00, 0x8a, 0x01]), "8a01");
        assert_eq!(serial_hex(&[0x00, 0x07]), "07");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "00");
        assert_eq!(serial_hex(&[0x1a, 0x2b]), "1a2b");
    }

    #[test]
    fn data_files_must_use_the_one_form() {
        assert_eq!(parse_serial("07278ca1"), Ok("07278ca1"));
        assert_eq!(parse_serial("00"), Ok("00"));
        let odd = parse_serial("7278ca1").unwrap_err();
        assert!(odd.contains("07278ca1"), "{odd}");
        assert!(parse_serial("008a01").unwrap_err().contains("\"8a01\""));
        assert!(parse_serial("1A2B").is_err());
        assert!(parse_serial("1a:2b").is_err());
        assert!(parse_serial("").is_err());
        let issuer = "ab".repeat(32);
        assert!(parse_issuer_sha256(&issuer).is_ok());
        assert!(parse_issuer_sha256(&issuer.to_uppercase()).is_err());
        assert!(parse_issuer_sha256("ab").is_err());
    }

    #[test]
    fn the_issuer_is_the_sha256_of_its_der_name() {
        // SHA-256 of the empty input, a known value.
        assert_eq!(
            issuer_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let id = CertificateId::parse(&"ab".repeat(32), "07").unwrap();
        assert_eq!(id.lookup_text(), format!("{}:07", "ab".repeat(32)));
        assert_eq!(id.to_string(), "07 (issuer sha256:abababababab…)");
    }
}
