//! The staff desk's screens, driven through their AccessKit labels (egui_kittest), in Japanese
//! and English.

// Shared helpers; this file uses only some of them.
use crate::ui_support;

use egui_kittest::kittest::Queryable;
use myna_kiosk::eligibility::protocol::{Assurance, CardData, ErrorCode};
use myna_kiosk::eligibility::protocol::{ConfirmationResult, QualificationResult};
use myna_kiosk::reception::desk::{
    CardPhoto, Case, DatePart, DocumentForm, Health, KeyStanding, LockedMember, LoginMessage,
    LoginResult, NumberField, NumberForm, OutboxRow, PhotoProblem, QueryProblem, StaffAnswer,
    StaffLanguage, StaffPage, StaffReason, StaffScreen, StaffUi, StaffView, Standing, UnlockForm,
    VisitRow, VisualForm, VisualStep,
};
use myna_kiosk::reception::documents::{DocumentFacts, DocumentKind, Fact};
use myna_kiosk::reception::view::{Language, Screen, UiEvent, View};
use myna_kiosk::ui::{STAFF_DOOR, STAFF_HOLD_SECONDS};
use myna_kiosk::wareki::Era;
use ui_support::{click, harness, hold, view};

fn desk(language: StaffLanguage, screen: StaffScreen) -> View {
    View {
        staff: Some(StaffView {
            language,
            screen,
            cases_waiting: 1,
            face_off: None,
            card_front_off: false,
            health: None,
            admin: false,
        }),
        ..View::default()
    }
}

#[test]
fn every_patient_screen_has_the_staff_door_which_a_tap_does_not_open() {
    for (screen, call_staff) in [
        (Screen::Idle, "เรียกเจ้าหน้าที่"),
        (
            Screen::PinEntry {
                entered: 1,
                tries_left: Some(3),
            },
            "เรียกเจ้าหน้าที่",
        ),
    ] {
        let mut h = harness(view(Language::Thai, screen));
        // One patient-facing way to staff, in the patient's language; no "係員" text.
        assert!(h.query_by_label("係員").is_none());
        assert_eq!(click(&mut h, call_staff), [UiEvent::CallStaff]);
        // The desk's door: a tap, or a short press, does nothing.
        assert_eq!(click(&mut h, STAFF_DOOR), []);
        assert_eq!(hold(&mut h, STAFF_DOOR, 0.75), []);
        // Held: the staff sign-in, once per hold.
        assert_eq!(
            hold(&mut h, STAFF_DOOR, STAFF_HOLD_SECONDS as f32 + 0.5),
            [UiEvent::Staff(StaffUi::Open)]
        );
    }
}

#[test]
fn sign_in_keypad_and_messages() {
    let login = |message| StaffScreen::Login {
        members: vec!["suzuki".into(), "tanaka".into()],
        selected: Some(1),
        entered: 3,
        message,
    };
    let mut h = harness(desk(
        StaffLanguage::Japanese,
        login(Some(LoginMessage::Result(LoginResult::Wrong {
            tries_left: 2,
        }))),
    ));
    h.get_by_label_contains("あと2回でロック");
    h.get_by_label_contains("3桁入力");
    assert_eq!(
        click(&mut h, "suzuki"),
        [UiEvent::Staff(StaffUi::SelectMember(0))]
    );
    assert_eq!(click(&mut h, "7"), [UiEvent::Staff(StaffUi::Digit(7))]);
    assert_eq!(click(&mut h, "0"), [UiEvent::Staff(StaffUi::Digit(0))]);
    assert_eq!(
        click(&mut h, "1文字消す"),
        [UiEvent::Staff(StaffUi::Backspace)]
    );
    assert_eq!(
        click(&mut h, "サインイン"),
        [UiEvent::Staff(StaffUi::Submit)]
    );
    assert_eq!(
        click(&mut h, "English"),
        [UiEvent::Staff(StaffUi::Language(StaffLanguage::English))]
    );
    assert_eq!(
        click(&mut h, "患者画面に戻る（ロック）"),
        [UiEvent::Staff(StaffUi::Close)]
    );
    let mut h = harness(desk(
        StaffLanguage::English,
        login(Some(LoginMessage::Result(LoginResult::LockedOut {
            minutes: 5,
        }))),
    ));
    h.get_by_label_contains("Try again in 5 min");
    assert_eq!(click(&mut h, "Sign in"), [UiEvent::Staff(StaffUi::Submit)]);
    // No patient screen under the desk.
    assert!(h.query_by_label("スタッフを呼ぶ").is_none());
}

