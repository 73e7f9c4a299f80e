//! The end of a visit: "please take your card" in large type with a picture (the screen chimes
//! as it appears, see `ui::audio::chimes`), or, where staff need the card for 目視確認, "leave
//! the card on the reader". Lifting the card is the only way on: there is nothing to touch.
//! Also the one question before "call staff" ends a visit in progress.

use eframe::egui::Ui;

use super::idle::{Arrow, card_on_reader};
use super::{centred_heading, centred_text, column};
use crate::reception::view::UiEvent;
use crate::ui::i18n::Tr;
use crate::ui::theme::{self, Kind};

/// The "take your card" block (also under the result): picture, title, what happens next.
pub(super) fn take(ui: &mut Ui, tr: &Tr<'_>, phone: bool, scale: f32) {
    ui.vertical_centered(|ui| {
        let scale = super::picture_scale(ui, scale);
        card_on_reader(ui, scale, Arrow::Up)
    });
    let title = if phone {
        "take-phone-title"
    } else {
        "take-card-title"
    };
    centred_heading(ui, &tr.get(title), 52.0, theme::colours().text);
    centred_text(
        ui,
        &tr.get("take-card-hint"),
        theme::BODY,
        theme::colours().muted,
    );
}

pub(super) fn show(ui: &mut Ui, tr: &Tr<'_>, leave: bool, phone: bool, timed_out: bool) {
    column(ui, 1000.0, |ui| {
        ui.spacing_mut().item_spacing.y = 12.0;
        ui.add_space(12.0);
        if timed_out {
            centred_text(ui, &tr.get("notice-timed-out"), 32.0, theme::colours().text);
        }
        if leave {
            ui.vertical_centered(|ui| {
                let scale = super::picture_scale(ui, 0.9);
                card_on_reader(ui, scale, Arrow::None)
            });
            centred_heading(ui, &tr.get("leave-card-title"), 52.0, theme::colours().text);
            centred_text(ui, &tr.get("leave-card-hint"), 30.0, theme::colours().text);
        } else {
            take(ui, tr, phone, 0.9);
        }
    });
}

/// "Call staff?": the visit in progress ends if the patient says yes; "back" goes on with it.
pub(super) fn confirm_call_staff(ui: &mut Ui, tr: &Tr<'_>, out: &mut Vec<UiEvent>) {
    column(ui, 880.0, |ui| {
        ui.add_space(40.0);
        centred_heading(
            ui,
            &tr.get("call-staff-confirm-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(8.0);
        centred_text(
            ui,
            &tr.get("call-staff-confirm-detail"),
            30.0,
            theme::colours().text,
        );
        ui.add_space(32.0);
        ui.vertical_centered(|ui| {
            if theme::button(ui, &tr.get("call-staff"), Kind::Primary, 560.0).clicked() {
                out.push(UiEvent::CallStaff);
            }
            ui.add_space(16.0);
            if theme::button(
                ui,
                &tr.get("call-staff-confirm-back"),
                Kind::Secondary,
                560.0,
            )
            .clicked()
            {
                out.push(UiEvent::Back);
            }
        });
    });
}
