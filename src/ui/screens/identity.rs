//! Identity: the method choice (face / PIN), the PIN pad, and the one-try-left warning.

use eframe::egui::{self, Align, Layout, Sense, Stroke, Ui, Vec2, WidgetInfo};

use super::{centred_heading, centred_text, column};
use crate::reception::view::UiEvent;
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

/// JPKI auth PINs have 4 digits.
pub const PIN_LEN: usize = 4;

pub(super) fn method_choice(
    ui: &mut Ui,
    tr: &Tr<'_>,
    pin_available: bool,
    face_available: bool,
    tries_left: Option<u8>,
    out: &mut Vec<UiEvent>,
) {
    column(ui, 880.0, |ui| {
        ui.add_space(20.0);
        centred_heading(
            ui,
            &tr.get("method-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(32.0);
        let tile = Vec2::new(420.0, 180.0);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 32.0;
            ui.vertical(|ui| {
                ui.set_width(tile.x);
                let face = ui.add_enabled_ui(face_available, |ui| {
                    theme::sized_button(ui, &tr.get("method-face"), Kind::Primary, tile, 40.0)
                });
                if face.inner.clicked() {
                    out.push(UiEvent::ChooseFace);
                }
                if face_available {
                    // Until the camera reads them, face needs the numbers on the card's front.
                    theme::text(
                        ui,
                        &tr.get("method-face-needs-code"),
                        theme::BODY,
                        theme::colours().text,
                    );
                } else {
                    theme::text(
                        ui,
                        &tr.get("method-face-unavailable"),
                        theme::BODY,
                        theme::colours().muted,
                    );
                }
            });
            ui.vertical(|ui| {
                ui.set_width(tile.x);
                let pin = ui.add_enabled_ui(pin_available, |ui| {
                    theme::sized_button(ui, &tr.get("method-pin"), Kind::Primary, tile, 40.0)
                });
                if pin.inner.clicked() {
                    out.push(UiEvent::ChoosePin);
                }
                if !pin_available {
                    theme::text(
                        ui,
                        &tr.get("method-pin-unavailable"),
                        theme::BODY,
                        theme::colours().muted,
                    );
                } else if let Some(tries) = tries_left {
                    let colour = if tries <= 1 {
                        theme::colours().danger_text
                    } else {
                        theme::colours().text
                    };
                    ui.vertical_centered(|ui| {
                        ui.label(
                            egui::RichText::new(
                                tr.with("method-tries-left", &[("tries", Arg::Num(tries.into()))]),
                            )
                            .font(egui::FontId::new(32.0, theme::bold(ui)))
                            .color(colour),
                        );
                    });
                }
            });
        });
    });
}

pub(super) fn pin_entry(
    ui: &mut Ui,
    tr: &Tr<'_>,
    entered: usize,
    tries_left: Option<u8>,
    out: &mut Vec<UiEvent>,
) {
    keyboard(ui, entered, out);
    let key = Vec2::new(140.0, theme::BUTTON_HEIGHT + 4.0);
    let gap = 12.0;
    let pad_width = key.x * 3.0 + gap * 2.0;
    let left_width = (ui.available_width() - pad_width - 40.0).clamp(300.0, 480.0);
    column(ui, left_width + 40.0 + pad_width, |ui| {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 40.0;
            ui.vertical(|ui| {
                ui.set_width(left_width);
                theme::heading(ui, &tr.get("pin-title"));
                ui.add_space(8.0);
                match tries_left {
                    Some(tries) if tries <= 1 => {
                        theme::banner(
                            ui,
                            &tr.with("pin-tries-left", &[("tries", Arg::Num(tries.into()))]),
                            theme::colours().danger_bg,
                            theme::colours().danger_text,
                            theme::BODY,
                        );
                    }
                    Some(tries) => {
                        theme::banner(
                            ui,
                            &tr.with("pin-tries-left", &[("tries", Arg::Num(tries.into()))]),
                            theme::colours().warn_bg,
                            theme::colours().warn_text,
                            theme::BODY,
                        );
                    }
                    None => {
                        theme::text(
                            ui,
                            &tr.get("pin-tries-unknown"),
                            theme::BODY,
                            theme::colours().muted,
                        );
                    }
                }
                let space = if super::roomy(ui) { 16.0 } else { 4.0 };
                ui.add_space(space);
                masked(ui, entered);
                ui.add_space(space);
                theme::text(
                    ui,
                    &tr.get("pin-privacy"),
                    theme::BODY,
                    theme::colours().muted,
                );
                ui.add_space(space);
                if theme::button(ui, &tr.get("back"), Kind::Secondary, 220.0).clicked() {
                    out.push(UiEvent::Back);
                }
            });
            ui.vertical(|ui| {
                ui.set_width(pad_width);
                keypad(ui, tr, entered, key, gap, out);
                ui.add_space(gap);
                let submit = ui.add_enabled_ui(entered >= PIN_LEN, |ui| {
                    theme::sized_button(
                        ui,
                        &tr.get("pin-submit"),
                        Kind::Primary,
                        Vec2::new(pad_width, theme::BUTTON_HEIGHT + 8.0),
                        36.0,
                    )
                });
                if submit.inner.clicked() {
                    out.push(UiEvent::PinSubmit);
                }
            });
        });
    });
}

