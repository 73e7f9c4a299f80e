//! Card profiles (`fixtures/cards/*.toml`): a synthetic person and a test key, turned into the
//! applications, files and keys of a [`VirtualCard`]. Paths in a profile are relative to it.

use std::path::{Path, PathBuf};

use iso7816_tlv::ber::{Tag, Tlv, Value};
use rcgen::DnType;
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use serde::Deserialize;
use time::{Date, Duration, OffsetDateTime, macros::format_description};

use super::SimError;
use super::atr::{self, Interface};
use super::card::{Access, Application, Key, PhoneHolder, PhonePatient, Pin, VirtualCard};
use super::pki::{TestCa, card_key_pair};
use myna_card::status::StatusWord;
use myna_protocol::wareki::era_yymmdd;

mod build;

pub use build::build_card;

const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
const TEXT_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
const SURFACE_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
const JUKI_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01];
const COMMON_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00];

/// Retry counts no source states (照合番号A/B, birth-date key, text-AP PIN): UNCONFIRMED, 3 chosen.
const UNCONFIRMED_TRIES: u8 = 3;
const AUTH_PIN_TRIES: u8 = 3;
const SIGN_PASSWORD_TRIES: u8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Token {
    MyNumberCard,
    JukiCard,
    AndroidToken,
    IphoneToken,
    /// Some other smart card (a transit or bank card): no My Number application at all.
    Foreign,
}

