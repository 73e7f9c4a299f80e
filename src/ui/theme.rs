//! Colours, sizes and the few widgets every screen uses. Touch first: every target is at least
//! [`MIN_TARGET`] points high (15 mm at 96 dpi is 57 px; buttons are 80), text is large, contrast
//! high (every text/background pair here is at least 7:1) and colours calm.

use eframe::egui::{
    self, Color32, CornerRadius, FontFamily, FontId, Response, RichText, Sense, Stroke, StrokeKind,
    Ui, Vec2, WidgetInfo,
};

/// Page background: warm off-white.
pub const BG: Color32 = Color32::from_rgb(0xF6, 0xF4, 0xEF);
/// Main text: near black.
pub const TEXT: Color32 = Color32::from_rgb(0x1B, 0x1F, 0x24);
/// Secondary text: dark grey (7.5:1 on `BG`).
pub const MUTED: Color32 = Color32::from_rgb(0x45, 0x4C, 0x55);
/// Primary action: deep calm blue, white text (8.6:1).
pub const PRIMARY: Color32 = Color32::from_rgb(0x1F, 0x4E, 0x8C);
/// Card-like surfaces on the page.
pub const SURFACE: Color32 = Color32::WHITE;
pub const BORDER: Color32 = Color32::from_rgb(0x8A, 0x93, 0x9E);
/// Warnings (certificate expiring, provisional): amber background, brown text.
pub const WARN_BG: Color32 = Color32::from_rgb(0xFF, 0xF0, 0xC8);
pub const WARN_TEXT: Color32 = Color32::from_rgb(0x5C, 0x3B, 0x00);
/// Serious (one try left, locked): pale red background, dark red text.
pub const DANGER_BG: Color32 = Color32::from_rgb(0xFD, 0xE7, 0xE7);
pub const DANGER_TEXT: Color32 = Color32::from_rgb(0x8B, 0x15, 0x15);
/// Success tick.
pub const OK_GREEN: Color32 = Color32::from_rgb(0x1E, 0x6B, 0x3A);
/// The demo / staff side panel: dark slate, so nobody takes it for part of the patient screen.
pub const STAFF_BG: Color32 = Color32::from_rgb(0x2B, 0x31, 0x3A);
pub const STAFF_TEXT: Color32 = Color32::from_rgb(0xF2, 0xF2, 0xF2);
pub const STAFF_ACCENT: Color32 = Color32::from_rgb(0xFF, 0xC8, 0x4A);

/// The smallest touch target, in points: 15 mm at 96 dpi.
pub const MIN_TARGET: f32 = 57.0;
pub const BUTTON_HEIGHT: f32 = 80.0;
pub const BUTTON_TEXT: f32 = 30.0;
pub const BODY: f32 = 26.0;
pub const HEADING: f32 = 42.0;
pub const SMALL: f32 = 20.0;
pub const RADIUS: u8 = 14;

/// The bold family of the text in `ui` (the heading style's, which the screens set to the
/// patient's language); falls back to the regular faces when no bold font is installed.
pub fn bold(ui: &Ui) -> FontFamily {
    family(ui, egui::TextStyle::Heading)
}

/// The regular family of the text in `ui` (the body style's: the patient's language).
pub fn regular(ui: &Ui) -> FontFamily {
    family(ui, egui::TextStyle::Body)
}

fn family(ui: &Ui, style: egui::TextStyle) -> FontFamily {
    ui.style()
        .text_styles
        .get(&style)
        .map_or(FontFamily::Proportional, |font| font.family.clone())
}

/// Sets the text styles of `ui` (and what is added to it) to these families.
pub fn use_families(ui: &mut Ui, regular: FontFamily, bold: FontFamily) {
    let styles = &mut ui.style_mut().text_styles;
    for style in [egui::TextStyle::Body, egui::TextStyle::Button] {
        if let Some(font) = styles.get_mut(&style) {
            font.family = regular.clone();
        }
    }
    if let Some(font) = styles.get_mut(&egui::TextStyle::Heading) {
        font.family = bold;
    }
}

