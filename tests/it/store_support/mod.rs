//! Shared by the store tests: synthetic personal data, a store in a temporary directory.

use std::path::{Path, PathBuf};

use myna_kiosk::certificate_id::CertificateId;
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::{
    ConfirmationRequest, ConfirmationResult, Consent, QualificationResult,
};
use myna_kiosk::store::{Store, Visit, VisitMethod, VisitStatus};
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

pub const NAME: &str = "試験 花子";
pub const INSURER: &str = "01130012";
pub const ID_NUMBER: &str = "00012345";
pub const SERIAL: &str = "1a2b3c4d00000001";
/// SHA-256 of the test CA's DER name (fixtures/pki).
pub const ISSUER: &str = "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c";

/// The test CA's certificate with this serial, as the cache names it.
pub fn certificate(serial: &str) -> CertificateId {
    CertificateId::parse(ISSUER, serial).unwrap()
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub key: PathBuf,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let out = keygen(&dir.path().join("keys"), "k1").unwrap();
    Fixture {
        db: dir.path().join("kiosk.sqlite"),
        key: out.data_key,
        _dir: dir,
    }
}

impl Fixture {
    pub fn open(&self) -> Store {
        Store::open(&self.db, &self.key).unwrap()
    }
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }
}

/// Built from JSON, so that optional fields added to the protocol later need no change here.
pub fn request(id: &str) -> ConfirmationRequest {
    serde_json::from_value(json!({
        "request_id": id,
        "method": "pin",
        "challenge": "Y2hhbGxlbmdl",
        "evidence": {
            "auth_certificate": format!("cert {SERIAL} {NAME}"),
            "signature": "c2lnbmF0dXJl",
        },
        "consent": Consent::ALL,
        "facility_code": "1312345678",
    }))
    .unwrap()
}

pub fn result(request_id: &str) -> ConfirmationResult {
    ConfirmationResult {
        request_id: request_id.into(),
        qualification_confirmation_date: "2026-11-25".into(),
        processed_at: "2026-11-25T10:00:00+09:00".into(),
        processing_result_status: "1".into(),
        processing_result_code: None,
        processing_result_message: None,
        qualification_validity: "1".into(),
        results: vec![QualificationResult {
            insurer_number: INSURER.into(),
            insured_identification_number: ID_NUMBER.into(),
            name: NAME.into(),
            name_kana: "シケン ハナコ".into(),
            ..Default::default()
        }],
        consent: Default::default(),
        warnings: vec![],
    }
}

pub fn visit(at: OffsetDateTime) -> Visit {
    Visit {
        at,
        method: VisitMethod::Pin,
        status: VisitStatus::Confirmed,
        provisional: false,
        details: json!({ "name": NAME, "insurer_number": INSURER,
            "insured_identification_number": ID_NUMBER, "certificate_serial": SERIAL }),
    }
}

pub const T0: OffsetDateTime = datetime!(2026-11-25 10:00 +09:00);

pub fn wal(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
