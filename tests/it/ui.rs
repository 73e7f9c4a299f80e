//! The touchscreen screens, headless (egui_kittest): every screen in Japanese and English, found
//! by accessibility role and label, clicked and typed on, with the UiEvents they emit.
//!
//! The harness panics on any character no installed font can draw, so with the Noto fonts
//! installed these tests also prove there are no boxes. Without the Japanese font they fail in
//! CI (`CI=true`) and, locally, run with boxes allowed after a loud message.

use std::sync::mpsc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::view::{
    ConsentItem, DemoPanel, Language, Notice, ResultView, ResultWarning, Screen, UiEvent, View,
};
use myna_kiosk::ui::egui::{self, Key, Role, accesskit::Toggled};
use myna_kiosk::ui::{self, I18n, KioskApp, RenderOptions, fonts, theme};

use crate::ui_support;
use ui_support::*;

#[test]
fn every_screen_in_both_languages_has_its_text_no_gaps_and_large_targets() {
    for (screen, ja, en) in every_screen() {
        for (language, expected) in [(Language::Japanese, ja), (Language::English, en)] {
            let harness = harness(view(language, screen.clone()));
            let context = format!("{screen:?} in {language:?}");
            harness
                .query_by_label(expected)
                .unwrap_or_else(|| panic!("{context}: no {expected:?}"));
            let all = labels(&harness);
            assert!(
                !all.iter().any(|l| l.contains('⟦')),
                "{context}: untranslated: {all:?}"
            );
            // Every patient screen offers "call staff", exactly once.
            let staff = if language == Language::Japanese {
                "スタッフを呼ぶ"
            } else {
                "Call staff"
            };
            assert_eq!(
                harness.query_all_by_label(staff).count(),
                1,
                "{context}: call staff"
            );
            for node in buttons(&harness) {
                let rect = node.rect();
                assert!(
                    rect.height() >= theme::MIN_TARGET && rect.width() >= theme::MIN_TARGET,
                    "{context}: {:?} is {rect:?}, smaller than a finger",
                    node.accesskit_node().label()
                );
                assert!(
                    rect.right() <= 1280.5 && rect.bottom() <= 800.5,
                    "{context}: {rect:?} off screen"
                );
            }
        }
    }
}

#[test]
fn idle_language_and_call_staff() {
    let mut h = harness(view(Language::Japanese, Screen::Idle));
    h.get_by_role_and_label(Role::Button, "日本語");
    assert_eq!(
        click(&mut h, "English"),
        [UiEvent::SelectLanguage(Language::English)]
    );
    assert_eq!(click(&mut h, "スタッフを呼ぶ"), [UiEvent::CallStaff]);
    let mut h = harness(view(Language::English, Screen::Idle));
    assert_eq!(
        click(&mut h, "日本語"),
        [UiEvent::SelectLanguage(Language::Japanese)]
    );
    assert_eq!(
        press(&mut h, Key::Num1),
        [],
        "no PIN keys outside the PIN pad"
    );
}

#[test]
fn method_choice_shows_tries_and_explains_what_is_disabled() {
    let screen = Screen::MethodChoice {
        pin_available: true,
        face_available: false,
        tries_left: Some(3),
    };
    let mut h = harness(view(Language::Japanese, screen));
    h.get_by_label("残り3回");
    h.get_by_label("この受付機では顔認証を使えません。");
    assert!(h.get_by_label("顔認証").accesskit_node().is_disabled());
    assert_eq!(click(&mut h, "顔認証"), []);
    assert_eq!(click(&mut h, "暗証番号（4桁）"), [UiEvent::ChoosePin]);

    let screen = Screen::MethodChoice {
        pin_available: false,
        face_available: true,
        tries_left: Some(0),
    };
    let mut h = harness(view(Language::English, screen));
    h.get_by_label("The PIN cannot be used: it is locked or was never set.");
    assert_eq!(click(&mut h, "PIN (4 digits)"), []);
    assert_eq!(click(&mut h, "Face recognition"), [UiEvent::ChooseFace]);
}