impl Token {
    fn label(self) -> &'static str {
        match self {
            Token::Foreign => "",
            Token::MyNumberCard => "JPKIAPICCTOKEN2",
            Token::JukiCard => "JPKIAPICCTOKEN",
            Token::AndroidToken => "JPKIAPGPSETOKEN",
            Token::IphoneToken => "JPKIAPIOSTOKEN",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub description: String,
    pub token: Token,
    /// The card's RSA-2048 key (PKCS#8 PEM, test only). The simulator uses it for every key
    /// on the card; a real card has separate keys per application.
    pub key: PathBuf,
    pub ca_key: PathBuf,
    pub ca_certificate: PathBuf,
    /// The J-LIS test issuer key (PKCS#8 PEM, TEST ONLY) that signs the card-surface AP's CV
    /// certificate. Default: `jlis-test-issuer.key.pem` beside `ca_key`.
    pub surface_issuer_key: Option<PathBuf>,
    /// The card-surface AP's key (PKCS#8 PEM, TEST ONLY) that its CV certificate certifies and
    /// that signs the card face (`DF28`). Default: `jlis-test-surface-ap.key.pem` beside `ca_key`.
    pub surface_ap_key: Option<PathBuf>,
    pub auth_pin: AuthPinSpec,
    /// 署名用パスワード; absent = no signing certificate (a card issued under 15).
    pub sign_password: Option<String>,
    pub auth_certificate: CertificateSpec,
    pub holder: Holder,
    #[serde(default)]
    pub faults: Faults,
    /// `contact` or `contactless`: how the card sits on the reader, which chooses its ATR.
    /// Default: contact for cards, contactless for phones (which have no contacts).
    pub interface: Option<Interface>,
    /// The ATR the reader shows (`"3B C5 FF …"`), instead of the default for the kind and
    /// interface ([`super::atr::default_atr`]); checked to be well-formed.
    pub atr: Option<String>,
    /// iPhone token only: the simulated holder confirming on the phone.
    pub phone: Option<PhoneSpec>,
}

/// `[phone]` of an iPhone profile: what the simulated patient does when the phone asks for
/// Face ID / Touch ID (an UNCONFIRMED model: see [`PhoneHolder`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneSpec {
    /// `confirm` (default), `cancel` or `no_answer`.
    #[serde(default = "default_phone_patient")]
    pub patient: PhonePatientSpec,
    /// Milliseconds from the phone's first signature request to the patient's answer.
    #[serde(default = "default_phone_after_ms")]
    pub after_ms: u64,
    /// The status word the phone answers while waiting, 4 hex digits (default `6982`).
    pub waiting_status: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhonePatientSpec {
    Confirm,
    Cancel,
    NoAnswer,
}

fn default_phone_patient() -> PhonePatientSpec {
    PhonePatientSpec::Confirm
}

fn default_phone_after_ms() -> u64 {
    1500
}

impl PhoneSpec {
    fn holder(&self) -> Result<PhoneHolder, SimError> {
        let waiting_status = match &self.waiting_status {
            None => StatusWord::SecurityStatusNotSatisfied,
            Some(text) => {
                let sw = (text.len() == 4)
                    .then(|| u16::from_str_radix(text, 16).ok())
                    .flatten()
                    .filter(|sw| *sw != 0x9000 && sw >> 8 != 0x61)
                    .ok_or_else(|| {
                        SimError::Invalid(format!(
                            "phone.waiting_status: {text:?} is not 4 hex digits of an error status"
                        ))
                    })?;
                StatusWord::from(sw)
            }
        };
        Ok(PhoneHolder {
            patient: match self.patient {
                PhonePatientSpec::Confirm => PhonePatient::Confirm,
                PhonePatientSpec::Cancel => PhonePatient::Cancel,
                PhonePatientSpec::NoAnswer => PhonePatient::NoAnswer,
            },
            after: std::time::Duration::from_millis(self.after_ms),
            waiting_status,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthPinSpec {
    /// Absent = a card issued without a PIN: modelled, as an UNCONFIRMED assumption, as a key
    /// blocked from issue (`63C0` to a tries query, `6984` to VERIFY).
    pub value: Option<String>,
    #[serde(default = "default_auth_tries")]
    pub tries_left: u8,
}

fn default_auth_tries() -> u8 {
    AUTH_PIN_TRIES
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateSpec {
    /// Hex serial number.
    pub serial: String,
    /// Days from now (negative: past) when the certificate starts and ends being valid.
    pub valid_from_days: i64,
    pub valid_until_days: i64,
}

/// A synthetic person. Never a real one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    pub name: String,
    pub address: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    /// 1 male, 2 female, 9 not applicable.
    pub sex: String,
    /// Synthetic 12 digits; only the text AP and 照合番号A hold it, which the kiosk never touches.
    pub individual_number: String,
    /// `YYYY-MM-DD`
    pub card_expiry: String,
    pub security_code: String,
    /// Greyscale JPEG 2000 portrait (synthetic).
    pub photo: PathBuf,
    /// PNG standing in for the name, address and security-code images on the card face.
    pub text_image: PathBuf,
    /// The text AP PIN; the auth PIN when absent.
    pub text_pin: Option<String>,
}

/// Deliberate defects, to test how the kiosk takes a broken card.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Replace the auth certificate by bytes that have a DER header but are no certificate.
    #[serde(default)]
    pub auth_certificate_not_der: bool,
    /// Never finish an answer: `61 10` to every command and to every GET RESPONSE
    /// ([`VirtualCard::with_more_data_forever`]).
    #[serde(default)]
    pub more_data_forever: bool,
    /// The card face's `DF28` signs this photo (relative to the profile) instead of
    /// `holder.photo`, which the card still serves: someone else's photo under a genuine
    /// signature, as a programmable card would carry it.
    pub signed_photo: Option<PathBuf>,
    /// The card face has no `DF28` signature at all.
    #[serde(default)]
    pub card_face_unsigned: bool,
}

impl Profile {
    /// The J-LIS test issuer key and the card-surface AP key, relative to the profile's base.
    pub fn surface_keys(&self) -> (PathBuf, PathBuf) {
        let beside = |name: &str| self.ca_key.parent().unwrap_or(Path::new("")).join(name);
        (
            self.surface_issuer_key
                .clone()
                .unwrap_or_else(|| beside("jlis-test-issuer.key.pem")),
            self.surface_ap_key
                .clone()
                .unwrap_or_else(|| beside("jlis-test-surface-ap.key.pem")),
        )
    }

    pub fn load(path: &Path) -> Result<(Self, PathBuf), SimError> {
        let text = std::fs::read_to_string(path).map_err(|e| SimError::io(path, e))?;
        let profile: Profile = toml::from_str(&text).map_err(|e| SimError::Profile {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Ok((profile, base))
    }
}

/// Loads a profile file and builds its card, with certificates valid relative to `now`.
pub fn load_card(path: &Path, now: OffsetDateTime) -> Result<VirtualCard, SimError> {
    let (profile, base) = Profile::load(path)?;
    build_card(&profile, &base, now).map_err(|e| match e {
        SimError::Invalid(message) => SimError::Profile {
            path: path.to_path_buf(),
            message,
        },
        e => e,
    })
}

fn read(base: &Path, file: &Path) -> Result<Vec<u8>, SimError> {
    let path = base.join(file);
    std::fs::read(&path).map_err(|e| SimError::io(&path, e))
}

fn read_text(base: &Path, file: &Path) -> Result<String, SimError> {
    String::from_utf8(read(base, file)?)
        .map_err(|_| SimError::Invalid(format!("{} is not text", file.display())))
}

fn date(field: &str, text: &str) -> Result<Date, SimError> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| SimError::Invalid(format!("{field}: expected YYYY-MM-DD, got {text:?}")))
}

fn digits(field: &str, text: &str, len: usize) -> Result<(), SimError> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(SimError::Invalid(format!("{field}: expected {len} digits")))
    }
}

/// Whether 12 digits end in the 個人番号 check digit (検査用数字) of the 11 before it, as
/// defined by 平成26年総務省令第85号 (行政手続における特定の個人を識別するための番号の利用等に関する
/// 法律の規定による通知カード及び個人番号カード並びに情報提供ネットワークシステムによる特定個人情報の
/// 提供等に関する省令) 第5条: with Pn the n-th digit counted from the last of the 11 (n = 1..11)
/// and Qn = n + 1 for n ≤ 6, n − 5 for n ≥ 7, the check digit is 11 − (Σ Pn×Qn mod 11), or 0
/// when that remainder is 0 or 1.
///
/// Only the simulator and the tests use it: every synthetic number in a profile must FAIL it,
/// so that none can be a real person's. The kiosk never reads the number at all.
pub fn is_valid_individual_number(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if number.len() != 12 || digits.len() != 12 {
        return false;
    }
    let sum: u32 = (1..=11u32)
        .map(|n| {
            let p = digits[11 - n as usize];
            let q = if n <= 6 { n + 1 } else { n - 5 };
            p * q
        })
        .sum();
    let check = match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    };
    digits[11] == check
}

impl Default for PhoneSpec {
    fn default() -> Self {
        PhoneSpec {
            patient: default_phone_patient(),
            after_ms: default_phone_after_ms(),
            waiting_status: None,
        }
    }
}

fn hex(text: &str) -> Result<Vec<u8>, SimError> {
    let bad = || SimError::Invalid(format!("auth_certificate.serial: {text:?} is not hex"));
    if text.is_empty() || !text.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|_| bad()))
        .collect()
}

