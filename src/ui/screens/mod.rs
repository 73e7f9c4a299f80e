//! One function per screen. [`show_view`] picks the screen, draws the frame every patient screen
//! shares (title, language or "call staff"), and the demo panel beside it.

mod card_front;
mod code_b;
mod consent;
mod demo;
mod face;
mod identity;
mod idle;
mod notice;
mod phone;
mod result;
mod staff;
mod staff_checks;
mod staff_documents;
mod take_card;

use eframe::egui::{self, Align, Layout, Margin, Rect, Ui, UiBuilder, Vec2};

pub use result::{limit_category_key, limit_label};

use super::i18n::{Arg, I18n, Tr};
use super::theme::{self, Kind};
use crate::reception::desk::StaffUi;
use crate::reception::view::{Assist, Language, Languages, Screen, UiEvent, View};
use crate::ui::fonts;

/// What the app knows beyond the [`View`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// The languages whose fonts are installed ([`crate::ui::LoadedFonts::languages`]). The
    /// others are not offered (boxes are worse than a foreign language); without Japanese
    /// every screen is in English.
    pub fonts: Languages,
    /// The worker is gone: show "out of service, please see the staff" only.
    pub out_of_service: bool,
    /// Languages offered on the idle screen (`[ui] languages`).
    pub languages: crate::reception::view::Languages,
    /// Audio guidance can be offered (its files and an output device are there).
    pub audio: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            fonts: Languages::ALL,
            out_of_service: false,
            languages: Default::default(),
            audio: false,
        }
    }
}

/// The language the screen is drawn in: the patient's, unless its font is missing (then
/// Japanese, or English when Japanese cannot be shown either).
pub fn effective_language(language: Language, options: RenderOptions) -> Language {
    if options.fonts.contains(language) {
        language
    } else if options.fonts.contains(Language::Japanese) {
        Language::Japanese
    } else {
        Language::English
    }
}

/// Draws what is added to `ui` in `language`'s font families (the right CJK face for
/// Japanese, Chinese and Korean), when they are installed on the context.
fn use_language_fonts(ui: &mut Ui, language: Language) {
    let (regular, bold) = (
        fonts::family(language, false),
        fonts::family(language, true),
    );
    let installed = ui.ctx().fonts(|f| {
        let families = &f.definitions().families;
        families.contains_key(&regular) && families.contains_key(&bold)
    });
    if installed {
        theme::use_families(ui, regular, bold);
    }
}

/// The staff note about fonts: Japanese missing (English shown), or offered languages hidden.
fn font_note(tr: &Tr<'_>, options: RenderOptions) -> Option<String> {
    if !options.fonts.contains(Language::Japanese) {
        return Some(tr.get("font-missing"));
    }
    let hidden: Vec<&str> = options
        .languages
        .iter()
        .filter(|l| !options.fonts.contains(*l))
        .map(|l| l.tag())
        .collect();
    (!hidden.is_empty()).then(|| {
        tr.with(
            "font-missing-languages",
            &[("languages", Arg::Str(&hidden.join(", ")))],
        )
    })
}

