//! The "confirm on your iPhone" screen (egui_kittest, headless): its picture and texts, the
//! countdown, no PIN pad, the cancel button and the Escape key, in every language.

use crate::ui_support;

use eframe::egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use myna_kiosk::reception::view::{Language, Screen, UiEvent};
use ui_support::{buttons, click, harness, labels, press, testable, view};

fn phone(seconds_left: Option<u32>) -> Screen {
    Screen::PhoneConfirm { seconds_left }
}

#[test]
fn countdown_cancel_and_no_pin_pad() {
    let mut h = harness(view(Language::English, phone(Some(42))));
    h.get_by_label("Please confirm on your iPhone");
    h.get_by_label("Time left: 42 s");
    h.get_by_label_contains("Face\u{a0}ID or Touch\u{a0}ID");
    // No digit keys: the patient never types a PIN for an iPhone.
    let texts = labels(&h);
    assert!(
        !texts
            .iter()
            .any(|t| t.len() == 1 && t.as_bytes()[0].is_ascii_digit()),
        "{texts:?}"
    );
    assert_eq!(click(&mut h, "Cancel"), [UiEvent::Back]);
    assert_eq!(press(&mut h, Key::Escape), [UiEvent::Back]);
    // Before the phone answered the first time: no number yet.
    let h = harness(view(Language::English, phone(None)));
    h.get_by_label("Asking your iPhone…");
    let h = harness(view(Language::Japanese, phone(Some(60))));
    h.get_by_label("iPhoneで本人確認をしてください");
    h.get_by_label("残り60秒");
    h.get_by_label("やめる");
}

#[test]
fn every_language_shows_the_screen_with_finger_sized_buttons() {
    for language in Language::ALL {
        if !testable(language) {
            eprintln!("!!!! {}: font missing, skipped", language.tag());
            continue;
        }
        let h = harness(view(language, phone(Some(7))));
        assert!(
            h.query_by_label_contains("7").is_some(),
            "{}: no countdown",
            language.tag()
        );
        for button in buttons(&h) {
            let rect = button.rect();
            assert!(
                rect.height() >= 57.0 && rect.width() >= 57.0,
                "{}: {:?} is {rect:?}",
                language.tag(),
                button.accesskit_node().label()
            );
            assert!(
                rect.max.y <= 800.0,
                "{}: {:?} is off screen",
                language.tag(),
                button.accesskit_node().label()
            );
        }
    }
}
