//! Result files for the clinic's receipt software, written by the worker (issue 6 part 6) with
//! the in-process demo gateway and a virtual card:
//! - a result confirmed by the gateway leaves exactly one XML file in `result_dir`;
//! - a provisional (cached) answer while the gateway is down leaves none;
//! - once the gateway is back and the outbox replays, the confirmed file of that visit appears.
//!
//! The same through the real stack (myna-sim → private pcscd → `myna-kiosk check` / `outbox
//! replay` → `myna-gateway`), where a `result_dir` that does not exist is a usage error (64),
//! with `[clinic] encoding = "shift_jis"` and the 特定疾病 block of the `normal` person.
//!
//! And a number query of the 未就学 person to the real `myna-gateway` process, its answer
//! written in both encodings. Every file is read by `common::oqs_reader`, which fails on a
//! missing item that the receipt software requires.

use crate::common;
use crate::gateway_support as support;

use common::kiosk::KioskAndGateway;
use common::stack::{self, Sim};
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::requests::{ConfirmationAnswer, GatewayRequest};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use myna_kiosk::app::start_demo_gateway;
use myna_kiosk::card::transport::{InMemoryTransport, Transport};
use myna_kiosk::card::{AuthPin, CardError};
use myna_kiosk::check::{self, CheckOptions, exit};
use myna_kiosk::clinic::result_file::ResultWriter;
use myna_kiosk::clinic::{FileEncoding, XmlSettings};
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::eligibility::protocol::{
    ConfirmationRequest, ConfirmationResult, Consent, InsuranceNumberRequest, Method,
    QualificationConfirmSearchInfo,
};
use myna_kiosk::reception::flow::GatewayProblem;
use myna_kiosk::reception::worker::{CardAccess, Gateway, Worker};
use time::OffsetDateTime;

/// The same card at every visit: issued once (a card issued again a second later would carry
/// another certificate, which the offline check rightly refuses).
struct Card(OffsetDateTime);

impl CardAccess for Card {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let mut card = myna_kiosk::sim::load_card(&common::profile("normal"), self.0).unwrap();
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            Some(card.process(apdu))
        })))
    }
}

/// The demo gateway, which cannot be reached while `up` is false.
struct Switch {
    client: GatewayClient,
    up: Arc<AtomicBool>,
}

impl Gateway for Switch {
    fn kiosk_id(&self) -> &str {
        Gateway::kiosk_id(&self.client)
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        if !self.up.load(Ordering::SeqCst) {
            return Err(GatewayProblem::Unreachable);
        }
        Gateway::challenge(&mut self.client)
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        if !self.up.load(Ordering::SeqCst) {
            return Err(GatewayProblem::Unreachable);
        }
        Gateway::confirm(&mut self.client, request)
    }

    fn send(&mut self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        if !self.up.load(Ordering::SeqCst) {
            return Err(GatewayProblem::Unreachable);
        }
        Gateway::send(&mut self.client, request)
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        Gateway::device_key(&self.client)
    }
}

fn visit(worker: &mut Worker<Card, Switch>) -> check::CheckReport {
    check::run(
        worker,
        CheckOptions {
            pin: Some(AuthPin::new("1234").unwrap()),
            consent: Consent::ALL,
            confirm_last_try: false,
        },
    )
}

/// The files in `dir` (temporary dot files included, so a left-over one would show), sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The text of every element called `name` in the file, read as the receipt software reads it
/// (which fails on a file lacking a required item).
fn texts(path: &Path, name: &str) -> Vec<String> {
    let file = common::oqs_reader::read(&std::fs::read(path).unwrap());
    file.leaves
        .iter()
        .filter(|(p, _)| p.rsplit('/').next() == Some(name))
        .map(|(_, t)| t.clone())
        .collect()
}

