//! The 照合番号B keypad shared by the patient's face path and the staff's 目視確認: the era of
//! the birth date, the 14 digits in the three groups the card prints, and a keypad.

use eframe::egui::{
    self, Align2, Color32, CornerRadius, FontFamily, FontId, Pos2, Sense, Stroke, StrokeKind, Ui,
    Vec2, WidgetInfo,
};

use crate::reception::code_b::{CODE_B_DIGITS, CodeBEntry};
use crate::ui::theme::{self, Kind};
use crate::wareki::Era;

/// A key of the pad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKey {
    Era(Era),
    Digit(u8),
    Backspace,
}

/// The words around the pad, in the screen's language and colours.
pub struct CodeTexts {
    /// Before the era buttons.
    pub era: String,
    /// The era buttons' labels, in [`Era::ALL`]'s order.
    pub eras: [String; 5],
    /// Under the era buttons: the first year of an era (元年) is typed 01.
    pub first_year: String,
    /// The birth date typed so far, read back once it is a date (in the screen's words).
    pub birth_read_back: Option<String>,
    /// Above the birth date, expiry year and security code groups.
    pub groups: [String; 3],
    pub backspace: String,
    pub text: Color32,
    pub accent: Color32,
    /// The staff desk's smaller pad (under the desk's own header): the eras on the left,
    /// keys of the smallest touch size, no card picture.
    pub compact: bool,
}

/// The marks that tie a group's label to its place on the card picture.
const MARKS: [&str; 3] = ["①", "②", "③"];

/// Draws the pad: on the left `intro` (the screen's own words), the digits in
/// their three groups (marked ①②③), `beside` (the submit button, messages) and, in the room
/// left, a picture of the card front showing where each group is printed; on the right a 3×4
/// telephone keypad.
pub fn entry(
    ui: &mut Ui,
    texts: &CodeTexts,
    entry: &CodeBEntry,
    push: &mut impl FnMut(CodeKey),
    intro: impl FnOnce(&mut Ui),
    beside: impl FnOnce(&mut Ui),
) {
    let key = if texts.compact {
        Vec2::new(120.0, theme::MIN_TARGET + 3.0)
    } else {
        Vec2::new(132.0, theme::BUTTON_HEIGHT)
    };
    let gap = 8.0;
    let pad_width = 3.0 * key.x + 2.0 * gap;
    let left_width = (ui.available_width() - pad_width - 32.0).max(300.0);
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = 32.0;
        ui.vertical(|ui| {
            ui.set_width(left_width);
            ui.spacing_mut().item_spacing.y = 8.0;
            intro(ui);
            if texts.compact {
                eras(ui, texts, entry, push);
            }
            read_back(ui, texts);
            groups(ui, texts, entry);
            beside(ui);
        });
        ui.vertical(|ui| {
            ui.set_width(pad_width);
            // Rows 6 apart, so the pad fits 800 points under a two-line era label (Tagalog).
            ui.spacing_mut().item_spacing = Vec2::new(gap, 6.0);
            if !texts.compact {
                eras(ui, texts, entry, push);
            }
            keypad(ui, texts, key, push);
        });
    });
}

fn eras(ui: &mut Ui, texts: &CodeTexts, entry: &CodeBEntry, push: &mut impl FnMut(CodeKey)) {
    // Three a row, the width of the keypad's keys, above it (the desk's: all in a row).
    let era_size = if texts.compact {
        Vec2::new(112.0, theme::MIN_TARGET + 3.0)
    } else {
        Vec2::new(132.0, theme::BUTTON_HEIGHT)
    };
    theme::text(ui, &texts.era, theme::BODY, texts.text);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::new(8.0, 8.0);
        for (era, label) in Era::ALL.into_iter().zip(&texts.eras) {
            let kind = if entry.era == Some(era) {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            if theme::sized_button(ui, label, kind, era_size, theme::BUTTON_TEXT).clicked() {
                push(CodeKey::Era(era));
            }
        }
    });
}

/// How 元年 is typed, and the birth date read back once it is one (平成元年1月8日).
fn read_back(ui: &mut Ui, texts: &CodeTexts) {
    theme::text(ui, &texts.first_year, theme::BODY, texts.text);
    if let Some(date) = &texts.birth_read_back {
        theme::text(ui, date, theme::BODY, texts.accent);
    }
}

