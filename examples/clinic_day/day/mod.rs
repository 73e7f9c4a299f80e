//! A morning at a clinic, simulated on the real stack (issue 18 part 9): the worker loop
//! (`runner::run`) on a PC/SC reader of the private pcscd with the card monitor, one `myna-sim`
//! process per patient's card (vpcd), a `myna-gateway` process over HTTPS, a real store. The
//! kiosk runs on a [`ManualClock`] that goes with the system's time and skips the patients'
//! think times (and the gaps between them), so a morning takes minutes.
//!
//! Each synthetic patient has a kind (what their card is and what they do), a language, a pace
//! and may forget the card. The script reacts to the screen the kiosk shows, as a patient would;
//! the report counts touches, time card-to-done, staff cases by reason, cards left on the
//! reader, and checks every answered visit against the store's visit records.
//! Used by `main.rs`; `tests/it/clinic_day.rs` runs the built example on a few patients.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use myna_kiosk::app::{ReaderWatch, watch_reader};
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::clock::{Clock, ManualClock};
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::identity::face::{FaceConfig, FrameSourceKind};
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{FaceProblem, Language, Notice, Screen, UiEvent, View};
use myna_kiosk::reception::worker::{Offline, Worker};
use myna_kiosk::store::Store;
use myna_kiosk::wareki::Era;

mod clinic;
mod face;
mod patients;
mod report;

use clinic::Clinic;
use patients::Dice;
pub use patients::{Kind, Patient, patients};
pub use report::{Outcome, Report, Visit, Way};

const KIOSK_ID: &str = "clinic-day";
/// Real time the kiosk may take for one step (a card read, a gateway round trip) before the
/// simulation gives up on it.
const PATIENCE: Duration = Duration::from_secs(30);
/// The gateway outage: when it starts (a share of the morning's patients) and how long it lasts.
const OUTAGE_AT: f64 = 0.4;
const OUTAGE: Duration = Duration::from_secs(10 * 60);

/// What the simulation runs on.
pub struct Stack {
    /// pcscd's name for the vpcd reader and its port.
    pub reader: String,
    pub port: u16,
    pub sim: PathBuf,
    pub gateway: PathBuf,
    pub fixtures: PathBuf,
    /// The face models (scripts/fetch-models.sh puts them in assets/models).
    pub models: PathBuf,
}

/// What is simulated.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub patients: usize,
    pub seed: u64,
    /// A ten-minute gateway outage 40 % into the morning.
    pub outage: bool,
    /// The kiosk has face confirmation: the models, and a camera that sees the patient (frame
    /// files, [`Kind::frames`]).
    pub face: bool,
}

/// The staff case of a patient whose face matched in no attempt (the desk's reason: face
/// failed; the patient's screen says staff were called, or to speak to the counter).
const FACE_FAILED: &str = "face: no match in any attempt (face failed)";
/// The staff case of a patient with a locked or unset PIN who does not use face, taken
/// straight to the 照合番号B pad: they call staff there.
const CALLED_AT_PAD: &str = "PIN locked or never set: called staff at the 照合番号B pad";

/// The staff case a notice stands for, in words.
fn staff_reason(notice: Notice) -> Option<&'static str> {
    Some(match notice {
        Notice::WrongPin { .. } | Notice::TimedOut | Notice::PhoneCancelled => return None,
        Notice::NotMyNumberCard => "not a My Number Card",
        Notice::CardRemoved => "card removed",
        Notice::CardProblem => "card unreadable",
        Notice::PinLocked => "PIN locked or never set",
        Notice::CertificateExpired => "certificate expired past its grace",
        Notice::JukiCard => "住基カード",
        Notice::NeedsStaff => "gateway: not valid as insurance (e.g. not registered)",
        Notice::Refused => "gateway refused",
        Notice::GatewayUnreachable => "gateway unreachable, nothing cached",
        Notice::FaceUnavailable => "face asked for, not available",
        Notice::CardPhotoUnproven => "card photo not proven by the issuer key",
        Notice::StaffCalled => "patient called staff",
        Notice::SpeakToReception => "patient called staff (told to speak to the counter)",
        Notice::PhoneNoAnswer => "iPhone not confirmed in time",
    })
}

