//! The gateway's work, synchronous and free of HTTP: authenticate, issue a challenge, confirm.
//!
//! A confirmation runs: kiosk signature → request body → earlier answer for the same
//! `request_id` (returned as it was) → challenge (taken, single use) → certificate chain → card
//! signature → revocation and expiry → lookup by serial → consent and confirmation recorded.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use time::{Duration, OffsetDateTime, UtcOffset};

use super::Error;
use super::auth::{Challenges, KioskAuth, KioskHeaders};
use super::data::SeedData;
use super::pki::{self, TrustedCa};
use super::store::{NewConfirmation, Store};
use crate::eligibility::device_key::format_time;
use crate::eligibility::protocol::{
    ChallengeRequest, ChallengeResponse, ConfirmationRequest, ConfirmationResult, Consent,
    ConsentRecord, ErrorCode, Method, QualificationResult,
};

/// Consent is valid for 24 hours after it is given (domain/eligibility.md §1.4).
const CONSENT_VALID_HOURS: i64 = 24;
/// The confirmation date is the day in Japan.
const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

pub struct Gateway {
    auth: KioskAuth,
    challenges: Challenges,
    cas: Vec<TrustedCa>,
    revoked: std::collections::HashSet<String>,
    store: Store,
}

/// Summary of what was loaded, for the start-up log.
#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub persons: usize,
    pub cas: usize,
    pub revoked: usize,
    pub kiosks: usize,
}

impl Gateway {
    /// Loads the seed data, opens the database and imports the insured persons.
    pub fn open(data: &Path, db: &Path, challenge_ttl: Duration) -> Result<(Self, Loaded), Error> {
        let seed = SeedData::load(data)?;
        let store = Store::open(db)?;
        store.import_insured(&seed.persons)?;
        let loaded = Loaded {
            persons: seed.persons.len(),
            cas: seed.cas.len(),
            revoked: seed.revoked.len(),
            kiosks: seed.kiosks.len(),
        };
        Ok((
            Gateway {
                auth: KioskAuth::new(seed.kiosks),
                challenges: Challenges::new(challenge_ttl),
                cas: seed.cas,
                revoked: seed.revoked,
                store,
            },
            loaded,
        ))
    }

