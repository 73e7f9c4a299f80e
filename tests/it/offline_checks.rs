//! Offline answers checked, and replays refused (issue 17 §2), with a real `myna-gateway`
//! process, the real store file and the worker with virtual cards in memory:
//! - a card whose signature over the kiosk's offline challenge does not verify, or whose
//!   certificate is not the one the cache entry was stored for (same issuer and serial, another
//!   key), gets no cached answer and nothing is queued; the visit and an audit row say so;
//! - a face visit answered offline rests on the kiosk's attestation: lower assurance in the
//!   cache, the outbox and the staff lists;
//! - a provisional visit whose confirmation the gateway refuses on replay (its certificate
//!   revoked meanwhile) changes status, is audited and becomes a staff case; nothing is deleted
//!   silently.
//!
//! "Gateway down" is a closed port on loopback: the kiosk's client gets a refused connection.

use crate::gateway_support as support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use myna_kiosk::card::transport::{InMemoryTransport, Transport};
use myna_kiosk::card::{AuthPin, CardError, VerificationCodeB};
use myna_kiosk::check::{self, CheckOptions};
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::eligibility::protocol::{Assurance, Consent, ErrorCode};
use myna_kiosk::reception::desk::{Desk, DeskEffect, DeskEvent, StaffReason};
use myna_kiosk::reception::flow::{Answer, Effect, Event, FaceStep, GatewayProblem, PinOutcome};
use myna_kiosk::reception::worker::{CardAccess, Offline, Worker};
use myna_kiosk::sim::VirtualCard;
use myna_kiosk::store::Store;
use support::{DataDir, Gateway};
use time::OffsetDateTime;

const NORMAL_SERIAL: &str = "1a2b3c4d00000001";

/// A virtual card in memory, loaded once like a physical card (the simulator makes its
/// certificate when loaded) and reset at each connect; `garbage` spoils every signature it
/// makes (one bit flipped).
#[derive(Clone)]
struct TestCard {
    card: Arc<Mutex<VirtualCard>>,
    garbage: bool,
}

impl TestCard {
    fn new(profile: &str, serial: Option<&str>) -> Self {
        TestCard {
            card: Arc::new(Mutex::new(support::virtual_card(profile, serial))),
            garbage: false,
        }
    }

    /// The auth certificate, as the kiosk reads it.
    fn certificate(&mut self) -> myna_kiosk::card::AuthCertificate {
        let mut session = myna_kiosk::card::CardSession::new(self.connect().unwrap());
        session.identify().unwrap();
        session.read_auth_certificate().unwrap()
    }
}

impl CardAccess for TestCard {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let card = self.card.clone();
        card.lock().unwrap().reset();
        let garbage = self.garbage;
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            let mut response = card.lock().unwrap().process(apdu);
            // COMPUTE DIGITAL SIGNATURE (80 2A 00 80) answered with data: spoil the data.
            if garbage && apdu.starts_with(&[0x80, 0x2A]) && response.len() > 2 {
                response[0] ^= 0x01;
            }
            Some(response)
        })))
    }
}

struct Kiosk {
    dir: tempfile::TempDir,
}

