//! What staff confirm at the desk, end to end on the real stack: myna-sim → vpcd → private
//! pcscd → the worker thread loop; a real `myna-gateway` process over HTTPS; a real store.
//! 目視確認 (照合番号B typed by staff, the card photo, the staff-visual attestation) and the
//! query by insurance numbers, online and with the gateway cut off (cache, outbox, retry).
//! Run through `bash scripts/test.sh`; in CI these fail when the stack is missing.

use crate::common;
use crate::gateway_support as support;

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::stack::{self, Sim};
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::protocol::{CardData, ConfirmationRequest, ConfirmationResult};
use myna_kiosk::eligibility::requests::{ConfirmationAnswer, GatewayRequest};
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::desk::{
    Health, NumberField, PhotoProblem, StaffAnswer, StaffPage, StaffPin, StaffScreen, StaffUi,
    VisualStep,
};
use myna_kiosk::reception::flow::GatewayProblem;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::staff_auth::hash_pin;
use myna_kiosk::reception::view::{UiEvent, View};
use myna_kiosk::reception::worker::{Gateway, Offline, Worker};
use myna_kiosk::store::Store;
use myna_kiosk::wareki::Era;
use support::{DataDir, Gateway as GatewayProcess};

/// The real gateway client, with the line between kiosk and gateway cut while `up` is false.
struct Line {
    client: GatewayClient,
    up: Arc<AtomicBool>,
}

impl Line {
    fn check(&self) -> Result<(), GatewayProblem> {
        match self.up.load(Ordering::SeqCst) {
            true => Ok(()),
            false => Err(GatewayProblem::Unreachable),
        }
    }
}

impl Gateway for Line {
    fn kiosk_id(&self) -> &str {
        Gateway::kiosk_id(&self.client)
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        self.check()?;
        Gateway::challenge(&mut self.client)
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        self.check()?;
        Gateway::confirm(&mut self.client, request)
    }

    fn send(&mut self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        self.check()?;
        Gateway::send(&mut self.client, request)
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        Gateway::device_key(&self.client)
    }
}

struct Desk {
    inputs: mpsc::Sender<Input>,
    views: mpsc::Receiver<View>,
    up: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    _gateway: GatewayProcess,
    _dir: tempfile::TempDir,
}

impl Desk {
    /// The worker loop on the reader's card and a new gateway process, signed in as `sato`.
    fn start(reader: &str) -> Desk {
        let gateway = GatewayProcess::start(DataDir::new());
        let tempdir = tempfile::tempdir().unwrap();
        let dir = tempdir.path();
        let keys = myna_kiosk::eligibility::device_key::keygen(&dir.join("keys"), "k").unwrap();
        let store = Store::open(&dir.join("kiosk.db"), &keys.data_key).unwrap();
        let pin = StaffPin::parse("24681012").unwrap();
        let hash = hash_pin(&pin, NonZeroU32::new(10_000).unwrap(), store.staff_pepper()).unwrap();
        store.staff_set("sato", None, &hash).unwrap();
        let offline = Offline {
            store,
            cache_max_age: time::Duration::days(30),
            visit_retention: time::Duration::days(90),
            audit_retention: time::Duration::days(365),
        };
        let up = Arc::new(AtomicBool::new(true));
        let line = Line {
            client: gateway.client(),
            up: up.clone(),
        };
        let card = PcscReader::new(Pcsc::establish().unwrap(), reader.to_owned());
        let worker = Worker::new(card, line).with_offline(offline);
        let (inputs, rx) = mpsc::channel();
        let (view_tx, views) = mpsc::channel();
        let thread = std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
        let desk = Desk {
            inputs,
            views,
            up,
            thread: Some(thread),
            _gateway: gateway,
            _dir: tempdir,
        };
        desk.touch(StaffUi::Open);
        desk.screen(|s| matches!(s, StaffScreen::Login { members, .. } if !members.is_empty()));
        desk.touch(StaffUi::SelectMember(0));
        for d in "24681012".bytes() {
            desk.touch(StaffUi::Digit(d - b'0'));
        }
        desk.touch(StaffUi::Submit);
        desk.screen(|s| matches!(s, StaffScreen::Cases { .. }));
        desk
    }

    fn touch(&self, ui: StaffUi) {
        self.inputs.send(Input::Ui(UiEvent::Staff(ui))).unwrap();
    }

    /// The first staff screen `done` accepts; panics with the last one after 20 s.
    fn screen(&self, done: impl Fn(&StaffScreen) -> bool) -> StaffScreen {
        let mut last = None;
        while let Ok(view) = self.views.recv_timeout(Duration::from_secs(20)) {
            if let Some(staff) = view.staff {
                if done(&staff.screen) {
                    return staff.screen;
                }
                last = Some(staff.screen);
            }
        }
        panic!("no such staff screen; last: {last:?}");
    }