/// The 3×4 pad: 1–9, then clear, 0, delete.
fn keypad(ui: &mut Ui, tr: &Tr<'_>, entered: usize, key: Vec2, gap: f32, out: &mut Vec<UiEvent>) {
    let full = entered >= PIN_LEN;
    ui.spacing_mut().item_spacing = Vec2::splat(gap);
    for row in [[1u8, 2, 3], [4, 5, 6], [7, 8, 9]] {
        ui.horizontal(|ui| {
            for digit in row {
                digit_key(ui, digit, !full, key, out);
            }
        });
    }
    ui.horizontal(|ui| {
        let clear = ui.add_enabled_ui(entered > 0, |ui| {
            theme::sized_button(ui, &tr.get("pin-clear"), Kind::Secondary, key, theme::BODY)
        });
        if clear.inner.clicked() {
            out.push(UiEvent::PinClear);
        }
        digit_key(ui, 0, !full, key, out);
        let delete = ui.add_enabled_ui(entered > 0, |ui| {
            theme::sized_button(ui, &tr.get("pin-delete"), Kind::Secondary, key, theme::BODY)
        });
        if delete.inner.clicked() {
            out.push(UiEvent::PinBackspace);
        }
    });
}

fn digit_key(ui: &mut Ui, digit: u8, enabled: bool, key: Vec2, out: &mut Vec<UiEvent>) {
    let response = ui.add_enabled_ui(enabled, |ui| {
        theme::sized_button(ui, &digit.to_string(), Kind::Secondary, key, 44.0)
    });
    if response.inner.clicked() {
        out.push(UiEvent::PinDigit(digit));
    }
}

/// The entered digits as filled circles, the rest as empty ones. Only the count is known here:
/// the digits themselves never reach the UI. Accessible as "●●○○".
fn masked(ui: &mut Ui, entered: usize) {
    let slots = PIN_LEN.max(entered);
    let radius = 20.0;
    let step = 64.0;
    let size = Vec2::new(step * slots as f32, 64.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let label: String = (0..slots)
        .map(|i| if i < entered { '●' } else { '○' })
        .collect();
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &label));
    let painter = ui.painter();
    for i in 0..slots {
        let centre = egui::pos2(rect.left() + step * (i as f32 + 0.5), rect.center().y);
        if i < entered {
            painter.circle_filled(centre, radius, theme::colours().text);
        } else {
            painter.circle_stroke(centre, radius, Stroke::new(3.0, theme::colours().border));
        }
    }
}

/// Physical keys on the PIN screen: digits (top row and keypad), Backspace, Enter, Escape.
fn keyboard(ui: &Ui, entered: usize, out: &mut Vec<UiEvent>) {
    for key in pressed_keys(ui) {
        match (digit_of(key), key) {
            (Some(d), _) => out.push(UiEvent::PinDigit(d)),
            (None, egui::Key::Backspace) => out.push(UiEvent::PinBackspace),
            (None, egui::Key::Escape) => out.push(UiEvent::PinClear),
            (None, egui::Key::Enter) if entered >= PIN_LEN => out.push(UiEvent::PinSubmit),
            _ => {}
        }
    }
}

/// Keys pressed this frame, without modifiers; held keys do not repeat. While a control has
/// the keyboard focus, Enter and Space are left to it (they press it), so that one key press
/// never means two things.
pub(super) fn pressed_keys(ui: &Ui) -> Vec<egui::Key> {
    let focused = ui.memory(|m| m.focused().is_some());
    ui.input(|input| {
        input
            .events
            .iter()
            .filter_map(|event| match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    repeat: false,
                    modifiers,
                    ..
                } if !(modifiers.ctrl || modifiers.alt || modifiers.command) => Some(*key),
                _ => None,
            })
            .filter(|key| !(focused && matches!(key, egui::Key::Enter | egui::Key::Space)))
            .collect()
    })
}

/// The digit of a number key (top row or keypad).
pub(super) fn digit_of(key: egui::Key) -> Option<u8> {
    use egui::Key;
    let digits = [
        Key::Num0,
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    digits
        .iter()
        .position(|k| *k == key)
        .and_then(|d| u8::try_from(d).ok())
}

pub(super) fn last_try(ui: &mut Ui, tr: &Tr<'_>, face_available: bool, out: &mut Vec<UiEvent>) {
    column(ui, 820.0, |ui| {
        ui.add_space(8.0);
        egui::Frame::new()
            .fill(theme::colours().danger_bg)
            .stroke(Stroke::new(3.0, theme::colours().danger_text))
            .corner_radius(theme::RADIUS)
            .inner_margin(egui::Margin::same(24))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                centred_heading(
                    ui,
                    &tr.get("last-try-title"),
                    theme::HEADING,
                    theme::colours().danger_text,
                );
                ui.add_space(8.0);
                centred_text(
                    ui,
                    &tr.get("last-try-body"),
                    theme::BODY + 2.0,
                    theme::colours().danger_text,
                );
            });
        ui.add_space(24.0);
        let width = ui.available_width();
        ui.with_layout(Layout::top_down(Align::Center), |ui| {
            if face_available
                && theme::button(ui, &tr.get("last-try-face"), Kind::Primary, width).clicked()
            {
                out.push(UiEvent::ChooseFace);
            }
            let staff_kind = if face_available {
                Kind::Secondary
            } else {
                Kind::Primary
            };
            if theme::button(ui, &tr.get("call-staff"), staff_kind, width).clicked() {
                out.push(UiEvent::CallStaff);
            }
            if !face_available {
                centred_text(
                    ui,
                    &tr.get("method-face-unavailable"),
                    theme::BODY,
                    theme::colours().muted,
                );
            }
            ui.add_space(16.0);
            if theme::button(ui, &tr.get("last-try-confirm"), Kind::Danger, width).clicked() {
                out.push(UiEvent::ConfirmLastTry);
            }
            if theme::button(ui, &tr.get("back"), Kind::Secondary, 260.0).clicked() {
                out.push(UiEvent::Back);
            }
        });
    });
}
