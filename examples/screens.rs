//! Opens the real kiosk window and shows every main screen in turn, in Japanese and English (and
//! the idle, PIN, consent and result screens in every other language), for screenshots
//! (`scripts/screenshots.sh`). `SCREENS=th-,ne-idle` shows only the screens whose names start
//! with one of those prefixes. When a screen is on display it prints `SHOT <name>`
//! and waits for a line on standard input before showing the next; it prints `DONE` at the end.
//!
//! `cargo run --example screens` alone is a quick tour: press Enter in the terminal to go on.

use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::eligibility::protocol::{Assurance, CardData, ErrorCode};
use myna_kiosk::eligibility::protocol::{ConfirmationResult, QualificationResult};
use myna_kiosk::identity::face::{FaceConfig, FaceMatcher, Picture};
use myna_kiosk::reception::code_b::CodeBEntry;
use myna_kiosk::reception::desk::{
    CardPhoto, Case, DocumentForm, FaceOff, Health, LockedMember, LoginMessage, LoginResult,
    NumberField, NumberForm, OutboxRow, PhotoProblem, StaffAnswer, StaffLanguage, StaffReason,
    StaffScreen, StaffView, UnlockForm, VisitRow, VisualForm, VisualStep,
};
use myna_kiosk::reception::documents::{DocumentFacts, DocumentKind};
use myna_kiosk::reception::view::{
    Assist, CardPreview, DemoPanel, FaceGuide, FaceMiss, FacePreview, FrontGuide, Language, Notice,
    ResultView, ResultWarning, Screen, TurnSide, View,
};
use myna_kiosk::ui::{UiOptions, run_window};
use myna_kiosk::wareki::Era;

/// The staff desk's screens with sample lists.
fn staff_screens() -> Vec<(&'static str, StaffScreen)> {
    let member = "suzuki".to_string();
    let at = time::OffsetDateTime::now_utc();
    let cases = [
        StaffReason::PinLocked,
        StaffReason::Qualification(2),
        StaffReason::OfflineNoCache,
        StaffReason::GatewayRefused(ErrorCode::CertificateRevoked),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, reason)| Case {
        id: i as u32 + 1,
        at: at - time::Duration::minutes(3 * (4 - i as i64)),
        reason,
    })
    .collect();
    let visit = |time: &str, status: &str, provisional, waiting| VisitRow {
        time: time.into(),
        method: "pin".into(),
        status: status.into(),
        provisional,
        waiting,
        assurance: Some(Assurance::CardSignature),
        card_data: None,
    };
    // PIN-less: what the card data rests on is shown next to the assurance.
    let pinless = |time: &str, method: &str, card_data| VisitRow {
        method: method.into(),
        assurance: Some(Assurance::KioskAttestation),
        card_data: Some(card_data),
        ..visit(time, "confirmed", false, false)
    };
    vec![
        (
            "login",
            StaffScreen::Login {
                members: vec!["suzuki".into(), "tanaka".into(), "yamada".into()],
                selected: Some(0),
                entered: 4,
                message: Some(LoginMessage::Result(LoginResult::Wrong { tries_left: 4 })),
            },
        ),
        (
            "cases",
            StaffScreen::Cases {
                member: member.clone(),
                cases,
            },
        ),
        (
            "today",
            StaffScreen::Today {
                member: member.clone(),
                visits: Some(Ok(vec![
                    visit("09:02", "confirmed", false, false),
                    visit("09:15", "provisional", true, true),
                    visit("09:21", "needs_staff", true, true),
                    pinless("09:34", "face", CardData::IssuerVerified),
                    pinless("09:40", "staff_visual", CardData::NotVerified),
                ])),
            },
        ),
        (
            "outbox",
            StaffScreen::Outbox {
                member: member.clone(),
                entries: Some(Ok(vec![OutboxRow {
                    id: 7,
                    method: "pin".into(),
                    signed_at: "2026-11-26 09:15".into(),
                    attempts: 2,
                    next_attempt: "09:47".into(),
                    assurance: Assurance::CardSignature,
                }])),
                retried: Some(0),
            },
        ),
        (
            // The お知らせ without the card, in the transitional measure: every control shows.
            "documents",
            StaffScreen::Documents {
                member: member.clone(),
                form: DocumentForm {
                    visit_date: Some(time::macros::date!(2026 - 01 - 10)),
                    kind: Some(DocumentKind::QualificationInfoNotice),
                    facts: DocumentFacts {
                        card_present: false,
                        document_expiry: Some(time::macros::date!(2026 - 07 - 31)),
                        old_card_valid_until: None,
                    },
                    recorded: false,
                },
            },
        ),
        (
            "numbers",
            StaffScreen::Numbers {
                member: member.clone(),
                form: number_form(),
            },
        ),
        (
            "visual-code",
            StaffScreen::Visual {
                member: member.clone(),
                form: code_b_form(),
            },
        ),
        (
            "visual-compare",
            StaffScreen::Visual {
                member: member.clone(),
                form: VisualForm {
                    step: VisualStep::Compare(card_photo()),
                    ..VisualForm::default()
                },
            },
        ),
        (
            // An admin signed in: one member locked out for good, one for a few minutes.
            "unlock",
            StaffScreen::Unlock {
                member,
                form: UnlockForm {
                    locked: Some(Ok(vec![
                        LockedMember {
                            name: "tanaka".into(),
                            needs_admin: true,
                            until: None,
                        },
                        LockedMember {
                            name: "yamada".into(),
                            needs_admin: false,
                            until: Some("10:05".into()),
                        },
                    ])),
                    waiting: false,
                    done: None,
                },
            },
        ),
    ]
}