    pub fn authenticate(
        &self,
        method: &str,
        path: &str,
        headers: &KioskHeaders,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<String, Error> {
        self.auth.authenticate(method, path, headers, body, now)
    }

    /// The body is empty or a [`ChallengeRequest`]; its nonce only makes the request unique.
    pub fn challenge(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<ChallengeResponse, Error> {
        if !body.is_empty() {
            serde_json::from_slice::<ChallengeRequest>(body).map_err(|e| {
                Error::refused(
                    ErrorCode::BadRequest,
                    format!("malformed request body: {e}"),
                )
            })?;
        }
        self.challenges.issue(kiosk_id, now)
    }

    pub fn confirm(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<ConfirmationResult, Error> {
        let request: ConfirmationRequest = serde_json::from_slice(body).map_err(|e| {
            Error::refused(
                ErrorCode::BadRequest,
                format!("malformed request body: {e}"),
            )
        })?;
        check_request_id(&request.request_id)?;
        if let Some(earlier) = self.store.earlier(&request.request_id)? {
            return answer_earlier(kiosk_id, earlier);
        }
        if request.method != Method::Pin {
            return Err(Error::refused(
                ErrorCode::BadRequest,
                "this gateway confirms by card signature only (method \"pin\")",
            ));
        }
        let (challenge, now) = match &request.offline_signed_at {
            None => (
                self.challenges
                    .take(kiosk_id, &request.challenge, now)?
                    .to_vec(),
                now,
            ),
            Some(signed_at) => offline_challenge(kiosk_id, &request, signed_at, now)?,
        };
        let der = decode(
            "evidence.auth_certificate",
            &request.evidence.auth_certificate,
        )?;
        let card_signature = decode("evidence.signature", &request.evidence.signature)?;
        let cert = pki::check_chain(&der, &self.cas)?;
        pki::verify_card_signature(&cert, &challenge, &card_signature)?;
        let warnings = pki::check_status(&cert, &self.revoked, now)?;

        let found = self.store.lookup(&cert.serial)?;
        let (validity, results) = qualification(found, request.consent.limit_certificate);
        let consent = consent_record(&request.consent, now);
        let result = ConfirmationResult {
            request_id: request.request_id.clone(),
            qualification_confirmation_date: date_text(now.to_offset(JST)),
            processed_at: format_time(now),
            processing_result_status: "1".into(),
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: validity,
            results,
            consent: consent.clone(),
            warnings,
        };
        let new = NewConfirmation {
            kiosk_id,
            certificate_serial: &cert.serial,
            method: "pin",
            result: &result,
        };
        match self.store.record(&new, &consent)? {
            Some(earlier) => answer_earlier(kiosk_id, earlier),
            None => Ok(result),
        }
    }
}

/// Offline evidence (replayed from a kiosk's outbox): the challenge must be the one the kiosk
/// derives from its id, the request id and the signing time, and that time recent. Returns the
/// challenge bytes and the signing time, which the confirmation is then made "as of".
fn offline_challenge(
    kiosk_id: &str,
    request: &ConfirmationRequest,
    signed_at: &str,
    now: OffsetDateTime,
) -> Result<(Vec<u8>, OffsetDateTime), Error> {
    use crate::eligibility::protocol::{
        MAX_CLOCK_SKEW_SECS, OFFLINE_EVIDENCE_MAX_AGE_SECS, offline_challenge,
    };
    let at = OffsetDateTime::parse(signed_at, &time::format_description::well_known::Rfc3339)
        .map_err(|_| Error::refused(ErrorCode::BadRequest, "offline_signed_at is not RFC 3339"))?;
    if at > now + time::Duration::seconds(MAX_CLOCK_SKEW_SECS) {
        return Err(Error::refused(
            ErrorCode::StaleRequest,
            "offline evidence signed in the future",
        ));
    }
    if now - at > time::Duration::seconds(OFFLINE_EVIDENCE_MAX_AGE_SECS) {
        return Err(Error::refused(
            ErrorCode::ExpiredChallenge,
            "offline evidence is too old",
        ));
    }
    let expected = offline_challenge(kiosk_id, &request.request_id, signed_at);
    if BASE64.encode(&expected) != request.challenge {
        return Err(Error::refused(
            ErrorCode::UnknownChallenge,
            "the offline challenge does not match this kiosk, request and time",
        ));
    }
    Ok((expected, at))
}

/// A repeated `request_id`: the first answer, to the kiosk that asked it only.
fn answer_earlier(
    kiosk_id: &str,
    earlier: super::store::Earlier,
) -> Result<ConfirmationResult, Error> {
    if earlier.kiosk_id == kiosk_id {
        Ok(earlier.result)
    } else {
        Err(Error::refused(
            ErrorCode::BadRequest,
            "this request_id was used by another kiosk; make request ids unique (UUIDs)",
        ))
    }
}

fn check_request_id(id: &str) -> Result<(), Error> {
    if (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    {
        Ok(())
    } else {
        Err(Error::refused(
            ErrorCode::BadRequest,
            "request_id: 1 to 64 characters of A-Z a-z 0-9 - _ . : (a UUID fits)",
        ))
    }
}

fn decode(field: &str, text: &str) -> Result<Vec<u8>, Error> {
    BASE64
        .decode(text)
        .map_err(|_| Error::refused(ErrorCode::BadRequest, format!("{field} is not base64")))
}

/// QualificationValidity and the results: "4" for no match, "5" with every match for several.
fn qualification(
    found: Vec<(String, QualificationResult)>,
    limit_consent: bool,
) -> (String, Vec<QualificationResult>) {
    let validity = match found.as_slice() {
        [] => "4".to_string(),
        [(validity, _)] => validity.clone(),
        _ => "5".to_string(),
    };
    let results = found
        .into_iter()
        .map(|(_, mut result)| {
            if !limit_consent {
                result.limit_application_certificate_related_info = None;
            }
            result
        })
        .collect();
    (validity, results)
}

fn flag(given: bool) -> String {
    if given { "1" } else { "0" }.to_string()
}

/// 診療・薬剤 covers both the diagnosis and the pharmacists' information.
fn consent_record(consent: &Consent, now: OffsetDateTime) -> ConsentRecord {
    ConsentRecord {
        diagnosis_info_cons_flg: flag(consent.medication_clinical),
        pharmacists_info_cons_flg: flag(consent.medication_clinical),
        operation_info_cons_flg: flag(consent.surgery),
        specific_health_checkups_info_cons_flg: flag(consent.health_check),
        limit_application_certificate_related_cons_flg: flag(consent.limit_certificate),
        cons_time: format_time(now),
        available_time: format_time(now + Duration::hours(CONSENT_VALID_HOURS)),
    }
}

fn date_text(time: OffsetDateTime) -> String {
    let d = time.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_derived_from_the_matches() {
        let person = |v: &str| {
            (
                v.to_string(),
                QualificationResult {
                    limit_application_certificate_related_info: Some(Default::default()),
                    ..Default::default()
                },
            )
        };
        assert_eq!(qualification(vec![], true), ("4".into(), vec![]));
        let (v, r) = qualification(vec![person("2")], false);
        assert_eq!(v, "2");
        assert!(r[0].limit_application_certificate_related_info.is_none());
        let (v, r) = qualification(vec![person("1"), person("1")], true);
        assert_eq!(v, "5");
        assert!(r[1].limit_application_certificate_related_info.is_some());
    }

    #[test]
    fn an_earlier_answer_goes_only_to_the_kiosk_that_asked() {
        let earlier = || super::super::store::Earlier {
            kiosk_id: "k1".into(),
            result: ConfirmationResult {
                request_id: "r1".into(),
                qualification_confirmation_date: "2026-11-25".into(),
                processed_at: "2026-11-25T00:00:00Z".into(),
                processing_result_status: "1".into(),
                processing_result_code: None,
                processing_result_message: None,
                qualification_validity: "1".into(),
                results: vec![],
                consent: ConsentRecord::default(),
                warnings: vec![],
            },
        };
        assert_eq!(answer_earlier("k1", earlier()).unwrap().request_id, "r1");
        let err = answer_earlier("k2", earlier()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::BadRequest);
    }

    #[test]
    fn consent_lasts_24_hours_and_confirmation_day_is_japanese() {
        let now = time::macros::datetime!(2026-11-25 16:30 UTC);
        let c = consent_record(&Consent::ALL, now);
        assert_eq!(c.cons_time, "2026-11-25T16:30:00Z");
        assert_eq!(c.available_time, "2026-11-26T16:30:00Z");
        assert_eq!(c.pharmacists_info_cons_flg, "1");
        assert_eq!(date_text(now.to_offset(JST)), "2026-11-26");
        assert!(check_request_id("0b4e7d7a-6c1e-4a53-9a43-3f0c2a1d9e10").is_ok());
        assert!(check_request_id("a/b").is_err());
    }
}
