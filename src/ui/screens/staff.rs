//! The staff desk (issue 6): sign-in with a staff PIN, the cases waiting for staff with the reason
//! and the next step, today's visits and the outbox. Japanese, with English available.

use eframe::egui::{self, Margin, Ui, Vec2};

use crate::reception::desk::{
    Case, Health, KeyStanding, LoginMessage, LoginResult, OutboxRow, StaffLanguage, StaffPage,
    StaffReason, StaffScreen, StaffUi, StaffView, Standing, UnlockForm, VisitRow,
};
use crate::reception::view::{Language, UiEvent};
use crate::ui::i18n::{Arg, I18n, Tr};
use crate::ui::theme::{self, Kind};

/// Draws the desk over the whole window.
pub fn show(ui: &mut Ui, i18n: &I18n, view: &StaffView, out: &mut Vec<UiEvent>) {
    let (language, other) = match view.language {
        StaffLanguage::Japanese => (Language::Japanese, StaffLanguage::English),
        StaffLanguage::English => (Language::English, StaffLanguage::Japanese),
    };
    let tr = Tr::new(i18n, language);
    super::use_language_fonts(ui, language);
    let mut push = |ui: StaffUi| out.push(UiEvent::Staff(ui));
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(theme::STAFF_BG)
                .inner_margin(Margin::symmetric(32, 20)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.set_min_height(theme::BUTTON_HEIGHT);
                theme::text(
                    ui,
                    &tr.get("staff-title"),
                    theme::HEADING,
                    theme::STAFF_TEXT,
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if theme::button(ui, &tr.get("staff-close"), Kind::Secondary, 500.0).clicked() {
                        push(StaffUi::Close);
                    }
                    if theme::button(ui, &tr.get("staff-language"), Kind::Secondary, 180.0)
                        .clicked()
                    {
                        push(StaffUi::Language(other));
                    }
                });
            });
            ui.add_space(12.0);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match &view.screen {
                    StaffScreen::Login {
                        members,
                        selected,
                        entered,
                        message,
                    } => login(ui, &tr, members, *selected, *entered, *message, &mut push),
                    StaffScreen::Cases { member, cases } => {
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            StaffPage::Cases,
                            cases.len(),
                            &mut push,
                        );
                        if let Some(health) = &view.health {
                            health_line(ui, &tr, health);
                        }
                        if let Some(reason) = view.face_off {
                            let text = tr.get(&format!("staff-face-off-{}", reason.code()));
                            theme::warning(ui, &text, theme::SMALL);
                            ui.add_space(8.0);
                        }
                        if view.card_front_off {
                            theme::warning(ui, &tr.get("staff-card-front-off"), theme::SMALL);
                            ui.add_space(8.0);
                        }
                        show_cases(ui, &tr, cases, &mut push);
                    }
                    StaffScreen::Today { member, visits } => {
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            StaffPage::Today,
                            view.cases_waiting,
                            &mut push,
                        );
                        loaded(ui, &tr, visits.as_ref(), |ui, rows| today(ui, &tr, rows));
                    }
                    StaffScreen::Outbox {
                        member,
                        entries,
                        retried,
                    } => {
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            StaffPage::Outbox,
                            view.cases_waiting,
                            &mut push,
                        );
                        if let Some(sent) = retried {
                            line(ui, &tr.with("staff-retried", &[("sent", num(*sent))]));
                        }
                        loaded(ui, &tr, entries.as_ref(), |ui, rows| {
                            outbox(ui, &tr, rows, &mut push)
                        });
                    }
                    StaffScreen::Documents { member, form } => {
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            StaffPage::Documents,
                            view.cases_waiting,
                            &mut push,
                        );
                        super::staff_documents::documents(ui, &tr, form, &mut push);
                    }
                    StaffScreen::Numbers { member, form } => {
                        let page = StaffPage::Numbers;
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            page,
                            view.cases_waiting,
                            &mut push,
                        );
                        super::staff_checks::numbers(ui, &tr, form, &mut push);
                    }
                    StaffScreen::Visual { member, form } => {
                        let page = StaffPage::Visual;
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            page,
                            view.cases_waiting,
                            &mut push,
                        );
                        super::staff_checks::visual(ui, &tr, form, &mut push);
                    }
                    StaffScreen::Unlock { member, form } => {
                        let page = StaffPage::Unlock;
                        tabs(
                            ui,
                            &tr,
                            view.admin,
                            member,
                            page,
                            view.cases_waiting,
                            &mut push,
                        );
                        unlock_page(ui, &tr, form, &mut push);
                    }
                });
        });
}