/// The numbers of the fixture 国保 person, answered by the gateway.
fn number_form() -> NumberForm {
    let mut form = NumberForm::default();
    for (field, text) in [
        (NumberField::InsurerNumber, "138016"),
        (NumberField::Symbol, "千代田"),
        (NumberField::Number, "4567"),
        (NumberField::Branch, "01"),
        (NumberField::BirthDate, "1975-08-15"),
    ] {
        form.set(field, text);
    }
    let person = QualificationResult {
        insurer_number: "138016".into(),
        insurer_name: "千代田区".into(),
        insured_card_symbol: Some("千代田".into()),
        insured_identification_number: "4567".into(),
        insured_branch_number: Some("01".into()),
        name: "試験　竹男".into(),
        name_kana: "ｼｹﾝ ﾀｹｵ".into(),
        birthdate: "1975-08-15".into(),
        insured_partial_contribution_ratio: "030".into(),
        ..QualificationResult::default()
    };
    form.answer = Some(StaffAnswer::Answered {
        result: Box::new(ConfirmationResult {
            request_id: "0".into(),
            qualification_confirmation_date: "2026-11-26".into(),
            processed_at: "2026-11-26T00:00:00Z".into(),
            processing_result_status: "1".into(),
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: "1".into(),
            results: vec![person],
            consent: Default::default(),
            warnings: vec![],
        }),
        terminal: false,
    });
    form
}

/// 照合番号B half typed, after the card refused a first try.
fn code_b_form() -> VisualForm {
    let mut form = VisualForm::default();
    form.code.era = Some(Era::Showa);
    for d in [5, 0, 0, 8, 1, 5, 2, 0, 3, 3] {
        form.push(d);
    }
    form.problem = Some(PhotoProblem::WrongCode { tries_left: 2 });
    form
}

