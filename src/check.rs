//! `myna-kiosk check`: the patient flow without a screen, for integrators. It drives the same
//! [`Flow`] and [`Worker`] as the app, answering each screen from the command line, and reports
//! one JSON object (docs/design.md, "Names and command-line contracts").

use std::collections::VecDeque;

use serde::Serialize;

use crate::card::AuthPin;
use crate::eligibility::protocol::{Consent, ConsentRecord, QualificationResult, Warning};
use crate::reception::desk::StaffReason;
use crate::reception::flow::{Effect, Event, Flow, State};
use crate::reception::view::{ConsentItem, Notice, Screen, UiEvent};
use crate::reception::worker::{CardAccess, Gateway, Source, Worker};

/// Exit codes of docs/design.md.
pub mod exit {
    pub const CONFIRMED: u8 = 0;
    pub const NEEDS_STAFF: u8 = 2;
    pub const WRONG_PIN: u8 = 3;
    pub const PIN_LOCKED: u8 = 4;
    pub const CARD_PROBLEM: u8 = 5;
    pub const GATEWAY_UNREACHABLE: u8 = 6;
    pub const USAGE: u8 = 64;
}

/// One word of `--consent SPEC`: `all`, `none`, or one of the three viewing categories (a comma
/// list of them). The 限度額 information is no longer a consent on the card path (always asked
/// for and returned, docs/domain/eligibility.md §1.4): `limit_certificate` is still taken, and
/// refused with a usage error that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ConsentWord {
    /// The three categories.
    All,
    /// None of them (the default).
    None,
    /// 診療・薬剤情報.
    #[value(name = "medication_clinical")]
    MedicationClinical,
    /// 手術情報.
    Surgery,
    /// 特定健診情報.
    #[value(name = "health_check")]
    HealthCheck,
    /// No longer a consent (2024-10-07): a usage error.
    #[value(name = "limit_certificate", hide = true)]
    LimitCertificate,
}

const CONSENT_WORDS: &str = "use all, none, or medication_clinical, surgery, health_check";

/// The consent a `--consent` list gives; `all` and `none` stand alone.
pub fn consent_from_words(words: &[ConsentWord]) -> Result<Consent, String> {
    match words {
        [] | [ConsentWord::None] => return Ok(Consent::default()),
        [ConsentWord::All] => return Ok(Consent::ALL),
        _ => {}
    }
    let mut consent = Consent::default();
    for word in words {
        match word {
            ConsentWord::MedicationClinical => consent.medication_clinical = true,
            ConsentWord::Surgery => consent.surgery = true,
            ConsentWord::HealthCheck => consent.health_check = true,
            ConsentWord::LimitCertificate => {
                return Err(format!(
                    "limit_certificate is no longer a consent: since 2024-10-07 the 限度額 information is always asked for and returned on the card path; {CONSENT_WORDS}"
                ));
            }
            ConsentWord::All | ConsentWord::None => {
                return Err(format!(
                    "all and none stand alone in --consent: {CONSENT_WORDS}"
                ));
            }
        }
    }
    Ok(consent)
}

/// The usage error for a `--consent` word that is none of [`ConsentWord`].
pub fn unknown_consent(word: &str) -> String {
    format!("unknown consent {word:?}: {CONSENT_WORDS}")
}

pub struct CheckOptions {
    /// The PIN from standard input; `None` when none was given (an iPhone needs none: its
    /// holder confirms on the phone, and a PIN given for one is never sent).
    pub pin: Option<AuthPin>,
    pub consent: Consent,
    /// The patient's explicit "yes" for the last PIN try (`--confirm-last-try`).
    pub confirm_last_try: bool,
}

#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// `confirmed`, `needs_staff`, `refused`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// `true` for an answer from the cache (the gateway could not be reached): it is the last
    /// confirmation, not today's, as the screen says too.
    pub provisional: bool,
    /// For a cached answer: when the gateway gave the confirmation it came from (RFC 3339).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub as_of: Option<time::OffsetDateTime>,
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualification_validity: Option<String>,
    pub results: Vec<QualificationResult>,
    pub consent: ConsentReport,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
    #[serde(skip)]
    pub exit_code: u8,
}

#[derive(Debug, Serialize)]
pub struct ConsentReport {
    #[serde(flatten)]
    pub given: Consent,
    /// As recorded by the gateway, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<ConsentRecord>,
}

#[derive(Debug, Serialize)]
pub struct ErrorReport {
    pub code: &'static str,
    pub message: String,
}

/// Runs one visit: card inserted → … → a result or a notice.
pub fn run<C: CardAccess, G: Gateway>(
    worker: &mut Worker<C, G>,
    options: CheckOptions,
) -> CheckReport {
    let mut referred = None;
    let mut report = visit(worker, options, &mut referred);
    // The patient's notice ("could not be used") is the gateway's refusal's; say which it was.
    if referred == Some(StaffReason::OfflineCardCheckFailed) {
        report.error = Some(ErrorReport {
            code: "card_check_failed",
            message: "offline, the card's signature or certificate did not pass the kiosk's own \
                      check: no cached answer, nothing queued"
                .into(),
        });
    }
    report
}