/// Reader, gateway, face, outbox on one line; in the warning colours when something is wrong.
fn health_line(ui: &mut Ui, tr: &Tr<'_>, health: &Health) {
    let reader = match health.reader {
        Some(true) => tr.get("staff-health-reader-yes"),
        Some(false) => tr.get("staff-health-reader-no"),
        None => tr.get("staff-health-reader-unknown"),
    };
    let gateway = match &health.gateway {
        Some((true, at)) => tr.with("staff-health-gateway-ok", &[("time", Arg::Str(at))]),
        Some((false, at)) => tr.with("staff-health-gateway-down", &[("time", Arg::Str(at))]),
        None => tr.get("staff-health-gateway-unknown"),
    };
    let face = tr.get(match health.face_off {
        None => "staff-health-face-on",
        Some(_) => "staff-health-face-off",
    });
    let call = tr.get(match health.staff_call {
        true => "staff-health-call-on",
        false => "staff-health-call-none",
    });
    let outbox = match &health.outbox {
        Ok(waiting) => tr.with("staff-health-outbox", &[("count", num(*waiting))]),
        Err(error) => tr.with("staff-health-outbox-error", &[("error", Arg::Str(error))]),
    };
    let trouble = health.reader == Some(false)
        || matches!(health.gateway, Some((false, _)))
        || health.outbox.is_err()
        || !health.staff_call;
    let text = [reader, gateway, face, call, outbox].join(" ・ ");
    if trouble {
        theme::warning(ui, &text, theme::SMALL);
    } else {
        theme::text(ui, &text, theme::SMALL, theme::STAFF_TEXT);
    }
    if let Some(key) = &health.key {
        key_line(ui, tr, key);
    }
    ui.add_space(8.0);
}

/// This kiosk's key fingerprint, to compare with the console's when an administrator
/// approves it, and whether the gateway accepts it.
fn key_line(ui: &mut Ui, tr: &Tr<'_>, key: &KeyStanding) {
    let standing = tr.get(match key.standing {
        Standing::NotAsked => "staff-health-key-not-asked",
        Standing::Registered => "staff-health-key-registered",
        Standing::WaitingForApproval => "staff-health-key-waiting",
        Standing::Unreachable => "staff-health-key-unreachable",
        Standing::Refused => "staff-health-key-refused",
    });
    let text = tr.with(
        "staff-health-key",
        &[
            ("fingerprint", Arg::Str(&key.fingerprint)),
            ("standing", Arg::Str(&standing)),
        ],
    );
    if matches!(key.standing, Standing::Registered | Standing::NotAsked) {
        theme::text(ui, &text, theme::SMALL, theme::STAFF_TEXT);
    } else {
        theme::warning(ui, &text, theme::SMALL);
    }
}

/// A rounded panel across the page (clear of the scroll bar) on `fill`.
pub(super) fn panel(ui: &mut Ui, fill: egui::Color32, add: impl FnOnce(&mut Ui)) {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(theme::RADIUS)
        .inner_margin(Margin::same(14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width() - 12.0);
            add(ui);
        });
}

pub(super) fn line(ui: &mut Ui, text: &str) {
    ui.add(
        egui::Label::new(
            egui::RichText::new(text)
                .size(theme::BODY)
                .color(theme::STAFF_TEXT),
        )
        .wrap(),
    );
}

fn num(n: usize) -> Arg<'static> {
    Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
}

