//! Kiosk enrolment (issue 19): a kiosk the gateway does not know asks to be registered, and an
//! administrator approves it in the staff console after comparing the key fingerprint the
//! kiosk's staff screen shows with the one the console shows ([`fingerprint`]). Copying
//! `kiosks/<kiosk_id>.pub` into the gateway's data folder keeps working beside it.
//!
//! `POST /v1/enrolments` ([`EnrolmentRequest`]) → [`EnrolmentAnswer`]. Signed like every other
//! request (the `x-kiosk-*` headers over [`crate::protocol::signing_input`], the usual time
//! window, each signature accepted once), but with the key the body carries: the signature is
//! the proof that the sender holds that key. Versioned by [`ENROLMENT_VERSION`].

use serde::{Deserialize, Serialize};

use crate::device_key::{is_valid_kiosk_id, parse_public_key};

pub const PATH_ENROLMENTS: &str = "/v1/enrolments";

/// The version of the enrolment messages this build speaks; a gateway refuses one it does not
/// know (`bad_request`).
pub const ENROLMENT_VERSION: u32 = 1;

/// The longest display name or version text, in characters.
pub const MAX_TEXT_CHARS: usize = 64;

/// Body of `POST /v1/enrolments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRequest {
    pub version: u32,
    /// Equal to the `x-kiosk-id` header.
    pub kiosk_id: String,
    /// The Ed25519 public key, base64: the content of the kiosk's `kiosk.pub`.
    pub public_key: String,
    /// A name an administrator recognises beside the id: `myna-kiosk` sends the machine's
    /// host name (else its kiosk id).
    pub display_name: String,
    /// The kiosk's software version.
    pub kiosk_version: String,
}

impl EnrolmentRequest {
    /// The request's formats: a known version, a file-name-safe id, a 32-byte key, short
    /// printable texts. Returns the key.
    pub fn check(&self) -> Result<[u8; 32], String> {
        if self.version == 0 || self.version > ENROLMENT_VERSION {
            return Err(format!(
                "version {}: this gateway speaks enrolment version {ENROLMENT_VERSION}",
                self.version
            ));
        }
        if !is_valid_kiosk_id(&self.kiosk_id) {
            return Err("kiosk_id: 1 to 64 characters of A-Z a-z 0-9 . _ -".into());
        }
        for (name, text) in [
            ("display_name", &self.display_name),
            ("kiosk_version", &self.kiosk_version),
        ] {
            let count = text.chars().count();
            if count == 0 || count > MAX_TEXT_CHARS || text.chars().any(char::is_control) {
                return Err(format!(
                    "{name}: 1 to {MAX_TEXT_CHARS} characters, no control characters"
                ));
            }
        }
        parse_public_key(&self.public_key).map_err(|e| format!("public_key: {e}"))
    }
}

/// Where the gateway stands with a kiosk that asked to be enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// This id is registered with this key: its signed requests are accepted.
    Registered,
    /// Waiting for an administrator's approval in the console.
    Pending,
}

/// Answer to `POST /v1/enrolments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentAnswer {
    pub status: EnrolmentStatus,
    /// [`fingerprint`] of the key the gateway received, for the kiosk to compare with its own.
    pub fingerprint: String,
}

/// Bytes of the key's SHA-256 the fingerprint shows: 80 bits. Making another key with the
/// same fingerprint costs about 2^80 hashes, far beyond anyone squatting an enrolment, while
/// 20 characters stay short enough to read out across a counter.
const FINGERPRINT_BYTES: usize = 10;

/// The fingerprint staff compare between the kiosk's staff screen and the console: the first
/// 80 bits of the SHA-256 of the 32-byte public key, as 5 groups of 4 upper-case hex digits
/// joined by `-` (`3F2A-09C1-…`). Hex because its 16 symbols are read aloud the same way in
/// Japanese and English and none looks like another (no O/0, l/1 as in base32 or base64);
/// groups of 4 like a phone number, so a reader can keep their place.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, public_key);
    let hex: Vec<String> = digest.as_ref()[..FINGERPRINT_BYTES]
        .chunks(2)
        .map(|pair| pair.iter().map(|b| format!("{b:02X}")).collect())
        .collect();
    hex.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_of_fixed_bytes() {
        // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20…
        assert_eq!(fingerprint(&[0u8; 32]), "6668-7AAD-F862-BD77-6C8F");
        // SHA-256 of 0x00..0x1f is 630dcd2966c4336691125448bbb25b4f…
        let counting: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(fingerprint(&counting), "630D-CD29-66C4-3366-9112");
    }

    fn request() -> EnrolmentRequest {
        EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: "counter-1".into(),
            public_key: base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                [7u8; 32],
            ),
            display_name: "受付1".into(),
            kiosk_version: "0.1.0".into(),
        }
    }

    #[test]
    fn requests_are_checked() {
        assert_eq!(request().check(), Ok([7u8; 32]));
        let bad = [
            EnrolmentRequest {
                version: 2,
                ..request()
            },
            EnrolmentRequest {
                kiosk_id: "../x".into(),
                ..request()
            },
            EnrolmentRequest {
                public_key: "AAAA".into(),
                ..request()
            },
            EnrolmentRequest {
                display_name: String::new(),
                ..request()
            },
            EnrolmentRequest {
                display_name: "a\nb".into(),
                ..request()
            },
            EnrolmentRequest {
                kiosk_version: "x".repeat(MAX_TEXT_CHARS + 1),
                ..request()
            },
        ];
        for request in bad {
            assert!(request.check().is_err(), "{request:?}");
        }
        let json = serde_json::to_value(EnrolmentAnswer {
            status: EnrolmentStatus::Pending,
            fingerprint: "x".into(),
        })
        .unwrap();
        assert_eq!(json["status"], "pending");
    }
}
