//! Consent: 全て同意する / 個別に同意する / 同意しない, three equal choices with none preselected,
//! then (individually) one toggle per category (診療・薬剤, 手術, 特定健診). Declining changes neither the care nor the copay, and the screen says so; the
//! 限度額 information is not on this screen: it is always given (docs/domain/eligibility.md §1.4).

use eframe::egui::{Ui, Vec2};

use super::{centred_heading, centred_text, column};
use crate::eligibility::protocol::Consent;
use crate::reception::view::{ConsentItem, UiEvent};
use crate::ui::i18n::Tr;
use crate::ui::theme::{self, Kind};

/// The message id of a category's name.
pub(super) fn item_key(item: ConsentItem) -> &'static str {
    match item {
        ConsentItem::MedicationClinical => "consent-item-medication-clinical",
        ConsentItem::Surgery => "consent-item-surgery",
        ConsentItem::HealthCheck => "consent-item-health-check",
    }
}

pub(super) fn show(
    ui: &mut Ui,
    tr: &Tr<'_>,
    individually: bool,
    selection: &Consent,
    out: &mut Vec<UiEvent>,
) {
    if individually {
        one_by_one(ui, tr, selection, out);
    } else {
        choice(ui, tr, out);
    }
}

fn choice(ui: &mut Ui, tr: &Tr<'_>, out: &mut Vec<UiEvent>) {
    column(ui, 880.0, |ui| {
        ui.add_space(12.0);
        centred_heading(
            ui,
            &tr.get("consent-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(12.0);
        centred_text(
            ui,
            &tr.get("consent-body"),
            theme::BODY + 2.0,
            theme::colours().text,
        );
        ui.add_space(12.0);
        theme::banner(
            ui,
            &tr.get("consent-no-effect"),
            theme::colours().surface,
            theme::colours().primary,
            theme::BODY,
        );
        ui.add_space(32.0);
        // Three equal choices, side by side in the same look: none is preselected or
        // highlighted, and "none" is as easy to reach as "all".
        let gap = 24.0;
        let width = (ui.available_width() - 2.0 * gap) / 3.0;
        let size = Vec2::new(width, 150.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for (key, event) in [
                ("consent-all", UiEvent::ConsentAll),
                ("consent-individually", UiEvent::ConsentIndividually),
                ("consent-none", UiEvent::ConsentNone),
            ] {
                // 32 points keeps 「個別に同意する」 on one line in a third of the column.
                if theme::sized_button(ui, &tr.get(key), Kind::Secondary, size, 32.0).clicked() {
                    out.push(event);
                }
            }
        });
    });
}

fn one_by_one(ui: &mut Ui, tr: &Tr<'_>, selection: &Consent, out: &mut Vec<UiEvent>) {
    column(ui, 880.0, |ui| {
        ui.spacing_mut().item_spacing.y = 12.0;
        centred_heading(
            ui,
            &tr.get("consent-individual-title"),
            38.0,
            theme::colours().text,
        );
        centred_text(
            ui,
            &tr.get("consent-individual-hint"),
            theme::BODY,
            theme::colours().muted,
        );
        ui.add_space(4.0);
        let width = ui.available_width();
        for item in ConsentItem::ALL {
            let on = item.get(selection);
            let state = tr.get(if on { "consent-yes" } else { "consent-no" });
            if theme::toggle(ui, on, &tr.get(item_key(item)), &state, width).clicked() {
                out.push(UiEvent::ToggleConsent(item));
            }
        }
        ui.add_space(4.0);
        centred_text(
            ui,
            &tr.get("consent-no-effect"),
            theme::BODY,
            theme::colours().primary,
        );
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if theme::button(ui, &tr.get("back"), Kind::Secondary, 240.0).clicked() {
                out.push(UiEvent::Back);
            }
            let rest = ui.available_width();
            if theme::button(ui, &tr.get("consent-submit"), Kind::Primary, rest).clicked() {
                out.push(UiEvent::SubmitConsent);
            }
        });
    });
}