fn login(
    ui: &mut Ui,
    tr: &Tr<'_>,
    members: &[String],
    selected: Option<usize>,
    entered: usize,
    message: Option<LoginMessage>,
    push: &mut impl FnMut(StaffUi),
) {
    line(ui, &tr.get("staff-choose-member"));
    ui.horizontal_wrapped(|ui| {
        for (i, member) in members.iter().enumerate() {
            let kind = if selected == Some(i) {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            if theme::button(ui, member, kind, 200.0).clicked() {
                push(StaffUi::SelectMember(i));
            }
        }
    });
    ui.add_space(12.0);
    line(ui, &tr.get("staff-enter-pin"));
    let dots: String = "●".repeat(entered);
    ui.horizontal(|ui| {
        theme::text(ui, &dots, theme::HEADING, theme::STAFF_ACCENT);
        theme::text(
            ui,
            &tr.with("staff-pin-entered", &[("count", num(entered))]),
            theme::SMALL,
            theme::STAFF_TEXT,
        );
    });
    let key = Vec2::new(110.0, theme::MIN_TARGET + 10.0);
    for row in [[1u8, 2, 3], [4, 5, 6], [7, 8, 9]] {
        ui.horizontal(|ui| {
            for d in row {
                if theme::sized_button(ui, &d.to_string(), Kind::Secondary, key, theme::BUTTON_TEXT)
                    .clicked()
                {
                    push(StaffUi::Digit(d));
                }
            }
        });
    }
    ui.horizontal(|ui| {
        if theme::sized_button(ui, "0", Kind::Secondary, key, theme::BUTTON_TEXT).clicked() {
            push(StaffUi::Digit(0));
        }
        if theme::button(ui, &tr.get("staff-backspace"), Kind::Secondary, 220.0).clicked() {
            push(StaffUi::Backspace);
        }
        if theme::button(ui, &tr.get("staff-sign-in"), Kind::Primary, 220.0).clicked() {
            push(StaffUi::Submit);
        }
    });
    let text = match message {
        None => return,
        Some(LoginMessage::Checking) => tr.get("staff-checking"),
        Some(LoginMessage::NoMembers) => tr.get("staff-no-members"),
        Some(LoginMessage::Result(LoginResult::Wrong { tries_left })) => tr.with(
            "staff-wrong-pin",
            &[("tries", Arg::Num(i64::from(tries_left)))],
        ),
        Some(LoginMessage::Result(LoginResult::LockedOut { minutes })) => tr.with(
            "staff-locked-out",
            &[("minutes", Arg::Num(i64::from(minutes)))],
        ),
        Some(LoginMessage::Result(LoginResult::NeedsAdmin)) => tr.get("staff-needs-admin"),
        Some(LoginMessage::Result(LoginResult::Unavailable)) => tr.get("staff-unavailable"),
        Some(LoginMessage::Result(LoginResult::Accepted)) => return,
    };
    ui.add_space(12.0);
    theme::warning(ui, &text, theme::BODY);
}

fn tabs(
    ui: &mut Ui,
    tr: &Tr<'_>,
    admin: bool,
    member: &str,
    page: StaffPage,
    cases: usize,
    push: &mut impl FnMut(StaffUi),
) {
    theme::text(
        ui,
        &tr.with("staff-signed-in", &[("member", Arg::Str(member))]),
        theme::SMALL,
        theme::STAFF_TEXT,
    );
    let mut pages = vec![
        (
            StaffPage::Cases,
            tr.with("staff-tab-cases", &[("count", num(cases))]),
        ),
        (StaffPage::Today, tr.get("staff-tab-today")),
        (StaffPage::Outbox, tr.get("staff-tab-outbox")),
        (StaffPage::Documents, tr.get("staff-tab-documents")),
        (StaffPage::Numbers, tr.get("staff-tab-numbers")),
        (StaffPage::Visual, tr.get("staff-tab-visual")),
    ];
    // Only an admin sees the unlock page.
    if admin {
        pages.push((StaffPage::Unlock, tr.get("staff-tab-unlock")));
    }
    ui.horizontal(|ui| {
        // All in one row, clear of the scroll bar.
        let gap = ui.spacing().item_spacing.x;
        let n = pages.len() as f32;
        let width = ((ui.available_width() - 12.0 - (n - 1.0) * gap) / n).floor();
        let size = Vec2::new(width, theme::BUTTON_HEIGHT);
        for (tab, label) in pages {
            let kind = if tab == page {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            if theme::sized_button(ui, &label, kind, size, theme::SMALL + 2.0).clicked() {
                push(StaffUi::Page(tab));
            }
        }
    });
    ui.add_space(12.0);
}

fn loaded<T>(
    ui: &mut Ui,
    tr: &Tr<'_>,
    rows: Option<&Result<Vec<T>, String>>,
    show: impl FnOnce(&mut Ui, &[T]),
) {
    match rows {
        None => line(ui, &tr.get("staff-loading")),
        Some(Err(error)) => line(
            ui,
            &tr.with("staff-load-failed", &[("error", Arg::Str(error))]),
        ),
        Some(Ok(rows)) => show(ui, rows),
    }
}

/// The reason in plain words and the next step the rules allow.
pub fn reason_text(tr: &Tr<'_>, reason: StaffReason) -> (String, String) {
    match reason {
        StaffReason::Qualification(code) => {
            let known = matches!(code, 2..=5);
            let meaning = if known {
                tr.get(&format!("staff-qualification-{code}"))
            } else {
                tr.get("staff-qualification-other")
            };
            let step = match code {
                2..=4 => tr.get(&format!("staff-step-qualification-{code}")),
                // 複数該当 is settled like several results.
                5 => tr.get("staff-next-several_results"),
                _ => tr.get("staff-step-qualification-other"),
            };
            let code = code.to_string();
            (
                tr.with(
                    "staff-reason-qualification",
                    &[("code", Arg::Str(&code)), ("meaning", Arg::Str(&meaning))],
                ),
                step,
            )
        }
        StaffReason::GatewayRefused(code) => {
            let code = error_code(code);
            (
                tr.with("staff-reason-gateway_refused", &[("code", Arg::Str(&code))]),
                tr.get("staff-next-gateway_refused"),
            )
        }
        StaffReason::RefusedOnReplay { code, .. } => {
            let code = error_code(code);
            (
                tr.with(
                    "staff-reason-refused_on_replay",
                    &[("code", Arg::Str(&code))],
                ),
                tr.get("staff-next-refused_on_replay"),
            )
        }
        other => (
            tr.get(&format!("staff-reason-{}", other.code())),
            tr.get(&format!("staff-next-{}", other.code())),
        ),
    }
}

fn error_code(code: crate::eligibility::protocol::ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn show_cases(ui: &mut Ui, tr: &Tr<'_>, cases: &[Case], push: &mut impl FnMut(StaffUi)) {
    if cases.is_empty() {
        line(ui, &tr.get("staff-no-cases"));
        return;
    }
    // Newest first: the patient standing at the counter now.
    for case in cases.iter().rev() {
        let (reason, next) = reason_text(tr, case.reason);
        let time = case
            .at
            .to_offset(crate::wareki::JST)
            .format(time::macros::format_description!("[hour]:[minute]"))
            .unwrap_or_default();
        egui::Frame::new()
            .fill(theme::colours().surface)
            .corner_radius(theme::RADIUS)
            .inner_margin(Margin::same(14))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    theme::text(ui, &time, theme::BODY, theme::colours().muted);
                    ui.vertical(|ui| {
                        ui.set_width(ui.available_width() - 240.0);
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(&reason)
                                    .size(theme::BODY)
                                    .color(theme::colours().text),
                            )
                            .wrap(),
                        );
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(
                                    tr.with("staff-next", &[("step", Arg::Str(&next))]),
                                )
                                .size(theme::SMALL)
                                .color(theme::colours().muted),
                            )
                            .wrap(),
                        );
                    });
                    if theme::button(ui, &tr.get("staff-case-done"), Kind::Secondary, 220.0)
                        .clicked()
                    {
                        push(StaffUi::CaseDone(case.id));
                    }
                });
            });
        ui.add_space(8.0);
    }
}