#[test]
fn cases_show_reason_and_next_step() {
    let cases = vec![
        Case {
            id: 4,
            at: time::OffsetDateTime::now_utc(),
            reason: StaffReason::Qualification(2),
        },
        Case {
            id: 5,
            at: time::OffsetDateTime::now_utc(),
            reason: StaffReason::GatewayRefused(ErrorCode::CertificateRevoked),
        },
        Case {
            id: 6,
            at: time::OffsetDateTime::now_utc(),
            reason: StaffReason::RefusedOnReplay {
                code: ErrorCode::BadCardSignature,
                visit: 12,
            },
        },
    ];
    let screen = StaffScreen::Cases {
        member: "suzuki".into(),
        cases,
    };
    let mut h = harness(desk(StaffLanguage::Japanese, screen.clone()));
    h.get_by_label_contains("資格有効性2：無効");
    h.get_by_label_contains("被保険者資格申立書");
    h.get_by_label_contains("certificate_revoked");
    h.get_by_label_contains("10割を徴収するか、再確認");
    h.get_by_label_contains("担当：suzuki");
    assert_eq!(
        click(&mut h, "本日の受付"),
        [UiEvent::Staff(StaffUi::Page(StaffPage::Today))]
    );
    let h = harness(desk(StaffLanguage::English, screen));
    h.get_by_label_contains("QualificationValidity 2: invalid");
    h.get_by_label_contains("Never decide 10割");
    // A provisional visit refused on replay: what to do about it.
    h.get_by_label_contains(
        "refused when its confirmation reached the gateway (bad_card_signature)",
    );
    h.get_by_label_contains("collect 10割 or re-check");
    let done = h.get_all_by_label("Done").count();
    assert_eq!(done, 3);
}

#[test]
fn today_and_outbox_lists() {
    let today = StaffScreen::Today {
        member: "suzuki".into(),
        visits: Some(Ok(vec![
            VisitRow {
                time: "09:15".into(),
                method: "pin".into(),
                status: "provisional".into(),
                provisional: true,
                waiting: true,
                assurance: Some(Assurance::CardSignature),
                card_data: None,
            },
            VisitRow {
                time: "09:40".into(),
                method: "face".into(),
                status: "refused_on_replay".into(),
                provisional: true,
                waiting: false,
                assurance: Some(Assurance::KioskAttestation),
                card_data: Some(CardData::IssuerVerified),
            },
            VisitRow {
                time: "09:52".into(),
                method: "staff_visual".into(),
                status: "confirmed".into(),
                provisional: false,
                waiting: false,
                assurance: Some(Assurance::KioskAttestation),
                card_data: Some(CardData::NotVerified),
            },
        ])),
    };
    let h = harness(desk(StaffLanguage::Japanese, today.clone()));
    h.get_by_label("09:15");
    h.get_by_label("暫定（キャッシュ）");
    h.get_by_label("暗証番号");
    // The assurance level in words: the face visit rests on the kiosk's check only.
    h.get_by_label("カードの署名（暗証番号）");
    assert_eq!(h.get_all_by_label("端末の確認のみ（低）").count(), 2);
    h.get_by_label("再送で拒否：要対応");
    // The card data of the PIN-less visits under their assurance (one each: a `get` finds
    // exactly one); nothing for the PIN visit.
    h.get_by_label("券面データ：発行者の鍵で確認済み");
    h.get_by_label("券面データ：未確認");
    assert_eq!(h.query_all_by_label_contains("券面データ").count(), 2);
    let h = harness(desk(StaffLanguage::English, today));
    h.get_by_label("Card data verified by the issuer key");
    h.get_by_label("Card data not verified");
    assert!(
        h.query_by_label("Unlock").is_none(),
        "not an admin: no unlock tab"
    );
    let outbox = StaffScreen::Outbox {
        member: "suzuki".into(),
        entries: Some(Ok(vec![OutboxRow {
            id: 1,
            method: "staff_visual".into(),
            signed_at: "2026-11-26 09:15".into(),
            attempts: 3,
            next_attempt: "09:47".into(),
            assurance: Assurance::KioskAttestation,
        }])),
        retried: Some(0),
    };
    let mut h = harness(desk(StaffLanguage::English, outbox));
    h.get_by_label("2026-11-26 09:15");
    h.get_by_label("Kiosk's check only (lower)");
    h.get_by_label("Staff visual");
    h.get_by_label("0 sent.");
    assert_eq!(
        click(&mut h, "Retry now"),
        [UiEvent::Staff(StaffUi::RetryOutbox)]
    );
    let failed = StaffScreen::Outbox {
        member: "suzuki".into(),
        entries: Some(Err("disk I/O error".into())),
        retried: None,
    };
    let h = harness(desk(StaffLanguage::English, failed));
    h.get_by_label_contains("Could not load: disk I/O error");
}