fn assert_confirmed_file(path: &Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("OQSsiquc01res_kiosk_") && name.ends_with(".xml"),
        "{name}"
    );
    assert_eq!(texts(path, "QualificationValidity"), ["1"], "{name}");
    assert_eq!(texts(path, "InsurerNumber"), ["01130012"], "{name}");
    assert_eq!(texts(path, "ProcessingResultStatus"), ["1"], "{name}");
    // The 特定疾病療養受療証 of fixtures/insured/normal.toml (人工透析, 10,000 yen).
    assert_eq!(
        texts(path, "SpecificDiseasesDiseaseCategory"),
        ["1"],
        "{name}"
    );
    assert_eq!(texts(path, "SpecificDiseasesSelfPay"), ["10000"], "{name}");
    // 協会けんぽ, not 後期高齢者医療: no ratio in the file.
    assert!(texts(path, "InsuredPartialContributionRatio").is_empty());
}

#[test]
fn confirmed_results_are_written_provisional_ones_only_after_the_replay() {
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let results = tempfile::tempdir().unwrap();
    let settings = XmlSettings {
        medical_institution_code: Some("1312345678".into()),
        ..XmlSettings::default()
    };
    let writer = ResultWriter::new(results.path(), settings).unwrap();
    let up = Arc::new(AtomicBool::new(true));
    let offline = gateway.offline;
    let mut worker = Worker::new(
        Card(OffsetDateTime::now_utc()),
        Switch {
            client: gateway.client,
            up: up.clone(),
        },
    )
    .with_offline(offline)
    .with_result_writer(Some(writer.clone()));

    // Online: confirmed by the gateway, one file.
    let report = visit(&mut worker);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert_eq!(report.source, Some("gateway"), "{report:?}");
    let online = files(results.path());
    assert_eq!(online.len(), 1, "{online:?}");
    assert_confirmed_file(&online[0]);

    // Gateway down: the cached result is shown (provisional), but no file is written for it.
    up.store(false, Ordering::SeqCst);
    let report = visit(&mut worker);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert_eq!(report.source, Some("cache"), "{report:?}");
    assert_eq!(files(results.path()), online);

    // Back online: the replayed confirmation is answered, and its file appears.
    up.store(true, Ordering::SeqCst);
    assert_eq!(worker.replay(), 1);
    let replayed = files(results.path());
    assert_eq!(replayed.len(), 2, "{replayed:?}");
    let new: Vec<&PathBuf> = replayed.iter().filter(|p| !online.contains(p)).collect();
    assert_eq!(new.len(), 1, "{replayed:?}");
    assert_confirmed_file(new[0]);
}

#[test]
fn check_and_outbox_replay_write_result_files() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let _sim = Sim::start("normal", &reader, &[]);
    let mut kiosk = KioskAndGateway::start();
    let listen = kiosk.listen();
    let check = [
        "check",
        "--reader",
        reader.name.as_str(),
        "--pin-stdin",
        "--consent",
        "all",
    ];

    // A folder that is not there: a configuration error at start, for each command.
    kiosk.set_result_dir(&kiosk.dir.path().join("missing"));
    for (args, stdin) in [(&check[..], "1234"), (&["outbox", "replay"][..], "")] {
        let (code, json) = kiosk.kiosk(args, stdin);
        assert_eq!(code, 64, "{args:?}: {json}");
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("[clinic] result_dir"), "{json}");
    }
    assert_eq!(kiosk.recorded("1a2b3c4d00000001"), 0, "nothing was sent");

    // A wrong encoding is a configuration error that names the key.
    let results = kiosk.dir.path().join("results");
    std::fs::create_dir(&results).unwrap();
    kiosk.set_clinic(&results, "encoding = \"sjis\"\n");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .arg("--config")
        .arg(&kiosk.config)
        .args(["outbox", "replay"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(64), "{stderr}");
    assert!(
        stderr.contains("encoding") && stderr.contains("shift_jis"),
        "{stderr}"
    );
    assert_eq!(kiosk.recorded("1a2b3c4d00000001"), 0, "nothing was sent");

    kiosk.set_clinic(&results, "encoding = \"shift_jis\"\n");

    // Confirmed by the gateway: one file.
    let (code, json) = kiosk.kiosk(&check, "1234");
    assert_eq!(
        (code, json["source"].as_str()),
        (0, Some("gateway")),
        "{json}"
    );
    let online = files(&results);
    assert_eq!(online.len(), 1, "{online:?}");
    assert_confirmed_file(&online[0]);
    let bytes = std::fs::read(&online[0]).unwrap();
    let file = common::oqs_reader::read(&bytes);
    assert_eq!(file.encoding, "Shift_JIS");
    assert!(std::str::from_utf8(&bytes).is_err(), "Shift_JIS, not UTF-8");
    assert_eq!(
        file.value("XmlMsg/MessageHeader/CharacterCodeIdentifier"),
        Some("1")
    );
    assert_eq!(file.person("Name"), Some("試験　花子"));
    assert_eq!(
        file.value("XmlMsg/MessageHeader/MedicalInstitutionCode"),
        Some("1312345678")
    );

    // Gateway down: provisional from the cache, no file.
    kiosk.stop_gateway();
    let (code, json) = kiosk.kiosk(&check, "1234");
    assert_eq!(
        (code, json["source"].as_str()),
        (0, Some("cache")),
        "{json}"
    );
    assert_eq!(files(&results), online);
    let (code, _) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!(code, 6);
    assert_eq!(files(&results), online);

    // Back: the replay's confirmed answer is written.
    kiosk.start_gateway(&listen);
    let (code, json) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!(
        (code, json["sent"].as_u64(), json["waiting"].as_u64()),
        (0, Some(1), Some(0)),
        "{json}"
    );
    let replayed = files(&results);
    assert_eq!(replayed.len(), 2, "{replayed:?}");
    let new: Vec<&PathBuf> = replayed.iter().filter(|p| !online.contains(p)).collect();
    assert_eq!(new.len(), 1, "{replayed:?}");
    assert_confirmed_file(new[0]);
}

