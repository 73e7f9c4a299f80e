//! Encryption at rest for the kiosk store: AES-256-GCM (`ring`) for every personal payload, and
//! HMAC-SHA256 lookup keys so that no certificate serial or request id is stored in clear.
//!
//! All keys are derived from the 32-byte data key (`myna-kiosk keygen`, `data.key`) with
//! HKDF-SHA256 under distinct labels, so they are independent: the sealing key, the lookup key,
//! the audit chain's HMAC key ([`Sealer::audit_mac`]) and the staff PIN pepper ([`Pepper`]).
//! A sealed blob is `nonce (12 bytes) || ciphertext || tag (16 bytes)`. Its associated data is the
//! table, the purpose and a binding (the row's lookup key or time), so a blob copied to another
//! table, column or row does not open.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hkdf::{HKDF_SHA256, Salt};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::StoreError;
use crate::eligibility::device_key::DATA_KEY_LEN;

const HKDF_SALT: &[u8] = b"myna-kiosk store v1";
const LABEL_SEAL: &[u8] = b"seal: AES-256-GCM record key";
const LABEL_LOOKUP: &[u8] = b"lookup: HMAC-SHA256 index key";
const LABEL_AUDIT: &[u8] = b"audit: HMAC-SHA256 chain key";
const LABEL_PEPPER: &[u8] = b"pepper: HMAC-SHA256 staff PIN key";

/// A 32-byte HMAC-SHA256 lookup key.
pub type Lookup = [u8; 32];

pub struct Sealer {
    seal: LessSafeKey,
    lookup: hmac::Key,
    audit: hmac::Key,
    pepper: Pepper,
    rng: SystemRandom,
}

/// The staff PIN pepper: an HMAC-SHA256 key derived from the data key and never stored. A PIN
/// hash is `HMAC(pepper, PBKDF2(PIN))`, so a copy of the database without `data.key` cannot be
/// searched for PINs, however few digits they have.
pub struct Pepper(hmac::Key);

impl Pepper {
    /// `HMAC(pepper, context || secret)`.
    pub fn tag(&self, context: &[u8], secret: &[u8]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(&(context.len() as u32).to_be_bytes());
        ctx.update(context);
        ctx.update(secret);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }

    /// Whether `tag` is [`Pepper::tag`] of `context || secret`, in constant time.
    pub fn verify(&self, context: &[u8], secret: &[u8], tag: &[u8]) -> bool {
        let mut message =
            zeroize::Zeroizing::new(Vec::with_capacity(4 + context.len() + secret.len()));
        message.extend_from_slice(&(context.len() as u32).to_be_bytes());
        message.extend_from_slice(context);
        message.extend_from_slice(secret);
        hmac::verify(&self.0, &message, tag).is_ok()
    }
}

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pepper(REDACTED)")
    }
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(REDACTED)")
    }
}

impl Sealer {
    pub fn new(data_key: &Zeroizing<[u8; DATA_KEY_LEN]>) -> Result<Self, StoreError> {
        let prk = Salt::new(HKDF_SHA256, HKDF_SALT).extract(&data_key[..]);
        let labels = [LABEL_SEAL];
        let okm = prk
            .expand(&labels, &AES_256_GCM)
            .map_err(|_| StoreError::Crypto("key derivation failed"))?;
        let seal = LessSafeKey::new(UnboundKey::from(okm));
        let hmac_key = |label: &[u8]| -> Result<hmac::Key, StoreError> {
            let labels = [label];
            let okm = prk
                .expand(&labels, hmac::HMAC_SHA256)
                .map_err(|_| StoreError::Crypto("key derivation failed"))?;
            Ok(hmac::Key::from(okm))
        };
        Ok(Sealer {
            seal,
            lookup: hmac_key(LABEL_LOOKUP)?,
            audit: hmac_key(LABEL_AUDIT)?,
            pepper: Pepper(hmac_key(LABEL_PEPPER)?),
            rng: SystemRandom::new(),
        })
    }

    /// A fresh HMAC-SHA256 context under the audit chain key.
    pub fn audit_mac(&self) -> hmac::Context {
        hmac::Context::with_key(&self.audit)
    }

    /// The staff PIN pepper.
    pub fn pepper(&self) -> &Pepper {
        &self.pepper
    }

