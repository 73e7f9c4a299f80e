//! "Confirm on your iPhone": the patient unlocks the confirmation on the phone with Face ID or
//! Touch ID; the kiosk shows a drawing of it, the time left and a cancel button. No PIN pad.

use eframe::egui::{self, Color32, CornerRadius, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::{centred_heading, centred_text, column};
use crate::reception::view::UiEvent;
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

pub(super) fn show(ui: &mut Ui, tr: &Tr<'_>, seconds_left: Option<u32>, out: &mut Vec<UiEvent>) {
    if super::identity::pressed_keys(ui).contains(&egui::Key::Escape) {
        out.push(UiEvent::Back);
    }
    column(ui, 960.0, |ui| {
        ui.spacing_mut().item_spacing.y = 10.0;
        ui.add_space(8.0);
        centred_heading(
            ui,
            &tr.get("phone-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(4.0);
        ui.vertical_centered(|ui| {
            let scale = super::picture_scale(ui, 0.9);
            phone_on_reader(ui, scale)
        });
        ui.add_space(4.0);
        centred_text(ui, &tr.get("phone-hint"), 30.0, theme::colours().text);
        // The countdown, once the phone has been asked: the kiosk's wait for its answer.
        let countdown = match seconds_left {
            Some(seconds) => tr.with("phone-countdown", &[("seconds", Arg::Num(seconds.into()))]),
            None => tr.get("phone-asking"),
        };
        ui.vertical_centered(|ui| {
            ui.label(
                egui::RichText::new(countdown)
                    .font(egui::FontId::new(36.0, theme::bold(ui)))
                    .color(theme::colours().primary),
            );
        });
        ui.add_space(12.0);
        ui.vertical_centered(|ui| {
            if theme::button(ui, &tr.get("phone-cancel"), Kind::Secondary, 420.0).clicked() {
                out.push(UiEvent::Back);
            }
        });
    });
}

/// A pictogram: an iPhone with the Face ID mark on its screen, held over the reader.
/// `scale` 1 is 380×300.
fn phone_on_reader(ui: &mut Ui, scale: f32) {
    let size = Vec2::new(380.0, 300.0) * scale;
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let colours = theme::colours();
    let p = ui.painter();
    let at = |x: f32, y: f32| Pos2::new(rect.left() + x * scale, rect.top() + y * scale);
    let radius = |r: f32| CornerRadius::same((r * scale) as u8);
    // Reader: the same slab as on the idle screen.
    p.rect(
        Rect::from_min_max(at(40.0, 236.0), at(340.0, 294.0)),
        radius(14.0),
        Color32::from_rgb(0x3A, 0x41, 0x4B),
        Stroke::new(2.0, colours.border),
        StrokeKind::Inside,
    );
    p.rect_filled(
        Rect::from_min_max(at(80.0, 244.0), at(300.0, 258.0)),
        radius(6.0),
        Color32::from_rgb(0x7C, 0xA6, 0xD8),
    );
    // The phone, upright above the reader: body, screen, the island at the top.
    let body = Rect::from_min_max(at(130.0, 6.0), at(250.0, 214.0));
    p.rect(
        body,
        radius(22.0),
        Color32::from_rgb(0x24, 0x28, 0x2E),
        Stroke::new(3.0, colours.primary),
        StrokeKind::Inside,
    );
    let screen = Rect::from_min_max(at(138.0, 14.0), at(242.0, 206.0));
    p.rect_filled(screen, radius(16.0), Color32::from_rgb(0xE4, 0xEE, 0xFA));
    p.rect_filled(
        Rect::from_min_max(at(170.0, 20.0), at(210.0, 30.0)),
        radius(5.0),
        Color32::from_rgb(0x24, 0x28, 0x2E),
    );
    // Face ID mark: four corner brackets, two eyes, a nose and a smile.
    let ink = Stroke::new(5.0 * scale, colours_on_screen());
    let (cx, cy, half, arm) = (190.0, 110.0, 34.0, 14.0);
    for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let corner = at(cx + sx * half, cy + sy * half);
        p.line_segment([corner, at(cx + sx * (half - arm), cy + sy * half)], ink);
        p.line_segment([corner, at(cx + sx * half, cy + sy * (half - arm))], ink);
    }
    p.line_segment([at(176.0, 98.0), at(176.0, 106.0)], ink);
    p.line_segment([at(204.0, 98.0), at(204.0, 106.0)], ink);
    p.line_segment([at(190.0, 100.0), at(190.0, 116.0)], ink);
    p.line_segment([at(190.0, 116.0), at(186.0, 116.0)], ink);
    p.add(egui::Shape::line(
        (0..=8)
            .map(|i| {
                let t = std::f32::consts::PI * (0.15 + 0.7 * i as f32 / 8.0);
                at(190.0 + 14.0 * t.cos(), 118.0 + 8.0 * t.sin())
            })
            .collect(),
        ink,
    ));
    // Waves between the phone and the reader.
    let wave = Stroke::new(5.0 * scale, colours.primary);
    for (i, r) in [12.0f32, 22.0].iter().enumerate() {
        let y = 218.0 + i as f32 * 6.0;
        p.add(egui::Shape::line(
            (0..=8)
                .map(|k| {
                    let t = std::f32::consts::PI * (0.2 + 0.6 * k as f32 / 8.0);
                    at(190.0 + r * 1.6 * t.cos(), y + r * 0.25 * t.sin())
                })
                .collect(),
            wave,
        ));
    }
}

/// The mark on the phone's light screen: dark blue in both palettes (the screen stays light).
fn colours_on_screen() -> Color32 {
    Color32::from_rgb(0x1F, 0x4E, 0x8C)
}
