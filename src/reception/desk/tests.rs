//! The desk's transitions.

use super::*;

fn desk_with(members: &[&str]) -> Desk {
    let mut desk = Desk::default();
    desk.step(DeskEvent::Members(
        members.iter().map(|m| m.to_string()).collect(),
    ));
    desk
}

fn ui(desk: &mut Desk, ui: StaffUi) -> Vec<DeskEffect> {
    desk.step(DeskEvent::Ui(ui))
}

fn type_pin(desk: &mut Desk, digits: &str) {
    for d in digits.bytes() {
        ui(desk, StaffUi::Digit(d - b'0'));
    }
}

fn sign_in(desk: &mut Desk) {
    sign_in_as(desk, Role::Staff);
}

fn sign_in_as(desk: &mut Desk, role: Role) {
    ui(desk, StaffUi::Open);
    ui(desk, StaffUi::SelectMember(0));
    type_pin(desk, "246810");
    let effects = ui(desk, StaffUi::Submit);
    let [DeskEffect::VerifyPin { member, pin }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(pin.as_bytes(), b"246810");
    desk.step(DeskEvent::Login {
        member: member.clone(),
        result: LoginResult::Accepted,
        role,
    });
    assert!(desk.is_open());
}

#[test]
fn locked_until_opened_and_a_member_signs_in() {
    let mut desk = desk_with(&["suzuki", "tanaka"]);
    assert!(desk.view().is_none());
    let effects = ui(&mut desk, StaffUi::Open);
    assert!(matches!(effects.as_slice(), [DeskEffect::LoadMembers]));
    // No member chosen: the PIN goes nowhere.
    type_pin(&mut desk, "246810");
    assert!(ui(&mut desk, StaffUi::Submit).is_empty());
    ui(&mut desk, StaffUi::SelectMember(1));
    let Some(StaffView {
        screen: StaffScreen::Login {
            selected, entered, ..
        },
        ..
    }) = desk.view()
    else {
        panic!()
    };
    assert_eq!(
        (selected, entered),
        (Some(1), 0),
        "choosing a member clears the PIN"
    );
    type_pin(&mut desk, "12345");
    assert!(
        ui(&mut desk, StaffUi::Submit).is_empty(),
        "5 digits: too short"
    );
    type_pin(&mut desk, "6");
    let effects = ui(&mut desk, StaffUi::Submit);
    assert!(
        matches!(effects.as_slice(), [DeskEffect::VerifyPin { member, .. }] if member == "tanaka")
    );
    // While the check runs, keys do nothing (one check per entry).
    type_pin(&mut desk, "1");
    assert!(ui(&mut desk, StaffUi::Submit).is_empty());
    desk.step(DeskEvent::Login {
        member: "tanaka".into(),
        result: LoginResult::Wrong { tries_left: 4 },
        role: Role::Staff,
    });
    let Some(StaffView {
        screen: StaffScreen::Login {
            entered, message, ..
        },
        ..
    }) = desk.view()
    else {
        panic!()
    };
    assert_eq!(entered, 0);
    assert_eq!(
        message,
        Some(LoginMessage::Result(LoginResult::Wrong { tries_left: 4 }))
    );
    assert!(!desk.is_open());
}

#[test]
fn a_result_for_another_member_does_not_sign_in() {
    let mut desk = desk_with(&["suzuki", "tanaka"]);
    ui(&mut desk, StaffUi::Open);
    ui(&mut desk, StaffUi::SelectMember(0));
    type_pin(&mut desk, "246810");
    ui(&mut desk, StaffUi::Submit);
    desk.step(DeskEvent::Login {
        member: "tanaka".into(),
        result: LoginResult::Accepted,
        role: Role::Admin,
    });
    assert!(!desk.is_open());
}

#[test]
fn no_members_says_so() {
    let mut desk = desk_with(&[]);
    ui(&mut desk, StaffUi::Open);
    type_pin(&mut desk, "246810");
    ui(&mut desk, StaffUi::Submit);
    let Some(StaffView {
        screen: StaffScreen::Login { message, .. },
        ..
    }) = desk.view()
    else {
        panic!()
    };
    assert_eq!(message, Some(LoginMessage::NoMembers));
}

#[test]
fn referrals_become_cases_and_call_staff() {
    let mut desk = desk_with(&["suzuki"]);
    let at = OffsetDateTime::UNIX_EPOCH;
    let effects = desk.step(DeskEvent::Referred {
        reason: StaffReason::PinLocked,
        at,
    });
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::CallStaff(StaffReason::PinLocked)]
    ));
    desk.step(DeskEvent::Referred {
        reason: StaffReason::Qualification(2),
        at,
    });
    assert_eq!(desk.cases().len(), 2);
    sign_in(&mut desk);
    let Some(StaffView {
        screen: StaffScreen::Cases { cases, member },
        cases_waiting,
        ..
    }) = desk.view()
    else {
        panic!()
    };
    assert_eq!((member.as_str(), cases_waiting), ("suzuki", 2));
    let effects = ui(&mut desk, StaffUi::CaseDone(cases[0].id));
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::Audit { actor, action: AuditAction::StaffCaseDone, detail }]
            if actor == "suzuki" && detail["reason"] == "pin_locked"
    ));
    assert_eq!(desk.cases(), &cases[1..]);
    for i in 0..(MAX_CASES + 5) {
        desk.step(DeskEvent::Referred {
            reason: StaffReason::PatientCalled,
            at: at + time::Duration::seconds(i as i64),
        });
    }
    assert_eq!(desk.cases().len(), MAX_CASES);
}

