//! The card taken off the reader after each APDU of the PIN path and of the face path, on the
//! real stack (`kiosk_loop`: the worker loop and the card monitor on myna-sim → vpcd → the private pcscd,
//! a `myna-gateway` process, a real store; myna-sim's `pull-after N` takes the card away right
//! after answering its Nth APDU; for the face path the real models on the frame sequences of
//! scripts/fetch-models.sh). Each time: the visit ends on the idle screen, at most the one
//! VERIFY the patient asked for was sent (PIN or 照合番号B), no try was spent on a wrong code,
//! nothing was recorded; then the same kiosk, not restarted, takes a whole visit. Each pull
//! takes two of pcscd's polls (0.8 s), one after another, so each path is two tests that run
//! side by side, one for the odd and one for the even APDUs (each with its own reader, card and
//! kiosk).

use crate::common;
use crate::kiosk_loop;

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

impl Method {
    /// The VERIFY the patient's entry goes out as (the PIN's, or 照合番号B's), as the APDU log
    /// writes it.
    fn verify(self) -> &'static str {
        match self {
            Method::Pin => VERIFY,
            Method::Face => VERIFY_CODE_B,
        }
    }
}

/// Plays the patient until the visit ends: PIN chosen and `1234` typed, or face chosen and
/// 照合番号B typed; consent given. Returns the last screen (the idle screen when the card was
/// taken away), or `Err` with the last screen seen when the visit did not end within 30 s.
fn visit(kiosk: &Kiosk, method: Method) -> Result<Screen, String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut started = false;
    let mut typed = false;
    let mut last = None;
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
            Screen::Result(_) => return Ok(view.screen),
            Screen::Idle if started => return Ok(view.screen),
            _ => {}
        }
        last = Some(view.screen);
    }
    Err(format!("the visit did not end; last screen {last:?}"))
}

/// Puts the card back (to be pulled after its `n`th APDU when given) and waits until pcscd
/// sees it: from then on, a visit that does not start is the kiosk's fault.
fn insert(sim: &mut Sim, reader: &str, pull_after: Option<usize>) {
    if let Some(n) = pull_after {
        sim.control(&format!("pull-after {n}"));
    }
    sim.put_back(reader);
}

/// Which of a path's APDUs one test pulls the card after.
#[derive(Clone, Copy)]
enum Pulls {
    Odd,
    Even,
}

impl Pulls {
    fn after(self, n: usize) -> bool {
        (n % 2 == 1) == matches!(self, Pulls::Odd)
    }
}

