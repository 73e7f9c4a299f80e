//! The face path's screens, driven through their AccessKit labels (egui_kittest): the 照合番号B
//! pad, the camera check, and the ways on after a miss, in Japanese and English.

use crate::ui_support;

use egui_kittest::kittest::Queryable;
use myna_kiosk::reception::code_b::CodeBEntry;
use myna_kiosk::reception::view::{
    FaceGuide, FaceMiss, FaceProblem, FrontGuide, Language, Screen, TurnSide, UiEvent,
};
use myna_kiosk::wareki::Era;
use ui_support::{click, code_b_entry, harness, preview, view};

#[test]
fn the_code_pad_takes_era_digits_and_sends_only_a_complete_code() {
    let code = |entry, problem| Screen::FaceCode { entry, problem };
    let mut h = harness(view(Language::English, code(CodeBEntry::default(), None)));
    h.get_by_label_contains("12-digit My Number is not used");
    assert_eq!(click(&mut h, "Showa"), [UiEvent::CodeEra(Era::Showa)]);
    assert_eq!(click(&mut h, "Meiji"), [UiEvent::CodeEra(Era::Meiji)]);
    h.get_by_label_contains("is typed 01");
    assert_eq!(click(&mut h, "7"), [UiEvent::CodeDigit(7)]);
    assert_eq!(click(&mut h, "Delete"), [UiEvent::CodeBackspace]);
    // Not complete: "Next" does nothing.
    assert!(click(&mut h, "Next").is_empty());
    assert_eq!(click(&mut h, "Back"), [UiEvent::Back]);

    let mut h = harness(view(
        Language::Japanese,
        code(
            code_b_entry("36080420344817"),
            Some(FaceProblem::WrongCode { tries_left: 2 }),
        ),
    ));
    h.get_by_label("360804");
    h.get_by_label("2034");
    h.get_by_label("4817");
    h.get_by_label_contains("あと2回");
    assert_eq!(click(&mut h, "次へ"), [UiEvent::CodeSubmit]);
    assert_eq!(click(&mut h, "平成"), [UiEvent::CodeEra(Era::Heisei)]);
}

#[test]
fn the_card_front_camera_offers_typing_and_the_pad_says_the_numbers_were_read() {
    let front = Screen::CardFront {
        guide: FrontGuide::TiltForGlare,
        preview: None,
    };
    let mut h = harness(view(Language::English, front));
    h.get_by_label("Light is reflecting on the card: tilt it a little.");
    h.get_by_label_contains("The picture is not stored");
    assert_eq!(
        click(&mut h, "Type the numbers instead"),
        [UiEvent::TypeInstead]
    );
    let read = Screen::FaceCode {
        entry: CodeBEntry::read_from_card(Era::Showa, b"36080420344817"),
        problem: None,
    };
    let mut h = harness(view(Language::EasyJapanese, read));
    h.get_by_label("カードから 読んだ 数字を 見てください");
    h.get_by_label("360804");
    h.get_by_label("4817");
    assert_eq!(click(&mut h, "つぎへ"), [UiEvent::CodeSubmit]);
    let back = Screen::PutCardBack {
        seconds: 60,
        checking: false,
    };
    let h = harness(view(Language::Japanese, back));
    h.get_by_label_contains("60秒以内に同じカードを戻してください");
}

#[test]
fn the_camera_check_shows_progress_and_the_turn_from_the_patients_side() {
    let check = |guide| Screen::FaceCheck {
        attempt: 2,
        attempts: 3,
        guide,
        preview: Some(preview()),
    };
    let h = harness(view(
        Language::English,
        check(FaceGuide::Looking {
            agreeing: 1,
            needed: 3,
        }),
    ));
    h.get_by_label("Face recognition (try 2 of 3)");
    h.get_by_label("Keep looking at the camera (1/3).");
    h.get_by_label_contains("never stored");
    let h = harness(view(
        Language::Japanese,
        check(FaceGuide::TurnHead(TurnSide::Right)),
    ));
    h.get_by_label("ゆっくり顔を右へ向けてください。");
    let h = harness(view(Language::Japanese, check(FaceGuide::ComeCloser)));
    h.get_by_label("もう少しカメラに近づいてください。");
}

#[test]
fn after_a_miss_the_patient_tries_again_uses_the_pin_or_calls_staff() {
    let retry = |miss, can_retry, pin_available| Screen::FaceRetry {
        miss,
        can_retry,
        pin_available,
    };
    let mut h = harness(view(
        Language::Japanese,
        retry(FaceMiss::NotSamePerson, true, true),
    ));
    h.get_by_label_contains("マスクや帽子、眼鏡を外して");
    assert_eq!(click(&mut h, "もう一度顔で確認する"), [UiEvent::FaceRetry]);
    assert_eq!(click(&mut h, "暗証番号で確認する"), [UiEvent::ChoosePin]);

    let h = harness(view(
        Language::English,
        retry(FaceMiss::Liveness, false, false),
    ));
    h.get_by_label_contains("Photos and screens cannot be used");
    assert!(h.query_by_label("Try face recognition again").is_none());
    assert!(h.query_by_label("Use my PIN instead").is_none());
    h.get_by_label("The reception staff will help you.");
    // The big button and the one in the top bar both call staff.
    let staff: Vec<_> = h.query_all_by_label("Call staff").collect();
    assert_eq!(staff.len(), 2);
}

#[test]
fn the_code_pad_and_the_retry_screen_take_keys() {
    use myna_kiosk::ui::egui::Key;
    use ui_support::press;
    let code = |digits| Screen::FaceCode {
        entry: code_b_entry(digits),
        problem: None,
    };
    let mut h = harness(view(Language::English, code("3608")));
    assert_eq!(press(&mut h, Key::Num7), [UiEvent::CodeDigit(7)]);
    assert_eq!(press(&mut h, Key::Backspace), [UiEvent::CodeBackspace]);
    assert!(press(&mut h, Key::Enter).is_empty(), "not complete yet");
    assert_eq!(press(&mut h, Key::Escape), [UiEvent::Back]);
    let mut h = harness(view(Language::English, code("36080420344817")));
    assert_eq!(press(&mut h, Key::Enter), [UiEvent::CodeSubmit]);
    let mut h = harness(view(
        Language::English,
        Screen::FaceRetry {
            miss: FaceMiss::NoFace,
            can_retry: true,
            pin_available: false,
        },
    ));
    assert_eq!(press(&mut h, Key::Enter), [UiEvent::FaceRetry]);
    let mut h = harness(view(
        Language::English,
        Screen::MoreTime {
            seconds: 20,
            cleared: false,
        },
    ));
    assert_eq!(press(&mut h, Key::Enter), [UiEvent::StillHere]);
}