#[test]
fn pages_load_their_lists_and_lock_wipes_them() {
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    let effects = ui(&mut desk, StaffUi::Page(StaffPage::Today));
    assert!(matches!(
        effects.as_slice(),
        [
            DeskEffect::LoadToday,
            DeskEffect::Audit {
                action: AuditAction::StaffViewToday,
                ..
            }
        ]
    ));
    let row = VisitRow {
        time: "09:12".into(),
        method: "pin".into(),
        status: "provisional".into(),
        provisional: true,
        waiting: true,
        assurance: Some(crate::eligibility::protocol::Assurance::CardSignature),
        card_data: None,
    };
    desk.step(DeskEvent::Today(Ok(vec![row.clone()])));
    assert!(matches!(
        desk.view().map(|v| v.screen),
        Some(StaffScreen::Today { visits: Some(Ok(rows)), .. }) if rows == vec![row]
    ));
    let effects = ui(&mut desk, StaffUi::Page(StaffPage::Outbox));
    assert!(matches!(effects[0], DeskEffect::LoadOutbox));
    // Retry only from the outbox page; the list reloads after it.
    let effects = ui(&mut desk, StaffUi::RetryOutbox);
    assert!(matches!(
        effects.as_slice(),
        [
            DeskEffect::Audit {
                action: AuditAction::StaffRetryOutbox,
                ..
            },
            DeskEffect::RetryOutbox
        ]
    ));
    let effects = desk.step(DeskEvent::Retried { sent: 3 });
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::LoadOutbox, DeskEffect::LoadRefusals]
    ));
    assert!(matches!(
        desk.view().map(|v| v.screen),
        Some(StaffScreen::Outbox {
            retried: Some(3),
            ..
        })
    ));
    let effects = desk.step(DeskEvent::IdleTimeout);
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::Audit { action: AuditAction::StaffAutoLock, actor, .. }, DeskEffect::ForgetCardFace] if actor == "suzuki"
    ));
    assert!(desk.view().is_none());
    // Signing in again starts from the cases page with no list kept.
    sign_in(&mut desk);
    assert!(matches!(
        desk.view().map(|v| v.screen),
        Some(StaffScreen::Cases { .. })
    ));
    ui(&mut desk, StaffUi::Page(StaffPage::Today));
    assert!(matches!(
        desk.view().map(|v| v.screen),
        Some(StaffScreen::Today { visits: None, .. })
    ));
    let effects = ui(&mut desk, StaffUi::Close);
    assert!(matches!(
        effects.as_slice(),
        [
            DeskEffect::Audit {
                action: AuditAction::StaffSignOut,
                ..
            },
            DeskEffect::ForgetCardFace
        ]
    ));
}

fn documents_form(desk: &Desk) -> DocumentForm {
    match desk.view().map(|v| v.screen) {
        Some(StaffScreen::Documents { form, .. }) => form,
        other => panic!("{other:?}"),
    }
}

