//! Card-surface data that a key proves (docs/domain/mynacard.md §5.3): the card face's `DF28`
//! signature covers three groups, each hashed with SHA-256 on its own: (`DF22` birth date,
//! `DF23` sex, `DF24` the card's public key), (`DF25` name image, `DF26` address image),
//! (`DF27` photo), every object as written (tag, length and value). The three digests, one after
//! the other, are the 96-byte digest of one PKCS#1 v1.5 `DigestInfo` (SHA-256's algorithm
//! identifier) signed by the key that the card-surface AP's CV certificate (EF `0004`)
//! certifies; that certificate is signed (PKCS#1 v1.5, SHA-256, over its 297-byte body) by a
//! J-LIS key that is not on the card and that the kiosk is given (`[face] issuer_key`).
//!
//! `DF29` (expiry) and `DF2A` (security code image) follow the signature and are not covered.
//!
//! What this proves: the photo, birth date and sex were issued by J-LIS together with that card
//! key. What it does not prove: that the chip in the reader holds that key, nor that the JPKI
//! auth certificate read beside it belongs to the same card (no signature links the two APs;
//! docs/domain/mynacard.md §5.3). A copy of a genuine card face on a programmable card passes.

use std::fmt;

use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};

use super::{CardError, ber};

/// DER of SHA-256's `AlgorithmIdentifier` (with NULL parameters), as a DigestInfo opens with it
/// (RFC 8017 §9.2).
const SHA256_ALGORITHM: [u8; 15] = [
    0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
];
const TAG_CV_CERTIFICATE: [u8; 2] = [0x7F, 0x21];
const TAG_CV_BODY: [u8; 2] = [0x5F, 0x4E];
const TAG_CV_SIGNATURE: [u8; 2] = [0x5F, 0x37];
const KEY_ID_LEN: usize = 16;
/// Two key IDs and an RSA-2048 public key `90 03 <e> 91 82 01 00 <n>` (docs/domain/mynacard.md
/// §5.3: 297 bytes). Stricter than needed, so that a certificate shaped otherwise is refused
/// rather than split some other way.
const CV_BODY_LEN: usize = 297;
/// No public key or signature here is longer than RSA-4096's.
const MAX_RSA_BYTES: usize = 512;

/// The card face's signed part: the three group digests and `DF28`, or why there is none.
#[derive(Clone)]
pub(crate) enum SignedFace {
    Signed {
        digests: [u8; 96],
        signature: Vec<u8>,
    },
    /// `DF28` (or a field it covers) is missing.
    Unsigned,
}

impl SignedFace {
    /// From the card face's fields as written: `(tag, the whole object's bytes)`.
    pub(crate) fn from_fields(fields: &[(u16, &[u8])]) -> Self {
        let raw = |tag: u16| fields.iter().find(|(t, _)| *t == tag).map(|(_, raw)| *raw);
        let value = |tag: u16| {
            raw(tag)
                .and_then(|object| ber::header(object).and_then(|(h, len)| object.get(h..h + len)))
        };
        let group = |tags: &[u16]| -> Option<[u8; 32]> {
            let mut context = ring::digest::Context::new(&ring::digest::SHA256);
            for tag in tags {
                context.update(raw(*tag)?);
            }
            context.finish().as_ref().try_into().ok()
        };
        let (Some(g1), Some(g2), Some(g3), Some(signature)) = (
            group(&[0xDF22, 0xDF23, 0xDF24]),
            group(&[0xDF25, 0xDF26]),
            group(&[0xDF27]),
            value(0xDF28),
        ) else {
            return SignedFace::Unsigned;
        };
        let mut digests = [0; 96];
        digests[..32].copy_from_slice(&g1);
        digests[32..64].copy_from_slice(&g2);
        digests[64..].copy_from_slice(&g3);
        SignedFace::Signed {
            digests,
            signature: signature.to_vec(),
        }
    }
}

/// Why the card-surface data are not proven by the issuer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardDataProblem {
    /// The card face has no `DF28` signature (or lacks a field it covers).
    NoSignature,
    /// EF `0004` is missing, unreadable or not a CV certificate of the known shape.
    NoCertificate,
    /// The CV certificate is not signed by the issuer key.
    CertificateNotIssued,
    /// `DF28` does not verify under the certified key: the signed data were changed (another
    /// photo, another birth date or card key) or the signature belongs to another card.
    SignatureMismatch,
}

impl CardDataProblem {
    /// Stable snake_case code (logs, audit, staff cases).
    pub fn code(self) -> &'static str {
        match self {
            CardDataProblem::NoSignature => "card_face_unsigned",
            CardDataProblem::NoCertificate => "card_surface_certificate_missing",
            CardDataProblem::CertificateNotIssued => "card_surface_certificate_not_issued",
            CardDataProblem::SignatureMismatch => "card_face_signature_mismatch",
        }
    }
}