fn table(ui: &mut Ui, id: &str, header: &[String], rows: Vec<Vec<String>>) {
    egui::Grid::new(id)
        .striped(true)
        .spacing(Vec2::new(28.0, 10.0))
        .show(ui, |ui| {
            // Cells never wrap: a time or a date broken over lines is hard to read.
            let cell = |ui: &mut Ui, text: &str, size: f32, colour| {
                ui.add(
                    egui::Label::new(egui::RichText::new(text).size(size).color(colour)).extend(),
                );
            };
            for text in header {
                cell(ui, text, theme::SMALL, theme::STAFF_ACCENT);
            }
            ui.end_row();
            for row in rows {
                for text in row {
                    // A cell's second line is a note under it, in small print.
                    match text.split_once('\n') {
                        Some((text, note)) => {
                            ui.vertical(|ui| {
                                cell(ui, text, theme::BODY, theme::STAFF_TEXT);
                                cell(ui, note, theme::SMALL, theme::STAFF_TEXT);
                            });
                        }
                        None => cell(ui, &text, theme::BODY, theme::STAFF_TEXT),
                    }
                }
                ui.end_row();
            }
        });
}

fn yes_no(tr: &Tr<'_>, value: bool) -> String {
    tr.get(if value { "staff-yes" } else { "staff-no" })
}