#[test]
fn pin_pad_touch_and_keys() {
    let pin = |entered| Screen::PinEntry {
        entered,
        tries_left: Some(2),
    };
    let mut h = harness(view(Language::Japanese, pin(2)));
    h.get_by_label("入力できるのは、あと2回です。");
    for d in 0..=9u8 {
        assert_eq!(click(&mut h, &d.to_string()), [UiEvent::PinDigit(d)]);
    }
    assert_eq!(click(&mut h, "全部消す"), [UiEvent::PinClear]);
    assert_eq!(click(&mut h, "1字消す"), [UiEvent::PinBackspace]);
    assert_eq!(click(&mut h, "決定"), [], "submit needs 4 digits");
    assert_eq!(click(&mut h, "戻る"), [UiEvent::Back]);
    assert_eq!(press(&mut h, Key::Num7), [UiEvent::PinDigit(7)]);
    assert_eq!(press(&mut h, Key::Backspace), [UiEvent::PinBackspace]);
    assert_eq!(press(&mut h, Key::Escape), [UiEvent::PinClear]);
    assert_eq!(press(&mut h, Key::Enter), [], "Enter needs 4 digits");

    let mut h = harness(view(Language::English, pin(4)));
    h.get_by_label("You have 2 tries left.");
    assert_eq!(click(&mut h, "OK"), [UiEvent::PinSubmit]);
    assert_eq!(press(&mut h, Key::Enter), [UiEvent::PinSubmit]);
    assert_eq!(click(&mut h, "5"), [], "a full PIN takes no more digits");
    assert_eq!(click(&mut h, "Delete"), [UiEvent::PinBackspace]);
}

#[test]
fn pin_digits_are_never_shown() {
    for entered in 0..=4 {
        let h = harness(view(
            Language::Japanese,
            Screen::PinEntry {
                entered,
                tries_left: Some(3),
            },
        ));
        let dots: String = (0..4)
            .map(|i| if i < entered { '●' } else { '○' })
            .collect();
        h.get_by_label(&dots);
        // The only texts with digits: the single keys, the tries left, the 4-digit instruction.
        for label in labels(&h) {
            let digits = label.chars().filter(char::is_ascii_digit).count();
            let ok = digits == 0
                || (label.len() == 1 && digits == 1)
                || label == "1字消す"
                || label == "入力できるのは、あと3回です。"
                || label.contains('4');
            assert!(ok, "{label:?} shows digits on the PIN screen");
        }
    }
}

#[test]
fn last_try_needs_the_explicit_confirmation() {
    let mut h = harness(view(
        Language::Japanese,
        Screen::LastTryWarning {
            face_available: true,
        },
    ));
    h.get_by_label(
        "次に間違えると暗証番号がロックされ、お住まいの市区町村の窓口で再設定が必要になります。",
    );
    assert!(
        h.query_by_label("1").is_none(),
        "no PIN pad before the confirmation"
    );
    assert_eq!(press(&mut h, Key::Enter), [], "Enter does not confirm");
    assert_eq!(press(&mut h, Key::Num1), []);
    assert_eq!(click(&mut h, "顔認証にする"), [UiEvent::ChooseFace]);
    assert_eq!(click(&mut h, "スタッフを呼ぶ"), [UiEvent::CallStaff]);
    assert_eq!(click(&mut h, "戻る"), [UiEvent::Back]);
    assert_eq!(
        click(&mut h, "暗証番号に自信があるので入力する"),
        [UiEvent::ConfirmLastTry]
    );

    let mut h = harness(view(
        Language::English,
        Screen::LastTryWarning {
            face_available: false,
        },
    ));
    assert!(h.query_by_label("Use face recognition").is_none());
    h.get_by_label("Face recognition is not available at this kiosk.");
    assert_eq!(
        click(&mut h, "I am sure – enter my PIN"),
        [UiEvent::ConfirmLastTry]
    );
}