impl fmt::Display for CardDataProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CardDataProblem::NoSignature => "the card face carries no signature (DF28)",
            CardDataProblem::NoCertificate => "the card-surface AP has no usable CV certificate",
            CardDataProblem::CertificateNotIssued => {
                "the card-surface CV certificate is not signed by the issuer key"
            }
            CardDataProblem::SignatureMismatch => {
                "the card face's signature does not match its data"
            }
        })
    }
}

/// The J-LIS public key that signs card-surface CV certificates (`[face] issuer_key`), an
/// RSA public key in PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`).
#[derive(Clone)]
pub struct IssuerKey(RsaPublicKey);

impl IssuerKey {
    pub fn from_pem(text: &str) -> Result<Self, CardError> {
        RsaPublicKey::from_public_key_pem(text.trim())
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(text.trim()))
            .map(IssuerKey)
            .map_err(|_| {
                CardError::InvalidCredential(
                    "the issuer key is not an RSA public key in PEM (PUBLIC KEY or RSA PUBLIC KEY)",
                )
            })
    }
}

impl fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IssuerKey(RSA)")
    }
}

/// The card-surface AP's CV certificate (EF `0004`): `7F21 { 5F4E body, 5F37 signature }`, the
/// body 16 bytes 証明者鍵ID, 16 bytes 被証明者鍵ID and the certified RSA key (`90` exponent,
/// `91` modulus) (docs/domain/mynacard.md §5.3).
#[derive(Clone)]
pub struct CvCertificate {
    body: Vec<u8>,
    signature: Vec<u8>,
    key: RsaPublicKey,
}

impl CvCertificate {
    /// Parses the file as read (trailing filler allowed).
    pub fn parse(file: &[u8]) -> Result<Self, CardDataProblem> {
        let bad = CardDataProblem::NoCertificate;
        if file.get(..2) != Some(&TAG_CV_CERTIFICATE[..]) {
            return Err(bad);
        }
        let (header, len) = ber::header(file).ok_or(bad)?;
        let value = file.get(header..header + len).ok_or(bad)?;
        let fields = raw_children(value).map_err(|_| bad)?;
        let field = |tag: [u8; 2]| {
            fields
                .iter()
                .find(|(t, _)| *t == u16::from_be_bytes(tag))
                .and_then(|(_, object)| primitive_value(object))
        };
        let body = field(TAG_CV_BODY).ok_or(bad)?;
        let signature = field(TAG_CV_SIGNATURE).ok_or(bad)?;
        if body.len() != CV_BODY_LEN || signature.is_empty() || signature.len() > MAX_RSA_BYTES {
            return Err(bad);
        }
        let key = rsa_key(&body[2 * KEY_ID_LEN..]).ok_or(bad)?;
        Ok(CvCertificate {
            body: body.to_vec(),
            signature: signature.to_vec(),
            key,
        })
    }

    /// 証明者鍵ID: which issuer key signed it (test cards `6000023…`, production `5000023…`).
    pub fn issuer_key_id(&self) -> &[u8] {
        &self.body[..KEY_ID_LEN]
    }

    /// Whether the issuer key signed this certificate.
    pub fn is_issued_by(&self, issuer: &IssuerKey) -> bool {
        let digest = ring::digest::digest(&ring::digest::SHA256, &self.body);
        verify(&issuer.0, digest.as_ref(), &self.signature)
    }

    /// Checks the card face's `DF28` under this certificate's key, the certificate under the
    /// issuer key.
    pub(crate) fn check_face(
        &self,
        face: &SignedFace,
        issuer: &IssuerKey,
    ) -> Result<(), CardDataProblem> {
        let SignedFace::Signed { digests, signature } = face else {
            return Err(CardDataProblem::NoSignature);
        };
        if !self.is_issued_by(issuer) {
            return Err(CardDataProblem::CertificateNotIssued);
        }
        if !verify(&self.key, digests, signature) {
            return Err(CardDataProblem::SignatureMismatch);
        }
        Ok(())
    }
}

impl fmt::Debug for CvCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CvCertificate(..)")
    }
}

/// RSASSA-PKCS1-v1_5 verification with a SHA-256 DigestInfo around `digest` (32 bytes, or the
/// card face's 96), the padding checked in full by `rsa`.
fn verify(key: &RsaPublicKey, digest: &[u8], signature: &[u8]) -> bool {
    let Ok(digest_len) = u8::try_from(digest.len()) else {
        return false;
    };
    let inner = SHA256_ALGORITHM.len() + 2 + digest.len();
    let Ok(inner_len) = u8::try_from(inner) else {
        return false;
    };
    if inner_len >= 0x80 {
        return false;
    }
    let mut digest_info = vec![0x30, inner_len];
    digest_info.extend(SHA256_ALGORITHM);
    digest_info.extend([0x04, digest_len]);
    digest_info.extend(digest);
    key.verify(Pkcs1v15Sign::new_unprefixed(), &digest_info, signature)
        .is_ok()
}