/// The 未就学 person of fixtures/insured/y-preschool.toml, asked for by numbers from the real
/// `myna-gateway` process, written in both encodings: PreschoolClassification and
/// InsuredCardValidDate are in the file, the ratio is not (協会けんぽ), and the file reads back.
#[test]
fn a_preschool_child_from_the_real_gateway_is_written_in_both_encodings() {
    let gw = support::Gateway::start(support::DataDir::new());
    let answer = gw
        .client()
        .query_insurance_number(&InsuranceNumberRequest::new(
            support::new_request_id(),
            QualificationConfirmSearchInfo {
                insurer_number: "01130012".into(),
                insured_card_symbol: Some("23456789".into()),
                insured_identification_number: "5678".into(),
                insured_branch_number: Some("02".into()),
                birthdate: "2022-05-10".into(),
                limit_application_certificate_related_cons_flg: "1".into(),
            },
            Some("1312345678".into()),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(answer.result.is_confirmed(), "{answer:?}");
    let person = &answer.result.results[0];
    assert_eq!(person.preschool_classification.as_deref(), Some("1"));
    assert_eq!(
        person.insured_card_valid_date.as_deref(),
        Some("2022-05-10")
    );
    assert_eq!(person.insured_partial_contribution_ratio, "020");

    for encoding in [FileEncoding::Utf8, FileEncoding::ShiftJis] {
        let dir = tempfile::tempdir().unwrap();
        let settings = XmlSettings {
            medical_institution_code: Some("1312345678".into()),
            encoding,
            ..XmlSettings::default()
        };
        let writer = ResultWriter::new(dir.path(), settings.clone()).unwrap();
        let path = writer
            .write(&answer.result, Method::InsuranceNumber)
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let file = common::oqs_reader::read(&bytes);
        assert_eq!(file.encoding, encoding.label());
        assert_eq!(file.person("PreschoolClassification"), Some("1"));
        assert_eq!(file.person("InsuredCardValidDate"), Some("20220510"));
        assert_eq!(file.person("Name"), Some("試験　陽葵"));
        assert_eq!(file.person("InsuredPartialContributionRatio"), None);
        assert_eq!(
            file.value("XmlMsg/MessageHeader/ReferenceClassification"),
            Some("2")
        );
        let (root, _) = myna_kiosk::clinic::xml::parse_bytes(&bytes).unwrap();
        let back = myna_kiosk::clinic::layout::read_result(&root, &settings).unwrap();
        assert_eq!(
            back.results[0].preschool_classification.as_deref(),
            Some("1")
        );
        assert_eq!(back.results[0].name, person.name);
    }
}