#[test]
fn consent_all_one_by_one_or_none() {
    let choice = Screen::Consent {
        individually: false,
        selection: Consent::default(),
    };
    let mut h = harness(view(Language::Japanese, choice.clone()));
    h.get_by_label(
        "同意しなくても、受けられる診療や窓口での負担額は変わりません。高額療養費の限度額は、同意とは関係なく適用されます。",
    );
    assert_eq!(click(&mut h, "全て同意する"), [UiEvent::ConsentAll]);
    assert_eq!(
        click(&mut h, "個別に同意する"),
        [UiEvent::ConsentIndividually]
    );
    assert_eq!(click(&mut h, "同意しない"), [UiEvent::ConsentNone]);
    let mut h = harness(view(Language::English, choice.clone()));
    h.get_by_label("Saying no does not change your care or how much you pay. The monthly limit on high medical costs applies either way.");
    assert_eq!(click(&mut h, "Agree to all"), [UiEvent::ConsentAll]);
    assert_eq!(click(&mut h, "Agree to none"), [UiEvent::ConsentNone]);
    // やさしい日本語: words that cannot be misread.
    let mut h = harness(view(Language::EasyJapanese, choice));
    assert_eq!(click(&mut h, "ぜんぶ 見せる"), [UiEvent::ConsentAll]);
    assert_eq!(
        click(&mut h, "1つずつ えらぶ"),
        [UiEvent::ConsentIndividually]
    );
    assert_eq!(click(&mut h, "見せない"), [UiEvent::ConsentNone]);

    let selection = Consent {
        surgery: true,
        ..Consent::default()
    };
    let mut h = harness(view(
        Language::Japanese,
        Screen::Consent {
            individually: true,
            selection,
        },
    ));
    for (item, label) in [
        (ConsentItem::MedicationClinical, "診療・薬剤情報"),
        (ConsentItem::Surgery, "手術情報"),
        (ConsentItem::HealthCheck, "特定健診情報"),
    ] {
        let node = h.get_by_role_and_label(Role::CheckBox, label);
        let expected = if item.get(&selection) {
            Toggled::True
        } else {
            Toggled::False
        };
        assert_eq!(node.accesskit_node().toggled(), Some(expected), "{label}");
        assert_eq!(click(&mut h, label), [UiEvent::ToggleConsent(item)]);
    }
    h.get_by_label(
        "同意しなくても、受けられる診療や窓口での負担額は変わりません。高額療養費の限度額は、同意とは関係なく適用されます。",
    );
    assert_eq!(click(&mut h, "この内容で決定"), [UiEvent::SubmitConsent]);
    assert_eq!(click(&mut h, "戻る"), [UiEvent::Back]);
    let mut h = harness(view(
        Language::English,
        Screen::Consent {
            individually: true,
            selection,
        },
    ));
    assert_eq!(
        click(&mut h, "Surgery"),
        [UiEvent::ToggleConsent(ConsentItem::Surgery)]
    );
    assert_eq!(
        click(&mut h, "Confirm my choices"),
        [UiEvent::SubmitConsent]
    );
}

#[test]
fn result_shows_done_and_what_to_act_on_never_who_or_what_they_pay() {
    let h = harness(view(Language::Japanese, Screen::Result(result())));
    h.get_by_label("受付が完了しました");
    h.get_by_label_contains("2027年3月31日");
    h.get_by_label("カードをお取りください");
    assert!(h.query_by_label_contains("仮の結果").is_none());
    // No name, insurer, insurer number, copay or 限度額 category, and nothing to touch but
    // "call staff" and the staff door: lifting the card ends the visit.
    let shown = labels(&h).join("\n");
    for hidden in [
        "試験",
        "全国健康保険協会",
        "01130012",
        "3割",
        "ウ",
        "限度額",
        "A03",
        "負担割合",
        "保険者",
    ] {
        assert!(
            !shown.contains(hidden),
            "{hidden:?} on the patient's screen:\n{shown}"
        );
    }
    let touchable: Vec<_> = buttons(&h)
        .iter()
        .filter_map(|b| b.accesskit_node().label())
        .collect();
    assert_eq!(touchable, ["係員用（長押し）", "スタッフを呼ぶ"]);

    let provisional = ResultView {
        warnings: vec![
            ResultWarning::CertificateInGrace {
                not_after: "2026-01-15".into(),
            },
            ResultWarning::Other("保険者からのお知らせ".into()),
        ],
        provisional_since: Some("2026-02-01".into()),
        phone: true,
        ..result()
    };
    let h = harness(view(Language::English, Screen::Result(provisional.clone())));
    h.get_by_label(
        "Provisional result, last confirmed on 1 February 2026. The staff will check it.",
    );
    h.get_by_label_contains("expired on 15 January 2026");
    h.get_by_label("保険者からのお知らせ");
    h.get_by_label("Please take your phone");
    let h = harness(view(Language::Japanese, Screen::Result(provisional)));
    h.get_by_label("仮の結果です（最後に確認できた日：2026年2月1日）。受付で確認します。");
}