fn visit<C: CardAccess, G: Gateway>(
    worker: &mut Worker<C, G>,
    options: CheckOptions,
    referred: &mut Option<StaffReason>,
) -> CheckReport {
    let mut flow = Flow::default();
    let pin_given = options.pin.is_some();
    let mut pin = options.pin;
    let mut method = "pin";
    let mut queue = VecDeque::from([Event::CardInserted]);
    let mut steps = 0;
    while let Some(event) = queue.pop_front() {
        for effect in flow.step(event) {
            if let Effect::ReferToStaff(reason) = effect {
                *referred = Some(reason);
            }
            queue.extend(worker.run(effect));
        }
        // An iPhone: the patient confirms on the phone while the worker asks it.
        if matches!(flow.state, State::PhoneConfirm { .. }) {
            method = "iphone";
        }
        if !queue.is_empty() {
            continue;
        }
        steps += 1;
        let answer = match flow.view().screen {
            Screen::MethodChoice { .. } => UiEvent::ChoosePin,
            Screen::LastTryWarning { .. } if options.confirm_last_try => UiEvent::ConfirmLastTry,
            Screen::LastTryWarning { .. } => {
                return finish(
                    worker,
                    options.consent,
                    method,
                    Outcome::LastTryNotConfirmed,
                );
            }
            Screen::PinEntry { .. } => match pin.take() {
                // One entry: the digits, then submit. A second PIN screen means the first was wrong.
                Some(pin) => {
                    for digit in pin.digits() {
                        let _ = flow.step(Event::Ui(UiEvent::PinDigit(digit)));
                    }
                    UiEvent::PinSubmit
                }
                None if !pin_given => {
                    return finish(worker, options.consent, method, Outcome::PinNeeded);
                }
                None => {
                    return finish(
                        worker,
                        options.consent,
                        method,
                        Outcome::Notice(Notice::WrongPin { tries_left: 0 }),
                    );
                }
            },
            Screen::Consent {
                individually: false,
                ..
            } if options.consent == Consent::ALL => UiEvent::ConsentAll,
            Screen::Consent {
                individually: false,
                ..
            } => UiEvent::ConsentIndividually,
            Screen::Consent {
                individually: true,
                selection,
            } => {
                let toggle = ConsentItem::ALL
                    .into_iter()
                    .find(|item| item.get(&selection) != item.get(&options.consent));
                match toggle {
                    Some(item) => UiEvent::ToggleConsent(item),
                    None => UiEvent::SubmitConsent,
                }
            }
            // The consent actually given: none while the certificate is in its grace.
            Screen::Result(view) => {
                return finish(worker, view.consent, method, Outcome::Confirmed);
            }
            Screen::Notice(notice) => {
                return finish(worker, options.consent, method, Outcome::Notice(notice));
            }
            // `check` never calls staff; were it asked, it would not.
            Screen::ConfirmCallStaff => UiEvent::Back,
            // `check` confirms by PIN only: its flow never offers face.
            Screen::MoreTime { .. } | Screen::TakeCard { .. } => {
                return finish(
                    worker,
                    options.consent,
                    method,
                    Outcome::Notice(Notice::TimedOut),
                );
            }
            Screen::FaceCode { .. }
            | Screen::FaceCheck { .. }
            | Screen::FaceRetry { .. }
            | Screen::CardFront { .. }
            | Screen::PutCardBack { .. } => {
                return finish(
                    worker,
                    options.consent,
                    method,
                    Outcome::Notice(Notice::FaceUnavailable),
                );
            }
            // The worker's chain ends only when the phone answered or the wait ran out.
            Screen::Idle | Screen::Working | Screen::PhoneConfirm { .. } => {
                return finish(
                    worker,
                    options.consent,
                    method,
                    Outcome::Notice(Notice::CardRemoved),
                );
            }
        };
        if steps > 32 {
            return finish(
                worker,
                options.consent,
                method,
                Outcome::Notice(Notice::CardProblem),
            );
        }
        queue.push_back(Event::Ui(answer));
    }
    finish(
        worker,
        options.consent,
        method,
        Outcome::Notice(Notice::CardProblem),
    )
}

enum Outcome {
    Confirmed,
    LastTryNotConfirmed,
    /// The card needs a PIN and `check` was given none.
    PinNeeded,
    Notice(Notice),
}