/// 160-byte PKCS#11 token info: label, manufacturer, model, serial, then flags and PIN lengths.
#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> (Profile, PathBuf) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/cards")
            .join(format!("{name}.toml"));
        Profile::load(&path).unwrap()
    }

    fn refusal(profile: &Profile, base: &Path) -> String {
        match build_card(profile, base, OffsetDateTime::now_utc()) {
            Err(SimError::Invalid(message)) => message,
            other => panic!("{:?}", other.map(|_| "a card")),
        }
    }

    #[test]
    fn individual_number_check_digit() {
        // The example commonly used to show the rule: 12345678901 → 8.
        assert!(is_valid_individual_number("123456789018"));
        assert!(!is_valid_individual_number("123456789019"));
        // Remainder 0 or 1 gives 0: Σ for 00000000000 is 0.
        assert!(is_valid_individual_number("000000000000"));
        assert!(is_valid_individual_number("100000000005"));
        assert!(!is_valid_individual_number("100000000105"));
        assert!(!is_valid_individual_number("12345678901８"));
        assert!(!is_valid_individual_number("12345678901"));
    }

    #[test]
    fn a_number_that_could_be_real_is_refused() {
        let (mut profile, base) = fixture("normal");
        profile.holder.individual_number = "123456789018".into();
        assert!(refusal(&profile, &base).contains("individual_number"));
    }

    /// The card face of `profile`, read through the card layer with 照合番号B, checked with the
    /// J-LIS test issuer key (fixtures/pki/jlis-test-issuer.pub.pem).
    fn card_data_check(profile: &Profile, base: &Path) -> Result<(), myna_card::CardDataProblem> {
        use myna_card::transport::InMemoryTransport;
        use myna_card::{CardSession, IssuerKey, VerificationCodeB};
        let mut card = build_card(profile, base, OffsetDateTime::now_utc()).unwrap();
        let mut session =
            CardSession::new(InMemoryTransport::new(move |apdu| Some(card.process(apdu))));
        let birth = date("", &profile.holder.birth_date).unwrap();
        let expiry = date("", &profile.holder.card_expiry).unwrap();
        let code =
            VerificationCodeB::new(birth, expiry.year() as u16, &profile.holder.security_code)
                .unwrap();
        let face = session.read_card_face(code).unwrap();
        let pem = std::fs::read_to_string(base.join("../pki/jlis-test-issuer.pub.pem")).unwrap();
        face.verify_issuer(&IssuerKey::from_pem(&pem).unwrap())
    }

    #[test]
    fn the_card_face_is_signed_as_a_card_signs_it() {
        use myna_card::CardDataProblem;
        let (mut profile, base) = fixture("normal");
        assert_eq!(card_data_check(&profile, &base), Ok(()));
        // Someone else's photo under the genuine signature.
        profile.faults.signed_photo = Some("../faces/../cards/images/text.png".into());
        assert_eq!(
            card_data_check(&profile, &base),
            Err(CardDataProblem::SignatureMismatch)
        );
        profile.faults.signed_photo = None;
        profile.faults.card_face_unsigned = true;
        assert_eq!(
            card_data_check(&profile, &base),
            Err(CardDataProblem::NoSignature)
        );
        // A CV certificate signed by another key than the issuer's.
        profile.faults.card_face_unsigned = false;
        profile.surface_issuer_key = Some("../pki/jlis-test-surface-ap.key.pem".into());
        assert_eq!(
            card_data_check(&profile, &base),
            Err(CardDataProblem::CertificateNotIssued)
        );
    }

    #[test]
    fn a_face_only_card_has_no_signing_certificate() {
        let (mut profile, base) = fixture("no-pin");
        assert_eq!(profile.auth_pin.value, None);
        assert_eq!(profile.sign_password, None);
        profile.sign_password = Some("TESTPW5".into());
        assert!(refusal(&profile, &base).contains("sign_password"));
    }
}
