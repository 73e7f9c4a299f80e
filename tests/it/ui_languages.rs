//! Every patient language on the touchscreen (egui_kittest, headless): the idle, PIN, consent
//! and result screens render in each of the thirteen languages with the installed Noto fonts
//! (the harness panics on a character no font can draw, so this also proves there are no
//! boxes), with no untranslated text, every button at least a finger wide and on screen, and
//! the language buttons show each language's name in its own script; the PIN path (method,
//! PIN pad, wrong PIN, last try, consent, result) is walked by its translated labels.
//!
//! A language whose font is missing fails in CI (`CI=true`); locally it is skipped after a loud
//! message (see `ui_support::system_fonts`).

use egui_kittest::kittest::{NodeT, Queryable};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::view::{Language, Languages, Screen, UiEvent};
use myna_kiosk::ui::egui::Role;
use myna_kiosk::ui::i18n::{Arg, Tr};
use myna_kiosk::ui::{RenderOptions, fonts, theme};

use crate::ui_support;
use ui_support::*;

/// The screens walked in every language, with the message each must show.
fn screens() -> Vec<(Screen, &'static str)> {
    vec![
        (Screen::Idle, "idle-title"),
        (
            Screen::PinEntry {
                entered: 2,
                tries_left: Some(3),
            },
            "pin-title",
        ),
        (
            Screen::Consent {
                individually: false,
                selection: Consent::default(),
            },
            "consent-all",
        ),
        (
            Screen::Consent {
                individually: true,
                selection: Consent {
                    surgery: true,
                    ..Consent::default()
                },
            },
            "consent-item-health-check",
        ),
        (Screen::Result(result()), "result-title"),
    ]
}

#[test]
fn idle_pin_consent_and_result_in_every_language() {
    let mut tested = 0;
    for language in Language::ALL {
        if !testable(language) {
            continue;
        }
        let tr = Tr::new(i18n(), language);
        for (screen, key) in screens() {
            let h = harness(view(language, screen.clone()));
            let context = format!("{} {screen:?}", language.tag());
            let expected = tr.get(key);
            assert!(
                h.query_by_label(&expected).is_some(),
                "{context}: no {expected:?} in {:?}",
                labels(&h)
            );
            let all = labels(&h);
            assert!(
                !all.iter().any(|l| l.contains('⟦')),
                "{context}: untranslated: {all:?}"
            );
            assert_eq!(
                h.query_all_by_label(&tr.get("call-staff")).count(),
                1,
                "{context}: call staff"
            );
            for node in buttons(&h) {
                let rect = node.rect();
                let label = node.accesskit_node().label();
                assert!(
                    rect.height() >= theme::MIN_TARGET && rect.width() >= theme::MIN_TARGET,
                    "{context}: {label:?} is {rect:?}, smaller than a finger"
                );
                assert!(
                    rect.left() >= -0.5
                        && rect.top() >= -0.5
                        && rect.right() <= 1280.5
                        && rect.bottom() <= 800.5,
                    "{context}: {label:?} at {rect:?} is off screen"
                );
            }
        }
        tested += 1;
    }
    assert!(tested > 0, "no language could be tested");
}

#[test]
fn the_code_pad_offers_meiji_and_tells_how_to_type_gannen_in_every_language() {
    let mut entry = myna_kiosk::reception::code_b::CodeBEntry::default();
    entry.era = Some(myna_kiosk::wareki::Era::Meiji);
    for d in "450729".bytes() {
        entry.push(d - b'0');
    }
    for language in Language::ALL.into_iter().filter(|l| testable(*l)) {
        let tr = Tr::new(i18n(), language);
        let screen = Screen::FaceCode {
            entry: entry.clone(),
            problem: None,
        };
        let mut h = harness(view(language, screen));
        let context = language.tag();
        h.get_by_label(&tr.get("face-code-first-year"));
        // The birth date read back: as the card prints it in Japanese, in the patient's own
        // words otherwise.
        let read_back = match language {
            Language::Japanese | Language::EasyJapanese => "明治45年7月29日".to_owned(),
            _ => tr.date("1912-07-29"),
        };
        h.get_by_label(&read_back);
        let all = labels(&h);
        assert!(
            !all.iter().any(|l| l.contains('⟦')),
            "{context}: untranslated: {all:?}"
        );
        // Five era buttons, all on screen.
        for node in buttons(&h) {
            let rect = node.rect();
            assert!(
                rect.right() <= 1280.5 && rect.bottom() <= 800.5,
                "{context}: {:?} at {rect:?} is off screen",
                node.accesskit_node().label()
            );
        }
        assert_eq!(
            click(&mut h, &tr.get("era-meiji")),
            [UiEvent::CodeEra(myna_kiosk::wareki::Era::Meiji)],
            "{context}"
        );
    }
}

