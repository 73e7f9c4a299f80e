//! The card taken off the reader after each APDU of the PIN path and of the face path, on the
//! real stack
//! (`kiosk_loop`: the worker loop and the card monitor on myna-sim → vpcd → the private pcscd,
//! a `myna-gateway` process, a real store; myna-sim's `pull-after N` takes the card away right
//! after answering its Nth APDU; for the face path the real models on the frame sequences of
//! scripts/fetch-models.sh). Each time: the visit ends on the idle screen, at most the one
//! VERIFY the patient asked for was sent (PIN or 照合番号B), no try was spent on a wrong code,
//! nothing was recorded; then the same kiosk, not restarted, takes a whole visit.

mod common;
#[path = "kiosk_loop/mod.rs"]
mod kiosk_loop;
#[path = "gateway_support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use common::stack::{self, Sim};
use kiosk_loop::Kiosk;
use myna_kiosk::identity::face::{FaceConfig, FaceMatcher, FrameSourceKind};
use myna_kiosk::reception::view::{Screen, UiEvent};
use myna_kiosk::wareki::Era;

const VERIFY: &str = " 00 20 00 80 04 ";
const VERIFY_CODE_B: &str = " 00 20 00 80 0E ";
/// 照合番号B of the face-test card: 昭和36-08-04, expires 2034, security code 4817.
const CODE_B: &str = "36080420344817";

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Pin,
    Face,
}

/// Plays the patient until the visit ends: PIN chosen and `1234` typed, or face chosen and
/// 照合番号B typed; consent given. Returns the last screen (the idle screen when the card was
/// taken away).
fn visit(kiosk: &Kiosk, method: Method) -> Screen {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut started = false;
    let mut typed = false;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(view) = kiosk.next_view(left) else {
            break;
        };
        match &view.screen {
            Screen::Working => started = true,
            Screen::MethodChoice { .. } if method == Method::Pin => kiosk.touch(UiEvent::ChoosePin),
            Screen::MethodChoice { .. } => kiosk.touch(UiEvent::ChooseFace),
            Screen::FaceCode { entry, .. } if !typed && entry.digits().is_empty() => {
                typed = true;
                kiosk.touch(UiEvent::CodeEra(Era::Showa));
                for d in CODE_B.bytes() {
                    kiosk.touch(UiEvent::CodeDigit(d - b'0'));
                }
                kiosk.touch(UiEvent::CodeSubmit);
            }
            Screen::PinEntry { entered: 0, .. } if !typed => {
                typed = true;
                kiosk.type_pin("1234");
            }
            Screen::Consent { .. } => kiosk.touch(UiEvent::ConsentAll),
            Screen::Result(_) => return view.screen,
            Screen::Idle if started => return view.screen,
            _ => {}
        }
    }
    panic!("the visit did not end");
}

/// Puts the card back (after `pull-after N` when given) and waits until pcscd sees it.
fn insert(sim: &mut Sim, reader: &str, pull_after: Option<usize>) {
    stack::wait_for_card(reader, false, Duration::from_secs(10)).unwrap();
    if let Some(n) = pull_after {
        sim.control(&format!("pull-after {n}"));
    }
    sim.control("insert");
}