/// A frame of the face-test sequence (scripts/fetch-models.sh) with the box the detector finds.
fn face_frame() -> Option<FacePreview> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("fixtures/faces/sequence/picture_left/03.png")).ok()?;
    let frame = Picture::decode(&bytes).ok()?;
    let config = FaceConfig {
        models_dir: root.join("assets/models"),
        ..FaceConfig::default()
    };
    let face = FaceMatcher::load(&config)
        .ok()
        .and_then(|m| m.detect(&frame).ok())
        .and_then(|faces| faces.into_iter().next())
        .map(|d| [d.left, d.top, d.width, d.height].map(|v| v.max(0.0) as u32));
    Some(FacePreview {
        width: frame.width(),
        height: frame.height(),
        rgb: std::sync::Arc::new(frame.rgb().to_vec()),
        face,
    })
}

/// A camera frame with a card held up (a light card-sized box on a dark room, drawn here: no
/// real card image is ever committed), and its outline as the reader finds it.
fn card_preview() -> CardPreview {
    // A 1280×720 card-front frame as the worker hands it to the screen: 640 wide.
    let (width, height) = (640u32, 360u32);
    let (left, top, right, bottom) = (130u32, 54u32, 510u32, 294u32);
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let on_card = (left..right).contains(&x) && (top..bottom).contains(&y);
            let photo = on_card && x > right - 110 && (top + 30..top + 170).contains(&y);
            let grey = match (on_card, photo) {
                (true, true) => 150,
                (true, false) => 225,
                _ => 60 + ((x / 40 + y / 40) % 2) as u8 * 12,
            };
            rgb.extend([grey, grey, grey.saturating_add(6)]);
        }
    }
    CardPreview {
        width,
        height,
        rgb: std::sync::Arc::new(rgb),
        outline: Some([[left, top], [right, top], [right, bottom], [left, bottom]]),
    }
}

/// The fixture cards' synthetic portrait, decoded as the desk shows it.
fn card_photo() -> CardPhoto {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cards/images/portrait.jp2"
    );
    let bytes = std::fs::read(path).unwrap_or_default();
    match Picture::decode_jpeg2000(&bytes) {
        Ok(picture) => CardPhoto {
            width: picture.width(),
            height: picture.height(),
            rgb: zeroize::Zeroizing::new(picture.rgb().to_vec()),
        },
        Err(e) => {
            eprintln!("screens: {path}: {e}");
            CardPhoto {
                width: 1,
                height: 1,
                rgb: zeroize::Zeroizing::new(vec![128; 3]),
            }
        }
    }
}

fn result(provisional: bool) -> ResultView {
    ResultView {
        consent: Consent {
            medication_clinical: true,
            surgery: false,
            health_check: true,
        },
        warnings: vec![ResultWarning::CertificateExpiring {
            not_after: "2027-03-31".into(),
        }],
        provisional_since: provisional.then(|| "2026-02-01".into()),
        phone: false,
    }
}

/// A result while the certificate is in its grace: eligibility only, nothing shared.
fn result_in_grace() -> ResultView {
    ResultView {
        consent: Consent::default(),
        warnings: vec![ResultWarning::CertificateInGrace {
            not_after: "2026-11-02".into(),
        }],
        ..result(false)
    }
}

fn demo_panel() -> DemoPanel {
    let profiles = [
        ("normal", "PIN 1234, 3 tries"),
        ("expiring-soon", "certificate expires in 60 days"),
        ("expired-recently", "expired 30 days ago (grace)"),
        ("no-pin", "issued without a PIN"),
        ("one-try-left", "PIN 1234, 1 try left"),
        ("pin-locked", "PIN locked"),
        ("foreign-card", "not a My Number Card"),
    ];
    DemoPanel {
        profiles: profiles
            .iter()
            .map(|(n, d)| (n.to_string(), d.to_string()))
            .collect(),
        inserted: Some(0),
    }
}