    /// Types 照合番号B (era, birth YYMMDD, expiry year, security code) and reads the card.
    fn read_card_face(&self, era: Era, digits: &str) -> VisualStep {
        self.touch(StaffUi::Page(StaffPage::Visual));
        self.touch(StaffUi::VisualEra(era));
        for d in digits.bytes() {
            self.touch(StaffUi::VisualDigit(d - b'0'));
        }
        self.touch(StaffUi::ReadCardFace);
        let screen = self.screen(|s| {
            matches!(s, StaffScreen::Visual { form, .. }
                if form.problem.is_some() || matches!(form.step, VisualStep::Compare(_)))
        });
        let StaffScreen::Visual { form, .. } = screen else {
            unreachable!()
        };
        match form.problem {
            Some(problem) => panic!("card face not read: {problem:?}"),
            None => form.step,
        }
    }

    /// Types 照合番号B and expects the card face to be refused with `problem`.
    fn refused_code(&self, digits: &str, problem: PhotoProblem) {
        self.touch(StaffUi::Page(StaffPage::Visual));
        self.touch(StaffUi::VisualEra(Era::Showa));
        for d in digits.bytes() {
            self.touch(StaffUi::VisualDigit(d - b'0'));
        }
        self.touch(StaffUi::ReadCardFace);
        self.screen(
            |s| matches!(s, StaffScreen::Visual { form, .. } if form.problem == Some(problem)),
        );
    }

    /// Compares, confirms, and returns the answer.
    fn confirm_visual(&self) -> StaffAnswer {
        self.touch(StaffUi::VisualVerdict(true));
        let screen = self.screen(|s| {
            matches!(s, StaffScreen::Visual { form, .. } if matches!(form.step, VisualStep::Done(_)))
        });
        match screen {
            StaffScreen::Visual { form, .. } => match form.step {
                VisualStep::Done(answer) => answer,
                _ => unreachable!(),
            },
            _ => unreachable!(),
        }
    }

    /// Queries the numbers of fixtures/insured/pin-locked.toml.
    fn query_numbers(&self) -> StaffAnswer {
        self.touch(StaffUi::Page(StaffPage::Numbers));
        for (field, text) in [
            (NumberField::InsurerNumber, "138016"),
            (NumberField::Symbol, "千代田"),
            (NumberField::Number, "4567"),
            (NumberField::Branch, "01"),
            (NumberField::BirthDate, "19750815"),
        ] {
            self.touch(StaffUi::NumberText(field, text.into()));
        }
        self.touch(StaffUi::SendNumbers);
        let screen = self
            .screen(|s| matches!(s, StaffScreen::Numbers { form, .. } if form.answer.is_some()));
        match screen {
            StaffScreen::Numbers { form, .. } => form.answer.unwrap(),
            _ => unreachable!(),
        }
    }

    /// "Retry now" on the outbox page: how many were sent (the outbox is then empty).
    fn retry_outbox(&self) -> usize {
        self.touch(StaffUi::Page(StaffPage::Outbox));
        self.touch(StaffUi::RetryOutbox);
        match self.screen(|s| {
            matches!(
                s,
                StaffScreen::Outbox {
                    retried: Some(_),
                    entries: Some(Ok(_)),
                    ..
                }
            )
        }) {
            StaffScreen::Outbox {
                retried: Some(sent),
                entries: Some(Ok(rows)),
                ..
            } => {
                assert!(rows.is_empty(), "{rows:?}");
                sent
            }
            _ => unreachable!(),
        }
    }

    /// The health line of the cases page: the last one shown once the views stop coming.
    fn health(&self) -> Health {
        self.touch(StaffUi::Page(StaffPage::Cases));
        let mut last = None;
        while let Ok(view) = self.views.recv_timeout(Duration::from_millis(500)) {
            if let Some(staff) = view.staff
                && matches!(staff.screen, StaffScreen::Cases { .. })
            {
                last = staff.health;
            }
        }
        last.expect("a health line")
    }