/// Renders `view` into `ui` and appends what the patient touched (or typed) to `out`.
pub fn show_view(
    ui: &mut Ui,
    view: &View,
    i18n: &I18n,
    options: RenderOptions,
    out: &mut Vec<UiEvent>,
) {
    if let Some(desk) = &view.staff {
        theme::use_palette(ui, theme::STANDARD);
        staff::show(ui, i18n, desk, out);
        return;
    }
    let palette = if view.assist.high_contrast {
        theme::HIGH_CONTRAST
    } else {
        theme::STANDARD
    };
    theme::use_palette(ui, palette);
    let tr = Tr::new(i18n, effective_language(view.language, options));
    use_language_fonts(ui, tr.language);
    if let Some(panel) = &view.demo {
        egui::Panel::right("demo-panel")
            .exact_size(300.0)
            .resizable(false)
            .show_separator_line(false)
            .frame(
                egui::Frame::new()
                    .fill(theme::STAFF_BG)
                    .inner_margin(Margin::same(16)),
            )
            .show(ui, |ui| demo::show(ui, &tr, panel, out));
    }
    if let Some(note) = font_note(&tr, options) {
        egui::Panel::bottom("font-note")
            .resizable(false)
            .show_separator_line(false)
            .frame(
                egui::Frame::new()
                    .fill(theme::STAFF_BG)
                    .inner_margin(Margin::symmetric(24, 8)),
            )
            .show(ui, |ui| {
                theme::text(ui, &note, theme::SMALL, theme::STAFF_TEXT);
            });
    }
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(theme::colours().bg)
                .inner_margin(Margin::symmetric(32, 20)),
        )
        .show(ui, |ui| {
            if options.out_of_service {
                top_bar(ui, &tr, false, out);
                notice::out_of_service(ui, &tr);
                return;
            }
            // The last-try warning and "call staff?" offer it as one of their answers.
            let staff_in_bar = !matches!(
                view.screen,
                Screen::LastTryWarning { .. } | Screen::ConfirmCallStaff
            );
            top_bar(ui, &tr, staff_in_bar, out);
            audio_key(ui, view.assist, options, out);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match &view.screen {
                    Screen::Idle => idle::idle(ui, &tr, |ui| {
                        language_buttons(ui, &tr, options, out);
                        assist_buttons(ui, &tr, view.assist, options, out);
                    }),
                    Screen::Working => idle::working(ui, &tr),
                    Screen::MethodChoice {
                        pin_available,
                        face_available,
                        tries_left,
                    } => identity::method_choice(
                        ui,
                        &tr,
                        *pin_available,
                        *face_available,
                        *tries_left,
                        out,
                    ),
                    Screen::PinEntry {
                        entered,
                        tries_left,
                    } => identity::pin_entry(ui, &tr, *entered, *tries_left, out),
                    Screen::LastTryWarning { face_available } => {
                        identity::last_try(ui, &tr, *face_available, out)
                    }
                    Screen::Consent {
                        individually,
                        selection,
                    } => consent::show(ui, &tr, *individually, selection, out),
                    Screen::Result(result) => result::show(ui, &tr, result),
                    Screen::TakeCard {
                        leave,
                        phone,
                        timed_out,
                    } => take_card::show(ui, &tr, *leave, *phone, *timed_out),
                    Screen::ConfirmCallStaff => take_card::confirm_call_staff(ui, &tr, out),
                    Screen::Notice(notice) => {
                        notice::show(ui, &tr, *notice, view.staff_coming, out)
                    }
                    Screen::MoreTime { seconds, cleared } => {
                        notice::more_time(ui, &tr, *seconds, *cleared, out)
                    }
                    Screen::FaceCode { entry, problem } => {
                        face::code(ui, &tr, entry, *problem, out)
                    }
                    Screen::CardFront { guide, preview } => {
                        card_front::show(ui, &tr, *guide, preview.as_ref(), out)
                    }
                    Screen::PutCardBack { seconds, checking } => {
                        card_front::put_back(ui, &tr, *seconds, *checking)
                    }
                    Screen::FaceCheck {
                        attempt,
                        attempts,
                        guide,
                        preview,
                    } => face::check(ui, &tr, (*attempt, *attempts), *guide, preview.as_ref()),
                    Screen::FaceRetry {
                        miss,
                        can_retry,
                        pin_available,
                    } => face::retry(ui, &tr, *miss, *can_retry, *pin_available, out),
                    Screen::PhoneConfirm { seconds_left } => {
                        phone::show(ui, &tr, *seconds_left, out)
                    }
                });
        });
}

/// The bar at the top: the kiosk's name, the one "call staff" button for patients, and in the
/// corner the staff desk's discreet door (held down, not tapped: a patient looking for help
/// finds "call staff").
fn top_bar(ui: &mut Ui, tr: &Tr<'_>, show_staff: bool, out: &mut Vec<UiEvent>) {
    ui.horizontal(|ui| {
        ui.set_min_height(theme::BUTTON_HEIGHT);
        theme::text(
            ui,
            &tr.get("app-title"),
            theme::BODY,
            theme::colours().muted,
        );
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            staff_door(ui, out);
            if show_staff
                && theme::button(ui, &tr.get("call-staff"), Kind::Secondary, 340.0).clicked()
            {
                out.push(UiEvent::CallStaff);
            }
        });
    });
    ui.add_space(8.0);
}