#[test]
fn take_card_and_leave_card_screens_say_one_thing_each() {
    let take = |leave, timed_out| Screen::TakeCard {
        leave,
        phone: false,
        timed_out,
    };
    let h = harness(view(Language::Japanese, take(false, true)));
    h.get_by_label("カードをお取りください");
    h.get_by_label("時間切れになりました");
    assert!(h.query_by_label_contains("置いたまま").is_none());
    let h = harness(view(Language::English, take(true, false)));
    h.get_by_label("Please leave your card on the reader");
    assert!(h.query_by_label("Please take your card").is_none());
    // The notices whose case needs the card say the same on their own screen.
    for notice in all_notices() {
        let h = harness(view(Language::Japanese, Screen::Notice(notice)));
        let says_leave = h
            .query_by_label("カードはリーダーに置いたままにしてください")
            .is_some();
        assert_eq!(says_leave, notice.card_stays(), "{notice:?}");
    }
}

#[test]
fn ending_a_visit_by_calling_staff_asks_once() {
    let mut h = harness(view(Language::English, Screen::ConfirmCallStaff));
    h.get_by_label("Call staff?");
    // One "call staff" on this screen (the bar's is hidden): the answer, and "continue".
    assert_eq!(h.query_all_by_label("Call staff").count(), 1);
    assert_eq!(click(&mut h, "Call staff"), [UiEvent::CallStaff]);
    assert_eq!(click(&mut h, "Continue"), [UiEvent::Back]);
}

#[test]
fn every_notice_explains_and_sends_to_staff_when_needed() {
    for notice in all_notices() {
        for (language, see_staff, ok) in [
            (
                Language::Japanese,
                "受付のスタッフにお声がけください。",
                "OK",
            ),
            (Language::English, "Please see the reception staff.", "OK"),
        ] {
            let mut h = harness(view(language, Screen::Notice(notice)));
            let shown = h.query_by_label(see_staff).is_some();
            let expected = notice.see_staff()
                && !matches!(notice, Notice::StaffCalled | Notice::SpeakToReception);
            assert_eq!(shown, expected, "{notice:?} {language:?}");
            let button = match (notice, language) {
                (Notice::WrongPin { .. }, Language::Japanese) => "もう一度入力する",
                (Notice::WrongPin { .. }, Language::English) => "Try again",
                _ => ok,
            };
            assert_eq!(click(&mut h, button), [UiEvent::Finish], "{notice:?}");
        }
    }
    let h = harness(view(
        Language::Japanese,
        Screen::Notice(Notice::WrongPin { tries_left: 1 }),
    ));
    h.get_by_label("暗証番号が違います");
    h.get_by_label("入力できるのは、あと1回です。");
    let h = harness(view(
        Language::English,
        Screen::Notice(Notice::WrongPin { tries_left: 1 }),
    ));
    h.get_by_label("You have 1 try left.");
}

#[test]
fn demo_panel_is_separate_and_drives_the_virtual_card() {
    let demo = DemoPanel {
        profiles: vec![
            ("normal".into(), "PIN 1234, 3 tries".into()),
            (
                "expiring-soon".into(),
                "certificate expires in 60 days".into(),
            ),
        ],
        inserted: None,
    };
    let mut v = view(Language::Japanese, Screen::Idle);
    v.demo = Some(demo.clone());
    let mut h = harness(v.clone());
    h.get_by_label("デモ（スタッフ用）");
    let panel = h.get_by_label("expiring-soon").rect();
    let patient = h.get_by_label("マイナンバーカードを置いてください").rect();
    assert!(
        panel.left() > patient.right(),
        "the demo panel is beside the patient screen"
    );
    assert!(
        h.get_by_label("カードを取り出す")
            .accesskit_node()
            .is_disabled()
    );
    assert_eq!(click(&mut h, "expiring-soon"), [UiEvent::DemoInsert(1)]);
    assert_eq!(click(&mut h, "normal"), [UiEvent::DemoInsert(0)]);

    v.demo = Some(DemoPanel {
        inserted: Some(0),
        ..demo
    });
    v.language = Language::English;
    let mut h = harness(v);
    h.get_by_label("Demo (staff tools)");
    assert_eq!(click(&mut h, "normal"), [], "already on the reader");
    assert_eq!(click(&mut h, "Remove card"), [UiEvent::DemoRemove]);
}

