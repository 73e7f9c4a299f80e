//! The gateway's work, synchronous and free of HTTP: authenticate, issue a challenge, confirm.
//!
//! A confirmation runs: kiosk signature → request body (its `method` picks the kind) → earlier
//! answer for the same `request_id` (returned as it was) → then, by kind:
//! - `pin`: challenge (taken, single use) → certificate chain → card signature → revocation and
//!   expiry → lookup by (issuer, serial);
//! - `face`, `staff_visual`: the kiosk's attestation (`attestation.rs`) → challenge (taken, and
//!   the attestation fresh) → certificate hash, chain, revocation and expiry → lookup by (issuer, serial);
//! - `insurance_number`: the numbers' format → lookup by numbers and birth date;
//!
//! and finally consent and confirmation recorded, with the method.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use time::{Duration, OffsetDateTime};

use super::Error;
use super::attestation;
use super::auth::{Challenges, KioskAuth, KioskHeaders};
use super::clock::SharedClock;
use super::data::Policy;
use super::data::SeedData;
use super::pki::{self, TrustedCa};
pub use super::store::Purge;
use super::store::{NewConfirmation, RecordsPurge, Retention, Store};
use myna_protocol::certificate_id::CertificateId;
use myna_protocol::device_key::format_time;
use myna_protocol::protocol::{
    Assurance, AttestedConfirmationRequest, CardData, ChallengeRequest, ChallengeResponse,
    ConfirmationAnswer, ConfirmationRequest, ConfirmationResult, Consent, ConsentRecord, ErrorCode,
    GatewayRequest, InsuranceNumberRequest, Method, QualificationConfirmSearchInfo,
    QualificationResult, Token, certificate_sha256, check_face_max_distance,
};
use myna_protocol::text::JST;

/// Consent is valid for 24 hours after it is given (docs/domain/eligibility.md §1.4).
const CONSENT_VALID_HOURS: i64 = 24;

pub struct Gateway {
    auth: KioskAuth,
    challenges: Challenges,
    cas: Vec<TrustedCa>,
    revoked: std::collections::HashSet<CertificateId>,
    policy: Policy,
    store: std::sync::Arc<Store>,
    limit: super::limit::RateLimit,
    clock: SharedClock,
    reports: super::reports::Reports,
    /// The longest a kiosk's long poll is held (under the request timeout).
    poll_limit: std::time::Duration,
    /// Enrolment requests, from any sender: an endpoint open to kiosks nobody knows yet.
    enrolment_limit: super::limit::RateLimit,
}

/// Summary of what was loaded, for the start-up log.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub persons: usize,
    pub cas: usize,
    pub revoked: usize,
    pub kiosks: usize,
    /// The trusted CAs that are the repository's test CA (their file names).
    pub test_cas: Vec<String>,
}

