//! The face path's screens: 照合番号B from the card front, the camera check with its live
//! preview and guidance, and what to do when an attempt did not confirm the patient.

use eframe::egui::{self, Color32, Pos2, Rect, Stroke, Ui, Vec2};

use super::code_b::{self, CodeKey, CodeTexts};
use super::identity::{digit_of, pressed_keys};
use super::{centred_heading, centred_text, column};
use crate::reception::code_b::{CODE_B_DIGITS, CodeBEntry};
use crate::reception::view::Language;
use crate::reception::view::{FaceGuide, FaceMiss, FacePreview, FaceProblem, TurnSide, UiEvent};
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};
use crate::wareki::date_text;

/// 照合番号B on the shared pad, with where to find each part on the card.
pub(super) fn code(
    ui: &mut Ui,
    tr: &Tr<'_>,
    entry: &CodeBEntry,
    problem: Option<FaceProblem>,
    out: &mut Vec<UiEvent>,
) {
    // Read by the camera: the same pad, saying what to do with the numbers shown.
    let (title, help) = match entry.from_card() {
        true => ("face-code-read-title", "face-code-read-help"),
        false => ("face-code-title", "face-code-help"),
    };
    theme::heading(ui, &tr.get(title));
    let texts = CodeTexts {
        era: tr.get("face-code-era"),
        eras: [
            "era-meiji",
            "era-taisho",
            "era-showa",
            "era-heisei",
            "era-reiwa",
        ]
        .map(|k| tr.get(k)),
        first_year: tr.get("face-code-first-year"),
        // Japanese as the card prints it (平成元年1月8日); other languages in their own words,
        // since the era names may not even be in the patient's script.
        birth_read_back: entry.birth_date().and_then(|date| match tr.language {
            Language::Japanese | Language::EasyJapanese => date_text(date),
            _ => Some(tr.date(&date.to_string())),
        }),
        groups: ["face-code-birth", "face-code-expiry", "face-code-security"].map(|k| tr.get(k)),
        backspace: tr.get("pin-delete"),
        text: theme::colours().text,
        accent: theme::colours().primary,
        compact: false,
    };
    let complete = entry.era.is_some() && entry.digits().len() == CODE_B_DIGITS;
    // A keyboard or ten-key: digits, Backspace, Enter, Escape (the era by touch or Tab).
    for key in pressed_keys(ui) {
        match (digit_of(key), key) {
            (Some(d), _) => out.push(UiEvent::CodeDigit(d)),
            (None, egui::Key::Backspace) => out.push(UiEvent::CodeBackspace),
            (None, egui::Key::Enter) if complete => out.push(UiEvent::CodeSubmit),
            (None, egui::Key::Escape) => out.push(UiEvent::Back),
            _ => {}
        }
    }
    let mut key = None;
    // Next and Back side by side: stacked, Back fell below the screen where the help text
    // takes three lines (やさしい日本語).
    let problem = match problem {
        None => None,
        Some(FaceProblem::WrongCode { tries_left }) => Some(tr.with(
            "face-code-wrong",
            &[("tries", Arg::Num(i64::from(tries_left)))],
        )),
        Some(_) => Some(tr.get("face-code-invalid")),
    };
    let intro = |ui: &mut Ui| {
        // A problem instead of the help: it is what the patient must read now.
        match &problem {
            Some(text) => {
                theme::warning(ui, text, theme::BODY);
            }
            None => {
                theme::text(ui, &tr.get(help), theme::BODY, theme::colours().muted);
            }
        }
        // The card stays where it is: the kiosk reads its photo next.
        theme::text(
            ui,
            &tr.get("leave-card-title"),
            theme::BODY,
            theme::colours().text,
        );
    };
    code_b::entry(ui, &texts, entry, &mut |k| key = Some(k), intro, |ui| {
        ui.horizontal(|ui| {
            let submit = ui.add_enabled_ui(complete, |ui| {
                theme::button(ui, &tr.get("face-code-submit"), Kind::Primary, 300.0)
            });
            if submit.inner.clicked() {
                out.push(UiEvent::CodeSubmit);
            }
            if theme::button(ui, &tr.get("back"), Kind::Secondary, 220.0).clicked() {
                out.push(UiEvent::Back);
            }
        });
    });
    out.extend(key.map(|k| match k {
        CodeKey::Era(era) => UiEvent::CodeEra(era),
        CodeKey::Digit(d) => UiEvent::CodeDigit(d),
        CodeKey::Backspace => UiEvent::CodeBackspace,
    }));
}

/// The live preview (mirrored, like a mirror) with the face box, beside the guidance.
pub(super) fn check(
    ui: &mut Ui,
    tr: &Tr<'_>,
    (attempt, attempts): (u32, u32),
    guide: FaceGuide,
    preview: Option<&FacePreview>,
) {
    let count = [
        ("attempt", Arg::Num(i64::from(attempt))),
        ("attempts", Arg::Num(i64::from(attempts))),
    ];
    theme::heading(ui, &tr.with("face-check-title", &count));
    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        let size = Vec2::new(560.0, 420.0);
        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, theme::RADIUS, Color32::from_gray(40));
        if let Some(preview) = preview {
            show_preview(ui, rect, preview);
        }
        ui.add_space(24.0);
        ui.vertical(|ui| {
            let (text, colour) = guide_text(tr, guide);
            guidance(ui, &text, colour);
            ui.add_space(16.0);
            theme::text(
                ui,
                &tr.get("face-check-privacy"),
                theme::BODY,
                theme::colours().muted,
            );
        });
    });
}

