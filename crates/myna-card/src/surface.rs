//! Card-surface AP (券面事項確認AP) EF `0002`: the card face (docs/domain/mynacard.md §5.3).
//! The kiosk keeps only what face confirmation needs: birth date, card expiry, photo, and what
//! proves them: the `DF28` signature's digests and the AP's CV certificate (`super::issuer`).

use std::fmt;

use iso7816_tlv::ber::{Tag, Tlv, Value};
use time::{Date, macros::format_description};
use zeroize::Zeroizing;

use super::issuer::{CardDataProblem, CvCertificate, IssuerKey, SignedFace, raw_children};
use super::{CardError, ber};

const TAG_CARD_FACE: u16 = 0xFF20;
const TAG_BIRTH_DATE: u16 = 0xDF22;
const TAG_PHOTO: u16 = 0xDF27;
const TAG_CARD_EXPIRY: u16 = 0xDF29;
/// A JPEG 2000 file in its JP2 container.
const JP2_MAGIC: [u8; 8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];

/// The parts of the card face the kiosk uses. The photo is wiped when this is dropped.
pub struct CardFace {
    pub birth_date: Date,
    pub card_expiry: Date,
    photo_jp2: Zeroizing<Vec<u8>>,
    signed: SignedFace,
    /// The card-surface AP's CV certificate (EF `0004`), when it could be read and parsed.
    certificate: Option<CvCertificate>,
}

impl CardFace {
    /// Parses the file as read (trailing filler allowed).
    pub fn parse(file: &[u8]) -> Result<Self, CardError> {
        let bad = |reason: &str| CardError::CardFace(reason.to_string());
        let (header_len, value_len) = ber::header(file).ok_or_else(|| bad("no TLV header"))?;
        if file.get(..2) != Some(&TAG_CARD_FACE.to_be_bytes()[..]) {
            return Err(bad("not a card-face record (FF20)"));
        }
        let value = file
            .get(header_len..header_len + value_len)
            .ok_or_else(|| bad("record shorter than its length"))?;
        let fields = ber::children(value).map_err(|e| bad(&e))?;
        let field = |tag: u16| -> Result<&[u8], CardError> {
            fields
                .iter()
                .find(|t| has_tag(t, tag))
                .and_then(|t| match t.value() {
                    Value::Primitive(v) => Some(v.as_slice()),
                    Value::Constructed(_) => None,
                })
                .ok_or_else(|| CardError::CardFace(format!("field {tag:04X} missing")))
        };
        let raw = raw_children(value).map_err(|e| bad(&e))?;
        let signed = SignedFace::from_fields(&raw);
        let photo = field(TAG_PHOTO)?;
        if !photo.starts_with(&JP2_MAGIC) {
            return Err(bad("the photo is not JPEG 2000"));
        }
        Ok(CardFace {
            birth_date: parse_date(field(TAG_BIRTH_DATE)?).ok_or_else(|| bad("bad birth date"))?,
            card_expiry: parse_date(field(TAG_CARD_EXPIRY)?)
                .ok_or_else(|| bad("bad expiry date"))?,
            photo_jp2: Zeroizing::new(photo.to_vec()),
            signed,
            certificate: None,
        })
    }

    pub(crate) fn with_certificate(mut self, certificate: Option<CvCertificate>) -> Self {
        self.certificate = certificate;
        self
    }

    /// Whether J-LIS's key proves the birth date, sex, card key, name and address images and
    /// photo: the AP's CV certificate is signed by `issuer` and `DF28` by the key it certifies
    /// (docs/domain/mynacard.md §5.3). Expiry and security code are not covered by any signature.
    pub fn verify_issuer(&self, issuer: &IssuerKey) -> Result<(), CardDataProblem> {
        if matches!(self.signed, SignedFace::Unsigned) {
            return Err(CardDataProblem::NoSignature);
        }
        self.certificate
            .as_ref()
            .ok_or(CardDataProblem::NoCertificate)?
            .check_face(&self.signed, issuer)
    }

    /// The chip's face photo: greyscale JPEG 2000 in a JP2 container.
    pub fn photo_jp2(&self) -> &[u8] {
        &self.photo_jp2
    }
}

impl fmt::Debug for CardFace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardFace(REDACTED)")
    }
}

fn has_tag(tlv: &Tlv, tag: u16) -> bool {
    Tag::try_from(tag).is_ok_and(|t| *tlv.tag() == t)
}

