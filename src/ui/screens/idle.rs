//! Idle ("place your card", with a drawing of a card going onto the reader) and working
//! ("keep the card on the reader").

use eframe::egui::{self, Color32, CornerRadius, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::{centred_heading, centred_text, column};
use crate::ui::i18n::Tr;
use crate::ui::theme;

/// "Place your card" and how, first (so that it is on screen whatever else the screen holds),
/// then `choices` (the language buttons and the aids), then the drawing of a card going onto
/// the reader in the room left: smaller where the buttons take more rows (the demo panel,
/// large text), left out where there is no room for it.
pub(super) fn idle(ui: &mut Ui, tr: &Tr<'_>, choices: impl FnOnce(&mut Ui)) {
    column(ui, 1100.0, |ui| {
        ui.spacing_mut().item_spacing.y = 8.0;
        centred_heading(ui, &tr.get("idle-title"), 48.0, theme::colours().text);
        centred_text(ui, &tr.get("idle-hint"), 30.0, theme::colours().text);
        centred_text(
            ui,
            &tr.get("idle-hint-case"),
            theme::BODY,
            theme::colours().muted,
        );
        ui.add_space(4.0);
        choices(ui);
        let room = ui.clip_rect().bottom() - ui.cursor().top() - 12.0;
        let scale = (room / 260.0).min(0.8);
        if scale >= 0.3 {
            ui.vertical_centered(|ui| card_on_reader(ui, scale, Arrow::Down));
        }
    });
}

pub(super) fn working(ui: &mut Ui, tr: &Tr<'_>) {
    column(ui, 900.0, |ui| {
        ui.add_space(60.0);
        ui.vertical_centered(|ui| {
            ui.add(
                egui::Spinner::new()
                    .size(110.0)
                    .color(theme::colours().primary),
            );
        });
        ui.add_space(24.0);
        centred_heading(ui, &tr.get("working-title"), 48.0, theme::colours().text);
        ui.add_space(8.0);
        centred_text(ui, &tr.get("working-hint"), 32.0, theme::colours().text);
        ui.add_space(24.0);
        ui.vertical_centered(|ui| card_on_reader(ui, 0.6, Arrow::Down));
    });
}

/// Which way the pictogram's arrow points.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrow {
    /// Onto the reader: "place your card".
    Down,
    /// Off the reader: "take your card".
    Up,
    /// No arrow, the card lying on the reader: "leave it there".
    None,
}

/// A pictogram: a card with a photo, an arrow, the reader under it. `scale` 1 is 380×260.
pub(super) fn card_on_reader(ui: &mut Ui, scale: f32, arrow: Arrow) {
    let size = Vec2::new(380.0, 260.0) * scale;
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let p = ui.painter();
    let at = |x: f32, y: f32| Pos2::new(rect.left() + x * scale, rect.top() + y * scale);
    // Reader: a dark slab with a light pad.
    let reader = Rect::from_min_max(at(40.0, 190.0), at(340.0, 250.0));
    // Outlined so that it shows on the black page of high contrast too.
    p.rect(
        reader,
        CornerRadius::same(14),
        Color32::from_rgb(0x3A, 0x41, 0x4B),
        Stroke::new(2.0, theme::colours().border),
        StrokeKind::Inside,
    );
    let pad = Rect::from_min_max(at(80.0, 198.0), at(300.0, 214.0));
    p.rect_filled(
        pad,
        CornerRadius::same(6),
        Color32::from_rgb(0x7C, 0xA6, 0xD8),
    );
    // Card (85.6 × 54 mm), photo side up; lying on the reader when there is no arrow.
    let drop = if arrow == Arrow::None { 90.0 } else { 0.0 };
    let at = |x: f32, y: f32| at(x, y + if y < 125.0 { drop } else { 0.0 });
    let card = Rect::from_min_max(at(105.0, 10.0), at(275.0, 117.0));
    p.rect(
        card,
        CornerRadius::same(10),
        Color32::from_rgb(0xE4, 0xEE, 0xFA),
        Stroke::new(3.0, theme::colours().primary),
        StrokeKind::Inside,
    );
    let photo = Rect::from_min_max(at(120.0, 30.0), at(165.0, 95.0));
    p.rect_filled(
        photo,
        CornerRadius::same(4),
        Color32::from_rgb(0xA9, 0xBC, 0xD3),
    );
    p.circle_filled(
        at(142.5, 52.0),
        11.0 * scale,
        Color32::from_rgb(0x6E, 0x84, 0xA0),
    );
    for (i, len) in [80.0, 60.0, 70.0].iter().enumerate() {
        let y = 40.0 + i as f32 * 20.0;
        p.line_segment(
            [at(180.0, y), at(180.0 + len, y)],
            Stroke::new(5.0 * scale, Color32::from_rgb(0x9F, 0xB0, 0xC4)),
        );
    }
    let stroke = Stroke::new(8.0 * scale, theme::colours().primary);
    match arrow {
        Arrow::Down => {
            p.line_segment([at(190.0, 128.0), at(190.0, 176.0)], stroke);
            p.line_segment([at(170.0, 156.0), at(190.0, 178.0)], stroke);
            p.line_segment([at(210.0, 156.0), at(190.0, 178.0)], stroke);
        }
        Arrow::Up => {
            p.line_segment([at(190.0, 128.0), at(190.0, 176.0)], stroke);
            p.line_segment([at(170.0, 148.0), at(190.0, 126.0)], stroke);
            p.line_segment([at(210.0, 148.0), at(190.0, 126.0)], stroke);
        }
        Arrow::None => {}
    }
}