/// Runs the morning; `progress` hears about each visit.
pub fn run(
    stack: Stack,
    plan: &Plan,
    mut progress: impl FnMut(usize, &Visit),
) -> Result<Report, String> {
    let started = Instant::now();
    let patients = patients(plan);
    let mut clinic = Clinic::open(stack, plan.face)?;
    let t0 = clinic.clock.now();
    let outage_at = (plan.patients as f64 * OUTAGE_AT) as usize;
    let mut outage_until: Option<Instant> = None;
    let mut visits = vec![];
    for (i, patient) in patients.into_iter().enumerate() {
        clinic.think(patient.gap)?;
        if plan.outage && i == outage_at {
            clinic.gateway.stop();
            outage_until = Some(clinic.clock.now() + OUTAGE);
        }
        if outage_until.is_some_and(|until| clinic.clock.now() >= until) {
            clinic.gateway.start()?;
            outage_until = None;
        }
        clinic.in_front_of_camera(patient.kind.frames())?;
        let visit = visit(&mut clinic, patient).map_err(|e| format!("patient {i}: {e}"))?;
        progress(i, &visit);
        visits.push(visit);
    }
    let simulated = clinic.clock.now() - t0;
    if !clinic.gateway.is_up() {
        clinic.gateway.start()?;
    }
    // The kiosk replays its outbox (every 30 s, backing off to an hour): give it the time.
    let mut outbox_left = usize::MAX;
    for _ in 0..24 {
        clinic.think(Duration::from_secs(5 * 60))?;
        outbox_left = clinic.records()?.1;
        if outbox_left == 0 {
            break;
        }
    }
    let (records, outbox_left) = (clinic.records()?.0, outbox_left);
    Ok(Report {
        visits,
        records,
        outbox_left,
        simulated,
        wall: started.elapsed(),
    })
}