/// `90 <exponent> 91 <modulus>` as the card stores a public key.
fn rsa_key(bytes: &[u8]) -> Option<RsaPublicKey> {
    let fields = raw_children(bytes).ok()?;
    let get = |tag: u16| {
        fields
            .iter()
            .find(|(t, _)| *t == tag)
            .and_then(|(_, o)| primitive_value(o))
    };
    let (e, n) = (get(0x90)?, get(0x91)?);
    if n.len() > MAX_RSA_BYTES || e.len() > 8 {
        return None;
    }
    RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e)).ok()
}

/// The objects of a value as written, with their tag (up to two bytes), `00`/`FF` filler
/// between them skipped.
pub(crate) fn raw_children(mut value: &[u8]) -> Result<Vec<(u16, &[u8])>, String> {
    let mut out = Vec::new();
    loop {
        while let [0x00 | 0xFF, rest @ ..] = value {
            value = rest;
        }
        if value.is_empty() {
            return Ok(out);
        }
        let (header, len) = ber::header(value).ok_or("truncated TLV header")?;
        let object = value
            .get(..header + len)
            .ok_or("TLV longer than its container")?;
        let tag = match object {
            [first, second, ..] if first & 0x1F == 0x1F => u16::from_be_bytes([*first, *second]),
            [first, ..] => u16::from(*first),
            [] => return Err("empty TLV".into()),
        };
        out.push((tag, object));
        value = &value[header + len..];
    }
}

