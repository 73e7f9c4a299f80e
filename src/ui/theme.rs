//! Colours, sizes and the few widgets every screen uses. Touch first: every target is at least
//! [`MIN_TARGET`] points high (15 mm at 96 dpi is 57 px; buttons are 80), text is large, contrast
//! high (every text/background pair here is at least 7:1) and colours calm.

use eframe::egui::{
    self, Color32, CornerRadius, FontFamily, FontId, Response, RichText, Sense, Stroke, StrokeKind,
    Ui, Vec2, WidgetInfo,
};

/// The colours of the patient screens. Two sets: [`STANDARD`] (calm, every text/background pair
/// at least 7:1) and [`HIGH_CONTRAST`] (light on black, yellow actions), which the patient
/// turns on for their visit. The screens read the one in use with [`colours`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Page background.
    pub bg: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Primary action, and the text on it.
    pub primary: Color32,
    pub on_primary: Color32,
    /// Card-like surfaces on the page, and their border.
    pub surface: Color32,
    pub border: Color32,
    /// A chosen item (consent toggle that is on).
    pub selected: Color32,
    /// Warnings (certificate expiring, provisional).
    pub warn_bg: Color32,
    pub warn_text: Color32,
    /// Serious (one try left, locked); a danger button is `danger_text` with `on_danger`.
    pub danger_bg: Color32,
    pub danger_text: Color32,
    pub on_danger: Color32,
    /// Success tick.
    pub ok: Color32,
    /// The ring around the control a keyboard has focused.
    pub focus: Color32,
}

/// Warm off-white page, near-black text, deep calm blue actions.
pub const STANDARD: Palette = Palette {
    bg: Color32::from_rgb(0xF6, 0xF4, 0xEF),
    text: Color32::from_rgb(0x1B, 0x1F, 0x24),
    muted: Color32::from_rgb(0x45, 0x4C, 0x55),
    primary: Color32::from_rgb(0x1F, 0x4E, 0x8C),
    on_primary: Color32::WHITE,
    surface: Color32::WHITE,
    border: Color32::from_rgb(0x8A, 0x93, 0x9E),
    selected: Color32::from_rgb(0xE6, 0xEE, 0xF8),
    warn_bg: Color32::from_rgb(0xFF, 0xF0, 0xC8),
    warn_text: Color32::from_rgb(0x5C, 0x3B, 0x00),
    danger_bg: Color32::from_rgb(0xFD, 0xE7, 0xE7),
    danger_text: Color32::from_rgb(0x8B, 0x15, 0x15),
    on_danger: Color32::WHITE,
    ok: Color32::from_rgb(0x1E, 0x6B, 0x3A),
    focus: Color32::from_rgb(0xC2, 0x5E, 0x00),
};

/// Black page, white text, yellow actions with black text (every pair at least 12:1).
pub const HIGH_CONTRAST: Palette = Palette {
    bg: Color32::BLACK,
    text: Color32::WHITE,
    muted: Color32::from_rgb(0xE6, 0xE6, 0xE6),
    primary: Color32::from_rgb(0xFF, 0xD8, 0x00),
    on_primary: Color32::BLACK,
    surface: Color32::BLACK,
    border: Color32::WHITE,
    selected: Color32::from_rgb(0x1A, 0x1A, 0x1A),
    warn_bg: Color32::BLACK,
    warn_text: Color32::from_rgb(0xFF, 0xD8, 0x00),
    danger_bg: Color32::BLACK,
    danger_text: Color32::from_rgb(0xFF, 0xA8, 0xA8),
    on_danger: Color32::BLACK,
    ok: Color32::from_rgb(0x8C, 0xF0, 0xA8),
    focus: Color32::from_rgb(0x4D, 0xD2, 0xFF),
};

thread_local! {
    static IN_USE: std::cell::Cell<Palette> = const { std::cell::Cell::new(STANDARD) };
}

/// The palette the screens draw with now (set for each frame by [`use_palette`]).
pub fn colours() -> Palette {
    IN_USE.with(|p| p.get())
}

/// Makes `palette` the one [`colours`] returns on this thread (the UI thread draws one frame at
/// a time, so each frame sets it before drawing), and sets `ui`'s text colour to match.
pub fn use_palette(ui: &mut Ui, palette: Palette) {
    IN_USE.with(|p| p.set(palette));
    ui.style_mut().visuals.override_text_color = Some(palette.text);
}

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
/// Staff screens only: no patient-facing text is smaller than [`BODY`] (issue 18).
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
        style.visuals.panel_fill = colours().bg;
        style.visuals.window_fill = colours().bg;
        style.visuals.override_text_color = Some(colours().text);
        style.visuals.selection.stroke = Stroke::new(3.0, colours().primary);
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