    fn outbox_methods(&self) -> Vec<String> {
        self.touch(StaffUi::Page(StaffPage::Outbox));
        match self.screen(|s| {
            matches!(
                s,
                StaffScreen::Outbox {
                    entries: Some(Ok(_)),
                    ..
                }
            )
        }) {
            StaffScreen::Outbox {
                entries: Some(Ok(rows)),
                ..
            } => rows.into_iter().map(|r| r.method).collect(),
            _ => unreachable!(),
        }
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let (tx, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.inputs, tx));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn confirmed(answer: &StaffAnswer) -> &ConfirmationResult {
    match answer {
        StaffAnswer::Answered { result, .. } | StaffAnswer::Cached { result, .. }
            if result.is_confirmed() =>
        {
            result
        }
        other => panic!("not confirmed: {other:?}"),
    }
}

/// VERIFYs with data the card received: (auth PIN with 4 bytes, 照合番号B with 14).
fn verifies(sim: &Sim) -> (usize, usize) {
    let log = sim.apdu_log();
    let count = |needle: &str| log.iter().filter(|l| l.contains(needle)).count();
    (count(" 00 20 00 80 04 "), count(" 00 20 00 80 0E "))
}

/// 1975-08-15 is 昭和50; the card expires in 2033; security code 2718 (pin-locked.toml).
const CODE_B: &str = "50081520332718";
const WRONG_CODE_B: &str = "50081520332719";

#[test]
fn visual_confirmation_of_a_locked_pin_card_online_and_offline() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("pin-locked", &reader, &[]);
    let desk = Desk::start(&reader.name);

    // A wrong code: the card says how many tries are left; staff correct the last digit.
    desk.refused_code(WRONG_CODE_B, PhotoProblem::WrongCode { tries_left: 2 });
    let VisualStep::Compare(photo) = desk.read_card_face(Era::Showa, CODE_B) else {
        unreachable!()
    };
    assert!(photo.width >= 100 && photo.height >= 100, "{photo:?}");
    assert_eq!(
        photo.rgb.len(),
        photo.width as usize * photo.height as usize * 3
    );

    let answer = desk.confirm_visual();
    let StaffAnswer::Answered { terminal, .. } = &answer else {
        panic!("{answer:?}")
    };
    assert!(!terminal);
    assert_eq!(confirmed(&answer).results[0].name, "試験　竹男");

    // The line is cut: the cached answer (provisional), and the attested confirmation signed
    // over the kiosk's own challenge waits in the outbox until staff retry.
    desk.up.store(false, Ordering::SeqCst);
    desk.touch(StaffUi::VisualAgain);
    desk.read_card_face(Era::Showa, CODE_B);
    let answer = desk.confirm_visual();
    assert!(matches!(answer, StaffAnswer::Cached { .. }), "{answer:?}");
    assert_eq!(desk.outbox_methods(), ["staff_visual"]);
    desk.up.store(true, Ordering::SeqCst);
    assert_eq!(desk.retry_outbox(), 1);

    // Not the same person: nothing is sent and the photo is gone.
    desk.touch(StaffUi::Page(StaffPage::Visual));
    desk.read_card_face(Era::Showa, CODE_B);
    desk.touch(StaffUi::VisualVerdict(false));
    desk.screen(
        |s| matches!(s, StaffScreen::Visual { form, .. } if form.step == VisualStep::NotConfirmed),
    );

    // The auth PIN was never sent (its counter untouched); 照合番号B once per read.
    assert_eq!(verifies(&sim), (0, 4));
    common::assert_no_forbidden_access(&sim.apdu_log());
    // Today's list: the online and the offline (provisional) visual confirmation.
    desk.touch(StaffUi::Page(StaffPage::Today));
    let StaffScreen::Today {
        visits: Some(Ok(rows)),
        ..
    } = desk.screen(|s| {
        matches!(
            s,
            StaffScreen::Today {
                visits: Some(Ok(_)),
                ..
            }
        )
    })
    else {
        unreachable!()
    };
    let rows: Vec<_> = rows
        .iter()
        .filter(|r| r.method == "staff_visual")
        .map(|r| (r.status.as_str(), r.provisional, r.card_data))
        .collect();
    // No issuer key is configured here: the card data is kept as not verified.
    let not_verified = Some(CardData::NotVerified);
    assert_eq!(
        rows,
        [
            ("confirmed", false, not_verified),
            ("provisional", true, not_verified)
        ]
    );
    drop(desk);
    drop(sim);
}

#[test]
fn the_card_face_is_not_read_when_one_code_try_is_left() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("pin-locked", &reader, &[]);
    let desk = Desk::start(&reader.name);
    desk.refused_code(WRONG_CODE_B, PhotoProblem::WrongCode { tries_left: 2 });
    desk.touch(StaffUi::VisualBackspace);
    desk.touch(StaffUi::VisualDigit(7));
    desk.touch(StaffUi::ReadCardFace);
    desk.screen(|s| {
        matches!(s, StaffScreen::Visual { form, .. }
            if form.problem == Some(PhotoProblem::WrongCode { tries_left: 1 }))
    });
    // Even the right code is not sent now: the last try stays with the card holder.
    for _ in 0..4 {
        desk.touch(StaffUi::VisualBackspace);
    }
    for d in "2718".bytes() {
        desk.touch(StaffUi::VisualDigit(d - b'0'));
    }
    desk.touch(StaffUi::ReadCardFace);
    desk.screen(|s| {
        matches!(s, StaffScreen::Visual { form, .. }
            if form.problem == Some(PhotoProblem::TooFewTries { tries_left: 1 }))
    });
    assert_eq!(verifies(&sim), (0, 2));
    drop(desk);
    drop(sim);
}

