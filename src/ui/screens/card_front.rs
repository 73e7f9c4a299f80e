//! The card-front step of the face path (issue 20): "show the FRONT of your card to the
//! camera" with the live picture and the card's outline, the guidance, and a large "type the
//! numbers instead"; then, for a card lifted off the reader, "put the same card back".

use eframe::egui::{self, Color32, Pos2, Rect, Stroke, Ui, Vec2};

use super::idle::{Arrow, card_on_reader};
use super::{centred_heading, centred_text, column};
use crate::reception::view::{CardPreview, FrontGuide, UiEvent};
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

/// The camera screen: the preview beside what to do, and the way out to typing.
pub(super) fn show(
    ui: &mut Ui,
    tr: &Tr<'_>,
    guide: FrontGuide,
    preview: Option<&CardPreview>,
    out: &mut Vec<UiEvent>,
) {
    theme::heading(ui, &tr.get("front-title"));
    theme::text(
        ui,
        &tr.get("front-lift"),
        theme::BODY,
        theme::colours().text,
    );
    ui.add_space(8.0);
    // The camera's card-front frames are 16:9 (`CARD_FRONT_FRAME`). In large-text mode (a
    // shorter screen) a smaller picture leaves the texts their room.
    let (size, gap) = match super::roomy(ui) {
        true => (Vec2::new(560.0, 315.0), 16.0),
        false => (Vec2::new(384.0, 216.0), 8.0),
    };
    ui.horizontal_top(|ui| {
        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, theme::RADIUS, Color32::from_gray(40));
        match preview {
            Some(preview) => show_preview(ui, rect, preview),
            None => frame_hint(ui, rect),
        }
        ui.add_space(24.0);
        ui.vertical(|ui| {
            let (text, colour) = guide_text(tr, guide);
            super::face::guidance(ui, &text, colour);
            ui.add_space(gap);
            theme::text(
                ui,
                &tr.get("front-privacy"),
                theme::BODY,
                theme::colours().muted,
            );
            ui.add_space(gap);
            if theme::button(ui, &tr.get("front-type-instead"), Kind::Secondary, 420.0).clicked() {
                out.push(UiEvent::TypeInstead);
            }
        });
    });
}

fn guide_text(tr: &Tr<'_>, guide: FrontGuide) -> (String, Color32) {
    let (key, colour) = match guide {
        FrontGuide::Starting => ("front-guide-starting", theme::colours().text),
        FrontGuide::ShowCard => ("front-guide-show", theme::colours().text),
        FrontGuide::CutByEdge => ("front-guide-edge", theme::colours().warn_text),
        FrontGuide::Closer => ("front-guide-closer", theme::colours().warn_text),
        FrontGuide::HoldStill => ("front-guide-still", theme::colours().warn_text),
        FrontGuide::TiltForGlare => ("front-guide-glare", theme::colours().warn_text),
        FrontGuide::Reading => ("front-guide-reading", theme::colours().primary),
    };
    (tr.get(key), colour)
}

/// The outline's width as a share of the preview's: a little wider than the card the reader
/// needs (`myna_face::ocr::card_front::min_card_width`: 45 % of a 1280×720 frame, 55 % of a
/// 640×480 one), so that a card held to the outline is read without "closer" first.
const HINT_SHARE: f32 = 0.6;

/// Where to hold the card before the first frame: a card-shaped outline.
fn frame_hint(ui: &Ui, area: Rect) {
    let width = area.width() * HINT_SHARE;
    let card = Rect::from_center_size(area.center(), Vec2::new(width, width / 1.586));
    ui.painter().rect_stroke(
        card,
        16.0,
        Stroke::new(4.0, Color32::from_gray(200)),
        egui::StrokeKind::Middle,
    );
}

/// The frame fitted into `area`, mirrored left to right (the patient moves the card as in a
/// mirror, as on the face screen), and the card's outline where the reader found it.
fn show_preview(ui: &mut Ui, area: Rect, preview: &CardPreview) {
    let Some((rect, scale)) =
        super::face::show_frame(ui, area, (preview.width, preview.height), &preview.rgb)
    else {
        return;
    };
    match preview.outline {
        Some(outline) => {
            let points: Vec<Pos2> = outline
                .iter()
                .map(|[x, y]| {
                    Pos2::new(
                        rect.right() - *x as f32 * scale,
                        rect.top() + *y as f32 * scale,
                    )
                })
                .collect();
            ui.painter().add(egui::Shape::closed_line(
                points,
                Stroke::new(4.0, theme::colours().ok),
            ));
        }
        None => frame_hint(ui, area),
    }
}

/// "Put the same card back on the reader" within `seconds`; "checking" once it is there.
pub(super) fn put_back(ui: &mut Ui, tr: &Tr<'_>, seconds: u32, checking: bool) {
    column(ui, 1000.0, |ui| {
        ui.spacing_mut().item_spacing.y = 12.0;
        ui.add_space(12.0);
        ui.vertical_centered(|ui| {
            let scale = super::picture_scale(ui, 0.9);
            card_on_reader(ui, scale, Arrow::Down)
        });
        centred_heading(
            ui,
            &tr.get("front-put-back-title"),
            52.0,
            theme::colours().text,
        );
        let detail = match checking {
            true => tr.get("front-put-back-checking"),
            false => tr.with(
                "front-put-back-detail",
                &[("seconds", Arg::Num(i64::from(seconds)))],
            ),
        };
        centred_text(ui, &detail, 30.0, theme::colours().text);
    });
}