fn kind_colours(kind: Kind) -> (Color32, Color32, Stroke) {
    let c = colours();
    match kind {
        Kind::Primary => (c.primary, c.on_primary, Stroke::new(2.0, c.primary)),
        Kind::Secondary => (c.surface, c.text, Stroke::new(2.0, c.border)),
        Kind::Danger => (c.danger_text, c.on_danger, Stroke::new(2.0, c.danger_text)),
    }
}

/// A thick ring outside `rect` when a keyboard has focused the control (keyboard-only use:
/// Tab or the arrow keys move the focus, Enter or Space press).
fn focus_ring(ui: &Ui, response: &Response, rect: egui::Rect) {
    if response.has_focus() {
        ui.painter().rect_stroke(
            rect.expand(4.0),
            CornerRadius::same(RADIUS + 4),
            Stroke::new(5.0, colours().focus),
            StrokeKind::Outside,
        );
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
    let info = WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), text);
    draw_button(ui, text, kind, size, font, info)
}

/// An on/off button (the display and audio aids): filled while on, and announced as a
/// toggle with its state.
pub fn switch_button(ui: &mut Ui, text: &str, on: bool, size: Vec2) -> Response {
    let (kind, family) = if on {
        (Kind::Primary, bold(ui))
    } else {
        (Kind::Secondary, regular(ui))
    };
    let info = WidgetInfo::selected(egui::Role::CheckBox, ui.is_enabled(), on, text);
    draw_button(ui, text, kind, size, FontId::new(BODY, family), info)
}