#[test]
fn only_the_configured_languages_are_offered() {
    let options = RenderOptions {
        languages: myna_kiosk::reception::view::Languages::from_tags(&["ja"]).unwrap(),
        ..RenderOptions::default()
    };
    let h = harness_with(view(Language::Japanese, Screen::Idle), options);
    h.get_by_label("日本語");
    assert!(h.query_by_label("English").is_none());
}

#[test]
fn without_the_japanese_font_the_screen_is_english() {
    let options = RenderOptions {
        fonts: myna_kiosk::reception::view::Languages::ALL
            .without(Language::Japanese)
            .without(Language::EasyJapanese),
        ..RenderOptions::default()
    };
    let h = harness_with(view(Language::Japanese, Screen::Idle), options);
    h.get_by_label("Please place your My Number Card");
    assert!(
        h.query_by_label("日本語").is_none(),
        "no Japanese button without its font"
    );
    h.get_by_label_contains("Japanese font not found");
}

#[test]
fn the_app_takes_the_latest_view_and_sends_touches() {
    let (view_tx, view_rx) = mpsc::channel();
    let (event_tx, event_rx) = mpsc::channel();
    let ctx = egui::Context::default();
    let app = KioskApp::new(
        &ctx,
        view_rx,
        event_tx,
        I18n::load().unwrap(),
        fonts::load(&Default::default()),
    );
    let fonts = system_fonts();
    let mut builder = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(move |ctx| ui::install(ctx, fonts));
    if !fonts.japanese {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(
        |ui, app: &mut KioskApp| {
            app.receive();
            app.show(ui);
        },
        app,
    );
    h.run();
    h.get_by_label("マイナンバーカードを置いてください");
    view_tx
        .send(view(Language::English, Screen::Working))
        .unwrap();
    view_tx
        .send(view(
            Language::English,
            Screen::Consent {
                individually: false,
                selection: Consent::default(),
            },
        ))
        .unwrap();
    h.run();
    assert!(
        matches!(h.state().view().screen, Screen::Consent { .. }),
        "the latest view wins"
    );
    h.get_by_label("Agree to all").click();
    h.run();
    assert_eq!(event_rx.try_recv(), Ok(UiEvent::ConsentAll));
    drop(view_tx);
    h.run();
    h.get_by_label("This kiosk is out of service");
    assert!(h.query_by_label("Call staff").is_none());
}

#[test]
fn fonts_are_installed_for_every_japanese_text() {
    let fonts = system_fonts();
    if !fonts.japanese {
        // system_fonts() already failed in CI; locally it printed the warning.
        return;
    }
    let ctx = egui::Context::default();
    ui::install(&ctx, fonts);
    let mut output = ctx.run_ui(Default::default(), |_| {});
    output.textures_delta.clear();
    let source = ui::i18n::source(Language::Japanese);
    let text: String = source.lines().filter(|l| !l.starts_with('#')).collect();
    let missing: Vec<char> = ctx.fonts_mut(|f| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .filter(|c| !f.has_glyph(&egui::FontId::proportional(20.0), *c))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}

#[test]
fn a_screen_left_alone_asks_for_more_time() {
    let mut h = harness(view(
        Language::English,
        Screen::MoreTime {
            seconds: 20,
            cleared: false,
        },
    ));
    h.get_by_label_contains("in about 20 seconds");
    assert_eq!(click(&mut h, "Yes, continue"), [UiEvent::StillHere]);
    let mut h = harness(view(
        Language::Japanese,
        Screen::MoreTime {
            seconds: 20,
            cleared: false,
        },
    ));
    assert_eq!(click(&mut h, "続ける"), [UiEvent::StillHere]);
}

#[test]
fn staff_on_their_way_is_said_on_the_see_staff_screen_in_every_language() {
    let notice = Screen::Notice(Notice::PinLocked);
    let plain = harness(view(Language::Japanese, notice.clone()));
    assert!(
        plain
            .query_by_label("スタッフがただいまこちらへ向かっています。")
            .is_none(),
        "not before staff acknowledged"
    );
    let i18n = I18n::load().unwrap();
    for language in Language::ALL {
        let text = ui::i18n::Tr::new(&i18n, language).get("staff-coming");
        assert!(!text.is_empty() && text != "staff-coming", "{language:?}");
        let h = harness(View {
            staff_coming: true,
            ..view(language, notice.clone())
        });
        h.get_by_label(&text);
    }
}