#[test]
fn the_card_pulled_after_each_apdu_of_the_pin_path() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let mut sim = Sim::start("normal", &reader, &[]);
    let kiosk = Kiosk::start(&reader.name);

    // A whole visit first: the APDUs of the PIN path, and where the VERIFY is among them.
    assert!(matches!(visit(&kiosk, Method::Pin), Screen::Result(_)));
    let path = sim.apdu_log();
    let verify_at = 1 + path
        .iter()
        .position(|l| l.contains(VERIFY))
        .expect("a VERIFY");
    assert_eq!(kiosk.visits_today(), 1);
    sim.control("remove");
    kiosk.screen(|s| *s == Screen::Idle);

    let mut recorded = 1;
    for n in 1..=path.len() {
        let before = sim.apdu_log().len();
        insert(&mut sim, &reader.name, Some(n));
        let end = visit(&kiosk, Method::Pin);
        let sent = sim.apdu_log().split_off(before);
        assert_eq!(
            sent.len(),
            n,
            "pulled after APDU {n}: the card answered {sent:?}"
        );
        let verifies = sent.iter().filter(|l| l.contains(VERIFY)).count();
        assert_eq!(
            verifies,
            usize::from(n >= verify_at),
            "pulled after APDU {n}"
        );
        assert!(
            !sent.iter().any(|l| l.contains(" 63 C")),
            "a try spent: {sent:?}"
        );
        if n < path.len() {
            assert_eq!(end, Screen::Idle, "pulled after APDU {n}: {sent:?}");
        } else if matches!(end, Screen::Result(_)) {
            // Taken away after its last answer: the card had done all it had to, and the
            // visit may end as usual (recorded once) or be cut short by the removal.
            recorded += 1;
        }
        assert_eq!(kiosk.visits_today(), recorded, "pulled after APDU {n}");
        if matches!(end, Screen::Result(_)) {
            kiosk.screen(|s| *s == Screen::Idle);
        }
    }

    // The same kiosk, not restarted: a whole visit again.
    insert(&mut sim, &reader.name, None);
    assert!(matches!(visit(&kiosk, Method::Pin), Screen::Result(_)));
    assert_eq!(kiosk.visits_today(), recorded + 1);
}

/// The models and the card holder's frames, or `None` (locally) without scripts/fetch-models.sh.
fn face_matcher() -> Option<FaceMatcher> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = FaceConfig {
        source: FrameSourceKind::Files,
        path: Some(root.join("fixtures/faces/sequence")),
        models_dir: root.join("assets/models"),
        attempts: 1,
        ..FaceConfig::default()
    };
    match FaceMatcher::load(&config) {
        Ok(matcher)
            if root
                .join("fixtures/faces/sequence/picture_right/05.png")
                .exists() =>
        {
            Some(matcher)
        }
        _ => {
            stack::missing("the face models and frames (scripts/fetch-models.sh)");
            None
        }
    }
}

#[test]
fn the_card_pulled_after_each_apdu_of_the_face_path() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let Some(matcher) = face_matcher() else {
        return;
    };
    let mut sim = Sim::start("face-test", &reader, &[]);
    let kiosk = Kiosk::start_with_face(&reader.name, Some(matcher));

    assert!(matches!(visit(&kiosk, Method::Face), Screen::Result(_)));
    let path = sim.apdu_log();
    let verify_at = 1 + path
        .iter()
        .position(|l| l.contains(VERIFY_CODE_B))
        .expect("照合番号B");
    assert!(
        !path.iter().any(|l| l.contains(VERIFY)),
        "no PIN on the face path"
    );
    sim.control("remove");
    kiosk.screen(|s| *s == Screen::Idle);

    let mut recorded = kiosk.visits_today();
    for n in 1..=path.len() {
        let before = sim.apdu_log().len();
        insert(&mut sim, &reader.name, Some(n));
        let end = visit(&kiosk, Method::Face);
        let sent = sim.apdu_log().split_off(before);
        assert_eq!(
            sent.len(),
            n,
            "pulled after APDU {n}: the card answered {sent:?}"
        );
        let codes = sent.iter().filter(|l| l.contains(VERIFY_CODE_B)).count();
        assert_eq!(codes, usize::from(n >= verify_at), "pulled after APDU {n}");
        assert!(
            !sent.iter().any(|l| l.contains(" 63 C")),
            "a try spent: {sent:?}"
        );
        if n < path.len() {
            assert_eq!(end, Screen::Idle, "pulled after APDU {n}: {sent:?}");
        } else if matches!(end, Screen::Result(_)) {
            recorded += 1;
        }
        assert_eq!(kiosk.visits_today(), recorded, "pulled after APDU {n}");
        if matches!(end, Screen::Result(_)) {
            kiosk.screen(|s| *s == Screen::Idle);
        }
    }
    insert(&mut sim, &reader.name, None);
    assert!(matches!(visit(&kiosk, Method::Face), Screen::Result(_)));
}