fn draw_button(
    ui: &mut Ui,
    text: &str,
    kind: Kind,
    size: Vec2,
    font: FontId,
    info: WidgetInfo,
) -> Response {
    let enabled = ui.is_enabled();
    let (mut fill, mut fg, mut stroke) = kind_colours(kind);
    let c = colours();
    if !enabled {
        fill = fill.lerp_to_gamma(c.bg, 0.55);
        fg = if kind == Kind::Secondary {
            c.muted.lerp_to_gamma(c.bg, 0.25)
        } else {
            fg
        };
        stroke.color = stroke.color.lerp_to_gamma(c.bg, 0.55);
    }
    let padding = Vec2::new((size.x * 0.1).min(20.0), 10.0);
    let wrap = (size.x - 2.0 * padding.x).max(8.0);
    // Smaller (down to the body size) rather than a word cut in two.
    let mut font = font;
    while font.size > BODY && !words_fit(ui, text, &font, wrap) {
        font.size = (font.size - 2.0).max(BODY);
    }
    let mut job = egui::text::LayoutJob::simple(wrap_words(ui, text, &font, wrap), font, fg, wrap);
    job.halign = egui::Align::Center;
    let galley = ui.painter().layout_job(job);
    let desired = size.max(galley.size() + 2.0 * padding);
    let (rect, response) = ui.allocate_exact_size(desired, Sense::click());
    response.widget_info(|| info.clone());
    if ui.is_rect_visible(rect) {
        if enabled && response.is_pointer_button_down_on() {
            fill = fill.lerp_to_gamma(c.text, 0.2);
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
        focus_ring(ui, &response, rect);
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
        focus_ring(ui, &response, rect);
        let c = colours();
        let painter = ui.painter();
        let (fill, border) = if on {
            (c.selected, c.primary)
        } else {
            (c.surface, c.border)
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
            if on {
                colours().primary
            } else {
                colours().surface
            },
            Stroke::new(
                3.0,
                if on {
                    colours().primary
                } else {
                    colours().muted
                },
            ),
            StrokeKind::Inside,
        );
        if on {
            let centre = box_rect.center();
            painter.line(
                vec![
                    centre + Vec2::new(-11.0, 0.0),
                    centre + Vec2::new(-3.0, 9.0),
                    centre + Vec2::new(12.0, -10.0),
                ],
                Stroke::new(5.0, c.on_primary),
            );
        }
        // The state on the right, then the item in the room left of it: wrapped, and smaller
        // when a long name (Tagalog, Portuguese, Vietnamese) would not fit in two lines.
        let state = painter.layout_no_wrap(
            state_text.to_owned(),
            FontId::new(BODY, bold(ui)),
            if on {
                colours().primary
            } else {
                colours().muted
            },
        );
        let label_width = (rect.width() - 84.0 - state.size().x - 40.0).max(80.0);
        let mut size = BUTTON_TEXT;
        let label_galley = loop {
            let font = FontId::new(size, regular(ui));
            let galley = painter.layout(
                wrap_words(ui, label, &font, label_width),
                font,
                colours().text,
                label_width,
            );
            if galley.size().y <= rect.height() - 8.0 || size <= BODY {
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
            colours().text,
        );
        painter.galley(
            egui::pos2(
                rect.right() - 24.0 - state.size().x,
                rect.center().y - state.size().y / 2.0,
            ),
            state,
            colours().text,
        );
    }
    response
}

/// Characters a line may end after (besides a space): Japanese and Chinese closing
/// punctuation.
const BREAK_AFTER: &str = "、。，．！？）」』】：；";
/// Characters a line may begin with: Japanese and Chinese opening brackets.
const BREAK_BEFORE: &str = "（「『【";

/// `text` with line breaks where it must wrap to fit `width` in `font`: at spaces, after
/// closing punctuation (、。）) and before opening brackets (（「) only, so that no word is
/// cut (egui itself breaks Japanese between any two characters: 「消/す」, 「（特定/健診）」).
/// A piece longer than a whole line is left to egui to break.
pub fn wrap_words(ui: &Ui, text: &str, font: &FontId, width: f32) -> String {
    let measure = |piece: &str| {
        ui.painter()
            .layout_no_wrap(piece.to_owned(), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (n, paragraph) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if measure(paragraph) <= width {
            out.push_str(paragraph);
            continue;
        }
        let mut line = String::new();
        for piece in pieces(paragraph) {
            let candidate = format!("{line}{piece}");
            if line.is_empty() || measure(candidate.trim_end()) <= width {
                line = candidate;
            } else {
                out.push_str(line.trim_end());
                out.push('\n');
                line = piece;
            }
        }
        out.push_str(line.trim_end());
    }
    out
}

/// Whether every unbreakable piece of `text` ([`wrap_words`]) fits a line `width` wide.
pub fn words_fit(ui: &Ui, text: &str, font: &FontId, width: f32) -> bool {
    pieces(text).iter().all(|piece| {
        ui.painter()
            .layout_no_wrap(piece.trim_end().to_owned(), font.clone(), Color32::WHITE)
            .size()
            .x
            <= width
    })
}

/// `text` cut where a line may break: after spaces and closing punctuation, before opening
/// brackets.
fn pieces(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut piece = String::new();
    for c in text.chars() {
        if BREAK_BEFORE.contains(c) && !piece.trim().is_empty() {
            pieces.push(std::mem::take(&mut piece));
        }
        piece.push(c);
        if c == ' ' || c == '\n' || BREAK_AFTER.contains(c) {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// A wrapping label whose lines break only between words ([`wrap_words`]).
pub fn label(
    ui: &mut Ui,
    text: &str,
    font: FontId,
    colour: Color32,
    align: egui::Align,
) -> Response {
    let wrapped = wrap_words(ui, text, &font, ui.available_width());
    let response = ui.add(
        egui::Label::new(RichText::new(wrapped).font(font).color(colour))
            .wrap()
            .halign(align),
    );
    // Read out (and found by tests) as written, without the line breaks.
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, text));
    response
}

/// Body text that wraps.
pub fn text(ui: &mut Ui, text: &str, size: f32, colour: Color32) -> Response {
    let font = FontId::new(size, regular(ui));
    label(ui, text, font, colour, egui::Align::Min)
}

/// A bold heading that wraps.
pub fn heading(ui: &mut Ui, text: &str) -> Response {
    let font = FontId::new(HEADING, bold(ui));
    label(ui, text, font, colours().text, egui::Align::Min)
}

/// A warning box (amber): certificate expiring, provisional, a code to check.
pub fn warning(ui: &mut Ui, text: &str, size: f32) -> Response {
    let c = colours();
    banner(ui, text, c.warn_bg, c.warn_text, size)
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
                let font = FontId::new(size, bold(ui));
                label(ui, text, font, fg, align)
            })
            .inner
        })
        .inner
}
