//! The 照合番号B keypad shared by the patient's face path and the staff's 目視確認: the era of
//! the birth date, the 14 digits in the three groups the card prints, and a keypad.

use eframe::egui::{Color32, Ui, Vec2};

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
}

/// Draws the pad; `beside` fills the space right of the keypad (the submit button, messages).
pub fn entry(
    ui: &mut Ui,
    texts: &CodeTexts,
    entry: &CodeBEntry,
    push: &mut impl FnMut(CodeKey),
    beside: impl FnOnce(&mut Ui),
) {
    let era_size = Vec2::new(130.0, theme::MIN_TARGET + 10.0);
    ui.horizontal(|ui| {
        theme::text(ui, &texts.era, theme::BODY, texts.text);
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
    // Right under the eras: the birth date read back once it is one (平成元年1月8日), and how
    // 元年 is typed. The date goes first: it is short, and the hint wraps beside it.
    ui.horizontal(|ui| {
        if let Some(date) = &texts.birth_read_back {
            theme::text(ui, date, theme::BODY, texts.accent);
            ui.add_space(16.0);
        }
        theme::text(ui, &texts.first_year, theme::SMALL, texts.text);
    });
    let typed = entry.digits().as_bytes();
    let group = |range: std::ops::Range<usize>| -> String {
        range
            .map(|i| typed.get(i).map_or('_', |&b| char::from(b)))
            .collect()
    };
    ui.horizontal(|ui| {
        for (label, range) in texts.groups.iter().zip([0..6, 6..10, 10..CODE_B_DIGITS]) {
            ui.vertical(|ui| {
                theme::text(ui, label, theme::SMALL, texts.text);
                theme::text(ui, &group(range), theme::HEADING, texts.accent);
            });
            ui.add_space(24.0);
        }
    });
    let key = Vec2::new(96.0, theme::MIN_TARGET + 6.0);
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            for row in [[1u8, 2, 3, 4, 5], [6, 7, 8, 9, 0]] {
                ui.horizontal(|ui| {
                    for d in row {
                        let label = d.to_string();
                        if theme::sized_button(ui, &label, Kind::Secondary, key, theme::BUTTON_TEXT)
                            .clicked()
                        {
                            push(CodeKey::Digit(d));
                        }
                    }
                });
            }
        });
        ui.vertical(|ui| {
            // A key like the digits (and as tall), so the pad fits 800 px in every language.
            let backspace = Vec2::new(220.0, key.y);
            if theme::sized_button(
                ui,
                &texts.backspace,
                Kind::Secondary,
                backspace,
                theme::BUTTON_TEXT,
            )
            .clicked()
            {
                push(CodeKey::Backspace);
            }
            beside(ui);
        });
    });
}
