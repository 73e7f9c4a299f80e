//! Kiosk enrolment (issue 19): `POST /v1/enrolments` from a kiosk the gateway does not know,
//! kept waiting in the database until an administrator approves or refuses it in the console
//! (`/console/kiosks`). An approved key is trusted at once, beside the `kiosks/*.pub` files.
//!
//! The endpoint answers anyone who holds a key, so it is bounded: a global rate
//! ([`REQUESTS_PER_SECOND`]), at most [`MAX_PENDING`] requests waiting, short texts, and one row
//! per kiosk id. A request never replaces a key: an id registered or waiting with another key
//! is refused (`kiosk_id_taken`).

use time::OffsetDateTime;

use super::Error;
use super::auth::{KeySource, KioskAuth, KioskHeaders};
use super::service::Gateway;
use super::store::{Decision, PendingEnrolment, Store};
use myna_protocol::enrolment::{
    EnrolmentAnswer, EnrolmentRequest, EnrolmentStatus, PATH_ENROLMENTS, fingerprint,
};
use myna_protocol::protocol::ErrorCode;

/// Enrolment requests a second, all senders together (bursts of twice that). A kiosk asks
/// again every few seconds at most, and a clinic enrols a handful of kiosks.
pub const REQUESTS_PER_SECOND: u32 = 2;

/// Requests waiting for an administrator at most; more are refused (`rate_limited`) until one
/// is approved or refused. A clinic has a few kiosks; this only keeps the table small.
pub const MAX_PENDING: usize = 32;

/// The rate limit's one bucket: every sender shares it.
const LIMIT_KEY: &str = "enrolments";

/// Trusts the kiosks approved earlier (at start). An approval that conflicts with a
/// `kiosks/*.pub` file (same id, or same key) is skipped, loudly: the file wins.
pub fn trust_approved(auth: &KioskAuth, store: &Store) -> Result<(), Error> {
    for approved in store.approved_kiosks()? {
        if !auth.add(&approved.kiosk_id, approved.public_key, KeySource::Console) {
            tracing::warn!(
                kiosk = approved.kiosk_id,
                "the key approved in the console for this kiosk is not used: kiosks/{}.pub, or another kiosk, has it first",
                approved.kiosk_id
            );
        }
    }
    Ok(())
}

/// A registered kiosk as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredKiosk {
    pub kiosk_id: String,
    pub fingerprint: String,
    pub source: KeySource,
}

/// What an administrator's decision came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Done,
    /// No request of that id with that fingerprint is waiting (decided already, or changed).
    NotWaiting,
    /// The id is registered already (a file added since): the request was left as it is.
    AlreadyRegistered,
}