/// A code (`pin`, `provisional`) in words, or the code itself when there is no text for it.
fn code_text(tr: &Tr<'_>, prefix: &str, code: &str) -> String {
    let text = tr.get(&format!("{prefix}-{code}"));
    if text.starts_with('⟦') {
        code.to_owned()
    } else {
        text
    }
}

fn today(ui: &mut Ui, tr: &Tr<'_>, rows: &[VisitRow]) {
    if rows.is_empty() {
        line(ui, &tr.get("staff-no-visits"));
        return;
    }
    let header = [
        "time",
        "method",
        "assurance",
        "status",
        "provisional",
        "waiting",
    ]
    .map(|c| tr.get(&format!("staff-col-{c}")));
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.time.clone(),
                code_text(tr, "staff-method", &r.method),
                assurance(tr, r),
                code_text(tr, "staff-status", &r.status),
                yes_no(tr, r.provisional),
                yes_no(tr, r.waiting),
            ]
        })
        .collect();
    table(ui, "staff-today", &header, rows);
}

/// What a visit rests on; for a PIN-less one, whether its card data was verified by the issuer
/// key under it (nothing for a PIN visit or a row recorded before this was kept).
fn assurance(tr: &Tr<'_>, row: &VisitRow) -> String {
    let assurance = row
        .assurance
        .map(|a| tr.get(&format!("staff-assurance-{}", a.code())))
        .unwrap_or_else(|| tr.get("staff-no"));
    match row.card_data {
        Some(card_data) => {
            let note = tr.get(&format!("staff-card_data-{}", card_data.code()));
            format!("{assurance}\n{note}")
        }
        None => assurance,
    }
}

fn outbox(ui: &mut Ui, tr: &Tr<'_>, rows: &[OutboxRow], push: &mut impl FnMut(StaffUi)) {
    if theme::button(ui, &tr.get("staff-retry-now"), Kind::Primary, 300.0).clicked() {
        push(StaffUi::RetryOutbox);
    }
    ui.add_space(8.0);
    if rows.is_empty() {
        line(ui, &tr.get("staff-outbox-empty"));
        return;
    }
    let header = ["method", "assurance", "signed", "attempts", "next"]
        .map(|c| tr.get(&format!("staff-col-{c}")));
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                code_text(tr, "staff-method", &r.method),
                tr.get(&format!("staff-assurance-{}", r.assurance.code())),
                r.signed_at.clone(),
                r.attempts.to_string(),
                r.next_attempt.clone(),
            ]
        })
        .collect();
    table(ui, "staff-outbox", &header, rows);
}