/// After a whole visit (the card removed since): the card put back and pulled after its 1st,
/// 3rd, … (or 2nd, 4th, …) APDU in turn, a visit each time; then a whole visit again, without
/// restarting the kiosk. The method's VERIFY goes out at most once a visit, only when the
/// pull came after it; a visit cut short records nothing.
fn pull_after_each_apdu(kiosk: &Kiosk, sim: &mut Sim, reader: &str, method: Method, pulls: Pulls) {
    let verify = method.verify();
    let path = sim.apdu_log();
    let verify_at = 1 + path
        .iter()
        .position(|l| l.contains(verify))
        .expect("the VERIFY");
    let mut recorded = kiosk.visits_today();
    let mut cut_after_last = false;
    for n in (1..=path.len()).filter(|&n| pulls.after(n)) {
        let before = sim.apdu_log().len();
        insert(sim, reader, Some(n));
        let end = visit(kiosk, method);
        let sent = sim.apdu_log().split_off(before);
        let end = end.unwrap_or_else(|e| {
            // Whether pcscd sees the card now tells a bench problem (vpcd never showed it) from
            // a kiosk that missed it.
            let seen = stack::wait_for_card(reader, true, Duration::ZERO).is_ok();
            let said = sim.own_log();
            let said: Vec<&str> = said.lines().rev().take(6).collect();
            panic!(
                "pulled after APDU {n}: {e}; sent {sent:?}; pcscd sees a card: {seen}; \
                 myna-sim said last (newest first): {said:?}"
            )
        });
        assert_eq!(
            sent.len(),
            n,
            "pulled after APDU {n}: the card answered {sent:?}"
        );
        let verifies = sent.iter().filter(|l| l.contains(verify)).count();
        assert_eq!(
            verifies,
            usize::from(n >= verify_at),
            "pulled after APDU {n}"
        );
        // The code sent was right: a VERIFY answered other than 9000 would have cost a try.
        let refused = sent
            .iter()
            .find(|l| l.contains(verify) && !l.contains("-> 9000"));
        assert!(refused.is_none(), "a try spent: {refused:?}");
        if n < path.len() {
            assert_eq!(end, Screen::Idle, "pulled after APDU {n}: {sent:?}");
            assert_eq!(kiosk.visits_today(), recorded, "pulled after APDU {n}");
        } else if matches!(end, Screen::Result(_)) {
            // Taken away after its last answer: the card had done all it had to, and the
            // visit may end as usual (recorded once)…
            recorded += 1;
            assert_eq!(kiosk.visits_today(), recorded, "pulled after APDU {n}");
        } else {
            // … or be cut short by the removal, the gateway's answer recorded or not (it may
            // land after the idle screen: counted with the next visit's).
            cut_after_last = true;
        }
        if matches!(end, Screen::Result(_)) {
            kiosk.screen(|s| *s == Screen::Idle);
        }
    }
    insert(sim, reader, None);
    let end = visit(kiosk, method);
    assert!(
        matches!(end, Ok(Screen::Result(_))),
        "a whole visit after the pulls: {end:?}"
    );
    let now = kiosk.visits_today();
    assert!(
        now == recorded + 1 || (cut_after_last && now == recorded + 2),
        "{now} visits recorded after {recorded} and a whole visit"
    );
}

#[test]
fn the_card_pulled_after_each_odd_apdu_of_the_pin_path() {
    pin_path(Pulls::Odd);
}

#[test]
fn the_card_pulled_after_each_even_apdu_of_the_pin_path() {
    pin_path(Pulls::Even);
}

fn pin_path(pulls: Pulls) {
    let Some(reader) = stack::reader() else {
        return;
    };
    let mut sim = Sim::start("normal", &reader, &[]);
    let kiosk = Kiosk::start(&reader.name);
    assert!(matches!(visit(&kiosk, Method::Pin), Ok(Screen::Result(_))));
    assert_eq!(kiosk.visits_today(), 1);
    sim.control("remove");
    kiosk.screen(|s| *s == Screen::Idle);
    pull_after_each_apdu(&kiosk, &mut sim, &reader.name, Method::Pin, pulls);
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
    let frames = root.join("fixtures/faces/sequence/picture_right/05.png");
    match FaceMatcher::load(&config) {
        Ok(matcher) if frames.exists() => Some(matcher),
        _ => {
            stack::missing("the face models and frames (scripts/fetch-models.sh)");
            None
        }
    }
}

#[test]
fn the_card_pulled_after_each_odd_apdu_of_the_face_path() {
    face_path(Pulls::Odd);
}

#[test]
fn the_card_pulled_after_each_even_apdu_of_the_face_path() {
    face_path(Pulls::Even);
}

fn face_path(pulls: Pulls) {
    let Some(reader) = stack::reader() else {
        return;
    };
    let Some(matcher) = face_matcher() else {
        return;
    };
    let mut sim = Sim::start("face-test", &reader, &[]);
    let kiosk = Kiosk::start_with_face(&reader.name, Some(matcher));
    assert!(matches!(visit(&kiosk, Method::Face), Ok(Screen::Result(_))));
    assert!(
        !sim.apdu_log()
            .iter()
            .any(|l| l.contains(Method::Pin.verify())),
        "no PIN on the face path"
    );
    sim.control("remove");
    kiosk.screen(|s| *s == Screen::Idle);
    pull_after_each_apdu(&kiosk, &mut sim, &reader.name, Method::Face, pulls);
}