#[test]
fn pin_path_texts_use_the_language_plurals() {
    for language in Language::ALL.into_iter().filter(|l| testable(*l)) {
        let tr = Tr::new(i18n(), language);
        for tries in [1u8, 2] {
            let h = harness(view(
                language,
                Screen::PinEntry {
                    entered: 0,
                    tries_left: Some(tries),
                },
            ));
            let text = tr.with("pin-tries-left", &[("tries", Arg::Num(tries.into()))]);
            assert!(
                text.contains(&tries.to_string()),
                "{}: {text}",
                language.tag()
            );
            h.get_by_label(&text);
        }
    }
}

#[test]
fn the_language_buttons_show_native_names_and_select() {
    for current in [Language::Japanese, Language::Thai, Language::Tagalog] {
        if !testable(current) {
            continue;
        }
        let mut h = harness(view(current, Screen::Idle));
        for language in Language::ALL.into_iter().filter(|l| testable(*l)) {
            let name = language.native_name();
            let button = h.get_by_role_and_label(Role::Button, name);
            let rect = button.rect();
            assert!(
                rect.height() >= theme::MIN_TARGET && rect.right() <= 1280.5,
                "{name}: {rect:?}"
            );
            assert_eq!(
                click(&mut h, name),
                [UiEvent::SelectLanguage(language)],
                "{name}"
            );
        }
        // The idle screen's text is still on screen under two rows of language buttons.
        let title = Tr::new(i18n(), current).get("idle-title");
        let rect = h.get_by_label(&title).rect();
        assert!(rect.bottom() < 800.0, "{}: {rect:?}", current.tag());
    }
    let names: Vec<_> = Language::ALL.iter().map(|l| l.native_name()).collect();
    assert_eq!(
        names,
        [
            "日本語",
            "やさしい日本語",
            "English",
            "简体中文",
            "繁體中文",
            "한국어",
            "Tiếng Việt",
            "Português",
            "Español",
            "Tagalog",
            "Bahasa Indonesia",
            "नेपाली",
            "ภาษาไทย",
        ]
    );
}

#[test]
fn a_language_without_its_font_is_hidden_and_reported_to_staff() {
    let options = RenderOptions {
        fonts: Languages::ALL.without(Language::Thai),
        ..RenderOptions::default()
    };
    let h = harness_with(view(Language::Japanese, Screen::Idle), options);
    assert!(
        h.query_by_label("ภาษาไทย").is_none(),
        "no boxes on a button"
    );
    h.get_by_label("नेपाली");
    h.get_by_label_contains("フォントがないため");
    h.get_by_label_contains("：th");
    // A patient language whose font vanished falls back to Japanese, not boxes.
    let h = harness_with(view(Language::Thai, Screen::Idle), options);
    h.get_by_label("マイナンバーカードを置いてください");
    // A language not configured is not offered, and is no staff concern.
    let options = RenderOptions {
        languages: Languages::from_tags(&["ja", "en"]).unwrap(),
        fonts: Languages::ALL.without(Language::Thai),
        ..RenderOptions::default()
    };
    let h = harness_with(view(Language::Japanese, Screen::Idle), options);
    assert!(h.query_by_label("नेपाली").is_none());
    assert!(h.query_by_label_contains("フォントがないため").is_none());
}