/// The three groups typed so far. With room: one row each (mark, label, digits) beside the
/// picture of the card front showing where each is printed; short of room (large text, the
/// staff desk, a long help text): the groups side by side, in large text with their marks only
/// (the words are in the help above).
fn groups(ui: &mut Ui, texts: &CodeTexts, entry: &CodeBEntry) {
    let typed = entry.digits().as_bytes();
    let group = |range: std::ops::Range<usize>| -> String {
        range
            .map(|i| typed.get(i).map_or('_', |&b| char::from(b)))
            .collect()
    };
    let ranges = [0..6, 6..10, 10..CODE_B_DIGITS];
    // The rows and the picture need about 190 points, the buttons under them 90 more.
    let room = ui.clip_rect().bottom() - ui.cursor().top();
    if super::roomy(ui) && !texts.compact && room >= 290.0 {
        let picture = 170.0;
        let list = ui.available_width() - picture * 85.6 / 54.0 - 16.0;
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 16.0;
            ui.vertical(|ui| {
                ui.set_width(list);
                for ((label, range), mark) in texts.groups.iter().zip(ranges).zip(MARKS) {
                    ui.horizontal(|ui| {
                        ui.vertical(|ui| {
                            ui.set_width(list - 160.0);
                            theme::text(ui, &format!("{mark} {label}"), theme::BODY, texts.text);
                        });
                        theme::text(ui, &group(range), theme::HEADING, texts.accent);
                    });
                }
            });
            card_front(ui, texts, picture);
        });
        return;
    }
    let width = (ui.available_width() - 32.0) / 3.0;
    let (size, words) = if super::roomy(ui) {
        (theme::HEADING, true)
    } else {
        (theme::BUTTON_TEXT, false)
    };
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = 16.0;
        for ((label, range), mark) in texts.groups.iter().zip(ranges).zip(MARKS) {
            ui.vertical(|ui| {
                ui.set_width(width);
                if words {
                    theme::text(ui, &format!("{mark} {label}"), theme::BODY, texts.text);
                    theme::text(ui, &group(range), size, texts.accent);
                } else {
                    ui.horizontal(|ui| {
                        theme::text(ui, mark, theme::BODY, texts.text);
                        theme::text(ui, &group(range), size, texts.accent);
                    });
                }
            });
        }
    });
}

/// 1 2 3 / 4 5 6 / 7 8 9 / 0 ⌫: the layout of a telephone and of the PIN pad.
fn keypad(ui: &mut Ui, texts: &CodeTexts, key: Vec2, push: &mut impl FnMut(CodeKey)) {
    let digit = |ui: &mut Ui, d: u8, push: &mut dyn FnMut(CodeKey)| {
        if theme::sized_button(ui, &d.to_string(), Kind::Secondary, key, 44.0).clicked() {
            push(CodeKey::Digit(d));
        }
    };
    for row in [[1u8, 2, 3], [4, 5, 6], [7, 8, 9]] {
        ui.horizontal(|ui| {
            for d in row {
                digit(ui, d, push);
            }
        });
    }
    // 0 in the middle and "delete" on the right, where the PIN pad has them.
    ui.horizontal(|ui| {
        ui.add_space(key.x + ui.spacing().item_spacing.x);
        digit(ui, 0, push);
        if theme::sized_button(ui, &texts.backspace, Kind::Secondary, key, theme::BODY).clicked() {
            push(CodeKey::Backspace);
        }
    });
}

/// A generic card front (85.6 × 54 mm), `height` points high: the photo on the right with the
/// security code ③ under it (docs/domain/mynacard.md §5.4), the birth date ① and the expiry
/// ② on the left. Where the birth date and the expiry are printed is UNCONFIRMED (no official
/// layout drawing in the sources): the picture shows them only roughly, on the left under the
/// name and address, as on the card's published samples.
fn card_front(ui: &mut Ui, texts: &CodeTexts, height: f32) {
    let size = Vec2::new(height * 85.6 / 54.0, height);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, texts.groups.join(" / ")));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let p = ui.painter();
    let at = |x: f32, y: f32| rect.min + Vec2::new(x, y) * (height / 54.0);
    let line = Color32::from_rgb(0x9F, 0xB0, 0xC4);
    p.rect(
        rect,
        CornerRadius::same(10),
        Color32::from_rgb(0xE4, 0xEE, 0xFA),
        Stroke::new(3.0, texts.accent),
        StrokeKind::Inside,
    );
    // Name and address: grey lines on the left.
    for (y, len) in [(10.0, 36.0), (18.0, 46.0), (23.0, 40.0)] {
        p.line_segment(
            [at(5.0, y), at(5.0 + len, y)],
            Stroke::new(height / 30.0, line),
        );
    }
    // The photo on the right.
    let photo = egui::Rect::from_min_max(at(62.0, 8.0), at(80.0, 32.0));
    p.rect_filled(
        photo,
        CornerRadius::same(4),
        Color32::from_rgb(0xA9, 0xBC, 0xD3),
    );
    p.circle_filled(
        at(71.0, 16.0),
        height / 9.0,
        Color32::from_rgb(0x6E, 0x84, 0xA0),
    );
    // Each group: a printed line (grey), ringed, with its mark beside it.
    let mark = |from: Pos2, to: Pos2, text: &str| {
        p.line_segment([from, to], Stroke::new(height / 18.0, line));
        let ring = egui::Rect::from_min_max(from, to).expand(height / 22.0);
        p.rect_stroke(
            ring,
            CornerRadius::same(6),
            Stroke::new(2.5, texts.accent),
            StrokeKind::Outside,
        );
        p.text(
            egui::pos2(ring.left() - 4.0, ring.center().y),
            Align2::RIGHT_CENTER,
            text,
            FontId::new(theme::BODY + 4.0, FontFamily::Proportional),
            texts.accent,
        );
    };
    mark(at(14.0, 32.0), at(44.0, 32.0), MARKS[0]);
    mark(at(14.0, 45.0), at(40.0, 45.0), MARKS[1]);
    mark(at(64.0, 43.0), at(78.0, 43.0), MARKS[2]);
}