impl Gateway {
    /// Loads the seed data, opens the database and imports the insured persons.
    pub fn open(data: &Path, db: &Path, challenge_ttl: Duration) -> Result<(Self, Loaded), Error> {
        let seed = SeedData::load(data)?;
        let store = std::sync::Arc::new(Store::open(db)?);
        store.import_insured(&seed.persons)?;
        let reports = super::reports::Reports::new(
            store.clone(),
            std::time::Duration::from_secs(super::connections::DEFAULT_STALE_AFTER_SECS),
        );
        let auth = KioskAuth::new(seed.kiosks);
        super::enrolment::trust_approved(&auth, &store)?;
        let loaded = Loaded {
            persons: seed.persons.len(),
            cas: seed.cas.len(),
            revoked: seed.revoked.len(),
            kiosks: auth.kiosk_ids().len(),
            test_cas: seed
                .cas
                .iter()
                .filter(|ca| ca.test)
                .map(|ca| ca.name.clone())
                .collect(),
        };
        Ok((
            Gateway {
                auth,
                challenges: Challenges::new(
                    challenge_ttl,
                    super::connections::DEFAULT_MAX_CHALLENGES_PER_KIOSK,
                ),
                cas: seed.cas,
                revoked: seed.revoked,
                policy: seed.policy,
                store,
                limit: super::limit::RateLimit::new(0),
                clock: crate::clock::system(),
                reports,
                poll_limit: std::time::Duration::from_secs(
                    super::connections::DEFAULT_REQUEST_TIMEOUT_SECS - 1,
                ),
                enrolment_limit: super::limit::RateLimit::new(
                    super::enrolment::REQUESTS_PER_SECOND,
                ),
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
        let kiosk = self.auth.authenticate(method, path, headers, body, now)?;
        if !self.limit.admit(&kiosk, self.clock.now()) {
            return Err(Error::refused(
                ErrorCode::RateLimited,
                "too many requests from this kiosk; try again in a moment",
            ));
        }
        Ok(kiosk)
    }

    /// The registered kiosk whose device key a TLS client certificate carries.
    pub fn kiosk_with_certificate(&self, der: &[u8]) -> Option<String> {
        pki::ed25519_key(der).and_then(|key| self.auth.kiosk_with_key(&key))
    }

    /// Takes its time from `clock` (tests: [`crate::clock::SteppedClock`]).
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Now, by the gateway's clock.
    pub fn now_utc(&self) -> OffsetDateTime {
        self.clock.now_utc()
    }

    /// At most `per_second` requests a second from each kiosk (bursts of twice that); 0: none.
    pub fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.limit = super::limit::RateLimit::new(per_second);
        self
    }

    /// At most `n` unanswered challenges for each kiosk (`--max-challenges-per-kiosk`).
    pub fn with_max_challenges_per_kiosk(mut self, n: usize) -> Self {
        self.challenges = Challenges::new(self.challenges.ttl(), n);
        self
    }

    /// A kiosk not seen for `after` is stale on the health board (`--stale-after`).
    pub fn with_stale_after(mut self, after: std::time::Duration) -> Self {
        self.reports = super::reports::Reports::new(self.store.clone(), after);
        self
    }

    /// A long poll is answered within `limit` (kept under the request timeout).
    pub fn with_poll_limit(mut self, limit: std::time::Duration) -> Self {
        self.poll_limit = limit;
        self
    }

    /// The longest a kiosk's long poll is held.
    pub fn poll_limit(&self) -> std::time::Duration {
        self.poll_limit
    }

    /// What kiosks report, and the staff console's API over it.
    pub fn reports(&self) -> &super::reports::Reports {
        &self.reports
    }

    /// `POST /v1/cases`.
    pub fn report_case(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<myna_protocol::reports::CaseReceipt, Error> {
        self.reports.case(kiosk_id, body, now)
    }

    /// `POST /v1/health`.
    pub fn report_health(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<myna_protocol::reports::HealthReceipt, Error> {
        self.reports.health(kiosk_id, body, now)
    }

    /// The registered kiosks' ids, sorted (the staff console's kiosk filter).
    pub fn kiosk_ids(&self) -> Vec<String> {
        self.auth.kiosk_ids()
    }

    /// What enrolment works with (`crate::enrolment`): the kiosks trusted, the database, the
    /// enrolment rate limit.
    pub(crate) fn enrolment_parts(&self) -> (&KioskAuth, &Store, &super::limit::RateLimit) {
        (&self.auth, &self.store, &self.enrolment_limit)
    }

    /// The monotonic clock (rate limits).
    pub(crate) fn instant(&self) -> std::time::Instant {
        self.clock.now()
    }

    /// The database, for the staff console (`crate::console`).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The database and the clock, shared, for the console's sessions (`crate::console`).
    pub(crate) fn store_and_clock(&self) -> (std::sync::Arc<Store>, SharedClock) {
        (self.store.clone(), self.clock.clone())
    }

    /// Purges what is kept no longer (docs/gateway-protocol.md, "Retention"): the
    /// confirmations and consents (each purge recorded in `retention_purges`), then the staff
    /// audit, resolved cases, report events and idle console sessions; logged.
    pub(crate) fn purge(
        &self,
        retention: &Retention,
        now: OffsetDateTime,
    ) -> Result<(Purge, RecordsPurge), Error> {
        let days = retention.confirmations_days;
        let cutoff = now - Duration::days(i64::from(days));
        let purge = self.store.purge_before(cutoff, now)?;
        tracing::info!(
            confirmations = purge.confirmations,
            consents = purge.consents,
            "retention: purged what was recorded before {} ({days} days)",
            format_time(cutoff)
        );
        let records = self.store.purge_records(retention, now)?;
        tracing::info!(
            audit = records.audit,
            cases = records.cases,
            events = records.events,
            sessions = records.sessions,
            "retention: purged staff audit older than {} days, cases and events older than {} days, idle console sessions",
            retention.audit_days,
            retention.cases_days
        );
        Ok((purge, records))
    }

    /// Face verdicts must be under `max` (`--face-max-distance`), instead of `policy.toml`'s
    /// `max_distance`; a value that is no such maximum is a usage error.
    pub fn with_face_max_distance(mut self, max: f64) -> Result<Self, Error> {
        self.policy.face.max_distance = check_face_max_distance(max)
            .map_err(|e| Error::Usage(format!("--face-max-distance: {e}")))?;
        Ok(self)
    }

    /// The face-distance maximum this gateway accepts.
    pub fn face_max_distance(&self) -> f64 {
        self.policy.face.max_distance
    }

    /// The body is empty or a [`ChallengeRequest`]; its nonce only makes the request unique.
    /// The answer tells the kiosk the face-distance maximum (docs/gateway-protocol.md).
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
        let mut answer = self.challenges.issue(kiosk_id, now)?;
        answer.face_max_distance = Some(self.policy.face.max_distance);
        Ok(answer)
    }

    /// `POST /v1/confirmations`: any [`GatewayRequest`], told apart by its `method`.
    pub fn confirm(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        let request = GatewayRequest::from_json(body).map_err(|e| {
            Error::refused(
                ErrorCode::BadRequest,
                format!("malformed request body: {e}"),
            )
        })?;
        check_request_id(request.request_id())?;
        if let Some(earlier) = self.store.earlier(request.request_id())? {
            return answer_earlier(kiosk_id, earlier);
        }
        match &request {
            GatewayRequest::Card(r) => self.confirm_card(kiosk_id, r, now),
            GatewayRequest::Attested(r) => self.confirm_attested(kiosk_id, r, now),
            GatewayRequest::InsuranceNumber(r) => self.query_numbers(kiosk_id, r, now),
        }
    }

    /// PIN mode: the card signed the challenge.
    fn confirm_card(
        &self,
        kiosk_id: &str,
        request: &ConfirmationRequest,
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        let (challenge, now) = match &request.offline_signed_at {
            None => (
                self.challenges
                    .take(kiosk_id, &request.challenge, now)?
                    .to_vec(),
                now,
            ),
            Some(signed_at) => offline_challenge(
                kiosk_id,
                &request.request_id,
                &request.challenge,
                signed_at,
                now,
            )?,
        };
        let der = decode(
            "evidence.auth_certificate",
            &request.evidence.auth_certificate,
        )?;
        let card_signature = decode("evidence.signature", &request.evidence.signature)?;
        let cert = pki::check_chain(&der, &self.cas)?;
        pki::verify_card_signature(&cert, &challenge, &card_signature)?;
        let status = pki::check_status(&cert, &self.revoked, request.token, now)?;
        let found = self.store.lookup(&cert.id)?;
        let consent = card_consent_record(&request.consent, status.in_grace, now);
        let warnings = status.warnings;
        self.answer(
            Answered {
                kiosk_id,
                request_id: &request.request_id,
                certificate: Some(&cert.id),
                method: Method::Pin,
                evidence_json: None,
                card_data: None,
            },
            found,
            consent,
            warnings,
            now,
        )
    }

    /// Face or staff visual: the kiosk attests the identity check; the certificate is the
    /// card's, read without a PIN, and must pass the same checks as in PIN mode.
    fn confirm_attested(
        &self,
        kiosk_id: &str,
        request: &AttestedConfirmationRequest,
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        if request
            .assurance
            .is_some_and(|a| a != Assurance::KioskAttestation)
        {
            return Err(Error::refused(
                ErrorCode::BadRequest,
                "a face or staff-visual confirmation is kiosk_attestation, never card_signature",
            ));
        }
        let signed_at = attestation::check(kiosk_id, request, &self.auth, &self.policy.face)?;
        let a = &request.attestation;
        let now = if request.offline {
            offline_challenge(kiosk_id, &a.request_id, &a.challenge, &a.signed_at, now)?.1
        } else {
            self.challenges.take(kiosk_id, &a.challenge, now)?;
            attestation::check_fresh(signed_at, now)?;
            now
        };
        let der = decode("auth_certificate", &request.auth_certificate)?;
        if certificate_sha256(&der) != a.certificate_sha256 {
            return Err(Error::refused(
                ErrorCode::BadAttestation,
                "the attestation is for another certificate",
            ));
        }
        let cert = pki::check_chain(&der, &self.cas)?;
        // Face and 目視確認 need the card's surface: always the physical card.
        let status = pki::check_status(&cert, &self.revoked, Token::Card, now)?;
        let found = self.store.lookup(&cert.id)?;
        let consent = card_consent_record(&request.consent, status.in_grace, now);
        let warnings = status.warnings;
        let evidence_json = serde_json::to_string(a).map_err(|e| Error::Internal(e.to_string()))?;
        self.answer(
            Answered {
                kiosk_id,
                request_id: &request.request_id,
                certificate: Some(&cert.id),
                method: request.method,
                evidence_json: Some(evidence_json),
                card_data: a.card_data,
            },
            found,
            consent,
            warnings,
            now,
        )
    }

    /// A number query typed at the staff console: answered and recorded exactly as a kiosk's
    /// `insurance_number` request is ([`Gateway::query_numbers`]), under `source`
    /// (`console:<member>`: a `:` is never in a kiosk id, so it cannot pass for one).
    pub(crate) fn query_numbers_at_console(
        &self,
        source: &str,
        request_id: &str,
        search: QualificationConfirmSearchInfo,
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        check_request_id(request_id)?;
        let request = InsuranceNumberRequest::new(request_id, search, None);
        self.query_numbers(source, &request, now)
    }

    /// 照会区分 2: found by the numbers and birth date; only 限度額 consent can be given.
    fn query_numbers(
        &self,
        kiosk_id: &str,
        request: &InsuranceNumberRequest,
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        let search = &request.qualification_confirm_search_info;
        search.validate().map_err(|e| {
            Error::refused(
                ErrorCode::BadRequest,
                format!("qualification_confirm_search_info.{e}"),
            )
        })?;
        let now = match &request.offline_queried_at {
            None => now,
            Some(at) => offline_time(at, now)?,
        };
        let found = self.store.lookup_numbers(search)?;
        let consent = consent_record(Consent::default(), search.limit_consent(), now);
        let evidence_json =
            serde_json::to_string(search).map_err(|e| Error::Internal(e.to_string()))?;
        self.answer(
            Answered {
                kiosk_id,
                request_id: &request.request_id,
                certificate: None,
                method: Method::InsuranceNumber,
                evidence_json: Some(evidence_json),
                card_data: None,
            },
            found,
            consent,
            Vec::new(),
            now,
        )
    }

    /// Builds the answer and records consent and confirmation (or returns the answer a
    /// concurrent repeat of the request recorded first).
    fn answer(
        &self,
        answered: Answered<'_>,
        found: Vec<(String, QualificationResult)>,
        consent: ConsentRecord,
        warnings: Vec<myna_protocol::protocol::Warning>,
        now: OffsetDateTime,
    ) -> Result<ConfirmationAnswer, Error> {
        let limit = consent.limit_application_certificate_related_cons_flg == "1";
        let (validity, results) = qualification(found, limit);
        let result = ConfirmationResult {
            request_id: answered.request_id.to_string(),
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
            kiosk_id: answered.kiosk_id,
            certificate: answered.certificate,
            method: answered.method.code(),
            result: &result,
            evidence_json: answered.evidence_json,
            assurance: answered.method.assurance(),
            card_data: answered.card_data,
        };
        match self.store.record(&new, &consent)? {
            Some(earlier) => answer_earlier(answered.kiosk_id, earlier),
            None => Ok(ConfirmationAnswer {
                result,
                method: answered.method,
                assurance: Some(answered.method.assurance()),
                card_data: answered.card_data,
            }),
        }
    }

    /// The assurance level and card-data check recorded for a request id.
    pub fn recorded_assurance(
        &self,
        request_id: &str,
    ) -> Result<Option<super::store::RecordedAssurance>, Error> {
        self.store.recorded_assurance(request_id)
    }

    /// The method and evidence recorded for a request id.
    pub fn recorded(&self, request_id: &str) -> Result<Option<(String, Option<String>)>, Error> {
        self.store.recorded(request_id)
    }
}

/// Who asked what, for [`Gateway::answer`].
struct Answered<'a> {
    kiosk_id: &'a str,
    request_id: &'a str,
    certificate: Option<&'a CertificateId>,
    method: Method,
    evidence_json: Option<String>,
    /// What a face or staff-visual attestation said about the card-surface data.
    card_data: Option<CardData>,
}

/// The time of evidence made offline: not in the future, at most
/// `OFFLINE_EVIDENCE_MAX_AGE_SECS` old.
fn offline_time(signed_at: &str, now: OffsetDateTime) -> Result<OffsetDateTime, Error> {
    use myna_protocol::protocol::{MAX_CLOCK_SKEW_SECS, OFFLINE_EVIDENCE_MAX_AGE_SECS};
    let at = OffsetDateTime::parse(signed_at, &time::format_description::well_known::Rfc3339)
        .map_err(|_| Error::refused(ErrorCode::BadRequest, "the offline time is not RFC 3339"))?;
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
    Ok(at)
}

/// Offline evidence (replayed from a kiosk's outbox): the challenge must be the one the kiosk
/// derives from its id, the request id and the signing time, and that time recent. Returns the
/// challenge bytes and the signing time, which the confirmation is then made "as of".
fn offline_challenge(
    kiosk_id: &str,
    request_id: &str,
    challenge: &str,
    signed_at: &str,
    now: OffsetDateTime,
) -> Result<(Vec<u8>, OffsetDateTime), Error> {
    let at = offline_time(signed_at, now)?;
    let expected = myna_protocol::protocol::offline_challenge(kiosk_id, request_id, signed_at);
    if BASE64.encode(&expected) != challenge {
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
) -> Result<ConfirmationAnswer, Error> {
    if earlier.kiosk_id == kiosk_id {
        let method = serde_json::from_value(serde_json::Value::String(earlier.method))
            .map_err(|e| Error::Internal(format!("recorded method: {e}")))?;
        Ok(ConfirmationAnswer {
            result: earlier.result,
            method,
            assurance: earlier.assurance,
            card_data: earlier.card_data,
        })
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
                // 特定疾病療養受療証 goes with the 限度額 information: both are certificates
                // that cap the copay, and the number query's request has one flag for them.
                // UNCONFIRMED whether the interface has a separate 特定疾病 consent today
                // (docs/domain/eligibility.md §1.4 lists SpecificDiseasesCertificateRelatedConsFlg);
                // holding it back without the 限度額 flag is the side that discloses less.
                result.specific_diseases_certificate_list.clear();
            }
            result
        })
        .collect();
    (validity, results)
}

fn flag(given: bool) -> String {
    if given { "1" } else { "0" }.to_string()
}

/// A card confirmation's record: the 限度額 information is always given (not a consent on the
/// card path, docs/domain/eligibility.md §1.4); during the certificate's grace no viewing
/// consent is recorded, whatever the kiosk sent (§1.6).
fn card_consent_record(consent: &Consent, in_grace: bool, now: OffsetDateTime) -> ConsentRecord {
    let viewing = if in_grace {
        Consent::default()
    } else {
        *consent
    };
    let mut record = consent_record(viewing, true, now);
    if !viewing.any() {
        // Nothing to view: no availability to announce (the 限度額 block is not a consent here).
        record.available_time.clear();
    }
    record
}

/// 診療・薬剤 covers both the diagnosis and the pharmacists' information. With no flag given
/// there is nothing to be available until: `available_time` is empty.
fn consent_record(consent: Consent, limit: bool, now: OffsetDateTime) -> ConsentRecord {
    ConsentRecord {
        diagnosis_info_cons_flg: flag(consent.medication_clinical),
        pharmacists_info_cons_flg: flag(consent.medication_clinical),
        operation_info_cons_flg: flag(consent.surgery),
        specific_health_checkups_info_cons_flg: flag(consent.health_check),
        limit_application_certificate_related_cons_flg: flag(limit),
        cons_time: format_time(now),
        available_time: if consent.any() || limit {
            format_time(now + Duration::hours(CONSENT_VALID_HOURS))
        } else {
            String::new()
        },
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
            method: "face".into(),
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
            assurance: Some(Assurance::KioskAttestation),
            card_data: Some(CardData::IssuerVerified),
        };
        let first = answer_earlier("k1", earlier()).unwrap();
        assert_eq!(first.card_data, Some(CardData::IssuerVerified));
        assert_eq!(first.result.request_id, "r1");
        assert_eq!(first.method, Method::Face);
        let err = answer_earlier("k2", earlier()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::BadRequest);
    }