/// The aids under the language buttons: large text, high contrast and (where the kiosk can
/// speak) audio guidance. They last the visit, like the language.
fn assist_buttons(
    ui: &mut Ui,
    tr: &Tr<'_>,
    assist: Assist,
    options: RenderOptions,
    out: &mut Vec<UiEvent>,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::new(10.0, 10.0);
        let size = Vec2::new(240.0, theme::BUTTON_HEIGHT);
        let mut switch = |ui: &mut Ui, key: &str, on: bool, set: fn(&mut Assist, bool)| {
            if theme::switch_button(ui, &tr.get(key), on, size).clicked() {
                let mut next = assist;
                set(&mut next, !on);
                out.push(UiEvent::SetAssist(next));
            }
        };
        switch(ui, "assist-large-text", assist.large_text, |a, on| {
            a.large_text = on
        });
        switch(ui, "assist-high-contrast", assist.high_contrast, |a, on| {
            a.high_contrast = on
        });
        if options.audio {
            switch(ui, "assist-audio", assist.audio, |a, on| a.audio = on);
        }
    });
}

/// The `+` key of a keypad turns audio guidance on or off on any patient screen (a blind
/// patient cannot find a button on the glass).
fn audio_key(ui: &Ui, assist: Assist, options: RenderOptions, out: &mut Vec<UiEvent>) {
    if options.audio && identity::pressed_keys(ui).contains(&egui::Key::Plus) {
        out.push(UiEvent::SetAssist(Assist {
            audio: !assist.audio,
            ..assist
        }));
    }
}

/// The accessible name of the staff desk's door on patient screens (it shows no text: a small
/// key in the corner). Staff language.
pub const STAFF_DOOR: &str = "係員用（長押し）";

/// How long the staff door is held down before the staff sign-in opens, in seconds.
pub const STAFF_HOLD_SECONDS: f64 = 1.5;

/// The staff desk's door: a small, quiet key drawn in the corner that opens the sign-in only
/// when held for [`STAFF_HOLD_SECONDS`] (a ring fills meanwhile). A tap does nothing, so a
/// patient who takes it for help loses nothing.
fn staff_door(ui: &mut Ui, out: &mut Vec<UiEvent>) {
    let size = Vec2::splat(theme::MIN_TARGET);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, STAFF_DOOR));
    let id = response.id.with("held-since");
    let now = ui.input(|i| i.time);
    let mut held = 0.0;
    if response.is_pointer_button_down_on() {
        let since = ui.data_mut(|d| *d.get_temp_mut_or_insert_with(id, || now));
        held = now - since;
        if held >= STAFF_HOLD_SECONDS {
            out.push(UiEvent::Staff(StaffUi::Open));
            // Once a hold: not again until released.
            ui.data_mut(|d| d.insert_temp(id, f64::INFINITY));
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
    } else {
        ui.data_mut(|d| d.remove::<f64>(id));
    }
    if !ui.is_rect_visible(rect) {
        return;
    }
    let colour = theme::colours().border;
    let painter = ui.painter();
    let c = rect.center();
    let stroke = egui::Stroke::new(2.5, colour);
    // A key: a ring and a shaft with two teeth.
    painter.circle_stroke(c + Vec2::new(-8.0, 0.0), 6.0, stroke);
    painter.line_segment([c + Vec2::new(-2.0, 0.0), c + Vec2::new(12.0, 0.0)], stroke);
    painter.line_segment([c + Vec2::new(8.0, 0.0), c + Vec2::new(8.0, 5.0)], stroke);
    painter.line_segment([c + Vec2::new(12.0, 0.0), c + Vec2::new(12.0, 5.0)], stroke);
    if held > 0.0 && held.is_finite() {
        let share = (held / STAFF_HOLD_SECONDS).clamp(0.0, 1.0) as f32;
        let points: Vec<egui::Pos2> = (0..=32)
            .map(|i| {
                let a =
                    -std::f32::consts::FRAC_PI_2 + share * std::f32::consts::TAU * i as f32 / 32.0;
                c + 24.0 * Vec2::new(a.cos(), a.sin())
            })
            .collect();
        painter.add(egui::Shape::line(
            points,
            egui::Stroke::new(4.0, theme::colours().primary),
        ));
    }
}