/// The members locked out, each with an unlock button (admins only reach this page).
fn unlock_page(ui: &mut Ui, tr: &Tr<'_>, form: &UnlockForm, push: &mut impl FnMut(StaffUi)) {
    line(ui, &tr.get("staff-unlock-intro"));
    ui.add_space(8.0);
    match &form.done {
        Some(Ok(name)) => line(
            ui,
            &tr.with("staff-unlock-done", &[("member", Arg::Str(name))]),
        ),
        Some(Err(error)) => {
            theme::warning(
                ui,
                &tr.with("staff-unlock-failed", &[("error", Arg::Str(error))]),
                theme::BODY,
            );
        }
        None => {}
    }
    loaded(ui, tr, form.locked.as_ref(), |ui, members| {
        if members.is_empty() {
            line(ui, &tr.get("staff-unlock-none"));
            return;
        }
        for member in members {
            let state = match &member.until {
                Some(until) if !member.needs_admin => {
                    tr.with("staff-unlock-until", &[("time", Arg::Str(until))])
                }
                _ => tr.get("staff-unlock-for-good"),
            };
            panel(ui, theme::colours().surface, |ui| {
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(ui.available_width() - 300.0);
                        theme::text(ui, &member.name, theme::BODY, theme::colours().text);
                        theme::text(ui, &state, theme::SMALL, theme::colours().muted);
                    });
                    let label =
                        tr.with("staff-unlock-button", &[("member", Arg::Str(&member.name))]);
                    if theme::button(ui, &label, Kind::Primary, 280.0).clicked() && !form.waiting {
                        push(StaffUi::Unlock(member.name.clone()));
                    }
                });
            });
            ui.add_space(8.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eligibility::protocol::ErrorCode;
    use crate::reception::documents::{Decision, DocumentKind, Fact};

    #[test]
    fn staff_texts_exist_in_japanese_and_english_for_every_reason() {
        let i18n = I18n::load().unwrap();
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
                .collect()
        };
        let ja = keys(crate::ui::i18n::staff_source(Language::Japanese).unwrap());
        let en = keys(crate::ui::i18n::staff_source(Language::English).unwrap());
        assert_eq!(ja, en);
        let reasons = [
            StaffReason::PatientCalled,
            StaffReason::UnknownCard,
            StaffReason::CardUnreadable,
            StaffReason::PinLocked,
            StaffReason::CertificateExpired,
            StaffReason::JukiCard,
            StaffReason::FaceUnavailable,
            StaffReason::SeveralResults,
            StaffReason::NoResult,
            StaffReason::OfflineNoCache,
            StaffReason::PhoneNotConfirmed,
            StaffReason::OfflineCardCheckFailed,
            StaffReason::GatewayRefused(ErrorCode::BadCardSignature),
            StaffReason::RefusedOnReplay {
                code: ErrorCode::CertificateRevoked,
                visit: 1,
            },
        ]
        .into_iter()
        .chain((2..=9).map(StaffReason::Qualification));
        let decisions = [
            Decision::Accept,
            Decision::AcceptIfNumberQueryConfirms,
            Decision::Refuse(crate::reception::documents::Refusal::DocumentExpired),
            Decision::Refuse(crate::reception::documents::Refusal::NoticeNeedsCard),
            Decision::Refuse(crate::reception::documents::Refusal::OldCardExpired),
            Decision::StatementOfQualification,
            Decision::NeedsFact(Fact::CardPresent),
            Decision::NeedsFact(Fact::DocumentExpiry),
            Decision::NeedsFact(Fact::OldCardValidUntil),
        ];
        for language in [Language::Japanese, Language::English] {
            let tr = Tr::new(&i18n, language);
            let keys = DocumentKind::ALL
                .iter()
                .map(|k| format!("staff-doc-kind-{}", k.code()))
                .chain(decisions.iter().flat_map(|d| {
                    [
                        format!("staff-doc-decision-{}", d.code()),
                        format!("staff-doc-step-{}", d.code()),
                    ]
                }));
            for key in keys {
                assert!(!tr.get(&key).contains('⟦'), "{key} {language:?}");
            }
        }
        for reason in reasons {
            for language in [Language::Japanese, Language::English] {
                let (why, next) = reason_text(&Tr::new(&i18n, language), reason);
                assert!(
                    !why.contains('⟦') && !next.contains('⟦'),
                    "{reason:?}: {why} / {next}"
                );
                assert!(!why.is_empty() && !next.is_empty());
            }
        }
        // The assurance levels and the statuses of the offline checks and refused replays.
        use crate::eligibility::protocol::{Assurance, CardData};
        for language in [Language::Japanese, Language::English] {
            let tr = Tr::new(&i18n, language);
            let keys = [Assurance::CardSignature, Assurance::KioskAttestation]
                .map(|a| format!("staff-assurance-{}", a.code()))
                .into_iter()
                .chain(
                    crate::reception::view::OFFLINE_CHECK_STATUSES
                        .map(|s| format!("staff-status-{s}")),
                )
                .chain(
                    [CardData::IssuerVerified, CardData::NotVerified]
                        .map(|c| format!("staff-card_data-{}", c.code())),
                )
                .chain([
                    "staff-tab-unlock".into(),
                    "staff-unlock-for-good".into(),
                    "staff-col-assurance".into(),
                    "staff-ans-card_check_failed".into(),
                ]);
            for key in keys {
                assert!(!tr.get(&key).contains('⟦'), "{key} {language:?}");
            }
        }
    }
}