/// One patient at the kiosk, as scripted by their kind.
fn visit(clinic: &mut Clinic, patient: Patient) -> Result<Visit, String> {
    let mut dice = Dice(patient.gap.as_nanos() as u64);
    let pace = if patient.slow { 2.0 } else { 1.0 };
    let mut think = |low: f64, high: f64| dice.secs(low * pace, high * pace);
    // A card the last patient left: this patient hands it to staff first.
    if clinic.card.is_some() {
        clinic.think(think(5.0, 20.0))?;
        clinic.lift_card()?;
    }
    if clinic.screen != Screen::Idle {
        return Err(format!("the kiosk is not idle: {:?}", clinic.screen));
    }
    if patient.language != Language::Japanese {
        clinic.think(think(3.0, 8.0))?;
        clinic.touch(UiEvent::SelectLanguage(patient.language))?;
    }
    clinic.think(think(3.0, 8.0))?;
    clinic.touches = 0;
    clinic.more_time = 0;
    let placed = clinic.clock.now();
    clinic.place_card(patient.kind.profile())?;
    let mut path = Way::None;
    let mut wrong_typed = false;
    let mut lifted_once = false;
    let mut read_slowly = false;
    let mut walk = face::FaceWalk::default();
    let mut answered = false;
    let mut consented = false;
    let (outcome, done_at) = loop {
        let screen = clinic.screen.clone();
        match screen {
            Screen::Working => {
                clinic.until("the end of the kiosk's work", |s| *s != Screen::Working)?
            }
            Screen::Idle => {
                // The card was lifted before the end: put it back and start again (once).
                if patient.kind == Kind::LiftsEarly && lifted_once && clinic.card.is_some() {
                    clinic.think(think(4.0, 10.0))?;
                    if let Some(card) = clinic.card.as_mut() {
                        card.control("insert");
                    }
                    clinic.until("the card read again", |s| *s != Screen::Idle)?;
                    lifted_once = false;
                    continue;
                }
                break (Outcome::WalkedAway, clinic.clock.now());
            }
            Screen::MethodChoice {
                pin_available,
                face_available,
                ..
            } => {
                clinic.think(think(3.0, 8.0))?;
                clinic.touch(match (pin_available, face_available) {
                    (_, true) if patient.kind.chooses_face() => UiEvent::ChooseFace,
                    (true, _) => UiEvent::ChoosePin,
                    (false, _) => UiEvent::CallStaff,
                })?;
            }
            Screen::LastTryWarning { .. } => {
                clinic.think(think(4.0, 10.0))?;
                clinic.touch(UiEvent::ConfirmLastTry)?;
            }
            Screen::PinEntry { entered, .. } => {
                if patient.kind == Kind::SlowReader && !read_slowly {
                    read_slowly = true;
                    clinic.think(Duration::from_secs(75))?;
                    continue;
                }
                // Someone else with the holder's card (at a kiosk without face, straight to the
                // PIN pad) does not know the PIN either.
                if (patient.kind == Kind::PinForgotten && wrong_typed)
                    || patient.kind == Kind::FaceNotMatching
                {
                    clinic.think(think(5.0, 15.0))?;
                    clinic.touch(UiEvent::CallStaff)?;
                    continue;
                }
                for _ in 0..entered {
                    clinic.touch(UiEvent::PinBackspace)?;
                }
                let wrong = matches!(patient.kind, Kind::PinMistypedOnce | Kind::PinForgotten)
                    && !wrong_typed;
                wrong_typed |= wrong;
                // Four digits and 決定, about a second each.
                clinic.think(think(4.0, 8.0))?;
                let pin = if wrong { "9999" } else { patient.kind.pin() };
                for d in pin.bytes() {
                    clinic.touch(UiEvent::PinDigit(d - b'0'))?;
                }
                path = Way::Pin;
                clinic.touch(UiEvent::PinSubmit)?;
            }
            Screen::PhoneConfirm { .. } => {
                // The phone's holder confirms on the phone (myna-sim's [phone] patient) while
                // the worker asks it again and again.
                clinic.until("the phone's answer", |s| {
                    !matches!(s, Screen::PhoneConfirm { .. } | Screen::Working)
                })?;
            }
            Screen::Consent { individually, .. } => match patient.kind {
                _ if patient.kind == Kind::IphoneToken && path == Way::None => {
                    // Confirmed on the phone (the worker's polling ran without a pause).
                    path = Way::Iphone;
                }
                Kind::WalksAway => {
                    // Gone: the kiosk is alone until it gives up on the visit.
                    clinic.think(Duration::from_secs(5 * 60))?;
                    break (Outcome::WalkedAway, clinic.clock.now());
                }
                Kind::LiftsEarly if !consented && clinic.card.is_some() && !lifted_once => {
                    clinic.think(think(2.0, 5.0))?;
                    lifted_once = true;
                    consented = true;
                    if let Some(card) = clinic.card.as_mut() {
                        card.control("remove");
                    }
                    clinic.until("the idle screen after the early lift", |s| {
                        *s == Screen::Idle
                    })?;
                }
                _ => {
                    clinic.think(think(5.0, 15.0))?;
                    clinic.touch(match individually {
                        false => UiEvent::ConsentAll,
                        true => UiEvent::SubmitConsent,
                    })?;
                    answered = true;
                }
            },
            Screen::Result(result) => {
                // The grace path skips the consent screen: the gateway was asked all the same.
                answered = true;
                break (
                    Outcome::Done {
                        provisional: result.provisional_since.is_some(),
                    },
                    clinic.clock.now(),
                );
            }
            Screen::Notice(Notice::WrongPin { .. }) => {
                clinic.think(think(3.0, 8.0))?;
                clinic.touch(UiEvent::Finish)?;
            }
            Screen::Notice(notice) => {
                let at = clinic.clock.now();
                if walk.failed {
                    break (Outcome::Staff(FACE_FAILED.into()), at);
                }
                if walk.called_at_pad {
                    break (Outcome::Staff(CALLED_AT_PAD.into()), at);
                }
                // The grace path has no consent screen: a verified PIN goes to the gateway.
                answered |= patient.kind == Kind::InGrace && path == Way::Pin;
                match staff_reason(notice) {
                    Some(reason) => break (Outcome::Staff(reason.into()), at),
                    None => break (Outcome::WalkedAway, at),
                }
            }
            // The visit ended without a result (a screen left alone): only the card is asked for.
            Screen::TakeCard { .. } => break (Outcome::WalkedAway, clinic.clock.now()),
            // "Call staff?" in the middle of a visit: yes.
            Screen::ConfirmCallStaff => {
                clinic.think(think(1.0, 3.0))?;
                clinic.touch(UiEvent::CallStaff)?;
            }
            Screen::MoreTime { .. } => {
                clinic.more_time += 1;
                clinic.think(think(2.0, 5.0))?;
                clinic.touch(UiEvent::StillHere)?;
            }
            Screen::FaceCode { entry, problem } => {
                if patient.kind.chooses_face() {
                    path = Way::Face;
                }
                let typed = (entry.era.is_some(), entry.digits().len(), problem);
                face::code_pad(clinic, &patient, &mut walk, typed, &mut think)?;
            }
            // The day's kiosks read no card fronts (no OCR model loaded here): typed, as a
            // patient who prefers typing would.
            Screen::CardFront { .. } => clinic.touch(UiEvent::TypeInstead)?,
            Screen::PutCardBack { .. } => clinic.until("the card put back", |s| {
                !matches!(s, Screen::PutCardBack { .. })
            })?,
            // The camera's frames are checked one after the other without a wait for input;
            // the screen settles on what the last one led to.
            Screen::FaceCheck { .. } => clinic.until("the end of the face attempt", |s| {
                !matches!(s, Screen::FaceCheck { .. } | Screen::Working)
            })?,
            Screen::FaceRetry {
                can_retry,
                pin_available,
                ..
            } => face::retry(
                clinic,
                &patient,
                &mut walk,
                (can_retry, pin_available),
                &mut think,
            )?,
        }
    };
    let touches = clinic.touches;
    let more_time = clinic.more_time;
    // The patient reads the end, then takes the card and goes (a forgetful one leaves it,
    // as does one who walked away).
    let mut card_left = false;
    if clinic.card.is_some() {
        if patient.forgetful || patient.kind == Kind::WalksAway {
            card_left = true;
        } else {
            clinic.think(think(4.0, 10.0))?;
            clinic.lift_card()?;
        }
    }
    if card_left {
        // Alone with a card on it, the kiosk asks for it, then makes it a staff case.
        clinic.think(Duration::from_secs(2 * 60))?;
    }
    Ok(Visit {
        patient,
        outcome,
        path,
        touches,
        card_to_done: done_at - placed,
        card_left,
        more_time,
        answered,
    })
}