#[test]
fn an_admin_sees_the_unlock_page_with_a_button_for_each_member_locked_out() {
    let locked = |done| StaffScreen::Unlock {
        member: "sato".into(),
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
            done,
        },
    };
    let admin = |language, screen| {
        let mut view = desk(language, screen);
        if let Some(staff) = view.staff.as_mut() {
            staff.admin = true;
        }
        view
    };
    let mut h = harness(admin(StaffLanguage::Japanese, locked(None)));
    h.get_by_label("管理者の解除が必要");
    h.get_by_label("10:05 までロック中");
    assert_eq!(
        click(&mut h, "tanaka を解除"),
        [UiEvent::Staff(StaffUi::Unlock("tanaka".into()))]
    );
    assert_eq!(
        click(&mut h, "ロック解除"),
        [UiEvent::Staff(StaffUi::Page(StaffPage::Unlock))]
    );
    let mut h = harness(admin(
        StaffLanguage::English,
        locked(Some(Ok("kato".into()))),
    ));
    h.get_by_label("kato is unlocked.");
    h.get_by_label("Locked out until an admin unlocks");
    h.get_by_label("Locked out until 10:05");
    assert_eq!(
        click(&mut h, "Unlock yamada"),
        [UiEvent::Staff(StaffUi::Unlock("yamada".into()))]
    );
    let failed = StaffScreen::Unlock {
        member: "sato".into(),
        form: UnlockForm {
            locked: Some(Ok(vec![])),
            waiting: false,
            done: Some(Err("no staff member kato".into())),
        },
    };
    let h = harness(admin(StaffLanguage::English, failed));
    h.get_by_label_contains("Could not unlock: no staff member kato");
    h.get_by_label("No member is locked out.");
    // The same desk for a plain member: every other tab, no unlock.
    let cases = StaffScreen::Cases {
        member: "suzuki".into(),
        cases: vec![],
    };
    let h = harness(desk(StaffLanguage::English, cases.clone()));
    h.get_by_label("Visual check");
    assert!(h.query_by_label("Unlock").is_none());
    let h = harness(admin(StaffLanguage::English, cases));
    h.get_by_label("Unlock");
}