#[test]
fn each_language_gets_its_own_cjk_face_first() {
    let loaded = system_fonts();
    let families = &loaded.definitions.families;
    let position = |language: Language, face: &str| {
        families[&fonts::family(language, false)]
            .iter()
            .position(|f| f == face)
    };
    for (language, own) in [
        (Language::Japanese, "Jp"),
        (Language::EasyJapanese, "Jp"),
        (Language::ChineseSimplified, "Sc"),
        (Language::ChineseTraditional, "Tc"),
        (Language::Korean, "Kr"),
        (Language::Thai, "Thai"),
        (Language::Nepali, "Devanagari"),
    ] {
        if !testable(language) {
            continue;
        }
        let mine = position(language, own).expect("own face in the family");
        for other in ["Jp", "Sc", "Tc", "Kr", "Thai", "Devanagari"] {
            if let Some(theirs) = position(language, other) {
                assert!(
                    mine <= theirs,
                    "{}: {own} must come before {other}",
                    language.tag()
                );
            }
        }
        let bold = &families[&fonts::family(language, true)];
        assert!(bold.iter().any(|f| f == own), "{}: bold", language.tag());
    }
}

#[test]
fn the_pin_path_can_be_walked_in_every_language() {
    for language in Language::ALL.into_iter().filter(|l| testable(*l)) {
        let tr = Tr::new(i18n(), language);
        let tag = language.tag();
        let mut h = harness(view(
            language,
            Screen::MethodChoice {
                pin_available: true,
                face_available: true,
                tries_left: Some(3),
            },
        ));
        h.get_by_label(&tr.with("method-tries-left", &[("tries", Arg::Num(3))]));
        assert_eq!(
            click(&mut h, &tr.get("method-pin")),
            [UiEvent::ChoosePin],
            "{tag}"
        );
        let mut h = harness(view(
            language,
            Screen::PinEntry {
                entered: 4,
                tries_left: Some(3),
            },
        ));
        assert_eq!(
            click(&mut h, &tr.get("pin-delete")),
            [UiEvent::PinBackspace],
            "{tag}"
        );
        assert_eq!(
            click(&mut h, &tr.get("pin-submit")),
            [UiEvent::PinSubmit],
            "{tag}"
        );
        let mut h = harness(view(
            language,
            Screen::Notice(myna_kiosk::reception::view::Notice::WrongPin { tries_left: 1 }),
        ));
        h.get_by_label(&tr.with("notice-wrong-pin-detail", &[("tries", Arg::Num(1))]));
        assert_eq!(
            click(&mut h, &tr.get("notice-wrong-pin-retry")),
            [UiEvent::Finish],
            "{tag}"
        );
        let mut h = harness(view(
            language,
            Screen::LastTryWarning {
                face_available: true,
            },
        ));
        assert_eq!(
            click(&mut h, &tr.get("last-try-confirm")),
            [UiEvent::ConfirmLastTry],
            "{tag}"
        );
        let mut h = harness(view(
            language,
            Screen::Consent {
                individually: false,
                selection: Consent::default(),
            },
        ));
        assert_eq!(
            click(&mut h, &tr.get("consent-all")),
            [UiEvent::ConsentAll],
            "{tag}"
        );
        assert_eq!(
            click(&mut h, &tr.get("consent-none")),
            [UiEvent::ConsentNone],
            "{tag}"
        );
        // "Done" asks for nothing but the card; a phone is named as a phone.
        let h = harness(view(language, Screen::Result(result())));
        h.get_by_label(&tr.get("result-title"));
        h.get_by_label(&tr.get("take-card-title"));
        let h = harness(view(
            language,
            Screen::TakeCard {
                leave: false,
                phone: true,
                timed_out: false,
            },
        ));
        h.get_by_label(&tr.get("take-phone-title"));
        // "Call staff?" in the patient's language, its two answers too.
        let mut h = harness(view(language, Screen::ConfirmCallStaff));
        assert_eq!(
            click(&mut h, &tr.get("call-staff-confirm-back")),
            [UiEvent::Back],
            "{tag}"
        );
        assert_eq!(
            click(&mut h, &tr.get("call-staff")),
            [UiEvent::CallStaff],
            "{tag}"
        );
    }
}
