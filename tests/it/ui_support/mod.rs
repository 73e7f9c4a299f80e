//! Shared by `tests/it/ui.rs`: a kittest harness around `ui::show_view` with the system fonts,
//! helpers that click or type and return the emitted events, and view fixtures.

use std::sync::OnceLock;

use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::code_b::CodeBEntry;
use myna_kiosk::reception::view::{
    FaceGuide, FaceMiss, FacePreview, FaceProblem, FrontGuide, Language, Languages, Notice,
    ResultView, ResultWarning, Screen, TurnSide, UiEvent, View,
};
use myna_kiosk::ui::egui::{Key, Role};
use myna_kiosk::ui::{self, I18n, LoadedFonts, RenderOptions, fonts, show_view};
use myna_kiosk::wareki::Era;

pub struct State {
    pub view: View,
    pub options: RenderOptions,
    pub events: Vec<UiEvent>,
}

pub fn i18n() -> &'static I18n {
    static I18N: OnceLock<I18n> = OnceLock::new();
    I18N.get_or_init(|| I18n::load().expect("translations load"))
}

/// The system fonts, loaded once. A missing font (Japanese, Chinese, Korean, Thai,
/// Devanagari): a failure in CI, a loud skip locally.
pub fn system_fonts() -> &'static LoadedFonts {
    static FONTS: OnceLock<LoadedFonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let loaded = fonts::load(&fonts::FontOptions::default());
        let ci = std::env::var_os("CI").is_some_and(|v| v == "true");
        if let Some(problem) = loaded.japanese_problem() {
            if ci {
                panic!("CI needs the Japanese font: {problem} (scripts/install-deps.sh)");
            }
            eprintln!(
                "\n*** WARNING: {problem}\n*** UI tests run with boxes for Japanese; \
                 run scripts/install-deps.sh to test the real glyphs ***\n"
            );
        }
        for language in Language::ALL {
            if let Some(problem) = loaded.problem_for(language) {
                if ci {
                    panic!(
                        "CI needs the font of {}: {problem} (scripts/install-deps.sh)",
                        language.tag()
                    );
                }
                eprintln!(
                    "\n*** WARNING: {} cannot be shown: {problem}\n*** its UI tests are \
                     SKIPPED; run scripts/install-deps.sh (fonts-noto-core fonts-noto-cjk) ***\n",
                    language.tag()
                );
            }
        }
        loaded
    })
}

/// Whether `language` can be tested with real glyphs here (always true in CI, where a missing
/// font already failed in [`system_fonts`]).
pub fn testable(language: Language) -> bool {
    system_fonts().languages.contains(language)
}

pub fn harness_with(view: View, options: RenderOptions) -> Harness<'static, State> {
    let fonts = system_fonts();
    let mut builder = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(move |ctx| ui::install(ctx, fonts));
    if fonts.languages != Languages::ALL {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_ui_state(
        |ui, state: &mut State| {
            show_view(ui, &state.view, i18n(), state.options, &mut state.events)
        },
        State {
            view,
            options,
            events: Vec::new(),
        },
    );
    settle(&mut harness);
    harness
}

pub fn harness(view: View) -> Harness<'static, State> {
    harness_with(view, RenderOptions::default())
}

/// Runs frames until nothing changes (a few fixed frames on the spinner screen, which animates).
pub fn settle(harness: &mut Harness<'static, State>) {
    if harness.state().view.screen == Screen::Working {
        harness.run_steps(3);
    } else {
        harness.run();
    }
}

pub fn view(language: Language, screen: Screen) -> View {
    View {
        language,
        screen,
        ..View::default()
    }
}

/// Clicks the node labelled `label` and returns the events that produced.
pub fn click(harness: &mut Harness<'static, State>, label: &str) -> Vec<UiEvent> {
    harness.state_mut().events.clear();
    harness.get_by_label(label).click();
    settle(harness);
    std::mem::take(&mut harness.state_mut().events)
}

/// Holds the pointer down on the node labelled `label` for `seconds` (in the harness's own
/// time: a frame is a quarter second), then lets go; returns the events that produced.
pub fn hold(harness: &mut Harness<'static, State>, label: &str, seconds: f32) -> Vec<UiEvent> {
    use myna_kiosk::ui::egui::{Event, Modifiers, PointerButton};
    harness.state_mut().events.clear();
    let pos = harness.get_by_label(label).rect().center();
    let button = |pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::default(),
    };
    harness.event(Event::PointerMoved(pos));
    harness.event(button(true));
    harness.step();
    for _ in 0..(seconds * 4.0).ceil() as usize {
        harness.step();
    }
    harness.event(button(false));
    harness.step();
    settle(harness);
    std::mem::take(&mut harness.state_mut().events)
}

pub fn press(harness: &mut Harness<'static, State>, key: Key) -> Vec<UiEvent> {
    harness.state_mut().events.clear();
    harness.key_press(key);
    settle(harness);
    std::mem::take(&mut harness.state_mut().events)
}

