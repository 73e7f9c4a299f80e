//! Notices: what went wrong (or what happens now) in the patient's language, and "please see
//! the staff" where the kiosk cannot settle it.

use eframe::egui::{self, FontId, Sense, Stroke, Ui, Vec2};

use super::{centred_heading, centred_text, column};
use crate::reception::view::{Notice, UiEvent};
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

/// The message id of a notice's title; its detail is `<id>-detail`.
pub(super) fn notice_key(notice: Notice) -> &'static str {
    match notice {
        Notice::NotMyNumberCard => "notice-not-my-number-card",
        Notice::CardRemoved => "notice-card-removed",
        Notice::CardProblem => "notice-card-problem",
        Notice::WrongPin { .. } => "notice-wrong-pin",
        Notice::PinLocked => "notice-pin-locked",
        Notice::CertificateExpired => "notice-certificate-expired",
        Notice::JukiCard => "notice-juki-card",
        Notice::NeedsStaff => "notice-needs-staff",
        Notice::Refused => "notice-refused",
        Notice::GatewayUnreachable => "notice-gateway-unreachable",
        Notice::FaceUnavailable => "notice-face-unavailable",
        Notice::CardPhotoUnproven => "notice-card-photo-unproven",
        Notice::StaffCalled => "notice-staff-called",
        Notice::SpeakToReception => "notice-speak-to-reception",
        Notice::TimedOut => "notice-timed-out",
        Notice::PhoneCancelled => "notice-phone-cancelled",
        Notice::PhoneNoAnswer => "notice-phone-no-answer",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tone {
    Info,
    Problem,
}

fn tone(notice: Notice) -> Tone {
    match notice {
        Notice::StaffCalled
        | Notice::SpeakToReception
        | Notice::TimedOut
        | Notice::CardRemoved
        | Notice::PhoneCancelled => Tone::Info,
        _ => Tone::Problem,
    }
}

/// `staff_coming`: staff acknowledged this patient's case at the clinic server; said under the
/// message (issue 19).
pub(super) fn show(
    ui: &mut Ui,
    tr: &Tr<'_>,
    notice: Notice,
    staff_coming: bool,
    out: &mut Vec<UiEvent>,
) {
    let key = notice_key(notice);
    let detail = match notice {
        Notice::WrongPin { tries_left } => tr.with(
            "notice-wrong-pin-detail",
            &[("tries", Arg::Num(tries_left.into()))],
        ),
        _ => tr.get(&format!("{key}-detail")),
    };
    column(ui, 880.0, |ui| {
        // The mark only where there is room for it (not in large-text mode).
        if super::roomy(ui) {
            ui.add_space(16.0);
            ui.vertical_centered(|ui| mark(ui, tone(notice)));
            ui.add_space(12.0);
        }
        // "Please speak to the reception counter" is the whole message: the largest text.
        let heading = match notice {
            Notice::SpeakToReception => 52.0,
            _ => theme::HEADING,
        };
        centred_heading(ui, &tr.get(key), heading, theme::colours().text);
        ui.add_space(8.0);
        centred_text(ui, &detail, 30.0, theme::colours().text);
        if notice.card_stays() {
            // Staff need the card (目視確認): the one place it is said, the same words as
            // the screen after this one.
            ui.add_space(12.0);
            theme::warning(ui, &tr.get("leave-card-title"), 32.0);
        }
        if notice.see_staff() && !matches!(notice, Notice::StaffCalled | Notice::SpeakToReception) {
            see_staff(ui, tr);
        }
        if staff_coming {
            ui.add_space(12.0);
            centred_heading(ui, &tr.get("staff-coming"), 36.0, theme::colours().primary);
        }
        ui.add_space(28.0);
        let label = match notice {
            Notice::WrongPin { .. } => tr.get("notice-wrong-pin-retry"),
            _ => tr.get("ok"),
        };
        ui.vertical_centered(|ui| {
            if theme::button(ui, &label, Kind::Primary, 420.0).clicked() {
                out.push(UiEvent::Finish);
            }
        });
    });
}

/// A screen was left alone: one large button keeps the visit going.
pub(super) fn more_time(
    ui: &mut Ui,
    tr: &Tr<'_>,
    seconds: u32,
    cleared: bool,
    out: &mut Vec<UiEvent>,
) {
    if super::identity::pressed_keys(ui).contains(&egui::Key::Enter) {
        out.push(UiEvent::StillHere);
    }
    column(ui, 880.0, |ui| {
        ui.add_space(16.0);
        ui.vertical_centered(|ui| mark(ui, Tone::Info));
        ui.add_space(12.0);
        centred_heading(
            ui,
            &tr.get("more-time-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(8.0);
        let detail = tr.with("more-time-detail", &[("seconds", Arg::Num(seconds.into()))]);
        centred_text(ui, &detail, 30.0, theme::colours().text);
        // Only where digits had been typed: nothing typed, nothing to say was cleared.
        if cleared {
            centred_text(
                ui,
                &tr.get("more-time-cleared"),
                30.0,
                theme::colours().text,
            );
        }
        ui.add_space(28.0);
        ui.vertical_centered(|ui| {
            let size = Vec2::new(560.0, theme::BUTTON_HEIGHT + 16.0);
            if theme::sized_button(ui, &tr.get("more-time-yes"), Kind::Primary, size, 38.0)
                .clicked()
            {
                out.push(UiEvent::StillHere);
            }
        });
    });
}

/// The worker is gone: nothing works, staff must help.
pub(super) fn out_of_service(ui: &mut Ui, tr: &Tr<'_>) {
    column(ui, 880.0, |ui| {
        ui.add_space(60.0);
        ui.vertical_centered(|ui| mark(ui, Tone::Problem));
        ui.add_space(12.0);
        centred_heading(
            ui,
            &tr.get("out-of-service"),
            theme::HEADING,
            theme::colours().text,
        );
        see_staff(ui, tr);
    });
}

/// A round mark: "!" for a problem, "i" for information.
fn mark(ui: &mut Ui, tone: Tone) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(96.0), Sense::hover());
    let (fill, text) = match tone {
        Tone::Problem => (theme::colours().warn_bg, "!"),
        Tone::Info => (egui::Color32::from_rgb(0xE4, 0xEE, 0xFA), "i"),
    };
    let colour = match tone {
        Tone::Problem => theme::colours().warn_text,
        Tone::Info => theme::colours().primary,
    };
    let painter = ui.painter();
    painter.circle(rect.center(), 46.0, fill, Stroke::new(4.0, colour));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        FontId::new(60.0, theme::bold(ui)),
        colour,
    );
}

/// The "please see the staff" banner.
fn see_staff(ui: &mut Ui, tr: &Tr<'_>) {
    ui.add_space(16.0);
    theme::warning(ui, &tr.get("see-staff"), 32.0);
}