#[test]
fn documents_page_picks_a_document_and_shows_the_decision() {
    let visit = time::macros::date!(2026 - 01 - 10);
    let documents = |kind, facts| StaffScreen::Documents {
        member: "suzuki".into(),
        form: DocumentForm {
            visit_date: Some(visit),
            kind,
            facts,
            recorded: false,
        },
    };
    let mut h = harness(desk(
        StaffLanguage::Japanese,
        documents(None, DocumentFacts::default()),
    ));
    h.get_by_label_contains("2026年1月10日");
    assert_eq!(
        click(&mut h, "資格情報のお知らせ"),
        [UiEvent::Staff(StaffUi::Document(
            DocumentKind::QualificationInfoNotice
        ))]
    );
    // The notice alone, in the transitional measure.
    let mut h = harness(desk(
        StaffLanguage::Japanese,
        documents(
            Some(DocumentKind::QualificationInfoNotice),
            DocumentFacts::default(),
        ),
    ));
    h.get_by_label_contains("番号照会）で確認できた場合のみ");
    // The basis in the desk's language, from the one rule table (`myna_protocol::documents`).
    h.get_by_label_contains("根拠：資格情報のお知らせだけ、または有効期限の過ぎた従来の保険証は");
    let english = harness(desk(
        StaffLanguage::English,
        documents(
            Some(DocumentKind::QualificationInfoNotice),
            DocumentFacts::default(),
        ),
    ));
    english.get_by_label_contains(
        "Basis: eligibility notice (お知らせ) alone, or an expired old insurance card, with an online number query",
    );
    assert_eq!(
        click(&mut h, "カードあり"),
        [UiEvent::Staff(StaffUi::CardPresent(true))]
    );
    assert_eq!(
        click(&mut h, "日付を入力"),
        [UiEvent::Staff(StaffUi::SetDate(Fact::DocumentExpiry))]
    );
    assert_eq!(
        click(&mut h, "判定を記録する"),
        [UiEvent::Staff(StaffUi::RecordDocument)]
    );
    // English: an old card past its printed end after the measure, with the date stepper.
    let mut h = harness(desk(
        StaffLanguage::English,
        StaffScreen::Documents {
            member: "suzuki".into(),
            form: DocumentForm {
                visit_date: Some(time::macros::date!(2026 - 04 - 01)),
                kind: Some(DocumentKind::OldInsuranceCard),
                facts: DocumentFacts {
                    old_card_valid_until: Some(time::macros::date!(2025 - 07 - 31)),
                    ..DocumentFacts::default()
                },
                recorded: true,
            },
        },
    ));
    h.get_by_label_contains("the visit date, 2026-04-01");
    h.get_by_label_contains("Refuse: the old insurance card is no longer valid.");
    h.get_by_label_contains("被保険者資格申立書");
    h.get_by_label("Recorded.");
    h.get_by_label("2025");
    let plus = h.get_all_by_label("+").count();
    assert_eq!(plus, 3);
    h.state_mut().events.clear();
    if let Some(plus) = h.get_all_by_label("+").next() {
        plus.click();
    }
    ui_support::settle(&mut h);
    assert_eq!(
        std::mem::take(&mut h.state_mut().events),
        [UiEvent::Staff(StaffUi::StepDate {
            fact: Fact::OldCardValidUntil,
            part: DatePart::Year,
            up: true,
        })]
    );
    assert_eq!(
        click(&mut h, "No document"),
        [UiEvent::Staff(StaffUi::Document(DocumentKind::Nothing))]
    );
    let mut h = harness(desk(
        StaffLanguage::English,
        documents(Some(DocumentKind::Nothing), DocumentFacts::default()),
    ));
    h.get_by_label_contains("Use the 被保険者資格申立書");
    assert_eq!(
        click(&mut h, "Documents"),
        [UiEvent::Staff(StaffUi::Page(StaffPage::Documents))]
    );
}

fn answered(validity: &str) -> StaffAnswer {
    StaffAnswer::Answered {
        result: Box::new(ConfirmationResult {
            request_id: "0".into(),
            qualification_confirmation_date: "2026-11-26".into(),
            processed_at: "2026-11-26T00:00:00Z".into(),
            processing_result_status: "1".into(),
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: validity.into(),
            results: vec![QualificationResult {
                insurer_number: "138016".into(),
                insurer_name: "千代田区".into(),
                insured_identification_number: "4567".into(),
                name: "試験　竹男".into(),
                name_kana: "ｼｹﾝ ﾀｹｵ".into(),
                birthdate: "1975-08-15".into(),
                insured_partial_contribution_ratio: "030".into(),
                ..QualificationResult::default()
            }],
            consent: Default::default(),
            warnings: vec![],
        }),
        terminal: true,
    }
}