fn finish<C: CardAccess, G: Gateway>(
    worker: &mut Worker<C, G>,
    given: Consent,
    method: &'static str,
    outcome: Outcome,
) -> CheckReport {
    let (answer, source) = match worker.last_answer.take() {
        Some((answer, source)) => (Some(answer), Some(source)),
        None => (None, None),
    };
    let (status, exit_code, error) = match outcome {
        Outcome::Confirmed => ("confirmed", exit::CONFIRMED, None),
        Outcome::LastTryNotConfirmed => (
            "needs_staff",
            exit::NEEDS_STAFF,
            Some((
                "last_try_not_confirmed",
                "one PIN try left: pass --confirm-last-try to spend it".to_string(),
            )),
        ),
        Outcome::PinNeeded => (
            "needs_staff",
            exit::USAGE,
            Some((
                "pin_needed",
                "this card needs its PIN: pass --pin-stdin".to_string(),
            )),
        ),
        Outcome::Notice(notice) => notice_outcome(notice),
    };
    let as_of = match source {
        Some(Source::Cache { confirmed_at }) => Some(confirmed_at),
        _ => None,
    };
    let source = source.map(|source| match source {
        Source::Gateway => "gateway",
        Source::Cache { .. } => "cache",
    });
    CheckReport {
        status,
        source,
        provisional: as_of.is_some(),
        as_of,
        method,
        qualification_validity: answer.as_ref().map(|a| a.qualification_validity.clone()),
        results: answer
            .as_ref()
            .map(|a| a.results.clone())
            .unwrap_or_default(),
        consent: ConsentReport {
            given,
            record: answer.as_ref().map(|a| a.consent.clone()),
        },
        warnings: answer.map(|a| a.warnings).unwrap_or_default(),
        error: error.map(|(code, message)| ErrorReport { code, message }),
        exit_code,
    }
}

fn notice_outcome(notice: Notice) -> (&'static str, u8, Option<(&'static str, String)>) {
    let (status, exit_code, code, message) = match notice {
        Notice::WrongPin { .. } => (
            "needs_staff",
            exit::WRONG_PIN,
            "wrong_pin",
            "wrong PIN; no retry was made",
        ),
        Notice::PinLocked => (
            "needs_staff",
            exit::PIN_LOCKED,
            "pin_locked",
            "the PIN is locked or was never set: face or staff only",
        ),
        Notice::NotMyNumberCard => (
            "needs_staff",
            exit::CARD_PROBLEM,
            "not_my_number_card",
            "this card is not a My Number Card",
        ),
        Notice::CardRemoved => (
            "needs_staff",
            exit::CARD_PROBLEM,
            "card_removed",
            "the card was removed",
        ),
        Notice::CardProblem => (
            "needs_staff",
            exit::CARD_PROBLEM,
            "card_error",
            "the card could not be read",
        ),
        Notice::CertificateExpired => (
            "refused",
            exit::NEEDS_STAFF,
            "certificate_expired",
            "the auth certificate has expired and its grace has ended (smartphones have none)",
        ),
        Notice::JukiCard => (
            "refused",
            exit::CARD_PROBLEM,
            "juki_card",
            "a 住基カード cannot be used as a health insurance card: use the My Number Card or a 資格確認書",
        ),
        Notice::NeedsStaff => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "needs_staff",
            "the result needs staff (not a plain valid single match)",
        ),
        Notice::Refused => (
            "refused",
            exit::NEEDS_STAFF,
            "refused",
            "the gateway refused the confirmation",
        ),
        Notice::GatewayUnreachable => (
            "needs_staff",
            exit::GATEWAY_UNREACHABLE,
            "gateway_unreachable",
            "the gateway cannot be reached and nothing is cached",
        ),
        Notice::FaceUnavailable => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "face_unavailable",
            "face confirmation is not available",
        ),
        Notice::CardPhotoUnproven => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "card_photo_unproven",
            "the card photo is not proven by the issuer key",
        ),
        Notice::StaffCalled | Notice::SpeakToReception => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "staff_called",
            "staff called",
        ),
        Notice::TimedOut => ("needs_staff", exit::NEEDS_STAFF, "timed_out", "timed out"),
        Notice::PhoneCancelled => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "phone_cancelled",
            "the patient cancelled on the iPhone",
        ),
        Notice::PhoneNoAnswer => (
            "needs_staff",
            exit::NEEDS_STAFF,
            "phone_no_answer",
            "the iPhone gave no confirmation in time",
        ),
    };
    (status, exit_code, Some((code, message.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_words() {
        use ConsentWord::*;
        assert_eq!(consent_from_words(&[All]).unwrap(), Consent::ALL);
        assert_eq!(consent_from_words(&[None]).unwrap(), Consent::default());
        assert_eq!(consent_from_words(&[]).unwrap(), Consent::default());
        let c = consent_from_words(&[Surgery, HealthCheck]).unwrap();
        assert!(c.surgery && c.health_check && !c.medication_clinical);
        let e = consent_from_words(&[Surgery, LimitCertificate]).unwrap_err();
        assert!(
            e.contains("no longer a consent") && e.contains("always"),
            "{e}"
        );
        let e = consent_from_words(&[Surgery, All]).unwrap_err();
        assert!(e.contains("stand alone"), "{e}");
        assert!(unknown_consent("teeth").contains("\"teeth\""));
    }
}