    /// HMAC-SHA256 of `value` under the lookup key, separated by `purpose`
    /// (a serial and a request id with the same text give different keys).
    pub fn lookup(&self, purpose: &str, value: &str) -> Lookup {
        let mut ctx = hmac::Context::with_key(&self.lookup);
        ctx.update(&(purpose.len() as u32).to_be_bytes());
        ctx.update(purpose.as_bytes());
        ctx.update(value.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }

    /// Seals `plaintext` with a fresh random 96-bit nonce.
    pub fn seal(
        &self,
        table: &str,
        purpose: &str,
        binding: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .map_err(|_| StoreError::Crypto("the system random number generator failed"))?;
        // Sealed in place: the buffer holds ciphertext when this returns, and is only ever
        // grown within its reserved capacity (no plaintext copy left behind by a reallocation).
        let mut buf = Vec::with_capacity(NONCE_LEN + plaintext.len() + AES_256_GCM.tag_len());
        buf.extend_from_slice(&nonce);
        buf.extend_from_slice(plaintext);
        let tag = self
            .seal
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad(table, purpose, binding)),
                &mut buf[NONCE_LEN..],
            )
            .map_err(|_| StoreError::Crypto("sealing failed"))?;
        buf.extend_from_slice(tag.as_ref());
        Ok(buf)
    }

    /// Opens a blob made by [`Sealer::seal`] with the same table, purpose and binding.
    pub fn open(
        &self,
        table: &'static str,
        purpose: &str,
        binding: &[u8],
        blob: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let unsealed = || StoreError::Unseal { table };
        if blob.len() < NONCE_LEN + AES_256_GCM.tag_len() {
            return Err(unsealed());
        }
        let (nonce, body) = blob.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| unsealed())?;
        let mut body = Zeroizing::new(body.to_vec());
        let len = self
            .seal
            .open_in_place(nonce, Aad::from(aad(table, purpose, binding)), &mut body)
            .map_err(|_| unsealed())?
            .len();
        body.truncate(len);
        Ok(body)
    }
}

/// `len(table) || table || len(purpose) || purpose || binding`: unambiguous.
fn aad(table: &str, purpose: &str, binding: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(8 + table.len() + purpose.len() + binding.len());
    aad.extend_from_slice(&(table.len() as u32).to_be_bytes());
    aad.extend_from_slice(table.as_bytes());
    aad.extend_from_slice(&(purpose.len() as u32).to_be_bytes());
    aad.extend_from_slice(purpose.as_bytes());
    aad.extend_from_slice(binding);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&Zeroizing::new([byte; DATA_KEY_LEN])).unwrap()
    }

    #[test]
    fn round_trip_and_bound_to_table_purpose_and_binding() {
        let s = sealer(7);
        let blob = s.seal("cache", "result", b"k1", b"secret").unwrap();
        assert_eq!(blob.len(), 12 + 6 + 16);
        assert!(!blob.windows(6).any(|w| w == b"secret"));
        assert_eq!(
            &s.open("cache", "result", b"k1", &blob).unwrap()[..],
            b"secret"
        );
        assert!(s.open("visits", "result", b"k1", &blob).is_err());
        assert!(s.open("cache", "details", b"k1", &blob).is_err());
        assert!(s.open("cache", "result", b"k2", &blob).is_err());
        assert!(sealer(8).open("cache", "result", b"k1", &blob).is_err());
        assert!(s.open("cache", "result", b"k1", &blob[..20]).is_err());
        // A fresh nonce each time.
        assert_ne!(blob, s.seal("cache", "result", b"k1", b"secret").unwrap());
    }

    #[test]
    fn lookups_are_keyed_and_separated_by_purpose() {
        let s = sealer(7);
        assert_eq!(s.lookup("serial", "ab"), s.lookup("serial", "ab"));
        assert_ne!(s.lookup("serial", "ab"), s.lookup("request", "ab"));
        assert_ne!(s.lookup("serial", "ab"), sealer(8).lookup("serial", "ab"));
    }

    #[test]
    fn pepper_and_audit_keys_are_their_own() {
        let s = sealer(7);
        let tag = s.pepper().tag(b"member", b"derived");
        assert!(s.pepper().verify(b"member", b"derived", &tag));
        assert!(!s.pepper().verify(b"other", b"derived", &tag));
        assert!(!sealer(8).pepper().verify(b"member", b"derived", &tag));
        let mut mac = s.audit_mac();
        mac.update(b"derived");
        assert_ne!(mac.sign().as_ref(), &s.pepper().tag(b"", b"derived")[..]);
        assert_eq!(format!("{:?}", s.pepper()), "Pepper(REDACTED)");
    }
}