#[test]
fn number_queries_online_offline_and_replayed() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let desk = Desk::start(&reader.name);

    let answer = desk.query_numbers();
    assert!(matches!(answer, StaffAnswer::Answered { .. }), "{answer:?}");
    let person = &confirmed(&answer).results[0];
    assert_eq!(
        (person.insurer_number.as_str(), person.name.as_str()),
        ("138016", "試験　竹男")
    );

    // Numbers the gateway does not know: answered, not confirmed (validity 4).
    desk.touch(StaffUi::NumberText(NumberField::Number, "4568".into()));
    desk.touch(StaffUi::SendNumbers);
    let screen =
        desk.screen(|s| matches!(s, StaffScreen::Numbers { form, .. } if form.answer.is_some()));
    let StaffScreen::Numbers { form, .. } = screen else {
        unreachable!()
    };
    match form.answer {
        Some(StaffAnswer::Answered { result, .. }) => {
            assert_eq!(result.qualification_validity, "4");
        }
        other => panic!("{other:?}"),
    }

    // Offline: the cached answer of the same numbers, and the query queued.
    desk.up.store(false, Ordering::SeqCst);
    let answer = desk.query_numbers();
    assert!(matches!(answer, StaffAnswer::Cached { .. }), "{answer:?}");
    confirmed(&answer);
    assert_eq!(desk.outbox_methods(), ["insurance_number"]);
    // The health line says so: the reader is there, the gateway was not reached, one waits.
    let health = desk.health();
    assert_eq!(health.reader, Some(true));
    assert!(matches!(health.gateway, Some((false, _))), "{health:?}");
    assert_eq!(health.outbox, Ok(1));
    desk.up.store(true, Ordering::SeqCst);
    assert_eq!(desk.retry_outbox(), 1);
    let health = desk.health();
    assert!(matches!(health.gateway, Some((true, _))), "{health:?}");
    assert_eq!(health.outbox, Ok(0));

    // A typing error is caught before anything is sent.
    desk.touch(StaffUi::Page(StaffPage::Numbers));
    desk.touch(StaffUi::NumberText(
        NumberField::InsurerNumber,
        "1380".into(),
    ));
    desk.touch(StaffUi::NumberText(
        NumberField::BirthDate,
        "1975-08-15".into(),
    ));
    desk.touch(StaffUi::SendNumbers);
    desk.screen(|s| {
        matches!(s, StaffScreen::Numbers { form, .. }
            if form.error.as_ref().is_some_and(|e| e.field == "insurer_number"))
    });
}

#[test]
fn a_mistyped_insurer_number_is_stopped_before_anything_is_sent() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let desk = Desk::start(&reader.name);
    let confirmations = || -> i64 {
        let conn = rusqlite::Connection::open(desk._gateway.data.db()).unwrap();
        conn.query_row("SELECT COUNT(*) FROM confirmations", [], |r| r.get(0))
            .unwrap()
    };
    let before = confirmations();

    // pin-locked.toml's numbers, with the last two digits of 138016 swapped: 6 digits as
    // asked, but the check digit (検証番号) no longer fits.
    desk.touch(StaffUi::Page(StaffPage::Numbers));
    for (field, text) in [
        (NumberField::InsurerNumber, "138061"),
        (NumberField::Symbol, "千代田"),
        (NumberField::Number, "4567"),
        (NumberField::Branch, "01"),
        (NumberField::BirthDate, "19750815"),
    ] {
        desk.touch(StaffUi::NumberText(field, text.into()));
    }
    desk.touch(StaffUi::SendNumbers);
    let StaffScreen::Numbers { form, .. } =
        desk.screen(|s| matches!(s, StaffScreen::Numbers { form, .. } if form.error.is_some()))
    else {
        unreachable!()
    };
    let error = form.error.clone().unwrap();
    assert!(error.is_check_digit(), "{error}");
    assert!(!form.waiting && form.answer.is_none(), "{form:?}");
    // Nothing reached the gateway, nothing waits in the outbox.
    assert_eq!(confirmations(), before);
    assert!(desk.outbox_methods().is_empty());

    // Corrected, the same numbers are answered.
    let answer = desk.query_numbers();
    assert_eq!(confirmed(&answer).results[0].name, "試験　竹男");
    assert_eq!(confirmations(), before + 1);
}