    #[test]
    fn consent_lasts_24_hours_and_confirmation_day_is_japanese() {
        let now = time::macros::datetime!(2026-11-25 16:30 UTC);
        let c = card_consent_record(&Consent::ALL, false, now);
        assert_eq!(c.cons_time, "2026-11-25T16:30:00Z");
        assert_eq!(c.available_time, "2026-11-26T16:30:00Z");
        assert_eq!(c.pharmacists_info_cons_flg, "1");
        assert_eq!(c.limit_application_certificate_related_cons_flg, "1");
        // In the grace: no viewing consent, whatever was sent; the 限度額 block still given.
        let g = card_consent_record(&Consent::ALL, true, now);
        assert_eq!(
            [
                g.diagnosis_info_cons_flg.as_str(),
                &g.pharmacists_info_cons_flg,
                &g.operation_info_cons_flg,
                &g.specific_health_checkups_info_cons_flg,
                &g.available_time,
                &g.limit_application_certificate_related_cons_flg,
            ],
            ["0", "0", "0", "0", "", "1"]
        );
        // A number query's 限度額 flag is a consent with its 24 hours.
        let n = consent_record(Consent::default(), true, now);
        assert_eq!(n.available_time, "2026-11-26T16:30:00Z");
        assert_eq!(date_text(now.to_offset(JST)), "2026-11-26");
        assert!(check_request_id("0b4e7d7a-6c1e-4a53-9a43-3f0c2a1d9e10").is_ok());
        assert!(check_request_id("a/b").is_err());
    }
}
