//! Secrets the kiosk hands to the card, and the DigestInfo the auth key signs.
//! Secrets print as `REDACTED`, are wiped on drop, and are consumed by the one VERIFY that uses them.

use std::fmt;

use time::Date;
use zeroize::Zeroizing;

use super::CardError;
use myna_protocol::wareki::era_yymmdd_digits;

/// The 4-digit 利用者証明用電子証明書暗証番号 (JPKI `0018`), ASCII digits.
pub struct AuthPin(Zeroizing<[u8; 4]>);

impl AuthPin {
    pub fn new(digits: &str) -> Result<Self, CardError> {
        let bytes: [u8; 4] = digits
            .as_bytes()
            .try_into()
            .map_err(|_| CardError::InvalidCredential("the PIN has 4 digits"))?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(CardError::InvalidCredential("the PIN has 4 digits"));
        }
        Ok(AuthPin(Zeroizing::new(bytes)))
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.0[..]
    }

    /// The digits as numbers, for replaying an entry on the PIN pad (`check`).
    pub fn digits(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.iter().map(|b| b - b'0')
    }
}

impl fmt::Debug for AuthPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthPin(REDACTED)")
    }
}

/// 照合番号B: birth date as era `YYMMDD` + the card's expiry year + the 4-digit security code
/// printed under the photo (docs/domain/mynacard.md §5.4). It opens card-surface EF `0002` and never
/// involves the Individual Number.
pub struct VerificationCodeB(Zeroizing<Vec<u8>>);

/// 照合番号B's length: era YYMMDD, the expiry year, the security code.
const CODE_B_LEN: usize = 14;

impl VerificationCodeB {
    pub fn new(
        birth_date: Date,
        card_expiry_year: u16,
        security_code: &str,
    ) -> Result<Self, CardError> {
        // The birth date's digits are a secret (they open the card face): kept on the stack and
        // wiped, and the code is written into a buffer of its full size, never grown.
        let birth = Zeroizing::new(era_yymmdd_digits(birth_date).ok_or(
            CardError::InvalidCredential("birth date before the Meiji era"),
        )?);
        if !(2000..=2099).contains(&card_expiry_year) {
            return Err(CardError::InvalidCredential("the expiry year has 4 digits"));
        }
        if security_code.len() != 4 || !security_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CardError::InvalidCredential(
                "the security code has 4 digits",
            ));
        }
        let mut code = Zeroizing::new(Vec::with_capacity(CODE_B_LEN));
        code.extend_from_slice(&birth[..]);
        let year = card_expiry_year;
        code.extend_from_slice(&[
            b'0' + (year / 1000 % 10) as u8,
            b'0' + (year / 100 % 10) as u8,
            b'0' + (year / 10 % 10) as u8,
            b'0' + (year % 10) as u8,
        ]);
        code.extend_from_slice(security_code.as_bytes());
        debug_assert_eq!(code.capacity(), CODE_B_LEN);
        Ok(VerificationCodeB(code))
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for VerificationCodeB {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerificationCodeB(REDACTED)")
    }
}

/// DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2).
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// What the auth key signs with P1=`00`: the card pads these bytes as they are (PKCS#1 v1.5 type 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestInfo(Vec<u8>);

impl DigestInfo {
    /// `DigestInfo(SHA-256(message))`; a verifier checks it with RSA PKCS#1 v1.5 SHA-256 over `message`.
    pub fn sha256(message: &[u8]) -> Self {
        let hash = ring::digest::digest(&ring::digest::SHA256, message);
        let mut bytes = SHA256_DIGEST_INFO_PREFIX.to_vec();
        bytes.extend_from_slice(hash.as_ref());
        DigestInfo(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn pin_format() {
        assert!(AuthPin::new("1234").is_ok());
        for bad in ["123", "12345", "12a4", "１２３４", ""] {
            assert!(AuthPin::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format!("{:?}", AuthPin::new("1234").unwrap()),
            "AuthPin(REDACTED)"
        );
    }

    #[test]
    fn code_b_matches_the_tested_example() {
        // SOLTIA's example tested on a card: 1980-02-17, expiry 2035, code 2285.
        let code = VerificationCodeB::new(date!(1980 - 02 - 17), 2035, "2285").unwrap();
        assert_eq!(code.bytes(), b"55021720352285");
        assert!(VerificationCodeB::new(date!(1980 - 02 - 17), 35, "2285").is_err());
        assert!(VerificationCodeB::new(date!(1980 - 02 - 17), 2035, "22a5").is_err());
    }

    #[test]
    fn digest_info_is_51_bytes() {
        let d = DigestInfo::sha256(b"challenge");
        assert_eq!(d.as_bytes().len(), 51);
        assert_eq!(&d.as_bytes()[..19], &SHA256_DIGEST_INFO_PREFIX);
    }
}
