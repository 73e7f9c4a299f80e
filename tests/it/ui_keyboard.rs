//! A whole visit with a keyboard only: the real screens (`show_view` under egui_kittest) driven
//! by the real reception flow, every choice made with Tab, Enter, digits, Backspace and `+`. The card, the PIN check and the gateway answer come from the test (they are not the
//! patient's keys). Also: one key press never means two things (Enter on a focused button).

use crate::common::results;
use crate::ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::reception::flow::{Answer, CardInfo, Effect, Event, Flow, PinOutcome};
use myna_kiosk::reception::view::{Language, Screen, UiEvent};
use myna_kiosk::ui::egui::Key;
use myna_kiosk::ui::i18n::Tr;
use myna_kiosk::ui::{self, RenderOptions, show_view};
use time::OffsetDateTime;
use ui_support::{i18n, system_fonts};

struct Kiosk {
    flow: Flow,
    options: RenderOptions,
    events: Vec<UiEvent>,
    /// Everything the screens emitted, and the flow asked the worker to do, in order.
    emitted: Vec<UiEvent>,
    effects: Vec<Effect>,
}

fn kiosk() -> Harness<'static, Kiosk> {
    let fonts = system_fonts();
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(move |ctx| ui::install(ctx, fonts))
        .build_ui_state(
            |ui, k: &mut Kiosk| show_view(ui, &k.flow.view(), i18n(), k.options, &mut k.events),
            Kiosk {
                flow: Flow::default(),
                options: RenderOptions {
                    audio: true,
                    ..RenderOptions::default()
                },
                events: Vec::new(),
                emitted: Vec::new(),
                effects: Vec::new(),
            },
        )
}

/// Feeds what the screen emitted to the flow, answering the worker's effects as a working
/// card and gateway would; then draws again.
fn settle(h: &mut Harness<'static, Kiosk>) {
    h.run();
    loop {
        let events = std::mem::take(&mut h.state_mut().events);
        if events.is_empty() {
            break;
        }
        for event in events {
            let k = h.state_mut();
            k.emitted.push(event.clone());
            let mut pending = vec![Event::Ui(event)];
            while let Some(event) = pending.pop() {
                for effect in k.flow.step(event) {
                    match &effect {
                        Effect::VerifyPinAndSign(_) => {
                            pending.push(Event::Pin(PinOutcome::Verified))
                        }
                        Effect::QueryGateway(_) => pending.push(Event::Gateway(Ok(answer()))),
                        _ => {}
                    }
                    k.effects.push(effect);
                }
            }
        }
        h.run();
    }
}

fn press(h: &mut Harness<'static, Kiosk>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// Tab until the control labelled `label` has the focus (at most 40 presses), then Enter.
fn tab_to_and_press(h: &mut Harness<'static, Kiosk>, label: &str) {
    for _ in 0..40 {
        if h.query_by_label(label)
            .is_some_and(|n| n.accesskit_node().is_focused())
        {
            press(h, Key::Enter);
            return;
        }
        press(h, Key::Tab);
    }
    panic!("{label:?} never got the keyboard focus");
}

fn insert_card(h: &mut Harness<'static, Kiosk>) {
    let k = h.state_mut();
    assert!(matches!(
        k.flow.step(Event::CardInserted)[..],
        [Effect::ReadCard]
    ));
    k.flow.step(Event::CardRead {
        result: Ok(CardInfo {
            kind: CardKind::MyNumberCard,
            certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
            pin: PinStatus::TriesLeft(3),
        }),
        now: OffsetDateTime::now_utc(),
    });
    settle(h);
}

fn answer() -> Answer {
    Answer {
        result: Box::new(results::confirmation("r", vec![results::hanako()])),
        cached_on: None,
    }
}

fn verifies(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::VerifyPinAndSign(_)))
        .count()
}

#[test]
fn a_whole_visit_with_the_keyboard_only() {
    let mut h = kiosk();
    settle(&mut h);
    // Idle: English, large text and high contrast chosen with Tab and Enter; `+` for audio.
    tab_to_and_press(&mut h, "English");
    assert_eq!(h.state().flow.view().language, Language::English);
    let tr = Tr::new(i18n(), Language::English);
    tab_to_and_press(&mut h, &tr.get("assist-high-contrast"));
    press(&mut h, Key::Plus);
    let assist = h.state().flow.view().assist;
    assert!(
        assist.high_contrast && assist.audio && !assist.large_text,
        "{assist:?}"
    );

    // The PIN is the only way here (no camera): straight to the pad, no method screen.
    insert_card(&mut h);
    assert!(matches!(
        h.state().flow.view().screen,
        Screen::PinEntry { .. }
    ));

    // The PIN from the digit keys: a wrong digit taken back with Backspace, then Enter.
    for key in [
        Key::Num1,
        Key::Num2,
        Key::Num9,
        Key::Backspace,
        Key::Num3,
        Key::Num4,
    ] {
        press(&mut h, key);
    }
    assert_eq!(
        h.state().flow.view().screen,
        Screen::PinEntry {
            entered: 4,
            tries_left: Some(3)
        }
    );
    press(&mut h, Key::Enter);
    assert_eq!(verifies(&h.state().effects), 1);
    let Some(Effect::VerifyPinAndSign(pin)) = h
        .state()
        .effects
        .iter()
        .find(|e| matches!(e, Effect::VerifyPinAndSign(_)))
    else {
        unreachable!()
    };
    assert_eq!(pin.digits().collect::<Vec<_>>(), [1, 2, 3, 4]);

    // Consent one by one: one item ticked with Tab and Enter.
    assert!(matches!(
        h.state().flow.view().screen,
        Screen::Consent { .. }
    ));
    tab_to_and_press(&mut h, &tr.get("consent-individually"));
    tab_to_and_press(&mut h, &tr.get("consent-item-medication-clinical"));
    let Screen::Consent { selection, .. } = h.state().flow.view().screen else {
        panic!("{:?}", h.state().flow.view().screen)
    };
    assert!(selection.medication_clinical && !selection.surgery);
    tab_to_and_press(&mut h, &tr.get("consent-submit"));
    let Screen::Result(result) = h.state().flow.view().screen else {
        panic!("{:?}", h.state().flow.view().screen)
    };
    assert!(result.consent.medication_clinical && !result.consent.surgery);

    // Nothing to press on "done": lifting the card ends the visit.
    h.get_by_label(&tr.get("take-card-title"));
    h.state_mut().flow.step(Event::CardRemoved);
    settle(&mut h);
    assert_eq!(h.state().flow.view().screen, Screen::Idle);
    assert_eq!(verifies(&h.state().effects), 1, "one VERIFY for the visit");
}

#[test]
fn enter_on_a_focused_button_presses_only_that_button() {
    let mut h = kiosk();
    settle(&mut h);
    insert_card(&mut h);
    let tr = Tr::new(i18n(), Language::Japanese);
    for key in [Key::Num1, Key::Num2, Key::Num3, Key::Num4] {
        press(&mut h, key);
    }
    // Tab to OK and press Enter: the button is pressed, the screen's own Enter (submit when
    // four digits are in) stays silent, so the PIN goes to the card once.
    tab_to_and_press(&mut h, &tr.get("pin-submit"));
    let submits = h.state().emitted.iter();
    assert_eq!(submits.filter(|e| **e == UiEvent::PinSubmit).count(), 1);
    assert_eq!(verifies(&h.state().effects), 1, "{:?}", h.state().effects);
}