/// `YYYYMMDD` in ASCII.
fn parse_date(bytes: &[u8]) -> Option<Date> {
    let text = std::str::from_utf8(bytes).ok()?;
    Date::parse(text, format_description!("[year][month][day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn tlv(tag: u16, value: &[u8]) -> Vec<u8> {
        Tlv::new(
            Tag::try_from(tag).unwrap(),
            Value::Primitive(value.to_vec()),
        )
        .unwrap()
        .to_vec()
    }

    fn card_face(filler_inside: bool) -> Vec<u8> {
        let mut photo = JP2_MAGIC.to_vec();
        photo.extend_from_slice(&[0x42; 300]);
        let mut value = tlv(0xDF21, &[0; 20]);
        value.extend(tlv(TAG_BIRTH_DATE, b"19800217"));
        value.extend(tlv(0xDF23, b"2"));
        value.extend(tlv(TAG_PHOTO, &photo));
        if filler_inside {
            value.extend([0xFF, 0xFF, 0x00]);
        }
        value.extend(tlv(TAG_CARD_EXPIRY, b"20350217"));
        let mut file = vec![0xFF, 0x20, 0x82];
        file.extend((value.len() as u16).to_be_bytes());
        file.extend(value);
        file.extend([0xFF; 7]);
        file
    }

    #[test]
    fn parses_fields_and_ignores_filler() {
        for filler in [false, true] {
            let face = CardFace::parse(&card_face(filler)).unwrap();
            assert_eq!(face.birth_date, date!(1980 - 02 - 17));
            assert_eq!(face.card_expiry, date!(2035 - 02 - 17));
            assert_eq!(face.photo_jp2().len(), 308);
        }
        assert_eq!(
            format!("{:?}", CardFace::parse(&card_face(false)).unwrap()),
            "CardFace(REDACTED)"
        );
    }

    #[test]
    fn a_parsed_face_verifies_with_its_certificate_and_not_without() {
        use crate::issuer::tests::{cv_certificate, face_fields, key};
        let (card, ap, issuer) = (key("normal"), key("under-15"), key("no-pin"));
        let issuer_key = {
            use rsa::pkcs8::EncodePublicKey;
            let pem = issuer
                .to_public_key()
                .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
                .unwrap();
            IssuerKey::from_pem(&pem).unwrap()
        };
        let mut photo = JP2_MAGIC.to_vec();
        photo.extend([0x42; 300]);
        let record = |signed_photo: &[u8]| {
            let value: Vec<u8> = [tlv(0xDF21, &[0; 18])]
                .into_iter()
                .chain(face_fields(&card, &ap, &photo, signed_photo))
                .flatten()
                .collect();
            let mut file = vec![0xFF, 0x20, 0x82];
            file.extend((value.len() as u16).to_be_bytes());
            file.extend(value);
            file.extend([0xFF; 5]);
            CardFace::parse(&file).unwrap()
        };
        let certificate = || CvCertificate::parse(&cv_certificate(&ap, &issuer)).ok();
        let face = record(&photo);
        assert_eq!(
            face.verify_issuer(&issuer_key),
            Err(CardDataProblem::NoCertificate)
        );
        let face = face.with_certificate(certificate());
        assert_eq!(face.verify_issuer(&issuer_key), Ok(()));
        let mut other = JP2_MAGIC.to_vec();
        other.extend([0x43; 300]);
        let swapped = record(&other).with_certificate(certificate());
        assert_eq!(
            swapped.verify_issuer(&issuer_key),
            Err(CardDataProblem::SignatureMismatch)
        );
        // The fixture face of these tests has no DF28.
        let unsigned = CardFace::parse(&card_face(false))
            .unwrap()
            .with_certificate(certificate());
        assert_eq!(
            unsigned.verify_issuer(&issuer_key),
            Err(CardDataProblem::NoSignature)
        );
    }

    #[test]
    fn broken_records_are_typed_errors() {
        let good = card_face(false);
        let mut wrong_tag = good.clone();
        wrong_tag[1] = 0x40;
        let mut bad_date = good.clone();
        let at = bad_date.windows(8).position(|w| w == b"19800217").unwrap();
        bad_date[at + 4] = b'9';
        for file in [
            vec![],
            good[..good.len() / 2].to_vec(),
            wrong_tag,
            bad_date,
            vec![0xFF, 0x20, 0x03, 0xDF, 0x22, 0x05],
        ] {
            assert!(matches!(
                CardFace::parse(&file),
                Err(CardError::CardFace(_))
            ));
        }
    }
}
