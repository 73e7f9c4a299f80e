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
use myna_kiosk::eligibility::protocol::ErrorCode;
use myna_kiosk::reception::desk::{
    Case, DocumentForm, LoginMessage, LoginResult, OutboxRow, StaffLanguage, StaffReason,
    StaffScreen, StaffView, VisitRow,
};
use myna_kiosk::reception::documents::{DocumentFacts, DocumentKind};
use myna_kiosk::reception::view::{
    DemoPanel, Language, Notice, ResultView, ResultWarning, Screen, View,
};
use myna_kiosk::ui::{UiOptions, run_window};

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
                ])),
            },
        ),
        (
            "outbox",
            StaffScreen::Outbox {
                member: member.clone(),
                entries: Some(Ok(vec![OutboxRow {
                    id: 7,
                    signed_at: "2026-11-26 09:15".into(),
                    attempts: 2,
                    next_attempt: "09:47".into(),
                }])),
                retried: Some(0),
            },
        ),
        (
            // The お知らせ without the card, in the transitional measure: every control shows.
            "documents",
            StaffScreen::Documents {
                member,
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
    ]
}

fn result(provisional: bool) -> ResultView {
    ResultView {
        name: "試験 花子".into(),
        insurer_name: "全国健康保険協会 東京支部".into(),
        insurer_number: "01130012".into(),
        copay_ratio: "030".into(),
        elderly_ratio: None,
        limit_category: Some("A03".into()),
        consent: Consent {
            medication_clinical: true,
            surgery: false,
            health_check: true,
            limit_certificate: true,
        },
        warnings: vec![ResultWarning::CertificateExpiring {
            not_after: "2027-03-31".into(),
        }],
        provisional_since: provisional.then(|| "2026-02-01".into()),
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
                    limit_certificate: false,
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
    ];
    let mut out = Vec::new();
    for language in Language::ALL {
        let all = matches!(language, Language::Japanese | Language::English);
        for (name, screen) in &main {
            if !all && !["idle", "pin", "consent-individually", "result"].contains(name) {
                continue;
            }
            let view = View {
                language,
                screen: screen.clone(),
                demo: None,
                staff: None,
            };
            out.push((format!("{}-{name}", language.tag()), view));
        }
    }
    out.push((
        "ja-demo".into(),
        View {
            language: Language::Japanese,
            screen: Screen::Idle,
            demo: Some(demo_panel()),
            staff: None,
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
                        screen,
                        cases_waiting: 3,
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