impl Gateway {
    /// `POST /v1/enrolments`: checks the request and that its sender holds the key it names,
    /// then answers `registered` (this id has this key already) or records it as waiting.
    pub fn enrol(
        &self,
        headers: &KioskHeaders,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<EnrolmentAnswer, Error> {
        let (auth, store, limit) = self.enrolment_parts();
        // Before any signature is checked: the limit bounds the work as well as the rows.
        if !limit.admit(LIMIT_KEY, self.instant()) {
            return Err(Error::refused(
                ErrorCode::RateLimited,
                "too many enrolment requests; try again in a moment",
            ));
        }
        let request: EnrolmentRequest = serde_json::from_slice(body).map_err(|e| {
            Error::refused(
                ErrorCode::BadRequest,
                format!("malformed request body: {e}"),
            )
        })?;
        let key = request
            .check()
            .map_err(|e| Error::refused(ErrorCode::BadRequest, e))?;
        if headers.kiosk_id.as_deref() != Some(request.kiosk_id.as_str()) {
            return Err(Error::refused(
                ErrorCode::BadRequest,
                "the x-kiosk-id header and the body's kiosk_id differ",
            ));
        }
        auth.check_proof_of_possession(PATH_ENROLMENTS, headers, body, now, &key)?;
        let answer = |status| EnrolmentAnswer {
            status,
            fingerprint: fingerprint(&key),
        };
        match auth.public_key(&request.kiosk_id) {
            Some(registered) if registered == key => {
                return Ok(answer(EnrolmentStatus::Registered));
            }
            Some(_) => {
                return Err(Error::refused(
                    ErrorCode::KioskIdTaken,
                    "this kiosk id is registered with another key",
                ));
            }
            None => {}
        }
        if auth.kiosk_with_key(&key).is_some() {
            return Err(Error::refused(
                ErrorCode::BadRequest,
                "this key is registered for another kiosk id",
            ));
        }
        store.request_enrolment(&request, &key, now, MAX_PENDING)?;
        tracing::info!(
            kiosk = request.kiosk_id,
            fingerprint = fingerprint(&key),
            "kiosk enrolment waiting for approval"
        );
        Ok(answer(EnrolmentStatus::Pending))
    }

    /// The requests waiting, oldest first.
    pub fn pending_enrolments(&self) -> Result<Vec<PendingEnrolment>, Error> {
        self.enrolment_parts().1.pending_enrolments()
    }

    /// The kiosks trusted now, by id.
    pub fn registered_kiosks(&self) -> Vec<RegisteredKiosk> {
        self.enrolment_parts()
            .0
            .registered()
            .into_iter()
            .map(|(kiosk_id, key, source)| RegisteredKiosk {
                kiosk_id,
                fingerprint: fingerprint(&key),
                source,
            })
            .collect()
    }

    /// An administrator (`member`) approves or refuses the request of `kiosk_id` whose
    /// fingerprint they saw (`shown`); audited with the decision. An approved key is trusted
    /// from the next request on.
    pub fn decide_enrolment(
        &self,
        kiosk_id: &str,
        shown: &str,
        decision: Decision,
        member: &str,
        now: OffsetDateTime,
    ) -> Result<Decided, Error> {
        let (auth, store, _) = self.enrolment_parts();
        if decision == Decision::Approve && auth.public_key(kiosk_id).is_some() {
            return Ok(Decided::AlreadyRegistered);
        }
        let Some(pending) = store.decide_enrolment(kiosk_id, shown, decision, member, now)? else {
            return Ok(Decided::NotWaiting);
        };
        if decision == Decision::Approve
            && !auth.add(kiosk_id, pending.public_key, KeySource::Console)
        {
            tracing::warn!(
                kiosk = kiosk_id,
                "approved, but another kiosk has this key or the id was registered meanwhile: trusted after the conflict is removed and the gateway restarted"
            );
        }
        tracing::info!(
            kiosk = kiosk_id,
            fingerprint = shown,
            member,
            action = decision.audit_action(),
            "kiosk enrolment decided"
        );
        Ok(Decided::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use myna_protocol::device_key::DeviceKey;
    use myna_protocol::enrolment::ENROLMENT_VERSION;
    use ring::rand::SystemRandom;
    use ring::signature::Ed25519KeyPair;

    fn key(id: &str) -> DeviceKey {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        DeviceKey::from_pkcs8(id, pkcs8.as_ref()).unwrap()
    }

    type Clock = std::sync::Arc<crate::clock::SteppedClock>;

    /// A gateway whose data folder registers `file_kiosk` by its `.pub` file, on a clock the
    /// test moves (the rate limit's).
    fn gateway(dir: &std::path::Path, file_kiosk: &DeviceKey) -> (Gateway, Clock) {
        let data = dir.join("data");
        std::fs::create_dir_all(data.join("ca")).unwrap();
        std::fs::create_dir_all(data.join("kiosks")).unwrap();
        std::fs::create_dir_all(data.join("insured")).unwrap();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ca");
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, data.join("ca").join(path.file_name().unwrap())).unwrap();
        }
        std::fs::write(
            data.join("kiosks")
                .join(format!("{}.pub", file_kiosk.kiosk_id())),
            file_kiosk.public_key_base64(),
        )
        .unwrap();
        let clock = Clock::default();
        let gw = Gateway::open(&data, &dir.join("g.sqlite"), time::Duration::seconds(60))
            .unwrap()
            .0
            .with_clock(clock.clone());
        (gw, clock)
    }

    /// [`send`] a second after the last request: within the rate.
    fn send_later(
        (gw, clock): &(Gateway, Clock),
        key: &DeviceKey,
        as_id: &str,
    ) -> Result<EnrolmentAnswer, Error> {
        clock.advance(std::time::Duration::from_secs(1));
        send(gw, key, as_id)
    }

    fn send(gw: &Gateway, key: &DeviceKey, as_id: &str) -> Result<EnrolmentAnswer, Error> {
        let body = serde_json::to_vec(&EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: as_id.into(),
            public_key: key.public_key_base64(),
            display_name: "受付2".into(),
            kiosk_version: "0.1.0".into(),
        })
        .unwrap();
        let mut headers = KioskHeaders::from(key.sign_request("POST", PATH_ENROLMENTS, &body));
        headers.kiosk_id = Some(as_id.into());
        gw.enrol(&headers, &body, OffsetDateTime::now_utc())
    }

    fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> ErrorCode {
        r.unwrap_err().code()
    }