#[test]
fn number_query_page_shows_the_era_the_answer_and_what_to_fix() {
    let numbers = |form| StaffScreen::Numbers {
        member: "suzuki".into(),
        form,
    };
    let mut form = NumberForm::default();
    form.set(NumberField::BirthDate, "19750815");
    form.answer = Some(answered("1"));
    let mut h = harness(desk(StaffLanguage::Japanese, numbers(form.clone())));
    h.get_by_label("保険者番号");
    h.get_by_label_contains("昭和50年");
    h.get_by_label("資格あり（有効）");
    h.get_by_label("資格確認端末からの回答");
    h.get_by_label("試験　竹男（ｼｹﾝ ﾀｹｵ）");
    h.get_by_label_contains("負担割合3割");
    assert_eq!(
        click(&mut h, "照会する"),
        [UiEvent::Staff(StaffUi::SendNumbers)]
    );
    assert_eq!(
        click(&mut h, "同意する"),
        [UiEvent::Staff(StaffUi::LimitConsent(true))]
    );

    form.answer = Some(answered("4"));
    let h = harness(desk(StaffLanguage::English, numbers(form.clone())));
    h.get_by_label_contains("no matching eligibility");
    form.answer = Some(StaffAnswer::Queued);
    let h = harness(desk(StaffLanguage::English, numbers(form.clone())));
    h.get_by_label_contains("The query waits in the outbox");
    form.answer = Some(StaffAnswer::Failed(QueryProblem::NotQueued));
    let h = harness(desk(StaffLanguage::English, numbers(form.clone())));
    h.get_by_label_contains("NOT queued");

    form.answer = None;
    form.error = form.search_info().err();
    let h = harness(desk(StaffLanguage::Japanese, numbers(form.clone())));
    h.get_by_label_contains("「保険者番号」の入力を確認してください");
    h.get_by_label("照会する");

    // Six digits, but two swapped: the check digit tells a typing error, in the staff's
    // language, before anything is sent.
    form.set(NumberField::InsurerNumber, "138061");
    form.set(NumberField::Number, "4567");
    form.error = form.search_info().err();
    assert!(form.error.as_ref().is_some_and(|e| e.is_check_digit()));
    let h = harness(desk(StaffLanguage::Japanese, numbers(form.clone())));
    h.get_by_label_contains("最後の桁（検証番号）が合いません");
    assert!(
        h.query_by_label_contains("入力を確認してください")
            .is_none()
    );
    let h = harness(desk(StaffLanguage::English, numbers(form.clone())));
    h.get_by_label_contains("probably mistyped");
    h.get_by_label_contains("Nothing was sent");

    // The first year of an era reads 元年, as documents print it.
    form.set(NumberField::BirthDate, "1989-01-08");
    let h = harness(desk(StaffLanguage::Japanese, numbers(form.clone())));
    h.get_by_label_contains("平成元年");
    form.set(NumberField::BirthDate, "1912-07-29");
    let h = harness(desk(StaffLanguage::English, numbers(form)));
    h.get_by_label_contains("明治45年");
}