#[test]
fn documents_page_decides_for_the_visit_date_and_audits_codes_only() {
    use time::macros::date;
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    let effects = ui(&mut desk, StaffUi::Page(StaffPage::Documents));
    assert!(matches!(effects.as_slice(), [DeskEffect::LoadVisitDate]));
    // Nothing to decide before the date is known and a document chosen.
    assert_eq!(documents_form(&desk).decision(), None);
    assert!(ui(&mut desk, StaffUi::RecordDocument).is_empty());
    desk.step(DeskEvent::VisitDate(date!(2026 - 01 - 10)));
    ui(
        &mut desk,
        StaffUi::Document(DocumentKind::QualificationInfoNotice),
    );
    // Notice alone on 2026-01-10: the transitional measure.
    let form = documents_form(&desk);
    assert_eq!(form.decision(), Some(Decision::AcceptIfNumberQueryConfirms));
    let basis = form.basis();
    assert_eq!(basis.map(|b| b.ja.contains("2025-11-12")), Some(true));
    assert_eq!(basis.map(|b| b.en.contains("2025-11-12")), Some(true));
    ui(&mut desk, StaffUi::CardPresent(true));
    assert_eq!(documents_form(&desk).decision(), Some(Decision::Accept));
    // An expiry printed on the notice, stepped back past the visit date: refused.
    ui(&mut desk, StaffUi::SetDate(Fact::DocumentExpiry));
    assert_eq!(
        documents_form(&desk).facts.document_expiry,
        Some(date!(2026 - 01 - 10))
    );
    ui(
        &mut desk,
        StaffUi::StepDate {
            fact: Fact::DocumentExpiry,
            part: DatePart::Day,
            up: false,
        },
    );
    assert_eq!(
        documents_form(&desk).decision(),
        Some(Decision::Refuse(
            crate::reception::documents::Refusal::DocumentExpired
        ))
    );
    ui(&mut desk, StaffUi::ClearDate(Fact::DocumentExpiry));
    let effects = ui(&mut desk, StaffUi::RecordDocument);
    let [
        DeskEffect::Audit {
            actor,
            action,
            detail,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (actor.as_str(), action.as_str()),
        ("suzuki", "staff_document_decision")
    );
    assert_eq!(
        detail,
        &serde_json::json!({"kind": "qualification_info_notice", "decision": "accept"})
    );
    assert!(documents_form(&desk).recorded);
    // A 資格確認書 without its expiry cannot be recorded yet.
    ui(
        &mut desk,
        StaffUi::Document(DocumentKind::QualificationCertificate),
    );
    let form = documents_form(&desk);
    assert!(!form.recorded && !form.facts.card_present);
    assert_eq!(
        form.decision(),
        Some(Decision::NeedsFact(Fact::DocumentExpiry))
    );
    assert!(ui(&mut desk, StaffUi::RecordDocument).is_empty());
    // Old card past the statutory end after the measure: refused.
    desk.step(DeskEvent::VisitDate(date!(2026 - 04 - 01)));
    ui(&mut desk, StaffUi::Document(DocumentKind::OldInsuranceCard));
    assert_eq!(
        documents_form(&desk).decision(),
        Some(Decision::Refuse(
            crate::reception::documents::Refusal::OldCardExpired
        ))
    );
    // Lock wipes the form; the page starts afresh.
    desk.step(DeskEvent::IdleTimeout);
    sign_in(&mut desk);
    ui(&mut desk, StaffUi::Page(StaffPage::Documents));
    assert_eq!(documents_form(&desk), DocumentForm::default());
}

/// The PIN typed at the desk lives in one buffer of full size from the first digit to the check.
#[test]
fn typing_a_staff_pin_never_grows_its_buffer() {
    let mut desk = desk_with(&["suzuki"]);
    ui(&mut desk, StaffUi::Open);
    ui(&mut desk, StaffUi::SelectMember(0));
    let buffer = |desk: &Desk| match &desk.state {
        State::Login { pin, .. } => (pin.capacity(), pin.0.as_ptr(), pin.len()),
        other => panic!("{other:?}"),
    };
    let (capacity, at, _) = buffer(&desk);
    assert!(capacity >= STAFF_PIN_MAX);
    for d in [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4] {
        ui(&mut desk, StaffUi::Digit(d));
        let (c, a, _) = buffer(&desk);
        assert_eq!((c, a), (capacity, at));
    }
    assert_eq!(
        buffer(&desk).2,
        STAFF_PIN_MAX,
        "a thirteenth digit is not taken"
    );
    ui(&mut desk, StaffUi::Backspace);
    ui(&mut desk, StaffUi::Digit(5));
    let (c, a, _) = buffer(&desk);
    assert_eq!((c, a), (capacity, at));
    assert!(StaffPin::parse("975310").unwrap().capacity() >= STAFF_PIN_MAX);
    assert!(StaffPin::parse("975310").unwrap().clone().capacity() >= STAFF_PIN_MAX);
}

#[test]
fn staff_pin_rules_and_redaction() {
    assert!(StaffPin::parse("12345").is_none());
    assert!(StaffPin::parse("1234567890123").is_none());
    assert!(StaffPin::parse("12345a").is_none());
    let pin = StaffPin::parse("975310").unwrap();
    assert_eq!(format!("{pin:?}"), "StaffPin(6 digits)");
    let mut desk = desk_with(&["suzuki"]);
    ui(&mut desk, StaffUi::Open);
    ui(&mut desk, StaffUi::SelectMember(0));
    type_pin(&mut desk, "975310");
    assert!(!format!("{desk:?}").contains("975310"));
}

fn screen(desk: &Desk) -> StaffScreen {
    desk.view().map(|v| v.screen).expect("the desk shows")
}

fn audited(effects: &[DeskEffect]) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            DeskEffect::Audit { action, .. } => Some(action.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn number_query_checks_the_fields_then_sends_once_and_shows_the_answer() {
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    ui(&mut desk, StaffUi::Page(StaffPage::Numbers));
    for (field, text) in [
        (NumberField::InsurerNumber, "1380"),
        (NumberField::Number, " 4567 "),
        (NumberField::BirthDate, "19750815"),
    ] {
        ui(&mut desk, StaffUi::NumberText(field, text.into()));
    }
    assert!(ui(&mut desk, StaffUi::SendNumbers).is_empty());
    let StaffScreen::Numbers { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(form.error.map(|e| e.field), Some("insurer_number"));
    // Two digits swapped: the right length, but the check digit (検証番号) does not fit, so
    // nothing is sent (no query, no audit) and staff are told it is a typing error.
    ui(
        &mut desk,
        StaffUi::NumberText(NumberField::InsurerNumber, "138061".into()),
    );
    assert!(ui(&mut desk, StaffUi::SendNumbers).is_empty());
    let StaffScreen::Numbers { form, .. } = screen(&desk) else {
        panic!()
    };
    assert!(form.error.is_some_and(|e| e.is_check_digit()));
    assert!(!form.waiting);

    ui(
        &mut desk,
        StaffUi::NumberText(NumberField::InsurerNumber, "138016".into()),
    );
    ui(&mut desk, StaffUi::LimitConsent(true));
    let effects = ui(&mut desk, StaffUi::SendNumbers);
    let [
        DeskEffect::Audit { detail, .. },
        DeskEffect::QueryNumbers(info),
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(info.insured_identification_number, "4567", "trimmed");
    assert_eq!(info.birthdate, "1975-08-15");
    assert_eq!(info.insured_card_symbol, None);
    assert!(info.limit_consent());
    // The numbers never reach the audit log.
    assert!(!detail.to_string().contains("4567") && !detail.to_string().contains("138016"));
    // One query at a time: touches wait for the answer.
    assert!(ui(&mut desk, StaffUi::SendNumbers).is_empty());
    ui(
        &mut desk,
        StaffUi::NumberText(NumberField::Number, "9".into()),
    );
    let effects = desk.step(DeskEvent::NumberAnswer(StaffAnswer::Queued));
    assert_eq!(audited(&effects), ["staff_number_answer"]);
    let StaffScreen::Numbers { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(form.text(NumberField::Number), " 4567 ");
    assert_eq!(form.answer, Some(StaffAnswer::Queued));
    // An answer that arrives for nobody (after a page change) is dropped.
    ui(&mut desk, StaffUi::Page(StaffPage::Cases));
    desk.step(DeskEvent::NumberAnswer(StaffAnswer::Queued));
    ui(&mut desk, StaffUi::Page(StaffPage::Numbers));
    let StaffScreen::Numbers { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(
        form,
        NumberForm::default(),
        "a fresh form for the next patient"
    );
}

fn photo() -> CardPhoto {
    CardPhoto {
        width: 2,
        height: 2,
        rgb: Zeroizing::new(vec![1; 12]),
    }
}

fn type_code(desk: &mut Desk, digits: &str) {
    for d in digits.bytes() {
        ui(desk, StaffUi::VisualDigit(d - b'0'));
    }
}

#[test]
fn visual_check_reads_the_photo_then_confirms_in_the_members_name() {
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    ui(&mut desk, StaffUi::Page(StaffPage::Visual));
    type_code(&mut desk, "55021720352285");
    // No era: not a code.
    assert!(ui(&mut desk, StaffUi::ReadCardFace).is_empty());
    ui(&mut desk, StaffUi::VisualEra(Era::Showa));
    let effects = ui(&mut desk, StaffUi::ReadCardFace);
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::Audit { .. }, DeskEffect::ReadCardFace(_)]
    ));
    // Reading: keys do nothing, a second read is not sent.
    type_code(&mut desk, "1");
    assert!(ui(&mut desk, StaffUi::ReadCardFace).is_empty());
    desk.step(DeskEvent::CardFace(Err(PhotoProblem::WrongCode {
        tries_left: 2,
    })));
    let StaffScreen::Visual { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(form.code.digits(), "55021720352285", "kept to correct");
    assert_eq!(
        form.problem,
        Some(PhotoProblem::WrongCode { tries_left: 2 })
    );

    ui(&mut desk, StaffUi::ReadCardFace);
    desk.step(DeskEvent::CardFace(Ok(photo())));
    let StaffScreen::Visual { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(
        form.code.digits(),
        "",
        "the code is wiped once the photo is read"
    );
    assert_eq!(form.step, VisualStep::Compare(photo()));
    let effects = ui(&mut desk, StaffUi::VisualVerdict(true));
    assert!(
        matches!(effects.as_slice(), [DeskEffect::Audit { .. }, DeskEffect::ConfirmVisual { member }] if member == "suzuki")
    );
    assert!(
        ui(&mut desk, StaffUi::VisualVerdict(true)).is_empty(),
        "sent once"
    );
    desk.step(DeskEvent::VisualAnswer(StaffAnswer::Queued));
    let StaffScreen::Visual { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(form.step, VisualStep::Done(StaffAnswer::Queued));
}

#[test]
fn not_confirming_leaving_or_locking_drops_the_photo_and_the_certificate() {
    let forgets = |effects: &[DeskEffect]| {
        effects
            .iter()
            .any(|e| matches!(e, DeskEffect::ForgetCardFace))
    };
    let read = |desk: &mut Desk| {
        ui(desk, StaffUi::Page(StaffPage::Visual));
        ui(desk, StaffUi::VisualEra(Era::Showa));
        type_code(desk, "55021720352285");
        ui(desk, StaffUi::ReadCardFace);
        desk.step(DeskEvent::CardFace(Ok(photo())));
    };
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    read(&mut desk);
    let effects = ui(&mut desk, StaffUi::VisualVerdict(false));
    assert!(forgets(&effects));
    assert_eq!(audited(&effects), ["staff_visual_not_confirmed"]);
    let StaffScreen::Visual { form, .. } = screen(&desk) else {
        panic!()
    };
    assert_eq!(form.step, VisualStep::NotConfirmed);

    read(&mut desk);
    assert!(forgets(&ui(&mut desk, StaffUi::Page(StaffPage::Today))));
    read(&mut desk);
    assert!(forgets(&desk.step(DeskEvent::IdleTimeout)));
    assert!(desk.view().is_none());
    sign_in(&mut desk);
    read(&mut desk);
    assert!(forgets(&ui(&mut desk, StaffUi::Close)));
    // Debug output never shows the code or the photo.
    let mut form = VisualForm::default();
    form.push(5);
    assert!(!format!("{form:?}").contains('5'));
}

#[test]
fn a_visit_refused_on_replay_is_one_case_until_staff_settle_it() {
    let mut desk = desk_with(&["suzuki"]);
    let at = OffsetDateTime::UNIX_EPOCH;
    let refusal = ReplayRefusal {
        visit: 7,
        at,
        code: ErrorCode::CertificateRevoked,
    };
    let reason = StaffReason::RefusedOnReplay {
        code: ErrorCode::CertificateRevoked,
        visit: 7,
    };
    // Staff are called once, even when the store reports it again (each replay round).
    let effects = desk.step(DeskEvent::Refusals(vec![refusal]));
    assert!(matches!(effects.as_slice(), [DeskEffect::CallStaff(r)] if *r == reason));
    assert!(desk.step(DeskEvent::Refusals(vec![refusal])).is_empty());
    assert_eq!(desk.cases().len(), 1);
    assert_eq!((desk.cases()[0].reason, desk.cases()[0].at), (reason, at));
    sign_in(&mut desk);
    let id = desk.cases()[0].id;
    let effects = ui(&mut desk, StaffUi::CaseDone(id));
    assert!(matches!(
        effects.as_slice(),
        [
            DeskEffect::Audit { action: AuditAction::StaffCaseDone, .. },
            DeskEffect::SettleRefusal { actor, visit: 7 }
        ] if actor == "suzuki"
    ));
    assert!(desk.cases().is_empty());
}

fn locked_member(name: &str) -> LockedMember {
    LockedMember {
        name: name.into(),
        needs_admin: true,
        until: None,
    }
}

#[test]
fn a_member_without_the_admin_role_never_reaches_the_unlock_page() {
    let mut desk = desk_with(&["suzuki"]);
    sign_in(&mut desk);
    assert!(!desk.view().unwrap().admin, "no unlock tab offered");
    assert!(ui(&mut desk, StaffUi::Page(StaffPage::Unlock)).is_empty());
    assert!(matches!(screen(&desk), StaffScreen::Cases { .. }));
    // Even events that should not come are refused: no list kept, nothing unlocked.
    desk.step(DeskEvent::Locked(Ok(vec![locked_member("tanaka")])));
    assert!(ui(&mut desk, StaffUi::Unlock("tanaka".into())).is_empty());
    ui(&mut desk, StaffUi::Page(StaffPage::Today));
    assert!(ui(&mut desk, StaffUi::Unlock("tanaka".into())).is_empty());
    assert!(
        desk.step(DeskEvent::Unlocked(Ok("tanaka".into())))
            .is_empty()
    );
}

#[test]
fn an_admin_unlocks_a_listed_member_in_their_own_name() {
    let mut desk = desk_with(&["sato", "tanaka"]);
    sign_in_as(&mut desk, Role::Admin);
    assert!(desk.view().unwrap().admin);
    let effects = ui(&mut desk, StaffUi::Page(StaffPage::Unlock));
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::LoadLocked, DeskEffect::Audit { action: AuditAction::StaffViewLocked, actor, .. }]
            if actor == "sato"
    ));
    // Nothing to unlock before the list is in, nor a member it does not show.
    assert!(ui(&mut desk, StaffUi::Unlock("tanaka".into())).is_empty());
    desk.step(DeskEvent::Locked(Ok(vec![locked_member("tanaka")])));
    assert!(ui(&mut desk, StaffUi::Unlock("kato".into())).is_empty());
    let effects = ui(&mut desk, StaffUi::Unlock("tanaka".into()));
    assert!(matches!(
        effects.as_slice(),
        [DeskEffect::Unlock { actor, member }] if actor == "sato" && member == "tanaka"
    ));
    // One unlock at a time.
    assert!(ui(&mut desk, StaffUi::Unlock("tanaka".into())).is_empty());
    let effects = desk.step(DeskEvent::Unlocked(Ok("tanaka".into())));
    assert!(matches!(effects.as_slice(), [DeskEffect::LoadLocked]));
    desk.step(DeskEvent::Locked(Ok(vec![])));
    let StaffScreen::Unlock { member, form } = screen(&desk) else {
        panic!()
    };
    assert_eq!(member, "sato");
    assert_eq!(form.done, Some(Ok("tanaka".into())));
    assert_eq!(form.locked, Some(Ok(vec![])));
    // Locking drops the list; the next sign-in is a plain member's: no unlock page.
    ui(&mut desk, StaffUi::Close);
    sign_in(&mut desk);
    assert!(!desk.view().unwrap().admin);
    assert!(ui(&mut desk, StaffUi::Page(StaffPage::Unlock)).is_empty());
}