    #[test]
    fn a_request_waits_until_approved_and_never_takes_a_registered_id() {
        let dir = tempfile::tempdir().unwrap();
        let file_kiosk = key("front");
        let bench = gateway(dir.path(), &file_kiosk);
        let gw = &bench.0;
        // The file's kiosk, with its own key: registered already.
        let answer = send_later(&bench, &file_kiosk, "front").unwrap();
        assert_eq!(answer.status, EnrolmentStatus::Registered);
        assert_eq!(answer.fingerprint, file_kiosk.fingerprint());
        // Another key for that id: refused, whatever it signs.
        let intruder = key("front");
        assert_eq!(
            code(send_later(&bench, &intruder, "front")),
            ErrorCode::KioskIdTaken
        );
        // The file kiosk's key under another id: refused.
        assert_eq!(
            code(send_later(&bench, &file_kiosk, "back")),
            ErrorCode::BadRequest
        );
        // A body whose key the signer does not hold: no proof of possession.
        let new = key("back");
        let body = serde_json::to_vec(&EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: "back".into(),
            public_key: new.public_key_base64(),
            display_name: "x".into(),
            kiosk_version: "0.1.0".into(),
        })
        .unwrap();
        let forged = KioskHeaders::from(intruder.sign_request("POST", PATH_ENROLMENTS, &body));
        let mut forged = forged;
        forged.kiosk_id = Some("back".into());
        assert_eq!(
            code(gw.enrol(&forged, &body, OffsetDateTime::now_utc())),
            ErrorCode::BadKioskSignature
        );
        // A new kiosk: waiting, twice over (idempotent), not trusted yet.
        for _ in 0..2 {
            let answer = send_later(&bench, &new, "back").unwrap();
            assert_eq!(answer.status, EnrolmentStatus::Pending);
            assert_eq!(answer.fingerprint, new.fingerprint());
        }
        assert_eq!(gw.pending_enrolments().unwrap().len(), 1);
        let signed =
            |k: &DeviceKey| KioskHeaders::from(k.sign_request("POST", "/v1/health", b"{}"));
        let now = OffsetDateTime::now_utc();
        assert_eq!(
            code(gw.authenticate("POST", "/v1/health", &signed(&new), b"{}", now)),
            ErrorCode::UnknownKiosk
        );
        // Approved: trusted at once, listed as the console's.
        let decided = gw
            .decide_enrolment("back", &new.fingerprint(), Decision::Approve, "admin", now)
            .unwrap();
        assert_eq!(decided, Decided::Done);
        assert_eq!(
            gw.authenticate("POST", "/v1/health", &signed(&new), b"{}", now)
                .unwrap(),
            "back"
        );
        let registered = gw.registered_kiosks();
        assert_eq!(registered.len(), 2);
        assert_eq!(registered[0].kiosk_id, "back");
        assert_eq!(registered[0].source, KeySource::Console);
        assert_eq!(registered[1].source, KeySource::File);
        assert_eq!(
            send_later(&bench, &new, "back").unwrap().status,
            EnrolmentStatus::Registered
        );
        // Decided already: nothing waiting.
        assert_eq!(
            gw.decide_enrolment("back", &new.fingerprint(), Decision::Refuse, "admin", now)
                .unwrap(),
            Decided::NotWaiting
        );
        drop(bench);
        // After a restart the approval still holds.
        let (gw, _) = gateway(dir.path(), &file_kiosk);
        assert_eq!(
            gw.kiosk_ids(),
            vec!["back".to_string(), "front".to_string()]
        );
    }

    #[test]
    fn the_endpoint_is_rate_limited_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        let (gw, clock) = gateway(dir.path(), &key("front"));
        // The burst (twice the rate) passes, then the limit answers before any check.
        let burst = 2 * REQUESTS_PER_SECOND as usize;
        let keys: Vec<DeviceKey> = (0..=MAX_PENDING).map(|i| key(&format!("k{i}"))).collect();
        let mut sent = 0;
        for k in &keys[..burst] {
            assert_eq!(
                send(&gw, k, k.kiosk_id()).unwrap().status,
                EnrolmentStatus::Pending
            );
            sent += 1;
        }
        let next = &keys[sent];
        assert_eq!(
            code(send(&gw, next, next.kiosk_id())),
            ErrorCode::RateLimited
        );
        // A second later there is room again: fill up to the cap.
        for k in &keys[sent..MAX_PENDING] {
            clock.advance(std::time::Duration::from_secs(1));
            send(&gw, k, k.kiosk_id()).unwrap();
        }
        assert_eq!(gw.pending_enrolments().unwrap().len(), MAX_PENDING);
        clock.advance(std::time::Duration::from_secs(1));
        let over = &keys[MAX_PENDING];
        let refused = send(&gw, over, over.kiosk_id()).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        assert!(
            refused.to_string().contains("waiting for approval"),
            "{refused}"
        );
        // One already waiting still gets its answer.
        clock.advance(std::time::Duration::from_secs(1));
        assert_eq!(
            send(&gw, &keys[0], keys[0].kiosk_id()).unwrap().status,
            EnrolmentStatus::Pending
        );
        assert_eq!(gw.pending_enrolments().unwrap().len(), MAX_PENDING);
    }
}