fn primitive_value(object: &[u8]) -> Option<&[u8]> {
    let (header, len) = ber::header(object)?;
    object.get(header..header + len)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rsa::RsaPrivateKey;
    use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
    use rsa::traits::PublicKeyParts;

    /// A test key of the fixtures' test PKI (fixtures/pki/cards; TEST ONLY).
    pub(crate) fn key(profile: &str) -> RsaPrivateKey {
        let path = format!(
            "{}/../../fixtures/pki/cards/{profile}.key.pem",
            env!("CARGO_MANIFEST_DIR")
        );
        RsaPrivateKey::from_pkcs8_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    pub(crate) fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
        let mut out = tag.to_vec();
        match value.len() {
            n @ 0..=0x7F => out.push(n as u8),
            n @ 0x80..=0xFF => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend(value);
        out
    }

    fn sign(key: &RsaPrivateKey, digest: &[u8]) -> Vec<u8> {
        let mut info = vec![0x30, (SHA256_ALGORITHM.len() + 2 + digest.len()) as u8];
        info.extend(SHA256_ALGORITHM);
        info.extend([0x04, digest.len() as u8]);
        info.extend(digest);
        key.sign(Pkcs1v15Sign::new_unprefixed(), &info).unwrap()
    }

    pub(crate) fn public_key(key: &RsaPrivateKey) -> Vec<u8> {
        let mut out = tlv(&[0x90], &key.e().to_bytes_be());
        out.extend(tlv(&[0x91], &key.n().to_bytes_be()));
        out
    }

    /// A CV certificate for `subject`'s key, signed by `issuer`.
    pub(crate) fn cv_certificate(subject: &RsaPrivateKey, issuer: &RsaPrivateKey) -> Vec<u8> {
        let mut body = b"6000023\x08\x05001\0\0\0\0".to_vec();
        body.extend(b"1310100\x08\x05000\0\0\0\0");
        body.extend(public_key(subject));
        assert_eq!(body.len(), CV_BODY_LEN);
        let signature = sign(
            issuer,
            ring::digest::digest(&ring::digest::SHA256, &body).as_ref(),
        );
        let mut value = tlv(&TAG_CV_BODY, &body);
        value.extend(tlv(&TAG_CV_SIGNATURE, &signature));
        tlv(&TAG_CV_CERTIFICATE, &value)
    }

    /// The card face's fields as written, `DF28` signed by `ap_key` over `signed_photo`.
    pub(crate) fn face_fields(
        card_key: &RsaPrivateKey,
        ap_key: &RsaPrivateKey,
        photo: &[u8],
        signed_photo: &[u8],
    ) -> Vec<Vec<u8>> {
        let mut fields = vec![
            tlv(&[0xDF, 0x22], b"19800217"),
            tlv(&[0xDF, 0x23], b"2"),
            tlv(&[0xDF, 0x24], &public_key(card_key)),
            tlv(&[0xDF, 0x25], b"name png"),
            tlv(&[0xDF, 0x26], b"address png"),
        ];
        let hash = |parts: &[&Vec<u8>]| {
            let mut c = ring::digest::Context::new(&ring::digest::SHA256);
            parts.iter().for_each(|p| c.update(p));
            c.finish().as_ref().to_vec()
        };
        let signed_photo = tlv(&[0xDF, 0x27], signed_photo);
        let digests = [
            hash(&[&fields[0], &fields[1], &fields[2]]),
            hash(&[&fields[3], &fields[4]]),
            hash(&[&signed_photo]),
        ]
        .concat();
        fields.push(tlv(&[0xDF, 0x27], photo));
        fields.push(tlv(&[0xDF, 0x28], &sign(ap_key, &digests)));
        fields.push(tlv(&[0xDF, 0x29], b"20350217"));
        fields
    }

    fn signed(fields: &[Vec<u8>]) -> SignedFace {
        let tagged: Vec<(u16, &[u8])> = fields
            .iter()
            .map(|f| (u16::from_be_bytes([f[0], f[1]]), f.as_slice()))
            .collect();
        SignedFace::from_fields(&tagged)
    }

    fn issuer_key(key: &RsaPrivateKey) -> IssuerKey {
        let pem = key
            .to_public_key()
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap();
        IssuerKey::from_pem(&pem).unwrap()
    }

    #[test]
    fn a_face_signed_by_a_certified_key_verifies() {
        let (card, ap, issuer) = (key("normal"), key("under-15"), key("no-pin"));
        let certificate = CvCertificate::parse(&cv_certificate(&ap, &issuer)).unwrap();
        assert_eq!(&certificate.issuer_key_id()[..7], b"6000023");
        let face = signed(&face_fields(&card, &ap, b"photo", b"photo"));
        assert_eq!(certificate.check_face(&face, &issuer_key(&issuer)), Ok(()));
    }

    #[test]
    fn another_photo_another_issuer_or_no_signature_do_not() {
        let (card, ap, issuer) = (key("normal"), key("under-15"), key("no-pin"));
        let certificate = CvCertificate::parse(&cv_certificate(&ap, &issuer)).unwrap();
        let issuer_key = issuer_key(&issuer);
        // Someone else's photo under the genuine signature.
        let swapped = signed(&face_fields(&card, &ap, b"other photo", b"photo"));
        assert_eq!(
            certificate.check_face(&swapped, &issuer_key),
            Err(CardDataProblem::SignatureMismatch)
        );
        // The card key, signing for itself.
        let self_signed = signed(&face_fields(&card, &card, b"photo", b"photo"));
        assert_eq!(
            certificate.check_face(&self_signed, &issuer_key),
            Err(CardDataProblem::SignatureMismatch)
        );
        // A certificate the issuer did not sign (the AP's key certifying itself).
        let forged = CvCertificate::parse(&cv_certificate(&ap, &ap)).unwrap();
        let face = signed(&face_fields(&card, &ap, b"photo", b"photo"));
        assert_eq!(
            forged.check_face(&face, &issuer_key),
            Err(CardDataProblem::CertificateNotIssued)
        );
        // No DF28.
        let mut fields = face_fields(&card, &ap, b"photo", b"photo");
        fields.retain(|f| f[..2] != [0xDF, 0x28]);
        assert_eq!(
            certificate.check_face(&signed(&fields), &issuer_key),
            Err(CardDataProblem::NoSignature)
        );
    }

    #[test]
    fn cv_certificates_of_another_shape_are_refused() {
        let (ap, issuer) = (key("under-15"), key("no-pin"));
        let good = cv_certificate(&ap, &issuer);
        let mut filler = good.clone();
        filler.extend([0xFF; 9]);
        assert!(CvCertificate::parse(&filler).is_ok());
        let mut wrong_tag = good.clone();
        wrong_tag[1] = 0x4E;
        let mut short_body = good.clone();
        short_body[6] = 0x28; // 5F4E's length: 296
        for file in [
            vec![],
            good[..good.len() / 2].to_vec(),
            wrong_tag,
            short_body,
            tlv(&TAG_CV_CERTIFICATE, &tlv(&TAG_CV_SIGNATURE, &[1; 256])),
        ] {
            assert_eq!(
                CvCertificate::parse(&file).err(),
                Some(CardDataProblem::NoCertificate)
            );
        }
    }

    #[test]
    fn issuer_keys_in_either_pem_form() {
        use rsa::pkcs1::EncodeRsaPublicKey;
        let public = key("no-pin").to_public_key();
        let pkcs1 = public.to_pkcs1_pem(rsa::pkcs1::LineEnding::LF).unwrap();
        assert!(IssuerKey::from_pem(&pkcs1).is_ok());
        assert!(matches!(
            IssuerKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
            Err(CardError::InvalidCredential(_))
        ));
    }
}