/// Installs the kiosk style on a context (light, large, no selectable text).
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    ctx.all_styles_mut(|style| {
        style.visuals.panel_fill = BG;
        style.visuals.window_fill = BG;
        style.visuals.override_text_color = Some(TEXT);
        style.visuals.selection.stroke = Stroke::new(3.0, PRIMARY);
        style.spacing.item_spacing = Vec2::new(16.0, 16.0);
        style.spacing.button_padding = Vec2::new(24.0, 12.0);
        style.spacing.interact_size = Vec2::new(MIN_TARGET, MIN_TARGET);
        style.interaction.selectable_labels = false;
        style.text_styles.insert(
            egui::TextStyle::Body,
            FontId::new(BODY, FontFamily::Proportional),
        );
        style.text_styles.insert(
            egui::TextStyle::Button,
            FontId::new(BUTTON_TEXT, FontFamily::Proportional),
        );
        style.text_styles.insert(
            egui::TextStyle::Heading,
            FontId::new(HEADING, FontFamily::Name(super::fonts::BOLD_FAMILY.into())),
        );
    });
}

/// How a button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The main action: blue with white text.
    Primary,
    /// Other actions: white with a dark border.
    Secondary,
    /// A serious choice (sending the last PIN try): dark red.
    Danger,
}

fn colours(kind: Kind) -> (Color32, Color32, Stroke) {
    match kind {
        Kind::Primary => (PRIMARY, Color32::WHITE, Stroke::new(2.0, PRIMARY)),
        Kind::Secondary => (SURFACE, TEXT, Stroke::new(2.0, BORDER)),
        Kind::Danger => (DANGER_TEXT, Color32::WHITE, Stroke::new(2.0, DANGER_TEXT)),
    }
}

/// A large button, `width` points wide (text wraps inside), at least [`BUTTON_HEIGHT`] high.
pub fn button(ui: &mut Ui, text: &str, kind: Kind, width: f32) -> Response {
    sized_button(ui, text, kind, Vec2::new(width, BUTTON_HEIGHT), BUTTON_TEXT)
}

/// A button of at least `size`, with `text_size` text centred and wrapped inside (usable
/// disabled too, inside `add_enabled_ui`). Drawn here rather than with `egui::Button` so the
/// text is centred, the pressed state shows under a finger, and disabled buttons keep their
/// size and stay readable.
pub fn sized_button(ui: &mut Ui, text: &str, kind: Kind, size: Vec2, text_size: f32) -> Response {
    let family = if kind == Kind::Secondary {
        regular(ui)
    } else {
        bold(ui)
    };
    font_button(ui, text, kind, size, FontId::new(text_size, family))
}

/// [`sized_button`] with the text in `font` (a language button in its own language's font).
pub fn font_button(ui: &mut Ui, text: &str, kind: Kind, size: Vec2, font: FontId) -> Response {
    let enabled = ui.is_enabled();
    let (mut fill, mut fg, mut stroke) = colours(kind);
    if !enabled {
        fill = fill.lerp_to_gamma(BG, 0.55);
        fg = if kind == Kind::Secondary {
            MUTED.lerp_to_gamma(BG, 0.25)
        } else {
            Color32::WHITE
        };
        stroke.color = stroke.color.lerp_to_gamma(BG, 0.55);
    }
    let padding = Vec2::new((size.x * 0.1).min(20.0), 10.0);
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        font,
        fg,
        (size.x - 2.0 * padding.x).max(8.0),
    );
    job.halign = egui::Align::Center;
    let galley = ui.painter().layout_job(job);
    let desired = size.max(galley.size() + 2.0 * padding);
    let (rect, response) = ui.allocate_exact_size(desired, Sense::click());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, enabled, text));
    if ui.is_rect_visible(rect) {
        if enabled && response.is_pointer_button_down_on() {
            fill = fill.lerp_to_gamma(TEXT, 0.2);
        }
        // The disabled look is drawn above; egui's own fading of disabled parts would make it
        // vanish on the dark staff panel.
        let mut painter = ui.painter().clone();
        painter.set_opacity(1.0);
        painter.rect(
            rect,
            CornerRadius::same(RADIUS),
            fill,
            stroke,
            StrokeKind::Inside,
        );
        let pos = rect.center() - galley.rect.center().to_vec2();
        painter.galley(pos, galley, fg);
    }
    response
}

/// A button that may be disabled; disabled buttons keep their size and look faded.
pub fn button_enabled(ui: &mut Ui, enabled: bool, text: &str, kind: Kind, width: f32) -> Response {
    ui.add_enabled_ui(enabled, |ui| button(ui, text, kind, width))
        .inner
}