/// The languages offered now: configured, and with their fonts installed.
pub fn offered_languages(options: RenderOptions) -> Languages {
    options.languages.intersection(options.fonts)
}

/// Text size of the language buttons (no patient text is under [`theme::BODY`]).
const LANGUAGE_TEXT: f32 = 28.0;

/// One button per offered language, each name in its own script and font, wrapping onto as
/// many rows as needed.
fn language_buttons(ui: &mut Ui, tr: &Tr<'_>, options: RenderOptions, out: &mut Vec<UiEvent>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::new(10.0, 10.0);
        ui.set_min_height(theme::BUTTON_HEIGHT);
        theme::text(
            ui,
            &tr.get("language-label"),
            theme::BODY,
            theme::colours().muted,
        );
        for language in offered_languages(options).iter() {
            let kind = if language == tr.language {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            if language_button(ui, language, kind).clicked() {
                out.push(UiEvent::SelectLanguage(language));
            }
        }
    });
}

fn language_button(ui: &mut Ui, language: Language, kind: Kind) -> egui::Response {
    let (regular, bold) = (
        fonts::family(language, false),
        fonts::family(language, true),
    );
    let installed = ui.ctx().fonts(|f| {
        let families = &f.definitions().families;
        families.contains_key(&regular) && families.contains_key(&bold)
    });
    let family = match (installed, kind) {
        (false, Kind::Secondary) => theme::regular(ui),
        (false, _) => theme::bold(ui),
        (true, Kind::Secondary) => regular,
        (true, _) => bold,
    };
    let font = egui::FontId::new(LANGUAGE_TEXT, family);
    let name = language.native_name();
    let width = ui
        .painter()
        .layout_no_wrap(name.to_owned(), font.clone(), theme::colours().text)
        .size()
        .x;
    let size = Vec2::new((width + 48.0).max(120.0), theme::BUTTON_HEIGHT);
    theme::font_button(ui, name, kind, size, font)
}

/// Whether the screen has its full 800 points of height (not so in large-text mode, where the
/// same panel is 640 points high): pictures and icons shrink or go where it has not, so that
/// every text stays on screen (tests/it/ui_layout.rs).
pub(super) fn roomy(ui: &Ui) -> bool {
    ui.ctx().content_rect().height() >= 760.0
}

/// `scale` for a picture on a roomy screen, 60 % of it on a short one.
pub(super) fn picture_scale(ui: &Ui, scale: f32) -> f32 {
    if roomy(ui) { scale } else { scale * 0.6 }
}

/// A column `width` points wide (or the available width), centred horizontally.
pub(super) fn column<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let avail = ui.available_rect_before_wrap();
    let width = width.min(avail.width());
    let rect = Rect::from_min_size(
        egui::pos2(avail.center().x - width / 2.0, avail.top()),
        Vec2::new(width, avail.height()),
    );
    let response = ui.scope_builder(
        UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    );
    response.inner
}

/// A heading and text centred in the column.
pub(super) fn centred_text(ui: &mut Ui, text: &str, size: f32, colour: egui::Color32) {
    ui.vertical_centered(|ui| {
        let font = egui::FontId::new(size, theme::regular(ui));
        theme::label(ui, text, font, colour, Align::Center);
    });
}

/// A bold centred heading.
pub(super) fn centred_heading(ui: &mut Ui, text: &str, size: f32, colour: egui::Color32) {
    ui.vertical_centered(|ui| {
        let font = egui::FontId::new(size, theme::bold(ui));
        theme::label(ui, text, font, colour, Align::Center);
    });
}