pub fn labels(harness: &Harness<'static, State>) -> Vec<String> {
    harness
        .query_all_by(|_| true)
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

pub fn buttons<'t>(harness: &'t Harness<'static, State>) -> Vec<Node<'t>> {
    harness
        .query_all_by(|n| matches!(n.role(), Role::Button | Role::CheckBox))
        .collect()
}

/// Every screen of the patient flow, with a text each language must show on it.
pub fn every_screen() -> Vec<(Screen, &'static str, &'static str)> {
    let mut screens = vec![
        (
            Screen::Idle,
            "マイナンバーカードを置いてください",
            "Please place your My Number Card",
        ),
        (
            Screen::Working,
            "カードを置いたまま、しばらくお待ちください。",
            "Please keep your card on the reader and wait a moment.",
        ),
        (
            Screen::MethodChoice {
                pin_available: true,
                face_available: false,
                tries_left: Some(3),
            },
            "本人確認の方法を選んでください",
            "How do you want to confirm who you are?",
        ),
        (
            Screen::PinEntry {
                entered: 2,
                tries_left: Some(3),
            },
            "暗証番号（数字4桁）を入力してください",
            "Enter your 4-digit PIN",
        ),
        (
            Screen::LastTryWarning {
                face_available: true,
            },
            "暗証番号の入力は、あと1回です",
            "Only one PIN try is left",
        ),
        (
            Screen::Consent {
                individually: false,
                selection: Consent::default(),
            },
            "全て同意する",
            "Agree to all",
        ),
        (
            Screen::Consent {
                individually: true,
                selection: Consent::default(),
            },
            "提供する情報を選んでください",
            "Choose what to share",
        ),
        (
            Screen::Result(result()),
            "受付が完了しました",
            "You are checked in",
        ),
        (
            Screen::TakeCard {
                leave: false,
                phone: false,
                timed_out: true,
            },
            "カードをお取りください",
            "Please take your card",
        ),
        (
            Screen::TakeCard {
                leave: true,
                phone: false,
                timed_out: false,
            },
            "カードはリーダーに置いたままにしてください",
            "Please leave your card on the reader",
        ),
        (
            Screen::ConfirmCallStaff,
            "スタッフを呼びますか？",
            "Call staff?",
        ),
        (
            Screen::FaceCode {
                entry: code_b_entry("3608042034"),
                problem: Some(FaceProblem::WrongCode { tries_left: 2 }),
            },
            "カードの表面を見て入力してください",
            "Type the numbers from the front of your card",
        ),
        (
            Screen::FaceCheck {
                attempt: 1,
                attempts: 3,
                guide: FaceGuide::TurnHead(TurnSide::Left),
                preview: Some(preview()),
            },
            "ゆっくり顔を左へ向けてください。",
            "Slowly turn your head to your left.",
        ),
        (
            Screen::CardFront {
                guide: FrontGuide::HoldStill,
                preview: None,
            },
            "カードを動かさずに持っていてください。",
            "Hold the card still.",
        ),
        (
            Screen::PutCardBack {
                seconds: 60,
                checking: false,
            },
            "カードをリーダーに戻してください",
            "Please put your card back on the reader",
        ),
        (
            Screen::FaceCode {
                entry: CodeBEntry::read_from_card(Era::Showa, b"36080420344817"),
                problem: None,
            },
            "カードから読み取った数字を確認してください",
            "Check the numbers read from your card",
        ),
        (
            Screen::MoreTime {
                seconds: 20,
                cleared: false,
            },
            "まだ続けますか？",
            "Do you need more time?",
        ),
        (
            Screen::FaceRetry {
                miss: FaceMiss::NotSamePerson,
                can_retry: true,
                pin_available: true,
            },
            "顔で確認できませんでした",
            "We could not confirm your face",
        ),
        (
            Screen::PhoneConfirm {
                seconds_left: Some(42),
            },
            "残り42秒",
            "Time left: 42 s",
        ),
    ];
    for notice in all_notices() {
        let (ja, en) = match notice {
            Notice::WrongPin { .. } => ("暗証番号が違います", "The PIN is not correct"),
            _ => ("OK", "OK"),
        };
        screens.push((Screen::Notice(notice), ja, en));
    }
    screens
}

/// 照合番号B typed so far, the era 昭和 chosen.
pub fn code_b_entry(digits: &str) -> CodeBEntry {
    let mut entry = CodeBEntry::default();
    entry.era = Some(Era::Showa);
    for d in digits.bytes() {
        entry.push(d - b'0');
    }
    entry
}

/// A small grey camera frame with a face box.
pub fn preview() -> FacePreview {
    FacePreview {
        width: 64,
        height: 48,
        rgb: std::sync::Arc::new(vec![120; 64 * 48 * 3]),
        face: Some([20, 10, 24, 28]),
    }
}

pub fn all_notices() -> [Notice; 15] {
    [
        Notice::NotMyNumberCard,
        Notice::CardRemoved,
        Notice::CardProblem,
        Notice::WrongPin { tries_left: 2 },
        Notice::PinLocked,
        Notice::CertificateExpired,
        Notice::NeedsStaff,
        Notice::Refused,
        Notice::GatewayUnreachable,
        Notice::FaceUnavailable,
        Notice::StaffCalled,
        Notice::SpeakToReception,
        Notice::TimedOut,
        Notice::PhoneCancelled,
        Notice::PhoneNoAnswer,
    ]
}

pub fn result() -> ResultView {
    ResultView {
        consent: Consent {
            medication_clinical: true,
            surgery: false,
            health_check: true,
        },
        warnings: vec![ResultWarning::CertificateExpiring {
            not_after: "2027-03-31".into(),
        }],
        provisional_since: None,
        phone: false,
    }
}
