//! Result files for the clinic's receipt software, written by the worker (issue 6 part 6) with
//! the in-process demo gateway and a virtual card:
//! - a result confirmed by the gateway leaves exactly one XML file in `result_dir`;
//! - a provisional (cached) answer while the gateway is down leaves none;
//! - once the gateway is back and the outbox replays, the confirmed file of that visit appears.
//!
//! The same through the real stack (myna-sim → private pcscd → `myna-kiosk check` / `outbox
//! replay` → `myna-gateway`), where a `result_dir` that does not exist is a usage error (64).

mod common;

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
use myna_kiosk::clinic::XmlSettings;
use myna_kiosk::clinic::result_file::ResultWriter;
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::eligibility::protocol::{ConfirmationRequest, ConfirmationResult, Consent};
use myna_kiosk::reception::flow::GatewayProblem;
use myna_kiosk::reception::worker::{CardAccess, Gateway, Worker};
use quick_xml::Reader;
use quick_xml::events::Event;
use time::OffsetDateTime;

struct Card;

impl CardAccess for Card {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let mut card =
            myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc())
                .unwrap();
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

/// The text of every element called `name` in the file, read with quick-xml.
fn texts(path: &Path, name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                inside = e.name().as_ref() == name.as_bytes();
                if inside {
                    out.push(String::new());
                }
            }
            Event::Text(t) if inside => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&t.xml10_content().unwrap());
                }
            }
            Event::End(_) => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
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
}

#[test]
fn confirmed_results_are_written_provisional_ones_only_after_the_replay() {
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let results = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(results.path(), XmlSettings::default()).unwrap();
    let up = Arc::new(AtomicBool::new(true));
    let offline = gateway.offline;
    let mut worker = Worker::new(
        Card,
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

    let results = kiosk.dir.path().join("results");
    std::fs::create_dir(&results).unwrap();
    kiosk.set_result_dir(&results);

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