fn screens() -> Vec<(String, View)> {
    let main: Vec<(&str, Screen)> = vec![
        ("idle", Screen::Idle),
        ("working", Screen::Working),
        (
            "method",
            Screen::MethodChoice {
                pin_available: true,
                face_available: false,
                tries_left: Some(3),
            },
        ),
        (
            "pin",
            Screen::PinEntry {
                entered: 2,
                tries_left: Some(3),
            },
        ),
        (
            "last-try",
            Screen::LastTryWarning {
                face_available: false,
            },
        ),
        (
            "consent",
            Screen::Consent {
                individually: false,
                selection: Consent::default(),
            },
        ),
        (
            "consent-individually",
            Screen::Consent {
                individually: true,
                selection: Consent {
                    medication_clinical: true,
                    surgery: false,
                    health_check: true,
                },
            },
        ),
        ("result", Screen::Result(result(false))),
        ("result-provisional", Screen::Result(result(true))),
        (
            "notice-wrong-pin",
            Screen::Notice(Notice::WrongPin { tries_left: 2 }),
        ),
        ("notice-needs-staff", Screen::Notice(Notice::NeedsStaff)),
        ("notice-juki-card", Screen::Notice(Notice::JukiCard)),
        (
            "notice-certificate-expired",
            Screen::Notice(Notice::CertificateExpired),
        ),
        ("result-grace", Screen::Result(result_in_grace())),
        (
            "take-card",
            Screen::TakeCard {
                leave: false,
                phone: false,
                timed_out: false,
            },
        ),
        (
            "take-card-timed-out",
            Screen::TakeCard {
                leave: false,
                phone: false,
                timed_out: true,
            },
        ),
        (
            "leave-card",
            Screen::TakeCard {
                leave: true,
                phone: false,
                timed_out: false,
            },
        ),
        ("notice-pin-locked", Screen::Notice(Notice::PinLocked)),
        ("call-staff-confirm", Screen::ConfirmCallStaff),
        (
            "more-time",
            Screen::MoreTime {
                seconds: 20,
                cleared: false,
            },
        ),
        (
            "method-face",
            Screen::MethodChoice {
                pin_available: false,
                face_available: true,
                tries_left: Some(0),
            },
        ),
        (
            "face-code",
            Screen::FaceCode {
                entry: {
                    let mut entry = CodeBEntry::default();
                    entry.era = Some(Era::Showa);
                    for d in [3, 6, 0, 8, 0, 4, 2, 0, 3, 4] {
                        entry.push(d);
                    }
                    entry
                },
                problem: None,
            },
        ),
        (
            "card-front",
            Screen::CardFront {
                guide: FrontGuide::HoldStill,
                preview: Some(card_preview()),
            },
        ),
        (
            "put-card-back",
            Screen::PutCardBack {
                seconds: 60,
                checking: false,
            },
        ),
        (
            "face-code-read",
            Screen::FaceCode {
                entry: CodeBEntry::read_from_card(Era::Showa, b"36080420344817"),
                problem: None,
            },
        ),
        (
            "face-check",
            Screen::FaceCheck {
                attempt: 1,
                attempts: 3,
                guide: FaceGuide::TurnHead(TurnSide::Right),
                preview: face_frame(),
            },
        ),
        (
            "face-retry",
            Screen::FaceRetry {
                miss: FaceMiss::NotSamePerson,
                can_retry: true,
                pin_available: true,
            },
        ),
        (
            "phone",
            Screen::PhoneConfirm {
                seconds_left: Some(42),
            },
        ),
        (
            "notice-phone-cancelled",
            Screen::Notice(Notice::PhoneCancelled),
        ),
        (
            "notice-phone-no-answer",
            Screen::Notice(Notice::PhoneNoAnswer),
        ),
        (
            "notice-speak-to-reception",
            Screen::Notice(Notice::SpeakToReception),
        ),
    ];
    let mut out = Vec::new();
    for language in Language::ALL {
        let all = matches!(
            language,
            Language::Japanese
                | Language::EasyJapanese
                | Language::English
                | Language::Thai
                | Language::Nepali
        );
        for (name, screen) in &main {
            if !all && !["idle", "pin", "consent-individually", "result", "phone"].contains(name) {
                continue;
            }
            let view = View {
                language,
                screen: screen.clone(),
                ..View::default()
            };
            out.push((format!("{}-{name}", language.tag()), view));
        }
    }
    // The aids the patient can turn on: high contrast, large text, both.
    for (name, large_text, high_contrast, screen) in [
        ("ja-idle-contrast", false, true, Screen::Idle),
        ("en-pin-contrast", false, true, main[3].1.clone()),
        (
            "ja-consent-individually-contrast",
            false,
            true,
            main[6].1.clone(),
        ),
        ("th-result-contrast", false, true, main[7].1.clone()),
        ("ja-idle-large", true, false, Screen::Idle),
        ("ne-pin-large", true, false, main[3].1.clone()),
        ("en-result-large-contrast", true, true, main[7].1.clone()),
    ] {
        let language = Language::ALL
            .into_iter()
            .find(|l| name.starts_with(&format!("{}-", l.tag())))
            .unwrap_or_default();
        let assist = Assist {
            large_text,
            high_contrast,
            audio: true,
        };
        out.push((
            name.into(),
            View {
                language,
                assist,
                screen,
                ..View::default()
            },
        ));
    }
    out.push((
        "ja-demo".into(),
        View {
            demo: Some(demo_panel()),
            ..View::default()
        },
    ));
    for (tag, language) in [
        ("ja", StaffLanguage::Japanese),
        ("en", StaffLanguage::English),
    ] {
        for (name, screen) in staff_screens() {
            out.push((
                format!("{tag}-staff-{name}"),
                View {
                    staff: Some(StaffView {
                        language,
                        // The cases page shows the face note as a kiosk without a camera would.
                        face_off: (name == "cases").then_some(FaceOff::NoCamera),
                        card_front_off: false,
                        health: (name == "cases").then(|| Health {
                            reader: Some(true),
                            gateway: Some((true, "09:41".into())),
                            face_off: Some(FaceOff::NoCamera),
                            // As a kiosk installed with the defaults: no call mechanism.
                            staff_call: false,
                            outbox: Ok(1),
                            // As in docs/screenshots, taken before kiosk enrolment.
                            key: None,
                        }),
                        screen,
                        cases_waiting: 3,
                        // The sample member is an admin: the unlock tab shows on every page.
                        admin: true,
                    }),
                    ..View::default()
                },
            ));
        }
    }
    let wanted: Vec<String> = std::env::var("SCREENS")
        .map(|v| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    out.retain(|(name, _)| wanted.is_empty() || wanted.iter().any(|w| name.starts_with(w)));
    out
}

fn main() -> ExitCode {
    myna_kiosk::logging::init("warn");
    let options = UiOptions {
        fullscreen: false,
        audio_dir: Some("assets/audio".into()),
        ..UiOptions::default()
    };
    let result = run_window(options, |repaint| {
        let (view_tx, view_rx) = mpsc::channel();
        let (event_tx, event_rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Touches are printed, not acted on.
            std::thread::spawn(move || {
                for event in event_rx {
                    eprintln!("event: {event:?}");
                }
            });
            let stdin = std::io::stdin();
            let mut lines = stdin.lock().lines();
            for (name, view) in screens() {
                if view_tx.send(view).is_err() {
                    return;
                }
                repaint.request();
                // Let the window draw it (software GL under Xvfb is slow).
                std::thread::sleep(Duration::from_millis(700));
                repaint.request();
                std::thread::sleep(Duration::from_millis(300));
                println!("SHOT {name}");
                let _ = std::io::stdout().flush();
                if !matches!(lines.next(), Some(Ok(_))) {
                    break;
                }
            }
            println!("DONE");
            let _ = std::io::stdout().flush();
            // Keep the window open on the last screen until it is closed.
            std::thread::park();
            drop(view_tx);
        });
        (view_rx, event_tx)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("screens: {e}");
            ExitCode::FAILURE
        }
    }
}
