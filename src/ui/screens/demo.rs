//! The demo side panel (`myna-kiosk demo`): staff tools, drawn apart from the patient screen in
//! staff colours: put a virtual card on the reader, take it away.

use eframe::egui::{self, FontId, RichText, Ui, Vec2};

use crate::reception::view::{DemoPanel, UiEvent};
use crate::ui::i18n::Tr;
use crate::ui::theme::{self, Kind};

pub(super) fn show(ui: &mut Ui, tr: &Tr<'_>, panel: &DemoPanel, out: &mut Vec<UiEvent>) {
    ui.spacing_mut().item_spacing = Vec2::new(8.0, 8.0);
    ui.label(
        RichText::new(tr.get("demo-title"))
            .font(FontId::new(26.0, theme::bold(ui)))
            .color(theme::STAFF_ACCENT),
    );
    ui.add(
        egui::Label::new(
            RichText::new(tr.get("demo-hint"))
                .size(18.0)
                .color(theme::STAFF_TEXT),
        )
        .wrap(),
    );
    let width = ui.available_width();
    let remove = ui.add_enabled_ui(panel.inserted.is_some(), |ui| {
        theme::sized_button(
            ui,
            &tr.get("demo-remove"),
            Kind::Secondary,
            Vec2::new(width, theme::MIN_TARGET + 3.0),
            22.0,
        )
    });
    if remove.inner.clicked() {
        out.push(UiEvent::DemoRemove);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("demo-profiles")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, (name, description)) in panel.profiles.iter().enumerate() {
                let inserted = panel.inserted == Some(i);
                let kind = if inserted {
                    Kind::Primary
                } else {
                    Kind::Secondary
                };
                let clicked = theme::sized_button(
                    ui,
                    name,
                    kind,
                    Vec2::new(width - 12.0, theme::MIN_TARGET + 3.0),
                    22.0,
                )
                .clicked();
                if clicked && !inserted {
                    out.push(UiEvent::DemoInsert(i));
                }
                let mut line = description.clone();
                if inserted {
                    line = format!("{} · {line}", tr.get("demo-on-reader"));
                }
                ui.add(
                    egui::Label::new(RichText::new(line).size(16.0).color(theme::STAFF_TEXT))
                        .wrap(),
                );
                ui.add_space(6.0);
            }
        });
}