/// The one line of camera guidance beside the preview: large, bold, in `colour`.
pub(super) fn guidance(ui: &mut Ui, text: &str, colour: Color32) {
    ui.add(
        egui::Label::new(
            egui::RichText::new(text)
                .font(egui::FontId::new(theme::HEADING - 4.0, theme::bold(ui)))
                .color(colour),
        )
        .wrap(),
    );
}

fn guide_text(tr: &Tr<'_>, guide: FaceGuide) -> (String, Color32) {
    match guide {
        FaceGuide::Starting => (tr.get("face-guide-starting"), theme::colours().text),
        FaceGuide::NoFace => (tr.get("face-guide-no-face"), theme::colours().warn_text),
        FaceGuide::SeveralFaces => (
            tr.get("face-guide-several-faces"),
            theme::colours().warn_text,
        ),
        FaceGuide::ComeCloser => (tr.get("face-guide-come-closer"), theme::colours().warn_text),
        FaceGuide::Looking { agreeing, needed } => (
            tr.with(
                "face-guide-looking",
                &[
                    ("done", Arg::Num(i64::from(agreeing))),
                    ("needed", Arg::Num(i64::from(needed))),
                ],
            ),
            theme::colours().text,
        ),
        FaceGuide::TurnHead(TurnSide::Left) => {
            (tr.get("face-guide-turn-left"), theme::colours().primary)
        }
        FaceGuide::TurnHead(TurnSide::Right) => {
            (tr.get("face-guide-turn-right"), theme::colours().primary)
        }
    }
}

/// An RGB camera frame (`width`×`height`, 3 bytes a pixel) fitted into `area` and mirrored
/// left to right (the patient moves as in a mirror); where it went and its scale, or `None`
/// for a frame of the wrong size. Uploaded for this frame only: the texture goes with it.
pub(super) fn show_frame(
    ui: &mut Ui,
    area: Rect,
    (width, height): (u32, u32),
    rgb: &[u8],
) -> Option<(Rect, f32)> {
    if rgb.len() != width as usize * height as usize * 3 || width == 0 || height == 0 {
        return None;
    }
    let image = egui::ColorImage::from_rgb([width as usize, height as usize], rgb);
    let texture = ui
        .ctx()
        .load_texture("camera-preview", image, egui::TextureOptions::LINEAR);
    let scale = (area.width() / width as f32).min(area.height() / height as f32);
    let shown = Vec2::new(width as f32, height as f32) * scale;
    let rect = Rect::from_center_size(area.center(), shown);
    let mirrored = Rect::from_min_max(Pos2::new(1.0, 0.0), Pos2::new(0.0, 1.0));
    ui.painter()
        .image(texture.id(), rect, mirrored, Color32::WHITE);
    Some((rect, scale))
}

/// The frame fitted into `area`, mirrored left to right, and the face box.
fn show_preview(ui: &mut Ui, area: Rect, preview: &FacePreview) {
    let Some((rect, scale)) = show_frame(ui, area, (preview.width, preview.height), &preview.rgb)
    else {
        return;
    };
    if let Some([left, top, width, height]) = preview.face {
        let x = rect.right() - (left + width) as f32 * scale;
        let face = Rect::from_min_size(
            Pos2::new(x, rect.top() + top as f32 * scale),
            Vec2::new(width as f32, height as f32) * scale,
        );
        ui.painter().rect_stroke(
            face,
            6.0,
            Stroke::new(4.0, theme::colours().ok),
            egui::StrokeKind::Outside,
        );
    }
}

/// An attempt did not confirm: why, and the ways on.
pub(super) fn retry(
    ui: &mut Ui,
    tr: &Tr<'_>,
    miss: FaceMiss,
    can_retry: bool,
    pin_available: bool,
    out: &mut Vec<UiEvent>,
) {
    if can_retry && pressed_keys(ui).contains(&egui::Key::Enter) {
        out.push(UiEvent::FaceRetry);
    }
    column(ui, 880.0, |ui| {
        ui.add_space(20.0);
        centred_heading(
            ui,
            &tr.get("face-retry-title"),
            theme::HEADING,
            theme::colours().text,
        );
        ui.add_space(12.0);
        let why = match miss {
            FaceMiss::NotSamePerson => "face-miss-not-same",
            FaceMiss::NoFace => "face-miss-no-face",
            FaceMiss::Liveness => "face-miss-liveness",
            FaceMiss::Inconclusive => "face-miss-inconclusive",
        };
        centred_text(ui, &tr.get(why), theme::BODY, theme::colours().text);
        ui.add_space(24.0);
        let size = Vec2::new(560.0, theme::BUTTON_HEIGHT + 8.0);
        ui.vertical_centered(|ui| {
            if can_retry
                && theme::sized_button(ui, &tr.get("face-retry-again"), Kind::Primary, size, 34.0)
                    .clicked()
            {
                out.push(UiEvent::FaceRetry);
            }
            ui.add_space(12.0);
            if pin_available
                && theme::sized_button(ui, &tr.get("face-retry-pin"), Kind::Secondary, size, 34.0)
                    .clicked()
            {
                out.push(UiEvent::ChoosePin);
            }
            if !can_retry && !pin_available {
                centred_text(
                    ui,
                    &tr.get("face-retry-staff"),
                    theme::BODY,
                    theme::colours().text,
                );
                ui.add_space(12.0);
                if theme::sized_button(ui, &tr.get("call-staff"), Kind::Primary, size, 34.0)
                    .clicked()
                {
                    out.push(UiEvent::CallStaff);
                }
            }
        });
    });
}