/// A large on/off row for the consent screen: a check box, the item, and "share / do not
/// share" on the right. Accessible as a check box labelled with the item.
pub fn toggle(ui: &mut Ui, on: bool, label: &str, state_text: &str, width: f32) -> Response {
    let size = Vec2::new(width, BUTTON_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| WidgetInfo::selected(egui::Role::CheckBox, true, on, label));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        let (fill, border) = if on {
            (Color32::from_rgb(0xE6, 0xEE, 0xF8), PRIMARY)
        } else {
            (SURFACE, BORDER)
        };
        painter.rect(
            rect,
            CornerRadius::same(RADIUS),
            fill,
            Stroke::new(if on { 3.0 } else { 2.0 }, border),
            StrokeKind::Inside,
        );
        let box_rect = egui::Rect::from_center_size(
            egui::pos2(rect.left() + 44.0, rect.center().y),
            Vec2::splat(40.0),
        );
        painter.rect(
            box_rect,
            CornerRadius::same(6),
            if on { PRIMARY } else { SURFACE },
            Stroke::new(3.0, if on { PRIMARY } else { MUTED }),
            StrokeKind::Inside,
        );
        if on {
            let c = box_rect.center();
            painter.line(
                vec![
                    c + Vec2::new(-11.0, 0.0),
                    c + Vec2::new(-3.0, 9.0),
                    c + Vec2::new(12.0, -10.0),
                ],
                Stroke::new(5.0, Color32::WHITE),
            );
        }
        // The state on the right, then the item in the room left of it: wrapped, and smaller
        // when a long name (Tagalog, Portuguese, Vietnamese) would not fit in two lines.
        let state = painter.layout_no_wrap(
            state_text.to_owned(),
            FontId::new(BODY - 2.0, bold(ui)),
            if on { PRIMARY } else { MUTED },
        );
        let label_width = (rect.width() - 84.0 - state.size().x - 40.0).max(80.0);
        let mut size = BUTTON_TEXT;
        let label_galley = loop {
            let galley = painter.layout(
                label.to_owned(),
                FontId::new(size, regular(ui)),
                TEXT,
                label_width,
            );
            if galley.size().y <= rect.height() - 8.0 || size <= SMALL {
                break galley;
            }
            size -= 2.0;
        };
        painter.galley(
            egui::pos2(
                rect.left() + 84.0,
                rect.center().y - label_galley.size().y / 2.0,
            ),
            label_galley,
            TEXT,
        );
        painter.galley(
            egui::pos2(
                rect.right() - 24.0 - state.size().x,
                rect.center().y - state.size().y / 2.0,
            ),
            state,
            TEXT,
        );
    }
    response
}

/// Body text that wraps.
pub fn text(ui: &mut Ui, text: &str, size: f32, colour: Color32) -> Response {
    ui.add(egui::Label::new(RichText::new(text).size(size).color(colour)).wrap())
}

/// A bold heading that wraps.
pub fn heading(ui: &mut Ui, text: &str) -> Response {
    ui.add(
        egui::Label::new(
            RichText::new(text)
                .font(FontId::new(HEADING, bold(ui)))
                .color(TEXT),
        )
        .wrap(),
    )
}

/// A coloured box with text (warnings, the provisional banner, the last-try warning).
pub fn banner(ui: &mut Ui, text: &str, bg: Color32, fg: Color32, size: f32) -> Response {
    banner_aligned(ui, text, bg, fg, size, egui::Align::Min)
}

/// [`banner`] with the text aligned `align` (e.g. centred).
pub fn banner_aligned(
    ui: &mut Ui,
    text: &str,
    bg: Color32,
    fg: Color32,
    size: f32,
    align: egui::Align,
) -> Response {
    egui::Frame::new()
        .fill(bg)
        .stroke(Stroke::new(2.0, fg))
        .corner_radius(CornerRadius::same(RADIUS))
        .inner_margin(egui::Margin::symmetric(24, 16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.with_layout(egui::Layout::top_down(align), |ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(text)
                            .font(FontId::new(size, bold(ui)))
                            .color(fg),
                    )
                    .wrap()
                    .halign(align),
                )
            })
            .inner
        })
        .inner
}