impl Kiosk {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "store").unwrap();
        Kiosk { dir }
    }

    fn store_path(&self) -> PathBuf {
        self.dir.path().join("kiosk.sqlite")
    }

    fn store(&self) -> Store {
        Store::open(&self.store_path(), &self.dir.path().join("keys/data.key")).unwrap()
    }

    fn offline(&self) -> Offline {
        Offline {
            store: self.store(),
            cache_max_age: time::Duration::days(7),
            visit_retention: time::Duration::days(90),
            audit_retention: time::Duration::days(365),
        }
    }

    /// `(actor, action)` of every audit row, oldest first (the columns are not sealed).
    fn audit(&self) -> Vec<(String, String)> {
        let db = rusqlite::Connection::open(self.store_path()).unwrap();
        let mut stmt = db
            .prepare("SELECT actor, action FROM audit ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

/// A client with the kiosk key registered in `data`, for a gateway that is not there.
fn down_client(data: &DataDir) -> GatewayClient {
    install_crypto_provider();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = GatewayConfig {
        url: Some(format!("https://127.0.0.1:{closed}")),
        ca_file: Some(support::tls_ca()),
        kiosk_id: Some(support::KIOSK_ID.into()),
        device_key: data.key_file.clone(),
        connect_timeout_ms: 500,
        timeout_ms: 1_000,
        ..GatewayConfig::default()
    };
    GatewayClient::from_config(&config).unwrap()
}

/// One PIN visit: card read, PIN, consent; the answer (or why none).
fn pin_visit<C: CardAccess>(
    worker: &mut Worker<C, GatewayClient>,
) -> Result<Answer, GatewayProblem> {
    let read = worker.run(Effect::ReadCard);
    assert!(
        matches!(read, Some(Event::CardRead { result: Ok(_), .. })),
        "{read:?}"
    );
    let pin = worker.run(Effect::VerifyPinAndSign(
        AuthPin::new(support::PIN).unwrap(),
    ));
    assert!(
        matches!(pin, Some(Event::Pin(PinOutcome::Verified))),
        "{pin:?}"
    );
    match worker.run(Effect::QueryGateway(Consent::ALL)) {
        Some(Event::Gateway(answer)) => answer,
        other => panic!("{other:?}"),
    }
}

fn today_rows<C: CardAccess>(
    worker: &mut Worker<C, GatewayClient>,
) -> Vec<myna_kiosk::reception::desk::VisitRow> {
    match worker.run_desk(DeskEffect::LoadToday) {
        Some(DeskEvent::Today(Ok(rows))) => rows,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_card_that_does_not_prove_itself_offline_gets_no_cached_answer() {
    let kiosk = Kiosk::new();
    let gateway = Gateway::start(DataDir::new());
    let normal = TestCard::new("normal", None);
    // Online: confirmed, and cached for this very certificate.
    {
        let mut worker =
            Worker::new(normal.clone(), gateway.client()).with_offline(kiosk.offline());
        let answer = pin_visit(&mut worker).unwrap();
        assert_eq!(answer.cached_on, None);
    }
    let down = || down_client(&gateway.data);

    // Offline, the same card: the cached answer, provisional, its confirmation queued.
    let mut worker = Worker::new(normal.clone(), down()).with_offline(kiosk.offline());
    let answer = pin_visit(&mut worker).unwrap();
    assert!(answer.cached_on.is_some(), "{answer:?}");
    let store = kiosk.store();
    assert_eq!(store.waiting().unwrap(), 1);
    drop(worker);

    // The same card spoiling its signatures: no cached answer, nothing queued.
    let garbage = TestCard {
        garbage: true,
        ..normal.clone()
    };
    let mut worker = Worker::new(garbage, down()).with_offline(kiosk.offline());
    assert_eq!(
        pin_visit(&mut worker).unwrap_err(),
        GatewayProblem::CardCheckFailed
    );
    assert_eq!(store.waiting().unwrap(), 1, "nothing queued");
    // `check` says so: staff, no answer, and why.
    let report = check::run(
        &mut worker,
        CheckOptions {
            pin: Some(AuthPin::new(support::PIN).unwrap()),
            consent: Consent::ALL,
            confirm_last_try: false,
        },
    );
    assert_eq!(
        (
            report.status,
            report.exit_code,
            report.error.as_ref().map(|e| e.code)
        ),
        (
            "refused",
            check::exit::NEEDS_STAFF,
            Some("card_check_failed")
        ),
        "{report:?}"
    );
    assert!(report.results.is_empty() && report.source.is_none());
    assert_eq!(store.waiting().unwrap(), 1, "nothing queued");
    drop(worker);

    // Another card with the same issuer and serial (its own key, signing correctly): not the
    // certificate the entry was stored for.
    let mut forged = TestCard::new("under-15", Some(NORMAL_SERIAL));
    assert_eq!(forged.certificate().id(), normal.clone().certificate().id());
    let mut worker = Worker::new(forged, down()).with_offline(kiosk.offline());
    assert_eq!(
        pin_visit(&mut worker).unwrap_err(),
        GatewayProblem::CardCheckFailed
    );
    assert_eq!(store.waiting().unwrap(), 1, "nothing queued");

    // Both visits are recorded as such, and audited; the chain verifies.
    let rows = today_rows(&mut worker);
    let statuses: Vec<&str> = rows.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "confirmed",
            "provisional",
            "card_check_failed",
            "card_check_failed",
            "card_check_failed"
        ]
    );
    assert!(
        rows.iter()
            .all(|r| r.assurance == Some(Assurance::CardSignature))
    );
    let failed = kiosk
        .audit()
        .into_iter()
        .filter(|(actor, action)| actor == "kiosk" && action == "offline_card_check_failed")
        .count();
    assert_eq!(failed, 3);
    store.verify_audit().unwrap();
}

#[test]
fn a_provisional_visit_refused_on_replay_becomes_a_staff_case() {
    let kiosk = Kiosk::new();
    let normal = TestCard::new("normal", None);
    // Online once, with a gateway that knows the certificate as valid: cached.
    {
        let gateway = Gateway::start(DataDir::new());
        let mut worker =
            Worker::new(normal.clone(), gateway.client()).with_offline(kiosk.offline());
        assert_eq!(pin_visit(&mut worker).unwrap().cached_on, None);
    }
    // Offline: the cached answer, provisional.
    let data = DataDir::new();
    let mut worker = Worker::new(normal.clone(), down_client(&data)).with_offline(kiosk.offline());
    assert!(pin_visit(&mut worker).unwrap().cached_on.is_some());
    drop(worker);
    let store = kiosk.store();
    assert_eq!(store.waiting().unwrap(), 1);

    // Meanwhile the certificate was revoked: the gateway refuses the replay.
    data.revoke(NORMAL_SERIAL);
    let gateway = Gateway::start(data);
    let mut worker = Worker::new(normal, gateway.client()).with_offline(kiosk.offline());
    assert_eq!(worker.replay(), 1, "it left the queue");
    assert_eq!(store.waiting().unwrap(), 0);
    let recorded: i64 = rusqlite::Connection::open(gateway.data.db())
        .unwrap()
        .query_row("SELECT count(*) FROM confirmations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recorded, 0, "the gateway recorded nothing");

    // Not silently: the visit is still there, with its new status…
    let rows = today_rows(&mut worker);
    let statuses: Vec<(&str, bool)> = rows
        .iter()
        .map(|r| (r.status.as_str(), r.provisional))
        .collect();
    assert_eq!(
        statuses,
        [("confirmed", false), ("refused_on_replay", true)]
    );
    // …the refusal is audited…
    assert!(
        kiosk
            .audit()
            .contains(&("kiosk".into(), "outbox_refused".into()))
    );
    store.verify_audit().unwrap();
    // …and it is a case on the staff desk, with the gateway's reason.
    let Some(DeskEvent::Refusals(refusals)) = worker.run_desk(DeskEffect::LoadRefusals) else {
        panic!("no refusals");
    };
    let mut desk = Desk::default();
    let effects = desk.step(DeskEvent::Refusals(refusals));
    assert!(matches!(effects.as_slice(), [DeskEffect::CallStaff(_)]));
    let [case] = desk.cases() else {
        panic!("{:?}", desk.cases());
    };
    let StaffReason::RefusedOnReplay { code, visit } = case.reason else {
        panic!("{:?}", case.reason);
    };
    assert_eq!(code, ErrorCode::CertificateRevoked);
    // Staff settle it: the case is gone after a restart too, and that is audited.
    worker.run_desk(DeskEffect::SettleRefusal {
        actor: "suzuki".into(),
        visit,
    });
    assert!(worker.replay_refusals().is_empty());
    assert_eq!(
        today_rows(&mut worker)[1].status,
        "refusal_settled",
        "the visit stays"
    );
    assert!(
        kiosk
            .audit()
            .contains(&("staff".into(), "staff_refusal_settled".into()))
    );
    store.verify_audit().unwrap();
}

/// Face models and frames (scripts/fetch-models.sh); `None` locally without them.
fn face_matcher() -> Option<myna_kiosk::identity::face::FaceMatcher> {
    use myna_kiosk::identity::face::{FaceConfig, FaceMatcher, FrameSourceKind};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = FaceConfig {
        source: FrameSourceKind::Files,
        path: Some(root.join("fixtures/faces/sequence")),
        models_dir: root.join("assets/models"),
        attempts: 2,
        ..FaceConfig::default()
    };
    let frames = root.join("fixtures/faces/sequence/picture_right/05.png");
    match FaceMatcher::load(&config) {
        Ok(matcher) if frames.exists() => Some(matcher),
        other => {
            let why = other.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "face models or frames missing in CI: {why}"
            );
            eprintln!("\n!!! SKIPPING the offline face test: {why} (scripts/fetch-models.sh)\n");
            None
        }
    }
}

/// One face visit with the face-test card: 照合番号B, frames until a match, consent.
fn face_visit<C: CardAccess>(
    worker: &mut Worker<C, GatewayClient>,
) -> Result<Answer, GatewayProblem> {
    assert!(matches!(
        worker.run(Effect::ReadCard),
        Some(Event::CardRead { result: Ok(_), .. })
    ));
    // 1961-08-04 is 昭和36; the card expires in 2034; security code 4817 (face-test.toml).
    let code = VerificationCodeB::new(time::macros::date!(1961 - 08 - 04), 2034, "4817").unwrap();
    let started = worker.run(Effect::StartFace(code));
    assert!(
        matches!(started, Some(Event::FaceStarted(Ok(())))),
        "{started:?}"
    );
    loop {
        match worker.run(Effect::FaceFrame) {
            Some(Event::Face(FaceStep::Frame { .. })) => {}
            Some(Event::Face(FaceStep::Matched)) => break,
            other => panic!("{other:?}"),
        }
    }
    match worker.run(Effect::QueryGateway(Consent::ALL)) {
        Some(Event::Gateway(answer)) => answer,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_face_visit_answered_offline_is_marked_as_the_lower_assurance() {
    let Some(matcher) = face_matcher() else {
        return;
    };
    let kiosk = Kiosk::new();
    let gateway = Gateway::start(DataDir::new());
    let mut card = TestCard::new("face-test", None);
    // Online by face: cached, as a confirmation on the kiosk's attestation.
    {
        let mut worker = Worker::new(card.clone(), gateway.client())
            .with_face(Ok(matcher.clone()))
            .with_offline(kiosk.offline());
        assert_eq!(face_visit(&mut worker).unwrap().cached_on, None);
    }
    let store = kiosk.store();
    let certificate = card.certificate();
    let cached = store
        .cache_get(
            &certificate.id(),
            OffsetDateTime::now_utc(),
            time::Duration::days(1),
        )
        .unwrap()
        .unwrap();
    let origin = cached.origin.unwrap();
    assert_eq!(origin.assurance, Assurance::KioskAttestation);
    assert!(origin.is_for(certificate.der()));

    // Offline by face: the cached answer, provisional; queued and listed as the lower level.
    let mut worker = Worker::new(card, down_client(&gateway.data))
        .with_face(Ok(matcher))
        .with_offline(kiosk.offline());
    assert!(face_visit(&mut worker).unwrap().cached_on.is_some());
    let queued = store
        .pending_requests(OffsetDateTime::now_utc(), 10)
        .unwrap();
    let [entry] = queued.as_slice() else {
        panic!("{queued:?}");
    };
    assert_eq!(entry.assurance(), Assurance::KioskAttestation);
    let Some(DeskEvent::Outbox(Ok(rows))) = worker.run_desk(DeskEffect::LoadOutbox) else {
        panic!("no outbox list");
    };
    assert_eq!(rows[0].assurance, Assurance::KioskAttestation);
    let rows = today_rows(&mut worker);
    let seen: Vec<(&str, &str, Option<Assurance>)> = rows
        .iter()
        .map(|r| (r.method.as_str(), r.status.as_str(), r.assurance))
        .collect();
    assert_eq!(
        seen,
        [
            ("face", "confirmed", Some(Assurance::KioskAttestation)),
            ("face", "provisional", Some(Assurance::KioskAttestation)),
        ]
    );
}