#[test]
fn visual_check_page_takes_the_code_and_asks_for_the_comparison() {
    let visual = |form| StaffScreen::Visual {
        member: "suzuki".into(),
        form,
    };
    let mut form = VisualForm::default();
    form.code.era = Some(Era::Showa);
    for d in [5, 0, 0, 8] {
        form.push(d);
    }
    form.problem = Some(PhotoProblem::WrongCode { tries_left: 2 });
    let mut h = harness(desk(StaffLanguage::English, visual(form)));
    h.get_by_label("5008__");
    assert_eq!(h.query_all_by_label("____").count(), 2);
    h.get_by_label_contains("Tries left on the card: 2");
    assert_eq!(
        click(&mut h, "平成"),
        [UiEvent::Staff(StaffUi::VisualEra(Era::Heisei))]
    );
    assert_eq!(
        click(&mut h, "9"),
        [UiEvent::Staff(StaffUi::VisualDigit(9))]
    );
    assert_eq!(
        click(&mut h, "Read the photo"),
        [UiEvent::Staff(StaffUi::ReadCardFace)]
    );

    let mut h = harness(desk(StaffLanguage::English, visual(VisualForm::default())));
    h.get_by_label_contains("PIN and face failure counts do not change");
    h.get_by_label_contains("is typed 01");
    assert_eq!(
        click(&mut h, "明治"),
        [UiEvent::Staff(StaffUi::VisualEra(Era::Meiji))]
    );

    // A 明治 birth date, read back as the card prints it; 元年 typed as 01.
    for (era, digits, shown) in [
        (Era::Meiji, "450729", "明治45年7月29日"),
        (Era::Heisei, "010108", "平成元年1月8日"),
    ] {
        let mut form = VisualForm::default();
        form.code.era = Some(era);
        for d in digits.bytes() {
            form.push(d - b'0');
        }
        let h = harness(desk(StaffLanguage::Japanese, visual(form)));
        h.get_by_label(digits);
        h.get_by_label(shown);
        h.get_by_label_contains("元年は「01」");
    }

    let compare = VisualForm {
        step: VisualStep::Compare(CardPhoto {
            width: 30,
            height: 40,
            rgb: zeroize::Zeroizing::new(vec![90; 30 * 40 * 3]),
        }),
        ..VisualForm::default()
    };
    let mut h = harness(desk(StaffLanguage::Japanese, visual(compare)));
    h.get_by_label("カードの写真とご本人を見比べてください。");
    assert_eq!(
        click(&mut h, "本人と確認しました"),
        [UiEvent::Staff(StaffUi::VisualVerdict(true))]
    );
    assert_eq!(
        click(&mut h, "本人と確認できません"),
        [UiEvent::Staff(StaffUi::VisualVerdict(false))]
    );
    assert_eq!(
        click(&mut h, "目視確認"),
        [UiEvent::Staff(StaffUi::Page(StaffPage::Visual))]
    );

    let done = VisualForm {
        step: VisualStep::NotConfirmed,
        ..VisualForm::default()
    };
    let mut h = harness(desk(StaffLanguage::Japanese, visual(done)));
    h.get_by_label_contains("何も送信していません");
    assert_eq!(
        click(&mut h, "最初からやり直す"),
        [UiEvent::Staff(StaffUi::VisualAgain)]
    );
}

#[test]
fn the_cases_page_shows_the_health_line() {
    let cases = || StaffScreen::Cases {
        member: "suzuki".into(),
        cases: vec![],
    };
    let view = |health| View {
        staff: Some(StaffView {
            language: StaffLanguage::Japanese,
            screen: cases(),
            cases_waiting: 0,
            face_off: None,
            card_front_off: false,
            health: Some(health),
            admin: false,
        }),
        ..View::default()
    };
    let h = harness(view(Health {
        reader: Some(true),
        gateway: Some((true, "09:15".into())),
        face_off: None,
        staff_call: true,
        outbox: Ok(2),
        key: None,
    }));
    h.get_by_label(
        "リーダー：接続 ・ 資格確認：応答あり（09:15） ・ 顔認証：使用可 ・ スタッフ呼び出し：設定あり ・ 未送信：2件",
    );
    let h = harness(view(Health {
        reader: Some(false),
        gateway: None,
        face_off: Some(myna_kiosk::reception::desk::FaceOff::NoCamera),
        staff_call: false,
        outbox: Err("disk I/O error".into()),
        key: None,
    }));
    h.get_by_label_contains("リーダー：見つかりません");
    h.get_by_label_contains("スタッフ呼び出し：未設定");
    h.get_by_label_contains("記録を読めません：disk I/O error");
    // With a clinic server: this kiosk's key fingerprint and whether the gateway accepts it.
    let h = harness(view(Health {
        reader: Some(true),
        gateway: Some((true, "09:15".into())),
        face_off: None,
        staff_call: true,
        outbox: Ok(0),
        key: Some(KeyStanding {
            fingerprint: "6668-7AAD-F862-BD77-6C8F".into(),
            standing: Standing::WaitingForApproval,
        }),
    }));
    h.get_by_label_contains("この受付機の鍵：6668-7AAD-F862-BD77-6C8F（管理者の承認待ち");
}
